// The embed page's side of the demo (docs/embedding.md): URL options, the host-page message
// protocol, SCORM 1.2, and the HTML text alternatives of the canvas. Runs after
// cnn_demo_api.js (window.CNNDemo): as a plain script in dist/embed.html, or compiled in with
// --post-js in dist/cnn-demo.html. Stores nothing (no cookies, no storage), requests nothing.
//   window.CNNDemoEmbed.options    the URL options in effect ({lang, view, panel, sample, model, seed, parentOrigin});
//                                  one ignored once the page is ready (sample=999999) is null
//   window.CNNDemoEmbed.scormLog() the SCORM calls made so far ([name, args..., result])
//   window.CNNDemoEmbed.warnings   the last MAX_WARNINGS things ignored, in words (console.warn
//                                  prints the first few of every 10 s, then how many it left out)
//   window.CNNDemoEmbed.warningCount   how many there were in all
//   window.CNNDemoEmbed.resizeLog()    the heights posted to the host page so far
(function () {
  'use strict';
  var TAG = 'cnn-demo';
  // The lesson's panel count, from the app (LessonView) once it runs; before that a panel number
  // is only checked to be a number.
  function panelCount() { return isReady ? Module._cnn_demo_panel_count() : 99; }
  var VIEWS = { both: -1, demo: 0, lesson: 1 };  // values of app::Tab (-1: every tab)
  var canvas = document.getElementById('canvas');
  var descriptionEl = document.getElementById('screen-description');
  var embedded = window.parent !== window;
  // Warnings stay bounded whatever a host page sends (10 000 malformed messages): the last
  // MAX_WARNINGS are kept, all are counted, and the console gets at most CONSOLE_WARNINGS of every
  // CONSOLE_WINDOW_MS, then one line saying how many it left out.
  var MAX_WARNINGS = 50, CONSOLE_WARNINGS = 10, CONSOLE_WINDOW_MS = 10000;
  var warnings = [], warningCount = 0, consoleShown = 0, consoleLeftOut = 0, consoleWindow = 0;
  function warn(text) {
    warningCount++;
    warnings.push(text);
    if (warnings.length > MAX_WARNINGS) warnings.splice(0, warnings.length - MAX_WARNINGS);
    var now = Date.now();
    if (now - consoleWindow >= CONSOLE_WINDOW_MS) { consoleWindow = now; consoleShown = 0; }
    if (consoleShown < CONSOLE_WARNINGS) { consoleShown++; console.warn(TAG + ': ' + text); return; }
    if (consoleLeftOut++ === 0) {
      setTimeout(function () {
        console.warn(TAG + ': ' + consoleLeftOut + ' more warnings not shown (CNNDemoEmbed.warnings keeps the last ' +
                     MAX_WARNINGS + ')');
        consoleLeftOut = 0;
      }, consoleWindow + CONSOLE_WINDOW_MS - now);
    }
  }
  function safe(text) { return String(text).slice(0, 80).replace(/[^\x20-\x7e]/g, '?'); }  // for warnings

  // 1. URL options: ?lang=ko&view=lesson&panel=2&sample=7&parentOrigin=https://lms.example.edu
  function originOf(text) {
    try {
      var u = new URL(text);
      return (u.protocol === 'https:' || u.protocol === 'http:') ? u.origin : null;
    } catch (e) { return null; }
  }
  function parseOptions(search) {
    var o = { lang: null, view: null, panel: null, sample: null, model: null, seed: null, parentOrigin: null };
    var params;
    try { params = new URLSearchParams(search); } catch (e) { warn('the URL options could not be read'); return o; }
    params.forEach(function (value, key) {
      if (key === 'lang') {
        if (value === 'en' || value === 'ko') o.lang = value;
        else warn('lang="' + safe(value) + '" ignored: use en or ko');
      } else if (key === 'view') {
        if (Object.prototype.hasOwnProperty.call(VIEWS, value)) o.view = value;
        else warn('view="' + safe(value) + '" ignored: use demo, lesson or both');
      } else if (key === 'panel') {
        if (/^[1-9][0-9]?$/.test(value)) o.panel = +value;  // the range is checked once loaded
        else warn('panel="' + safe(value) + '" ignored: use a lesson panel number 1..' + panelCount());
      } else if (key === 'sample') {
        if (/^[0-9]{1,6}$/.test(value)) o.sample = +value;  // the range is checked once loaded
        else warn('sample="' + safe(value) + '" ignored: use a sample number 0..99');
      } else if (key === 'model') {
        if (/^[a-z0-9-]{1,32}$/.test(value)) o.model = value;  // the name is checked once loaded
        else warn('model="' + safe(value) + '" ignored: use a model name such as simple or two-stage');
      } else if (key === 'seed') {
        if (/^[0-9]{1,9}$/.test(value)) o.seed = +value;
        else warn('seed="' + safe(value) + '" ignored: use a whole number 0..999999999');
      } else if (key === 'parentOrigin') {
        var origin = value === '*' ? '*' : originOf(value);
        if (origin && (origin === '*' || origin === value.replace(/\/$/, ''))) o.parentOrigin = origin;
        else warn('parentOrigin="' + safe(value) + '" ignored: use an origin like https://lms.example.edu');
      } else {
        warn('unknown URL option "' + safe(key) + '" ignored');
      }
    });
    return o;
  }
  var options = parseOptions(window.location.search);
  Module.cnnDemoEmbedOptions = true;  // cnn_demo_api.js leaves the model= option to this file

  // The host page messages may come from: parentOrigin, else the embedding page's origin.
  function hostOrigin() {
    if (options.parentOrigin) return options.parentOrigin;
    try {
      if (window.location.ancestorOrigins && window.location.ancestorOrigins.length) {
        var a = window.location.ancestorOrigins[0];
        if (a && a !== 'null') return a;
      }
    } catch (e) { /* not available */ }
    return originOf(document.referrer) || null;
  }
  var allowedOrigin = embedded ? hostOrigin() : null;

  // 2. To the host page: {source: 'cnn-demo', type, ...}, only to the allowed origin.
  function post(message) {
    if (!embedded || !allowedOrigin) return;
    message.source = TAG;
    try { window.parent.postMessage(message, allowedOrigin); } catch (e) { console.warn(TAG + ': ' + e.message); }
  }

  var isReady = false, pending = [];
  var lastPosted = null;
  function postPrediction() {
    var c = null;
    try { c = window.CNNDemo.current(); } catch (e) { return; }
    var key = c ? (c.error ? 'error' : c.label + ':' + c.probs.join(',')) : 'none';
    if (key === lastPosted) return;
    lastPosted = key;
    if (c && c.error) {  // the network's output was not finite: words, never NaN (docs/embedding.md)
      post({ type: 'prediction', label: null, probs: null, error: c.error });
      return;
    }
    post({ type: 'prediction', label: c ? c.label : null, probs: c ? c.probs : null });
  }

  // 3. SCORM 1.2: the LMS's API object in a parent (or opener) frame, when there is one. What it
  //    reports comes from CNNDemo.progress() (web/cnn_demo_lms.js): lesson_status (incomplete →
  //    completed once every lesson panel was seen and a digit drawn; passed/failed against the
  //    manifest's mastery score), score.raw/min/max, one cmi.interactions.n per answered practice
  //    item, session_time, and suspend_data to resume at the panel with the score. A failing
  //    LMS call is logged (console.warn) and the demo carries on.
  var SUSPEND_VERSION = 1, SUSPEND_MAX = 4096, MAX_INTERACTIONS = 250;
  var scorm = (function () {
    var api = null, finished = false, startedAt = 0, mastery = null;
    var base = 0, reported = 0;  // interactions: the LMS's count at start, and this session's reported
    var sent = {}, lmsStatus = '', dirty = false, failures = 0;
    var log = [];  // [name, args..., result] of every call, for tests (CNNDemoEmbed.scormLog())
    function find(win) {
      for (var depth = 0; win && depth < 10; depth++) {
        try { if (win.API && typeof win.API.LMSInitialize === 'function') return win.API; } catch (e) { /* cross-origin */ }
        if (win.parent === win) break;
        win = win.parent;
      }
      return null;
    }
    function call(name) {
      var args = Array.prototype.slice.call(arguments, 1), result;
      try { result = String(api[name].apply(api, args)); } catch (e) {
        console.warn(TAG + ': SCORM ' + name + ' failed: ' + e.message);
        result = 'false';
      }
      if (log.length < 2000) log.push([name].concat(args, [result]));
      return result;
    }
    function lastError() {
      try { var code = String(api.LMSGetLastError()); return code + ' ' + String(api.LMSGetErrorString(code)); } catch (e) { return '?'; }
    }
    function set(key, value) {
      value = String(value);
      if (sent[key] === value) return true;
      var r = call('LMSSetValue', key, value);
      if (r !== 'true') {
        if (failures++ < 20) console.warn(TAG + ': SCORM LMSSetValue(' + key + ') failed (' + lastError() + '); the demo carries on');
        return false;
      }
      sent[key] = value;
      dirty = true;
      return true;
    }
    function commit() {
      if (!api || !dirty) return;
      dirty = false;
      if (call('LMSCommit', '') !== 'true') console.warn(TAG + ': SCORM LMSCommit failed (' + lastError() + ')');
    }
    // SCORM 1.2's CMITimespan, HHHH:MM:SS.SS
    function timespan(seconds) {
      seconds = Math.max(0, Math.min(seconds, 9999 * 3600 + 3599.99));
      var cs = Math.round(seconds * 100), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, sec = (cs % 6000) / 100;
      function pad(n, w) { n = String(n); while (n.length < w) n = '0' + n; return n; }
      return pad(h, 4) + ':' + pad(m, 2) + ':' + pad(sec.toFixed(2), 5);
    }
    function clock(d) {  // CMITime, HH:MM:SS
      function pad(n) { return n < 10 ? '0' + n : String(n); }
      return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
    }
    // The saved state: {v, p: panel 0-based, t: 1 when in the Lesson tab, vis: visited mask,
    // d: 1 when a digit was drawn, b: the practice book's text}.
    function suspendData(pr) {
      return JSON.stringify({ v: SUSPEND_VERSION, p: pr.panel - 1, t: pr.tab === 'lesson' ? 1 : 0,
        vis: pr.visited.reduce(function (m, v, i) { return v ? m | (1 << i) : m; }, 0), d: pr.digitDrawn ? 1 : 0, b: pr.saved });
    }
    function resume(text) {
      if (!text) return;
      var why = null, data = null;
      if (text.length > SUSPEND_MAX) why = 'it is longer than ' + SUSPEND_MAX + ' characters';
      else {
        try { data = JSON.parse(text); } catch (e) { why = 'it is not JSON'; }
        if (!why && (!data || typeof data !== 'object')) why = 'it is not an object';
        else if (!why && data.v !== SUSPEND_VERSION) why = 'it comes from another version (' + safe(data.v) + ')';
        else if (!why && !(Number.isInteger(data.p) && data.p >= 0 && data.p < panelCount() && Number.isInteger(data.vis) &&
                           data.vis >= 0 && typeof data.b === 'string')) why = 'its fields are malformed';
      }
      if (!why && !Module.cnnDemoLms.restore({ book: data.b, panel: data.p, visited: data.vis, lessonTab: data.t === 1,
                                               digitDrawn: data.d === 1 })) why = 'its practice answers do not check out';
      if (why) { warn('cmi.suspend_data ignored (' + why + '): starting fresh'); return; }
      panel = data.p;
    }
    function start() {
      if (embedded) api = find(window.parent);
      if (!api && window.opener) { try { api = find(window.opener); } catch (e) { api = null; } }
      if (!api) return;
      if (call('LMSInitialize', '') !== 'true') {
        console.warn(TAG + ': SCORM LMSInitialize did not succeed (' + lastError() + '): running without the LMS');
        api = null;
        return;
      }
      startedAt = Date.now();
      lmsStatus = call('LMSGetValue', 'cmi.core.lesson_status');
      var ms = call('LMSGetValue', 'cmi.student_data.mastery_score');
      if (/^[0-9]+(\.[0-9]+)?$/.test(ms) && +ms >= 0 && +ms <= 100) mastery = +ms;
      var count = call('LMSGetValue', 'cmi.interactions._count');
      base = /^[0-9]+$/.test(count) ? +count : 0;
      resume(call('LMSGetValue', 'cmi.suspend_data'));
      if (lmsStatus === 'not attempted' || lmsStatus === '' || lmsStatus === 'browsed') set('cmi.core.lesson_status', 'incomplete');
      set('cmi.core.exit', 'suspend');  // so that the LMS keeps suspend_data for the next visit
      update();
      dirty = true;
      commit();
      window.addEventListener('pagehide', finish);
      window.addEventListener('beforeunload', finish);
      document.addEventListener('visibilitychange', function () {
        if (document.visibilityState === 'hidden' && api && !finished) { save(); commit(); }
      });
    }
    function save() {
      try {
        var text = suspendData(window.CNNDemo.progress());
        if (text.length <= SUSPEND_MAX) set('cmi.suspend_data', text);
        else console.warn(TAG + ': the saved state is ' + text.length + ' characters, more than SCORM 1.2 allows; not saved');
      } catch (e) { console.warn(TAG + ': ' + e.message); }
    }
    // After every change of the progress: what is new goes to the LMS; answers and a new status
    // are committed at once, panel visits with the next commit.
    function update() {
      if (!api || finished) return;
      var pr;
      try { pr = window.CNNDemo.progress(); } catch (e) { return; }
      var important = false, single = /^-?[0-9]+(\.[0-9]+)?$/;
      for (; reported < pr.answers.length && base + reported < MAX_INTERACTIONS; reported++) {
        var a = pr.answers[reported], n = 'cmi.interactions.' + (base + reported) + '.';
        set(n + 'id', 'p' + a.panel + 'q' + a.item + 's' + a.seed);  // alphanumeric, as SCORM 1.2 asks
        set(n + 'time', clock(new Date()));
        set(n + 'type', single.test(a.answer) && single.test(a.response) ? 'numeric' : 'fill-in');
        set(n + 'correct_responses.0.pattern', a.answer.replace(/ /g, ',').slice(0, 255));
        set(n + 'weighting', '1');
        set(n + 'student_response', a.response.replace(/ /g, ',').slice(0, 255));
        set(n + 'result', a.correct ? 'correct' : 'wrong');
        set(n + 'latency', timespan(a.latency));
        important = true;
      }
      if (pr.score.asked > 0 || sent['cmi.core.score.raw'] !== undefined) {
        set('cmi.core.score.min', '0');
        set('cmi.core.score.max', '100');
        set('cmi.core.score.raw', String(pr.score.raw));
      }
      var done = pr.lessonStatus === 'completed' || lmsStatus === 'completed' || lmsStatus === 'passed' || lmsStatus === 'failed';
      if (done) {
        var status = mastery === null ? 'completed' : pr.score.raw >= mastery ? 'passed' : 'failed';
        if (sent['cmi.core.lesson_status'] !== status && !(mastery === null && (lmsStatus === 'passed' || lmsStatus === 'failed'))) {
          important = set('cmi.core.lesson_status', status) || important;
        }
      }
      save();
      if (important) commit();
    }
    function finish() {
      if (!api || finished) return;
      update();
      finished = true;
      set('cmi.core.session_time', timespan((Date.now() - startedAt) / 1000));
      dirty = true;
      commit();
      if (call('LMSFinish', '') !== 'true') console.warn(TAG + ': SCORM LMSFinish failed (' + lastError() + ')');
    }
    return {
      start: start,
      update: update,
      active: function () { return !!api; },
      log: function () { return log.slice(); },
    };
  })();

  // The same progress for host pages without SCORM: {source: 'cnn-demo', type: 'progress', ...}
  // whenever it changes (an answer, a panel seen, a digit drawn), only to the allowed origin.
  var lastProgress = '';
  function postProgress() {
    var pr;
    try { pr = window.CNNDemo.progress(); } catch (e) { return; }
    var msg = { type: 'progress', lessonStatus: pr.lessonStatus, visited: pr.visited, digitDrawn: pr.digitDrawn,
                panel: pr.panel, score: pr.score, perPanel: pr.perPanel, answers: pr.answers };
    var key = JSON.stringify(msg);
    if (key === lastProgress) return;
    lastProgress = key;
    post(msg);
  }
  function progressChanged() {
    if (!isReady) return;
    scorm.update();
    postProgress();
    renderPractice();
  }

  // The model switch (CNNDemo.setModel): a name the page knows, else a warning.
  function modelWords() { var m = window.CNNDemo.models(); return m.slice(0, -1).join(', ') + ' or ' + m[m.length - 1]; }
  function knownModel(name) { return typeof name === 'string' && window.CNNDemo.models().indexOf(name) >= 0; }

  // 4. From the host page: clear, load-sample, set-lang, show-panel, set-model. Anything else is ignored;
  //    nothing a message holds can throw inside the app.
  function handle(data) {
    switch (data.type) {
      case 'clear': window.CNNDemo.clear(); break;
      case 'load-sample':
        if (!Number.isInteger(data.index) || data.index < 0 || data.index >= window.CNNDemo.sampleCount()) {
          warn('load-sample: index must be an integer 0..' + (window.CNNDemo.sampleCount() - 1)); break;
        }
        window.CNNDemo.loadSample(data.index); break;
      case 'set-lang':
        if (data.lang !== 'en' && data.lang !== 'ko') { warn('set-lang: lang must be en or ko'); break; }
        setLanguage(data.lang); break;
      case 'show-panel':
        if (!Number.isInteger(data.panel) || data.panel < 1 || data.panel > panelCount()) {
          warn('show-panel: panel must be an integer 1..' + panelCount()); break;
        }
        Module._cnn_demo_show_panel(data.panel - 1); break;
      case 'set-model':
        if (!knownModel(data.model)) { warn('set-model: model must be ' + modelWords()); break; }
        // A model fetched on demand is shown when it arrives: the host hears its prediction then.
        window.CNNDemo.setModel(data.model).then(postPrediction, function (e) { warn('set-model: ' + e.message); }); break;
      default: warn('message type "' + safe(data.type) + '" ignored');
    }
    postPrediction();
  }
  window.addEventListener('message', function (event) {
    try {
      if (!embedded || event.source !== window.parent) return;
      if (allowedOrigin !== '*' && event.origin !== allowedOrigin) return;  // not our host page
      var data = event.data;
      if (!data || typeof data !== 'object' || data.source !== TAG || typeof data.type !== 'string') return;
      if (isReady) handle(data); else if (pending.length < 20) pending.push(data);
    } catch (e) {
      console.warn(TAG + ': message ignored: ' + (e && e.message ? e.message : e));
    }
  });

  // 4b. Height for hosts: whenever the height the page would like changes (its width, the tab,
  //     the model, the language, what is open), {type: 'resize', height} and Canvas's
  //     {subject: 'lti.frameResize', height} go to the parent, at the allowed origin only. The
  //     Demo tab's height follows from the width alone (src/app/embed/layout.h), so a host that
  //     sets the frame to it gets the same height back; should a tab's height ever grow with the
  //     frame, it is posted at most MAX_GROWTH times in a row after the host followed it.
  var MAX_GROWTH = 3, RESIZE_POLL_MS = 250;
  var postedHeight = 0, growth = 0, resizeLog = [];
  function postResize() {
    if (!isReady || !embedded || !allowedOrigin) return;
    var h = Math.ceil(Module._cnn_demo_preferred_height());
    if (!(h > 0) || Math.abs(h - postedHeight) < 2) return;
    if (h > postedHeight && postedHeight > 0 && Math.abs(window.innerHeight - postedHeight) < 2) {
      if (++growth > MAX_GROWTH) return;  // it grew because the frame did: not again
    } else {
      growth = 0;
    }
    postedHeight = h;
    if (resizeLog.length < 200) resizeLog.push(h);
    post({ type: 'resize', height: h });
    // Canvas reads an object with a subject (its window.postMessage documentation).
    try { window.parent.postMessage({ subject: 'lti.frameResize', height: h }, allowedOrigin); } catch (e) { console.warn(TAG + ': ' + e.message); }
  }
  var lastWidth = -1;
  window.addEventListener('resize', function () {
    if (window.innerWidth !== lastWidth) { lastWidth = window.innerWidth; growth = 0; }
  });

  // 5. Text alternatives: #screen-description follows the canvas (C++ App::screen_description);
  //    in the Lesson tab it is a live region (the Demo's prediction already is: #prediction).
  Module.cnnDemoDescription = function (text, live) {
    descriptionEl.textContent = text;
    descriptionEl.setAttribute('aria-live', live ? 'polite' : 'off');
  };
  var previousPrediction = Module.cnnDemoPrediction;
  Module.cnnDemoPrediction = function (text) {
    if (previousPrediction) previousPrediction(text);
    if (isReady) postPrediction();
  };

  // (C++ keeps <html lang> equal to the app's language, whoever changed it.)
  function setLanguage(code) { Module._cnn_demo_set_language(code === 'ko' ? 1 : 0); }

  // 6. Keyboard: SDL reads keys only on the canvas (SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT), so
  //    the host page keeps its own. Tab is left to the browser, so focus moves into and out of
  //    the demo (SDL would otherwise keep it).
  window.addEventListener('keydown', function (e) {
    if (e.key === 'Tab' && e.target === canvas) e.stopImmediatePropagation();
  }, true);
  var panel = 0;
  var controls = document.getElementById('a11y-controls');
  if (controls) {
    controls.addEventListener('click', function (e) {
      var action = e.target && e.target.getAttribute && e.target.getAttribute('data-action');
      if (!action || !isReady) return;
      try {
        if (action === 'clear') window.CNNDemo.clear();
        else if (action === 'sample') window.CNNDemo.loadSample(Math.floor(Math.random() * window.CNNDemo.sampleCount()));
        else if (action === 'demo') Module._cnn_demo_show_only_tab(options.view ? VIEWS[options.view] : -1);
        else if (action === 'prev-panel' || action === 'next-panel') {
          panel = Math.min(panelCount() - 1, Math.max(0, panel + (action === 'next-panel' ? 1 : -1)));
          Module._cnn_demo_show_panel(panel);
        } else if (action === 'lang') setLanguage(document.documentElement.lang === 'ko' ? 'en' : 'ko');
      } catch (err) { console.warn(TAG + ': ' + err.message); }
    });
  }

  // 6b. The practice items as HTML (inside #a11y-controls, shown while focused): a labelled field
  //     and Check (and Impossible) per item of the lesson panel shown, and New numbers; the same
  //     checks as the canvas's (CNNDemo.practice), the feedback under each item. The canvas's
  //     #screen-description announces the feedback too (C++ LessonView::description).
  var practiceEl = document.getElementById('a11y-practice'), practiceKey = '';
  function renderPractice() {
    if (!practiceEl || !isReady) return;
    var items, labels, panelShown, tab;
    try {
      var p = JSON.parse(UTF8ToStringSafe());
      items = p.items; labels = p.labels; panelShown = p.panel; tab = p.tab;
    } catch (e) { return; }
    var key = tab + '|' + panelShown + '|' + document.documentElement.lang + '|' + items.map(function (it) { return it.id + it.question; }).join('|');
    if (tab !== 'lesson' || !items.length) { practiceEl.hidden = true; practiceKey = ''; practiceEl.textContent = ''; return; }
    practiceEl.hidden = false;
    if (key !== practiceKey) {
      practiceKey = key;
      practiceEl.textContent = '';
      var h = document.createElement('h2');
      h.textContent = labels.title;
      practiceEl.appendChild(h);
      items.forEach(function (it, i) {
        var box = document.createElement('div');
        box.className = 'practice-item';
        var id = 'practice-' + (i + 1);
        var label = document.createElement('label');
        label.setAttribute('for', id);
        label.textContent = (i + 1) + '. ' + it.question;
        var input = document.createElement('input');
        input.id = id; input.type = 'text'; input.autocomplete = 'off'; input.spellcheck = false;
        input.setAttribute('inputmode', it.parts > 1 ? 'text' : 'decimal');
        input.setAttribute('aria-describedby', id + '-msg');
        input.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); check(i, false); } });
        var button = document.createElement('button');
        button.type = 'button'; button.textContent = labels.check; button.setAttribute('data-action', 'practice-check');
        button.setAttribute('aria-label', labels.check + ' ' + (i + 1));
        button.addEventListener('click', function () { check(i, false); });
        box.appendChild(label); box.appendChild(input); box.appendChild(button);
        if (it.impossibleChoice) {
          var imp = document.createElement('button');
          imp.type = 'button'; imp.textContent = labels.impossible; imp.setAttribute('data-action', 'practice-impossible');
          imp.setAttribute('aria-label', labels.impossible + ' ' + (i + 1));
          imp.addEventListener('click', function () { check(i, true); });
          box.appendChild(imp);
        }
        var msg = document.createElement('p');
        msg.id = id + '-msg'; msg.className = 'practice-msg';
        box.appendChild(msg);
        practiceEl.appendChild(box);
      });
      var again = document.createElement('button');
      again.type = 'button'; again.textContent = labels.newNumbers; again.setAttribute('data-action', 'practice-new');
      again.addEventListener('click', function () {
        try { window.CNNDemo.practice.newNumbers(panelShown + 1); } catch (e) { console.warn(TAG + ': ' + e.message); }
      });
      practiceEl.appendChild(again);
      var score = document.createElement('p');
      score.className = 'practice-score';
      practiceEl.appendChild(score);
    }
    items.forEach(function (it, i) {
      var box = practiceEl.querySelectorAll('.practice-item')[i];
      if (!box) return;
      box.querySelector('.practice-msg').textContent = it.message;
      box.querySelectorAll('input, button').forEach(function (el) { el.disabled = it.answered; });
    });
    practiceEl.querySelector('.practice-score').textContent = labels.score;
    function check(i, impossible) {
      var input = document.getElementById('practice-' + (i + 1));
      try { window.CNNDemo.practice.answer(panelShown + 1, i + 1, impossible ? { impossible: true } : input.value); } catch (e) {
        console.warn(TAG + ': ' + e.message);
      }
      renderPractice();
    }
  }
  function UTF8ToStringSafe() { return Module.UTF8ToString(Module._cnn_demo_progress()); }

  // 7. Reduced motion: the lesson's Play stays off while the system asks for less motion.
  var motion = window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;
  function applyMotion() { if (isReady && motion) Module._cnn_demo_set_reduced_motion(motion.matches ? 1 : 0); }
  if (motion && motion.addEventListener) motion.addEventListener('change', applyMotion);

  // 8. Once loaded: the options, then 'ready', then any messages that came early.
  window.CNNDemo.ready.then(function () {
    isReady = true;
    applyMotion();
    if (options.lang) setLanguage(options.lang);
    if (options.view) Module._cnn_demo_show_only_tab(VIEWS[options.view]);
    if (options.panel !== null) {
      if (options.panel <= panelCount()) { panel = options.panel - 1; Module._cnn_demo_show_panel(panel); }
      else { warn('panel="' + options.panel + '" ignored: use a lesson panel number 1..' + panelCount()); options.panel = null; }
    }
    if (options.model !== null) {
      if (knownModel(options.model)) {
        window.CNNDemo.setModel(options.model).then(postPrediction, function (e) { warn('model=' + options.model + ': ' + e.message); });
      }
      else warn('model="' + options.model + '" ignored: use ' + modelWords());
    }
    if (options.sample !== null) {
      var n = window.CNNDemo.sampleCount();
      if (options.sample < n) window.CNNDemo.loadSample(options.sample);
      else { warn('sample="' + options.sample + '" ignored: use a sample number 0..' + (n - 1)); options.sample = null; }
    }
    if (options.seed !== null) window.CNNDemo.practice.reset(options.seed);
    else window.CNNDemo.practice.reset((Math.random() * 0x7fffffff) >>> 0);  // numbers drawn per attempt
    if (embedded && !allowedOrigin) warn('the host page\'s origin is unknown: set the parentOrigin URL option to exchange messages');
    scorm.start();
    Module.cnnDemoLms.onChange(progressChanged);
    post({ type: 'ready' });
    lastWidth = window.innerWidth;
    postResize();
    setInterval(postResize, RESIZE_POLL_MS);  // the app's preferred height, checked 4 times a second
    progressChanged();
    lastPosted = null;
    postPrediction();
    pending.splice(0).forEach(function (d) { try { handle(d); } catch (e) { console.warn(TAG + ': ' + e.message); } });
  }, function () { /* the failure is shown on the page */ });

  window.CNNDemoEmbed = Object.freeze({
    get options() { return Object.freeze(Object.assign({}, options)); },  // a copy: what is in effect now
    warnings: warnings,
    get warningCount() { return warningCount; },
    scorm: scorm.active,
    scormLog: scorm.log,
    resizeLog: function () { return resizeLog.slice(); },
  });
})();
