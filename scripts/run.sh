#!/usr/bin/env bash
# run.sh - `make run`: an embedded PostgreSQL cluster under var/, a
# development CA, the schema, the demo data, then rongpeid in the
# foreground.  Ctrl-C stops the server and PostgreSQL; the data stays in
# var/ for the next run.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. scripts/lib.sh
var=$top/var
port=${RONGPEI_PORT:-7443}
server=127.0.0.1:$port
mkdir -p "$var"
export RONGPEI_BIN_DIR=$top/build

if [ ! -d "$var/pg/data" ]; then
  echo "== creating the PostgreSQL cluster in var/pg"
  rm -rf "$var/pg"
  pg_init "$var/pg"
fi
pg_start "$var/pg"
trap 'pg_stop "$var/pg"' EXIT
pg_createdb "$var/pg" rongpei
devca "$var/ca"
new_pii_key "$var/pii.key"
write_config "$var/rongpeid.conf" "$var/pg" "$var/ca" "$var/pii.key" "$port" "$top/sql"
build/rongpeid -c "$var/rongpeid.conf" migrate | sed 's/^/   /'

if [ ! -f "$var/demo/.seeded" ]; then
  echo "== loading the demo data (first run only)"
  rm -rf "$var/demo"
  build/rongpeid -c "$var/rongpeid.conf" 2>"$var/seed-server.log" &
  spid=$!
  wait_ready "$var/seed-server.log" "$spid"
  if ! scripts/demo.sh "$var" "$server" "$top/build/rongpei" "$top/build/rongpeid" "$var/rongpeid.conf"; then
    kill "$spid"; wait "$spid" || true
    echo "demo data failed; server log: $var/seed-server.log" >&2
    exit 1
  fi
  kill -TERM "$spid"; wait "$spid" || true
fi

echo
echo "== demo accounts: prepare a shell for one with the line shown, then 'rongpei login'"
for f in "$var"/demo/*.env; do
  n=$(basename "$f" .env)
  u=$(sed -n 's/^export RONGPEI_USER=//p' "$f")
  p=$(sed -n "s/^export RONGPEI_PASSWORD='\(.*\)'.*/\1/p" "$f")
  printf '  . var/demo/%-22s # %-20s password %s\n' "$n.env" "$u" "$p"
done
echo
echo "== rongpeid on $server (Ctrl-C stops it and PostgreSQL)"
build/rongpeid -c "$var/rongpeid.conf" &
pid=$!
trap 'kill -INT $pid 2>/dev/null || true' INT TERM
wait "$pid" || wait "$pid" || true
pg_stop "$var/pg"
trap - EXIT
echo "stopped; data kept in var/"
