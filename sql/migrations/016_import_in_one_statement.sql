-- 016_import_in_one_statement.sql - a clean nomination file is stored by
-- one INSERT ... SELECT instead of one subtransaction per row.
--
-- The rules stay where they are (core.check_draft and the table's
-- constraints).  core.import_problems answers one question, set-based:
-- would check_draft refuse any row?  If not, the rows go in with one
-- statement, and the constraints still stand guard; if anything refuses
-- (a problem, or a constraint during the insert), the file goes the old
-- way, row by row, so that every bad row is named with its reason.
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/intake.sql; what stays here is its tables and data.

-- The quota key (round, institution) already guarantees that both exist:
-- the two single-column keys only cost a check per inserted row.
alter table core.nomination drop constraint nomination_round_id_fkey,
                            drop constraint nomination_org_id_fkey;
