"""Word lists for demo names: trade-name characters, industries, legal forms, people, streets.

Every list is a tuple in a fixed order, so a seeded :class:`random.Random` draws the same
names on every machine. Each Chinese word carries its English form (Hanyu Pinyin for
trade names and people, a translation for industries and legal forms).
"""

from __future__ import annotations

from typing import NamedTuple


class Industry(NamedTuple):
    """An industry word of an organisation name and its GB/T 4754-2017 class."""

    zh: str
    en: str
    code: str
    weight: float


class LegalForm(NamedTuple):
    """The legal form that ends a company name (有限公司 ...)."""

    zh: str
    en: str
    weight: float


# Characters common in trade names (字号), with their pinyin; two make one trade name.
TRADE_CHARS: tuple[tuple[str, str], ...] = (
    ("华", "hua"), ("恒", "heng"), ("信", "xin"), ("达", "da"), ("鑫", "xin"), ("盛", "sheng"),
    ("泰", "tai"), ("嘉", "jia"), ("宏", "hong"), ("新", "xin"), ("永", "yong"), ("隆", "long"),
    ("丰", "feng"), ("瑞", "rui"), ("祥", "xiang"), ("通", "tong"), ("源", "yuan"), ("中", "zhong"),
    ("天", "tian"), ("金", "jin"), ("海", "hai"), ("东", "dong"), ("联", "lian"), ("德", "de"),
    ("富", "fu"), ("明", "ming"), ("安", "an"), ("宇", "yu"), ("创", "chuang"), ("昌", "chang"),
    ("和", "he"), ("兴", "xing"), ("利", "li"), ("博", "bo"), ("星", "xing"), ("晶", "jing"),
    ("科", "ke"), ("佳", "jia"), ("远", "yuan"), ("诚", "cheng"), ("汇", "hui"), ("力", "li"),
    ("广", "guang"), ("正", "zheng"), ("迅", "xun"), ("凯", "kai"), ("腾", "teng"), ("锦", "jin"),
    ("辉", "hui"), ("美", "mei"), ("立", "li"), ("光", "guang"), ("润", "run"), ("邦", "bang"),
    ("峰", "feng"), ("拓", "tuo"), ("威", "wei"), ("顺", "shun"), ("万", "wan"), ("亿", "yi"),
    ("宝", "bao"), ("航", "hang"), ("朗", "lang"), ("卓", "zhuo"), ("启", "qi"), ("智", "zhi"),
    ("银", "yin"), ("龙", "long"), ("鼎", "ding"), ("益", "yi"), ("优", "you"), ("精", "jing"),
    ("骏", "jun"), ("坤", "kun"), ("展", "zhan"), ("协", "xie"), ("合", "he"), ("振", "zhen"),
    ("伟", "wei"), ("旭", "xu"), ("泓", "hong"), ("晟", "sheng"), ("荣", "rong"), ("耀", "yao"),
    ("豪", "hao"), ("伦", "lun"), ("亚", "ya"), ("欧", "ou"), ("奥", "ao"), ("诺", "nuo"),
    ("康", "kang"), ("健", "jian"), ("乐", "le"), ("升", "sheng"), ("誉", "yu"), ("贝", "bei"),
    ("弘", "hong"), ("毅", "yi"), ("长", "chang"), ("大", "da"), ("惠", "hui"), ("方", "fang"),
)  # fmt: skip

