// Trace mode's pure logic (issue 15): one number of the pipeline — a cell of a stage's output —
// explained from the previous stage's actual values, and worded in the lecture's form
// ("0.83*0.12 + 0.91*(-0.05) + … + bias 0.03 = 1.27") in the current language. Stages are
// numbered as the pipeline draws them: 0 .. net.size()-1 the network's layers (conv1, relu1, …),
// net.size() the softmax. Everything is read from the cnn::Network, so any architecture the
// demo loads works. No ImGui: natively tested in tests/test_app_trace.cpp; trace_view.* draws
// it, src/web/explain_exports.cpp hands it to CNNDemo.explain.
#pragma once
#include <string>
#include <vector>

#include "app/app_state.h"
#include "cnn/explain.h"
#include "cnn/network.h"

namespace app {

// A cell of a stage (TraceCell, app_state.h): (channel, y, x) of a (C, H, W) map; for a vector
// stage (Affine, its ReLU, the softmax) channel is the unit or class and y = x = 0.

int stage_count(const cnn::Network& net);                         // net.size() + 1 (the softmax)
std::vector<int> stage_shape(const cnn::Network& net, int stage);  // (C, H, W) or (n)
// "Convolution", "Relu", "Pooling", "Affine" or "Softmax"; its layer's name ("conv1", "softmax").
std::string stage_kind(const cnn::Network& net, int stage);
std::string stage_name(const cnn::Network& net, int stage);
// "" when the cell exists, else what is wrong and the valid range, in English (the API's Error):
// "stage must be 0..7 (0 conv1, 1 relu1, …, 7 softmax), got 9".
std::string check_trace_cell(const cnn::Network& net, const TraceCell& cell);
// The same cell moved by (dy, dx) within its map, clamped (keyboard: arrow keys). For vector
// stages dx moves the unit by one and dy by `row` units.
TraceCell move_cell(const cnn::Network& net, TraceCell cell, int dy, int dx, int row = 10);

enum class TraceKind { Convolution, Relu, Pooling, Affine, Softmax };
struct Trace {
  TraceCell cell;
  TraceKind kind = TraceKind::Convolution;
  float value = 0;  // the number the network computed (its stored output; the probability for the softmax)
  float sum = 0;    // the explanation's result (equal to value up to float rounding)
  std::vector<int> in_shape;  // the shape of the stage's input
  cnn::ConvExplanation conv;
  cnn::PoolExplanation pool;
  cnn::AffineExplanation affine;
  cnn::SoftmaxExplanation softmax;
  float relu_x = 0;
};
// Explains a checked cell (check_trace_cell) from net's stored outputs of the last forward pass.
Trace trace_cell(const cnn::Network& net, const TraceCell& cell);

// The way the trace writes numbers: two decimals, no "-0.00"; negative numbers in parentheses
// inside a formula ("(-0.05)"), bare on their own.
std::string fmt2(float v);
std::string fmt2_term(float v);
// x*w for a product term, as the lecture writes "1*2".
std::string product(float x, float w);

// The explanation in the current language (app/ui/i18n): a title ("Conv conv1, channel 3,
// (5, 7) = 1.27"), then the arithmetic, one formula per line: conv per input channel "channel c:
// … = s" and a total line when there are several channels, ReLU "max(0, x) = …", pooling
// "max(…) = …", Affine the ten largest |w·x| + the rest in one term + bias, softmax
// exp(z_k) / Σ_j exp(z_j) with the ten logits.
std::string trace_title(const cnn::Network& net, const Trace& t);
std::vector<std::string> trace_lines(const cnn::Network& net, const Trace& t);
// Title and lines as one text for screen readers.
std::string trace_description(const cnn::Network& net, const Trace& t);
// The trace as JSON for CNNDemo.explain: {stage, kind, layer, channel, y, x, value, sum, terms,
// title, lines, …} (README: JavaScript API).
std::string trace_json(const cnn::Network& net, const Trace& t);

}  // namespace app
