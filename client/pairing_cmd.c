/*
 * pairing_cmd.c - rongpei pairing propose|list|conflict (P8).
 *
 * propose fetches the candidate pairs the server allows (with scores under
 * the weights given), finds the pairing of largest total score that covers
 * every listed enterprise and gives every advisor one or two
 * (common/pairing.c), prints each pair with why, and with --accept sends it
 * to the server, which checks it against the same rules and records it.
 * When no complete pairing exists it says exactly why.
 */
#include "pairing_cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pairing.h"
#include "rongpei.pb-c.h"
#include "rp.h"

#define NCOLS(a) (sizeof(a) / sizeof(a[0]))

static const col pair_cols[] = {
    {"advisor_id", "顾问编号"}, {"advisor_name", "顾问"}, {"enterprise_id", "企业编号"},
    {"enterprise_name", "企业"}, {"score", "得分"}, {"factors", "结对依据"}, {"since", "起始日期"},
};

/* Ids sorted with their positions, for lookups in O(log n): an instance
 * has thousands of advisors and enterprises and millions of candidates. */
typedef struct id_ix {
    int64_t id;
    int ix;
} id_ix;

static int
id_cmp(const void *a, const void *b)
{
    const id_ix *x = a, *y = b;

    return x->id < y->id ? -1 : x->id > y->id;
}

static id_ix *
id_index(const int64_t *ids, size_t n)
{
    id_ix *t = malloc((n + 1) * sizeof(id_ix));
    size_t i;

    if (t == NULL)
        return NULL;
    for (i = 0; i < n; i++)
        t[i].id = ids[i], t[i].ix = (int) i;
    qsort(t, n, sizeof(id_ix), id_cmp);
    return t;
}

static int
index_of(const id_ix *t, size_t n, int64_t id)
{
    id_ix key = {id, 0};
    const id_ix *f = bsearch(&key, t, n, sizeof(id_ix), id_cmp);

    return f ? f->ix : -1;
}

static int
parse_weights(const opts *o, Rongpei__PairingWeights *w)
{
    int i;

    w->specialism = 5, w->industry = 3, w->local = 2;
    for (i = 0; i < o->nmulti; i++) {
        const char *v = o->multi[i], *eq = strchr(v, '=');
        char *end;
        long x;

        if (eq == NULL)
            goto bad;
        x = strtol(eq + 1, &end, 10);
        if (*end || x < 0 || x > 9999)
            goto bad;
        if (strncmp(v, "specialism=", 11) == 0)
            w->specialism = (int32_t) x;
        else if (strncmp(v, "industry=", 9) == 0)
            w->industry = (int32_t) x;
        else if (strncmp(v, "local=", 6) == 0)
            w->local = (int32_t) x;
        else
            goto bad;
    }
    return 0;
bad:
    fprintf(stderr, "rongpei: --weight 应写成 specialism=5、industry=3 或 local=2（0 至 9999 的整数）\n");
    return EX_USAGE_;
}

