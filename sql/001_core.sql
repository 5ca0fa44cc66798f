-- 001_core.sql - the backbone schema: reference data, organisations,
-- offices, users and roles, sessions, certificates, idempotency records and
-- the append-only audit log, plus the single entry point api.dispatch.
--
-- Layout:
--   core  tables and helper functions (no privileges for the application)
--   m     one function per protocol method: m.<method with . as _>(ctx, args)
--   api   the only functions the application role may execute
--
-- Every method runs inside api.dispatch, in one transaction with its audit
-- record.  Errors are raised as SQLSTATE 'RP0nn' where nn is the protocol
-- status (docs/protocol.md "Status codes").

create schema core;
create schema m;
create schema api;

-- ------------------------------------------------------------------ reference

create table core.division (
    code        char(6) primary key check (code ~ '^[0-9]{6}$'),
    name        text not null,
    parent_code char(6) references core.division,
    level       text not null check (level in ('province', 'prefecture', 'county'))
);

create table core.industry_section (
    code char(1) primary key check (code ~ '^[A-T]$'),
    name text not null
);

-- The prefecture a division belongs to (itself for a prefecture), or null.
create function core.prefecture_of(p_code text) returns text
language sql stable as $$
    select case d.level when 'prefecture' then d.code
                        when 'county' then d.parent_code end
      from core.division d where d.code = p_code
$$;

-- ------------------------------------------------------------------ settings

create table core.setting (
    name  text primary key,
    value text not null,
    note  text not null
);

insert into core.setting values
  ('session_idle_minutes', '30', 'sessions end after this many idle minutes'),
  ('password_max_age_days', '90', 'a password must be changed after this many days'),
  ('lockout_failures', '5', 'consecutive failed logins that lock an account'),
  ('lockout_minutes', '15', 'how long a locked account stays locked'),
  ('idempotency_days', '7', 'how long answers to mutating calls are kept for retries');

create function core.setting_int(p_name text) returns int
language sql stable as $$ select value::int from core.setting where name = p_name $$;

-- ------------------------------------------------------------------ organisations

create table core.organisation (
    id            bigserial primary key,
    kind          text not null check (kind in ('bureau', 'prefecture_office', 'institution', 'enterprise')),
    name          text not null check (length(btrim(name)) between 2 and 100),
    short_name    text not null default '' check (length(short_name) <= 40),
    inst_type     text check (inst_type in ('bank', 'securities', 'insurance', 'law_firm',
                          'accounting_firm', 'guarantee', 'equity_market', 'government', 'other')),
    division_code char(6) not null references core.division,
    credit_code   text unique check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
    disabled      boolean not null default false,
    created_at    timestamptz not null default now(),
    constraint organisation_inst_type check ((kind = 'institution') = (inst_type is not null)),
    constraint organisation_name_key unique (name)
);
create unique index organisation_one_bureau on core.organisation (kind) where kind = 'bureau';
create unique index organisation_one_office_per_prefecture
    on core.organisation (division_code) where kind = 'prefecture_office';

create function core.org_check() returns trigger
language plpgsql as $$
declare
    v_level text;
begin
    select level into v_level from core.division where code = new.division_code;
    if new.kind = 'prefecture_office' and v_level <> 'prefecture' then
        raise exception using errcode = 'RP001',
            message = '市（州）金融办必须对应一个市（州）级行政区划代码';
    end if;
    if new.kind = 'bureau' and v_level <> 'province' then
        raise exception using errcode = 'RP001', message = '省局的行政区划代码应为 630000';
    end if;
    return new;
end $$;
create trigger organisation_check before insert or update on core.organisation
    for each row execute function core.org_check();

create table core.office (
    id          bigserial primary key,
    org_id      bigint not null references core.organisation,
    name        text not null check (length(btrim(name)) between 2 and 100),
    county_code char(6) references core.division,
    disabled    boolean not null default false,
    created_at  timestamptz not null default now(),
    constraint office_name_key unique (org_id, name),
    unique (id, org_id)
);

