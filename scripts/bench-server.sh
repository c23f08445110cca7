#!/usr/bin/env bash
# Server benchmark (prints numbers, never fails): wrk on 127.0.0.1 against a synthetic registry.
#   /healthz ceiling · open-mode inquiries (read only) · the same over FHIR ($submit) ·
#   authenticated inquiries (read + credit + log write) · 1,000 keep-alive connections. Each rate is also shown as a ratio to /healthz
#   and to a minimal Beast keep-alive server (tests/bench/minimal_beast.cpp) in the same run,
#   because the machine is shared and absolute numbers drift. With 4 cores or more, the servers
#   and wrk are pinned to separate halves of them (taskset), and the authenticated run is repeated
#   with the server on one core, to show it grows with cores. Last, every goal beside its figure.
# Options (environment): BENCH_PERSONS (default 1000000; 10000000 for the 10M run),
# BENCH_SECONDS per run (default 10), BENCH_DIR to keep the seeded database between runs,
# BENCH_BACKENDS (default "sqlite"; "sqlite postgres" adds a PostgreSQL 15 cluster started here,
# with the ratio PostgreSQL/SQLite for each workload).
set -uo pipefail
cd "$(dirname "$0")/.."
PERSONS=${BENCH_PERSONS:-1000000}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
DIR=${BENCH_DIR:-$(mktemp -d /tmp/bk-bench-XXXXXX)}
BIN=build/native/barkhordari
BEAST=build/native/minimal_beast
CORES=$(nproc)
if [ "$CORES" -ge 4 ]; then
  PIN_SERVER="taskset -c 0-$((CORES / 2 - 1))"
  PIN_WRK="taskset -c $((CORES / 2))-$((CORES - 1))"
  PINNING="servers on cores 0-$((CORES / 2 - 1)), wrk on cores $((CORES / 2))-$((CORES - 1)) (taskset)"
else
  PIN_SERVER="" PIN_WRK=""
  PINNING="servers and wrk share the machine's $CORES cores (fewer than 4: not pinned)"
fi
ulimit -n 65536 2>/dev/null || true

scripts/setup.sh >/dev/null && scripts/build.sh >/dev/null || { echo "setup/build failed"; exit 0; }
mkdir -p "$DIR"
BACKENDS=${BENCH_BACKENDS:-sqlite}
PORT=18400
PGD=""
cleanup() { [ -n "$PGD" ] && runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGD/data" -m immediate stop >/dev/null 2>&1; [ -n "$PGD" ] && rm -rf "$PGD"; }
trap cleanup EXIT

seed() { # db-argument
  local t0; t0=$(date +%s.%N)
  $BIN seed-demo --persons "$PERSONS" --db "$1" >/dev/null || { echo "seeding $1 failed"; exit 0; }
  printf 'seeded %s persons into %s in %.1f s\n' "$PERSONS" "$2" "$(echo "$(date +%s.%N) - $t0" | bc)"
}

start() { # db workers extra flags...
  local db=$1 workers=$2; shift 2
  $PIN_SERVER $BIN --workers "$workers" --listen 127.0.0.1:$PORT --db "$db" --hmac-key-file "$DIR/hmac.key" --dev --log-requests=false \
    --web-root build/wasm/web --quota 1000000 --codes-per-client-hour 1000000 --inquiries-per-client-minute 0 \
    --receipts-per-client-minute 0 --max-connections-per-client 5000 "$@" >"$DIR/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 0.1; done
  echo "server did not start"; cat "$DIR/server.log"; exit 0
}
stop() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; }

