#!/bin/sh
# Writes a .gz twin next to every compressible file of the built page (the server sends it to
# clients that accept gzip). Called by the build; idempotent.
set -eu
cd "$1"
for f in *.html *.js *.css *.wasm *.ttf *.svg; do
  [ -f "$f" ] || continue
  gzip -9 -n -k -f "$f"
done
