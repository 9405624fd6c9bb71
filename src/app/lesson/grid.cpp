#include "app/lesson/grid.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace app::lesson {

cnn::Tensor to_tensor(const Grid& g) { return cnn::Tensor({1, 1, g.rows, g.cols}, g.v); }

Grid channel_of(const cnn::Tensor& t, int n, int c) {
  Grid g(t.dim(2), t.dim(3));
  for (int r = 0; r < g.rows; ++r)
    for (int k = 0; k < g.cols; ++k) g.at(r, k) = t.at(n, c, r, k);
  return g;
}

std::string format_number(float x) {
  if (x == 0.0f) return "0";  // also -0
  char buf[32];
  if (std::fabs(x - std::round(x)) < 1e-4f && std::fabs(x) < 1e7f) {
    std::snprintf(buf, sizeof buf, "%d", static_cast<int>(std::lround(x)));
  } else {
    std::snprintf(buf, sizeof buf, "%.3f", x);
    // trim trailing zeros: 0.250 → 0.25
    std::size_t n = std::strlen(buf);
    while (n > 0 && buf[n - 1] == '0') buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.') buf[--n] = '\0';
  }
  return buf;
}

float cycle_value(float x, bool back) {
  if (back) {
    const float c = std::ceil(x) - 1;
    return (c < 0 || c > 9) ? 9.0f : c;
  }
  const float f = std::floor(x) + 1;
  return (f < 0 || f > 9) ? 0.0f : f;
}

}  // namespace app::lesson
