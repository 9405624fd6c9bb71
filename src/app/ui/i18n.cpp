#include "app/ui/i18n.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace app {

namespace {

using Entry = cnn::Wording;

// Keys are short, stable identifiers; texts may change freely.
const Entry kEnglish[] = {
    {"app.title", "Inside a CNN: draw a digit"},
    {"tab.demo", "Demo"},
    {"tab.lesson", "Lesson"},
    {"pad.title", "1. Draw a digit"},
    {"pad.hint", "Draw with mouse, finger or pen. Backspace clears."},
    {"pad.hint@touch", "Draw with your finger or a pen. Clear starts again."},
    {"pad.clear", "Clear"},
    {"pad.sample", "Real MNIST digit"},
    {"pad.sample_label", "Real test digit, labelled %d"},
    {"input.title", "2. What the network sees"},
    {"input.title.short", "2. Network input"},  // the compact row (a 640 px frame), where the long one set the column's width
    {"input.caption", "28×28 like MNIST: cropped, scaled into 20×20, centred by its centre of mass"},
    {"result.title", "3. Prediction"},
    {"result.empty", "Draw a digit"},
    {"result.prediction", "Prediction: %d (%.1f%%)"},
    {"result.confidence", "%.1f%% sure"},
    {"result.not_finite_short", "No answer: the output is not a number (see the Train tab)."},
    {"result.not_finite", "The network's output is not a number (its weights are too large), so it cannot classify this drawing. Switch back to the shipped model in the Train tab."},
    {"pipeline.title", "4. Inside the network"},
    {"pipeline.hint", "each layer's output for your drawing; click a feature map to enlarge it"},
    {"pipeline.hint_blank", "empty pad: each layer's output for a blank image (what the biases alone produce)"},
    {"softmax.caption", "softmax: the probability of each digit"},
    {"detail.heading", "Feature map and its filter"},
    {"stage.input", "Input"},
    {"stage.Convolution", "Conv"},
    {"stage.Relu", "ReLU"},
    {"stage.Pooling", "Pool"},
    {"stage.Affine", "Affine"},
    {"stage.softmax", "Softmax"},
    {"stage.logits", "logits"},
    {"detail.title", "Feature map %s, channel %d"},
    {"detail.filter_one", "%dx%d filter %d (%s)"},
    {"detail.filter_slices", "%s filter %d: %d slices of %dx%d, one per input map"},
    {"detail.slice_value", "input map %d, (%d, %d) = %.4f"},
    {"detail.reads", "It reads all %d maps of %s (each slice slides over one of them):"},
    {"pipeline.unit_tip", "channel %d, unit (%d, %d) = %.4f\nreceptive field %d×%d of the input"},
    {"input.field", "%s unit (%d, %d): receptive field %d×%d"},
    {"input.field_hint", "Hover over a feature map below: the part of this image one unit sees lights up."},
    {"input.field_hint@touch", "Tap a feature map below: the part of this image one unit sees lights up."},
    {"model.switch", "Model:"},
    {"model.simple", "SimpleConvNet (one Conv-ReLU-Pooling)"},
    {"model.two-stage", "Two stages (Conv-ReLU-Pooling ×2)"},
    {"model.simple.short", "SimpleConvNet"},
    {"model.two-stage.short", "Two stages"},
    {"detail.map", "Output channel %d"},
    {"detail.none", "Click any feature map in the pipeline below to see it here, with the filter that made it."},
    {"detail.value", "(%d, %d) = %.4f"},
    {"detail.bias", "bias %.4f"},
    {"view.grid", "Grid lines"},
    {"legend.negative", "negative"},
    {"legend.positive", "positive"},
    {"legend.max", "max"},
    {"error.model", "The model could not be loaded: %s"},
    {"error.webgl", "WebGL2 is not available in this browser, so the demo cannot draw."},
    {"model.err.none", "no network"},
    {"model.err.input", "the model expects input {0}, the demo gives (1, 28, 28)"},
    {"model.err.output", "the model has output {0}, the demo needs (10)"},
    {"model.err.not_loaded", "the model is not loaded"},
    // A model fetched on demand (app/demo/model_shelf.h) and the page's downloads (src/web/download_failure.cpp).
    {"model.loading", "Loading this model's weights… {0} % ({1} of {2} MB)"},
    {"model.loading_mb", "Loading this model's weights… {0} MB"},
    {"model.failed", "This model could not be loaded: {0} Check the connection and try again."},
    {"model.err.size_mismatch", "{0} has {1} bytes, not the {2} bytes this page was built with."},
    {"model.retry", "Try again"},
    {"download.err.http_404", "{0} is missing from the site (HTTP 404)."},
    {"download.err.http", "the server answered HTTP {1} for {0}."},
    {"download.err.no_answer", "{0} could not be downloaded (no answer from the server)."},
    {"download.err.stalled", "the download of {0} stopped: no data arrived for {1} seconds ({2} MB received)."},
    {"download.err.dropped", "the connection broke off after {1} of {2} MB of {0}."},
    {"download.err.dropped_mb", "the connection broke off after {1} MB of {0}."},
#include "app/lesson/i18n_lesson_en.inc"
#include "app/lesson/i18n_practice_en.inc"
#include "app/train/i18n_train_en.inc"
#include "app/demo/i18n_explain_en.inc"
};

const Entry kKorean[] = {
#include "app/ui/i18n_ko.inc"
#include "app/lesson/i18n_practice_ko.inc"
#include "app/train/i18n_train_ko.inc"
#include "app/demo/i18n_explain_ko.inc"
#include "app/ui/i18n_core_ko.inc"
};

Language g_language = Language::English;
bool g_touch = false;

const char* find(const Entry* table, std::size_t n, const char* key) {
  for (std::size_t i = 0; i < n; ++i)
    if (std::strcmp(table[i].key, key) == 0) return table[i].text;
  return nullptr;
}

}  // namespace

