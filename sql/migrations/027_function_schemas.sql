-- 027_function_schemas.sql - the re-layout of sql/: from here on the
-- migrations hold tables, indexes, constraints and data only, and every
-- function, trigger function and trigger is defined once, in
-- sql/functions/<area>.sql, which every `rongpeid migrate` reloads into the
-- schemas that hold nothing else: lib (helpers), m (methods), api (what
-- the application role may execute) and op (operator commands).
--
-- A database made by the old layout has its helper functions in core
-- (beside the tables) and its methods in m and api.  They go here, with the
-- triggers that call them; the reload that follows in the same transaction
-- puts back their current definitions.  On a new database there is
-- nothing to drop.

do $$
declare
    f regprocedure;
begin
    for f in select p.oid from pg_proc p where p.pronamespace = 'core'::regnamespace loop
        execute format('drop function %s cascade', f);
    end loop;
end $$;
