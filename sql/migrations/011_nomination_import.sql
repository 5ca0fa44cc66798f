-- 011_nomination_import.sql - one set of checks for every way a draft is
-- made: a single draft (nomination.draft), a row of a file
-- (nomination.import) and a correction (nomination.update).
--
-- A file is imported whole or not at all: every row is checked (plus: the
-- office named in the file, duplicates within the file and against
-- advisors in office); the answer lists every bad row with its line and
-- reason.  A correction re-checks the whole draft and makes a returned
-- nomination a draft again.
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/intake.sql; what stays here is its tables and data.

insert into core.constraint_message values
  ('nomination_person_key_file', '与文件中的另一行或本轮已有提名重复（同一身份证号）');
