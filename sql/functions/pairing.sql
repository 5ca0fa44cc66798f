-- pairing.sql - pairing advisors with enterprises (P8, P12): candidate
-- pairs under the hard constraints with scores and reasons, accepted
-- pairings re-checked and recorded, changes after acceptance, specialists,
-- successors, declared conflicts, and who sees a pair.

-- The weights of a request ({} when none were sent).
create function lib.pairing_weights(a jsonb) returns jsonb
language sql immutable as $$
    select case jsonb_typeof(a->'weights') when 'object' then a->'weights' else '{}' end
$$;

-- Candidate pairs of a tier and year with scores: weights {specialism,
-- industry, local} (non-negative integers).
create function lib.pairing_candidates(p_tier text, p_prefecture text, p_year int, w jsonb)
returns table (advisor_id bigint, enterprise_id bigint, score bigint, factors text)
language sql stable as $$
    with adv as (
        select ad.id, ad.specialisms, ad.prefectures, n.sections, o.name as org_name,
               lib.prefecture_of(o.division_code) as home
          from core.advisor ad join core.nomination n on n.id = ad.nomination_id
          join core.organisation o on o.id = ad.org_id
         where ad.status = 'active' and ad.tier = p_tier
           and (p_tier = 'province' or ad.prefecture_code = p_prefecture)),
    ent as (
        select e.org_id, e.industry_section, e.difficulties, e.borrowings, lib.prefecture_of(e.county_code) as pref
          from core.key_enterprise k join core.enterprise e on e.org_id = k.enterprise_id
         where k.year = p_year and k.tier = p_tier and k.status = 'listed'
           and (p_tier = 'province' or k.prefecture_code = p_prefecture)),
    pairs as (
        select a.id aid, e.org_id eid,
               (select count(distinct ds.specialism) from core.difficulty_specialism ds
                 where ds.difficulty = any (e.difficulties) and ds.specialism = any (a.specialisms)) as spec,
               (e.industry_section = any (a.sections))::int as ind,
               (a.home = e.pref)::int as loc
          from adv a join ent e on e.pref = any (a.prefectures)
         where not exists (select 1 from core.pairing_conflict c where c.advisor_id = a.id and c.enterprise_id = e.org_id)
           and not exists (select 1 from jsonb_array_elements(e.borrowings) b where btrim(b->>'lender') = a.org_name))
    select aid, eid,
           spec * coalesce((w->>'specialism')::bigint, 5) + ind * coalesce((w->>'industry')::bigint, 3)
             + loc * coalesce((w->>'local')::bigint, 2),
           format('专业对口 %s 项×%s、熟悉行业 %s×%s、本地机构 %s×%s', spec, coalesce(w->>'specialism', '5'),
                  ind, coalesce(w->>'industry', '3'), loc, coalesce(w->>'local', '2'))
      from pairs
$$;

