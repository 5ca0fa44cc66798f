/*
 * methods.c - the method registry: the one place that names every method
 * of the protocol with its messages, flags, roles, field transforms, scope
 * and summary (see methods.h).
 *
 * Who reads it: rongpeid's gate (transforms, flows, limits), `rongpeid
 * migrate`, which writes it into core.method for api.dispatch to look
 * each call up in (the database takes no roles or flags from the caller),
 * the server at start (the registry in the database must equal this one),
 * the client (messages, idempotency keys), `meta.methods`, and
 * docs/protocol.md's method table (`rongpeid methods --markdown`).
 *
 * Roles are the first gate; the SQL function behind each method narrows
 * to the caller's organisation or tier, as the scope column says.
 */
#include "methods.h"

#include <stdio.h>
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
#define FINANCE_READERS "{bureau_admin,bureau_staff,prefecture_staff,advisor,enterprise_contact,institution_admin," \
    "institution_staff}"
#define LENDERS "{institution_admin,institution_staff}"

/*
 * One row a method:
 *   name, request, reply, flags, flow, roles,
 *   transforms ("kind:path ...", see methods.h),
 *   scope (in words, for the documentation),
 *   summary (Chinese, one line).
 */
const method methods[] = {
    {"session.hello", D(hello_request), D(hello_reply), M_ANON, FLOW_HELLO, "{}",
     "",
     "the certificate: registered, unrevoked, its organisation enabled",
     "协商协议版本并确认客户端证书"},
    {"meta.methods", D(empty), D(method_list_reply), M_ANON, FLOW_META, "{}",
     "",
     "answered by the server from its registry",
     "列出服务端支持的全部方法"},
    {"session.login", D(login_request), D(login_reply), M_ANON | M_AUDIT, FLOW_LOGIN, "{}",
     "verify:password",
     "a user of the certificate's organisation",
     "登录"},
    {"session.logout", D(empty), D(ack), M_AUDIT | M_PWCHANGE_OK, FLOW_PLAIN, ANYONE,
     "",
     "the caller's own session",
     "退出登录，销毁会话"},
    {"session.whoami", D(empty), D(whoami_reply), M_PWCHANGE_OK, FLOW_PLAIN, ANYONE,
     "",
     "the caller",
     "当前用户、机构、角色与可见范围"},
    {"session.password", D(password_change_request), D(ack), M_AUDIT | M_PWCHANGE_OK, FLOW_PASSWORD, ANYONE,
     "verify:old_password password:new_password",
     "the caller's own password",
     "修改本人密码"},
    {"org.list", D(org_list_request), D(org_list_reply), 0, FLOW_PLAIN, STAFF,
     "",
     "bureau: all; prefecture office: its prefecture; institution: itself",
     "列出可见范围内的机构"},
    {"org.create", D(org_create_request), D(organisation), M_MUTATING, FLOW_PLAIN, ORG_ADMINS,
     "credit:credit_code",
     "any organisation but the bureau",
     "新建机构"},
    {"org.update", D(org_update_request), D(organisation), M_MUTATING, FLOW_PLAIN, ORG_ADMINS,
     "credit:credit_code",
     "any organisation",
     "修改机构信息"},
    {"org.disable", D(org_disable_request), D(organisation), M_MUTATING, FLOW_PLAIN, ORG_ADMINS,
     "",
     "any organisation but the bureau",
     "停用或恢复机构"},
    {"office.list", D(office_list_request), D(office_list_reply), 0, FLOW_PLAIN, STAFF,
     "",
     "bureau: all; prefecture office: offices in its prefecture; institution: its own",
     "列出网点/分支机构"},
    {"office.create", D(office_create_request), D(office), M_MUTATING, FLOW_PLAIN, OFFICE_ADMINS,
     "",
     "bureau: any; institution_admin: its own institution",
     "新建网点/分支机构"},
    {"office.update", D(office_update_request), D(office), M_MUTATING, FLOW_PLAIN, OFFICE_ADMINS,
     "",
     "bureau: any; institution_admin: its own institution",
     "修改、停用或恢复网点"},
    {"user.list", D(user_list_request), D(user_list_reply), 0, FLOW_PLAIN, STAFF,
     "",
     "bureau: all; others: their own organisation",
     "列出可见范围内的用户"},
    {"user.create", D(user_create_request), D(user), M_MUTATING, FLOW_PLAIN, USER_ADMINS,
     "mobile:mobile password:password",
     "security_admin and bureau_admin: any; institution_admin: own institution; no role above one's own",
     "新建用户"},
    {"user.update", D(user_update_request), D(user), M_MUTATING, FLOW_PLAIN, USER_ADMINS,
     "mobile:mobile",
     "as user.create",
     "修改、停用或恢复用户"},
    {"user.grant", D(role_request), D(user), M_MUTATING, FLOW_PLAIN, USER_ADMINS,
     "",
     "as user.create; the role must fit the organisation's kind",
     "授予角色"},
    {"user.revoke", D(role_request), D(user), M_MUTATING, FLOW_PLAIN, USER_ADMINS,
     "",
     "as user.create",
     "收回角色"},
    {"user.reset_password", D(password_reset_request), D(user), M_MUTATING, FLOW_PLAIN, USER_ADMINS,
     "password:password",
     "as user.create",
     "重置密码（下次登录须修改）并解除锁定"},
    {"user.reveal", D(id_request), D(reveal_reply), M_AUDIT, FLOW_PLAIN, USER_ADMINS,
     "",
     "as user.create; every view audited",
     "查看完整手机号（留痕）"},
    {"cert.issue", D(cert_issue_request), D(cert_issue_reply), M_MUTATING, FLOW_PLAIN, ORG_ADMINS,
     "csr:csr_pem",
     "any organisation",
     "为机构签发客户端证书"},
    {"cert.list", D(cert_list_request), D(cert_list_reply), 0, FLOW_PLAIN, CERT_READERS,
     "",
     "bureau: all; institution_admin: its own",
     "列出机构的客户端证书"},
    {"cert.revoke", D(cert_revoke_request), D(certificate), M_MUTATING, FLOW_PLAIN, CERT_ADMINS,
     "",
     "any organisation's certificate",
     "吊销客户端证书（立即生效）"},
    {"audit.list", D(audit_list_request), D(audit_list_reply), M_AUDIT, FLOW_PLAIN, AUDITORS,
     "",
     "all records; every query audited",
     "查询审计记录"},
    {"ref.resolve", D(resolve_request), D(resolve_reply), 0, FLOW_PLAIN, ANYONE,
     "",
     "what the caller may see of that kind",
     "把名称（机构、用户、网点、区划、顾问、企业、轮次、小组、候选人、推荐）换成编号；重名时列出各自的编号"},
    {"ref.divisions", D(division_list_request), D(division_list_reply), 0, FLOW_PLAIN, ANYONE,
     "",
     "reference data",
     "青海省行政区划代码"},
    {"round.open", D(round_open_request), D(round), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "province tier: bureau; prefecture tier: the office of that prefecture",
     "开启顾问提名轮次（省级或本市州），设定评审标准与各机构名额"},
    {"round.list", D(round_list_request), D(round_list_reply), 0, FLOW_PLAIN, ROUND_READERS,
     "",
     "bureau: all; prefecture office: its own and the province's; institution: rounds it has a quota in",
     "列出提名轮次及名额使用情况"},
    {"round.quota", D(quota_set_request), D(round), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the round's owner, while it is open",
     "调整机构提名名额（轮次开放期间）"},
    {"nomination.draft", D(nomination_draft_request), D(nomination), M_MUTATING, FLOW_PLAIN, NOMINATORS,
     "idno:id_number mobile:mobile",
     "the caller's institution, within its quota; office staff: their own office",
     "网点起草顾问候选人提名"},
    {"nomination.update", D(nomination_draft_request), D(nomination), M_MUTATING, FLOW_PLAIN, NOMINATORS,
     "idno:id_number mobile:mobile",
     "as nomination.draft; drafts and returned ones only",
     "修改草稿或被退回的提名（改后回到草稿状态）"},
    {"nomination.import", D(nomination_import_request), D(nomination_import_reply), M_MUTATING, FLOW_PLAIN, NOMINATORS,
     "idno:rows.id_number mobile:rows.mobile",
     "as nomination.draft, for every row",
     "从 CSV 文件批量起草提名（整份文件全部导入或全部不导入）"},
    {"nomination.list", D(nomination_list_request), D(nomination_list_reply), 0, FLOW_PLAIN, ROUND_READERS,
     "",
     "institution: its own; round owner: submitted ones of its rounds",
     "列出可见范围内的提名"},
    {"nomination.return", D(action_request), D(nomination), M_MUTATING, FLOW_PLAIN, INST_ADMIN,
     "",
     "the caller's institution",
     "机构管理员退回提名草稿（须说明原因）"},
    {"nomination.submit", D(action_request), D(nomination), M_MUTATING, FLOW_PLAIN, INST_ADMIN,
     "",
     "the caller's institution, within its quota",
     "机构管理员在名额内向省局（或市州）报送提名"},
    {"review.assign", D(review_assign_request), D(review_assign_reply), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the round's owner; reviewers of the candidate's institution recused",
     "把候选人分配给评审专家（本机构专家自动回避）"},
    {"review.experts", D(review_experts_request), D(review_experts_reply), 0, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "every enabled expert reviewer (the experts a round's owner may assign)",
     "列出可分配的评审专家及其待评、已评数量"},
    {"review.queue", D(review_queue_request), D(review_queue_reply), 0, FLOW_PLAIN, REVIEWERS,
     "",
     "the reviewer's own assignments",
     "评审专家查看分配给自己的候选人"},
    {"review.score", D(review_score_request), D(ack), M_MUTATING, FLOW_PLAIN, REVIEWERS,
     "",
     "the reviewer's own assignments, not recused",
     "评审专家按各项标准打分并填写意见"},
    {"review.conflict", D(conflict_request), D(ack), M_MUTATING, FLOW_PLAIN, REVIEWERS,
     "",
     "the reviewer's own assignments",
     "评审专家申报利益冲突并回避"},
    {"review.results", D(review_results_request), D(review_results_reply), 0, FLOW_PLAIN, RESULT_READERS,
     "",
     "the round's owner and the bureau",
     "评审结果：各专家得分、加权平均、离散度、排名及决定"},
    {"decision.propose", D(decision_request), D(result_row), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the round's owner",
     "提出聘任、不予聘任或列入候补的决定（须另一人确认）"},
    {"decision.confirm", D(id_request), D(result_row), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the round's owner, another person than the proposer",
     "确认他人提出的决定（双人复核）；确认聘任即产生顾问和聘书"},
    {"advisor.list", D(advisor_list_request), D(advisor_list_reply), 0, FLOW_PLAIN, ADVISOR_READERS,
     "",
     "bureau: all; prefecture office: its team; institution: its advisors; advisor: self",
     "列出金融顾问及其聘期"},
    {"advisor.extend", D(action_request), D(advisor), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the appointing tier",
     "延长聘期一年（须说明理由）"},
    {"advisor.suspend", D(action_request), D(advisor), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the appointing tier",
     "暂停顾问服务"},
    {"advisor.end", D(action_request), D(advisor), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the appointing tier",
     "终止聘任（聘书随之失效）"},
    {"certificate.verify", D(verify_request), D(verify_reply), M_ANON | M_AUDIT, FLOW_PLAIN, "{}",
     "",
     "any verification code; no login; audited",
     "核验聘书真伪（无需登录）"},
    {"roster.publish", D(roster_publish_request), D(roster), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the tier's owner",
     "发布在聘金融顾问名单（每次发布留存版本）"},
    {"roster.get", D(roster_get_request), D(roster), 0, FLOW_PLAIN, ANYONE,
     "",
     "published rosters",
     "取得已发布的顾问名单（最新或指定版本）"},
    {"certificate.document", D(certificate_doc_request), D(certificate_doc), M_AUDIT, FLOW_PLAIN, "{bureau_admin,bureau_staff,prefecture_staff,advisor}",
     "",
     "the appointing tier, the bureau, the advisor (self); audited",
     "取得聘书内容以生成 PDF（留痕）"},
    {"advisor.history", D(id_request), D(advisor_history), 0, FLOW_PLAIN, ADVISOR_READERS,
     "",
     "as advisor.list",
     "顾问的全部聘期、聘书与更换记录"},
    {"advisor.link", D(advisor_link_request), D(advisor), M_MUTATING, FLOW_PLAIN, "{bureau_admin,institution_admin}",
     "idno:id_number",
     "bureau: any; institution_admin: its own advisors",
     "把顾问与其本人的用户账户关联（本人可查看自己的聘期和聘书）"},
    {"advisor.report", D(replacement_report_request), D(replacement), M_MUTATING, FLOW_PLAIN, INST_ADMIN,
     "",
     "the institution's own advisors",
     "机构报告本机构顾问工作变动或未尽职，申请更换"},
    {"replacement.verify", D(replacement_verify_request), D(replacement), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the appointing tier",
     "核实更换报告（属实则聘任终止，机构可提名接替人选）"},
    {"replacement.list", D(replacement_list_request), D(replacement_list_reply), 0, FLOW_PLAIN, ROUND_READERS,
     "",
     "bureau: all; prefecture office: its team; institution: its own",
     "列出可见范围内的顾问更换报告"},
    {"team.sync", D(team_sync_request), D(team_sync_reply), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "idno:changes.id_number mobile:changes.mobile",
     "bureau: the provincial team; prefecture office: its own team",
     "上传离线修改的本级顾问团队变更（每项变更只执行一次，冲突不覆盖），并下载当前团队"},
    {"nomination.reveal", D(id_request), D(reveal_reply), M_AUDIT, FLOW_PLAIN, "{bureau_admin,prefecture_staff,institution_admin}",
     "",
     "as nomination.list; every view audited",
     "查看候选人完整身份证号和手机号（留痕）"},
    {"enterprise.save", D(enterprise), D(enterprise), M_MUTATING, FLOW_PLAIN, ENTERPRISE_EDITORS,
     "credit:credit_code mobile:legal_rep_mobile mobile:contact_mobile",
     "bureau: any; prefecture office: its prefecture; enterprise contact: its own",
     "登记或修改企业信息（企业规模按 2011 年划型标准自动计算，修改留痕）"},
    {"enterprise.get", D(id_request), D(enterprise), 0, FLOW_PLAIN, ENTERPRISE_READERS,
     "",
     "bureau; prefecture office: its prefecture; enterprise: its own; institutions: with the enterprise's consent",
     "查看企业信息（金融机构须经企业授权）"},
    {"enterprise.history", D(id_request), D(enterprise_history), 0, FLOW_PLAIN, "{bureau_admin,bureau_staff,prefecture_staff,enterprise_contact}",
     "",
     "bureau; prefecture office: its prefecture; enterprise: its own",
     "企业信息的修改记录"},
    {"enterprise.consent", D(consent_request), D(enterprise), M_MUTATING, FLOW_PLAIN, "{enterprise_contact}",
     "",
     "the enterprise's own profile",
     "企业授权可查看本企业信息的金融机构"},
    {"keylist.open", D(keylist_open_request), D(keylist_round), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "province tier: bureau; prefecture tier: the office of that prefecture",
     "开启年度重点企业推荐轮次（省级按市州设定目标；市州为本级名单）"},
    {"keylist.rounds", D(keylist_rounds_request), D(keylist_rounds_reply), 0, FLOW_PLAIN, LIST_READERS,
     "",
     "bureau: all; prefecture office: its own and the province's",
     "推荐轮次及各市州推荐数与目标"},
    {"keylist.list", D(keylist_list_request), D(keylist_list_reply), 0, FLOW_PLAIN, ENTERPRISE_READERS,
     "",
     "as enterprise.get",
     "重点企业名单（可按年度、层级、市州、县、行业、规模、状态筛选）"},
    {"keylist.stats", D(keylist_list_request), D(keylist_stats), 0, FLOW_PLAIN, LIST_READERS,
     "",
     "as keylist.rounds",
     "名单统计：按市州、行业、规模"},
    {"keylist.diff", D(keylist_list_request), D(keylist_diff), 0, FLOW_PLAIN, LIST_READERS,
     "",
     "as keylist.rounds",
     "与上一年度名单比较：新增、延续、退出"},
    {"recommendation.submit", D(enterprise), D(recommendation), M_MUTATING, FLOW_PLAIN, RECOMMENDERS,
     "credit:credit_code mobile:legal_rep_mobile mobile:contact_mobile",
     "the office's own prefecture, in an open round",
     "市州金融办推荐一家本市州企业"},
    {"recommendation.import", D(recommendation_import_request), D(nomination_import_reply), M_MUTATING, FLOW_PLAIN, RECOMMENDERS,
     "credit:rows.credit_code mobile:rows.legal_rep_mobile mobile:rows.contact_mobile",
     "as recommendation.submit, for every row",
     "从文件批量推荐企业（整份导入或整份不导入）"},
    {"recommendation.stage", D(recommendation_stage_request), D(nomination_import_reply), M_MUTATING, FLOW_PLAIN, RECOMMENDERS,
     "credit:rows.credit_code mobile:rows.legal_rep_mobile mobile:rows.contact_mobile",
     "the caller's own uploads",
     "分批上传大文件的推荐数据（随后由 recommendation.import 一次导入）"},
    {"recommendation.list", D(recommendation_list_request), D(recommendation_list_reply), 0, FLOW_PLAIN, LIST_READERS,
     "",
     "bureau: all; prefecture office: its own",
     "推荐及审核情况（市州只见本市州）"},
    {"recommendation.decide", D(recommendation_decide_request), D(recommendation), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the round's owner",
     "审核推荐：列入、退回修改或不予列入（须说明理由）"},
    {"recommendation.correct", D(enterprise), D(recommendation), M_MUTATING, FLOW_PLAIN, RECOMMENDERS,
     "credit:credit_code mobile:legal_rep_mobile mobile:contact_mobile",
     "the office's own returned recommendations",
     "修改被退回的推荐后重新报送"},
    {"keylist.leave", D(keylist_leave_request), D(cultivation_end), M_MUTATING, FLOW_PLAIN,
     "{bureau_admin,prefecture_staff}",
     "",
     "the list's owner: the bureau for the provincial list, a prefecture office for its own",
     "企业结束培育（P20）：培育毕业、已获得融资或其他原因；其结对和服务协议随之结束"},
    {"removal.apply", D(removal_apply_request), D(removal), M_MUTATING, FLOW_PLAIN,
     "{bureau_admin,prefecture_staff,advisor}",
     "",
     "the enterprise's advisor (P12); the list's owner on the advisor's behalf",
     "申请将企业移出名单（P12 所列情形，须说明情况）"},
    {"removal.decide", D(removal_decide_request), D(removal), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the list's owner",
     "审核移出申请；移出后由所在市州递补推荐"},
    {"removal.list", D(removal_list_request), D(removal_list_reply), 0, FLOW_PLAIN, LIST_READERS,
     "",
     "bureau: all; prefecture office: its own",
     "移出申请及递补情况"},
    {"group.propose", D(group_propose_request), D(group_proposal), 0, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the tier's owner",
     "提出顾问小组的分组方案（每组不超过 10 人，说明均衡情况）"},
    {"group.save", D(group_save_request), D(group_list_reply), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the tier's owner",
     "组建本年度的顾问小组（含政策法规组）"},
    {"group.list", D(group_list_request), D(group_list_reply), 0, FLOW_PLAIN, LIST_READERS,
     "",
     "bureau: all; prefecture office: its own tier",
     "顾问小组、组长和成员"},
    {"group.move", D(group_move_request), D(group_list_reply), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the tier's owner",
     "把顾问调到另一个小组（须说明理由，留存记录）"},
    {"group.leader", D(group_leader_request), D(group_list_reply), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the tier's owner",
     "更换小组组长（须说明理由）"},
    {"group.history", D(id_request), D(group_history), 0, FLOW_PLAIN, ADVISOR_READERS,
     "",
     "as advisor.list",
     "顾问所在小组的全部记录"},
    {"pairing.propose", D(pairing_propose_request), D(pairing_proposal), M_MUTATING, FLOW_SOLVE, ROUND_OWNERS,
     "",
     "the tier's owner",
     "由服务器求出总得分最高的顾问—企业结对方案（最小费用流，附最优性证书）并保存"},
    {"pairing.accept", D(pairing_accept_request), D(pairing_accept_reply), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the tier's owner; the proposal's inputs unchanged since",
     "确认结对方案（校验全部约束，记录权重和目标值）"},
    {"pairing.list", D(pairing_list_request), D(pairing_list_reply), 0, FLOW_PLAIN, PAIR_READERS,
     "",
     "bureau: all; prefecture office: its team and enterprises; advisor: own (a group leader: the group's); enterprise: its own",
     "结对及其依据（顾问看本人的、组长看本组的、企业看本企业的）"},
    {"pairing.change", D(pairing_change_request), D(pair), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the tier's owner; its own team and list",
     "为企业改派顾问（须说明理由）"},
    {"pairing.add", D(pairing_change_request), D(pair), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the tier's owner; its own team and list",
     "为企业增派具备所需专业的顾问"},
    {"pairing.succeed", D(pairing_succeed_request), D(pairing_list_reply), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the tier's owner",
     "接替顾问承接被更换顾问的结对"},
    {"pairing.conflict", D(pairing_conflict_request), D(ack), M_MUTATING, FLOW_PLAIN, "{bureau_admin,prefecture_staff,advisor}",
     "",
     "the appointing tier; the advisor for themself",
     "申报顾问与企业之间的利益冲突（此后不会结对）"},
    {"agreement.template", D(agreement_template_request), D(agreement_template), 0, FLOW_PLAIN, PAIR_READERS,
     "",
     "as pairing.list",
     "服务协议模板（最新版或指定版本）"},
    {"agreement.template_save", D(agreement_template_save_request), D(agreement_template), M_MUTATING, FLOW_PLAIN, "{bureau_admin}",
     "",
     "the bureau",
     "发布服务协议模板的新版本"},
    {"agreement.draft", D(agreement_draft_request), D(agreement_list_reply), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the tier's owner",
     "为尚无协议的结对起草服务协议"},
    {"declaration.show", D(declaration_sign_request), D(declaration), 0, FLOW_PLAIN, "{advisor}",
     "",
     "the caller's own declaration",
     "年度承诺书（P13）及本人是否已作出"},
    {"declaration.sign", D(declaration_sign_request), D(declaration), M_MUTATING, FLOW_PLAIN, "{advisor}",
     "",
     "the caller's own advisor (linked account)",
     "作出年度承诺（保密、不干预经营、不收费；核对 SM3 摘要）"},
    {"service.record", D(service_record), D(service_record), M_MUTATING, FLOW_PLAIN, "{advisor}",
     "",
     "the caller's own pairs with a filed agreement, after the year's declaration",
     "记录一次服务（P5）"},
    {"service.correct", D(service_record), D(service_record), M_MUTATING, FLOW_PLAIN, "{advisor}",
     "",
     "its author, within service_correct_working_days working days",
     "修改本人的服务记录（期限内；原内容留存）"},
    {"service.list", D(service_list_request), D(service_list_reply), 0, FLOW_PLAIN, PAIR_READERS,
     "",
     "as pairing.list, and co-advisors; secret records only to the enterprise, its advisors, the leader and the tier's owner",
     "服务记录（新的在前）"},
    {"service.show", D(id_request), D(service_show_reply), M_AUDIT, FLOW_PLAIN, PAIR_READERS,
     "",
     "as service.list; every reading audited",
     "一条服务记录的全文及修改记录"},
    {"service.checks", D(service_check_request), D(service_check_reply), 0, FLOW_PLAIN,
     "{bureau_admin,bureau_staff,prefecture_staff,advisor}",
     "",
     "the pairs the caller sees (a group leader: the group's)",
     "服务数据核查：久未服务的企业、本月未服务的顾问、备案后未及时服务、记录不完整"},
    {"risk.raise", D(risk_warning), D(risk_warning), M_MUTATING, FLOW_PLAIN, "{advisor}",
     "",
     "the caller's own pairs with a filed agreement",
     "提出风险预警（P5）：类别、程度、情况、化解措施和期限"},
    {"risk.list", D(risk_list_request), D(risk_list_reply), 0, FLOW_PLAIN, PAIR_READERS,
     "",
     "as pairing.list: the enterprise, its advisor, the group leader, the tier",
     "风险预警（新的在前）"},
    {"risk.close", D(risk_close_request), D(risk_warning), M_MUTATING, FLOW_PLAIN,
     "{advisor,bureau_admin,prefecture_staff}",
     "",
     "its advisor, or the tier's owner",
     "关闭风险预警并写明化解情况"},
    {"need.record", D(financing_need), D(financing_need), M_MUTATING, FLOW_PLAIN, "{enterprise_contact,advisor}",
     "",
     "the enterprise's contact, or its advisor (a pair now)",
     "登记企业的融资需求"},
    {"need.list", D(need_list_request), D(need_list_reply), 0, FLOW_PLAIN, FINANCE_READERS,
     "",
     "as pairing.list, and a lender the needs referred to it",
     "融资需求"},
    {"plan.draw", D(financing_plan), D(financing_plan), M_MUTATING, FLOW_PLAIN, "{advisor}",
     "",
     "the enterprise's advisor under a filed agreement, for an open need",
     "制定融资方案：融资工具及金额、候选金融机构、步骤和时间"},
    {"plan.revise", D(financing_plan), D(financing_plan), M_MUTATING, FLOW_PLAIN, "{advisor}",
     "",
     "the enterprise's advisor under a filed agreement; the current version only",
     "修订融资方案（新版本，原版本留存）"},
    {"plan.list", D(plan_list_request), D(plan_list_reply), 0, FLOW_PLAIN, FINANCE_READERS,
     "",
     "as need.list, and a lender the plans sent to it; secret plans only to the enterprise, its advisors, the leader, "
     "the tier's owner and that lender",
     "融资方案（现行版本；--history 含历次版本）"},
    {"plan.show", D(id_request), D(plan_show_reply), M_AUDIT, FLOW_PLAIN, FINANCE_READERS,
     "",
     "as plan.list; every reading audited",
     "一份融资方案的全文及其他版本"},
    {"referral.send", D(referral), D(referral), M_MUTATING, FLOW_PLAIN, "{advisor}",
     "",
     "the enterprise's advisor under a filed agreement",
     "把融资方案推荐给一家金融机构（限期答复）"},
    {"referral.answer", D(referral_answer_request), D(referral), M_MUTATING, FLOW_PLAIN, LENDERS,
     "",
     "a user of the institution it was sent to",
     "金融机构答复推荐：受理，或说明理由不予受理"},
    {"referral.list", D(referral_list_request), D(referral_list_reply), 0, FLOW_PLAIN, FINANCE_READERS,
     "",
     "as pairing.list, and a lender those sent to it",
     "融资推荐及答复（--overdue 列出逾期未答复的）"},
    {"outcome.record", D(outcome), D(outcome), M_MUTATING, FLOW_PLAIN, "{advisor,institution_admin,institution_staff}",
     "",
     "the enterprise's advisor (then the lender confirms), or the lender (confirmed by that)",
     "登记融资成效（授信、放款、投资、担保、保险、债券、上市挂牌进展、评级额度利率的改善）"},
    {"outcome.confirm", D(id_request), D(outcome), M_MUTATING, FLOW_PLAIN, LENDERS,
     "",
     "a user of the lending institution",
     "金融机构确认融资成效（确认后才计入统计）"},
    {"outcome.acknowledge", D(id_request), D(outcome), M_MUTATING, FLOW_PLAIN, "{enterprise_contact}",
     "",
     "the enterprise's contact",
     "企业确认收到"},
    {"outcome.list", D(outcome_list_request), D(outcome_list_reply), 0, FLOW_PLAIN, FINANCE_READERS,
     "",
     "as pairing.list, and a lender its own",
     "融资成效（只有金融机构确认的计入合计）"},
    {"monthly.file", D(monthly_report), D(monthly_report), M_MUTATING, FLOW_PLAIN, "{enterprise_contact}",
     "",
     "the enterprise's own contact, while it has an advisor",
     "企业向金融顾问报送月度情况（P11）"},
    {"monthly.list", D(monthly_list_request), D(monthly_list_reply), 0, FLOW_PLAIN, PAIR_READERS,
     "",
     "as pairing.list",
     "企业月度情况"},
    {"monthly.missing", D(monthly_missing_request), D(monthly_missing_reply), 0, FLOW_PLAIN,
     "{bureau_admin,bureau_staff,prefecture_staff,advisor}",
     "",
     "the pairs the caller sees",
     "未报送月度情况的企业（默认上月）"},
    {"message.send", D(enterprise_message), D(enterprise_message), M_MUTATING, FLOW_PLAIN,
     "{enterprise_contact,advisor}",
     "",
     "the enterprise's contact, or an advisor paired with it now",
     "企业与其结对顾问之间留言（P11）"},
    {"message.list", D(message_list_request), D(message_list_reply), M_AUDIT, FLOW_PLAIN, PAIR_READERS,
     "",
     "as pairing.list; secret messages only to the enterprise, its advisors, the leader and the tier's owner; "
     "every reading audited",
     "一家企业与其顾问的留言（新的在前）"},
    {"note.share", D(group_note), D(group_note), M_MUTATING, FLOW_PLAIN, "{advisor}",
     "",
     "a current member or the leader of a group, to that group; an enterprise named must be one the group serves",
     "在小组内分享案例和解答（P11）"},
    {"note.list", D(note_list_request), D(note_list_reply), M_AUDIT, FLOW_PLAIN,
     "{bureau_admin,bureau_staff,prefecture_staff,advisor}",
     "",
     "the group's members and leader, the tier's owner, and linked advisors serving the enterprise a note is about; "
     "secret notes not to other officials; every reading audited",
     "小组交流"},
    {"colleague.link", D(colleague_link), D(colleague_link), M_MUTATING, FLOW_PLAIN,
     "{bureau_admin,prefecture_staff}",
     "",
     "the prefecture advisor's prefecture office, or the bureau",
     "关联在同一市州服务的省级顾问和市州顾问（互相可见共同服务企业的小组交流）"},
    {"colleague.unlink", D(colleague_link), D(colleague_link), M_MUTATING, FLOW_PLAIN,
     "{bureau_admin,prefecture_staff}",
     "",
     "as colleague.link",
     "解除顾问关联"},
    {"colleague.list", D(colleague_list_request), D(colleague_list_reply), 0, FLOW_PLAIN,
     "{bureau_admin,bureau_staff,prefecture_staff,advisor}",
     "",
     "the bureau all; a prefecture office its advisors'; an advisor their own",
     "顾问关联"},
    {"attachment.add", D(attachment_add_request), D(attachment), M_MUTATING, FLOW_PLAIN,
     "{advisor,enterprise_contact}",
     "",
     "the author of the record (a service, a plan, a message, a group note)",
     "为记录添加附件（照片、文件；存 SM3 摘要，限大小和类型）"},
    {"attachment.list", D(attachment_list_request), D(attachment_list_reply), 0, FLOW_PLAIN, FINANCE_READERS,
     "",
     "whoever sees the record",
     "一条记录的附件"},
    {"attachment.get", D(id_request), D(attachment), M_AUDIT, FLOW_PLAIN, FINANCE_READERS,
     "",
     "whoever sees the record; every fetch audited",
     "取回一个附件"},
    {"question.ask", D(question), D(question), M_MUTATING, FLOW_PLAIN, "{enterprise_contact,advisor}",
     "",
     "the enterprise's contact (it has an advisor), or its advisor on its behalf",
     "企业提出问题（P10），先交结对顾问"},
    {"question.answer", D(question_action_request), D(question), M_MUTATING, FLOW_PLAIN,
     "{advisor,bureau_admin,bureau_staff,prefecture_staff}",
     "",
     "the level holding it: the enterprise's advisor; the group's leader or the member it gave it to; "
     "the bureau (a prefecture office for its tier)",
     "答复问题"},
    {"question.escalate", D(question_action_request), D(question), M_MUTATING, FLOW_PLAIN,
     "{advisor,bureau_admin,bureau_staff,prefecture_staff}",
     "",
     "as question.answer; advisor to group, group to the bureau",
     "问题升级到上一级（须说明理由）"},
    {"question.assign", D(question_action_request), D(question), M_MUTATING, FLOW_PLAIN, "{advisor}",
     "",
     "the leader of the group it went to, to a member",
     "组长把小组收到的问题交给组员"},
    {"question.confirm", D(question_action_request), D(question), M_MUTATING, FLOW_PLAIN, "{enterprise_contact}",
     "",
     "the enterprise that asked",
     "企业确认答复：已解决并评分，或未解决（退回答复的一级）"},
    {"question.list", D(question_list_request), D(question_list_reply), 0, FLOW_PLAIN, PAIR_READERS,
     "",
     "the enterprise its own; its advisors; the group it went to; the bureau, a prefecture office its prefecture's "
     "(secret ones: the tier's owner)",
     "问题及其所在层级、期限（--overdue 逾期的，--mine 待我答复的）"},
    {"question.show", D(id_request), D(question_show_reply), M_AUDIT, FLOW_PLAIN, PAIR_READERS,
     "",
     "as question.list",
     "一个问题及其每一步（提出、升级、指派、答复、确认）"},
    {"question.search", D(question_search_request), D(question_search_reply), 0, FLOW_PLAIN,
     "{bureau_admin,bureau_staff,prefecture_staff,advisor}",
     "",
     "every answered question without business secrets, the enterprise not named",
     "问答知识库：已答复的问题（不含商业秘密，不显示企业）"},
    {"enterprise.timeline", D(timeline_request), D(timeline_reply), 0, FLOW_PLAIN, PAIR_READERS,
     "",
     "whoever sees the enterprise's pairs (secret services without their notes)",
     "企业的培育全过程（P20）：名单、顾问、协议、服务、需求、推荐、成效、预警、月度情况"},
    {"violation.report", D(violation_report), D(violation_report), M_MUTATING, FLOW_PLAIN, "{enterprise_contact}",
     "",
     "the enterprise's own contact; the advisor named one who serves or served it",
     "企业反映顾问违反纪律（收费、泄密、干预经营），报省局"},
    {"violation.list", D(violation_list_request), D(violation_list_reply), M_AUDIT, FLOW_PLAIN,
     "{bureau_admin,bureau_staff,enterprise_contact}",
     "",
     "the bureau: all; an enterprise: its own",
     "企业反映的违反纪律情况"},
    {"measure.publish", D(measure), D(measure), M_MUTATING, FLOW_PLAIN, "{institution_admin}",
     "",
     "a lending institution's administrator, for its institution",
     "发布对培育企业的优惠措施（P14：评级、额度、利率）"},
    {"measure.list", D(measure_list_request), D(measure_list_reply), 0, FLOW_PLAIN, ANYONE,
     "",
     "every published measure (public to the program's users)",
     "金融机构的优惠措施及已惠及的企业数"},
    {"calendar.load", D(calendar_load_request), D(calendar_reply), M_MUTATING, FLOW_PLAIN,
     "{system_admin,bureau_admin}",
     "",
     "the deployment's calendar (a year once, all or nothing)",
     "载入一年的法定假日和调休上班日（国务院办公厅通知）"},
    {"calendar.show", D(calendar_request), D(calendar_reply), 0, FLOW_PLAIN, ANYONE,
     "",
     "reference data",
     "一年的工作日安排"},
    {"agreement.list", D(agreement_list_request), D(agreement_list_reply), 0, FLOW_PLAIN, PAIR_READERS,
     "",
     "the agreements of the pairs the caller sees (as pairing.list)",
     "服务协议及其状态"},
    {"agreement.show", D(id_request), D(agreement), M_AUDIT, FLOW_PLAIN, PAIR_READERS,
     "",
     "as agreement.list; audited",
     "服务协议全文、摘要、签署与备案情况"},
    {"agreement.sign", D(agreement_sign_request), D(agreement), M_MUTATING, FLOW_PLAIN, "{advisor,enterprise_contact}",
     "",
     "the advisor of the pair (own account), the enterprise's contact",
     "协议一方签署（提交所读文本的 SM3 摘要）"},
    {"agreement.file", D(agreement_file_request), D(agreement), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the tier's owner",
     "备案（给出备案号）或退回双方已签署的协议"},
    {"agreement.end", D(agreement_end_request), D(agreement), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the tier's owner",
     "终止协议（须说明理由）"},
    {"agreement.renew", D(id_request), D(agreement), M_MUTATING, FLOW_PLAIN, ROUND_OWNERS,
     "",
     "the tier's owner",
     "期满前续签：按最新模板起草下一期协议"},
    {"inbox.list", D(inbox_list_request), D(inbox_reply), 0, FLOW_PLAIN, ANYONE,
     "",
     "what waits for the caller",
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

const char *
method_flow_name(enum method_flow flow)
{
    switch (flow) {
    case FLOW_PLAIN: return "plain";
    case FLOW_HELLO: return "hello";
    case FLOW_LOGIN: return "login";
    case FLOW_PASSWORD: return "password";
    case FLOW_META: return "meta";
    case FLOW_SOLVE: return "solve";
    }
    return "?";
}

static const char *const kind_names[] = {
    [TR_MOBILE] = "mobile", [TR_IDNO] = "idno", [TR_CREDIT] = "credit", [TR_PASSWORD] = "password",
    [TR_CSR] = "csr", [TR_VERIFY] = "verify", [TR_PLAIN] = "plain",
};

const char *
transform_kind_name(enum transform_kind kind)
{
    if ((unsigned) kind >= sizeof(kind_names) / sizeof(kind_names[0]))
        return "?";
    return kind_names[kind];
}

int
method_transforms(const method *m, transform *out, char *err, size_t errsz)
{
    const char *p = m->transforms;
    int n = 0;

    while (*p) {
        const ProtobufCMessageDescriptor *d = m->request;
        const ProtobufCFieldDescriptor *f = NULL;
        transform *t;
        size_t len = strcspn(p, " ");
        const char *colon = memchr(p, ':', len);
        const char *seg;
        size_t k;
        int found = 0;

        if (len == 0) {
            p++;
            continue;
        }
        if (n == TR_MAX || colon == NULL) {
            snprintf(err, errsz, "%s: transform \"%.*s\" is not kind:path (or too many)", m->name,
                     (int) len, p);
            return -1;
        }
        t = &out[n];
        memset(t, 0, sizeof(*t));
        for (k = 0; k < sizeof(kind_names) / sizeof(kind_names[0]); k++)
            if (strlen(kind_names[k]) == (size_t) (colon - p) &&
                strncmp(kind_names[k], p, (size_t) (colon - p)) == 0) {
                t->kind = (enum transform_kind) k;
                found = 1;
            }
        if (!found) {
            snprintf(err, errsz, "%s: unknown transform kind \"%.*s\"", m->name, (int) (colon - p), p);
            return -1;
        }
        for (seg = colon + 1; seg < p + len;) {
            size_t sl = strcspn(seg, ". ");

            if (sl > (size_t) (p + len - seg))
                sl = (size_t) (p + len - seg);
            if (t->depth == TR_PATH_MAX || sl == 0 || sl >= sizeof(t->path[0]) || d == NULL) {
                snprintf(err, errsz, "%s: transform path \"%.*s\" is not a field path", m->name,
                         (int) len, p);
                return -1;
            }
            memcpy(t->path[t->depth], seg, sl);
            t->path[t->depth][sl] = '\0';
            f = protobuf_c_message_descriptor_get_field_by_name(d, t->path[t->depth]);
            if (f == NULL) {
                snprintf(err, errsz, "%s: %s has no field \"%s\"", m->name, d->name, t->path[t->depth]);
                return -1;
            }
            t->depth++;
            d = f->type == PROTOBUF_C_TYPE_MESSAGE ? f->descriptor : NULL;
            seg += sl + (seg[sl] == '.');
        }
        if (f == NULL || f->type != PROTOBUF_C_TYPE_STRING || f->label == PROTOBUF_C_LABEL_REPEATED) {
            snprintf(err, errsz, "%s: transform \"%.*s\" must end at a single string field", m->name,
                     (int) len, p);
            return -1;
        }
        n++;
        p += len;
    }
    return n;
}
