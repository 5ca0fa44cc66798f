/*
 * server.h - the pieces of rongpeid and how they fit:
 *
 *   listener (main.c) -> conn (conn.c: socket, TLS, frames, limits)
 *     -> gate (gate.c: method table, decode, session/role gate, flows)
 *       -> db (db.c: api.dispatch on the async pool) -> gate -> conn
 *
 * Ownership: the server owns every conn; a conn owns its TLS state and read
 * buffer; each call owns its arena and holds a reference on its conn, so a
 * conn closed while calls are in flight is freed when the last one ends.
 */
#ifndef RP_SERVER_H
#define RP_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "config.h"
#include "db.h"
#include "pii.h"
#include "tls.h"

typedef struct conn conn;
typedef struct ca ca;
struct call;

typedef struct server {
    uv_loop_t *loop;
    uv_tcp_t listener;
    uv_signal_t sigint, sigterm;
    uv_timer_t housekeeping;
    uv_timer_t drain_timer;
    uv_timer_t certs;          /* reloads the certificates refused in the handshake */
    const config *cfg;
    tls_ctx *tls;
    db_pool *db;
    pii_keys keys;
    ca *ca;                 /* NULL when this server signs no certificates */
    conn *conns;            /* doubly linked */
    int nconns;
    uint64_t next_conn_id;
    int draining;
    char rbuf[65536];       /* shared socket read buffer (one loop thread) */
} server;

struct conn {
    uv_tcp_t tcp;
    uv_timer_t timer;       /* handshake, then idle timeout */
    server *srv;
    conn *prev, *next;
    tls_conn *tls;
    enum { CONN_HANDSHAKE, CONN_OPEN, CONN_CLOSING } state;
    uint64_t id;
    char peer[64];
    char fingerprint[65];
    int hello_done;
    int authed;             /* a call with a valid session succeeded: bigger frames allowed */
    uint8_t *buf;           /* plaintext not yet framed */
    size_t len, cap;
    int in_flight;
    struct call *calls;     /* calls in flight whose id is known (gate.c) */
    int refs;               /* 1 for the conn itself + 1 per call + handles closing */
    int reading;
    int paused;             /* reads stopped for back-pressure */
};

/* conn.c */
void conn_accept(server *s);
/* Frame and send a response or notification; drops it if the conn is closing. */
void conn_send(conn *c, const void *frame);
void conn_close(conn *c, const char *why);
void conn_release(conn *c);
void conn_call_done(conn *c);
void conn_close_idle(server *s);

/* gate.c: one complete frame payload received on c. */
void gate_frame(conn *c, const uint8_t *payload, size_t len);
/* Parse every method's transforms from the registry (0, or -1 with err),
 * and prepare the hash that unknown users' logins are verified against, so
 * a login's timing does not tell whether the account exists. */
int gate_init(char *err, size_t errsz);

#endif
