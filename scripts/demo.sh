#!/usr/bin/env bash
# demo.sh VAR_DIR SERVER RONGPEI_BINARY RONGPEID_BINARY CONFIG
#
# Load the demo through the real paths: the operator creates the first
# bureau accounts with `rongpeid adduser`; everything else is done with the
# rongpei client, as the users would.  Two parts (DEMO_PART=base|year|all,
# default all):
#   base  the accounts: organisations, offices, certificates issued by
#         cert.issue, one user of each role, each logged in once with the
#         demo password set; the first provincial intake round opened.
#         The integration tests start from this.
#   year  the program's first year on top of it (demo-year.sh).
# All names are fictional.
set -euo pipefail
var=$1 server=$2 rp=$3 rpd=$4 conf=$5
part=${DEMO_PART:-all}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
demo=$var/demo
ca=$var/ca
mkdir -p "$demo/certs"
pw() { echo "Demo-2026-$1"; }     # demo passwords: printed by make run, never for production

as() { # as ACCOUNT-ENV command...
  local f=$1; shift
  ( . "$demo/$f.env"; "$@" )
}
first_login() { # first_login ENVNAME USER TEMP
  as "$1" sh -c "echo '$3' | '$rp' login --password-stdin >/dev/null && \
                 printf '%s\n%s\n' '$3' '$(pw "$2")' | '$rp' passwd --password-stdin >/dev/null"
}
B() { as bureau-admin "$rp" --json "$@"; }
id_of() { sed -n 's/^  "id": \([0-9]*\),*$/\1/p' | head -n 1; }

if [ "$part" != year ]; then

# 1. the operator: bureau and the three separated duties
for spec in "bureau.admin:马文静:bureau_admin" "sys.admin:李国栋:system_admin" \
            "sec.admin:韩雪梅:security_admin" "audit.admin:赵立新:audit_admin"; do
  IFS=: read -r u n r <<<"$spec"
  echo "Temp-Pass-$u-1" | "$rpd" -c "$conf" adduser --username "$u" --name "$n" --roles "$r" >/dev/null
done
"$rpd" -c "$conf" register-cert --org 青海省地方金融监督管理局 --cert "$ca/bureau.crt" >/dev/null

for spec in "bureau-admin:bureau.admin" "system-admin:sys.admin" "security-admin:sec.admin" \
            "audit-admin:audit.admin"; do
  IFS=: read -r e u <<<"$spec"
  env_file "$demo/$e.env" "$server" "$ca/ca.crt" "$ca/bureau.crt" "$ca/bureau.key" "$u" "$(pw "$u")"
  first_login "$e" "$u" "Temp-Pass-$u-1"
done

# 2. organisations: the 8 prefecture finance offices
declare -A org
for spec in "630100:西宁市金融办" "630200:海东市金融办" "632200:海北州金融办" "632300:黄南州金融办" \
            "632500:海南州金融办" "632600:果洛州金融办" "632700:玉树州金融办" "632800:海西州金融办"; do
  IFS=: read -r code name <<<"$spec"
  org[$code]=$(B org create --kind prefecture_office --name "$name" --division "$code" | id_of)
done

# institutions of different types, each with offices (fictional names)
declare -A inst
mk_inst() { # key type name division credit
  inst[$1]=$(B org create --kind institution --type "$2" --name "$3" --division "$4" | id_of)
}
mk_inst bank bank "青海高原农商银行" 630100
mk_inst securities securities "昆仑证券青海分公司" 630100
mk_inst insurance insurance "三江源财产保险青海分公司" 630100
mk_inst law law_firm "雪域律师事务所" 630100
mk_inst accounting accounting_firm "柴达木会计师事务所" 632800
mk_inst guarantee guarantee "青海湖融资担保有限公司" 630100
mk_inst equity equity_market "青海股权交易中心（演示）" 630100
mk_inst gov government "省发展改革委（演示）" 630100
enterprise=$(B org create --kind enterprise --name "湟水谷物加工有限公司（演示）" --division 630121 \
             --credit-code 91630104MA7N3K5Q6N | id_of)

