// The four layers of the course, one class each (implementations in convolution.cpp with its
// sparse road in convolution_sparse.cpp, pooling.cpp with its 2×2 fast path in pooling_2x2.cpp,
// relu.cpp, affine.cpp), and SoftmaxWithLoss (softmax_with_loss.cpp).
#pragma once
#include <cstdint>

#include "cnn/layer.h"

namespace cnn {

// Convolution: FN filters of shape (C, FH, FW), one bias per filter.
//   x is (N, C, H, W), out is (N, FN, OH, OW), W is (FN, C, FH, FW), b is (FN,)
// Forward, image by image: col = im2col(x_n) (OH*OW, C*FH*FW); out_n = W · colᵀ + b.
// An image that is mostly zeros (a drawn digit) can take a shorter road to the same sums that
// skips the zeros (forward_sparse: with one input channel each nonzero pixel adds its share to
// the outputs whose windows cover it; with several, each pair of outputs gathers the nonzero
// channels of its window), and backward gathers dW from the nonzero pixels only
// (backward_sparse_dW), or dW and dx from dout's nonzeros only (backward_sparse_gradient,
// after max pooling at least 3 in 4 are 0; for one channel dW only).
// convolution_sparse.cpp has the details.
class Convolution : public Layer {
 public:
  Convolution(std::string name, int filters, int channels, int filter_h, int filter_w, int stride = 1, int pad = 0);
  const char* kind() const override { return "Convolution"; }
  Shape output_shape(const Shape& in) const override;
  void forward(const Tensor& x, Tensor& out) override;
  void backward(const Tensor& dout, Tensor& dx, bool need_dx = true) override;
  std::vector<Param> params() override;

  int filters() const { return filters_; }
  int channels() const { return channels_; }
  int filter_h() const { return filter_h_; }
  int filter_w() const { return filter_w_; }
  int stride() const { return stride_; }
  int pad() const { return pad_; }

  // How forward and backward compute: Auto picks (sparse_limit and gradient_limit,
  // convolution.cpp: with 4- or 8-lane SIMD and stride 1, forward with 2 to 64 channels always
  // takes the sparse road; with 4 lanes, one channel, more than 64 and backward take it under
  // one nonzero input per two outputs; backward takes the gradient's road with 2 or more
  // channels always with 4 lanes, under one nonzero gradient in two with more, and with one
  // channel and no dx under one in four with 8 or more lanes); the others force one road
  // (tests, benchmarks; Sparse takes the gradient's road where it fits).
  // The sparse road needs stride 1: other strides always take im2col.
  enum class Road { Auto, Im2col, Sparse };
  void set_road(Road r) { road_ = r; }

  Tensor W, b, dW, db;

 private:
  int filters_, channels_, filter_h_, filter_w_, stride_, pad_;
  Road road_ = Road::Auto;
  Shape x_shape_;
  const Tensor* x_ = nullptr;  // the input of the last forward (must stay alive until backward)
  // Per-thread scratch: one image's im2col matrix (transposed; small enough to stay in
  // cache), its gradient, and partial sums of dW and db.
  struct Scratch {
    Tensor col, dcol, dW, db;
    std::vector<float> packed_col;  // forward: colT in gemm's packed panels (im2col_packed)
    std::vector<float> acc;        // sparse road: outputs or their gradients pixel-major, (OH*OW, filters padded)
    std::vector<float> dw_by_tap;  // sparse road: dW summed tap-major, (C*FH*FW, filters padded)
    std::vector<float> hwc;                  // gathers: the input (or dout) pixel-major
    std::vector<uint64_t> nonzero_channels;  // and each pixel's nonzero channels as bits
    std::vector<float> x_padded;      // gradient road: the input padded, pixel-major, channels padded
    std::vector<float> dx_padded;     // gradient road: dx's sums likewise
    std::vector<float> dw_by_window;  // gradient road: dW summed (FN, FH, FW, channels padded)
    std::vector<int> nz_at;           // gradient road: one filter's nonzero gradients, where
    std::vector<float> nz_d;          // and what
  };
  std::vector<Scratch> scratch_;
  std::vector<float> w_by_tap_;     // forward_sparse: W as (C*FH*FW, filters padded), zero padded
  std::vector<float> w_by_tap_of_;  // the W that w_by_tap_ was laid out from
  std::vector<float> w_by_window_;  // gradient road: W as (FN*FH*FW, channels padded)

