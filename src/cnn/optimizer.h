// Optimizers of the course: SGD, Momentum and Adam. update() applies one step to every
// parameter from its gradient; state (velocity, moments) is kept per parameter.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "cnn/layer.h"

namespace cnn {

// The optimizers make_optimizer() builds, in the order the demo offers them: the name it takes
// (also Optimizer::name()) and the book's name for it. The demo's Train tab and its JavaScript
// API read this list (src/web/train_exports.cpp exports it), so it is written only here.
constexpr int kOptimizerCount = 3;
constexpr const char* kOptimizerNames[kOptimizerCount] = {"sgd", "momentum", "adam"};
constexpr const char* kOptimizerTitles[kOptimizerCount] = {"SGD", "Momentum", "Adam"};

class Optimizer {
 public:
  explicit Optimizer(float lr) : lr(lr) {}
  virtual ~Optimizer() = default;
  virtual const char* name() const = 0;
  virtual void update(const std::vector<Param>& params) = 0;
  float lr;
};

class SGD : public Optimizer {  // W ← W − lr·dW
 public:
  using Optimizer::Optimizer;
  const char* name() const override { return kOptimizerNames[0]; }
  void update(const std::vector<Param>& params) override;
};

class Momentum : public Optimizer {  // v ← m·v − lr·dW;  W ← W + v
 public:
  explicit Momentum(float lr, float momentum = 0.9f) : Optimizer(lr), momentum(momentum) {}
  const char* name() const override { return kOptimizerNames[1]; }
  void update(const std::vector<Param>& params) override;
  float momentum;

 private:
  std::vector<std::vector<float>> v_;
};

class Adam : public Optimizer {
 public:
  explicit Adam(float lr, float beta1 = 0.9f, float beta2 = 0.999f) : Optimizer(lr), beta1(beta1), beta2(beta2) {}
  const char* name() const override { return kOptimizerNames[2]; }
  void update(const std::vector<Param>& params) override;
  float beta1, beta2;

 private:
  std::vector<std::vector<float>> m_, v_;
  long long iter_ = 0;
};

// One of kOptimizerNames (throws std::invalid_argument naming the choices otherwise).
std::unique_ptr<Optimizer> make_optimizer(const std::string& name, float lr);

}  // namespace cnn
