// Frame times while a student draws: a scripted 5-second drawing on the demo's pad (four digits,
// the pad cleared between them), with the whole pipeline view following every change.
// Measured in headless Chromium, per frame:
//   interval   between animation frames (Chromium paces them at the display's 60 Hz at best);
//   app        the app's own CPU time (the Emscripten main-loop callback: input, drawing pad,
//              preprocessing, forward pass, feature-map uploads, ImGui);
//   render     the time a one-pixel readPixels then waits for the frame's WebGL drawing.
//              Headless Chromium draws WebGL with SwiftShader on the CPU, so this is the
//              software renderer's cost, which a real GPU takes off the main thread.
// app + render is what one frame costs the machine; 60 fps needs it under 16.7 ms. For scale,
// the same browser then times a bare WebGL page (clear + one full-screen triangle) at the same
// size: SwiftShader's floor on this machine.
// (Chromium's --disable-frame-rate-limit was tried: its busy frame loop starves the mouse
// events, so a scripted drawing cannot run under it.)
// Then, the page left alone: the CPU the whole browser (all its processes) uses per second of
// wall time while the demo sits idle, against the same browser showing the bare WebGL page
// (which draws every frame, as the demo did before it learnt to rest) and a blank page.
// Prints Markdown tables with medians and 95th percentiles.
//   node bench/frame_bench.mjs [--dist DIR] [--seconds 5] [--width 1280 --height 800]   (after ./build_wasm.sh)
//   [--overlay occlusion|gradient]: with the "why this digit" overlay on (CNNDemo.showSaliency), patch 4
//   [--model two-stage]: drawing with that model shown (CNNDemo.setModel; default the first)
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDir } from './lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');
const { cpuSeconds } = require('./tests/browser/harness.js');  // the CPU of the Chromium started with MARKER
const MARKER = `--cnn-frame-bench=${process.pid}`;  // an unknown switch: Chromium ignores it

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const DIST = path.resolve(args.dist || path.join(ROOT, 'dist'));
const SECONDS = Number(args.seconds || 5);
const WIDTH = Number(args.width || 1280), HEIGHT = Number(args.height || 800);
const OVERLAY = args.overlay || '';  // '' (off), 'occlusion' or 'gradient'
const MODEL = args.model || '';  // '' (the first model) or a name of CNNDemo.models()

const BASE_FLAGS = ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

// Digit-like strokes in pad coordinates (0..1): a 7, a 1, a 0 and a 4, as a student draws them.
const DIGITS = [
  [[[0.25, 0.25], [0.75, 0.25], [0.45, 0.8]]],
  [[[0.5, 0.2], [0.5, 0.8]]],
  [Array.from({ length: 13 }, (_, i) => [0.5 + 0.22 * Math.sin(i * Math.PI / 6), 0.5 - 0.3 * Math.cos(i * Math.PI / 6)])],
  [[[0.6, 0.2], [0.3, 0.6], [0.75, 0.6]], [[0.6, 0.35], [0.6, 0.8]]],
];

// The floor: a page that only clears its WebGL2 canvas and draws one blended full-screen
// triangle each frame, timed the same way. No app can render faster under SwiftShader.
const BASELINE_PAGE = `<!doctype html><body style="margin:0"><canvas id="c" style="width:100vw;height:100vh;display:block"></canvas><script>
const c = document.getElementById('c'); c.width = innerWidth; c.height = innerHeight;
const gl = c.getContext('webgl2', { antialias: false });
const sh = (t, src) => { const x = gl.createShader(t); gl.shaderSource(x, src); gl.compileShader(x); return x; };
const pr = gl.createProgram();
gl.attachShader(pr, sh(gl.VERTEX_SHADER, '#version 300 es\\nin vec2 p; void main() { gl_Position = vec4(p, 0, 1); }'));
gl.attachShader(pr, sh(gl.FRAGMENT_SHADER, '#version 300 es\\nprecision mediump float; out vec4 o; void main() { o = vec4(0.1, 0.1, 0.12, 0.9); }'));
gl.linkProgram(pr); gl.useProgram(pr);
gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 3, -1, -1, 3]), gl.STATIC_DRAW);
gl.enableVertexAttribArray(0); gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
gl.enable(gl.BLEND); gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
window.__render = []; const px = new Uint8Array(4);
const frame = () => { const t0 = performance.now(); gl.viewport(0, 0, c.width, c.height); gl.clearColor(0, 0, 0, 1);
  gl.clear(gl.COLOR_BUFFER_BIT); gl.drawArrays(gl.TRIANGLES, 0, 3); gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
  window.__render.push(performance.now() - t0); requestAnimationFrame(frame); };
requestAnimationFrame(frame);
</script>`;

async function baseline(browser) {
  const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
  await page.setContent(BASELINE_PAGE);
  await page.waitForTimeout(1000);
  await page.evaluate(() => { window.__render = []; });
  await page.waitForTimeout(SECONDS * 1000);
  const r = await page.evaluate(() => window.__render);
  const idle = await idleCpu(page, 10);
  await page.close();
  const blankPage = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
  await blankPage.setContent('<!doctype html><body></body>');
  await blankPage.waitForTimeout(4000);
  const blank = await idleCpu(blankPage, 10);
  await blankPage.close();
  return { render: r, idle, blank };
}

