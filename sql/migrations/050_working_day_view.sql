-- 050_working_day_view.sql - what core.working_day holds (sql/048), as a
-- view, so that the rule is written once: lib.working_days_rebuild
-- (calendar.sql) copies it after every calendar load.
create view core.working_day_count as
with years as (
    select y.year from core.calendar_year y
     where not exists (select 1 from generate_series((select min(year) from core.calendar_year), y.year) z(year)
                        where z.year not in (select year from core.calendar_year))),
     days as (
    select g.d::date as day, coalesce(c.kind = 'workday', extract(isodow from g.d) < 6) as working
      from generate_series((select make_date(min(year), 1, 1) from years),
                           (select make_date(max(year), 12, 31) from years), interval '1 day') g(d)
      left join core.calendar_day c on c.day = g.d::date)
select day, (sum(working::int) over (order by day))::int as n, working from days;
