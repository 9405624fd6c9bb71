#include "web/pointer_trail.h"

#include <emscripten.h>

#include "app/demo/drawing_pad.h"  // the marks

// clang-format off
EM_JS(void, cnn_trail_listen, (float press, float release), {
  var canvas = Module['canvas'], trail = Module.cnnTrail = [];
  canvas.addEventListener('pointermove', function (e) {
    if (!e.isPrimary || !(e.buttons & 1) || trail.length >= 8192) return;  // (a frame takes them all)
    var r = canvas.getBoundingClientRect(), all = e.getCoalescedEvents ? e.getCoalescedEvents() : [];
    if (!all.length) all = [e];
    for (var i = 0; i < all.length; i++) trail.push(all[i].clientX - r.left, all[i].clientY - r.top);
  });
  function mark(y) { return function (e) { if (e.isPrimary && e.button === 0) trail.push(NaN, y); }; }
  canvas.addEventListener('pointerdown', mark(press));
  canvas.addEventListener('pointerup', mark(release));
  canvas.addEventListener('pointercancel', mark(release));
});
EM_JS(int, cnn_trail_take, (float* out, int max), {
  var trail = Module.cnnTrail, n = Math.min(trail.length >> 1, max);
  if (!n) return 0;  // (most frames: no array made)
  HEAPF32.set(trail.slice(trail.length - 2 * n), out >> 2);
  trail.length = 0;
  return n;
});
// clang-format on

namespace web {

void listen_pointer_trail() { cnn_trail_listen(app::DrawingPad::kPressMark, app::DrawingPad::kReleaseMark); }

std::vector<ImVec2> take_pointer_trail() {
  constexpr int kMax = 4096;  // as many as the page keeps between two frames (seconds of a 1 kHz pen)
  static std::vector<ImVec2> buffer(kMax);
  const int n = cnn_trail_take(&buffer[0].x, kMax);
  return std::vector<ImVec2>(buffer.begin(), buffer.begin() + n);
}

}  // namespace web
