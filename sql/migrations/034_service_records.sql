-- 034_service_records.sql - the service work begins (issue 12): the
-- official working-day calendar, the advisors' yearly declaration (P13),
-- and service records (P5) with their corrections kept.
--
-- The functions are in sql/functions/calendar.sql and service.sql.

-- ------------------------------------------------------------------ the working-day calendar
-- China's working days: Monday to Friday, less the statutory holidays, plus
-- the adjusted working weekends (调休上班) the State Council announces each
-- year.  A year is known only once its schedule is loaded (calendar_year);
-- deadlines in a year without one are refused, never guessed.
create table core.calendar_year (
    year      int primary key check (year between 2000 and 2100),
    source    text not null,
    loaded_at timestamptz not null default now()
);

create table core.calendar_day (
    day  date primary key,
    kind text not null check (kind in ('holiday', 'workday')),
    name text not null
);

insert into core.calendar_year (year, source) values
  (2026, '国务院办公厅关于2026年部分节假日安排的通知（2025年11月）');
insert into core.calendar_day (day, kind, name) values
  ('2026-01-01', 'holiday', '元旦'),
  ('2026-01-02', 'holiday', '元旦'),
  ('2026-01-03', 'holiday', '元旦'),
  ('2026-01-04', 'workday', '元旦调休上班'),
  ('2026-02-14', 'workday', '春节调休上班'),
  ('2026-02-15', 'holiday', '春节'),
  ('2026-02-16', 'holiday', '春节'),
  ('2026-02-17', 'holiday', '春节'),
  ('2026-02-18', 'holiday', '春节'),
  ('2026-02-19', 'holiday', '春节'),
  ('2026-02-20', 'holiday', '春节'),
  ('2026-02-21', 'holiday', '春节'),
  ('2026-02-22', 'holiday', '春节'),
  ('2026-02-23', 'holiday', '春节'),
  ('2026-02-28', 'workday', '春节调休上班'),
  ('2026-04-04', 'holiday', '清明节'),
  ('2026-04-05', 'holiday', '清明节'),
  ('2026-04-06', 'holiday', '清明节'),
  ('2026-05-01', 'holiday', '劳动节'),
  ('2026-05-02', 'holiday', '劳动节'),
  ('2026-05-03', 'holiday', '劳动节'),
  ('2026-05-04', 'holiday', '劳动节'),
  ('2026-05-05', 'holiday', '劳动节'),
  ('2026-05-09', 'workday', '劳动节调休上班'),
  ('2026-06-19', 'holiday', '端午节'),
  ('2026-06-20', 'holiday', '端午节'),
  ('2026-06-21', 'holiday', '端午节'),
  ('2026-09-20', 'workday', '国庆节调休上班'),
  ('2026-09-25', 'holiday', '中秋节'),
  ('2026-09-26', 'holiday', '中秋节'),
  ('2026-09-27', 'holiday', '中秋节'),
  ('2026-10-01', 'holiday', '国庆节'),
  ('2026-10-02', 'holiday', '国庆节'),
  ('2026-10-03', 'holiday', '国庆节'),
  ('2026-10-04', 'holiday', '国庆节'),
  ('2026-10-05', 'holiday', '国庆节'),
  ('2026-10-06', 'holiday', '国庆节'),
  ('2026-10-07', 'holiday', '国庆节'),
  ('2026-10-10', 'workday', '国庆节调休上班');

-- ------------------------------------------------------------------ the yearly declaration (P13)
create table core.declaration_text (
    version    int primary key,
    title      text not null,
    body       text not null,
    digest     text not null check (digest ~ '^[0-9a-f]{64}$'),
    created_at timestamptz not null default now()
);

insert into core.declaration_text (version, title, body, digest)
select 1, t, b, encode(public.digest(convert_to(t || E'\n' || b, 'UTF8'), 'sm3'), 'hex')
  from (values ('金融顾问年度承诺书',
    '本人作为青海省民营和小微企业融资培育工程金融顾问，郑重承诺：' || E'\n'
    || '一、严格保守所服务企业的商业秘密和内幕信息，不泄露、不利用；' || E'\n'
    || '二、不干预企业正常生产经营活动；' || E'\n'
    || '三、坚持义务服务，不以任何形式直接或间接收取企业费用或谋取其他利益；' || E'\n'
    || '四、如实记录服务情况，自觉接受省地方金融监督管理局的监督和考核。' || E'\n'
    || '如有违反，愿意承担相应责任。')) v(t, b);

create table core.advisor_declaration (
    advisor_id  bigint not null references core.advisor,
    year        int not null,
    version     int not null references core.declaration_text,
    digest      text not null,
    user_id     bigint not null references core.app_user,
    declared_at timestamptz not null default now(),
    primary key (advisor_id, year)
);