INDUSTRIES: tuple[Industry, ...] = (
    Industry("精密机械", "Precision Machinery", "C3484", 5),
    Industry("机械设备", "Machinery Equipment", "C3499", 5),
    Industry("智能装备", "Intelligent Equipment", "C3499", 3),
    Industry("自动化设备", "Automation Equipment", "C3499", 3),
    Industry("模具", "Mould", "C3525", 2),
    Industry("五金制品", "Hardware Products", "C3351", 3),
    Industry("金属制品", "Metal Products", "C3311", 3),
    Industry("钢结构", "Steel Structure", "C3311", 1.5),
    Industry("泵阀", "Pump and Valve", "C3443", 2),
    Industry("轴承", "Bearing", "C3451", 1),
    Industry("电机", "Electric Motor", "C3812", 2),
    Industry("电气", "Electric", "C3823", 3),
    Industry("电线电缆", "Wire and Cable", "C3831", 2),
    Industry("电器", "Electrical Appliance", "C3854", 3),
    Industry("照明电器", "Lighting", "C3872", 2),
    Industry("电子科技", "Electronic Technology", "C3982", 5),
    Industry("光电科技", "Optoelectronic Technology", "C3976", 2),
    Industry("半导体", "Semiconductor", "C3973", 1),
    Industry("通信设备", "Communication Equipment", "C3921", 1.5),
    Industry("新能源科技", "New Energy Technology", "C3841", 2),
    Industry("光伏科技", "Photovoltaic Technology", "C3825", 1),
    Industry("汽车零部件", "Auto Parts", "C3670", 3),
    Industry("电梯", "Elevator", "C3435", 0.5),
    Industry("仪器仪表", "Instrument", "C4011", 1.5),
    Industry("医疗器械", "Medical Device", "C3581", 2),
    Industry("制药", "Pharmaceutical", "C2720", 1.5),
    Industry("生物科技", "Biotechnology", "C2761", 1.5),
    Industry("化工", "Chemical", "C2614", 2.5),
    Industry("涂料", "Coatings", "C2641", 1),
    Industry("塑胶制品", "Plastic Products", "C2929", 3),
    Industry("橡胶制品", "Rubber Products", "C2913", 1),
    Industry("包装材料", "Packaging Materials", "C2231", 2),
    Industry("印务", "Printing", "C2319", 1),
    Industry("纺织", "Textile", "C1711", 2),
    Industry("服饰", "Garment", "C1810", 2),
    Industry("鞋业", "Footwear", "C1952", 1),
    Industry("家具", "Furniture", "C2110", 2),
    Industry("建材", "Building Materials", "C3021", 2),
    Industry("玻璃", "Glass", "C3041", 0.5),
    Industry("陶瓷", "Ceramics", "C3071", 1),
    Industry("食品", "Food", "C1499", 3),
    Industry("乳业", "Dairy", "C1441", 0.5),
    Industry("饮品", "Beverage", "C1529", 1),
    Industry("茶业", "Tea", "C1530", 1),
    Industry("玩具", "Toys", "C2452", 1),
    Industry("消防设备", "Fire Protection Equipment", "C3595", 1),
    Industry("燃气具", "Gas Appliance", "C3861", 0.5),
    Industry("电动工具", "Power Tools", "C3465", 0.5),
    Industry("焊接设备", "Welding Equipment", "C3424", 0.5),
    Industry("建设工程", "Construction Engineering", "E4790", 4),
    Industry("建筑工程", "Building Engineering", "E4710", 3),
    Industry("装饰工程", "Decoration Engineering", "E5011", 2),
    Industry("机电安装", "Electromechanical Installation", "E4910", 1.5),
    Industry("市政工程", "Municipal Engineering", "E4813", 1.5),
    Industry("贸易", "Trading", "F5181", 3),
    Industry("商贸", "Commerce", "F5199", 2),
    Industry("医药", "Medicine", "F5151", 1),
    Industry("供应链管理", "Supply Chain Management", "L7224", 1.5),
    Industry("物流", "Logistics", "G5821", 2.5),
    Industry("运输", "Transportation", "G5431", 1.5),
    Industry("仓储", "Warehousing", "G5920", 0.5),
    Industry("软件", "Software", "I6513", 2.5),
    Industry("信息技术", "Information Technology", "I6531", 3),
    Industry("网络科技", "Network Technology", "I6450", 2),
    Industry("物业管理", "Property Management", "K7020", 2),
    Industry("餐饮管理", "Catering Management", "H6210", 1),
    Industry("酒店管理", "Hotel Management", "H6110", 0.5),
    Industry("检测技术", "Testing Technology", "M7452", 1),
    Industry("工程设计", "Engineering Design", "M7483", 1),
    Industry("工程咨询", "Engineering Consulting", "M7481", 1),
    Industry("环保科技", "Environmental Technology", "N7721", 1.5),
    Industry("环境工程", "Environmental Engineering", "N7723", 0.5),
    Industry("人力资源", "Human Resources", "L7263", 0.5),
    Industry("保安服务", "Security Services", "L7271", 0.5),
    Industry("农业", "Agriculture", "A0141", 1),
    Industry("农牧", "Agriculture and Animal Husbandry", "A0313", 0.5),
    Industry("矿业", "Mining", "B0810", 0.3),
    Industry("新能源", "New Energy", "D4416", 0.5),
    Industry("燃气", "Gas", "D4511", 0.4),
    Industry("水务", "Water", "D4610", 0.4),
)

