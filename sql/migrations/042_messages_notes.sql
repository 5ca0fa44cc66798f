-- 042_messages_notes.sql - liaison between the people of a pair and of a
-- group (P11): messages between an enterprise and its advisors; a group's
-- shared notes (members share cases and answers); links between a
-- provincial advisor and the prefecture advisors working on the same
-- prefecture, who then see each other's notes on the enterprises they both
-- serve.  Kept with the enterprise's timeline; those holding business
-- secrets are read by fewer, and every reading is audited.  Functions:
-- sql/functions/liaison.sql.
create table core.enterprise_message (
    id            bigserial primary key,
    enterprise_id bigint not null references core.organisation,
    side          text not null check (side in ('advisor', 'enterprise')),
    advisor_id    bigint references core.advisor,          -- the advisor who wrote it (side advisor)
    body          text not null check (length(btrim(body)) between 2 and 2000),
    secret        boolean not null default false,
    created_by    bigint not null references core.app_user,
    created_at    timestamptz not null default now(),
    constraint enterprise_message_side check ((side = 'advisor') = (advisor_id is not null))
);
create index enterprise_message_thread on core.enterprise_message (enterprise_id, created_at desc, id desc);

create table core.group_note (
    id            bigserial primary key,
    group_id      bigint not null references core.service_group,
    advisor_id    bigint not null references core.advisor,  -- its author
    enterprise_id bigint references core.organisation,      -- the case it is about, if one
    title         text not null check (length(btrim(title)) between 2 and 100),
    body          text not null check (length(btrim(body)) between 10 and 5000),
    secret        boolean not null default false,
    created_by    bigint not null references core.app_user,
    created_at    timestamptz not null default now()
);
create index group_note_group on core.group_note (group_id, created_at desc);
create index group_note_enterprise on core.group_note (enterprise_id) where enterprise_id is not null;

create table core.advisor_link (
    id                   bigserial primary key,
    province_advisor_id  bigint not null references core.advisor,
    prefecture_advisor_id bigint not null references core.advisor,
    created_by           bigint not null references core.app_user,
    created_at           timestamptz not null default now(),
    ended_at             timestamptz,
    ended_by             bigint references core.app_user
);
create unique index advisor_link_current on core.advisor_link (province_advisor_id, prefecture_advisor_id)
    where ended_at is null;

insert into core.constraint_message values
  ('enterprise_message_body_check', '留言应为 2 至 2000 个字符'),
  ('group_note_title_check', '标题应为 2 至 100 个字符'),
  ('group_note_body_check', '内容应为 10 至 5000 个字符'),
  ('advisor_link_current', '这两位顾问已经关联');
