-- groups.sql - service groups (P8): a proposal dealt for balance, the
-- policy-and-regulation group of government advisors, moves and leader
-- changes with reasons, and the membership history.

create function lib.owns_tier(ctx jsonb, p_tier text, p_prefecture text) returns boolean
language sql stable as $$
    select case p_tier when 'province' then lib.has_role(ctx, 'bureau_admin')
           else lib.has_role(ctx, 'prefecture_staff') and p_prefecture = ctx->>'prefecture' end
$$;

-- The active advisors of the caller's tier with what the grouping weighs.
create function lib.tier_advisors(p_tier text, p_prefecture text)
returns table (advisor_id bigint, name text, org_id bigint, org_name text, inst_type text,
               first_specialism text, specialisms text[], prefectures text[], years int)
language sql stable as $$
    select ad.id, ad.name, ad.org_id, o.name, o.inst_type, coalesce(ad.specialisms[1], ''), ad.specialisms,
           ad.prefectures, n.years
      from core.advisor ad join core.organisation o on o.id = ad.org_id
      join core.nomination n on n.id = ad.nomination_id
     where ad.status = 'active' and ad.tier = p_tier
       and (p_tier = 'province' or ad.prefecture_code = p_prefecture)
$$;

-- The balance of a set of advisors, for the explanation.
create function lib.group_balance(p_ids bigint[]) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'inst_types', (select coalesce(jsonb_agg(jsonb_build_object('key', t, 'label', t, 'count', n) order by t), '[]')
                         from (select o.inst_type t, count(*) n from core.advisor ad
                                 join core.organisation o on o.id = ad.org_id
                                where ad.id = any (p_ids) group by 1) x),
        'specialisms', (select coalesce(jsonb_agg(distinct s), '[]') from core.advisor ad, unnest(ad.specialisms) s
                         where ad.id = any (p_ids)),
        'prefectures', (select coalesce(jsonb_agg(distinct p), '[]') from core.advisor ad, unnest(ad.prefectures) p
                         where ad.id = any (p_ids)))
$$;

