// Browser tests of trace mode, "why this digit" and the filter switch (issue 15; called by
// tests/browser/run.sh, which serves dist/): a conv cell clicked with the mouse is explained
// with the sum CNNDemo.explain gives and the map's value, the arrow keys move the cell, the
// occlusion map of a drawn 7 is strongest on its strokes, a switched-off filter changes the
// maps and the prediction and Restore brings them back, and bad requests throw Errors naming
// the valid range while the demo keeps working. Last line: "N passed, N failed".
'use strict';
const { parseArgs, openPage, test, assert, measure, finish, crashed, until, decodePng } = require('./harness');
const path = require('path');

const args = parseArgs();
const URL_ = args.url, OUT = args.out || 'build/browser';

// A 7 in unit coordinates of the pad, drawn with real mouse drags (as e2e.test.js draws it).
const SEVEN = [[[0.22, 0.18], [0.78, 0.18], [0.45, 0.88]]];

async function draw(page, strokes) {
  const r = await page.evaluate(() => CNNDemo.padRect());
  for (const stroke of strokes) {
    const pts = [];
    for (let i = 1; i < stroke.length; i++) {
      const [x0, y0] = stroke[i - 1], [x1, y1] = stroke[i];
      const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 0.03));
      for (let k = i === 1 ? 0 : 1; k <= n; k++) pts.push([x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n]);
    }
    await page.mouse.move(r.x + pts[0][0] * r.width, r.y + pts[0][1] * r.height);
    await page.mouse.down();
    for (const [u, v] of pts.slice(1)) {
      await page.mouse.move(r.x + u * r.width, r.y + v * r.height);
      await page.waitForTimeout(10);
    }
    await page.mouse.up();
  }
  await page.waitForTimeout(150);
}

// A click as a hand makes it: the pointer comes to rest, then the button goes down and up.
async function click(page, x, y) {
  await page.mouse.move(x, y);
  await page.waitForTimeout(60);
  await page.mouse.down();
  await page.waitForTimeout(80);
  await page.mouse.up();
  await page.waitForTimeout(200);
}

