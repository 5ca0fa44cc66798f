-- 047_forwarding_and_deadlines.sql - a question the bureau forwards to the
-- body concerned (a department or institution in the program), which
-- answers through its own users (P10); a referral's answer date may be
-- 待定 (null) while the calendar it falls in is not loaded, like every
-- deadline counted by lib.deadline; questions and complaints carry
-- attachments too.  Functions: questions.sql, financing.sql,
-- attachments.sql.
alter table core.question add column forwarded_to bigint references core.organisation;

alter table core.referral alter column due_on drop not null;

alter table core.attachment drop constraint attachment_object_kind_check,
    add constraint attachment_object_kind_check
        check (object_kind in ('service', 'plan', 'message', 'note', 'question', 'complaint'));

alter table core.question_event drop constraint question_event_kind_check,
    add constraint question_event_kind_check
        check (kind in ('asked', 'escalated', 'assigned', 'forwarded', 'answered', 'resolved', 'reopened'));
