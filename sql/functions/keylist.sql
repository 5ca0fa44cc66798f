-- keylist.sql - the key-enterprise list (P6, P12): yearly recommendation
-- rounds with targets, recommendations one by one or from files,
-- decisions, the list with its statistics and year-on-year changes, and
-- removal with a place to refill.

-- May the caller run round r (open it, decide its recommendations)?
create function lib.owns_keylist(ctx jsonb, r core.keylist_round) returns boolean
language sql stable as $$
    select case r.tier
        when 'province' then lib.has_role(ctx, 'bureau_admin')
        else lib.has_role(ctx, 'prefecture_staff') and r.prefecture_code = ctx->>'prefecture' end
$$;

create function lib.sees_keylist(ctx jsonb, r core.keylist_round) returns boolean
language sql stable as $$
    select case ctx->>'scope'
        when 'province' then true
        when 'prefecture' then r.tier = 'province' or r.prefecture_code = ctx->>'prefecture'
        else false end
$$;

create function lib.keylist_round_json(ctx jsonb, p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', r.id, 'tier', r.tier, 'prefecture_code', coalesce(r.prefecture_code, ''), 'year', r.year,
        'deadline', to_char(r.deadline, 'YYYY-MM-DD'), 'status', r.status,
        -- the advisor pool of the tier serves 1–2 enterprises each
        'advisors', (select count(*) from core.advisor ad
                      where ad.status = 'active' and ad.tier = r.tier
                        and (r.tier = 'province' or ad.prefecture_code = r.prefecture_code)),
        'targets', coalesce((select jsonb_agg(jsonb_build_object(
                        'prefecture_code', t.prefecture_code,
                        'prefecture_name', (select name from core.division where code = t.prefecture_code),
                        'target', t.target,
                        'recommended', (select count(*) from core.recommendation rc
                                         where rc.round_id = r.id and rc.prefecture_code = t.prefecture_code
                                           and rc.status <> 'rejected'),
                        'approved', (select count(*) from core.recommendation rc
                                      where rc.round_id = r.id and rc.prefecture_code = t.prefecture_code
                                        and rc.status = 'approved')) order by t.prefecture_code)
                        from core.keylist_target t where t.round_id = r.id
                         and (ctx->>'scope' = 'province' or r.tier = 'prefecture'
                              or t.prefecture_code = ctx->>'prefecture')), '[]'))
      from core.keylist_round r where r.id = p_id
$$;

