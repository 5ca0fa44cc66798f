/*
 * cmdtab.h - the client's command table (commands.c) and the one runner
 * that serves it (run.c).
 *
 * A command is a row: its words ("org list"), the method it calls, its
 * options and positional arguments (each with the request field it sets,
 * its type from the message descriptor, whether it is required or may
 * repeat, and its help in Chinese), and the columns of the reply to print.
 * The runner parses the command line (getopt_long), fills the request
 * message through the descriptors, calls the server (every page of a list
 * with --all), and prints the reply as a table or a record from the
 * columns, or as JSON.  Usage and --help come from the row.  A command that
 * needs work of its own in the client (files, PDFs, keys, team sync,
 * signing) names a function, which gets the parsed arguments and the
 * request the runner filled, and uses the same printing.
 */
#ifndef RP_CMDTAB_H
#define RP_CMDTAB_H

#include "cli.h"

/* Option flags */
enum {
    O_REQ = 1 << 0,     /* must be given (for a flag giving a field its value:
                         * one of the flags of that field must be given) */
    O_MULTI = 1 << 1,   /* may repeat; a repeated field takes every value */
    O_POS = 1 << 2,     /* a positional argument, in order; name is its placeholder */
    O_FIXED = 1 << 3,   /* not on the command line: the field always gets set */
    O_EACH = 1 << 4,    /* a positional that may name many (12 13, 12-20, 李青、王海):
                         * the method is called once for each, and each is reported */
};

typedef struct cmd_opt {
    const char *name;   /* --name; for O_POS the placeholder shown in usage */
    const char *field;  /* the request field it sets ("a.b": in sub-message a), or NULL */
    const char *arg;    /* the value's placeholder; NULL for a flag */
    unsigned flags;
    const char *help;   /* Chinese, one line */
    const char *set;    /* a flag: the value it gives its field (NULL: true);
                         * a repeated message field: "x:y", the sub-fields of
                         * a value written 名称:数字 */
    const char *column; /* its column in files the command reads, or NULL */
} cmd_opt;

/* Rows of options, by kind (help is Chinese, one line): */
#define ARG(n, f, arg, help) {(n), (f), (arg), 0, (help), NULL, NULL}
#define REQ(n, f, arg, help) {(n), (f), (arg), O_REQ, (help), NULL, NULL}
#define MULTI(n, f, arg, help) {(n), (f), (arg), O_MULTI, (help), NULL, NULL}
#define MULTI_REQ(n, f, arg, help) {(n), (f), (arg), O_MULTI | O_REQ, (help), NULL, NULL}
#define FLAG(n, f, help) {(n), (f), NULL, 0, (help), NULL, NULL}
/* flags that give one field its value: at most one of them; CHOICE1: one of them */
#define CHOICE(n, f, v, help) {(n), (f), NULL, 0, (help), (v), NULL}
#define CHOICE1(n, f, v, help) {(n), (f), NULL, O_REQ, (help), (v), NULL}
#define POS(n, f, help) {(n), (f), (n), O_POS | O_REQ, (help), NULL, NULL}
#define POS_EACH(n, f, help) {(n), (f), (n), O_POS | O_REQ | O_MULTI | O_EACH, (help), NULL, NULL}
#define POS_OPT(n, f, help) {(n), (f), (n), O_POS, (help), NULL, NULL}
#define PAIRS(n, f, arg, sub, help) {(n), (f), (arg), O_MULTI, (help), (sub), NULL}
#define FIXED(f, v) {"", (f), NULL, O_FIXED, NULL, (v), NULL}
#define COLUMN(n, f, arg, col, help) {(n), (f), (arg), 0, (help), NULL, (col)}
#define COLUMN_MULTI(n, f, arg, col, help) {(n), (f), (arg), O_MULTI, (help), NULL, (col)}

typedef struct command command;
typedef struct cmd_args cmd_args;

