// Convolution: the lecture's worked example, im2col-convolution against a direct
// sliding-window convolution, and the backward pass against numerical gradients.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch_test_macros.hpp>

#include "cnn/im2col.h"
#include "cnn/layers.h"
#include "cnn/simd.h"
#include "test_util.h"

using namespace cnn;
using namespace cnn::test;

namespace {

// The definition, written as plainly as the lecture draws it.
Tensor direct_convolution(const Tensor& x, const Tensor& W, const Tensor& b, int stride, int pad) {
  const int N = x.dim(0), C = x.dim(1), H = x.dim(2), Wd = x.dim(3);
  const int FN = W.dim(0), FH = W.dim(2), FW = W.dim(3);
  const int OH = conv_output_size(H, FH, pad, stride), OW = conv_output_size(Wd, FW, pad, stride);
  Tensor out({N, FN, OH, OW});
  for (int n = 0; n < N; ++n)
    for (int f = 0; f < FN; ++f)
      for (int oy = 0; oy < OH; ++oy)
        for (int ox = 0; ox < OW; ++ox) {
          double s = b[f];
          for (int c = 0; c < C; ++c)
            for (int fy = 0; fy < FH; ++fy)
              for (int fx = 0; fx < FW; ++fx) {
                const int y = oy * stride - pad + fy, xx = ox * stride - pad + fx;
                if (y >= 0 && y < H && xx >= 0 && xx < Wd) s += double(x.at(n, c, y, xx)) * W.at(f, c, fy, fx);
              }
          out.at(n, f, oy, ox) = static_cast<float>(s);
        }
  return out;
}

}  // namespace

TEST_CASE("the lecture's worked example: 4x4 input, 3x3 filter gives [[15,16],[6,15]]", "[convolution][lecture]") {
  Convolution conv("conv", 1, 1, 3, 3);
  const Tensor x({1, 1, 4, 4}, {1, 2, 3, 0, 0, 1, 2, 3, 3, 0, 1, 2, 2, 3, 0, 1});
  conv.W = Tensor({1, 1, 3, 3}, {2, 0, 1, 0, 1, 2, 1, 0, 2});
  Tensor out;
  conv.forward(x, out);
  REQUIRE(out.shape() == Shape{1, 1, 2, 2});
  CHECK(out.values() == std::vector<float>{15, 16, 6, 15});

  SECTION("with bias 3 every output grows by 3: [[18,19],[9,18]]") {
    conv.b[0] = 3;
    conv.forward(x, out);
    CHECK(out.values() == std::vector<float>{18, 19, 9, 18});
  }
}

TEST_CASE("im2col convolution equals the direct sliding-window convolution", "[convolution][im2col]") {
  Rng rng(11);
  struct Case { int N, C, H, W, FN, FH, FW, stride, pad; };
  for (Case c : {Case{2, 3, 7, 7, 4, 3, 3, 1, 0}, Case{3, 2, 8, 6, 5, 3, 3, 1, 1}, Case{2, 3, 9, 9, 2, 3, 3, 2, 1},
                 Case{1, 1, 28, 28, 30, 5, 5, 1, 0}, Case{4, 5, 11, 7, 7, 5, 3, 2, 2}, Case{2, 1, 6, 6, 3, 2, 2, 2, 0}}) {
    Convolution conv("conv", c.FN, c.C, c.FH, c.FW, c.stride, c.pad);
    conv.W = random_tensor(conv.W.shape(), rng);
    conv.b = random_tensor(conv.b.shape(), rng);
    const Tensor x = random_tensor({c.N, c.C, c.H, c.W}, rng);
    Tensor out;
    conv.forward(x, out);
    const Tensor ref = direct_convolution(x, conv.W, conv.b, c.stride, c.pad);
    REQUIRE(out.shape() == ref.shape());
    const float diff = max_abs_diff(out, ref);
    INFO("case N=" << c.N << " C=" << c.C << " H=" << c.H << " FH=" << c.FH << " S=" << c.stride << " P=" << c.pad
                   << " max abs diff " << diff);
    CHECK(diff < 1e-4f);
  }
}

