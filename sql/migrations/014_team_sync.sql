-- 014_team_sync.sql - a prefecture office (or the bureau, for the
-- provincial team) keeps its advisor team in a file, changes it offline and
-- sends the changes with team.sync, which answers with the whole team as it
-- is now (P4; docs/protocol.md "Team sync").
--
--  * Every change carries a change id chosen by the client when it was
--    queued.  A change id is applied once: sending it again (the link
--    dropped before the answer came) returns the recorded outcome.
--  * An update or retirement carries the version of the record the office
--    last saw.  If the record has changed on the server since, the change
--    is not applied: it is recorded as a conflict, and stays open until a
--    later change settles it (resolves = its id): the office's own values
--    sent again against the new version, or "dismiss" to keep the server's.
--  * A new member is a candidate: the row becomes a nomination submitted to
--    the office's open round within the institution's quota, reviewed and
--    confirmed like any other.
--  * Each change is its own subtransaction: one bad row is answered
--    "rejected" with the reason and the rest still apply.
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/intake.sql, sql/functions/team.sql; what stays here is its tables and data.

create table core.sync_change (
    change_id     uuid primary key,
    user_id       bigint not null references core.app_user,
    org_id        bigint not null references core.organisation,
    op            text not null check (op in ('add', 'update', 'retire', 'dismiss')),
    advisor_id    bigint references core.advisor,
    nomination_id bigint references core.nomination,
    outcome       text not null check (outcome in ('applied', 'conflict', 'rejected')),
    message       text not null default '',
    line          int,
    resolved_by   uuid,
    created_at    timestamptz not null default now()
);

create index sync_change_open on core.sync_change (org_id)
    where outcome = 'conflict' and resolved_by is null;
