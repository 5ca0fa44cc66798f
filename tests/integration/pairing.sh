# pairing.sh - service groups, pairing advisors with the listed
# enterprises, and agreements (P8, P12-P14): groups of ten balanced and the
# policy group; infeasibility explained; hard constraints (prefectures
# served, declared conflicts, the advisor's institution lending to the
# enterprise) never broken; 1-2 enterprises per advisor and every
# enterprise covered; the server re-checking whatever it is sent; the
# history kept when a pairing is replaced; agreements drafted, signed,
# filed, returned, ended and renewed; every list paged.  Optimality
# against an exhaustive search is in the unit tests (random instances).
# Starts from the list enterprise left.
AREA_FROM=enterprise
AREA_SEQUENTIAL=1

AREA_TESTS=(
  t_service_groups
  t_pairing_optimal_and_explained
  t_pairing_changes_and_agreements
  t_prefecture_groups_pairing_agreement
  t_pairing_rules_agree
  t_lists_page_through
  t_names_instead_of_ids
)

t_service_groups() {
  local year n k g1 g2 a leader bank gov
  year=$(bjdate +%Y); bank=$(org_id 青海高原农商银行)
  appoint_government_advisors 3   # pairing.sh: the policy group's members
  gov=$(sql "select count(*) from core.advisor ad join core.organisation o on o.id = ad.org_id
             where ad.tier = 'province' and ad.status = 'active' and o.inst_type = 'government'")
  n=$(sql "select count(*) from core.advisor where tier = 'province' and status = 'active'")
  k=$(( (n - gov + 9) / 10 ))
  expect 4 as prefecture-staff "$RP" group propose --year "$year"
  expect 0 as bureau-admin "$RP" --json group propose --year "$year"
  eq "$(grep -c '"kind": "service"' <<<"$OUT")" "$k" "ceil(n/10) service groups for $((n - gov)) advisors"
  eq "$(grep -c '"kind": "policy"' <<<"$OUT")" 1 "one policy group of the $gov government advisors"
  expect 0 as bureau-admin "$RP" group propose --year "$year"
  has "蛇形"; has "均衡："; has "组长："
  # a policy group may hold government advisors only
  a=$(sql "select id from core.advisor where tier = 'province' and status = 'active' and org_id = $bank order by id limit 1")
  expect 5 as bureau-admin "$RP" call group.save "{\"year\": $year, \"groups\": [{\"name\": \"政策法规组\", \"kind\": \"policy\", \"leader_id\": $a, \"advisor_ids\": [$a]}]}"
  has "政府部门"
  expect 0 as bureau-admin "$RP" group propose --year "$year" --save
  has "已按此方案组建 $((k + 1)) 个小组"
  eq "$(sql "select max(c) from (select count(*) c from core.group_membership where until is null group by group_id) x")" \
     "$(sql "select least(10, max(c)) from (select count(*) c from core.group_membership where until is null group by group_id) x")" \
     "no group over 10"
  eq "$(sql "select count(*) from core.group_membership where until is null")" "$n" "every advisor in one group"
  eq "$(sql "select count(*) from core.group_membership gm join core.service_group g on g.id = gm.group_id
             join core.advisor ad on ad.id = gm.advisor_id join core.organisation o on o.id = ad.org_id
             where gm.until is null and (g.kind = 'policy') <> (o.inst_type = 'government')")" 0 \
     "the policy group holds the government advisors, and only they"
  has "政策法规组"
  expect 7 as bureau-admin "$RP" group propose --year "$year" --save
  has "已组建"
  # moves are recorded, with a reason; a leader moves only after a new leader is named
  g1=$(sql "select min(id) from core.service_group where year = $year and tier = 'province' and kind = 'service'")
  g2=$(sql "select max(id) from core.service_group where year = $year and tier = 'province' and kind = 'service'")
  a=$(sql "select advisor_id from core.group_membership gm join core.service_group g on g.id = gm.group_id
            where g.id = $g1 and gm.until is null and gm.advisor_id <> g.leader_id order by advisor_id limit 1")
  leader=$(sql "select leader_id from core.service_group where id = $g1")
  expect 2 as bureau-admin "$RP" group move "$a" --to "$g2"
  expect 5 as bureau-admin "$RP" call group.move "{\"advisor_id\": $a, \"group_id\": $g2}"
  expect 0 as bureau-admin "$RP" group move "$a" --to "$g2" --reason 补充信贷专业
  expect 7 as bureau-admin "$RP" group move "$leader" --to "$g2" --reason 调整
  has "先更换组长"
  expect 0 as bureau-admin "$RP" group leader "$g1" --advisor "$(sql "select advisor_id from core.group_membership
            where group_id = $g1 and until is null and advisor_id <> $leader order by advisor_id limit 1")" --reason 原组长调整
  expect 0 as bureau-admin "$RP" group move "$leader" --to "$g2" --reason 调整
  expect 0 as bureau-admin "$RP" group history "$a"
  has "组建"; has "补充信贷专业"
  eq "$(sql "select count(*) from core.group_membership where advisor_id = $a")" 2 "the move kept the old membership"
  expect 0 as bureau-staff "$RP" group list --year "$year"
  has "组长："; has "小组编号"
  expect 4 as institution-admin "$RP" group list
}

# appoint_government_advisors N: the demo's government department
# (省发展改革委) nominates N advisors into the provincial round, each
# reviewed, decided and confirmed: the policy-and-regulation group's members.
appoint_government_advisors() {
  local gov round scores k n
  gov=$(org_id 省发展改革委（演示）)
  round=$(sql "select id from core.intake_round where title = '省级金融顾问测试轮次'")
  scores=$(sql "select string_agg('--score ' || name || ':90', ' ' order by position) from core.round_criterion
                where round_id = $round")
  org_account gov-admin gov.admin 发改委管理员 "$gov" institution_admin
  expect 0 as bureau-admin "$RP" round quota "$round" --quota "$gov:$1"
  for k in $(seq "$1"); do
    expect 0 as gov-admin "$RP" --json advisor nominate --round "$round" --name "政策顾问$k" --gender "$(sex_of "$(id17 "630102197505050$((k + 10))")")" \
      --id-number "$(id17 "630102197505050$((k + 10))")" --specialism policy --specialism governance \
      --prefecture 630100 --prefecture 630200 --prefecture 632200 --prefecture 632300 --prefecture 632500 \
      --prefecture 632600 --prefecture 632700 --prefecture 632800 --declaration-signed --notice-version v1
    n=$(J id <<<"$OUT")
    expect 0 as gov-admin "$RP" nomination submit "$n"
    expect 0 as bureau-admin "$RP" review assign "$round" --reviewer "$(user_id expert.wang)" --nomination "$n"
    # shellcheck disable=SC2086
    expect 0 as expert "$RP" review score "$n" $scores
    expect 0 as bureau-admin "$RP" decision propose "$n" --decision appoint --reason 政策法规组成员
    expect 0 as bureau-admin2 "$RP" decision confirm "$n"
  done
}

t_pairing_optimal_and_explained() {
  local year f=$T/pairing ent demo bank a n run incomplete prop ent2
  year=$(bjdate +%Y); bank=$(org_id 青海高原农商银行)
  demo=$(sql "select id from core.organisation where credit_code = '91630104MA7N3K5Q6N'")
  n=$(sql "select count(*) from core.key_enterprise where year = $year and tier = 'province' and status = 'listed'")
  # most listed enterprises are in prefectures no provincial advisor serves yet
  expect 7 as bureau-admin "$RP" pairing propose --year "$year"
  has "无法为每家企业安排顾问"
  expect 7 as bureau-admin "$RP" --json pairing propose --year "$year"
  has '"complete": false'
  incomplete=$(J id <<<"$OUT")
  # the bureau widens its team's prefectures offline and syncs
  expect 0 as bureau-admin env RONGPEI_STATE_DIR="$T/bureau-team" "$RP" team export --file "$f.csv"
  awk -F, -v OFS=, 'NR > 1 && $14 != "已终止" { $13 = "630100;630200;632200;632300;632500;632600;632700;632800" } { print }' \
    "$f.csv" >"$f.new" && mv "$f.new" "$f.csv"
  expect 0 as bureau-admin env RONGPEI_STATE_DIR="$T/bureau-team" "$RP" team sync --file "$f.csv"
  # a declared conflict, and an enterprise that borrows from an advisor's institution
  ent=$(sql "select enterprise_id from core.key_enterprise where year = $year and tier = 'province'
              and status = 'listed' and enterprise_id <> $demo order by enterprise_id limit 1")
  a=$(sql "select id from core.advisor where tier = 'province' and status = 'active' order by id limit 1")
  expect 2 as bureau-admin "$RP" pairing conflict "$a" --enterprise "$ent"
  expect 5 as bureau-admin "$RP" call pairing.conflict "{\"advisor_id\": $a, \"enterprise_id\": $ent}"
  expect 0 as bureau-admin "$RP" pairing conflict "$a" --enterprise "$ent" --reason 亲属在该企业任职
  expect 0 as enterprise-contact "$RP" enterprise save --credit-code 91630104MA7N3K5Q6N \
    --name 湟水谷物加工有限公司（演示） --county 630121 --industry 13 --ownership 私营 --employees 320 \
    --revenue 2100 --assets 1500 --legal-rep 马建军 --contact 马建军 --difficulty 融资 \
    --borrowing 青海高原农商银行:300:2027-12-31
  expect 0 as bureau-admin "$RP" pairing propose --year "$year"
  has "最优结对"; has "总得分"; has "专业对口"; has "对偶证书验证"
  # a proposal is accepted only while its inputs stand: a conflict declared
  # after it was made means proposing again
  expect 0 as bureau-admin "$RP" --json pairing propose --year "$year"
  has '"certified": true'; has '"complete": true'
  prop=$(J id <<<"$OUT")
  ent2=$(sql "select enterprise_id from core.key_enterprise where year = $year and tier = 'province'
               and status = 'listed' and enterprise_id not in ($demo, $ent) order by enterprise_id limit 1")
  expect 0 as bureau-admin "$RP" pairing conflict "$a" --enterprise "$ent2" --reason 曾在该企业兼职
  expect 7 as bureau-admin "$RP" call pairing.accept "{\"proposal_id\": $prop}"
  has "已有变化"
  expect 7 as bureau-admin "$RP" call pairing.accept "{\"proposal_id\": $incomplete}"
  has "不完整"
  expect 6 as bureau-admin "$RP" call pairing.accept '{"proposal_id": 999999}'
  expect 4 as prefecture-staff "$RP" call pairing.accept "{\"proposal_id\": $prop}"
  expect 0 as bureau-admin "$RP" --json pairing propose --year "$year" --accept
  has '"run_id"'
  prop=$(sql "select max(id) from core.pairing_proposal")
  expect 7 as bureau-admin "$RP" call pairing.accept "{\"proposal_id\": $prop}"
  has "已于第"
  eq "$(sql "select proposal_id from core.pairing_run order by id desc limit 1")" "$prop" "the run names its proposal"
  eq "$(sql "select count(*) from core.pairing where until is null and advisor_id = $a and enterprise_id = $ent2")" 0 \
     "never the conflict declared after the first proposal"
  eq "$(sql "select count(*) from core.pairing where until is null and year = $year")" "$n" "every listed enterprise paired"
  eq "$(sql "select count(*) from (select advisor_id from core.pairing where until is null and year = $year
             group by 1 having count(*) not between 1 and 2) x")" 0 "one or two per advisor"
  eq "$(sql "select count(*) from core.advisor ad join core.organisation o on o.id = ad.org_id
             where ad.tier = 'province' and ad.status = 'active' and o.inst_type is distinct from 'government'
               and not exists (select 1 from core.pairing p where p.advisor_id = ad.id and p.until is null)")" 0 \
     "every advisor paired"
  # the government departments' advisors form the policy group and are not paired (P8)
  eq "$(sql "select count(*) from core.pairing p join core.advisor ad on ad.id = p.advisor_id
             join core.organisation o on o.id = ad.org_id where o.inst_type = 'government' and p.until is null")" 0 \
     "no government advisor paired"
  expect 7 as bureau-admin "$RP" pairing change "$ent" --advisor "$(sql "select ad.id from core.advisor ad
    join core.organisation o on o.id = ad.org_id where o.inst_type = 'government' and ad.status = 'active'
    order by ad.id limit 1")" --year "$year" --reason 试图让政府顾问结对
  has "政策法规组"
  eq "$(sql "select count(*) from core.pairing where until is null and advisor_id = $a and enterprise_id = $ent")" 0 \
     "never a declared conflict"
  eq "$(sql "select count(*) from core.pairing p join core.advisor ad on ad.id = p.advisor_id
             where p.until is null and ad.org_id = $bank and p.enterprise_id = $demo")" 0 "never the lender's advisor"
  eq "$(sql "select objective from core.pairing_run order by id desc limit 1")" \
     "$(sql "select sum(score) from core.pairing where until is null and year = $year")" "the objective recorded"
  # other weights, accepted again: a pair the new pairing keeps goes on (its
  # date, later its agreement); the others end and stay on record
  expect 0 as bureau-admin "$RP" pairing propose --year "$year" --weight-specialism 1 --weight-local 9 --accept
  run=$(sql "select max(id) from core.pairing_run")
  eq "$(sql "select count(*) from core.pairing where until is null and year = $year and run_id = $run")" "$n" \
     "every enterprise paired under the new run"
  eq "$(sql "select count(*) from core.pairing p where p.year = $year and p.run_id < $run")" \
     "$(sql "select count(*) from core.pairing p where p.year = $year and p.until is not null
             and p.end_reason = '重新结对（方案 $run）'")" "the changed pairs ended, with the reason"
  eq "$(sql "select (select count(*) from core.pairing p where p.year = $year and p.until is null and p.run_id = $run
                      and p.created_at < (select created_at from core.pairing_run where id = $run))
                   + (select count(*) from core.pairing p where p.year = $year and p.until is not null)")" "$n" \
     "each earlier pair either kept or ended"
  eq "$(sql "select weights->>'local' from core.pairing_run order by id desc limit 1")" 9 "the weights recorded"
  expect 0 as bureau-staff "$RP" pairing list --year "$year"
  has "专业对口"
  expect 0 as prefecture-staff "$RP" pairing list --year "$year"
  has "湟水谷物"; lacks "企业0101"
}

# After acceptance (P8, P12): a pair changed by hand (hard constraints and
# capacity re-checked, the refusal naming the rule), a specialist added, a
# replaced advisor's pairs taken over by the successor; who sees which
# pairs. Then the agreements (P9, P13): drafted from the versioned template,
# signed by both parties through their own accounts with the text's SM3
# digest, returned with a reason, redrafted, filed with a number, rendered
# as a PDF, renewed.
t_pairing_changes_and_agreements() {
  local year demo bank a x e1 d g g2 other leader grp sp s e n pdf v
  year=$(bjdate +%Y); bank=$(org_id 青海高原农商银行); pdf=$T/agreement.pdf
  demo=$(sql "select id from core.organisation where credit_code = '91630104MA7N3K5Q6N'")
  cur() { sql "select count(*) from core.pairing where until is null and year = $year and $1"; }
  # nobody linked yet: an advisor account sees no pairs; the enterprise its own only
  expect 0 as advisor "$RP" --json pairing list --year "$year"
  has '"pairs": []'
  expect 0 as enterprise-contact "$RP" --json pairing list --year "$year"
  eq "$(grep -c '"enterprise_id"' <<<"$OUT")" 1 "the enterprise sees its own pair only"
  has "\"enterprise_id\": $demo,"
  expect 0 as bureau-admin "$RP" --json agreement draft --year "$year"
  n=$(cur "true")
  has "\"drafted\": $n"
  expect 0 as bureau-admin "$RP" --json agreement draft --year "$year"
  has '"drafted": 0'
  eq "$(sql "select count(distinct digest) from core.agreement")" "$n" "every agreement its own text and digest"
  # change by hand: X (the advisor with one enterprise) takes one of A's, A then takes the demo enterprise
  d=$(sql "select advisor_id from core.pairing where until is null and year = $year and enterprise_id = $demo")
  x=$(sql "select advisor_id from core.pairing where until is null and year = $year and advisor_id <> $d
           group by 1 having count(*) = 1 order by 1 limit 1")
  a=$(sql "select ad.id from core.advisor ad join core.pairing p on p.advisor_id = ad.id and p.until is null
            where ad.org_id = $bank and ad.status = 'active' and ad.id <> $x
              and lib.pair_refusal($x, p.enterprise_id, 'province', $year) is null
            group by ad.id having count(*) = 2 order by ad.id limit 1")
  e1=$(sql "select min(p.enterprise_id) from core.pairing p where p.advisor_id = $a and p.until is null
             and lib.pair_refusal($x, p.enterprise_id, 'province', $year) is null")
  [ -n "$x" ] && [ -n "$a" ] && [ -n "$e1" ] && [ -n "$d" ] || { note "no pairs to change (x=$x a=$a e1=$e1 d=$d)"; return; }
  if [ "$(cur "advisor_id = $d")" = 1 ]; then   # D must keep an enterprise when the demo one leaves
    expect 0 as bureau-admin "$RP" pairing change "$(sql "select p.enterprise_id from core.pairing p
      where p.until is null and p.year = $year and p.role = 'primary' and p.advisor_id not in ($a, $d, $x)
        and lib.pair_refusal($d, p.enterprise_id, 'province', $year) is null
        and (select count(*) from core.pairing q where q.advisor_id = p.advisor_id and q.until is null) = 2
      order by 1 limit 1")" --advisor "$d" --year "$year" --reason 均衡负担
  fi
  expect 2 as bureau-admin "$RP" pairing change "$e1" --advisor "$x" --year "$year"
  expect 5 as bureau-admin "$RP" call pairing.change "{\"enterprise_id\": $e1, \"advisor_id\": $x, \"year\": $year}"
  expect 7 as bureau-admin "$RP" pairing change "$demo" --advisor "$a" --year "$year" --reason 就近服务
  has "向该企业提供融资"
  expect 0 as bureau-admin "$RP" pairing change "$e1" --advisor "$x" --year "$year" --reason 专业更对口
  eq "$(cur "advisor_id = $x")" 2 "X now serves two"
  eq "$(sql "select status from core.agreement g join core.pairing p on p.id = g.pairing_id
             where p.enterprise_id = $e1 and p.advisor_id = $a")" ended "the changed pair's agreement ended"
  # the demo enterprise has repaid the bank: the bank's advisor may now serve it
  expect 0 as enterprise-contact "$RP" enterprise save --credit-code 91630104MA7N3K5Q6N \
    --name 湟水谷物加工有限公司（演示） --county 630121 --industry 13 --ownership 私营 --employees 320 \
    --revenue 2100 --assets 1500 --legal-rep 马建军 --contact 马建军 --difficulty 融资
  expect 7 as bureau-admin "$RP" pairing change "$demo" --advisor "$x" --year "$year" --reason 已满
  has "已结对 2 家企业"
  expect 0 as bureau-admin "$RP" pairing change "$demo" --advisor "$a" --year "$year" --reason 就近服务
  expect 7 as bureau-admin "$RP" pairing change "$(sql "select enterprise_id from core.pairing where until is null
                                                         and advisor_id = $d")" --advisor "$a" --year "$year" --reason 再调
  has "只结对这一家企业"
  expect 0 as bureau-admin "$RP" pairing list --year "$year" --enterprise "$demo" --history
  has "调整：就近服务"; has "就近服务"
  # the advisor's own account: own pairs and agreements only
  link_own_account "$a" bank.advisor
  # an advisor declares conflicts for themself only, never for another advisor
  expect 6 as advisor "$RP" pairing conflict "$d" --enterprise "$demo" --reason 代他人申报
  n=$(sql "select count(*) from core.pairing p where p.until is null and not exists (select 1 from core.agreement g
           where g.pairing_id = p.id and g.status not in ('returned', 'ended'))")
  expect 0 as bureau-admin "$RP" --json agreement draft --year "$year"
  has "\"drafted\": $n"; [ "$n" -ge 2 ] || note "expected the two changed pairs to need agreements"
  expect 0 as advisor "$RP" --json pairing list --year "$year"
  eq "$(grep -c '"enterprise_id"' <<<"$OUT")" 2 "the advisor sees their two pairs"
  expect 0 as advisor "$RP" --json agreement list --status drafted
  eq "$(grep -c '"digest"' <<<"$OUT")" 2 "the advisor sees their two agreements"
  expect 0 as advisor "$RP" agreement list
  has "已终止"
  g=$(sql "select g.id from core.agreement g join core.pairing p on p.id = g.pairing_id
            where p.enterprise_id = $demo and p.until is null and g.status = 'drafted'")
  g2=$(sql "select g.id from core.agreement g join core.pairing p on p.id = g.pairing_id
             where p.advisor_id = $a and p.enterprise_id <> $demo and p.until is null and g.status = 'drafted'")
  other=$(sql "select g.id from core.agreement g join core.pairing p on p.id = g.pairing_id
                where p.advisor_id <> $a and p.until is null and g.status = 'drafted' order by g.id limit 1")
  expect 6 as advisor "$RP" agreement show "$other"
  expect 0 as advisor "$RP" inbox
  has "待签署的服务协议：湟水谷物加工有限公司（演示）"
  expect 6 as enterprise-contact "$RP" agreement show "$g2"
  expect 0 as enterprise-contact "$RP" agreement show "$g"
  has "第三条"; has "不得直接或间接向甲方收取任何费用"; has "湟水谷物加工有限公司（演示）"
  # signing: the text's digest, each party once, the signer's own only
  expect 2 as advisor "$RP" agreement sign "$g" </dev/null
  has "--yes"
  expect 7 as advisor "$RP" call agreement.sign "{\"id\": $g, \"digest\": \"$(printf '0%.0s' $(seq 64))\"}"
  has "SM3"
  expect 0 as advisor "$RP" agreement sign "$g" --yes
  has "一方已签署"
  expect 7 as advisor "$RP" agreement sign "$g" --yes
  expect 7 as bureau-admin "$RP" agreement file "$g"
  has "双方签署后"
  expect 4 as bureau-admin "$RP" call agreement.sign "{\"id\": $g, \"digest\": \"\"}"
  expect 0 as enterprise-contact "$RP" agreement sign "$g" --yes
  has "双方已签署"
  eq "$(sql "select count(*) from core.agreement_signature s join core.agreement g on g.id = s.agreement_id
             where g.id = $g and s.digest = g.digest")" 2 "both signatures name the text"
  expect 0 as bureau-admin "$RP" inbox
  has "待备案的服务协议：湟水谷物加工有限公司（演示）"
  expect 0 as enterprise-contact "$RP" inbox
  lacks "待签署的服务协议"
  # returned with a reason, drafted again, signed, filed
  expect 4 as prefecture-staff "$RP" agreement return "$g" --reason 越权
  expect 2 as bureau-admin "$RP" agreement return "$g"
  expect 5 as bureau-admin "$RP" call agreement.file "{\"id\": $g, \"accept\": false}"
  expect 0 as bureau-admin "$RP" agreement return "$g" --reason 签署人须为企业法定代表人授权的联系人
  has "已退回"
  expect 7 as enterprise-contact "$RP" agreement sign "$g" --yes
  has "已退回"
  expect 7 as bureau-admin "$RP" agreement renew "$g2"
  has "已备案"
  expect 0 as bureau-admin "$RP" --json agreement draft --year "$year" --enterprise "$demo"
  has '"drafted": 1'
  g=$(sql "select g.id from core.agreement g join core.pairing p on p.id = g.pairing_id
            where p.enterprise_id = $demo and p.until is null and g.status = 'drafted'")
  expect 0 as advisor "$RP" agreement sign "$g" --yes
  expect 0 as enterprise-contact "$RP" agreement sign "$g" --yes
  expect 0 as bureau-admin "$RP" --json agreement file "$g"
  has "\"filing_no\": \"青融培备〔$year〕0001号\""; has '"status": "filed"'
  expect 0 as enterprise-contact "$RP" agreement pdf "$g" --out "$pdf"
  has "青融培备〔$year〕0001号"
  OUT=$(pdftotext "$pdf" - 2>&1)
  has "融资培育金融顾问服务协议"; has "备案号：青融培备〔$year〕0001号"; has "湟水谷物加工有限公司（演示）"
  has "第五条"; has "SM3"
  pdffonts "$pdf" 2>/dev/null | grep -q "Noto.*CJK.*yes" || note "no embedded CJK font in the agreement PDF"
  expect 0 as advisor "$RP" agreement list --status filed
  has "已备案"
  # a group leader sees the group's pairs and agreements, signs none of them
  grp=$(sql "select group_id from core.group_membership where advisor_id = $a and until is null")
  leader=$(sql "select leader_id from core.service_group where id = $grp")
  if [ "$leader" != "$a" ]; then
    expect 0 as bureau-admin "$RP" group leader "$grp" --advisor "$a" --reason 熟悉本组企业
  fi
  expect 0 as advisor "$RP" --json pairing list --year "$year"
  eq "$(grep -c '"enterprise_id"' <<<"$OUT")" \
     "$(sql "select count(*) from core.pairing p join core.group_membership gm on gm.advisor_id = p.advisor_id
             and gm.until is null where gm.group_id = $grp and p.until is null")" "the leader sees the group's pairs"
  other=$(sql "select g.id from core.agreement g join core.pairing p on p.id = g.pairing_id
                join core.group_membership gm on gm.advisor_id = p.advisor_id and gm.until is null
                where gm.group_id = $grp and p.advisor_id <> $a and g.status = 'drafted' order by g.id limit 1")
  expect 0 as advisor "$RP" agreement show "$other"
  expect 4 as advisor "$RP" agreement sign "$other" --yes
  # the template is versioned; an agreement keeps the version it was made from
  expect 0 as bureau-admin "$RP" agreement template --out "$T/template.txt"
  expect 2 as bureau-admin "$RP" agreement template-save --file "$T/template.txt" --title 融资培育金融顾问服务协议
  expect 5 as bureau-admin "$RP" call agreement.template_save '{"title": "融资培育金融顾问服务协议", "body": "甲方{enterprise}，乙方{advisor}，自{term_start}至{term_end}。"}'
  has "须说明本次修订的内容"
  { cat "$T/template.txt"; echo "第七条　其他"; echo "未尽事宜由双方协商，报{fee}。"; } >"$T/template2.txt"
  expect 5 as bureau-admin "$RP" agreement template-save --file "$T/template2.txt" \
    --title 融资培育金融顾问服务协议 --note 增加第七条
  has "fee"
  sed -i 's/{fee}/{filing_body}备案/' "$T/template2.txt"
  # saved from a Windows office: GB18030, read as such
  iconv -f UTF-8 -t GB18030 "$T/template2.txt" >"$T/template2.gb.txt" && mv "$T/template2.gb.txt" "$T/template2.txt"
  expect 4 as bureau-staff "$RP" agreement template-save --file "$T/template2.txt" \
    --title 融资培育金融顾问服务协议 --note 增加第七条
  expect 0 as bureau-admin "$RP" --json agreement template-save --file "$T/template2.txt" \
    --title 融资培育金融顾问服务协议 --note 增加第七条
  v=$(J version <<<"$OUT"); [ "$v" -ge 2 ] || note "no new template version"
  expect 0 as advisor "$RP" agreement template
  has "第七条　其他"; has "未尽事宜由双方协商"
  expect 0 as advisor "$RP" agreement template --version 1
  has "初版"; lacks "第七条"
  expect 6 as advisor "$RP" agreement template --version 99
  # renewal: within 60 days of the end only; the next term from the newest version
  expect 7 as bureau-admin "$RP" agreement renew "$g"
  has "60 天"
  sql "update core.agreement set term_end = current_date + 10 where id = $g" >/dev/null   # time passes
  expect 0 as bureau-admin "$RP" inbox
  has "服务协议即将期满：湟水谷物加工有限公司（演示）"
  expect 0 as bureau-admin "$RP" --json agreement renew "$g"
  s=$(J id <<<"$OUT"); has "\"renews_id\": $g"; has "\"template_version\": $v"
  expect 0 as advisor "$RP" agreement sign "$s" --yes
  expect 0 as enterprise-contact "$RP" agreement sign "$s" --yes
  # filed once even when the call is repeated with the same key (a retry)
  expect 0 as bureau-admin "$RP" --idempotency-key agreement-file-renewal --json agreement file "$s"
  has "青融培备〔"; has "0002号"
  expect 0 as bureau-admin "$RP" --idempotency-key agreement-file-renewal --json agreement file "$s"
  has "0002号"
  eq "$(sql "select count(*) from core.agreement where filing_no is not null")" 2 "a retried filing numbers nothing twice"
  eq "$(sql "select status || ' ' || template_version from core.agreement where id = $g")" "ended 1" \
     "the renewed agreement ended, keeping its version"
  # a specialist: a specialism the enterprise's advisor lacks, from an advisor who has it
  read -r e sp s <<<"$(sql "select p.enterprise_id, sp, ad.id
      from core.pairing p join core.advisor cur on cur.id = p.advisor_id,
           core.advisor ad, unnest(ad.specialisms) sp
     where p.until is null and p.year = $year and p.role = 'primary' and ad.status = 'active' and ad.tier = 'province'
       and not (sp = any (cur.specialisms)) and ad.id <> cur.id
       and (select count(*) from core.pairing q where q.advisor_id = ad.id and q.until is null) < 2
       and lib.pair_refusal(ad.id, p.enterprise_id, 'province', $year) is null
     order by p.enterprise_id, ad.id limit 1" | tr '|' ' ')"
  if [ -z "$s" ]; then note "no advisor free to add as a specialist"; else
    expect 7 as bureau-admin "$RP" pairing add "$e" --advisor "$(sql "select advisor_id from core.pairing
      where until is null and enterprise_id = $e and role = 'primary'")" --specialism "$sp" --year "$year" --reason 增派
    expect 7 as bureau-admin "$RP" pairing add "$e" --advisor "$a" --specialism "$sp" --year "$year" --reason 增派
    expect 0 as bureau-admin "$RP" --json pairing add "$e" --advisor "$s" --specialism "$sp" --year "$year" \
      --reason 企业需要该专业支持
    has '"role": "specialist"'; has "\"specialism\": \"$sp\""
    eq "$(cur "enterprise_id = $e")" 2 "the enterprise has its advisor and a specialist"
    expect 0 as bureau-admin "$RP" --json agreement draft --year "$year" --enterprise "$e"
    has '"drafted": 1'
  fi
  # an enterprise removed from the list leaves its pair and agreement; the
  # enterprise refilling its place waits in the inbox until given an advisor
  t_pairing_removal_refill "$year"
  # a replaced advisor's pairs go to the successor
  t_pairing_succession "$year" "$a"
  # the tier's owner ends an agreement, with a reason, once (the pairs the
  # last acceptance made get their drafts first)
  expect 0 as bureau-admin "$RP" agreement draft --year "$year"
  g=$(sql "select min(g.id) from core.agreement g join core.pairing p on p.id = g.pairing_id
            join core.enterprise e on e.org_id = p.enterprise_id
           where g.status not in ('returned', 'ended') and p.tier = 'province'
             and lib.prefecture_of(e.county_code) = '630100'")
  expect 4 as prefecture-staff "$RP" agreement end "$g" --reason 越权
  expect 2 as bureau-admin "$RP" agreement end "$g"
  expect 5 as bureau-admin "$RP" call agreement.end "{\"id\": $g}"
  expect 0 as bureau-admin "$RP" agreement end "$g" --reason 企业申请终止服务
  has "已终止"; has "企业申请终止服务"
  expect 7 as bureau-admin "$RP" agreement end "$g" --reason 再次终止
}

t_pairing_removal_refill() {
  local year=$1 entry ent adv rm slot rid n new row=()
  read -r entry ent adv <<<"$(sql "select k.id, k.enterprise_id, p.advisor_id from core.key_enterprise k
      join core.pairing p on p.enterprise_id = k.enterprise_id and p.year = k.year and p.tier = k.tier
                         and p.until is null and p.role = 'primary'
     where k.year = $year and k.tier = 'province' and k.prefecture_code = '630200' and k.status = 'listed'
       and (select count(*) from core.pairing q where q.enterprise_id = k.enterprise_id and q.until is null) = 1
       and (select count(*) from core.pairing q where q.advisor_id = p.advisor_id and q.until is null) = 2
     order by k.id limit 1" | tr '|' ' ')"
  [ -n "$adv" ] || { note "no paired enterprise in 630200 to remove"; return; }
  expect 0 as bureau-admin "$RP" --json removal apply "$ent" --ground 不配合 \
    --account 多次拒绝顾问走访且不提供财务资料
  rm=$(J id <<<"$OUT")
  expect 0 as bureau-admin "$RP" --json removal decide "$rm" --approve --reason 经核实情况属实
  slot=$(J slot_id <<<"$OUT")
  eq "$(sql "select count(*) from core.pairing where enterprise_id = $ent and until is null")" 0 "the removed enterprise's pair ended"
  eq "$(sql "select string_agg(distinct g.status || ':' || g.end_reason, ',') from core.agreement g
             join core.pairing p on p.id = g.pairing_id where p.enterprise_id = $ent and g.status <> 'returned'")" \
     "ended:企业移出名单" "its agreement ended"
  rid=$(sql "select id from core.keylist_round where year = $year and tier = 'province'")
  rec_file 630200 993 1 | tail -n 1 >"$T/refill.csv"
  IFS=, read -r -a row <"$T/refill.csv"
  expect 0 as pref-630200 "$RP" --json recommend --round "$rid" --replaces "$slot" --name "${row[0]}" \
    --credit-code "${row[1]}" --county "${row[2]}" --industry "${row[3]}" --ownership 私营 --employees 60 \
    --revenue 900 --assets 950 --legal-rep 丙 --contact 丁
  n=$(J id <<<"$OUT")
  expect 0 as bureau-admin "$RP" recommendation decide "$n" --approve
  new=$(sql "select enterprise_id from core.recommendation where id = $n")
  expect 0 as bureau-admin "$RP" inbox
  has "在册企业尚无顾问：${row[0]}"
  expect 0 as bureau-admin "$RP" pairing change "$new" --advisor "$adv" --year "$year" --reason 递补企业由原顾问服务
  eq "$(sql "select advisor_id from core.pairing where enterprise_id = $new and until is null")" "$adv" \
     "the refilled place has an advisor"
  expect 0 as bureau-admin "$RP" inbox
  lacks "在册企业尚无顾问"
  expect 0 as bureau-admin "$RP" --json agreement draft --year "$year" --enterprise "$new"
  has '"drafted": 1'
}

# Replace an advisor of the bank who has pairs (not A, who holds the demo
# enterprise): report, verify, nominate a successor, review, appoint; then
# the successor takes over every pair and the old agreements end.
t_pairing_succession() {
  local year=$1 a=$2 bank p rp round n succ scores before ents live grp other
  bank=$(org_id 青海高原农商银行)
  p=$(sql "select ad.id from core.advisor ad where ad.org_id = $bank and ad.status = 'active' and ad.id <> $a
             and exists (select 1 from core.pairing x where x.advisor_id = ad.id and x.until is null)
           order by ad.id limit 1")
  [ -n "$p" ] || { note "no paired advisor of the bank to replace"; return; }
  ents=$(sql "select string_agg(enterprise_id::text, ',' order by enterprise_id) from core.pairing
              where advisor_id = $p and until is null")
  before=$(sql "select count(*) from core.pairing where advisor_id = $p and until is null")
  round=$(sql "select round_id from core.advisor where id = $p")
  scores=$(sql "select string_agg('--score ' || name || ':85', ' ' order by position) from core.round_criterion
                where round_id = $round")
  expect 7 as bureau-admin "$RP" pairing succeed "$(sql "select ad.id from core.advisor ad
    join core.nomination n on n.id = ad.nomination_id where n.replacement_id is null order by ad.id limit 1")"
  has "不是经更换程序聘任的接替顾问"
  expect 0 as institution-admin "$RP" --json advisor report "$p" --kind not_performing --reason 长期未走访企业
  rp=$(J id <<<"$OUT")
  grp=$(sql "select group_id from core.group_membership where advisor_id = $p and until is null")
  [ -n "$grp" ] || note "the advisor to replace is in no group"
  expect 0 as bureau-admin "$RP" replacement verify "$rp" --accept --reason 经核实属实
  # its appointment ended: it left its group that day, with the reason, and cannot be moved
  eq "$(sql "select count(*) from core.group_membership where advisor_id = $p and until is null")" 0 \
     "the replaced advisor left its group"
  expect 0 as bureau-admin "$RP" group history "$p"
  has "顾问更换：长期未走访企业"; has "$(bjdate +%F)"
  other=$(sql "select id from core.service_group where id <> $grp and kind = 'service' and year = $year
               and tier = 'province' order by id limit 1")
  expect 7 as bureau-admin "$RP" group move "$p" --to "$other" --reason 调整
  has "聘任已终止"
  expect 0 as bureau-admin "$RP" inbox
  has "其结对企业待接替：$(sql "select name from core.advisor where id = $p")"; has "接替顾问尚未聘任"
  expect 0 as institution-admin "$RP" --json advisor nominate --replaces "$rp" --name 结对接替者 --gender 女 \
    --id-number "$(id17 63010219880808402)" --specialism credit --specialism risk \
    --prefecture 630100 --prefecture 630200 --prefecture 632200 --prefecture 632300 --prefecture 632500 \
    --prefecture 632600 --prefecture 632700 --prefecture 632800 --declaration-signed --notice-version v1
  n=$(J id <<<"$OUT")
  expect 0 as institution-admin "$RP" nomination submit "$n"
  expect 0 as bureau-admin "$RP" review assign "$round" --reviewer "$(user_id expert.wang)" --nomination "$n"
  # shellcheck disable=SC2086
  expect 0 as expert "$RP" review score "$n" $scores
  expect 0 as bureau-admin "$RP" decision propose "$n" --decision appoint --reason 接替人选合格
  expect 0 as bureau-admin2 "$RP" decision confirm "$n"
  succ=$(sql "select id from core.advisor where name = '结对接替者'")
  [ -n "$succ" ] || { note "the successor was not appointed"; return; }
  # the successor takes the place in the same group, and can be moved like any member
  eq "$(sql "select group_id from core.group_membership where advisor_id = $succ and until is null")" "$grp" \
     "the successor joined the replaced advisor's group"
  expect 0 as bureau-admin "$RP" group history "$succ"
  has "接替$(sql "select name from core.advisor where id = $p")"
  expect 0 as bureau-admin "$RP" group move "$succ" --to "$other" --reason 均衡小组
  expect 0 as bureau-admin "$RP" group move "$succ" --to "$grp" --reason 回到原组
  eq "$(sql "select group_id from core.group_membership where advisor_id = $succ and until is null")" "$grp" \
     "the successor moved and back"
  expect 6 as prefecture-staff "$RP" pairing succeed "$succ"
  expect 0 as bureau-admin "$RP" inbox
  has "rongpei pairing succeed $succ"
  expect 0 as bureau-admin "$RP" --json pairing succeed "$succ"
  has "接替"
  expect 0 as bureau-admin "$RP" inbox
  lacks "其结对企业待接替：$(sql "select name from core.advisor where id = $p")"
  eq "$(sql "select count(*) from core.pairing where advisor_id = $succ and until is null")" "$before" \
     "the successor took over every pair"
  eq "$(sql "select string_agg(enterprise_id::text, ',' order by enterprise_id) from core.pairing
             where advisor_id = $succ and until is null")" "$ents" "the same enterprises"
  eq "$(sql "select count(*) from core.pairing where advisor_id = $p and until is null")" 0 "the old pairs ended"
  eq "$(sql "select count(*) from core.agreement g join core.pairing x on x.id = g.pairing_id
             where x.advisor_id = $p and g.status <> 'ended' and g.status <> 'returned'")" 0 \
     "the old agreements ended"
  expect 0 as bureau-admin "$RP" pairing list --advisor "$p" --history
  has "顾问更换"
  expect 7 as bureau-admin "$RP" pairing succeed "$succ"
  expect 0 as bureau-admin "$RP" --json agreement draft --year "$year"
  has "\"drafted\": $before"
  # the pairing proposed and accepted again: the agreements of the pairs it
  # keeps go on (filed ones stay filed), those of the pairs it changes end
  live=$(sql "select string_agg(g.id::text, ',') from core.agreement g where g.status not in ('returned', 'ended')")
  expect 0 as bureau-admin "$RP" pairing propose --year "$year" --accept
  eq "$(sql "select count(*) from core.agreement g join core.pairing x on x.id = g.pairing_id
             where g.id in ($live) and x.until is null and g.status not in ('returned', 'ended')")" \
     "$(sql "select count(*) from core.agreement g join core.pairing x on x.id = g.pairing_id
             where g.id in ($live) and x.until is null")" "a kept pair's agreement goes on"
  eq "$(sql "select count(*) from core.agreement g join core.pairing x on x.id = g.pairing_id
             where g.id in ($live) and x.until is not null and g.status <> 'ended'")" 0 "a changed pair's agreement ends"
  [ "$(sql "select count(*) from core.agreement g join core.pairing x on x.id = g.pairing_id
            where g.id in ($live) and x.until is null")" -gt 0 ] || note "the new pairing kept no pair"
}

# The prefecture tier (P8 "prefectures run the same at their own tier"):
# the Xining office appoints a member of its team, groups its team, pairs
# it with its local list, drafts and files the agreement with its own
# numbering; the bureau does not file it and another office does not see it.
t_prefecture_groups_pairing_agreement() {
  local bank year round n x g ent
  bank=$(org_id 青海高原农商银行); year=$(bjdate +%Y)
  ent=$(sql "select enterprise_id from core.key_enterprise where tier = 'prefecture' and prefecture_code = '630100'
              and year = $year and status = 'listed' order by 1 limit 1")
  [ -n "$ent" ] || { note "no listed enterprise on Xining's local list"; return; }
  round=$(sql "select id from core.intake_round where tier = 'prefecture' and prefecture_code = '630100'
                and status = 'open' order by id desc limit 1")
  expect 0 as prefecture-staff "$RP" round quota "$round" \
    --quota "$bank:$(( $(sql "select quota from core.round_quota where round_id = $round and org_id = $bank") + 2 ))"
  expect 0 as office-staff "$RP" --json advisor nominate --round "$round" --name 西宁乙 --gender 女 \
    --id-number "$(id17 63010219870303202)" --specialism credit --specialism law --prefecture 630100 \
    --declaration-signed --notice-version v1
  n=$(J id <<<"$OUT")
  expect 0 as institution-admin "$RP" nomination submit "$n"
  expect 0 as prefecture-staff "$RP" review assign "$round" --reviewer "$(user_id expert.wang)" --nomination "$n"
  expect 0 as expert "$RP" review score "$n" --score 专业能力:88 --score 服务意愿:85
  expect 0 as prefecture-staff "$RP" decision propose "$n" --decision appoint --reason 市州团队
  expect 0 as prefecture-staff2 "$RP" decision confirm "$n"
  x=$(sql "select id from core.advisor where name = '西宁乙'")
  [ -n "$x" ] || { note "西宁乙 was not appointed"; return; }
  # a second local advisor, with less to offer the local enterprise
  expect 0 as office-staff "$RP" --json advisor nominate --round "$round" --name 西宁丙 --gender 男 \
    --id-number "$(id17 63010219870303203)" --specialism accounting --prefecture 630100 \
    --declaration-signed --notice-version v1
  n=$(J id <<<"$OUT")
  expect 0 as institution-admin "$RP" nomination submit "$n"
  expect 0 as prefecture-staff "$RP" review assign "$round" --reviewer "$(user_id expert.wang)" --nomination "$n"
  expect 0 as expert "$RP" review score "$n" --score 专业能力:80 --score 服务意愿:80
  expect 0 as prefecture-staff "$RP" decision propose "$n" --decision appoint --reason 市州团队
  expect 0 as prefecture-staff2 "$RP" decision confirm "$n"
  # groups and pairing at the prefecture tier, by the office
  expect 4 as bureau-admin "$RP" call group.propose "{\"tier\": \"prefecture\", \"year\": $year}"
  expect 0 as prefecture-staff "$RP" group propose --year "$year" --prefecture --save
  eq "$(sql "select g.tier || ' ' || g.prefecture_code from core.group_membership gm
             join core.service_group g on g.id = gm.group_id where gm.advisor_id = $x and gm.until is null")" \
     "prefecture 630100" "the team's group is the prefecture's"
  # fewer enterprises than advisors (early in a year): every enterprise is
  # served, and the advisors left without one are named with the reason
  expect 0 as prefecture-staff "$RP" pairing propose --year "$year" --prefecture --accept
  has "每家企业都有顾问"; has "暂未结对"; has "西宁丙"; has "企业少于顾问"; has "已确认结对"
  eq "$(sql "select advisor_id || ' ' || tier from core.pairing where enterprise_id = $ent and until is null
             and tier = 'prefecture'")" "$x prefecture" "the local enterprise paired with the better local advisor"
  # the office pairs its own team with its own list only
  expect 6 as prefecture-staff "$RP" pairing change "$(sql "select enterprise_id from core.key_enterprise
    where tier = 'province' and year = $year and status = 'listed' and prefecture_code = '630100' limit 1")" \
    --advisor "$x" --year "$year" --prefecture --reason 越界
  has "不在本市（州）的队伍和名单中"
  expect 0 as prefecture-staff "$RP" --json agreement draft --year "$year" --prefecture
  has '"drafted": 1'
  g=$(sql "select g.id from core.agreement g join core.pairing p on p.id = g.pairing_id
            where p.tier = 'prefecture' and p.until is null")
  expect 0 as prefecture-staff "$RP" agreement show "$g"
  has "西宁市金融办"
  expect 6 as pref-630200 "$RP" agreement show "$g"
  # both parties get accounts and sign; the office files with its own
  # numbering; the bureau may not file it
  new_account xining-adv advisor xining.adv 西宁乙 "$bank" advisor
  link_own_account "$x" xining.adv
  org_account "ent-$ent" "ent.$ent" 企业联系人 "$ent" enterprise_contact
  expect 0 as xining-adv "$RP" --json pairing list
  has "\"enterprise_id\": $ent,"; has '"tier": "prefecture"'
  expect 0 as "ent-$ent" "$RP" agreement sign "$g" --yes
  expect 0 as xining-adv "$RP" agreement sign "$g" --yes
  has "双方已签署"
  expect 4 as bureau-admin "$RP" agreement file "$g"
  expect 0 as prefecture-staff "$RP" --json agreement file "$g"
  has "\"filing_no\": \"青融培备〔$year〕6301-0001号\""
}

# The hard constraints are written twice in SQL, for one pair
# (lib.pair_refusal: which rule fails) and for a whole tier at once
# (api.pairing_inputs: what the solver reads); the two must agree on every
# advisor x enterprise of the tier, and the stream's scores must be those a
# single pair gets.
t_pairing_rules_agree() {
  local year fp sess
  year=$(bjdate +%Y)
  fp=$(openssl x509 -in "$VAR/ca/bureau.crt" -outform DER | sha256sum | cut -c1-64)
  expect 0 as bureau-admin "$RP" whoami
  sess=$(sql "select s.token_hash from core.session s join core.app_user u on u.id = s.user_id
               where u.username = 'bureau.admin' order by s.last_seen desc limit 1")
  OUT=$(sql "create temp table s as select * from api.pairing_inputs('$sess', '$fp', 'test', 'test', '{\"year\": $year}');
    with adv as (select a as id, b as ix from s where kind = 0),
         ent as (select a as id, b as cls, c as ix from s where kind = 1),
         cand as (select x.id aid, e.id eid, s.c score from s join adv x on x.ix = s.a join ent e on e.cls = s.b
                   where s.kind = 2
                     and not exists (select 1 from s b where b.kind = 3 and b.a = s.a and b.b = e.ix))
    select count(*) || ' pairs, ' || count(c.aid) || ' candidates, '
           || count(*) filter (where (c.aid is not null) is distinct from (lib.pair_refusal(x.id, e.id, 'province', $year) is null))
           || ' disagree'
      from adv x cross join ent e left join cand c on c.aid = x.id and c.eid = e.id" 2>&1)
  [[ "$OUT" =~ ^([0-9]+)\ pairs,\ ([0-9]+)\ candidates,\ 0\ disagree$ ]] || note "the two rules disagree: $OUT"
  [ "${BASH_REMATCH[2]:-0}" -gt 100 ] || note "too few candidates to compare: $OUT"
  [ "${BASH_REMATCH[1]:-0}" -gt "${BASH_REMATCH[2]:-0}" ] || note "no pair is refused: $OUT"
  eq "$(sql "select count(*) from core.pairing p join core.pairing_run r on r.id = p.run_id
             where p.until is null and p.year = $year and p.tier = 'province' and p.role = 'primary'
               and p.score is distinct from (select lib.pair_score(f.specialisms, f.industry, f.local, r.weights)
                                 from lib.pair_features(p.advisor_id, p.enterprise_id, 'province', null, $year) f)")" 0 \
     "the scores stored are those of the single-pair rule"
}

# Every list reads the same rows one small page at a time (keyset cursors,
# ties broken by id) as in one large page, none twice, none missed; without
# --all the client says there are more.
t_lists_page_through() {
  local round krnd acct cmd field a b
  round=$(sql "select min(id) from core.intake_round")
  # the province's recommendations (not the 26,000 of t_large_file_import)
  krnd=$(sql "select min(id) from core.keylist_round where tier = 'province'")
  while IFS='|' read -r acct field cmd; do
    # shellcheck disable=SC2086
    expect 0 as "$acct" "$RP" --json $cmd --limit 1000
    a=$("$top/tests/integration/rows_of.py" "$field" <<<"$OUT")
    [ "$(grep -c . <<<"$a")" -lt 1000 ] || { note "$cmd: more than one page of 1000; filter it"; continue; }
    # shellcheck disable=SC2086
    expect 0 as "$acct" "$RP" --json $cmd --limit 3 --all
    b=$("$top/tests/integration/rows_of.py" "$field" <<<"$OUT")
    [ "$b" = "$a" ] || note "$cmd: pages of 3 give $(grep -c . <<<"$b") rows, one page $(grep -c . <<<"$a");" \
      "first difference: $(diff <(echo "$a") <(echo "$b") | head -n 3 | cut -c1-200)"
    [ "$(sort <<<"$a" | uniq -d | wc -l)" = 0 ] || note "$cmd: a row twice"
    if [ "$(grep -c . <<<"$a")" -gt 3 ]; then
      # shellcheck disable=SC2086
      expect 0 as "$acct" "$RP" $cmd --limit 3
      has "仅显示前 3 条；--all 读取全部"
    fi
  done <<LISTS
bureau-admin|orgs|org list --kind institution --include-disabled
bureau-admin|orgs|org list --kind prefecture_office
bureau-admin|offices|office list
bureau-admin|users|user list --include-disabled
bureau-admin|certificates|cert list --include-revoked
bureau-admin|rounds|round list
bureau-admin|nominations|nomination list
bureau-admin|rows|review results $round
bureau-admin|advisors|advisor list
bureau-admin|replacements|replacement list
bureau-admin|rounds|keylist rounds
bureau-admin|entries|keylist list
bureau-admin|recommendations|recommendation list --round $krnd
bureau-admin|removals|removal list
bureau-admin|groups|group list
bureau-admin|pairs|pairing list --history
bureau-admin|agreements|agreement list
bureau-admin|items|inbox
bureau-admin|divisions|divisions
LISTS
  # the audit log grows as it is read (its reads are audited): every record
  # up to the newest the first page saw, newest first, none missed
  expect 0 as audit-admin "$RP" --json audit list --limit 7 --all
  b=$(sed -n 's/^ *"id": \([0-9]*\),$/\1/p' <<<"$OUT")
  eq "$b" "$(sql "select id from core.audit where id <= $(head -n 1 <<<"$b") order by id desc")" \
     "audit list: pages of 7 give every record"
  eq "$(as bureau-admin "$RP" --json divisions --limit 3 --all | grep -c '"code"')" \
     "$(sql "select count(*) from core.division")" "every division read through pages"
  expect 5 as bureau-admin "$RP" call org.list '{"limit": 1, "after": "not a cursor"}'
  expect 2 as bureau-admin "$RP" org list --limit 0
  expect 2 as bureau-admin "$RP" org list --limit 1001
}

# Officials use names: wherever a command takes an id it takes the name (or
# code) people know, resolved on the server within what the caller sees; an
# ambiguous name is refused with every candidate and its id; tables show
# names beside codes.
t_names_instead_of_ids() {
  local year bank g a
  year=$(bjdate +%Y); bank=$(org_id 青海高原农商银行)
  # an organisation by name, short name or credit code, as by id
  expect 0 as bureau-admin "$RP" --json user list --org "$bank"
  a=$OUT
  expect 0 as bureau-admin "$RP" --json user list --org 青海高原农商银行
  eq "$OUT" "$a" "an organisation by name is the one by id"
  # a prefecture by name, in either of its usual forms
  expect 0 as bureau-admin "$RP" --json keylist list --year "$year" --prefecture 632800
  a=$OUT
  expect 0 as bureau-admin "$RP" --json keylist list --year "$year" --prefecture 海西州
  eq "$OUT" "$a" "a prefecture by name is the one by code"
  expect 0 as bureau-admin "$RP" --json keylist list --year "$year" --prefecture 海西蒙古族藏族自治州
  eq "$OUT" "$a" "and by its full name"
  # an advisor, an enterprise, a round by what people call them
  expect 0 as bureau-admin "$RP" advisor history 西宁乙
  has "聘任"
  expect 0 as bureau-admin "$RP" enterprise show 91630104MA7N3K5Q6N
  has "湟水谷物加工有限公司"
  expect 0 as bureau-admin "$RP" enterprise show 湟水谷物加工有限公司（演示）
  has "91630104MA7N3K5Q6N"
  expect 0 as bureau-admin "$RP" --json nomination list --round 省级金融顾问测试轮次 --limit 1
  has '"nominations"'
  expect 0 as bureau-admin "$RP" --json nomination list --round "$year 省级金融顾问测试轮次" --limit 1
  has '"nominations"'
  # ambiguous: every candidate with its id, and nothing done
  g=$(sql "select count(*) from core.service_group where name = '第1组'")
  [ "$g" -ge 2 ] || note "expected two groups named 第1组 (the province's and Xining's)"
  expect 5 as bureau-admin "$RP" group move 西宁丙 --to 第1组 --reason 重名测试
  has "“第1组”对应 $g 个小组，请用编号指明"
  has "$(sql "select min(id) from core.service_group where name = '第1组'")  $year 年第1组"
  has "（西宁市）"
  # two people of one name: name them with their institution
  new_account dup-a bureau-admin dup.a 重名专家 "$(org_id 青海省地方金融监督管理局)" expert_reviewer
  new_account dup-b institution-admin dup.b 重名专家 "$bank" expert_reviewer
  expect 5 as bureau-admin "$RP" call ref.resolve '{"kind": "user", "text": "重名专家"}'
  has "对应 2 个用户"; has "dup.a"; has "dup.b"
  expect 0 as bureau-admin "$RP" --json call ref.resolve '{"kind": "user", "text": "重名专家（青海高原农商银行）"}'
  has "\"id\": $(user_id dup.b)"
  # what the caller may not see is not found by name either
  expect 6 as institution-admin "$RP" user list --org 昆仑证券青海分公司
  has "没有找到名为“昆仑证券青海分公司”的机构"
  # a prefecture office sees the experts it may assign
  expect 0 as prefecture-staff "$RP" review experts
  has "expert.wang"; has "待评"
  # names beside codes in tables
  expect 0 as bureau-admin "$RP" recommendation list --limit 3
  has "西宁市 630100"
  expect 0 as bureau-admin "$RP" enterprise show 91630104MA7N3K5Q6N
  has "授权查看的机构    青海高原农商银行"
}
