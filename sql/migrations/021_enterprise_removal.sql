-- 021_enterprise_removal.sql - removing an enterprise from the list (P12):
-- on its advisor's application (until pairing exists, the bureau applies on
-- the advisor's behalf) with the grounds of P12 and an account of what
-- happened; the list's owner verifies and decides with a reason.  Removed,
-- the entry stays (marked removed, with the decision) and a place opens for
-- the enterprise's prefecture to recommend a replacement; the place stays
-- in that office's inbox until an enterprise recommended for it is
-- approved.
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/keylist.sql; what stays here is its tables and data.

create table core.removal (
    id          bigserial primary key,
    entry_id    bigint not null references core.key_enterprise,
    grounds     text[] not null check (cardinality(grounds) >= 1 and grounds <@
                    '{chaotic_management,abnormal_operation,no_prospect,refuses_cooperation}'),
    account     text not null check (length(btrim(account)) between 10 and 2000),
    status      text not null default 'applied' check (status in ('applied', 'approved', 'rejected')),
    applied_by  bigint not null references core.app_user,
    applied_at  timestamptz not null default now(),
    decided_by  bigint references core.app_user,
    decided_at  timestamptz,
    decision_reason text,
    constraint removal_decided check ((status = 'applied') = (decided_by is null))
);

create unique index removal_one_open on core.removal (entry_id) where status = 'applied';

-- A place on the list to fill after a removal.
create table core.list_slot (
    id              bigserial primary key,
    removal_id      bigint not null unique references core.removal,
    year            int not null,
    tier            text not null,
    prefecture_code char(6) not null references core.division,
    status          text not null default 'open' check (status in ('open', 'filled')),
    filled_by       bigint references core.recommendation,
    created_at      timestamptz not null default now()
);

alter table core.recommendation
    add constraint recommendation_slot_fk foreign key (replaces_slot) references core.list_slot;

insert into core.constraint_message values
  ('removal_one_open', '该企业已有待审核的移出申请'),
  ('removal_grounds_check', '移出理由应为 chaotic_management（管理混乱）、abnormal_operation（经营异常）、no_prospect（扭亏无望）或 refuses_cooperation（不配合）之一或几项'),
  ('removal_account_check', '须说明具体情况（10 至 2000 个字符）'),
  ('recommendation_slot_fk', '要递补的名额不存在');