(async () => {
  const { browser, page, errors } = await openPage({ width: 1440, height: 900 });
  console.log(`explanation tests on ${URL_}`);
  await page.goto(URL_, { waitUntil: 'load' });
  await page.evaluate(() => CNNDemo.ready);

  await test('clicking a conv cell with the mouse explains it: the sum equals CNNDemo.explain and the map value', async () => {
    await draw(page, SEVEN);
    // First a click on channel 3 of the Conv stage in the pipeline (this selects the channel, so the
    // detail panel shows it enlarged), then a click on the centre of cell (10, 13) where it is largest.
    const target = { stage: 0, channel: 3, y: 10, x: 13 };
    const small = await page.evaluate((c) => CNNDemo.cellRect(c), target);
    assert(small, 'conv1 channel 3 is not on screen');
    await click(page, small.x + small.width / 2, small.y + small.height / 2);
    const big = await page.evaluate((c) => CNNDemo.cellRect(c), target);
    assert(big && big.width > small.width, `the detail panel does not show channel 3 larger (${JSON.stringify(big)})`);
    await click(page, big.x + big.width / 2, big.y + big.height / 2);
    const r = await page.evaluate((c) => ({ shown: CNNDemo.shownExplanation(), api: CNNDemo.explain(c) }), target);
    assert(r.shown, 'no explanation window after the click');
    for (const k of ['stage', 'channel', 'y', 'x']) assert(r.shown[k] === target[k], `shown ${k} ${r.shown[k]}, clicked ${target[k]}`);
    assert(r.shown.sum === r.api.sum, `window sum ${r.shown.sum} vs CNNDemo.explain ${r.api.sum}`);
    assert(Math.abs(r.api.sum - r.api.value) <= 1e-5, `sum ${r.api.sum} vs the map's value ${r.api.value}`);
    assert(r.api.terms.length === 25, `${r.api.terms.length} terms`);
    let sum = r.api.bias;
    for (const t of r.api.terms) sum += t.w * t.x;
    assert(Math.abs(sum - r.api.value) <= 1e-5, `terms + bias = ${sum}, map ${r.api.value}`);
    const line = r.shown.lines[r.shown.lines.length - 1];
    assert(line.endsWith(`= ${r.api.value.toFixed(2).replace(/^-0\.00$/, '0.00')}`), `the window's arithmetic: "${line}"`);
    assert((line.match(/\*/g) || []).length === 25, `not every product is written: "${line}"`);
    measure('explained cell', `${r.shown.title}; ${line.slice(0, 60)}…`);
    await page.screenshot({ path: path.join(OUT, 'screenshot-trace.png') });
  });

  await test('the arrow keys move the explained cell; Escape closes the window', async () => {
    await page.focus('#canvas');
    const shown = () => page.evaluate(() => CNNDemo.shownExplanation());
    // A key held as a hand holds it (a press and release inside one frame may be missed while the
    // page rests between inputs), then the window's state is polled until it follows.
    const press = async (key) => { await page.keyboard.down(key); await page.waitForTimeout(60); await page.keyboard.up(key); };
    await press('ArrowRight');
    await until('→ to move the cell', async () => { const s = await shown(); return s && s.x === 14; }, 3000);
    await press('ArrowDown');
    const s = await until('↓ to move the cell', async () => { const v = await shown(); return v && v.y === 11 && v; }, 3000);
    assert(s.x === 14, `after → ↓ the cell is ${[s.y, s.x]}`);
    const api = await page.evaluate(() => CNNDemo.explain({ stage: 0, channel: 3, y: 11, x: 14 }));
    assert(s.sum === api.sum, `moved cell sum ${s.sum} vs ${api.sum}`);
    await press('Escape');
    await until('Escape to close the window', async () => (await shown()) === null, 3000);
  });

  await test('every stage is explained, and its sum is the value the network computed', async () => {
    const r = await page.evaluate(() => {
      const out = [];
      for (let stage = 0; ; stage++) {
        let e;
        try { e = CNNDemo.explain({ stage, channel: 1 }); } catch (err) { break; }
        out.push({ stage, kind: e.kind, sum: e.sum, value: e.value, terms: e.terms.length, line: e.lines[e.lines.length - 1] });
      }
      return out;
    });
    assert(r.length >= 7, `${r.length} stages`);
    assert(r[r.length - 1].kind === 'Softmax', `the last stage is ${r[r.length - 1].kind}`);
    for (const s of r) assert(Math.abs(s.sum - s.value) <= 1e-5 * Math.max(1, Math.abs(s.value)), `stage ${s.stage} (${s.kind}): sum ${s.sum} vs ${s.value}`);
    const affine = r.find((s) => s.kind === 'Affine');
    assert(affine.terms === 10 && /other terms\)/.test(affine.line), `affine: ${affine.terms} terms, "${affine.line}"`);
    measure('stages explained', r.map((s) => s.kind).join(' → '));
  });

  await test('occlusion for a drawn 7 is strongest on its strokes; gradient × input lies on the ink', async () => {
    const r = await page.evaluate(() => {
      // The 28×28 image the network sees, read back from conv1's explanations (each lists its 5×5
      // window of input values): windows at rows/columns 0, 5, …, 20 and 23 cover every pixel.
      const img = (function () {
        const a = new Array(784).fill(0), starts = [0, 5, 10, 15, 20, 23];
        for (const y of starts) for (const x of starts)
          for (const t of CNNDemo.explain({ stage: 0, channel: 0, y, x }).terms) if (!t.padding) a[t.iy * 28 + t.ix] = t.x;
        return a;
      })();
      const label = CNNDemo.current().label;
      return { img, label, occ: CNNDemo.saliency({ method: 'occlusion', patch: 4 }), grad: CNNDemo.saliency({ method: 'gradient' }),
               occ7: CNNDemo.saliency({ label: 7, method: 'occlusion', patch: 7 }) };
    });
    assert(r.label === 7, `the drawing is read as ${r.label}`);
    assert(r.occ.length === 784 && r.grad.length === 784, 'maps are not 28×28');
    const ink = r.img.map((v) => v > 0.3);
    // Distance of each pixel to the ink, in pixels (Chebyshev).
    const near = (i, d) => { const y = Math.floor(i / 28), x = i % 28;
      for (let yy = Math.max(0, y - d); yy <= Math.min(27, y + d); yy++)
        for (let xx = Math.max(0, x - d); xx <= Math.min(27, x + d); xx++) if (ink[yy * 28 + xx]) return true;
      return false; };
    for (const [name, map] of [['patch 4', r.occ], ['patch 7', r.occ7]]) {
      let best = 0;
      for (let i = 1; i < 784; i++) if (map[i] > map[best]) best = i;
      let onInk = 0, nInk = 0, off = 0, nOff = 0;
      for (let i = 0; i < 784; i++) {
        if (ink[i]) { onInk += Math.max(0, map[i]); nInk++; } else if (!near(i, 4)) { off += Math.max(0, map[i]); nOff++; }
      }
      assert(map[best] > 0, `${name}: no positive drop anywhere`);
      assert(near(best, 1), `${name}: the strongest pixel (${Math.floor(best / 28)}, ${best % 28}) is not on the strokes`);
      assert(onInk / nInk > 5 * (off / Math.max(1, nOff)), `${name}: mean on ink ${onInk / nInk} vs away from it ${off / nOff}`);
      measure(`occlusion ${name}: mean drop on the ink / away from it`, `${(onInk / nInk).toFixed(4)} / ${(off / Math.max(1, nOff)).toFixed(4)}`);
    }
    for (let i = 0; i < 784; i++) if (r.img[i] === 0) assert(r.grad[i] === 0, `gradient × input is ${r.grad[i]} at blank pixel ${i}`);
    assert(r.grad.some((v) => v !== 0), 'gradient × input is all zeros');
  });

  await test('the overlay: on, computed once, and off again', async () => {
    await page.evaluate(() => CNNDemo.showSaliency({ method: 'occlusion', patch: 4 }));
    await page.mouse.move(3, 3);  // input wakes the resting loop
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(OUT, 'screenshot-saliency.png') });
    // The pipeline still shows the drawing: the maps are the pad's (occlusion ran on a copy).
    const r = await page.evaluate(() => ({ cur: CNNDemo.current(), e: CNNDemo.explain({ stage: 0, channel: 0, y: 12, x: 12 }) }));
    assert(r.cur && r.cur.label === 7, `after the overlay the pad reads ${r.cur && r.cur.label}`);
    await page.evaluate(() => CNNDemo.showSaliency(null));
  });

  await test('switching a filter off changes its map and the prediction at once; Restore brings them back', async () => {
    const r = await page.evaluate(() => {
      const cell = { stage: 0, channel: 5, y: 12, x: 12 };
      const before = { e: CNNDemo.explain(cell), p: CNNDemo.current().probs };
      CNNDemo.setFilter(0, 5, new Array(before.e.terms.length).fill(0));
      const off = { e: CNNDemo.explain(cell), p: CNNDemo.current().probs, corner: CNNDemo.explain({ stage: 0, channel: 5, y: 0, x: 0 }) };
      CNNDemo.setFilter(0, 5, null);
      const back = { e: CNNDemo.explain(cell), p: CNNDemo.current().probs };
      return { before, off, back };
    });
    assert(r.off.e.value === r.before.e.bias && r.off.corner.value === r.before.e.bias, `an all-zero filter's map is ${r.off.e.value}, bias ${r.before.e.bias}`);
    assert(r.off.p.some((p, k) => p !== r.before.p[k]), 'the prediction did not change');
    assert(r.back.e.value === r.before.e.value, `after Restore ${r.back.e.value}, trained ${r.before.e.value}`);
    assert(r.back.p.every((p, k) => p === r.before.p[k]), 'Restore did not bring the probabilities back');
  });

  await test('bad requests throw an Error naming the valid range, and the demo keeps working', async () => {
    const r = await page.evaluate(() => {
      const cases = {
        stage: () => CNNDemo.explain({ stage: 99, channel: 0 }),
        stageNeg: () => CNNDemo.explain({ stage: -1 }),
        channel: () => CNNDemo.explain({ stage: 0, channel: 30, y: 0, x: 0 }),
        y: () => CNNDemo.explain({ stage: 0, channel: 0, y: 24, x: 0 }),
        x: () => CNNDemo.explain({ stage: 2, channel: 0, y: 0, x: 12 }),
        fraction: () => CNNDemo.explain({ stage: 0.5 }),
        nothing: () => CNNDemo.explain(),
        label: () => CNNDemo.saliency({ label: 10 }),
        method: () => CNNDemo.saliency({ method: 'lime' }),
        patch: () => CNNDemo.saliency({ method: 'occlusion', patch: 29 }),
        short: () => CNNDemo.setFilter(0, 0, new Array(24).fill(0)),
        nan: () => CNNDemo.setFilter(0, 0, Object.assign(new Array(25).fill(0), { 3: NaN })),
        layer: () => CNNDemo.setFilter(1, 0, new Array(25).fill(0)),
        index: () => CNNDemo.setFilter(0, 30, new Array(25).fill(0)),
        kind: () => CNNDemo.setFilter(0, 0, 'edge'),
      };
      const out = {};
      for (const [k, f] of Object.entries(cases)) {
        try { f(); out[k] = 'no error'; } catch (e) { out[k] = (e instanceof Error ? '' : 'not an Error: ') + e.message; }
      }
      out.after = CNNDemo.current();
      out.predict = CNNDemo.predict(new Float32Array(784)).probs.length;
      out.explainAfter = CNNDemo.explain({ stage: 0, channel: 0, y: 0, x: 0 }).terms.length;
      return out;
    });
    const expect = {
      stage: /CNNDemo.explain: stage must be an integer in 0\.\.\d+ \(0 conv1, .*softmax\), got 99/,
      stageNeg: /stage must be an integer in 0\.\.\d+.*got -1/,
      channel: /channel must be in 0\.\.29 for stage 0 \(conv1/,
      y: /y must be in 0\.\.23/, x: /x must be in 0\.\.11/,
      fraction: /stage must be an integer, got 0.5/, nothing: /expected \{stage, channel, y, x\}/,
      label: /label must be -1 \(the predicted class\) or 0\.\.9, got 10/,
      method: /method must be 'occlusion' or 'gradient', got "lime"/,
      patch: /patch must be an integer in 1\.\.28/,
      short: /a filter of conv1 has 25 values .*got 24/, nan: /value 3 is NaN/,
      layer: /layer must be a Convolution stage: 0 \(conv1\), got 1/, index: /index must be in 0\.\.29 for conv1, got 30/,
      kind: /values must be an array/,
    };
    for (const [k, re] of Object.entries(expect)) assert(re.test(r[k]), `${k}: got "${r[k]}"`);
    assert(r.after && r.after.label === 7, `the pad after the bad requests: ${JSON.stringify(r.after)}`);
    assert(r.predict === 10 && r.explainAfter === 25, 'predict()/explain() stopped working');
  });

  await test('the explanation in Korean', async () => {
    const line = await page.evaluate(() => {
      Module._cnn_demo_set_language(1);
      const e = CNNDemo.explain({ stage: 0, channel: 0, y: 10, x: 10 });
      Module._cnn_demo_set_language(0);
      return e.title + ' | ' + e.lines[e.lines.length - 1];
    });
    assert(/채널 0, 10행 10열/.test(line) && /편향/.test(line), `Korean: "${line}"`);
  });

  await test('the screen-reader description (embed.html) states the clicked cell\'s arithmetic', async () => {
    const p = await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
    p.on('pageerror', (e) => errors.push('embed: ' + e.message));
    await p.goto(URL_ + 'embed.html', { waitUntil: 'load' });
    await p.evaluate(() => CNNDemo.ready);
    await p.evaluate(() => CNNDemo.loadSample(0));
    await p.mouse.move(5, 5);
    await p.waitForTimeout(300);
    const target = { stage: 0, channel: 0, y: 12, x: 12 };
    // The rectangle is where the last frame drew the cell; a frame that moved the layout since (the
    // page rests between inputs and redraws on the first one) is read again and clicked again.
    let shown = null;
    for (let attempt = 0; attempt < 3 && !(shown && shown.stage === 0 && shown.channel === 0); attempt++) {
      await p.mouse.move(5 + attempt, 5);  // wakes the resting page: the next frame is the one clicked
      await p.waitForTimeout(400);
      const rect = await p.evaluate((c) => CNNDemo.cellRect(c), target);
      assert(rect, 'conv1 channel 0 is not on screen in embed.html');
      await click(p, rect.x + rect.width / 2, rect.y + rect.height / 2);
      await p.waitForTimeout(200);
      shown = await p.evaluate(() => CNNDemo.shownExplanation());
    }
    assert(shown && shown.stage === 0 && shown.channel === 0, `clicked, shown ${JSON.stringify(shown && [shown.stage, shown.channel])}`);
    let d = '';
    for (let i = 0; i < 40 && !d.includes(shown.lines[1]); i++) {
      await p.waitForTimeout(50);
      d = await p.evaluate(() => document.getElementById('screen-description').textContent);
    }
    assert(d.includes(shown.title) && d.includes(shown.lines[1]), `#screen-description: "${d.slice(0, 200)}"`);
    measure('screen description with a traced cell', d.slice(0, 120) + '…');
    await p.context().close();
  });

  await test('in the two-column output and softmax (0-4 | 5-9), a click on a class explains that class', async () => {
    // A frame where the output and the softmax stack their ten classes in two columns (the Demo
    // tab's layout picks it where one column would be too tall). Ground truth independent of the
    // trace code: the predicted class's softmax bar is the orange one in the screenshot; its row
    // and the layout's column widths give where each class is drawn.
    const sizes = [[1280, 800], [1440, 900], [1100, 760], [1024, 640], [1280, 720], [900, 600]];
    let p = null, lay = null;
    for (const [width, height] of sizes) {
      p = await (await browser.newContext({ viewport: { width, height } })).newPage();
      p.on('pageerror', (e) => errors.push(`${width}x${height}: ${e.message}`));
      await p.goto(URL_, { waitUntil: 'load' });
      await p.evaluate(() => CNNDemo.ready);
      await p.evaluate(() => CNNDemo.loadSample(0));
      await p.mouse.move(3, 3);
      await p.waitForTimeout(400);
      lay = await p.evaluate(() => CNNDemo.layout());
      const out = lay.stages[lay.stages.length - 2], sm = lay.stages[lay.stages.length - 1];
      if (out.columns === 2 && sm.columns === 2) { measure('two-column output and softmax at', `${width}×${height}`); break; }
      await p.context().close();
      p = null;
    }
    assert(p, `no viewport of ${sizes.map((s) => s.join('×')).join(', ')} lays the output out in two columns`);
    const layers = (await p.evaluate(() => CNNDemo.architecture())).split(',').length;
    // Classes 0-4 in the left column, 5-9 in the right: one sample of each side.
    const wanted = [];
    for (let i = 0; i < 100 && wanted.length < 2; i++) {
      const label = await p.evaluate((k) => { CNNDemo.loadSample(k); return CNNDemo.current().label; }, i);
      if (!wanted.some((w) => (w.label < 5) === (label < 5))) wanted.push({ sample: i, label });
    }
    assert(wanted.length === 2, `samples cover one column only: ${JSON.stringify(wanted)}`);
    // The centre of the accent-coloured pixels in rect: kTheme.accent (src/app/ui/theme.h,
    // 0.98, 0.62, 0.22 → 250, 158, 56), the predicted class's bar (a test of what is drawn).
    const orange = async (rect) => {
      const { width, height, rgba: d } = decodePng(await p.screenshot({ clip: rect }));
      let x0 = 1e9, y0 = 1e9, x1 = -1, y1 = -1;
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const i = 4 * (y * width + x);
          if (Math.abs(d[i] - 250) < 12 && Math.abs(d[i + 1] - 158) < 14 && Math.abs(d[i + 2] - 56) < 16) {
            x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
          }
        }
      return x1 < 0 ? null : { x: (x0 + x1) / 2, y: (y0 + y1) / 2 };
    };
    for (const w of wanted) {
      await p.evaluate((k) => { CNNDemo.loadSample(k); }, w.sample);
      await p.keyboard.press('Escape');  // closes an open explanation, whose outline is orange too
      await p.mouse.move(3, 3);
      await p.waitForTimeout(400);
      lay = await p.evaluate(() => CNNDemo.layout());
      const out = lay.stages[lay.stages.length - 2], sm = lay.stages[lay.stages.length - 1];
      const bar = await orange({ x: sm.x, y: sm.y, width: sm.width, height: sm.height });
      assert(bar, `no orange (predicted) bar in the softmax stage ${JSON.stringify(sm)}`);
      await click(p, sm.x + bar.x, sm.y + bar.y);
      let shown = await p.evaluate(() => CNNDemo.shownExplanation());
      assert(shown && shown.stage === layers && shown.channel === w.label,
        `softmax: clicked the bar of ${w.label}, explained ${JSON.stringify(shown && [shown.stage, shown.channel])}`);
      // The output stage lays its classes out as the softmax does: the same row, in its own columns.
      assert(Math.abs(out.y - sm.y) < 1, `output and softmax on different rows: ${out.y}, ${sm.y}`);
      const colW = Math.floor(out.width / 2);
      await click(p, out.x + (w.label < 5 ? 0.5 : 1.5) * colW, sm.y + bar.y);
      shown = await p.evaluate(() => CNNDemo.shownExplanation());
      assert(shown && shown.stage === layers - 1 && shown.channel === w.label,
        `output: clicked the row of ${w.label}, explained ${JSON.stringify(shown && [shown.stage, shown.channel])}`);
      measure(`class ${w.label} (sample ${w.sample})`, 'softmax and output clicks explain it');
    }
    await p.context().close();
  });

  await test('no page errors', async () => {
    assert(errors.length === 0, errors.slice(0, 3).join(' | '));
  });
  await browser.close();
  finish([`screenshots: ${path.join(OUT, 'screenshot-trace.png')}, ${path.join(OUT, 'screenshot-saliency.png')}`]);
})().catch(crashed);
