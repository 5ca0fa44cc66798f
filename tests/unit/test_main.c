/*
 * test_main.c - unit tests (Check, each test forked): framing, the
 * protobuf/JSON mapping, check digits and masking, personal-number
 * encryption, arenas, configuration and the method table.
 */
#include <check.h>
#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "arena.h"
#include "config.h"
#include "methods.h"
#include "pairing.h"
#include "pbjson.h"
#include "pii.h"
#include "rongpei.pb-c.h"
#include "rp.h"
#include "table.h"
#include "csv.h"
#include "valid.h"
#include "wire.h"

/* ------------------------------------------------------------------ framing */

START_TEST(frame_len_cases)
{
    uint8_t b[16] = {0, 0, 0, 5, 1, 2, 3, 4, 5, 9};
    size_t n = 0;

    ck_assert_int_eq(wire_frame_len(b, 3, 100, &n), RP_EAGAIN);
    ck_assert_int_eq(wire_frame_len(b, 8, 100, &n), RP_EAGAIN);
    ck_assert_int_eq(wire_frame_len(b, 9, 100, &n), 0);
    ck_assert_uint_eq(n, 5);
    ck_assert_int_eq(wire_frame_len(b, 10, 100, &n), 0);
    ck_assert_int_eq(wire_frame_len(b, 9, 4, &n), RP_ETOOBIG);
    b[3] = 0;
    ck_assert_int_eq(wire_frame_len(b, 9, 100, &n), RP_EINVAL);
    /* a header announcing 4 GiB - 1 is refused before any byte is buffered */
    memset(b, 0xff, 4);
    ck_assert_int_eq(wire_frame_len(b, 4, RP_MAX_FRAME, &n), RP_ETOOBIG);
}
END_TEST

START_TEST(frame_roundtrip)
{
    Rongpei__Frame f = RONGPEI__FRAME__INIT;
    Rongpei__Request r = RONGPEI__REQUEST__INIT;
    Rongpei__Frame *g = NULL;
    uint8_t *buf;
    size_t len, n;
    arena a;

    r.id = 42;
    r.method = "org.list";
    r.idempotency_key = "abcdefgh";
    f.kind_case = RONGPEI__FRAME__KIND_REQUEST;
    f.request = &r;
    ck_assert_int_eq(wire_encode(&f, 1024, &buf, &len), 0);
    ck_assert_int_eq(wire_frame_len(buf, len, 1024, &n), 0);
    ck_assert_uint_eq(n + WIRE_HDR, len);
    arena_init(&a, 4096);
    ck_assert_int_eq(wire_decode(&a, buf + WIRE_HDR, n, &g), 0);
    ck_assert_int_eq(g->kind_case, RONGPEI__FRAME__KIND_REQUEST);
    ck_assert_uint_eq(g->request->id, 42);
    ck_assert_str_eq(g->request->method, "org.list");
    ck_assert_int_eq(wire_encode(&f, 4, &buf, &len) == RP_ETOOBIG, 1);
    free(buf);
    arena_reset(&a);
}
END_TEST

START_TEST(frame_garbage)
{
    static const uint8_t junk[] = {0xff, 0xff, 0xff, 0xff, 0x0f, 0x08};
    static const uint8_t empty_kind[] = {0x08, 0x01}; /* unknown field 1 varint: no oneof set */
    Rongpei__Frame *g = NULL;
    arena a;

    arena_init(&a, 4096);
    ck_assert_int_eq(wire_decode(&a, junk, sizeof(junk), &g), RP_EDECODE);
    ck_assert_int_ne(wire_decode(&a, empty_kind, sizeof(empty_kind), &g), 0);
    arena_reset(&a);
}
END_TEST

START_TEST(frame_budget)
{
    /* a Request whose method string is 2000 bytes cannot decode into a 512-byte arena */
    Rongpei__Frame f = RONGPEI__FRAME__INIT;
    Rongpei__Request r = RONGPEI__REQUEST__INIT;
    Rongpei__Frame *g = NULL;
    char big[2001];
    uint8_t *buf;
    size_t len;
    arena a;

    memset(big, 'x', 2000);
    big[2000] = '\0';
    r.method = big;
    f.kind_case = RONGPEI__FRAME__KIND_REQUEST;
    f.request = &r;
    ck_assert_int_eq(wire_encode(&f, 1 << 20, &buf, &len), 0);
    arena_init(&a, 512);
    ck_assert_int_eq(wire_decode(&a, buf + WIRE_HDR, len - WIRE_HDR, &g), RP_EDECODE);
    arena_reset(&a);
    free(buf);
}
END_TEST

/* ------------------------------------------------------------------ arena */

START_TEST(arena_budget_and_alignment)
{
    arena a;
    void *p, *q;

    arena_init(&a, 100);
    p = arena_alloc(&a, 1);
    q = arena_alloc(&a, 1);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq((uintptr_t) p % 16, 0);
    ck_assert_uint_eq((uintptr_t) q % 16, 0);
    ck_assert_ptr_null(arena_alloc(&a, 90));
    ck_assert_ptr_null(arena_alloc(&a, (size_t) -1));
    arena_reset(&a);
    arena_init(&a, 0);
    ck_assert_ptr_nonnull(arena_alloc(&a, 100000));
    ck_assert_str_eq(arena_strndup(&a, "abcdef", 3), "abc");
    arena_reset(&a);
}
END_TEST

