/*
 * db.c - asynchronous libpq pool (see db.h).
 *
 * Each pooled connection is an explicit state machine:
 *   DOWN -> (timer) -> CONNECTING -> IDLE <-> BUSY -> (error) -> CLOSING -> DOWN
 * The uv_poll_t watching PQsocket() is closed, and its close callback run,
 * before PQfinish() releases the descriptor (libuv forbids closing a watched
 * descriptor).
 */
#include "db.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rp.h"

#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 5000

enum pg_state { PG_DOWN, PG_CONNECTING, PG_IDLE, PG_BUSY, PG_CLOSING };

typedef struct db_req db_req;
struct db_req {
    db_req *next;
    const char *sql;
    int n;
    char **params;
    db_cb cb;
    void *data;
};

typedef struct pgc {
    db_pool *pool;
    int index;
    enum pg_state state;
    PGconn *conn;
    uv_poll_t *poll;        /* heap: freed in its close callback */
    uv_timer_t timer;       /* reconnect backoff */
    int backoff_ms;
    int fd;
    db_req *cur;
    PGresult *res;          /* first result of cur, kept until the NULL */
} pgc;

struct db_pool {
    uv_loop_t *loop;
    char *conninfo;
    int size;
    int max_queue;
    int queued;
    db_req *head, *tail;
    pgc *conns;
    int closing;
    int open_handles;
    void (*done)(void *);
    void *done_data;
};

static void start_connect(pgc *c);
static void pump(db_pool *p);

static void
req_free(db_req *r)
{
    free(r->params);        /* strings live in the same block */
    free(r);
}

static void
finish_req(db_req *r, int status, PGresult *res)
{
    r->cb(r->data, status, res);
    req_free(r);
}

static void
handle_closed(uv_handle_t *h)
{
    db_pool *p = h->data;

    if (--p->open_handles == 0 && p->closing && p->done != NULL)
        p->done(p->done_data);
}

static void
poll_closed(uv_handle_t *h)
{
    free(h);
}

static void
drop_poll(pgc *c)
{
    if (c->poll != NULL) {
        uv_poll_stop(c->poll);
        uv_close((uv_handle_t *) c->poll, poll_closed);
        c->poll = NULL;
    }
}

static void
timer_cb(uv_timer_t *t)
{
    pgc *c = t->data;

    if (!c->pool->closing)
        start_connect(c);
}

static int
live_count(db_pool *p)
{
    int i, n = 0;

    for (i = 0; i < p->size; i++)
        if (p->conns[i].state == PG_IDLE || p->conns[i].state == PG_BUSY)
            n++;
    return n;
}

static void
fail_queue(db_pool *p)
{
    while (p->head != NULL) {
        db_req *r = p->head;

        p->head = r->next;
        p->queued--;
        finish_req(r, RP_EAGAIN, NULL);
    }
    p->tail = NULL;
}

/* Tear down a broken connection and schedule a reconnect. */
static void
conn_broken(pgc *c, const char *why)
{
    db_pool *p = c->pool;
    db_req *r = c->cur;

    if (c->state != PG_CONNECTING)
        log_warn("db", "connection %d lost: %s", c->index, why);
    c->cur = NULL;
    PQclear(c->res);
    c->res = NULL;
    drop_poll(c);
    if (c->conn != NULL) {
        PQfinish(c->conn);      /* poll handle is stopped; the fd is ours again */
        c->conn = NULL;
    }
    c->state = PG_DOWN;
    if (r != NULL)
        finish_req(r, RP_EAGAIN, NULL);
    if (live_count(p) == 0)
        fail_queue(p);
    if (!p->closing) {
        uv_timer_start(&c->timer, timer_cb, (uint64_t) c->backoff_ms, 0);
        c->backoff_ms = c->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : c->backoff_ms * 2;
    }
}

static void poll_cb(uv_poll_t *h, int status, int events);

