/*
 * db.h - a small pool of asynchronous libpq connections on the libuv loop.
 *
 * Each db_query sends one statement (one transaction) on an idle connection
 * or waits in a bounded FIFO.  When PostgreSQL goes away the broken
 * connections reconnect with exponential backoff (100 ms .. 5 s); while no
 * connection is up, db_query fails at once with RP_EAGAIN so callers can
 * answer "unavailable, retry" instead of hanging (docs/internals/db.md).
 */
#ifndef RP_DB_H
#define RP_DB_H

#include <uv.h>
#include <libpq-fe.h>

typedef struct db_pool db_pool;

/*
 * Called exactly once per accepted query.  status is 0 with a result whose
 * status is PGRES_TUPLES_OK or PGRES_FATAL_ERROR (inspect it), or RP_EAGAIN
 * when the connection broke or the pool shut down before an answer (res is
 * NULL).  The result is freed by the pool after the callback returns.
 */
typedef void (*db_cb)(void *data, int status, PGresult *res);

db_pool *db_pool_new(uv_loop_t *loop, const char *conninfo, int size, int max_queue);

/*
 * Queue sql with n text parameters (copied; NULL = SQL NULL).  Returns 0 and
 * later calls cb; or RP_EAGAIN when no connection is up or the queue is
 * full, RP_ENOMEM — then cb is never called.
 */
int db_query(db_pool *p, const char *sql, int n, const char *const *params,
             db_cb cb, void *data);

/* Connections currently usable. */
int db_pool_up(db_pool *p);

/* Fail queued queries, close every connection; done(data) when all closed. */
void db_pool_close(db_pool *p, void (*done)(void *), void *data);

/* Free the pool after db_pool_close's done callback has run. */
void db_pool_free(db_pool *p);

#endif
