// The SCORM 1.2 package against a real SCORM runtime (docs/embedding.md), called by run.sh:
//   node tests/browser/lms.test.js --dist DIR --out DIR
// The zip is unpacked and served as an LMS serves a package: the course page (origin B) frames
// the LMS's player (origin A), which holds scorm-again's Scorm12API as window.API and frames the
// package's SCO (embed.html, origin A), as SCORM players on their own content domain do. Checks
// the call sequence and every value (scorm-again validates types and vocabularies; any error it
// logs, and any non-zero LMSGetLastError after a call, fails the test), passed/failed against the
// manifest's mastery score, resuming from suspend_data, bad suspend_data, an LMSInitialize that
// returns "false", and (with a fake API, for what the real runtime does not do) LMSSetValue
// failing. The practice answers are worked out here from the questions' numbers.
// Last line: "N passed, N failed".
'use strict';
const { parseArgs, CHROMIUM_ARGS, test, assert, sleep, until, measure, finish, crashed, serve } = require('./harness');
const args = parseArgs();
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { chromium } = require('playwright-core');

const DIST = path.resolve(args.dist || 'dist'), OUT = path.resolve(args.out || 'build/browser');
const LMS = path.join(OUT, 'lms-fixtures'), PKG = path.join(LMS, 'pkg');
const SCORM_AGAIN = path.resolve(__dirname, '../../node_modules/scorm-again');

// The LMS player: scorm-again's Scorm12API as window.API, with the learner's stored data
// (?state=name → window.STATE set by the test before the SCO loads), every call logged with its
// error code, scorm-again's own log messages kept.
const PLAYER = `<!doctype html><meta charset="utf-8"><title>LMS player</title><link rel="icon" href="data:,">
<script src="/scorm-again/dist/scorm12.js"></script>
<script>
  window.calls = []; window.scormLog = []; window.received = [];
  window.addEventListener('message', function (e) { if (e.data && e.data.source === 'cnn-demo') received.push(e.data); });
  window.startPlayer = function (state, sco) {
    var api = new Scorm12API({ autocommit: false, lmsCommitUrl: false, logLevel: 1,
      onLogMessage: function (level, msg) { scormLog.push([level, String(msg)]); } });
    if (state) api.loadFromJSON(state);
    if (state && state.preInitialize) api.LMSInitialize('');   // an LMS that has already initialised
    var wrapped = {};
    ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError', 'LMSGetErrorString',
     'LMSGetDiagnostic'].forEach(function (name) {
      wrapped[name] = function () {
        var r = api[name].apply(api, arguments);
        if (!/^LMSGet(LastError|ErrorString|Diagnostic)$/.test(name)) {
          calls.push({ name: name, args: Array.prototype.slice.call(arguments), result: String(r),
                       error: String(api.LMSGetLastError()) });
        }
        return r;
      };
    });
    window.API = wrapped;
    window.realApi = api;
    var f = document.createElement('iframe');
    f.id = 'sco'; f.title = 'SCO'; f.src = sco; f.style.cssText = 'width:1100px;height:740px;border:0';
    document.body.appendChild(f);
  };
  window.cmi = function () { var o = JSON.parse(JSON.stringify(realApi.renderCMIToJSONObject())); return o.cmi || o; };
</script><body></body>`;

const hostPage = (player) => `<!doctype html><meta charset="utf-8"><title>Course</title><link rel="icon" href="data:,">
<iframe id="player" title="LMS player" src="${player}" style="width:1140px;height:780px;border:0"></iframe>`;

// The answer to an item, computed here from the numbers in its question (English wording).
function workOut(q) {
  const nums = (re) => { const m = q.match(re); return m ? m.slice(1).map(Number) : null; };
  const oh = (h, f, p, s) => ((h + 2 * p - f) % s !== 0 || h + 2 * p - f < 0 ? null : (h + 2 * p - f) / s + 1);
  let m;
  if ((m = nums(/H = (\d+), P = (\d+), FH = (\d+), S = (\d+)/))) {
    const [h, p, f, s] = m;
    const v = oh(h, f, p, s);
    return v === null ? { impossible: true } : String(v);
  }
  if ((m = nums(/An Affine layer from (\d+) inputs to (\d+) outputs/))) return String(m[0] * m[1] + m[1]);
  if ((m = nums(/FN = (\d+) filters of shape \(C, FH, FW\) = \((\d+), (\d+), (\d+)\)/))) return String(m[0] * m[1] * m[2] * m[3] + m[0]);
  return null;
}

