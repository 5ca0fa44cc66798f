-- questions.sql - an enterprise's questions and where they go (P10).
--
-- The enterprise's contact (or its advisor on its behalf) asks; the
-- question goes to the enterprise's advisor.  The advisor answers, or
-- escalates it to the group with a reason; the group's leader answers,
-- gives it to a member, or escalates it to the bureau (the prefecture
-- office for a prefecture-tier pair) with a reason; the bureau answers.
-- Each level has its own deadline, question_days_<level> working days
-- after the day it arrived there (lib.deadline: null - 待定 - while the
-- calendar of a year it counts into is not loaded).  The enterprise
-- confirms the answer: resolved (with a rating), or not, with a reason,
-- which reopens it at the level that answered.  Every step is kept
-- (core.question_event).  Past its deadline a question is overdue: the
-- level above and the bureau see it in their inbox and in question.list
-- with overdue.

-- The level's deadline from today.
create function lib.question_due(p_level text) returns date
language sql stable as $$
    select lib.deadline(lib.today(), lib.setting_int('question_days_' || p_level))
$$;

-- The caller holds q at its level: may answer, escalate or assign it.
create function lib.holds_question(ctx jsonb, q core.question) returns boolean
language sql stable as $$
    select coalesce(case q.level
        when 'advisor' then exists (select 1 from core.pairing p where p.enterprise_id = q.enterprise_id
                                                                and p.until is null
                                                                and p.advisor_id = lib.caller_advisor(ctx))
        when 'group' then lib.caller_advisor(ctx) in ((select leader_id from core.service_group where id = q.group_id),
                                                      q.assignee_id)
        else case when q.forwarded_to is not null
                       and (lib.has_role(ctx, 'institution_admin') or lib.has_role(ctx, 'institution_staff'))
                       then q.forwarded_to = (ctx->>'org_id')::bigint
                  when q.tier = 'province' then ctx->>'scope' = 'province'
                                              and (lib.has_role(ctx, 'bureau_admin') or lib.has_role(ctx, 'bureau_staff'))
                  else lib.has_role(ctx, 'prefecture_staff') and q.prefecture_code = ctx->>'prefecture' end
    end, false)
$$;

-- Who sees q: the enterprise; its advisors; the group it went to (leader
-- and members); the bureau, and a prefecture office its prefecture's.  A
-- question holding business secrets: among officials only the tier's owner.
create function lib.sees_question(ctx jsonb, q core.question) returns boolean
language sql stable as $$
    select coalesce(case ctx->>'scope'
        when 'province' then not q.secret or lib.reads_secrets(ctx, q.tier)
        when 'prefecture' then q.prefecture_code = ctx->>'prefecture' and (not q.secret or lib.reads_secrets(ctx, q.tier))
        else (lib.has_role(ctx, 'enterprise_contact') and q.enterprise_id = (ctx->>'org_id')::bigint)
          -- the body the bureau forwarded it to
          or ((lib.has_role(ctx, 'institution_admin') or lib.has_role(ctx, 'institution_staff'))
              and q.forwarded_to = (ctx->>'org_id')::bigint)
          or (lib.caller_advisor(ctx) is not null
              and (q.advisor_id = lib.caller_advisor(ctx) or q.assignee_id = lib.caller_advisor(ctx)
                   or exists (select 1 from core.pairing p where p.enterprise_id = q.enterprise_id and p.until is null
                                                            and p.advisor_id = lib.caller_advisor(ctx))
                   or exists (select 1 from core.service_group g where g.id = q.group_id
                                                                   and g.leader_id = lib.caller_advisor(ctx))
                   or exists (select 1 from core.group_membership gm where gm.group_id = q.group_id and gm.until is null
                                                                     and gm.advisor_id = lib.caller_advisor(ctx))))
    end, false)
$$;

