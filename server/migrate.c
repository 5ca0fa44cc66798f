/*
 * migrate.c - `rongpeid migrate`: apply sql/NNN_name.sql in order.
 *
 * Each file runs in its own transaction together with its row in
 * rongpei_meta.migration, so a failed migration leaves no trace.  A
 * database whose schema is newer than RP_SCHEMA_VERSION is refused: an
 * old binary must not run against a schema it does not know.
 */
#include "migrate.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "rp.h"

static char *
slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = malloc((size_t) n + 1);
    if (buf != NULL && fread(buf, 1, (size_t) n, f) != (size_t) n) {
        free(buf);
        buf = NULL;
    }
    if (buf != NULL)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

static int
exec_ok(PGconn *db, const char *sql)
{
    PGresult *r = PQexec(db, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;

    if (!ok)
        fprintf(stderr, "rongpeid migrate: %s", PQerrorMessage(db));
    PQclear(r);
    return ok;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int
is_migration(const struct dirent *d)
{
    size_t n = strlen(d->d_name);

    return n > 8 && d->d_name[0] >= '0' && d->d_name[0] <= '9' &&
           strcmp(d->d_name + n - 4, ".sql") == 0;
}

int
migrate_run(const char *conninfo, const char *dir, int quiet)
{
    struct dirent **files = NULL;
    PGconn *db;
    PGresult *r;
    int current;
    int nfiles = 0;
    int applied = 0;
    int rc = 1;
    int i;

    db = PQconnectdb(conninfo);
    if (PQstatus(db) != CONNECTION_OK) {
        fprintf(stderr, "rongpeid migrate: cannot connect: %s", PQerrorMessage(db));
        PQfinish(db);
        return 1;
    }
    PQsetNoticeProcessor(db, NULL, NULL);
    if (!exec_ok(db, "set client_min_messages = warning;"
                     "create schema if not exists rongpei_meta;"
                     "create table if not exists rongpei_meta.migration ("
                     " version int primary key, name text not null,"
                     " applied_at timestamptz not null default now())"))
        goto out;
    r = PQexec(db, "select coalesce(max(version), 0) from rongpei_meta.migration");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        fprintf(stderr, "rongpeid migrate: %s", PQerrorMessage(db));
        PQclear(r);
        goto out;
    }
    current = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    if (current > RP_SCHEMA_VERSION) {
        fprintf(stderr, "rongpeid migrate: the database schema (version %d) is newer than "
                "this rongpeid (version %d); install the newer rongpeid\n",
                current, RP_SCHEMA_VERSION);
        goto out;
    }
    nfiles = scandir(dir, &files, is_migration, by_name);
    if (nfiles < 0) {
        fprintf(stderr, "rongpeid migrate: cannot read %s\n", dir);
        goto out;
    }
    for (i = 0; i < nfiles; i++) {
        int v = atoi(files[i]->d_name);
        char path[1024];
        char *sql;
        const char *params[2];
        char vbuf[16];

        if (v <= current)
            continue;
        if (v > RP_SCHEMA_VERSION) {
            fprintf(stderr, "rongpeid migrate: %s is newer than this build; stopping\n",
                    files[i]->d_name);
            break;
        }
        snprintf(path, sizeof(path), "%s/%s", dir, files[i]->d_name);
        sql = slurp(path);
        if (sql == NULL) {
            fprintf(stderr, "rongpeid migrate: cannot read %s\n", path);
            goto out;
        }
        if (!exec_ok(db, "begin")) {
            free(sql);
            goto out;
        }
        if (!exec_ok(db, sql)) {
            fprintf(stderr, "rongpeid migrate: %s failed; nothing of it was applied\n",
                    files[i]->d_name);
            free(sql);
            exec_ok(db, "rollback");
            goto out;
        }
        free(sql);
        snprintf(vbuf, sizeof(vbuf), "%d", v);
        params[0] = vbuf;
        params[1] = files[i]->d_name;
        r = PQexecParams(db, "insert into rongpei_meta.migration (version, name) values ($1, $2)",
                         2, NULL, params, NULL, NULL, 0);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            fprintf(stderr, "rongpeid migrate: %s", PQerrorMessage(db));
            PQclear(r);
            exec_ok(db, "rollback");
            goto out;
        }
        PQclear(r);
        if (!exec_ok(db, "commit"))
            goto out;
        if (!quiet)
            printf("applied %s\n", files[i]->d_name);
        applied++;
        current = v;
    }
    if (!quiet)
        printf("schema at version %d (%d applied now)\n", current, applied);
    rc = current == RP_SCHEMA_VERSION ? 0 : 1;
    if (rc != 0)
        fprintf(stderr, "rongpeid migrate: schema is at %d, this build needs %d; "
                "is sql_dir (%s) complete?\n", current, RP_SCHEMA_VERSION, dir);
out:
    if (files != NULL) {
        for (i = 0; i < nfiles; i++)
            free(files[i]);
        free(files);
    }
    PQfinish(db);
    return rc;
}
