/*
 * team.c - rongpei team export|sync|outbox|conflicts|resolve: a prefecture
 * office (or the bureau) keeps its advisor team in a CSV file, changes it
 * offline and synchronises (docs/protocol.md "Team sync", man rongpei).
 *
 * Local state lives in one directory per user ($RONGPEI_STATE_DIR, else
 * ~/.rongpei/team-USER), whichever address the server is reached by:
 *   base.json       the team as last downloaded, and the file it was written to
 *   outbox.json     changes not yet answered by the server, each with its
 *                   change id; "attempted" once it has been sent
 *   conflicts.json  changes the server refused to apply because the record
 *                   had changed there: both sides, until resolved
 * Every write goes to a temporary file, is fsync'd and renamed.
 *
 *   export    download the team, write base.json and the CSV file
 *   sync      read the file, turn every difference from base.json into a
 *             change in the outbox (one pending change per record: a change
 *             not yet sent is rewritten in place, one already sent waits
 *             for its answer), send the whole outbox, then write what the
 *             server answered: results, conflicts, the team, the file
 *   outbox    what has not been answered yet
 *   conflicts both sides of each conflict
 *   resolve   --mine: queue my values again against the server's version;
 *             --theirs: tell the server the conflict is settled its way
 *
 * A change is sent with the id it got when queued, so however often the
 * link drops and the command is run again, the server applies it once.
 */
#include "cmdtab.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "arena.h"
#include "csv.h"
#include "pbjson.h"
#include "rongpei.pb-c.h"

enum tcol { TC_ID, TC_VERSION, TC_NAME, TC_GENDER, TC_IDNO, TC_MOBILE, TC_ORG, TC_OFFICE, TC_POSITION,
            TC_TITLE, TC_YEARS, TC_SPEC, TC_PREF, TC_STATUS, TC_CERT, TC_TERM_END, TC_NOTE, TC_DECL,
            TC_NOTICE, TC_COUNT };

#define TEAM_COL(col, help) {"", NULL, NULL, 0, (help), NULL, (col)}

/* The team file's columns, in enum tcol's order: what export writes, sync
 * reads, --help lists and the template writes. */
const cmd_opt team_columns[TC_COUNT + 1] = {
    TEAM_COL("编号", "顾问编号（导出时填好；新增成员留空）"),
    TEAM_COL("版本", "导出时的版本，请勿修改（据此发现与服务器的冲突）"),
    TEAM_COL("姓名", "姓名（必填）"),
    TEAM_COL("性别", "男 或 女（新增成员）"),
    TEAM_COL("身份证号", "新增成员必填（GB 11643 校验）；已有成员为打码值，不必修改"),
    TEAM_COL("手机号", "11 位手机号"),
    TEAM_COL("机构", "所在机构名称（新增成员必填）"),
    TEAM_COL("网点", "所在网点名称"),
    TEAM_COL("职务", "职务"),
    TEAM_COL("职称", "职称"),
    TEAM_COL("从业年限", "整数"),
    TEAM_COL("专业领域", "信贷融资 债券融资 股权融资与上市 保险 融资担保 法律 会计税务 公司治理 风险管理 政策，多个用、分隔"),
    TEAM_COL("可服务市州", "市（州）的代码或名称，多个用、分隔"),
    TEAM_COL("状态", "在聘、暂停或已终止（导出时填好；填“已终止”即终止聘任）"),
    TEAM_COL("聘书编号", "导出时填好，不必修改"),
    TEAM_COL("聘期止", "导出时填好，不必修改"),
    TEAM_COL("说明", "修改或停用的理由（改动已有成员时必填）"),
    TEAM_COL("已签署声明", "新增成员填“是”"),
    TEAM_COL("告知书版本", "新增成员同意的个人信息告知书版本，如 v1"),
    {0},
};

typedef struct team_state {
    char dir[1024];
    json_t *base;       /* {"file", "synced_at", "team": [Advisor...]} */
    json_t *outbox;     /* [TeamChange + "key", "attempted", "queued_at"] */
    json_t *conflicts;  /* [{"change_id", "advisor_id", "name", "message", "mine", "server"}] */
} team_state;

/* ------------------------------------------------------------------ small helpers */

static const char *
js(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));

    return s ? s : "";
}

static long long
ji(json_t *o, const char *k)
{
    return (long long) json_integer_value(json_object_get(o, k));
}

static void
now_text(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;

    localtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm);
}

/* Write data to path through path.tmp, fsync'd, so a crash leaves the old or the new file. */
static int
write_atomic(const char *path, const char *data, size_t len, mode_t mode)
{
    char tmp[1100];
    int fd;
    ssize_t w;
    size_t off = 0;

    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return -1;
    while (off < len) {
        w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            close(fd);
            unlink(tmp);
            return -1;
        }
        off += (size_t) w;
    }
    if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ local state */

