/*
 * propose.c - pairing.propose on the worker pool (see propose.h).
 *
 * One statement, so one snapshot of the database, on a connection of this
 * job's own (the event loop and its pool are never held): the inputs
 * streamed by COPY ... TO STDOUT in binary (api.pairing_inputs: the digest
 * of the inputs, advisors, enterprises with their kind, a score and the
 * features per advisor and kind of enterprise, barred pairs).  The candidate edges are the advisor x enterprise pairs of a
 * scored kind that are not barred, sorted by enterprise then advisor so the
 * solver's ties break the same way on every run.  The solution and its
 * certificate check go back as args.solution for m.pairing_propose, which
 * stores them if the inputs are still those solved from.
 */
#include "propose.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <uv.h>

#include "log.h"
#include "pairing.h"
#include "rp.h"

typedef struct inputs {
    int64_t *advisor;           /* ids by index */
    int n_a, cap_a;
    int64_t *enterprise;
    int *cls;                   /* per enterprise: its kind */
    int n_e, cap_e;
    int64_t *score;             /* rows of (advisor, kind, score, features) */
    size_t n_s, cap_s;
    int64_t *barred;            /* rows of (advisor, enterprise) as a * n_e + e, sorted */
    size_t n_b, cap_b;
    int n_cls;
    char digest[33];
} inputs;

static void
inputs_free(inputs *in)
{
    free(in->advisor);
    free(in->enterprise);
    free(in->cls);
    free(in->score);
    free(in->barred);
}

static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap ? *cap : 1024;
    void *q;

    if (need <= *cap)
        return 0;
    while (n < need)
        n *= 2;
    q = realloc(*p, n * size);
    if (q == NULL)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

static int64_t
be64(const unsigned char *p)
{
    uint64_t v = 0;
    int i;

    for (i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return (int64_t) v;
}

static int32_t
be32(const unsigned char *p)
{
    return (int32_t) ((uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3]);
}

/* One tuple of the binary COPY stream: (int4 kind, int8 a, b, c, d). */
static int
take_tuple(inputs *in, const unsigned char *p, size_t n)
{
    int32_t kind;
    int64_t a, b, c, d;
    size_t cap;

    if (n < 2 || (p[0] << 8 | p[1]) == 0xffff)
        return 0;                       /* the trailer */
    if (n != 2 + 4 + 4 + 4 * (4 + 8) || p[0] != 0 || p[1] != 5)
        return -1;
    kind = be32(p + 6);
    a = be64(p + 14);
    b = be64(p + 26);
    c = be64(p + 38);
    d = be64(p + 50);
    switch (kind) {
    case 4:
        snprintf(in->digest, sizeof(in->digest), "%016llx%016llx", (unsigned long long) a, (unsigned long long) b);
        return 0;
    case 0:
        if (b != in->n_a)
            return -1;              /* advisors come in index order */
        cap = (size_t) in->cap_a;
        if (grow((void **) &in->advisor, &cap, (size_t) in->n_a + 1, sizeof(int64_t)) != 0)
            return -1;
        in->cap_a = (int) cap;
        in->advisor[in->n_a++] = a;
        return 0;
    case 1:
        if (c != in->n_e)
            return -1;
        cap = (size_t) in->cap_e;
        if (grow((void **) &in->enterprise, &cap, (size_t) in->n_e + 1, sizeof(int64_t)) != 0)
            return -1;
        cap = (size_t) in->cap_e;
        if (grow((void **) &in->cls, &cap, (size_t) in->n_e + 1, sizeof(int)) != 0)
            return -1;
        in->cap_e = (int) cap;
        in->enterprise[in->n_e] = a;
        in->cls[in->n_e++] = (int) b;
        if (b + 1 > in->n_cls)
            in->n_cls = (int) b + 1;
        return 0;
    case 2:
        if (a < 0 || a >= in->n_a || b < 0 || b >= in->n_cls || c < 0 ||
            grow((void **) &in->score, &in->cap_s, 4 * (in->n_s + 1), sizeof(int64_t)) != 0)
            return -1;
        in->score[4 * in->n_s] = a;
        in->score[4 * in->n_s + 1] = b;
        in->score[4 * in->n_s + 2] = c;
        in->score[4 * in->n_s + 3] = d;
        in->n_s++;
        return 0;
    case 3:
        if (a < 0 || a >= in->n_a || b < 0 || b >= in->n_e ||
            grow((void **) &in->barred, &in->cap_b, in->n_b + 1, sizeof(int64_t)) != 0)
            return -1;
        in->barred[in->n_b++] = a * in->n_e + b;
        return 0;
    default:
        return -1;
    }
}

static int
cmp64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *) x, b = *(const int64_t *) y;

    return a < b ? -1 : a > b;
}

