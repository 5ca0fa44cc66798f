-- agreements.sql - service agreements (P9): the bureau's versioned
-- template, drafts per pair, signatures by both parties over the text's SM3
-- digest, filing or return, renewal and ending; their inbox items.

create function lib.sm3_hex(p text) returns text
language sql immutable as $$ select encode(public.digest(convert_to(p, 'UTF8'), 'sm3'), 'hex') $$;

create function lib.agreement_filing_body(p_tier text, p_pref text) returns text
language sql stable as $$
    select case p_tier when 'province' then (select name from core.organisation where kind = 'bureau' limit 1)
           else (select name from core.organisation where kind = 'prefecture_office'
                    and division_code = p_pref limit 1) end
$$;

create function lib.status_label(p text) returns text
language sql immutable as $$
    select case p when 'drafted' then '待签署' when 'signed_one' then '一方已签署'
                  when 'signed_both' then '双方已签署，待备案' when 'filed' then '已备案'
                  when 'returned' then '已退回' when 'ended' then '已终止' else p end
$$;

-- Fill the template for a pair and a term.
create function lib.agreement_text(t core.agreement_template, p core.pairing, p_start date, p_end date)
returns text
language sql stable as $$
    select replace(replace(replace(replace(replace(replace(t.body,
               '{enterprise}', eo.name), '{advisor}', ad.name), '{institution}', ao.name),
               '{filing_body}', coalesce(lib.agreement_filing_body(p.tier, k.prefecture_code), '')),
               '{term_start}', to_char(p_start, 'YYYY"年"FMMM"月"FMDD"日"')),
               '{term_end}', to_char(p_end, 'YYYY"年"FMMM"月"FMDD"日"'))
      from core.advisor ad
      join core.organisation ao on ao.id = ad.org_id
      join core.organisation eo on eo.id = p.enterprise_id
      left join core.key_enterprise k on k.enterprise_id = p.enterprise_id and k.year = p.year and k.tier = p.tier
     where ad.id = p.advisor_id
$$;

-- Draft an agreement for a pair from the newest template.  The term runs
-- from p_start to the end of the advisor's current term (a year when the
-- advisor has none that long).
create function lib.agreement_draft(p core.pairing, p_start date, p_renews bigint, p_user bigint)
returns bigint
language plpgsql as $$
declare
    t core.agreement_template;
    v_end date;
    v_body text;
    v_id bigint;
begin
    select * into t from core.agreement_template order by version desc limit 1;
    select max(term_end) into v_end from core.advisor_term
     where advisor_id = p.advisor_id and status = 'current';
    if v_end is null or v_end <= p_start then
        v_end := lib.year_end(p_start);
    end if;
    v_body := lib.agreement_text(t, p, p_start, v_end);
    insert into core.agreement (pairing_id, template_version, title, body, digest, term_start, term_end,
                                renews_id, created_by)
    values (p.id, t.version, t.title, v_body, lib.sm3_hex(t.title || E'\n' || v_body), p_start, v_end,
            p_renews, p_user)
    returning id into v_id;
    return v_id;
end $$;

