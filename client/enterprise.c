/*
 * enterprise.c - the key-enterprise list from the client:
 *
 *   enterprise save|show|history|consent
 *   keylist open|rounds|list|stats|diff
 *   recommend (one enterprise) and recommend import (a CSV or xlsx file)
 *   recommendation list|decide|correct
 *   removal apply|decide|list
 *
 * One table (efields) says, for every profile field, its option name, its
 * column header in files and how its text becomes a value; options and
 * file rows fill the same Enterprise message through it.
 */
#include "enterprise.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "csv.h"
#include "pbjson.h"
#include "rongpei.pb-c.h"
#include "rp.h"
#include "roster.h"
#include "xlsx.h"

#define NCOLS(a) (sizeof(a) / sizeof(a[0]))
#define S(x) ((char *) ((x) ? (x) : ""))

enum ekind { EK_STR, EK_INT, EK_NUM, EK_CODE, EK_LIST, EK_BORROW };

typedef struct efield {
    const char *field;      /* in rongpei.Enterprise */
    const char *opt;        /* --option */
    const char *header;     /* column in files */
    enum ekind kind;
} efield;

static const efield efields[] = {
    {"name", "name", "企业名称", EK_STR},
    {"credit_code", "credit-code", "统一社会信用代码", EK_STR},
    {"county_code", "county", "注册地区划代码", EK_STR},
    {"industry_section", "section", "行业门类", EK_STR},
    {"industry_division", "industry", "行业大类", EK_STR},
    {"industry_class", "class", "行业小类", EK_STR},
    {"ownership", "ownership", "所有制", EK_CODE},
    {"employees", "employees", "从业人员", EK_INT},
    {"revenue", "revenue", "营业收入", EK_NUM},
    {"assets", "assets", "资产总额", EK_NUM},
    {"figures_year", "figures-year", "数据年度", EK_INT},
    {"legal_rep", "legal-rep", "法定代表人", EK_STR},
    {"legal_rep_mobile", "legal-rep-mobile", "法定代表人手机", EK_STR},
    {"contact_name", "contact", "联系人", EK_STR},
    {"contact_mobile", "contact-mobile", "联系人手机", EK_STR},
    {"need_amount", "need-amount", "融资需求", EK_NUM},
    {"need_purpose", "need-purpose", "融资用途", EK_STR},
    {"need_term_months", "need-term", "融资期限", EK_INT},
    {"need_urgency", "need-urgency", "紧迫程度", EK_CODE},
    {"borrowings", "borrowing", "现有借款", EK_BORROW},
    {"difficulties", "difficulty", "主要困难", EK_LIST},
};
#define NEFIELDS (sizeof(efields) / sizeof(efields[0]))

/* Chinese words for codes, both ways (also shown in tables: cmd_label). */
static const char *const codes[][3] = {
    {"ownership", "private", "私营"}, {"ownership", "individual", "个体"},
    {"ownership", "cooperative", "合作社"}, {"ownership", "other", "其他"},
    {"need_urgency", "low", "不急"}, {"need_urgency", "normal", "一般"},
    {"need_urgency", "high", "较急"}, {"need_urgency", "urgent", "紧急"},
    {"difficulties", "management", "管理"}, {"difficulties", "financing", "融资"},
    {"difficulties", "capital_markets", "资本市场"}, {"difficulties", "financial_discipline", "财务规范"},
    {"difficulties", "risk", "风险"}, {"difficulties", "credit", "信用"},
};

static const char *
code_of(const char *field, const char *word)
{
    size_t i;

    for (i = 0; i < NCOLS(codes); i++)
        if (strcmp(codes[i][0], field) == 0 && strcmp(codes[i][2], word) == 0)
            return codes[i][1];
    return word;
}

const char *
enterprise_label(const char *field, const char *value)
{
    size_t i;

    for (i = 0; i < NCOLS(codes); i++)
        if (strcmp(codes[i][0], field) == 0 && strcmp(codes[i][1], value) == 0)
            return codes[i][2];
    return NULL;
}