/* ------------------------------------------------------------------ validation */

START_TEST(id_numbers)
{
    ck_assert(valid_id_number("11010519491231002X"));
    ck_assert(!valid_id_number("110105194912310021"));   /* wrong check */
    ck_assert(!valid_id_number("11010519491331002X"));   /* month 13 */
    ck_assert(!valid_id_number("11010519491231002"));    /* short */
    ck_assert(!valid_id_number("11010519491231002X1"));
    ck_assert(!valid_id_number("11010519491231002x"));   /* lower-case x */
    ck_assert(!valid_id_number(""));
}
END_TEST

START_TEST(credit_codes)
{
    ck_assert(valid_credit_code("91630100710401239T"));
    ck_assert(valid_credit_code("91630104MA7N3K5Q6N"));
    ck_assert(!valid_credit_code("91630100710401239A"));
    ck_assert(!valid_credit_code("9163010071040123IT")); /* I is not in the set */
    ck_assert(!valid_credit_code("91630100710401239"));
    ck_assert(!valid_credit_code(""));
}
END_TEST

START_TEST(mobiles_passwords_masks)
{
    char out[32];

    ck_assert(valid_mobile("13897001234"));
    ck_assert(!valid_mobile("12897001234"));
    ck_assert(!valid_mobile("1389700123"));
    ck_assert(!valid_mobile("1389700123a"));
    ck_assert(valid_password("Abcdefgh12"));
    ck_assert(valid_password("abcdefgh1!"));
    ck_assert(!valid_password("abcdefghij1"));
    ck_assert(!valid_password("Ab1!"));
    ck_assert_int_eq(valid_mask("13812341234", out, sizeof(out)), 0);
    ck_assert_str_eq(out, "138****1234");
    ck_assert_int_eq(valid_mask("11010519491231002X", out, sizeof(out)), 0);
    ck_assert_str_eq(out, "1101**********002X");
    ck_assert_int_eq(valid_mask("1234", out, sizeof(out)), RP_EINVAL);
    ck_assert_int_eq(valid_mask("13812341234", out, 5), RP_EINVAL);
}
END_TEST

/* ------------------------------------------------------------------ pii */

static void
keys(pii_keys *k, uint8_t fill)
{
    uint8_t master[32];

    memset(master, fill, sizeof(master));
    ck_assert_int_eq(pii_keys_derive(master, k), 0);
}

START_TEST(pii_roundtrip_and_tamper)
{
    pii_keys k, other;
    char *a = NULL, *b = NULL, *plain = NULL;
    char i1[65], i2[65];

    keys(&k, 1);
    keys(&other, 2);
    ck_assert_int_eq(pii_seal(&k, "13897001234", &a), 0);
    ck_assert_int_eq(pii_seal(&k, "13897001234", &b), 0);
    ck_assert_str_ne(a, b);                   /* random IV */
    ck_assert_ptr_null(strstr(a, "13897001234"));
    ck_assert_int_eq(pii_open(&k, a, &plain), 0);
    ck_assert_str_eq(plain, "13897001234");
    free(plain);
    ck_assert_int_eq(pii_open(&other, a, &plain), RP_EAUTH);
    a[40] = a[40] == '0' ? '1' : '0';         /* flip a ciphertext/IV bit */
    ck_assert_int_eq(pii_open(&k, a, &plain), RP_EAUTH);
    ck_assert_int_eq(pii_open(&k, "zz", &plain), RP_EINVAL);
    ck_assert_int_eq(pii_index(&k, "13897001234", i1), 0);
    ck_assert_int_eq(pii_index(&k, "13897001234", i2), 0);
    ck_assert_str_eq(i1, i2);
    ck_assert_int_eq(pii_index(&other, "13897001234", i2), 0);
    ck_assert_str_ne(i1, i2);
    free(a);
    free(b);
}
END_TEST

START_TEST(pii_key_file)
{
    char path[] = "/tmp/rp-unit-key-XXXXXX";
    int fd = mkstemp(path);
    pii_keys k;

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "  0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", 68), 68);
    close(fd);
    ck_assert_int_eq(pii_keys_load(path, &k), 0);
    fd = open(path, O_WRONLY | O_TRUNC);
    ck_assert_int_eq(write(fd, "0123", 4), 4);
    close(fd);
    ck_assert_int_eq(pii_keys_load(path, &k), RP_ECONFIG);
    unlink(path);
    ck_assert_int_eq(pii_keys_load("/nonexistent/key", &k), RP_EIO);
}
END_TEST

/* ------------------------------------------------------------------ pbjson */

