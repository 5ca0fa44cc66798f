# lib.sh - shell helpers shared by `make run`, the integration tests and the
# benchmark: an embedded PostgreSQL cluster, a development CA, a server
# configuration.  Source it; every function takes explicit directories.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

# Run a command as the cluster's owner: ourselves, or (as root, which
# PostgreSQL refuses) the unprivileged "postgres" user.
pg_as() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# pg_prepare_dir DIR: make DIR usable by the cluster owner.  When DIR's
# parents are closed to that user (a root-owned home, say), the cluster lives
# in a private directory under /tmp and DIR becomes a link to it.
pg_prepare_dir() {
  local dir=$1
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd -r -M -d /nonexistent -s /usr/sbin/nologin postgres
    mkdir -p "$dir"
    if ! runuser -u postgres -- test -w "$dir/." 2>/dev/null; then
      chown postgres: "$dir" 2>/dev/null || true
    fi
    if ! runuser -u postgres -- test -w "$dir/." 2>/dev/null; then
      local alt
      alt=$(mktemp -d /tmp/rongpei-pg.XXXXXX)
      chown postgres: "$alt"
      rmdir "$dir" 2>/dev/null || rm -rf "$dir"
      ln -s "$alt" "$dir"
    fi
  else
    mkdir -p "$dir"
  fi
}

# pg_init DIR: a new cluster in DIR/data with its socket in DIR.
pg_init() {
  local dir=$1
  pg_prepare_dir "$dir"
  dir=$(readlink -f "$dir")
  pg_as "$PG_BIN/initdb" -D "$dir/data" --auth-local=peer --auth-host=reject -U rongpei --no-sync -E UTF8 \
    --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
}

# pg_auth DIR: who may connect.  No TCP at all; on the socket, peer
# authentication only: the operating-system user running make run or the
# tests (and nobody else) may be the owner role rongpei and the application
# role rongpei_app.  The socket and its directory are closed to others.
pg_auth() {
  local dir=$1 me
  me=$(id -un)
  printf '# written by scripts/lib.sh (pg_auth): peer only, no TCP\nlocal all all peer map=rongpei\n' \
    >"$dir/data/pg_hba.conf"
  printf '# MAPNAME SYSTEM-USER PG-USER\nrongpei %s rongpei\nrongpei %s rongpei_app\n' "$me" "$me" \
    >"$dir/data/pg_ident.conf"
  chmod 700 "$dir"
}

# pg_start DIR [extra postgres options]
pg_start() {
  local dir
  dir=$(readlink -f "$1"); shift
  pg_auth "$dir"
  pg_as "$PG_BIN/pg_ctl" -D "$dir/data" -w -t 30 -l "$dir/postgres.log" \
    -o "-k $dir -c listen_addresses='' -c unix_socket_permissions=0700 -c max_connections=200 $*" start >/dev/null ||
    { tail -n 20 "$dir/postgres.log" >&2; return 1; }
}

pg_stop() {
  local dir
  dir=$(readlink -f "$1")
  [ -f "$dir/data/postmaster.pid" ] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$dir/data" -w -t 30 -m fast stop >/dev/null 2>&1 || true
}

# pg_createdb DIR NAME: create the database when missing.
pg_createdb() {
  local dir
  dir=$(readlink -f "$1")
  if ! psql -h "$dir" -U rongpei -d postgres -tAc "select 1 from pg_database where datname = '$2'" | grep -q 1; then
    psql -h "$dir" -U rongpei -d postgres -qc "create database $2" >/dev/null
  fi
}

# devca DIR: a development CA, a server certificate for localhost, and a
# client certificate for the bureau (the one the first administrator uses).
devca() {
  local d=$1
  mkdir -p "$d"
  [ -f "$d/ca.crt" ] && return 0
  (
    umask 077
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
      -subj "/O=rongpei development/CN=rongpei development CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
      -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' >"$d/server.ext"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
      -days 825 -extfile "$d/server.ext" -out "$d/server.crt" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=rongpei bureau" \
      -keyout "$d/bureau.key" -out "$d/bureau.csr" 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n' >"$d/client.ext"
    openssl x509 -req -in "$d/bureau.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
      -days 825 -extfile "$d/client.ext" -out "$d/bureau.crt" 2>/dev/null
    rm -f "$d"/*.csr "$d"/*.ext
  )
  chmod 644 "$d/ca.crt" "$d/server.crt" "$d/bureau.crt"
}

# write_config FILE PGDIR CADIR KEYFILE PORT SQLDIR
write_config() {
  local pgdir
  pgdir=$(readlink -f "$2")
  cat >"$1" <<CONF
# rongpeid configuration (generated; see docs/rongpeid.conf.example)
listen_host = 127.0.0.1
port = $5
cert = $3/server.crt
key = $3/server.key
ca = $3/ca.crt
ca_key = $3/ca.key
pii_key = $4
database = host=$pgdir dbname=rongpei user=rongpei_app
owner_database = host=$pgdir dbname=rongpei user=rongpei
sql_dir = $6
CONF
}

# new_pii_key FILE
new_pii_key() {
  [ -f "$1" ] && return 0
  (umask 077; openssl rand -hex 32 >"$1")
}

# wait_ready LOGFILE PID: until the server logs "rongpeid ready" (or dies).
wait_ready() {
  local i
  for i in $(seq 1 200); do
    grep -q "rongpeid ready" "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { cat "$1" >&2; return 1; }
    sleep 0.05
  done
  cat "$1" >&2
  return 1
}

# free_port: a TCP port nobody listens on (best effort).
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 30000))
    (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo "$p"; return 0; }
  done
  echo 27443
}

# env_file FILE SERVER CA CERT KEY USER [PASSWORD]
env_file() {
  {
    echo "# rongpei client environment for $6"
    echo "export RONGPEI_SERVER=$2"
    echo "export RONGPEI_CA=$3"
    echo "export RONGPEI_CERT=$4"
    echo "export RONGPEI_KEY=$5"
    echo "export RONGPEI_USER=$6"
    [ -n "${7:-}" ] && echo "export RONGPEI_PASSWORD='$7'   # demo only"
    echo "export RONGPEI_SESSION_FILE=\${HOME:-/tmp}/.rongpei/session-$6-${2//:/-}"
    [ -n "${RONGPEI_BIN_DIR:-}" ] && echo "export PATH=$RONGPEI_BIN_DIR:\$PATH"
  } >"$1"
}

# J FIELD: the first value of FIELD in the JSON the client printed (--json).
J() { sed -n "s/^ *\"$1\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" | head -n 1; }

# A valid GB 11643 identity number from 17 digits.
id17() {
  local b=$1 w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) c=10X98765432 i sum=0
  for i in $(seq 0 16); do sum=$((sum + ${b:$i:1} * ${w[$i]})); done
  echo "$b${c:$((sum % 11)):1}"
}

# The gender an identity number says (its 17th digit: odd 男, even 女).
sex_of() { [ $(( ${1:16:1} % 2 )) = 1 ] && echo 男 || echo 女; }
