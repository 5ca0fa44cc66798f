-- 046_calendar_versions.sql - a year's schedule is versioned: a corrected
-- notice is loaded as the next version, the one it replaces kept here, and
-- the open deadlines counted by it are counted again (calendar.load says
-- which moved).  Functions: sql/functions/calendar.sql.
alter table core.calendar_year add column version int not null default 1;

create table core.calendar_version (
    year      int not null,
    version   int not null,
    source    text not null,
    loaded_at timestamptz not null,
    days      jsonb not null,          -- [{day, kind, name}] as that version had them
    replaced_at timestamptz not null default now(),
    primary key (year, version)
);