static int
state_open(cli *c, team_state *st)
{
    const char *env = getenv("RONGPEI_STATE_DIR");
    const char *home = getenv("HOME");
    static const char *const names[] = {"base.json", "outbox.json", "conflicts.json"};
    json_t **slots[] = {&st->base, &st->outbox, &st->conflicts};
    char path[1200];
    size_t i;

    memset(st, 0, sizeof(*st));
    if (env != NULL && *env) {
        snprintf(st->dir, sizeof(st->dir), "%s", env);
    } else {
        snprintf(path, sizeof(path), "%s/.rongpei", home ? home : ".");
        mkdir(path, 0700);
        snprintf(st->dir, sizeof(st->dir), "%s/.rongpei/team-%s", home ? home : ".", c->user ? c->user : "");
    }
    if (mkdir(st->dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "rongpei: 无法创建本地状态目录 %s：%s\n", st->dir, strerror(errno));
        return EX_FAIL;
    }
    for (i = 0; i < 3; i++) {
        json_error_t jerr;

        snprintf(path, sizeof(path), "%s/%s", st->dir, names[i]);
        *slots[i] = json_load_file(path, 0, &jerr);
        if (*slots[i] == NULL && access(path, F_OK) == 0) {
            fprintf(stderr, "rongpei: 本地状态文件 %s 已损坏（%s），请检查或删除后重新导出\n", path, jerr.text);
            return EX_FAIL;
        }
        if (*slots[i] == NULL)
            *slots[i] = i == 0 ? json_pack("{s:s, s:s, s:[]}", "file", "", "synced_at", "", "team")
                               : json_array();
    }
    return 0;
}

static int
state_save(team_state *st, const char *name, json_t *j)
{
    char path[1200];
    char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    int rc;

    if (s == NULL)
        return -1;
    snprintf(path, sizeof(path), "%s/%s", st->dir, name);
    rc = write_atomic(path, s, strlen(s), 0600);
    free(s);
    if (rc != 0)
        fprintf(stderr, "rongpei: 无法写入 %s：%s\n", path, strerror(errno));
    return rc;
}

static void
state_close(team_state *st)
{
    json_decref(st->base);
    json_decref(st->outbox);
    json_decref(st->conflicts);
}

static json_t *
base_advisor(team_state *st, long long id)
{
    size_t i;
    json_t *a;

    json_array_foreach(json_object_get(st->base, "team"), i, a)
        if (ji(a, "id") == id)
            return a;
    return NULL;
}

static long
find_by(json_t *arr, const char *key, const char *value)
{
    size_t i;
    json_t *e;

    json_array_foreach(arr, i, e)
        if (strcmp(js(e, key), value) == 0)
            return (long) i;
    return -1;
}

/* ------------------------------------------------------------------ the team file */

/* "a、b" from a JSON array of codes, with labels for field when known. */
static void
join_values(json_t *arr, const char *field, char *buf, size_t n)
{
    size_t i, off = 0;
    json_t *v;

    buf[0] = '\0';
    json_array_foreach(arr, i, v) {
        const char *s = json_string_value(v);
        const char *l = s && field ? cmd_label(field, s) : NULL;

        if (off < n)
            off += (size_t) snprintf(buf + off, n - off, "%s%s", i ? "、" : "", l ? l : s ? s : "");
    }
}

/* The same, from a cell as the user wrote it (codes or labels, any separator). */
static void
normalise_cell(const char *cell, const char *field, char *buf, size_t n, json_t *values)
{
    char *copy = strdup(cell ? cell : "");
    char *parts[32];
    size_t k, m, off = 0;

    buf[0] = '\0';
    if (copy == NULL)
        return;
    m = csv_split_values(copy, parts, 32);
    for (k = 0; k < m; k++) {
        const char *l = field ? cmd_label(field, parts[k]) : NULL;

        if (off < n)
            off += (size_t) snprintf(buf + off, n - off, "%s%s", k ? "、" : "", l ? l : parts[k]);
        if (values != NULL)
            json_array_append_new(values, json_string(parts[k]));
    }
    free(copy);
}

/* The team as a CSV file (UTF-8 with a byte-order mark, as Excel opens it),
 * then the additions the server refused, as the user wrote them. */