-- ------------------------------------------------------------------ service records (P5)
-- The duties of P5 a service is about.
create table core.service_topic (
    code     text primary key,
    area     text not null,
    label    text not null,
    position int not null
);

insert into core.service_topic (code, area, label, position) values
  ('governance', '管理能力', '公司治理', 1),
  ('management_systems', '管理能力', '管理制度', 2),
  ('strategy', '管理能力', '发展战略', 3),
  ('main_business', '管理能力', '聚焦主业', 4),
  ('no_over_borrowing', '管理能力', '不过度融资', 5),
  ('policy_advice', '融资能力', '政策和产品咨询', 6),
  ('financing_plan', '融资能力', '融资方案', 7),
  ('lender_contact', '融资能力', '对接金融机构', 8),
  ('share_reform', '融资能力', '股改', 9),
  ('listing', '融资能力', '上市挂牌', 10),
  ('bonds', '融资能力', '发债', 11),
  ('financial_discipline', '可持续发展', '财务规范', 12),
  ('accounts', '可持续发展', '账目和报表', 13),
  ('related_party', '可持续发展', '关联交易', 14),
  ('risk_warning', '可持续发展', '风险提示', 15),
  ('credit_repayment', '可持续发展', '信用和还款', 16),
  ('other', '其他', '其他', 17);

-- The program's largest table: about 10 million rows a year nationally.
-- Partitioned by the year served; every list reads it by enterprise, by
-- advisor or by date, each with its index.
create sequence core.service_record_id_seq;

create table core.service_record (
    id              bigint not null default nextval('core.service_record_id_seq'),
    served_on       date not null,
    agreement_id    bigint not null references core.agreement,
    enterprise_id   bigint not null references core.organisation,
    advisor_id      bigint not null references core.advisor,
    co_advisor_ids  bigint[] not null default '{}',
    year            int not null,
    tier            text not null check (tier in ('province', 'prefecture')),
    mode            text not null check (mode in ('on_site', 'at_institution', 'online', 'phone')),
    prep_minutes    int not null default 0 check (prep_minutes between 0 and 1440),
    contact_minutes int not null default 0 check (contact_minutes between 0 and 1440),
    travel_minutes  int not null default 0 check (travel_minutes between 0 and 2880),
    place           text not null default '' check (length(place) <= 200),
    attendees       text not null default '' check (length(attendees) <= 500),
    topics          text[] not null check (cardinality(topics) between 1 and 17),
    notes           text not null check (length(btrim(notes)) between 10 and 20000),
    secret          boolean not null default false,
    version         int not null default 1,
    created_by      bigint not null references core.app_user,
    created_at      timestamptz not null default now(),
    updated_by      bigint references core.app_user,
    updated_at      timestamptz,
    primary key (id, served_on)
) partition by range (served_on);

create table core.service_record_2025 partition of core.service_record
    for values from ('2025-01-01') to ('2026-01-01');
create table core.service_record_2026 partition of core.service_record
    for values from ('2026-01-01') to ('2027-01-01');
create table core.service_record_2027 partition of core.service_record
    for values from ('2027-01-01') to ('2028-01-01');
create table core.service_record_2028 partition of core.service_record
    for values from ('2028-01-01') to ('2029-01-01');
create table core.service_record_rest partition of core.service_record default;

create index service_record_enterprise on core.service_record (enterprise_id, served_on desc, id desc);
create index service_record_advisor on core.service_record (advisor_id, served_on desc, id desc);
create index service_record_co on core.service_record using gin (co_advisor_ids);
create index service_record_day on core.service_record (served_on desc, id desc);

-- What a record was before each correction: nothing is deleted.
create table core.service_record_history (
    record_id  bigint not null,
    version    int not null,
    data       jsonb not null,
    reason     text not null,
    changed_by bigint not null references core.app_user,
    changed_at timestamptz not null default now(),
    primary key (record_id, version)
);

insert into core.setting (name, value, note) values
  ('service_correct_working_days', '5', '服务记录的作者可在记录后若干个工作日内修改'),
  ('service_idle_days', '30', '企业多少天没有服务记录时列入核查'),
  ('service_first_days', '30', '协议备案后多少天内应有第一次服务');

insert into core.constraint_message values
  ('service_record_notes_check', '服务内容应为 10 至 20000 个字符'),
  ('service_record_topics_check', '请至少选择一项服务事项'),
  ('service_record_prep_minutes_check', '准备时间应为 0 至 1440 分钟'),
  ('service_record_contact_minutes_check', '交流时间应为 0 至 1440 分钟'),
  ('service_record_travel_minutes_check', '路途时间应为 0 至 2880 分钟'),
  ('service_record_place_check', '地点不超过 200 个字符'),
  ('service_record_attendees_check', '企业参加人员不超过 500 个字符'),
  ('advisor_declaration_pkey', '本年度已作出承诺');
