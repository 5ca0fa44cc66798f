-- 037_monthly_reports.sql - the enterprise's monthly status to its advisor
-- (P11 liaison): operations, orders, cash, whether its financing needs
-- changed, problems.  One a month.  The functions are in
-- sql/functions/liaison.sql.
create table core.monthly_report (
    id            bigserial primary key,
    enterprise_id bigint not null references core.organisation,
    month         date not null check (extract(day from month) = 1),
    operations    text not null check (length(btrim(operations)) between 2 and 2000),
    orders        text not null default '' check (length(orders) <= 2000),
    cash          text not null default '' check (length(cash) <= 2000),
    needs_changed boolean not null default false,
    problems      text not null default '' check (length(problems) <= 2000),
    filed_by      bigint not null references core.app_user,
    filed_at      timestamptz not null default now(),
    constraint monthly_report_once unique (enterprise_id, month)
);

insert into core.constraint_message values
  ('monthly_report_once', '本月的情况已报送过'),
  ('monthly_report_operations_check', '请写明本月经营情况（2 至 2000 个字符）');
