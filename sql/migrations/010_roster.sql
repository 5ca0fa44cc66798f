-- 010_roster.sql - the public roster of appointed advisors (P3 公布):
-- each publication is a numbered, immutable snapshot (name, institution,
-- specialisms, certificate, term — never identity numbers or mobiles),
-- audited like every change.
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/roster.sql; what stays here is its tables and data.

create table core.roster_publication (
    tier            text not null check (tier in ('province', 'prefecture')),
    scope           text not null,          -- 'province' or the prefecture code
    version         int not null,
    title           text not null,
    note            text not null default '',
    content         jsonb not null,
    published_by    bigint not null references core.app_user,
    published_at    timestamptz not null default now(),
    primary key (scope, version)
);
