/*
 * pairing_cmd.c - rongpei pairing propose (P8): the server finds, checks
 * and stores the pairing of largest total score (server/propose.c); the
 * client shows it and, with --accept, accepts it by its id.
 */
#include <stdio.h>
#include <string.h>

#include "cmdtab.h"
#include "rongpei.pb-c.h"
#include "rp.h"

int
cmd_pairing_propose(cli *c, cmd_args *a)
{
    Rongpei__PairingProposal *p;
    rpc_result res;
    int rc;

    if ((rc = cli_call(c, "pairing.propose", a->req, &res)) != 0) {
        rpc_result_free(&res);
        return rc;
    }
    p = (Rongpei__PairingProposal *) res.reply;
    if (c->json && !arg_flag(a, "accept")) {
        cli_print(c, res.reply, NULL, NULL, 0);
    } else if (!c->json) {
        printf("结对方案 %lld：%s\n", (long long) p->id, p->explanation);
        if (p->complete)
            cmd_table((ProtobufCMessage *const *) p->pairs, p->n_pairs,
                      COLS(C("advisor_id", "顾问编号"), C("advisor_name", "顾问"), C("enterprise_id", "企业编号"),
                           C("enterprise_name", "企业"), C("score", "得分"), C("factors", "结对依据")));
        if (p->n_idle > 0) {
            printf("\n暂未结对的顾问：\n");
            cmd_table((ProtobufCMessage *const *) p->idle, p->n_idle,
                      COLS(C("advisor_id", "顾问编号"), C("advisor_name", "顾问"), C("org_name", "所在机构"),
                           C("reason", "原因")));
        }
    }
    if (!p->complete) {
        rpc_result_free(&res);
        return EX_CONFLICT;
    }
    if (arg_flag(a, "accept")) {
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