-- ------------------------------------------------------------------ users and roles

create table core.role (
    name      text primary key,
    label     text not null,
    org_kinds text[] not null,
    separated boolean not null default false   -- one of the three separated duties (三员)
);

insert into core.role values
  ('bureau_admin',       '省局管理员',     '{bureau}', false),
  ('bureau_staff',       '省局工作人员',   '{bureau}', false),
  ('prefecture_staff',   '市州金融办人员', '{prefecture_office}', false),
  ('institution_admin',  '机构管理员',     '{institution}', false),
  ('institution_staff',  '网点经办人员',   '{institution}', false),
  ('expert_reviewer',    '评审专家',       '{bureau,prefecture_office,institution}', false),
  ('advisor',            '金融顾问',       '{institution}', false),
  ('enterprise_contact', '企业联系人',     '{enterprise}', false),
  ('system_admin',       '系统管理员',     '{bureau}', true),
  ('security_admin',     '安全管理员',     '{bureau}', true),
  ('audit_admin',        '安全审计员',     '{bureau}', true);

create table core.app_user (
    id                  bigserial primary key,
    org_id              bigint not null references core.organisation,
    office_id           bigint,
    username            text not null check (username ~ '^[a-z][a-z0-9._-]{2,39}$'),
    display_name        text not null check (length(btrim(display_name)) between 1 and 50),
    mobile_enc          bytea,
    mobile_idx          text,
    mobile_masked       text,
    password_hash       text not null,
    must_change         boolean not null default true,
    password_changed_at timestamptz not null default now(),
    failed_logins       int not null default 0,
    locked_until        timestamptz,
    disabled            boolean not null default false,
    created_at          timestamptz not null default now(),
    last_login          timestamptz,
    constraint app_user_username_key unique (username),
    constraint app_user_mobile_key unique (mobile_idx),
    constraint app_user_office_fk foreign key (office_id, org_id) references core.office (id, org_id),
    constraint app_user_mobile_all check ((mobile_enc is null) = (mobile_idx is null)
                                          and (mobile_enc is null) = (mobile_masked is null))
);

create table core.user_role (
    user_id    bigint not null references core.app_user,
    role       text not null references core.role,
    granted_by bigint references core.app_user,
    granted_at timestamptz not null default now(),
    primary key (user_id, role)
);

-- A role must suit the user's organisation; a holder of one of the three
-- separated duties holds no other role.
create function core.user_role_check() returns trigger
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
        raise exception using errcode = 'RP001',
            message = format('角色“%s”不适用于该类机构', (select label from core.role where name = new.role));
    end if;
    if exists (select 1 from core.user_role ur join core.role r on r.name = ur.role
                where ur.user_id = new.user_id and ur.role <> new.role and (r.separated or v_sep)) then
        raise exception using errcode = 'RP005',
            message = '系统管理员、安全管理员、安全审计员三员分立：持有其一者不得再持有其他角色';
    end if;
    return new;
end $$;
create constraint trigger user_role_check after insert on core.user_role
    deferrable initially immediate
    for each row execute function core.user_role_check();

create table core.session (
    token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
    user_id    bigint not null references core.app_user,
    cert_fp    text not null,
    created_at timestamptz not null default now(),
    last_seen  timestamptz not null default now()
);
create index session_by_user on core.session (user_id);

-- ------------------------------------------------------------------ certificates

create table core.certificate (
    id            bigserial primary key,
    org_id        bigint not null references core.organisation,
    fingerprint   char(64) not null unique check (fingerprint ~ '^[0-9a-f]{64}$'),
    subject       text not null default '',
    serial        text not null default '',
    not_before    timestamptz,
    not_after     timestamptz,
    issued_by     bigint references core.app_user,
    issued_at     timestamptz not null default now(),
    revoked_at    timestamptz,
    revoke_reason text
);

