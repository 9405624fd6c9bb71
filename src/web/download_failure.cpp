#include "web/download_failure.h"

#include <cstdio>

namespace web {

cnn::Message megabytes(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", bytes / 1e6);
  return cnn::text(buf);
}

std::optional<cnn::Message> transfer_failure(int kind, int status, double received, double total, double seconds,
                                             const char* file) {
  const cnn::Message name = cnn::text(file);
  switch (kind) {
    case kHttp:
      return status == 404 ? cnn::phrase("download.err.http_404", {name})
                           : cnn::phrase("download.err.http", {name, cnn::number(status)});
    case kStalled:
      return cnn::phrase("download.err.stalled", {name, cnn::number(static_cast<long long>(seconds)), megabytes(received)});
    case kDropped:
      return total >= 0 ? cnn::phrase("download.err.dropped", {name, megabytes(received), megabytes(total)})
                        : cnn::phrase("download.err.dropped_mb", {name, megabytes(received)});
    case kTooLarge:
    case kSizeMismatch:
      return std::nullopt;
    default:
      return cnn::phrase("download.err.no_answer", {name});
  }
}

}  // namespace web