/*
 * Set one field of e from text (NULL or "" leaves it unset).  Repeated
 * fields take several values split by 、 ; etc.  Returns 0, or -1 with a
 * Chinese reason in err.
 */
static int
set_field(Rongpei__Enterprise *e, const efield *f, const char *text, arena *a, char *err, size_t errsz)
{
    const ProtobufCFieldDescriptor *d =
        protobuf_c_message_descriptor_get_field_by_name(&rongpei__enterprise__descriptor, f->field);
    char *p = (char *) e + d->offset;
    char *end;

    if (text == NULL || *text == '\0')
        return 0;
    switch (f->kind) {
    case EK_STR:
        *(char **) p = (char *) text;
        return 0;
    case EK_CODE:
        *(char **) p = (char *) code_of(f->field, text);
        return 0;
    case EK_INT: {
        long v;

        errno = 0;
        v = strtol(text, &end, 10);
        if (errno || end == text || *end || v < 0 || v > 100000000) {
            snprintf(err, errsz, "%s应为非负整数，而不是“%s”", f->header, text);
            return -1;
        }
        *(int32_t *) p = (int32_t) v;
        return 0;
    }
    case EK_NUM: {
        double v;

        errno = 0;
        v = strtod(text, &end);
        if (errno || end == text || *end || v < 0) {
            snprintf(err, errsz, "%s应为非负数（万元），而不是“%s”", f->header, text);
            return -1;
        }
        *(double *) p = v;
        return 0;
    }
    case EK_LIST:
    case EK_BORROW: {
        char *copy = arena_strndup(a, text, strlen(text));
        char *parts[32];
        size_t n, i;

        if (copy == NULL)
            return -1;
        n = csv_split_values(copy, parts, 32);
        if (f->kind == EK_LIST) {
            char **vals = arena_alloc(a, (n ? n : 1) * sizeof(char *));

            for (i = 0; i < n; i++)
                vals[i] = (char *) code_of(f->field, parts[i]);
            e->difficulties = vals;
            e->n_difficulties = n;
            return 0;
        }
        e->borrowings = arena_alloc(a, (n ? n : 1) * sizeof(Rongpei__Borrowing *));
        for (i = 0; i < n; i++) {
            Rongpei__Borrowing *b = arena_alloc(a, sizeof(*b));
            char *amount = strchr(parts[i], ':'), *due;

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
    }
    return 0;
}

/* ------------------------------------------------------------------ options */

static const char *enterprise_spec =
    "name=,credit-code=,county=,section=,industry=,class=,ownership=,employees=,revenue=,assets=,"
    "figures-year=,legal-rep=,legal-rep-mobile=,contact=,contact-mobile=,need-amount=,need-purpose=,"
    "need-term=,need-urgency=,borrowing=*,difficulty=*";

static int
enterprise_from_opts(Rongpei__Enterprise *e, const opts *o, arena *a)
{
    char err[256];
    size_t i;
    int k;

    for (i = 0; i < NEFIELDS; i++) {
        const efield *f = &efields[i];
        char joined[2048] = "";

        if (f->kind == EK_LIST || f->kind == EK_BORROW) {
            size_t off = 0;

            for (k = 0; k < o->n; k++)
                if (strcmp(o->names[k], f->opt) == 0 && off < sizeof(joined))
                    off += (size_t) snprintf(joined + off, sizeof(joined) - off, "%s%s", off ? ";" : "",
                                             o->values[k]);
            if (set_field(e, f, joined, a, err, sizeof(err)) != 0)
                goto bad;
        } else if (set_field(e, f, opt_str(o, f->opt), a, err, sizeof(err)) != 0) {
            goto bad;
        }
    }
    return 0;
bad:
    fprintf(stderr, "rongpei: %s\n", err);
    return EX_USAGE_;
}

static const col enterprise_cols[] = {
    {"id", "编号"}, {"name", "企业名称"}, {"credit_code", "统一社会信用代码"}, {"county_name", "注册地"},
    {"industry_division", "行业大类"}, {"industry_name", "行业"}, {"ownership", "所有制"},
    {"employees", "从业人员"}, {"revenue", "营业收入（万元）"}, {"assets", "资产总额（万元）"},
    {"size_class", "规模"}, {"size_rule", "划型依据"}, {"legal_rep", "法定代表人"},
    {"legal_rep_mobile", "法定代表人手机"}, {"contact_name", "联系人"}, {"contact_mobile", "联系人手机"},
    {"need_amount", "融资需求（万元）"}, {"need_purpose", "融资用途"}, {"need_urgency", "紧迫程度"},
    {"difficulties", "主要困难"}, {"consent_org_ids", "授权查看的机构"}, {"version", "版本"},
};

int
cmd_enterprise_save(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei enterprise save --credit-code 代码 --name 名称 --county 区划代码 "
                               "--industry 行业大类 [--class 小类] --ownership 私营 --employees 人数 --revenue 万元 "
                               "--assets 万元 --legal-rep 姓名 --contact 姓名 [--contact-mobile 手机] ...";
    Rongpei__Enterprise e = RONGPEI__ENTERPRISE__INIT;
    arena a;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, enterprise_spec, usage)) != 0)
        return rc;
    arena_init(&a, 0);
    if ((rc = enterprise_from_opts(&e, &o, &a)) == 0)
        rc = cli_run(c, "enterprise.save", &e.base, NULL, enterprise_cols, NCOLS(enterprise_cols));
    arena_reset(&a);
    return rc;
}

