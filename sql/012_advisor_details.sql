-- 012_advisor_details.sql - an advisor keeps its own current details
-- (office, position, title, mobile, specialisms, prefectures served),
-- copied from the nomination at appointment and changed afterwards (team
-- sync, P4) without touching the nomination, which stays as it was
-- reviewed.  Every change to an advisor or its terms bumps its version:
-- team.sync compares it with the version the office last saw.

alter table core.advisor
    add column gender        text,
    add column office_id     bigint,
    add column position      text not null default '',
    add column title         text not null default '',
    add column mobile_enc    bytea,
    add column mobile_idx    text,
    add column mobile_masked text,
    add column specialisms   text[] not null default '{}',
    add column prefectures   text[] not null default '{}',
    add column version       int not null default 1,
    add column updated_at    timestamptz not null default now(),
    add constraint advisor_office_fk foreign key (office_id, org_id) references core.office (id, org_id);

update core.advisor a
   set gender = n.gender, office_id = n.office_id, position = n.position, title = n.title,
       mobile_enc = n.mobile_enc, mobile_idx = n.mobile_idx, mobile_masked = n.mobile_masked,
       specialisms = n.specialisms, prefectures = n.prefectures
  from core.nomination n where n.id = a.nomination_id;

alter table core.advisor
    add constraint advisor_specialisms_check check (cardinality(specialisms) between 1 and 10),
    add constraint advisor_prefectures_check check (cardinality(prefectures) >= 1);

insert into core.constraint_message values
  ('advisor_office_fk', '网点不属于该顾问所在机构'),
  ('advisor_specialisms_check', '至少选择一项专业领域'),
  ('advisor_prefectures_check', '至少选择一个可服务的市（州）');

create function core.advisor_bump() returns trigger
language plpgsql as $$
begin
    if new is distinct from old then
        new.version := old.version + 1;
        new.updated_at := now();
    end if;
    return new;
end $$;

create trigger advisor_bump before update on core.advisor
    for each row execute function core.advisor_bump();

-- A new, extended or ended term is a change of the advisor too.
create function core.advisor_term_touch() returns trigger
language plpgsql as $$
begin
    update core.advisor set updated_at = now() where id = new.advisor_id;
    return null;
end $$;

create trigger advisor_term_touch after insert or update on core.advisor_term
    for each row execute function core.advisor_term_touch();

create or replace function core.appoint(p_nomination bigint, p_by bigint) returns bigint
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
        perform core.issue_term(v_id, current_date, p_by, '聘任');
    end if;
    return v_id;
end $$;

create or replace function core.advisor_json(ctx jsonb, p_id bigint) returns jsonb
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
        'updated_at', to_char(a.updated_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'))
      from core.advisor a join core.organisation o on o.id = a.org_id
      left join core.office f on f.id = a.office_id
      left join core.advisor_term t on t.advisor_id = a.id and t.status = 'current'
     where a.id = p_id
$$;

-- The roster names the specialisms the advisor has now.
create or replace function m.roster_publish(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_tier text := coalesce(nullif(a->>'tier', ''), 'province');
    v_scope text;
    v_rows jsonb;
    p core.roster_publication;
begin
    if v_tier = 'province' then
        perform core.require(core.has_role(ctx, 'bureau_admin'), '省级名单由省局管理员发布');
        v_scope := 'province';
    else
        perform core.require(core.has_role(ctx, 'prefecture_staff'), '市州名单由本市（州）金融办发布');
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
      join core.advisor_term t on t.advisor_id = ad.id and t.status = 'current'
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
    perform core.set_object('roster:' || v_scope || ' version:' || p.version);
    return core.roster_json(p);
end $$;