create function m.keylist_open(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.keylist_round;
    t jsonb;
begin
    r.tier := coalesce(nullif(a->>'tier', ''), 'province');
    if r.tier = 'prefecture' then
        r.prefecture_code := nullif(ctx->>'prefecture', '');
    end if;
    perform lib.require(lib.owns_keylist(ctx, r),
        case r.tier when 'province' then '省级推荐轮次由省局管理员开启' else '市州推荐轮次由本市（州）金融办开启' end);
    if nullif(a->>'deadline', '') is null or (a->>'deadline')::date < lib.today() then
        perform lib.fail('INVALID', '推荐截止日期须为今天或以后的日期（yyyy-mm-dd）');
    end if;
    insert into core.keylist_round (tier, prefecture_code, year, deadline, opened_by)
    values (r.tier, r.prefecture_code, (a->>'year')::int, (a->>'deadline')::date, (ctx->>'user_id')::bigint)
    returning * into r;
    for t in select * from jsonb_array_elements(coalesce(a->'targets', '[]')) loop
        if r.tier = 'prefecture' and t->>'prefecture_code' <> r.prefecture_code
           or not exists (select 1 from core.division where code = t->>'prefecture_code' and level = 'prefecture') then
            perform lib.fail('INVALID', format('目标须按本级所辖市（州）设定：%s', coalesce(t->>'prefecture_code', '')));
        end if;
        insert into core.keylist_target values (r.id, t->>'prefecture_code', (t->>'target')::int);
    end loop;
    if r.tier = 'prefecture' and not exists (select 1 from core.keylist_target where round_id = r.id) then
        insert into core.keylist_target values (r.id, r.prefecture_code, coalesce((a->>'target')::int, 0));
    end if;
    -- carry over last year's list: fewer than two years in the program
    insert into core.key_enterprise (year, tier, prefecture_code, enterprise_id, source, since_year)
    select r.year, k.tier, k.prefecture_code, k.enterprise_id, 'carried', k.since_year
      from core.key_enterprise k
     where k.year = r.year - 1 and k.tier = r.tier and k.status = 'listed'
       and (r.tier = 'province' or k.prefecture_code = r.prefecture_code)
       and r.year - k.since_year < 2
    on conflict do nothing;
    perform lib.set_object('keylist_round:' || r.id);
    return lib.keylist_round_json(ctx, r.id);
end $$;

create function m.keylist_rounds(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('rounds', jsonb_agg(lib.keylist_round_json(ctx, x.id) order by x.k), array_agg(x.k order by x.k),
                    lib.page_limit(a))
      from (select r.id, k.k
              from core.keylist_round r, lateral (select lib.page_key(lib.page_desc(r.year), lib.page_desc(r.id)) k) k
             where lib.sees_keylist(ctx, r)
               and (coalesce((a->>'year')::int, 0) = 0 or r.year = (a->>'year')::int)
               and k.k > lib.page_after(a)
             order by k.k limit lib.page_limit(a) + 1) x
$$;

create function lib.recommendation_json(ctx jsonb, p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', rc.id, 'round_id', rc.round_id, 'year', r.year, 'tier', r.tier,
        'prefecture_code', rc.prefecture_code, 'status', rc.status, 'reason', coalesce(rc.reason, ''),
        'replaces_slot', coalesce(rc.replaces_slot, 0),
        'enterprise', lib.enterprise_json(ctx, rc.enterprise_id),
        'created_at', lib.time_text(rc.created_at),
        'target', coalesce((select t.target from core.keylist_target t
                             where t.round_id = r.id and t.prefecture_code = rc.prefecture_code), 0),
        'recommended', lib.recommended_count(r.id, rc.prefecture_code),
        'over_target_reason', coalesce(rc.over_target_reason, ''))
      from core.recommendation rc join core.keylist_round r on r.id = rc.round_id
     where rc.id = p_id
$$;

-- A prefecture's recommendations in a round that count against its target:
-- all but the rejected, and not those refilling a place a removal left.
create function lib.recommended_count(p_round bigint, p_prefecture text) returns int
language sql stable as $$
    select count(*)::int from core.recommendation
     where round_id = p_round and prefecture_code = p_prefecture and status <> 'rejected' and replaces_slot is null
$$;

-- Adding p_adding recommendations beyond the prefecture's target needs a
-- reason (the official confirms it): CONFLICT says the numbers and how.
create function lib.check_target(r core.keylist_round, p_prefecture text, p_adding int, p_reason text,
                                 p_stored int default 0) returns text
language plpgsql stable as $$
declare
    v_target int;
    v_have int := lib.recommended_count(r.id, p_prefecture) - p_stored;   -- before the p_stored just added
begin
    select target into v_target from core.keylist_target where round_id = r.id and prefecture_code = p_prefecture;
    if v_target is null or v_have + p_adding <= v_target then
        return null;
    end if;
    if coalesce(btrim(p_reason), '') = '' then
        perform lib.fail('CONFLICT', format('本市（州）在该轮次的推荐目标为 %s 家，已推荐 %s 家，本次 %s 家将超出目标；'
                                            '确需超出请说明理由（--over-target 理由）', v_target, v_have, p_adding));
    end if;
    return btrim(p_reason);
end $$;

-- The open round a prefecture office recommends into: the provincial one
-- (tier province) or its own.
create function lib.recommend_round(ctx jsonb, p_round bigint) returns core.keylist_round
language plpgsql as $$
declare
    r core.keylist_round;
begin
    select * into r from core.keylist_round where id = p_round;
    if not found or not lib.sees_keylist(ctx, r) then
        perform lib.fail('NOT_FOUND', '推荐轮次不存在');
    end if;
    if r.status <> 'open' or r.deadline < lib.today() then
        perform lib.fail('CONFLICT', format('该推荐轮次已于 %s 截止', to_char(r.deadline, 'YYYY-MM-DD')));
    end if;
    return r;
end $$;

-- One recommendation from checked fields; returns its id.
create function lib.recommend_row(ctx jsonb, r core.keylist_round, a jsonb, p_over_target text) returns bigint
language plpgsql as $$
declare
    v_org bigint := lib.save_enterprise(ctx, lib.check_enterprise(ctx, a));
    v_id bigint;
begin
    if exists (select 1 from core.key_enterprise k
                where k.year = r.year and k.tier = r.tier and k.enterprise_id = v_org and k.status = 'listed') then
        perform lib.fail('CONFLICT', format('该企业已在 %s 年%s名单中', r.year, case r.tier when 'province' then '省级' else '本市州' end));
    end if;
    insert into core.recommendation (round_id, enterprise_id, prefecture_code, recommended_by, replaces_slot,
                                     over_target_reason)
    values (r.id, v_org, ctx->>'prefecture', (ctx->>'user_id')::bigint, nullif((a->>'replaces_slot')::bigint, 0),
            p_over_target)
    returning id into v_id;
    return v_id;
end $$;

create function m.recommendation_submit(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.keylist_round := lib.recommend_round(ctx, (a->>'round_id')::bigint);
    v_id bigint;
begin
    v_id := lib.recommend_row(ctx, r, a, case when coalesce((a->>'replaces_slot')::bigint, 0) = 0
                                              then lib.check_target(r, ctx->>'prefecture', 1, a->>'over_target_reason') end);
    perform lib.set_object('recommendation:' || v_id);
    return lib.recommendation_json(ctx, v_id);
end $$;

create function m.recommendation_stage(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
begin
    if coalesce(a->>'upload_id', '') !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then
        perform lib.fail('INVALID', '上传编号应为 UUID');
    end if;
    if jsonb_array_length(coalesce(a->'rows', '[]')) > 20000 then
        perform lib.fail('INVALID', '每次最多上传 20000 行');
    end if;
    perform lib.recommend_round(ctx, (a->>'round_id')::bigint);
    delete from core.upload_row where created_at < now() - interval '1 day';
    insert into core.upload_row (upload_id, seq, user_id, row)
    select (a->>'upload_id')::uuid, coalesce((r->>'line')::int, o::int), (ctx->>'user_id')::bigint, r
      from jsonb_array_elements(a->'rows') with ordinality t(r, o)
    on conflict do nothing;
    perform lib.set_object('upload:' || (a->>'upload_id'));
    return jsonb_build_object('imported', (select count(*) from core.upload_row
                                            where upload_id = (a->>'upload_id')::uuid
                                              and user_id = (ctx->>'user_id')::bigint));
end $$;

-- A file of recommendations: every row checked (credit code in the gate;
-- county, industry, numbers, duplicates in the file, on the list, and in
-- other prefectures' recommendations here); stored whole or not at all.
create function m.recommendation_import(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.keylist_round := lib.recommend_round(ctx, (a->>'round_id')::bigint);
    v_upload uuid := nullif(a->>'upload_id', '')::uuid;
    v_row jsonb;
    v_ids bigint[] := '{}';
    v_errors text[] := '{}';
    v_seen text[] := '{}';
    v_state text;
    v_msg text;
    v_constraint text;
    v_over text;
begin
    if v_upload is not null then
        a := a || jsonb_build_object('rows', (select coalesce(jsonb_agg(u.row order by u.seq), '[]')
                                               from core.upload_row u
                                              where u.upload_id = v_upload and u.user_id = (ctx->>'user_id')::bigint));
        delete from core.upload_row where upload_id = v_upload;
    end if;
    if jsonb_array_length(coalesce(a->'rows', '[]')) = 0 then
        perform lib.fail('INVALID', '文件中没有推荐数据');
    end if;
    if jsonb_array_length(a->'rows') > 100000 then
        perform lib.fail('INVALID', '一次最多导入 100000 行');
    end if;
    for v_row in select * from jsonb_array_elements(a->'rows') loop
        begin
            if upper(coalesce(v_row->>'credit_code', '')) = any (v_seen) then
                perform lib.fail('INVALID', '与文件中的另一行重复（同一统一社会信用代码）');
            end if;
            v_seen := v_seen || upper(coalesce(v_row->>'credit_code', ''));
            v_ids := v_ids || lib.recommend_row(ctx, r, v_row, null);
        exception when others then
            get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text,
                                    v_constraint = constraint_name;
            v_errors := v_errors || format('第 %s 行（%s）：%s', v_row->>'line', coalesce(v_row->>'name', ''),
                                           lib.row_error(v_state, v_msg, v_constraint));
        end;
    end loop;
    if cardinality(v_errors) > 0 then
        perform lib.fail('INVALID', format('文件有 %s 行不符合要求，未导入任何记录', cardinality(v_errors)),
                             array_to_string(v_errors[1:200], E'\n'));
    end if;
    -- every row is right; now the target (the rows just stored counted out again)
    v_over := lib.check_target(r, ctx->>'prefecture',
                               (select count(*)::int from core.recommendation
                                 where id = any (v_ids) and replaces_slot is null),
                               a->>'over_target_reason', cardinality(v_ids));
    update core.recommendation set over_target_reason = v_over where id = any (v_ids) and v_over is not null;
    perform lib.set_object('keylist_round:' || r.id || ' imported:' || cardinality(v_ids)
                           || coalesce(' over target: ' || v_over, ''));
    return jsonb_build_object('imported', cardinality(v_ids), 'ids', to_jsonb(v_ids),
                              'message', format('本市（州）已推荐 %s 家，目标 %s 家', lib.recommended_count(r.id, ctx->>'prefecture'),
                                                coalesce((select target::text from core.keylist_target
                                                           where round_id = r.id and prefecture_code = ctx->>'prefecture'), '未设')));
end $$;

create function m.recommendation_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('recommendations', jsonb_agg(lib.recommendation_json(ctx, x.id) order by x.k),
                    array_agg(x.k order by x.k), lib.page_limit(a))
      from (select rc.id, lib.page_key(lib.page_num(rc.id)) k
              from core.recommendation rc join core.keylist_round r on r.id = rc.round_id
             where (ctx->>'scope' = 'province' or rc.prefecture_code = ctx->>'prefecture')
               and lib.sees_keylist(ctx, r)
               and (coalesce((a->>'round_id')::bigint, 0) = 0 or rc.round_id = (a->>'round_id')::bigint)
               and (coalesce(a->>'status', '') = '' or rc.status = a->>'status')
               and lib.page_key(lib.page_num(rc.id)) > lib.page_after(a)
             order by rc.id limit lib.page_limit(a) + 1) x
$$;

-- approve | return | reject, by the round's owner; approved -> on the list.
create function m.recommendation_decide(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    rc core.recommendation;
    r core.keylist_round;
    v_decision text := a->>'decision';
begin
    select * into rc from core.recommendation where id = (a->>'id')::bigint for update;
    select * into r from core.keylist_round where id = rc.round_id;
    if rc.id is null or not lib.sees_keylist(ctx, r)
       or (ctx->>'scope' = 'prefecture' and rc.prefecture_code <> ctx->>'prefecture') then
        perform lib.fail('NOT_FOUND', '推荐不存在');
    end if;
    perform lib.require(lib.owns_keylist(ctx, r), '只有开启该推荐轮次的一方可以审核');
    if rc.status <> 'submitted' then
        perform lib.fail('CONFLICT', '只能审核待审核的推荐');
    end if;
    if v_decision not in ('approve', 'return', 'reject') then
        perform lib.fail('INVALID', '审核结果应为 approve（列入）、return（退回修改）或 reject（不予列入）');
    end if;
    -- four eyes: who recommended does not decide (a prefecture's own round
    -- is recommended and decided in the same office)
    if rc.recommended_by = (ctx->>'user_id')::bigint then
        perform lib.fail('REFUSED', '推荐须由推荐人以外的另一名工作人员审核（双人复核）');
    end if;
    update core.recommendation
       set status = case v_decision when 'approve' then 'approved' when 'return' then 'returned' else 'rejected' end,
           reason = nullif(btrim(coalesce(a->>'reason', '')), ''), decided_by = (ctx->>'user_id')::bigint,
           decided_at = now()
     where id = rc.id;
    if v_decision = 'approve' then
        insert into core.key_enterprise (year, tier, prefecture_code, enterprise_id, source, recommendation_id, since_year)
        values (r.year, r.tier, rc.prefecture_code, rc.enterprise_id, 'recommended', rc.id, r.year);
    end if;
    perform lib.set_object('recommendation:' || rc.id || ' ' || v_decision);
    return lib.recommendation_json(ctx, rc.id);
end $$;

-- A returned recommendation, corrected by its prefecture: the profile is
-- saved again and the recommendation goes back for review.
create function m.recommendation_correct(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    rc core.recommendation;
    r core.keylist_round;
    v_org bigint;
begin
    select * into rc from core.recommendation where id = (a->>'id')::bigint for update;
    if not found or rc.prefecture_code <> coalesce(ctx->>'prefecture', '') then
        perform lib.fail('NOT_FOUND', '推荐不存在');
    end if;
    if rc.status <> 'returned' then
        perform lib.fail('CONFLICT', '只能修改被退回的推荐');
    end if;
    r := lib.recommend_round(ctx, rc.round_id);
    if coalesce(a->>'credit_code', '') <> ''
       and upper(a->>'credit_code') <> (select credit_code from core.organisation where id = rc.enterprise_id) then
        perform lib.fail('INVALID', '修改推荐时不能换成另一家企业（统一社会信用代码不同）');
    end if;
    -- only what changes is given; the rest stays as stored (mobiles too; a
    -- new industry division brings its own section and class)
    select jsonb_build_object('name', o.name, 'credit_code', o.credit_code, 'county_code', e.county_code,
                              'industry_section', e.industry_section, 'industry_division', e.industry_division,
                              'industry_class', coalesce(e.industry_class, ''), 'ownership', e.ownership,
                              'employees', e.employees, 'revenue', e.revenue, 'assets', e.assets,
                              'figures_year', coalesce(e.figures_year, 0), 'legal_rep', e.legal_rep,
                              'contact_name', e.contact_name, 'need_amount', coalesce(e.need_amount, 0),
                              'need_purpose', e.need_purpose, 'need_term_months', coalesce(e.need_term_months, 0),
                              'need_urgency', e.need_urgency, 'borrowings', e.borrowings,
                              'difficulties', to_jsonb(e.difficulties))
           - case when coalesce(a->>'industry_division', '') <> '' then array['industry_section', 'industry_class']
                  else '{}'::text[] end
           || lib.given(a)
      into a
      from core.organisation o join core.enterprise e on e.org_id = o.id
     where o.id = rc.enterprise_id;
    v_org := lib.save_enterprise(ctx, lib.check_enterprise(ctx, a));
    if v_org <> rc.enterprise_id then
        perform lib.fail('INVALID', '修改推荐时不能换成另一家企业（统一社会信用代码不同）');
    end if;
    update core.recommendation set status = 'submitted', reason = null, decided_by = null, decided_at = null
     where id = rc.id;
    perform lib.set_object('recommendation:' || rc.id);
    return lib.recommendation_json(ctx, rc.id);
end $$;

-- The list of a year, filtered; lenders see only enterprises that consented.
create function lib.list_entry_json(ctx jsonb, k core.key_enterprise) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', k.id, 'year', k.year, 'tier', k.tier, 'prefecture_code', k.prefecture_code,
        'prefecture_name', (select name from core.division where code = k.prefecture_code),
        'source', k.source, 'since_year', k.since_year, 'years_in_program', k.year - k.since_year + 1,
        'status', k.status, 'removed_reason', coalesce(k.removed_reason, lib.leave_text(k.id), ''),
        'enterprise', lib.enterprise_json(ctx, k.enterprise_id))
$$;

create function lib.list_filter(ctx jsonb, a jsonb, k core.key_enterprise, e core.enterprise) returns boolean
language sql stable as $$
    select lib.sees_enterprise(ctx, e)
       and (ctx->>'scope' <> 'prefecture' or k.prefecture_code = ctx->>'prefecture'
            or lib.prefecture_of(e.county_code) = ctx->>'prefecture')
       and (coalesce((a->>'year')::int, 0) = 0 or k.year = (a->>'year')::int)
       and (coalesce(a->>'tier', '') = '' or k.tier = a->>'tier')
       and (coalesce(a->>'prefecture_code', '') = '' or k.prefecture_code = a->>'prefecture_code')
       and (coalesce(a->>'county_code', '') = '' or e.county_code = a->>'county_code')
       and (coalesce(a->>'industry', '') = '' or e.industry_section = a->>'industry' or e.industry_division = a->>'industry')
       and (coalesce(a->>'size_class', '') = '' or e.size_class = a->>'size_class')
       and (coalesce(a->>'status', '') = '' or k.status = a->>'status')
$$;

create function m.keylist_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('entries', jsonb_agg(lib.list_entry_json(ctx, k) order by x.sk), array_agg(x.sk order by x.sk),
                    lib.page_limit(a))
      from (select k.id, s.sk
              from core.key_enterprise k join core.enterprise e on e.org_id = k.enterprise_id,
                   lateral (select lib.page_key(lib.page_desc(k.year), k.prefecture_code, lib.page_num(k.id)) sk) s
             where lib.list_filter(ctx, a, k, e)
               and s.sk > lib.page_after(a)
             order by s.sk limit lib.page_limit(a) + 1) x
      join core.key_enterprise k on k.id = x.id
$$;

-- Statistics of a year's list by prefecture, industry section and size
-- class.  For the bureau and prefecture offices only, so no consent rules:
-- one pass over the list, filters as plain predicates (1M entries, see
-- docs/performance.md).
create function m.keylist_stats(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    with rows as (
        select k.prefecture_code, e.industry_section, e.size_class
          from core.key_enterprise k
          join core.enterprise e on e.org_id = k.enterprise_id
          join core.division c on c.code = e.county_code
         where (ctx->>'scope' = 'province' or k.prefecture_code = ctx->>'prefecture'
                or c.parent_code = ctx->>'prefecture')
           and (coalesce((a->>'year')::int, 0) = 0 or k.year = (a->>'year')::int)
           and (coalesce(a->>'tier', '') = '' or k.tier = a->>'tier')
           and (coalesce(a->>'prefecture_code', '') = '' or k.prefecture_code = a->>'prefecture_code')
           and (coalesce(a->>'county_code', '') = '' or e.county_code = a->>'county_code')
           and (coalesce(a->>'industry', '') = '' or e.industry_section = a->>'industry'
                or e.industry_division = a->>'industry')
           and (coalesce(a->>'size_class', '') = '' or e.size_class = a->>'size_class')
           and k.status = coalesce(nullif(a->>'status', ''), 'listed')),
    counts as (
        select prefecture_code, industry_section, size_class, count(*) n
          from rows group by grouping sets ((prefecture_code), (industry_section), (size_class), ()))
    select jsonb_build_object(
        'total', coalesce((select n from counts where prefecture_code is null and industry_section is null
                                                  and size_class is null), 0),
        'by_prefecture', coalesce((select jsonb_agg(jsonb_build_object('key', prefecture_code,
                                      'label', (select name from core.division where code = prefecture_code),
                                      'count', n) order by prefecture_code)
                                     from counts where prefecture_code is not null), '[]'),
        'by_industry', coalesce((select jsonb_agg(jsonb_build_object('key', industry_section,
                                    'label', (select name from core.industry_section where code = industry_section),
                                    'count', n) order by industry_section)
                                   from counts where industry_section is not null), '[]'),
        'by_size', coalesce((select jsonb_agg(jsonb_build_object('key', size_class, 'count', n,
                                  'label', case size_class when 'large' then '大型' when 'medium' then '中型'
                                                           when 'small' then '小型' else '微型' end)
                                  order by array_position(array['large', 'medium', 'small', 'micro'], size_class))
                               from counts where size_class is not null), '[]'))
$$;

-- The list of a year against the year before: new, carried over, dropped.
create function m.keylist_diff(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    with cur as (select k.* from core.key_enterprise k join core.enterprise e on e.org_id = k.enterprise_id
                  where lib.list_filter(ctx, a - 'year' - 'status', k, e) and k.year = (a->>'year')::int
                    and k.status = 'listed'),
         prev as (select k.* from core.key_enterprise k join core.enterprise e on e.org_id = k.enterprise_id
                   where lib.list_filter(ctx, a - 'year' - 'status', k, e) and k.year = (a->>'year')::int - 1)
    select jsonb_build_object('rows', coalesce(jsonb_agg(x order by x->>'change', x->>'name'), '[]'))
      from (
        select jsonb_build_object('change', case when c.source = 'carried' then 'carried' else 'new' end,
                                  'enterprise_id', c.enterprise_id, 'name', o.name, 'prefecture_code', c.prefecture_code,
                                  'years_in_program', c.year - c.since_year + 1, 'reason', '') x
          from cur c join core.organisation o on o.id = c.enterprise_id
        union all
        select jsonb_build_object('change', 'dropped', 'enterprise_id', p.enterprise_id, 'name', o.name,
                                  'prefecture_code', p.prefecture_code,
                                  'years_in_program', p.year - p.since_year + 1,
                                  'reason', case when p.status = 'removed' then '移出：' || coalesce(p.removed_reason, '')
                                                 when p.status = 'left' then '结束培育：' || lib.leave_text(p.id)
                                                 else '培育期满（' || (p.year - p.since_year + 1) || ' 年）' end)
          from prev p join core.organisation o on o.id = p.enterprise_id
         where not exists (select 1 from cur c where c.enterprise_id = p.enterprise_id and c.tier = p.tier)) y(x)
$$;

create function lib.removal_json(ctx jsonb, p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', rm.id, 'entry_id', rm.entry_id, 'enterprise_id', k.enterprise_id, 'name', o.name,
        'year', k.year, 'tier', k.tier, 'prefecture_code', k.prefecture_code,
        'grounds', to_jsonb(rm.grounds), 'account', rm.account, 'status', rm.status,
        'applied_at', lib.time_text(rm.applied_at),
        'decision_reason', coalesce(rm.decision_reason, ''),
        'slot_id', coalesce(s.id, 0), 'slot_status', coalesce(s.status, ''))
      from core.removal rm join core.key_enterprise k on k.id = rm.entry_id
      join core.organisation o on o.id = k.enterprise_id
      left join core.list_slot s on s.removal_id = rm.id
     where rm.id = p_id
$$;

create function lib.owns_entry(ctx jsonb, k core.key_enterprise) returns boolean
language sql stable as $$
    select case k.tier when 'province' then lib.has_role(ctx, 'bureau_admin')
           else lib.has_role(ctx, 'prefecture_staff') and k.prefecture_code = ctx->>'prefecture' end
$$;

-- The caller is an advisor paired now with the entry's enterprise on its list.
create function lib.serves_entry(ctx jsonb, k core.key_enterprise) returns boolean
language sql stable as $$
    select lib.has_role(ctx, 'advisor') and exists (
        select 1 from core.pairing p join core.advisor ad on ad.id = p.advisor_id
         where p.enterprise_id = k.enterprise_id and p.year = k.year and p.tier = k.tier
           and p.until is null and ad.user_id = (ctx->>'user_id')::bigint)
$$;

create function m.removal_apply(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    k core.key_enterprise;
    v_id bigint;
begin
    -- the entry named, or the enterprise's this year (else latest) on a list the caller serves or owns
    select * into k from core.key_enterprise x
     where case when coalesce((a->>'entry_id')::bigint, 0) <> 0 then x.id = (a->>'entry_id')::bigint
                else x.enterprise_id = (a->>'enterprise_id')::bigint
                     and (lib.serves_entry(ctx, x) or lib.owns_entry(ctx, x)) end
     order by x.status = 'listed' desc, x.year = extract(year from lib.today()) desc, x.year desc,
              x.tier = 'province' desc
     limit 1 for update;
    if not found or not coalesce(lib.has_role(ctx, 'advisor') or ctx->>'scope' = 'province'
                                 or k.prefecture_code = ctx->>'prefecture', false) then
        perform lib.fail('NOT_FOUND', '名单中没有该企业');
    end if;
    -- P12: the enterprise's advisor applies; the list's owner may file it on the advisor's behalf
    perform lib.require(lib.serves_entry(ctx, k) or lib.owns_entry(ctx, k),
        '移出申请由服务该企业的金融顾问提出（名单所属的省局或市州金融办可代为提出），经名单所属一方核实后移出');
    if k.status <> 'listed' then
        perform lib.fail('CONFLICT', '该企业已移出名单');
    end if;
    insert into core.removal (entry_id, grounds, account, applied_by)
    values (k.id, lib.text_array(a->'grounds'), btrim(coalesce(a->>'account', '')), (ctx->>'user_id')::bigint)
    returning id into v_id;
    perform lib.set_object('removal:' || v_id || ' entry:' || k.id);
    return lib.removal_json(ctx, v_id);
end $$;

create function m.removal_decide(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    rm core.removal;
    k core.key_enterprise;
begin
    select * into rm from core.removal where id = (a->>'id')::bigint for update;
    select * into k from core.key_enterprise where id = rm.entry_id for update;
    if rm.id is null or not (ctx->>'scope' = 'province' or k.prefecture_code = ctx->>'prefecture') then
        perform lib.fail('NOT_FOUND', '移出申请不存在');
    end if;
    perform lib.require(lib.owns_entry(ctx, k), '只有名单所属一方可以审核移出申请');
    if rm.status <> 'applied' then
        perform lib.fail('CONFLICT', '该申请已审核');
    end if;
    if length(btrim(coalesce(a->>'reason', ''))) < 2 then
        perform lib.fail('INVALID', '审核须说明理由');
    end if;
    update core.removal
       set status = case when coalesce((a->>'approve')::boolean, false) then 'approved' else 'rejected' end,
           decided_by = (ctx->>'user_id')::bigint, decided_at = now(), decision_reason = btrim(a->>'reason')
     where id = rm.id;
    if coalesce((a->>'approve')::boolean, false) then
        update core.key_enterprise
           set status = 'removed', removed_at = now(),
               removed_reason = btrim(a->>'reason') || '（' || array_to_string(rm.grounds, '、') || '）'
         where id = k.id;
        insert into core.list_slot (removal_id, year, tier, prefecture_code)
        values (rm.id, k.year, k.tier, k.prefecture_code);
    end if;
    perform lib.set_object('removal:' || rm.id || ' entry:' || k.id);
    return lib.removal_json(ctx, rm.id);
end $$;

create function m.removal_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('removals', jsonb_agg(lib.removal_json(ctx, x.id) order by x.k), array_agg(x.k order by x.k),
                    lib.page_limit(a))
      from (select rm.id, lib.page_key(lib.page_desc(rm.id)) k
              from core.removal rm join core.key_enterprise k on k.id = rm.entry_id
             where (ctx->>'scope' = 'province' or k.prefecture_code = ctx->>'prefecture')
               and (coalesce(a->>'status', '') = '' or rm.status = a->>'status')
               and lib.page_key(lib.page_desc(rm.id)) > lib.page_after(a)
             order by rm.id desc limit lib.page_limit(a) + 1) x
$$;

-- A recommendation for an open place: the place must be the office's and
-- open; approving the recommendation fills it.
create function lib.slot_check() returns trigger
language plpgsql as $$
declare
    s core.list_slot;
begin
    if new.replaces_slot is null then
        return new;
    end if;
    select * into s from core.list_slot where id = new.replaces_slot;
    if tg_op = 'INSERT' then
        if s.status <> 'open' or s.prefecture_code <> new.prefecture_code then
            perform lib.fail('CONFLICT', '该名额已递补，或不属于本市（州）');
        end if;
    elsif new.status = 'approved' and old.status <> 'approved' then
        update core.list_slot set status = 'filled', filled_by = new.id where id = s.id and status = 'open';
    end if;
    return new;
end $$;
create trigger recommendation_slot before insert or update on core.recommendation
    for each row execute function lib.slot_check();

-- ------------------------------------------------------------------ leaving the program (P20)
-- After its one or two years an enterprise leaves with a reason -
-- graduated, financing obtained, or another stated - recorded by the
-- list's owner.  The entry is marked left, which ends its pairs of that
-- tier (pairing.sql) and so their agreements; it is not carried into the
-- next year's list.  Removal for cause is removal.apply (P12).
create function lib.leave_text(p_entry bigint) returns text
language sql stable as $$
    select case c.reason when 'graduated' then '培育毕业' when 'financing_obtained' then '已获得融资'
                         else '其他' end || '：' || c.account
      from core.cultivation_end c where c.entry_id = p_entry
$$;

create function m.keylist_leave(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    k core.key_enterprise;
    c core.cultivation_end;
    v_ended int;
begin
    select ke.* into k from core.key_enterprise ke
     where ke.enterprise_id = (a->>'enterprise_id')::bigint and ke.status = 'listed'
       and (coalesce(a->>'tier', '') = '' or ke.tier = a->>'tier')
       and (ctx->>'scope' = 'province' or ke.prefecture_code = ctx->>'prefecture')
     order by lib.owns_entry(ctx, ke) desc, ke.year desc limit 1
       for update;
    if not found then
        perform lib.fail('NOT_FOUND', '该企业不在（您所管的）重点企业名单中');
    end if;
    perform lib.require(lib.owns_entry(ctx, k), '结束培育由名单所属一方登记（省级名单：省局管理员；市州名单：该市州金融办）');
    if coalesce(a->>'leave_reason', '') not in ('graduated', 'financing_obtained', 'other') then
        perform lib.fail('INVALID', '结束原因应为 培育毕业 graduated、已获得融资 financing_obtained 或 其他 other'
                                    '（因问题移出名单请用 rongpei removal apply）');
    end if;
    if a->>'leave_reason' = 'other' and length(btrim(coalesce(a->>'account', ''))) < 10 then
        perform lib.fail('INVALID', '原因为“其他”时须写明具体情况（--account，至少 10 个字）');
    end if;
    insert into core.cultivation_end (entry_id, reason, account, recorded_by)
    values (k.id, a->>'leave_reason', btrim(coalesce(a->>'account', '')), (ctx->>'user_id')::bigint)
    returning * into c;
    select count(*) into v_ended from core.pairing
     where enterprise_id = k.enterprise_id and year = k.year and tier = k.tier and until is null;
    update core.key_enterprise set status = 'left' where id = k.id;
    perform lib.set_object('entry:' || k.id || ' enterprise:' || k.enterprise_id);
    return jsonb_build_object('entry_id', k.id, 'enterprise_id', k.enterprise_id,
                              'name', (select name from core.organisation where id = k.enterprise_id),
                              'year', k.year, 'tier', k.tier, 'leave_reason', c.reason, 'account', c.account,
                              'recorded_at', lib.time_text(c.recorded_at), 'pairs_ended', v_ended);
end $$;
