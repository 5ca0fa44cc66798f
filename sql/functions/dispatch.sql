-- dispatch.sql - api.dispatch, the one entry point every call goes through,
-- the functions around login, and what the server checks at start.
--
-- api.dispatch runs, in this order and in one transaction:
--   1. the client certificate: registered, unrevoked, unexpired, its
--      organisation enabled;
--   2. the session (unless the method is anonymous): exists, not idle too
--      long, user enabled, user of the certificate's organisation, password
--      not due for a change (unless the method is allowed meanwhile);
--   3. the role gate: the caller holds one of the roles the method allows;
--   4. idempotency: a mutating call whose key was already answered gets the
--      stored answer and changes nothing;
--   5. the method function m.<name>(ctx, args), in a subtransaction so that a
--      failure undoes its changes but keeps the audit record;
--   6. the audit record and, for mutating calls, the idempotency record.

-- Build the answer object the server turns into a Response.
create function lib.answer(p_status int, p_message text, p_body jsonb) returns jsonb
language sql immutable as $$
    select jsonb_build_object('status', p_status, 'message', coalesce(p_message, ''),
                              'body', coalesce(p_body, '{}'::jsonb))
$$;

-- Map an error raised inside a method to an answer.  The detail of a
-- protocol error (lib.fail) is for the user; that of a fault (INTERNAL)
-- for the operator: the server logs it and does not send it.
create function lib.error_answer(p_state text, p_message text, p_constraint text, p_detail text default '')
returns jsonb
language plpgsql stable as $$
declare
    v_text text;
begin
    if p_state like 'RP0%' then
        return lib.answer(substr(p_state, 3)::int, p_message, null)
               || jsonb_build_object('detail', coalesce(p_detail, ''));
    end if;
    select message into v_text from core.constraint_message where name = p_constraint;
    case
    when p_state = '23505' then
        return lib.answer(lib.status('CONFLICT'), coalesce(v_text, '与已有记录重复'), null);
    when p_state in ('23503', '23514', '23502', '23P01') then
        return lib.answer(lib.status('INVALID'), coalesce(v_text, '数据不符合规则：' || coalesce(p_constraint, p_message)), null);
    when p_state like '22%' then
        return lib.answer(lib.status('INVALID'), '字段取值不正确', null)
               || jsonb_build_object('detail', p_message);
    when p_state = 'P0002' then
        return lib.answer(lib.status('NOT_FOUND'), '对象不存在', null);
    when p_state = '40001' or p_state = '40P01' then
        return lib.answer(lib.status('UNAVAILABLE'), '并发冲突，请重试', null) || '{"retryable": true}';
    else
        return lib.answer(lib.status('INTERNAL'), '服务器内部错误', null)
               || jsonb_build_object('detail', p_state || ': ' || p_message);
    end case;
end $$;

create function lib.audit_write(p_user bigint, p_username text, p_org bigint, p_method text,
                                 p_object text, p_status int, p_request_id text,
                                 p_peer text, p_detail text) returns void
language sql as $$
    insert into core.audit (user_id, username, org_id, method, object, status, request_id, peer, detail)
    values (p_user, p_username, p_org, p_method, coalesce(p_object, ''), p_status,
            coalesce(p_request_id, ''), coalesce(p_peer, ''), left(coalesce(p_detail, ''), 500))
$$;

-- Steps 1-3 of a call: certificate, session, role gate, for the method as
-- the registry (core.method) describes it.  Returns {"ctx": ...,
-- "user_id", "username", "org_id"} when the caller may go on, or
-- {"answer": ...} with the refusal (already audited).
create function lib.check_caller(mt core.method, p_session text, p_cert text, p_request_id text,
                                 p_peer text)
returns jsonb
language plpgsql as $$
declare
    c record;
    s record;
    u record;
    o record;
    ctx jsonb;
    v_roles text[];
