// The extern "C" functions behind the model switch of the page's API (CNNDemo.models(),
// model(), setModel(name), architecture(); the URL option model= and the host message
// set-model in web/embed.js and web/cnn_demo_api.js) and the receptive-field read-outs the
// browser tests use (CNNDemo.receptiveField(), CNNDemo.mapRect()). The page calls them between
// frames, so set_model() here never runs while the pipeline view reads layer outputs.
#include <emscripten.h>

#include <cstdio>
#include <string>

#include "app/app.h"
#include "cnn/architecture.h"
#include "web/web_bridge.h"

namespace {
std::string g_text;
float g_values[8];
}  // namespace

extern "C" {

// The compiled-in models' names in the switch's order, as a JSON array (the page reads it once).
EMSCRIPTEN_KEEPALIVE const char* cnn_demo_models() {
  g_text = "[";
  if (app::App* a = web::attached())
    for (std::size_t i = 0; i < a->models().size(); ++i)
      g_text += std::string(i ? "," : "") + "\"" + a->models()[i].name + "\"";
  g_text += "]";
  return g_text.c_str();
}

// The index of the model shown (-1 before start-up).
EMSCRIPTEN_KEEPALIVE int cnn_demo_model_index() {
  app::App* a = web::attached();
  return a ? a->model_index() : -1;
}

// Shows model `index`, keeping the drawing; 1, or 0 for a bad index.
EMSCRIPTEN_KEEPALIVE int cnn_demo_set_model(int index) {
  app::App* a = web::attached();
  if (!a || !a->set_model(index)) return 0;
  a->update();         // the pad's prediction with the new network, at once
  web::after_frame();  // and #prediction
  return 1;
}

// The layer list of the network shown ("conv16x5p2,relu,pool2,…", cnn/architecture.h).
EMSCRIPTEN_KEEPALIVE const char* cnn_demo_architecture() {
  app::App* a = web::attached();
  g_text = a && a->model().loaded() ? cnn::architecture_of(a->model().net()) : "";
  return g_text.c_str();
}

// The receptive field highlighted on the input: {layer, y, x, y0, x0, y1, x1} (rows [y0, y1),
// columns [x0, x1) of the 28×28 input), layer -1 when none is.
EMSCRIPTEN_KEEPALIVE float* cnn_demo_receptive_field() {
  app::App* a = web::attached();
  const app::FieldHighlight h = a ? a->pipeline().highlight() : app::FieldHighlight{};
  const float v[7] = {float(h.layer), float(h.y), float(h.x), float(h.rect.y0), float(h.rect.x0), float(h.rect.y1),
                      float(h.rect.x1)};
  for (int i = 0; i < 7; ++i) g_values[i] = v[i];
  return g_values;
}

// Where channel `channel` of layer `layer`'s maps was drawn in the last frame: {x, y, width,
// height} in CSS pixels of the canvas (width 0 when it was not drawn).
EMSCRIPTEN_KEEPALIVE float* cnn_demo_map_rect(int layer, int channel) {
  app::App* a = web::attached();
  const app::ScreenRect r = a ? a->pipeline().map_rect(layer, channel) : app::ScreenRect{};
  g_values[0] = r.x, g_values[1] = r.y, g_values[2] = r.w, g_values[3] = r.h;
  return g_values;
}

// Where the model switch's button for model `index` was drawn in the last frame: {x, y, width,
// height} in CSS pixels of the canvas (width 0 when it was not drawn).
EMSCRIPTEN_KEEPALIVE float* cnn_demo_model_button_rect(int index) {
  app::App* a = web::attached();
  app::ScreenRect r;
  if (a && index >= 0 && index < static_cast<int>(a->model_button_rects().size())) r = a->model_button_rects()[index];
  g_values[0] = r.x, g_values[1] = r.y, g_values[2] = r.w, g_values[3] = r.h;
  return g_values;
}

// The height (CSS pixels) the page would like at its present width (web/embed.js posts it to
// the host page as {type: 'resize'}); 0 before the first frame.
EMSCRIPTEN_KEEPALIVE float cnn_demo_preferred_height() {
  app::App* a = web::attached();
  return a ? a->preferred_height() : 0;
}

// Where the last frame drew the Demo tab (CNNDemo.layout()): JSON, rectangles [x, y, width,
// height] in CSS pixels of the canvas: {"mode", "pad", "seen", "prediction", "cell", "stages":
// [{"name", "kind", "rect"}]}, mode "" (and nothing else) when another tab is shown; and the
// page's preferred height ("preferredHeight", the whole canvas), which web/embed.js posts.
EMSCRIPTEN_KEEPALIVE const char* cnn_demo_layout() {
  app::App* a = web::attached();
  if (!a) return "{}";
  auto rect = [](const app::ScreenRect& r) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "[%.1f,%.1f,%.1f,%.1f]", r.x, r.y, r.w, r.h);
    return std::string(buf);
  };
  const app::App::DemoRects& d = a->demo_rects();
  char num[64];
  std::snprintf(num, sizeof num, "%.1f", a->preferred_height());
  g_text = std::string("{\"mode\":\"") + d.mode + "\",\"preferredHeight\":" + num;
  if (*d.mode) {
    std::snprintf(num, sizeof num, "%.1f", d.cell);
    g_text += ",\"pad\":" + rect(d.pad) + ",\"seen\":" + rect(d.seen) + ",\"prediction\":" + rect(d.prediction) +
              ",\"cell\":" + num + ",\"stages\":[";
    const cnn::Network& net = a->model().net();
    const std::vector<app::ScreenRect>& stages = a->pipeline().stage_rects();
    for (std::size_t i = 0; i < stages.size(); ++i) {
      // Input, the layers by their names (conv1, relu1, …), Softmax.
      const bool layer = i > 0 && i <= net.size();
      const std::string name = i == 0 ? "input" : layer ? net.layer(i - 1).name() : "softmax";
      const std::string kind = i == 0 ? "Input" : layer ? net.layer(i - 1).kind() : "Softmax";
      g_text += std::string(i ? "," : "") + "{\"name\":\"" + name + "\",\"kind\":\"" + kind + "\",\"rect\":" +
                rect(stages[i]) + "}";
    }
    g_text += "]";
  }
  g_text += "}";
  return g_text.c_str();
}

}  // extern "C"
