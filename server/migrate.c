/*
 * migrate.c - `rongpeid migrate`, and the check rongpeid makes at start
 * that the database was migrated from the files it has.
 *
 * The layout of sql_dir (docs/internals/sql.md):
 *
 *   migrations/NNN_name.sql   tables, types, indexes, constraints and
 *                             reference data; append-only once landed
 *   functions/<area>.sql      every function, trigger function and trigger,
 *                             each defined once; reloaded as a whole
 *   privileges.sql            what the application role may execute; run
 *                             after every reload
 *
 * One migrate is one transaction: the pending migrations, then the schemas
 * that hold only functions (lib, m, api, op) dropped and created again from
 * functions/, every function body checked, the privileges, the method
 * registry and the status codes from this build (registry.c), and a
 * digest of what was loaded.  A failure anywhere leaves the database as it
 * was.  The SHA-256 of every applied migration is recorded; a landed file
 * that was edited since is refused here and by the server at start.
 */
#include "migrate.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "digest.h"
#include "registry.h"
#include "rp.h"

/* Databases made before checksums were kept hold migrations up to this
 * version without one: the re-layout adopts the file's checksum for them. */
#define UNCHECKED_UPTO 26

/* Only one migrate at a time (pg_advisory_xact_lock key). */
#define MIGRATE_LOCK "7243001"

typedef struct sqlfile {
    char name[256];
    int version;            /* migrations: NNN; other files: 0 */
    char *text;
    char sum[65];
} sqlfile;

typedef struct sqlset {
    sqlfile *files;
    int n;
} sqlset;

static char *
slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto out;
    buf = malloc((size_t) n + 1);
    if (buf != NULL && fread(buf, 1, (size_t) n, f) != (size_t) n) {
        free(buf);
        buf = NULL;
    }
    if (buf != NULL)
        buf[n] = '\0';
out:
    fclose(f);
    return buf;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int
is_sql(const struct dirent *d)
{
    size_t n = strlen(d->d_name);

    return n > 4 && d->d_name[0] != '.' && strcmp(d->d_name + n - 4, ".sql") == 0;
}

static void
set_free(sqlset *s)
{
    int i;

    for (i = 0; i < s->n; i++)
        free(s->files[i].text);
    free(s->files);
    s->files = NULL;
    s->n = 0;
}

/*
 * Read every .sql file of dir/sub in name order, with its SHA-256.  For
 * migrations, names must be NNN_something.sql.  Returns 0, or -1 with err.
 */
static int
set_read(sqlset *s, const char *dir, const char *sub, int migrations, char *err, size_t errsz)
{
    struct dirent **ents = NULL;
    char path[1024];
    int n, i, rc = -1;

    memset(s, 0, sizeof(*s));
    snprintf(path, sizeof(path), "%s/%s", dir, sub);
    n = scandir(path, &ents, is_sql, by_name);
    if (n < 0) {
        snprintf(err, errsz, "cannot read the directory %s", path);
        return -1;
    }
    s->files = calloc((size_t) (n ? n : 1), sizeof(sqlfile));
    if (s->files == NULL) {
        snprintf(err, errsz, "out of memory");
        goto out;
    }
    for (i = 0; i < n; i++) {
        sqlfile *f = &s->files[s->n];
        const char *name = ents[i]->d_name;

        if (migrations) {
            if (strlen(name) < 9 || name[0] < '0' || name[0] > '9' || name[1] < '0' ||
                name[1] > '9' || name[2] < '0' || name[2] > '9' || name[3] != '_') {
                snprintf(err, errsz, "%s/%s: a migration is named NNN_what.sql", path, name);
                goto out;
            }
            f->version = (name[0] - '0') * 100 + (name[1] - '0') * 10 + (name[2] - '0');
            if (s->n > 0 && s->files[s->n - 1].version == f->version) {
                snprintf(err, errsz, "%s: two migrations numbered %03d", path, f->version);
                goto out;
            }
        }
        snprintf(f->name, sizeof(f->name), "%s", name);
        snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
        f->text = slurp(path);
        if (f->text == NULL) {
            snprintf(err, errsz, "cannot read %s", path);
            goto out;
        }
        rp_sha256_hex(f->text, strlen(f->text), NULL, 0, f->sum);
        s->n++;
        snprintf(path, sizeof(path), "%s/%s", dir, sub);
    }
    rc = 0;
out:
    for (i = 0; i < n; i++)
        free(ents[i]);
    free(ents);
    if (rc != 0)
        set_free(s);
    return rc;
}

/*
 * The digest of what a reload loads: every function file's name and text,
 * then privileges.sql.  Written by migrate, compared by the server.
 */
