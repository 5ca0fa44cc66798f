/*
 * cmd.c - the commands of rongpei, named after the work:
 *
 *   login logout whoami passwd
 *   org list|create|update|disable|enable
 *   office list|create|update
 *   user list|create|update|grant|revoke|reset-password|reveal
 *   cert issue|list|revoke
 *   audit list
 *   divisions
 *   methods, call (for scripts: any method with a JSON body)
 *
 * Each command parses its options, builds the request message, calls
 * (cli_call) and prints the reply (cli_print).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "cli.h"
#include "methods.h"
#include "pbjson.h"
#include "pdf.h"
#include "roster.h"
#include "csv.h"
#include "team.h"
#include "enterprise.h"
#include "group.h"
#include "pairing_cmd.h"
#include "agreement.h"
#include "xlsx.h"
#include "rongpei.pb-c.h"
#include "rp.h"

#define NCOLS(a) (sizeof(a) / sizeof(a[0]))

static const col org_cols[] = {
    {"id", "编号"}, {"kind", "类别"}, {"name", "名称"}, {"inst_type", "机构类型"},
    {"division_code", "区划代码"}, {"credit_code", "统一社会信用代码"}, {"offices", "网点数"},
    {"users", "用户数"}, {"disabled", "已停用"},
};
static const col office_cols[] = {
    {"id", "编号"}, {"org_name", "所属机构"}, {"name", "网点名称"}, {"county_code", "县级区划"},
    {"disabled", "已停用"},
};
static const col user_cols[] = {
    {"id", "编号"}, {"username", "用户名"}, {"display_name", "姓名"}, {"org_name", "机构"},
    {"office_name", "网点"}, {"mobile", "手机号"}, {"roles", "角色"}, {"locked", "已锁定"},
    {"disabled", "已停用"}, {"last_login", "最近登录"},
};
static const col cert_cols[] = {
    {"id", "编号"}, {"org_name", "机构"}, {"fingerprint", "SHA-256 指纹"}, {"not_after", "有效期至"},
    {"revoked", "已吊销"}, {"revoke_reason", "吊销原因"},
};
static const col audit_cols[] = {
    {"id", "编号"}, {"at", "时间"}, {"username", "用户"}, {"org_id", "机构"}, {"method", "操作"},
    {"object", "对象"}, {"status", "结果"}, {"peer", "来源地址"}, {"detail", "说明"},
};
static const col division_cols[] = {
    {"code", "代码"}, {"name", "名称"}, {"parent_code", "上级代码"}, {"level", "级别"},
};
static const col whoami_cols[] = {
    {"username", "用户名"}, {"display_name", "姓名"}, {"org_name", "机构"}, {"org_kind", "机构类别"},
    {"office_name", "网点"}, {"roles", "角色"}, {"scope", "可见范围"},
    {"password_expires", "密码到期"}, {"must_change_password", "须修改密码"},
};
static const col round_cols[] = {
    {"id", "编号"}, {"tier", "层级"}, {"prefecture_code", "市州"}, {"year", "年度"}, {"title", "名称"},
    {"target", "目标人数"}, {"deadline", "截止日期"}, {"status", "状态"},
};
static const col quota_cols[] = {
    {"org_id", "机构编号"}, {"org_name", "机构"}, {"quota", "名额"}, {"submitted", "已报送"},
};
static const col nomination_cols[] = {
    {"id", "编号"}, {"round_id", "轮次"}, {"org_name", "机构"}, {"office_name", "网点"},
    {"name", "姓名"}, {"gender", "性别"}, {"id_number", "身份证号"}, {"mobile", "手机号"},
    {"specialisms", "专业领域"}, {"status", "状态"}, {"return_reason", "退回原因"},
};
static const col queue_cols[] = {
    {"nomination_id", "提名编号"}, {"round_id", "轮次"}, {"name", "姓名"}, {"org_name", "机构"},
    {"id_number", "身份证号"}, {"specialisms", "专业领域"}, {"years", "从业年限"}, {"status", "状态"},
};
static const col result_cols[] = {
    {"rank", "排名"}, {"nomination_id", "提名编号"}, {"name", "姓名"}, {"org_name", "机构"},
    {"weighted_mean", "加权平均"}, {"spread", "离散度"}, {"decision", "决定"}, {"decision_status", "决定状态"},
    {"proposed_by", "提出人"}, {"confirmed_by", "确认人"},
};
static const col advisor_cols[] = {
    {"id", "编号"}, {"name", "姓名"}, {"org_name", "机构"}, {"tier", "层级"}, {"specialisms", "专业领域"},
    {"cert_no", "聘书编号"}, {"term_start", "聘期起"}, {"term_end", "聘期止"}, {"status", "状态"},
    {"verify_code", "核验码"},
};
static const col term_cols[] = {
    {"cert_no", "聘书编号"}, {"term_start", "聘期起"}, {"term_end", "聘期止"}, {"status", "状态"},
    {"reason", "事由"}, {"issued_at", "颁发时间"},
};
static const col replacement_cols[] = {
    {"id", "编号"}, {"advisor_id", "顾问编号"}, {"advisor_name", "顾问"}, {"org_name", "机构"},
    {"kind", "原因类别"}, {"reason", "说明"}, {"status", "状态"}, {"reported_at", "报告时间"},
    {"verify_note", "核实意见"}, {"successor_name", "接替人选"},
};
static const col inbox_cols[] = {
    {"at", "时间"}, {"kind", "事项"}, {"title", "内容"}, {"detail", "说明"}, {"command", "处理命令"},
};
static const col verify_cols[] = {
    {"genuine", "真实聘书"}, {"status", "状态"}, {"name", "姓名"}, {"org_name", "所在机构"},
    {"cert_no", "聘书编号"}, {"term_start", "聘期起"}, {"term_end", "聘期止"}, {"issuer", "发证机关"},
};
static const col method_cols[] = {
    {"name", "方法"}, {"roles", "允许的角色"}, {"anonymous", "免登录"}, {"mutating", "修改类"},
    {"audited", "留痕"},
};

/* Chinese labels for the code values officials see in tables. */
const char *
cmd_label(const char *field, const char *value)
{
    static const char *const map[][3] = {
        {"kind", "bureau", "省局"}, {"kind", "prefecture_office", "市州金融办"},
        {"kind", "institution", "金融及中介机构"}, {"kind", "enterprise", "企业"},
        {"org_kind", "bureau", "省局"}, {"org_kind", "prefecture_office", "市州金融办"},
        {"org_kind", "institution", "金融及中介机构"}, {"org_kind", "enterprise", "企业"},
        {"inst_type", "bank", "银行"}, {"inst_type", "securities", "证券"},
        {"inst_type", "insurance", "保险"}, {"inst_type", "law_firm", "律师事务所"},
        {"inst_type", "accounting_firm", "会计师事务所"}, {"inst_type", "guarantee", "融资担保"},
        {"inst_type", "equity_market", "区域股权市场"}, {"inst_type", "government", "政府部门"},
        {"inst_type", "other", "其他"},
        {"roles", "bureau_admin", "省局管理员"}, {"roles", "bureau_staff", "省局工作人员"},
        {"roles", "prefecture_staff", "市州金融办人员"}, {"roles", "institution_admin", "机构管理员"},
        {"roles", "institution_staff", "网点经办人员"}, {"roles", "expert_reviewer", "评审专家"},
        {"roles", "advisor", "金融顾问"}, {"roles", "enterprise_contact", "企业联系人"},
        {"roles", "system_admin", "系统管理员"}, {"roles", "security_admin", "安全管理员"},
        {"roles", "audit_admin", "安全审计员"},
        {"level", "province", "省"}, {"level", "prefecture", "市（州）"}, {"level", "county", "县（市、区）"},
        {"tier", "province", "省级"}, {"tier", "prefecture", "市州级"},
        {"status", "open", "开放"}, {"status", "closed", "已关闭"}, {"status", "draft", "草稿"},
        {"status", "returned", "已退回"}, {"status", "submitted", "已报送"},
        {"specialisms", "credit", "信贷融资"}, {"specialisms", "bonds", "债券融资"},
        {"specialisms", "equity", "股权融资与上市"}, {"specialisms", "insurance", "保险"},
        {"specialisms", "guarantee", "融资担保"}, {"specialisms", "law", "法律"},
        {"specialisms", "accounting", "会计税务"}, {"specialisms", "governance", "公司治理"},
        {"specialisms", "risk", "风险管理"}, {"specialisms", "policy", "政策"},
        {"status", "assigned", "待评分"}, {"status", "scored", "已评分"}, {"status", "recused", "已回避"},
        {"decision", "appoint", "聘任"}, {"decision", "reject", "不予聘任"}, {"decision", "waitlist", "候补"},
        {"decision_status", "proposed", "待确认"}, {"decision_status", "confirmed", "已确认"},
        {"status", "active", "在聘"}, {"status", "suspended", "暂停"}, {"status", "ended", "已终止"},
        {"status", "current", "有效"}, {"status", "expired", "已过期"}, {"status", "revoked", "已撤销"},
        {"kind", "moved", "工作变动"}, {"kind", "not_performing", "未尽职"}, {"kind", "other", "其他"},
        {"status", "reported", "待核实"}, {"status", "verified", "已核实"}, {"status", "rejected", "未通过"},
        {"status", "completed", "已接替"},
        {"kind", "draft_to_submit", "待报送"}, {"kind", "nomination_returned", "被退回"},
        {"kind", "candidate_to_score", "待评分"}, {"kind", "to_assign", "待分配评审"},
        {"kind", "decision_to_confirm", "待确认决定"}, {"kind", "term_ending", "聘期将满"},
        {"kind", "replacement_to_verify", "待核实更换"}, {"kind", "replacement_to_nominate", "待提名接替"},
        {"kind", "sync_conflict", "同步冲突"}, {"kind", "service", "服务小组"}, {"kind", "policy", "政策法规组"},
        {"size_class", "large", "大型"}, {"size_class", "medium", "中型"}, {"size_class", "small", "小型"},
        {"size_class", "micro", "微型"}, {"status", "approved", "已批准"}, {"status", "applied", "待审核"},
        {"status", "listed", "在册"}, {"status", "removed", "已移出"},
        {"source", "recommended", "新推荐"}, {"source", "carried", "延续"},
        {"change", "new", "新增"}, {"change", "carried", "延续"}, {"change", "dropped", "退出"},
        {"grounds", "chaotic_management", "管理混乱"}, {"grounds", "abnormal_operation", "经营异常"},
        {"grounds", "no_prospect", "扭亏无望"}, {"grounds", "refuses_cooperation", "不配合"},
        {"kind", "recommendation_to_review", "待审核推荐"}, {"kind", "recommendation_returned", "推荐被退回"},
        {"kind", "removal_to_decide", "待审核移出"}, {"kind", "slot_to_fill", "待递补推荐"},
        {"outcome", "applied", "已执行"}, {"outcome", "conflict", "冲突"}, {"outcome", "rejected", "未执行"},
        {"role", "primary", "结对顾问"}, {"role", "specialist", "增派顾问"},
        {"kind", "agreement_to_sign", "待签署协议"}, {"kind", "agreement_to_file", "待备案协议"},
        {"kind", "agreement_to_renew", "待续签协议"}, {"kind", "pairs_to_take_over", "结对待接替"},
    };
    size_t i;

    if (strcmp(field, "specialism") == 0)     /* one of them: the same labels */
        field = "specialisms";
    for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(map[i][0], field) == 0 && strcmp(map[i][1], value) == 0)
            return map[i][2];
    return enterprise_label(field, value);
}

