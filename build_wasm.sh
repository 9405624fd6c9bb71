#!/usr/bin/env bash
# Builds the browser demo (C++ CNN core + Dear ImGui app → WebAssembly) into dist/.
#   ./build_wasm.sh          install what is missing, build, write dist/
#   ./build_wasm.sh serve    build if needed, then serve dist/ on http://127.0.0.1:8080/
#   ./build_wasm.sh clean    remove build-wasm/ and dist/ (keeps the third_party/ cache)
# Third-party sources come only from Debian source packages (apt-get source) and are
# unpacked into third_party/ (git-ignored); SDL2 and ImGui are built once and cached.
# Environment: PORT (serve, default 8080), JOBS (parallel compiles, default nproc).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
mode=${1:-build}

IMGUI_PKG=imgui=1.90.1+ds-1          # trixie: Dear ImGui 1.90.1 (mouse/touch/pen sources)
SDL_PKG=libsdl2=2.26.5+dfsg-1        # bookworm: SDL 2.26.5
IMGUI_DIR=$ROOT/third_party/imgui-1.90.1
SDL_SRC=$ROOT/third_party/SDL2-2.26.5
SDL_PREFIX=$ROOT/third_party/sdl2-wasm     # static libSDL2.a + headers, built once
BW=${CNN_BUILD_DIR:-$ROOT/build-wasm}                     # objects, generated headers, build.ninja
DIST=${CNN_DIST_DIR:-$ROOT/dist}
MODEL=${CNN_MODEL:-$ROOT/models/simpleconvnet.cnnw}   # CNN_MODEL: test with another .cnnw
PORT=${PORT:-8080}
JOBS=${JOBS:-$(nproc)}

log() { printf '\033[1mbuild_wasm:\033[0m %s\n' "$*"; }

if [ "$mode" = clean ]; then
  rm -rf "$BW" "$DIST"; log "removed build-wasm/ and dist/"; exit 0
fi

# 1. Tools: Emscripten, CMake, Ninja, deb-src entries (cheap when already done). -------------
scripts/install_deps.sh web
export NODE_PATH=/usr/share/nodejs   # emcc needs Debian's acorn when `node` is NodeSource's
export EM_FROZEN_CACHE=1

# 2. Sources of Dear ImGui and SDL2 from Debian's source packages. ---------------------------
fetch_sources() {
  local dl=$ROOT/third_party/src
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
}
fetch_sources

# 3. SDL2 as a static WebAssembly library (about 3 minutes, once). ---------------------------
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

# 4. Native `cnn` tool: makes the 100 sample digits from the MNIST test set. ------------------
[ -f data/mnist/t10k-images-idx3-ubyte ] || { [ -x scripts/fetch_mnist.sh ] && scripts/fetch_mnist.sh; }
if [ ! -x build/cnn ]; then
  log "building the native tool build/cnn"
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build --target cnn >/dev/null
fi
mkdir -p "$BW/gen"
if [ ! -f "$BW/gen/samples.cnns" ] || [ build/cnn -nt "$BW/gen/samples.cnns" ]; then
  build/cnn samples --data data/mnist --count 100 --out "$BW/gen/samples.cnns"
fi
# The Train tab's data: 10 000 training + 1 000 test MNIST digits (.cnnd, with a CRC), a separate
# file in dist/ that the page fetches only when the Train tab opens (the page load does not grow).
if [ ! -f "$BW/gen/mnist-train.cnnd" ] || [ build/cnn -nt "$BW/gen/mnist-train.cnnd" ]; then
  build/cnn subset --data data/mnist --train 10000 --test 1000 --out "$BW/gen/mnist-train.cnnd"
fi
[ -f "$MODEL" ] || { echo "build_wasm: missing $MODEL (the trained model)" >&2; exit 1; }

# 5. UI fonts: DejaVu Sans (regular, bold) from Debian's fonts-dejavu-core, cut down by
#    fontTools to the Latin-1 characters the UI uses (~17 KB each instead of ~750 KB).
for p in fonts-dejavu-core fonts-noto-cjk python3-fonttools; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
    log "installing $p"; DEBIAN_FRONTEND=noninteractive $( [ "$(id -u)" -ne 0 ] && echo sudo ) \
      apt-get install -y -qq --no-install-recommends "$p" >/dev/null; }
done
GLYPHS="U+0020-007E,U+00A0-00FF,U+00D7,U+2013-2014,U+2026,U+2190-2193,U+2212,U+229B"
for style in "" -Bold; do
  src=/usr/share/fonts/truetype/dejavu/DejaVuSans$style.ttf out=$BW/gen/DejaVuSans$style-subset.ttf
  if [ ! -f "$out" ] || [ "$src" -nt "$out" ]; then
    /usr/bin/python3 -m fontTools.subset "$src" --unicodes="$GLYPHS" --no-hinting --layout-features='' \
      --output-file="$out" 2>/dev/null
  fi
