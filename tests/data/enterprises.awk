# enterprises.awk - a recommendation file of n enterprises registered in one
# county, with valid unified social credit codes (GB 32100, and the GB 11714
# organisation-code check inside), varied industries and sizes.
#   awk -v n=15 -v first=1 -v county=630102 [-v prefix=企业] [-v header=1] -f enterprises.awk
function credit(area, k,    cs, org, s, i, w, c, base, v) {
  cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
  org = sprintf("%08d", 10000000 + k)
  split("3 7 9 10 5 8 4 2", w, " ")
  s = 0; for (i = 1; i <= 8; i++) s += substr(org, i, 1) * w[i]
  c = 11 - s % 11
  base = "91" area org (c == 10 ? "X" : c == 11 ? "0" : c)
  split("1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28", w, " ")
  s = 0
  for (i = 1; i <= 17; i++) { v = index(cs, substr(base, i, 1)) - 1; s += v * w[i] }
  return base substr(cs, (31 - s % 31) % 31 + 1, 1)
}
BEGIN {
  if (prefix == "") prefix = "企业"
  split("13 51 52 61 65 47 01 72", ind, " ")
  split("融资 管理 风险;信用 资本市场 财务规范", dif, " ")
  if (header != "0")
    print "企业名称,统一社会信用代码,注册地区划代码,行业大类,所有制,从业人员,营业收入,资产总额,数据年度,法定代表人,联系人,联系人手机,融资需求,融资用途,紧迫程度,主要困难"
  for (k = first; k < first + n; k++) {
    printf "%s%04d,%s,%s,%s,%s,%d,%d,%d,2025,法人%04d,联系%04d,139%08d,%d,流动资金,一般,%s\n",
      prefix, k, credit(county, k), county, ind[k % 8 + 1], (k % 3 ? "私营" : "个体"),
      5 + (k * 37) % 400, 50 + (k * 53) % 5000, 100 + (k * 71) % 9000, k, k, k, 100 + k % 50, dif[k % 5 + 1]
  }
}
