// "Why this digit" (issue 15): the occlusion and gradient × input maps of cnn/explain for the
// pad's image and a class, computed on a copy of the network, so the pad's stored layer outputs
// (what the pipeline view draws) stay those of the drawing. A map is computed once per change
// of the image, the weights (seen through the pad's logits), the class, the method or the
// patch, never per frame; occlusion can be spread over frames a batch at a time (step()).
// Pure logic (no ImGui): natively tested in tests/test_app_trace.cpp; saliency_view.* draws
// the overlay, CNNDemo.saliency computes one at once.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cnn/explain.h"
#include "cnn/network.h"

namespace app {

enum class SaliencyMethod { Occlusion, Gradient };
struct SaliencyRequest {
  int label = -1;  // -1: the predicted class
  SaliencyMethod method = SaliencyMethod::Occlusion;
  int patch = 4;   // occlusion only
};
constexpr int kSaliencyPatches[] = {4, 7};  // the patch sizes the overlay offers

// "" when the request fits `net`, else the English message naming the valid values
// ("label must be -1 (the predicted class) or 0..9, got 12").
std::string check_saliency(const cnn::Network& net, int label, const std::string& method, int patch);

class SaliencyEngine {
 public:
  // Asks for `req`'s map of the image in `net`'s last forward pass (one image: the pad's), with
  // net's weights. When that is the map already computed or being computed, nothing happens;
  // otherwise the work starts again (the finished map of the previous request stays readable).
  void request(cnn::Network& net, const SaliencyRequest& req);
  // Does up to `max_images` images of occlusion (gradient × input: all of it); true when done.
  bool step(int max_images = cnn::kOcclusionBatch);
  bool done() const { return done_; }
  void finish() { while (!step()) {} }
  // The last finished map (H·W values; empty before the first), for which class and method.
  const std::vector<float>& map() const { return map_; }
  int map_label() const { return map_label_; }
  SaliencyMethod map_method() const { return map_method_; }
  bool stale() const { return !done_; }  // map() is of an earlier request
  int computations() const { return computations_; }  // maps started: tests check it is not per frame

 private:
  std::unique_ptr<cnn::Network> copy_;
  std::string copy_arch_;
  std::vector<float> image_, logits_;
  SaliencyRequest req_;
  int label_ = -1;
  bool done_ = true, have_key_ = false;
  std::optional<cnn::Occlusion> occlusion_;
  std::vector<float> map_;
  int map_label_ = -1;
  SaliencyMethod map_method_ = SaliencyMethod::Occlusion;
  int computations_ = 0;
};

}  // namespace app
