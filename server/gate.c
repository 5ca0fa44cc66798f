/*
 * gate.c - from one frame to one reply: the single gate before dispatch.
 *
 *   decode Frame -> a Request -> id >= 1, not in flight -> the registry
 *   (common/methods.c) -> hello first, once -> calls in flight -> decode
 *   the body (arena with a byte budget) -> session token present? ->
 *   idempotency key well formed? -> flow:
 *     PLAIN:    body -> JSON -> [api.gate, then on the worker pool the
 *               method's declared transforms: seal, check, hash, sign]
 *               -> api.dispatch
 *     LOGIN:    api.login_lookup -> [worker: argon2id verify] -> api.dispatch
 *     PASSWORD: api.password_lookup -> [worker: verify old, hash new] -> api.dispatch
 *     HELLO:    version check -> api.dispatch (certificate check)
 *     META:     answered from the registry
 *   -> JSON answer -> [worker when large] reply message -> Response.
 *
 * api.dispatch (sql/functions/dispatch.sql) looks the method up in its own
 * copy of the registry and checks the certificate, the session, the
 * caller's roles, idempotency, runs the method and writes the audit
 * record, all in one transaction.  Nothing the server sends it says who
 * may do what; no handler re-implements any of it.
 *
 * The checks before the database are syntactic and need no round trip;
 * their order and statuses are in docs/protocol.md ("The order of the
 * checks").  Work that would block the loop (argon2id, sealing a file's
 * rows, certificate signing, converting a large body or reply) runs on
 * libuv's thread pool and touches only the call's own data.
 */
#include <argon2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "ca.h"
#include "digest.h"
#include "log.h"
#include "methods.h"
#include "pbjson.h"
#include "propose.h"
#include "rp.h"
#include "server.h"
#include "valid.h"
#include "wire.h"

#define DISPATCH_SQL "select api.dispatch($1, $2, $3, $4, $5, $6, $7, $8::jsonb)::text"
#define GATE_SQL "select api.gate($1, $2, $3, $4, $5, $6::jsonb)::text"

/* Bodies and answers larger than this are converted on the worker pool. */
#define LARGE (64 * 1024)

/* Room a Response needs besides its body (ids, status, message, detail). */
#define ENVELOPE (16 * 1024)

struct call {
    conn *c;
    struct call *next;              /* the conn's calls in flight */
    const method *m;
    uint64_t id;
    uint64_t t0;
    arena a;
    ProtobufCMessage *req;
    json_t *args;
    char *args_text;                /* args serialised on the worker (large bodies) */
    char session_hash[65];
    char request_hash[65];
    char request_id[48];
    char *idem;
    int sign_days;                  /* from the method's prepare step (cert.issue) */
    /* worker results */
    uv_work_t work;
    int status;
    char *message;                  /* for the user, short */
    char *detail;                   /* for the user: further sentences, a file's bad rows */
    char *stored_hash;              /* from login/password lookup */
    char token[65];                 /* new session token (login) */
    int verified;
    /* the answer */
    char *answer;                   /* the database's JSON text */
    uint8_t *body;                  /* the packed reply message */
    size_t body_len;
    int replayed;
    int64_t user, org;
};

typedef struct call call;

static char dummy_hash[128];        /* verified against when a user does not exist */

/* Each method's transforms, parsed once from the registry. */
static transform method_tr[256][TR_MAX];
static int method_ntr[256];

static int
method_index(const method *m)
{
    return (int) (m - methods);
}

int
gate_init(char *err, size_t errsz)
{
    uint8_t salt[16] = {0};
    char pw[33];
    uint8_t rnd[16];
    int i;

    if (methods_count > (int) (sizeof(method_ntr) / sizeof(method_ntr[0]))) {
        snprintf(err, errsz, "more methods than the gate has room for");
        return -1;
    }
    for (i = 0; i < methods_count; i++) {
        method_ntr[i] = method_transforms(&methods[i], method_tr[i], err, errsz);
        if (method_ntr[i] < 0)
            return -1;
    }
    RAND_bytes(rnd, sizeof(rnd));
    rp_hex(rnd, sizeof(rnd), pw);
    RAND_bytes(salt, sizeof(salt));
    argon2id_hash_encoded(2, 19456, 1, pw, strlen(pw), salt, sizeof(salt), 32,
                          dummy_hash, sizeof(dummy_hash));
    return 0;
}

static void
call_free(call *k)
{
    conn *c = k->c;
    call **pp;

    for (pp = &c->calls; *pp != NULL; pp = &(*pp)->next)
        if (*pp == k) {
            *pp = k->next;
            break;
        }
    json_decref(k->args);
    if (k->args_text != NULL) {
        rp_explicit_bzero(k->args_text, strlen(k->args_text));
        free(k->args_text);
    }
    free(k->stored_hash);
    free(k->message);
    free(k->detail);
    free(k->answer);
    free(k->body);
    arena_reset(&k->a);
    rp_explicit_bzero(k->token, sizeof(k->token));
    free(k);
    conn_call_done(c);
}

/* One line a call (a notice when it took a second or more); note is for
 * the operator (English), never sent. */
