-- 038_violation_reports.sql - an enterprise reports a suspected breach of
-- the advisors' discipline (P13: a fee asked for, a secret leaked,
-- interference in its operations); it reaches the bureau as a complaint
-- (the complaints issue builds its handling).  Functions: discipline.sql.
create table core.violation_report (
    id            bigserial primary key,
    enterprise_id bigint not null references core.organisation,
    advisor_id    bigint references core.advisor,
    kind          text not null check (kind in ('fee', 'secret_leak', 'interference', 'other')),
    account       text not null check (length(btrim(account)) between 10 and 5000),
    reported_by   bigint not null references core.app_user,
    reported_at   timestamptz not null default now()
);

insert into core.constraint_message values
  ('violation_report_account_check', '请写明具体情况（10 至 5000 个字符）');
