-- 026_service_agreements.sql - service agreements (P9, P13).
--
-- The bureau keeps the agreement's template, versioned; each agreement is
-- drafted for one pair from the newest version and keeps that version and
-- its own filled-in text.  The text's SM3 digest is fixed when drafted: the
-- advisor and the enterprise contact each sign by sending the digest of the
-- text they read (the client computes it), so a signature names exactly one
-- text.  Signed by both, it is filed by the tier's owner, who gives it a
-- filing number (备案号), or returned with a reason (a new draft follows).
-- It ends when its pair ends, when renewed, or by the owner with a reason.
--
--   drafted → signed_one → signed_both → filed → ended
--                                      ↘ returned
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/agreements.sql; what stays here is its tables and data.

create extension if not exists pgcrypto with schema public;

create table core.agreement_template (
    version    int primary key,
    title      text not null check (length(btrim(title)) between 4 and 60),
    body       text not null check (length(body) between 100 and 20000),
    note       text not null default '',
    created_by bigint references core.app_user,
    created_at timestamptz not null default now()
);

insert into core.agreement_template (version, title, body, note) values (1, '融资培育金融顾问服务协议',
$t$甲方（受服务企业）：{enterprise}
乙方（金融顾问）：{advisor}（{institution}）
备案机关：{filing_body}

为落实青海省民营和小微企业融资培育工作，甲乙双方本着自愿、诚信、保密、义务服务的原则，订立本协议。

第一条　乙方的服务
（一）帮助甲方提升经营管理水平：定期走访，指导完善公司治理，优化发展战略，防止过度融资；
（二）帮助甲方提升融资能力：提供金融政策与产品咨询，制定融资方案，对接金融机构，介绍股份制改造、上市、发行债券等资本市场路径；
（三）帮助甲方增强可持续发展能力：规范财务管理，如实编制财务报表，规范关联交易，提示风险并协助制定化解方案，督促诚信还款、守信经营；
（四）融资培育工作需要的其他服务。

第二条　甲方的义务
甲方建立定期向乙方通报经营和融资情况的机制，如实提供资料，配合乙方开展服务，并按乙方建议改进经营管理。

第三条　保密与纪律
乙方保守甲方的商业秘密和内幕信息，不干预甲方的正常经营。本协议项下的服务均为义务服务，乙方不得直接或间接向甲方收取任何费用或谋取任何利益。

第四条　服务期限
自{term_start}起至{term_end}止。

第五条　协议的终止
有下列情形之一的，本协议终止：服务期限届满未续签；乙方经核实被更换或不再担任金融顾问；甲方经核实被移出重点帮扶企业名单；结对经备案机关调整。协议终止后，乙方的保密义务继续有效。

第六条　签署与备案
本协议由甲乙双方通过融培系统签署，报{filing_body}备案，自备案之日起生效。$t$,
'初版：依据融资培育工程实施方案第五、九、十一、十三条');

create table core.agreement (
    id               bigserial primary key,
    pairing_id       bigint not null references core.pairing,
    template_version int not null references core.agreement_template,
    title            text not null,
    body             text not null,
    digest           text not null check (digest ~ '^[0-9a-f]{64}$'),
    term_start       date not null,
    term_end         date not null check (term_end > term_start),
    status           text not null default 'drafted'
                     check (status in ('drafted', 'signed_one', 'signed_both', 'filed', 'returned', 'ended')),
    filing_no        text unique,
    filed_by         bigint references core.app_user,
    filed_at         timestamptz,
    return_reason    text,
    end_reason       text,
    ended_at         timestamptz,
    renews_id        bigint references core.agreement,
    created_by       bigint references core.app_user,
    created_at       timestamptz not null default now(),
    constraint agreement_filed check ((filing_no is not null) = (filed_at is not null)),
    constraint agreement_returned check ((status = 'returned') = (return_reason is not null))
);

-- one live agreement per pair and term
create unique index agreement_live on core.agreement (pairing_id, term_start)
    where status not in ('returned', 'ended');

create table core.agreement_signature (
    agreement_id bigint not null references core.agreement,
    party        text not null check (party in ('advisor', 'enterprise')),
    user_id      bigint not null references core.app_user,
    digest       text not null,
    signed_at    timestamptz not null default now(),
    primary key (agreement_id, party)
);

insert into core.constraint_message values
  ('agreement_live', '该结对本期已有协议'),
  ('agreement_signature_pkey', '您已签署过这份协议'),
  ('agreement_template_title_check', '协议标题应为 4 至 60 个字符'),
  ('agreement_template_body_check', '协议正文应为 100 至 20000 个字符');