/* A command's own work: 0 or an exit code. */
typedef int (*cmd_fn)(cli *c, cmd_args *a);

struct command {
    const char *words;      /* "org list" */
    const char *method;     /* the method it calls; NULL for client-only commands */
    cmd_fn fn;              /* NULL: call and print (cmd_run) */
    const cmd_opt *opts;    /* ends with {NULL} */
    const char *list;       /* the reply's repeated field printed as rows; NULL: a record */
    const col *cols;        /* ends with {NULL}; NULL: print nothing but JSON */
    const char *help;       /* one line */
    const char *more;       /* further paragraphs of --help: examples, rules */
    const cmd_opt *columns; /* the file it reads has these options' columns (--help lists them), or NULL */
};

#define C(f, h) {(f), (h), F_AUTO}
#define MONEY(f, h) {(f), (h), F_MONEY}
#define COLS(...) ((const col[]) {__VA_ARGS__, {0}})
#define OPTS(...) ((const cmd_opt[]) {__VA_ARGS__, {0}})
#define NO_OPTS ((const cmd_opt[]) {{0}})

#define CMD_OPTS_MAX 48

struct cmd_args {
    const command *k;
    int nval[CMD_OPTS_MAX];
    const char **val[CMD_OPTS_MAX];     /* into argv */
    int all;                            /* --all: every page */
    int limit;                          /* --limit: rows a page */
    const char *xlsx;                   /* --xlsx FILE: a list also written as a workbook (every page) */
    ProtobufCMessage *req;              /* filled from the options (NULL without a method) */
    arena a;                            /* the request's memory */
};

extern const command commands[];
extern const int commands_count;

/* The value of option name (the last if repeated), or NULL. */
const char *arg_str(const cmd_args *a, const char *name);
int arg_flag(const cmd_args *a, const char *name);
int arg_count(const cmd_args *a, const char *name);
const char *arg_nth(const cmd_args *a, const char *name, int i);

/* Call a->k->method with a->req (every page with --all) and print the
 * reply as the row says; returns the exit code. */
int cmd_run(cli *c, cmd_args *a);

/*
 * Call method with req; a list method's pages are all read (with a
 * progress line when it takes long) and their rows gathered.  On success
 * *pages holds the results (free with cmd_pages_free) and rows/n, when
 * list is not NULL, every row of that field.
 */
typedef struct cmd_pages {
    rpc_result **res;
    int n;
    ProtobufCMessage **rows;
    size_t nrows;
    int more;               /* a next page exists that was not read */
} cmd_pages;
int cmd_call_pages(cli *c, const char *method, ProtobufCMessage *req, const char *list, int all, int limit,
                   cmd_pages *pages);
void cmd_pages_free(cmd_pages *p);
/* Every page as one JSON object on stdout: the first page's, with the rows
 * of list from all of them and the last page's next. */
void cmd_pages_json(const cmd_pages *p, const char *list);
/* On stderr, when a page was left unread: how to read the rest. */
void cmd_pages_note(const cmd_pages *p);

/* Print a reply: JSON with --json, else rows of list under cols, or the
 * record under cols. */
void cmd_print(cli *c, const ProtobufCMessage *m, const char *list, const col *cols);

/*
 * Set option o's request field in m from one cell of a file (repeated
 * fields split at 、;), as the runner sets it from the command line;
 * messages name o's column.  An empty cell sets nothing.  0, or -1 with err.
 */
int cmd_set_text(ProtobufCMessage *m, const cmd_opt *o, const char *text, arena *ar, char *err, size_t errsz);

/* Rows under the columns cols (ending with {0}), as a table on stdout. */
void cmd_table(ProtobufCMessage *const *rows, size_t n, const col *cols);

/* The name of a division code, for tables (run.c; asks the server once). */
const char *cmd_division_name(const char *code);