static void
log_call(call *k, int status, const char *note)
{
    double ms = (double) (uv_hrtime() - k->t0) / 1e6;

    log_msg(status == RP_ST_INTERNAL ? LOG_ERROR : ms >= 1000 ? LOG_NOTICE : LOG_INFO, "call",
            "conn=%llu req=%llu org=%lld user=%lld method=%s status=%s ms=%.1f%s%s",
            (unsigned long long) k->c->id, (unsigned long long) k->id, (long long) k->org,
            (long long) k->user, k->m ? k->m->name : "-", rp_status_name(status), ms,
            note && *note ? " note=" : "", note ? note : "");
}

/* Send a response on the call's connection; body is a packed reply. */
static void
respond(call *k, int status, const char *message, const char *detail, const uint8_t *body,
        size_t body_len)
{
    Rongpei__Frame f = RONGPEI__FRAME__INIT;
    Rongpei__Response r = RONGPEI__RESPONSE__INIT;

    r.id = k->id;
    r.status = status;
    r.message = (char *) (message ? message : "");
    r.detail = (char *) (detail ? detail : "");
    r.retryable = status == RP_ST_UNAVAILABLE;
    r.replayed = k->replayed;
    if (body != NULL) {
        r.body.data = (uint8_t *) body;
        r.body.len = body_len;
    }
    f.kind_case = RONGPEI__FRAME__KIND_RESPONSE;
    f.response = &r;
    conn_send(k->c, &f);
}

/* Answer status with a message for the user; note goes to the log only. */
static void
finish(call *k, int status, const char *message, const char *note)
{
    respond(k, status, message, NULL, NULL, 0);
    log_call(k, status, note);
    call_free(k);
}

/* Answer LIMIT for calls in flight: the only LIMIT worth retrying. */
static void
finish_busy(call *k)
{
    Rongpei__Frame f = RONGPEI__FRAME__INIT;
    Rongpei__Response r = RONGPEI__RESPONSE__INIT;

    r.id = k->id;
    r.status = RP_ST_LIMIT;
    r.message = "同一连接上未完成的请求过多";
    r.retryable = 1;
    f.kind_case = RONGPEI__FRAME__KIND_RESPONSE;
    f.response = &r;
    conn_send(k->c, &f);
    log_call(k, RP_ST_LIMIT, "max_in_flight exceeded");
    call_free(k);
}

static void
queue_work(call *k, uv_work_cb fn, uv_after_work_cb done);

/* ------------------------------------------------------------------ the answer */

static int
fail_work(call *k, int status, const char *msg)
{
    k->status = status;
    free(k->message);
    k->message = strdup(msg);
    return -1;
}

/* Fields sealed in the database come back as <name>_enc: open them for the reply. */
static int
open_sealed_fields(call *k, json_t *body)
{
    const char *key;
    json_t *v;
    void *tmp;

    json_object_foreach_safe(body, tmp, key, v) {
        size_t n = strlen(key);
        char plain_key[64];
        char *plain = NULL;

        if (n < 5 || n >= sizeof(plain_key) || strcmp(key + n - 4, "_enc") != 0 || !json_is_string(v))
            continue;
        memcpy(plain_key, key, n - 4);
        plain_key[n - 4] = '\0';
        if (json_string_length(v) > 0 &&
            pii_open(&k->c->srv->keys, json_string_value(v), &plain) != 0)
            return RP_ECRYPTO;
        json_object_set_new(body, plain_key, json_string(plain ? plain : ""));
        if (plain != NULL) {
            rp_explicit_bzero(plain, strlen(plain));
            free(plain);
        }
        json_object_del(body, key);
    }
    return 0;
}

/*
 * The database's answer (k->answer) to status, message, detail and the
 * packed reply message.  Runs on the loop for small answers and on the
 * worker pool for large ones; touches only the call.
 */
