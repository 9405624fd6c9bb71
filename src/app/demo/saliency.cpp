#include "app/demo/saliency.h"

#include <algorithm>

#include "cnn/architecture.h"

namespace app {

std::string check_saliency(const cnn::Network& net, int label, const std::string& method, int patch) {
  const int classes = static_cast<int>(net.output_shape().back());
  if (label < -1 || label >= classes)
    return "label must be -1 (the predicted class) or 0.." + std::to_string(classes - 1) + ", got " + std::to_string(label);
  if (method != "occlusion" && method != "gradient")
    return "method must be 'occlusion' or 'gradient', got '" + method + "'";
  const cnn::Shape in = net.input_shape();
  const int side = std::min(in.at(1), in.at(2));
  if (method == "occlusion" && (patch < 1 || patch > side))
    return "patch must be an integer in 1.." + std::to_string(side) + " (the overlay offers 4 and 7), got " + std::to_string(patch);
  return "";
}

void SaliencyEngine::request(cnn::Network& net, const SaliencyRequest& req) {
  const cnn::Tensor& in = net.input();
  const cnn::Tensor& logits = net.output(net.size() - 1);
  const bool same_key = have_key_ && req.label == req_.label && req.method == req_.method &&
                        (req.method == SaliencyMethod::Gradient || req.patch == req_.patch) &&
                        std::equal(in.values().begin(), in.values().end(), image_.begin(), image_.end()) &&
                        std::equal(logits.values().begin(), logits.values().end(), logits_.begin(), logits_.end());
  if (same_key) return;
  have_key_ = true;
  req_ = req;
  image_ = in.values();
  logits_ = logits.values();
  label_ = req.label >= 0 ? req.label
                          : static_cast<int>(std::max_element(logits_.begin(), logits_.end()) - logits_.begin());
  const std::string arch = cnn::architecture_of(net);
  if (!copy_ || arch != copy_arch_) {
    copy_ = cnn::copy_network(net);
    copy_arch_ = arch;
  } else {
    cnn::copy_weights(net, *copy_);
  }
  occlusion_.reset();
  if (req.method == SaliencyMethod::Occlusion) occlusion_.emplace(*copy_, image_.data(), label_, req.patch);
  done_ = false;
  ++computations_;
}

bool SaliencyEngine::step(int max_images) {
  if (done_) return true;
  if (occlusion_) {
    if (!occlusion_->step(*copy_, max_images)) return false;
    map_ = occlusion_->map();
    occlusion_.reset();
  } else {
    map_ = cnn::gradient_times_input(*copy_, image_.data(), label_);
  }
  map_label_ = label_;
  map_method_ = req_.method;
  done_ = true;
  return true;
}

}  // namespace app
