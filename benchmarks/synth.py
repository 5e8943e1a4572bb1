"""Synthetic newspaper archive: N articles of newspaper-like Chinese, from invented word lists.

Nothing here is copied from real pages: names are random surname + given-name characters, places
and organisations are built from generic parts, sentences from templates.  The output is
deterministic for a seed, so benchmark runs are comparable.

    python benchmarks/synth.py OUT_DIR --articles 100000      # page files, one article per file
    from benchmarks.synth import articles                      # Article objects, no files

Files are named ``YYYY/MM/YYYYMMDD-PP-NN.txt`` (date, page, ordinal) with the date also in a header
line, CRLF line ends and full-width paragraph indents, like crawled newspaper dumps.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parser.ids import article_id
from parser.model import Article, Credit, Entity

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国宁晓东海波雪梅琳林斌宇浩凯健俊帆帅旭晨阳博文思佳欣怡慧颖蕾倩雯婷玲志新春光荣德永成兴安中长重行乐"
PLACE_HEAD = ["青", "白", "东", "西", "南", "北", "金", "银", "长", "重", "新", "古", "平", "安", "永", "河",
              "湖", "山", "石", "松", "柳", "梅", "龙", "凤", "云", "星", "海", "江", "泉", "丰"]
PLACE_TAIL = ["川", "桥", "塘", "湾", "岭", "溪", "港", "州", "阳", "口", "坪", "田", "林", "庄", "门", "城"]
PLACE_KIND = ["镇", "区", "县", "市", "街道", "村", "乡"]
REAL_PLACES = ["长江", "重庆", "黄河", "上海", "北京", "广州", "深圳", "成都", "西安", "杭州", "南京",
               "苏州", "武汉", "长沙", "厦门", "青岛", "天津", "昆明", "兰州", "银川"]
ORG_HEAD = ["农业", "交通", "教育", "卫生", "科技", "商务", "文化", "生态环境", "住房和城乡建设", "人力资源",
            "应急管理", "市场监管", "水利", "财政", "统计"]
ORG_KIND = ["局", "委员会", "办公室", "中心", "协会", "研究院"]
COMPANIES = ["银行", "集团", "股份有限公司", "电力公司", "物流公司", "医院", "学校", "合作社"]
TOPICS = ["绿色发展", "乡村振兴", "科技创新", "营商环境", "城市更新", "基层治理", "文明创建", "安全生产",
          "民生实事", "产业升级", "数字经济", "生态保护", "教育改革", "医疗服务", "文化旅游", "重大项目",
          "招商引资", "防汛抗旱", "垃圾分类", "养老服务", "就业创业", "长江保护", "银行信贷", "重点工程"]
VERBS = ["推进", "部署", "调研", "召开", "启动", "签约", "开展", "举行", "发布", "建设", "落实", "助力",
         "打造", "深化", "完善", "提升", "加快", "聚焦", "走访", "检查"]
NOUNS = ["会议", "工作", "项目", "活动", "行动", "计划", "方案", "论坛", "大会", "展览", "工程", "试点",
         "平台", "基地", "中心", "园区", "服务", "机制", "体系", "成果"]
ADJ = ["高质量", "全面", "持续", "扎实", "积极", "稳步", "创新", "重点", "新一轮", "现代化", "精准", "有序"]
FILLER = ["据了解，", "记者注意到，", "与此同时，", "近年来，", "今年以来，", "下一步，", "截至目前，", "会上，"]
CLAUSES = [
    "{place}{verb}{adj}{topic}，取得阶段性成效",
    "{person}表示，要{verb}{topic}，{verb2}{noun}",
    "{org}{verb}{topic}{noun}，覆盖{num}个{kind}",
    "全年完成投资{num}亿元，同比增长{pct}%",
    "共有{num}家单位参与{topic}{noun}",
    "{place}群众对{topic}的满意度提升至{pct}%",
    "{org}负责人{person}介绍了{topic}的进展情况",
    "这一{noun}将为{place}{topic}提供有力支撑",
    "{adj}{verb}{noun}建设，让群众有更多获得感",
    "{person}在{place}{verb}{topic}{noun}",
]


def _dictionary_words(seed: int) -> dict[str, list[str]]:
    """Common nouns/verbs/place words from jieba's general dictionary (not from any newspaper):
    real archives have tens of thousands of distinct headline words, and search cost depends on it."""
    try:
        import jieba

        with jieba.get_dict_file() as fh:
            lines = fh.read().decode("utf-8").splitlines()
    except Exception:  # pragma: no cover - jieba is a runtime dependency
        return {"n": list(NOUNS), "v": list(VERBS), "ns": list(REAL_PLACES)}
    out: dict[str, list[str]] = {"n": [], "v": [], "ns": [], "vn": []}
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[2] in out and int(parts[1]) >= 30 and 2 <= len(parts[0]) <= 4 \
                and all("\u4e00" <= c <= "\u9fff" for c in parts[0]):
            out[parts[2]].append(parts[0])
    r = random.Random(seed)
    for v in out.values():
        r.shuffle(v)
    return out


class _Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        r = self.r
        words = _dictionary_words(seed)
        self.nouns = NOUNS + words["n"][:12000] + words["vn"][:1500]
        self.verbs = VERBS + words["v"][:5000]
        self.people = [r.choice(SURNAMES) + "".join(r.choices(GIVEN, k=r.choice((1, 2, 2)))) for _ in range(20000)]
        self.places = list(REAL_PLACES) + words["ns"][:2000] + [
            r.choice(PLACE_HEAD) + r.choice(PLACE_TAIL) + r.choice(PLACE_KIND) for _ in range(2000)]
        self.orgs = [p + o for p in ("市", "区", "县", "省") for o in (h + k for h in ORG_HEAD for k in ORG_KIND)]
        self.orgs += [r.choice(self.places[:40]).rstrip("镇区县市村乡") + c for c in COMPANIES for _ in range(8)]

    def pick(self, seq: list[str]) -> str:
        # Zipf-ish: a few names are very frequent, most are rare (like real news)
        i = min(int(self.r.paretovariate(1.2)) - 1, len(seq) - 1)
        return seq[i] if self.r.random() < 0.5 else self.r.choice(seq)

    def article(self, ident: str, date: str, page: int, ordinal: int) -> Article:
        r = self.r
        ents: list[Entity] = []
        person, place, org = self.pick(self.people), self.pick(self.places), self.pick(self.orgs)
        topic = r.choice(TOPICS)
        noun, verb = self.pick(self.nouns), self.pick(self.verbs)
        headline = r.choice([
            f"{place}{verb}{topic}{r.choice(NOUNS)}",
            f"{person}{verb}{noun}",
            f"{org}{r.choice(VERBS)}{r.choice(ADJ)}{topic}",
            f"{r.choice(ADJ)}{verb}{noun} {place}{self.pick(self.nouns)}见实效",
            f"{place}{noun}{verb}{self.pick(self.nouns)}",
            f"{topic}：{place}{verb}{noun}",
        ])
        for name, typ in ((person, "person"), (place, "place"), (org, "org")):
            at = headline.find(name)
            if at >= 0:
                ents.append(Entity(name, typ, "headline", None, at, at + len(name)))  # type: ignore[arg-type]
        kicker = r.choice([None, None, f"聚焦{topic}", f"{place}一线"])
        sub = r.choice([None, None, None, f"——{org}{r.choice(VERBS)}{r.choice(NOUNS)}侧记"])
        paragraphs = []
        reporter = r.choice(self.people)
        for pi in range(r.randint(4, 9)):
            sents = []
            for _ in range(r.randint(3, 7)):
                who, where, which = self.pick(self.people), self.pick(self.places), self.pick(self.orgs)
                s = r.choice(CLAUSES).format(
                    place=where, person=who, org=which, verb=self.pick(self.verbs), verb2=r.choice(VERBS),
                    adj=r.choice(ADJ), topic=r.choice(TOPICS), noun=self.pick(self.nouns), num=r.randint(2, 900),
                    pct=r.randint(1, 99), kind=r.choice(PLACE_KIND))
                sents.append(r.choice(FILLER) + s if r.random() < 0.3 else s)
            text = "。".join(sents) + "。"
            if pi == 0:
                text = f"本报讯（记者 {reporter}）" + text
            paragraphs.append(text)
            for name, typ in ((who, "person"), (where, "place"), (which, "org")):
                at = text.find(name)
                if at >= 0:
                    ents.append(Entity(name, typ, "paragraphs", pi, at, at + len(name)))  # type: ignore[arg-type]
        return Article(id=ident, kind="news", headline=headline, kicker=kicker, subheadline=sub,
                       credits=(Credit("reporter", reporter),), paragraphs=tuple(paragraphs),
                       entities=tuple(ents), ordinal=ordinal, date=date, page_number=page, issue=date)


def _slots(n: int, start: dt.date) -> Iterator[tuple[str, int, int]]:
    """(date, page, ordinal) for n articles: 8 pages a day, 1–6 articles a page."""
    rng = random.Random(n)
    day, made = start, 0
    while made < n:
        for page in range(1, 9):
            for ordinal in range(rng.randint(1, 6)):
                if made >= n:
                    return
                yield day.isoformat(), page, ordinal
                made += 1
        day += dt.timedelta(days=1)


def articles(n: int, seed: int = 7, start: dt.date = dt.date(2019, 1, 1)) -> Iterator[Article]:
    """n synthetic articles, oldest first, with ids as the archive would give them."""
    g = _Gen(seed)
    for date, page, ordinal in _slots(n, start):
        rel = f"{date[:4]}/{date[5:7]}/{date.replace('-', '')}-{page:02d}-{ordinal + 1:02d}.txt"
        yield g.article(article_id(rel, 0), date, page, ordinal)


def render(a: Article) -> str:
    """The article as a crawled page file: header, kicker, headline, deck, byline, body."""
    lines = [f"{a.date} 第{a.page_number:02d}版", ""]
    if a.kicker:
        lines.append(a.kicker)
    lines.append(a.headline)
    if a.subheadline:
        lines.append(a.subheadline)
    lines.append("")
    lines.extend("\u3000\u3000" + p for p in a.paragraphs)
    return "\r\n".join(lines) + "\r\n"


def write_archive(out: Path, n: int, seed: int = 7) -> int:
    count = 0
    for a in articles(n, seed):
        d = a.date or "0000-00-00"
        path = out / d[:4] / d[5:7] / f"{d.replace('-', '')}-{a.page_number:02d}-{a.ordinal + 1:02d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(a).encode("utf-8"))
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ns = ap.parse_args(argv)
    n = write_archive(ns.out, ns.articles, ns.seed)
    print(f"wrote {n} article files to {ns.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