static void
build_reply(call *k)
{
    const config *cfg = k->c->srv->cfg;
    json_t *j = json_loads(k->answer, 0, NULL);
    json_t *body;
    ProtobufCMessage *reply = NULL;
    char err[200];
    const char *s;
    size_t n;
    int rc;

    if (j == NULL) {
        fail_work(k, RP_ST_INTERNAL, "服务器内部错误");
        log_error("call", "method=%s: the answer is not JSON", k->m->name);
        return;
    }
    k->status = (int) json_integer_value(json_object_get(j, "status"));
    s = json_string_value(json_object_get(j, "message"));
    k->message = strdup(s ? s : "");
    s = json_string_value(json_object_get(j, "detail"));
    k->detail = s && *s ? strdup(s) : NULL;
    k->user = json_integer_value(json_object_get(j, "user_id"));
    k->org = json_integer_value(json_object_get(j, "org_id"));
    k->replayed = json_is_true(json_object_get(j, "replayed"));
    body = json_object_get(j, "body");
    if (k->status != RP_ST_OK || body == NULL)
        goto out;
    if (k->m->flow == FLOW_LOGIN)
        json_object_set_new(body, "session", json_string(k->token));
    if (k->m->flow == FLOW_HELLO) {
        json_object_set_new(body, "version", json_integer(RP_PROTOCOL_MAX));
        json_object_set_new(body, "server", json_string("rongpeid " RP_VERSION));
        json_object_set_new(body, "max_frame", json_integer(cfg->max_frame));
        json_object_set_new(body, "max_frame_anonymous", json_integer(cfg->max_frame_anon));
        json_object_set_new(body, "max_in_flight", json_integer(cfg->max_in_flight));
        json_object_set_new(body, "idle_timeout_s", json_integer(cfg->idle_timeout_s));
    }
    if (open_sealed_fields(k, body) != 0) {
        fail_work(k, RP_ST_INTERNAL, "无法解密个人信息");
        log_error("call", "method=%s: a sealed field does not open (pii key mismatch?)", k->m->name);
        goto out;
    }
    /* a reply may be larger than its request, but not without bound */
    k->a.budget = k->a.used + (size_t) cfg->max_frame * 16;
    k->a.over_budget = 0;
    rc = cfg->strict_replies ? pbjson_to_msg_strict(k->m->reply, body, &k->a, &reply, err, sizeof(err))
                             : pbjson_to_msg(k->m->reply, body, &k->a, &reply, err, sizeof(err));
    if (rc == RP_ENOMEM || k->a.over_budget) {
        fail_work(k, RP_ST_LIMIT, "回复内容过大：请缩小查询范围（筛选条件或 --limit）后分页读取");
        goto out;
    }
    if (rc != 0) {
        log_error("call", "method=%s reply does not match %s: %s", k->m->name, k->m->reply->name, err);
        fail_work(k, RP_ST_INTERNAL, "服务器内部错误");
        goto out;
    }
    n = protobuf_c_message_get_packed_size(reply);
    if (n + ENVELOPE > (size_t) cfg->max_frame) {
        fail_work(k, RP_ST_LIMIT, "回复内容超过帧大小上限：请缩小查询范围（筛选条件或 --limit）后分页读取");
        goto out;
    }
    k->body = malloc(n ? n : 1);
    if (k->body == NULL) {
        fail_work(k, RP_ST_INTERNAL, "服务器内存不足");
        goto out;
    }
    k->body_len = protobuf_c_message_pack(reply, k->body);
out:
    rp_explicit_bzero(k->answer, strlen(k->answer));
    json_decref(j);
}

static void
send_reply(call *k)
{
    char *note = NULL;

    if (k->status == RP_ST_INTERNAL) {
        /* what went wrong inside is for the operator, not the caller */
        note = k->detail;
        k->detail = NULL;
    }
    if (k->status == RP_ST_OK && k->m->flow == FLOW_HELLO)
        k->c->hello_done = 1;
    if (k->status == RP_ST_OK && (!(k->m->flags & M_ANON) || k->m->flow == FLOW_LOGIN))
        k->c->authed = 1;
    respond(k, k->status, k->message, k->detail, k->body, k->body_len);
    log_call(k, k->status, note);
    free(note);
    call_free(k);
}

static void
work_reply(uv_work_t *w)
{
    build_reply(w->data);
}

static void
work_reply_done(uv_work_t *w, int status)
{
    call *k = w->data;

    if (status != 0 || k->c->state == CONN_CLOSING) {
        finish(k, RP_ST_INTERNAL, "已取消", NULL);
        return;
    }
    send_reply(k);
}

static void
dispatch_done(void *data, int st, PGresult *res)
{
    call *k = data;

    if (st != 0) {
        finish(k, RP_ST_UNAVAILABLE, "数据库暂时不可用，请稍后重试", "database unavailable");
        return;
    }
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        const char *prim = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

        log_error("call", "conn=%llu req=%llu method=%s database error %s: %s",
                  (unsigned long long) k->c->id, (unsigned long long) k->id, k->m->name,
                  state ? state : "?", prim ? prim : "?");
        if (state != NULL && (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
                              strcmp(state, "57014") == 0 || strcmp(state, "40001") == 0))
            finish(k, RP_ST_UNAVAILABLE, "数据库暂时不可用，请稍后重试", state);
        else
            finish(k, RP_ST_INTERNAL, "服务器内部错误", state);
        return;
    }
    k->answer = strdup(PQgetvalue(res, 0, 0));
    if (k->answer == NULL) {
        finish(k, RP_ST_INTERNAL, "服务器内存不足", NULL);
        return;
    }
    if ((size_t) PQgetlength(res, 0, 0) > LARGE) {
        queue_work(k, work_reply, work_reply_done);
        return;
    }
    build_reply(k);
    send_reply(k);
}

static void
dispatch(call *k)
{
    conn *c = k->c;
    char *args;
    const char *params[8];
    int rc;

    args = k->args_text ? k->args_text : json_dumps(k->args, JSON_COMPACT);
    k->args_text = NULL;
    if (args == NULL) {
        finish(k, RP_ST_INTERNAL, "服务器内存不足", NULL);
        return;
    }
    params[0] = k->m->name;
    params[1] = k->session_hash[0] ? k->session_hash : NULL;
    params[2] = c->fingerprint;
    params[3] = k->idem && k->idem[0] ? k->idem : NULL;
    params[4] = k->request_hash;
    params[5] = k->request_id;
    params[6] = c->peer;
    params[7] = args;
    rc = db_query(c->srv->db, DISPATCH_SQL, 8, params, dispatch_done, k);
    rp_explicit_bzero(args, strlen(args));
    free(args);
    if (rc != 0)
        finish(k, RP_ST_UNAVAILABLE, "数据库暂时不可用，请稍后重试", "database unavailable");
}

