// Browser half of the benchmark suite: this project's WASM build against TensorFlow.js
// (WASM backend with SIMD, and the pure-JS CPU backend) in the SAME headless Chromium page.
// Same SimpleConvNet (Conv 30x5x5 → ReLU → MaxPool 2 → Dense 100 → ReLU → Dense 10).
// Inference: TF.js with random weights, on the same 100 MNIST test digits (and our build also
// on an image of uniform noise, the worst case for its sparse convolution road). Training: the demo's Train tab (CNNDemo.train, time-sliced
// in the page's frames, on its MNIST digits) against TF.js's CPU backend (Adam, softmax
// cross-entropy, batch 100, on random digits: its speed does not depend on the pixels).
// Then the two-stage model (issue 14): the shipped two-stage.cnnw's float32 weights (`cnn convert
// --format v1`, read here) loaded into a TF.js model of the same layers, its outputs checked
// against ours, and the one-image forward timed against TF.js's WASM-SIMD backend in the same page.
// Prints Markdown tables (medians with spread).
//   node bench/browser_bench.mjs        (after ./build_wasm.sh, the native build and bench/setup.sh)
// Environment: CNN_DIST_DIR (the build to measure, default dist/), BENCH_TRAIN_ROUNDS (default 3).
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDir } from './lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');

