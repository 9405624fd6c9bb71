// Model: owns the one cnn::Network the demo shows, loaded from one of the compiled-in models
// (ShippedModel; the page's model switch loads another one between frames). run() does one forward pass; afterwards every layer's output
// stays readable through net().output(i), which is what the pipeline view draws. After the
// first pass no forward pass allocates.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "app/demo/prediction.h"
#include "cnn/message.h"
#include "cnn/network.h"

namespace app {

// A shipped model of the model switch: its name ("simple", "two-stage": cnn::named_architectures())
// and its .cnnw bytes (not owned; nullptr for a model the page fetches on demand: ModelShelf),
// the name of its file and that file's size. The web build's table kEmbeddedModels lists them in order.
struct ShippedModel {
  const char* name;
  const uint8_t* bytes;
  std::size_t size;
  const char* file = "";
  std::size_t file_size = 0;
};
// The index of `name` in `models`, or -1.
int find_model(const ShippedModel* models, int count, const std::string& name);
// "simple or two-stage", "a, b or c": the names for a message.
std::string model_names(const ShippedModel* models, int count);

class Model {
 public:
  // Loads the network; on failure returns false, error() says why and the current network stays. The architecture
  // must be SimpleConvNet's interface: input (1, 28, 28), 10 classes.
  bool load(const uint8_t* bytes, std::size_t size);
  // Uses `net` instead (the Train panel's copy of the network being trained), with the same
  // checks as load(); on failure the current network stays and error() says why.
  bool replace(std::unique_ptr<cnn::Network> net);
  bool loaded() const { return net_ != nullptr; }
  // Why the last load() or replace() failed, in the current language ("" when it did not).
  std::string error() const;
  const cnn::Message& error_message() const { return error_; }

  // One forward pass on a checked 28×28 image (see validate_pixels); fills probs(), label().
  void run(const float* pixels);
  const std::array<float, kClasses>& probs() const { return probs_; }
  int label() const { return label_; }

  cnn::Network& net() { return *net_; }
  const cnn::Network& net() const { return *net_; }
  const float* input() const { return input_.data(); }

 private:
  std::unique_ptr<cnn::Network> net_;
  cnn::Message error_;
  std::array<float, kInputSize> input_{};
  std::array<float, kClasses> probs_{};
  int label_ = -1;
};

}  // namespace app
