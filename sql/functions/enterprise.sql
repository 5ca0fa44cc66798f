-- enterprise.sql - enterprise profiles: the 2011 SME size rules
-- (工信部联企业〔2011〕300号), profiles with their history, lenders' access by
-- the enterprise's consent.

create function lib.size_category(p_division text, p_class text) returns text
language sql immutable as $$
    select case
        when p_division between '01' and '05' then 'agriculture'
        when p_division between '06' and '46' then 'industry'
        when p_division between '47' and '50' then 'construction'
        when p_division = '51' then 'wholesale'
        when p_division = '52' then 'retail'
        when p_division between '54' and '58' then 'transport'
        when p_division = '59' then 'warehousing'
        when p_division = '60' then 'postal'
        when p_division = '61' then 'lodging'
        when p_division = '62' then 'catering'
        when p_division in ('63', '64') then 'info_transmission'
        when p_division = '65' then 'software'
        when p_division = '70' and p_class = '7010' then 'real_estate'
        when p_division = '70' and p_class = '7020' then 'property'
        when p_division in ('71', '72') then 'leasing_business'
        else 'other' end
$$;

create function lib.size_measure_label(p text) returns text
language sql immutable as $$
    select case p when 'employees' then '从业人员' when 'revenue' then '营业收入' else '资产总额' end
$$;

create function lib.size_measure_text(p text, v numeric) returns text
language sql immutable as $$
    select lib.size_measure_label(p) || ' ' || trim(to_char(v, 'FM999999999990.##'))
           || case p when 'employees' then ' 人' else ' 万元' end
$$;

-- {"class": large|medium|small|micro, "category", "rule": the reason in Chinese}
create function lib.size_class(p_division text, p_class text, p_employees numeric, p_revenue numeric,
                                p_assets numeric) returns jsonb
language plpgsql stable as $$
declare
    r core.size_rule;
    a numeric;
    b numeric;
    v_class text;
    v_why text;
    v_cond text;
begin
    select * into r from core.size_rule where category = lib.size_category(p_division, p_class);
    a := case r.measure_a when 'employees' then p_employees when 'revenue' then p_revenue else p_assets end;
    b := case r.measure_b when 'employees' then p_employees when 'revenue' then p_revenue
                          when 'assets' then p_assets end;
    if a is null or (r.measure_b is not null and b is null) then
        perform lib.fail('INVALID', format('%s企业划型须填写%s%s', r.label, lib.size_measure_label(r.measure_a),
                                    case when r.measure_b is null then ''
                                         else '和' || lib.size_measure_label(r.measure_b) end));
    end if;
    if a < 0 or coalesce(b, 0) < 0 then
        perform lib.fail('INVALID', '从业人员、营业收入、资产总额不能为负数');
    end if;
    if a >= r.upper_a and (r.measure_b is null or b >= r.upper_b) then
        v_class := 'large';
        v_cond := format('大型：%s%s', lib.size_measure_text(r.measure_a, r.upper_a) || ' 及以上',
                         case when r.measure_b is null then ''
                              else '且' || lib.size_measure_text(r.measure_b, r.upper_b) || ' 及以上' end);
    elsif a >= r.medium_a and (r.measure_b is null or b >= r.medium_b) then
        v_class := 'medium';
        v_cond := format('中型：%s%s', lib.size_measure_text(r.measure_a, r.medium_a) || ' 及以上',
                         case when r.measure_b is null then ''
                              else '且' || lib.size_measure_text(r.measure_b, r.medium_b) || ' 及以上' end);
    elsif a >= r.small_a and (r.measure_b is null or b >= r.small_b) then
        v_class := 'small';
        v_cond := format('小型：%s%s', lib.size_measure_text(r.measure_a, r.small_a) || ' 及以上',
                         case when r.measure_b is null then ''
                              else '且' || lib.size_measure_text(r.measure_b, r.small_b) || ' 及以上' end);
    else
        v_class := 'micro';
        v_cond := format('微型：%s%s', lib.size_measure_text(r.measure_a, r.small_a) || ' 以下',
                         case when r.measure_b is null then ''
                              else '或' || lib.size_measure_text(r.measure_b, r.small_b) || ' 以下' end);
    end if;
    v_why := format('%s：%s%s → %s（工信部联企业〔2011〕300号）', r.label,
                    lib.size_measure_text(r.measure_a, a),
                    case when r.measure_b is null then '' else '、' || lib.size_measure_text(r.measure_b, b) end,
                    v_cond);
    return jsonb_build_object('class', v_class, 'category', r.category, 'rule', v_why);
end $$;

