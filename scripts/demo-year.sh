# demo-year.sh - the program's first year, sourced by demo.sh after the
# accounts (DEMO_PART=year or all).  Everything goes through the client
# as the users would, so every rule the server keeps holds in the demo:
#
#   accounts   a second bureau administrator (four-eyes), two more expert
#              reviewers, an administrator for every institution, an
#              official in each of the eight prefecture finance offices
#              (two in Xining);
#   intake     the provincial round: 62 candidates nominated from files and
#              one by hand, submitted, reviewed by two experts, 50
#              appointed (each decision confirmed by the second
#              administrator), 6 waitlisted, 6 not appointed; the roster
#              published; the bank's advisor account linked to its advisor;
#   Xining     the prefecture's own round: five candidates, reviewed, three
#              appointed by one official and confirmed by the other, one
#              proposed and waiting, one still with the expert;
#   list       82 enterprises recommended from the eight prefectures' files
#              (UTF-8, GB18030 and Excel), 80 approved in one command, 2
#              returned; one removed on the prefecture's application and
#              its place refilled;
#   groups     groups of ten and the policy-and-regulation group;
#   pairing    the optimal pairing accepted; an agreement for every pair,
#              one signed by both sides and filed, one signed by the
#              advisor and waiting for the enterprise;
#   succession one advisor reported as moved, verified, a successor
#              nominated, reviewed and appointed, taking over the pairs.
#
# What is left open is what the demo accounts find in their inbox.
# Progress goes to standard output, one line a step.

year=$(TZ=Asia/Shanghai date +%Y)
deadline=$(TZ=Asia/Shanghai date -d "+60 days" +%F)
t0=$SECONDS
say() { printf '   %-44s (%d s)\n' "$1" $((SECONDS - t0)); }
Q() { as "$1" "$rp" "${@:2}" >/dev/null; }            # Q ACCOUNT command...: quietly
Jq() { as "$1" "$rp" --json "${@:2}"; }               # Jq ACCOUNT command...: its JSON
py() { python3 -c "$1"; }                              # py PROGRAM: reads JSON on stdin

# account ENV CERTDIR USER NAME ORG ROLE [options]: a user of ORG (a name),
# its environment, its first login; the organisation's certificate is
# issued once into certs/CERTDIR.
account() {
  local e=$1 cd=$demo/certs/$2 u=$3 n=$4 o=$5 r=$6 crt; shift 6
  ls "$cd"/org-*.crt >/dev/null 2>&1 || Q bureau-admin cert issue --org "$o" --out "$cd"
  crt=$(ls "$cd"/org-*.crt | head -n 1)
  echo "Temp-Pass-$u-1" | Q bureau-admin user create --org "$o" --username "$u" --name "$n" --role "$r" \
    --password-stdin "$@"
  env_file "$demo/$e.env" "$server" "$ca/ca.crt" "$crt" "${crt%.crt}.key" "$u" "$(pw "$u")"
  first_login "$e" "$u" "Temp-Pass-$u-1"
}

# ---------------------------------------------------------------- accounts
account bureau-admin2 bureau bureau.admin2 周立平 青海省地方金融监督管理局 bureau_admin
account expert-li bureau expert.li 李秀英 青海省地方金融监督管理局 expert_reviewer
account expert-zhao bureau expert.zhao 赵德明 青海省地方金融监督管理局 expert_reviewer
account sec-admin securities kunlun.admin 郭明远 昆仑证券青海分公司 institution_admin
account ins-admin insurance sanjiang.admin 谢婷 三江源财产保险青海分公司 institution_admin
account law-admin law xueyu.admin 孙立 雪域律师事务所 institution_admin
account acc-admin accounting chaidamu.admin 董海霞 柴达木会计师事务所 institution_admin
account guar-admin guarantee qhhdb.admin 何永平 青海湖融资担保有限公司 institution_admin
account equity-admin equity equity.admin 冯家宁 青海股权交易中心（演示） institution_admin
account gov-admin gov fgw.admin 罗振华 省发展改革委（演示） institution_admin
account prefecture-staff2 xining xining.staff2 田雨 西宁市金融办 prefecture_staff
declare -A PREF=([630100]=西宁 [630200]=海东 [632200]=海北 [632300]=黄南 [632500]=海南 [632600]=果洛
                 [632700]=玉树 [632800]=海西)