void set_language(Language lang) { g_language = lang; }
Language language() { return g_language; }

namespace {

const char* tr_exact(const char* key) {
  if (g_language == Language::Korean)
    if (const char* t = find(kKorean, sizeof kKorean / sizeof kKorean[0], key)) return t;
  if (const char* t = find(kEnglish, sizeof kEnglish / sizeof kEnglish[0], key)) return t;
  if (const char* t = cnn::english_wording(key)) return t;
  return nullptr;
}

}  // namespace

void set_touch_wording(bool on) { g_touch = on; }
bool touch_wording() { return g_touch; }

namespace {

constexpr char kTouch[] = "@touch";

// The keys that have a touch variant in some table, with it ("pad.hint", "pad.hint@touch"),
// found once: in touch mode tr() looks a variant up only for these, not for every string of a
// frame.
struct TouchVariant {
  std::string key, variant;
};
const std::vector<TouchVariant>& touch_variants() {
  static const std::vector<TouchVariant> variants = [] {
    std::vector<TouchVariant> out;
    auto add = [&](const Entry* table, std::size_t n) {
      const std::size_t suffix = sizeof kTouch - 1;
      for (std::size_t i = 0; i < n; ++i) {
        const std::string k = table[i].key;
        if (k.size() <= suffix || k.compare(k.size() - suffix, suffix, kTouch) != 0) continue;
        const std::string base = k.substr(0, k.size() - suffix);
        if (std::none_of(out.begin(), out.end(), [&](const TouchVariant& v) { return v.key == base; }))
          out.push_back({base, k});
      }
    };
    add(kEnglish, sizeof kEnglish / sizeof kEnglish[0]);
    add(kKorean, sizeof kKorean / sizeof kKorean[0]);
    return out;
  }();
  return variants;
}

}  // namespace

const char* tr(const char* key) {
  if (g_touch)
    for (const TouchVariant& v : touch_variants())
      if (v.key == key) {
        if (const char* t = tr_exact(v.variant.c_str())) return t;
        break;
      }
  const char* t = tr_exact(key);
  return t ? t : key;
}

std::string describe(const cnn::Message& m) {
  if (m.key.empty()) return m.text;
  std::vector<std::string> values;
  values.reserve(m.args.size());
  for (const cnn::Message& a : m.args) values.push_back(describe(a));
  return cnn::fill(tr(m.key.c_str()), values);
}

std::vector<std::string> english_keys() {
  std::vector<std::string> keys;
  for (const Entry& e : kEnglish) keys.push_back(e.key);
  return keys;
}

bool has_wording(Language lang, const char* key) {
  if (lang == Language::Korean) return find(kKorean, sizeof kKorean / sizeof kKorean[0], key) != nullptr;
  return find(kEnglish, sizeof kEnglish / sizeof kEnglish[0], key) != nullptr || cnn::english_wording(key) != nullptr;
}

std::string vformat(const char* fmt, va_list ap) {
  char buf[512];
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  return buf;
}

std::string format(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::string s = vformat(fmt, ap);
  va_end(ap);
  return s;
}

}  // namespace app
