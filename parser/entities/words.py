"""The tagger's data: word lists, character sets, part-of-speech sets and score thresholds.

They are general knowledge of how Chinese newspapers name people, places and bodies, kept as plain
frozensets and tuples in one place so the rule modules (:mod:`.people`, :mod:`.places`, :mod:`.orgs`,
:mod:`.resolve`) read like the patterns they are.  The first part is the shared vocabulary (titles,
cue words, suffixes, regions, countries); the sections after it hold what each rule family needs.
Surnames have their own module, :mod:`.surnames`.
"""

from __future__ import annotations

import re

from .surnames import JAPANESE_SURNAMES

# Words that stand right before a person's name in news copy: office titles, jobs, kinship-free
# descriptions ("村民", "记者").  A name after one of these needs no dictionary to be believed.
TITLES: frozenset[str] = frozenset(
    """书记 副书记 市委书记 区委书记 县委书记 省委书记 党委书记 党组书记 总支书记 支部书记 村书记 镇委书记
    市长 副市长 代市长 区长 副区长 代区长 县长 副县长 代县长 镇长 副镇长 乡长 副乡长 村长 省长 副省长 代省长
    州长 主席 副主席 总理 副总理 部长 副部长 局长 副局长 处长 副处长 科长 副科长 主任 副主任 常务副主任
    董事长 副董事长 董事 总经理 副总经理 经理 总裁 副总裁 总监 院长 副院长 校长 副校长 所长 副所长 会长
    副会长 秘书长 副秘书长 厅长 副厅长 司长 副司长 委员 常委 主委 队长 副队长 站长 行长 副行长 社长 总编
    主编 厂长 团长 政委 司令员 军长 师长 检察长 庭长 审判长 法官 大使 公使 参赞 领事 外长 国务卿 议长
    总统 副总统 首相 国王 女王 王子 总督 省督 市委 记者 通讯员 实习生 摄影 编辑 评论员 村民 居民 市民
    职工 员工 老师 教授 副教授 讲师 医生 医师 护士 专家 院士 研究员 工程师 博士 硕士 学生 同学 负责人
    创始人 合伙人 律师 民警 警官 干警 所长 干部 党员 代表 选手 队员 教练 主教练 球员 运动员 冠军 演员
    导演 歌手 作家 画家 诗人 书法家 作者 主持人 志愿者 农民 工人 老人 大爷 大妈 阿姨 师傅 店主 老板
    主办人 班长 组长 网格员 协管员 辅警 指导员 主管 执行官 首席执行官 发言人 新闻发言人 常务副区长
    常务副市长 常务副县长 部长助理 理事长 副理事长 监事长 馆长 园长 台长 局长助理 总干事 秘书 教师 摄影师 设计师
    司令 总参谋长 参谋长 警官 证人 画家 工作者 队医 领队 裁判 门将 前锋 后卫 中锋 守门员 编剧 导演 作曲 主演
    名将 经济学家 科学家 艺术家 画家 学者 名医 外相 首相 知事 大臣 议员""".split()
)

# Words right after a person's name: reporting verbs, honorifics, "等" closing a list.
AFTER_NAME: frozenset[str] = frozenset(
    """说 表示 指出 认为 强调 介绍 告诉 称 透露 坦言 笑着说 回忆 解释 建议 提出 要求 希望 同志 先生 女士 教授
    老师 主任 书记 一行 率领 率队 率 主持 出席 参加 会见 会晤 接受 带领 代表 致辞 讲话 发表 担任 当选 获得
    获 荣获 夺得 等人 老人 一家 夫妇 夫人 博士 院士 总统 总理 说道 问 答 感慨 感叹 补充""".split()
)

# Separators inside a list of names (市领导王某、李某、张某).
LIST_SEPARATORS: frozenset[str] = frozenset("、，,和及与")