declare -A PREF_OFFICE=([630200]=海东市金融办 [632200]=海北州金融办 [632300]=黄南州金融办 [632500]=海南州金融办
                        [632600]=果洛州金融办 [632700]=玉树州金融办 [632800]=海西州金融办)
declare -A PREF_COUNTY=([630100]=630102 [630200]=630202 [632200]=632221 [632300]=632301
                        [632500]=632521 [632600]=632621 [632700]=632701 [632800]=632801)
for p in "${!PREF_OFFICE[@]}"; do
  account "pref-$p" "pref-$p" "pref.$p" "${PREF[$p]}金融办专员" "${PREF_OFFICE[$p]}" prefecture_staff
done
say "账户：省局第二管理员、评审专家、各机构、各市州"

# ---------------------------------------------------------------- the provincial round
round="$year $year年第一批省级金融顾问"
Q bureau-admin round quota "$round" --quota 青海高原农商银行:14 --quota 昆仑证券青海分公司:10 \
  --quota 三江源财产保险青海分公司:9 --quota 雪域律师事务所:7 --quota 柴达木会计师事务所:7 \
  --quota 青海湖融资担保有限公司:7 --quota 青海股权交易中心（演示）:4 --quota 省发展改革委（演示）:4
surnames=(王 李 张 刘 陈 杨 赵 黄 周 吴 马 韩 祁 朱 胡 郭 何 罗 高 林)
givens=(志刚 海燕 建华 文静 国强 丽萍 晓东 秀兰 永明 春花 德胜 玉梅 立新 卓玛 才让 红霞 振宇 雪莲 宏伟 慧敏)
all_prefs=(630100 630200 632200 632300 632500 632600 632700 632800)
# person K: a fictional name and identity number (born 1972-1991, registered in Xining)
# (unique for K < 400: the same surname comes back with another given name)
person_name() { echo "${surnames[$(( $1 % 20 ))]}${givens[$(( ($1 + $1 / 20) % 20 ))]}"; }
person_id() { id17 "630102$((1972 + $1 % 20))$(printf %02d $(( $1 % 12 + 1 )))$(printf %02d $(( $1 % 28 + 1 )))$(printf %03d "$1")"; }
# the prefectures candidate K may serve: four, in turn, so each is served by half
prefs_of() { local i s=""; for i in 0 1 2 3; do s+="${s:+、}${all_prefs[$(( ($1 + i) % 8 ))]}"; done; echo "$s"; }
# nomination_rows FROM TO OFFICE POSITION SPECIALISMS SECTIONS
nomination_rows() {
  local k
  for k in $(seq "$1" "$2"); do
    printf '%s,%s,%s,%s,%s,%d,%s,%s,%s,是,v1\n' "$(person_name "$k")" "$(sex_of "$(person_id "$k")")" \
      "$(person_id "$k")" "$3" "$4" $(( k % 18 + 3 )) "$5" "$6" "$(prefs_of "$k")"
  done
}
header="姓名,性别,身份证号,网点,职务,从业年限,专业领域,熟悉行业,可服务市州,已签署声明,告知书版本"
f=$demo/files
mkdir -p "$f"
import() { # import ACCOUNT NAME FROM TO OFFICE POSITION SPECIALISMS SECTIONS [gb18030]
  { echo "$header"; nomination_rows "$3" "$4" "$5" "$6" "$7" "$8"; } >"$f/nominations-$2.csv"
  if [ "${9:-}" = gb18030 ]; then
    iconv -f UTF-8 -t GB18030 "$f/nominations-$2.csv" >"$f/nominations-$2.gb.csv"
    Q "$1" advisor import --round "$round" --file "$f/nominations-$2.gb.csv"
  else
    Q "$1" advisor import --round "$round" --file "$f/nominations-$2.csv"
  fi
}
import institution-admin bank 1 7 西宁城中支行 客户经理 信贷融资、风险管理 C、F
import institution-admin bank-geermu 8 13 格尔木支行 公司业务部经理 信贷融资、融资担保 B、C
import sec-admin securities 14 23 西宁营业部 投资银行部经理 股权融资与上市、债券融资 C、I gb18030
import ins-admin insurance 24 32 海东中心支公司 风险管理部经理 保险、风险管理 A、C
import law-admin law 33 39 总所 律师 法律、公司治理 C、L
import acc-admin accounting 40 46 德令哈分所 注册会计师 会计税务、公司治理 C、F
import guar-admin guarantee 47 53 业务一部 项目经理 融资担保、信贷融资 A、C
import equity-admin equity 54 57 "" 挂牌业务部经理 股权融资与上市 C、I
import gov-admin gov 58 61 "" 处长 政策、公司治理 ""
# the bank's own advisor, drafted by hand in the office where he works
yg_id=$(id17 63010219830618071)
Q office-staff advisor nominate --round "$round" --name 杨光明 --gender "$(sex_of "$yg_id")" --id-number "$yg_id" \
  --mobile 15909712222 --office 格尔木支行 --position 小微金融部经理 --years 12 --specialism 信贷融资 \
  --specialism 风险管理 --section C --section A --prefecture 630100 --prefecture 632800 --prefecture 630200 \
  --declaration-signed --notice-version v1
