// The words for a download of the page's counting reader (download() in web/cnn_demo_api.js)
// that failed in transit: the Train tab's data file and the models fetched on demand share them.
#pragma once
#include <optional>

#include "cnn/message.h"

namespace web {

// Why a download failed, as web/cnn_demo_api.js (DOWNLOAD_FAILURES) reports it.
enum DownloadFailure { kHttp = 0, kNoAnswer = 1, kStalled = 2, kDropped = 3, kTooLarge = 4, kSizeMismatch = 5 };

// "0.1" (megabytes of 10^6 bytes, one decimal).
cnn::Message megabytes(double bytes);
// The transfer's failure for `file` (HTTP status, no answer, a stall of `seconds`, a connection
// that broke off after `received` of `total` bytes, -1: no length known); std::nullopt for the
// kinds the file's own reader words (kTooLarge, kSizeMismatch).
std::optional<cnn::Message> transfer_failure(int kind, int status, double received, double total, double seconds,
                                             const char* file);

}  // namespace web
