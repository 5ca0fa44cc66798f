/*
 * main.c - rongpei, the client officials use: reads the environment a
 * demo or deployment env file prepared (RONGPEI_SERVER, RONGPEI_CA,
 * RONGPEI_CERT, RONGPEI_KEY, RONGPEI_USER), and runs one command.
 * Calling the server, sessions and output live here; the command table in
 * commands.c, the runner that parses a command line against it in run.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "cmdtab.h"
#include "methods.h"
#include "pbjson.h"
#include "rp.h"

int
cli_status_exit(int status)
{
    switch (status) {
    case RP_ST_OK: return EX_OK_;
    case RP_ST_INVALID: return EX_INVALID;
    case RP_ST_LIMIT: return EX_INVALID;
    case RP_ST_UNAUTHENTICATED: return EX_AUTH;
    case RP_ST_REFUSED: return EX_REFUSED;
    case RP_ST_NOT_FOUND: return EX_NOTFOUND;
    case RP_ST_CONFLICT: return EX_CONFLICT;
    case RP_ST_UNAVAILABLE: return EX_UNAVAILABLE;
    case RP_ST_VERSION: return EX_CONNECT;
    case RP_ST_CERTIFICATE: return EX_CONNECT;
    case RP_ST_PASSWORD_CHANGE: return EX_PASSWORD;
    default: return EX_FAIL;
    }
}

/* ------------------------------------------------------------------ sessions */

static void
session_path(cli *c)
{
    const char *f = getenv("RONGPEI_SESSION_FILE");
    const char *home = getenv("HOME");

    if (f != NULL && *f) {
        snprintf(c->session_file, sizeof(c->session_file), "%s", f);
        return;
    }
    snprintf(c->session_file, sizeof(c->session_file), "%s/.rongpei/session-%s",
             home ? home : ".", c->user ? c->user : "default");
}

static void
session_load(cli *c)
{
    FILE *f = fopen(c->session_file, "r");

    c->session[0] = '\0';
    if (f == NULL)
        return;
    if (fgets(c->session, sizeof(c->session), f) == NULL)
        c->session[0] = '\0';
    c->session[strcspn(c->session, "\r\n")] = '\0';
    fclose(f);
}

