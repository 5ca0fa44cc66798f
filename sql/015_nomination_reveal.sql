-- 015_nomination_reveal.sql - a candidate's identity number and mobile in
-- full, for the people who must check them: the candidate's institution
-- administrator, and once submitted the round's owner tier (the bureau for
-- every tier, a prefecture office for its own rounds).  Every view is
-- audited with the nomination it concerned (M_AUDIT in the method table);
-- the server opens the sealed values on the way out.

create function m.nomination_reveal(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    n core.nomination;
    r core.intake_round;
begin
    select * into n from core.nomination where id = (a->>'id')::bigint;
    select * into r from core.intake_round where id = n.round_id;
    if n.id is null or not coalesce(core.sees_nomination(ctx, n, r), false)
       or (ctx->>'scope' = 'prefecture' and not core.owns_round(ctx, r)) then
        perform core.fail(4, '提名不存在');
    end if;
    perform core.set_object('nomination:' || n.id || ' id_number mobile');
    return jsonb_build_object('nomination_id', n.id, 'name', n.name,
                              'id_number_enc', encode(n.id_number_enc, 'hex'),
                              'mobile_enc', coalesce(encode(n.mobile_enc, 'hex'), ''));
end $$;
