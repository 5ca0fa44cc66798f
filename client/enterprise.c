/*
 * enterprise.c - the key-enterprise list from the client: the profile's
 * borrowings (lender:amount:due), a round's targets, the list as a table
 * and as a workbook, statistics, and recommendation files (CSV or xlsx)
 * sent whole, or in parts when large.  The profile's options and the
 * columns of a file are one table (enterprise_fields, commands.c).  An
 * enterprise's cultivation timeline as a PDF in the official layout.
 */

#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "cmdtab.h"
#include "csv.h"
#include "pdf.h"
#include "roster.h"
#include "rongpei.pb-c.h"
#include "rp.h"
#include "xlsx.h"

#define NCOLS(a) (sizeof(a) / sizeof(a[0]))
#define S(x) ((char *) ((x) ? (x) : ""))

/*
 * Borrowings written 贷款机构:金额（万元）:到期日, several separated by ;
 * or given several times, into e.  0, or -1 with the reason in err.
 */
static int
set_borrowings(Rongpei__Enterprise *e, const char *const *vals, int nval, arena *a, char *err, size_t errsz)
{
    char *parts[64];
    size_t n = 0, i;
    int k;

    for (k = 0; k < nval; k++) {
        char *copy = arena_strndup(a, vals[k], strlen(vals[k]));

        if (copy == NULL)
            return -1;
        n += csv_split_values(copy, parts + n, NCOLS(parts) - n);
    }
    e->borrowings = arena_alloc(a, (n ? n : 1) * sizeof(Rongpei__Borrowing *));
    if (e->borrowings == NULL)
        return -1;
    for (i = 0; i < n; i++) {
        Rongpei__Borrowing *b = arena_alloc(a, sizeof(*b));
        char *amount = strchr(parts[i], ':'), *due, *end;

        if (b == NULL)
            return -1;
        rongpei__borrowing__init(b);
        if (amount == NULL) {
            snprintf(err, errsz, "现有借款应写成 贷款机构:金额（万元）:到期日，如 青海银行:500:2027-06-30");
            return -1;
        }
        *amount++ = '\0';
        due = strchr(amount, ':');
        if (due != NULL)
            *due++ = '\0';
        b->lender = parts[i];
        b->amount = strtod(amount, &end);
        if (end == amount || *end) {
            snprintf(err, errsz, "现有借款的金额应为数字（万元），而不是“%s”", amount);
            return -1;
        }
        b->due = S(due);
        e->borrowings[i] = b;
    }
    e->n_borrowings = n;
    return 0;
}

/* enterprise save, recommend, recommendation correct: the profile as the
 * runner filled it, with the borrowings, then call and print. */
int
cmd_enterprise_save(cli *c, cmd_args *a)
{
    char err[256];
    int n = arg_count(a, "borrowing");
    const char *vals[64];
    int i;

    for (i = 0; i < n && i < (int) NCOLS(vals); i++)
        vals[i] = arg_nth(a, "borrowing", i);
    if (n > 0 && set_borrowings((Rongpei__Enterprise *) a->req, vals, n, &a->a, err, sizeof(err)) != 0) {
        fprintf(stderr, "rongpei: %s\n", err);
        return EX_USAGE_;
    }
    return cmd_run(c, a);
}

/* ------------------------------------------------------------------ rounds and the list */

#define TARGET_COLS COLS(C("prefecture_code", "市州代码"), C("prefecture_name", "市州"), C("target", "目标"), \
                         C("recommended", "已推荐"), C("approved", "已列入"))

static void
print_keylist_round(const Rongpei__KeylistRound *r)
{
    printf("推荐轮次 %lld：%d 年%s名单，截止 %s，状态 %s；本级在聘顾问 %d 人（可服务 %d 至 %d 家企业）\n",
           (long long) r->id, r->year, strcmp(r->tier, "province") == 0 ? "省级" : "市州级", r->deadline,
           strcmp(r->status, "open") == 0 ? "开放" : "已关闭", r->advisors, r->advisors, r->advisors * 2);
    cmd_table((ProtobufCMessage *const *) r->targets, r->n_targets, TARGET_COLS);
}