/* ------------------------------------------------------------------ transforms (worker) */

/*
 * The request's fingerprint for idempotency: its decoded content in one
 * canonical form (every field, descriptor order, defaults included), so
 * that the same request encoded differently by another library is the same
 * request.  Computed before any transform.
 */
static int
hash_request(call *k)
{
    char *text = json_dumps(k->args, JSON_COMPACT | JSON_SORT_KEYS);

    if (text == NULL)
        return -1;
    rp_sha256_hex(k->m->name, strlen(k->m->name) + 1, text, strlen(text), k->request_hash);
    rp_explicit_bzero(text, strlen(text));
    free(text);
    return 0;
}

static int
hash_password(const config *cfg, const char *pw, char *out, size_t outsz)
{
    uint8_t salt[16];

    if (RAND_bytes(salt, sizeof(salt)) != 1)
        return RP_ECRYPTO;
    return argon2id_hash_encoded((uint32_t) cfg->argon2_t_cost, (uint32_t) cfg->argon2_m_kib, 1,
                                 pw, strlen(pw), salt, sizeof(salt), 32, out, outsz) == ARGON2_OK
               ? 0 : RP_ECRYPTO;
}

#define MOBILE_RULE "手机号格式不正确：应为 11 位中国大陆手机号"
#define CREDIT_RULE "统一社会信用代码不正确：应为 18 位，校验码须符合 GB 32100"
#define ID_RULE "身份证号码不正确：应为 18 位，末位校验码须符合 GB 11643"
#define PASSWORD_RULE "密码不符合要求：10 至 128 位，且包含大写字母、小写字母、数字、符号中的至少三类"

/* Flag a row of a batch as bad (its reasons joined), so that every bad row
 * is reported together by the method. */
static void
mark_row(json_t *row, const char *why)
{
    json_t *e = json_object_get(row, "_error");
    char msg[512];

    snprintf(msg, sizeof(msg), "%s%s%s", e ? json_string_value(e) : "", e ? "；" : "", why);
    json_object_set_new(row, "_error", json_string(msg));
}

/* Who a field's number belongs to, for the message ("联系人手机号…"). */
static const char *
field_owner(const char *field)
{
    if (strncmp(field, "legal_rep_", 10) == 0)
        return "法定代表人";
    if (strncmp(field, "contact_", 8) == 0)
        return "联系人";
    return "";
}

/* Why credit code s is not valid, in words that say what to fix. */
static void
credit_why(const char *s, char *why, size_t n)
{
    char upper[32];
    size_t i, len = strlen(s);

    for (i = 0; i < len && s[i] != '\0'; i++)
        if (s[i] >= 'a' && s[i] <= 'z')
            break;
    if (i < len && len < sizeof(upper)) {
        for (i = 0; i <= len; i++)
            upper[i] = (char) (s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i]);
        if (valid_credit_code(upper))
            snprintf(why, n, "统一社会信用代码不正确：含小写字母，代码中的字母均为大写，应为 %s", upper);
        else
            snprintf(why, n, "统一社会信用代码不正确：含小写字母（代码中的字母均为大写），且校验码不符合 GB 32100");
        return;
    }
    if (len != 18) {
        snprintf(why, n, "统一社会信用代码不正确：应为 18 位，这里是 %zu 位", len);
        return;
    }
    snprintf(why, n, "%s", CREDIT_RULE);
}

/* A value refused: in a row of a batch it marks the row, else the call fails. */
static int
refuse(call *k, json_t *row, const char *why)
{
    if (row != NULL) {
        mark_row(row, why);
        return 0;
    }
    return fail_work(k, RP_ST_INVALID, why);
}

/* Replace a personal number in obj by its sealed form, blind index and mask. */
static int
seal_field(call *k, json_t *obj, const char *field, int id_number, json_t *row)
{
    const char *s = json_string_value(json_object_get(obj, field));
    char name[64], idx[65], masked[64], bad[256];
    char *sealed = NULL;

    snprintf(bad, sizeof(bad), "%s%s", field_owner(field), id_number ? ID_RULE : MOBILE_RULE);
    if (!(id_number ? valid_id_number(s) : valid_mobile(s))) {
        json_object_del(obj, field);
        return refuse(k, row, bad);
    }
    if (pii_seal(&k->c->srv->keys, s, &sealed) != 0 || pii_index(&k->c->srv->keys, s, idx) != 0 ||
        valid_mask(s, masked, sizeof(masked)) != 0) {
        free(sealed);
        return fail_work(k, RP_ST_INTERNAL, "个人信息加密失败");
    }
    snprintf(name, sizeof(name), "%s_enc", field);
    json_object_set_new(obj, name, json_string(sealed));
    snprintf(name, sizeof(name), "%s_idx", field);
    json_object_set_new(obj, name, json_string(idx));
    snprintf(name, sizeof(name), "%s_masked", field);
    json_object_set_new(obj, name, json_string(masked));
    if (id_number) {
        /* GB 11643: the 17th digit is odd for a man, even for a woman; the
         * method checks a gender given with the number against it */
        snprintf(name, sizeof(name), "%s_sex", field);
        json_object_set_new(obj, name, json_string((s[16] - '0') % 2 ? "男" : "女"));
    }
    json_object_del(obj, field);
    free(sealed);
    return 0;
}

