# demo.sh - the demo that `make run` loads: the program's first year, made
# through the client (scripts/demo-year.sh) on the accounts the other areas
# start from.  It loads, and its state keeps the program's rules: the
# counts it promises, four-eyes on every decision, the policy group of
# government advisors, every listed enterprise paired within capacity, a
# filed agreement signed by both sides, the succession and the refill; every
# program role's demo account has something in its inbox; and what the
# tables show officials is Chinese, not codes.
AREA_TESTS=(
  t_demo_first_year
  t_demo_tables_speak_chinese
)

t_demo_first_year() {
  local year started log=$T/demo-year.log a
  year=$(bjdate +%Y); started=$SECONDS
  if ! DEMO_PART=year RONGPEI_BIN_DIR=$top/$BUILD scripts/demo.sh "$VAR" "$S1" "$RP" "$RPD" "$VAR/rongpeid.conf" \
       >"$log" 2>&1; then
    note "the demo year failed: $(tail -n 3 "$log")"; return
  fi
  echo "    (the demo year loaded in $((SECONDS - started)) s)"
  has_in() { grep -qF "$2" "$1" || note "demo log lacks: $2"; }
  has_in "$log" "聘任：50 名顾问"; has_in "$log" "待办："

  # intake: 62 provincial candidates, 50 appointed + 1 successor, 6 waitlisted, 6 not
  eq "$(sql "select count(*) from core.nomination n join core.intake_round r on r.id = n.round_id
             where r.tier = 'province' and n.replacement_id is null")" 62 "62 provincial nominations"
  eq "$(sql "select count(*) from core.advisor where tier = 'province'")" 51 "50 appointed and one successor"
  eq "$(sql "select count(*) from core.advisor where tier = 'province' and status = 'ended'")" 1 "one replaced"
  eq "$(sql "select count(*) from core.advisor where tier = 'prefecture'")" 3 "Xining's own three"
  eq "$(sql "select count(*) from core.decision where status = 'confirmed' and confirmed_by = proposed_by")" 0 \
     "no decision confirmed by its proposer"
  eq "$(sql "select count(*) from core.decision where status = 'proposed'")" 2 "two decisions left to confirm"
  eq "$(sql "select count(*) from core.advisor a where a.status = 'active' and not exists
             (select 1 from core.advisor_term t where t.advisor_id = a.id and t.status = 'current')")" 0 \
     "every active advisor holds a current certificate"
  eq "$(sql "select count(*) from core.advisor where user_id is not null")" 1 "the bank's advisor linked to its account"

  # the list: 80 listed from all eight prefectures, one removed and its place refilled
  eq "$(sql "select count(*) from core.key_enterprise where year = $year and status = 'listed'")" 80 "80 listed"
  eq "$(sql "select count(distinct prefecture_code) from core.key_enterprise where year = $year")" 8 "all eight prefectures"
  eq "$(sql "select count(*) from core.key_enterprise where year = $year and status = 'removed'")" 1 "one removed"
  eq "$(sql "select count(*) from core.recommendation where status = 'returned'")" 2 "two returned"
  eq "$(sql "select count(*) from core.list_slot where status = 'open'")" 0 "the removed one's place refilled"

  # groups: of at most ten; the policy group holds the government advisors, and only they
  eq "$(sql "select count(*) from core.service_group where year = $year and kind = 'policy'")" 1 "one policy group"
  eq "$(sql "select coalesce(max(c), 0) > 10 from (select count(*) c from core.group_membership
             where until is null group by group_id) x")" f "no group over ten"
  eq "$(sql "select count(*) from core.group_membership gm join core.service_group g on g.id = gm.group_id
             join core.advisor ad on ad.id = gm.advisor_id join core.organisation o on o.id = ad.org_id
             where gm.until is null and (g.kind = 'policy') <> (o.inst_type = 'government')")" 0 "the policy group's members"

  # pairing: every listed enterprise has an advisor, none more than two, no government advisor paired
  eq "$(sql "select count(*) from core.key_enterprise k where k.year = $year and k.status = 'listed' and not exists
             (select 1 from core.pairing p where p.enterprise_id = k.enterprise_id and p.year = k.year
                                            and p.tier = k.tier and p.until is null)")" 0 "every listed enterprise paired"
  eq "$(sql "select coalesce(max(c), 0) <= 2 from (select count(*) c from core.pairing where until is null
             group by advisor_id) x")" t "at most two enterprises an advisor"
  eq "$(sql "select count(*) from core.pairing p join core.advisor ad on ad.id = p.advisor_id
             join core.organisation o on o.id = ad.org_id where p.until is null and o.inst_type = 'government'")" 0 \
     "government advisors are not paired"
  eq "$(sql "select count(*) from core.pairing p join core.advisor ad on ad.id = p.advisor_id
             where p.until is null and ad.status <> 'active'")" 0 "the replaced advisor's pairs taken over"

  # agreements: one for every pair; one signed by both sides and filed
  eq "$(sql "select count(*) from core.pairing p where p.until is null and not exists
             (select 1 from core.agreement g where g.pairing_id = p.id and g.status not in ('ended', 'returned'))")" 0 \
     "an agreement for every pair"
  eq "$(sql "select count(*) from core.agreement g where g.status = 'filed' and g.filing_no is not null
             and (select count(distinct party) from core.agreement_signature s where s.agreement_id = g.id) = 2")" 1 \
     "one filed, signed by both"

  # every program role's demo account has something to do
  for a in bureau-admin bureau-admin2 expert expert-li expert-zhao prefecture-staff prefecture-staff2 pref-632500 \
           institution-admin office-staff advisor enterprise-contact; do
    expect 0 as "$a" "$RP" inbox
    lacks "共 0 条"
    [ "$(grep -c '^20[0-9][0-9]-' <<<"$OUT")" -ge 1 ] || note "$a: nothing in the inbox"
  done
  expect 0 as bureau-admin "$RP" inbox
  has "待核实"
  expect 0 as bureau-admin2 "$RP" inbox
  has "待确认的决定"
  expect 0 as advisor "$RP" inbox
  has "待签署的服务协议"
}

# The tables an official reads: no English code where a Chinese word
# belongs (statuses, kinds, roles, grounds, specialisms...).
t_demo_tables_speak_chinese() {
  local year c line
  year=$(bjdate +%Y)
  for c in "round list" "nomination list --limit 1000" "review results $year年第一批省级金融顾问" \
           "advisor list --limit 1000" "replacement list" "keylist rounds" "keylist list --year $year --limit 1000" \
           "recommendation list --limit 1000" "removal list" "group list --year $year" \
           "pairing list --year $year --limit 1000" "agreement list --year $year --limit 1000" "inbox" \
           "user list --limit 1000" "org list --limit 1000" "cert list --limit 1000" "service list" \
           "risk list" "need list" "referral list" "outcome list" "service checks" \
           "monthly list" "measure list" "plan list" "question list" "complaint list" "note list" \
           "colleague list"; do
    # shellcheck disable=SC2086
    expect 0 as bureau-admin "$RP" $c
    # a cell that is a lower-case code (open, filled, not_performing, ...) has no place here
    line=$(tail -n +3 <<<"$OUT" | grep -E '(^|  )[a-z][a-z_]+[a-z](  |$)' | head -n 1)
    [ -z "$line" ] || note "rongpei $c shows a code: $line"
  done
  expect 0 as advisor "$RP" pairing list --year "$year"
  lacks "primary"; lacks "specialist"
}
