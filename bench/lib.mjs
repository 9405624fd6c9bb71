// What the browser benchmarks share: a static server for the built site on a free loopback port.
import { spawn } from 'node:child_process';
import net from 'node:net';

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});

// Serves `dir` with Python's http.server (as `./build_wasm.sh serve` does) and resolves once it
// answers: {port, kill()}. Rejects when it has not answered within 10 s.
export async function serveDir(dir) {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => { c.end(); resolve(true); }).on('error', () => resolve(false));
    });
    if (up) return { port, kill: () => child.kill() };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`bench: python3 -m http.server did not answer on port ${port} within 10 s`);
}
