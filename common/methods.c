/*
 * methods.c - the method table (see methods.h, docs/protocol.md "Methods",
 * docs/security.md "Roles and scopes").  Roles here are the first gate; the
 * SQL function behind each method narrows to the caller's organisation.
 */
#include "methods.h"

#include <string.h>

#include "rongpei.pb-c.h"

#define D(x) &rongpei__##x##__descriptor

/* role sets, named for what they are */
#define ANYONE "{*}"
#define ORG_ADMINS "{bureau_admin,system_admin}"
#define STAFF "{bureau_admin,bureau_staff,system_admin,security_admin,prefecture_staff,institution_admin,institution_staff}"
#define USER_ADMINS "{bureau_admin,security_admin,institution_admin}"
#define OFFICE_ADMINS "{bureau_admin,system_admin,institution_admin}"
#define CERT_READERS "{bureau_admin,system_admin,security_admin,institution_admin}"
#define CERT_ADMINS "{bureau_admin,system_admin,security_admin}"
#define AUDITORS "{audit_admin,bureau_admin}"
#define ROUND_OWNERS "{bureau_admin,prefecture_staff}"
#define ROUND_READERS "{bureau_admin,bureau_staff,prefecture_staff,institution_admin,institution_staff}"
#define NOMINATORS "{institution_admin,institution_staff}"
#define INST_ADMIN "{institution_admin}"
#define REVIEWERS "{expert_reviewer}"
#define ADVISOR_READERS "{bureau_admin,bureau_staff,prefecture_staff,institution_admin,advisor}"
#define RESULT_READERS "{bureau_admin,bureau_staff,prefecture_staff}"
#define ENTERPRISE_EDITORS "{bureau_admin,prefecture_staff,enterprise_contact}"
#define ENTERPRISE_READERS "{bureau_admin,bureau_staff,prefecture_staff,enterprise_contact,institution_admin,institution_staff}"
#define LIST_READERS "{bureau_admin,bureau_staff,prefecture_staff}"
#define RECOMMENDERS "{prefecture_staff}"
#define PAIR_READERS "{bureau_admin,bureau_staff,prefecture_staff,advisor,enterprise_contact}"

