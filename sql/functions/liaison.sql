-- liaison.sql - the enterprise's monthly status to its advisor (P11).  The
-- contact of an enterprise with an advisor files one a month; whoever
-- sees its pairs reads them; the contact is reminded in the inbox while
-- last month's is missing, and supervisors list the enterprises that have
-- not reported.

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
                              'filed_at', lib.time_text(r.filed_at))
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
    insert into core.monthly_report (enterprise_id, month, operations, orders, cash, needs_changed, problems, filed_by)
    values (v_ent, v_month, btrim(coalesce(a->>'operations', '')), btrim(coalesce(a->>'orders', '')),
            btrim(coalesce(a->>'cash', '')), coalesce((a->>'needs_changed')::boolean, false),
            btrim(coalesce(a->>'problems', '')), (ctx->>'user_id')::bigint)
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
$$;
