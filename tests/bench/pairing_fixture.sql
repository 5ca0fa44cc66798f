-- pairing_fixture.sql - a provincial tier of :advisors active advisors and
-- :enterprises listed enterprises for the year 2026, written straight
-- into the tables (make bench only; never a test's or the demo's data).
-- Random but fixed (setseed): every run has the same instance.  (Each
-- random subquery names the row, so that it is drawn again for every row.)  Advisors
-- serve their institution's prefecture and up to two others (so that a
-- complete pairing exists), so a 3,000 x 6,000 tier has about four million
-- candidate pairs.
--
--   psql -v advisors=3000 -v enterprises=6000 -f pairing_fixture.sql

select setseed(0.2026);

create temp table pref as
    select code, row_number() over (order by code) - 1 as i
      from core.division where level = 'prefecture';
create temp table county as
    select d.code, d.parent_code, row_number() over (partition by d.parent_code order by d.code) - 1 as i
      from core.division d where d.level = 'county';

insert into core.organisation (kind, name, inst_type, division_code)
select 'institution', '结对压测机构' || g, (array['bank', 'securities', 'insurance', 'guarantee'])[1 + g % 4],
       (select code from pref where i = g % 8)
  from generate_series(1, 40) g;

insert into core.intake_round (tier, year, title, target, deadline, status)
values ('province', 2026, '结对压测轮次', 10000, '2026-12-31', 'closed');

insert into core.round_quota (round_id, org_id, quota)
select r.id, o.id, 1000
  from core.intake_round r, core.organisation o
 where r.title = '结对压测轮次' and o.name like '结对压测机构%';

create temp table adv as
    select g,
           (select id from core.organisation where name = '结对压测机构' || (1 + g % 40)) as org_id,
           (select array_agg(s order by s) from (select s from unnest(array['credit', 'bonds', 'equity', 'insurance',
                'guarantee', 'law', 'accounting', 'governance', 'risk', 'policy']) s
                order by random() limit 1 + (random() * 3)::int + 0 * g) x) as specialisms,
           (select array_agg(distinct code order by code) from (select code from pref where i = g % 8
                                                                 union all
                                                                 (select code from pref order by random()
                                                                  limit (random() * 2)::int)) x) as prefectures,
           (select array_agg(s order by s) from (select s from unnest(array['A', 'C', 'F', 'G', 'I', 'K', 'L', 'M'])
                s order by random() limit 1 + (random() * 2)::int + 0 * g) x) as sections
      from generate_series(1, :advisors) g;

insert into core.nomination (round_id, org_id, status, name, gender, id_number_enc, id_number_idx,
                             id_number_masked, years, specialisms, sections, prefectures,
                             declaration_signed, notice_version)
select (select id from core.intake_round where title = '结对压测轮次'), a.org_id, 'submitted', '结对压测顾问' || a.g,
       '男', '\x00', 'bench-' || a.g, '6301**********0000', 10, a.specialisms, a.sections, a.prefectures,
       true, '2026-1'
  from adv a;

insert into core.advisor (nomination_id, round_id, tier, org_id, name, specialisms, prefectures)
select n.id, n.round_id, 'province', n.org_id, n.name, n.specialisms, n.prefectures
  from core.nomination n where n.name like '结对压测顾问%';

insert into core.organisation (kind, name, division_code)
select 'enterprise', '结对压测企业' || g,
       (select c.code from county c join pref p on p.code = c.parent_code where p.i = g % 8 and c.i = 0)
  from generate_series(1, :enterprises) g;

insert into core.enterprise (org_id, county_code, industry_section, industry_division, ownership, size_class,
                             size_rule, legal_rep, contact_name, difficulties)
select o.id, o.division_code, x.section, (select min(code) from core.industry_division d where d.section = x.section),
       'private', 'small', '压测', '法人', '联系人',
       (select coalesce(array_agg(d order by d), '{}') from (select d from unnest(array['management', 'financing',
            'capital_markets', 'financial_discipline', 'risk', 'credit']) d order by random()
            limit (random() * 3)::int + 0 * o.id) x)
  from core.organisation o,
       lateral (select (array['A', 'C', 'F', 'G', 'I', 'K', 'L', 'M'])[1 + (random() * 7 + o.id * 0)::int] as section) x
 where o.name like '结对压测企业%';

insert into core.key_enterprise (year, tier, prefecture_code, enterprise_id, source, since_year)
select 2026, 'province', (select parent_code from core.division where code = e.county_code), e.org_id,
       'recommended', 2026
  from core.enterprise e join core.organisation o on o.id = e.org_id
 where o.name like '结对压测企业%';

analyze;
