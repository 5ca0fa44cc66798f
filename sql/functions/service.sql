-- service.sql - the advisors' service work (P5) and their yearly
-- declaration (P13).
--
-- An advisor records a service for an enterprise paired with them under
-- its filed agreement, once they have made the year's declaration; other
-- advisors at the same meeting are named on the one record.  Its author
-- may correct it within service_correct_working_days working days of
-- recording it (each earlier version kept); after that only a new record
-- says more.  Nothing is deleted.  A record marked as holding business
-- secrets is seen only by the enterprise, its advisors, their group leader
-- and the tier's owner, and every reading of one is audited (service.show).
-- Supervisors see data checks (service.checks, and in their inbox).

-- ------------------------------------------------------------------ who
-- The caller's own active advisor (through its linked account), or null.
create function lib.caller_advisor(ctx jsonb) returns bigint
language sql stable as $$
    select ad.id from core.advisor ad
     where lib.has_role(ctx, 'advisor') and ad.user_id = (ctx->>'user_id')::bigint and ad.status = 'active'
     order by ad.id desc limit 1
$$;

-- Of those who see a pair, who may read what its records hold as business
-- secrets: the enterprise, its advisors and their leader (the pair decides
-- that), and the tier's owner - the bureau's administrator, or for a
-- prefecture-tier pair its prefecture's office - not other officials.
create function lib.reads_secrets(ctx jsonb, p_tier text) returns boolean
language sql stable as $$
    select ctx->>'scope' not in ('province', 'prefecture')
        or (ctx->>'scope' = 'province' and lib.has_role(ctx, 'bureau_admin'))
        or (ctx->>'scope' = 'prefecture' and lib.has_role(ctx, 'prefecture_staff') and p_tier = 'prefecture')
$$;

-- Who sees service record s: whoever sees its pair (the bureau or the
-- prefecture office for its tier, the advisor, the group leader, the
-- enterprise), and the co-advisors; a record holding business secrets
-- only the enterprise, its advisors, the leader and the tier's owner.
create function lib.sees_service(ctx jsonb, s core.service_record) returns boolean
language sql stable as $$
    select (lib.sees_pair(ctx, p)
            or (lib.has_role(ctx, 'advisor') and exists (
                    select 1 from core.advisor ad where ad.id = any (s.co_advisor_ids)
                                                    and ad.user_id = (ctx->>'user_id')::bigint)))
       and (not s.secret or lib.reads_secrets(ctx, s.tier))
      from core.agreement g join core.pairing p on p.id = g.pairing_id
     where g.id = s.agreement_id
$$;

-- ------------------------------------------------------------------ the declaration (P13)
create function lib.declaration_json(ctx jsonb, p_year int) returns jsonb
language sql stable as $$
    select jsonb_build_object('version', t.version, 'title', t.title, 'body', t.body, 'digest', t.digest,
                              'year', p_year, 'advisor_id', coalesce(lib.caller_advisor(ctx), 0),
                              'declared_at', coalesce((select lib.time_text(d.declared_at)
                                                         from core.advisor_declaration d
                                                        where d.advisor_id = lib.caller_advisor(ctx)
                                                          and d.year = p_year), ''))
      from core.declaration_text t order by t.version desc limit 1
$$;