begin
    -- 1. certificate
    select cert.*, og.disabled as org_disabled, og.name as org_name into c
      from core.certificate cert join core.organisation og on og.id = cert.org_id
     where cert.fingerprint = p_cert;
    if not found or c.revoked_at is not null or c.not_after < now() or c.org_disabled then
        perform lib.audit_write(null, null, c.org_id, mt.name, 'certificate:' || left(coalesce(p_cert, ''), 16),
                                lib.status('CERTIFICATE'), p_request_id, p_peer,
                                case when c.id is null then 'unknown certificate'
                                     when c.revoked_at is not null then 'revoked certificate'
                                     when c.org_disabled then 'organisation disabled'
                                     else 'expired certificate' end);
        return jsonb_build_object('answer', lib.answer(lib.status('CERTIFICATE'),
            '客户端证书未登记、已吊销或已过期，或其所属机构已停用', null));
    end if;
    ctx := jsonb_build_object('cert_org_id', c.org_id, 'cert_org_name', c.org_name,
                              'cert_fp', p_cert, 'request_id', p_request_id, 'peer', p_peer,
                              'roles', '[]'::jsonb, 'scope', 'none');
    if mt.anonymous then
        return jsonb_build_object('ctx', ctx, 'org_id', c.org_id);
    end if;

    -- 2. session: a non-anonymous method is never reached without a live one
    select * into s from core.session where token_hash = p_session;
    if found and s.last_seen < now() - make_interval(mins => lib.setting_int('session_idle_minutes')) then
        delete from core.session where token_hash = p_session;
        perform lib.audit_write(s.user_id, null, c.org_id, mt.name, '', lib.status('UNAUTHENTICATED'),
                                p_request_id, p_peer, 'session expired');
        return jsonb_build_object('answer', lib.answer(lib.status('UNAUTHENTICATED'), '会话已超时，请重新登录', null));
    end if;
    if not found then
        return jsonb_build_object('answer', lib.answer(lib.status('UNAUTHENTICATED'),
            '尚未登录或会话已失效，请先登录（rongpei login）', null));
    end if;
    select * into u from core.app_user where id = s.user_id;
    if u.disabled then
        delete from core.session where user_id = u.id;
        return jsonb_build_object('answer', lib.answer(lib.status('UNAUTHENTICATED'), '账户已停用', null));
    end if;
    if u.org_id <> c.org_id then
        perform lib.audit_write(u.id, u.username, c.org_id, mt.name, '', lib.status('REFUSED'), p_request_id,
                                p_peer, 'certificate of another organisation');
        return jsonb_build_object('answer',
            lib.answer(lib.status('REFUSED'), '该客户端证书属于其他机构；用户只能通过本机构的证书操作', null));
    end if;
    select og.kind, og.division_code into o from core.organisation og where og.id = u.org_id;
    select coalesce(array_agg(role order by role), '{}') into v_roles
      from core.user_role where user_id = u.id;
    ctx := ctx || jsonb_build_object(
        'user_id', u.id, 'username', u.username, 'org_id', u.org_id, 'org_kind', o.kind,
        'office_id', coalesce(u.office_id::text, ''),
        'prefecture', coalesce(lib.prefecture_of(o.division_code), ''),
        'roles', to_jsonb(v_roles), 'scope', lib.scope_of(v_roles),
        'session', p_session);
    if not mt.password_change_ok and (u.must_change or u.password_changed_at <
                       now() - make_interval(days => lib.setting_int('password_max_age_days'))) then
        return jsonb_build_object('answer',
            lib.answer(lib.status('PASSWORD_CHANGE'), '密码须先修改（首次登录或密码已到期）：请运行 rongpei passwd', null));
    end if;

    -- 3. role gate
    if mt.roles <> '{*}' and not (v_roles && mt.roles) then
        perform lib.audit_write(u.id, u.username, c.org_id, mt.name, '', lib.status('REFUSED'), p_request_id,
                                p_peer, 'role not permitted');
        return jsonb_build_object('answer', lib.answer(lib.status('REFUSED'), '当前账户的角色无权执行此操作', null));
    end if;
    -- a read stays a read: last_seen moves at most once a minute (the idle
    -- timeout is exact to within that minute)
    if s.last_seen < now() - interval '1 minute' then
        update core.session set last_seen = now() where token_hash = p_session;
    end if;
    return jsonb_build_object('ctx', ctx, 'user_id', u.id, 'username', u.username, 'org_id', c.org_id);
end $$;

-- The method's registry row, or null.
create function lib.method(p_name text) returns core.method
language sql stable as $$ select * from core.method where name = p_name $$;

-- The gate alone, for calls whose preparation is expensive (password
-- hashing, sealing, certificate signing): the server asks before doing
-- that work, so a caller outside the method's roles cannot make it work.
-- A method may have a prepare step, m.<method>_prepare(ctx, args), whose
-- answer the server uses for that work (cert.issue: the days to sign for);
-- args are sent for small bodies only.
create function api.gate(p_method text, p_session text, p_cert text, p_request_id text, p_peer text,
                         p_args jsonb)
returns jsonb
language plpgsql security definer set search_path = pg_catalog, pg_temp set timezone = 'Asia/Shanghai' as $$
declare
    mt core.method := lib.method(p_method);
    v jsonb;
    v_fn text := 'm.' || replace(p_method, '.', '_') || '_prepare';
    v_prep jsonb;
    v_state text;
    v_msg text;
    v_detail text;
