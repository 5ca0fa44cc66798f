-- 044_questions.sql - an enterprise's questions (P10): to its advisor
-- first; what the advisor cannot answer goes to the group; what the group
-- cannot, to the bureau (or the prefecture office for a prefecture-tier
-- pair).  Each level has its own deadline in working days on the official
-- calendar (core.setting question_days_*); a deadline in a year whose
-- schedule is not loaded is null - 待定, never guessed.  Every hand-off is
-- kept with who, when and why.  Functions: sql/functions/questions.sql.
create table core.question (
    id            bigserial primary key,
    enterprise_id bigint not null references core.organisation,
    tier          text not null check (tier in ('province', 'prefecture')),
    prefecture_code char(6) references core.division,   -- the enterprise's
    topic         text not null references core.service_topic,
    body          text not null check (length(btrim(body)) between 5 and 2000),
    secret        boolean not null default false,
    level         text not null default 'advisor' check (level in ('advisor', 'group', 'bureau')),
    advisor_id    bigint not null references core.advisor,   -- the enterprise's advisor when asked
    group_id      bigint references core.service_group,      -- from the escalation to the group
    assignee_id   bigint references core.advisor,            -- the member the leader gave it to
    status        text not null default 'open' check (status in ('open', 'answered', 'resolved')),
    received_on   date not null,                             -- at this level (Beijing day; day 0)
    due_on        date,                                      -- null: 待定, the calendar not loaded
    answer        text,
    answered_level text,
    answered_by   bigint references core.app_user,
    answered_at   timestamptz,
    rating        int check (rating between 1 and 5),
    asked_by      bigint not null references core.app_user,
    created_at    timestamptz not null default now(),
    constraint question_answered check ((status = 'open') = (answer is null))
);
create index question_enterprise on core.question (enterprise_id, created_at desc);
create index question_open on core.question (level, due_on) where status = 'open';

create table core.question_event (
    id          bigserial primary key,
    question_id bigint not null references core.question,
    kind        text not null check (kind in ('asked', 'escalated', 'assigned', 'answered', 'resolved', 'reopened')),
    level       text not null,
    reason      text not null default '',
    by_user     bigint not null references core.app_user,
    at          timestamptz not null default now()
);
create index question_event_question on core.question_event (question_id, id);

insert into core.setting (name, value, note) values
  ('question_days_advisor', '3', '顾问应在若干个工作日内答复企业的问题'),
  ('question_days_group', '5', '小组应在若干个工作日内答复升级的问题'),
  ('question_days_bureau', '10', '省局（市州金融办）应在若干个工作日内答复升级的问题');

insert into core.constraint_message values
  ('question_body_check', '问题应为 5 至 2000 个字符'),
  ('question_topic_fkey', '问题类别应为服务事项之一（见 rongpei service record --help）');
