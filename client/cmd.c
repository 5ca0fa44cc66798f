/*
 * cmd.c - the commands that do work of their own in the client (their
 * rows are in commands.c): the session (passwords read from the terminal
 * or standard input), accounts (temporary passwords), certificates (the key
 * made here, never sent), rounds, nomination files, review assignment of a
 * whole round, an advisor's history, the inbox, PDFs, the roster's files,
 * and `call`, any method with a JSON body.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "cmdtab.h"
#include "csv.h"
#include "methods.h"
#include "pbjson.h"
#include "pdf.h"
#include "roster.h"
#include "xlsx.h"
#include "rongpei.pb-c.h"
#include "rp.h"

/* Call, print as the row says, free: for commands that only add a message. */
static int
call_print(cli *c, cmd_args *a, rpc_result *res)
{
    int rc = cli_call(c, a->k->method, a->req, res);

    if (rc == 0)
        cmd_print(c, res->reply, a->k->list, a->k->cols);
    return rc;
}

/* ------------------------------------------------------------------ session */

int
cmd_login(cli *c, cmd_args *a)
{
    Rongpei__LoginRequest rq = RONGPEI__LOGIN_REQUEST__INIT;
    char pw[256];
    const char *envpw = getenv("RONGPEI_PASSWORD");
    rpc_result res;
    int rc;

    if (c->user == NULL || !*c->user) {
        fprintf(stderr, "rongpei: 请设置 RONGPEI_USER（用户名）\n");
        return EX_USAGE_;
    }
    if (!arg_flag(a, "password-stdin") && envpw != NULL && *envpw)
        snprintf(pw, sizeof(pw), "%s", envpw);
    else if (cli_read_password("密码：", arg_flag(a, "password-stdin"), pw, sizeof(pw)) != 0) {
        fprintf(stderr, "rongpei: 未读到密码\n");
        return EX_USAGE_;
    }
    rq.username = (char *) c->user;
    rq.password = pw;
    c->session[0] = '\0';
    rc = cli_call(c, "session.login", &rq.base, &res);
    rp_explicit_bzero(pw, sizeof(pw));
    if (rc == 0) {
        Rongpei__LoginReply *r = (Rongpei__LoginReply *) res.reply;

        if (cli_session_save(c, r->session) != 0) {
            rpc_result_free(&res);
            return EX_FAIL;
        }
        if (c->json) {
            printf("{\"user_id\": %lld, \"must_change_password\": %s}\n", (long long) r->user_id,
                   r->must_change_password ? "true" : "false");
        } else {
            printf("已登录：%s（%s），证书机构：%s\n", r->display_name, c->user, rpc_org_name(c->r));
            if (r->must_change_password)
                printf("须先修改密码：请运行 rongpei passwd\n");
        }
    }
    rpc_result_free(&res);
    return rc;
}

int
cmd_logout(cli *c, cmd_args *a)
{
    rpc_result res;
    int rc;

    if (!c->session[0]) {
        fprintf(stderr, "rongpei: 当前未登录\n");
        return EX_AUTH;
    }
    rc = cli_call(c, "session.logout", a->req, &res);
    rpc_result_free(&res);
    cli_session_clear(c);
    if (rc == 0 && !c->json)
        printf("已退出登录\n");
    return rc;
}

int
cmd_passwd(cli *c, cmd_args *a)
{
    Rongpei__PasswordChangeRequest rq = RONGPEI__PASSWORD_CHANGE_REQUEST__INIT;
    char old[256], nw[256], again[256];
    int from_stdin = arg_flag(a, "password-stdin");
    rpc_result res;
    int rc;

    if (cli_read_password("原密码：", from_stdin, old, sizeof(old)) != 0 ||
        cli_read_password("新密码（至少 10 位，含大写、小写、数字、符号中的三类）：", from_stdin, nw,
                          sizeof(nw)) != 0) {
        fprintf(stderr, "rongpei: 未读到密码\n");
        return EX_USAGE_;
    }
    if (!from_stdin && isatty(STDIN_FILENO)) {
        if (cli_read_password("再次输入新密码：", 0, again, sizeof(again)) != 0 || strcmp(nw, again) != 0) {
            fprintf(stderr, "rongpei: 两次输入的新密码不一致\n");
            return EX_INVALID;
        }
    }
    rq.old_password = old;
    rq.new_password = nw;
    rc = cli_call(c, "session.password", &rq.base, &res);
    rp_explicit_bzero(old, sizeof(old));
    rp_explicit_bzero(nw, sizeof(nw));
    rpc_result_free(&res);
    if (rc == 0 && !c->json)
        printf("密码已修改\n");
    return rc;
}

