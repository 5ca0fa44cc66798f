-- 009_certificate_document.sql - what an appointment certificate (聘书)
-- says, for the client to lay out as a PDF.  Only the issuing tier and the
-- advisor themself may have it (it carries the verification code); every
-- request is audited.

create function m.certificate_document(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    ad core.advisor;
    t core.advisor_term;
begin
    select * into ad from core.advisor where id = (a->>'advisor_id')::bigint;
    if not found or not core.sees_advisor(ctx, ad) then
        perform core.fail(4, '顾问不存在');
    end if;
    select * into t from core.advisor_term where advisor_id = ad.id order by id desc limit 1;
    perform core.set_object('certificate:' || t.cert_no);
    return jsonb_build_object(
        'name', ad.name, 'org_name', (select name from core.organisation where id = ad.org_id),
        'tier', ad.tier,
        'team', case ad.tier when 'province' then '青海省民营和小微企业融资培育工程省级金融顾问'
                 else (select name from core.division where code = ad.prefecture_code)
                      || '民营和小微企业融资培育工程金融顾问' end,
        'cert_no', t.cert_no, 'term_start', to_char(t.term_start, 'YYYY-MM-DD'),
        'term_end', to_char(t.term_end, 'YYYY-MM-DD'), 'verify_code', t.verify_code,
        'issuer', case ad.tier when 'province' then (select name from core.organisation where kind = 'bureau')
                  else (select name from core.organisation where kind = 'prefecture_office'
                           and division_code = ad.prefecture_code) end,
        'issued_on', to_char(t.issued_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD'),
        'status', t.status);
end $$;