LEGAL_FORMS: tuple[LegalForm, ...] = (
    LegalForm("有限公司", "Co., Ltd.", 72),
    LegalForm("股份有限公司", "Co., Ltd.", 14),
    LegalForm("有限责任公司", "Co., Ltd.", 9),
    LegalForm("集团有限公司", "Group Co., Ltd.", 5),
)

# Common surnames with their pinyin and a rough share of the population (percent).
SURNAMES: tuple[tuple[str, str, float], ...] = (
    ("王", "Wang", 7.1), ("李", "Li", 7.0), ("张", "Zhang", 6.8), ("刘", "Liu", 5.4),
    ("陈", "Chen", 4.5), ("杨", "Yang", 3.1), ("黄", "Huang", 2.2), ("赵", "Zhao", 2.0),
    ("吴", "Wu", 2.0), ("周", "Zhou", 1.9), ("徐", "Xu", 1.3), ("孙", "Sun", 1.2),
    ("马", "Ma", 1.2), ("朱", "Zhu", 1.1), ("胡", "Hu", 1.1), ("郭", "Guo", 1.1),
    ("何", "He", 1.0), ("高", "Gao", 1.0), ("林", "Lin", 1.0), ("罗", "Luo", 0.9),
    ("郑", "Zheng", 0.8), ("梁", "Liang", 0.8), ("谢", "Xie", 0.7), ("宋", "Song", 0.6),
    ("唐", "Tang", 0.6), ("许", "Xu", 0.6), ("韩", "Han", 0.6), ("冯", "Feng", 0.5),
    ("邓", "Deng", 0.5), ("曹", "Cao", 0.5), ("彭", "Peng", 0.5), ("曾", "Zeng", 0.5),
    ("肖", "Xiao", 0.5), ("田", "Tian", 0.4), ("董", "Dong", 0.4), ("袁", "Yuan", 0.4),
    ("潘", "Pan", 0.4), ("于", "Yu", 0.4), ("蒋", "Jiang", 0.4), ("蔡", "Cai", 0.4),
    ("余", "Yu", 0.4), ("杜", "Du", 0.4), ("叶", "Ye", 0.4), ("程", "Cheng", 0.4),
    ("苏", "Su", 0.3), ("魏", "Wei", 0.3), ("吕", "Lyu", 0.3), ("丁", "Ding", 0.3),
    ("任", "Ren", 0.3), ("沈", "Shen", 0.3), ("姚", "Yao", 0.3), ("卢", "Lu", 0.3),
    ("姜", "Jiang", 0.3), ("崔", "Cui", 0.3), ("钟", "Zhong", 0.3), ("谭", "Tan", 0.3),
    ("陆", "Lu", 0.3), ("汪", "Wang", 0.3), ("范", "Fan", 0.3), ("金", "Jin", 0.3),
    ("石", "Shi", 0.2), ("廖", "Liao", 0.2), ("贾", "Jia", 0.2), ("夏", "Xia", 0.2),
    ("韦", "Wei", 0.2), ("方", "Fang", 0.2), ("白", "Bai", 0.2), ("邹", "Zou", 0.2),
    ("孟", "Meng", 0.2), ("熊", "Xiong", 0.2), ("秦", "Qin", 0.2), ("邱", "Qiu", 0.2),
    ("江", "Jiang", 0.2), ("尹", "Yin", 0.2), ("薛", "Xue", 0.2), ("段", "Duan", 0.2),
    ("雷", "Lei", 0.2), ("侯", "Hou", 0.2), ("龙", "Long", 0.2), ("史", "Shi", 0.2),
    ("陶", "Tao", 0.2), ("黎", "Li", 0.2), ("贺", "He", 0.2), ("顾", "Gu", 0.2),
    ("毛", "Mao", 0.2), ("郝", "Hao", 0.2), ("龚", "Gong", 0.2), ("邵", "Shao", 0.2),
    ("万", "Wan", 0.1), ("钱", "Qian", 0.1), ("严", "Yan", 0.1), ("戴", "Dai", 0.1),
    ("孔", "Kong", 0.1), ("汤", "Tang", 0.1), ("欧阳", "Ouyang", 0.05),
)  # fmt: skip

