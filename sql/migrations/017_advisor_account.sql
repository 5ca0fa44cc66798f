-- 017_advisor_account.sql - an appointed advisor's own account: the
-- advisor's institution (or the bureau) links a user of that institution
-- holding the advisor role to the advisor.  Linked, the advisor sees their
-- own record, terms and certificate (advisor.list, advisor.history,
-- certificate.document) and their term ending in the inbox.
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/appointment.sql; what stays here is its tables and data.

create unique index advisor_one_account on core.advisor (user_id)
    where user_id is not null and status <> 'ended';

insert into core.constraint_message values
  ('advisor_one_account', '该用户账户已关联另一名在聘顾问');