typedef int (*cmd_fn)(cli *c, int argc, char **argv);

typedef struct command {
    const char *group;
    const char *name;       /* NULL for a group-less command */
    cmd_fn fn;
    const char *usage;
    const char *help;
} command;

static int parse(opts *o, int argc, char **argv, const char *spec, const char *usage)
{
    return opts_parse(o, argc, argv, spec, usage);
}

/* Call, print, free: the shape of most commands. */
int
cli_run(cli *c, const char *name, const ProtobufCMessage *body, const char *list_field,
    const col *cols, size_t ncols)
{
    rpc_result res;
    int rc = cli_call(c, name, body, &res);

    if (rc == 0)
        cli_print(c, res.reply, list_field, cols, ncols);
    rpc_result_free(&res);
    return rc;
}

/* ------------------------------------------------------------------ session */

static int
cmd_login(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei login [--password-stdin]";
    Rongpei__LoginRequest rq = RONGPEI__LOGIN_REQUEST__INIT;
    char pw[256];
    const char *envpw = getenv("RONGPEI_PASSWORD");
    rpc_result res;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "password-stdin", usage)) != 0)
        return rc;
    if (c->user == NULL || !*c->user) {
        fprintf(stderr, "rongpei: 请设置 RONGPEI_USER（用户名）\n");
        return EX_USAGE_;
    }
    if (!opt_flag(&o, "password-stdin") && envpw != NULL && *envpw)
        snprintf(pw, sizeof(pw), "%s", envpw);
    else if (cli_read_password("密码：", opt_flag(&o, "password-stdin"), pw, sizeof(pw)) != 0) {
        fprintf(stderr, "rongpei: 未读到密码\n");
        return EX_USAGE_;
    }
    rq.username = (char *) c->user;
    rq.password = pw;
    c->session[0] = '\0';
    rc = cli_call(c, "session.login", &rq.base, &res);
    memset(pw, 0, sizeof(pw));
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

static int
cmd_logout(cli *c, int argc, char **argv)
{
    Rongpei__Empty rq = RONGPEI__EMPTY__INIT;
    rpc_result res;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "", "rongpei logout")) != 0)
        return rc;
    if (!c->session[0]) {
        fprintf(stderr, "rongpei: 当前未登录\n");
        return EX_AUTH;
    }
    rc = cli_call(c, "session.logout", &rq.base, &res);
    rpc_result_free(&res);
    cli_session_clear(c);
    if (rc == 0 && !c->json)
        printf("已退出登录\n");
    return rc;
}

static int
cmd_whoami(cli *c, int argc, char **argv)
{
    Rongpei__Empty rq = RONGPEI__EMPTY__INIT;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "", "rongpei whoami")) != 0)
        return rc;
    return cli_run(c, "session.whoami", &rq.base, NULL, whoami_cols, NCOLS(whoami_cols));
}

static int
cmd_passwd(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei passwd [--password-stdin]（标准输入依次为原密码、新密码）";
    Rongpei__PasswordChangeRequest rq = RONGPEI__PASSWORD_CHANGE_REQUEST__INIT;
    char old[256], nw[256], again[256];
    int from_stdin;
    rpc_result res;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "password-stdin", usage)) != 0)
        return rc;
    from_stdin = opt_flag(&o, "password-stdin");
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
    memset(old, 0, sizeof(old));
    memset(nw, 0, sizeof(nw));
    rpc_result_free(&res);
    if (rc == 0 && !c->json)
        printf("密码已修改\n");
    return rc;
}

/* ------------------------------------------------------------------ organisations */

int
cli_need_id(const opts *o, const char *usage, long long *id)
{
    char *end;

    if (o->npos != 1 || (*id = strtoll(o->pos[0], &end, 10)) <= 0 || *end != '\0') {
        fprintf(stderr, "rongpei: 需要一个编号\n用法：%s\n", usage);
        return EX_USAGE_;
    }
    return 0;
}

int
cli_run_id(cli *c, int argc, char **argv, const char *usage, const char *name, const char *list_field,
           const col *cols, size_t ncols)
{
    Rongpei__IdRequest rq = RONGPEI__ID_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = opts_parse(&o, argc, argv, "", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.id = id;
    return cli_run(c, name, &rq.base, list_field, cols, ncols);
}

static int
cmd_org_list(cli *c, int argc, char **argv)
{
    Rongpei__OrgListRequest rq = RONGPEI__ORG_LIST_REQUEST__INIT;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "kind=,division=,all",
                    "rongpei org list [--kind 类别] [--division 区划代码] [--all]")) != 0)
        return rc;
    rq.kind = (char *) (opt_str(&o, "kind") ? opt_str(&o, "kind") : "");
    rq.division_code = (char *) (opt_str(&o, "division") ? opt_str(&o, "division") : "");
    rq.include_disabled = opt_flag(&o, "all");
    return cli_run(c, "org.list", &rq.base, "orgs", org_cols, NCOLS(org_cols));
}

#define S(x) ((char *) ((x) ? (x) : ""))

static int
cmd_org_create(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei org create --kind prefecture_office|institution|enterprise "
                               "--name 名称 --division 区划代码 [--type 机构类型] [--short 简称] "
                               "[--credit-code 代码]";
    Rongpei__OrgCreateRequest rq = RONGPEI__ORG_CREATE_REQUEST__INIT;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "kind=,name=,division=,type=,short=,credit-code=", usage)) != 0)
        return rc;
    if (!opt_str(&o, "kind") || !opt_str(&o, "name") || !opt_str(&o, "division")) {
        fprintf(stderr, "rongpei: 缺少 --kind、--name 或 --division\n用法：%s\n", usage);
        return EX_USAGE_;
    }
    rq.kind = S(opt_str(&o, "kind"));
    rq.name = S(opt_str(&o, "name"));
    rq.division_code = S(opt_str(&o, "division"));
    rq.inst_type = S(opt_str(&o, "type"));
    rq.short_name = S(opt_str(&o, "short"));
    rq.credit_code = S(opt_str(&o, "credit-code"));
    return cli_run(c, "org.create", &rq.base, NULL, org_cols, NCOLS(org_cols));
}

static int
cmd_org_update(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei org update 编号 [--name 名称] [--short 简称] "
                               "[--division 区划代码] [--credit-code 代码]";
    Rongpei__OrgUpdateRequest rq = RONGPEI__ORG_UPDATE_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "name=,short=,division=,credit-code=", usage)) != 0 ||
        (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.id = id;
    rq.name = S(opt_str(&o, "name"));
    rq.short_name = S(opt_str(&o, "short"));
    rq.division_code = S(opt_str(&o, "division"));
    rq.credit_code = S(opt_str(&o, "credit-code"));
    return cli_run(c, "org.update", &rq.base, NULL, org_cols, NCOLS(org_cols));
}

static int
org_toggle(cli *c, int argc, char **argv, int enable)
{
    const char *usage = enable ? "rongpei org enable 编号" : "rongpei org disable 编号 --reason 原因";
    Rongpei__OrgDisableRequest rq = RONGPEI__ORG_DISABLE_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "reason=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.id = id;
    rq.enable = enable;
    rq.reason = S(opt_str(&o, "reason"));
    return cli_run(c, "org.disable", &rq.base, NULL, org_cols, NCOLS(org_cols));
}

static int cmd_org_disable(cli *c, int argc, char **argv) { return org_toggle(c, argc, argv, 0); }
static int cmd_org_enable(cli *c, int argc, char **argv) { return org_toggle(c, argc, argv, 1); }

/* ------------------------------------------------------------------ offices */

static int
cmd_office_list(cli *c, int argc, char **argv)
{
    Rongpei__OfficeListRequest rq = RONGPEI__OFFICE_LIST_REQUEST__INIT;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "org=", "rongpei office list [--org 机构编号]")) != 0)
        return rc;
    rq.org_id = opt_int(&o, "org", &ok);
    if (!ok)
        return EX_USAGE_;
    return cli_run(c, "office.list", &rq.base, "offices", office_cols, NCOLS(office_cols));
}

static int
cmd_office_create(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei office create --org 机构编号 --name 网点名称 [--county 县级区划代码]";
    Rongpei__OfficeCreateRequest rq = RONGPEI__OFFICE_CREATE_REQUEST__INIT;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "org=,name=,county=", usage)) != 0)
        return rc;
    rq.org_id = opt_int(&o, "org", &ok);
    if (!ok || rq.org_id <= 0 || !opt_str(&o, "name")) {
        fprintf(stderr, "rongpei: 缺少 --org 或 --name\n用法：%s\n", usage);
        return EX_USAGE_;
    }
    rq.name = S(opt_str(&o, "name"));
    rq.county_code = S(opt_str(&o, "county"));
    return cli_run(c, "office.create", &rq.base, NULL, office_cols, NCOLS(office_cols));
}

