# full_round.sh - sourced by run.sh: one provincial round at full size, as
# the bureau will run it (issue: "an end-to-end test runs a whole round").
#
# 3 institutions with quotas 25/20/15; 60 nominations from four offices
# (a CSV with bad rows refused whole and then corrected, a GB18030 CSV, an
# Excel workbook, single drafts); 3 reviewers, one recused automatically
# from his own institution's 25 candidates; every decision proposed by one
# administrator and confirmed by another; 50 appointments with distinct
# certificate numbers, every code verified and a forged one refused; the
# roster published; one advisor replaced through the short path and the
# roster published again.  The prefecture round and the team sync with a
# cut link are t_prefecture_round_end_to_end and
# t_team_sync_offline_cut_and_conflict.

# org_account ENV USERNAME NAME ORG_ID ROLE [user create options]: an account
# of that organisation, with the organisation's own certificate.
org_account() {
  local e=$1 u=$2 n=$3 o=$4 r=$5; shift 5
  local d=$VAR/demo/certs/full-$o
  [ -f "$d/org-$o.crt" ] || as bureau-admin "$RP" cert issue --org "$o" --out "$d" >/dev/null ||
    note "cannot issue a certificate for org $o"
  echo "Temp-Pass-$u-1" | as bureau-admin "$RP" user create --org "$o" --username "$u" --name "$n" \
    --role "$r" --password-stdin "$@" >/dev/null || note "cannot create $u"
  env_file "$VAR/demo/$e.env" "$S1" "$VAR/ca/ca.crt" "$d/org-$o.crt" "$d/org-$o.key" "$u" "Demo-2026-$u"
  as "$e" sh -c "echo 'Temp-Pass-$u-1' | '$RP' login --password-stdin >/dev/null &&
                 printf 'Temp-Pass-$u-1\nDemo-2026-$u\n' | '$RP' passwd --password-stdin >/dev/null" ||
    note "first login of $u failed"
}

# person K: a distinct valid identity number for the K-th candidate
person_id() { id17 "632123197706$(printf %02d $(($1 % 28 + 1)))$(printf %03d "$1")"; }

# rows FROM TO OFFICE: nomination rows for candidates FROM..TO
rows() {
  local k
  for k in $(seq "$1" "$2"); do
    printf '全程%02d,%s,%s,%s,客户经理,%d,%s,C,632800,是,v1\n' "$k" "$([ $((k % 2)) = 0 ] && echo 男 || echo 女)" \
      "$(person_id "$k")" "$3" $((k % 20 + 3)) "$([ $((k % 3)) = 0 ] && echo 信贷融资 || echo 融资担保、法律)"
  done
}
ROWS_HEADER="姓名,性别,身份证号,网点,职务,从业年限,专业领域,熟悉行业,可服务市州,已签署声明,告知书版本"