START_TEST(pbjson_roundtrip)
{
    Rongpei__UserCreateRequest u = RONGPEI__USER_CREATE_REQUEST__INIT;
    char *roles[] = {"advisor", "institution_staff"};
    ProtobufCMessage *back = NULL;
    Rongpei__UserCreateRequest *v;
    char err[128];
    json_t *j;
    arena a;

    u.org_id = 12;
    u.username = "li.si";
    u.display_name = "李四";
    u.n_roles = 2;
    u.roles = roles;
    j = pbjson_from_msg(&u.base);
    ck_assert_ptr_nonnull(j);
    ck_assert_int_eq(json_integer_value(json_object_get(j, "org_id")), 12);
    ck_assert_str_eq(json_string_value(json_object_get(j, "display_name")), "李四");
    ck_assert_int_eq(json_array_size(json_object_get(j, "roles")), 2);
    arena_init(&a, 0);
    ck_assert_int_eq(pbjson_to_msg(&rongpei__user_create_request__descriptor, j, &a, &back, err,
                                   sizeof(err)), 0);
    v = (Rongpei__UserCreateRequest *) back;
    ck_assert_int_eq(v->org_id, 12);
    ck_assert_str_eq(v->roles[1], "institution_staff");
    ck_assert_str_eq(v->mobile, "");
    json_object_set_new(j, "org_id", json_string("twelve"));
    ck_assert_int_eq(pbjson_to_msg(&rongpei__user_create_request__descriptor, j, &a, &back, err,
                                   sizeof(err)), RP_EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "org_id"));
    json_decref(j);
    arena_reset(&a);
}
END_TEST

START_TEST(pbjson_nested_and_unknown)
{
    json_t *j = json_loads("{\"certificate\": {\"id\": 3, \"revoked\": true}, \"ca_pem\": \"x\","
                           " \"unknown\": 1, \"certificate_pem\": null}", 0, NULL);
    ProtobufCMessage *m = NULL;
    Rongpei__CertIssueReply *r;
    char err[128];
    arena a;

    arena_init(&a, 0);
    ck_assert_int_eq(pbjson_to_msg(&rongpei__cert_issue_reply__descriptor, j, &a, &m, err, sizeof(err)), 0);
    r = (Rongpei__CertIssueReply *) m;
    ck_assert_int_eq(r->certificate->id, 3);
    ck_assert(r->certificate->revoked);
    ck_assert_str_eq(r->ca_pem, "x");
    json_decref(j);
    arena_reset(&a);
}
END_TEST

/* ------------------------------------------------------------------ config */

START_TEST(config_file_and_env)
{
    char path[] = "/tmp/rp-unit-conf-XXXXXX";
    int fd = mkstemp(path);
    const char *text = "# comment\nport = 9000\n  max_in_flight=4 \ndatabase = host=/x dbname=y\n";
    char err[256];
    config c;

    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t) strlen(text));
    close(fd);
    setenv("RONGPEID_PORT", "9100", 1);
    ck_assert_int_eq(config_load(&c, path, err, sizeof(err)), 0);
    ck_assert_int_eq(c.port, 9100);
    ck_assert_int_eq(c.max_in_flight, 4);
    ck_assert_str_eq(c.database, "host=/x dbname=y");
    unsetenv("RONGPEID_PORT");
    fd = open(path, O_WRONLY | O_APPEND);
    ck_assert_int_eq(write(fd, "bogus = 1\n", 10), 10);
    close(fd);
    ck_assert_int_eq(config_load(&c, path, err, sizeof(err)), RP_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err, ":5: unknown setting"));
    unlink(path);
}
END_TEST

/* ------------------------------------------------------------------ method table */

START_TEST(method_table_sane)
{
    int i;

    ck_assert_int_gt(methods_count, 10);
    for (i = 0; i < methods_count; i++) {
        const method *m = &methods[i];
        size_t n = strlen(m->roles);

        ck_assert_msg(m->roles[0] == '{' && m->roles[n - 1] == '}', "%s roles", m->name);
        ck_assert_ptr_eq(method_find(m->name), m);
        /* mutating methods always need a session: an idempotency record has an owner */
        ck_assert_msg(!((m->flags & M_MUTATING) && (m->flags & M_ANON)), "%s", m->name);
        /* anonymous methods carry no role list; others do */
        ck_assert_msg(((m->flags & M_ANON) != 0) == (strcmp(m->roles, "{}") == 0), "%s", m->name);
        ck_assert_ptr_nonnull(m->request);
        ck_assert_ptr_nonnull(m->reply);
    }
    ck_assert_ptr_null(method_find("no.such"));
}
END_TEST

START_TEST(pbjson_strict_names_unknown_keys)
{
    json_t *j = json_loads("{\"certificate\": {\"id\": 3, \"revokd\": true}, \"ca_pem\": \"x\"}", 0, NULL);
    json_t *top = json_loads("{\"certificate_pem\": \"x\", \"cert_pem\": \"y\"}", 0, NULL);
    ProtobufCMessage *m = NULL;
    char err[128];
    arena a;

    arena_init(&a, 0);
    /* lenient: a misspelt key vanishes; strict: it is named */
    ck_assert_int_eq(pbjson_to_msg(&rongpei__cert_issue_reply__descriptor, j, &a, &m, err, sizeof(err)), 0);
    ck_assert_int_eq(pbjson_to_msg_strict(&rongpei__cert_issue_reply__descriptor, j, &a, &m, err, sizeof(err)),
                     RP_EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "\"revokd\""));
    ck_assert_int_eq(pbjson_to_msg_strict(&rongpei__cert_issue_reply__descriptor, top, &a, &m, err, sizeof(err)),
                     RP_EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "\"cert_pem\""));
    json_decref(j);
    json_decref(top);
    arena_reset(&a);
}
END_TEST

