/*
 * make_seeds.c DIR - write the fuzz target's seed corpus: well-formed frames
 * of the protocol's own messages (hello, login, a mutating call with an
 * idempotency key, repeated fields), one file each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rongpei.pb-c.h"
#include "wire.h"

static void
emit(const char *dir, const char *name, const char *method, const char *idem,
     const ProtobufCMessage *body)
{
    Rongpei__Frame f = RONGPEI__FRAME__INIT;
    Rongpei__Request r = RONGPEI__REQUEST__INIT;
    uint8_t tmp[4096];
    uint8_t *buf;
    size_t len;
    char path[1024];
    FILE *out;

    r.id = 7;
    r.method = (char *) method;
    r.session = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    r.idempotency_key = (char *) idem;
    r.body.len = protobuf_c_message_pack(body, tmp);
    r.body.data = tmp;
    f.kind_case = RONGPEI__FRAME__KIND_REQUEST;
    f.request = &r;
    if (wire_encode(&f, 1 << 20, &buf, &len) != 0)
        exit(1);
    snprintf(path, sizeof(path), "%s/seed-%s", dir, name);
    out = fopen(path, "wb");
    if (out == NULL || fwrite(buf, 1, len, out) != len)
        exit(1);
    fclose(out);
    free(buf);
}

int
main(int argc, char **argv)
{
    Rongpei__HelloRequest h = RONGPEI__HELLO_REQUEST__INIT;
    Rongpei__LoginRequest l = RONGPEI__LOGIN_REQUEST__INIT;
    Rongpei__UserCreateRequest u = RONGPEI__USER_CREATE_REQUEST__INIT;
    Rongpei__OrgListRequest o = RONGPEI__ORG_LIST_REQUEST__INIT;
    char *roles[] = {"advisor", "institution_staff"};

    if (argc != 2)
        return 2;
    mkdir(argv[1], 0755);
    h.min_version = 1;
    h.max_version = 1;
    h.client = "seed";
    emit(argv[1], "hello", "session.hello", "", &h.base);
    l.username = "bureau.admin";
    l.password = "Demo-2026-x";
    emit(argv[1], "login", "session.login", "", &l.base);
    u.org_id = 10;
    u.username = "li.si";
    u.display_name = "李四";
    u.mobile = "13897001234";
    u.n_roles = 2;
    u.roles = roles;
    emit(argv[1], "user-create", "user.create", "seed-key-0001", &u.base);
    o.kind = "institution";
    o.include_disabled = 1;
    emit(argv[1], "org-list", "org.list", "", &o.base);
    return 0;
}
