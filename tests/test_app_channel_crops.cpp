// The demo's "what each channel looks for" cache (src/app/demo/channel_crops.*): the drawing
// takes part and is marked, a loaded sample is not counted twice, picking another channel does
// not run the samples again, changed weights do, and bad stages/channels name the valid ones.
#include <catch2/catch_test_macros.hpp>

#include <vector>

#include "app/demo/channel_crops.h"
#include "cnn/architecture.h"
#include "cnn/layers.h"
#include "cnn/random.h"

using namespace app;

TEST_CASE("channel crops: the drawing competes with the samples and is marked", "[crops]") {
  auto net = cnn::make_network("two-stage", cnn::Shape{1, 28, 28});
  cnn::Rng rng(5);
  cnn::init_weights(*net, rng);
  std::vector<SampleDigit> samples(20);
  for (auto& s : samples)
    for (float& v : s.pixels) v = 0.2f * rng.uniform();  // faint noise
  std::vector<float> drawing(kInputSize, 1.0f);            // all ink: excites a channel whose weights sum > 0
  ChannelCrops crops;
  // conv1's channel with the largest filter sum responds most to a white image
  auto& conv = static_cast<cnn::Convolution&>(net->layer(0));
  int best = 0;
  float best_sum = -1e9f;
  for (int f = 0; f < conv.filters(); ++f) {
    float sum = conv.b[f];
    for (int k = 0; k < 25; ++k) sum += conv.W[f * 25 + k];
    if (sum > best_sum) best_sum = sum, best = f;
  }
  REQUIRE(best_sum > 0);
  const CropSet& a = crops.get(*net, 0, best, samples, drawing.data());
  CHECK(a.layer == 1);  // the ReLU after conv1
  CHECK(a.field_h == 5);
  REQUIRE(a.crops.size() == 6);
  CHECK(a.crops[0].image == 20);  // the drawing, first
  CHECK(a.pad_image == 20);
  CHECK(crops.computations() == 1);
  // another channel of the same stage: ranked from the same peaks
  const CropSet& b = crops.get(*net, 1, (best + 1) % 16, samples, drawing.data());
  CHECK(b.channel == (best + 1) % 16);
  CHECK(crops.computations() == 1);
  // conv2: its own pass, 14-pixel fields
  const CropSet& c = crops.get(*net, 3, 2, samples, drawing.data());
  CHECK(c.field_h == 14);
  CHECK(crops.computations() == 2);
  for (std::size_t i = 1; i < c.crops.size(); ++i) CHECK(c.crops[i - 1].value >= c.crops[i].value);
  // the pad holds sample 4: no drawing candidate, sample 4 marked if it is there
  const CropSet& d = crops.get(*net, 0, best, samples, drawing.data(), 4);
  CHECK(d.pad_image == 4);
  for (const auto& t : d.crops) CHECK(t.image < 20);
  // the weights change: computed again, and the answer follows them
  conv.W.fill(0.0f);
  conv.b.fill(0.0f);
  conv.b[best] = -1.0f;
  crops.weights_changed();
  const CropSet& e = crops.get(*net, 0, best, samples, drawing.data());
  CHECK(crops.computations() == 3);
  for (const auto& t : e.crops) CHECK(t.value == 0.0f);  // the channel is dead everywhere: ties to the first images
  CHECK(e.crops[0].image == 0);
  CHECK(ChannelCrops::check(*net, 2, 0) == "stage must be a convolution stage or the ReLU after one: 0, 1, 3, 4 (conv1, relu1, conv2, relu2), got 2");
  CHECK(ChannelCrops::check(*net, 3, 32) == "channel must be 0..31 for conv2, got 32");
  CHECK(ChannelCrops::check(*net, 4, 31).empty());
}
