#!/usr/bin/env bash
# Builds the browser demo (C++ CNN core + Dear ImGui app → WebAssembly) into dist/.
#   ./build_wasm.sh          install what is missing, build, write dist/
#   ./build_wasm.sh serve    build if needed, then serve dist/ on http://127.0.0.1:8080/
#   ./build_wasm.sh clean    remove build-wasm/ and dist/ (keeps the third_party/ cache)
# The build itself is CMake's (cmake/web.cmake, through Debian's Emscripten toolchain file);
# this wrapper installs what is missing, fetches the third-party sources, configures, builds
# and serves. Third-party sources come only from Debian source packages (apt-get source) into
# third_party/ (git-ignored, scripts/fetch_third_party.sh); SDL2 is built once and cached.
# Environment: CNN_MODEL (the .cnnw to embed), CNN_DIST_DIR (default dist/), CNN_BUILD_DIR
# (default build-wasm/), PORT (serve, default 8080), JOBS (parallel compiles, default nproc).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
mode=${1:-build}
BW=${CNN_BUILD_DIR:-$ROOT/build-wasm}
DIST=${CNN_DIST_DIR:-$ROOT/dist}
MODEL=${CNN_MODEL:-$ROOT/models/simpleconvnet.cnnw}
PORT=${PORT:-8080}
export JOBS=${JOBS:-$(nproc)}

log() { printf '\033[1mbuild_wasm:\033[0m %s\n' "$*"; }

if [ "$mode" = clean ]; then
  rm -rf "$BW" "$DIST"; log "removed build-wasm/ and dist/"; exit 0
fi

scripts/install_deps.sh web   # Emscripten, CMake, Ninja, fonts, fontTools, deb-src entries
scripts/fetch_third_party.sh  # Dear ImGui and SDL2 (built once) into third_party/
[ -f data/mnist/t10k-images-idx3-ubyte ] || scripts/fetch_mnist.sh
[ -f "$MODEL" ] || { echo "build_wasm: missing $MODEL (the trained model)" >&2; exit 1; }
MODEL=$(realpath "$MODEL") DIST=$(realpath -m "$DIST")

# Configure when the tree is new or the model / output directory asked for differ from its cache.
cached() { sed -n "s|^$1:[A-Z]*=||p" "$BW/CMakeCache.txt" 2>/dev/null; }
if [ ! -f "$BW/build.ninja" ] || [ "$(cached CNN_MODEL)" != "$MODEL" ] || [ "$(cached CNN_DIST_DIR)" != "$DIST" ]; then
  export NODE_PATH=/usr/share/nodejs EM_FROZEN_CACHE=1
  mkdir -p "$BW"
  emcmake cmake -S "$ROOT" -B "$BW" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCNN_MODEL="$MODEL" -DCNN_DIST_DIR="$DIST" >"$BW/configure.log" 2>&1 || {
      cat "$BW/configure.log" >&2; exit 1; }
fi
cmake --build "$BW" --parallel "$JOBS"

log "dist/:"
for f in "$DIST"/*; do printf '  %-12s %8d bytes\n' "$(basename "$f")" "$(stat -c %s "$f")"; done

if [ "$mode" = serve ]; then
  log "serving dist/ on http://127.0.0.1:$PORT/  (Ctrl-C to stop)"
  exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$DIST"
fi
