-- complaints.sql - the bureau's complaints desk (P17).
--
-- An enterprise's contact files a complaint or a suggestion about an
-- advisor who serves or served it, a group, or the service; a discipline
-- report (violation.report) arrives here as a complaint too.  The bureau
-- registers it (青融培诉〔year〕NNNN号) and names a handler, who notes the
-- investigation, may ask the advisor's institution for its account (with
-- its own deadline) and share the complaint with the advisor (unless the
-- enterprise asked that the advisor not see it), decides (upheld, partly,
-- not upheld; measures), and feeds back within complaint_working_days
-- working days of receipt.  The clock: due, paused (a reason from
-- core.complaint_pause_reason; the working days paused are not counted),
-- fulfilled (fed back in time) or failed (late).  One extension, asked for
-- before the deadline with a reason, approved by a second bureau user; the
-- enterprise is told the new date.  After the feedback the enterprise is
-- called back: satisfied closes it; not satisfied with the handling
-- reopens it with a new deadline.
--
-- Who sees: the enterprise its own; the bureau all; a prefecture office
-- its prefecture's enterprises'; the advisor concerned only once shared;
-- the advisor's institution once asked for its account.

create function lib.complaint_clock(c core.complaint) returns text
language sql stable as $$
    select case
        when c.status in ('fed_back', 'closed') then
            case when c.due_on is null or c.fed_back_on <= c.due_on then 'fulfilled' else 'failed' end
        when c.paused_since is not null then 'paused'
        when c.due_on < lib.today() then 'failed'
        else 'due' end
$$;

-- The deadline: complaint_working_days after receipt, plus the working
-- days the clock stood and an approved extension (null: 待定).
create function lib.complaint_due(c core.complaint) returns date
language sql stable as $$
    select lib.deadline(c.received_on, lib.setting_int('complaint_working_days') + c.paused_days
                                        + case when c.ext_status = 'approved' then c.ext_days else 0 end)
$$;

create function lib.complaint_desk(ctx jsonb) returns boolean
language sql stable as $$
    select ctx->>'scope' = 'province' and (lib.has_role(ctx, 'bureau_admin') or lib.has_role(ctx, 'bureau_staff'))
$$;

create function lib.sees_complaint(ctx jsonb, c core.complaint) returns boolean
language sql stable as $$
    select coalesce(lib.complaint_desk(ctx)
        or (lib.has_role(ctx, 'prefecture_staff') and c.prefecture_code = ctx->>'prefecture')
        or (lib.has_role(ctx, 'enterprise_contact') and c.enterprise_id = (ctx->>'org_id')::bigint)
        or (c.shared_at is not null and c.advisor_id = lib.caller_advisor(ctx))
        or (c.inst_due_on is not null and lib.has_role(ctx, 'institution_admin')
            and (select org_id from core.advisor where id = c.advisor_id) = (ctx->>'org_id')::bigint), false)
$$;

create function lib.complaint_json(c core.complaint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', c.id, 'reg_no', coalesce(c.reg_no, ''), 'enterprise_id', c.enterprise_id,
        'enterprise_name', (select name from core.organisation where id = c.enterprise_id),
        'kind', c.kind, 'about', c.about, 'advisor_id', coalesce(c.advisor_id, 0),
        'advisor_name', coalesce((select name from core.advisor where id = c.advisor_id), ''),
        'group_name', coalesce((select name from core.service_group where id = c.group_id), ''),
        'facts', c.facts, 'hide_from_advisor', c.hide_from_advisor, 'from_violation', c.violation_id is not null,
        'status', c.status, 'clock', lib.complaint_clock(c), 'received_on', c.received_on::text,
        'due_on', coalesce(c.due_on::text, '待定'),
        'days_left', coalesce(case when c.status in ('received', 'registered', 'decided') and c.due_on is not null
                                   then lib.working_days_between(lib.today(), c.due_on) end, 0),
        'handler', coalesce((select display_name from core.app_user where id = c.handler_id), ''),
        'pause_reason', coalesce((select label from core.complaint_pause_reason where code = c.pause_reason), ''),
        'extension', coalesce(c.ext_status, ''), 'decision', coalesce(c.decision, ''),
        'measures', to_jsonb(c.measures), 'decision_text', coalesce(c.decision_text, ''),
        'feedback', coalesce(c.feedback, ''), 'fed_back_on', coalesce(c.fed_back_on::text, ''),
        'satisfied', case when c.satisfied is null then '' when c.satisfied then 'yes' else 'no' end,
        'advisor_account', coalesce(c.advisor_account, ''), 'inst_account', coalesce(c.inst_account, ''),
        'created_at', lib.time_text(c.created_at))
