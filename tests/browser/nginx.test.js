// The hosting configuration (docs/hosting.md), called by tests/browser/run.sh when nginx is installed:
//   node tests/browser/nginx.test.js --dist DIR --out DIR [--mnist data/mnist]
// Copies DIR (dist/) with content-hashed names (deploy/hash_names.py), serves it with Debian's
// nginx and deploy/nginx/cnn-demo.conf on a free loopback port (deploy/nginx/local.sh: its own
// prefix, config and pid in a temporary folder, no daemon), and checks the headers (wasm MIME type,
// gzip when asked, a year's immutable caching for hashed names and revalidation for the pages, each
// page's CSP as a header equal to its meta tag, frame-ancestors), then in Debian's headless Chromium:
// the pages load the hashed files and become ready and predict, the Train tab's data arrives, a
// reload takes the hashed files from the cache, and frame-ancestors refuses a host page on a
// foreign origin while an allowed origin frames embed.html and talks to it.
// Last line: "N passed, N failed".
'use strict';
const { parseArgs, CHROMIUM_ARGS, test, assert, sleep, until, readMnistImages, finish, crashed } = require('./harness');
const args = parseArgs();
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');
const zlib = require('zlib');
const { execFileSync, spawn, spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.resolve(args.dist || 'dist'), OUT = path.resolve(args.out || 'build/browser');
const MNIST = args.mnist ? path.resolve(args.mnist) : null;
const WORK = path.join(OUT, 'nginx');
// nginx lives in /usr/sbin, which a non-root PATH may lack.
const NGINX = [...(process.env.PATH || '').split(':'), '/usr/sbin'].map((d) => path.join(d || '.', 'nginx'))
  .find((f) => { try { fs.accessSync(f, fs.constants.X_OK); return fs.statSync(f).isFile(); } catch (e) { return false; } });
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}
// GET (or HEAD) with the given headers; resolves to { status, headers, rawHeaders, body }.
function get(url, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
// All values of one response header (Node joins repeated ones; the raw list keeps them apart).
function headerValues(res, name) {
  const out = [];
  for (let i = 0; i < res.rawHeaders.length; i += 2) if (res.rawHeaders[i].toLowerCase() === name) out.push(res.rawHeaders[i + 1]);
  return out;
}
function metaCsp(html) {
  const m = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content="([^"]*)"/i.exec(html);
  return m && m[1].replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}
function hostPage(src) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Course page</title><link rel="icon" href="data:,"></head><body>
<iframe id="demo" title="CNN demo" src="${src}" width="900" height="640" style="border:0"></iframe>
<script>
  window.received = [];
  window.addEventListener('message', function (e) { window.received.push({ origin: e.origin, data: e.data }); });
  function send(msg, origin) { document.getElementById('demo').contentWindow.postMessage(msg, origin); }
