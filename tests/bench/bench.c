/*
 * bench.c - load generator for make bench.
 *
 *   bench rp   HOST:PORT CA CERT KEY TOKENS CONNS SECONDS read|write
 *   bench pq   CONNINFO  CERT TOKENS CONNS SECONDS read|write
 *   bench idle HOST:PORT CA CERT KEY CONNS
 *
 * rp: CONNS threads, each a TLS connection to rongpeid, calling org.list
 * (read) or org.update with a fresh idempotency key (write) in a closed
 * loop.  pq: the same statement rongpeid sends (api.dispatch with the same
 * arguments) straight through libpq, one connection per thread: the
 * baseline.  Prints calls/s and p50/p99 latency.  idle: opens CONNS TLS
 * connections, says hello on each, prints "ready" and holds them until
 * standard input closes.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "methods.h"
#include "net.h"
#include "rongpei.pb-c.h"
#include "rp.h"

static const char *g_server, *g_ca, *g_cert, *g_key, *g_conninfo, *g_kind;
static char g_fp[65];
static char **g_tokens;
static int g_ntokens, g_seconds;
static long long g_org = 2;
static atomic_int g_errors;

typedef struct worker {
    pthread_t t;
    int index;
    double *lat;    /* milliseconds */
    size_t n, cap;
} worker;

static double
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}

static void
record(worker *w, double ms)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 4096;
        w->lat = realloc(w->lat, w->cap * sizeof(double));
    }
    w->lat[w->n++] = ms;
}

static void
sha256_hex(const char *s, char out[65])
{
    unsigned char md[32];
    unsigned int n;

    EVP_Digest(s, strlen(s), md, &n, EVP_sha256(), NULL);
    rp_hex(md, 32, out);
}

static void *
run_rp(void *arg)
{
    worker *w = arg;
    rpc_opts o = {g_server, g_ca, g_cert, g_key, 30};
    char err[256], key[64], name[32];
    const char *tok = g_tokens[w->index % g_ntokens];
    unsigned long seq = 0;
    double end;
    int code;
    rpc *r = rpc_open(&o, &code, err, sizeof(err));

    if (r == NULL) {
        fprintf(stderr, "bench: %s\n", err);
        atomic_fetch_add(&g_errors, 1);
        return NULL;
    }
    end = now_ms() + g_seconds * 1000.0;
    while (now_ms() < end) {
        rpc_result res;
        double t0 = now_ms();
        int rc;

        if (strcmp(g_kind, "read") == 0) {
            Rongpei__OrgListRequest q = RONGPEI__ORG_LIST_REQUEST__INIT;

            rc = rpc_call(r, "org.list", tok, NULL, &q.base, &rongpei__org_list_reply__descriptor, &res);
        } else {
            Rongpei__OrgUpdateRequest q = RONGPEI__ORG_UPDATE_REQUEST__INIT;

            snprintf(key, sizeof(key), "bench-rp-%d-%d-%lu", getpid(), w->index, seq);
            snprintf(name, sizeof(name), "b%lu", seq++ % 1000);
            q.id = g_org;
            q.short_name = name;
            rc = rpc_call(r, "org.update", tok, key, &q.base, &rongpei__organisation__descriptor, &res);
        }
        if (rc != 0 || res.status != 0)
            atomic_fetch_add(&g_errors, 1);
        else
            record(w, now_ms() - t0);
        rpc_result_free(&res);
    }
    rpc_close(r);
    return NULL;
}

static void *
run_pq(void *arg)
{
    worker *w = arg;
    const method *m = method_find(strcmp(g_kind, "read") == 0 ? "org.list" : "org.update");
    PGconn *db = PQconnectdb(g_conninfo);
    char hash[65], key[64], args[128], reqhash[65], reqid[32];
    const char *params[8];
    unsigned long seq = 0;
    double end;

    if (PQstatus(db) != CONNECTION_OK) {
        fprintf(stderr, "bench: %s", PQerrorMessage(db));
        atomic_fetch_add(&g_errors, 1);
        PQfinish(db);
        return NULL;
    }
    sha256_hex(g_tokens[w->index % g_ntokens], hash);
    end = now_ms() + g_seconds * 1000.0;
    while (now_ms() < end) {
        PGresult *res;
        double t0 = now_ms();

        if (m->flags & M_MUTATING) {
            snprintf(key, sizeof(key), "bench-pq-%d-%d-%lu", getpid(), w->index, seq);
            snprintf(args, sizeof(args), "{\"id\": %lld, \"short_name\": \"b%lu\"}", g_org, seq % 1000);
            seq++;
        } else {
            snprintf(args, sizeof(args), "{\"kind\": \"\", \"division_code\": \"\", \"include_disabled\": false}");
        }
        sha256_hex(args, reqhash);
        snprintf(reqid, sizeof(reqid), "bench-%d", w->index);
        /* the statement and the arguments rongpeid sends (server/gate.c, dispatch) */
        params[0] = m->name;
        params[1] = hash;
        params[2] = g_fp;
        params[3] = (m->flags & M_MUTATING) ? key : NULL;
        params[4] = reqhash;
        params[5] = reqid;
        params[6] = "bench";
        params[7] = args;
        res = PQexecParams(db, "select api.dispatch($1, $2, $3, $4, $5, $6, $7, $8::jsonb)::text",
                           8, NULL, params, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK || strstr(PQgetvalue(res, 0, 0), "\"status\": 0") == NULL)
            atomic_fetch_add(&g_errors, 1);
        else
            record(w, now_ms() - t0);
        PQclear(res);
    }
    PQfinish(db);
    return NULL;
}

