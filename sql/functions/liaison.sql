-- liaison.sql - the enterprise's monthly status to its advisor (P11).  The
-- contact of an enterprise with an advisor files one a month; whoever
-- sees its pairs reads them; the contact is reminded in the inbox while
-- last month's is missing, and supervisors list the enterprises that have
-- not reported.  Messages between an enterprise and its advisors, a
-- group's shared notes and the links between provincial and prefecture
-- advisors (below).

-- 'yyyy-mm' as the month's first day; empty: p_default.
create function lib.month_of(p_text text, p_default date) returns date
language plpgsql immutable as $$
begin
    if coalesce(p_text, '') = '' then
        return p_default;
    end if;
    if p_text !~ '^\d{4}-\d{2}$' then
        perform lib.fail('INVALID', format('月份“%s”应写作 yyyy-mm，如 2026-11', p_text));
    end if;
    return (p_text || '-01')::date;
exception when datetime_field_overflow or invalid_datetime_format then
    perform lib.fail('INVALID', format('月份“%s”不存在', p_text));
    return null;
end $$;

create function lib.monthly_json(r core.monthly_report) returns jsonb
language sql stable as $$
    select jsonb_build_object('id', r.id, 'enterprise_id', r.enterprise_id,
                              'enterprise_name', (select name from core.organisation where id = r.enterprise_id),
                              'month', to_char(r.month, 'YYYY-MM'), 'operations', r.operations, 'orders', r.orders,
                              'cash', r.cash, 'needs_changed', r.needs_changed, 'problems', r.problems,
                              'filed_at', lib.time_text(r.filed_at), 'secret', r.secret)
$$;

