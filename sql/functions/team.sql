-- team.sql - a prefecture office's team sync: changes made offline, each
-- applied once by its id, conflicts recorded and never overwritten.

-- Specialisms as codes, from codes or labels; unknown ones are refused.
create function lib.norm_specialisms(p jsonb) returns text[]
language plpgsql stable as $$
declare
    v_bad text;
begin
    select string_agg(x, '、') into v_bad from unnest(lib.text_array(p)) x
     where x not in (select code from core.specialism) and x not in (select label from core.specialism);
    if v_bad is not null then
        perform lib.fail('INVALID', format('未知的专业领域：%s（可选：%s）', v_bad,
                                   (select string_agg(code || ' ' || label, '、' order by code) from core.specialism)));
    end if;
    return (select coalesce(array_agg(coalesce(sp.code, x)), '{}')
              from unnest(lib.text_array(p)) x left join core.specialism sp on sp.label = x);
end $$;

-- Prefectures as division codes, from codes or names.
create function lib.norm_prefectures(p jsonb) returns text[]
language plpgsql stable as $$
declare
    v_bad text;
begin
    select string_agg(x, '、') into v_bad from unnest(lib.text_array(p)) x
     where x not in (select code from core.division where level = 'prefecture')
       and x not in (select name from core.division where level = 'prefecture');
    if v_bad is not null then
        perform lib.fail('INVALID', format('不是青海省的市（州）代码：%s', v_bad));
    end if;
    return (select coalesce(array_agg(coalesce(d.code, x)), '{}')
              from unnest(lib.text_array(p)) x
              left join core.division d on d.level = 'prefecture' and d.name = x);
end $$;

-- Does the caller manage advisor ad (the tier that appointed it)?
create function lib.manages_advisor(ctx jsonb, ad core.advisor) returns boolean
language sql stable as $$
    select case ad.tier when 'province' then lib.has_role(ctx, 'bureau_admin')
           else lib.has_role(ctx, 'prefecture_staff') and ad.prefecture_code = ctx->>'prefecture' end
$$;

-- The caller's open round new members are nominated into.
create function lib.team_round(ctx jsonb, p_round bigint) returns core.intake_round
language plpgsql as $$
declare
    r core.intake_round;
begin
    select * into r from core.intake_round ir
     where (coalesce(p_round, 0) = 0 or ir.id = p_round)
       and lib.owns_round(ctx, ir) and ir.status = 'open' and ir.deadline >= lib.today()
     order by ir.id desc limit 1;
    if not found then
        perform lib.fail('CONFLICT', '新增成员须报送到本级开放中的提名轮次，目前没有（或所指轮次已截止）');
    end if;
    return r;
end $$;

-- Apply one change; returns {outcome, message, advisor_id, nomination_id}.
-- Errors raised here are answered as "rejected" by the caller.
create function lib.team_apply(ctx jsonb, p_round bigint, c jsonb) returns jsonb
language plpgsql as $$
declare
    ad core.advisor;
    r core.intake_round;
    v_org bigint;
    v_office bigint;
    v_id bigint;
    v_quota int;
    v_used int;