begin
    if mt.name is null then
        return lib.answer(lib.status('INVALID'), '未知方法', null);
    end if;
    v := lib.check_caller(mt, p_session, p_cert, p_request_id, p_peer);
    if v ? 'answer' then
        return v->'answer';
    end if;
    if to_regprocedure(v_fn || '(jsonb,jsonb)') is not null then
        begin
            execute format('select %s($1, $2)', v_fn) using v->'ctx', coalesce(p_args, '{}') into v_prep;
        exception when others then
            get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text,
                                    v_detail = pg_exception_detail;
            return lib.error_answer(v_state, v_msg, null, v_detail);
        end;
    end if;
    return lib.answer(lib.status('OK'), '', null) || jsonb_build_object('prepare', coalesce(v_prep, '{}'));
end $$;

create function api.dispatch(p_method text, p_session text, p_cert text, p_idem text,
                             p_request_hash text, p_request_id text, p_peer text, p_args jsonb)
returns jsonb
language plpgsql security definer set search_path = pg_catalog, pg_temp set timezone = 'Asia/Shanghai' as $$
declare
    mt core.method := lib.method(p_method);
    v jsonb;
    i record;
    ctx jsonb;
    res jsonb;
    v_state text;
    v_msg text;
    v_constraint text;
    v_detail text;
    v_note text;                    -- for the audit record only (_audit)
    v_status int;
    v_object text;
    v_user bigint;
    v_username text;
    v_org bigint;
begin
    if mt.name is null or mt.flow = 'meta' then
        return lib.answer(lib.status('INVALID'), '未知方法', null);
    end if;

    -- 1-3. certificate, session, role gate
    v := lib.check_caller(mt, p_session, p_cert, p_request_id, p_peer);
    v_user := (v->>'user_id')::bigint;
    v_username := v->>'username';
    v_org := (v->>'org_id')::bigint;
    if v ? 'answer' then
        return (v->'answer') || jsonb_build_object('user_id', coalesce(v_user, 0), 'org_id', coalesce(v_org, 0));
    end if;
    ctx := v->'ctx';

    -- 4. idempotency: two calls with one key wait for each other here
    if mt.mutating then
        if p_idem is null or p_idem !~ '^[A-Za-z0-9._:-]{8,128}$' then
            return lib.answer(lib.status('INVALID'),
                '修改类请求必须带幂等键：8 至 128 个字母、数字或 . _ : -', null);
        end if;
        perform pg_advisory_xact_lock(hashtextextended(v_user::text || ':' || p_idem, 0));
        select * into i from core.idempotency where user_id = v_user and key = p_idem;
        if found then
            if i.method <> p_method or i.request_hash <> p_request_hash then
                return lib.answer(lib.status('CONFLICT'), '该幂等键已用于另一个请求', null);
            end if;
            return i.response || '{"replayed": true}';
        end if;
    end if;

    -- 5. the method
    begin
        execute format('select m.%I($1, $2)', replace(p_method, '.', '_')) using ctx, p_args into res;
        v_object := current_setting('rongpei.object', true);
        if res ? '_user_id' then
            v_user := (res->>'_user_id')::bigint;
            v_username := lower(p_args->>'username');
        end if;
        v_note := res->>'_audit';
        if res ? '_status' then
            res := lib.answer((res->>'_status')::int, res->>'_message', null)
                   || jsonb_build_object('detail', coalesce(res->>'_detail', ''));
        else
            res := lib.answer(lib.status('OK'), '', res - '_user_id' - '_audit');
        end if;
    exception when others then
        get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text,
                                v_constraint = constraint_name, v_detail = pg_exception_detail;
        res := lib.error_answer(v_state, v_msg, v_constraint, v_detail);
    end;
    v_status := (res->>'status')::int;

    -- 6. audit and idempotency records: every answer of the method binds
    -- the key, but a fault (INTERNAL), which may succeed when retried
    if mt.mutating or mt.audited or v_status in (lib.status('UNAUTHENTICATED'), lib.status('REFUSED'),
                                                 lib.status('CERTIFICATE')) then
        perform lib.audit_write(v_user, v_username, v_org, p_method,
                                coalesce(nullif(v_object, ''),
                                         (select string_agg(k || ':' || (p_args->>k), ' ')
                                            from unnest(array['id', 'user_id', 'org_id', 'fingerprint']) k
                                           where p_args ? k and p_args->>k not in ('', '0'))),
                                v_status, p_request_id, p_peer,
                                concat_ws(' ', nullif(v_note, ''),
                                          case when v_status <> 0 then res->>'message' || ' ' || coalesce(res->>'detail', '') end));
    end if;
    if mt.mutating and v_status <> lib.status('INTERNAL') then
        insert into core.idempotency (user_id, key, method, request_hash, response)
        values (v_user, p_idem, p_method, p_request_hash, res);
    end if;
    return res || jsonb_build_object('user_id', coalesce(v_user, 0), 'org_id', v_org);