-- ------------------------------------------------------------------ idempotency

create table core.idempotency (
    user_id      bigint not null,
    key          text not null check (length(key) between 8 and 128),
    method       text not null,
    request_hash text not null,
    response     jsonb not null,
    created_at   timestamptz not null default now(),
    primary key (user_id, key)
);

-- ------------------------------------------------------------------ audit

create table core.audit (
    id         bigserial primary key,
    at         timestamptz not null default clock_timestamp(),
    user_id    bigint,
    username   text,
    org_id     bigint,
    method     text not null,
    object     text not null default '',
    status     int not null,
    request_id text not null default '',
    peer       text not null default '',
    detail     text not null default ''
);
create index audit_at on core.audit (at);

-- Nobody, the owner included, updates or deletes audit records.
create function core.audit_append_only() returns trigger
language plpgsql as $$
begin
    raise exception using errcode = 'RP003', message = '审计记录只能追加，不能修改或删除';
end $$;
create trigger audit_no_update before update or delete on core.audit
    for each row execute function core.audit_append_only();
create trigger audit_no_truncate before truncate on core.audit
    for each statement execute function core.audit_append_only();

-- ------------------------------------------------------------------ messages

-- Chinese text for constraint violations, so a refused change says what to fix.
create table core.constraint_message (
    name    text primary key,
    message text not null
);
insert into core.constraint_message values
  ('organisation_name_key', '已有同名机构'),
  ('organisation_credit_code_key', '该统一社会信用代码已登记'),
  ('organisation_one_bureau', '系统中只能有一个省局'),
  ('organisation_one_office_per_prefecture', '该市（州）已有金融办'),
  ('organisation_inst_type', '机构类型只适用于金融及中介机构，且机构必须填写类型'),
  ('organisation_credit_code_check', '统一社会信用代码格式不正确'),
  ('organisation_name_check', '机构名称应为 2 至 100 个字符'),
  ('organisation_kind_check', '机构类别不正确'),
  ('organisation_inst_type_check', '机构类型不正确'),
  ('organisation_division_code_fkey', '行政区划代码不存在'),
  ('office_name_key', '该机构已有同名网点'),
  ('office_name_check', '网点名称应为 2 至 100 个字符'),
  ('office_county_code_fkey', '行政区划代码不存在'),
  ('app_user_username_key', '用户名已被使用'),
  ('app_user_username_check', '用户名应以小写字母开头，3 至 40 位，仅含小写字母、数字、点、下划线和连字符'),
  ('app_user_mobile_key', '该手机号已被其他用户使用'),
  ('app_user_office_fk', '网点不属于该机构'),
  ('app_user_display_name_check', '姓名应为 1 至 50 个字符'),
  ('user_role_role_fkey', '角色不存在');

-- Raise a protocol error: core.fail(3, '...') -> SQLSTATE RP003.
create function core.fail(p_status int, p_message text) returns void
language plpgsql as $$
begin
    raise exception using errcode = 'RP' || lpad(p_status::text, 3, '0'), message = p_message;
end $$;

-- ------------------------------------------------------------------ scope
--
-- ctx (built by api.dispatch) carries: user_id, username, org_id, org_kind,
-- office_id, prefecture, roles, scope, request_id.  scope is the widest of
-- the caller's roles: province > prefecture > org > office > self.

create function core.scope_of(p_roles text[]) returns text
language sql immutable as $$
    select case
        when p_roles && '{bureau_admin,bureau_staff,system_admin,security_admin,audit_admin}' then 'province'
        when p_roles && '{prefecture_staff}' then 'prefecture'
        when p_roles && '{institution_admin}' then 'org'
        when p_roles && '{institution_staff}' then 'office'
        else 'self' end
$$;

create function core.has_role(ctx jsonb, p_role text) returns boolean
language sql immutable as $$ select ctx->'roles' ? p_role $$;

