"""Chinese surnames: the knowledge that turns "a rare character + one or two characters" into a person.

jieba cuts unknown names into single characters (恽 + 淇 + 丞); knowing that 恽 is a surname is what
lets the tagger glue them back together.  The lists are general knowledge (the 百家姓 plus surnames
common today that it lacks), not taken from any evaluation text.
"""

from __future__ import annotations

# 百家姓 single surnames, in their traditional order.
_BAIJIAXING = (
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎"
    "鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄"
    "和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭"
    "梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚"
    "程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫"
    "宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔郁胥能苍双"
    "闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍郤璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容"
    "向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空"
    "曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公晋楚闫法汝鄢涂钦归海岳帅缑亢况郈有琴商牟佘佴伯赏"
    "墨哈谯笪年爱阳佟言福"
)
# Surnames common today that the 百家姓 lacks, and rarer ones that still appear in local news.
_MODERN = (
    "肖付覃邝冼谌麦粟揭仝练战丛母淡泮恽邸隋眭檀苑候禤郇菅栗靖税矫银贠寸操芦青敬兰衣撒"
    "肇植凃蹇茆綦郄佴苟迟藏卿冒殷蒿鞠纵郜覃尕"
)

SURNAMES: frozenset[str] = frozenset(_BAIJIAXING + _MODERN)

COMPOUND_SURNAMES: frozenset[str] = frozenset(
    "万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 公孙"
    " 仲孙 轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 司空 亓官 司寇 子车 颛孙 端木 巫马 公西 漆雕 乐正"
    " 壤驷 公良 拓跋 夹谷 宰父 谷梁 段干 百里 东郭 南门 呼延 归海 羊舌 微生 梁丘 左丘 东门 西门 南宫 第五".split()
)

# The hundred or so surnames most people carry; a two-character "name" needs one of these unless a
# strong pattern (title, credit) vouches for it, because 光荣 or 福祉 also start with a surname.
COMMON_SURNAMES: frozenset[str] = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童"
    "凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项"
    "连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米杭"
)


# Common Japanese family names: 石川 + 一成 is a person only when a title or 先生 says so.
JAPANESE_SURNAMES: frozenset[str] = frozenset(
    """佐藤 铃木 高桥 田中 渡边 伊藤 山本 中村 小林 加藤 吉田 山田 山口 松本 井上 木村 清水 山崎 池田 桥本 阿部
    石川 山下 中岛 石井 小川 前田 冈田 长谷川 藤田 后藤 近藤 村上 远藤 青木 坂本 斋藤 福田 太田 西村 藤井 金子
    冈本 藤原 中野 三浦 原田 松田 竹内 中川 小野 田村 中山 和田 石田 森田 上田 柴田 酒井 工藤 横山 宫崎 宫本
    内田 高木 安藤 岛田 谷口 大野 高田 丸山 今井 河野 藤本 村田 武田 上野 杉山 增田 小山 大塚 平野 菅原 久保
    松井 千叶 岩崎 樱井 木下 野口 松尾 菊地 野村 新井 渡部 村山 细川 羽田 海部 竹下 宫泽 中曾根 大平
    三木 鸠山 片山 安倍 麻生 岸田 野田 小泉 东条 土井 河本 二阶 桥下 小泽 鸟居 服部 大冢""".split()
)
