/*
 * main.c - rongpeid: the server, and the operator commands that run on the
 * server host against the database directly.
 *
 *   rongpeid [-c FILE]                 serve
 *   rongpeid migrate [-c FILE]         apply sql/ migrations
 *   rongpeid adduser [-c FILE] ...     create a bureau account (first setup)
 *   rongpeid register-cert [-c FILE] --org NAME --cert FILE
 *   rongpeid version
 *
 * See man/rongpeid.8 and docs/operations.md.
 */
#include <argon2.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "ca.h"
#include "log.h"
#include "methods.h"
#include "migrate.h"
#include "rp.h"
#include "server.h"
#include "valid.h"

static server srv;
static config cfg;

static void
on_connection(uv_stream_t *l, int status)
{
    (void) l;
    if (status < 0) {
        log_warn("server", "accept: %s", uv_strerror(status));
        return;
    }
    conn_accept(&srv);
}

static void
housekeeping_done(void *data, int st, PGresult *res)
{
    (void) data;
    if (st == 0 && PQresultStatus(res) != PGRES_TUPLES_OK)
        log_warn("server", "housekeeping failed: %s", PQresultErrorMessage(res));
}

static void
housekeeping_cb(uv_timer_t *t)
{
    (void) t;
    (void) db_query(srv.db, "select api.housekeeping()", 0, NULL, housekeeping_done, NULL);
}

#define CERTS_SQL "select coalesce(string_agg(f, ','), '') from api.refused_certificates() f"

/* Install a comma-separated fingerprint list as the handshake's refused set. */
static void
set_refused(const char *list)
{
    size_t n = 0, cap = 64;
    const char **fps = malloc(cap * sizeof(*fps));
    char *copy = strdup(list);
    char *p, *save = NULL;

    if (fps == NULL || copy == NULL) {
        free(fps);
        free(copy);
        return;
    }
    for (p = strtok_r(copy, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save)) {
        if (n == cap) {
            const char **more = realloc(fps, 2 * cap * sizeof(*fps));

            if (more == NULL)
                goto out;
            fps = more;
            cap *= 2;
        }
        fps[n++] = p;
    }
    if (tls_ctx_set_refused(srv.tls, fps, n) != 0)
        log_warn("server", "cannot refresh the certificate set: out of memory");
out:
    free(fps);
    free(copy);
}

