-- 035_risk_warnings.sql - risk warnings (P5): an advisor warns of a risk an
-- enterprise runs, with a plan to resolve it and a due date; closed with
-- what was done.  The functions are in sql/functions/risk.sql.
create table core.risk_warning (
    id           bigserial primary key,
    agreement_id bigint not null references core.agreement,
    enterprise_id bigint not null references core.organisation,
    advisor_id   bigint not null references core.advisor,
    year         int not null,
    tier         text not null check (tier in ('province', 'prefecture')),
    kind         text not null check (kind in ('operational', 'financial', 'debt', 'legal', 'credit')),
    severity     text not null check (severity in ('low', 'medium', 'high')),
    description  text not null check (length(btrim(description)) between 10 and 5000),
    plan         text not null check (length(btrim(plan)) between 4 and 5000),
    due_on       date not null,
    status       text not null default 'open' check (status in ('open', 'closed')),
    outcome      text,
    closed_by    bigint references core.app_user,
    closed_at    timestamptz,
    created_by   bigint not null references core.app_user,
    created_at   timestamptz not null default now(),
    constraint risk_warning_closed check ((status = 'closed') = (outcome is not null and closed_at is not null))
);

create index risk_warning_enterprise on core.risk_warning (enterprise_id, created_at desc);
create index risk_warning_open on core.risk_warning (tier, severity) where status = 'open';

insert into core.constraint_message values
  ('risk_warning_description_check', '风险情况应为 10 至 5000 个字符'),
  ('risk_warning_plan_check', '化解措施应为 4 至 5000 个字符');
