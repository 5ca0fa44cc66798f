/*
 * agreement.c - service agreements (P9, P13): rongpei agreement
 * template|template-save|draft|list|show|sign|file|return|end|renew|pdf.
 *
 * Signing reads the agreement, computes the SM3 digest of its text here
 * (title, a newline, the body, as UTF-8), refuses when it differs from the
 * digest the server fixed at drafting, and signs with it: a signature
 * always names the text the signer was shown.
 */
#include "cmdtab.h"
#include "digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "pdf.h"
#include "rongpei.pb-c.h"
#include "rp.h"

#define S(x) ((char *) ((x) ? (x) : ""))

#define AGREEMENT_COLS COLS(C("id", "协议编号"), C("advisor_name", "顾问"), C("institution", "所在机构"), \
    C("enterprise_name", "企业"), C("status_label", "状态"), C("term_start", "起始"), C("term_end", "届满"), \
    C("filing_no", "备案号"), C("return_reason", "退回理由"), C("end_reason", "终止原因"))
#define RECORD_COLS COLS(C("id", "协议编号"), C("title", "标题"), C("advisor_name", "乙方（顾问）"), \
    C("institution", "顾问所在机构"), C("enterprise_name", "甲方（企业）"), C("status_label", "状态"), \
    C("term_start", "服务期起"), C("term_end", "服务期止"), C("template_version", "模板版本"), C("digest", "SM3 摘要"), \
    C("filing_no", "备案号"), C("filed_at", "备案日期"), C("filing_body", "备案机关"), C("return_reason", "退回理由"), \
    C("end_reason", "终止原因"), C("renews_id", "续签自"))

/* SM3 of title "\n" body as 64 hex digits; 0 or -1. */
static int
text_digest(const char *title, const char *body, char out[65])
{
    return rp_sm3_hex(title, strlen(title), "\n", 1, body, strlen(body), out);
}

int
cmd_agreement_template(cli *c, cmd_args *a)
{
    const char *out = arg_str(a, "out");
    rpc_result res;
    int rc;

    if ((rc = cli_call(c, "agreement.template", a->req, &res)) != 0) {
        rpc_result_free(&res);
        return rc;
    }
    if (c->json) {
        cli_print(c, res.reply, NULL, NULL, 0);
    } else {
        Rongpei__AgreementTemplate *t = (Rongpei__AgreementTemplate *) res.reply;

        cmd_print(c, res.reply, NULL, a->k->cols);
        if (out != NULL) {
            FILE *f = fopen(out, "w");

            if (f == NULL || fprintf(f, "%s\n", t->body) < 0 || fclose(f) != 0) {
                fprintf(stderr, "rongpei: 无法写入 %s\n", out);
                rc = EX_FAIL;
            } else {
                printf("正文已写入 %s（修改后用 rongpei agreement template-save 发布新版本）\n", out);
            }
        } else {
            printf("\n%s\n", t->body);
        }
    }
    rpc_result_free(&res);
    return rc;
}

int
cmd_agreement_template_save(cli *c, cmd_args *a)
{
    Rongpei__AgreementTemplateSaveRequest *rq = (Rongpei__AgreementTemplateSaveRequest *) a->req;
    const char *encoding;
    char err[256], *body;
    size_t n;
    int rc;

    if ((body = text_file_read(arg_str(a, "file"), &encoding, err, sizeof(err))) == NULL) {
        fprintf(stderr, "rongpei: %s\n", err);
        return EX_INVALID;
    }
    for (n = strlen(body); n > 0 && (body[n - 1] == '\n' || body[n - 1] == '\r'); n--)
        body[n - 1] = 0;
    rq->body = body;
    rc = cmd_run(c, a);
    free(body);
    return rc;
}

int
cmd_agreement_draft(cli *c, cmd_args *a)
{
    rpc_result res;
    int rc;

    if ((rc = cli_call(c, "agreement.draft", a->req, &res)) != 0) {
        rpc_result_free(&res);
        return rc;
    }
    cmd_print(c, res.reply, "agreements", a->k->cols);
    if (!c->json)
        printf("已起草 %d 份协议，请双方通过 rongpei agreement sign 签署\n",
               ((Rongpei__AgreementListReply *) res.reply)->drafted);
    rpc_result_free(&res);
    return 0;
}

int
cmd_agreement_show(cli *c, cmd_args *a)
{
    char when[20];
    rpc_result res;
    size_t i;
    int rc;

    if ((rc = cli_call(c, "agreement.show", a->req, &res)) != 0) {
        rpc_result_free(&res);
        return rc;
    }
    if (c->json) {
        cli_print(c, res.reply, NULL, NULL, 0);
    } else {
        Rongpei__Agreement *g = (Rongpei__Agreement *) res.reply;

        cmd_print(c, res.reply, NULL, RECORD_COLS);
        for (i = 0; i < g->n_signatures; i++)
            printf("%s签署：%s　%s　SM3 %s\n", strcmp(g->signatures[i]->party, "advisor") == 0 ? "顾问" : "企业",
                   g->signatures[i]->name, table_time(g->signatures[i]->signed_at, when), g->signatures[i]->digest);
        printf("\n%s\n\n%s\n", g->title, g->body);
    }
    rpc_result_free(&res);
    return 0;
}

