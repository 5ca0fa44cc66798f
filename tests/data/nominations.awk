# nominations.awk - a nomination file of n rows with valid, distinct identity
# numbers (GB 11643 check digits), for the large-file test and the bench.
#   awk -v n=10000 [-v office=网点] [-v prefix=压测] [-v region=630102] -f nominations.awk
BEGIN {
  if (office == "") office = "压测网点"
  if (prefix == "") prefix = "压测"
  if (region == "") region = "630102"
  split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); c = "10X98765432"
  print "姓名,性别,身份证号,手机号,网点,职务,从业年限,专业领域,熟悉行业,可服务市州,已签署声明,告知书版本"
  for (k = 1; k <= n; k++) {
    b = sprintf("%s%04d%02d%02d%03d", region, 1950 + k % 50, k % 12 + 1, k % 28 + 1, int(k / 600))
    s = 0; for (i = 1; i <= 17; i++) s += substr(b, i, 1) * w[i]
    printf "%s%05d,%s,%s%s,139%08d,%s,客户经理,%d,信贷融资、法律,C,西宁市;632800,是,v1\n", \
      prefix, k, (substr(b, 17, 1) % 2 ? "男" : "女"), b, substr(c, s % 11 + 1, 1), k, office, k % 30
  }
}
