// Compiled with -fexceptions (build_wasm.sh): the core reports a bad weights file by
// throwing, and this is the one place the app catches it. The rest of the app and the core
// are compiled without exception catching, which keeps their code free of invoke wrappers.
#include "app/demo/model.h"

#include <exception>

#include "app/ui/i18n.h"
#include "cnn/layers.h"
#include "cnn/weights_io.h"

namespace app {

std::string Model::error() const { return describe(error_); }

int find_model(const ShippedModel* models, int count, const std::string& name) {
  for (int i = 0; i < count; ++i)
    if (name == models[i].name) return i;
  return -1;
}

std::string model_names(const ShippedModel* models, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += std::string(i == 0 ? "" : i + 1 == count ? " or " : ", ") + models[i].name;
  return out;
}

bool Model::load(const uint8_t* bytes, std::size_t size) {
  error_ = {};
  std::unique_ptr<cnn::Network> net;
  try {
    net = cnn::load_network(bytes, size);
  } catch (const std::exception& e) {
    error_ = cnn::message_of(e);
    return false;
  }
  return replace(std::move(net));
}

bool Model::replace(std::unique_ptr<cnn::Network> net) {
  error_ = {};
  if (!net)
    error_ = cnn::phrase("model.err.none");
  else if (net->input_shape() != cnn::Shape{1, kInputSide, kInputSide})
    error_ = cnn::phrase("model.err.input", {cnn::text(cnn::shape_str(net->input_shape()))});
  else if (net->output_shape() != cnn::Shape{kClasses})
    error_ = cnn::phrase("model.err.output", {cnn::text(cnn::shape_str(net->output_shape()))});
  else
    net->forward_one(input_.data());  // sizes every buffer once, so later passes do not allocate
  if (!error_.key.empty()) return false;
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
