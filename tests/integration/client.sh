# client.sh - the command line as officials meet it.

AREA_TESTS=(
  t_client_command_line
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
  expect 2 "$RP" replacement verify 1 --accept --reject --note 意见
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
