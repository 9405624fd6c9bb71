// Reliability end-to-end tests (called by tests/browser/run.sh with the same served dist/):
// memory that stays flat over 100 000 predict() calls and thousands of scripted strokes, frame
// time that does not grow, predict() before `ready`, a missing, unreachable or damaged index.wasm and a lost
// WebGL context each ending in words on the page (English and Korean), bit-identical results
// across calls and reloads, and digits drawn the way students draw them (small, off-centre, slanted).
//   node tests/browser/reliability.test.js --url URL --mnist DIR [--strokes N] [--only strokes|wasm]
// --strokes: how many scripted strokes (default 1000, about 2 minutes; the long run is
// --strokes 10000, about 15 minutes here); --only runs the stroke test or the index.wasm tests alone.
// Last line: "N passed, N failed"; exit code 1 on any failure.
'use strict';
const {
  parseArgs, CHROMIUM_ARGS, results, test, assert, measure, readMnistImages, finish, crashed,
} = require('./harness');
const args = parseArgs();
const { chromium } = require('playwright-core');

const URL_ = args.url;
const STROKES = Number(args.strokes || 1000);
if (!Number.isInteger(STROKES) || STROKES < 5) throw new Error(`--strokes: expected a whole number >= 5, got ${args.strokes}`);
const ONLY = args.only || 'all';
// Memory and frame time after the first EARLY strokes are the reference for the end of the run.
const EARLY = STROKES >= 5000 ? 1000 : Math.max(1, Math.floor(STROKES / 5));
const CLEAR_EVERY = 10;  // strokes on the pad before Backspace clears it

// One stroke from (x0, y0) to (x1, y1) in pad units (0..1), with real mouse events.
async function stroke(page, r, x0, y0, x1, y1, steps = 6) {
  await page.mouse.move(r.x + x0 * r.width, r.y + y0 * r.height);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    await page.mouse.move(r.x + (x0 + (x1 - x0) * t) * r.width, r.y + (y0 + (y1 - y0) * t) * r.height);
  }
  await page.mouse.up();
}

function percentiles(values) {
  const d = values.slice().sort((a, b) => a - b);
  return { median: d[Math.floor(d.length / 2)], p95: d[Math.floor(d.length * 0.95)], frames: d.length };
}
const ms = (f) => `${f.median.toFixed(1)}, ${f.p95.toFixed(1)} ms`;

// Frame intervals measured in the page over `duration` milliseconds (median and p95).
async function frameTimes(page, duration) {
  return percentiles(await page.evaluate((duration) => new Promise((resolve) => {
    const d = [];
    let last = performance.now();
    const t0 = last;
    (function tick(now) {
      d.push(now - last);
      last = now;
      if (now - t0 < duration) requestAnimationFrame(tick);
      else resolve(d);
    })(performance.now());
  }), duration));
}

// A new page at URL_ + suffix, with `route` answering its index.wasm requests when given;
// page.consoleErrors collects its console errors from the start.
async function openPage(context, route, suffix = '') {
  const page = await context.newPage();
  page.consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.consoleErrors.push(m.text()); });
  if (route) await page.route('**/index.wasm', route);
  await page.goto(URL_ + suffix, { waitUntil: 'load' });
  return page;
}

