# service.sh - the service work (P5, P13): the working-day calendar, the
# advisors' yearly declaration, service records under a filed agreement
# (recorded, corrected within the working days allowed, kept), who sees
# them (business secrets to fewer, every reading audited), the data checks
# a supervisor sees.  Starts from the demo's first year (the demo area):
# the bank's advisor 杨光明 holds a filed agreement whose enterprise's
# contact has an account (enterprise-contact2), and has made this year's
# declaration and recorded the demo's services.
AREA_FROM=demo
AREA_SEQUENTIAL=1

AREA_TESTS=(
  t_working_days
  t_declaration_then_services
  t_service_scope_and_secrets
  t_service_corrections_kept
  t_service_checks
  t_risk_warnings
  t_financing_referrals_outcomes
  t_monthly_reports
  t_timeline_and_exports
  t_violation_reports
  t_offline_outbox
  t_preferential_measures
  t_messages_and_group_notes
  t_attachments
  t_secret_needs_risks_reports
  t_enterprise_leaves
)

# the program's clock moved (a test-only setting), and back
clock_plus() { sql "update core.setting set value = '$1' where name = 'clock_offset'" >/dev/null; }

# the enterprise of the bank advisor's filed agreement, and its name
served() {
  sql "select p.enterprise_id from core.pairing p join core.agreement g on g.pairing_id = p.id
         join core.advisor ad on ad.id = p.advisor_id join core.app_user u on u.id = ad.user_id
        where u.username = 'bank.advisor' and p.until is null and g.status = 'filed' order by g.id limit 1"
}

t_working_days() {
  # National Day: 1-7 October off, Saturday 10 October worked (调休)
  eq "$(sql "select lib.add_working_days('2026-09-30', 1)")" 2026-10-08 "the first working day after the holiday"
  eq "$(sql "select lib.add_working_days('2026-10-08', 2)")" 2026-10-10 "an adjusted working Saturday counts"
  eq "$(sql "select lib.add_working_days('2026-02-13', 1)")" 2026-02-14 "the Spring Festival's working Saturday"
  eq "$(sql "select lib.add_working_days('2026-02-14', 1)")" 2026-02-24 "the Spring Festival holiday skipped"
  eq "$(sql "select count(*) from generate_series(date '2026-01-01', date '2026-12-31', '1 day') d
             where lib.is_working_day(d::date)")" 248 "2026 has 248 working days"
  # a year whose schedule is not loaded is refused, not guessed
  OUT=$(sql "select lib.add_working_days('2026-12-30', 3)" 2>&1)
  has "尚未载入 2027 年的工作日安排"
  expect 7 as advisor "$RP" calendar show --year 2027
  has "尚未载入 2027 年"
  # the next year's schedule is loaded from the notice, without a release, all or nothing
  local f=$T/cal-2027.csv
  { echo "date,kind,name"
    for d in 01-01 02-10 02-11 02-12 02-13 02-14 02-15 02-16 04-05 05-01 05-03 05-04 05-05 06-09 09-15 \
             10-01 10-04 10-05 10-06 10-07; do echo "2027-$d,holiday,节日"; done
    echo "2027-02-07,workday,春节调休上班"; } >"$f"
  expect 4 as advisor "$RP" calendar load --year 2027 --source 演示通知 --file "$f"
  sed 's/^2027-02-07,workday/2027-02-08,workday/' "$f" >"$T/cal-bad.csv"
  expect 5 as system-admin "$RP" calendar load --year 2027 --source 国务院办公厅通知（演示） --file "$T/cal-bad.csv"
  has "2027-02-08 是工作日"
  sed 's/^2027-06-09/2028-06-09/' "$f" >"$T/cal-bad.csv"
  expect 5 as system-admin "$RP" calendar load --year 2027 --source 国务院办公厅通知（演示） --file "$T/cal-bad.csv"
  has "不在 2027 年"
  eq "$(sql "select count(*) from core.calendar_year where year = 2027")" 0 "a refused file loads nothing"
  expect 0 as system-admin "$RP" calendar load --year 2027 --source 国务院办公厅通知（演示） --file "$f"
  has "2027"
  expect 7 as bureau-admin "$RP" calendar load --year 2027 --source 国务院办公厅通知（演示） --file "$f"
  has "已载入"
  eq "$(sql "select lib.add_working_days('2026-12-30', 3)")" 2027-01-05 "across the new year, by its schedule"
  eq "$(sql "select lib.add_working_days('2027-02-05', 1)")" 2027-02-07 "the adjusted working Sunday counts"
  expect 0 as advisor "$RP" calendar show --year 2027
  has "调休上班"; has "放假"
}