B office create --org "${inst[bank]}" --name "西宁城中支行" --county 630103 >/dev/null
bank_office=$(B office create --org "${inst[bank]}" --name "格尔木支行" --county 632801 | id_of)
B office create --org "${inst[securities]}" --name "西宁营业部" --county 630104 >/dev/null
B office create --org "${inst[insurance]}" --name "海东中心支公司" --county 630202 >/dev/null
B office create --org "${inst[law]}" --name "总所" --county 630105 >/dev/null
B office create --org "${inst[accounting]}" --name "德令哈分所" --county 632802 >/dev/null
B office create --org "${inst[guarantee]}" --name "业务一部" --county 630102 >/dev/null

# 3. client certificates, issued through cert.issue like any deployment's
issue() { # issue NAME ORGID
  [ -f "$demo/certs/$1/org-$2.crt" ] || B cert issue --org "$2" --out "$demo/certs/$1" >/dev/null
}
issue xining "${org[630100]}"
issue bank "${inst[bank]}"
issue enterprise "$enterprise"

# 4. one account per role
user() { # user ENVNAME USERNAME NAME ORG CERTDIR [--office N] --role R
  local e=$1 u=$2 n=$3 o=$4 cd=$5; shift 5
  echo "Temp-Pass-$u-1" | B user create --org "$o" --username "$u" --name "$n" --password-stdin "$@" >/dev/null
  env_file "$demo/$e.env" "$server" "$ca/ca.crt" "$demo/certs/$cd/org-$o.crt" \
           "$demo/certs/$cd/org-$o.key" "$u" "$(pw "$u")"
  first_login "$e" "$u" "Temp-Pass-$u-1"
}
bureau_id=$(B whoami | sed -n 's/^  "org_id": \([0-9]*\),*$/\1/p')
# bureau staff and the expert use the bureau's certificate
mkdir -p "$demo/certs/bureau"
cp "$ca/bureau.crt" "$demo/certs/bureau/org-$bureau_id.crt"
cp "$ca/bureau.key" "$demo/certs/bureau/org-$bureau_id.key"
user bureau-staff bureau.staff 祁晓燕 "$bureau_id" bureau --mobile 13897001234 --role bureau_staff
user expert expert.wang 王建华 "$bureau_id" bureau --role expert_reviewer
user prefecture-staff xining.staff 张海峰 "${org[630100]}" xining --mobile 13997005678 --role prefecture_staff
user institution-admin bank.admin 刘慧敏 "${inst[bank]}" bank --mobile 18997001111 --role institution_admin
user office-staff bank.office 陈志远 "${inst[bank]}" bank --office "$bank_office" --role institution_staff
user advisor bank.advisor 杨光明 "${inst[bank]}" bank --mobile 15909712222 --role advisor
user enterprise-contact enterprise.contact 马建军 "$enterprise" enterprise --role enterprise_contact
# 5. the first provincial intake round (P1, P2: 50 advisors), with quotas
B round open --year "$(date +%Y)" --title "$(date +%Y)年第一批省级金融顾问" --target 50 \
  --deadline "$(date -d "+60 days" +%F)" \
  --criterion 专业能力:40 --criterion 从业经验:30 --criterion 服务记录:20 --criterion 工作态度:10 \
  --quota "${inst[bank]}:12" --quota "${inst[securities]}:8" --quota "${inst[insurance]}:8" \
  --quota "${inst[law]}:6" --quota "${inst[accounting]}:6" --quota "${inst[guarantee]}:6" \
  --quota "${inst[equity]}:4" --quota "${inst[gov]}:6" >/dev/null
fi
[ "$part" = base ] || . "$here/demo-year.sh"
touch "$demo/.seeded"