static int
cmd_office_update(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei office update 编号 [--name 名称] [--county 代码] [--disable|--enable]";
    Rongpei__OfficeUpdateRequest rq = RONGPEI__OFFICE_UPDATE_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "name=,county=,disable,enable", usage)) != 0 ||
        (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.id = id;
    rq.name = S(opt_str(&o, "name"));
    rq.county_code = S(opt_str(&o, "county"));
    rq.disable = opt_flag(&o, "disable");
    rq.enable = opt_flag(&o, "enable");
    return cli_run(c, "office.update", &rq.base, NULL, office_cols, NCOLS(office_cols));
}

/* ------------------------------------------------------------------ users */

static int
cmd_user_list(cli *c, int argc, char **argv)
{
    Rongpei__UserListRequest rq = RONGPEI__USER_LIST_REQUEST__INIT;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "org=,office=,role=,all",
                    "rongpei user list [--org 编号] [--office 编号] [--role 角色] [--all]")) != 0)
        return rc;
    rq.org_id = opt_int(&o, "org", &ok);
    rq.office_id = opt_int(&o, "office", &ok);
    if (!ok)
        return EX_USAGE_;
    rq.role = S(opt_str(&o, "role"));
    rq.include_disabled = opt_flag(&o, "all");
    return cli_run(c, "user.list", &rq.base, "users", user_cols, NCOLS(user_cols));
}

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

static int
password_arg(const opts *o, char *pw, size_t n, int *generated)
{
    *generated = 0;
    if (opt_flag(o, "password-stdin")) {
        if (cli_read_password("初始密码：", 1, pw, n) != 0) {
            fprintf(stderr, "rongpei: 未读到密码\n");
            return EX_USAGE_;
        }
        return 0;
    }
    temp_password(pw);
    *generated = 1;
    return 0;
}

static int
cmd_user_create(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei user create --org 机构编号 --username 用户名 --name 姓名 "
                               "[--office 网点编号] [--mobile 手机号] [--role 角色]... [--password-stdin]";
    Rongpei__UserCreateRequest rq = RONGPEI__USER_CREATE_REQUEST__INIT;
    char pw[256];
    int generated, ok = 1;
    rpc_result res;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "org=,office=,username=,name=,mobile=,role=*,password-stdin", usage)) != 0)
        return rc;
    rq.org_id = opt_int(&o, "org", &ok);
    rq.office_id = opt_int(&o, "office", &ok);
    if (!ok || rq.org_id <= 0 || !opt_str(&o, "username") || !opt_str(&o, "name")) {
        fprintf(stderr, "rongpei: 缺少 --org、--username 或 --name\n用法：%s\n", usage);
        return EX_USAGE_;
    }
    if ((rc = password_arg(&o, pw, sizeof(pw), &generated)) != 0)
        return rc;
    rq.username = S(opt_str(&o, "username"));
    rq.display_name = S(opt_str(&o, "name"));
    rq.mobile = S(opt_str(&o, "mobile"));
    rq.password = pw;
    rq.n_roles = (size_t) o.nmulti;
    rq.roles = (char **) o.multi;
    rc = cli_call(c, "user.create", &rq.base, &res);
    if (rc == 0) {
        cli_print(c, res.reply, NULL, user_cols, NCOLS(user_cols));
        if (generated)
            fprintf(c->json ? stderr : stdout, "初始密码（请当面交给本人，首次登录须修改）：%s\n", pw);
    }
    memset(pw, 0, sizeof(pw));
    rpc_result_free(&res);
    return rc;
}

static int
cmd_user_update(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei user update 编号 [--name 姓名] [--mobile 手机号] "
                               "[--office 网点编号] [--disable|--enable]";
    Rongpei__UserUpdateRequest rq = RONGPEI__USER_UPDATE_REQUEST__INIT;
    long long id;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "name=,mobile=,office=,disable,enable", usage)) != 0 ||
        (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.id = id;
    rq.display_name = S(opt_str(&o, "name"));
    rq.mobile = S(opt_str(&o, "mobile"));
    rq.office_id = opt_int(&o, "office", &ok);
    if (!ok)
        return EX_USAGE_;
    rq.disable = opt_flag(&o, "disable");
    rq.enable = opt_flag(&o, "enable");
    return cli_run(c, "user.update", &rq.base, NULL, user_cols, NCOLS(user_cols));
}

static int
user_role(cli *c, int argc, char **argv, const char *name)
{
    const char *usage = strcmp(name, "user.grant") == 0 ? "rongpei user grant 用户编号 角色"
                                                          : "rongpei user revoke 用户编号 角色";
    Rongpei__RoleRequest rq = RONGPEI__ROLE_REQUEST__INIT;
    char *end;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "", usage)) != 0)
        return rc;
    if (o.npos != 2 || (rq.user_id = strtoll(o.pos[0], &end, 10)) <= 0 || *end != '\0') {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    rq.role = (char *) o.pos[1];
    return cli_run(c, name, &rq.base, NULL, user_cols, NCOLS(user_cols));
}

static int cmd_user_grant(cli *c, int argc, char **argv) { return user_role(c, argc, argv, "user.grant"); }
static int cmd_user_revoke(cli *c, int argc, char **argv) { return user_role(c, argc, argv, "user.revoke"); }

static int
cmd_user_reset(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei user reset-password 用户编号 [--password-stdin]";
    Rongpei__PasswordResetRequest rq = RONGPEI__PASSWORD_RESET_REQUEST__INIT;
    char pw[256];
    int generated;
    long long id;
    rpc_result res;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "password-stdin", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    if ((rc = password_arg(&o, pw, sizeof(pw), &generated)) != 0)
        return rc;
    rq.user_id = id;
    rq.password = pw;
    rc = cli_call(c, "user.reset_password", &rq.base, &res);
    if (rc == 0) {
        cli_print(c, res.reply, NULL, user_cols, NCOLS(user_cols));
        if (generated)
            fprintf(c->json ? stderr : stdout, "临时密码（下次登录须修改）：%s\n", pw);
    }
    memset(pw, 0, sizeof(pw));
    rpc_result_free(&res);
    return rc;
}

static int
cmd_user_reveal(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei user reveal 用户编号（查看完整手机号，操作留痕）";
    static const col cols[] = {{"user_id", "用户编号"}, {"mobile", "手机号"}};

    return cli_run_id(c, argc, argv, usage, "user.reveal", NULL, cols, NCOLS(cols));
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

static int
cmd_cert_issue(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei cert issue --org 机构编号 --out 目录 [--days 天数]";
    Rongpei__CertIssueRequest rq = RONGPEI__CERT_ISSUE_REQUEST__INIT;
    char *key = NULL, *csr = NULL;
    char path[1024];
    int ok = 1;
    rpc_result res;
    const char *dir;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "org=,out=,days=", usage)) != 0)
        return rc;
    rq.org_id = opt_int(&o, "org", &ok);
    rq.days = (int32_t) opt_int(&o, "days", &ok);
    dir = opt_str(&o, "out");
    if (!ok || rq.org_id <= 0 || dir == NULL) {
        fprintf(stderr, "rongpei: 缺少 --org 或 --out\n用法：%s\n", usage);
        return EX_USAGE_;
    }
    mkdir(dir, 0700);
    snprintf(path, sizeof(path), "%s/org-%lld.key", dir, (long long) rq.org_id);
    if (access(path, F_OK) == 0) {
        fprintf(stderr, "rongpei: %s 已存在；请换一个目录，以免覆盖已交付的私钥\n", path);
        return EX_CONFLICT;
    }
    if (make_key_and_csr(&key, &csr) != 0) {
        fprintf(stderr, "rongpei: 生成密钥失败\n");
        return EX_FAIL;
    }
    rq.csr_pem = csr;
    rc = cli_call(c, "cert.issue", &rq.base, &res);
    if (rc == 0) {
        Rongpei__CertIssueReply *r = (Rongpei__CertIssueReply *) res.reply;
        char cpath[1024], capath[1024];

        snprintf(cpath, sizeof(cpath), "%s/org-%lld.crt", dir, (long long) rq.org_id);
        snprintf(capath, sizeof(capath), "%s/ca.crt", dir);
        if (write_file(path, key, 0600) != 0 || write_file(cpath, r->certificate_pem, 0644) != 0) {
            rc = EX_FAIL;
        } else {
            if (access(capath, F_OK) != 0)
                (void) write_file(capath, r->ca_pem, 0644);
            if (c->json) {
                cli_print(c, &r->certificate->base, NULL, NULL, 0);
            } else {
                table_print_record(stdout, &r->certificate->base, cert_cols, NCOLS(cert_cols));
                printf("私钥：%s（仅交给该机构，勿外传）\n证书：%s\nCA：%s\n", path, cpath, capath);
            }
        }
    }
    rpc_result_free(&res);
    free(key);
    free(csr);
    return rc;
}

static int
cmd_cert_list(cli *c, int argc, char **argv)
{
    Rongpei__CertListRequest rq = RONGPEI__CERT_LIST_REQUEST__INIT;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "org=,all", "rongpei cert list [--org 机构编号] [--all]")) != 0)
        return rc;
    rq.org_id = opt_int(&o, "org", &ok);
    if (!ok)
        return EX_USAGE_;
    rq.include_revoked = opt_flag(&o, "all");
    return cli_run(c, "cert.list", &rq.base, "certificates", cert_cols, NCOLS(cert_cols));
}

static int
cmd_cert_revoke(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei cert revoke 指纹 --reason 原因";
    Rongpei__CertRevokeRequest rq = RONGPEI__CERT_REVOKE_REQUEST__INIT;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "reason=", usage)) != 0)
        return rc;
    if (o.npos != 1) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    rq.fingerprint = (char *) o.pos[0];
    rq.reason = S(opt_str(&o, "reason"));
    return cli_run(c, "cert.revoke", &rq.base, NULL, cert_cols, NCOLS(cert_cols));
}

/* ------------------------------------------------------------------ audit, reference */

