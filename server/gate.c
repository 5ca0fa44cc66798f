/*
 * gate.c - from one frame to one reply: the single gate before dispatch.
 *
 *   decode Frame -> must be a Request -> hello first -> method table ->
 *   calls in flight -> decode body (arena with a byte budget) ->
 *   session present? -> idempotency key present? -> flow:
 *     PLAIN:    body -> JSON -> [worker: hash/seal/validate/sign] -> api.dispatch
 *     LOGIN:    api.login_lookup -> [worker: argon2id verify] -> api.dispatch
 *     PASSWORD: api.password_lookup -> [worker: verify old, hash new] -> api.dispatch
 *     HELLO:    version check -> api.dispatch (certificate check)
 *     META:     answered from the method table
 *   -> JSON reply -> reply message -> Response.
 *
 * api.dispatch (sql/002_dispatch.sql) checks the certificate, the session,
 * the caller's roles against the method table's, idempotency, runs the
 * method and writes the audit record, all in one transaction.  No handler
 * re-implements any of that.
 *
 * Work that would block the loop (argon2id, certificate signing) runs on
 * libuv's thread pool and touches only the call's own data.
 */
#include <argon2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "ca.h"
#include "digest.h"
#include "log.h"
#include "methods.h"
#include "pbjson.h"
#include "rp.h"
#include "server.h"
#include "valid.h"
#include "wire.h"

#define DISPATCH_SQL \
    "select api.dispatch($1, $2, $3, $4::text[], $5::int, $6, $7, $8, $9, $10::jsonb)::text"

typedef struct call {
    conn *c;
    const method *m;
    uint64_t id;
    uint64_t t0;
    arena a;
    ProtobufCMessage *req;
    json_t *args;
    char *args_text;                /* args serialised on the worker (large bodies) */
    const char *session;            /* token from the request, in the arena */
    char session_hash[65];
    char request_hash[65];
    char request_id[48];
    char *idem;
    /* worker results */
    uv_work_t work;
    int status;
    char message[256];
    char *stored_hash;              /* from login/password lookup */
    char token[65];                 /* new session token (login) */
    int verified;
} call;

static char dummy_hash[128];        /* verified against when a user does not exist */

static void
call_free(call *k)
{
    conn *c = k->c;

    json_decref(k->args);
    if (k->args_text != NULL) {
        rp_explicit_bzero(k->args_text, strlen(k->args_text));
        free(k->args_text);
    }
    free(k->stored_hash);
    arena_reset(&k->a);
    rp_explicit_bzero(k->token, sizeof(k->token));
    free(k);
    conn_call_done(c);
}

static void
log_call(call *k, int status, int64_t user, int64_t org)
{
    double ms = (double) (uv_hrtime() - k->t0) / 1e6;

    log_msg(status == RP_ST_INTERNAL ? LOG_ERROR : LOG_INFO, "call",
            "conn=%llu req=%llu org=%lld user=%lld method=%s status=%s ms=%.1f",
            (unsigned long long) k->c->id, (unsigned long long) k->id, (long long) org,
            (long long) user, k->m ? k->m->name : "-", rp_status_name(status), ms);
}

/* Send a response on the call's connection. */
static void
respond(conn *c, uint64_t id, int status, const char *message, const char *detail,
        const ProtobufCMessage *body)
{
    Rongpei__Frame f = RONGPEI__FRAME__INIT;
    Rongpei__Response r = RONGPEI__RESPONSE__INIT;
    uint8_t *packed = NULL;

    r.id = id;
    r.status = status;
    r.message = (char *) (message ? message : "");
    r.detail = (char *) (detail ? detail : "");
    r.retryable = status == RP_ST_UNAVAILABLE;
    if (body != NULL) {
        size_t n = protobuf_c_message_get_packed_size(body);

        packed = malloc(n ? n : 1);
        if (packed == NULL) {
            r.status = RP_ST_INTERNAL;
            r.message = "服务器内存不足";
        } else {
            protobuf_c_message_pack(body, packed);
            r.body.data = packed;
            r.body.len = n;
        }
    }
    f.kind_case = RONGPEI__FRAME__KIND_RESPONSE;
    f.response = &r;
    conn_send(c, &f);
    free(packed);
}

