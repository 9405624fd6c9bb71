// Compiled with -fexceptions (build_wasm.sh): the core reports a bad weights file by
// throwing, and this is the one place the app catches it. The rest of the app and the core
// are compiled without exception catching, which keeps their code free of invoke wrappers.
#include "app/demo/model.h"

#include <exception>

#include "cnn/layers.h"
#include "cnn/weights_io.h"

namespace app {

bool Model::load(const uint8_t* bytes, std::size_t size) {
  net_.reset();
  error_.clear();
  std::unique_ptr<cnn::Network> net;
  try {
    net = cnn::load_network(bytes, size);
  } catch (const std::exception& e) {
    error_ = e.what();
    return false;
  }
  return replace(std::move(net));
}

bool Model::replace(std::unique_ptr<cnn::Network> net) {
  error_.clear();
  if (!net)
    error_ = "no network";
  else if (net->input_shape() != cnn::Shape{1, kInputSide, kInputSide})
    error_ = "the model expects input " + cnn::shape_str(net->input_shape()) + ", the demo gives (1, 28, 28)";
  else if (net->output_shape() != cnn::Shape{kClasses})
    error_ = "the model has output " + cnn::shape_str(net->output_shape()) + ", the demo needs (10)";
  else
    net->forward_one(input_.data());  // sizes every buffer once, so later passes do not allocate
  if (!error_.empty()) return false;
  net_ = std::move(net);
  return true;
}

void Model::run(const float* pixels) {
  std::copy(pixels, pixels + kInputSize, input_.begin());
  const cnn::Tensor& logits = net_->forward_one(input_.data());
  cnn::softmax(logits.data(), probs_.data(), kClasses);
  label_ = arg_max(probs_.data(), kClasses);
}

}  // namespace app
