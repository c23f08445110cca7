#!/usr/bin/env bash
# Runs every test: setup, build both presets, then each suite — natively via ctest and the WASM
# bundle under node — then the sanitizer preset (native-asan) and the fuzz targets. Logs go to
# artifacts/test/. Ends with one line "N passed, M failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
ART=artifacts/test
mkdir -p "$ART"

passed=0
failed=0

# ---- setup and build (a failure here is one failed step) ----
if ! scripts/setup.sh >"$ART/setup.log" 2>&1; then
  tail -n 30 "$ART/setup.log"
  echo "setup failed (see $ART/setup.log)"
  echo "0 passed, 1 failed"
  exit 1
fi
start=$(date +%s)
if ! scripts/build.sh >"$ART/build.log" 2>&1; then
  grep -E "error|Error" "$ART/build.log" | head -n 40
  echo "build failed (see $ART/build.log)"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "[test] setup + build: $(( $(date +%s) - start )) s"

# ---- counting ----
# doctest: "[doctest] test cases: 91 | 91 passed | 0 failed"; node --test: "# pass 7" / "# fail 0".
count_log() { # log -> "passed failed"
  sed -e 's/\x1b\[[0-9;]*m//g' -e 's/^[0-9]*: //' "$1" | awk '
    /\[doctest\] test cases:/ { for (i = 1; i <= NF; i++) { if ($(i+1) == "passed") p += $i; if ($(i+1) == "failed") f += $i } }
    /^# pass [0-9]+$/ { p += $3 }
    /^# fail [0-9]+$/ { f += $3 }
    END { printf "%d %d\n", p, f }'
}

run_suite() { # name command...
  local name=$1; shift
  local log="$ART/$name.log"
  local t0; t0=$(date +%s)
  "$@" >"$log" 2>&1
  local rc=$?
  read -r p f < <(count_log "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # crashed or failed without a summary
  passed=$((passed + p))
  failed=$((failed + f))
  printf '[test] %-22s %5d passed, %d failed  (%d s)\n' "$name" "$p" "$f" "$(( $(date +%s) - t0 ))"
  if [ "$f" -ne 0 ]; then
    sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E -B2 -A6 "ERROR|FAIL|not ok|Error" | head -n 60
  fi
}

build_preset() { # preset: configure once, build; a failure is one failed step
  local preset=$1 log="$ART/build-$1.log" t0; t0=$(date +%s)
  { [ -f "build/$preset/CMakeCache.txt" ] || cmake --preset "$preset"; } >"$log" 2>&1 &&
    cmake --build --preset "$preset" -- -j"$(nproc)" >>"$log" 2>&1
  local rc=$?
  printf '[test] build %-16s %s  (%d s)\n' "$preset" "$([ $rc -eq 0 ] && echo ok || echo FAILED)" "$(( $(date +%s) - t0 ))"
  if [ $rc -ne 0 ]; then grep -E "error|Error" "$log" | head -n 40; failed=$((failed + 1)); fi
  return $rc
}

run_suite native ctest --preset native -V
run_suite wasm ctest --preset wasm -V
# The Debian package: its control fields and files, installed into a scratch root with dpkg and
# run; the systemd unit; nginx (TLS, HTTP/2) in front; an upgrade over a live database; backups.
t0=$(date +%s)
if deb=$(scripts/package.sh 2>"$ART/package.log" | tail -n1) &&
   cmake --build --preset native --target barkhordari_next_schema >>"$ART/package.log" 2>&1; then
  printf '[test] build %-16s ok  (%d s)\n' "package" "$(( $(date +%s) - t0 ))"
  BK_DEB="$PWD/$deb" run_suite deploy node --test tests/deploy/
else
  printf '[test] build %-16s FAILED\n' "package"; tail -n 30 "$ART/package.log"; failed=$((failed + 1))
fi
# AddressSanitizer + UBSan (any report fails): the doctest suite, the storage contract and the
# API suites against the sanitized server, on SQLite and PostgreSQL.
if build_preset native-asan; then
  run_suite native-asan ctest --preset native-asan -V
fi
# libFuzzer (clang): every corpus replayed, then each target fuzzed for BK_FUZZ_SECONDS (20).
if build_preset fuzz; then
  run_suite fuzz tests/fuzz/run_all.sh
fi

echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
