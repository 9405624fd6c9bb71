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
  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
  canvas.addEventListener('pointerdown', function () { canvas.focus({ preventScroll: true }); });
})();