/* ------------------------------------------------------------------ accounts */

/* A temporary password that meets the rule, printed once for handing over. */
static void
temp_password(char out[20])
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    unsigned char rnd[16];
    int i;

    RAND_bytes(rnd, sizeof(rnd));
    for (i = 0; i < 12; i++)
        out[i] = alphabet[rnd[i] % (sizeof(alphabet) - 1)];
    memcpy(out + 12, "-Aa7", 5);
}

/* The password a new or reset account gets: from standard input, or made here. */
static int
account_password(cli *c, cmd_args *a, const char *label)
{
    char pw[256];
    rpc_result res;
    int generated = 0, rc;

    if (arg_flag(a, "password-stdin")) {
        if (cli_read_password("初始密码：", 1, pw, sizeof(pw)) != 0) {
            fprintf(stderr, "rongpei: 未读到密码\n");
            return EX_USAGE_;
        }
    } else {
        temp_password(pw);
        generated = 1;
    }
    if (a->req->descriptor == &rongpei__user_create_request__descriptor)
        ((Rongpei__UserCreateRequest *) a->req)->password = pw;
    else
        ((Rongpei__PasswordResetRequest *) a->req)->password = pw;
    rc = call_print(c, a, &res);
    if (rc == 0 && generated)
        fprintf(c->json ? stderr : stdout, "%s：%s\n", label, pw);
    rp_explicit_bzero(pw, sizeof(pw));
    rpc_result_free(&res);
    return rc;
}

int
cmd_user_create(cli *c, cmd_args *a)
{
    return account_password(c, a, "初始密码（请当面交给本人，首次登录须修改）");
}

int
cmd_user_reset(cli *c, cmd_args *a)
{
    return account_password(c, a, "临时密码（下次登录须修改）");
}

/* ------------------------------------------------------------------ certificates */

static int
write_file(const char *path, const char *data, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    size_t n = strlen(data);

    if (fd < 0) {
        fprintf(stderr, "rongpei: 无法创建 %s（文件已存在或目录不可写）\n", path);
        return -1;
    }
    if (write(fd, data, n) != (ssize_t) n) {
        close(fd);
        return -1;
    }
    return close(fd);
}

/* A P-256 key and a certificate request; both PEM, malloc'd. */
static int
make_key_and_csr(char **key_pem, char **csr_pem)
{
    EVP_PKEY *pkey = EVP_EC_gen("P-256");
    X509_REQ *req = X509_REQ_new();
    BIO *kb = BIO_new(BIO_s_mem()), *rb = BIO_new(BIO_s_mem());
    BUF_MEM *m;
    int rc = -1;

    if (pkey == NULL || req == NULL || kb == NULL || rb == NULL)
        goto out;
    X509_NAME_add_entry_by_txt(X509_REQ_get_subject_name(req), "CN", MBSTRING_ASC,
                               (const unsigned char *) "rongpei-client", -1, -1, 0);
    if (X509_REQ_set_pubkey(req, pkey) != 1 || X509_REQ_sign(req, pkey, EVP_sha256()) <= 0)
        goto out;
    if (PEM_write_bio_PrivateKey(kb, pkey, NULL, NULL, 0, NULL, NULL) != 1 ||
        PEM_write_bio_X509_REQ(rb, req) != 1)
        goto out;
    BIO_get_mem_ptr(kb, &m);
    *key_pem = strndup(m->data, m->length);
    BIO_get_mem_ptr(rb, &m);
    *csr_pem = strndup(m->data, m->length);
    rc = *key_pem && *csr_pem ? 0 : -1;
out:
    BIO_free(kb);
    BIO_free(rb);
    X509_REQ_free(req);
    EVP_PKEY_free(pkey);
    return rc;
}

