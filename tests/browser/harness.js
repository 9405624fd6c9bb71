// Shared by the browser test files (e2e, train, embed): command-line arguments, Chromium's
// flags for this machine, a tiny test runner that counts passes and failures, measurements,
// and MNIST test images read from the IDX file.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');

// --name value pairs → { name: value }
function parseArgs(argv = process.argv) {
  const args = {};
  for (let i = 2; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
  return args;
}

// Headless Debian Chromium with a working WebGL2 (SwiftShader) and no background traffic.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const results = { passed: 0, failed: 0 };
const measurements = [];
async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.passed++;
    console.log(`  ok    ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.failed++;
    console.log(`  FAIL  ${name}: ${e && e.message ? e.message : e}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Polls fn every 50 ms until it returns something truthy (returned), or throws after `timeout` ms.
async function until(what, fn, timeout = 15000) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeout) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
function measure(name, value) { measurements.push(`${name}: ${value}`); }

// Intermediate points every `step` (unit) along the polyline `points` ([[x, y], …]).
function densify(points, step) {
  const out = [points[0]];
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1], [x1, y1] = points[i];
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / step));
    for (let k = 1; k <= n; k++) out.push([x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n]);
  }
  return out;
}
// Strokes of the digits 0–9 in unit coordinates of their box (0..1), as a mouse draws them:
// one polyline a stroke (models.test.js, digit_sizes.js).
const circle = (n, f) => Array.from({ length: n + 1 }, (_, i) => f((i / n) * 2 * Math.PI));
const DIGIT_STROKES = {
  0: [circle(40, (a) => [0.5 + 0.32 * Math.sin(a), 0.5 - 0.42 * Math.cos(a)])],
  1: [[[0.52, 0.08], [0.48, 0.92]]],
  2: [[[0.2, 0.25], [0.35, 0.1], [0.65, 0.1], [0.8, 0.25], [0.75, 0.45], [0.2, 0.9], [0.85, 0.9]]],
  3: [[[0.2, 0.12], [0.75, 0.12], [0.45, 0.45], [0.75, 0.55], [0.8, 0.75], [0.6, 0.9], [0.2, 0.88]]],
  4: [[[0.62, 0.92], [0.62, 0.08], [0.12, 0.64], [0.88, 0.64]]],
  5: [[[0.8, 0.1], [0.3, 0.1], [0.25, 0.45], [0.6, 0.4], [0.8, 0.6], [0.7, 0.85], [0.45, 0.92], [0.2, 0.85]]],
  6: [[[0.7, 0.08], [0.4, 0.3], [0.25, 0.6], [0.3, 0.85], [0.5, 0.92], [0.72, 0.8], [0.7, 0.6], [0.5, 0.52], [0.28, 0.62]]],
  7: [[[0.18, 0.10], [0.82, 0.10], [0.42, 0.92]]],
  8: [circle(40, (a) => [0.5 + 0.3 * Math.sin(2 * a), 0.5 - 0.42 * Math.cos(a)])],
  9: [[[0.75, 0.35], [0.6, 0.12], [0.35, 0.12], [0.25, 0.3], [0.4, 0.45], [0.72, 0.38], [0.75, 0.35], [0.7, 0.92]]],
};
// Draws `digit` with the mouse into the part of the pad given in pad units: box {x, y, size}.
async function drawDigit(page, digit, box = { x: 0.1, y: 0.1, size: 0.8 }) {
  const r = await page.evaluate(() => CNNDemo.padRect());
  for (const stroke of DIGIT_STROKES[digit]) {
    await drag(page, densify(stroke, 0.02).map(([u, v]) =>
      [r.x + (box.x + u * box.size) * r.width, r.y + (box.y + v * box.size) * r.height]), 8, 20);
  }
  await page.waitForTimeout(100);
}

// Draws `digit` as a quick hand does (drawDigit's strokes, each in `strokeMs`): the moves are
// sent at their own pace through `cdp` (the page's CDP session), without waiting for the page to
// take each one, so a page that makes fewer frames gets several moves a frame (the browser
// coalesces them) as it does from a real mouse.
// mouseSender(cdp)(type, [x, y], buttons): one CDP mouse event, its Promise not awaited by the caller.
const mouseSender = (cdp) => (type, [x, y], buttons) =>
  cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', buttons, clickCount: 1 });
async function drawDigitFast(page, cdp, digit, box, strokeMs) {
  const r = await page.evaluate(() => CNNDemo.padRect());
  const send = mouseSender(cdp);
  for (const stroke of DIGIT_STROKES[digit]) {
    const pts = densify(stroke, 0.01).map(([u, v]) => [r.x + (box.x + u * box.size) * r.width, r.y + (box.y + v * box.size) * r.height]);
    await send('mouseMoved', pts[0], 0);
    await send('mousePressed', pts[0], 1);
    await sleep(50);
    const sent = [], t0 = Date.now();
    for (let i = 1; i < pts.length; i++) {
      while (Date.now() - t0 < (i * strokeMs) / pts.length) await sleep(1);
      sent.push(send('mouseMoved', pts[i], 1));
    }
    await Promise.all(sent);
    await sleep(50);
    await send('mouseReleased', pts[pts.length - 1], 0);
    await sleep(80);
  }
  await page.waitForTimeout(300);
}

