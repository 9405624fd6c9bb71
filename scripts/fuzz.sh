#!/usr/bin/env bash
# Builds the libFuzzer targets (clang 14 with ASan + UBSan) and runs each for SECONDS
# (default 30). Seeds come from tests/fuzz/make_seeds.cpp; what a run finds is kept in
# build-fuzz/corpus/<target>. A crash stops the script with libFuzzer's report and a
# crash-* file to turn into a regression test.
#   scripts/fuzz.sh            30 s per target (what CI runs)
#   scripts/fuzz.sh 600        the long run (10 minutes per target)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
if ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed"; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang-14 libclang-rt-14-dev >/dev/null
fi
out=build-fuzz
mkdir -p $out/corpus/weights $out/corpus/idx $out/corpus/preprocess
flags=(-std=c++17 -O1 -g -Isrc -fno-sanitize-recover=all)
# The core is compiled once (instrumented for coverage, ASan and UBSan), then linked into each target.
mkdir -p $out/obj
core=()
for f in src/cnn/*.cpp; do core+=("$out/obj/$(basename "${f%.cpp}").o"); done
# An object is rebuilt when its source or any core header is newer than it.
newest_header=$(ls -t src/cnn/*.h | head -1)
printf '%s\n' src/cnn/*.cpp | xargs -P "$(nproc)" -I{} sh -c \
  'o='"$out"'/obj/$(basename {} .cpp).o; [ "$o" -nt {} ] && [ "$o" -nt '"$newest_header"' ] || clang++-14 '"${flags[*]}"' -fsanitize=fuzzer-no-link,address,undefined -c {} -o "$o"'
clang++-14 "${flags[@]}" -fsanitize=address,undefined tests/fuzz/make_seeds.cpp "${core[@]}" -o $out/make_seeds -lpthread
$out/make_seeds $out/corpus >/dev/null
status=0
for target in weights idx preprocess; do
  clang++-14 "${flags[@]}" -fsanitize=fuzzer,address,undefined tests/fuzz/fuzz_$target.cpp "${core[@]}" \
    -o $out/fuzz_$target -lpthread
  echo "== fuzz_$target for ${seconds}s"
  if ! $out/fuzz_$target -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
       -artifact_prefix=$out/ -print_final_stats=1 $out/corpus/$target 2> $out/fuzz_$target.log; then
    status=1
    tail -60 $out/fuzz_$target.log
  fi
  grep -E "^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|cov:" $out/fuzz_$target.log | tail -2
done
exit $status
