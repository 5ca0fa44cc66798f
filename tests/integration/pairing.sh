# pairing.sh - sourced by run.sh: pairing advisors with the listed
# enterprises (issue "service groups and pairing"): infeasibility explained,
# hard constraints (prefectures served, declared conflicts, the advisor's
# institution lending to the enterprise) never broken, 1–2 enterprises per
# advisor and every enterprise covered, the server re-checking whatever it
# is sent, and the history kept when a pairing is replaced.  Optimality
# against an exhaustive search is in the unit tests (random instances).

t_pairing_optimal_and_explained() {
  local year f=$T/pairing ent demo bank a n
  year=$(date +%Y); bank=$(org_id 青海高原农商银行)
  demo=$(sql "select id from core.organisation where credit_code = '91630104MA7N3K5Q6N'")
  n=$(sql "select count(*) from core.key_enterprise where year = $year and tier = 'province' and status = 'listed'")
  # most listed enterprises are in prefectures no provincial advisor serves yet
  expect 7 as bureau-admin "$RP" pairing propose --year "$year"
  has "无法为每家企业安排顾问"
  # the bureau widens its team's prefectures offline and syncs
  expect 0 as bureau-admin env RONGPEI_STATE_DIR="$T/bureau-team" "$RP" team export --file "$f.csv"
  awk -F, -v OFS=, 'NR > 1 && $14 != "已终止" { $13 = "630100;630200;632200;632300;632500;632600;632700;632800" } { print }' \
    "$f.csv" >"$f.new" && mv "$f.new" "$f.csv"
  expect 0 as bureau-admin env RONGPEI_STATE_DIR="$T/bureau-team" "$RP" team sync --file "$f.csv"
  # a declared conflict, and an enterprise that borrows from an advisor's institution
  ent=$(sql "select enterprise_id from core.key_enterprise where year = $year and tier = 'province'
              and status = 'listed' and enterprise_id <> $demo order by enterprise_id limit 1")
  a=$(sql "select id from core.advisor where tier = 'province' and status = 'active' order by id limit 1")
  expect 5 as bureau-admin "$RP" pairing conflict "$a" --enterprise "$ent"
  expect 0 as bureau-admin "$RP" pairing conflict "$a" --enterprise "$ent" --reason 亲属在该企业任职
  expect 0 as enterprise-contact "$RP" enterprise save --credit-code 91630104MA7N3K5Q6N \
    --name 湟水谷物加工有限公司（演示） --county 630121 --industry 13 --ownership 私营 --employees 320 \
    --revenue 2100 --assets 1500 --legal-rep 马建军 --contact 马建军 --difficulty 融资 \
    --borrowing 青海高原农商银行:300:2027-12-31
  expect 0 as bureau-admin "$RP" pairing propose --year "$year"
  has "最优结对"; has "总得分"; has "专业对口"
  expect 0 as bureau-admin "$RP" --json pairing propose --year "$year" --accept
  has '"run_id"'
  eq "$(sql "select count(*) from core.pairing where until is null and year = $year")" "$n" "every listed enterprise paired"
  eq "$(sql "select count(*) from (select advisor_id from core.pairing where until is null and year = $year
             group by 1 having count(*) not between 1 and 2) x")" 0 "one or two per advisor"
  eq "$(sql "select count(*) from core.advisor ad where ad.tier = 'province' and ad.status = 'active'
             and not exists (select 1 from core.pairing p where p.advisor_id = ad.id and p.until is null)")" 0 \
     "every advisor paired"
  eq "$(sql "select count(*) from core.pairing where until is null and advisor_id = $a and enterprise_id = $ent")" 0 \
     "never a declared conflict"
  eq "$(sql "select count(*) from core.pairing p join core.advisor ad on ad.id = p.advisor_id
             where p.until is null and ad.org_id = $bank and p.enterprise_id = $demo")" 0 "never the lender's advisor"
  eq "$(sql "select objective from core.pairing_run order by id desc limit 1")" \
     "$(sql "select sum(score) from core.pairing where until is null and year = $year")" "the objective recorded"
  # the server checks whatever it is sent
  expect 5 as bureau-admin "$RP" call pairing.accept "{\"year\": $year, \"pairs\": [{\"advisor_id\": $a, \"enterprise_id\": $ent}]}"
  has "硬性约束"
  expect 5 as bureau-admin "$RP" call pairing.accept "{\"year\": $year, \"pairs\": []}"
  has "恰好有一名顾问"
  # other weights, accepted again: the earlier pairs end and stay on record
  expect 0 as bureau-admin "$RP" pairing propose --year "$year" --weight specialism=1 --weight local=9 --accept
  eq "$(sql "select count(*) from core.pairing where until is not null and year = $year")" "$n" "the earlier pairing kept"
  eq "$(sql "select weights->>'local' from core.pairing_run order by id desc limit 1")" 9 "the weights recorded"
  expect 0 as bureau-staff "$RP" pairing list --year "$year"
  has "专业对口"
  expect 0 as prefecture-staff "$RP" pairing list --year "$year"
  has "湟水谷物"; lacks "企业0101"
}