# each administrator submits its institution's candidates in one command
ids_of() { py 'import json,sys; print(",".join(str(n["id"]) for n in json.load(sys.stdin)["nominations"]))'; }
for a in institution-admin sec-admin ins-admin law-admin acc-admin guar-admin equity-admin gov-admin; do
  Q "$a" nomination submit "$(Jq "$a" nomination list --round "$round" --status draft --all | ids_of)"
done
say "提名：62 名候选人（文件导入与逐个起草），已报送"

# two experts review every candidate; scores follow the candidate's record
for e in expert.wang expert.li; do Q bureau-admin review assign "$round" --reviewer "$e" --all; done
for e in expert expert-li; do
  Jq "$e" review queue --all | py 'import json,sys
for a in json.load(sys.stdin).get("items", []):
    if a.get("status", "assigned") == "assigned":
        print(a["nomination_id"], a.get("name", ""))' |
  while read -r n name; do
    k=$(( (n * 37 + ${#e} * 11) % 30 ))
    case $name in 杨光明) k=0 ;; esac
    Q "$e" review score "$n" --score "专业能力:$((96 - k))" --score "从业经验:$((92 - k))" \
      --score "服务记录:$((90 - k / 2))" --score "工作态度:$((95 - k / 3))" --comment 材料齐全，符合条件
  done
done
say "评审：两位专家为每名候选人打分"

# the top 50 appointed (the government candidates among them: the policy
# group), 6 waitlisted, 6 not; each confirmed by the second administrator
ranked=$(Jq bureau-admin review results "$round" --all |
  py 'import json,sys
rs = sorted(json.load(sys.stdin)["rows"], key=lambda r: r.get("rank", 0) or 9999)
gov = [r for r in rs if r.get("org_name") == "省发展改革委（演示）"]
rest = [r for r in rs if r not in gov]
for r in gov + rest: print(r["nomination_id"])')
Q bureau-admin decision propose $(head -n 50 <<<"$ranked") --decision 聘任 --reason 评审综合得分前五十名
Q bureau-admin decision propose $(sed -n 51,56p <<<"$ranked") --decision 候补 --reason 评审得分第五十一至五十六名
Q bureau-admin decision propose $(sed -n '57,$p' <<<"$ranked") --decision 不予聘任 --reason 评审得分靠后
Q bureau-admin2 decision confirm $ranked
Q bureau-admin roster publish --note "$year 年第一批省级金融顾问名单" --xlsx "$f/roster.xlsx" --html "$f/roster.html"
Q institution-admin user update bank.advisor --name 杨光明
Q institution-admin advisor link 杨光明 --user bank.advisor --id-number "$yg_id"
say "聘任：50 名顾问（双人复核），名单已发布"

# ---------------------------------------------------------------- Xining's own team
xround="$year 西宁市$year年金融顾问"
Q prefecture-staff round open --prefecture --year "$year" --title "西宁市${year}年金融顾问" --target 4 \
  --deadline "$deadline" --criterion 专业能力:60 --criterion 服务记录:40 \
  --quota 青海高原农商银行:4 --quota 雪域律师事务所:2
{ echo "$header"; nomination_rows 101 103 西宁城中支行 客户经理 信贷融资 C ""; } |
  sed 's/,\([^,]*\),是,v1$/,630100,是,v1/' >"$f/xining-bank.csv"
Q institution-admin advisor import --round "$xround" --file "$f/xining-bank.csv"
{ echo "$header"; nomination_rows 104 105 总所 律师 法律 L ""; } |
  sed 's/,\([^,]*\),是,v1$/,630100,是,v1/' >"$f/xining-law.csv"
Q law-admin advisor import --round "$xround" --file "$f/xining-law.csv"
Q institution-admin nomination submit "$(Jq institution-admin nomination list --round "$xround" --status draft --all | ids_of)"
Q law-admin nomination submit "$(Jq law-admin nomination list --round "$xround" --status draft --all | ids_of)"
Q prefecture-staff review assign "$xround" --reviewer expert.zhao --all
xids=$(Jq prefecture-staff nomination list --round "$xround" --status submitted --all | ids_of | tr , ' ')
set -- $xids
for n in "$1" "$2" "$3" "$4"; do
  Q expert-zhao review score "$n" --score "专业能力:$((80 + n % 15))" --score "服务记录:$((78 + n % 11))"
done
Q prefecture-staff decision propose "$1" "$2" "$3" --decision 聘任 --reason 市州评审合格
Q prefecture-staff2 decision confirm "$1" "$2" "$3"
Q prefecture-staff decision propose "$4" --decision 候补 --reason 列入候补
# the bank's office drafts two more for Xining: one returned to it, one waiting to be submitted
Q prefecture-staff round quota "$xround" --quota 青海高原农商银行:6
for k in 106 107; do
  back=$(Jq office-staff advisor nominate --round "$xround" --name "$(person_name "$k")" --gender "$(sex_of "$(person_id "$k")")" \
    --id-number "$(person_id "$k")" --office 格尔木支行 --specialism 信贷融资 --prefecture 630100 \
    --declaration-signed --notice-version v1 | J id)
done
Q institution-admin nomination return "$back" --reason 请补充从业经历和专业资格证明
set --
say "西宁市：本级团队（3 名聘任，1 名候补待确认，1 名待评）"

# ---------------------------------------------------------------- the key-enterprise list
targets=()
for p in "${all_prefs[@]}"; do
  case $p in 630200|632800) targets+=(--target "$p:11") ;; *) targets+=(--target "$p:10") ;; esac
done
Q bureau-admin keylist open --year "$year" --deadline "$(TZ=Asia/Shanghai date -d "+30 days" +%F)" "${targets[@]}"
i=1
for p in "${all_prefs[@]}"; do
  n=10; case $p in 630200|632800) n=11 ;; esac
  acct=pref-$p; [ "$p" = 630100 ] && acct=prefecture-staff
  awk -v n=$n -v first=$((i * 100 + 1)) -v county="${PREF_COUNTY[$p]}" -v place="${PREF[$p]}" \
      -f "$here/enterprises.awk" >"$f/enterprises-$p.csv"
  if [ "$p" = 630100 ]; then
    # the demo enterprise, whose contact has an account, instead of the last
    sed -i '$d' "$f/enterprises-$p.csv"
    echo "湟水谷物加工有限公司（演示）,91630104MA7N3K5Q6N,630121,13,私营,35,900,1200,2025,马建军,马建军,13907001234,300,设备更新,较急,融资;管理" \
      >>"$f/enterprises-$p.csv"
  fi
  case $p in
    630200) iconv -f UTF-8 -t GB18030 "$f/enterprises-$p.csv" >"$f/enterprises-$p.gb.csv"
            Q "$acct" recommend import --round "$year" --file "$f/enterprises-$p.gb.csv" ;;
    *)      Q "$acct" recommend import --round "$year" --file "$f/enterprises-$p.csv" ;;
  esac
  i=$((i + 1))
