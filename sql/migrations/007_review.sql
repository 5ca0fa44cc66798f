-- 007_review.sql - expert review (P2): reviewers assigned to submitted
-- nominations with automatic recusal, scores per criterion, results with
-- weighted mean, spread and rank, and decisions that take effect only when
-- a second bureau user confirms them (four-eyes).
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/review.sql; what stays here is its tables and data.

create table core.review_assignment (
    round_id       bigint not null references core.intake_round,
    nomination_id  bigint not null references core.nomination,
    reviewer_id    bigint not null references core.app_user,
    status         text not null check (status in ('assigned', 'recused', 'scored')),
    recusal_reason text,
    comment        text not null default '',
    assigned_by    bigint references core.app_user,
    assigned_at    timestamptz not null default now(),
    scored_at      timestamptz,
    primary key (nomination_id, reviewer_id),
    constraint review_assignment_recusal check ((status = 'recused') = (recusal_reason is not null))
);

create index review_by_reviewer on core.review_assignment (reviewer_id, status);

create table core.review_score (
    nomination_id bigint not null,
    reviewer_id   bigint not null,
    position      int not null,
    score         int not null check (score between 0 and 100),
    primary key (nomination_id, reviewer_id, position),
    foreign key (nomination_id, reviewer_id) references core.review_assignment (nomination_id, reviewer_id)
);

create table core.decision (
    nomination_id bigint primary key references core.nomination,
    decision      text not null check (decision in ('appoint', 'reject', 'waitlist')),
    reason        text not null check (length(btrim(reason)) >= 2),
    status        text not null check (status in ('proposed', 'confirmed')),
    proposed_by   bigint not null references core.app_user,
    proposed_at   timestamptz not null default now(),
    confirmed_by  bigint references core.app_user,
    confirmed_at  timestamptz,
    constraint decision_four_eyes check (confirmed_by is null or confirmed_by <> proposed_by),
    constraint decision_confirmed check ((status = 'confirmed') = (confirmed_by is not null))
);

insert into core.constraint_message values
  ('review_score_score_check', '分数应为 0 至 100'),
  ('decision_reason_check', '决定须说明理由'),
  ('decision_decision_check', '决定应为 appoint（聘任）、reject（不予聘任）或 waitlist（候补）'),
  ('decision_four_eyes', '决定须由提出人以外的另一名管理员确认');

-- decision.confirm is in 008: confirming an appointment creates the advisor.