int
cmd_enterprise_show(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei enterprise show 企业编号";

    return cli_run_id(c, argc, argv, usage, "enterprise.get", NULL, enterprise_cols, NCOLS(enterprise_cols));
}

int
cmd_enterprise_history(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei enterprise history 企业编号";
    static const col cols[] = {{"at", "时间"}, {"username", "修改人"}, {"field", "项目"},
                               {"old_value", "原值"}, {"new_value", "新值"}};
    Rongpei__IdRequest rq = RONGPEI__ID_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.id = id;
    return cli_run(c, "enterprise.history", &rq.base, "changes", cols, NCOLS(cols));
}

int
cmd_enterprise_consent(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei enterprise consent --lender 机构编号...（不带 --lender 即撤回全部授权）";
    Rongpei__ConsentRequest rq = RONGPEI__CONSENT_REQUEST__INIT;
    int64_t ids[OPT_MAX];
    char *end;
    int i;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "lender=*", usage)) != 0)
        return rc;
    for (i = 0; i < o.nmulti; i++) {
        ids[i] = strtoll(o.multi[i], &end, 10);
        if (*end || ids[i] <= 0) {
            fprintf(stderr, "rongpei: --lender 应为机构编号，而不是“%s”\n", o.multi[i]);
            return EX_USAGE_;
        }
    }
    rq.org_ids = ids;
    rq.n_org_ids = (size_t) o.nmulti;
    return cli_run(c, "enterprise.consent", &rq.base, NULL, enterprise_cols, NCOLS(enterprise_cols));
}

/* ------------------------------------------------------------------ rounds and the list */

static const col round_cols[] = {
    {"prefecture_code", "市州代码"}, {"prefecture_name", "市州"}, {"target", "目标"},
    {"recommended", "已推荐"}, {"approved", "已列入"},
};

static int
print_keylist_round(cli *c, const char *name, const ProtobufCMessage *body)
{
    rpc_result res;
    int rc = cli_call(c, name, body, &res);

    if (rc == 0) {
        Rongpei__KeylistRound *r = (Rongpei__KeylistRound *) res.reply;

        if (c->json) {
            cli_print(c, res.reply, NULL, NULL, 0);
        } else {
            printf("推荐轮次 %lld：%d 年%s名单，截止 %s，状态 %s；本级在聘顾问 %d 人（可服务 %d 至 %d 家企业）\n",
                   (long long) r->id, r->year, strcmp(r->tier, "province") == 0 ? "省级" : "市州级",
                   r->deadline, strcmp(r->status, "open") == 0 ? "开放" : "已关闭", r->advisors, r->advisors,
                   r->advisors * 2);
            table_print(stdout, (ProtobufCMessage *const *) r->targets, r->n_targets, round_cols,
                        NCOLS(round_cols));
        }
    }
    rpc_result_free(&res);
    return rc;
}