$$;

create function lib.complaint_event(p_id bigint, p_kind text, p_note text, ctx jsonb) returns void
language sql as $$
    insert into core.complaint_event (complaint_id, kind, note, by_user)
    values (p_id, p_kind, coalesce(p_note, ''), (ctx->>'user_id')::bigint)
$$;

-- The complaint, locked, for one who sees it; p_desk: only the bureau's desk acts.
create function lib.complaint_get(ctx jsonb, p_id bigint, p_desk boolean) returns core.complaint
language plpgsql as $$
declare
    c core.complaint;
begin
    select * into c from core.complaint where id = p_id for update;
    if not found or not lib.sees_complaint(ctx, c) then
        perform lib.fail('NOT_FOUND', '投诉不存在');
    end if;
    if p_desk then
        perform lib.require(lib.complaint_desk(ctx), '投诉由省局受理和办理');
    end if;
    return c;
end $$;

-- Open: registered and not yet fed back.
create function lib.complaint_open(c core.complaint) returns void
language plpgsql as $$
begin
    if c.status = 'received' then
        perform lib.fail('CONFLICT', '该投诉尚未登记受理（rongpei complaint register）');
    end if;
    if c.status in ('fed_back', 'closed') then
        perform lib.fail('CONFLICT', '该投诉已反馈办理结果');
    end if;
end $$;

-- A complaint as it arrives: filed by the enterprise, or from its discipline report.
create function lib.complaint_new(ctx jsonb, p_ent bigint, p_kind text, p_about text, p_advisor bigint,
                                  p_group bigint, p_facts text, p_hide boolean, p_violation bigint)
returns core.complaint
language plpgsql as $$
declare
    c core.complaint;
begin
    insert into core.complaint (enterprise_id, kind, about, advisor_id, group_id, facts, hide_from_advisor,
                                violation_id, prefecture_code, filed_by, received_on, due_on)
    values (p_ent, p_kind, p_about, p_advisor, p_group, btrim(coalesce(p_facts, '')), p_hide, p_violation,
            (select lib.prefecture_of(e.county_code) from core.enterprise e where e.org_id = p_ent),
            (ctx->>'user_id')::bigint, lib.today(),
            lib.deadline(lib.today(), lib.setting_int('complaint_working_days')))
    returning * into c;
    perform lib.complaint_event(c.id, 'received', case when p_violation is not null then '由违纪反映转来' end, ctx);
    return c;
end $$;

