// Layouts for LMS frames and the height messages for hosts (docs/embedding.md), called by
// tests/browser/run.sh:
//   node tests/browser/layout.test.js --dist DIR --out DIR
// 1. index.html and embed.html, both models, English and Korean, at 800×500, 700×600, 1024×640,
//    360×640 and 1280×800: a screenshot each (OUT/layout-PAGE-MODEL-LANG-WxH.png) and, from the
//    rectangles the app reports (CNNDemo.layout()), every pipeline stage from Input to Softmax
//    inside the viewport (at 360×640, a phone: inside its width, and in view once scrolled to),
//    and the pad, "What the network sees" and the prediction inside the viewport, apart.
// 1a. "Why this digit?" on at 800×500, 700×600, 640×400: the prediction stays inside the width.
// 1b. The Lesson tab's seven panels at 320×560, 360×640, 480×800 and 800×500, en/ko: no panel's content is wider
//    than the frame (CNNDemo.layout().lessonOverflowX).
// 1c. The Train tab at 360×640, 800×500 and 1280×800, en/ko: the try-it pad inside the width.
// 2. The host snippet of docs/embedding.md, read from the file, in a host page on another origin:
//    the iframe ends at the height the demo posted and stays there (no feedback growth); a host on
//    an origin other than parentOrigin receives no message.
// Last line: "N passed, N failed".
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const {
  parseArgs, CHROMIUM_ARGS, results, test, assert, sleep, until, serve, measure, finish, crashed, decodePng, drag,
} = require('./harness');

const args = parseArgs();
const DIST = path.resolve(args.dist || 'dist'), OUT = path.resolve(args.out || 'build/browser');
const ROOT = path.resolve(__dirname, '..', '..');
const SIZES = [[800, 500], [700, 600], [1024, 640], [360, 640], [1280, 800]];
const PAGES = ['index.html', 'embed.html'], MODELS = ['simple', 'two-stage'], LANGS = ['en', 'ko'];
const MIN_CELL = 9;  // px: the smallest map cell the layout may choose (embed/layout.h kRowsCellTargets)

const inside = (r, w, h) => r.x >= -0.5 && r.y >= -0.5 && r.x + r.width <= w + 0.5 && r.y + r.height <= h + 0.5;
const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const box = (r) => `[${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}]`;
const nextFrame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

// The host snippet of docs/embedding.md: the ```html block after <!-- host-resize-snippet -->.
function hostSnippet() {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'embedding.md'), 'utf8');
  const m = /<!-- host-resize-snippet -->\s*```html\n([\s\S]*?)```/.exec(doc);
  assert(m, 'docs/embedding.md has no <!-- host-resize-snippet --> block');
  return m[1];
}

