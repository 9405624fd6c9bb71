#!/usr/bin/env bash
# Builds the libFuzzer targets (CMake option CNN_FUZZ: clang 14 with ASan + UBSan, cmake/fuzz.cmake)
# in build-fuzz/ and runs each for SECONDS (default 30). Seeds come from tests/fuzz/make_seeds.cpp;
# what a run finds is kept in build-fuzz/corpus/<target>. A crash stops the script with
# libFuzzer's report and a crash-* file to turn into a regression test.
#   scripts/fuzz.sh            30 s per target (what CI runs)
#   scripts/fuzz.sh 600        the long run (10 minutes per target)
# Environment: JOBS (parallel compiles, default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
if ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed"; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang-14 libclang-rt-14-dev >/dev/null
fi
out=build-fuzz
# The portable (baseline x86-64) SIMD paths, as shipped to machines other than this one.
cmake -S . -B $out -G Ninja -DCNN_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Debug \
  -DCNN_NATIVE_ARCH=OFF >/dev/null
cmake --build $out --parallel "${JOBS:-$(nproc)}"
mkdir -p $out/corpus/weights $out/corpus/idx $out/corpus/preprocess
$out/make_seeds $out/corpus >/dev/null
status=0
for target in weights idx preprocess; do
  echo "== fuzz_$target for ${seconds}s"
  if ! $out/fuzz_$target -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
       -artifact_prefix=$out/ -print_final_stats=1 $out/corpus/$target 2> $out/fuzz_$target.log; then
    status=1
    tail -60 $out/fuzz_$target.log
  fi
  grep -E "^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|cov:" $out/fuzz_$target.log | tail -2
done
exit $status
