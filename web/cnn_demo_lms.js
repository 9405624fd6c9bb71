// The demo's learning record, for LMSs and host pages (docs/embedding.md): appended to the
// Emscripten output with --post-js before cnn_demo_api.js, which puts these into window.CNNDemo:
//   CNNDemo.progress()   {lessonStatus, visited, digitDrawn, score: {correct, asked, total, raw}, …}
//   CNNDemo.practice     .items() / .answer(panel, item, text | {impossible: true}) / .newNumbers(panel)
//                        / .reset(seed): the Lesson tab's "work it out, then check" items
// Module.cnnDemoLms is the same object for web/embed.js (SCORM, messages to the host page).
// The state itself lives in C++ (src/web/practice_exports.cpp, src/app/lesson/practice.*).
var cnnDemoLms = (function () {
  'use strict';
  var TAG = 'cnn-demo';
  var listeners = [];
  var drew = false, digitDrawn = false;

  function started() {
    return typeof runtimeInitialized !== 'undefined' && runtimeInitialized && Module._cnn_demo_status() === 1;
  }
  function requireReady(what) {
    if (!started()) throw new Error('CNNDemo.' + what + ': not ready yet: wait for CNNDemo.ready');
  }
  // Writes `text` (at most the buffer's size in UTF-8, NUL-terminated) into the C++ text buffer.
  function putText(text) {
    var bytes = new TextEncoder().encode(String(text));
    var size = Module._cnn_demo_text_buffer_size();
    if (bytes.length > size - 1) return false;
    var ptr = Module._cnn_demo_text_buffer();
    HEAPU8.set(bytes, ptr);
    HEAPU8[ptr + bytes.length] = 0;
    return true;
  }
  function raw() {
    var text = UTF8ToString(Module._cnn_demo_progress());
    return text ? JSON.parse(text) : null;
  }

  function progress() {
    requireReady('progress');
    var p = raw();
    var visited = [];
    for (var i = 0; i < p.panels; i++) visited.push(!!(p.visited & (1 << i)));
    var allVisited = visited.every(Boolean);
    var total = p.score.total;
    return {
      version: 1,
      lessonStatus: allVisited && digitDrawn ? 'completed' : 'incomplete',
      visited: visited,
      allVisited: allVisited,
      digitDrawn: digitDrawn,
      panel: p.panel + 1,
      tab: p.tab,
      lang: p.lang,
      score: { correct: p.score.correct, asked: p.score.asked, total: total,
               raw: total ? Math.round(100 * p.score.correct / total) : 0 },
      perPanel: p.perPanel.map(function (s, k) {
        return { panel: k + 1, correct: s.correct, asked: s.asked, total: s.total, seed: s.seed, attempt: s.attempt + 1 };
      }),
      answers: p.journal.map(function (e) {
        return { id: e.id, panel: e.panel + 1, item: e.item + 1, seed: e.seed, response: e.response,
                 answer: e.answer, correct: e.correct, latency: e.latency };
      }),
      saved: p.book,
    };
  }

  function checkPanel(what, panel, lo) {
    var count = Module._cnn_demo_panel_count();
    if (!Number.isInteger(panel) || panel < lo || panel > count) {
      throw new Error('CNNDemo.practice.' + what + ': panel must be an integer ' + lo + '..' + count + ', got ' + panel);
    }
  }
  var practice = Object.freeze({
    // The items of the lesson panel shown: [{id, question, parts, impossibleChoice, answered, correct, message}].
    items: function () { requireReady('practice.items'); return raw().items; },
    // Answers item `item` (1-based) of lesson panel `panel` (1-based) with `response`: the text a
    // student would type, or {impossible: true}. → {result: 'correct'|'wrong'|'not-counted', message}
    answer: function (panel, item, response) {
      requireReady('practice.answer');
      checkPanel('answer', panel, 1);
      var impossible = !!(response && typeof response === 'object' && response.impossible === true);
      var text = impossible ? '' : (typeof response === 'string' ? response : typeof response === 'number' ? String(response) : null);
      if (text === null) throw new Error('CNNDemo.practice.answer: the response must be a string, a number or {impossible: true}');
      if (!putText(text.slice(0, 200))) throw new Error('CNNDemo.practice.answer: the response is too long');
      var r = Module._cnn_demo_practice_answer(panel - 1, item - 1, impossible ? 1 : 0);
      if (r === -2) throw new Error('CNNDemo.practice.answer: panel ' + panel + ' has no item ' + item);
      var items = (function () { try { return raw().items; } catch (e) { return []; } })();
      var shown = raw().panel === panel - 1 && items[item - 1];
      return { result: r === 1 ? 'correct' : r === 0 ? 'wrong' : 'not-counted', message: shown ? shown.message : '' };
    },
    newNumbers: function (panel) {
      requireReady('practice.newNumbers');
      checkPanel('newNumbers', panel, 2);
      Module._cnn_demo_practice_new(panel - 1);
    },
    reset: function (seed) {
      requireReady('practice.reset');
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error('CNNDemo.practice.reset: seed must be an integer 0..4294967295');
      Module._cnn_demo_practice_reset(seed >>> 0);
    },
  });

  // Restores what progress().saved (and the panel, visits, drawing) said: false when refused.
  function restore(saved) {
    requireReady('restore');
    if (!saved || typeof saved.book !== 'string' || !putText(saved.book)) return false;
    var panel = saved.panel | 0, visited = saved.visited >>> 0;
    if (!Module._cnn_demo_progress_restore(panel, visited, saved.lessonTab ? 1 : 0)) return false;
    if (saved.digitDrawn) digitDrawn = true;
    changed();
    return true;
  }

  function changed() {
    listeners.forEach(function (fn) { try { fn(); } catch (e) { console.warn(TAG + ': ' + e.message); } });
  }
  Module.cnnDemoProgress = changed;

  // "A digit drawn": the student pressed on the pad (not a loaded sample), and the pad then held
  // a classified digit.
  function padContains(e) {
    var r = Module._cnn_demo_pad_rect() >> 2, c = Module.canvas.getBoundingClientRect();
    var x = e.clientX - c.left - HEAPF32[r], y = e.clientY - c.top - HEAPF32[r + 1];
    return x >= 0 && y >= 0 && x <= HEAPF32[r + 2] && y <= HEAPF32[r + 3];
  }
  Module.canvas.addEventListener('pointerdown', function (e) {
    try { drew = started() && padContains(e); } catch (err) { /* not ready */ }
  });
  // After the stroke, the pad is classified within a frame or two: look for a label for a second.
  function afterStroke() {
    if (!drew || digitDrawn) return;
    var frames = 0;
    (function look() {
      try {
        if (started() && Module._cnn_demo_current() >= 0) { digitDrawn = true; changed(); return; }
      } catch (e) { return; }
      if (++frames < 60) requestAnimationFrame(look);
    })();
  }
  Module.canvas.addEventListener('pointerup', afterStroke);
  Module.canvas.addEventListener('pointercancel', afterStroke);

  // The offline single file (dist/cnn-demo.html) carries the Train tab's data and the models
  // fetched on demand gzip-compressed in base64 (web/embed_package.py), each in a
  // <script type="application/octet-stream" id=ID>: Module.cnnInlined(ID) reads one as a Response
  // through DecompressionStream; null when the page carries no such element (then it fetches).
  Module.cnnInlined = function (id) {
    var inlined = document.getElementById(id);
    if (!inlined) return null;
    return new Promise(function (resolve) {
      var text = atob(inlined.textContent.replace(/\s+/g, '')), bytes = new Uint8Array(text.length);
      for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      resolve(new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))));
    });
  };
  Module.cnnTrainData = function () { return Module.cnnInlined('cnn-train-data') || fetch('mnist-train.cnnd'); };

  var api = {
    progress: progress,
    practice: practice,
    restore: restore,
    onChange: function (fn) { listeners.push(fn); },
  };
  Module.cnnDemoLms = api;
  return api;
})();
