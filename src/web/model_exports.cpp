// The extern "C" functions behind the model switch of the page's API (CNNDemo.models(),
// model(), setModel(name), modelBytes(name), architecture(); the URL option model= and the host
// message set-model in web/embed.js and web/cnn_demo_api.js), the download of a model fetched on
// demand (app::ModelShelf; the page's counting download, Module.cnnFetchModel), and the
// receptive-field read-outs the browser tests use (CNNDemo.receptiveField(), CNNDemo.mapRect()).
// The page calls them between frames, so set_model() here never runs while the pipeline view
// reads layer outputs.
#include <emscripten.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/ui/i18n.h"
#include "cnn/architecture.h"
#include "web/download_failure.h"
#include "web/web_bridge.h"

namespace {
std::string g_text;
float g_values[8];
std::vector<uint8_t> g_incoming;  // a model file, filled by the page
}  // namespace

namespace web {
// The app asks the page for a model file (app::App::set_model_fetcher; web/cnn_demo_api.js).
void fetch_model_file(int index, const char* name) {
  EM_ASM({ if (Module.cnnFetchModel) Module.cnnFetchModel($0, UTF8ToString($1)); }, index, name);
}
}  // namespace web

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

// Shows model `index`, keeping the drawing: 1 shown, 2 fetching it first (shown when it
// arrives: cnn_demo_wanted_model()), 0 for a bad index or a model that does not load.
EMSCRIPTEN_KEEPALIVE int cnn_demo_set_model(int index) {
  app::App* a = web::attached();
  if (!a || !a->set_model(index)) return 0;
  if (a->wanted_model() == index) return 2;
  a->update();         // the pad's prediction with the new network, at once
  web::after_frame();  // and #prediction
  return 1;
}

// The model asked for that is still downloading or whose download failed, or -1.
EMSCRIPTEN_KEEPALIVE int cnn_demo_wanted_model() {
  app::App* a = web::attached();
  return a ? a->wanted_model() : -1;
}

// Fetches model `index`'s file without showing it (CNNDemo.modelBytes).
EMSCRIPTEN_KEEPALIVE void cnn_demo_fetch_model(int index) {
  if (app::App* a = web::attached()) a->fetch_model(index);
}

// Model `index`: 2 here, 1 loading, 0 not requested, -1 failed (cnn_demo_model_message() says why).
EMSCRIPTEN_KEEPALIVE int cnn_demo_model_state(int index) {
  app::App* a = web::attached();
  if (!a) return 0;
  switch (a->shelf().state(index)) {
    case app::ModelShelf::State::Here: return 2;
    case app::ModelShelf::State::Loading: return 1;
    case app::ModelShelf::State::Failed: return -1;
    default: return 0;
  }
}

// What the switch says about model `index`'s download, in the app's language ("" when here).
EMSCRIPTEN_KEEPALIVE const char* cnn_demo_model_message(int index) {
  app::App* a = web::attached();
  g_text = a ? a->shelf().message(index) : "";
  return g_text.c_str();
}

// The bytes of shipped model `index` (its .cnnw file) and their size; nullptr / 0 while it is not here.
EMSCRIPTEN_KEEPALIVE const uint8_t* cnn_demo_model_bytes(int index) {
  app::App* a = web::attached();
  return a && a->shelf().here(index) ? a->models()[index].bytes : nullptr;
}
EMSCRIPTEN_KEEPALIVE int cnn_demo_model_size(int index) {
  app::App* a = web::attached();
  return a && a->shelf().here(index) ? static_cast<int>(a->models()[index].size) : 0;
}
// The size of model `index`'s file as built (the download is checked against it).
EMSCRIPTEN_KEEPALIVE int cnn_demo_model_file_size(int index) {
  app::App* a = web::attached();
  return a && index >= 0 && index < static_cast<int>(a->models().size()) ? static_cast<int>(a->models()[index].file_size) : 0;
}

// A buffer of `size` bytes for the page to fill with a model file.
EMSCRIPTEN_KEEPALIVE uint8_t* cnn_demo_model_buffer(int size) {
  g_incoming.assign(static_cast<std::size_t>(size < 0 ? 0 : size), 0);
  return g_incoming.data();
}