static int
cmd_audit_list(cli *c, int argc, char **argv)
{
    Rongpei__AuditListRequest rq = RONGPEI__AUDIT_LIST_REQUEST__INIT;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "since=,until=,method=,user=,limit=",
                    "rongpei audit list [--since 日期] [--until 日期] [--method 方法] [--user 用户编号] "
                    "[--limit 条数]")) != 0)
        return rc;
    rq.since = S(opt_str(&o, "since"));
    rq.until = S(opt_str(&o, "until"));
    rq.method = S(opt_str(&o, "method"));
    rq.user_id = opt_int(&o, "user", &ok);
    rq.limit = (int32_t) opt_int(&o, "limit", &ok);
    if (!ok)
        return EX_USAGE_;
    return cli_run(c, "audit.list", &rq.base, "records", audit_cols, NCOLS(audit_cols));
}

static int
cmd_divisions(cli *c, int argc, char **argv)
{
    Rongpei__DivisionListRequest rq = RONGPEI__DIVISION_LIST_REQUEST__INIT;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "parent=", "rongpei divisions [--parent 上级代码]")) != 0)
        return rc;
    rq.parent_code = S(opt_str(&o, "parent"));
    return cli_run(c, "ref.divisions", &rq.base, "divisions", division_cols, NCOLS(division_cols));
}

static int
cmd_methods(cli *c, int argc, char **argv)
{
    Rongpei__Empty rq = RONGPEI__EMPTY__INIT;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "", "rongpei methods")) != 0)
        return rc;
    return cli_run(c, "meta.methods", &rq.base, "methods", method_cols, NCOLS(method_cols));
}

/* For scripts and tests: any method, body as JSON; prints the reply as JSON. */
static int
cmd_call(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei call 方法 ['{\"字段\": 值}']";
    const method *m;
    ProtobufCMessage *body = NULL;
    json_t *j;
    json_error_t jerr;
    char err[256];
    arena a;
    rpc_result res;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "", usage)) != 0)
        return rc;
    if (o.npos < 1 || o.npos > 2) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    m = method_find(o.pos[0]);
    if (m == NULL) {
        fprintf(stderr, "rongpei: 未知方法 %s（rongpei methods 列出全部方法）\n", o.pos[0]);
        return EX_USAGE_;
    }
    j = json_loads(o.npos == 2 ? o.pos[1] : "{}", 0, &jerr);
    if (j == NULL) {
        fprintf(stderr, "rongpei: 请求不是有效的 JSON：%s\n", jerr.text);
        return EX_USAGE_;
    }
    arena_init(&a, 0);
    rc = pbjson_to_msg(m->request, j, &a, &body, err, sizeof(err));
    json_decref(j);
    if (rc != 0) {
        fprintf(stderr, "rongpei: %s\n", err);
        arena_reset(&a);
        return EX_USAGE_;
    }
    c->json = 1;
    rc = cli_call(c, m->name, body, &res);
    if (rc == 0)
        cli_print(c, res.reply, NULL, NULL, 0);
    if (rc == 0 && m->flow == FLOW_LOGIN)
        cli_session_save(c, ((Rongpei__LoginReply *) res.reply)->session);
    rpc_result_free(&res);
    arena_reset(&a);
    return rc;
}

/* ------------------------------------------------------------------ advisor intake */

/*
 * Split "名称:数字" (the last colon separates): the name's length in
 * *namelen and the non-negative number in *n.  Returns 0, or -1 when v is
 * not of that form.
 */
static int
parse_pair(const char *v, size_t *namelen, long *n)
{
    const char *colon = strrchr(v, ':');
    char *end;

    if (colon == NULL || colon == v || colon[1] == '\0')
        return -1;
    *n = strtol(colon + 1, &end, 10);
    if (*n < 0 || *end != '\0')
        return -1;
    *namelen = (size_t) (colon - v);
    return 0;
}

/* Print a round: the round itself, then its quotas. */
static int
print_round(cli *c, const char *name, const ProtobufCMessage *body)
{
    rpc_result res;
    int rc = cli_call(c, name, body, &res);

    if (rc == 0) {
        if (c->json) {
            cli_print(c, res.reply, NULL, NULL, 0);
        } else {
            Rongpei__Round *r = (Rongpei__Round *) res.reply;
            size_t i;

            table_print_record(stdout, res.reply, round_cols, NCOLS(round_cols));
            printf("评审标准    ");
            for (i = 0; i < r->n_criteria; i++)
                printf("%s%s %d%%", i ? "、" : "", r->criteria[i]->name, r->criteria[i]->weight);
            printf("\n\n");
            table_print(stdout, (ProtobufCMessage *const *) r->quotas, r->n_quotas, quota_cols,
                        NCOLS(quota_cols));
        }
    }
    rpc_result_free(&res);
    return rc;
}

static int
cmd_round_open(cli *c, int argc, char **argv)
{
    static const char *usage =
        "rongpei round open --year 年度 --title 名称 --target 目标人数 --deadline yyyy-mm-dd "
        "--criterion 名称:权重... [--quota 机构编号:名额...] [--prefecture]";
    Rongpei__RoundOpenRequest rq = RONGPEI__ROUND_OPEN_REQUEST__INIT;
    Rongpei__Criterion crit[16], *critp[16];
    Rongpei__Quota quota[16], *quotap[16];
    int ok = 1, i;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "year=,title=,target=,deadline=,criterion=*,quota=*,prefecture", usage)) != 0)
        return rc;
    rq.year = (int32_t) opt_int(&o, "year", &ok);
    rq.target = (int32_t) opt_int(&o, "target", &ok);
    if (!ok || !rq.year || !rq.target || !opt_str(&o, "title") || !opt_str(&o, "deadline")) {
        fprintf(stderr, "rongpei: 缺少 --year、--title、--target 或 --deadline\n用法：%s\n", usage);
        return EX_USAGE_;
    }
    rq.tier = opt_flag(&o, "prefecture") ? "prefecture" : "province";
    rq.title = S(opt_str(&o, "title"));
    rq.deadline = S(opt_str(&o, "deadline"));
    for (i = 0; i < o.n; i++) {
        const char *v = o.values[i];
        int is_quota = strcmp(o.names[i], "quota") == 0;
        size_t len;
        char *end;
        long n;

        if (!is_quota && strcmp(o.names[i], "criterion") != 0)
            continue;
        if (parse_pair(v, &len, &n) != 0 || rq.n_quotas >= 16 || rq.n_criteria >= 16 ||
            (is_quota && (strtoll(v, &end, 10) <= 0 || end != v + len))) {
            fprintf(stderr, "rongpei: “%s”应写作 %s\n", v, is_quota ? "机构编号:名额" : "名称:权重");
            rc = EX_USAGE_;
            goto out;
        }
        if (is_quota) {
            rongpei__quota__init(&quota[rq.n_quotas]);
            quota[rq.n_quotas].org_id = strtoll(v, NULL, 10);
            quota[rq.n_quotas].quota = (int32_t) n;
            quotap[rq.n_quotas] = &quota[rq.n_quotas];
            rq.n_quotas++;
        } else {
            rongpei__criterion__init(&crit[rq.n_criteria]);
            crit[rq.n_criteria].name = strndup(v, len);
            crit[rq.n_criteria].weight = (int32_t) n;
            critp[rq.n_criteria] = &crit[rq.n_criteria];
            rq.n_criteria++;
        }
    }
    rq.criteria = critp;
    rq.quotas = quotap;
    rc = print_round(c, "round.open", &rq.base);
out:
    for (i = 0; i < (int) rq.n_criteria; i++)
        free(crit[i].name);
    return rc;
}

static int
cmd_round_list(cli *c, int argc, char **argv)
{
    Rongpei__RoundListRequest rq = RONGPEI__ROUND_LIST_REQUEST__INIT;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "year=", "rongpei round list [--year 年度]")) != 0)
        return rc;
    rq.year = (int32_t) opt_int(&o, "year", &ok);
    if (!ok)
        return EX_USAGE_;
    return cli_run(c, "round.list", &rq.base, "rounds", round_cols, NCOLS(round_cols));
}

static int
cmd_round_quota(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei round quota 轮次编号 --org 机构编号 --quota 名额";
    Rongpei__QuotaSetRequest rq = RONGPEI__QUOTA_SET_REQUEST__INIT;
    long long id;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "org=,quota=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.round_id = id;
    rq.org_id = opt_int(&o, "org", &ok);
    rq.quota = (int32_t) opt_int(&o, "quota", &ok);
    if (!ok || rq.org_id <= 0 || !opt_str(&o, "quota")) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    return print_round(c, "round.quota", &rq.base);
}