/* Why no complete pairing exists, in the officials' terms. */
static void
explain(const Rongpei__PairingInputs *in, const pairing_result *r, const pairing_edge *ed, int n_ed)
{
    int i, k, has = 0;

    if (r->uncovered >= 0) {
        const Rongpei__PairingEnterprise *e = in->enterprises[r->uncovered];

        if (r->n_witness_a == 0) {
            printf("无法为每家企业安排顾问：%s（市州 %s）没有符合条件的顾问——没有能服务该市州的顾问，"
                   "或能服务的顾问与其存在利益冲突。\n", e->name, e->prefecture_code);
            return;
        }
        printf("无法为每家企业安排顾问：以下 %d 家企业只能由 %d 名顾问服务，而每名顾问至多结对 2 家（至多 %d 家）。\n",
               r->n_witness_e, r->n_witness_a, 2 * r->n_witness_a);
        printf("企业：");
        for (i = 0; i < r->n_witness_e && i < 20; i++)
            printf("%s%s（%s）", i ? "、" : "", in->enterprises[r->witness_e[i]]->name,
                   in->enterprises[r->witness_e[i]]->prefecture_code);
        printf("%s\n顾问：", r->n_witness_e > 20 ? " 等" : "");
        for (i = 0; i < r->n_witness_a && i < 20; i++)
            printf("%s%s", i ? "、" : "", in->advisors[r->witness_a[i]]->name);
        printf("%s\n需要增加能服务这些企业所在市州的顾问，或调整名单。\n", r->n_witness_a > 20 ? " 等" : "");
        return;
    }
    for (k = 0; k < n_ed; k++)
        has |= ed[k].advisor == r->idle;
    if (!has)
        printf("无法让每名顾问都结对：%s 没有符合条件的企业（可服务的市州中没有在册企业，或均存在利益冲突）。\n",
               in->advisors[r->idle]->name);
    else
        printf("无法让每名顾问都结对：在册企业 %zu 家，在聘顾问 %zu 名；%s 能服务的企业都须由别的顾问服务，"
               "企业不足以让每名顾问至少结对一家。\n",
               in->n_enterprises, in->n_advisors, in->advisors[r->idle]->name);
}

