-- financing.sql - financing needs, referrals to lenders and outcomes
-- (P5, P14).
--
-- An enterprise's contact or its advisor records a need; the advisor
-- sends a plan for it to a named lending institution (a referral), which
-- answers within referral_answer_working_days working days - accepted, or
-- refused with a reason the enterprise and the advisor see.  An outcome
-- (credit, a loan, an investment, a guarantee, insurance, a bond, a
-- listing step, or P14's rewards: a better rating, a higher limit, a lower
-- rate) counts only once a user of the lending institution confirms it;
-- one the lender records is confirmed by that.  The enterprise
-- acknowledges it; it is attributed to the advisors who served the
-- enterprise on that day.
--
-- Who sees: whoever sees a pair of the enterprise (the bureau, the
-- prefecture office, its advisors, their leader, the enterprise), and a
-- lender what was referred to it.

-- The caller sees the enterprise's financing work through a pair of it.
create function lib.sees_financing(ctx jsonb, p_enterprise bigint) returns boolean
language sql stable as $$
    select (lib.has_role(ctx, 'enterprise_contact') and p_enterprise = (ctx->>'org_id')::bigint)
        or exists (select 1 from core.pairing p where p.enterprise_id = p_enterprise and lib.sees_pair(ctx, p))
$$;

-- The caller is a user of lending institution p_lender.
create function lib.is_lender(ctx jsonb, p_lender bigint) returns boolean
language sql stable as $$
    select (lib.has_role(ctx, 'institution_admin') or lib.has_role(ctx, 'institution_staff'))
       and (ctx->>'org_id')::bigint = p_lender
$$;

-- ------------------------------------------------------------------ needs
create function lib.need_json(n core.financing_need) returns jsonb
language sql stable as $$
    select jsonb_build_object('id', n.id, 'enterprise_id', n.enterprise_id,
                              'enterprise_name', (select name from core.organisation where id = n.enterprise_id),
                              'amount', n.amount, 'purpose', n.purpose, 'term_months', n.term_months,
                              'collateral', n.collateral, 'urgency', n.urgency, 'status', n.status,
                              'created_at', lib.time_text(n.created_at), 'secret', n.secret)
$$;

