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
