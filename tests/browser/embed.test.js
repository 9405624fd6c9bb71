// End-to-end tests of embedding (docs/embedding.md), called by tests/browser/run.sh:
//   node tests/browser/embed.test.js --dist DIR --out DIR --native build/native_predictions.json --mnist data/mnist
// Serves DIR (dist/) and a host page from two local ports (two origins), and checks in Debian's
// headless Chromium: the postMessage protocol with real mouse drawing, ignored origins and
// malformed messages, keyboard focus in and out of the frame, the iframe resized to a phone,
// the self-contained cnn-demo.html from file:// with the network blocked, and hostile URL
// options (the SCORM 1.2 zip: lms.test.js). Last line: "N passed, N failed".
'use strict';
const {
  parseArgs, CHROMIUM_ARGS, results, test, assert, sleep, until, serve,
} = require('./harness');
const args = parseArgs();
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { chromium } = require('playwright-core');

const DIST = path.resolve(args.dist || 'dist'), OUT = path.resolve(args.out || 'build/browser');
const FIXTURES = path.join(OUT, 'embed-fixtures');

// Minimal PNG reader (8-bit RGB/RGBA, not interlaced: what Chromium writes) for screenshots.
function readPng(buf) {
  let pos = 8, width = 0, height = 0, channels = 4;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos), type = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      channels = data[9] === 6 ? 4 : 3;
      assert(data[8] === 8 && (data[9] === 6 || data[9] === 2) && data[12] === 0, 'unexpected PNG format');
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat)), stride = width * channels;
  const px = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? px[y * stride + x - channels] : 0, b = y ? px[(y - 1) * stride + x] : 0;
      const c = x >= channels && y ? px[(y - 1) * stride + x - channels] : 0;
      let v = line[x];
      if (f === 1) v += a; else if (f === 2) v += b; else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      px[y * stride + x] = v & 255;
    }
  }
  return { width, height, at: (x, y) => { const i = y * stride + x * channels; return [px[i], px[i + 1], px[i + 2]]; } };
}

function readMnistImages(file, count) {
  const buf = fs.readFileSync(file), n = buf.readUInt32BE(8) * buf.readUInt32BE(12);
  return Array.from({ length: count }, (_, i) => Array.from(buf.subarray(16 + i * n, 16 + (i + 1) * n), (b) => b / 255));
}

// A "7" drawn with real mouse drags over the pad of the demo in `frame` (an iframe at `offset`).
async function drawSeven(page, frame, offset) {
  const r = await frame.evaluate(() => CNNDemo.padRect());
  const pts = [[0.22, 0.18], [0.78, 0.18], [0.45, 0.88]];
  const dense = [pts[0]];
  for (let i = 1; i < pts.length; i++)
    for (let k = 1; k <= 20; k++)
      dense.push([pts[i - 1][0] + (pts[i][0] - pts[i - 1][0]) * k / 20, pts[i - 1][1] + (pts[i][1] - pts[i - 1][1]) * k / 20]);
  const xy = dense.map(([u, v]) => [offset.x + r.x + u * r.width, offset.y + r.y + v * r.height]);
  await page.mouse.move(xy[0][0], xy[0][1]);
  await sleep(30);
  await page.mouse.down();
  for (const [x, y] of xy.slice(1)) { await page.mouse.move(x, y); await sleep(10); }
  await page.mouse.up();
  await sleep(150);
}

function watchConsole(page, into) {
  page.on('console', (m) => {
    if (m.type() === 'error' && !/GPU stall due to ReadPixels/.test(m.text())) into.errors.push(m.text());
    if (m.type() === 'warning') into.warnings.push(m.text());
  });
  page.on('pageerror', (e) => into.errors.push('pageerror: ' + e.message));
}

function hostPage(demoUrl, w, h) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Course page</title>
<style>body{margin:8px;font:14px sans-serif} iframe{border:0;display:block}</style></head><body>
<label>Notes <input id="before"></label>
<iframe id="demo" title="CNN demo" src="${demoUrl}" width="${w}" height="${h}" style="width:${w}px;height:${h}px"></iframe>
<input id="after" aria-label="after">
<script>
  window.received = [];
  window.keys = [];
  document.getElementById('before').addEventListener('keydown', function (e) { window.keys.push(e.key); });
  window.addEventListener('message', function (e) { window.received.push({ origin: e.origin, data: e.data }); });
  function send(msg, origin) { document.getElementById('demo').contentWindow.postMessage(msg, origin); }
