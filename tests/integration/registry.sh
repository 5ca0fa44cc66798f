# registry.sh - the database decides: the registry it holds, the
# application role's reach, the cluster closed to others, replies within
# the frame limit.  Sourced by run.sh.

app_sql() { psql -h "$(readlink -f "$PG")" -U rongpei_app -d rongpei -v ON_ERROR_STOP=1 -tAqc "$1"; }
bureau_fp() { openssl x509 -in "$VAR/ca/bureau.crt" -outform DER | sha256sum | cut -c1-64; }

t_application_role_reaches_only_api() {
  local fp n0
  fp=$(bureau_fp)
  n0=$(sql "select count(*) from core.organisation")
  # no tables, no helpers, no method functions, no registry writes
  OUT=$(app_sql "select count(*) from core.app_user" 2>&1); has "permission denied"
  OUT=$(app_sql "select m.org_create('{}', '{}')" 2>&1); has "permission denied"
  OUT=$(app_sql "select lib.has_role('{}', 'bureau_admin')" 2>&1); has "permission denied"
  OUT=$(app_sql "update core.method set roles = '{*}'" 2>&1); has "permission denied"
  OUT=$(app_sql "select op.bootstrap('x', 'y', 'z', 'h', '{bureau_admin}')" 2>&1); has "permission denied"
  # api.dispatch takes no roles or flags: a method that is not anonymous
  # needs a live session whatever the caller passes
  OUT=$(app_sql "select api.dispatch('org.create', null, '$fp', 'forged-key-1', 'h', 'r', 'p',
                 '{\"kind\": \"institution\", \"inst_type\": \"bank\", \"name\": \"伪造的机构\", \"division_code\": \"630100\"}')" 2>&1)
  has '"status": 2'
  OUT=$(app_sql "select api.dispatch('org.create', repeat('0', 64), '$fp', 'forged-key-2', 'h', 'r', 'p',
                 '{\"kind\": \"institution\", \"inst_type\": \"bank\", \"name\": \"伪造的机构\", \"division_code\": \"630100\"}')" 2>&1)
  has '"status": 2'
  OUT=$(app_sql "select api.dispatch('no.such', null, '$fp', null, 'h', 'r', 'p', '{}')" 2>&1)
  has '"status": 1'
  OUT=$(app_sql "select api.gate('org.create', null, '$fp', 'r', 'p', null)" 2>&1)
  has '"status": 2'
  eq "$(sql "select count(*) from core.organisation")" "$n0" "nothing was created"
  # the old signature, with roles and flags from the caller, is gone
  OUT=$(app_sql "select api.dispatch('org.create', null, '$fp', '{*}', 1, 'k', 'h', 'r', 'p', '{}')" 2>&1)
  has "does not exist"
}

t_cluster_closed_to_others() {
  local dir
  dir=$(readlink -f "$PG")
  grep -v '^#' "$dir/data/pg_hba.conf" | grep -qw trust && note "pg_hba.conf still trusts"
  grep -q "^local all all peer map=rongpei" "$dir/data/pg_hba.conf" || note "pg_hba.conf does not use peer"
  [ "$(stat -c %a "$dir")" = 700 ] || note "the socket directory is open to others: $(stat -c %a "$dir")"
  id nobody >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin nobody
  OUT=$(runuser -u nobody -- psql -h "$dir" -U rongpei_app -d rongpei -tAc "select 1" 2>&1)
  [ "$OUT" = 1 ] && note "another system user reached the database"
  has "Permission denied"
  # another database role than the two mapped ones is refused even to us
  OUT=$(psql -h "$dir" -U postgres -d rongpei -tAc "select 1" 2>&1); has "authentication failed"
  # and there is no TCP listener
  OUT=$(psql "host=127.0.0.1 port=5432 user=rongpei dbname=rongpei connect_timeout=3" -tAc "select 1" 2>&1)
  has "connection"
}

