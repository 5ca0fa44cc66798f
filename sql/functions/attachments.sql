-- attachments.sql - photos and documents attached to a service record, a
-- financing plan, a message, a group note (P5), a question (P10) or a
-- complaint (P17), kept whole in the database with their SM3 digest.
--
-- The author of the record attaches; the type is told from the first bytes
-- (JPEG, PNG, PDF, or a Word or Excel file), the size is within
-- attachment_max_bytes, a record holds at most attachment_max_per_record.
-- Whoever sees the record sees its attachments; fetching one is audited.

-- The record's enterprise, whether the caller sees it, whether the caller
-- wrote it, and whether it holds business secrets.
create function lib.attachment_owner(ctx jsonb, p_kind text, p_id bigint,
                                     out enterprise_id bigint, out sees boolean, out authored boolean,
                                     out secret boolean)
language plpgsql stable as $$
declare
    s core.service_record;
    pl core.financing_plan;
    mg core.enterprise_message;
    n core.group_note;
begin
    case p_kind
    when 'service' then
        select * into s from core.service_record where id = p_id;
        enterprise_id := s.enterprise_id; secret := s.secret;
        sees := s.id is not null and lib.sees_service(ctx, s);
        authored := s.created_by = (ctx->>'user_id')::bigint;
    when 'plan' then
        select * into pl from core.financing_plan where id = p_id;
        enterprise_id := pl.enterprise_id; secret := pl.secret;
        sees := pl.id is not null and lib.sees_plan(ctx, pl);
        authored := pl.created_by = (ctx->>'user_id')::bigint;
    when 'message' then
        select * into mg from core.enterprise_message where id = p_id;
        enterprise_id := mg.enterprise_id; secret := mg.secret;
        sees := mg.id is not null and lib.sees_message(ctx, mg);
        authored := mg.created_by = (ctx->>'user_id')::bigint;
    when 'note' then
        select * into n from core.group_note where id = p_id;
        enterprise_id := n.enterprise_id; secret := n.secret;
        sees := n.id is not null and lib.sees_note(ctx, n);
        authored := n.created_by = (ctx->>'user_id')::bigint;
    when 'question' then
        select q.enterprise_id, lib.sees_question(ctx, q), q.asked_by = (ctx->>'user_id')::bigint, q.secret
          into enterprise_id, sees, authored, secret from core.question q where q.id = p_id;
    when 'complaint' then
        select c.enterprise_id, lib.sees_complaint(ctx, c), c.filed_by = (ctx->>'user_id')::bigint, true
          into enterprise_id, sees, authored, secret from core.complaint c where c.id = p_id;
    else
        perform lib.fail('INVALID', '附件所属应为 服务记录 service、融资方案 plan、留言 message、小组交流 note、'
                                    '问题 question 或 投诉 complaint');
    end case;
    sees := coalesce(sees, false);
    authored := coalesce(authored, false);
end $$;

-- The type of a file from its first bytes (and, for the Office formats,
-- which are zip files, its name), or null.
create function lib.media_type(p bytea, p_name text) returns text
language sql immutable as $$
    select case
        when substring(p from 1 for 3) = '\xffd8ff'::bytea then 'image/jpeg'
        when substring(p from 1 for 8) = '\x89504e470d0a1a0a'::bytea then 'image/png'
        when substring(p from 1 for 5) = '\x255044462d'::bytea then 'application/pdf'
        when substring(p from 1 for 4) = '\x504b0304'::bytea and lower(p_name) like '%.docx'
            then 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
        when substring(p from 1 for 4) = '\x504b0304'::bytea and lower(p_name) like '%.xlsx'
            then 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    end
$$;

create function lib.attachment_json(t core.attachment, p_content boolean) returns jsonb
language sql stable as $$
    select jsonb_build_object('id', t.id, 'object_kind', t.object_kind, 'object_id', t.object_id, 'name', t.name,
                              'media_type', t.media_type, 'size', t.size, 'sm3', t.sm3,
                              'created_by_name', (select display_name from core.app_user where id = t.created_by),
                              'created_at', lib.time_text(t.created_at))
           || case when p_content then jsonb_build_object('content_base64',
                                                                   translate(encode(t.content, 'base64'), E'\n', '')) else '{}' end
