# client.sh - the command line as officials meet it.

AREA_TESTS=(
  t_client_command_line
  t_client_files_and_call
)

# The command line as officials meet it: every command's --help in Chinese
# lists each of its options (and a file's columns); mistakes are usage
# errors (exit 2) that name the mistake and show the usage, before any call.
t_client_command_line() {
  expect 0 "$RP" --help
  has "退出码"; has "pairing propose"
  expect 0 "$RP" pairing propose --help
  has "--weight-specialism 权重"; has "--weight-industry"; has "--weight-local"; has "--accept"; has "（必填）"
  expect 0 "$RP" recommend import --help
  has "文件的列"; has "统一社会信用代码"; has "现有借款"; has "主要困难"
  expect 0 "$RP" replacement verify --help
  has "(--accept|--reject)"; has "必选其一"
  expect 0 "$RP" org list --help
  has "--limit 条数"; has "--all"
  expect 2 "$RP" org list --bogus
  has "未知选项 --bogus"; has "用法：rongpei org list"
  expect 2 "$RP" advisor extend
  has "缺少 顾问"
  expect 2 "$RP" advisor extend 1 2 --reason 理由
  has "多余的参数“2”"
  expect 2 "$RP" advisor list --ending-within x
  has "--ending-within（天数）应为整数"
  expect 0 "$RP" advisor extend --help
  has "顾问姓名（重名时写“姓名（机构）”）或编号"
  # closed lists: named in --help, in Chinese or as codes; a value outside one lists them
  expect 2 "$RP" user grant 1 省局X
  has "角色“省局X”无法识别"; has "省局管理员 bureau_admin"; has "安全审计员 audit_admin"
  expect 0 "$RP" user create --help
  has "--role 角色"; has "评审专家 expert_reviewer"
  expect 0 "$RP" pairing add --help
  has "信贷融资 credit"; has "政策 policy"
  expect 2 "$RP" pairing add 1 --advisor 1 --specialism 炒股 --year 2026 --reason 理由
  has "信贷融资 credit"
  expect 0 "$RP" removal apply --help
  has "不配合 refuses_cooperation"; has "服务它的顾问提出"
  expect 2 "$RP" replacement verify 1 --accept --reject --reason 意见
  has "--accept"; has "--reject"
  expect 2 "$RP" round open --year 2026 --title t --target 1 --deadline 2099-12-31 --criterion 能力
  has "名称:权重"
  expect 2 "$RP" nosuch
  has "未知命令"
  expect 2 "$RP" org
  has "rongpei org 的子命令"
  # the man page's reference is the command table's
  expect 0 "$RP" --man
  has 'rongpei pairing propose'; has '\-\-weight\-local'; has 'TP 28'
}

