/*
 * net.h - the client's connection to rongpeid: TCP, TLS 1.3 with the
 * organisation's certificate, the hello exchange, and one call at a time.
 *
 * This side may block: it is a command-line client that makes one or a few
 * calls and exits.  The protocol it speaks is docs/protocol.md.
 */
#ifndef RP_NET_H
#define RP_NET_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

#include "arena.h"

typedef struct rpc rpc;

typedef struct rpc_opts {
    const char *server;     /* host:port */
    const char *ca;
    const char *cert;
    const char *key;
    int timeout_s;
} rpc_opts;

typedef struct rpc_result {
    int status;             /* enum Status */
    const char *message;    /* the server's message (in a), or msgbuf */
    char msgbuf[512];
    const char *detail;     /* further text for the user (in a; a file's bad rows), or "" */
    int replayed;           /* the stored answer of an idempotency key already used */
    int retryable;
    ProtobufCMessage *reply;    /* in the result's arena, NULL unless OK */
    arena a;
} rpc_result;

/* Connection-level failures (distinct from a Response status). */
#define RPC_ECONNECT (-100)
#define RPC_ETLS (-101)
#define RPC_EPROTO (-102)

/*
 * Connect, handshake and send session.hello.  Returns a connection or NULL
 * with *code set to RPC_E* or to a Response status (VERSION, CERTIFICATE...)
 * and a Chinese message in err.
 */
rpc *rpc_open(const rpc_opts *o, int *code, char *err, size_t errsz);
void rpc_close(rpc *r);

/* Organisation of the certificate, as the server names it (after hello). */
const char *rpc_org_name(rpc *r);

/*
 * One call.  Returns 0 with res filled (check res->status), or RPC_E* when
 * the connection failed (res->message says why).  The caller calls
 * rpc_result_free(res) in both cases.
 */
int rpc_call(rpc *r, const char *method, const char *session, const char *idem,
             const ProtobufCMessage *body, const ProtobufCMessageDescriptor *reply_desc,
             rpc_result *res);
void rpc_result_free(rpc_result *res);

#endif
