#!/usr/bin/env bash
# area.sh AREA [TEST...]: run one area of the integration tests - every test
# of tests/integration/AREA.sh in order, or those named - on a database of
# its own (a copy of the demo, or of the database the area it builds on
# left) with its own rongpeid.  Started by run.sh, which prepared the
# cluster ($PG), the CA and the demo under $ROOT/shared.  Each result is a
# line in $ROOT/results; the exit status says whether all passed.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${BUILD:-build}
: "${ROOT:?run by tests/integration/run.sh}" "${PG:?}"
AREA=$1; shift
RESULTS=$ROOT/results
. tests/integration/harness.sh
AREA_FROM=""; AREA_TESTS=()
bash -n "tests/integration/$AREA.sh" || { echo "FAIL setup:$AREA $AREA 0" >>"$RESULTS"; exit 1; }
. "tests/integration/$AREA.sh"

T=$ROOT/$AREA
VAR=$T/var
DB=rp_$AREA
export HOME=$T/home
mkdir -p "$HOME" "$VAR/demo"
chmod 755 "$T"
ln -sfn "$ROOT/shared/ca" "$VAR/ca"
ln -sfn "$ROOT/shared/pii.key" "$VAR/pii.key"
for f in foreign.crt foreign.key; do ln -sfn "$ROOT/shared/$f" "$T/$f"; done

setup_failed() { echo "FAIL setup:$AREA $AREA 0" >>"$RESULTS"; echo "FAIL - setup of area $AREA: $*"; exit 1; }

# the database: a copy of the demo's, or of the one the area it builds on left
src=rp_template; envs=$ROOT/shared/demo
if [ -n "$AREA_FROM" ]; then src=rp_$AREA_FROM; envs=$ROOT/$AREA_FROM/var/demo; fi
# certificates issued by earlier areas belong with their database
rm -rf "$VAR/demo/certs"; cp -r "$envs/certs" "$VAR/demo/certs"
PGOPTIONS=--client-min-messages=warning \
psql -h "$(readlink -f "$PG")" -U rongpei -d postgres -v ON_ERROR_STOP=1 -qc "drop database if exists $DB" \
  -qc "create database $DB template $src strategy file_copy" >/dev/null || setup_failed "cannot copy $src"

# its server, on a free port (another area may take one first: try again)
for attempt in 1 2 3 4 5; do
  P1=$(free_port); P2=$(free_port); P3=$(free_port)
  S1=127.0.0.1:$P1
  sed -e "s|^port = .*|port = $P1|" -e "s|dbname=rp_template|dbname=$DB|g" \
      "$ROOT/shared/rongpeid.conf" >"$VAR/rongpeid.conf"
  start_server s1 "$P1" && break
  [ "$attempt" = 5 ] && setup_failed "rongpeid did not start: $(tail -n 3 "$T/s1.log")"
done
# every account's environment, pointing at this area's server
old=$(sed -n 's/^export RONGPEI_SERVER=//p' "$envs/bureau-admin.env")
for f in "$envs"/*.env; do
  sed -e "s|$old|$S1|g" -e "s|${old//:/-}|${S1//:/-}|g" "$f" >"$VAR/demo/$(basename "$f")"
done
# the demo's accounts log in (the tests assume it); any other an earlier area made, too
for a in bureau-admin bureau-staff system-admin security-admin audit-admin prefecture-staff \
         institution-admin office-staff advisor enterprise-contact; do
  as "$a" "$RP" login >/dev/null 2>&1 || setup_failed "$a cannot log in: $(as "$a" "$RP" login 2>&1 | tail -n 1)"
done
for f in "$VAR"/demo/*.env; do
  a=$(basename "$f" .env)
  case " bureau-admin bureau-staff system-admin security-admin audit-admin prefecture-staff institution-admin
          office-staff advisor enterprise-contact foreign crossorg anon " in *" $a "*) continue ;; esac
  as "$a" "$RP" login >/dev/null 2>&1 || echo "    (account $a of the earlier area cannot log in)"
done

# a test that kills the shell (an unset variable under set -u, say) fails,
# and so does every test after it
RUNNING=
died() {
  local t seen=0
  [ -n "$RUNNING" ] || return 0
  echo "FAIL - $RUNNING: the area's shell stopped in it"
  for t in "${tests[@]}"; do
    [ "$t" = "$RUNNING" ] && seen=1
    [ $seen = 1 ] && echo "FAIL $t $AREA 0" >>"$RESULTS"
  done
  for name in "${!SPID[@]}"; do kill -TERM "${SPID[$name]}" 2>/dev/null; done
}
trap died EXIT
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=("${AREA_TESTS[@]}")
for t in "${tests[@]}"; do
  run "$t"
done

# every server still running is stopped and checked
for name in "${!SPID[@]}"; do
  CUR=0
  stop_server "$name"
  if [ $CUR -ne 0 ]; then
    fail=$((fail + 1)); echo "FAIL - rongpeid $name of area $AREA at the end"
    echo "FAIL server:$name $AREA 0" >>"$RESULTS"
  fi
done
[ "$fail" -eq 0 ]
