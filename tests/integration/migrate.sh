# migrate.sh - the schema: the re-layout of sql/ from the old layout, the
# checksums of landed migrations, one transaction per migrate, a newer
# schema refused, a registry not the server's own refused.

AREA_TESTS=(
  t_migrate_refuses_newer_schema
  t_migrate_old_layout_equals_fresh
  t_migrate_refuses_edited_migration
  t_migrate_is_one_transaction
  t_server_refuses_a_registry_not_its_own
)

pgh() { readlink -f "$PG"; }
newdb() { psql -h "$(pgh)" -U rongpei -d postgres -qc "drop database if exists $1" -qc "create database $1" >/dev/null 2>&1; }
dbsql() { psql -h "$(pgh)" -U rongpei -d "$1" -v ON_ERROR_STOP=1 -tAqc "$2"; }
owner_of() { echo "host=$(pgh) dbname=$1 user=rongpei"; }
schema_dump() { pg_dump -h "$(pgh)" -U rongpei -s "$1" | grep -v '^\\\(un\)\{0,1\}restrict'; }

# One line a row of every core table, "table md5-of-row", over the columns
# the table had before (later migrations may add rows and columns).
row_digests() { # DB COLUMNS-FILE
  local t cols
  while IFS='|' read -r t cols; do
    dbsql "$1" "select '$t ' || md5(($cols)::text) from core.$t"
  done <"$2" | sort
}

t_migrate_old_layout_equals_fresh() {
  local cols=$T/old-columns lock_minutes
  newdb rp_old; newdb rp_fresh
  gunzip -c tests/data/old-layout.sql.gz | psql -h "$(pgh)" -U rongpei -d rp_old -q -v ON_ERROR_STOP=1 \
    >/dev/null 2>"$T/restore.err" || note "the old-layout fixture did not restore: $(head -c 300 "$T/restore.err")"
  eq "$(dbsql rp_old "select max(version) from rongpei_meta.migration")" 26 "the fixture is the old layout"
  eq "$(dbsql rp_old "select count(*) > 100 from pg_proc where pronamespace = 'core'::regnamespace")" t \
     "the old layout keeps its helpers in core"
  dbsql rp_old "select table_name || '|' || string_agg(quote_ident(column_name), ', ' order by ordinal_position)
                  from information_schema.columns where table_schema = 'core' group by table_name
                 order by table_name" >"$cols"
  row_digests rp_old "$cols" >"$T/rows.before"
  # the rows later migrations change on purpose, checked by themselves below
  dbsql rp_old "select 'setting ' || md5((name, value, note)::text) from core.setting
                 where name = 'lockout_minutes'" >"$T/rows.changed"
  lock_minutes=$(dbsql rp_old "select value from core.setting where name = 'lockout_minutes'")
  expect 0 env RONGPEID_OWNER_DATABASE="$(owner_of rp_old)" "$RPD" -c "$VAR/rongpeid.conf" migrate
  has "recorded the checksum of 001_core.sql"; has "applied 027_function_schemas.sql"; has "functions reloaded"
  expect 0 env RONGPEID_OWNER_DATABASE="$(owner_of rp_fresh)" "$RPD" -c "$VAR/rongpeid.conf" migrate
  has "applied 001_core.sql"
  schema_dump rp_old >"$T/old.schema"; schema_dump rp_fresh >"$T/fresh.schema"
  [ "$(wc -l <"$T/fresh.schema")" -gt 5000 ] || note "the fresh schema dump is too short"
  diff "$T/old.schema" "$T/fresh.schema" >"$T/schema.diff" ||
    note "a migrated old database differs from a fresh one: $(head -n 20 "$T/schema.diff")"
  row_digests rp_old "$cols" >"$T/rows.after"
  comm -23 "$T/rows.before" "$T/rows.after" | grep -vxF -f "$T/rows.changed" >"$T/rows.lost"
  eq "$(dbsql rp_old "select value from core.setting where name = 'lockout_seconds'")" "$((lock_minutes * 60))" \
     "031 turned the lock's minutes into seconds"
  [ -s "$T/rows.lost" ] && note "rows lost or changed in the re-layout: $(head -n 5 "$T/rows.lost")"
  [ "$(grep -c '^organisation ' "$T/rows.before")" -ge 10 ] || note "too few organisations in the fixture"
  [ "$(grep -c '^app_user ' "$T/rows.before")" -ge 10 ] || note "too few users in the fixture"
  [ "$(wc -l <"$T/rows.before")" -ge 200 ] || note "too few rows in the fixture: $(wc -l <"$T/rows.before")"
  eq "$(dbsql rp_old "select count(*) from pg_proc where pronamespace = 'core'::regnamespace")" 0 \
     "core holds tables only"
  eq "$(dbsql rp_old "select count(*) from rongpei_meta.migration where checksum is null")" 0 "every checksum recorded"
  # a second migrate applies nothing and changes nothing
  expect 0 env RONGPEID_OWNER_DATABASE="$(owner_of rp_old)" "$RPD" -c "$VAR/rongpeid.conf" migrate
  has "(0 applied now)"; lacks "recorded the checksum"
  # the server accepts the migrated database
  start_server oldlayout "$(free_port)" RONGPEID_DATABASE="host=$(pgh) dbname=rp_old user=rongpei_app" ||
    note "rongpeid did not start on the migrated old database"
  stop_server oldlayout || note "rongpeid on the migrated old database did not stop cleanly"
}

