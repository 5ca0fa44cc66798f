/*
 * outbox.c - the client's outbox: changes made where there is no
 * connection (玉树, 果洛, 海西), sent when there is one.
 *
 * A mutating command given --offline, or a field-work command (services,
 * needs, monthly reports, risk warnings, declarations) whose server cannot
 * be reached, is not lost: its command line is kept with an idempotency
 * key made now, in a file beside the session's (<session file>.outbox).
 * `rongpei outbox send` runs each again, in order, with its own key, so a
 * change the server did before the link dropped is answered from the
 * server's record and never done twice; names are resolved then, with the
 * server.  One the server refuses (the record was corrected meanwhile, a
 * deadline passed) stays, marked, for the user to settle: `rongpei outbox`
 * shows it, `rongpei outbox drop N` discards it.  The file is rewritten
 * whole (a temporary file renamed over it) after every item, so a kill at
 * any moment loses nothing and repeats nothing.  The team sync keeps its
 * own changes record by record, with their conflicts (team.c); rongpei
 * outbox shows them too and outbox send sends them after its own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cmdtab.h"
#include "methods.h"
#include "rp.h"

static void
outbox_path(const cli *c, char *out, size_t n)
{
    snprintf(out, n, "%s.outbox", c->session_file);
}

/* The outbox's items (a new empty array when there is none), or NULL
 * with the reason printed. */
static json_t *
outbox_load(const cli *c)
{
    char path[1100];
    json_error_t e;
    json_t *j;

    outbox_path(c, path, sizeof(path));
    if (access(path, F_OK) != 0)
        return json_array();
    j = json_load_file(path, 0, &e);
    if (j == NULL || !json_is_array(j)) {
        fprintf(stderr, "rongpei: 待发送箱 %s 无法读取（%s）：请勿手工修改该文件\n", path, j ? "格式不对" : e.text);
        json_decref(j);
        return NULL;
    }
    return j;
}

static int
outbox_save(const cli *c, json_t *items)
{
    char path[1100], tmp[1200];

    outbox_path(c, path, sizeof(path));
    snprintf(tmp, sizeof(tmp), "%s", path);
    if (strrchr(tmp, '/') != NULL) {
        *strrchr(tmp, '/') = '\0';
        (void) mkdir(tmp, 0700);    /* ~/.rongpei, as the session's */
    }
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    if (json_dump_file(items, tmp, JSON_INDENT(1)) != 0 || rename(tmp, path) != 0) {
        fprintf(stderr, "rongpei: 无法写入待发送箱 %s\n", path);
        unlink(tmp);
        return -1;
    }
    return 0;
}

int
outbox_field_work(const char *name)
{
    static const char *const areas[] = {"service.", "need.", "plan.", "monthly.", "risk.", "declaration.", "message.", "note.", "question."};
    size_t i;

    for (i = 0; name && i < sizeof(areas) / sizeof(areas[0]); i++)
        if (strncmp(name, areas[i], strlen(areas[i])) == 0)
            return 1;
    return 0;
}

int
outbox_queue(cli *c, int argc, char **argv, const char *why)
{
    json_t *items = outbox_load(c), *words = json_array(), *item;
    char key[37], when[32];
    time_t now = time(NULL);
    int i;

    if (items == NULL || words == NULL || cli_uuid(key) != 0) {
        json_decref(items);
        json_decref(words);
        return EX_FAIL;
    }
    for (i = 0; i < argc; i++)
        json_array_append_new(words, json_string(argv[i]));
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M", localtime(&now));
    item = json_pack("{s:o, s:s, s:s, s:s}", "words", words, "key", c->idem ? c->idem : key, "queued_at", when,
                     "refused", "");
    json_array_append_new(items, item);
    if (outbox_save(c, items) != 0) {
        json_decref(items);
        return EX_FAIL;
    }
    fprintf(stderr, "rongpei: %s已存入待发送箱（共 %zu 项）；有网络时运行 rongpei outbox send 发送，"
                    "已送达的不会重复执行\n", why, json_array_size(items));
    json_decref(items);
    return 0;
}

/* An item's command line, as one text. */
static void
item_text(json_t *item, char *out, size_t n)
{
    json_t *w;
    size_t i, off = 0;

    out[0] = '\0';
    json_array_foreach(json_object_get(item, "words"), i, w)
        off += (size_t) snprintf(out + off, off < n ? n - off : 0, "%s%s", i ? " " : "", json_string_value(w));
}

/* The team sync keeps its changes record by record (team.c); the outbox
 * shows them and sends them too, so one command says what waits. */
static void
team_note(cli *c)
{
    size_t changes, conflicts;

    if (team_pending(c, &changes, &conflicts) == 0 && (changes || conflicts))
        printf("团队同步：待发送 %zu 项变更、待处理冲突 %zu 项（rongpei team outbox、rongpei team conflicts；"
               "rongpei outbox send 一并发送）\n", changes, conflicts);
}