int
cmd_cert_issue(cli *c, cmd_args *a)
{
    Rongpei__CertIssueRequest *rq = (Rongpei__CertIssueRequest *) a->req;
    const char *dir = arg_str(a, "out");
    char *key = NULL, *csr = NULL;
    char path[1024];
    rpc_result res;
    int rc;

    /* the directory must take the files before anything is registered on the server */
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "rongpei: 无法创建目录 %s（%s）；请换一个可写的目录，服务器上尚未登记任何证书\n", dir,
                errno == EACCES ? "没有写权限" : errno == ENOENT ? "上级目录不存在" :
                errno == ENOTDIR ? "路径中有同名的文件" : "无法创建");
        return EX_USAGE_;
    }
    snprintf(path, sizeof(path), "%s/org-%lld.key", dir, (long long) rq->org_id);
    if (access(path, F_OK) == 0) {
        fprintf(stderr, "rongpei: %s 已存在；请换一个目录，以免覆盖已交付的私钥\n", path);
        return EX_CONFLICT;
    }
    if (make_key_and_csr(&key, &csr) != 0) {
        fprintf(stderr, "rongpei: 生成密钥失败\n");
        return EX_FAIL;
    }
    if (write_file(path, key, 0600) != 0) {
        fprintf(stderr, "rongpei: 无法在 %s 中写入私钥；请换一个可写的目录，服务器上尚未登记任何证书\n", dir);
        free(key);
        free(csr);
        return EX_USAGE_;
    }
    rq->csr_pem = csr;
    rc = cli_call(c, "cert.issue", a->req, &res);
    if (rc != 0)
        unlink(path);       /* not issued: no key without its certificate */
    if (rc == 0) {
        Rongpei__CertIssueReply *r = (Rongpei__CertIssueReply *) res.reply;
        char cpath[1024], capath[1024];

        snprintf(cpath, sizeof(cpath), "%s/org-%lld.crt", dir, (long long) rq->org_id);
        snprintf(capath, sizeof(capath), "%s/ca.crt", dir);
        if (write_file(cpath, r->certificate_pem, 0644) != 0) {
            rc = EX_FAIL;
        } else {
            if (access(capath, F_OK) != 0)
                (void) write_file(capath, r->ca_pem, 0644);
            cmd_print(c, &r->certificate->base, NULL, a->k->cols);
            if (!c->json)
                printf("私钥：%s（仅交给该机构，勿外传）\n证书：%s\nCA：%s\n", path, cpath, capath);
        }
    }
    rpc_result_free(&res);
    free(key);
    free(csr);
    return rc;
}

/* ------------------------------------------------------------------ rounds */

/* A round: the round itself, its criteria, then its quotas. */
static int
print_round(cli *c, cmd_args *a)
{
    rpc_result res;
    int rc = cli_call(c, a->k->method, a->req, &res);

    if (rc == 0 && c->json) {
        cli_print(c, res.reply, NULL, NULL, 0);
    } else if (rc == 0) {
        Rongpei__Round *r = (Rongpei__Round *) res.reply;
        size_t i;

        cmd_print(c, res.reply, NULL, COLS(C("id", "编号"), C("tier", "层级"), C("prefecture_code", "市州"),
                                           C("year", "年度"), C("title", "名称"), C("target", "目标人数"),
                                           C("deadline", "截止日期"), C("status", "状态")));
        printf("评审标准    ");
        for (i = 0; i < r->n_criteria; i++)
            printf("%s%s %d%%", i ? "、" : "", r->criteria[i]->name, r->criteria[i]->weight);
        printf("\n\n");
        cmd_table((ProtobufCMessage *const *) r->quotas, r->n_quotas,
                  COLS(C("org_id", "机构编号"), C("org_name", "机构"), C("quota", "名额"), C("submitted", "已报送")));
    }
    rpc_result_free(&res);
    return rc;
}

int
cmd_round_open(cli *c, cmd_args *a)
{
    return print_round(c, a);
}

int
cmd_round_quota(cli *c, cmd_args *a)
{
    return print_round(c, a);
}

/* ------------------------------------------------------------------ nomination files */

enum import_col { IC_NAME, IC_GENDER, IC_ID, IC_MOBILE, IC_OFFICE, IC_POSITION, IC_TITLE, IC_YEARS,
                  IC_QUAL, IC_SPEC, IC_SECTION, IC_PREF, IC_DECL, IC_NOTICE, IC_COUNT };

#define FILE_COL(col, req, help) {"", NULL, NULL, (req), (help), NULL, (col)}

