-- pairing.sql - pairing advisors with enterprises (P8, P12): candidate
-- pairs under the hard constraints with scores and reasons, accepted
-- pairings re-checked and recorded, changes after acceptance, specialists,
-- successors, declared conflicts, and who sees a pair.

-- The weights of a request: those sent, else the defaults (specialism 5,
-- industry 3, local 2); a weight of -1 is one not given (the client sends
-- -1 for a weight the user left out, as proto3 cannot say "absent" for a
-- number).  The one place the defaults are.
create function lib.pairing_weights(a jsonb) returns jsonb
language sql immutable as $$
    select '{"specialism": 5, "industry": 3, "local": 2}'::jsonb
           || case jsonb_typeof(a->'weights') when 'object'
                   then (select coalesce(jsonb_object_agg(k, v), '{}') from jsonb_each(a->'weights') x(k, v)
                          where k in ('specialism', 'industry', 'local') and jsonb_typeof(v) = 'number'
                            and v <> '-1'::jsonb)
                   else '{}' end
$$;

-- ------------------------------------------------------------------ the rules of a pair
--
-- What makes a pair possible (the hard constraints) and what makes it
-- good (the score).  A pair is possible when the enterprise is listed in
-- the tier and year, in a prefecture the advisor serves, the advisor is
-- active in the tier (a prefecture's team for a prefecture's list), no
-- conflict of interest is declared, and the advisor's institution does
-- not lend to the enterprise.  Its score counts the advisor's specialisms
-- that meet one of the enterprise's difficulties (core.difficulty_specialism),
-- whether the advisor knows the enterprise's industry section, and whether
-- the advisor's institution is in the enterprise's prefecture, each by its
-- weight.  lib.pair_refusal applies the constraints to one pair and says
-- which fails; api.pairing_inputs applies them to a whole tier at once
-- (t_pairing_rules_agree checks that the two agree).

-- Specialisms, as a bit each (core.specialism in code order).
create function lib.specialism_bits(p text[]) returns int
language sql stable as $$
    select coalesce(sum(1 << (x.n - 1)::int), 0)::int
      from (select code, row_number() over (order by code) n from core.specialism) x
     where x.code = any (p)
$$;

-- The specialisms an enterprise's difficulties call for, as bits.
create function lib.wanted_bits(p_difficulties text[]) returns int
language sql stable as $$
    select lib.specialism_bits(array(select ds.specialism from core.difficulty_specialism ds
                                      where ds.difficulty = any (p_difficulties)))
$$;

-- GB/T 4754 section letters, as a bit each.
create function lib.section_bits(p text[]) returns int
language sql immutable as $$
    select coalesce(sum(distinct 1 << (ascii(s) - 65)), 0)::int from unnest(p) s where s ~ '^[A-T]$'
$$;

-- The score of a pair from its three features, by the weights.
create function lib.pair_score(p_specialisms int, p_industry int, p_local int, w jsonb) returns bigint
language sql immutable as $$
    select p_specialisms * (w->>'specialism')::bigint + p_industry * (w->>'industry')::bigint
           + p_local * (w->>'local')::bigint
$$;

-- Why a pair scores what it does, in the officials' words.
create function lib.pair_factors(p_specialisms int, p_industry int, p_local int, w jsonb) returns text
language sql immutable as $$
    select format('专业对口 %s 项×%s、熟悉行业 %s×%s、本地机构 %s×%s', p_specialisms, w->>'specialism',
                  p_industry, w->>'industry', p_local, w->>'local')
$$;

-- The advisors of a tier that may be paired, with what scoring needs.
create function lib.pairing_advisors(p_tier text, p_pref text)
returns table (id bigint, ix int, spec int, secs int, home text, org_name text, prefectures text[])
language sql stable as $$
    select ad.id, (row_number() over (order by ad.id) - 1)::int, lib.specialism_bits(ad.specialisms),
           lib.section_bits(n.sections), lib.prefecture_of(o.division_code), o.name, ad.prefectures
      from core.advisor ad join core.nomination n on n.id = ad.nomination_id
      join core.organisation o on o.id = ad.org_id
     where ad.status = 'active' and ad.tier = p_tier
       and (p_tier = 'province' or ad.prefecture_code = p_pref)
       and o.inst_type is distinct from 'government'        -- the policy group, not paired (P8)
