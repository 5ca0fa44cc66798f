-- discipline.sql - an enterprise reports a suspected breach of the
-- advisors' discipline (P13); the report reaches the bureau's inbox, and
-- its complaints desk as a complaint (complaints.sql).  The enterprise sees its own reports; the bureau all.  The
-- advisor named is one who serves or served the enterprise.
create function lib.violation_json(v core.violation_report) returns jsonb
language sql stable as $$
    select jsonb_build_object('id', v.id, 'enterprise_id', v.enterprise_id,
                              'enterprise_name', (select name from core.organisation where id = v.enterprise_id),
                              'advisor_id', coalesce(v.advisor_id, 0),
                              'advisor_name', coalesce((select name from core.advisor where id = v.advisor_id), ''),
                              'kind', v.kind, 'account', v.account, 'reported_at', lib.time_text(v.reported_at))
$$;

create function m.violation_report(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_ent bigint := (ctx->>'org_id')::bigint;
    v_adv bigint := nullif((a->>'advisor_id')::bigint, 0);
    v core.violation_report;
begin
    if v_adv is not null and not exists (select 1 from core.pairing p where p.enterprise_id = v_ent
                                                                      and p.advisor_id = v_adv) then
        perform lib.fail('INVALID', '所反映的顾问不是为本企业服务的顾问；不清楚是谁时可以不写 --advisor');
    end if;
    if coalesce(a->>'kind', '') not in ('fee', 'secret_leak', 'interference', 'other') then
        perform lib.fail('INVALID', '反映的问题应为 收取费用或好处 fee、泄露商业秘密 secret_leak、干预经营 interference 或 其他 other');
    end if;
    insert into core.violation_report (enterprise_id, advisor_id, kind, account, reported_by)
    values (v_ent, v_adv, a->>'kind', btrim(coalesce(a->>'account', '')), (ctx->>'user_id')::bigint)
    returning * into v;
    -- it arrives at the complaints desk as a complaint the advisor does not see (complaints.sql)
    perform lib.complaint_new(ctx, v_ent, 'complaint', case when v_adv is null then 'service' else 'advisor' end, v_adv,
                              null, case v.kind when 'fee' then '收取费用或好处' when 'secret_leak' then '泄露商业秘密'
                                                when 'interference' then '干预经营' else '其他' end || '：' || v.account,
                              true, v.id);
    perform lib.set_object('violation:' || v.id || ' enterprise:' || v_ent || coalesce(' advisor:' || v_adv, ''));
    return lib.violation_json(v);
end $$;

create function m.violation_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('reports', coalesce(jsonb_agg(lib.violation_json(v) order by x.k), '[]'),
                    array_agg(x.k order by x.k), lib.page_limit(a))
      from (select v.id, lib.page_key(lib.page_desc(v.reported_at), lib.page_num(v.id)) k
              from core.violation_report v
             where (ctx->>'scope' = 'province'
                    or (lib.has_role(ctx, 'enterprise_contact') and v.enterprise_id = (ctx->>'org_id')::bigint))
               and lib.page_key(lib.page_desc(v.reported_at), lib.page_num(v.id)) > lib.page_after(a)
             order by 2 limit lib.page_limit(a) + 1) x
      join core.violation_report v on v.id = x.id
$$;

create function lib.discipline_inbox(ctx jsonb)
returns table (kind text, at timestamptz, title text, detail text, object text, command text)
language sql stable as $$
    select 'violation_reported', v.reported_at, '企业反映顾问违反纪律：' || o.name, v.account, 'violation:' || v.id,
           'rongpei violation list'
      from core.violation_report v join core.organisation o on o.id = v.enterprise_id
     where lib.has_role(ctx, 'bureau_admin')
$$;
