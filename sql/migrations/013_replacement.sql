-- 013_replacement.sql - replacing an advisor (P3, P12): the institution
-- reports that an advisor has moved job or is not performing; the tier that
-- appointed the advisor verifies the report (the advisor's term then ends);
-- the institution nominates a successor through a short path — into the
-- round the advisor came from, past its deadline and outside its quota —
-- and the successor is reviewed, decided and confirmed as any candidate.
-- The advisor's history keeps every term, the report and the successor.
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/appointment.sql, sql/functions/intake.sql, sql/functions/replacement.sql; what stays here is its tables and data.

create table core.replacement (
    id            bigserial primary key,
    advisor_id    bigint not null references core.advisor,
    org_id        bigint not null references core.organisation,
    kind          text not null check (kind in ('moved', 'not_performing', 'other')),
    reason        text not null check (length(btrim(reason)) between 2 and 500),
    status        text not null default 'reported'
                  check (status in ('reported', 'verified', 'rejected', 'completed')),
    reported_by   bigint not null references core.app_user,
    reported_at   timestamptz not null default now(),
    verified_by   bigint references core.app_user,
    verified_at   timestamptz,
    verify_note   text,
    constraint replacement_verified check ((status = 'reported') = (verified_by is null))
);

-- one open report per advisor
create unique index replacement_one_open on core.replacement (advisor_id)
    where status in ('reported', 'verified');

alter table core.nomination add column replacement_id bigint references core.replacement;

create index nomination_by_replacement on core.nomination (replacement_id) where replacement_id is not null;

insert into core.constraint_message values
  ('replacement_one_open', '该顾问已有尚未办结的更换报告'),
  ('replacement_kind_check', '更换原因类别应为 moved（工作变动）、not_performing（未尽职）或 other（其他）'),
  ('replacement_reason_check', '须说明更换原因（2 至 500 个字符）');