create function lib.prefecture_of_enterprise(p_org bigint) returns text
language sql stable as $$
    select lib.prefecture_of(county_code) from core.enterprise where org_id = p_org
$$;

create function lib.sees_enterprise(ctx jsonb, e core.enterprise) returns boolean
language sql stable as $$
    select coalesce(case ctx->>'scope'
        when 'province' then true
        when 'prefecture' then lib.prefecture_of(e.county_code) = ctx->>'prefecture'
        else e.org_id = (ctx->>'org_id')::bigint
             or (ctx->'roles' ?| array['institution_admin', 'institution_staff']
                 and (ctx->>'org_id')::bigint = any (e.consent_orgs)) end, false)
$$;

create function lib.changes_enterprise(ctx jsonb, e core.enterprise) returns boolean
language sql stable as $$
    select coalesce(case
        when lib.has_role(ctx, 'bureau_admin') then true
        when lib.has_role(ctx, 'prefecture_staff') then lib.prefecture_of(e.county_code) = ctx->>'prefecture'
        when lib.has_role(ctx, 'enterprise_contact') then e.org_id = (ctx->>'org_id')::bigint
        else false end, false)
$$;

create function lib.enterprise_json(ctx jsonb, p_org bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', e.org_id, 'name', o.name, 'credit_code', o.credit_code, 'county_code', e.county_code,
        'county_name', (select name from core.division where code = e.county_code),
        'prefecture_code', lib.prefecture_of(e.county_code),
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
        'consent_org_names', case when ctx->>'scope' in ('province', 'prefecture') or e.org_id = (ctx->>'org_id')::bigint
                                  then (select coalesce(jsonb_agg(o.name order by o.name), '[]') from core.organisation o
                                         where o.id = any (e.consent_orgs)) else '[]' end,
        'version', e.version,
        'updated_at', lib.time_text(e.updated_at))
      from core.enterprise e join core.organisation o on o.id = e.org_id
     where e.org_id = p_org
$$;

-- Check a profile's fields (as sent: one save, one recommendation, one file
-- row) and return them normalised, with the size class.  Errors raised here
-- are answered in Chinese; file rows collect them with their line.
create function lib.check_enterprise(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_county core.division;
    v_div core.industry_division;
    v_size jsonb;
    v_bad text;
    b jsonb;
begin
    if coalesce(a->>'_error', '') <> '' then
        perform lib.fail('INVALID', a->>'_error');
    end if;
    if length(btrim(coalesce(a->>'name', ''))) < 2 then
        perform lib.fail('INVALID', '须填写企业名称');
    end if;
    if coalesce(a->>'credit_code', '') = '' then
        perform lib.fail('INVALID', '须填写统一社会信用代码');
    end if;
    select * into v_county from core.division where code = a->>'county_code';
    if not found or v_county.level <> 'county' then
        perform lib.fail('INVALID', format('注册地“%s”不是青海省的县级行政区划代码', coalesce(a->>'county_code', '')));
    end if;
    if ctx->>'scope' = 'prefecture' and lib.prefecture_of(v_county.code) <> ctx->>'prefecture' then
        perform lib.fail('INVALID', format('注册地 %s（%s）不在本市（州）', v_county.code, v_county.name));
    end if;
    select * into v_div from core.industry_division where code = a->>'industry_division';
    if not found then
        perform lib.fail('INVALID', format('未知的行业大类“%s”（GB/T 4754-2017 两位代码）', coalesce(a->>'industry_division', '')));
    end if;
    if coalesce(nullif(a->>'industry_section', ''), v_div.section) <> v_div.section then
        perform lib.fail('INVALID', format('行业大类 %s（%s）属于门类 %s，不是 %s', v_div.code, v_div.name, v_div.section,
                                    a->>'industry_section'));
    end if;
    if coalesce(a->>'industry_class', '') <> '' and left(a->>'industry_class', 2) <> v_div.code then
        perform lib.fail('INVALID', format('行业小类 %s 不属于大类 %s', a->>'industry_class', v_div.code));
    end if;
    v_size := lib.size_class(v_div.code, nullif(a->>'industry_class', ''), (a->>'employees')::numeric,
                              (a->>'revenue')::numeric, (a->>'assets')::numeric);
    select string_agg(x, '、') into v_bad from unnest(lib.text_array(a->'difficulties')) x
     where x not in ('management', 'financing', 'capital_markets', 'financial_discipline', 'risk', 'credit');
    if v_bad is not null then
        perform lib.fail('INVALID', format('未知的困难类别：%s', v_bad));
    end if;
    for b in select * from jsonb_array_elements(coalesce(a->'borrowings', '[]')) loop
        if coalesce(btrim(b->>'lender'), '') = '' or coalesce((b->>'amount')::numeric, -1) < 0
           or (coalesce(b->>'due', '') <> '' and b->>'due' !~ '^\d{4}-\d{2}-\d{2}$') then
            perform lib.fail('INVALID', '现有借款须写明贷款机构、金额（万元）和到期日（yyyy-mm-dd）');
        end if;
    end loop;
    return a || jsonb_build_object('industry_section', v_div.section, 'size_class', v_size->>'class',
                                   'size_rule', v_size->>'rule');
end $$;

-- Record old → new for every field that changed (personal numbers masked);
-- a new profile is one row, "created".
create function lib.enterprise_log(p_org bigint, p_user bigint, p_old jsonb, p_new jsonb) returns void
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

-- Create or update the profile from checked fields v (lib.check_enterprise);
-- returns the enterprise (organisation) id.
create function lib.save_enterprise(ctx jsonb, v jsonb) returns bigint
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
                perform lib.fail('CONFLICT', '该统一社会信用代码属于一家金融或中介机构，不是企业');
            end if;
        elsif not lib.changes_enterprise(ctx, e) then
            perform lib.fail('REFUSED', '该企业已登记在其他市（州），本单位不能修改');
        end if;
        v_old := case when e.org_id is null then '{}' else lib.enterprise_json(ctx, v_org) end;
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
            coalesce(v->'borrowings', '[]'), lib.text_array(v->'difficulties'), (ctx->>'user_id')::bigint)
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
    perform lib.enterprise_log(v_org, (ctx->>'user_id')::bigint, v_old,
                                case when v_old = '{}' then jsonb_build_object('name', btrim(v->>'name'))
                                     else lib.enterprise_json(ctx, v_org) end);
    return v_org;