int
cmd_keylist_open(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei keylist open --year 年度 --deadline 日期 --target 市州代码:数目...   "
                               "（市州金融办：--prefecture --target 数目）";
    Rongpei__KeylistOpenRequest rq = RONGPEI__KEYLIST_OPEN_REQUEST__INIT;
    Rongpei__KeylistTarget t[16], *tp[16];
    int ok = 1, i;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "year=,deadline=,target=*,prefecture", usage)) != 0)
        return rc;
    rq.year = (int32_t) opt_int(&o, "year", &ok);
    rq.deadline = S(opt_str(&o, "deadline"));
    rq.tier = opt_flag(&o, "prefecture") ? "prefecture" : "province";
    for (i = 0; i < o.nmulti && i < 16; i++) {
        const char *colon = strchr(o.multi[i], ':');
        char *end;

        rongpei__keylist_target__init(&t[i]);
        if (opt_flag(&o, "prefecture") && colon == NULL) {
            rq.target = (int32_t) strtol(o.multi[i], &end, 10);
            if (*end)
                ok = 0;
            continue;
        }
        if (colon == NULL || colon - o.multi[i] != 6) {
            fprintf(stderr, "rongpei: --target 应写成 市州代码:数目，如 630100:20\n");
            return EX_USAGE_;
        }
        t[i].prefecture_code = strndup(o.multi[i], 6);
        t[i].target = (int32_t) strtol(colon + 1, &end, 10);
        if (*end)
            ok = 0;
        tp[rq.n_targets++] = &t[i];
    }
    rq.targets = tp;
    if (!ok || rq.year <= 0) {
        fprintf(stderr, "用法：%s\n", usage);
        rc = EX_USAGE_;
    } else {
        rc = print_keylist_round(c, "keylist.open", &rq.base);
    }
    for (i = 0; i < (int) rq.n_targets; i++)
        free(tp[i]->prefecture_code);
    return rc;
}

int
cmd_keylist_rounds(cli *c, int argc, char **argv)
{
    static const col cols[] = {{"id", "编号"}, {"year", "年度"}, {"tier", "层级"}, {"prefecture_code", "市州"},
                               {"deadline", "截止日期"}, {"status", "状态"}, {"advisors", "在聘顾问"}};
    Rongpei__KeylistRoundsRequest rq = RONGPEI__KEYLIST_ROUNDS_REQUEST__INIT;
    rpc_result res;
    size_t i;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "year=", "rongpei keylist rounds [--year 年度]")) != 0)
        return rc;
    rq.year = (int32_t) opt_int(&o, "year", &ok);
    if (!ok)
        return EX_USAGE_;
    if ((rc = cli_call(c, "keylist.rounds", &rq.base, &res)) == 0) {
        Rongpei__KeylistRoundsReply *r = (Rongpei__KeylistRoundsReply *) res.reply;

        if (c->json) {
            cli_print(c, res.reply, NULL, NULL, 0);
        } else {
            cli_print(c, res.reply, "rounds", cols, NCOLS(cols));
            for (i = 0; i < r->n_rounds; i++) {
                printf("\n轮次 %lld 推荐数与目标：\n", (long long) r->rounds[i]->id);
                table_print(stdout, (ProtobufCMessage *const *) r->rounds[i]->targets, r->rounds[i]->n_targets,
                            round_cols, NCOLS(round_cols));
            }
        }
    }
    rpc_result_free(&res);
    return rc;
}

static const char *list_spec = "year=,tier=,prefecture=,county=,industry=,size=,status=,xlsx=";

static int
list_request(Rongpei__KeylistListRequest *rq, const opts *o)
{
    int ok = 1;

    rq->year = (int32_t) opt_int(o, "year", &ok);
    rq->tier = S(opt_str(o, "tier"));
    rq->prefecture_code = S(opt_str(o, "prefecture"));
    rq->county_code = S(opt_str(o, "county"));
    rq->industry = S(opt_str(o, "industry"));
    rq->size_class = S(opt_str(o, "size"));
    rq->status = S(opt_str(o, "status"));
    return ok ? 0 : EX_USAGE_;
}

