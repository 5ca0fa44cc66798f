-- 031_lockout_seconds.sql - how long a lock lasts, in seconds (was whole
-- minutes): the same 15 minutes by default, and a short lock can be set
-- where one is wanted (the tests watch a lock lift by itself).
insert into core.setting (name, value, note)
select 'lockout_seconds', (value::int * 60)::text, 'how long a locked account stays locked, in seconds'
  from core.setting where name = 'lockout_minutes';
delete from core.setting where name = 'lockout_minutes';