create function m.complaint_file(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_ent bigint := (ctx->>'org_id')::bigint;
    v_adv bigint := nullif((a->>'advisor_id')::bigint, 0);
    v_group bigint := nullif((a->>'group_id')::bigint, 0);
    v_about text := coalesce(nullif(a->>'about', ''), case when v_adv is not null then 'advisor'
                                                           when v_group is not null then 'group' else 'service' end);
    c core.complaint;
begin
    if coalesce(nullif(a->>'kind', ''), 'complaint') not in ('complaint', 'suggestion') then
        perform lib.fail('INVALID', '类别应为 投诉 complaint 或 建议 suggestion');
    end if;
    if v_about not in ('advisor', 'group', 'service') then
        perform lib.fail('INVALID', '对象应为 顾问 advisor、小组 group 或 服务 service');
    end if;
    if v_adv is not null and not exists (select 1 from core.pairing p where p.enterprise_id = v_ent
                                                                      and p.advisor_id = v_adv) then
        perform lib.fail('INVALID', '所投诉的顾问不是为本企业服务的顾问（--advisor）');
    end if;
    if v_group is not null and not exists (
           select 1 from core.pairing p join core.group_membership gm on gm.advisor_id = p.advisor_id
            where p.enterprise_id = v_ent and gm.group_id = v_group) then
        perform lib.fail('INVALID', '所投诉的小组不是为本企业服务的小组（--group）');
    end if;
    c := lib.complaint_new(ctx, v_ent, coalesce(nullif(a->>'kind', ''), 'complaint'), v_about, v_adv, v_group,
                           a->>'facts', coalesce((a->>'hide_from_advisor')::boolean, false), null);
    perform lib.set_object('complaint:' || c.id || ' enterprise:' || v_ent || coalesce(' advisor:' || v_adv, ''));
    return lib.complaint_json(c);
end $$;

-- The bureau registers it with the next number of the year and names a
-- handler (the caller when none is given).
create function m.complaint_register(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    c core.complaint := lib.complaint_get(ctx, (a->>'id')::bigint, true);
    v_prefix text := '青融培诉〔' || extract(year from lib.today())::int || '〕';
    v_handler bigint := coalesce(nullif((a->>'handler_id')::bigint, 0), (ctx->>'user_id')::bigint);
begin
    if c.status <> 'received' then
        perform lib.fail('CONFLICT', format('该投诉已登记：%s', c.reg_no));
    end if;
    if not exists (select 1 from core.app_user u join core.user_role r on r.user_id = u.id
                    where u.id = v_handler and not u.disabled and r.role in ('bureau_admin', 'bureau_staff')) then
        perform lib.fail('INVALID', '承办人应为省局的在用账户（--handler）');
    end if;
    perform pg_advisory_xact_lock(hashtext(v_prefix));
    update core.complaint
       set status = 'registered', registered_by = (ctx->>'user_id')::bigint, handler_id = v_handler,
           reg_no = v_prefix || lpad((coalesce((select max((regexp_match(reg_no, '([0-9]{4})号$'))[1]::int)
                                                 from core.complaint where reg_no like v_prefix || '%'), 0) + 1)::text,
                                     4, '0') || '号'
     where id = c.id returning * into c;
    perform lib.complaint_event(c.id, 'registered', c.reg_no, ctx);
    perform lib.set_object('complaint:' || c.id || ' ' || c.reg_no);
    return lib.complaint_json(c);
end $$;

create function m.complaint_assign(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    c core.complaint := lib.complaint_get(ctx, (a->>'id')::bigint, true);
begin
    perform lib.complaint_open(c);
    if not exists (select 1 from core.app_user u join core.user_role r on r.user_id = u.id
                    where u.id = (a->>'handler_id')::bigint and not u.disabled
                      and r.role in ('bureau_admin', 'bureau_staff')) then
        perform lib.fail('INVALID', '承办人应为省局的在用账户（--handler）');
    end if;
    update core.complaint set handler_id = (a->>'handler_id')::bigint where id = c.id returning * into c;
    perform lib.complaint_event(c.id, 'assigned', (select display_name from core.app_user where id = c.handler_id), ctx);
    perform lib.set_object('complaint:' || c.id || ' handler:' || c.handler_id);
    return lib.complaint_json(c);
end $$;

-- A note of the investigation; with institution, a request to the
-- advisor's institution for its account (its own deadline); with share,
-- the complaint shown to the advisor concerned for their account.
create function m.complaint_note(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    c core.complaint := lib.complaint_get(ctx, (a->>'id')::bigint, true);
    v_inst boolean := coalesce((a->>'ask_institution')::boolean, false);
    v_share boolean := coalesce((a->>'share')::boolean, false);
begin
    perform lib.complaint_open(c);
    if length(btrim(coalesce(a->>'note', ''))) < 4 then
        perform lib.fail('INVALID', '请写明办理情况（--note，至少 4 个字）');
    end if;
    if (v_inst or v_share) and c.advisor_id is null then
        perform lib.fail('INVALID', '该投诉没有涉及具体顾问');
    end if;
    if v_share and c.hide_from_advisor then
        perform lib.fail('CONFLICT', '投诉人要求不让所投诉的顾问看到，不能向顾问出示');
    end if;
    if v_inst then
        update core.complaint set inst_due_on = lib.deadline(lib.today(), lib.setting_int('complaint_institution_days'))
         where id = c.id;
    end if;
    if v_share then
        update core.complaint set shared_at = coalesce(shared_at, now()) where id = c.id;
    end if;
    select * into c from core.complaint where id = c.id;
    perform lib.complaint_event(c.id, case when v_inst then 'asked_institution' when v_share then 'shared' else 'note' end,
                                btrim(a->>'note'), ctx);
    perform lib.set_object('complaint:' || c.id);
    return lib.complaint_json(c);
end $$;

-- The advisor concerned (once shared) or its institution (once asked)
-- gives its account.
create function m.complaint_respond(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    c core.complaint := lib.complaint_get(ctx, (a->>'id')::bigint, false);
begin
    perform lib.complaint_open(c);
    if length(btrim(coalesce(a->>'note', ''))) < 10 then
        perform lib.fail('INVALID', '请写明情况说明（--account，至少 10 个字）');
    end if;
    if c.advisor_id = lib.caller_advisor(ctx) and c.shared_at is not null then
        update core.complaint set advisor_account = btrim(a->>'note') where id = c.id returning * into c;
        perform lib.complaint_event(c.id, 'advisor_account', btrim(a->>'note'), ctx);
    elsif lib.has_role(ctx, 'institution_admin') and c.inst_due_on is not null then
        update core.complaint set inst_account = btrim(a->>'note') where id = c.id returning * into c;
        perform lib.complaint_event(c.id, 'institution_account', btrim(a->>'note'), ctx);
    else
        perform lib.fail('REFUSED', '情况说明由所涉顾问（投诉向其出示后）或被征询的机构提供');
    end if;
    perform lib.set_object('complaint:' || c.id);
    return lib.complaint_json(c);
end $$;

-- The clock stops, for a reason of the fixed list, and starts again; the
-- working days it stood are added to the deadline.
create function m.complaint_pause(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    c core.complaint := lib.complaint_get(ctx, (a->>'id')::bigint, true);
    v_days int;
begin
    perform lib.complaint_open(c);
    if coalesce((a->>'resume')::boolean, false) then
        if c.paused_since is null then
            perform lib.fail('CONFLICT', '该投诉的办理期限没有中止');
        end if;
        v_days := coalesce(lib.working_days_between(c.paused_since, lib.today()), 0);
        update core.complaint set paused_days = paused_days + v_days, paused_since = null, pause_reason = null
         where id = c.id returning * into c;
        update core.complaint set due_on = lib.complaint_due(c) where id = c.id returning * into c;
        perform lib.complaint_event(c.id, 'resumed', format('中止 %s 个工作日，期限顺延至 %s', coalesce(v_days, 0),
                                                              coalesce(c.due_on::text, '待定')), ctx);
    else
        if c.paused_since is not null then
            perform lib.fail('CONFLICT', '该投诉的办理期限已中止');
        end if;
        if not exists (select 1 from core.complaint_pause_reason where code = a->>'pause_reason') then
            perform lib.fail('INVALID', '中止原因应为：' || (select string_agg(label || ' ' || code, '、' order by code)
                                                            from core.complaint_pause_reason));
        end if;
        update core.complaint set paused_since = lib.today(), pause_reason = a->>'pause_reason'
         where id = c.id returning * into c;
        perform lib.complaint_event(c.id, 'paused', (select label from core.complaint_pause_reason
                                                       where code = c.pause_reason), ctx);
    end if;
    perform lib.set_object('complaint:' || c.id);
    return lib.complaint_json(c);
end $$;

-- One extension: asked for before the deadline with a reason; approved
-- (or not) by a second bureau user.
create function m.complaint_extend(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    c core.complaint := lib.complaint_get(ctx, (a->>'id')::bigint, true);
begin
    perform lib.complaint_open(c);
    if coalesce(a->>'verdict', '') <> '' then
        if coalesce(c.ext_status, '') <> 'requested' then
            perform lib.fail('CONFLICT', '该投诉没有待审批的延期申请');
        end if;
        perform lib.require(c.ext_requested_by <> (ctx->>'user_id')::bigint, '延期须由申请人以外的另一位省局用户审批');
        if a->>'verdict' not in ('approve', 'refuse') then
            perform lib.fail('INVALID', '审批意见应为 approve 或 refuse');
        end if;
        if a->>'verdict' = 'approve' then
            update core.complaint set ext_status = 'approved' where id = c.id returning * into c;
            update core.complaint set due_on = lib.complaint_due(c) where id = c.id returning * into c;
            perform lib.complaint_event(c.id, 'extension_approved', '期限延至 ' || coalesce(c.due_on::text, '待定'), ctx);
        else
            update core.complaint set ext_status = 'refused' where id = c.id returning * into c;
            perform lib.complaint_event(c.id, 'extension_refused', '', ctx);
        end if;
    else
        if c.ext_status is not null then
            perform lib.fail('CONFLICT', '每件投诉只能申请一次延期');
        end if;
        if c.due_on is null or c.due_on < lib.today() then
            perform lib.fail('CONFLICT', '延期须在办理期限届满前申请');
        end if;
        if coalesce((a->>'days')::int, 0) not between 1 and 10 then
            perform lib.fail('INVALID', '延长的工作日数应为 1 至 10（--days）');
        end if;
        if length(btrim(coalesce(a->>'reason', ''))) < 4 then
            perform lib.fail('INVALID', '延期须说明理由（--reason）');
        end if;
        update core.complaint set ext_status = 'requested', ext_days = (a->>'days')::int, ext_reason = btrim(a->>'reason'),
                                  ext_requested_by = (ctx->>'user_id')::bigint
         where id = c.id returning * into c;
        perform lib.complaint_event(c.id, 'extension_requested', c.ext_days || ' 个工作日：' || c.ext_reason, ctx);
    end if;
    perform lib.set_object('complaint:' || c.id);
    return lib.complaint_json(c);
end $$;

create function m.complaint_decide(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    c core.complaint := lib.complaint_get(ctx, (a->>'id')::bigint, true);
begin
    perform lib.complaint_open(c);
    if coalesce(a->>'decision', '') not in ('upheld', 'partly', 'not_upheld') then
        perform lib.fail('INVALID', '处理意见应为 属实 upheld、部分属实 partly 或 不属实 not_upheld');
    end if;
    if not lib.text_array(a->'measures') <@ '{advice,warning,replacement,training,none}' then
        perform lib.fail('INVALID', '处理措施应为 提醒 advice、警示 warning、更换顾问 replacement、培训 training 或 无 none');
    end if;
    if length(btrim(coalesce(a->>'text', ''))) < 10 then
        perform lib.fail('INVALID', '请写明处理意见（--text，至少 10 个字）');
    end if;
    update core.complaint set status = 'decided', decision = a->>'decision', measures = lib.text_array(a->'measures'),
                              decision_text = btrim(a->>'text')
     where id = c.id returning * into c;
    perform lib.complaint_event(c.id, 'decided', c.decision || '：' || c.decision_text, ctx);
    perform lib.set_object('complaint:' || c.id);
    return lib.complaint_json(c);
end $$;

-- The result to the enterprise; the clock stops fulfilled or failed.
create function m.complaint_feedback(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    c core.complaint := lib.complaint_get(ctx, (a->>'id')::bigint, true);
begin
    perform lib.complaint_open(c);
    if c.status <> 'decided' then
        perform lib.fail('CONFLICT', '先作出处理意见（rongpei complaint decide），再反馈');
    end if;
    if c.paused_since is not null then
        perform lib.fail('CONFLICT', '办理期限中止中：先恢复（rongpei complaint resume）');
    end if;
    if length(btrim(coalesce(a->>'text', ''))) < 10 then
        perform lib.fail('INVALID', '请写明向投诉人反馈的内容（--text，至少 10 个字）');
    end if;
    update core.complaint set status = 'fed_back', feedback = btrim(a->>'text'), fed_back_on = lib.today()
     where id = c.id returning * into c;
    perform lib.complaint_event(c.id, 'fed_back', lib.complaint_clock(c), ctx);
    perform lib.set_object('complaint:' || c.id);
    return lib.complaint_json(c);
end $$;

-- The callback: satisfied closes it; not satisfied with the handling
-- reopens it (a new deadline from today); not satisfied for another
-- reason closes it with that said.
create function m.complaint_callback(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    c core.complaint := lib.complaint_get(ctx, (a->>'id')::bigint, false);
    v_ok boolean := coalesce((a->>'satisfied')::boolean, false);
begin
    perform lib.require(lib.has_role(ctx, 'enterprise_contact') and c.enterprise_id = (ctx->>'org_id')::bigint,
                        '回访由投诉的企业作答');
    if c.status <> 'fed_back' then
        perform lib.fail('CONFLICT', case when c.status = 'closed' then '该投诉已办结' else '该投诉尚未反馈办理结果' end);
    end if;
    if not v_ok and length(btrim(coalesce(a->>'reason', ''))) < 4 then
        perform lib.fail('INVALID', '不满意须说明原因（--reason）');
    end if;
    if not v_ok and coalesce((a->>'handling')::boolean, false) then
        update core.complaint
           set status = 'registered', satisfied = false, callback_reason = btrim(a->>'reason'), decision = null,
               decision_text = null, measures = '{}', feedback = null, fed_back_on = null, received_on = lib.today(),
               due_on = lib.deadline(lib.today(), lib.setting_int('complaint_working_days')), ext_status = null,
               ext_days = null, ext_reason = null, ext_requested_by = null, paused_days = 0
         where id = c.id returning * into c;
        perform lib.complaint_event(c.id, 'reopened', btrim(a->>'reason'), ctx);
    else
        update core.complaint set status = 'closed', satisfied = v_ok, callback_reason = nullif(btrim(coalesce(a->>'reason', '')), '')
         where id = c.id returning * into c;
        perform lib.complaint_event(c.id, 'callback', case when v_ok then '满意' else '不满意：' || btrim(a->>'reason') end, ctx);
    end if;
    perform lib.set_object('complaint:' || c.id);
    return lib.complaint_json(c);
end $$;

create function m.complaint_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('complaints', coalesce(jsonb_agg(lib.complaint_json(c) order by x.k), '[]'),
                    array_agg(x.k order by x.k), lib.page_limit(a))
      from (select c.id, lib.page_key(lib.page_desc(c.created_at), lib.page_num(c.id)) k
              from core.complaint c
             where (coalesce(a->>'status', '') = '' or c.status = a->>'status')
               and (not coalesce((a->>'overdue')::boolean, false) or lib.complaint_clock(c) = 'failed')
               and lib.sees_complaint(ctx, c)
               and lib.page_key(lib.page_desc(c.created_at), lib.page_num(c.id)) > lib.page_after(a)
             order by 2 limit lib.page_limit(a) + 1) x
      join core.complaint c on c.id = x.id
$$;

-- One complaint with every step (audited).
create function m.complaint_show(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    c core.complaint;
begin
    select * into c from core.complaint where id = (a->>'id')::bigint;
    if not found or not lib.sees_complaint(ctx, c) then
        perform lib.fail('NOT_FOUND', '投诉不存在');
    end if;
    perform lib.set_object('complaint:' || c.id || ' enterprise:' || c.enterprise_id);
    return jsonb_build_object('complaint', lib.complaint_json(c),
        'events', coalesce((select jsonb_agg(jsonb_build_object(
                                'kind', e.kind, 'note', e.note, 'at', lib.time_text(e.at),
                                'by', (select display_name from core.app_user where id = e.by_user)) order by e.id)
                              from core.complaint_event e
                             where e.complaint_id = c.id
                               -- an enterprise, an advisor or an institution sees the steps, not the desk's notes
                               and (lib.complaint_desk(ctx) or lib.has_role(ctx, 'prefecture_staff')
                                    or e.kind in ('received', 'registered', 'extension_approved', 'decided',
                                                  'fed_back', 'reopened', 'callback'))), '[]'));
end $$;

-- The year's complaints counted per advisor, institution, group and
-- prefecture - for the yearly assessment (P18): received, upheld (in part
-- or whole), fed back in time, late, still open.  Suggestions are not
-- counted against anyone.
create function m.complaint_stats(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    with c as (
        select cc.id, cc.advisor_id, cc.prefecture_code, cc.decision, cc.status, lib.complaint_clock(cc) clock,
               ad.name advisor_name, ad.org_id,
               coalesce(cc.group_id, (select gm.group_id from core.group_membership gm
                                       where gm.advisor_id = cc.advisor_id
                                       order by gm.until is null desc, gm.id desc limit 1)) the_group
          from core.complaint cc left join core.advisor ad on ad.id = cc.advisor_id
         where cc.kind = 'complaint'
           and extract(year from cc.received_on) = coalesce(nullif((a->>'year')::int, 0), extract(year from lib.today()))
           and lib.sees_complaint(ctx, cc)),
         d as (
        select 'advisor' dim, advisor_id::text k, advisor_name label, c.* from c where advisor_id is not null
        union all
        select 'institution', org_id::text, (select name from core.organisation where id = org_id), c.*
          from c where org_id is not null
        union all
        select 'group', the_group::text, (select name from core.service_group where id = the_group), c.*
          from c where the_group is not null
        union all
        select 'prefecture', prefecture_code, (select name from core.division where code = prefecture_code), c.*
          from c where prefecture_code is not null)
    select jsonb_build_object('rows', coalesce(jsonb_agg(x order by x->>'dimension', (x->>'total')::int desc, x->>'label'), '[]'))
      from (select jsonb_build_object('dimension', dim, 'label', coalesce(label, k), 'total', count(*),
                                      'upheld', count(*) filter (where decision in ('upheld', 'partly')),
                                      'fulfilled', count(*) filter (where clock = 'fulfilled'),
                                      'failed', count(*) filter (where clock = 'failed'),
                                      'open', count(*) filter (where status in ('received', 'registered', 'decided'))) x
              from d group by dim, k, label) y
$$;

-- What waits: complaints to register, the handler's open ones, overdue
-- ones for the bureau's administrator, extensions to approve (not by the
-- one who asked); the enterprise's feedback to answer and new dates; an
-- advisor's or institution's account asked for.
create function lib.complaint_inbox(ctx jsonb)
returns table (kind text, at timestamptz, title text, detail text, object text, command text)
language sql stable as $$
    select 'complaint_to_register', c.created_at, '待登记的投诉：' || o.name, left(c.facts, 60), 'complaint:' || c.id,
           'rongpei complaint register ' || c.id
      from core.complaint c join core.organisation o on o.id = c.enterprise_id
     where c.status = 'received' and lib.complaint_desk(ctx)
    union all
    select 'complaint_to_handle', c.received_on::timestamptz, '承办的投诉：' || c.reg_no,
           coalesce('应于 ' || c.due_on || ' 前反馈', '期限待定'), 'complaint:' || c.id, 'rongpei complaint show ' || c.id
      from core.complaint c
     where c.status in ('registered', 'decided') and c.handler_id = (ctx->>'user_id')::bigint
    union all
    select 'complaint_overdue', c.due_on::timestamptz, '投诉逾期未反馈：' || coalesce(c.reg_no, '未登记'),
           '应于 ' || c.due_on || ' 前反馈', 'complaint:' || c.id, 'rongpei complaint list --overdue'
      from core.complaint c
     where c.status in ('received', 'registered', 'decided') and lib.complaint_clock(c) = 'failed'
       and lib.has_role(ctx, 'bureau_admin')
    union all
    select 'extension_to_approve', c.received_on::timestamptz, '待审批的投诉延期：' || c.reg_no,
           c.ext_days || ' 个工作日：' || c.ext_reason, 'complaint:' || c.id,
           'rongpei complaint approve ' || c.id || ' --approve'
      from core.complaint c
     where c.ext_status = 'requested' and lib.complaint_desk(ctx) and c.ext_requested_by <> (ctx->>'user_id')::bigint
    union all
    select 'complaint_callback', c.received_on::timestamptz, '投诉已有办理结果，请回访：' || c.reg_no, left(c.feedback, 60),
           'complaint:' || c.id, 'rongpei complaint callback ' || c.id || ' --satisfied'
      from core.complaint c
     where c.status = 'fed_back' and lib.has_role(ctx, 'enterprise_contact') and c.enterprise_id = (ctx->>'org_id')::bigint
    union all
    select 'complaint_extended', c.received_on::timestamptz, '投诉办理期限延长：' || c.reg_no, '新的期限 ' || c.due_on,
           'complaint:' || c.id, 'rongpei complaint show ' || c.id
      from core.complaint c
     where c.ext_status = 'approved' and c.status in ('registered', 'decided')
       and lib.has_role(ctx, 'enterprise_contact') and c.enterprise_id = (ctx->>'org_id')::bigint
    union all
    select 'complaint_account', coalesce(c.shared_at, c.received_on::timestamptz), '请就投诉说明情况：' || c.reg_no,
           left(c.facts, 60), 'complaint:' || c.id, 'rongpei complaint respond ' || c.id || ' --account 情况'
      from core.complaint c
     where c.status in ('registered', 'decided')
       and ((c.shared_at is not null and c.advisor_account is null and c.advisor_id = lib.caller_advisor(ctx))
            or (c.inst_due_on is not null and c.inst_account is null and lib.has_role(ctx, 'institution_admin')
                and (select org_id from core.advisor where id = c.advisor_id) = (ctx->>'org_id')::bigint))
$$;
