# transport.sh - TLS and certificates, frames and their limits, many and
# misbehaving connections, an independent client written from the protocol
# document, a clean stop.

AREA_TESTS=(
  t_certificate_from_unknown_ca_refused
  t_no_certificate_refused
  t_revoked_certificate_refused_at_once
  t_another_organisations_certificate
  t_bad_frames
  t_in_flight_limit
  t_client_that_stops_reading
  t_thousand_connections
  t_reply_over_the_frame_limit
  t_client_verifies_the_server
  t_link_reset_during_handshake
  t_independent_client
  t_graceful_shutdown
)

t_certificate_from_unknown_ca_refused() {
  expect 8 as foreign "$RP" login
  has "证书"
  # on TLS 1.3 the client learns of the refusal at its first read: no answer, closed
  expect 0 "$RAW" "$S1" "$VAR/ca/ca.crt" "$T/foreign.crt" "$T/foreign.key" garbage
  has "status=-1 hello=-1"
}

t_no_certificate_refused() {
  # a TLS client that presents no certificate: the handshake fails
  # (connected and the server verified first: a server that is not there
  # must not pass for one that refuses)
  expect 0 "$RAW" "$S1" "$VAR/ca/ca.crt" - - nocert
  has "connected=1 refused=tlsv13 alert certificate required"
  # TLS 1.2 is refused too
  OUT=$(echo | timeout 10 openssl s_client -connect "$S1" -CAfile "$VAR/ca/ca.crt" -tls1_2 \
        -cert "$VAR/ca/bureau.crt" -key "$VAR/ca/bureau.key" 2>&1)
  has "CONNECTED("
  grep -qiE "alert protocol version|wrong version|no protocols|unsupported protocol" <<<"$OUT" || note "TLS 1.2 was accepted"
}

t_revoked_certificate_refused_at_once() {
  local dir=$T/newcert fp
  expect 0 as bureau-admin "$RP" cert issue --org "$(org_id 青海高原农商银行)" --out "$dir"
  has "私钥"
  [ "$(stat -c %a "$dir/org-$(org_id 青海高原农商银行).key")" = 600 ] || note "key file is not 0600"
  ( . "$VAR/demo/institution-admin.env"
    export RONGPEI_CERT=$dir/org-$(org_id 青海高原农商银行).crt RONGPEI_KEY=$dir/org-$(org_id 青海高原农商银行).key
    export RONGPEI_SESSION_FILE=$HOME/.rongpei/newcert
    expect 0 "$RP" login; expect 0 "$RP" whoami; exit $CUR ) || CUR=1
  fp=$(openssl x509 -in "$dir/org-$(org_id 青海高原农商银行).crt" -outform DER | sha256sum | cut -c1-64)
  # an instance that will not reload its refused set for a long time
  local P3
  P3=$(free_port)
  start_server s3 "$P3" RONGPEID_CERT_REFRESH_MS=600000 || note "s3 did not start"
  expect 0 as bureau-admin "$RP" cert revoke "$fp" --reason "测试吊销"
  # the database check refuses it at once, whatever the instance's copy says
  ( . "$VAR/demo/institution-admin.env"
    export RONGPEI_CERT=$dir/org-$(org_id 青海高原农商银行).crt RONGPEI_KEY=$dir/org-$(org_id 青海高原农商银行).key
    export RONGPEI_SESSION_FILE=$HOME/.rongpei/newcert RONGPEI_SERVER=127.0.0.1:$P3
    expect 8 "$RP" whoami; has "吊销"; exit $CUR ) || CUR=1
  stop_server s3 || note "s3 did not stop cleanly"
  ( . "$VAR/demo/institution-admin.env"
    export RONGPEI_CERT=$dir/org-$(org_id 青海高原农商银行).crt RONGPEI_KEY=$dir/org-$(org_id 青海高原农商银行).key
    export RONGPEI_SESSION_FILE=$HOME/.rongpei/newcert
    # refused at the next call: by the database check or, once reloaded, in the handshake
    expect 8 "$RP" whoami; has "证书"; exit $CUR ) || CUR=1
  expect 0 as bureau-admin "$RP" --json cert list --include-revoked
  has '"revoked": true'
  # once the server has reloaded its refused set, the handshake itself fails:
  # no answer at all, the connection is closed
  local k=$dir/org-$(org_id 青海高原农商银行)
  refused_in_handshake() { "$RAW" "$S1" "$VAR/ca/ca.crt" "$k.crt" "$k.key" garbage | grep -q "status=-1 hello=-1"; }
  wait_for 10 refused_in_handshake || note "the handshake still accepts the revoked certificate"
  grep -q "handshake refused: client certificate: certificate rejected" "$T/s1.log" ||
    note "the refusal is not logged as a handshake refusal"
}

