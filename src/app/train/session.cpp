// Compiled with -fexceptions in the browser build (build_wasm.sh): the core reports a damaged
// data or weights file by throwing, and this file turns that into a message.
#include "app/train/session.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <exception>

#include "cnn/architecture.h"
#include "cnn/layers.h"
#include "cnn/weights_io.h"

namespace app {

namespace {
constexpr int kMaxLossPoints = 1000;  // the loss plot's points; pairs merge beyond this
constexpr double kMaxGapSeconds = 0.25;  // a longer gap between slices (hidden tab) is not counted

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
double moving_average(double avg, double sample) { return avg == 0 ? sample : 0.8 * avg + 0.2 * sample; }

const cnn::Convolution* first_conv(const cnn::Network& net) {
  return net.size() > 0 ? dynamic_cast<const cnn::Convolution*>(&net.layer(0)) : nullptr;
}
}  // namespace

const std::vector<TrainArchitecture>& train_architectures() {
  static const std::vector<TrainArchitecture> kArchitectures = {
      {"simple", {{8, 16, 30}}},
      {"two-stage", {{8, 16}, {16, 32}}},
  };
  return kArchitectures;
}

const TrainArchitecture* find_train_architecture(const std::string& name) {
  for (const TrainArchitecture& a : train_architectures())
    if (name == a.name) return &a;
  return nullptr;
}

namespace {
// The named layer list with the i-th "conv<N>" taking filters[i] and the first "affine<N>"
// taking hidden: the numbers are swapped in the core's spelling of the architecture.
std::string with_sizes(const std::string& spec, const std::vector<int>& filters, int hidden) {
  std::string out;
  std::size_t conv = 0, start = 0;
  bool affine_done = false;
  while (start <= spec.size()) {
    const std::size_t end = std::min(spec.find(',', start), spec.size());
    std::string item = spec.substr(start, end - start);
    start = end + 1;
    auto replace_number = [&](std::size_t at, int value) {
      std::size_t stop = at;
      while (stop < item.size() && std::isdigit(static_cast<unsigned char>(item[stop]))) ++stop;
      item = item.substr(0, at) + std::to_string(value) + item.substr(stop);
    };
    if (item.rfind("conv", 0) == 0 && conv < filters.size()) replace_number(4, filters[conv++]);
    else if (item.rfind("affine", 0) == 0 && !affine_done) replace_number(6, hidden), affine_done = true;
    out += (out.empty() ? "" : ",") + item;
  }
  return out;
}

std::vector<int> settings_filters(const TrainSettings& s) { return {s.filters, s.filters2}; }

std::vector<const cnn::Convolution*> convolutions(const cnn::Network& net) {
  std::vector<const cnn::Convolution*> out;
  for (std::size_t i = 0; i < net.size(); ++i)
    if (auto* c = dynamic_cast<const cnn::Convolution*>(&net.layer(i))) out.push_back(c);
  return out;
}
}  // namespace

std::string train_layers(const TrainSettings& settings) {
  if (!find_train_architecture(settings.architecture)) return "";
  return with_sizes(cnn::architecture_spec(settings.architecture), settings_filters(settings), settings.hidden);
}

bool train_settings_of(const cnn::Network& net, TrainSettings& out) {
  const std::vector<const cnn::Convolution*> convs = convolutions(net);
  const std::string layers = cnn::architecture_of(net);
  for (const TrainArchitecture& a : train_architectures()) {
    if (convs.size() != a.filter_choices.size()) continue;
    TrainSettings s = out;
    s.architecture = a.name;
    s.filters = convs[0]->filters();
    if (convs.size() > 1) s.filters2 = convs[1]->filters();
    s.hidden = hidden_units(net);
    if (train_layers(s) != layers) continue;
    out = s;
    return true;
  }
  return false;
}

TrainSettings with_architecture(TrainSettings settings, const std::string& name) {
  if (!find_train_architecture(name)) return settings;
  try {
    train_settings_of(*cnn::make_network(name, {1, cnn::kMnistRows, cnn::kMnistCols}), settings);
  } catch (const std::exception&) {
  }
  return settings;
}

namespace {
std::string spec_in_words(std::string spec) {
  for (std::size_t at = spec.find(','); at != std::string::npos; at = spec.find(',', at + 2)) spec.insert(at + 1, " ");
  return spec;
}
}  // namespace

std::string layers_in_words(const cnn::Network& net) { return spec_in_words(cnn::architecture_of(net)); }

cnn::Message architecture_refused(const cnn::Network& net) {
  std::vector<cnn::Message> args = {cnn::text(layers_in_words(net))};
  for (const TrainArchitecture& a : train_architectures()) args.push_back(cnn::text(spec_in_words(cnn::architecture_spec(a.name))));
  return cnn::phrase("train.err.architecture", std::move(args));
}

int conv_filters(const cnn::Network& net) {
  const cnn::Convolution* conv = first_conv(net);
  return conv ? conv->filters() : 0;
}

int hidden_units(const cnn::Network& net) {
  for (std::size_t i = 0; i < net.size(); ++i)
    if (auto* affine = dynamic_cast<const cnn::Affine*>(&net.layer(i))) return affine->out_size();
  return 0;
}

cnn::Message describe_architecture(const cnn::Network& net) {
  TrainSettings s;
  const std::vector<const cnn::Convolution*> convs = convolutions(net);
  if (!train_settings_of(net, s)) return cnn::phrase("train.arch_other", {cnn::text(layers_in_words(net))});
  const cnn::Convolution& c1 = *convs[0];
  if (convs.size() == 1)
    return cnn::phrase("train.arch", {cnn::number(c1.filters()), cnn::number(c1.filter_h()), cnn::number(c1.filter_w()),
                                      cnn::number(s.hidden)});
  const cnn::Convolution& c2 = *convs[1];
  return cnn::phrase("train.arch_two", {cnn::number(c1.filters()), cnn::number(c1.filter_h()), cnn::number(c1.filter_w()),
                                        cnn::number(c2.filters()), cnn::number(c2.channels()), cnn::number(s.hidden)});
}

cnn::Message describe_architecture(const TrainSettings& settings) {
  const std::string layers = train_layers(settings);
  if (layers.empty()) return cnn::phrase("train.err.architecture_name", {cnn::text(settings.architecture)});
  try {
    return describe_architecture(*cnn::make_network(layers, {1, cnn::kMnistRows, cnn::kMnistCols}));
  } catch (const std::exception& e) {
    return cnn::message_of(e);
  }
}

bool copy_weights(cnn::Network& from, cnn::Network& to) {
  const std::vector<cnn::Param> a = from.params(), b = to.params();
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].value->shape() != b[i].value->shape()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) std::copy(a[i].value->values().begin(), a[i].value->values().end(), b[i].value->data());
  return true;
}

