"""The names pass: the rule "a name a strong pattern confirmed is tagged everywhere" (the one function that applies it), and which stored articles it reads."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from archive_fixtures import write_pages
from hypothesis import given
from hypothesis import strategies as st

from parser import Archive
from parser.entities.spread import names_in, recall, recalled_names, spread_jobs
from parser.sync import _LazyIndex


def test_recall_adds_free_mentions_with_their_confirmed_type_and_marks_them() -> None:
    text = "青禾说，青禾村的青禾来了"
    hits = [(0, 2), (4, 6), (8, 10)]
    taken = bytearray(len(text))
    taken[4:7] = b"\x01\x01\x01"  # 青禾村 is a place already
    assert recall(text, hits, taken, {"青禾": "person"}.get) == [(0, 2, "person"), (8, 10, "person")]
    assert taken[0:2] == b"\x01\x01" and taken[8:10] == b"\x01\x01"
    assert recall(text, hits, taken, {"青禾": "person"}.get) == []  # all taken now


def test_recall_skips_names_the_text_may_not_use() -> None:
    text = "白塔和白塔"
    assert recall(text, [(0, 2), (3, 5)], bytearray(len(text)), lambda name: None) == []


def test_search_filters_match_only_names_confirmed_with_their_type() -> None:
    confirmed = {"青禾": "person", "白塔": "place"}.get
    assert recalled_names(["青禾", "白塔", "无名"], "person", confirmed) == ["青禾"]
    assert recalled_names(["青禾", "白塔"], "place", confirmed) == ["白塔"]


def test_older_articles_to_rescan_are_asked_of_the_index_when_it_covers_them(tmp_path: Path) -> None:
    root = write_pages(tmp_path / "papers", {"b.txt": "# 春日随笔\n\n小木在河畔拍下了这一幕。\n",
                                             "c.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n"})
    with Archive.open(root) as arc:
        conn = arc.cache.conn
        ident = {h.source: h.id for h in arc.headlines}
        names = {"小木": "person"}
        lazy = _LazyIndex(arc.cache)
        assert lazy.ids_containing(["小木"]) == {ident["b.txt"]}
        asked: list[list[str]] = []

        def candidates(texts: Iterable[str]) -> set[str] | None:
            asked.append(sorted(texts))
            return lazy.ids_containing(texts)

        jobs = spread_jobs(conn, names, names, set(), candidates)
        assert asked == [["小木"]] and jobs == [(names, [ident["b.txt"]])]
        assert spread_jobs(conn, names, names, set()) == jobs  # reading every article: the same
        # an article the index lacks (a stopped staged sync's page): the index cannot tell
        conn.execute("DELETE FROM search_docs WHERE id = ?", (ident["c.txt"],))
        assert lazy.ids_containing(["小木"]) is None


_TEXT = st.text(alphabet="青禾村东山河书店", max_size=40)


@given(_TEXT, st.dictionaries(st.text(alphabet="青禾村东山河书店", min_size=1, max_size=5),
                              st.sampled_from(["person", "place", "org"]), max_size=12))
def test_names_in_finds_exactly_the_names_of_two_characters_or_more_that_occur(
        text: str, names: dict[str, str]) -> None:
    assert names_in(text, names) == {n: t for n, t in names.items() if len(n) >= 2 and n in text}
