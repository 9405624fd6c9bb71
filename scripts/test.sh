#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what is missing, fetches MNIST,
# builds the native core + tests and runs them through CTest, then builds the web demo
# and runs the browser end-to-end tests in headless Chromium. Also: the unit tests again under
# ASan + UBSan, and a short libFuzzer run of every parser.
#   scripts/test.sh            everything (what .ci/run calls)
#   scripts/test.sh --quick    the native unit tests only (build + CTest; no sanitizers, fuzzing or browser)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
case ${1:-} in
  --quick) quick=1 ;;
  "") ;;
  *) echo "usage: scripts/test.sh [--quick]" >&2; exit 2 ;;
esac
scripts/install_deps.sh "$([ $quick = 1 ] && echo native || echo test)"
[ $quick = 1 ] || scripts/install_deps.sh hosting   # nginx + wrk for tests/browser/nginx.test.js
scripts/fetch_mnist.sh

echo "== native build and unit tests"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build
(cd build && ctest --output-on-failure)
[ $quick = 1 ] && exit 0

echo "== sanitizers: the same tests under AddressSanitizer + UndefinedBehaviorSanitizer (LeakSanitizer on)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCNN_SANITIZE=ON >/dev/null
cmake --build build-asan
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --output-on-failure)

echo "== fuzzing: each parser for ${FUZZ_SECONDS:-30} s (scripts/fuzz.sh)"
scripts/fuzz.sh "${FUZZ_SECONDS:-30}"

if [ -x tests/browser/run.sh ]; then
  echo "== web build and browser tests"
  ./build_wasm.sh
  tests/browser/run.sh
fi
