/*
 * group.c - service groups (P8): rongpei group propose|list|move|leader|history.
 *
 * A proposal is printed group by group with its balance; --save sends the
 * same groups back as the year's formation.
 */
#include "cmdtab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rongpei.pb-c.h"
#include "rp.h"

#define S(x) ((char *) ((x) ? (x) : ""))

#define MEMBER_COLS COLS(C("advisor_id", "顾问编号"), C("name", "姓名"), C("org_name", "所在机构"), \
                         C("inst_type", "机构类型"), C("specialisms", "专业领域"), C("since", "入组日期"))

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
            cmd_table((ProtobufCMessage *const *) g->members, g->n_members, MEMBER_COLS);
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
cmd_group_propose(cli *c, cmd_args *a)
{
    rpc_result res;
    int rc;

    if ((rc = cli_call(c, "group.propose", a->req, &res)) != 0) {
        rpc_result_free(&res);
        return rc;
    }
    {
        Rongpei__GroupProposal *p = (Rongpei__GroupProposal *) res.reply;

        if (c->json && !arg_flag(a, "save")) {
            cli_print(c, res.reply, NULL, NULL, 0);
        } else if (!c->json) {
            printf("%s\n\n", p->explanation);
            print_groups((ProtobufCMessage *const *) p->groups, p->n_groups);
        }
        if (arg_flag(a, "save")) {
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

/* group list, and the answer of group move and group leader: every group
 * with its members and balance. */
int
cmd_group_list(cli *c, cmd_args *a)
{
    cmd_pages p;
    int rc = cmd_call_pages(c, a->k->method, a->req, "groups", a->all, a->limit, &p);

    if (rc != 0)
        return rc;
    if (c->json)
        cmd_pages_json(&p, "groups");
    else if (p.nrows == 0)
        printf("尚未组建小组\n");
    else
        print_groups(p.rows, p.nrows);
    cmd_pages_note(&p);
    cmd_pages_free(&p);
    return 0;
}