# Files as officials have them, and the call command for scripts: standard
# input for --file -, GB18030 with its byte-order mark, the old .xls format
# named and refused, a certificate not issued into a directory that cannot
# take it, call's body from standard input or a file.
t_client_files_and_call() {
  local f=$T/files round n before
  mkdir -p "$f"
  expect 0 as bureau-admin "$RP" --json round open --year "$(bjdate +%Y)" --title 文件测试轮次 --target 5 \
    --deadline 2099-12-31 --criterion 能力:100 --quota 青海高原农商银行:5
  round=$(J id <<<"$OUT")
  printf '%s\n' "姓名,性别,身份证号,网点,专业领域,可服务市州,已签署声明,告知书版本" \
    "标准输入甲,$(sex_of "$(id17 63010219880808101)"),$(id17 63010219880808101),格尔木支行,信贷融资,632800,是,v1" >"$f/a.csv"
  expect 0 as institution-admin sh -c "'$RP' advisor import --round '$round' --file - <'$f/a.csv'"
  has "导入 1 条"
  # GB18030 with its byte-order mark 84 31 95 33 imports like one without
  printf '%s\n' "姓名,性别,身份证号,网点,专业领域,可服务市州,已签署声明,告知书版本" \
    "带标记乙,$(sex_of "$(id17 63010219880808112)"),$(id17 63010219880808112),格尔木支行,信贷融资,632800,是,v1" |
    iconv -f UTF-8 -t GB18030 >"$f/b.body"
  { printf '\x84\x31\x95\x33'; cat "$f/b.body"; } >"$f/b.csv"
  expect 0 as institution-admin "$RP" advisor import --round "$round" --file "$f/b.csv"
  has "导入 1 条"; has "GB18030"
  eq "$(sql "select count(*) from core.nomination where name = '带标记乙'")" 1 "the BOM is not part of the first header"
  # an old Excel file, whatever its name
  printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00' >"$f/old.xlsx"
  expect 5 as institution-admin "$RP" advisor import --round "$round" --file "$f/old.xlsx"
  has "旧版 Excel（.xls）"; has "另存为"
  cp "$f/old.xlsx" "$f/old.xls"
  expect 5 as institution-admin "$RP" advisor import --round "$round" --file "$f/old.xls"
  has "旧版 Excel（.xls）"
  expect 5 as institution-admin "$RP" advisor import --round "$round" --file "$f/missing.csv"
  has "文件不存在"
  # a certificate is not issued when its directory cannot be written
  before=$(sql "select count(*) from core.certificate")
  # (a file where the directory's parent should be: unwritable even for root)
  expect 2 as bureau-admin "$RP" cert issue --org 青海高原农商银行 --out "$f/a.csv/certs"
  has "尚未登记任何证书"
  eq "$(sql "select count(*) from core.certificate")" "$before" "nothing registered for an unwritable directory"
  # templates: the header row the import reads and an example row; each imports
  expect 0 "$RP" template nominations --csv "$f/t.csv"
  has "第二行为示例"
  expect 7 "$RP" template nominations --csv "$f/t.csv"
  has "已存在"
  sed -i "2s/^张示例,男,630102199001011235,/模板甲,$(sex_of "$(id17 63010219880808123)"),$(id17 63010219880808123),/" "$f/t.csv"
  expect 0 as institution-admin "$RP" advisor import --round "$round" --file "$f/t.csv"
  has "导入 1 条"
  expect 0 "$RP" template nominations --xlsx "$f/t.xlsx"
  expect 0 as institution-admin "$RP" advisor import --round "$round" --file "$f/t.xlsx"
  has "导入 1 条"; has "Excel"
  eq "$(sql "select count(*) from core.nomination where name in ('模板甲', '张示例')")" 2 "both templates imported"
  expect 0 "$RP" template enterprises --csv "$f/e.csv"
  expect 0 as bureau-admin "$RP" keylist open --year "$(bjdate +%Y)" --deadline 2099-12-31 --target 630100:5
  expect 0 as prefecture-staff "$RP" recommend import --round "$(bjdate +%Y)" --file "$f/e.csv"
  has "推荐 1 家企业"
  expect 0 "$RP" template team --csv "$f/team.csv"
  expect 0 as prefecture-staff "$RP" team export --file "$f/team-export.csv"
  eq "$(head -n 1 "$f/team.csv")" "$(head -n 1 "$f/team-export.csv")" "the team template's header is the export's"
  expect 2 "$RP" template advisors --csv "$f/x.csv"
  has "nominations（提名）"
  # call: the body from standard input, or from a file
  echo '{"limit": 1}' >"$f/body.json"
  expect 0 as bureau-admin sh -c "'$RP' call org.list <'$f/body.json'"
  eq "$(grep -c '"credit_code"' <<<"$OUT")" 1 "one organisation asked for through stdin"
  expect 0 as bureau-admin "$RP" --json user create --org 青海高原农商银行 --username role.cn --name 中文角色 \
    --role 网点经办人员 --role 金融顾问 --office 格尔木支行
  has '"institution_staff"'; has '"advisor"'
  expect 0 as bureau-admin "$RP" call org.list @"$f/body.json"
  eq "$(grep -c '"credit_code"' <<<"$OUT")" 1 "one organisation asked for through a file"
  echo '{"limit": ' >"$f/bad.json"
  expect 2 as bureau-admin sh -c "'$RP' call org.list - <'$f/bad.json'"
  has "不是有效的 JSON"
}
