/*
 * commands.c - every command of rongpei, one row each (see cmdtab.h), and
 * the Chinese labels of the codes officials see.
 *
 * A row names its words, the method, its options (the request field each
 * sets), the columns printed, and its help.  Commands with work of their
 * own in the client name a function (cmd.c, enterprise.c, group.c,
 * pairing_cmd.c, agreement.c, team.c); the rest are run by run.c alone.
 */
#include "cmdtab.h"

#include <string.h>


/* ------------------------------------------------------------------ labels */

/* Chinese labels for the code values officials see in tables: field,
 * code, label.  Options take either (cmd_code). */
static const char *const label_map[][3] = {
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
    {"status", "not_yet", "尚未生效"},
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
    {"status", "listed", "在册"}, {"status", "removed", "已移出"}, {"status", "left", "结束培育"},
    {"leave_reason", "graduated", "培育毕业"}, {"leave_reason", "financing_obtained", "已获得融资"},
    {"leave_reason", "other", "其他"},
    {"source", "recommended", "新推荐"}, {"source", "carried", "延续"},
    {"change", "new", "新增"}, {"change", "carried", "延续"}, {"change", "dropped", "退出"},
    {"grounds", "chaotic_management", "管理混乱"}, {"grounds", "abnormal_operation", "经营异常"},
    {"grounds", "no_prospect", "扭亏无望"}, {"grounds", "refuses_cooperation", "不配合"},
    {"kind", "recommendation_to_review", "待审核推荐"}, {"kind", "recommendation_returned", "推荐被退回"},
    {"kind", "removal_to_decide", "待审核移出"}, {"kind", "slot_to_fill", "待递补推荐"},
    {"outcome", "applied", "已执行"}, {"outcome", "conflict", "冲突"}, {"outcome", "rejected", "未执行"},
    {"role", "primary", "结对顾问"}, {"role", "specialist", "增派顾问"},
    {"slot_status", "open", "待递补"}, {"slot_status", "filled", "已递补"},
    {"mode", "on_site", "上门"}, {"mode", "at_institution", "到访"}, {"mode", "online", "线上"},
    {"mode", "phone", "电话"},
    {"topics", "governance", "公司治理"}, {"topics", "management_systems", "管理制度"},
    {"topics", "strategy", "发展战略"}, {"topics", "main_business", "聚焦主业"},
    {"topics", "no_over_borrowing", "不过度融资"}, {"topics", "policy_advice", "政策和产品咨询"},
    {"topics", "financing_plan", "融资方案"}, {"topics", "lender_contact", "对接金融机构"},
    {"topics", "share_reform", "股改"}, {"topics", "listing", "上市挂牌"}, {"topics", "bonds", "发债"},
    {"topics", "financial_discipline", "财务规范"}, {"topics", "accounts", "账目和报表"},
    {"topics", "related_party", "关联交易"}, {"topics", "risk_warning", "风险提示"},
    {"topics", "credit_repayment", "信用和还款"}, {"topics", "other", "其他"},
    {"kind", "operational", "经营"}, {"kind", "financial", "财务"}, {"kind", "debt", "债务"},
    {"kind", "legal", "法律"}, {"kind", "credit", "信用"},
    {"severity", "low", "低"}, {"severity", "medium", "中"}, {"severity", "high", "高"},
    {"kind", "risk_high", "高风险预警"}, {"kind", "risk_overdue", "预警到期"},
    {"kind", "credit_granted", "授信"}, {"kind", "loan_disbursed", "放款"}, {"kind", "investment", "投资"},
    {"kind", "guarantee", "担保"}, {"kind", "insurance", "保险"}, {"kind", "bond", "债券"},
    {"kind", "listing_step", "上市挂牌进展"}, {"kind", "rating_upgraded", "评级提升"},
    {"kind", "limit_raised", "额度提高"}, {"kind", "rate_lowered", "利率下降"},
    {"instruments", "loan", "贷款"}, {"instruments", "guarantee", "担保"}, {"instruments", "equity", "股权"},
    {"instruments", "bond", "债券"}, {"instruments", "lease", "租赁"}, {"instruments", "insurance", "保险"},
    {"instruments", "supply_chain", "供应链金融"}, {"instruments", "listing", "上市挂牌"},
    {"urgency", "low", "不急"}, {"urgency", "normal", "一般"}, {"urgency", "high", "较急"}, {"urgency", "urgent", "紧急"},
    {"status", "superseded", "已被取代"}, {"status", "answered", "已答复"}, {"status", "resolved", "已解决"},
    {"level", "advisor", "顾问"}, {"level", "group", "小组"}, {"level", "bureau", "省局（市州金融办）"},
    {"status", "sent", "待答复"}, {"status", "accepted", "已受理"}, {"status", "refused", "不予受理"},
    {"status", "met", "已满足"}, {"status", "withdrawn", "已撤回"},
    {"kind", "referral_to_answer", "待答复推荐"}, {"kind", "referral_overdue", "推荐逾期"},
    {"kind", "outcome_to_confirm", "待确认成效"}, {"kind", "outcome_to_acknowledge", "请确认收到"},
    {"kind", "monthly_due", "待报月度情况"},
    {"kind", "listed", "列入名单"}, {"kind", "removed", "移出名单"}, {"kind", "left", "结束培育"}, {"kind", "paired", "结对"},
    {"kind", "unpaired", "结对结束"}, {"kind", "agreement_filed", "协议备案"}, {"kind", "agreement_ended", "协议终止"},
    {"side", "advisor", "顾问"}, {"side", "enterprise", "企业"},
    {"kind", "complaint", "投诉"}, {"kind", "suggestion", "建议"},
    {"about", "advisor", "顾问"}, {"about", "group", "小组"}, {"about", "service", "服务"},
    {"status", "received", "待登记"}, {"status", "registered", "办理中"}, {"status", "decided", "已有处理意见"},
    {"status", "fed_back", "已反馈"},
    {"clock", "due", "期限内"}, {"clock", "paused", "中止"}, {"clock", "fulfilled", "按期办结"}, {"clock", "failed", "逾期"},
    {"decision", "upheld", "属实"}, {"decision", "partly", "部分属实"}, {"decision", "not_upheld", "不属实"},
    {"measures", "advice", "提醒"}, {"measures", "warning", "警示"}, {"measures", "replacement", "更换顾问"},
    {"measures", "training", "培训"}, {"measures", "none", "无"},
    {"pause_reason", "awaiting_complainant", "等待投诉人补充材料"},
    {"pause_reason", "awaiting_institution", "等待顾问所在机构说明情况"},
    {"pause_reason", "awaiting_other_body", "等待其他部门出具意见"},
    {"extension", "requested", "待审批"}, {"extension", "approved", "已批准"}, {"extension", "refused", "未批准"},
    {"satisfied", "yes", "满意"}, {"satisfied", "no", "不满意"},
    {"dimension", "advisor", "顾问"}, {"dimension", "institution", "机构"}, {"dimension", "group", "小组"},
    {"dimension", "prefecture", "市州"},
    {"object_kind", "service", "服务记录"}, {"object_kind", "plan", "融资方案"}, {"object_kind", "message", "留言"},
    {"object_kind", "note", "小组交流"}, {"object_kind", "question", "问题"}, {"object_kind", "complaint", "投诉"},
    {"kind", "message_to_answer", "待回复留言"}, {"kind", "message_from_advisor", "顾问留言"},
    {"kind", "question_to_answer", "待答复问题"}, {"kind", "question_overdue", "问题督办"},
    {"kind", "question_to_confirm", "待确认答复"}, {"kind", "calendar_to_load", "待载入工作日安排"},
    {"kind", "complaint_to_register", "待登记投诉"}, {"kind", "complaint_to_handle", "承办投诉"},
    {"kind", "complaint_overdue", "投诉逾期"}, {"kind", "extension_to_approve", "待审批延期"},
    {"kind", "complaint_callback", "投诉回访"}, {"kind", "complaint_extended", "投诉期限延长"},
    {"kind", "complaint_account", "投诉待说明"},
    {"kind", "need", "融资需求"}, {"kind", "plan", "融资方案"}, {"kind", "referral", "推荐"}, {"kind", "referral_answered", "推荐答复"},
    {"kind", "outcome", "融资成效"}, {"kind", "risk", "风险预警"}, {"kind", "risk_closed", "预警关闭"},
    {"kind", "monthly", "月度情况"}, {"kind", "service_record", "服务"},
    {"kind", "fee", "收取费用或好处"}, {"kind", "secret_leak", "泄露商业秘密"}, {"kind", "interference", "干预经营"},
    {"kind", "violation_reported", "违纪反映"},
    {"kind", "holiday", "放假"}, {"kind", "workday", "调休上班"},
    {"kind", "rating", "评级"}, {"kind", "limit", "额度"}, {"kind", "rate", "利率"},
    {"kind", "declaration_due", "待作年度承诺"}, {"kind", "service_check", "服务核查"},
    {"kind", "idle_enterprise", "久未服务"}, {"kind", "late_first", "首次服务迟"},
    {"kind", "idle_advisor", "本月未服务"}, {"kind", "incomplete", "记录不完整"},
    {"kind", "agreement_to_sign", "待签署协议"}, {"kind", "agreement_to_file", "待备案协议"},
    {"kind", "agreement_to_renew", "待续签协议"}, {"kind", "pairs_to_take_over", "结对待接替"},
    {"ownership", "private", "私营"}, {"ownership", "individual", "个体"},
    {"ownership", "cooperative", "合作社"}, {"ownership", "other", "其他"},
    {"need_urgency", "low", "不急"}, {"need_urgency", "normal", "一般"},
    {"need_urgency", "high", "较急"}, {"need_urgency", "urgent", "紧急"},
    {"difficulties", "management", "管理"}, {"difficulties", "financing", "融资"},
    {"difficulties", "capital_markets", "资本市场"}, {"difficulties", "financial_discipline", "财务规范"},
    {"difficulties", "risk", "风险"}, {"difficulties", "credit", "信用"},
};

/* Fields whose values share another field's labels. */
static const char *
label_field(const char *field)
{
    if (strcmp(field, "specialism") == 0)
        return "specialisms";
    if (strcmp(field, "topic") == 0)
        return "topics";
    if (strcmp(field, "instrument") == 0)
        return "instruments";
    if (strcmp(field, "answered_level") == 0)
        return "level";
    if (strcmp(field, "role") == 0)
        return "roles";
    if (strcmp(field, "grounds") == 0 || strcmp(field, "ground") == 0)
        return "grounds";
    return field;
}

const char *
cmd_label(const char *field, const char *value)
{
    static char ring[8][160];
    static int at;
    size_t i;

    /* a division code shown with its name: 西宁市 630100 */
    if ((strcmp(field, "prefecture_code") == 0 || strcmp(field, "division_code") == 0 ||
         strcmp(field, "county_code") == 0 || strcmp(field, "parent_code") == 0) &&
        strlen(value) == 6 && strspn(value, "0123456789") == 6) {
        const char *name = cmd_division_name(value);

        if (name == NULL)
            return NULL;
        at = (at + 1) % 8;
        snprintf(ring[at], sizeof(ring[at]), "%s %s", name, value);
        return ring[at];
    }
    /* the field's own labels first (role: primary), then those it shares (role: advisor) */
    for (i = 0; i < sizeof(label_map) / sizeof(label_map[0]); i++)
        if (strcmp(label_map[i][0], field) == 0 && strcmp(label_map[i][1], value) == 0)
            return label_map[i][2];
    field = label_field(field);
    for (i = 0; i < sizeof(label_map) / sizeof(label_map[0]); i++)
        if (strcmp(label_map[i][0], field) == 0 && strcmp(label_map[i][1], value) == 0)
            return label_map[i][2];
    return NULL;
}

/*
 * A field whose values are a closed list (roles, specialisms, grounds...):
 * 1 with the list written into buf ("省局管理员 bureau_admin、..."), else 0.
 */
int
cmd_vocabulary(const char *field, char *buf, size_t n)
{
    static const char *const closed[] = {"roles", "specialisms", "grounds", "difficulties", "ownership",
                                         "need_urgency", "inst_type", "mode", "topics", "severity",
                                         "instruments", "urgency", "leave_reason", "object_kind", "measures",
                                         "pause_reason"};
    size_t i, off = 0;
    int found = 0;

    field = label_field(field);
    for (i = 0; i < sizeof(closed) / sizeof(closed[0]); i++)
        found |= strcmp(field, closed[i]) == 0;
    if (!found)
        return 0;
    buf[0] = '\0';
    for (i = 0; i < sizeof(label_map) / sizeof(label_map[0]) && off < n; i++)
        if (strcmp(label_map[i][0], field) == 0)
            off += (size_t) snprintf(buf + off, n - off, "%s%s %s", off ? "、" : "", label_map[i][2],
                                     label_map[i][1]);
    return 1;
}