async function scoFrame(page) {
  const player = await until('the player frame', () => page.frames().find((f) => f.url().includes('player.html')));
  const sco = await until('the SCO frame', () => page.frames().find((f) => f.url().includes('pkg/embed.html')), 30000);
  await until('CNNDemo.ready', () => sco.evaluate(() => window.CNNDemo && CNNDemo.ready.then(() => true)), 60000);
  return { player, sco };
}

function watch(page) {
  const log = { errors: [], warnings: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' && !/GPU stall due to ReadPixels/.test(m.text())) log.errors.push(m.text());
    if (m.type() === 'warning') log.warnings.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push('pageerror: ' + e.message));
  return log;
}

async function openSession(browser, B, A, state, query = 'seed=42') {
  const context = await browser.newContext({ viewport: { width: 1200, height: 820 } });
  const page = await context.newPage();
  const log = watch(page);
  await page.goto(`${B}/host.html`);
  const player = await until('the player frame', () => page.frames().find((f) => f.url().includes('player.html')));
  await until('the player script', () => player.evaluate(() => typeof window.startPlayer === 'function'));
  await player.evaluate(([s, url]) => startPlayer(s, url), [state, `${A}/pkg/embed.html?${query}`]);
  const { sco } = await scoFrame(page);
  await until('LMSInitialize', () => player.evaluate(() => calls.some((c) => c.name === 'LMSInitialize')));
  return { context, page, player, sco, log };
}

async function endSession(s) {
  await s.player.evaluate(() => { document.getElementById('sco').src = 'about:blank'; });
  await until('LMSFinish', () => s.player.evaluate(() => calls.some((c) => c.name === 'LMSFinish')), 10000);
}

async function showPanel(sco, n) {  // 1-based, and wait until the canvas describes it
  await sco.evaluate((k) => Module._cnn_demo_show_panel(k - 1), n);
  await until(`panel ${n}`, () => sco.evaluate((k) => {
    const p = CNNDemo.progress();
    return p.panel === k && p.tab === 'lesson' && p.visited[k - 1];
  }, n), 5000);
}

// A "7" drawn with real mouse drags over the SCO's pad.
async function drawSeven(page, sco) {
  await sco.evaluate(() => Module._cnn_demo_show_only_tab(0));
  await sleep(300);
  await sco.evaluate(() => Module._cnn_demo_show_only_tab(-1));
  await sleep(200);
  const r = await sco.evaluate(() => CNNDemo.padRect());
  const frameBox = await (await page.frames().find((f) => f.url().includes('player.html')).frameElement()).boundingBox();
  const scoBox = await (await sco.frameElement()).boundingBox();
  const pts = [[0.22, 0.18], [0.78, 0.18], [0.45, 0.88]];
  const xy = [];
  for (let i = 1; i < pts.length; i++)
    for (let k = 0; k <= 20; k++) xy.push([pts[i - 1][0] + (pts[i][0] - pts[i - 1][0]) * k / 20, pts[i - 1][1] + (pts[i][1] - pts[i - 1][1]) * k / 20]);
  const at = ([u, v]) => [scoBox.x + r.x + u * r.width, scoBox.y + r.y + v * r.height];
  void frameBox;
  await page.mouse.move(...at(xy[0]));
  await page.mouse.down();
  for (const p of xy.slice(1)) { await page.mouse.move(...at(p)); await sleep(10); }
  await page.mouse.up();
  await sleep(300);
}

const TIMESPAN = /^\d{4}:\d{2}:\d{2}(\.\d{1,2})?$/;

