-- 021_enterprise_removal.sql - removing an enterprise from the list (P12):
-- on its advisor's application (until pairing exists, the bureau applies on
-- the advisor's behalf) with the grounds of P12 and an account of what
-- happened; the list's owner verifies and decides with a reason.  Removed,
-- the entry stays (marked removed, with the decision) and a place opens for
-- the enterprise's prefecture to recommend a replacement; the place stays
-- in that office's inbox until an enterprise recommended for it is
-- approved.

create table core.removal (
    id          bigserial primary key,
    entry_id    bigint not null references core.key_enterprise,
    grounds     text[] not null check (cardinality(grounds) >= 1 and grounds <@
                    '{chaotic_management,abnormal_operation,no_prospect,refuses_cooperation}'),
    account     text not null check (length(btrim(account)) between 10 and 2000),
    status      text not null default 'applied' check (status in ('applied', 'approved', 'rejected')),
    applied_by  bigint not null references core.app_user,
    applied_at  timestamptz not null default now(),
    decided_by  bigint references core.app_user,
    decided_at  timestamptz,
    decision_reason text,
    constraint removal_decided check ((status = 'applied') = (decided_by is null))
);
create unique index removal_one_open on core.removal (entry_id) where status = 'applied';

-- A place on the list to fill after a removal.
create table core.list_slot (
    id              bigserial primary key,
    removal_id      bigint not null unique references core.removal,
    year            int not null,
    tier            text not null,
    prefecture_code char(6) not null references core.division,
    status          text not null default 'open' check (status in ('open', 'filled')),
    filled_by       bigint references core.recommendation,
    created_at      timestamptz not null default now()
);

alter table core.recommendation
    add constraint recommendation_slot_fk foreign key (replaces_slot) references core.list_slot;

insert into core.constraint_message values
  ('removal_one_open', '该企业已有待审核的移出申请'),
  ('removal_grounds_check', '移出理由应为 chaotic_management（管理混乱）、abnormal_operation（经营异常）、no_prospect（扭亏无望）或 refuses_cooperation（不配合）之一或几项'),
  ('removal_account_check', '须说明具体情况（10 至 2000 个字符）'),
  ('recommendation_slot_fk', '要递补的名额不存在');

create function core.removal_json(ctx jsonb, p_id bigint) returns jsonb
language sql stable as $$
    select jsonb_build_object(
        'id', rm.id, 'entry_id', rm.entry_id, 'enterprise_id', k.enterprise_id, 'name', o.name,
        'year', k.year, 'tier', k.tier, 'prefecture_code', k.prefecture_code,
        'grounds', to_jsonb(rm.grounds), 'account', rm.account, 'status', rm.status,
        'applied_at', to_char(rm.applied_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
        'decision_reason', coalesce(rm.decision_reason, ''),
        'slot_id', coalesce(s.id, 0), 'slot_status', coalesce(s.status, ''))
      from core.removal rm join core.key_enterprise k on k.id = rm.entry_id
      join core.organisation o on o.id = k.enterprise_id
      left join core.list_slot s on s.removal_id = rm.id
     where rm.id = p_id
$$;

create function core.owns_entry(ctx jsonb, k core.key_enterprise) returns boolean
language sql stable as $$
    select case k.tier when 'province' then core.has_role(ctx, 'bureau_admin')
           else core.has_role(ctx, 'prefecture_staff') and k.prefecture_code = ctx->>'prefecture' end
$$;

create function m.removal_apply(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    k core.key_enterprise;
    v_id bigint;
begin
    select * into k from core.key_enterprise where id = (a->>'entry_id')::bigint for update;
    if not found or not (ctx->>'scope' = 'province' or k.prefecture_code = ctx->>'prefecture') then
        perform core.fail(4, '名单中没有该企业');
    end if;
    -- until pairing exists the list's owner applies on the advisor's behalf
    perform core.require(core.owns_entry(ctx, k), '移出申请由顾问提出，目前由名单所属一方代为提出');
    if k.status <> 'listed' then
        perform core.fail(5, '该企业已移出名单');
    end if;
    insert into core.removal (entry_id, grounds, account, applied_by)
    values (k.id, core.text_array(a->'grounds'), btrim(coalesce(a->>'account', '')), (ctx->>'user_id')::bigint)
    returning id into v_id;
    perform core.set_object('removal:' || v_id || ' entry:' || k.id);
    return core.removal_json(ctx, v_id);
end $$;

create function m.removal_decide(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    rm core.removal;
    k core.key_enterprise;
begin
    select * into rm from core.removal where id = (a->>'id')::bigint for update;
    select * into k from core.key_enterprise where id = rm.entry_id for update;
    if rm.id is null or not (ctx->>'scope' = 'province' or k.prefecture_code = ctx->>'prefecture') then
        perform core.fail(4, '移出申请不存在');
    end if;
    perform core.require(core.owns_entry(ctx, k), '只有名单所属一方可以审核移出申请');
    if rm.status <> 'applied' then
        perform core.fail(5, '该申请已审核');
    end if;
    if length(btrim(coalesce(a->>'reason', ''))) < 2 then
        perform core.fail(1, '审核须说明理由');
    end if;
    update core.removal
       set status = case when coalesce((a->>'approve')::boolean, false) then 'approved' else 'rejected' end,
           decided_by = (ctx->>'user_id')::bigint, decided_at = now(), decision_reason = btrim(a->>'reason')
     where id = rm.id;
    if coalesce((a->>'approve')::boolean, false) then
        update core.key_enterprise
           set status = 'removed', removed_at = now(),
               removed_reason = btrim(a->>'reason') || '（' || array_to_string(rm.grounds, '、') || '）'
         where id = k.id;
        insert into core.list_slot (removal_id, year, tier, prefecture_code)
        values (rm.id, k.year, k.tier, k.prefecture_code);
    end if;
    perform core.set_object('removal:' || rm.id || ' entry:' || k.id);
    return core.removal_json(ctx, rm.id);
end $$;

create function m.removal_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select jsonb_build_object('removals', coalesce(jsonb_agg(core.removal_json(ctx, rm.id) order by rm.id desc), '[]'))
      from core.removal rm join core.key_enterprise k on k.id = rm.entry_id
     where (ctx->>'scope' = 'province' or k.prefecture_code = ctx->>'prefecture')
       and (coalesce(a->>'status', '') = '' or rm.status = a->>'status')
$$;

-- A recommendation for an open place: the place must be the office's and
-- open; approving the recommendation fills it.
create function core.slot_check() returns trigger
language plpgsql as $$
declare
    s core.list_slot;
begin
    if new.replaces_slot is null then
        return new;
    end if;
    select * into s from core.list_slot where id = new.replaces_slot;
    if tg_op = 'INSERT' then
        if s.status <> 'open' or s.prefecture_code <> new.prefecture_code then
            raise exception using errcode = 'RP005', message = '该名额已递补，或不属于本市（州）';
        end if;
    elsif new.status = 'approved' and old.status <> 'approved' then
        update core.list_slot set status = 'filled', filled_by = new.id where id = s.id and status = 'open';
    end if;
    return new;
end $$;

create trigger recommendation_slot before insert or update on core.recommendation
    for each row execute function core.slot_check();
