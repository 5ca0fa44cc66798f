/*
 * registry.h - the method registry and status codes in the database
 * (see registry.c).
 */
#ifndef RP_REGISTRY_H
#define RP_REGISTRY_H

#include <stddef.h>

#include <libpq-fe.h>

/*
 * Write the compiled registry and status codes into core.method and
 * core.status (inside migrate's transaction, as the owner), then check
 * them against the functions.  Returns 0, or -1 with the problems in err.
 */
int registry_sync(PGconn *db, char *err, size_t errsz);

/*
 * At server start: the database's registry equals the compiled one.
 * Returns 0, or -1 with the differences named in err.
 */
int registry_check(PGconn *db, char *err, size_t errsz);

#endif
