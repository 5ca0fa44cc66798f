# complaints.sh - the bureau's complaints desk (P17): a complaint filed by
# an enterprise, registered with its number, investigated (the advisor
# shown it, the institution asked), the clock paused and resumed, extended
# once by a second bureau user, decided, fed back within ten working days,
# called back (an unsatisfied callback reopens it); an overdue one; one the
# advisor must not see; a discipline report arriving as a complaint.
# Starts from the demo: enterprise-contact2's enterprise is served by the
# bank's advisor 杨光明 (青海高原农商银行, institution-admin).
AREA_FROM=demo
AREA_SEQUENTIAL=1

AREA_TESTS=(
  t_complaint_through_every_state
  t_complaint_overdue_hidden_and_from_violations
)

clock_plus() { sql "update core.setting set value = '$1' where name = 'clock_offset'" >/dev/null; }
cj() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

t_complaint_through_every_state() {
  local c reg due due2 ename
  ename=$(sql "select o.name from core.organisation o join core.app_user u on u.org_id = o.id
                where u.username = 'ent.contact2'")
  expect 5 as enterprise-contact2 "$RP" complaint file --advisor 杨光明 --facts 太短
  has "10 至 5000"
  expect 4 as advisor "$RP" complaint file --facts 顾问不能提出投诉，只有企业可以
  expect 0 as enterprise-contact2 "$RP" --json complaint file --advisor 杨光明 \
    --facts "顾问两次约定上门均未到，也未提前告知，影响了企业的贷款申请进度"
  c=$(J id <<<"$OUT")
  has '"status": "received"'; has '"about": "advisor"'
  eq "$(J due_on <<<"$OUT")" "$(sql "select lib.deadline(lib.today(), 10)")" "ten working days from receipt"
  # the advisor does not see it until it is shared; another prefecture's office never
  expect 0 as advisor "$RP" --json complaint list
  lacks "两次约定上门"
  expect 6 as advisor "$RP" complaint show "$c"
  expect 0 as pref-632800 "$RP" --json complaint list
  lacks "两次约定上门"
  expect 0 as prefecture-staff "$RP" complaint list
  has "$ename"
  expect 4 as prefecture-staff "$RP" complaint register "$c"
  expect 0 as bureau-staff "$RP" inbox
  has "待登记的投诉：$ename"
  expect 0 as bureau-staff "$RP" --json complaint register "$c"
  reg=$(J reg_no <<<"$OUT")
  [[ $reg =~ ^青融培诉〔2026〕[0-9]{4}号$ ]] || note "registration number $reg"
  expect 7 as bureau-staff "$RP" complaint register "$c"
  has "已登记"
  expect 0 as enterprise-contact2 "$RP" complaint list
  has "$reg"; has "办理中"
  # investigation: the advisor is shown it, the institution asked
  expect 0 as bureau-staff "$RP" complaint note "$c" --note 已电话联系企业核实情况 --share
  expect 0 as advisor "$RP" inbox
  has "请就投诉说明情况：$reg"
  expect 0 as advisor "$RP" complaint respond "$c" --account "第一次因道路结冰未能前往，第二次临时被单位抽调，均未及时告知企业，确有不妥"
  expect 0 as bureau-staff "$RP" complaint note "$c" --note 请顾问所在银行说明情况 --ask-institution
  expect 0 as institution-admin "$RP" inbox
  has "请就投诉说明情况：$reg"
  expect 0 as institution-admin "$RP" complaint respond "$c" --account "经核实，该顾问第二次未到系本行临时安排工作所致，已提醒其提前告知"
  expect 6 as law-admin "$RP" complaint respond "$c" --account 与本机构无关的情况说明内容内容
  # the clock stops for a reason of the list, and starts again, the days stood not counted
  expect 2 as bureau-staff "$RP" complaint pause "$c" --reason 休假
  has "等待投诉人补充材料 awaiting_complainant"
  due=$(as bureau-staff "$RP" --json complaint pause "$c" --reason 等待投诉人补充材料 | J due_on)
  expect 0 as bureau-staff "$RP" --json complaint show "$c"
  has '"clock": "paused"'
  clock_plus '3 days'
  expect 0 as bureau-staff "$RP" --json complaint resume "$c"
  eq "$(J due_on <<<"$OUT")" "$(sql "select lib.deadline('$due', lib.working_days_between(lib.today() - 3, lib.today()))")" \
     "the working days paused added to the deadline"
  has '"clock": "due"'
  # one extension, approved by a second bureau user; the enterprise is told
  expect 5 as bureau-staff "$RP" complaint extend "$c" --days 20 --reason 需要进一步调查
  expect 0 as bureau-staff "$RP" complaint extend "$c" --days 3 --reason 需要调取银行的排班记录
  expect 4 as bureau-staff "$RP" complaint approve "$c" --approve
  has "另一位"
  due2=$(as bureau-admin "$RP" --json complaint show "$c" | cj '["complaint"]["due_on"]')
  expect 0 as bureau-admin "$RP" inbox
  has "待审批的投诉延期：$reg"
  expect 0 as bureau-admin "$RP" --json complaint approve "$c" --approve
  eq "$(J due_on <<<"$OUT")" "$(sql "select lib.deadline('$due2', 3)")" "three working days more"
  expect 7 as bureau-staff "$RP" complaint extend "$c" --days 2 --reason 再次申请延期
  has "只能申请一次"
  expect 0 as enterprise-contact2 "$RP" inbox
  has "投诉办理期限延长：$reg"
  # decided, fed back in time, called back unsatisfied with the handling: reopened
  expect 7 as bureau-staff "$RP" complaint feedback "$c" --text 已对顾问提出提醒并要求改进服务
  expect 0 as bureau-staff "$RP" complaint decide "$c" --partly --measure 提醒 --text 顾问未提前告知属实，第二次未到系机构安排
  expect 0 as bureau-staff "$RP" --json complaint feedback "$c" --text 已对顾问提出提醒，并要求其所在银行改进工作安排
  has '"status": "fed_back"'; has '"clock": "fulfilled"'
  expect 0 as enterprise-contact2 "$RP" inbox
  has "投诉已有办理结果，请回访：$reg"
  expect 5 as enterprise-contact2 "$RP" complaint callback "$c" --unsatisfied
  has "说明原因"
  expect 0 as enterprise-contact2 "$RP" --json complaint callback "$c" --unsatisfied --handling --reason 没有说明今后如何保证按约上门
  has '"status": "registered"'; has '"decision": ""'
  eq "$(J due_on <<<"$OUT")" "$(sql "select lib.deadline(lib.today(), 10)")" "a new deadline"
  expect 0 as bureau-staff "$RP" complaint decide "$c" --partly --measure 提醒 --measure 培训 \
    --text 要求顾问每次上门前一日与企业确认，银行调整其工作安排
  expect 0 as bureau-staff "$RP" complaint feedback "$c" --text 顾问今后每次上门前一日确认，银行已调整其工作安排
  expect 0 as enterprise-contact2 "$RP" --json complaint callback "$c" --satisfied
  has '"status": "closed"'; has '"satisfied": "yes"'
  expect 7 as enterprise-contact2 "$RP" complaint callback "$c" --satisfied
  # every step kept; the enterprise sees the steps, not the desk's notes
  expect 0 as bureau-admin "$RP" --json complaint show "$c"
  eq "$(python3 -c 'import json,sys; print(" ".join(e["kind"] for e in json.load(sys.stdin)["events"]))' <<<"$OUT")" \
     "received registered shared advisor_account asked_institution institution_account paused resumed extension_requested extension_approved decided fed_back reopened decided fed_back callback" \
     "every step of the complaint"
  expect 0 as enterprise-contact2 "$RP" --json complaint show "$c"
  lacks "已电话联系企业核实情况"; has "fed_back"
  expect 0 as bureau-admin "$RP" complaint list
  has "$reg"; has "已关闭"; has "按期办结"
  clock_plus ''
  # counted for the yearly assessment: the advisor, the bank, the group, the prefecture
  expect 0 as bureau-admin "$RP" --json complaint stats
  eq "$(python3 -c 'import json,sys
r = [x for x in json.load(sys.stdin)["rows"] if x["dimension"] == "advisor" and x["label"] == "杨光明"]
print(r[0]["total"] >= 1 and r[0]["upheld"] >= 1 and r[0]["fulfilled"] >= 1)' <<<"$OUT")" True "the advisor's complaints counted"
  has '"label": "青海高原农商银行"'; has '"label": "第5组"'; has '"label": "西宁市"'
  expect 0 as bureau-admin "$RP" complaint stats
  has "统计口径"; has "顾问"
  expect 0 as pref-632800 "$RP" --json complaint stats
  lacks "杨光明"
}

t_complaint_overdue_hidden_and_from_violations() {
  local c h
  expect 0 as enterprise-contact2 "$RP" --json complaint file --suggestion --facts "建议顾问小组定期组织企业财务人员培训"
  c=$(J id <<<"$OUT")
  has '"kind": "suggestion"'; has '"about": "service"'
  # past ten working days without feedback: overdue, on the bureau's list
  clock_plus '20 days'
  expect 0 as bureau-admin "$RP" complaint list --overdue
  has "建议" ; has "逾期"
  expect 0 as bureau-admin "$RP" inbox
  has "投诉逾期未反馈"
  expect 0 as bureau-staff "$RP" complaint register "$c"
  expect 7 as bureau-staff "$RP" complaint extend "$c" --days 3 --reason 期限已过后的延期申请
  has "届满前"
  expect 0 as bureau-staff "$RP" complaint decide "$c" --not-upheld --measure 无 --text 建议已转培训工作统筹考虑
  expect 0 as bureau-staff "$RP" --json complaint feedback "$c" --text 感谢建议，已纳入明年的培训计划
  has '"clock": "failed"'
  clock_plus ''
  # one the advisor must never see
  expect 0 as enterprise-contact2 "$RP" --json complaint file --advisor 杨光明 --hide-from-advisor \
    --facts "顾问在服务中暗示可介绍收费的中介机构"
  h=$(J id <<<"$OUT")
  expect 0 as bureau-staff "$RP" complaint register "$h"
  expect 7 as bureau-staff "$RP" complaint note "$h" --note 正在核实情况 --share
  has "不让所投诉的顾问看到"
  expect 6 as advisor "$RP" complaint show "$h"
  # a discipline report arrives at the desk as a complaint, hidden from the advisor
  expect 0 as enterprise-contact2 "$RP" violation report --kind 收取费用或好处 --advisor 杨光明 \
    --account "顾问以资料费名义要求企业支付五百元"
  expect 0 as bureau-staff "$RP" --json complaint list --status received
  has "收取费用或好处：顾问以资料费名义要求企业支付五百元"; has '"from_violation": true'
  has '"hide_from_advisor": true'
}
