-- names.sql - the names officials know, turned into the ids the methods
-- take (ref.resolve): an organisation by its name, short name or unified
-- social credit code; a user by user name or name; an office by name; a
-- prefecture or county by name; an advisor by name, with its institution
-- when two share one ("李青（青海高原农商银行）"); an enterprise by name or
-- credit code; a round by title or year; a group by name; a candidate by
-- name; a recommendation by its enterprise.  Only what the caller may see
-- is found.  One match is the answer; none is NOT_FOUND; several are
-- refused with every candidate and its id, to choose from.

-- A text as "name（qualifier）" or "name@qualifier" or "name qualifier": its two parts.
create function lib.name_parts(p_text text) returns text[]
language sql immutable as $$
    select case
        when btrim(p_text) ~ '^[^（(@]+[（(].+[）)]$'
            then array[btrim(regexp_replace(btrim(p_text), '[（(].*$', '')),
                       btrim(regexp_replace(btrim(p_text), '^[^（(]+[（(](.*)[）)]$', '\1'))]
        when position('@' in p_text) > 0
            then array[btrim(split_part(p_text, '@', 1)), btrim(split_part(p_text, '@', 2))]
        else array[btrim(p_text), null]
    end
$$;

-- The candidates of a kind for a text, as (id, code, label) rows.
create function lib.name_candidates(ctx jsonb, p_kind text, p_text text, p_method text)
returns table (id bigint, code text, label text)
language plpgsql stable as $$
#variable_conflict use_column
declare
    v_parts text[] := lib.name_parts(p_text);
    v_name text := v_parts[1];
    v_qual text := v_parts[2];
    v_year int := case when btrim(p_text) ~ '^[0-9]{4}' then left(btrim(p_text), 4)::int end;
    v_rest text := btrim(regexp_replace(btrim(p_text), '^[0-9]{4}\s*(年)?', ''));
