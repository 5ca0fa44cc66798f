-- 018_enterprise_size.sql - GB/T 4754-2017 divisions (大类) and the 2011 SME
-- size rules (工信部联企业〔2011〕300号《中小企业划型标准规定》).
--
-- lib.size_class(division, class, employees, revenue, assets) answers
-- large / medium / small / micro with the rule that decided it.  The rules
-- are rows of core.size_rule: two measures per industry (or one), the
-- lower bounds of medium and of small (both must be met), and the upper
-- bounds of the SME class (an enterprise is large only when it reaches
-- both).  Anything not medium or small within the SME class is micro.
--
-- Industry of the rules, from the division: 农林牧渔业 A (01–05); 工业
-- B–D (06–46); 建筑业 E (47–50); 批发业 51; 零售业 52; 交通运输业 54–58
-- (the rules exclude railway, 53, which falls to "other"); 仓储业 59; 邮政业
-- 60; 住宿业 61; 餐饮业 62; 信息传输业 63–64; 软件和信息技术服务业 65;
-- 房地产开发经营 class 7010 and 物业管理 7020 (the rest of 70: other);
-- 租赁和商务服务业 71–72; everything else "other, not listed".
--
-- Re-layout (027): the functions this migration defined now live, each once,
-- in sql/functions/enterprise.sql; what stays here is its tables and data.

create table core.industry_division (
    code    char(2) primary key check (code ~ '^[0-9]{2}$'),
    section char(1) not null references core.industry_section,
    name    text not null
);

insert into core.industry_division values
  ('01','A','农业'),('02','A','林业'),('03','A','畜牧业'),('04','A','渔业'),
  ('05','A','农、林、牧、渔专业及辅助性活动'),
  ('06','B','煤炭开采和洗选业'),('07','B','石油和天然气开采业'),('08','B','黑色金属矿采选业'),
  ('09','B','有色金属矿采选业'),('10','B','非金属矿采选业'),('11','B','开采专业及辅助性活动'),
  ('12','B','其他采矿业'),
  ('13','C','农副食品加工业'),('14','C','食品制造业'),('15','C','酒、饮料和精制茶制造业'),
  ('16','C','烟草制品业'),('17','C','纺织业'),('18','C','纺织服装、服饰业'),
  ('19','C','皮革、毛皮、羽毛及其制品和制鞋业'),('20','C','木材加工和木、竹、藤、棕、草制品业'),
  ('21','C','家具制造业'),('22','C','造纸和纸制品业'),('23','C','印刷和记录媒介复制业'),
  ('24','C','文教、工美、体育和娱乐用品制造业'),('25','C','石油、煤炭及其他燃料加工业'),
  ('26','C','化学原料和化学制品制造业'),('27','C','医药制造业'),('28','C','化学纤维制造业'),
  ('29','C','橡胶和塑料制品业'),('30','C','非金属矿物制品业'),('31','C','黑色金属冶炼和压延加工业'),
  ('32','C','有色金属冶炼和压延加工业'),('33','C','金属制品业'),('34','C','通用设备制造业'),
  ('35','C','专用设备制造业'),('36','C','汽车制造业'),('37','C','铁路、船舶、航空航天和其他运输设备制造业'),
  ('38','C','电气机械和器材制造业'),('39','C','计算机、通信和其他电子设备制造业'),
  ('40','C','仪器仪表制造业'),('41','C','其他制造业'),('42','C','废弃资源综合利用业'),
  ('43','C','金属制品、机械和设备修理业'),
  ('44','D','电力、热力生产和供应业'),('45','D','燃气生产和供应业'),('46','D','水的生产和供应业'),
  ('47','E','房屋建筑业'),('48','E','土木工程建筑业'),('49','E','建筑安装业'),
  ('50','E','建筑装饰、装修和其他建筑业'),
  ('51','F','批发业'),('52','F','零售业'),
  ('53','G','铁路运输业'),('54','G','道路运输业'),('55','G','水上运输业'),('56','G','航空运输业'),
  ('57','G','管道运输业'),('58','G','多式联运和运输代理业'),('59','G','装卸搬运和仓储业'),('60','G','邮政业'),
  ('61','H','住宿业'),('62','H','餐饮业'),
  ('63','I','电信、广播电视和卫星传输服务'),('64','I','互联网和相关服务'),('65','I','软件和信息技术服务业'),
  ('66','J','货币金融服务'),('67','J','资本市场服务'),('68','J','保险业'),('69','J','其他金融业'),
  ('70','K','房地产业'),
  ('71','L','租赁业'),('72','L','商务服务业'),
  ('73','M','研究和试验发展'),('74','M','专业技术服务业'),('75','M','科技推广和应用服务业'),
  ('76','N','水利管理业'),('77','N','生态保护和环境治理业'),('78','N','公共设施管理业'),('79','N','土地管理业'),
  ('80','O','居民服务业'),('81','O','机动车、电子产品和日用产品修理业'),('82','O','其他服务业'),
  ('83','P','教育'),('84','Q','卫生'),('85','Q','社会工作'),
  ('86','R','新闻和出版业'),('87','R','广播、电视、电影和录音制作业'),('88','R','文化艺术业'),
  ('89','R','体育'),('90','R','娱乐业'),
  ('91','S','中国共产党机关'),('92','S','国家机构'),('93','S','人民政协、民主党派'),('94','S','社会保障'),
  ('95','S','群众团体、社会团体和其他成员组织'),('96','S','基层群众自治组织及其他组织'),
  ('97','T','国际组织');