static int
write_team_file(const char *path, json_t *team, json_t *kept)
{
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);
    size_t i, k;
    json_t *a;
    int rc;

    if (f == NULL)
        return -1;
    fputs("\xEF\xBB\xBF", f);
    for (k = 0; k < TC_COUNT; k++)
        csv_write_cell(f, team_columns[k].column, k + 1 == TC_COUNT);
    json_array_foreach(team, i, a) {
        char id[32], ver[32], spec[512], pref[256];
        const char *st = cmd_label("status", js(a, "status"));
        const char *cells[TC_COUNT];

        snprintf(id, sizeof(id), "%lld", ji(a, "id"));
        snprintf(ver, sizeof(ver), "%lld", ji(a, "version"));
        join_values(json_object_get(a, "specialisms"), "specialisms", spec, sizeof(spec));
        join_values(json_object_get(a, "prefectures"), NULL, pref, sizeof(pref));
        for (k = 0; k < TC_COUNT; k++)
            cells[k] = "";
        cells[TC_ID] = id;
        cells[TC_VERSION] = ver;
        cells[TC_NAME] = js(a, "name");
        cells[TC_GENDER] = js(a, "gender");
        cells[TC_MOBILE] = js(a, "mobile");
        cells[TC_ORG] = js(a, "org_name");
        cells[TC_OFFICE] = js(a, "office_name");
        cells[TC_POSITION] = js(a, "position");
        cells[TC_TITLE] = js(a, "title");
        cells[TC_SPEC] = spec;
        cells[TC_PREF] = pref;
        cells[TC_STATUS] = st ? st : js(a, "status");
        cells[TC_CERT] = js(a, "cert_no");
        cells[TC_TERM_END] = js(a, "term_end");
        for (k = 0; k < TC_COUNT; k++)
            csv_write_cell(f, cells[k], k + 1 == TC_COUNT);
    }
    json_array_foreach(kept, i, a) {
        char years[16], spec[512], pref[256], note[600];
        const char *cells[TC_COUNT];

        snprintf(years, sizeof(years), "%lld", ji(a, "years"));
        join_values(json_object_get(a, "specialisms"), NULL, spec, sizeof(spec));
        join_values(json_object_get(a, "prefectures"), NULL, pref, sizeof(pref));
        snprintf(note, sizeof(note), "未执行：%s", js(a, "_message"));
        for (k = 0; k < TC_COUNT; k++)
            cells[k] = "";
        cells[TC_NAME] = js(a, "name");
        cells[TC_GENDER] = js(a, "gender");
        cells[TC_IDNO] = js(a, "id_number");
        cells[TC_MOBILE] = js(a, "mobile");
        cells[TC_ORG] = js(a, "org_name");
        cells[TC_OFFICE] = js(a, "office_name");
        cells[TC_POSITION] = js(a, "position");
        cells[TC_TITLE] = js(a, "title");
        cells[TC_YEARS] = years;
        cells[TC_SPEC] = spec;
        cells[TC_PREF] = pref;
        cells[TC_NOTE] = note;
        cells[TC_DECL] = json_is_true(json_object_get(a, "declaration_signed")) ? "是" : "否";
        cells[TC_NOTICE] = js(a, "notice_version");
        for (k = 0; k < TC_COUNT; k++)
            csv_write_cell(f, cells[k], k + 1 == TC_COUNT);
    }
    if (fclose(f) != 0) {
        free(data);
        return -1;
    }
    rc = write_atomic(path, data, len, 0600);
    free(data);
    return rc;
}

/* Queue change (which has "key") unless a change for the same record has
 * been sent and not answered yet; a queued, unsent one is rewritten. */
static void
enqueue(team_state *st, json_t *change, int line)
{
    long at = find_by(st->outbox, "key", js(change, "key"));
    char id[37], now[32];

    if (at >= 0 && json_is_true(json_object_get(json_array_get(st->outbox, (size_t) at), "attempted"))) {
        printf("第 %d 行：此记录上一次发送的变更尚无答复，本次修改待其答复后再发送\n", line);
        json_decref(change);
        return;
    }
    now_text(now, sizeof(now));
    if (at >= 0) {
        json_object_set(change, "change_id", json_object_get(json_array_get(st->outbox, (size_t) at), "change_id"));
        json_object_set_new(change, "queued_at", json_string(now));
        json_object_set_new(change, "attempted", json_false());
        json_array_set_new(st->outbox, (size_t) at, change);
        return;
    }
    if (cli_uuid(id) != 0) {
        json_decref(change);
        return;
    }
    json_object_set_new(change, "change_id", json_string(id));
    json_object_set_new(change, "queued_at", json_string(now));
    json_object_set_new(change, "attempted", json_false());
    json_array_append_new(st->outbox, change);
}

/*
 * Turn the differences between the file and base.json into queued changes.
 * Rows that cannot be understood are all reported and nothing is queued.
 */
