-- 020_key_enterprise_list.sql - the key-enterprise list (P6, P7, P20).
--
-- Each year the bureau opens a recommendation round for the provincial
-- list, with a target per prefecture (the advisor pool serves 1–2
-- enterprises each); each prefecture office opens its own for its local
-- list.  Prefecture offices recommend enterprises registered in their
-- prefecture (one by one or from a file, all or nothing); the round's owner
-- approves, returns for correction or rejects, with a reason.  Approved
-- enterprises are on the list for the year.
--
-- Carry-over: opening a year's round carries last year's listed
-- enterprises that have been cultivated for fewer than two years (P20);
-- the others drop out ("completed").  keylist.diff shows new, carried and
-- dropped against the year before.
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/keylist.sql; what stays here is its tables and data.

create table core.keylist_round (
    id              bigserial primary key,
    tier            text not null check (tier in ('province', 'prefecture')),
    prefecture_code char(6) references core.division,
    year            int not null check (year between 2020 and 2100),
    deadline        date not null,
    status          text not null default 'open' check (status in ('open', 'closed')),
    opened_by       bigint references core.app_user,
    created_at      timestamptz not null default now(),
    constraint keylist_round_tier check ((tier = 'prefecture') = (prefecture_code is not null)),
    constraint keylist_round_year_key unique (tier, prefecture_code, year)
);

-- prefecture_code is null for the province tier: one provincial round a year
create unique index keylist_round_one_provincial on core.keylist_round (year) where tier = 'province';

create table core.keylist_target (
    round_id        bigint not null references core.keylist_round,
    prefecture_code char(6) not null references core.division,
    target          int not null check (target between 0 and 100000),
    primary key (round_id, prefecture_code)
);

create table core.recommendation (
    id              bigserial primary key,
    round_id        bigint not null references core.keylist_round,
    enterprise_id   bigint not null references core.enterprise,
    prefecture_code char(6) not null references core.division,
    status          text not null default 'submitted'
                    check (status in ('submitted', 'returned', 'approved', 'rejected')),
    reason          text,
    replaces_slot   bigint,
    recommended_by  bigint references core.app_user,
    decided_by      bigint references core.app_user,
    decided_at      timestamptz,
    created_at      timestamptz not null default now(),
    constraint recommendation_once unique (round_id, enterprise_id),
    constraint recommendation_reason check (status in ('submitted', 'approved') or coalesce(length(btrim(reason)), 0) >= 2)
);

create index recommendation_by_prefecture on core.recommendation (round_id, prefecture_code, status);

create table core.key_enterprise (
    id              bigserial primary key,
    year            int not null,
    tier            text not null check (tier in ('province', 'prefecture')),
    prefecture_code char(6) not null references core.division,   -- the enterprise's (province) or the list's (prefecture)
    enterprise_id   bigint not null references core.enterprise,
    source          text not null check (source in ('recommended', 'carried')),
    recommendation_id bigint references core.recommendation,
    since_year      int not null,
    status          text not null default 'listed' check (status in ('listed', 'removed')),
    removed_reason  text,
    removed_at      timestamptz,
    created_at      timestamptz not null default now(),
    constraint key_enterprise_once unique (year, tier, enterprise_id)
);

create index key_enterprise_by_year on core.key_enterprise (year, tier, prefecture_code);

insert into core.constraint_message values
  ('keylist_round_year_key', '该年度已开启推荐轮次'),
  ('keylist_round_one_provincial', '该年度已开启省级推荐轮次'),
  ('keylist_target_target_check', '目标数应为 0 至 100000'),
  ('recommendation_once', '该企业已在本轮被推荐（可能由其他市州推荐）'),
  ('recommendation_reason', '退回或不予列入须说明理由'),
  ('key_enterprise_once', '该企业已在本年度名单中');

-- A file too large for one request (about 20,000 rows) is sent in parts
-- first: each part's rows wait here under the upload's id (a retried part
-- adds nothing), then recommendation.import with that id takes them all in
-- one transaction.  Parts older than a day are dropped.
create table core.upload_row (
    upload_id  uuid not null,
    seq        int not null,
    user_id    bigint not null references core.app_user,
    row        jsonb not null,
    created_at timestamptz not null default now(),
    primary key (upload_id, seq)
);
