// The embed page's side of the demo (docs/embedding.md): URL options, the host-page message
// protocol, SCORM 1.2, and the HTML text alternatives of the canvas. Runs after
// cnn_demo_api.js (window.CNNDemo): as a plain script in dist/embed.html, or compiled in with
// --post-js in dist/cnn-demo.html. Stores nothing (no cookies, no storage), requests nothing.
//   window.CNNDemoEmbed.options    the URL options in effect ({lang, view, panel, sample, model, parentOrigin});
//                                  one ignored once the page is ready (sample=999999) is null
//   window.CNNDemoEmbed.warnings   the last MAX_WARNINGS things ignored, in words (console.warn
//                                  prints the first few of every 10 s, then how many it left out)
//   window.CNNDemoEmbed.warningCount   how many there were in all
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
    var o = { lang: null, view: null, panel: null, sample: null, model: null, parentOrigin: null };
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
    if (c) scorm.classified();
  }

  // 3. SCORM 1.2: the LMS's API object in a parent (or opener) frame, when there is one.
  var scorm = (function () {
    var api = null, drew = false, completed = false, finished = false;
    function find(win) {
      for (var depth = 0; win && depth < 10; depth++) {
        try { if (win.API && typeof win.API.LMSInitialize === 'function') return win.API; } catch (e) { /* cross-origin */ }
        if (win.parent === win) break;
        win = win.parent;
      }
      return null;
    }
    function call(name) {
      try { return String(api[name].apply(api, Array.prototype.slice.call(arguments, 1))); } catch (e) {
        console.warn(TAG + ': SCORM ' + name + ' failed: ' + e.message);
        return 'false';
      }
    }
    function start() {
      if (embedded) api = find(window.parent);
      if (!api && window.opener) { try { api = find(window.opener); } catch (e) { api = null; } }
      if (!api) return;
      if (call('LMSInitialize', '') !== 'true') { api = null; return; }
      var status = call('LMSGetValue', 'cmi.core.lesson_status');
      completed = status === 'completed' || status === 'passed';
      if (!completed) call('LMSSetValue', 'cmi.core.lesson_status', 'incomplete');
      window.addEventListener('pagehide', finish);
      window.addEventListener('beforeunload', finish);
    }
    function finish() {
      if (!api || finished) return;
      finished = true;
      call('LMSCommit', '');
      call('LMSFinish', '');
    }
    return {
      start: start,
      drawing: function () { drew = true; },
      // A digit the student drew has been classified: the activity is complete.
      classified: function () {
        if (!api || completed || !drew) return;
        completed = true;
        call('LMSSetValue', 'cmi.core.lesson_status', 'completed');
        call('LMSCommit', '');
      },
      active: function () { return !!api; },
    };
  })();
  canvas.addEventListener('pointerdown', function (e) {
    try {
      var r = window.CNNDemo.padRect(), x = e.pageX, y = e.pageY;
      if (x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height) scorm.drawing();
    } catch (err) { /* not ready */ }
  });

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
        window.CNNDemo.setModel(data.model); break;
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
      if (knownModel(options.model)) window.CNNDemo.setModel(options.model);
      else warn('model="' + options.model + '" ignored: use ' + modelWords());
    }
    if (options.sample !== null) {
      var n = window.CNNDemo.sampleCount();
      if (options.sample < n) window.CNNDemo.loadSample(options.sample);
      else { warn('sample="' + options.sample + '" ignored: use a sample number 0..' + (n - 1)); options.sample = null; }
    }
    if (embedded && !allowedOrigin) warn('the host page\'s origin is unknown: set the parentOrigin URL option to exchange messages');
    scorm.start();
    post({ type: 'ready' });
    lastPosted = null;
    postPrediction();
    pending.splice(0).forEach(function (d) { try { handle(d); } catch (e) { console.warn(TAG + ': ' + e.message); } });
  }, function () { /* the failure is shown on the page */ });

  window.CNNDemoEmbed = Object.freeze({
    get options() { return Object.freeze(Object.assign({}, options)); },  // a copy: what is in effect now
    warnings: warnings,
    get warningCount() { return warningCount; },
    scorm: scorm.active,
  });
})();