TEST_CASE("the sparse road gives the same outputs and gradients as im2col + gemm", "[convolution][sparse]") {
  // Images with about 80 % zeros, as a drawn digit: the sparse road must give the direct
  // convolution's values. With one input channel each output adds the same terms in the same
  // order as the im2col road, so the floats are the very same (only for three filters or
  // more: gemm's one- and two-row road adds into the bias directly); with several channels
  // the sparse road gathers them tap by tap, (fy, fx, c), and agrees within rounding. Auto
  // must agree with both.
  Rng rng(23);
  struct Case { int N, C, H, W, FN, FH, FW, pad; };
  for (Case c : {Case{2, 1, 28, 28, 30, 5, 5, 0}, Case{1, 1, 28, 28, 8, 5, 5, 0}, Case{2, 3, 9, 7, 5, 3, 3, 1},
                 Case{1, 2, 10, 10, 17, 5, 3, 2}, Case{1, 1, 6, 9, 3, 1, 1, 0}, Case{1, 16, 14, 14, 32, 5, 5, 2},
                 Case{1, 70, 5, 6, 4, 3, 3, 1}, Case{1, 4, 7, 8, 12, 3, 2, 0}, Case{1, 5, 6, 9, 9, 3, 3, 0},
                 Case{1, 64, 5, 6, 8, 3, 3, 1}, Case{2, 3, 8, 5, 11, 5, 3, 2}}) {
    Convolution conv("conv", c.FN, c.C, c.FH, c.FW, 1, c.pad);
    conv.W = random_tensor(conv.W.shape(), rng);
    conv.b = random_tensor(conv.b.shape(), rng);
    Tensor x = random_tensor({c.N, c.C, c.H, c.W}, rng, 0.0f, 1.0f);
    for (auto& v : x.values())
      if (rng.uniform() < 0.8f) v = 0.0f;
    Tensor sparse, im2col, automatic;
    conv.set_road(Convolution::Road::Sparse);
    conv.forward(x, sparse);
    conv.set_road(Convolution::Road::Im2col);
    conv.forward(x, im2col);
    conv.set_road(Convolution::Road::Auto);
    conv.forward(x, automatic);
    INFO("case C=" << c.C << " H=" << c.H << " W=" << c.W << " FN=" << c.FN << " FH=" << c.FH << " P=" << c.pad);
    CHECK(max_abs_diff(sparse, direct_convolution(x, conv.W, conv.b, 1, c.pad)) < 1e-4f);
    if (c.C == 1) {
      CHECK(sparse.values() == im2col.values());
      CHECK(automatic.values() == im2col.values());
    } else {
      CHECK(max_abs_diff(sparse, im2col) < 1e-5f);
      CHECK(max_abs_diff(automatic, im2col) < 1e-5f);
    }

    // Backward: dW gathered from the nonzero pixels (one channel) or from dout's nonzeros
    // (several channels, the gradient road, which also gathers dx) equals the gemm road's
    // within rounding; db does not depend on the road, nor does dx for one channel.
    const Tensor dout = random_tensor(sparse.shape(), rng);
    Tensor dx_sparse, dx_im2col;
    conv.set_road(Convolution::Road::Sparse);
    conv.forward(x, sparse);
    conv.backward(dout, dx_sparse);
    const Tensor dW_sparse = conv.dW, db_sparse = conv.db;
    conv.set_road(Convolution::Road::Im2col);
    conv.forward(x, im2col);
    conv.backward(dout, dx_im2col);
    CHECK(max_abs_diff(dW_sparse, conv.dW) < 1e-4f);
    CHECK(db_sparse.values() == conv.db.values());
    if (c.C == 1)
      CHECK(dx_sparse.values() == dx_im2col.values());
    else
      CHECK(max_abs_diff(dx_sparse, dx_im2col) < 1e-4f);
  }
  SECTION("a gradient with pooling's zeros: the gradient road gives the definition's dW and dx") {
    // After ReLU and 2×2 max pooling at most one dout of each 2×2 block is nonzero: Auto takes
    // the gradient road for several channels, and for one channel without dx (a first layer),
    // giving the same floats as forcing it; dW and dx equal the definition's sums within
    // rounding, with and without dx.
    struct Case { int N, C, H, W, FN, F, pad; };
    for (Case c : {Case{2, 16, 14, 14, 32, 5, 2}, Case{1, 3, 9, 7, 5, 3, 1}, Case{1, 20, 6, 5, 64, 3, 0},
                   Case{1, 2, 8, 8, 7, 5, 4}, Case{1, 70, 5, 6, 4, 3, 1}, Case{2, 5, 7, 9, 9, 1, 0},
                   Case{2, 1, 28, 28, 16, 5, 2}, Case{1, 1, 28, 28, 30, 5, 0}, Case{1, 1, 9, 11, 3, 7, 3},
                   Case{1, 1, 20, 20, 3, 17, 8}, Case{1, 1, 6, 5, 2, 1, 0}}) {
      INFO("case C=" << c.C << " H=" << c.H << " W=" << c.W << " FN=" << c.FN << " F=" << c.F << " P=" << c.pad);
      Convolution conv("conv", c.FN, c.C, c.F, c.F, 1, c.pad);
      conv.W = random_tensor(conv.W.shape(), rng);
      Tensor x = random_tensor({c.N, c.C, c.H, c.W}, rng, 0.0f, 1.0f);
      for (auto& v : x.values())
        if (rng.uniform() < 0.5f) v = 0.0f;
      Tensor out;
      conv.forward(x, out);
      Tensor dout = random_tensor(out.shape(), rng);
      for (auto& v : dout.values())
        if (rng.uniform() < 0.8f) v = 0.0f;
      // The definition: dW[f,c,fy,fx] = Σ dout[n,f,oy,ox] · x[n,c,oy+fy−P,ox+fx−P], dx likewise.
      std::vector<double> dW_ref(conv.W.size()), dx_ref(x.size());
      const int OH = out.dim(2), OW = out.dim(3);
      for (int n = 0; n < c.N; ++n)
        for (int f = 0; f < c.FN; ++f)
          for (int oy = 0; oy < OH; ++oy)
            for (int ox = 0; ox < OW; ++ox)
              for (int ch = 0; ch < c.C; ++ch)
                for (int fy = 0; fy < c.F; ++fy)
                  for (int fx = 0; fx < c.F; ++fx) {
                    const int y = oy - c.pad + fy, xx = ox - c.pad + fx;
                    if (y < 0 || y >= c.H || xx < 0 || xx >= c.W) continue;
                    const double d = dout.at(n, f, oy, ox);
                    const size_t w = ((static_cast<size_t>(f) * c.C + ch) * c.F + fy) * c.F + fx;
                    const size_t i = ((static_cast<size_t>(n) * c.C + ch) * c.H + y) * c.W + xx;
                    dW_ref[w] += d * x[i];
                    dx_ref[i] += d * conv.W[w];
                  }
      auto worst = [](const Tensor& t, const std::vector<double>& ref) {
        double m = 0;
        for (size_t i = 0; i < ref.size(); ++i) m = std::max(m, std::fabs(t[i] - ref[i]));
        return m;
      };
      Tensor dx_auto, dx_sparse, dx_im2col, none;
      conv.set_road(Convolution::Road::Auto);
      conv.backward(dout, none, false);  // as a first layer (one channel: the road needs no dx)
      const Tensor dW_first = conv.dW;
      conv.backward(dout, dx_auto);
      const Tensor dW_auto = conv.dW;
      conv.set_road(Convolution::Road::Sparse);
      conv.backward(dout, none, false);
      if (c.C > 1 || simd::VW > 4)  // one channel with 4 lanes: Auto keeps the input's road
        CHECK(conv.dW.values() == dW_first.values());
      CHECK(worst(conv.dW, dW_ref) < 1e-4);
      CHECK(worst(dW_first, dW_ref) < 1e-4);
      conv.backward(dout, dx_sparse);
      if (c.C > 1) {
        CHECK(dW_first.values() == dW_auto.values());
        CHECK(conv.dW.values() == dW_auto.values());
        CHECK(dx_sparse.values() == dx_auto.values());
      }
      CHECK(worst(conv.dW, dW_ref) < 1e-4);
      CHECK(worst(dx_sparse, dx_ref) < 1e-4);
      conv.set_road(Convolution::Road::Im2col);
      conv.backward(dout, dx_im2col);
      CHECK(worst(conv.dW, dW_ref) < 1e-4);
      CHECK(worst(dx_im2col, dx_ref) < 1e-4);
    }
  }
  SECTION("the sparse road follows W when it changes between two passes") {
    // forward_sparse keeps W laid out tap by tap while W holds the same values (a drawing's
    // predict); a changed W (a training step, a loaded file) must be laid out again.
    Convolution conv("conv", 8, 3, 5, 5, 1, 2);
    conv.set_road(Convolution::Road::Sparse);
    Tensor x = random_tensor({1, 3, 12, 12}, rng, 0.0f, 1.0f);
    for (auto& v : x.values())
      if (rng.uniform() < 0.6f) v = 0.0f;
    for (int pass = 0; pass < 3; ++pass) {
      if (pass < 2)
        conv.W = random_tensor(conv.W.shape(), rng);
      else
        conv.W[17] += 1.0f;  // one value changed in place
      Tensor out;
      conv.forward(x, out);
      CHECK(max_abs_diff(out, direct_convolution(x, conv.W, conv.b, 1, 2)) < 1e-4f);
    }
  }
  SECTION("a NaN input pixel poisons the same outputs on both roads") {
    for (int C : {1, 6}) {
      Convolution conv("conv", 8, C, 3, 3, 1, 1);
      conv.W = random_tensor(conv.W.shape(), rng);
      Tensor x({1, C, 9, 9});  // zeros but one NaN
      x[(C - 1) * 81 + 4 * 9 + 4] = std::numeric_limits<float>::quiet_NaN();
      Tensor sparse, im2col;
      conv.set_road(Convolution::Road::Sparse);
      conv.forward(x, sparse);
      conv.set_road(Convolution::Road::Im2col);
      conv.forward(x, im2col);
      int nan = 0;
      for (size_t i = 0; i < sparse.size(); ++i) {
        INFO("C=" << C << " output " << i);
        CHECK(std::isnan(sparse[i]) == std::isnan(im2col[i]));
        nan += std::isnan(sparse[i]);
      }
      CHECK(nan == 8 * 9);  // every filter, the 3×3 outputs whose windows hold the NaN
    }
  }
  SECTION("a dense image on the sparse road is still right") {
    Convolution conv("conv", 6, 2, 3, 3, 1, 1);
    conv.W = random_tensor(conv.W.shape(), rng);
    const Tensor x = random_tensor({1, 2, 7, 7}, rng);
    Tensor out;
    conv.set_road(Convolution::Road::Sparse);
    conv.forward(x, out);
    CHECK(max_abs_diff(out, direct_convolution(x, conv.W, conv.b, 1, 1)) < 1e-4f);
  }
}

