// Training loop pieces shared by the `cnn` tool and the in-browser trainer:
// mini-batches drawn from a shuffled epoch, optional light augmentation (small random
// shifts, rotations and scalings, so the network copes with hand-drawn digits that are not
// perfectly centred), and evaluation. step() does one mini-batch, so a caller can run
// training in time slices and get the same weights as an uninterrupted run.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "cnn/network.h"
#include "cnn/optimizer.h"
#include "cnn/random.h"

namespace cnn {

// A view of labelled 28×28 uint8 images (not owned).
struct Dataset {
  int count = 0, rows = 28, cols = 28;
  const uint8_t* images = nullptr;
  const uint8_t* labels = nullptr;
};

struct TrainConfig {
  int batch = 100;
  std::string optimizer = "adam";
  float lr = 0.001f;
  float lr_decay = 1.0f;    // lr multiplied by this at the end of every epoch
  uint64_t seed = 1;
  // Augmentation: random shift up to ±max_shift px, rotation ±max_rotate°, scale ±max_scale,
  // shear (slant) ±max_shear, and with probability thicken_prob strokes thickened by one
  // pixel (students draw thicker and more slanted than the MNIST writers).
  bool augment = false;
  float max_shift = 2.0f, max_rotate_deg = 10.0f, max_scale = 0.1f, max_shear = 0.2f, thicken_prob = 0.25f;
};

class Trainer {
 public:
  Trainer(Network& net, Dataset train, TrainConfig cfg);
  // One mini-batch: forward, backward, optimizer update. Returns the batch loss.
  float step();
  // Steps until `seconds` have passed (at least one step); returns the steps done.
  int run_for(double seconds);

  int epoch() const { return epoch_; }                   // completed epochs
  long long steps() const { return steps_; }
  int steps_per_epoch() const { return (train_.count + cfg_.batch - 1) / cfg_.batch; }
  int step_in_epoch() const { return pos_ / cfg_.batch; }
  float last_loss() const { return last_loss_; }
  float last_batch_accuracy() const { return last_acc_; }
  Optimizer& optimizer() { return *opt_; }
  const TrainConfig& config() const { return cfg_; }

 private:
  void fill_batch(int n);
  Network& net_;
  Dataset train_;
  TrainConfig cfg_;
  std::unique_ptr<Optimizer> opt_;
  Rng rng_;
  std::vector<int> order_;
  int pos_ = 0, epoch_ = 0;
  long long steps_ = 0;
  float last_loss_ = 0, last_acc_ = 0;
  Tensor x_;
  std::vector<uint8_t> t_;
};

// Writes a randomly shifted / rotated / scaled / slanted (and sometimes thickened) copy of a
// 28×28 image (bilinear sampling).
void augment_image(const uint8_t* src, float* dst, int rows, int cols, Rng& rng, const TrainConfig& cfg);

struct EvalResult {
  int correct = 0, total = 0;
  double loss = 0;
  int confusion[10][10] = {};  // [true label][predicted]
  double accuracy() const { return total ? double(correct) / total : 0.0; }
};
EvalResult evaluate(Network& net, Dataset data, int batch = 500);

}  // namespace cnn