</script></body></html>`;
}

(async () => {
  if (!NGINX) {
    console.log('skipped: nginx not installed (scripts/install_deps.sh hosting)');
    console.log('0 passed, 0 failed');
    return;
  }
  const { chromium } = require('playwright-core');
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(path.join(WORK, 'prefix'), { recursive: true });
  fs.mkdirSync(path.join(WORK, 'hosts'), { recursive: true });
  const SITE = path.join(WORK, 'site'), CSP_MAP = path.join(WORK, 'csp.map'), MANIFEST = path.join(WORK, 'manifest.json');
  execFileSync('python3', [path.join(ROOT, 'deploy/hash_names.py'), DIST, SITE, '--csp-map', CSP_MAP, '--manifest', MANIFEST],
    { stdio: ['ignore', fs.openSync(path.join(WORK, 'hash_names.log'), 'w'), 'inherit'] });
  const hosted = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));

  // Two host pages on two more origins: one listed in frame-ancestors, one not.
  const hostDir = path.join(WORK, 'hosts');
  const hostServer = (dir) => new Promise((resolve) => {
    const s = http.createServer((req, res) => {
      const file = path.join(dir, path.basename(req.url.split('?')[0]));
      if (!fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(fs.readFileSync(file));
    });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
  const allowedServer = await hostServer(hostDir), foreignServer = await hostServer(hostDir);
  const ALLOWED = `http://127.0.0.1:${allowedServer.address().port}`, FOREIGN = `http://127.0.0.1:${foreignServer.address().port}`;
  const ANCESTORS = `'self' ${ALLOWED}`;

  const port = await freePort();
  const A = `http://127.0.0.1:${port}`;
  const nginx = spawn(path.join(ROOT, 'deploy/nginx/local.sh'), [path.join(WORK, 'prefix'), SITE, String(port), ANCESTORS, CSP_MAP],
    { stdio: ['ignore', 'inherit', 'inherit'] });
  let nginxExit = null;
  nginx.on('exit', (code, signal) => { nginxExit = code === null ? signal : code; });
  const stopNginx = () => { if (nginxExit === null) nginx.kill('SIGTERM'); };
  process.on('exit', stopNginx);
  const errorLog = () => { try { return fs.readFileSync(path.join(WORK, 'prefix/logs/error.log'), 'utf8'); } catch (e) { return ''; } };
  const accessLog = () => { try { return fs.readFileSync(path.join(WORK, 'prefix/logs/access.log'), 'utf8'); } catch (e) { return ''; } };
  await until('nginx to listen', async () => {
    if (nginxExit !== null) throw new Error(`nginx exited (${nginxExit}): ${errorLog()}`);
    try { return (await get(`${A}/index.html`, {}, 'HEAD')).status === 200; } catch (e) { return false; }
  }, 15000);
  const version = (spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr || '').trim();  // nginx -v writes to stderr
  console.log(`${version || NGINX} serving ${SITE} on ${A}; hosts ${ALLOWED} (allowed), ${FOREIGN} (foreign)`);

  const wasm = hosted['index.wasm'], js = hosted['index.js'], cnnd = hosted['mnist-train.cnnd'], cnnw = hosted['two-stage.cnnw'];
  await test('hash_names.py gives every asset a content-hashed name and rewrites where it is loaded', async () => {
    for (const n of ['index.js', 'index.wasm', 'embed.js', 'embed.css', 'embed_setup.js', 'mnist-train.cnnd', 'two-stage.cnnw']) {
      const h = hosted[n], [stem, ext] = [n.slice(0, n.lastIndexOf('.')), n.slice(n.lastIndexOf('.'))];
      assert(h && new RegExp(`^${stem}\\.[0-9a-f]{12}\\${ext}$`).test(h), `${n} hosted as ${h}`);
      assert(!fs.existsSync(path.join(SITE, n)), `${n} is also there unhashed`);
    }
    const indexJs = fs.readFileSync(path.join(SITE, js), 'utf8');
    assert(indexJs.includes(`"${wasm}"`) && !indexJs.includes('"index.wasm"'), 'index.js does not load the hashed wasm');
    assert(indexJs.includes(`"${cnnd}"`) && !indexJs.includes('"mnist-train.cnnd"'), 'index.js does not fetch the hashed data');
    assert(indexJs.includes(`"${cnnw}"`) && !indexJs.includes('"two-stage.cnnw"'), 'index.js does not fetch the hashed two-stage model');
    assert(fs.readFileSync(path.join(SITE, 'index.html'), 'utf8').includes(`src="${js}"`), 'index.html does not load the hashed index.js');
    const embed = fs.readFileSync(path.join(SITE, 'embed.html'), 'utf8');
    for (const n of ['embed_setup.js', 'index.js', 'embed.js', 'embed.css']) assert(embed.includes(`"${hosted[n]}"`), `embed.html misses ${hosted[n]}`);
    assert(fs.readFileSync(path.join(SITE, 'cnn-demo.html')).equals(fs.readFileSync(path.join(DIST, 'cnn-demo.html'))),
      'the self-contained cnn-demo.html was changed');
  });

  await test('index.wasm is served as application/wasm, gzip-encoded when asked and plain otherwise', async () => {
    const plain = await get(`${A}/${wasm}`);
    assert(plain.status === 200 && plain.headers['content-type'] === 'application/wasm', `${plain.status} ${plain.headers['content-type']}`);
    assert(!plain.headers['content-encoding'], `content-encoding ${plain.headers['content-encoding']} without Accept-Encoding`);
    assert(plain.body.equals(fs.readFileSync(path.join(SITE, wasm))), 'plain body differs from the file');
    const gz = await get(`${A}/${wasm}`, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert(gz.headers['content-encoding'] === 'gzip' && gz.headers['content-type'] === 'application/wasm',
      `${gz.headers['content-encoding']} ${gz.headers['content-type']}`);
    assert(zlib.gunzipSync(gz.body).equals(plain.body), 'gunzipped body differs');
    assert(/Accept-Encoding/i.test(gz.headers.vary || ''), `Vary: ${gz.headers.vary}`);
    console.log(`    ${wasm}: ${plain.body.length} bytes, ${gz.body.length} gzipped`);
  });

  await test('index.js, embed.js, embed.css, the pages and the Train data are gzip-encoded when asked', async () => {
    for (const name of [js, hosted['embed.js'], hosted['embed_setup.js'], hosted['embed.css'], cnnd, cnnw, 'index.html', 'embed.html']) {
      const r = await get(`${A}/${name}`, { 'Accept-Encoding': 'gzip' });
      assert(r.status === 200 && r.headers['content-encoding'] === 'gzip', `${name}: ${r.status} ${r.headers['content-encoding']}`);
      assert(zlib.gunzipSync(r.body).equals(fs.readFileSync(path.join(SITE, name))), `${name}: gunzipped body differs`);
    }
    const types = { [js]: /^application\/javascript|^text\/javascript/, [hosted['embed.css']]: /^text\/css/,
      'index.html': /^text\/html; charset=utf-8$/, [cnnd]: /^application\/octet-stream$/, [cnnw]: /^application\/octet-stream$/ };
    for (const [name, rx] of Object.entries(types)) {
      const r = await get(`${A}/${name}`, {}, 'HEAD');
      assert(rx.test(r.headers['content-type']), `${name}: Content-Type ${r.headers['content-type']}`);
    }
  });

  await test('hashed names are cached for a year (immutable); pages and the zip are revalidated (no-cache, 304)', async () => {
    for (const n of ['index.js', 'index.wasm', 'embed.js', 'embed.css', 'embed_setup.js', 'mnist-train.cnnd', 'two-stage.cnnw']) {
      const r = await get(`${A}/${hosted[n]}`, {}, 'HEAD');
      assert(r.headers['cache-control'] === 'public, max-age=31536000, immutable', `${hosted[n]}: Cache-Control ${r.headers['cache-control']}`);
    }
    for (const n of ['', 'index.html', 'embed.html', 'cnn-demo.html', 'cnn-demo-scorm12.zip']) {
      const r = await get(`${A}/${n}`, {}, 'HEAD');
      assert(r.status === 200 && r.headers['cache-control'] === 'no-cache', `/${n}: ${r.status} Cache-Control ${r.headers['cache-control']}`);
      assert(r.headers.etag, `/${n}: no ETag to revalidate with`);
      const again = await get(`${A}/${n}`, { 'If-None-Match': r.headers.etag });
      assert(again.status === 304, `/${n} with its ETag: ${again.status}, not 304`);
    }
  });

  await test('each page sends its Content-Security-Policy as a header equal to its meta tag, and frame-ancestors', async () => {
    for (const n of ['', 'index.html', 'embed.html', 'cnn-demo.html']) {
      const r = await get(`${A}/${n}`);
      const policies = headerValues(r, 'content-security-policy');
      const meta = metaCsp(r.body.toString('utf8'));
      assert(meta, `/${n} has no CSP meta tag`);
      assert(policies.length === 2 && policies[0] === meta, `/${n}: CSP headers ${JSON.stringify(policies)} vs meta ${meta}`);
      assert(policies[1] === `frame-ancestors ${ANCESTORS}`, `/${n}: ${policies[1]}`);
    }
    const r = await get(`${A}/${wasm}`, {}, 'HEAD');
    assert(!r.headers['content-security-policy'], `the wasm carries a CSP: ${r.headers['content-security-policy']}`);
  });

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const digits = MNIST ? readMnistImages(path.join(MNIST, 't10k-images-idx3-ubyte'), 20) : null;
  const labels = MNIST ? Array.from(fs.readFileSync(path.join(MNIST, 't10k-labels-idx1-ubyte')).subarray(8, 28)) : null;
  const watch = (page) => {
    const log = { errors: [], requests: [], violations: [] };
    page.on('console', (m) => { if (m.type() === 'error' && !/GPU stall due to ReadPixels/.test(m.text())) log.errors.push(m.text()); });
    page.on('pageerror', (e) => log.errors.push('pageerror: ' + e.message));
    page.on('response', (r) => log.requests.push({ url: r.url(), status: r.status(), encoding: r.headers()['content-encoding'] }));
    return log;
  };
  const predicts = async (frame) => frame.evaluate(([ds]) => {
    if (!ds) { const r = CNNDemo.predict(new Float32Array(784)); return [r.label]; }
    return ds.map((d) => { const r = CNNDemo.predict(d); if (Math.abs(r.probs.reduce((a, b) => a + b) - 1) > 1e-3) throw new Error('probs'); return r.label; });
  }, [digits]);

  {
    const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    const page = await context.newPage();
    const log = watch(page);
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await test('index.html over nginx loads the hashed files (gzip), becomes ready and predicts', async () => {
      await page.goto(`${A}/?lang=en`);
      await page.evaluate(() => CNNDemo.ready);
      const labelsSeen = await predicts(page);
      if (labels) {
        const right = labelsSeen.filter((l, i) => l === labels[i]).length;
        assert(right >= 19, `${right}/20 MNIST test digits right: ${labelsSeen}`);
      } else assert(Number.isInteger(labelsSeen[0]), `label ${labelsSeen[0]}`);
      const w = log.requests.find((r) => r.url === `${A}/${wasm}`);
      assert(w && w.status === 200 && w.encoding === 'gzip', `wasm request: ${JSON.stringify(w)}`);
      assert(log.requests.every((r) => r.status === 200), `requests: ${JSON.stringify(log.requests.filter((r) => r.status !== 200))}`);
      assert(!log.errors.length, `console errors: ${log.errors.join(' | ')}`);
      assert(!(await page.evaluate(() => window.cspViolations)).length, `CSP violations: ${await page.evaluate(() => window.cspViolations)}`);
    });
    await test('the Train tab\'s data (CNNDemo.train.open()) comes from the hashed mnist-train file; under the header CSP, training runs in the worker', async () => {
      await page.evaluate(() => CNNDemo.train.open());
      const d = log.requests.find((r) => r.url === `${A}/${cnnd}`);
      assert(d && d.status === 200 && d.encoding === 'gzip', `data request: ${JSON.stringify(d)}`);
      let where = null;
      for (let i = 0; i < 150 && !(where && where.place !== 'starting-worker'); i++) {
        await sleep(100);
        where = await page.evaluate(() => CNNDemo.train.where());
      }
      assert(where.place === 'worker', `training runs in "${where.place}": ${where.message}`);
      assert(!log.errors.length, `console errors: ${log.errors.join(' | ')}`);
      assert(!(await page.evaluate(() => window.cspViolations)).length, `CSP violations: ${await page.evaluate(() => window.cspViolations)}`);
    });
    await test('the two-stage model (CNNDemo.setModel) comes from the hashed two-stage file, gzip-encoded, and is shown', async () => {
      await page.evaluate(() => CNNDemo.setModel('two-stage'));
      const d = log.requests.find((r) => r.url === `${A}/${cnnw}`);
      assert(d && d.status === 200 && d.encoding === 'gzip', `model request: ${JSON.stringify(d)}`);
      assert(await page.evaluate(() => CNNDemo.model()) === 'two-stage', 'two-stage is not shown');
      await predicts(page);
      await page.evaluate(() => CNNDemo.setModel('simple'));
      assert(!log.errors.length, `console errors: ${log.errors.join(' | ')}`);
    });
    await test('a reload revalidates the page and takes the hashed files from the browser cache', async () => {
      const count = (name) => accessLog().split('\n').filter((l) => l.includes(`GET /${name} `)).length;
      const before = { js: count(js), wasm: count(wasm) };
      await page.reload();
      await page.evaluate(() => CNNDemo.ready);
      await predicts(page);
      await sleep(300);  // the access log is written when each request ends
      const lines = accessLog().trim().split('\n');
      const page304 = lines.some((l) => / "GET \/\?lang=en HTTP\/1\.1" 304 /.test(l));
      assert(page304, `the page was not revalidated with a 304: ${lines.slice(-4).join(' / ')}`);
      assert(count(js) === before.js && count(wasm) === before.wasm,
        `hashed files fetched again: index.js ${before.js}->${count(js)}, wasm ${before.wasm}->${count(wasm)}`);
    });
    await context.close();
  }
  {
    const context = await browser.newContext({ viewport: { width: 900, height: 640 } });
    const page = await context.newPage();
    const log = watch(page);
    await test('embed.html over nginx becomes ready and predicts', async () => {
      await page.goto(`${A}/embed.html?lang=en`);
      await page.evaluate(() => CNNDemo.ready);
      await predicts(page);
      assert(log.requests.some((r) => r.url === `${A}/${hosted['embed.css']}` && r.status === 200), 'hashed embed.css not loaded');
      assert(!log.errors.length, `console errors: ${log.errors.join(' | ')}`);
    });
    await context.close();
  }

  fs.writeFileSync(path.join(hostDir, 'allowed.html'), hostPage(`${A}/embed.html?lang=en`));
  fs.writeFileSync(path.join(hostDir, 'foreign.html'), hostPage(`${A}/embed.html?lang=en`));
  await test('an origin listed in frame-ancestors frames embed.html, gets ready and predictions, and can drive it', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await context.newPage();
    const log = watch(page);
    await page.goto(`${ALLOWED}/allowed.html`);
    const received = (type) => page.evaluate((t) => window.received.filter((m) => m.data && m.data.type === t), type);
    const ready = await until('ready from the frame', async () => (await received('ready'))[0], 30000);
    assert(ready.origin === A && ready.data.source === 'cnn-demo', JSON.stringify(ready));
    await page.evaluate(([o]) => send({ source: 'cnn-demo', type: 'load-sample', index: 0 }, o), [A]);
    const p = await until('a prediction', async () => (await received('prediction')).find((m) => m.data.label !== null));
    assert(Number.isInteger(p.data.label) && p.data.probs.length === 10, JSON.stringify(p.data));
    assert(!log.errors.length, `console errors: ${log.errors.join(' | ')}`);
    await context.close();
  });
  await test('frame-ancestors refuses a host page on a foreign origin: no demo, no messages', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await context.newPage();
    const log = watch(page);
    const jsFetches = () => accessLog().split('\n').filter((l) => l.includes(`GET /${js} `)).length;
    const jsBefore = jsFetches();
    await page.goto(`${FOREIGN}/foreign.html`);
    const refused = await until('the refusal in the console', () => log.errors.find((e) => /frame-ancestors/.test(e)), 15000);
    assert(/violates the following Content Security Policy directive: "frame-ancestors/.test(refused), refused);
    assert(refused.includes(`frame-ancestors ${ANCESTORS}`), `not our policy: ${refused}`);
    await sleep(3000);  // what a working frame would have needed to load and post 'ready'
    assert(!(await page.evaluate(() => window.received.length)), `messages: ${JSON.stringify(await page.evaluate(() => window.received))}`);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const demo = frame && await frame.evaluate(() => typeof window.CNNDemo).catch(() => 'unreachable');
    assert(demo !== 'object', 'the demo runs inside the foreign page');
    assert(jsFetches() === jsBefore, 'the refused frame loaded index.js');
    console.log(`    foreign parent: "${refused.slice(0, 160)}"`);
    await context.close();
  });

  await browser.close();
  allowedServer.close(); foreignServer.close();
  stopNginx();
  await until('nginx to stop', async () => nginxExit !== null, 10000).catch(() => {});
  const warnings = errorLog().split('\n').filter((l) => /\[(emerg|alert|crit)\]/.test(l));
  await test('nginx logged no emergencies and stopped', async () => {
    assert(!warnings.length, warnings.join(' | '));
    assert(nginxExit !== null, 'nginx still running');
  });
  finish();
})().catch(crashed);