# Words introducing a list of leaders' names (区领导 ..., 某市领导 ...).
LEADER_WORDS: frozenset[str] = frozenset("领导 市领导 区领导 县领导 省领导 镇领导 出席领导 嘉宾".split())

# Suffixes that make a settlement only after a name (not after 全/各/每/该 …).
PLACE_BLOCKERS: frozenset[str] = frozenset(
    "全 各 每 本 该 此 我 这 那 其 同 邻 外 一 两 几 多 整个 全省 全市 全区 全县 我市 我区 我县 本市 本区 该区".split()
)
# Regions and area names without an administrative suffix.
REGIONS: frozenset[str] = frozenset(
    """长三角 珠三角 京津冀 粤港澳大湾区 大湾区 成渝 苏南 苏北 苏中 浙北 浙南 皖南 皖北 华东 华北 华南 华中 西南
    西北 东北 江南 江北 岭南 中原 关中 川渝 长江经济带 黄河流域 长江流域 中东 东亚 南亚 东南亚 中亚 西亚 北非
    东欧 西欧 南欧 北欧 中欧 拉美 亚太 北美 南美 欧亚 亚洲 欧洲 非洲 美洲 大洋洲 南极洲 北极 南极 两岸 港澳
    港澳台 海峡两岸 台湾 香港 澳门 中华 华夏 神州 长江 黄河 珠江 淮河 汉水 汉江 湘江 闽江 嘉陵江 雅鲁藏布江 澜沧江
    黑龙江 松花江 太湖 洞庭湖 鄱阳湖 巢湖 洪泽湖 滇池 西湖 青海湖 泰山 华山 衡山 恒山 嵩山 黄山 庐山 峨眉山 五台山
    武当山 普陀山 九华山 长白山 天山 昆仑山 祁连山 秦岭 太行山 大兴安岭 小兴安岭 喜马拉雅山 珠穆朗玛峰 三峡
    敦煌 河西走廊 青藏高原 黄土高原 云贵高原 内蒙古高原 四川盆地 塔里木盆地 准噶尔盆地 华北平原 东北平原
    长江三角洲 珠江三角洲 渤海 黄海 东海 南海 台湾海峡 琼州海峡 西沙 南沙 钓鱼岛 海南岛 舟山群岛""".split()
)

