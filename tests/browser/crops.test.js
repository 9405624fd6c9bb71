// Browser tests of "what each channel looks for" (issue 14; called by tests/browser/run.sh,
// which serves dist/): for both models and every convolution stage, CNNDemo.topCrops gives six
// crops from six images in decreasing order, of the stage's receptive-field size (5 for conv1,
// 14 for conv2), a loaded digit is marked as the pad's; the drawing's crop values are the network's own (CNNDemo.explain at that unit); a drawing
// that strongly excites a channel is among its crops and marked as the drawing; selecting a
// channel shows the crops in the detail panel; bad arguments throw Errors naming the valid range.
// Prints the time of a computation. Last line: "N passed, N failed".
'use strict';
const { parseArgs, openPage, test, assert, measure, finish, crashed, drag, densify } = require('./harness');
const path = require('path');

const args = parseArgs();
const URL_ = args.url, OUT = args.out || 'build/browser';
// conv stages of each model and their receptive fields (the lecture's arithmetic: 5, then 5 + 1 + 2·4 = 14)
const STAGES = { simple: [[0, 5]], 'two-stage': [[0, 5], [3, 14]] };

// Zig-zag strokes filling the pad: after preprocessing, ink in every 5×5 window of the middle.
async function scribble(page) {
  const r = await page.evaluate(() => CNNDemo.padRect());
  const pts = [];
  for (let i = 0; i <= 10; i++) {
    const v = 0.15 + 0.7 * i / 10;
    pts.push([i % 2 ? 0.85 : 0.15, v]);
  }
  await drag(page, densify(pts, 0.07).map(([u, v]) => [r.x + u * r.width, r.y + v * r.height]), 6, 20);
  await page.waitForTimeout(150);
}