/* A nomination file's columns, in enum import_col's order: what the
 * import reads, --help lists and the template writes. */
const cmd_opt nomination_columns[IC_COUNT + 1] = {
    FILE_COL("姓名", O_REQ, "候选人姓名"),
    FILE_COL("性别", O_REQ, "男 或 女（须与身份证号第 17 位相符）"),
    FILE_COL("身份证号", O_REQ, "18 位身份证号（GB 11643 校验；加密保存）"),
    FILE_COL("手机号", 0, "11 位手机号（加密保存）"),
    FILE_COL("网点", 0, "本机构的网点名称（网点经办人员可不填：即本网点）"),
    FILE_COL("职务", 0, "职务"),
    FILE_COL("职称", 0, "职称"),
    FILE_COL("从业年限", 0, "整数"),
    FILE_COL("专业资格", 0, "专业资格"),
    FILE_COL("专业领域", O_REQ, "信贷融资 债券融资 股权融资与上市 保险 融资担保 法律 会计税务 公司治理 风险管理 政策"
                                "（或其代码），多个用、分隔"),
    FILE_COL("熟悉行业", 0, "行业门类（GB/T 4754 字母 A 至 T），多个用、分隔"),
    FILE_COL("可服务市州", O_REQ, "市（州）的代码或名称，如 630100、海西州，多个用、分隔"),
    FILE_COL("已签署声明", O_REQ, "填“是”：候选人已签署保密、义务服务和利益冲突声明（P13）"),
    FILE_COL("告知书版本", O_REQ, "候选人同意的个人信息告知书版本，如 v1"),
    {0},
};

int
cmd_advisor_import(cli *c, cmd_args *a)
{
    Rongpei__NominationImportRequest *rq = (Rongpei__NominationImportRequest *) a->req;
    Rongpei__NominationDraftRequest *rows = NULL, **rowp = NULL;
    char *values = NULL;    /* pointer slots for the multi-value cells */
    const char *file = arg_str(a, "file");
    int at[IC_COUNT];
    const char *import_headers[IC_COUNT];
    csv_table t;
    char err[512];
    rpc_result res;
    size_t i;
    int rc = 0;

    for (i = 0; i < IC_COUNT; i++)
        import_headers[i] = nomination_columns[i].column;
    if (table_file_open(file, &t, import_headers, IC_COUNT, at, err, sizeof(err)) != 0) {
        fprintf(stderr, "rongpei: %s\n", err);
        return EX_INVALID;
    }
    if (at[IC_NAME] < 0 || at[IC_ID] < 0 || at[IC_SPEC] < 0 || at[IC_PREF] < 0) {
        fprintf(stderr, "rongpei: 表头须包含 姓名、身份证号、专业领域、可服务市州\n");
        csv_free(&t);
        return EX_INVALID;
    }
    rows = calloc(t.n, sizeof(*rows));
    rowp = calloc(t.n, sizeof(*rowp));
    values = calloc(t.n, sizeof(char *) * 38);
    if (rows == NULL || rowp == NULL || values == NULL) {
        rc = EX_FAIL;
        goto out;
    }
    for (i = 1; i < t.n; i++) {
        Rongpei__NominationDraftRequest *r = &rows[i - 1];
        const csv_record *rec = &t.records[i];
        char **slots = (char **) values + (i - 1) * 38;
#define CELL(k) (at[k] >= 0 && (size_t) at[k] < rec->n ? rec->fields[at[k]] : "")
        char *end;

        rongpei__nomination_draft_request__init(r);
        r->round_id = rq->round_id;
        r->line = rec->line;
        r->name = CELL(IC_NAME);
        r->gender = CELL(IC_GENDER);
        r->id_number = CELL(IC_ID);
        r->mobile = CELL(IC_MOBILE);
        r->office_name = CELL(IC_OFFICE);
        r->position = CELL(IC_POSITION);
        r->title = CELL(IC_TITLE);
        r->qualifications = CELL(IC_QUAL);
        r->years = (int32_t) strtol(CELL(IC_YEARS), &end, 10);
        if (*CELL(IC_YEARS) && *end != '\0')
            r->years = -1;      /* the server answers with the rule for this line */
        r->declaration_signed = strcmp(CELL(IC_DECL), "是") == 0 || strcmp(CELL(IC_DECL), "Y") == 0 ||
                                strcmp(CELL(IC_DECL), "y") == 0;
        r->notice_version = CELL(IC_NOTICE);
        r->specialisms = slots;
        r->n_specialisms = csv_split_values(CELL(IC_SPEC), slots, 10);
        r->sections = slots + 10;
        r->n_sections = csv_split_values(CELL(IC_SECTION), slots + 10, 20);
        r->prefectures = slots + 30;
        r->n_prefectures = csv_split_values(CELL(IC_PREF), slots + 30, 8);
#undef CELL
        rowp[i - 1] = r;
    }
    rq->rows = rowp;
    rq->n_rows = t.n - 1;
    rc = cli_call(c, "nomination.import", a->req, &res);
    if (rc == 0) {
        Rongpei__NominationImportReply *r = (Rongpei__NominationImportReply *) res.reply;

        if (c->json)
            cli_print(c, res.reply, NULL, NULL, 0);
        else
            printf("已从 %s（%s）导入 %d 条提名草稿\n", file, t.encoding, r->imported);
    }
    rpc_result_free(&res);
out:
    free(rows);
    free(rowp);
    free(values);
    csv_free(&t);
    return rc;
}

