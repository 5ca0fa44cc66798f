-- 011_nomination_import.sql - one set of checks for every way a draft is
-- made: a single draft (nomination.draft), a row of a file
-- (nomination.import) and a correction (nomination.update).
--
-- A file is imported whole or not at all: every row is checked (plus: the
-- office named in the file, duplicates within the file and against
-- advisors in office); the answer lists every bad row with its line and
-- reason.  A correction re-checks the whole draft and makes a returned
-- nomination a draft again.

insert into core.constraint_message values
  ('nomination_person_key_file', '与文件中的另一行或本轮已有提名重复（同一身份证号）');

-- Validate a draft's fields for the caller; returns the normalised values:
-- office_id, specialisms (codes), sections, prefectures (codes).
create function core.check_draft(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_org bigint := (ctx->>'org_id')::bigint;
    v_office bigint := nullif((a->>'office_id')::bigint, 0);
    v_bad text;
begin
    if coalesce(a->>'_error', '') <> '' then
        perform core.fail(1, a->>'_error');
    end if;
    if coalesce(a->>'office_name', '') <> '' then
        select id into v_office from core.office
         where org_id = v_org and name = btrim(a->>'office_name') and not disabled;
        if not found then
            perform core.fail(1, format('本机构没有名为“%s”的网点', btrim(a->>'office_name')));
        end if;
    end if;
    if ctx->>'scope' = 'office' then
        if nullif(ctx->>'office_id', '')::bigint is null then
            perform core.fail(3, '经办人员须隶属于某个网点才能起草提名');
        end if;
        if v_office is not null and v_office <> (ctx->>'office_id')::bigint then
            perform core.fail(3, '经办人员只能为本网点起草提名');
        end if;
        v_office := (ctx->>'office_id')::bigint;
    end if;
    if coalesce(a->>'id_number_enc', '') = '' then
        perform core.fail(1, '须填写身份证号码');
    end if;
    if exists (select 1 from core.advisor ad join core.nomination n on n.id = ad.nomination_id
                where n.id_number_idx = a->>'id_number_idx' and ad.status <> 'ended') then
        perform core.fail(5, '该候选人已是在聘金融顾问');
    end if;
    select string_agg(x, '、') into v_bad from unnest(core.text_array(a->'specialisms')) x
     where x not in (select code from core.specialism) and x not in (select label from core.specialism);
    if v_bad is not null then
        perform core.fail(1, format('未知的专业领域：%s（可选：%s）', v_bad,
                                   (select string_agg(code || ' ' || label, '、' order by code) from core.specialism)));
    end if;
    select string_agg(x, '、') into v_bad from unnest(core.text_array(a->'sections')) x
     where x not in (select code from core.industry_section);
    if v_bad is not null then
        perform core.fail(1, format('未知的国民经济行业门类：%s（应为 A 至 T）', v_bad));
    end if;
    select string_agg(x, '、') into v_bad from unnest(core.text_array(a->'prefectures')) x
     where x not in (select code from core.division where level = 'prefecture')
       and x not in (select name from core.division where level = 'prefecture');
    if v_bad is not null then
        perform core.fail(1, format('不是青海省的市（州）代码：%s', v_bad));
    end if;
    return jsonb_build_object(
        'office_id', v_office,
        'specialisms', (select coalesce(jsonb_agg(coalesce(sp.code, x)), '[]')
                          from unnest(core.text_array(a->'specialisms')) x
                          left join core.specialism sp on sp.label = x),
        'sections', to_jsonb(core.text_array(a->'sections')),
        'prefectures', (select coalesce(jsonb_agg(coalesce(d.code, x)), '[]')
                          from unnest(core.text_array(a->'prefectures')) x
                          left join core.division d on d.level = 'prefecture' and d.name = x));
end $$;

create function core.draft_row(ctx jsonb, r core.intake_round, a jsonb) returns bigint
language plpgsql as $$
declare
    v jsonb := core.check_draft(ctx, a);
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
            core.text_array(v->'specialisms'), core.text_array(v->'sections'), core.text_array(v->'prefectures'),
            coalesce((a->>'declaration_signed')::boolean, false), coalesce(a->>'notice_version', ''),
            (ctx->>'user_id')::bigint)
    returning id into v_id;
    return v_id;
