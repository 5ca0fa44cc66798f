-- 004_privileges.sql - the application role reaches data only through api.*
--
-- rongpei_app may execute the functions in schema api and nothing else: no
-- table privileges, no access to core or m.  The api functions are
-- SECURITY DEFINER (owned by the migration owner) and so read and write on
-- its behalf.  Operator functions (api.operator_*) are for the owner only.
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/dispatch.sql; what stays here is its tables and data.

do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'rongpei_app') then
        create role rongpei_app login;
    end if;
end $$;

alter default privileges revoke execute on functions from public;

revoke all on schema core, m from public;

revoke all on all tables in schema core from public;

grant usage on schema api to rongpei_app;