create function lib.agreement_json(g core.agreement, p_full boolean) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', g.id, 'pairing_id', g.pairing_id, 'year', p.year, 'tier', p.tier, 'role', p.role,
        'advisor_id', p.advisor_id, 'advisor_name', ad.name, 'institution', ao.name,
        'enterprise_id', p.enterprise_id, 'enterprise_name', eo.name,
        'template_version', g.template_version, 'title', g.title, 'status', g.status,
        'status_label', lib.status_label(g.status),
        'term_start', to_char(g.term_start, 'YYYY-MM-DD'), 'term_end', to_char(g.term_end, 'YYYY-MM-DD'),
        'digest', g.digest, 'filing_no', coalesce(g.filing_no, ''),
        'filed_at', coalesce(to_char(g.filed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD'), ''),
        'return_reason', coalesce(g.return_reason, ''), 'end_reason', coalesce(g.end_reason, ''),
        'renews_id', coalesce(g.renews_id, 0),
        'filing_body', coalesce(lib.agreement_filing_body(p.tier, ad.prefecture_code), ''),
        'signatures', (select coalesce(jsonb_agg(jsonb_build_object(
                           'party', s.party, 'name', coalesce(nullif(u.display_name, ''), u.username),
                           'signed_at', lib.time_text(s.signed_at),
                           'digest', s.digest) order by s.party), '[]')
                         from core.agreement_signature s join core.app_user u on u.id = s.user_id
                        where s.agreement_id = g.id))
        || case when p_full then jsonb_build_object('body', g.body) else '{}' end
      from core.pairing p
      join core.advisor ad on ad.id = p.advisor_id
      join core.organisation ao on ao.id = ad.org_id
      join core.organisation eo on eo.id = p.enterprise_id
     where p.id = g.pairing_id
$$;

-- An agreement the caller may see (the pair's parties, their group leader,
-- the tier's owners and readers), locked for update when asked.
create function lib.agreement_get(ctx jsonb, p_id bigint, p_lock boolean) returns core.agreement
language plpgsql as $$
declare
    g core.agreement;
begin
    if p_lock then
        select * into g from core.agreement where id = p_id for update;
    else
        select * into g from core.agreement where id = p_id;
    end if;
    if not found or not lib.sees_pair(ctx, (select p from core.pairing p where p.id = g.pairing_id)) then
        perform lib.fail('NOT_FOUND', '协议不存在');
    end if;
    return g;
end $$;

-- The owner of the agreement's tier (who files it).
create function lib.agreement_owner(ctx jsonb, g core.agreement) returns boolean
language sql stable as $$
    select lib.owns_tier(ctx, p.tier, ad.prefecture_code)
      from core.pairing p join core.advisor ad on ad.id = p.advisor_id where p.id = g.pairing_id
$$;

-- An agreement the caller owns (files, ends, renews), locked; verb says
-- what they may not do otherwise.
create function lib.agreement_owned(ctx jsonb, p_id bigint, p_verb text) returns core.agreement
language plpgsql as $$
declare
    g core.agreement := lib.agreement_get(ctx, p_id, true);
begin
    if not lib.agreement_owner(ctx, g) then
        perform lib.fail('REFUSED', '协议由省局管理员（市州协议由本市州金融办）' || p_verb);
    end if;
    return g;
end $$;

-- A pair that ends ends its agreements.
create function lib.pairing_ends_agreements() returns trigger
language plpgsql as $$
begin
    update core.agreement set status = 'ended', ended_at = now(),
                              end_reason = coalesce(nullif(new.end_reason, ''), '结对结束')
     where pairing_id = new.id and status not in ('returned', 'ended');
    return null;
end $$;
create trigger pairing_ends_agreements after update of until on core.pairing
    for each row when (old.until is null and new.until is not null)
    execute function lib.pairing_ends_agreements();

-- ------------------------------------------------------------------ methods
create function m.agreement_template(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    v jsonb;
begin
    select jsonb_build_object('version', t.version, 'title', t.title, 'body', t.body, 'note', t.note,
                              'created_at', to_char(t.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD'),
                              'created_by', coalesce(u.username, '随系统发布'))
      into v
      from core.agreement_template t left join core.app_user u on u.id = t.created_by
     where t.version = coalesce(nullif((a->>'version')::int, 0),
                                (select max(version) from core.agreement_template));
    if v is null then
        perform lib.fail('NOT_FOUND', '没有该版本的协议模板');
    end if;
    return v;
end $$;

create function m.agreement_template_save(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_body text := coalesce(a->>'body', '');
    v_bad text;
    v_version int;
begin
    select string_agg(distinct x[1], '、') into v_bad
      from regexp_matches(v_body, '\{([^{}]*)\}', 'g') x
     where x[1] not in ('enterprise', 'advisor', 'institution', 'filing_body', 'term_start', 'term_end');
    if v_bad is not null then
        perform lib.fail('INVALID', '模板中有无法识别的占位符：' || v_bad ||
                             '（可用 {enterprise} {advisor} {institution} {filing_body} {term_start} {term_end}）');
    end if;
    if position('{enterprise}' in v_body) = 0 or position('{advisor}' in v_body) = 0
       or position('{term_start}' in v_body) = 0 or position('{term_end}' in v_body) = 0 then
        perform lib.fail('INVALID', '模板须写明双方与服务期限：{enterprise} {advisor} {term_start} {term_end}');
    end if;
    if length(btrim(coalesce(a->>'note', ''))) < 2 then
        perform lib.fail('INVALID', '须说明本次修订的内容');
    end if;
    perform pg_advisory_xact_lock(hashtext('agreement_template'));
    select max(version) + 1 into v_version from core.agreement_template;
    insert into core.agreement_template (version, title, body, note, created_by)
    values (v_version, btrim(coalesce(a->>'title', '')), v_body, btrim(a->>'note'), (ctx->>'user_id')::bigint);
    perform lib.set_object('agreement_template:' || v_version);
    return m.agreement_template(ctx, jsonb_build_object('version', v_version));
end $$;

-- Draft the agreements of the current pairs that have none (of one
-- enterprise when named).
create function m.agreement_draft(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    s jsonb := lib.pairing_scope(ctx, a);
    p core.pairing;
    v_ids bigint[] := '{}';
begin
    perform pg_advisory_xact_lock(hashtext('agreement:' || (s->>'tier') || coalesce(s->>'prefecture', '')));
    for p in select pr.* from core.pairing pr join core.advisor ad on ad.id = pr.advisor_id
              where pr.year = (s->>'year')::int and pr.tier = s->>'tier' and pr.until is null
                and (s->>'tier' = 'province' or ad.prefecture_code = s->>'prefecture')
                and (coalesce((a->>'enterprise_id')::bigint, 0) = 0
                     or pr.enterprise_id = (a->>'enterprise_id')::bigint)
                and not exists (select 1 from core.agreement g where g.pairing_id = pr.id
                                                                and g.status not in ('returned', 'ended'))
              order by pr.id loop
        v_ids := v_ids || lib.agreement_draft(p, greatest(p.since, lib.today()), null, (ctx->>'user_id')::bigint);
    end loop;
    perform lib.set_object('agreements drafted:' || cardinality(v_ids));
    return jsonb_build_object('drafted', cardinality(v_ids),
        'agreements', (select coalesce(jsonb_agg(lib.agreement_json(g, false) order by g.id), '[]')
                         from core.agreement g where g.id = any (v_ids)));
end $$;

create function m.agreement_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('agreements', jsonb_agg(lib.agreement_json(g, false) order by x.k), array_agg(x.k order by x.k),
                    lib.page_limit(a))
      from (select g.id, lib.page_key(lib.page_num(g.id)) k
              from core.agreement g join core.pairing p on p.id = g.pairing_id
             where (coalesce((a->>'year')::int, 0) = 0 or p.year = (a->>'year')::int)
               and (coalesce(a->>'tier', '') = '' or p.tier = a->>'tier')
               and (coalesce(a->>'status', '') = '' or g.status = a->>'status')
               and (coalesce((a->>'enterprise_id')::bigint, 0) = 0 or p.enterprise_id = (a->>'enterprise_id')::bigint)
               and lib.sees_pair(ctx, p)
               and lib.page_key(lib.page_num(g.id)) > lib.page_after(a)
             order by g.id limit lib.page_limit(a) + 1) x
      join core.agreement g on g.id = x.id
$$;

create function m.agreement_show(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    g core.agreement := lib.agreement_get(ctx, (a->>'id')::bigint, false);
begin
    perform lib.set_object('agreement:' || g.id);
    return lib.agreement_json(g, true);
end $$;

-- A party signs: the advisor through their linked account, the enterprise
-- through its contact's.  The digest must be that of the agreement's text.
create function m.agreement_sign(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    g core.agreement := lib.agreement_get(ctx, (a->>'id')::bigint, true);
    p core.pairing;
    v_party text;
    v_n int;
begin
    select * into p from core.pairing where id = g.pairing_id;
    if lib.has_role(ctx, 'advisor')
       and exists (select 1 from core.advisor where id = p.advisor_id and user_id = (ctx->>'user_id')::bigint) then
        v_party := 'advisor';
    elsif lib.has_role(ctx, 'enterprise_contact') and p.enterprise_id = (ctx->>'org_id')::bigint then
        v_party := 'enterprise';
    else
        perform lib.fail('REFUSED', '只有协议双方（顾问本人、企业联系人）可以签署');
    end if;
    if g.status not in ('drafted', 'signed_one') then
        perform lib.fail('CONFLICT', '协议' || lib.status_label(g.status) || '，不能再签署');
    end if;
    if coalesce(a->>'digest', '') <> g.digest then
        perform lib.fail('CONFLICT', '所签文本的 SM3 摘要与协议不符：请重新获取协议（rongpei agreement show）核对后再签');
    end if;
    insert into core.agreement_signature (agreement_id, party, user_id, digest)
    values (g.id, v_party, (ctx->>'user_id')::bigint, a->>'digest');
    select count(*) into v_n from core.agreement_signature where agreement_id = g.id;
    update core.agreement set status = case v_n when 2 then 'signed_both' else 'signed_one' end
     where id = g.id returning * into g;
    perform lib.set_object('agreement:' || g.id || ' signed by ' || v_party);
    return lib.agreement_json(g, false);
end $$;

-- The owner files an agreement signed by both (a filing number) or
-- returns it with a reason.  Filing a renewal ends the agreement it renews.
create function m.agreement_file(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    g core.agreement := lib.agreement_owned(ctx, (a->>'id')::bigint, '备案');
    p core.pairing;
    v_prefix text;
    v_no text;
begin
    if g.status <> 'signed_both' then
        perform lib.fail('CONFLICT', '协议' || lib.status_label(g.status) || '，双方签署后方可备案或退回');
    end if;
    select * into p from core.pairing where id = g.pairing_id;
    if not coalesce((a->>'accept')::boolean, false) then
        if length(btrim(coalesce(a->>'reason', ''))) < 2 then
            perform lib.fail('INVALID', '退回须说明理由');
        end if;
        update core.agreement set status = 'returned', return_reason = btrim(a->>'reason')
         where id = g.id returning * into g;
        perform lib.set_object('agreement:' || g.id || ' returned');
        return lib.agreement_json(g, false);
    end if;
    v_prefix := '青融培备〔' || extract(year from g.term_start)::int || '〕' ||
                coalesce((select substr(ad.prefecture_code, 1, 4) || '-' from core.advisor ad
                           where ad.id = p.advisor_id and p.tier = 'prefecture'), '');
    perform pg_advisory_xact_lock(hashtext('agreement_filing:' || v_prefix));
    select v_prefix || lpad((coalesce(max((regexp_match(filing_no, '([0-9]{4})号$'))[1]::int), 0) + 1)::text,
                            4, '0') || '号'
      into v_no from core.agreement where filing_no like v_prefix || '____号';
    update core.agreement set status = 'filed', filing_no = v_no, filed_at = now(), filed_by = (ctx->>'user_id')::bigint
     where id = g.id returning * into g;
    update core.agreement set status = 'ended', ended_at = now(), end_reason = '已续签（' || v_no || '）'
     where id = g.renews_id and status = 'filed';
    perform lib.set_object('agreement:' || g.id || ' filed ' || v_no);
    return lib.agreement_json(g, false);
end $$;

create function m.agreement_end(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    g core.agreement := lib.agreement_owned(ctx, (a->>'id')::bigint, '终止');
begin
    if g.status in ('returned', 'ended') then
        perform lib.fail('CONFLICT', '协议' || lib.status_label(g.status));
    end if;
    if length(btrim(coalesce(a->>'reason', ''))) < 2 then
        perform lib.fail('INVALID', '终止协议须说明理由');
    end if;
    update core.agreement set status = 'ended', ended_at = now(), end_reason = btrim(a->>'reason')
     where id = g.id returning * into g;
    perform lib.set_object('agreement:' || g.id || ' ended');
    return lib.agreement_json(g, false);
end $$;

-- Renew a filed agreement whose term ends within 60 days while the pair
-- goes on: a new draft for the next term, from the newest template.
create function m.agreement_renew(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    g core.agreement := lib.agreement_owned(ctx, (a->>'id')::bigint, '续签');
    p core.pairing;
    v_id bigint;
begin
    select * into p from core.pairing where id = g.pairing_id;
    if g.status <> 'filed' or p.until is not null then
        perform lib.fail('CONFLICT', '只有结对仍在、已备案的协议可以续签');
    end if;
    if g.term_end > lib.today() + 60 then
        perform lib.fail('CONFLICT', format('服务期至 %s，期满前 60 天内方可续签', g.term_end));
    end if;
    if exists (select 1 from core.agreement where renews_id = g.id and status not in ('returned', 'ended')) then
        perform lib.fail('CONFLICT', '该协议已在续签中');
    end if;
    v_id := lib.agreement_draft(p, g.term_end + 1, g.id, (ctx->>'user_id')::bigint);
    perform lib.set_object('agreement:' || v_id || ' renews agreement:' || g.id);
    return lib.agreement_json(x, false) from core.agreement x where x.id = v_id;
end $$;

create function lib.pairing_inbox(ctx jsonb)
returns table (kind text, at timestamptz, title text, detail text, object text, command text)
language sql stable as $$
    select 'agreement_to_sign', g.created_at, '待签署的服务协议：' || eo.name || '—' || ad.name,
           '服务期 ' || g.term_start || ' 至 ' || g.term_end, 'agreement:' || g.id,
           'rongpei agreement sign ' || g.id
      from core.agreement g join core.pairing p on p.id = g.pairing_id
      join core.advisor ad on ad.id = p.advisor_id join core.organisation eo on eo.id = p.enterprise_id
     where g.status in ('drafted', 'signed_one')
       and ((lib.has_role(ctx, 'advisor') and ad.user_id = (ctx->>'user_id')::bigint
             and not exists (select 1 from core.agreement_signature s where s.agreement_id = g.id
                                                                        and s.party = 'advisor'))
            or (lib.has_role(ctx, 'enterprise_contact') and p.enterprise_id = (ctx->>'org_id')::bigint
                and not exists (select 1 from core.agreement_signature s where s.agreement_id = g.id
                                                                           and s.party = 'enterprise')))
    union all
    select 'agreement_to_file', (select max(s.signed_at) from core.agreement_signature s where s.agreement_id = g.id),
           '待备案的服务协议：' || eo.name || '—' || ad.name, '双方已签署', 'agreement:' || g.id,
           'rongpei agreement file ' || g.id
      from core.agreement g join core.pairing p on p.id = g.pairing_id
      join core.advisor ad on ad.id = p.advisor_id join core.organisation eo on eo.id = p.enterprise_id
     where g.status = 'signed_both' and lib.owns_tier(ctx, p.tier, ad.prefecture_code)
    union all
    select 'agreement_to_renew', g.filed_at, '服务协议即将期满：' || eo.name || '—' || ad.name,
           '服务期至 ' || g.term_end, 'agreement:' || g.id, 'rongpei agreement renew ' || g.id
      from core.agreement g join core.pairing p on p.id = g.pairing_id
      join core.advisor ad on ad.id = p.advisor_id join core.organisation eo on eo.id = p.enterprise_id
     where g.status = 'filed' and p.until is null and g.term_end <= lib.today() + 60
       and lib.owns_tier(ctx, p.tier, ad.prefecture_code)
       and not exists (select 1 from core.agreement r where r.renews_id = g.id and r.status not in ('returned', 'ended'))
    union all
    -- the tier's owner: an advisor replaced or ended whose enterprises wait for another
    select 'pairs_to_take_over', coalesce(rp.verified_at, ad.created_at),
           '顾问已不在聘，其结对企业待接替：' || ad.name,
           (select count(*) from core.pairing p where p.advisor_id = ad.id and p.until is null) || ' 家企业'
             || coalesce('；接替顾问：' || sa.name, '；接替顾问尚未聘任'),
           'advisor:' || ad.id,
           coalesce('rongpei pairing succeed ' || sa.id, 'rongpei pairing change 企业编号 --advisor 顾问编号 --year 年度 --reason 理由')
      from core.advisor ad
      left join core.replacement rp on rp.advisor_id = ad.id and rp.status in ('verified', 'completed')
      left join core.nomination sn on sn.replacement_id = rp.id
      left join core.advisor sa on sa.nomination_id = sn.id and sa.status = 'active'
     where ad.status <> 'active' and lib.owns_tier(ctx, ad.tier, ad.prefecture_code)
       and exists (select 1 from core.pairing p where p.advisor_id = ad.id and p.until is null)
    union all
    -- the tier's owner: a listed enterprise without an advisor once the year is paired
    select 'enterprise_unpaired', k.created_at, '在册企业尚无顾问：' || o.name,
           '企业编号 ' || k.enterprise_id || '，' || k.year || ' 年',
           'enterprise:' || k.enterprise_id,
           'rongpei pairing change ' || k.enterprise_id || ' --advisor 顾问编号 --year ' || k.year
             || case k.tier when 'prefecture' then ' --prefecture' else '' end || ' --reason 理由'
      from core.key_enterprise k join core.organisation o on o.id = k.enterprise_id
     where k.status = 'listed'
       and lib.owns_tier(ctx, k.tier, case k.tier when 'prefecture' then k.prefecture_code end)
       and exists (select 1 from core.pairing_run r where r.year = k.year and r.tier = k.tier
                      and r.prefecture_code is not distinct from case k.tier when 'prefecture' then k.prefecture_code end)
       and not exists (select 1 from core.pairing p where p.enterprise_id = k.enterprise_id and p.year = k.year
                          and p.tier = k.tier and p.role = 'primary' and p.until is null)
$$;
