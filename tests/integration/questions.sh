# questions.sh - deadlines in working days on the official calendar, and
# an enterprise's questions going up the levels (P10): advisor, group,
# bureau; answered, confirmed or reopened; overdue ones supervised; a
# deadline that would fall in a year not loaded is 待定, never guessed.
# Starts from the demo: the bank's advisor 杨光明 serves 西宁瑞丰酒店有限公司
# (whose contact is enterprise-contact2) and is a member of 第5组.
AREA_FROM=demo
AREA_SEQUENTIAL=1

AREA_TESTS=(
  t_deadlines_table
  t_question_up_the_levels
  t_question_forwarded
  t_question_overdue_and_pending
  t_calendar_loaded_and_corrected
)

clock_plus() { sql "update core.setting set value = '$1' where name = 'clock_offset'" >/dev/null; }

# "Within N working days": day 0 is the day of receipt.
t_deadlines_table() {
  local day n want got
  while read -r day n want; do
    got=$(sql "select coalesce(lib.deadline('$day', $n)::text, '待定')")
    eq "$got" "$want" "$n working days after $day"
  done <<'CASES'
2026-09-24 10 2026-10-15
2026-02-10 10 2026-03-02
2026-10-03 1 2026-10-08
2026-11-28 1 2026-11-30
2026-10-10 1 2026-10-12
2026-02-14 1 2026-02-24
2026-12-24 5 2026-12-31
2026-12-28 5 待定
2026-12-31 1 待定
CASES
  # the set-based function agrees with the day-by-day one over the year
  eq "$(sql "select count(*) from generate_series(date '2026-01-01', date '2026-11-30', '1 day') d
             where lib.deadline(d::date, 10) is distinct from lib.add_working_days(d::date, 10)")" 0 \
     "lib.deadline and lib.add_working_days agree"
  # after 30 September up to 12 October: 8, 9, the working Saturday 10, and 12
  eq "$(sql "select lib.working_days_between('2026-09-30', '2026-10-12')")" 4 "working days between"
  eq "$(sql "select lib.working_days_between('2026-10-12', '2026-09-30')")" -4 "negative when earlier"
}

served_name() {
  sql "select o.name from core.pairing p join core.organisation o on o.id = p.enterprise_id
         join core.advisor ad on ad.id = p.advisor_id join core.app_user u on u.id = ad.user_id
        where u.username = 'bank.advisor' and p.until is null and o.name like '西宁%' limit 1"
}