create function m.declaration_show(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.declaration_json(ctx, coalesce(nullif((a->>'year')::int, 0), extract(year from lib.today())::int))
$$;

-- An advisor declares for this year (or, in December, the next): the text
-- read is named by its SM3 digest.
create function m.declaration_sign(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_adv bigint := lib.caller_advisor(ctx);
    v_this int := extract(year from lib.today())::int;
    v_year int := coalesce(nullif((a->>'year')::int, 0), v_this);
    t core.declaration_text;
begin
    if v_adv is null then
        perform lib.fail('REFUSED', '年度承诺由在聘的金融顾问本人作出（账户须已关联顾问）');
    end if;
    if v_year <> v_this and not (v_year = v_this + 1 and extract(month from lib.today()) = 12) then
        perform lib.fail('INVALID', format('只能为 %s 年（12 月起也可为下一年）作出承诺', v_this));
    end if;
    select * into t from core.declaration_text order by version desc limit 1;
    if coalesce(a->>'digest', '') <> t.digest then
        perform lib.fail('CONFLICT', '所读承诺书与当前版本的 SM3 摘要不符：请重新查看承诺书（rongpei declaration show）后再确认');
    end if;
    insert into core.advisor_declaration (advisor_id, year, version, digest, user_id)
    values (v_adv, v_year, t.version, t.digest, (ctx->>'user_id')::bigint);
    perform lib.set_object('advisor:' || v_adv || ' declaration:' || v_year);
    return lib.declaration_json(ctx, v_year);
end $$;

-- ------------------------------------------------------------------ records
-- The last day its author may correct record s; null while the calendar
-- of the days it runs into is not loaded (service.correct then says so).
create function lib.service_correctable_until(s core.service_record) returns date
language sql stable as $$
    select lib.deadline((s.created_at at time zone 'Asia/Shanghai')::date, lib.setting_int('service_correct_working_days'))
$$;

-- A record as the protocol's ServiceRecord; the notes of one holding
-- business secrets only when p_full (service.show, audited).
create function lib.service_json(s core.service_record, p_full boolean) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', s.id, 'agreement_id', s.agreement_id, 'enterprise_id', s.enterprise_id,
        'enterprise_name', (select name from core.organisation where id = s.enterprise_id),
        'advisor_id', s.advisor_id, 'advisor_name', (select name from core.advisor where id = s.advisor_id),
        'co_advisor_ids', to_jsonb(s.co_advisor_ids),
        'co_advisor_names', coalesce((select jsonb_agg(ad.name order by x.i) from unnest(s.co_advisor_ids)
                                      with ordinality x(id, i) join core.advisor ad on ad.id = x.id), '[]'),
        'served_on', s.served_on::text, 'mode', s.mode, 'prep_minutes', s.prep_minutes,
        'contact_minutes', s.contact_minutes, 'travel_minutes', s.travel_minutes, 'place', s.place,
        'attendees', s.attendees, 'topics', to_jsonb(s.topics),
        'notes', case when s.secret and not p_full then '（涉及商业秘密：用 rongpei service show 查看，查看留痕）'
                      else s.notes end,
        'secret', s.secret, 'version', s.version, 'created_at', lib.time_text(s.created_at),
        'correctable_until', coalesce(lib.service_correctable_until(s)::text, ''), 'year', s.year, 'tier', s.tier)
$$;

-- The fields of a record, checked: mode, topics, co-advisors, the day
-- within the agreement's term and not in the future.  Returns them
-- normalised (codes).
create function lib.check_service(ctx jsonb, g core.agreement, p_author bigint, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    v_day date;
    v_bad text;
    v_topics text[];
    v_co bigint[];
begin
    begin
        v_day := coalesce(nullif(a->>'served_on', ''), lib.today()::text)::date;
    exception when others then
        perform lib.fail('INVALID', format('服务日期“%s”应为 yyyy-mm-dd', a->>'served_on'));
    end;
    if v_day > lib.today() then
        perform lib.fail('INVALID', format('服务日期 %s 还没有到：只能记录已经进行的服务', v_day));
    end if;
    if v_day < g.term_start or v_day > g.term_end then
        perform lib.fail('INVALID', format('服务日期 %s 不在服务协议的服务期（%s 至 %s）内', v_day, g.term_start, g.term_end));
    end if;
    if coalesce(a->>'mode', '') not in ('on_site', 'at_institution', 'online', 'phone') then
        perform lib.fail('INVALID', '服务方式应为 上门 on_site、到访 at_institution、线上 online 或 电话 phone');
    end if;
    v_topics := lib.text_array(a->'topics');
    if cardinality(v_topics) = 0 then
        perform lib.fail('INVALID', '请至少选择一项服务事项（rongpei service record --help 列出全部事项）');
    end if;
    select string_agg(x, '、') into v_bad from unnest(v_topics) x where x not in (select code from core.service_topic);
    if v_bad is not null then
        perform lib.fail('INVALID', format('未知的服务事项：%s', v_bad));
    end if;
    select coalesce(array_agg(distinct x), '{}') into v_co
      from unnest(coalesce((select array_agg(e::bigint) from jsonb_array_elements_text(a->'co_advisor_ids') e), '{}')) x;
    if p_author = any (v_co) then
        perform lib.fail('INVALID', '共同服务的顾问不必包括记录人本人');
    end if;
    select string_agg(x::text, '、') into v_bad from unnest(v_co) x
     where not exists (select 1 from core.advisor ad where ad.id = x and ad.status = 'active');
    if v_bad is not null then
        perform lib.fail('INVALID', format('共同服务的顾问（编号 %s）不是在聘顾问', v_bad));
    end if;
    if length(btrim(coalesce(a->>'notes', ''))) < 10 then
        perform lib.fail('INVALID', '服务内容须写明（至少 10 个字）：谈了什么、给了什么建议、下一步做什么');
    end if;
    return jsonb_build_object('served_on', v_day, 'topics', to_jsonb(v_topics), 'co_advisor_ids', to_jsonb(v_co));
end $$;

-- The filed agreement under which the caller's advisor serves the
-- enterprise (or the agreement) a request names, or the call fails saying
-- why: not the caller's, or not filed yet.
create function lib.serving_agreement(ctx jsonb, a jsonb, p_what text) returns core.agreement
language plpgsql stable as $$
declare
    v_adv bigint := lib.caller_advisor(ctx);
    v_ent bigint := nullif((a->>'enterprise_id')::bigint, 0);
    g core.agreement;
begin
    if v_adv is null then
        perform lib.fail('REFUSED', format('%s由在聘的金融顾问本人进行（账户须已关联顾问）', p_what));
    end if;
    select gg.* into g from core.agreement gg join core.pairing pp on pp.id = gg.pairing_id
     where pp.advisor_id = v_adv and pp.until is null and gg.status = 'filed'
       and case when coalesce((a->>'agreement_id')::bigint, 0) <> 0 then gg.id = (a->>'agreement_id')::bigint
                else pp.enterprise_id = v_ent end
     order by gg.term_start desc limit 1;
    if not found then
        if exists (select 1 from core.pairing pp where pp.advisor_id = v_adv and pp.until is null
                                                   and pp.enterprise_id = v_ent) then
            perform lib.fail('CONFLICT', format('与该企业的服务协议尚未备案：协议双方签署并经备案后才能%s', p_what));
        end if;
        perform lib.fail('NOT_FOUND', '没有与您结对的该企业（或其服务协议）');
    end if;
    return g;
end $$;

-- An advisor records a service for an enterprise paired with them.
create function m.service_record(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_adv bigint := lib.caller_advisor(ctx);
    g core.agreement := lib.serving_agreement(ctx, a, '记录服务');
    p core.pairing;
    v jsonb;
    s core.service_record;
begin
    select * into p from core.pairing where id = g.pairing_id;
    v := lib.check_service(ctx, g, v_adv, a);
    if not exists (select 1 from core.advisor_declaration
                    where advisor_id = v_adv and year = extract(year from (v->>'served_on')::date)::int) then
        perform lib.fail('CONFLICT', format('请先作出 %s 年度承诺（rongpei declaration sign），再记录该年的服务',
                                            extract(year from (v->>'served_on')::date)));
    end if;
    insert into core.service_record (served_on, agreement_id, enterprise_id, advisor_id, co_advisor_ids, year, tier,
                                     mode, prep_minutes, contact_minutes, travel_minutes, place, attendees, topics,
                                     notes, secret, created_by)
    values ((v->>'served_on')::date, g.id, p.enterprise_id, v_adv, lib.id_array(v->'co_advisor_ids'), p.year, p.tier,
            a->>'mode', coalesce((a->>'prep_minutes')::int, 0), coalesce((a->>'contact_minutes')::int, 0),
            coalesce((a->>'travel_minutes')::int, 0), btrim(coalesce(a->>'place', '')),
            btrim(coalesce(a->>'attendees', '')), lib.text_array(v->'topics'), btrim(a->>'notes'),
            coalesce((a->>'secret')::boolean, false), (ctx->>'user_id')::bigint)
    returning * into s;
    perform lib.set_object('service:' || s.id || ' enterprise:' || s.enterprise_id);
    return lib.service_json(s, true);
end $$;

create function lib.id_array(p jsonb) returns bigint[]
language sql immutable as $$
    select coalesce(array_agg(x::bigint), '{}') from jsonb_array_elements_text(coalesce(p, '[]')) x
$$;

-- The record the caller may see, or NOT_FOUND.
create function lib.service_get(ctx jsonb, p_id bigint, p_lock boolean) returns core.service_record
language plpgsql as $$
declare
    s core.service_record;
begin
    if p_lock then
        select * into s from core.service_record where id = p_id for update;
    else
        select * into s from core.service_record where id = p_id;
    end if;
    if s.id is null or not coalesce(lib.sees_service(ctx, s), false) then
        perform lib.fail('NOT_FOUND', '服务记录不存在');
    end if;
    return s;
end $$;

-- Its author corrects it within the working days allowed: only the fields
-- given change; the version before is kept with the reason.
create function m.service_correct(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    s core.service_record := lib.service_get(ctx, (a->>'id')::bigint, true);
    g core.agreement;
    v_until date;
    v jsonb;
    n jsonb;
begin
    if s.advisor_id is distinct from lib.caller_advisor(ctx) then
        perform lib.fail('REFUSED', '只有记录人本人可以修改服务记录；其他人请另记一条');
    end if;
    v_until := lib.add_working_days((s.created_at at time zone 'Asia/Shanghai')::date,
                                    lib.setting_int('service_correct_working_days'));
    if lib.today() > v_until then
        perform lib.fail('CONFLICT', format('已过修改期限（记录后 %s 个工作日内，截至 %s）：如需补充或更正，请另记一条服务记录',
                                            lib.setting_int('service_correct_working_days'), v_until));
    end if;
    if length(btrim(coalesce(a->>'reason', ''))) < 2 then
        perform lib.fail('INVALID', '修改须说明理由（--reason）');
    end if;
    select * into g from core.agreement where id = s.agreement_id;
    n := jsonb_build_object('served_on', s.served_on::text, 'mode', s.mode, 'prep_minutes', s.prep_minutes,
                            'contact_minutes', s.contact_minutes, 'travel_minutes', s.travel_minutes,
                            'place', s.place, 'attendees', s.attendees, 'topics', to_jsonb(s.topics),
                            'notes', s.notes, 'secret', s.secret, 'co_advisor_ids', to_jsonb(s.co_advisor_ids))
         || (lib.given(a) - array['id', 'reason', 'agreement_id', 'enterprise_id', 'advisor_id']);
    v := lib.check_service(ctx, g, s.advisor_id, n);
    insert into core.service_record_history (record_id, version, data, reason, changed_by)
    values (s.id, s.version, lib.service_json(s, true), btrim(a->>'reason'), (ctx->>'user_id')::bigint);
    update core.service_record
       set served_on = (v->>'served_on')::date, mode = n->>'mode', prep_minutes = (n->>'prep_minutes')::int,
           contact_minutes = (n->>'contact_minutes')::int, travel_minutes = (n->>'travel_minutes')::int,
           place = btrim(n->>'place'), attendees = btrim(n->>'attendees'), topics = lib.text_array(v->'topics'),
           notes = btrim(n->>'notes'), secret = (n->>'secret')::boolean,
           co_advisor_ids = lib.id_array(v->'co_advisor_ids'), version = s.version + 1,
           updated_by = (ctx->>'user_id')::bigint, updated_at = now()
     where id = s.id
    returning * into s;
    perform lib.set_object('service:' || s.id || ' enterprise:' || s.enterprise_id);
    return lib.service_json(s, true);
end $$;

-- The records the caller sees, newest first, by enterprise, advisor
-- (recording or co-serving) and dates.  A secret record's notes are not
-- in a list.
-- Planned for the arguments of each call (plan_cache_mode): a filter not
-- given folds away, and the one given uses its index - a generic plan
-- would scan every partition.
create function m.service_list(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable set plan_cache_mode = force_custom_plan as $$
declare
    v_from date;
    v_to date;
begin
    begin
        v_from := nullif(a->>'from', '')::date;
        v_to := nullif(a->>'to', '')::date;
    exception when others then
        perform lib.fail('INVALID', '日期应为 yyyy-mm-dd（--from、--to）');
    end;
    return (
    select lib.page('services', coalesce(jsonb_agg(lib.service_json(s, false) order by x.k), '[]'),
                    array_agg(x.k order by x.k), lib.page_limit(a))
      from (select s.id, s.served_on,
                   lib.page_key(lib.page_desc((s.served_on - date '2000-01-01')::bigint), lib.page_desc(s.id)) k
              from core.service_record s
              -- lib.sees_service, written out so that it is planned with the query, not called row by row
              join core.agreement g on g.id = s.agreement_id join core.pairing p on p.id = g.pairing_id
             where (coalesce((a->>'enterprise_id')::bigint, 0) = 0 or s.enterprise_id = (a->>'enterprise_id')::bigint)
               and (coalesce((a->>'advisor_id')::bigint, 0) = 0 or s.advisor_id = (a->>'advisor_id')::bigint
                    or (a->>'advisor_id')::bigint = any (s.co_advisor_ids))
               and (coalesce((a->>'year')::int, 0) = 0 or s.year = (a->>'year')::int)
               and (v_from is null or s.served_on >= v_from) and (v_to is null or s.served_on <= v_to)
               and (lib.sees_pair(ctx, p)
                    or (lib.has_role(ctx, 'advisor') and exists (
                            select 1 from core.advisor ad where ad.id = any (s.co_advisor_ids)
                                                            and ad.user_id = (ctx->>'user_id')::bigint)))
               and (not s.secret or lib.reads_secrets(ctx, s.tier))
               and lib.page_key(lib.page_desc((s.served_on - date '2000-01-01')::bigint), lib.page_desc(s.id))
                   > lib.page_after(a)
             order by s.served_on desc, s.id desc limit lib.page_limit(a) + 1) x
      join core.service_record s on s.id = x.id and s.served_on = x.served_on);
end $$;

-- One record whole, with every earlier version (audited: it may hold
-- business secrets).
create function m.service_show(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    s core.service_record := lib.service_get(ctx, (a->>'id')::bigint, false);
begin
    perform lib.set_object('service:' || s.id || ' enterprise:' || s.enterprise_id
                           || case when s.secret then ' secret' else '' end);
    return jsonb_build_object(
        'record', lib.service_json(s, true),
        'history', coalesce((select jsonb_agg(jsonb_build_object(
                                 'version', h.version, 'changed_at', lib.time_text(h.changed_at),
                                 'changed_by', (select display_name from core.app_user where id = h.changed_by),
                                 'reason', h.reason, 'record', h.data) order by h.version)
                               from core.service_record_history h where h.record_id = s.id), '[]'));
end $$;

-- ------------------------------------------------------------------ data checks
-- What a supervisor looks at: enterprises without a service for so many
-- days, services without contact time or with a bare note, advisors with
-- no service this month, agreements filed without a first service in
-- time.  Each over what the caller sees of the pairs.
create function lib.service_checks(ctx jsonb, p_idle int)
returns table (kind text, pos int, title text, advisor_name text, enterprise_name text, detail text,
               object_id bigint)
language sql stable as $$
    with live as (
        select p.*, g.id agreement_id, g.filed_at, ad.name adv_name, eo.name ent_name
          from core.pairing p join core.agreement g on g.pairing_id = p.id and g.status = 'filed'
          join core.advisor ad on ad.id = p.advisor_id join core.organisation eo on eo.id = p.enterprise_id
         where p.until is null and lib.sees_pair(ctx, p)),
    last as (
        select l.*, (select max(s.served_on) from core.service_record s where s.agreement_id = l.agreement_id) last_on
          from live l)
    select 'idle_enterprise', 1, format('%s 天没有服务记录', p_idle), l.adv_name, l.ent_name,
           case when l.last_on is null then '尚无服务记录' else '最近一次服务：' || l.last_on end, l.enterprise_id
      from last l
     where coalesce(l.last_on, (l.filed_at at time zone 'Asia/Shanghai')::date) < lib.today() - p_idle
    union all
    select 'late_first', 2, format('协议备案 %s 天内没有第一次服务', lib.setting_int('service_first_days')),
           l.adv_name, l.ent_name, '备案于 ' || (l.filed_at at time zone 'Asia/Shanghai')::date, l.agreement_id
      from last l
     where (l.filed_at at time zone 'Asia/Shanghai')::date + lib.setting_int('service_first_days')
           < coalesce((select min(s.served_on) from core.service_record s where s.agreement_id = l.agreement_id),
                      lib.today())
    union all
    select 'idle_advisor', 3, '本月尚无服务记录', min(l.adv_name), string_agg(l.ent_name, '、' order by l.ent_name),
           '结对企业 ' || count(*) || ' 家', l.advisor_id
      from live l
     where not exists (select 1 from core.service_record s
                        where (s.advisor_id = l.advisor_id or l.advisor_id = any (s.co_advisor_ids))
                          and s.served_on >= date_trunc('month', lib.today())::date)
     group by l.advisor_id
    union all
    select 'incomplete', 4, case when s.contact_minutes = 0 then '服务记录没有交流时间' else '服务内容过于简略' end,
           (select name from core.advisor where id = s.advisor_id), l.ent_name,
           s.served_on || ' 的服务记录（编号 ' || s.id || '）', s.id
      from live l join core.service_record s on s.agreement_id = l.agreement_id
     where s.served_on >= lib.today() - 90 and (s.contact_minutes = 0 or length(btrim(s.notes)) < 20)
$$;

create function m.service_checks(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('checks', coalesce(jsonb_agg(jsonb_build_object(
               'kind', x.kind, 'title', x.title, 'advisor_name', x.advisor_name,
               'enterprise_name', x.enterprise_name, 'detail', x.detail, 'object_id', x.object_id) order by x.k), '[]'),
               array_agg(x.k order by x.k), lib.page_limit(a))
      from (select c.*, lib.page_key(c.pos::text, lib.page_num(c.object_id)) k
              from lib.service_checks(ctx, coalesce(nullif((a->>'idle_days')::int, 0),
                                                    lib.setting_int('service_idle_days'))) c
             where lib.page_key(c.pos::text, lib.page_num(c.object_id)) > lib.page_after(a)
             order by k limit lib.page_limit(a) + 1) x
$$;

-- The service work's inbox items: the year's declaration due (advisors with
-- pairs), the data checks for the tier's owner (one item a kind).  They
-- are dated by the day, so that the inbox pages the same on every call.
create function lib.service_inbox(ctx jsonb)
returns table (kind text, at timestamptz, title text, detail text, object text, command text)
language sql stable as $$
    select 'declaration_due', date_trunc('day', lib.now()), extract(year from lib.today()) || ' 年度承诺尚未作出',
           '作出承诺后才能记录本年的服务', 'advisor:' || ad.id, 'rongpei declaration sign'
      from core.advisor ad
     where ad.id = lib.caller_advisor(ctx)
       and exists (select 1 from core.pairing p where p.advisor_id = ad.id and p.until is null)
       and not exists (select 1 from core.advisor_declaration d
                        where d.advisor_id = ad.id and d.year = extract(year from lib.today())::int)
    union all
    select 'service_check', date_trunc('day', lib.now()), min(c.title) || '：' || count(*) || ' 项',
           left(string_agg(coalesce(c.enterprise_name, c.advisor_name), '、' order by c.object_id), 120),
           'check:' || c.kind,
           'rongpei service checks'
      from lib.service_checks(ctx, lib.setting_int('service_idle_days')) c
     where lib.has_role(ctx, 'bureau_admin') or lib.has_role(ctx, 'prefecture_staff')
     group by c.kind
$$;
