# harness.sh - what every area of the integration tests shares, sourced by
# area.sh: the helpers a test is written with (expect, has, lacks, eq, as,
# sql, J), servers started and stopped with their exit status and
# sanitizer reports checked, and waiting on a condition instead of sleeping.
#
# An area runs against its own database (a copy of the demo) and its own
# rongpeid on free ports; the cluster and the CA are shared.  Variables a
# test may use:
#   RP RPD RAW       the client, the server, the raw protocol client
#   T                the area's scratch directory
#   VAR              the area's var: ca/, demo/ (accounts' environments,
#                    pointing at this area's server), rongpeid.conf
#   PG DB            the cluster's directory and the area's database
#   S1 P1 P2 P3      the area's server (host:port), its port, two spare ports
#   OUT              the output of the last expect

RP=$top/$BUILD/rongpei
RPD=$top/$BUILD/rongpeid
RAW=$top/$BUILD/rawclient
. "$top/scripts/lib.sh"

declare -A SPID SLOGAT
pass=0; fail=0; CUR=0; OUT=""

# The program's calendar is Beijing's: dates a test expects are Beijing dates.
bjdate() { TZ=Asia/Shanghai date "$@"; }

sql() { psql -h "$(readlink -f "$PG")" -U rongpei -d "$DB" -v ON_ERROR_STOP=1 -tAqc "$1"; }

# wait_for SECONDS COMMAND...: until COMMAND succeeds (every 50 ms), or
# fail after SECONDS.  Tests wait on the condition they need, not a guess.
wait_for() {
  local limit=$1 t0=$SECONDS; shift
  until "$@" >/dev/null 2>&1; do
    [ $((SECONDS - t0)) -lt "$limit" ] || return 1
    sleep 0.05
  done
}

# A sanitizer's report in a log, from byte offset $2 on.
sanitizer_report() {
  tail -c +"$(($2 + 1))" "$1" 2>/dev/null |
    grep -m 3 -E "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (Address|Undefined|Leak)"
}

start_server() { # start_server NAME PORT [ENV=VALUE...]
  local name=$1 port=$2; shift 2
  SLOGAT[$name]=$(stat -c %s "$T/$name.log" 2>/dev/null || echo 0)
  env RONGPEID_PORT="$port" "$@" "$RPD" -c "$VAR/rongpeid.conf" 2>>"$T/$name.log" &
  SPID[$name]=$!
  wait_ready "$T/$name.log" "${SPID[$name]}" || { unset "SPID[$name]"; return 1; }
}

# stop_server NAME: SIGTERM, then its exit status must be 0 and its log
# (since it started) free of sanitizer reports; returns 1 (with a note) if not.
stop_server() {
  local name=$1 pid=${SPID[$1]:-} rc report
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"; rc=$?
  unset "SPID[$name]"
  report=$(sanitizer_report "$T/$name.log" "${SLOGAT[$name]:-0}")
  if [ -n "$report" ]; then
    note "rongpeid $name: sanitizer report in $T/$name.log: $report"
    return 1
  fi
  if [ "$rc" -ne 0 ]; then
    note "rongpeid $name exited with status $rc (log: $T/$name.log)"
    return 1
  fi
  return 0
}

note() { echo "    $*"; CUR=1; }
expect() { # expect CODE command...   (output in $OUT)
  local want=$1; shift
  OUT=$("$@" 2>&1); local got=$?
  if [ "$got" -ne "$want" ]; then
    note "expected exit $want, got $got: $*"
    printf '%s\n' "$OUT" | head -n 4 | sed 's/^/      /'
  fi
}
has() { grep -qF -- "$1" <<<"$OUT" || note "output lacks \"$1\": $(head -c 300 <<<"$OUT")"; }
lacks() { ! grep -qF -- "$1" <<<"$OUT" || note "output must not contain \"$1\""; }
eq() { [ "$1" = "$2" ] || note "expected \"$2\", got \"$1\" ($3)"; }
as() { # as ACCOUNT command...: run with that demo account's environment
  local acct=$1; shift
  ( . "$VAR/demo/$acct.env"; "$@" )
}

org_id() { sql "select id from core.organisation where name = '$1'"; }
user_id() { sql "select id from core.app_user where username = '$1'"; }
office_id() { sql "select id from core.office where name = '$1'"; }


