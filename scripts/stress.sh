#!/usr/bin/env bash
# Runs the race-prone server tests N times (default 20) with a sanitizer build compiling beside
# them, as CI's machine does, and prints "failures / runs" for each and in all. One round:
#   - tests/pg/failure.test.js       PostgreSQL stopped and started under a load
#   - tests/pg/multi_instance.test.js  three servers on one database, one credit
#   - tests/api/hardening.test.js     the file-descriptor and connection-cap tests (SQLite, PostgreSQL)
#   - tests/api/answered.test.js      requests that arrive as their connection is closed for room
# Usage: scripts/stress.sh [N] [--asan] [--no-load]
#   --asan     against the sanitizer build's server (build/native-asan), which is slower and
#              reports memory errors; the default is the native build's, as CI's native stage.
#   --no-load  without the compile beside the tests.
# A failed round's output is kept in artifacts/stress/. Exits non-zero if any round failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs

runs=20 preset=native load=1
for a in "$@"; do
  case "$a" in
    --asan) preset=native-asan ;;
    --no-load) load=0 ;;
    ''|*[!0-9]*) echo "usage: scripts/stress.sh [N] [--asan] [--no-load]" >&2; exit 2 ;;
    *) runs=$a ;;
  esac
done

OUT=artifacts/stress
mkdir -p "$OUT"
scripts/setup.sh >"$OUT/setup.log" 2>&1 || { tail -n 20 "$OUT/setup.log"; exit 1; }
build() { # preset [targets...]
  local p=$1; shift
  [ -f "build/$p/CMakeCache.txt" ] || cmake --preset "$p" >/dev/null
  cmake --build --preset "$p" --target "$@"
}
echo "[stress] building the server ($preset) and the web client"
{ build "$preset" barkhordari bk_server_tests && build wasm web_page; } >"$OUT/build.log" 2>&1 ||
  { grep -E "error|Error" "$OUT/build.log" | head -n 30; exit 1; }

export BK_SERVER_BIN=$PWD/build/$preset/barkhordari BK_WEB_ROOT=$PWD/build/wasm/web
if [ "$preset" = native-asan ]; then
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi

# The load: the sanitizer build's slowest translation units compiled over and over, in a scratch
# build folder of its own, at normal priority (harsher than CI, which runs it at idle priority).
loader=
if [ "$load" -eq 1 ]; then
  scratch=build/stress-load
  [ -f "$scratch/CMakeCache.txt" ] || cmake -S . -B "$scratch" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DBK_SANITIZE=ON -DBK_BROWSER_TESTS=OFF >"$OUT/load.log" 2>&1
  # In a session of its own, so that the whole of it (ninja and the compilers) stops at the end.
  setsid bash -c 'while :; do ninja -C "$0" -t clean bk_server >/dev/null 2>&1; ninja -C "$0" bk_server >>"$1" 2>&1; done' \
    "$scratch" "$OUT/load.log" &
  loader=$!
  trap 'kill -- -$loader 2>/dev/null' EXIT
  echo "[stress] load: the sanitizer build of the server library, compiled over and over"
fi

export PATTERN_FD='file descriptors run out|capped by the open-files limit|per client: at its cap|connection churn'
suites=(
  "pg-outage|node tests/api/run_with_postgres.js tests/pg/failure.test.js"
  "pg-multi-instance|node tests/api/run_with_postgres.js tests/pg/multi_instance.test.js"
  'fd-sqlite|node --test --test-name-pattern="$PATTERN_FD" tests/api/hardening.test.js'
  'fd-postgres|node tests/api/run_with_postgres.js --test-name-pattern="$PATTERN_FD" tests/api/hardening.test.js'
  "answered|node --test tests/api/answered.test.js"
)
declare -A fails
total_fail=0
for ((i = 1; i <= runs; i++)); do
  line="[stress] round $i/$runs:"
  for s in "${suites[@]}"; do
    name=${s%%|*} cmd=${s#*|}
    log="$OUT/$name-$i.log"
    if timeout 600 bash -c "$cmd" >"$log" 2>&1 && grep -q "^# fail 0$" "$log"; then
      line+=" $name ok"
      rm -f "$log"
    else
      line+=" $name FAILED ($log)"
      fails[$name]=$(( ${fails[$name]:-0} + 1 ))
      total_fail=$((total_fail + 1))
    fi
  done
  echo "$line"
done
for s in "${suites[@]}"; do
  name=${s%%|*}
  printf '[stress] %-18s %d failures / %d runs\n' "$name" "${fails[$name]:-0}" "$runs"
done
echo "[stress] in all: $total_fail failures / $(( runs * ${#suites[@]} )) runs"
[ "$total_fail" -eq 0 ]
