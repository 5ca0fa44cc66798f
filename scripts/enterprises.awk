# enterprises.awk - a recommendation file of n enterprises registered in one
# county, with valid unified social credit codes (GB 32100, and the GB 11714
# organisation-code check inside), varied industries and sizes.
#   awk -v n=15 -v first=1 -v county=630102 [-v prefix=企业] [-v header=1] [-v place=西宁] -f enterprises.awk
# With place, the names read like firms of that place (the demo's, all
# fictional): 西宁高原食品有限公司; without, prefix and a number (企业0001).
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
  split("高原 雪域 三江 青稞 牦牛 昆仑 河湟 祁连 金穗 丰源 格桑 瑞丰", word, " ")
  split("食品 商贸 百货 酒店 信息科技 建筑工程 农牧开发 企业服务", kind, " ")
  split("张 王 李 马 韩 祁 才 多 索 赵 刘 陈", sur, " ")
  split("建国 海燕 文明 卓玛 才让 红梅 志强 国庆 丽娟 永福", given, " ")
  if (header != "0")
    print "企业名称,统一社会信用代码,注册地区划代码,行业大类,所有制,从业人员,营业收入,资产总额,数据年度,法定代表人,联系人,联系人手机,融资需求,融资用途,紧迫程度,主要困难"
  for (k = first; k < first + n; k++) {
    name = place != "" ? place word[k % 12 + 1] kind[k % 8 + 1] "有限公司" : sprintf("%s%04d", prefix, k)
    legal = place != "" ? sur[k % 12 + 1] given[k % 10 + 1] : sprintf("法人%04d", k)
    contact = place != "" ? sur[(k + 5) % 12 + 1] given[(k + 3) % 10 + 1] : sprintf("联系%04d", k)
    printf "%s,%s,%s,%s,%s,%d,%d,%d,2025,%s,%s,139%08d,%d,流动资金,一般,%s\n",
      name, credit(county, k), county, ind[k % 8 + 1], (k % 3 ? "私营" : "个体"),
      5 + (k * 37) % 400, 50 + (k * 53) % 5000, 100 + (k * 71) % 9000, legal, contact, k, 100 + k % 50, dif[k % 5 + 1]
  }
}