// The browser's CPU use, as a share of one core, over `seconds` of leaving `page` alone.
async function idleCpu(page, seconds) {
  const c0 = cpuSeconds(MARKER).chromium, t0 = Date.now();
  await page.waitForTimeout(seconds * 1000);
  return (cpuSeconds(MARKER).chromium - c0) / ((Date.now() - t0) / 1000);
}

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

async function run(browser, port) {
  {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
    await page.goto(`http://127.0.0.1:${port}/index.html`);
    await page.evaluate(() => window.CNNDemo.ready);
    if (MODEL) await page.evaluate((name) => CNNDemo.setModel(name), MODEL);
    if (OVERLAY) await page.evaluate((method) => CNNDemo.showSaliency({ method, patch: 4 }), OVERLAY);
    await page.waitForTimeout(1000);  // let start-up frames settle
    const rect = await page.evaluate(() => CNNDemo.padRect());
    await page.evaluate(() => {
      window.__stamps = [];
      const tick = (t) => { window.__stamps.push(t); window.__raf = requestAnimationFrame(tick); };
      window.__raf = requestAnimationFrame(tick);
      window.__busy = [];
      window.__render = [];
      const runner = Browser.mainLoop.runner;
      window.__runner = runner;
      const pixel = new Uint8Array(4);
      Browser.mainLoop.runner = function () {
        const t0 = performance.now();
        runner();
        const t1 = performance.now();
        GLctx.readPixels(0, 0, 1, 1, GLctx.RGBA, GLctx.UNSIGNED_BYTE, pixel);  // waits for the drawing
        window.__busy.push(t1 - t0);
        window.__render.push(performance.now() - t1);
      };
    });
    // Draw for SECONDS: each stroke point is one mouse move, about every 10 ms.
    const t0 = Date.now();
    let digit = 0, moves = 0;
    while (Date.now() - t0 < SECONDS * 1000) {
      for (const stroke of DIGITS[digit % DIGITS.length]) {
        const at = ([u, v]) => [rect.x + rect.width * u, rect.y + rect.height * v];
        await page.mouse.move(...at(stroke[0]));
        await page.mouse.down();
        for (let s = 1; s < stroke.length; s++) {
          const [a, b] = [stroke[s - 1], stroke[s]];
          for (let k = 1; k <= 6; k++) {
            await page.mouse.move(...at([a[0] + (b[0] - a[0]) * k / 6, a[1] + (b[1] - a[1]) * k / 6]));
            moves++;
            await page.waitForTimeout(10);
          }
        }
        await page.mouse.up();
      }
      await page.waitForTimeout(150);  // the student looks at the result
      await page.evaluate(() => CNNDemo.clear());
      digit++;
    }
    const elapsed = (Date.now() - t0) / 1000;
    const r = await page.evaluate(() => {
      cancelAnimationFrame(window.__raf);
      Browser.mainLoop.runner = window.__runner;
      const s = window.__stamps;
      return { intervals: s.slice(1).map((t, i) => t - s[i]), busy: window.__busy, render: window.__render,
        total: window.__busy.map((b, i) => b + window.__render[i]) };
    });
    // Left alone: the demo stops drawing a few seconds after the last input.
    await page.mouse.move(1, 1);
    await page.waitForTimeout(4000);
    const idle = await idleCpu(page, 10);
    await page.close();
    return { ...r, elapsed, digits: digit, moves, idle };
  }
}

const server = await serveDir(DIST);
const port = server.port;
try {
  const f = (v) => v.toFixed(1);
  const q = (xs) => `${f(quantile(xs, 0.5))} / ${f(quantile(xs, 0.95))}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...BASE_FLAGS, MARKER] });
  let r, base;
  try {
    r = await run(browser, port);
    base = await baseline(browser);
  } finally {
    await browser.close();
  }
  console.log(`Scripted drawing: ${SECONDS} s, ${r.digits} digits, ${r.moves} mouse moves, ${r.intervals.length} frames ` +
    `(${f(r.intervals.length / r.elapsed)} frames/s), window ${WIDTH}×${HEIGHT}` +
    `${MODEL ? `, model ${MODEL}` : ''}${OVERLAY ? `, the "why this digit" overlay on (${OVERLAY}, patch 4)` : ''}.`);
  console.log('');
  console.log('| per frame, ms | median / p95 |');
  console.log('|---|---|');
  console.log(`| app CPU (main-loop callback) | ${q(r.busy)} |`);
  console.log(`| WebGL rendering (SwiftShader, waited for with a 1-pixel readPixels) | ${q(r.render)} |`);
  console.log(`| app + rendering: the frame's cost | ${q(r.total)} |`);
  console.log(`| interval between frames (Chromium's pacing) | ${q(r.intervals)} |`);
  console.log(`| floor, same browser and size: a page that only clears and draws one full-screen triangle | ${q(base.render)} |`);
  console.log('');
  console.log(`60 fps needs a frame every 16.7 ms: the frame's cost is under it in ` +
    `${(100 * r.total.filter((t) => t <= 1000 / 60).length / r.total.length).toFixed(0)} % of frames.`);
  const pct = (x) => `${(100 * x).toFixed(1)} %`;
  console.log('');
  console.log('| left alone for 10 s (after 4 s without input): the whole browser\'s CPU, share of one core | |');
  console.log('|---|---|');
  console.log(`| the demo | ${pct(r.idle)} |`);
  console.log(`| the bare WebGL page, drawing every frame | ${pct(base.idle)} |`);
  console.log(`| a blank page | ${pct(base.blank)} |`);
} finally {
  server.kill();
}
