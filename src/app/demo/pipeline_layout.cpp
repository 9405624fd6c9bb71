#include "app/demo/pipeline_layout.h"

#include <cmath>

namespace app {

VectorTile vector_tile(int n) {
  if (n <= 0) return {};
  int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
  while (cols * cols < n) ++cols;           // guard against rounding of sqrt
  while ((cols - 1) * (cols - 1) >= n) --cols;
  return {cols, (n + cols - 1) / cols};
}

}  // namespace app