// The buffer holds model `index`'s file (`size` bytes): checked, kept, shown if it is wanted.
EMSCRIPTEN_KEEPALIVE void cnn_demo_model_arrived(int index, int size) {
  if (app::App* a = web::attached()) {
    const int before = a->model_index();
    a->model_arrived(index, g_incoming.data(), static_cast<std::size_t>(size) <= g_incoming.size() ? size : 0);
    if (a->model_index() != before) {
      a->update();
      web::after_frame();
    }
  }
  std::vector<uint8_t>().swap(g_incoming);
}

EMSCRIPTEN_KEEPALIVE void cnn_demo_model_progress(int index, double received, double total) {
  if (app::App* a = web::attached()) a->model_progress(index, received, total);
}

// The download of model `index` failed: `kind` (web::DownloadFailure), the HTTP status, the
// bytes received, the Content-Length (-1: none), the stall's seconds.
EMSCRIPTEN_KEEPALIVE void cnn_demo_model_failed(int index, int kind, int status, double received, double total,
                                                double seconds) {
  app::App* a = web::attached();
  if (!a || index < 0 || index >= static_cast<int>(a->models().size())) return;
  const app::ShippedModel& m = a->models()[index];
  std::optional<cnn::Message> why = web::transfer_failure(kind, status, received, total, seconds, m.file);
  if (!why)  // too large or another size than built: the file is not the one this page was built with
    why = cnn::phrase("model.err.size_mismatch", {cnn::text(m.file), cnn::number(static_cast<long long>(total >= 0 ? total : received)),
                                                  cnn::number(static_cast<long long>(m.file_size))});
  a->model_failed(index, std::move(*why));
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
  app::App* a = web::peek();  // embed.js polls it 4 times a second: a read wakes nothing
  return a ? a->preferred_height() : 0;
}

// Where the last frame drew the Demo tab (CNNDemo.layout()): JSON, rectangles [x, y, width,
// height] in CSS pixels of the canvas: {"mode", "pad", "seen", "prediction", "cell", "stages":
// [{"name", "kind", "rect", "columns"}]} (columns: a map grid's, or for the output and the
// softmax 1, 2 or one per class: pipeline_layout.h), mode "" (and nothing else) when another tab
// is shown; and the page's preferred height ("preferredHeight", the whole canvas), which web/embed.js posts.
EMSCRIPTEN_KEEPALIVE const char* cnn_demo_layout() {
  app::App* a = web::peek();
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
  std::snprintf(num, sizeof num, "%.1f", a->lesson().overflow_x());
  g_text += std::string(",\"lessonOverflowX\":") + num;
  // The drawing pad wherever the last frame drew it (the Demo or the Train tab).
  const ImVec2 p0 = a->pad().rect_min(), p1 = a->pad().rect_max();
  g_text += ",\"padDrawn\":" + rect({p0.x, p0.y, p1.x - p0.x, p1.y - p0.y});
  g_text += ",\"padHint\":" + web::json_string(app::tr("pad.hint"));
  if (*d.mode) {
    std::snprintf(num, sizeof num, "%.1f", d.cell);
    g_text += ",\"pad\":" + rect(d.pad) + ",\"seen\":" + rect(d.seen) + ",\"prediction\":" + rect(d.prediction) +
              ",\"cell\":" + num + ",\"stages\":[";
    const cnn::Network& net = a->model().net();
    const std::vector<app::StageBox>& stages = a->pipeline().stage_boxes();
    for (std::size_t i = 0; i < stages.size(); ++i) {
      // Input, the layers by their names (conv1, relu1, …), Softmax.
      const bool layer = i > 0 && i <= net.size();
      const std::string name = i == 0 ? "input" : layer ? net.layer(i - 1).name() : "softmax";
      const std::string kind = i == 0 ? "Input" : layer ? net.layer(i - 1).kind() : "Softmax";
      g_text += std::string(i ? "," : "") + "{\"name\":\"" + name + "\",\"kind\":\"" + kind + "\",\"rect\":" +
                rect(stages[i].rect) + ",\"columns\":" + std::to_string(stages[i].columns) + "}";
    }
    g_text += "]";
  }
  g_text += "}";
  return g_text.c_str();
}

}  // extern "C"
