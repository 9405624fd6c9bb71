#include "web/web_bridge.h"

#include <emscripten.h>

#include <cstdio>
#include <string>

#include "app/app.h"
#include "app/ui/i18n.h"
#include "web/embed_bridge.h"

namespace web {

namespace {
app::App* g_app = nullptr;  // the page has exactly one demo; owned by main()
bool g_ready_reported = false;
bool g_wake = false;
bool g_news = false;
std::string g_last_text;
int g_page_language = -1;  // what <html lang> says: 0 English, 1 Korean, -1 not set yet
bool g_in_after_frame = false;  // the page's handlers run inside after_frame()
}  // namespace

void attach(app::App* app) {
  g_app = app;
  if (app) app->set_model_fetcher(fetch_model_file);
}
app::App* attached() {
  // (The page's handlers of after_frame(), e.g. embed.js reading current() to post the
  // prediction, answer the frame just drawn: they wake nothing.)
  if (!g_in_after_frame) g_wake = true;
  return g_app;
}
bool take_wake() {
  const bool w = g_wake;
  g_wake = false;
  return w;
}
app::App* attached_for_news() {
  g_news = true;
  return g_app;
}
app::App* peek() { return g_app; }
bool take_news() {
  const bool n = g_news;
  g_news = false;
  return n;
}

void report_failure(const char* message) {
  EM_ASM({ if (Module.cnnDemoFailed) Module.cnnDemoFailed(UTF8ToString($0)); }, message);
}

void after_frame() {
  // A page's handler (Module.cnnDemoPrediction, ...) that calls back in, for example clear() or
  // loadSample(), would recurse until the stack overflows: the inner call leaves the telling to
  // the outer one and to the next frame. The handlers never throw into here (the EM_ASM catch).
  if (!g_app || g_in_after_frame) return;
  g_in_after_frame = true;
  g_app->update();
  // <html lang> follows the app's language (the in-app switch, the page's API, host messages), so
  // screen readers read the page in the right language and error messages match.
  const int lang = app::language() == app::Language::Korean ? 1 : 0;
  if (lang != g_page_language) {
    g_page_language = lang;
    EM_ASM({ document.documentElement.lang = $0 ? 'ko' : 'en'; }, lang);
  }
  const std::string text = g_app->prediction_text();
  if (text != g_last_text) {
    g_last_text = text;
    EM_ASM({
      try { if (Module.cnnDemoPrediction) Module.cnnDemoPrediction(UTF8ToString($0)); }
      catch (e) { console.warn('cnn-demo: Module.cnnDemoPrediction threw: ' + e); }
    }, text.c_str());
  }
  notify_description(*g_app);  // embed_bridge.h: the canvas as text for screen readers
  if (!g_ready_reported) {
    g_ready_reported = true;
    EM_ASM({ if (Module.cnnDemoReady) Module.cnnDemoReady(); });
  }
  g_in_after_frame = false;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char ch : s) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += static_cast<char>(ch);
    } else if (ch < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", ch);
      out += buf;
    } else {
      out += static_cast<char>(ch);
    }
  }
  return out + '"';
}

}  // namespace web
