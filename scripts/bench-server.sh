#!/usr/bin/env bash
# Server benchmark (prints numbers, never fails): wrk on 127.0.0.1 against a synthetic registry.
#   /healthz ceiling · open-mode inquiries (read only) · authenticated inquiries (read + credit +
#   log write) · 1,000 keep-alive connections. Each rate is also shown as a ratio to /healthz in
#   the same run, because the machine is shared and absolute numbers drift.
# Options (environment): BENCH_PERSONS (default 1000000; 10000000 for the 10M run),
# BENCH_SECONDS per run (default 10), BENCH_DIR to keep the seeded database between runs.
set -uo pipefail
cd "$(dirname "$0")/.."
PERSONS=${BENCH_PERSONS:-1000000}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
DIR=${BENCH_DIR:-$(mktemp -d /tmp/bk-bench-XXXXXX)}
BIN=build/native/barkhordari
ulimit -n 65536 2>/dev/null || true

scripts/setup.sh >/dev/null && scripts/build.sh >/dev/null || { echo "setup/build failed"; exit 0; }
mkdir -p "$DIR"
DB=$DIR/registry-$PERSONS.db
if [ ! -f "$DB" ]; then
  t0=$(date +%s.%N)
  $BIN seed-demo --persons "$PERSONS" --db "$DB" >/dev/null
  printf 'seeded %s persons in %.1f s (%s)\n' "$PERSONS" "$(echo "$(date +%s.%N) - $t0" | bc)" "$(du -h "$DB" | cut -f1)"
fi

PORT=18400
WORKERS=${BENCH_WORKERS:-2}
start() { # extra flags...
  $BIN --workers "$WORKERS" --listen 127.0.0.1:$PORT --db "$DB" --hmac-key-file "$DIR/hmac.key" --dev --log-requests=false \
    --web-root build/wasm/web --quota 1000000 --codes-per-ip-hour 1000000 "$@" >"$DIR/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 0.1; done
  echo "server did not start"; cat "$DIR/server.log"; exit 0
}
stop() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; }

# wrk → "req/s p50 p99 timeouts"
run_wrk() { # connections script url
  local out
  out=$(wrk -t2 -c"$1" -d"${SECONDS_PER_RUN}s" --latency --timeout 5s ${2:+-s "$2"} "$3" 2>&1)
  local rps p50 p99 to
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  to=$(echo "$out" | awk '/Socket errors/ {for (i=1;i<=NF;i++) if ($i=="timeout") print $(i-1)}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  echo "${rps:-0} ${p50:-?} ${p99:-?} ${to:-0} ${non2xx:-0}"
}

ID=$($BIN seed-demo --persons 13 --db "$DIR/ids.db" | awk 'NR==3 {print $1}')
cat >"$DIR/inquiry.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"nationalId":"$ID"}'
wrk.headers["Content-Type"] = "application/json"
LUA

echo "registry: $PERSONS persons; wrk -t2, ${SECONDS_PER_RUN} s per run, server: 2 I/O threads, $WORKERS workers, SQLite WAL"
printf '%-34s %10s %9s %9s %9s %7s\n' "workload (64 connections)" "req/s" "p50" "p99" "ratio" "non2xx"

start
read -r H_RPS H_P50 H_P99 _ _ < <(run_wrk 64 "" "http://127.0.0.1:$PORT/healthz")
printf '%-34s %10s %9s %9s %9s %7s\n' "GET /healthz" "$H_RPS" "$H_P50" "$H_P99" "1.00" "0"

# authenticated: one session with a large quota; every request spends a credit and logs a row
MOBILE=0912$(printf '%07d' $((RANDOM * 32768 + RANDOM)) | cut -c1-7) # a fresh number: no cool-down from an earlier run
curl -s -XPOST -H 'content-type: application/json' -d "{\"mobile\":\"$MOBILE\"}" "http://127.0.0.1:$PORT/api/v1/credit-codes" >/dev/null
CODE=$(curl -s "http://127.0.0.1:$PORT/dev/outbox?mobile=$MOBILE" | grep -o '#[0-9]\{6\}' | tail -1 | tr -d '#')
TOKEN=$(curl -s -XPOST -H 'content-type: application/json' -d "{\"mobile\":\"$MOBILE\",\"code\":\"$CODE\"}" \
  "http://127.0.0.1:$PORT/api/v1/credit-codes/verify" | grep -o '"sessionToken":"[0-9a-f]*"' | cut -d'"' -f4)
cp "$DIR/inquiry.lua" "$DIR/auth.lua"
echo "wrk.headers[\"Authorization\"] = \"Bearer $TOKEN\"" >>"$DIR/auth.lua"
read -r A_RPS A_P50 A_P99 _ A_BAD < <(run_wrk 64 "$DIR/auth.lua" "http://127.0.0.1:$PORT/api/v1/inquiries")
printf '%-34s %10s %9s %9s %9.2f %7s\n' "POST /inquiries (authenticated)" "$A_RPS" "$A_P50" "$A_P99" "$(echo "$A_RPS / $H_RPS" | bc -l)" "$A_BAD"
stop

start --open-inquiry
read -r O_RPS O_P50 O_P99 _ O_BAD < <(run_wrk 64 "$DIR/inquiry.lua" "http://127.0.0.1:$PORT/api/v1/inquiries")
printf '%-34s %10s %9s %9s %9.2f %7s\n' "POST /inquiries (open mode)" "$O_RPS" "$O_P50" "$O_P99" "$(echo "$O_RPS / $H_RPS" | bc -l)" "$O_BAD"

# 1,000 keep-alive connections, with a fresh connection probed during the run
( sleep $((SECONDS_PER_RUN / 2)); curl -s -o /dev/null -m 10 -w '%{time_total}' "http://127.0.0.1:$PORT/healthz" >"$DIR/probe.txt" ) &
PROBE=$!
read -r K_RPS K_P50 K_P99 K_TO _ < <(run_wrk 1000 "" "http://127.0.0.1:$PORT/healthz")
wait "$PROBE"
printf '%-34s %10s %9s %9s   timeouts %s, a fresh connection answered in %s s\n' "GET /healthz, 1000 connections" "$K_RPS" "$K_P50" "$K_P99" "$K_TO" "$(cat "$DIR/probe.txt" 2>/dev/null || echo '?')"
stop
echo "targets: open mode ≥ 0.45× /healthz with p99 ≤ 5 ms; authenticated ≥ 8,000 req/s with p99 ≤ 25 ms; 1,000 connections with no timeouts"
[ -z "${BENCH_DIR:-}" ] && rm -rf "$DIR"
exit 0
