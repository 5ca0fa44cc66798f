-- 004_privileges.sql - the application role reaches data only through api.*
--
-- rongpei_app may execute the functions in schema api and nothing else: no
-- table privileges, no access to core or m.  The api functions are
-- SECURITY DEFINER (owned by the migration owner) and so read and write on
-- its behalf.  Operator functions (api.operator_*) are for the owner only.

do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'rongpei_app') then
        create role rongpei_app login;
    end if;
end $$;

alter default privileges revoke execute on functions from public;
revoke all on schema core, m from public;
revoke all on all tables in schema core from public;
revoke all on all functions in schema core, m, api from public;
grant usage on schema api to rongpei_app;
grant execute on function api.dispatch(text, text, text, text[], int, text, text, text, text, jsonb),
                          api.gate(text, text, text, text[], int, text, text),
                          api.login_lookup(text), api.password_lookup(text), api.housekeeping()
    to rongpei_app;

-- The schema version the database is at (rongpeid refuses to serve a
-- database that is older or newer than it was built for).
create function api.schema_version() returns int
language sql stable security definer set search_path = pg_catalog, pg_temp as $$
    select coalesce(max(version), 0) from rongpei_meta.migration
$$;
revoke all on function api.schema_version() from public;
grant execute on function api.schema_version() to rongpei_app;