static int
watch(pgc *c, int events)
{
    int fd = PQsocket(c->conn);

    if (fd < 0)
        return RP_EIO;
    if (c->poll != NULL && fd != c->fd)
        drop_poll(c);
    if (c->poll == NULL) {
        c->poll = malloc(sizeof(*c->poll));
        if (c->poll == NULL)
            return RP_ENOMEM;
        if (uv_poll_init(c->pool->loop, c->poll, fd) != 0) {
            free(c->poll);
            c->poll = NULL;
            return RP_EIO;
        }
        c->poll->data = c;
        c->fd = fd;
    }
    return uv_poll_start(c->poll, events, poll_cb) == 0 ? 0 : RP_EIO;
}

static void
start_connect(pgc *c)
{
    c->conn = PQconnectStart(c->pool->conninfo);
    if (c->conn == NULL || PQstatus(c->conn) == CONNECTION_BAD) {
        c->state = PG_CONNECTING;
        conn_broken(c, c->conn ? PQerrorMessage(c->conn) : "out of memory");
        return;
    }
    c->state = PG_CONNECTING;
    if (watch(c, UV_WRITABLE) != 0)
        conn_broken(c, "cannot watch socket");
}

static void
connect_step(pgc *c)
{
    switch (PQconnectPoll(c->conn)) {
    case PGRES_POLLING_READING:
        if (watch(c, UV_READABLE) != 0)
            conn_broken(c, "cannot watch socket");
        return;
    case PGRES_POLLING_WRITING:
        if (watch(c, UV_WRITABLE) != 0)
            conn_broken(c, "cannot watch socket");
        return;
    case PGRES_POLLING_OK:
        if (PQsetnonblocking(c->conn, 1) != 0) {
            conn_broken(c, "cannot set non-blocking");
            return;
        }
        c->state = PG_IDLE;
        c->backoff_ms = BACKOFF_MIN_MS;
        if (watch(c, UV_READABLE) != 0) {
            conn_broken(c, "cannot watch socket");
            return;
        }
        log_info("db", "connection %d up", c->index);
        pump(c->pool);
        return;
    case PGRES_POLLING_FAILED:
    default:
        conn_broken(c, PQerrorMessage(c->conn));
        return;
    }
}

static void
busy_step(pgc *c, int events)
{
    PGresult *res;
    db_req *r;

    if (events & UV_WRITABLE) {
        int f = PQflush(c->conn);

        if (f < 0) {
            conn_broken(c, PQerrorMessage(c->conn));
            return;
        }
        if (f == 0)
            (void) watch(c, UV_READABLE);
    }
    if (!(events & UV_READABLE))
        return;
    if (PQconsumeInput(c->conn) == 0) {
        conn_broken(c, PQerrorMessage(c->conn));
        return;
    }
    if (c->state != PG_BUSY) {
        /* notices or an unsolicited close while idle */
        if (PQstatus(c->conn) == CONNECTION_BAD)
            conn_broken(c, "server closed the connection");
        return;
    }
    while (!PQisBusy(c->conn)) {
        res = PQgetResult(c->conn);
        if (res == NULL) {
            PGresult *first = c->res;

            r = c->cur;
            c->res = NULL;
            if (first == NULL) {
                conn_broken(c, "no result");
                return;
            }
            c->cur = NULL;
            c->state = PG_IDLE;
            finish_req(r, 0, first);
            PQclear(first);
            pump(c->pool);
            return;
        }
        if (c->res == NULL)
            c->res = res;
        else
            PQclear(res);
    }
}

static void
poll_cb(uv_poll_t *h, int status, int events)
{
    pgc *c = h->data;

    if (status < 0) {
        conn_broken(c, uv_strerror(status));
        return;
    }
    switch (c->state) {
    case PG_CONNECTING:
        connect_step(c);
        break;
    case PG_IDLE:
    case PG_BUSY:
        busy_step(c, events);
        break;
    case PG_DOWN:
    case PG_CLOSING:
        break;
    default:
        log_error("db", "connection %d in invalid state %d", c->index, (int) c->state);
        break;
    }
}