# Countries (short common names); their one-character forms are in COUNTRY_ABBREVIATIONS.
COUNTRIES: frozenset[str] = frozenset(
    """中国 美国 日本 韩国 朝鲜 俄罗斯 英国 法国 德国 意大利 西班牙 葡萄牙 荷兰 比利时 瑞士 瑞典 挪威 芬兰 丹麦
    冰岛 爱尔兰 奥地利 波兰 捷克 斯洛伐克 匈牙利 罗马尼亚 保加利亚 希腊 土耳其 乌克兰 白俄罗斯 立陶宛 拉脱维亚
    爱沙尼亚 塞尔维亚 克罗地亚 斯洛文尼亚 波黑 黑山 阿尔巴尼亚 马其顿 北马其顿 摩尔多瓦 格鲁吉亚 亚美尼亚
    阿塞拜疆 哈萨克斯坦 乌兹别克斯坦 吉尔吉斯斯坦 塔吉克斯坦 土库曼斯坦 蒙古 印度 巴基斯坦 孟加拉国 斯里兰卡
    尼泊尔 不丹 马尔代夫 阿富汗 伊朗 伊拉克 叙利亚 黎巴嫩 约旦 以色列 巴勒斯坦 沙特 沙特阿拉伯 也门 阿曼
    阿联酋 卡塔尔 科威特 巴林 埃及 利比亚 突尼斯 阿尔及利亚 摩洛哥 苏丹 南苏丹 埃塞俄比亚 肯尼亚 坦桑尼亚
    乌干达 卢旺达 索马里 尼日利亚 加纳 南非 津巴布韦 赞比亚 安哥拉 莫桑比克 纳米比亚 博茨瓦纳 马达加斯加
    喀麦隆 刚果 加蓬 塞内加尔 马里 尼日尔 乍得 几内亚 科特迪瓦 利比里亚 塞拉利昂 多哥 贝宁 布基纳法索
    毛里塔尼亚 厄立特里亚 吉布提 越南 老挝 柬埔寨 泰国 缅甸 马来西亚 新加坡 印度尼西亚 印尼 菲律宾 文莱
    东帝汶 澳大利亚 新西兰 巴布亚新几内亚 斐济 加拿大 墨西哥 古巴 牙买加 海地 多米尼加 巴拿马 哥斯达黎加
    尼加拉瓜 洪都拉斯 萨尔瓦多 危地马拉 哥伦比亚 委内瑞拉 厄瓜多尔 秘鲁 玻利维亚 巴西 阿根廷 智利 乌拉圭
    巴拉圭 圭亚那 苏里南 苏联 南斯拉夫 梵蒂冈 卢森堡 摩纳哥 马耳他 塞浦路斯""".split()
)
# One-character forms used in pairs and compounds (中美, 中日韩, 访华).
COUNTRY_ABBREVIATIONS: frozenset[str] = frozenset("中美日韩朝俄英法德意西葡荷比瑞挪芬丹希土乌波捷匈保印巴伊以埃越老柬泰缅马菲澳新加墨智秘阿苏欧非亚港澳台")
# Words after a string of country abbreviations that confirm it is one (中美关系, 中日两国).
PAIR_NOUNS: frozenset[str] = frozenset(
    "两国 三国 四国 关系 双方 合作 友谊 友好 贸易 战争 边境 领导人 元首 会谈 峰会 人民 联合 外长 之间 双边".split()
)
# "华" for China after these verbs (访华, 驻华, 来华).
# Words with one character standing for China (华) or Beijing (京): the word → that character's index.
CHINA_VERBS: dict[str, int] = {
    **dict.fromkeys("访华 驻华 来华 在华 旅华 援华 侵华 对华 赴华 离华 抵华 使华".split(), 1),
    **dict.fromkeys("华人 华侨 华裔 华商".split(), 0),
    **dict.fromkeys("进京 来京 在京 离京 抵京 赴京 返京 晋京 回京 留京".split(), 1),
}