/* nominate (a new draft) and nomination update (a correction) take the same options */
static int
nominate(cli *c, int argc, char **argv, int update)
{
    const char *usage = update
        ? "rongpei nomination update 提名编号 --name 姓名 --gender 男|女 --id-number 身份证号 ...（同 advisor nominate，须给出全部内容）"
        : "rongpei advisor nominate --round 轮次|--replaces 更换报告编号 --name 姓名 --gender 男|女 --id-number 身份证号 "
          "[--mobile 手机号] [--office 网点] [--position 职务] [--title 职称] [--years 年限] "
          "[--qualification 资格] --specialism 领域... [--section 门类...] --prefecture 市州代码... "
          "--declaration-signed --notice-version 版本";
    Rongpei__NominationDraftRequest rq = RONGPEI__NOMINATION_DRAFT_REQUEST__INIT;
    const char *spec[10], *sect[20], *pref[8];
    long long id = 0;
    int ok = 1, i;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv,
                    "round=,name=,gender=,id-number=,mobile=,office=,position=,title=,years=,"
                    "qualification=,specialism=*,section=*,prefecture=*,declaration-signed,notice-version=,"
                    "replaces=",
                    usage)) != 0)
        return rc;
    if (update && (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.id = id;
    rq.round_id = opt_int(&o, "round", &ok);
    rq.replacement_id = opt_int(&o, "replaces", &ok);
    rq.office_id = opt_int(&o, "office", &ok);
    rq.years = (int32_t) opt_int(&o, "years", &ok);
    if (!ok || (!update && rq.round_id <= 0 && rq.replacement_id <= 0) || !opt_str(&o, "name") ||
        !opt_str(&o, "id-number")) {
        fprintf(stderr, "rongpei: 缺少 %s--name 或 --id-number\n用法：%s\n", update ? "" : "--round、", usage);
        return EX_USAGE_;
    }
    rq.name = S(opt_str(&o, "name"));
    rq.gender = S(opt_str(&o, "gender"));
    rq.id_number = S(opt_str(&o, "id-number"));
    rq.mobile = S(opt_str(&o, "mobile"));
    rq.position = S(opt_str(&o, "position"));
    rq.title = S(opt_str(&o, "title"));
    rq.qualifications = S(opt_str(&o, "qualification"));
    rq.declaration_signed = opt_flag(&o, "declaration-signed");
    rq.notice_version = S(opt_str(&o, "notice-version"));
    for (i = 0; i < o.n; i++) {
        if (strcmp(o.names[i], "specialism") == 0 && rq.n_specialisms < 10)
            spec[rq.n_specialisms++] = o.values[i];
        else if (strcmp(o.names[i], "section") == 0 && rq.n_sections < 20)
            sect[rq.n_sections++] = o.values[i];
        else if (strcmp(o.names[i], "prefecture") == 0 && rq.n_prefectures < 8)
            pref[rq.n_prefectures++] = o.values[i];
    }
    rq.specialisms = (char **) spec;
    rq.sections = (char **) sect;
    rq.prefectures = (char **) pref;
    return cli_run(c, update ? "nomination.update" : "nomination.draft", &rq.base, NULL, nomination_cols,
               NCOLS(nomination_cols));
}

static int
cmd_advisor_nominate(cli *c, int argc, char **argv)
{
    return nominate(c, argc, argv, 0);
}

static int
cmd_nomination_update(cli *c, int argc, char **argv)
{
    return nominate(c, argc, argv, 1);
}

enum import_col { IC_NAME, IC_GENDER, IC_ID, IC_MOBILE, IC_OFFICE, IC_POSITION, IC_TITLE, IC_YEARS,
                  IC_QUAL, IC_SPEC, IC_SECTION, IC_PREF, IC_DECL, IC_NOTICE, IC_COUNT };

static const char *const import_headers[IC_COUNT] = {
    "姓名", "性别", "身份证号", "手机号", "网点", "职务", "职称", "从业年限", "专业资格",
    "专业领域", "熟悉行业", "可服务市州", "已签署声明", "告知书版本",
};

static int
cmd_advisor_import(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei advisor import --round 轮次 --file 文件.csv|文件.xlsx";
    Rongpei__NominationImportRequest rq = RONGPEI__NOMINATION_IMPORT_REQUEST__INIT;
    Rongpei__NominationDraftRequest *rows = NULL, **rowp = NULL;
    char *values = NULL;    /* pointer slots for the multi-value cells */
    int at[IC_COUNT];
    csv_table t;
    char err[512];
    rpc_result res;
    size_t i;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "round=,file=", usage)) != 0)
        return rc;
    rq.round_id = opt_int(&o, "round", &ok);
    if (!ok || rq.round_id <= 0 || opt_str(&o, "file") == NULL) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    if (table_file_open(opt_str(&o, "file"), &t, import_headers, IC_COUNT, at, err, sizeof(err)) != 0) {
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
        r->round_id = rq.round_id;
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
    rq.rows = rowp;
    rq.n_rows = t.n - 1;
    rc = cli_call(c, "nomination.import", &rq.base, &res);
    if (rc == 0) {
        Rongpei__NominationImportReply *r = (Rongpei__NominationImportReply *) res.reply;

        if (c->json)
            cli_print(c, res.reply, NULL, NULL, 0);
        else
            printf("已从 %s（%s）导入 %d 条提名草稿\n", opt_str(&o, "file"), t.encoding, r->imported);
    }
    rpc_result_free(&res);
out:
    free(rows);
    free(rowp);
    free(values);
    csv_free(&t);
    return rc;
}

static int
cmd_nomination_reveal(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei nomination reveal 提名编号（查看完整身份证号和手机号，操作留痕）";
    static const col cols[] = {{"nomination_id", "提名编号"}, {"name", "姓名"}, {"id_number", "身份证号"},
                               {"mobile", "手机号"}};
    Rongpei__IdRequest rq = RONGPEI__ID_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.id = id;
    return cli_run(c, "nomination.reveal", &rq.base, NULL, cols, NCOLS(cols));
}

static int
cmd_nomination_list(cli *c, int argc, char **argv)
{
    Rongpei__NominationListRequest rq = RONGPEI__NOMINATION_LIST_REQUEST__INIT;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "round=,status=",
                    "rongpei nomination list [--round 轮次] [--status draft|returned|submitted]")) != 0)
        return rc;
    rq.round_id = opt_int(&o, "round", &ok);
    if (!ok)
        return EX_USAGE_;
    rq.status = S(opt_str(&o, "status"));
    return cli_run(c, "nomination.list", &rq.base, "nominations", nomination_cols, NCOLS(nomination_cols));
}

/* "命令 编号 [--reason 理由]": the shape of every action on one object. */
static int
object_action(cli *c, int argc, char **argv, const char *name, const char *usage,
              const col *cols, size_t ncols)
{
    Rongpei__ActionRequest rq = RONGPEI__ACTION_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "reason=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.id = id;
    rq.reason = S(opt_str(&o, "reason"));
    return cli_run(c, name, &rq.base, NULL, cols, ncols);
}

static int
nomination_action(cli *c, int argc, char **argv, const char *name, const char *usage)
{
    return object_action(c, argc, argv, name, usage, nomination_cols, NCOLS(nomination_cols));
}

static int
cmd_nomination_return(cli *c, int argc, char **argv)
{
    return nomination_action(c, argc, argv, "nomination.return", "rongpei nomination return 编号 --reason 原因");
}

static int
cmd_nomination_submit(cli *c, int argc, char **argv)
{
    return nomination_action(c, argc, argv, "nomination.submit", "rongpei nomination submit 编号");
}

/* ------------------------------------------------------------------ expert review */

/* Append the ids in v ("12", "12,13" or "12-20") to *ids; -1 when v is not that. */
static int
add_ids(const char *v, int64_t **ids, size_t *n, size_t *cap)
{
    while (*v) {
        char *end;
        long long a = strtoll(v, &end, 10), b = a, k;

        if (end == v || a <= 0)
            return -1;
        if (*end == '-') {
            const char *s = end + 1;

            b = strtoll(s, &end, 10);
            if (end == s || b < a || b - a > 100000)
                return -1;
        }
        if (*end != '\0' && *end != ',')
            return -1;
        for (k = a; k <= b; k++) {
            if (*n == *cap) {
                size_t nc = *cap ? *cap * 2 : 64;
                int64_t *p = realloc(*ids, nc * sizeof(int64_t));

                if (p == NULL)
                    return -1;
                *ids = p;
                *cap = nc;
            }
            (*ids)[(*n)++] = k;
        }
        v = *end ? end + 1 : end;
    }
    return 0;
}

static int
cmd_review_assign(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei review assign 轮次编号 --reviewer 用户编号 "
                               "--nomination 提名编号[,编号|起-止]...|--all";
    Rongpei__ReviewAssignRequest rq = RONGPEI__REVIEW_ASSIGN_REQUEST__INIT;
    static const col cols[] = {{"nomination_id", "提名编号"}, {"reason", "回避原因"}};
    int64_t *ids = NULL;
    size_t n = 0, cap = 0, k;
    long long id;
    rpc_result res;
    int ok = 1, i;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "reviewer=,nomination=*,all", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.round_id = id;
    rq.reviewer_id = opt_int(&o, "reviewer", &ok);
    for (i = 0; i < o.nmulti; i++)
        if (add_ids(o.multi[i], &ids, &n, &cap) != 0) {
            fprintf(stderr, "rongpei: --nomination 应为提名编号，如 12、12,13 或 12-20，而不是“%s”\n", o.multi[i]);
            free(ids);
            return EX_USAGE_;
        }
    if (opt_flag(&o, "all")) {
        /* every candidate submitted to the round */
        Rongpei__NominationListRequest lq = RONGPEI__NOMINATION_LIST_REQUEST__INIT;
        Rongpei__NominationListReply *lr;

        lq.round_id = id;
        lq.status = "submitted";
        if ((rc = cli_call(c, "nomination.list", &lq.base, &res)) != 0) {
            rpc_result_free(&res);
            free(ids);
            return rc;
        }
        lr = (Rongpei__NominationListReply *) res.reply;
        for (k = 0; k < lr->n_nominations; k++) {
            char one[32];

            snprintf(one, sizeof(one), "%lld", (long long) lr->nominations[k]->id);
            add_ids(one, &ids, &n, &cap);
        }
        rpc_result_free(&res);
    }
    if (!ok || rq.reviewer_id <= 0 || n == 0) {
        fprintf(stderr, "用法：%s\n", usage);
        free(ids);
        return EX_USAGE_;
    }
    rq.nomination_ids = ids;
    rq.n_nomination_ids = n;
    rc = cli_call(c, "review.assign", &rq.base, &res);
    if (rc == 0) {
        Rongpei__ReviewAssignReply *r = (Rongpei__ReviewAssignReply *) res.reply;

        if (c->json) {
            cli_print(c, res.reply, NULL, NULL, 0);
        } else {
            printf("已分配 %d 名候选人\n", r->assigned);
            if (r->n_recused > 0)
                table_print(stdout, (ProtobufCMessage *const *) r->recused, r->n_recused, cols, NCOLS(cols));
        }
    }
    rpc_result_free(&res);
    free(ids);
    return rc;
}

static int
cmd_review_queue(cli *c, int argc, char **argv)
{
    Rongpei__ReviewQueueRequest rq = RONGPEI__REVIEW_QUEUE_REQUEST__INIT;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "round=", "rongpei review queue [--round 轮次]")) != 0)
        return rc;
    rq.round_id = opt_int(&o, "round", &ok);
    if (!ok)
        return EX_USAGE_;
    return cli_run(c, "review.queue", &rq.base, "items", queue_cols, NCOLS(queue_cols));
}

