-- 032_calendar.sql - the program's calendar (issue 11): Beijing's day,
-- one-year terms that end the day before the anniversary, and an early
-- extension that leaves the certificate in force valid until its end.
--
-- * clock_offset: an interval lib.now() adds to the clock (tests only: a
--   test moves the program to 00:30 on 1 January; empty in production).
-- * A term ran to the anniversary itself (2026-12-01 to 2027-12-01); it
--   ends the day before (2027-11-30).  A later term that began on the old
--   end keeps its start, so the terms still follow each other.
-- * An advisor may hold a term in force and the next one, issued early:
--   the terms of an advisor that are not ended or revoked may not
--   overlap (instead of "one current term").
-- * Pairings are dated by the functions (lib.today()), not by the
--   session's day.

insert into core.setting (name, value, note)
values ('clock_offset', '', 'tests only: an interval added to the program''s clock; empty in production');

create extension if not exists btree_gist with schema public;

update core.advisor_term set term_end = term_end - 1
 where term_end = (term_start + interval '1 year')::date;

drop index core.advisor_one_current_term;
alter table core.advisor_term
    add constraint advisor_term_no_overlap
    exclude using gist (advisor_id with =, daterange(term_start, term_end, '[]') with &&) where (status = 'current');
alter table core.advisor_term drop constraint advisor_term_check;
alter table core.advisor_term add constraint advisor_term_check check (term_end >= term_start);

alter table core.pairing alter column since drop default;

-- A pairing that serves every listed enterprise is a proposal to accept,
-- even when there are fewer enterprises than advisors: the advisors left
-- without one are kept with the reason (issue 11).
alter table core.pairing_proposal add column idle jsonb not null default '[]';
comment on column core.pairing_proposal.complete is 'every listed enterprise has an advisor (acceptable)';

-- Leaving a group is dated and says why (an appointment ending, a move).
alter table core.group_membership add column end_reason text not null default '';
alter table core.group_membership add column left_as_leader boolean not null default false;