-- measure: employees (人) | revenue (营业收入，万元) | assets (资产总额，万元)
create table core.size_rule (
    category   text primary key,
    label      text not null,
    measure_a  text not null check (measure_a in ('employees', 'revenue', 'assets')),
    measure_b  text check (measure_b in ('employees', 'revenue', 'assets')),
    medium_a   numeric not null, medium_b numeric,
    small_a    numeric not null, small_b  numeric,
    upper_a    numeric not null, upper_b  numeric,
    check ((measure_b is null) = (medium_b is null) and (medium_b is null) = (small_b is null)
           and (small_b is null) = (upper_b is null))
);

insert into core.size_rule values
  ('agriculture',      '农、林、牧、渔业',        'revenue',   null,      500, null,   50, null,  20000, null),
  ('industry',         '工业',                    'employees', 'revenue', 300, 2000,   20, 300,    1000, 40000),
  ('construction',     '建筑业',                  'revenue',   'assets', 6000, 5000,  300, 300,   80000, 80000),
  ('wholesale',        '批发业',                  'employees', 'revenue',  20, 5000,    5, 1000,    200, 40000),
  ('retail',           '零售业',                  'employees', 'revenue',  50, 500,    10, 100,     300, 20000),
  ('transport',        '交通运输业',              'employees', 'revenue', 300, 3000,   20, 200,    1000, 30000),
  ('warehousing',      '仓储业',                  'employees', 'revenue', 100, 1000,   20, 100,     200, 30000),
  ('postal',           '邮政业',                  'employees', 'revenue', 300, 2000,   20, 100,    1000, 30000),
  ('lodging',          '住宿业',                  'employees', 'revenue', 100, 2000,   10, 100,     300, 10000),
  ('catering',         '餐饮业',                  'employees', 'revenue', 100, 2000,   10, 100,     300, 10000),
  ('info_transmission','信息传输业',              'employees', 'revenue', 100, 1000,   10, 100,    2000, 100000),
  ('software',         '软件和信息技术服务业',    'employees', 'revenue', 100, 1000,   10, 50,      300, 10000),
  ('real_estate',      '房地产开发经营',          'revenue',   'assets', 1000, 5000,  100, 2000, 200000, 10000),
  ('property',         '物业管理',                'employees', 'revenue', 300, 1000,  100, 500,    1000, 5000),
  ('leasing_business', '租赁和商务服务业',        'employees', 'assets',  100, 8000,   10, 100,     300, 120000),
  ('other',            '其他未列明行业',          'employees', null,      100, null,   10, null,    300, null);
