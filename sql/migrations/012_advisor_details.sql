-- 012_advisor_details.sql - an advisor keeps its own current details
-- (office, position, title, mobile, specialisms, prefectures served),
-- copied from the nomination at appointment and changed afterwards (team
-- sync, P4) without touching the nomination, which stays as it was
-- reviewed.  Every change to an advisor or its terms bumps its version:
-- team.sync compares it with the version the office last saw.
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/appointment.sql, sql/functions/roster.sql; what stays here is its tables and data.

alter table core.advisor
    add column gender        text,
    add column office_id     bigint,
    add column position      text not null default '',
    add column title         text not null default '',
    add column mobile_enc    bytea,
    add column mobile_idx    text,
    add column mobile_masked text,
    add column specialisms   text[] not null default '{}',
    add column prefectures   text[] not null default '{}',
    add column version       int not null default 1,
    add column updated_at    timestamptz not null default now(),
    add constraint advisor_office_fk foreign key (office_id, org_id) references core.office (id, org_id);

update core.advisor a
   set gender = n.gender, office_id = n.office_id, position = n.position, title = n.title,
       mobile_enc = n.mobile_enc, mobile_idx = n.mobile_idx, mobile_masked = n.mobile_masked,
       specialisms = n.specialisms, prefectures = n.prefectures
  from core.nomination n where n.id = a.nomination_id;

alter table core.advisor
    add constraint advisor_specialisms_check check (cardinality(specialisms) between 1 and 10),
    add constraint advisor_prefectures_check check (cardinality(prefectures) >= 1);

insert into core.constraint_message values
  ('advisor_office_fk', '网点不属于该顾问所在机构'),
  ('advisor_specialisms_check', '至少选择一项专业领域'),
  ('advisor_prefectures_check', '至少选择一个可服务的市（州）');