// Scripted strokes, drawn in the page without a round trip to Node: for stroke i, a mousedown on
// the canvas, a mousemove across the pad, a mouseup on the document (where SDL listens for it),
// one DOM event per animation frame, so that SDL → Dear ImGui → the drawing pad sees each in its
// own frame exactly like a hand's (ImGui would otherwise merge a fast down/move/up into a dot);
// every `clearEvery` strokes, Backspace (keydown, keyup on the canvas). Each stroke runs the
// preprocessing, predict() and the pipeline view as drawing does. Returns the rAF intervals
// (ms), where each stroke's frames start in them, and per clear: whether the pad had ink before
// Backspace and was empty two frames after it (no input left queued).
function drawStrokes(page, first, count, clearEvery) {
  return page.evaluate(([first, count, clearEvery]) => new Promise((resolve) => {
    const canvas = Module.canvas, r = CNNDemo.padRect();
    const ox = r.x - window.scrollX, oy = r.y - window.scrollY;
    const mouse = (type, target, x, y, buttons) => () => target.dispatchEvent(new MouseEvent(type, {
      clientX: ox + x * r.width, clientY: oy + y * r.height, button: 0, buttons, bubbles: true, cancelable: true, view: window,
    }));
    const key = (type) => () => canvas.dispatchEvent(new KeyboardEvent(type,
      { key: 'Backspace', code: 'Backspace', keyCode: 8, which: 8, bubbles: true, cancelable: true }));
    const out = { intervals: [], strokeStarts: [], clears: 0, inked: 0, cleared: 0 };
    const steps = [];
    for (let i = first; i < first + count; i++) {
      const a = (i * 0.618) % 1, b = (i * 0.382) % 1;
      const x1 = 0.9 - 0.8 * b, y1 = 0.9 - 0.8 * a;
      steps.push(() => { out.strokeStarts.push(out.intervals.length); mouse('mousedown', canvas, 0.1 + 0.8 * a, 0.1 + 0.8 * b, 1)(); },
        mouse('mousemove', canvas, x1, y1, 1), mouse('mouseup', document, x1, y1, 0));
      if (i % clearEvery === clearEvery - 1) {
        steps.push(() => { out.clears++; if (CNNDemo.current() !== null) out.inked++; key('keydown')(); },
          key('keyup'), () => {}, () => { if (CNNDemo.current() === null) out.cleared++; });
      }
    }
    let last = 0, k = 0;
    (function tick(now) {
      if (last) out.intervals.push(now - last);
      last = now;
      if (k < steps.length) { steps[k++](); requestAnimationFrame(tick); } else resolve(out);
    })(0);
  }), [first, count, clearEvery]);
}

// STROKES scripted strokes on a fresh page: WebAssembly memory after EARLY strokes and at the
// end (and every 1 000), frame intervals while drawing the first EARLY strokes and the last EARLY,
// and idle before and after. 960×640: the whole demo (pad, prediction, pipeline) at a size that
// SwiftShader renders about three times faster than 1440×900. Measured here: Playwright's
// page.mouse strokes cost about 0.6 s each (every event a round trip of a frame or more; sent
// faster, ImGui queues them and draws dots); --disable-gpu-vsync --disable-frame-rate-limit
// made SwiftShader stall for seconds at a time, so the frame rate stays the browser's.
async function strokeTest(context) {
  await test(`memory and frame time stay flat over ${STROKES} scripted strokes (mouse events → SDL → ImGui → pad)`, async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 960, height: 640 });
    await page.goto(URL_, { waitUntil: 'load' });
    await page.evaluate(() => CNNDemo.ready);
    const idleBefore = await frameTimes(page, 1500);
    const t0 = Date.now();
    const intervals = [], strokeStarts = [], memory = [];
    let clears = 0, inked = 0, cleared = 0, memEarly = 0;
    const stops = new Set([EARLY, STROKES]);
    for (let n = 250; n < STROKES; n += 250) stops.add(n);
    let done = 0;
    for (const stop of [...stops].sort((a, b) => a - b)) {
      const r = await drawStrokes(page, done, stop - done, CLEAR_EVERY);
      for (const s of r.strokeStarts) strokeStarts.push(intervals.length + s);
      for (const v of r.intervals) intervals.push(v);
      clears += r.clears; inked += r.inked; cleared += r.cleared;
      done = stop;
      const mem = await page.evaluate(() => CNNDemo.memoryBytes());
      if (done === EARLY) memEarly = mem;
      if (done % 1000 === 0 || done === STROKES) {
        memory.push(`${done}: ${mem}`);
        if (STROKES > 2000) console.log(`  ...   ${done} strokes, ${((Date.now() - t0) / 1000).toFixed(0)} s, memory ${mem} bytes`);
      }
    }
    const seconds = (Date.now() - t0) / 1000;
    const memLate = await page.evaluate(() => CNNDemo.memoryBytes());
    const idleAfter = await frameTimes(page, 1500);
    await page.close();
    const early = percentiles(intervals.slice(0, strokeStarts[EARLY] || intervals.length));
    const late = percentiles(intervals.slice(strokeStarts[STROKES - EARLY]));
    measure(`WebAssembly memory after ${EARLY} / ${STROKES} strokes`, `${memEarly} / ${memLate} bytes`);
    if (memory.length > 1) measure('WebAssembly memory every 1 000 strokes', memory.join(', '));
    measure(`frame interval while drawing the first / last ${EARLY} strokes (median, p95)`, `${ms(early)} / ${ms(late)}`);
    measure('frame interval idle before / after the strokes (median, p95)', `${ms(idleBefore)} / ${ms(idleAfter)}`);
    measure('scripted strokes', `${STROKES} in ${seconds.toFixed(0)} s (${(STROKES / seconds).toFixed(1)} strokes/s); ` +
      `pad inked before ${inked} of ${clears} Backspaces, empty after ${cleared}`);
    assert(memLate === memEarly, `memory grew from ${memEarly} to ${memLate} bytes`);
    assert(inked === clears, `the strokes left no ink before ${clears - inked} of ${clears} Backspaces`);
    assert(cleared === clears, `the pad was not empty after ${clears - cleared} of ${clears} Backspaces`);
    assert(late.median < early.median * 1.5 + 10, `frames while drawing slowed from ${ms(early)} to ${ms(late)}`);
    assert(idleAfter.median < idleBefore.median * 1.5 + 10, `idle frames slowed from ${ms(idleBefore)} to ${ms(idleAfter)}`);
  });
}

