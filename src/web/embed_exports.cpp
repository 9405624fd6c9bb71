// The extern "C" functions behind the embed page's URL options and host messages
// (web/embed.js): language, the tabs offered, the lesson panel, reduced motion. Every
// argument is checked here too; a bad value is refused (returns 0), never an abort.
#include <emscripten.h>

#include <string>

#include "app/app.h"
#include "app/app_state.h"
#include "app/ui/i18n.h"
#include "app/lesson/lesson_view.h"
#include "web/embed_bridge.h"
#include "web/web_bridge.h"

namespace web {

namespace {
std::string g_last_description;
}  // namespace

void notify_description(const app::App& a) {
  notify_progress(a);
  const std::string text = a.screen_description();
  if (text == g_last_description) return;
  g_last_description = text;
  // A live region only when it says more than #prediction (which is one already): the lesson.
  const std::string prediction = a.prediction_text();
  const int live = text.compare(0, prediction.size(), prediction) != 0;
  EM_ASM({
    try { if (Module.cnnDemoDescription) Module.cnnDemoDescription(UTF8ToString($0), $1); }
    catch (e) { console.warn('cnn-demo: Module.cnnDemoDescription threw: ' + e); }
  }, text.c_str(), live);
}

}  // namespace web

extern "C" {

// 0: English, 1: Korean. 1 when applied.
EMSCRIPTEN_KEEPALIVE int cnn_demo_set_language(int lang) {
  if (lang != 0 && lang != 1) return 0;
  app::set_language(lang == 1 ? app::Language::Korean : app::Language::English);
  web::after_frame();  // #prediction in the new language at once
  return 1;
}

// -1: every tab; 0: the Demo tab only; 1: the Lesson tab only (values of app::Tab).
EMSCRIPTEN_KEEPALIVE int cnn_demo_show_only_tab(int tab) {
  app::App* a = web::attached();
  if (!a || tab < -1 || tab > 1) return 0;
  a->show_only_tab(tab);
  return 1;
}

// Opens the Lesson tab on panel 0..6.
EMSCRIPTEN_KEEPALIVE int cnn_demo_show_panel(int panel) {
  app::App* a = web::attached();
  if (!a || panel < 0 || panel >= app::LessonView::kPanelCount) return 0;
  a->show_lesson_panel(panel);
  return 1;
}

EMSCRIPTEN_KEEPALIVE int cnn_demo_panel_count() { return app::LessonView::kPanelCount; }

// Touch wording (web/cnn_demo_api.js: the page's last pointer was a finger). A resting page
// draws the new wording at once: attached() wakes the main loop.
EMSCRIPTEN_KEEPALIVE void cnn_demo_set_touch(int on) {
  app::set_touch_wording(on != 0);
  web::attached();
}

EMSCRIPTEN_KEEPALIVE void cnn_demo_set_reduced_motion(int on) {
  if (app::App* a = web::attached()) a->set_reduced_motion(on != 0);
}

}  // extern "C"
