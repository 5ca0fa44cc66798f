/*
 * group.c - service groups (P8): rongpei group propose|list|move|leader|history.
 *
 * A proposal is printed group by group with its balance; --save sends the
 * same groups back as the year's formation.
 */
#include "group.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rongpei.pb-c.h"
#include "rp.h"

#define NCOLS(a) (sizeof(a) / sizeof(a[0]))
#define S(x) ((char *) ((x) ? (x) : ""))

static const col member_cols[] = {
    {"advisor_id", "顾问编号"}, {"name", "姓名"}, {"org_name", "所在机构"}, {"inst_type", "机构类型"},
    {"specialisms", "专业领域"}, {"since", "入组日期"},
};

static void
print_groups(ProtobufCMessage *const *groups, size_t n)
{
    size_t i, k;

    for (i = 0; i < n; i++) {
        Rongpei__ServiceGroup *g = (Rongpei__ServiceGroup *) groups[i];
        Rongpei__GroupBalance *b = g->balance;

        printf("%s%s%s（%s，%zu 人）组长：%s\n", i ? "\n" : "", g->id ? "" : "", g->name,
               strcmp(g->kind, "policy") == 0 ? "政策法规组" : "服务小组",
               g->n_members ? g->n_members : g->n_advisor_ids, S(g->leader_name));
        if (g->id)
            printf("小组编号 %lld\n", (long long) g->id);
        if (g->n_members)
            table_print(stdout, (ProtobufCMessage *const *) g->members, g->n_members, member_cols,
                        NCOLS(member_cols));
        if (b != NULL) {
            printf("均衡：");
            for (k = 0; k < b->n_inst_types; k++) {
                const char *l = cmd_label("inst_type", b->inst_types[k]->key);

                printf("%s%s %d", k ? "、" : "", l ? l : b->inst_types[k]->key, b->inst_types[k]->count);
            }
            printf("；覆盖专业 %zu 项，可服务市州 %zu 个\n", b->n_specialisms, b->n_prefectures);
        }
    }
}

int
cmd_group_propose(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei group propose --year 年度 [--prefecture] [--save]";
    Rongpei__GroupProposeRequest rq = RONGPEI__GROUP_PROPOSE_REQUEST__INIT;
    rpc_result res;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "year=,prefecture,save", usage)) != 0)
        return rc;
    rq.year = (int32_t) opt_int(&o, "year", &ok);
    rq.tier = opt_flag(&o, "prefecture") ? "prefecture" : "province";
    if (!ok || rq.year <= 0) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    if ((rc = cli_call(c, "group.propose", &rq.base, &res)) != 0) {
        rpc_result_free(&res);
        return rc;
    }
    {
        Rongpei__GroupProposal *p = (Rongpei__GroupProposal *) res.reply;

        if (c->json && !opt_flag(&o, "save")) {
            cli_print(c, res.reply, NULL, NULL, 0);
        } else if (!c->json) {
            printf("%s\n\n", p->explanation);
            print_groups((ProtobufCMessage *const *) p->groups, p->n_groups);
        }
        if (opt_flag(&o, "save")) {
            Rongpei__GroupSaveRequest sq = RONGPEI__GROUP_SAVE_REQUEST__INIT;
            rpc_result sres;

            sq.tier = p->tier;
            sq.year = p->year;
            sq.groups = p->groups;
            sq.n_groups = p->n_groups;
            rc = cli_call(c, "group.save", &sq.base, &sres);
            if (rc == 0) {
                if (c->json)
                    cli_print(c, sres.reply, NULL, NULL, 0);
                else
                    printf("\n已按此方案组建 %zu 个小组\n", ((Rongpei__GroupListReply *) sres.reply)->n_groups);
            }
            rpc_result_free(&sres);
        }
    }
    rpc_result_free(&res);
    return rc;
}

static int
list_reply(cli *c, const char *name, const ProtobufCMessage *body)
{
    rpc_result res;
    int rc = cli_call(c, name, body, &res);

    if (rc == 0) {
        Rongpei__GroupListReply *r = (Rongpei__GroupListReply *) res.reply;

        if (c->json)
            cli_print(c, res.reply, NULL, NULL, 0);
        else if (r->n_groups == 0)
            printf("尚未组建小组\n");
        else
            print_groups((ProtobufCMessage *const *) r->groups, r->n_groups);
    }
    rpc_result_free(&res);
    return rc;
}

int
cmd_group_list(cli *c, int argc, char **argv)
{
    Rongpei__GroupListRequest rq = RONGPEI__GROUP_LIST_REQUEST__INIT;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "year=,prefecture", "rongpei group list [--year 年度] [--prefecture]")) != 0)
        return rc;
    rq.year = (int32_t) opt_int(&o, "year", &ok);
    rq.tier = opt_flag(&o, "prefecture") ? "prefecture" : "";
    if (!ok)
        return EX_USAGE_;
    return list_reply(c, "group.list", &rq.base);
}

int
cmd_group_move(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei group move 顾问编号 --to 小组编号 --reason 理由";
    Rongpei__GroupMoveRequest rq = RONGPEI__GROUP_MOVE_REQUEST__INIT;
    long long id;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "to=,reason=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.advisor_id = id;
    rq.group_id = opt_int(&o, "to", &ok);
    rq.reason = S(opt_str(&o, "reason"));
    if (!ok || rq.group_id <= 0) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    return list_reply(c, "group.move", &rq.base);
}

int
cmd_group_leader(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei group leader 小组编号 --advisor 顾问编号 --reason 理由";
    Rongpei__GroupLeaderRequest rq = RONGPEI__GROUP_LEADER_REQUEST__INIT;
    long long id;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "advisor=,reason=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.group_id = id;
    rq.advisor_id = opt_int(&o, "advisor", &ok);
    rq.reason = S(opt_str(&o, "reason"));
    if (!ok || rq.advisor_id <= 0) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    return list_reply(c, "group.leader", &rq.base);
}

int
cmd_group_history(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei group history 顾问编号";
    static const col cols[] = {{"group_id", "小组编号"}, {"group_name", "小组"}, {"year", "年度"},
                               {"since", "入组"}, {"until", "离组"}, {"reason", "理由"}};
    Rongpei__IdRequest rq = RONGPEI__ID_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.id = id;
    return cli_run(c, "group.history", &rq.base, "rows", cols, NCOLS(cols));
}
