/*
 * methods.h - the method table: the one place that says, for every method,
 * its message types, whether it may be called before login, whether it
 * mutates (and so needs an idempotency key), and which roles may call it.
 *
 * The server's gate (server/gate.c) reads nothing else to decide whether a
 * call reaches the database; the client uses it to encode and decode bodies;
 * the scope test (tests/integration/scope.sh) fails when a method here has
 * no refusal case there.
 */
#ifndef RP_METHODS_H
#define RP_METHODS_H

#include <protobuf-c/protobuf-c.h>

enum method_flags {
    M_ANON = 1 << 0,        /* callable without a session */
    M_MUTATING = 1 << 1,    /* changes state: idempotency key required, audited */
    M_AUDIT = 1 << 2,       /* a sensitive read or session event: audited */
    M_PWCHANGE_OK = 1 << 3, /* allowed while a password change is pending */
};

/* How the server prepares a call (server/gate.c). */
enum method_flow {
    FLOW_PLAIN,     /* body -> JSON -> api.dispatch -> reply */
    FLOW_HELLO,     /* version negotiation, then certificate check */
    FLOW_LOGIN,     /* look up hash, verify argon2id off-loop, record */
    FLOW_PASSWORD,  /* verify old, hash new off-loop, record */
    FLOW_META,      /* answered from this table, no database */
};

typedef struct method {
    const char *name;
    const ProtobufCMessageDescriptor *request;
    const ProtobufCMessageDescriptor *reply;
    unsigned flags;
    enum method_flow flow;
    const char *roles;      /* PostgreSQL array literal; "{*}" = any logged-in user */
    const char *summary;    /* Chinese, one line */
} method;

extern const method methods[];
extern const int methods_count;

/* The method named name, or NULL. */
const method *method_find(const char *name);

#endif