/* ------------------------------------------------------------------ review */

int
cmd_review_assign(cli *c, cmd_args *a)
{
    Rongpei__ReviewAssignRequest *rq = (Rongpei__ReviewAssignRequest *) a->req;
    cmd_pages p;
    int64_t *ids = NULL;
    rpc_result res;
    size_t k;
    int rc;

    memset(&p, 0, sizeof(p));
    if (arg_flag(a, "all")) {
        /* every candidate submitted to the round, every page */
        Rongpei__NominationListRequest lq = RONGPEI__NOMINATION_LIST_REQUEST__INIT;

        lq.round_id = rq->round_id;
        lq.status = "submitted";
        if ((rc = cmd_call_pages(c, "nomination.list", &lq.base, "nominations", 1, 1000, &p)) != 0)
            return rc;
        ids = malloc((rq->n_nomination_ids + p.nrows + 1) * sizeof(int64_t));
        if (ids == NULL) {
            cmd_pages_free(&p);
            return EX_FAIL;
        }
        if (rq->n_nomination_ids > 0)
            memcpy(ids, rq->nomination_ids, rq->n_nomination_ids * sizeof(int64_t));
        for (k = 0; k < p.nrows; k++)
            ids[rq->n_nomination_ids + k] = ((Rongpei__Nomination *) p.rows[k])->id;
        rq->nomination_ids = ids;
        rq->n_nomination_ids += p.nrows;
    }
    if (rq->n_nomination_ids == 0) {
        fprintf(stderr, "rongpei: 请用 --nomination 给出提名编号，或用 --all 分配全部已报送的候选人\n");
        cmd_pages_free(&p);
        return EX_USAGE_;
    }
    rc = cli_call(c, "review.assign", a->req, &res);
    if (rc == 0) {
        Rongpei__ReviewAssignReply *r = (Rongpei__ReviewAssignReply *) res.reply;

        if (c->json) {
            cli_print(c, res.reply, NULL, NULL, 0);
        } else {
            printf("已分配 %d 名候选人\n", r->assigned);
            if (r->n_recused > 0)
                cmd_table((ProtobufCMessage *const *) r->recused, r->n_recused,
                          COLS(C("nomination_id", "提名编号"), C("reason", "回避原因")));
        }
    }
    rpc_result_free(&res);
    cmd_pages_free(&p);
    free(ids);
    return rc;
}

/* ------------------------------------------------------------------ advisors */

int
cmd_advisor_history(cli *c, cmd_args *a)
{
    rpc_result res;
    int rc;

    if ((rc = cli_call(c, "advisor.history", a->req, &res)) == 0) {
        Rongpei__AdvisorHistory *h = (Rongpei__AdvisorHistory *) res.reply;

        if (c->json) {
            cli_print(c, res.reply, NULL, NULL, 0);
        } else {
            cmd_print(c, &h->advisor->base, NULL, a->k->cols);
            if (h->predecessor_id)
                printf("\n接替：%s（顾问编号 %lld）\n", h->predecessor_name, (long long) h->predecessor_id);
            printf("\n聘期与聘书：\n");
            cmd_print(c, res.reply, "terms",
                      COLS(C("cert_no", "聘书编号"), C("term_start", "聘期起"), C("term_end", "聘期止"),
                           C("status", "状态"), C("reason", "事由"), C("issued_at", "颁发时间")));
            if (h->n_replacements) {
                printf("\n更换记录：\n");
                cmd_print(c, res.reply, "replacements",
                          COLS(C("id", "编号"), C("kind", "原因类别"), C("reason", "说明"), C("status", "状态"),
                               C("reported_at", "报告时间"), C("verify_note", "核实意见"),
                               C("successor_name", "接替人选")));
            }
        }
    }
    rpc_result_free(&res);
    return rc;
}

