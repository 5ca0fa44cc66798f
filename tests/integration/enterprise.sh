# enterprise.sh - enterprises and the key-enterprise list (P9-P12): the
# 2011 SME size rules at every threshold (size_class.tsv); 8 prefectures
# recommend 120 enterprises from files (UTF-8, GB18030 and Excel mixed; one
# file with an invalid credit code, a county outside the prefecture, a
# duplicate and an unknown industry, refused whole with each row named,
# then corrected); the bureau approves 100, returns 10, rejects 10; scopes
# between prefectures, enterprises and lenders; a removal and its
# replacement; the next year's round with carry-over and the year-on-year
# diff; the xlsx export.  Starts from the advisors intake appointed.
AREA_FROM=intake
AREA_SEQUENTIAL=1

AREA_TESTS=(
  t_size_class_thresholds
  t_key_enterprise_list_end_to_end
)

t_size_class_thresholds() {
  local bad
  grep -v '^#' tests/integration/size_class.tsv >"$T/size.tsv"
  bad=$(psql -h "$(readlink -f "$PG")" -U rongpei -d "$DB" -v ON_ERROR_STOP=1 -tAq 2>&1 <<SQL
create temp table t (division text, class text, employees numeric, revenue numeric, assets numeric,
                     expected text, note text);
\copy t from '$T/size.tsv'
select count(*) || ' cases' from t;
select note || ': expected ' || expected || ', got ' || coalesce(lib.size_class(division, nullif(class, ''),
       employees, revenue, assets)->>'class', 'NULL')
  from t where lib.size_class(division, nullif(class, ''), employees, revenue, assets)->>'class'
               is distinct from expected;
SQL
)
  [ "$(head -n 1 <<<"$bad")" = "140 cases" ] || note "size table: $(head -n 1 <<<"$bad")"
  [ "$(wc -l <<<"$bad")" -eq 1 ] || note "size classes wrong: $(tail -n +2 <<<"$bad" | head -n 5)"
  eq "$(sql "select lib.size_class('13', null, 300, 2000, null)->>'rule'")" \
     "工业：从业人员 300 人、营业收入 2000 万元 → 中型：从业人员 300 人 及以上且营业收入 2000 万元 及以上（工信部联企业〔2011〕300号）" \
     "the rule is shown"
}


