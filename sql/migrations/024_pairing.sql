-- 024_pairing.sql - pairing advisors with the listed enterprises (P8, P12).
--
-- pairing.inputs gives what a pairing may use: the tier's active advisors,
-- the year's listed enterprises, and every candidate pair the hard
-- constraints allow — the advisor serves the enterprise's prefecture, the
-- tiers match (provincial advisors the provincial list, a prefecture's
-- team its own list), and there is no conflict of interest (the advisor's
-- institution lends to the enterprise, or a conflict was declared) — each
-- with its score under the given weights and the factors behind it.  The
-- client finds the best pairing (common/pairing.c, a minimum-cost flow);
-- pairing.accept checks it against the same rules here, whoever computed
-- it, records the run with its weights and the objective recomputed from
-- these scores, and dates every pair: who served whom when is kept.
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/pairing.sql; what stays here is its tables and data.

create table core.difficulty_specialism (
    difficulty text not null,
    specialism text not null references core.specialism,
    primary key (difficulty, specialism)
);

insert into core.difficulty_specialism values
  ('financing', 'credit'), ('financing', 'bonds'), ('financing', 'equity'), ('financing', 'guarantee'),
  ('financing', 'insurance'), ('capital_markets', 'equity'), ('capital_markets', 'bonds'),
  ('management', 'governance'), ('management', 'policy'), ('financial_discipline', 'accounting'),
  ('risk', 'risk'), ('risk', 'law'), ('credit', 'credit'), ('credit', 'law');

create table core.pairing_conflict (
    advisor_id    bigint not null references core.advisor,
    enterprise_id bigint not null references core.enterprise,
    reason        text not null check (length(btrim(reason)) >= 2),
    declared_by   bigint references core.app_user,
    declared_at   timestamptz not null default now(),
    primary key (advisor_id, enterprise_id)
);

create table core.pairing_run (
    id              bigserial primary key,
    tier            text not null check (tier in ('province', 'prefecture')),
    prefecture_code char(6),
    year            int not null,
    weights         jsonb not null,
    objective       bigint not null,
    solver          text not null default '',
    note            text not null default '',
    created_by      bigint references core.app_user,
    created_at      timestamptz not null default now()
);

create table core.pairing (
    id            bigserial primary key,
    run_id        bigint not null references core.pairing_run,
    year          int not null,
    tier          text not null,
    advisor_id    bigint not null references core.advisor,
    enterprise_id bigint not null references core.enterprise,
    score         bigint not null,
    factors       text not null,
    since         date not null default current_date,
    until         date,
    created_at    timestamptz not null default now()
);

-- one advisor per enterprise at a time, in a year and tier
create unique index pairing_current on core.pairing (year, tier, enterprise_id) where until is null;

insert into core.constraint_message values
  ('pairing_conflict_reason_check', '申报利益冲突须说明理由'),
  ('pairing_conflict_pkey', '已申报过该利益冲突');