begin
    case p_kind
    when 'org' then
        return query
            select o.id, coalesce(o.credit_code, '')::text, o.name || coalesce('（' || nullif(o.short_name, '') || '）', '')
              from core.organisation o
             where (o.name in (btrim(p_text), v_name) or o.short_name = v_name or o.credit_code = upper(v_name))
               and (lib.sees_org(ctx, o.id)
                    -- the program's institutions are public: an advisor or an enterprise names its lenders
                    or (o.kind = 'institution' and not o.disabled
                        and (lib.has_role(ctx, 'advisor') or lib.has_role(ctx, 'enterprise_contact'))))
             order by o.id;
    when 'user' then
        return query
            select u.id, u.username::text, u.display_name || '（' || u.username || '，' || o.name || '）'
              from core.app_user u join core.organisation o on o.id = u.org_id
             where (u.username = lower(v_name) or u.display_name = v_name)
               and (v_qual is null or o.name = v_qual or o.short_name = v_qual)
               and (lib.sees_user(ctx, u.org_id, u.office_id, u.id)
                    -- the experts a round's owner may assign (review.experts)
                    or ((lib.has_role(ctx, 'bureau_admin') or lib.has_role(ctx, 'prefecture_staff'))
                        and not u.disabled
                        and exists (select 1 from core.user_role r where r.user_id = u.id
                                                                      and r.role = 'expert_reviewer')))
             order by u.username = lower(v_name) desc, u.id;
    when 'office' then
        return query
            select f.id, ''::text, f.name || '（' || o.name || '）'
              from core.office f join core.organisation o on o.id = f.org_id
             where f.name = v_name and (v_qual is null or o.name = v_qual or o.short_name = v_qual)
               and lib.sees_org(ctx, f.org_id)
             order by f.org_id = (ctx->>'org_id')::bigint desc, f.id;
    when 'division' then
        return query
            select 0::bigint, d.code::text, d.name || ' ' || d.code
              from core.division d
             where d.name = v_name or d.code = v_name
                -- 海西州 and 海西 for 海西蒙古族藏族自治州, 西宁 for 西宁市
                or (d.level = 'prefecture' and (regexp_replace(d.name, '(蒙古族藏族|藏族)自治州$', '州') = v_name
                                                or regexp_replace(d.name, '(市|州|蒙古族藏族自治州|藏族自治州)$', '') = v_name))
             order by d.code;
    when 'advisor' then
        return query
            select ad.id, coalesce(t.cert_no, '')::text, ad.name || '（' || o.name || coalesce('，' || t.cert_no, '') || '）'
              from core.advisor ad join core.organisation o on o.id = ad.org_id
              left join lateral lib.advisor_term_now(ad.id) t on true
             where ad.name = v_name and (v_qual is null or o.name = v_qual or o.short_name = v_qual)
               and (lib.sees_advisor(ctx, ad) or lib.manages_advisor(ctx, ad)
                    -- an advisor names the colleagues it serves with, an enterprise the
                    -- advisors it deals with, a prefecture office the provincial advisors
                    -- working on its prefecture (the roster is public)
                    or ((lib.has_role(ctx, 'advisor') or lib.has_role(ctx, 'enterprise_contact')
                         or lib.has_role(ctx, 'prefecture_staff'))
                        and ad.status = 'active'))
             order by ad.status = 'ended', ad.id;
    when 'enterprise' then
        return query
            select e.org_id, coalesce(o.credit_code, '')::text, o.name || '（' || coalesce(o.credit_code, '') || '）'
              from core.enterprise e join core.organisation o on o.id = e.org_id
             where (o.name in (btrim(p_text), v_name) or o.credit_code = upper(v_name))
               and (lib.sees_enterprise(ctx, e)
                    -- a lender names the enterprises referred to it
                    or exists (select 1 from core.referral r where r.enterprise_id = e.org_id
                                                               and lib.is_lender(ctx, r.lender_id))
                    -- an advisor names the enterprises it serves (or its group does)
                    or (lib.has_role(ctx, 'advisor') and exists (
                            select 1 from core.pairing p where p.enterprise_id = e.org_id and p.until is null
                                                           and lib.sees_pair(ctx, p))))
             order by e.org_id;
    when 'round' then
        if p_method like 'keylist.%' or p_method like 'recommendation.%' or p_method like 'removal.%' then
            return query
                select r.id, ''::text, r.year || ' 年' || case r.tier when 'province' then '省级'
                                 else (select name from core.division where code = r.prefecture_code) end || '推荐轮次'
                  from core.keylist_round r
                 where v_year = r.year and lib.sees_keylist(ctx, r)
                   and (v_rest = '' or (r.tier = 'province' and v_rest like '省级%')
                        or (select name from core.division where code = r.prefecture_code) like v_rest || '%')
                 order by r.tier = 'province' desc, r.id;
        else
            return query
                select r.id, ''::text, r.year || ' 年 ' || r.title
                  from core.intake_round r
                 where (r.title = btrim(p_text) or (v_year = r.year and (v_rest = '' or r.title = v_rest)))
                   and lib.sees_round(ctx, r)
                 order by r.id;
        end if;
    when 'group' then
        return query
            select g.id, ''::text, g.year || ' 年' || g.name || coalesce('（' || (select name from core.division
                                                                            where code = g.prefecture_code) || '）', '')
              from core.service_group g
             where g.name = v_name
               and (ctx->>'scope' = 'province' or g.prefecture_code = ctx->>'prefecture')
               and (v_qual is null or g.year::text = v_qual)
             order by g.year desc, g.id;
    when 'nomination' then
        return query
            select n.id, ''::text, n.name || '（' || o.name || '，' || r.year || ' 年 ' || r.title || '，'
                             || case n.status when 'draft' then '草稿' when 'returned' then '已退回' else '已报送' end || '）'
              from core.nomination n join core.intake_round r on r.id = n.round_id
              join core.organisation o on o.id = n.org_id
             where n.name = v_name and (v_qual is null or o.name = v_qual or r.title = v_qual)
               and lib.sees_nomination(ctx, n, r)
             order by r.status = 'open' desc, n.id desc;
    when 'recommendation' then
        return query
            select rc.id, coalesce(o.credit_code, '')::text, o.name || '（' || rr.year || ' 年，'
                          || case rc.status when 'submitted' then '待审核' when 'returned' then '已退回'
                                            when 'approved' then '已列入' else '不予列入' end || '）'
              from core.recommendation rc join core.organisation o on o.id = rc.enterprise_id
              join core.keylist_round rr on rr.id = rc.round_id
             where (o.name in (btrim(p_text), v_name) or o.credit_code = upper(v_name))
               and (ctx->>'scope' = 'province' or rc.prefecture_code = ctx->>'prefecture')
               and lib.sees_keylist(ctx, rr)
             order by rc.id desc;
    else
        perform lib.fail('INVALID', format('不能按名称查找“%s”', p_kind));
    end case;
end $$;

create function m.ref_resolve(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    v_text text := btrim(coalesce(a->>'text', ''));
    v_kind text := a->>'kind';
    v_what text := case v_kind when 'org' then '机构' when 'user' then '用户' when 'office' then '网点'
                       when 'division' then '行政区划' when 'advisor' then '顾问' when 'enterprise' then '企业'
                       when 'round' then '轮次' when 'group' then '小组' when 'nomination' then '候选人提名'
                       when 'recommendation' then '推荐' else v_kind end;
    v_rows jsonb;
    v_n int;
begin
    if v_text = '' then
        perform lib.fail('INVALID', format('须给出%s的名称或编号', v_what));
    end if;
    select coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'code', c.code, 'label', c.label)), '[]'), count(*)
      into v_rows, v_n
      from (select * from lib.name_candidates(ctx, v_kind, v_text, coalesce(a->>'method', '')) limit 50) c;
    if v_n = 0 then
        perform lib.fail('NOT_FOUND', format('没有找到名为“%s”的%s（或不在您的查看范围内）', v_text, v_what));
    end if;
    if v_n > 1 then
        perform lib.fail('INVALID', format('“%s”对应 %s 个%s，请用编号指明（或写明所在机构，如“%s（机构名称）”）：',
                                           v_text, v_n, v_what, split_part(v_text, '（', 1)),
                         (select string_agg(format('%s  %s', case when (r->>'id')::bigint <> 0 then r->>'id'
                                                                 else r->>'code' end, r->>'label'), E'\n')
                            from jsonb_array_elements(v_rows) r));
    end if;
    return jsonb_build_object('id', (v_rows->0->>'id')::bigint, 'code', v_rows->0->>'code',
                              'label', v_rows->0->>'label');
end $$;
