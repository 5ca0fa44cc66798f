-- privileges.sql - what the application role may do, applied after every
-- reload of sql/functions (server/migrate.c).
--
-- rongpei_app may execute the functions in schema api and nothing else: no
-- table privileges, no access to core, lib, m or op.  The api functions are
-- SECURITY DEFINER (owned by the migration owner) and so read and write on
-- its behalf, each with its own checks (docs/security.md).

revoke all on schema lib, m, api, op from public;
revoke all on all functions in schema lib, m, api, op from public;
grant usage on schema api to rongpei_app;
grant execute on all functions in schema api to rongpei_app;
