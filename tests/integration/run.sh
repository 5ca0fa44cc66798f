#!/usr/bin/env bash
# Integration tests: a throwaway PostgreSQL cluster, a development CA, the
# real rongpeid on free ports and the real rongpei binary, driven as users
# drive them.  Nothing is mocked.
#
# The tests are grouped by area, one file each (tests/integration/AREA.sh,
# listing its tests in AREA_TESTS).  The demo is loaded once into a
# template database; every area runs on a copy of it (or, with AREA_FROM,
# on a copy of the database an earlier area left) with its own server, so
# areas run in parallel, as many at a time as there are cores ($JOBS).  An
# area marked AREA_SERIAL runs alone at the end.
#
#   tests/integration/run.sh                 every area
#   T="pairing session" tests/integration/run.sh   those areas
#   T=t_lockout_after_five_failures ...      one test (and, in an area whose
#                                            tests build on each other, the
#                                            tests before it)
#   KEEP=1                                   keep the scratch directory
#
# Prints each area's results as it finishes, then the totals and every
# failed test with its area in the last lines; exits 1 if any failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
export BUILD=${BUILD:-build}
. scripts/lib.sh
t_start=$SECONDS

ROOT=$(mktemp -d /tmp/rongpei-it.XXXXXX)
chmod 755 "$ROOT"
export ROOT PG=$ROOT/pg
SH=$ROOT/shared
: >"$ROOT/results"

