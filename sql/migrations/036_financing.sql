-- 036_financing.sql - financing needs, referrals to lenders with their
-- answers, and outcomes that count only once the lender confirms them
-- (P5, P14).  The functions are in sql/functions/financing.sql.
create table core.financing_need (
    id            bigserial primary key,
    enterprise_id bigint not null references core.organisation,
    amount        numeric(14, 2) not null check (amount > 0 and amount < 10000000),
    purpose       text not null check (length(btrim(purpose)) between 2 and 500),
    term_months   int not null default 0 check (term_months between 0 and 600),
    collateral    text not null default '' check (length(collateral) <= 500),
    urgency       text not null default 'normal' check (urgency in ('low', 'normal', 'high', 'urgent')),
    status        text not null default 'open' check (status in ('open', 'met', 'withdrawn')),
    recorded_by   bigint not null references core.app_user,
    created_at    timestamptz not null default now()
);
create index financing_need_enterprise on core.financing_need (enterprise_id, created_at desc);

-- The advisor's plan for a need, sent to one lending institution.
create table core.referral (
    id            bigserial primary key,
    need_id       bigint not null references core.financing_need,
    enterprise_id bigint not null references core.organisation,
    advisor_id    bigint not null references core.advisor,
    lender_id     bigint not null references core.organisation,
    instruments   text[] not null check (cardinality(instruments) between 1 and 8),
    amount        numeric(14, 2) not null check (amount > 0),
    plan          text not null check (length(btrim(plan)) between 10 and 5000),
    due_on        date not null,
    status        text not null default 'sent' check (status in ('sent', 'accepted', 'refused')),
    answer        text,
    answered_by   bigint references core.app_user,
    answered_at   timestamptz,
    created_by    bigint not null references core.app_user,
    created_at    timestamptz not null default now(),
    constraint referral_answered check ((status = 'sent') = (answered_at is null)),
    constraint referral_refused check (status <> 'refused' or length(btrim(coalesce(answer, ''))) >= 4)
);
create index referral_lender on core.referral (lender_id, status);
create index referral_enterprise on core.referral (enterprise_id, created_at desc);

-- What came of it.  Counted in statistics only once confirmed by a user of
-- the lending institution; the enterprise acknowledges it; attributed to
-- the advisors who served the enterprise then.
create table core.financing_outcome (
    id              bigserial primary key,
    enterprise_id   bigint not null references core.organisation,
    referral_id     bigint references core.referral,
    lender_id       bigint not null references core.organisation,
    kind            text not null check (kind in ('credit_granted', 'loan_disbursed', 'investment', 'guarantee',
                                                  'insurance', 'bond', 'listing_step', 'rating_upgraded',
                                                  'limit_raised', 'rate_lowered')),
    amount          numeric(14, 2) not null default 0 check (amount >= 0),
    value_before    text not null default '',
    value_after     text not null default '',
    on_date         date not null,
    terms           text not null default '' check (length(terms) <= 2000),
    advisor_ids     bigint[] not null default '{}',
    recorded_by     bigint not null references core.app_user,
    created_at      timestamptz not null default now(),
    confirmed_by    bigint references core.app_user,
    confirmed_at    timestamptz,
    acknowledged_by bigint references core.app_user,
    acknowledged_at timestamptz
);
create index financing_outcome_enterprise on core.financing_outcome (enterprise_id, on_date desc);
create index financing_outcome_lender on core.financing_outcome (lender_id) where confirmed_at is null;

insert into core.setting (name, value, note) values
  ('referral_answer_working_days', '10', '金融机构收到推荐后应在若干个工作日内答复');

insert into core.constraint_message values
  ('financing_need_amount_check', '融资需求金额应大于 0（万元）'),
  ('financing_need_purpose_check', '请写明融资用途（2 至 500 个字符）'),
  ('referral_plan_check', '融资方案应为 10 至 5000 个字符'),
  ('referral_refused', '不予受理须说明理由（至少 4 个字）');