/* ------------------------------------------------------------------ field transforms */

/* Names that look like a personal number, a secret or a code to check. */
static int
sensitive_name(const char *name)
{
    static const char *const parts[] = {"mobile", "phone", "id_number", "idcard", "id_card", "credit_code",
                                        "password", "csr", "secret", "token", "private"};
    size_t i;

    for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
        if (strstr(name, parts[i]) != NULL)
            return 1;
    return 0;
}

static int
declared(const transform *tr, int n, const char *path)
{
    char joined[200];
    int i, k;

    for (i = 0; i < n; i++) {
        joined[0] = '\0';
        for (k = 0; k < tr[i].depth; k++)
            snprintf(joined + strlen(joined), sizeof(joined) - strlen(joined), "%s%s", k ? "." : "",
                     tr[i].path[k]);
        if (strcmp(joined, path) == 0)
            return 1;
    }
    return 0;
}

/* The first field of d (recursively) with a sensitive-looking name and no
 * declaration in tr, as a path into out; 0 when there is none. */
static int
undeclared(const ProtobufCMessageDescriptor *d, const char *prefix, const transform *tr, int n,
           char *out, size_t outsz, int depth)
{
    unsigned i;

    for (i = 0; i < d->n_fields && depth < 4; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        char path[200];

        snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", f->name);
        if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
            if (undeclared(f->descriptor, path, tr, n, out, outsz, depth + 1))
                return 1;
        } else if ((f->type == PROTOBUF_C_TYPE_STRING || f->type == PROTOBUF_C_TYPE_BYTES) &&
                   sensitive_name(f->name) && !declared(tr, n, path)) {
            /* (a flag such as "secret: true" carries no secret) */
            snprintf(out, outsz, "%s", path);
            return 1;
        }
    }
    return 0;
}

START_TEST(transforms_declared_for_sensitive_fields)
{
    transform tr[TR_MAX];
    char err[200], path[200];
    method fake;
    int i, n;

    for (i = 0; i < methods_count; i++) {
        n = method_transforms(&methods[i], tr, err, sizeof(err));
        ck_assert_msg(n >= 0, "%s", err);
        ck_assert_msg(!undeclared(methods[i].request, "", tr, n, path, sizeof(path), 0),
                      "%s: request field %s looks sensitive but has no transform (declare one, or plain:%s)",
                      methods[i].name, path, path);
    }
    /* the check itself: a method that forgets its numbers is caught */
    fake = *method_find("nomination.draft");
    fake.transforms = "mobile:mobile";
    n = method_transforms(&fake, tr, err, sizeof(err));
    ck_assert_int_eq(n, 1);
    ck_assert(undeclared(fake.request, "", tr, n, path, sizeof(path), 0));
    ck_assert_str_eq(path, "id_number");
    /* paths are checked against the messages */
    fake.transforms = "mobile:mobil";
    ck_assert_int_eq(method_transforms(&fake, tr, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "no field \"mobil\""));
    fake.transforms = "seal:mobile";
    ck_assert_int_eq(method_transforms(&fake, tr, err, sizeof(err)), -1);
    fake = *method_find("nomination.import");
    n = method_transforms(&fake, tr, err, sizeof(err));
    ck_assert_int_eq(n, 2);
    ck_assert_int_eq(tr[0].depth, 2);
    ck_assert_str_eq(tr[0].path[0], "rows");
}
END_TEST

/* ------------------------------------------------------------------ SQL reads what requests carry */

/* The keys a method's SQL may read from its args a: the request's fields
 * and what the server's transforms and flows put there instead. */
static int
arg_known(const method *m, const char *key)
{
    static const char *const made[] = {"certificate_pem", "ca_pem", "fingerprint", "serial", "subject",
                                       "not_before", "not_after", "verified", "session_hash",
                                       "new_password_hash", "_error"};
    transform tr[TR_MAX];
    char err[200], base[64];
    size_t n = strlen(key), i;
    int k, nt;

    if (protobuf_c_message_descriptor_get_field_by_name(m->request, key) != NULL)
        return 1;
    if (m->flow == FLOW_SOLVE && strcmp(key, "solution") == 0)
        return 1;                       /* what the server's solver found (server/propose.c) */
    nt = method_transforms(m, tr, err, sizeof(err));
    for (k = 0; k < nt; k++) {
        if (tr[k].depth != 1)
            continue;
        snprintf(base, sizeof(base), "%s", tr[k].path[0]);
        if ((tr[k].kind == TR_MOBILE || tr[k].kind == TR_IDNO) && n > strlen(base) &&
            strncmp(key, base, strlen(base)) == 0 &&
            (strcmp(key + strlen(base), "_enc") == 0 || strcmp(key + strlen(base), "_idx") == 0 ||
             strcmp(key + strlen(base), "_masked") == 0 ||
             (tr[k].kind == TR_IDNO && strcmp(key + strlen(base), "_sex") == 0)))
            return 1;
        if (tr[k].kind == TR_PASSWORD && strncmp(key, base, strlen(base)) == 0 &&
            strcmp(key + strlen(base), "_hash") == 0)
            return 1;
        if (tr[k].kind == TR_CSR || m->flow != FLOW_PLAIN)
            for (i = 0; i < sizeof(made) / sizeof(made[0]); i++)
                if (strcmp(key, made[i]) == 0)
                    return 1;
    }
    if (m->flow != FLOW_PLAIN)
        for (i = 0; i < sizeof(made) / sizeof(made[0]); i++)
            if (strcmp(key, made[i]) == 0)
                return 1;
    return 0;
}

