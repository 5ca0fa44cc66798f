-- 020_key_enterprise_list.sql - the key-enterprise list (P6, P7, P20).
--
-- Each year the bureau opens a recommendation round for the provincial
-- list, with a target per prefecture (the advisor pool serves 1–2
-- enterprises each); each prefecture office opens its own for its local
-- list.  Prefecture offices recommend enterprises registered in their
-- prefecture (one by one or from a file, all or nothing); the round's owner
-- approves, returns for correction or rejects, with a reason.  Approved
-- enterprises are on the list for the year.
--
-- Carry-over: opening a year's round carries last year's listed
-- enterprises that have been cultivated for fewer than two years (P20);
-- the others drop out ("completed").  keylist.diff shows new, carried and
-- dropped against the year before.

create table core.keylist_round (
    id              bigserial primary key,
    tier            text not null check (tier in ('province', 'prefecture')),
    prefecture_code char(6) references core.division,
    year            int not null check (year between 2020 and 2100),
    deadline        date not null,
    status          text not null default 'open' check (status in ('open', 'closed')),
    opened_by       bigint references core.app_user,
    created_at      timestamptz not null default now(),
    constraint keylist_round_tier check ((tier = 'prefecture') = (prefecture_code is not null)),
    constraint keylist_round_year_key unique (tier, prefecture_code, year)
);
-- prefecture_code is null for the province tier: one provincial round a year
create unique index keylist_round_one_provincial on core.keylist_round (year) where tier = 'province';

create table core.keylist_target (
    round_id        bigint not null references core.keylist_round,
    prefecture_code char(6) not null references core.division,
    target          int not null check (target between 0 and 100000),
    primary key (round_id, prefecture_code)
);

create table core.recommendation (
    id              bigserial primary key,
    round_id        bigint not null references core.keylist_round,
    enterprise_id   bigint not null references core.enterprise,
    prefecture_code char(6) not null references core.division,
    status          text not null default 'submitted'
                    check (status in ('submitted', 'returned', 'approved', 'rejected')),
    reason          text,
    replaces_slot   bigint,
    recommended_by  bigint references core.app_user,
    decided_by      bigint references core.app_user,
    decided_at      timestamptz,
    created_at      timestamptz not null default now(),
    constraint recommendation_once unique (round_id, enterprise_id),
    constraint recommendation_reason check (status in ('submitted', 'approved') or coalesce(length(btrim(reason)), 0) >= 2)
);
create index recommendation_by_prefecture on core.recommendation (round_id, prefecture_code, status);

create table core.key_enterprise (
    id              bigserial primary key,
    year            int not null,
    tier            text not null check (tier in ('province', 'prefecture')),
    prefecture_code char(6) not null references core.division,   -- the enterprise's (province) or the list's (prefecture)
    enterprise_id   bigint not null references core.enterprise,
    source          text not null check (source in ('recommended', 'carried')),
    recommendation_id bigint references core.recommendation,
    since_year      int not null,
    status          text not null default 'listed' check (status in ('listed', 'removed')),
    removed_reason  text,
    removed_at      timestamptz,
    created_at      timestamptz not null default now(),
    constraint key_enterprise_once unique (year, tier, enterprise_id)
);
create index key_enterprise_by_year on core.key_enterprise (year, tier, prefecture_code);

insert into core.constraint_message values
  ('keylist_round_year_key', '该年度已开启推荐轮次'),
  ('keylist_round_one_provincial', '该年度已开启省级推荐轮次'),
  ('keylist_target_target_check', '目标数应为 0 至 100000'),
  ('recommendation_once', '该企业已在本轮被推荐（可能由其他市州推荐）'),
  ('recommendation_reason', '退回或不予列入须说明理由'),
  ('key_enterprise_once', '该企业已在本年度名单中');

-- May the caller run round r (open it, decide its recommendations)?
create function core.owns_keylist(ctx jsonb, r core.keylist_round) returns boolean
language sql stable as $$
    select case r.tier
        when 'province' then core.has_role(ctx, 'bureau_admin')
        else core.has_role(ctx, 'prefecture_staff') and r.prefecture_code = ctx->>'prefecture' end
