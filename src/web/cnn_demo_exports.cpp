// The extern "C" boundary called by window.CNNDemo (web/cnn_demo_api.js). Data crosses it
// through fixed buffers in WebAssembly memory (784 input floats, 10 probabilities, 4 rect
// values), so a call allocates nothing. Every input is checked here as well as in the
// JavaScript (the core throws on bad input, and exception catching is off in this code):
// errors are returned as values, the message readable with cnn_demo_error().
#include <emscripten.h>

#include <string>

#include "app/app.h"
#include "app/demo/prediction.h"
#include "app/ui/i18n.h"
#include "web/web_bridge.h"

namespace {
float g_input[app::kInputSize];
float g_probs[app::kClasses];
float g_rect[4];
std::string g_error;
}  // namespace

extern "C" {

// 1 when the model is loaded and the app attached, 0 while starting, -1 after a failure.
EMSCRIPTEN_KEEPALIVE int cnn_demo_status() { return web::attached() ? 1 : (g_error.empty() ? 0 : -1); }
EMSCRIPTEN_KEEPALIVE const char* cnn_demo_error() { return g_error.c_str(); }
EMSCRIPTEN_KEEPALIVE void cnn_demo_set_error(const char* message) { g_error = message; }

EMSCRIPTEN_KEEPALIVE float* cnn_demo_input_buffer() { return g_input; }
EMSCRIPTEN_KEEPALIVE float* cnn_demo_probs_buffer() { return g_probs; }
// The input's and the output's sizes (cnn/mnist.h), read by web/cnn_demo_api.js instead of copies.
EMSCRIPTEN_KEEPALIVE int cnn_demo_input_size() { return app::kInputSize; }
EMSCRIPTEN_KEEPALIVE int cnn_demo_class_count() { return app::kClasses; }

// Classifies the `count` floats in the input buffer; the label, or -1 (see cnn_demo_error).
EMSCRIPTEN_KEEPALIVE int cnn_demo_predict(int count) {
  app::App* a = web::attached();
  if (!a) {
    g_error = app::tr("model.err.not_loaded");
    return -1;
  }
  g_error = app::validate_pixels(g_input, count < 0 ? 0 : static_cast<std::size_t>(count));
  if (!g_error.empty()) return -1;
  const int label = a->predict(g_input, g_probs);
  if (label == app::kNoAnswer) g_error = app::tr("result.not_finite");  // no number leaves: words
  return label == app::kNoAnswer ? -1 : label;
}

// The pad's prediction into the probs buffer; the label, -1 when the pad is empty, or
// app::kNoAnswer (probabilities all 0) when the network's output was not finite.
EMSCRIPTEN_KEEPALIVE int cnn_demo_current() {
  app::App* a = web::attached();
  if (!a) return -1;
  a->update();
  const int label = a->current_label();
  for (int i = 0; i < app::kClasses; ++i) g_probs[i] = a->current_probs()[i];
  if (label == app::kNoAnswer) g_error = app::tr("result.not_finite");
  return label;
}

EMSCRIPTEN_KEEPALIVE void cnn_demo_clear() {
  if (app::App* a = web::attached()) {
    a->clear();
    web::after_frame();  // updates #prediction at once
  }
}

// Shows real test digit `index` in the pad; its true label, or -1 when there is no such digit.
EMSCRIPTEN_KEEPALIVE int cnn_demo_load_sample(int index) {
  app::App* a = web::attached();
  if (!a || !a->load_sample(index)) return -1;
  web::after_frame();
  return a->sample_label(index);
}

EMSCRIPTEN_KEEPALIVE int cnn_demo_sample_count() {
  app::App* a = web::attached();
  return a ? a->sample_count() : 0;
}

// The pad's drawing area {x, y, width, height} in CSS pixels relative to the canvas.
EMSCRIPTEN_KEEPALIVE float* cnn_demo_pad_rect() {
  if (app::App* a = web::attached()) {
    const ImVec2 p0 = a->pad().rect_min(), p1 = a->pad().rect_max();
    g_rect[0] = p0.x;
    g_rect[1] = p0.y;
    g_rect[2] = p1.x - p0.x;
    g_rect[3] = p1.y - p0.y;
  }
  return g_rect;
}

}  // extern "C"
