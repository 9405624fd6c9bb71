// Line breaking for text that holds numbers (the trace window's sums): only at spaces, so that
// "0.56*0.02" never splits after its '.' as ImGui's own wrapping would. No ImGui here (tested
// natively); app/ui/widgets.h draws with it. A template, so that the page's code stays small.
#pragma once
#include <cstddef>

namespace app {

// Calls emit(begin, end) with each line of text, for lines `width` wide, where
// measure(a, b) is the width of the text [a, b): words (runs without spaces) fill a line while
// they fit; a word wider than a line has one of its own; '\n' ends a line.
template <class Measure, class Emit>
void break_at_spaces(const char* text, float width, Measure&& measure, Emit&& emit) {
  const char* line = text;  // the line being filled
  const char* end = text;   // the end of its last word
  const char* p = text;     // the next word
  while (*p) {
    const char* w = p;
    while (*w && *w != ' ' && *w != '\n') ++w;
    if (w > p) {  // a word (spaces before a '\n' are none)
      if (end > line && measure(line, w) > width) {  // it starts a new line
        emit(line, end);
        line = p;
      }
      end = w;
    }
    if (*w == '\n') {
      emit(line, end);
      line = end = p = w + 1;
      continue;
    }
    for (p = w; *p == ' ';) ++p;
  }
  if (end > line) emit(line, end);
}

}  // namespace app