$$;

create function core.sees_keylist(ctx jsonb, r core.keylist_round) returns boolean
language sql stable as $$
    select case ctx->>'scope'
        when 'province' then true
        when 'prefecture' then r.tier = 'province' or r.prefecture_code = ctx->>'prefecture'
        else false end
$$;

create function core.keylist_round_json(ctx jsonb, p_id bigint) returns jsonb
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
    perform core.require(core.owns_keylist(ctx, r),
        case r.tier when 'province' then '省级推荐轮次由省局管理员开启' else '市州推荐轮次由本市（州）金融办开启' end);
    if nullif(a->>'deadline', '') is null or (a->>'deadline')::date < current_date then
        perform core.fail(1, '推荐截止日期须为今天或以后的日期（yyyy-mm-dd）');
    end if;
    insert into core.keylist_round (tier, prefecture_code, year, deadline, opened_by)
    values (r.tier, r.prefecture_code, (a->>'year')::int, (a->>'deadline')::date, (ctx->>'user_id')::bigint)
    returning * into r;
    for t in select * from jsonb_array_elements(coalesce(a->'targets', '[]')) loop
        if r.tier = 'prefecture' and t->>'prefecture_code' <> r.prefecture_code
           or not exists (select 1 from core.division where code = t->>'prefecture_code' and level = 'prefecture') then
            perform core.fail(1, format('目标须按本级所辖市（州）设定：%s', coalesce(t->>'prefecture_code', '')));
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
    perform core.set_object('keylist_round:' || r.id);
    return core.keylist_round_json(ctx, r.id);
end $$;