# Organisation suffixes, longest first when matched against the end of a word.
ORG_SUFFIXES: tuple[str, ...] = tuple(sorted(
    """股份有限公司 有限责任公司 有限公司 总公司 分公司 公司 集团 银行 支行 分行 总行 信用社 合作社 联社 委员会
    管委会 常委会 研究院 研究所 研究中心 中心 总局 分局 局 厅 委 办公室 办 署 部 院 大学 学院 学校 中学 小学
    幼儿园 医院 卫生院 协会 学会 联合会 商会 基金会 联盟 促进会 法院 检察院 政府 人大 政协 党委 纪委 工委
    党组 总工会 工会 团委 妇联 队 支队 大队 中队 出版社 报社 杂志社 通讯社 社 电视台 电台 广播电台 组织
    工作站 派出所 所 处 俱乐部 博物馆 图书馆 纪念馆 美术馆 事务所 农场 厂 车间 矿 馆 军 舰队 理事会 董事会
    议会 国会 内阁 共产党 民主党 共和党 国民党 工党 保守党 自由党 社会党 人民党 绿党 合作组织 联合国 集团公司 商场 超市 酒店 宾馆 饭店 书店 研究会 产业园 科技园 工业园
    创新园 软件园 科学园
    实验室 公安局 税务局 男排 女排 男篮 女篮 男足 女足 男队 女队 军区 代表团 艺术团 剧团 话剧团 歌舞团 乐团 合唱团
    考察团 访问团 日报 晚报 时报 周报 空军 海军 陆军 舞团 大会堂 音乐厅 体育场 天文馆 剧院 展览中心 博览中心
    会展中心 机场 广场""".split(),
    key=len,
    reverse=True,
))
# Heads that are generic words, not bodies, even though they end with a suffix.
ORG_NOT: frozenset[str] = frozenset(
    """部门 部分 全部 内部 外部 本部 东部 西部 南部 北部 中部 局面 局势 格局 布局 大局 结局 当局 全局 办法 举办
    主办 承办 创办 开办 兴办 协办 合办 院子 院落 社会 社区 结社 公社 处理 处于 到处 好处 之处 处长 场所 住所
    厕所 所有 所以 所在 军人 军事 将军 冠军 亚军 季军 大军 队伍 排队 军队 部队 团队 车队 球队 乐队 带队 入队 归队
    领队 委员 委托 组织部 中心城 市中心 重心 核心 信心 决心 关心 内心 中心区 党员 党性 入党 政党 建党 党风
    小院 客厅 庭院 大院 餐厅 展厅 门厅 治党 建党 入党 管党 强党 兴党
    馆长 院长 厅长 局长 部长 工厂 厂房 厂长 矿产 矿山 企业家 医药费 基地 部署 干部 总部 局部 细部 头部 腹部 胸部
    背部 底部 顶部 面部 足部 基层 单位 俱乐部 运动会 博览会 音乐会 展览会 联欢会 座谈会 研讨会 大会 办理 督办 交办 代办 包办 筹办 操办 停办""".split()
)
# Tokens that may stand inside an organisation name before its suffix, even if generic nouns.
ORG_HEADS: frozenset[str] = frozenset(
    """国家 中央 中共 全国 省 市 区 县 镇 乡 村 省级 市级 区级 县级 国务院 人民 中华 中华人民共和国 国际 世界
    省委 市委 区委 县委 镇委 乡委 村委 党委 省政府 市政府 区政府 县政府 镇政府""".split()
)
# Part-of-speech tags (jieba's) a word inside an organisation name may carry.
ORG_INNER_POS: frozenset[str] = frozenset("ns nt nz n nr nrt nrfg j vn an l s f ng gz".split())

# Characters used to transliterate foreign names (克林顿, 桑托斯); a dictionary "name" made only of
# these is believed, while a "name" like 雷阵雨 that starts with a surname must also look like one.
TRANSLIT: frozenset[str] = frozenset(
    "阿埃艾爱安昂敖奥巴拜班邦鲍贝本比彼毕宾波伯博布查达戴丹道得德登迪蒂丁东杜敦多厄恩尔法范菲费芬丰"
    "佛弗福夫盖甘冈高戈哥格根古瓜圭哈海汉豪赫黑亨洪胡华霍基吉加贾杰金京卡凯坎康考柯科克肯库奎拉莱赖兰"
    "朗劳勒雷蕾里利莉列林琳隆卢鲁路伦罗洛玛马迈麦曼芒毛梅门蒙米密明姆莫默穆纳娜奈南内妮尼涅宁努诺欧帕"
    "潘佩彭皮珀普齐奇恰乔切钦琼丘让热瑞若萨塞桑瑟森沙莎尚舍申什施史斯松苏索塔泰坦汤唐特滕提图托瓦万"
    "旺威韦维温文沃乌伍西希锡谢辛休许雅亚扬耶伊因英尤于宇约泽扎詹赞朱卓兹佐卜欣哇功儒茨葛略腾杜娃丽顿迈赛"
)

# Words after a bare surname that make it a person on its own (王大娘, 李主席, 黄老).
HONORIFICS: frozenset[str] = frozenset(
    """先生 女士 小姐 老师 师傅 大娘 大爷 大妈 大伯 大叔 大婶 大姐 大哥 阿姨 老 总 老板 主席 总理 书记 部长 局长
    厂长 经理 教授 同志 医生 大夫 院长 校长 主任 县长 市长 省长 区长 镇长 村长 队长 委员 师长 团长 连长 排长
    班长 政委 太太 夫人""".split()
)