static void
finish(call *k, int status, const char *message, const char *detail,
       const ProtobufCMessage *body, int64_t user, int64_t org)
{
    respond(k->c, k->id, status, message, detail, body);
    log_call(k, status, user, org);
    call_free(k);
}

/* ------------------------------------------------------------------ dispatch */

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

static void
dispatch_done(void *data, int st, PGresult *res)
{
    call *k = data;
    conn *c = k->c;
    json_t *j = NULL;
    json_t *body;
    ProtobufCMessage *reply = NULL;
    char err[160];
    int status;
    int64_t user, org;
    const char *message, *detail;
    int rc;

    if (st != 0) {
        finish(k, RP_ST_UNAVAILABLE, "数据库暂时不可用，请稍后重试", "database unavailable", NULL, 0, 0);
        return;
    }
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        const char *prim = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

        log_error("call", "conn=%llu req=%llu method=%s database error %s: %s",
                  (unsigned long long) c->id, (unsigned long long) k->id, k->m->name,
                  state ? state : "?", prim ? prim : "?");
        if (state != NULL && (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
                              strcmp(state, "57014") == 0 || strcmp(state, "40001") == 0))
            finish(k, RP_ST_UNAVAILABLE, "数据库暂时不可用，请稍后重试", state, NULL, 0, 0);
        else
            finish(k, RP_ST_INTERNAL, "服务器内部错误", state, NULL, 0, 0);
        return;
    }
    j = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
    if (j == NULL) {
        finish(k, RP_ST_INTERNAL, "服务器内部错误", "reply is not JSON", NULL, 0, 0);
        return;
    }
    status = (int) json_integer_value(json_object_get(j, "status"));
    message = json_string_value(json_object_get(j, "message"));
    detail = json_string_value(json_object_get(j, "detail"));
    user = json_integer_value(json_object_get(j, "user_id"));
    org = json_integer_value(json_object_get(j, "org_id"));
    body = json_object_get(j, "body");
    if (status == RP_ST_INTERNAL)
        log_error("call", "conn=%llu req=%llu method=%s: %s", (unsigned long long) c->id,
                  (unsigned long long) k->id, k->m->name, detail ? detail : "");
    if (status == RP_ST_OK && body != NULL) {
        if (k->m->flow == FLOW_LOGIN)
            json_object_set_new(body, "session", json_string(k->token));
        if (k->m->flow == FLOW_HELLO) {
            const config *cfg = c->srv->cfg;

            json_object_set_new(body, "version", json_integer(RP_PROTOCOL_MAX));
            json_object_set_new(body, "server", json_string("rongpeid " RP_VERSION));
            json_object_set_new(body, "max_frame", json_integer(cfg->max_frame));
            json_object_set_new(body, "max_frame_anonymous", json_integer(cfg->max_frame_anon));
            json_object_set_new(body, "max_in_flight", json_integer(cfg->max_in_flight));
            json_object_set_new(body, "idle_timeout_s", json_integer(cfg->idle_timeout_s));
            c->hello_done = 1;
        }
        if (open_sealed_fields(k, body) != 0) {
            json_decref(j);
            finish(k, RP_ST_INTERNAL, "无法解密个人信息", "pii key mismatch", NULL, user, org);
            return;
        }
        /* the budget bounds what a request can make us allocate; a reply
         * comes from our own database and may be larger (a whole list) */
        k->a.budget = 0;
        snprintf(err, sizeof(err), "out of memory");
        rc = pbjson_to_msg(k->m->reply, body, &k->a, &reply, err, sizeof(err));
        if (rc != 0) {
            log_error("call", "method=%s reply does not match %s: %s", k->m->name,
                      k->m->reply->name, err);
            json_decref(j);
            finish(k, RP_ST_INTERNAL, "服务器内部错误", "reply mismatch", NULL, user, org);
            return;
        }
        if (!(k->m->flags & M_ANON) || k->m->flow == FLOW_LOGIN)
            c->authed = 1;
    }
    /* message and detail point into j: respond before releasing it */
    respond(c, k->id, status, message, detail, reply);
    log_call(k, status, user, org);
    json_decref(j);
    call_free(k);
}

