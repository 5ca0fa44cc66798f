-- 041_cultivation_end.sql - an enterprise leaves the program after its one
-- or two years (P20) with a reason: graduated, financing obtained, or
-- another stated reason.  (Removal for cause, P12, is sql/021's path.)
-- The list's owner records it; the entry is marked left, which ends the
-- enterprise's pairs of that tier (sql/025) and so their agreements.
-- Functions: sql/functions/keylist.sql.
create table core.cultivation_end (
    id          bigserial primary key,
    entry_id    bigint not null unique references core.key_enterprise,
    reason      text not null check (reason in ('graduated', 'financing_obtained', 'other')),
    account     text not null check (length(btrim(account)) between 4 and 2000),
    recorded_by bigint not null references core.app_user,
    recorded_at timestamptz not null default now()
);

alter table core.key_enterprise drop constraint key_enterprise_status_check,
    add constraint key_enterprise_status_check check (status in ('listed', 'removed', 'left'));

insert into core.constraint_message values
  ('cultivation_end_account_check', '请写明情况（4 至 2000 个字符，--account）'),
  ('cultivation_end_entry_id_key', '该企业本年度已结束培育');