# Foreign cities and regions a Chinese newspaper names often (general knowledge; Chinese
# divisions come from the shipped gazetteer).
WORLD_PLACES: frozenset[str] = frozenset(
    """纽约 华盛顿 洛杉矶 旧金山 芝加哥 波士顿 休斯敦 西雅图 费城 底特律 迈阿密 亚特兰大 拉斯维加斯 夏威夷
    加利福尼亚 加州 得克萨斯 佛罗里达 阿拉斯加 渥太华 多伦多 温哥华 蒙特利尔 墨西哥城 哈瓦那 伦敦 巴黎 柏林
    罗马 马德里 巴塞罗那 里斯本 阿姆斯特丹 布鲁塞尔 日内瓦 苏黎世 伯尔尼 维也纳 布拉格 华沙 布达佩斯 雅典
    莫斯科 圣彼得堡 基辅 明斯克 斯德哥尔摩 奥斯陆 赫尔辛基 哥本哈根 都柏林 爱丁堡 曼彻斯特 利物浦 慕尼黑
    法兰克福 汉堡 波恩 科隆 米兰 威尼斯 佛罗伦萨 那不勒斯 马赛 里昂 尼斯 戛纳 贝尔格莱德 萨格勒布 索非亚
    布加勒斯特 安卡拉 伊斯坦布尔 德黑兰 巴格达 大马士革 贝鲁特 安曼 耶路撒冷 特拉维夫 加沙 约旦河西岸 利雅得
    麦加 迪拜 阿布扎比 多哈 科威特城 马斯喀特 开罗 亚历山大港 的黎波里 突尼斯城 阿尔及尔 拉巴特 卡萨布兰卡
    喀土穆 亚的斯亚贝巴 内罗毕 达累斯萨拉姆 坎帕拉 拉各斯 阿布贾 阿克拉 约翰内斯堡 开普敦 比勒陀利亚 哈拉雷
    罗安达 金沙萨 达喀尔 新德里 孟买 加尔各答 班加罗尔 伊斯兰堡 卡拉奇 拉合尔 达卡 科伦坡 加德满都 喀布尔
    塔什干 阿拉木图 阿斯塔纳 比什凯克 杜尚别 阿什哈巴德 乌兰巴托 东京 大阪 京都 横滨 名古屋 神户 福冈 札幌
    冲绳 广岛 长崎 首尔 汉城 釜山 仁川 平壤 河内 胡志明市 万象 金边 曼谷 清迈 仰光 内比都 吉隆坡 新加坡
    雅加达 巴厘岛 马尼拉 斯里巴加湾 悉尼 墨尔本 堪培拉 布里斯班 珀斯 惠灵顿 奥克兰 里约热内卢 圣保罗 巴西利亚
    布宜诺斯艾利斯 圣地亚哥 利马 波哥大 加拉加斯 基多 拉巴斯 蒙得维的亚 亚松森 巴拿马城 西伯利亚 远东
    中东 巴尔干 高加索 加勒比 加勒比海 地中海 太平洋 大西洋 印度洋 北冰洋 波斯湾 红海 黑海 里海 波罗的海
    阿尔卑斯 撒哈拉 亚马孙 尼罗河 多瑙河 莱茵河 密西西比河 科索沃 车臣 克什米尔 苏格兰 英格兰 威尔士 北爱尔兰
    巴伐利亚 西奈 戈兰高地 约旦河 硅谷 华尔街 好莱坞 白宫 阿拉伯 中南美 南美洲 北美洲 澳洲""".split()
) - frozenset(("白宫", "华尔街"))

# Bodies that are named by one common word and stand alone in news copy (市委 decided …).
STANDALONE_BODIES: frozenset[str] = frozenset(
    """市委 区委 县委 省委 镇委 乡委 村委 州委 军委 中央军委 党中央 团中央 内阁 国会 议会 参议院 众议院 筹委会 执委会
    常委会 人大 全国人大 政协 全国政协 纪委 中纪委 中宣部 国务院 联合国 安理会 欧盟 北约 东盟 武警 海军 陆军 空军
    解放军 红军 八路军 新四军""".split()
)