static int
any_method_knows(const char *key)
{
    int i;

    for (i = 0; i < methods_count; i++)
        if (arg_known(&methods[i], key))
            return 1;
    return 0;
}

/*
 * Every key a function of sql/functions reads from its argument a (a->>'k',
 * a->'k', a ? 'k') must be a field of the request it is given: a method's
 * own for m.<method> (and its _prepare step), any request's for a helper
 * that takes a.  A misspelt key would otherwise read as empty.
 */
START_TEST(sql_reads_only_request_fields)
{
    DIR *dir = opendir("sql/functions");
    struct dirent *de;
    int checked = 0, bad = 0;

    ck_assert_ptr_nonnull(dir);
    while ((de = readdir(dir)) != NULL) {
        char path[512], *text, *p;
        FILE *f;
        long len;

        if (strstr(de->d_name, ".sql") == NULL)
            continue;
        snprintf(path, sizeof(path), "sql/functions/%s", de->d_name);
        f = fopen(path, "r");
        ck_assert_ptr_nonnull(f);
        fseek(f, 0, SEEK_END);
        len = ftell(f);
        fseek(f, 0, SEEK_SET);
        text = malloc((size_t) len + 1);
        ck_assert_int_eq(fread(text, 1, (size_t) len, f), (size_t) len);
        text[len] = '\0';
        fclose(f);
        for (p = strstr(text, "create function "); p != NULL; p = strstr(p + 1, "create function ")) {
            char name[128] = "";
            const method *m = NULL;
            char *body, *end, *q;
            int i, takes_a;

            sscanf(p + 16, "%127[a-z_.]", name);
            takes_a = strstr(p, " a jsonb") != NULL && strstr(p, " a jsonb") < strchr(p, ')');
            body = strstr(p, "$$");
            end = body ? strstr(body + 2, "$$") : NULL;
            if (!takes_a || end == NULL)
                continue;
            if (strncmp(name, "m.", 2) == 0)
                for (i = 0; i < methods_count; i++) {
                    char fn[128], pre[140];
                    size_t k;

                    snprintf(fn, sizeof(fn), "%s", methods[i].name);
                    for (k = 0; fn[k]; k++)
                        if (fn[k] == '.')
                            fn[k] = '_';
                    snprintf(pre, sizeof(pre), "%s_prepare", fn);
                    if (strcmp(name + 2, fn) == 0 || strcmp(name + 2, pre) == 0)
                        m = &methods[i];
                }
            for (q = body; q < end; q++) {
                char key[64];
                const char *rest = NULL;

                if ((q == body || !(q[-1] == '_' || (q[-1] >= 'a' && q[-1] <= 'z') || q[-1] == '.')) &&
                    q[0] == 'a') {
                    if (strncmp(q, "a->>'", 5) == 0)
                        rest = q + 5;
                    else if (strncmp(q, "a->'", 4) == 0)
                        rest = q + 4;
                    else if (strncmp(q, "a ? '", 5) == 0)
                        rest = q + 5;
                }
                if (rest == NULL || sscanf(rest, "%63[a-z_0-9]'", key) != 1)
                    continue;
                checked++;
                if (m != NULL ? !arg_known(m, key) : !any_method_knows(key)) {
                    fprintf(stderr, "%s: %s reads a->'%s', which %s\n", path, name, key,
                            m ? "its request has not" : "no request has");
                    bad++;
                }
            }
        }
        free(text);
    }
    closedir(dir);
    ck_assert_int_gt(checked, 300);
    ck_assert_msg(bad == 0, "%d reads of keys no request carries (listed above)", bad);
}
END_TEST

/* ------------------------------------------------------------------ tables */

static int
prefix_width(const char *line, const char *needle)
{
    const char *p = strstr(line, needle);
    char buf[512];

    ck_assert_ptr_nonnull(p);
    memcpy(buf, line, (size_t) (p - line));
    buf[p - line] = '\0';
    return table_width(buf);
}

