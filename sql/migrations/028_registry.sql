-- 028_registry.sql - the method registry and the status codes, in the
-- database.
--
-- Both tables are written by every `rongpeid migrate` from the build that
-- runs it (server/registry.c): core.method from the registry in
-- common/methods.c, core.status from enum Status in proto/rongpei.proto.
-- api.dispatch looks every call up in core.method and takes no roles or
-- flags from its caller; lib.fail and lib.status take status names, which
-- the migrate checks against core.status in every function body.

create table core.status (
    code int primary key check (code between 0 and 99),
    name text not null unique check (name ~ '^[A-Z_]+$')
);

create table core.method (
    name               text primary key check (name ~ '^[a-z]+\.[a-z_]+$'),
    request            text not null,
    reply              text not null,
    flow               text not null check (flow in ('plain', 'hello', 'login', 'password', 'meta', 'solve')),
    anonymous          boolean not null,
    mutating           boolean not null,
    audited            boolean not null,    -- a sensitive read or session event (mutating ones always are)
    password_change_ok boolean not null,    -- callable while a password change is pending
    roles              text[] not null,     -- '{*}': any logged-in user; '{}': anonymous
    transforms         text not null,
    scope              text not null,
    summary            text not null,
    constraint method_anonymous_roles check (anonymous = (roles = '{}'))
);

-- The validity of client certificates signed by cert.issue (days).
insert into core.setting values
  ('cert_days_default', '365', 'validity of a client certificate when cert.issue names none (days)'),
  ('cert_days_max', '825', 'the longest validity cert.issue signs (days)');