std::unique_ptr<cnn::Network> clone_network(cnn::Network& net, cnn::Message& error) {
  // The core has no Network::clone(): a round trip through the .cnnw format builds the same
  // architecture with the same weights.
  try {
    const std::vector<uint8_t> bytes = cnn::save_weights(net);
    return cnn::load_network(bytes.data(), bytes.size());
  } catch (const std::exception& e) {
    error = cnn::message_of(e);
    return nullptr;
  }
}

void FramePacer::frame_began(double now) {
  if (last_frame_ >= 0) interval_ = moving_average(interval_, std::clamp(now - last_frame_, kMinInterval, kMaxInterval));
  last_frame_ = now;
  deadline_ = now + interval_ - std::max(kMinReserve, kReserveShare * interval_);
}

Problem TrainSession::set_data(const uint8_t* bytes, std::size_t size) {
  auto data = std::make_unique<cnn::MnistSubset>();
  try {
    *data = cnn::parse_mnist_subset(bytes, size);
  } catch (const std::exception& e) {
    return cnn::phrase("train.err.data_damaged", {cnn::message_of(e)});
  }
  if (data->train.rows != cnn::kMnistRows || data->train.cols != cnn::kMnistCols || data->train.count <= 0 || data->test.count <= 0)
    return cnn::phrase("train.err.data_shape", {cnn::number(data->train.count), cnn::number(data->test.count),
                                                cnn::number(data->train.rows), cnn::number(data->train.cols)});
  data_ = std::move(data);
  if (net_) {
    make_trainer();
    begin_evaluation();
  }
  return std::nullopt;
}

