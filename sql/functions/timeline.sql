-- timeline.sql - an enterprise's whole cultivation across the years (P20),
-- oldest first: listing, removal or leaving, its advisors and agreements, the
-- services, needs, plans, referrals and their answers, outcomes, risk warnings
-- and monthly reports.  Whoever sees the enterprise's pairs sees it; a
-- service holding business secrets appears without its notes to those
-- who may not read them (worked out for each page's rows only).
create function lib.timeline_events(ctx jsonb, p_ent bigint)
returns table (on_day date, kind text, title text, detail text, object text)
language sql stable as $$
    select (k.created_at at time zone 'Asia/Shanghai')::date, 'listed',
           k.year || ' 年列入' || case k.tier when 'province' then '省级' else '市州' end || '重点企业名单',
           case k.source when 'carried' then '延续（' || k.since_year || ' 年起）' else '新推荐' end, 'entry:' || k.id
      from core.key_enterprise k where k.enterprise_id = p_ent
    union all
    select (k.removed_at at time zone 'Asia/Shanghai')::date, 'removed', k.year || ' 年移出名单', coalesce(k.removed_reason, ''),
           'entry:' || k.id
      from core.key_enterprise k where k.enterprise_id = p_ent and k.status = 'removed'
    union all
    select (c.recorded_at at time zone 'Asia/Shanghai')::date, 'left', k.year || ' 年结束培育', lib.leave_text(k.id),
           'entry:' || k.id
      from core.key_enterprise k join core.cultivation_end c on c.entry_id = k.id where k.enterprise_id = p_ent
    union all
    select p.since, 'paired', '结对顾问：' || ad.name, o.name, 'pairing:' || p.id
      from core.pairing p join core.advisor ad on ad.id = p.advisor_id join core.organisation o on o.id = ad.org_id
     where p.enterprise_id = p_ent
    union all
    select p.until, 'unpaired', '结对结束：' || ad.name, '', 'pairing:' || p.id
      from core.pairing p join core.advisor ad on ad.id = p.advisor_id
     where p.enterprise_id = p_ent and p.until is not null
    union all
    select (g.filed_at at time zone 'Asia/Shanghai')::date, 'agreement_filed', '服务协议备案：' || g.filing_no,
           '服务期 ' || g.term_start || ' 至 ' || g.term_end, 'agreement:' || g.id
      from core.agreement g join core.pairing p on p.id = g.pairing_id
     where p.enterprise_id = p_ent and g.filed_at is not null
    union all
    select (g.ended_at at time zone 'Asia/Shanghai')::date, 'agreement_ended', '服务协议终止', coalesce(g.end_reason, ''),
           'agreement:' || g.id
      from core.agreement g join core.pairing p on p.id = g.pairing_id
     where p.enterprise_id = p_ent and g.ended_at is not null
    union all
    select s.served_on, 'service_record',
           '服务（' || case s.mode when 'on_site' then '上门' when 'at_institution' then '到访' when 'online' then '线上'
                          else '电话' end || '）：' || (select name from core.advisor where id = s.advisor_id),
           null,      -- the detail, for the page only: lib.timeline_service_detail
           'service:' || s.id
      from core.service_record s where s.enterprise_id = p_ent
    union all
    select (n.created_at at time zone 'Asia/Shanghai')::date, 'need', '融资需求 ' || n.amount || ' 万元',
           case when n.secret and not lib.reads_secrets(ctx, lib.enterprise_tier(n.enterprise_id))
                then '（涉及商业秘密）' else n.purpose end,
           'need:' || n.id
      from core.financing_need n where n.enterprise_id = p_ent
    union all
    select (pl.created_at at time zone 'Asia/Shanghai')::date, 'plan',
           '融资方案' || case when pl.version > 1 then '（第 ' || pl.version || ' 版）' else '' end || ' '
           || pl.amount || ' 万元：' || (lib.plan_json(pl, false)->>'parts_text'),
           case when lib.sees_plan(ctx, pl) and not pl.secret then pl.summary else '（涉及商业秘密）' end,
           'plan:' || pl.id
      from core.financing_plan pl where pl.enterprise_id = p_ent
    union all
    select (r.created_at at time zone 'Asia/Shanghai')::date, 'referral',
           '推荐给' || (select name from core.organisation where id = r.lender_id) || ' ' || r.amount || ' 万元', r.plan,
           'referral:' || r.id
      from core.referral r where r.enterprise_id = p_ent
    union all
    select (r.answered_at at time zone 'Asia/Shanghai')::date, 'referral_answered',
           (select name from core.organisation where id = r.lender_id)
           || case r.status when 'accepted' then '受理' else '不予受理' end, coalesce(r.answer, ''), 'referral:' || r.id
      from core.referral r where r.enterprise_id = p_ent and r.answered_at is not null
    union all
    select f.on_date, 'outcome', '融资成效：' || (select name from core.organisation where id = f.lender_id) || ' '
           || f.amount || ' 万元' || case when f.confirmed_at is null then '（待机构确认）' else '' end,
           concat_ws('；', nullif(f.value_before || ' → ' || f.value_after, ' → '), nullif(f.terms, '')),
           'outcome:' || f.id
      from core.financing_outcome f where f.enterprise_id = p_ent
    union all
    select (w.created_at at time zone 'Asia/Shanghai')::date, 'risk',
           '风险预警（' || case w.severity when 'high' then '高' when 'medium' then '中' else '低' end || '）',
           case when w.secret and not lib.reads_secrets(ctx, w.tier) then '（涉及商业秘密）' else w.description end,
           'risk:' || w.id
      from core.risk_warning w where w.enterprise_id = p_ent
    union all
    select (w.closed_at at time zone 'Asia/Shanghai')::date, 'risk_closed', '风险预警关闭', w.outcome, 'risk:' || w.id
      from core.risk_warning w where w.enterprise_id = p_ent and w.closed_at is not null
    union all
    select m.month, 'monthly', to_char(m.month, 'YYYY"年"FMMM"月"') || '情况',
           case when m.secret and not lib.reads_secrets(ctx, lib.enterprise_tier(m.enterprise_id))
                then '（涉及商业秘密）' else m.operations end, 'monthly:' || m.id
      from core.monthly_report m where m.enterprise_id = p_ent
$$;

-- A service's line of the timeline: its topics and notes, or only that it
-- holds business secrets for those who may not read them.  Worked out for
-- the rows of the page, not for every service of the enterprise's years.
create function lib.timeline_service_detail(ctx jsonb, p_object text) returns text
language sql stable as $$
    select case when lib.sees_service(ctx, s) then
               (select string_agg(t.label, '、' order by t.position) from core.service_topic t where t.code = any (s.topics))
               || '。' || s.notes
           else '（涉及商业秘密）' end
      from core.service_record s where s.id = split_part(p_object, ':', 2)::bigint
$$;

-- Every reading is audited: the timeline shows what records hold as
-- business secrets to those who may read them.
create function m.enterprise_timeline(ctx jsonb, a jsonb) returns jsonb
language plpgsql set plan_cache_mode = force_custom_plan as $$
declare
    v_ent bigint := (a->>'enterprise_id')::bigint;
begin
    if not coalesce(lib.sees_financing(ctx, v_ent), false) then
        perform lib.fail('NOT_FOUND', '企业不存在，或不是您服务的企业');
    end if;
    perform lib.set_object('timeline enterprise:' || v_ent);
    return (
    select jsonb_build_object('enterprise_name', (select name from core.organisation where id = v_ent))
           || lib.page('events', coalesce(jsonb_agg(jsonb_build_object('on', x.on_day::text, 'kind', x.kind,
                                                                        'title', x.title,
                                                                        'detail', case when x.kind = 'service_record'
                                                                            then lib.timeline_service_detail(ctx, x.object)
                                                                            else x.detail end,
                                                                        'object', x.object) order by x.k), '[]'),
                       array_agg(x.k order by x.k), lib.page_limit(a))
      from (select e.*, lib.page_key(lib.page_num((e.on_day - date '2000-01-01')::bigint), e.object, e.kind) k
              from lib.timeline_events(ctx, v_ent) e
             where e.on_day is not null
               and lib.page_key(lib.page_num((e.on_day - date '2000-01-01')::bigint), e.object, e.kind)
                   > lib.page_after(a)
             order by k limit lib.page_limit(a) + 1) x);
end $$;
