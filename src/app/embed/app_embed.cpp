// The App parts that embedding needs (an LMS iframe, a phone): the URL options / host messages
// (one tab only, open a lesson panel), and a plain-text description of the screen for screen
// readers, which src/web/embed_exports.cpp sends to the page's #screen-description (in the
// Lesson tab LessonView::description() words it). The Demo tab's narrow layout is in
// demo/demo_tab.cpp.
#include <cstdio>
#include <string>

#include "app/app.h"
#include "app/ui/i18n.h"

namespace app {

void App::show_only_tab(int tab) {
  if (tab < 0) {
    ui_.only_tab = -1;
    return;
  }
  ui_.only_tab = tab;
  ui_.select_tab = tab;
}

void App::show_lesson_panel(int panel) {
  lesson_.set_panel(panel);
  if (ui_.only_tab < 0 || ui_.only_tab == static_cast<int>(Tab::Lesson)) ui_.select_tab = static_cast<int>(Tab::Lesson);
}

std::string App::screen_description() const {
  if (ui_.tab == Tab::Lesson) return lesson_.description();
  std::string text = prediction_text();
  if (ui_.sample_index >= 0) {
    char buf[96];
    std::snprintf(buf, sizeof buf, tr("pad.sample_label"), ui_.sample_label);
    text += ". ";
    text += buf;
  }
  if (!explain_.trace.description().empty()) text += ". " + explain_.trace.description();  // trace mode's cell
  return text;
}

}  // namespace app