int
cmd_pairing_propose(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei pairing propose --year 年度 [--prefecture] "
                               "[--weight specialism=5] [--weight industry=3] [--weight local=2] [--accept]";
    Rongpei__PairingInputsRequest rq = RONGPEI__PAIRING_INPUTS_REQUEST__INIT;
    Rongpei__PairingWeights w = RONGPEI__PAIRING_WEIGHTS__INIT;
    rpc_result res;
    pairing_result r;
    pairing_edge *ed = NULL;
    int64_t *aid = NULL, *eid = NULL;
    id_ix *aix = NULL, *eix = NULL;
    size_t *src = NULL;         /* per edge: its candidate */
    Rongpei__Pair *pairs = NULL, **pp = NULL;
    size_t i;
    int ok = 1, n_ed = 0;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "year=,prefecture,weight=*,accept", usage)) != 0 ||
        (rc = parse_weights(&o, &w)) != 0)
        return rc;
    rq.year = (int32_t) opt_int(&o, "year", &ok);
    rq.tier = opt_flag(&o, "prefecture") ? "prefecture" : "province";
    rq.weights = &w;
    if (!ok || rq.year <= 0) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    if ((rc = cli_call(c, "pairing.inputs", &rq.base, &res)) != 0) {
        rpc_result_free(&res);
        return rc;
    }
    {
        Rongpei__PairingInputs *in = (Rongpei__PairingInputs *) res.reply;

        aid = malloc((in->n_advisors + 1) * sizeof(int64_t));
        eid = malloc((in->n_enterprises + 1) * sizeof(int64_t));
        ed = malloc((in->n_candidates + 1) * sizeof(pairing_edge));
        src = malloc((in->n_candidates + 1) * sizeof(size_t));
        pairs = calloc(in->n_enterprises + 1, sizeof(Rongpei__Pair));
        pp = calloc(in->n_enterprises + 1, sizeof(Rongpei__Pair *));
        if (!aid || !eid || !ed || !src || !pairs || !pp) {
            rc = EX_FAIL;
            goto out;
        }
        for (i = 0; i < in->n_advisors; i++)
            aid[i] = in->advisors[i]->id;
        for (i = 0; i < in->n_enterprises; i++)
            eid[i] = in->enterprises[i]->id;
        if ((aix = id_index(aid, in->n_advisors)) == NULL || (eix = id_index(eid, in->n_enterprises)) == NULL) {
            rc = EX_FAIL;
            goto out;
        }
        for (i = 0; i < in->n_candidates; i++) {
            int a = index_of(aix, in->n_advisors, in->candidates[i]->advisor_id);
            int e = index_of(eix, in->n_enterprises, in->candidates[i]->enterprise_id);

            if (a < 0 || e < 0)
                continue;
            src[n_ed] = i;
            ed[n_ed].advisor = a, ed[n_ed].enterprise = e, ed[n_ed].score = (long) in->candidates[i]->score;
            n_ed++;
        }
        if (pairing_solve((int) in->n_advisors, (int) in->n_enterprises, ed, n_ed, 2, &r) != 0) {
            fprintf(stderr, "rongpei: 内存不足\n");
            rc = EX_FAIL;
            goto out;
        }
        if (!r.complete) {
            if (c->json)
                printf("{\"complete\": false}\n");
            explain(in, &r, ed, n_ed);
            pairing_result_free(&r);
            rc = EX_CONFLICT;
            goto out;
        }
        for (i = 0; i < in->n_enterprises; i++) {
            int k = r.assigned[i];

            rongpei__pair__init(&pairs[i]);
            pairs[i].advisor_id = aid[ed[k].advisor];
            pairs[i].advisor_name = in->advisors[ed[k].advisor]->name;
            pairs[i].enterprise_id = eid[i];
            pairs[i].enterprise_name = in->enterprises[i]->name;
            pairs[i].score = ed[k].score;
            pairs[i].factors = in->candidates[src[k]]->factors;
            pp[i] = &pairs[i];
        }
        if (pairing_check((int) in->n_advisors, (int) in->n_enterprises, ed, n_ed, 2, &r) != 0) {
            fprintf(stderr, "rongpei: 结对方案未通过最优性校验，未采用；请报告此问题\n");
            pairing_result_free(&r);
            rc = EX_FAIL;
            goto out;
        }
        if (!c->json) {
            printf("最优结对：%zu 名顾问、%zu 家企业，总得分 %ld（权重：专业 %d、行业 %d、本地 %d；最小费用流，结果确定；"
                   "最优性已由对偶证书验证）\n",
                   in->n_advisors, in->n_enterprises, r.objective, w.specialism, w.industry, w.local);
            table_print(stdout, (ProtobufCMessage *const *) pp, in->n_enterprises, pair_cols, NCOLS(pair_cols) - 1);
        }
        pairing_result_free(&r);
        if (opt_flag(&o, "accept")) {
            Rongpei__PairingAcceptRequest aq = RONGPEI__PAIRING_ACCEPT_REQUEST__INIT;
            rpc_result ares;

            aq.tier = rq.tier;
            aq.year = rq.year;
            aq.weights = &w;
            aq.pairs = pp;
            aq.n_pairs = in->n_enterprises;
            aq.solver = "rongpei min-cost flow (successive shortest paths)";
            rc = cli_call(c, "pairing.accept", &aq.base, &ares);
            if (rc == 0) {
                Rongpei__PairingAcceptReply *ar = (Rongpei__PairingAcceptReply *) ares.reply;

                if (c->json)
                    cli_print(c, ares.reply, NULL, NULL, 0);
                else
                    printf("已确认结对（第 %lld 次结对，总得分 %lld）\n", (long long) ar->run_id,
                           (long long) ar->objective);
            }
            rpc_result_free(&ares);
        } else if (c->json) {
            Rongpei__PairingListReply lr = RONGPEI__PAIRING_LIST_REPLY__INIT;

            lr.pairs = pp;
            lr.n_pairs = in->n_enterprises;
            cli_print(c, &lr.base, NULL, NULL, 0);
        }
    }
out:
    free(aid);
    free(eid);
    free(aix);
    free(eix);
    free(src);
    free(ed);
    free(pairs);
    free(pp);
    rpc_result_free(&res);
    return rc;
}

static const col list_cols[] = {
    {"id", "结对编号"}, {"advisor_id", "顾问编号"}, {"advisor_name", "顾问"}, {"group_name", "小组"},
    {"enterprise_id", "企业编号"}, {"enterprise_name", "企业"}, {"role", "角色"}, {"specialism", "增派专业"},
    {"factors", "结对依据"}, {"since", "起始日期"}, {"until", "结束日期"}, {"end_reason", "结束原因"},
};