// What the page must say when index.wasm cannot be used (web/cnn_demo_api.js, MESSAGES).
const WASM_MISSING = {
  en: /^The demo's program file \(index\.wasm\) could not be loaded: it is missing on the server or the connection failed\. Reload the page; if this keeps happening, tell your instructor\.$/,
  ko: /^데모 프로그램 파일\(index\.wasm\)을 불러오지 못했습니다\. .*담당 교수님께 알려 주세요\.$/,
};
const WASM_DAMAGED = {
  en: /^The demo's program file \(index\.wasm\) is damaged and cannot run\. Reload the page; if this keeps happening, tell your instructor\.$/,
  ko: /^데모 프로그램 파일\(index\.wasm\)이 손상되어 실행할 수 없습니다\. .*담당 교수님께 알려 주세요\.$/,
};
const truncated = async (r) => {
  const resp = await r.fetch();
  const body = await resp.body();
  await r.fulfill({ status: 200, contentType: 'application/wasm', body: body.subarray(0, body.length >> 1) });
};
const WASM_CASES = [
  // [what, page, route, headline, what the details line must name]
  ['missing (HTTP 404)', '', (r) => r.fulfill({ status: 404, body: 'not found' }), WASM_MISSING.en, /index\.wasm.*fetching of the wasm failed/],
  ['unreachable (connection refused)', '', (r) => r.abort('connectionrefused'), WASM_MISSING.en, /index\.wasm.*TypeError/],
  ['damaged (truncated)', '', truncated, WASM_DAMAGED.en, /index\.wasm.*CompileError/],
  ['missing (HTTP 404), Korean embed page', 'embed.html?lang=ko', (r) => r.fulfill({ status: 404, body: 'not found' }),
    WASM_MISSING.ko, /^기술 정보: .*index\.wasm/],
  ['damaged (truncated), Korean page', '?lang=ko', truncated, WASM_DAMAGED.ko, /^기술 정보: .*CompileError/],
];