# Descriptions of people that are weaker evidence than an office title: a person often follows
# (村民张三), but so do ordinary words (职工养老, 党员光辉形象).
WEAK_TITLES: frozenset[str] = frozenset(
    """职工 员工 党员 干部 代表 学生 同学 工人 农民 老人 居民 市民 选手 队员 球员 运动员 演员 歌手 作家 画家 诗人
    作者 志愿者 师傅 老板 店主 专家 冠军 儿子 女儿 妻子 丈夫 父亲 母亲 老伴 爱人 孙子 孙女 哥哥 姐姐 弟弟 妹妹
    大儿子 小儿子 大女儿 小女儿 老三 老二 男孩 女孩 小伙子 姑娘""".split()
)


# -- Shared by several rule families ---------------------------------------------------------------
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Single characters that end a name candidate at once (particles, verbs of saying, measure words).
NAME_STOP = frozenset(
    "的了是在和有与及或说等也都就又还而被把将从向对为以于到给让这那个们上下中里氏人曾已很均皆该其此称讲问答着呢吗吧啊得地往跟比由因且但却虽若即则乃"
)
CLEARLY_PLACE_END = ("寺", "庙", "路", "街", "村", "镇", "乡", "县", "区", "市", "省")
# Endings that make a dictionary "name" a landmark instead (云居寺, 红星路, 金银滩).
LANDMARK_END = ("寺", "庙", "路", "街", "桥", "滩", "岭", "峰", "宫", "塔", "港", "湾", "庄", "堡", "洲", "山", "峡", "岛")
SETTLEMENT_END = ("村", "镇", "乡", "县", "区", "市", "街道", "社区", "郡", "州")
ADMIN_END = ("省", "市", "县", "区", "镇", "乡", "村", "州", "旗", "盟", "岛", "港", "湾", "峡", "山脉", "河", "湖", "江")
# Parts of speech of single characters that never stand inside an organisation's name.
ORG_SINGLE_NOT = frozenset("p c uj ul uz ug uv ud r d y e o x q f t ng".split())
ORG_SUFFIX_POS = frozenset("n nt nz ng j nr ns nrt l u b".split())


