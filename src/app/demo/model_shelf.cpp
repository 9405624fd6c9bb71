#include "app/demo/model_shelf.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "app/ui/i18n.h"

namespace app {

void ModelShelf::set(std::vector<ShippedModel> models) {
  models_ = std::move(models);
  downloads_.assign(models_.size(), Download{});
  for (std::size_t i = 0; i < models_.size(); ++i)
    if (!models_[i].bytes) downloads_[i].state = State::NotRequested;
}

ModelShelf::State ModelShelf::state(int index) const {
  return valid(index) ? downloads_[index].state : State::NotRequested;
}

bool ModelShelf::request(int index) {
  if (!valid(index)) return false;
  Download& d = downloads_[index];
  if (d.state != State::NotRequested && d.state != State::Failed) return false;
  d.state = State::Loading;
  d.received = 0;
  d.total = -1;
  d.message = {};
  return true;
}

void ModelShelf::progress(int index, double received, double total) {
  if (!valid(index) || downloads_[index].state != State::Loading) return;
  downloads_[index].received = received;
  downloads_[index].total = total;
}

std::optional<cnn::Message> ModelShelf::arrived(int index, const uint8_t* bytes, std::size_t size) {
  if (!valid(index) || downloads_[index].state != State::Loading) return std::nullopt;  // not asked for: ignored
  Model check;
  if (!check.load(bytes, size)) {
    failed(index, check.error_message());
    return check.error_message();
  }
  Download& d = downloads_[index];
  d.bytes.assign(bytes, bytes + size);
  d.state = State::Here;
  models_[index].bytes = d.bytes.data();
  models_[index].size = d.bytes.size();
  return std::nullopt;
}

void ModelShelf::failed(int index, cnn::Message why) {
  if (!valid(index) || downloads_[index].state != State::Loading) return;
  downloads_[index].state = State::Failed;
  downloads_[index].message = std::move(why);
}

std::string ModelShelf::message(int index) const {
  if (!valid(index)) return "";
  const Download& d = downloads_[index];
  if (d.state == State::Failed) return describe(cnn::phrase("model.failed", {d.message}));
  if (d.state != State::Loading) return "";
  char got[32], all[32];
  std::snprintf(got, sizeof got, "%.1f", d.received / 1e6);
  std::snprintf(all, sizeof all, "%.1f", d.total / 1e6);
  if (d.total > 0)
    return describe(cnn::phrase("model.loading", {cnn::number(static_cast<long long>(100 * std::min(1.0, d.received / d.total))),
                                                  cnn::text(got), cnn::text(all)}));
  return describe(cnn::phrase("model.loading_mb", {cnn::text(got)}));
}

float ModelShelf::fraction(int index) const {
  if (state(index) != State::Loading || downloads_[index].total <= 0) return -1.0f;
  return static_cast<float>(std::min(1.0, downloads_[index].received / downloads_[index].total));
}

int ModelShelf::busy() const {
  for (int i = 0; i < count(); ++i)
    if (downloads_[i].state == State::Loading || downloads_[i].state == State::Failed) return i;
  return -1;
}

}  // namespace app