TEST_CASE("Convolution backward matches numerical gradients for x, W and b", "[convolution][gradient]") {
  Rng rng(5);
  Convolution conv("conv", 3, 2, 3, 3, 2, 1);
  conv.W = random_tensor(conv.W.shape(), rng);
  conv.b = random_tensor(conv.b.shape(), rng);
  Tensor x = random_tensor({2, 2, 5, 5}, rng);
  Tensor out, dx;
  conv.forward(x, out);
  const Tensor r = random_tensor(out.shape(), rng);  // loss = Σ out · r, so dL/dout = r
  auto loss = [&] {
    Tensor o;
    conv.forward(x, o);
    return dot(o, r);
  };
  conv.forward(x, out);
  conv.backward(r, dx);
  const Tensor dW = conv.dW, db = conv.db;
  CHECK(gradient_check("Convolution dx", x, dx, loss) < 1e-3);
  CHECK(gradient_check("Convolution dW", conv.W, dW, loss) < 1e-3);
  CHECK(gradient_check("Convolution db", conv.b, db, loss) < 1e-3);
}

TEST_CASE("Convolution rejects an input of the wrong shape naming the layer and both shapes", "[convolution][shape]") {
  Convolution conv("conv1", 30, 1, 5, 5);
  Tensor out;
  try {
    conv.forward(Tensor({2, 3, 28, 28}), out);
    FAIL("no error");
  } catch (const ShapeError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("Convolution 'conv1'") != std::string::npos);
    CHECK(msg.find("(N, 1, N, N)") != std::string::npos);
    CHECK(msg.find("(2, 3, 28, 28)") != std::string::npos);
  }
  CHECK_THROWS_AS(conv.forward(Tensor({1, 1, 3, 3}), out), ShapeError);  // filter larger than input
}
