// End-to-end tests of the Train tab (called by tests/browser/run.sh after e2e.test.js, with the
// same served dist/): the data file is fetched only when the tab opens; training from scratch
// in the browser for a bounded time; status() figures; export / import of .cnnw weights
// (identical predictions after a round trip; damaged and foreign files refused, the model
// unchanged); a missing or damaged data file said in words; frame times while training.
// Options: --seconds N (training time, default 20; 60 checks issue 8's 97 %), --chromium-flags
// "..." (extra flags, e.g. "--disable-gpu-vsync --disable-frame-rate-limit": rAF uncapped).
// Last line: "N passed, N failed"; exit code 1 on any failure.
'use strict';
const {
  parseArgs, CHROMIUM_ARGS, results, measurements, test, assert, measure, readMnistImages, finish, crashed,
  cpuSeconds: harnessCpuSeconds, serve, until,
} = require('./harness');
const args = parseArgs();
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const URL_ = args.url, OUT = args.out || 'build/browser';
const TRAIN_SECONDS = Number(args.seconds || 20);
const EXTRA_FLAGS = (args['chromium-flags'] || '').split(' ').filter(Boolean);


// In the page, installed before it loads: the intervals between frames (requestAnimationFrame
// timestamps), the page's own main-thread work in each frame (all rAF callbacks of the frame:
// the app's whole frame, SDL events, ImGui, WebGL calls), and the duration of each task posted
// through a MessagePort (training runs in such tasks between frames), while recording.
const PAGE_RECORDER = `(() => {
  const rec = window.__rec = { on: false, frames: new Map(), tasks: [] };
  const timed = (f, done) => function (...a) {
    const t0 = performance.now();
    try { return f.apply(this, a); } finally { if (rec.on) done(performance.now() - t0, a[0]); }
  };
  const raf = window.requestAnimationFrame;
  window.requestAnimationFrame = function (cb) {
    return raf.call(window, timed(cb, (ms, t) => rec.frames.set(t, (rec.frames.get(t) || 0) + ms)));
  };
  const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage');
  Object.defineProperty(MessagePort.prototype, 'onmessage', { configurable: true,
    get() { return onmessage.get.call(this); },
    set(f) { onmessage.set.call(this, typeof f === 'function' ? timed(f, (ms) => rec.tasks.push(ms)) : f); } });
  rec.start = () => { rec.frames = new Map(); rec.tasks = []; rec.on = true; };
  rec.stop = () => {
    rec.on = false;
    const t = [...rec.frames.keys()];
    return { intervals: t.slice(1).map((x, i) => x - t[i]).slice(2), work: [...rec.frames.values()].slice(2), tasks: rec.tasks };
  };
})();`;
function percentile(values, p) {
  const v = values.slice().sort((a, b) => a - b);
  return v.length ? v[Math.min(v.length - 1, Math.floor(v.length * p))] : NaN;
}
const ms = (v) => v.toFixed(1);
const spread = (v) => `${ms(percentile(v, 0.5))} / ${ms(percentile(v, 0.95))} / ${ms(Math.max(...v))} ms`;

// This test's Chromium, for harness.cpuSeconds (the CPU it and the rest of the machine use).
const MARKER = `--cnn-train-test=${process.pid}`;  // an unknown switch: Chromium ignores it
const cpuSeconds = () => harnessCpuSeconds(MARKER);