static void
dispatch(call *k)
{
    conn *c = k->c;
    char flags[16];
    char *args;
    const char *params[10];
    int rc;

    args = k->args_text ? k->args_text : json_dumps(k->args, JSON_COMPACT);
    k->args_text = NULL;
    if (args == NULL) {
        finish(k, RP_ST_INTERNAL, "服务器内存不足", NULL, NULL, 0, 0);
        return;
    }
    snprintf(flags, sizeof(flags), "%u", k->m->flags);
    params[0] = k->m->name;
    params[1] = k->session_hash[0] ? k->session_hash : NULL;
    params[2] = c->fingerprint;
    params[3] = k->m->roles;
    params[4] = flags;
    params[5] = k->idem && k->idem[0] ? k->idem : NULL;
    params[6] = k->request_hash;
    params[7] = k->request_id;
    params[8] = c->peer;
    params[9] = args;
    rc = db_query(c->srv->db, DISPATCH_SQL, 10, params, dispatch_done, k);
    rp_explicit_bzero(args, strlen(args));
    free(args);
    if (rc != 0)
        finish(k, RP_ST_UNAVAILABLE, "数据库暂时不可用，请稍后重试", "database unavailable", NULL, 0, 0);
}

/* ------------------------------------------------------------------ worker transforms */

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

static int
fail_work(call *k, int status, const char *msg)
{
    k->status = status;
    snprintf(k->message, sizeof(k->message), "%s", msg);
    return -1;
}

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

