-- replacement.sql - replacing an advisor (P12): the institution's report,
-- the tier's verification, the successor's nomination into the replaced
-- advisor's round, and the history of an advisor's terms.

-- Appointing the successor completes the replacement.
create function lib.replacement_complete() returns trigger
language plpgsql as $$
begin
    update core.replacement rp set status = 'completed'
      from core.nomination n
     where n.id = new.nomination_id and rp.id = n.replacement_id and rp.status = 'verified';
    return null;
end $$;
create trigger advisor_replacement_complete after insert on core.advisor
    for each row execute function lib.replacement_complete();

create function lib.replacement_json(p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', rp.id, 'advisor_id', rp.advisor_id, 'advisor_name', ad.name,
        'org_id', rp.org_id, 'org_name', o.name, 'kind', rp.kind, 'reason', rp.reason,
        'status', rp.status, 'tier', ad.tier, 'prefecture_code', coalesce(ad.prefecture_code, ''),
        'reported_at', lib.time_text(rp.reported_at),
        'verify_note', coalesce(rp.verify_note, ''),
        'nomination_id', coalesce(sn.id, 0), 'successor_id', coalesce(sa.id, 0),
        'successor_name', coalesce(sa.name, sn.name, ''))
      from core.replacement rp
      join core.advisor ad on ad.id = rp.advisor_id
      join core.organisation o on o.id = rp.org_id
      left join lateral (select * from core.nomination n where n.replacement_id = rp.id
                          order by n.id desc limit 1) sn on true
      left join core.advisor sa on sa.nomination_id = sn.id
     where rp.id = p_id
$$;

create function m.advisor_report(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    ad core.advisor;
    v_id bigint;
begin
    select * into ad from core.advisor where id = (a->>'advisor_id')::bigint for update;
    if not found or ad.org_id <> (ctx->>'org_id')::bigint then
        perform lib.fail('NOT_FOUND', '本机构没有该顾问');
    end if;
    if ad.status = 'ended' then
        perform lib.fail('CONFLICT', '该顾问的聘任已终止');
    end if;
    insert into core.replacement (advisor_id, org_id, kind, reason, reported_by)
    values (ad.id, ad.org_id, coalesce(nullif(a->>'kind', ''), 'other'), btrim(coalesce(a->>'reason', '')),
            (ctx->>'user_id')::bigint)
    returning id into v_id;
    perform lib.set_object('replacement:' || v_id || ' advisor:' || ad.id);
    return lib.replacement_json(v_id);
end $$;

create function m.replacement_verify(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    rp core.replacement;
    ad core.advisor;
begin
    select * into rp from core.replacement where id = (a->>'id')::bigint for update;
    if not found then
        perform lib.fail('NOT_FOUND', '更换报告不存在');
    end if;
    -- the tier that appointed the advisor verifies; a note is required
    ad := lib.managed_advisor(ctx, rp.advisor_id, a->>'note');
    if rp.status <> 'reported' then
        perform lib.fail('CONFLICT', '该更换报告已处理');
    end if;
    update core.replacement
       set status = case when coalesce((a->>'accept')::boolean, false) then 'verified' else 'rejected' end,
           verified_by = (ctx->>'user_id')::bigint, verified_at = now(), verify_note = btrim(a->>'note')
     where id = rp.id;
    if coalesce((a->>'accept')::boolean, false) then
        update core.advisor set status = 'ended', status_reason = '更换：' || rp.reason where id = ad.id;
        update core.advisor_term set status = 'ended', reason = '更换：' || rp.reason
         where advisor_id = ad.id and status = 'current';
        perform lib.leave_groups(ad.id, '顾问更换：' || rp.reason);
    end if;
    perform lib.set_object('replacement:' || rp.id || ' advisor:' || ad.id);
    return lib.replacement_json(rp.id);
end $$;

create function m.replacement_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('replacements', jsonb_agg(lib.replacement_json(x.id) order by x.k), array_agg(x.k order by x.k),
                    lib.page_limit(a))
      from (select rp.id, lib.page_key(lib.page_desc(rp.id)) k
              from core.replacement rp join core.advisor ad on ad.id = rp.advisor_id
             where case ctx->>'scope'
                       when 'province' then true
                       when 'prefecture' then ad.prefecture_code = ctx->>'prefecture'
                       else rp.org_id = (ctx->>'org_id')::bigint end
               and (coalesce(a->>'status', '') = '' or rp.status = a->>'status')
               and lib.page_key(lib.page_desc(rp.id)) > lib.page_after(a)
             order by rp.id desc limit lib.page_limit(a) + 1) x
$$;

-- The round a successor is nominated into: the replaced advisor's round,
-- for a verified replacement of the caller's institution that has no
-- successor nomination still in play.
create function lib.replacement_round(ctx jsonb, p_replacement bigint) returns core.intake_round
language plpgsql as $$
declare
    rp core.replacement;
    r core.intake_round;
begin
    select * into rp from core.replacement where id = p_replacement for update;
    if not found or rp.org_id <> (ctx->>'org_id')::bigint then
        perform lib.fail('NOT_FOUND', '更换报告不存在');
    end if;
    if rp.status <> 'verified' then
        perform lib.fail('CONFLICT', '更换报告尚未经核实（或已办结），不能提名接替人选');
    end if;
    if exists (select 1 from core.nomination n left join core.decision d on d.nomination_id = n.id
                where n.replacement_id = rp.id
                  and not (d.decision is not distinct from 'reject' and d.status is not distinct from 'confirmed')) then
        perform lib.fail('CONFLICT', '该更换已有接替人选的提名在办理中');
    end if;
    select ir.* into r from core.intake_round ir join core.advisor ad on ad.round_id = ir.id
     where ad.id = rp.advisor_id;
    return r;
end $$;

-- Every term (certificate) of an advisor, the replacement reports about it,
-- and whom it succeeded.
create function m.advisor_history(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    ad core.advisor;
    v_pred core.advisor;
begin
    select * into ad from core.advisor where id = (a->>'id')::bigint;
    if not found or not lib.sees_advisor(ctx, ad) then
        perform lib.fail('NOT_FOUND', '顾问不存在');
    end if;
    select p.* into v_pred from core.nomination n
      join core.replacement rp on rp.id = n.replacement_id
      join core.advisor p on p.id = rp.advisor_id
     where n.id = ad.nomination_id;
    perform lib.set_object('advisor:' || ad.id);
    return jsonb_build_object(
        'advisor', lib.advisor_json(ctx, ad.id),
        'terms', (select coalesce(jsonb_agg(jsonb_build_object(
                      'cert_no', t.cert_no, 'term_start', to_char(t.term_start, 'YYYY-MM-DD'),
                      'term_end', to_char(t.term_end, 'YYYY-MM-DD'), 'status', t.status, 'reason', t.reason,
                      'issued_at', lib.time_text(t.issued_at))
                      order by t.issued_at, t.id), '[]')
                    from core.advisor_term t where t.advisor_id = ad.id),
        'replacements', (select coalesce(jsonb_agg(lib.replacement_json(rp.id) order by rp.id), '[]')
                           from core.replacement rp where rp.advisor_id = ad.id),
        'predecessor_id', coalesce(v_pred.id, 0), 'predecessor_name', coalesce(v_pred.name, ''));
end $$;
