/*
 * net.c - blocking TLS client for rongpei (see net.h).
 */
#include "net.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "rongpei.pb-c.h"
#include "rp.h"
#include "wire.h"

struct rpc {
    SSL_CTX *ctx;
    SSL *ssl;
    int fd;
    uint64_t next_id;
    char org_name[256];
    uint32_t max_frame;
    uint32_t max_frame_anon;    /* the server's limit until a call has proved the session */
    int authed;                 /* a call with the session has succeeded on this connection */
};

/* The host of "host:port" or "[v6]:port" into host; 0, or -1 with err. */
static int
split_host(const char *hostport, char *host, size_t hostsz, const char **port, char *err, size_t errsz)
{
    const char *colon = strrchr(hostport, ':');
    const char *b = hostport, *e = colon;

    if (colon != NULL && hostport[0] == '[' && colon > hostport && colon[-1] == ']') {
        b++;
        e--;
    }
    if (colon == NULL || e <= b || (size_t) (e - b) >= hostsz || colon[1] == '\0') {
        snprintf(err, errsz, "服务器地址“%s”应为 主机:端口", hostport);
        return -1;
    }
    memcpy(host, b, (size_t) (e - b));
    host[e - b] = '\0';
    *port = colon + 1;
    return 0;
}

static int
tcp_connect(const char *hostport, int timeout_s, char *err, size_t errsz)
{
    char host[256];
    const char *port;
    struct addrinfo hints, *res = NULL, *ai;
    int fd = -1;

    if (split_host(hostport, host, sizeof(host), &port, err, errsz) != 0)
        return -1;
    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0) {
        snprintf(err, errsz, "无法解析服务器地址“%s”", hostport);
        return -1;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        struct timeval tv = {timeout_s, 0};
        int one = 1;

        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0)
            continue;
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
        /* requests are small and answered at once: do not wait for Nagle */
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        int e = errno;

        /* a sentence that says what to do; the system's own words on a detail line */
        snprintf(err, errsz, "无法连接服务器 %s：%s。请确认服务器已启动，RONGPEI_SERVER 的地址和端口正确，网络可达\n"
                 "（详情：%s）", hostport,
                 e == ECONNREFUSED ? "连接被拒绝，该端口上没有服务在运行" :
                 e == ETIMEDOUT || e == EAGAIN || e == EINPROGRESS ? "连接超时" :
                 e == EHOSTUNREACH || e == ENETUNREACH ? "网络不可达" : "无法建立连接", strerror(e));
    }
    return fd;
}

/* What is wrong with a file the connection needs (missing, unreadable, or
 * not what it should be), in a sentence; OpenSSL's words on a detail line. */
static void
file_problem(char *err, size_t errsz, const char *what, const char *path, const char *env)
{
    unsigned long e = ERR_peek_last_error();
    char detail[200] = "";

    if (e != 0) {
        char buf[160];

        ERR_error_string_n(e, buf, sizeof(buf));
        snprintf(detail, sizeof(detail), "\n（详情：%s）", buf);
    }
    if (access(path, F_OK) != 0)
        snprintf(err, errsz, "%s文件 %s 不存在：请核对 %s（演示环境可执行 . var/demo/<账户>.env）", what, path, env);
    else if (access(path, R_OK) != 0)
        snprintf(err, errsz, "没有读取%s文件 %s 的权限（%s）", what, path, env);
    else
        snprintf(err, errsz, "%s文件 %s 格式不正确或与其他文件不匹配：请核对 %s%s", what, path, env, detail);
}

static int
write_all(rpc *r, const uint8_t *buf, size_t n)
{
    size_t done = 0;

    while (done < n) {
        size_t w = 0;

        ERR_clear_error();
        if (SSL_write_ex(r->ssl, buf + done, n - done, &w) != 1)
            return -1;
        done += w;
    }
    return 0;
}

static int
read_all(rpc *r, uint8_t *buf, size_t n)
{
    size_t done = 0;

    while (done < n) {
        size_t got = 0;

        ERR_clear_error();
        if (SSL_read_ex(r->ssl, buf + done, n - done, &got) != 1)
            return -1;
        done += got;
    }
    return 0;
}

/* Read frames until the response with id arrives; notifications are skipped. */
static int
read_response(rpc *r, uint64_t id, arena *a, Rongpei__Response **out)
{
    for (;;) {
        uint8_t hdr[WIRE_HDR];
        uint8_t *payload;
        size_t n;
        Rongpei__Frame *f;

        if (read_all(r, hdr, sizeof(hdr)) != 0)
            return RPC_ECONNECT;
        n = (size_t) hdr[0] << 24 | (size_t) hdr[1] << 16 | (size_t) hdr[2] << 8 | hdr[3];
        if (n == 0 || n > RP_MAX_FRAME * 2)
            return RPC_EPROTO;
        payload = arena_alloc(a, n);
        if (payload == NULL || read_all(r, payload, n) != 0)
            return RPC_ECONNECT;
        if (wire_decode(a, payload, n, &f) != 0)
            return RPC_EPROTO;
        if (f->kind_case == RONGPEI__FRAME__KIND_RESPONSE && (f->response->id == id || f->response->id == 0)) {
            *out = f->response;
            return 0;
        }
        /* notifications (e.g. idle timeout) and stray responses are skipped */
    }
}