int
cmd_keylist_open(cli *c, cmd_args *a)
{
    Rongpei__KeylistOpenRequest *rq = (Rongpei__KeylistOpenRequest *) a->req;
    int n = arg_count(a, "target"), i;
    Rongpei__KeylistTarget *t = arena_alloc(&a->a, (size_t) (n + 1) * sizeof(*t));
    Rongpei__KeylistTarget **tp = arena_alloc(&a->a, (size_t) (n + 1) * sizeof(*tp));
    rpc_result res;
    int rc;

    if (t == NULL || tp == NULL)
        return EX_FAIL;
    for (i = 0; i < n; i++) {
        const char *v = arg_nth(a, "target", i), *colon = strchr(v, ':');
        char *end;

        rongpei__keylist_target__init(&t[i]);
        if (strcmp(rq->tier, "prefecture") == 0 && colon == NULL) {
            rq->target = (int32_t) strtol(v, &end, 10);
            if (*end || end == v) {
                fprintf(stderr, "rongpei: --target 应为数目，而不是“%s”\n", v);
                return EX_USAGE_;
            }
            continue;
        }
        if (colon == NULL || colon - v != 6) {
            fprintf(stderr, "rongpei: --target 应写成 市州代码:数目，如 630100:20\n");
            return EX_USAGE_;
        }
        t[i].prefecture_code = arena_strndup(&a->a, v, 6);
        t[i].target = (int32_t) strtol(colon + 1, &end, 10);
        if (*end || end == colon + 1) {
            fprintf(stderr, "rongpei: --target 应写成 市州代码:数目，如 630100:20\n");
            return EX_USAGE_;
        }
        tp[rq->n_targets++] = &t[i];
    }
    rq->targets = tp;
    if ((rc = cli_call(c, "keylist.open", a->req, &res)) == 0) {
        if (c->json)
            cli_print(c, res.reply, NULL, NULL, 0);
        else
            print_keylist_round((Rongpei__KeylistRound *) res.reply);
    }
    rpc_result_free(&res);
    return rc;
}

int
cmd_keylist_rounds(cli *c, cmd_args *a)
{
    cmd_pages p;
    size_t i;
    int rc = cmd_call_pages(c, "keylist.rounds", a->req, "rounds", a->all, a->limit, &p);

    if (rc != 0)
        return rc;
    if (c->json) {
        cmd_pages_json(&p, "rounds");
    } else {
        cmd_table(p.rows, p.nrows, COLS(C("id", "编号"), C("year", "年度"), C("tier", "层级"),
                                         C("prefecture_code", "市州"), C("deadline", "截止日期"),
                                         C("status", "状态"), C("advisors", "在聘顾问")));
        for (i = 0; i < p.nrows; i++) {
            const Rongpei__KeylistRound *r = (const Rongpei__KeylistRound *) p.rows[i];

            printf("\n轮次 %lld 推荐数与目标：\n", (long long) r->id);
            cmd_table((ProtobufCMessage *const *) r->targets, r->n_targets, TARGET_COLS);
        }
    }
    cmd_pages_free(&p);
    return 0;
}

/* The list as a table, and as a workbook for the bureau's files (every cell
 * a string; = + - @ neutralised by xlsx_write_table).  A workbook takes
 * every page. */