static void
certs_done(void *data, int st, PGresult *res)
{
    (void) data;
    /* on failure the previous set stays: the per-call check is authoritative */
    if (st == 0 && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        set_refused(PQgetvalue(res, 0, 0));
}

static void
certs_cb(uv_timer_t *t)
{
    (void) t;
    (void) db_query(srv.db, CERTS_SQL, 0, NULL, certs_done, NULL);
}

static void
close_walk(uv_handle_t *h, void *arg)
{
    (void) arg;
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

static void
db_closed(void *data)
{
    (void) data;
    uv_walk(srv.loop, close_walk, NULL);
}

static void
drain_cb(uv_timer_t *t)
{
    static uint64_t deadline;

    if (deadline == 0)
        deadline = uv_now(srv.loop) + (uint64_t) cfg.shutdown_timeout_s * 1000;
    if (srv.nconns > 0 && uv_now(srv.loop) < deadline) {
        conn_close_idle(&srv);
        return;
    }
    if (srv.nconns > 0) {
        log_warn("server", "%d connection(s) still busy after %d s; closing them", srv.nconns,
                 cfg.shutdown_timeout_s);
        while (srv.conns != NULL)
            conn_close(srv.conns, "shutdown timeout");
    }
    uv_timer_stop(t);
    log_info("server", "rongpeid stopped accepting; closing database connections");
    db_pool_close(srv.db, db_closed, NULL);
}

static void
signal_cb(uv_signal_t *s, int signum)
{
    (void) s;
    if (srv.draining)
        return;
    log_notice("server", "signal %d: shutting down (finishing calls in flight, at most %d s)",
             signum, cfg.shutdown_timeout_s);
    srv.draining = 1;
    uv_close((uv_handle_t *) &srv.listener, NULL);
    uv_timer_stop(&srv.housekeeping);
    uv_timer_stop(&srv.certs);
    uv_signal_stop(&srv.sigint);
    uv_signal_stop(&srv.sigterm);
    conn_close_idle(&srv);
    uv_timer_start(&srv.drain_timer, drain_cb, 0, 50);
}

static int
check_schema(void)
{
    PGconn *db = PQconnectdb(cfg.database);
    PGresult *r;
    char err[512];
    int rc;

    if (PQstatus(db) != CONNECTION_OK) {
        log_error("server", "cannot connect to the database: %s", PQerrorMessage(db));
        PQfinish(db);
        return -1;
    }
    rc = migrate_check(db, cfg.sql_dir, err, sizeof(err));
    if (rc == 0) {
        r = PQexec(db, CERTS_SQL);
        if (PQresultStatus(r) == PGRES_TUPLES_OK)
            set_refused(PQgetvalue(r, 0, 0));
        PQclear(r);
    } else {
        log_error("server", "%s", err);
    }
    PQfinish(db);
    return rc;
}

static int
serve(void)
{
    struct sockaddr_storage addr;
    char err[256];
    int rc;

    if (pii_keys_load(cfg.pii_key, &srv.keys) != 0) {
        log_error("server", "cannot load the personal-information key from \"%s\" "
                  "(64 hex digits expected)", cfg.pii_key);
        return 1;
    }
    srv.tls = tls_ctx_new_server(cfg.cert, cfg.key, cfg.ca, err, sizeof(err));
    if (srv.tls == NULL) {
        log_error("server", "%s", err);
        return 1;
    }
    if (cfg.ca_key[0]) {
        srv.ca = ca_load(cfg.ca, cfg.ca_key, err, sizeof(err));
        if (srv.ca == NULL) {
            log_error("server", "%s", err);
            return 1;
        }
    }
    if (gate_init(err, sizeof(err)) != 0) {
        log_error("server", "the method registry: %s", err);
        return 1;
    }
    if (check_schema() != 0)
        return 1;
    srv.loop = uv_default_loop();
    srv.cfg = &cfg;
    srv.db = db_pool_new(srv.loop, cfg.database, cfg.db_pool, cfg.db_queue);
    if (srv.db == NULL)
        return 1;
    if (uv_ip4_addr(cfg.listen_host, cfg.port, (struct sockaddr_in *) &addr) != 0 &&
        uv_ip6_addr(cfg.listen_host, cfg.port, (struct sockaddr_in6 *) &addr) != 0) {
        log_error("server", "listen_host \"%s\" is not an IP address", cfg.listen_host);
        return 1;
    }
    uv_tcp_init(srv.loop, &srv.listener);
    rc = uv_tcp_bind(&srv.listener, (struct sockaddr *) &addr, 0);
    if (rc == 0)
        rc = uv_listen((uv_stream_t *) &srv.listener, 1024, on_connection);
    if (rc != 0) {
        log_error("server", "cannot listen on %s:%d: %s", cfg.listen_host, cfg.port, uv_strerror(rc));
        return 1;
    }
    uv_signal_init(srv.loop, &srv.sigint);
    uv_signal_init(srv.loop, &srv.sigterm);
    uv_signal_start(&srv.sigint, signal_cb, SIGINT);
    uv_signal_start(&srv.sigterm, signal_cb, SIGTERM);
    uv_timer_init(srv.loop, &srv.housekeeping);
    uv_timer_init(srv.loop, &srv.drain_timer);
    uv_timer_init(srv.loop, &srv.certs);
    uv_timer_start(&srv.housekeeping, housekeeping_cb, 60000, 60000);
    uv_timer_start(&srv.certs, certs_cb, (uint64_t) cfg.cert_refresh_ms, (uint64_t) cfg.cert_refresh_ms);
    signal(SIGPIPE, SIG_IGN);
    log_notice("server", "rongpeid ready on %s:%d (version %s, protocol %d, schema %d, pool %d)",
             cfg.listen_host, cfg.port, RP_VERSION, RP_PROTOCOL_MAX, RP_SCHEMA_VERSION, cfg.db_pool);
    uv_run(srv.loop, UV_RUN_DEFAULT);
    uv_loop_close(srv.loop);
    db_pool_free(srv.db);
    tls_ctx_free(srv.tls);
    ca_free(srv.ca);
    rp_explicit_bzero(&srv.keys, sizeof(srv.keys));
    log_notice("server", "rongpeid stopped");
    return 0;
}

/* ------------------------------------------------------------------ operator commands */

static int
read_password(char *buf, size_t n)
{
    size_t len;

    if (fgets(buf, (int) n, stdin) == NULL)
        return -1;
    len = strlen(buf);
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        buf[--len] = '\0';
    return 0;
}

static int
adduser(int argc, char **argv)
{
    static const struct option opts[] = {
        {"username", required_argument, NULL, 'u'}, {"name", required_argument, NULL, 'n'},
        {"roles", required_argument, NULL, 'r'}, {"org-name", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0}};
    const char *username = NULL, *name = NULL, *roles = "bureau_admin";
    const char *org = "青海省地方金融监督管理局";
    char pw[256], hash[160], rolesarr[300];
    uint8_t salt[16];
    const char *params[5];
    PGconn *db;
    PGresult *r;
    int c, rc = 1;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'u': username = optarg; break;
        case 'n': name = optarg; break;
        case 'r': roles = optarg; break;
        case 'o': org = optarg; break;
        default: return 2;
        }
    }
    if (username == NULL || name == NULL) {
        fprintf(stderr, "usage: rongpeid adduser --username U --name NAME [--roles r1,r2] "
                "[--org-name NAME] < password\n");
        return 2;
    }
    if (read_password(pw, sizeof(pw)) != 0 || !valid_password(pw)) {
        fprintf(stderr, "rongpeid adduser: the password (read from standard input) must be "
                "10-128 characters with three of: lower case, upper case, digits, symbols\n");
        return 2;
    }
    RAND_bytes(salt, sizeof(salt));
    if (argon2id_hash_encoded((uint32_t) cfg.argon2_t_cost, (uint32_t) cfg.argon2_m_kib, 1, pw,
                              strlen(pw), salt, sizeof(salt), 32, hash, sizeof(hash)) != ARGON2_OK)
        return 1;
    rp_explicit_bzero(pw, sizeof(pw));
    snprintf(rolesarr, sizeof(rolesarr), "{%s}", roles);
    db = PQconnectdb(cfg.owner_database);
    if (PQstatus(db) != CONNECTION_OK) {
        fprintf(stderr, "rongpeid adduser: %s", PQerrorMessage(db));
        PQfinish(db);
        return 1;
    }
    params[0] = org;
    params[1] = username;
    params[2] = name;
    params[3] = hash;
    params[4] = rolesarr;
    r = PQexecParams(db, "select op.bootstrap($1, $2, $3, $4, $5::text[])", 5, NULL,
                     params, NULL, NULL, 0);
    if (PQresultStatus(r) == PGRES_TUPLES_OK) {
        printf("created user %s (id %s); the password must be changed at first login\n",
               username, PQgetvalue(r, 0, 0));
        rc = 0;
    } else {
        fprintf(stderr, "rongpeid adduser: %s", PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
        fprintf(stderr, "\n");
    }
    PQclear(r);
    PQfinish(db);
    return rc;
}

static int
register_cert(int argc, char **argv)
{
    static const struct option opts[] = {
        {"org", required_argument, NULL, 'o'}, {"cert", required_argument, NULL, 'c'},
        {NULL, 0, NULL, 0}};
    const char *org = NULL, *path = NULL;
    unsigned char md[32];
    unsigned int mdlen = 0;
    char fp[65], subject[256], notafter[32];
    const char *params[4];
    struct tm tm;
    X509 *x;
    FILE *f;
    PGconn *db;
    PGresult *r;
    int c, rc = 1;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'o')
            org = optarg;
        else if (c == 'c')
            path = optarg;
        else
            return 2;
    }
    if (org == NULL || path == NULL) {
        fprintf(stderr, "usage: rongpeid register-cert --org NAME --cert FILE\n");
        return 2;
    }
    f = fopen(path, "r");
    x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    if (f)
        fclose(f);
    if (x == NULL) {
        fprintf(stderr, "rongpeid register-cert: %s is not a PEM certificate\n", path);
        return 1;
    }
    X509_digest(x, EVP_sha256(), md, &mdlen);
    rp_hex(md, 32, fp);
    X509_NAME_oneline(X509_get_subject_name(x), subject, sizeof(subject));
    memset(&tm, 0, sizeof(tm));
    ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm);
    strftime(notafter, sizeof(notafter), "%Y-%m-%dT%H:%M:%SZ", &tm);
    X509_free(x);
    db = PQconnectdb(cfg.owner_database);
    if (PQstatus(db) != CONNECTION_OK) {
        fprintf(stderr, "rongpeid register-cert: %s", PQerrorMessage(db));
        PQfinish(db);
        return 1;
    }
    params[0] = org;
    params[1] = fp;
    params[2] = subject;
    params[3] = notafter;
    r = PQexecParams(db, "select op.register_cert($1, $2, $3, $4::timestamptz)", 4,
                     NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) == PGRES_TUPLES_OK) {
        printf("registered %s for %s\n", fp, org);
        rc = 0;
    } else {
        fprintf(stderr, "rongpeid register-cert: %s\n", PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
    }
    PQclear(r);
    PQfinish(db);
    return rc;
}

