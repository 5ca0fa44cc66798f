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

create function core.prefecture_of_enterprise(p_org bigint) returns text
language sql stable as $$
    select core.prefecture_of(county_code) from core.enterprise where org_id = p_org
$$;

create function core.sees_enterprise(ctx jsonb, e core.enterprise) returns boolean
language sql stable as $$
    select coalesce(case ctx->>'scope'
        when 'province' then true
        when 'prefecture' then core.prefecture_of(e.county_code) = ctx->>'prefecture'
        else e.org_id = (ctx->>'org_id')::bigint
             or (ctx->'roles' ?| array['institution_admin', 'institution_staff']
                 and (ctx->>'org_id')::bigint = any (e.consent_orgs)) end, false)
$$;

create function core.changes_enterprise(ctx jsonb, e core.enterprise) returns boolean
language sql stable as $$
    select coalesce(case
        when core.has_role(ctx, 'bureau_admin') then true
        when core.has_role(ctx, 'prefecture_staff') then core.prefecture_of(e.county_code) = ctx->>'prefecture'
        when core.has_role(ctx, 'enterprise_contact') then e.org_id = (ctx->>'org_id')::bigint
        else false end, false)
$$;

create function core.enterprise_json(ctx jsonb, p_org bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', e.org_id, 'name', o.name, 'credit_code', o.credit_code, 'county_code', e.county_code,
        'county_name', (select name from core.division where code = e.county_code),
        'prefecture_code', core.prefecture_of(e.county_code),
        'industry_section', e.industry_section, 'industry_division', e.industry_division,
        'industry_class', coalesce(e.industry_class, ''),
        'industry_name', (select name from core.industry_division where code = e.industry_division),
        'ownership', e.ownership, 'employees', coalesce(e.employees, 0),
        'revenue', coalesce(e.revenue, 0), 'assets', coalesce(e.assets, 0),
        'figures_year', coalesce(e.figures_year, 0), 'size_class', e.size_class, 'size_rule', e.size_rule,
        'legal_rep', e.legal_rep, 'legal_rep_mobile', coalesce(e.legal_rep_mobile_masked, ''),
        'contact_name', e.contact_name, 'contact_mobile', coalesce(e.contact_mobile_masked, ''),
        'need_amount', coalesce(e.need_amount, 0), 'need_purpose', e.need_purpose,
        'need_term_months', coalesce(e.need_term_months, 0), 'need_urgency', e.need_urgency,
        'borrowings', e.borrowings, 'difficulties', to_jsonb(e.difficulties),
        -- the consent list is the enterprise's business and the regulators'
        'consent_org_ids', case when ctx->>'scope' in ('province', 'prefecture') or e.org_id = (ctx->>'org_id')::bigint
                                then to_jsonb(e.consent_orgs) else '[]' end,
        'version', e.version,
        'updated_at', to_char(e.updated_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'))
      from core.enterprise e join core.organisation o on o.id = e.org_id
     where e.org_id = p_org
$$;

-- Check a profile's fields (as sent: one save, one recommendation, one file
-- row) and return them normalised, with the size class.  Errors raised here
-- are answered in Chinese; file rows collect them with their line.
create function core.check_enterprise(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_county core.division;
    v_div core.industry_division;
    v_size jsonb;
    v_bad text;
    b jsonb;
begin
    if coalesce(a->>'_error', '') <> '' then
        perform core.fail(1, a->>'_error');
    end if;
    if length(btrim(coalesce(a->>'name', ''))) < 2 then
        perform core.fail(1, '须填写企业名称');
    end if;
    if coalesce(a->>'credit_code', '') = '' then
        perform core.fail(1, '须填写统一社会信用代码');
    end if;
    select * into v_county from core.division where code = a->>'county_code';
    if not found or v_county.level <> 'county' then
        perform core.fail(1, format('注册地“%s”不是青海省的县级行政区划代码', coalesce(a->>'county_code', '')));
    end if;
    if ctx->>'scope' = 'prefecture' and core.prefecture_of(v_county.code) <> ctx->>'prefecture' then
        perform core.fail(1, format('注册地 %s（%s）不在本市（州）', v_county.code, v_county.name));
    end if;
    select * into v_div from core.industry_division where code = a->>'industry_division';
    if not found then
        perform core.fail(1, format('未知的行业大类“%s”（GB/T 4754-2017 两位代码）', coalesce(a->>'industry_division', '')));
    end if;
    if coalesce(nullif(a->>'industry_section', ''), v_div.section) <> v_div.section then
        perform core.fail(1, format('行业大类 %s（%s）属于门类 %s，不是 %s', v_div.code, v_div.name, v_div.section,
                                    a->>'industry_section'));
    end if;
    if coalesce(a->>'industry_class', '') <> '' and left(a->>'industry_class', 2) <> v_div.code then
        perform core.fail(1, format('行业小类 %s 不属于大类 %s', a->>'industry_class', v_div.code));
    end if;
    v_size := core.size_class(v_div.code, nullif(a->>'industry_class', ''), (a->>'employees')::numeric,
                              (a->>'revenue')::numeric, (a->>'assets')::numeric);
    select string_agg(x, '、') into v_bad from unnest(core.text_array(a->'difficulties')) x
     where x not in ('management', 'financing', 'capital_markets', 'financial_discipline', 'risk', 'credit');
    if v_bad is not null then
        perform core.fail(1, format('未知的困难类别：%s', v_bad));
    end if;
    for b in select * from jsonb_array_elements(coalesce(a->'borrowings', '[]')) loop
        if coalesce(btrim(b->>'lender'), '') = '' or coalesce((b->>'amount')::numeric, -1) < 0
           or (coalesce(b->>'due', '') <> '' and b->>'due' !~ '^\d{4}-\d{2}-\d{2}$') then
            perform core.fail(1, '现有借款须写明贷款机构、金额（万元）和到期日（yyyy-mm-dd）');
        end if;
    end loop;
    return a || jsonb_build_object('industry_section', v_div.section, 'size_class', v_size->>'class',
                                   'size_rule', v_size->>'rule');
end $$;

-- Record old → new for every field that changed (personal numbers masked);
-- a new profile is one row, "created".
create function core.enterprise_log(p_org bigint, p_user bigint, p_old jsonb, p_new jsonb) returns void
language sql as $$
    insert into core.enterprise_history (org_id, user_id, field, old_value, new_value)
    select p_org, p_user, 'created', null, p_new->>'name' where p_old = '{}'
    union all
    select p_org, p_user, k, p_old->>k, p_new->>k
      from jsonb_object_keys(p_new) k
     where p_old <> '{}'
       and k not in ('version', 'updated_at', 'county_name', 'industry_name', 'prefecture_code')
       and (p_old->k) is distinct from (p_new->k)
$$;

-- Create or update the profile from checked fields v (core.check_enterprise);
-- returns the enterprise (organisation) id.
create function core.save_enterprise(ctx jsonb, v jsonb) returns bigint
language plpgsql as $$
declare
    v_org bigint;
    e core.enterprise;
    v_old jsonb;
begin
    select id into v_org from core.organisation where credit_code = upper(v->>'credit_code');
    if found then
        select * into e from core.enterprise where org_id = v_org for update;
        if not found then
            if (select kind from core.organisation where id = v_org) <> 'enterprise' then
                perform core.fail(5, '该统一社会信用代码属于一家金融或中介机构，不是企业');
            end if;
        elsif not core.changes_enterprise(ctx, e) then
            perform core.fail(3, '该企业已登记在其他市（州），本单位不能修改');
        end if;
        v_old := case when e.org_id is null then '{}' else core.enterprise_json(ctx, v_org) end;
        update core.organisation set name = btrim(v->>'name'), division_code = v->>'county_code' where id = v_org;
    else
        insert into core.organisation (kind, name, division_code, credit_code)
        values ('enterprise', btrim(v->>'name'), v->>'county_code', upper(v->>'credit_code'))
        returning id into v_org;
        v_old := '{}';
    end if;
    insert into core.enterprise as t (org_id, county_code, industry_section, industry_division, industry_class,
                                      ownership, employees, revenue, assets, figures_year, size_class, size_rule,
                                      legal_rep, legal_rep_mobile_enc, legal_rep_mobile_idx, legal_rep_mobile_masked,
                                      contact_name, contact_mobile_enc, contact_mobile_idx, contact_mobile_masked,
                                      need_amount, need_purpose, need_term_months, need_urgency, borrowings,
                                      difficulties, updated_by)
    values (v_org, v->>'county_code', v->>'industry_section', v->>'industry_division',
            nullif(v->>'industry_class', ''), coalesce(nullif(v->>'ownership', ''), 'private'),
            (v->>'employees')::int, (v->>'revenue')::numeric, (v->>'assets')::numeric,
            nullif((v->>'figures_year')::int, 0), v->>'size_class', v->>'size_rule',
            btrim(coalesce(v->>'legal_rep', '')), decode(nullif(v->>'legal_rep_mobile_enc', ''), 'hex'),
            nullif(v->>'legal_rep_mobile_idx', ''), nullif(v->>'legal_rep_mobile_masked', ''),
            btrim(coalesce(v->>'contact_name', '')), decode(nullif(v->>'contact_mobile_enc', ''), 'hex'),
            nullif(v->>'contact_mobile_idx', ''), nullif(v->>'contact_mobile_masked', ''),
            nullif((v->>'need_amount')::numeric, 0), coalesce(v->>'need_purpose', ''),
            nullif((v->>'need_term_months')::int, 0), coalesce(nullif(v->>'need_urgency', ''), 'normal'),
            coalesce(v->'borrowings', '[]'), core.text_array(v->'difficulties'), (ctx->>'user_id')::bigint)
    on conflict (org_id) do update
       set county_code = excluded.county_code, industry_section = excluded.industry_section,
           industry_division = excluded.industry_division, industry_class = excluded.industry_class,
           ownership = excluded.ownership, employees = excluded.employees, revenue = excluded.revenue,
           assets = excluded.assets, figures_year = excluded.figures_year, size_class = excluded.size_class,
           size_rule = excluded.size_rule, legal_rep = excluded.legal_rep,
           -- a mobile not sent again stays as it was
           legal_rep_mobile_enc = coalesce(excluded.legal_rep_mobile_enc, t.legal_rep_mobile_enc),
           legal_rep_mobile_idx = coalesce(excluded.legal_rep_mobile_idx, t.legal_rep_mobile_idx),
           legal_rep_mobile_masked = coalesce(excluded.legal_rep_mobile_masked, t.legal_rep_mobile_masked),
           contact_name = excluded.contact_name,
           contact_mobile_enc = coalesce(excluded.contact_mobile_enc, t.contact_mobile_enc),
           contact_mobile_idx = coalesce(excluded.contact_mobile_idx, t.contact_mobile_idx),
           contact_mobile_masked = coalesce(excluded.contact_mobile_masked, t.contact_mobile_masked),
           need_amount = excluded.need_amount, need_purpose = excluded.need_purpose,
           need_term_months = excluded.need_term_months, need_urgency = excluded.need_urgency,
           borrowings = excluded.borrowings, difficulties = excluded.difficulties,
           version = t.version + 1, updated_at = now(), updated_by = excluded.updated_by;
    perform core.enterprise_log(v_org, (ctx->>'user_id')::bigint, v_old,
                                case when v_old = '{}' then jsonb_build_object('name', btrim(v->>'name'))
                                     else core.enterprise_json(ctx, v_org) end);
    return v_org;
end $$;

create function m.enterprise_save(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_org bigint;
begin
    if core.has_role(ctx, 'enterprise_contact') and not ctx->'roles' ?| array['bureau_admin', 'prefecture_staff'] then
        -- the enterprise's own contact: only its own profile, by its own code
        if (select credit_code from core.organisation where id = (ctx->>'org_id')::bigint)
           is distinct from upper(coalesce(a->>'credit_code', '')) then
            perform core.fail(3, '企业联系人只能维护本企业的信息');
        end if;
    end if;
    v_org := core.save_enterprise(ctx, core.check_enterprise(ctx, a));
    perform core.set_object('enterprise:' || v_org);
    return core.enterprise_json(ctx, v_org);
end $$;

create function m.enterprise_get(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    e core.enterprise;
begin
    select * into e from core.enterprise where org_id = (a->>'id')::bigint;
    if not found or not core.sees_enterprise(ctx, e) then
        perform core.fail(4, '企业不存在');
    end if;
    perform core.set_object('enterprise:' || e.org_id);
    return core.enterprise_json(ctx, e.org_id);
end $$;

create function m.enterprise_history(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    e core.enterprise;
begin
    select * into e from core.enterprise where org_id = (a->>'id')::bigint;
    if not found or not core.sees_enterprise(ctx, e)
       or (ctx->'roles' ?| array['institution_admin', 'institution_staff'] and ctx->>'scope' not in ('province', 'prefecture')) then
        perform core.fail(4, '企业不存在');
    end if;
    return jsonb_build_object('changes', coalesce((
        select jsonb_agg(jsonb_build_object(
                   'at', to_char(h.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS'),
                   'username', coalesce(u.username, ''), 'field', h.field,
                   'old_value', coalesce(h.old_value, ''), 'new_value', coalesce(h.new_value, ''))
                   order by h.id)
          from core.enterprise_history h left join core.app_user u on u.id = h.user_id
         where h.org_id = e.org_id), '[]'));
end $$;

-- The enterprise names the lenders that may see its profile.
create function m.enterprise_consent(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    e core.enterprise;
    v_orgs bigint[];
begin
    select * into e from core.enterprise where org_id = (ctx->>'org_id')::bigint for update;
    if not found then
        perform core.fail(4, '本企业尚无登记信息');
    end if;
    select coalesce(array_agg(distinct x::bigint), '{}') into v_orgs
      from jsonb_array_elements_text(coalesce(a->'org_ids', '[]')) x;
    if exists (select 1 from unnest(v_orgs) x
                where not exists (select 1 from core.organisation o where o.id = x and o.kind = 'institution')) then
        perform core.fail(1, '只能授权金融及中介机构查看本企业信息');
    end if;
    update core.enterprise set consent_orgs = v_orgs, version = version + 1, updated_at = now(),
                               updated_by = (ctx->>'user_id')::bigint
     where org_id = e.org_id;
    insert into core.enterprise_history (org_id, user_id, field, old_value, new_value)
    values (e.org_id, (ctx->>'user_id')::bigint, 'consent_org_ids', to_jsonb(e.consent_orgs)::text, to_jsonb(v_orgs)::text);
    perform core.set_object('enterprise:' || e.org_id || ' consent');
    return core.enterprise_json(ctx, e.org_id);
end $$;