// One real mouse drag through `pts` (page pixels): press at the first, move through the rest
// with `pauseMs` between moves, release; `settleMs` around the press and release.
async function drag(page, pts, pauseMs = 10, settleMs = 30) {
  await page.mouse.move(pts[0][0], pts[0][1]);
  await page.waitForTimeout(settleMs);
  await page.mouse.down();
  await page.waitForTimeout(settleMs);
  for (const [x, y] of pts.slice(1)) {
    await page.mouse.move(x, y);
    await page.waitForTimeout(pauseMs);
  }
  await page.waitForTimeout(settleMs);
  await page.mouse.up();
  await page.waitForTimeout(settleMs);
}

// The first `count` MNIST test images, pixel/255, as plain arrays (IDX: 16-byte header, then bytes).
function readMnistImages(file, count) {
  const buf = fs.readFileSync(file);
  assert(buf.readUInt32BE(0) === 0x803, `${file} is not an IDX image file`);
  const rows = buf.readUInt32BE(8), cols = buf.readUInt32BE(12), n = rows * cols;
  const out = [];
  for (let i = 0; i < count; i++) out.push(Array.from(buf.subarray(16 + i * n, 16 + (i + 1) * n), (b) => b / 255));
  return out;
}

// The end of a test file: measurements, any extra lines, then "N passed, N failed" (the line
// run.sh reads) and the exit code. crashed(e) does the same when the runner itself fails.
// Headless Chromium with one page of `viewport`, and the page errors and console errors it
// reports (GPU stall warnings of screenshots left out).
async function openPage(viewport = { width: 1440, height: 900 }) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const page = await (await browser.newContext({ viewport })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/GPU stall/.test(m.text())) errors.push(m.text()); });
  return { browser, page, errors };
}

function finish(extraLines = []) {
  if (measurements.length) {
    console.log('measurements:');
    for (const m of measurements) console.log('  ' + m);
  }
  for (const line of extraLines) console.log(line);
  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exit(results.failed ? 1 : 0);
}
function crashed(e) {
  console.log(`FAIL  test runner: ${(e && e.stack) || e}`);
  results.failed++;
  finish();
}

// CPU seconds used so far by the whole machine (/proc/stat: all but idle and iowait) and by one
// Chromium: the process tree under the browser launched with `marker` among its arguments (an
// unknown switch such as --cnn-test=PID, which Chromium ignores). Linux only.
function cpuSeconds(marker) {
  const ticks = (statLine) => { const f = statLine.slice(statLine.lastIndexOf(')') + 2).split(' '); return +f[11] + +f[12]; };
  const read = (file) => { try { return fs.readFileSync(file, 'utf8'); } catch (e) { return ''; } };
  const root = fs.readdirSync('/proc').find((d) => /^\d+$/.test(d) &&
    read(`/proc/${d}/cmdline`).split('\0').includes(marker) && !read(`/proc/${d}/cmdline`).includes('--type='));
  let chromium = 0;
  for (const stack = root ? [root] : []; stack.length;) {
    const pid = stack.pop(), stat = read(`/proc/${pid}/stat`);
    if (stat) chromium += ticks(stat);
    stack.push(...read(`/proc/${pid}/task/${pid}/children`).trim().split(/\s+/).filter(Boolean));
  }
  const [user, nice, system, , , irq, softirq, steal] = read('/proc/stat').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const all = user + nice + system + irq + softirq + steal;  // guest time is counted in user already
  return { all: all / 100, chromium: chromium / 100 };  // USER_HZ is 100 on Linux
}

// A static file server: `roots` maps a URL prefix to a directory. .wasm as application/wasm.
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.xml': 'application/xml', '.zip': 'application/zip' };
function serve(roots) {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url.split('?')[0]);
    for (const [prefix, dir] of Object.entries(roots)) {
      if (!url.startsWith(prefix)) continue;
      const file = path.join(dir, url.slice(prefix.length));
      if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) break;
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
      fs.createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(404);
    res.end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// The pixels of a PNG as Playwright's screenshot() writes it (8-bit RGB or RGBA, not
// interlaced): {width, height, rgba: Uint8Array}. Throws on anything else.
function decodePng(buf) {
  const zlib = require('zlib');
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('decodePng: not a PNG');
  let off = 8, width = 0, height = 0, channels = 0;
  const idat = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off), type = buf.toString('ascii', off + 4, off + 8), data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8], colour = data[9], interlace = data[12];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) throw new Error(`decodePng: depth ${depth}, colour type ${colour}, interlace ${interlace}`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat)), stride = width * channels;
  const px = new Uint8Array(stride * height), rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {  // undo each row's filter (PNG spec, section 9)
    const f = raw[y * (stride + 1)], row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? px[y * stride + i - channels] : 0, b = y ? px[(y - 1) * stride + i] : 0;
      const c = i >= channels && y ? px[(y - 1) * stride + i - channels] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      px[y * stride + i] = (row[i] + pred) & 255;
    }
  }
  for (let i = 0; i < width * height; i++)
    for (let k = 0; k < 4; k++) rgba[4 * i + k] = k < channels ? px[i * channels + k] : 255;
  return { width, height, rgba };
}

module.exports = {
  densify, drag, DIGIT_STROKES, drawDigit, drawDigitFast, mouseSender,
  parseArgs, CHROMIUM_ARGS, results, measurements, test, assert, sleep, until, measure, readMnistImages, finish, crashed,
  cpuSeconds, serve, openPage, decodePng,
};