begin
    if coalesce(c->>'_error', '') <> '' then
        perform lib.fail('INVALID', c->>'_error');
    end if;
    if c->>'op' = 'dismiss' then
        if not exists (select 1 from core.sync_change
                        where change_id::text = c->>'resolves' and org_id = (ctx->>'org_id')::bigint
                          and outcome = 'conflict' and resolved_by is null) then
            perform lib.fail('NOT_FOUND', '没有这一待处理的冲突');
        end if;
        return jsonb_build_object('outcome', 'applied', 'message', '已放弃本地修改，以服务器上的记录为准');
    end if;
    if c->>'op' = 'add' then
        r := lib.team_round(ctx, p_round);
        select id into v_org from core.organisation
         where name = btrim(coalesce(c->>'org_name', '')) and kind = 'institution' and not disabled;
        if not found then
            perform lib.fail('INVALID', format('没有名为“%s”的在用金融及中介机构', coalesce(c->>'org_name', '')));
        end if;
        select quota into v_quota from core.round_quota where round_id = r.id and org_id = v_org for update;
        if not found then
            perform lib.fail('CONFLICT', format('“%s”在轮次 %s 没有提名名额', c->>'org_name', r.id));
        end if;
        select count(*) into v_used from core.nomination
         where round_id = r.id and org_id = v_org and status = 'submitted' and replacement_id is null;
        if v_used >= v_quota then
            perform lib.fail('CONFLICT', format('“%s”在该轮次的名额已用完（已报送 %s 人，名额 %s 人）', c->>'org_name', v_used, v_quota));
        end if;
        v_id := lib.draft_row(ctx || jsonb_build_object('org_id', v_org, 'scope', 'org'), r, c);
        update core.nomination set status = 'submitted', submitted_by = (ctx->>'user_id')::bigint,
                                   submitted_at = now()
         where id = v_id;
        return jsonb_build_object('outcome', 'applied', 'nomination_id', v_id,
                                  'message', format('已作为提名报送至轮次 %s，待评审与决定', r.id));
    end if;
    if c->>'op' not in ('update', 'retire') then
        perform lib.fail('INVALID', format('未知的变更类型“%s”', c->>'op'));
    end if;
    select * into ad from core.advisor where id = (c->>'advisor_id')::bigint for update;
    if not found or not lib.sees_advisor(ctx, ad) or not lib.manages_advisor(ctx, ad) then
        perform lib.fail('NOT_FOUND', format('本级团队中没有编号为 %s 的顾问', coalesce(c->>'advisor_id', '')));
    end if;
    if ad.version <> coalesce((c->>'base_version')::int, 0) then
        return jsonb_build_object('outcome', 'conflict', 'advisor_id', ad.id,
            'message', format('您上次同步后，服务器上的这条记录已被修改（您依据的版本 %s，现为版本 %s）；未覆盖，请核对后处理',
                              coalesce(c->>'base_version', '0'), ad.version));
    end if;
    if c->>'op' = 'retire' then
        if ad.status = 'ended' then
            perform lib.fail('CONFLICT', '该顾问的聘任已终止');
        end if;
        if coalesce(btrim(c->>'reason'), '') = '' then
            perform lib.fail('INVALID', '退出团队须说明原因');
        end if;
        update core.advisor set status = 'ended', status_reason = btrim(c->>'reason') where id = ad.id;
        update core.advisor_term set status = 'ended', reason = '终止：' || btrim(c->>'reason')
         where advisor_id = ad.id and status = 'current';
        perform lib.leave_groups(ad.id, '退出团队：' || btrim(c->>'reason'));
        return jsonb_build_object('outcome', 'applied', 'advisor_id', ad.id, 'message', '已终止聘任');
    end if;
    if coalesce(c->>'office_name', '') <> '' then
        select id into v_office from core.office
         where org_id = ad.org_id and name = btrim(c->>'office_name') and not disabled;
        if not found then
            perform lib.fail('INVALID', format('该顾问所在机构没有名为“%s”的网点', btrim(c->>'office_name')));
        end if;
    end if;
    update core.advisor
       set office_id = v_office, position = coalesce(btrim(c->>'position'), ''),
           title = coalesce(btrim(c->>'title'), ''),
           specialisms = lib.norm_specialisms(c->'specialisms'),
           prefectures = lib.norm_prefectures(c->'prefectures'),
           mobile_enc = coalesce(decode(nullif(c->>'mobile_enc', ''), 'hex'), mobile_enc),
           mobile_idx = coalesce(nullif(c->>'mobile_idx', ''), mobile_idx),
           mobile_masked = coalesce(nullif(c->>'mobile_masked', ''), mobile_masked)
     where id = ad.id;
    return jsonb_build_object('outcome', 'applied', 'advisor_id', ad.id, 'message', '已更新');
end $$;

