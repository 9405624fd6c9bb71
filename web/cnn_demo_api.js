// window.CNNDemo: the page's JavaScript API over the WebAssembly demo (appended to the
// Emscripten output with --post-js, so it sees Module and the heap views).
//   CNNDemo.ready         Promise: resolves when the model is loaded and the first frame drawn
//   CNNDemo.predict(px)   784 values in [0,1] (28×28, row-major, white on black) → {label, probs}
//   CNNDemo.current()     the pad's prediction {label, probs}, or null when the pad is empty
//   CNNDemo.clear()       clears the pad
//   CNNDemo.padRect()     the pad's drawing area {x, y, width, height} in CSS pixels of the page
//   CNNDemo.loadSample(i), CNNDemo.sampleCount()   the real MNIST digits behind the pad's button
// Inputs are checked here and again in C++ (src/web/cnn_demo_exports.cpp).
(function () {
  'use strict';
  var INPUT_SIZE = 784, CLASSES = 10;
  var statusEl = document.getElementById('status');
  var predictionEl = document.getElementById('prediction');
  var resolveReady, rejectReady, failed = null;
  var ready = new Promise(function (resolve, reject) { resolveReady = resolve; rejectReady = reject; });
  ready.catch(function () {});  // a failure is shown on the page; callers may still catch it

  function fail(message) {
    if (failed) return;
    failed = message;
    statusEl.hidden = false;
    statusEl.className = 'error';
    statusEl.textContent = message;
    predictionEl.textContent = 'Unavailable: ' + message;
    predictionEl.classList.add('visible');
    Module.canvas.style.visibility = 'hidden';
    rejectReady(new Error(message));
  }

  // Called from C++ (src/web/web_bridge.cpp).
  Module.cnnDemoFailed = fail;
  Module.cnnDemoReady = function () { statusEl.hidden = true; resolveReady(); };
  Module.cnnDemoPrediction = function (text) { predictionEl.textContent = text; };
  var previousOnAbort = Module.onAbort;
  Module.onAbort = function (what) {
    fail('The demo stopped with an internal error: ' + what);
    if (previousOnAbort) previousOnAbort(what);
  };
  if (Module.noWebGL2) {
    fail('WebGL2 is not available in this browser, so the demo cannot draw. Try a current Chrome, Firefox or Safari.');
  }

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

  window.CNNDemo = Object.freeze({
    ready: ready, predict: predict, current: current, clear: clear, padRect: padRect,
    loadSample: loadSample, sampleCount: sampleCount,
  });
})();