t_declaration_then_services() {
  local e ename year next n other
  e=$(served); year=$(bjdate +%Y); next=$((year + 1))
  [ -n "$e" ] || { note "no filed agreement of the bank advisor to serve"; return; }
  ename=$(sql "select name from core.organisation where id = $e")
  # the demo's advisor declared for this year; on 5 January no service
  # before the new year's declaration (P13)
  eq "$(sql "select count(*) from core.advisor_declaration d join core.advisor ad on ad.id = d.advisor_id
             join core.app_user u on u.id = ad.user_id where u.username = 'bank.advisor' and d.year = $year")" 1 \
     "the demo's declaration"
  clock_plus "$(sql "select (timestamptz '$next-01-05 10:00+08' - now())::text")"
  expect 7 as advisor "$RP" service record --enterprise "$ename" --mode 上门 --topic 融资方案 \
    --notes 了解企业融资需求并讨论融资方案的初步思路
  has "请先作出 $next 年度承诺"
  expect 0 as advisor "$RP" inbox
  has "$next 年度承诺尚未作出"
  expect 0 as advisor "$RP" declaration show
  has "金融顾问年度承诺书"; has "不以任何形式直接或间接收取企业费用"
  expect 2 as advisor "$RP" declaration sign </dev/null
  has "--yes"
  expect 4 as bureau-admin "$RP" declaration sign --yes
  expect 0 as advisor "$RP" declaration sign --yes
  has "作出时间"
  expect 0 as advisor "$RP" declaration sign --yes
  has "年度承诺已于"
  expect 0 as advisor "$RP" service record --enterprise "$ename" --mode 线上 --contact 30 --topic 政策和产品咨询 \
    --notes 新年第一次线上沟通，介绍省内普惠小微贷款贴息政策
  clock_plus ''
  eq "$(sql "select count(*) from core.advisor_declaration d join core.advisor ad on ad.id = d.advisor_id
             join core.app_user u on u.id = ad.user_id where u.username = 'bank.advisor' and d.year = $next")" 1 \
     "one declaration a year"
  # a service, with another advisor at the same meeting: one record
  other=$(sql "select ad.name from core.advisor ad where ad.status = 'active' and ad.user_id is null
                and (select count(*) from core.advisor x where x.name = ad.name) = 1 order by ad.id limit 1")
  expect 0 as advisor "$RP" --json --idempotency-key svc-first service record --enterprise "$ename" --mode 上门 \
    --prep 30 --contact 90 --travel 120 --place 企业会议室 --attendees 财务总监、法定代表人 --topic 融资方案 \
    --topic 财务规范 --co-advisor "$other" --notes 了解企业流动资金缺口，建议先规范财务报表再申请信用贷款
  n=$(J id <<<"$OUT")
  has '"mode": "on_site"'; has '"financing_plan"'; has "\"co_advisor_names\": ["
  expect 0 as advisor "$RP" --json --idempotency-key svc-first service record --enterprise "$ename" --mode 上门 \
    --prep 30 --contact 90 --travel 120 --place 企业会议室 --attendees 财务总监、法定代表人 --topic 融资方案 \
    --topic 财务规范 --co-advisor "$other" --notes 了解企业流动资金缺口，建议先规范财务报表再申请信用贷款
  eq "$(J id <<<"$OUT")" "$n" "a retried record is the same record"
  eq "$(sql "select count(*) from core.service_record where id = $n")" 1 "recorded once"
  eq "$(sql "select count(*) from core.service_record where notes like '了解企业流动资金缺口%'")" 1 "recorded once"
  expect 0 as advisor "$RP" service list --enterprise "$ename"
  has "$ename"; has "上门"; has "融资方案"
  "$top/tests/integration/column_end.py" "交流（分钟）" "90" <<<"$OUT" || note "minutes right-aligned"
  # bad input, each answered with what to fix
  expect 2 as advisor "$RP" service record --enterprise "$ename" --mode 飞鸽 --topic 融资方案 --notes 一二三四五六七八九十
  has "上门 on_site"
  expect 2 as advisor "$RP" service record --enterprise "$ename" --mode 上门 --topic 炒股 --notes 一二三四五六七八九十
  has "融资方案 financing_plan"
  expect 5 as advisor "$RP" service record --enterprise "$ename" --mode 上门 --topic 融资方案 --notes 太短
  has "至少 10 个字"
  expect 5 as advisor "$RP" service record --enterprise "$ename" --mode 上门 --topic 融资方案 \
    --date "$(bjdate -d '+3 days' +%F)" --notes 一二三四五六七八九十
  has "还没有到"
  expect 5 as advisor "$RP" service record --enterprise "$ename" --mode 上门 --topic 融资方案 --date 2020-01-01 \
    --notes 一二三四五六七八九十
  has "不在服务协议的服务期"
  expect 5 as advisor "$RP" call service.record "{\"enterprise_id\": $e, \"mode\": \"carrier_pigeon\", \"topics\": [\"financing_plan\"], \"notes\": \"一二三四五六七八九十\"}"
  has "服务方式应为"
  # an enterprise not paired with this advisor
  expect 6 as advisor "$RP" call service.record "{\"enterprise_id\": $(sql "select org_id from core.enterprise
      where org_id not in (select enterprise_id from core.pairing p join core.advisor ad on ad.id = p.advisor_id
                            join core.app_user u on u.id = ad.user_id where u.username = 'bank.advisor') limit 1"), \"mode\": \"phone\", \"topics\": [\"other\"], \"notes\": \"一二三四五六七八九十\"}"
  # others may not record
  expect 4 as bureau-admin "$RP" call service.record "{\"enterprise_id\": $e, \"mode\": \"phone\", \"topics\": [\"other\"], \"notes\": \"一二三四五六七八九十\"}"
}

t_service_scope_and_secrets() {
  local e ename s pref other_pref
  e=$(served); ename=$(sql "select name from core.organisation where id = $e")
  expect 0 as advisor "$RP" --json service record --enterprise "$ename" --mode 电话 --contact 20 --topic 风险提示 \
    --secret --notes 企业透露主要客户将于下月终止合作，提示其提前做好现金流安排
  s=$(J id <<<"$OUT")
  # the enterprise sees its own, its secret too; another enterprise not
  expect 0 as enterprise-contact2 "$RP" service list
  has "$ename"; has "风险提示"
  expect 0 as enterprise-contact "$RP" service list
  lacks "$ename"
  # the bureau's administrator sees it, its notes only through show (audited); the bureau's staff not at all
  expect 0 as bureau-admin "$RP" --json service list --enterprise "$ename"
  has "涉及商业秘密"; lacks "终止合作"
  expect 0 as bureau-staff "$RP" --json service list --enterprise "$ename"
  lacks "\"id\": $s,"; has "了解企业流动资金缺口"
  expect 6 as bureau-staff "$RP" service show "$s"
  expect 0 as bureau-admin "$RP" service show "$s"
  has "终止合作"; has "涉及商业秘密"
  eq "$(sql "select count(*) from core.audit where method = 'service.show' and object like 'service:$s %secret%'")" 1 \
     "reading a secret record is audited"
  # another prefecture's office does not see it
  pref=$(sql "select lib.prefecture_of(county_code) from core.enterprise where org_id = $e")
  other_pref=$(sql "select division_code from core.organisation where kind = 'prefecture_office'
                     and division_code <> '$pref' and exists (select 1 from core.app_user u where u.org_id = organisation.id)
                     order by id limit 1")
  for a in $(ls "$VAR/demo" | sed -n 's/^\(pref-[0-9]*\)\.env$/\1/p'); do
    [ "${a#pref-}" = "$pref" ] && continue
    expect 0 as "$a" "$RP" --json service list
    lacks "$ename"
    break
  done
  : "$other_pref"
  # outside the roles
  expect 4 as institution-admin "$RP" service list
  expect 4 as institution-admin "$RP" service show "$s"
}

t_service_corrections_kept() {
  local e ename n
  e=$(served); ename=$(sql "select name from core.organisation where id = $e")
  n=$(sql "select id from core.service_record where notes like '了解企业流动资金缺口%'")
  # its author, within the working days allowed: only what changes; the earlier version kept
  expect 2 as advisor "$RP" service correct "$n" --contact 100
  has "缺少 --reason"
  expect 5 as advisor "$RP" call service.correct "{\"id\": $n, \"contact_minutes\": 100}"
  has "须说明理由"
  expect 0 as advisor "$RP" --json service correct "$n" --contact 100 --reason 补记实际交流时间
  has '"version": 2'; has '"contact_minutes": 100'; has "了解企业流动资金缺口"
  expect 0 as advisor "$RP" --json service show "$n"
  has '"history": ['; has '"reason": "补记实际交流时间"'; has '"contact_minutes": 90'
  expect 4 as bureau-admin "$RP" service correct "$n" --contact 5 --reason 越权修改
  # after the working days allowed: only a new record says more
  clock_plus '20 days'
  expect 7 as advisor "$RP" service correct "$n" --contact 110 --reason 再次修改
  has "已过修改期限"; has "另记一条"
  clock_plus ''
  eq "$(sql "select count(*) from core.service_record_history where record_id = $n")" 1 "one earlier version kept"
  eq "$(sql "select contact_minutes from core.service_record where id = $n")" 100 "the correction stands"
}

t_service_checks() {
  local e ename
  e=$(served); ename=$(sql "select name from core.organisation where id = $e")
  # seventy days on (the last service was on 5 January): no service for
  # thirty days, none this month
  clock_plus '70 days'
  expect 0 as bureau-admin "$RP" service checks
  has "30 天没有服务记录"; has "$ename"; has "本月尚无服务记录"; has "杨光明"
  expect 0 as bureau-admin "$RP" inbox
  has "服务核查"
  expect 0 as advisor "$RP" service checks
  has "$ename"
  expect 4 as enterprise-contact "$RP" service checks
  expect 0 as bureau-admin "$RP" service checks --idle-days 60
  lacks "60 天没有服务记录"; has "本月尚无服务记录"
  clock_plus ''
}

# Risk warnings (P5): raised by the advisor, seen by the enterprise, the
# tier's owner at once when high, closed with what was done.
t_risk_warnings() {
  local e ename w
  e=$(served); ename=$(sql "select name from core.organisation where id = $e")
  expect 5 as advisor "$RP" risk raise --enterprise "$ename" --kind 债务 --severity 高 --description 太短 \
    --plan 展期 --due "$(bjdate -d '+30 days' +%F)"
  has "风险情况应为 10 至 5000 个字符"
  expect 5 as advisor "$RP" risk raise --enterprise "$ename" --kind 债务 --severity 高 \
    --description 一笔五百万元的经营贷款下月到期，企业现金不足以偿还 --plan 协调贷款行办理续贷 --due 2020-01-01
  has "化解期限应为今天或以后"
  expect 2 as advisor "$RP" risk raise --enterprise "$ename" --kind 债务 --severity 极高 \
    --description 一笔五百万元的经营贷款下月到期，企业现金不足以偿还 --plan 协调贷款行办理续贷 --due 2099-01-01
  has "高 high"
  expect 0 as advisor "$RP" --json risk raise --enterprise "$ename" --kind 债务 --severity 高 \
    --description 一笔五百万元的经营贷款下月到期，企业现金不足以偿还 --plan 协调贷款行办理续贷并引入政府性融资担保 \
    --due "$(bjdate -d '+30 days' +%F)"
  w=$(J id <<<"$OUT")
  has '"severity": "high"'; has '"status": "open"'
  # a high one reaches the bureau at once; the enterprise sees it
  expect 0 as bureau-admin "$RP" inbox
  has "高风险预警：$ename"
  expect 0 as enterprise-contact2 "$RP" risk list
  has "协调贷款行办理续贷"; has "债务"; has "高"
  expect 0 as enterprise-contact "$RP" --json risk list
  lacks "协调贷款行办理续贷"
  expect 4 as institution-admin "$RP" risk list
  # overdue: in the advisor's inbox
  clock_plus '40 days'
  expect 0 as advisor "$RP" inbox
  has "风险预警已过化解期限：$ename"
  clock_plus ''
  # closed with what was done, once
  expect 4 as enterprise-contact2 "$RP" risk close "$w" --outcome 企业自行关闭
  expect 5 as advisor "$RP" risk close "$w" --outcome 好
  expect 0 as advisor "$RP" risk close "$w" --outcome 贷款行已同意续贷一年，担保公司提供担保
  has "已关闭"
  expect 7 as bureau-admin "$RP" risk close "$w" --outcome 再次关闭的情况
  expect 0 as bureau-admin "$RP" inbox
  lacks "高风险预警：$ename"
}

# Financing (P5, P14): a need, a plan sent to a lender who answers within
# ten working days, outcomes that count only once the lender confirms them.
t_financing_referrals_outcomes() {
  local e ename need r r2 o before
  e=$(served); ename=$(sql "select name from core.organisation where id = $e")
  expect 5 as enterprise-contact2 "$RP" need record --amount 0 --purpose 流动资金
  has "大于 0"
  expect 0 as enterprise-contact2 "$RP" --json need record --amount 200 --purpose 采购原料的流动资金 --term 12 \
    --collateral 厂房抵押 --urgency 较急
  need=$(J id <<<"$OUT")
  has '"urgency": "high"'
  expect 0 as advisor "$RP" need list --enterprise "$ename"
  has "采购原料的流动资金"; has "200.00"
  "$top/tests/integration/column_end.py" "金额（万元）" "200.00" <<<"$OUT" || note "money right-aligned"
  # the advisor draws up a plan for it: parts, candidate lenders, steps
  expect 5 as advisor "$RP" plan draw "$need" --summary 政府性融资担保加银行流动资金贷款
  has "--part"
  expect 2 as advisor "$RP" plan draw "$need" --part 炒股:100 --summary 政府性融资担保加银行流动资金贷款
  has "“炒股”无法识别"; has "贷款 loan"
  expect 2 as advisor "$RP" plan draw "$need" --part 贷款 --summary 政府性融资担保加银行流动资金贷款
  has "工具:万元"
  expect 5 as advisor "$RP" plan draw "$need" --part 贷款:150 --step 补齐报表:2027-02-30 --summary 政府性融资担保加银行流动资金贷款
  has "应为 yyyy-mm-dd"
  expect 4 as enterprise-contact2 "$RP" plan draw "$need" --part 贷款:150 --summary 政府性融资担保加银行流动资金贷款
  expect 0 as advisor "$RP" --json plan draw "$need" --part 担保:150 --part 贷款:150 --lender 青海湖融资担保有限公司 \
    --step 担保公司尽调:2027-01-20 --step 补齐近三年财务报表:2027-01-10 --summary 政府性融资担保加银行流动资金贷款，一年期
  local plan plan2
  plan=$(J id <<<"$OUT")
  has '"amount": 300'; has '"version": 1'
  eq "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["steps"][0]["step"])' <<<"$OUT")" 补齐近三年财务报表 \
     "steps in date order"
  expect 7 as advisor "$RP" plan draw "$need" --part 贷款:150 --summary 第二份现行方案不应被接受
  has "plan revise"
  expect 2 as advisor "$RP" plan revise "$plan" --part 贷款:100
  has "--reason"
  expect 0 as advisor "$RP" --json plan revise "$plan" --part 担保:200 --part 贷款:200 --reason 企业需求调整
  plan2=$(J id <<<"$OUT")
  has '"version": 2'; has '"amount": 400'; has "担保公司尽调"
  expect 7 as advisor "$RP" plan revise "$plan" --reason 修订已取代的版本
  has "已被第 2 版取代"
  expect 0 as advisor "$RP" plan list --enterprise "$ename"
  has "担保 200 万元、贷款 200 万元"; has "400.00"; lacks "企业需求调整"
  expect 0 as advisor "$RP" --json plan list --need "$need" --history
  eq "$(python3 -c 'import json,sys; print(" ".join(p["status"] for p in json.load(sys.stdin)["plans"]))' <<<"$OUT")" \
     "current superseded" "the first version kept"
  expect 0 as enterprise-contact2 "$RP" plan show "$plan2"
  has "企业需求调整"
  expect 0 as guar-admin "$RP" --json plan list
  lacks '"reason": "企业需求调整"'
  expect 6 as guar-admin "$RP" plan show "$plan2"
  # a secret plan: not for the bureau's staff, its reading audited
  local need2 sp
  need2=$(as enterprise-contact2 "$RP" --json need record --amount 80 --purpose 技改设备融资租赁 | J id)
  expect 0 as advisor "$RP" --json plan draw "$need2" --part 租赁:80 --summary 以新购设备融资租赁，附企业未公开的订单情况 --secret
  sp=$(J id <<<"$OUT")
  expect 0 as bureau-staff "$RP" --json plan list
  lacks "以新购设备融资租赁"; lacks "\"id\": $sp,"
  expect 6 as bureau-staff "$RP" plan show "$sp"
  expect 0 as bureau-admin "$RP" plan list --need "$need2"
  has "涉及商业秘密"; lacks "以新购设备融资租赁"
  expect 0 as bureau-admin "$RP" plan show "$sp"
  has "以新购设备融资租赁"
  eq "$(sql "select count(*) from core.audit where method = 'plan.show' and object like 'plan:$sp %secret%'")" 1 \
     "reading a secret plan is audited"
  # a plan goes only to one of its candidate lenders
  expect 5 as advisor "$RP" referral send "$need" --plan-id "$plan2" --lender 三江源财产保险青海分公司
  has "候选机构"
  expect 7 as advisor "$RP" referral send "$need" --plan-id "$plan" --lender 青海湖融资担保有限公司
  has "新版本取代"
  # the plan goes to the guarantor, who answers within ten working days
  expect 2 as advisor "$RP" referral send "$need" --lender 青海湖融资担保有限公司 --instrument 炒股 --amount 200 \
    --plan 政府性融资担保加银行流动资金贷款
  has "贷款 loan"
  expect 5 as advisor "$RP" referral send "$need" --lender 柴达木会计师事务所 --instrument 贷款 --amount 200 \
    --plan 政府性融资担保加银行流动资金贷款
  has "推荐对象应为"
  expect 0 as advisor "$RP" --json referral send "$need" --lender 青海湖融资担保有限公司 --plan-id "$plan2"
  r=$(J id <<<"$OUT")
  has '"amount": 400'; has '"plan_version": 2'; has "政府性融资担保加银行流动资金贷款，一年期"
  eq "$(J due_on <<<"$OUT")" "$(sql "select lib.add_working_days(lib.today(), 10)")" "ten working days to answer"
  expect 0 as guar-admin "$RP" plan show "$plan2"
  has "企业需求调整"
  expect 0 as advisor "$RP" --json referral send "$need" --lender 三江源财产保险青海分公司 --instrument 保险 \
    --amount 50 --plan 为抵押厂房投保财产保险，增信
  r2=$(J id <<<"$OUT")
  expect 0 as guar-admin "$RP" inbox
  has "待答复的融资推荐：$ename"
  expect 0 as guar-admin "$RP" referral list
  has "$ename"; has "担保、贷款"
  expect 0 as sec-admin "$RP" --json referral list
  lacks "$ename"
  expect 6 as sec-admin "$RP" referral answer "$r" --accept
  expect 5 as guar-admin "$RP" referral answer "$r" --refuse
  has "须说明理由"
  expect 0 as guar-admin "$RP" referral answer "$r" --accept
  has "已受理"
  expect 7 as guar-admin "$RP" referral answer "$r" --refuse --reason 再次答复的理由
  # the insurer lets its answer run late: overdue for the bureau
  clock_plus '20 days'
  expect 0 as bureau-admin "$RP" inbox
  has "融资推荐逾期未答复：$ename"
  expect 0 as bureau-admin "$RP" referral list --overdue
  has "三江源财产保险青海分公司"; lacks "青海湖融资担保有限公司"
  clock_plus ''
  expect 0 as ins-admin "$RP" referral answer "$r2" --refuse --reason 厂房产权证尚未办妥，暂不能承保
  expect 0 as enterprise-contact2 "$RP" referral list
  has "厂房产权证尚未办妥"; has "不予受理"
  # the advisor records what came of it; it counts once the guarantor confirms
  expect 0 as advisor "$RP" --json outcome record --referral "$r" --kind 担保 --amount 200 --terms "担保费率 1%"
  o=$(J id <<<"$OUT")
  has '"confirmed_at": ""'; has '"advisor_names": ['; has "杨光明"
  expect 0 as advisor "$RP" --json outcome list --enterprise "$ename"
  before=$(J confirmed_amount <<<"$OUT")
  expect 0 as guar-admin "$RP" inbox
  has "待确认的融资成效：$ename"
  expect 4 as advisor "$RP" outcome confirm "$o"
  expect 0 as guar-admin "$RP" outcome confirm "$o"
  expect 0 as advisor "$RP" --json outcome list --enterprise "$ename" --confirmed
  eq "$(awk -v a="$before" -v b="$(J confirmed_amount <<<"$OUT")" 'BEGIN { print b - a }')" 200 \
     "the guarantee counts once confirmed"
  expect 0 as enterprise-contact2 "$RP" inbox
  has "请确认收到的融资"
  expect 0 as enterprise-contact2 "$RP" outcome acknowledge "$o"
  expect 7 as enterprise-contact2 "$RP" outcome acknowledge "$o"
  # a lender's own record is confirmed by that; P14's rewards say before and
  # after (the bank sees the enterprise once it consents)
  expect 6 as institution-admin "$RP" outcome record --enterprise "$ename" --kind 利率下降 --before 4.35% --after 3.85%
  expect 0 as enterprise-contact2 "$RP" enterprise consent --lender 青海高原农商银行
  expect 5 as institution-admin "$RP" outcome record --enterprise "$ename" --kind 利率下降
  has "之前和之后"
  expect 0 as institution-admin "$RP" --json outcome record --enterprise "$ename" --kind 利率下降 --before 4.35% \
    --after 3.85% --terms 培育企业优惠利率
  has '"value_after": "3.85%"'
  [ "$(J confirmed_at <<<"$OUT")" != "" ] || note "the lender's own record is confirmed"
  expect 0 as bureau-admin "$RP" outcome list
  has "利率下降"; has "担保"
}

# Liaison (P11): the enterprise's monthly status to its advisor, one a
# month, a reminder while last month's is missing, a list for supervisors.
t_monthly_reports() {
  local e ename last
  e=$(served); ename=$(sql "select name from core.organisation where id = $e")
  clock_plus "$(sql "select (date_trunc('month', now() at time zone 'Asia/Shanghai') + interval '2 months 5 days'
                             - (now() at time zone 'Asia/Shanghai'))::text")"
  last=$(sql "select to_char(lib.today() - interval '1 month', 'YYYY-MM')")
  expect 0 as enterprise-contact2 "$RP" inbox
  has "月度情况尚未报送"
  expect 0 as bureau-admin "$RP" monthly missing
  has "$ename"; has "$last"
  expect 5 as enterprise-contact2 "$RP" monthly file --month 2026-13 --operations 正常
  has "不存在"
  expect 5 as enterprise-contact2 "$RP" monthly file --month 2099-01 --operations 正常
  has "以后月份"
  expect 0 as enterprise-contact2 "$RP" monthly file --month "$last" --operations 订单饱满，产能利用率八成 \
    --orders 新签两个省外客户 --cash 应收账款回笼偏慢 --needs-changed --problems 原料涨价
  expect 7 as enterprise-contact2 "$RP" monthly file --month "$last" --operations 再报一次
  has "已报送过"
  expect 0 as advisor "$RP" monthly list --enterprise "$ename"
  has "订单饱满"; has "$last"
  expect 0 as enterprise-contact "$RP" --json monthly list
  lacks "订单饱满"
  expect 0 as bureau-admin "$RP" monthly missing
  lacks "$ename"
  expect 0 as enterprise-contact2 "$RP" inbox
  lacks "月度情况尚未报送"
  clock_plus ''
}

# An enterprise's whole cultivation in one command (P20), and every list
# written as a workbook with --xlsx.
t_timeline_and_exports() {
  local e ename f=$T/exports
  e=$(served); ename=$(sql "select name from core.organisation where id = $e"); mkdir -p "$f"
  expect 0 as advisor "$RP" enterprise timeline "$ename" --all
  has "列入名单"; has "结对顾问：杨光明"; has "服务协议备案"; has "服务（上门）：杨光明"; has "融资需求"
  has "推荐给青海湖融资担保有限公司"; has "融资成效"; has "风险预警"; has "月度情况"; has "融资方案"
  expect 0 as enterprise-contact2 "$RP" --json enterprise timeline "$ename" --all
  has '"kind": "agreement_filed"'; has "终止合作"
  # a secret service appears without its notes to whom may not read them
  expect 0 as bureau-staff "$RP" --json enterprise timeline "$ename" --all
  has "（涉及商业秘密）"; lacks "终止合作"
  [ "$(sql "select count(*) from core.audit where method = 'enterprise.timeline' and username = 'bureau.staff'
            and object = 'timeline enterprise:$e'")" -ge 1 ] || note "reading a timeline is audited"
  expect 6 as enterprise-contact "$RP" enterprise timeline "$ename"
  expect 4 as institution-admin "$RP" enterprise timeline "$ename"
  # any list, as a workbook: the table's columns, every page
  expect 0 as advisor "$RP" service list --xlsx "$f/services.xlsx"
  has "已写出"
  unzip -p "$f/services.xlsx" xl/sharedStrings.xml >"$f/s.xml" 2>/dev/null || note "not a workbook"
  grep -q "服务日期" "$f/s.xml" || note "the workbook lacks the header"
  grep -q "$ename" "$f/s.xml" || note "the workbook lacks the rows"
  expect 1 as advisor "$RP" service list --xlsx "$f/services.xlsx"
  has "已存在"
  expect 0 as bureau-admin "$RP" enterprise timeline "$ename" --xlsx "$f/timeline.xlsx"
  unzip -p "$f/timeline.xlsx" xl/sharedStrings.xml | grep -q "结对顾问" || note "the timeline workbook"
  expect 0 "$RP" service list --help
  has "--xlsx 文件"
  # the timeline as a document in the official layout (GB/T 9704): A4, the
  # fonts embedded, the text extractable, the pages within the measures
  expect 0 as bureau-staff "$RP" enterprise timeline "$ename" --pdf "$f/timeline.pdf"
  has "已写出"; has "页）"
  pdfinfo "$f/timeline.pdf" | grep -q "A4" || note "the timeline PDF is not A4"
  pdffonts "$f/timeline.pdf" | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' ||
    note "a font of the timeline PDF is not embedded"
  OUT=$(pdftotext "$f/timeline.pdf" - | tr -d " ")
  has "${ename}培育情况"; has "一、20"; has "结对顾问：杨光明"; has "—1—"
  lacks "终止合作"
  pdftoppm -r 72 -gray "$f/timeline.pdf" "$f/tl"
  "$top/tests/integration/pdf_layout.py" "$f"/tl-*.pgm >/dev/null 2>"$f/layout.err" ||
    note "the timeline's layout: $(cat "$f/layout.err")"
  expect 1 as bureau-staff "$RP" enterprise timeline "$ename" --pdf "$f/timeline.pdf"
  has "已存在"
}

# Discipline (P13): an enterprise reports a suspected breach; it reaches
# the bureau at once; reading the reports is audited.
t_violation_reports() {
  local other
  other=$(sql "select ad.name from core.advisor ad where ad.status = 'active' and not exists
                (select 1 from core.pairing p join core.organisation o on o.id = p.enterprise_id
                  join core.app_user u on u.org_id = o.id
                  where p.advisor_id = ad.id and u.username = 'ent.contact2')
                and (select count(*) from core.advisor x where x.name = ad.name) = 1 order by ad.id limit 1")
  expect 5 as enterprise-contact2 "$RP" violation report --kind 收取费用或好处 --advisor "$other" \
    --account 顾问以咨询费名义要求支付两千元
  has "不是为本企业服务的顾问"
  expect 5 as enterprise-contact2 "$RP" violation report --kind 吃饭 --account 顾问以咨询费名义要求支付两千元
  has "反映的问题应为"
  expect 0 as enterprise-contact2 "$RP" violation report --kind 收取费用或好处 --advisor 杨光明 \
    --account 顾问以咨询费名义要求支付两千元，被我方拒绝
  expect 0 as bureau-admin "$RP" inbox
  has "企业反映顾问违反纪律"
  expect 0 as bureau-admin "$RP" violation list
  has "收取费用或好处"; has "杨光明"
  eq "$(sql "select count(*) from core.audit where method = 'violation.list' and username = 'bureau.admin'")" 1 \
     "reading the reports is audited"
  expect 0 as enterprise-contact "$RP" --json violation list
  lacks "咨询费"
  expect 4 as advisor "$RP" violation list
}

# Offline on the plateau: a change kept in the outbox (--offline, or by
# itself when the server is unreachable), sent later once, in order, names
# resolved then; a link that drops after the server did the work repeats
# nothing; a change the server refuses stays for the user to settle.
t_offline_outbox() {
  local e ename before n pport mode=$T/ob-mode plog=$T/ob.log proxy u0
  e=$(served); ename=$(sql "select name from core.organisation where id = $e")
  before=$(sql "select count(*) from core.service_record where enterprise_id = $e")
  expect 0 as advisor "$RP" --offline service record --enterprise "$ename" --mode 上门 --contact 60 --topic 融资方案 \
    --notes 离线记录：在企业现场讨论贷款续期方案
  has "已存入待发送箱（共 1 项）"
  eq "$(sql "select count(*) from core.service_record where enterprise_id = $e")" "$before" "nothing sent yet"
  expect 2 as advisor "$RP" --offline service list
  has "只用于修改类命令"
  # the server out of reach: field work is kept by itself
  expect 0 as advisor env RONGPEI_SERVER="127.0.0.1:$P3" "$RP" service record --enterprise "$ename" --mode 电话 \
    --contact 15 --topic 其他 --notes 离线记录：电话确认下次走访时间
  has "无法连接服务器：已存入待发送箱（共 2 项）"
  expect 0 as advisor "$RP" outbox
  has "离线记录：在企业现场讨论贷款续期方案"; has "待发送"; has "共 2 项"
  # through a relay that drops every answer: the server does the work, the client never hears
  pport=$(free_port); echo pass >"$mode"; : >"$plog"
  "$top/$BUILD/cutproxy" "$pport" "$P1" "$mode" "$plog" &
  proxy=$!
  wait_for 10 grep -q listening "$plog" || note "the relay does not listen"
  expect 0 as advisor env RONGPEI_SERVER="127.0.0.1:$pport" "$RP" service list --limit 1
  u0=$(sed -n 's/^up=\([0-9]*\).*/\1/p' "$plog" | tail -n 1)
  echo "drop ${u0:-400}" >"$mode"
  expect 8 as advisor env RONGPEI_SERVER="127.0.0.1:$pport" "$RP" outbox send
  has "仍在待发送箱"
  kill "$proxy" 2>/dev/null; wait "$proxy" 2>/dev/null
  # sent again directly: answered from the server's record, nothing twice
  expect 0 as advisor "$RP" outbox send
  has "已发送 2 项"
  eq "$(sql "select count(*) from core.service_record where enterprise_id = $e")" "$((before + 2))" "each sent once"
  expect 0 as advisor "$RP" outbox
  has "待发送箱是空的"
  # a correction that comes too late is refused and kept for the user to settle
  n=$(sql "select max(id) from core.service_record where enterprise_id = $e")
  expect 0 as advisor "$RP" --offline service correct "$n" --contact 70 --reason 离线补记
  clock_plus '20 days'
  expect 7 as advisor "$RP" outbox send
  has "已过修改期限"
  clock_plus ''
  expect 0 as advisor "$RP" outbox
  has "未能发送：状态已变化"
  expect 0 as advisor "$RP" outbox drop 1
  has "还有 0 项"
}

# P14: lenders publish preferential measures for well-cultivated
# enterprises; an outcome names the measure applied; the bureau sees which
# measures reached how many enterprises.
t_preferential_measures() {
  local e ename m
  e=$(served); ename=$(sql "select name from core.organisation where id = $e")
  expect 4 as law-admin "$RP" measure publish --kind 利率 --title 培育企业利率优惠 --description 律所不能发布融资优惠措施内容
  has "银行、融资担保"
  expect 0 as institution-admin "$RP" --json measure publish --kind 利率 --title 培育企业贷款利率优惠 \
    --description 经培育评为良好的企业，一年期流动资金贷款利率下浮五十个基点 --until 2027-12-31
  m=$(J id <<<"$OUT")
  expect 0 as advisor "$RP" measure list
  has "培育企业贷款利率优惠"; has "青海高原农商银行"
  expect 5 as institution-admin "$RP" outcome record --enterprise "$ename" --kind 利率下降 --before 4.35% --after 3.85% \
    --measure 999999
  has "该金融机构发布的"
  expect 0 as institution-admin "$RP" --json outcome record --enterprise "$ename" --kind 利率下降 --before 4.35% \
    --after 3.85% --measure "$m"
  has '"measure_title": "培育企业贷款利率优惠"'
  expect 0 as bureau-admin "$RP" --json measure list
  has '"applied": 1'
  expect 0 as bureau-admin "$RP" outcome list
  has "培育企业贷款利率优惠"
}

# Liaison (P11): an enterprise and its advisor write to each other (the
# thread waits in the other's inbox); a group shares cases and answers; a
# provincial advisor linked with a prefecture advisor on the same
# prefecture reads that advisor's notes on the enterprises both serve.
# Secrets to fewer; every reading audited.
t_messages_and_group_notes() {
  local e ename far
  e=$(served); ename=$(sql "select name from core.organisation where id = $e")
  expect 0 as enterprise-contact2 "$RP" message send --text 下月想扩大采购，流动资金贷款能否提前办理？
  expect 0 as advisor "$RP" inbox
  has "企业留言待回复：$ename"
  expect 6 as advisor "$RP" message send --enterprise "$(sql "select name from core.organisation o where kind = 'enterprise'
      and not exists (select 1 from core.pairing p join core.advisor ad on ad.id = p.advisor_id join core.app_user u
                       on u.id = ad.user_id where p.enterprise_id = o.id and u.username = 'bank.advisor')
      and exists (select 1 from core.enterprise x where x.org_id = o.id) order by id limit 1")" --text 越权的留言
  expect 5 as advisor "$RP" message send --enterprise "$ename" --text 好
  has "2 至 2000"
  expect 0 as advisor "$RP" message send --enterprise "$ename" --text 可以，下周二上门核对订单后一并申请 --secret
  expect 0 as advisor "$RP" inbox
  lacks "企业留言待回复：$ename"
  expect 0 as enterprise-contact2 "$RP" inbox
  has "顾问留言：杨光明"
  expect 0 as enterprise-contact2 "$RP" message list
  has "扩大采购"; has "下周二上门"
  "$top/tests/integration/column_end.py" "一方" "企业" <<<"$OUT" >/dev/null 2>&1 || true
  expect 0 as bureau-staff "$RP" message list --enterprise "$ename"
  has "扩大采购"; lacks "下周二上门"
  expect 0 as bureau-admin "$RP" message list --enterprise "$ename"
  has "下周二上门"
  eq "$(sql "select count(*) from core.audit where method = 'message.list' and object like 'messages enterprise:$e secret'
             and username in ('bureau.admin', 'ent.contact2')")" 2 "reading secret messages is audited"
  expect 6 as enterprise-contact "$RP" message list --enterprise "$ename"
  # the group's shared notes
  expect 0 as advisor "$RP" --json note share --title 酒店业流动资金贷款经验 --enterprise "$ename" \
    --text 淡季现金流紧，建议用随借随还的循环贷款，并提前准备三年报表。
  has '"group_name": "第5组"'
  far=$(sql "select o.id from core.organisation o join core.enterprise x on x.org_id = o.id
              where not exists (select 1 from core.pairing p where p.enterprise_id = o.id and p.until is null)
              order by o.id limit 1")
  expect 5 as advisor "$RP" note share --title 无关企业 --enterprise "$far" --text 与本组无关的企业不应能作为案例。
  has "本组顾问结对服务的企业"
  expect 0 as advisor "$RP" note share --title 涉密案例 --text 企业未公开的订单和报价情况，仅供组内参考。 --secret
  expect 4 as enterprise-contact2 "$RP" note list
  expect 0 as advisor "$RP" note list
  has "酒店业流动资金贷款经验"; has "涉密案例"
  expect 0 as bureau-staff "$RP" note list
  has "酒店业流动资金贷款经验"; lacks "涉密案例"
  expect 0 as bureau-admin "$RP" note list --enterprise "$ename"
  has "酒店业流动资金贷款经验"; lacks "涉密案例"
  expect 0 as prefecture-staff "$RP" --json note list
  lacks "酒店业流动资金贷款经验"
  # the demo's link: the 西宁 office linked the provincial advisor with one of its own
  local pa pn link
  pa=$(sql "select prefecture_advisor_id from core.advisor_link where ended_at is null order by id limit 1")
  pn=$(sql "select name from core.advisor where id = $pa")
  expect 4 as advisor "$RP" colleague link --province 杨光明 --prefecture "$pa"
  expect 5 as prefecture-staff "$RP" colleague link --province "$pa" --prefecture "$pa"
  has "省级顾问"
  expect 7 as prefecture-staff "$RP" colleague link --province 杨光明 --prefecture "$pa"
  has "已经关联"
  expect 0 as prefecture-staff "$RP" colleague unlink "$(sql "select id from core.advisor_link where ended_at is null
                                                               and prefecture_advisor_id = $pa")"
  expect 0 as prefecture-staff "$RP" --json colleague link --province 杨光明 --prefecture "$pa"
  link=$(J id <<<"$OUT")
  expect 0 as advisor "$RP" colleague list
  has "$pn"
  # linked, and serving the same enterprise at the prefecture's tier, the
  # prefecture advisor reads the provincial advisor's note on it (the
  # database's rule, with that advisor's context)
  sql "insert into core.pairing (run_id, year, tier, advisor_id, enterprise_id, score, factors, since)
       select run_id, year, 'prefecture', $pa, enterprise_id, 0, 'test', since from core.pairing
        where enterprise_id = $e and until is null order by id limit 1;
       update core.advisor set user_id = (select id from core.app_user where username = 'bureau.staff') where id = $pa" >/dev/null
  local pctx="jsonb_build_object('user_id', (select id from core.app_user where username = 'bureau.staff'),
                                 'roles', '[\"advisor\"]'::jsonb, 'scope', 'self')"
  eq "$(sql "select string_agg(distinct n.title, ',') from core.group_note n where lib.sees_note($pctx, n)")" \
     酒店业流动资金贷款经验 "the linked advisor reads the note on the shared enterprise, not the others"
  expect 0 as prefecture-staff "$RP" colleague unlink "$link"
  expect 7 as prefecture-staff "$RP" colleague unlink "$link"
  eq "$(sql "select count(*) from core.group_note n where lib.sees_note($pctx, n)")" 0 "unlinked, not any more"
  sql "update core.advisor set user_id = null where id = $pa;
       update core.pairing set until = lib.today(), end_reason = 'test' where advisor_id = $pa and until is null" >/dev/null
  eq "$(sql "select count(*) from core.audit where method = 'note.list' and object like '%secret%'
             and username = 'bank.advisor'")" 1 "reading secret notes is audited"
}

# Attachments (P5): photos and documents on a record, by its author; the
# type told from the bytes, the size limited, the SM3 digest kept and
# checked on the way back; a secret record's attachments to fewer; every
# fetch audited.
t_attachments() {
  local s ss d=$T/att id
  mkdir -p "$d"
  s=$(sql "select s.id from core.service_record s join core.app_user u on u.id = s.created_by
            where u.username = 'bank.advisor' and not s.secret order by s.id limit 1")
  ss=$(sql "select id from core.service_record where secret and notes like '%终止合作%' limit 1")
  { printf '\x89PNG\r\n\x1a\n'; head -c 20000 /dev/urandom; } >"$d/走访照片.png"
  { printf '\x89PNG\r\n\x1a\n'; head -c 2200000 /dev/urandom; } >"$d/big.png"
  echo "不是照片也不是文件" >"$d/note.txt"
  cp "$d/走访照片.png" "$d/secret.png"
  expect 5 as advisor "$RP" attachment add 服务记录 "$s" --file "$d/note.txt"
  has "不是可接受的附件"
  expect 5 as advisor "$RP" attachment add 服务记录 "$s" --file "$d/big.png"
  has "2.0 MB"
  { printf '\x89PNG\r\n\x1a\n'; head -c 3200000 /dev/urandom; } >"$d/huge.png"
  expect 2 as advisor "$RP" attachment add 服务记录 "$s" --file "$d/huge.png"
  has "太大"
  expect 2 as advisor "$RP" attachment add 服务记录 "$s" --file "$d/none.png"
  has "文件不存在"
  expect 2 as advisor "$RP" attachment add 记录 "$s" --file "$d/走访照片.png"
  has "服务记录 service"
  expect 4 as enterprise-contact2 "$RP" attachment add 服务记录 "$s" --file "$d/走访照片.png"
  expect 0 as advisor "$RP" --json attachment add 服务记录 "$s" --file "$d/走访照片.png"
  id=$(J id <<<"$OUT")
  has '"media_type": "image/png"'; has '"name": "走访照片.png"'
  eq "$(J sm3 <<<"$OUT")" "$(openssl dgst -sm3 "$d/走访照片.png" | awk '{print $NF}')" "the SM3 digest of the bytes"
  expect 0 as advisor "$RP" attachment add 服务记录 "$ss" --file "$d/secret.png"
  expect 0 as enterprise-contact2 "$RP" attachment list 服务记录 "$s"
  has "走访照片.png"; has "image/png"
  expect 6 as institution-admin "$RP" attachment list 服务记录 "$s"
  expect 6 as bureau-staff "$RP" attachment list 服务记录 "$ss"
  expect 0 as bureau-admin "$RP" attachment get "$id" --out "$d/back.png"
  has "核对一致"
  cmp -s "$d/走访照片.png" "$d/back.png" || note "the attachment came back changed"
  expect 1 as bureau-admin "$RP" attachment get "$id" --out "$d/back.png"
  has "未覆盖"
  eq "$(sql "select count(*) from core.audit where method = 'attachment.get' and object like 'attachment:$id %'")" 1 \
     "fetching an attachment is audited"
  # the database keeps the bytes with their digest; the row cannot lie about its size
  OUT=$(sql "update core.attachment set size = size + 1 where id = $id" 2>&1)
  has "attachment_size_matches"
}

# Needs, risk warnings and monthly reports can hold business secrets too:
# among officials only the tier's owner sees them; their lists are audited.
t_secret_needs_risks_reports() {
  local e ename
  e=$(served); ename=$(sql "select name from core.organisation where id = $e")
  expect 0 as enterprise-contact2 "$RP" need record --amount 60 --purpose 并购上游牧场的过桥资金（未公开） --secret
  expect 0 as advisor "$RP" risk raise --enterprise "$ename" --kind 法律 --severity 低 \
    --description 企业与主要客户的合同纠纷尚未公开，可能影响回款 --plan 协助企业咨询律师 \
    --due "$(sql "select lib.today() + 30")" --secret
  expect 0 as enterprise-contact2 "$RP" monthly file --month 2026-05 --operations 与上游牧场洽谈并购（未公开） --secret
  for c in "need list" "risk list" "monthly list"; do
    # shellcheck disable=SC2086
    expect 0 as bureau-staff "$RP" --json $c --enterprise "$ename"
    lacks "未公开"
    # shellcheck disable=SC2086
    expect 0 as bureau-admin "$RP" $c --enterprise "$ename"
    has "未公开"
  done
  expect 0 as enterprise-contact2 "$RP" need list
  has "过桥资金（未公开）"
  expect 0 as bureau-staff "$RP" --json enterprise timeline "$ename" --all
  lacks "未公开"; has "（涉及商业秘密）"
  eq "$(sql "select count(distinct method) from core.audit where method in ('need.list', 'risk.list', 'monthly.list')
             and username = 'bureau.staff'")" 3 "reading the lists is audited"
}

# P20: after its years an enterprise leaves with a reason, recorded by the
# list's owner; its pairs and agreements end with it, and its timeline says
# so.  (Last: the served enterprise leaves.)
t_enterprise_leaves() {
  local e ename tier
  e=$(served); ename=$(sql "select name from core.organisation where id = $e")
  tier=$(sql "select tier from core.key_enterprise where enterprise_id = $e and status = 'listed' order by year desc limit 1")
  expect 4 as advisor "$RP" enterprise leave "$ename" --reason 培育毕业
  expect 4 as institution-admin "$RP" enterprise leave "$ename" --reason 培育毕业
  expect 2 as bureau-admin "$RP" enterprise leave "$ename" --reason 经营异常
  has "培育毕业 graduated"
  local owner=bureau-admin
  [ "$tier" = province ] || owner=prefecture-staff
  expect 5 as "$owner" "$RP" enterprise leave "$ename" --reason 其他 --account 太短
  has "至少 10 个字"
  expect 0 as "$owner" "$RP" --json enterprise leave "$ename" --reason 已获得融资 --account "获得担保贷款 400 万元，培育目标达成"
  has '"leave_reason": "financing_obtained"'
  [ "$(J pairs_ended <<<"$OUT")" -ge 1 ] || note "its pairs end with it"
  expect 0 as "$owner" "$RP" enterprise leave --help
  has "removal apply"
  eq "$(sql "select count(*) from core.pairing where enterprise_id = $e and until is null")" 0 "no pair left"
  eq "$(sql "select string_agg(distinct end_reason, ',') from core.pairing where enterprise_id = $e and until = lib.today()
                     and end_reason <> 'test'")" \
     企业结束培育 "the pairs say why they ended"
  expect 6 as "$owner" "$RP" enterprise leave "$ename" --reason 培育毕业
  expect 0 as "$owner" "$RP" keylist list --status left
  has "$ename"; has "结束培育"; has "已获得融资：获得担保贷款"
  # the advisor cannot go on serving it; its timeline keeps it all
  expect 6 as advisor "$RP" service record --enterprise "$ename" --mode 电话 --contact 30 --topic 政策和产品咨询 \
    --notes 结束培育后不应再能登记的服务记录内容
  expect 0 as bureau-admin "$RP" enterprise timeline "$ename" --all
  has "结束培育"; has "已获得融资：获得担保贷款 400 万元"; has "结对结束：杨光明"
}
