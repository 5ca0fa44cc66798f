-- 049_secret_records.sql - a financing need, a risk warning and a monthly
-- report can be marked as holding business secrets (P13), as services,
-- plans, messages, notes and questions already can: then among officials
-- only the tier's owner sees them, and reading their lists is audited.
-- Functions: financing.sql, risk.sql, liaison.sql.
alter table core.financing_need add column secret boolean not null default false;
alter table core.risk_warning add column secret boolean not null default false;
alter table core.monthly_report add column secret boolean not null default false;