const char *
cmd_code(const char *field, const char *value)
{
    size_t i;

    field = label_field(field);
    for (i = 0; i < sizeof(label_map) / sizeof(label_map[0]); i++)
        if (strcmp(label_map[i][0], field) == 0 && strcmp(label_map[i][2], value) == 0)
            return label_map[i][1];
    return value;
}

/* ------------------------------------------------------------------ columns */

#define ORG_COLS COLS(C("id", "编号"), C("kind", "类别"), C("name", "名称"), C("inst_type", "机构类型"), \
    C("division_code", "区划代码"), C("credit_code", "统一社会信用代码"), C("offices", "网点数"), \
    C("users", "用户数"), C("disabled", "已停用"))
#define OFFICE_COLS COLS(C("id", "编号"), C("org_name", "所属机构"), C("name", "网点名称"), \
    C("county_code", "县级区划"), C("disabled", "已停用"))
#define USER_COLS COLS(C("id", "编号"), C("username", "用户名"), C("display_name", "姓名"), C("org_name", "机构"), \
    C("office_name", "网点"), C("mobile", "手机号"), C("roles", "角色"), C("locked", "已锁定"), \
    C("disabled", "已停用"), C("last_login", "最近登录"))
#define CERT_COLS COLS(C("id", "编号"), C("org_name", "机构"), C("fingerprint", "SHA-256 指纹"), \
    C("not_after", "有效期至"), C("revoked", "已吊销"), C("revoke_reason", "吊销原因"))
#define ROUND_COLS COLS(C("id", "编号"), C("tier", "层级"), C("prefecture_code", "市州"), C("year", "年度"), \
    C("title", "名称"), C("target", "目标人数"), C("deadline", "截止日期"), C("status", "状态"))
#define NOMINATION_COLS COLS(C("id", "编号"), C("round_id", "轮次"), C("org_name", "机构"), \
    C("office_name", "网点"), C("name", "姓名"), C("gender", "性别"), C("id_number", "身份证号"), \
    C("mobile", "手机号"), C("specialisms", "专业领域"), C("status", "状态"), C("return_reason", "退回原因"))
#define MEASURE_COLS COLS(C("id", "编号"), C("lender_name", "金融机构"), C("kind", "类别"), C("title", "措施"), \
    C("description", "内容"), C("valid_until", "有效期至"), C("applied", "已惠及"), C("published_at", "发布时间"))
#define VIOLATION_COLS COLS(C("id", "编号"), C("reported_at", "时间"), C("enterprise_name", "企业"), \
    C("advisor_name", "顾问"), C("kind", "问题"), C("account", "情况"))
#define MONTHLY_COLS COLS(C("id", "编号"), C("month", "月份"), C("enterprise_name", "企业"), \
    C("operations", "经营"), C("orders", "订单"), C("cash", "资金"), C("needs_changed", "融资需求变化"), \
    C("problems", "问题"), C("filed_at", "报送时间"))
#define NEED_COLS COLS(C("id", "编号"), C("enterprise_name", "企业"), MONEY("amount", "金额（万元）"), \
    C("purpose", "用途"), C("term_months", "期限（月）"), C("collateral", "担保抵押"), C("urgency", "紧迫程度"), \
    C("status", "状态"), C("created_at", "登记时间"))
#define REFERRAL_COLS COLS(C("id", "编号"), C("enterprise_name", "企业"), C("advisor_name", "顾问"), \
    C("lender_name", "推荐给"), C("instruments", "融资工具"), MONEY("amount", "金额（万元）"), C("plan", "方案"), \
    C("due_on", "答复期限"), C("status", "状态"), C("answer", "答复"), C("overdue", "逾期"))
#define MESSAGE_COLS COLS(C("id", "编号"), C("created_at", "时间"), C("enterprise_name", "企业"), C("side", "一方"), \
    C("author", "留言人"), C("body", "内容"), C("secret", "涉及商业秘密"))
#define NOTE_COLS COLS(C("id", "编号"), C("created_at", "时间"), C("group_name", "小组"), C("author", "顾问"), \
    C("enterprise_name", "所涉企业"), C("title", "标题"), C("body", "内容"), C("secret", "涉及商业秘密"))
#define LINK_COLS COLS(C("id", "编号"), C("province_advisor_name", "省级顾问"), C("prefecture_advisor_name", "市州顾问"), \
    C("prefecture_code", "市州"), C("created_at", "关联时间"), C("ended_at", "解除时间"))
#define ATTACHMENT_COLS COLS(C("id", "编号"), C("object_kind", "所属"), C("object_id", "记录"), C("name", "文件名"), \
    C("media_type", "类型"), C("size", "大小（字节）"), C("sm3", "SM3 摘要"), C("created_by_name", "添加人"), \
    C("created_at", "添加时间"))
#define QUESTION_COLS COLS(C("id", "编号"), C("enterprise_name", "企业"), C("topic", "类别"), C("body", "问题"), \
    C("level", "所在层级"), C("status", "状态"), C("received_on", "收到日期"), C("due_on", "答复期限"), \
    C("days_left", "剩余工作日"), C("overdue", "逾期"), C("answer", "答复"))
#define COMPLAINT_COLS COLS(C("id", "编号"), C("reg_no", "受理编号"), C("enterprise_name", "企业"), C("kind", "类别"), \
    C("about", "对象"), C("advisor_name", "所涉顾问"), C("status", "状态"), C("clock", "期限"), C("received_on", "收到日期"), \
    C("due_on", "反馈期限"), C("days_left", "剩余工作日"), C("handler", "承办人"), C("decision", "处理意见"))
#define PLAN_COLS COLS(C("id", "编号"), C("need_id", "需求"), C("enterprise_name", "企业"), C("version", "版本"), \
    C("parts_text", "融资工具及金额"), MONEY("amount", "合计（万元）"), C("lender_names", "候选机构"), \
    C("summary", "方案说明"), C("status", "状态"), C("referrals", "已推荐"), C("created_at", "制定时间"))
#define OUTCOME_COLS COLS(C("id", "编号"), C("on_date", "日期"), C("enterprise_name", "企业"), \
    C("lender_name", "金融机构"), C("kind", "类别"), MONEY("amount", "金额（万元）"), C("value_before", "之前"), \
    C("value_after", "之后"), C("measure_title", "优惠措施"), C("advisor_names", "服务顾问"), \
    C("confirmed_at", "机构确认"), C("acknowledged_at", "企业确认"))
#define RISK_COLS COLS(C("id", "编号"), C("enterprise_name", "企业"), C("advisor_name", "顾问"), C("kind", "类别"), \
    C("severity", "程度"), C("description", "风险情况"), C("plan", "化解措施"), C("due_on", "期限"), \
    C("status", "状态"), C("outcome", "化解情况"), C("created_at", "提出时间"))
#define SERVICE_COLS COLS(C("id", "编号"), C("served_on", "服务日期"), C("enterprise_name", "企业"), \
    C("advisor_name", "记录人"), C("co_advisor_names", "共同服务"), C("mode", "方式"), \
    C("contact_minutes", "交流（分钟）"), C("topics", "服务事项"), C("notes", "服务内容"))
#define SERVICE_RECORD_COLS COLS(C("id", "编号"), C("served_on", "服务日期"), C("enterprise_name", "企业"), \
    C("advisor_name", "记录人"), C("co_advisor_names", "共同服务"), C("mode", "方式"), C("place", "地点"), \
    C("attendees", "企业参加人员"), C("prep_minutes", "准备（分钟）"), C("contact_minutes", "交流（分钟）"), \
    C("travel_minutes", "路途（分钟）"), C("topics", "服务事项"), C("notes", "服务内容"), C("secret", "涉及商业秘密"), \
    C("version", "版本"), C("created_at", "记录时间"), C("correctable_until", "可修改至"))
/* The fields of a service (service record; service correct: only those that change). */
#define SERVICE_FIELDS_AS(R, MR) \
    ARG("date", "served_on", "yyyy-mm-dd", "服务日期（默认今天）"), \
    R("mode", "mode", "方式", "服务方式"), \
    ARG("prep", "prep_minutes", "分钟", "准备时间"), \
    ARG("contact", "contact_minutes", "分钟", "与企业交流的时间"), \
    ARG("travel", "travel_minutes", "分钟", "路途时间"), \
    ARG("place", "place", "地点", "服务地点"), \
    ARG("attendees", "attendees", "人员", "企业方参加人员"), \
    MR("topic", "topics", "事项", "服务事项（P5，可多项）"), \
    R("notes", "notes", "内容", "服务内容：谈了什么、给了什么建议、下一步做什么（至少 10 个字）"), \
    MULTI("co-advisor", "co_advisor_ids", "顾问", "一同服务的其他顾问（同一次服务只记一条）"), \
    FLAG("secret", "secret", "涉及企业商业秘密（只有企业、其顾问、组长和本级主管可见，查看留痕）")
#define RESULT_COLS COLS(C("rank", "排名"), C("nomination_id", "提名编号"), C("name", "姓名"), \
    C("org_name", "机构"), C("weighted_mean", "加权平均"), C("spread", "离散度"), C("decision", "决定"), \
    C("decision_status", "决定状态"), C("proposed_by", "提出人"), C("confirmed_by", "确认人"))
#define ADVISOR_COLS COLS(C("id", "编号"), C("name", "姓名"), C("org_name", "机构"), C("tier", "层级"), \
    C("specialisms", "专业领域"), C("cert_no", "聘书编号"), C("term_start", "聘期起"), C("term_end", "聘期止"), \
    C("status", "状态"), C("verify_code", "核验码"))
#define ADVISOR_TERM_COLS COLS(C("id", "编号"), C("name", "姓名"), C("org_name", "机构"), C("status", "状态"), \
    C("cert_no", "现聘书编号"), C("term_start", "聘期起"), C("term_end", "聘期止"), C("next_cert_no", "下一聘期聘书"), \
    C("next_term_start", "下一聘期起"), C("next_term_end", "下一聘期止"))
#define REPLACEMENT_COLS COLS(C("id", "编号"), C("advisor_id", "顾问编号"), C("advisor_name", "顾问"), \
    C("org_name", "机构"), C("kind", "原因类别"), C("reason", "说明"), C("status", "状态"), \
    C("reported_at", "报告时间"), C("verify_note", "核实意见"), C("successor_name", "接替人选"))
#define ENTERPRISE_COLS COLS(C("id", "编号"), C("name", "企业名称"), C("credit_code", "统一社会信用代码"), \
    C("county_name", "注册地"), C("industry_division", "行业大类"), C("industry_name", "行业"), \
    C("ownership", "所有制"), C("employees", "从业人员"), MONEY("revenue", "营业收入（万元）"), \
    MONEY("assets", "资产总额（万元）"), C("size_class", "规模"), C("size_rule", "划型依据"), \
    C("legal_rep", "法定代表人"), C("legal_rep_mobile", "法定代表人手机"), C("contact_name", "联系人"), \
    C("contact_mobile", "联系人手机"), MONEY("need_amount", "融资需求（万元）"), C("need_purpose", "融资用途"), \
    C("need_urgency", "紧迫程度"), C("difficulties", "主要困难"), C("consent_org_names", "授权查看的机构"), \
    C("version", "版本"))
#define RECOMMENDATION_COLS COLS(C("id", "编号"), C("round_id", "轮次"), C("prefecture_code", "市州"), \
    C("enterprise.name", "企业名称"), C("enterprise.credit_code", "统一社会信用代码"), \
    C("enterprise.size_class", "规模"), C("status", "状态"), C("reason", "理由"), C("recommended", "本市州已推荐"), \
    C("target", "推荐目标"))
#define REMOVAL_COLS COLS(C("id", "编号"), C("entry_id", "名单条目"), C("name", "企业名称"), C("year", "年度"), \
    C("grounds", "理由"), C("status", "状态"), C("decision_reason", "审核意见"), C("slot_id", "递补名额"), \
    C("slot_status", "递补状态"))
#define PAIR_COLS COLS(C("id", "结对编号"), C("advisor_id", "顾问编号"), C("advisor_name", "顾问"), \
    C("group_name", "小组"), C("enterprise_id", "企业编号"), C("enterprise_name", "企业"), C("role", "角色"), \
    C("specialism", "增派专业"), C("factors", "结对依据"), C("since", "起始日期"), C("until", "结束日期"), \
    C("end_reason", "结束原因"))
#define AGREEMENT_COLS COLS(C("id", "协议编号"), C("advisor_name", "顾问"), C("institution", "所在机构"), \
    C("enterprise_name", "企业"), C("status_label", "状态"), C("term_start", "起始"), C("term_end", "届满"), \
    C("filing_no", "备案号"), C("return_reason", "退回理由"), C("end_reason", "终止原因"))

