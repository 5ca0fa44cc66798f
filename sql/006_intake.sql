-- 006_intake.sql - advisor intake, first part (P1): rounds with review
-- criteria and per-institution quotas, and nominations drafted by offices,
-- returned or submitted by the institution administrator within its quota.
--
-- Tiers: the bureau's provincial rounds, and each prefecture office's own
-- rounds for its prefecture-level team (P4).  A quota is never exceeded:
-- submitting locks the institution's quota row, so concurrent submissions
-- from several offices serialise on it.

create table core.specialism (
    code  text primary key,
    label text not null
);
insert into core.specialism values
  ('credit', '信贷融资'), ('bonds', '债券融资'), ('equity', '股权融资与上市'),
  ('insurance', '保险'), ('guarantee', '融资担保'), ('law', '法律'),
  ('accounting', '会计税务'), ('governance', '公司治理'), ('risk', '风险管理'),
  ('policy', '政策');

create table core.intake_round (
    id              bigserial primary key,
    tier            text not null check (tier in ('province', 'prefecture')),
    prefecture_code char(6) references core.division,
    year            int not null check (year between 2020 and 2100),
    title           text not null check (length(btrim(title)) between 2 and 100),
    target          int not null check (target between 1 and 10000),
    deadline        date not null,
    status          text not null default 'open' check (status in ('open', 'closed')),
    opened_by       bigint references core.app_user,
    created_at      timestamptz not null default now(),
    constraint intake_round_tier check ((tier = 'prefecture') = (prefecture_code is not null)),
    constraint intake_round_title_key unique (tier, prefecture_code, year, title)
);

create table core.round_criterion (
    round_id bigint not null references core.intake_round,
    position int not null,
    name     text not null check (length(btrim(name)) between 1 and 40),
    weight   int not null check (weight between 1 and 100),
    primary key (round_id, position),
    constraint round_criterion_name_key unique (round_id, name)
);

create table core.round_quota (
    round_id bigint not null references core.intake_round,
    org_id   bigint not null references core.organisation,
    quota    int not null check (quota between 0 and 1000),
    primary key (round_id, org_id)
);

create table core.nomination (
    id                 bigserial primary key,
    round_id           bigint not null references core.intake_round,
    org_id             bigint not null references core.organisation,
    office_id          bigint,
    status             text not null default 'draft' check (status in ('draft', 'returned', 'submitted')),
    name               text not null check (length(btrim(name)) between 1 and 50),
    gender             text not null check (gender in ('男', '女')),
    id_number_enc      bytea not null,
    id_number_idx      text not null,
    id_number_masked   text not null,
    mobile_enc         bytea,
    mobile_idx         text,
    mobile_masked      text,
    position           text not null default '',
    title              text not null default '',
    years              int not null check (years between 0 and 60),
    qualifications     text not null default '',
    specialisms        text[] not null check (cardinality(specialisms) between 1 and 10),
    sections           text[] not null default '{}',
    prefectures        text[] not null check (cardinality(prefectures) >= 1),
    declaration_signed boolean not null check (declaration_signed),
    notice_version     text not null check (length(notice_version) between 1 and 20),
    return_reason      text,
    drafted_by         bigint references core.app_user,
    submitted_by       bigint references core.app_user,
    submitted_at       timestamptz,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    constraint nomination_office_fk foreign key (office_id, org_id) references core.office (id, org_id),
    constraint nomination_person_key unique (round_id, id_number_idx),
    constraint nomination_quota_fk foreign key (round_id, org_id) references core.round_quota (round_id, org_id)
);
create index nomination_by_org on core.nomination (round_id, org_id, status);

