-- 048_working_day_index.sql - deadlines in working days by index lookups:
-- every day of the loaded years (from the first, while the years follow
-- each other) with the count of working days up to and including it.  The
-- N-th working day after a day is the working day whose count is N more;
-- a day past the last loaded year is not here, so its deadline is 待定.
-- Rebuilt by calendar.load (lib.working_days_rebuild, calendar.sql); filled
-- here for the years already loaded.
create table core.working_day (
    day     date primary key,
    n       int not null,
    working boolean not null
);
create unique index working_day_n on core.working_day (n) where working;

with years as (
    select y.year from core.calendar_year y
     where not exists (select 1 from generate_series((select min(year) from core.calendar_year), y.year) z(year)
                        where z.year not in (select year from core.calendar_year))),
     days as (
    select g.d::date as day, coalesce(c.kind = 'workday', extract(isodow from g.d) < 6) as working
      from generate_series((select make_date(min(year), 1, 1) from years),
                           (select make_date(max(year), 12, 31) from years), interval '1 day') g(d)
      left join core.calendar_day c on c.day = g.d::date)
insert into core.working_day (day, n, working)
select day, sum(working::int) over (order by day), working from days;