int
cmd_inbox(cli *c, cmd_args *a)
{
    cmd_pages p;
    int rc = cmd_call_pages(c, "inbox.list", a->req, "items", a->all, a->limit, &p);

    if (rc != 0)
        return rc;
    if (c->json)
        cmd_pages_json(&p, "items");
    else if (p.nrows == 0)
        printf("没有待您处理的事项\n");
    else
        cmd_table(p.rows, p.nrows, a->k->cols);
    cmd_pages_note(&p);
    cmd_pages_free(&p);
    return 0;
}

int
cmd_certificate_pdf(cli *c, cmd_args *a)
{
    const char *out = arg_str(a, "out");
    rpc_result res;
    char err[256];
    int rc = cli_call(c, "certificate.document", a->req, &res);

    if (rc == 0) {
        Rongpei__CertificateDoc *d = (Rongpei__CertificateDoc *) res.reply;

        if (pdf_certificate(d, out, err, sizeof(err)) != 0) {
            fprintf(stderr, "rongpei: %s\n", err);
            rc = EX_FAIL;
        } else if (c->json) {
            cli_print(c, res.reply, NULL, NULL, 0);
        } else {
            printf("已生成聘书 %s（%s，%s）\n", out, d->name, d->cert_no);
        }
    }
    rpc_result_free(&res);
    return rc;
}

/* roster publish and roster show: the roster, and its files */
int
cmd_roster(cli *c, cmd_args *a)
{
    const char *xlsx = arg_str(a, "xlsx"), *html = arg_str(a, "html");
    char when[20], err[256];
    rpc_result res;
    int rc = cli_call(c, a->k->method, a->req, &res);

    if (rc == 0) {
        Rongpei__Roster *r = (Rongpei__Roster *) res.reply;

        if ((xlsx && roster_write_xlsx(r, xlsx, err, sizeof(err)) != 0) ||
            (html && roster_write_html(r, html, err, sizeof(err)) != 0)) {
            fprintf(stderr, "rongpei: %s\n", err);
            rc = EX_FAIL;
        } else if (c->json) {
            cli_print(c, res.reply, NULL, NULL, 0);
        } else {
            printf("%s（第 %d 版，%s 发布于 %s）\n", r->title, r->version, r->publisher,
                   table_time(r->published_at, when));
            cmd_print(c, res.reply, "rows",
                      COLS(C("name", "姓名"), C("org_name", "所在机构"), C("specialisms", "专业领域"),
                           C("cert_no", "聘书编号"), C("term_start", "聘期起"), C("term_end", "聘期止")));
            if (xlsx)
                printf("已写入 %s\n", xlsx);
            if (html)
                printf("已写入 %s\n", html);
        }
    }
    rpc_result_free(&res);
    return rc;
}

/* ------------------------------------------------------------------ templates */

/* An example value for a file column, by its header: a row that imports as
 * it is (fictional person and firm), to be replaced by the real ones. */