int
cmd_keylist_list(cli *c, cmd_args *a)
{
    static const char *const headers[] = {"编号", "年度", "层级", "市州", "企业名称", "统一社会信用代码", "注册地",
                                          "行业", "规模", "从业人员", "营业收入（万元）", "资产总额（万元）",
                                          "联系人", "联系人手机", "来源", "培育年数", "状态", "移出或结束原因"};
    static const int right[] = {1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 0};
    const char *xlsx = arg_str(a, "xlsx");
    size_t i, k, nh = NCOLS(headers);
    char **cells;
    cmd_pages p;
    int rc = cmd_call_pages(c, "keylist.list", a->req, "entries", a->all || xlsx != NULL, a->limit, &p);

    if (rc != 0)
        return rc;
    cells = calloc(p.nrows * nh + 1, sizeof(char *));
    for (i = 0; cells && i < p.nrows; i++) {
        Rongpei__ListEntry *en = (Rongpei__ListEntry *) p.rows[i];
        Rongpei__Enterprise *e = en->enterprise;
        char **row = cells + i * nh;
        char buf[64];
        const char *l;

        snprintf(buf, sizeof(buf), "%lld", (long long) en->id);
        row[0] = strdup(buf);
        snprintf(buf, sizeof(buf), "%d", en->year);
        row[1] = strdup(buf);
        row[2] = strdup(strcmp(en->tier, "province") == 0 ? "省级" : "市州级");
        row[3] = strdup(en->prefecture_name);
        row[4] = strdup(e ? e->name : "");
        row[5] = strdup(e ? e->credit_code : "");
        row[6] = strdup(e ? e->county_name : "");
        snprintf(buf, sizeof(buf), "%s %s", e ? e->industry_division : "", e ? e->industry_name : "");
        row[7] = strdup(buf);
        l = e ? cmd_label("size_class", e->size_class) : NULL;
        row[8] = strdup(l ? l : e ? e->size_class : "");
        snprintf(buf, sizeof(buf), "%d", e ? e->employees : 0);
        row[9] = strdup(buf);
        row[10] = table_field_fmt(&e->base, "revenue", F_MONEY);
        row[11] = table_field_fmt(&e->base, "assets", F_MONEY);
        row[12] = strdup(e ? e->contact_name : "");
        row[13] = strdup(e ? e->contact_mobile : "");
        row[14] = strdup(strcmp(en->source, "carried") == 0 ? "延续" : "新推荐");
        snprintf(buf, sizeof(buf), "%d", en->years_in_program);
        row[15] = strdup(buf);
        row[16] = strdup(cmd_label("status", en->status) ? cmd_label("status", en->status) : en->status);
        row[17] = strdup(en->removed_reason);
    }
    if (c->json)
        cmd_pages_json(&p, "entries");
    else if (cells != NULL)
        table_print_cells(stdout, headers, nh, cells, p.nrows, right);
    if (xlsx != NULL && cells != NULL) {
        if (xlsx_write_table(xlsx, "重点企业名单", "重点企业名单", NULL, headers, nh, cells, p.nrows) != 0) {
            fprintf(stderr, "rongpei: 无法写入 %s\n", xlsx);
            rc = EX_FAIL;
        } else if (!c->json) {
            printf("已写出 %s（%zu 家企业）\n", xlsx, p.nrows);
        }
    }
    cmd_pages_note(&p);
    for (k = 0; cells && k < p.nrows * nh; k++)
        free(cells[k]);
    free(cells);
    cmd_pages_free(&p);
    return rc;
}

int
cmd_keylist_stats(cli *c, cmd_args *a)
{
    const col *cols = COLS(C("key", "代码"), C("label", "名称"), C("count", "企业数"));
    rpc_result res;
    int rc;

    if ((rc = cli_call(c, "keylist.stats", a->req, &res)) == 0) {
        Rongpei__KeylistStats *s = (Rongpei__KeylistStats *) res.reply;

        if (c->json) {
            cli_print(c, res.reply, NULL, NULL, 0);
        } else {
            printf("在册企业 %d 家\n\n按市州：\n", s->total);
            cmd_print(c, res.reply, "by_prefecture", cols);
            printf("\n按行业门类：\n");
            cmd_print(c, res.reply, "by_industry", cols);
            printf("\n按规模：\n");
            cmd_print(c, res.reply, "by_size", cols);
        }
    }
    rpc_result_free(&res);
    return rc;
}

/* ------------------------------------------------------------------ recommendation files */

/*
 * A file larger than one request can carry goes up in parts of STAGE_ROWS
 * under one upload id (a retried part adds nothing); the import then names
 * the upload instead of carrying the rows.
 */
#define STAGE_ROWS 5000

