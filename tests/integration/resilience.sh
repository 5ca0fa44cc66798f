# resilience.sh - retries under one idempotency key across restarts and
# instances, two instances sharing sessions and lockouts, PostgreSQL going
# away and coming back.  Runs alone, after the other areas: it restarts
# the cluster they share.
AREA_SERIAL=1
AREA_SEQUENTIAL=1

AREA_TESTS=(
  t_idempotent_retry
  t_two_instances_share_sessions_and_lockouts
  t_postgres_restart_fails_fast_then_recovers
)

t_idempotent_retry() {
  local a b
  expect 0 as bureau-admin "$RP" --idempotency-key retry-key-0001 --json org create --kind enterprise \
    --name 幂等测试企业 --division 630102
  a=$(J id <<<"$OUT")
  expect 0 as bureau-admin "$RP" --idempotency-key retry-key-0001 --json org create --kind enterprise \
    --name 幂等测试企业 --division 630102
  b=$(J id <<<"$OUT")
  eq "$b" "$a" "a retry returns the original answer"
  eq "$(sql "select count(*) from core.organisation where name = '幂等测试企业'")" 1 "created once"
  # the same key for a different request is a conflict
  expect 7 as bureau-admin "$RP" --idempotency-key retry-key-0001 org create --kind enterprise \
    --name 另一个企业 --division 630102
  # after a restart, and on another instance, the key still holds
  stop_server s1 || note "s1 did not stop cleanly"
  start_server s1 "$P1" || note "s1 did not restart"
  expect 0 as bureau-admin "$RP" --idempotency-key retry-key-0001 --json org create --kind enterprise \
    --name 幂等测试企业 --division 630102
  eq "$(J id <<<"$OUT")" "$a" "after restart"
  start_server s2 "$P2" || note "s2 did not start"
  ( . "$VAR/demo/bureau-admin.env"; export RONGPEI_SERVER=127.0.0.1:$P2
    expect 0 "$RP" --idempotency-key retry-key-0001 --json org create --kind enterprise \
      --name 幂等测试企业 --division 630102
    [ "$(J id <<<"$OUT")" = "$a" ] || CUR=1; exit $CUR ) || note "second instance replay differs"
  eq "$(sql "select count(*) from core.organisation where name = '幂等测试企业'")" 1 "still once"
}

t_two_instances_share_sessions_and_lockouts() {
  [ -n "${SPID[s2]:-}" ] || start_server s2 "$P2"
  # a session from instance 1 works on instance 2
  ( . "$VAR/demo/institution-admin.env"; export RONGPEI_SERVER=127.0.0.1:$P2
    expect 0 "$RP" whoami; has "刘慧敏"; exit $CUR ) || CUR=1
  # failures on both instances add up to one lockout
  local i srv
  for i in 1 2 3 4 5; do
    srv=$P1; [ $((i % 2)) -eq 0 ] && srv=$P2
    ( . "$VAR/demo/advisor.env"; export RONGPEI_SERVER=127.0.0.1:$srv
      echo "Wrong-Pass-$i" | "$RP" login --password-stdin >/dev/null 2>&1 )
  done
  eq "$(sql "select locked_until > now() from core.app_user where username = 'bank.advisor'")" t "locked across instances"
  sql "update core.app_user set locked_until = null where username = 'bank.advisor'"
  expect 0 as advisor "$RP" login
}

t_postgres_restart_fails_fast_then_recovers() {
  pg_stop "$PG"
  expect 9 timeout 30 bash -c ". '$VAR/demo/bureau-staff.env'; '$RP' org list"
  has "稍后重试"
  pg_start "$PG" "-c fsync=off" || note "postgres did not restart"
  wait_for 20 as bureau-staff "$RP" org list || note "calls do not succeed again after PostgreSQL is back"
}