/* The list as a table, and as a workbook for the bureau's files (every cell
 * a string; = + - @ neutralised by xlsx_write_table). */
int
cmd_keylist_list(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei keylist list [--year Y] [--tier province|prefecture] [--prefecture 代码] "
                               "[--county 代码] [--industry 门类或大类] [--size large|medium|small|micro] "
                               "[--status listed|removed] [--xlsx 文件]";
    static const char *const headers[] = {"编号", "年度", "层级", "市州", "企业名称", "统一社会信用代码", "注册地",
                                          "行业", "规模", "从业人员", "营业收入（万元）", "资产总额（万元）",
                                          "联系人", "联系人手机", "来源", "培育年数", "状态", "移出原因"};
    Rongpei__KeylistListRequest rq = RONGPEI__KEYLIST_LIST_REQUEST__INIT;
    rpc_result res;
    size_t i, k, nh = NCOLS(headers);
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, list_spec, usage)) != 0 || (rc = list_request(&rq, &o)) != 0)
        return rc;
    if ((rc = cli_call(c, "keylist.list", &rq.base, &res)) != 0) {
        rpc_result_free(&res);
        return rc;
    }
    {
        Rongpei__KeylistListReply *r = (Rongpei__KeylistListReply *) res.reply;
        char **cells = calloc(r->n_entries * nh + 1, sizeof(char *));

        for (i = 0; cells && i < r->n_entries; i++) {
            Rongpei__ListEntry *en = r->entries[i];
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
            snprintf(buf, sizeof(buf), "%.2f", e ? e->revenue : 0);
            row[10] = strdup(buf);
            snprintf(buf, sizeof(buf), "%.2f", e ? e->assets : 0);
            row[11] = strdup(buf);
            row[12] = strdup(e ? e->contact_name : "");
            row[13] = strdup(e ? e->contact_mobile : "");
            row[14] = strdup(strcmp(en->source, "carried") == 0 ? "延续" : "新推荐");
            snprintf(buf, sizeof(buf), "%d", en->years_in_program);
            row[15] = strdup(buf);
            row[16] = strdup(strcmp(en->status, "listed") == 0 ? "在册" : "已移出");
            row[17] = strdup(en->removed_reason);
        }
        if (c->json)
            cli_print(c, res.reply, NULL, NULL, 0);
        else if (cells != NULL)
            table_print_text(stdout, headers, nh, cells, r->n_entries);
        if (opt_str(&o, "xlsx") != NULL && cells != NULL) {
            if (xlsx_write_table(opt_str(&o, "xlsx"), "重点企业名单", "重点企业名单", NULL, headers, nh, cells,
                                 r->n_entries) != 0) {
                fprintf(stderr, "rongpei: 无法写入 %s\n", opt_str(&o, "xlsx"));
                rc = EX_FAIL;
            } else if (!c->json) {
                printf("已写出 %s（%zu 家企业）\n", opt_str(&o, "xlsx"), r->n_entries);
            }
        }
        for (k = 0; cells && k < r->n_entries * nh; k++)
            free(cells[k]);
        free(cells);
    }
    rpc_result_free(&res);
    return rc;
}

int
cmd_keylist_stats(cli *c, int argc, char **argv)
{
    static const col cols[] = {{"key", "代码"}, {"label", "名称"}, {"count", "企业数"}};
    Rongpei__KeylistListRequest rq = RONGPEI__KEYLIST_LIST_REQUEST__INIT;
    rpc_result res;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, list_spec, "rongpei keylist stats [筛选条件同 keylist list]")) != 0 ||
        (rc = list_request(&rq, &o)) != 0)
        return rc;
    if ((rc = cli_call(c, "keylist.stats", &rq.base, &res)) == 0) {
        Rongpei__KeylistStats *s = (Rongpei__KeylistStats *) res.reply;

        if (c->json) {
            cli_print(c, res.reply, NULL, NULL, 0);
        } else {
            printf("在册企业 %d 家\n\n按市州：\n", s->total);
            cli_print(c, res.reply, "by_prefecture", cols, NCOLS(cols));
            printf("\n按行业门类：\n");
            cli_print(c, res.reply, "by_industry", cols, NCOLS(cols));
            printf("\n按规模：\n");
            cli_print(c, res.reply, "by_size", cols, NCOLS(cols));
        }
    }
    rpc_result_free(&res);
    return rc;
}

