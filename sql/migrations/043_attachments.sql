-- 043_attachments.sql - attachments (P5: photos and documents of a visit,
-- a plan, a message, a group note), stored in the database with their
-- SM3 digest, their size within a limit, their type told from their first
-- bytes (JPEG, PNG, PDF, Word or Excel).  Each belongs to one record and is
-- seen by whoever sees that record (a secret record's, by fewer); nothing
-- is deleted.  Functions: sql/functions/attachments.sql.
create table core.attachment (
    id            bigserial primary key,
    object_kind   text not null check (object_kind in ('service', 'plan', 'message', 'note')),
    object_id     bigint not null,
    name          text not null check (length(btrim(name)) between 1 and 200),
    media_type    text not null,
    size          int not null check (size > 0),
    sm3           text not null check (sm3 ~ '^[0-9a-f]{64}$'),
    content       bytea not null,
    created_by    bigint not null references core.app_user,
    created_at    timestamptz not null default now(),
    constraint attachment_size_matches check (octet_length(content) = size)
);
create index attachment_object on core.attachment (object_kind, object_id);

insert into core.setting (name, value, note) values
  ('attachment_max_bytes', '2097152', '一个附件的大小上限（字节；照片、文件）'),
  ('attachment_max_per_record', '10', '一条记录的附件数上限');
