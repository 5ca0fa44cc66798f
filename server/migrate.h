/*
 * migrate.h - apply the schema migrations in sql/ (see migrate.c).
 */
#ifndef RP_MIGRATE_H
#define RP_MIGRATE_H

/* Returns 0 when the database is at RP_SCHEMA_VERSION afterwards. */
int migrate_run(const char *conninfo, const char *dir, int quiet);

#endif
