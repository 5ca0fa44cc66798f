-- 030_pairing_proposals.sql - pairing proposals made by the server (P8).
--
-- pairing.propose has rongpeid read the tier's candidate pairs from the
-- database (api.pairing_inputs), solve the assignment on its worker pool
-- (common/pairing.c), check the optimality certificate, and store the
-- result here with a digest of the inputs it was made from.
-- pairing.accept takes a stored proposal by its id and records it as a
-- pairing run, after checking that the inputs are still the same.

create table core.pairing_proposal (
    id              bigserial primary key,
    tier            text not null check (tier in ('province', 'prefecture')),
    prefecture_code char(6) references core.division,
    year            int not null,
    weights         jsonb not null,
    inputs_digest   text not null,
    advisors        int not null,
    enterprises     int not null,
    candidates      bigint not null,
    complete        boolean not null,
    objective       bigint,
    pairs           jsonb not null,         -- [{advisor_id, enterprise_id, score, factors}] when complete
    certificate     jsonb not null,         -- {bonus, potentials, violations}: see common/pairing.h
    explanation     text not null,
    solver_ms       int not null,
    created_by      bigint references core.app_user,
    created_at      timestamptz not null default now(),
    accepted_run_id bigint references core.pairing_run,
    constraint pairing_proposal_tier check ((tier = 'prefecture') = (prefecture_code is not null))
);

alter table core.pairing_run add column proposal_id bigint references core.pairing_proposal;