GIVEN_CHARS: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"),
    ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"),
    ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"),
    ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("桂", "gui"), ("英", "ying"), ("华", "hua"),
    ("建", "jian"), ("国", "guo"), ("文", "wen"), ("辉", "hui"), ("玲", "ling"), ("红", "hong"),
    ("鹏", "peng"), ("宇", "yu"), ("浩", "hao"), ("凯", "kai"), ("婷", "ting"), ("雪", "xue"),
    ("琳", "lin"), ("晨", "chen"), ("欣", "xin"), ("颖", "ying"), ("博", "bo"), ("宁", "ning"),
    ("海", "hai"), ("峰", "feng"), ("林", "lin"), ("斌", "bin"), ("志", "zhi"), ("新", "xin"),
    ("春", "chun"), ("晓", "xiao"), ("慧", "hui"), ("佳", "jia"), ("俊", "jun"), ("帆", "fan"),
    ("亮", "liang"), ("彬", "bin"), ("瑶", "yao"), ("倩", "qian"), ("燕", "yan"), ("云", "yun"),
    ("梅", "mei"), ("东", "dong"), ("飞", "fei"), ("成", "cheng"), ("鑫", "xin"), ("丹", "dan"),
    ("莉", "li"), ("蕾", "lei"), ("健", "jian"), ("旭", "xu"), ("安", "an"), ("怡", "yi"),
)  # fmt: skip

STREETS: tuple[str, ...] = (
    "人民路", "建设路", "中山路", "解放路", "和平路", "新华路", "长江路", "黄河路", "科技路",
    "创业路", "高新大道", "工业大道", "发展大道", "东方大道", "世纪大道", "滨江路", "环城路",
    "学府路", "文化路", "光明路", "迎宾大道", "朝阳路", "振兴路", "兴业路", "富民路", "港城路",
)  # fmt: skip

ZONES: tuple[str, ...] = ("", "", "", "高新区", "经济技术开发区", "工业园区", "高新技术产业开发区")

# Test standards a laboratory's scope lists.
LAB_STANDARDS: tuple[str, ...] = (
    "GB 4706.1-2005 家用和类似用途电器的安全 第1部分：通用要求",
    "GB 4943.1-2022 音视频、信息技术和通信技术设备 第1部分：安全要求",
    "GB 7000.1-2015 灯具 第1部分：一般要求与试验",
    "GB/T 5023.1-2008 额定电压450/750V及以下聚氯乙烯绝缘电缆 第1部分：一般要求",
    "GB/T 14048.1-2012 低压开关设备和控制设备 第1部分：总则",
    "GB 6675.1-2014 玩具安全 第1部分：基本规范",
    "GB 14748-2006 儿童推车安全要求",
    "GB 9743-2015 轿车轮胎",
    "GB 16410-2020 家用燃气灶具",
    "GB 17625.1-2022 电磁兼容 限值 谐波电流发射限值",
    "GB/T 2423.1-2008 电工电子产品环境试验 第2部分：试验方法 试验A：低温",
    "GB 9706.1-2020 医用电气设备 第1部分：基本安全和基本性能的通用要求",
    "GB 2763-2021 食品安全国家标准 食品中农药最大残留限量",
    "GB 5749-2022 生活饮用水卫生标准",
    "GB 3095-2012 环境空气质量标准",
    "GB 8978-1996 污水综合排放标准",
    "GB/T 228.1-2021 金属材料 拉伸试验 第1部分：室温试验方法",
    "GB 18401-2010 国家纺织产品基本安全技术规范",
    "GB 31701-2015 婴幼儿及儿童纺织产品安全技术规范",
    "GB 18580-2017 室内装饰装修材料 人造板及其制品中甲醛释放限量",
)
