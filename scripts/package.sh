#!/usr/bin/env bash
# Builds the Debian package: build/package/barkhordari_VERSION_amd64.deb (CPack, from the
# native build's install rules in cmake/package.cmake, with the wasm build's web client).
# Prints the .deb's path on its last line. Idempotent.
#   BK_PACKAGE_VERSION=1.0.1 scripts/package.sh    another version number (also --version's)
#   BK_PACKAGE_SERVER=barkhordari_next_schema       another server target (the upgrade test's
#                                                   next release: one more migration)
# The native build is left configured with what was asked: run it again without them to go back.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
scripts/build.sh >/dev/null
server=${BK_PACKAGE_SERVER:-barkhordari}
cmake --preset native -DBK_PACKAGE_VERSION="${BK_PACKAGE_VERSION:-$(sed -n 's/^project(barkhordari VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)}" \
  -DBK_PACKAGE_SERVER="$server" >/dev/null
cmake --build --preset native --target all "$server" >/dev/null
rm -rf build/package/_CPack_Packages
( cd build/native && cpack -G DEB -B "$PWD/../package" >/dev/null )
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' build/native/CPackConfig.cmake)
deb="build/package/barkhordari_${version}_amd64.deb"
[ -f "$deb" ] || { echo "cpack did not write $deb" >&2; ls build/package >&2; exit 1; }
echo "$deb"