t_question_up_the_levels() {
  local ename q member
  ename=$(served_name)
  expect 5 as enterprise-contact2 "$RP" question ask --topic 政策和产品咨询 --text 问
  has "5 至 2000"
  expect 2 as enterprise-contact2 "$RP" question ask --topic 炒股 --text 创业担保贷款的贴息政策怎样申请？
  has "无法识别"
  expect 0 as enterprise-contact2 "$RP" --json question ask --topic 政策和产品咨询 \
    --text 创业担保贷款的贴息政策怎样申请？需要哪些材料？
  q=$(J id <<<"$OUT")
  has '"level": "advisor"'
  eq "$(J due_on <<<"$OUT")" "$(sql "select lib.deadline(lib.today(), 3)")" "three working days for the advisor"
  expect 0 as enterprise-contact2 "$RP" question list
  has "创业担保贷款"; has "顾问"; has "剩余工作日"
  expect 0 as advisor "$RP" inbox
  has "待答复的问题：$ename"
  expect 6 as enterprise-contact "$RP" question show "$q"
  expect 0 as pref-632800 "$RP" --json question list
  lacks "创业担保贷款"
  # the advisor cannot answer: up to the group, with a reason
  expect 5 as advisor "$RP" question escalate "$q" --reason 不
  has "理由"
  expect 4 as bureau-staff "$RP" question answer "$q" --answer 省局越级答复的内容
  expect 0 as advisor "$RP" --json question escalate "$q" --reason 涉及人社部门的贴息审核口径，需小组研究
  has '"level": "group"'; has '"group_name": "第5组"'
  eq "$(J due_on <<<"$OUT")" "$(sql "select lib.deadline(lib.today(), 5)")" "five working days for the group"
  expect 4 as advisor "$RP" question answer "$q" --answer 组员在组长指派前答复的内容
  # the bureau makes 杨光明 the group's leader; the leader gives it to a member, then takes it up
  expect 0 as bureau-admin "$RP" group leader 第5组 --advisor 杨光明 --reason 原组长工作调整
  member=$(sql "select ad.name from core.group_membership gm join core.advisor ad on ad.id = gm.advisor_id
                 join core.service_group g on g.id = gm.group_id
                where g.name = '第5组' and gm.until is null and ad.name <> '杨光明'
                  and (select count(*) from core.advisor x where x.name = ad.name) = 1 order by ad.id limit 1")
  expect 5 as advisor "$RP" question assign "$q" --to "$(sql "select id from core.advisor where tier = 'prefecture' limit 1")"
  has "本组的一位组员"
  expect 0 as advisor "$RP" --json question assign "$q" --to "$member"
  has "\"assignee_name\": \"$member\""
  expect 0 as advisor "$RP" --json question escalate "$q" --reason 贴息政策由省级部门解释，提请省局协调
  has '"level": "bureau"'
  expect 0 as bureau-admin "$RP" inbox
  has "待答复的问题：$ename"
  expect 0 as bureau-staff "$RP" question answer "$q" --answer 已商省人社厅：凭营业执照、贷款合同和就业证明到所在地人社部门申请。
  expect 7 as bureau-staff "$RP" question answer "$q" --answer 再次答复的内容
  # not resolved: back to the level that answered
  expect 0 as enterprise-contact2 "$RP" inbox
  has "问题已答复，请确认"
  expect 5 as enterprise-contact2 "$RP" question confirm "$q" --unresolved
  has "未解决须说明原因"
  expect 0 as enterprise-contact2 "$RP" --json question confirm "$q" --unresolved --reason 没有说明贴息比例和期限
  has '"status": "open"'; has '"level": "bureau"'
  expect 0 as bureau-staff "$RP" question answer "$q" --answer 贴息比例为贷款利息的百分之五十，期限不超过三年，按季拨付。
  expect 5 as enterprise-contact2 "$RP" question confirm "$q" --resolved
  has "评分"
  expect 0 as enterprise-contact2 "$RP" --json question confirm "$q" --resolved --rating 5
  has '"status": "resolved"'; has '"rating": 5'
  expect 0 as bureau-admin "$RP" --json question show "$q"
  eq "$(python3 -c 'import json,sys; print(" ".join(e["kind"] for e in json.load(sys.stdin)["events"]))' <<<"$OUT")" \
     "asked escalated assigned escalated answered reopened answered resolved" "every step kept"
  # the knowledge base: the answer, without the enterprise
  expect 0 as advisor "$RP" question search --text 贴息
  has "百分之五十"; lacks "$ename"
  # a secret question stays out of it and out of the bureau's staff's sight
  expect 0 as enterprise-contact2 "$RP" --json question ask --topic 对接金融机构 --text 我司未公开的订单能否作为应收账款质押？ --secret
  local sq; sq=$(J id <<<"$OUT")
  expect 6 as bureau-staff "$RP" question show "$sq"
  expect 0 as advisor "$RP" question answer "$sq" --answer 可以，办理应收账款质押登记后向银行申请。
  expect 0 as advisor "$RP" question search --text 应收账款
  lacks "未公开的订单"
  # the advisor asks on the enterprise's behalf
  expect 0 as advisor "$RP" question ask --enterprise "$ename" --topic 财务规范 --text 企业想了解小企业会计准则的适用范围
}

# The bureau forwards a question to the body concerned, whose users answer
# it; others cannot.  (杨光明 leads 第5组 since the test before.)
t_question_forwarded() {
  local q
  expect 0 as enterprise-contact2 "$RP" --json question ask --topic 对接金融机构 --text 政府性融资担保的担保费能否减免？
  q=$(J id <<<"$OUT")
  expect 0 as advisor "$RP" question escalate "$q" --reason 担保费政策需担保机构答复
  expect 0 as advisor "$RP" question escalate "$q" --reason 小组无法答复，提请省局协调
  expect 6 as guar-admin "$RP" question show "$q"
  expect 4 as advisor "$RP" question forward "$q" --to 青海湖融资担保有限公司 --reason 请担保机构答复
  expect 5 as bureau-staff "$RP" question forward "$q" --to 青海湖融资担保有限公司 --reason 转
  expect 0 as bureau-staff "$RP" --json question forward "$q" --to 青海湖融资担保有限公司 --reason 担保费减免由担保机构答复
  has '"forwarded_to": "青海湖融资担保有限公司"'
  expect 0 as guar-admin "$RP" inbox
  has "待答复的问题："
  expect 6 as ins-admin "$RP" question answer "$q" --answer 不相关机构的答复内容
  expect 0 as guar-admin "$RP" question answer "$q" --answer 对纳入培育名单的小微企业，担保费率降至百分之一以下。
  expect 0 as enterprise-contact2 "$RP" question confirm "$q" --resolved --rating 4
  expect 0 as bureau-admin "$RP" --json question show "$q"
  has '"kind": "forwarded"'; has "担保费减免由担保机构答复"
}

t_question_overdue_and_pending() {
  local ename q
  ename=$(served_name)
  expect 0 as enterprise-contact2 "$RP" --json question ask --topic 公司治理 --text 股东会和董事会的议事规则怎么定？
  q=$(J id <<<"$OUT")
  # past the advisor's three working days: overdue, supervised
  clock_plus "$(sql "select (lib.deadline(lib.today(), 3) + 1 - lib.today()) || ' days'")"
  expect 0 as bureau-admin "$RP" question list --overdue
  has "股东会和董事会"
  expect 0 as bureau-admin "$RP" inbox
  has "问题逾期未答复（督办）：$ename"
  expect 0 as advisor "$RP" --json question list --mine --overdue
  has '"overdue": true'
  [ "$(J days_left <<<"$OUT")" -lt 0 ] || note "overdue by shows as negative days left"
  clock_plus ''
  expect 0 as advisor "$RP" question answer "$q" --answer 参照公司法和章程示范文本，由股东会决议通过。
  # asked in the last days of the year, its deadline falls in a year not loaded: 待定, never guessed
  clock_plus "$(sql "select (date '2026-12-29' - lib.today()) || ' days'")"
  expect 0 as enterprise-contact2 "$RP" --json question ask --topic 政策和产品咨询 --text 年底前申请的贷款何时放款？
  has '"due_on": "待定"'; has '"due_pending": true'
  expect 0 as bureau-admin "$RP" inbox
  has "答复期限待定"; has "rongpei calendar load --year 2027"
  clock_plus ''
}

# Loading the next year fixes the deadlines that were 待定; a corrected
# notice is loaded as the next version and moves the deadlines it changes,
# and the reply says which.
t_calendar_loaded_and_corrected() {
  local f=$T/cal-2027.csv q
  q=$(sql "select id from core.question where due_on is null and status = 'open' order by id limit 1")
  [ -n "$q" ] || note "a question waits for the 2027 calendar"
  { echo "date,kind,name"
    for d in 01-01 02-10 02-11 02-12 02-13 02-14 02-15 02-16 04-05 05-01 05-03 05-04 05-05 06-09 09-15 \
             10-01 10-04 10-05 10-06 10-07; do echo "2027-$d,holiday,节日"; done
    echo "2027-02-07,workday,春节调休上班"; } >"$f"
  expect 4 as bureau-staff "$RP" calendar load --year 2027 --source 国务院办公厅通知（演示） --file "$f"
  expect 0 as system-admin "$RP" --json calendar load --year 2027 --source 国务院办公厅通知（演示） --file "$f"
  has "问题 $q：待定 → 2027-01-04"; has '"version": 1'
  expect 7 as system-admin "$RP" calendar load --year 2027 --source 国务院办公厅通知（演示） --file "$f"
  has "--correct"
  # the notice corrected: 4 January is a holiday too
  echo "2027-01-04,holiday,元旦（更正）" >>"$f"
  expect 0 as system-admin "$RP" calendar load --year 2027 --source 国务院办公厅通知（更正） --file "$f" --correct
  has "问题 $q：2027-01-04 → 2027-01-05"; has "重新计算的期限"
  eq "$(sql "select due_on from core.question where id = $q")" 2027-01-05 "the deadline counted again"
  eq "$(sql "select count(*) from core.calendar_version where year = 2027 and version = 1")" 1 "the first version kept"
  eq "$(sql "select count(*) from core.audit where method = 'calendar.load' and object = 'calendar:2027 version:2'")" 1 \
     "the correction audited"
}