create function lib.pairing_scope(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    v_tier text := coalesce(nullif(a->>'tier', ''), 'province');
    v_pref text := case v_tier when 'prefecture' then ctx->>'prefecture' end;
begin
    perform lib.require(lib.owns_tier(ctx, v_tier, v_pref),
        case v_tier when 'province' then '省级结对由省局管理员安排' else '市州结对由本市（州）金融办安排' end);
    if coalesce((a->>'year')::int, 0) = 0 then
        perform lib.fail('INVALID', '须指明年度');
    end if;
    if exists (select 1 from jsonb_each_text(lib.pairing_weights(a)) x
                where x.key not in ('specialism', 'industry', 'local') or x.value !~ '^[0-9]{1,4}$') then
        perform lib.fail('INVALID', '权重只能是 specialism、industry、local，取 0 至 9999 的整数');
    end if;
    return jsonb_build_object('tier', v_tier, 'prefecture', v_pref, 'year', (a->>'year')::int);
end $$;

create function m.pairing_inputs(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    s jsonb := lib.pairing_scope(ctx, a);
    v_tier text := s->>'tier';
    v_pref text := s->>'prefecture';
    v_year int := (s->>'year')::int;
begin
    return jsonb_build_object(
        'advisors', (select coalesce(jsonb_agg(jsonb_build_object('id', ad.id, 'name', ad.name,
                                        'prefectures', to_jsonb(ad.prefectures), 'specialisms', to_jsonb(ad.specialisms))
                                        order by ad.id), '[]')
                       from core.advisor ad
                      where ad.status = 'active' and ad.tier = v_tier
                        and (v_tier = 'province' or ad.prefecture_code = v_pref)),
        'enterprises', (select coalesce(jsonb_agg(jsonb_build_object('id', e.org_id, 'name', o.name,
                                           'prefecture_code', lib.prefecture_of(e.county_code),
                                           'difficulties', to_jsonb(e.difficulties)) order by e.org_id), '[]')
                          from core.key_enterprise k join core.enterprise e on e.org_id = k.enterprise_id
                          join core.organisation o on o.id = e.org_id
                         where k.year = v_year and k.tier = v_tier and k.status = 'listed'
                           and (v_tier = 'province' or k.prefecture_code = v_pref)),
        'candidates', (select coalesce(jsonb_agg(jsonb_build_object('advisor_id', c.advisor_id,
                                          'enterprise_id', c.enterprise_id, 'score', c.score, 'factors', c.factors)
                                          order by c.enterprise_id, c.advisor_id), '[]')
                         from lib.pairing_candidates(v_tier, v_pref, v_year, lib.pairing_weights(a)) c));
end $$;

create function lib.pairs_json(p_tier text, p_pref text, p_year int) returns jsonb
language sql stable as $$
    select coalesce(jsonb_agg(jsonb_build_object(
               'advisor_id', p.advisor_id, 'advisor_name', ad.name, 'enterprise_id', p.enterprise_id,
               'enterprise_name', o.name, 'score', p.score, 'factors', p.factors,
               'since', to_char(p.since, 'YYYY-MM-DD')) order by p.advisor_id, p.enterprise_id), '[]')
      from core.pairing p join core.advisor ad on ad.id = p.advisor_id
      join core.organisation o on o.id = p.enterprise_id
     where p.year = p_year and p.tier = p_tier and p.until is null
       and (p_tier = 'province' or ad.prefecture_code = p_pref)
$$;

-- Accepting a pairing again (other weights, a corrected proposal) keeps the
-- pairs it does not change: same advisor, same enterprise — their dates and
-- agreements go on, their score follows the new weights.  The others end
-- today with the reason; a specialist ends if the new pairing gives that
-- advisor the enterprise as its own or fills the advisor's two places.
-- Otherwise as in 024.
create function m.pairing_accept(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    s jsonb := lib.pairing_scope(ctx, a);
    v_tier text := s->>'tier';
    v_pref text := s->>'prefecture';
    v_year int := (s->>'year')::int;
    v_bad text;
    v_run bigint;
    v_obj bigint;
begin
    perform pg_advisory_xact_lock(hashtext('pairing:' || v_tier || coalesce(v_pref, '') || v_year));
    create temp table pick on commit drop as
        select (x->>'advisor_id')::bigint advisor_id, (x->>'enterprise_id')::bigint enterprise_id
          from jsonb_array_elements(coalesce(a->'pairs', '[]')) x;
    create temp table cand on commit drop as
        select * from lib.pairing_candidates(v_tier, v_pref, v_year, lib.pairing_weights(a));
    select string_agg(format('顾问 %s—企业 %s', p.advisor_id, p.enterprise_id), '、') into v_bad
      from pick p where not exists (select 1 from cand c where c.advisor_id = p.advisor_id
                                                         and c.enterprise_id = p.enterprise_id);
    if v_bad is not null then
        perform lib.fail('INVALID', '以下结对不符合硬性约束（层级、可服务市州或利益冲突）：' || v_bad);
    end if;
    select string_agg(o.name, '、') into v_bad
      from core.key_enterprise k join core.enterprise e on e.org_id = k.enterprise_id
      join core.organisation o on o.id = e.org_id
     where k.year = v_year and k.tier = v_tier and k.status = 'listed'
       and (v_tier = 'province' or k.prefecture_code = v_pref)
       and (select count(*) from pick p where p.enterprise_id = k.enterprise_id) <> 1;
    if v_bad is not null then
        perform lib.fail('INVALID', '每家在册企业须恰好有一名顾问：' || v_bad);
    end if;
    select string_agg(ad.name, '、') into v_bad
      from core.advisor ad
     where ad.status = 'active' and ad.tier = v_tier and (v_tier = 'province' or ad.prefecture_code = v_pref)
       and (select count(*) from pick p where p.advisor_id = ad.id) not between 1 and 2;
    if v_bad is not null then
        perform lib.fail('INVALID', '每名在聘顾问须结对 1 至 2 家企业：' || v_bad);
    end if;
    select coalesce(sum(c.score), 0) into v_obj from pick p join cand c using (advisor_id, enterprise_id);
    insert into core.pairing_run (tier, prefecture_code, year, weights, objective, solver, note, created_by)
    values (v_tier, v_pref, v_year, lib.pairing_weights(a), v_obj, coalesce(a->>'solver', ''),
            coalesce(a->>'note', ''), (ctx->>'user_id')::bigint)
    returning id into v_run;
    create temp table cur on commit drop as
        select p.* from core.pairing p join core.advisor ad on ad.id = p.advisor_id
         where p.year = v_year and p.tier = v_tier and p.until is null
           and (v_tier = 'province' or ad.prefecture_code = v_pref);
    -- unchanged pairs stay, under this run and its scores
    update core.pairing p set run_id = v_run, score = c.score, factors = c.factors
      from cand c
     where p.id in (select id from cur where role = 'primary')
       and exists (select 1 from pick k where k.advisor_id = p.advisor_id and k.enterprise_id = p.enterprise_id)
       and c.advisor_id = p.advisor_id and c.enterprise_id = p.enterprise_id;
    update core.pairing set until = current_date, end_reason = '重新结对（方案 ' || v_run || '）'
     where id in (select id from cur where role = 'primary') and run_id <> v_run;
    update core.pairing sp set until = current_date, end_reason = '重新结对后该顾问已无空位（方案 ' || v_run || '）'
     where sp.id in (select id from cur where role = 'specialist')
       and (exists (select 1 from pick k where k.advisor_id = sp.advisor_id and k.enterprise_id = sp.enterprise_id)
            or (select count(*) from pick k where k.advisor_id = sp.advisor_id)
               + (select count(*) from cur x where x.role = 'specialist' and x.advisor_id = sp.advisor_id) > 2);
    insert into core.pairing (run_id, year, tier, advisor_id, enterprise_id, score, factors)
    select v_run, v_year, v_tier, p.advisor_id, p.enterprise_id, c.score, c.factors
      from pick p join cand c using (advisor_id, enterprise_id)
     where not exists (select 1 from core.pairing x where x.run_id = v_run and x.until is null
                                                       and x.advisor_id = p.advisor_id
                                                       and x.enterprise_id = p.enterprise_id);
    perform lib.set_object('pairing_run:' || v_run || ' pairs:' || (select count(*) from pick) || ' objective:' || v_obj
                            || ' kept:' || (select count(*) from core.pairing where run_id = v_run
                                                                               and created_at < now()));
    return jsonb_build_object('run_id', v_run, 'objective', v_obj, 'pairs', lib.pairs_json(v_tier, v_pref, v_year));
end $$;

create function m.pairing_conflict(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    ad core.advisor;
begin
    select * into ad from core.advisor where id = (a->>'advisor_id')::bigint;
    if not found or not (lib.manages_advisor(ctx, ad) or ad.user_id = (ctx->>'user_id')::bigint) then
        perform lib.fail('NOT_FOUND', '顾问不存在');
    end if;
    if not exists (select 1 from core.enterprise where org_id = (a->>'enterprise_id')::bigint) then
        perform lib.fail('NOT_FOUND', '企业不存在');
    end if;
    insert into core.pairing_conflict (advisor_id, enterprise_id, reason, declared_by)
    values (ad.id, (a->>'enterprise_id')::bigint, btrim(coalesce(a->>'reason', '')), (ctx->>'user_id')::bigint);
    perform lib.set_object('advisor:' || ad.id || ' conflict enterprise:' || (a->>'enterprise_id'));
    return jsonb_build_object();
end $$;

-- Why advisor p_advisor may not serve enterprise p_enterprise in a tier and
-- year (null when it may).  The same rules as lib.pairing_candidates.
create function lib.pair_refusal(p_advisor bigint, p_enterprise bigint, p_tier text, p_year int)
returns text
language sql stable as $$
    select case
        when ad.id is null then '顾问不存在'
        when ad.status <> 'active' then format('%s 不在聘', ad.name)
        when ad.tier <> p_tier then format('%s 不属于本层级的顾问队伍', ad.name)
        when k.enterprise_id is null then '该企业不在本年度本层级的名单中'
        when p_tier = 'prefecture' and k.prefecture_code is distinct from ad.prefecture_code
            then format('%s 属于其他市州的顾问队伍', ad.name)
        when not (lib.prefecture_of(e.county_code) = any (ad.prefectures))
            then format('%s 不服务 %s', ad.name,
                        (select d.name from core.division d where d.code = lib.prefecture_of(e.county_code)))
        when exists (select 1 from core.pairing_conflict c where c.advisor_id = ad.id and c.enterprise_id = e.org_id)
            then format('%s 已申报与该企业存在利益冲突', ad.name)
        when exists (select 1 from jsonb_array_elements(e.borrowings) b where btrim(b->>'lender') = o.name)
            then format('%s 所在的%s向该企业提供融资（利益冲突）', ad.name, o.name)
    end
      from (select 1) one
      left join core.advisor ad on ad.id = p_advisor
      left join core.organisation o on o.id = ad.org_id
      left join core.key_enterprise k on k.enterprise_id = p_enterprise and k.year = p_year and k.tier = p_tier
                                     and k.status = 'listed'
      left join core.enterprise e on e.org_id = k.enterprise_id
$$;

-- The pairing run a change belongs to: the latest accepted for the scope.
create function lib.pairing_last_run(p_tier text, p_pref text, p_year int) returns core.pairing_run
language sql stable as $$
    select * from core.pairing_run
     where tier = p_tier and prefecture_code is not distinct from p_pref and year = p_year
     order by id desc limit 1
$$;

-- Insert a pair after checking the hard constraints and the capacity.
create function lib.pair_add(p_run core.pairing_run, p_advisor bigint, p_enterprise bigint, p_role text,
                              p_specialism text, p_reason text, p_user bigint) returns bigint
language plpgsql as $$
declare
    v_why text := lib.pair_refusal(p_advisor, p_enterprise, p_run.tier, p_run.year);
    c record;
    v_id bigint;
begin
    -- a prefecture's run pairs its own team with its own list only
    if p_run.tier = 'prefecture' and (
         not exists (select 1 from core.advisor where id = p_advisor and prefecture_code = p_run.prefecture_code)
         or not exists (select 1 from core.key_enterprise where enterprise_id = p_enterprise and year = p_run.year
                                                          and tier = 'prefecture'
                                                          and prefecture_code = p_run.prefecture_code)) then
        perform lib.fail('NOT_FOUND', '顾问或企业不在本市（州）的队伍和名单中');
    end if;
    if v_why is not null then
        perform lib.fail('CONFLICT', '不能结对：' || v_why);
    end if;
    if (select count(*) from core.pairing where advisor_id = p_advisor and year = p_run.year
                                            and until is null) >= 2 then
        perform lib.fail('CONFLICT', format('%s 已结对 2 家企业，不能再增加',
                                    (select name from core.advisor where id = p_advisor)));
    end if;
    select * into c from lib.pairing_candidates(p_run.tier, p_run.prefecture_code, p_run.year, p_run.weights) x
     where x.advisor_id = p_advisor and x.enterprise_id = p_enterprise;
    insert into core.pairing (run_id, year, tier, advisor_id, enterprise_id, score, factors, role, specialism,
                              reason, changed_by)
    values (p_run.id, p_run.year, p_run.tier, p_advisor, p_enterprise, coalesce(c.score, 0),
            coalesce(c.factors, ''), p_role, p_specialism, p_reason, p_user)
    returning id into v_id;
    return v_id;
end $$;

-- The scope of a change request: the caller owns the tier, a year is named,
-- a reason is given, and there is an accepted pairing to change.
create function lib.pairing_change_scope(ctx jsonb, a jsonb) returns core.pairing_run
language plpgsql stable as $$
declare
    s jsonb := lib.pairing_scope(ctx, a - 'weights');
    r core.pairing_run;
begin
    if length(btrim(coalesce(a->>'reason', ''))) < 2 then
        perform lib.fail('INVALID', '须说明调整理由');
    end if;
    r := lib.pairing_last_run(s->>'tier', s->>'prefecture', (s->>'year')::int);
    if r.id is null then
        perform lib.fail('CONFLICT', '本年度尚未确定结对方案，请先运行 rongpei pairing propose --accept');
    end if;
    return r;
end $$;

create function lib.pair_json(p core.pairing) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', p.id, 'advisor_id', p.advisor_id, 'advisor_name', ad.name, 'enterprise_id', p.enterprise_id,
        'enterprise_name', o.name, 'score', p.score, 'factors', p.factors,
        'since', to_char(p.since, 'YYYY-MM-DD'), 'until', coalesce(to_char(p.until, 'YYYY-MM-DD'), ''),
        'role', p.role, 'specialism', coalesce(p.specialism, ''), 'tier', p.tier, 'year', p.year,
        'reason', p.reason, 'end_reason', p.end_reason,
        'group_name', coalesce((select g.name from core.group_membership gm
                                  join core.service_group g on g.id = gm.group_id
                                 where gm.advisor_id = p.advisor_id and gm.until is null), ''))
      from core.advisor ad, core.organisation o
     where ad.id = p.advisor_id and o.id = p.enterprise_id
$$;

create function m.pairing_change(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.pairing_run := lib.pairing_change_scope(ctx, a);
    old core.pairing;
    v_id bigint;
begin
    perform pg_advisory_xact_lock(hashtext('pairing:' || r.tier || coalesce(r.prefecture_code, '') || r.year));
    select * into old from core.pairing
     where year = r.year and tier = r.tier and enterprise_id = (a->>'enterprise_id')::bigint
       and until is null and role = 'primary' for update;
    if not found then
        -- a listed enterprise without an advisor (a place refilled): pair it
        v_id := lib.pair_add(r, (a->>'advisor_id')::bigint, (a->>'enterprise_id')::bigint, 'primary', null,
                              btrim(a->>'reason'), (ctx->>'user_id')::bigint);
        perform lib.set_object('pairing:' || v_id || ' new');
        return lib.pair_json(p) from core.pairing p where p.id = v_id;
    end if;
    if not lib.sees_pair(ctx, old) then
        perform lib.fail('NOT_FOUND', '该企业本年度没有结对');
    end if;
    if old.advisor_id = (a->>'advisor_id')::bigint then
        perform lib.fail('CONFLICT', '该企业已由这名顾问服务');
    end if;
    if (select count(*) from core.pairing where advisor_id = old.advisor_id and until is null) = 1
       and (select status from core.advisor where id = old.advisor_id) = 'active' then
        perform lib.fail('CONFLICT', format('%s 只结对这一家企业，调走后将无企业可服务；请改用 pairing propose 整体调整',
                                    (select name from core.advisor where id = old.advisor_id)));
    end if;
    update core.pairing set until = current_date, end_reason = '调整：' || btrim(a->>'reason')
     where id = old.id;
    v_id := lib.pair_add(r, (a->>'advisor_id')::bigint, old.enterprise_id, 'primary', null,
                          btrim(a->>'reason'), (ctx->>'user_id')::bigint);
    perform lib.set_object('pairing:' || v_id || ' replaces pairing:' || old.id);
    return lib.pair_json(p) from core.pairing p where p.id = v_id;
end $$;

create function m.pairing_add(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.pairing_run := lib.pairing_change_scope(ctx, a);
    prim core.pairing;
    v_spec text := a->>'specialism';
    v_id bigint;
begin
    perform pg_advisory_xact_lock(hashtext('pairing:' || r.tier || coalesce(r.prefecture_code, '') || r.year));
    if not exists (select 1 from core.specialism where code = v_spec) then
        perform lib.fail('INVALID', '请指明企业需要的专业（' ||
                             (select string_agg(code || ' ' || label, '、' order by code) from core.specialism) || '）');
    end if;
    select * into prim from core.pairing
     where year = r.year and tier = r.tier and enterprise_id = (a->>'enterprise_id')::bigint
       and until is null and role = 'primary';
    if not found or not lib.sees_pair(ctx, prim) then
        perform lib.fail('NOT_FOUND', '该企业本年度没有结对');
    end if;
    if exists (select 1 from core.pairing p join core.advisor ad on ad.id = p.advisor_id
                where p.enterprise_id = prim.enterprise_id and p.year = r.year and p.tier = r.tier
                  and p.until is null and v_spec = any (ad.specialisms)) then
        perform lib.fail('CONFLICT', '该企业的顾问已具备这一专业，无须增派');
    end if;
    if not exists (select 1 from core.advisor where id = (a->>'advisor_id')::bigint
                                                and v_spec = any (specialisms)) then
        perform lib.fail('CONFLICT', '增派的顾问须具备该专业');
    end if;
    v_id := lib.pair_add(r, (a->>'advisor_id')::bigint, prim.enterprise_id, 'specialist', v_spec,
                          btrim(a->>'reason'), (ctx->>'user_id')::bigint);
    perform lib.set_object('pairing:' || v_id || ' specialist ' || v_spec);
    return lib.pair_json(p) from core.pairing p where p.id = v_id;
end $$;

-- The successor (an advisor appointed through a replacement) takes over the
-- current pairs of the advisor replaced, every one or none.
create function m.pairing_succeed(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    succ core.advisor;
    pred core.advisor;
    p core.pairing;
    r core.pairing_run;
    v_bad text := '';
    v_why text;
    v_n int := 0;
begin
    select * into succ from core.advisor where id = (a->>'advisor_id')::bigint;
    if not found or not lib.owns_tier(ctx, succ.tier, succ.prefecture_code) then
        perform lib.fail('NOT_FOUND', '顾问不存在');
    end if;
    select ad.* into pred from core.nomination n join core.replacement rp on rp.id = n.replacement_id
      join core.advisor ad on ad.id = rp.advisor_id
     where n.id = succ.nomination_id;
    if not found then
        perform lib.fail('CONFLICT', format('%s 不是经更换程序聘任的接替顾问', succ.name));
    end if;
    -- the same locks as pairing.accept for every year the pairs are in
    perform pg_advisory_xact_lock(hashtext('pairing:' || succ.tier || coalesce(succ.prefecture_code, '') || y))
       from (select distinct year y from core.pairing where advisor_id = pred.id and until is null order by 1) x;
    for p in select * from core.pairing where advisor_id = pred.id and until is null order by id for update loop
        v_why := lib.pair_refusal(succ.id, p.enterprise_id, p.tier, p.year);
        if v_why is not null then
            v_bad := v_bad || format('%s：%s；', (select name from core.organisation where id = p.enterprise_id), v_why);
        end if;
    end loop;
    if v_bad <> '' then
        perform lib.fail('CONFLICT', '接替顾问不能承接以下企业，请用 pairing change 另选顾问：' || v_bad);
    end if;
    for p in select * from core.pairing where advisor_id = pred.id and until is null order by id loop
        update core.pairing set until = current_date, end_reason = '顾问更换，由' || succ.name || '接替'
         where id = p.id;
        select * into r from core.pairing_run where id = p.run_id;
        perform lib.pair_add(r, succ.id, p.enterprise_id, p.role, p.specialism,
                              '接替' || pred.name, (ctx->>'user_id')::bigint);
        v_n := v_n + 1;
    end loop;
    if v_n = 0 then
        perform lib.fail('CONFLICT', format('%s 没有需要接替的结对', pred.name));
    end if;
    perform lib.set_object('advisor:' || succ.id || ' succeeds advisor:' || pred.id || ' pairs:' || v_n);
    return jsonb_build_object('pairs', (select jsonb_agg(lib.pair_json(x) order by x.id) from core.pairing x
                                         where x.advisor_id = succ.id and x.until is null));
end $$;

-- May the caller see this pair?  The tier's owners and readers; an advisor
-- their own pairs and, leading a group, the group's; an enterprise contact
-- their enterprise's.
create function lib.sees_pair(ctx jsonb, p core.pairing) returns boolean
language sql stable as $$
    select case ctx->>'scope'
        when 'province' then true
        when 'prefecture' then
            exists (select 1 from core.advisor ad where ad.id = p.advisor_id and p.tier = 'prefecture'
                                                   and ad.prefecture_code = ctx->>'prefecture')
            or exists (select 1 from core.enterprise e where e.org_id = p.enterprise_id
                                                        and lib.prefecture_of(e.county_code) = ctx->>'prefecture')
        else
            (lib.has_role(ctx, 'enterprise_contact') and p.enterprise_id = (ctx->>'org_id')::bigint)
            or (lib.has_role(ctx, 'advisor') and exists (
                    select 1 from core.advisor ad where ad.id = p.advisor_id
                                                    and ad.user_id = (ctx->>'user_id')::bigint))
            or (lib.has_role(ctx, 'advisor') and exists (
                    select 1 from core.group_membership gm join core.service_group g on g.id = gm.group_id
                      join core.advisor l on l.id = g.leader_id
                     where gm.advisor_id = p.advisor_id and gm.until is null
                       and l.user_id = (ctx->>'user_id')::bigint))
    end
$$;

create function m.pairing_list(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    v_tier text := nullif(a->>'tier', '');
    v_year int := nullif(coalesce((a->>'year')::int, 0), 0);
    v_hist boolean := coalesce((a->>'history')::boolean, false);
begin
    if ctx->>'scope' in ('province', 'prefecture') and v_tier is null then
        v_tier := case ctx->>'scope' when 'province' then 'province' end;
    end if;
    return jsonb_build_object('pairs', (
        select coalesce(jsonb_agg(lib.pair_json(p) order by p.year desc, p.advisor_id, p.enterprise_id, p.id), '[]')
          from core.pairing p
         where (v_year is null or p.year = v_year)
           and (v_tier is null or p.tier = v_tier)
           and (v_hist or p.until is null)
           and (coalesce((a->>'enterprise_id')::bigint, 0) = 0 or p.enterprise_id = (a->>'enterprise_id')::bigint)
           and (coalesce((a->>'advisor_id')::bigint, 0) = 0 or p.advisor_id = (a->>'advisor_id')::bigint)
           and lib.sees_pair(ctx, p)));
end $$;

-- An enterprise that leaves the year's list ends its pairs of that tier
-- (and so, sql/026, their agreements).
create function lib.key_enterprise_ends_pairs() returns trigger
language plpgsql as $$
begin
    update core.pairing set until = current_date, end_reason = '企业移出名单'
     where enterprise_id = new.enterprise_id and year = new.year and tier = new.tier and until is null;
    return null;
end $$;
create trigger key_enterprise_ends_pairs after update of status on core.key_enterprise
    for each row when (old.status = 'listed' and new.status <> 'listed')
    execute function lib.key_enterprise_ends_pairs();