static int
sign_csr(call *k, json_t *obj, const char *field)
{
    ca_issued is;
    char err[160];

    if (k->c->srv->ca == NULL)
        return fail_work(k, RP_ST_INVALID, "本服务器未配置 CA 私钥（ca_key），不能签发证书");
    if (k->sign_days <= 0)
        return fail_work(k, RP_ST_INTERNAL, "签发有效期未确定");
    if (ca_sign(k->c->srv->ca, json_string_value(json_object_get(obj, field)),
                json_integer_value(json_object_get(obj, "org_id")), k->sign_days, &is, err, sizeof(err)) != 0)
        return fail_work(k, RP_ST_INVALID, err);
    json_object_set_new(obj, "certificate_pem", json_string(is.cert_pem));
    json_object_set_new(obj, "ca_pem", json_string(ca_pem(k->c->srv->ca)));
    json_object_set_new(obj, "fingerprint", json_string(is.fingerprint));
    json_object_set_new(obj, "serial", json_string(is.serial));
    json_object_set_new(obj, "subject", json_string(is.subject));
    json_object_set_new(obj, "not_before", json_string(is.not_before));
    json_object_set_new(obj, "not_after", json_string(is.not_after));
    json_object_del(obj, field);
    free(is.cert_pem);
    return 0;
}

/* Apply one transform at the end of its path in obj (row: the batch row it is in). */
static int
apply_leaf(call *k, const transform *t, json_t *obj, const char *field, json_t *row)
{
    json_t *v = json_object_get(obj, field);
    char hash[160], name[64];
    int empty = v == NULL || !json_is_string(v) || json_string_length(v) == 0;

    switch (t->kind) {
    case TR_MOBILE:
    case TR_IDNO:
        return empty ? 0 : seal_field(k, obj, field, t->kind == TR_IDNO, row);
    case TR_CREDIT:
        if (!empty && !valid_credit_code(json_string_value(v))) {
            char why[256];

            credit_why(json_string_value(v), why, sizeof(why));
            return refuse(k, row, why);
        }
        return 0;
    case TR_PASSWORD:
        if (!empty) {
            if (!valid_password(json_string_value(v)))
                return fail_work(k, RP_ST_INVALID, PASSWORD_RULE);
            if (hash_password(k->c->srv->cfg, json_string_value(v), hash, sizeof(hash)) != 0)
                return fail_work(k, RP_ST_INTERNAL, "密码处理失败");
            snprintf(name, sizeof(name), "%s_hash", field);
            json_object_set_new(obj, name, json_string(hash));
        }
        json_object_del(obj, field);
        return 0;
    case TR_CSR:
        return empty ? 0 : sign_csr(k, obj, field);
    case TR_VERIFY:
    case TR_PLAIN:
        return 0;
    }
    return 0;
}

/* Walk t's path from obj, into every row of a repeated field on the way. */
static int
apply_path(call *k, const transform *t, int depth, json_t *obj, json_t *row)
{
    json_t *v;
    size_t i;
    json_t *e;

    if (!json_is_object(obj))
        return 0;
    if (depth == t->depth - 1)
        return apply_leaf(k, t, obj, t->path[depth], row);
    v = json_object_get(obj, t->path[depth]);
    if (json_is_array(v)) {
        json_array_foreach(v, i, e) {
            if (apply_path(k, t, depth + 1, e, row ? row : e) != 0)
                return -1;
        }
        return 0;
    }
    return apply_path(k, t, depth + 1, v, row);
}

static int
transform_args(call *k)
{
    int mi = method_index(k->m), i;

    for (i = 0; i < method_ntr[mi]; i++)
        if (apply_path(k, &method_tr[mi][i], 0, k->args, NULL) != 0)
            return -1;
    return 0;
}

/* Does any declared transform that does work find a value to work on? */
static int
has_value(const transform *t, int depth, json_t *obj)
{
    json_t *v;
    size_t i;
    json_t *e;

    if (!json_is_object(obj))
        return 0;
    v = json_object_get(obj, t->path[depth]);
    if (depth == t->depth - 1)
        return json_is_string(v) && json_string_length(v) > 0;
    if (json_is_array(v)) {
        json_array_foreach(v, i, e) {
            if (has_value(t, depth + 1, e))
                return 1;
        }
        return 0;
    }
    return has_value(t, depth + 1, v);
}

static int
needs_work(call *k)
{
    int mi = method_index(k->m), i;

    for (i = 0; i < method_ntr[mi]; i++) {
        const transform *t = &method_tr[mi][i];

        if (t->kind != TR_PLAIN && t->kind != TR_VERIFY && has_value(t, 0, k->args))
            return 1;
    }
    return 0;
}

