-- 013_replacement.sql - replacing an advisor (P3, P12): the institution
-- reports that an advisor has moved job or is not performing; the tier that
-- appointed the advisor verifies the report (the advisor's term then ends);
-- the institution nominates a successor through a short path — into the
-- round the advisor came from, past its deadline and outside its quota —
-- and the successor is reviewed, decided and confirmed as any candidate.
-- The advisor's history keeps every term, the report and the successor.

create table core.replacement (
    id            bigserial primary key,
    advisor_id    bigint not null references core.advisor,
    org_id        bigint not null references core.organisation,
    kind          text not null check (kind in ('moved', 'not_performing', 'other')),
    reason        text not null check (length(btrim(reason)) between 2 and 500),
    status        text not null default 'reported'
                  check (status in ('reported', 'verified', 'rejected', 'completed')),
    reported_by   bigint not null references core.app_user,
    reported_at   timestamptz not null default now(),
    verified_by   bigint references core.app_user,
    verified_at   timestamptz,
    verify_note   text,
    constraint replacement_verified check ((status = 'reported') = (verified_by is null))
);
-- one open report per advisor
create unique index replacement_one_open on core.replacement (advisor_id)
    where status in ('reported', 'verified');

alter table core.nomination add column replacement_id bigint references core.replacement;
create index nomination_by_replacement on core.nomination (replacement_id) where replacement_id is not null;

insert into core.constraint_message values
  ('replacement_one_open', '该顾问已有尚未办结的更换报告'),
  ('replacement_kind_check', '更换原因类别应为 moved（工作变动）、not_performing（未尽职）或 other（其他）'),
  ('replacement_reason_check', '须说明更换原因（2 至 500 个字符）');

-- Appointing the successor completes the replacement.
create function core.replacement_complete() returns trigger
language plpgsql as $$
begin
    update core.replacement rp set status = 'completed'
      from core.nomination n
     where n.id = new.nomination_id and rp.id = n.replacement_id and rp.status = 'verified';
    return null;
end $$;

create trigger advisor_replacement_complete after insert on core.advisor
    for each row execute function core.replacement_complete();

create function core.replacement_json(p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', rp.id, 'advisor_id', rp.advisor_id, 'advisor_name', ad.name,
        'org_id', rp.org_id, 'org_name', o.name, 'kind', rp.kind, 'reason', rp.reason,
        'status', rp.status, 'tier', ad.tier, 'prefecture_code', coalesce(ad.prefecture_code, ''),
        'reported_at', to_char(rp.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
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
        perform core.fail(4, '本机构没有该顾问');
    end if;
    if ad.status = 'ended' then
        perform core.fail(5, '该顾问的聘任已终止');
    end if;
    insert into core.replacement (advisor_id, org_id, kind, reason, reported_by)
    values (ad.id, ad.org_id, coalesce(nullif(a->>'kind', ''), 'other'), btrim(coalesce(a->>'reason', '')),
            (ctx->>'user_id')::bigint)
    returning id into v_id;
    perform core.set_object('replacement:' || v_id || ' advisor:' || ad.id);
    return core.replacement_json(v_id);
end $$;

create function m.replacement_verify(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    rp core.replacement;
    ad core.advisor;
begin
    select * into rp from core.replacement where id = (a->>'id')::bigint for update;
    if not found then
        perform core.fail(4, '更换报告不存在');
    end if;
    -- the tier that appointed the advisor verifies; a note is required
    ad := core.managed_advisor(ctx, rp.advisor_id, a->>'note');
    if rp.status <> 'reported' then
        perform core.fail(5, '该更换报告已处理');
    end if;
    update core.replacement
       set status = case when coalesce((a->>'accept')::boolean, false) then 'verified' else 'rejected' end,
           verified_by = (ctx->>'user_id')::bigint, verified_at = now(), verify_note = btrim(a->>'note')
     where id = rp.id;
    if coalesce((a->>'accept')::boolean, false) then
        update core.advisor set status = 'ended', status_reason = '更换：' || rp.reason where id = ad.id;
        update core.advisor_term set status = 'ended', reason = '更换：' || rp.reason
         where advisor_id = ad.id and status = 'current';
    end if;
    perform core.set_object('replacement:' || rp.id || ' advisor:' || ad.id);
    return core.replacement_json(rp.id);
end $$;

create function m.replacement_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select jsonb_build_object('replacements',
               coalesce(jsonb_agg(core.replacement_json(rp.id) order by rp.id desc), '[]'))
      from core.replacement rp join core.advisor ad on ad.id = rp.advisor_id
     where case ctx->>'scope'
               when 'province' then true
               when 'prefecture' then ad.prefecture_code = ctx->>'prefecture'
               else rp.org_id = (ctx->>'org_id')::bigint end
       and (coalesce(a->>'status', '') = '' or rp.status = a->>'status')
$$;

-- The round a successor is nominated into: the replaced advisor's round,
-- for a verified replacement of the caller's institution that has no
-- successor nomination still in play.
create function core.replacement_round(ctx jsonb, p_replacement bigint) returns core.intake_round
language plpgsql as $$
declare
    rp core.replacement;
    r core.intake_round;
begin
    select * into rp from core.replacement where id = p_replacement for update;
    if not found or rp.org_id <> (ctx->>'org_id')::bigint then
        perform core.fail(4, '更换报告不存在');
    end if;
    if rp.status <> 'verified' then
        perform core.fail(5, '更换报告尚未经核实（或已办结），不能提名接替人选');
    end if;
    if exists (select 1 from core.nomination n left join core.decision d on d.nomination_id = n.id
                where n.replacement_id = rp.id
                  and not (d.decision is not distinct from 'reject' and d.status is not distinct from 'confirmed')) then
        perform core.fail(5, '该更换已有接替人选的提名在办理中');
    end if;
    select ir.* into r from core.intake_round ir join core.advisor ad on ad.round_id = ir.id
     where ad.id = rp.advisor_id;
    return r;
end $$;

create or replace function m.nomination_draft(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_id bigint;
begin
    if coalesce((a->>'replacement_id')::bigint, 0) <> 0 then
        v_id := core.draft_row(ctx, core.replacement_round(ctx, (a->>'replacement_id')::bigint), a);
        update core.nomination set replacement_id = (a->>'replacement_id')::bigint where id = v_id;
    else
        v_id := core.draft_row(ctx, core.draft_round(ctx, (a->>'round_id')::bigint), a);
    end if;
    perform core.set_object('nomination:' || v_id);
    return core.nomination_json(v_id);
end $$;

create or replace function m.nomination_update(ctx jsonb, a jsonb) returns jsonb
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
    if n.replacement_id is null then
        perform core.draft_round(ctx, n.round_id);
    end if;
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

-- A successor's nomination is submitted past the round's deadline and
-- outside the quota; every other submission as before.
create or replace function m.nomination_submit(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    n core.nomination := core.own_nomination(ctx, (a->>'id')::bigint);
    r core.intake_round;
    v_quota int;
    v_used int;
begin
    if n.status = 'submitted' then
        perform core.fail(5, '该提名已报送');
    end if;
    select * into r from core.intake_round where id = n.round_id;
    if n.replacement_id is null then
        if r.status <> 'open' or r.deadline < current_date then
            perform core.fail(5, format('该轮次已于 %s 截止', to_char(r.deadline, 'YYYY-MM-DD')));
        end if;
        -- the quota row serialises every submission of this institution in this round
        select quota into v_quota from core.round_quota
         where round_id = n.round_id and org_id = n.org_id for update;
        select count(*) into v_used from core.nomination
         where round_id = n.round_id and org_id = n.org_id and status = 'submitted' and replacement_id is null;
        if v_used >= v_quota then
            perform core.fail(5, format('本机构在该轮次的名额已用完（已报送 %s 人，名额 %s 人）', v_used, v_quota));
        end if;
    end if;
    update core.nomination
       set status = 'submitted', submitted_by = (ctx->>'user_id')::bigint, submitted_at = now(),
           return_reason = null, updated_at = now()
     where id = n.id;
    perform core.set_object('nomination:' || n.id);
    return core.nomination_json(n.id);
end $$;

-- Quota counts leave successors out.
create or replace function core.round_json(ctx jsonb, p_id bigint) returns jsonb
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
                               and (core.owns_round(ctx, r) or ctx->>'scope' in ('province', 'prefecture')
                                    or q.org_id = (ctx->>'org_id')::bigint)), '[]'))
      from core.intake_round r where r.id = p_id
$$;

create or replace function m.round_quota(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    r core.intake_round;
    v_used int;
begin
    select * into r from core.intake_round where id = (a->>'round_id')::bigint for update;
    if not found or not core.sees_round(ctx, r) then
        perform core.fail(4, '轮次不存在');
    end if;
    perform core.require(core.owns_round(ctx, r), '只有开启该轮次的一方可以调整名额');
    if r.status <> 'open' then
        perform core.fail(5, '轮次已关闭，不能调整名额');
    end if;
    if not exists (select 1 from core.organisation where id = (a->>'org_id')::bigint
                      and kind = 'institution' and not disabled) then
        perform core.fail(1, '名额只能分配给在用的金融及中介机构');
    end if;
    -- the quota row is the lock submissions take: changing it waits for them
    select count(*) into v_used from core.nomination
     where round_id = r.id and org_id = (a->>'org_id')::bigint and status = 'submitted' and replacement_id is null;
    if (a->>'quota')::int < v_used then
        perform core.fail(5, format('该机构已报送 %s 人，名额不能少于此数', v_used));
    end if;
    insert into core.round_quota values (r.id, (a->>'org_id')::bigint, (a->>'quota')::int)
    on conflict (round_id, org_id) do update set quota = excluded.quota;
    perform core.set_object('round:' || r.id || ' org:' || (a->>'org_id'));
    return core.round_json(ctx, r.id);
end $$;

create or replace function core.nomination_json(p_id bigint) returns jsonb
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
        'updated_at', to_char(n.updated_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
        'replacement_id', coalesce(n.replacement_id, 0))
      from core.nomination n join core.organisation o on o.id = n.org_id
      left join core.office f on f.id = n.office_id
     where n.id = p_id
$$;

-- Every term (certificate) of an advisor, the replacement reports about it,
-- and whom it succeeded.
create function m.advisor_history(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    ad core.advisor;
    v_pred core.advisor;
begin
    select * into ad from core.advisor where id = (a->>'id')::bigint;
    if not found or not core.sees_advisor(ctx, ad) then
        perform core.fail(4, '顾问不存在');
    end if;
    select p.* into v_pred from core.nomination n
      join core.replacement rp on rp.id = n.replacement_id
      join core.advisor p on p.id = rp.advisor_id
     where n.id = ad.nomination_id;
    perform core.set_object('advisor:' || ad.id);
    return jsonb_build_object(
        'advisor', core.advisor_json(ctx, ad.id),
        'terms', (select coalesce(jsonb_agg(jsonb_build_object(
                      'cert_no', t.cert_no, 'term_start', to_char(t.term_start, 'YYYY-MM-DD'),
                      'term_end', to_char(t.term_end, 'YYYY-MM-DD'), 'status', t.status, 'reason', t.reason,
                      'issued_at', to_char(t.issued_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'))
                      order by t.issued_at, t.id), '[]')
                    from core.advisor_term t where t.advisor_id = ad.id),
        'replacements', (select coalesce(jsonb_agg(core.replacement_json(rp.id) order by rp.id), '[]')
                           from core.replacement rp where rp.advisor_id = ad.id),
        'predecessor_id', coalesce(v_pred.id, 0), 'predecessor_name', coalesce(v_pred.name, ''));
end $$;

-- A prefecture office does not see provincial advisors: say so (false),
-- not null, so "not core.sees_advisor(...)" refuses them too.
create or replace function core.sees_advisor(ctx jsonb, a core.advisor) returns boolean
language sql stable as $$
    select coalesce(case ctx->>'scope'
        when 'province' then true
        when 'prefecture' then a.prefecture_code = ctx->>'prefecture'
        when 'org' then a.org_id = (ctx->>'org_id')::bigint
        else a.user_id = (ctx->>'user_id')::bigint end, false)
$$;
