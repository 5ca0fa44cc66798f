/*
 * registry.c - the method registry (common/methods.c) and the status codes
 * (enum Status of proto/rongpei.proto) in the database.
 *
 * `rongpeid migrate` writes both into core.method and core.status in its
 * transaction, then asks lib.registry_problems() whether every method has
 * its function, every function its method, every role and every status
 * name in a function body exists.  rongpeid at start reads them back
 * (api.registry) and refuses to serve a database whose registry is not
 * the one compiled into it: api.dispatch decides from that table alone.
 */
#include "registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "methods.h"
#include "rongpei.pb-c.h"

/* "{a,b}" -> ["a","b"] */
static json_t *
roles_json(const char *lit)
{
    json_t *a = json_array();
    const char *p = lit + 1;

    while (a != NULL && *p && *p != '}') {
        size_t n = strcspn(p, ",}");

        json_array_append_new(a, json_stringn(p, n));
        p += n + (p[n] == ',');
    }
    return a;
}

static json_t *
method_json(const method *m)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:o, s:s, s:s, s:s}",
                     "name", m->name, "request", m->request->name, "reply", m->reply->name,
                     "flow", method_flow_name(m->flow), "anonymous", (m->flags & M_ANON) != 0,
                     "mutating", (m->flags & M_MUTATING) != 0, "audited", (m->flags & M_AUDIT) != 0,
                     "password_change_ok", (m->flags & M_PWCHANGE_OK) != 0, "roles", roles_json(m->roles),
                     "transforms", m->transforms, "scope", m->scope, "summary", m->summary);
}

static json_t *
statuses_json(void)
{
    const ProtobufCEnumDescriptor *d = &rongpei__status__descriptor;
    json_t *a = json_array();
    unsigned i;

    for (i = 0; a != NULL && i < d->n_values; i++)
        json_array_append_new(a, json_pack("{s:i, s:s}", "code", d->values[i].value, "name", d->values[i].name));
    return a;
}

static int
exec_json(PGconn *db, const char *sql, json_t *arg, char *err, size_t errsz)
{
    char *text = arg ? json_dumps(arg, JSON_COMPACT) : NULL;
    const char *p[1] = {text};
    PGresult *r;
    int ok;

    if (arg != NULL && text == NULL) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    r = PQexecParams(db, sql, arg ? 1 : 0, NULL, p, NULL, NULL, 0);
    ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok)
        snprintf(err, errsz, "%s", PQerrorMessage(db));
    PQclear(r);
    free(text);
    return ok ? 0 : -1;
}

int
registry_sync(PGconn *db, char *err, size_t errsz)
{
    json_t *ms = json_array(), *ss = statuses_json();
    transform tr[TR_MAX];
    PGresult *r;
    int i, rc = -1;

    for (i = 0; ms != NULL && i < methods_count; i++) {
        if (method_transforms(&methods[i], tr, err, errsz) < 0)
            goto out;
        json_array_append_new(ms, method_json(&methods[i]));
    }
    if (ms == NULL || ss == NULL) {
        snprintf(err, errsz, "out of memory");
        goto out;
    }
    if (exec_json(db, "delete from core.status", NULL, err, errsz) != 0 ||
        exec_json(db, "insert into core.status (code, name) "
                      "select code, name from jsonb_to_recordset($1::jsonb) as x(code int, name text)",
                  ss, err, errsz) != 0 ||
        exec_json(db, "delete from core.method", NULL, err, errsz) != 0 ||
        exec_json(db, "insert into core.method select name, request, reply, flow, anonymous, mutating, "
                      "audited, password_change_ok, roles, transforms, scope, summary "
                      "from jsonb_to_recordset($1::jsonb) as x(name text, request text, reply text, "
                      "flow text, anonymous boolean, mutating boolean, audited boolean, "
                      "password_change_ok boolean, roles text[], transforms text, scope text, summary text)",
                  ms, err, errsz) != 0)
        goto out;
    r = PQexec(db, "select string_agg(p, '; ' order by p) from lib.registry_problems() p");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        snprintf(err, errsz, "%s", PQerrorMessage(db));
        PQclear(r);
        goto out;
    }
    if (!PQgetisnull(r, 0, 0)) {
        snprintf(err, errsz, "%s", PQgetvalue(r, 0, 0));
        PQclear(r);
        goto out;
    }
    PQclear(r);
    rc = 0;
out:
    json_decref(ms);
    json_decref(ss);
    return rc;
}

/* Append "what" to the list of differences in err (the first few). */
static void
differs(char *err, size_t errsz, int *n, const char *what)
{
    size_t len = strlen(err);

    if (*n < 4 && len + 3 < errsz)
        snprintf(err + len, errsz - len, "%s%s", *n ? "; " : "", what);
    (*n)++;
}

int
registry_check(PGconn *db, char *err, size_t errsz)
{
    static const char *const keys[] = {"request", "reply", "flow", "anonymous", "mutating", "audited",
                                       "password_change_ok", "roles", "transforms"};
    PGresult *r = PQexec(db, "select api.registry()::text");
    json_t *j = NULL, *have, *want;
    char what[256], list[400] = "";
    size_t i, k;
    int n = 0;

    if (PQresultStatus(r) != PGRES_TUPLES_OK || (j = json_loads(PQgetvalue(r, 0, 0), 0, NULL)) == NULL) {
        snprintf(err, errsz, "the database has no method registry: run `rongpeid migrate`");
        PQclear(r);
        return -1;
    }
    PQclear(r);
    have = json_object_get(j, "methods");
    for (i = 0; i < (size_t) methods_count; i++) {
        json_t *row = NULL, *x;

        json_array_foreach(have, k, x)
            if (strcmp(json_string_value(json_object_get(x, "name")), methods[i].name) == 0)
                row = x;
        if (row == NULL) {
            snprintf(what, sizeof(what), "%s is not in the database", methods[i].name);
            differs(list, sizeof(list), &n, what);
            continue;
        }
        want = method_json(&methods[i]);
        for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
            if (!json_equal(json_object_get(want, keys[k]), json_object_get(row, keys[k]))) {
                snprintf(what, sizeof(what), "%s: %s differs", methods[i].name, keys[k]);
                differs(list, sizeof(list), &n, what);
            }
        json_decref(want);
    }
    json_array_foreach(have, k, want)
        if (method_find(json_string_value(json_object_get(want, "name"))) == NULL) {
            snprintf(what, sizeof(what), "%s is in the database only", json_string_value(json_object_get(want, "name")));
            differs(list, sizeof(list), &n, what);
        }
    want = statuses_json();
    if (!json_equal(want, json_object_get(j, "statuses")))
        differs(list, sizeof(list), &n, "the status codes differ");
    json_decref(want);
    json_decref(j);
    if (n == 0)
        return 0;
    snprintf(err, errsz, "the method registry in the database is not this rongpeid's (%d difference%s: %s%s): "
             "run `rongpeid migrate` with this rongpeid", n, n == 1 ? "" : "s", list, n > 4 ? "; ..." : "");
    return -1;
}
