#!/usr/bin/env bash
# Runs the whole system: installs what is missing, builds both targets, seeds a demo registry on
# the first run, and starts the server in dev mode on 127.0.0.1:8080 serving the real client.
# Idempotent: later runs reuse var/ (delete it to start from scratch).
set -euo pipefail
cd "$(dirname "$0")/.."

LISTEN=${BK_LISTEN:-127.0.0.1:8080}
PERSONS=${BK_DEMO_PERSONS:-10000}
DB=var/barkhordari.db

scripts/setup.sh
scripts/build.sh
mkdir -p var

if [ ! -s var/demo-samples.txt ] || [ ! -f "$DB" ]; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  build/native/barkhordari seed-demo --persons "$PERSONS" --db "$DB" | tee var/demo-samples.txt
else
  cat var/demo-samples.txt
fi

cat <<MSG

  Barkhordari is starting at   http://${LISTEN}/
  (dev mode: no SMS leaves this machine; every code lands in the dev outbox)

  Read the code sent to a mobile with:
    curl 'http://${LISTEN}/dev/outbox?mobile=09121234567'
  The page without any backend (demo):  http://${LISTEN}/?demo=1
  Stop with Ctrl+C.

MSG
exec build/native/barkhordari --dev --listen "$LISTEN" --db "$DB" --web-root build/wasm/web \
  --hmac-key-file var/hmac.key "$@"
