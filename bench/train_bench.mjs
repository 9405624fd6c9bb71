// Training in the browser (issue 17 item 3, issue 14's in-browser two-stage target), in one run of
// one headless Chromium, at 800×500 (an LMS-sized frame):
//   1. images/s in the worker vs on the main thread: the same page twice, once as it is (training
//      in its Web Worker) and once with window.Worker removed before the page loads (training
//      between frames, as where no worker can start); SimpleConvNet from scratch with the
//      defaults, alternated A B A B, SECONDS each, medians;
//   2. seconds for SimpleConvNet from scratch with the defaults, in the worker, to reach >= 98 % on
//      the 1 000 held-out digits (evaluated every half pass), at most --limit seconds;
//   3. the same for the two-stage CNN (its defaults: conv1 16, conv2 32, hidden 100);
//   4. frame intervals (requestAnimationFrame) while the worker trains vs the page showing the
//      Train tab without training, with the mouse still and with it moving over the tab.
// Prints Markdown tables.   node bench/train_bench.mjs [--dist DIR] [--seconds 20] [--limit 150]
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDir } from './lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const DIST = path.resolve(args.dist || path.join(ROOT, 'dist'));
const SECONDS = Number(args.seconds || 20);
const LIMIT = Number(args.limit || 150);
const WIDTH = 800, HEIGHT = 500, TARGET = 0.98;
const FLAGS = ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b), h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };
async function openPage(browser, port, withoutWorker) {
  const ctx = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT } });
  if (withoutWorker) await ctx.addInitScript(() => { delete window.Worker; });
  const page = await ctx.newPage();
  await page.goto(`http://127.0.0.1:${port}/index.html`);
  await page.evaluate(() => CNNDemo.ready);
  await page.evaluate(() => CNNDemo.train.open());
  for (let i = 0; i < 300 && (await page.evaluate(() => CNNDemo.train.where().place)) === 'starting-worker'; i++) {
    await page.waitForTimeout(100);
  }
  return { page, ctx };
}

// Trains from scratch; images/s over `seconds` of training (the session's own figure).
async function imagesPerSecond(page, seconds) {
  await page.evaluate(() => CNNDemo.train.start({}));
  await page.waitForTimeout(seconds * 1000);
  await page.evaluate(() => CNNDemo.train.stop());
  const s = await page.evaluate(() => CNNDemo.train.status());
  return { ips: s.imagesPerSecond, inWorker: s.inWorker };
}

// Seconds of training until the held-out accuracy first reaches TARGET (null: not within LIMIT).
async function secondsTo(page, options) {
  await page.evaluate((o) => CNNDemo.train.start(o), options);
  const t0 = Date.now();
  let s, best = 0;
  for (;;) {
    await page.waitForTimeout(250);
    s = await page.evaluate(() => CNNDemo.train.status());
    if (s.testAccuracy !== null && s.epoch > 0) best = Math.max(best, s.testAccuracy);
    if (s.testAccuracy !== null && s.epoch > 0 && s.testAccuracy >= TARGET) break;
    if ((Date.now() - t0) / 1000 > LIMIT) { s = null; break; }
  }
  const wall = (Date.now() - t0) / 1000;
  const last = await page.evaluate(() => CNNDemo.train.status());
  await page.evaluate(() => CNNDemo.train.stop());
  return { seconds: s ? s.elapsedSeconds : null, wall, best, passes: last.epoch, ips: last.imagesPerSecond, inWorker: last.inWorker };
}

// requestAnimationFrame intervals over `seconds`, training in the worker or not; with `moving`,
// the mouse circles over the tab meanwhile (so the page draws every frame, as under a hand).
async function frameIntervals(page, seconds, training, moving) {
  if (training) await page.evaluate(() => CNNDemo.train.start({}));
  await page.waitForTimeout(500);
  let stop = false;
  const mover = moving && (async () => {
    for (let i = 0; !stop; i++) {
      await page.mouse.move(WIDTH * (0.5 + 0.3 * Math.cos(i / 12)), HEIGHT * (0.5 + 0.3 * Math.sin(i / 12)));
      await page.waitForTimeout(16);
    }
  })();
  const intervals = await page.evaluate((ms) => new Promise((resolve) => {
    const t = [];
    const tick = (x) => { t.push(x); if (x - t[0] < ms) requestAnimationFrame(tick); else resolve(t.slice(1).map((v, i) => v - t[i])); };
    requestAnimationFrame(tick);
  }), seconds * 1000);
  stop = true;
  if (mover) await mover;
  if (training) await page.evaluate(() => CNNDemo.train.stop());
  return intervals;
}

const server = await serveDir(DIST);
const port = server.port;
try {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
  try {
    const worker = await openPage(browser, port, false);
    const main = await openPage(browser, port, true);
    const w = [], m = [];
    for (let round = 0; round < 2; round++) {  // A B A B, the other page idle meanwhile
      w.push(await imagesPerSecond(worker.page, SECONDS));
      m.push(await imagesPerSecond(main.page, SECONDS));
    }
    await main.ctx.close();
    const f = (v) => v.toFixed(0);
    console.log(`Training in the browser: headless Chromium, ${WIDTH}×${HEIGHT}, SimpleConvNet from scratch with the defaults, ` +
      `${SECONDS} s per run, alternated.`);
    console.log('');
    console.log('| where it trains | images/s (runs) | median |');
    console.log('|---|---|---|');
    console.log(`| Web Worker${w.every((x) => x.inWorker) ? '' : ' (NOT in the worker!)'} | ${w.map((x) => f(x.ips)).join(', ')} | ${f(median(w.map((x) => x.ips)))} |`);
    console.log(`| main thread, between frames (no Worker) | ${m.map((x) => f(x.ips)).join(', ')} | ${f(median(m.map((x) => x.ips)))} |`);
    console.log(`| **ratio worker / main thread** | | **${(median(w.map((x) => x.ips)) / median(m.map((x) => x.ips))).toFixed(2)}×** |`);
    console.log('');

    const q = (xs) => `${quantile(xs, 0.5).toFixed(1)} / ${quantile(xs, 0.95).toFixed(1)} (${xs.length} frames)`;
    console.log('| Train tab, frame interval ms, median / p95 | mouse still | mouse moving (the page draws every frame) |');
    console.log('|---|---|---|');
    for (const [name, training] of [['not training', false], ['training in the worker', true]]) {
      const still = await frameIntervals(worker.page, 8, training, false);
      const moving = await frameIntervals(worker.page, 8, training, true);
      console.log(`| ${name} | ${q(still)} | ${q(moving)} |`);
    }
    console.log('');

    const simple = await secondsTo(worker.page, {});
    const two = await secondsTo(worker.page, { architecture: 'two-stage' });
    const line = (name, r, target) => `| ${name} | ${r.seconds === null ? `not within ${LIMIT} s (best ${(100 * r.best).toFixed(1)} %)` : r.seconds.toFixed(1)} | ` +
      `${r.passes.toFixed(2)} | ${f(r.ips)} | ${target} s |`;
    console.log(`| from scratch, defaults, in the worker | seconds of training to >= ${TARGET * 100} % on the 1 000 held-out digits | passes | images/s | target |`);
    console.log('|---|---|---|---|---|');
    console.log(line('SimpleConvNet', simple, 60));
    console.log(line('two-stage CNN', two, 90));
    await worker.ctx.close();
  } finally {
    await browser.close();
  }
} finally {
  server.kill();
}