t_full_round_end_to_end() {
  local bank sec ins round f=$T/full ids n k d code codes year sec_office xn_office html before a rp succ
  bank=$(org_id 青海高原农商银行); sec=$(org_id 昆仑证券青海分公司); ins=$(org_id 三江源财产保险青海分公司)
  year=$(date +%Y)
  xn_office=$(office_id 西宁城中支行); sec_office=$(office_id 西宁营业部)
  org_account xn-office bank.xining 西宁网点员 "$bank" institution_staff --office "$xn_office"
  org_account sec-admin sec.inst 证券管理员 "$sec" institution_admin
  org_account ins-admin ins.inst 保险管理员 "$ins" institution_admin
  expect 0 as bureau-admin "$RP" --json round open --year "$year" --title 全流程测试轮次 --target 50 \
    --deadline 2099-12-31 --criterion 专业能力:40 --criterion 从业经验:30 --criterion 服务记录:20 \
    --criterion 工作态度:10 --quota "$bank:25" --quota "$sec:20" --quota "$ins:15"
  round=$(J id <<<"$OUT")
  before=$(sql "select count(*) from core.nomination where round_id = $round")
  eq "$before" 0 "a new round"

  # bank, 格尔木支行: 12 from a UTF-8 file
  { echo "$ROWS_HEADER"; rows 1 12 格尔木支行; } >"$f-geermu.csv"
  expect 0 as office-staff "$RP" advisor import --round "$round" --file "$f-geermu.csv"
  has "导入 12 条"
  # bank, 西宁城中支行: 13, first with three bad rows (refused whole), then corrected
  { echo "$ROWS_HEADER"; rows 13 22 西宁城中支行
    echo "全程坏1,男,$(person_id 23 | cut -c1-17)0,西宁城中支行,客户经理,5,信贷融资,C,632800,是,v1"
    echo "全程坏2,女,$(person_id 24),西宁城中支行,客户经理,5,炒股,C,632800,是,v1"
    echo "全程坏3,男,$(person_id 25),西宁城中支行,客户经理,5,法律,C,632800,否,v1"; } >"$f-xining-bad.csv"
  expect 5 as xn-office "$RP" advisor import --round "$round" --file "$f-xining-bad.csv"
  has "文件有"; has "未导入任何记录"; has "全程坏2"; has "全程坏3"
  eq "$(sql "select count(*) from core.nomination where round_id = $round")" 12 "a bad file stores nothing"
  { echo "$ROWS_HEADER"; rows 13 25 西宁城中支行; } >"$f-xining.csv"
  expect 0 as xn-office "$RP" advisor import --round "$round" --file "$f-xining.csv"
  has "导入 13 条"
  # securities: 20 from an Excel workbook
  { echo "$ROWS_HEADER"; rows 26 45 西宁营业部; } >"$f-sec.csv"
  "$top/$BUILD/mkxlsx" "$f-sec.csv" "$f-sec.xlsx" 5 || note "mkxlsx failed"
  expect 0 as sec-admin "$RP" advisor import --round "$round" --file "$f-sec.xlsx"
  has "导入 20 条"
  # insurance: 13 from a GB18030 file, 2 drafted one by one
  { echo "$ROWS_HEADER"; rows 46 58 海东中心支公司; } | iconv -f UTF-8 -t GB18030 >"$f-ins.csv"
  expect 0 as ins-admin "$RP" advisor import --round "$round" --file "$f-ins.csv"
  has "导入 13 条"; has "GB18030"
  for k in 59 60; do
    expect 0 as ins-admin "$RP" advisor nominate --round "$round" --name "全程$k" --gender 男 \
      --id-number "$(person_id "$k")" --specialism insurance --prefecture 630100 \
      --declaration-signed --notice-version v1
  done
  eq "$(sql "select count(*) from core.nomination where round_id = $round")" 60 "60 nominations"

  # each administrator submits its institution's drafts
  for a in institution-admin:$bank sec-admin:$sec ins-admin:$ins; do
    for n in $(sql "select id from core.nomination where round_id = $round and org_id = ${a#*:} order by id"); do
      expect 0 as "${a%%:*}" "$RP" nomination submit "$n"
    done
  done
  eq "$(sql "select count(*) from core.nomination where round_id = $round and status = 'submitted'")" 60 "all submitted"
  expect 0 as sec-admin "$RP" --json round list
  has '"submitted": 20'; lacks "青海高原农商银行"

  # three reviewers; the bank's own expert is recused from its 25 candidates
  expect 2 as bureau-admin "$RP" review assign "$round" --reviewer "$(user_id expert.wang)" --nomination 1,x
  has "--nomination（提名编号）应为整数"
  ids=$(sql "select min(id) || '-' || max(id) from core.nomination
             where round_id = $round and office_id = $(office_id 格尔木支行)")
  expect 0 as bureau-admin "$RP" review assign "$round" --reviewer "$(user_id expert.wang)" --nomination "$ids"
  has "已分配 12 名"
  for k in expert.wang expert.li bank.expert; do
    expect 0 as bureau-admin "$RP" review assign "$round" --reviewer "$(user_id "$k")" --all
  done
  eq "$(sql "select count(*) from core.review_assignment where round_id = $round and status = 'recused'")" 25 \
     "automatic recusal from one's own institution"
  for a in expert expert-li bank-expert; do
    for n in $(sql "select nomination_id from core.review_assignment ra join core.app_user u on u.id = ra.reviewer_id
                     where ra.round_id = $round and ra.status = 'assigned'
                       and u.username = '$(sed -n 's/^export RONGPEI_USER=//p' "$VAR/demo/$a.env")' order by 1"); do
      k=$(( (n * 7) % 37 ))
      expect 0 as "$a" "$RP" review score "$n" --score "专业能力:$((95 - k))" --score "从业经验:$((90 - k))" \
        --score "服务记录:$((88 - k / 2))" --score "工作态度:90"
    done
  done
  eq "$(sql "select count(*) from core.review_assignment where round_id = $round and status = 'scored'")" 155 \
     "every assigned candidate scored"

  # the top 50 by weighted mean are appointed, 5 waitlisted, 5 rejected; each confirmed by a second person
  expect 0 as bureau-admin "$RP" --json review results "$round"
  ids=$(sed -n 's/^ *"nomination_id": \([0-9]*\),*$/\1/p' <<<"$OUT")
  eq "$(wc -w <<<"$ids")" 60 "every candidate ranked"
  k=0
  for n in $ids; do
    k=$((k + 1))
    if [ $k -le 50 ]; then d=appoint; elif [ $k -le 55 ]; then d=waitlist; else d=reject; fi
    expect 0 as bureau-admin "$RP" decision propose "$n" --decision "$d" --reason "按评审排名第 $k 位"
    expect 0 as bureau-admin2 "$RP" decision confirm "$n"
  done
  eq "$(sql "select count(*) from core.advisor where round_id = $round")" 50 "50 appointments"
  eq "$(sql "select count(distinct t.cert_no) from core.advisor_term t join core.advisor a on a.id = t.advisor_id
             where a.round_id = $round")" 50 "50 distinct certificate numbers"
  eq "$(sql "select count(*) from core.advisor a join core.nomination n on n.id = a.nomination_id
             join core.decision d on d.nomination_id = n.id where a.round_id = $round and d.decision <> 'appoint'")" 0 \
     "only appointments became advisors"

  # every certificate verifies; an altered code does not
  codes=$(sql "select t.verify_code from core.advisor_term t join core.advisor a on a.id = t.advisor_id
               where a.round_id = $round and t.status = 'current'")
  for code in $codes; do
    expect 0 as anon "$RP" certificate verify "$code"
    has "有效"
  done
  code=$(head -n 1 <<<"$codes")
  expect 6 as anon "$RP" certificate verify "${code:0:8}$([ "${code:8:1}" = Z ] && echo Y || echo Z)${code:9}"
  a=$(sql "select id from core.advisor where round_id = $round order by id limit 1")
  expect 0 as bureau-admin "$RP" certificate pdf "$a" --out "$f-cert.pdf"
  OUT=$(pdftotext "$f-cert.pdf" - 2>&1)
  has "$(sql "select name from core.advisor where id = $a")"
  has "$(sql "select cert_no from core.advisor_term where advisor_id = $a and status = 'current'")"

  # the roster: every appointed advisor, no personal numbers
  html=$f-roster.html
  expect 0 as bureau-admin "$RP" roster publish --html "$html" --xlsx "$f-roster.xlsx"
  for n in $(sql "select name from core.advisor where round_id = $round"); do
    grep -q "$n" "$html" || { note "the roster lacks $n"; break; }
  done
  ! grep -q "$(person_id 1)" "$html" || note "the roster carries an identity number"

  # one advisor moves away and is replaced through the short path
  a=$(sql "select a.id from core.advisor a where a.round_id = $round and a.org_id = $sec order by a.id limit 1")
  expect 0 as sec-admin "$RP" --json advisor report "$a" --kind moved --reason 调往总部
  rp=$(J id <<<"$OUT")
  expect 0 as bureau-admin "$RP" replacement verify "$rp" --accept --note 已核实
  expect 0 as sec-admin "$RP" --json advisor nominate --replaces "$rp" --name 全程接替 --gender 女 \
    --id-number "$(person_id 61)" --office "$sec_office" --specialism equity --prefecture 630100 \
    --declaration-signed --notice-version v1
  n=$(J id <<<"$OUT")
  expect 0 as sec-admin "$RP" nomination submit "$n"
  expect 0 as bureau-admin "$RP" review assign "$round" --reviewer "$(user_id expert.li)" --nomination "$n"
  expect 0 as expert-li "$RP" review score "$n" --score 专业能力:90 --score 从业经验:90 --score 服务记录:90 \
    --score 工作态度:90
  expect 0 as bureau-admin "$RP" decision propose "$n" --decision appoint --reason 接替人选
  expect 0 as bureau-admin2 "$RP" decision confirm "$n"
  succ=$(sql "select id from core.advisor where name = '全程接替'")
  expect 0 as bureau-admin "$RP" roster publish --html "$html"
  grep -q "全程接替" "$html" || note "the new roster lacks the successor"
  ! grep -q ">$(sql "select name from core.advisor where id = $a")<" "$html" || note "the replaced advisor is still listed"
  expect 0 as sec-admin "$RP" advisor history "$succ"
  has "接替：$(sql "select name from core.advisor where id = $a")"
  eq "$(sql "select count(*) from core.advisor where round_id = $round and status = 'active'")" 50 \
     "still 50 in office after the replacement"
}
