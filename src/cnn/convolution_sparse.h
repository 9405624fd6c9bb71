// Private to the Convolution layer (convolution.cpp, convolution_sparse.cpp): the two small
// kernels of convolution_sparse.cpp that convolution.cpp calls itself.
#pragma once
#include <cstddef>

namespace cnn::conv_detail {

// x[0] + … + x[n−1], in four chains of four lanes (a fixed order: the same on every target).
// Every road's db uses it.
float sum(const float* x, int n);

// How many of x[0..n) are not 0 (the road choice counts an image's nonzero inputs).
std::size_t count_nonzero(const float* x, std::size_t n);

}  // namespace cnn::conv_detail
