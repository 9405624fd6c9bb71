// The extern "C" functions behind CNNDemo.explain, saliency, setFilter and their helpers
// (web/cnn_demo_api.js, the "explanations" block): trace mode, "why this digit" and the filter
// switch of issue 15. Every request is checked here against the loaded network (the ranges come
// from it); a bad one returns an error value and cnn_explain_error() says what is valid, which
// the JavaScript throws as an Error. Nothing here changes the shipped model file.
#include <emscripten.h>

#include <cstdio>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/demo/saliency.h"
#include "app/demo/trace.h"
#include "app/ui/i18n.h"
#include "web/web_bridge.h"

namespace {
std::string g_error, g_json;
std::vector<float> g_map, g_filter;
float g_rect[4];

// The app with the pad's forward pass in the network's stored outputs, or null (g_error set).
app::App* pad_app() {
  app::App* a = web::attached();
  if (!a || !a->model().loaded()) {
    g_error = app::tr("model.err.not_loaded");
    return nullptr;
  }
  a->update();  // after an API predict() the network holds that image's outputs: the pad's again
  return a;
}

const char* method_name(int m) { return m == 0 ? "occlusion" : m == 1 ? "gradient" : "?"; }
}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* cnn_explain_error() { return g_error.c_str(); }

// The explanation of one cell of the pad's forward pass as JSON (app::trace_json), or null.
EMSCRIPTEN_KEEPALIVE const char* cnn_explain(int stage, int channel, int y, int x) {
  app::App* a = pad_app();
  if (!a) return nullptr;
  const cnn::Network& net = a->model().net();
  const app::TraceCell cell{stage, channel, y, x};
  g_error = app::check_trace_cell(net, cell);
  if (!g_error.empty()) return nullptr;
  g_json = app::trace_json(net, app::trace_cell(net, cell));
  return g_json.c_str();
}

// What trace mode's window shows now, as the same JSON, or "null" when it is closed.
EMSCRIPTEN_KEEPALIVE const char* cnn_explain_shown() {
  app::App* a = web::attached();
  return a ? a->explain().trace.shown_json().c_str() : "null";
}

// Where cell (stage, channel, y, x) was drawn in the last frame: {x, y, width, height} in CSS
// pixels of the canvas; width 0 when it is not on screen.
EMSCRIPTEN_KEEPALIVE float* cnn_explain_cell_rect(int stage, int channel, int y, int x) {
  g_rect[0] = g_rect[1] = g_rect[2] = g_rect[3] = 0;
  app::App* a = pad_app();
  if (!a) return g_rect;
  const cnn::Network& net = a->model().net();
  const app::TraceCell cell{stage, channel, y, x};
  ImVec2 p0, p1;
  if (app::check_trace_cell(net, cell).empty() && a->explain().trace.cell_rect(net, cell, p0, p1)) {
    g_rect[0] = p0.x;
    g_rect[1] = p0.y;
    g_rect[2] = p1.x - p0.x;
    g_rect[3] = p1.y - p0.y;
  }
  return g_rect;
}

// The saliency map (input H·W floats) of the pad's image for `label` (-1: predicted), method 0
// occlusion / 1 gradient × input, computed now; null on a bad request. count: its length.
EMSCRIPTEN_KEEPALIVE float* cnn_saliency(int label, int method, int patch) {
  app::App* a = pad_app();
  if (!a) return nullptr;
  cnn::Network& net = a->model().net();
  g_error = app::check_saliency(net, label, method_name(method), patch);
  if (!g_error.empty()) return nullptr;
  app::SaliencyEngine& engine = a->explain().saliency.engine();
  engine.request(net, {label, method == 0 ? app::SaliencyMethod::Occlusion : app::SaliencyMethod::Gradient, patch});
  engine.finish();
  g_map = engine.map();
  return g_map.data();
}
EMSCRIPTEN_KEEPALIVE int cnn_saliency_size() { return static_cast<int>(g_map.size()); }
EMSCRIPTEN_KEEPALIVE int cnn_saliency_label() {
  app::App* a = web::attached();
  return a ? a->explain().saliency.engine().map_label() : -1;
}