create function lib.question_json(q core.question) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', q.id, 'enterprise_id', q.enterprise_id,
        'enterprise_name', (select name from core.organisation where id = q.enterprise_id),
        'tier', q.tier, 'topic', q.topic, 'body', q.body, 'secret', q.secret, 'level', q.level,
        'advisor_name', (select name from core.advisor where id = q.advisor_id),
        'group_name', coalesce((select name from core.service_group where id = q.group_id), ''),
        'assignee_name', coalesce((select name from core.advisor where id = q.assignee_id), ''),
        'forwarded_to', coalesce((select name from core.organisation where id = q.forwarded_to), ''),
        'status', q.status, 'received_on', q.received_on::text,
        'due_on', coalesce(q.due_on::text, '待定'),
        'days_left', coalesce(case when q.status = 'open' and q.due_on is not null
                                   then lib.working_days_between(lib.today(), q.due_on) end, 0),
        'due_pending', q.status = 'open' and q.due_on is null,
        'overdue', q.status = 'open' and q.due_on < lib.today(),
        'answer', coalesce(q.answer, ''), 'answered_level', coalesce(q.answered_level, ''),
        'answered_at', coalesce(lib.time_text(q.answered_at), ''), 'rating', coalesce(q.rating, 0),
        'created_at', lib.time_text(q.created_at))
$$;

create function lib.question_event(p_q bigint, p_kind text, p_level text, p_reason text, ctx jsonb) returns void
language sql as $$
    insert into core.question_event (question_id, kind, level, reason, by_user)
    values (p_q, p_kind, p_level, coalesce(p_reason, ''), (ctx->>'user_id')::bigint)
$$;

create function lib.question_get(ctx jsonb, p_id bigint) returns core.question
language plpgsql as $$
declare
    q core.question;
begin
    select * into q from core.question where id = p_id for update;
    if not found or not lib.sees_question(ctx, q) then
        perform lib.fail('NOT_FOUND', '问题不存在');
    end if;
    return q;
end $$;

