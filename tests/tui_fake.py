"""A tiny in-memory archive with invented stories, for TUI tests and snapshots.

It implements ``tui.archive_view.ArchiveView``, the Protocol the screens are written against
(issues, headlines, warnings, headline, article, search, the entity counts), with the real frozen
model classes, so the TUI can be tested
without parsing files and without depending on the search/entity engines' exact output.
All names and text are made up.
"""

from __future__ import annotations

from typing import Any

from parser.model import Article, Credit, Entity, EntityCount, Headline, Issue, PageInfo
from parser.search import Hit


def _ents(article_fields: dict[str, Any], names: dict[str, str]) -> tuple[Entity, ...]:
    """Entities for every occurrence of each invented name in each field (offsets computed)."""
    out = []
    for name, etype in names.items():
        for field in ("kicker", "headline", "subheadline", "caption"):
            text = article_fields.get(field) or ""
            start = text.find(name)
            while start >= 0:
                out.append(Entity(name, etype, field, None, start, start + len(name)))  # type: ignore[arg-type]
                start = text.find(name, start + 1)
        for i, para in enumerate(article_fields.get("paragraphs", ())):
            start = para.find(name)
            while start >= 0:
                out.append(Entity(name, etype, "paragraphs", i, start, start + len(name)))  # type: ignore[arg-type]
                start = para.find(name, start + 1)
    return tuple(out)


NAMES = {"林晓岚": "person", "高志远": "person", "青禾镇": "place", "云栖湖": "place",
         "青禾农机合作社": "org", "南川区文化馆": "org"}

# (issue date, page number, page name, list of article dicts)
_PAGES: list[tuple[str | None, int | None, str | None, list[dict[str, Any]]]] = [
    ("2031-03-14", 1, "要闻", [
        {"kind": "news", "kicker": "春耕时节", "headline": "青禾镇万亩麦田迎来首轮灌溉",
         "subheadline": "青禾农机合作社派出四十台机械", "source": "本报讯",
         "credits": [("reporter", "林晓岚"), ("correspondent", "周一禾")],
         "paragraphs": ["　　本报讯 昨天清晨，青禾镇东片的麦田里机声隆隆。青禾农机合作社负责人高志远介绍，今年灌溉比往年提前了五天。",
                        "　　据了解，合作社今年新添了十二台智能喷灌设备，覆盖面积较去年扩大三成。",
                        "　　高志远说：“水跟得上，苗就长得旺。”"]},
        {"kind": "photo", "headline": "云栖湖畔樱花初绽",
         "caption": "昨日，市民在云栖湖畔赏花拍照。", "credits": [("photographer", "高志远")]},
        {"kind": "commentary", "headline": "让好政策落在田埂上", "source": "本报评论员",
         "paragraphs": ["　　春耕不等人。把服务送到田间地头，才是最实在的支持。"]},
    ]),
    ("2031-03-14", 2, "城乡", [
        {"kind": "news", "headline": "南川区文化馆开设周末书法课", "source": "本报讯",
         "credits": [("reporter", "林晓岚")],
         "paragraphs": ["　　南川区文化馆本周起开设面向青少年的免费书法课，首期报名人数已满。"]},
        {"kind": "brief", "headline": "青禾镇新建两座口袋公园",
         "paragraphs": ["　　青禾镇今年将在老街两侧新建两座口袋公园。"]},
    ]),
    ("2031-03-15", 1, "要闻", [
        {"kind": "news", "kicker": "民生实事", "headline": "云栖湖环湖步道全线贯通",
         "subheadline": "全长十八公里 沿途设七处驿站", "source": "本报讯",
         "credits": [("reporter", "周一禾")],
         "paragraphs": ["　　经过一年施工，云栖湖环湖步道昨日全线贯通。林晓岚在现场看到，不少市民已经前来散步。",
                        "　　步道沿途设有七处驿站，提供饮水和休息座椅。"]},
        {"kind": "news", "headline": "高志远当选市劳动模范",
         "paragraphs": ["　　青禾农机合作社负责人高志远日前当选市劳动模范。"]},
    ]),
    (None, None, None, [
        {"kind": "news", "headline": "未注明日期的旧稿：南川区文化馆旧址修缮",
         "paragraphs": ["　　南川区文化馆旧址修缮工程进入收尾阶段。"]},
    ]),
]