t_migrate_refuses_edited_migration() {
  local d=$T/sql-edited port
  newdb rp_edit
  rm -rf "$d"; cp -r sql "$d"
  expect 0 env RONGPEID_OWNER_DATABASE="$(owner_of rp_edit)" RONGPEID_SQL_DIR="$d" "$RPD" -c "$VAR/rongpeid.conf" migrate
  # a landed migration edited afterwards: migrate and the server both refuse, naming it
  echo "-- an afterthought" >>"$d/migrations/012_advisor_details.sql"
  expect 1 env RONGPEID_OWNER_DATABASE="$(owner_of rp_edit)" RONGPEID_SQL_DIR="$d" "$RPD" -c "$VAR/rongpeid.conf" migrate
  has "012_advisor_details.sql was edited after it was applied"; has "append-only"
  port=$(free_port)
  expect 1 env RONGPEID_PORT="$port" RONGPEID_DATABASE="host=$(pgh) dbname=rp_edit user=rongpei_app" \
    RONGPEID_SQL_DIR="$d" "$RPD" -c "$VAR/rongpeid.conf"
  has "012_advisor_details.sql was edited after it was applied"; lacks "rongpeid ready"
  cp sql/migrations/012_advisor_details.sql "$d/migrations/"
  # a function file changed but not yet loaded: the server asks for a migrate
  printf '\n-- a comment\n' >>"$d/functions/roster.sql"
  expect 1 env RONGPEID_PORT="$port" RONGPEID_DATABASE="host=$(pgh) dbname=rp_edit user=rongpei_app" \
    RONGPEID_SQL_DIR="$d" "$RPD" -c "$VAR/rongpeid.conf"
  has "run \`rongpeid migrate\`"
  expect 0 env RONGPEID_OWNER_DATABASE="$(owner_of rp_edit)" RONGPEID_SQL_DIR="$d" "$RPD" -c "$VAR/rongpeid.conf" migrate
  has "(0 applied now)"
  start_server edited "$port" RONGPEID_DATABASE="host=$(pgh) dbname=rp_edit user=rongpei_app" RONGPEID_SQL_DIR="$d" ||
    note "rongpeid did not start after the migrate"
  stop_server edited || note "rongpeid did not stop cleanly"
}

t_migrate_is_one_transaction() {
  local d=$T/sql-broken
  newdb rp_broken
  rm -rf "$d"; cp -r sql "$d"
  # a function whose body refers to a table that does not exist
  printf '\ncreate function lib.broken() returns int language sql as $$ select count(*)::int from core.no_such_table $$;\n' \
    >>"$d/functions/roster.sql"
  expect 1 env RONGPEID_OWNER_DATABASE="$(owner_of rp_broken)" RONGPEID_SQL_DIR="$d" "$RPD" -c "$VAR/rongpeid.conf" migrate
  has "function lib.broken() does not compile"; has "nothing was applied"
  eq "$(dbsql rp_broken "select count(*) from pg_namespace where nspname in ('core', 'rongpei_meta')")" 0 \
     "a failed migrate leaves nothing behind"
  # a syntax error names its file
  cp sql/functions/roster.sql "$d/functions/"
  printf '\ncreate function lib.broken( returns int;\n' >>"$d/functions/team.sql"
  expect 1 env RONGPEID_OWNER_DATABASE="$(owner_of rp_broken)" RONGPEID_SQL_DIR="$d" "$RPD" -c "$VAR/rongpeid.conf" migrate
  has "functions/team.sql"
  eq "$(dbsql rp_broken "select count(*) from pg_namespace where nspname = 'core'")" 0 "still nothing"
  # migrate --help helps and migrates nothing; -c after the command is honoured
  expect 0 env RONGPEID_OWNER_DATABASE="$(owner_of rp_broken)" "$RPD" -c "$VAR/rongpeid.conf" migrate --help
  has "usage: rongpeid"
  eq "$(dbsql rp_broken "select count(*) from pg_namespace where nspname = 'core'")" 0 "--help migrated nothing"
  expect 0 env RONGPEID_OWNER_DATABASE="$(owner_of rp_broken)" "$RPD" migrate -c "$VAR/rongpeid.conf"
  has "applied 027_function_schemas.sql"
}

t_migrate_refuses_newer_schema() {
  psql -h "$(readlink -f "$PG")" -U rongpei -d postgres -qc "create database rongpei_newer" >/dev/null
  local owner="host=$(readlink -f "$PG") dbname=rongpei_newer user=rongpei"
  expect 0 env RONGPEID_OWNER_DATABASE="$owner" "$RPD" -c "$VAR/rongpeid.conf" migrate
  has "schema at version"
  psql -h "$(readlink -f "$PG")" -U rongpei -d rongpei_newer -qc \
    "insert into rongpei_meta.migration values (999, '999_future.sql')" >/dev/null
  expect 1 env RONGPEID_OWNER_DATABASE="$owner" "$RPD" -c "$VAR/rongpeid.conf" migrate
  has "newer than"
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
