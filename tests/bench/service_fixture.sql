-- service_fixture.sql - a year of service records at scale (make bench
-- only; never a test's or the demo's data), on the advisors and
-- enterprises of pairing_fixture.sql: each active provincial advisor paired
-- with two of the listed enterprises under a filed agreement, its 2026
-- declaration made, and :records service records spread over the year's
-- days and the pairs.
--
--   psql -v records=10000000 -v bench_user=bench -v adv_fp=HEX64 -v adv_tok=HEX64 -f service_fixture.sql

select setseed(0.2026);

insert into core.pairing_run (tier, year, weights, objective, note)
values ('province', 2026, '{}', 0, 'bench') returning id as run_id \gset

create temp table bench_pair as
    with a as (select id, row_number() over (order by id) n from core.advisor
                where status = 'active' and tier = 'province'),
         e as (select enterprise_id, row_number() over (order by enterprise_id) n from core.key_enterprise
                where year = 2026 and tier = 'province' and status = 'listed')
    select a.id advisor_id, e.enterprise_id, row_number() over (order by a.id, e.enterprise_id) - 1 i
      from a join e on e.n in (2 * a.n - 1, 2 * a.n);

insert into core.pairing (run_id, year, tier, advisor_id, enterprise_id, score, factors, since)
select :run_id, 2026, 'province', advisor_id, enterprise_id, 0, 'bench', '2026-01-01' from bench_pair;

insert into core.agreement (pairing_id, template_version, title, body, digest, term_start, term_end, status,
                            filing_no, filed_at)
select p.id, (select max(version) from core.agreement_template), '压测协议', '压测协议正文', repeat('0', 64),
       '2026-01-01', '2026-12-31', 'filed', '压测备〔2026〕' || p.id || '号', now()
  from core.pairing p where p.run_id = :run_id;

-- the first pair's advisor gets an account of its institution, a
-- certificate of that institution (fingerprint :adv_fp) and a session
-- (token hash :adv_tok), for the pgbench script that records services
insert into core.app_user (org_id, username, display_name, password_hash, must_change)
select ad.org_id, 'bench.advisor', ad.name, 'not a password: never logs in', false
  from core.advisor ad where ad.id = (select advisor_id from bench_pair where i = 0);
insert into core.user_role (user_id, role) select id, 'advisor' from core.app_user where username = 'bench.advisor';
update core.advisor set user_id = (select id from core.app_user where username = 'bench.advisor')
 where id = (select advisor_id from bench_pair where i = 0);
insert into core.certificate (org_id, fingerprint, subject)
select org_id, :'adv_fp', 'bench' from core.app_user where username = 'bench.advisor';
insert into core.session (token_hash, user_id, cert_fp)
select :'adv_tok', id, '' from core.app_user where username = 'bench.advisor';

insert into core.advisor_declaration (advisor_id, year, version, digest, user_id)
select distinct b.advisor_id, 2026, (select max(version) from core.declaration_text), repeat('0', 64),
       (select id from core.app_user where username = :'bench_user')
  from bench_pair b;

create temp table bench_agreement as
    select g.id agreement_id, b.advisor_id, b.enterprise_id, b.i
      from bench_pair b join core.pairing p on p.advisor_id = b.advisor_id and p.enterprise_id = b.enterprise_id
                                           and p.run_id = :run_id
      join core.agreement g on g.pairing_id = p.id;

select count(*) as pairs from bench_agreement \gset

insert into core.service_record (served_on, agreement_id, enterprise_id, advisor_id, year, tier, mode, prep_minutes,
                                 contact_minutes, travel_minutes, place, attendees, topics, notes, secret,
                                 created_by, created_at)
select date '2026-01-01' + (g % 334), a.agreement_id, a.enterprise_id, a.advisor_id, 2026, 'province',
       (array['on_site', 'at_institution', 'online', 'phone'])[1 + g % 4], 30, 20 + g % 100, g % 120,
       '企业办公室', '法定代表人', array[(array['governance', 'policy_advice', 'financing_plan', 'accounts'])[1 + g % 4]],
       '压测服务记录：了解企业经营和融资需求，提出规范财务报表的建议', g % 50 = 0,
       (select id from core.app_user where username = :'bench_user'), now()
  from generate_series(0, :records - 1) g
  join bench_agreement a on a.i = g % :pairs;

-- for the pgbench scripts: the pairs by number, and the first pair's enterprise
create table public.bench_service_pair as select i, advisor_id, enterprise_id from bench_agreement;
grant select on public.bench_service_pair to rongpei_app;
analyze;