$$;

-- The enterprises listed in a tier and year, with what scoring needs; cls
-- numbers the kinds of enterprise that score alike (prefecture, wanted
-- specialisms, section).
create function lib.pairing_enterprises(p_tier text, p_pref text, p_year int)
returns table (id bigint, ix int, want int, sec int, pref text, borrowings jsonb, cls int)
language sql stable as $$
    with wanted as materialized (
        select ds.difficulty, lib.specialism_bits(array_agg(ds.specialism)) as bits
          from core.difficulty_specialism ds group by ds.difficulty)
    select x.*, (dense_rank() over (order by x.pref, x.want, x.sec) - 1)::int
      from (select e.org_id as id, (row_number() over (order by e.org_id) - 1)::int as ix,
                   coalesce((select bit_or(w.bits) from wanted w where w.difficulty = any (e.difficulties)), 0)::int
                     as want,
                   lib.section_bits(array[e.industry_section::text]) as sec,
                   lib.prefecture_of(e.county_code) as pref, e.borrowings
              from core.key_enterprise k join core.enterprise e on e.org_id = k.enterprise_id
             where k.year = p_year and k.tier = p_tier and k.status = 'listed'
               and (p_tier = 'province' or k.prefecture_code = p_pref)) x
$$;

-- A pair's three features (null when the advisor or enterprise is not in
-- the tier's lists).
create function lib.pair_features(p_advisor bigint, p_enterprise bigint, p_tier text, p_pref text, p_year int,
                                  out specialisms int, out industry int, out local int)
language sql stable as $$
    select bit_count((a.spec & e.want)::bit(32))::int, ((a.secs & e.sec) <> 0)::int, (a.home = e.pref)::int
      from lib.pairing_advisors(p_tier, p_pref) a, lib.pairing_enterprises(p_tier, p_pref, p_year) e
     where a.id = p_advisor and e.id = p_enterprise
$$;