const method methods[] = {
    {"session.hello", D(hello_request), D(hello_reply), M_ANON, FLOW_HELLO, "{}",
     "协商协议版本并确认客户端证书"},
    {"meta.methods", D(empty), D(method_list_reply), M_ANON, FLOW_META, "{}",
     "列出服务端支持的全部方法"},
    {"session.login", D(login_request), D(login_reply), M_ANON | M_AUDIT, FLOW_LOGIN, "{}",
     "登录"},
    {"session.logout", D(empty), D(ack), M_AUDIT | M_PWCHANGE_OK, FLOW_PLAIN, ANYONE,
     "退出登录，销毁会话"},
    {"session.whoami", D(empty), D(whoami_reply), M_PWCHANGE_OK, FLOW_PLAIN, ANYONE,
     "当前用户、机构、角色与可见范围"},
    {"session.password", D(password_change_request), D(ack),
     M_AUDIT | M_PWCHANGE_OK, FLOW_PASSWORD, ANYONE, "修改本人密码"},
    {"org.list", D(org_list_request), D(org_list_reply), 0, FLOW_PLAIN, STAFF,
     "列出可见范围内的机构"},
    {"org.create", D(org_create_request), D(organisation), M_MUTATING, FLOW_PLAIN, ORG_ADMINS,
     "新建机构"},
    {"org.update", D(org_update_request), D(organisation), M_MUTATING, FLOW_PLAIN, ORG_ADMINS,
     "修改机构信息"},
    {"org.disable", D(org_disable_request), D(organisation), M_MUTATING, FLOW_PLAIN, ORG_ADMINS,
     "停用或恢复机构"},
    {"office.list", D(office_list_request), D(office_list_reply), 0, FLOW_PLAIN, STAFF,
     "列出网点/分支机构"},
    {"office.create", D(office_create_request), D(office), M_MUTATING, FLOW_PLAIN, OFFICE_ADMINS,
     "新建网点/分支机构"},
    {"office.update", D(office_update_request), D(office), M_MUTATING, FLOW_PLAIN, OFFICE_ADMINS,
     "修改、停用或恢复网点"},
    {"user.list", D(user_list_request), D(user_list_reply), 0, FLOW_PLAIN, STAFF,
     "列出可见范围内的用户"},
    {"user.create", D(user_create_request), D(user), M_MUTATING, FLOW_PLAIN, USER_ADMINS,
     "新建用户"},
    {"user.update", D(user_update_request), D(user), M_MUTATING, FLOW_PLAIN, USER_ADMINS,
     "修改、停用或恢复用户"},
    {"user.grant", D(role_request), D(user), M_MUTATING, FLOW_PLAIN, USER_ADMINS,
     "授予角色"},
    {"user.revoke", D(role_request), D(user), M_MUTATING, FLOW_PLAIN, USER_ADMINS,
     "收回角色"},
    {"user.reset_password", D(password_reset_request), D(user), M_MUTATING, FLOW_PLAIN,
     USER_ADMINS, "重置密码（下次登录须修改）并解除锁定"},
    {"user.reveal", D(id_request), D(reveal_reply), M_AUDIT, FLOW_PLAIN, USER_ADMINS,
     "查看完整手机号（留痕）"},
    {"cert.issue", D(cert_issue_request), D(cert_issue_reply), M_MUTATING, FLOW_PLAIN,
     ORG_ADMINS, "为机构签发客户端证书"},
    {"cert.list", D(cert_list_request), D(cert_list_reply), 0, FLOW_PLAIN, CERT_READERS,
     "列出机构的客户端证书"},
    {"cert.revoke", D(cert_revoke_request), D(certificate), M_MUTATING, FLOW_PLAIN,
     CERT_ADMINS, "吊销客户端证书（立即生效）"},
    {"audit.list", D(audit_list_request), D(audit_list_reply), M_AUDIT, FLOW_PLAIN, AUDITORS,
     "查询审计记录"},
    {"ref.divisions", D(division_list_request), D(division_list_reply), 0, FLOW_PLAIN, ANYONE,
     "青海省行政区划代码"},
    {"round.open", D(round_open_request), D(round), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "开启顾问提名轮次（省级或本市州），设定评审标准与各机构名额"},
    {"round.list", D(round_list_request), D(round_list_reply), 0, FLOW_PLAIN, ROUND_READERS,
     "列出提名轮次及名额使用情况"},
    {"round.quota", D(quota_set_request), D(round), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "调整机构提名名额（轮次开放期间）"},
    {"nomination.draft", D(nomination_draft_request), D(nomination), M_MUTATING, FLOW_PLAIN,
     NOMINATORS, "网点起草顾问候选人提名"},
    {"nomination.update", D(nomination_draft_request), D(nomination), M_MUTATING, FLOW_PLAIN,
     NOMINATORS, "修改草稿或被退回的提名（改后回到草稿状态）"},
    {"nomination.import", D(nomination_import_request), D(nomination_import_reply), M_MUTATING,
     FLOW_PLAIN, NOMINATORS, "从 CSV 文件批量起草提名（整份文件全部导入或全部不导入）"},
    {"nomination.list", D(nomination_list_request), D(nomination_list_reply), 0, FLOW_PLAIN,
     ROUND_READERS, "列出可见范围内的提名"},
    {"nomination.return", D(action_request), D(nomination), M_MUTATING, FLOW_PLAIN,
     INST_ADMIN, "机构管理员退回提名草稿（须说明原因）"},
    {"nomination.submit", D(action_request), D(nomination), M_MUTATING, FLOW_PLAIN,
     INST_ADMIN, "机构管理员在名额内向省局（或市州）报送提名"},
    {"review.assign", D(review_assign_request), D(review_assign_reply), M_MUTATING, FLOW_PLAIN,
     ROUND_OWNERS, "把候选人分配给评审专家（本机构专家自动回避）"},
    {"review.queue", D(review_queue_request), D(review_queue_reply), 0, FLOW_PLAIN, REVIEWERS,
     "评审专家查看分配给自己的候选人"},
    {"review.score", D(review_score_request), D(ack), M_MUTATING, FLOW_PLAIN, REVIEWERS,
     "评审专家按各项标准打分并填写意见"},
    {"review.conflict", D(conflict_request), D(ack), M_MUTATING, FLOW_PLAIN, REVIEWERS,
     "评审专家申报利益冲突并回避"},
    {"review.results", D(review_results_request), D(review_results_reply), 0, FLOW_PLAIN,
     RESULT_READERS, "评审结果：各专家得分、加权平均、离散度、排名及决定"},
    {"decision.propose", D(decision_request), D(result_row), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "提出聘任、不予聘任或列入候补的决定（须另一人确认）"},
    {"decision.confirm", D(id_request), D(result_row), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "确认他人提出的决定（双人复核）；确认聘任即产生顾问和聘书"},
    {"advisor.list", D(advisor_list_request), D(advisor_list_reply), 0, FLOW_PLAIN, ADVISOR_READERS,
     "列出金融顾问及其聘期"},
    {"advisor.extend", D(action_request), D(advisor), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "延长聘期一年（须说明理由）"},
    {"advisor.suspend", D(action_request), D(advisor), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "暂停顾问服务"},
    {"advisor.end", D(action_request), D(advisor), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "终止聘任（聘书随之失效）"},
    {"certificate.verify", D(verify_request), D(verify_reply), M_ANON | M_AUDIT, FLOW_PLAIN, "{}",
     "核验聘书真伪（无需登录）"},
    {"roster.publish", D(roster_publish_request), D(roster), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "发布在聘金融顾问名单（每次发布留存版本）"},
    {"roster.get", D(roster_get_request), D(roster), 0, FLOW_PLAIN, ANYONE,
     "取得已发布的顾问名单（最新或指定版本）"},
    {"certificate.document", D(certificate_doc_request), D(certificate_doc), M_AUDIT, FLOW_PLAIN,
     "{bureau_admin,bureau_staff,prefecture_staff,advisor}", "取得聘书内容以生成 PDF（留痕）"},
    {"advisor.history", D(id_request), D(advisor_history), 0, FLOW_PLAIN, ADVISOR_READERS,
     "顾问的全部聘期、聘书与更换记录"},
    {"advisor.link", D(advisor_link_request), D(advisor), M_MUTATING, FLOW_PLAIN,
     "{bureau_admin,institution_admin}", "把顾问与其本人的用户账户关联（本人可查看自己的聘期和聘书）"},
    {"advisor.report", D(replacement_report_request), D(replacement), M_MUTATING, FLOW_PLAIN,
     INST_ADMIN, "机构报告本机构顾问工作变动或未尽职，申请更换"},
    {"replacement.verify", D(replacement_verify_request), D(replacement), M_MUTATING, FLOW_PLAIN,
     ROUND_OWNERS, "核实更换报告（属实则聘任终止，机构可提名接替人选）"},
    {"replacement.list", D(replacement_list_request), D(replacement_list_reply), 0, FLOW_PLAIN,
     ROUND_READERS, "列出可见范围内的顾问更换报告"},
    {"team.sync", D(team_sync_request), D(team_sync_reply), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "上传离线修改的本级顾问团队变更（每项变更只执行一次，冲突不覆盖），并下载当前团队"},
    {"nomination.reveal", D(id_request), D(reveal_reply), M_AUDIT, FLOW_PLAIN,
     "{bureau_admin,prefecture_staff,institution_admin}", "查看候选人完整身份证号和手机号（留痕）"},
    {"enterprise.save", D(enterprise), D(enterprise), M_MUTATING, FLOW_PLAIN, ENTERPRISE_EDITORS,
     "登记或修改企业信息（企业规模按 2011 年划型标准自动计算，修改留痕）"},
    {"enterprise.get", D(id_request), D(enterprise), 0, FLOW_PLAIN, ENTERPRISE_READERS,
     "查看企业信息（金融机构须经企业授权）"},
    {"enterprise.history", D(id_request), D(enterprise_history), 0, FLOW_PLAIN, "{bureau_admin,bureau_staff,prefecture_staff,enterprise_contact}",
     "企业信息的修改记录"},
    {"enterprise.consent", D(consent_request), D(enterprise), M_MUTATING, FLOW_PLAIN, "{enterprise_contact}",
     "企业授权可查看本企业信息的金融机构"},
    {"keylist.open", D(keylist_open_request), D(keylist_round), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "开启年度重点企业推荐轮次（省级按市州设定目标；市州为本级名单）"},
    {"keylist.rounds", D(keylist_rounds_request), D(keylist_rounds_reply), 0, FLOW_PLAIN, LIST_READERS,
     "推荐轮次及各市州推荐数与目标"},
    {"keylist.list", D(keylist_list_request), D(keylist_list_reply), 0, FLOW_PLAIN, ENTERPRISE_READERS,
     "重点企业名单（可按年度、层级、市州、县、行业、规模、状态筛选）"},
    {"keylist.stats", D(keylist_list_request), D(keylist_stats), 0, FLOW_PLAIN, LIST_READERS,
     "名单统计：按市州、行业、规模"},
    {"keylist.diff", D(keylist_list_request), D(keylist_diff), 0, FLOW_PLAIN, LIST_READERS,
     "与上一年度名单比较：新增、延续、退出"},
    {"recommendation.submit", D(enterprise), D(recommendation), M_MUTATING, FLOW_PLAIN, RECOMMENDERS,
     "市州金融办推荐一家本市州企业"},
    {"recommendation.import", D(recommendation_import_request), D(nomination_import_reply), M_MUTATING,
     FLOW_PLAIN, RECOMMENDERS, "从文件批量推荐企业（整份导入或整份不导入）"},
    {"recommendation.stage", D(recommendation_stage_request), D(nomination_import_reply), M_MUTATING,
     FLOW_PLAIN, RECOMMENDERS, "分批上传大文件的推荐数据（随后由 recommendation.import 一次导入）"},
    {"recommendation.list", D(recommendation_list_request), D(recommendation_list_reply), 0, FLOW_PLAIN,
     LIST_READERS, "推荐及审核情况（市州只见本市州）"},
    {"recommendation.decide", D(recommendation_decide_request), D(recommendation), M_MUTATING, FLOW_PLAIN,
     ROUND_OWNERS, "审核推荐：列入、退回修改或不予列入（须说明理由）"},
    {"recommendation.correct", D(enterprise), D(recommendation), M_MUTATING, FLOW_PLAIN, RECOMMENDERS,
     "修改被退回的推荐后重新报送"},
    {"removal.apply", D(removal_apply_request), D(removal), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "申请将企业移出名单（P12 所列情形，须说明情况）"},
    {"removal.decide", D(removal_decide_request), D(removal), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "审核移出申请；移出后由所在市州递补推荐"},
    {"removal.list", D(removal_list_request), D(removal_list_reply), 0, FLOW_PLAIN, LIST_READERS,
     "移出申请及递补情况"},
    {"group.propose", D(group_propose_request), D(group_proposal), 0, FLOW_PLAIN, ROUND_OWNERS,
     "提出顾问小组的分组方案（每组不超过 10 人，说明均衡情况）"},
    {"group.save", D(group_save_request), D(group_list_reply), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "组建本年度的顾问小组（含政策法规组）"},
    {"group.list", D(group_list_request), D(group_list_reply), 0, FLOW_PLAIN, LIST_READERS,
     "顾问小组、组长和成员"},
    {"group.move", D(group_move_request), D(group_list_reply), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "把顾问调到另一个小组（须说明理由，留存记录）"},
    {"group.leader", D(group_leader_request), D(group_list_reply), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "更换小组组长（须说明理由）"},
    {"group.history", D(id_request), D(group_history), 0, FLOW_PLAIN, ADVISOR_READERS,
     "顾问所在小组的全部记录"},
    {"pairing.inputs", D(pairing_inputs_request), D(pairing_inputs), 0, FLOW_PLAIN, ROUND_OWNERS,
     "结对所需数据：在聘顾问、在册企业和符合硬性约束的候选结对（含得分及依据）"},
    {"pairing.accept", D(pairing_accept_request), D(pairing_accept_reply), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "确认结对方案（校验全部约束，记录权重和目标值）"},
    {"pairing.list", D(pairing_list_request), D(pairing_list_reply), 0, FLOW_PLAIN, PAIR_READERS,
     "结对及其依据（顾问看本人的、组长看本组的、企业看本企业的）"},
    {"pairing.change", D(pairing_change_request), D(pair), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "为企业改派顾问（须说明理由）"},
    {"pairing.add", D(pairing_change_request), D(pair), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "为企业增派具备所需专业的顾问"},
    {"pairing.succeed", D(pairing_succeed_request), D(pairing_list_reply), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "接替顾问承接被更换顾问的结对"},
    {"pairing.conflict", D(pairing_conflict_request), D(ack), M_MUTATING, FLOW_PLAIN,
     "{bureau_admin,prefecture_staff,advisor}", "申报顾问与企业之间的利益冲突（此后不会结对）"},
    {"agreement.template", D(agreement_template_request), D(agreement_template), 0, FLOW_PLAIN, PAIR_READERS,
     "服务协议模板（最新版或指定版本）"},
    {"agreement.template_save", D(agreement_template_save_request), D(agreement_template), M_MUTATING,
     FLOW_PLAIN, "{bureau_admin}", "发布服务协议模板的新版本"},
    {"agreement.draft", D(agreement_draft_request), D(agreement_list_reply), M_MUTATING, FLOW_PLAIN,
     ROUND_OWNERS, "为尚无协议的结对起草服务协议"},
    {"agreement.list", D(agreement_list_request), D(agreement_list_reply), 0, FLOW_PLAIN, PAIR_READERS,
     "服务协议及其状态"},
    {"agreement.show", D(id_request), D(agreement), M_AUDIT, FLOW_PLAIN, PAIR_READERS,
     "服务协议全文、摘要、签署与备案情况"},
    {"agreement.sign", D(agreement_sign_request), D(agreement), M_MUTATING, FLOW_PLAIN,
     "{advisor,enterprise_contact}", "协议一方签署（提交所读文本的 SM3 摘要）"},
    {"agreement.file", D(agreement_file_request), D(agreement), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "备案（给出备案号）或退回双方已签署的协议"},
    {"agreement.end", D(agreement_end_request), D(agreement), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "终止协议（须说明理由）"},
    {"agreement.renew", D(id_request), D(agreement), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "期满前续签：按最新模板起草下一期协议"},
    {"inbox.list", D(empty), D(inbox_reply), 0, FLOW_PLAIN, ANYONE,
     "待我处理的事项，最新的在前"},
};

const int methods_count = (int) (sizeof(methods) / sizeof(methods[0]));

const method *
method_find(const char *name)
{
    int i;

    for (i = 0; i < methods_count; i++)
        if (strcmp(methods[i].name, name) == 0)
            return &methods[i];
    return NULL;
}