// A .cnnw (version 1) of an architecture the Train tab cannot show: conv4x3, relu, pool2, affine10.
function foreignCnnw() {
  const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); return b; };
  const layer = (kind, name, fields) => Buffer.concat([u32(kind), u32(name.length), Buffer.from(name), ...fields.map(u32)]);
  const floats = (n, scale) => { const b = Buffer.alloc(4 * n); for (let i = 0; i < n; i++) b.writeFloatLE(scale * Math.sin(i + 1), 4 * i); return b; };
  const body = Buffer.concat([Buffer.from('CNNW'), u32(1), u32(1), u32(28), u32(28), u32(4),
    layer(1, 'conv1', [4, 1, 3, 3, 1, 0]), layer(2, 'relu1', []), layer(3, 'pool1', [2, 2, 2, 0]), layer(4, 'affine1', [676, 10]),
    floats(4 * 9, 0.3), floats(4, 0), floats(676 * 10, 0.05), floats(10, 0)]);
  let crc = ~0;
  for (const byte of body) { crc ^= byte; for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1)); }
  return Buffer.concat([body, u32((~crc) >>> 0)]);
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: [...CHROMIUM_ARGS, ...EXTRA_FLAGS, MARKER] });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await context.addInitScript(PAGE_RECORDER);
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

  await test('training runs in a Web Worker (its own WebAssembly instance)', async () => {
    await page.evaluate(() => CNNDemo.train.open());
    let where = await page.evaluate(() => CNNDemo.train.where());
    for (let i = 0; i < 300 && where.place === 'starting-worker'; i++) {
      await page.waitForTimeout(100);
      where = await page.evaluate(() => CNNDemo.train.where());
    }
    assert(where.place === 'worker', `training runs in: ${JSON.stringify(where)}`);
    assert(/background worker/.test(where.message), where.message);
    measure('where training runs', where.message);
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
    const more = await page.evaluate(() => [{ architecture: 'lenet' }, { architecture: 'two-stage', filters: 30 },
      { filters2: 16 }, { architecture: 'two-stage', filters2: 8 }]
      .map((o) => { try { CNNDemo.train.start(o); return 'accepted'; } catch (e) { return e.message; } }));
    assert(/architecture must be "simple" or "two-stage"/.test(more[0]), more[0]);
    assert(/filters must be 8 or 16 for two-stage/.test(more[1]), more[1]);
    assert(/filters2 must be left out for simple/.test(more[2]), more[2]);
    assert(/filters2 must be 16 or 32 for two-stage/.test(more[3]), more[3]);
    assert(/batchSize must be/.test(msgs[2]), msgs[2]);
    assert(/unknown option "lr"/.test(msgs[3]), msgs[3]);
  });

  // Idle frame times on the Train tab, for comparison.
  await page.evaluate(() => window.__rec.start());
  await page.waitForTimeout(3000);
  const idle = await page.evaluate(() => window.__rec.stop());
  measure('idle on the Train tab: frame interval median / p95 / max', `${spread(idle.intervals)} (${idle.intervals.length} frames)`);
  measure('idle on the Train tab: the page\'s own work per frame median / p95 / max', spread(idle.work));

  let statuses = [], frames = null;
  // Issue 8's target: 97 % within 60 s from scratch with the defaults (run.sh runs 20 s: 90 %).
  const MIN_ACCURACY = TRAIN_SECONDS >= 60 ? 0.97 : 0.90;
  await test(`training from scratch for ${TRAIN_SECONDS} s: the loss falls, test accuracy >= ${MIN_ACCURACY * 100}%`, async () => {
    const label = await page.evaluate(() => CNNDemo.loadSample(0));
    const before = await page.evaluate(() => CNNDemo.current());
    const first = await page.evaluate(() => CNNDemo.train.start({ from: 'scratch' }));
    assert(first.running && first.step === 0, `start() returned ${JSON.stringify(first)}`);
    await page.evaluate(() => window.__rec.start());
    // TRAIN_SECONDS, and on a loaded machine on until the first test evaluation (half a pass), at most 120 s.
    const t0 = Date.now();
    for (let t = 0; (t < TRAIN_SECONDS * 1000 || statuses[statuses.length - 1].epoch < 0.5) && t < 120000;
         t = Date.now() - t0) {
      await page.waitForTimeout(1000);
      statuses.push(await page.evaluate(() => CNNDemo.train.status()));
    }
    const trainedFor = (Date.now() - t0) / 1000;
    await page.evaluate(() => CNNDemo.train.stop());
    frames = await page.evaluate(() => window.__rec.stop());
    measure('while training: frame interval median / p95 / max',
            `${spread(frames.intervals)} (${frames.intervals.length} frames, ${(frames.intervals.length / trainedFor).toFixed(1)} fps)`);
    measure('while training: the page\'s own work per frame median / p95 / max', spread(frames.work));
    measure('while training: training tasks between frames median / p95 / max',
            `${spread(frames.tasks)} (${frames.tasks.length} tasks, ${(frames.tasks.length / frames.work.length).toFixed(1)} per frame, ` +
            `${(frames.tasks.reduce((a, b) => a + b, 0) / 1000 / trainedFor * 100).toFixed(0)} % of the time)`);
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
    assert(s.testAccuracy >= MIN_ACCURACY, `test accuracy ${s.testAccuracy}`);
    await page.screenshot({ path: path.join(OUT, 'screenshot-train.png') });
    const after = await page.evaluate(() => CNNDemo.current());
    assert(after && after.label === label, `the pad's real digit (a ${label}) is now predicted ${after && after.label}`);
    assert(before.probs.join() !== after.probs.join(), 'the pad prediction did not follow the model being trained');
  });

  // What can be asserted of frame time headless: Chromium draws WebGL with SwiftShader here, on
  // the CPU, and at 1440×900 that sets the frame rate (about 15-30 frames/s on 2 cores, idle or
  // not). The page's own work in each frame (training runs between frames) must stay small.
  await test('while training, the page\'s own work per frame stays <= 33 ms (p95)', async () => {
    assert(frames && frames.work.length > 20, 'too few frames recorded');
    assert(statuses.every((x) => x.inWorker), 'training left the worker');
    assert(frames.tasks.length < frames.work.length, `${frames.tasks.length} training tasks on the main thread`);
    // Judged where the page idles cheaply: on a machine so busy that idle frames already take
    // half the limit, the figure measures the machine.
    if (percentile(idle.work, 0.95) > 16) {
      measure('own work per frame not judged: the machine is busy', `idle p95 ${ms(percentile(idle.work, 0.95))} ms, ` +
              `training p95 ${ms(percentile(frames.work, 0.95))} ms`);
      return;
    }
    assert(percentile(frames.work, 0.95) <= 33, `own work per frame p95 ${ms(percentile(frames.work, 0.95))} ms`);
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

  // Frame time itself (issue 8: p95 <= 33 ms, 30 frames/s, while training) where SwiftShader can
  // draw the page at the display's rate: a 720×450 window. Frame intervals come in whole 60 Hz
  // vsyncs, so 30 frames/s is two of them, 33.3 ms (+ timestamp rounding). Each training task
  // between frames (one step) must also stay under 33 ms, or it would hold off a frame or an
  // input event. Judged only when the machine is free for it: the idle frames there make
  // 30 frames/s, and other work (all CPU time on the machine less this test's Chromium) took
  // under half a core meanwhile. Where it takes more, the software renderer and the training
  // share what is left of 2 cores with it, and every frame and task is slowed down.
  const THIRTY_FPS_MS = 2000 / 60 + 0.2;
  // The mouse moves over the tab meanwhile, as a student's hand: the page draws every frame then
  // (left alone it rests, and training in the worker only draws one frame per report).
  const withHand = async (ms) => {
    const t = Date.now();
    for (let i = 0; Date.now() - t < ms; i++) {
      await page.mouse.move(360 + 200 * Math.cos(i / 10), 225 + 120 * Math.sin(i / 10));
      await page.waitForTimeout(16);
    }
  };
  await test('at 720×450, where the software renderer keeps up, frame interval and training task p95 while training <= 33 ms', async () => {
    const cpu0 = cpuSeconds(), t0 = Date.now();
    await page.setViewportSize({ width: 720, height: 450 });
    await page.waitForTimeout(500);
    await page.evaluate(() => window.__rec.start());
    await withHand(3000);
    const small = await page.evaluate(() => window.__rec.stop());
    await page.evaluate(() => CNNDemo.train.resume());
    await page.waitForTimeout(500);
    await page.evaluate(() => window.__rec.start());
    await withHand(6000);
    const busy = await page.evaluate(() => window.__rec.stop());
    await page.evaluate(() => CNNDemo.train.stop());
    const cpu1 = cpuSeconds(), seconds = (Date.now() - t0) / 1000;
    await page.setViewportSize({ width: 1440, height: 900 });
    const idleP95 = percentile(small.intervals, 0.95), busyP95 = percentile(busy.intervals, 0.95);
    const taskP95 = percentile(busy.tasks, 0.95);
    measure('720×450 frame interval median / p95 / max, idle', `${spread(small.intervals)} (${small.intervals.length} frames)`);
    measure('720×450 frame interval median / p95 / max, training', `${spread(busy.intervals)} (${busy.intervals.length} frames); ` +
            `own work per frame p95 ${ms(percentile(busy.work, 0.95))} ms, training tasks p95 ${ms(taskP95)} ms`);
    const ours = (cpu1.chromium - cpu0.chromium) / seconds, others = (cpu1.all - cpu0.all) / seconds - ours;
    const usage = `CPU meanwhile: this test's Chromium ${ours.toFixed(2)} cores, other work ${others.toFixed(2)} cores`;
    if (idleP95 > THIRTY_FPS_MS || others > 0.5) {
      measure('720×450 frame time not judged: the machine is busy', `idle frame interval p95 ${ms(idleP95)} ms; ${usage}`);
      return;
    }
    measure('720×450 frame time judged', usage);
    assert(busyP95 <= THIRTY_FPS_MS, `frame interval p95 while training ${ms(busyP95)} ms (idle ${ms(idleP95)} ms)`);
    assert(busy.tasks.length === 0 || taskP95 <= 33, `main-thread task p95 ${ms(taskP95)} ms (${busy.tasks.length} tasks)`);
  });

  let reference;
  await test('export, train on, import: predictions identical to the exported model', async () => {
    await page.waitForTimeout(1000);  // the worker's last report after the pause, and a frame that shows it
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
    await page.waitForTimeout(1000);  // the worker's last report, and a frame that shows it
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

  await test('a .cnnw of other sizes is loaded and switches the tab to them', async () => {
    await page.evaluate(() => CNNDemo.train.start({ filters: 8, hidden: 50 }));
    await page.evaluate(() => CNNDemo.train.stop());
    await page.evaluate(() => { window.__small = CNNDemo.train.exportWeights(); });
    await page.evaluate(() => CNNDemo.train.start({}));
    await page.evaluate(() => CNNDemo.train.stop());
    await page.evaluate(() => CNNDemo.train.importWeights(window.__small));
    const arch = await page.evaluate(() => CNNDemo.train.architecture());
    assert(arch.name === 'simple' && arch.filters.join() === '8' && arch.hidden === 50, JSON.stringify(arch));
    await page.evaluate(() => CNNDemo.train.importWeights(window.__exported));
    assert(JSON.stringify(await predictAll()) === JSON.stringify(reference), 'predictions differ after importing the exported model again');
  });

  await test('a .cnnw of an architecture the demo cannot show is refused, naming its layers', async () => {
    const msg = await page.evaluate((bytes) => {
      try { CNNDemo.train.importWeights(new Uint8Array(bytes)); return 'accepted'; } catch (e) { return e.message; }
    }, [...foreignCnnw()]);
    assert(/conv4x3, relu, pool2, affine10/.test(msg) && /SimpleConvNet/.test(msg), `message: ${msg}`);
    assert(JSON.stringify(await predictAll()) === JSON.stringify(reference), 'predictions changed after a refused import');
    assert((await page.evaluate(() => CNNDemo.train.architecture())).filters.join() === '30', 'the architecture changed');
    measure('refusal of another architecture', msg);
  });

  await test('the two-stage CNN trains from scratch in the worker; its export imports and switches the tab', async () => {
    const first = await page.evaluate(() => CNNDemo.train.start({ architecture: 'two-stage' }));
    assert(first.running, JSON.stringify(first));
    const arch = await page.evaluate(() => CNNDemo.train.architecture());
    assert(arch.name === 'two-stage' && arch.filters.join() === '16,32', JSON.stringify(arch));
    await page.waitForTimeout(8000);
    await page.evaluate(() => CNNDemo.train.stop());
    await page.waitForTimeout(1000);  // the worker's last report, and a frame that shows it
    const s = await page.evaluate(() => CNNDemo.train.status());
    assert(s.inWorker && s.step > 0, JSON.stringify(s));
    measure('two-stage after 8 s', `${s.step} steps, loss ${s.loss.toFixed(3)}, ${s.imagesPerSecond.toFixed(0)} images/s`);
    const shape = await page.evaluate(() => CNNDemo.architecture());
    assert((String(shape).match(/conv/g) || []).length === 2, `the demo does not show the two-stage network: ${shape}`);
    await page.evaluate(() => { window.__two = CNNDemo.train.exportWeights(); });
    const twoPredictions = await predictAll();
    await page.evaluate(() => CNNDemo.train.importWeights(window.__exported));
    assert((await page.evaluate(() => CNNDemo.train.architecture())).name === 'simple', 'import did not switch to SimpleConvNet');
    await page.evaluate(() => CNNDemo.train.importWeights(window.__two));
    assert((await page.evaluate(() => CNNDemo.train.architecture())).name === 'two-stage', 'import did not switch to the two-stage CNN');
    assert(JSON.stringify(await predictAll()) === JSON.stringify(twoPredictions), 'two-stage predictions differ after the round trip');
    await page.evaluate(() => CNNDemo.train.importWeights(window.__exported));
  });

  await test('a worker that runs out of memory: said in words, training goes on on the main thread', async () => {
    await page.evaluate(() => CNNDemo.train.start({}));
    await page.waitForTimeout(1000);
    await page.evaluate(() => CNNDemo.train._crashWorker());
    let where = await page.evaluate(() => CNNDemo.train.where());
    for (let i = 0; i < 200 && where.place !== 'main-thread'; i++) {
      await page.waitForTimeout(100);
      where = await page.evaluate(() => CNNDemo.train.where());
    }
    assert(where.place === 'main-thread' && /stopped \(out of memory\)/.test(where.message), JSON.stringify(where));
    measure('worker out of memory', where.message);
    const before = await page.evaluate(() => CNNDemo.train.status());
    assert(!before.running && !before.inWorker, JSON.stringify(before));
    await page.evaluate(() => CNNDemo.train.resume());
    // The held-out digits are evaluated first (the last weights the worker sent), then it trains.
    let after = await page.evaluate(() => CNNDemo.train.status());
    for (let i = 0; i < 120 && after.step <= before.step; i++) {
      await page.waitForTimeout(250);
      after = await page.evaluate(() => CNNDemo.train.status());
    }
    await page.evaluate(() => CNNDemo.train.stop());
    assert(after.step > before.step && !after.inWorker, `no training after the worker died: ${JSON.stringify(after)}`);
    await page.evaluate(() => CNNDemo.train.importWeights(window.__exported));
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

  // No Worker at all (the page's script removes it before the demo loads): training between frames, said.
  await test('without Web Workers, training runs on the main thread and says so', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await ctx.addInitScript(() => { delete window.Worker; });
    const p = await ctx.newPage();
    const errors = [];
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(URL_, { waitUntil: 'load' });
    await p.evaluate(() => CNNDemo.ready);
    await p.evaluate(() => CNNDemo.train.start({}));
    await p.waitForTimeout(4000);
    const s = await p.evaluate(() => CNNDemo.train.status());
    const where = await p.evaluate(() => CNNDemo.train.where());
    await ctx.close();
    assert(where.place === 'main-thread' && /cannot start a background worker/.test(where.message), JSON.stringify(where));
    assert(s.step > 0 && !s.inWorker, JSON.stringify(s));
    assert(errors.length === 0, errors.join(' | '));
    measure('without Worker', where.message);
  });

  // embed.html framed by a page of another origin (a second loopback server), as an LMS frames it.
  await test('inside a cross-origin iframe of embed.html, training runs in the worker', async () => {
    const embedUrl = new URL('embed.html', URL_).href;
    const hostDir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'cnn-train-host-'));
    fs.writeFileSync(path.join(hostDir, 'host.html'),
      `<!doctype html><iframe id="f" width="1000" height="700" src=${JSON.stringify(embedUrl + '?view=both')}></iframe>`);
    const hostServer = await serve({ '/': hostDir });
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const p = await ctx.newPage();
    const errors = [];
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`http://127.0.0.1:${hostServer.address().port}/host.html`, { waitUntil: 'load' });
    const frame = await until('the demo frame', () => p.frames().find((f) => f.url().startsWith(embedUrl)));
    await frame.evaluate(() => CNNDemo.ready);
    await frame.evaluate(() => CNNDemo.train.start({}));
    await p.waitForTimeout(5000);
    const s = await frame.evaluate(() => CNNDemo.train.status());
    const where = await frame.evaluate(() => CNNDemo.train.where());
    await ctx.close();
    hostServer.close();
    assert(where.place === 'worker' && s.inWorker && s.step > 0, `${JSON.stringify(where)} ${JSON.stringify(s)}`);
    assert(errors.length === 0, errors.join(' | '));
  });

  // The offline single file, from file://: the worker starts from the inlined text (a Blob URL).
  await test('the offline single file trains in its inlined worker', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await ctx.newPage();
    const errors = [];
    p.on('console', (m) => { if (m.type() === 'error' && !/GPU stall/.test(m.text())) errors.push(m.text()); });
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto('file://' + path.resolve(args.dist, 'cnn-demo.html'), { waitUntil: 'load' });
    await p.evaluate(() => CNNDemo.ready);
    await p.evaluate(() => CNNDemo.train.start({}));
    await p.waitForTimeout(5000);
    const s = await p.evaluate(() => CNNDemo.train.status());
    const where = await p.evaluate(() => CNNDemo.train.where());
    await ctx.close();
    assert(where.place === 'worker' && s.inWorker && s.step > 0, `${JSON.stringify(where)} ${JSON.stringify(s)}`);
    assert(errors.length === 0, errors.join(' | '));
  });

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