static void
usage(FILE *to)
{
    fprintf(to,
            "usage: rongpeid [-c CONFIG] [COMMAND] [OPTIONS]\n"
            "\n"
            "commands:\n"
            "  (none), serve   serve clients (logs \"rongpeid ready\" when accepting)\n"
            "  migrate         apply the pending migrations of sql_dir and reload its\n"
            "                  functions, in one transaction [--quiet]\n"
            "  adduser         create a bureau account; password on standard input\n"
            "                  --username U --name NAME [--roles r1,r2] [--org-name NAME]\n"
            "  register-cert   register a client certificate made outside rongpeid\n"
            "                  --org NAME --cert FILE\n"
            "  methods         print the method registry (the table of docs/protocol.md)\n"
            "  version         print the version\n"
            "\n"
            "-c CONFIG (or --config CONFIG) may come before or after the command;\n"
            "every command takes --help.  Settings come from CONFIG (see\n"
            "docs/rongpeid.conf.example), then from RONGPEID_<SETTING> environment\n"
            "variables.  See rongpeid(8).\n");
}

/*
 * Take -c/--config and -h/--help out of argv wherever they stand (before
 * or after the command), leaving the command and its own options.
 * Returns 0, 1 for help, or 2 for a usage error.
 */
static int
global_options(int *argc, char **argv, const char **conf_path)
{
    int r, w;

    for (r = w = 1; r < *argc; r++) {
        const char *a = argv[r];

        if (strcmp(a, "--") == 0) {
            while (r < *argc)
                argv[w++] = argv[r++];
            break;
        }
        if (strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0) {
            if (r + 1 >= *argc) {
                fprintf(stderr, "rongpeid: %s needs a file name\n", a);
                return 2;
            }
            *conf_path = argv[++r];
        } else if (strncmp(a, "--config=", 9) == 0) {
            *conf_path = a + 9;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            return 1;
        } else {
            argv[w++] = argv[r];
        }
    }
    *argc = w;
    argv[w] = NULL;
    return 0;
}

