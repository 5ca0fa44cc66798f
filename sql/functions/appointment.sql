-- appointment.sql - appointment (P3): advisors, one-year terms with their
-- certificate numbers and verification codes, extension, suspension and
-- ending, certificate verification and the certificate's content, and an
-- advisor's own account.

create function lib.next_cert_no(p_tier text, p_prefecture text, p_year int) returns text
language plpgsql as $$
declare
    v_scope text := case p_tier when 'province' then 'province' else p_prefecture end;
    v_n int;
begin
    insert into core.cert_counter values (v_scope, p_year, 1)
    on conflict (scope, year) do update set last = core.cert_counter.last + 1
    returning last into v_n;
    return '青金顾' || case p_tier when 'province' then '' else p_prefecture end
           || '〔' || p_year || '〕' || lpad(v_n::text, 4, '0') || '号';
end $$;

-- 16 characters from an unambiguous alphabet, from 80 random bits.
create function lib.new_verify_code() returns text
language sql volatile as $$
    select string_agg(substr('23456789ABCDEFGHJKLMNPQRSTUVWXYZ',
                             (get_byte(b, i) % 32) + 1, 1), '' order by i)
      from (select decode(replace(gen_random_uuid()::text, '-', ''), 'hex') as b) x,
           generate_series(0, 15) i
$$;

create function lib.issue_term(p_advisor bigint, p_start date, p_by bigint, p_reason text) returns void
language plpgsql as $$
declare
    a core.advisor;
begin
    select * into a from core.advisor where id = p_advisor;
    insert into core.advisor_term (advisor_id, cert_no, verify_code, term_start, term_end, reason, issued_by,
                                   issued_at)
    values (a.id, lib.next_cert_no(a.tier, a.prefecture_code, extract(year from lib.today())::int),
            lib.new_verify_code(), p_start, lib.year_end(p_start), p_reason, p_by, lib.now());
end $$;

-- The term an advisor's certificate stands for now: the one in force
-- today, else the one that begins next (issued early), else the last.
-- Terms that are not ended or revoked never overlap (advisor_term_no_overlap).
create function lib.advisor_term_now(p_advisor bigint) returns setof core.advisor_term
language sql stable as $$
    select * from core.advisor_term
     where advisor_id = p_advisor and status = 'current'
     order by case when lib.today() between term_start and term_end then 0
                   when term_start > lib.today() then 1 else 2 end,
              case when term_start > lib.today() then term_start end,
              term_end desc
     limit 1
$$;

-- How a term stands on day d: current, not_yet (issued early: in force
-- from its start), expired, ended, revoked; suspended with its advisor.
create function lib.term_status(t core.advisor_term, ad core.advisor, d date) returns text
language sql stable as $$
    select case when t.status = 'revoked' then 'revoked'
                when t.status = 'ended' or ad.status = 'ended' then 'ended'
                when t.term_start > d then 'not_yet'
                when t.term_end < d then 'expired'
                when ad.status = 'suspended' then 'suspended'
                else 'current' end
$$;

-- Called when an "appoint" decision is confirmed.
create function lib.appoint(p_nomination bigint, p_by bigint) returns bigint
language plpgsql as $$
declare
    n core.nomination;
    r core.intake_round;
    v_id bigint;
begin
    select * into n from core.nomination where id = p_nomination;
    select * into r from core.intake_round where id = n.round_id;
    insert into core.advisor (nomination_id, round_id, tier, prefecture_code, org_id, name, gender, office_id,
                              position, title, mobile_enc, mobile_idx, mobile_masked, specialisms, prefectures)
    values (n.id, r.id, r.tier, r.prefecture_code, n.org_id, n.name, n.gender, n.office_id,
            n.position, n.title, n.mobile_enc, n.mobile_idx, n.mobile_masked, n.specialisms, n.prefectures)
    on conflict (nomination_id) do nothing
    returning id into v_id;
    if v_id is not null then
        perform lib.issue_term(v_id, lib.today(), p_by, '聘任');
        if n.replacement_id is not null then
            perform lib.join_successor(v_id, (select advisor_id from core.replacement where id = n.replacement_id), p_by);
        end if;
    end if;
    return v_id;
