#!/usr/bin/env bash
# Runs every test. Logs go to artifacts/test/. Ends with the stage times and one line
# "N passed, M failed" (each test counted once, as its own runner counted it:
# scripts/count-tests.awk), and exits non-zero on any failure.
#
# The order, for two cores:
#   setup                   scripts/setup.sh (Debian packages, source packages, npm)
#   build                   the native and wasm presets; the sanitizer (native-asan) and fuzz
#                           builds start beside it at idle priority, taking only spare CPU
#   then two lanes at once:
#     browser lane          the browser suites (Chromium against the server and the demo page),
#                           then the Debian package and the deployment suite
#     server lane           doctest (native, wasm), the storage contract, the API on SQLite and
#                           PostgreSQL, the core module; then the sanitizer suites
#   fuzz                    the fuzz targets, at idle priority beside the sanitizer suites
# Each suite runs once per build, and each build's run looks for something of its own:
# behaviour natively and in WebAssembly, memory errors and undefined behaviour under the
# sanitizers (where the API suite runs on SQLite only: PostgreSQL's store is covered by the
# storage contract and the outage and multi-instance tests), crashes under the fuzzer.
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
ART=artifacts/test
mkdir -p "$ART"
rm -f "$ART"/*.result "$ART"/*.failures "$ART"/*.rc "$ART"/*.done "$ART"/stages
T0=$(date +%s)

# A stage's time: "name start end" (seconds since T0) in $ART/stages, for the table at the end.
stage() { # name start
  echo "$1 $2 $(( $(date +%s) - T0 ))" >>"$ART/stages"
}
since() { echo $(( $(date +%s) - T0 )); }

# One suite: runs it, counts its log (scripts/count-tests.awk), writes NAME.result
# ("passed failed skipped seconds") and NAME.failures, and prints one line. A suite that exits
# non-zero with no failure of its own counted is one failure.
suite() { # name command...
  local name=$1; shift
  local log="$ART/$name.log" t0; t0=$(since)
  "$@" >"$log" 2>&1
  local rc=$?
  local counts p f k
  counts=$(awk -f scripts/count-tests.awk "$log")
  read -r p f k <<<"$(head -n1 <<<"$counts")"
  tail -n +2 <<<"$counts" >"$ART/$name.failures"
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1
    echo "exited $rc with no failing test counted (see $log)" >>"$ART/$name.failures"
  fi
  echo "$p $f $k" >"$ART/$name.result"
  stage "$name" "$t0"
  printf '[test] %-18s %5d passed, %d failed%s  (%d s)\n' "$name" "$p" "$f" "$([ "$k" -gt 0 ] && echo ", $k SKIPPED")" "$(( $(since) - t0 ))"
  return 0
}
# A step that is not a test run (a build): one failure when it fails.
step() { # name command...
  local name=$1; shift
  local log="$ART/$name.log" t0; t0=$(since)
  if "$@" >"$log" 2>&1; then
    echo "0 0 0" >"$ART/$name.result"; : >"$ART/$name.failures"
    printf '[test] %-18s ok  (%d s)\n' "$name" "$(( $(since) - t0 ))"
  else
    echo "0 1 0" >"$ART/$name.result"
    { echo "failed (see $log):"; grep -E "error|Error" "$log" | head -n 20; } >"$ART/$name.failures"
    printf '[test] %-18s FAILED  (%d s)\n' "$name" "$(( $(since) - t0 ))"
  fi
  stage "$name" "$t0"
  [ "$(cut -d' ' -f2 "$ART/$name.result")" -eq 0 ]
}

finish() {
  local passed=0 failed=0 skipped=0 p f k r
  for r in "$ART"/*.result; do
    read -r p f k <"$r"
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + k))
  done
  echo "[test] stage times (seconds from the start: begin → end, took):"
  sort -k2,2n "$ART/stages" | while read -r name a b; do
    printf '[test]   %-18s %4d → %4d  %4d s\n' "$name" "$a" "$b" "$((b - a))"
  done
  echo "[test] total: $(since) s"
  if [ "$failed" -gt 0 ]; then
    echo "[test] failures:"
    for r in "$ART"/*.failures; do
      [ -s "$r" ] || continue
      sed "s|^|[test]   $(basename "$r" .failures): |" "$r"
    done
  fi
  [ "$skipped" -eq 0 ] || echo "[test] $skipped tests skipped themselves: on this machine they check nothing (see the logs)"
  echo "${passed} passed, ${failed} failed"
  [ "$failed" -eq 0 ]
}

# ---- setup and the main builds ---------------------------------------------------------------
if ! step setup scripts/setup.sh; then tail -n 30 "$ART/setup.log"; finish; exit 1; fi

# The sanitizer and fuzz builds need only the sources: they start now, at idle priority
# (SCHED_IDLE, nice 19), and never take CPU from the main build or a suite. One after the
# other: the sanitizer suites wait for theirs, and the fuzz targets can run last.
idle() { if chrt --idle 0 true 2>/dev/null; then chrt --idle 0 nice -n 19 "$@"; else nice -n 19 "$@"; fi; }
background_build() { # preset
  local preset=$1
  { [ -f "build/$preset/CMakeCache.txt" ] || idle cmake --preset "$preset"; } &&
    idle cmake --build --preset "$preset" -- -j"$(nproc)"
}
(
  ( step build-native-asan background_build native-asan; echo $? >"$ART/build-native-asan.rc" ) >"$ART/lane-native-asan-build.out"
  ( step build-fuzz background_build fuzz; echo $? >"$ART/build-fuzz.rc" ) >"$ART/lane-fuzz-build.out"
) &
background_builds=$!

if ! step build scripts/build.sh; then
  grep -E "error|Error" "$ART/build.log" | head -n 40
  kill "$background_builds" 2>/dev/null
  finish; exit 1
fi

# ---- the two lanes ---------------------------------------------------------------------------
browser_lane() {
  suite browser ctest --preset native -V -R '^browser_'
  suite browser-demo ctest --preset wasm -V -R '^browser_'
  # The Debian package (two real CPack builds: the upgrade test's next release, a later version
  # with one more migration, then this release, leaving the native build as it was), then the
  # deployment suite: the package installed into a scratch root and run, the systemd unit,
  # nginx in front, an upgrade over a live database, backups. Only once no suite runs the
  # native server any more: the package build relinks it.
  while [ ! -f "$ART/native-suites.done" ]; do sleep 1; done
  local next deb
  if step package bash -c 'BK_PACKAGE_VERSION=1.0.0+next1 BK_PACKAGE_SERVER=barkhordari_next_schema scripts/package.sh | tail -n1 >"$0/package-next.path" &&
                            scripts/package.sh | tail -n1 >"$0/package.path"' "$ART"; then
    next=$(cat "$ART/package-next.path") deb=$(cat "$ART/package.path")
    BK_DEB="$PWD/$deb" BK_NEXT_DEB="$PWD/$next" suite deploy node --test tests/deploy/
  fi
}
server_lane() {
  suite native ctest --preset native -V -E '^browser_'
  touch "$ART/native-suites.done"
  suite wasm ctest --preset wasm -V -E '^browser_'
  # AddressSanitizer + UBSan (any report fails): doctest, the storage contract on both engines,
  # the API suite on SQLite, the PostgreSQL outage and multi-instance tests.
  wait_for native-asan
  if [ "$(cat "$ART/build-native-asan.rc")" -eq 0 ]; then suite native-asan ctest --preset native-asan -V; fi
}
wait_for() { # preset: waits for its background build (polling: it is not this shell's child)
  while [ ! -f "$ART/build-$1.rc" ]; do sleep 1; done
  sed -n 's/^\(\[test\] .*\)  (\([0-9]* s\))$/\1  (\2, in the background)/p' "$ART/lane-$1-build.out"
}
fuzz_lane() {
  wait_for fuzz
  # libFuzzer (clang): every corpus replayed, then each target fuzzed for a fixed number of
  # inputs with a fixed seed (tests/fuzz/run_all.sh), at idle priority.
  if [ "$(cat "$ART/build-fuzz.rc")" -eq 0 ]; then suite fuzz idle tests/fuzz/run_all.sh; fi
}
browser_lane &
browser=$!
server_lane &
server=$!
fuzz_lane &
fuzz=$!
wait "$browser" "$server" "$fuzz" "$background_builds"
finish
