// The extern "C" functions behind LMS reporting (web/cnn_demo_lms.js → CNNDemo.progress(),
// CNNDemo.practice; web/embed.js → SCORM 1.2 and the host page): the Lesson tab's practice
// items and visited panels as JSON, answering an item from the page's HTML mirror, new numbers,
// and restoring a saved state (SCORM's cmi.suspend_data). Text crosses through one fixed
// buffer; every argument is checked here (a bad one returns a negative value, never aborts).
#include <emscripten.h>

#include <cstdio>
#include <iterator>
#include <string>
#include <utility>

#include "app/app.h"
#include "app/lesson/practice_text.h"
#include "app/ui/i18n.h"
#include "imgui.h"
#include "web/embed_bridge.h"
#include "web/web_bridge.h"

namespace {

char g_text[4096];
std::string g_json;

void put_string(std::string& out, const std::string& s) { out += web::json_string(s); }
void put_key(std::string& out, const char* key) {
  out += '"';
  out += key;
  out += "\":";
}
void put_score(std::string& out, const app::lesson::PracticeScore& s) {
  out += "{\"correct\":" + std::to_string(s.correct) + ",\"asked\":" + std::to_string(s.asked) +
         ",\"total\":" + std::to_string(s.total);
}
void put_number(std::string& out, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  out += buf;
}

std::string progress_json(const app::App& a) {
  using namespace app::lesson;
  const app::LessonView& lv = a.lesson();
  const PracticeBook& book = lv.practice();
  const int panel = lv.panel();
  std::string o = "{\"v\":1,";
  put_key(o, "panel");
  o += std::to_string(panel) + ",";
  put_key(o, "panels");
  o += std::to_string(app::LessonView::kPanelCount) + ",";
  put_key(o, "tab");
  o += a.tab() == app::Tab::Lesson ? "\"lesson\"," : a.tab() == app::Tab::Train ? "\"train\"," : "\"demo\",";
  put_key(o, "visited");
  o += std::to_string(lv.visited()) + ",";
  put_key(o, "lang");
  o += app::language() == app::Language::Korean ? "\"ko\"," : "\"en\",";
  put_key(o, "version");
  o += std::to_string(book.version()) + ",";
  put_key(o, "score");
  put_score(o, book.total());
  o += "},";
  put_key(o, "perPanel");
  o += "[";
  for (int p = 0; p < app::LessonView::kPanelCount; ++p) {
    if (p) o += ",";
    put_score(o, book.score(p));
    o += ",\"seed\":" + std::to_string(book.seed(p)) + ",\"attempt\":" + std::to_string(book.attempt(p)) + "}";
  }
  o += "],";
  put_key(o, "items");  // the panel shown: what the page's HTML mirror of the items needs
  o += "[";
  const std::vector<PracticeItem>& items = book.items(panel);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ItemRecord& rec = book.record(panel, static_cast<int>(i));
    if (i) o += ",";
    o += "{";
    put_key(o, "id");
    put_string(o, items[i].id);
    o += ",";
    put_key(o, "question");
    put_string(o, practice_question(items[i], true));
    o += ",\"parts\":" + std::to_string(answer_parts(items[i]));
    o += std::string(",\"impossibleChoice\":") + (items[i].kind == PracticeKind::OutputSize ? "true" : "false");
    o += std::string(",\"answered\":") + (rec.answered ? "true" : "false");
    o += std::string(",\"correct\":") + (rec.correct ? "true" : "false") + ",";
    put_key(o, "message");
    put_string(o, lv.practice_view().message(book, panel, static_cast<int>(i)));
    o += "}";
  }
  o += "],";
  put_key(o, "journal");  // every counted answer of this session, in order
  o += "[";
  for (std::size_t i = 0; i < book.journal().size(); ++i) {
    const PracticeBook::Entry& e = book.journal()[i];
    if (i) o += ",";
    o += "{";
    put_key(o, "id");
    put_string(o, e.id);
    o += ",\"panel\":" + std::to_string(e.panel) + ",\"item\":" + std::to_string(e.item) +
         ",\"seed\":" + std::to_string(e.seed) + ",";
    put_key(o, "response");
    put_string(o, e.response);
    o += ",";
    put_key(o, "answer");
    put_string(o, e.answer);
    o += std::string(",\"correct\":") + (e.correct ? "true" : "false") + ",\"latency\":";
    put_number(o, e.latency_s);
    o += "}";
  }
  o += "],";
  put_key(o, "book");
  put_string(o, book.save());
  o += ",";
  put_key(o, "titles");
  o += "[";
  for (int p = 0; p < app::LessonView::kPanelCount; ++p) {
    char key[32];
    std::snprintf(key, sizeof key, "lesson.p%d", p + 1);
    if (p) o += ",";
    put_string(o, app::tr(key));
  }
  o += "],";
  put_key(o, "labels");  // the words of the page's HTML mirror of the items
  o += "{";
  const std::pair<const char*, std::string> labels[] = {
      {"check", app::tr("practice.check")},     {"impossible", app::tr("practice.impossible")},
      {"newNumbers", app::tr("practice.new")},  {"title", app::tr("practice.title")},
      {"answer", app::tr("practice.answer_label")}, {"score", score_text(book.score(panel))}};
  for (std::size_t i = 0; i < std::size(labels); ++i) {
    if (i) o += ",";
    put_key(o, labels[i].first);
    put_string(o, labels[i].second);
  }
  o += "}}";
  return o;
}

