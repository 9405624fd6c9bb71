#!/usr/bin/env bash
# Installs the peers the benchmark suite compares against (not needed for the tests):
# Debian's PyTorch and OpenBLAS (for the peers' strongest configuration), NumPy, and the
# TensorFlow.js npm packages for the in-browser comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_deps.sh test
pkgs=(python3-torch python3-numpy libopenblas0-pthread)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench/setup: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -d bench/node_modules/@tensorflow/tfjs-backend-wasm ]; then
  (cd bench && npm install --silent --no-audit --no-fund)
fi
echo "bench/setup: peers installed"
