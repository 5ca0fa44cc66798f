-- intake.sql - advisor intake (P1): rounds with review criteria and
-- per-institution quotas, nominations drafted by offices (one by one or
-- from files), returned or submitted by the institution administrator
-- within its quota, and the audited view of a candidate's full numbers.
--
-- Tiers: the bureau's provincial rounds, and each prefecture office's own
-- rounds for its prefecture-level team (P4).  A quota is never exceeded:
-- submitting locks the institution's quota row, so concurrent submissions
-- from several offices serialise on it.

-- ------------------------------------------------------------------ helpers

-- May the caller manage round r (open it, set its quotas)?
create function lib.owns_round(ctx jsonb, r core.intake_round) returns boolean
language sql stable as $$
    select case r.tier
        when 'province' then lib.has_role(ctx, 'bureau_admin')
        else lib.has_role(ctx, 'prefecture_staff') and r.prefecture_code = ctx->>'prefecture' end
$$;

-- May the caller see round r?  The bureau sees every tier; a prefecture its
-- own rounds and the province's; an institution the rounds it has a quota in.
create function lib.sees_round(ctx jsonb, r core.intake_round) returns boolean
language sql stable as $$
    select case ctx->>'scope'
        when 'province' then true
        when 'prefecture' then r.tier = 'province' or r.prefecture_code = ctx->>'prefecture'
        else exists (select 1 from core.round_quota q
                      where q.round_id = r.id and q.org_id = (ctx->>'org_id')::bigint) end
$$;

-- Quota counts leave successors out.
create function lib.round_json(ctx jsonb, p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', r.id, 'tier', r.tier, 'prefecture_code', coalesce(r.prefecture_code, ''),
        'year', r.year, 'title', r.title, 'target', r.target,
        'deadline', to_char(r.deadline, 'YYYY-MM-DD'), 'status', r.status,
        'criteria', coalesce((select jsonb_agg(jsonb_build_object('name', c.name, 'weight', c.weight)
                                               order by c.position)
                                from core.round_criterion c where c.round_id = r.id), '[]'),
        'quotas', coalesce((select jsonb_agg(jsonb_build_object(
                                'org_id', q.org_id, 'org_name', o.name, 'quota', q.quota,
                                'submitted', (select count(*) from core.nomination n
                                               where n.round_id = q.round_id and n.org_id = q.org_id
                                                 and n.status = 'submitted' and n.replacement_id is null))
                                order by o.name)
                              from core.round_quota q join core.organisation o on o.id = q.org_id
                             where q.round_id = r.id
                               and (lib.owns_round(ctx, r) or ctx->>'scope' in ('province', 'prefecture')
                                    or q.org_id = (ctx->>'org_id')::bigint)), '[]'))
      from core.intake_round r where r.id = p_id
$$;

create function lib.nomination_json(p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', n.id, 'round_id', n.round_id, 'org_id', n.org_id, 'org_name', o.name,
        'office_id', coalesce(n.office_id, 0), 'office_name', coalesce(f.name, ''),
        'status', n.status, 'name', n.name, 'gender', n.gender,
        'id_number', n.id_number_masked, 'mobile', coalesce(n.mobile_masked, ''),
        'position', n.position, 'title', n.title, 'years', n.years,
        'qualifications', n.qualifications, 'specialisms', to_jsonb(n.specialisms),
        'sections', to_jsonb(n.sections), 'prefectures', to_jsonb(n.prefectures),
        'declaration_signed', n.declaration_signed, 'notice_version', n.notice_version,
        'return_reason', coalesce(n.return_reason, ''),
        'updated_at', lib.time_text(n.updated_at),
        'replacement_id', coalesce(n.replacement_id, 0))
      from core.nomination n join core.organisation o on o.id = n.org_id
      left join core.office f on f.id = n.office_id
     where n.id = p_id
$$;

-- The fields a request gives: those not at their default (a correction
-- names only what changes; the rest stays as stored).
create function lib.given(a jsonb) returns jsonb
language sql immutable as $$
    select coalesce(jsonb_object_agg(key, value), '{}')
      from jsonb_each(a)
     where value not in ('""'::jsonb, '0'::jsonb, 'false'::jsonb, '[]'::jsonb, '{}'::jsonb, 'null'::jsonb)