-- The enterprise's contact asks (or its advisor on its behalf).
create function m.question_ask(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_ent bigint := coalesce(nullif((a->>'enterprise_id')::bigint, 0),
                             case when lib.has_role(ctx, 'enterprise_contact') then (ctx->>'org_id')::bigint end);
    p core.pairing;
    q core.question;
begin
    select pp.* into p from core.pairing pp
     where pp.enterprise_id = v_ent and pp.until is null
       and ((lib.has_role(ctx, 'enterprise_contact') and v_ent = (ctx->>'org_id')::bigint)
            or pp.advisor_id = lib.caller_advisor(ctx))
     order by pp.role = 'primary' desc, pp.tier = 'province' desc, pp.id limit 1;
    if not found then
        if lib.has_role(ctx, 'enterprise_contact') and v_ent = (ctx->>'org_id')::bigint then
            perform lib.fail('CONFLICT', '本企业目前没有结对的金融顾问：问题先交给顾问');
        end if;
        perform lib.fail('NOT_FOUND', '问题由企业联系人提出，或由其结对顾问代为提出：没有与您结对的该企业');
    end if;
    if not exists (select 1 from core.service_topic where code = a->>'topic') then
        perform lib.fail('INVALID', '请给出问题的类别（--topic，服务事项之一）');
    end if;
    insert into core.question (enterprise_id, tier, prefecture_code, topic, body, secret, advisor_id, received_on,
                               due_on, asked_by)
    values (v_ent, p.tier, (select lib.prefecture_of(e.county_code) from core.enterprise e where e.org_id = v_ent),
            a->>'topic', btrim(coalesce(a->>'body', '')), coalesce((a->>'secret')::boolean, false), p.advisor_id,
            lib.today(), lib.question_due('advisor'), (ctx->>'user_id')::bigint)
    returning * into q;
    perform lib.question_event(q.id, 'asked', 'advisor', '', ctx);
    perform lib.set_object('question:' || q.id || ' enterprise:' || v_ent);
    return lib.question_json(q);
end $$;

-- Whoever holds it answers.
create function m.question_answer(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    q core.question := lib.question_get(ctx, (a->>'id')::bigint);
begin
    perform lib.require(lib.holds_question(ctx, q), '该问题目前不在您这一级：' ||
                        case q.level when 'advisor' then '由企业的结对顾问答复' when 'group' then '由小组组长或其指定的组员答复'
                                     else '由省局（市州金融办）答复' end);
    if q.status <> 'open' then
        perform lib.fail('CONFLICT', '该问题已答复');
    end if;
    if length(btrim(coalesce(a->>'answer', ''))) < 5 then
        perform lib.fail('INVALID', '请写明答复（--answer，至少 5 个字）');
    end if;
    update core.question set status = 'answered', answer = btrim(a->>'answer'), answered_level = q.level,
                             answered_by = (ctx->>'user_id')::bigint, answered_at = now()
     where id = q.id returning * into q;
    perform lib.question_event(q.id, 'answered', q.level, '', ctx);
    perform lib.set_object('question:' || q.id || ' enterprise:' || q.enterprise_id);
    return lib.question_json(q);
end $$;

-- Up a level with a reason: the advisor to its group, the group to the
-- bureau (or the prefecture office).
create function m.question_escalate(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    q core.question := lib.question_get(ctx, (a->>'id')::bigint);
    v_group bigint;
    v_to text;
begin
    perform lib.require(lib.holds_question(ctx, q), '只有该问题目前所在一级可以将其升级');
    if q.status <> 'open' then
        perform lib.fail('CONFLICT', '该问题已答复');
    end if;
    if q.level = 'bureau' then
        perform lib.fail('CONFLICT', '该问题已在省局（市州金融办），不能再升级');
    end if;
    if length(btrim(coalesce(a->>'reason', ''))) < 4 then
        perform lib.fail('INVALID', '升级须说明理由（--reason，至少 4 个字）');
    end if;
    if q.level = 'advisor' then
        select gm.group_id into v_group from core.group_membership gm
         where gm.advisor_id = q.advisor_id and gm.until is null;
        v_group := coalesce(v_group, (select id from core.service_group where leader_id = q.advisor_id
                                       order by year desc limit 1));
        v_to := case when v_group is null then 'bureau' else 'group' end;
    else
        v_group := q.group_id;
        v_to := 'bureau';
    end if;
    update core.question set level = v_to, group_id = v_group, assignee_id = null, received_on = lib.today(),
                             due_on = lib.question_due(v_to)
     where id = q.id returning * into q;
    perform lib.question_event(q.id, 'escalated', v_to, btrim(a->>'reason'), ctx);
    perform lib.set_object('question:' || q.id || ' enterprise:' || q.enterprise_id);
    return lib.question_json(q);
end $$;

-- The group's leader gives it to a member of the group.
create function m.question_assign(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    q core.question := lib.question_get(ctx, (a->>'id')::bigint);
begin
    perform lib.require(q.level = 'group' and lib.caller_advisor(ctx) =
                        (select leader_id from core.service_group where id = q.group_id),
                        '只有小组组长可以把小组收到的问题交给组员');
    if q.status <> 'open' then
        perform lib.fail('CONFLICT', '该问题已答复');
    end if;
    if not exists (select 1 from core.group_membership gm where gm.group_id = q.group_id and gm.until is null
                                                            and gm.advisor_id = (a->>'advisor_id')::bigint) then
        perform lib.fail('INVALID', '请指定本组的一位组员（--to）');
    end if;
    update core.question set assignee_id = (a->>'advisor_id')::bigint where id = q.id returning * into q;
    perform lib.question_event(q.id, 'assigned', 'group',
                               (select name from core.advisor where id = q.assignee_id), ctx);
    perform lib.set_object('question:' || q.id || ' advisor:' || q.assignee_id);
    return lib.question_json(q);
end $$;

-- The bureau (or prefecture office) holding it forwards it to the body
-- concerned - a department or institution of the program - whose users
-- then answer it; the bureau stays responsible for the deadline and may
-- still answer itself.
create function m.question_forward(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    q core.question := lib.question_get(ctx, (a->>'id')::bigint);
begin
    perform lib.require(q.level = 'bureau' and lib.holds_question(ctx, q)
                        and not (lib.has_role(ctx, 'institution_admin') or lib.has_role(ctx, 'institution_staff')),
                        '只有问题所在的省局（市州金融办）可以转交有关部门或机构');
    if q.status <> 'open' then
        perform lib.fail('CONFLICT', '该问题已答复');
    end if;
    if not exists (select 1 from core.organisation o where o.id = (a->>'org_id')::bigint and o.kind = 'institution'
                                                       and not o.disabled) then
        perform lib.fail('INVALID', '请指定转交的部门或机构（--to，系统中在用的机构）');
    end if;
    if length(btrim(coalesce(a->>'reason', ''))) < 4 then
        perform lib.fail('INVALID', '转交须说明理由（--reason）');
    end if;
    update core.question set forwarded_to = (a->>'org_id')::bigint where id = q.id returning * into q;
    perform lib.question_event(q.id, 'forwarded', 'bureau',
                               (select name from core.organisation where id = q.forwarded_to) || '：' || btrim(a->>'reason'), ctx);
    perform lib.set_object('question:' || q.id || ' org:' || q.forwarded_to);
    return lib.question_json(q);
end $$;

-- The enterprise confirms: resolved with a rating, or not with a reason
-- (then it reopens at the level that answered, with a new deadline).
create function m.question_confirm(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    q core.question := lib.question_get(ctx, (a->>'id')::bigint);
    v_ok boolean := coalesce((a->>'resolved')::boolean, false);
begin
    perform lib.require(lib.has_role(ctx, 'enterprise_contact') and q.enterprise_id = (ctx->>'org_id')::bigint,
                        '答复由提问的企业确认');
    if q.status <> 'answered' then
        perform lib.fail('CONFLICT', case q.status when 'open' then '该问题尚未答复' else '该问题已确认解决' end);
    end if;
    if v_ok and coalesce((a->>'rating')::int, 0) not between 1 and 5 then
        perform lib.fail('INVALID', '请为答复评分（--rating，1 至 5）');
    end if;
    if not v_ok and length(btrim(coalesce(a->>'reason', ''))) < 4 then
        perform lib.fail('INVALID', '未解决须说明原因（--reason，至少 4 个字），问题将退回答复的一级重新办理');
    end if;
    if v_ok then
        update core.question set status = 'resolved', rating = (a->>'rating')::int where id = q.id returning * into q;
        perform lib.question_event(q.id, 'resolved', q.level, '', ctx);
    else
        update core.question set status = 'open', level = q.answered_level, answer = null, answered_by = null,
                                 answered_at = null, received_on = lib.today(), due_on = lib.question_due(q.answered_level)
         where id = q.id returning * into q;
        perform lib.question_event(q.id, 'reopened', q.level, btrim(a->>'reason'), ctx);
    end if;
    perform lib.set_object('question:' || q.id || ' enterprise:' || q.enterprise_id);
    return lib.question_json(q);
end $$;

create function m.question_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('questions', coalesce(jsonb_agg(lib.question_json(q) order by x.k), '[]'),
                    array_agg(x.k order by x.k), lib.page_limit(a))
      from (select q.id, lib.page_key(lib.page_desc(q.created_at), lib.page_num(q.id)) k
              from core.question q
             where (coalesce((a->>'enterprise_id')::bigint, 0) = 0 or q.enterprise_id = (a->>'enterprise_id')::bigint)
               and (coalesce(a->>'status', '') = '' or q.status = a->>'status')
               and (coalesce(a->>'level', '') = '' or q.level = a->>'level')
               and (not coalesce((a->>'overdue')::boolean, false) or (q.status = 'open' and q.due_on < lib.today()))
               and (not coalesce((a->>'mine')::boolean, false) or (q.status = 'open' and lib.holds_question(ctx, q)))
               and lib.sees_question(ctx, q)
               and lib.page_key(lib.page_desc(q.created_at), lib.page_num(q.id)) > lib.page_after(a)
             order by 2 limit lib.page_limit(a) + 1) x
      join core.question q on q.id = x.id
$$;

-- One question with every step it took.
create function m.question_show(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    q core.question;
begin
    select * into q from core.question where id = (a->>'id')::bigint;
    if not found or not lib.sees_question(ctx, q) then
        perform lib.fail('NOT_FOUND', '问题不存在');
    end if;
    perform lib.set_object('question:' || q.id || case when q.secret then ' secret' else '' end);
    return jsonb_build_object('question', lib.question_json(q),
        'events', coalesce((select jsonb_agg(jsonb_build_object(
                                'kind', e.kind, 'level', e.level, 'reason', e.reason, 'at', lib.time_text(e.at),
                                'by', (select display_name from core.app_user where id = e.by_user)) order by e.id)
                              from core.question_event e where e.question_id = q.id), '[]'));
end $$;

-- The knowledge base: answered questions without business secrets, for
-- advisors and the bureau to search (the enterprise not named).
create function m.question_search(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('answers', coalesce(jsonb_agg(jsonb_build_object(
               'id', q.id, 'topic', q.topic, 'body', q.body, 'answer', q.answer, 'answered_level', q.answered_level,
               'answered_at', lib.time_text(q.answered_at)) order by x.k), '[]'),
               array_agg(x.k order by x.k), lib.page_limit(a))
      from (select q.id, lib.page_key(lib.page_desc(q.answered_at), lib.page_num(q.id)) k
              from core.question q
             where q.status <> 'open' and not q.secret
               and (coalesce(a->>'topic', '') = '' or q.topic = a->>'topic')
               and (coalesce(a->>'text', '') = '' or q.body ilike '%' || (a->>'text') || '%'
                    or q.answer ilike '%' || (a->>'text') || '%')
               and lib.page_key(lib.page_desc(q.answered_at), lib.page_num(q.id)) > lib.page_after(a)
             order by 2 limit lib.page_limit(a) + 1) x
      join core.question q on q.id = x.id
$$;

-- What waits: the questions the caller holds; overdue ones for the level
-- above (督办) and the tier's owner; answers for the enterprise to
-- confirm; for the bureau, deadlines pending a calendar not yet loaded.
create function lib.question_inbox(ctx jsonb)
returns table (kind text, at timestamptz, title text, detail text, object text, command text)
language sql stable as $$
    select 'question_to_answer', q.received_on::timestamptz, '待答复的问题：' || o.name,
           coalesce('应于 ' || q.due_on || ' 前答复', '答复期限待定（工作日安排未载入）'), 'question:' || q.id,
           'rongpei question answer ' || q.id || ' --answer 答复'
      from core.question q join core.organisation o on o.id = q.enterprise_id
     where q.status = 'open' and lib.holds_question(ctx, q) and lib.sees_question(ctx, q)
    union all
    select 'question_overdue', q.due_on::timestamptz, '问题逾期未答复（督办）：' || o.name,
           case q.level when 'advisor' then '顾问 ' || (select name from core.advisor where id = q.advisor_id)
                        when 'group' then (select name from core.service_group where id = q.group_id)
                        else '本级' end || '，应于 ' || q.due_on || ' 前答复', 'question:' || q.id,
           'rongpei question list --overdue'
      from core.question q join core.organisation o on o.id = q.enterprise_id
     where q.status = 'open' and q.due_on < lib.today() and not lib.holds_question(ctx, q)
       and ((lib.has_role(ctx, 'bureau_admin') and q.tier = 'province')
            or (lib.has_role(ctx, 'prefecture_staff') and q.tier = 'prefecture' and q.prefecture_code = ctx->>'prefecture')
            or (q.level = 'advisor' and lib.caller_advisor(ctx) is not null and exists (
                    select 1 from core.service_group g join core.group_membership gm on gm.group_id = g.id
                     where gm.advisor_id = q.advisor_id and gm.until is null and g.leader_id = lib.caller_advisor(ctx))))
    union all
    select 'question_to_confirm', q.answered_at, '问题已答复，请确认：' || left(q.body, 20), left(q.answer, 60),
           'question:' || q.id, 'rongpei question confirm ' || q.id || ' --resolved --rating 5'
      from core.question q
     where q.status = 'answered' and lib.has_role(ctx, 'enterprise_contact') and q.enterprise_id = (ctx->>'org_id')::bigint
    union all
    select 'calendar_to_load', min(q.received_on)::timestamptz,
           '有 ' || count(*) || ' 个问题的答复期限待定', '请载入下一年度的工作日安排（rongpei calendar load）',
           'calendar', 'rongpei calendar load --year ' || (extract(year from lib.today())::int + 1)
      from core.question q
     where q.status = 'open' and q.due_on is null and lib.has_role(ctx, 'bureau_admin')
    having count(*) > 0
$$;