declare -A AFROM ASERIAL ASEQ ATESTS
AREAS=()
for f in tests/integration/*.sh; do
  a=$(basename "$f" .sh)
  case "$a" in run|area|harness) continue ;; esac
  # shellcheck disable=SC1090
  eval "$(AREA_FROM=; AREA_SERIAL=; AREA_SEQUENTIAL=; AREA_TESTS=(); . "$f" >/dev/null 2>&1
          printf 'AFROM[%s]=%q; ASERIAL[%s]=%q; ASEQ[%s]=%q; ATESTS[%s]=%q\n' \
            "$a" "$AREA_FROM" "$a" "$AREA_SERIAL" "$a" "$AREA_SEQUENTIAL" "$a" "${AREA_TESTS[*]}")"
  AREAS+=("$a")
done

# ---------------------------------------------------------------- what to run
declare -A WANT      # area -> tests to run ("" = all)
area_of() { local a; for a in "${AREAS[@]}"; do [[ " ${ATESTS[$a]} " == *" $1 "* ]] && { echo "$a"; return; }; done; }
add_area() { # add_area AREA [TESTS]: and every area it builds on, whole
  local a=$1
  [ -n "${AFROM[$a]}" ] && add_area "${AFROM[$a]}"
  if [ -z "${2:-}" ]; then
    WANT[$a]=""                                 # all of it
  elif [[ ! -v WANT[$a] ]] || [ -n "${WANT[$a]}" ]; then
    WANT[$a]="${WANT[$a]:-} $2"
  fi
}
if [ -z "${T:-}" ]; then
  for a in "${AREAS[@]}"; do WANT[$a]=""; done
else
  for w in ${T//,/ }; do
    if [ -n "${ATESTS[$w]+x}" ]; then
      add_area "$w"
    elif a=$(area_of "$w") && [ -n "$a" ]; then
      if [ -n "${ASEQ[$a]}" ]; then
        # its tests build on each other: those before it first
        sel=""; for t in ${ATESTS[$a]}; do sel="$sel $t"; [ "$t" = "$w" ] && break; done
        add_area "$a" "$sel"
      else
        add_area "$a" "$w"
      fi
    else
      echo "no area or test named $w (areas: ${AREAS[*]})" >&2; exit 2
    fi
  done
fi

cleanup() {
  pg_stop "$PG"
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $ROOT"; else rm -rf "$ROOT"; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- the demo, once
echo "# setting up: cluster, CA, schema, demo data"
pg_init "$PG" || exit 1
pg_start "$PG" "-c fsync=off -c full_page_writes=off" || exit 1
pg_createdb "$PG" rp_template
mkdir -p "$SH"
devca "$SH/ca"
new_pii_key "$SH/pii.key"
port=$(free_port)
write_config "$SH/rongpeid.conf" "$PG" "$SH/ca" "$SH/pii.key" "$port" "$top/sql"
sed -i 's/dbname=rongpei /dbname=rp_template /g' "$SH/rongpeid.conf"
cat >>"$SH/rongpeid.conf" <<CONF
max_in_flight = 16
db_pool = 8
argon2_m_kib = 8192
cert_refresh_ms = 200
strict_replies = 1
CONF
"$top/$BUILD/rongpeid" -c "$SH/rongpeid.conf" migrate >"$ROOT/migrate.log" 2>&1 ||
  { echo "migrate failed:"; tail -n 20 "$ROOT/migrate.log"; exit 1; }
"$top/$BUILD/rongpeid" -c "$SH/rongpeid.conf" 2>"$ROOT/demo-server.log" &
spid=$!
wait_ready "$ROOT/demo-server.log" "$spid" || { echo "server did not start"; exit 1; }
export RONGPEI_BIN_DIR=$top/$BUILD HOME=$SH/home
mkdir -p "$HOME"
DEMO_PART=base scripts/demo.sh "$SH" "127.0.0.1:$port" "$top/$BUILD/rongpei" "$top/$BUILD/rongpeid" "$SH/rongpeid.conf" \
  >"$ROOT/demo.log" 2>&1 || { echo "demo data failed:"; tail -n 20 "$ROOT/demo.log"; exit 1; }
kill -TERM "$spid"; wait "$spid" || { echo "the demo's server did not stop cleanly:"; tail -n 20 "$ROOT/demo-server.log"; exit 1; }
# a certificate from a CA the server does not trust
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=stranger" \
  -keyout "$SH/foreign.key" -out "$SH/foreign.crt" 2>/dev/null
sed -e "s|^export RONGPEI_CERT=.*|export RONGPEI_CERT=$SH/foreign.crt|" \
    -e "s|^export RONGPEI_KEY=.*|export RONGPEI_KEY=$SH/foreign.key|" \
    "$SH/demo/bureau-admin.env" >"$SH/demo/foreign.env"
# bank.admin through the Xining prefecture office's certificate
sed -e "s|^export RONGPEI_CERT=.*|$(grep RONGPEI_CERT "$SH/demo/prefecture-staff.env")|" \
    -e "s|^export RONGPEI_KEY=.*|$(grep RONGPEI_KEY "$SH/demo/prefecture-staff.env")|" \
    -e "s|session-bank.admin|session-crossorg|" \
    "$SH/demo/institution-admin.env" >"$SH/demo/crossorg.env"
sed -e "s|session-bureau.admin|session-anon|" "$SH/demo/bureau-admin.env" >"$SH/demo/anon.env"
echo "# demo ready in $((SECONDS - t_start)) s; areas: ${!WANT[*]}"

# ---------------------------------------------------------------- the areas
# An area starts when the one it builds on has finished (on a copy of the
# database it left), at most $JOBS at a time; a serial area runs alone.
run_area() { # run_area AREA: its output printed whole when it ends
  local a=$1 rc
  # shellcheck disable=SC2086
  tests/integration/area.sh "$a" ${WANT[$a]} >"$ROOT/$a.out" 2>&1; rc=$?
  { flock 9; echo "## area $a"; cat "$ROOT/$a.out"; } 9>"$ROOT/print.lock"
  : >"$ROOT/$a.done"
  return $rc
}
ready() { local a=$1; [ -z "${AFROM[$a]}" ] || [ -f "$ROOT/${AFROM[$a]}.done" ] || [[ ! -v WANT[${AFROM[$a]}] ]]; }

JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
declare -A STARTED
for pass in parallel serial; do
  while :; do
    left=0; launched=0
    for a in "${!WANT[@]}"; do
      [ -z "${STARTED[$a]:-}" ] || continue
      if [ "$pass" = parallel ] && [ -n "${ASERIAL[$a]}" ]; then continue; fi
      left=1
      ready "$a" || continue
      [ "$(jobs -rp | wc -l)" -lt "$([ "$pass" = serial ] && echo 1 || echo "$JOBS")" ] || continue
      STARTED[$a]=1; launched=1
      run_area "$a" &
    done
    [ "$left" = 1 ] || break
    if [ "$launched" = 0 ] && [ -z "$(jobs -rp)" ]; then
      echo "an area waits for one that never runs (AREA_FROM of a serial area?)"; break
    fi
    [ "$launched" = 1 ] || wait -n || true
  done
  wait
done

# ---------------------------------------------------------------- the totals
# a test with no result did not run (its area stopped before it): it failed
for a in "${!WANT[@]}"; do
  for t in ${WANT[$a]:-${ATESTS[$a]}}; do
    grep -q " $t $a " "$ROOT/results" || echo "FAIL $t $a 0" >>"$ROOT/results"
  done
done
passed=$(grep -c '^ok ' "$ROOT/results")
failed=$(grep -c '^FAIL ' "$ROOT/results")
echo "integration: $passed passed, $failed failed in $((SECONDS - t_start)) s"
if [ "$failed" -gt 0 ]; then
  echo "failed:"
  grep '^FAIL ' "$ROOT/results" | while read -r _ t a _; do
    echo "  $t (area $a; again: make test T=${t#setup:})"
  done
  exit 1
fi
