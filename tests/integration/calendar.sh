# calendar.sh - the program's calendar is Beijing's (Asia/Shanghai): the
# day, the year of a certificate's number, a term's dates, a group's dates,
# whichever hour of the day and on 31 December / 1 January; one-year terms
# to the day before the anniversary; an early extension that leaves the
# certificate held valid until its term ends.  The clock is moved with the
# test-only setting clock_offset.  Starts from the advisors intake appointed.
AREA_FROM=intake
AREA_SEQUENTIAL=1

AREA_TESTS=(
  t_beijing_day_and_the_new_year
  t_an_early_extension_on_every_date
)

# clock_at "YYYY-MM-DD HH:MM": the program's clock at that Beijing time (and ticking on).
clock_at() { sql "update core.setting set value = (timestamptz '$1:00+08' - now())::text where name = 'clock_offset'"; }
clock_now() { sql "update core.setting set value = '' where name = 'clock_offset'"; }

# ready_to_confirm ROUND IDNO17 NAME: a nomination nominated, submitted,
# scored and proposed for appointment; prints its id.
ready_to_confirm() {
  local round=$1 idn=$2 name=$3 n
  n=$(as office-staff "$RP" --json advisor nominate --round "$round" --name "$name" --gender "$(sex_of "$(id17 "$idn")")" \
        --id-number "$(id17 "$idn")" --specialism credit --prefecture 630100 --declaration-signed \
        --notice-version v1 | J id)
  [ -n "$n" ] || { note "cannot nominate $name"; return 1; }
  as institution-admin "$RP" nomination submit "$n" >/dev/null || note "cannot submit $name"
  as bureau-admin "$RP" review assign "$round" --reviewer "$(user_id expert.wang)" --nomination "$n" >/dev/null ||
    note "cannot assign $name"
  as expert "$RP" review score "$n" --score 能力:90 >/dev/null || note "cannot score $name"
  as bureau-admin "$RP" decision propose "$n" --decision appoint --reason 日历测试 >/dev/null ||
    note "cannot propose $name"
  echo "$n"
}

t_beijing_day_and_the_new_year() {
  local year next round n1 n2 n3 a1 a2 g1 g2
  year=$(bjdate +%Y); next=$((year + 1))
  expect 0 as bureau-admin "$RP" --json round open --year "$year" --title 日历测试轮次 --target 3 \
    --deadline "$next-12-31" --criterion 能力:100 --quota "$(org_id 青海高原农商银行):3"
  round=$(J id <<<"$OUT")
  n1=$(ready_to_confirm "$round" 63010219700101101 岁末甲)
  n2=$(ready_to_confirm "$round" 63010219700101102 岁首乙)
  n3=$(ready_to_confirm "$round" 63010219700101103 清晨丙)
  # 23:58 on 31 December in Beijing (15:58 UTC): this year's certificate and day
  clock_at "$year-12-31 23:58"
  expect 0 as bureau-admin2 "$RP" decision confirm "$n1"
  a1=$(sql "select id from core.advisor where nomination_id = $n1")
  eq "$(sql "select term_start || ' ' || term_end || ' ' || (cert_no like '青金顾〔$year〕%')
             from core.advisor_term where advisor_id = $a1")" "$year-12-31 $next-12-30 true" "a term begun on 31 December"
  # 00:30 on 1 January (still 31 December in UTC): the new year's first
  # certificate number, the new year's day, to 31 December
  clock_at "$next-01-01 00:30"
  expect 0 as bureau-admin2 "$RP" decision confirm "$n2"
  a2=$(sql "select id from core.advisor where nomination_id = $n2")
  eq "$(sql "select cert_no || ' ' || term_start || ' ' || term_end from core.advisor_term where advisor_id = $a2")" \
     "青金顾〔$next〕0001号 $next-01-01 $next-12-31" "a term begun on 1 January at 00:30"
  expect 0 as bureau-admin "$RP" advisor list --limit 1000
  has "$next-01-01"; has "青金顾〔$next〕0001号"
  # 07:59 on an ordinary day (23:59 the day before in UTC)
  clock_at "$next-03-15 07:59"
  expect 0 as bureau-admin2 "$RP" decision confirm "$n3"
  eq "$(sql "select term_start || ' ' || term_end from core.advisor_term t join core.advisor a on a.id = t.advisor_id
             where a.nomination_id = $n3")" "$next-03-15 $((next + 1))-03-14" \
     "a term begun at 07:59 in Beijing, to the day before the anniversary"
  # a group joined and left at 00:30 is dated that day
  expect 0 as bureau-admin "$RP" group propose --year "$year" --save
  g1=$(sql "select group_id from core.group_membership where advisor_id = $a1 and until is null")
  g2=$(sql "select id from core.service_group where year = $year and tier = 'province' and kind = 'service'
            and id <> $g1 order by id limit 1")
  clock_at "$next-01-02 00:30"
  expect 0 as bureau-admin "$RP" group move "$a1" --to "$g2" --reason 日历测试
  expect 0 as bureau-admin "$RP" group history "$a1"
  has "$next-01-02 00:30"
  clock_now
}

t_an_early_extension_on_every_date() {
  local year next a old new newno
  year=$(bjdate +%Y); next=$((year + 1))
  a=$(sql "select a.id from core.advisor a join core.nomination n on n.id = a.nomination_id
           where n.name = '岁末甲'")
  old=$(sql "select verify_code from core.advisor_term where advisor_id = $a")
  clock_at "$next-11-01 10:00"
  expect 0 as bureau-admin "$RP" advisor extend "$a" --reason 服务成效显著
  has "下一聘期起"; has "$next-12-31"; has "$((next + 1))-12-30"
  new=$(sql "select verify_code from core.advisor_term where advisor_id = $a and verify_code <> '$old'")
  newno=$(sql "select cert_no from core.advisor_term where verify_code = '$new'")
  # the advisor's record shows the certificate in force that day
  expect 0 as bureau-admin "$RP" advisor list --limit 1000
  lacks "$newno"
  verify_on() { # verify_on DAY-TIME CODE STATUS
    clock_at "$1"
    expect 0 as anon "$RP" certificate verify "$2"; has "$3"
  }
  verify_on "$next-11-01 10:00" "$old" 有效
  verify_on "$next-11-01 10:00" "$new" 尚未生效
  verify_on "$next-12-30 23:59" "$old" 有效
  verify_on "$next-12-30 23:59" "$new" 尚未生效
  verify_on "$next-12-31 00:01" "$old" 已过期
  verify_on "$next-12-31 00:01" "$new" 有效
  expect 0 as bureau-admin "$RP" advisor list --limit 1000
  has "$newno"
  clock_now
}