/* The code of a Chinese label for a field (私营 -> private), or value. */
const char *cmd_code(const char *field, const char *value);
int cmd_vocabulary(const char *field, char *buf, size_t n);
extern const cmd_opt enterprise_fields[];
extern const cmd_opt nomination_columns[];
extern const cmd_opt team_columns[];

/* Usage of every command; one command's help. */
void cmd_usage(FILE *f);
void cmd_help(FILE *f, const command *k);
/* Every command with its options and file columns, as troff for the man
 * page (rongpei --man; make docs writes it into man/rongpei.1). */
void cmd_man(FILE *f);

/* The enterprise profile's options, with their columns in files (commands.c). */
extern const cmd_opt enterprise_fields[];

/* The commands with work of their own (cmd.c and the files named). */
int cmd_login(cli *c, cmd_args *a);
int cmd_template(cli *c, cmd_args *a);
int cmd_declaration_sign(cli *c, cmd_args *a);
int cmd_outbox(cli *c, cmd_args *a);
int cmd_calendar_load(cli *c, cmd_args *a);
int cmd_outbox_send(cli *c, cmd_args *a);
int cmd_outbox_drop(cli *c, cmd_args *a);
/* outbox.c: queue a command line (why: what to say first), and whether a
 * method's commands go there by themselves when the server is unreachable */
int outbox_queue(cli *c, int argc, char **argv, const char *why);
int outbox_field_work(const char *method);
int cmd_logout(cli *c, cmd_args *a);
int cmd_passwd(cli *c, cmd_args *a);
int cmd_user_create(cli *c, cmd_args *a);
int cmd_user_reset(cli *c, cmd_args *a);
int cmd_cert_issue(cli *c, cmd_args *a);
int cmd_round_open(cli *c, cmd_args *a);
int cmd_round_quota(cli *c, cmd_args *a);
int cmd_advisor_import(cli *c, cmd_args *a);
int cmd_review_assign(cli *c, cmd_args *a);
int cmd_advisor_history(cli *c, cmd_args *a);
int cmd_inbox(cli *c, cmd_args *a);
int cmd_certificate_pdf(cli *c, cmd_args *a);
int cmd_roster(cli *c, cmd_args *a);
int cmd_call(cli *c, cmd_args *a);
/* enterprise.c */
int cmd_enterprise_save(cli *c, cmd_args *a);
int cmd_keylist_open(cli *c, cmd_args *a);
int cmd_keylist_rounds(cli *c, cmd_args *a);
int cmd_keylist_list(cli *c, cmd_args *a);
int cmd_keylist_stats(cli *c, cmd_args *a);
int cmd_enterprise_timeline(cli *c, cmd_args *a);
int cmd_attachment_add(cli *c, cmd_args *a);
int cmd_attachment_get(cli *c, cmd_args *a);
int cmd_recommend_import(cli *c, cmd_args *a);
/* group.c */
int cmd_group_propose(cli *c, cmd_args *a);
int cmd_group_list(cli *c, cmd_args *a);
/* pairing_cmd.c */
int cmd_pairing_propose(cli *c, cmd_args *a);
/* agreement.c */
int cmd_agreement_template(cli *c, cmd_args *a);
int cmd_agreement_template_save(cli *c, cmd_args *a);
int cmd_agreement_draft(cli *c, cmd_args *a);
int cmd_agreement_show(cli *c, cmd_args *a);
int cmd_agreement_sign(cli *c, cmd_args *a);
int cmd_agreement_pdf(cli *c, cmd_args *a);
/* team.c */
int cmd_team_export(cli *c, cmd_args *a);
int cmd_team_sync(cli *c, cmd_args *a);
int cmd_team_outbox(cli *c, cmd_args *a);
/* The team sync's local queue, for rongpei outbox (team.c). */
int team_pending(cli *c, size_t *changes, size_t *conflicts);
int team_send_pending(cli *c);
int cmd_team_conflicts(cli *c, cmd_args *a);
int cmd_team_resolve(cli *c, cmd_args *a);

#endif