static int
read_changes(team_state *st, const char *path)
{
    int at[TC_COUNT];
    csv_table t;
    char err[512];
    size_t i, k;
    json_t *pending = json_array(), *seen = json_array(), *change;
    int bad = 0;

    if (csv_read(path, &t, err, sizeof(err)) != 0) {
        fprintf(stderr, "rongpei: %s\n", err);
        json_decref(pending);
        json_decref(seen);
        return EX_INVALID;
    }
    for (k = 0; k < TC_COUNT; k++)
        at[k] = -1;
    for (i = 0; t.n > 0 && i < t.records[0].n; i++)
        for (k = 0; k < TC_COUNT; k++)
            if (strcmp(t.records[0].fields[i], team_columns[k].column) == 0)
                at[k] = (int) i;
    if (t.n == 0 || at[TC_ID] < 0 || at[TC_NAME] < 0) {
        fprintf(stderr, "rongpei: %s 不是团队表格：表头须包含“编号”和“姓名”（rongpei team export 可生成）\n", path);
        csv_free(&t);
        json_decref(pending);
        json_decref(seen);
        return EX_INVALID;
    }
    for (i = 1; i < t.n; i++) {
        const csv_record *rec = &t.records[i];
#define CELL(k) (at[k] >= 0 && (size_t) at[k] < rec->n ? rec->fields[at[k]] : "")
        char key[64], *end;
        long long id;
        int empty = 1;

        for (k = 0; k < rec->n; k++)
            empty &= rec->fields[k][0] == '\0';
        if (empty)
            continue;
        if (*CELL(TC_ID) == '\0') {
            json_t *spec = json_array(), *pref = json_array();
            char tmp[1024];
            long years = strtol(CELL(TC_YEARS), &end, 10);

            if (*CELL(TC_IDNO) == '\0' || *CELL(TC_ORG) == '\0') {
                fprintf(stderr, "第 %d 行（%s）：新增成员须填写身份证号和机构\n", rec->line, CELL(TC_NAME));
                bad++;
                json_decref(spec);
                json_decref(pref);
                continue;
            }
            normalise_cell(CELL(TC_SPEC), NULL, tmp, sizeof(tmp), spec);
            normalise_cell(CELL(TC_PREF), NULL, tmp, sizeof(tmp), pref);
            snprintf(key, sizeof(key), "n:%s", CELL(TC_IDNO));
            change = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:b, s:s, s:i}",
                               "key", key, "op", "add", "name", CELL(TC_NAME), "gender", CELL(TC_GENDER),
                               "id_number", CELL(TC_IDNO), "mobile", CELL(TC_MOBILE), "org_name", CELL(TC_ORG),
                               "office_name", CELL(TC_OFFICE), "position", CELL(TC_POSITION),
                               "title", CELL(TC_TITLE), "years", *end == '\0' ? (int) years : -1,
                               "specialisms", spec, "prefectures", pref,
                               "declaration_signed", strcmp(CELL(TC_DECL), "是") == 0,
                               "notice_version", CELL(TC_NOTICE), "line", rec->line);
            json_array_append_new(seen, json_string(key));
            json_array_append_new(pending, change);
            continue;
        }
        id = strtoll(CELL(TC_ID), &end, 10);
        if (*end != '\0' || id <= 0) {
            fprintf(stderr, "第 %d 行：编号“%s”不正确（新增成员请留空）\n", rec->line, CELL(TC_ID));
            bad++;
            continue;
        }
        snprintf(key, sizeof(key), "a:%lld", id);
        json_array_append_new(seen, json_string(key));
        {
            json_t *b = base_advisor(st, id);
            long long version = strtoll(CELL(TC_VERSION), &end, 10);
            char want_spec[512], have_spec[512], want_pref[256], have_pref[256];
            const char *status = CELL(TC_STATUS);
            int retire, changed;
            json_t *spec = json_array(), *pref = json_array();

            if (*CELL(TC_VERSION) == '\0' || *end != '\0')
                version = b ? ji(b, "version") : 0;
            normalise_cell(CELL(TC_SPEC), "specialisms", want_spec, sizeof(want_spec), spec);
            normalise_cell(CELL(TC_PREF), NULL, want_pref, sizeof(want_pref), pref);
            join_values(b ? json_object_get(b, "specialisms") : NULL, "specialisms", have_spec, sizeof(have_spec));
            join_values(b ? json_object_get(b, "prefectures") : NULL, NULL, have_pref, sizeof(have_pref));
            retire = (strcmp(status, "退出") == 0 || strcmp(status, "已终止") == 0 || strcmp(status, "ended") == 0) &&
                     (b == NULL || strcmp(js(b, "status"), "ended") != 0);
            changed = b == NULL || strcmp(CELL(TC_OFFICE), js(b, "office_name")) != 0 ||
                      strcmp(CELL(TC_POSITION), js(b, "position")) != 0 ||
                      strcmp(CELL(TC_TITLE), js(b, "title")) != 0 || strcmp(want_spec, have_spec) != 0 ||
                      strcmp(want_pref, have_pref) != 0 || strcmp(CELL(TC_MOBILE), js(b, "mobile")) != 0;
            if (retire) {
                if (*CELL(TC_NOTE) == '\0') {
                    fprintf(stderr, "第 %d 行（%s）：退出团队须在“说明”列写明原因\n", rec->line, CELL(TC_NAME));
                    bad++;
                    json_decref(spec);
                    json_decref(pref);
                    continue;
                }
                change = json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:i}", "key", key, "op", "retire",
                                   "advisor_id", (json_int_t) id, "base_version", (json_int_t) version,
                                   "reason", CELL(TC_NOTE), "name", CELL(TC_NAME), "line", rec->line);
                json_array_append_new(pending, change);
                json_decref(spec);
                json_decref(pref);
            } else if (changed) {
                change = json_pack("{s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:i}", "key", key,
                                   "op", "update", "advisor_id", (json_int_t) id,
                                   "base_version", (json_int_t) version, "name", CELL(TC_NAME),
                                   "office_name", CELL(TC_OFFICE), "position", CELL(TC_POSITION),
                                   "title", CELL(TC_TITLE), "specialisms", spec, "prefectures", pref,
                                   "line", rec->line);
                if (b == NULL || strcmp(CELL(TC_MOBILE), js(b, "mobile")) != 0)
                    json_object_set_new(change, "mobile", json_string(CELL(TC_MOBILE)));
                json_array_append_new(pending, change);
            } else {
                json_decref(spec);
                json_decref(pref);
            }
        }
