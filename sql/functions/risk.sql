-- risk.sql - risk warnings (P5).  An advisor raises one for an enterprise
-- it serves under a filed agreement: the kind of risk, its severity, what
-- is seen, the plan to resolve it and by when.  The enterprise, the
-- advisor, its group leader and the tier's owner see it; a high one
-- reaches the tier owner's inbox at once, an overdue one the advisor's.
-- It is closed, by its advisor or the tier's owner, with what was done.

create function lib.risk_json(w core.risk_warning) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', w.id, 'enterprise_id', w.enterprise_id,
        'enterprise_name', (select name from core.organisation where id = w.enterprise_id),
        'advisor_id', w.advisor_id, 'advisor_name', (select name from core.advisor where id = w.advisor_id),
        'kind', w.kind, 'severity', w.severity, 'description', w.description, 'plan', w.plan,
        'due_on', w.due_on::text, 'status', w.status, 'outcome', coalesce(w.outcome, ''),
        'created_at', lib.time_text(w.created_at), 'closed_at', coalesce(lib.time_text(w.closed_at), ''),
        'overdue', w.status = 'open' and w.due_on < lib.today(), 'year', w.year, 'tier', w.tier, 'secret', w.secret)
$$;

-- Who sees warning w: whoever sees its pair (as pairing.list); one holding
-- business secrets, among officials only the tier's owner.
create function lib.sees_risk(ctx jsonb, w core.risk_warning) returns boolean
language sql stable as $$
    select coalesce((select lib.sees_pair(ctx, p) from core.agreement g join core.pairing p on p.id = g.pairing_id
                      where g.id = w.agreement_id)
                    and (not w.secret or lib.reads_secrets(ctx, w.tier)), false)
$$;

-- The tier's owner of warning w: the bureau's administrators, or the
-- prefecture office for a prefecture's pairs.
create function lib.owns_risk(ctx jsonb, w core.risk_warning) returns boolean
language sql stable as $$
    select case w.tier when 'province' then lib.has_role(ctx, 'bureau_admin')
           else lib.has_role(ctx, 'prefecture_staff') and exists (
                    select 1 from core.advisor ad where ad.id = w.advisor_id
                                                    and ad.prefecture_code = ctx->>'prefecture') end
$$;

create function m.risk_raise(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_adv bigint := lib.caller_advisor(ctx);
    g core.agreement := lib.serving_agreement(ctx, a - 'agreement_id', '提出风险预警');
    p core.pairing;
    v_due date;
    w core.risk_warning;
begin
    select * into p from core.pairing where id = g.pairing_id;
    if coalesce(a->>'kind', '') not in ('operational', 'financial', 'debt', 'legal', 'credit') then
        perform lib.fail('INVALID', '风险类别应为 经营 operational、财务 financial、债务 debt、法律 legal 或 信用 credit');
    end if;
    if coalesce(a->>'severity', '') not in ('low', 'medium', 'high') then
        perform lib.fail('INVALID', '风险程度应为 低 low、中 medium 或 高 high');
    end if;
    begin
        v_due := (a->>'due_on')::date;
    exception when others then
        perform lib.fail('INVALID', format('化解期限“%s”应为 yyyy-mm-dd', a->>'due_on'));
    end;
    if v_due is null or v_due < lib.today() then
        perform lib.fail('INVALID', '化解期限应为今天或以后的日期（--due）');
    end if;
    insert into core.risk_warning (agreement_id, enterprise_id, advisor_id, year, tier, kind, severity, description,
                                   plan, due_on, created_by, secret)
    values (g.id, p.enterprise_id, v_adv, p.year, p.tier, a->>'kind', a->>'severity', btrim(coalesce(a->>'description', '')),
            btrim(coalesce(a->>'plan', '')), v_due, (ctx->>'user_id')::bigint, coalesce((a->>'secret')::boolean, false))
    returning * into w;
    perform lib.set_object('risk:' || w.id || ' enterprise:' || w.enterprise_id || ' ' || w.severity);
    return lib.risk_json(w);
end $$;

create function m.risk_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('warnings', coalesce(jsonb_agg(lib.risk_json(w) order by x.k), '[]'),
                    array_agg(x.k order by x.k), lib.page_limit(a))
      from (select w.id, lib.page_key(lib.page_desc(w.created_at), lib.page_num(w.id)) k
              from core.risk_warning w
             where (coalesce((a->>'enterprise_id')::bigint, 0) = 0 or w.enterprise_id = (a->>'enterprise_id')::bigint)
               and (coalesce(a->>'status', '') = '' or w.status = a->>'status')
               and (coalesce(a->>'severity', '') = '' or w.severity = a->>'severity')
               and lib.sees_risk(ctx, w)
               and lib.page_key(lib.page_desc(w.created_at), lib.page_num(w.id)) > lib.page_after(a)
             order by 2 limit lib.page_limit(a) + 1) x
      join core.risk_warning w on w.id = x.id
$$;

-- Closed with what was done: by its advisor or the tier's owner.
create function m.risk_close(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    w core.risk_warning;
begin
    select * into w from core.risk_warning where id = (a->>'id')::bigint for update;
    if not found or not lib.sees_risk(ctx, w) then
        perform lib.fail('NOT_FOUND', '风险预警不存在');
    end if;
    perform lib.require(w.advisor_id = lib.caller_advisor(ctx) or lib.owns_risk(ctx, w),
                        '风险预警由提出的顾问或本级主管部门关闭');
    if w.status = 'closed' then
        perform lib.fail('CONFLICT', '该风险预警已关闭');
    end if;
    if length(btrim(coalesce(a->>'outcome', ''))) < 4 then
        perform lib.fail('INVALID', '关闭须写明化解情况（--outcome，至少 4 个字）');
    end if;
    update core.risk_warning set status = 'closed', outcome = btrim(a->>'outcome'), closed_by = (ctx->>'user_id')::bigint,
                                 closed_at = now()
     where id = w.id returning * into w;
    perform lib.set_object('risk:' || w.id || ' enterprise:' || w.enterprise_id);
    return lib.risk_json(w);
end $$;

-- A high warning reaches its tier owner at once; an overdue one its advisor.
create function lib.risk_inbox(ctx jsonb)
returns table (kind text, at timestamptz, title text, detail text, object text, command text)
language sql stable as $$
    select 'risk_high', w.created_at, '高风险预警：' || o.name, w.description, 'risk:' || w.id,
           'rongpei risk list --enterprise ' || w.enterprise_id
      from core.risk_warning w join core.organisation o on o.id = w.enterprise_id
     where w.status = 'open' and w.severity = 'high' and lib.owns_risk(ctx, w)
    union all
    select 'risk_overdue', w.due_on::timestamptz, '风险预警已过化解期限：' || o.name, w.plan, 'risk:' || w.id,
           'rongpei risk close ' || w.id || ' --outcome ...'
      from core.risk_warning w join core.organisation o on o.id = w.enterprise_id
     where w.status = 'open' and w.due_on < lib.today() and w.advisor_id = lib.caller_advisor(ctx)
$$;
