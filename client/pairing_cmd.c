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

#include "rongpei.pb-c.h"
#include "rp.h"

#define NCOLS(a) (sizeof(a) / sizeof(a[0]))

static const col pair_cols[] = {
    {"advisor_id", "顾问编号"}, {"advisor_name", "顾问"}, {"enterprise_id", "企业编号"},
    {"enterprise_name", "企业"}, {"score", "得分"}, {"factors", "结对依据"}, {"since", "起始日期"},
};

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

int
cmd_pairing_propose(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei pairing propose --year 年度 [--prefecture] "
                               "[--weight specialism=5] [--weight industry=3] [--weight local=2] [--accept]";
    Rongpei__PairingProposeRequest rq = RONGPEI__PAIRING_PROPOSE_REQUEST__INIT;
    Rongpei__PairingWeights w = RONGPEI__PAIRING_WEIGHTS__INIT;
    Rongpei__PairingProposal *p;
    rpc_result res;
    int ok = 1;
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
    if ((rc = cli_call(c, "pairing.propose", &rq.base, &res)) != 0) {
        rpc_result_free(&res);
        return rc;
    }
    p = (Rongpei__PairingProposal *) res.reply;
    if (c->json && !opt_flag(&o, "accept")) {
        cli_print(c, res.reply, NULL, NULL, 0);
    } else if (!c->json) {
        printf("结对方案 %lld：%s\n", (long long) p->id, p->explanation);
        if (p->complete)
            table_print(stdout, (ProtobufCMessage *const *) p->pairs, p->n_pairs, pair_cols, NCOLS(pair_cols) - 1);
    }
    if (!p->complete) {
        rpc_result_free(&res);
        return EX_CONFLICT;
    }
    if (opt_flag(&o, "accept")) {
        Rongpei__PairingAcceptRequest aq = RONGPEI__PAIRING_ACCEPT_REQUEST__INIT;
        rpc_result ares;

        aq.proposal_id = p->id;
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
    }
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