static void
work_plain(uv_work_t *w)
{
    call *k = w->data;

    if (k->args == NULL) {
        k->args = pbjson_from_msg(k->req);
        if (k->args == NULL || hash_request(k) != 0) {
            (void) fail_work(k, RP_ST_INTERNAL, "服务器内存不足");
            return;
        }
    }
    if (transform_args(k) == 0)
        k->args_text = json_dumps(k->args, JSON_COMPACT);     /* NULL: dispatch tries again */
}

/* pairing.propose: inputs from the database, the solver, the solution into args. */
static void
work_solve(uv_work_t *w)
{
    call *k = w->data;
    const char *who[4] = {k->session_hash, k->c->fingerprint, k->request_id, k->c->peer};
    char msg[256];
    int status = RP_ST_INTERNAL;

    if (propose_solve(k->c->srv->cfg->database, who, k->args, &status, msg, sizeof(msg)) != 0) {
        (void) fail_work(k, status, msg);
        return;
    }
    k->args_text = json_dumps(k->args, JSON_COMPACT);      /* NULL: dispatch tries again */
}

static void
work_login(uv_work_t *w)
{
    call *k = w->data;
    const char *pw = json_string_value(json_object_get(k->args, "password"));
    const char *h = k->stored_hash ? k->stored_hash : dummy_hash;
    uint8_t rnd[32];

    k->verified = pw != NULL && argon2id_verify(h, pw, strlen(pw)) == ARGON2_OK &&
                  k->stored_hash != NULL;
    if (RAND_bytes(rnd, sizeof(rnd)) != 1) {
        fail_work(k, RP_ST_INTERNAL, "无法生成会话");
        return;
    }
    rp_hex(rnd, sizeof(rnd), k->token);
    rp_sha256_hex(k->token, 64, NULL, 0, k->session_hash);
    json_object_del(k->args, "password");
    json_object_set_new(k->args, "verified", json_boolean(k->verified));
    json_object_set_new(k->args, "session_hash", json_string(k->session_hash));
}

static void
work_password(uv_work_t *w)
{
    call *k = w->data;
    const char *old = json_string_value(json_object_get(k->args, "old_password"));
    const char *nw = json_string_value(json_object_get(k->args, "new_password"));
    char hash[160];

    if (old == NULL || nw == NULL || !valid_password(nw)) {
        fail_work(k, RP_ST_INVALID, PASSWORD_RULE);
        return;
    }
    k->verified = argon2id_verify(k->stored_hash, old, strlen(old)) == ARGON2_OK;
    if (k->verified && strcmp(old, nw) == 0) {
        fail_work(k, RP_ST_INVALID, "新密码不能与原密码相同");
        return;
    }
    if (hash_password(k->c->srv->cfg, nw, hash, sizeof(hash)) != 0) {
        fail_work(k, RP_ST_INTERNAL, "密码处理失败");
        return;
    }
    json_object_clear(k->args);
    json_object_set_new(k->args, "verified", json_boolean(k->verified));
    json_object_set_new(k->args, "new_password_hash", json_string(hash));
}

static void
work_done(uv_work_t *w, int status)
{
    call *k = w->data;

    if (status != 0 || k->c->state == CONN_CLOSING) {
        finish(k, RP_ST_INTERNAL, "已取消", NULL);
        return;
    }
    if (k->status != RP_ST_OK) {
        send_reply(k);
        return;
    }
    dispatch(k);
}

static void
queue_work(call *k, uv_work_cb fn, uv_after_work_cb done)
{
    k->work.data = k;
    if (uv_queue_work(k->c->srv->loop, &k->work, fn, done) != 0)
        finish(k, RP_ST_INTERNAL, "服务器繁忙", NULL);
}

/* ------------------------------------------------------------------ pre-gate */

static void
pregate_done(void *data, int st, PGresult *res)
{
    call *k = data;
    json_t *j;
    int status;

    if (st != 0 || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        finish(k, RP_ST_UNAVAILABLE, "数据库暂时不可用，请稍后重试", "gate failed");
        return;
    }
    j = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
    status = j ? (int) json_integer_value(json_object_get(j, "status")) : RP_ST_INTERNAL;
    if (status != RP_ST_OK) {
        char msg[256];

        snprintf(msg, sizeof(msg), "%s", j ? json_string_value(json_object_get(j, "message")) : "");
        json_decref(j);
        finish(k, status, msg, NULL);
        return;
    }
    k->sign_days = (int) json_integer_value(json_object_get(json_object_get(j, "prepare"), "days"));
    json_decref(j);
    queue_work(k, k->m->flow == FLOW_SOLVE ? work_solve : work_plain, work_done);
}

/*
 * Ask the database whether the caller may call this method at all before
 * doing expensive preparation (argon2id, sealing, signing) on its behalf,
 * and what its prepare step says (small bodies only carry their args).
 */
static void
pregate(call *k)
{
    conn *c = k->c;
    char *args = k->args ? json_dumps(k->args, JSON_COMPACT) : NULL;
    const char *params[6];

    params[0] = k->m->name;
    params[1] = k->session_hash[0] ? k->session_hash : NULL;
    params[2] = c->fingerprint;
    params[3] = k->request_id;
    params[4] = c->peer;
    params[5] = args;
    if (db_query(c->srv->db, GATE_SQL, 6, params, pregate_done, k) != 0)
        finish(k, RP_ST_UNAVAILABLE, "数据库暂时不可用，请稍后重试", "database unavailable");
    if (args != NULL) {
        rp_explicit_bzero(args, strlen(args));
        free(args);
    }
}