t_server_refuses_a_registry_not_its_own() {
  local port owner="host=$(readlink -f "$PG") dbname=rp_registry user=rongpei"
  psql -h "$(readlink -f "$PG")" -U rongpei -d postgres -qc "drop database if exists rp_registry" \
    -qc "create database rp_registry" >/dev/null 2>&1
  expect 0 env RONGPEID_OWNER_DATABASE="$owner" "$RPD" -c "$VAR/rongpeid.conf" migrate
  psql -h "$(readlink -f "$PG")" -U rongpei -d rp_registry -qc \
    "update core.method set roles = '{*}' where name = 'org.create'" >/dev/null
  port=$(free_port)
  expect 1 env RONGPEID_PORT="$port" RONGPEID_DATABASE="host=$(readlink -f "$PG") dbname=rp_registry user=rongpei_app" \
    "$RPD" -c "$VAR/rongpeid.conf"
  has "org.create: roles differs"; has "rongpeid migrate"
  psql -h "$(readlink -f "$PG")" -U rongpei -d rp_registry -qc \
    "delete from core.method where name = 'inbox.list'" >/dev/null
  expect 1 env RONGPEID_PORT="$port" RONGPEID_DATABASE="host=$(readlink -f "$PG") dbname=rp_registry user=rongpei_app" \
    "$RPD" -c "$VAR/rongpeid.conf"
  has "inbox.list is not in the database"
  # a migrate puts the build's registry back
  expect 0 env RONGPEID_OWNER_DATABASE="$owner" "$RPD" -c "$VAR/rongpeid.conf" migrate
  start_server registry "$port" RONGPEID_DATABASE="host=$(readlink -f "$PG") dbname=rp_registry user=rongpei_app" ||
    note "rongpeid did not start after the migrate"
  stop_server registry || note "rongpeid did not stop cleanly"
  # a migrate refuses a function that is no method, or a status that does not exist
  local d=$T/sql-registry
  rm -rf "$d"; cp -r sql "$d"
  printf '\ncreate function m.orphan_method(ctx jsonb, a jsonb) returns jsonb language sql as $$ select a $$;\n' \
    >>"$d/functions/roster.sql"
  expect 1 env RONGPEID_OWNER_DATABASE="$owner" RONGPEID_SQL_DIR="$d" "$RPD" -c "$VAR/rongpeid.conf" migrate
  has "m.orphan_method(jsonb,jsonb) is not a method of the registry"
  cp sql/functions/roster.sql "$d/functions/"
  printf '\ncreate function lib.bad_status() returns void language plpgsql as $$ begin perform lib.fail('"'"'NOPE'"'"', '"'"'x'"'"'); end $$;\n' \
    >>"$d/functions/roster.sql"
  expect 1 env RONGPEID_OWNER_DATABASE="$owner" RONGPEID_SQL_DIR="$d" "$RPD" -c "$VAR/rongpeid.conf" migrate
  has "names the unknown status NOPE"
}

t_reply_over_the_frame_limit() {
  local port
  port=$(free_port)
  # a server whose frames are small: a long list does not fit
  start_server small "$port" RONGPEID_MAX_FRAME=18000 RONGPEID_MAX_FRAME_ANON=16384 || { note "no server"; return; }
  ( . "$VAR/demo/audit-admin.env"; export RONGPEI_SERVER=127.0.0.1:$port
    expect 0 "$RP" whoami
    expect 5 "$RP" audit list
    has "回复内容超过帧大小上限"; has "缩小查询范围"
    exit $CUR ) || CUR=1
  grep -q "method=audit.list status=LIMIT" "$T/small.log" || note "the LIMIT is not logged"
  grep -q "closed: .*frame" "$T/small.log" && note "the connection was closed for a large reply"
  stop_server small || note "rongpeid did not stop cleanly"
}

t_client_verifies_the_server() {
  local d=$T/othercert port
  mkdir -p "$d"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=other.example" \
    -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:other.example\nextendedKeyUsage=serverAuth\n' >"$d/ext"
  openssl x509 -req -in "$d/server.csr" -CA "$VAR/ca/ca.crt" -CAkey "$VAR/ca/ca.key" -CAcreateserial \
    -days 30 -extfile "$d/ext" -out "$d/server.crt" 2>/dev/null
  # the demo's server certificate names localhost and 127.0.0.1: both work
  ( . "$VAR/demo/bureau-staff.env"; export RONGPEI_SERVER=localhost:${S1##*:}
    expect 0 "$RP" whoami; exit $CUR ) || CUR=1
  # a certificate of our CA for another name: refused, and said so
  port=$(free_port)
  start_server othername "$port" RONGPEID_CERT="$d/server.crt" RONGPEID_KEY="$d/server.key" || { note "no server"; return; }
  ( . "$VAR/demo/bureau-staff.env"; export RONGPEI_SERVER=127.0.0.1:$port
    expect 8 "$RP" whoami; has "服务器证书与地址“127.0.0.1:$port”不符"; exit $CUR ) || CUR=1
  stop_server othername || note "rongpeid did not stop cleanly"
  # a certificate of another CA: refused
  start_server otherca "$port" RONGPEID_CERT="$T/foreign.crt" RONGPEID_KEY="$T/foreign.key" || { note "no server"; return; }
  ( . "$VAR/demo/bureau-staff.env"; export RONGPEI_SERVER=127.0.0.1:$port
    expect 8 "$RP" whoami; has "服务器证书未通过验证"; exit $CUR ) || CUR=1
  stop_server otherca || note "rongpeid did not stop cleanly"
}

t_independent_client() {
  local py=$T/py
  mkdir -p "$py"
  protoc --proto_path=proto --python_out="$py" proto/rongpei.proto || { note "protoc failed"; return; }
  expect 0 as institution-admin /usr/bin/python3 tests/interop/client.py "$py"
  printf '%s\n' "$OUT" | grep -q "^FAIL" && note "$(grep "^FAIL" <<<"$OUT")"
  has "ok   retry with the same key, re-encoded: the stored answer"; has "ok   after logout: UNAUTHENTICATED"
  eq "$(grep -c "^ok   " <<<"$OUT")" 12 "every step of the independent client"
  expect 0 as institution-admin "$RP" login     # the interop client logged its own session out
}