uint64_t g_notified_key = ~uint64_t(0);

}  // namespace

namespace web {

// After every frame (from notify_description): tells the page when the progress changed (an
// answer, new numbers, a panel visited or shown, the language, the tab).
void notify_progress(const app::App& a) {
  const app::LessonView& lv = a.lesson();
  const uint64_t key = lv.practice().version() * 1000003u + (static_cast<uint64_t>(lv.visited()) << 8) +
                       static_cast<uint64_t>(lv.panel()) * 7 + static_cast<uint64_t>(a.tab()) * 131 +
                       (app::language() == app::Language::Korean ? 1 : 0) * 65537;
  if (key == g_notified_key) return;
  g_notified_key = key;
  EM_ASM({ if (Module.cnnDemoProgress) Module.cnnDemoProgress(); });
}

}  // namespace web

extern "C" {

EMSCRIPTEN_KEEPALIVE char* cnn_demo_text_buffer() { return g_text; }
EMSCRIPTEN_KEEPALIVE int cnn_demo_text_buffer_size() { return static_cast<int>(sizeof g_text); }

// The progress as JSON (valid until the next call); "" before start-up.
EMSCRIPTEN_KEEPALIVE const char* cnn_demo_progress() {
  const app::App* a = web::attached();
  g_json = a ? progress_json(*a) : std::string();
  return g_json.c_str();
}

// Item `item` of panel `panel` (0-based) answered with the text in the buffer (or "impossible"):
// 1 correct, 0 wrong, -1 not counted (empty, not a number, Infinity, too large, too few
// numbers), -2 no such item or not started.
EMSCRIPTEN_KEEPALIVE int cnn_demo_practice_answer(int panel, int item, int impossible) {
  app::App* a = web::attached();
  if (!a || panel < 0 || panel >= app::LessonView::kPanelCount || item < 0 ||
      item >= static_cast<int>(a->lesson().practice().items(panel).size()))
    return -2;
  g_text[sizeof g_text - 1] = 0;
  const app::lesson::CheckOutcome o =
      a->lesson().practice_view().check(a->lesson().practice(), panel, item, g_text, impossible != 0, ImGui::GetTime());
  web::after_frame();
  if (!o.counted()) return -1;
  return o.verdict == app::lesson::Verdict::Correct ? 1 : 0;
}

// New numbers for one panel's items; 1 when done.
EMSCRIPTEN_KEEPALIVE int cnn_demo_practice_new(int panel) {
  app::App* a = web::attached();
  if (!a || panel < 1 || panel >= app::LessonView::kPanelCount) return 0;
  a->lesson().practice_view().new_attempt(a->lesson().practice(), panel);
  web::after_frame();
  return 1;
}

// Every panel's items drawn anew from `seed` (answers cleared); 1 when done.
EMSCRIPTEN_KEEPALIVE int cnn_demo_practice_reset(unsigned seed) {
  app::App* a = web::attached();
  if (!a) return 0;
  a->lesson().practice().reset(seed);
  web::after_frame();
  return 1;
}

// Restores a saved state: the practice book from the buffer (PracticeBook::save()'s text), the
// visited panels and the panel (opened in the Lesson tab when `lesson_tab`). 1 when restored,
// 0 when the saved text was refused (nothing changed).
EMSCRIPTEN_KEEPALIVE int cnn_demo_progress_restore(int panel, unsigned visited, int lesson_tab) {
  app::App* a = web::attached();
  if (!a || panel < 0 || panel >= app::LessonView::kPanelCount) return 0;
  g_text[sizeof g_text - 1] = 0;
  if (!a->lesson().practice().load(g_text)) return 0;
  a->lesson().set_visited(visited);
  if (lesson_tab) a->show_lesson_panel(panel);
  else a->lesson().set_panel(panel);
  web::after_frame();
  return 1;
}

}  // extern "C"