end $$;

-- The round of a new draft, open and with a quota for the caller's institution.
create function core.draft_round(ctx jsonb, p_round bigint) returns core.intake_round
language plpgsql as $$
declare
    r core.intake_round;
begin
    select * into r from core.intake_round where id = p_round;
    if not found or not core.sees_round(ctx, r) then
        perform core.fail(4, '轮次不存在，或本机构在该轮次没有提名名额');
    end if;
    if r.status <> 'open' or r.deadline < current_date then
        perform core.fail(5, format('该轮次已于 %s 截止', to_char(r.deadline, 'YYYY-MM-DD')));
    end if;
    return r;
end $$;

create function m.nomination_draft(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_id bigint := core.draft_row(ctx, core.draft_round(ctx, (a->>'round_id')::bigint), a);
begin
    perform core.set_object('nomination:' || v_id);
    return core.nomination_json(v_id);
end $$;

create function m.nomination_import(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.intake_round := core.draft_round(ctx, (a->>'round_id')::bigint);
    v_row jsonb;
    v_ids bigint[] := '{}';
    v_errors text[] := '{}';
    v_state text;
    v_msg text;
    v_constraint text;
    v_text text;
begin
    if jsonb_array_length(coalesce(a->'rows', '[]')) = 0 then
        perform core.fail(1, '文件中没有提名数据');
    end if;
    if jsonb_array_length(a->'rows') > 10000 then
        perform core.fail(1, '一次最多导入 10000 行');
    end if;
    for v_row in select * from jsonb_array_elements(a->'rows') loop
        begin
            v_ids := v_ids || core.draft_row(ctx, r, v_row);
        exception when others then
            get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text,
                                    v_constraint = constraint_name;
            v_text := case when v_state like 'RP0%' then v_msg
                           else coalesce((select message from core.constraint_message
                                           where name = case v_constraint when 'nomination_person_key'
                                                 then 'nomination_person_key_file' else v_constraint end),
                                         core.error_answer(v_state, v_msg, v_constraint)->>'message') end;
            v_errors := v_errors || format('第 %s 行（%s）：%s', v_row->>'line', coalesce(v_row->>'name', ''), v_text);
        end;
    end loop;
    if cardinality(v_errors) > 0 then
        perform core.fail(1, format('文件有 %s 行不符合要求，未导入任何记录：', cardinality(v_errors))
                             || E'\n' || array_to_string(v_errors[1:200], E'\n'));
    end if;
    perform core.set_object('round:' || r.id || ' imported:' || cardinality(v_ids));
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
        perform core.fail(4, '提名不存在');
    end if;
    if n.status not in ('draft', 'returned') then
        perform core.fail(5, '已报送的提名不能修改');
    end if;
    perform core.draft_round(ctx, n.round_id);
    v := core.check_draft(ctx, a);
    update core.nomination
       set office_id = (v->>'office_id')::bigint, name = btrim(a->>'name'), gender = a->>'gender',
           id_number_enc = decode(a->>'id_number_enc', 'hex'), id_number_idx = a->>'id_number_idx',
           id_number_masked = a->>'id_number_masked',
           mobile_enc = decode(nullif(a->>'mobile_enc', ''), 'hex'), mobile_idx = nullif(a->>'mobile_idx', ''),
           mobile_masked = nullif(a->>'mobile_masked', ''), position = coalesce(a->>'position', ''),
           title = coalesce(a->>'title', ''), years = coalesce((a->>'years')::int, 0),
           qualifications = coalesce(a->>'qualifications', ''),
           specialisms = core.text_array(v->'specialisms'), sections = core.text_array(v->'sections'),
           prefectures = core.text_array(v->'prefectures'),
           declaration_signed = coalesce((a->>'declaration_signed')::boolean, false),
           notice_version = coalesce(a->>'notice_version', ''),
           status = 'draft', return_reason = null, updated_at = now()
     where id = n.id;
    perform core.set_object('nomination:' || n.id);
    return core.nomination_json(n.id);
end $$;