-- May the caller see organisation p_org?
create function core.sees_org(ctx jsonb, p_org bigint) returns boolean
language sql stable as $$
    select case ctx->>'scope'
        when 'province' then true
        when 'prefecture' then exists (select 1 from core.organisation o
                                        where o.id = p_org
                                          and core.prefecture_of(o.division_code) = ctx->>'prefecture')
        else p_org = (ctx->>'org_id')::bigint end
$$;

-- May the caller see user (p_org, p_office, p_user)?
create function core.sees_user(ctx jsonb, p_org bigint, p_office bigint, p_user bigint) returns boolean
language sql stable as $$
    select case ctx->>'scope'
        when 'office' then p_org = (ctx->>'org_id')::bigint
                           and p_office is not distinct from nullif(ctx->>'office_id', '')::bigint
        when 'self' then p_user = (ctx->>'user_id')::bigint
        else core.sees_org(ctx, p_org) end
$$;

-- May the caller administer users of organisation p_org?  Bureau-level
-- administrators everywhere, an institution administrator in their own.
create function core.admins_org(ctx jsonb, p_org bigint) returns boolean
language sql stable as $$
    select core.has_role(ctx, 'bureau_admin') or core.has_role(ctx, 'security_admin')
        or core.has_role(ctx, 'system_admin')
        or (core.has_role(ctx, 'institution_admin') and p_org = (ctx->>'org_id')::bigint)
$$;

create function core.require(p_ok boolean, p_message text) returns void
language plpgsql as $$
begin
    if p_ok is not true then
        perform core.fail(3, p_message);
    end if;
end $$;

create function core.set_object(p_object text) returns void
language sql as $$ select set_config('rongpei.object', p_object, true) $$;

-- ------------------------------------------------------------------ views as JSON