</script></body></html>`;
}

(async () => {
  fs.mkdirSync(FIXTURES, { recursive: true });
  const demoServer = await serve({ '/fixtures/': FIXTURES, '/': DIST });
  const hostServer = await serve({ '/': FIXTURES });
  const A = `http://127.0.0.1:${demoServer.address().port}`, B = `http://127.0.0.1:${hostServer.address().port}`;
  const Blocal = `http://localhost:${hostServer.address().port}`;
  fs.writeFileSync(path.join(FIXTURES, 'host.html'),
    hostPage(`${A}/embed.html?parentOrigin=${encodeURIComponent(B)}`, 1200, 800));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });

  // 1. The message protocol, from a host page on another origin. -------------------------------
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const log = { errors: [], warnings: [] };
    watchConsole(page, log);
    await page.goto(`${B}/host.html`);
    const received = (type) => page.evaluate((t) => window.received.filter((m) => m.data && m.data.type === t), type);
    let frame = null;
    await test('embed.html in a cross-origin iframe posts {source: "cnn-demo", type: "ready"}', async () => {
      const ready = await until('ready', async () => (await received('ready'))[0]);
      assert(ready.origin === A && ready.data.source === 'cnn-demo', `ready from ${ready.origin}: ${JSON.stringify(ready.data)}`);
      frame = page.frames().find((f) => f.url().startsWith(`${A}/embed.html`));
      assert(frame, 'no embed.html frame');
    });
    const offset = await page.locator('#demo').boundingBox();
    await test('drawing a 7 with real mouse events posts a prediction {label: 7, probs[10]}', async () => {
      await drawSeven(page, frame, offset);
      await until('a prediction', async () => (await received('prediction')).some((m) => m.data.label !== null));
      await sleep(300);
      const p = (await received('prediction')).pop().data;  // the last one: the finished drawing
      assert(p.label === 7, `label ${p.label}`);
      assert(Array.isArray(p.probs) && p.probs.length === 10 && Math.abs(p.probs.reduce((a, b) => a + b) - 1) < 1e-3,
        `probs ${JSON.stringify(p.probs)}`);
    });
    await test('a "clear" message from the host clears the pad and posts a reset prediction (label null)', async () => {
      const before = (await received('prediction')).length;
      await page.evaluate(([o]) => send({ source: 'cnn-demo', type: 'clear' }, o), [A]);
      await until('the reset', async () => (await received('prediction')).slice(before).some((m) => m.data.label === null));
      assert(await frame.evaluate(() => CNNDemo.current()) === null, 'the pad still has a prediction');
    });
    await test('load-sample, set-lang and show-panel messages; malformed ones are ignored without errors', async () => {
      const count = log.errors.length;
      await page.evaluate(([o]) => {
        for (const m of [null, 'clear', 42, [], { type: 'clear' }, { source: 'cnn-demo' }, { source: 'cnn-demo', type: {} },
          { source: 'cnn-demo', type: 'load-sample', index: 'x' }, { source: 'cnn-demo', type: 'load-sample', index: 1e9 },
          { source: 'cnn-demo', type: 'set-lang', lang: '<b>' }, { source: 'cnn-demo', type: 'show-panel', panel: 999 },
          { source: 'cnn-demo', type: 'no-such-type' }, { source: 'cnn-demo', type: 'load-sample', index: -1 }]) send(m, o);
        send({ source: 'cnn-demo', type: 'load-sample', index: 0 }, o);
        send({ source: 'cnn-demo', type: 'set-lang', lang: 'ko' }, o);
        send({ source: 'cnn-demo', type: 'show-panel', panel: 2 }, o);
      }, [A]);
      const label0 = await frame.evaluate(() => { try { return CNNDemo.predict(new Float32Array(784)) && 0; } catch (e) { return -1; } });
      assert(label0 === 0, 'CNNDemo broken after malformed messages');
      const d = await until('the lesson description', () => frame.evaluate(() => {
        const t = document.getElementById('screen-description').textContent;
        return /^수업 2 \/ 7/.test(t) && t;
      }), 5000);
      assert(/윈도우 1 \/ 4: .*= 15/.test(d), `description: ${d}`);
      assert(await frame.evaluate(() => document.documentElement.lang) === 'ko', 'lang not set');
      assert(log.errors.length === count, `console errors: ${log.errors.slice(count).join(' | ')}`);
      await page.evaluate(([o]) => { send({ source: 'cnn-demo', type: 'set-lang', lang: 'en' }, o); }, [A]);
    });
    await test('Tab moves focus into the demo, through its controls and canvas, and out; host inputs keep their keys', async () => {
      await page.click('#before');
      await page.keyboard.type('ab');
      assert(await page.inputValue('#before') === 'ab', 'the host input lost keys');
      let sawCanvas = false;
      for (let i = 0; i < 30; i++) {  // the controls, the canvas, the lesson's practice items, out
        await page.keyboard.press('Tab');
        await sleep(60);
        if (await frame.evaluate(() => document.hasFocus() && document.activeElement && document.activeElement.id === 'canvas')) {
          sawCanvas = true;
          const ring = await frame.evaluate(() => getComputedStyle(document.getElementById('canvas')).outlineStyle);
          assert(ring === 'solid', `the canvas focused by Tab shows no focus ring (outline ${ring})`);
        }
        if (await page.evaluate(() => document.activeElement && document.activeElement.id === 'after')) break;
      }
      assert(sawCanvas, 'the canvas never had focus');
      assert(await page.evaluate(() => document.activeElement.id) === 'after', 'focus did not leave the demo');
      await page.click('#before');
      await page.keyboard.press('Backspace');
      assert(await page.inputValue('#before') === 'a', 'Backspace in the host input did not reach it');
      // A click gives the canvas focus without the keyboard's ring.
      const box = await (await frame.frameElement()).boundingBox();
      await page.mouse.click(box.x + 8, box.y + box.height - 8);
      await sleep(100);
      const clicked = await frame.evaluate(() => ({ focus: document.activeElement && document.activeElement.id,
        ring: getComputedStyle(document.getElementById('canvas')).outlineStyle }));
      assert(clicked.focus === 'canvas' && clicked.ring === 'none', `after a click: ${JSON.stringify(clicked)}`);
    });
    await context.close();

    // A host page on another origin (localhost instead of 127.0.0.1) is not the allowed parent.
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p2 = await other.newPage();
    await p2.goto(`${Blocal}/host.html`);
    await test('a message from a non-allowed origin is ignored (and nothing is posted to it)', async () => {
      const f = await until('the frame', () => p2.frames().find((x) => x.url().startsWith(`${A}/embed.html`)));
      await until('CNNDemo.ready', () => f.evaluate(() => window.CNNDemo && CNNDemo.ready.then(() => true)));
      await f.evaluate(() => CNNDemo.loadSample(3));
      await p2.evaluate(([o]) => send({ source: 'cnn-demo', type: 'clear' }, o), [A]);
      await sleep(500);
      assert(await f.evaluate(() => CNNDemo.current()) !== null, 'the pad was cleared by a foreign origin');
      assert((await p2.evaluate(() => window.received.length)) === 0, 'the demo posted to a foreign origin');
    });
    await other.close();
  }

  // 2. Resized from 1200×800 to a 360×640 phone, on a high-DPI screen. -------------------------
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const log = { errors: [], warnings: [] };
    watchConsole(page, log);
    await page.goto(`${B}/host.html`);
    await test('iframe resized 1200×800 → 360×640: sharp canvas, the pad and the probabilities in the frame', async () => {
      const frame = await until('the frame', () => page.frames().find((x) => x.url().startsWith(`${A}/embed.html`)));
      await until('CNNDemo.ready', () => frame.evaluate(() => window.CNNDemo && CNNDemo.ready.then(() => true)));
      const big = await frame.evaluate(() => [Module.canvas.width, Module.canvas.height]);
      assert(big[0] === 2400 && big[1] === 1600, `canvas ${big} at 1200×800, DPR 2`);
      await page.evaluate(() => { const f = document.getElementById('demo'); f.style.width = '360px'; f.style.height = '640px'; });
      await until('the canvas to follow', () => frame.evaluate(() => Module.canvas.width === 720 && Module.canvas.height === 1280));
      await frame.evaluate(() => CNNDemo.loadSample(0));  // a 7
      await sleep(400);
      const r = await frame.evaluate(() => CNNDemo.padRect());
      assert(r.x >= 0 && r.y >= 0 && r.x + r.width <= 360 && r.y + r.height <= 640 && r.width >= 140,
        `pad ${JSON.stringify(r)} outside 360×640`);
      const scroll = await frame.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
      assert(scroll[0] <= 360 && scroll[1] <= 640, `scrollable ${scroll}`);
      const shot = await page.locator('#demo').screenshot({ path: path.join(OUT, 'embed-360x640.png') });
      const png = readPng(shot);  // 720×1280 device pixels
      let ink = 0, accent = 0, accentRight = 0;
      for (let y = 0; y < png.height; y += 2)
        for (let x = 0; x < png.width; x += 2) {
          const [R, G, B_] = png.at(x, y);
          if (x >= 2 * r.x && x < 2 * (r.x + r.width) && y >= 2 * r.y && y < 2 * (r.y + r.height) && R > 200 && G > 200 && B_ > 200) ink++;
          if (R > 220 && G > 130 && G < 180 && B_ < 90) { accent++; if (x > 2 * (r.x + r.width)) accentRight++; }
        }
      assert(ink > 50, `no digit visible on the pad (${ink} light pixels)`);
      assert(accentRight > 50, `no orange probability bar beside the pad (${accentRight} of ${accent} accent pixels)`);
      assert(log.errors.length === 0, `console errors: ${log.errors.join(' | ')}`);
    });
    await context.close();
  }

  // 2b. A phone: touch only, 360×640. The pipeline is below the fold; a finger must reach it. ---
  {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const log = { errors: [], warnings: [] };
    watchConsole(page, log);
    await page.goto(`${A}/index.html`);
    await page.evaluate(() => CNNDemo.ready);
    await sleep(500);
    const cdp = await context.newCDPSession(page);
    const swipe = async (x0, y0, x1, y1, steps = 12) => {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y: y0 }] });
      for (let i = 1; i <= steps; i++) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove',
          touchPoints: [{ x: x0 + (x1 - x0) * i / steps, y: y0 + (y1 - y0) * i / steps }] });
        await sleep(30);
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await sleep(300);
    };
    await test('phone, touch only: a finger landing on the pad\'s border (8 px above it) draws from there, and the page stays', async () => {
      const pad = await page.evaluate(() => CNNDemo.padRect());
      await swipe(pad.x + pad.width / 2, pad.y - 8, pad.x + pad.width / 2, pad.y + pad.height * 0.85);
      const drawn = await page.evaluate(() => CNNDemo.current());
      assert(drawn && drawn.label === 1, `a stroke from the border gave ${JSON.stringify(drawn && drawn.label)}, not 1`);
      const still = await page.evaluate(() => CNNDemo.padRect());
      assert(Math.abs(still.y - pad.y) < 1, `the page moved while drawing: pad y ${pad.y} → ${still.y}`);
      await page.evaluate(() => CNNDemo.clear());
      await sleep(200);
    });
    await test('phone, touch only: a finger on the pad draws; a swipe on the page scrolls down to the pipeline', async () => {
      const pad = await page.evaluate(() => CNNDemo.padRect());
      // A vertical stroke on the pad: a digit, and the page must not move.
      await swipe(pad.x + pad.width / 2, pad.y + pad.height * 0.15, pad.x + pad.width / 2, pad.y + pad.height * 0.85);
      const drawn = await page.evaluate(() => CNNDemo.current());
      assert(drawn && drawn.label === 1, `a stroke on the pad gave ${JSON.stringify(drawn && drawn.label)}, not 1`);
      const still = await page.evaluate(() => CNNDemo.padRect());
      assert(Math.abs(still.y - pad.y) < 1, `the page moved while drawing: pad y ${pad.y} → ${still.y}`);
      // An upward swipe on the background near the right edge: the page scrolls.
      await swipe(345, 600, 345, 250);
      const moved = await page.evaluate(() => CNNDemo.padRect());
      assert(pad.y - moved.y > 150, `swiping up moved the page by ${pad.y - moved.y} px, expected > 150`);
      const again = await page.evaluate(() => CNNDemo.current());
      assert(again && again.label === 1, 'the swipe changed the drawing');
      assert(log.errors.length === 0, `console errors: ${log.errors.join(' | ')}`);
    });
    await context.close();
  }

  // 3. cnn-demo.html from file:// with every network request blocked. -------------------------
  {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const blocked = [];
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith('file:') || u.startsWith('data:')) return route.continue();
      blocked.push(u);
      return route.abort();
    });
    const page = await context.newPage();
    const log = { errors: [], warnings: [] };
    watchConsole(page, log);
    page.on('request', (r) => { if (!/^(file|data):/.test(r.url())) blocked.push(r.url()); });
    await test('cnn-demo.html from file:// (network blocked) predicts 20 real MNIST digits like the native tool', async () => {
      const size = fs.statSync(path.join(DIST, 'cnn-demo.html')).size;
      await page.goto('file://' + path.join(DIST, 'cnn-demo.html'));
      await page.evaluate(() => CNNDemo.ready);
      const images = readMnistImages(path.join(args.mnist || 'data/mnist', 't10k-images-idx3-ubyte'), 20);
      const labels = await page.evaluate((imgs) => imgs.map((im) => CNNDemo.predict(im).label), images);
      const native = JSON.parse(fs.readFileSync(args.native || 'build/native_predictions.json', 'utf8'));
      const wrong = labels.filter((l, i) => l !== native.labels[i]).length;
      assert(wrong === 0, `${wrong} of 20 labels differ from the native tool: ${labels}`);
      assert(blocked.length === 0, `requests outside the file: ${blocked.join(', ')}`);
      assert(log.errors.length === 0, `console errors: ${log.errors.join(' | ')}`);
      console.log(`        cnn-demo.html: ${(size / 1e6).toFixed(2)} MB, labels ${labels.join('')}`);
    });
    await context.close();
  }

  // 4. The SCORM 1.2 package: tests/browser/lms.test.js (scorm-again, and a fake API for what it does not cover).

  // 5. Hostile and malformed URL options: the page loads, warns, and works. --------------------
  {
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    const cases = [
      ['lang=xx', 'lang'], ['view=<script>alert(1)</script>', 'view'], ['panel=999', 'panel'], ['sample=-1', 'sample'],
      ['sample=abc', 'sample'], ['sample=100000', 'sample'], ['panel=2.5', 'panel'], ['parentOrigin=javascript:alert(1)', 'parentOrigin'],
      ['frobnicate=1', 'frobnicate'], ['lang=en&lang=%00%ff', 'lang'],
    ];
    await test(`${cases.length} hostile/malformed URL options: the page loads with a console warning, no error`, async () => {
      const bad = [];
      for (const [query, key] of cases) {
        const page = await context.newPage();
        const log = { errors: [], warnings: [] };
        watchConsole(page, log);
        let dialog = false;
        page.on('dialog', (d) => { dialog = true; d.dismiss(); });
        await page.goto(`${A}/embed.html?${query}`);
        await page.evaluate(() => CNNDemo.ready);
        await sleep(100);
        const ok = await page.evaluate(() => CNNDemo.predict(new Float32Array(784).fill(0)).probs.length === 10);
        const warned = log.warnings.some((w) => w.startsWith('cnn-demo:') && w.includes(key));
        if (!ok || !warned || dialog || log.errors.length) bad.push(`${query}: ok=${ok} warned=${warned} errors=${log.errors.join('|')}`);
        await page.close();
      }
      assert(bad.length === 0, bad.join('; '));
    });
    await test('valid URL options: lang=ko&view=lesson&panel=5 and sample=7 take effect', async () => {
      const page = await context.newPage();
      const log = { errors: [], warnings: [] };
      watchConsole(page, log);
      await page.goto(`${A}/embed.html?lang=ko&view=lesson&panel=5`);
      await page.evaluate(() => CNNDemo.ready);
      const d = await until('the description', () => page.evaluate(() => {
        const t = document.getElementById('screen-description').textContent;
        return /^수업 5 \/ 7/.test(t) && t;
      }), 5000);
      assert(/윈도우 1 \/ \d+/.test(d), `description ${d}`);
      await page.goto(`${A}/embed.html?sample=7&view=demo`);
      await page.evaluate(() => CNNDemo.ready);
      const c = await until('the sample', () => page.evaluate(() => CNNDemo.current()));
      const native = JSON.parse(fs.readFileSync(args.native || 'build/native_predictions.json', 'utf8'));
      assert(c.label === native.labels[7], `sample 7 predicted ${c.label}, native ${native.labels[7]}`);
      assert(log.errors.length === 0 && log.warnings.filter((w) => w.startsWith('cnn-demo:')).length === 0,
        `errors ${log.errors} warnings ${log.warnings}`);
      await page.close();
    });
    await context.close();
  }

  await browser.close();
  demoServer.close();
  hostServer.close();
  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed ? 1 : 0);
})().catch((e) => {
  console.log(`  FAIL  embed tests stopped: ${e && e.stack ? e.stack : e}`);
  console.log(`${results.passed} passed, ${results.failed + 1} failed`);
  process.exit(1);
});
