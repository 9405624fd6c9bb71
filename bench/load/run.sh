#!/usr/bin/env bash
# Load test of the static site on loopback: 100 concurrent clients fetching the demo's files
# (index.html, index.js, index.wasm in turn) for DURATION seconds from a plain static server
# (Python's threading http.server). Needs a built dist/ (./build_wasm.sh) and wrk.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-15}
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
[ -f dist/index.html ] || { echo "build the site first: ./build_wasm.sh" >&2; exit 1; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null && break; sleep 0.1; done
wrk -t2 -c100 -d"${DURATION}s" --timeout 30s --latency -s bench/load/page.lua "http://127.0.0.1:$PORT"