/* Replace a personal number in obj by its sealed form, blind index and mask. */
static int
seal_in(call *k, json_t *obj, const char *field, int (*check)(const char *), const char *bad)
{
    json_t *v = json_object_get(obj, field);
    const char *s;
    char name[64];
    char idx[65];
    char masked[64];
    char *sealed = NULL;

    if (v == NULL || !json_is_string(v) || json_string_length(v) == 0)
        return 0;
    s = json_string_value(v);
    if (!check(s)) {
        if (obj != k->args) {
            /* a row of a batch: flag it, so every bad row is reported together */
            mark_row(obj, bad);
            json_object_del(obj, field);
            return 0;
        }
        return fail_work(k, RP_ST_INVALID, bad);
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
    json_object_del(obj, field);
    free(sealed);
    return 0;
}

#define MOBILE_RULE "手机号格式不正确：应为 11 位中国大陆手机号"
#define CREDIT_RULE "统一社会信用代码不正确：应为 18 位，校验码须符合 GB 32100"
#define ID_RULE "身份证号码不正确：应为 18 位，末位校验码须符合 GB 11643"

/*
 * Personal numbers by field name: "mobile" and "id_number", or any name
 * ending in "_mobile" / "_id_number" (e.g. contact_mobile); 0 for others.
 */
static int
personal_kind(const char *key)
{
    size_t n = strlen(key);

    if (strcmp(key, "mobile") == 0 || (n > 7 && strcmp(key + n - 7, "_mobile") == 0))
        return 1;
    if (strcmp(key, "id_number") == 0 || (n > 10 && strcmp(key + n - 10, "_id_number") == 0))
        return 2;
    return 0;
}

/* Seal every personal-number field of obj. */
static int
seal_object(call *k, json_t *obj)
{
    static const char *const who[][2] = {{"legal_rep_", "法定代表人"}, {"contact_", "联系人"}};
    const char *keys[16];
    const char *key;
    json_t *v;
    size_t n = 0, i, j;

    json_object_foreach(obj, key, v) {
        if (personal_kind(key) && strlen(key) < 48 && n < sizeof(keys) / sizeof(keys[0]))
            keys[n++] = key;
    }
    for (i = 0; i < n; i++) {
        int kind = personal_kind(keys[i]);
        char bad[256], name[48];
        const char *label = "";

        for (j = 0; j < sizeof(who) / sizeof(who[0]); j++)
            if (strncmp(keys[i], who[j][0], strlen(who[j][0])) == 0)
                label = who[j][1];
        snprintf(bad, sizeof(bad), "%s%s", label, kind == 1 ? MOBILE_RULE : ID_RULE);
        snprintf(name, sizeof(name), "%s", keys[i]);    /* keys[i] goes away with its field */
        if (seal_in(k, obj, name, kind == 1 ? valid_mobile : valid_id_number, bad) != 0)
            return -1;
    }
    return 0;
}

/* Personal numbers at the top level and in every object of a top-level array. */
static int
seal_fields(call *k)
{
    const char *key;
    json_t *v;

    if (seal_object(k, k->args) != 0)
        return -1;
    json_object_foreach(k->args, key, v) {
        size_t i;
        json_t *row;

        if (!json_is_array(v))
            continue;
        json_array_foreach(v, i, row) {
            json_t *cc;

            if (!json_is_object(row))
                continue;
            if (seal_object(k, row) != 0)
                return -1;
            cc = json_object_get(row, "credit_code");
            if (json_is_string(cc) && json_string_length(cc) > 0 && !valid_credit_code(json_string_value(cc)))
                mark_row(row, CREDIT_RULE);
        }
    }
    return 0;
}

#define PASSWORD_RULE "密码不符合要求：10 至 128 位，且包含大写字母、小写字母、数字、符号中的至少三类"

/* Field conventions, applied to every method body (docs/protocol.md). */
static int
transform_args(call *k)
{
    const config *cfg = k->c->srv->cfg;
    json_t *v;
    char hash[160];

    v = json_object_get(k->args, "password");
    if (v != NULL && json_is_string(v) && json_string_length(v) > 0) {
        if (!valid_password(json_string_value(v)))
            return fail_work(k, RP_ST_INVALID, PASSWORD_RULE);
        if (hash_password(cfg, json_string_value(v), hash, sizeof(hash)) != 0)
            return fail_work(k, RP_ST_INTERNAL, "密码处理失败");
        json_object_set_new(k->args, "password_hash", json_string(hash));
    }
    json_object_del(k->args, "password");
    if (seal_fields(k) != 0)
        return -1;
    v = json_object_get(k->args, "credit_code");
    if (v != NULL && json_is_string(v) && json_string_length(v) > 0 &&
        !valid_credit_code(json_string_value(v)))
        return fail_work(k, RP_ST_INVALID, CREDIT_RULE);
    v = json_object_get(k->args, "csr_pem");
    if (v != NULL && json_is_string(v)) {
        ca_issued is;
        char err[160];
        int days = (int) json_integer_value(json_object_get(k->args, "days"));

        if (k->c->srv->ca == NULL)
            return fail_work(k, RP_ST_INVALID, "本服务器未配置 CA 私钥（ca_key），不能签发证书");
        if (days == 0)
            days = 365;
        if (days < 1 || days > 825)
            return fail_work(k, RP_ST_INVALID, "有效期应为 1 至 825 天");
        if (ca_sign(k->c->srv->ca, json_string_value(v),
                    json_integer_value(json_object_get(k->args, "org_id")), days, &is, err,
                    sizeof(err)) != 0)
            return fail_work(k, RP_ST_INVALID, err);
        json_object_set_new(k->args, "certificate_pem", json_string(is.cert_pem));
        json_object_set_new(k->args, "ca_pem", json_string(ca_pem(k->c->srv->ca)));
        json_object_set_new(k->args, "fingerprint", json_string(is.fingerprint));
        json_object_set_new(k->args, "serial", json_string(is.serial));
        json_object_set_new(k->args, "subject", json_string(is.subject));
        json_object_set_new(k->args, "not_before", json_string(is.not_before));
        json_object_set_new(k->args, "not_after", json_string(is.not_after));
        json_object_del(k->args, "csr_pem");
        free(is.cert_pem);
    }
    return 0;
}

static void
work_plain(uv_work_t *w)
{
    call *k = w->data;

    if (k->args == NULL && (k->args = pbjson_from_msg(k->req)) == NULL) {
        (void) fail_work(k, RP_ST_INTERNAL, "服务器内存不足");
        return;
    }
    if (transform_args(k) == 0)
        k->args_text = json_dumps(k->args, JSON_COMPACT);     /* NULL: dispatch tries again */
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
        finish(k, RP_ST_INTERNAL, "已取消", NULL, NULL, 0, 0);
        return;
    }
    if (k->status != RP_ST_OK) {
        finish(k, k->status, k->message, NULL, NULL, 0, 0);
        return;
    }
    dispatch(k);
}

