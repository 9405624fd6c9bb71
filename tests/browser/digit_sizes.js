// A measurement, not a test: the digits 0–9 drawn with real mouse drags (harness.js
// DIGIT_STROKES) large, small in the centre and small in the top-left corner of the pad, and
// what both models make of each drawing (label and top probability). Prints a Markdown table.
//   node tests/browser/digit_sizes.js --url URL
'use strict';
const { parseArgs, CHROMIUM_ARGS, drawDigit } = require('./harness');
const { chromium } = require('playwright-core');
const args = parseArgs();
const SIZES = [['large (80 %)', { x: 0.1, y: 0.1, size: 0.8 }], ['small, centred (18 %)', { x: 0.41, y: 0.41, size: 0.18 }],
  ['small, top-left corner (18 %)', { x: 0.04, y: 0.04, size: 0.18 }]];

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(args.url, { waitUntil: 'load' });
  await page.evaluate(() => CNNDemo.ready.then(() => CNNDemo.modelBytes('two-stage')));  // fetched once, here
  const fmt = (c) => (c ? `${c.label} (${(Math.max(...c.probs) * 100).toFixed(0)} %)` : 'none');
  console.log('| digit | ' + SIZES.map(([s]) => `${s}: simple | two-stage`).join(' | ') + ' |');
  console.log('|---|' + SIZES.map(() => '---|---|').join(''));
  const right = SIZES.map(() => [0, 0]);
  for (let digit = 0; digit <= 9; digit++) {
    const cells = [];
    for (const [i, [, box]] of SIZES.entries()) {
      await page.evaluate(() => CNNDemo.setModel('simple').then(() => CNNDemo.clear()));
      await drawDigit(page, digit, box);
      const r = await page.evaluate(() => {
        const a = CNNDemo.current();
        return CNNDemo.setModel('two-stage').then(() => [a, CNNDemo.current()]);
      });
      r.forEach((c, k) => { if (c && c.label === digit) right[i][k]++; });
      cells.push(fmt(r[0]), fmt(r[1]));
    }
    console.log(`| ${digit} | ${cells.join(' | ')} |`);
  }
  console.log(`| right | ${right.map(([a, b]) => `${a}/10 | ${b}/10`).join(' | ')} |`);
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
