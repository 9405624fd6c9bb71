// ModelShelf: the models of the page's model switch (CNN_MODELS in cmake/web.cmake), each either
// compiled into index.wasm (the first, shown at start-up) or fetched from the site the first time
// it is wanted (the others: the page downloads no model before it is ready that the student has
// not picked). It keeps each model's download state and its words ("Loading … 42 % (0.1 of 0.2
// MB)", why it failed) and owns the bytes of a fetched model. Pure logic: the page's part (the
// counting download in web/cnn_demo_api.js) reaches it through src/web/model_exports.cpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "app/demo/model.h"
#include "cnn/message.h"

namespace app {

class ModelShelf {
 public:
  enum class State { Here, NotRequested, Loading, Failed };
  // The models in the switch's order; one whose bytes are null is fetched on demand.
  void set(std::vector<ShippedModel> models);
  const std::vector<ShippedModel>& models() const { return models_; }
  int count() const { return static_cast<int>(models_.size()); }
  // Of models()[index] (Here when its bytes are there: compiled in, or fetched and checked).
  State state(int index) const;
  bool here(int index) const { return state(index) == State::Here; }
  // Starts the download of a model that is not here (again after a failure): true when the
  // page should fetch it now; false when it is here, already loading, or a bad index.
  bool request(int index);
  // While it downloads: `received` bytes of `total` (-1: no length known).
  void progress(int index, double received, double total);
  // The bytes arrived: checked (it must load as the demo's network) and kept; on failure the
  // model is Failed with the loader's words, returned too.
  std::optional<cnn::Message> arrived(int index, const uint8_t* bytes, std::size_t size);
  void failed(int index, cnn::Message why);
  // "Loading this model's weights… 42 % (0.1 of 0.2 MB)" / "This model could not be loaded: …",
  // in the current language; "" when it is here or not requested.
  std::string message(int index) const;
  // The download's fraction, or -1 (not loading, or no length known).
  float fraction(int index) const;
  // The model being fetched or that failed, or -1 (the switch shows one such line at a time).
  int busy() const;

 private:
  struct Download {
    State state = State::Here;
    double received = 0, total = -1;
    cnn::Message message;
    std::vector<uint8_t> bytes;  // a fetched model's file
  };
  bool valid(int index) const { return index >= 0 && index < count(); }
  std::vector<ShippedModel> models_;
  std::vector<Download> downloads_;
};

}  // namespace app
