#!/usr/bin/env bash
# One command for the whole benchmark suite (see bench/run_bench.py): installs the peers,
# builds the native tool, and prints the tables of figures and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
bench/setup.sh
scripts/fetch_mnist.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target cnn >/dev/null
browser_json=""
if [ -f bench/browser_bench.mjs ]; then
  ./build_wasm.sh >/dev/null
  node bench/browser_bench.mjs > build/browser_bench.md
  echo "" >> build/browser_bench.md
  echo "### Frames while drawing (bench/frame_bench.mjs)" >> build/browser_bench.md
  echo "" >> build/browser_bench.md
  node bench/frame_bench.mjs >> build/browser_bench.md
  echo "" >> build/browser_bench.md
  node bench/frame_bench.mjs --width 800 --height 500 >> build/browser_bench.md  # an LMS-sized iframe
  echo "" >> build/browser_bench.md
  node bench/frame_bench.mjs --width 800 --height 500 --model two-stage >> build/browser_bench.md  # the two-stage model
  echo "" >> build/browser_bench.md
  node bench/frame_bench.mjs --width 800 --height 500 --overlay occlusion >> build/browser_bench.md  # "why this digit" on
  echo "" >> build/browser_bench.md
  node bench/frame_bench.mjs --width 800 --height 500 --model two-stage --overlay occlusion >> build/browser_bench.md
  echo "" >> build/browser_bench.md
  echo "### Explanations (bench/explain_bench.mjs)" >> build/browser_bench.md
  echo "" >> build/browser_bench.md
  node bench/explain_bench.mjs >> build/browser_bench.md
  browser_json=build/browser_bench.md
fi
exec /usr/bin/python3 bench/run_bench.py ${browser_json:+--browser-json "$browser_json"} "$@"
