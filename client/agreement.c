/*
 * agreement.c - service agreements (P9, P13): rongpei agreement
 * template|template-save|draft|list|show|sign|file|return|end|renew|pdf.
 *
 * Signing reads the agreement, computes the SM3 digest of its text here
 * (title, a newline, the body, as UTF-8), refuses when it differs from the
 * digest the server fixed at drafting, and signs with it: a signature
 * always names the text the signer was shown.
 */
#include "agreement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "csv.h"
#include "pdf.h"
#include "rongpei.pb-c.h"
#include "rp.h"

#define NCOLS(a) (sizeof(a) / sizeof(a[0]))
#define S(x) ((char *) ((x) ? (x) : ""))

static const col agreement_cols[] = {
    {"id", "协议编号"}, {"advisor_name", "顾问"}, {"institution", "所在机构"}, {"enterprise_name", "企业"},
    {"status_label", "状态"}, {"term_start", "起始"}, {"term_end", "届满"}, {"filing_no", "备案号"},
    {"return_reason", "退回理由"}, {"end_reason", "终止原因"},
};

static const col record_cols[] = {
    {"id", "协议编号"}, {"title", "标题"}, {"advisor_name", "乙方（顾问）"}, {"institution", "顾问所在机构"},
    {"enterprise_name", "甲方（企业）"}, {"status_label", "状态"}, {"term_start", "服务期起"},
    {"term_end", "服务期止"}, {"template_version", "模板版本"}, {"digest", "SM3 摘要"}, {"filing_no", "备案号"},
    {"filed_at", "备案日期"}, {"filing_body", "备案机关"}, {"return_reason", "退回理由"},
    {"end_reason", "终止原因"}, {"renews_id", "续签自"},
};

static const col template_cols[] = {
    {"version", "版本"}, {"title", "标题"}, {"note", "修订说明"}, {"created_at", "发布日期"},
    {"created_by", "发布人"},
};

/* SM3 of title "\n" body as 64 hex digits; 0 or -1. */
static int
text_digest(const char *title, const char *body, char out[65])
{
    EVP_MD_CTX *x = EVP_MD_CTX_new();
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0, i;
    int ok;

    ok = x != NULL && EVP_DigestInit_ex(x, EVP_sm3(), NULL) && EVP_DigestUpdate(x, title, strlen(title)) &&
         EVP_DigestUpdate(x, "\n", 1) && EVP_DigestUpdate(x, body, strlen(body)) &&
         EVP_DigestFinal_ex(x, md, &n) && n == 32;
    EVP_MD_CTX_free(x);
    if (!ok)
        return -1;
    for (i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
    return 0;
}

/* agreement.show into res; on failure res is already freed. */
static int
fetch(cli *c, long long id, rpc_result *res)
{
    Rongpei__IdRequest rq = RONGPEI__ID_REQUEST__INIT;
    int rc;

    rq.id = id;
    if ((rc = cli_call(c, "agreement.show", &rq.base, res)) != 0)
        rpc_result_free(res);
    return rc;
}

int
cmd_agreement_template(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei agreement template [--version N] [--out 文件.txt]";
    Rongpei__AgreementTemplateRequest rq = RONGPEI__AGREEMENT_TEMPLATE_REQUEST__INIT;
    rpc_result res;
    const char *out;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "version=,out=", usage)) != 0)
        return rc;
    rq.version = (int32_t) opt_int(&o, "version", &ok);
    if (!ok || rq.version < 0) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    if ((rc = cli_call(c, "agreement.template", &rq.base, &res)) != 0) {
        rpc_result_free(&res);
        return rc;
    }
    out = opt_str(&o, "out");
    if (c->json) {
        cli_print(c, res.reply, NULL, NULL, 0);
    } else {
        Rongpei__AgreementTemplate *t = (Rongpei__AgreementTemplate *) res.reply;

        cli_print(c, res.reply, NULL, template_cols, NCOLS(template_cols));
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
cmd_agreement_template_save(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei agreement template-save --file 正文.txt --title 标题 --note 修订说明";
    Rongpei__AgreementTemplateSaveRequest rq = RONGPEI__AGREEMENT_TEMPLATE_SAVE_REQUEST__INIT;
    const char *path, *encoding;
    char err[256], *body;
    size_t n;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "file=,title=,note=", usage)) != 0)
        return rc;
    path = opt_str(&o, "file");
    if (path == NULL || opt_str(&o, "title") == NULL) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    if ((body = text_file_read(path, &encoding, err, sizeof(err))) == NULL) {
        fprintf(stderr, "rongpei: %s\n", err);
        return EX_INVALID;
    }
    for (n = strlen(body); n > 0 && (body[n - 1] == '\n' || body[n - 1] == '\r'); n--)
        body[n - 1] = 0;
    rq.body = body;
    rq.title = (char *) opt_str(&o, "title");
    rq.note = S(opt_str(&o, "note"));
    rc = cli_run(c, "agreement.template_save", &rq.base, NULL, template_cols, NCOLS(template_cols));
    free(body);
    return rc;
}