end $$;

create function m.enterprise_save(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_org bigint;
begin
    if lib.has_role(ctx, 'enterprise_contact') and not ctx->'roles' ?| array['bureau_admin', 'prefecture_staff'] then
        -- the enterprise's own contact: only its own profile, by its own code
        if (select credit_code from core.organisation where id = (ctx->>'org_id')::bigint)
           is distinct from upper(coalesce(a->>'credit_code', '')) then
            perform lib.fail('REFUSED', '企业联系人只能维护本企业的信息');
        end if;
    end if;
    v_org := lib.save_enterprise(ctx, lib.check_enterprise(ctx, a));
    perform lib.set_object('enterprise:' || v_org);
    return lib.enterprise_json(ctx, v_org);
end $$;

create function m.enterprise_get(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    e core.enterprise;
begin
    select * into e from core.enterprise where org_id = (a->>'id')::bigint;
    if not found or not lib.sees_enterprise(ctx, e) then
        perform lib.fail('NOT_FOUND', '企业不存在');
    end if;
    perform lib.set_object('enterprise:' || e.org_id);
    return lib.enterprise_json(ctx, e.org_id);
end $$;

create function m.enterprise_history(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    e core.enterprise;
begin
    select * into e from core.enterprise where org_id = (a->>'id')::bigint;
    if not found or not lib.sees_enterprise(ctx, e)
       or (ctx->'roles' ?| array['institution_admin', 'institution_staff'] and ctx->>'scope' not in ('province', 'prefecture')) then
        perform lib.fail('NOT_FOUND', '企业不存在');
    end if;
    return jsonb_build_object('changes', coalesce((
        select jsonb_agg(jsonb_build_object(
                   'at', lib.time_text(h.at),
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
        perform lib.fail('NOT_FOUND', '本企业尚无登记信息');
    end if;
    select coalesce(array_agg(distinct x::bigint), '{}') into v_orgs
      from jsonb_array_elements_text(coalesce(a->'org_ids', '[]')) x;
    if exists (select 1 from unnest(v_orgs) x
                where not exists (select 1 from core.organisation o where o.id = x and o.kind = 'institution')) then
        perform lib.fail('INVALID', '只能授权金融及中介机构查看本企业信息');
    end if;
    update core.enterprise set consent_orgs = v_orgs, version = version + 1, updated_at = now(),
                               updated_by = (ctx->>'user_id')::bigint
     where org_id = e.org_id;
    insert into core.enterprise_history (org_id, user_id, field, old_value, new_value)
    values (e.org_id, (ctx->>'user_id')::bigint, 'consent_org_ids', to_jsonb(e.consent_orgs)::text, to_jsonb(v_orgs)::text);
    perform lib.set_object('enterprise:' || e.org_id || ' consent');
    return lib.enterprise_json(ctx, e.org_id);
end $$;