create function lib.pairing_scope(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    v_tier text := coalesce(nullif(a->>'tier', ''), 'province');
    v_pref text := case v_tier when 'prefecture' then ctx->>'prefecture' end;
    w jsonb := lib.pairing_weights(a);
begin
    perform lib.require(lib.owns_tier(ctx, v_tier, v_pref),
        case v_tier when 'province' then '省级结对由省局管理员安排' else '市州结对由本市（州）金融办安排' end);
    if coalesce((a->>'year')::int, 0) = 0 then
        perform lib.fail('INVALID', '须指明年度');
    end if;
    if exists (select 1 from jsonb_each_text(w) x where x.value::int not between 0 and 9999) then
        perform lib.fail('INVALID', '权重（专业、行业、本地）应为 0 至 9999 的整数');
    end if;
    return jsonb_build_object('tier', v_tier, 'prefecture', v_pref, 'year', (a->>'year')::int, 'weights', w);
end $$;

-- ------------------------------------------------------------------ proposals made by the server

-- What a proposal was made from: the tier's advisors and enterprises with
-- every column the rules read, the declared conflicts, the difficulty to
-- specialism table, the weights.  A proposal is accepted only while this
-- is unchanged.
create function lib.pairing_digest(p_tier text, p_pref text, p_year int, w jsonb) returns text
language sql stable as $$
    select md5(concat_ws('|',
        (select string_agg(concat_ws(',', ad.id, ad.status, ad.prefecture_code, ad.specialisms::text,
                                     ad.prefectures::text, n.sections::text, o.name, o.division_code), ';'
                           order by ad.id)
           from core.advisor ad join core.nomination n on n.id = ad.nomination_id
           join core.organisation o on o.id = ad.org_id
          where ad.tier = p_tier and (p_tier = 'province' or ad.prefecture_code = p_pref)),
        (select string_agg(concat_ws(',', k.enterprise_id, k.status, k.prefecture_code, e.county_code,
                                     e.industry_section, e.difficulties::text, e.borrowings::text), ';'
                           order by k.enterprise_id)
           from core.key_enterprise k join core.enterprise e on e.org_id = k.enterprise_id
          where k.year = p_year and k.tier = p_tier and (p_tier = 'province' or k.prefecture_code = p_pref)),
        (select string_agg(c.advisor_id || '-' || c.enterprise_id, ';' order by c.advisor_id, c.enterprise_id)
           from core.pairing_conflict c),
        (select string_agg(d.difficulty || '-' || d.specialism, ';' order by d.difficulty, d.specialism)
           from core.difficulty_specialism d),
        w::text))
$$;

-- The caller of a call the server makes on its own connection for a
-- method (the solver's reads): checked as api.dispatch checks it.
create function lib.solver_caller(p_method text, p_session text, p_cert text, p_request_id text,
                                  p_peer text) returns jsonb
language plpgsql as $$
declare
    v jsonb := lib.check_caller(lib.method(p_method), p_session, p_cert, p_request_id, p_peer);
begin
    if v ? 'answer' then
        raise exception using errcode = 'RP' || lpad(v->'answer'->>'status', 3, '0'), message = v->'answer'->>'message';
    end if;
    return v->'ctx';
end $$;

-- Everything the solver needs, in one snapshot, streamed as rows of five
-- kinds, in order (server/propose.c reads them with COPY ... TO STDOUT,
-- binary):
--   4  the digest of the inputs (lib.pairing_digest) as two 64-bit halves a, b
--   0  an advisor:      a = its id, b = its index (0.., in id order)
--   1  an enterprise:   a = its id, b = its kind of enterprise (cls), c = its index
--   2  a score:         a = advisor index, b = kind of enterprise, c = the score
--                       of the advisor with every listed enterprise of that
--                       kind where the advisor serves its prefecture, d = its
--                       features: specialisms met (bits 0-7), industry (bit 8),
--                       local (bit 9)
--   3  a barred pair:   a = advisor index, b = enterprise index (a conflict
--                       declared, or the advisor's institution lends to it)
-- A candidate pair is an advisor and an enterprise with a score row for the
-- enterprise's kind and no barred row: scoring kinds instead of pairs keeps
-- the stream to about a quarter of the pairs.
create function api.pairing_inputs(p_session text, p_cert text, p_request_id text, p_peer text, p_args jsonb)
returns table (kind int, a bigint, b bigint, c bigint, d bigint)
language plpgsql security definer set search_path = pg_catalog, pg_temp set timezone = 'Asia/Shanghai' set jit = off set work_mem = '256MB' as $$
declare
    s jsonb := lib.pairing_scope(lib.solver_caller('pairing.propose', p_session, p_cert, p_request_id, p_peer),
                                 p_args);
    w jsonb := s->'weights';
    v_digest text := lib.pairing_digest(s->>'tier', s->>'prefecture', (s->>'year')::int, w);
begin
    create temp table pairing_adv on commit drop as
        select * from lib.pairing_advisors(s->>'tier', s->>'prefecture');
    create temp table pairing_ent on commit drop as
        select * from lib.pairing_enterprises(s->>'tier', s->>'prefecture', (s->>'year')::int);
    return query select 4, ('x' || substr(v_digest, 1, 16))::bit(64)::bigint,
                        ('x' || substr(v_digest, 17, 16))::bit(64)::bigint, 0::bigint, 0::bigint;
    return query select 0, x.id, x.ix::bigint, 0::bigint, 0::bigint from pairing_adv x order by x.ix;
    return query select 1, x.id, x.cls::bigint, x.ix::bigint, 0::bigint from pairing_ent x order by x.ix;
    return query
        with kinds as materialized (select distinct e.cls, e.pref, e.want, e.sec from pairing_ent e),
             served as (select x.ix, x.spec, x.secs, x.home, unnest(x.prefectures) p from pairing_adv x),
             f as (select v.ix, k.cls, bit_count((v.spec & k.want)::bit(32))::int sp, ((v.secs & k.sec) <> 0)::int ind,
                          (v.home = k.pref)::int loc
                     from served v join kinds k on k.pref = v.p)
        select 2, f.ix::bigint, f.cls::bigint, lib.pair_score(f.sp, f.ind, f.loc, w),
               (f.sp | f.ind << 8 | f.loc << 9)::bigint
          from f;
    return query
        select 3, x.ix::bigint, e.ix::bigint, 0::bigint, 0::bigint
          from core.pairing_conflict cf join pairing_adv x on x.id = cf.advisor_id
          join pairing_ent e on e.id = cf.enterprise_id
        union
        select 3, x.ix::bigint, e.ix::bigint, 0::bigint, 0::bigint
          from pairing_ent e cross join lateral jsonb_array_elements(e.borrowings) bw
          join pairing_adv x on x.org_name = btrim(bw->>'lender');
end $$;

-- The explanation of a proposal, in the officials' terms.
create function lib.proposal_explanation(p jsonb, w jsonb, p_names jsonb) returns text
language sql immutable as $$
    select case
        when (p->>'covers')::boolean then
            format('最优结对：%s 名顾问、%s 家企业，每家企业都有顾问，总得分 %s（权重：专业 %s、行业 %s、本地 %s；'
                   '最小费用流，结果确定；最优性%s）。', p->>'advisors', p->>'enterprises', p->>'objective',
                   w->>'specialism', w->>'industry', w->>'local',
                   case when (p->'certificate'->>'violations')::int = 0 then '已由对偶证书验证'
                        else '的证书未通过验证，请报告此问题' end)
            || case when jsonb_array_length(coalesce(p_names->'idle', '[]')) > 0 then
                   format('%s 名顾问暂未结对（每名顾问结对 1 至 2 家企业，企业不足时先保证每家企业都有顾问）：%s。'
                          '名单增加企业后可重新提出方案。', jsonb_array_length(p_names->'idle'),
                          (select string_agg(i->>'advisor_name' || '（' || (i->>'reason') || '）', '；')
                             from jsonb_array_elements(p_names->'idle') i))
                   else '' end
        when p ? 'uncovered' and jsonb_array_length(coalesce(p->'witness_advisors', '[]')) = 0 then
            format('无法为每家企业安排顾问：%s 没有符合条件的顾问——没有能服务该市州的顾问，'
                   '或能服务的顾问与其存在利益冲突。', p_names->>'uncovered')
        when p ? 'uncovered' then
            format('无法为每家企业安排顾问：以下 %s 家企业只能由 %s 名顾问服务，而每名顾问至多结对 2 家（至多 %s 家）。'
                   '企业：%s。顾问：%s。需要增加能服务这些企业所在市州的顾问，或调整名单。',
                   jsonb_array_length(p->'witness_enterprises'), jsonb_array_length(p->'witness_advisors'),
                   2 * jsonb_array_length(p->'witness_advisors'), p_names->>'witness_enterprises',
                   p_names->>'witness_advisors')
    end
$$;

-- Why an advisor is left without an enterprise in a pairing that serves
-- every enterprise.
create function lib.idle_reason(p_advisor bigint, p_tier text, p_pref text, p_year int) returns text
language sql stable as $$
    select case
        when not exists (select 1 from lib.pairing_enterprises(p_tier, p_pref, p_year) e
                          where e.pref = any (ad.prefectures)) then
            format('可服务的%s没有本年度在册企业',
                   (select string_agg(d.name, '、' order by d.code) from core.division d where d.code = any (ad.prefectures)))
        when not exists (select 1 from lib.pairing_enterprises(p_tier, p_pref, p_year) e
                          where e.pref = any (ad.prefectures)
                            and lib.pair_refusal(ad.id, e.id, p_tier, p_year) is null) then
            '可服务的企业与其均存在利益冲突'
        else '可服务的企业已由更合适的顾问服务（企业少于顾问）'
    end
      from core.advisor ad where ad.id = p_advisor
$$;

create function m.pairing_propose_prepare(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
begin
    perform lib.pairing_scope(ctx, a);
    return '{}';
end $$;

-- Store the server's solution (a->'solution', put there by rongpeid after
-- solving: server/propose.c) as a proposal, if the inputs are still those
-- it was solved from, and answer it with names and reasons.
create function m.pairing_propose(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    s jsonb := lib.pairing_scope(ctx, a);
    v_tier text := s->>'tier';
    v_pref text := s->>'prefecture';
    v_year int := (s->>'year')::int;
    w jsonb := s->'weights';
    sol jsonb := a->'solution';
    v_pairs jsonb := '[]';
    v_idle jsonb := '[]';
    v_names jsonb := '{}';
    v_id bigint;
    x record;
begin
    if sol is null or jsonb_typeof(sol) <> 'object' then
        perform lib.fail('INTERNAL', '没有求解结果');
    end if;
    if sol->>'digest' is distinct from lib.pairing_digest(v_tier, v_pref, v_year, w) then
        perform lib.fail('CONFLICT', '求解期间顾问、名单或利益冲突发生了变化，请重新提出方案');
    end if;
    if (sol->>'covers')::boolean then
        -- each pair as solved: [advisor, enterprise, score, features (see api.pairing_inputs)]
        select coalesce(jsonb_agg(jsonb_build_object('advisor_id', (e->>0)::bigint, 'enterprise_id', (e->>1)::bigint,
                   'score', (e->>2)::bigint,
                   'factors', lib.pair_factors((e->>3)::int & 255, (e->>3)::int >> 8 & 1, (e->>3)::int >> 9 & 1, w))
                   order by (e->>0)::bigint, (e->>1)::bigint), '[]')
          into v_pairs
          from jsonb_array_elements(sol->'pairs') e;
        -- the advisors left without an enterprise, and why
        select coalesce(jsonb_agg(jsonb_build_object('advisor_id', ad.id, 'advisor_name', ad.name,
                                                     'org_name', o.name, 'reason', lib.idle_reason(ad.id, v_tier, v_pref, v_year))
                                  order by ad.id), '[]')
          into v_idle
          from jsonb_array_elements(coalesce(sol->'idle', '[]')) i
          join core.advisor ad on ad.id = (i #>> '{}')::bigint
          join core.organisation o on o.id = ad.org_id;
    else
        v_names := jsonb_build_object(
            'uncovered', (select o.name || '（' || coalesce((select d.name from core.division d
                                                             where d.code = lib.prefecture_of(e.county_code)), '') || '）'
                            from core.organisation o join core.enterprise e on e.org_id = o.id
                           where o.id = (sol->>'uncovered')::bigint),
            'witness_enterprises', (select string_agg(o.name, '、' order by o.id) from core.organisation o
                                     where o.id in (select (v #>> '{}')::bigint
                                                      from jsonb_array_elements(sol->'witness_enterprises') v)),
            'witness_advisors', (select string_agg(ad.name, '、' order by ad.id) from core.advisor ad
                                  where ad.id in (select (v #>> '{}')::bigint
                                                    from jsonb_array_elements(sol->'witness_advisors') v)),
            'idle', '');
    end if;
    insert into core.pairing_proposal (tier, prefecture_code, year, weights, inputs_digest, advisors, enterprises,
                                       candidates, complete, objective, pairs, certificate, explanation, solver_ms,
                                       created_by, idle)
    values (v_tier, v_pref, v_year, w, sol->>'digest', (sol->>'advisors')::int, (sol->>'enterprises')::int,
            (sol->>'candidates')::bigint, (sol->>'covers')::boolean,
            case when (sol->>'covers')::boolean then (sol->>'objective')::bigint end, v_pairs,
            coalesce(sol->'certificate', '{}'), lib.proposal_explanation(sol, w, v_names || jsonb_build_object('idle', v_idle)),
            coalesce((sol->>'solver_ms')::int, 0), (ctx->>'user_id')::bigint, v_idle)
    returning id into v_id;
    perform lib.set_object('pairing_proposal:' || v_id || ' complete:' || (sol->>'covers')
                           || coalesce(' objective:' || (sol->>'objective'), ''));
    return lib.proposal_json(v_id);
end $$;

create function lib.proposal_json(p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', p.id, 'tier', p.tier, 'year', p.year, 'weights', p.weights, 'complete', p.complete,
        'objective', coalesce(p.objective, 0), 'explanation', p.explanation,
        'advisors', p.advisors, 'enterprises', p.enterprises, 'candidates', p.candidates,
        'certified', p.complete and (p.certificate->>'violations')::int = 0, 'solver_ms', p.solver_ms,
        'created_at', lib.time_text(p.created_at), 'accepted_run_id', coalesce(p.accepted_run_id, 0),
        'idle', p.idle,
        'pairs', coalesce((select jsonb_agg(x || jsonb_build_object(
                              'advisor_name', ad.name, 'enterprise_name', o.name) order by (x->>'advisor_id')::bigint, (x->>'enterprise_id')::bigint)
                             from jsonb_array_elements(p.pairs) x
                             join core.advisor ad on ad.id = (x->>'advisor_id')::bigint
                             join core.organisation o on o.id = (x->>'enterprise_id')::bigint), '[]'))
      from core.pairing_proposal p where p.id = p_id
$$;

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

-- Accept a stored proposal (pairing.accept): the caller owns its tier, it
-- is complete and not accepted yet, and the inputs are still those it was
-- made from (else CONFLICT: propose again).
--
-- Accepting a pairing again (other weights, a corrected proposal) keeps the
-- pairs it does not change: same advisor, same enterprise — their dates and
-- agreements go on, their score follows the new weights.  The others end
-- today with the reason; a specialist ends if the new pairing gives that
-- advisor the enterprise as its own or fills the advisor's two places.
create function m.pairing_accept(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    pr core.pairing_proposal;
    s jsonb;
    v_tier text;
    v_pref text;
    v_year int;
    v_run bigint;
begin
    select * into pr from core.pairing_proposal where id = (a->>'proposal_id')::bigint;
    if not found then
        perform lib.fail('NOT_FOUND', '结对方案不存在');
    end if;
    s := lib.pairing_scope(ctx, jsonb_build_object('tier', pr.tier, 'year', pr.year, 'weights', pr.weights));
    v_tier := s->>'tier';
    v_pref := s->>'prefecture';
    v_year := (s->>'year')::int;
    if v_pref is distinct from pr.prefecture_code then
        perform lib.fail('NOT_FOUND', '结对方案不存在');
    end if;
    perform pg_advisory_xact_lock(hashtext('pairing:' || v_tier || coalesce(v_pref, '') || v_year));
    if pr.accepted_run_id is not null then
        perform lib.fail('CONFLICT', format('该方案已于第 %s 次结对中确认', pr.accepted_run_id));
    end if;
    if not pr.complete then
        perform lib.fail('CONFLICT', '该方案不完整，不能确认：' || pr.explanation);
    end if;
    if (pr.certificate->>'violations')::int <> 0 then
        perform lib.fail('CONFLICT', '该方案的最优性证书未通过验证，不能确认');
    end if;
    if pr.inputs_digest <> lib.pairing_digest(v_tier, v_pref, v_year, pr.weights) then
        perform lib.fail('CONFLICT', '自方案提出后，顾问、名单或利益冲突已有变化：请重新提出方案（rongpei pairing propose）');
    end if;
    create temp table pick on commit drop as
        select (x->>'advisor_id')::bigint advisor_id, (x->>'enterprise_id')::bigint enterprise_id,
               (x->>'score')::bigint score, x->>'factors' factors
          from jsonb_array_elements(pr.pairs) x;
    insert into core.pairing_run (tier, prefecture_code, year, weights, objective, solver, note, created_by,
                                  proposal_id)
    values (v_tier, v_pref, v_year, pr.weights, pr.objective, 'rongpeid min-cost flow (successive shortest paths)',
            coalesce(a->>'note', ''), (ctx->>'user_id')::bigint, pr.id)
    returning id into v_run;
    update core.pairing_proposal set accepted_run_id = v_run where id = pr.id;
    create temp table cur on commit drop as
        select p.* from core.pairing p join core.advisor ad on ad.id = p.advisor_id
         where p.year = v_year and p.tier = v_tier and p.until is null
           and (v_tier = 'province' or ad.prefecture_code = v_pref);
    -- unchanged pairs stay, under this run and its scores
    update core.pairing p set run_id = v_run, score = k.score, factors = k.factors
      from pick k
     where p.id in (select id from cur where role = 'primary')
       and k.advisor_id = p.advisor_id and k.enterprise_id = p.enterprise_id;
    update core.pairing set until = lib.today(), end_reason = '重新结对（方案 ' || v_run || '）'
     where id in (select id from cur where role = 'primary') and run_id <> v_run;
    update core.pairing sp set until = lib.today(), end_reason = '重新结对后该顾问已无空位（方案 ' || v_run || '）'
     where sp.id in (select id from cur where role = 'specialist')
       and (exists (select 1 from pick k where k.advisor_id = sp.advisor_id and k.enterprise_id = sp.enterprise_id)
            or (select count(*) from pick k where k.advisor_id = sp.advisor_id)
               + (select count(*) from cur x where x.role = 'specialist' and x.advisor_id = sp.advisor_id) > 2);
    insert into core.pairing (run_id, year, tier, advisor_id, enterprise_id, score, factors, since)
    select v_run, v_year, v_tier, k.advisor_id, k.enterprise_id, k.score, k.factors, lib.today()
      from pick k
     where not exists (select 1 from core.pairing x where x.run_id = v_run and x.until is null
                                                       and x.advisor_id = k.advisor_id
                                                       and x.enterprise_id = k.enterprise_id);
    perform lib.set_object('pairing_run:' || v_run || ' proposal:' || pr.id || ' pairs:' || (select count(*) from pick)
                           || ' objective:' || pr.objective
                           || ' kept:' || (select count(*) from core.pairing where run_id = v_run
                                                                              and created_at < now()));
    return jsonb_build_object('run_id', v_run, 'objective', pr.objective, 'pairs', lib.pairs_json(v_tier, v_pref, v_year));
end $$;

create function m.pairing_conflict(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    ad core.advisor;
begin
    select * into ad from core.advisor where id = (a->>'advisor_id')::bigint;
    if not found or not coalesce(lib.manages_advisor(ctx, ad) or ad.user_id = (ctx->>'user_id')::bigint, false) then
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
-- year (null when it may).  The same rules as api.pairing_inputs (see above).
create function lib.pair_refusal(p_advisor bigint, p_enterprise bigint, p_tier text, p_year int)
returns text
language sql stable as $$
    select case
        when ad.id is null then '顾问不存在'
        when ad.status <> 'active' then format('%s 不在聘', ad.name)
        when ad.tier <> p_tier then format('%s 不属于本层级的顾问队伍', ad.name)
        when o.inst_type = 'government'
            then format('%s 是政府部门的顾问，属于政策法规组，指导协调各组，不与企业结对', ad.name)
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
    f record;
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
    f := lib.pair_features(p_advisor, p_enterprise, p_run.tier, p_run.prefecture_code, p_run.year);
    insert into core.pairing (run_id, year, tier, advisor_id, enterprise_id, score, factors, role, specialism,
                              reason, changed_by, since)
    values (p_run.id, p_run.year, p_run.tier, p_advisor, p_enterprise,
            coalesce(lib.pair_score(f.specialisms, f.industry, f.local, lib.pairing_weights(jsonb_build_object('weights', p_run.weights))), 0),
            coalesce(lib.pair_factors(f.specialisms, f.industry, f.local, lib.pairing_weights(jsonb_build_object('weights', p_run.weights))), ''),
            p_role, p_specialism, p_reason, p_user, lib.today())
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
    update core.pairing set until = lib.today(), end_reason = '调整：' || btrim(a->>'reason')
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
        update core.pairing set until = lib.today(), end_reason = '顾问更换，由' || succ.name || '接替'
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
    return (
        select lib.page('pairs', jsonb_agg(lib.pair_json(p) order by x.k), array_agg(x.k order by x.k),
                        lib.page_limit(a))
          from (select p.id, k.k
                  from core.pairing p,
                       lateral (select lib.page_key(lib.page_desc(p.year), lib.page_num(p.advisor_id),
                                                    lib.page_num(p.enterprise_id), lib.page_num(p.id)) k) k
                 where (v_year is null or p.year = v_year)
                   and (v_tier is null or p.tier = v_tier)
                   and (v_hist or p.until is null)
                   and (coalesce((a->>'enterprise_id')::bigint, 0) = 0 or p.enterprise_id = (a->>'enterprise_id')::bigint)
                   and (coalesce((a->>'advisor_id')::bigint, 0) = 0 or p.advisor_id = (a->>'advisor_id')::bigint)
                   and lib.sees_pair(ctx, p)
                   and k.k > lib.page_after(a)
                 order by k.k limit lib.page_limit(a) + 1) x
          join core.pairing p on p.id = x.id);
end $$;

-- An enterprise that leaves the year's list ends its pairs of that tier
-- (and so, sql/026, their agreements).
create function lib.key_enterprise_ends_pairs() returns trigger
language plpgsql as $$
begin
    update core.pairing set until = lib.today(),
                            end_reason = case new.status when 'left' then '企业结束培育' else '企业移出名单' end
     where enterprise_id = new.enterprise_id and year = new.year and tier = new.tier and until is null;
    return null;
end $$;
create trigger key_enterprise_ends_pairs after update of status on core.key_enterprise
    for each row when (old.status = 'listed' and new.status <> 'listed')
    execute function lib.key_enterprise_ends_pairs();