$$;

create function m.attachment_add(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    o record;
    v_max int := lib.setting_int('attachment_max_bytes');
    v_bytes bytea;
    v_type text;
    t core.attachment;
begin
    select * into o from lib.attachment_owner(ctx, coalesce(a->>'object_kind', ''), (a->>'object_id')::bigint);
    if not o.sees then
        perform lib.fail('NOT_FOUND', '要添加附件的记录不存在');
    end if;
    perform lib.require(o.authored, '附件由记录的作者添加');
    if length(coalesce(a->>'content_base64', '')) > (v_max / 3 + 1) * 4 + 1024 then
        perform lib.fail('INVALID', format('附件不能超过 %s MB', round(v_max / 1048576.0, 1)));
    end if;
    begin
        v_bytes := decode(coalesce(a->>'content_base64', ''), 'base64');
    exception when others then
        perform lib.fail('INVALID', '附件内容应为 base64 编码');
    end;
    if octet_length(v_bytes) = 0 then
        perform lib.fail('INVALID', '附件是空文件');
    end if;
    if octet_length(v_bytes) > v_max then
        perform lib.fail('INVALID', format('附件有 %s 字节，超过上限 %s MB', octet_length(v_bytes), round(v_max / 1048576.0, 1)));
    end if;
    v_type := lib.media_type(v_bytes, coalesce(a->>'name', ''));
    if v_type is null then
        perform lib.fail('INVALID', format('“%s”不是可接受的附件：照片（JPEG、PNG）或文件（PDF、Word .docx、Excel .xlsx）',
                                           coalesce(a->>'name', '')));
    end if;
    if (select count(*) from core.attachment where object_kind = a->>'object_kind'
                                               and object_id = (a->>'object_id')::bigint)
       >= lib.setting_int('attachment_max_per_record') then
        perform lib.fail('CONFLICT', format('一条记录至多 %s 个附件', lib.setting_int('attachment_max_per_record')));
    end if;
    insert into core.attachment (object_kind, object_id, name, media_type, size, sm3, content, created_by)
    values (a->>'object_kind', (a->>'object_id')::bigint, btrim(a->>'name'), v_type, octet_length(v_bytes),
            encode(public.digest(v_bytes, 'sm3'), 'hex'), v_bytes, (ctx->>'user_id')::bigint)
    returning * into t;
    perform lib.set_object('attachment:' || t.id || ' ' || t.object_kind || ':' || t.object_id
                           || coalesce(' enterprise:' || o.enterprise_id, ''));
    return lib.attachment_json(t, false);
end $$;

create function m.attachment_list(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    o record;
begin
    select * into o from lib.attachment_owner(ctx, coalesce(a->>'object_kind', ''), (a->>'object_id')::bigint);
    if not o.sees then
        perform lib.fail('NOT_FOUND', '记录不存在');
    end if;
    return jsonb_build_object('attachments',
        coalesce((select jsonb_agg(lib.attachment_json(t, false) order by t.id) from core.attachment t
                   where t.object_kind = a->>'object_kind' and t.object_id = (a->>'object_id')::bigint), '[]'));
end $$;

-- One attachment with its content (audited).
create function m.attachment_get(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    t core.attachment;
    o record;
begin
    select * into t from core.attachment where id = (a->>'id')::bigint;
    if not found then
        perform lib.fail('NOT_FOUND', '附件不存在');
    end if;
    select * into o from lib.attachment_owner(ctx, t.object_kind, t.object_id);
    if not o.sees then
        perform lib.fail('NOT_FOUND', '附件不存在');
    end if;
    perform lib.set_object('attachment:' || t.id || ' ' || t.object_kind || ':' || t.object_id
                           || case when o.secret then ' secret' else '' end);
    return lib.attachment_json(t, true);
end $$;
