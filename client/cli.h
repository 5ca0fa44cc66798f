/*
 * cli.h - shared state of one rongpei invocation and the helpers commands
 * use: calling the server (with retries under one idempotency
 * key), printing tables or JSON, and exit codes.
 */
#ifndef RP_CLI_H
#define RP_CLI_H

#include <stdio.h>

#include "net.h"
#include "table.h"

/* Exit codes (rongpei --help, man rongpei). */
enum exit_code {
    EX_OK_ = 0,
    EX_FAIL = 1,        /* anything else: internal error */
    EX_USAGE_ = 2,      /* wrong command line */
    EX_AUTH = 3,        /* not logged in, session expired, login failed */
    EX_REFUSED = 4,     /* outside the caller's role or scope */
    EX_INVALID = 5,     /* invalid input */
    EX_NOTFOUND = 6,
    EX_CONFLICT = 7,
    EX_CONNECT = 8,     /* connection, TLS or certificate failure, version mismatch */
    EX_UNAVAILABLE = 9, /* server or database temporarily unavailable: retry */
    EX_PASSWORD = 10,   /* the password must be changed first (rongpei passwd) */
};

typedef struct cli {
    int json;
    rpc_opts net;
    const char *user;
    const char *idem;           /* --idempotency-key */
    int quiet;                  /* cli_call leaves a refusal for the caller to report */
    int offline;                /* --offline: mutating commands go to the outbox (outbox.c) */
    int sending;                /* the outbox is sending: a command is not queued again */
    rpc *r;
    int open_code;              /* why the last rpc_open failed (RPC_E* or a status) */
    char session[65];
    char session_file[1024];
} cli;

/*
 * Call method with body.  On success returns 0 and res holds the reply; on
 * failure prints the error in Chinese and returns the exit code.  Mutating
 * methods get a fresh idempotency key (or --idempotency-key), reused for up
 * to three retries when the connection drops or the server says retry.
 */
int cli_call(cli *c, const char *name, const ProtobufCMessage *body, rpc_result *res);

/* Print a reply: JSON with --json, else a table of the repeated message
 * field list_field (when not NULL) or a record. */
void cli_print(cli *c, const ProtobufCMessage *m, const char *list_field,
               const col *cols, size_t ncols);

int cli_status_exit(int status);

/* Session token persistence: ~/.rongpei/session-USER or RONGPEI_SESSION_FILE. */
int cli_session_save(cli *c, const char *token);
void cli_session_clear(cli *c);

/* Read a password: from stdin when from_stdin, else from the terminal. */
int cli_read_password(const char *prompt, int from_stdin, char *buf, size_t n);

/* A random (version 4) UUID as text; 0 or -1. */
int cli_uuid(char out[37]);

/* Run the command in argv (run.c). */
int cmd_main(cli *c, int argc, char **argv);
/* The Chinese label of a code value shown in tables (e.g. specialisms
 * "credit" -> "信贷融资"), or NULL. */
const char *cmd_label(const char *field, const char *value);

#endif