t_another_organisations_certificate() {
  # login through another organisation's certificate fails like a wrong
  # password (whether the account exists is not told), naming whose certificate it is
  expect 3 as crossorg "$RP" login
  has "用户名或密码错误"; has "使用的是“西宁市金融办”的证书"; has "其他机构的账户请使用其本机构的证书"
  # the files a connection needs: a missing one is named, in Chinese, with what to set
  ( . "$VAR/demo/bureau-staff.env"; export RONGPEI_CERT=$T/no-such.crt
    expect 8 "$RP" whoami; has "客户端证书文件 $T/no-such.crt 不存在"; has "RONGPEI_CERT"; exit $CUR ) || CUR=1
  ( . "$VAR/demo/bureau-staff.env"; echo "不是证书" >"$T/garbage.crt"; export RONGPEI_CA=$T/garbage.crt
    expect 8 "$RP" whoami; has "CA 证书文件 $T/garbage.crt 格式不正确"; exit $CUR ) || CUR=1
  # no server on the port: a sentence that says what to do, the system's words as detail
  ( . "$VAR/demo/bureau-staff.env"; export RONGPEI_SERVER=127.0.0.1:$P3
    expect 8 "$RP" whoami; has "连接被拒绝，该端口上没有服务在运行"; has "请确认服务器已启动"
    [ "$(grep -c '^rongpei: .*[Cc]onnection' <<<"$OUT")" = 0 ] || note "the system's words on the message line: $OUT"
    has "（详情：Connection refused）"
    exit $CUR ) || CUR=1
  # a session made with the right certificate cannot be used through another's
  local tok
  tok=$(cat "$HOME/.rongpei/session-bank.admin-127.0.0.1-$P1")
  ( . "$VAR/demo/crossorg.env"; echo "$tok" >"$RONGPEI_SESSION_FILE"
    expect 4 "$RP" whoami; has "其他机构"; exit $CUR ) || CUR=1
}

t_bad_frames() {
  local cert=$VAR/demo/certs/bank/org-$(org_id 青海高原农商银行)
  expect 0 "$RAW" "$S1" "$VAR/ca/ca.crt" "$cert.crt" "$cert.key" oversize
  has "status=7 after=-1"     # LIMIT, then the connection is closed
  expect 0 "$RAW" "$S1" "$VAR/ca/ca.crt" "$cert.crt" "$cert.key" zero
  has "status=1 after=-1"
  expect 0 "$RAW" "$S1" "$VAR/ca/ca.crt" "$cert.crt" "$cert.key" garbage
  has "status=1 hello=0"      # INVALID, and the connection still works
  expect 0 "$RAW" "$S1" "$VAR/ca/ca.crt" "$cert.crt" "$cert.key" truncated
  has "waited=1 status=1 hello=0"   # held until whole, then INVALID; the link goes on
  expect 0 "$RAW" "$S1" "$VAR/ca/ca.crt" "$cert.crt" "$cert.key" nohello
  has "status=8"              # VERSION: hello first
  # VERSION before hello and for a version range the server does not speak
  # (then hello again works); hello once; ids >= 1 and unique in flight;
  # an unknown method is INVALID
  expect 0 "$RAW" "$S1" "$VAR/ca/ca.crt" "$cert.crt" "$cert.key" protocol
  has "before_hello=8 bad_version=8 hello=0 again=1 id0=1 unknown=1 meta=0 dup=1,2"
  expect 0 as bureau-admin "$RP" whoami     # the server is unharmed
}