#undef CELL
    }
    csv_free(&t);
    if (bad) {
        fprintf(stderr, "rongpei: 文件有 %d 行需要更正，本次未加入待发送箱\n", bad);
        json_decref(pending);
        json_decref(seen);
        return EX_INVALID;
    }
    /* a record edited back to what the server has: drop its unsent change */
    for (i = json_array_size(st->outbox); i-- > 0;) {
        json_t *e = json_array_get(st->outbox, i);

        if (!json_is_true(json_object_get(e, "attempted")) && find_by(pending, "key", js(e, "key")) < 0) {
            size_t s;
            json_t *v;
            int in_file = 0;

            json_array_foreach(seen, s, v)
                in_file |= strcmp(json_string_value(v), js(e, "key")) == 0;
            if (in_file && *js(e, "resolves") == '\0')
                json_array_remove(st->outbox, i);
        }
    }
    for (i = 0; i < json_array_size(pending); i++) {
        json_t *p = json_array_get(pending, i);

        enqueue(st, json_incref(p), (int) ji(p, "line"));
    }
    json_decref(pending);
    json_decref(seen);
    return 0;
}

/* ------------------------------------------------------------------ talking to the server */

static const col result_cols[] = {
    C("line", "行"), C("advisor_id", "顾问编号"), C("nomination_id", "提名编号"), C("outcome", "结果"),
    C("message", "说明"), {0},
};

/*
 * Send changes (a JSON array; may be empty) and take the answer: results
 * remove changes from the outbox, conflicts are kept, base.json and the
 * file are rewritten.  *exit_rc gets 0, EX_CONFLICT or EX_INVALID.
 */
