// Accessibility measured by axe-core (npm axe-core + @axe-core/playwright, in Debian's Chromium),
// called by run.sh:  node tests/browser/a11y.test.js --dist DIR --out DIR
// index.html, embed.html and the SCORM package's SCO (unzipped), in English and Korean, on each
// tab: 0 violations of wcag2a, wcag2aa, wcag21a, wcag21aa and best-practice. axe cannot see into
// the canvas, so a second check: every action of the Demo and Lesson tabs has a focusable, named
// HTML control in embed.html (and the SCO), the practice items included, and using one by the
// keyboard does what the canvas's does. Last line: "N passed, N failed".
'use strict';
const { parseArgs, CHROMIUM_ARGS, test, assert, sleep, until, finish, crashed, serve } = require('./harness');
const args = parseArgs();
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { chromium } = require('playwright-core');
const { AxeBuilder } = require('@axe-core/playwright');

const DIST = path.resolve(args.dist || 'dist'), OUT = path.resolve(args.out || 'build/browser');
const PKG = path.join(OUT, 'a11y-scorm');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

async function showTab(page, tab) {
  if (tab === 'lesson') await page.evaluate(() => Module._cnn_demo_show_panel(2));
  else if (tab === 'train') await page.evaluate(() => CNNDemo.train.open());
  else { await page.evaluate(() => Module._cnn_demo_show_only_tab(0)); await sleep(200); await page.evaluate(() => Module._cnn_demo_show_only_tab(-1)); }
  await until(`the ${tab} tab`, () => page.evaluate((t) => CNNDemo.progress().tab === t, tab), 30000);
  await sleep(200);
}

(async () => {
  fs.rmSync(PKG, { recursive: true, force: true });
  fs.mkdirSync(PKG, { recursive: true });
  execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])',
    path.join(DIST, 'cnn-demo-scorm12.zip'), PKG]);
  const server = await serve({ '/scorm/': PKG, '/': DIST });
  const A = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1100, height: 740 } });
  const summary = [];

  for (const [name, url] of [['index.html', `${A}/index.html`], ['embed.html', `${A}/embed.html`], ['SCORM SCO', `${A}/scorm/embed.html`]]) {
    for (const lang of ['en', 'ko']) {
      await test(`axe: ${name} (${lang}), Demo, Lesson and Train tabs: 0 violations of ${TAGS.join(', ')}`, async () => {
        const page = await context.newPage();
        try {
          await page.goto(`${url}?lang=${lang}`);
          await page.evaluate(() => CNNDemo.ready);
          await until('the language', () => page.evaluate((l) => document.documentElement.lang === l, lang));
          const found = [];
          for (const tab of ['demo', 'lesson', 'train']) {
            await showTab(page, tab);
            const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
            summary.push(`${name} ${lang} ${tab}: ${r.violations.length} violations, ${r.passes.length} rules passed`);
            for (const v of r.violations) found.push(`${tab}: ${v.id} (${v.nodes.map((n) => n.target).join(', ')})`);
          }
          assert(found.length === 0, found.join('; '));
        } finally { await page.close(); }
      });
    }
  }

  // Every action of the tab shown has a focusable, named HTML control (embed.html and the SCO).
  const actions = {
    demo: ['clear', 'sample', 'lang', 'next-panel'],
    lesson: ['prev-panel', 'next-panel', 'lang', 'practice-check', 'practice-impossible', 'practice-new'],
  };
  for (const [name, url] of [['embed.html', `${A}/embed.html?seed=11`], ['SCORM SCO', `${A}/scorm/embed.html?seed=11&lang=ko`]]) {
    await test(`${name}: every action of the Demo and Lesson tabs has a focusable, named control; the practice items work by keyboard`, async () => {
      const page = await context.newPage();
      try {
        await page.goto(url);
        await page.evaluate(() => CNNDemo.ready);
        for (const tab of ['demo', 'lesson']) {
          await showTab(page, tab);
          await sleep(300);
          const missing = await page.evaluate((list) => list.filter((action) => {
            const els = Array.from(document.querySelectorAll(`[data-action="${action}"]`)).filter((el) =>
              !el.closest('[hidden]') && el.tabIndex >= 0 && !el.disabled);
            return !els.some((el) => (el.getAttribute('aria-label') || el.textContent).trim().length > 1);
          }), actions[tab]);
          assert(missing.length === 0, `${tab}: no control for ${missing.join(', ')}`);
        }
        // Panel 3's items: every field has a label; typing by keyboard and Enter checks the answer.
        const fields = await page.evaluate(() => Array.from(document.querySelectorAll('#a11y-practice input')).map((i) =>
          ({ id: i.id, label: (document.querySelector(`label[for="${i.id}"]`) || {}).textContent || '' })));
        assert(fields.length === 3 && fields.every((f) => f.label.length > 20), JSON.stringify(fields));
        await page.focus('#practice-1');
        await page.keyboard.type('abc');
        await page.keyboard.press('Enter');
        await until('the message', () => page.evaluate(() => document.getElementById('practice-1-msg').textContent.length > 10), 3000);
        assert(await page.evaluate(() => CNNDemo.progress().score.asked) === 0, 'abc was counted');
        await page.fill('#practice-1', '');
        await page.keyboard.type('1');
        await page.keyboard.press('Enter');
        await until('counted', () => page.evaluate(() => CNNDemo.progress().score.asked === 1), 3000);
        const said = await until('the announcement', () => page.evaluate(() => {
          const d = document.getElementById('screen-description');
          return d.getAttribute('aria-live') === 'polite' && /=/.test(d.textContent) && d.textContent;
        }), 3000);
        assert(/(Question|문제) 1/.test(said), said);
        assert(await page.evaluate(() => document.getElementById('practice-1').disabled), 'the answered field is still open');
        // The focused practice controls are on screen (not left off-screen by the hidden bar).
        await page.focus('#practice-2');
        await sleep(300);
        const box = await page.locator('#practice-2').boundingBox();
        assert(box && box.y >= 0 && box.y + box.height <= 740, `practice-2 at ${JSON.stringify(box)}`);
      } finally { await page.close(); }
    });
  }

  fs.writeFileSync(path.join(OUT, 'a11y-summary.txt'), summary.join('\n') + '\n');
  await browser.close();
  server.close();
  finish(summary);
})().catch(crashed);
