-- 039_preferential_measures.sql - the measures lenders publish for
-- well-cultivated enterprises (P14: a better rating, a higher limit, a lower
-- rate), and which outcome gave which enterprise which measure.  Functions:
-- sql/functions/financing.sql.
create table core.preferential_measure (
    id          bigserial primary key,
    lender_id   bigint not null references core.organisation,
    kind        text not null check (kind in ('rating', 'limit', 'rate', 'other')),
    title       text not null check (length(btrim(title)) between 4 and 100),
    description text not null check (length(btrim(description)) between 10 and 2000),
    valid_until date,
    published_by bigint not null references core.app_user,
    published_at timestamptz not null default now()
);

alter table core.financing_outcome add column measure_id bigint references core.preferential_measure;

insert into core.constraint_message values
  ('preferential_measure_title_check', '措施名称应为 4 至 100 个字符'),
  ('preferential_measure_description_check', '措施内容应为 10 至 2000 个字符');
