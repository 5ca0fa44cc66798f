# access.sh - the database decides who may do what: every method refused
# to a caller outside its role and to one outside its organisation or tier
# (scope.tsv), lists that show only the caller's own, separated duties,
# personal numbers sealed, masked and their reads audited, an append-only
# audit log, the application role's reach, a cluster closed to others, logs
# without secrets.

AREA_TESTS=(
  t_every_method_refuses_outsiders
  t_scope_lists_show_only_own
  t_invalid_input_answered_in_chinese
  t_separated_duties
  t_personal_numbers_encrypted_masked_audited
  t_audit_log_append_only_and_complete
  t_application_role_reaches_only_api
  t_cluster_closed_to_others
  t_logs_hold_no_secrets
)

app_sql() { psql -h "$(readlink -f "$PG")" -U rongpei_app -d "$DB" -v ON_ERROR_STOP=1 -tAqc "$1"; }

bureau_fp() { openssl x509 -in "$VAR/ca/bureau.crt" -outform DER | sha256sum | cut -c1-64; }

t_every_method_refuses_outsiders() {
  local methods m line method acct body want
  methods=$(as bureau-admin "$RP" --json methods | sed -n 's/^ *"name": "\(.*\)",*$/\1/p')
  [ -n "$methods" ] || note "no methods listed"
  for m in $methods; do
    grep -q "^$m	" tests/integration/scope.tsv || note "method $m has no refusal case in tests/integration/scope.tsv"
  done
  while IFS=$'\t' read -r method acct body want; do
    case "$method" in ''|'#'*) continue ;; esac
    grep -qx "$method" <<<"$methods" || note "scope.tsv names $method, which the server does not list"
    while [[ $body =~ @(org|user|office):([^,}\"]+) ]]; do
      local kind=${BASH_REMATCH[1]} name=${BASH_REMATCH[2]} v
      v=$("${kind}_id" "$name")
      body=${body/"@$kind:$name"/$v}
    done
    local before=$CUR
    CUR=0
    expect "$want" as "$acct" "$RP" call "$method" "$body"
    [ $CUR -eq 0 ] || echo "      ($method as $acct)"
    [ $before -eq 0 ] || CUR=1
  done <tests/integration/scope.tsv
  # and nothing was created by the refused calls
  eq "$(sql "select count(*) from core.app_user where username like 'x.scope%'")" 0 "refused creations"
  eq "$(sql "select count(*) from core.organisation where name like '越权%'")" 0 "refused creations"
}

t_scope_lists_show_only_own() {
  expect 0 as institution-admin "$RP" --json org list
  has "青海高原农商银行"; lacks "昆仑证券"
  expect 0 as prefecture-staff "$RP" --json org list
  has "西宁市金融办"; has "昆仑证券"; lacks "海西州金融办"; lacks "柴达木会计师事务所"
  expect 0 as office-staff "$RP" --json office list
  has "格尔木支行"; lacks "西宁城中支行"
  expect 0 as office-staff "$RP" --json user list
  has "bank.office"; lacks "bank.admin"
  expect 0 as institution-admin "$RP" --json user list
  has "bank.advisor"; lacks "xining.staff"
}

t_invalid_input_answered_in_chinese() {
  local org
  org=$(org_id 青海高原农商银行)
  expect 5 as institution-admin "$RP" user create --org "$org" --username bad.mobile --name 甲 --mobile 12345
  has "手机号"
  expect 5 as bureau-admin "$RP" org create --kind enterprise --name 校验码错误企业 --division 630102 \
    --credit-code 91630100710401239A
  has "统一社会信用代码"
  # a lower-case letter has its own message, with the code it should be
  expect 5 as bureau-admin "$RP" org create --kind enterprise --name 小写字母企业 --division 630102 \
    --credit-code 91630104ma7n3k5q6n
  has "含小写字母"; has "应为 91630104MA7N3K5Q6N"
  expect 5 as bureau-admin "$RP" org create --kind enterprise --name 位数不对企业 --division 630102 \
    --credit-code 9163010471040123
  has "应为 18 位，这里是 16 位"
  expect 5 as bureau-admin "$RP" org create --kind prefecture_office --name 错误金融办 --division 630102
  has "市（州）"
  expect 7 as bureau-admin "$RP" org create --kind prefecture_office --name 第二个西宁金融办 --division 630100
  has "已有金融办"
  expect 7 as institution-admin "$RP" user create --org "$org" --username bank.admin --name 重名
  has "用户名已被使用"
  expect 6 as bureau-admin "$RP" user update 999999 --name 无此人
  expect 6 as bureau-admin "$RP" org update abc
  has "没有找到名为“abc”的机构"
  expect 2 as bureau-admin "$RP" org frobnicate
}

t_separated_duties() {
  # the security administrator cannot make the audit administrator hold another role
  expect 7 as security-admin "$RP" user grant "$(user_id audit.admin)" bureau_staff
  has "三员"
  expect 4 as audit-admin "$RP" org list
  expect 0 as audit-admin "$RP" audit list --limit 5
}

t_personal_numbers_encrypted_masked_audited() {
  local id
  id=$(user_id bureau.staff)
  eq "$(sql "select mobile_masked from core.app_user where id = $id")" "138****1234" "masked form"
  eq "$(sql "select position('13897001234' in encode(mobile_enc, 'escape')) from core.app_user where id = $id")" 0 \
    "ciphertext must not contain the number"
  expect 0 as bureau-admin "$RP" --json user list --org "$(org_id 青海省地方金融监督管理局)"
  has "138****1234"; lacks "13897001234"
  expect 0 as bureau-admin "$RP" user reveal "$id"
  has "13897001234"
  expect 0 as audit-admin "$RP" --json audit list --method user.reveal
  has "\"object\": \"user:$id mobile\""
  # the application role cannot read tables directly
  OUT=$(psql -h "$(readlink -f "$PG")" -U rongpei_app -d "$DB" -tAc "select count(*) from core.app_user" 2>&1)
  has "permission denied"
}

t_audit_log_append_only_and_complete() {
  OUT=$(sql "delete from core.audit" 2>&1); has "只能追加"
  OUT=$(sql "update core.audit set status = 0" 2>&1); has "只能追加"
  eq "$(sql "select count(*) > 0 from core.audit where method = 'session.login' and status = 2")" t "failed logins audited"
  eq "$(sql "select count(*) > 0 from core.audit where method = 'org.create' and status = 0 and object like 'org:%'")" t \
    "changes audited with their object"
  eq "$(sql "select count(*) > 0 from core.audit where status = 3")" t "refusals audited"
  expect 4 as bureau-staff "$RP" audit list
}

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
  OUT=$(runuser -u nobody -- psql -h "$dir" -U rongpei_app -d "$DB" -tAc "select 1" 2>&1)
  [ "$OUT" = 1 ] && note "another system user reached the database"
  has "Permission denied"
  # another database role than the two mapped ones is refused even to us
  OUT=$(psql -h "$dir" -U postgres -d "$DB" -tAc "select 1" 2>&1); has "authentication failed"
  # and there is no TCP listener
  OUT=$(psql "host=127.0.0.1 port=5432 user=rongpei dbname=$DB connect_timeout=3" -tAc "select 1" 2>&1)
  has "connection"
}

t_logs_hold_no_secrets() {
  local tok f
  for f in "$T"/s*.log; do
    OUT=$(cat "$f")
    lacks "Demo-2026"
    lacks "13897001234"
    lacks "13897005555"
    lacks "$(id17 63280119900101001)"
    lacks "$(id17 63010219900101301)"
    for tok in "$HOME"/.rongpei/session-*; do
      lacks "$(cat "$tok")"
    done
  done
  grep -q "method=org.list status=OK" "$T/s1.log" || note "request lines are missing from the log"
}