START_TEST(table_cjk_alignment)
{
    Rongpei__Organisation a = RONGPEI__ORGANISATION__INIT, b = RONGPEI__ORGANISATION__INIT;
    ProtobufCMessage *rows[2] = {&a.base, &b.base};
    static const col cols[] = {{"name", "名称", F_AUTO}, {"kind", "类别", F_AUTO}, {"inst_type", "类型", F_AUTO}};
    char *text = NULL, *line, *save;
    size_t len = 0;
    int w[4], i = 0;
    FILE *f;

    setlocale(LC_ALL, "C.UTF-8");
    ck_assert_int_eq(table_width("西宁市金融办"), 12);
    ck_assert_int_eq(table_width("ABC西宁"), 7);
    a.name = "西宁市金融办";
    a.kind = "prefecture_office";
    a.inst_type = "";
    b.name = "Bank of 青海";
    b.kind = "institution";
    b.inst_type = "bank";
    f = open_memstream(&text, &len);
    table_print(f, rows, 2, cols, 3);
    fclose(f);
    /* the second column starts at the same display column on every line */
    for (line = strtok_r(text, "\n", &save); line != NULL && i < 4; line = strtok_r(NULL, "\n", &save), i++) {
        const char *needle = i == 0 ? "类别" : i == 1 ? "  -" : i == 2 ? "prefecture_office" : "institution";

        w[i] = prefix_width(line, needle) + (i == 1 ? 2 : 0);
    }
    ck_assert_int_eq(i, 4);
    ck_assert_int_eq(w[0], 14);     /* widest name (12) + 2 */
    ck_assert_int_eq(w[1], w[0]);
    ck_assert_int_eq(w[2], w[0]);
    ck_assert_int_eq(w[3], w[0]);
    free(text);
}
END_TEST

/* Numbers right-aligned under their header, money grouped with two
 * decimals, doubles with two, instants in Beijing time as officials read
 * them, widths by display columns. */
START_TEST(table_numbers_money_times)
{
    Rongpei__Enterprise a = RONGPEI__ENTERPRISE__INIT, b = RONGPEI__ENTERPRISE__INIT;
    ProtobufCMessage *rows[2] = {&a.base, &b.base};
    static const col cols[] = {{"name", "企业", F_AUTO}, {"employees", "从业人员", F_AUTO},
                               {"revenue", "营业收入", F_MONEY}, {"assets", "资产", F_AUTO},
                               {"updated_at", "修改时间", F_AUTO}};
    char *text = NULL, *lines[5], *save, *p;
    size_t len = 0;
    int i = 0;
    FILE *f;

    setlocale(LC_ALL, "C.UTF-8");
    a.name = "青海盐湖小微企业";
    a.employees = 7;
    a.revenue = 1234567.5;
    a.assets = 3.14159;
    a.updated_at = "2026-12-01T09:05:07+08:00";
    b.name = "X";
    b.employees = 12345;
    b.revenue = 80;
    b.assets = 0;
    b.updated_at = "";
    f = open_memstream(&text, &len);
    table_print(f, rows, 2, cols, 5);
    fclose(f);
    for (p = strtok_r(text, "\n", &save); p != NULL && i < 5; p = strtok_r(NULL, "\n", &save))
        lines[i++] = p;
    ck_assert_int_eq(i, 5);
    ck_assert_str_eq(lines[4], "共 2 条");
    /* the names column is as wide as the widest name (16 display columns) */
    ck_assert_int_eq(prefix_width(lines[0], "从业人员"), 18);
    /* numbers end where their header ends */
    ck_assert_int_eq(prefix_width(lines[2], "       7") + 8, prefix_width(lines[0], "从业人员") + 8);
    ck_assert_int_eq(prefix_width(lines[3], "12345") + 5, prefix_width(lines[0], "从业人员") + 8);
    ck_assert_ptr_nonnull(strstr(lines[2], "1,234,567.50"));
    ck_assert_int_eq(prefix_width(lines[2], "1,234,567.50") + 12, prefix_width(lines[3], "80.00") + 5);
    ck_assert_ptr_nonnull(strstr(lines[2], "3.14  "));
    ck_assert_ptr_nonnull(strstr(lines[3], "0.00"));
    ck_assert_ptr_nonnull(strstr(lines[2], "2026-12-01 09:05"));
    ck_assert_ptr_null(strstr(text, "+08:00"));
    free(text);
}
END_TEST

/* ------------------------------------------------------------------ csv */

static const char *
write_tmp(const char *bytes, size_t n)
{
    static char path[64];
    int fd;

    snprintf(path, sizeof(path), "/tmp/rp-unit-csv-XXXXXX");
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, bytes, n), (ssize_t) n);
    close(fd);
    return path;
}