  // The road choice (convolution.cpp).
  enum class Pass { Forward, Backward };
  size_t sparse_limit(int P, Pass pass) const;  // images with fewer nonzero inputs take the sparse road
  bool takes_sparse_road(const float* x_n, size_t limit) const;
  size_t gradient_limit(int P, bool need_dx) const;  // images whose dout has fewer nonzeros take the gradient road
  bool takes_gradient_road(const float* dout_n, size_t n, size_t limit) const;  // n: dout_n's size
  // The sparse road (convolution_sparse.cpp).
  int padded_filters() const;
  void lay_out_w_by_tap();  // fills w_by_tap_ from W
  void forward_sparse(const float* x, int H, int W, int OH, int OW, Scratch& s, float* out) const;
  void start_sparse_dW(Scratch& s) const;  // zeroes s.dw_by_tap
  void backward_sparse_dW(const float* x, const float* d, int H, int W, int OH, int OW, Scratch& s) const;
  void finish_sparse_dW(Scratch& s) const;  // adds s.dw_by_tap into s.dW
  // The gradient's sparse road (convolution_sparse.cpp): dW and dx from dout's nonzeros.
  int padded_channels() const;
  int row_vectors() const;          // vectors in a window row (one channel's dW)
  bool gradient_road_fits(bool need_dx) const;  // stride 1; 2 or more channels, or 1 without dx
  void lay_out_w_by_window();       // fills w_by_window_ from W
  void start_gradient_road(Scratch& s) const;  // zeroes s.dw_by_window
  void backward_sparse_gradient(const float* x, const float* d, int H, int W, int OH, int OW, Scratch& s,
                                float* dx) const;  // dx may be null (not needed)
  void gradient_dW_one_channel(const float* x, const float* d, int H, int W, int OH, int OW, Scratch& s) const;
  void finish_gradient_road(Scratch& s) const;  // adds s.dw_by_window into s.dW
};

// Max pooling: the largest value of each window; no parameters, channel count unchanged.
//   x is (N, C, H, W), out is (N, C, OH, OW). Backward routes each gradient to its arg-max.
class Pooling : public Layer {
 public:
  Pooling(std::string name, int pool_h, int pool_w, int stride, int pad = 0);
  const char* kind() const override { return "Pooling"; }
  Shape output_shape(const Shape& in) const override;
  void forward(const Tensor& x, Tensor& out) override;
  void backward(const Tensor& dout, Tensor& dx, bool need_dx = true) override;

  int pool_h() const { return pool_h_; }
  int pool_w() const { return pool_w_; }
  int stride() const { return stride_; }
  int pad() const { return pad_; }
  // For each output element, the flat index into x of its maximum (-1: window all padding).
  const std::vector<int32_t>& argmax() const { return argmax_; }

 private:
  int pool_h_, pool_w_, stride_, pad_;
  Shape x_shape_;
  std::vector<int32_t> argmax_;
};

// ReLU: out = max(0, x), any shape. Backward lets the gradient through where the output
// of the last forward (which must stay alive until backward) was positive.
class Relu : public Layer {
 public:
  explicit Relu(std::string name) : Layer(std::move(name)) {}
  const char* kind() const override { return "Relu"; }
  Shape output_shape(const Shape& in) const override { return in; }
  void forward(const Tensor& x, Tensor& out) override;
  void backward(const Tensor& dout, Tensor& dx, bool need_dx = true) override;

 private:
  const Tensor* out_ = nullptr;
};

// Affine (fully connected): out = x · W + b.
//   x is (N, in) or (N, C, H, W) flattened to (N, C*H*W) — this is where the image loses
//   its shape; backward restores x's original shape in dx.  W is (in, out), b is (out,)
class Affine : public Layer {
 public:
  Affine(std::string name, int in, int out);
  const char* kind() const override { return "Affine"; }
  Shape output_shape(const Shape& in) const override;
  void forward(const Tensor& x, Tensor& out) override;
  void backward(const Tensor& dout, Tensor& dx, bool need_dx = true) override;
  std::vector<Param> params() override;

  int in_size() const { return in_; }
  int out_size() const { return out_; }

  Tensor W, b, dW, db;

 private:
  int in_, out_;
  Shape x_shape_;
  const Tensor* x_ = nullptr;  // the input of the last forward (owned by the network)
};

// softmax over the last axis of (N, K) logits, numerically stable (subtracts the row max).
void softmax(const Tensor& logits, Tensor& probs);
void softmax(const float* logits, float* probs, int k);

// Softmax followed by the cross-entropy loss against integer labels.
//   logits is (N, K); labels has N entries in [0, K).  backward gives (softmax − onehot)/N.
class SoftmaxWithLoss {
 public:
  float forward(const Tensor& logits, const uint8_t* labels, int n);
  void backward(Tensor& dlogits) const;
  const Tensor& probs() const { return probs_; }

 private:
  Tensor probs_;
  std::vector<uint8_t> labels_;
};

}  // namespace cnn