int
cmd_pairing_list(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei pairing list [--year 年度] [--province|--prefecture] [--enterprise E] "
                               "[--advisor A] [--history]";
    Rongpei__PairingListRequest rq = RONGPEI__PAIRING_LIST_REQUEST__INIT;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "year=,prefecture,province,enterprise=,advisor=,history", usage)) != 0)
        return rc;
    rq.year = (int32_t) opt_int(&o, "year", &ok);
    rq.tier = opt_flag(&o, "prefecture") ? "prefecture" : opt_flag(&o, "province") ? "province" : "";
    rq.enterprise_id = opt_int(&o, "enterprise", &ok);
    rq.advisor_id = opt_int(&o, "advisor", &ok);
    rq.history = opt_flag(&o, "history");
    if (!ok || rq.year < 0) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    return cli_run(c, "pairing.list", &rq.base, "pairs", list_cols, NCOLS(list_cols));
}

/* pairing change|add: one enterprise, another or a second advisor. */
static int
pairing_edit(cli *c, int argc, char **argv, int add)
{
    static const char *usage_change = "rongpei pairing change 企业编号 --advisor 顾问编号 --year 年度 --reason 理由 "
                                      "[--prefecture]";
    static const char *usage_add = "rongpei pairing add 企业编号 --advisor 顾问编号 --specialism 专业 --year 年度 "
                                   "--reason 理由 [--prefecture]";
    const char *usage = add ? usage_add : usage_change;
    Rongpei__PairingChangeRequest rq = RONGPEI__PAIRING_CHANGE_REQUEST__INIT;
    long long id;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "advisor=,specialism=,year=,reason=,prefecture", usage)) != 0 ||
        (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.enterprise_id = id;
    rq.advisor_id = opt_int(&o, "advisor", &ok);
    rq.year = (int32_t) opt_int(&o, "year", &ok);
    rq.tier = opt_flag(&o, "prefecture") ? "prefecture" : "province";
    rq.reason = (char *) (opt_str(&o, "reason") ? opt_str(&o, "reason") : "");
    rq.specialism = (char *) (opt_str(&o, "specialism") ? opt_str(&o, "specialism") : "");
    if (!ok || rq.advisor_id <= 0 || rq.year <= 0 || (add && !*rq.specialism)) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    return cli_run(c, add ? "pairing.add" : "pairing.change", &rq.base, NULL, list_cols, NCOLS(list_cols));
}

int
cmd_pairing_change(cli *c, int argc, char **argv)
{
    return pairing_edit(c, argc, argv, 0);
}

int
cmd_pairing_add(cli *c, int argc, char **argv)
{
    return pairing_edit(c, argc, argv, 1);
}

int
cmd_pairing_succeed(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei pairing succeed 接替顾问编号";
    Rongpei__PairingSucceedRequest rq = RONGPEI__PAIRING_SUCCEED_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.advisor_id = id;
    return cli_run(c, "pairing.succeed", &rq.base, "pairs", list_cols, NCOLS(list_cols));
}

int
cmd_pairing_conflict(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei pairing conflict 顾问编号 --enterprise 企业编号 --reason 理由";
    Rongpei__PairingConflictRequest rq = RONGPEI__PAIRING_CONFLICT_REQUEST__INIT;
    long long id;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "enterprise=,reason=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.advisor_id = id;
    rq.enterprise_id = opt_int(&o, "enterprise", &ok);
    rq.reason = (char *) (opt_str(&o, "reason") ? opt_str(&o, "reason") : "");
    if (!ok || rq.enterprise_id <= 0) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    rc = cli_run(c, "pairing.conflict", &rq.base, NULL, NULL, 0);
    if (rc == 0 && !c->json)
        printf("已记录利益冲突：该顾问今后不会与该企业结对\n");
    return rc;
}