static void
send_req(pgc *c, db_req *r)
{
    int f;

    c->cur = r;
    c->state = PG_BUSY;
    if (PQsendQueryParams(c->conn, r->sql, r->n, NULL,
                          (const char *const *) r->params, NULL, NULL, 0) != 1) {
        conn_broken(c, PQerrorMessage(c->conn));
        return;
    }
    f = PQflush(c->conn);
    if (f < 0) {
        conn_broken(c, PQerrorMessage(c->conn));
        return;
    }
    if (watch(c, f ? UV_READABLE | UV_WRITABLE : UV_READABLE) != 0)
        conn_broken(c, "cannot watch socket");
}

static void
pump(db_pool *p)
{
    int i;

    for (i = 0; i < p->size && p->head != NULL; i++) {
        pgc *c = &p->conns[i];

        if (c->state == PG_IDLE) {
            db_req *r = p->head;

            p->head = r->next;
            if (p->head == NULL)
                p->tail = NULL;
            p->queued--;
            r->next = NULL;
            send_req(c, r);
        }
    }
}

db_pool *
db_pool_new(uv_loop_t *loop, const char *conninfo, int size, int max_queue)
{
    db_pool *p = calloc(1, sizeof(*p));
    int i;

    if (p == NULL)
        return NULL;
    p->conns = calloc((size_t) size, sizeof(pgc));
    p->conninfo = strdup(conninfo);
    if (p->conns == NULL || p->conninfo == NULL) {
        free(p->conns);
        free(p->conninfo);
        free(p);
        return NULL;
    }
    p->loop = loop;
    p->size = size;
    p->max_queue = max_queue;
    for (i = 0; i < size; i++) {
        pgc *c = &p->conns[i];

        c->pool = p;
        c->index = i;
        c->backoff_ms = BACKOFF_MIN_MS;
        uv_timer_init(loop, &c->timer);
        c->timer.data = c;
        p->open_handles++;
        start_connect(c);
    }
    return p;
}

int
db_pool_up(db_pool *p)
{
    return live_count(p);
}

int
db_query(db_pool *p, const char *sql, int n, const char *const *params,
         db_cb cb, void *data)
{
    db_req *r;
    size_t total = 0;
    char *s;
    int i;

    if (p->closing || live_count(p) == 0 || p->queued >= p->max_queue)
        return RP_EAGAIN;
    for (i = 0; i < n; i++)
        total += params[i] ? strlen(params[i]) + 1 : 0;
    r = calloc(1, sizeof(*r));
    if (r == NULL)
        return RP_ENOMEM;
    r->params = malloc(sizeof(char *) * (size_t) (n > 0 ? n : 1) + total);
    if (r->params == NULL) {
        free(r);
        return RP_ENOMEM;
    }
    s = (char *) (r->params + (n > 0 ? n : 1));
    for (i = 0; i < n; i++) {
        if (params[i] == NULL) {
            r->params[i] = NULL;
            continue;
        }
        size_t len = strlen(params[i]) + 1;

        memcpy(s, params[i], len);
        r->params[i] = s;
        s += len;
    }
    r->sql = sql;
    r->n = n;
    r->cb = cb;
    r->data = data;
    if (p->tail != NULL)
        p->tail->next = r;
    else
        p->head = r;
    p->tail = r;
    p->queued++;
    pump(p);
    return 0;
}

void
db_pool_close(db_pool *p, void (*done)(void *), void *data)
{
    int i;

    p->closing = 1;
    p->done = done;
    p->done_data = data;
    fail_queue(p);
    for (i = 0; i < p->size; i++) {
        pgc *c = &p->conns[i];
        db_req *r = c->cur;

        c->cur = NULL;
        PQclear(c->res);
        c->res = NULL;
        drop_poll(c);
        if (c->conn != NULL) {
            PQfinish(c->conn);
            c->conn = NULL;
        }
        c->state = PG_CLOSING;
        if (r != NULL)
            finish_req(r, RP_EAGAIN, NULL);
        uv_timer_stop(&c->timer);
        c->timer.data = p;
        uv_close((uv_handle_t *) &c->timer, handle_closed);
    }
}

void
db_pool_free(db_pool *p)
{
    free(p->conns);
    free(p->conninfo);
    free(p);
}