/* Signing needs a yes: 1 given (--yes), 0 to be asked at the terminal,
 * -1 no terminal to ask at (hint printed). */
static int
ask_yes(const cmd_args *a, const char *hint)
{
    if (arg_flag(a, "yes"))
        return 1;
    if (!isatty(STDIN_FILENO)) {
        fprintf(stderr, "rongpei: %s\n", hint);
        return -1;
    }
    return 0;
}

/* The answer to the question just printed: 1 yes, else 0 (declined printed). */
static int
read_yes(const char *declined)
{
    char line[16];

    fflush(stdout);
    if (fgets(line, sizeof(line), stdin) == NULL || (line[0] != 'y' && line[0] != 'Y')) {
        printf("%s\n", declined);
        return 0;
    }
    return 1;
}

int
cmd_agreement_sign(cli *c, cmd_args *a)
{
    Rongpei__AgreementSignRequest *rq = (Rongpei__AgreementSignRequest *) a->req;
    Rongpei__IdRequest show = RONGPEI__ID_REQUEST__INIT;
    Rongpei__Agreement *g;
    rpc_result res;
    char digest[65], hint[160];
    int rc, ask;

    show.id = rq->id;
    if ((rc = cli_call(c, "agreement.show", &show.base, &res)) != 0) {
        rpc_result_free(&res);
        return rc;
    }
    g = (Rongpei__Agreement *) res.reply;
    if (text_digest(g->title, g->body, digest) != 0) {
        fprintf(stderr, "rongpei: 无法计算 SM3 摘要（OpenSSL 不支持 SM3？）\n");
        rpc_result_free(&res);
        return EX_FAIL;
    }
    if (strcmp(digest, g->digest) != 0) {
        fprintf(stderr, "rongpei: 收到的协议文本与其 SM3 摘要不符，未签署；请联系省局核实\n");
        rpc_result_free(&res);
        return EX_CONFLICT;
    }
    snprintf(hint, sizeof(hint), "请先阅读协议（rongpei agreement show %lld），确认后加 --yes 签署", (long long) rq->id);
    if ((ask = ask_yes(a, hint)) < 0) {
        rpc_result_free(&res);
        return EX_USAGE_;
    }
    if (ask == 0) {
        printf("%s\n\n%s\n\n甲方：%s　乙方：%s（%s）\n服务期：%s 至 %s\nSM3 摘要：%s\n确认签署？[y/N] ",
               g->title, g->body, g->enterprise_name, g->advisor_name, g->institution, g->term_start, g->term_end,
               digest);
        if (!read_yes("未签署")) {
            rpc_result_free(&res);
            return EX_OK_;
        }
    }
    rpc_result_free(&res);
    rq->digest = digest;
    return cmd_run(c, a);
}

/* The year's declaration (P13): shown, its digest checked, confirmed. */
int
cmd_declaration_sign(cli *c, cmd_args *a)
{
    Rongpei__DeclarationSignRequest *rq = (Rongpei__DeclarationSignRequest *) a->req;
    Rongpei__Declaration *d;
    rpc_result res;
    char digest[65];
    int rc, ask;

    if ((rc = cli_call(c, "declaration.show", a->req, &res)) != 0) {
        rpc_result_free(&res);
        return rc;
    }
    d = (Rongpei__Declaration *) res.reply;
    if (text_digest(d->title, d->body, digest) != 0 || strcmp(digest, d->digest) != 0) {
        fprintf(stderr, "rongpei: 收到的承诺书文本与其 SM3 摘要不符，未作出承诺；请联系省局核实\n");
        rpc_result_free(&res);
        return EX_CONFLICT;
    }
    if (d->declared_at[0]) {
        printf("%d 年度承诺已于 %s 作出\n", d->year, d->declared_at);
        rpc_result_free(&res);
        return EX_OK_;
    }
    if ((ask = ask_yes(a, "请先阅读承诺书（rongpei declaration show），确认后加 --yes")) < 0) {
        rpc_result_free(&res);
        return EX_USAGE_;
    }
    if (ask == 0) {
        printf("%s\n\n%s\n\nSM3 摘要：%s\n作出 %d 年度承诺？[y/N] ", d->title, d->body, digest, d->year);
        if (!read_yes("未作出承诺")) {
            rpc_result_free(&res);
            return EX_OK_;
        }
    }
    rq->year = d->year;
    rpc_result_free(&res);
    rq->digest = digest;
    return cmd_run(c, a);
}

int
cmd_agreement_pdf(cli *c, cmd_args *a)
{
    const char *out = arg_str(a, "out");
    rpc_result res;
    char err[256];
    int rc;

    if ((rc = cli_call(c, "agreement.show", a->req, &res)) != 0) {
        rpc_result_free(&res);
        return rc;
    }
    if (pdf_agreement((Rongpei__Agreement *) res.reply, out, err, sizeof(err)) != 0) {
        fprintf(stderr, "rongpei: %s\n", err);
        rc = EX_FAIL;
    } else if (!c->json) {
        Rongpei__Agreement *g = (Rongpei__Agreement *) res.reply;

        printf("已生成协议 %s（%s，%s）\n", out, g->status_label, *g->filing_no ? g->filing_no : "未备案");
    }
    rpc_result_free(&res);
    return rc;
}