static void
queue_work(call *k, uv_work_cb fn)
{
    k->work.data = k;
    if (uv_queue_work(k->c->srv->loop, &k->work, fn, work_done) != 0)
        finish(k, RP_ST_INTERNAL, "服务器繁忙", NULL, NULL, 0, 0);
}

/* Bodies larger than this are converted to JSON on the worker pool. */
#define LARGE_BODY (64 * 1024)

/* Fields whose presence sends the call through the worker pool. */
static int
needs_work(json_t *args)
{
    static const char *const fields[] = {"password", "csr_pem", "credit_code"};
    size_t i;

    const char *key;
    json_t *v;

    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        v = json_object_get(args, fields[i]);
        if (json_is_string(v) && json_string_length(v) > 0)
            return 1;
    }
    json_object_foreach(args, key, v) {
        if (personal_kind(key) && json_is_string(v) && json_string_length(v) > 0)
            return 1;
    }
    json_object_foreach(args, key, v) {
        if (json_is_array(v) && json_array_size(v) > 0 && json_is_object(json_array_get(v, 0)))
            return 1;   /* a batch: its rows may carry personal numbers */
    }
    return 0;
}

/* ------------------------------------------------------------------ pre-gate */

#define GATE_SQL "select api.gate($1, $2, $3, $4::text[], $5::int, $6, $7)::text"

static void
pregate_done(void *data, int st, PGresult *res)
{
    call *k = data;
    json_t *j;
    int status;

    if (st != 0 || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        finish(k, RP_ST_UNAVAILABLE, "数据库暂时不可用，请稍后重试", "gate failed", NULL, 0, 0);
        return;
    }
    j = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
    status = j ? (int) json_integer_value(json_object_get(j, "status")) : RP_ST_INTERNAL;
    if (status != RP_ST_OK) {
        char msg[256];

        snprintf(msg, sizeof(msg), "%s", j ? json_string_value(json_object_get(j, "message")) : "");
        json_decref(j);
        finish(k, status, msg, NULL, NULL, 0, 0);
        return;
    }
    json_decref(j);
    queue_work(k, work_plain);
}

/*
 * Ask the database whether the caller may call this method at all before
 * doing expensive preparation (argon2id, signing) on its behalf.
 */
