#!/usr/bin/env bash
# Browser end-to-end tests of the demo in dist/ (build it first with ./build_wasm.sh):
# serves dist/ from a local python http.server under a sub-path on a free port, and runs
# tests/browser/*.test.js (chaos.test.js serves dist/ itself, with stalls, drops and lies) in Debian's headless Chromium through playwright-core.
# Native reference: build/cnn predict on the same model (CNN_MODEL, default models/simpleconvnet.cnnw).
# Prints measurements and a last line "N passed, N failed"; exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
MODEL=${CNN_MODEL:-$ROOT/models/simpleconvnet.cnnw}
OUT=$ROOT/build/browser
DIST=${CNN_DIST_DIR:-$ROOT/dist}   # CNN_DIST_DIR: test a build written elsewhere (build_wasm.sh honours it too)
mkdir -p "$OUT"

[ -f "$DIST/index.html" ] || { echo "run.sh: $DIST/index.html missing — run ./build_wasm.sh first" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "run.sh: /usr/bin/chromium missing — run scripts/install_deps.sh test" >&2; exit 1; }

# playwright-core only (it drives the system Chromium; no browser download).
if [ ! -d node_modules/playwright-core ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund >/dev/null; else npm install --no-audit --no-fund >/dev/null; fi
fi

# The native tool's predictions for test images 0..199, from the model the page embeds.
if [ ! -x build/cnn ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build --target cnn >/dev/null
fi
build/cnn predict --data data/mnist --weights "$MODEL" --count 200 --out build/native_predictions.json >/dev/null
# The same for the second model of the page's switch (cmake/web.cmake CNN_MODELS: simple=$MODEL, two-stage=…).
build/cnn predict --data data/mnist --weights "$ROOT/models/two-stage.cnnw" --count 200 --out build/native_predictions_two-stage.json >/dev/null

# Serve from a sub-path (/some/sub/path/), so relative URLs are exercised.
SITE=$OUT/site
rm -rf "$SITE" && mkdir -p "$SITE/some/sub"
ln -s "$DIST" "$SITE/some/sub/path"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$SITE" >"$OUT/http.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null && break
  sleep 0.1
done

node tests/browser/e2e.test.js --url "http://127.0.0.1:$PORT/some/sub/path/" --out "$OUT" \
  --native build/native_predictions.json --mnist data/mnist --dist "$DIST" 2>&1 | tee "$OUT/e2e.log" || true
node tests/browser/embed.test.js --dist "$DIST" --out "$OUT" --native build/native_predictions.json --mnist data/mnist 2>&1 | tee "$OUT/embed.log" || true
node tests/browser/lms.test.js --dist "$DIST" --out "$OUT" 2>&1 | tee "$OUT/lms.log" || true
node tests/browser/layout.test.js --dist "$DIST" --out "$OUT" 2>&1 | tee "$OUT/layout.log" || true
node tests/browser/a11y.test.js --dist "$DIST" --out "$OUT" 2>&1 | tee "$OUT/a11y.log" || true
node tests/browser/train.test.js --url "http://127.0.0.1:$PORT/some/sub/path/" --out "$OUT" --mnist data/mnist --dist "$DIST" 2>&1 | tee "$OUT/train.log" || true
node tests/browser/explain.test.js --url "http://127.0.0.1:$PORT/some/sub/path/" --out "$OUT" 2>&1 | tee "$OUT/explain.log" || true
node tests/browser/crops.test.js --url "http://127.0.0.1:$PORT/some/sub/path/" --out "$OUT" 2>&1 | tee "$OUT/crops.log" || true
node tests/browser/reliability.test.js --url "http://127.0.0.1:$PORT/some/sub/path/" --mnist data/mnist 2>&1 | tee "$OUT/reliability.log" || true
node tests/browser/models.test.js --url "http://127.0.0.1:$PORT/some/sub/path/" --out "$OUT" --mnist data/mnist \
  --native-simple build/native_predictions.json --native-two-stage build/native_predictions_two-stage.json 2>&1 | tee "$OUT/models.log" || true
node tests/browser/chaos.test.js --dist "$DIST" --out "$OUT" --mnist data/mnist --table "$OUT/chaos-table.json" 2>&1 | tee "$OUT/chaos.log" || true
logs="e2e embed lms layout a11y train explain crops reliability models chaos"
# The hosting configuration (deploy/nginx, docs/hosting.md), where nginx is installed.
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
  node tests/browser/nginx.test.js --dist "$DIST" --out "$OUT" --mnist data/mnist 2>&1 | tee "$OUT/nginx.log" || true
  logs="$logs nginx"
else
  echo "tests/browser/nginx.test.js skipped: nginx not installed (scripts/install_deps.sh hosting)"
fi
# One total for all the files; a file whose last line is not its summary (it crashed) is a failure.
total_p=0; total_f=0
for log in $logs; do
  last=$(tail -n1 "$OUT/$log.log" 2>/dev/null || true)
  if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    total_p=$((total_p + BASH_REMATCH[1])); total_f=$((total_f + BASH_REMATCH[2]))
  else
    echo "tests/browser/$log.test.js did not finish (last line: '$last')"; total_f=$((total_f + 1))
  fi
done
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