static int
functions_digest(const char *dir, char out[65], char *err, size_t errsz)
{
    sqlset fns;
    char path[1024];
    char *priv, *all;
    size_t len = 0, off = 0;
    int i;

    if (set_read(&fns, dir, "functions", 0, err, errsz) != 0)
        return -1;
    snprintf(path, sizeof(path), "%s/privileges.sql", dir);
    priv = slurp(path);
    if (priv == NULL) {
        snprintf(err, errsz, "cannot read %s", path);
        set_free(&fns);
        return -1;
    }
    for (i = 0; i < fns.n; i++)
        len += strlen(fns.files[i].name) + 1 + strlen(fns.files[i].text) + 1;
    len += strlen(priv) + 1;
    all = malloc(len);
    if (all == NULL) {
        snprintf(err, errsz, "out of memory");
        free(priv);
        set_free(&fns);
        return -1;
    }
    for (i = 0; i < fns.n; i++) {
        size_t a = strlen(fns.files[i].name) + 1, b = strlen(fns.files[i].text) + 1;

        memcpy(all + off, fns.files[i].name, a);
        memcpy(all + off + a, fns.files[i].text, b);
        off += a + b;
    }
    memcpy(all + off, priv, strlen(priv) + 1);
    off += strlen(priv) + 1;
    rp_sha256_hex(all, off, NULL, 0, out);
    free(all);
    free(priv);
    set_free(&fns);
    return 0;
}

/* ------------------------------------------------------------------ migrate */

static int
exec_ok(PGconn *db, const char *what, const char *sql)
{
    PGresult *r = PQexec(db, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK ||
             PQresultStatus(r) == PGRES_EMPTY_QUERY;      /* a file of comments only */

    if (!ok)
        fprintf(stderr, "rongpeid migrate: %s: %s", what, PQerrorMessage(db));
    PQclear(r);
    return ok;
}

static int
exec_params(PGconn *db, const char *what, const char *sql, int n, const char *const *params)
{
    PGresult *r = PQexecParams(db, sql, n, NULL, params, NULL, NULL, 0);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;

    if (!ok)
        fprintf(stderr, "rongpeid migrate: %s: %s", what, PQerrorMessage(db));
    PQclear(r);
    return ok;
}

static const char meta_sql[] =
    "create schema if not exists rongpei_meta;"
    "create table if not exists rongpei_meta.migration ("
    " version int primary key, name text not null,"
    " applied_at timestamptz not null default now());"
    "alter table rongpei_meta.migration add column if not exists checksum text;"
    "create table if not exists rongpei_meta.reload ("
    " id int primary key default 1 check (id = 1), digest text not null,"
    " rongpeid text not null, at timestamptz not null default now());";

/* The schemas that hold only functions: dropped and made again by a reload. */
static const char reload_begin_sql[] =
    "drop schema if exists lib, m, api, op cascade;"
    "create schema lib; create schema m; create schema api; create schema op;"
    "comment on schema lib is 'helper functions of the program''s rules (sql/functions)';"
    "comment on schema m is 'one function per protocol method: m.<method>(ctx, args)';"
    "comment on schema api is 'the only functions the application role may execute';"
    "comment on schema op is 'operator functions for rongpeid adduser and register-cert';"
    "set local check_function_bodies = off;";

/* Every function body, checked now that all of them exist. */
static const char reload_check_sql[] =
    "set local check_function_bodies = on;"
    "do $$ declare f record; begin"
    "  for f in select p.oid, p.oid::regprocedure as sig, l.lanvalidator::regproc as v"
    "             from pg_proc p join pg_language l on l.oid = p.prolang"
    "            where p.pronamespace in ('lib'::regnamespace, 'm'::regnamespace,"
    "                                    'api'::regnamespace, 'op'::regnamespace)"
    "              and l.lanvalidator <> 0 loop"
    "    begin"
    "      execute format('select %s(%s)', f.v, f.oid);"
    "    exception when others then"
    "      raise exception 'function % does not compile: %', f.sig, sqlerrm;"
    "    end;"
    "  end loop;"
    "end $$;";

/* Compare what was applied with the files; adopt checksums the old layout
 * did not record.  Returns the highest applied version, or -1. */
static int
check_applied(PGconn *db, const sqlset *migs, const char *dir, int quiet)
{
    PGresult *r = PQexec(db, "select version, name, checksum from rongpei_meta.migration order by version");
    int current = 0;
    int i, j, bad = 0;

    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        fprintf(stderr, "rongpeid migrate: %s", PQerrorMessage(db));
        PQclear(r);
        return -1;
    }
    for (i = 0; i < PQntuples(r); i++) {
        int v = atoi(PQgetvalue(r, i, 0));
        const char *name = PQgetvalue(r, i, 1);
        const sqlfile *f = NULL;

        current = v;
        for (j = 0; j < migs->n; j++)
            if (migs->files[j].version == v)
                f = &migs->files[j];
        if (v > RP_SCHEMA_VERSION)
            continue;           /* reported below as a newer schema */
        if (f == NULL || strcmp(f->name, name) != 0) {
            fprintf(stderr, "rongpeid migrate: migration %s was applied to this database but %s/migrations "
                    "has %s; is sql_dir the one this rongpeid was installed with?\n",
                    name, dir, f ? f->name : "no file with its number");
            bad = 1;
            continue;
        }
        if (PQgetisnull(r, i, 2) && v <= UNCHECKED_UPTO) {
            const char *p[2] = {f->sum, PQgetvalue(r, i, 0)};

            if (!exec_params(db, name, "update rongpei_meta.migration set checksum = $1 where version = $2::int",
                             2, p))
                bad = 1;
            else if (!quiet)
                printf("recorded the checksum of %s (applied before checksums were kept)\n", name);
            continue;
        }
        if (PQgetisnull(r, i, 2) || strcmp(PQgetvalue(r, i, 2), f->sum) != 0) {
            fprintf(stderr, "rongpeid migrate: %s/migrations/%s was edited after it was applied "
                    "(recorded sha256 %.12s…, the file now %.12s…); landed migrations are "
                    "append-only: restore the file and put the change in a new migration\n",
                    dir, name, PQgetisnull(r, i, 2) ? "none" : PQgetvalue(r, i, 2), f->sum);
            bad = 1;
        }
    }
    PQclear(r);
    if (bad)
        return -1;
    if (current > RP_SCHEMA_VERSION) {
        fprintf(stderr, "rongpeid migrate: the database schema (version %d) is newer than "
                "this rongpeid (version %d); install the newer rongpeid\n", current, RP_SCHEMA_VERSION);
        return -1;
    }
    return current;
}