int
cmd_keylist_diff(cli *c, int argc, char **argv)
{
    static const col cols[] = {{"change", "变化"}, {"enterprise_id", "企业编号"}, {"name", "企业名称"},
                               {"prefecture_code", "市州"}, {"years_in_program", "培育年数"}, {"reason", "说明"}};
    Rongpei__KeylistListRequest rq = RONGPEI__KEYLIST_LIST_REQUEST__INIT;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, list_spec, "rongpei keylist diff --year 年度 [--tier T] [--prefecture 代码]")) != 0 ||
        (rc = list_request(&rq, &o)) != 0)
        return rc;
    if (rq.year <= 0) {
        fprintf(stderr, "rongpei: 请用 --year 指定年度（与上一年度比较）\n");
        return EX_USAGE_;
    }
    return cli_run(c, "keylist.diff", &rq.base, "rows", cols, NCOLS(cols));
}

/* ------------------------------------------------------------------ recommendations */

static const col recommendation_cols[] = {
    {"id", "编号"}, {"round_id", "轮次"}, {"prefecture_code", "市州"}, {"status", "状态"}, {"reason", "理由"},
};

int
cmd_recommend(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei recommend --round 轮次 [--replaces 名额编号] --credit-code 代码 --name 名称 "
                               "...（企业信息选项同 enterprise save）";
    Rongpei__Enterprise e = RONGPEI__ENTERPRISE__INIT;
    char spec[1024];
    int ok = 1;
    arena a;
    opts o;
    int rc;

    snprintf(spec, sizeof(spec), "round=,replaces=,%s", enterprise_spec);
    if ((rc = opts_parse(&o, argc, argv, spec, usage)) != 0)
        return rc;
    arena_init(&a, 0);
    e.round_id = opt_int(&o, "round", &ok);
    e.replaces_slot = opt_int(&o, "replaces", &ok);
    if (!ok || e.round_id <= 0) {
        fprintf(stderr, "用法：%s\n", usage);
        rc = EX_USAGE_;
    } else if ((rc = enterprise_from_opts(&e, &o, &a)) == 0) {
        rc = cli_run(c, "recommendation.submit", &e.base, NULL, recommendation_cols, NCOLS(recommendation_cols));
    }
    arena_reset(&a);
    return rc;
}

/*
 * A file larger than one request can carry goes up in parts of STAGE_ROWS
 * under one upload id (a retried part adds nothing); the import then names
 * the upload instead of carrying the rows.
 */
#define STAGE_ROWS 5000

static int
stage_rows(cli *c, Rongpei__RecommendationImportRequest *rq)
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
        static char keep[37];

        memcpy(keep, id, sizeof(keep));
        rq->upload_id = keep;
        rq->n_rows = 0;
    }
    return rc;
}