static int
stage_rows(cli *c, Rongpei__RecommendationImportRequest *rq, arena *a)
{
    char id[37];
    size_t off;
    int rc = 0;

    if (cli_uuid(id) != 0)
        return EX_FAIL;
    for (off = 0; off < rq->n_rows && rc == 0; off += STAGE_ROWS) {
        Rongpei__RecommendationStageRequest sq = RONGPEI__RECOMMENDATION_STAGE_REQUEST__INIT;
        rpc_result res;

        sq.upload_id = id;
        sq.round_id = rq->round_id;
        sq.rows = rq->rows + off;
        sq.n_rows = rq->n_rows - off < STAGE_ROWS ? rq->n_rows - off : STAGE_ROWS;
        rc = cli_call(c, "recommendation.stage", &sq.base, &res);
        rpc_result_free(&res);
        if (rc == 0 && !c->json)
            fprintf(stderr, "已上传 %zu / %zu 行\n", off + sq.n_rows, rq->n_rows);
    }
    if (rc == 0) {
        rq->upload_id = arena_strndup(a, id, strlen(id));
        rq->n_rows = 0;
    }
    return rc;
}

int
cmd_recommend_import(cli *c, cmd_args *a)
{
    Rongpei__RecommendationImportRequest *rq = (Rongpei__RecommendationImportRequest *) a->req;
    const char *file = arg_str(a, "file");
    const char *names[48];
    int at[48];
    size_t nf = 0, i, k;
    csv_table t;
    char err[512];
    rpc_result res;
    int bad = 0, rc;

    while (enterprise_fields[nf].name != NULL && nf < NCOLS(names)) {
        names[nf] = enterprise_fields[nf].column;
        nf++;
    }
    if (table_file_open(file, &t, names, nf, at, err, sizeof(err)) != 0) {
        fprintf(stderr, "rongpei: %s\n", err);
        return EX_INVALID;
    }
    rq->rows = arena_alloc(&a->a, t.n * sizeof(Rongpei__Enterprise *));
    for (i = 1; rq->rows != NULL && i < t.n; i++) {
        Rongpei__Enterprise *e = arena_alloc(&a->a, sizeof(*e));
        const csv_record *rec = &t.records[i];

        rongpei__enterprise__init(e);
        e->line = rec->line;
        for (k = 0; k < nf; k++) {
            const char *cell = at[k] >= 0 && (size_t) at[k] < rec->n ? rec->fields[at[k]] : "";
            int r = enterprise_fields[k].field != NULL
                        ? cmd_set_text(&e->base, &enterprise_fields[k], cell, &a->a, err, sizeof(err))
                        : *cell ? set_borrowings(e, &cell, 1, &a->a, err, sizeof(err)) : 0;

            if (r != 0) {
                fprintf(stderr, "第 %d 行（%s）：%s\n", rec->line, S(e->name), err);
                bad++;
                break;
            }
        }
        rq->rows[rq->n_rows++] = e;
    }
    /* a whole file is checked in one transaction: give the server time */
    if (c->net.timeout_s < 900)
        c->net.timeout_s = 900;
    if (bad) {
        fprintf(stderr, "rongpei: 文件有 %d 行数字或格式不正确，未导入任何记录\n", bad);
        csv_free(&t);
        return EX_INVALID;
    }
    if (rq->n_rows > STAGE_ROWS && (rc = stage_rows(c, rq, &a->a)) != 0) {
        csv_free(&t);
        return rc;
    }
    if ((rc = cli_call(c, "recommendation.import", a->req, &res)) == 0) {
        if (c->json)
            cli_print(c, res.reply, NULL, NULL, 0);
        else {
            Rongpei__NominationImportReply *r = (Rongpei__NominationImportReply *) res.reply;

            printf("已从 %s（%s）推荐 %d 家企业%s%s\n", file, t.encoding, r->imported, r->message[0] ? "；" : "",
                   r->message);
        }
    }
    rpc_result_free(&res);
    csv_free(&t);
    return rc;
}

/* ------------------------------------------------------------------ the timeline as a document */

/* A formatted text in the arena (a paragraph of the document). */
static char *
doc_text(arena *ar, const char *fmt, ...)
{
    char buf[8192];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return arena_strndup(ar, buf, n < 0 ? 0 : (size_t) n >= sizeof(buf) ? sizeof(buf) - 1 : (size_t) n);
}

