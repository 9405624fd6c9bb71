// Reliability end-to-end tests (called by tests/browser/run.sh with the same served dist/):
// memory that stays flat over 100 000 predict() calls and hundreds of real strokes, frame time
// that does not grow, predict() before `ready`, a missing or damaged index.wasm and a lost
// WebGL context each ending in words on the page, bit-identical results across calls and
// reloads, and digits drawn the way students draw them (small, off-centre, slanted).
// Last line: "N passed, N failed"; exit code 1 on any failure.
'use strict';
const {
  parseArgs, CHROMIUM_ARGS, results, test, assert, measure, readMnistImages, finish, crashed,
} = require('./harness');
const args = parseArgs();
const { chromium } = require('playwright-core');

const URL_ = args.url;
const STROKES = Number(args.strokes || 300);

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

// Frame intervals measured in the page over `ms` milliseconds (median and p95).
async function frameTimes(page, ms) {
  return page.evaluate((ms) => new Promise((resolve) => {
    const d = [];
    let last = performance.now();
    const t0 = last;
    (function tick(now) {
      d.push(now - last);
      last = now;
      if (now - t0 < ms) requestAnimationFrame(tick);
      else {
        d.sort((a, b) => a - b);
        resolve({ median: d[Math.floor(d.length / 2)], p95: d[Math.floor(d.length * 0.95)], frames: d.length });
      }
    })(performance.now());
  }), ms);
}

async function openPage(context, route) {
  const page = await context.newPage();
  if (route) await page.route('**/index.wasm', route);
  await page.goto(URL_, { waitUntil: 'load' });
  return page;
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
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

    await test(`memory and frame time stay flat over ${STROKES} real mouse strokes`, async () => {
      const r = await page.evaluate(() => CNNDemo.padRect());
      const before = await frameTimes(page, 1500);
      let memEarly = 0;
      for (let i = 0; i < STROKES; i++) {
        const a = (i * 0.618) % 1, b = (i * 0.382) % 1;
        await stroke(page, r, 0.1 + 0.8 * a, 0.1 + 0.8 * b, 0.9 - 0.8 * b, 0.9 - 0.8 * a);
        if (i % 10 === 9) await page.evaluate(() => CNNDemo.clear());
        if (i === 49) memEarly = await page.evaluate(() => CNNDemo.memoryBytes());
      }
      const memLate = await page.evaluate(() => CNNDemo.memoryBytes());
      const after = await frameTimes(page, 1500);
      measure('WebAssembly memory after 50 / ' + STROKES + ' strokes', `${memEarly} / ${memLate} bytes`);
      measure('frame interval before / after the strokes (median, p95)',
        `${before.median.toFixed(1)}, ${before.p95.toFixed(1)} ms / ${after.median.toFixed(1)}, ${after.p95.toFixed(1)} ms`);
      assert(memLate === memEarly, `memory grew from ${memEarly} to ${memLate} bytes`);
      assert(after.median < before.median * 1.5 + 10, `frames slowed from ${before.median} to ${after.median} ms`);
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

    for (const [what, route] of [
      ['missing (HTTP 404)', (r) => r.fulfill({ status: 404, body: 'not found' })],
      ['damaged (truncated)', async (r) => {
        const resp = await r.fetch();
        const body = await resp.body();
        await r.fulfill({ status: 200, contentType: 'application/wasm', body: body.subarray(0, body.length >> 1) });
      }],
    ]) {
      await test(`a ${what} index.wasm (model and code) ends in a message in words, not a blank page`, async () => {
        const p = await openPage(context, route);
        await p.waitForFunction(() => /Unavailable|could not|error/i.test(document.getElementById('prediction').textContent),
          null, { timeout: 20000 });
        const text = await p.evaluate(() => document.getElementById('status').textContent);
        measure(`page text with a ${what} index.wasm`, text.slice(0, 140));
        const rejected = await p.evaluate(() => CNNDemo.ready.then(() => false, () => true));
        await p.close();
        assert(rejected, 'CNNDemo.ready resolved');
      });
    }
  } catch (e) {
    console.log(`  FAIL  (harness) ${e && e.stack ? e.stack : e}`);
    results.failed++;
  } finally {
    await browser.close();
  }
  finish();
})().catch(crashed);