end $$;

-- The registry as the database has it, for the server's check at start
-- (server/registry.c): it must equal the one compiled into rongpeid.
create function api.registry() returns jsonb
language sql stable security definer set search_path = pg_catalog, pg_temp set timezone = 'Asia/Shanghai' as $$
    select jsonb_build_object(
        'methods', coalesce((select jsonb_agg(to_jsonb(mt) order by mt.name) from core.method mt), '[]'),
        'statuses', coalesce((select jsonb_agg(to_jsonb(st) order by st.code) from core.status st), '[]'))
$$;

-- What disagrees between the registry, the status codes and the
-- functions, each as a sentence; the migrate refuses when any does.
create function lib.registry_problems() returns setof text
language sql stable as $$
    select format('method %s has no function m.%s(jsonb, jsonb)', mt.name, replace(mt.name, '.', '_'))
      from core.method mt
     where mt.flow <> 'meta'
       and to_regprocedure('m.' || replace(mt.name, '.', '_') || '(jsonb,jsonb)') is null
    union all
    select format('function %s is not a method of the registry', p.oid::regprocedure)
      from pg_proc p
     where p.pronamespace = 'm'::regnamespace
       and p.proname not like '%\_prepare'
       and not exists (select 1 from core.method mt where replace(mt.name, '.', '_') = p.proname)
    union all
    select format('function %s prepares no method of the registry', p.oid::regprocedure)
      from pg_proc p
     where p.pronamespace = 'm'::regnamespace and p.proname like '%\_prepare'
       and not exists (select 1 from core.method mt
                        where replace(mt.name, '.', '_') || '_prepare' = p.proname)
    union all
    select format('method %s names the unknown role %s', mt.name, r)
      from core.method mt, unnest(mt.roles) r
     where r <> '*' and not exists (select 1 from core.role where name = r)
    union all
    select distinct format('function %s names the unknown status %s', p.oid::regprocedure, x[1])
      from pg_proc p, regexp_matches(p.prosrc, $re$lib\.(?:fail|status)\('([A-Za-z_]*)'$re$, 'g') x
     where p.pronamespace in ('lib'::regnamespace, 'm'::regnamespace, 'api'::regnamespace)
       and not exists (select 1 from core.status st where st.name = x[1])
$$;

-- The password hash to verify a login against (null when no such user; the
-- server then verifies against a dummy hash so timing does not tell).
create function api.login_lookup(p_username text) returns text
language sql stable security definer set search_path = pg_catalog, pg_temp set timezone = 'Asia/Shanghai' as $$
    select password_hash from core.app_user where username = lower(p_username)
$$;

-- The password hash of the user of a session, for session.password.
create function api.password_lookup(p_session text) returns text
language sql stable security definer set search_path = pg_catalog, pg_temp set timezone = 'Asia/Shanghai' as $$
    select u.password_hash from core.session s join core.app_user u on u.id = s.user_id
     where s.token_hash = p_session
$$;

-- Housekeeping, called by the server once a minute: expired sessions and
-- old idempotency records go.  Returns the number of rows removed.
create function api.housekeeping() returns int
language plpgsql security definer set search_path = pg_catalog, pg_temp set timezone = 'Asia/Shanghai' as $$
declare
    n1 int;
    n2 int;
begin
    delete from core.session
     where last_seen < now() - make_interval(mins => lib.setting_int('session_idle_minutes'));
    get diagnostics n1 = row_count;
    delete from core.idempotency
     where created_at < now() - make_interval(days => lib.setting_int('idempotency_days'));
    get diagnostics n2 = row_count;
    return n1 + n2;
end $$;

-- What the server checks at start (server/migrate.c, migrate_check): the
-- schema version, the checksum of every applied migration and the digest
-- of the functions the last migrate loaded.
create function api.schema_state() returns jsonb
language sql stable security definer set search_path = pg_catalog, pg_temp set timezone = 'Asia/Shanghai' as $$
    select jsonb_build_object(
        'version', coalesce((select max(version) from rongpei_meta.migration), 0),
        'migrations', coalesce((select jsonb_agg(jsonb_build_object('version', version, 'name', name,
                                                                   'checksum', checksum) order by version)
                                  from rongpei_meta.migration), '[]'),
        'functions', (select digest from rongpei_meta.reload))
$$;