// The tests on one page at 1440×900, then predict() before ready.
async function pageTests(context) {
  const page = await openPage(context);
  await page.evaluate(() => CNNDemo.ready);
  const images = readMnistImages(`${args.mnist}/t10k-images-idx3-ubyte`, 50);

  await test('memory stays flat over 100 000 predict() calls', async () => {
    const after1k = await page.evaluate((imgs) => {
      for (let i = 0; i < 1000; i++) CNNDemo.predict(imgs[i % imgs.length]);
      return CNNDemo.memoryBytes();
    }, images);
    const after100k = await page.evaluate((imgs) => {
      const f = imgs.map((a) => Float32Array.from(a));
      for (let i = 0; i < 99000; i++) CNNDemo.predict(f[i % f.length]);
      return CNNDemo.memoryBytes();
    }, images);
    measure('WebAssembly memory after 1 000 / 100 000 predict() calls', `${after1k} / ${after100k} bytes`);
    assert(after100k === after1k, `memory grew from ${after1k} to ${after100k} bytes`);
  });

  await test('the same input gives bit-identical outputs across calls and across a reload', async () => {
    const run = () => page.evaluate((imgs) => imgs.slice(0, 20).map((a) => CNNDemo.predict(a).probs), images);
    const a = await run(), b = await run();
    await page.reload({ waitUntil: 'load' });
    await page.evaluate(() => CNNDemo.ready);
    const c = await run();
    assert(JSON.stringify(a) === JSON.stringify(b), 'two calls differ');
    assert(JSON.stringify(a) === JSON.stringify(c), 'results differ after a reload');
  });

  await test('digits drawn the way students draw (small, off-centre, slanted, thick) are recognised', async () => {
    const r = await page.evaluate(() => CNNDemo.padRect());
    const cases = [
      // a small 1 in the top-left corner
      { label: 1, strokes: [[0.15, 0.08, 0.13, 0.33]] },
      // a small 7 in the bottom-right corner
      { label: 7, strokes: [[0.62, 0.62, 0.88, 0.62], [0.88, 0.62, 0.72, 0.92]] },
      // a slanted 1
      { label: 1, strokes: [[0.62, 0.1, 0.38, 0.9]] },
      // a slanted, off-centre 4
      { label: 4, strokes: [[0.25, 0.15, 0.15, 0.55], [0.15, 0.55, 0.55, 0.55], [0.45, 0.2, 0.38, 0.85]] },
      // a thick 0: two loops traced next to each other
      { label: 0, strokes: Array.from({ length: 2 }, (_, k) => Array.from({ length: 24 }, (_, i) => {
        const t0 = (i / 24) * 2 * Math.PI, t1 = ((i + 1) / 24) * 2 * Math.PI, rr = 0.25 + 0.03 * k;
        return [0.5 + rr * Math.sin(t0) * 0.8, 0.5 - rr * Math.cos(t0), 0.5 + rr * Math.sin(t1) * 0.8, 0.5 - rr * Math.cos(t1)];
      })).flat() },
    ];
    const got = [];
    for (const c of cases) {
      await page.evaluate(() => CNNDemo.clear());
      for (const s of c.strokes) await stroke(page, r, ...s, 3);
      await page.waitForTimeout(150);
      const cur = await page.evaluate(() => CNNDemo.current());
      got.push(`${c.label}→${cur ? cur.label : 'none'}`);
    }
    measure('student-style drawings (expected→predicted)', got.join(', '));
    const right = got.filter((g) => g[0] === g[2]).length;
    assert(right === cases.length, `recognised ${right} of ${cases.length}: ${got.join(', ')}`);
  });

  await test('a lost WebGL context is said in words, and the page recovers when it is restored', async () => {
    await page.evaluate(() => {
      window.__ext = Module.canvas.getContext('webgl2').getExtension('WEBGL_lose_context');
      window.__ext.loseContext();
    });
    await page.waitForFunction(() => /graphics context was lost/.test(document.getElementById('prediction').textContent),
      null, { timeout: 10000 });
    const visible = await page.evaluate(() => !document.getElementById('status').hidden);
    assert(visible, 'the message is not visible on the page');
    await Promise.all([
      page.waitForNavigation({ timeout: 20000 }),
      page.evaluate(() => window.__ext.restoreContext()),
    ]);
    await page.evaluate(() => CNNDemo.ready);
    const p = await page.evaluate((img) => CNNDemo.predict(img).label, images[0]);
    assert(p >= 0 && p <= 9, 'no prediction after recovery');
  });
  await page.close();

  await test('predict() before ready throws a clear Error', async () => {
    let release;
    const gate = new Promise((r) => { release = r; });
    const p = await openPage(context, async (route) => { await gate; await route.continue(); });
    const msg = await p.evaluate(() => {
      try { CNNDemo.predict(new Float32Array(784)); return 'no error'; } catch (e) { return e.message; }
    });
    release();
    await p.evaluate(() => CNNDemo.ready);
    await p.close();
    assert(/not ready/.test(msg), `got "${msg}"`);
  });

  await test('an internal error (the program aborts while running) is said in words; the API then throws', async () => {
    const p = await openPage(context);
    await p.evaluate(() => CNNDemo.ready);
    // abort() is what the Emscripten runtime calls on any fatal error inside the program.
    await p.evaluate(() => { try { abort('simulated by the test'); } catch (e) { /* abort also throws */ } });
    await p.waitForFunction(() => document.getElementById('status').className === 'error', null, { timeout: 10000 });
    const r = await p.evaluate(() => {
      let api;
      try { CNNDemo.predict(new Float32Array(784)); api = 'no error'; } catch (e) { api = e.message; }
      return {
        headline: document.querySelector('#status p').textContent,
        prediction: document.getElementById('prediction').textContent,
        visible: !document.getElementById('status').hidden,
        api,
      };
    });
    await p.close();
    measure('page text, internal error', `"${r.headline}"; predict() then: "${r.api.slice(0, 100)}"`);
    assert(r.visible && /internal error/.test(r.headline), `#status says "${r.headline}"`);
    assert(r.prediction === r.headline, `#prediction says "${r.prediction}"`);
    assert(/unavailable/.test(r.api), `predict() after the error: "${r.api}"`);
  });

}