// The overlay on "What the network sees": on (1) with a request, or off (0). 1 when applied.
EMSCRIPTEN_KEEPALIVE int cnn_saliency_show(int on, int label, int method, int patch) {
  app::App* a = pad_app();
  if (!a) return 0;
  app::SaliencyView& view = a->explain().saliency;
  if (on) {
    g_error = app::check_saliency(a->model().net(), label, method_name(method), patch);
    if (!g_error.empty()) return 0;
    view.request = {label, method == 0 ? app::SaliencyMethod::Occlusion : app::SaliencyMethod::Gradient, patch};
  }
  view.on = on != 0;
  return 1;
}

// A buffer for `count` filter values (written by the page before cnn_set_filter).
EMSCRIPTEN_KEEPALIVE float* cnn_filter_buffer(int count) {
  g_filter.assign(count > 0 ? static_cast<std::size_t>(count) : 1, 0.0f);
  return g_filter.data();
}

// Filter `index` of Convolution stage `layer` := the `count` values in the buffer; count < 0
// restores the trained filter. 1 when done, 0 on a bad request (cnn_explain_error()).
EMSCRIPTEN_KEEPALIVE int cnn_set_filter(int layer, int index, int count) {
  app::App* a = pad_app();
  if (!a) return 0;
  cnn::Network& net = a->model().net();
  app::FilterEdits& edits = a->explain().intervene.edits();
  if (count < 0)
    g_error = edits.restore(net, layer, index);
  else
    g_error = edits.set(net, layer, index, g_filter.data(), static_cast<std::size_t>(count));
  if (!g_error.empty()) return 0;
  a->model_changed();
  web::after_frame();  // the pad's prediction with the new filter, and #prediction, at once
  return 1;
}

// What channel `channel` of convolution stage `stage` (or the ReLU after it) looks for: its six
// strongest receptive-field crops among the sample digits and the pad's drawing
// (app::ChannelCrops, the same cache the detail panel uses), as JSON; null on a bad request.
EMSCRIPTEN_KEEPALIVE const char* cnn_top_crops(int stage, int channel) {
  app::App* a = pad_app();
  if (!a) return nullptr;
  cnn::Network& net = a->model().net();
  g_error = app::ChannelCrops::check(net, stage, channel);
  if (!g_error.empty()) return nullptr;
  const app::CropSet& s = a->explain().crops.crops().get(net, stage, channel, a->samples(), a->pad_drawing(), a->pad_sample());
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "{\"stage\":%d,\"channel\":%d,\"layer\":%d,\"layerName\":\"%s\",\"size\":[%d,%d],\"samples\":%d,"
                "\"padImage\":%d,\"ms\":%.3f,\"crops\":[",
                s.stage, s.channel, s.layer, net.layer(s.layer).name().c_str(), s.field_h, s.field_w, s.samples,
                s.pad_image, s.ms);
  g_json = buf;
  for (std::size_t i = 0; i < s.crops.size(); ++i) {
    const cnn::TopActivation& t = s.crops[i];
    const bool drawing = t.image >= s.samples;
    std::snprintf(buf, sizeof buf,
                  "%s{\"image\":%d,\"drawing\":%s,\"label\":%d,\"y\":%d,\"x\":%d,\"value\":%.9g,"
                  "\"rect\":{\"y0\":%d,\"x0\":%d,\"y1\":%d,\"x1\":%d}}",
                  i ? "," : "", t.image, drawing ? "true" : "false", drawing ? -1 : a->samples()[t.image].label, t.y, t.x,
                  t.value, t.rect.y0, t.rect.x0, t.rect.y1, t.rect.x1);
    g_json += buf;
  }
  g_json += "]}";
  return g_json.c_str();
}

}  // extern "C"