int
cmd_outbox(cli *c, cmd_args *a)
{
    json_t *items = outbox_load(c), *item;
    const char *headers[4] = {"序号", "命令", "存入时间", "状态"};
    char **cells;
    size_t i, n;

    (void) a;
    if (items == NULL)
        return EX_FAIL;
    n = json_array_size(items);
    if (c->json) {
        char *s = json_dumps(items, JSON_INDENT(2));

        printf("%s\n", s ? s : "[]");
        free(s);
        json_decref(items);
        return 0;
    }
    if (n == 0) {
        printf("待发送箱是空的\n");
        team_note(c);
        json_decref(items);
        return 0;
    }
    cells = calloc(n * 4, sizeof(char *));
    json_array_foreach(items, i, item) {
        char text[2048], num[24];
        const char *refused = json_string_value(json_object_get(item, "refused"));

        snprintf(num, sizeof(num), "%zu", i + 1);
        item_text(item, text, sizeof(text));
        cells[i * 4] = strdup(num);
        cells[i * 4 + 1] = strdup(text);
        cells[i * 4 + 2] = strdup(json_string_value(json_object_get(item, "queued_at")));
        cells[i * 4 + 3] = strdup(refused && *refused ? refused : "待发送");
    }
    table_print_text(stdout, headers, 4, cells, n);
    printf("共 %zu 项；rongpei outbox send 发送，rongpei outbox drop 序号 放弃\n", n);
    team_note(c);
    for (i = 0; i < n * 4; i++)
        free(cells[i]);
    free(cells);
    json_decref(items);
    return 0;
}

/* What an exit code says of a refusal, for the outbox's list. */
static const char *
refusal(int rc)
{
    switch (rc) {
    case EX_REFUSED: return "未能发送：超出权限";
    case EX_INVALID: return "未能发送：内容不符合要求";
    case EX_NOTFOUND: return "未能发送：对象不存在";
    case EX_CONFLICT: return "未能发送：状态已变化（如已过修改期限）";
    case EX_AUTH: case EX_PASSWORD: return "未能发送：请先登录";
    default: return "未能发送";
    }
}

int
cmd_outbox_send(cli *c, cmd_args *a)
{
    json_t *items = outbox_load(c);
    const char *idem = c->idem;
    size_t i = 0, sent = 0, kept = 0;
    int rc = 0;

    (void) a;
    if (items == NULL)
        return EX_FAIL;
    while (i < json_array_size(items)) {
        json_t *item = json_array_get(items, i), *w;
        const char *refused = json_string_value(json_object_get(item, "refused"));
        char *argv[CMD_OPTS_MAX * 2 + 8];
        size_t k, argc = 0;
        int r;

        if (refused && *refused) {      /* waits for the user to settle it */
            i++;
            kept++;
            continue;
        }
        json_array_foreach(json_object_get(item, "words"), k, w)
            if (argc < sizeof(argv) / sizeof(argv[0]) - 1)
                argv[argc++] = (char *) json_string_value(w);
        argv[argc] = NULL;
        c->idem = json_string_value(json_object_get(item, "key"));
        c->sending = 1;
        r = cmd_main(c, (int) argc, argv);
        c->sending = 0;
        c->idem = idem;
        if (r == EX_CONNECT || r == EX_UNAVAILABLE) {
            fprintf(stderr, "rongpei: 连接中断，已发送 %zu 项，其余 %zu 项仍在待发送箱\n", sent,
                    json_array_size(items) - i);
            rc = r;
            break;
        }
        if (r == 0) {
            json_array_remove(items, i);
            sent++;
        } else {
            json_object_set_new(item, "refused", json_string(refusal(r)));
            kept++;
            i++;
            if (rc == 0)
                rc = r;
        }
        if (outbox_save(c, items) != 0) {
            rc = EX_FAIL;
            break;
        }
    }
    if (rc != EX_CONNECT && rc != EX_UNAVAILABLE)
        printf("待发送箱：已发送 %zu 项%s\n", sent, kept ? "；有未能发送的，见 rongpei outbox" : "");
    json_decref(items);
    /* and the team sync's changes, each with the id it was queued with */
    if (rc != EX_CONNECT && rc != EX_UNAVAILABLE) {
        size_t changes, conflicts;

        if (team_pending(c, &changes, &conflicts) == 0 && changes) {
            int r = team_send_pending(c);

            if (rc == 0)
                rc = r;
        }
    }
    return rc;
}

int
cmd_outbox_drop(cli *c, cmd_args *a)
{
    json_t *items = outbox_load(c);
    const char *s = arg_nth(a, "序号", 0);
    char *end;
    long n = strtol(s, &end, 10);

    if (items == NULL)
        return EX_FAIL;
    if (*end || n < 1 || (size_t) n > json_array_size(items)) {
        fprintf(stderr, "rongpei: 序号应为 1 至 %zu（rongpei outbox 列出）\n", json_array_size(items));
        json_decref(items);
        return EX_USAGE_;
    }
    json_array_remove(items, (size_t) n - 1);
    if (outbox_save(c, items) != 0) {
        json_decref(items);
        return EX_FAIL;
    }
    printf("已放弃第 %ld 项，待发送箱还有 %zu 项\n", n, json_array_size(items));
    json_decref(items);
    return 0;
}
