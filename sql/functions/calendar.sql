-- calendar.sql - the official working-day calendar: deadlines "within N
-- working days" count the working days after the day of receipt, by the
-- year's schedule (core.calendar_day: holidays, and the adjusted working
-- weekends 调休上班).  A year without a loaded schedule is refused with
-- what to do, never guessed.

-- The year's schedule is known, or the call fails saying so.
create function lib.calendar_known(p_year int) returns void
language plpgsql stable as $$
begin
    if not exists (select 1 from core.calendar_year where year = p_year) then
        perform lib.fail('CONFLICT', format('尚未载入 %s 年的工作日安排（国务院办公厅节假日通知）：'
                                               '请系统管理员载入后再试', p_year));
    end if;
end $$;

-- Is p_day a working day?
create function lib.is_working_day(p_day date) returns boolean
language plpgsql stable as $$
declare
    v_kind text;
begin
    perform lib.calendar_known(extract(year from p_day)::int);
    select kind into v_kind from core.calendar_day where day = p_day;
    if found then
        return v_kind = 'workday';
    end if;
    return extract(isodow from p_day) < 6;
end $$;

-- The p_n-th working day after p_day (p_n >= 1).
create function lib.add_working_days(p_day date, p_n int) returns date
language plpgsql stable as $$
declare
    v date := p_day;
    v_left int := p_n;
begin
    while v_left > 0 loop
        v := v + 1;
        if lib.is_working_day(v) then
            v_left := v_left - 1;
        end if;
    end loop;
    return v;
end $$;

-- core.working_day again from the loaded years (after calendar.load):
-- every day from the first loaded year while the years follow each other,
-- with the count of working days up to it.
create function lib.working_days_rebuild() returns void
language sql as $$
    delete from core.working_day;
    insert into core.working_day (day, n, working) select day, n, working from core.working_day_count;
$$;

-- The deadline p_n working days after p_day (day 0): two index lookups
-- in core.working_day; null - 待定 - when it falls past the years loaded
-- (never guessed).  Used by every deadline that must not fail while the
-- next year is not loaded yet (questions, complaints, referrals).
create function lib.deadline(p_day date, p_n int) returns date
language sql stable as $$
    select w.day from core.working_day d join core.working_day w on w.n = d.n + p_n and w.working
     where d.day = p_day
$$;

-- Working days from p_from to p_to: after p_from up to p_to (negative when
-- p_to is earlier); null when either is past the years loaded.
create function lib.working_days_between(p_from date, p_to date) returns int
language sql stable as $$
    select t.n - f.n from core.working_day f, core.working_day t where f.day = p_from and t.day = p_to
$$;

-- Count again every open deadline that depends on the calendar (after a
-- year is loaded or corrected): questions, complaints, referrals waiting
-- for their answer.  Returns what moved, one line each.
create function lib.recount_deadlines() returns text[]
language plpgsql as $$
declare
    v_q text[];
    v_c text[];
    v_r text[];
begin
    with n as (
        select id, due_on as old, lib.deadline(received_on, lib.setting_int('question_days_' || level)) as due
          from core.question where status = 'open'),
         u as (
        update core.question q set due_on = n.due from n
         where q.id = n.id and n.due is distinct from n.old
        returning q.id, n.old, n.due)
    select array_agg('问题 ' || id || '：' || coalesce(old::text, '待定') || ' → ' || coalesce(due::text, '待定') order by id)
      into v_q from u;
    with n as (
        select id, due_on as old, lib.complaint_due(cc) as due
          from core.complaint cc where status in ('received', 'registered', 'decided')),
         u as (
        update core.complaint c set due_on = n.due from n
         where c.id = n.id and n.due is distinct from n.old
        returning c.id, c.reg_no, n.old, n.due)
    select array_agg('投诉 ' || coalesce(reg_no, id::text) || '：' || coalesce(old::text, '待定') || ' → '
                     || coalesce(due::text, '待定') order by id)
      into v_c from u;
    with n as (
        select id, due_on as old,
               lib.deadline((created_at at time zone 'Asia/Shanghai')::date,
                            lib.setting_int('referral_answer_working_days')) as due
          from core.referral where status = 'sent'),
         u as (
        update core.referral f set due_on = n.due from n
         where f.id = n.id and n.due is distinct from n.old
        returning f.id, n.old, n.due)
    select array_agg('融资推荐 ' || id || '：' || coalesce(old::text, '待定') || ' → ' || coalesce(due::text, '待定')
                     order by id) into v_r from u;
    return coalesce(v_q, '{}') || coalesce(v_c, '{}') || coalesce(v_r, '{}');
end $$;