insert into core.constraint_message values
  ('intake_round_title_key', '同一年度已有同名轮次'),
  ('intake_round_title_check', '轮次名称应为 2 至 100 个字符'),
  ('intake_round_target_check', '目标人数应为 1 至 10000'),
  ('intake_round_year_check', '年度不正确'),
  ('round_criterion_name_key', '评审标准名称重复'),
  ('round_criterion_weight_check', '评审标准权重应为 1 至 100'),
  ('round_quota_quota_check', '名额应为 0 至 1000'),
  ('round_quota_org_id_fkey', '机构不存在'),
  ('nomination_person_key', '该候选人（身份证号）已在本轮被提名'),
  ('nomination_office_fk', '网点不属于本机构'),
  ('nomination_quota_fk', '本机构在该轮次没有提名名额'),
  ('nomination_gender_check', '性别应为“男”或“女”'),
  ('nomination_years_check', '从业年限应为 0 至 60'),
  ('nomination_specialisms_check', '至少选择一项专业领域'),
  ('nomination_prefectures_check', '至少选择一个可服务的市（州）'),
  ('nomination_declaration_signed_check', '候选人须签署保密、义务服务和利益冲突声明（P13）'),
  ('nomination_notice_version_check', '须注明候选人同意的个人信息告知书版本'),
  ('nomination_name_check', '姓名应为 1 至 50 个字符');

-- ------------------------------------------------------------------ helpers

-- May the caller manage round r (open it, set its quotas)?
create function core.owns_round(ctx jsonb, r core.intake_round) returns boolean
language sql stable as $$
    select case r.tier
        when 'province' then core.has_role(ctx, 'bureau_admin')
        else core.has_role(ctx, 'prefecture_staff') and r.prefecture_code = ctx->>'prefecture' end
$$;

-- May the caller see round r?  The bureau sees every tier; a prefecture its
-- own rounds and the province's; an institution the rounds it has a quota in.
create function core.sees_round(ctx jsonb, r core.intake_round) returns boolean
language sql stable as $$
    select case ctx->>'scope'
        when 'province' then true
        when 'prefecture' then r.tier = 'province' or r.prefecture_code = ctx->>'prefecture'
        else exists (select 1 from core.round_quota q
                      where q.round_id = r.id and q.org_id = (ctx->>'org_id')::bigint) end
$$;

create function core.round_json(ctx jsonb, p_id bigint) returns jsonb
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
                                                 and n.status = 'submitted')) order by o.name)
                              from core.round_quota q join core.organisation o on o.id = q.org_id
                             where q.round_id = r.id
                               and (core.owns_round(ctx, r) or ctx->>'scope' in ('province', 'prefecture')
                                    or q.org_id = (ctx->>'org_id')::bigint)), '[]'))
      from core.intake_round r where r.id = p_id
$$;