create function m.need_record(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_ent bigint := coalesce(nullif((a->>'enterprise_id')::bigint, 0),
                             case when lib.has_role(ctx, 'enterprise_contact') then (ctx->>'org_id')::bigint end);
    n core.financing_need;
begin
    if not coalesce((lib.has_role(ctx, 'enterprise_contact') and v_ent = (ctx->>'org_id')::bigint)
                    or exists (select 1 from core.pairing p join core.advisor ad on ad.id = p.advisor_id
                                where p.enterprise_id = v_ent and p.until is null
                                  and ad.id = lib.caller_advisor(ctx)), false) then
        perform lib.fail('NOT_FOUND', '融资需求由企业联系人或其结对顾问登记：没有与您相关的该企业');
    end if;
    if coalesce((a->>'amount')::numeric, 0) <= 0 then
        perform lib.fail('INVALID', '融资需求金额应大于 0（万元，--amount）');
    end if;
    if coalesce(nullif(a->>'urgency', ''), 'normal') not in ('low', 'normal', 'high', 'urgent') then
        perform lib.fail('INVALID', '紧迫程度应为 不急 low、一般 normal、较急 high 或 紧急 urgent');
    end if;
    insert into core.financing_need (enterprise_id, amount, purpose, term_months, collateral, urgency, recorded_by,
                                     secret)
    values (v_ent, (a->>'amount')::numeric, btrim(coalesce(a->>'purpose', '')), coalesce((a->>'term_months')::int, 0),
            btrim(coalesce(a->>'collateral', '')), coalesce(nullif(a->>'urgency', ''), 'normal'),
            (ctx->>'user_id')::bigint, coalesce((a->>'secret')::boolean, false))
    returning * into n;
    perform lib.set_object('need:' || n.id || ' enterprise:' || n.enterprise_id);
    return lib.need_json(n);
end $$;

create function m.need_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('needs', coalesce(jsonb_agg(lib.need_json(n) order by x.k), '[]'), array_agg(x.k order by x.k),
                    lib.page_limit(a))
      from (select n.id, lib.page_key(lib.page_desc(n.created_at), lib.page_num(n.id)) k
              from core.financing_need n
             where (coalesce((a->>'enterprise_id')::bigint, 0) = 0 or n.enterprise_id = (a->>'enterprise_id')::bigint)
               and (coalesce(a->>'status', '') = '' or n.status = a->>'status')
               and ((lib.sees_financing(ctx, n.enterprise_id)
                     and (not n.secret or lib.reads_secrets(ctx, lib.enterprise_tier(n.enterprise_id))))
                    or exists (select 1 from core.referral r where r.need_id = n.id and lib.is_lender(ctx, r.lender_id)))
               and lib.page_key(lib.page_desc(n.created_at), lib.page_num(n.id)) > lib.page_after(a)
             order by 2 limit lib.page_limit(a) + 1) x
      join core.financing_need n on n.id = x.id
$$;

-- ------------------------------------------------------------------ plans
-- The advisor's plan for a need: its parts (instrument and amount), the
-- candidate lenders, the steps with their dates.  Revised as a new
-- version, the earlier kept (superseded).  A plan marked as holding
-- business secrets is seen only by the enterprise, its advisors, their
-- leader, the tier's owner and a lender it was sent to, its text only by
-- plan.show (audited).
create function lib.plan_tier(pl core.financing_plan) returns text
language sql stable as $$
    select p.tier from core.pairing p where p.advisor_id = pl.advisor_id and p.enterprise_id = pl.enterprise_id
     order by p.until is null desc, p.id desc limit 1
$$;

create function lib.sees_plan(ctx jsonb, pl core.financing_plan) returns boolean
language sql stable as $$
    select coalesce(exists (select 1 from core.referral r where r.plan_id = pl.id and lib.is_lender(ctx, r.lender_id))
                    or (lib.sees_financing(ctx, pl.enterprise_id)
                        and (not pl.secret or lib.reads_secrets(ctx, lib.plan_tier(pl)))), false)
$$;

create function lib.instrument_label(p_code text) returns text
language sql immutable as $$
    select case p_code when 'loan' then '贷款' when 'guarantee' then '担保' when 'equity' then '股权'
                       when 'bond' then '债券' when 'lease' then '租赁' when 'insurance' then '保险'
                       when 'supply_chain' then '供应链金融' when 'listing' then '上市挂牌' end
$$;

-- p_full: with its text even when it holds business secrets (plan.show).
create function lib.plan_json(pl core.financing_plan, p_full boolean) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', pl.id, 'need_id', pl.need_id, 'enterprise_id', pl.enterprise_id,
        'enterprise_name', (select name from core.organisation where id = pl.enterprise_id),
        'advisor_id', pl.advisor_id, 'advisor_name', (select name from core.advisor where id = pl.advisor_id),
        'version', pl.version, 'replaces', coalesce(pl.replaces, 0), 'status', pl.status,
        'summary', case when pl.secret and not p_full then '（涉及商业秘密：用 rongpei plan show 查看，查看留痕）'
                        else pl.summary end,
        'parts', pl.parts, 'amount', pl.amount,
        'parts_text', (select string_agg(lib.instrument_label(x->>'instrument') || ' '
                                         || trim_scale((x->>'amount')::numeric) || ' 万元', '、'
                                         order by o)
                         from jsonb_array_elements(pl.parts) with ordinality e(x, o)),
        'lender_ids', to_jsonb(pl.lender_ids),
        'lender_names', coalesce((select jsonb_agg(o.name order by u.n) from unnest(pl.lender_ids) with ordinality u(id, n)
                                    join core.organisation o on o.id = u.id), '[]'),
        'steps', case when pl.secret and not p_full then '[]'::jsonb else pl.steps end,
        'secret', pl.secret, 'reason', pl.reason, 'created_at', lib.time_text(pl.created_at),
        'referrals', (select count(*) from core.referral r where r.plan_id = pl.id))
$$;

-- A plan's fields checked and made: parts, lenders, steps; old holds the
-- version being revised (its values stand for what a revision leaves out).
create function lib.plan_fields(a jsonb, old core.financing_plan)
returns table (parts jsonb, amount numeric, lender_ids bigint[], steps jsonb, summary text, secret boolean)
language plpgsql stable as $$
declare
    x jsonb;
    v_day date;
    v_bad text;
