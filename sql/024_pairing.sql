-- 024_pairing.sql - pairing advisors with the listed enterprises (P8, P12).
--
-- pairing.inputs gives what a pairing may use: the tier's active advisors,
-- the year's listed enterprises, and every candidate pair the hard
-- constraints allow — the advisor serves the enterprise's prefecture, the
-- tiers match (provincial advisors the provincial list, a prefecture's
-- team its own list), and there is no conflict of interest (the advisor's
-- institution lends to the enterprise, or a conflict was declared) — each
-- with its score under the given weights and the factors behind it.  The
-- client finds the best pairing (common/pairing.c, a minimum-cost flow);
-- pairing.accept checks it against the same rules here, whoever computed
-- it, records the run with its weights and the objective recomputed from
-- these scores, and dates every pair: who served whom when is kept.

create table core.difficulty_specialism (
    difficulty text not null,
    specialism text not null references core.specialism,
    primary key (difficulty, specialism)
);
insert into core.difficulty_specialism values
  ('financing', 'credit'), ('financing', 'bonds'), ('financing', 'equity'), ('financing', 'guarantee'),
  ('financing', 'insurance'), ('capital_markets', 'equity'), ('capital_markets', 'bonds'),
  ('management', 'governance'), ('management', 'policy'), ('financial_discipline', 'accounting'),
  ('risk', 'risk'), ('risk', 'law'), ('credit', 'credit'), ('credit', 'law');

create table core.pairing_conflict (
    advisor_id    bigint not null references core.advisor,
    enterprise_id bigint not null references core.enterprise,
    reason        text not null check (length(btrim(reason)) >= 2),
    declared_by   bigint references core.app_user,
    declared_at   timestamptz not null default now(),
    primary key (advisor_id, enterprise_id)
);

create table core.pairing_run (
    id              bigserial primary key,
    tier            text not null check (tier in ('province', 'prefecture')),
    prefecture_code char(6),
    year            int not null,
    weights         jsonb not null,
    objective       bigint not null,
    solver          text not null default '',
    note            text not null default '',
    created_by      bigint references core.app_user,
    created_at      timestamptz not null default now()
);

create table core.pairing (
    id            bigserial primary key,
    run_id        bigint not null references core.pairing_run,
    year          int not null,
    tier          text not null,
    advisor_id    bigint not null references core.advisor,
    enterprise_id bigint not null references core.enterprise,
    score         bigint not null,
    factors       text not null,
    since         date not null default current_date,
    until         date,
    created_at    timestamptz not null default now()
);
-- one advisor per enterprise at a time, in a year and tier
create unique index pairing_current on core.pairing (year, tier, enterprise_id) where until is null;

insert into core.constraint_message values
  ('pairing_conflict_reason_check', '申报利益冲突须说明理由'),
  ('pairing_conflict_pkey', '已申报过该利益冲突');

-- The weights of a request ({} when none were sent).
create function core.pairing_weights(a jsonb) returns jsonb
language sql immutable as $$
    select case jsonb_typeof(a->'weights') when 'object' then a->'weights' else '{}' end
$$;

-- Candidate pairs of a tier and year with scores: weights {specialism,
-- industry, local} (non-negative integers).
create function core.pairing_candidates(p_tier text, p_prefecture text, p_year int, w jsonb)
returns table (advisor_id bigint, enterprise_id bigint, score bigint, factors text)
language sql stable as $$
    with adv as (
        select ad.id, ad.specialisms, ad.prefectures, n.sections, o.name as org_name,
               core.prefecture_of(o.division_code) as home
          from core.advisor ad join core.nomination n on n.id = ad.nomination_id
          join core.organisation o on o.id = ad.org_id
         where ad.status = 'active' and ad.tier = p_tier
           and (p_tier = 'province' or ad.prefecture_code = p_prefecture)),
    ent as (
        select e.org_id, e.industry_section, e.difficulties, e.borrowings, core.prefecture_of(e.county_code) as pref
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

create function core.pairing_scope(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    v_tier text := coalesce(nullif(a->>'tier', ''), 'province');
    v_pref text := case v_tier when 'prefecture' then ctx->>'prefecture' end;
begin
    perform core.require(core.owns_tier(ctx, v_tier, v_pref),
        case v_tier when 'province' then '省级结对由省局管理员安排' else '市州结对由本市（州）金融办安排' end);
    if coalesce((a->>'year')::int, 0) = 0 then
        perform core.fail(1, '须指明年度');
    end if;
    if exists (select 1 from jsonb_each_text(core.pairing_weights(a)) x
                where x.key not in ('specialism', 'industry', 'local') or x.value !~ '^[0-9]{1,4}$') then
        perform core.fail(1, '权重只能是 specialism、industry、local，取 0 至 9999 的整数');
    end if;
    return jsonb_build_object('tier', v_tier, 'prefecture', v_pref, 'year', (a->>'year')::int);
end $$;

create function m.pairing_inputs(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    s jsonb := core.pairing_scope(ctx, a);
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
                                           'prefecture_code', core.prefecture_of(e.county_code),
                                           'difficulties', to_jsonb(e.difficulties)) order by e.org_id), '[]')
                          from core.key_enterprise k join core.enterprise e on e.org_id = k.enterprise_id
                          join core.organisation o on o.id = e.org_id
                         where k.year = v_year and k.tier = v_tier and k.status = 'listed'
                           and (v_tier = 'province' or k.prefecture_code = v_pref)),
        'candidates', (select coalesce(jsonb_agg(jsonb_build_object('advisor_id', c.advisor_id,
                                          'enterprise_id', c.enterprise_id, 'score', c.score, 'factors', c.factors)
                                          order by c.enterprise_id, c.advisor_id), '[]')
                         from core.pairing_candidates(v_tier, v_pref, v_year, core.pairing_weights(a)) c));
