-- review.sql - expert review (P2): assignment with automatic recusal,
-- scores per criterion, declared conflicts, results with weighted means
-- and spread, and decisions proposed by one person and confirmed by
-- another (four eyes).

-- The round of a nomination, after checking the caller owns it.
create function lib.owned_round_of(ctx jsonb, p_nomination bigint) returns core.intake_round
language plpgsql as $$
declare
    r core.intake_round;
begin
    select ir.* into r from core.nomination n join core.intake_round ir on ir.id = n.round_id
     where n.id = p_nomination and n.status = 'submitted';
    if not found or not lib.sees_round(ctx, r) then
        perform lib.fail('NOT_FOUND', '提名不存在或尚未报送');
    end if;
    perform lib.require(lib.owns_round(ctx, r), '只有开启该轮次的一方可以执行此操作');
    return r;
end $$;

create function m.review_assign(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.intake_round;
    v_reviewer core.app_user;
    v_id bigint;
    n core.nomination;
    v_existing core.review_assignment;
    v_assigned int := 0;
    v_recused jsonb := '[]';
begin
    select * into r from core.intake_round where id = (a->>'round_id')::bigint;
    if not found or not lib.sees_round(ctx, r) then
        perform lib.fail('NOT_FOUND', '轮次不存在');
    end if;
    perform lib.require(lib.owns_round(ctx, r), '只有开启该轮次的一方可以分配评审');
    select u.* into v_reviewer from core.app_user u
     where u.id = (a->>'reviewer_id')::bigint and not u.disabled
       and exists (select 1 from core.user_role ur where ur.user_id = u.id and ur.role = 'expert_reviewer');
    if not found then
        perform lib.fail('INVALID', '评审人不存在，或不是在用的评审专家');
    end if;
    for v_id in select jsonb_array_elements_text(coalesce(a->'nomination_ids', '[]'))::bigint loop
        select * into n from core.nomination where id = v_id and round_id = r.id and status = 'submitted';
        if not found then
            perform lib.fail('INVALID', format('提名 %s 不在本轮次或尚未报送', v_id));
        end if;
        select * into v_existing from core.review_assignment where nomination_id = n.id and reviewer_id = v_reviewer.id;
        if found and v_existing.status = 'recused' then
            v_recused := v_recused || jsonb_build_object('nomination_id', n.id, 'reason', v_existing.recusal_reason);
        elsif found then
            v_assigned := v_assigned + 1;
        elsif n.org_id = v_reviewer.org_id then
            insert into core.review_assignment (round_id, nomination_id, reviewer_id, status, recusal_reason, assigned_by)
            values (r.id, n.id, v_reviewer.id, 'recused', '与候选人同一机构，自动回避', (ctx->>'user_id')::bigint);
            v_recused := v_recused || jsonb_build_object('nomination_id', n.id, 'reason', '与候选人同一机构，自动回避');
        else
            insert into core.review_assignment (round_id, nomination_id, reviewer_id, status, assigned_by)
            values (r.id, n.id, v_reviewer.id, 'assigned', (ctx->>'user_id')::bigint);
            v_assigned := v_assigned + 1;
        end if;
    end loop;
    perform lib.set_object('round:' || r.id || ' reviewer:' || v_reviewer.id);
    return jsonb_build_object('assigned', v_assigned, 'recused', v_recused);
end $$;

create function lib.criteria_json(p_round bigint) returns jsonb
language sql stable as $$
    select coalesce(jsonb_agg(jsonb_build_object('name', c.name, 'weight', c.weight) order by c.position), '[]')
      from core.round_criterion c where c.round_id = p_round
$$;

-- The expert reviewers a round's owner may assign (the bureau and every
-- prefecture office: experts are the bureau's), with their open work.
create function m.review_experts(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('experts', jsonb_agg(jsonb_build_object(
               'user_id', u.id, 'username', u.username, 'display_name', u.display_name, 'org_name', o.name,
               'assigned', (select count(*) from core.review_assignment ra where ra.reviewer_id = u.id
                                                                          and ra.status = 'assigned'),
               'scored', (select count(*) from core.review_assignment ra where ra.reviewer_id = u.id
                                                                        and ra.status = 'scored')) order by x.k),
               array_agg(x.k order by x.k), lib.page_limit(a))
      from (select u.id, k.k
              from core.app_user u,
                   lateral (select lib.page_key(u.display_name, lib.page_num(u.id)) k) k
             where not u.disabled
               and exists (select 1 from core.user_role r where r.user_id = u.id and r.role = 'expert_reviewer')
               and k.k > lib.page_after(a)
             order by k.k limit lib.page_limit(a) + 1) x
      join core.app_user u on u.id = x.id
      join core.organisation o on o.id = u.org_id
$$;

create function m.review_queue(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('items', jsonb_agg(jsonb_build_object(
               'nomination_id', n.id, 'round_id', n.round_id, 'name', n.name, 'org_name', o.name,
               'id_number', n.id_number_masked, 'specialisms', to_jsonb(n.specialisms), 'years', n.years,
               'position', n.position, 'title', n.title, 'qualifications', n.qualifications,
               'status', x.status, 'criteria', lib.criteria_json(n.round_id)) order by x.k),
               array_agg(x.k order by x.k), lib.page_limit(a))
      from (select ra.nomination_id, ra.status, k.k
              from core.review_assignment ra join core.nomination n on n.id = ra.nomination_id,
                   lateral (select lib.page_key(lib.page_num(n.round_id), lib.page_num(n.id)) k) k
             where ra.reviewer_id = (ctx->>'user_id')::bigint and ra.status <> 'recused'
               and (coalesce((a->>'round_id')::bigint, 0) = 0 or n.round_id = (a->>'round_id')::bigint)
               and k.k > lib.page_after(a)
             order by k.k limit lib.page_limit(a) + 1) x
      join core.nomination n on n.id = x.nomination_id
      join core.organisation o on o.id = n.org_id
$$;

create function m.review_score(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    ra core.review_assignment;
    c core.round_criterion;
    v_score jsonb;
    v_n int := 0;
begin
    select * into ra from core.review_assignment
     where nomination_id = (a->>'nomination_id')::bigint and reviewer_id = (ctx->>'user_id')::bigint for update;
    if not found or ra.status = 'recused' then
        perform lib.fail('NOT_FOUND', '该候选人未分配给您评审（或您已回避）');
    end if;
    if exists (select 1 from core.decision where nomination_id = ra.nomination_id and status = 'confirmed') then
        perform lib.fail('CONFLICT', '该候选人的决定已确认，不能再修改评分');
    end if;
    delete from core.review_score where nomination_id = ra.nomination_id and reviewer_id = ra.reviewer_id;
    for c in select * from core.round_criterion where round_id = ra.round_id order by position loop
        select s into v_score from jsonb_array_elements(coalesce(a->'scores', '[]')) s where s->>'criterion' = c.name;
        if v_score is null then
            perform lib.fail('INVALID', format('缺少“%s”一项的分数', c.name));
        end if;
        insert into core.review_score values (ra.nomination_id, ra.reviewer_id, c.position, (v_score->>'score')::int);
        v_n := v_n + 1;
    end loop;
    if jsonb_array_length(coalesce(a->'scores', '[]')) <> v_n then
        perform lib.fail('INVALID', '分数中有本轮评审标准以外的项目，或同一项目重复');
    end if;
    update core.review_assignment set status = 'scored', comment = coalesce(a->>'comment', ''), scored_at = now()
     where nomination_id = ra.nomination_id and reviewer_id = ra.reviewer_id;
    perform lib.set_object('nomination:' || ra.nomination_id);
    return jsonb_build_object('id', ra.nomination_id);
end $$;

create function m.review_conflict(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    ra core.review_assignment;
begin
    select * into ra from core.review_assignment
     where nomination_id = (a->>'nomination_id')::bigint and reviewer_id = (ctx->>'user_id')::bigint for update;
    if not found then
        perform lib.fail('NOT_FOUND', '该候选人未分配给您评审');
    end if;
    if coalesce(btrim(a->>'reason'), '') = '' then
        perform lib.fail('INVALID', '申报利益冲突须说明情况');
    end if;
    delete from core.review_score where nomination_id = ra.nomination_id and reviewer_id = ra.reviewer_id;
    update core.review_assignment set status = 'recused', recusal_reason = '申报利益冲突：' || btrim(a->>'reason')
     where nomination_id = ra.nomination_id and reviewer_id = ra.reviewer_id;
    perform lib.set_object('nomination:' || ra.nomination_id);
    return jsonb_build_object('id', ra.nomination_id);
end $$;

-- One result row: every reviewer's weighted total, their mean and spread.
create function lib.result_row(p_nomination bigint) returns jsonb
language sql stable as $$
    with totals as (
        select ra.reviewer_id, u.display_name, ra.comment,
               sum(s.score * c.weight)::numeric / 100 as total
          from core.review_assignment ra
          join core.app_user u on u.id = ra.reviewer_id
          join core.review_score s on s.nomination_id = ra.nomination_id and s.reviewer_id = ra.reviewer_id
          join core.round_criterion c on c.round_id = ra.round_id and c.position = s.position
         where ra.nomination_id = p_nomination and ra.status = 'scored'
         group by ra.reviewer_id, u.display_name, ra.comment)
    select jsonb_build_object(
        'nomination_id', n.id, 'name', n.name, 'org_name', o.name,
        'totals', coalesce((select jsonb_agg(jsonb_build_object('reviewer_id', t.reviewer_id, 'reviewer', t.display_name,
                                                                 'total', round(t.total, 2), 'comment', t.comment)
                                             order by t.reviewer_id) from totals t), '[]'),
        'weighted_mean', coalesce((select round(avg(total), 2) from totals), 0),
        'spread', coalesce((select round(max(total) - min(total), 2) from totals), 0),
        'decision', coalesce(d.decision, ''), 'decision_status', coalesce(d.status, ''),
        'decision_reason', coalesce(d.reason, ''),
        'proposed_by', coalesce((select display_name from core.app_user where id = d.proposed_by), ''),
        'confirmed_by', coalesce((select display_name from core.app_user where id = d.confirmed_by), ''))
      from core.nomination n join core.organisation o on o.id = n.org_id
      left join core.decision d on d.nomination_id = n.id
     where n.id = p_nomination
$$;

create function m.review_results(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    r core.intake_round;
begin
    select * into r from core.intake_round where id = (a->>'round_id')::bigint;
    if not found or not lib.sees_round(ctx, r)
       or (ctx->>'scope' = 'prefecture' and r.prefecture_code is distinct from ctx->>'prefecture') then
        perform lib.fail('NOT_FOUND', '轮次不存在');
    end if;
    return (
        with rows as (
            select lib.result_row(n.id) as j from core.nomination n
             where n.round_id = r.id and n.status = 'submitted'),
        ranked as (
            select j || jsonb_build_object('rank',
                       case when jsonb_array_length(j->'totals') = 0 then 0
                            else rank() over (order by jsonb_array_length(j->'totals') = 0,
                                                       (j->>'weighted_mean')::numeric desc) end) as j
              from rows),
        keyed as (
            select j, lib.page_key(case when (j->>'rank')::int = 0 then '1' else '0' end,
                                   lib.page_num((j->>'rank')::int), lib.page_num((j->>'nomination_id')::bigint)) k
              from ranked),
        page as (
            select * from keyed where k > lib.page_after(a) order by k limit lib.page_limit(a) + 1)
        select lib.page('rows', jsonb_agg(j order by k), array_agg(k order by k), lib.page_limit(a)) from page);
end $$;

create function m.decision_propose(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.intake_round := lib.owned_round_of(ctx, (a->>'nomination_id')::bigint);
    d core.decision;
begin
    if r.status <> 'open' then
        perform lib.fail('CONFLICT', '轮次已关闭');
    end if;
    select * into d from core.decision where nomination_id = (a->>'nomination_id')::bigint for update;
    if found and d.status = 'confirmed' and not (d.decision = 'waitlist' and a->>'decision' = 'appoint') then
        perform lib.fail('CONFLICT', '该候选人的决定已确认；只有候补人员可以改为聘任');
    end if;
    if a->>'decision' = 'appoint' and not exists (select 1 from core.review_assignment
                                                   where nomination_id = (a->>'nomination_id')::bigint
                                                     and status = 'scored') then
        perform lib.fail('CONFLICT', '尚无专家评分，不能提出聘任');
    end if;
    insert into core.decision (nomination_id, decision, reason, status, proposed_by)
    values ((a->>'nomination_id')::bigint, a->>'decision', btrim(coalesce(a->>'reason', '')), 'proposed',
            (ctx->>'user_id')::bigint)
    on conflict (nomination_id) do update
       set decision = excluded.decision, reason = excluded.reason, status = 'proposed',
           proposed_by = excluded.proposed_by, proposed_at = now(), confirmed_by = null, confirmed_at = null;
    perform lib.set_object('nomination:' || (a->>'nomination_id') || ' decision:' || (a->>'decision'));
    return lib.result_row((a->>'nomination_id')::bigint);
end $$;