$$;

create function lib.text_array(p jsonb) returns text[]
language sql immutable as $$
    select coalesce(array_agg(btrim(x)), '{}') from jsonb_array_elements_text(coalesce(p, '[]')) x
$$;

-- ------------------------------------------------------------------ rounds
create function m.round_open(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.intake_round;
    v_sum int;
    c jsonb;
    q jsonb;
    i int := 0;
begin
    r.tier := coalesce(nullif(a->>'tier', ''), 'province');
    if r.tier = 'prefecture' then
        r.prefecture_code := nullif(ctx->>'prefecture', '');
    end if;
    perform lib.require(lib.owns_round(ctx, r),
        case r.tier when 'province' then '省级轮次由省局管理员开启' else '市州轮次由本市（州）金融办开启' end);
    if nullif(a->>'deadline', '') is null or (a->>'deadline')::date < lib.today() then
        perform lib.fail('INVALID', '提名截止日期须为今天或以后的日期（yyyy-mm-dd）');
    end if;
    select coalesce(sum((x->>'weight')::int), 0) into v_sum from jsonb_array_elements(coalesce(a->'criteria', '[]')) x;
    if v_sum <> 100 then
        perform lib.fail('INVALID', format('评审标准的权重合计应为 100，现为 %s', v_sum));
    end if;
    insert into core.intake_round (tier, prefecture_code, year, title, target, deadline, opened_by)
    values (r.tier, r.prefecture_code, (a->>'year')::int, btrim(a->>'title'), (a->>'target')::int,
            (a->>'deadline')::date, (ctx->>'user_id')::bigint)
    returning * into r;
    for c in select * from jsonb_array_elements(a->'criteria') loop
        i := i + 1;
        insert into core.round_criterion values (r.id, i, btrim(c->>'name'), (c->>'weight')::int);
    end loop;
    for q in select * from jsonb_array_elements(coalesce(a->'quotas', '[]')) loop
        if not exists (select 1 from core.organisation where id = (q->>'org_id')::bigint
                          and kind = 'institution' and not disabled) then
            perform lib.fail('INVALID', format('名额只能分配给在用的金融及中介机构（编号 %s）', q->>'org_id'));
        end if;
        insert into core.round_quota values (r.id, (q->>'org_id')::bigint, (q->>'quota')::int);
    end loop;
    perform lib.set_object('round:' || r.id);
    return lib.round_json(ctx, r.id);
end $$;

create function m.round_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('rounds', jsonb_agg(lib.round_json(ctx, x.id) order by x.k), array_agg(x.k order by x.k),
                    lib.page_limit(a))
      from (select r.id, k.k
              from core.intake_round r, lateral (select lib.page_key(lib.page_desc(r.year), lib.page_desc(r.id)) k) k
             where lib.sees_round(ctx, r)
               and (coalesce((a->>'year')::int, 0) = 0 or r.year = (a->>'year')::int)
               and k.k > lib.page_after(a)
             order by k.k limit lib.page_limit(a) + 1) x
$$;

create function m.round_quota(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.intake_round;
    q jsonb;
    v_used int;
    v_name text;
    v_orgs text := '';
begin
    select * into r from core.intake_round where id = (a->>'round_id')::bigint for update;
    if not found or not lib.sees_round(ctx, r) then
        perform lib.fail('NOT_FOUND', '轮次不存在');
    end if;
    perform lib.require(lib.owns_round(ctx, r), '只有开启该轮次的一方可以调整名额');
    if r.status <> 'open' then
        perform lib.fail('CONFLICT', '轮次已关闭，不能调整名额');
    end if;
    -- several quotas (as round.open takes them), or the one given by org_id and quota
    for q in select * from jsonb_array_elements(case when jsonb_array_length(coalesce(a->'quotas', '[]')) > 0
                                                     then a->'quotas'
                                                     else jsonb_build_array(a) end) loop
        select name into v_name from core.organisation where id = (q->>'org_id')::bigint
                                                          and kind = 'institution' and not disabled;
        if not found then
            perform lib.fail('INVALID', '名额只能分配给在用的金融及中介机构');
        end if;
        if coalesce((q->>'quota')::int, -1) < 0 then
            perform lib.fail('INVALID', format('%s 的名额应为 0 或正整数', v_name));
        end if;
        -- the quota row is the lock submissions take: changing it waits for them
        select count(*) into v_used from core.nomination
         where round_id = r.id and org_id = (q->>'org_id')::bigint and status = 'submitted'
           and replacement_id is null;
        if (q->>'quota')::int < v_used then
            perform lib.fail('CONFLICT', format('%s 已报送 %s 人，名额不能少于此数', v_name, v_used));
        end if;
        insert into core.round_quota values (r.id, (q->>'org_id')::bigint, (q->>'quota')::int)
        on conflict (round_id, org_id) do update set quota = excluded.quota;
        v_orgs := v_orgs || ' org:' || (q->>'org_id');
    end loop;
    perform lib.set_object('round:' || r.id || v_orgs);
    return lib.round_json(ctx, r.id);
end $$;

-- ------------------------------------------------------------------ nominations
-- (nomination.draft itself is in 011, which checks every draft path alike)

-- Who sees a nomination: its office (office staff), its institution
-- (administrator), and once submitted the round's owner tier: the bureau for
-- every tier, a prefecture office for its own rounds.
create function lib.sees_nomination(ctx jsonb, n core.nomination, r core.intake_round) returns boolean
language sql stable as $$
    select case ctx->>'scope'
        when 'province' then n.status = 'submitted'
        when 'prefecture' then n.status = 'submitted' and r.prefecture_code = ctx->>'prefecture'
        when 'org' then n.org_id = (ctx->>'org_id')::bigint
        when 'office' then n.org_id = (ctx->>'org_id')::bigint
                           and n.office_id is not distinct from nullif(ctx->>'office_id', '')::bigint
        else false end
$$;

create function m.nomination_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('nominations', jsonb_agg(lib.nomination_json(x.id) order by x.k), array_agg(x.k order by x.k),
                    lib.page_limit(a))
      from (select n.id, lib.page_key(lib.page_num(n.id)) k
              from core.nomination n join core.intake_round r on r.id = n.round_id
             where lib.sees_nomination(ctx, n, r)
               and (coalesce((a->>'round_id')::bigint, 0) = 0 or n.round_id = (a->>'round_id')::bigint)
               and (coalesce(a->>'status', '') = '' or n.status = a->>'status')
               and lib.page_key(lib.page_num(n.id)) > lib.page_after(a)
             order by n.id limit lib.page_limit(a) + 1) x
$$;

-- Lock and return a nomination of the caller's institution.
create function lib.own_nomination(ctx jsonb, p_id bigint) returns core.nomination
language plpgsql as $$
declare
    n core.nomination;
begin
    select * into n from core.nomination where id = p_id for update;
    if not found or n.org_id <> (ctx->>'org_id')::bigint then
        perform lib.fail('NOT_FOUND', '提名不存在');
    end if;
    return n;
end $$;

create function m.nomination_return(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    n core.nomination := lib.own_nomination(ctx, (a->>'id')::bigint);
begin
    if n.status <> 'draft' then
        perform lib.fail('CONFLICT', '只能退回草稿状态的提名');
    end if;
    if coalesce(btrim(a->>'reason'), '') = '' then
        perform lib.fail('INVALID', '退回须说明原因');
    end if;
    update core.nomination set status = 'returned', return_reason = btrim(a->>'reason'), updated_at = now()
     where id = n.id;
    perform lib.set_object('nomination:' || n.id);
    return lib.nomination_json(n.id);
end $$;

-- A successor's nomination is submitted past the round's deadline and
-- outside the quota; every other submission as before.
create function m.nomination_submit(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    n core.nomination := lib.own_nomination(ctx, (a->>'id')::bigint);
    r core.intake_round;
    v_quota int;
    v_used int;
begin
    if n.status = 'submitted' then
        perform lib.fail('CONFLICT', '该提名已报送');
    end if;
    select * into r from core.intake_round where id = n.round_id;
    if n.replacement_id is null then
        if r.status <> 'open' or r.deadline < lib.today() then
            perform lib.fail('CONFLICT', format('该轮次已于 %s 截止', to_char(r.deadline, 'YYYY-MM-DD')));
        end if;
        -- the quota row serialises every submission of this institution in this round
        select quota into v_quota from core.round_quota
         where round_id = n.round_id and org_id = n.org_id for update;
        select count(*) into v_used from core.nomination
         where round_id = n.round_id and org_id = n.org_id and status = 'submitted' and replacement_id is null;
        if v_used >= v_quota then
            perform lib.fail('CONFLICT', format('本机构在该轮次的名额已用完（已报送 %s 人，名额 %s 人）', v_used, v_quota));
        end if;
    end if;
    update core.nomination
       set status = 'submitted', submitted_by = (ctx->>'user_id')::bigint, submitted_at = now(),
           return_reason = null, updated_at = now()
     where id = n.id;
    perform lib.set_object('nomination:' || n.id);
    return lib.nomination_json(n.id);
end $$;

-- The draft checks, now using the two helpers above.
create function lib.check_draft(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_org bigint := (ctx->>'org_id')::bigint;
    v_office bigint := nullif((a->>'office_id')::bigint, 0);
    v_bad text;
    v_spec text[];
    v_pref text[];
begin
    if coalesce(a->>'_error', '') <> '' then
        perform lib.fail('INVALID', a->>'_error');
    end if;
    if coalesce(a->>'office_name', '') <> '' then
        select id into v_office from core.office
         where org_id = v_org and name = btrim(a->>'office_name') and not disabled;
        if not found then
            perform lib.fail('INVALID', format('本机构没有名为“%s”的网点', btrim(a->>'office_name')));
        end if;
    end if;
    if ctx->>'scope' = 'office' then
        if nullif(ctx->>'office_id', '')::bigint is null then
            perform lib.fail('REFUSED', '经办人员须隶属于某个网点才能起草提名');
        end if;
        if v_office is not null and v_office <> (ctx->>'office_id')::bigint then
            perform lib.fail('REFUSED', '经办人员只能为本网点起草提名');
        end if;
        v_office := (ctx->>'office_id')::bigint;
    end if;
    if coalesce(a->>'id_number_enc', '') = '' then
        perform lib.fail('INVALID', '须填写身份证号码');
    end if;
    perform lib.check_gender(a->>'gender', a->>'id_number_sex');
    if exists (select 1 from core.advisor ad join core.nomination n on n.id = ad.nomination_id
                where n.id_number_idx = a->>'id_number_idx' and ad.status <> 'ended') then
        perform lib.fail('CONFLICT', '该候选人已是在聘金融顾问');
    end if;
    v_spec := lib.norm_specialisms(a->'specialisms');
    select string_agg(x, '、') into v_bad from unnest(lib.text_array(a->'sections')) x
     where x not in (select code from core.industry_section);
    if v_bad is not null then
        perform lib.fail('INVALID', format('未知的国民经济行业门类：%s（应为 A 至 T）', v_bad));
    end if;
    v_pref := lib.norm_prefectures(a->'prefectures');
    return jsonb_build_object('office_id', v_office, 'specialisms', to_jsonb(v_spec),
                              'sections', to_jsonb(lib.text_array(a->'sections')),
                              'prefectures', to_jsonb(v_pref));
end $$;

create function lib.draft_row(ctx jsonb, r core.intake_round, a jsonb) returns bigint
language plpgsql as $$
declare
    v jsonb := lib.check_draft(ctx, a);
    v_id bigint;
begin
    insert into core.nomination (round_id, org_id, office_id, name, gender, id_number_enc, id_number_idx,
                                 id_number_masked, mobile_enc, mobile_idx, mobile_masked, position, title,
                                 years, qualifications, specialisms, sections, prefectures,
                                 declaration_signed, notice_version, drafted_by)
    values (r.id, (ctx->>'org_id')::bigint, (v->>'office_id')::bigint, btrim(a->>'name'), a->>'gender',
            decode(a->>'id_number_enc', 'hex'), a->>'id_number_idx', a->>'id_number_masked',
            decode(nullif(a->>'mobile_enc', ''), 'hex'), nullif(a->>'mobile_idx', ''),
            nullif(a->>'mobile_masked', ''), coalesce(a->>'position', ''), coalesce(a->>'title', ''),
            coalesce((a->>'years')::int, 0), coalesce(a->>'qualifications', ''),
            lib.text_array(v->'specialisms'), lib.text_array(v->'sections'), lib.text_array(v->'prefectures'),
            coalesce((a->>'declaration_signed')::boolean, false), coalesce(a->>'notice_version', ''),
            (ctx->>'user_id')::bigint)
    returning id into v_id;
    return v_id;
end $$;

-- The round of a new draft, open and with a quota for the caller's institution.
create function lib.draft_round(ctx jsonb, p_round bigint) returns core.intake_round
language plpgsql as $$
declare
    r core.intake_round;
begin
    select * into r from core.intake_round where id = p_round;
    if not found or not lib.sees_round(ctx, r) then
        perform lib.fail('NOT_FOUND', '轮次不存在，或本机构在该轮次没有提名名额');
    end if;
    if r.status <> 'open' or r.deadline < lib.today() then
        perform lib.fail('CONFLICT', format('该轮次已于 %s 截止', to_char(r.deadline, 'YYYY-MM-DD')));
    end if;
    return r;
end $$;

create function m.nomination_draft(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_id bigint;
begin
    if coalesce((a->>'replacement_id')::bigint, 0) <> 0 then
        v_id := lib.draft_row(ctx, lib.replacement_round(ctx, (a->>'replacement_id')::bigint), a);
        update core.nomination set replacement_id = (a->>'replacement_id')::bigint where id = v_id;
    else
        v_id := lib.draft_row(ctx, lib.draft_round(ctx, (a->>'round_id')::bigint), a);
    end if;
    perform lib.set_object('nomination:' || v_id);
    return lib.nomination_json(v_id);
end $$;

create function lib.nomination_import_rows(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.intake_round := lib.draft_round(ctx, (a->>'round_id')::bigint);
    v_row jsonb;
    v_ids bigint[] := '{}';
    v_errors text[] := '{}';
    v_state text;
    v_msg text;
    v_constraint text;
    v_text text;
begin
    if jsonb_array_length(coalesce(a->'rows', '[]')) = 0 then
        perform lib.fail('INVALID', '文件中没有提名数据');
    end if;
    if jsonb_array_length(a->'rows') > 10000 then
        perform lib.fail('INVALID', '一次最多导入 10000 行');
    end if;
    for v_row in select * from jsonb_array_elements(a->'rows') loop
        begin
            v_ids := v_ids || lib.draft_row(ctx, r, v_row);
        exception when others then
            get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text,
                                    v_constraint = constraint_name;
            v_text := case when v_state like 'RP0%' then v_msg
                           else coalesce((select message from core.constraint_message
                                           where name = case v_constraint when 'nomination_person_key'
                                                 then 'nomination_person_key_file' else v_constraint end),
                                         lib.error_answer(v_state, v_msg, v_constraint)->>'message') end;
            v_errors := v_errors || format('第 %s 行（%s）：%s', v_row->>'line', coalesce(v_row->>'name', ''), v_text);
        end;
    end loop;
    if cardinality(v_errors) > 0 then
        perform lib.fail('INVALID', format('文件有 %s 行不符合要求，未导入任何记录', cardinality(v_errors)),
                             array_to_string(v_errors[1:200], E'\n'));
    end if;
    perform lib.set_object('round:' || r.id || ' imported:' || cardinality(v_ids));
    return jsonb_build_object('imported', cardinality(v_ids), 'ids', to_jsonb(v_ids));
end $$;

-- The whole draft is sent again (as for nomination.draft); a returned
-- nomination goes back to draft.
create function m.nomination_update(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    n core.nomination;
    v jsonb;
begin
    select * into n from core.nomination where id = (a->>'id')::bigint for update;
    if not found or n.org_id <> (ctx->>'org_id')::bigint
       or (ctx->>'scope' = 'office' and n.office_id is distinct from nullif(ctx->>'office_id', '')::bigint) then
        perform lib.fail('NOT_FOUND', '提名不存在');
    end if;
    if n.status not in ('draft', 'returned') then
        perform lib.fail('CONFLICT', '已报送的提名不能修改');
    end if;
    if n.replacement_id is null then
        perform lib.draft_round(ctx, n.round_id);
    end if;
    -- only what changes is given: the rest, the identity number too, stays as
    -- stored (its sex is the gender it was checked against)
    a := jsonb_build_object(
             'office_id', n.office_id, 'name', n.name, 'gender', n.gender,
             'id_number_enc', encode(n.id_number_enc, 'hex'), 'id_number_idx', n.id_number_idx,
             'id_number_masked', n.id_number_masked, 'id_number_sex', n.gender,
             'mobile_enc', coalesce(encode(n.mobile_enc, 'hex'), ''), 'mobile_idx', coalesce(n.mobile_idx, ''),
             'mobile_masked', coalesce(n.mobile_masked, ''), 'position', n.position, 'title', n.title,
             'years', n.years, 'qualifications', n.qualifications, 'specialisms', to_jsonb(n.specialisms),
             'sections', to_jsonb(n.sections), 'prefectures', to_jsonb(n.prefectures),
             'declaration_signed', n.declaration_signed, 'notice_version', n.notice_version)
         || lib.given(a);
    v := lib.check_draft(ctx, a);
    update core.nomination
       set office_id = (v->>'office_id')::bigint, name = btrim(a->>'name'), gender = a->>'gender',
           id_number_enc = decode(a->>'id_number_enc', 'hex'), id_number_idx = a->>'id_number_idx',
           id_number_masked = a->>'id_number_masked',
           mobile_enc = decode(nullif(a->>'mobile_enc', ''), 'hex'), mobile_idx = nullif(a->>'mobile_idx', ''),
           mobile_masked = nullif(a->>'mobile_masked', ''), position = coalesce(a->>'position', ''),
           title = coalesce(a->>'title', ''), years = coalesce((a->>'years')::int, 0),
           qualifications = coalesce(a->>'qualifications', ''),
           specialisms = lib.text_array(v->'specialisms'), sections = lib.text_array(v->'sections'),
           prefectures = lib.text_array(v->'prefectures'),
           declaration_signed = coalesce((a->>'declaration_signed')::boolean, false),
           notice_version = coalesce(a->>'notice_version', ''),
           status = 'draft', return_reason = null, updated_at = now()
     where id = n.id;
    perform lib.set_object('nomination:' || n.id);
    return lib.nomination_json(n.id);
end $$;

create function m.nomination_reveal(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    n core.nomination;
    r core.intake_round;
begin
    select * into n from core.nomination where id = (a->>'id')::bigint;
    select * into r from core.intake_round where id = n.round_id;
    if n.id is null or not coalesce(lib.sees_nomination(ctx, n, r), false)
       or (ctx->>'scope' = 'prefecture' and not lib.owns_round(ctx, r)) then
        perform lib.fail('NOT_FOUND', '提名不存在');
    end if;
    perform lib.set_object('nomination:' || n.id || ' id_number mobile');
    return jsonb_build_object('nomination_id', n.id, 'name', n.name,
                              'id_number_enc', encode(n.id_number_enc, 'hex'),
                              'mobile_enc', coalesce(encode(n.mobile_enc, 'hex'), ''));
end $$;

-- Does any row need a message that only check_draft gives?  Written as
-- joins over all rows at once (a 10,000-row file is checked in one pass).
create function lib.import_problems(ctx jsonb, p_rows jsonb) returns boolean
language sql stable as $$
    with rows as (select x from jsonb_array_elements(p_rows) x),
    own_office as (select f.id, f.name from core.office f
                    where f.org_id = (ctx->>'org_id')::bigint and not f.disabled),
    prefecture as (select code, name from core.division where level = 'prefecture')
    select exists (
        select 1 from rows
         where coalesce(x->>'_error', '') <> '' or coalesce(x->>'id_number_enc', '') = ''
            or (coalesce(x->>'office_name', '') <> ''
                and not exists (select 1 from own_office f where f.name = btrim(x->>'office_name')))
            or (ctx->>'scope' = 'office'
                and (nullif(ctx->>'office_id', '') is null
                     or (coalesce(x->>'office_name', '') <> ''
                         and not exists (select 1 from own_office f
                                          where f.id = (ctx->>'office_id')::bigint
                                            and f.name = btrim(x->>'office_name')))
                     or coalesce((x->>'office_id')::bigint, 0) not in (0, (ctx->>'office_id')::bigint))))
        or exists (select 1 from rows, jsonb_array_elements_text(coalesce(x->'specialisms', '[]')) v
                    where not exists (select 1 from core.specialism sp
                                       where sp.code = btrim(v) or sp.label = btrim(v)))
        or exists (select 1 from rows, jsonb_array_elements_text(coalesce(x->'sections', '[]')) v
                    where not exists (select 1 from core.industry_section s where s.code = btrim(v)))
        or exists (select 1 from rows, jsonb_array_elements_text(coalesce(x->'prefectures', '[]')) v
                    where not exists (select 1 from prefecture d where d.code = btrim(v) or d.name = btrim(v)))
        or exists (select 1 from rows r join core.nomination n on n.id_number_idx = r.x->>'id_number_idx'
                     join core.advisor ad on ad.nomination_id = n.id
                    where ad.status <> 'ended')
        or exists (select 1 from rows group by x->>'id_number_idx' having count(*) > 1)
$$;

create function m.nomination_import(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.intake_round := lib.draft_round(ctx, (a->>'round_id')::bigint);
    v_ids bigint[];
begin
    if jsonb_array_length(coalesce(a->'rows', '[]')) between 1 and 10000
       and not lib.import_problems(ctx, a->'rows') then
        begin
            -- the lateral lists below depend on the list alone, so a file's few
            -- distinct lists are mapped once each (Memoize)
            with rows as (select x, x->'specialisms' as sj, x->'prefectures' as pj, o
                            from jsonb_array_elements(a->'rows') with ordinality t(x, o)),
            office as (select f.id, f.name from core.office f
                        where f.org_id = (ctx->>'org_id')::bigint and not f.disabled),
            ins as (
                insert into core.nomination (round_id, org_id, office_id, name, gender, id_number_enc, id_number_idx,
                                             id_number_masked, mobile_enc, mobile_idx, mobile_masked, position,
                                             title, years, qualifications, specialisms, sections, prefectures,
                                             declaration_signed, notice_version, drafted_by)
                select r.id, (ctx->>'org_id')::bigint,
                       case when ctx->>'scope' = 'office' then (ctx->>'office_id')::bigint
                            else coalesce(f.id, nullif((x->>'office_id')::bigint, 0)) end,
                       btrim(x->>'name'), x->>'gender', decode(x->>'id_number_enc', 'hex'), x->>'id_number_idx',
                       x->>'id_number_masked', decode(nullif(x->>'mobile_enc', ''), 'hex'),
                       nullif(x->>'mobile_idx', ''), nullif(x->>'mobile_masked', ''),
                       coalesce(x->>'position', ''), coalesce(x->>'title', ''), coalesce((x->>'years')::int, 0),
                       coalesce(x->>'qualifications', ''), coalesce(spec.codes, '{}'),
                       lib.text_array(x->'sections'), coalesce(pref.codes, '{}'),
                       coalesce((x->>'declaration_signed')::boolean, false), coalesce(x->>'notice_version', ''),
                       (ctx->>'user_id')::bigint
                  from rows
                 cross join lateral (
                       select array_agg(coalesce(sp.code, btrim(e.v)) order by e.i) as codes
                         from jsonb_array_elements_text(coalesce(rows.sj, '[]')) with ordinality e(v, i)
                         left join core.specialism sp on sp.label = btrim(e.v)) spec
                 cross join lateral (
                       select array_agg(coalesce(d.code, btrim(e.v)) order by e.i) as codes
                         from jsonb_array_elements_text(coalesce(rows.pj, '[]')) with ordinality e(v, i)
                         left join core.division d on d.level = 'prefecture' and d.name = btrim(e.v)) pref
                  left join office f on f.name = btrim(rows.x->>'office_name')
                 order by rows.o
                returning id)
            select array_agg(id order by id) into v_ids from ins;
            perform lib.set_object('round:' || r.id || ' imported:' || cardinality(v_ids));
            return jsonb_build_object('imported', cardinality(v_ids), 'ids', to_jsonb(v_ids));
        exception when others then
            null;       -- a constraint refused a row: the row-by-row import names it
        end;
    end if;
    return lib.nomination_import_rows(ctx, a);
end $$;