static int
exchange(cli *c, team_state *st, json_t *changes, long long round, const char *file_arg, int quiet)
{
    char when[20];
    json_t *req, *reply, *r, *kept = json_array();
    char file[1024];
    ProtobufCMessage *body = NULL;
    char err[256];
    rpc_result res;
    arena a;
    size_t i;
    int rc, conflicts = 0, rejected = 0, applied = 0;

    /* file_arg may point into st->base, which is rewritten below */
    snprintf(file, sizeof(file), "%s", file_arg ? file_arg : "");
    req = json_pack("{s:I, s:O}", "round_id", (json_int_t) round, "changes", changes);
    arena_init(&a, 0);
    if (pbjson_to_msg(&rongpei__team_sync_request__descriptor, req, &a, &body, err, sizeof(err)) != 0) {
        fprintf(stderr, "rongpei: 待发送箱内容有误：%s\n", err);
        json_decref(req);
        json_decref(kept);
        arena_reset(&a);
        return EX_FAIL;
    }
    rc = cli_call(c, "team.sync", body, &res);
    json_decref(req);
    if (rc != 0) {
        if (json_array_size(st->outbox) > 0)
            fprintf(stderr, "rongpei: 待发送箱中的 %zu 项变更已保存（rongpei team outbox 查看），"
                            "恢复连接后再次运行 rongpei team sync 即可发送；已送达的变更不会重复执行\n",
                    json_array_size(st->outbox));
        rpc_result_free(&res);
        json_decref(kept);
        arena_reset(&a);
        return rc;
    }
    reply = pbjson_from_msg(res.reply);
    json_array_foreach(json_object_get(reply, "results"), i, r) {
        long at = find_by(st->outbox, "change_id", js(r, "change_id"));
        json_t *mine = at >= 0 ? json_incref(json_array_get(st->outbox, (size_t) at)) : NULL;
        const char *outcome = js(r, "outcome");

        if (at >= 0)
            json_array_remove(st->outbox, (size_t) at);
        if (strcmp(outcome, "conflict") == 0) {
            long old;

            conflicts++;
            while ((old = find_by(st->conflicts, "key", mine ? js(mine, "key") : "")) >= 0)
                json_array_remove(st->conflicts, (size_t) old);
            json_array_append_new(st->conflicts,
                json_pack("{s:s, s:s, s:I, s:s, s:s, s:o, s:O}", "key", mine ? js(mine, "key") : "",
                          "change_id", js(r, "change_id"), "advisor_id", (json_int_t) ji(r, "advisor_id"),
                          "name", js(json_object_get(r, "server"), "name"), "message", js(r, "message"),
                          "mine", mine ? json_incref(mine) : json_object(),
                          "server", json_object_get(r, "server") ? json_object_get(r, "server") : json_null()));
        } else if (strcmp(outcome, "rejected") == 0) {
            rejected++;
            if (mine != NULL && strcmp(js(mine, "op"), "add") == 0) {
                json_object_set_new(mine, "_message", json_string(js(r, "message")));
                json_array_append(kept, mine);
            }
        } else {
            applied++;
        }
        json_decref(mine);
    }
    json_object_set_new(st->base, "team", json_incref(json_object_get(reply, "team")));
    json_object_set_new(st->base, "synced_at", json_string(js(reply, "synced_at")));
    if (*file)
        json_object_set_new(st->base, "file", json_string(file));
    if (state_save(st, "base.json", st->base) != 0 || state_save(st, "outbox.json", st->outbox) != 0 ||
        state_save(st, "conflicts.json", st->conflicts) != 0)
        rc = EX_FAIL;
    if (rc == 0 && *file && write_team_file(file, json_object_get(reply, "team"), kept) != 0) {
        fprintf(stderr, "rongpei: 无法写入 %s：%s\n", file, strerror(errno));
        rc = EX_FAIL;
    }
    if (c->json) {
        cmd_print(c, res.reply, NULL, NULL);
    } else if (!quiet) {
        Rongpei__TeamSyncReply *tr = (Rongpei__TeamSyncReply *) res.reply;

        if (tr->n_results)
            cmd_print(c, res.reply, "results", result_cols);
        printf("已同步（%s）：执行 %d 项，冲突 %d 项，未执行 %d 项；团队现有 %zu 人%s%s\n", table_time(tr->synced_at, when),
               applied, conflicts, rejected, tr->n_team, *file ? "，已写入 " : "", file);
        if (tr->open_conflicts)
            printf("尚有 %d 项冲突待处理：rongpei team conflicts 查看，rongpei team resolve 处理\n",
                   tr->open_conflicts);
    }
    json_decref(reply);
    json_decref(kept);
    rpc_result_free(&res);
    arena_reset(&a);
    if (rc == 0)
        rc = conflicts ? EX_CONFLICT : rejected ? EX_INVALID : 0;
    return rc;
}

/* Send the whole outbox, marked as attempted first (on disk) so a later run
 * knows these ids may already have been applied. */
static int
send_outbox(cli *c, team_state *st, long long round, const char *file)
{
    size_t i;
    json_t *e;

    json_array_foreach(st->outbox, i, e)
        json_object_set_new(e, "attempted", json_true());
    if (state_save(st, "outbox.json", st->outbox) != 0)
        return EX_FAIL;
    return exchange(c, st, st->outbox, round, file, 0);
}

/* ------------------------------------------------------------------ for the outbox (outbox.c) */

/* The team sync's pending changes and conflicts, without the network;
 * 0, or -1 when there is no readable state. */
int
team_pending(cli *c, size_t *changes, size_t *conflicts)
{
    team_state st;

    *changes = *conflicts = 0;
    if (state_open(c, &st) != 0)
        return -1;
    *changes = json_array_size(st.outbox);
    *conflicts = json_array_size(st.conflicts);
    state_close(&st);
    return 0;
}

/* Send the team sync's pending changes, as rongpei team sync would with
 * the file last written; an exit code. */
int
team_send_pending(cli *c)
{
    team_state st;
    int rc;

    if ((rc = state_open(c, &st)) != 0)
        return rc;
    rc = json_array_size(st.outbox) ? send_outbox(c, &st, 0, js(st.base, "file")) : 0;
    state_close(&st);
    return rc;
}

/* ------------------------------------------------------------------ commands */

