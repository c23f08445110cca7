#!/bin/sh
# Writes a .br (brotli -q 11) and a .gz (gzip -9) twin next to every compressible file of the
# built page; the server sends the smallest its client accepts (src/server/static_files.h).
# Called by the build; idempotent.
set -eu
cd "$1"
for f in *.html *.js *.css *.wasm *.ttf *.svg; do
  [ -f "$f" ] || continue
  gzip -9 -n -k -f "$f"
  brotli -q 11 -k -f "$f"
done