(async () => {
  fs.rmSync(LMS, { recursive: true, force: true });
  fs.mkdirSync(PKG, { recursive: true });
  const zip = path.join(DIST, 'cnn-demo-scorm12.zip');
  execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, PKG]);
  fs.writeFileSync(path.join(LMS, 'player.html'), PLAYER);
  const lmsServer = await serve({ '/scorm-again/': SCORM_AGAIN, '/': LMS });
  const A = `http://127.0.0.1:${lmsServer.address().port}`;
  const hostServer = await serve({ '/': LMS });
  const B = `http://localhost:${hostServer.address().port}`;
  fs.writeFileSync(path.join(LMS, 'host.html'), hostPage(`${A}/player.html`));
  const manifest = fs.readFileSync(path.join(PKG, 'imsmanifest.xml'), 'utf8');
  const mastery = (manifest.match(/<adlcp:masteryscore>(\d+)<\/adlcp:masteryscore>/) || [])[1];

  await test('SCORM zip: the whole site as separate files, every file in the manifest, a mastery score', async () => {
    const names = fs.readdirSync(PKG).sort();
    for (const n of ['embed.html', 'index.js', 'index.wasm', 'embed.js', 'embed.css', 'embed_setup.js', 'mnist-train.cnnd', 'two-stage.cnnw'])
      assert(names.includes(n), `${n} missing from the zip (${names.join(', ')})`);
    for (const n of names.filter((x) => x !== 'imsmanifest.xml')) assert(manifest.includes(`href="${n}"`), `${n} not in the manifest`);
    assert(/adlcp:scormtype="sco" href="embed.html"/.test(manifest), 'the SCO is not embed.html');
    assert(mastery !== undefined, 'no adlcp:masteryscore');
    const size = (f) => fs.statSync(path.join(DIST, f)).size;
    measure('cnn-demo-scorm12.zip', `${size('cnn-demo-scorm12.zip')} bytes`);
    measure('cnn-demo.html (single file, with the training data)', `${size('cnn-demo.html')} bytes`);
  });

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  let saved = null;

  // The Train tab's data: fetched beside the SCO in the package, inlined in the single file.
  await test('Train tab data and the two-stage model: the SCORM package serves mnist-train.cnnd and two-stage.cnnw; cnn-demo.html from file:// (no network) carries both', async () => {
    for (const url of [`${A}/pkg/embed.html`, 'file://' + path.join(DIST, 'cnn-demo.html')]) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 740 } });
      const page = await context.newPage();
      const log = watch(page);
      const foreign = [];
      if (url.startsWith('file:')) await page.route(/^https?:/, (r) => { foreign.push(r.request().url()); r.abort(); });
      try {
        await page.goto(url);
        await page.evaluate(() => CNNDemo.ready);
        const t0 = Date.now();
        await page.evaluate(() => CNNDemo.train.open());
        const st = await page.evaluate(() => CNNDemo.train.status());
        assert(st && !/missing|error/i.test(JSON.stringify(st).slice(0, 400)), JSON.stringify(st).slice(0, 300));
        measure(`Train data ready (${url.startsWith('file:') ? 'single file, inlined' : 'SCORM package'})`, `${Date.now() - t0} ms`);
        const t1 = Date.now();
        const shown = await page.evaluate(() => CNNDemo.setModel('two-stage').then(() => CNNDemo.model(), (e) => e.message));
        assert(shown === 'two-stage', `setModel('two-stage'): ${shown}`);
        const label = await page.evaluate(() => CNNDemo.predict(new Float32Array(784)).label);
        assert(label >= 0 && label <= 9, `two-stage predicts ${label}`);
        measure(`two-stage model shown (${url.startsWith('file:') ? 'single file, inlined' : 'SCORM package'})`, `${Date.now() - t1} ms`);
        assert(foreign.length === 0, 'requests: ' + foreign.join(', '));
        assert(log.errors.length === 0, log.errors.join('|'));
      } finally { await context.close(); }
    }
  });
  const baseState = { core: { student_id: 's1', student_name: 'Student, A', lesson_status: 'not attempted', entry: 'ab-initio' },
    student_data: { mastery_score: mastery } };

  // 1. A whole session: bad input, answers, every panel, a drawing, then leaving the page.
  {
    const s = await openSession(browser, B, A, baseState);
    await test('scorm-again session: LMSInitialize, incomplete, interactions per answer, score, status, session_time, LMSFinish', async () => {
      // Bad input through the page's HTML mirror (the keyboard route): nothing is counted.
      await showPanel(s.sco, 3);
      for (const bad of ['', 'abc', 'Infinity', '1e999']) {
        const r = await s.sco.evaluate((t) => CNNDemo.practice.answer(3, 1, t), bad);
        assert(r.result === 'not-counted' && r.message.length > 10, `"${bad}": ${JSON.stringify(r)}`);
      }
      // Panel 3: worked out here from the question's numbers.
      const items = await s.sco.evaluate(() => CNNDemo.practice.items());
      assert(items.length === 3, `${items.length} items on panel 3`);
      for (let i = 0; i < items.length; i++) {
        const answer = workOut(items[i].question);
        assert(answer !== null, `cannot work out: ${items[i].question}`);
        const r = await s.sco.evaluate(([k, a]) => CNNDemo.practice.answer(3, k, a), [i + 1, answer]);
        assert(r.result === 'correct', `item ${i + 1} (${JSON.stringify(answer)}): ${JSON.stringify(r)}`);
        assert(/=/.test(r.message), `no worked arithmetic: ${r.message}`);
      }
      // Panel 2: a convolution of non-negative numbers is never -1.
      await showPanel(s.sco, 2);
      const w = await s.sco.evaluate(() => CNNDemo.practice.answer(2, 1, '-1'));
      assert(w.result === 'wrong', JSON.stringify(w));
      for (let p = 1; p <= 7; p++) if (p !== 3) await showPanel(s.sco, p);
      await showPanel(s.sco, 3);
      let pr = await s.sco.evaluate(() => CNNDemo.progress());
      assert(pr.lessonStatus === 'incomplete', `before drawing: ${pr.lessonStatus}`);
      await drawSeven(s.page, s.sco);
      pr = await until('completed', async () => { const p = await s.sco.evaluate(() => CNNDemo.progress()); return p.digitDrawn && p; }, 5000);
      assert(pr.lessonStatus === 'completed' && pr.score.correct === 3 && pr.score.asked === 4, JSON.stringify(pr.score));
      await showPanel(s.sco, 3);
      await sleep(300);
      await endSession(s);
      const calls = await s.player.evaluate(() => calls);
      const cmi = await s.player.evaluate(() => cmi());
      const errors = calls.filter((c) => c.error !== '0' || c.result === 'false');
      assert(errors.length === 0, 'LMS errors: ' + JSON.stringify(errors.slice(0, 5)));
      const logged = await s.player.evaluate(() => scormLog.filter((m) => m[0] >= 4));
      assert(logged.length === 0, 'scorm-again logged: ' + JSON.stringify(logged.slice(0, 5)));
      const names = calls.map((c) => c.name);
      assert(names[0] === 'LMSInitialize' && names[names.length - 1] === 'LMSFinish', names.join(','));
      assert(names.filter((n) => n === 'LMSCommit').length >= 3, 'commits: ' + names.filter((n) => n === 'LMSCommit').length);
      const sets = calls.filter((c) => c.name === 'LMSSetValue').map((c) => c.args);
      const firstStatus = sets.find((a) => a[0] === 'cmi.core.lesson_status');
      assert(firstStatus && firstStatus[1] === 'incomplete', 'first status ' + JSON.stringify(firstStatus));
      const expected = Math.round(100 * 3 / pr.score.total) >= +mastery ? 'passed' : 'failed';
      assert(cmi.core.lesson_status === expected, `status ${cmi.core.lesson_status}, expected ${expected} (mastery ${mastery})`);
      assert(cmi.core.score.raw === String(Math.round(100 * 3 / pr.score.total)) && cmi.core.score.max === '100' &&
             cmi.core.score.min === '0', JSON.stringify(cmi.core.score));
      const st = sets.filter((a) => a[0] === 'cmi.core.session_time').map((a) => a[1]);
      assert(st.length === 1 && TIMESPAN.test(st[0]), 'session_time ' + st);
      // One interaction per counted answer (4), none for the 4 bad inputs.
      const ids = sets.filter((a) => /^cmi\.interactions\.\d+\.id$/.test(a[0]));
      assert(ids.length === 4, `${ids.length} interactions: ${JSON.stringify(ids)}`);
      for (let n = 0; n < 4; n++) {
        const v = (k) => (sets.find((a) => a[0] === `cmi.interactions.${n}.${k}`) || [])[1];
        assert(/^p[23]q[1-3]s\d+$/.test(v('id')), `id ${v('id')}`);
        assert(['numeric', 'fill-in'].includes(v('type')), `type ${v('type')}`);
        assert(TIMESPAN.test(v('latency')), `latency ${v('latency')}`);
        assert(/^\d\d:\d\d:\d\d$/.test(v('time')), `time ${v('time')}`);
        assert(['correct', 'wrong'].includes(v('result')) && v('student_response') && v('correct_responses.0.pattern'), `interaction ${n}`);
      }
      const wrong = ids.findIndex((a) => /^p2q1/.test(a[1]));
      assert((sets.find((a) => a[0] === `cmi.interactions.${wrong}.result`) || [])[1] === 'wrong', 'the wrong answer');
      assert((sets.find((a) => a[0] === `cmi.interactions.${wrong}.student_response`) || [])[1] === '-1', 'its response');
      assert(cmi.suspend_data.length > 0 && cmi.suspend_data.length <= 4096, `suspend_data ${cmi.suspend_data.length} chars`);
      const received = await s.player.evaluate(() => received.filter((m) => m.type === 'progress'));
      assert(received.length > 0 && received[received.length - 1].score.correct === 3, 'progress messages: ' + received.length);
      assert(s.log.errors.length === 0, 'console errors: ' + s.log.errors.join(' | '));
      saved = cmi;
      fs.writeFileSync(path.join(OUT, 'scorm-session.json'), JSON.stringify(calls.map((c) => [c.name, ...c.args, c.result]), null, 1));
      console.log('  SCORM calls: ' + calls.filter((c) => c.name !== 'LMSGetValue' || true).map((c) =>
        c.name + '(' + c.args.map((a) => JSON.stringify(a.length > 60 ? a.slice(0, 57) + '...' : a)).join(', ') + ')=' + c.result).join('\n    '));
    });
    await s.context.close();
  }

  // 2. Coming back: the LMS hands the stored data back; the demo resumes at the panel, with its score.
  await test('resume: suspend_data brings back the panel, the answers and the score; interactions numbering continues', async () => {
    assert(saved, 'no saved session');
    const state = { core: { student_id: 's1', student_name: 'Student, A', lesson_status: saved.core.lesson_status, entry: 'resume',
      score: saved.core.score }, suspend_data: saved.suspend_data, student_data: { mastery_score: mastery } };
    const s = await openSession(browser, B, A, state, 'seed=7');
    try {
      const pr = await until('restored', async () => {
        const p = await s.sco.evaluate(() => CNNDemo.progress());
        return p.score.asked === 4 && p.tab === 'lesson' && p;
      }, 5000);
      assert(pr.panel === 3 && pr.tab === 'lesson', `panel ${pr.panel} tab ${pr.tab}`);
      assert(pr.score.correct === 3 && pr.allVisited && pr.digitDrawn, JSON.stringify(pr));
      const d = await s.sco.evaluate(() => document.getElementById('screen-description').textContent);
      assert(/^Lesson 3 \/ 7/.test(d), d);
      // The numbers are those of the saved attempt (seed), not of ?seed=7.
      const items = await s.sco.evaluate(() => CNNDemo.practice.items());
      assert(items.every((it) => it.answered), 'answered items came back: ' + JSON.stringify(items.map((i) => i.answered)));
      await endSession(s);
      const calls = await s.player.evaluate(() => calls);
      assert(calls.every((c) => c.error === '0'), JSON.stringify(calls.filter((c) => c.error !== '0')));
      assert(!s.log.warnings.some((w) => /suspend_data ignored/.test(w)), s.log.warnings.join('|'));
    } finally { await s.context.close(); }
  });

  // 3. Damaged suspend_data: ignored with a warning, a fresh start, nothing thrown.
  await test('corrupt, other-version and tampered suspend_data: ignored with a console warning, fresh start', async () => {
    const good = JSON.parse(saved.suspend_data);
    const bad = ['{not json', JSON.stringify({ ...good, v: 99 }), JSON.stringify({ ...good, b: good.b.replace('c:', 'w:') }),
      JSON.stringify({ ...good, p: 'x' }), '[]'];
    for (const text of bad) {
      const s = await openSession(browser, B, A, { ...baseState, suspend_data: text });
      try {
        const pr = await s.sco.evaluate(() => CNNDemo.progress());
        assert(pr.score.asked === 0, `${text.slice(0, 40)}: asked ${pr.score.asked}`);
        await until('the warning', () => s.log.warnings.some((w) => /cnn-demo: cmi\.suspend_data ignored/.test(w)), 3000);
        assert(s.log.errors.length === 0, s.log.errors.join('|'));
      } finally { await s.context.close(); }
    }
  });

  // 4. LMSInitialize returns "false" (the runtime was initialised already): the demo works, quietly.
  await test('LMSInitialize returning "false": the demo runs normally, no error shown, only a console warning', async () => {
    const s = await openSession(browser, B, A, { ...baseState, preInitialize: true });
    try {
      const init = await s.player.evaluate(() => calls.find((c) => c.name === 'LMSInitialize'));
      assert(init.result === 'false', JSON.stringify(init));
      const ok = await s.sco.evaluate(() => CNNDemo.predict(new Float32Array(784)).probs.length === 10 &&
        !CNNDemoEmbed.scorm() && !document.getElementById('status').classList.contains('error'));
      assert(ok, 'the demo does not run');
      await s.sco.evaluate(() => CNNDemo.practice.answer(2, 1, '-1'));
      await sleep(300);
      const later = await s.player.evaluate(() => calls.filter((c) => c.name !== 'LMSInitialize').length);
      assert(later === 0, `${later} calls after a failed LMSInitialize`);
      assert(s.log.errors.length === 0, s.log.errors.join('|'));
      assert(s.log.warnings.some((w) => /LMSInitialize did not succeed/.test(w)), 'no warning');
    } finally { await s.context.close(); }
  });

  // 5. What scorm-again does not do: an LMS whose every LMSSetValue fails, and oversized suspend_data.
  await test('fake LMS: every LMSSetValue fails → logged, the demo carries on; 5000-character suspend_data ignored', async () => {
    fs.writeFileSync(path.join(LMS, 'fake.html'), `<!doctype html><meta charset="utf-8"><title>Fake LMS</title><link rel="icon" href="data:,"><script>
  window.calls = [];
  window.API = { LMSInitialize: function () { calls.push('init'); return 'true'; }, LMSFinish: function () { calls.push('finish'); return 'true'; },
    LMSGetValue: function (k) { return k === 'cmi.suspend_data' ? new Array(5001).join('x') : ''; },
    LMSSetValue: function (k) { calls.push('set ' + k); return 'false'; }, LMSCommit: function () { calls.push('commit'); return 'true'; },
    LMSGetLastError: function () { return '351'; }, LMSGetErrorString: function () { return 'General Set failure'; },
    LMSGetDiagnostic: function () { return ''; } };
</script><iframe id="sco" title="SCO" src="pkg/embed.html?seed=3" style="width:1000px;height:700px;border:0"></iframe>`);
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    const page = await context.newPage();
    const log = watch(page);
    try {
      await page.goto(`${A}/fake.html`);
      const sco = await until('the SCO', () => page.frames().find((f) => f.url().includes('pkg/embed.html')));
      await until('ready', () => sco.evaluate(() => window.CNNDemo && CNNDemo.ready.then(() => true)), 60000);
      const r = await sco.evaluate(() => CNNDemo.practice.answer(2, 1, '-1'));
      assert(r.result === 'wrong', JSON.stringify(r));
      assert(await sco.evaluate(() => CNNDemo.predict(new Float32Array(784)).label >= 0), 'predict');
      assert(log.warnings.some((w) => /LMSSetValue\(.*\) failed \(351/.test(w)), 'no LMSSetValue warning');
      assert(log.warnings.some((w) => /suspend_data ignored \(it is longer than 4096/.test(w)), 'no oversized warning');
      assert(log.errors.length === 0, log.errors.join('|'));
    } finally { await context.close(); }
  });

  await browser.close();
  lmsServer.close();
  hostServer.close();
  finish();
})().catch(crashed);
