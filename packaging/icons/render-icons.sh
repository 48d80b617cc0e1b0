#!/usr/bin/env bash
# Renders the application icon's PNG sizes from the SVG (rsvg-convert, Debian
# package librsvg2-bin). The PNGs are committed; run this after changing the SVG.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ID=io.github.inferscope.InferScope
for size in 16 32 48 64 128 256; do
  rsvg-convert --width "$size" --height "$size" --format png --output "$ID-$size.png" "$ID.svg"
done