Problem TrainSession::data_file_size(const uint8_t* header, std::size_t n, std::size_t& size) {
  try {
    size = cnn::mnist_subset_size(header, n);
  } catch (const std::exception& e) {
    return cnn::phrase("train.err.data_damaged", {cnn::message_of(e)});
  }
  return std::nullopt;
}

Problem TrainSession::start_from_scratch(const TrainSettings& settings) {
  const std::string layers = train_layers(settings);
  if (layers.empty()) return cnn::phrase("train.err.architecture_name", {cnn::text(settings.architecture)});
  std::unique_ptr<cnn::Network> net;
  try {
    net = cnn::make_network(layers, {1, cnn::kMnistRows, cnn::kMnistCols});
  } catch (const std::exception& e) {
    return cnn::message_of(e);
  }
  cnn::Rng rng(settings.seed);
  cnn::init_weights(*net, rng);  // He initialisation
  return adopt(std::move(net), settings);
}

Problem TrainSession::start_from(cnn::Network& shipped, const TrainSettings& settings) {
  cnn::Message error;
  std::unique_ptr<cnn::Network> net = clone_network(shipped, error);
  if (!net) return error;
  TrainSettings s = settings;
  if (!train_settings_of(*net, s)) return architecture_refused(*net);
  return adopt(std::move(net), s);
}

Problem TrainSession::adopt(std::unique_ptr<cnn::Network> net, const TrainSettings& settings) {
  if (net->input_shape() != cnn::Shape{1, cnn::kMnistRows, cnn::kMnistCols} ||
      net->output_shape() != cnn::Shape{cnn::kMnistClasses})
    return cnn::phrase("train.err.network_shape",
                       {cnn::text(cnn::shape_str(net->input_shape())), cnn::text(cnn::shape_str(net->output_shape()))});
  net_ = std::move(net);
  settings_ = settings;
  running_ = false;
  timing_ = false;
  steps_ = images_ = 0;
  elapsed_ = 0;
  reset_history();
  make_trainer();
  ++weights_version_;
  if (data_) begin_evaluation();  // point 0 of the test-accuracy plot: before training
  return std::nullopt;
}

void TrainSession::reset_history() {
  loss_points_.clear();
  train_acc_.clear();
  test_acc_.clear();
  loss_group_ = 1;
  loss_pending_n_ = 0;
  loss_pending_sum_ = 0;
  pass_correct_ = 0;
  pass_images_ = 0;
  eval_pending_ = false;
}

void TrainSession::make_trainer() {
  trainer_.reset();
  if (!net_ || !data_) return;
  cnn::TrainConfig cfg;
  cfg.batch = settings_.batch;
  cfg.optimizer = settings_.optimizer;
  cfg.lr = current_lr();
  cfg.lr_decay = settings_.lr_decay;
  cfg.seed = settings_.seed;
  const cnn::Dataset train{data_->train.count, cnn::kMnistRows, cnn::kMnistCols, data_->train.images.data(), data_->train.labels.data()};
  try {
    trainer_ = std::make_unique<cnn::Trainer>(*net_, train, cfg);
  } catch (const std::exception&) {  // a bad optimizer name or batch size: keep the last good one
    settings_.optimizer = "adam";
    settings_.batch = std::max(1, settings_.batch);
    cfg.optimizer = settings_.optimizer;
    cfg.batch = settings_.batch;
    trainer_ = std::make_unique<cnn::Trainer>(*net_, train, cfg);
  }
  trainer_epoch_seen_ = 0;
  pass_correct_ = 0;
  pass_images_ = 0;
}

