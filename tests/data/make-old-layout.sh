#!/usr/bin/env bash
# make-old-layout.sh - how tests/data/old-layout.sql.gz was made: a database
# of the sql/ layout before the re-layout (migrations 001-026 with their
# functions, commit cb5d555), holding the demo data of that commit's
# `make run`.  The migration test restores it and migrates it to the
# current layout.  Run from the top of a clone that has that commit.
set -euo pipefail
top=$(pwd)
old=$(mktemp -d /tmp/rongpei-old.XXXXXX)
git worktree add "$old/src" cb5d555 >/dev/null
cd "$old/src"
make -s all
. scripts/lib.sh
v=$old/var
mkdir -p "$v"
pg_init "$v/pg"; pg_start "$v/pg"; pg_createdb "$v/pg" rongpei
devca "$v/ca"; new_pii_key "$v/pii.key"
write_config "$v/rongpeid.conf" "$v/pg" "$v/ca" "$v/pii.key" 27999 "$old/src/sql"
build/rongpeid -c "$v/rongpeid.conf" migrate
build/rongpeid -c "$v/rongpeid.conf" 2>"$v/server.log" &
wait_ready "$v/server.log" $!
RONGPEI_BIN_DIR=$old/src/build scripts/demo.sh "$v" 127.0.0.1:27999 "$old/src/build/rongpei" \
  "$old/src/build/rongpeid" "$v/rongpeid.conf"
kill %1; wait || true
pg_dump -h "$(readlink -f "$v/pg")" -U rongpei rongpei | grep -v '^\\\(un\)\?restrict' |
  gzip -9 >"$top/tests/data/old-layout.sql.gz"
pg_stop "$v/pg"
cd "$top"; git worktree remove --force "$old/src"; rm -rf "$old"
