-- 045_complaints.sql - complaints and suggestions about advisors, groups
-- or the service (P17): received from an enterprise (or from its
-- discipline report, sql/038), registered by the bureau with a number in
-- the program's numbering, handled, decided and fed back within
-- complaint_working_days (10) working days of receipt on the official
-- calendar; the clock may pause only for a reason of a fixed list (the
-- days not counted) and be extended once, approved by a second bureau
-- user; after the feedback the enterprise is called back, and an
-- unsatisfied callback on the handling reopens it.  Every step is kept.
-- Functions: sql/functions/complaints.sql.
create table core.complaint (
    id              bigserial primary key,
    enterprise_id   bigint not null references core.organisation,
    kind            text not null check (kind in ('complaint', 'suggestion')),
    about           text not null check (about in ('advisor', 'group', 'service')),
    advisor_id      bigint references core.advisor,
    group_id        bigint references core.service_group,
    facts           text not null check (length(btrim(facts)) between 10 and 5000),
    hide_from_advisor boolean not null default false,
    violation_id    bigint unique references core.violation_report,
    prefecture_code char(6) references core.division,     -- the enterprise's
    filed_by        bigint not null references core.app_user,
    received_on     date not null,                        -- day 0
    due_on          date,                                 -- null: 待定 (calendar not loaded)
    status          text not null default 'received'
                    check (status in ('received', 'registered', 'decided', 'fed_back', 'closed')),
    reg_no          text unique,
    registered_by   bigint references core.app_user,
    handler_id      bigint references core.app_user,
    paused_since    date,
    pause_reason    text,
    paused_days     int not null default 0,               -- working days the clock stood, all pauses
    inst_due_on     date,                                 -- the institution's account, by then
    ext_days        int check (ext_days between 1 and 10),
    ext_reason      text,
    ext_requested_by bigint references core.app_user,
    ext_status      text check (ext_status in ('requested', 'approved', 'refused')),
    decision        text check (decision in ('upheld', 'partly', 'not_upheld')),
    measures        text[] not null default '{}'
                    check (measures <@ '{advice,warning,replacement,training,none}'),
    decision_text   text,
    feedback        text,
    fed_back_on     date,
    satisfied       boolean,
    callback_reason text,
    shared_at       timestamptz,
    advisor_account text,
    inst_account    text,
    created_at      timestamptz not null default now(),
    constraint complaint_about_advisor check (about <> 'advisor' or advisor_id is not null),
    constraint complaint_paused check ((paused_since is null) = (pause_reason is null))
);
create index complaint_enterprise on core.complaint (enterprise_id, created_at desc);
create index complaint_open on core.complaint (due_on) where status in ('received', 'registered', 'decided');

create table core.complaint_event (
    id           bigserial primary key,
    complaint_id bigint not null references core.complaint,
    kind         text not null,
    note         text not null default '',
    by_user      bigint not null references core.app_user,
    at           timestamptz not null default now()
);
create index complaint_event_complaint on core.complaint_event (complaint_id, id);

-- The reasons the clock may stop for.
create table core.complaint_pause_reason (
    code  text primary key,
    label text not null
);
insert into core.complaint_pause_reason values
  ('awaiting_complainant', '等待投诉人补充材料'),
  ('awaiting_institution', '等待顾问所在机构说明情况'),
  ('awaiting_other_body', '等待其他部门出具意见');

insert into core.setting (name, value, note) values
  ('complaint_working_days', '10', '投诉自受理之日起若干个工作日内反馈办理结果'),
  ('complaint_institution_days', '5', '顾问所在机构应在若干个工作日内说明情况');

insert into core.constraint_message values
  ('complaint_facts_check', '请写明事实（10 至 5000 个字符，--facts）'),
  ('complaint_about_advisor', '投诉顾问时请写明哪位顾问（--advisor）'),
  ('complaint_violation_id_key', '该违纪反映已转为投诉');