(async () => {
  const demoServer = await serve({ '/': DIST });
  const FIXTURES = path.join(OUT, 'layout-fixtures');
  fs.mkdirSync(FIXTURES, { recursive: true });
  const hostServer = await serve({ '/': FIXTURES });
  const A = `http://127.0.0.1:${demoServer.address().port}`, B = `http://127.0.0.1:${hostServer.address().port}`;
  const Blocal = `http://localhost:${hostServer.address().port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const verdicts = [];

  // 1. The frame sizes. -----------------------------------------------------------------------
  for (const [W, H] of SIZES) {
    const context = await browser.newContext({ viewport: { width: W, height: H } });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error' && !/GPU stall/.test(m.text())) errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    for (const file of PAGES) {
      await test(`${file} at ${W}×${H}: both models, en/ko: every stage inside, pad, input and prediction visible and apart`, async () => {
        const bad = [];
        for (const model of MODELS) for (const lang of LANGS) {
          await page.goto(`${A}/${file}?lang=${lang}&model=${model}`);
          await page.evaluate(() => CNNDemo.ready);
          await until('the model', () => page.evaluate((m) => CNNDemo.model() === m, model), 5000);
          await page.evaluate(() => CNNDemo.loadSample(0));
          await nextFrame(page);
          await nextFrame(page);
          const name = `layout-${file.replace('.html', '')}-${model}-${lang}-${W}x${H}.png`;
          await page.screenshot({ path: path.join(OUT, name) });
          const l = await page.evaluate(() => CNNDemo.layout());
          const arch = await page.evaluate(() => CNNDemo.architecture().split(','));
          const where = `${model}/${lang}`;
          if (!l.mode || !l.stages) { bad.push(`${where}: no layout (${JSON.stringify(l)})`); continue; }
          if (l.stages.length !== arch.length + 2) bad.push(`${where}: ${l.stages.length} stages for ${arch.length} layers`);
          const last = l.stages[l.stages.length - 1];
          if (!last || last.kind !== 'Softmax') bad.push(`${where}: the last stage is ${last && last.kind}`);
          for (const key of ['pad', 'seen', 'prediction'])
            if (!inside(l[key], W, H)) bad.push(`${where}: ${key} ${box(l[key])} outside ${W}×${H}`);
          for (const [a, b] of [['pad', 'seen'], ['pad', 'prediction'], ['seen', 'prediction']])
            if (overlap(l[a], l[b])) bad.push(`${where}: ${a} ${box(l[a])} overlaps ${b} ${box(l[b])}`);
          for (let i = 0; i < l.stages.length; i++) {
            const s = l.stages[i];
            if (s.x < -0.5 || s.x + s.width > W + 0.5) bad.push(`${where}: ${s.name} ${box(s)} past the ${s.x < 0 ? 'left' : 'right'} edge`);
            if (W > 400 && !inside(s, W, H)) bad.push(`${where}: ${s.name} ${box(s)} outside ${W}×${H}`);
            for (let j = 0; j < i; j++) if (overlap(s, l.stages[j])) bad.push(`${where}: ${s.name} overlaps ${l.stages[j].name}`);
          }
          if (!(l.cell >= MIN_CELL)) bad.push(`${where}: map cells of ${l.cell} px`);
          if (W <= 400) {
            // A phone: the stack; the pipeline is below, reached by scrolling the canvas.
            for (let k = 0; k < 12; k++) {
              await page.mouse.move(W - 20, H / 2);
              await page.mouse.wheel(0, 400);
              await nextFrame(page);
            }
            await nextFrame(page);
            const s = await page.evaluate(() => CNNDemo.layout());
            const sm = s.stages[s.stages.length - 1];
            if (!inside(sm, W, H)) bad.push(`${where}: Softmax ${box(sm)} not brought into view by scrolling`);
            else await page.screenshot({ path: path.join(OUT, name.replace('.png', '-scrolled.png')) });
          }
          verdicts.push(`${file} ${model} ${lang} ${W}×${H}: ${l.mode}, pad ${Math.round(l.pad.width)} px, cells ${l.cell} px, ` +
                        `rows ${new Set(l.stages.map((s) => Math.round(s.y))).size}, Softmax ends at (${Math.round(last.x + last.width)}, ` +
                        `${Math.round(last.y + last.height)})`);
        }
        assert(bad.length === 0, bad.join('; '));
        assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
      });
    }
    await context.close();
  }

  // 1a. "Why this digit?" adds its controls under "What the network sees": the prediction beside
  // them stays inside the frame (they wrap to the column's width) at 800×500, 700×600, 640×400.
  for (const [W, H] of [[800, 500], [700, 600], [640, 400]]) {
    const context = await browser.newContext({ viewport: { width: W, height: H } });
    const page = await context.newPage();
    await test(`"Why this digit?" on at ${W}×${H}, both models, en/ko: the prediction stays inside`, async () => {
      const bad = [], seen = [];
      for (const model of MODELS) for (const lang of LANGS) {
        await page.goto(`${A}/embed.html?lang=${lang}&model=${model}&view=demo`);
        await page.evaluate(() => CNNDemo.ready);
        await until('the model', () => page.evaluate((m) => CNNDemo.model() === m, model), 5000);
        await page.evaluate(() => { CNNDemo.loadSample(0); CNNDemo.showSaliency({}); });
        for (let i = 0; i < 4; ++i) await nextFrame(page);
        const l = await page.evaluate(() => CNNDemo.layout());
        seen.push(`${model} ${lang} ${l.mode} ${box(l.prediction)}`);
        if (l.prediction && !inside(l.prediction, W, 100000)) bad.push(`${model} ${lang}: prediction ${box(l.prediction)} past the right edge`);
        if (l.prediction && l.seen && overlap(l.prediction, l.seen)) bad.push(`${model} ${lang}: prediction over the input image`);
      }
      verdicts.push(`why-this-digit at ${W}×${H}: ${seen.join(', ')}`);
      assert(bad.length === 0, bad.join('; '));
    });
    await context.close();
  }

  // 1b. The Lesson tab's seven panels on phones (320×560, 360×640, 480×800) and in an LMS frame
  // (800×500), en/ko: the
  // panel's content stays inside its visible width (rows of grids, controls and text wrap; a
  // panel that scrolls sideways hides the half of a row a student needs to read).
  for (const [W, H] of [[320, 560], [360, 640], [480, 800], [800, 500]]) {
    const context = await browser.newContext({ viewport: { width: W, height: H } });
    const page = await context.newPage();
    await test(`Lesson panels 1-7 at ${W}×${H}, en/ko: no panel is wider than the frame`, async () => {
      const bad = [], seen = [];
      for (const lang of LANGS) for (let panel = 1; panel <= 7; ++panel) {
        await page.goto(`${A}/embed.html?lang=${lang}&view=lesson&panel=${panel}`);
        await page.waitForFunction(() => window.CNNDemo, null, { timeout: 60000 });
        await page.evaluate(() => CNNDemo.ready);
        // Panel 7 ranks the channels' crops in the page: let it draw them before measuring.
        for (let i = 0; i < 6; ++i) await nextFrame(page);
        await sleep(panel === 7 ? 1500 : 300);
        await nextFrame(page);
        const over = await page.evaluate(() => CNNDemo.layout().lessonOverflowX);
        assert(typeof over === 'number', `CNNDemo.layout().lessonOverflowX is ${over}`);
        seen.push(`${lang}${panel}:${Math.round(over)}`);
        if (over > 1) {
          bad.push(`${lang} panel ${panel}: content ${Math.round(over)} px wider than the frame`);
          await page.screenshot({ path: path.join(OUT, `layout-lesson-${lang}-p${panel}-${W}x${H}.png`) });
        }
      }
      verdicts.push(`Lesson at ${W}×${H}, overflow px: ${seen.join(' ')}`);
      assert(bad.length === 0, bad.join('; '));
    });
    await context.close();
  }

  // 1c. The Train tab at 360×640, 800×500 and 1280×800, en/ko: the pad to try the network on
  // while it learns is drawn inside the frame's width (beside the progress, under it, or at the
  // bottom of one column on a phone), at least 140 px.
  for (const [W, H] of [[360, 640], [800, 500], [1280, 800]]) {
    const context = await browser.newContext({ viewport: { width: W, height: H } });
    const page = await context.newPage();
    await test(`Train tab at ${W}×${H}, en/ko: the try-it pad inside the frame's width`, async () => {
      const bad = [], seen = [];
      for (const lang of LANGS) {
        await page.goto(`${A}/index.html?lang=${lang}`);
        await page.waitForFunction(() => window.CNNDemo, null, { timeout: 60000 });
        await page.evaluate(() => CNNDemo.ready);
        for (let i = 0; i < 2; ++i) await nextFrame(page);
        const demoPad = await page.evaluate(() => CNNDemo.layout().padDrawn);  // the Demo tab's, first
        await page.evaluate(() => CNNDemo.train.open());
        for (let i = 0; i < 4; ++i) await nextFrame(page);
        const p = await page.evaluate(() => CNNDemo.layout().padDrawn);
        seen.push(`${lang} ${box(p)}`);
        // A rectangle the Train tab drew, not the Demo tab's left over.
        if (box(p) === box(demoPad)) bad.push(`${lang}: the pad is where the Demo tab drew it, ${box(p)}: the Train tab drew none`);
        if (!(p.x >= -0.5 && p.x + p.width <= W + 0.5)) bad.push(`${lang}: pad ${box(p)} outside 0..${W}`);
        if (!(p.width >= 140)) bad.push(`${lang}: pad ${box(p)} under 140 px`);
      }
      verdicts.push(`Train tab at ${W}×${H}, pad: ${seen.join(', ')}`);
      assert(bad.length === 0, bad.join('; '));
    });
    await context.close();
  }

  // 1d. A page taller than its frame: a scroll bar in the window's right padding says there is
  // more below (the window's own bar is off: it would take width from the layout), and a mouse
  // drags it; a page that fits shows none (800×500 overruns by a few pixels: no bar for those). The grab: the bright pixels of the column 4 px from
  // the right edge (ImGui's ScrollbarGrab, grey 79 on a background of 19-26).
  const grabRows = async (page, W) => {
    const png = decodePng(await page.screenshot());
    const rows = [];
    for (let y = 0; y < png.height; ++y) {
      const i = (y * png.width + (W - 4)) * 4;
      if (png.rgba[i] > 60 && Math.abs(png.rgba[i] - png.rgba[i + 2]) < 12) rows.push(y);
    }
    return rows;
  };
  for (const [W, H, file, taller] of [[480, 360, 'embed.html', true], [1280, 800, 'index.html', false], [800, 500, 'embed.html', false]]) {
    const context = await browser.newContext({ viewport: { width: W, height: H } });
    const page = await context.newPage();
    await test(`${file} at ${W}×${H}: ${taller ? 'taller than the frame, a scroll bar at the right edge that a mouse drags' : 'it fits: no scroll bar'}`, async () => {
      await page.goto(`${A}/${file}`);
      await page.waitForFunction(() => window.CNNDemo, null, { timeout: 60000 });
      await page.evaluate(() => CNNDemo.ready);
      for (let i = 0; i < 3; ++i) await nextFrame(page);
      const rows = await grabRows(page, W);
      if (!taller) {
        assert(rows.length === 0, `grab pixels at x = ${W - 4}, rows ${rows[0]}..${rows[rows.length - 1]}`);
        return;
      }
      assert(rows.length >= 24, `no scroll bar's grab at x = ${W - 4} (${rows.length} bright rows)`);
      const y0 = (await page.evaluate(() => CNNDemo.layout().pad)).y;
      await drag(page, [[W - 4, rows[0] + 8], [W - 4, rows[0] + 60], [W - 4, H - 10]], 30, 60);
      for (let i = 0; i < 3; ++i) await nextFrame(page);
      const y1 = (await page.evaluate(() => CNNDemo.layout().pad)).y, after = await grabRows(page, W);
      verdicts.push(`scroll bar at ${W}×${H}: grab rows ${rows[0]}..${rows[rows.length - 1]}, after the drag ${after[0]}..${after[after.length - 1]}; pad y ${Math.round(y0)} -> ${Math.round(y1)}`);
      assert(y1 < y0 - 100, `dragging the grab down did not scroll the page (pad y ${y0} -> ${y1})`);
      assert(after.length > 0 && after[0] > rows[0] + 100, `the grab did not move down (${rows[0]} -> ${after[0]})`);
    });
    await context.close();
  }

  // 2. The host snippet, from docs/embedding.md. ------------------------------------------------
  const snippet = hostSnippet().replace("'https://course.example.edu'", JSON.stringify(A));
  const host = (src) => `<!doctype html><html><head><meta charset="utf-8"><title>Course</title>
<style>body{margin:8px} iframe{border:0;display:block}</style></head><body>
<iframe id="cnn-demo" title="CNN demo" src="${src}" style="width:800px;height:400px"></iframe>
<script>
  window.received = [];
  window.addEventListener('message', function (e) { window.received.push({ origin: e.origin, data: e.data, t: Date.now() }); });
</script>
${snippet}
</body></html>`;
  fs.writeFileSync(path.join(FIXTURES, 'host.html'), host(`${A}/embed.html?model=two-stage&parentOrigin=${encodeURIComponent(B)}`));
  {
    const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${B}/host.html`);
    await test('the host snippet of docs/embedding.md sets the iframe to the posted height, which then stays', async () => {
      const resize = () => page.evaluate(() => window.received.filter((m) => m.data && m.data.source === 'cnn-demo' && m.data.type === 'resize'));
      await until('a resize message', async () => (await resize()).length > 0, 20000);
      await sleep(2500);  // the frame follows; anything that grows with it would show here
      const before = await resize();
      await sleep(1500);
      const after = await resize();
      const posted = after[after.length - 1].data.height;
      const frameH = await page.evaluate(() => document.getElementById('cnn-demo').getBoundingClientRect().height);
      assert(after.length === before.length, `still posting: ${after.map((m) => m.data.height).join(', ')}`);
      assert(after.length <= 4, `${after.length} resize messages: ${after.map((m) => m.data.height).join(', ')}`);
      assert(Math.abs(frameH - posted) < 1, `the iframe is ${frameH} px, the demo posted ${posted}`);
      assert(after.every((m) => m.origin === A), `from ${after.map((m) => m.origin)}`);
      const frame = page.frames().find((f) => f.url().startsWith(`${A}/embed.html`));
      const inner = await frame.evaluate(() => ({ h: window.innerHeight, l: CNNDemo.layout() }));
      assert(Math.abs(inner.h - posted) < 1, `the frame's page is ${inner.h} px high`);
      const last = inner.l.stages[inner.l.stages.length - 1];
      assert(last.y + last.height <= inner.h + 0.5 && last.x + last.width <= 800.5, `Softmax ${box(last)} outside the ${inner.h} px frame`);
      const lti = await page.evaluate(() => window.received.filter((m) => m.data && m.data.subject === 'lti.frameResize'));
      assert(lti.length === after.length && lti[lti.length - 1].data.height === posted,
             `lti.frameResize: ${JSON.stringify(lti.map((m) => m.data))}`);
      measure('host snippet: heights posted at 800 px wide (two-stage)', after.map((m) => m.data.height).join(', ') + ` px; iframe ${frameH} px`);
    });
    await test('narrowed to 420 px, the demo posts the stacked layout\'s height and the iframe follows', async () => {
      const n = await page.evaluate(() => window.received.length);
      await page.evaluate(() => { document.getElementById('cnn-demo').style.width = '420px'; });
      await until('a new height', () => page.evaluate((k) => window.received.slice(k).some((m) => m.data && m.data.type === 'resize'), n), 10000);
      await sleep(2000);
      const r = await page.evaluate(() => window.received.filter((m) => m.data && m.data.type === 'resize').map((m) => m.data.height));
      const frameH = await page.evaluate(() => document.getElementById('cnn-demo').getBoundingClientRect().height);
      assert(Math.abs(frameH - r[r.length - 1]) < 1, `iframe ${frameH} px, posted ${r.join(', ')}`);
      measure('host snippet: heights posted, 800 then 420 px wide', r.join(', ') + ' px');
    });
    await context.close();
  }
  {
    // The same host page served from another origin (localhost): not parentOrigin.
    const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${Blocal}/host.html`);
    await test('a host page on an origin other than parentOrigin receives no message (no resize, no lti.frameResize)', async () => {
      const frame = await until('the frame', () => page.frames().find((f) => f.url().startsWith(`${A}/embed.html`)));
      await until('ready', () => frame.evaluate(() => window.CNNDemo && CNNDemo.ready.then(() => true)), 20000);
      await sleep(1500);
      const got = await page.evaluate(() => window.received.length);
      const frameH = await page.evaluate(() => document.getElementById('cnn-demo').getBoundingClientRect().height);
      assert(got === 0, `${got} messages reached the other origin`);
      assert(frameH === 400, `the iframe changed to ${frameH} px`);
    });
    await context.close();
  }

  await browser.close();
  demoServer.close();
  hostServer.close();
  finish(['verdicts (from CNNDemo.layout()):', ...verdicts.map((v) => '  ' + v)]);
})().catch(crashed);
