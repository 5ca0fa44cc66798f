-- 016_import_in_one_statement.sql - a clean nomination file is stored by
-- one INSERT ... SELECT instead of one subtransaction per row.
--
-- The rules stay where they are (core.check_draft and the table's
-- constraints).  core.import_problems answers one question, set-based:
-- would check_draft refuse any row?  If not, the rows go in with one
-- statement, and the constraints still stand guard; if anything refuses
-- (a problem, or a constraint during the insert), the file goes the old
-- way, row by row, so that every bad row is named with its reason.

-- The quota key (round, institution) already guarantees that both exist:
-- the two single-column keys only cost a check per inserted row.
alter table core.nomination drop constraint nomination_round_id_fkey,
                            drop constraint nomination_org_id_fkey;

-- Does any row need a message that only check_draft gives?  Written as
-- joins over all rows at once (a 10,000-row file is checked in one pass).
create function core.import_problems(ctx jsonb, p_rows jsonb) returns boolean
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

-- The row-by-row import of 011 stays as it was, under another name: it is
-- the way for a file that needs its rows named.
alter function m.nomination_import(jsonb, jsonb) rename to nomination_import_rows;
alter function m.nomination_import_rows(jsonb, jsonb) set schema core;

create function m.nomination_import(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.intake_round := core.draft_round(ctx, (a->>'round_id')::bigint);
    v_ids bigint[];
begin
    if jsonb_array_length(coalesce(a->'rows', '[]')) between 1 and 10000
       and not core.import_problems(ctx, a->'rows') then
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
                       core.text_array(x->'sections'), coalesce(pref.codes, '{}'),
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
            perform core.set_object('round:' || r.id || ' imported:' || cardinality(v_ids));
            return jsonb_build_object('imported', cardinality(v_ids), 'ids', to_jsonb(v_ids));
        exception when others then
            null;       -- a constraint refused a row: the row-by-row import names it
        end;
    end if;
    return core.nomination_import_rows(ctx, a);
end $$;