int
cmd_team_export(cli *c, cmd_args *a)
{
    const char *file = arg_str(a, "file");
    team_state st;
    json_t *none;
    int rc;

    if ((rc = state_open(c, &st)) != 0)
        return rc;
    none = json_array();
    rc = exchange(c, &st, none, 0, file, 1);
    json_decref(none);
    if (rc == 0 && !c->json) {
        printf("已把本级团队（%zu 人）写入 %s；离线修改后运行 rongpei team sync 上传\n",
               json_array_size(json_object_get(st.base, "team")), file);
        if (json_array_size(st.outbox))
            printf("待发送箱中还有 %zu 项变更，下次 rongpei team sync 时发送\n", json_array_size(st.outbox));
    }
    state_close(&st);
    return rc;
}

int
cmd_team_sync(cli *c, cmd_args *a)
{
    const char *file, *r = arg_str(a, "round");
    team_state st;
    long long round = 0;
    char *end;
    int rc;

    if (r != NULL && ((round = strtoll(r, &end, 10)) <= 0 || *end != '\0')) {
        fprintf(stderr, "rongpei: --round 须为轮次编号（正整数），而不是“%s”\n", r);
        return EX_USAGE_;
    }
    if ((rc = state_open(c, &st)) != 0)
        return rc;
    file = arg_str(a, "file") ? arg_str(a, "file") : js(st.base, "file");
    if (*file && access(file, F_OK) == 0) {
        if ((rc = read_changes(&st, file)) != 0 || (rc = state_save(&st, "outbox.json", st.outbox)) != 0) {
            state_close(&st);
            return rc;
        }
    } else if (arg_str(a, "file") != NULL) {
        fprintf(stderr, "rongpei: 找不到 %s（先运行 rongpei team export --file %s）\n", file, file);
        state_close(&st);
        return EX_INVALID;
    }
    rc = send_outbox(c, &st, round, file);
    state_close(&st);
    return rc;
}

