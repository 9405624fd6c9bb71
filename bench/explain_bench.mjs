// The explanations' speed in the page (issue 15), in headless Chromium on the WASM build: one
// cell's trace (CNNDemo.explain, a conv1 cell, an affine1 unit, the softmax), the occlusion map
// (patch 4: 625 patch positions; those on background need no pass) and patch 7, and gradient ×
// input (CNNDemo.saliency), on real MNIST digits in the pad (CNNDemo.loadSample). Every map is
// a new computation: the class changes between calls (the engine keeps a map it already has).
// Prints a Markdown table of medians and ranges; the targets are < 1 ms, ≤ 50 ms and ≤ 2 ms.
//   node bench/explain_bench.mjs [--dist DIR] [--rounds N] [--model two-stage]    (after ./build_wasm.sh)
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDir } from './lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');
const { CHROMIUM_ARGS } = require('./tests/browser/harness.js');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const DIST = path.resolve(args.dist || process.env.CNN_DIST_DIR || path.join(ROOT, 'dist'));
const ROUNDS = Number(args.rounds || 20);
const MODEL = args.model || '';  // '' (the first model) or a name of CNNDemo.models()

const server = await serveDir(DIST);
const port = server.port;
try {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  let r;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`http://127.0.0.1:${port}/index.html`);
    await page.evaluate(() => window.CNNDemo.ready);
    if (MODEL) await page.evaluate((name) => CNNDemo.setModel(name), MODEL);
    r = await page.evaluate((rounds) => {
      // The stages of the model shown: its first Affine layer and its softmax (after the last layer).
      const arch = CNNDemo.architecture().split(',');
      const affineStage = arch.findIndex((l) => /^affine/.test(l)), units = Number(arch[affineStage].slice(6));
      const filters = Number(/^conv(\d+)/.exec(arch[0])[1]);
      Browser.mainLoop.pause();  // the render loop would compete for the same cores
      const stats = (xs) => { const s = [...xs].sort((a, b) => a - b); return { median: s[s.length >> 1], min: s[0], max: s[s.length - 1], n: s.length }; };
      // performance.now() is coarsened to 0.1 ms here: time groups of calls, per call.
      const group = (fn, calls) => { const t0 = performance.now(); for (let i = 0; i < calls; i++) fn(i); return (performance.now() - t0) / calls; };
      const out = { conv: [], affine: [], softmax: [], occ4: [], occ7: [], grad: [], images4: [] };
      for (let round = 0; round < rounds; round++) {
        CNNDemo.loadSample(round % CNNDemo.sampleCount());
        const label = CNNDemo.current().label;
        out.conv.push(group((i) => CNNDemo.explain({ stage: 0, channel: i % filters, y: (i * 7) % 24, x: (i * 5) % 24 }), 50));
        out.affine.push(group((i) => CNNDemo.explain({ stage: affineStage, channel: i % units }), 50));
        out.softmax.push(group((i) => CNNDemo.explain({ stage: arch.length, channel: i % 10 }), 50));
        // Each call a new map: another class than the last one computed.
        for (const [key, method, patch] of [['occ4', 'occlusion', 4], ['occ7', 'occlusion', 7], ['grad', 'gradient', 4]]) {
          const classes = key === 'grad' ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] : [label, (label + 1) % 10, (label + 2) % 10];
          for (const k of classes) {
            const t0 = performance.now();
            CNNDemo.saliency({ label: k, method, patch });
            out[key].push(performance.now() - t0);
          }
        }
      }
      // Gradient maps are ~1 ms: time groups of 10 (alternating classes) as well.
      const gradGroups = [];
      for (let g = 0; g < rounds; g++) gradGroups.push(group((i) => CNNDemo.saliency({ label: i % 10, method: 'gradient' }), 10));
      Browser.mainLoop.resume();
      const res = {};
      for (const k of ['conv', 'affine', 'softmax', 'occ4', 'occ7', 'grad']) res[k] = stats(out[k]);
      res.gradGroups = stats(gradGroups);
      return res;
    }, ROUNDS);
  } finally {
    await browser.close();
  }
  const f = (v) => (v >= 10 ? v.toFixed(1) : v.toFixed(3));
  const row = (name, s, target) => console.log(`| ${name} | ${f(s.median)} | ${f(s.min)}–${f(s.max)} | ${s.n} | ${target} |`);
  console.log(`Explanations in the page (headless Chromium, WASM SIMD, ${ROUNDS} real MNIST digits in the pad${MODEL ? `, model ${MODEL}` : ''}):`);
  console.log('');
  console.log('| what (CNNDemo call) | median, ms | min–max, ms | samples | target |');
  console.log('|---|---|---|---|---|');
  row('one trace: a conv1 cell (explain, 25 terms + JSON; per call in groups of 50)', r.conv, '< 1 ms');
  row('one trace: a unit of the first Affine layer (all its inputs, the top 10)', r.affine, '< 1 ms');
  row('one trace: a softmax class', r.softmax, '< 1 ms');
  row('occlusion map, patch 4 (625 positions, background ones skipped; batches of 64)', r.occ4, '≤ 50 ms');
  row('occlusion map, patch 7 (484 positions)', r.occ7, '');
  row('gradient × input (forward + backward on a copy of the network), one call', r.grad, '≤ 2 ms');
  row('gradient × input, per call in groups of 10', r.gradGroups, '≤ 2 ms');
} finally {
  server.kill();
}