/* Fail with the database's answer: a protocol status raised by the SQL
 * (SQLSTATE RP0nn) with its message, else UNAVAILABLE or INTERNAL. */
static int
db_failure(PGresult *r, int *status, char *msg, size_t msgsz)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *prim = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;

    if (state != NULL && strncmp(state, "RP0", 3) == 0) {
        *status = atoi(state + 3);
        snprintf(msg, msgsz, "%s", prim ? prim : "");
    } else if (state != NULL && (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0)) {
        *status = RP_ST_UNAVAILABLE;
        snprintf(msg, msgsz, "数据库暂时不可用，请稍后重试");
    } else {
        *status = RP_ST_INTERNAL;
        snprintf(msg, msgsz, "服务器内部错误");
        log_error("propose", "database error %s: %s", state ? state : "?", prim ? prim : "?");
    }
    return -1;
}

/* Read the inputs (and their digest) with one COPY statement. */
static int
read_inputs(PGconn *db, const char *const *who, const char *args, inputs *in, int *status, char *msg,
            size_t msgsz)
{
    static const char sig[11] = "PGCOPY\n\377\r\n\0";
    const char *params[5] = {who[0], who[1], who[2], who[3], args};
    char *lit[5] = {NULL, NULL, NULL, NULL, NULL};
    char *sql = NULL, *buf;
    PGresult *r = NULL;
    size_t len;
    int i, n, header = 0, rc = -1;

    /* COPY takes no parameters: the same values as literals */
    for (i = 0, len = 200; i < 5; i++) {
        lit[i] = PQescapeLiteral(db, params[i] ? params[i] : "", params[i] ? strlen(params[i]) : 0);
        if (lit[i] == NULL)
            goto oom;
        len += strlen(lit[i]);
    }
    sql = malloc(len);
    if (sql == NULL)
        goto oom;
    snprintf(sql, len, "copy (select kind, a, b, c, d from api.pairing_inputs(%s, %s, %s, %s, %s::jsonb)) "
             "to stdout (format binary)", lit[0], lit[1], lit[2], lit[3], lit[4]);
    r = PQexec(db, sql);
    if (PQresultStatus(r) != PGRES_COPY_OUT)
        goto fail;
    PQclear(r);
    r = NULL;
    while ((n = PQgetCopyData(db, &buf, 0)) > 0) {
        const unsigned char *p = (const unsigned char *) buf;
        size_t m = (size_t) n;

        if (!header) {
            size_t ext;

            if (m < 19 || memcmp(p, sig, sizeof(sig)) != 0) {
                PQfreemem(buf);
                goto bad;
            }
            ext = (size_t) be32(p + 15);
            if (19 + ext > m) {
                PQfreemem(buf);
                goto bad;
            }
            p += 19 + ext;
            m -= 19 + ext;
            header = 1;
        }
        if (m > 0 && take_tuple(in, p, m) != 0) {
            PQfreemem(buf);
            goto bad;
        }
        PQfreemem(buf);
    }
    r = PQgetResult(db);
    if (n != -1 || PQresultStatus(r) != PGRES_COMMAND_OK)
        goto fail;
    if (in->digest[0] == '\0')
        goto bad;
    if (in->n_b > 1)
        qsort(in->barred, in->n_b, sizeof(int64_t), cmp64);
    rc = 0;
    goto out;
bad:
    *status = RP_ST_INTERNAL;
    snprintf(msg, msgsz, "服务器内部错误");
    log_error("propose", "the inputs stream is not what api.pairing_inputs sends");
    goto out;
oom:
    *status = RP_ST_INTERNAL;
    snprintf(msg, msgsz, "服务器内存不足");
    goto out;
fail:
    db_failure(r, status, msg, msgsz);
out:
    PQclear(r);
    for (i = 0; i < 5; i++)
        PQfreemem(lit[i]);
    free(sql);
    return rc;
}

/*
 * The candidate edges: for every score row (advisor, kind, score), every
 * enterprise of that kind the pair is not barred for; in enterprise order,
 * advisors ascending within an enterprise.
 */