static const char *
example_of(const char *h)
{
    static const char *const ex[][2] = {
        {"姓名", "张示例"}, {"性别", "男"}, {"身份证号", "630102199001011235"}, {"手机号", "13897000000"},
        {"网点", ""}, {"职务", "客户经理"}, {"职称", "经济师"}, {"从业年限", "8"}, {"专业资格", ""},
        {"专业领域", "信贷融资、风险管理"}, {"熟悉行业", "C"}, {"可服务市州", "630100、632800"},
        {"已签署声明", "是"}, {"告知书版本", "v1"},
        {"企业名称", "示例农牧开发有限公司"}, {"统一社会信用代码", "91630104100042427E"},
        {"注册地区划代码", "630104"}, {"行业门类", ""}, {"行业大类", "13"}, {"行业小类", ""},
        {"所有制", "私营"}, {"从业人员", "35"}, {"营业收入", "900"}, {"资产总额", "1200"}, {"数据年度", "2025"},
        {"法定代表人", "马示例"}, {"法定代表人手机", ""}, {"联系人", "马示例"}, {"联系人手机", "13907000000"},
        {"融资需求", "300"}, {"融资用途", "设备更新"}, {"融资期限", "24"}, {"紧迫程度", "一般"},
        {"现有借款", ""}, {"主要困难", "融资、管理"},
        {"机构", ""}, {"说明", ""}, {"编号", ""}, {"版本", ""}, {"状态", ""}, {"聘书编号", ""}, {"聘期止", ""},
    };
    size_t i;

    for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++)
        if (strcmp(ex[i][0], h) == 0)
            return ex[i][1];
    return "";
}

/*
 * rongpei template nominations|enterprises|team: an empty file of that
 * kind to fill in: the header row the import reads, and one example row
 * that imports as it is once replaced by real rows.
 */