static int
cmd_review_score(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei review score 提名编号 --score 标准:分数... [--comment 意见]";
    Rongpei__ReviewScoreRequest rq = RONGPEI__REVIEW_SCORE_REQUEST__INIT;
    Rongpei__Score sc[16], *scp[16];
    Rongpei__Ack *ack;
    rpc_result res;
    long long id;
    int i;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "score=*,comment=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.nomination_id = id;
    rq.comment = S(opt_str(&o, "comment"));
    for (i = 0; i < o.n; i++) {
        const char *v = o.values[i];
        size_t len;
        long n;

        if (strcmp(o.names[i], "score") != 0)
            continue;
        if (parse_pair(v, &len, &n) != 0 || rq.n_scores >= 16) {
            fprintf(stderr, "rongpei: “%s”应写作 标准:分数\n", v);
            rc = EX_USAGE_;
            goto out;
        }
        rongpei__score__init(&sc[rq.n_scores]);
        sc[rq.n_scores].criterion = strndup(v, len);
        sc[rq.n_scores].score = (int32_t) n;
        scp[rq.n_scores] = &sc[rq.n_scores];
        rq.n_scores++;
    }
    rq.scores = scp;
    rc = cli_call(c, "review.score", &rq.base, &res);
    if (rc == 0) {
        ack = (Rongpei__Ack *) res.reply;
        if (c->json)
            cli_print(c, res.reply, NULL, NULL, 0);
        else
            printf("已保存对提名 %lld 的评分\n", (long long) ack->id);
    }
    rpc_result_free(&res);
out:
    for (i = 0; i < (int) rq.n_scores; i++)
        free(sc[i].criterion);
    return rc;
}

static int
cmd_review_conflict(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei review conflict 提名编号 --reason 情况说明";
    Rongpei__ConflictRequest rq = RONGPEI__CONFLICT_REQUEST__INIT;
    rpc_result res;
    long long id;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "reason=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.nomination_id = id;
    rq.reason = S(opt_str(&o, "reason"));
    rc = cli_call(c, "review.conflict", &rq.base, &res);
    if (rc == 0 && !c->json)
        printf("已申报利益冲突，提名 %lld 不再由您评审\n", id);
    rpc_result_free(&res);
    return rc;
}

static int
cmd_review_results(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei review results 轮次编号";
    Rongpei__ReviewResultsRequest rq = RONGPEI__REVIEW_RESULTS_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.round_id = id;
    return cli_run(c, "review.results", &rq.base, "rows", result_cols, NCOLS(result_cols));
}

static int
cmd_decision_propose(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei decision propose 提名编号 --decision appoint|reject|waitlist --reason 理由";
    Rongpei__DecisionRequest rq = RONGPEI__DECISION_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "decision=,reason=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.nomination_id = id;
    rq.decision = S(opt_str(&o, "decision"));
    rq.reason = S(opt_str(&o, "reason"));
    return cli_run(c, "decision.propose", &rq.base, NULL, result_cols, NCOLS(result_cols));
}

static int
cmd_decision_confirm(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei decision confirm 提名编号";

    return cli_run_id(c, argc, argv, usage, "decision.confirm", NULL, result_cols, NCOLS(result_cols));
}

/* ------------------------------------------------------------------ advisors and certificates */

static int
cmd_advisor_list(cli *c, int argc, char **argv)
{
    Rongpei__AdvisorListRequest rq = RONGPEI__ADVISOR_LIST_REQUEST__INIT;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "ending-within=,status=",
                    "rongpei advisor list [--ending-within 天数] [--status active|suspended|ended]")) != 0)
        return rc;
    rq.ending_within_days = (int32_t) opt_int(&o, "ending-within", &ok);
    if (!ok)
        return EX_USAGE_;
    rq.status = S(opt_str(&o, "status"));
    return cli_run(c, "advisor.list", &rq.base, "advisors", advisor_cols, NCOLS(advisor_cols));
}

static int
advisor_action(cli *c, int argc, char **argv, const char *name, const char *usage)
{
    return object_action(c, argc, argv, name, usage, advisor_cols, NCOLS(advisor_cols));
}

static int
cmd_advisor_extend(cli *c, int argc, char **argv)
{
    return advisor_action(c, argc, argv, "advisor.extend", "rongpei advisor extend 编号 --reason 理由");
}

static int
cmd_advisor_suspend(cli *c, int argc, char **argv)
{
    return advisor_action(c, argc, argv, "advisor.suspend", "rongpei advisor suspend 编号 --reason 理由");
}

static int
cmd_advisor_end(cli *c, int argc, char **argv)
{
    return advisor_action(c, argc, argv, "advisor.end", "rongpei advisor end 编号 --reason 理由");
}

static int
cmd_advisor_history(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei advisor history 顾问编号";
    Rongpei__IdRequest rq = RONGPEI__ID_REQUEST__INIT;
    rpc_result res;
    long long id;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.id = id;
    if ((rc = cli_call(c, "advisor.history", &rq.base, &res)) == 0) {
        Rongpei__AdvisorHistory *h = (Rongpei__AdvisorHistory *) res.reply;

        if (c->json) {
            cli_print(c, res.reply, NULL, NULL, 0);
        } else {
            cli_print(c, &h->advisor->base, NULL, advisor_cols, NCOLS(advisor_cols));
            if (h->predecessor_id)
                printf("\n接替：%s（顾问编号 %lld）\n", h->predecessor_name, (long long) h->predecessor_id);
            printf("\n聘期与聘书：\n");
            cli_print(c, res.reply, "terms", term_cols, NCOLS(term_cols));
            if (h->n_replacements) {
                printf("\n更换记录：\n");
                cli_print(c, res.reply, "replacements", replacement_cols, NCOLS(replacement_cols));
            }
        }
    }
    rpc_result_free(&res);
    return rc;
}

static int
cmd_advisor_link(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei advisor link 顾问编号 --user 用户编号（0 表示取消关联）";
    Rongpei__AdvisorLinkRequest rq = RONGPEI__ADVISOR_LINK_REQUEST__INIT;
    long long id;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "user=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.id = id;
    rq.user_id = opt_int(&o, "user", &ok);
    if (!ok || opt_str(&o, "user") == NULL) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    return cli_run(c, "advisor.link", &rq.base, NULL, advisor_cols, NCOLS(advisor_cols));
}

static int
cmd_advisor_report(cli *c, int argc, char **argv)
{
    static const char *usage =
        "rongpei advisor report 顾问编号 --kind moved|not_performing|other --reason 说明";
    Rongpei__ReplacementReportRequest rq = RONGPEI__REPLACEMENT_REPORT_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "kind=,reason=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    rq.advisor_id = id;
    rq.kind = S(opt_str(&o, "kind"));
    rq.reason = S(opt_str(&o, "reason"));
    return cli_run(c, "advisor.report", &rq.base, NULL, replacement_cols, NCOLS(replacement_cols));
}

static int
cmd_replacement_list(cli *c, int argc, char **argv)
{
    Rongpei__ReplacementListRequest rq = RONGPEI__REPLACEMENT_LIST_REQUEST__INIT;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "status=",
                    "rongpei replacement list [--status reported|verified|rejected|completed]")) != 0)
        return rc;
    rq.status = S(opt_str(&o, "status"));
    return cli_run(c, "replacement.list", &rq.base, "replacements", replacement_cols, NCOLS(replacement_cols));
}

static int
cmd_replacement_verify(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei replacement verify 报告编号 --accept|--reject --note 核实意见";
    Rongpei__ReplacementVerifyRequest rq = RONGPEI__REPLACEMENT_VERIFY_REQUEST__INIT;
    long long id;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "accept,reject,note=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    if (opt_flag(&o, "accept") == opt_flag(&o, "reject")) {
        fprintf(stderr, "rongpei: 请选择 --accept（属实）或 --reject（不属实）之一\n用法：%s\n", usage);
        return EX_USAGE_;
    }
    rq.id = id;
    rq.accept = opt_flag(&o, "accept");
    rq.note = S(opt_str(&o, "note"));
    return cli_run(c, "replacement.verify", &rq.base, NULL, replacement_cols, NCOLS(replacement_cols));
}

static int
cmd_inbox(cli *c, int argc, char **argv)
{
    Rongpei__Empty rq = RONGPEI__EMPTY__INIT;
    rpc_result res;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "", "rongpei inbox")) != 0)
        return rc;
    if ((rc = cli_call(c, "inbox.list", &rq.base, &res)) == 0) {
        Rongpei__InboxReply *r = (Rongpei__InboxReply *) res.reply;

        if (!c->json && r->n_items == 0)
            printf("没有待您处理的事项\n");
        else
            cli_print(c, res.reply, "items", inbox_cols, NCOLS(inbox_cols));
    }
    rpc_result_free(&res);
    return rc;
}

static int
cmd_certificate_verify(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei certificate verify 核验码（无需登录）";
    Rongpei__VerifyRequest rq = RONGPEI__VERIFY_REQUEST__INIT;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "", usage)) != 0)
        return rc;
    if (o.npos != 1) {
        fprintf(stderr, "用法：%s\n", usage);
        return EX_USAGE_;
    }
    rq.code = (char *) o.pos[0];
    return cli_run(c, "certificate.verify", &rq.base, NULL, verify_cols, NCOLS(verify_cols));
}

static int
cmd_certificate_pdf(cli *c, int argc, char **argv)
{
    static const char *usage = "rongpei certificate pdf 顾问编号 --out 文件.pdf";
    Rongpei__CertificateDocRequest rq = RONGPEI__CERTIFICATE_DOC_REQUEST__INIT;
    rpc_result res;
    char err[256];
    const char *out;
    long long id;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "out=", usage)) != 0 || (rc = cli_need_id(&o, usage, &id)) != 0)
        return rc;
    out = opt_str(&o, "out");
    if (out == NULL || !*out) {
        fprintf(stderr, "rongpei: 缺少 --out\n用法：%s\n", usage);
        return EX_USAGE_;
    }
    rq.advisor_id = id;
    rc = cli_call(c, "certificate.document", &rq.base, &res);
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

/* ------------------------------------------------------------------ roster */

