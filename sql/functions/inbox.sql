-- inbox.sql - what waits for the caller: one function per area returns
-- its items (kind, time, title, detail, object, command); m.inbox_list
-- puts them together, newest first.

-- The first half of the program's items: nominations, review, decisions,
-- replacements, terms, recommendations, removals, team sync.
create function lib.setup_inbox(ctx jsonb)
returns table (kind text, at timestamptz, title text, detail text, object text, command text)
language sql stable as $$
    -- office staff: returned to them
    select 'nomination_returned', n.updated_at, '提名被退回：' || n.name,
           coalesce(n.return_reason, ''), 'nomination:' || n.id,
           'rongpei nomination update ' || n.id
      from core.nomination n
     where lib.has_role(ctx, 'institution_staff') and n.status = 'returned'
       and n.org_id = (ctx->>'org_id')::bigint
       and n.office_id is not distinct from nullif(ctx->>'office_id', '')::bigint
    union all
    -- institution admin: drafts to submit
    select 'draft_to_submit', n.updated_at, '待报送的提名草稿：' || n.name,
           coalesce(f.name, '') || ' 起草，' || (select title from core.intake_round where id = n.round_id), 'nomination:' || n.id,
           'rongpei nomination submit ' || n.id
      from core.nomination n left join core.office f on f.id = n.office_id
     where lib.has_role(ctx, 'institution_admin') and n.status = 'draft'
       and n.org_id = (ctx->>'org_id')::bigint
    union all
    select 'replacement_to_nominate', rp.verified_at, '更换已核实，请提名接替人选：' || ad.name,
           coalesce(rp.verify_note, ''), 'replacement:' || rp.id,
           'rongpei advisor nominate --replaces ' || rp.id || ' ...'
      from core.replacement rp join core.advisor ad on ad.id = rp.advisor_id
     where lib.has_role(ctx, 'institution_admin') and rp.status = 'verified'
       and rp.org_id = (ctx->>'org_id')::bigint
       and not exists (select 1 from core.nomination n left join core.decision d on d.nomination_id = n.id
                        where n.replacement_id = rp.id
                          and not (d.decision is not distinct from 'reject'
                                   and d.status is not distinct from 'confirmed'))
    union all
    -- reviewers: candidates to score
    select 'candidate_to_score', ra.assigned_at, '待评分的候选人：' || n.name,
           o.name || '，' || (select title from core.intake_round where id = ra.round_id), 'nomination:' || n.id,
           'rongpei review score ' || n.id || ' ...'
      from core.review_assignment ra join core.nomination n on n.id = ra.nomination_id
      join core.organisation o on o.id = n.org_id
     where lib.has_role(ctx, 'expert_reviewer') and ra.reviewer_id = (ctx->>'user_id')::bigint
       and ra.status = 'assigned'
    union all
    -- round owners: candidates nobody reviews yet
    select 'to_assign', n.submitted_at, '待分配评审的候选人：' || n.name,
           o.name || '，' || r.title, 'nomination:' || n.id,
           'rongpei review assign ' || r.id || ' --reviewer 评审专家 --nomination ' || n.id
      from core.nomination n join core.intake_round r on r.id = n.round_id
      join core.organisation o on o.id = n.org_id
     where n.status = 'submitted' and lib.owns_round(ctx, r)
       and not exists (select 1 from core.review_assignment ra
                        where ra.nomination_id = n.id and ra.status <> 'recused')
       and not exists (select 1 from core.decision d where d.nomination_id = n.id)
    union all
    select 'decision_to_confirm', d.proposed_at,
           '待确认的决定：' || n.name || '（' ||
           case d.decision when 'appoint' then '聘任' when 'reject' then '不予聘任' else '候补' end || '）',
           d.reason || '；提出人 ' || u.display_name, 'nomination:' || n.id,
           'rongpei decision confirm ' || n.id
      from core.decision d join core.nomination n on n.id = d.nomination_id
      join core.intake_round r on r.id = n.round_id
      join core.app_user u on u.id = d.proposed_by
     where d.status = 'proposed' and d.proposed_by <> (ctx->>'user_id')::bigint
       and lib.owns_round(ctx, r)
    union all
    select 'replacement_to_verify', rp.reported_at, '待核实的顾问更换报告：' || ad.name,
           o.name || '：' || rp.reason, 'replacement:' || rp.id,
           'rongpei replacement verify ' || rp.id || ' --accept|--reject --note 核实意见'
      from core.replacement rp join core.advisor ad on ad.id = rp.advisor_id
      join core.organisation o on o.id = rp.org_id
     where rp.status = 'reported' and lib.manages_advisor(ctx, ad)
    union all
    select 'term_ending', t.term_end::timestamptz, '聘期将满：' || ad.name,
           '聘期至 ' || to_char(t.term_end, 'YYYY-MM-DD') || '（' || t.cert_no || '）', 'advisor:' || ad.id,
           'rongpei advisor extend ' || ad.id || ' --reason 理由'
      from core.advisor ad join lateral lib.advisor_term_now(ad.id) t on true
     where ad.status <> 'ended' and t.term_end <= lib.today() + 30
       and not exists (select 1 from core.advisor_term n          -- already extended
                        where n.advisor_id = ad.id and n.status = 'current' and n.term_start > t.term_end)
       and (lib.manages_advisor(ctx, ad) or ad.user_id = (ctx->>'user_id')::bigint)
    union all
    select 'recommendation_to_review', rc.created_at, '待审核的企业推荐：' || o.name,
           (select name from core.division where code = rc.prefecture_code) || '推荐，' || r.year || ' 年',
           'recommendation:' || rc.id, 'rongpei recommendation decide ' || rc.id || ' --approve|--return|--reject'
      from core.recommendation rc join core.keylist_round r on r.id = rc.round_id
      join core.organisation o on o.id = rc.enterprise_id
     where rc.status = 'submitted' and lib.owns_keylist(ctx, r)
    union all
    select 'recommendation_returned', rc.decided_at, '推荐被退回：' || o.name, coalesce(rc.reason, ''),
           'recommendation:' || rc.id, 'rongpei recommendation correct ' || rc.id || ' ...'
      from core.recommendation rc join core.organisation o on o.id = rc.enterprise_id
     where rc.status = 'returned' and lib.has_role(ctx, 'prefecture_staff')
       and rc.prefecture_code = ctx->>'prefecture'
    union all
    select 'removal_to_decide', rm.applied_at, '待审核的移出申请：' || o.name, rm.account,
           'removal:' || rm.id, 'rongpei removal decide ' || rm.id || ' --approve|--reject --reason 理由'
      from core.removal rm join core.key_enterprise k on k.id = rm.entry_id
      join core.organisation o on o.id = k.enterprise_id
     where rm.status = 'applied' and lib.owns_entry(ctx, k)
    union all
    select 'slot_to_fill', s.created_at, '请递补推荐一家企业（' || o.name || ' 已移出）',
           s.year || ' 年' || case s.tier when 'province' then '省级' else '市州级' end || '名单',
           'slot:' || s.id, 'rongpei recommend --round 轮次 --replaces ' || s.id || ' ...'
      from core.list_slot s join core.removal rm on rm.id = s.removal_id
      join core.key_enterprise k on k.id = rm.entry_id
      join core.organisation o on o.id = k.enterprise_id
     where s.status = 'open' and lib.has_role(ctx, 'prefecture_staff')
       and s.prefecture_code = ctx->>'prefecture'
    union all
    select 'sync_conflict', s.created_at, '团队同步冲突：' || coalesce(ad.name, '顾问 ' || s.advisor_id),
           s.message, 'change:' || s.change_id, 'rongpei team conflicts'
      from core.sync_change s left join core.advisor ad on ad.id = s.advisor_id
     where s.outcome = 'conflict' and s.resolved_by is null and s.org_id = (ctx->>'org_id')::bigint
       and (lib.has_role(ctx, 'prefecture_staff') or lib.has_role(ctx, 'bureau_admin'))
$$;

-- What waits for the caller, newest first: the items of every area.
create function m.inbox_list(ctx jsonb, a jsonb) returns jsonb
language sql stable as $$
    select lib.page('items', jsonb_agg(jsonb_build_object(
               'kind', kind, 'at', lib.time_text(at), 'title', title, 'detail', detail,
               'object', object, 'command', command) order by k), array_agg(k order by k), lib.page_limit(a))
      from (select i.*, lib.page_key(lib.page_desc(i.at), i.object) k
              from (select * from lib.setup_inbox(ctx)
                    union all
                    select * from lib.pairing_inbox(ctx)
                    union all
                    select * from lib.service_inbox(ctx)
                    union all
                    select * from lib.risk_inbox(ctx)
                    union all
                    select * from lib.financing_inbox(ctx)
                    union all
                    select * from lib.liaison_inbox(ctx)
                    union all
                    select * from lib.discipline_inbox(ctx)
                    union all
                    select * from lib.question_inbox(ctx)
                    union all
                    select * from lib.complaint_inbox(ctx)) i
             where lib.page_key(lib.page_desc(i.at), i.object) > lib.page_after(a)
             order by k limit lib.page_limit(a) + 1) x
$$;
