// The embed page's Module set-up for the Emscripten runtime (docs/embedding.md). Loaded as a
// plain script before index.js (dist/embed.html) or compiled in with --pre-js (the
// self-contained dist/cnn-demo.html); window.CNNDemo comes from cnn_demo_api.js and the
// host-page protocol from embed.js.
var Module = typeof Module !== 'undefined' ? Module : {};
(function () {
  'use strict';
  var canvas = document.getElementById('canvas');
  Module.canvas = canvas;
  Module.print = function (t) { console.log(t); };
  Module.printErr = function (t) { console.warn(t); };
  // WebGL2 is checked before the runtime starts so the page can say so in words.
  var gl = null;
  try { gl = document.createElement('canvas').getContext('webgl2'); } catch (e) { gl = null; }
  if (!gl) Module.noWebGL2 = true;
  // index.wasm is downloaded by cnn_demo_api.js (progress bar, stalls, sandboxes): the runtime
  // hands this the instantiation, and that script, which runs right after the runtime's code,
  // picks it up (docs/web-demo.md, "Loading").
  Module.instantiateWasm = function (imports, receive) { Module.cnnWasmPending = [imports, receive]; return {}; };
  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
  // A press gives the canvas the keyboard (Backspace clears). Focus by script counts as
  // keyboard focus to Chromium, which then drew the keyboard ring after every click: the
  // pointer-focus class hides it until the canvas loses focus (a Tab back shows it again).
  canvas.addEventListener('pointerdown', function () {
    canvas.classList.add('pointer-focus');
    canvas.focus({ preventScroll: true });
  });
  canvas.addEventListener('blur', function () { canvas.classList.remove('pointer-focus'); });
})();