/* ------------------------------------------------------------------ shared options */

#define TIER_FLAG CHOICE("prefecture", "tier", "prefecture", "本市（州）层级（市州金融办）")
#define YEAR_REQ REQ("year", "year", "年度", "年度，如 2026")
#define REASON_REQ REQ("reason", "reason", "理由", "理由（留存记录）")
#define ID_POS(what) POS(what, "id", what)
#define EACH_POS(what) POS_EACH(what, "id", what)

/* The nomination's fields: required when drafting (advisor nominate), only
 * those that change when correcting (nomination update: R is ARG, MR MULTI). */
#define NOMINATION_FIELDS NOMINATION_FIELDS_AS(REQ, MULTI_REQ)
#define NOMINATION_FIELDS_AS(R, MR) \
    R("name", "name", "姓名", "候选人姓名"), \
    R("gender", "gender", "男|女", "性别"), \
    R("id-number", "id_number", "身份证号", "18 位身份证号（GB 11643 校验；加密保存，显示时打码）"), \
    ARG("mobile", "mobile", "手机号", "11 位手机号（加密保存）"), \
    ARG("office", "office_id", "网点", "所在网点"), \
    ARG("position", "position", "职务", "职务"), \
    ARG("title", "title", "职称", "职称"), \
    ARG("years", "years", "年限", "从业年限"), \
    ARG("qualification", "qualifications", "资格", "专业资格"), \
    MR("specialism", "specialisms", "领域", \
              "专业领域：信贷融资 债券融资 股权融资与上市 保险 融资担保 法律 会计税务 公司治理 风险管理 政策（或代码）"), \
    MULTI("section", "sections", "门类", "熟悉的行业门类（GB/T 4754 字母）"), \
    MR("prefecture", "prefectures", "市州", "可服务的市（州），如 630100"), \
    FLAG("declaration-signed", "declaration_signed", "候选人已签署保密、义务服务和利益冲突声明（P13）"), \
    R("notice-version", "notice_version", "版本", "候选人同意的个人信息告知书版本")

/* The enterprise's profile (enterprise save, recommend, recommendation
 * correct, and the columns of a recommendation file). */
#define ENTERPRISE_FIELDS \
    COLUMN("name", "name", "名称", "企业名称", "企业名称"), \
    COLUMN("credit-code", "credit_code", "代码", "统一社会信用代码", "统一社会信用代码（GB 32100 校验）"), \
    COLUMN("county", "county_code", "区划", "注册地区划代码", "注册地县级区划代码"), \
    COLUMN("section", "industry_section", "门类", "行业门类", "行业门类（GB/T 4754 字母，可省略）"), \
    COLUMN("industry", "industry_division", "大类", "行业大类", "行业大类（GB/T 4754 两位数字）"), \
    COLUMN("class", "industry_class", "小类", "行业小类", "行业小类（四位数字，可省略）"), \
    COLUMN("ownership", "ownership", "所有制", "所有制", "所有制：私营、个体、合作社、其他"), \
    COLUMN("employees", "employees", "人数", "从业人员", "从业人员（人）"), \
    COLUMN("revenue", "revenue", "万元", "营业收入", "营业收入（万元）"), \
    COLUMN("assets", "assets", "万元", "资产总额", "资产总额（万元）"), \
    COLUMN("figures-year", "figures_year", "年度", "数据年度", "上述数据的年度"), \
    COLUMN("legal-rep", "legal_rep", "姓名", "法定代表人", "法定代表人"), \
    COLUMN("legal-rep-mobile", "legal_rep_mobile", "手机号", "法定代表人手机", "法定代表人手机（加密保存）"), \
    COLUMN("contact", "contact_name", "姓名", "联系人", "联系人"), \
    COLUMN("contact-mobile", "contact_mobile", "手机号", "联系人手机", "联系人手机（加密保存）"), \
    COLUMN("need-amount", "need_amount", "万元", "融资需求", "融资需求（万元）"), \
    COLUMN("need-purpose", "need_purpose", "用途", "融资用途", "融资用途"), \
    COLUMN("need-term", "need_term_months", "月数", "融资期限", "融资期限（月）"), \
    COLUMN("need-urgency", "need_urgency", "程度", "紧迫程度", "紧迫程度：不急、一般、较急、紧急"), \
    COLUMN_MULTI("borrowing", NULL, "机构:万元:到期日", "现有借款", \
                 "现有借款，如 青海银行:500:2027-06-30（可多笔，用 ; 分隔）"), \
    COLUMN_MULTI("difficulty", "difficulties", "困难", "主要困难", \
                 "主要困难：管理、融资、资本市场、财务规范、风险、信用（可多项）")

const cmd_opt enterprise_fields[] = {ENTERPRISE_FIELDS, {0}};

#define LIST_FILTERS \
    ARG("year", "year", "年度", "年度"), \
    ARG("tier", "tier", "层级", "省级 province、市州级 prefecture"), \
    ARG("prefecture", "prefecture_code", "市州", "市（州）"), \
    ARG("county", "county_code", "区划", "县（市、区）"), \
    ARG("industry", "industry", "门类或大类", "行业门类字母或大类两位数字"), \
    ARG("size", "size_class", "规模", "企业规模：大型 large、中型 medium、小型 small、微型 micro"), \
    ARG("status", "status", "状态", "在册 listed、已移出 removed、结束培育 left")

/* ------------------------------------------------------------------ the table */

