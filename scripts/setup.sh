#!/usr/bin/env bash
# Installs everything the build and the tests need, on a fresh Debian 12 as root.
# Idempotent: when everything is present a second run only checks and returns in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
THIRD=$ROOT/third_party   # git-ignored: source packages unpacked here at build time

log() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# ---- Debian packages ---------------------------------------------------------------------
APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config dpkg-dev ca-certificates patch xz-utils
  clang libclang-rt-14-dev
  emscripten node-acorn
  nlohmann-json3-dev doctest-dev
  libssl-dev libboost-dev libboost-system-dev libsqlite3-dev sqlite3 libpq-dev
  postgresql postgresql-client
  chromium chromium-driver poppler-utils
  wrk curl bc brotli fonttools gettext
  help2man nginx libnginx-mod-http-brotli-static openssl systemd
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# deb-src entries: Dear ImGui 1.90.1 and FriBidi 1.0.16 come from trixie's source packages.
SRC_LIST=/etc/apt/sources.list.d/barkhordari-src.sources
need_update=0
if [ ! -f "$SRC_LIST" ]; then
  log "adding deb-src entries (bookworm, trixie)"
  as_root tee "$SRC_LIST" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  need_update=1
fi
if [ ${#missing[@]} -gt 0 ] || [ $need_update -eq 1 ]; then
  log "apt-get update"
  as_root apt-get update -q
fi
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# Debian's postgresql package may start a cluster through its service scripts; tests start
# their own in a temp dir, so nothing here depends on it.

# ---- source packages (never committed) -------------------------------------------------------
fetch_source() { # name suite dir-glob marker
  local name=$1 suite=$2 glob=$3 marker=$4
  if compgen -G "$THIRD/$glob/$marker" >/dev/null; then return; fi
  log "fetching source package $name/$suite"
  rm -rf "$THIRD/src-$name"
  mkdir -p "$THIRD/src-$name"
  # A mirror may serve the tarballs but not the .dsc: then unpack the upstream tarball and
  # apply Debian's patches ourselves.
  ( cd "$THIRD/src-$name" && apt-get source --download-only -q "$name/$suite" ) || true
  rm -rf "$THIRD"/$glob
  local dsc; dsc=$(ls "$THIRD/src-$name"/*.dsc 2>/dev/null | head -n1 || true)
  if [ -n "$dsc" ]; then
    ( cd "$THIRD" && dpkg-source --no-check -x "$dsc" >/dev/null )
  else
    local orig; orig=$(ls "$THIRD/src-$name"/*.orig.tar.* 2>/dev/null | head -n1 || true)
    [ -n "$orig" ] || { echo "cannot download the source package $name/$suite" >&2; exit 1; }
    ( cd "$THIRD" && tar --no-same-owner -xf "$orig" )
    local dir; dir=$(ls -d "$THIRD"/$glob | head -n1)
    local deb; deb=$(ls "$THIRD/src-$name"/*.debian.tar.* 2>/dev/null | head -n1 || true)
    if [ -n "$deb" ]; then
      ( cd "$dir" && tar --no-same-owner -xf "$deb" )
      if [ -f "$dir/debian/patches/series" ]; then
        while read -r patch _; do
          case "$patch" in ''|'#'*) continue ;; esac
          patch -d "$dir" -p1 -s < "$dir/debian/patches/$patch"
        done < "$dir/debian/patches/series"
      fi
    fi
  fi
  compgen -G "$THIRD/$glob/$marker" >/dev/null || { echo "source package $name/$suite unpacked without $marker" >&2; exit 1; }
}
fetch_source imgui trixie "imgui-1.90.1*" imgui.h
# FriBidi 1.0.16 (trixie): 1.0.8 (bookworm) has a heap-use-after-free in get_adjacent_run on
# RLI + paragraph separator input (tests/text/test_bidi.cpp keeps the reproducer).
fetch_source fribidi trixie "fribidi-1.0.16*" lib/fribidi.h
ln -sfn "$(ls -d "$THIRD"/imgui-1.90.1* | head -n1)" "$THIRD/imgui"
ln -sfn "$(ls -d "$THIRD"/fribidi-1.0.16* | head -n1)" "$THIRD/fribidi"
rm -rf "$THIRD"/fribidi-1.0.8* "$THIRD"/fribidi_1.0.8*

# ---- npm (the font, playwright-core) -----------------------------------------------------------
if [ -f package-lock.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
log "ready"
