// End-to-end tests of the Train tab (called by tests/browser/run.sh after e2e.test.js, with the
// same served dist/): the data file is fetched only when the tab opens; training from scratch
// in the browser for a bounded time; status() figures; export / import of .cnnw weights
// (identical predictions after a round trip; damaged and foreign files refused, the model
// unchanged); a missing or damaged data file said in words; frame times while training.
// Last line: "N passed, N failed"; exit code 1 on any failure.
'use strict';
const {
  parseArgs, CHROMIUM_ARGS, results, measurements, test, assert, measure, readMnistImages, finish, crashed,
} = require('./harness');
const args = parseArgs();
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const URL_ = args.url, OUT = args.out || 'build/browser';
const TRAIN_SECONDS = Number(args.seconds || 20);


// In the page: frame intervals (requestAnimationFrame deltas) until stop() is called.
const FRAME_RECORDER = `window.__frames = { deltas: [], on: true };
  (function () { let last = performance.now();
    function f(t) { window.__frames.deltas.push(t - last); last = t; if (window.__frames.on) requestAnimationFrame(f); }
    requestAnimationFrame(f); })();`;
function percentile(values, p) {
  const v = values.slice().sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.floor(v.length * p))];
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const consoleErrors = [], dataRequests = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/GPU stall due to ReadPixels/.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push('page error: ' + e.message));
  page.on('request', (r) => { if (r.url().endsWith('mnist-train.cnnd')) dataRequests.push(r.url()); });
  const images = readMnistImages(path.join(args.mnist, 't10k-images-idx3-ubyte'), 20);
  const predictAll = () => page.evaluate((imgs) => imgs.map((p) => CNNDemo.predict(p)), images);

  console.log(`train tab tests on ${URL_}`);
  await test('the page loads without fetching the training data', async () => {
    await page.goto(URL_, { waitUntil: 'load' });
    await page.evaluate(() => CNNDemo.ready);
    await page.waitForTimeout(500);
    assert(dataRequests.length === 0, `mnist-train.cnnd fetched before the Train tab opened: ${dataRequests}`);
  });

  await test('opening the Train tab fetches and checks the data file', async () => {
    const t0 = Date.now();
    await page.evaluate(() => CNNDemo.train.open());
    assert(dataRequests.length === 1, `${dataRequests.length} requests for mnist-train.cnnd`);
    measure('Train tab: data file fetched and checked in', `${Date.now() - t0} ms`);
    const s = await page.evaluate(() => CNNDemo.train.status());
    assert(!s.running && s.step === 0, `status before start: ${JSON.stringify(s)}`);
  });

  await test('options are checked', async () => {
    const msgs = await page.evaluate(() => [{ optimizer: 'rmsprop' }, { filters: 12 }, { batchSize: 0 }, { lr: 0.1 }]
      .map((o) => { try { CNNDemo.train.start(o); return 'accepted'; } catch (e) { return e.message; } }));
    assert(/optimizer must be one of sgd, momentum, adam/.test(msgs[0]), msgs[0]);
    assert(/filters must be 8, 16 or 30/.test(msgs[1]), msgs[1]);
    assert(/batchSize must be/.test(msgs[2]), msgs[2]);
    assert(/unknown option "lr"/.test(msgs[3]), msgs[3]);
  });

  // Idle frame times on the Train tab, for comparison.
  await page.evaluate(FRAME_RECORDER);
  await page.waitForTimeout(3000);
  const idle = await page.evaluate(() => { window.__frames.on = false; return window.__frames.deltas.slice(2); });
  measure('frame interval idle on the Train tab: median / p95',
          `${percentile(idle, 0.5).toFixed(1)} / ${percentile(idle, 0.95).toFixed(1)} ms (${idle.length} frames)`);

  let statuses = [];
  await test(`training from scratch for ${TRAIN_SECONDS} s: the loss falls, test accuracy >= 90%`, async () => {
    const label = await page.evaluate(() => CNNDemo.loadSample(0));
    const before = await page.evaluate(() => CNNDemo.current());
    const first = await page.evaluate(() => CNNDemo.train.start({ from: 'scratch' }));
    assert(first.running && first.step === 0, `start() returned ${JSON.stringify(first)}`);
    await page.evaluate(FRAME_RECORDER);
    // TRAIN_SECONDS, and on a loaded machine on until the first test evaluation (half a pass), at most 120 s.
    const t0 = Date.now();
    for (let t = 0; (t < TRAIN_SECONDS * 1000 || statuses[statuses.length - 1].epoch < 0.5) && t < 120000;
         t = Date.now() - t0) {
      await page.waitForTimeout(1000);
      statuses.push(await page.evaluate(() => CNNDemo.train.status()));
    }
    const trainedFor = (Date.now() - t0) / 1000;
    await page.evaluate(() => CNNDemo.train.stop());
    const deltas = await page.evaluate(() => { window.__frames.on = false; return window.__frames.deltas.slice(2); });
    measure('frame interval while training: median / p95 / max',
            `${percentile(deltas, 0.5).toFixed(1)} / ${percentile(deltas, 0.95).toFixed(1)} / ` +
            `${Math.max(...deltas).toFixed(1)} ms (${deltas.length} frames, ${(deltas.length / trainedFor).toFixed(1)} fps)`);
    // An evaluation due at the stop completes while paused (time-sliced too): wait for it.
    const initial = statuses.find((x) => x.testAccuracy !== null);
    let s = await page.evaluate(() => CNNDemo.train.status());
    for (let i = 0; i < 300 && s.epoch >= 0.5 && initial && s.testAccuracy === initial.testAccuracy; i++) {
      await page.waitForTimeout(100);
      s = await page.evaluate(() => CNNDemo.train.status());
    }
    statuses.push(s);
    measure(`after ${trainedFor.toFixed(0)} s`, `${s.step} steps, ${s.epoch.toFixed(2)} passes, loss ${s.loss.toFixed(3)}, ` +
            `test accuracy ${(100 * s.testAccuracy).toFixed(1)}%, ${s.imagesPerSecond.toFixed(0)} images/s`);
    const early = statuses.filter((x) => x.step > 0).slice(0, 3).map((x) => x.loss);
    const late = statuses.slice(-4).map((x) => x.loss);
    const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
    assert(s.step > 0 && mean(late) < mean(early) && mean(late) < 0.5,
           `loss did not fall: early ${early.map((x) => x.toFixed(3))}, late ${late.map((x) => x.toFixed(3))}`);
    assert(s.testAccuracy >= 0.90, `test accuracy ${s.testAccuracy}`);
    await page.screenshot({ path: path.join(OUT, 'screenshot-train.png') });
    const after = await page.evaluate(() => CNNDemo.current());
    assert(after && after.label === label, `the pad's real digit (a ${label}) is now predicted ${after && after.label}`);
    assert(before.probs.join() !== after.probs.join(), 'the pad prediction did not follow the model being trained');
  });

  await test('status() figures are consistent', async () => {
    const s = statuses[statuses.length - 1];
    assert(!s.running, 'still running after stop()');
    assert(s.showingTrained, 'the demo does not show the model being trained');
    assert(s.images <= s.step * 32 && s.images > (s.step - s.epoch - 1) * 32, `images ${s.images} vs steps ${s.step}`);
    assert(Math.abs(s.epoch - s.images / 10000) < 1e-9, `epoch ${s.epoch} vs images ${s.images}`);
    assert(Math.abs(s.imagesPerSecond - s.images / s.elapsedSeconds) < 1e-6 * s.imagesPerSecond + 1e-9, 'images/s');
    assert(s.elapsedSeconds > 0.5 * TRAIN_SECONDS && s.elapsedSeconds < 123, `elapsed ${s.elapsedSeconds}`);
    for (let i = 1; i < statuses.length; i++) {
      assert(statuses[i].step >= statuses[i - 1].step, 'step went backwards');
      assert(statuses[i].elapsedSeconds >= statuses[i - 1].elapsedSeconds, 'elapsed went backwards');
    }
    const a = await page.evaluate(() => CNNDemo.train.status());
    await page.waitForTimeout(500);
    const b = await page.evaluate(() => CNNDemo.train.status());
    assert(a.step === b.step && a.elapsedSeconds === b.elapsedSeconds, 'paused training moved on');
    assert(s.trainAccuracy === null || (s.trainAccuracy > 0.5 && s.trainAccuracy <= 1), `train accuracy ${s.trainAccuracy}`);
  });

  let reference;
  await test('export, train on, import: predictions identical to the exported model', async () => {
    // The bytes stay in the page (window.__exported): moving 1.7 MB through evaluate() is slow.
    const info = await page.evaluate(() => {
      window.__exported = CNNDemo.train.exportWeights();
      return { length: window.__exported.length, magic: String.fromCharCode(...window.__exported.slice(0, 4)) };
    });
    assert(info.magic === 'CNNW', 'exported bytes do not start with CNNW');
    measure('exported .cnnw', `${info.length} bytes`);
    reference = await predictAll();
    await page.evaluate(() => CNNDemo.train.resume());
    await page.waitForTimeout(1500);
    await page.evaluate(() => CNNDemo.train.stop());
    const moved = await predictAll();
    assert(JSON.stringify(moved) !== JSON.stringify(reference), 'training on did not change the predictions');
    await page.evaluate(() => CNNDemo.train.importWeights(window.__exported));
    const back = await predictAll();
    assert(JSON.stringify(back) === JSON.stringify(reference), 'predictions differ after the round trip');
    const same = await page.evaluate(() => {
      const again = CNNDemo.train.exportWeights();
      return again.length === window.__exported.length && again.every((v, i) => v === window.__exported[i]);
    });
    assert(same, 're-export differs');
  });

  await test('a damaged .cnnw is refused with the loader\'s message; the model is unchanged', async () => {
    const msg = await page.evaluate(() => {
      const bad = window.__exported.slice();
      bad[bad.length >> 1] ^= 0x10;
      try { CNNDemo.train.importWeights(bad); return 'accepted'; } catch (e) { return e.message; }
    });
    assert(/CRC|checksum/i.test(msg) && /weights file invalid at byte \d+/.test(msg), `message: ${msg}`);
    const cut = await page.evaluate(() => {
      try { CNNDemo.train.importWeights(window.__exported.slice(0, 1000)); return 'accepted'; } catch (e) { return e.message; }
    });
    assert(/truncated/.test(cut), `truncated file: ${cut}`);
    assert(JSON.stringify(await predictAll()) === JSON.stringify(reference), 'predictions changed after a refused import');
    measure('refusal of a damaged file', msg);
  });

  await test('a .cnnw of another architecture is refused, naming both shapes', async () => {
    await page.evaluate(() => CNNDemo.train.start({ filters: 8, hidden: 50 }));
    await page.evaluate(() => CNNDemo.train.stop());
    await page.evaluate(() => { window.__small = CNNDemo.train.exportWeights(); });
    await page.evaluate(() => CNNDemo.train.start({}));
    await page.evaluate(() => CNNDemo.train.stop());
    await page.evaluate(() => CNNDemo.train.importWeights(window.__exported));
    const msg = await page.evaluate(() => {
      try { CNNDemo.train.importWeights(window.__small); return 'accepted'; } catch (e) { return e.message; }
    });
    assert(/8/.test(msg) && /30/.test(msg), `message does not name both shapes: ${msg}`);
    assert(JSON.stringify(await predictAll()) === JSON.stringify(reference), 'predictions changed after a refused import');
    measure('refusal of another architecture', msg);
  });

  await test('switching back to the shipped model', async () => {
    const shipped = await page.evaluate(() => { CNNDemo.train.useShipped(); return CNNDemo.train.status(); });
    assert(!shipped.showingTrained, 'still showing the trained model');
    const p = await predictAll();
    assert(JSON.stringify(p) !== JSON.stringify(reference), 'predictions did not change back');
    assert(p.filter((r, i) => r.label === reference[i].label).length >= 15, 'shipped model disagrees on many digits');
  });

  await test('no console errors', async () => {
    assert(consoleErrors.length === 0, consoleErrors.join(' | '));
  });
  await context.close();

  // The data file missing, or damaged: said in words.
  for (const [what, fulfil, pattern] of [
    ['missing', { status: 404, body: 'not found' }, /missing from the site \(HTTP 404\)/],
    ['damaged', null, /damaged/],
  ]) {
    await test(`a ${what} data file is said in words`, async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const p = await ctx.newPage();
      await p.route('**/mnist-train.cnnd', async (route) => {
        if (fulfil) return route.fulfill(fulfil);
        const response = await route.fetch();
        const body = Buffer.from(await response.body());
        body[body.length >> 1] ^= 0xff;
        return route.fulfill({ response, body });
      });
      await p.goto(URL_, { waitUntil: 'load' });
      await p.evaluate(() => CNNDemo.ready);
      const msg = await p.evaluate(() => CNNDemo.train.open().then(() => 'loaded', (e) => e.message));
      assert(pattern.test(msg), `message: ${msg}`);
      const start = await p.evaluate(() => CNNDemo.train.start({}).then(() => 'started', (e) => e.message));
      assert(pattern.test(start), `start(): ${start}`);
      if (what === 'damaged') await p.screenshot({ path: path.join(OUT, 'screenshot-train-damaged.png') });
      measure(`${what} data file`, msg);
      await ctx.close();
    });
  }
  await browser.close();

  const size = fs.statSync(path.join(args.dist, 'mnist-train.cnnd')).size;
  const gz = require('zlib').gzipSync(fs.readFileSync(path.join(args.dist, 'mnist-train.cnnd'))).length;
  measure('dist/mnist-train.cnnd', `${size} bytes (${gz} gzipped)`);
  finish([`screenshots: ${path.join(OUT, 'screenshot-train.png')}, ${path.join(OUT, 'screenshot-train-damaged.png')}`]);
})().catch(crashed);