end $$;

create function core.pairs_json(p_tier text, p_pref text, p_year int) returns jsonb
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

-- Accept a pairing: every listed enterprise exactly once, every active
-- advisor one or two, only candidate pairs.  Replaces the current pairing
-- (the old pairs end today, the history stays).
create function m.pairing_accept(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    s jsonb := core.pairing_scope(ctx, a);
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
        select * from core.pairing_candidates(v_tier, v_pref, v_year, core.pairing_weights(a));
    select string_agg(format('顾问 %s—企业 %s', p.advisor_id, p.enterprise_id), '、') into v_bad
      from pick p where not exists (select 1 from cand c where c.advisor_id = p.advisor_id
                                                         and c.enterprise_id = p.enterprise_id);
    if v_bad is not null then
        perform core.fail(1, '以下结对不符合硬性约束（层级、可服务市州或利益冲突）：' || v_bad);
    end if;
    select string_agg(o.name, '、') into v_bad
      from core.key_enterprise k join core.enterprise e on e.org_id = k.enterprise_id
      join core.organisation o on o.id = e.org_id
     where k.year = v_year and k.tier = v_tier and k.status = 'listed'
       and (v_tier = 'province' or k.prefecture_code = v_pref)
       and (select count(*) from pick p where p.enterprise_id = k.enterprise_id) <> 1;
    if v_bad is not null then
        perform core.fail(1, '每家在册企业须恰好有一名顾问：' || v_bad);
    end if;
    select string_agg(ad.name, '、') into v_bad
      from core.advisor ad
     where ad.status = 'active' and ad.tier = v_tier and (v_tier = 'province' or ad.prefecture_code = v_pref)
       and (select count(*) from pick p where p.advisor_id = ad.id) not between 1 and 2;
    if v_bad is not null then
        perform core.fail(1, '每名在聘顾问须结对 1 至 2 家企业：' || v_bad);
    end if;
    select coalesce(sum(c.score), 0) into v_obj from pick p join cand c using (advisor_id, enterprise_id);
    insert into core.pairing_run (tier, prefecture_code, year, weights, objective, solver, note, created_by)
    values (v_tier, v_pref, v_year, core.pairing_weights(a), v_obj, coalesce(a->>'solver', ''),
            coalesce(a->>'note', ''), (ctx->>'user_id')::bigint)
    returning id into v_run;
    update core.pairing set until = current_date
     where year = v_year and tier = v_tier and until is null
       and advisor_id in (select id from core.advisor where tier = v_tier
                                                        and (v_tier = 'province' or prefecture_code = v_pref));
    insert into core.pairing (run_id, year, tier, advisor_id, enterprise_id, score, factors)
    select v_run, v_year, v_tier, p.advisor_id, p.enterprise_id, c.score, c.factors
      from pick p join cand c using (advisor_id, enterprise_id);
    perform core.set_object('pairing_run:' || v_run || ' pairs:' || (select count(*) from pick) || ' objective:' || v_obj);
    return jsonb_build_object('run_id', v_run, 'objective', v_obj, 'pairs', core.pairs_json(v_tier, v_pref, v_year));
end $$;

create function m.pairing_list(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    v_tier text := coalesce(nullif(a->>'tier', ''), 'province');
    v_pref text := case v_tier when 'prefecture' then ctx->>'prefecture' end;
begin
    if ctx->>'scope' = 'prefecture' and v_tier = 'province' then
        -- a prefecture office sees the provincial pairs of its own enterprises
        return jsonb_build_object('pairs', (select coalesce(jsonb_agg(x), '[]')
            from jsonb_array_elements(core.pairs_json('province', null, (a->>'year')::int)) x
            where exists (select 1 from core.enterprise e where e.org_id = (x->>'enterprise_id')::bigint
                             and core.prefecture_of(e.county_code) = ctx->>'prefecture')));
    end if;
    return jsonb_build_object('pairs', core.pairs_json(v_tier, v_pref, (a->>'year')::int));
end $$;

create function m.pairing_conflict(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    ad core.advisor;
begin
    select * into ad from core.advisor where id = (a->>'advisor_id')::bigint;
    if not found or not (core.manages_advisor(ctx, ad) or ad.user_id = (ctx->>'user_id')::bigint) then
        perform core.fail(4, '顾问不存在');
    end if;
    if not exists (select 1 from core.enterprise where org_id = (a->>'enterprise_id')::bigint) then
        perform core.fail(4, '企业不存在');
    end if;
    insert into core.pairing_conflict (advisor_id, enterprise_id, reason, declared_by)
    values (ad.id, (a->>'enterprise_id')::bigint, btrim(coalesce(a->>'reason', '')), (ctx->>'user_id')::bigint);
    perform core.set_object('advisor:' || ad.id || ' conflict enterprise:' || (a->>'enterprise_id'));
    return jsonb_build_object();
end $$;