begin
    parts := case when jsonb_array_length(coalesce(a->'parts', '[]')) > 0 then a->'parts' else old.parts end;
    if parts is null then
        perform lib.fail('INVALID', '请写明方案的融资工具及金额（--part 工具:金额，如 --part 贷款:300，可多项）');
    end if;
    select string_agg(coalesce(e->>'instrument', ''), '、') into v_bad from jsonb_array_elements(parts) e
     where lib.instrument_label(e->>'instrument') is null;
    if v_bad is not null then
        perform lib.fail('INVALID', format('融资工具应为 贷款 loan、担保 guarantee、股权 equity、债券 bond、租赁 lease、'
                                           '保险 insurance、供应链金融 supply_chain、上市挂牌 listing，而不是：%s', v_bad));
    end if;
    if exists (select 1 from jsonb_array_elements(parts) e where coalesce((e->>'amount')::numeric, 0) <= 0) then
        perform lib.fail('INVALID', '每项融资工具的金额应大于 0（万元，--part 工具:金额）');
    end if;
    select sum(round((e->>'amount')::numeric, 2)),
           jsonb_agg(jsonb_build_object('instrument', e->>'instrument',
                                        'amount', round((e->>'amount')::numeric, 2)) order by o)
      into amount, parts from jsonb_array_elements(parts) with ordinality t(e, o);

    lender_ids := case when jsonb_array_length(coalesce(a->'lender_ids', '[]')) > 0
                       then array(select (v #>> '{}')::bigint from jsonb_array_elements(a->'lender_ids') v)
                       else coalesce(old.lender_ids, '{}') end;
    select string_agg(u::text, '、') into v_bad from unnest(lender_ids) u
     where not exists (select 1 from core.organisation o where o.id = u and o.kind = 'institution' and not o.disabled
                          and o.inst_type in ('bank', 'guarantee', 'insurance', 'securities', 'equity_market'));
    if v_bad is not null then
        perform lib.fail('INVALID', format('候选机构应为在用的银行、融资担保、保险、证券或区域股权市场机构（编号 %s 不是）', v_bad));
    end if;

    if jsonb_array_length(coalesce(a->'steps', '[]')) > 0 then
        steps := '[]';
        for x in select * from jsonb_array_elements(a->'steps') loop
            if length(btrim(coalesce(x->>'step', ''))) < 2 then
                perform lib.fail('INVALID', '每个步骤须写明做什么（--step 事项:yyyy-mm-dd）');
            end if;
            begin
                v_day := (x->>'on')::date;
            exception when others then
                v_day := null;
            end;
            if v_day is null then
                perform lib.fail('INVALID', format('步骤“%s”的日期“%s”应为 yyyy-mm-dd', x->>'step', coalesce(x->>'on', '')));
            end if;
            steps := steps || jsonb_build_object('step', btrim(x->>'step'), 'on', v_day::text);
        end loop;
        select jsonb_agg(e order by e->>'on', o) into steps from jsonb_array_elements(steps) with ordinality t(e, o);
    else
        steps := coalesce(old.steps, '[]');
    end if;
    summary := coalesce(nullif(btrim(coalesce(a->>'summary', '')), ''), old.summary, '');
    secret := coalesce((a->>'secret')::boolean, false) or coalesce(old.secret, false);
    return next;
end $$;

-- The advisor serving the enterprise under a filed agreement draws up the
-- plan for an open need.
create function m.plan_draw(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    n core.financing_need;
    f record;
    pl core.financing_plan;
begin
    select * into n from core.financing_need where id = (a->>'need_id')::bigint for update;
    if not found or not lib.sees_financing(ctx, n.enterprise_id) then
        perform lib.fail('NOT_FOUND', '融资需求不存在');
    end if;
    perform lib.serving_agreement(ctx, jsonb_build_object('enterprise_id', n.enterprise_id), '制定融资方案');
    if n.status <> 'open' then
        perform lib.fail('CONFLICT', '该融资需求已满足或已撤回');
    end if;
    select * into f from lib.plan_fields(a, null::core.financing_plan);
    insert into core.financing_plan (need_id, enterprise_id, advisor_id, summary, parts, amount, lender_ids, steps,
                                     secret, created_by)
    values (n.id, n.enterprise_id, lib.caller_advisor(ctx), f.summary, f.parts, f.amount, f.lender_ids, f.steps,
            f.secret, (ctx->>'user_id')::bigint)
    returning * into pl;
    perform lib.set_object('plan:' || pl.id || ' need:' || n.id || ' enterprise:' || n.enterprise_id);
    return lib.plan_json(pl, true);
end $$;

-- A new version of the current plan, with a reason; what is not given is
-- kept from the version it replaces.
create function m.plan_revise(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    old core.financing_plan;
    f record;
    pl core.financing_plan;
begin
    select * into old from core.financing_plan where id = (a->>'id')::bigint for update;
    if not found or not lib.sees_plan(ctx, old) then
        perform lib.fail('NOT_FOUND', '融资方案不存在');
    end if;
    perform lib.serving_agreement(ctx, jsonb_build_object('enterprise_id', old.enterprise_id), '修订融资方案');
    if old.status <> 'current' then
        perform lib.fail('CONFLICT', format('该方案已被第 %s 版取代：请修订现行的版本',
                                            (select max(version) from core.financing_plan where need_id = old.need_id)));
    end if;
    if length(btrim(coalesce(a->>'reason', ''))) < 2 then
        perform lib.fail('INVALID', '修订须说明理由（--reason）');
    end if;
    select * into f from lib.plan_fields(a, old);
    update core.financing_plan set status = 'superseded' where id = old.id;
    insert into core.financing_plan (need_id, enterprise_id, advisor_id, version, replaces, summary, parts, amount,
                                     lender_ids, steps, secret, reason, created_by)
    values (old.need_id, old.enterprise_id, lib.caller_advisor(ctx), old.version + 1, old.id, f.summary, f.parts,
            f.amount, f.lender_ids, f.steps, f.secret, btrim(a->>'reason'), (ctx->>'user_id')::bigint)
    returning * into pl;
    perform lib.set_object('plan:' || pl.id || ' replaces:' || old.id || ' enterprise:' || pl.enterprise_id);
    return lib.plan_json(pl, true);
end $$;

create function m.plan_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('plans', coalesce(jsonb_agg(lib.plan_json(pl, false) order by x.k), '[]'),
                    array_agg(x.k order by x.k), lib.page_limit(a))
      from (select pl.id, lib.page_key(lib.page_desc(pl.created_at), lib.page_num(pl.id)) k
              from core.financing_plan pl
             where (coalesce((a->>'enterprise_id')::bigint, 0) = 0 or pl.enterprise_id = (a->>'enterprise_id')::bigint)
               and (coalesce((a->>'need_id')::bigint, 0) = 0 or pl.need_id = (a->>'need_id')::bigint)
               and (coalesce((a->>'history')::boolean, false) or pl.status = 'current')
               and lib.sees_plan(ctx, pl)
               and lib.page_key(lib.page_desc(pl.created_at), lib.page_num(pl.id)) > lib.page_after(a)
             order by 2 limit lib.page_limit(a) + 1) x
      join core.financing_plan pl on pl.id = x.id
$$;

-- One plan whole, with its earlier versions (audited: it may hold business
-- secrets).
create function m.plan_show(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    pl core.financing_plan;
begin
    select * into pl from core.financing_plan where id = (a->>'id')::bigint;
    if not found or not lib.sees_plan(ctx, pl) then
        perform lib.fail('NOT_FOUND', '融资方案不存在');
    end if;
    perform lib.set_object('plan:' || pl.id || ' enterprise:' || pl.enterprise_id
                           || case when pl.secret then ' secret' else '' end);
    return jsonb_build_object(
        'plan', lib.plan_json(pl, true),
        'versions', coalesce((select jsonb_agg(lib.plan_json(o, true) order by o.version desc)
                                from core.financing_plan o
                               where o.need_id = pl.need_id and o.id <> pl.id and lib.sees_plan(ctx, o)), '[]'));
end $$;

-- ------------------------------------------------------------------ referrals
create function lib.referral_json(r core.referral) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', r.id, 'need_id', r.need_id, 'enterprise_id', r.enterprise_id,
        'enterprise_name', (select name from core.organisation where id = r.enterprise_id),
        'advisor_id', r.advisor_id, 'advisor_name', (select name from core.advisor where id = r.advisor_id),
        'lender_id', r.lender_id, 'lender_name', (select name from core.organisation where id = r.lender_id),
        'instruments', to_jsonb(r.instruments), 'amount', r.amount, 'plan', r.plan, 'due_on', coalesce(r.due_on::text, '待定'),
        'status', r.status, 'answer', coalesce(r.answer, ''), 'created_at', lib.time_text(r.created_at),
        'answered_at', coalesce(lib.time_text(r.answered_at), ''),
        'overdue', coalesce(r.status = 'sent' and r.due_on < lib.today(), false),
        'need_amount', n.amount, 'need_purpose', n.purpose, 'plan_id', coalesce(r.plan_id, 0),
        'plan_version', coalesce((select version from core.financing_plan where id = r.plan_id), 0))
      from core.financing_need n where n.id = r.need_id
$$;

create function lib.sees_referral(ctx jsonb, r core.referral) returns boolean
language sql stable as $$
    select lib.sees_financing(ctx, r.enterprise_id) or lib.is_lender(ctx, r.lender_id)
$$;

-- The advisor serving the enterprise under a filed agreement sends a plan
-- for its need to a lending institution.
create function m.referral_send(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    n core.financing_need;
    pl core.financing_plan;
    v_instr text[] := lib.text_array(a->'instruments');
    v_amount numeric := nullif((a->>'amount')::numeric, 0);
    v_text text := nullif(btrim(coalesce(a->>'plan', '')), '');
    v_bad text;
    r core.referral;
begin
    if coalesce((a->>'plan_id')::bigint, 0) <> 0 then
        select * into pl from core.financing_plan where id = (a->>'plan_id')::bigint;
        if not found or not lib.sees_plan(ctx, pl)
           or (coalesce((a->>'need_id')::bigint, 0) not in (0, pl.need_id)) then
            perform lib.fail('NOT_FOUND', '融资方案不存在（或不是该融资需求的）');
        end if;
        if pl.status <> 'current' then
            perform lib.fail('CONFLICT', '该方案已被新版本取代：请推荐现行的版本（rongpei plan list）');
        end if;
        if cardinality(pl.lender_ids) > 0 and not (a->>'lender_id')::bigint = any (pl.lender_ids) then
            perform lib.fail('INVALID', format('推荐对象不在方案的候选机构（%s）中：先修订方案（rongpei plan revise）',
                                               (select string_agg(o.name, '、') from core.organisation o
                                                 where o.id = any (pl.lender_ids))));
        end if;
        if cardinality(v_instr) = 0 then
            v_instr := array(select x->>'instrument' from jsonb_array_elements(pl.parts) x);
        end if;
        v_amount := coalesce(v_amount, pl.amount);
        -- a plan holding business secrets goes by its number: the lender reads it with plan.show (audited)
        v_text := coalesce(v_text, case when pl.secret then format('（融资方案第 %s 号涉及商业秘密：用 rongpei plan show %s 查看，查看留痕）',
                                                                   pl.id, pl.id)
                                        else pl.summary end);
    end if;
    select * into n from core.financing_need where id = coalesce(pl.need_id, (a->>'need_id')::bigint);
    if not found or not lib.sees_financing(ctx, n.enterprise_id) then
        perform lib.fail('NOT_FOUND', '融资需求不存在');
    end if;
    perform lib.serving_agreement(ctx, jsonb_build_object('enterprise_id', n.enterprise_id), '向金融机构推荐');
    if n.status <> 'open' then
        perform lib.fail('CONFLICT', '该融资需求已满足或已撤回');
    end if;
    if not exists (select 1 from core.organisation o where o.id = (a->>'lender_id')::bigint and o.kind = 'institution'
                      and not o.disabled
                      and o.inst_type in ('bank', 'guarantee', 'insurance', 'securities', 'equity_market')) then
        perform lib.fail('INVALID', '推荐对象应为在用的银行、融资担保、保险、证券或区域股权市场机构');
    end if;
    select string_agg(x, '、') into v_bad from unnest(v_instr) x where lib.instrument_label(x) is null;
    if v_bad is not null or cardinality(v_instr) = 0 then
        perform lib.fail('INVALID', format('融资工具应为 贷款 loan、担保 guarantee、股权 equity、债券 bond、租赁 lease、'
                                           '保险 insurance、供应链金融 supply_chain、上市挂牌 listing 之一或几项%s',
                                           coalesce('，而不是：' || v_bad, '')));
    end if;
    if coalesce(v_amount, 0) <= 0 then
        perform lib.fail('INVALID', '方案金额应大于 0（万元，--amount；或用 --plan-id 推荐已制定的方案）');
    end if;
    insert into core.referral (need_id, enterprise_id, advisor_id, lender_id, instruments, amount, plan, due_on,
                               created_by, plan_id)
    values (n.id, n.enterprise_id, lib.caller_advisor(ctx), (a->>'lender_id')::bigint, v_instr, v_amount,
            coalesce(v_text, ''), lib.deadline(lib.today(), lib.setting_int('referral_answer_working_days')),
            (ctx->>'user_id')::bigint, pl.id)
    returning * into r;
    perform lib.set_object('referral:' || r.id || ' enterprise:' || r.enterprise_id || ' lender:' || r.lender_id
                           || coalesce(' plan:' || r.plan_id, ''));
    return lib.referral_json(r);
end $$;

-- The lending institution answers: accepted, or refused with a reason.
create function m.referral_answer(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.referral;
    v_accept boolean := coalesce((a->>'accept')::boolean, false);
begin
    select * into r from core.referral where id = (a->>'id')::bigint for update;
    if not found or not lib.sees_referral(ctx, r) then
        perform lib.fail('NOT_FOUND', '推荐不存在');
    end if;
    perform lib.require(lib.is_lender(ctx, r.lender_id), '只有被推荐的金融机构可以答复');
    if r.status <> 'sent' then
        perform lib.fail('CONFLICT', '该推荐已答复');
    end if;
    if not v_accept and length(btrim(coalesce(a->>'answer', ''))) < 4 then
        perform lib.fail('INVALID', '不予受理须说明理由（--reason，至少 4 个字），企业和顾问都会看到');
    end if;
    update core.referral set status = case when v_accept then 'accepted' else 'refused' end,
                             answer = nullif(btrim(coalesce(a->>'answer', '')), ''),
                             answered_by = (ctx->>'user_id')::bigint, answered_at = now()
     where id = r.id returning * into r;
    perform lib.set_object('referral:' || r.id || ' lender:' || r.lender_id);
    return lib.referral_json(r);
end $$;

create function m.referral_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('referrals', coalesce(jsonb_agg(lib.referral_json(r) order by x.k), '[]'),
                    array_agg(x.k order by x.k), lib.page_limit(a))
      from (select r.id, lib.page_key(lib.page_desc(r.created_at), lib.page_num(r.id)) k
              from core.referral r
             where (coalesce((a->>'enterprise_id')::bigint, 0) = 0 or r.enterprise_id = (a->>'enterprise_id')::bigint)
               and (coalesce(a->>'status', '') = '' or r.status = a->>'status')
               and (not coalesce((a->>'overdue')::boolean, false) or (r.status = 'sent' and r.due_on < lib.today()))
               and lib.sees_referral(ctx, r)
               and lib.page_key(lib.page_desc(r.created_at), lib.page_num(r.id)) > lib.page_after(a)
             order by 2 limit lib.page_limit(a) + 1) x
      join core.referral r on r.id = x.id
$$;

-- ------------------------------------------------------------------ outcomes
create function lib.outcome_json(o core.financing_outcome) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', o.id, 'enterprise_id', o.enterprise_id,
        'enterprise_name', (select name from core.organisation where id = o.enterprise_id),
        'referral_id', coalesce(o.referral_id, 0), 'lender_id', o.lender_id,
        'lender_name', (select name from core.organisation where id = o.lender_id), 'kind', o.kind,
        'amount', o.amount, 'value_before', o.value_before, 'value_after', o.value_after, 'on_date', o.on_date::text,
        'terms', o.terms,
        'advisor_names', coalesce((select jsonb_agg(ad.name order by ad.id) from core.advisor ad
                                    where ad.id = any (o.advisor_ids)), '[]'),
        'confirmed_at', coalesce(lib.time_text(o.confirmed_at), ''),
        'acknowledged_at', coalesce(lib.time_text(o.acknowledged_at), ''), 'created_at', lib.time_text(o.created_at),
        'measure_id', coalesce(o.measure_id, 0),
        'measure_title', coalesce((select title from core.preferential_measure where id = o.measure_id), ''))
$$;

create function lib.sees_outcome(ctx jsonb, o core.financing_outcome) returns boolean
language sql stable as $$
    select lib.sees_financing(ctx, o.enterprise_id) or lib.is_lender(ctx, o.lender_id)
$$;

-- Recorded by the enterprise's advisor (waiting for the lender's
-- confirmation) or by the lender itself (confirmed by that).
create function m.outcome_record(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.referral;
    v_ent bigint := nullif((a->>'enterprise_id')::bigint, 0);
    v_lender bigint := nullif((a->>'lender_id')::bigint, 0);
    v_day date;
    o core.financing_outcome;
begin
    if coalesce((a->>'referral_id')::bigint, 0) <> 0 then
        select * into r from core.referral where id = (a->>'referral_id')::bigint;
        if not found or not lib.sees_referral(ctx, r) then
            perform lib.fail('NOT_FOUND', '推荐不存在');
        end if;
        v_ent := r.enterprise_id;
        v_lender := r.lender_id;
    end if;
    if lib.has_role(ctx, 'institution_admin') or lib.has_role(ctx, 'institution_staff') then
        v_lender := coalesce(v_lender, (ctx->>'org_id')::bigint);
        perform lib.require(lib.is_lender(ctx, v_lender), '金融机构只能登记本机构的融资成效');
        if not exists (select 1 from core.key_enterprise k where k.enterprise_id = v_ent and k.status = 'listed') then
            perform lib.fail('NOT_FOUND', '该企业不在重点企业名单中');
        end if;
    else
        perform lib.require(coalesce(exists (select 1 from core.pairing p where p.enterprise_id = v_ent
                                                   and p.until is null and p.advisor_id = lib.caller_advisor(ctx)),
                                     false), '融资成效由企业的结对顾问或放款的金融机构登记');
    end if;
    if not exists (select 1 from core.organisation where id = v_lender and kind = 'institution') then
        perform lib.fail('INVALID', '请给出提供融资的金融机构（--lender）');
    end if;
    if coalesce(a->>'kind', '') not in ('credit_granted', 'loan_disbursed', 'investment', 'guarantee', 'insurance',
                                        'bond', 'listing_step', 'rating_upgraded', 'limit_raised', 'rate_lowered') then
        perform lib.fail('INVALID', '成效类别应为 授信 credit_granted、放款 loan_disbursed、投资 investment、担保 guarantee、'
                                    '保险 insurance、债券 bond、上市挂牌进展 listing_step、评级提升 rating_upgraded、'
                                    '额度提高 limit_raised、利率下降 rate_lowered');
    end if;
    begin
        v_day := coalesce(nullif(a->>'on_date', ''), lib.today()::text)::date;
    exception when others then
        perform lib.fail('INVALID', format('日期“%s”应为 yyyy-mm-dd', a->>'on_date'));
    end;
    if v_day > lib.today() then
        perform lib.fail('INVALID', '成效日期不能晚于今天');
    end if;
    if a->>'kind' in ('rating_upgraded', 'limit_raised', 'rate_lowered')
       and (coalesce(a->>'value_before', '') = '' or coalesce(a->>'value_after', '') = '') then
        perform lib.fail('INVALID', '评级、额度、利率的变化须写明之前和之后的值（--before、--after）');
    end if;
    if coalesce((a->>'measure_id')::bigint, 0) <> 0
       and not exists (select 1 from core.preferential_measure pm where pm.id = (a->>'measure_id')::bigint
                                                                   and pm.lender_id = v_lender) then
        perform lib.fail('INVALID', '所用的优惠措施应是该金融机构发布的（rongpei measure list）');
    end if;
    insert into core.financing_outcome (enterprise_id, referral_id, lender_id, kind, amount, value_before, value_after,
                                        on_date, terms, advisor_ids, recorded_by, confirmed_by, confirmed_at,
                                        measure_id)
    values (v_ent, r.id, v_lender, a->>'kind', coalesce((a->>'amount')::numeric, 0),
            btrim(coalesce(a->>'value_before', '')), btrim(coalesce(a->>'value_after', '')), v_day,
            btrim(coalesce(a->>'terms', '')),
            coalesce((select array_agg(distinct p.advisor_id) from core.pairing p
                       where p.enterprise_id = v_ent and p.since <= v_day and (p.until is null or p.until >= v_day)),
                     '{}'),
            (ctx->>'user_id')::bigint,
            case when lib.is_lender(ctx, v_lender) then (ctx->>'user_id')::bigint end,
            case when lib.is_lender(ctx, v_lender) then now() end, nullif((a->>'measure_id')::bigint, 0))
    returning * into o;
    perform lib.set_object('outcome:' || o.id || ' enterprise:' || o.enterprise_id || ' lender:' || o.lender_id);
    return lib.outcome_json(o);
end $$;

-- A user of the lending institution confirms an outcome (then it counts).
create function m.outcome_confirm(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    o core.financing_outcome;
begin
    select * into o from core.financing_outcome where id = (a->>'id')::bigint for update;
    if not found or not lib.sees_outcome(ctx, o) then
        perform lib.fail('NOT_FOUND', '融资成效不存在');
    end if;
    perform lib.require(lib.is_lender(ctx, o.lender_id), '只有提供融资的金融机构可以确认');
    if o.confirmed_at is not null then
        perform lib.fail('CONFLICT', '该成效已确认');
    end if;
    update core.financing_outcome set confirmed_by = (ctx->>'user_id')::bigint, confirmed_at = now()
     where id = o.id returning * into o;
    perform lib.set_object('outcome:' || o.id || ' lender:' || o.lender_id);
    return lib.outcome_json(o);
end $$;

-- The enterprise acknowledges what it received.
create function m.outcome_acknowledge(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    o core.financing_outcome;
begin
    select * into o from core.financing_outcome where id = (a->>'id')::bigint for update;
    if not found or not (lib.has_role(ctx, 'enterprise_contact') and o.enterprise_id = (ctx->>'org_id')::bigint) then
        perform lib.fail('NOT_FOUND', '融资成效不存在');
    end if;
    if o.acknowledged_at is not null then
        perform lib.fail('CONFLICT', '已确认收到');
    end if;
    update core.financing_outcome set acknowledged_by = (ctx->>'user_id')::bigint, acknowledged_at = now()
     where id = o.id returning * into o;
    perform lib.set_object('outcome:' || o.id || ' enterprise:' || o.enterprise_id);
    return lib.outcome_json(o);
end $$;

create function m.outcome_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    with mine as (
        select o.* from core.financing_outcome o
         where (coalesce((a->>'enterprise_id')::bigint, 0) = 0 or o.enterprise_id = (a->>'enterprise_id')::bigint)
           and (not coalesce((a->>'confirmed_only')::boolean, false) or o.confirmed_at is not null)
           and lib.sees_outcome(ctx, o))
    select lib.page('outcomes', coalesce(jsonb_agg(lib.outcome_json(o) order by x.k), '[]'),
                    array_agg(x.k order by x.k), lib.page_limit(a))
           || jsonb_build_object('confirmed_amount',
                                 (select coalesce(sum(amount), 0) from mine where confirmed_at is not null))
      from (select m.id, lib.page_key(lib.page_desc((m.on_date - date '2000-01-01')::bigint), lib.page_num(m.id)) k
              from mine m
             where lib.page_key(lib.page_desc((m.on_date - date '2000-01-01')::bigint), lib.page_num(m.id))
                   > lib.page_after(a)
             order by 2 limit lib.page_limit(a) + 1) x
      join core.financing_outcome o on o.id = x.id
$$;

-- What waits: a lender's referrals to answer and outcomes to confirm; an
-- enterprise's outcomes to acknowledge; the bureau's overdue referrals.
create function lib.financing_inbox(ctx jsonb)
returns table (kind text, at timestamptz, title text, detail text, object text, command text)
language sql stable as $$
    select 'referral_to_answer', r.created_at, '待答复的融资推荐：' || o.name,
           r.amount || ' 万元，' || coalesce(r.due_on || ' 前答复', '答复期限待定'), 'referral:' || r.id,
           'rongpei referral answer ' || r.id || ' --accept'
      from core.referral r join core.organisation o on o.id = r.enterprise_id
     where r.status = 'sent' and lib.is_lender(ctx, r.lender_id)
    union all
    select 'referral_overdue', r.due_on::timestamptz, '融资推荐逾期未答复：' || o.name,
           (select name from core.organisation where id = r.lender_id) || '，应于 ' || r.due_on || ' 前答复',
           'referral:' || r.id, 'rongpei referral list --overdue'
      from core.referral r join core.organisation o on o.id = r.enterprise_id
     where r.status = 'sent' and r.due_on < lib.today() and lib.has_role(ctx, 'bureau_admin')
    union all
    select 'outcome_to_confirm', f.created_at, '待确认的融资成效：' || o.name, f.amount || ' 万元', 'outcome:' || f.id,
           'rongpei outcome confirm ' || f.id
      from core.financing_outcome f join core.organisation o on o.id = f.enterprise_id
     where f.confirmed_at is null and lib.is_lender(ctx, f.lender_id)
    union all
    select 'outcome_to_acknowledge', f.confirmed_at, '请确认收到的融资：' || (select name from core.organisation
                                                                          where id = f.lender_id),
           f.amount || ' 万元', 'outcome:' || f.id, 'rongpei outcome acknowledge ' || f.id
      from core.financing_outcome f
     where f.confirmed_at is not null and f.acknowledged_at is null and lib.has_role(ctx, 'enterprise_contact')
       and f.enterprise_id = (ctx->>'org_id')::bigint
$$;

-- ------------------------------------------------------------------ preferential measures (P14)
create function lib.measure_json(pm core.preferential_measure) returns jsonb
language sql stable as $$
    select jsonb_build_object('id', pm.id, 'lender_id', pm.lender_id,
                              'lender_name', (select name from core.organisation where id = pm.lender_id),
                              'kind', pm.kind, 'title', pm.title, 'description', pm.description,
                              'valid_until', coalesce(pm.valid_until::text, ''),
                              'published_at', lib.time_text(pm.published_at),
                              'applied', (select count(*) from core.financing_outcome o
                                           where o.measure_id = pm.id and o.confirmed_at is not null))
$$;

-- A lending institution's administrator publishes a measure.
create function m.measure_publish(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    pm core.preferential_measure;
    v_until date;
begin
    if not exists (select 1 from core.organisation o where o.id = (ctx->>'org_id')::bigint and o.kind = 'institution'
                      and o.inst_type in ('bank', 'guarantee', 'insurance', 'securities', 'equity_market')) then
        perform lib.fail('REFUSED', '优惠措施由银行、融资担保、保险、证券或区域股权市场机构发布');
    end if;
    if coalesce(a->>'kind', '') not in ('rating', 'limit', 'rate', 'other') then
        perform lib.fail('INVALID', '措施类别应为 评级 rating、额度 limit、利率 rate 或 其他 other');
    end if;
    begin
        v_until := nullif(a->>'valid_until', '')::date;
    exception when others then
        perform lib.fail('INVALID', format('有效期“%s”应为 yyyy-mm-dd', a->>'valid_until'));
    end;
    insert into core.preferential_measure (lender_id, kind, title, description, valid_until, published_by)
    values ((ctx->>'org_id')::bigint, a->>'kind', btrim(coalesce(a->>'title', '')), btrim(coalesce(a->>'description', '')),
            v_until, (ctx->>'user_id')::bigint)
    returning * into pm;
    perform lib.set_object('measure:' || pm.id || ' lender:' || pm.lender_id);
    return lib.measure_json(pm);
end $$;

-- Published measures are public to every user of the program.
create function m.measure_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('measures', coalesce(jsonb_agg(lib.measure_json(pm) order by x.k), '[]'),
                    array_agg(x.k order by x.k), lib.page_limit(a))
      from (select pm.id, lib.page_key(lib.page_desc(pm.published_at), lib.page_num(pm.id)) k
              from core.preferential_measure pm
             where (coalesce((a->>'lender_id')::bigint, 0) = 0 or pm.lender_id = (a->>'lender_id')::bigint)
               and lib.page_key(lib.page_desc(pm.published_at), lib.page_num(pm.id)) > lib.page_after(a)
             order by 2 limit lib.page_limit(a) + 1) x
      join core.preferential_measure pm on pm.id = x.id
$$;
