-- 033_keylist_targets.sql - a prefecture's recommendations beyond its target
-- in a key-enterprise round need a reason, kept with each of them (issue 11).
alter table core.recommendation add column over_target_reason text;