# -- People ----------------------------------------------------------------------------------------
PERSON_POS = frozenset(("nr", "nrfg", "nrt"))
# POS tags of words that never start or continue a given name.
NOT_NAME_POS = frozenset("v vn p c u d r m q f t x uj ul ud uz ug uv y e o zg".split())
# Surnames that are far more often function words; they start a name only after a title.
WEAK_SURNAMES = frozenset("和都有成从能时以及其同比但将要会可应为曾双")
# First characters of Japanese family names: a cheap test before joining two words (runs per word).
JAPANESE_FIRST = frozenset(s[0] for s in JAPANESE_SURNAMES)
# Surnames that are often prepositions or numbers (于, 向, 万): they need a clearly name-like rest.
SEMI_SURNAMES = frozenset("于向万全")
GLUED_POS = frozenset("nr u nz ns nrt t n a".split())
# Last characters of dictionary "names" that are really nouns (龙舟节, 通知书, 严肃性, 纪念章).
NOUN_END = frozenset("节赛书性章者式型化率界业品物法论会展站团队部所院厂店馆场史")
FUNCTION_POS = frozenset("c p d r u uj ul ad v".split())
GIVEN_WORD_POS = frozenset("nr nrfg nrt nz ns".split())  # 建华, 汝南: given names that are also words
LIST_MARKS = frozenset(("、",))  # a pause mark lists names; a comma ends any phrase
TITLE_ENDS = ("书记", "长", "主任", "记者", "委员", "师", "官", "司令")
SAYING = frozenset("说 表示 认为 指出 笑道 答道 回忆 告诉 强调 介绍 坦言 再次 一再 曾经".split())
HONORIFIC_AFTER = frozenset(
    """先生 女士 同志 教授 老师 夫人 小姐 博士 院士 总理 总统 主席 总书记 委员长 医生 大夫 律师 教练 主任 经理
    厂长 校长 院长 局长 部长 书记 市长 省长 县长 区长 镇长 村长 董事长 总经理""".split()
)
# Words that close a reporter's or photographer's name in a credit (记者X某学报道, 通讯员X某摄).
CREDIT_CLOSERS = frozenset("报道 摄 摄影 采写 撰文 执笔 整理 供稿 发自".split())
# Name-score thresholds (sums of log-odds, see people.name_score): surname + two given characters …
T3 = 3.5
T2 = 6.0  # surname + one given character: needs more evidence
CTX_BONUS = 1.5  # what each point of person context (0–2) takes off a threshold
COMMON_WORD_FREQ = 300
# Nouns after a person's name that belong to the person, not to a thing (X政府, X亲王, X时期).
PERSON_NOUN_TAILS = ("政府", "将军", "内阁", "亲王", "王", "时期", "时代", "夫人", "一家", "家族", "政权", "当局")
SUBJECT_SCORE = 2.5
# Stop characters that still end a given name when an honorific follows (林某中教授, 王某上先生).
SOFT_STOP = frozenset("中上下里人")
SUBJECT_BONUS = 0.5
RARE_NAME_FREQ = 100
# Titles that follow a bare surname in speech and print (宫处长, 郝主席): the surname is the person.
SURNAME_TITLES = frozenset(t for t in TITLES if len(t) == 2 and t.endswith(("长", "主席", "书记", "主任", "总理", "教授")))
# Surnames that are also the body a title belongs to (党主席, 厂长, 校长): no person before those titles.
BODY_SURNAMES = frozenset("党国省市县区乡镇村厂校院部局团军队")
HEAD_WORD_FREQ = 100
DOCTRINE_TAILS = ("主义", "理论", "思想", "同志", "先生", "女士", "路线", "时代", "式")
# Parts of speech of a word that may continue a foreign name (a name piece, not a verb or a noun).
NAME_PIECE_POS = frozenset("nr nrt nrfg ns nz u j ng zg".split())
TRANSLIT_POS = frozenset("u nr nrt nrfg ns nz n a d v m zg ng q j".split())
LEADER_TRIGGERS = re.compile("|".join(map(re.escape, ("领导", *sorted(LEADER_WORDS)))))
LIST_RUN = re.compile(r"[\u3400-\u9fff]{2,4}(?:、[\u3400-\u9fff]{2,4})+")


# -- Places ----------------------------------------------------------------------------------------
# Words that continue a place's name into a larger or more exact one (佛罗里达 | 州, 朝鲜 | 半岛).
PLACE_PARTS = frozenset("州 半岛 湾 海湾 联邦 县 乡 镇 岛 群岛 海峡 城 盆地 平原 高原 山脉 流域".split())
# Single characters that, standing alone as a word, are a country and nothing else.
ALWAYS_COUNTRY = frozenset("俄澳墨缅菲匈捷")
# Abbreviations that are seldom anything but a country or region, even alone (中 or 日 are not).
UNAMBIGUOUS_ABBR = frozenset("俄缅韩朝泰越菲澳墨葡荷挪芬丹希匈捷柬印伊以埃港沪粤")
PAIR_NOT = frozenset("非法 中方 中意 中西 西法 新加 加法 以西 以及 巴西 日本 中非".split()) - frozenset(("巴西", "中非"))
PAIR_AFTER = frozenset("边境 边界 等国 各国 贸易 谈判 首脑 会晤 对话 战略 两地 之间 交流".split())
GENERIC_PLACE_WORDS = frozenset(
    "城市 都市 大城市 山区 山村 农村 乡村 城乡 城区 市区 郊区 地区 社区 小区 园区 景区 街区 海湾 上市 超市 登山 上山".split()
)
PLACE_TAILS = ("地区", "市民", "人民", "境内", "全境", "各地", "当局", "政府", "人")
BARE_SETTLEMENT = frozenset(("省", "市", "区", "县", "镇", "乡", "村", "街道", "社区", "新区", "开发区"))
NUMERAL_CHARS = frozenset("一二三四五六七八九十两几百千万亿个多数每")
SMALL_SETTLEMENT = frozenset(("镇", "乡", "村", "街道", "社区"))
SETTLEMENT_NAME_POS = frozenset("ns u nz nr nrt j m ng zg nrfg".split())
GENERIC_HEAD_POS = frozenset(("a", "v", "vn", "ad", "an", "d", "l"))