static void
pregate(call *k)
{
    conn *c = k->c;
    char flags[16];
    const char *params[7];

    snprintf(flags, sizeof(flags), "%u", k->m->flags);
    params[0] = k->m->name;
    params[1] = k->session_hash;
    params[2] = c->fingerprint;
    params[3] = k->m->roles;
    params[4] = flags;
    params[5] = k->request_id;
    params[6] = c->peer;
    if (db_query(c->srv->db, GATE_SQL, 7, params, pregate_done, k) != 0)
        finish(k, RP_ST_UNAVAILABLE, "数据库暂时不可用，请稍后重试", "database unavailable", NULL, 0, 0);
}

/* ------------------------------------------------------------------ lookups */

static void
lookup_done(void *data, int st, PGresult *res)
{
    call *k = data;

    if (st != 0 || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        finish(k, RP_ST_UNAVAILABLE, "数据库暂时不可用，请稍后重试", "lookup failed", NULL, 0, 0);
        return;
    }
    if (!PQgetisnull(res, 0, 0)) {
        k->stored_hash = strdup(PQgetvalue(res, 0, 0));
        if (k->stored_hash == NULL) {
            finish(k, RP_ST_INTERNAL, "服务器内存不足", NULL, NULL, 0, 0);
            return;
        }
    }
    if (k->m->flow == FLOW_LOGIN) {
        queue_work(k, work_login);
        return;
    }
    if (k->stored_hash == NULL) {
        finish(k, RP_ST_UNAUTHENTICATED, "尚未登录或会话已失效，请先登录（rongpei login）",
               NULL, NULL, 0, 0);
        return;
    }
    queue_work(k, work_password);
}

static void
lookup(call *k, const char *sql, const char *param)
{
    const char *params[1] = {param};

    if (db_query(k->c->srv->db, sql, 1, params, lookup_done, k) != 0)
        finish(k, RP_ST_UNAVAILABLE, "数据库暂时不可用，请稍后重试", "database unavailable", NULL, 0, 0);
}

/* ------------------------------------------------------------------ meta */

static void
answer_methods(call *k)
{
    Rongpei__MethodListReply r = RONGPEI__METHOD_LIST_REPLY__INIT;
    Rongpei__MethodInfo *infos = arena_alloc(&k->a, sizeof(*infos) * (size_t) methods_count);
    Rongpei__MethodInfo **ptrs = arena_alloc(&k->a, sizeof(*ptrs) * (size_t) methods_count);
    int i;

    if (infos == NULL || ptrs == NULL) {
        finish(k, RP_ST_INTERNAL, "服务器内存不足", NULL, NULL, 0, 0);
        return;
    }
    for (i = 0; i < methods_count; i++) {
        const method *m = &methods[i];
        char *roles = arena_strndup(&k->a, m->roles + 1, strlen(m->roles) - 2);
        size_t n = 0;
        char *p;

        rongpei__method_info__init(&infos[i]);
        infos[i].name = (char *) m->name;
        infos[i].anonymous = (m->flags & M_ANON) != 0;
        infos[i].mutating = (m->flags & M_MUTATING) != 0;
        infos[i].audited = (m->flags & (M_MUTATING | M_AUDIT)) != 0;
        infos[i].request = (char *) m->request->name;
        infos[i].reply = (char *) m->reply->name;
        infos[i].roles = arena_alloc(&k->a, sizeof(char *) * 16);
        for (p = roles; p != NULL && *p && n < 16;) {
            char *comma = strchr(p, ',');

            if (comma != NULL)
                *comma = '\0';
            infos[i].roles[n++] = p;
            p = comma ? comma + 1 : NULL;
        }
        infos[i].n_roles = n;
        ptrs[i] = &infos[i];
    }
    r.n_methods = (size_t) methods_count;
    r.methods = ptrs;
    finish(k, RP_ST_OK, "", NULL, &r.base, 0, 0);
}

/* ------------------------------------------------------------------ entry */