end $$;

create function m.decision_confirm(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.intake_round := lib.owned_round_of(ctx, (a->>'id')::bigint);
    d core.decision;
begin
    select * into d from core.decision where nomination_id = (a->>'id')::bigint for update;
    if not found or d.status <> 'proposed' then
        perform lib.fail('CONFLICT', '该候选人没有待确认的决定');
    end if;
    if d.proposed_by = (ctx->>'user_id')::bigint then
        perform lib.fail('REFUSED', '决定须由提出人以外的另一名管理员确认（双人复核）');
    end if;
    update core.decision set status = 'confirmed', confirmed_by = (ctx->>'user_id')::bigint, confirmed_at = now()
     where nomination_id = d.nomination_id;
    if d.decision = 'appoint' then
        perform lib.appoint(d.nomination_id, (ctx->>'user_id')::bigint);
    end if;
    perform lib.set_object('nomination:' || d.nomination_id || ' decision:' || d.decision || ' round:' || r.id);
    return lib.result_row(d.nomination_id);
end $$;

create function lib.advisor_json(ctx jsonb, p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', a.id, 'nomination_id', a.nomination_id, 'tier', a.tier,
        'prefecture_code', coalesce(a.prefecture_code, ''), 'name', a.name,
        'org_id', a.org_id, 'org_name', o.name, 'specialisms', to_jsonb(a.specialisms),
        'status', a.status, 'cert_no', coalesce(t.cert_no, ''),
        'term_start', coalesce(to_char(t.term_start, 'YYYY-MM-DD'), ''),
        'term_end', coalesce(to_char(t.term_end, 'YYYY-MM-DD'), ''),
        'verify_code', case when ctx->>'scope' in ('province', 'prefecture') or a.user_id = (ctx->>'user_id')::bigint
                            then coalesce(t.verify_code, '') else '' end,
        'mobile', coalesce(a.mobile_masked, ''), 'gender', coalesce(a.gender, ''),
        'office_name', coalesce(f.name, ''), 'position', a.position, 'title', a.title,
        'prefectures', to_jsonb(a.prefectures), 'version', a.version,
        'updated_at', lib.time_text(a.updated_at),
        'next_cert_no', coalesce(nx.cert_no, ''),
        'next_term_start', coalesce(to_char(nx.term_start, 'YYYY-MM-DD'), ''),
        'next_term_end', coalesce(to_char(nx.term_end, 'YYYY-MM-DD'), ''))
      from core.advisor a join core.organisation o on o.id = a.org_id
      left join core.office f on f.id = a.office_id
      left join lateral lib.advisor_term_now(a.id) t on true
      left join lateral (select * from core.advisor_term n
                          where n.advisor_id = a.id and n.status = 'current' and n.term_start > t.term_end
                          order by n.term_start limit 1) nx on true
     where a.id = p_id
$$;

-- A prefecture office does not see provincial advisors: say so (false),
-- not null, so "not lib.sees_advisor(...)" refuses them too.
create function lib.sees_advisor(ctx jsonb, a core.advisor) returns boolean
language sql stable as $$
    select coalesce(case ctx->>'scope'
        when 'province' then true
        when 'prefecture' then a.prefecture_code = ctx->>'prefecture'
        when 'org' then a.org_id = (ctx->>'org_id')::bigint
        else a.user_id = (ctx->>'user_id')::bigint end, false)
$$;

create function m.advisor_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('advisors', jsonb_agg(lib.advisor_json(ctx, x.id) order by x.k), array_agg(x.k order by x.k),
                    lib.page_limit(a))
      from (select ad.id, lib.page_key(lib.page_num(ad.id)) k
              from core.advisor ad
              left join lateral lib.advisor_term_now(ad.id) t on true
             where lib.sees_advisor(ctx, ad)
               and (coalesce(a->>'status', '') = '' or ad.status = a->>'status')
               and (coalesce((a->>'ending_within_days')::int, 0) = 0
                    or (t.term_end <= lib.today() + (a->>'ending_within_days')::int and ad.status <> 'ended'))
               and lib.page_key(lib.page_num(ad.id)) > lib.page_after(a)
             order by ad.id limit lib.page_limit(a) + 1) x
$$;

-- Lock an advisor the caller's tier manages (the bureau: provincial; a
-- prefecture office: its own team).
create function lib.managed_advisor(ctx jsonb, p_id bigint, p_reason text) returns core.advisor
language plpgsql as $$
declare
    a core.advisor;
