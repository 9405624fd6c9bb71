// window.CNNDemo: the page's JavaScript API over the WebAssembly demo (appended to the
// Emscripten output with --post-js, so it sees Module and the heap views).
//   CNNDemo.ready         Promise: resolves when the model is loaded and the first frame drawn
//   CNNDemo.predict(px)   784 values in [0,1] (28×28, row-major, white on black) → {label, probs}
//   CNNDemo.current()     the pad's prediction {label, probs}, or null when the pad is empty
//   CNNDemo.clear()       clears the pad
//   CNNDemo.padRect()     the pad's drawing area {x, y, width, height} in CSS pixels of the page
//   CNNDemo.loadSample(i), CNNDemo.sampleCount()   the real MNIST digits behind the pad's button
//   CNNDemo.memoryBytes() the WebAssembly memory size in bytes (monitoring)
//   CNNDemo.train.open() / start(options) / stop() / resume() / status() / useShipped()
//                         / exportWeights() → Uint8Array / importWeights(bytes)   the Train tab
// Inputs are checked here and again in C++ (src/web/cnn_demo_exports.cpp).
(function () {
  'use strict';
  var INPUT_SIZE = 784, CLASSES = 10;
  var statusEl = document.getElementById('status');
  var predictionEl = document.getElementById('prediction');
  var resolveReady, rejectReady, failed = null;
  var ready = new Promise(function (resolve, reject) { resolveReady = resolve; rejectReady = reject; });
  ready.catch(function () {});  // a failure is shown on the page; callers may still catch it

  // What the page says when the demo cannot run, in the page's language: a plain-language
  // headline for the student (status area and #prediction), and the technical detail in a small
  // line below it and in the console. CNNDemo.ready rejects with the English headline + detail.
  var MESSAGES = {
    wasmMissing: {
      en: 'The demo\'s program file (index.wasm) could not be loaded: it is missing on the server or the ' +
          'connection failed. Reload the page; if this keeps happening, tell your instructor.',
      ko: '데모 프로그램 파일(index.wasm)을 불러오지 못했습니다. 서버에 파일이 없거나 네트워크 연결에 문제가 ' +
          '있습니다. 페이지를 새로 고침해 주세요. 같은 문제가 계속되면 담당 교수님께 알려 주세요.',
    },
    wasmDamaged: {
      en: 'The demo\'s program file (index.wasm) is damaged and cannot run. Reload the page; if this keeps ' +
          'happening, tell your instructor.',
      ko: '데모 프로그램 파일(index.wasm)이 손상되어 실행할 수 없습니다. 페이지를 새로 고침해 주세요. ' +
          '같은 문제가 계속되면 담당 교수님께 알려 주세요.',
    },
    internal: {
      en: 'The demo stopped because of an internal error. Reload the page; if this keeps happening, tell your instructor.',
      ko: '내부 오류로 데모가 멈췄습니다. 페이지를 새로 고침해 주세요. 같은 문제가 계속되면 담당 교수님께 알려 주세요.',
    },
    contextLost: {
      en: 'The graphics context was lost (for example after a GPU reset). The demo reloads itself when the ' +
          'browser restores it; if nothing happens, reload the page.',
      ko: '그래픽 컨텍스트가 사라졌습니다(예: GPU 재설정 후). 브라우저가 컨텍스트를 되살리면 데모가 스스로 ' +
          '다시 시작합니다. 아무 변화가 없으면 페이지를 새로 고침해 주세요.',
    },
    noWebGL2: {
      en: 'WebGL2 is not available in this browser, so the demo cannot draw. Try a current Chrome, Firefox or Safari.',
      ko: '이 브라우저에서는 WebGL2를 사용할 수 없어 데모를 그릴 수 없습니다. 최신 Chrome, Firefox 또는 ' +
          'Safari를 사용해 보세요.',
    },
  };
  var DETAILS = { en: 'Technical details: ', ko: '기술 정보: ' };
  // The status line while the program loads, in Korean (shell.html writes the English one).
  var LOADING_KO = '신경망을 불러오는 중…';
  var isReady = false;

  // The language the demo starts in: the URL option lang=en|ko, else the first of the browser's
  // preferred languages that is Korean or English (a Korean student's browser opens it in
  // Korean), else English. Applied once the app is ready; after that <html lang> follows the
  // app's language (set from C++ on every change, src/web/web_bridge.cpp).
  function startLanguage() {
    var lang = null;
    try { new URLSearchParams(window.location.search).forEach(function (v, k) { if (k === 'lang') lang = v; }); }
    catch (e) { /* no options */ }
    if (lang === 'ko' || lang === 'en') return lang;
    var preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    for (var i = 0; i < preferred.length; i++) {
      var p = String(preferred[i] || '').toLowerCase();
      if (p === 'ko' || p.indexOf('ko-') === 0) return 'ko';
      if (p === 'en' || p.indexOf('en-') === 0) return 'en';
    }
    return 'en';
  }
  function language() {
    if (isReady) return document.documentElement.lang === 'ko' ? 'ko' : 'en';
    return startLanguage();
  }

  // message: one of MESSAGES, or a string (from C++: already in the app's language).
  function fail(message, detail) {
    if (failed) return;
    var lang = language();
    var headline = typeof message === 'string' ? message : message[lang];
    failed = (typeof message === 'string' ? message : message.en) + (detail ? ' (' + detail + ')' : '');
    if (detail) console.error('cnn-demo: ' + detail);
    statusEl.hidden = false;
    statusEl.className = 'error';
    statusEl.textContent = '';
    statusEl.style.flexDirection = 'column';  // the headline, then the details under it
    var headlineEl = document.createElement('p');
    headlineEl.textContent = headline;
    headlineEl.style.margin = '0';
    statusEl.appendChild(headlineEl);
    if (detail) {
      var detailEl = document.createElement('small');
      detailEl.className = 'details';
      detailEl.textContent = DETAILS[lang] + detail;
      detailEl.style.marginTop = '1em';
      detailEl.style.opacity = '0.8';
      statusEl.appendChild(detailEl);
    }
    predictionEl.textContent = headline;
    predictionEl.classList.add('visible');
    Module.canvas.style.visibility = 'hidden';
    rejectReady(new Error(failed));
  }

  // Why the runtime aborted. Emscripten 3.1.6 aborts with this string when index.wasm cannot be
  // fetched (HTTP error), and with the WebAssembly CompileError (or LinkError) when it is not a
  // valid module for this page (truncated, corrupted, an HTML error page, another build).
  function abortMessage(what) {
    var text = String(what);
    if (/fetching of the wasm failed|failed to load wasm binary/.test(text)) {
      var status = wasmResponseStatus();
      return [MESSAGES.wasmMissing, (status ? 'HTTP ' + status + ' for ' : '') + wasmName() + ': ' + text];
    }
    if (what instanceof WebAssembly.CompileError || what instanceof WebAssembly.LinkError) {
      return [MESSAGES.wasmDamaged, wasmName() + ': ' + text];
    }
    return [MESSAGES.internal, text];
  }
  // index.wasm's URL (the single-file page carries it inline as a data: URI, too long to show).
  function wasmName() { return isDataURI(wasmBinaryFile) ? 'index.wasm (inlined)' : wasmBinaryFile; }
  // The HTTP status of index.wasm from the browser's resource timing, when it records one.
  function wasmResponseStatus() {
    try {
      var url = new URL(wasmBinaryFile, document.baseURI).href;
      var entries = performance.getEntriesByName(url);
      for (var i = entries.length - 1; i >= 0; i--) if (entries[i].responseStatus) return entries[i].responseStatus;
    } catch (e) { /* not available */ }
    return 0;
  }

  if (!failed && startLanguage() === 'ko' && !statusEl.hidden) statusEl.textContent = LOADING_KO;

  // Called from C++ (src/web/web_bridge.cpp).
  Module.cnnDemoFailed = function (message) { fail(message); };
  Module.cnnDemoReady = function () {
    isReady = true;
    statusEl.hidden = true;
    readTrainFacts();
    resolveReady();
  };
  ready.then(function () { if (startLanguage() === 'ko') Module._cnn_demo_set_language(1); }, function () {});
  Module.cnnDemoPrediction = function (text) { predictionEl.textContent = text; };
  var previousOnAbort = Module.onAbort;
  Module.onAbort = function (what) {
    var m = abortMessage(what);
    fail(m[0], m[1]);
    if (previousOnAbort) previousOnAbort(what);
  };
  // A network error on index.wasm (server down, connection refused, offline) rejects the glue's
  // first fetch() without an abort, which would leave "Loading…" up for ever.
  window.addEventListener('unhandledrejection', function (event) {
    if (runtimeInitialized || failed || !(event.reason instanceof TypeError)) return;
    fail(MESSAGES.wasmMissing, wasmName() + ': ' + event.reason);
  });
  // A lost WebGL context (GPU reset, a driver update, too many tabs) leaves the canvas blank:
  // say so in words, and reload once the browser restores the context.
  Module.canvas.addEventListener('webglcontextlost', function (event) {
    event.preventDefault();  // tells the browser we want the context back
    fail(MESSAGES.contextLost);
  });
  Module.canvas.addEventListener('webglcontextrestored', function () { location.reload(); });
  if (Module.noWebGL2) fail(MESSAGES.noWebGL2);

  function requireReady() {
    if (failed) throw new Error('CNNDemo is unavailable: ' + failed);
    if (!runtimeInitialized || Module._cnn_demo_status() !== 1) {
      throw new Error('CNNDemo is not ready yet: wait for CNNDemo.ready');
    }
  }

  function readProbs() {
    var base = Module._cnn_demo_probs_buffer() >> 2;
    return Array.prototype.slice.call(HEAPF32.subarray(base, base + CLASSES));
  }

  function predict(pixels) {
    var isArrayLike = Array.isArray(pixels) || (ArrayBuffer.isView(pixels) && !(pixels instanceof DataView));
    if (!isArrayLike) {
      throw new Error('CNNDemo.predict: expected a Float32Array or an array of 784 numbers (28x28), got ' +
                      (pixels === null ? 'null' : typeof pixels));
    }
    if (pixels.length !== INPUT_SIZE) {
      throw new Error('CNNDemo.predict: expected 784 pixel values (28x28), got ' + pixels.length);
    }
    requireReady();
    var base = Module._cnn_demo_input_buffer() >> 2;
    var heap = HEAPF32;
    for (var i = 0; i < INPUT_SIZE; i++) {
      var v = pixels[i];
      if (typeof v !== 'number') {
        throw new Error('CNNDemo.predict: pixel ' + i + ' is not a number (' + typeof v + ')');
      }
      if (v !== v) throw new Error('CNNDemo.predict: pixel ' + i + ' is NaN');
      if (v === Infinity || v === -Infinity) throw new Error('CNNDemo.predict: pixel ' + i + ' is infinite');
      if (v < 0 || v > 1) throw new Error('CNNDemo.predict: pixel ' + i + ' is ' + v + ', outside [0, 1]');
      heap[base + i] = v;
    }
    var label = Module._cnn_demo_predict(INPUT_SIZE);
    if (label < 0) throw new Error('CNNDemo.predict: ' + UTF8ToString(Module._cnn_demo_error()));
    return { label: label, probs: readProbs() };
  }

  function current() {
    requireReady();
    var label = Module._cnn_demo_current();
    return label < 0 ? null : { label: label, probs: readProbs() };
  }

  function clear() {
    requireReady();
    Module._cnn_demo_clear();
  }

  function padRect() {
    requireReady();
    var r = Module._cnn_demo_pad_rect() >> 2;
    var c = Module.canvas.getBoundingClientRect();
    return {
      x: c.left + window.scrollX + HEAPF32[r],
      y: c.top + window.scrollY + HEAPF32[r + 1],
      width: HEAPF32[r + 2],
      height: HEAPF32[r + 3],
    };
  }

  // Extra, for lessons and tests: shows real MNIST test digit `index` (0..sampleCount()-1)
  // in the pad, as the "Real MNIST digit" button does; returns its true label.
  function loadSample(index) {
    requireReady();
    var count = Module._cnn_demo_sample_count();
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw new Error('CNNDemo.loadSample: index must be an integer in 0..' + (count - 1) + ', got ' + index);
    }
    return Module._cnn_demo_load_sample(index);
  }

  function sampleCount() {
    requireReady();
    return Module._cnn_demo_sample_count();
  }

  // --- CNNDemo.train: the Train tab (src/app/train/train_panel.*, src/web/train_exports.cpp) -----
  // The data file (dist/mnist-train.cnnd) is fetched only when the Train tab first opens.
  var dataRequested = false;
  Module.cnnTrainFetchData = function () {
    if (dataRequested) return;
    dataRequested = true;
    // The offline single file carries the data itself (Module.cnnTrainData, web/cnn_demo_lms.js).
    (Module.cnnTrainData ? Module.cnnTrainData() : fetch('mnist-train.cnnd')).then(function (response) {
      if (!response.ok) { Module._cnn_train_data_failed(response.status); return; }
      return response.arrayBuffer().then(function (buf) {
        var bytes = new Uint8Array(buf);
        var ptr = Module._cnn_train_buffer(bytes.length);
        HEAPU8.set(bytes, ptr);  // HEAPU8 after the call: the buffer may have grown memory
        Module._cnn_train_data_loaded(bytes.length);
      });
    }).catch(function () { Module._cnn_train_data_failed(0); });
  };
  Module.cnnTrainDownload = function (ptr, size, name) {
    var url = URL.createObjectURL(new Blob([HEAPU8.slice(ptr, ptr + size)], { type: 'application/octet-stream' }));
    var link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(url); link.remove(); }, 1000);
  };
  Module.cnnTrainPickFile = function () {
    var input = document.getElementById('cnn-train-file');
    if (!input) {
      input = document.createElement('input');
      input.type = 'file';
      input.id = 'cnn-train-file';
      input.accept = '.cnnw';
      input.hidden = true;
      input.addEventListener('change', function () {
        var file = input.files && input.files[0];
        input.value = '';
        if (!file) return;
        file.arrayBuffer().then(function (buf) {
          try { importWeights(new Uint8Array(buf)); } catch (e) { /* the panel shows the message */ }
        });
      });
      document.body.appendChild(input);
    }
    input.click();
  };

  // What C++ says about the Train tab (app::train_facts_json, read once at start-up): the
  // optimizers, the filter and hidden-unit choices, and the fields of the status array.
  var trainFacts = null;
  function readTrainFacts() {
    if (!trainFacts) trainFacts = JSON.parse(UTF8ToString(Module._cnn_train_facts()));
    return trainFacts;
  }
  // [8, 16, 30] → "8, 16 or 30"
  function orList(values) {
    return values.length < 2 ? values.join('') : values.slice(0, -1).join(', ') + ' or ' + values[values.length - 1];
  }
  var TRAIN_OPTIONS = ['from', 'optimizer', 'learningRate', 'batchSize', 'filters', 'hidden', 'seed'];

  // Selects the Train tab; resolves when the data file is loaded and checked.
  function trainOpen() {
    requireReady();
    Module._cnn_train_open();
    return new Promise(function (resolve, reject) {
      (function poll() {
        var state = Module._cnn_train_data_state();
        if (state === 1) resolve();
        else if (state < 0) reject(new Error('CNNDemo.train: ' + UTF8ToString(Module._cnn_train_error())));
        else setTimeout(poll, 50);
      })();
    });
  }

  // options: {from: 'scratch' | 'shipped', optimizer: 'sgd' | 'momentum' | 'adam', learningRate,
  // batchSize, filters: 8 | 16 | 30, hidden: 50 | 100, seed} (the choices as C++ states them,
  // readTrainFacts()); omitted ones take the panel's defaults.
  function trainStart(options) {
    var facts = readTrainFacts();
    var o = options === undefined ? {} : options;
    if (o === null || typeof o !== 'object') throw new Error('CNNDemo.train.start: options must be an object');
    Object.keys(o).forEach(function (k) {
      if (TRAIN_OPTIONS.indexOf(k) < 0) {
        throw new Error('CNNDemo.train.start: unknown option "' + k + '" (known: ' + TRAIN_OPTIONS.join(', ') + ')');
      }
    });
    function check(name, ok, what) {
      if (o[name] !== undefined && !ok(o[name])) {
        throw new Error('CNNDemo.train.start: ' + name + ' must be ' + what + ', got ' + JSON.stringify(o[name]));
      }
    }
    check('from', function (v) { return v === 'scratch' || v === 'shipped'; }, '"scratch" or "shipped"');
    check('optimizer', function (v) { return facts.optimizers.indexOf(v) >= 0; }, 'one of ' + facts.optimizers.join(', '));
    check('learningRate', function (v) { return typeof v === 'number' && v > 0 && v <= 1; }, 'a number in (0, 1]');
    check('batchSize', function (v) { return Number.isInteger(v) && v >= 1 && v <= 1000; }, 'an integer in 1..1000');
    check('filters', function (v) { return facts.filters.indexOf(v) >= 0; }, orList(facts.filters));
    check('hidden', function (v) { return facts.hidden.indexOf(v) >= 0; }, orList(facts.hidden));
    check('seed', function (v) { return Number.isInteger(v) && v >= 0 && v < 2147483648; }, 'an integer >= 0');
    return trainOpen().then(function () {
      var r = Module._cnn_train_start(o.from === 'shipped' ? 1 : 0,
                                      o.optimizer === undefined ? -1 : facts.optimizers.indexOf(o.optimizer),
                                      o.learningRate || 0, o.batchSize || 0, o.filters || 0, o.hidden || 0,
                                      o.seed === undefined ? -1 : o.seed);
      if (r < 0) throw new Error('CNNDemo.train.start: ' + UTF8ToString(Module._cnn_train_error()));
      return trainStatus();
    });
  }

  // {running, step, epoch, loss, trainAccuracy, testAccuracy, imagesPerSecond, elapsedSeconds,
  // images, showingTrained}: the fields and their kinds as C++ lays them out (readTrainFacts()).
  function trainStatus() {
    requireReady();
    var fields = readTrainFacts().status;
    var b = Module._cnn_train_status() >> 3;
    var v = HEAPF64.subarray(b, b + fields.length);
    var status = {};
    fields.forEach(function (field, i) {
      var kind = field[1];
      status[field[0]] = kind === 'flag' ? v[i] !== 0 : kind === 'number-or-null' && v[i] < 0 ? null : v[i];
    });
    return status;
  }

  function exportWeights() {
    requireReady();
    var n = Module._cnn_train_export();
    if (n === 0) throw new Error('CNNDemo.train.exportWeights: nothing trained yet (start training or import weights first)');
    var ptr = Module._cnn_train_export_data();
    return HEAPU8.slice(ptr, ptr + n);
  }

  // bytes: a Uint8Array or ArrayBuffer holding a .cnnw file; throws with the loader's message.
  function importWeights(bytes) {
    requireReady();
    if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
    if (!(bytes instanceof Uint8Array)) throw new Error('CNNDemo.train.importWeights: expected a Uint8Array or ArrayBuffer');
    var ptr = Module._cnn_train_buffer(bytes.length);
    HEAPU8.set(bytes, ptr);
    if (Module._cnn_train_import(bytes.length) < 0) {
      throw new Error('CNNDemo.train.importWeights: ' + UTF8ToString(Module._cnn_train_error()));
    }
  }

  var train = Object.freeze({
    open: trainOpen,
    start: trainStart,
    stop: function () { requireReady(); Module._cnn_train_set_running(0); },
    resume: function () { requireReady(); Module._cnn_train_set_running(1); },
    status: trainStatus,
    useShipped: function () { requireReady(); Module._cnn_train_use_shipped(); },
    exportWeights: exportWeights,
    importWeights: importWeights,
  });

  // The WebAssembly memory in bytes, for monitoring (the reliability test checks it stays flat).
  function memoryBytes() { return HEAP8.length; }

  window.CNNDemo = Object.freeze({
    ready: ready, predict: predict, current: current, clear: clear, padRect: padRect,
    loadSample: loadSample, sampleCount: sampleCount, train: train, memoryBytes: memoryBytes,
    // LMS reporting and layout (web/cnn_demo_lms.js, linked before this file).
    progress: cnnDemoLms.progress, practice: cnnDemoLms.practice,
  });
})();