const command commands[] = {
    /* session */
    {"login", NULL, cmd_login, OPTS(FLAG("password-stdin", NULL, "从标准输入读取密码（否则读 RONGPEI_PASSWORD 或提示输入）")),
     NULL, NULL, "登录（用户名取自 RONGPEI_USER）", NULL, NULL},
    {"logout", "session.logout", cmd_logout, NO_OPTS, NULL, NULL, "退出登录并销毁服务器上的会话", NULL, NULL},
    {"whoami", "session.whoami", NULL, NO_OPTS, NULL,
     COLS(C("username", "用户名"), C("display_name", "姓名"), C("org_name", "机构"), C("org_kind", "机构类别"),
          C("office_name", "网点"), C("roles", "角色"), C("scope", "可见范围"), C("password_expires", "密码到期"),
          C("must_change_password", "须修改密码")),
     "当前用户、机构、角色和可见范围", NULL, NULL},
    {"passwd", NULL, cmd_passwd, OPTS(FLAG("password-stdin", NULL, "从标准输入依次读取原密码、新密码")),
     NULL, NULL, "修改本人密码", "新密码至少 10 位，含大写字母、小写字母、数字、符号中的至少三类。", NULL},

    /* organisations, offices, users, certificates */
    {"org list", "org.list", NULL,
     OPTS(ARG("kind", "kind", "类别", "机构类别：省局 bureau、市州金融办 prefecture_office、金融及中介机构 institution、企业 enterprise"),
          ARG("division", "division_code", "区划", "所在市（州）或县的区划代码"),
          FLAG("include-disabled", "include_disabled", "含已停用的机构")),
     "orgs", ORG_COLS, "列出机构", NULL, NULL},
    {"org create", "org.create", NULL,
     OPTS(REQ("kind", "kind", "类别", "市州金融办 prefecture_office、金融及中介机构 institution、企业 enterprise"),
          REQ("name", "name", "名称", "机构全称"),
          REQ("division", "division_code", "区划", "所在地区划代码（市州金融办：其市州代码）"),
          ARG("type", "inst_type", "机构类型", "金融及中介机构的类型：银行 bank、证券 securities、保险 insurance、"
              "律师事务所 law_firm、会计师事务所 accounting_firm、融资担保 guarantee、区域股权市场 equity_market、"
              "政府部门 government、其他 other"),
          ARG("short", "short_name", "简称", "简称"),
          ARG("credit-code", "credit_code", "代码", "统一社会信用代码（GB 32100 校验）")),
     NULL, ORG_COLS, "新建机构（市州金融办、金融及中介机构、企业）", NULL, NULL},
    {"org update", "org.update", NULL,
     OPTS(ID_POS("机构"), ARG("name", "name", "名称", "新名称"), ARG("short", "short_name", "简称", "新简称"),
          ARG("division", "division_code", "区划", "新区划代码"),
          ARG("credit-code", "credit_code", "代码", "统一社会信用代码")),
     NULL, ORG_COLS, "修改机构信息（不给的项不变）", NULL, NULL},
    {"org disable", "org.disable", NULL, OPTS(ID_POS("机构"), REASON_REQ), NULL, ORG_COLS,
     "停用机构（其用户立即下线）", NULL, NULL},
    {"org enable", "org.disable", NULL, OPTS(ID_POS("机构"), FIXED("enable", "true")), NULL, ORG_COLS,
     "恢复机构", NULL, NULL},
    {"office list", "office.list", NULL, OPTS(ARG("org", "org_id", "机构", "只列出该机构的网点")),
     "offices", OFFICE_COLS, "列出网点/分支机构", NULL, NULL},
    {"office create", "office.create", NULL,
     OPTS(REQ("org", "org_id", "机构", "所属机构"), REQ("name", "name", "网点名称", "网点名称"),
          ARG("county", "county_code", "区划", "所在县级区划代码")),
     NULL, OFFICE_COLS, "新建网点", NULL, NULL},
    {"office update", "office.update", NULL,
     OPTS(ID_POS("网点"), ARG("name", "name", "名称", "新名称"), ARG("county", "county_code", "区划", "新区划"),
          FLAG("disable", "disable", "停用"), FLAG("enable", "enable", "恢复")),
     NULL, OFFICE_COLS, "修改、停用或恢复网点", NULL, NULL},
    {"user list", "user.list", NULL,
     OPTS(ARG("org", "org_id", "机构", "只列出该机构的用户"), ARG("office", "office_id", "网点", "只列出该网点的用户"),
          ARG("role", "role", "角色", "只列出有该角色的用户"), FLAG("include-disabled", "include_disabled", "含已停用的用户")),
     "users", USER_COLS, "列出用户", NULL, NULL},
    {"user create", "user.create", cmd_user_create,
     OPTS(REQ("org", "org_id", "机构", "所属机构"), REQ("username", "username", "用户名", "登录用户名"),
          REQ("name", "display_name", "姓名", "姓名"), ARG("office", "office_id", "网点", "所在网点"),
          ARG("mobile", "mobile", "手机号", "手机号（加密保存）"), MULTI("role", "roles", "角色", "角色"),
          FLAG("password-stdin", NULL, "从标准输入读取初始密码（否则生成一个并显示）")),
     NULL, USER_COLS, "新建用户（首次登录须修改密码）", NULL, NULL},
    {"user update", "user.update", NULL,
     OPTS(ID_POS("用户"), ARG("name", "display_name", "姓名", "新姓名"), ARG("mobile", "mobile", "手机号", "新手机号"),
          ARG("office", "office_id", "网点", "新网点"), FLAG("disable", "disable", "停用"),
          FLAG("enable", "enable", "恢复")),
     NULL, USER_COLS, "修改、停用或恢复用户", NULL, NULL},
    {"user grant", "user.grant", NULL, OPTS(POS("用户", "user_id", "用户"), POS("角色", "role", "要授予的角色")),
     NULL, USER_COLS, "授予角色", NULL, NULL},
    {"user revoke", "user.revoke", NULL, OPTS(POS("用户", "user_id", "用户"), POS("角色", "role", "要收回的角色")),
     NULL, USER_COLS, "收回角色", NULL, NULL},
    {"user reset-password", "user.reset_password", cmd_user_reset,
     OPTS(POS("用户", "user_id", "用户"), FLAG("password-stdin", NULL, "从标准输入读取临时密码（否则生成一个并显示）")),
     NULL, USER_COLS, "重置密码并解除锁定（下次登录须修改）", NULL, NULL},
    {"user reveal", "user.reveal", NULL, OPTS(ID_POS("用户")), NULL,
     COLS(C("user_id", "用户编号"), C("mobile", "手机号")), "查看完整手机号（留痕）", NULL, NULL},
    {"cert issue", "cert.issue", cmd_cert_issue,
     OPTS(REQ("org", "org_id", "机构", "为该机构签发"), REQ("out", NULL, "目录", "私钥、证书和 CA 证书写入该目录"),
          ARG("days", "days", "天数", "有效期（默认 365，至多 825）")),
     NULL, CERT_COLS, "为机构生成私钥并签发客户端证书（私钥不离开本机）", NULL, NULL},
    {"cert list", "cert.list", NULL,
     OPTS(ARG("org", "org_id", "机构", "只列出该机构的证书"), FLAG("include-revoked", "include_revoked", "含已吊销的证书")),
     "certificates", CERT_COLS, "列出客户端证书", NULL, NULL},
    {"cert revoke", "cert.revoke", NULL, OPTS(POS("指纹", "fingerprint", "证书的 SHA-256 指纹"), REASON_REQ),
     NULL, CERT_COLS, "吊销证书（立即生效）", NULL, NULL},
    {"audit list", "audit.list", NULL,
     OPTS(ARG("since", "since", "日期", "起始日期或时间（默认 7 天前）"), ARG("until", "until", "日期", "截止日期或时间"),
          ARG("method", "method", "方法", "只列出该方法，如 org.create"), ARG("user", "user_id", "用户", "只列出该用户")),
     "records", COLS(C("id", "编号"), C("at", "时间"), C("username", "用户"), C("org_id", "机构"), C("method", "操作"),
                     C("object", "对象"), C("status", "结果"), C("peer", "来源地址"), C("detail", "说明")),
     "查询审计记录（新的在前）", NULL, NULL},

    /* advisor intake, review, appointment */
    {"round open", "round.open", cmd_round_open,
     OPTS(YEAR_REQ, REQ("title", "title", "名称", "轮次名称"), REQ("target", "target", "人数", "拟聘人数"),
          REQ("deadline", "deadline", "yyyy-mm-dd", "提名截止日期"),
          PAIRS("criterion", "criteria", "名称:权重", "name:weight", "评审标准及权重（权重合计 100）"),
          PAIRS("quota", "quotas", "机构:名额", "org_id:quota", "各机构的提名名额"), TIER_FLAG),
     NULL, NULL, "开启顾问提名轮次（省局；市州金融办加 --prefecture）", NULL, NULL},
    {"round list", "round.list", NULL, OPTS(ARG("year", "year", "年度", "只列出该年度")), "rounds", ROUND_COLS,
     "提名轮次及名额使用情况", NULL, NULL},
    {"round quota", "round.quota", cmd_round_quota,
     OPTS(POS("轮次", "round_id", "轮次"),
          PAIRS("quota", "quotas", "机构:名额", "org_id:quota", "各机构的新名额，写法与 round open 相同（全部调整或全部不调整）")),
     NULL, NULL, "调整机构名额（不能少于已报送数）", NULL, NULL},
    {"advisor nominate", "nomination.draft", NULL,
     OPTS(ARG("round", "round_id", "轮次", "提名轮次"),
          ARG("replaces", "replacement_id", "更换报告编号", "提名接替人选（不占名额）"), NOMINATION_FIELDS),
     NULL, NOMINATION_COLS, "起草顾问候选人提名（网点经办人员、机构管理员）", NULL, NULL},
    {"advisor import", "nomination.import", cmd_advisor_import,
     OPTS(REQ("round", "round_id", "轮次", "提名轮次"), REQ("file", NULL, "文件", "CSV（UTF-8 或 GB18030）或 Excel（xlsx）；- 读标准输入")),
     NULL, NULL, "从文件批量起草提名：整份导入或整份不导入",
     "第一行为表头，列的顺序不限（rongpei template nominations 写出模板）。多个值用 、或 ; 分隔。\n"
     "有一行不符合要求时整份文件不导入，并逐行说明原因。", nomination_columns},
    {"nomination list", "nomination.list", NULL,
     OPTS(ARG("round", "round_id", "轮次", "只列出该轮次"), ARG("status", "status", "状态", "草稿 draft、已退回 returned、已报送 submitted")),
     "nominations", NOMINATION_COLS, "列出提名及其状态", NULL, NULL},
    {"nomination update", "nomination.update", NULL, OPTS(ID_POS("提名"), NOMINATION_FIELDS_AS(ARG, MULTI)), NULL,
     NOMINATION_COLS, "修改草稿或被退回的提名（只给要改的项，其余不变；改后回到草稿）",
     "身份证号不必再给（仍用原来的）；改性别时须同时给出身份证号以便核对。给出的多值项（专业领域、市州）整体替换原来的。", NULL},
    {"nomination return", "nomination.return", NULL, OPTS(ID_POS("提名"), REASON_REQ), NULL, NOMINATION_COLS,
     "退回提名草稿", NULL, NULL},
    {"nomination reveal", "nomination.reveal", NULL, OPTS(ID_POS("提名")), NULL,
     COLS(C("nomination_id", "提名编号"), C("name", "姓名"), C("id_number", "身份证号"), C("mobile", "手机号")),
     "查看候选人完整身份证号和手机号（留痕）", NULL, NULL},
    {"nomination submit", "nomination.submit", NULL, OPTS(EACH_POS("提名")), NULL, NOMINATION_COLS,
     "在名额内报送提名", NULL, NULL},
    {"review assign", "review.assign", cmd_review_assign,
     OPTS(POS("轮次", "round_id", "轮次"), REQ("reviewer", "reviewer_id", "用户", "评审专家"),
          MULTI("nomination", "nomination_ids", "提名", "要分配的候选人，多个用、或 , 分隔，编号可写 12-20"),
          FLAG("all", NULL, "该轮次全部已报送的候选人")),
     NULL, NULL, "把候选人分配给评审专家（同机构自动回避）", NULL, NULL},
    {"review experts", "review.experts", NULL, NO_OPTS, "experts",
     COLS(C("user_id", "用户编号"), C("username", "用户名"), C("display_name", "姓名"), C("org_name", "机构"),
          C("assigned", "待评"), C("scored", "已评")),
     "可分配的评审专家（省局和市州金融办分配评审时用）", NULL, NULL},
    {"review queue", "review.queue", NULL, OPTS(ARG("round", "round_id", "轮次", "只列出该轮次")), "items",
     COLS(C("nomination_id", "提名编号"), C("round_id", "轮次"), C("name", "姓名"), C("org_name", "机构"),
          C("id_number", "身份证号"), C("specialisms", "专业领域"), C("years", "从业年限"), C("status", "状态")),
     "我的待评候选人（评审专家）", NULL, NULL},
    {"review score", "review.score", NULL,
     OPTS(POS("提名", "nomination_id", "候选人"),
          PAIRS("score", "scores", "标准:分数", "criterion:score", "各项评审标准的分数（0 至 100）"),
          ARG("comment", "comment", "意见", "评审意见")),
     NULL, COLS(C("id", "已评分的提名")), "按评审标准打分（决定确认前可修改）", NULL, NULL},
    {"review conflict", "review.conflict", NULL, OPTS(POS("提名", "nomination_id", "候选人"), REASON_REQ), NULL,
     COLS(C("id", "已回避的提名")), "申报利益冲突并回避（已打的分作废）", NULL, NULL},
    {"review results", "review.results", NULL, OPTS(POS("轮次", "round_id", "轮次")), "rows", RESULT_COLS,
     "各候选人得分、加权平均、离散度、排名和决定", NULL, NULL},
    {"decision propose", "decision.propose", NULL,
     OPTS(POS_EACH("提名", "nomination_id", "候选人"), REQ("decision", "decision", "决定", "聘任 appoint、不予聘任 reject、候补 waitlist"),
          REASON_REQ),
     NULL, RESULT_COLS, "提出聘任、不予聘任或候补的决定（须另一人确认）", NULL, NULL},
    {"decision confirm", "decision.confirm", NULL, OPTS(EACH_POS("提名")), NULL, RESULT_COLS,
     "确认他人提出的决定（双人复核）；确认聘任即产生顾问和聘书", NULL, NULL},
    {"advisor list", "advisor.list", NULL,
     OPTS(ARG("ending-within", "ending_within_days", "天数", "只列出聘期在 N 天内届满的"),
          ARG("status", "status", "状态", "在聘 active、暂停 suspended、已终止 ended")),
     "advisors", ADVISOR_COLS, "金融顾问及聘期", NULL, NULL},
    {"advisor extend", "advisor.extend", NULL, OPTS(ID_POS("顾问"), REASON_REQ), NULL, ADVISOR_TERM_COLS,
     "续聘一年，颁发新聘书", NULL, NULL},
    {"advisor suspend", "advisor.suspend", NULL, OPTS(ID_POS("顾问"), REASON_REQ), NULL, ADVISOR_COLS,
     "暂停顾问服务", NULL, NULL},
    {"advisor end", "advisor.end", NULL, OPTS(ID_POS("顾问"), REASON_REQ), NULL, ADVISOR_COLS, "终止聘任", NULL, NULL},
    {"advisor history", "advisor.history", cmd_advisor_history, OPTS(ID_POS("顾问")), NULL, ADVISOR_COLS,
     "顾问的全部聘期、聘书和更换记录", NULL, NULL},
    {"advisor link", "advisor.link", NULL,
     OPTS(ID_POS("顾问"), REQ("user", "user_id", "用户", "顾问本人的账户（须有金融顾问角色，姓名与顾问相同；0 取消关联）"),
          ARG("id-number", "id_number", "身份证号", "顾问本人的身份证号（关联时必填，须与提名时一致）")),
     NULL, ADVISOR_COLS, "关联顾问本人的用户账户", NULL, NULL},
    {"advisor report", "advisor.report", NULL,
     OPTS(POS("顾问", "advisor_id", "本机构的顾问"),
          REQ("kind", "kind", "类别", "工作变动 moved、未尽职 not_performing、其他 other"), REASON_REQ),
     NULL, REPLACEMENT_COLS, "机构报告顾问工作变动或未尽职，申请更换", NULL, NULL},
    {"replacement list", "replacement.list", NULL,
     OPTS(ARG("status", "status", "状态", "待核实 reported、已核实 verified、未通过 rejected、已接替 completed")),
     "replacements", REPLACEMENT_COLS, "顾问更换报告及办理情况", NULL, NULL},
    {"replacement verify", "replacement.verify", NULL,
     OPTS(ID_POS("报告编号"), CHOICE1("accept", "accept", "true", "属实（聘任终止）"),
          CHOICE1("reject", "accept", "false", "不属实"), REQ("reason", "note", "理由", "核实意见（留存记录）")),
     NULL, REPLACEMENT_COLS, "核实更换报告", NULL, NULL},

    /* team sync */
    {"team export", NULL, cmd_team_export, OPTS(REQ("file", NULL, "团队.csv", "写出的文件")), NULL, NULL,
     "把本级顾问团队写成表格，供离线修改", NULL, team_columns},
    {"team sync", NULL, cmd_team_sync,
     OPTS(ARG("file", NULL, "团队.csv", "修改后的文件（默认上次导出的）"), ARG("round", NULL, "轮次", "新成员提名进入的轮次")),
     NULL, NULL, "上传离线修改（先发送待发送箱），下载当前团队；断线重试不重复执行",
     "编号为空的行是新成员；状态填“已终止”即终止聘任。", team_columns},
    {"team outbox", NULL, cmd_team_outbox, NO_OPTS, NULL, NULL, "查看尚未送达服务器的变更", NULL, NULL},
    {"team conflicts", NULL, cmd_team_conflicts, NO_OPTS, NULL, NULL, "查看同步冲突（本地与服务器两边的值）", NULL, NULL},
    {"team resolve", NULL, cmd_team_resolve,
     OPTS(POS("顾问", NULL, "冲突的顾问"), CHOICE1("mine", NULL, "mine", "以本地修改为准重新提交"),
          CHOICE1("theirs", NULL, "theirs", "放弃本地修改"), ARG("file", NULL, "团队.csv", "团队文件")),
     NULL, NULL, "处理同步冲突", NULL, NULL},

    /* enterprises and the key-enterprise list */
    {"enterprise save", "enterprise.save", cmd_enterprise_save, OPTS(ENTERPRISE_FIELDS), NULL, ENTERPRISE_COLS,
     "登记或修改企业信息（规模按 2011 年划型标准自动计算，修改留痕）", NULL, NULL},
    {"enterprise show", "enterprise.get", NULL, OPTS(ID_POS("企业")), NULL, ENTERPRISE_COLS, "查看企业信息", NULL, NULL},
    {"enterprise history", "enterprise.history", NULL, OPTS(ID_POS("企业")), "changes",
     COLS(C("at", "时间"), C("username", "修改人"), C("field", "项目"), C("old_value", "原值"), C("new_value", "新值")),
     "企业信息的修改记录", NULL, NULL},
    {"enterprise consent", "enterprise.consent", NULL,
     OPTS(MULTI("lender", "org_ids", "机构", "授权查看本企业信息的金融机构（不给即撤回全部授权）")),
     NULL, ENTERPRISE_COLS, "授权金融机构查看本企业信息（企业联系人）", NULL, NULL},
    {"keylist open", "keylist.open", cmd_keylist_open,
     OPTS(YEAR_REQ, REQ("deadline", "deadline", "yyyy-mm-dd", "推荐截止日期"),
          MULTI("target", NULL, "市州代码:数目", "各市州的推荐目标（市州金融办加 --prefecture 时只写数目）"), TIER_FLAG),
     NULL, NULL, "开启年度重点企业推荐轮次（延续上年未满两年的企业）", NULL, NULL},
    {"keylist rounds", "keylist.rounds", cmd_keylist_rounds, OPTS(ARG("year", "year", "年度", "只列出该年度")),
     "rounds", NULL, "推荐轮次、目标与推荐数", NULL, NULL},
    {"keylist list", "keylist.list", cmd_keylist_list,
     OPTS(LIST_FILTERS, ARG("xlsx", NULL, "文件", "同时写出 Excel 文件")), "entries", NULL,
     "重点企业名单，可导出 xlsx", NULL, NULL},
    {"keylist stats", "keylist.stats", cmd_keylist_stats, OPTS(LIST_FILTERS), NULL, NULL, "按市州、行业、规模统计", NULL, NULL},
    {"keylist diff", "keylist.diff", NULL, OPTS(YEAR_REQ, ARG("tier", "tier", "层级", "province 或 prefecture"),
                                                ARG("prefecture", "prefecture_code", "市州", "市（州）")),
     "rows", COLS(C("change", "变化"), C("enterprise_id", "企业编号"), C("name", "企业名称"), C("prefecture_code", "市州"),
                  C("years_in_program", "培育年数"), C("reason", "说明")),
     "与上一年度比较：新增、延续、退出", NULL, NULL},
    {"recommend import", "recommendation.import", cmd_recommend_import,
     OPTS(REQ("round", "round_id", "轮次", "推荐轮次"), REQ("file", NULL, "文件", "CSV（UTF-8 或 GB18030）或 Excel（xlsx）；- 读标准输入"),
          ARG("over-target", "over_target_reason", "理由", "推荐数将超出本市州目标时：确认并说明理由")),
     NULL, NULL, "从文件批量推荐企业（整份导入或整份不导入）",
     "表头写列名，列的顺序不限；有一行不正确时整份不导入，并列出全部错误行。", enterprise_fields},
    {"recommend", "recommendation.submit", cmd_enterprise_save,
     OPTS(REQ("round", "round_id", "轮次", "推荐轮次"), ARG("replaces", "replaces_slot", "名额编号", "递补的名额"),
          ARG("over-target", "over_target_reason", "理由", "推荐数将超出本市州目标时：确认并说明理由"),
          ENTERPRISE_FIELDS),
     NULL, RECOMMENDATION_COLS, "推荐一家本市州企业", NULL, NULL},
    {"recommendation list", "recommendation.list", NULL,
     OPTS(ARG("round", "round_id", "轮次", "只列出该轮次"),
          ARG("status", "status", "状态", "已报送 submitted、被退回 returned、已列入 approved、不予列入 rejected")),
     "recommendations", RECOMMENDATION_COLS, "推荐及审核情况", NULL, NULL},
    {"recommendation decide", "recommendation.decide", NULL,
     OPTS(EACH_POS("推荐"), CHOICE1("approve", "decision", "approve", "列入名单"),
          CHOICE1("return", "decision", "return", "退回修改"), CHOICE1("reject", "decision", "reject", "不予列入"),
          ARG("reason", "reason", "理由", "理由（退回、不予列入时必填）")),
     NULL, RECOMMENDATION_COLS, "审核推荐", NULL, NULL},
    {"recommendation correct", "recommendation.correct", cmd_enterprise_save, OPTS(ID_POS("推荐"), ENTERPRISE_FIELDS),
     NULL, RECOMMENDATION_COLS, "修改被退回的推荐后重新报送（只给要改的项，其余不变）", NULL, NULL},
    {"enterprise leave", "keylist.leave", NULL,
     OPTS(POS("企业", "enterprise_id", "结束培育的企业"),
          REQ("reason", "leave_reason", "原因", "培育毕业 graduated、已获得融资 financing_obtained、其他 other"),
          ARG("account", "account", "情况", "具体情况（原因为其他时必填，至少 10 个字）"),
          ARG("tier", "tier", "层级", "province 或 prefecture（默认您所管的名单）")),
     NULL, COLS(C("name", "企业"), C("year", "年度"), C("tier", "层级"), C("leave_reason", "原因"), C("account", "情况"),
                C("pairs_ended", "结束的结对"), C("recorded_at", "登记时间")),
     "企业结束培育（P20；名单所属的省局或市州金融办）：不再列入下一年度名单，结对和服务协议随之结束",
     "因管理混乱、经营异常等问题移出名单请用 rongpei removal apply（P12）。", NULL},
    {"removal apply", "removal.apply", NULL,
     OPTS(POS("企业", "enterprise_id", "要移出的企业（服务它的顾问提出；名单所属的省局或市州金融办可代为提出）"),
          MULTI_REQ("ground", "grounds", "理由", "管理混乱 chaotic_management、经营异常 abnormal_operation、"
                    "扭亏无望 no_prospect、不配合 refuses_cooperation（可多项）"),
          REQ("account", "account", "情况", "具体情况")),
     NULL, REMOVAL_COLS, "申请将企业移出名单（P12）", NULL, NULL},
    {"removal decide", "removal.decide", NULL,
     OPTS(ID_POS("申请编号"), CHOICE1("approve", "approve", "true", "移出"), CHOICE1("reject", "approve", "false", "不予移出"),
          REASON_REQ),
     NULL, REMOVAL_COLS, "审核移出申请（移出后所在市州递补）", NULL, NULL},
    {"removal list", "removal.list", NULL, OPTS(ARG("status", "status", "状态", "待审核 applied、已批准 approved、未通过 rejected")),
     "removals", REMOVAL_COLS, "移出申请及递补情况", NULL, NULL},

    /* groups, pairing, agreements */
    {"group propose", "group.propose", cmd_group_propose,
     OPTS(YEAR_REQ, TIER_FLAG, FLAG("save", NULL, "按此方案组建小组")), NULL, NULL,
     "提出顾问小组分组方案并说明均衡情况；--save 按方案组建", NULL, NULL},
    {"group list", "group.list", cmd_group_list, OPTS(ARG("year", "year", "年度", "只列出该年度"), TIER_FLAG), "groups", NULL,
     "顾问小组、组长和成员", NULL, NULL},
    {"group move", "group.move", cmd_group_list,
     OPTS(POS("顾问", "advisor_id", "要调整的顾问"), REQ("to", "group_id", "小组", "调入的小组"), REASON_REQ),
     "groups", NULL, "调整顾问所在小组", NULL, NULL},
    {"group leader", "group.leader", cmd_group_list,
     OPTS(POS("小组", "group_id", "小组"), REQ("advisor", "advisor_id", "顾问", "新组长"), REASON_REQ),
     "groups", NULL, "更换组长", NULL, NULL},
    {"group history", "group.history", NULL, OPTS(ID_POS("顾问")), "rows",
     COLS(C("group_id", "小组编号"), C("group_name", "小组"), C("year", "年度"), C("since", "入组"), C("until", "离组"),
          C("reason", "入组理由"), C("end_reason", "离组原因")),
     "顾问所在小组的全部记录", NULL, NULL},
    {"pairing propose", "pairing.propose", cmd_pairing_propose,
     OPTS(YEAR_REQ, TIER_FLAG,
          FIXED("weights.specialism", "-1"), FIXED("weights.industry", "-1"), FIXED("weights.local", "-1"),
          ARG("weight-specialism", "weights.specialism", "权重", "专业对口的权重（默认 5）"),
          ARG("weight-industry", "weights.industry", "权重", "熟悉行业的权重（默认 3）"),
          ARG("weight-local", "weights.local", "权重", "本地机构的权重（默认 2）"),
          FLAG("accept", NULL, "确认此方案")),
     "pairs", NULL, "由服务器求出总得分最高的顾问—企业结对方案并说明依据；--accept 确认", NULL, NULL},
    {"pairing accept", "pairing.accept", NULL,
     OPTS(POS("方案编号", "proposal_id", "pairing propose 给出的方案"), ARG("reason", "note", "理由", "确认的理由（留存记录）")),
     NULL, COLS(C("run_id", "结对批次"), C("objective", "总得分")), "确认服务器保存的结对方案", NULL, NULL},
    {"pairing list", "pairing.list", NULL,
     OPTS(ARG("year", "year", "年度", "只列出该年度"), TIER_FLAG, CHOICE("province", "tier", "province", "只列出省级"),
          ARG("enterprise", "enterprise_id", "企业", "只列出该企业"), ARG("advisor", "advisor_id", "顾问", "只列出该顾问"),
          FLAG("history", "history", "含已结束的结对")),
     "pairs", PAIR_COLS, "结对及其依据（顾问看本人的、组长看本组的、企业看本企业的）", NULL, NULL},
    {"pairing change", "pairing.change", NULL,
     OPTS(POS("企业", "enterprise_id", "企业"), REQ("advisor", "advisor_id", "顾问", "新的顾问"), YEAR_REQ, TIER_FLAG,
          REASON_REQ),
     NULL, PAIR_COLS, "为企业改派顾问（检查硬性约束和顾问容量）", NULL, NULL},
    {"pairing add", "pairing.add", NULL,
     OPTS(POS("企业", "enterprise_id", "企业"), REQ("advisor", "advisor_id", "顾问", "增派的顾问"),
          REQ("specialism", "specialism", "专业", "所需专业"), YEAR_REQ, TIER_FLAG, REASON_REQ),
     NULL, PAIR_COLS, "为企业增派具备所需专业的顾问（现有顾问缺该专业时）", NULL, NULL},
    {"pairing succeed", "pairing.succeed", NULL, OPTS(POS("顾问", "advisor_id", "接替的顾问")), "pairs", PAIR_COLS,
     "接替顾问承接被更换顾问的全部结对", NULL, NULL},
    {"pairing conflict", "pairing.conflict", NULL,
     OPTS(POS("顾问", "advisor_id", "顾问"), REQ("enterprise", "enterprise_id", "企业", "企业"), REASON_REQ),
     NULL, COLS(C("id", "已申报的顾问")), "申报利益冲突（此后不会结对）", NULL, NULL},
    {"agreement template", "agreement.template", cmd_agreement_template,
     OPTS(ARG("version", "version", "版本", "指定版本（默认最新）"), ARG("out", NULL, "文件.txt", "正文写入该文件")),
     NULL, COLS(C("version", "版本"), C("title", "标题"), C("note", "修订说明"), C("created_at", "发布日期"),
                C("created_by", "发布人")),
     "查看服务协议模板", NULL, NULL},
    {"agreement template-save", "agreement.template_save", cmd_agreement_template_save,
     OPTS(REQ("file", NULL, "正文.txt", "模板正文（UTF-8 或 GB18030）"), REQ("title", "title", "标题", "协议标题"),
          REQ("note", "note", "说明", "本版修订说明")),
     NULL, COLS(C("version", "版本"), C("title", "标题"), C("note", "修订说明"), C("created_at", "发布日期"),
                C("created_by", "发布人")),
     "发布服务协议模板的新版本（省局）",
     "正文可用的占位符：{enterprise} {advisor} {institution} {filing_body} {term_start} {term_end}", NULL},
    {"agreement draft", "agreement.draft", cmd_agreement_draft,
     OPTS(YEAR_REQ, ARG("enterprise", "enterprise_id", "企业", "只为该企业"), TIER_FLAG), "agreements", AGREEMENT_COLS,
     "为尚无协议的结对按最新模板起草协议", NULL, NULL},
    {"agreement list", "agreement.list", NULL,
     OPTS(ARG("year", "year", "年度", "只列出该年度"),
          ARG("status", "status", "状态", "drafted、signed_one、signed_both、filed、returned、ended"),
          ARG("enterprise", "enterprise_id", "企业", "只列出该企业"), TIER_FLAG,
          CHOICE("province", "tier", "province", "只列出省级")),
     "agreements", AGREEMENT_COLS, "服务协议及状态", NULL, NULL},
    {"agreement show", "agreement.show", cmd_agreement_show, OPTS(ID_POS("协议编号")), NULL, NULL,
     "协议全文、SM3 摘要、签署与备案情况", NULL, NULL},
    {"agreement sign", "agreement.sign", cmd_agreement_sign, OPTS(ID_POS("协议编号"), FLAG("yes", NULL, "已阅读，确认签署")),
     NULL, AGREEMENT_COLS, "以顾问或企业联系人身份签署（核对 SM3 摘要）", NULL, NULL},
    {"agreement file", "agreement.file", NULL, OPTS(EACH_POS("协议编号"), FIXED("accept", "true")), NULL, AGREEMENT_COLS,
     "备案双方已签署的协议，给出备案号", NULL, NULL},
    {"agreement return", "agreement.file", NULL, OPTS(ID_POS("协议编号"), REASON_REQ), NULL, AGREEMENT_COLS,
     "退回双方已签署的协议（随后重新起草）", NULL, NULL},
    {"agreement end", "agreement.end", NULL, OPTS(ID_POS("协议编号"), REASON_REQ), NULL, AGREEMENT_COLS, "终止协议", NULL, NULL},
    {"agreement renew", "agreement.renew", NULL, OPTS(ID_POS("协议编号")), NULL, AGREEMENT_COLS,
     "服务期满前 60 天内续签：按最新模板起草下一期协议", NULL, NULL},
    {"agreement pdf", "agreement.show", cmd_agreement_pdf,
     OPTS(ID_POS("协议编号"), REQ("out", NULL, "文件.pdf", "写出的 PDF")), NULL, NULL,
     "生成协议 PDF（中文字体内嵌，已备案的带备案号）", NULL, NULL},

    /* the rest */
    {"inbox", "inbox.list", cmd_inbox, NO_OPTS, "items",
     COLS(C("at", "时间"), C("kind", "事项"), C("title", "内容"), C("detail", "说明"), C("command", "处理命令")),
     "待我处理的事项（最新的在前）", NULL, NULL},
    {"certificate verify", "certificate.verify", NULL, OPTS(POS("核验码", "code", "聘书上的核验码")), NULL,
     COLS(C("genuine", "真实聘书"), C("status", "状态"), C("name", "姓名"), C("org_name", "所在机构"), C("cert_no", "聘书编号"),
          C("term_start", "聘期起"), C("term_end", "聘期止"), C("issuer", "发证机关")),
     "核验聘书真伪及是否有效（无需登录）", NULL, NULL},
    {"certificate pdf", "certificate.document", cmd_certificate_pdf,
     OPTS(POS("顾问", "advisor_id", "顾问"), REQ("out", NULL, "文件.pdf", "写出的 PDF")), NULL, NULL,
     "生成聘书 PDF（中文字体内嵌）", NULL, NULL},
    {"roster publish", "roster.publish", cmd_roster,
     OPTS(TIER_FLAG, ARG("note", "note", "说明", "本次发布的说明"), ARG("xlsx", NULL, "文件", "写出 Excel 文件"),
          ARG("html", NULL, "文件", "写出网页")),
     NULL, NULL, "发布在聘顾问名单（留存版本），可写出 xlsx 和网页", NULL, NULL},
    {"roster show", "roster.get", cmd_roster,
     OPTS(ARG("prefecture", "prefecture_code", "市州", "该市州的名单（默认省级名单）"),
          ARG("version", "version", "版本", "指定版本（默认最新）"), ARG("xlsx", NULL, "文件", "写出 Excel 文件"),
          ARG("html", NULL, "文件", "写出网页")),
     NULL, NULL, "查看已发布的名单", NULL, NULL},
    {"divisions", "ref.divisions", NULL, OPTS(ARG("parent", "parent_code", "上级代码", "只列出其下级")), "divisions",
     COLS(C("code", "代码"), C("name", "名称"), C("parent_code", "上级代码"), C("level", "级别")),
     "青海省行政区划代码", NULL, NULL},
    {"methods", "meta.methods", NULL, NO_OPTS, "methods",
     COLS(C("name", "方法"), C("roles", "允许的角色"), C("anonymous", "免登录"), C("mutating", "修改类"), C("audited", "留痕"),
          C("summary", "说明")),
     "服务端的方法、允许的角色及说明", NULL, NULL},
    {"declaration show", "declaration.show", NULL, OPTS(ARG("year", "year", "年度", "年度（默认今年）")), NULL,
     COLS(C("year", "年度"), C("title", "标题"), C("body", "正文"), C("digest", "SM3 摘要"), C("declared_at", "作出时间")),
     "年度承诺书（P13）及本人是否已作出（金融顾问）", NULL, NULL},
    {"declaration sign", "declaration.sign", cmd_declaration_sign,
     OPTS(ARG("year", "year", "年度", "年度（默认今年；12 月起可为下一年）"), FLAG("yes", NULL, "已阅读，确认作出承诺")),
     NULL, COLS(C("year", "年度"), C("title", "标题"), C("declared_at", "作出时间")),
     "作出年度承诺：保密、不干预经营、不收取任何费用（金融顾问，每年一次，记录服务前须作出）", NULL, NULL},
    {"service record", "service.record", NULL,
     OPTS(REQ("enterprise", "enterprise_id", "企业", "服务的企业（与您结对、协议已备案）"), SERVICE_FIELDS_AS(REQ, MULTI_REQ)),
     NULL, SERVICE_RECORD_COLS, "记录一次服务（金融顾问本人；须已作出本年度承诺）",
     "同一次服务有几位顾问参加时只记一条，用 --co-advisor 写明其他顾问。记录后若干个工作日内可由本人修改"
     "（rongpei service correct），此后只能另记一条。", NULL},
    {"service correct", "service.correct", NULL,
     OPTS(ID_POS("服务记录编号"), SERVICE_FIELDS_AS(ARG, MULTI), REQ("reason", "reason", "理由", "修改的理由（留存记录）")),
     NULL, SERVICE_RECORD_COLS, "修改本人的服务记录（只给要改的项；原内容留存）", NULL, NULL},
    {"service list", "service.list", NULL,
     OPTS(ARG("enterprise", "enterprise_id", "企业", "只列出该企业的"), ARG("advisor", "advisor_id", "顾问", "只列出该顾问的"),
          ARG("from", "from", "yyyy-mm-dd", "服务日期不早于"), ARG("to", "to", "yyyy-mm-dd", "服务日期不晚于"),
          ARG("year", "year", "年度", "只列出该年度的")),
     "services", SERVICE_COLS, "服务记录（新的在前；顾问看本人的，组长看本组的，企业看本企业的）", NULL, NULL},
    {"service show", "service.show", NULL, OPTS(ID_POS("服务记录编号")), NULL,
     COLS(C("record.id", "编号"), C("record.served_on", "服务日期"), C("record.enterprise_name", "企业"),
          C("record.advisor_name", "记录人"), C("record.co_advisor_names", "共同服务"), C("record.mode", "方式"),
          C("record.place", "地点"), C("record.attendees", "企业参加人员"), C("record.prep_minutes", "准备（分钟）"),
          C("record.contact_minutes", "交流（分钟）"), C("record.travel_minutes", "路途（分钟）"),
          C("record.topics", "服务事项"), C("record.notes", "服务内容"), C("record.secret", "涉及商业秘密"),
          C("record.version", "版本"), C("record.created_at", "记录时间"), C("record.correctable_until", "可修改至")),
     "一条服务记录的全文（查看留痕）", "修改前的各个版本及修改理由见 --json 的 history。", NULL},
    {"service checks", "service.checks", NULL, OPTS(ARG("idle-days", "idle_days", "天数", "多少天没有服务记录算久未服务（默认 30）")),
     "checks", COLS(C("kind", "核查项"), C("title", "说明"), C("advisor_name", "顾问"), C("enterprise_name", "企业"),
                    C("detail", "情况")),
     "服务数据核查：久未服务的企业、备案后未及时首次服务、本月未服务的顾问、记录不完整", NULL, NULL},
    {"risk raise", "risk.raise", NULL,
     OPTS(REQ("enterprise", "enterprise_id", "企业", "与您结对、协议已备案的企业"),
          REQ("kind", "kind", "类别", "风险类别：经营 operational、财务 financial、债务 debt、法律 legal、信用 credit"),
          REQ("severity", "severity", "程度", "风险程度：低 low、中 medium、高 high（高风险即时报本级主管部门）"),
          REQ("description", "description", "情况", "风险情况（至少 10 个字）"),
          REQ("plan", "plan", "措施", "化解措施"), REQ("due", "due_on", "yyyy-mm-dd", "化解期限"),
          FLAG("secret", "secret", "涉及商业秘密（主管部门中只有本级主管可见）")),
     NULL, RISK_COLS, "提出风险预警（金融顾问本人）", NULL, NULL},
    {"risk list", "risk.list", NULL,
     OPTS(ARG("enterprise", "enterprise_id", "企业", "只列出该企业的"),
          ARG("status", "status", "状态", "未关闭 open、已关闭 closed"),
          ARG("severity", "severity", "程度", "低 low、中 medium、高 high")),
     "warnings", RISK_COLS, "风险预警（企业、其顾问、组长和本级主管部门可见）", NULL, NULL},
    {"risk close", "risk.close", NULL, OPTS(ID_POS("预警编号"), REQ("outcome", "outcome", "情况", "化解情况")), NULL,
     RISK_COLS, "关闭风险预警并写明化解情况（提出的顾问或本级主管部门）", NULL, NULL},
    {"need record", "need.record", NULL,
     OPTS(ARG("enterprise", "enterprise_id", "企业", "企业（企业联系人不必给出）"),
          REQ("amount", "amount", "万元", "需求金额（万元）"), REQ("purpose", "purpose", "用途", "融资用途"),
          ARG("term", "term_months", "月数", "期限（月）"), ARG("collateral", "collateral", "担保", "可提供的担保、抵押"),
          ARG("urgency", "urgency", "程度", "紧迫程度"),
          FLAG("secret", "secret", "涉及商业秘密（主管部门中只有本级主管可见）")),
     NULL, NEED_COLS, "登记融资需求（企业联系人，或其结对顾问）", NULL, NULL},
    {"need list", "need.list", NULL,
     OPTS(ARG("enterprise", "enterprise_id", "企业", "只列出该企业的"), ARG("status", "status", "状态", "open、met、withdrawn")),
     "needs", NEED_COLS, "融资需求", NULL, NULL},
    {"plan draw", "plan.draw", NULL,
     OPTS(POS("需求编号", "need_id", "为哪项融资需求制定"),
          PAIRS("part", "parts", "工具:万元", "instrument:amount", "融资工具及金额，可多项，如 --part 贷款:300 --part 担保:200"),
          MULTI("lender", "lender_ids", "机构", "候选金融机构（可多项；推荐时只能推荐给其中一家）"),
          PAIRS("step", "steps", "事项:yyyy-mm-dd", "step:on", "步骤及完成时间，可多项，如 --step 补齐财务报表:2027-01-15"),
          REQ("summary", "summary", "说明", "方案说明（至少 10 个字）"),
          FLAG("secret", "secret", "涉及商业秘密（只有企业、其顾问、组长、本级主管部门和被推荐的机构可见，查看留痕）")),
     NULL, PLAN_COLS, "为融资需求制定融资方案（结对顾问，服务协议已备案）",
     "融资工具：贷款 loan、担保 guarantee、股权 equity、债券 bond、租赁 lease、保险 insurance、供应链金融 supply_chain、"
     "上市挂牌 listing。方案制定后用 rongpei referral send 需求编号 --plan-id 方案编号 --lender 机构 推荐给金融机构。", NULL},
    {"plan revise", "plan.revise", NULL,
     OPTS(ID_POS("方案编号"),
          PAIRS("part", "parts", "工具:万元", "instrument:amount", "新的融资工具及金额（给出时全部替换）"),
          MULTI("lender", "lender_ids", "机构", "新的候选金融机构（给出时全部替换）"),
          PAIRS("step", "steps", "事项:yyyy-mm-dd", "step:on", "新的步骤（给出时全部替换）"),
          ARG("summary", "summary", "说明", "新的方案说明"), FLAG("secret", "secret", "涉及商业秘密"),
          REQ("reason", "reason", "理由", "修订理由")),
     NULL, PLAN_COLS, "修订融资方案：生成新版本，原版本留存（结对顾问）", "未给出的内容沿用原版本。", NULL},
    {"plan list", "plan.list", NULL,
     OPTS(ARG("enterprise", "enterprise_id", "企业", "只列出该企业的"), ARG("need", "need_id", "需求编号", "只列出该需求的"),
          FLAG("history", "history", "含已被取代的版本")),
     "plans", PLAN_COLS, "融资方案（企业、其顾问、组长、本级主管部门和被推荐的机构可见）", NULL, NULL},
    {"plan show", "plan.show", NULL, OPTS(ID_POS("方案编号")), NULL,
     COLS(C("plan.id", "编号"), C("plan.enterprise_name", "企业"), C("plan.advisor_name", "顾问"), C("plan.version", "版本"),
          C("plan.status", "状态"), C("plan.parts_text", "融资工具及金额"), MONEY("plan.amount", "合计（万元）"),
          C("plan.lender_names", "候选机构"), C("plan.summary", "方案说明"), C("plan.secret", "涉及商业秘密"),
          C("plan.reason", "修订理由"), C("plan.created_at", "制定时间")),
     "一份融资方案的全文（查看留痕）", "步骤及时间、其他版本见 --json 的 plan.steps 和 versions。", NULL},
    {"referral send", "referral.send", NULL,
     OPTS(POS("需求编号", "need_id", "要推荐的融资需求"), REQ("lender", "lender_id", "机构", "推荐给哪家金融机构"),
          ARG("plan-id", "plan_id", "方案编号", "推荐已制定的融资方案（rongpei plan draw；工具、金额、方案取自它）"),
          MULTI("instrument", "instruments", "工具", "融资工具（可多项；不用 --plan-id 时必填）"),
          ARG("amount", "amount", "万元", "方案金额（万元；不用 --plan-id 时必填）"),
          ARG("plan", "plan", "方案", "融资方案：工具、金额、步骤和时间（至少 10 个字；不用 --plan-id 时必填）")),
     NULL, REFERRAL_COLS, "把融资方案推荐给一家金融机构，对方须在 10 个工作日内答复（结对顾问）", NULL, NULL},
    {"referral answer", "referral.answer", NULL,
     OPTS(POS("推荐编号", "id", "推荐编号"), CHOICE1("accept", "accept", "true", "受理并开始办理"),
          CHOICE1("refuse", "accept", "false", "不予受理"), ARG("reason", "answer", "理由", "理由（不予受理时必填，企业和顾问可见）")),
     NULL, REFERRAL_COLS, "答复融资推荐（被推荐的金融机构）", NULL, NULL},
    {"referral list", "referral.list", NULL,
     OPTS(ARG("enterprise", "enterprise_id", "企业", "只列出该企业的"), ARG("status", "status", "状态", "sent、accepted、refused"),
          FLAG("overdue", "overdue", "只列出逾期未答复的")),
     "referrals", REFERRAL_COLS, "融资推荐及答复", NULL, NULL},
    {"outcome record", "outcome.record", NULL,
     OPTS(ARG("referral", "referral_id", "推荐编号", "对应的推荐（给出时企业和机构取自推荐）"),
          ARG("enterprise", "enterprise_id", "企业", "企业"), ARG("lender", "lender_id", "机构", "提供融资的金融机构"),
          REQ("kind", "kind", "类别", "授信 credit_granted、放款 loan_disbursed、投资 investment、担保 guarantee、保险 insurance、"
              "债券 bond、上市挂牌进展 listing_step、评级提升 rating_upgraded、额度提高 limit_raised、利率下降 rate_lowered"),
          ARG("amount", "amount", "万元", "金额（万元）"), ARG("date", "on_date", "yyyy-mm-dd", "日期（默认今天）"),
          ARG("before", "value_before", "值", "之前的评级、额度或利率"), ARG("after", "value_after", "值", "之后的"),
          ARG("terms", "terms", "条件", "期限、利率等条件"),
          ARG("measure", "measure_id", "措施编号", "所用的本机构优惠措施（rongpei measure list）")),
     NULL, OUTCOME_COLS, "登记融资成效（结对顾问登记后由金融机构确认；金融机构登记即为确认）", NULL, NULL},
    {"outcome confirm", "outcome.confirm", NULL, OPTS(EACH_POS("成效编号")), NULL, OUTCOME_COLS,
     "确认融资成效（提供融资的金融机构；确认后才计入统计）", NULL, NULL},
    {"outcome acknowledge", "outcome.acknowledge", NULL, OPTS(ID_POS("成效编号")), NULL, OUTCOME_COLS,
     "企业确认收到（企业联系人）", NULL, NULL},
    {"outcome list", "outcome.list", NULL,
     OPTS(ARG("enterprise", "enterprise_id", "企业", "只列出该企业的"), FLAG("confirmed", "confirmed_only", "只列出已确认的")),
     "outcomes", OUTCOME_COLS, "融资成效（只有金融机构确认的计入合计）", NULL, NULL},
    {"monthly file", "monthly.file", NULL,
     OPTS(ARG("month", "month", "yyyy-mm", "月份（默认本月）"), REQ("operations", "operations", "情况", "经营情况"),
          ARG("orders", "orders", "情况", "订单情况"), ARG("cash", "cash", "情况", "资金情况"),
          FLAG("needs-changed", "needs_changed", "融资需求有变化（另用 rongpei need record 登记）"),
          ARG("problems", "problems", "问题", "遇到的问题"),
          FLAG("secret", "secret", "涉及商业秘密（主管部门中只有本级主管可见）")),
     NULL, MONTHLY_COLS, "向金融顾问报送本企业的月度情况（企业联系人，每月一次）", NULL, NULL},
    {"monthly list", "monthly.list", NULL,
     OPTS(ARG("enterprise", "enterprise_id", "企业", "只列出该企业的"), ARG("month", "month", "yyyy-mm", "只列出该月的")),
     "reports", MONTHLY_COLS, "企业月度情况（企业、其顾问、组长和本级主管部门可见）", NULL, NULL},
    {"monthly missing", "monthly.missing", NULL, OPTS(ARG("month", "month", "yyyy-mm", "月份（默认上月）")), "missing",
     COLS(C("month", "月份"), C("enterprise_name", "企业"), C("advisor_name", "顾问")),
     "未报送月度情况的企业", NULL, NULL},
    {"enterprise timeline", "enterprise.timeline", cmd_enterprise_timeline,
     OPTS(POS("企业", "enterprise_id", "企业"), ARG("pdf", NULL, "文件", "写出 PDF：按公文格式（GB/T 9704）排版的培育情况")),
     "events", COLS(C("on", "日期"), C("kind", "事项"), C("title", "内容"), C("detail", "说明")),
     "企业的培育全过程（P20）：名单、顾问和协议、服务、融资需求和方案、推荐和答复、成效、风险预警、月度情况、结束培育", NULL, NULL},
    {"message send", "message.send", NULL,
     OPTS(ARG("enterprise", "enterprise_id", "企业", "给哪家结对企业留言（企业联系人不必给出）"),
          REQ("text", "body", "内容", "留言内容（2 至 2000 个字）"),
          FLAG("secret", "secret", "涉及商业秘密（只有企业、其顾问、组长和本级主管部门可见，查看留痕）")),
     NULL, MESSAGE_COLS, "企业联系人与结对顾问之间留言", "对方在待办中看到待回复的留言。", NULL},
    {"message list", "message.list", NULL, OPTS(ARG("enterprise", "enterprise_id", "企业", "哪家企业的（企业联系人不必给出）")),
     "messages", MESSAGE_COLS, "一家企业与其顾问的留言（新的在前；查看留痕）", NULL, NULL},
    {"note share", "note.share", NULL,
     OPTS(REQ("title", "title", "标题", "标题"), REQ("text", "body", "内容", "案例或解答的内容（至少 10 个字）"),
          ARG("enterprise", "enterprise_id", "企业", "所涉企业（本组顾问结对服务的；可不写）"),
          FLAG("secret", "secret", "涉及商业秘密（主管部门中只有本级主管可见，查看留痕）")),
     NULL, NOTE_COLS, "在本小组内分享服务案例和解答（小组成员、组长）", NULL, NULL},
    {"note list", "note.list", NULL,
     OPTS(ARG("group", "group_id", "小组", "只列出该小组的"), ARG("enterprise", "enterprise_id", "企业", "只列出涉及该企业的")),
     "notes", NOTE_COLS, "小组交流（本组成员和组长、本级主管部门；关联的顾问看共同服务企业的；查看留痕）", NULL, NULL},
    {"colleague link", "colleague.link", NULL,
     OPTS(REQ("province", "province_advisor_id", "顾问", "省级顾问（在该市州有结对企业）"),
          REQ("prefecture", "prefecture_advisor_id", "顾问", "本市州的顾问")),
     NULL, LINK_COLS, "关联在同一市州服务的省级顾问和市州顾问：互相可见共同服务企业的小组交流（市州金融办、省局管理员）",
     NULL, NULL},
    {"colleague unlink", "colleague.unlink", NULL, OPTS(ID_POS("关联编号")), NULL, LINK_COLS, "解除顾问关联", NULL, NULL},
    {"colleague list", "colleague.list", NULL, OPTS(FLAG("history", "history", "含已解除的")), "links", LINK_COLS,
     "顾问关联（省局看全部，市州金融办看本市州的，顾问看本人的）", NULL, NULL},
    {"attachment add", "attachment.add", cmd_attachment_add,
     OPTS(POS("种类", "object_kind", "服务记录 service、融资方案 plan、留言 message、小组交流 note、问题 question、投诉 complaint"),
          POS("编号", "object_id", "记录编号"), REQ("file", NULL, "文件", "照片（JPEG、PNG）或文件（PDF、Word .docx、Excel .xlsx），至多 2 MB")),
     NULL, ATTACHMENT_COLS, "为本人的记录添加附件（存 SM3 摘要；不能删除）", NULL, NULL},
    {"attachment list", "attachment.list", NULL,
     OPTS(POS("种类", "object_kind", "服务记录 service、融资方案 plan、留言 message、小组交流 note、问题 question、投诉 complaint"),
          POS("编号", "object_id", "记录编号")),
     "attachments", ATTACHMENT_COLS, "一条记录的附件", NULL, NULL},
    {"attachment get", "attachment.get", cmd_attachment_get,
     OPTS(ID_POS("附件编号"), REQ("out", NULL, "文件", "保存为")), NULL, ATTACHMENT_COLS,
     "取回附件并核对 SM3 摘要（取回留痕）", NULL, NULL},
    {"question ask", "question.ask", NULL,
     OPTS(ARG("enterprise", "enterprise_id", "企业", "企业（企业联系人不必给出；顾问代为提出时必填）"),
          REQ("topic", "topic", "事项", "问题类别：服务事项之一（见 rongpei service record --help）"),
          REQ("text", "body", "问题", "问题内容（5 至 2000 个字）"),
          FLAG("secret", "secret", "涉及商业秘密（主管部门中只有本级主管可见）")),
     NULL, QUESTION_COLS, "提出问题（P10）：先交结对顾问，答复不了的升级到小组，再到省局或市州金融办（企业联系人；顾问可代为提出）",
     "各级答复期限（工作日，按国务院办公厅公布的节假日和调休安排计算，收到当天为第 0 天）：顾问 3 天、小组 5 天、"
     "省局（市州金融办）10 天；逾期的由上一级督办。期限所在年度的工作日安排尚未载入时显示“待定”。", NULL},
    {"question answer", "question.answer", NULL, OPTS(ID_POS("问题编号"), REQ("answer", "answer", "答复", "答复内容（至少 5 个字）")),
     NULL, QUESTION_COLS, "答复问题（问题目前所在一级：顾问、小组组长或其指定的组员、省局或市州金融办，或其转交的部门、机构）", NULL, NULL},
    {"question escalate", "question.escalate", NULL, OPTS(ID_POS("问题编号"), REQ("reason", "reason", "理由", "升级理由（至少 4 个字）")),
     NULL, QUESTION_COLS, "问题升级到上一级：顾问升级到小组，小组升级到省局或市州金融办", NULL, NULL},
    {"question assign", "question.assign", NULL, OPTS(ID_POS("问题编号"), REQ("to", "advisor_id", "顾问", "交给本组的哪位组员")),
     NULL, QUESTION_COLS, "把小组收到的问题交给组员答复（组长）", NULL, NULL},
    {"question forward", "question.forward", NULL,
     OPTS(ID_POS("问题编号"), REQ("to", "org_id", "机构", "转交的部门或机构"), REQ("reason", "reason", "理由", "转交理由")),
     NULL, QUESTION_COLS, "把问题转交有关部门或机构，由其用户答复（省局或市州金融办；期限仍由本级负责）", NULL, NULL},
    {"question confirm", "question.confirm", NULL,
     OPTS(ID_POS("问题编号"), CHOICE1("resolved", "resolved", "true", "已解决"),
          CHOICE1("unresolved", "resolved", "false", "未解决：退回答复的一级重新办理"),
          ARG("rating", "rating", "分数", "评分 1 至 5（已解决时必填）"), ARG("reason", "reason", "原因", "未解决的原因（未解决时必填）")),
     NULL, QUESTION_COLS, "确认答复（提问的企业联系人）", NULL, NULL},
    {"question list", "question.list", NULL,
     OPTS(ARG("enterprise", "enterprise_id", "企业", "只列出该企业的"), ARG("status", "status", "状态", "开放 open、已答复 answered、已解决 resolved"),
          ARG("level", "level", "层级", "顾问 advisor、小组 group、省局（市州金融办） bureau"),
          FLAG("overdue", "overdue", "只列出逾期未答复的"), FLAG("mine", "mine", "只列出待我答复的")),
     "questions", QUESTION_COLS, "问题、所在层级和答复期限（企业看本企业的，顾问看所服务企业和本组的，主管部门看本级的）", NULL, NULL},
    {"question show", "question.show", NULL, OPTS(ID_POS("问题编号")), NULL,
     COLS(C("question.id", "编号"), C("question.enterprise_name", "企业"), C("question.topic", "类别"), C("question.body", "问题"),
          C("question.level", "所在层级"), C("question.advisor_name", "顾问"), C("question.group_name", "小组"),
          C("question.assignee_name", "指定组员"), C("question.forwarded_to", "转交"), C("question.status", "状态"), C("question.due_on", "答复期限"),
          C("question.days_left", "剩余工作日"), C("question.answer", "答复"), C("question.answered_level", "答复层级"),
          C("question.rating", "评分")),
     "一个问题（查看留痕）", "提出、升级、指派、答复、确认的每一步（谁、何时、理由）见 --json 的 events。", NULL},
    {"question search", "question.search", NULL,
     OPTS(ARG("topic", "topic", "事项", "只查该类别的"), ARG("text", "text", "关键词", "问题或答复中的词")),
     "answers", COLS(C("id", "编号"), C("topic", "类别"), C("body", "问题"), C("answer", "答复"), C("answered_level", "答复层级"),
                     C("answered_at", "答复时间")),
     "问答知识库：已答复的问题（不含商业秘密，不显示企业）", NULL, NULL},
    {"complaint file", "complaint.file", NULL,
     OPTS(CHOICE("suggestion", "kind", "suggestion", "这是建议（默认为投诉）"),
          ARG("advisor", "advisor_id", "顾问", "所投诉的顾问（为本企业服务的）"),
          ARG("group", "group_id", "小组", "所投诉的小组"),
          REQ("facts", "facts", "事实", "事实和经过（至少 10 个字）"),
          FLAG("hide-from-advisor", "hide_from_advisor", "不让所投诉的顾问看到")),
     NULL, COMPLAINT_COLS, "投诉或建议（企业联系人）：省局受理，10 个工作日内反馈办理结果",
     "期限自收到之日起按工作日计算（收到当天为第 0 天），按国务院办公厅公布的节假日和调休安排。", NULL},
    {"complaint register", "complaint.register", NULL,
     OPTS(EACH_POS("投诉编号"), ARG("handler", "handler_id", "用户", "承办人（默认本人）")), NULL, COMPLAINT_COLS,
     "登记受理投诉：编受理编号（青融培诉〔年〕NNNN号），指定承办人（省局）", NULL, NULL},
    {"complaint assign", "complaint.assign", NULL, OPTS(ID_POS("投诉编号"), REQ("handler", "handler_id", "用户", "新的承办人")),
     NULL, COMPLAINT_COLS, "更换承办人（省局）", NULL, NULL},
    {"complaint note", "complaint.note", NULL,
     OPTS(ID_POS("投诉编号"), REQ("note", "note", "情况", "办理情况"),
          FLAG("ask-institution", "ask_institution", "同时征询所涉顾问所在机构，限期说明情况"),
          FLAG("share", "share", "同时向所涉顾问出示，请其说明情况（投诉人要求不让顾问看到的除外）")),
     NULL, COMPLAINT_COLS, "记录办理情况（省局）", NULL, NULL},
    {"complaint respond", "complaint.respond", NULL, OPTS(ID_POS("投诉编号"), REQ("account", "note", "情况", "情况说明（至少 10 个字）")),
     NULL, COMPLAINT_COLS, "就投诉说明情况（向其出示后的所涉顾问，或被征询的机构管理员）", NULL, NULL},
    {"complaint pause", "complaint.pause", NULL,
     OPTS(ID_POS("投诉编号"), REQ("reason", "pause_reason", "原因",
                                  "等待投诉人补充材料 awaiting_complainant、等待顾问所在机构说明情况 awaiting_institution、"
                                  "等待其他部门出具意见 awaiting_other_body")),
     NULL, COMPLAINT_COLS, "中止办理期限（省局；中止期间的工作日不计入期限）", NULL, NULL},
    {"complaint resume", "complaint.pause", NULL, OPTS(ID_POS("投诉编号"), FIXED("resume", "true")), NULL, COMPLAINT_COLS,
     "恢复办理期限：期限顺延中止的工作日数（省局）", NULL, NULL},
    {"complaint extend", "complaint.extend", NULL,
     OPTS(ID_POS("投诉编号"), REQ("days", "days", "工作日", "延长的工作日数（1 至 10）"), REQ("reason", "reason", "理由", "延期理由")),
     NULL, COMPLAINT_COLS, "申请延期（省局；每件一次，期限届满前；由另一位省局用户审批）", NULL, NULL},
    {"complaint approve", "complaint.extend", NULL,
     OPTS(ID_POS("投诉编号"), CHOICE1("approve", "verdict", "approve", "同意延期"), CHOICE1("refuse", "verdict", "refuse", "不同意")),
     NULL, COMPLAINT_COLS, "审批延期申请（申请人以外的省局用户；同意后告知投诉人新的期限）", NULL, NULL},
    {"complaint decide", "complaint.decide", NULL,
     OPTS(ID_POS("投诉编号"), CHOICE1("upheld", "decision", "upheld", "属实"), CHOICE1("partly", "decision", "partly", "部分属实"),
          CHOICE1("not-upheld", "decision", "not_upheld", "不属实"),
          MULTI("measure", "measures", "措施", "提醒 advice、警示 warning、更换顾问 replacement、培训 training、无 none（可多项）"),
          REQ("text", "text", "意见", "处理意见（至少 10 个字）")),
     NULL, COMPLAINT_COLS, "作出处理意见（省局；更换顾问经 rongpei advisor report 的更换程序办理）", NULL, NULL},
    {"complaint feedback", "complaint.feedback", NULL, OPTS(ID_POS("投诉编号"), REQ("text", "text", "内容", "向投诉人反馈的办理结果")),
     NULL, COMPLAINT_COLS, "向投诉人反馈办理结果（省局）", NULL, NULL},
    {"complaint callback", "complaint.callback", NULL,
     OPTS(ID_POS("投诉编号"), CHOICE1("satisfied", "satisfied", "true", "满意"), CHOICE1("unsatisfied", "satisfied", "false", "不满意"),
          ARG("reason", "reason", "原因", "不满意的原因（不满意时必填）"),
          FLAG("handling", "handling", "不满意的是办理本身：重新办理")),
     NULL, COMPLAINT_COLS, "回访：对办理结果是否满意（投诉的企业联系人）", NULL, NULL},
    {"complaint list", "complaint.list", NULL,
     OPTS(ARG("status", "status", "状态", "待登记 received、办理中 registered、已有处理意见 decided、已反馈 fed_back、已关闭 closed"),
          FLAG("overdue", "overdue", "只列出逾期的")),
     "complaints", COMPLAINT_COLS, "投诉及其办理期限（省局看全部，市州金融办看本市州的，企业看本企业的）", NULL, NULL},
    {"complaint stats", "complaint.stats", NULL, OPTS(ARG("year", "year", "年度", "年度（默认今年）")), "rows",
     COLS(C("dimension", "统计口径"), C("label", "名称"), C("total", "投诉"), C("upheld", "属实"), C("fulfilled", "按期办结"),
          C("failed", "逾期"), C("open", "办理中")),
     "投诉统计：按顾问、所在机构、小组、市州（省局；市州金融办看本市州的；建议不计入）", NULL, NULL},
    {"complaint show", "complaint.show", NULL, OPTS(ID_POS("投诉编号")), NULL,
     COLS(C("complaint.reg_no", "受理编号"), C("complaint.enterprise_name", "企业"), C("complaint.kind", "类别"),
          C("complaint.advisor_name", "所涉顾问"), C("complaint.facts", "事实"), C("complaint.status", "状态"),
          C("complaint.clock", "期限"), C("complaint.due_on", "反馈期限"), C("complaint.handler", "承办人"),
          C("complaint.pause_reason", "中止原因"), C("complaint.extension", "延期"), C("complaint.decision", "处理意见"),
          C("complaint.measures", "措施"), C("complaint.decision_text", "意见"), C("complaint.feedback", "反馈"),
          C("complaint.satisfied", "回访"), C("complaint.advisor_account", "顾问说明"), C("complaint.inst_account", "机构说明")),
     "一件投诉（查看留痕）", "办理经过（谁、何时、做了什么）见 --json 的 events。", NULL},
    {"violation report", "violation.report", NULL,
     OPTS(REQ("kind", "kind", "问题", "收取费用或好处 fee、泄露商业秘密 secret_leak、干预经营 interference、其他 other"),
          ARG("advisor", "advisor_id", "顾问", "所反映的顾问（为本企业服务的；不清楚可不写）"),
          REQ("account", "account", "情况", "具体情况：时间、经过（至少 10 个字）")),
     NULL, VIOLATION_COLS, "反映顾问违反纪律的情况，直接报省局（企业联系人）", NULL, NULL},
    {"violation list", "violation.list", NULL, NO_OPTS, "reports", VIOLATION_COLS,
     "企业反映的违反纪律情况（省局；企业看本企业的；查看留痕）", NULL, NULL},
    {"outbox", NULL, cmd_outbox, NO_OPTS, NULL, NULL,
     "待发送箱：离线时（--offline，或服务记录等连不上服务器时）存下的修改；团队同步待发送的变更和冲突也在此提示", NULL, NULL},
    {"outbox send", NULL, cmd_outbox_send, NO_OPTS, NULL, NULL,
     "按顺序发送待发送箱中的修改，再发送团队同步待发送的变更；断线重发不重复执行，被拒绝的留下待处理", NULL, NULL},
    {"outbox drop", NULL, cmd_outbox_drop, OPTS(POS("序号", NULL, "rongpei outbox 列出的序号")), NULL, NULL,
     "放弃待发送箱中的一项", NULL, NULL},
    {"measure publish", "measure.publish", NULL,
     OPTS(REQ("kind", "kind", "类别", "评级 rating、额度 limit、利率 rate、其他 other"),
          REQ("title", "title", "名称", "措施名称"), REQ("description", "description", "内容", "措施内容和适用条件"),
          ARG("until", "valid_until", "yyyy-mm-dd", "有效期至")),
     NULL, MEASURE_COLS, "发布对培育企业的优惠措施（金融机构管理员）", NULL, NULL},
    {"measure list", "measure.list", NULL, OPTS(ARG("lender", "lender_id", "机构", "只列出该机构的")), "measures",
     MEASURE_COLS, "金融机构的优惠措施及已惠及的企业数", NULL, NULL},
    {"calendar load", "calendar.load", cmd_calendar_load,
     OPTS(REQ("year", "year", "年度", "年度，如 2027"), REQ("source", "source", "通知", "依据的国务院办公厅通知"),
          REQ("file", NULL, "文件", "CSV（UTF-8 或 GB18030）或 Excel（xlsx）；- 读标准输入"),
          FLAG("correct", "correct", "更正已载入年度的安排：载入为新版本，原版本留存")),
     NULL, COLS(C("year", "年度"), C("version", "版本"), C("working_days", "工作日"), C("source", "依据"),
                C("changed", "重新计算的期限")),
     "载入一年的法定假日和调休上班日（系统管理员、省局管理员；每年一次，整份载入或不载入；通知更正时 --correct）",
     "文件每行一天：日期 yyyy-mm-dd、类别（holiday 放假 或 workday 调休上班）、名称（如 春节）；"
     "表头为 date,kind,name 或 日期,类别,名称。载入后，未办结事项（问题、投诉、融资推荐）的期限按新安排重新计算，"
     "回复列出变化的期限；原来“待定”的期限随之确定。", NULL},
    {"calendar show", "calendar.show", NULL, OPTS(ARG("year", "year", "年度", "年度（默认今年）")), "days",
     COLS(C("day", "日期"), C("kind", "类别"), C("name", "名称")), "一年的法定假日和调休上班日", NULL, NULL},
    {"template", NULL, cmd_template,
     OPTS(POS("种类", NULL, "nominations（顾问提名）、enterprises（推荐企业）或 team（团队文件）"),
          ARG("xlsx", NULL, "文件", "写出 Excel 文件"), ARG("csv", NULL, "文件", "写出 CSV 文件（UTF-8）")),
     NULL, NULL, "写出空白的导入模板：表头和一行示例",
     "示例行本身可以导入；替换为实际内容后用 advisor import、recommend import 或 team sync 导入。", NULL},
    {"call", NULL, cmd_call, OPTS(POS("方法", NULL, "方法名，如 org.list"), POS_OPT("JSON", NULL, "请求内容：JSON 对象；- 或不给时从标准输入读取；@文件 从文件读取")),
     NULL, NULL, "以 JSON 调用任一方法（供脚本使用）", NULL, NULL},
};

const int commands_count = (int) (sizeof(commands) / sizeof(commands[0]));