create function lib.sync_result(s core.sync_change, ctx jsonb, p_replayed boolean) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'change_id', s.change_id::text, 'outcome', s.outcome, 'message', s.message,
        'advisor_id', coalesce(s.advisor_id, 0), 'nomination_id', coalesce(s.nomination_id, 0),
        'replayed', p_replayed, 'line', coalesce(s.line, 0),
        'server', case when s.outcome = 'conflict' then lib.advisor_json(ctx, s.advisor_id) end)
$$;

-- The message for one row of a batch that raised: ours as raised, a
-- constraint's from core.constraint_message, anything else as
-- lib.error_answer words it (team changes, recommendation files).
create function lib.row_error(p_state text, p_msg text, p_constraint text) returns text
language sql stable as $$
    select case when p_state like 'RP0%' then p_msg
                else coalesce((select message from core.constraint_message where name = p_constraint),
                              lib.error_answer(p_state, p_msg, p_constraint)->>'message') end
$$;

create function m.team_sync(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    c jsonb;
    s core.sync_change;
    v jsonb;
    v_results jsonb := '[]';
    v_state text;
    v_msg text;
    v_constraint text;
    v_applied int := 0;
begin
    if jsonb_array_length(coalesce(a->'changes', '[]')) > 5000 then
        perform lib.fail('INVALID', '一次最多同步 5000 项变更');
    end if;
    for c in select * from jsonb_array_elements(coalesce(a->'changes', '[]')) loop
        if coalesce(c->>'change_id', '') !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then
            perform lib.fail('INVALID', format('变更编号应为 UUID（第 %s 行）', coalesce(c->>'line', '?')));
        end if;
        select * into s from core.sync_change where change_id = (c->>'change_id')::uuid;
        if found then
            if s.org_id <> (ctx->>'org_id')::bigint then
                perform lib.fail('CONFLICT', '变更编号已被其他机构使用');
            end if;
            v_results := v_results || lib.sync_result(s, ctx, true);
            continue;
        end if;
        begin
            v := lib.team_apply(ctx, (a->>'round_id')::bigint, c);
        exception when others then
            get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text,
                                    v_constraint = constraint_name;
            v := jsonb_build_object('outcome', 'rejected', 'message', lib.row_error(v_state, v_msg, v_constraint));
        end;
        insert into core.sync_change (change_id, user_id, org_id, op, advisor_id, nomination_id, outcome,
                                      message, line)
        values ((c->>'change_id')::uuid, (ctx->>'user_id')::bigint, (ctx->>'org_id')::bigint,
                case when c->>'op' in ('add', 'update', 'retire', 'dismiss') then c->>'op' else 'update' end,
                case when (c->>'op') in ('update', 'retire')
                          and exists (select 1 from core.advisor where id = nullif(c->>'advisor_id', '')::bigint)
                     then (c->>'advisor_id')::bigint end,
                nullif(v->>'nomination_id', '')::bigint, v->>'outcome', coalesce(v->>'message', ''),
                nullif(c->>'line', '')::int)
        returning * into s;
        if s.outcome = 'applied' then
            v_applied := v_applied + 1;
            if coalesce(c->>'resolves', '') <> '' then
                update core.sync_change set resolved_by = s.change_id
                 where change_id::text = c->>'resolves' and org_id = s.org_id
                   and outcome = 'conflict' and resolved_by is null;
            end if;
        end if;
        v_results := v_results || lib.sync_result(s, ctx, false);
    end loop;
    perform lib.set_object('team changes:' || jsonb_array_length(coalesce(a->'changes', '[]'))
                            || ' applied:' || v_applied);
    return jsonb_build_object(
        'results', v_results,
        'team', (select coalesce(jsonb_agg(lib.advisor_json(ctx, ad.id) order by ad.id), '[]')
                   from core.advisor ad
                  where lib.sees_advisor(ctx, ad) and lib.manages_advisor(ctx, ad)),
        'synced_at', lib.time_text(now()),
        'open_conflicts', (select count(*) from core.sync_change
                            where org_id = (ctx->>'org_id')::bigint and outcome = 'conflict'
                              and resolved_by is null));
end $$;