new_account() { # new_account ENVNAME FROM-ENV USERNAME NAME ORG ROLE
  local e=$1 from=$2 u=$3 n=$4 org=$5 role=$6
  echo "Temp-Pass-$u-1" | as bureau-admin "$RP" user create --org "$org" --username "$u" --name "$n" \
    --role "$role" --password-stdin >/dev/null || note "cannot create $u"
  sed -e "s|^export RONGPEI_USER=.*|export RONGPEI_USER=$u|" -e "s|^export RONGPEI_PASSWORD=.*|export RONGPEI_PASSWORD='Demo-2026-$u'|" \
      -e "s|session-[a-z.]*-|session-$u-|" "$VAR/demo/$from.env" >"$VAR/demo/$e.env"
  as "$e" sh -c "echo 'Temp-Pass-$u-1' | '$RP' login --password-stdin >/dev/null &&
                 printf 'Temp-Pass-$u-1\nDemo-2026-$u\n' | '$RP' passwd --password-stdin >/dev/null" ||
    note "first login of $u failed"
}

# org_account ENV USERNAME NAME ORG_ID ROLE [user create options]: an account
# of that organisation, with the organisation's own certificate.
org_account() {
  local e=$1 u=$2 n=$3 o=$4 r=$5; shift 5
  local d=$VAR/demo/certs/full-$o
  [ -f "$d/org-$o.crt" ] || as bureau-admin "$RP" cert issue --org "$o" --out "$d" >/dev/null ||
    note "cannot issue a certificate for org $o"
  echo "Temp-Pass-$u-1" | as bureau-admin "$RP" user create --org "$o" --username "$u" --name "$n" \
    --role "$r" --password-stdin "$@" >/dev/null || note "cannot create $u"
  env_file "$VAR/demo/$e.env" "$S1" "$VAR/ca/ca.crt" "$d/org-$o.crt" "$d/org-$o.key" "$u" "Demo-2026-$u"
  as "$e" sh -c "echo 'Temp-Pass-$u-1' | '$RP' login --password-stdin >/dev/null &&
                 printf 'Temp-Pass-$u-1\nDemo-2026-$u\n' | '$RP' passwd --password-stdin >/dev/null" ||
    note "first login of $u failed"
}

declare -A PREF_COUNTY=([630100]=630102 [630200]=630202 [632200]=632221 [632300]=632301
                        [632500]=632521 [632600]=632621 [632700]=632701 [632800]=632801)

# rec_file PREFECTURE FIRST N: a recommendation file's rows (UTF-8, with header)
rec_file() { awk -v n="$3" -v first="$2" -v county="${PREF_COUNTY[$1]}" -f scripts/enterprises.awk; }

# link_own_account ADVISOR USERNAME: the account made the advisor's (its
# name the advisor's, as it would be) and linked with the advisor's
# identity number, which the institution looks up (nomination reveal).
link_own_account() {
  local a=$1 u=$2 idn
  as institution-admin "$RP" user update "$(user_id "$u")" --name "$(sql "select name from core.advisor where id = $a")" \
    >/dev/null || note "cannot rename $u"
  idn=$(as institution-admin "$RP" --json nomination reveal "$(sql "select nomination_id from core.advisor where id = $a")" |
        J id_number)
  expect 0 as institution-admin "$RP" advisor link "$a" --user "$(user_id "$u")" --id-number "$idn"
}

# csv_set FILE NAME COLUMN VALUE: in the rows whose third column is NAME.
csv_set() {
  awk -F, -v OFS=, -v n="$2" -v c="$3" -v v="$4" '$3 == n { $c = v } { print }' "$1" >"$1.edit" && mv "$1.edit" "$1"
}

# run TEST: one test function; its result goes to the area's results file.
run() {
  local t0=$SECONDS
  CUR=0
  RUNNING=$1     # area.sh's exit trap records it as failed if the shell dies in it
  if declare -F "$1" >/dev/null; then "$1"; else note "no test named $1 in area $AREA"; fi
  RUNNING=
  if [ $CUR -eq 0 ]; then pass=$((pass + 1)); echo "ok   - $1 ($((SECONDS - t0)) s)"
  else fail=$((fail + 1)); echo "FAIL - $1 ($((SECONDS - t0)) s)"; fi
  echo "$([ $CUR -eq 0 ] && echo ok || echo FAIL) $1 $AREA $((SECONDS - t0))" >>"$RESULTS"
}
