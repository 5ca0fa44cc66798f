-- 017_advisor_account.sql - an appointed advisor's own account: the
-- advisor's institution (or the bureau) links a user of that institution
-- holding the advisor role to the advisor.  Linked, the advisor sees their
-- own record, terms and certificate (advisor.list, advisor.history,
-- certificate.document) and their term ending in the inbox.

create unique index advisor_one_account on core.advisor (user_id)
    where user_id is not null and status <> 'ended';

insert into core.constraint_message values
  ('advisor_one_account', '该用户账户已关联另一名在聘顾问');

create function m.advisor_link(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    ad core.advisor;
    u core.app_user;
begin
    select * into ad from core.advisor where id = (a->>'id')::bigint for update;
    if not found or not (core.sees_advisor(ctx, ad)
                         and (ctx->>'scope' = 'province' or ad.org_id = (ctx->>'org_id')::bigint)) then
        perform core.fail(4, '顾问不存在');
    end if;
    if coalesce((a->>'user_id')::bigint, 0) = 0 then
        update core.advisor set user_id = null where id = ad.id;
    else
        select * into u from core.app_user where id = (a->>'user_id')::bigint;
        if not found or u.org_id <> ad.org_id or u.disabled then
            perform core.fail(1, '只能关联该顾问所在机构的在用账户');
        end if;
        if not exists (select 1 from core.user_role where user_id = u.id and role = 'advisor') then
            perform core.fail(1, format('账户 %s 没有“金融顾问”角色，请先授予', u.username));
        end if;
        update core.advisor set user_id = u.id where id = ad.id;
    end if;
    perform core.set_object('advisor:' || ad.id || ' user:' || coalesce(a->>'user_id', '0'));
    return core.advisor_json(ctx, ad.id);
end $$;