/*
 * The registry as docs/protocol.md shows it (make test checks the document
 * against this output, so the table cannot miss a method).
 */
static int
methods_cmd(void)
{
    int i;

    printf("| method | request → reply | roles | anonymous | mutating | audited | scope |\n"
           "|---|---|---|---|---|---|---|\n");
    for (i = 0; i < methods_count; i++) {
        const method *m = &methods[i];
        char roles[512];
        size_t k, n = 0;

        for (k = 1; m->roles[k] && m->roles[k] != '}' && n + 3 < sizeof(roles); k++) {
            if (m->roles[k] == ',') {
                roles[n++] = ',';
                roles[n++] = ' ';
            } else {
                roles[n++] = m->roles[k];
            }
        }
        roles[n] = '\0';
        printf("| `%s` | %s → %s | %s | %s | %s | %s | %s%s%s%s |\n", m->name, m->request->short_name,
               m->reply->short_name, strcmp(roles, "*") == 0 ? "any logged-in user" : n ? roles : "—",
               m->flags & M_ANON ? "yes" : "", m->flags & M_MUTATING ? "yes" : "",
               m->flags & (M_MUTATING | M_AUDIT) ? "yes" : "", m->scope,
               m->transforms[0] ? "; transforms: `" : "", m->transforms, m->transforms[0] ? "`" : "");
    }
    return 0;
}

