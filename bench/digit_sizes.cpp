// Digits drawn small, natively: 0-9 (the strokes of tests/browser/harness.js DIGIT_STROKES)
// drawn through the pad's smoother with the pad's pen, a sample every 0.02 of the box as
// harness.js drawDigit sends them, large, small centred and small in the top-left corner; both
// shipped models on the pixels through preprocess_digit (what the pad gave before the paths) and
// on the paths through preprocess_strokes (what it gives now). Prints a Markdown table.
//   build/digit_sizes   (run from the source tree, or give the models' folder as argument)
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>
#include "app/demo/ink_canvas.h"
#include "cnn/network.h"
#include "cnn/preprocess.h"
#include "cnn/weights_io.h"
using namespace app;
using P = std::vector<std::vector<std::pair<float, float>>>;
std::vector<std::pair<float,float>> circ(int n, bool eight) {
  std::vector<std::pair<float,float>> v;
  for (int i = 0; i <= n; ++i) { float a = i * 6.2831853f / n;
    v.push_back(eight ? std::make_pair(0.5f + 0.3f * std::sin(2 * a), 0.5f - 0.42f * std::cos(a))
                      : std::make_pair(0.5f + 0.32f * std::sin(a), 0.5f - 0.42f * std::cos(a))); }
  return v;
}
int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : CNN_SOURCE_DIR "/models";
  P d[10] = {
    {circ(40, false)}, {{{0.52f, 0.08f}, {0.48f, 0.92f}}},
    {{{0.2f,0.25f},{0.35f,0.1f},{0.65f,0.1f},{0.8f,0.25f},{0.75f,0.45f},{0.2f,0.9f},{0.85f,0.9f}}},
    {{{0.2f,0.12f},{0.75f,0.12f},{0.45f,0.45f},{0.75f,0.55f},{0.8f,0.75f},{0.6f,0.9f},{0.2f,0.88f}}},
    {{{0.62f,0.92f},{0.62f,0.08f},{0.12f,0.64f},{0.88f,0.64f}}},
    {{{0.8f,0.1f},{0.3f,0.1f},{0.25f,0.45f},{0.6f,0.4f},{0.8f,0.6f},{0.7f,0.85f},{0.45f,0.92f},{0.2f,0.85f}}},
    {{{0.7f,0.08f},{0.4f,0.3f},{0.25f,0.6f},{0.3f,0.85f},{0.5f,0.92f},{0.72f,0.8f},{0.7f,0.6f},{0.5f,0.52f},{0.28f,0.62f}}},
    {{{0.18f,0.10f},{0.82f,0.10f},{0.42f,0.92f}}},
    {circ(40, true)},
    {{{0.75f,0.35f},{0.6f,0.12f},{0.35f,0.12f},{0.25f,0.3f},{0.4f,0.45f},{0.72f,0.38f},{0.75f,0.35f},{0.7f,0.92f}}},
  };
  struct Box { const char* name; float x, y, s; } boxes[3] = {{"large 80%", .1f, .1f, .8f}, {"small centred 18%", .41f, .41f, .18f}, {"small corner 18%", .04f, .04f, .18f}};
  auto simple = cnn::load_network_file(dir + "/simpleconvnet.cnnw");
  auto two = cnn::load_network_file(dir + "/two-stage.cnnw");
  cnn::Network* nets[2] = {simple.get(), two.get()};
  int right[2][3][2] = {};
  printf("| digit | size | before: simple | before: two-stage | after: simple | after: two-stage |\n|---|---|---|---|---|---|\n");
  for (int digit = 0; digit < 10; ++digit)
    for (int b = 0; b < 3; ++b) {
      InkCanvas c(280, 280);
      const Box& B = boxes[b];
      for (auto& s : d[digit]) {
        // densify at 0.02 of the box, like harness.js densify
        std::vector<PadPoint> pts{{(B.x + s[0].first * B.s) * 280, (B.y + s[0].second * B.s) * 280}};
        for (size_t i = 1; i < s.size(); ++i) {
          float dx = s[i].first - s[i-1].first, dy = s[i].second - s[i-1].second;
          int n = std::max(1, (int)std::ceil(std::hypot(dx, dy) / 0.02f));
          for (int k = 1; k <= n; ++k) pts.push_back({(B.x + (s[i-1].first + dx * k / n) * B.s) * 280, (B.y + (s[i-1].second + dy * k / n) * B.s) * 280});
        }
        StrokeSmoother sm;
        sm.begin(c, pts[0], mnist_like_stroke_radius(280));
        for (size_t i = 1; i < pts.size(); ++i) sm.add(c, pts[i]);
        sm.end(c);
      }
      cnn::PreprocessResult in[2] = {cnn::preprocess_digit(c.pixels(), 280, 280), cnn::preprocess_strokes(c.paths())};
      printf("| %d | %s |", digit, B.name);
      for (int a = 0; a < 2; ++a)
        for (int m = 0; m < 2; ++m) {
          float probs[10];
          int l = nets[m]->predict(in[a].pixels.data(), probs);
          if (l == digit) right[a][b][m]++;
          printf(" %d (%.0f %%) |", l, probs[l] * 100);
        }
      printf("\n");
    }
  for (int b = 0; b < 3; ++b) printf("%s right: before simple %d/10 two-stage %d/10; after simple %d/10 two-stage %d/10\n", boxes[b].name, right[0][b][0], right[0][b][1], right[1][b][0], right[1][b][1]);
}
