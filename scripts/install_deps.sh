#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian 12 (bookworm) machine.
#   scripts/install_deps.sh native   compiler, CMake, Catch2 3 (bookworm-backports), npm, NumPy
#   scripts/install_deps.sh web      native + Emscripten and the deb-src entries for ImGui / SDL2 sources
#   scripts/install_deps.sh test     web + Chromium for the browser tests
#   scripts/install_deps.sh hosting  only nginx and wrk (deploy/nginx, tests/browser/nginx.test.js, bench/load)
# Every step is skipped when already done, so calling it again is cheap.
set -euo pipefail
what=${1:-test}
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

if [ "$what" = hosting ]; then  # optional, on its own: nothing else is installed
  if [ "$(dpkg-query -W -f='${Status}\n' nginx wrk 2>/dev/null | grep -c 'install ok installed')" != 2 ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx wrk >/dev/null
  fi
  echo "install_deps: hosting dependencies present"; exit 0
fi

need_update=0
add_source() {  # add_source FILE CONTENT: writes an apt source file once
  local file=/etc/apt/sources.list.d/$1
  if [ ! -f "$file" ]; then
    echo "$2" | $SUDO tee "$file" >/dev/null
    need_update=1
  fi
}

# The machine's own Debian mirror (falls back to the public one).
mirror=$(grep -h '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1 | awk '{print $2}')
mirror=${mirror:-http://deb.debian.org/debian}

add_source cnn-demo-backports.sources "Types: deb
URIs: $mirror
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"

if [ "$what" != native ]; then
  # Source packages: bookworm's libsdl2 2.26.5, trixie's imgui 1.90.1 (see docs/toolchain notes in README).
  add_source cnn-demo-src.sources "Types: deb-src
URIs: $mirror
Suites: bookworm trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
fi

pkgs=(cmake g++ ninja-build make npm python3-numpy xz-utils ca-certificates)
# The web build subsets DejaVu (Latin) and Noto Sans CJK (Hangul) fonts with fontTools.
[ "$what" != native ] && pkgs+=(emscripten dpkg-dev zip python3 python3-fonttools fonts-dejavu-core fonts-noto-cjk)
[ "$what" = test ] && pkgs+=(chromium)

missing=()
for p in "${pkgs[@]}" libcatch2-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm from NodeSource's nodejs is fine: only install Debian's npm when no npm exists.
if command -v npm >/dev/null; then missing=("${missing[@]/npm}"); fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))

if [ ${#missing[@]} -gt 0 ] || [ $need_update = 1 ]; then
  $SUDO apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "install_deps: installing ${missing[*]}"
  # Catch2 3.x lives in bookworm-backports as libcatch2-dev.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    $(printf '%s\n' "${missing[@]}" | grep -v '^libcatch2-dev$' | tr '\n' ' ') >/dev/null
  if printf '%s\n' "${missing[@]}" | grep -q '^libcatch2-dev$'; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t bookworm-backports libcatch2-dev >/dev/null
  fi
fi
echo "install_deps: $what dependencies present"