int
cmd_team_outbox(cli *c, cmd_args *a)
{
    static const char *headers[] = {"变更编号", "类型", "顾问编号", "姓名", "行", "排队时间", "已发送待答复"};
    team_state st;
    char **cells;
    size_t i, n;
    json_t *e;
    int rc;

    (void) a;
    if ((rc = state_open(c, &st)) != 0)
        return rc;
    n = json_array_size(st.outbox);
    if (c->json) {
        char *s = json_dumps(st.outbox, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

        printf("%s\n", s ? s : "[]");
        free(s);
    } else if (n == 0) {
        printf("待发送箱为空\n");
    } else if ((cells = calloc(n * 7, sizeof(char *))) != NULL) {
        static const char *const ops[][2] = {{"add", "新增"}, {"update", "修改"}, {"retire", "退出"},
                                              {"dismiss", "放弃本地修改"}};
        json_array_foreach(st.outbox, i, e) {
            const char *op = js(e, "op");
            size_t k;
            char buf[64];

            for (k = 0; k < 4; k++)
                if (strcmp(op, ops[k][0]) == 0)
                    op = ops[k][1];
            cells[i * 7] = strdup(js(e, "change_id"));
            cells[i * 7 + 1] = strdup(op);
            snprintf(buf, sizeof(buf), "%lld", ji(e, "advisor_id"));
            cells[i * 7 + 2] = strdup(ji(e, "advisor_id") ? buf : "");
            cells[i * 7 + 3] = strdup(js(e, "name"));
            snprintf(buf, sizeof(buf), "%lld", ji(e, "line"));
            cells[i * 7 + 4] = strdup(ji(e, "line") ? buf : "");
            cells[i * 7 + 5] = strdup(js(e, "queued_at"));
            cells[i * 7 + 6] = strdup(json_is_true(json_object_get(e, "attempted")) ? "是" : "否");
        }
        table_print_text(stdout, headers, 7, cells, n);
        for (i = 0; i < n * 7; i++)
            free(cells[i]);
        free(cells);
    }
    state_close(&st);
    return 0;
}

int
cmd_team_conflicts(cli *c, cmd_args *a)
{
    static const char *const fields[][2] = {
        {"office_name", "网点"}, {"position", "职务"}, {"title", "职称"}, {"mobile", "手机号"},
        {"specialisms", "专业领域"}, {"prefectures", "可服务市州"}, {"reason", "退出原因"},
    };
    static const char *headers[] = {"字段", "本地修改", "服务器现值"};
    team_state st;
    size_t i, k;
    json_t *e;
    int rc;

    (void) a;
    if ((rc = state_open(c, &st)) != 0)
        return rc;
    if (c->json) {
        char *s = json_dumps(st.conflicts, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

        printf("%s\n", s ? s : "[]");
        free(s);
    } else if (json_array_size(st.conflicts) == 0) {
        printf("没有待处理的同步冲突\n");
    }
    json_array_foreach(c->json ? NULL : st.conflicts, i, e) {
        json_t *mine = json_object_get(e, "mine"), *srv = json_object_get(e, "server");
        char *cells[7 * 3];
        size_t n = 0;

        printf("%s顾问 %lld %s：%s\n", i ? "\n" : "", ji(e, "advisor_id"), js(e, "name"), js(e, "message"));
        if (strcmp(js(mine, "op"), "retire") == 0)
            printf("本地修改：退出团队；服务器现状：%s\n",
                   cmd_label("status", js(srv, "status")) ? cmd_label("status", js(srv, "status")) : js(srv, "status"));
        for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
            char mt[512], st_[512];
            json_t *mv = json_object_get(mine, fields[k][0]), *sv = json_object_get(srv, fields[k][0]);

            if (mv == NULL)
                continue;
            if (json_is_array(mv)) {
                join_values(mv, NULL, mt, sizeof(mt));
                normalise_cell(mt, strcmp(fields[k][0], "specialisms") == 0 ? "specialisms" : NULL, mt, sizeof(mt), NULL);
                join_values(sv, strcmp(fields[k][0], "specialisms") == 0 ? "specialisms" : NULL, st_, sizeof(st_));
            } else {
                snprintf(mt, sizeof(mt), "%s", json_string_value(mv) ? json_string_value(mv) : "");
                snprintf(st_, sizeof(st_), "%s", json_string_value(sv) ? json_string_value(sv) : "");
            }
            cells[n * 3] = strdup(fields[k][1]);
            cells[n * 3 + 1] = strdup(mt);
            cells[n * 3 + 2] = strdup(st_);
            n++;
        }
        if (n)
            table_print_text(stdout, headers, 3, cells, n);
        for (k = 0; k < n * 3; k++)
            free(cells[k]);
        printf("处理：rongpei team resolve %lld --mine（以本地修改为准）或 --theirs（以服务器为准）\n",
               ji(e, "advisor_id"));
    }
    state_close(&st);
    return 0;
}

int
cmd_team_resolve(cli *c, cmd_args *a)
{
    const char *who = arg_str(a, "顾问");
    team_state st;
    json_t *conf, *change, *b;
    char key[64];
    char *end;
    long at;
    long long id;
    int rc, mine = arg_flag(a, "mine");

    if ((id = strtoll(who, &end, 10)) <= 0 || *end != '\0') {
        fprintf(stderr, "rongpei: 顾问编号须为正整数（rongpei team conflicts 列出），而不是“%s”\n", who);
        return EX_USAGE_;
    }
    if (mine == arg_flag(a, "theirs")) {
        fprintf(stderr, "rongpei: 请选择 --mine（以本地修改为准）或 --theirs（以服务器为准）之一\n");
        return EX_USAGE_;
    }
    if ((rc = state_open(c, &st)) != 0)
        return rc;
    snprintf(key, sizeof(key), "a:%lld", id);
    at = find_by(st.conflicts, "key", key);
    if (at < 0) {
        fprintf(stderr, "rongpei: 顾问 %lld 没有待处理的同步冲突（rongpei team conflicts 查看）\n", id);
        state_close(&st);
        return EX_NOTFOUND;
    }
    conf = json_array_get(st.conflicts, (size_t) at);
    if (mine) {
        change = json_deep_copy(json_object_get(conf, "mine"));
        b = base_advisor(&st, id);
        /* against the version the server has now */
        json_object_set_new(change, "base_version",
                            json_integer(b ? ji(b, "version") : ji(json_object_get(conf, "server"), "version")));
    } else {
        change = json_pack("{s:s, s:s, s:I, s:s}", "key", key, "op", "dismiss", "advisor_id", (json_int_t) id,
                           "name", js(conf, "name"));
    }
    json_object_del(change, "change_id");
    json_object_set_new(change, "resolves", json_string(js(conf, "change_id")));
    json_object_set_new(change, "key", json_string(key));
    {
        long old = find_by(st.outbox, "key", key);

        if (old >= 0 && !json_is_true(json_object_get(json_array_get(st.outbox, (size_t) old), "attempted")))
            json_array_remove(st.outbox, (size_t) old);
    }
    enqueue(&st, change, 0);
    json_array_remove(st.conflicts, (size_t) at);
    if (state_save(&st, "outbox.json", st.outbox) != 0 || state_save(&st, "conflicts.json", st.conflicts) != 0) {
        state_close(&st);
        return EX_FAIL;
    }
    rc = send_outbox(c, &st, 0, arg_str(a, "file") ? arg_str(a, "file") : js(st.base, "file"));
    state_close(&st);
    return rc;
}