static pairing_edge *
expand(const inputs *in, int *n_out, int **features)
{
    int *first = calloc((size_t) in->n_cls + 1, sizeof(int));       /* enterprises by kind */
    int *members = malloc(((size_t) in->n_e + 1) * sizeof(int));
    size_t *by_a = malloc((in->n_s + 1) * sizeof(size_t));           /* score rows by advisor */
    int *count_a = calloc((size_t) in->n_a + 1, sizeof(int));
    int *per_e = calloc((size_t) in->n_e + 1, sizeof(int));
    pairing_edge *tmp = NULL, *out = NULL;
    int *ftmp = NULL, *fout = NULL;
    size_t n = 0, i, k;
    int e, j;

    if (!first || !members || !by_a || !count_a || !per_e)
        goto done;
    for (e = 0; e < in->n_e; e++)
        first[in->cls[e] + 1]++;
    for (j = 0; j < in->n_cls; j++)
        first[j + 1] += first[j];
    {
        int *fill = calloc((size_t) in->n_cls + 1, sizeof(int));

        if (fill == NULL)
            goto done;
        for (e = 0; e < in->n_e; e++)
            members[first[in->cls[e]] + fill[in->cls[e]]++] = e;
        free(fill);
    }
    /* score rows in advisor order (a stable counting sort) */
    for (i = 0; i < in->n_s; i++)
        count_a[in->score[4 * i] + 1]++;
    for (j = 0; j < in->n_a; j++)
        count_a[j + 1] += count_a[j];
    for (i = 0; i < in->n_s; i++)
        by_a[count_a[in->score[4 * i]]++] = i;
    for (i = 0; i < in->n_s; i++) {
        int c = (int) in->score[4 * by_a[i] + 1];

        n += (size_t) (first[c + 1] - first[c]);
    }
    tmp = malloc((n + 1) * sizeof(pairing_edge));
    out = malloc((n + 1) * sizeof(pairing_edge));
    ftmp = malloc((n + 1) * sizeof(int));
    fout = malloc((n + 1) * sizeof(int));
    if (tmp == NULL || out == NULL || ftmp == NULL || fout == NULL) {
        free(out);
        free(fout);
        out = NULL;
        fout = NULL;
        goto done;
    }
    n = 0;
    for (i = 0; i < in->n_s; i++) {
        const int64_t *s = &in->score[4 * by_a[i]];
        int c = (int) s[1];

        for (j = first[c]; j < first[c + 1]; j++) {
            int64_t key = s[0] * in->n_e + members[j];

            if (in->n_b && bsearch(&key, in->barred, in->n_b, sizeof(int64_t), cmp64))
                continue;
            tmp[n].advisor = (int) s[0];
            tmp[n].enterprise = members[j];
            tmp[n].score = (long) s[2];
            ftmp[n] = (int) s[3];
            per_e[members[j] + 1]++;
            n++;
        }
    }
    /* by enterprise, stable: advisors stay ascending */
    for (e = 0; e < in->n_e; e++)
        per_e[e + 1] += per_e[e];
    for (k = 0; k < n; k++) {
        fout[per_e[tmp[k].enterprise]] = ftmp[k];
        out[per_e[tmp[k].enterprise]++] = tmp[k];
    }
done:
    *n_out = out ? (int) n : -1;
    *features = fout;
    free(ftmp);
    free(first);
    free(members);
    free(by_a);
    free(count_a);
    free(per_e);
    free(tmp);
    return out;
}

static json_t *
ids_json(const int64_t *ids, const int *ix, int n)
{
    json_t *a = json_array();
    int i;

    for (i = 0; a != NULL && i < n; i++)
        json_array_append_new(a, json_integer(ids[ix[i]]));
    return a;
}

