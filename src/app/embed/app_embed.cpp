// The App and LessonView parts that embedding needs (an LMS iframe, a phone): the URL options /
// host messages (one tab only, open a lesson panel), and a plain-text description of the screen
// for screen readers, which src/web/embed_exports.cpp sends to the page's #screen-description.
// (The Demo tab's narrow layout is in demo/demo_tab.cpp.)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/app.h"
#include "app/ui/i18n.h"
#include "app/lesson/lesson_view.h"
#include "app/embed/layout.h"
#include "app/lesson/conv.h"
#include "app/lesson/pool.h"
#include "app/demo/softmax_view.h"
#include "imgui.h"

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
  return text;
}

std::string LessonView::description() const {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s %d / %d: %s.", tr("lesson.contents"), panel_ + 1, kPanelCount,
                tr(("lesson.p" + std::to_string(panel_ + 1)).c_str()));
  std::string text = buf;
  // The step-by-step panels: the current window and its arithmetic, as the panel writes it.
  auto conv_text = [&](const lesson::ConvSetup& s, int step) {
    const lesson::ConvResult r = lesson::run_conv(s);
    const int n = lesson::conv_step_count(r);
    if (!r.error.empty() || n == 0) return;
    step = std::clamp(step, 0, n - 1);
    std::snprintf(buf, sizeof buf, tr("lesson.step_of"), step + 1, n);
    text += " ";
    text += buf;
    text += ": " + lesson::conv_step(s, r, step).text;
  };
  if (panel_ == 1) conv_text(conv_, conv_step_);
  if (panel_ == 2) conv_text(lesson::sized_conv_example(ps_input_, ps_filter_, ps_pad_, ps_stride_), ps_step_);
  if (panel_ == 4) {
    const lesson::PoolResult r = lesson::run_pool(pool_);
    const int n = static_cast<int>(r.output.v.size());
    if (r.error.empty() && n > 0) {
      const int step = std::clamp(pool_step_, 0, n - 1);
      std::snprintf(buf, sizeof buf, tr("lesson.step_of"), step + 1, n);
      text += " ";
      text += buf;
      text += ": " + lesson::pool_step_text(pool_, r, step);
    }
  }
  return text;
}

}  // namespace app