/* ------------------------------------------------------------------ lookups */

static void
lookup_done(void *data, int st, PGresult *res)
{
    call *k = data;

    if (st != 0 || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        finish(k, RP_ST_UNAVAILABLE, "数据库暂时不可用，请稍后重试", "lookup failed");
        return;
    }
    if (!PQgetisnull(res, 0, 0)) {
        k->stored_hash = strdup(PQgetvalue(res, 0, 0));
        if (k->stored_hash == NULL) {
            finish(k, RP_ST_INTERNAL, "服务器内存不足", NULL);
            return;
        }
    }
    if (k->m->flow == FLOW_LOGIN) {
        queue_work(k, work_login, work_done);
        return;
    }
    if (k->stored_hash == NULL) {
        finish(k, RP_ST_UNAUTHENTICATED, "尚未登录或会话已失效，请先登录（rongpei login）", NULL);
        return;
    }
    queue_work(k, work_password, work_done);
}

static void
lookup(call *k, const char *sql, const char *param)
{
    const char *params[1] = {param};

    if (db_query(k->c->srv->db, sql, 1, params, lookup_done, k) != 0)
        finish(k, RP_ST_UNAVAILABLE, "数据库暂时不可用，请稍后重试", "database unavailable");
}

/* ------------------------------------------------------------------ meta */

static void
answer_methods(call *k)
{
    Rongpei__MethodListReply r = RONGPEI__METHOD_LIST_REPLY__INIT;
    Rongpei__MethodInfo *infos = arena_alloc(&k->a, sizeof(*infos) * (size_t) methods_count);
    Rongpei__MethodInfo **ptrs = arena_alloc(&k->a, sizeof(*ptrs) * (size_t) methods_count);
    size_t n;
    int i;

    if (infos == NULL || ptrs == NULL) {
        finish(k, RP_ST_INTERNAL, "服务器内存不足", NULL);
        return;
    }
    for (i = 0; i < methods_count; i++) {
        const method *m = &methods[i];
        char *roles = arena_strndup(&k->a, m->roles + 1, strlen(m->roles) - 2);
        size_t nr = 0;
        char *p;

        rongpei__method_info__init(&infos[i]);
        infos[i].name = (char *) m->name;
        infos[i].anonymous = (m->flags & M_ANON) != 0;
        infos[i].mutating = (m->flags & M_MUTATING) != 0;
        infos[i].audited = (m->flags & (M_MUTATING | M_AUDIT)) != 0;
        infos[i].request = (char *) m->request->name;
        infos[i].reply = (char *) m->reply->name;
        infos[i].scope = (char *) m->scope;
        infos[i].summary = (char *) m->summary;
        infos[i].transforms = (char *) m->transforms;
        infos[i].roles = arena_alloc(&k->a, sizeof(char *) * 16);
        for (p = roles; p != NULL && *p && nr < 16;) {
            char *comma = strchr(p, ',');

            if (comma != NULL)
                *comma = '\0';
            infos[i].roles[nr++] = p;
            p = comma ? comma + 1 : NULL;
        }
        infos[i].n_roles = nr;
        ptrs[i] = &infos[i];
    }
    r.n_methods = (size_t) methods_count;
    r.methods = ptrs;
    n = protobuf_c_message_get_packed_size(&r.base);
    k->body = malloc(n);
    if (k->body == NULL) {
        finish(k, RP_ST_INTERNAL, "服务器内存不足", NULL);
        return;
    }
    k->body_len = protobuf_c_message_pack(&r.base, k->body);
    k->status = RP_ST_OK;
    send_reply(k);
}

/* ------------------------------------------------------------------ entry */

/* A key of 8-128 bytes of letters, digits and . _ : - (docs/protocol.md). */
static int
valid_key(const char *key)
{
    size_t n = key ? strlen(key) : 0, i;

    if (n < 8 || n > 128)
        return 0;
    for (i = 0; i < n; i++) {
        char ch = key[i];

        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '.' || ch == '_' || ch == ':' || ch == '-'))
            return 0;
    }
    return 1;
}

static int
id_in_flight(const conn *c, uint64_t id)
{
    const call *q;

    for (q = c->calls; q != NULL; q = q->next)
        if (q->id == id)
            return 1;
    return 0;
}