// index.wasm missing, unreachable or damaged, each on a page of its own.
async function wasmTests(context) {
  for (const [what, suffix, route, headline, details] of WASM_CASES) {
    await test(`index.wasm (model and code) ${what}: a plain-language message, not a blank page`, async () => {
      const p = await openPage(context, route, suffix);
      await p.waitForFunction(() => document.getElementById('status').className === 'error', null, { timeout: 20000 });
      const r = await p.evaluate(() => ({
        headline: (document.querySelector('#status p') || document.getElementById('status')).textContent,
        details: (document.querySelector('#status .details') || { textContent: '' }).textContent,
        prediction: document.getElementById('prediction').textContent,
        visible: !document.getElementById('status').hidden,
      }));
      const rejected = await p.evaluate(() => CNNDemo.ready.then(() => false, (e) => e.message));
      await p.close();
      measure(`page text, index.wasm ${what}`, `"${r.headline}" / details: "${r.details.slice(0, 120)}"`);
      assert(r.visible && headline.test(r.headline), `#status says "${r.headline}"`);
      assert(r.prediction === r.headline, `#prediction says "${r.prediction}"`);
      assert(details.test(r.details), `details line: "${r.details}"`);
      assert(p.consoleErrors.some((e) => /^cnn-demo: .*index\.wasm/.test(e)),
        `no console error with the details: ${JSON.stringify(p.consoleErrors)}`);
      assert(rejected && /index\.wasm/.test(rejected), `CNNDemo.ready: ${rejected}`);
    });
  }
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    if (ONLY === 'all') await pageTests(context);
    if (ONLY === 'all' || ONLY === 'wasm') await wasmTests(context);
    if (ONLY === 'all' || ONLY === 'strokes') await strokeTest(context);
  } catch (e) {
    console.log(`  FAIL  (harness) ${e && e.stack ? e.stack : e}`);
    results.failed++;
  } finally {
    await browser.close();
  }
  finish();
})().catch(crashed);