void TrainSession::apply(const TrainSettings& settings) {
  const bool restart = settings.optimizer != settings_.optimizer || settings.batch != settings_.batch;
  settings_.optimizer = settings.optimizer;
  settings_.lr = settings.lr;
  settings_.batch = settings.batch;
  settings_.lr_decay = settings.lr_decay;
  if (restart)
    make_trainer();
  else if (trainer_)
    trainer_->optimizer().lr = current_lr();
}

float TrainSession::current_lr() const {
  return settings_.lr * std::pow(settings_.lr_decay, static_cast<float>(train_acc_.size()));
}

void TrainSession::set_running(bool running) {
  running_ = running && net_ != nullptr;
  timing_ = false;  // the time while paused is not training time
}

void TrainSession::one_step() {
  const int count = data_->train.count;
  const int n = std::min(settings_.batch, count - trainer_->step_in_epoch() * settings_.batch);
  last_loss_ = trainer_->step();
  ++steps_;
  images_ += n;
  ++weights_version_;
  pass_correct_ += static_cast<double>(trainer_->last_batch_accuracy()) * n;
  pass_images_ += n;

  // Loss per step, merged in pairs when the plot would get too long.
  loss_pending_sum_ += last_loss_;
  if (++loss_pending_n_ == loss_group_) {
    loss_points_.push_back(static_cast<float>(loss_pending_sum_ / loss_group_));
    loss_pending_sum_ = 0;
    loss_pending_n_ = 0;
    if (static_cast<int>(loss_points_.size()) >= kMaxLossPoints) {
      for (std::size_t i = 0; i < loss_points_.size() / 2; ++i)
        loss_points_[i] = 0.5f * (loss_points_[2 * i] + loss_points_[2 * i + 1]);
      loss_points_.resize(loss_points_.size() / 2);
      loss_group_ *= 2;
    }
  }

  if (trainer_->epoch() != trainer_epoch_seen_) {  // a pass over the training digits is complete
    trainer_epoch_seen_ = trainer_->epoch();
    train_acc_.push_back(pass_images_ ? static_cast<float>(pass_correct_ / pass_images_) : 0.0f);
    pass_correct_ = 0;
    pass_images_ = 0;
  }
  // The test digits every half pass: a slow machine still sees a figure within seconds.
  const long long every = std::max(1, count / 2);
  if (images_ / every != (images_ - n) / every) begin_evaluation();
}

void TrainSession::begin_evaluation() {
  eval_pending_ = data_ && net_;
  eval_pos_ = 0;
  eval_correct_ = 0;
}

void TrainSession::evaluate_chunk(int count) {
  const cnn::MnistSet& test = data_->test;
  count = std::min(count, test.count - eval_pos_);
  const cnn::Dataset chunk{count, cnn::kMnistRows, cnn::kMnistCols,
                          test.images.data() + static_cast<std::size_t>(eval_pos_) * cnn::kMnistPixels,
                           test.labels.data() + eval_pos_};
  eval_correct_ += cnn::evaluate(*net_, chunk, count).correct;
  eval_pos_ += count;
  if (eval_pos_ >= test.count) {
    test_acc_.push_back(static_cast<float>(eval_correct_) / static_cast<float>(test.count));
    eval_pending_ = false;
  }
}

void TrainSession::evaluate_now() {
  if (!net_ || !data_) return;
  begin_evaluation();
  while (eval_pending_) evaluate_chunk(data_->test.count);
}

