-- core.sql - helpers every area uses: reference data (divisions), settings,
-- the caller's roles and scope, errors (lib.fail, lib.require) and the
-- audit object of a call.  Schema lib holds helpers, m the methods.

-- The prefecture a division belongs to (itself for a prefecture), or null.
create function lib.prefecture_of(p_code text) returns text
language sql stable as $$
    select case d.level when 'prefecture' then d.code
                        when 'county' then d.parent_code end
      from core.division d where d.code = p_code
$$;

create function lib.setting_int(p_name text) returns int
language sql stable as $$ select value::int from core.setting where name = p_name $$;

create function lib.org_check() returns trigger
language plpgsql as $$
declare
    v_level text;
begin
    select level into v_level from core.division where code = new.division_code;
    if new.kind = 'prefecture_office' and v_level <> 'prefecture' then
        perform lib.fail('INVALID', '市（州）金融办必须对应一个市（州）级行政区划代码');
    end if;
    if new.kind = 'bureau' and v_level <> 'province' then
        perform lib.fail('INVALID', '省局的行政区划代码应为 630000');
    end if;
    return new;
end $$;
create trigger organisation_check before insert or update on core.organisation
    for each row execute function lib.org_check();

-- A role must suit the user's organisation; a holder of one of the three
-- separated duties holds no other role.
create function lib.user_role_check() returns trigger
language plpgsql as $$
declare
    v_kind text;
    v_kinds text[];
    v_sep boolean;
begin
    select o.kind into v_kind from core.app_user u join core.organisation o on o.id = u.org_id
     where u.id = new.user_id;
    select org_kinds, separated into v_kinds, v_sep from core.role where name = new.role;
    if not v_kind = any (v_kinds) then
        perform lib.fail('INVALID', format('角色“%s”不适用于该类机构', (select label from core.role where name = new.role)));
    end if;
    if exists (select 1 from core.user_role ur join core.role r on r.name = ur.role
                where ur.user_id = new.user_id and ur.role <> new.role and (r.separated or v_sep)) then
        perform lib.fail('CONFLICT', '系统管理员、安全管理员、安全审计员三员分立：持有其一者不得再持有其他角色');
    end if;
    return new;
end $$;
create constraint trigger user_role_check after insert on core.user_role
    deferrable initially immediate
    for each row execute function lib.user_role_check();

-- Nobody, the owner included, updates or deletes audit records.
create function lib.audit_append_only() returns trigger
language plpgsql as $$
begin
    perform lib.fail('REFUSED', '审计记录只能追加，不能修改或删除');
end $$;
create trigger audit_no_update before update or delete on core.audit
    for each row execute function lib.audit_append_only();
create trigger audit_no_truncate before truncate on core.audit
    for each statement execute function lib.audit_append_only();

-- The code of a status named as in proto/rongpei.proto (enum Status),
-- from core.status, which every migrate writes from the build.  An
-- unknown name is a fault (and the migrate refuses any literal name that
-- is not in core.status: lib.registry_problems).
create function lib.status(p_name text) returns int
language plpgsql stable as $$
declare
    v int;
begin
    select code into v from core.status where name = p_name;
    if v is null then
        raise exception 'unknown status %', p_name;
    end if;
    return v;
end $$;