int
cmd_recommend_import(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei recommend import --round 轮次 --file 文件.csv|文件.xlsx";
    Rongpei__RecommendationImportRequest rq = RONGPEI__RECOMMENDATION_IMPORT_REQUEST__INIT;
    const char *names[NEFIELDS];
    int at[NEFIELDS];
    csv_table t;
    char err[512];
    rpc_result res;
    size_t i, k;
    int ok = 1, bad = 0;
    arena a;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "round=,file=", usage)) != 0)
        return rc;
    rq.round_id = opt_int(&o, "round", &ok);
    if (!ok || rq.round_id <= 0 || opt_str(&o, "file") == NULL) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    for (k = 0; k < NEFIELDS; k++)
        names[k] = efields[k].header;
    if (table_file_open(opt_str(&o, "file"), &t, names, NEFIELDS, at, err, sizeof(err)) != 0) {
        fprintf(stderr, "rongpei: %s\n", err);
        return EX_INVALID;
    }
    arena_init(&a, 0);
    rq.rows = arena_alloc(&a, t.n * sizeof(Rongpei__Enterprise *));
    for (i = 1; i < t.n; i++) {
        Rongpei__Enterprise *e = arena_alloc(&a, sizeof(*e));
        const csv_record *rec = &t.records[i];

        rongpei__enterprise__init(e);
        e->line = rec->line;
        for (k = 0; k < NEFIELDS; k++) {
            const char *cell = at[k] >= 0 && (size_t) at[k] < rec->n ? rec->fields[at[k]] : "";

            if (set_field(e, &efields[k], cell, &a, err, sizeof(err)) != 0) {
                fprintf(stderr, "第 %d 行（%s）：%s\n", rec->line, S(e->name), err);
                bad++;
                break;
            }
        }
        rq.rows[rq.n_rows++] = e;
    }
    /* a whole file is checked in one transaction: give the server time */
    if (c->net.timeout_s < 900)
        c->net.timeout_s = 900;
    if (!bad && rq.n_rows > STAGE_ROWS && (rc = stage_rows(c, &rq)) != 0) {
        arena_reset(&a);
        csv_free(&t);
        return rc;
    }
    if (bad) {
        fprintf(stderr, "rongpei: 文件有 %d 行数字或格式不正确，未导入任何记录\n", bad);
        rc = EX_INVALID;
    } else if ((rc = cli_call(c, "recommendation.import", &rq.base, &res)) == 0) {
        if (c->json)
            cli_print(c, res.reply, NULL, NULL, 0);
        else
            printf("已从 %s（%s）推荐 %d 家企业\n", opt_str(&o, "file"), t.encoding,
                   ((Rongpei__NominationImportReply *) res.reply)->imported);
        rpc_result_free(&res);
    } else {
        rpc_result_free(&res);
    }
    arena_reset(&a);
    csv_free(&t);
    return rc;
}

int
cmd_recommendation_list(cli *c, int argc, char **argv)
{
    Rongpei__RecommendationListRequest rq = RONGPEI__RECOMMENDATION_LIST_REQUEST__INIT;
    rpc_result res;
    size_t i;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "round=,status=",
                         "rongpei recommendation list [--round R] [--status submitted|returned|approved|rejected]")) != 0)
        return rc;
    rq.round_id = opt_int(&o, "round", &ok);
    rq.status = S(opt_str(&o, "status"));
    if (!ok)
        return EX_USAGE_;
    if ((rc = cli_call(c, "recommendation.list", &rq.base, &res)) == 0) {
        Rongpei__RecommendationListReply *r = (Rongpei__RecommendationListReply *) res.reply;

        if (c->json) {
            cli_print(c, res.reply, NULL, NULL, 0);
        } else {
            static const char *const headers[] = {"编号", "轮次", "市州", "企业名称", "统一社会信用代码", "规模",
                                                  "状态", "理由"};
            char **cells = calloc(r->n_recommendations * 8 + 1, sizeof(char *));

            for (i = 0; cells && i < r->n_recommendations; i++) {
                Rongpei__Recommendation *x = r->recommendations[i];
                const char *l = cmd_label("status", x->status);
                const char *sz = x->enterprise ? cmd_label("size_class", x->enterprise->size_class) : NULL;
                char id[32], round[32];

                snprintf(id, sizeof(id), "%lld", (long long) x->id);
                snprintf(round, sizeof(round), "%lld", (long long) x->round_id);
                cells[i * 8] = strdup(id);
                cells[i * 8 + 1] = strdup(round);
                cells[i * 8 + 2] = strdup(x->prefecture_code);
                cells[i * 8 + 3] = strdup(x->enterprise ? x->enterprise->name : "");
                cells[i * 8 + 4] = strdup(x->enterprise ? x->enterprise->credit_code : "");
                cells[i * 8 + 5] = strdup(sz ? sz : "");
                cells[i * 8 + 6] = strdup(l ? l : x->status);
                cells[i * 8 + 7] = strdup(x->reason);
            }
            if (cells != NULL)
                table_print_text(stdout, headers, 8, cells, r->n_recommendations);
            for (i = 0; cells && i < r->n_recommendations * 8; i++)
                free(cells[i]);
            free(cells);
        }
    }
    rpc_result_free(&res);
    return rc;
}