int TrainSession::slice(double budget_seconds, long long max_steps) {
  const Clock::time_point start = Clock::now();
  if (running_ && timing_) elapsed_ += std::min(kMaxGapSeconds, std::chrono::duration<double>(start - last_slice_start_).count());
  timing_ = running_;
  last_slice_start_ = start;
  if (!net_ || !data_ || !trainer_) return 0;

  int steps = 0;
  bool worked = false;
  for (;;) {
    const double left = budget_seconds - seconds_since(start);
    if (eval_pending_) {  // evaluation first: it measures the weights as they are now
      int chunk = 50;
      if (eval_image_seconds_ > 0) chunk = static_cast<int>(std::clamp(left / eval_image_seconds_, 10.0, 250.0));
      if (worked && eval_image_seconds_ * 10 > left) break;
      const Clock::time_point t0 = Clock::now();
      const int before = eval_pos_;
      evaluate_chunk(chunk);
      eval_image_seconds_ = moving_average(eval_image_seconds_, seconds_since(t0) / std::max(1, eval_pos_ - before));
      worked = true;
      continue;
    }
    if (!running_ || (max_steps >= 0 && steps >= max_steps)) break;
    if (worked && step_seconds_ > left) break;  // the next step would overrun the frame's budget
    const Clock::time_point t0 = Clock::now();
    one_step();
    step_seconds_ = moving_average(step_seconds_, seconds_since(t0));
    ++steps;
    worked = true;
  }
  return steps;
}

double TrainSession::next_unit_seconds() const {
  if (eval_pending_) return 10 * eval_image_seconds_;
  return running_ ? step_seconds_ : 0.0;
}

TrainReadouts TrainSession::readouts() const {
  TrainReadouts r;
  r.status = status();
  r.evaluating = evaluating();
  r.learning_rate = learning_rate();
  r.loss_group = loss_group();
  r.loss = loss_history();
  r.train_accuracy = train_accuracy_history();
  r.test_accuracy = test_accuracy_history();
  return r;
}

void TrainSession::mirror(TrainReadouts r) {
  running_ = false;
  mirrored_ = std::move(r);
}

void TrainSession::continue_from_mirror() {
  if (!mirrored_) return;
  const TrainReadouts& r = *mirrored_;
  steps_ = r.status.step;
  images_ = r.status.images;
  last_loss_ = r.status.loss;
  elapsed_ = r.status.elapsed_seconds;
  loss_points_ = r.loss;
  loss_group_ = r.loss_group;
  train_acc_ = r.train_accuracy;
  test_acc_ = r.test_accuracy;
  loss_pending_n_ = 0;
  loss_pending_sum_ = 0;
  pass_correct_ = 0;
  pass_images_ = 0;
  mirrored_.reset();
  if (trainer_) trainer_->optimizer().lr = current_lr();
}

TrainStatus TrainSession::status() const {
  if (mirrored_) return mirrored_->status;
  TrainStatus s;
  s.running = running_;
  s.step = steps_;
  s.images = images_;
  s.epoch = data_ ? static_cast<double>(images_) / data_->train.count : 0.0;
  s.loss = last_loss_;
  s.train_accuracy = train_acc_.empty() ? -1.0f : train_acc_.back();
  s.test_accuracy = test_acc_.empty() ? -1.0f : test_acc_.back();
  s.elapsed_seconds = elapsed_;
  s.images_per_second = elapsed_ > 0 ? images_ / elapsed_ : 0.0;
  return s;
}

std::vector<uint8_t> TrainSession::export_weights() {
  if (!net_) return {};
  try {
    return cnn::save_weights(*net_);
  } catch (const std::exception&) {
    return {};
  }
}

Problem TrainSession::import_weights(const uint8_t* bytes, std::size_t size) {
  if (!net_) return cnn::phrase("train.err.no_network");
  try {
    cnn::load_weights(*net_, bytes, size);  // checks everything; leaves net_ unchanged on error
  } catch (const std::exception& e) {
    return cnn::message_of(e);
  }
  running_ = false;
  timing_ = false;
  make_trainer();  // a fresh optimizer state for the new weights
  ++weights_version_;
  begin_evaluation();
  return std::nullopt;
}

}  // namespace app