# wrk → "req/s p50 p99 timeouts non2xx"
run_wrk() { # connections script url
  local out
  out=$($PIN_WRK wrk -t2 -c"$1" -d"${SECONDS_PER_RUN}s" --latency --timeout 5s ${2:+-s "$2"} "$3" 2>&1)
  local rps p50 p99 to non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  to=$(echo "$out" | awk '/Socket errors/ {for (i=1;i<=NF;i++) if ($i=="timeout") print $(i-1)}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  echo "${rps:-0} ${p50:-?} ${p99:-?} ${to:-0} ${non2xx:-0}"
}

# The inquiries ask about BENCH_IDS (default 4000) national IDs drawn at random from the seeded
# registry, each request a random one of them, as real traffic would (not one ID over and over).
ids_from() { # sqlite-db
  sqlite3 "$1" "SELECT printf('%010d', id) FROM persons ORDER BY random() LIMIT ${BENCH_IDS:-4000}" >"$DIR/ids.txt"
}
write_lua() { # file [token] [fhir]
  {
    echo 'local ids = {}'
    echo "for line in io.lines(\"$DIR/ids.txt\") do ids[#ids + 1] = line end"
    echo 'math.randomseed(1405)'
    if [ "${3:-}" = fhir ]; then # a CoverageEligibilityRequest, as a pharmacy's system sends it
      echo 'local headers = { ["Content-Type"] = "application/fhir+json" }'
      echo "local head = '{\"resourceType\":\"CoverageEligibilityRequest\",\"status\":\"active\",\"purpose\":[\"validation\"],\"created\":\"2026-12-04\",\"insurer\":{\"display\":\"SSO\"},\"patient\":{\"identifier\":{\"type\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v2-0203\",\"code\":\"NI\"}]},\"value\":\"'"
      echo "local tail = '\"}}}'"
    else
      echo 'local headers = { ["Content-Type"] = "application/json" }'
      echo "local head, tail = '{\"nationalId\":\"', '\"}'"
    fi
    # (a ${2:+…} expansion here once lost its quotes: wrk refused the script and sent GETs)
    [ -n "${2:-}" ] && printf 'headers["Authorization"] = "Bearer %s"\n' "$2"
    echo 'request = function()'
    echo '  return wrk.format("POST", nil, headers, head .. ids[math.random(#ids)] .. tail)'
    echo 'end'
  } >"$1"
  # A script wrk cannot load makes it fall back to plain GETs: refuse to measure that.
  local check; check=$(wrk -t1 -c1 -d1s -s "$1" http://127.0.0.1:1/ 2>&1)
  if grep -q "$(basename "$1"):" <<<"$check"; then echo "the wrk script $1 does not load:"; head -n 3 <<<"$check"; exit 0; fi
}

row() { printf '%-9s %-32s %10s %9s %9s %7s %7s %7s\n' "$@"; }
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
declare -A RESULT

bench_backend() { # name db workers
  local name=$1 db=$2 workers=$3
  start "$db" "$workers"
  read -r H_RPS H_P50 H_P99 _ _ < <(run_wrk 64 "" "http://127.0.0.1:$PORT/healthz")
  row "$name" "GET /healthz" "$H_RPS" "$H_P50" "$H_P99" "1.00" "$(ratio "$H_RPS" "$BEAST_RPS")" "0"
  RESULT[$name/healthz]=$H_RPS

  local mobile code token
  mobile=0912$(printf '%07d' $(( (RANDOM * 32768 + RANDOM) % 10000000 )))
  curl -s -XPOST -H 'content-type: application/json' -d "{\"mobile\":\"$mobile\"}" "http://127.0.0.1:$PORT/api/v1/credit-codes" >/dev/null
  code=$(curl -s "http://127.0.0.1:$PORT/dev/outbox?mobile=$mobile" | grep -o '#[0-9]\{6\}' | tail -1 | tr -d '#')
  token=$(curl -s -XPOST -H 'content-type: application/json' -d "{\"mobile\":\"$mobile\",\"code\":\"$code\"}" \
    "http://127.0.0.1:$PORT/api/v1/credit-codes/verify" | grep -o '"sessionToken":"[0-9a-f]*"' | cut -d'"' -f4)
  [ -n "$token" ] || echo "no session token (code ${code:-none} for $mobile): the authenticated run below measures refusals"
  write_lua "$DIR/auth.lua" "$token"
  read -r A_RPS A_P50 A_P99 _ A_BAD < <(run_wrk 64 "$DIR/auth.lua" "http://127.0.0.1:$PORT/api/v1/inquiries")
  row "$name" "POST /inquiries (authenticated)" "$A_RPS" "$A_P50" "$A_P99" "$(ratio "$A_RPS" "$H_RPS")" "$(ratio "$A_RPS" "$BEAST_RPS")" "$A_BAD"
  RESULT[$name/auth]=$A_RPS
  RESULT[$name/auth_p99]=$A_P99
  stop
  # Growth with cores: the same run with the server on one core (only with 4 cores or more, where
  # the server and wrk are pinned apart).
  if [ "$name" = sqlite ] && [ "$CORES" -ge 4 ]; then
    local saved=$PIN_SERVER
    PIN_SERVER="taskset -c 0"
    start "$db" "$workers"
    read -r A1_RPS A1_P50 A1_P99 _ A1_BAD < <(run_wrk 64 "$DIR/auth.lua" "http://127.0.0.1:$PORT/api/v1/inquiries")
    row "$name" "  authenticated, server on 1 core" "$A1_RPS" "$A1_P50" "$A1_P99" "" "$(ratio "$A1_RPS" "$BEAST_RPS")" "$A1_BAD"
    RESULT[$name/auth_one_core]=$A1_RPS
    stop
    PIN_SERVER=$saved
  fi

  start "$db" "$workers" --open-inquiry
  read -r O_RPS O_P50 O_P99 _ O_BAD < <(run_wrk 64 "$DIR/inquiry.lua" "http://127.0.0.1:$PORT/api/v1/inquiries")
  row "$name" "POST /inquiries (open mode)" "$O_RPS" "$O_P50" "$O_P99" "$(ratio "$O_RPS" "$H_RPS")" "$(ratio "$O_RPS" "$BEAST_RPS")" "$O_BAD"
  RESULT[$name/open]=$O_RPS
  RESULT[$name/open_p99]=$O_P99
  read -r F_RPS F_P50 F_P99 _ F_BAD < <(run_wrk 64 "$DIR/fhir.lua" "http://127.0.0.1:$PORT/fhir/CoverageEligibilityRequest/\$submit")
  row "$name" "POST \$submit (FHIR, open mode)" "$F_RPS" "$F_P50" "$F_P99" "$(ratio "$F_RPS" "$H_RPS")" "$(ratio "$F_RPS" "$BEAST_RPS")" "$F_BAD"
  printf '%-9s %-32s %s\n' "$name" "  \$submit / JSON inquiry" "$(ratio "$F_RPS" "$O_RPS")   (goal ≥ 0.8)"

  # 1,000 keep-alive connections (wrk's all come from one address: the per-client cap is lifted for
  # the run, as 1,000 clients would each have their own), with a fresh connection probed during it
  ( sleep $((SECONDS_PER_RUN / 2)); curl -s -o /dev/null -m 10 -w '%{time_total}' "http://127.0.0.1:$PORT/healthz" >"$DIR/probe.txt" ) &
  local probe=$!
  read -r K_RPS K_P50 K_P99 K_TO _ < <(run_wrk 1000 "" "http://127.0.0.1:$PORT/healthz")
  wait "$probe"
  printf '%-9s %-32s %10s %9s %9s   timeouts %s, a fresh connection answered in %s s\n' "$name" "GET /healthz, 1000 connections" \
    "$K_RPS" "$K_P50" "$K_P99" "$K_TO" "$(cat "$DIR/probe.txt" 2>/dev/null || echo '?')"
  stop
}

# ---- databases ----
SQLITE_DB=$DIR/registry-$PERSONS.db
[ -f "$SQLITE_DB" ] || seed "$SQLITE_DB" "SQLite"
ids_from "$SQLITE_DB"   # the same generator and seed fill PostgreSQL: the same IDs exist there
write_lua "$DIR/inquiry.lua"
write_lua "$DIR/fhir.lua" "" fhir
echo "inquiries ask about $(wc -l <"$DIR/ids.txt") random national IDs of the registry"
if [[ " $BACKENDS " == *" postgres "* ]]; then
  PGBIN=/usr/lib/postgresql/15/bin
  PGD=$(mktemp -d /tmp/bk-bench-pg-XXXXXX); chmod 755 "$PGD"; chown postgres: "$PGD"
  runuser -u postgres -- $PGBIN/initdb -D "$PGD/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  runuser -u postgres -- $PGBIN/pg_ctl -D "$PGD/data" -l "$PGD/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p 55433 -k $PGD -c max_connections=200 -c shared_buffers=1GB" start >/dev/null
  psql -q -d postgres://postgres@127.0.0.1:55433/postgres -c 'CREATE DATABASE bench'
  PG_DB=postgres://postgres@127.0.0.1:55433/bench
  seed "$PG_DB" "PostgreSQL"
fi

echo "registry: $PERSONS persons; wrk -t2, ${SECONDS_PER_RUN} s per run; servers: 2 I/O threads; $PINNING"
row "backend" "workload (64 connections)" "req/s" "p50" "p99" "/healthz" "/Beast" "non2xx"
# The anchor: a minimal Beast keep-alive server on the same cores, answering every request 200.
$PIN_SERVER $BEAST 127.0.0.1 $((PORT + 1)) 2 >"$DIR/beast.log" 2>&1 &
BEAST_PID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$((PORT + 1))/" >/dev/null && break; sleep 0.1; done
read -r BEAST_RPS B_P50 B_P99 _ _ < <(run_wrk 64 "" "http://127.0.0.1:$((PORT + 1))/")
kill "$BEAST_PID" 2>/dev/null; wait "$BEAST_PID" 2>/dev/null
[ "${BEAST_RPS:-0}" = 0 ] && BEAST_RPS=1 && echo "the minimal Beast server did not answer: its ratios below are meaningless"
row "anchor" "GET / (minimal Beast server)" "$BEAST_RPS" "$B_P50" "$B_P99" "" "1.00" "0"
bench_backend sqlite "$SQLITE_DB" "${BENCH_WORKERS:-2}"
if [ -n "${PG_DB:-}" ]; then
  bench_backend postgres "$PG_DB" "${BENCH_PG_WORKERS:-8}"
  printf '\nPostgreSQL / SQLite in this run: healthz %.2f, authenticated %.2f, open mode %.2f\n' \
    "$(echo "${RESULT[postgres/healthz]} / ${RESULT[sqlite/healthz]}" | bc -l)" \
    "$(echo "${RESULT[postgres/auth]} / ${RESULT[sqlite/auth]}" | bc -l)" \
    "$(echo "${RESULT[postgres/open]} / ${RESULT[sqlite/open]}" | bc -l)"
fi
# ---- the goals, each figure beside its goal (this run's numbers; ratios within the run) ----
ms() { # "3.2ms" / "850.00us" / "1.2s" → milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'
}
goal() { # label value goal-text met(0/1)
  printf '  %-46s %10s   goal %-10s %s\n' "$1" "$2" "$3" "$([ "$4" = 1 ] && echo met || echo 'NOT met')"
}
ge() { echo "$1 >= $2" | bc -l; }
echo
echo "goals (SQLite unless named):"
goal "/healthz / minimal Beast" "$(ratio "${RESULT[sqlite/healthz]}" "$BEAST_RPS")" "≥ 0.70" "$(ge "$(ratio "${RESULT[sqlite/healthz]}" "$BEAST_RPS")" 0.70)"
goal "open mode / minimal Beast" "$(ratio "${RESULT[sqlite/open]}" "$BEAST_RPS")" "≥ 0.40" "$(ge "$(ratio "${RESULT[sqlite/open]}" "$BEAST_RPS")" 0.40)"
goal "open mode p99 (ms)" "$(ms "${RESULT[sqlite/open_p99]}")" "≤ 5" "$(ge 5 "$(ms "${RESULT[sqlite/open_p99]}")")"
goal "authenticated / open mode" "$(ratio "${RESULT[sqlite/auth]}" "${RESULT[sqlite/open]}")" "≥ 0.70" "$(ge "$(ratio "${RESULT[sqlite/auth]}" "${RESULT[sqlite/open]}")" 0.70)"
goal "authenticated p99 (ms)" "$(ms "${RESULT[sqlite/auth_p99]}")" "≤ 15" "$(ge 15 "$(ms "${RESULT[sqlite/auth_p99]}")")"
if [ -n "${PG_DB:-}" ]; then
  goal "PostgreSQL authenticated / SQLite authenticated" "$(ratio "${RESULT[postgres/auth]}" "${RESULT[sqlite/auth]}")" "≥ 0.60" \
    "$(ge "$(ratio "${RESULT[postgres/auth]}" "${RESULT[sqlite/auth]}")" 0.60)"
fi
if [ -n "${RESULT[sqlite/auth_one_core]:-}" ]; then
  goal "authenticated, $((CORES / 2)) cores / 1 core" "$(ratio "${RESULT[sqlite/auth]}" "${RESULT[sqlite/auth_one_core]}")" "> 1 (grows)" \
    "$(ge "$(ratio "${RESULT[sqlite/auth]}" "${RESULT[sqlite/auth_one_core]}")" 1.2)"
else
  echo "  authenticated inquiries with more cores: not measured (this machine has $CORES cores; 4 or more pin the server to 1 core and to half of them)"
fi
[ -z "${BENCH_DIR:-}" ] && rm -rf "$DIR"
exit 0