int
cmd_agreement_draft(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei agreement draft --year 年度 [--enterprise E] [--prefecture]";
    Rongpei__AgreementDraftRequest rq = RONGPEI__AGREEMENT_DRAFT_REQUEST__INIT;
    rpc_result res;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "year=,enterprise=,prefecture", usage)) != 0)
        return rc;
    rq.year = (int32_t) opt_int(&o, "year", &ok);
    rq.enterprise_id = opt_int(&o, "enterprise", &ok);
    rq.tier = opt_flag(&o, "prefecture") ? "prefecture" : "province";
    if (!ok || rq.year <= 0) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    if ((rc = cli_call(c, "agreement.draft", &rq.base, &res)) != 0) {
        rpc_result_free(&res);
        return rc;
    }
    cli_print(c, res.reply, "agreements", agreement_cols, NCOLS(agreement_cols));
    if (!c->json)
        printf("已起草 %d 份协议，请双方通过 rongpei agreement sign 签署\n",
               ((Rongpei__AgreementListReply *) res.reply)->drafted);
    rpc_result_free(&res);
    return 0;
}

int
cmd_agreement_list(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei agreement list [--year 年度] [--status 状态] [--enterprise E] "
                               "[--province|--prefecture]";
    Rongpei__AgreementListRequest rq = RONGPEI__AGREEMENT_LIST_REQUEST__INIT;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "year=,status=,enterprise=,province,prefecture", usage)) != 0)
        return rc;
    rq.year = (int32_t) opt_int(&o, "year", &ok);
    rq.enterprise_id = opt_int(&o, "enterprise", &ok);
    rq.status = S(opt_str(&o, "status"));
    rq.tier = opt_flag(&o, "prefecture") ? "prefecture" : opt_flag(&o, "province") ? "province" : "";
    if (!ok) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    return cli_run(c, "agreement.list", &rq.base, "agreements", agreement_cols, NCOLS(agreement_cols));
}

int
cmd_agreement_show(cli *c, int argc, char **argv)
{
    char when[20];
    static const char *usage = "rongpei agreement show 协议编号";
    rpc_result res;
    long long id;
    size_t i;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    if ((rc = fetch(c, id, &res)) != 0)
        return rc;
    if (c->json) {
        cli_print(c, res.reply, NULL, NULL, 0);
    } else {
        Rongpei__Agreement *a = (Rongpei__Agreement *) res.reply;

        cli_print(c, res.reply, NULL, record_cols, NCOLS(record_cols));
        for (i = 0; i < a->n_signatures; i++)
            printf("%s签署：%s　%s　SM3 %s\n", strcmp(a->signatures[i]->party, "advisor") == 0 ? "顾问" : "企业",
                   a->signatures[i]->name, table_time(a->signatures[i]->signed_at, when), a->signatures[i]->digest);
        printf("\n%s\n\n%s\n", a->title, a->body);
    }
    rpc_result_free(&res);
    return 0;
}