static int
migrate_cmd(int argc, char **argv)
{
    static const struct option opts[] = {{"quiet", no_argument, NULL, 'q'}, {NULL, 0, NULL, 0}};
    int c, quiet = 0;

    optind = 1;
    while ((c = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
        if (c != 'q') {
            fprintf(stderr, "usage: rongpeid [-c CONFIG] migrate [--quiet]\n");
            return 2;
        }
        quiet = 1;
    }
    if (optind < argc) {
        fprintf(stderr, "rongpeid migrate: unexpected argument \"%s\"\n", argv[optind]);
        return 2;
    }
    return migrate_run(cfg.owner_database, cfg.sql_dir, quiet);
}

int
main(int argc, char **argv)
{
    const char *path = NULL;
    char err[512];
    const char *cmd;
    int rc;

    rc = global_options(&argc, argv, &path);
    if (rc == 1) {
        usage(stdout);
        return 0;
    }
    if (rc != 0)
        return rc;
    cmd = argc > 1 ? argv[1] : "serve";
    if (strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "version") == 0) {
        printf("rongpeid %s (protocol %d, schema %d)\n", RP_VERSION, RP_PROTOCOL_MAX, RP_SCHEMA_VERSION);
        return 0;
    }
    if (strcmp(cmd, "methods") == 0)
        return methods_cmd();
    if (strcmp(cmd, "serve") != 0 && strcmp(cmd, "migrate") != 0 && strcmp(cmd, "adduser") != 0 &&
        strcmp(cmd, "register-cert") != 0) {
        fprintf(stderr, "rongpeid: unknown command \"%s\"\n\n", cmd);
        usage(stderr);
        return 2;
    }
    if (config_load(&cfg, path, err, sizeof(err)) != 0) {
        fprintf(stderr, "rongpeid: %s\n", err);
        return 2;
    }
    if (strcmp(cfg.log_level, "debug") == 0)
        log_set_level(LOG_DEBUG);
    else if (strcmp(cfg.log_level, "warn") == 0)
        log_set_level(LOG_WARN);
    if (strcmp(cmd, "serve") == 0) {
        if (argc > 2) {
            fprintf(stderr, "rongpeid: serve takes no arguments\n");
            return 2;
        }
        return serve();
    }
    if (strcmp(cmd, "migrate") == 0)
        return migrate_cmd(argc - 1, argv + 1);
    if (strcmp(cmd, "adduser") == 0)
        return adduser(argc - 1, argv + 1);
    return register_cert(argc - 1, argv + 1);
}