int
rpc_call(rpc *r, const char *method, const char *session, const char *idem,
         const ProtobufCMessage *body, const ProtobufCMessageDescriptor *reply_desc,
         rpc_result *res)
{
    Rongpei__Frame f = RONGPEI__FRAME__INIT;
    Rongpei__Request rq = RONGPEI__REQUEST__INIT;
    Rongpei__Response *resp = NULL;
    uint8_t *bodybuf = NULL;
    uint8_t *frame = NULL;
    size_t framelen, n;
    int rc;

    memset(res, 0, sizeof(*res));
    res->message = res->msgbuf;
    res->detail = "";
    arena_init(&res->a, 0);
    n = protobuf_c_message_get_packed_size(body);
    bodybuf = malloc(n ? n : 1);
    if (bodybuf == NULL)
        return RPC_EPROTO;
    protobuf_c_message_pack(body, bodybuf);
    rq.id = ++r->next_id;
    rq.method = (char *) method;
    rq.session = (char *) (session ? session : "");
    rq.idempotency_key = (char *) (idem ? idem : "");
    rq.body.data = bodybuf;
    rq.body.len = n;
    f.kind_case = RONGPEI__FRAME__KIND_REQUEST;
    f.request = &rq;
    rc = wire_encode(&f, RP_MAX_FRAME, &frame, &framelen);
    free(bodybuf);
    if (rc != 0) {
        snprintf(res->msgbuf, sizeof(res->msgbuf), "请求过大");
        return RPC_EPROTO;
    }
    if (!r->authed && session && *session && r->max_frame_anon && framelen - WIRE_HDR > r->max_frame_anon) {
        /*
         * Until a call has proved the session on this connection the server
         * takes small frames only (docs/protocol.md "Limits"): prove it
         * with a cheap call first.
         */
        Rongpei__Empty empty = RONGPEI__EMPTY__INIT;

        arena_reset(&res->a);
        rc = rpc_call(r, "session.whoami", session, NULL, &empty.base, &rongpei__whoami_reply__descriptor, res);
        if (rc != 0 || res->status != RP_ST_OK) {
            free(frame);
            return rc;
        }
        rpc_result_free(res);
        memset(res, 0, sizeof(*res));
        res->message = res->msgbuf;
        res->detail = "";
        arena_init(&res->a, 0);
    }
    rc = write_all(r, frame, framelen);
    free(frame);
    if (rc != 0) {
        snprintf(res->msgbuf, sizeof(res->msgbuf), "发送请求时连接中断");
        return RPC_ECONNECT;
    }
    rc = read_response(r, rq.id, &res->a, &resp);
    if (rc != 0) {
        snprintf(res->msgbuf, sizeof(res->msgbuf), "%s",
                 rc == RPC_EPROTO ? "服务器的回复无法解析" : "等待回复时连接中断（服务器可能已拒绝客户端证书）");
        return rc;
    }
    res->status = resp->status;
    res->retryable = resp->retryable;
    if (resp->status == RP_ST_OK && session && *session)
        r->authed = 1;
    if (resp->message != NULL)
        res->message = resp->message;   /* lives in res->a: any length */
    res->detail = resp->detail ? resp->detail : "";
    res->replayed = resp->replayed;
    if (resp->status == RP_ST_OK && reply_desc != NULL) {
        res->reply = protobuf_c_message_unpack(reply_desc, &res->a.pb, resp->body.len, resp->body.data);
        if (res->reply == NULL) {
            snprintf(res->msgbuf, sizeof(res->msgbuf), "服务器的回复无法解析");
            return RPC_EPROTO;
        }
    }
    return 0;
}

void
rpc_result_free(rpc_result *res)
{
    arena_reset(&res->a);
}

