-- 005_certificate_set.sql - the client certificates to refuse in the TLS
-- handshake itself.
--
-- rongpeid keeps a copy of this set (revoked certificates, expired ones,
-- and those of disabled organisations) and refuses them in the handshake;
-- it refreshes the copy every cert_refresh_ms.  Every call still checks the
-- certificate in api.dispatch, so a revocation takes effect at the very
-- next call even before the copy is refreshed, and a certificate the CA
-- signed but nobody registered is refused at session.hello.

create function api.refused_certificates() returns setof text
language sql stable security definer set search_path = pg_catalog, pg_temp as $$
    select c.fingerprint::text
      from core.certificate c join core.organisation o on o.id = c.org_id
     where c.revoked_at is not null
        or c.not_after <= now()
        or o.disabled
$$;

revoke all on function api.refused_certificates() from public;
grant execute on function api.refused_certificates() to rongpei_app;