static int
cmp(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;

    return x < y ? -1 : x > y;
}

static void
load_fp(const char *path)
{
    FILE *f = fopen(path, "r");
    X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    unsigned char md[32];
    unsigned int n;

    if (f)
        fclose(f);
    if (x == NULL) {
        fprintf(stderr, "bench: cannot read %s\n", path);
        exit(2);
    }
    X509_digest(x, EVP_sha256(), md, &n);
    rp_hex(md, 32, g_fp);
    X509_free(x);
}

static void
load_tokens(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[128];

    if (f == NULL) {
        fprintf(stderr, "bench: cannot read %s\n", path);
        exit(2);
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        g_tokens = realloc(g_tokens, sizeof(char *) * (size_t) (g_ntokens + 1));
        g_tokens[g_ntokens++] = strdup(line);
    }
    fclose(f);
}

static int
run_load(int conns, void *(*fn)(void *))
{
    worker *w = calloc((size_t) conns, sizeof(*w));
    double *all;
    size_t total = 0, k = 0;
    int i;

    for (i = 0; i < conns; i++) {
        w[i].index = i;
        pthread_create(&w[i].t, NULL, fn, &w[i]);
    }
    for (i = 0; i < conns; i++) {
        pthread_join(w[i].t, NULL);
        total += w[i].n;
    }
    all = malloc((total ? total : 1) * sizeof(double));
    for (i = 0; i < conns; i++) {
        memcpy(all + k, w[i].lat, w[i].n * sizeof(double));
        k += w[i].n;
        free(w[i].lat);
    }
    qsort(all, total, sizeof(double), cmp);
    printf("calls=%zu rate=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n", total,
           (double) total / g_seconds, total ? all[total / 2] : 0.0,
           total ? all[(size_t) ((double) total * 0.99)] : 0.0, atomic_load(&g_errors));
    free(all);
    free(w);
    return 0;
}

int
main(int argc, char **argv)
{
    if (argc >= 10 && strcmp(argv[1], "rp") == 0) {
        g_server = argv[2];
        g_ca = argv[3];
        g_cert = argv[4];
        g_key = argv[5];
        load_tokens(argv[6]);
        g_seconds = atoi(argv[8]);
        g_kind = argv[9];
        if (argc > 10)
            g_org = atoll(argv[10]);
        return run_load(atoi(argv[7]), run_rp);
    }
    if (argc >= 8 && strcmp(argv[1], "pq") == 0) {
        g_conninfo = argv[2];
        load_fp(argv[3]);
        load_tokens(argv[4]);
        g_seconds = atoi(argv[6]);
        g_kind = argv[7];
        if (argc > 8)
            g_org = atoll(argv[8]);
        return run_load(atoi(argv[5]), run_pq);
    }
    if (argc == 7 && strcmp(argv[1], "idle") == 0) {
        rpc_opts o = {argv[2], argv[3], argv[4], argv[5], 30};
        int n = atoi(argv[6]), i, ok = 0, code;
        rpc **rs = calloc((size_t) n, sizeof(*rs));
        char err[256], buf[16];

        for (i = 0; i < n; i++) {
            rs[i] = rpc_open(&o, &code, err, sizeof(err));
            ok += rs[i] != NULL;
        }
        printf("ready %d\n", ok);
        fflush(stdout);
        while (fgets(buf, sizeof(buf), stdin) != NULL)
            ;
        for (i = 0; i < n; i++)
            rpc_close(rs[i]);
        free(rs);
        return 0;
    }
    fprintf(stderr, "usage: see the comment at the top of tests/bench/bench.c\n");
    return 2;
}