create function m.keylist_rounds(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select jsonb_build_object('rounds', coalesce(jsonb_agg(core.keylist_round_json(ctx, r.id)
                                                           order by r.year desc, r.id desc), '[]'))
      from core.keylist_round r
     where core.sees_keylist(ctx, r)
       and (coalesce((a->>'year')::int, 0) = 0 or r.year = (a->>'year')::int)
$$;

create function core.recommendation_json(ctx jsonb, p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', rc.id, 'round_id', rc.round_id, 'year', r.year, 'tier', r.tier,
        'prefecture_code', rc.prefecture_code, 'status', rc.status, 'reason', coalesce(rc.reason, ''),
        'replaces_slot', coalesce(rc.replaces_slot, 0),
        'enterprise', core.enterprise_json(ctx, rc.enterprise_id),
        'created_at', to_char(rc.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'))
      from core.recommendation rc join core.keylist_round r on r.id = rc.round_id
     where rc.id = p_id
$$;

-- The open round a prefecture office recommends into: the provincial one
-- (tier province) or its own.
create function core.recommend_round(ctx jsonb, p_round bigint) returns core.keylist_round
language plpgsql as $$
declare
    r core.keylist_round;
begin
    select * into r from core.keylist_round where id = p_round;
    if not found or not core.sees_keylist(ctx, r) then
        perform core.fail(4, '推荐轮次不存在');
    end if;
    if r.status <> 'open' or r.deadline < current_date then
        perform core.fail(5, format('该推荐轮次已于 %s 截止', to_char(r.deadline, 'YYYY-MM-DD')));
    end if;
    return r;
end $$;

-- One recommendation from checked fields; returns its id.
create function core.recommend_row(ctx jsonb, r core.keylist_round, a jsonb) returns bigint
language plpgsql as $$
declare
    v_org bigint := core.save_enterprise(ctx, core.check_enterprise(ctx, a));
    v_id bigint;
begin
    if exists (select 1 from core.key_enterprise k
                where k.year = r.year and k.tier = r.tier and k.enterprise_id = v_org and k.status = 'listed') then
        perform core.fail(5, format('该企业已在 %s 年%s名单中', r.year, case r.tier when 'province' then '省级' else '本市州' end));
    end if;
    insert into core.recommendation (round_id, enterprise_id, prefecture_code, recommended_by, replaces_slot)
    values (r.id, v_org, ctx->>'prefecture', (ctx->>'user_id')::bigint, nullif((a->>'replaces_slot')::bigint, 0))
    returning id into v_id;
    return v_id;
end $$;

create function m.recommendation_submit(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_id bigint := core.recommend_row(ctx, core.recommend_round(ctx, (a->>'round_id')::bigint), a);
begin
    perform core.set_object('recommendation:' || v_id);
    return core.recommendation_json(ctx, v_id);
end $$;

-- A file too large for one request (about 20,000 rows) is sent in parts
-- first: each part's rows wait here under the upload's id (a retried part
-- adds nothing), then recommendation.import with that id takes them all in
-- one transaction.  Parts older than a day are dropped.
create table core.upload_row (
    upload_id  uuid not null,
    seq        int not null,
    user_id    bigint not null references core.app_user,
    row        jsonb not null,
    created_at timestamptz not null default now(),
    primary key (upload_id, seq)
);

create function m.recommendation_stage(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
begin
    if coalesce(a->>'upload_id', '') !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then
        perform core.fail(1, '上传编号应为 UUID');
    end if;
    if jsonb_array_length(coalesce(a->'rows', '[]')) > 20000 then
        perform core.fail(1, '每次最多上传 20000 行');
    end if;
    perform core.recommend_round(ctx, (a->>'round_id')::bigint);
    delete from core.upload_row where created_at < now() - interval '1 day';
    insert into core.upload_row (upload_id, seq, user_id, row)
    select (a->>'upload_id')::uuid, coalesce((r->>'line')::int, o::int), (ctx->>'user_id')::bigint, r
      from jsonb_array_elements(a->'rows') with ordinality t(r, o)
    on conflict do nothing;
    perform core.set_object('upload:' || (a->>'upload_id'));
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
    r core.keylist_round := core.recommend_round(ctx, (a->>'round_id')::bigint);
    v_upload uuid := nullif(a->>'upload_id', '')::uuid;
    v_row jsonb;
    v_ids bigint[] := '{}';
    v_errors text[] := '{}';
    v_seen text[] := '{}';
    v_state text;
    v_msg text;
    v_constraint text;
begin
    if v_upload is not null then
        a := a || jsonb_build_object('rows', (select coalesce(jsonb_agg(u.row order by u.seq), '[]')
                                               from core.upload_row u
                                              where u.upload_id = v_upload and u.user_id = (ctx->>'user_id')::bigint));
        delete from core.upload_row where upload_id = v_upload;
    end if;
    if jsonb_array_length(coalesce(a->'rows', '[]')) = 0 then
        perform core.fail(1, '文件中没有推荐数据');
    end if;
    if jsonb_array_length(a->'rows') > 100000 then
        perform core.fail(1, '一次最多导入 100000 行');
    end if;
    for v_row in select * from jsonb_array_elements(a->'rows') loop
        begin
            if upper(coalesce(v_row->>'credit_code', '')) = any (v_seen) then
                perform core.fail(1, '与文件中的另一行重复（同一统一社会信用代码）');
            end if;
            v_seen := v_seen || upper(coalesce(v_row->>'credit_code', ''));
            v_ids := v_ids || core.recommend_row(ctx, r, v_row);
        exception when others then
            get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text,
                                    v_constraint = constraint_name;
            v_errors := v_errors || format('第 %s 行（%s）：%s', v_row->>'line', coalesce(v_row->>'name', ''),
                                           core.row_error(v_state, v_msg, v_constraint));
        end;
    end loop;
    if cardinality(v_errors) > 0 then
        perform core.fail(1, format('文件有 %s 行不符合要求，未导入任何记录：', cardinality(v_errors))
                             || E'\n' || array_to_string(v_errors[1:200], E'\n'));
    end if;
    perform core.set_object('keylist_round:' || r.id || ' imported:' || cardinality(v_ids));
    return jsonb_build_object('imported', cardinality(v_ids), 'ids', to_jsonb(v_ids));
end $$;

create function m.recommendation_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select jsonb_build_object('recommendations', coalesce(jsonb_agg(core.recommendation_json(ctx, rc.id)
                                                                    order by rc.id), '[]'))
      from core.recommendation rc join core.keylist_round r on r.id = rc.round_id
     where (ctx->>'scope' = 'province' or rc.prefecture_code = ctx->>'prefecture')
       and core.sees_keylist(ctx, r)
       and (coalesce((a->>'round_id')::bigint, 0) = 0 or rc.round_id = (a->>'round_id')::bigint)
       and (coalesce(a->>'status', '') = '' or rc.status = a->>'status')
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
    if rc.id is null or not core.sees_keylist(ctx, r)
       or (ctx->>'scope' = 'prefecture' and rc.prefecture_code <> ctx->>'prefecture') then
        perform core.fail(4, '推荐不存在');
    end if;
    perform core.require(core.owns_keylist(ctx, r), '只有开启该推荐轮次的一方可以审核');
    if rc.status <> 'submitted' then
        perform core.fail(5, '只能审核待审核的推荐');
    end if;
    if v_decision not in ('approve', 'return', 'reject') then
        perform core.fail(1, '审核结果应为 approve（列入）、return（退回修改）或 reject（不予列入）');
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
    perform core.set_object('recommendation:' || rc.id || ' ' || v_decision);
    return core.recommendation_json(ctx, rc.id);
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
        perform core.fail(4, '推荐不存在');
    end if;
    if rc.status <> 'returned' then
        perform core.fail(5, '只能修改被退回的推荐');
    end if;
    r := core.recommend_round(ctx, rc.round_id);
    v_org := core.save_enterprise(ctx, core.check_enterprise(ctx, a));
    if v_org <> rc.enterprise_id then
        perform core.fail(1, '修改推荐时不能换成另一家企业（统一社会信用代码不同）');
    end if;
    update core.recommendation set status = 'submitted', reason = null, decided_by = null, decided_at = null
     where id = rc.id;
    perform core.set_object('recommendation:' || rc.id);
    return core.recommendation_json(ctx, rc.id);
end $$;

-- The list of a year, filtered; lenders see only enterprises that consented.
create function core.list_entry_json(ctx jsonb, k core.key_enterprise) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', k.id, 'year', k.year, 'tier', k.tier, 'prefecture_code', k.prefecture_code,
        'prefecture_name', (select name from core.division where code = k.prefecture_code),
        'source', k.source, 'since_year', k.since_year, 'years_in_program', k.year - k.since_year + 1,
        'status', k.status, 'removed_reason', coalesce(k.removed_reason, ''),
        'enterprise', core.enterprise_json(ctx, k.enterprise_id))
$$;

create function core.list_filter(ctx jsonb, a jsonb, k core.key_enterprise, e core.enterprise) returns boolean
language sql stable as $$
    select core.sees_enterprise(ctx, e)
       and (ctx->>'scope' <> 'prefecture' or k.prefecture_code = ctx->>'prefecture'
            or core.prefecture_of(e.county_code) = ctx->>'prefecture')
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
    select jsonb_build_object('entries', coalesce(jsonb_agg(core.list_entry_json(ctx, k)
                                                            order by k.year desc, k.prefecture_code, k.id), '[]'))
      from core.key_enterprise k join core.enterprise e on e.org_id = k.enterprise_id
     where core.list_filter(ctx, a, k, e)
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
                  where core.list_filter(ctx, a - 'year' - 'status', k, e) and k.year = (a->>'year')::int
                    and k.status = 'listed'),
         prev as (select k.* from core.key_enterprise k join core.enterprise e on e.org_id = k.enterprise_id
                   where core.list_filter(ctx, a - 'year' - 'status', k, e) and k.year = (a->>'year')::int - 1)
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
                                                 else '培育期满（' || (p.year - p.since_year + 1) || ' 年）' end)
          from prev p join core.organisation o on o.id = p.enterprise_id
         where not exists (select 1 from cur c where c.enterprise_id = p.enterprise_id and c.tier = p.tier)) y(x)
$$;
