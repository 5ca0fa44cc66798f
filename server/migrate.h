/*
 * migrate.h - the schema: `rongpeid migrate`, and the check at start that
 * the database was migrated from the files in sql_dir (see migrate.c).
 */
#ifndef RP_MIGRATE_H
#define RP_MIGRATE_H

#include <stddef.h>

#include <libpq-fe.h>

/*
 * Apply the pending migrations of dir/migrations and reload dir/functions,
 * in one transaction, as the owner (conninfo).  Prints what it did unless
 * quiet; errors go to stderr.  Returns 0 when the database is at
 * RP_SCHEMA_VERSION with this build's functions afterwards, else 1 and
 * nothing changed.
 */
int migrate_run(const char *conninfo, const char *dir, int quiet);

/*
 * The server's check on its own connection (the application role): the
 * schema is at RP_SCHEMA_VERSION, every applied migration has the checksum
 * of its file in dir, and the functions loaded are those of dir.  Returns
 * 0, or -1 with the reason in err.
 */
int migrate_check(PGconn *db, const char *dir, char *err, size_t errsz);

#endif