rpc *
rpc_open(const rpc_opts *o, int *code, char *err, size_t errsz)
{
    rpc *r = calloc(1, sizeof(*r));
    Rongpei__HelloRequest h = RONGPEI__HELLO_REQUEST__INIT;
    rpc_result res;
    int rc;

    if (r == NULL)
        return NULL;
    r->fd = -1;
    *code = RPC_ETLS;
    r->ctx = SSL_CTX_new(TLS_client_method());
    if (r->ctx == NULL)
        goto fail_tls;
    SSL_CTX_set_min_proto_version(r->ctx, TLS1_3_VERSION);
    if (SSL_CTX_load_verify_locations(r->ctx, o->ca, NULL) != 1) {
        file_problem(err, errsz, "CA 证书", o->ca, "RONGPEI_CA");
        goto fail;
    }
    if (SSL_CTX_use_certificate_chain_file(r->ctx, o->cert) != 1) {
        file_problem(err, errsz, "客户端证书", o->cert, "RONGPEI_CERT");
        goto fail;
    }
    if (SSL_CTX_use_PrivateKey_file(r->ctx, o->key, SSL_FILETYPE_PEM) != 1) {
        file_problem(err, errsz, "客户端私钥", o->key, "RONGPEI_KEY");
        goto fail;
    }
    if (SSL_CTX_check_private_key(r->ctx) != 1) {
        snprintf(err, errsz, "客户端私钥 %s 与证书 %s 不匹配：请使用同一次签发的私钥和证书（RONGPEI_KEY、RONGPEI_CERT）",
                 o->key, o->cert);
        goto fail;
    }
    SSL_CTX_set_verify(r->ctx, SSL_VERIFY_PEER, NULL);
    r->fd = tcp_connect(o->server, o->timeout_s, err, errsz);
    if (r->fd < 0) {
        *code = RPC_ECONNECT;
        goto fail;
    }
    r->ssl = SSL_new(r->ctx);
    if (r->ssl == NULL || SSL_set_fd(r->ssl, r->fd) != 1)
        goto fail_tls;
    {
        /* the server's certificate must name the host we asked for */
        char host[256];
        const char *port;
        unsigned char ip[16];

        if (split_host(o->server, host, sizeof(host), &port, err, errsz) != 0)
            goto fail;
        if (inet_pton(AF_INET, host, ip) == 1 || inet_pton(AF_INET6, host, ip) == 1) {
            if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(r->ssl), host) != 1)
                goto fail_tls;
        } else if (SSL_set1_host(r->ssl, host) != 1 || SSL_set_tlsext_host_name(r->ssl, host) != 1) {
            goto fail_tls;
        }
    }
    ERR_clear_error();
    *code = RPC_ETLS;
    if (SSL_connect(r->ssl) != 1) {
        unsigned long e = ERR_peek_last_error();
        long v = SSL_get_verify_result(r->ssl);
        char buf[160];

        ERR_error_string_n(e, buf, sizeof(buf));
        if (v == X509_V_ERR_HOSTNAME_MISMATCH || v == X509_V_ERR_IP_ADDRESS_MISMATCH)
            snprintf(err, errsz, "服务器证书与地址“%s”不符：证书须为该主机名或 IP 签发（请核对 RONGPEI_SERVER）",
                     o->server);
        else if (v != X509_V_OK)
            snprintf(err, errsz, "服务器证书未通过验证：请核对 RONGPEI_CA 是否为本系统的 CA 证书\n（详情：%s）",
                     X509_verify_cert_error_string(v));
        else
            snprintf(err, errsz, "TLS 握手失败：服务器拒绝了这次连接（客户端证书可能已吊销、已过期或不是本系统签发），"
                     "请向系统管理员核实证书%s%s%s", e ? "\n（详情：" : "", e ? buf : "", e ? "）" : "");
        goto fail;
    }
    h.min_version = RP_PROTOCOL_MIN;
    h.max_version = RP_PROTOCOL_MAX;
    h.client = "rongpei " RP_VERSION;
    rc = rpc_call(r, "session.hello", NULL, NULL, &h.base, &rongpei__hello_reply__descriptor, &res);
    if (rc != 0) {
        /* on TLS 1.3 a refused client certificate shows here, at the first read */
        snprintf(err, errsz, "%s", res.message);
        *code = RPC_ETLS;
        rpc_result_free(&res);
        goto fail;
    }
    if (res.status != RP_ST_OK) {
        snprintf(err, errsz, "%s", res.message);
        *code = res.status;
        rpc_result_free(&res);
        goto fail;
    }
    {
        Rongpei__HelloReply *hr = (Rongpei__HelloReply *) res.reply;

        snprintf(r->org_name, sizeof(r->org_name), "%s", hr->org_name);
        r->max_frame = hr->max_frame;
        r->max_frame_anon = hr->max_frame_anonymous;
    }
    rpc_result_free(&res);
    *code = 0;
    return r;
fail_tls:
    snprintf(err, errsz, "TLS 初始化失败");
fail:
    rpc_close(r);
    return NULL;
}

const char *
rpc_org_name(rpc *r)
{
    return r->org_name;
}

void
rpc_close(rpc *r)
{
    if (r == NULL)
        return;
    if (r->ssl != NULL) {
        SSL_shutdown(r->ssl);
        SSL_free(r->ssl);
    }
    if (r->fd >= 0)
        close(r->fd);
    SSL_CTX_free(r->ctx);
    free(r);
}