/* 1 -> 一, 12 -> 十二 (heading numbers); out[16]. */
static void
chinese_number(int n, char out[16])
{
    static const char *const d[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

    if (n < 10)
        snprintf(out, 16, "%s", d[n]);
    else if (n < 20)
        snprintf(out, 16, "十%s", d[n % 10]);
    else
        snprintf(out, 16, "%s十%s", d[(n / 10) % 10], d[n % 10]);
}

/* "2026-06-02" -> "6月2日". */
static void
month_day(const char *iso, char out[16])
{
    int y, m, dd;

    if (sscanf(iso, "%d-%d-%d", &y, &m, &dd) == 3)
        snprintf(out, 16, "%d月%d日", m, dd);
    else
        snprintf(out, 16, "%s", iso);
}

/*
 * enterprise timeline: with --pdf FILE every page of it, written as a
 * document in the official layout: the title, the date it was drawn, then
 * a heading a year and a paragraph an event.
 */
int
cmd_enterprise_timeline(cli *c, cmd_args *a)
{
    const char *out = arg_str(a, "pdf");
    cmd_pages p;
    doc_block *b;
    arena ar;
    char title[512], err[256], today[32], iso[16];
    size_t i, nb = 0;
    int rc, pages = 0, year = 0, heading = 0;
    time_t now = time(NULL);
    struct tm tm;

    if (out == NULL)
        return cmd_run(c, a);
    if (access(out, F_OK) == 0) {
        fprintf(stderr, "rongpei: %s 已存在，未覆盖\n", out);
        return EX_FAIL;
    }
    if ((rc = cmd_call_pages(c, a->k->method, a->req, "events", 1, a->limit, &p)) != 0)
        return rc;
    arena_init(&ar, 0);
    b = arena_alloc(&ar, (2 * p.nrows + 2) * sizeof(doc_block));
    snprintf(title, sizeof(title), "%s培育情况",
             p.n ? ((Rongpei__TimelineReply *) p.res[0]->reply)->enterprise_name : "");
    /* the program's day is Beijing's */
    now += 8 * 3600;
    gmtime_r(&now, &tm);
    strftime(iso, sizeof(iso), "%Y-%m-%d", &tm);
    pdf_chinese_date(iso, today);
    b[nb].kind = DOC_CENTRE;
    b[nb++].text = doc_text(&ar, "（截至%s）", today);
    for (i = 0; i < p.nrows; i++) {
        const Rongpei__TimelineEvent *e = (const Rongpei__TimelineEvent *) p.rows[i];
        char num[16], md[16];
        const char *kind = cmd_label("kind", e->kind);
        size_t dl = strlen(e->detail);
        int y = atoi(e->on);

        if (y != year) {
            year = y;
            chinese_number(++heading, num);
            b[nb].kind = DOC_H1;
            b[nb++].text = doc_text(&ar, "%s、%d年", num, y);
        }
        month_day(e->on, md);
        b[nb].kind = DOC_PARA;
        /* 6月2日，结对：结对顾问：杨光明。青海高原农商银行。 */
        b[nb++].text = doc_text(&ar, "%s，%s：%s%s%s%s", md, kind ? kind : e->kind, e->title,
                                    dl ? "。" : "", e->detail,
                                    dl && strcmp(e->detail + dl - (dl >= 3 ? 3 : dl), "。") == 0 ? "" : "。");
    }
    if (p.nrows == 0) {
        b[nb].kind = DOC_PARA;
        b[nb++].text = "尚无培育记录。";
    }
    {
        pdf_doc d = {title, b, nb};

        if (pdf_document(&d, out, &pages, err, sizeof(err)) != 0) {
            fprintf(stderr, "rongpei: %s\n", err);
            rc = EX_FAIL;
        } else if (c->json) {
            cmd_pages_json(&p, "events");
        } else {
            printf("已写出 %s（%s，%zu 项，%d 页）\n", out, title, p.nrows, pages);
        }
    }
    arena_reset(&ar);
    cmd_pages_free(&p);
    return rc;
}