// The site: the build as /dist/ and the TF.js packages as /bench/node_modules/.
const DIST = path.resolve(process.env.CNN_DIST_DIR || path.join(ROOT, 'dist'));
const SITE = fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-bench-site-'));
fs.symlinkSync(DIST, path.join(SITE, 'dist'));
fs.symlinkSync(path.join(ROOT, 'bench'), path.join(SITE, 'bench'));
const TRAIN_ROUNDS = Number(process.env.BENCH_TRAIN_ROUNDS || 3);
const TRAIN_WINDOW = 5;  // seconds per window of our training
const server = await serveDir(SITE);
const port = server.port;
// A version-1 .cnnw (docs/cnnw-format.md): the layers with their fields, and W, b of each layer
// that has them as float32 arrays. The shipped file (int8 weights) is converted by the native tool.
function readCnnwV1(file) {
  const b = fs.readFileSync(file);
  const u32 = (at) => b.readUInt32LE(at);
  if (b.toString('ascii', 0, 4) !== 'CNNW' || u32(4) !== 1) throw new Error(`${file}: not a version-1 .cnnw`);
  const FIELDS = { 1: 6, 2: 0, 3: 4, 4: 2 };
  let at = 24;
  const layers = [];
  for (let i = 0, n = u32(20); i < n; i++) {
    const kind = u32(at), len = u32(at + 4);
    at += 8 + len;
    const fields = Array.from({ length: FIELDS[kind] }, (_, k) => u32(at + 4 * k));
    at += 4 * FIELDS[kind];
    layers.push({ kind, fields });
  }
  for (const l of layers) {
    const sizes = l.kind === 1 ? [l.fields[0] * l.fields[1] * l.fields[2] * l.fields[3], l.fields[0]]
      : l.kind === 4 ? [l.fields[0] * l.fields[1], l.fields[1]] : [];
    if (!sizes.length) continue;
    [l.W, l.b] = sizes.map((n) => { const a = Array.from(new Float32Array(b.buffer.slice(b.byteOffset + at, b.byteOffset + at + 4 * n))); at += 4 * n; return a; });
  }
  return layers;
}
const v1File = path.join(os.tmpdir(), `cnn-bench-two-stage-${process.pid}.cnnw`);
execFileSync(path.join(ROOT, 'build/cnn'), ['convert', '--format', 'v1', path.join(ROOT, 'models/two-stage.cnnw'), v1File]);
const twoStageLayers = readCnnwV1(v1File);
fs.rmSync(v1File);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  // The demo's pages carry a Content-Security-Policy that allows only their own scripts; the
  // benchmark adds TensorFlow.js to the same page, so it bypasses the policy (only here).
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/dist/index.html`);
  await page.evaluate(() => window.CNNDemo.ready);
  await page.addScriptTag({ url: '/bench/node_modules/@tensorflow/tfjs/dist/tf.min.js' });
  await page.addScriptTag({ url: '/bench/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js' });
  // The inputs: the first 100 MNIST test digits (what a drawing looks like: mostly zeros, which
  // our convolution's sparse road uses) and one image of uniform noise (every pixel nonzero:
  // conv1 takes the im2col road, our worst case). TF.js's speed does not depend on the pixels.
  const idx = fs.readFileSync(path.join(ROOT, 'data/mnist/t10k-images-idx3-ubyte'));
  const digits = Array.from({ length: 100 }, (_, i) => Array.from(idx.subarray(16 + i * 784, 16 + (i + 1) * 784), (v) => v / 255));
  // The timing helpers both same-page comparisons use (window.benchTools).
  await page.evaluate(() => {
    const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
    // performance.now() is coarsened to 0.1 ms in a page without cross-origin isolation, so a
    // single call cannot be timed: time groups of 20 calls and take the median per-call time.
    const GROUP = 20;
    const timeCalls = (fn, calls, into) => {
      for (let g = 0; g < calls / GROUP; g++) {
        const t0 = performance.now();
        for (let i = 0; i < GROUP; i++) fn();
        into.push((performance.now() - t0) / GROUP);
      }
      return into;
    };
    const summary = (per) => {
      const s = [...per].sort((a, b) => a - b);
      return { latency: median(s), latency_spread: [s[Math.floor(s.length / 10)], s[Math.floor(s.length * 9 / 10)]] };
    };
    window.benchTools = { median, timeCalls, summary };
  });
  const result = await page.evaluate(async (digitArrays) => {
    const { median, timeCalls, summary } = window.benchTools;
    const spread = (xs) => [Math.min(...xs), Math.max(...xs)];
    const ROUNDS = 5, CALLS = 400;  // 5 alternating rounds of 400 calls: 2000 calls per contender
    const digits = digitArrays.map((d) => Float32Array.from(d));
    const noise = new Float32Array(784);
    for (let i = 0; i < 784; i++) noise[i] = Math.random();

    const build = () => {
      const m = tf.sequential();
      m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 30, kernelSize: 5, activation: 'relu' }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 100, activation: 'relu' }));
      m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
      return m;
    };
    // This project: CNNDemo.predict (validation, copy in, forward, softmax, copy out).
    let k = 0;
    const oursDigit = () => window.CNNDemo.predict(digits[k++ % 100]);
    const oursNoise = () => window.CNNDemo.predict(noise);
    const oursBatch = (images) => {
      const t0 = performance.now();
      for (let i = 0; i < 100; i++) window.CNNDemo.predict(images[i]);
      return 100 / ((performance.now() - t0) / 1000);
    };
    const tfjs = async (backend) => {
      await tf.setBackend(backend);
      await tf.ready();
      const model = build();
      const xs = digits.map((d) => tf.tensor4d(d, [1, 28, 28, 1]));
      const x100 = tf.tensor4d(Float32Array.from(digits.flatMap((d) => Array.from(d))), [100, 28, 28, 1]);
      let j = 0;
      const one = () => tf.tidy(() => model.predict(xs[j++ % 100]).dataSync());
      const batch = () => {
        const t0 = performance.now();
        tf.tidy(() => model.predict(x100).dataSync());
        return 100 / ((performance.now() - t0) / 1000);
      };
      for (let i = 0; i < 20; i++) one();
      batch();
      return { one, batch, simd: backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : undefined };
    };

    tf.wasm.setWasmPaths('/bench/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
    const tw = await tfjs('wasm');
    for (let i = 0; i < 200; i++) { oursDigit(); oursNoise(); }
    const per = { digit: [], noise: [], tfjs: [] }, batches = { digit: [], noise: [], tfjs: [] };
    const noise100 = Array(100).fill(noise);
    for (let r = 0; r < ROUNDS; r++) {  // alternate, so a busy moment of the machine hits all three
      timeCalls(oursDigit, CALLS, per.digit);
      timeCalls(oursNoise, CALLS, per.noise);
      timeCalls(tw.one, CALLS, per.tfjs);
      for (let b = 0; b < 4; b++) {  // 4 batches each per round: one batch is only a few ms
        batches.digit.push(oursBatch(digits));
        batches.noise.push(oursBatch(noise100));
        batches.tfjs.push(tw.batch());
      }
    }
    const out = {};
    for (const [name, key] of [['ours', 'digit'], ['ours_noise', 'noise'], ['tfjs_wasm', 'tfjs']])
      out[name] = { ...summary(per[key]), batch: median(batches[key]), batch_spread: spread(batches[key]) };
    out.tfjs_wasm.simd = tw.simd;
    const tc = await tfjs('cpu');
    const cpuPer = timeCalls(tc.one, 200, []), cpuBatch = [tc.batch(), tc.batch(), tc.batch()];
    out.tfjs_cpu = { ...summary(cpuPer), batch: median(cpuBatch), batch_spread: spread(cpuBatch) };
    return out;
  }, digits);
  const f = (v) => (v >= 100 ? Math.round(v).toLocaleString('en') : v.toFixed(3));
  const row = (name, r) => `| ${name} | ${f(r.latency)} (p10–p90 ${f(r.latency_spread[0])}–${f(r.latency_spread[1])}) | ${f(r.batch)} (${f(r.batch_spread[0])}–${f(r.batch_spread[1])}) |`;
  console.log('| contender (same page) | one-image forward, ms per call (median of groups of 20; 2000 calls in 5 alternating rounds, 200 for CPU) | batch of 100, images/s (median, min–max of 20; 3 for CPU) |');
  console.log('|---|---|---|');
  console.log(row('this project, WASM SIMD (CNNDemo.predict), 100 MNIST digits', result.ours));
  console.log(row('this project, same, an image of uniform noise (no zero pixels)', result.ours_noise));
  console.log(row(`TensorFlow.js 4.22 WASM backend${result.tfjs_wasm.simd ? ' with SIMD' : ' (no SIMD!)'}, the same digits`, result.tfjs_wasm));
  console.log(row('TensorFlow.js 4.22 CPU backend (pure JS)', result.tfjs_cpu));
  console.log('');
  console.log(`Ratios: one-image forward, TF.js-WASM / ours = ${(result.tfjs_wasm.latency / result.ours.latency).toFixed(2)}× on digits, ` +
    `${(result.tfjs_wasm.latency / result.ours_noise.latency).toFixed(2)}× on noise; ` +
    `batch-100 throughput, ours / TF.js-WASM = ${(result.ours.batch / result.tfjs_wasm.batch).toFixed(2)}×, ` +
    `ours / TF.js-CPU = ${(result.ours.batch / result.tfjs_cpu.batch).toFixed(1)}×.`);

  // --- The two-stage model, same weights: ours (CNNDemo.predict) against TF.js WASM-SIMD. -------
  // TF.js is NHWC: a filter (FN, C, FH, FW) becomes [FH, FW, C, FN], and the first dense layer's
  // rows are reordered from our flattening (c, y, x) to TF's (y, x, c).
  const two = await page.evaluate(async ({ layers, digitArrays }) => {
    await CNNDemo.setModel('two-stage');
    const { timeCalls, summary } = window.benchTools;
    const ROUNDS = 5, CALLS = 400;
    const digits = digitArrays.map((d) => Float32Array.from(d));
    await tf.setBackend('wasm');
    await tf.ready();
    const m = tf.sequential();
    let shape = [28, 28, 1], first = true, flat = false;
    const weights = [];
    for (const l of layers) {
      const opt = first ? { inputShape: shape } : {};
      first = false;
      if (l.kind === 1) {
        const [FN, C, FH, FW, stride, pad] = l.fields;
        if (pad * 2 !== FH - 1 || stride !== 1) throw new Error('only stride 1, "same" padding here');
        m.add(tf.layers.conv2d({ ...opt, filters: FN, kernelSize: [FH, FW], strides: stride, padding: 'same' }));
        const k = new Float32Array(FH * FW * C * FN);
        for (let f = 0; f < FN; f++) for (let c = 0; c < C; c++) for (let y = 0; y < FH; y++) for (let x = 0; x < FW; x++)
          k[((y * FW + x) * C + c) * FN + f] = l.W[((f * C + c) * FH + y) * FW + x];
        weights.push(tf.tensor4d(k, [FH, FW, C, FN]), tf.tensor1d(l.b));
        shape = [shape[0], shape[1], FN];
      } else if (l.kind === 2) {
        m.add(tf.layers.reLU(opt));
      } else if (l.kind === 3) {
        const [PH, PW, stride] = l.fields;
        m.add(tf.layers.maxPooling2d({ ...opt, poolSize: [PH, PW], strides: stride }));
        shape = [Math.floor((shape[0] - PH) / stride) + 1, Math.floor((shape[1] - PW) / stride) + 1, shape[2]];
      } else if (l.kind === 4) {
        const [IN, OUT] = l.fields;
        let W = Float32Array.from(l.W);
        if (!flat) {
          m.add(tf.layers.flatten());
          const [H, Wd, C] = shape;
          W = new Float32Array(IN * OUT);
          for (let c = 0; c < C; c++) for (let y = 0; y < H; y++) for (let x = 0; x < Wd; x++)
            for (let o = 0; o < OUT; o++) W[((y * Wd + x) * C + c) * OUT + o] = l.W[((c * H + y) * Wd + x) * OUT + o];
          flat = true;
        }
        m.add(tf.layers.dense({ units: OUT }));
        weights.push(tf.tensor2d(W, [IN, OUT]), tf.tensor1d(l.b));
      }
    }
    m.add(tf.layers.softmax());
    m.setWeights(weights);
    const xs = digits.map((d) => tf.tensor4d(d, [1, 28, 28, 1]));
    let maxDiff = 0, same = 0;
    for (let i = 0; i < 100; i++) {
      const theirs = tf.tidy(() => m.predict(xs[i]).dataSync()), ours = CNNDemo.predict(digits[i]);
      for (let c = 0; c < 10; c++) maxDiff = Math.max(maxDiff, Math.abs(theirs[c] - ours.probs[c]));
      if (theirs.indexOf(Math.max(...theirs)) === ours.label) same++;
    }
    let j = 0, k = 0;
    const oursOne = () => CNNDemo.predict(digits[k++ % 100]);
    const theirsOne = () => tf.tidy(() => m.predict(xs[j++ % 100]).dataSync());
    for (let i = 0; i < 200; i++) { oursOne(); theirsOne(); }
    const per = { ours: [], tfjs: [] };
    for (let r = 0; r < ROUNDS; r++) { timeCalls(oursOne, CALLS, per.ours); timeCalls(theirsOne, CALLS, per.tfjs); }
    await CNNDemo.setModel('simple');
    return { ours: summary(per.ours), tfjs: summary(per.tfjs), maxDiff, same, simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') };
  }, { layers: twoStageLayers, digitArrays: digits });
  const row1 = (name, r) => `| ${name} | ${f(r.latency)} (p10–p90 ${f(r.latency_spread[0])}–${f(r.latency_spread[1])}) |`;
  console.log('');
  console.log('| two-stage model, same weights (models/two-stage.cnnw), same page | one-image forward, ms per call (median of groups of 20; 2000 calls in 5 alternating rounds) |');
  console.log('|---|---|');
  console.log(row1('this project, WASM SIMD (CNNDemo.predict), 100 MNIST digits', two.ours));
  console.log(row1(`TensorFlow.js 4.22 WASM backend${two.simd ? ' with SIMD' : ' (no SIMD!)'}, the same digits and weights`, two.tfjs));
  console.log('');
  console.log(`Two-stage ratio: one-image forward, TF.js-WASM / ours = ${(two.tfjs.latency / two.ours.latency).toFixed(2)}× ` +
    `(same labels on ${two.same}/100 digits, max |probability difference| ${two.maxDiff.toExponential(1)}).`);

  // --- Training in the page: the Train tab against TF.js's CPU backend. ---------------------
  // Ours: steady-state images/s from CNNDemo.train.status() over windows of WINDOW seconds
  // (after a settling second), while the page keeps drawing its frames (training runs in time
  // slices of them). TF.js: whole optimizer steps (forward, backward, Adam) on a batch of 100,
  // timed one by one after a warm-up step (about 10 s each). The batch-100 rounds alternate
  // between the two, so a busy moment of the machine hits both.
  const training = await page.evaluate(async ({ rounds, windowSeconds }) => {
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
    const summary = (xs) => ({ median: median(xs), spread: [Math.min(...xs), Math.max(...xs)], n: xs.length });
    let frames = 0, counting = false;
    (function tick() { if (counting) frames++; requestAnimationFrame(tick); })();
    const fps = [];
    const oursWindow = async () => {
      CNNDemo.train.resume();
      await sleep(1000);
      const a = CNNDemo.train.status(), t0 = performance.now();
      frames = 0; counting = true;
      await sleep(windowSeconds * 1000);
      counting = false;
      const b = CNNDemo.train.status(), seconds = (performance.now() - t0) / 1000;
      CNNDemo.train.stop();
      fps.push(frames / seconds);
      return (b.images - a.images) / seconds;
    };

    await tf.setBackend('cpu');
    await tf.ready();
    const model = tf.sequential();
    model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 30, kernelSize: 5, activation: 'relu' }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 100, activation: 'relu' }));
    model.add(tf.layers.dense({ units: 10 }));  // logits: softmax cross-entropy in the loss
    const optimizer = tf.train.adam(0.001);
    const x = tf.randomUniform([100, 28, 28, 1]);
    const y = tf.oneHot(tf.randomUniform([100], 0, 10, 'int32'), 10);
    const tfjsStep = () => {
      const t0 = performance.now();
      const cost = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true })), true);
      cost.dataSync();
      cost.dispose();
      return 100 / ((performance.now() - t0) / 1000);
    };

    const out = { ours_default: [], ours_b100: [], tfjs_cpu: [] };
    await CNNDemo.train.start({ from: 'scratch' });  // the Train tab's defaults
    CNNDemo.train.stop();
    const defaults = CNNDemo.train.status();
    for (let r = 0; r < rounds; r++) out.ours_default.push(await oursWindow());
    out.default_fps = summary(fps.splice(0));
    await CNNDemo.train.start({ from: 'scratch', optimizer: 'adam', batchSize: 100 });
    CNNDemo.train.stop();
    tfjsStep();  // warm-up
    for (let r = 0; r < rounds; r++) {
      out.ours_b100.push(await oursWindow());
      out.tfjs_cpu.push(tfjsStep());
    }
    out.b100_fps = summary(fps);
    out.tfjs_steps = rounds;
    for (const k of ['ours_default', 'ours_b100', 'tfjs_cpu']) out[k] = summary(out[k]);
    out.defaults_step = defaults.step;
    return out;
  }, { rounds: TRAIN_ROUNDS, windowSeconds: TRAIN_WINDOW });
  const t = (r) => `${f(r.median)} (${f(r.spread[0])}–${f(r.spread[1])})`;
  console.log('');
  console.log(`| training in the same page (SimpleConvNet, Adam, softmax cross-entropy) | batch | images/s, median (min–max) of ${TRAIN_ROUNDS} |`);
  console.log('|---|---|---|');
  console.log(`| this project, Train tab (CNNDemo.train; ${TRAIN_WINDOW} s windows, page drawing at ${training.b100_fps.median.toFixed(0)} fps) | 100 | ${t(training.ours_b100)} |`);
  console.log(`| this project, Train tab with its defaults (page at ${training.default_fps.median.toFixed(0)} fps) | 32 | ${t(training.ours_default)} |`);
  console.log(`| TensorFlow.js 4.22 CPU backend (pure JS; optimizer.minimize, one step timed per round) | 100 | ${t(training.tfjs_cpu)} |`);
  console.log('');
  console.log(`Training ratio at batch 100, ours / TF.js-CPU = ${(training.ours_b100.median / training.tfjs_cpu.median).toFixed(0)}× ` +
    `(worst case, our slowest window / TF.js's fastest step: ${(training.ours_b100.spread[0] / training.tfjs_cpu.spread[1]).toFixed(0)}×).`);
} finally {
  await browser.close();
  server.kill();
  fs.rmSync(SITE, { recursive: true, force: true });
}