-- Raise a protocol error: lib.fail('REFUSED', '...') -> SQLSTATE RP003,
-- answered by api.dispatch as that status with the message.  The detail,
-- when given, is further text for the user (a file's bad rows, one a line).
create function lib.fail(p_status text, p_message text, p_detail text default '') returns void
language plpgsql as $$
begin
    raise exception using errcode = 'RP' || lpad(lib.status(p_status)::text, 3, '0'), message = p_message,
                          detail = coalesce(p_detail, '');
end $$;

-- An instant as the protocol writes it: RFC 3339 in Beijing time, to the
-- second, 2026-12-01T14:05:09+08:00 (docs/protocol.md "Value formats").
-- Calendar dates are YYYY-MM-DD, the Beijing day.
create function lib.time_text(t timestamptz) returns text
language sql stable as $$ select to_char(t at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"') $$;

-- A gender given with an identity number must be the one the number's 17th
-- digit says (odd: 男, even: 女; the server derives it as <field>_sex).
create function lib.check_gender(p_gender text, p_from_number text) returns void
language plpgsql immutable as $$
begin
    if coalesce(p_gender, '') <> '' and coalesce(p_from_number, '') <> '' and p_gender <> p_from_number then
        perform lib.fail('INVALID', format('性别“%s”与身份证号不符：身份证号第 17 位为%s数，应为%s',
                                           p_gender, case p_from_number when '男' then '奇' else '偶' end, p_from_number));
    end if;
end $$;

-- ------------------------------------------------------------------ the program's clock
--
-- The program's day is Beijing's (Asia/Shanghai, no daylight saving): every
-- api function runs with timezone Asia/Shanghai, and days are taken from
-- lib.today(), never from the server's or the session's zone.  Tests move
-- the clock with the setting clock_offset (an interval; empty, as in
-- production, is none), so that a call can happen at 00:30 on 1 January.
create function lib.now() returns timestamptz
language sql stable as $$
    select now() + coalesce(nullif((select value from core.setting where name = 'clock_offset'), '')::interval,
                            interval '0')
$$;

create function lib.today() returns date
language sql stable as $$ select (lib.now() at time zone 'Asia/Shanghai')::date $$;

-- The last day of a one-year term from p_start: the day before the same
-- date a year later (2026-12-01 to 2027-11-30; 2028-02-29 to 2029-02-28).
create function lib.year_end(p_start date) returns date
language sql immutable as $$ select ((p_start - 1) + interval '1 year')::date $$;

-- ------------------------------------------------------------------ pages of lists
--
-- Every list method answers one page (docs/protocol.md "Lists"): the rows
-- whose key (lib.page_key of the row's sort columns) is after the
-- caller's cursor, in key order, at most lib.page_limit rows; its next is
-- the cursor of the last row when more follow.  A list method selects
-- limit + 1 rows, in key order, and hands them to lib.page:
--
--     select lib.page('orgs', jsonb_agg(lib.org_json(x.id) order by x.k),
--                     array_agg(x.k order by x.k), lib.page_limit(a))
--       from (select o.id, lib.page_key(o.name, lib.page_num(o.id)) k
--               from core.organisation o where … and … > lib.page_after(a)
--              order by k limit lib.page_limit(a) + 1) x

-- The page size asked for: 0 = 100, at most 1000.
create function lib.page_limit(a jsonb) returns int
language plpgsql stable as $$
declare
    v int := coalesce((a->>'limit')::int, 0);
begin
    if v < 0 or v > 1000 then
        perform lib.fail('INVALID', '每页条数应为 1 至 1000（--limit）');
    end if;
    return case v when 0 then 100 else v end;
end $$;

-- The key after which the page starts ('' = the first page), from the
-- caller's opaque cursor.
create function lib.page_after(a jsonb) returns core.page_key
language plpgsql stable as $$
declare
    v text := coalesce(a->>'after', '');
begin
    if v = '' then
        return '';
    end if;
    return convert_from(decode(v, 'base64'), 'UTF8');
exception when others then
    perform lib.fail('INVALID', '分页游标无效：请从第一页重新读取（不带 after）');
end $$;

-- A sort key from the row's sort columns, in order (nulls as empty).
-- Numbers go in through lib.page_num or lib.page_desc so that they sort.
create function lib.page_key(variadic p text[]) returns core.page_key
language sql immutable as $$
    select string_agg(coalesce(x, ''), E'\x01' order by i)::core.page_key
      from unnest(p) with ordinality t(x, i)
$$;

-- A non-negative number as a key part that sorts ascending (ids, years).
create function lib.page_num(n bigint) returns text
language sql immutable as $$ select lpad(n::text, 19, '0') $$;

-- A number or an instant as a key part that sorts descending (newest first).
create function lib.page_desc(n bigint) returns text
language sql immutable as $$ select lpad((9223372036854775807 - n)::text, 19, '0') $$;

create function lib.page_desc(t timestamptz) returns text
language sql immutable as $$ select lib.page_desc((extract(epoch from t) * 1000000)::bigint) $$;

-- The page: the first p_limit of p_rows under p_field, and next.
create function lib.page(p_field text, p_rows jsonb, p_keys core.page_key[], p_limit int) returns jsonb
language sql immutable as $$
    select jsonb_build_object(
        p_field, coalesce((select jsonb_agg(e order by i) from jsonb_array_elements(p_rows) with ordinality t(e, i)
                            where i <= p_limit), '[]'),
        'next', case when coalesce(cardinality(p_keys), 0) > p_limit
                     then translate(encode(convert_to(p_keys[p_limit], 'UTF8'), 'base64'), E'\n', '')
                     else '' end)
$$;

-- ------------------------------------------------------------------ scope
--
-- ctx (built by api.dispatch) carries: user_id, username, org_id, org_kind,
-- office_id, prefecture, roles, scope, request_id.  scope is the widest of
-- the caller's roles: province > prefecture > org > office > self.
create function lib.scope_of(p_roles text[]) returns text
language sql immutable as $$
    select case
        when p_roles && '{bureau_admin,bureau_staff,system_admin,security_admin,audit_admin}' then 'province'
        when p_roles && '{prefecture_staff}' then 'prefecture'
        when p_roles && '{institution_admin}' then 'org'
        when p_roles && '{institution_staff}' then 'office'
        else 'self' end
$$;

create function lib.has_role(ctx jsonb, p_role text) returns boolean
language sql immutable as $$ select ctx->'roles' ? p_role $$;

-- May the caller see organisation p_org?
create function lib.sees_org(ctx jsonb, p_org bigint) returns boolean
language sql stable as $$
    select case ctx->>'scope'
        when 'province' then true
        when 'prefecture' then exists (select 1 from core.organisation o
                                        where o.id = p_org
                                          and lib.prefecture_of(o.division_code) = ctx->>'prefecture')
        else p_org = (ctx->>'org_id')::bigint end
$$;

-- May the caller see user (p_org, p_office, p_user)?
create function lib.sees_user(ctx jsonb, p_org bigint, p_office bigint, p_user bigint) returns boolean
language sql stable as $$
    select case ctx->>'scope'
        when 'office' then p_org = (ctx->>'org_id')::bigint
                           and p_office is not distinct from nullif(ctx->>'office_id', '')::bigint
        when 'self' then p_user = (ctx->>'user_id')::bigint
        else lib.sees_org(ctx, p_org) end
$$;

-- May the caller administer users of organisation p_org?  Bureau-level
-- administrators everywhere, an institution administrator in their own.
create function lib.admins_org(ctx jsonb, p_org bigint) returns boolean
language sql stable as $$
    select lib.has_role(ctx, 'bureau_admin') or lib.has_role(ctx, 'security_admin')
        or lib.has_role(ctx, 'system_admin')
        or (lib.has_role(ctx, 'institution_admin') and p_org = (ctx->>'org_id')::bigint)
$$;

create function lib.require(p_ok boolean, p_message text) returns void
language plpgsql as $$
begin
    if p_ok is not true then
        perform lib.fail('REFUSED', p_message);
    end if;
end $$;

create function lib.set_object(p_object text) returns void
language sql as $$ select set_config('rongpei.object', p_object, true) $$;

-- ------------------------------------------------------------------ views as JSON
create function lib.org_json(p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', o.id, 'kind', o.kind, 'name', o.name, 'short_name', o.short_name,
        'inst_type', coalesce(o.inst_type, ''), 'division_code', o.division_code,
        'credit_code', coalesce(o.credit_code, ''), 'disabled', o.disabled,
        'created_at', lib.time_text(o.created_at),
        'offices', (select count(*) from core.office f where f.org_id = o.id and not f.disabled),
        'users', (select count(*) from core.app_user u where u.org_id = o.id and not u.disabled))
      from core.organisation o where o.id = p_id
$$;

create function lib.office_json(p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object('id', f.id, 'org_id', f.org_id, 'org_name', o.name, 'name', f.name,
                              'county_code', coalesce(f.county_code, ''), 'disabled', f.disabled)
      from core.office f join core.organisation o on o.id = f.org_id where f.id = p_id
$$;

create function lib.user_json(p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', u.id, 'org_id', u.org_id, 'org_name', o.name,
        'office_id', coalesce(u.office_id, 0), 'office_name', coalesce(f.name, ''),
        'username', u.username, 'display_name', u.display_name,
        'mobile', coalesce(u.mobile_masked, ''),
        'roles', coalesce((select jsonb_agg(r.role order by r.role) from core.user_role r
                            where r.user_id = u.id), '[]'),
        'disabled', u.disabled, 'must_change_password', u.must_change,
        'locked', coalesce(u.locked_until > now(), false),
        'last_login', coalesce(lib.time_text(u.last_login), ''))
      from core.app_user u join core.organisation o on o.id = u.org_id
      left join core.office f on f.id = u.office_id
     where u.id = p_id
$$;

create function lib.cert_json(p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', c.id, 'org_id', c.org_id, 'org_name', o.name, 'fingerprint', c.fingerprint,
        'subject', c.subject, 'serial', c.serial,
        'not_before', coalesce(to_char(c.not_before at time zone 'Asia/Shanghai', 'YYYY-MM-DD'), ''),
        'not_after', coalesce(to_char(c.not_after at time zone 'Asia/Shanghai', 'YYYY-MM-DD'), ''),
        'revoked', c.revoked_at is not null,
        'revoked_at', coalesce(lib.time_text(c.revoked_at), ''),
        'revoke_reason', coalesce(c.revoke_reason, ''))
      from core.certificate c join core.organisation o on o.id = c.org_id where c.id = p_id
$$;