static int
roster_files(cli *c, const char *name, const ProtobufCMessage *body, const opts *o)
{
    char when[20];
    static const col cols[] = {
        {"name", "姓名"}, {"org_name", "所在机构"}, {"specialisms", "专业领域"}, {"cert_no", "聘书编号"},
        {"term_start", "聘期起"}, {"term_end", "聘期止"},
    };
    const char *xlsx = opt_str(o, "xlsx"), *html = opt_str(o, "html");
    rpc_result res;
    char err[256];
    int rc = cli_call(c, name, body, &res);

    if (rc == 0) {
        Rongpei__Roster *r = (Rongpei__Roster *) res.reply;

        if ((xlsx && roster_write_xlsx(r, xlsx, err, sizeof(err)) != 0) ||
            (html && roster_write_html(r, html, err, sizeof(err)) != 0)) {
            fprintf(stderr, "rongpei: %s\n", err);
            rc = EX_FAIL;
        } else if (c->json) {
            cli_print(c, res.reply, NULL, NULL, 0);
        } else {
            printf("%s（第 %d 版，%s 发布于 %s）\n", r->title, r->version, r->publisher, table_time(r->published_at, when));
            table_print(stdout, (ProtobufCMessage *const *) r->rows, r->n_rows, cols, NCOLS(cols));
            if (xlsx)
                printf("已写入 %s\n", xlsx);
            if (html)
                printf("已写入 %s\n", html);
        }
    }
    rpc_result_free(&res);
    return rc;
}

static int
cmd_roster_publish(cli *c, int argc, char **argv)
{
    Rongpei__RosterPublishRequest rq = RONGPEI__ROSTER_PUBLISH_REQUEST__INIT;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "prefecture,note=,xlsx=,html=",
                    "rongpei roster publish [--prefecture] [--note 说明] [--xlsx 文件] [--html 文件]")) != 0)
        return rc;
    rq.tier = opt_flag(&o, "prefecture") ? "prefecture" : "province";
    rq.note = S(opt_str(&o, "note"));
    return roster_files(c, "roster.publish", &rq.base, &o);
}

static int
cmd_roster_show(cli *c, int argc, char **argv)
{
    Rongpei__RosterGetRequest rq = RONGPEI__ROSTER_GET_REQUEST__INIT;
    int ok = 1;
    opts o;
    int rc;

    if ((rc = parse(&o, argc, argv, "prefecture=,version=,xlsx=,html=",
                    "rongpei roster show [--prefecture 代码] [--version N] [--xlsx 文件] [--html 文件]")) != 0)
        return rc;
    rq.tier = opt_str(&o, "prefecture") ? "prefecture" : "province";
    rq.prefecture_code = S(opt_str(&o, "prefecture"));
    rq.version = (int32_t) opt_int(&o, "version", &ok);
    if (!ok)
        return EX_USAGE_;
    return roster_files(c, "roster.get", &rq.base, &o);
}

/* ------------------------------------------------------------------ table of commands */

static const command commands[] = {
    {"login", NULL, cmd_login, "rongpei login [--password-stdin]", "登录（用户名取自 RONGPEI_USER）"},
    {"logout", NULL, cmd_logout, "rongpei logout", "退出登录并销毁服务器上的会话"},
    {"whoami", NULL, cmd_whoami, "rongpei whoami", "当前用户、机构、角色和可见范围"},
    {"passwd", NULL, cmd_passwd, "rongpei passwd [--password-stdin]", "修改本人密码"},
    {"org", "list", cmd_org_list, "rongpei org list [--kind K] [--division CODE] [--all]", "列出机构"},
    {"org", "create", cmd_org_create, "rongpei org create --kind K --name N --division CODE [--type T]",
     "新建机构（市州金融办、金融及中介机构、企业）"},
    {"org", "update", cmd_org_update, "rongpei org update ID [--name N] ...", "修改机构信息"},
    {"org", "disable", cmd_org_disable, "rongpei org disable ID --reason R", "停用机构（其用户立即下线）"},
    {"org", "enable", cmd_org_enable, "rongpei org enable ID", "恢复机构"},
    {"office", "list", cmd_office_list, "rongpei office list [--org ID]", "列出网点/分支机构"},
    {"office", "create", cmd_office_create, "rongpei office create --org ID --name N [--county CODE]",
     "新建网点"},
    {"office", "update", cmd_office_update, "rongpei office update ID [--name N] [--disable|--enable]",
     "修改、停用或恢复网点"},
    {"user", "list", cmd_user_list, "rongpei user list [--org ID] [--role R] [--all]", "列出用户"},
    {"user", "create", cmd_user_create,
     "rongpei user create --org ID --username U --name N [--mobile M] [--role R]...", "新建用户"},
    {"user", "update", cmd_user_update, "rongpei user update ID [--name N] [--mobile M] [--disable|--enable]",
     "修改、停用或恢复用户"},
    {"user", "grant", cmd_user_grant, "rongpei user grant ID ROLE", "授予角色"},
    {"user", "revoke", cmd_user_revoke, "rongpei user revoke ID ROLE", "收回角色"},
    {"user", "reset-password", cmd_user_reset, "rongpei user reset-password ID", "重置密码并解除锁定"},
    {"user", "reveal", cmd_user_reveal, "rongpei user reveal ID", "查看完整手机号（留痕）"},
    {"cert", "issue", cmd_cert_issue, "rongpei cert issue --org ID --out DIR [--days N]",
     "为机构生成私钥并签发客户端证书"},
    {"cert", "list", cmd_cert_list, "rongpei cert list [--org ID] [--all]", "列出客户端证书"},
    {"cert", "revoke", cmd_cert_revoke, "rongpei cert revoke FINGERPRINT --reason R", "吊销证书（立即生效）"},
    {"audit", "list", cmd_audit_list, "rongpei audit list [--since D] [--method M] [--user ID]", "查询审计记录"},
    {"round", "open", cmd_round_open,
     "rongpei round open --year Y --title T --target N --deadline D --criterion 名称:权重... --quota 机构:名额...",
     "开启顾问提名轮次（省局；市州金融办加 --prefecture）"},
    {"round", "list", cmd_round_list, "rongpei round list [--year Y]", "提名轮次及名额使用情况"},
    {"round", "quota", cmd_round_quota, "rongpei round quota ID --org ORG --quota N", "调整机构名额"},
    {"nomination", "list", cmd_nomination_list, "rongpei nomination list [--round R] [--status S]",
     "列出提名及其状态"},
    {"nomination", "update", cmd_nomination_update, "rongpei nomination update ID --name N ...",
     "修改草稿或被退回的提名（改后回到草稿）"},
    {"nomination", "return", cmd_nomination_return, "rongpei nomination return ID --reason R",
     "退回提名草稿"},
    {"nomination", "reveal", cmd_nomination_reveal, "rongpei nomination reveal ID",
     "查看候选人完整身份证号和手机号（留痕）"},
    {"nomination", "submit", cmd_nomination_submit, "rongpei nomination submit ID",
     "在名额内报送提名"},
    {"review", "assign", cmd_review_assign,
     "rongpei review assign ROUND --reviewer UID --nomination N[,N|A-B]...|--all",
     "把候选人分配给评审专家（同机构自动回避）"},
    {"review", "queue", cmd_review_queue, "rongpei review queue [--round R]", "我的待评候选人（评审专家）"},
    {"review", "score", cmd_review_score, "rongpei review score N --score 标准:分数... [--comment C]",
     "按评审标准打分"},
    {"review", "conflict", cmd_review_conflict, "rongpei review conflict N --reason R", "申报利益冲突并回避"},
    {"review", "results", cmd_review_results, "rongpei review results ROUND",
     "各候选人得分、加权平均、离散度、排名和决定"},
    {"decision", "propose", cmd_decision_propose, "rongpei decision propose N --decision D --reason R",
     "提出聘任/不予聘任/候补决定"},
    {"decision", "confirm", cmd_decision_confirm, "rongpei decision confirm N", "确认他人提出的决定（双人复核）"},
    {"advisor", "nominate", cmd_advisor_nominate, "rongpei advisor nominate --round R --name N ...",
     "起草顾问候选人提名（网点经办人员、机构管理员）"},
    {"advisor", "import", cmd_advisor_import, "rongpei advisor import --round R --file F.csv|F.xlsx",
     "从 CSV（UTF-8 或 GB18030）或 Excel（xlsx）批量起草提名：整份导入或整份不导入"},
    {"advisor", "list", cmd_advisor_list, "rongpei advisor list [--ending-within N] [--status S]",
     "金融顾问及聘期（--ending-within 列出 N 天内到期者）"},
    {"advisor", "extend", cmd_advisor_extend, "rongpei advisor extend ID --reason R", "续聘一年，颁发新聘书"},
    {"advisor", "suspend", cmd_advisor_suspend, "rongpei advisor suspend ID --reason R", "暂停顾问服务"},
    {"advisor", "end", cmd_advisor_end, "rongpei advisor end ID --reason R", "终止聘任"},
    {"advisor", "history", cmd_advisor_history, "rongpei advisor history ID",
     "顾问的全部聘期、聘书和更换记录"},
    {"advisor", "link", cmd_advisor_link, "rongpei advisor link ID --user UID",
     "关联顾问本人的用户账户（须有金融顾问角色）"},
    {"advisor", "report", cmd_advisor_report, "rongpei advisor report ID --kind K --reason R",
     "机构报告顾问工作变动或未尽职，申请更换"},
    {"replacement", "list", cmd_replacement_list, "rongpei replacement list [--status S]",
     "顾问更换报告及办理情况"},
    {"replacement", "verify", cmd_replacement_verify,
     "rongpei replacement verify ID --accept|--reject --note N", "核实更换报告（属实则聘任终止）"},
    {"team", "export", cmd_team_export, "rongpei team export --file F.csv",
     "把本级顾问团队写成表格，供离线修改"},
    {"team", "sync", cmd_team_sync, "rongpei team sync --file F.csv [--round R]",
     "上传离线修改（先发送待发送箱），下载当前团队；断线重试不重复执行"},
    {"team", "outbox", cmd_team_outbox, "rongpei team outbox", "查看尚未送达服务器的变更"},
    {"team", "conflicts", cmd_team_conflicts, "rongpei team conflicts", "查看同步冲突（本地与服务器两边的值）"},
    {"team", "resolve", cmd_team_resolve, "rongpei team resolve 顾问编号 --mine|--theirs",
     "处理冲突：以本地修改为准重新提交，或放弃本地修改"},
    {"enterprise", "save", cmd_enterprise_save, "rongpei enterprise save --credit-code C --name N --county CODE ...",
     "登记或修改企业信息（规模自动划型，修改留痕）"},
    {"enterprise", "show", cmd_enterprise_show, "rongpei enterprise show ID", "查看企业信息"},
    {"enterprise", "history", cmd_enterprise_history, "rongpei enterprise history ID", "企业信息的修改记录"},
    {"enterprise", "consent", cmd_enterprise_consent, "rongpei enterprise consent --lender ORG...",
     "授权金融机构查看本企业信息（企业联系人）"},
    {"keylist", "open", cmd_keylist_open, "rongpei keylist open --year Y --deadline D --target 市州:数目...",
     "开启年度重点企业推荐轮次（延续上年未满两年的企业）"},
    {"keylist", "rounds", cmd_keylist_rounds, "rongpei keylist rounds [--year Y]", "推荐轮次、目标与推荐数"},
    {"keylist", "list", cmd_keylist_list, "rongpei keylist list [筛选] [--xlsx F]", "重点企业名单，可导出 xlsx"},
    {"keylist", "stats", cmd_keylist_stats, "rongpei keylist stats [筛选]", "按市州、行业、规模统计"},
    {"keylist", "diff", cmd_keylist_diff, "rongpei keylist diff --year Y", "与上一年度比较：新增、延续、退出"},
    {"recommend", "import", cmd_recommend_import, "rongpei recommend import --round R --file F.csv|F.xlsx",
     "从文件批量推荐企业（整份导入或整份不导入）"},
    {"recommend", NULL, cmd_recommend, "rongpei recommend --round R --credit-code C ...", "推荐一家本市州企业"},
    {"recommendation", "list", cmd_recommendation_list, "rongpei recommendation list [--round R] [--status S]",
     "推荐及审核情况"},
    {"recommendation", "decide", cmd_recommendation_decide,
     "rongpei recommendation decide ID --approve|--return|--reject [--reason R]", "审核推荐"},
    {"recommendation", "correct", cmd_recommendation_correct, "rongpei recommendation correct ID --credit-code C ...",
     "修改被退回的推荐后重新报送"},
    {"removal", "apply", cmd_removal_apply, "rongpei removal apply ENTRY --ground G... --account TEXT",
     "申请将企业移出名单"},
    {"removal", "decide", cmd_removal_decide, "rongpei removal decide ID --approve|--reject --reason R",
     "审核移出申请（移出后所在市州递补）"},
    {"removal", "list", cmd_removal_list, "rongpei removal list [--status S]", "移出申请及递补情况"},
    {"group", "propose", cmd_group_propose, "rongpei group propose --year Y [--prefecture] [--save]",
     "提出顾问小组分组方案并说明均衡情况；--save 按方案组建"},
    {"group", "list", cmd_group_list, "rongpei group list [--year Y]", "顾问小组、组长和成员"},
    {"group", "move", cmd_group_move, "rongpei group move ADVISOR --to GROUP --reason R", "调整顾问所在小组"},
    {"group", "leader", cmd_group_leader, "rongpei group leader GROUP --advisor A --reason R", "更换组长"},
    {"group", "history", cmd_group_history, "rongpei group history ADVISOR", "顾问所在小组的全部记录"},
    {"pairing", "propose", cmd_pairing_propose,
     "rongpei pairing propose --year Y [--weight specialism=5]... [--accept]",
     "提出总得分最高的顾问—企业结对方案（最小费用流）并说明依据；--accept 确认"},
    {"pairing", "list", cmd_pairing_list,
     "rongpei pairing list [--year Y] [--enterprise E] [--advisor A] [--history]",
     "结对及其依据（顾问看本人的、组长看本组的、企业看本企业的；--history 含已结束的）"},
    {"pairing", "change", cmd_pairing_change, "rongpei pairing change ENTERPRISE --advisor A --year Y --reason R",
     "为企业改派顾问（检查硬性约束和顾问容量）"},
    {"pairing", "add", cmd_pairing_add,
     "rongpei pairing add ENTERPRISE --advisor A --specialism S --year Y --reason R",
     "为企业增派具备所需专业的顾问（现有顾问缺该专业时）"},
    {"pairing", "succeed", cmd_pairing_succeed, "rongpei pairing succeed ADVISOR",
     "接替顾问承接被更换顾问的全部结对"},
    {"pairing", "conflict", cmd_pairing_conflict, "rongpei pairing conflict ADVISOR --enterprise E --reason R",
     "申报利益冲突（此后不会结对）"},
    {"agreement", "template", cmd_agreement_template, "rongpei agreement template [--version N] [--out F]",
     "查看服务协议模板（最新版或指定版本）"},
    {"agreement", "template-save", cmd_agreement_template_save,
     "rongpei agreement template-save --file F --title T --note N", "发布服务协议模板的新版本（省局）"},
    {"agreement", "draft", cmd_agreement_draft, "rongpei agreement draft --year Y [--enterprise E]",
     "为尚无协议的结对按最新模板起草协议"},
    {"agreement", "list", cmd_agreement_list, "rongpei agreement list [--year Y] [--status S]",
     "服务协议及状态（待签署、一方已签署、双方已签署、已备案、已退回、已终止）"},
    {"agreement", "show", cmd_agreement_show, "rongpei agreement show ID", "协议全文、SM3 摘要、签署与备案情况"},
    {"agreement", "sign", cmd_agreement_sign, "rongpei agreement sign ID [--yes]",
     "以顾问或企业联系人身份签署（核对 SM3 摘要）"},
    {"agreement", "file", cmd_agreement_file, "rongpei agreement file ID", "备案双方已签署的协议，给出备案号"},
    {"agreement", "return", cmd_agreement_return, "rongpei agreement return ID --reason R",
     "退回双方已签署的协议（须说明理由，随后重新起草）"},
    {"agreement", "end", cmd_agreement_end, "rongpei agreement end ID --reason R", "终止协议"},
    {"agreement", "renew", cmd_agreement_renew, "rongpei agreement renew ID",
     "服务期满前 60 天内续签：按最新模板起草下一期协议"},
    {"agreement", "pdf", cmd_agreement_pdf, "rongpei agreement pdf ID --out FILE.pdf",
     "生成协议 PDF（中文字体内嵌，已备案的带备案号）"},
    {"inbox", NULL, cmd_inbox, "rongpei inbox", "待我处理的事项（最新的在前）"},
    {"certificate", "verify", cmd_certificate_verify, "rongpei certificate verify CODE",
     "核验聘书真伪及是否有效（无需登录）"},
    {"certificate", "pdf", cmd_certificate_pdf, "rongpei certificate pdf ADVISOR --out FILE.pdf",
     "生成聘书 PDF（中文字体内嵌）"},
    {"roster", "publish", cmd_roster_publish, "rongpei roster publish [--prefecture] [--xlsx F] [--html F]",
     "发布在聘顾问名单（留存版本），可写出 xlsx 和网页"},
    {"roster", "show", cmd_roster_show, "rongpei roster show [--version N] [--xlsx F] [--html F]",
     "查看已发布的名单"},
    {"divisions", NULL, cmd_divisions, "rongpei divisions [--parent CODE]", "青海省行政区划代码"},
    {"methods", NULL, cmd_methods, "rongpei methods", "服务端方法及允许的角色"},
    {"call", NULL, cmd_call, "rongpei call METHOD [JSON]", "以 JSON 调用任一方法（供脚本使用）"},
};

