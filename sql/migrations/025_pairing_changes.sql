-- 025_pairing_changes.sql - changing a pairing after it is accepted (P8,
-- P12), and who may see which pairs.
--
-- pairing.change  the tier's owner gives an enterprise another advisor, with
--                 a reason (an edit of the accepted proposal), or one to a
--                 listed enterprise that has none (a place refilled);
-- pairing.add     adds a specialist: a second advisor with a specialism the
--                 enterprise needs and its advisor lacks;
-- pairing.succeed a replacement's successor takes over the pairs of the
--                 advisor it replaces.
-- Each checks the same hard constraints as pairing.accept (tier, prefectures
-- served, conflicts of interest) and the capacity of two enterprises per
-- advisor, and says which one failed.  Ended pairs keep their dates and the
-- reason they ended.
--
-- An enterprise that leaves the list (removal, P12) leaves its pairs.
--
-- pairing.list now also answers advisors (their own pairs, and a group
-- leader their group's) and enterprise contacts (their enterprise's).
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/pairing.sql; what stays here is its tables and data.

alter table core.pairing
    add column role       text not null default 'primary' check (role in ('primary', 'specialist')),
    add column specialism text references core.specialism,
    add column reason     text not null default '',
    add column end_reason text not null default '',
    add column changed_by bigint references core.app_user,
    add constraint pairing_specialist check ((role = 'specialist') = (specialism is not null));

drop index core.pairing_current;

-- one (primary) advisor per enterprise at a time, in a year and tier
create unique index pairing_current on core.pairing (year, tier, enterprise_id)
    where until is null and role = 'primary';

create unique index pairing_current_pair on core.pairing (year, tier, enterprise_id, advisor_id)
    where until is null;

create index pairing_by_advisor on core.pairing (advisor_id) where until is null;

insert into core.constraint_message values
  ('pairing_current', '该企业本年度已有顾问'),
  ('pairing_current_pair', '该顾问已与该企业结对');