create function m.monthly_file(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_ent bigint := (ctx->>'org_id')::bigint;
    v_month date := lib.month_of(a->>'month', date_trunc('month', lib.today())::date);
    r core.monthly_report;
begin
    if not exists (select 1 from core.pairing p where p.enterprise_id = v_ent and p.until is null) then
        perform lib.fail('CONFLICT', '本企业目前没有结对的金融顾问，不必报送月度情况');
    end if;
    if v_month > date_trunc('month', lib.today())::date then
        perform lib.fail('INVALID', '不能报送以后月份的情况');
    end if;
    insert into core.monthly_report (enterprise_id, month, operations, orders, cash, needs_changed, problems, filed_by,
                                     secret)
    values (v_ent, v_month, btrim(coalesce(a->>'operations', '')), btrim(coalesce(a->>'orders', '')),
            btrim(coalesce(a->>'cash', '')), coalesce((a->>'needs_changed')::boolean, false),
            btrim(coalesce(a->>'problems', '')), (ctx->>'user_id')::bigint, coalesce((a->>'secret')::boolean, false))
    returning * into r;
    perform lib.set_object('monthly:' || r.id || ' enterprise:' || v_ent);
    return lib.monthly_json(r);
end $$;

create function m.monthly_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('reports', coalesce(jsonb_agg(lib.monthly_json(r) order by x.k), '[]'), array_agg(x.k order by x.k),
                    lib.page_limit(a))
      from (select r.id, lib.page_key(lib.page_desc((r.month - date '2000-01-01')::bigint), lib.page_num(r.id)) k
              from core.monthly_report r
             where (coalesce((a->>'enterprise_id')::bigint, 0) = 0 or r.enterprise_id = (a->>'enterprise_id')::bigint)
               and (coalesce(a->>'month', '') = '' or r.month = lib.month_of(a->>'month', null))
               and lib.sees_financing(ctx, r.enterprise_id)
               and (not r.secret or lib.reads_secrets(ctx, lib.enterprise_tier(r.enterprise_id)))
               and lib.page_key(lib.page_desc((r.month - date '2000-01-01')::bigint), lib.page_num(r.id))
                   > lib.page_after(a)
             order by 2 limit lib.page_limit(a) + 1) x
      join core.monthly_report r on r.id = x.id
$$;

-- The enterprises with an advisor (a live pair under a filed agreement)
-- whose month p_month has no report, among those the caller sees.
create function lib.monthly_missing(ctx jsonb, p_month date)
returns table (enterprise_id bigint, enterprise_name text, advisor_name text)
language sql stable as $$
    select p.enterprise_id, o.name, string_agg(ad.name, '、' order by ad.id)
      from core.pairing p join core.agreement g on g.pairing_id = p.id and g.status = 'filed'
      join core.organisation o on o.id = p.enterprise_id join core.advisor ad on ad.id = p.advisor_id
     where p.until is null and lib.sees_pair(ctx, p)
       and (g.filed_at at time zone 'Asia/Shanghai')::date < p_month + interval '1 month'
       and not exists (select 1 from core.monthly_report r where r.enterprise_id = p.enterprise_id and r.month = p_month)
     group by p.enterprise_id, o.name
$$;

create function m.monthly_missing(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('missing', coalesce(jsonb_agg(jsonb_build_object(
               'enterprise_id', x.enterprise_id, 'enterprise_name', x.enterprise_name,
               'advisor_name', x.advisor_name, 'month', to_char(x.m, 'YYYY-MM')) order by x.k), '[]'),
               array_agg(x.k order by x.k), lib.page_limit(a))
      from (select mm.*, v.m, lib.page_key(lib.page_num(mm.enterprise_id)) k
              from (select lib.month_of(a->>'month', (date_trunc('month', lib.today()) - interval '1 month')::date) m) v,
                   lib.monthly_missing(ctx, v.m) mm
             where lib.page_key(lib.page_num(mm.enterprise_id)) > lib.page_after(a)
             order by k limit lib.page_limit(a) + 1) x
$$;

-- ------------------------------------------------------------------ messages
-- An enterprise's contact and the advisors paired with it now write to
-- each other; whoever sees the enterprise's pairs reads the thread (a
-- message holding business secrets: the enterprise, its advisors, their
-- leader and the tier's owner); every reading is audited (message.list).
create function lib.enterprise_tier(p_ent bigint) returns text
language sql stable as $$
    select p.tier from core.pairing p where p.enterprise_id = p_ent order by p.until is null desc, p.id desc limit 1
$$;

create function lib.message_json(mg core.enterprise_message) returns jsonb
language sql stable as $$
    select jsonb_build_object('id', mg.id, 'enterprise_id', mg.enterprise_id,
                              'enterprise_name', (select name from core.organisation where id = mg.enterprise_id),
                              'side', mg.side,
                              'author', coalesce((select name from core.advisor where id = mg.advisor_id),
                                                 (select display_name from core.app_user where id = mg.created_by)),
                              'body', mg.body, 'secret', mg.secret, 'created_at', lib.time_text(mg.created_at))
$$;

create function m.message_send(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_ent bigint := coalesce(nullif((a->>'enterprise_id')::bigint, 0),
                             case when lib.has_role(ctx, 'enterprise_contact') then (ctx->>'org_id')::bigint end);
    v_adv bigint;
    mg core.enterprise_message;
begin
    if lib.has_role(ctx, 'enterprise_contact') and v_ent = (ctx->>'org_id')::bigint then
        if not exists (select 1 from core.pairing p where p.enterprise_id = v_ent and p.until is null) then
            perform lib.fail('CONFLICT', '本企业目前没有结对的金融顾问');
        end if;
    else
        select p.advisor_id into v_adv from core.pairing p
         where p.enterprise_id = v_ent and p.until is null and p.advisor_id = lib.caller_advisor(ctx);
        if v_adv is null then
            perform lib.fail('NOT_FOUND', '留言在企业联系人和与其结对的顾问之间：没有与您结对的该企业');
        end if;
    end if;
    insert into core.enterprise_message (enterprise_id, side, advisor_id, body, secret, created_by)
    values (v_ent, case when v_adv is null then 'enterprise' else 'advisor' end, v_adv, btrim(coalesce(a->>'body', '')),
            coalesce((a->>'secret')::boolean, false), (ctx->>'user_id')::bigint)
    returning * into mg;
    perform lib.set_object('message:' || mg.id || ' enterprise:' || v_ent || case when mg.secret then ' secret' else '' end);
    return lib.message_json(mg);
end $$;

create function lib.sees_message(ctx jsonb, mg core.enterprise_message) returns boolean
language sql stable as $$
    select coalesce(lib.sees_financing(ctx, mg.enterprise_id)
                    and (not mg.secret or lib.reads_secrets(ctx, lib.enterprise_tier(mg.enterprise_id))), false)
$$;

-- An enterprise's thread, newest first (the caller's own enterprise for a
-- contact).
create function m.message_list(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_ent bigint := coalesce(nullif((a->>'enterprise_id')::bigint, 0),
                             case when lib.has_role(ctx, 'enterprise_contact') then (ctx->>'org_id')::bigint end);
    v_out jsonb;
begin
    if v_ent is null or not coalesce(lib.sees_financing(ctx, v_ent), false) then
        perform lib.fail('NOT_FOUND', '企业不存在，或不是您服务的企业（--enterprise）');
    end if;
    select lib.page('messages', coalesce(jsonb_agg(lib.message_json(mg) order by x.k), '[]'),
                    array_agg(x.k order by x.k), lib.page_limit(a))
      into v_out
      from (select mg.id, lib.page_key(lib.page_desc(mg.created_at), lib.page_num(mg.id)) k
              from core.enterprise_message mg
             where mg.enterprise_id = v_ent and lib.sees_message(ctx, mg)
               and lib.page_key(lib.page_desc(mg.created_at), lib.page_num(mg.id)) > lib.page_after(a)
             order by 2 limit lib.page_limit(a) + 1) x
      join core.enterprise_message mg on mg.id = x.id;
    perform lib.set_object('messages enterprise:' || v_ent
                           || case when exists (select 1 from core.enterprise_message mg
                                                 where mg.enterprise_id = v_ent and mg.secret
                                                   and lib.sees_message(ctx, mg)) then ' secret' else '' end);
    return v_out;
end $$;

-- ------------------------------------------------------------------ advisor links
-- The prefecture office (for its own prefecture's advisors) or the
-- bureau links a provincial advisor with a prefecture advisor working on
-- the same prefecture; linked, they read each other's group notes on the
-- enterprises they both serve.
create function lib.link_json(l core.advisor_link) returns jsonb
language sql stable as $$
    select jsonb_build_object('id', l.id, 'province_advisor_id', l.province_advisor_id,
                              'province_advisor_name', (select name from core.advisor where id = l.province_advisor_id),
                              'prefecture_advisor_id', l.prefecture_advisor_id,
                              'prefecture_advisor_name', (select name from core.advisor where id = l.prefecture_advisor_id),
                              'prefecture_code', (select prefecture_code from core.advisor where id = l.prefecture_advisor_id),
                              'created_at', lib.time_text(l.created_at),
                              'ended_at', coalesce(lib.time_text(l.ended_at), ''))
$$;

create function lib.owns_link(ctx jsonb, p_pref_advisor bigint) returns boolean
language sql stable as $$
    select lib.has_role(ctx, 'bureau_admin')
        or (lib.has_role(ctx, 'prefecture_staff') and exists (
                select 1 from core.advisor ad where ad.id = p_pref_advisor and ad.prefecture_code = ctx->>'prefecture'))
$$;

create function m.colleague_link(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    pv core.advisor;
    pf core.advisor;
    l core.advisor_link;
begin
    select * into pv from core.advisor where id = (a->>'province_advisor_id')::bigint and status = 'active';
    select * into pf from core.advisor where id = (a->>'prefecture_advisor_id')::bigint and status = 'active';
    if pf.id is null or not (ctx->>'scope' = 'province' or pf.prefecture_code = ctx->>'prefecture') then
        perform lib.fail('NOT_FOUND', '市州顾问不存在（或不是本市州的在聘顾问）');
    end if;
    perform lib.require(lib.owns_link(ctx, pf.id), '顾问关联由该市州金融办或省局管理员建立');
    if pv.id is null or pv.tier <> 'province' then
        perform lib.fail('INVALID', '第一位应为在聘的省级顾问（--province）');
    end if;
    if pf.tier <> 'prefecture' then
        perform lib.fail('INVALID', '第二位应为在聘的市州顾问（--prefecture）');
    end if;
    if not exists (select 1 from core.pairing p join core.enterprise e on e.org_id = p.enterprise_id
                    where p.advisor_id = pv.id and p.until is null
                      and lib.prefecture_of(e.county_code) = pf.prefecture_code) then
        perform lib.fail('CONFLICT', format('%s目前没有服务%s的企业：关联的是在同一市州服务的顾问', pv.name,
                                            (select name from core.division where code = pf.prefecture_code)));
    end if;
    insert into core.advisor_link (province_advisor_id, prefecture_advisor_id, created_by)
    values (pv.id, pf.id, (ctx->>'user_id')::bigint) returning * into l;
    perform lib.set_object('link:' || l.id || ' advisor:' || pv.id || ' advisor:' || pf.id);
    return lib.link_json(l);
end $$;

create function m.colleague_unlink(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    l core.advisor_link;
begin
    select * into l from core.advisor_link where id = (a->>'id')::bigint for update;
    if not found or not lib.owns_link(ctx, l.prefecture_advisor_id) then
        perform lib.fail('NOT_FOUND', '顾问关联不存在');
    end if;
    if l.ended_at is not null then
        perform lib.fail('CONFLICT', '该关联已解除');
    end if;
    update core.advisor_link set ended_at = now(), ended_by = (ctx->>'user_id')::bigint where id = l.id returning * into l;
    perform lib.set_object('link:' || l.id);
    return lib.link_json(l);
end $$;

-- The links an office keeps, or an advisor's own.
create function m.colleague_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('links', coalesce(jsonb_agg(lib.link_json(l) order by x.k), '[]'), array_agg(x.k order by x.k),
                    lib.page_limit(a))
      from (select l.id, lib.page_key(lib.page_desc(l.id)) k
              from core.advisor_link l join core.advisor pf on pf.id = l.prefecture_advisor_id
             where (coalesce((a->>'history')::boolean, false) or l.ended_at is null)
               and (ctx->>'scope' = 'province' or (ctx->>'scope' = 'prefecture' and pf.prefecture_code = ctx->>'prefecture')
                    or lib.caller_advisor(ctx) in (l.province_advisor_id, l.prefecture_advisor_id))
               and lib.page_key(lib.page_desc(l.id)) > lib.page_after(a)
             order by 2 limit lib.page_limit(a) + 1) x
      join core.advisor_link l on l.id = x.id
$$;

-- ------------------------------------------------------------------ group notes
-- A member of a group (or its leader) shares a case or an answer with the
-- group, about one of the group's enterprises or none.  Read by the
-- group's current members and leader, the tier's owner (the bureau for a
-- provincial group, the prefecture office for its own), and - for a note
-- on an enterprise - an advisor linked with its author who serves that
-- enterprise too.  A note holding business secrets: not by officials other
-- than the tier's owner.  Every reading is audited (note.list).
create function lib.caller_group(ctx jsonb) returns bigint
language sql stable as $$
    select gm.group_id from core.group_membership gm
     where gm.advisor_id = lib.caller_advisor(ctx) and gm.until is null
    union all
    select g.id from core.service_group g where g.leader_id = lib.caller_advisor(ctx)
     limit 1
$$;

create function lib.sees_note(ctx jsonb, n core.group_note) returns boolean
language sql stable as $$
    select coalesce(case
        when ctx->>'scope' = 'province' then g.tier = 'province' or not n.secret
        when ctx->>'scope' = 'prefecture' then g.tier = 'prefecture' and g.prefecture_code = ctx->>'prefecture'
        else lib.caller_advisor(ctx) is not null and (
                 lib.caller_advisor(ctx) = g.leader_id
              or exists (select 1 from core.group_membership gm where gm.group_id = g.id and gm.until is null
                                                                  and gm.advisor_id = lib.caller_advisor(ctx))
              or (n.enterprise_id is not null
                  and exists (select 1 from core.advisor_link l
                               where l.ended_at is null
                                 and ((l.province_advisor_id = n.advisor_id and l.prefecture_advisor_id = lib.caller_advisor(ctx))
                                   or (l.prefecture_advisor_id = n.advisor_id and l.province_advisor_id = lib.caller_advisor(ctx))))
                  and exists (select 1 from core.pairing p where p.enterprise_id = n.enterprise_id and p.until is null
                                                            and p.advisor_id = lib.caller_advisor(ctx))))
        end
       and (not n.secret or lib.reads_secrets(ctx, g.tier) or ctx->>'scope' not in ('province', 'prefecture')), false)
      from core.service_group g where g.id = n.group_id
$$;

create function lib.note_json(n core.group_note) returns jsonb
language sql stable as $$
    select jsonb_build_object('id', n.id, 'group_id', n.group_id,
                              'group_name', (select name from core.service_group where id = n.group_id),
                              'advisor_id', n.advisor_id, 'author', (select name from core.advisor where id = n.advisor_id),
                              'enterprise_id', coalesce(n.enterprise_id, 0),
                              'enterprise_name', coalesce((select name from core.organisation where id = n.enterprise_id), ''),
                              'title', n.title, 'body', n.body, 'secret', n.secret,
                              'created_at', lib.time_text(n.created_at))
$$;

create function m.note_share(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_group bigint := lib.caller_group(ctx);
    v_ent bigint := nullif((a->>'enterprise_id')::bigint, 0);
    n core.group_note;
begin
    if v_group is null then
        perform lib.fail('REFUSED', '小组交流由小组成员（在聘顾问本人）发布：您目前不在任何小组中');
    end if;
    if v_ent is not null and not exists (
           select 1 from core.pairing p
            where p.enterprise_id = v_ent
              and (p.advisor_id in (select gm.advisor_id from core.group_membership gm
                                     where gm.group_id = v_group and gm.until is null)
                   or p.advisor_id = (select leader_id from core.service_group where id = v_group))) then
        perform lib.fail('INVALID', '所涉企业应是本组顾问结对服务的企业（--enterprise）');
    end if;
    insert into core.group_note (group_id, advisor_id, enterprise_id, title, body, secret, created_by)
    values (v_group, lib.caller_advisor(ctx), v_ent, btrim(coalesce(a->>'title', '')), btrim(coalesce(a->>'body', '')),
            coalesce((a->>'secret')::boolean, false), (ctx->>'user_id')::bigint)
    returning * into n;
    perform lib.set_object('note:' || n.id || ' group:' || v_group || coalesce(' enterprise:' || v_ent, ''));
    return lib.note_json(n);
end $$;

create function m.note_list(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_out jsonb;
    v_secret boolean;
begin
    select lib.page('notes', coalesce(jsonb_agg(lib.note_json(n) order by x.k), '[]'), array_agg(x.k order by x.k),
                    lib.page_limit(a)),
           coalesce(bool_or(n.secret), false)
      into v_out, v_secret
      from (select n.id, lib.page_key(lib.page_desc(n.created_at), lib.page_num(n.id)) k
              from core.group_note n
             where (coalesce((a->>'group_id')::bigint, 0) = 0 or n.group_id = (a->>'group_id')::bigint)
               and (coalesce((a->>'enterprise_id')::bigint, 0) = 0 or n.enterprise_id = (a->>'enterprise_id')::bigint)
               and lib.sees_note(ctx, n)
               and lib.page_key(lib.page_desc(n.created_at), lib.page_num(n.id)) > lib.page_after(a)
             order by 2 limit lib.page_limit(a) + 1) x
      join core.group_note n on n.id = x.id;
    perform lib.set_object('notes' || coalesce(' group:' || nullif((a->>'group_id')::bigint, 0), '')
                           || coalesce(' enterprise:' || nullif((a->>'enterprise_id')::bigint, 0), '')
                           || case when v_secret then ' secret' else '' end);
    return v_out;
end $$;

-- The contact is reminded while last month's report is missing.
create function lib.liaison_inbox(ctx jsonb)
returns table (kind text, at timestamptz, title text, detail text, object text, command text)
language sql stable as $$
    select 'monthly_due', date_trunc('month', lib.now()),
           to_char(date_trunc('month', lib.today()) - interval '1 month', 'YYYY"年"FMMM"月"') || '的月度情况尚未报送',
           '向金融顾问报送经营、订单、资金和融资需求的变化', 'monthly:' || mm.enterprise_id,
           'rongpei monthly file --month ' || to_char(date_trunc('month', lib.today()) - interval '1 month', 'YYYY-MM')
      from lib.monthly_missing(ctx, (date_trunc('month', lib.today()) - interval '1 month')::date) mm
     where lib.has_role(ctx, 'enterprise_contact') and mm.enterprise_id = (ctx->>'org_id')::bigint
    union all
    -- a thread whose last word is the enterprise's waits for its advisor's answer, and the other way round
    select case when mg.side = 'enterprise' then 'message_to_answer' else 'message_from_advisor' end, mg.created_at,
           case when mg.side = 'enterprise' then '企业留言待回复：' || o.name else '顾问留言：' || (lib.message_json(mg)->>'author') end,
           left(case when mg.secret then '（涉及商业秘密）' else mg.body end, 60), 'message:' || mg.id,
           'rongpei message list' || case when mg.side = 'enterprise' then ' --enterprise ' || mg.enterprise_id else '' end
      from (select distinct on (m0.enterprise_id) m0.* from core.enterprise_message m0
             where m0.created_at > lib.now() - interval '30 days'
             order by m0.enterprise_id, m0.created_at desc, m0.id desc) mg
      join core.organisation o on o.id = mg.enterprise_id
     where (mg.side = 'enterprise' and exists (select 1 from core.pairing p where p.enterprise_id = mg.enterprise_id
                                                    and p.until is null and p.advisor_id = lib.caller_advisor(ctx)))
        or (mg.side = 'advisor' and lib.has_role(ctx, 'enterprise_contact')
            and mg.enterprise_id = (ctx->>'org_id')::bigint)
$$;