class FakeArchive:
    """Same surface as ``parser.archive.Archive`` for what the TUI needs."""

    def __init__(self, extra_headlines: int = 0) -> None:
        self.root = "fake"
        self.warnings: tuple[str, ...] = ("fake/broken.txt: not a newspaper page; skipped",)
        self._articles: dict[str, Article] = {}
        issues: dict[str, tuple[str | None, list[PageInfo], list[Headline]]] = {}
        n = 0
        for date, number, name, items in _PAGES:
            source = f"{date or 'undated'}/p{number or 0}.txt"
            issue_id = date or "undated/p0"
            page_id = f"pg{len(self._articles):04d}"
            info = PageInfo(page_id, source, date, number, name, "utf-8")
            entry = issues.setdefault(issue_id, (date, [], []))
            entry[1].append(info)
            for ordinal, d in enumerate(items):
                aid = f"a{n:06d}"
                n += 1
                art = Article(
                    id=aid, kind=d["kind"], headline=d["headline"], kicker=d.get("kicker"),
                    subheadline=d.get("subheadline"), source=d.get("source"),
                    credits=tuple(Credit(r, nm) for r, nm in d.get("credits", ())),
                    paragraphs=tuple(d.get("paragraphs", ())), caption=d.get("caption"),
                    entities=_ents(d, NAMES), page_id=page_id, ordinal=ordinal, date=date,
                    page_number=number, issue=issue_id)
                self._articles[aid] = art
                entry[2].append(Headline.of(art, name, source))
        for k in range(extra_headlines):  # a big issue, to check lists stay usable
            aid = f"x{k:06d}"
            art = Article(id=aid, kind="brief", headline=f"简讯第{k}条", paragraphs=("　　内容。",),
                          page_id="bigpg", ordinal=k, date="2031-04-01", page_number=1 + k // 500,
                          issue="2031-04-01")
            self._articles[aid] = art
            entry = issues.setdefault("2031-04-01", ("2031-04-01", [], []))
            if k % 500 == 0:
                entry[1].append(PageInfo(f"big{k}", f"big/{k}.txt", "2031-04-01", 1 + k // 500, "简讯", "utf-8"))
            entry[2].append(Headline.of(art, "简讯", "big.txt"))
        order = sorted(issues, key=lambda i: (issues[i][0] is None, issues[i][0] or "", i))
        self.issues = tuple(Issue(i, issues[i][0], tuple(issues[i][1]), tuple(issues[i][2])) for i in order)
        self.headlines = tuple(h for i in self.issues for h in i.headlines)
        self.search_calls: list[str] = []

    def headline(self, article_id: str) -> Headline:
        return {h.id: h for h in self.headlines}[article_id]

    def article(self, article_id: str) -> Article:
        return self._articles[article_id]

    def search(self, query: str, limit: int = 20, read_ids: Any = None, bookmarked_ids: Any = None) -> list[Hit]:
        """Plain substring search; pinyin 'gaozhiyuan' is understood for one invented name."""
        self.search_calls.append(query)
        q = query.strip()
        if q.lower() == "gaozhiyuan":
            q = "高志远"
        if not q:
            return []
        hits = []
        for art in self._articles.values():
            if art.id.startswith("x"):
                continue
            spans: tuple[tuple[int, int], ...] = ()
            pos = art.headline.find(q)
            if pos >= 0:
                spans = ((pos, pos + len(q)),)
            body = art.body
            bpos = body.find(q)
            if pos < 0 and bpos < 0:
                continue
            start = max(0, bpos - 8) if bpos >= 0 else 0
            snippet = body[start:start + 40].strip("　")
            spos = snippet.find(q)
            hits.append(Hit(art.id, art.headline, 2.0 if pos >= 0 else 1.0, snippet, art.issue, art.date,
                                art.page_number, "headline" if pos >= 0 else "paragraphs", spans,
                                ((spos, spos + len(q)),) if spos >= 0 else ()))
        hits.sort(key=lambda h: (-h.score, h.id))
        return hits[:limit]

    def refresh_search(self) -> bool:
        return False

    def _naming(self, entity: EntityCount) -> list[Headline]:
        return [h for issue in self.issues for h in issue.headlines
                if any(e.text in entity.variants for e in self._articles[h.id].entities)]

    def entity_counts(self, type: str | None = None) -> list[EntityCount]:
        out = [EntityCount(name, etype, 0, (name,)) for name, etype in NAMES.items() if not type or etype == type]
        out = [e._replace(count=len(self._naming(e))) for e in out]
        out.sort(key=lambda s: (-s.count, s.text))
        return out

    def entity_articles(self, entity: EntityCount) -> tuple[str, ...]:
        return tuple(h.id for h in self._naming(entity))

    def entity_issues(self, entity: EntityCount, sample: int = -1) -> list[str]:
        issues = [h.issue for h in self._naming(entity)]
        return issues if sample < 0 else issues[:sample]

