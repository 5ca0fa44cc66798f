-- 040_financing_plans.sql - the financing plan as its own record (P5): the
-- advisor draws one up against an enterprise's need - its parts (an
-- instrument and an amount each), the candidate lenders, the steps with
-- their dates - and revises it as a new version (the earlier kept,
-- superseded).  A referral sends a plan to one of the lenders.  Functions:
-- sql/functions/financing.sql.
create table core.financing_plan (
    id            bigserial primary key,
    need_id       bigint not null references core.financing_need,
    enterprise_id bigint not null references core.organisation,
    advisor_id    bigint not null references core.advisor,
    version       int not null default 1 check (version >= 1),
    replaces      bigint unique references core.financing_plan,
    status        text not null default 'current' check (status in ('current', 'superseded')),
    summary       text not null check (length(btrim(summary)) between 10 and 5000),
    -- [{"instrument": "loan", "amount": 300}, ...]
    parts         jsonb not null check (jsonb_typeof(parts) = 'array' and jsonb_array_length(parts) between 1 and 8),
    amount        numeric(14, 2) not null check (amount > 0),
    lender_ids    bigint[] not null default '{}' check (cardinality(lender_ids) <= 10),
    -- [{"step": "补齐近三年财务报表", "on": "2027-01-15"}, ...]
    steps         jsonb not null default '[]' check (jsonb_typeof(steps) = 'array' and jsonb_array_length(steps) <= 30),
    secret        boolean not null default false,
    reason        text not null default '' check (length(reason) <= 500),  -- why a revision changed it
    created_by    bigint not null references core.app_user,
    created_at    timestamptz not null default now()
);
create index financing_plan_need on core.financing_plan (need_id, version desc);
create index financing_plan_enterprise on core.financing_plan (enterprise_id, created_at desc);
create unique index financing_plan_one_current on core.financing_plan (need_id) where status = 'current';

alter table core.referral add column plan_id bigint references core.financing_plan;

insert into core.constraint_message values
  ('financing_plan_summary_check', '方案说明应为 10 至 5000 个字符（--summary）'),
  ('financing_plan_parts_check', '方案应有 1 至 8 项融资工具及金额（--part 工具:金额）'),
  ('financing_plan_lender_ids_check', '候选金融机构最多 10 家'),
  ('financing_plan_steps_check', '方案步骤最多 30 步'),
  ('financing_plan_one_current', '该融资需求已有现行方案：修改请用 rongpei plan revise');