create function core.org_json(p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', o.id, 'kind', o.kind, 'name', o.name, 'short_name', o.short_name,
        'inst_type', coalesce(o.inst_type, ''), 'division_code', o.division_code,
        'credit_code', coalesce(o.credit_code, ''), 'disabled', o.disabled,
        'created_at', to_char(o.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
        'offices', (select count(*) from core.office f where f.org_id = o.id and not f.disabled),
        'users', (select count(*) from core.app_user u where u.org_id = o.id and not u.disabled))
      from core.organisation o where o.id = p_id
$$;

create function core.office_json(p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object('id', f.id, 'org_id', f.org_id, 'org_name', o.name, 'name', f.name,
                              'county_code', coalesce(f.county_code, ''), 'disabled', f.disabled)
      from core.office f join core.organisation o on o.id = f.org_id where f.id = p_id
$$;

create function core.user_json(p_id bigint) returns jsonb
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
        'last_login', coalesce(to_char(u.last_login at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), ''))
      from core.app_user u join core.organisation o on o.id = u.org_id
      left join core.office f on f.id = u.office_id
     where u.id = p_id
$$;

create function core.cert_json(p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', c.id, 'org_id', c.org_id, 'org_name', o.name, 'fingerprint', c.fingerprint,
        'subject', c.subject, 'serial', c.serial,
        'not_before', coalesce(to_char(c.not_before at time zone 'Asia/Shanghai', 'YYYY-MM-DD'), ''),
        'not_after', coalesce(to_char(c.not_after at time zone 'Asia/Shanghai', 'YYYY-MM-DD'), ''),
        'revoked', c.revoked_at is not null,
        'revoked_at', coalesce(to_char(c.revoked_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), ''),
        'revoke_reason', coalesce(c.revoke_reason, ''))
      from core.certificate c join core.organisation o on o.id = c.org_id where c.id = p_id
$$;
-- Reference data: Qinghai divisions (GB/T 2260) and GB/T 4754-2017 sections.
insert into core.division (code, name, parent_code, level) values
  ('630000', '青海省', null, 'province'),
  ('630100', '西宁市', '630000', 'prefecture'),
  ('630102', '城东区', '630100', 'county'),
  ('630103', '城中区', '630100', 'county'),
  ('630104', '城西区', '630100', 'county'),
  ('630105', '城北区', '630100', 'county'),
  ('630106', '湟中区', '630100', 'county'),
  ('630121', '大通回族土族自治县', '630100', 'county'),
  ('630123', '湟源县', '630100', 'county'),
  ('630200', '海东市', '630000', 'prefecture'),
  ('630202', '乐都区', '630200', 'county'),
  ('630203', '平安区', '630200', 'county'),
  ('630222', '民和回族土族自治县', '630200', 'county'),
  ('630223', '互助土族自治县', '630200', 'county'),
  ('630224', '化隆回族自治县', '630200', 'county'),
  ('630225', '循化撒拉族自治县', '630200', 'county'),
  ('632200', '海北藏族自治州', '630000', 'prefecture'),
  ('632221', '门源回族自治县', '632200', 'county'),
  ('632222', '祁连县', '632200', 'county'),
  ('632223', '海晏县', '632200', 'county'),
  ('632224', '刚察县', '632200', 'county'),
  ('632300', '黄南藏族自治州', '630000', 'prefecture'),
  ('632301', '同仁市', '632300', 'county'),
  ('632322', '尖扎县', '632300', 'county'),
  ('632323', '泽库县', '632300', 'county'),
  ('632324', '河南蒙古族自治县', '632300', 'county'),
  ('632500', '海南藏族自治州', '630000', 'prefecture'),
  ('632521', '共和县', '632500', 'county'),
  ('632522', '同德县', '632500', 'county'),
  ('632523', '贵德县', '632500', 'county'),
  ('632524', '兴海县', '632500', 'county'),
  ('632525', '贵南县', '632500', 'county'),
  ('632600', '果洛藏族自治州', '630000', 'prefecture'),
  ('632621', '玛沁县', '632600', 'county'),
  ('632622', '班玛县', '632600', 'county'),
  ('632623', '甘德县', '632600', 'county'),
  ('632624', '达日县', '632600', 'county'),
  ('632625', '久治县', '632600', 'county'),
  ('632626', '玛多县', '632600', 'county'),
  ('632700', '玉树藏族自治州', '630000', 'prefecture'),
  ('632701', '玉树市', '632700', 'county'),
  ('632722', '杂多县', '632700', 'county'),
  ('632723', '称多县', '632700', 'county'),
  ('632724', '治多县', '632700', 'county'),
  ('632725', '囊谦县', '632700', 'county'),
  ('632726', '曲麻莱县', '632700', 'county'),
  ('632800', '海西蒙古族藏族自治州', '630000', 'prefecture'),
  ('632801', '格尔木市', '632800', 'county'),
  ('632802', '德令哈市', '632800', 'county'),
  ('632803', '茫崖市', '632800', 'county'),
  ('632821', '乌兰县', '632800', 'county'),
  ('632822', '都兰县', '632800', 'county'),
  ('632823', '天峻县', '632800', 'county');

insert into core.industry_section (code, name) values
  ('A', '农、林、牧、渔业'),
  ('B', '采矿业'),
  ('C', '制造业'),
  ('D', '电力、热力、燃气及水生产和供应业'),
  ('E', '建筑业'),
  ('F', '批发和零售业'),
  ('G', '交通运输、仓储和邮政业'),
  ('H', '住宿和餐饮业'),
  ('I', '信息传输、软件和信息技术服务业'),
  ('J', '金融业'),
  ('K', '房地产业'),
  ('L', '租赁和商务服务业'),
  ('M', '科学研究和技术服务业'),
  ('N', '水利、环境和公共设施管理业'),
  ('O', '居民服务、修理和其他服务业'),
  ('P', '教育'),
  ('Q', '卫生和社会工作'),
  ('R', '文化、体育和娱乐业'),
  ('S', '公共管理、社会保障和社会组织'),
  ('T', '国际组织');
