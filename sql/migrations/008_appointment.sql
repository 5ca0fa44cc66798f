-- 008_appointment.sql - appointment (P3): a confirmed "appoint" decision
-- creates the advisor and the first one-year term with its certificate
-- (聘书) number and verification code; terms are extended, suspended and
-- ended with a reason, and every term is kept as history.
--
-- Certificate numbers: 青金顾 + year + 4-digit sequence for the provincial
-- tier ("青金顾〔2026〕0001号"), and the prefecture code for a prefecture's
-- own team ("青金顾630100〔2026〕0001号"); sequences per tier and year,
-- never reused; the year is the year of issue.
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/appointment.sql; what stays here is its tables and data.

create table core.cert_counter (
    scope text not null,        -- 'province' or a prefecture code
    year  int not null,
    last  int not null,
    primary key (scope, year)
);

create table core.advisor (
    id              bigserial primary key,
    nomination_id   bigint not null unique references core.nomination,
    round_id        bigint not null references core.intake_round,
    tier            text not null,
    prefecture_code char(6),
    org_id          bigint not null references core.organisation,
    user_id         bigint references core.app_user,   -- the advisor's account, once linked
    name            text not null,
    status          text not null default 'active' check (status in ('active', 'suspended', 'ended')),
    status_reason   text,
    created_at      timestamptz not null default now()
);

create table core.advisor_term (
    id          bigserial primary key,
    advisor_id  bigint not null references core.advisor,
    cert_no     text not null unique,
    verify_code text not null unique,
    term_start  date not null,
    term_end    date not null check (term_end > term_start),
    status      text not null default 'current' check (status in ('current', 'ended', 'revoked')),
    reason      text not null default '',
    issued_by   bigint references core.app_user,
    issued_at   timestamptz not null default now()
);

create unique index advisor_one_current_term on core.advisor_term (advisor_id) where status = 'current';
