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
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/core.sql; what stays here is its tables and data.

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