create function m.group_propose(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    v_tier text := coalesce(nullif(a->>'tier', ''), 'province');
    v_pref text := case v_tier when 'prefecture' then ctx->>'prefecture' end;
    v_n int;
    v_k int;
    v_groups jsonb;
begin
    perform lib.require(lib.owns_tier(ctx, v_tier, v_pref),
        case v_tier when 'province' then '省级顾问小组由省局管理员组建' else '市州顾问小组由本市（州）金融办组建' end);
    select count(*) into v_n from lib.tier_advisors(v_tier, v_pref) where inst_type <> 'government';
    v_k := greatest(1, ceil(v_n / 10.0)::int);
    with base as (
        select t.*, row_number() over (order by t.inst_type, t.org_id, t.first_specialism, t.advisor_id) - 1 as i
          from lib.tier_advisors(v_tier, v_pref) t where t.inst_type <> 'government'),
    dealt as (
        select b.*, case when (i / v_k) % 2 = 0 then i % v_k else v_k - 1 - i % v_k end as g from base b),
    groups as (
        select g, array_agg(advisor_id order by advisor_id) ids,
               (array_agg(advisor_id order by years desc, advisor_id))[1] leader
          from dealt group by g
        union all
        select -1, array_agg(advisor_id order by advisor_id), (array_agg(advisor_id order by years desc, advisor_id))[1]
          from lib.tier_advisors(v_tier, v_pref) where inst_type = 'government'
        having count(*) > 0)
    select coalesce(jsonb_agg(jsonb_build_object(
               'name', case when g < 0 then '政策法规组' else '第' || (g + 1) || '组' end,
               'kind', case when g < 0 then 'policy' else 'service' end,
               'leader_id', leader,
               'leader_name', (select name from core.advisor where id = leader),
               'advisor_ids', to_jsonb(ids),
               'balance', lib.group_balance(ids)) order by g < 0, g), '[]')
      into v_groups from groups;
    return jsonb_build_object(
        'tier', v_tier, 'prefecture_code', coalesce(v_pref, ''), 'year', (a->>'year')::int, 'groups', v_groups,
        'explanation', format('%s 名顾问（不含政府部门）分为 %s 个服务小组，每组不超过 10 人：按机构类型、所在机构和专业领域排序后'
                              '蛇形轮流分配，使各类机构、各专业在组间尽量均匀；组长为组内从业年限最长者。'
                              '政府部门顾问组成政策法规组，指导协调各组。', v_n, v_k));
end $$;

-- The first formation of a tier's groups for a year.
create function m.group_save(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_tier text := coalesce(nullif(a->>'tier', ''), 'province');
    v_pref text := case v_tier when 'prefecture' then ctx->>'prefecture' end;
    v_year int := (a->>'year')::int;
    g jsonb;
    v_id bigint;
    v_ids bigint[];
    v_bad text;
begin
    perform lib.require(lib.owns_tier(ctx, v_tier, v_pref),
        case v_tier when 'province' then '省级顾问小组由省局管理员组建' else '市州顾问小组由本市（州）金融办组建' end);
    perform pg_advisory_xact_lock(hashtext('groups:' || v_tier || coalesce(v_pref, '') || v_year));
    if exists (select 1 from core.service_group where tier = v_tier and prefecture_code is not distinct from v_pref
                 and year = v_year) then
        perform lib.fail('CONFLICT', '本年度的小组已组建；调整请用 rongpei group move');
    end if;
    for g in select * from jsonb_array_elements(coalesce(a->'groups', '[]')) loop
        select coalesce(array_agg(x::bigint), '{}') into v_ids from jsonb_array_elements_text(g->'advisor_ids') x;
        if cardinality(v_ids) = 0 or cardinality(v_ids) > 10 then
            perform lib.fail('INVALID', format('小组“%s”应有 1 至 10 名顾问（现 %s 名）', g->>'name', cardinality(v_ids)));
        end if;
        select string_agg(x::text, '、') into v_bad from unnest(v_ids) x
         where x not in (select advisor_id from lib.tier_advisors(v_tier, v_pref));
        if v_bad is not null then
            perform lib.fail('INVALID', format('顾问 %s 不是本级在聘顾问', v_bad));
        end if;
        select string_agg(t.name, '、') into v_bad from lib.tier_advisors(v_tier, v_pref) t
         where t.advisor_id = any (v_ids)
           and (t.inst_type = 'government') <> (coalesce(g->>'kind', 'service') = 'policy');
        if v_bad is not null then
            perform lib.fail('INVALID', case when g->>'kind' = 'policy'
                                      then format('政策法规组只由政府部门的顾问组成：%s 不是', v_bad)
                                      else format('服务小组由金融及中介机构的顾问组成：%s 来自政府部门，应入政策法规组', v_bad) end);
        end if;
        if not ((g->>'leader_id')::bigint = any (v_ids)) then
            perform lib.fail('INVALID', format('小组“%s”的组长须是本组成员', g->>'name'));
        end if;
        insert into core.service_group (tier, prefecture_code, year, name, kind, leader_id, created_by)
        values (v_tier, v_pref, v_year, btrim(g->>'name'), coalesce(g->>'kind', 'service'), (g->>'leader_id')::bigint,
                (ctx->>'user_id')::bigint)
        returning id into v_id;
        insert into core.group_membership (group_id, advisor_id, reason, changed_by, since)
        select v_id, x, '组建', (ctx->>'user_id')::bigint, lib.now() from unnest(v_ids) x;
    end loop;
    perform lib.set_object('groups:' || v_tier || coalesce(':' || v_pref, '') || ' year:' || v_year);
    return m.group_list(ctx, jsonb_build_object('tier', v_tier, 'year', v_year));
end $$;

create function m.group_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('groups', jsonb_agg(jsonb_build_object(
               'id', g.id, 'name', g.name, 'kind', g.kind, 'year', g.year, 'tier', g.tier,
               'prefecture_code', coalesce(g.prefecture_code, ''), 'leader_id', coalesce(g.leader_id, 0),
               'leader_name', coalesce((select name from core.advisor where id = g.leader_id), ''),
               'members', (select coalesce(jsonb_agg(jsonb_build_object(
                                'advisor_id', ad.id, 'name', ad.name, 'org_name', o.name, 'inst_type', o.inst_type,
                                'specialisms', to_jsonb(ad.specialisms),
                                'since', to_char(gm.since at time zone 'Asia/Shanghai', 'YYYY-MM-DD'))
                                order by ad.id), '[]')
                             from core.group_membership gm join core.advisor ad on ad.id = gm.advisor_id
                             join core.organisation o on o.id = ad.org_id
                            where gm.group_id = g.id and gm.until is null),
               'balance', lib.group_balance((select coalesce(array_agg(advisor_id), '{}') from core.group_membership
                                               where group_id = g.id and until is null)))
               order by x.k), array_agg(x.k order by x.k), lib.page_limit(a))
      from (select g.id, k.k
              from core.service_group g,
                   lateral (select lib.page_key(case when g.kind = 'policy' then '1' else '0' end,
                                                lib.page_num(g.id)) k) k
             where (ctx->>'scope' = 'province' or g.prefecture_code = ctx->>'prefecture')
               and g.tier = coalesce(nullif(a->>'tier', ''), g.tier)
               and (coalesce((a->>'year')::int, 0) = 0 or g.year = (a->>'year')::int)
               and k.k > lib.page_after(a)
             order by k.k limit lib.page_limit(a) + 1) x
      join core.service_group g on g.id = x.id
$$;

-- An advisor whose appointment ends leaves its group that day, with the
-- reason in the group's history; a group it led is left without a leader
-- until its successor takes the place (lib.join_successor) or the owner
-- names one (group leader).
create function lib.leave_groups(p_advisor bigint, p_reason text) returns void
language plpgsql as $$
begin
    update core.group_membership gm
       set until = lib.now(), end_reason = p_reason,
           left_as_leader = exists (select 1 from core.service_group g where g.id = gm.group_id and g.leader_id = p_advisor)
     where gm.advisor_id = p_advisor and gm.until is null;
    update core.service_group set leader_id = null where leader_id = p_advisor;
end $$;

-- A successor takes the place of the advisor it replaces in the group that
-- advisor left, and leads it if the predecessor did; nothing when the
-- predecessor was in no group or the group is full meanwhile.
create function lib.join_successor(p_successor bigint, p_predecessor bigint, p_by bigint) returns void
language plpgsql as $$
declare
    gm core.group_membership;
    g core.service_group;
begin
    select * into gm from core.group_membership
     where advisor_id = p_predecessor and until is not null order by until desc, id desc limit 1;
    if not found or exists (select 1 from core.group_membership where advisor_id = p_successor and until is null) then
        return;
    end if;
    select * into g from core.service_group where id = gm.group_id for update;
    if (select count(*) from core.group_membership where group_id = g.id and until is null) >= 10 then
        return;
    end if;
    insert into core.group_membership (group_id, advisor_id, reason, changed_by, since)
    values (g.id, p_successor, '接替' || (select name from core.advisor where id = p_predecessor), p_by, lib.now());
    if gm.left_as_leader and g.leader_id is null then
        update core.service_group set leader_id = p_successor where id = g.id;
    end if;
end $$;

-- Move an advisor to another group of the same tier and year, with a reason;
-- an advisor in no group (a successor whose predecessor's group is full,
-- an advisor appointed after the groups were formed) joins one.
create function m.group_move(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    gm core.group_membership;
    src core.service_group;
    dst core.service_group;
    ad core.advisor;
    v_inst text;
begin
    select * into dst from core.service_group where id = (a->>'group_id')::bigint for update;
    if not found or not coalesce(ctx->>'scope' = 'province' or dst.prefecture_code = ctx->>'prefecture', false) then
        perform lib.fail('NOT_FOUND', '小组不存在');
    end if;
    perform lib.require(lib.owns_tier(ctx, dst.tier, dst.prefecture_code), '只有组建小组的一方可以调整');
    if length(btrim(coalesce(a->>'reason', ''))) < 2 then
        perform lib.fail('INVALID', '调整小组须说明理由');
    end if;
    select * into ad from core.advisor where id = (a->>'advisor_id')::bigint;
    if not found or not lib.sees_advisor(ctx, ad) then
        perform lib.fail('NOT_FOUND', '顾问不存在');
    end if;
    if ad.status = 'ended' then
        perform lib.fail('CONFLICT', format('%s 的聘任已终止，已离开小组（rongpei group history %s 查看）', ad.name, ad.id));
    end if;
    if ad.tier <> dst.tier or ad.prefecture_code is distinct from dst.prefecture_code then
        perform lib.fail('INVALID', format('%s 不属于该小组所在层级的顾问队伍', ad.name));
    end if;
    select * into gm from core.group_membership where advisor_id = ad.id and until is null for update;
    if found then
        select * into src from core.service_group where id = gm.group_id for update;
        if src.tier <> dst.tier or src.year <> dst.year or src.prefecture_code is distinct from dst.prefecture_code then
            perform lib.fail('INVALID', '只能在同一层级、同一年度的小组之间调整');
        end if;
        if src.id = dst.id then
            perform lib.fail('CONFLICT', '该顾问已在这个小组');
        end if;
        if src.leader_id = gm.advisor_id then
            perform lib.fail('CONFLICT', '该顾问是原小组组长，请先更换组长（rongpei group leader）');
        end if;
    end if;
    select o.inst_type into v_inst from core.organisation o where o.id = ad.org_id;
    if (v_inst = 'government') <> (dst.kind = 'policy') then
        perform lib.fail('INVALID', case dst.kind when 'policy' then '政策法规组只由政府部门的顾问组成'
                                  else '政府部门的顾问属于政策法规组' end);
    end if;
    if (select count(*) from core.group_membership where group_id = dst.id and until is null) >= 10 then
        perform lib.fail('CONFLICT', format('小组“%s”已有 10 人', dst.name));
    end if;
    update core.group_membership set until = lib.now(), end_reason = '调往' || dst.name || '：' || btrim(a->>'reason')
     where id = gm.id;
    insert into core.group_membership (group_id, advisor_id, reason, changed_by, since)
    values (dst.id, ad.id, btrim(a->>'reason'), (ctx->>'user_id')::bigint, lib.now());
    perform lib.set_object('advisor:' || ad.id || ' group:' || coalesce(src.id::text, '-') || '->' || dst.id);
    return m.group_list(ctx, jsonb_build_object('tier', dst.tier, 'year', dst.year));
end $$;

create function m.group_leader(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    g core.service_group;
begin
    select * into g from core.service_group where id = (a->>'group_id')::bigint for update;
    if not found or not coalesce(ctx->>'scope' = 'province' or g.prefecture_code = ctx->>'prefecture', false) then
        perform lib.fail('NOT_FOUND', '小组不存在');
    end if;
    perform lib.require(lib.owns_tier(ctx, g.tier, g.prefecture_code), '只有组建小组的一方可以更换组长');
    if length(btrim(coalesce(a->>'reason', ''))) < 2 then
        perform lib.fail('INVALID', '更换组长须说明理由');
    end if;
    if not exists (select 1 from core.group_membership where group_id = g.id and until is null
                      and advisor_id = (a->>'advisor_id')::bigint) then
        perform lib.fail('INVALID', '组长须是本组成员');
    end if;
    update core.service_group set leader_id = (a->>'advisor_id')::bigint where id = g.id;
    perform lib.set_object('group:' || g.id || ' leader:' || (a->>'advisor_id') || ' ' || btrim(a->>'reason'));
    return m.group_list(ctx, jsonb_build_object('tier', g.tier, 'year', g.year));
end $$;

-- Every group an advisor has been in, with dates and reasons.
create function m.group_history(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    ad core.advisor;
begin
    select * into ad from core.advisor where id = (a->>'id')::bigint;
    if not found or not lib.sees_advisor(ctx, ad) then
        perform lib.fail('NOT_FOUND', '顾问不存在');
    end if;
    return jsonb_build_object('rows', coalesce((
        select jsonb_agg(jsonb_build_object(
                   'group_id', g.id, 'group_name', g.name, 'year', g.year,
                   'since', lib.time_text(gm.since),
                   'until', coalesce(lib.time_text(gm.until), ''),
                   'reason', gm.reason, 'end_reason', gm.end_reason) order by gm.since, gm.id)
          from core.group_membership gm join core.service_group g on g.id = gm.group_id
         where gm.advisor_id = ad.id), '[]'));
end $$;