START_TEST(csv_utf8_quotes_lines)
{
    static const char text[] = "\xef\xbb\xbf姓名,职务\r\n"
                               "甲,\"经理,副行长\"\r\n"
                               "\r\n"
                               "乙,\"两行\n说明\"\n"
                               "丙,\"他说\"\"好\"\"\"\n";
    const char *path = write_tmp(text, sizeof(text) - 1);
    char err[256];
    csv_table t;

    ck_assert_int_eq(csv_read(path, &t, err, sizeof(err)), 0);
    ck_assert_str_eq(t.encoding, "UTF-8");
    ck_assert_uint_eq(t.n, 4);
    ck_assert_str_eq(t.records[0].fields[0], "姓名");         /* BOM removed */
    ck_assert_str_eq(t.records[1].fields[1], "经理,副行长");
    ck_assert_int_eq(t.records[2].line, 4);                     /* blank line 3 skipped */
    ck_assert_str_eq(t.records[2].fields[1], "两行\n说明");
    ck_assert_int_eq(t.records[3].line, 6);                     /* a quoted newline counts */
    ck_assert_str_eq(t.records[3].fields[1], "他说\"好\"");
    csv_free(&t);
    unlink(path);
}
END_TEST

START_TEST(csv_gb18030_and_bad_bytes)
{
    /* "姓名,专业\n张三,法律\n" in GB18030 */
    static const char gb[] = "\xd0\xd5\xc3\xfb,\xd7\xa8\xd2\xb5\n\xd5\xc5\xc8\xfd,\xb7\xa8\xc2\xc9\n";
    static const char bad[] = "a,b\nc,\xff\xfe\n";
    static const char open_quote[] = "a,b\n\"c,d\n";
    const char *path = write_tmp(gb, sizeof(gb) - 1);
    char err[256];
    csv_table t;

    ck_assert_int_eq(csv_read(path, &t, err, sizeof(err)), 0);
    ck_assert_str_eq(t.encoding, "GB18030");
    ck_assert_uint_eq(t.n, 2);
    ck_assert_str_eq(t.records[1].fields[0], "张三");
    ck_assert_str_eq(t.records[1].fields[1], "法律");
    csv_free(&t);
    unlink(path);
    path = write_tmp(bad, sizeof(bad) - 1);
    ck_assert_int_eq(csv_read(path, &t, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "第 2 行"));
    unlink(path);
    path = write_tmp(open_quote, sizeof(open_quote) - 1);
    ck_assert_int_eq(csv_read(path, &t, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "引号"));
    unlink(path);
    ck_assert(csv_is_utf8("\xe4\xb8\xad", 3));
    ck_assert(!csv_is_utf8("\xe4\xb8", 2));
    ck_assert(!csv_is_utf8("\xc0\x80", 2));                    /* overlong */
}
END_TEST


/*
 * Pairing: random small instances against an exhaustive search.  Every
 * constraint holds in every answer; the objective equals the best one found
 * by trying every assignment; infeasibility is reported exactly when no
 * complete pairing exists, with a witness that proves it.
 */
static long best_total;
static int best_found;

static void
search(int e, int n_e, int n_a, const pairing_edge *ed, int n_ed, int *load, long total)
{
    int k, a;

    if (e == n_e) {
        for (a = 0; a < n_a; a++)
            if (load[a] < 1)
                return;
        if (!best_found || total > best_total)
            best_total = total, best_found = 1;
        return;
    }
    for (k = 0; k < n_ed; k++)
        if (ed[k].enterprise == e && load[ed[k].advisor] < 2) {
            load[ed[k].advisor]++;
            search(e + 1, n_e, n_a, ed, n_ed, load, total + ed[k].score);
            load[ed[k].advisor]--;
        }
}

/* The best pairing that covers every enterprise: most advisors served, then
 * the largest total (an advisor may be left without one). */
static long cover_total;
static int cover_served, cover_found;

static void
search_cover(int e, int n_e, int n_a, const pairing_edge *ed, int n_ed, int *load, long total)
{
    int k, a, served = 0;

    if (e == n_e) {
        for (a = 0; a < n_a; a++)
            served += load[a] > 0;
        if (!cover_found || served > cover_served || (served == cover_served && total > cover_total))
            cover_total = total, cover_served = served, cover_found = 1;
        return;
    }
    for (k = 0; k < n_ed; k++)
        if (ed[k].enterprise == e && load[ed[k].advisor] < 2) {
            load[ed[k].advisor]++;
            search_cover(e + 1, n_e, n_a, ed, n_ed, load, total + ed[k].score);
            load[ed[k].advisor]--;
        }
}

