// Lesson mode, panels 1 and 7: shapes and parameter counts of whole networks (from
// cnn::Network / cnn::Layer), the flattening an Affine layer does to a 28×28 image, and
// what the first layer's filters respond to. Pure logic.
#pragma once
#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "cnn/network.h"

namespace app::lesson {

// --- Panel 7: the whole network ------------------------------------------------------------
struct NetworkBlock {
  std::string kind;       // "Convolution", "Relu", "Pooling", "Affine", "Softmax"
  std::string name;       // "conv1"
  cnn::Shape in, out;     // one sample's shapes, e.g. {1, 28, 28} → {30, 24, 24}
  std::size_t params = 0; // Layer::param_count()
  int layer = -1;         // index in the network (-1: the softmax after the last layer)
};
struct NetworkSummary {
  cnn::Shape input;
  std::vector<NetworkBlock> blocks;  // every layer, then Softmax
  std::size_t total_params = 0;      // Network::param_count()
};
NetworkSummary summarize(cnn::Network& net);

// The lecture's "층이 5개인 완전연결 신경망": (Affine-ReLU)×4, Affine-Softmax on a 28×28
// image, hidden layers of `hidden` neurons (the book's MultiLayerNet uses 100).
std::unique_ptr<cnn::Network> make_fully_connected_net(int hidden = 100);

// The receptive field after each Convolution and Pooling layer (cnn::receptive_fields): the
// lecture's "filters cover a relatively larger part after pooling" (two-stage: 5, 6, 14, 16).
struct FieldStep {
  std::string name;  // "conv1", "pool1"
  int size = 0;      // input pixels one unit spans (square windows)
};
std::vector<FieldStep> field_growth(const cnn::Network& net);

// "1×28×28", "4320"
std::string shape_text(const cnn::Shape& s);

// --- Panel 1: why not fully connected? --------------------------------------------------
// Where a pixel of an H×W image goes when an Affine layer flattens it: index r*W + c.
// The window of size k×k at (row, col): its k*k flat indices, and how far apart they land.
struct FlattenWindow {
  std::vector<int> indices;  // row-major within the window
  int span = 0;              // last − first index + 1 (e.g. 117 for 5×5 in a 28-wide image)
  int right = -1, below = -1;  // flat index of the pixel's right and lower neighbour (-1: none)
};
// Uses cnn::Tensor::reshape to flatten (1, H, W) → (1, H*W), then finds the indices.
FlattenWindow flatten_window(int height, int width, int row, int col, int k);
// The flattened row an Affine layer receives, (H*W,) values (reshape of the image).
std::vector<float> flatten_image(const float* pixels, int height, int width);

// --- Panel 7: what the first layer's filters respond to -----------------------------------
// Responses of one FH×FW filter (bias included) to four synthetic step edges, dark → light:
// vertical (light on the right), horizontal (light below), and the two diagonals. Each value
// is the largest output of cnn::Convolution over a 12×12 edge image; negative values mean
// the filter prefers the opposite polarity.
enum class Edge { Vertical = 0, Horizontal = 1, DiagonalDown = 2, DiagonalUp = 3 };
struct EdgeResponse {
  std::array<float, 4> best{};  // max output for each Edge (light side as described)
  std::array<float, 4> opposite{}; // max output for the inverted image (light on the other side)
  int strongest = 0;            // Edge with the largest |response| of either polarity
  bool flipped = false;         // the strongest is the opposite polarity (light on the left/top)
};
EdgeResponse edge_response(const float* filter, int fh, int fw, float bias);

}  // namespace app::lesson
