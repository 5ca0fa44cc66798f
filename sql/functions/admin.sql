-- admin.sql - the backbone's methods: sessions, organisations, offices,
-- users and roles, client certificates, the audit log, reference data;
-- and the operator functions behind `rongpeid adduser` and
-- `rongpeid register-cert` (schema op, not for the application role).

-- ------------------------------------------------------------------ session
create function m.session_hello(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select jsonb_build_object('org_id', (ctx->>'cert_org_id')::bigint, 'org_name', ctx->>'cert_org_name')
$$;

create function m.session_login(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    u core.app_user;
    -- one answer for every failure (whether the account exists is not told),
    -- which says whose certificate this connection carries
    v_fail jsonb := jsonb_build_object('_status', lib.status('UNAUTHENTICATED'), '_message',
        format('用户名或密码错误，或账户已被暂时锁定。本次连接使用的是“%s”的证书，只能登录该机构的账户：'
               '其他机构的账户请使用其本机构的证书', (select name from core.organisation
                                                 where id = (ctx->>'cert_org_id')::bigint)));
    v_max int := lib.setting_int('lockout_failures');
    v_expired boolean;
begin
    select * into u from core.app_user where username = lower(a->>'username');
    if not found then
        return v_fail || '{"_audit": "no such user"}';
    end if;
    v_fail := v_fail || jsonb_build_object('_user_id', u.id);
    if u.disabled then
        return v_fail || '{"_audit": "account disabled"}';
    end if;
    if u.locked_until > now() then
        return v_fail || '{"_audit": "account locked"}';
    end if;
    if not coalesce((a->>'verified')::boolean, false) or u.org_id <> (ctx->>'cert_org_id')::bigint then
        if u.failed_logins + 1 >= v_max then
            update core.app_user
               set failed_logins = 0,
                   locked_until = now() + make_interval(secs => lib.setting_int('lockout_seconds'))
             where id = u.id;
            return v_fail || '{"_audit": "wrong password; account locked"}';
        end if;
        update core.app_user set failed_logins = failed_logins + 1 where id = u.id;
        return v_fail || jsonb_build_object('_audit',
            case when u.org_id <> (ctx->>'cert_org_id')::bigint then 'certificate of another organisation'
                 else 'wrong password' end);
    end if;
    update core.app_user set failed_logins = 0, locked_until = null, last_login = now() where id = u.id;
    insert into core.session (token_hash, user_id, cert_fp) values (a->>'session_hash', u.id, ctx->>'cert_fp');
    v_expired := u.must_change or u.password_changed_at <
                 now() - make_interval(days => lib.setting_int('password_max_age_days'));
    perform lib.set_object('user:' || u.id);
    return jsonb_build_object('_user_id', u.id, 'user_id', u.id, 'display_name', u.display_name,
                              'must_change_password', v_expired,
                              'idle_timeout_s', lib.setting_int('session_idle_minutes') * 60);
end $$;

create function m.session_logout(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
begin
    delete from core.session where token_hash = ctx->>'session';
    perform lib.set_object('user:' || (ctx->>'user_id'));
    return jsonb_build_object('id', (ctx->>'user_id')::bigint);
end $$;

create function m.session_whoami(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'user_id', u.id, 'username', u.username, 'display_name', u.display_name,
        'org_id', o.id, 'org_name', o.name, 'org_kind', o.kind,
        'office_id', coalesce(u.office_id, 0), 'office_name', coalesce(f.name, ''),
        'roles', ctx->'roles',
        'scope', case ctx->>'scope'
                   when 'province' then '全省'
                   when 'prefecture' then '本市（州）：' || coalesce((select name from core.division where code = ctx->>'prefecture'), '')
                   when 'org' then '本机构及其全部网点'
                   when 'office' then '本网点'
                   else '仅本人' end,
        'password_expires', to_char((u.password_changed_at + make_interval(days => lib.setting_int('password_max_age_days')))
                                    at time zone 'Asia/Shanghai', 'YYYY-MM-DD'),
        'must_change_password', u.must_change)
      from core.app_user u join core.organisation o on o.id = u.org_id
      left join core.office f on f.id = u.office_id
     where u.id = (ctx->>'user_id')::bigint
$$;

create function m.session_password(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
begin
    if not coalesce((a->>'verified')::boolean, false) then
        return jsonb_build_object('_status', lib.status('INVALID'), '_message', '原密码不正确');
    end if;
    update core.app_user
       set password_hash = a->>'new_password_hash', must_change = false,
           password_changed_at = now(), failed_logins = 0
     where id = (ctx->>'user_id')::bigint;
    -- other sessions of this user end; this one stays
    delete from core.session where user_id = (ctx->>'user_id')::bigint and token_hash <> ctx->>'session';
    perform lib.set_object('user:' || (ctx->>'user_id'));
    return jsonb_build_object('id', (ctx->>'user_id')::bigint);
end $$;

-- ------------------------------------------------------------------ organisations
create function m.org_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('orgs', jsonb_agg(lib.org_json(x.id) order by x.k), array_agg(x.k order by x.k), lib.page_limit(a))
      from (select o.id, k.k
              from core.organisation o,
                   lateral (select lib.page_key(array_position(array['bureau', 'prefecture_office', 'institution',
                                                                     'enterprise'], o.kind)::text,
                                                o.division_code, o.name, lib.page_num(o.id)) k) k
             where lib.sees_org(ctx, o.id)
               and (coalesce(a->>'kind', '') = '' or o.kind = a->>'kind')
               and (coalesce(a->>'division_code', '') = '' or o.division_code = a->>'division_code'
                    or lib.prefecture_of(o.division_code) = a->>'division_code')
               and (coalesce((a->>'include_disabled')::boolean, false) or not o.disabled)
               and k.k > lib.page_after(a)
             order by k.k limit lib.page_limit(a) + 1) x
$$;

create function m.org_create(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_id bigint;
begin
    if a->>'kind' = 'bureau' then
        perform lib.fail('INVALID', '省局只能在系统初始化时创建（rongpeid adduser --bootstrap）');
    end if;
    if coalesce(a->>'kind', '') not in ('prefecture_office', 'institution', 'enterprise') then
        perform lib.fail('INVALID', '机构类别应为 prefecture_office、institution 或 enterprise');
    end if;
    insert into core.organisation (kind, name, short_name, inst_type, division_code, credit_code)
    values (a->>'kind', btrim(a->>'name'), coalesce(a->>'short_name', ''),
            nullif(a->>'inst_type', ''), nullif(a->>'division_code', ''), nullif(a->>'credit_code', ''))
    returning id into v_id;
    perform lib.set_object('org:' || v_id);
    return lib.org_json(v_id);
end $$;

create function m.org_update(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_id bigint := (a->>'id')::bigint;
begin
    perform 1 from core.organisation where id = v_id for update;
    if not found then
        perform lib.fail('NOT_FOUND', '机构不存在');
    end if;
    update core.organisation
       set name = coalesce(nullif(btrim(a->>'name'), ''), name),
           short_name = coalesce(nullif(a->>'short_name', ''), short_name),
           division_code = coalesce(nullif(a->>'division_code', ''), division_code),
           credit_code = coalesce(nullif(a->>'credit_code', ''), credit_code)
     where id = v_id;
    perform lib.set_object('org:' || v_id);
    return lib.org_json(v_id);
end $$;

create function m.org_disable(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_id bigint := (a->>'id')::bigint;
    v_enable boolean := coalesce((a->>'enable')::boolean, false);
begin
    perform 1 from core.organisation where id = v_id for update;
    if not found then
        perform lib.fail('NOT_FOUND', '机构不存在');
    end if;
    if v_id = (ctx->>'org_id')::bigint then
        perform lib.fail('INVALID', '不能停用本人所在的机构');
    end if;
    if not v_enable and coalesce(btrim(a->>'reason'), '') = '' then
        perform lib.fail('INVALID', '停用机构须说明原因');
    end if;
    update core.organisation set disabled = not v_enable where id = v_id;
    if not v_enable then
        delete from core.session s using core.app_user u where u.id = s.user_id and u.org_id = v_id;
    end if;
    perform lib.set_object('org:' || v_id);
    return lib.org_json(v_id);
end $$;

-- ------------------------------------------------------------------ offices
create function m.office_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('offices', jsonb_agg(lib.office_json(x.id) order by x.k), array_agg(x.k order by x.k),
                    lib.page_limit(a))
      from (select f.id, k.k
              from core.office f, lateral (select lib.page_key(lib.page_num(f.org_id), f.name, lib.page_num(f.id)) k) k
             where lib.sees_org(ctx, f.org_id)
               and (ctx->>'scope' <> 'office' or f.id::text = ctx->>'office_id')
               and (coalesce((a->>'org_id')::bigint, 0) = 0 or f.org_id = (a->>'org_id')::bigint)
               and k.k > lib.page_after(a)
             order by k.k limit lib.page_limit(a) + 1) x
$$;

create function lib.check_county(p_code text) returns void
language plpgsql as $$
begin
    if coalesce(p_code, '') <> '' and not exists (select 1 from core.division where code = p_code and level = 'county') then
        perform lib.fail('INVALID', format('“%s”不是青海省的县级行政区划代码', p_code));
    end if;
end $$;

create function m.office_create(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_org bigint := (a->>'org_id')::bigint;
    v_kind text;
    v_id bigint;
begin
    select kind into v_kind from core.organisation where id = v_org and not disabled;
    if not found or not lib.sees_org(ctx, v_org) then
        perform lib.fail('NOT_FOUND', '机构不存在或已停用');
    end if;
    perform lib.require(lib.admins_org(ctx, v_org), '只能为本机构设立网点');
    if v_kind <> 'institution' then
        perform lib.fail('INVALID', '只有金融及中介机构可以设立网点');
    end if;
    perform lib.check_county(a->>'county_code');
    insert into core.office (org_id, name, county_code)
    values (v_org, btrim(a->>'name'), nullif(a->>'county_code', ''))
    returning id into v_id;
    perform lib.set_object('office:' || v_id);
    return lib.office_json(v_id);
end $$;

create function m.office_update(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_id bigint := (a->>'id')::bigint;
    v_org bigint;
begin
    select org_id into v_org from core.office where id = v_id for update;
    if not found or not lib.sees_org(ctx, v_org) then
        perform lib.fail('NOT_FOUND', '网点不存在');
    end if;
    perform lib.require(lib.admins_org(ctx, v_org), '只能修改本机构的网点');
    perform lib.check_county(a->>'county_code');
    update core.office
       set name = coalesce(nullif(btrim(a->>'name'), ''), name),
           county_code = coalesce(nullif(a->>'county_code', ''), county_code),
           disabled = case when coalesce((a->>'disable')::boolean, false) then true
                           when coalesce((a->>'enable')::boolean, false) then false
                           else disabled end
     where id = v_id;
    perform lib.set_object('office:' || v_id);
    return lib.office_json(v_id);
end $$;

-- ------------------------------------------------------------------ users
create function m.user_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('users', jsonb_agg(lib.user_json(x.id) order by x.k), array_agg(x.k order by x.k), lib.page_limit(a))
      from (select u.id, k.k
              from core.app_user u, lateral (select lib.page_key(lib.page_num(u.org_id), u.username) k) k
             where lib.sees_user(ctx, u.org_id, u.office_id, u.id)
               and (coalesce((a->>'org_id')::bigint, 0) = 0 or u.org_id = (a->>'org_id')::bigint)
               and (coalesce((a->>'office_id')::bigint, 0) = 0 or u.office_id = (a->>'office_id')::bigint)
               and (coalesce(a->>'role', '') = '' or exists (select 1 from core.user_role r
                                                             where r.user_id = u.id and r.role = a->>'role'))
               and (coalesce((a->>'include_disabled')::boolean, false) or not u.disabled)
               and k.k > lib.page_after(a)
             order by k.k limit lib.page_limit(a) + 1) x
$$;

-- May the caller grant or revoke p_role on a user of organisation p_org?
create function lib.can_grant(ctx jsonb, p_role text, p_org bigint) returns boolean
language sql stable as $$
    select case
        when lib.has_role(ctx, 'security_admin') then true
        when (select separated from core.role where name = p_role) then false
        when lib.has_role(ctx, 'bureau_admin') then true
        when lib.has_role(ctx, 'institution_admin') then
             p_role in ('institution_admin', 'institution_staff') and p_org = (ctx->>'org_id')::bigint
        else false end
$$;

-- Lock and return the user p_id after checking the caller administers them.
create function lib.admin_target(ctx jsonb, p_id bigint) returns core.app_user
language plpgsql as $$
declare
    u core.app_user;
begin
    select * into u from core.app_user where id = p_id for update;
    if not found or not lib.sees_user(ctx, u.org_id, u.office_id, u.id) then
        perform lib.fail('NOT_FOUND', '用户不存在');
    end if;
    perform lib.require(lib.admins_org(ctx, u.org_id), '无权管理其他机构的用户');
    -- the accounts of the three separated duties are managed by the security administrator only
    if exists (select 1 from core.user_role r join core.role ro on ro.name = r.role
                where r.user_id = u.id and ro.separated)
       and not lib.has_role(ctx, 'security_admin') then
        perform lib.fail('REFUSED', '三员账户只能由安全管理员管理');
    end if;
    return u;
end $$;

create function m.user_create(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_org bigint := (a->>'org_id')::bigint;
    v_id bigint;
    v_role text;
begin
    perform 1 from core.organisation where id = v_org and not disabled;
    if not found or not lib.sees_org(ctx, v_org) then
        perform lib.fail('NOT_FOUND', '机构不存在或已停用');
    end if;
    perform lib.require(lib.admins_org(ctx, v_org), '只能为本机构创建用户');
    if coalesce(a->>'password_hash', '') = '' then
        perform lib.fail('INVALID', '必须设置初始密码');
    end if;
    insert into core.app_user (org_id, office_id, username, display_name, mobile_enc, mobile_idx,
                               mobile_masked, password_hash)
    values (v_org, nullif((a->>'office_id')::bigint, 0), lower(a->>'username'), btrim(a->>'display_name'),
            decode(nullif(a->>'mobile_enc', ''), 'hex'), nullif(a->>'mobile_idx', ''),
            nullif(a->>'mobile_masked', ''), a->>'password_hash')
    returning id into v_id;
    for v_role in select jsonb_array_elements_text(coalesce(a->'roles', '[]')) loop
        perform lib.require(lib.can_grant(ctx, v_role, v_org), format('无权授予角色 %s', v_role));
        insert into core.user_role (user_id, role, granted_by) values (v_id, v_role, (ctx->>'user_id')::bigint);
    end loop;
    perform lib.set_object('user:' || v_id);
    return lib.user_json(v_id);
end $$;

create function m.user_update(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    u core.app_user := lib.admin_target(ctx, (a->>'id')::bigint);
    v_disable boolean := coalesce((a->>'disable')::boolean, false);
begin
    if v_disable and u.id = (ctx->>'user_id')::bigint then
        perform lib.fail('INVALID', '不能停用本人账户');
    end if;
    update core.app_user
       set display_name = coalesce(nullif(btrim(a->>'display_name'), ''), display_name),
           mobile_enc = coalesce(decode(nullif(a->>'mobile_enc', ''), 'hex'), mobile_enc),
           mobile_idx = coalesce(nullif(a->>'mobile_idx', ''), mobile_idx),
           mobile_masked = coalesce(nullif(a->>'mobile_masked', ''), mobile_masked),
           office_id = coalesce(nullif((a->>'office_id')::bigint, 0), office_id),
           disabled = case when v_disable then true
                           when coalesce((a->>'enable')::boolean, false) then false
                           else disabled end
     where id = u.id;
    if v_disable then
        delete from core.session where user_id = u.id;
    end if;
    perform lib.set_object('user:' || u.id);
    return lib.user_json(u.id);
end $$;

create function m.user_grant(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    u core.app_user := lib.admin_target(ctx, (a->>'user_id')::bigint);
begin
    perform lib.require(lib.can_grant(ctx, a->>'role', u.org_id), format('无权授予角色 %s', a->>'role'));
    if u.id = (ctx->>'user_id')::bigint then
        perform lib.fail('REFUSED', '不能更改本人的角色');
    end if;
    insert into core.user_role (user_id, role, granted_by)
    values (u.id, a->>'role', (ctx->>'user_id')::bigint)
    on conflict do nothing;
    perform lib.set_object('user:' || u.id || ' role:' || (a->>'role'));
    return lib.user_json(u.id);
end $$;

create function m.user_revoke(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    u core.app_user := lib.admin_target(ctx, (a->>'user_id')::bigint);
begin
    perform lib.require(lib.can_grant(ctx, a->>'role', u.org_id), format('无权收回角色 %s', a->>'role'));
    if u.id = (ctx->>'user_id')::bigint then
        perform lib.fail('REFUSED', '不能更改本人的角色');
    end if;
    delete from core.user_role where user_id = u.id and role = a->>'role';
    if not found then
        perform lib.fail('NOT_FOUND', '该用户没有此角色');
    end if;
    perform lib.set_object('user:' || u.id || ' role:' || (a->>'role'));
    return lib.user_json(u.id);
end $$;

create function m.user_reset_password(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    u core.app_user := lib.admin_target(ctx, (a->>'user_id')::bigint);
begin
    if u.id = (ctx->>'user_id')::bigint then
        perform lib.fail('INVALID', '修改本人密码请用 rongpei passwd');
    end if;
    update core.app_user
       set password_hash = a->>'password_hash', must_change = true, password_changed_at = now(),
           failed_logins = 0, locked_until = null
     where id = u.id;
    delete from core.session where user_id = u.id;
    perform lib.set_object('user:' || u.id);
    return lib.user_json(u.id);
end $$;

create function m.user_reveal(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    u core.app_user := lib.admin_target(ctx, (a->>'id')::bigint);
begin
    perform lib.set_object('user:' || u.id || ' mobile');
    return jsonb_build_object('user_id', u.id, 'mobile_enc', coalesce(encode(u.mobile_enc, 'hex'), ''));
end $$;

-- ------------------------------------------------------------------ certificates
-- Before the server signs: the organisation exists and is enabled, and the
-- validity is within the settings (cert_days_default when none is asked,
-- at most cert_days_max).  The answer's days are what the server signs for.
create function m.cert_issue_prepare(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    v_days int := coalesce(nullif((a->>'days')::int, 0), lib.setting_int('cert_days_default'));
    v_max int := lib.setting_int('cert_days_max');
begin
    perform 1 from core.organisation where id = (a->>'org_id')::bigint and not disabled;
    if not found then
        perform lib.fail('NOT_FOUND', '机构不存在或已停用');
    end if;
    if v_days not between 1 and v_max then
        perform lib.fail('INVALID', format('有效期应为 1 至 %s 天', v_max));
    end if;
    return jsonb_build_object('days', v_days);
end $$;

create function m.cert_issue(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_org bigint := (a->>'org_id')::bigint;
    v_id bigint;
begin
    perform 1 from core.organisation where id = v_org and not disabled;
    if not found then
        perform lib.fail('NOT_FOUND', '机构不存在或已停用');
    end if;
    if (a->>'not_after')::timestamptz - (a->>'not_before')::timestamptz
         > make_interval(days => lib.setting_int('cert_days_max') + 1) then
        perform lib.fail('INVALID', '证书有效期超过允许的上限');
    end if;
    insert into core.certificate (org_id, fingerprint, subject, serial, not_before, not_after, issued_by)
    values (v_org, a->>'fingerprint', a->>'subject', a->>'serial', (a->>'not_before')::timestamptz,
            (a->>'not_after')::timestamptz, (ctx->>'user_id')::bigint)
    returning id into v_id;
    perform lib.set_object('certificate:' || left(a->>'fingerprint', 16) || ' org:' || v_org);
    return jsonb_build_object('certificate', lib.cert_json(v_id),
                              'certificate_pem', a->>'certificate_pem', 'ca_pem', a->>'ca_pem');
end $$;

create function m.cert_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('certificates', jsonb_agg(lib.cert_json(x.id) order by x.k), array_agg(x.k order by x.k),
                    lib.page_limit(a))
      from (select c.id, k.k
              from core.certificate c, lateral (select lib.page_key(lib.page_num(c.org_id), lib.page_num(c.id)) k) k
             where (ctx->>'scope' = 'province' or c.org_id = (ctx->>'org_id')::bigint)
               and (coalesce((a->>'org_id')::bigint, 0) = 0 or c.org_id = (a->>'org_id')::bigint)
               and (coalesce((a->>'include_revoked')::boolean, false) or c.revoked_at is null)
               and k.k > lib.page_after(a)
             order by k.k limit lib.page_limit(a) + 1) x
$$;

create function m.cert_revoke(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_id bigint;
begin
    if a->>'fingerprint' = ctx->>'cert_fp' then
        perform lib.fail('INVALID', '不能吊销当前连接正在使用的证书');
    end if;
    if coalesce(btrim(a->>'reason'), '') = '' then
        perform lib.fail('INVALID', '吊销证书须说明原因');
    end if;
    update core.certificate set revoked_at = now(), revoke_reason = a->>'reason'
     where fingerprint = lower(a->>'fingerprint') and revoked_at is null
    returning id into v_id;
    if v_id is null then
        perform lib.fail('NOT_FOUND', '证书不存在或已吊销');
    end if;
    delete from core.session where cert_fp = lower(a->>'fingerprint');
    perform lib.set_object('certificate:' || left(a->>'fingerprint', 16));
    return lib.cert_json(v_id);
end $$;

-- ------------------------------------------------------------------ audit
create function m.audit_list(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    v_since timestamptz := coalesce(nullif(a->>'since', '')::timestamptz, now() - interval '7 days');
    v_until timestamptz := coalesce(nullif(a->>'until', '')::timestamptz, 'infinity');
    v_after text := lib.page_after(a);
    v_limit int := lib.page_limit(a);
begin
    -- newest first; the cursor is the last id shown, so the primary key
    -- index serves every page of a log of millions
    if v_after <> '' and v_after !~ '^[0-9]{1,19}$' then
        perform lib.fail('INVALID', '分页游标无效：请从第一页重新读取（不带 after）');
    end if;
    return (select lib.page('records', jsonb_agg(s.r order by s.id desc),
                            array_agg(s.id::text::core.page_key order by s.id desc), v_limit)
      from (select jsonb_build_object(
                'id', x.id, 'at', lib.time_text(x.at),
                'user_id', coalesce(x.user_id, 0), 'username', coalesce(x.username, ''),
                'org_id', coalesce(x.org_id, 0), 'method', x.method, 'object', x.object,
                'status', x.status, 'request_id', x.request_id, 'peer', x.peer,
                'detail', x.detail) as r, x.id
              from core.audit x
             where x.at >= v_since and x.at < v_until
               and (coalesce(a->>'method', '') = '' or x.method = a->>'method')
               and (coalesce((a->>'user_id')::bigint, 0) = 0 or x.user_id = (a->>'user_id')::bigint)
               and (v_after = '' or x.id < v_after::bigint)
             order by x.id desc limit v_limit + 1) s);
end $$;

-- ------------------------------------------------------------------ reference
create function m.ref_divisions(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('divisions', jsonb_agg(jsonb_build_object(
               'code', d.code, 'name', d.name, 'parent_code', coalesce(d.parent_code, ''), 'level', d.level)
               order by x.k), array_agg(x.k order by x.k), lib.page_limit(a))
      from (select d.code, k.k
              from core.division d, lateral (select lib.page_key(d.code) k) k
             where (coalesce(a->>'parent_code', '') = '' or d.parent_code = a->>'parent_code')
               and k.k > lib.page_after(a)
             order by k.k limit lib.page_limit(a) + 1) x
      join core.division d on d.code = x.code
$$;

-- ------------------------------------------------------------------ operator functions
-- Called by `rongpeid adduser` and `rongpeid register-cert` on the server
-- host (as the database owner), never through the network protocol.
create function op.bootstrap(p_org_name text, p_username text, p_display text,
                                       p_hash text, p_roles text[]) returns bigint
language plpgsql security definer set search_path = pg_catalog, pg_temp set timezone = 'Asia/Shanghai' as $$
declare
    v_org bigint;
    v_id bigint;
    v_role text;
begin
    select id into v_org from core.organisation where kind = 'bureau';
    if not found then
        insert into core.organisation (kind, name, short_name, division_code)
        values ('bureau', p_org_name, '省局', '630000') returning id into v_org;
    end if;
    insert into core.app_user (org_id, username, display_name, password_hash)
    values (v_org, lower(p_username), p_display, p_hash) returning id into v_id;
    foreach v_role in array p_roles loop
        insert into core.user_role (user_id, role) values (v_id, v_role);
    end loop;
    perform lib.audit_write(null, 'operator', v_org, 'operator.adduser', 'user:' || v_id, 0, '', 'local', '');
    return v_id;
end $$;

create function op.register_cert(p_org_name text, p_fp text, p_subject text,
                                           p_not_after timestamptz) returns bigint
language plpgsql security definer set search_path = pg_catalog, pg_temp set timezone = 'Asia/Shanghai' as $$
declare
    v_org bigint;
    v_id bigint;
begin
    select id into v_org from core.organisation where name = p_org_name;
    if not found then
        raise exception 'no organisation named %', p_org_name;
    end if;
    insert into core.certificate (org_id, fingerprint, subject, not_after)
    values (v_org, lower(p_fp), p_subject, p_not_after)
    on conflict (fingerprint) do update set org_id = excluded.org_id returning id into v_id;
    perform lib.audit_write(null, 'operator', v_org, 'operator.register_cert',
                             'certificate:' || left(p_fp, 16), 0, '', 'local', '');
    return v_id;
end $$;

create function api.refused_certificates() returns setof text
language sql stable security definer set search_path = pg_catalog, pg_temp set timezone = 'Asia/Shanghai' as $$
    select c.fingerprint::text
      from core.certificate c join core.organisation o on o.id = c.org_id
     where c.revoked_at is not null
        or c.not_after <= now()
        or o.disabled
$$;