# -- Organisations ---------------------------------------------------------------------------------
ORG_SUFFIX_SET = frozenset(ORG_SUFFIXES)
# Generic words that end like a body (格局, 部署, 干部): a word ending with one is no body either.
ORG_NOT_TAILS = tuple(x for x in ORG_NOT if len(x) >= 2 and x[-1] in "局部署办处所院委队军党厂馆社")
ORG_SUFFIX_LENGTHS = sorted({len(x) for x in ORG_SUFFIXES}, reverse=True)
# Words in front of an organisation that are not part of it (determiners, "to", "at", "won" …).
ORG_STOP = frozenset(
    """各 该 全 本 我 这 那 其 此 每 有关 相关 部分 一些 所有 其他 多个 这些 那些 大 小 新 老 总 获 到 去 来 赴 进
    入 在 由 任 派 请 邀 访 至 抵 离 回 往 是 有 为 称 说 向 对 与 和 及 同 跟 被 把 将 让 给 从 自 以 等 年 月 日
    个 家 名 位 批 座 所 日电 电 讯 本报 本报讯""".split()
)
# Suffixes strong enough to make a name of any preceding noun chain (生态环境部, 数字能源有限公司).
STRONG_ORG_SUFFIXES = (
    "有限公司", "股份有限公司", "有限责任公司", "集团", "银行", "研究院", "研究所", "委员会", "协会", "学会",
    "联合会", "基金会", "大学", "学院", "医院", "出版社", "电视台", "部", "局", "厅", "署",
)
DIRECTIONS = frozenset("东西南北中")
VENUE_SUFFIXES = ("大会堂", "大厅", "音乐厅", "体育馆", "体育场", "天文馆", "书店", "剧院", "展览中心", "博览中心",
                   "会展中心", "机场", "广场", "公园")
CONGRESS = re.compile(r"^[一二三四五六七八九]?十[一二三四五六七八九]?大$")
NAMING_SUFFIXES = frozenset("部 局 厅 署".split())  # 宣传部, 人事部: departments named by their remit
GOV_SUFFIXES = frozenset(("部", "局", "厅", "署", "委员会", "总局", "办公室", "院", "会", "社"))


# -- Span resolution -------------------------------------------------------------------------------
# Words right before a name that say "a place stands here" (首都X, 港口城市X) …
PLACE_BEFORE = frozenset("首都 首府 州府 省会 城市 小城 小镇 港口 港市 故乡 家乡 边城 古城 名城 重镇".split())
# … and right after it (X以北, X举行).
PLACE_AFTER = frozenset("以北 以南 以东 以西 附近 境内 郊区 郊外 市区 首都 首府 全境 一带 沿岸 边境 当局".split())
# 在X举行: an event verb after the name with 在/于 before it.
EVENT_AFTER = frozenset("举行 开幕 闭幕 召开 签署 进行 举办".split())
# A leader's government or a general is still the person (X政府, X将军).
NOT_ORG_AFTER_NAME = ("政府", "将军", "内阁", "代表", "军")
PLACE_AFTER_CHARS = ("市", "州", "港", "省", "区", "县", "宫", "堡")