begin
    select * into a from core.advisor where id = p_id for update;
    if not found or not lib.sees_advisor(ctx, a) then
        perform lib.fail('NOT_FOUND', '顾问不存在');
    end if;
    perform lib.require(case a.tier when 'province' then lib.has_role(ctx, 'bureau_admin')
                                     else lib.has_role(ctx, 'prefecture_staff') and a.prefecture_code = ctx->>'prefecture' end,
                         '只有聘任方可以管理该顾问的聘期');
    if coalesce(btrim(p_reason), '') = '' then
        perform lib.fail('INVALID', '须说明理由');
    end if;
    return a;
end $$;

create function m.advisor_extend(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    ad core.advisor := lib.managed_advisor(ctx, (a->>'id')::bigint, a->>'reason');
    t core.advisor_term;
begin
    if ad.status = 'ended' then
        perform lib.fail('CONFLICT', '聘任已终止，不能延长');
    end if;
    -- the next term follows the last one; the certificate in force stays
    -- valid until its own end
    select * into t from core.advisor_term where advisor_id = ad.id and status = 'current'
     order by term_end desc limit 1 for update;
    if t.term_start > lib.today() then
        perform lib.fail('CONFLICT', format('已续聘：下一聘期 %s 至 %s 的聘书已颁发，自 %s 起生效',
                                            t.term_start, t.term_end, t.term_start));
    end if;
    perform lib.issue_term(ad.id, greatest(t.term_end + 1, lib.today()), (ctx->>'user_id')::bigint,
                           '续聘：' || btrim(a->>'reason'));
    perform lib.set_object('advisor:' || ad.id);
    return lib.advisor_json(ctx, ad.id);
end $$;

create function m.advisor_suspend(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    ad core.advisor := lib.managed_advisor(ctx, (a->>'id')::bigint, a->>'reason');
begin
    if ad.status <> 'active' then
        perform lib.fail('CONFLICT', '只能暂停在聘的顾问');
    end if;
    update core.advisor set status = 'suspended', status_reason = btrim(a->>'reason') where id = ad.id;
    perform lib.set_object('advisor:' || ad.id);
    return lib.advisor_json(ctx, ad.id);
end $$;

create function m.advisor_end(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    ad core.advisor := lib.managed_advisor(ctx, (a->>'id')::bigint, a->>'reason');
begin
    if ad.status = 'ended' then
        perform lib.fail('CONFLICT', '聘任已终止');
    end if;
    update core.advisor set status = 'ended', status_reason = btrim(a->>'reason') where id = ad.id;
    update core.advisor_term set status = 'ended', reason = '终止：' || btrim(a->>'reason')
     where advisor_id = ad.id and status = 'current';
    perform lib.leave_groups(ad.id, '聘任终止：' || btrim(a->>'reason'));
    perform lib.set_object('advisor:' || ad.id);
    return lib.advisor_json(ctx, ad.id);
end $$;

-- Anyone with a connection may verify a certificate by its code.
create function m.certificate_verify(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    t core.advisor_term;
    ad core.advisor;
begin
    select * into t from core.advisor_term where verify_code = upper(btrim(coalesce(a->>'code', '')));
    if not found then
        perform lib.fail('NOT_FOUND', '查无此聘书：核验码不正确，或聘书系伪造');
    end if;
    select * into ad from core.advisor where id = t.advisor_id;
    perform lib.set_object('certificate:' || t.cert_no);
    return jsonb_build_object(
        'genuine', true,
        'status', lib.term_status(t, ad, lib.today()),
        'name', ad.name, 'org_name', (select name from core.organisation where id = ad.org_id),
        'cert_no', t.cert_no, 'term_start', to_char(t.term_start, 'YYYY-MM-DD'),
        'term_end', to_char(t.term_end, 'YYYY-MM-DD'),
        'issuer', case ad.tier when 'province' then (select name from core.organisation where kind = 'bureau')
                       else (select name from core.organisation where kind = 'prefecture_office'
                                and division_code = ad.prefecture_code) end);
end $$;

create function m.certificate_document(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    ad core.advisor;
    t core.advisor_term;
begin
    select * into ad from core.advisor where id = (a->>'advisor_id')::bigint;
    if not found or not lib.sees_advisor(ctx, ad) then
        perform lib.fail('NOT_FOUND', '顾问不存在');
    end if;
    select * into t from core.advisor_term where advisor_id = ad.id order by id desc limit 1;
    perform lib.set_object('certificate:' || t.cert_no);
    return jsonb_build_object(
        'name', ad.name, 'org_name', (select name from core.organisation where id = ad.org_id),
        'tier', ad.tier,
        'team', case ad.tier when 'province' then '青海省民营和小微企业融资培育工程省级金融顾问'
                 else (select name from core.division where code = ad.prefecture_code)
                      || '民营和小微企业融资培育工程金融顾问' end,
        'cert_no', t.cert_no, 'term_start', to_char(t.term_start, 'YYYY-MM-DD'),
        'term_end', to_char(t.term_end, 'YYYY-MM-DD'), 'verify_code', t.verify_code,
        'issuer', case ad.tier when 'province' then (select name from core.organisation where kind = 'bureau')
                  else (select name from core.organisation where kind = 'prefecture_office'
                           and division_code = ad.prefecture_code) end,
        'issued_on', to_char(t.issued_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD'),
        'status', t.status);
end $$;

create function lib.advisor_bump() returns trigger
language plpgsql as $$
begin
    if new is distinct from old then
        new.version := old.version + 1;
        new.updated_at := now();
    end if;
    return new;
end $$;
create trigger advisor_bump before update on core.advisor
    for each row execute function lib.advisor_bump();

-- A new, extended or ended term is a change of the advisor too.
create function lib.advisor_term_touch() returns trigger
language plpgsql as $$
begin
    update core.advisor set updated_at = now() where id = new.advisor_id;
    return null;
end $$;
create trigger advisor_term_touch after insert or update on core.advisor_term
    for each row execute function lib.advisor_term_touch();

create function m.advisor_link(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    ad core.advisor;
    u core.app_user;
begin
    select * into ad from core.advisor where id = (a->>'id')::bigint for update;
    if not found or not (lib.sees_advisor(ctx, ad)
                         and (ctx->>'scope' = 'province' or ad.org_id = (ctx->>'org_id')::bigint)) then
        perform lib.fail('NOT_FOUND', '顾问不存在');
    end if;
    if coalesce((a->>'user_id')::bigint, 0) = 0 then
        update core.advisor set user_id = null where id = ad.id;
    else
        select * into u from core.app_user where id = (a->>'user_id')::bigint;
        if not found or u.org_id <> ad.org_id or u.disabled then
            perform lib.fail('INVALID', '只能关联该顾问所在机构的在用账户');
        end if;
        if not exists (select 1 from core.user_role where user_id = u.id and role = 'advisor') then
            perform lib.fail('INVALID', format('账户 %s 没有“金融顾问”角色，请先授予', u.username));
        end if;
        -- the account is the advisor's own: the same person's name, and the
        -- identity number the advisor was nominated with
        if u.display_name <> ad.name then
            perform lib.fail('INVALID', format('账户 %s 的姓名“%s”与顾问“%s”不符：只能关联顾问本人的账户',
                                               u.username, u.display_name, ad.name));
        end if;
        if coalesce(a->>'id_number_idx', '') = '' then
            perform lib.fail('INVALID', '须给出顾问本人的身份证号，以确认账户属于顾问本人');
        end if;
        if (select id_number_idx from core.nomination where id = ad.nomination_id) <> a->>'id_number_idx' then
            perform lib.fail('INVALID', format('身份证号与顾问 %s 提名时的不符', ad.name));
        end if;
        update core.advisor set user_id = u.id where id = ad.id;
    end if;
    perform lib.set_object('advisor:' || ad.id || ' user:' || coalesce(a->>'user_id', '0'));
    return lib.advisor_json(ctx, ad.id);
end $$;
