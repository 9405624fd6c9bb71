#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what is missing, fetches MNIST,
# builds the native core + tests and runs them through CTest, then builds the web demo
# and runs the browser end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_deps.sh test
scripts/fetch_mnist.sh

echo "== native build and unit tests"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build
(cd build && ctest --output-on-failure)

if [ -x tests/browser/run.sh ]; then
  echo "== web build and browser tests"
  ./build_wasm.sh
  tests/browser/run.sh
fi