int
cmd_template(cli *c, cmd_args *a)
{
    const char *kind = arg_nth(a, "种类", 0), *xlsx = arg_str(a, "xlsx"), *csv = arg_str(a, "csv");
    const char *heads[64];
    char *cells[64];
    size_t n = 0, i;

    (void) c;
    if (strcmp(kind, "nominations") == 0 || strcmp(kind, "提名") == 0) {
        for (i = 0; i < IC_COUNT; i++)
            heads[n++] = nomination_columns[i].column;
    } else if (strcmp(kind, "enterprises") == 0 || strcmp(kind, "企业") == 0) {
        for (i = 0; enterprise_fields[i].name && n < 64; i++)
            if (enterprise_fields[i].column != NULL)
                heads[n++] = enterprise_fields[i].column;
    } else if (strcmp(kind, "team") == 0 || strcmp(kind, "团队") == 0) {
        for (i = 0; team_columns[i].name && n < 64; i++)
            heads[n++] = team_columns[i].column;
    } else {
        fprintf(stderr, "rongpei: 模板种类应为 nominations（提名）、enterprises（企业）或 team（团队），而不是“%s”\n",
                kind);
        return EX_USAGE_;
    }
    if ((xlsx == NULL) == (csv == NULL)) {
        fprintf(stderr, "rongpei: 请用 --xlsx 文件 或 --csv 文件 之一给出要写出的文件\n");
        return EX_USAGE_;
    }
    for (i = 0; i < n; i++)
        cells[i] = (char *) example_of(heads[i]);
    if (xlsx != NULL) {
        if (access(xlsx, F_OK) == 0) {
            fprintf(stderr, "rongpei: %s 已存在，未覆盖\n", xlsx);
            return EX_CONFLICT;
        }
        if (xlsx_write_table(xlsx, "模板", NULL, NULL, heads, n, cells, 1) != 0) {
            fprintf(stderr, "rongpei: 无法写入 %s\n", xlsx);
            return EX_FAIL;
        }
        printf("已写出 %s：第一行为表头，第二行为示例，请替换为实际内容\n", xlsx);
    } else {
        int fd = open(csv, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

        if (f == NULL) {
            fprintf(stderr, "rongpei: 无法写入 %s（%s）\n", csv, errno == EEXIST ? "文件已存在，未覆盖" : "目录不可写");
            if (fd >= 0)
                close(fd);
            return errno == EEXIST ? EX_CONFLICT : EX_FAIL;
        }
        fputs("\xef\xbb\xbf", f);     /* UTF-8 with its mark, as Excel opens it */
        for (i = 0; i < n; i++)
            csv_write_cell(f, heads[i], i + 1 == n);
        for (i = 0; i < n; i++)
            csv_write_cell(f, cells[i], i + 1 == n);
        if (fclose(f) != 0) {
            fprintf(stderr, "rongpei: 无法写入 %s\n", csv);
            return EX_FAIL;
        }
        printf("已写出 %s（UTF-8）：第一行为表头，第二行为示例，请替换为实际内容\n", csv);
    }
    return 0;
}

/* A year's holidays and adjusted working days from the file officials
 * copy from the State Council's notice: date, kind, name (English or
 * Chinese headers; kinds as codes or 放假/调休上班). */
int
cmd_calendar_load(cli *c, cmd_args *a)
{
    static const char *const names[] = {"date", "kind", "name", "日期", "类别", "名称"};
    Rongpei__CalendarLoadRequest *rq = (Rongpei__CalendarLoadRequest *) a->req;
    int at[6];
    csv_table t;
    char err[512];
    size_t i;
    int rc;

    if (table_file_open(arg_str(a, "file"), &t, names, 6, at, err, sizeof(err)) != 0) {
        fprintf(stderr, "rongpei: %s\n", err);
        return EX_INVALID;
    }
    for (i = 0; i < 3; i++)
        if (at[i] < 0)
            at[i] = at[i + 3];
    if (at[0] < 0 || at[1] < 0) {
        fprintf(stderr, "rongpei: 表头须包含 日期（date）和 类别（kind）\n");
        csv_free(&t);
        return EX_INVALID;
    }
    rq->days = arena_alloc(&a->a, t.n * sizeof(*rq->days));
    for (i = 1; rq->days && i < t.n; i++) {
        const csv_record *r = &t.records[i];
        Rongpei__CalendarDay *d = arena_alloc(&a->a, sizeof(*d));
        const char *kind = (size_t) at[1] < r->n ? r->fields[at[1]] : "";

        if (d == NULL)
            break;
        rongpei__calendar_day__init(d);
        d->day = (size_t) at[0] < r->n ? r->fields[at[0]] : "";
        d->kind = (char *) (strcmp(kind, "放假") == 0 ? "holiday" : strcmp(kind, "调休上班") == 0 ? "workday" : kind);
        d->name = at[2] >= 0 && (size_t) at[2] < r->n ? r->fields[at[2]] : "";
        if (*d->day == '\0')
            continue;
        rq->days[rq->n_days++] = d;
    }
    rc = cmd_run(c, a);
    csv_free(&t);
    return rc;
}

/* For scripts and tests: any method, body as JSON; prints the reply as JSON. */
int
cmd_call(cli *c, cmd_args *a)
{
    const char *name = arg_nth(a, "方法", 0), *body = arg_nth(a, "JSON", 0);
    const method *m = method_find(name);
    ProtobufCMessage *msg = NULL;
    json_error_t jerr;
    char err[256];
    rpc_result res;
    json_t *j;
    int rc;

    if (m == NULL) {
        fprintf(stderr, "rongpei: 未知方法 %s（rongpei methods 列出全部方法）\n", name);
        return EX_USAGE_;
    }
    if (body == NULL && isatty(STDIN_FILENO)) {
        fprintf(stderr, "rongpei: 请给出请求内容：JSON 对象、- （从标准输入读取）或 @文件\n");
        return EX_USAGE_;
    }
    if (body == NULL || strcmp(body, "-") == 0 || body[0] == '@') {
        /* the body from standard input or a file */
        size_t len;
        char *text = file_slurp(body && body[0] == '@' ? body + 1 : "-", &len, err, sizeof(err));

        if (text == NULL) {
            fprintf(stderr, "rongpei: %s\n", err);
            return EX_USAGE_;
        }
        if (strspn(text, " \t\r\n") == len) {
            fprintf(stderr, "rongpei: 请求内容为空：请给出 JSON 对象（没有参数时写 {}）\n");
            free(text);
            return EX_USAGE_;
        }
        j = json_loadb(text, len, 0, &jerr);
        free(text);
    } else {
        j = json_loads(body, 0, &jerr);
    }
    if (j == NULL) {
        fprintf(stderr, "rongpei: 请求不是有效的 JSON：%s\n", jerr.text);
        return EX_USAGE_;
    }
    rc = pbjson_to_msg(m->request, j, &a->a, &msg, err, sizeof(err));
    json_decref(j);
    if (rc != 0) {
        fprintf(stderr, "rongpei: %s\n", err);
        return EX_USAGE_;
    }
    c->json = 1;
    rc = cli_call(c, m->name, msg, &res);
    if (rc == 0)
        cli_print(c, res.reply, NULL, NULL, 0);
    if (rc == 0 && m->flow == FLOW_LOGIN)
        cli_session_save(c, ((Rongpei__LoginReply *) res.reply)->session);
    rpc_result_free(&res);
    return rc;
}