int
cmd_agreement_sign(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei agreement sign 协议编号 [--yes]";
    Rongpei__AgreementSignRequest rq = RONGPEI__AGREEMENT_SIGN_REQUEST__INIT;
    Rongpei__Agreement *a;
    rpc_result res;
    char digest[65];
    long long id;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "yes", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    if ((rc = fetch(c, id, &res)) != 0)
        return rc;
    a = (Rongpei__Agreement *) res.reply;
    if (text_digest(a->title, a->body, digest) != 0) {
        fprintf(stderr, "rongpei: 无法计算 SM3 摘要（OpenSSL 不支持 SM3？）\n");
        rpc_result_free(&res);
        return EX_FAIL;
    }
    if (strcmp(digest, a->digest) != 0) {
        fprintf(stderr, "rongpei: 收到的协议文本与其 SM3 摘要不符，未签署；请联系省局核实\n");
        rpc_result_free(&res);
        return EX_CONFLICT;
    }
    if (!opt_flag(&o, "yes")) {
        char line[16];

        if (!isatty(STDIN_FILENO)) {
            fprintf(stderr, "rongpei: 请先阅读协议（rongpei agreement show %lld），确认后加 --yes 签署\n", id);
            rpc_result_free(&res);
            return EX_USAGE_;
        }
        printf("%s\n\n%s\n\n甲方：%s　乙方：%s（%s）\n服务期：%s 至 %s\nSM3 摘要：%s\n确认签署？[y/N] ",
               a->title, a->body, a->enterprise_name, a->advisor_name, a->institution, a->term_start, a->term_end,
               digest);
        fflush(stdout);
        if (fgets(line, sizeof(line), stdin) == NULL || (line[0] != 'y' && line[0] != 'Y')) {
            printf("未签署\n");
            rpc_result_free(&res);
            return EX_OK_;
        }
    }
    rpc_result_free(&res);
    rq.id = id;
    rq.digest = digest;
    return cli_run(c, "agreement.sign", &rq.base, NULL, agreement_cols, NCOLS(agreement_cols));
}

/* agreement file ID (accept) and agreement return ID --reason R. */
static int
file_or_return(cli *c, int argc, char **argv, int accept)
{
    static const char *usage_file = "rongpei agreement file 协议编号";
    static const char *usage_return = "rongpei agreement return 协议编号 --reason 理由";
    Rongpei__AgreementFileRequest rq = RONGPEI__AGREEMENT_FILE_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, accept ? "" : "reason=", accept ? usage_file : usage_return)) != 0 ||
        (rc = cli_need_id(&o, accept ? usage_file : usage_return, &id)) != 0)
        return rc;
    rq.id = id;
    rq.accept = accept;
    rq.reason = S(opt_str(&o, "reason"));
    return cli_run(c, "agreement.file", &rq.base, NULL, agreement_cols, NCOLS(agreement_cols));
}

int
cmd_agreement_file(cli *c, int argc, char **argv)
{
    return file_or_return(c, argc, argv, 1);
}

int
cmd_agreement_return(cli *c, int argc, char **argv)
{
    return file_or_return(c, argc, argv, 0);
}

int
cmd_agreement_end(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei agreement end 协议编号 --reason 理由";
    Rongpei__AgreementEndRequest rq = RONGPEI__AGREEMENT_END_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "reason=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.id = id;
    rq.reason = S(opt_str(&o, "reason"));
    return cli_run(c, "agreement.end", &rq.base, NULL, agreement_cols, NCOLS(agreement_cols));
}

int
cmd_agreement_renew(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei agreement renew 协议编号";

    return cli_run_id(c, argc, argv, usage, "agreement.renew", NULL, agreement_cols, NCOLS(agreement_cols));
}

int
cmd_agreement_pdf(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei agreement pdf 协议编号 --out 文件.pdf";
    rpc_result res;
    char err[256];
    const char *out;
    long long id;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "out=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    if ((out = opt_str(&o, "out")) == NULL || !*out) {
        fprintf(stderr, "rongpei: 缺少 --out\n用法：%s\n", usage);
        return EX_USAGE_;
    }
    if ((rc = fetch(c, id, &res)) != 0)
        return rc;
    if (pdf_agreement((Rongpei__Agreement *) res.reply, out, err, sizeof(err)) != 0) {
        fprintf(stderr, "rongpei: %s\n", err);
        rc = EX_FAIL;
    } else if (!c->json) {
        Rongpei__Agreement *a = (Rongpei__Agreement *) res.reply;

        printf("已生成协议 %s（%s，%s）\n", out, a->status_label, *a->filing_no ? a->filing_no : "未备案");
    }
    rpc_result_free(&res);
    return rc;
}