int
cmd_recommendation_decide(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei recommendation decide 推荐编号 --approve|--return|--reject [--reason 理由]";
    Rongpei__RecommendationDecideRequest rq = RONGPEI__RECOMMENDATION_DECIDE_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "approve,return,reject,reason=", usage)) != 0 ||
        (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    if (opt_flag(&o, "approve") + opt_flag(&o, "return") + opt_flag(&o, "reject") != 1) {
        fprintf(stderr, "rongpei: 请选择 --approve（列入）、--return（退回修改）或 --reject（不予列入）之一\n");
        return EX_USAGE_;
    }
    rq.id = id;
    rq.decision = opt_flag(&o, "approve") ? "approve" : opt_flag(&o, "return") ? "return" : "reject";
    rq.reason = S(opt_str(&o, "reason"));
    return cli_run(c, "recommendation.decide", &rq.base, NULL, recommendation_cols, NCOLS(recommendation_cols));
}

int
cmd_recommendation_correct(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei recommendation correct 推荐编号 --credit-code 代码 --name 名称 ...（全部企业信息）";
    Rongpei__Enterprise e = RONGPEI__ENTERPRISE__INIT;
    long long id;
    arena a;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, enterprise_spec, usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    arena_init(&a, 0);
    e.id = id;
    if ((rc = enterprise_from_opts(&e, &o, &a)) == 0)
        rc = cli_run(c, "recommendation.correct", &e.base, NULL, recommendation_cols, NCOLS(recommendation_cols));
    arena_reset(&a);
    return rc;
}

/* ------------------------------------------------------------------ removal */

static const col removal_cols[] = {
    {"id", "编号"}, {"entry_id", "名单条目"}, {"name", "企业名称"}, {"year", "年度"}, {"grounds", "理由"},
    {"status", "状态"}, {"decision_reason", "审核意见"}, {"slot_id", "递补名额"}, {"slot_status", "递补状态"},
};

int
cmd_removal_apply(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei removal apply 名单条目编号 --ground chaotic_management|abnormal_operation|"
                               "no_prospect|refuses_cooperation... --account 具体情况";
    Rongpei__RemovalApplyRequest rq = RONGPEI__REMOVAL_APPLY_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "ground=*,account=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.entry_id = id;
    rq.grounds = (char **) o.multi;
    rq.n_grounds = (size_t) o.nmulti;
    rq.account = S(opt_str(&o, "account"));
    return cli_run(c, "removal.apply", &rq.base, NULL, removal_cols, NCOLS(removal_cols));
}

int
cmd_removal_decide(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei removal decide 申请编号 --approve|--reject --reason 理由";
    Rongpei__RemovalDecideRequest rq = RONGPEI__REMOVAL_DECIDE_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "approve,reject,reason=", usage)) != 0 ||
        (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    if (opt_flag(&o, "approve") == opt_flag(&o, "reject")) {
        fprintf(stderr, "rongpei: 请选择 --approve（移出）或 --reject（不予移出）之一\n");
        return EX_USAGE_;
    }
    rq.id = id;
    rq.approve = opt_flag(&o, "approve");
    rq.reason = S(opt_str(&o, "reason"));
    return cli_run(c, "removal.decide", &rq.base, NULL, removal_cols, NCOLS(removal_cols));
}

int
cmd_removal_list(cli *c, int argc, char **argv)
{
    Rongpei__RemovalListRequest rq = RONGPEI__REMOVAL_LIST_REQUEST__INIT;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "status=", "rongpei removal list [--status applied|approved|rejected]")) != 0)
        return rc;
    rq.status = S(opt_str(&o, "status"));
    return cli_run(c, "removal.list", &rq.base, "removals", removal_cols, NCOLS(removal_cols));
}