-- A year's schedule, as the State Council announced it: its holidays and
-- adjusted working days, all or nothing.  A year is loaded once; a
-- corrected notice is loaded with correct as its next version (the one it
-- replaces kept in core.calendar_version).  Either way the open deadlines
-- are counted again and the reply says which moved.
create function m.calendar_load(ctx jsonb, a jsonb) returns jsonb
language plpgsql as $$
declare
    v_year int := (a->>'year')::int;
    y core.calendar_year;
    d jsonb;
    v_day date;
    v_n int := 0;
begin
    if v_year is null or v_year < 2000 or v_year > 2100 then
        perform lib.fail('INVALID', '请给出年度（--year），如 2027');
    end if;
    select * into y from core.calendar_year where year = v_year for update;
    if found and not coalesce((a->>'correct')::boolean, false) then
        perform lib.fail('CONFLICT', format('%s 年的工作日安排已载入；载入更正后的通知请加 --correct', v_year));
    end if;
    if not found and coalesce((a->>'correct')::boolean, false) then
        perform lib.fail('CONFLICT', format('%s 年的工作日安排尚未载入，没有可更正的', v_year));
    end if;
    if length(btrim(coalesce(a->>'source', ''))) < 4 then
        perform lib.fail('INVALID', '请写明依据的通知（--source）');
    end if;
    if y.year is not null then
        insert into core.calendar_version (year, version, source, loaded_at, days)
        values (y.year, y.version, y.source, y.loaded_at,
                coalesce((select jsonb_agg(jsonb_build_object('day', c.day, 'kind', c.kind, 'name', c.name) order by c.day)
                            from core.calendar_day c where extract(year from c.day) = v_year), '[]'));
        delete from core.calendar_day where extract(year from day) = v_year;
        update core.calendar_year set version = version + 1, source = btrim(a->>'source'), loaded_at = now()
         where year = v_year;
    else
        insert into core.calendar_year (year, source) values (v_year, btrim(a->>'source'));
    end if;
    for d in select * from jsonb_array_elements(coalesce(a->'days', '[]')) loop
        v_n := v_n + 1;
        begin
            v_day := (d->>'day')::date;
        exception when others then
            perform lib.fail('INVALID', format('第 %s 项的日期“%s”应为 yyyy-mm-dd', v_n, d->>'day'));
        end;
        if extract(year from v_day) <> v_year then
            perform lib.fail('INVALID', format('第 %s 项 %s 不在 %s 年', v_n, v_day, v_year));
        end if;
        if coalesce(d->>'kind', '') not in ('holiday', 'workday') then
            perform lib.fail('INVALID', format('第 %s 项（%s）的类别应为 holiday（放假）或 workday（调休上班）', v_n, v_day));
        end if;
        if d->>'kind' = 'workday' and extract(isodow from v_day) < 6 then
            perform lib.fail('INVALID', format('第 %s 项：%s 是工作日，不必列为调休上班', v_n, v_day));
        end if;
        if exists (select 1 from core.calendar_day where day = v_day) then
            perform lib.fail('INVALID', format('第 %s 项：%s 列了两次', v_n, v_day));
        end if;
        insert into core.calendar_day (day, kind, name) values (v_day, d->>'kind', btrim(coalesce(d->>'name', '')));
    end loop;
    if v_n < 10 then
        perform lib.fail('INVALID', format('%s 年只列了 %s 天：应列出全年的法定假日和调休上班日', v_year, v_n));
    end if;
    perform lib.working_days_rebuild();
    perform lib.set_object('calendar:' || v_year || ' version:' || (select version from core.calendar_year where year = v_year));
    return m.calendar_show(ctx, jsonb_build_object('year', v_year))
           || jsonb_build_object('changed', to_jsonb(lib.recount_deadlines()));
end $$;

create function m.calendar_show(ctx jsonb, a jsonb) returns jsonb
language plpgsql stable as $$
declare
    v_year int := coalesce(nullif((a->>'year')::int, 0), extract(year from lib.today())::int);
begin
    perform lib.calendar_known(v_year);
    return (select jsonb_build_object(
                'year', v_year, 'source', (select source from core.calendar_year where year = v_year),
                'version', (select version from core.calendar_year where year = v_year),
                'working_days', (select count(*) from generate_series(make_date(v_year, 1, 1), make_date(v_year, 12, 31),
                                                                      '1 day') g where lib.is_working_day(g::date)),
                'days', coalesce((select jsonb_agg(jsonb_build_object('day', c.day::text, 'kind', c.kind, 'name', c.name)
                                                   order by c.day)
                                    from core.calendar_day c where extract(year from c.day) = v_year), '[]')));
end $$;