done
recs=$(Jq bureau-admin recommendation list --round "$year" --status submitted --all |
  py 'import json,sys
for r in json.load(sys.stdin)["recommendations"]: print(r["id"], r.get("prefecture_code", ""))')
# one of Xining's and one of Hainan's go back for more figures; the rest are listed
ret=$( (grep ' 630100$' <<<"$recs" | sed -n 2p; grep ' 632500$' <<<"$recs" | sed -n 1p) | cut -d' ' -f1)
Q bureau-admin recommendation decide $ret --return --reason 请补充近两年财务报表
Q bureau-admin recommendation decide $(cut -d' ' -f1 <<<"$recs" | grep -vxF "$ret") --approve
say "重点企业：8 个市州推荐 82 家，列入 80 家，退回 2 家"

# ---------------------------------------------------------------- groups and pairing
Q bureau-admin group propose --year "$year" --save
Q bureau-admin pairing propose --year "$year" --accept
Q bureau-admin agreement draft --year "$year"
say "分组与结对：服务小组和政策法规组，结对方案已确认，协议已起草"

# one agreement signed by both sides and filed: the first of the bank
# advisor's enterprises (its contact gets an account); the demo
# enterprise's signed by its advisor, waiting for its contact
pairs=$(Jq advisor pairing list --year "$year" --all |
  py 'import json,sys
for p in json.load(sys.stdin)["pairs"]: print(p["enterprise_id"], p["enterprise_name"])')
read -r e1 e1name <<<"$(grep -v 湟水谷物 <<<"$pairs" | head -n 1)"
if [ -n "${e1:-}" ]; then
  account enterprise-contact2 "ent-$e1" ent.contact2 "$(grep "^$e1name," "$f"/enterprises-*.csv | head -n 1 | cut -d, -f11)" \
    "$e1" enterprise_contact
  g=$(Jq advisor agreement list --year "$year" --all | py "import json,sys
print(next(a['id'] for a in json.load(sys.stdin)['agreements'] if a['enterprise_id'] == $e1))")
  Q advisor agreement sign "$g" --yes
  Q enterprise-contact2 agreement sign "$g" --yes
  Q bureau-admin agreement file "$g"
  # the service work begins: the year's declaration, a visit, a call
  Q advisor declaration sign --yes
  s1=$(Jq advisor service record --enterprise "$e1" --mode 上门 --prep 40 --contact 120 --travel 90 --place 企业办公室 \
    --attendees 法定代表人、财务负责人 --topic 融资方案 --topic 财务规范 --topic 政策和产品咨询 \
    --notes "首次走访：了解企业经营和融资需求（流动资金约 200 万元），建议先规范近两年财务报表，再对接信用贷款和政府性融资担保" |
      J id)
  # the visit's photo (a picture drawn here: a PNG of the plateau's colours), kept with its SM3 digest
  py 'import struct, zlib, sys
w, h = 160, 90
rows = b"".join(b"\0" + bytes((40, 90, 160) if y < 50 else (200, 170, 90)) * w for y in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                        + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))' </dev/null >"$demo/走访照片.png"
  Q advisor attachment add 服务记录 "$s1" --file "$demo/走访照片.png"
  Q advisor service record --enterprise "$e1" --mode 电话 --contact 25 --topic 对接金融机构 \
    --notes "电话跟进：已将企业情况介绍给青海湖融资担保有限公司，约定下周三共同上门"
  Q advisor risk raise --enterprise "$e1" --kind 财务 --severity 中 \
    --description "近两年财务报表未经审计，收入确认与银行流水不一致，影响授信审批" \
    --plan "协助企业聘请会计师事务所规范报表，下次走访时核对" --due "$(TZ=Asia/Shanghai date -d '+45 days' +%F)"
  # its financing need, a plan sent to the guarantor, accepted, the guarantee confirmed (P14)
  need=$(Jq enterprise-contact2 need record --amount 200 --purpose 采购原料的流动资金 --term 12 --collateral 设备抵押 \
           --urgency 较急 | J id)
  plan=$(Jq advisor plan draw "$need" --part 担保:200 --part 贷款:200 --lender 青海湖融资担保有限公司 \
           --lender 青海高原农商银行 --step "规范近两年财务报表:$(TZ=Asia/Shanghai date -d '+20 days' +%F)" \
           --step "担保公司尽职调查:$(TZ=Asia/Shanghai date -d '+30 days' +%F)" \
           --step "银行审批放款:$(TZ=Asia/Shanghai date -d '+45 days' +%F)" \
           --summary "政府性融资担保增信，向合作银行申请一年期流动资金贷款 200 万元，随借随还" | J id)
  ref=$(Jq advisor referral send "$need" --plan-id "$plan" --lender 青海湖融资担保有限公司 --amount 200 | J id)
  Q guar-admin referral answer "$ref" --accept
  out=$(Jq advisor outcome record --referral "$ref" --kind 担保 --amount 200 --terms "担保费率 1%，期限一年" | J id)
  Q guar-admin outcome confirm "$out"
  # the enterprise's monthly status to its advisor (P11)
  Q enterprise-contact2 monthly file --operations "经营平稳，旺季订单较上月增加约两成" --orders "新签省外经销商两家" \
    --cash "应收账款回笼偏慢" --needs-changed --problems "原料价格上涨"
  # a question and its answer between the enterprise and its advisor; a case shared in the group (P11)
  Q enterprise-contact2 message send --text "旺季原料采购资金紧张，担保贷款能否在下月前到位？"
  Q advisor message send --enterprise "$e1" --text "担保公司已受理，尽调约在两周内完成，我会同步跟进银行审批"
  Q advisor note share --title 酒店业流动资金贷款经验 --enterprise "$e1" \
    --text "淡季现金流紧张，宜用随借随还的循环贷款；政府性融资担保可弥补抵押物不足，先规范财务报表"
  # questions (P10): one answered and confirmed, one gone up to the group, one waiting for the advisor
  q1=$(Jq enterprise-contact2 question ask --topic 政策和产品咨询 --text "省里的小微企业贷款贴息政策怎样申请？" | J id)
  Q advisor question answer "$q1" --answer "向开户银行提交贷款合同和完税证明，由银行统一向财政部门申报，贴息按季拨付"
  Q enterprise-contact2 question confirm "$q1" --resolved --rating 5
  q2=$(Jq enterprise-contact2 question ask --topic 上市挂牌 --text "企业想在区域股权市场挂牌，需要满足哪些条件？" | J id)
  Q advisor question escalate "$q2" --reason "挂牌条件需股权市场机构的顾问解答，提交小组"
  Q enterprise-contact2 question ask --topic 关联交易 --text "关联方之间的资金往来应如何入账？"
  # complaints (P17) in their states: fed back and waiting for the callback, closed, paused, not yet registered
  c1=$(Jq enterprise-contact2 complaint file --advisor 杨光明 --facts "顾问约定上门未到，也未提前告知，影响了贷款申请进度" | J id)
  Q bureau-staff complaint register "$c1"
  Q bureau-staff complaint note "$c1" --note "已联系企业核实，请顾问说明情况" --share
  Q advisor complaint respond "$c1" --account "当天因道路结冰未能前往，未及时告知企业，确有不妥"
  Q bureau-staff complaint decide "$c1" --partly --measure 提醒 --text "未提前告知属实，已提醒顾问改进"
  Q bureau-staff complaint feedback "$c1" --text "已提醒顾问每次上门前一日与企业确认"
  c2=$(Jq enterprise-contact2 complaint file --suggestion --facts "建议顾问小组定期组织企业财务人员培训" | J id)
  Q bureau-staff complaint register "$c2"
  Q bureau-staff complaint decide "$c2" --not-upheld --measure 无 --text "建议已纳入明年的培训计划统筹安排"
  Q bureau-staff complaint feedback "$c2" --text "感谢建议，已纳入明年的培训计划"
  Q enterprise-contact2 complaint callback "$c2" --satisfied
  c3=$(Jq enterprise-contact2 complaint file --facts "顾问介绍的担保产品费率与担保公司公布的不一致，请核实" | J id)
  Q bureau-staff complaint register "$c3"
  Q bureau-staff complaint pause "$c3" --reason 等待投诉人补充材料
  Q enterprise-contact2 complaint file --suggestion --facts "希望顾问服务时多介绍省里的政策性融资担保产品"
  # the 西宁 office links the provincial advisor with one of its own advisors on the same prefecture
  pa=$(Jq prefecture-staff advisor list --status active --all | py 'import json,sys
a = [x for x in json.load(sys.stdin)["advisors"] if x.get("tier") == "prefecture"]
print(a[0]["id"] if a else "")')
  [ -z "$pa" ] || Q prefecture-staff colleague link --province 杨光明 --prefecture "$pa"
  # the bank's preferential measure for cultivated enterprises (P14)
  Q institution-admin measure publish --kind 利率 --title 培育企业贷款利率优惠 \
    --description "经培育评为良好的企业，一年期流动资金贷款利率下浮五十个基点" --until "$((year + 1))-12-31"
  # and one sent to the insurer, waiting for its answer
  Q advisor referral send "$need" --lender 三江源财产保险青海分公司 --instrument 保险 --amount 50 \
    --plan "为抵押设备投保财产保险，增信"
fi
g=$(Jq enterprise-contact agreement list --year "$year" --all | py 'import json,sys
print(next((a["id"] for a in json.load(sys.stdin)["agreements"]), ""))')
adv=$(Jq bureau-admin pairing list --year "$year" --enterprise 湟水谷物加工有限公司（演示） | J advisor_name)
if [ -n "$g" ] && [ "$adv" = 杨光明 ]; then Q advisor agreement sign "$g" --yes; fi
say "协议：1 份双方签署并备案，其余待签署；首批服务、融资方案、一条风险预警、一笔担保成效、企业留言、问题、投诉和小组交流"

# ---------------------------------------------------------------- succession and removal
# the insurer reports one of its advisors moved; the bureau verifies; a
# successor is nominated, reviewed and appointed, and takes over the pairs
moved=$(Jq ins-admin advisor list --status active --all | py 'import json,sys
a = [x for x in json.load(sys.stdin)["advisors"] if x.get("tier") == "province"]
print(a[0]["id"] if a else "")')
if [ -n "$moved" ]; then
  r=$(Jq ins-admin advisor report "$moved" --kind 工作变动 --reason 调往省外分公司工作 | J id)
  Q bureau-admin replacement verify "$r" --accept --reason 经向机构核实属实
  sid=$(person_id 120)
  n=$(Jq ins-admin advisor nominate --replaces "$r" --name "$(person_name 120)" --gender "$(sex_of "$sid")" \
        --id-number "$sid" --office 海东中心支公司 --position 风险管理部副经理 --years 8 --specialism 保险 \
        --specialism 风险管理 --prefecture 630100 --prefecture 630200 --prefecture 632200 --prefecture 632300 \
        --declaration-signed --notice-version v1 | J id)
  Q ins-admin nomination submit "$n"
  Q bureau-admin review assign "$round" --reviewer expert.li --nomination "$n"
  Q expert-li review score "$n" --score 专业能力:88 --score 从业经验:85 --score 服务记录:86 --score 工作态度:90
  Q bureau-admin decision propose "$n" --decision 聘任 --reason 接替人选评审合格
  Q bureau-admin2 decision confirm "$n"
  Q bureau-admin pairing succeed "$(person_name 120)"
  Q bureau-admin agreement draft --year "$year"
fi
# an enterprise in Haidong stopped cooperating: the bureau files its
# advisor's application and agrees; Haidong recommends another in its
# place, which is listed and given the removed one's advisor
read -r _ ename <<<"$(Jq bureau-admin keylist list --year "$year" --all | py 'import json,sys
e = [x for x in json.load(sys.stdin)["entries"] if x.get("prefecture_code") == "630200"]
print(e[-1]["id"], e[-1]["enterprise"]["name"])')"
radv=$(Jq bureau-admin pairing list --year "$year" --enterprise "$ename" | J advisor_id)
rm_id=$(Jq bureau-admin removal apply "$ename" --ground 不配合 --account 多次拒绝顾问走访，且不提供财务资料 | J id)
slot=$(Jq bureau-admin removal decide "$rm_id" --approve --reason 经核实情况属实 | J slot_id)
awk -v n=1 -v first=290 -v county=630202 -v place=海东 -v header=0 -f "$here/enterprises.awk" >"$f/refill.csv"
IFS=, read -r -a row <"$f/refill.csv"
n=$(Jq pref-630200 recommend --round "$year" --replaces "$slot" --name "${row[0]}" --credit-code "${row[1]}" \
      --county "${row[2]}" --industry "${row[3]}" --ownership 私营 --employees 60 --revenue 900 --assets 950 \
      --figures-year 2025 --legal-rep "${row[9]}" --contact "${row[10]}" --need-amount 200 --need-purpose 流动资金 | J id)
Q bureau-admin recommendation decide "$n" --approve
if [ -n "$radv" ]; then
  Q bureau-admin pairing change "${row[0]}" --advisor "$radv" --year "$year" --reason 递补企业由原顾问服务
  Q bureau-admin agreement draft --year "$year" --enterprise "${row[0]}"
fi
say "更换与移出：1 名顾问接替，1 家企业移出并递补"

# ---------------------------------------------------------------- left open
# what the demo accounts find in their inbox besides the above: a report
# for the bureau to verify, a decision for the second administrator to
# confirm, a candidate for every expert
lazy=$(Jq law-admin advisor list --status active --all | py 'import json,sys
a = [x for x in json.load(sys.stdin)["advisors"] if x.get("tier") == "province"]
print(a[-1]["id"] if a else "")')
[ -z "$lazy" ] || Q law-admin advisor report "$lazy" --kind 未尽职 --reason 连续三个月未走访结对企业
first_waiting=$(Jq bureau-admin review results "$round" --all | py 'import json,sys
w = [r for r in json.load(sys.stdin)["rows"] if r.get("decision") == "waitlist"]
print(sorted(w, key=lambda r: r.get("rank", 0))[0]["nomination_id"] if w else "")')
[ -z "$first_waiting" ] ||
  Q bureau-admin decision propose "$first_waiting" --decision 聘任 --reason 候补第一名递补已离任顾问的名额
last=$(Jq expert-zhao review queue --all | py 'import json,sys
print(next(i["nomination_id"] for i in json.load(sys.stdin)["items"] if i.get("status") == "assigned"))')
for e in expert.wang expert.li; do Q prefecture-staff review assign "$xround" --reviewer "$e" --nomination "$last"; done
say "待办：每个角色的收件箱都有事可做"
