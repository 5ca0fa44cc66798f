-- 006_intake.sql - advisor intake, first part (P1): rounds with review
-- criteria and per-institution quotas, and nominations drafted by offices,
-- returned or submitted by the institution administrator within its quota.
--
-- Tiers: the bureau's provincial rounds, and each prefecture office's own
-- rounds for its prefecture-level team (P4).  A quota is never exceeded:
-- submitting locks the institution's quota row, so concurrent submissions
-- from several offices serialise on it.
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/intake.sql; what stays here is its tables and data.

create table core.specialism (
    code  text primary key,
    label text not null
);

insert into core.specialism values
  ('credit', '信贷融资'), ('bonds', '债券融资'), ('equity', '股权融资与上市'),
  ('insurance', '保险'), ('guarantee', '融资担保'), ('law', '法律'),
  ('accounting', '会计税务'), ('governance', '公司治理'), ('risk', '风险管理'),
  ('policy', '政策');

create table core.intake_round (
    id              bigserial primary key,
    tier            text not null check (tier in ('province', 'prefecture')),
    prefecture_code char(6) references core.division,
    year            int not null check (year between 2020 and 2100),
    title           text not null check (length(btrim(title)) between 2 and 100),
    target          int not null check (target between 1 and 10000),
    deadline        date not null,
    status          text not null default 'open' check (status in ('open', 'closed')),
    opened_by       bigint references core.app_user,
    created_at      timestamptz not null default now(),
    constraint intake_round_tier check ((tier = 'prefecture') = (prefecture_code is not null)),
    constraint intake_round_title_key unique (tier, prefecture_code, year, title)
);

create table core.round_criterion (
    round_id bigint not null references core.intake_round,
    position int not null,
    name     text not null check (length(btrim(name)) between 1 and 40),
    weight   int not null check (weight between 1 and 100),
    primary key (round_id, position),
    constraint round_criterion_name_key unique (round_id, name)
);

create table core.round_quota (
    round_id bigint not null references core.intake_round,
    org_id   bigint not null references core.organisation,
    quota    int not null check (quota between 0 and 1000),
    primary key (round_id, org_id)
);

create table core.nomination (
    id                 bigserial primary key,
    round_id           bigint not null references core.intake_round,
    org_id             bigint not null references core.organisation,
    office_id          bigint,
    status             text not null default 'draft' check (status in ('draft', 'returned', 'submitted')),
    name               text not null check (length(btrim(name)) between 1 and 50),
    gender             text not null check (gender in ('男', '女')),
    id_number_enc      bytea not null,
    id_number_idx      text not null,
    id_number_masked   text not null,
    mobile_enc         bytea,
    mobile_idx         text,
    mobile_masked      text,
    position           text not null default '',
    title              text not null default '',
    years              int not null check (years between 0 and 60),
    qualifications     text not null default '',
    specialisms        text[] not null check (cardinality(specialisms) between 1 and 10),
    sections           text[] not null default '{}',
    prefectures        text[] not null check (cardinality(prefectures) >= 1),
    declaration_signed boolean not null check (declaration_signed),
    notice_version     text not null check (length(notice_version) between 1 and 20),
    return_reason      text,
    drafted_by         bigint references core.app_user,
    submitted_by       bigint references core.app_user,
    submitted_at       timestamptz,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    constraint nomination_office_fk foreign key (office_id, org_id) references core.office (id, org_id),
    constraint nomination_person_key unique (round_id, id_number_idx),
    constraint nomination_quota_fk foreign key (round_id, org_id) references core.round_quota (round_id, org_id)
);

create index nomination_by_org on core.nomination (round_id, org_id, status);

insert into core.constraint_message values
  ('intake_round_title_key', '同一年度已有同名轮次'),
  ('intake_round_title_check', '轮次名称应为 2 至 100 个字符'),
  ('intake_round_target_check', '目标人数应为 1 至 10000'),
  ('intake_round_year_check', '年度不正确'),
  ('round_criterion_name_key', '评审标准名称重复'),
  ('round_criterion_weight_check', '评审标准权重应为 1 至 100'),
  ('round_quota_quota_check', '名额应为 0 至 1000'),
  ('round_quota_org_id_fkey', '机构不存在'),
  ('nomination_person_key', '该候选人（身份证号）已在本轮被提名'),
  ('nomination_office_fk', '网点不属于本机构'),
  ('nomination_quota_fk', '本机构在该轮次没有提名名额'),
  ('nomination_gender_check', '性别应为“男”或“女”'),
  ('nomination_years_check', '从业年限应为 0 至 60'),
  ('nomination_specialisms_check', '至少选择一项专业领域'),
  ('nomination_prefectures_check', '至少选择一个可服务的市（州）'),
  ('nomination_declaration_signed_check', '候选人须签署保密、义务服务和利益冲突声明（P13）'),
  ('nomination_notice_version_check', '须注明候选人同意的个人信息告知书版本'),
  ('nomination_name_check', '姓名应为 1 至 50 个字符');