(async () => {
  const { browser, page, errors } = await openPage({ width: 1440, height: 900 });
  console.log(`channel crop tests on ${URL_}`);
  await page.goto(URL_, { waitUntil: 'load' });
  await page.evaluate(() => CNNDemo.ready);

  for (const model of Object.keys(STAGES)) {
    await test(`${model}: six crops per channel, strongest first, the stage's receptive field`, async () => {
      await page.evaluate((m) => Promise.resolve(CNNDemo.setModel(m)), model);
      await page.evaluate(() => CNNDemo.clear());
      for (const [stage, field] of STAGES[model]) {
        const arch = await page.evaluate(() => CNNDemo.architecture());
        const filters = +arch.split(',')[stage].match(/^conv(\d+)/)[1];
        // the first call for a stage runs the 100 samples: its time
        const first = await page.evaluate((s) => { const t0 = performance.now(); const r = CNNDemo.topCrops({ stage: s, channel: 0 }); return [r, performance.now() - t0]; }, stage);
        measure(`${model} stage ${stage}: first topCrops (100 digits through the layers)`, `${first[1].toFixed(1)} ms in the page (C++ says ${first[0].ms.toFixed(1)} ms)`);
        const t0 = Date.now();
        const all = await page.evaluate(([s, n]) => Array.from({ length: n }, (_, c) => CNNDemo.topCrops({ stage: s, channel: c })), [stage, filters]);
        measure(`${model} stage ${stage}: topCrops for all ${filters} channels after that`, `${Date.now() - t0} ms`);
        for (const r of all) {
          assert(r.crops.length === 6, `channel ${r.channel}: ${r.crops.length} crops`);
          assert(r.size[0] === field && r.size[1] === field, `channel ${r.channel}: field ${r.size}, expected ${field}`);
          assert(r.layerName === `relu${stage === 0 ? 1 : 2}`, `ranks ${r.layerName}`);
          assert(new Set(r.crops.map((c) => c.image)).size === 6, `channel ${r.channel}: images ${r.crops.map((c) => c.image)}`);
          for (let i = 0; i < 6; i++) {
            const c = r.crops[i];
            if (i) assert(r.crops[i - 1].value >= c.value, `channel ${r.channel}: crop ${i} ${c.value} > crop ${i - 1} ${r.crops[i - 1].value}`);
            assert(!c.drawing && c.image >= 0 && c.image < r.samples && c.label >= 0, `crop ${JSON.stringify(c)} (empty pad)`);
            const h = c.rect.y1 - c.rect.y0, w = c.rect.x1 - c.rect.x0;
            assert(c.rect.y0 >= 0 && c.rect.x0 >= 0 && c.rect.y1 <= 28 && c.rect.x1 <= 28 && h <= field && w <= field && h > 0 && w > 0,
              `rect ${JSON.stringify(c.rect)}`);
          }
        }
        // the top crop of a few channels: loaded into the pad, that digit is marked as the pad's
        for (const r of all.slice(0, 3)) {
          const c = r.crops[0];
          const again = await page.evaluate(([c, s, ch]) => { CNNDemo.loadSample(c.image); return CNNDemo.topCrops({ stage: s, channel: ch }); }, [c, stage, r.channel]);
          assert(again.padImage === c.image && again.crops[0].image === c.image && !again.crops.some((x) => x.drawing),
            `loaded sample ${c.image}: padImage ${again.padImage}, crops ${again.crops.map((x) => x.image)}`);
        }
        await page.evaluate(() => CNNDemo.clear());
      }
    });

    await test(`${model}: a drawing that strongly excites a conv1 channel is among its crops, as the drawing`, async () => {
      await page.evaluate(() => CNNDemo.clear());
      await scribble(page);
      // channel 2 made a detector of ink in the whole 5×5 window: the dense scribble beats the thin digits
      const r = await page.evaluate(() => {
        CNNDemo.setFilter(0, 2, new Array(25).fill(0.5));
        const out = CNNDemo.topCrops({ stage: 0, channel: 2 });
        CNNDemo.setFilter(0, 2, null);
        return out;
      });
      const d = r.crops.findIndex((c) => c.drawing);
      assert(d >= 0, `drawing not among ${JSON.stringify(r.crops.map((c) => [c.image, c.value]))}`);
      assert(r.padImage === r.samples && r.crops[d].image === r.samples, `padImage ${r.padImage}, crop image ${r.crops[d].image}`);
      measure(`${model}: the scribble's rank for the ink detector`, `${d + 1} of 6 (value ${r.crops[d].value.toFixed(2)}, 6th ${r.crops[5].value.toFixed(2)})`);
      // restored: the crops follow the trained filter again, and the drawing's value there is the network's
      const back = await page.evaluate(() => CNNDemo.topCrops({ stage: 0, channel: 2 }));
      assert(back.crops[0].value !== r.crops[0].value, 'the crops did not follow the restored filter');
      let inCrops = 0;
      for (const [stage] of STAGES[model]) {
        const arch = await page.evaluate(() => CNNDemo.architecture());
        const n = +arch.split(',')[stage].match(/^conv(\d+)/)[1];
        const sets = await page.evaluate(([s, n]) => Array.from({ length: n }, (_, c) => CNNDemo.topCrops({ stage: s, channel: c })), [stage, n]);
        for (const s of sets) {
          const c = s.crops.find((c) => c.drawing);
          if (!c) continue;
          inCrops++;
          const v = await page.evaluate(([s, c]) => CNNDemo.explain({ stage: s.layer, channel: s.channel, y: c.y, x: c.x }).value, [s, c]);
          assert(Math.abs(v - c.value) <= 1e-5 * Math.max(1, Math.abs(v)), `drawing crop ${c.value}, explain ${v}`);
        }
      }
      measure(`${model}: channels (trained) whose crops include the scribble`, inCrops);
    });
  }

  await test('selecting a conv2 channel shows its crops in the detail panel (screenshot)', async () => {
    await page.evaluate(() => Promise.resolve(CNNDemo.setModel('two-stage')));
    await page.evaluate(() => CNNDemo.clear());
    await scribble(page);
    const m = await page.evaluate(() => CNNDemo.mapRect(3, 5));
    assert(m, 'conv2 channel 5 is not on screen');
    await page.mouse.move(m.x + m.width / 2, m.y + m.height / 2);
    await page.waitForTimeout(60);
    await page.mouse.down();
    await page.waitForTimeout(80);
    await page.mouse.up();
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(OUT, 'screenshot-crops.png') });
  });

  await test('bad arguments throw an Error naming the valid range', async () => {
    const r = await page.evaluate(() => {
      const msg = (f) => { try { f(); return 'no error'; } catch (e) { return (e instanceof Error ? '' : 'not an Error: ') + e.message; } };
      return {
        stage: msg(() => CNNDemo.topCrops({ stage: 2, channel: 0 })),
        far: msg(() => CNNDemo.topCrops({ stage: 99, channel: 0 })),
        channel: msg(() => CNNDemo.topCrops({ stage: 3, channel: 32 })),
        negative: msg(() => CNNDemo.topCrops({ stage: 0, channel: -1 })),
        type: msg(() => CNNDemo.topCrops({ stage: '0', channel: 0 })),
        none: msg(() => CNNDemo.topCrops()),
        after: CNNDemo.topCrops({ stage: 0, channel: 0 }).crops.length,
      };
    });
    const expect = {
      stage: /0, 1, 3, 4 \(conv1, relu1, conv2, relu2\), got 2/, far: /got 99/, channel: /channel must be 0\.\.31 for conv2, got 32/,
      negative: /0\.\.15 for conv1, got -1/, type: /stage must be an integer/, none: /expected \{stage, channel\}/,
    };
    for (const [k, re] of Object.entries(expect)) assert(re.test(r[k]), `${k}: got "${r[k]}"`);
    assert(r.after === 6, 'the demo stopped answering');
  });

  await test('Lesson 7 on a fresh page: the two-stage model is fetched, "loading" meanwhile, then its crops', async () => {
    const { browser: b, page: p, errors: errs } = await openPage({ width: 1280, height: 800 });
    await p.goto(URL_ + '?lang=ko', { waitUntil: 'load' });
    await p.evaluate(() => CNNDemo.ready);
    const before = await p.evaluate(() => CNNDemo.modelStatus('two-stage').state);
    await p.evaluate(() => Module._cnn_demo_show_panel(6));
    let state = before;
    for (let i = 0; i < 100 && state !== 'here'; i++) {
      await p.waitForTimeout(100);
      state = await p.evaluate(() => CNNDemo.modelStatus('two-stage').state);
    }
    assert(state === 'here', `two-stage model ${before} → ${state}`);
    await p.mouse.move(900, 600);
    for (let i = 0; i < 6; i++) { await p.mouse.wheel(0, 300); await p.waitForTimeout(150); }
    await p.waitForTimeout(300);
    await p.screenshot({ path: path.join(OUT, 'screenshot-lesson7-crops.png') });
    measure('two-stage model before Lesson 7 / after', `${before} / ${state}`);
    assert(errs.length === 0, errs.slice(0, 3).join(' | '));
    await b.close();
  });

  await test('no page errors', async () => {
    assert(errors.length === 0, errors.slice(0, 3).join(' | '));
  });
  await browser.close();
  finish([`screenshots: ${path.join(OUT, 'screenshot-crops.png')}, ${path.join(OUT, 'screenshot-lesson7-crops.png')}`]);
})().catch(crashed);