void
gate_frame(conn *c, const uint8_t *payload, size_t len)
{
    const config *cfg = c->srv->cfg;
    Rongpei__Frame *f = NULL;
    Rongpei__Request *rq;
    call *k;
    int rc;

    k = calloc(1, sizeof(*k));
    if (k == NULL) {
        conn_close(c, "out of memory");
        return;
    }
    k->c = c;
    k->t0 = uv_hrtime();
    c->refs++;
    c->in_flight++;
    /*
     * The frame and its decoded body together, with protobuf-c's structures
     * (and the scratch it does not give back to an arena) larger than the
     * wire form: a 10,000-row nomination file takes about 4.7x, a file of
     * enterprise profiles (33 fields a row) more than 8x.  The budget still
     * bounds what a crafted message can make us allocate (64 MiB for the
     * largest frame).
     */
    arena_init(&k->a, len * 16 + 65536);
    rc = wire_decode(&k->a, payload, len, &f);
    if (rc != 0 || f->kind_case != RONGPEI__FRAME__KIND_REQUEST) {
        finish(k, RP_ST_INVALID, "无法解析的帧",
               rc != 0 ? "frame does not decode as rongpei.Frame" : "expected a request");
        return;
    }
    rq = f->request;
    k->id = rq->id;
    if (rq->id == 0) {
        finish(k, RP_ST_INVALID, "请求编号须为正整数", "request id 0");
        return;
    }
    if (id_in_flight(c, rq->id)) {
        finish(k, RP_ST_INVALID, "请求编号与本连接上未完成的请求重复", "request id in flight");
        return;
    }
    k->next = c->calls;
    c->calls = k;
    snprintf(k->request_id, sizeof(k->request_id), "%llu-%llu", (unsigned long long) c->id,
             (unsigned long long) rq->id);
    k->m = method_find(rq->method);
    if (k->m == NULL) {
        finish(k, RP_ST_INVALID, "未知方法", rq->method);
        return;
    }
    if (!c->hello_done && k->m->flow != FLOW_HELLO) {
        finish(k, RP_ST_VERSION, "请先发送 session.hello 协商协议版本", NULL);
        return;
    }
    if (c->hello_done && k->m->flow == FLOW_HELLO) {
        finish(k, RP_ST_INVALID, "本连接已协商协议版本", "session.hello is sent once per connection");
        return;
    }
    if (c->in_flight > cfg->max_in_flight) {
        finish_busy(k);
        return;
    }
    k->req = protobuf_c_message_unpack(k->m->request, &k->a.pb, rq->body.len, rq->body.data);
    if (k->req == NULL) {
        if (k->a.over_budget)
            finish(k, RP_ST_LIMIT, "请求内容展开后过大，请分批提交", "decoded body over the arena budget");
        else
            finish(k, RP_ST_INVALID, "请求内容无法解析", k->m->request->name);
        return;
    }
    if (!(k->m->flags & M_ANON)) {
        if (rq->session == NULL || strlen(rq->session) != 64) {
            finish(k, RP_ST_UNAUTHENTICATED, "尚未登录或会话已失效，请先登录（rongpei login）", NULL);
            return;
        }
        rp_sha256_hex(rq->session, 64, NULL, 0, k->session_hash);
    }
    if (k->m->flags & M_MUTATING) {
        if (!valid_key(rq->idempotency_key)) {
            finish(k, RP_ST_INVALID, "修改类请求必须带幂等键：8 至 128 个字母、数字或 . _ : -", NULL);
            return;
        }
        k->idem = rq->idempotency_key;
    }

    switch (k->m->flow) {
    case FLOW_META:
        answer_methods(k);
        return;
    case FLOW_HELLO: {
        Rongpei__HelloRequest *h = (Rongpei__HelloRequest *) k->req;

        if (h->max_version < RP_PROTOCOL_MIN || h->min_version > RP_PROTOCOL_MAX ||
            h->min_version > h->max_version) {
            char detail[128];

            snprintf(detail, sizeof(detail), "server speaks versions %d..%d, client %u..%u",
                     RP_PROTOCOL_MIN, RP_PROTOCOL_MAX, h->min_version, h->max_version);
            finish(k, RP_ST_VERSION,
                   h->max_version < RP_PROTOCOL_MIN ? "客户端版本过旧，请升级 rongpei"
                                                    : "客户端版本比服务器新，请联系管理员升级服务器",
                   detail);
            return;
        }
        k->args = json_object();
        if (k->args == NULL || hash_request(k) != 0) {
            finish(k, RP_ST_INTERNAL, "服务器内存不足", NULL);
            return;
        }
        dispatch(k);
        return;
    }
    case FLOW_SOLVE:
        k->args = pbjson_from_msg(k->req);
        if (k->args == NULL || hash_request(k) != 0) {
            finish(k, RP_ST_INTERNAL, "服务器内存不足", NULL);
            return;
        }
        pregate(k);
        return;
    case FLOW_PLAIN:
    case FLOW_LOGIN:
    case FLOW_PASSWORD:
        if (k->m->flow == FLOW_PLAIN && rq->body.len > LARGE) {
            /* a file's worth of rows: turned into JSON on the worker, not the loop */
            pregate(k);
            return;
        }
        k->args = pbjson_from_msg(k->req);
        if (k->args == NULL || hash_request(k) != 0) {
            finish(k, RP_ST_INTERNAL, "服务器内存不足", NULL);
            return;
        }
        if (k->m->flow == FLOW_LOGIN) {
            const char *u = json_string_value(json_object_get(k->args, "username"));

            lookup(k, "select api.login_lookup($1)", u ? u : "");
        } else if (k->m->flow == FLOW_PASSWORD) {
            lookup(k, "select api.password_lookup($1)", k->session_hash);
        } else if (needs_work(k)) {
            pregate(k);
        } else {
            dispatch(k);
        }
        return;
    default:
        finish(k, RP_ST_INTERNAL, "invalid method flow", NULL);
        return;
    }
}