int
cli_session_save(cli *c, const char *token)
{
    char dir[1024];
    char *slash;
    int fd;
    FILE *f;

    snprintf(dir, sizeof(dir), "%s", c->session_file);
    slash = strrchr(dir, '/');
    if (slash != NULL) {
        *slash = '\0';
        mkdir(dir, 0700);
    }
    fd = open(c->session_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
        fprintf(stderr, "rongpei: 无法保存会话到 %s：%s\n", c->session_file, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    fprintf(f, "%s\n", token);
    fclose(f);
    snprintf(c->session, sizeof(c->session), "%s", token);
    return 0;
}

void
cli_session_clear(cli *c)
{
    unlink(c->session_file);
    c->session[0] = '\0';
}

int
cli_read_password(const char *prompt, int from_stdin, char *buf, size_t n)
{
    struct termios old, quiet;
    int tty = !from_stdin && isatty(STDIN_FILENO);
    char *ok;

    if (tty) {
        fprintf(stderr, "%s", prompt);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t) ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    ok = fgets(buf, (int) n, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (ok == NULL)
        return -1;
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

/* ------------------------------------------------------------------ calls */

/* Connected, or the reason printed (unless more attempts follow: quiet). */
static int
ensure_connected(cli *c, int quiet)
{
    char err[512];
    int code;

    if (c->r != NULL)
        return 0;
    if (c->net.server == NULL || c->net.ca == NULL || c->net.cert == NULL || c->net.key == NULL) {
        fprintf(stderr, "rongpei: 未配置服务器连接：请设置 RONGPEI_SERVER、RONGPEI_CA、RONGPEI_CERT、"
                "RONGPEI_KEY（例如 . var/demo/bureau-admin.env）\n");
        return EX_USAGE_;
    }
    c->r = rpc_open(&c->net, &code, err, sizeof(err));
    c->open_code = code;
    if (c->r == NULL) {
        if (!quiet || code != RPC_ECONNECT)
            fprintf(stderr, "rongpei: %s\n", err);
        if (code == RPC_ECONNECT || code == RPC_ETLS || code == RPC_EPROTO)
            return EX_CONNECT;
        return cli_status_exit(code);
    }
    return 0;
}

static void
new_key(char out[33])
{
    unsigned char rnd[16];

    RAND_bytes(rnd, sizeof(rnd));
    rp_hex(rnd, sizeof(rnd), out);
}

int
cli_call(cli *c, const char *name, const ProtobufCMessage *body, rpc_result *res)
{
    const method *m = method_find(name);
    char key[33];
    const char *idem = NULL;
    int attempt;
    int rc = 0;

    if (m != NULL && (m->flags & M_MUTATING)) {
        new_key(key);
        idem = c->idem ? c->idem : key;
    }
    for (attempt = 0; attempt < 4; attempt++) {
        if (attempt > 0) {
            struct timespec ts = {0, 200000000L * attempt};

            nanosleep(&ts, NULL);
            rpc_close(c->r);
            c->r = NULL;
        }
        rc = ensure_connected(c, attempt < 3);
        /* only a network failure is worth retrying, not a local file or a refusal */
        if (rc == EX_CONNECT && attempt < 3 && c->r == NULL && c->open_code == RPC_ECONNECT) {
            memset(res, 0, sizeof(*res));
            res->message = res->msgbuf;
            res->detail = "";
            arena_init(&res->a, 0);
            continue;
        }
        if (rc != 0) {
            memset(res, 0, sizeof(*res));
            res->message = res->msgbuf;
            res->detail = "";
            arena_init(&res->a, 0);
            return rc;
        }
        rc = rpc_call(c->r, name, c->session, idem, body,
                      m ? m->reply : NULL, res);
        if (rc == RPC_ECONNECT && attempt < 3) {
            fprintf(stderr, "rongpei: 连接中断，正在重试（第 %d 次）；已送达的修改不会重复执行\n", attempt + 1);
            rpc_result_free(res);
            continue;
        }
        if (rc != 0) {
            fprintf(stderr, "rongpei: %s\n", res->message);
            return EX_CONNECT;
        }
        if (res->status == RP_ST_UNAVAILABLE && attempt < 3) {
            rpc_result_free(res);
            continue;
        }
        break;
    }
    if (rc != 0) {
        fprintf(stderr, "rongpei: 无法连接服务器\n");
        return EX_CONNECT;
    }
    if (res->status != RP_ST_OK && c->quiet) {
        if (res->status == RP_ST_UNAUTHENTICATED && strcmp(name, "session.login") != 0)
            cli_session_clear(c);
        return cli_status_exit(res->status);
    }
    if (res->status != RP_ST_OK) {
        if (c->json) {
            json_t *j = json_pack("{s:s, s:i, s:s, s:s}", "status", rp_status_name(res->status),
                                  "code", res->status, "message", res->message,
                                  "detail", res->detail);
            char *s = j ? json_dumps(j, 0) : NULL;

            printf("%s\n", s ? s : "{}");
            free(s);
            json_decref(j);
        }
        fprintf(stderr, "rongpei: %s\n", res->message[0] ? res->message : rp_status_name(res->status));
        if (res->detail[0])
            fprintf(stderr, "%s\n", res->detail);
        if (res->status == RP_ST_UNAUTHENTICATED && strcmp(name, "session.login") != 0)
            cli_session_clear(c);
        return cli_status_exit(res->status);
    }
    return 0;
}

void
cli_print(cli *c, const ProtobufCMessage *m, const char *list_field, const col *cols, size_t ncols)
{
    if (c->json) {
        json_t *j = pbjson_from_msg(m);
        char *s = j ? json_dumps(j, JSON_INDENT(2)) : NULL;

        printf("%s\n", s ? s : "{}");
        free(s);
        json_decref(j);
        return;
    }
    if (list_field != NULL) {
        const ProtobufCFieldDescriptor *f =
            protobuf_c_message_descriptor_get_field_by_name(m->descriptor, list_field);
        size_t n = *(const size_t *) ((const char *) m + f->quantifier_offset);
        ProtobufCMessage *const *rows = *(ProtobufCMessage *const *const *) ((const char *) m + f->offset);

        table_print(stdout, rows, n, cols, ncols);
        return;
    }
    table_print_record(stdout, m, cols, ncols);
}

int
main(int argc, char **argv)
{
    cli c;
    int i = 1;
    int rc;

    /* a link reset under a write is an error to report, not a signal that kills */
    signal(SIGPIPE, SIG_IGN);
    setlocale(LC_ALL, "");
    if (MB_CUR_MAX == 1)
        setlocale(LC_CTYPE, "C.UTF-8");
    memset(&c, 0, sizeof(c));
    c.net.server = getenv("RONGPEI_SERVER");
    c.net.ca = getenv("RONGPEI_CA");
    c.net.cert = getenv("RONGPEI_CERT");
    c.net.key = getenv("RONGPEI_KEY");
    c.net.timeout_s = 30;
    c.user = getenv("RONGPEI_USER");
    while (i < argc && strncmp(argv[i], "--", 2) == 0) {
        if (strcmp(argv[i], "--json") == 0)
            c.json = 1;
        else if (strcmp(argv[i], "--offline") == 0)
            c.offline = 1;
        else if (strcmp(argv[i], "--idempotency-key") == 0 && i + 1 < argc)
            c.idem = argv[++i];
        else if (strcmp(argv[i], "--help") == 0) {
            cmd_usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--man") == 0) {
            cmd_man(stdout);
            return 0;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("rongpei %s (protocol %d)\n", RP_VERSION, RP_PROTOCOL_MAX);
            return 0;
        } else {
            fprintf(stderr, "rongpei: 未知选项 %s\n", argv[i]);
            return EX_USAGE_;
        }
        i++;
    }
    if (i >= argc) {
        cmd_usage(stderr);
        return EX_USAGE_;
    }
    /* --json and --offline are accepted anywhere on the line */
    {
        int r, w;

        for (r = w = i; r < argc; r++) {
            if (strcmp(argv[r], "--json") == 0)
                c.json = 1;
            else if (strcmp(argv[r], "--offline") == 0)
                c.offline = 1;
            else
                argv[w++] = argv[r];
        }
        argc = w;
    }
    session_path(&c);
    session_load(&c);
    rc = cmd_main(&c, argc - i, argv + i);
    rpc_close(c.r);
    return rc;
}

int
cli_uuid(char out[37])
{
    unsigned char b[16];

    if (RAND_bytes(b, sizeof(b)) != 1)
        return -1;
    b[6] = (unsigned char) ((b[6] & 0x0f) | 0x40);      /* version 4 */
    b[8] = (unsigned char) ((b[8] & 0x3f) | 0x80);      /* RFC 4122 variant */
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
    return 0;
}