t_in_flight_limit() {
  local cert=$VAR/demo/certs/bank/org-$(org_id 青海高原农商银行)
  expect 0 "$RAW" "$S1" "$VAR/ca/ca.crt" "$cert.crt" "$cert.key" inflight 200
  local limit other
  limit=$(sed -n 's/^limit=\([0-9]*\) other=\([0-9]*\)$/\1/p' <<<"$OUT")
  other=$(sed -n 's/^limit=\([0-9]*\) other=\([0-9]*\)$/\2/p' <<<"$OUT")
  # all 200 answered: those over max_in_flight (16) with LIMIT at once, at
  # least the 16 within it by the method (UNAUTHENTICATED: a made-up session)
  [ "${limit:-0}" -gt 0 ] || note "no request was refused with LIMIT: $OUT"
  [ "${other:-0}" -ge 16 ] || note "fewer than max_in_flight requests were served: $OUT"
  eq "$(( ${limit:-0} + ${other:-0} ))" 200 "every request answered"
}

t_client_that_stops_reading() {
  local cert=$VAR/demo/certs/bank/org-$(org_id 青海高原农商银行)
  local w
  coproc NOREAD { "$RAW" "$S1" "$VAR/ca/ca.crt" "$cert.crt" "$cert.key" noread 2000000 >"$T/noread.out" 2>&1; }
  # its writes block: the server stopped reading it (it answers nothing it cannot send)
  wait_for 60 grep -q "blocked=" "$T/noread.out" || note "the client's writes never blocked"
  grep -q "blocked=1" "$T/noread.out" || note "the server kept reading a client that does not read: $(cat "$T/noread.out")"
  # meanwhile, while it holds its connection, everyone else is served
  expect 0 as bureau-admin "$RP" whoami
  w=${NOREAD[1]}; exec {w}>&-; wait "$NOREAD_PID"
  local rss
  rss=$(awk '/VmRSS/ {print $2}' "/proc/${SPID[s1]}/status")
  [ "${rss:-0}" -lt 300000 ] || note "server RSS ${rss} kB after a non-reading client"
}

t_thousand_connections() {
  local cert=$VAR/demo/certs/bank/org-$(org_id 青海高原农商银行)
  expect 0 timeout 120 "$RAW" "$S1" "$VAR/ca/ca.crt" "$cert.crt" "$cert.key" conns 1000
  has "opened=1000 answered=1000"
  expect 0 as bureau-admin "$RP" whoami
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

t_graceful_shutdown() {
  [ -n "${SPID[s2]:-}" ] || start_server s2 "$P2"
  stop_server s2 || note "rongpeid exited non-zero on SIGTERM"
  grep -q "rongpeid stopped" "$T/s2.log" || note "no clean stop logged"
}

# A link that is cut during the TLS handshake (or at any byte of it) is a
# connection failure the client reports and retries, not a signal that
# kills it (SIGPIPE: exit 141, no message).
t_link_reset_during_handshake() {
  local pport mode=$T/cut-mode plog=$T/cut.log proxy n
  pport=$(free_port); : >"$plog"
  for n in 0 5 200 400; do
    echo "cut $n" >"$mode"
    if [ -z "${proxy:-}" ]; then
      "$top/$BUILD/cutproxy" "$pport" "$P1" "$mode" "$plog" &
      proxy=$!
      wait_for 10 grep -q listening "$plog" || { note "the relay does not listen"; return; }
    fi
    expect 8 as bureau-staff env RONGPEI_SERVER="127.0.0.1:$pport" "$RP" whoami
    has "rongpei: "
  done
  kill "$proxy" 2>/dev/null; wait "$proxy" 2>/dev/null
}
