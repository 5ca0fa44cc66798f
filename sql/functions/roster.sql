-- roster.sql - the public roster of appointed advisors (P3): versioned,
-- audited publications.

create function lib.roster_json(p core.roster_publication) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'version', p.version, 'tier', p.tier,
        'prefecture_code', case p.tier when 'province' then '' else p.scope end,
        'title', p.title, 'note', p.note,
        'publisher', case p.tier when 'province' then (select name from core.organisation where kind = 'bureau')
                     else (select name from core.organisation where kind = 'prefecture_office'
                              and division_code = p.scope) end,
        'published_at', lib.time_text(p.published_at),
        'rows', p.content)
$$;

-- The roster names the specialisms the advisor has now.
create function m.roster_publish(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_tier text := coalesce(nullif(a->>'tier', ''), 'province');
    v_scope text;
    v_rows jsonb;
    p core.roster_publication;
begin
    if v_tier = 'province' then
        perform lib.require(lib.has_role(ctx, 'bureau_admin'), '省级名单由省局管理员发布');
        v_scope := 'province';
    else
        perform lib.require(lib.has_role(ctx, 'prefecture_staff'), '市州名单由本市（州）金融办发布');
        v_scope := ctx->>'prefecture';
    end if;
    select coalesce(jsonb_agg(jsonb_build_object(
               'name', ad.name, 'org_name', o.name,
               'specialisms', (select coalesce(jsonb_agg(sp.label order by sp.code), '[]')
                                 from core.specialism sp where sp.code = any (ad.specialisms)),
               'cert_no', t.cert_no, 'term_start', to_char(t.term_start, 'YYYY-MM-DD'),
               'term_end', to_char(t.term_end, 'YYYY-MM-DD')) order by o.name, ad.name), '[]')
      into v_rows
      from core.advisor ad
      join core.organisation o on o.id = ad.org_id
      join lateral lib.advisor_term_now(ad.id) t on true
     where ad.status = 'active' and ad.tier = v_tier
       and (v_tier = 'province' or ad.prefecture_code = v_scope);
    perform pg_advisory_xact_lock(hashtext('roster:' || v_scope));
    insert into core.roster_publication (tier, scope, version, title, note, content, published_by)
    values (v_tier, v_scope,
            coalesce((select max(version) from core.roster_publication where scope = v_scope), 0) + 1,
            case v_tier when 'province' then '青海省民营和小微企业融资培育工程省级金融顾问名单'
                 else (select name from core.division where code = v_scope) || '金融顾问名单' end,
            coalesce(a->>'note', ''), v_rows, (ctx->>'user_id')::bigint)
    returning * into p;
    perform lib.set_object('roster:' || v_scope || ' version:' || p.version);
    return lib.roster_json(p);
end $$;

create function m.roster_get(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    v_pref text := nullif(a->>'prefecture_code', '');
    v_scope text := case coalesce(nullif(a->>'tier', ''), case when v_pref is null then 'province' else 'prefecture' end)
                    when 'province' then 'province' else coalesce(v_pref, ctx->>'prefecture') end;
    p core.roster_publication;
begin
    select * into p from core.roster_publication
     where scope = v_scope
       and (coalesce((a->>'version')::int, 0) = 0 or version = (a->>'version')::int)
     order by version desc limit 1;
    if not found then
        perform lib.fail('NOT_FOUND', '尚未发布名单（或没有该版本）');
    end if;
    return lib.roster_json(p);
end $$;
