#!/usr/bin/env bash
# Load test of the hosting on loopback (issue 17, README "Benchmarks"): CONNECTIONS (500) clients
# for DURATION (30) seconds with wrk, each loading the page over and over in a browser's order
# (index.html, index.js, index.wasm: bench/load/page.lua), against
#   1. Python's http.server, as `./build_wasm.sh serve` runs it (python3 -m http.server),
#   2. Debian's nginx with deploy/nginx/cnn-demo.conf, serving the same files (identical bytes:
#      wrk asks for no compression),
#   3. the same nginx serving deploy/hash_names.py's copy (hashed names) to clients that accept
#      gzip, as browsers do (the .gz files written beside each file).
# One server at a time; the others are not running. Prints errors, requests/s, page loads/s (a page
# load is the 3 files), p50/p99 latency per file, and nginx / Python. Raw wrk output: build/load/.
#   bench/load/run.sh                      (CNN_DIST_DIR=... for a build elsewhere; DURATION, CONNECTIONS)
# Needs a built dist/ (./build_wasm.sh); installs nginx and wrk (scripts/install_deps.sh hosting).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DIST=${CNN_DIST_DIR:-$ROOT/dist}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-500}
TIMEOUT=${TIMEOUT:-30s}     # a response slower than this counts as an error (wrk's timeout)
OUT=$ROOT/build/load
PATH=$PATH:/usr/sbin
[ -f "$DIST/index.html" ] || { echo "bench/load: $DIST/index.html missing: build the site first (./build_wasm.sh)" >&2; exit 1; }
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then scripts/install_deps.sh hosting; fi
ulimit -n 65536 2>/dev/null || true
mkdir -p "$OUT"

# A snapshot of the build, so that a rebuild during the run changes nothing.
WORK=$(mktemp -d /tmp/cnn-load.XXXXXX)
chmod 755 "$WORK"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
cp -a "$DIST" "$WORK/dist"
python3 deploy/hash_names.py "$WORK/dist" "$WORK/site" --csp-map "$WORK/csp.map" --manifest "$WORK/manifest.json" >/dev/null
hashed() { python3 -c "import json,sys; print('/' + json.load(open('$WORK/manifest.json'))[sys.argv[1]])" "$1"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_up() {  # wait_up PORT PATH: until the server answers (or 15 s)
  for _ in $(seq 150); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$1$2', timeout=1)" 2>/dev/null && return 0
    kill -0 "$SERVER" 2>/dev/null || { echo "bench/load: the server exited" >&2; return 1; }
    sleep 0.1
  done
  echo "bench/load: the server did not answer on port $1" >&2; return 1
}
stop() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
# run NAME PORT [wrk options] -- PATHS...: one wrk run, its output in $OUT/NAME.txt
run() {
  local name=$1 port=$2; shift 2
  local opts=(); while [ "$1" != -- ]; do opts+=("$1"); shift; done; shift
  echo "load: $name, $CONNECTIONS connections for ${DURATION}s on 127.0.0.1:$port (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  # One thread per connection: page.lua times each connection's requests (see there).
  wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout "$TIMEOUT" "${opts[@]}" -s bench/load/page.lua \
    "http://127.0.0.1:$port" -- "$@" >"$OUT/$name.txt" 2>&1 || echo "load: wrk failed for $name (see $OUT/$name.txt)" >&2
}

PORT=$(free_port)
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/dist" >"$OUT/python-server.log" 2>&1 &
SERVER=$!
wait_up "$PORT" /index.html
run python "$PORT" -- /index.html /index.js /index.wasm
stop

mkdir -p "$WORK/nginx-dist" "$WORK/nginx-site"
PORT=$(free_port)
ACCESS_LOG=off deploy/nginx/local.sh "$WORK/nginx-dist" "$WORK/dist" "$PORT" &
SERVER=$!
wait_up "$PORT" /index.html
run nginx "$PORT" -- /index.html /index.js /index.wasm
stop

PORT=$(free_port)
ACCESS_LOG=off deploy/nginx/local.sh "$WORK/nginx-site" "$WORK/site" "$PORT" "'self'" "$WORK/csp.map" &
SERVER=$!
wait_up "$PORT" /index.html
run nginx-gzip "$PORT" -H 'Accept-Encoding: gzip' -- /index.html "$(hashed index.js)" "$(hashed index.wasm)"
stop

echo "load: done (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
python3 - "$OUT" "$CONNECTIONS" "$DURATION" "$(nginx -v 2>&1 | sed 's|.*/||')" "$TIMEOUT" <<'EOF'
import re, sys
out, conns, duration, version, timeout = sys.argv[1:]
rows = [('python', 'Python http.server (python3 -m http.server)'),
        ('nginx', 'nginx %s, deploy/nginx/cnn-demo.conf, same files' % version),
        ('nginx-gzip', 'nginx %s, hashed names, clients accept gzip' % version)]
res = {}
for key, _ in rows:
    text = open('%s/%s.txt' % (out, key)).read()
    m = re.search(r'RESULT (.*)', text)
    if not m:
        print('%s: no result (wrk said: %s)' % (key, text.strip()[-300:]))
        continue
    r = {k: float(v) for k, v in (kv.split('=') for kv in m.group(1).split())}
    r['files'] = [(f, dict(kv.split('=') for kv in rest.split())) for f, rest in re.findall(r'FILE (\S+) (.*)', text)]
    res[key] = r
print('\n%s clients for %s s on loopback, each loading index.html, index.js, index.wasm in turn (wrk; errors:'
      ' failed connections, reads, writes, HTTP errors, and responses slower than %s)\n' % (conns, duration, timeout))
print('| server | errors | requests/s | page loads/s | MB/s | index.html p50 / p99 | index.js p50 / p99 | index.wasm p50 / p99 |')
print('|---|---|---|---|---|---|---|---|')
for key, label in rows:
    r = res.get(key)
    if not r:
        continue
    errors = int(r['connect'] + r['read'] + r['write'] + r['status'] + r['timeout'])
    detail = ', '.join('%s %d' % (k, r[k]) for k in ('connect', 'read', 'write', 'status', 'timeout') if r[k])
    r['rps'] = r['requests'] / r['seconds']
    cells = ['%s / %s ms' % (f['p50_ms'], f['p99_ms']) for _, f in r['files']]
    print('| %s | %d%s | %.0f | %.1f | %.0f | %s |' % (label, errors, ' (%s)' % detail if detail else '', r['rps'],
          r['rps'] / 3, r['bytes'] / r['seconds'] / 1e6, ' | '.join(cells)))
if 'python' in res and 'nginx' in res:
    p, n = res['python'], res['nginx']
    print('\nnginx / Python: page loads per second %.2fx (same bytes)' % (n['rps'] / p['rps']), end='')
    if 'nginx-gzip' in res:
        print(', %.2fx with gzip' % (res['nginx-gzip']['rps'] / p['rps']), end='')
    print('; p50 of index.wasm %s ms against %s ms' % (n['files'][2][1]['p50_ms'], p['files'][2][1]['p50_ms']))
    ok = all(int(n[k]) == 0 for k in ('connect', 'read', 'write', 'status', 'timeout'))
    print('nginx errors: %s' % ('0' if ok else 'NOT 0'))
EOF