done
# Korean (lesson mode, set_language): Noto Sans CJK KR (fonts-noto-cjk), cut down to exactly the
# Hangul the Korean strings use (read from src/app/ at every build) plus ASCII.
/usr/bin/python3 - "$ROOT/src/app" "$BW/gen/korean-unicodes.txt" <<'PY'
import glob, os, sys
src, out = sys.argv[1:3]
chars = set()
for path in sorted(glob.glob(os.path.join(src, "**", "*.inc"), recursive=True) + glob.glob(os.path.join(src, "**", "*.cpp"), recursive=True)):
    chars.update(c for c in open(path, encoding="utf-8").read() if 0xAC00 <= ord(c) <= 0xD7A3 or 0x3131 <= ord(c) <= 0x318E)
text = "U+0020-007E " + " ".join("U+%04X" % ord(c) for c in sorted(chars)) + "\n"
if not os.path.exists(out) or open(out).read() != text:
    open(out, "w").write(text)
PY
KO_SRC=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc KO_OUT=$BW/gen/NotoSansKR-subset.otf
if [ ! -f "$KO_OUT" ] || [ "$BW/gen/korean-unicodes.txt" -nt "$KO_OUT" ]; then
  /usr/bin/python3 -m fontTools.subset "$KO_SRC" --font-number=1 --unicodes-file="$BW/gen/korean-unicodes.txt" \
    --no-hinting --layout-features='' --desubroutinize --output-file="$KO_OUT" 2>/dev/null
fi

# 6. Embedded files: model bytes, sample digits, fonts, GLSL shaders → generated headers. ------------
# Only rewritten when the content changes, so Ninja recompiles only what depends on it.
python3 - "$BW/gen" "$MODEL" "$BW/gen/samples.cnns" "$ROOT/shaders" <<'PY'
import os, sys
gen, model, samples, shader_dir = sys.argv[1:5]

def write_if_changed(path, text):
    if os.path.exists(path) and open(path).read() == text:
        return
    open(path, "w").write(text)

def byte_array(name, data):
    rows = [",".join(str(b) for b in data[i:i + 40]) for i in range(0, len(data), 40)]
    return (f"alignas(4) static const unsigned char {name}[] = {{\n" + ",\n".join(rows) +
            f"\n}};\nstatic const unsigned long {name}_size = {len(data)};\n")

head = "// Generated by build_wasm.sh — do not edit.\n#pragma once\n"
write_if_changed(f"{gen}/embedded_model.h",
                 head + "// models/simpleconvnet.cnnw\n" + byte_array("kEmbeddedModel", open(model, "rb").read()))
write_if_changed(f"{gen}/embedded_fonts.h",
                 head + "// DejaVu Sans subsets (fonts-dejavu-core; license: Bitstream Vera / public domain changes)\n" +
                 byte_array("kFontSans", open(f"{gen}/DejaVuSans-subset.ttf", "rb").read()) +
                 byte_array("kFontSansBold", open(f"{gen}/DejaVuSans-Bold-subset.ttf", "rb").read()) +
                 "// Noto Sans CJK KR subset: the Hangul of the Korean strings (fonts-noto-cjk; SIL OFL 1.1)\n" +
                 byte_array("kFontKorean", open(f"{gen}/NotoSansKR-subset.otf", "rb").read()))
write_if_changed(f"{gen}/embedded_samples.h",
                 head + "// `cnn samples` output: \"CNNS\", count, rows, cols, then (label, 784 pixels) records\n" +
                 byte_array("kEmbeddedSamples", open(samples, "rb").read()))
out = head + "// GLSL sources from shaders/\n"
for fn in sorted(os.listdir(shader_dir)):
    if fn.endswith((".vert", ".frag", ".glsl")):
        ident = "kShader_" + fn.replace(".", "_")
        src = open(os.path.join(shader_dir, fn)).read()
        out += f'static const char {ident}[] = R"GLSL({src})GLSL";\n'
write_if_changed(f"{gen}/embedded_shaders.h", out)
PY

# 7. Compile and link with Ninja (incremental, header dependencies tracked). ------------------
CXXFLAGS="-std=c++17 -O3 -msimd128 -Wall -Wextra -DIMGUI_IMPL_OPENGL_ES3 -DIMGUI_DISABLE_OBSOLETE_FUNCTIONS \
 -I$ROOT/src -I$BW/gen -I$IMGUI_DIR -I$IMGUI_DIR/backends -I$SDL_PREFIX/include/SDL2"
LDFLAGS="-O3 -msimd128 -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=0 -sENVIRONMENT=web -sMIN_WEBGL_VERSION=2 \
 -sMAX_WEBGL_VERSION=2 -sMINIFY_HTML=0 '-sDEFAULT_LIBRARY_FUNCS_TO_INCLUDE=[\$autoResumeAudioContext,\$dynCall]' \
 -sEXPORTED_RUNTIME_METHODS=[UTF8ToString] -sDYNAMIC_EXECUTION=0 \
 --shell-file $ROOT/web/shell.html --post-js $ROOT/web/cnn_demo_api.js -fexceptions"

