-- 023_service_groups.sql - service groups (P8): the advisors of a tier in
-- groups of at most ten, each with a leader, and the policy-and-regulation
-- group of advisors from government departments, which guides the others.
--
-- group.propose suggests a grouping and explains its balance; the owner of
-- the tier saves it (group.save, the first formation of a year) and later
-- moves advisors (group.move, with a reason) or changes a leader; every
-- membership keeps its dates, so who was in which group when is never lost.
--
-- The proposal: government advisors form the policy group; the others go
-- into ceil(n / 10) groups, dealt in a snake order after sorting by
-- institution type, institution and the advisor's first specialism, so
-- that each type, institution and specialism spreads as evenly as the
-- numbers allow; the leader of each group is its most experienced member.
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/groups.sql; what stays here is its tables and data.

create table core.service_group (
    id              bigserial primary key,
    tier            text not null check (tier in ('province', 'prefecture')),
    prefecture_code char(6) references core.division,
    year            int not null check (year between 2020 and 2100),
    name            text not null check (length(btrim(name)) between 2 and 40),
    kind            text not null check (kind in ('service', 'policy')),
    leader_id       bigint references core.advisor,
    created_by      bigint references core.app_user,
    created_at      timestamptz not null default now(),
    constraint service_group_tier check ((tier = 'prefecture') = (prefecture_code is not null)),
    constraint service_group_name_key unique (tier, prefecture_code, year, name)
);

create table core.group_membership (
    id          bigserial primary key,
    group_id    bigint not null references core.service_group,
    advisor_id  bigint not null references core.advisor,
    since       timestamptz not null default now(),
    until       timestamptz,
    reason      text not null default '',
    changed_by  bigint references core.app_user
);

-- one group at a time for an advisor
create unique index group_membership_current on core.group_membership (advisor_id) where until is null;

insert into core.constraint_message values
  ('service_group_name_key', '同一年度已有同名小组'),
  ('group_membership_current', '该顾问已在另一个小组中');