t_key_enterprise_list_end_to_end() {
  local year p i rid f=$T/rec n k ent other entry rm slot bank before targets=() row=()
  year=$(bjdate +%Y); bank=$(org_id 青海高原农商银行)
  for p in 630200 632200 632300 632500 632600 632700 632800; do
    org_account "pref-$p" "pref.$p" "市州员$p" \
      "$(sql "select id from core.organisation where kind = 'prefecture_office' and division_code = '$p'")" prefecture_staff
  done
  cp "$VAR/demo/prefecture-staff.env" "$VAR/demo/pref-630100.env"
  for p in "${!PREF_COUNTY[@]}"; do targets+=(--target "$p:15"); done
  expect 0 as bureau-admin "$RP" --json keylist open --year "$year" --deadline 2099-12-31 "${targets[@]}"
  rid=$(J id <<<"$OUT")
  expect 7 as bureau-admin "$RP" keylist open --year "$year" --deadline 2099-12-31 "${targets[@]}"
  has "已开启"

  # 西宁: a file with four bad rows is refused whole, each row named
  { rec_file 630100 1 13
    rec_file 630100 901 1 | tail -n 1 | awk -F, -v OFS=, '{ $2 = substr($2, 1, 17) (substr($2, 18, 1) == "1" ? "2" : "1"); print }'
    rec_file 630200 902 1 | tail -n 1
    rec_file 630100 1 1 | tail -n 1
    rec_file 630100 903 1 | tail -n 1 | awk -F, -v OFS=, '{ $4 = "99"; print }'; } >"$f-xining-bad.csv"
  expect 5 as pref-630100 "$RP" recommend import --round "$rid" --file "$f-xining-bad.csv"
  has "文件有 4 行不符合要求，未导入任何记录"
  has "第 15 行（企业0901）：统一社会信用代码不正确"
  has "第 16 行（企业0902）：注册地 630202（乐都区）不在本市（州）"
  has "第 17 行（企业0001）：与文件中的另一行重复"
  has "第 18 行（企业0903）：未知的行业大类“99”"
  eq "$(sql "select count(*) from core.recommendation where round_id = $rid")" 0 "a bad file stores nothing"
  # corrected: 14 generated and the demo enterprise, whose contact has an account
  { rec_file 630100 1 14
    echo "湟水谷物加工有限公司（演示）,91630104MA7N3K5Q6N,630121,13,私营,35,900,1200,2025,马建军,马建军,13907001234,300,设备更新,较急,融资;管理"; } >"$f-630100.csv"
  expect 0 as pref-630100 "$RP" recommend import --round "$rid" --file "$f-630100.csv"
  has "推荐 15 家企业"
  # the others: GB18030, UTF-8 and Excel; 海东's first enterprise has a name like a formula
  i=1
  for p in 630200 632200 632300 632500 632600 632700 632800; do
    rec_file "$p" $((i * 100 + 1)) 15 >"$f-$p.csv"
    i=$((i + 1))
    case $p in
      630200) sed -i '2s/^企业[0-9]*/=1+2企业/' "$f-$p.csv"; iconv -f UTF-8 -t GB18030 "$f-$p.csv" >"$f-$p.gb.csv"
              expect 0 as "pref-$p" "$RP" recommend import --round "$rid" --file "$f-$p.gb.csv"; has "GB18030" ;;
      632300) "$top/$BUILD/mkxlsx" "$f-$p.csv" "$f-$p.xlsx" 5 6 7 8
              expect 0 as "pref-$p" "$RP" recommend import --round "$rid" --file "$f-$p.xlsx"; has "Excel" ;;
      *)      expect 0 as "pref-$p" "$RP" recommend import --round "$rid" --file "$f-$p.csv" ;;
    esac
    has "推荐 15 家企业"
  done
  eq "$(sql "select count(*) from core.recommendation where round_id = $rid")" 120 "120 recommendations"
  eq "$(sql "select count(*) from core.enterprise where size_class not in ('large', 'medium', 'small', 'micro')")" 0 \
     "every enterprise classified"
  expect 0 as bureau-admin "$RP" keylist rounds --year "$year"
  has "海西蒙古族藏族自治州"; has "已推荐"

  # a prefecture sees and touches only its own
  expect 0 as pref-630200 "$RP" --json recommendation list --round "$rid"
  eq "$(grep -c '"status": "submitted"' <<<"$OUT")" 15 "海东 sees its 15"
  lacks "湟水谷物"
  ent=$(sql "select id from core.organisation where credit_code = '91630104MA7N3K5Q6N'")
  expect 6 as pref-630200 "$RP" enterprise show "$ent"
  n=$(sql "select id from core.recommendation where enterprise_id = $ent")
  expect 6 as pref-630200 "$RP" recommendation decide "$n" --approve
  expect 4 as pref-630100 "$RP" recommendation decide "$n" --approve

  # the bureau: 100 approved, 10 returned, 10 rejected, reasons required
  expect 5 as bureau-admin "$RP" recommendation decide "$n" --reject
  has "理由"
  k=0
  for n in $(sql "select id from core.recommendation where round_id = $rid order by id"); do
    case $((k % 12)) in
      0) expect 0 as bureau-admin "$RP" recommendation decide "$n" --return --reason 请补充财务数据 ;;
      6) expect 0 as bureau-admin "$RP" recommendation decide "$n" --reject --reason 不符合推荐条件 ;;
      *) expect 0 as bureau-admin "$RP" recommendation decide "$n" --approve ;;
    esac
    k=$((k + 1))
  done
  eq "$(sql "select string_agg(status || ':' || n, ' ' order by status) from (select status, count(*) n
             from core.recommendation where round_id = $rid group by status) x")" \
     "approved:100 rejected:10 returned:10" "the bureau's decisions"
  expect 0 as pref-630100 "$RP" inbox
  has "推荐被退回：企业0001"
  expect 0 as bureau-admin "$RP" --json keylist stats --year "$year"
  has '"total": 100'
  expect 0 as bureau-admin "$RP" keylist stats --year "$year"
  has "在册企业 100 家"; has "制造业"; has "小型"
  expect 0 as pref-630200 "$RP" --json keylist list --year "$year"
  eq "$(grep -c '"credit_code"' <<<"$OUT")" "$(sql "select count(*) from core.key_enterprise where year = $year and prefecture_code = '630200'")" \
     "a prefecture lists its own"

  # the enterprise's contact: its own profile only; changes kept as history
  expect 0 as enterprise-contact "$RP" enterprise show "$ent"
  has "湟水谷物加工有限公司"; has "139****1234"; lacks "13907001234"; has "小型"
  other=$(sql "select id from core.organisation where name = '企业0002'")
  expect 6 as enterprise-contact "$RP" enterprise show "$other"
  expect 0 as enterprise-contact "$RP" enterprise save --credit-code 91630104MA7N3K5Q6N \
    --name 湟水谷物加工有限公司（演示） --county 630121 --industry 13 --ownership 私营 --employees 320 \
    --revenue 2100 --assets 1500 --legal-rep 马建军 --contact 马建军 --contact-mobile 13907005678 \
    --difficulty 融资 --borrowing 青海银行:500:2027-06-30
  has "中型"
  expect 0 as enterprise-contact "$RP" enterprise history "$ent"
  has "employees"; has "35"; has "320"; has "139****5678"; lacks "13907005678"
  # a lender sees nothing until the enterprise consents
  expect 6 as institution-admin "$RP" enterprise show "$ent"
  expect 0 as institution-admin "$RP" --json keylist list --year "$year"
  lacks "湟水谷物"
  expect 0 as enterprise-contact "$RP" enterprise consent --lender "$bank"
  expect 0 as institution-admin "$RP" enterprise show "$ent"
  has "湟水谷物"
  expect 0 as institution-admin "$RP" --json keylist list --year "$year"
  eq "$(grep -c '"credit_code"' <<<"$OUT")" 1 "the lender lists only the consenting enterprise"
  # as officials read it: money grouped with two decimals, right-aligned under
  # its header; the record's labels in Chinese
  expect 0 as institution-admin "$RP" keylist list --year "$year"
  has "湟水谷物加工有限公司（演示）"; has "2,100.00"; has "共 1 条"
  "$top/tests/integration/column_end.py" "营业收入（万元）" "2,100.00" <<<"$OUT" || note "revenue not right-aligned"
  "$top/tests/integration/column_end.py" "从业人员" "320" <<<"$OUT" || note "employees not right-aligned"
  expect 0 as institution-admin "$RP" enterprise show "$ent"
  has "资产总额（万元）"; has "1,500.00"; has "中型"; has "私营"; lacks "private"

  # removal on the advisor's behalf, then the prefecture fills the place
  entry=$(sql "select k.id from core.key_enterprise k join core.organisation o on o.id = k.enterprise_id
               where k.year = $year and k.prefecture_code = '630200' and k.status = 'listed' order by k.id desc limit 1")
  expect 5 as bureau-admin "$RP" removal apply "$(sql "select enterprise_id from core.key_enterprise where id = $entry")" \
    --ground no_prospect --account 太短
  # no advisor serves it yet: the bureau files it (an advisor who does not serve it is refused)
  expect 4 as advisor "$RP" call removal.apply "{\"entry_id\": $entry, \"grounds\": [\"no_prospect\"], \"account\": \"并非本人服务的企业\"}"
  has "服务该企业的金融顾问"
  expect 0 as bureau-admin "$RP" --json call removal.apply "{\"entry_id\": $entry, \"grounds\": [\"no_prospect\", \"refuses_cooperation\"], \"account\": \"连续两年亏损且拒绝向顾问提供财务资料\"}"
  rm=$(J id <<<"$OUT")
  expect 0 as bureau-admin "$RP" inbox
  has "待审核的移出申请"
  expect 0 as bureau-admin "$RP" --json removal decide "$rm" --approve --reason 经核实情况属实
  slot=$(J slot_id <<<"$OUT")
  expect 0 as pref-630200 "$RP" inbox
  has "请递补推荐一家企业"
  rec_file 630200 990 1 | tail -n 1 >"$f-slot.csv"
  IFS=, read -r -a row <"$f-slot.csv"
  expect 7 as pref-630100 "$RP" recommend --round "$rid" --replaces "$slot" --name 越界递补 \
    --credit-code "$(rec_file 630100 991 1 | tail -n 1 | cut -d, -f2)" --county 630102 --industry 13 \
    --ownership 私营 --employees 50 --revenue 800 --assets 900 --legal-rep 甲 --contact 乙
  has "不属于本市"
  expect 0 as pref-630200 "$RP" --json recommend --round "$rid" --replaces "$slot" --name "${row[0]}" \
    --credit-code "${row[1]}" --county "${row[2]}" --industry "${row[3]}" --ownership 私营 --employees 50 \
    --revenue 800 --assets 900 --legal-rep 甲 --contact 乙
  n=$(J id <<<"$OUT")
  expect 0 as bureau-admin "$RP" recommendation decide "$n" --approve
  eq "$(sql "select status from core.list_slot where id = $slot")" filled "the place is filled"
  expect 0 as pref-630200 "$RP" inbox
  lacks "请递补推荐"
  expect 0 as bureau-admin "$RP" keylist list --year "$year" --status removed
  has "已移出"; has "经核实情况属实"

  # the export: formulas neutralised, mobiles masked
  expect 0 as bureau-admin "$RP" keylist list --year "$year" --status listed --xlsx "$T/list.xlsx"
  has "100 家企业"
  OUT=$(unzip -p "$T/list.xlsx" xl/sharedStrings.xml)
  has "<t>'=1+2企业"; lacks "<t>=1+2"; lacks "13900000101"; has "139****0101"

  # next year: the list carries over, the diff says what changed
  expect 0 as bureau-admin "$RP" keylist open --year $((year + 1)) --deadline 2099-12-31 "${targets[@]}"
  expect 0 as bureau-admin "$RP" --json keylist diff --year $((year + 1))
  eq "$(grep -c '"change": "carried"' <<<"$OUT")" 100 "carried over"
  eq "$(grep -c '"change": "dropped"' <<<"$OUT")" 1 "the removed one dropped"
  has '"years_in_program": 2'; has "移出："
  n=$(sql "select id from core.keylist_round where year = $((year + 1)) and tier = 'province'")
  rec_file 630100 995 1 >"$f-next.csv"
  expect 0 as pref-630100 "$RP" recommend import --round "$n" --file "$f-next.csv"
  expect 5 as pref-630100 "$RP" recommend import --round "$n" --file "$f-630100.csv"
  has "已在 $((year + 1)) 年省级名单中"
  expect 0 as bureau-admin "$RP" recommendation decide "$(sql "select max(id) from core.recommendation where round_id = $n")" --approve
  expect 0 as bureau-admin "$RP" keylist diff --year $((year + 1))
  has "新增"; has "企业0995"; has "延续"; has "退出"

  # the prefecture tier (P7): 西宁's own local list, out of other prefectures' sight
  expect 0 as pref-630100 "$RP" --json keylist open --prefecture --year "$year" --deadline 2099-12-31 --target 5
  n=$(J id <<<"$OUT")
  rec_file 630100 980 2 >"$f-local.csv"
  expect 0 as pref-630100 "$RP" recommend import --round "$n" --file "$f-local.csv"
  k=$(sql "select min(id) from core.recommendation where round_id = $n")
  expect 4 as bureau-admin "$RP" recommendation decide "$k" --approve
  expect 6 as pref-630200 "$RP" recommendation decide "$k" --approve
  # four eyes: the office's official who recommended it does not approve it
  expect 4 as pref-630100 "$RP" recommendation decide "$k" --approve
  has "双人复核"
  expect 0 as prefecture-staff2 "$RP" recommendation decide "$k" --approve
  expect 0 as pref-630100 "$RP" --json keylist list --tier prefecture --year "$year"
  has "企业0980"
  expect 0 as pref-630200 "$RP" --json keylist list --tier prefecture --year "$year"
  lacks "企业0980"
  expect 0 as bureau-admin "$RP" --json keylist list --tier prefecture --year "$year"
  has "企业0980"

  # a file larger than one request goes up in parts and is then checked and stored whole
  awk -v n=6000 -v first=20001 -v county=630102 -f scripts/enterprises.awk >"$f-large.csv"
  awk -F, -v OFS=, 'NR == 5500 { $4 = "99" } { print }' "$f-large.csv" >"$f-large-bad.csv"
  expect 5 as pref-630100 "$RP" recommend import --round "$n" --file "$f-large-bad.csv" --over-target 全市普查
  has "已上传 6000 / 6000 行"; has "第 5500 行（企业25499）：未知的行业大类“99”"
  eq "$(sql "select count(*) from core.recommendation where round_id = $n")" 2 "a bad large file stores nothing"
  # far beyond the local round's target of 5: refused until confirmed with a reason
  expect 7 as pref-630100 "$RP" recommend import --round "$n" --file "$f-large.csv"
  has "推荐目标为 5 家，已推荐 2 家，本次 6000 家将超出目标"; has "--over-target"
  eq "$(sql "select count(*) from core.recommendation where round_id = $n")" 2 "nothing stored before the confirmation"
  expect 0 as pref-630100 "$RP" recommend import --round "$n" --file "$f-large.csv" --over-target 全市普查
  has "推荐 6000 家企业"; has "本市（州）已推荐 6002 家，目标 5 家"
  eq "$(sql "select count(*) from core.recommendation where round_id = $n and over_target_reason = '全市普查'")" 6000 \
     "the reason kept with each"
  # one more by hand: the same confirmation, and the numbers beside it
  rec_file 630100 979 1 | tail -n 1 >"$f-one.csv"
  IFS=, read -r -a row <"$f-one.csv"
  expect 7 as pref-630100 "$RP" recommend --round "$n" --name "${row[0]}" --credit-code "${row[1]}" \
    --county "${row[2]}" --industry "${row[3]}" --ownership 私营 --employees 12 --revenue 300 --assets 200 \
    --legal-rep 甲 --contact 乙
  has "推荐目标为 5 家，已推荐 6002 家"
  expect 0 as pref-630100 "$RP" recommend --round "$n" --name "${row[0]}" --credit-code "${row[1]}" \
    --county "${row[2]}" --industry "${row[3]}" --ownership 私营 --employees 12 --revenue 300 --assets 200 \
    --legal-rep 甲 --contact 乙 --over-target 补充推荐
  has "本市州已推荐      6003"; has "推荐目标          5"
  eq "$(sql "select count(*) from core.recommendation where round_id = $n")" 6003 "the whole large file and one more"

  # a returned recommendation is corrected by its prefecture and reviewed again
  n=$(sql "select rc.id from core.recommendation rc join core.organisation o on o.id = rc.enterprise_id
            where o.name = '企业0001' and rc.status = 'returned'")
  IFS=, read -r -a row < <(rec_file 630100 1 1 | tail -n 1)
  expect 6 as pref-630200 "$RP" recommendation correct "$n" --name "${row[0]}" --credit-code "${row[1]}" \
    --county "${row[2]}" --industry "${row[3]}" --ownership 私营 --employees 60 --revenue 900 --assets 900 \
    --legal-rep 甲 --contact 乙
  expect 5 as pref-630100 "$RP" recommendation correct "$n" --name 另一家 \
    --credit-code "$(rec_file 630100 992 1 | tail -n 1 | cut -d, -f2)" --county 630102 --industry 13 \
    --ownership 私营 --employees 60 --revenue 900 --assets 900 --legal-rep 甲 --contact 乙
  has "不能换成另一家企业"
  # only what changes: the figures; the rest (contact's mobile too) stays
  before=$(sql "select o.name || '|' || e.industry_division || '|' || e.contact_name || '|' || coalesce(e.contact_mobile_masked, '')
                from core.enterprise e join core.organisation o on o.id = e.org_id where o.name = '企业0001'")
  expect 0 as pref-630100 "$RP" recommendation correct "$n" --employees 60 --revenue 900 --assets 900
  has "已报送"
  eq "$(sql "select o.name || '|' || e.industry_division || '|' || e.contact_name || '|' || coalesce(e.contact_mobile_masked, '')
             from core.enterprise e join core.organisation o on o.id = e.org_id where o.name = '企业0001'")" "$before" \
     "what was not given stays as it was"
  expect 0 as pref-630100 "$RP" inbox
  lacks "推荐被退回：企业0001"
  expect 0 as bureau-admin "$RP" recommendation decide "$n" --approve
  eq "$(sql "select employees from core.enterprise e join core.organisation o on o.id = e.org_id
             where o.name = '企业0001'")" 60 "the corrected profile"
}