{
  echo "# Generated by build_wasm.sh"
  echo "cxxflags = $CXXFLAGS"
  echo "ldflags = ${LDFLAGS//\$/\$\$}"   # Ninja wants a literal $ as $$
  echo "rule cxx"
  echo "  command = em++ \$cxxflags \$extra -MMD -MF \$out.d -c \$in -o \$out"
  echo "  depfile = \$out.d"
  echo "  deps = gcc"
  echo "  description = em++ \$in"
  echo "rule link"
  echo "  command = em++ \$in -o \$out \$ldflags"
  echo "  description = link \$out"
  objs=()
  for f in "$IMGUI_DIR"/imgui.cpp "$IMGUI_DIR"/imgui_draw.cpp "$IMGUI_DIR"/imgui_tables.cpp \
           "$IMGUI_DIR"/imgui_widgets.cpp "$IMGUI_DIR"/backends/imgui_impl_sdl2.cpp \
           "$IMGUI_DIR"/backends/imgui_impl_opengl3.cpp; do
    o=$BW/imgui/$(basename "${f%.cpp}").o; objs+=("$o")
    echo "build $o: cxx $f | $ROOT/src/web/gl_state_shim.h"
    case $f in
      *imgui_impl_opengl3.cpp) echo "  extra = -Wno-unused-parameter -include $ROOT/src/web/gl_state_shim.h" ;;
      *) echo "  extra = -Wno-unused-parameter" ;;
    esac
  done
  for f in src/cnn/*.cpp $(find src/app -name "*.cpp" | sort) src/web/*.cpp; do
    [ -f "$f" ] || continue
    o=$BW/obj/${f%.cpp}.o; objs+=("$o")
    echo "build $o: cxx $ROOT/$f"
    # Model::load is the one place that catches the core's exceptions (a bad weights file).
    # train/session.cpp catches them too (a damaged data file or an imported weights file).
    case $f in src/app/demo/model.cpp|src/app/train/session.cpp) echo "  extra = -fexceptions" ;; esac
  done
  echo "build $DIST/index.html | $DIST/index.js $DIST/index.wasm: link ${objs[*]} $SDL_PREFIX/lib/libSDL2.a" \
       "| $ROOT/web/shell.html $ROOT/web/cnn_demo_api.js"
  # Embedding (docs/embedding.md): the same objects linked again into one self-contained page.
  echo "build $BW/single/cnn-demo.html: link ${objs[*]} $SDL_PREFIX/lib/libSDL2.a" \
       "| $ROOT/web/embed.html $ROOT/web/embed_setup.js $ROOT/web/cnn_demo_api.js $ROOT/web/embed.js"
  echo "  ldflags = \$ldflags -sSINGLE_FILE=1 --shell-file $ROOT/web/embed.html --pre-js $ROOT/web/embed_setup.js" \
       "--post-js $ROOT/web/embed.js"
} > "$BW/build.ninja.new"
cmp -s "$BW/build.ninja.new" "$BW/build.ninja" 2>/dev/null || mv "$BW/build.ninja.new" "$BW/build.ninja"
rm -f "$BW/build.ninja.new"
mkdir -p "$DIST"
ninja -C "$BW" -j "$JOBS"
# The pages' Content-Security-Policy allows WebAssembly ('wasm-unsafe-eval') but not JavaScript
# eval: -sDYNAMIC_EXECUTION=0 keeps the glue free of it; check that nothing brought it back.
if grep -HnoE '(^|[^[:alnum:]_$])(eval|Function)[[:space:]]*\(' "$DIST/index.js" "$DIST/index.html" "$BW/single/cnn-demo.html" | cut -c1-200 >&2; then
  echo "build_wasm: eval( or new Function( in the JavaScript above: the CSP (script-src without 'unsafe-eval') would block it" >&2
  exit 1
fi
python3 web/embed_package.py "$ROOT/web" "$BW/single/cnn-demo.html" "$DIST"   # embed.html, cnn-demo.html, SCORM zip
cmp -s "$BW/gen/mnist-train.cnnd" "$DIST/mnist-train.cnnd" 2>/dev/null || cp "$BW/gen/mnist-train.cnnd" "$DIST/mnist-train.cnnd"

log "dist/:"
for f in "$DIST"/*; do printf '  %-12s %8d bytes\n' "$(basename "$f")" "$(stat -c %s "$f")"; done

# 8. Serve. ------------------------------------------------------------------------------------
if [ "$mode" = serve ]; then
  log "serving dist/ on http://127.0.0.1:$PORT/  (Ctrl-C to stop)"
  exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$DIST"
fi