int
propose_solve(const char *conninfo, const char *const who[4], json_t *args, int *status, char *msg,
              size_t msgsz)
{
    inputs in;
    pairing_result r;
    pairing_edge *ed = NULL;
    int *feat = NULL;
    PGconn *db = NULL;
    json_t *sol = NULL, *pairs, *pot;
    char *text = NULL;
    uint64_t t0, tr, t1, t2;
    long bad;
    int n_ed = 0, solved = 0, rc = -1, i;

    memset(&in, 0, sizeof(in));
    memset(&r, 0, sizeof(r));
    t0 = uv_hrtime();
    text = json_dumps(args, JSON_COMPACT);
    db = PQconnectdb(conninfo);
    if (text == NULL || PQstatus(db) != CONNECTION_OK) {
        *status = RP_ST_UNAVAILABLE;
        snprintf(msg, msgsz, "数据库暂时不可用，请稍后重试");
        goto out;
    }
    if (read_inputs(db, who, text, &in, status, msg, msgsz) != 0)
        goto out;
    tr = uv_hrtime();
    PQfinish(db);
    db = NULL;
    ed = expand(&in, &n_ed, &feat);
    if (ed == NULL) {
        *status = RP_ST_INTERNAL;
        snprintf(msg, msgsz, "服务器内存不足");
        goto out;
    }
    t1 = uv_hrtime();
    if (pairing_solve(in.n_a, in.n_e, ed, n_ed, 2, &r) != 0) {
        *status = RP_ST_INTERNAL;
        snprintf(msg, msgsz, "服务器内存不足");
        goto out;
    }
    solved = 1;
    t2 = uv_hrtime();
    bad = r.covers ? pairing_check(in.n_a, in.n_e, ed, n_ed, 2, &r) : 0;
    sol = json_pack("{s:s, s:i, s:i, s:I, s:b, s:b, s:I, s:i}", "digest", in.digest, "advisors", in.n_a,
                    "enterprises", in.n_e, "candidates", (json_int_t) n_ed, "complete", r.complete,
                    "covers", r.covers, "objective", (json_int_t) r.objective,
                    "solver_ms", (int) ((t2 - t1) / 1000000));
    if (sol == NULL)
        goto oom;
    if (r.covers) {
        /* every enterprise served; the advisors left without one, if any */
        json_t *idle = json_array();
        char *used = calloc((size_t) in.n_a + 1, 1);

        if (idle == NULL || used == NULL) {
            json_decref(idle);
            free(used);
            goto oom;
        }
        for (i = 0; i < in.n_e; i++)
            used[ed[r.assigned[i]].advisor] = 1;
        for (i = 0; i < in.n_a; i++)
            if (!used[i])
                json_array_append_new(idle, json_integer(in.advisor[i]));
        free(used);
        json_object_set_new(sol, "idle", idle);
        pairs = json_array();
        pot = json_array();
        if (pairs == NULL || pot == NULL)
            goto oom;
        for (i = 0; i < in.n_e; i++) {
            const pairing_edge *x = &ed[r.assigned[i]];

            json_array_append_new(pairs, json_pack("[I, I, I, i]", (json_int_t) in.advisor[x->advisor],
                                                   (json_int_t) in.enterprise[i], (json_int_t) x->score,
                                                   feat[r.assigned[i]]));
        }
        for (i = 0; i < in.n_a + in.n_e + 2; i++)
            json_array_append_new(pot, json_integer(r.potential[i]));
        json_object_set_new(sol, "pairs", pairs);
        json_object_set_new(sol, "certificate", json_pack("{s:I, s:o, s:I}", "bonus", (json_int_t) r.bonus,
                                                           "potentials", pot, "violations", (json_int_t) bad));
    } else {
        if (r.uncovered >= 0) {
            json_object_set_new(sol, "uncovered", json_integer(in.enterprise[r.uncovered]));
            json_object_set_new(sol, "witness_enterprises", ids_json(in.enterprise, r.witness_e, r.n_witness_e));
            json_object_set_new(sol, "witness_advisors", ids_json(in.advisor, r.witness_a, r.n_witness_a));
        }
        json_object_set_new(sol, "certificate", json_pack("{s:i}", "violations", 0));
    }
    json_object_set_new(args, "solution", sol);
    sol = NULL;
    log_notice("propose", "advisors=%d enterprises=%d kinds=%d scores=%zu candidates=%d read_ms=%.0f expand_ms=%.0f "
             "solve_ms=%.0f covers=%d complete=%d objective=%ld violations=%ld", in.n_a, in.n_e, in.n_cls, in.n_s,
             n_ed, (double) (tr - t0) / 1e6, (double) (t1 - tr) / 1e6, (double) (t2 - t1) / 1e6, r.covers,
             r.complete, r.objective, bad);
    if (bad != 0)
        log_error("propose", "the optimality certificate does not hold (%ld arcs): the proposal is stored "
                  "as not certified and cannot be accepted", bad);
    rc = 0;
    goto out;
oom:
    *status = RP_ST_INTERNAL;
    snprintf(msg, msgsz, "服务器内存不足");
out:
    json_decref(sol);
    if (solved)
        pairing_result_free(&r);
    free(ed);
    free(feat);
    inputs_free(&in);
    free(text);
    PQfinish(db);
    return rc;
}
