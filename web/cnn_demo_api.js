// window.CNNDemo: the page's JavaScript API over the WebAssembly demo (appended to the
// Emscripten output with --post-js, so it sees Module and the heap views).
//   CNNDemo.ready         Promise: resolves when the model is loaded and the first frame drawn
//   CNNDemo.predict(px)   784 values in [0,1] (28×28, row-major, white on black) → {label, probs}
//   CNNDemo.current()     the pad's prediction {label, probs}, or null when the pad is empty
//   CNNDemo.clear()       clears the pad
//   CNNDemo.padRect()     the pad's drawing area {x, y, width, height} in CSS pixels of the page
//   CNNDemo.loadSample(i), CNNDemo.sampleCount()   the real MNIST digits behind the pad's button
//   CNNDemo.memoryBytes() the WebAssembly memory size in bytes (monitoring)
//   CNNDemo.models() / model() / setModel(name) → Promise / modelBytes(name) → Promise<Uint8Array>
//                         / modelStatus(name) / architecture()   the model switch (see below)
//   CNNDemo.receptiveField() / mapRect(layer, channel) / modelButtonRect(name)   for tests
//   CNNDemo.explain / saliency / setFilter / showSaliency / shownExplanation / cellRect   issue 15 (own block below)
//   CNNDemo.train.open() / data() / start(options) / stop() / resume() / status() / useShipped()
//   / architecture() / where()
//                         / exportWeights() → Uint8Array / importWeights(bytes)   the Train tab
// Inputs are checked here and again in C++ (src/web/cnn_demo_exports.cpp).
(function () {
  'use strict';
  // The input's and the output's sizes come from C++ (cnn/mnist.h) once the runtime is up.
  var INPUT_SIZE = 0, CLASSES = 0;
  function readSizes() { INPUT_SIZE = Module._cnn_demo_input_size(); CLASSES = Module._cnn_demo_class_count(); }
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
    // Not a prediction: C++ says so itself (result.not_finite); this is for what would slip past it.
    notFinite: {
      en: 'The network\'s output is not a number, so it cannot classify this drawing.',
      ko: '신경망의 출력이 숫자가 아닙니다. 그래서 이 그림을 분류할 수 없습니다.',
    },
    // A frame sandboxed without allow-same-origin has the origin "null": the browser then treats
    // index.wasm, on the page's own server, as another site's file and refuses it (CORS).
    sandboxed: {
      en: 'The course page shows this demo in a sandboxed frame without "allow-same-origin", so the demo cannot ' +
          'load its program file (index.wasm). Ask the course page\'s author to write sandbox="allow-scripts ' +
          'allow-same-origin" on the iframe, or to use the single-file version cnn-demo.html, which works in this sandbox.',
      ko: '강의 페이지가 이 데모를 "allow-same-origin" 없이 샌드박스 프레임에 넣어서 데모 프로그램 파일(index.wasm)을 ' +
          '불러올 수 없습니다. 강의 페이지 작성자에게 iframe에 sandbox="allow-scripts allow-same-origin"이라고 쓰거나, ' +
          '이 샌드박스에서도 동작하는 단일 파일 버전 cnn-demo.html을 사용해 달라고 요청하세요.',
    },
    // embed.html or index.html opened from disk: the browser does not let a file:// page fetch files.
    fromDisk: {
      en: 'This page was opened from a file on disk, where the browser does not let it load its program file ' +
          '(index.wasm). Open cnn-demo.html instead (it works from disk), or put the folder on a web server.',
      ko: '이 페이지는 디스크의 파일로 열려서 브라우저가 프로그램 파일(index.wasm)을 불러오지 못하게 합니다. ' +
          '대신 cnn-demo.html을 여세요(디스크에서도 동작합니다). 또는 폴더를 웹 서버에 올리세요.',
    },
  };
  // Messages that carry numbers: a function of them gives {en, ko}.
  function stalledMessage(seconds, received, total) {
    return {
      en: 'The download of the demo\'s program file (index.wasm) stopped: no data arrived for ' + seconds +
          ' seconds (' + amountText('en', received, total) + ' received). Check the connection and reload the page; ' +
          'if this keeps happening, tell your instructor.',
      ko: '데모 프로그램 파일(index.wasm) 내려받기가 멈췄습니다. ' + seconds + '초 동안 데이터가 오지 않았습니다(' +
          amountText('ko', received, total) + ' 받음). 네트워크 연결을 확인하고 페이지를 새로 고침해 주세요. ' +
          '같은 문제가 계속되면 담당 교수님께 알려 주세요.',
    };
  }
  function droppedMessage(received, total) {
    return {
      en: 'The download of the demo\'s program file (index.wasm) broke off after ' + amountText('en', received, total) +
          ': the connection was lost. Reload the page; if this keeps happening, tell your instructor.',
      ko: '데모 프로그램 파일(index.wasm) 내려받기가 ' + amountText('ko', received, total) + '에서 끊겼습니다. ' +
          '네트워크 연결이 끊어졌습니다. 페이지를 새로 고침해 주세요. 같은 문제가 계속되면 담당 교수님께 알려 주세요.',
    };
  }
  // "1.2 of 2.9 MB" / "1.2 MB" (no length known); megabytes of 10^6 bytes.
  function megabytes(n) { return (n / 1e6).toFixed(1); }
  function amountText(lang, received, total) {
    if (!(total > 0)) return megabytes(received) + ' MB';
    return lang === 'ko' ? megabytes(total) + ' MB 중 ' + megabytes(received) + ' MB'
                         : megabytes(received) + ' of ' + megabytes(total) + ' MB';
  }
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
    predictionEl.textContent = headline;  // for whoever reads the answer there; #status shows it
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

  // --- Downloads: index.wasm (here), the Train tab's data file and the models fetched on demand (below)
  // Both are read chunk by chunk, so that the page can count the bytes for a progress bar, end a
  // stall (no bytes for STALL_SECONDS) instead of waiting for ever, check the bytes that arrived
  // against the Content-Length (fewer: the connection broke off) and refuse a file that is too
  // large before reading it. Every outcome settles the promise; nothing is left unhandled.
  var STALL_SECONDS = 20;
  // Test hook (docs/web-demo.md): a page may set window.CNNDemoTest = {stallSeconds: N} before
  // this script runs, to wait N (0.5..20) seconds instead.
  var stallSeconds = (function () {
    try {
      var n = window.CNNDemoTest && window.CNNDemoTest.stallSeconds;
      if (typeof n === 'number' && n >= 0.5 && n <= STALL_SECONDS) return n;
    } catch (e) { /* no hook */ }
    return STALL_SECONDS;
  })();
  function noop() {}

  // Resolves with the body as a Uint8Array, or rejects with an Error whose `kind` says why:
  //   'http' (.status), 'network' (no answer), 'stalled', 'dropped' (fewer bytes than the
  //   Content-Length), 'too-large' (.total: more than opts.maxBytes), 'size-mismatch'
  //   (.expected: the length the file's own header declares, from opts.expectedSize), 'refused'
  //   (opts.expectedSize refused the header: it returned a negative size).
  // Each carries .received and .total (-1: no usable Content-Length). opts: onProgress(received,
  // total), maxBytes, expectedSize(firstBytes) → the file's size from its header, or -1.
  function download(url, opts) {
    return new Promise(function (resolve, reject) {
      var abort = typeof AbortController === 'function' ? new AbortController() : null;
      var reader = null, timer = 0, settled = false, received = 0, total = -1, expected = -1;
      function failWith(kind, extra) {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (reader) reader.cancel().catch(noop);
        if (abort) abort.abort();
        var e = new Error(kind);
        e.kind = kind;
        e.received = received;
        e.total = total;
        e.expected = expected;
        for (var k in extra) e[k] = extra[k];
        reject(e);
      }
      function watch() {
        clearTimeout(timer);
        timer = setTimeout(function () { failWith('stalled', { seconds: stallSeconds }); }, stallSeconds * 1000);
      }
      watch();
      // opts.open: where the bytes come from instead of fetch (the single file's inlined data).
      (opts.open ? opts.open() : fetch(url, { credentials: 'same-origin', signal: abort ? abort.signal : undefined })).then(function (response) {
        if (settled) return;
        if (!response.ok) { failWith('http', { status: response.status }); return; }
        // Content-Length counts the bytes on the wire: with Content-Encoding (gzip) the body is
        // longer, so then only the megabytes received are shown and checked.
        var length = response.headers.get('Content-Length'), encoding = response.headers.get('Content-Encoding');
        if (length !== null && /^[0-9]{1,15}$/.test(length) && (!encoding || encoding === 'identity')) total = Number(length);
        if (opts.maxBytes && total > opts.maxBytes) { failWith('too-large'); return; }
        if (!response.body || !response.body.getReader) {  // no streams: the whole body at once
          response.arrayBuffer().then(function (buf) { chunks = [new Uint8Array(buf)]; received = buf.byteLength; end(); },
                                      function (e) { failWith('dropped', { cause: e }); });
          return;
        }
        var chunks = [], buffer = total >= 0 ? new Uint8Array(total) : null;
        reader = response.body.getReader();
        function end() {
          if (settled) return;
          if (total >= 0 && received !== total) { failWith('dropped'); return; }
          if (expected >= 0 && received !== expected) { failWith('size-mismatch'); return; }
          settled = true;
          clearTimeout(timer);
          if (opts.onProgress) opts.onProgress(received, total);
          if (!buffer) {
            buffer = new Uint8Array(received);
            for (var i = 0, at = 0; i < chunks.length; at += chunks[i].length, i++) buffer.set(chunks[i], at);
          }
          resolve(buffer);
        }
        (function next() {
          reader.read().then(function (r) {
            if (settled) return;
            if (r.done) { end(); return; }
            var chunk = r.value;
            if ((total >= 0 && received + chunk.length > total) || (opts.maxBytes && received + chunk.length > opts.maxBytes)) {
              received += chunk.length;
              failWith(total >= 0 && received > total ? 'dropped' : 'too-large');
              return;
            }
            if (buffer) buffer.set(chunk, received); else chunks.push(chunk);
            received += chunk.length;
            watch();
            if (opts.expectedSize && expected < 0 && received >= 64) {
              var declared = opts.expectedSize(buffer ? buffer.subarray(0, 64) : concat(chunks, 64));
              if (declared < 0) { failWith('refused'); return; }  // a header the reader refuses: said already
              expected = declared;
              if (opts.maxBytes && expected > opts.maxBytes) { failWith('too-large'); return; }
              if (total >= 0 && expected !== total) { failWith('size-mismatch'); return; }
            }
            if (expected >= 0 && received > expected) { failWith('size-mismatch'); return; }
            if (opts.onProgress) opts.onProgress(received, total);
            next();
          }, function (e) { failWith('dropped', { cause: e }); });  // the body broke off (perhaps before a byte reached here)
        })();
      }, function (e) { failWith('network', { cause: e }); });
    });
  }
  // The first n bytes of a list of chunks.
  function concat(chunks, n) {
    var out = new Uint8Array(n);
    for (var i = 0, at = 0; i < chunks.length && at < n; i++) {
      var part = chunks[i].subarray(0, n - at);
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  // The progress bar while index.wasm downloads: a <progress>, the percentage and megabytes
  // (megabytes only without a Content-Length), and a polite live region that screen readers
  // announce at 25, 50, 75 and 100 % (each whole megabyte when the length is unknown).
  var loading = (function () {
    if (failed || statusEl.hidden) return null;
    var lang = startLanguage();
    var label = lang === 'ko' ? LOADING_KO : 'Loading the network…';
    statusEl.textContent = '';
    statusEl.style.flexDirection = 'column';
    var title = document.createElement('p');
    title.textContent = label;
    title.style.margin = '0 0 0.6em';
    var bar = document.createElement('progress');
    bar.id = 'load-progress';
    bar.max = 1;
    bar.setAttribute('aria-label', label);
    bar.style.width = 'min(22em, 80vw)';
    var amount = document.createElement('p');
    amount.id = 'load-amount';
    amount.setAttribute('aria-hidden', 'true');  // changes with every chunk: shown, not read out
    amount.style.margin = '0.4em 0 0';
    amount.style.fontSize = '0.8em';
    var announce = document.createElement('span');
    announce.id = 'load-announce';
    announce.setAttribute('aria-live', 'polite');
    announce.style.position = 'absolute';
    announce.style.width = '1px';
    announce.style.height = '1px';
    announce.style.overflow = 'hidden';
    announce.style.clipPath = 'inset(50%)';
    statusEl.appendChild(title);
    statusEl.appendChild(bar);
    statusEl.appendChild(amount);
    statusEl.appendChild(announce);
    var step = 0;
    return function (received, total) {
      if (failed) return;
      var text;
      if (total > 0) {
        var fraction = Math.min(1, received / total), percent = Math.floor(fraction * 100);
        bar.value = fraction;
        text = percent + ' % (' + amountText(lang, received, total) + ')';
        if (percent >= 25 * (step + 1)) {
          step = Math.floor(percent / 25);
          announce.textContent = lang === 'ko' ? '불러오는 중: ' + percent + '% (' + amountText(lang, received, total) + ')'
                                               : 'Loading: ' + percent + ' % (' + amountText(lang, received, total) + ')';
        }
      } else {
        bar.removeAttribute('value');  // an indeterminate bar
        text = amountText(lang, received, total);
        if (received >= (step + 1) * 1e6) {
          step = Math.floor(received / 1e6);
          announce.textContent = (lang === 'ko' ? '불러오는 중: ' : 'Loading: ') + step + ' MB';
        }
      }
      amount.textContent = text;
    };
  })();

  // What an opaque origin means here: a sandboxed frame (http, https) or a page from disk.
  function opaqueOrigin() {
    try { return window.origin === 'null' || window.location.origin === 'null'; } catch (e) { return true; }
  }

  // index.wasm: the runtime's Module.instantiateWasm (web/embed_setup.js, which both pages load) left its
  // imports and callback in Module.cnnWasmPending; download, compile and hand the instance back.
  function loadWasm(pending) {
    var imports = pending[0], receive = pending[1];
    download(wasmBinaryFile, { onProgress: loading || noop }).then(function (bytes) {
      return WebAssembly.instantiate(bytes, imports).then(function (result) {
        try {
          receive(result.instance, result.module);  // runs main(); an abort there is shown by onAbort
        } catch (e) {
          if (!failed && e !== 'unwind') { var m = abortMessage(e); fail(m[0], m[1]); }
        }
      }, function (e) {
        var m = abortMessage(e);  // CompileError, LinkError: damaged
        fail(m[0], m[1]);
      });
    }, function (e) {
      var name = wasmName(), cause = e.cause ? String(e.cause) : '';
      if (e.kind === 'http') {
        fail(MESSAGES.wasmMissing, 'HTTP ' + e.status + ' for ' + name + ': fetching of the wasm failed');
      } else if (e.kind === 'network' && opaqueOrigin() && /^https?:$/.test(window.location.protocol)) {
        fail(MESSAGES.sandboxed, name + ': ' + cause + ' (this frame\'s origin is "null": a sandbox without ' +
             'allow-same-origin; a server that sends Access-Control-Allow-Origin for index.wasm also works)');
      } else if (e.kind === 'network' && window.location.protocol === 'file:' && !isDataURI(wasmBinaryFile)) {
        fail(MESSAGES.fromDisk, name + ': ' + cause);
      } else if (e.kind === 'network') {
        fail(MESSAGES.wasmMissing, name + ': ' + cause);
      } else if (e.kind === 'stalled') {
        fail(stalledMessage(e.seconds, e.received, e.total), name + ': no bytes for ' + e.seconds + ' s after ' +
             e.received + (e.total >= 0 ? ' of ' + e.total : '') + ' bytes');
      } else {
        fail(droppedMessage(e.received, e.total), name + ': the connection ended after ' + e.received +
             (e.total >= 0 ? ' of ' + e.total + ' bytes (Content-Length)' : ' bytes') + (cause ? ': ' + cause : ''));
      }
    });
  }
  if (Module.cnnWasmPending) {
    var pendingWasm = Module.cnnWasmPending;
    delete Module.cnnWasmPending;
    if (failed) { /* no WebGL2: nothing to load */ } else loadWasm(pendingWasm);
  }

  // Called from C++ (src/web/web_bridge.cpp).
  Module.cnnDemoFailed = function (message) { fail(message); };
  Module.cnnDemoReady = function () {
    isReady = true;
    statusEl.hidden = true;
    readSizes();
    readTrainFacts();
    resolveReady();
  };
  ready.then(function () { if (startLanguage() === 'ko') Module._cnn_demo_set_language(1); }, function () {});
  // Touch wording: while the page's last pointer was a finger (at start: a coarse primary
  // pointer, a phone or tablet), the hints say "tap" and do not mention Backspace.
  ready.then(function () {
    var touch = !!(window.matchMedia && window.matchMedia('(pointer: coarse)').matches);
    Module._cnn_demo_set_touch(touch ? 1 : 0);
    window.addEventListener('pointerdown', function (e) {
      var finger = e.pointerType === 'touch';
      if (finger !== touch) { touch = finger; Module._cnn_demo_set_touch(touch ? 1 : 0); }
    }, true);
  }, function () {});
  // #prediction: C++'s words; never a number that is not one ("nan", "inf" from a formatter).
  Module.cnnDemoPrediction = function (text) {
    predictionEl.textContent = /\b(-?nan|-?inf(inity)?)\b/i.test(text) ? notFiniteMessage() : text;
  };
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

  // The ten probabilities C++ left in its buffer, checked once more here: nothing that is not a
  // finite number in [0, 1] leaves the page's API (C++ already answers kNoAnswer for a network
  // whose output is not finite: app::all_finite).
  function readProbs() {
    var base = Module._cnn_demo_probs_buffer() >> 2;
    var probs = Array.prototype.slice.call(HEAPF32.subarray(base, base + CLASSES));
    for (var i = 0; i < CLASSES; i++) {
      if (!(probs[i] >= 0 && probs[i] <= 1)) return null;  // NaN fails both comparisons
    }
    return probs;
  }
  function notFiniteText() { return UTF8ToString(Module._cnn_demo_error()); }

  // The whole input is copied and checked before anything else is touched: `pixels` may be any
  // object, and a getter on one of its elements may run any code, even predict() itself, so
  // nothing is read from it after this loop and the WebAssembly input buffer is written only
  // after it (a re-entrant call then answers for its own input, and so does this one).
  function copyPixels(pixels) {
    var SIDE = Math.round(Math.sqrt(INPUT_SIZE)) + 'x' + Math.round(Math.sqrt(INPUT_SIZE));
    var isArrayLike = Array.isArray(pixels) || (ArrayBuffer.isView(pixels) && !(pixels instanceof DataView));
    if (!isArrayLike) {
      throw new Error('CNNDemo.predict: expected a Float32Array or an array of ' + INPUT_SIZE + ' numbers (' + SIDE + '), got ' +
                      (pixels === null ? 'null' : typeof pixels));
    }
    var length = pixels.length;
    if (length !== INPUT_SIZE) {
      throw new Error('CNNDemo.predict: expected ' + INPUT_SIZE + ' pixel values (' + SIDE + '), got ' + length);
    }
    var input = new Float32Array(INPUT_SIZE);
    for (var i = 0; i < INPUT_SIZE; i++) {
      var v = pixels[i];
      if (typeof v !== 'number') {
        throw new Error('CNNDemo.predict: pixel ' + i + ' is not a number (' + typeof v + ')');
      }
      if (v !== v) throw new Error('CNNDemo.predict: pixel ' + i + ' is NaN');
      if (v === Infinity || v === -Infinity) throw new Error('CNNDemo.predict: pixel ' + i + ' is infinite');
      if (v < 0 || v > 1) throw new Error('CNNDemo.predict: pixel ' + i + ' is ' + v + ', outside [0, 1]');
      input[i] = v;
    }
    return input;
  }

  function predict(pixels) {
    requireReady();
    var input = copyPixels(pixels);
    HEAPF32.set(input, Module._cnn_demo_input_buffer() >> 2);
    var label = Module._cnn_demo_predict(INPUT_SIZE);
    if (label < 0) throw new Error('CNNDemo.predict: ' + UTF8ToString(Module._cnn_demo_error()));
    var probs = readProbs();
    if (!probs || !(label >= 0 && label < CLASSES)) throw new Error('CNNDemo.predict: ' + notFiniteMessage());
    return { label: label, probs: probs };
  }
  // Why there is no answer, in the page's language (should C++'s own guard ever let one through).
  function notFiniteMessage() { return MESSAGES.notFinite[language()]; }

  // {label, probs}; null when the pad is empty; {label: null, probs: null, error} when the
  // network's output is not finite (error: why, in words).
  function current() {
    requireReady();
    var label = Module._cnn_demo_current();
    if (label === -1) return null;
    var probs = label >= 0 && label < CLASSES ? readProbs() : null;
    if (!probs) return { label: null, probs: null, error: label === -2 ? notFiniteText() : notFiniteMessage() };
    return { label: label, probs: probs };
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
  // The data file (dist/mnist-train.cnnd) is fetched when the Train tab first opens, and again
  // when the student asks for a retry after a failure (TrainController::retry_data): one download
  // at a time, with its progress in the Train tab, stalls ended, the Content-Length and the
  // file's own header checked, and nothing larger than the facts' maxDataBytes read.
  // Why a download failed, as cnn_train_data_failed() and cnn_demo_model_failed() take it
  // (src/web/download_failure.h, DownloadFailure).
  var DOWNLOAD_FAILURES = { http: 0, network: 1, stalled: 2, dropped: 3, 'too-large': 4, 'size-mismatch': 5 };
  var dataLoading = false;
  Module.cnnTrainFetchData = function () {
    if (dataLoading) return;
    dataLoading = true;
    download('mnist-train.cnnd', {
      // The offline single file carries the data itself (Module.cnnTrainData, web/cnn_demo_lms.js).
      open: Module.cnnTrainData,
      maxBytes: readTrainFacts().maxDataBytes,
      // The size the header's counts declare (-1 while it cannot tell): checked before the rest arrives.
      expectedSize: function (head) {
        var ptr = Module._cnn_train_buffer(head.length);
        HEAPU8.set(head, ptr);
        return Module._cnn_train_data_expected_size(head.length);
      },
      onProgress: function (received, total) { Module._cnn_train_data_progress(received, total); },
    }).then(function (bytes) {
      dataLoading = false;
      var ptr = Module._cnn_train_buffer(bytes.length);
      HEAPU8.set(bytes, ptr);  // HEAPU8 after the call: the buffer may have grown memory
      Module._cnn_train_data_loaded(bytes.length);
    }, function (e) {
      dataLoading = false;
      if (e.kind === 'refused') return;  // C++ has said why (cnn_train_data_expected_size)
      Module._cnn_train_data_failed(DOWNLOAD_FAILURES[e.kind], e.status || 0, e.received, e.total,
                                    e.expected, e.seconds || 0);
    }).catch(function (e) {  // the runtime stopped meanwhile (an abort): already said on the page
      console.warn('cnn-demo: training data: ' + (e && e.message ? e.message : e));
    });
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

  // --- The training worker (src/app/train/worker_engine.h, web/train_worker_main.js) ---------
  // A dedicated Worker with its own WebAssembly instance of the core (dist/train_worker.js, one
  // file with its wasm inlined; the offline single file carries it as text and starts it from a
  // Blob). No SharedArrayBuffer: messages are ArrayBuffers, transferred; C++ reads them all.
  // Failures go to C++ (cnn_train_worker_failed), which trains on the main thread instead.
  var WORKER_FAILURES = { 'no-answer': 0, 'out-of-memory': 1, error: 2, create: 3 };
  var WORKER_ANSWER_SECONDS = 30;  // the worker's runtime must say it is up within this
  var trainWorker = null, trainWorkerTimer = null;
  function workerFailed(kind, words, seconds) {
    if (!trainWorker) return;
    Module.cnnTrainStopWorker();
    var bytes = new TextEncoder().encode(String(words || '').slice(0, 300));
    var ptr = Module._cnn_train_worker_buffer(bytes.length);
    HEAPU8.set(bytes, ptr);
    Module._cnn_train_worker_failed(WORKER_FAILURES[kind], bytes.length, seconds || 0);
  }
  Module.cnnTrainStartWorker = function () {
    if (typeof Worker !== 'function') return 0;
    var inlined = document.getElementById('cnn-train-worker');  // the single file (web/embed_package.py)
    var url = 'train_worker.js';
    try {
      if (inlined) url = URL.createObjectURL(new Blob([inlined.textContent], { type: 'text/javascript' }));
      trainWorker = new Worker(url);
    } catch (e) {
      console.warn('cnn-demo: the training worker could not be created: ' + (e && e.message ? e.message : e));
      trainWorker = null;
      return 0;
    }
    var worker = trainWorker;
    trainWorkerTimer = setTimeout(function () {
      if (worker === trainWorker) workerFailed('no-answer', '', WORKER_ANSWER_SECONDS);
    }, WORKER_ANSWER_SECONDS * 1000);
    worker.onmessage = function (e) {
      if (worker !== trainWorker || !(e.data instanceof ArrayBuffer)) return;
      clearTimeout(trainWorkerTimer);
      var bytes = new Uint8Array(e.data);
      var ptr = Module._cnn_train_worker_buffer(bytes.length);
      HEAPU8.set(bytes, ptr);  // HEAPU8 after the call: the buffer may have grown memory
      Module._cnn_train_worker_message(bytes.length);
    };
    worker.onerror = function (e) {
      if (e && e.preventDefault) e.preventDefault();
      var words = (e && e.message) || 'the worker script could not run';
      if (worker === trainWorker) workerFailed(/out of memory|Cannot enlarge memory|OOM/i.test(words) ? 'out-of-memory' : 'error', words);
    };
    worker.onmessageerror = function () { if (worker === trainWorker) workerFailed('error', 'a message could not be read'); };
    return 1;
  };
  Module.cnnTrainSendToWorker = function (ptr, size) {
    if (!trainWorker) return;
    var buffer = HEAPU8.slice(ptr, ptr + size).buffer;
    trainWorker.postMessage(buffer, [buffer]);
  };
  Module.cnnTrainStopWorker = function () {
    if (!trainWorker) return;
    clearTimeout(trainWorkerTimer);
    trainWorker.terminate();
    trainWorker = null;
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
  var TRAIN_OPTIONS = ['from', 'architecture', 'optimizer', 'learningRate', 'batchSize', 'filters', 'filters2', 'hidden',
                       'seed'];

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

  // options: {from: 'scratch' | 'shipped', architecture: 'simple' | 'two-stage', optimizer: 'sgd' |
  // 'momentum' | 'adam', learningRate, batchSize, filters (conv1: 8 | 16 | 30 for 'simple', 8 | 16
  // for 'two-stage'), filters2 (conv2 of 'two-stage': 16 | 32), hidden: 50 | 100, seed} (the
  // choices as C++ states them, readTrainFacts()); omitted ones take the panel's defaults
  // (SimpleConvNet; an architecture's own sizes).
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
    var names = facts.architectures.map(function (a) { return a.name; });
    check('architecture', function (v) { return names.indexOf(v) >= 0; }, orList(names.map(JSON.stringify)));
    var arch = facts.architectures[o.architecture === undefined ? 0 : names.indexOf(o.architecture)];
    check('filters', function (v) { return arch.filters[0].indexOf(v) >= 0; },
          orList(arch.filters[0]) + ' for ' + arch.name);
    check('filters2', function (v) { return arch.filters.length > 1 && arch.filters[1].indexOf(v) >= 0; },
          arch.filters.length > 1 ? orList(arch.filters[1]) + ' for ' + arch.name : 'left out for ' + arch.name);
    check('hidden', function (v) { return facts.hidden.indexOf(v) >= 0; }, orList(facts.hidden));
    check('seed', function (v) { return Number.isInteger(v) && v >= 0 && v < 2147483648; }, 'an integer >= 0');
    return trainOpen().then(function () {
      var r = Module._cnn_train_start(o.from === 'shipped' ? 1 : 0,
                                      o.optimizer === undefined ? -1 : facts.optimizers.indexOf(o.optimizer),
                                      o.learningRate || 0, o.batchSize || 0,
                                      o.architecture === undefined ? -1 : names.indexOf(o.architecture),
                                      o.filters || 0, o.filters2 || 0, o.hidden || 0,
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

  // The data file as the Train tab shows it: {state: 'not-requested' | 'loading' | 'ready' |
  // 'failed', message} (message: "Loading the training data … 42 % (3.6 of 8.6 MB)", or why not).
  function trainData() {
    requireReady();
    var state = Module._cnn_train_data_state();
    return {
      state: state === 1 ? 'ready' : state < 0 ? 'failed' : dataLoading ? 'loading' : 'not-requested',
      message: UTF8ToString(Module._cnn_train_data_message()),
    };
  }

  var train = Object.freeze({
    open: trainOpen,
    data: trainData,
    start: trainStart,
    stop: function () { requireReady(); Module._cnn_train_set_running(0); },
    resume: function () { requireReady(); Module._cnn_train_set_running(1); },
    status: trainStatus,
    useShipped: function () { requireReady(); Module._cnn_train_use_shipped(); },
    // Where training runs: {place: 'worker' | 'starting-worker' | 'main-thread', message} (the
    // message the Train tab shows, in the page's language).
    where: function () {
      requireReady();
      return { place: ['main-thread', 'starting-worker', 'worker'][Module._cnn_train_engine()],
               message: UTF8ToString(Module._cnn_train_engine_message()) };
    },
    // Tests only: the worker runs out of memory, as it could on a small device.
    _crashWorker: function () { requireReady(); Module._cnn_train_worker_crash(); },
    // {name: 'simple' | 'two-stage', filters: [conv1, (conv2)], hidden, layers}: what the tab trains.
    architecture: function () { requireReady(); return JSON.parse(UTF8ToString(Module._cnn_train_architecture())); },
    exportWeights: exportWeights,
    importWeights: importWeights,
  });

  // The WebAssembly memory in bytes, for monitoring (the reliability test checks it stays flat).
  function memoryBytes() { return HEAP8.length; }

  // --- The model switch (src/web/model_exports.cpp; docs/web-demo.md) ---------------------------
  //   CNNDemo.models()       the shipped models' names, in the switch's order: ['simple', 'two-stage']
  //   CNNDemo.model()        the name of the model shown
  //   CNNDemo.setModel(name) → Promise: shows that model, keeping the drawing (training pauses),
  //                          and resolves with its name once it is shown: at once for a model that
  //                          is here, after its download for one fetched on demand (the switch
  //                          says it is loading). Rejects with an Error naming the valid models
  //                          for an unknown name, and with the plain-language reason when the
  //                          download fails (stalled, dropped, cut short, HTTP error; setModel
  //                          again, or the switch's Try again, retries)
  //   CNNDemo.modelBytes(name) → Promise<Uint8Array>: the .cnnw file of shipped model `name`,
  //                          fetched if it is not here yet (without showing it)
  //   CNNDemo.modelStatus(name)  {state: 'here' | 'loading' | 'failed' | 'not-requested', message}:
  //                          what the switch says about that model's download (message: its words)
  //   CNNDemo.architecture() the layer list of the network shown ('conv16x5p2,relu,pool2,…')
  //   CNNDemo.receptiveField()  the receptive field highlighted on the input, or null:
  //                          {layer, y, x, rect: {y0, x0, y1, x1}} (rows y0..y1-1, columns x0..x1-1)
  //   CNNDemo.mapRect(layer, channel), CNNDemo.modelButtonRect(name)   where the last frame drew
  //                          them, {x, y, width, height} in CSS pixels of the page, or null
  //   CNNDemo.layout()       where the last frame drew the Demo tab, for tests and hosts (CSS
  //                          pixels of the page): {mode: 'rows' | 'compact' | 'stack' | '' (another
  //                          tab), pad, seen, prediction, cell (the maps' cells), stages: [{name,
  //                          kind, x, y, width, height, columns}] from Input to Softmax (columns: a
  //                          map grid's; the output's and softmax's 1, 2 (0-4 | 5-9) or one per
  //                          class), preferredHeight, lessonOverflowX (how far the Lesson panel's
  //                          content reached past its visible width in the last frame that drew it,
  //                          canvas pixels; 0: it fits), padDrawn (the drawing pad where the last
  //                          frame drew it, in the Demo or the Train tab), padHint (the pad's
  //                          hint as now worded: for a mouse, or for a finger)}
  // URL option model=simple|two-stage: the model to start with (index.html; embed.js reads it for
  // the embed pages, and sends set-model messages here too). A bad value is ignored with a warning.
  var modelNames = null;
  function models() {
    requireReady();
    if (!modelNames) modelNames = JSON.parse(UTF8ToString(Module._cnn_demo_models()));
    return modelNames.slice();
  }
  function modelName() { return models()[Module._cnn_demo_model_index()]; }
  function namesInWords(names) {
    return names.length < 2 ? names.join('') : names.slice(0, -1).join(', ') + ' or ' + names[names.length - 1];
  }
  // The index of model `name`; throws an Error naming the valid ones.
  function modelIndex(who, name) {
    var names = models();
    var index = names.indexOf(name);
    if (typeof name !== 'string' || index < 0) {
      throw new Error(who + ': unknown model ' + JSON.stringify(name === undefined ? null : name) +
                      ' (valid: ' + namesInWords(names) + ')');
    }
    return index;
  }
  // Polls `check` every 50 ms until it returns a value other than undefined (resolves with it) or
  // throws (rejects); a page that failed meanwhile rejects too.
  function whenSettled(check) {
    return new Promise(function (resolve, reject) {
      (function poll() {
        var v;
        try {
          if (failed) throw new Error('CNNDemo is unavailable: ' + failed);
          v = check();
        } catch (e) { reject(e); return; }
        if (v !== undefined) resolve(v); else setTimeout(poll, 50);
      })();
    });
  }
  function modelError(who, index) { return new Error(who + ': ' + UTF8ToString(Module._cnn_demo_model_message(index))); }
  function setModel(name) {
    try {
      var index = modelIndex('CNNDemo.setModel', name);
      var r = Module._cnn_demo_set_model(index);
      if (!r) throw new Error('CNNDemo.setModel: the model "' + name + '" could not be loaded');
      if (r === 1) return Promise.resolve(name);
    } catch (e) { return Promise.reject(e); }
    return whenSettled(function () {  // fetched first (Module.cnnFetchModel), shown when it arrives
      if (Module._cnn_demo_model_index() === index && Module._cnn_demo_wanted_model() < 0) return name;
      if (Module._cnn_demo_wanted_model() !== index) throw new Error('CNNDemo.setModel: another model was chosen meanwhile');
      if (Module._cnn_demo_model_state(index) < 0) throw modelError('CNNDemo.setModel', index);
    });
  }
  function modelBytes(name) {
    try {
      var index = modelIndex('CNNDemo.modelBytes', name);
      Module._cnn_demo_fetch_model(index);
    } catch (e) { return Promise.reject(e); }
    return whenSettled(function () {
      var state = Module._cnn_demo_model_state(index);
      if (state < 0) throw modelError('CNNDemo.modelBytes', index);
      if (state !== 2) return undefined;
      var ptr = Module._cnn_demo_model_bytes(index);
      return HEAPU8.slice(ptr, ptr + Module._cnn_demo_model_size(index));
    });
  }
  var MODEL_STATES = { '-1': 'failed', 0: 'not-requested', 1: 'loading', 2: 'here' };
  function modelStatus(name) {
    var index = modelIndex('CNNDemo.modelStatus', name);
    return { state: MODEL_STATES[Module._cnn_demo_model_state(index)], message: UTF8ToString(Module._cnn_demo_model_message(index)) };
  }
  // A model fetched on demand (app::ModelShelf asks through src/web/model_exports.cpp): from the
  // site file Module.cnnModelUrls names (generated from CNN_MODELS; the single file carries it
  // inline), through the counting download: its progress in the switch, a stall ended, and the
  // size checked against the file this page was built with.
  var modelsLoading = {};
  Module.cnnFetchModel = function (index, name) {
    if (modelsLoading[name]) return;
    modelsLoading[name] = true;
    var size = Module._cnn_demo_model_file_size(index), inlined = 'cnn-model-' + name;
    download((Module.cnnModelUrls || {})[name] || name + ' (not in this build)', {
      open: document.getElementById(inlined) ? function () { return Module.cnnInlined(inlined); } : undefined,
      maxBytes: size,
      expectedSize: function () { return size; },
      onProgress: function (received, total) { Module._cnn_demo_model_progress(index, received, total >= 0 ? total : size); },
    }).then(function (bytes) {
      modelsLoading[name] = false;
      var ptr = Module._cnn_demo_model_buffer(bytes.length);
      HEAPU8.set(bytes, ptr);  // HEAPU8 after the call: the buffer may have grown memory
      Module._cnn_demo_model_arrived(index, bytes.length);
    }, function (e) {
      modelsLoading[name] = false;
      Module._cnn_demo_model_failed(index, DOWNLOAD_FAILURES[e.kind], e.status || 0, e.received, e.total, e.seconds || 0);
    }).catch(function (e) {  // the runtime stopped meanwhile (an abort): already said on the page
      console.warn('cnn-demo: model ' + name + ': ' + (e && e.message ? e.message : e));
    });
  };
  function pageRect(ptr) {
    var r = ptr >> 2;
    if (!(HEAPF32[r + 2] > 0)) return null;
    var c = Module.canvas.getBoundingClientRect();
    return { x: c.left + window.scrollX + HEAPF32[r], y: c.top + window.scrollY + HEAPF32[r + 1],
             width: HEAPF32[r + 2], height: HEAPF32[r + 3] };
  }
  function receptiveField() {
    requireReady();
    var b = Module._cnn_demo_receptive_field() >> 2;
    if (HEAPF32[b] < 0) return null;
    return { layer: HEAPF32[b], y: HEAPF32[b + 1], x: HEAPF32[b + 2],
             rect: { y0: HEAPF32[b + 3], x0: HEAPF32[b + 4], y1: HEAPF32[b + 5], x1: HEAPF32[b + 6] } };
  }
  function mapRect(layer, channel) {
    requireReady();
    if (!Number.isInteger(layer) || !Number.isInteger(channel)) throw new Error('CNNDemo.mapRect: layer and channel must be integers');
    return pageRect(Module._cnn_demo_map_rect(layer, channel));
  }
  function layout() {
    requireReady();
    var d = JSON.parse(UTF8ToString(Module._cnn_demo_layout()));
    var c = Module.canvas.getBoundingClientRect();
    function page(r) { return { x: c.left + window.scrollX + r[0], y: c.top + window.scrollY + r[1], width: r[2], height: r[3] }; }
    var out = { mode: d.mode, preferredHeight: d.preferredHeight, lessonOverflowX: d.lessonOverflowX,
                padDrawn: page(d.padDrawn), padHint: d.padHint };
    if (!d.mode) return out;
    out.pad = page(d.pad);
    out.seen = page(d.seen);
    out.prediction = page(d.prediction);
    out.cell = d.cell;
    out.stages = d.stages.map(function (s) { return Object.assign({ name: s.name, kind: s.kind, columns: s.columns }, page(s.rect)); });
    return out;
  }
  function modelButtonRect(name) {
    var index = models().indexOf(name);
    return index < 0 ? null : pageRect(Module._cnn_demo_model_button_rect(index));
  }
  // The URL option, on index.html (the embed pages' embed.js sets Module.cnnDemoEmbedOptions and
  // handles it with its other options).
  ready.then(function () {
    if (Module.cnnDemoEmbedOptions) return;
    var wanted = null;
    try { wanted = new URLSearchParams(window.location.search).get('model'); } catch (e) { /* no options */ }
    if (wanted === null) return;
    if (models().indexOf(wanted) >= 0) {
      setModel(wanted).catch(function (e) { console.warn('cnn-demo: model=' + wanted + ': ' + e.message); });
    } else console.warn('cnn-demo: model="' + String(wanted).slice(0, 40).replace(/[^\x20-\x7e]/g, '?') +
                      '" ignored: use ' + namesInWords(models()));
  }, function () {});
  var modelApi = {
    models: models, model: function () { requireReady(); return modelName(); }, setModel: setModel, modelBytes: modelBytes,
    modelStatus: modelStatus,
    architecture: function () { requireReady(); return UTF8ToString(Module._cnn_demo_architecture()); },
    receptiveField: receptiveField, mapRect: mapRect, modelButtonRect: modelButtonRect, layout: layout,
  };

  // --- Explanations (issue 15): trace mode, "why this digit", the filter switch ------------------
  // src/web/explain_exports.cpp; the ranges are the loaded network's, checked in C++, whose
  // message (naming the valid range) the Error carries. Kept as one block apart from the rest.
  //   CNNDemo.explain({stage, channel, y, x})  → {stage, kind, layer, value, sum, terms, title, lines, …}
  //   CNNDemo.saliency({label, method: 'occlusion' | 'gradient', patch})  → 28×28 numbers (row-major)
  //   CNNDemo.setFilter(layer, index, values | null)   a Convolution stage's filter; null restores it
  //   CNNDemo.showSaliency(options | null)   the overlay on "What the network sees" (null: off)
  //   CNNDemo.shownExplanation()             what trace mode's window shows (null: closed)
  //   CNNDemo.cellRect({stage, channel, y, x})  where that cell is drawn on the page, or null
  //   CNNDemo.topCrops({stage, channel})     what a channel looks for: its six strongest crops (issue 14)
  function explanationsApi() {
    function isInt(v) { return typeof v === 'number' && Number.isInteger(v); }
    function cellOf(who, cell) {
      if (cell === null || typeof cell !== 'object') throw new Error(who + ': expected {stage, channel, y, x}, got ' + cell);
      var out = {};
      ['stage', 'channel', 'y', 'x'].forEach(function (k) {
        var v = cell[k] === undefined && k !== 'stage' ? 0 : cell[k];
        if (!isInt(v)) throw new Error(who + ': ' + k + ' must be an integer, got ' + JSON.stringify(v));
        out[k] = v;
      });
      return out;
    }
    function cError(who) { return new Error(who + ': ' + UTF8ToString(Module._cnn_explain_error())); }
    var METHODS = ['occlusion', 'gradient'];
    function requestOf(who, o) {
      o = o === undefined ? {} : o;
      if (o === null || typeof o !== 'object') throw new Error(who + ': expected {label, method, patch}, got ' + o);
      var label = o.label === undefined || o.label === null ? -1 : o.label;
      var method = o.method === undefined ? 'occlusion' : o.method;
      var patch = o.patch === undefined ? 4 : o.patch;
      if (!isInt(label)) throw new Error(who + ': label must be -1 (the predicted class) or an integer class, got ' + JSON.stringify(o.label));
      if (METHODS.indexOf(method) < 0) throw new Error(who + ": method must be 'occlusion' or 'gradient', got " + JSON.stringify(method));
      if (!isInt(patch)) throw new Error(who + ': patch must be an integer (4 or 7 in the overlay), got ' + JSON.stringify(patch));
      return { label: label, method: METHODS.indexOf(method), patch: patch };
    }
    function explain(cell) {
      requireReady();
      var c = cellOf('CNNDemo.explain', cell);
      var ptr = Module._cnn_explain(c.stage, c.channel, c.y, c.x);
      if (!ptr) throw cError('CNNDemo.explain');
      return JSON.parse(UTF8ToString(ptr));
    }
    function saliency(options) {
      requireReady();
      var r = requestOf('CNNDemo.saliency', options);
      var ptr = Module._cnn_saliency(r.label, r.method, r.patch);
      if (!ptr) throw cError('CNNDemo.saliency');
      var n = Module._cnn_saliency_size(), base = ptr >> 2;
      return Array.prototype.slice.call(HEAPF32.subarray(base, base + n));
    }
    function showSaliency(options) {
      requireReady();
      if (options === null || options === false) { Module._cnn_saliency_show(0, -1, 0, 4); return; }
      var r = requestOf('CNNDemo.showSaliency', options);
      if (!Module._cnn_saliency_show(1, r.label, r.method, r.patch)) throw cError('CNNDemo.showSaliency');
    }
    function setFilter(layer, index, values) {
      requireReady();
      var who = 'CNNDemo.setFilter';
      if (!isInt(layer)) throw new Error(who + ': layer must be the integer stage of a Convolution layer, got ' + JSON.stringify(layer));
      if (!isInt(index)) throw new Error(who + ': index must be an integer filter number, got ' + JSON.stringify(index));
      if (values === null || values === undefined) {
        if (!Module._cnn_set_filter(layer, index, -1)) throw cError(who);
        return;
      }
      var isArrayLike = Array.isArray(values) || (ArrayBuffer.isView(values) && !(values instanceof DataView));
      if (!isArrayLike) throw new Error(who + ': values must be an array or Float32Array of numbers, or null to restore');
      for (var i = 0; i < values.length; i++) {
        var v = values[i];
        if (typeof v !== 'number') throw new Error(who + ': value ' + i + ' is not a number (' + typeof v + ')');
        if (v !== v) throw new Error(who + ': value ' + i + ' is NaN');
        if (v === Infinity || v === -Infinity) throw new Error(who + ': value ' + i + ' is infinite');
      }
      var base = Module._cnn_filter_buffer(values.length) >> 2;
      HEAPF32.set(values, base);  // HEAPF32 after the call: the buffer may have grown memory
      if (!Module._cnn_set_filter(layer, index, values.length)) throw cError(who);
    }
    function shownExplanation() {
      requireReady();
      return JSON.parse(UTF8ToString(Module._cnn_explain_shown()));
    }
    function cellRect(cell) {
      requireReady();
      var c = cellOf('CNNDemo.cellRect', cell);
      var r = Module._cnn_explain_cell_rect(c.stage, c.channel, c.y, c.x) >> 2;
      if (HEAPF32[r + 2] <= 0) return null;
      var box = Module.canvas.getBoundingClientRect();
      return { x: box.left + window.scrollX + HEAPF32[r], y: box.top + window.scrollY + HEAPF32[r + 1],
               width: HEAPF32[r + 2], height: HEAPF32[r + 3] };
    }
    // What a channel looks for (issue 14): {stage, channel} of a convolution stage or the ReLU
    // after it → {stage, channel, layer, layerName, size: [h, w] (the receptive field), samples,
    // padImage, ms, crops: [{image, drawing, label, y, x, value, rect: {y0, x0, y1, x1}}] (strongest first)}
    function topCrops(options) {
      requireReady();
      var who = 'CNNDemo.topCrops';
      if (options === null || typeof options !== 'object') throw new Error(who + ': expected {stage, channel}, got ' + options);
      ['stage', 'channel'].forEach(function (k) {
        if (!isInt(options[k])) throw new Error(who + ': ' + k + ' must be an integer, got ' + JSON.stringify(options[k]));
      });
      var ptr = Module._cnn_top_crops(options.stage, options.channel);
      if (!ptr) throw cError(who);
      return JSON.parse(UTF8ToString(ptr));
    }
    return { explain: explain, saliency: saliency, setFilter: setFilter, showSaliency: showSaliency,
             shownExplanation: shownExplanation, cellRect: cellRect, topCrops: topCrops };
  }

  window.CNNDemo = Object.freeze(Object.assign({
    ready: ready, predict: predict, current: current, clear: clear, padRect: padRect,
    loadSample: loadSample, sampleCount: sampleCount, train: train, memoryBytes: memoryBytes,
    // LMS reporting (web/cnn_demo_lms.js, linked before this file).
    progress: cnnDemoLms.progress, practice: cnnDemoLms.practice,
  }, modelApi, explanationsApi()));
})();
