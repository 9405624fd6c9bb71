// Browser half of the benchmark suite: this project's WASM build against TensorFlow.js
// (WASM backend with SIMD, and the pure-JS CPU backend) in the SAME headless Chromium page.
// Same SimpleConvNet (Conv 30x5x5 → ReLU → MaxPool 2 → Dense 100 → ReLU → Dense 10),
// TF.js with random weights. Prints a Markdown table (medians with spread).
//   node bench/browser_bench.mjs        (after ./build_wasm.sh and bench/setup.sh)
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});

const port = await freePort();
const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', ROOT],
  { stdio: 'ignore' });
for (let i = 0; i < 100; i++) {  // wait until the server answers
  const up = await new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1', () => { c.end(); resolve(true); }).on('error', () => resolve(false));
  });
  if (up) break;
  await new Promise((r) => setTimeout(r, 100));
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  // The demo's pages carry a Content-Security-Policy that allows only their own scripts; the
  // benchmark adds TensorFlow.js to the same page, so it bypasses the policy (only here).
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/dist/index.html`);
  await page.evaluate(() => window.CNNDemo.ready);
  await page.addScriptTag({ url: '/bench/node_modules/@tensorflow/tfjs/dist/tf.min.js' });
  await page.addScriptTag({ url: '/bench/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js' });
  const result = await page.evaluate(async () => {
    const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
    // performance.now() is coarsened to 0.1 ms in a page without cross-origin isolation, so a
    // single call cannot be timed: time groups of 20 calls and take the median per-call time.
    const GROUP = 20;
    const timeCalls = (fn, calls) => {
      const per = [];
      for (let g = 0; g < calls / GROUP; g++) {
        const t0 = performance.now();
        for (let i = 0; i < GROUP; i++) fn();
        per.push((performance.now() - t0) / GROUP);
      }
      return per.sort((a, b) => a - b);
    };
    const spread = (xs) => [Math.min(...xs), Math.max(...xs)];
    const ROUNDS = 5;
    const img = new Float32Array(784);
    for (let i = 0; i < 784; i++) img[i] = Math.random();
    const out = {};

    // This project: CNNDemo.predict (validation, copy in, forward, softmax, copy out).
    for (let i = 0; i < 200; i++) window.CNNDemo.predict(img);
    const lat = timeCalls(() => window.CNNDemo.predict(img), 2000);
    const ours_batch = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      for (let i = 0; i < 100; i++) window.CNNDemo.predict(img);
      ours_batch.push(100 / ((performance.now() - t0) / 1000));
    }
    out.ours = { latency: median(lat), latency_spread: [lat[Math.floor(lat.length / 10)], lat[Math.floor(lat.length * 9 / 10)]],
      batch: median(ours_batch), batch_spread: spread(ours_batch) };

    const build = () => {
      const m = tf.sequential();
      m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 30, kernelSize: 5, activation: 'relu' }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 100, activation: 'relu' }));
      m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
      return m;
    };
    const measure = async (backend, latencyRuns, batchRounds) => {
      await tf.setBackend(backend);
      await tf.ready();
      const model = build();
      const x1 = tf.tensor4d(img, [1, 28, 28, 1]);
      const x100 = tf.randomUniform([100, 28, 28, 1]);
      for (let i = 0; i < 20; i++) tf.tidy(() => model.predict(x1).dataSync());
      const l = timeCalls(() => tf.tidy(() => model.predict(x1).dataSync()), latencyRuns);
      const b = [];
      tf.tidy(() => model.predict(x100).dataSync());
      for (let r = 0; r < batchRounds; r++) {
        const t0 = performance.now();
        tf.tidy(() => model.predict(x100).dataSync());
        b.push(100 / ((performance.now() - t0) / 1000));
      }
      return { latency: median(l), latency_spread: [l[Math.floor(l.length / 10)], l[Math.floor(l.length * 9 / 10)]],
        batch: median(b), batch_spread: spread(b), simd: backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : undefined };
    };
    tf.wasm.setWasmPaths('/bench/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
    out.tfjs_wasm = await measure('wasm', 2000, ROUNDS);
    out.tfjs_cpu = await measure('cpu', 200, 3);
    return out;
  });
  const f = (v) => (v >= 100 ? Math.round(v).toLocaleString('en') : v.toFixed(3));
  const row = (name, r) => `| ${name} | ${f(r.latency)} (p10–p90 ${f(r.latency_spread[0])}–${f(r.latency_spread[1])}) | ${f(r.batch)} (${f(r.batch_spread[0])}–${f(r.batch_spread[1])}) |`;
  console.log('| contender (same page) | one-image forward, ms per call (median of groups of 20; ≥ 2000 calls, 200 for CPU) | batch of 100, images/s |');
  console.log('|---|---|---|');
  console.log(row('this project, WASM SIMD (CNNDemo.predict)', result.ours));
  console.log(row(`TensorFlow.js 4.22 WASM backend${result.tfjs_wasm.simd ? ' with SIMD' : ' (no SIMD!)'}`, result.tfjs_wasm));
  console.log(row('TensorFlow.js 4.22 CPU backend (pure JS)', result.tfjs_cpu));
  console.log('');
  console.log(`Ratios: one-image forward, TF.js-WASM / ours = ${(result.tfjs_wasm.latency / result.ours.latency).toFixed(2)}×; ` +
    `batch-100 throughput, ours / TF.js-WASM = ${(result.ours.batch / result.tfjs_wasm.batch).toFixed(2)}×, ` +
    `ours / TF.js-CPU = ${(result.ours.batch / result.tfjs_cpu.batch).toFixed(1)}×.`);
} finally {
  await browser.close();
  server.kill();
}