static int
reload(PGconn *db, const char *dir, const char *digest)
{
    sqlset fns;
    char err[512], path[1024];
    char *priv;
    const char *p[2];
    int i, ok = 0;

    if (set_read(&fns, dir, "functions", 0, err, sizeof(err)) != 0) {
        fprintf(stderr, "rongpeid migrate: %s\n", err);
        return 0;
    }
    if (!exec_ok(db, "dropping the function schemas", reload_begin_sql))
        goto out;
    for (i = 0; i < fns.n; i++) {
        char what[300];

        snprintf(what, sizeof(what), "functions/%s", fns.files[i].name);
        if (!exec_ok(db, what, fns.files[i].text))
            goto out;
    }
    if (!exec_ok(db, "checking the function bodies", reload_check_sql))
        goto out;
    snprintf(path, sizeof(path), "%s/privileges.sql", dir);
    priv = slurp(path);
    if (priv == NULL) {
        fprintf(stderr, "rongpeid migrate: cannot read %s\n", path);
        goto out;
    }
    ok = exec_ok(db, "privileges.sql", priv);
    free(priv);
    if (!ok)
        goto out;
    ok = 0;
    if (registry_sync(db, err, sizeof(err)) != 0) {
        fprintf(stderr, "rongpeid migrate: the method registry: %s\n", err);
        goto out;
    }
    p[0] = digest;
    p[1] = "rongpeid " RP_VERSION;
    ok = exec_params(db, "recording the reload",
                     "insert into rongpei_meta.reload (digest, rongpeid) values ($1, $2) "
                     "on conflict (id) do update set digest = excluded.digest, "
                     "rongpeid = excluded.rongpeid, at = now()", 2, p);
out:
    set_free(&fns);
    return ok;
}

