/*
 * methods.h - the method registry (methods.c): for every method, its
 * message types, whether it may be called before login, whether it mutates
 * (and so needs an idempotency key), which roles may call it, which fields
 * the server transforms before the database sees them, and what scope the
 * SQL behind it applies.
 *
 * The same table is written into the database by `rongpeid migrate`
 * (core.method) and checked against it when rongpeid starts
 * (server/registry.c): api.dispatch reads the roles and flags from there,
 * never from the caller.
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
    FLOW_PLAIN,     /* body -> JSON -> [transforms] -> api.dispatch -> reply */
    FLOW_HELLO,     /* version negotiation, then certificate check */
    FLOW_LOGIN,     /* look up hash, verify argon2id off-loop, record */
    FLOW_PASSWORD,  /* verify old, hash new off-loop, record */
    FLOW_META,      /* answered from this table, no database */
    FLOW_SOLVE,     /* api.gate, then on the worker: inputs streamed from the
                     * database, solved (pairing.propose), then api.dispatch */
};

/*
 * Field transforms, declared per method as "kind:path kind:path ...".  A
 * path names a field of the request by its proto name; "rows.mobile" means
 * the field mobile of every element of the repeated message field rows (a
 * bad value there marks its row instead of failing the call, so that every
 * bad row of a file is named at once).
 *
 *   mobile    a mainland mobile number: checked, sealed (SM4-CTR +
 *             HMAC-SM3), blind-indexed and masked: the database gets
 *             <field>_enc, <field>_idx, <field>_masked
 *   idno      a GB 11643 identity number: the same
 *   credit    a GB 32100 unified social credit code: checked
 *   password  the password rule checked, hashed with argon2id:
 *             <field>_hash
 *   csr       a PKCS#10 request signed into a client certificate for the
 *             number of days the method's prepare step (SQL) allows
 *   verify    a password verified by the flow (login, password change)
 *   plain     declared not sensitive, whatever its name suggests
 */
enum transform_kind {
    TR_MOBILE, TR_IDNO, TR_CREDIT, TR_PASSWORD, TR_CSR, TR_VERIFY, TR_PLAIN,
};

#define TR_MAX 8            /* transforms a method */
#define TR_PATH_MAX 4       /* segments a path */

typedef struct transform {
    enum transform_kind kind;
    int depth;                          /* segments in path */
    char path[TR_PATH_MAX][48];
} transform;

typedef struct method {
    const char *name;
    const ProtobufCMessageDescriptor *request;
    const ProtobufCMessageDescriptor *reply;
    unsigned flags;
    enum method_flow flow;
    const char *roles;      /* PostgreSQL array literal; "{*}" any logged-in user; "{}" anonymous */
    const char *transforms; /* "kind:path ..." */
    const char *scope;      /* what the SQL behind it lets the caller reach, in words */
    const char *summary;    /* Chinese, one line */
} method;

extern const method methods[];
extern const int methods_count;

/* The method named name, or NULL. */
const method *method_find(const char *name);

/* "plain", "hello", ... as stored in core.method. */
const char *method_flow_name(enum method_flow flow);

/*
 * Parse m->transforms into out (at most TR_MAX), checking every path
 * against the request descriptor: each segment but the last must be a
 * message field, the last a string field.  Returns the count, or -1 with
 * the reason in err.
 */
int method_transforms(const method *m, transform *out, char *err, size_t errsz);

/* The kind's name as written in the registry ("mobile"), or "?". */
const char *transform_kind_name(enum transform_kind kind);

#endif
