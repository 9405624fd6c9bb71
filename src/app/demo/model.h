// Model: owns the one cnn::Network of the demo, loaded once at start-up from the embedded
// models/simpleconvnet.cnnw. run() does one forward pass; afterwards every layer's output
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

class Model {
 public:
  // Loads the network; on failure returns false and error() says why. The architecture
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