START_TEST(pairing_against_exhaustive_search)
{
    unsigned seed = 20261127;
    int inst;

    for (inst = 0; inst < 400; inst++) {
        int n_a = 1 + (int) (rand_r(&seed) % 4), n_e = 1 + (int) (rand_r(&seed) % 7), n_ed = 0, a, e, k;
        pairing_edge ed[64];
        int load[8] = {0};
        pairing_result r;

        for (a = 0; a < n_a; a++)
            for (e = 0; e < n_e; e++)
                if (rand_r(&seed) % 3 != 0) {
                    ed[n_ed].advisor = a;
                    ed[n_ed].enterprise = e;
                    ed[n_ed].score = (long) (rand_r(&seed) % 10);
                    n_ed++;
                }
        best_found = 0;
        search(0, n_e, n_a, ed, n_ed, load, 0);
        cover_found = 0;
        search_cover(0, n_e, n_a, ed, n_ed, load, 0);
        ck_assert_int_eq(pairing_solve(n_a, n_e, ed, n_ed, 2, &r), 0);
        ck_assert_int_eq(r.complete, best_found);
        ck_assert_int_eq(r.covers, cover_found);
        ck_assert_int_eq(pairing_check(n_a, n_e, ed, n_ed, 2, &r), 0);   /* its certificate holds */
        memset(load, 0, sizeof(load));
        for (e = 0; e < n_e; e++) {
            if (r.assigned[e] < 0)
                continue;
            ck_assert_int_eq(ed[r.assigned[e]].enterprise, e);      /* only candidate pairs */
            load[ed[r.assigned[e]].advisor]++;
        }
        for (a = 0; a < n_a; a++)
            ck_assert_int_le(load[a], 2);                           /* capacity */
        if (cover_found) {
            /* every enterprise served, as many advisors as can be, then the best total */
            int served = 0;

            for (a = 0; a < n_a; a++)
                served += load[a] > 0;
            ck_assert_int_eq(served, cover_served);
            ck_assert_int_eq(r.objective, cover_total);
        }
        if (best_found) {
            ck_assert_int_eq(r.objective, best_total);              /* optimal */
            for (a = 0; a < n_a; a++)
                ck_assert_int_ge(load[a], 1);
        } else if (r.uncovered >= 0) {
            /* the witness: more enterprises than twice the advisors able to serve them */
            ck_assert_int_gt(r.n_witness_e, 2 * r.n_witness_a);
            for (k = 0; k < n_ed; k++) {
                int in_e = 0, in_a = 0, i;

                for (i = 0; i < r.n_witness_e; i++)
                    in_e |= r.witness_e[i] == ed[k].enterprise;
                for (i = 0; i < r.n_witness_a; i++)
                    in_a |= r.witness_a[i] == ed[k].advisor;
                if (in_e)
                    ck_assert(in_a);    /* every advisor who could serve them is counted */
            }
        } else {
            ck_assert_int_ge(r.idle, 0);
        }
        pairing_result_free(&r);
    }
}
END_TEST

START_TEST(pairing_deterministic)
{
    pairing_edge ed[] = {{0, 0, 5}, {1, 0, 5}, {0, 1, 5}, {1, 1, 5}, {0, 2, 1}, {1, 2, 1}};
    pairing_result r1, r2;
    int e;

    ck_assert_int_eq(pairing_solve(2, 3, ed, 6, 2, &r1), 0);
    ck_assert_int_eq(pairing_solve(2, 3, ed, 6, 2, &r2), 0);
    ck_assert(r1.complete);
    ck_assert_int_eq(r1.objective, 11);
    for (e = 0; e < 3; e++)
        ck_assert_int_eq(r1.assigned[e], r2.assigned[e]);
    /* the certificate proves this pairing; given a worse pairing of another
     * instance in place of the optimal one, the same potentials refute it */
    ck_assert_int_eq(pairing_check(2, 3, ed, 6, 2, &r1), 0);
    pairing_result_free(&r1);
    {
        pairing_edge ed2[] = {{0, 0, 9}, {1, 0, 1}, {0, 1, 1}, {1, 1, 9}};
        pairing_result r3;

        ck_assert_int_eq(pairing_solve(2, 2, ed2, 4, 2, &r3), 0);
        ck_assert_int_eq(r3.objective, 18);
        ck_assert_int_eq(pairing_check(2, 2, ed2, 4, 2, &r3), 0);
        r3.assigned[0] = 1, r3.assigned[1] = 2;      /* the pairing of total 2 */
        ck_assert_int_gt(pairing_check(2, 2, ed2, 4, 2, &r3), 0);
        pairing_result_free(&r3);
    }
    pairing_result_free(&r2);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("rongpei");
    TCase *t = tcase_create("unit");
    SRunner *r;
    int failed;

    tcase_add_test(t, frame_len_cases);
    tcase_add_test(t, frame_roundtrip);
    tcase_add_test(t, frame_garbage);
    tcase_add_test(t, frame_budget);
    tcase_add_test(t, arena_budget_and_alignment);
    tcase_add_test(t, id_numbers);
    tcase_add_test(t, credit_codes);
    tcase_add_test(t, mobiles_passwords_masks);
    tcase_add_test(t, pii_roundtrip_and_tamper);
    tcase_add_test(t, pii_key_file);
    tcase_add_test(t, pbjson_roundtrip);
    tcase_add_test(t, pbjson_nested_and_unknown);
    tcase_add_test(t, config_file_and_env);
    tcase_add_test(t, method_table_sane);
    tcase_add_test(t, pbjson_strict_names_unknown_keys);
    tcase_add_test(t, transforms_declared_for_sensitive_fields);
    tcase_add_test(t, sql_reads_only_request_fields);
    tcase_add_test(t, table_cjk_alignment);
    tcase_add_test(t, table_numbers_money_times);
    tcase_add_test(t, csv_utf8_quotes_lines);
    tcase_add_test(t, csv_gb18030_and_bad_bytes);
    tcase_add_test(t, pairing_against_exhaustive_search);
    tcase_add_test(t, pairing_deterministic);
    suite_add_tcase(s, t);
    r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed == 0 ? 0 : 1;
}