void
gate_dummy_hash_init(void)
{
    uint8_t salt[16] = {0};
    char pw[33];
    uint8_t rnd[16];

    RAND_bytes(rnd, sizeof(rnd));
    rp_hex(rnd, sizeof(rnd), pw);
    RAND_bytes(salt, sizeof(salt));
    argon2id_hash_encoded(2, 19456, 1, pw, strlen(pw), salt, sizeof(salt), 32,
                          dummy_hash, sizeof(dummy_hash));
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
               rc != 0 ? "frame does not decode as rongpei.Frame" : "expected a request", NULL, 0, 0);
        return;
    }
    rq = f->request;
    k->id = rq->id;
    snprintf(k->request_id, sizeof(k->request_id), "%llu-%llu", (unsigned long long) c->id,
             (unsigned long long) rq->id);
    k->m = method_find(rq->method);
    if (k->m == NULL) {
        finish(k, RP_ST_INVALID, "未知方法", rq->method, NULL, 0, 0);
        return;
    }
    if (!c->hello_done && k->m->flow != FLOW_HELLO && k->m->flow != FLOW_META) {
        finish(k, RP_ST_VERSION, "请先发送 session.hello 协商协议版本", NULL, NULL, 0, 0);
        return;
    }
    if (c->in_flight > cfg->max_in_flight) {
        finish(k, RP_ST_LIMIT, "同一连接上未完成的请求过多", "max_in_flight exceeded", NULL, 0, 0);
        return;
    }
    k->req = protobuf_c_message_unpack(k->m->request, &k->a.pb, rq->body.len, rq->body.data);
    if (k->req == NULL) {
        if (k->a.over_budget)
            finish(k, RP_ST_LIMIT, "请求内容展开后过大，请分批提交", "decoded body over the arena budget", NULL, 0, 0);
        else
            finish(k, RP_ST_INVALID, "请求内容无法解析", k->m->request->name, NULL, 0, 0);
        return;
    }
    if (!(k->m->flags & M_ANON)) {
        if (rq->session == NULL || strlen(rq->session) != 64) {
            finish(k, RP_ST_UNAUTHENTICATED, "尚未登录或会话已失效，请先登录（rongpei login）",
                   NULL, NULL, 0, 0);
            return;
        }
        rp_sha256_hex(rq->session, 64, NULL, 0, k->session_hash);
    }
    if (k->m->flags & M_MUTATING) {
        size_t n = rq->idempotency_key ? strlen(rq->idempotency_key) : 0;

        if (n < 8 || n > 128) {
            finish(k, RP_ST_INVALID, "修改类请求必须带 8 至 128 个字符的幂等键", NULL, NULL, 0, 0);
            return;
        }
        k->idem = rq->idempotency_key;
    }
    rp_sha256_hex(rq->method, strlen(rq->method) + 1, rq->body.data, rq->body.len, k->request_hash);

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
                   detail, NULL, 0, 0);
            return;
        }
        k->args = json_object();
        dispatch(k);
        return;
    }
    case FLOW_PLAIN:
    case FLOW_LOGIN:
    case FLOW_PASSWORD:
        if (k->m->flow == FLOW_PLAIN && rq->body.len > LARGE_BODY) {
            /* a file's worth of rows: turned into JSON on the worker, not the loop */
            pregate(k);
            return;
        }
        k->args = pbjson_from_msg(k->req);
        if (k->args == NULL) {
            finish(k, RP_ST_INTERNAL, "服务器内存不足", NULL, NULL, 0, 0);
            return;
        }
        if (k->m->flow == FLOW_LOGIN) {
            const char *u = json_string_value(json_object_get(k->args, "username"));

            lookup(k, "select api.login_lookup($1)", u ? u : "");
        } else if (k->m->flow == FLOW_PASSWORD) {
            lookup(k, "select api.password_lookup($1)", k->session_hash);
        } else if (needs_work(k->args)) {
            pregate(k);
        } else {
            dispatch(k);
        }
        return;
    default:
        finish(k, RP_ST_INTERNAL, "invalid method flow", NULL, NULL, 0, 0);
        return;
    }
}