create function core.nomination_json(p_id bigint) returns jsonb
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
        'updated_at', to_char(n.updated_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'))
      from core.nomination n join core.organisation o on o.id = n.org_id
      left join core.office f on f.id = n.office_id
     where n.id = p_id
$$;

create function core.text_array(p jsonb) returns text[]
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
    perform core.require(core.owns_round(ctx, r),
        case r.tier when 'province' then '省级轮次由省局管理员开启' else '市州轮次由本市（州）金融办开启' end);
    if nullif(a->>'deadline', '') is null or (a->>'deadline')::date < current_date then
        perform core.fail(1, '提名截止日期须为今天或以后的日期（yyyy-mm-dd）');
    end if;
    select coalesce(sum((x->>'weight')::int), 0) into v_sum from jsonb_array_elements(coalesce(a->'criteria', '[]')) x;
    if v_sum <> 100 then
        perform core.fail(1, format('评审标准的权重合计应为 100，现为 %s', v_sum));
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
            perform core.fail(1, format('名额只能分配给在用的金融及中介机构（编号 %s）', q->>'org_id'));
        end if;
        insert into core.round_quota values (r.id, (q->>'org_id')::bigint, (q->>'quota')::int);
    end loop;
    perform core.set_object('round:' || r.id);
    return core.round_json(ctx, r.id);
end $$;

create function m.round_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select jsonb_build_object('rounds', coalesce(jsonb_agg(core.round_json(ctx, r.id) order by r.year desc, r.id desc), '[]'))
      from core.intake_round r
     where core.sees_round(ctx, r)
       and (coalesce((a->>'year')::int, 0) = 0 or r.year = (a->>'year')::int)
$$;

create function m.round_quota(ctx jsonb, a jsonb) returns jsonb
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
     where round_id = r.id and org_id = (a->>'org_id')::bigint and status = 'submitted';
    if (a->>'quota')::int < v_used then
        perform core.fail(5, format('该机构已报送 %s 人，名额不能少于此数', v_used));
    end if;
    insert into core.round_quota values (r.id, (a->>'org_id')::bigint, (a->>'quota')::int)
    on conflict (round_id, org_id) do update set quota = excluded.quota;
    perform core.set_object('round:' || r.id || ' org:' || (a->>'org_id'));
    return core.round_json(ctx, r.id);
end $$;

-- ------------------------------------------------------------------ nominations
-- (nomination.draft itself is in 011, which checks every draft path alike)

-- Who sees a nomination: its office (office staff), its institution
-- (administrator), and once submitted the round's owner tier: the bureau for
-- every tier, a prefecture office for its own rounds.
create function core.sees_nomination(ctx jsonb, n core.nomination, r core.intake_round) returns boolean
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
    select jsonb_build_object('nominations', coalesce(jsonb_agg(core.nomination_json(n.id) order by n.id), '[]'))
      from core.nomination n join core.intake_round r on r.id = n.round_id
     where core.sees_nomination(ctx, n, r)
       and (coalesce((a->>'round_id')::bigint, 0) = 0 or n.round_id = (a->>'round_id')::bigint)
       and (coalesce(a->>'status', '') = '' or n.status = a->>'status')
$$;

-- Lock and return a nomination of the caller's institution.
create function core.own_nomination(ctx jsonb, p_id bigint) returns core.nomination
language plpgsql as $$
declare
    n core.nomination;
begin
    select * into n from core.nomination where id = p_id for update;
    if not found or n.org_id <> (ctx->>'org_id')::bigint then
        perform core.fail(4, '提名不存在');
    end if;
    return n;
end $$;

create function m.nomination_return(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    n core.nomination := core.own_nomination(ctx, (a->>'id')::bigint);
begin
    if n.status <> 'draft' then
        perform core.fail(5, '只能退回草稿状态的提名');
    end if;
    if coalesce(btrim(a->>'reason'), '') = '' then
        perform core.fail(1, '退回须说明原因');
    end if;
    update core.nomination set status = 'returned', return_reason = btrim(a->>'reason'), updated_at = now()
     where id = n.id;
    perform core.set_object('nomination:' || n.id);
    return core.nomination_json(n.id);
end $$;

create function m.nomination_submit(ctx jsonb, a jsonb) returns jsonb
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
    if r.status <> 'open' or r.deadline < current_date then
        perform core.fail(5, format('该轮次已于 %s 截止', to_char(r.deadline, 'YYYY-MM-DD')));
    end if;
    -- the quota row serialises every submission of this institution in this round
    select quota into v_quota from core.round_quota
     where round_id = n.round_id and org_id = n.org_id for update;
    select count(*) into v_used from core.nomination
     where round_id = n.round_id and org_id = n.org_id and status = 'submitted';
    if v_used >= v_quota then
        perform core.fail(5, format('本机构在该轮次的名额已用完（已报送 %s 人，名额 %s 人）', v_used, v_quota));
    end if;
    update core.nomination
       set status = 'submitted', submitted_by = (ctx->>'user_id')::bigint, submitted_at = now(),
           return_reason = null, updated_at = now()
     where id = n.id;
    perform core.set_object('nomination:' || n.id);
    return core.nomination_json(n.id);
end $$;