int
migrate_run(const char *conninfo, const char *dir, int quiet)
{
    sqlset migs = {0};
    char err[512], digest[65];
    PGconn *db;
    int current, applied = 0;
    int rc = 1;
    int i;

    if (set_read(&migs, dir, "migrations", 1, err, sizeof(err)) != 0 ||
        functions_digest(dir, digest, err, sizeof(err)) != 0) {
        fprintf(stderr, "rongpeid migrate: %s\n", err);
        set_free(&migs);
        return 1;
    }
    db = PQconnectdb(conninfo);
    if (PQstatus(db) != CONNECTION_OK) {
        fprintf(stderr, "rongpeid migrate: cannot connect: %s", PQerrorMessage(db));
        goto out;
    }
    PQsetNoticeProcessor(db, NULL, NULL);
    if (!exec_ok(db, "begin", "begin") ||
        !exec_ok(db, "waiting for another migrate", "select pg_advisory_xact_lock(" MIGRATE_LOCK ")") ||
        !exec_ok(db, "settings", "set local client_min_messages = warning") ||
        !exec_ok(db, "rongpei_meta", meta_sql))
        goto out;
    current = check_applied(db, &migs, dir, quiet);
    if (current < 0)
        goto out;
    for (i = 0; i < migs.n; i++) {
        const sqlfile *f = &migs.files[i];
        char vbuf[16];
        const char *p[3];

        if (f->version <= current)
            continue;
        if (f->version > RP_SCHEMA_VERSION) {
            fprintf(stderr, "rongpeid migrate: %s is newer than this build (schema %d); "
                    "nothing was applied\n", f->name, RP_SCHEMA_VERSION);
            goto out;
        }
        if (!exec_ok(db, f->name, f->text)) {
            fprintf(stderr, "rongpeid migrate: %s failed; nothing was applied\n", f->name);
            goto out;
        }
        snprintf(vbuf, sizeof(vbuf), "%d", f->version);
        p[0] = vbuf;
        p[1] = f->name;
        p[2] = f->sum;
        if (!exec_params(db, f->name, "insert into rongpei_meta.migration (version, name, checksum) "
                         "values ($1::int, $2, $3)", 3, p))
            goto out;
        if (!quiet)
            printf("applied %s\n", f->name);
        applied++;
        current = f->version;
    }
    if (current != RP_SCHEMA_VERSION) {
        fprintf(stderr, "rongpeid migrate: the files reach schema %d, this build needs %d; "
                "is sql_dir (%s) complete?\n", current, RP_SCHEMA_VERSION, dir);
        goto out;
    }
    if (!reload(db, dir, digest)) {
        fprintf(stderr, "rongpeid migrate: nothing was applied\n");
        goto out;
    }
    if (!exec_ok(db, "commit", "commit"))
        goto out;
    if (!quiet)
        printf("schema at version %d (%d applied now), functions reloaded\n", current, applied);
    rc = 0;
out:
    PQfinish(db);       /* an open transaction is rolled back */
    set_free(&migs);
    return rc;
}

/* ------------------------------------------------------------------ the server's check */

int
migrate_check(PGconn *db, const char *dir, char *err, size_t errsz)
{
    sqlset migs;
    PGresult *r;
    json_t *j = NULL, *rows;
    char digest[65];
    size_t i;
    int k, rc = -1;

    if (set_read(&migs, dir, "migrations", 1, err, errsz) != 0)
        return -1;
    if (functions_digest(dir, digest, err, errsz) != 0) {
        set_free(&migs);
        return -1;
    }
    r = PQexec(db, "select api.schema_state()::text");
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1 ||
        (j = json_loads(PQgetvalue(r, 0, 0), 0, NULL)) == NULL) {
        snprintf(err, errsz, "the database has no rongpei schema this rongpeid knows (%s): "
                 "run `rongpeid migrate`", PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                 ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : "no answer");
        goto out;
    }
    k = (int) json_integer_value(json_object_get(j, "version"));
    if (k != RP_SCHEMA_VERSION) {
        snprintf(err, errsz, "database schema is at version %d, this rongpeid needs %d: "
                 "run `rongpeid migrate` (or install the matching rongpeid)", k, RP_SCHEMA_VERSION);
        goto out;
    }
    rows = json_object_get(j, "migrations");
    for (i = 0; i < json_array_size(rows); i++) {
        json_t *row = json_array_get(rows, i);
        int v = (int) json_integer_value(json_object_get(row, "version"));
        const char *sum = json_string_value(json_object_get(row, "checksum"));
        const sqlfile *f = NULL;

        for (k = 0; k < migs.n; k++)
            if (migs.files[k].version == v)
                f = &migs.files[k];
        if (f == NULL) {
            snprintf(err, errsz, "migration %03d was applied but %s/migrations has no file for it", v, dir);
            goto out;
        }
        if (sum == NULL || strcmp(sum, f->sum) != 0) {
            snprintf(err, errsz, "%s/migrations/%s was edited after it was applied; landed migrations "
                     "are append-only: restore the file", dir, f->name);
            goto out;
        }
    }
    if (json_array_size(rows) != (size_t) migs.n) {
        snprintf(err, errsz, "%s/migrations has %d files but %zu were applied: run `rongpeid migrate`",
                 dir, migs.n, json_array_size(rows));
        goto out;
    }
    if (json_string_value(json_object_get(j, "functions")) == NULL ||
        strcmp(json_string_value(json_object_get(j, "functions")), digest) != 0) {
        snprintf(err, errsz, "the functions in %s/functions are not those the last migrate loaded: "
                 "run `rongpeid migrate`", dir);
        goto out;
    }
    rc = registry_check(db, err, errsz);
out:
    json_decref(j);
    PQclear(r);
    set_free(&migs);
    return rc;
}