void
cmd_usage(FILE *f)
{
    size_t i;

    fprintf(f,
            "用法：rongpei [--json] 命令 [子命令] [选项]\n"
            "\n"
            "融培——青海省民营和小微企业融资培育工程管理系统客户端。\n"
            "连接参数取自环境变量 RONGPEI_SERVER（主机:端口）、RONGPEI_CA、RONGPEI_CERT、\n"
            "RONGPEI_KEY、RONGPEI_USER；演示环境可执行 . var/demo/<账户>.env 准备。\n"
            "\n命令：\n");
    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        char name[64];

        snprintf(name, sizeof(name), "%s%s%s", commands[i].group, commands[i].name ? " " : "",
                 commands[i].name ? commands[i].name : "");
        fprintf(f, "  %-22s %s\n", name, commands[i].help);
    }
    fprintf(f,
            "\n每个命令都接受 --help。--json 输出机器可读的 JSON。\n"
            "\n退出码：\n"
            "  0  成功\n"
            "  1  其他错误（服务器内部错误等）\n"
            "  2  用法错误（命令或选项不正确）\n"
            "  3  未登录、会话已过期或登录失败\n"
            "  4  被拒绝：超出角色或所属机构的权限范围\n"
            "  5  输入无效（字段不符合规则、超过限制）\n"
            "  6  对象不存在\n"
            "  7  冲突（重复、状态已变化）\n"
            "  8  连接、TLS 或证书失败，或协议版本不兼容\n"
            "  9  服务器或数据库暂不可用，可稍后重试\n"
            " 10  须先修改密码（rongpei passwd）\n");
}

int
cmd_main(cli *c, int argc, char **argv)
{
    size_t i;
    int j;

    table_set_labels(cmd_label);
    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        const command *k = &commands[i];
        int skip;

        if (strcmp(argv[0], k->group) != 0)
            continue;
        if (k->name != NULL && (argc < 2 || strcmp(argv[1], k->name) != 0))
            continue;
        skip = k->name ? 2 : 1;
        for (j = skip; j < argc; j++)
            if (strcmp(argv[j], "--help") == 0 || strcmp(argv[j], "-h") == 0) {
                printf("用法：%s\n\n%s\n", k->usage, k->help);
                return 0;
            }
        return k->fn(c, argc - skip, argv + skip);
    }
    /* a known group without (or with an unknown) subcommand: list its subcommands */
    for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[0], commands[i].group) == 0 && commands[i].name != NULL) {
            fprintf(stderr, "rongpei %s 的子命令：\n", argv[0]);
            for (; i < sizeof(commands) / sizeof(commands[0]) &&
                   strcmp(argv[0], commands[i].group) == 0; i++)
                fprintf(stderr, "  %-16s %s\n", commands[i].name, commands[i].help);
            return (argc >= 2 && (strcmp(argv[1], "--help") == 0)) ? 0 : EX_USAGE_;
        }
    fprintf(stderr, "rongpei: 未知命令“%s”\n\n", argv[0]);
    cmd_usage(stderr);
    return EX_USAGE_;
}
