-- 019_enterprise_profile.sql - the enterprise profile (issue "key-enterprise
-- list"): registration, industry, size (computed by core.size_class, with
-- the rule shown), people (names, sealed mobiles), financing needs,
-- existing borrowing, difficulties, and the lenders the enterprise lets see
-- its profile.  Every change is kept as history: who, when, field, old →
-- new (personal numbers only ever in their masked form).
--
-- Who sees a profile: the bureau; the prefecture office of the county the
-- enterprise is registered in; the enterprise's own contact; an
-- institution the enterprise has named in its consent.  Who changes it:
-- the bureau, that prefecture office, the enterprise's contact.
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/enterprise.sql; what stays here is its tables and data.

alter table core.industry_division add constraint industry_division_section_key unique (code, section);

create table core.enterprise (
    org_id             bigint primary key references core.organisation,
    county_code        char(6) not null references core.division,
    industry_section   char(1) not null,
    industry_division  char(2) not null,
    industry_class     text check (industry_class ~ '^[0-9]{4}$'),
    ownership          text not null check (ownership in ('private', 'individual', 'cooperative', 'other')),
    employees          int check (employees between 0 and 10000000),
    revenue            numeric(14, 2) check (revenue >= 0),
    assets             numeric(14, 2) check (assets >= 0),
    figures_year       int check (figures_year between 2000 and 2100),
    size_class         text not null check (size_class in ('large', 'medium', 'small', 'micro')),
    size_rule          text not null,
    legal_rep          text not null check (length(btrim(legal_rep)) between 1 and 50),
    legal_rep_mobile_enc    bytea,
    legal_rep_mobile_idx    text,
    legal_rep_mobile_masked text,
    contact_name       text not null check (length(btrim(contact_name)) between 1 and 50),
    contact_mobile_enc      bytea,
    contact_mobile_idx      text,
    contact_mobile_masked   text,
    need_amount        numeric(14, 2) check (need_amount >= 0),
    need_purpose       text not null default '' check (length(need_purpose) <= 200),
    need_term_months   int check (need_term_months between 1 and 600),
    need_urgency       text not null default 'normal' check (need_urgency in ('low', 'normal', 'high', 'urgent')),
    borrowings         jsonb not null default '[]' check (jsonb_typeof(borrowings) = 'array'),
    difficulties       text[] not null default '{}'
                       check (difficulties <@ '{management,financing,capital_markets,financial_discipline,risk,credit}'),
    consent_orgs       bigint[] not null default '{}',
    version            int not null default 1,
    updated_at         timestamptz not null default now(),
    updated_by         bigint references core.app_user,
    constraint enterprise_industry_fk foreign key (industry_division, industry_section)
        references core.industry_division (code, section)
);

create index enterprise_by_county on core.enterprise (county_code);

create table core.enterprise_history (
    id         bigserial primary key,
    org_id     bigint not null references core.enterprise,
    at         timestamptz not null default now(),
    user_id    bigint references core.app_user,
    field      text not null,
    old_value  text,
    new_value  text
);

create index enterprise_history_by_org on core.enterprise_history (org_id, at);

insert into core.constraint_message values
  ('enterprise_industry_fk', '行业大类与门类不符（GB/T 4754-2017），或行业代码不存在'),
  ('enterprise_ownership_check', '所有制类型应为 private（私营）、individual（个体）、cooperative（合作社）或 other（其他）'),
  ('enterprise_difficulties_check', '困难类别应为 management、financing、capital_markets、financial_discipline、risk、credit'),
  ('enterprise_need_urgency_check', '紧迫程度应为 low、normal、high 或 urgent'),
  ('enterprise_legal_rep_check', '须填写法定代表人姓名'),
  ('enterprise_contact_name_check', '须填写联系人姓名'),
  ('enterprise_employees_check', '从业人员人数不正确'),
  ('enterprise_revenue_check', '营业收入不能为负数'),
  ('enterprise_assets_check', '资产总额不能为负数'),
  ('enterprise_industry_class_check', '行业小类应为 4 位数字'),
  ('enterprise_figures_year_check', '数据所属年度不正确'),
  ('enterprise_need_term_months_check', '融资期限应为 1 至 600 个月');
