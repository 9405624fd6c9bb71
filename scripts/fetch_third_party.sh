#!/usr/bin/env bash
# Dear ImGui and SDL2 for the web build, from Debian source packages only (apt-get source),
# unpacked into third_party/ (git-ignored); SDL2 is built once into a static WebAssembly
# library, third_party/sdl2-wasm/lib/libSDL2.a (about 3 minutes). Every step is skipped when
# its result is already there. Needs the deb-src entries of `scripts/install_deps.sh web`.
# Environment: JOBS (parallel compiles of the SDL2 build, default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JOBS=${JOBS:-$(nproc)}
export NODE_PATH=/usr/share/nodejs   # emcc needs Debian's acorn when `node` is NodeSource's
export EM_FROZEN_CACHE=1

IMGUI_PKG=imgui=1.90.1+ds-1          # trixie: Dear ImGui 1.90.1 (mouse/touch/pen sources)
SDL_PKG=libsdl2=2.26.5+dfsg-1        # bookworm: SDL 2.26.5
IMGUI_DIR=$ROOT/third_party/imgui-1.90.1
SDL_SRC=$ROOT/third_party/SDL2-2.26.5
SDL_PREFIX=$ROOT/third_party/sdl2-wasm     # static libSDL2.a + headers

log() { printf '\033[1mfetch_third_party:\033[0m %s\n' "$*"; }

dl=$ROOT/third_party/src
mkdir -p "$dl"
if ! ls "$dl"/imgui_1.90.1*.orig.tar.* >/dev/null 2>&1 || ! ls "$dl"/libsdl2_2.26.5*.orig.tar.* >/dev/null 2>&1; then
  log "apt-get source $IMGUI_PKG $SDL_PKG"
  (cd "$dl" && apt-get source --download-only -qq "$IMGUI_PKG" "$SDL_PKG" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
fi
if [ ! -f "$IMGUI_DIR/imgui.h" ]; then
  rm -rf "$IMGUI_DIR" && mkdir -p "$IMGUI_DIR"
  tar -xf "$dl"/imgui_1.90.1*.orig.tar.* -C "$IMGUI_DIR" --strip-components=1
fi
if [ ! -f "$SDL_SRC/CMakeLists.txt" ]; then
  rm -rf "$SDL_SRC" && mkdir -p "$SDL_SRC"
  tar -xf "$dl"/libsdl2_2.26.5*.orig.tar.* -C "$SDL_SRC" --strip-components=1
fi

if [ ! -f "$SDL_PREFIX/lib/libSDL2.a" ]; then
  log "building SDL2 2.26.5 for WebAssembly (once; ~3 min)"
  configure_sdl() {
    emcmake cmake -S "$SDL_SRC" -B "$ROOT/third_party/sdl2-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DCMAKE_INSTALL_PREFIX="$SDL_PREFIX" \
      >"$ROOT/third_party/sdl2-configure.log" 2>&1
  }
  # CMake's many emcc test compiles have failed once at random on a loaded machine: retry
  # once from scratch before giving up.
  configure_sdl || { rm -rf "$ROOT/third_party/sdl2-build"; configure_sdl; } || {
    tail -30 "$ROOT/third_party/sdl2-configure.log" >&2; exit 1; }
  cmake --build "$ROOT/third_party/sdl2-build" -j "$JOBS" >/dev/null
  cmake --install "$ROOT/third_party/sdl2-build" >/dev/null
fi
