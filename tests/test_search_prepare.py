"""Search rows prepared in worker processes index exactly like rows computed in place."""

from __future__ import annotations

import pickle
import sqlite3
from dataclasses import replace
from pathlib import Path

from parser.archive import Archive
from parser.search import Doc, SearchIndex, prepare
from tests.test_search import ARTICLES, add

QUERIES = ["长江", "桥", "changjiang", "cj", "kjcx", "person:贺明远", "place:qinghe", "营业", "5G", "chaungxin"]


def _index(pickled: bool) -> SearchIndex:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    SearchIndex.ensure_schema(conn)
    idx = SearchIndex(conn)
    if pickled:  # through pickle, as from a worker process
        idx.add_rows([(Doc(a.id, a.issue, a.date, a.page_number, a.ordinal, a.headline, a.kicker, a.subheadline),
                       pickle.loads(pickle.dumps(prepare(a)))) for a in ARTICLES], [])
    else:
        add(idx, ARTICLES)
    conn.commit()
    return idx


def _results(idx: SearchIndex) -> list[list[tuple[str, str, str, str]]]:
    return [[(h.id, h.field, h.tier, h.snippet) for h in idx.search(q)] for q in QUERIES]


def test_prepared_rows_give_the_same_results_and_vocabulary() -> None:
    plain, prepped = _index(False), _index(True)
    assert _results(prepped) == _results(plain)
    assert any(_results(plain))  # the queries do find things
    vocab = "SELECT word, type, df, reading FROM search_vocab ORDER BY word, type"
    assert prepped.conn.execute(vocab).fetchall() == plain.conn.execute(vocab).fetchall()


def test_parallel_archive_build_uses_worker_rows(tmp_path: Path, monkeypatch: object) -> None:
    """A worker-built archive finds the same as an in-process one (invented pages)."""
    import parser.sync as sync_mod

    root = tmp_path / "arc"
    root.mkdir()
    for n in range(6):
        (root / f"2024-05-0{n + 1}.txt").write_text(
            f"2024年5月{n + 1}日\n\n第{n + 1}版\n\n青河镇新建图书馆第{n}期\n\n　　记者柳云帆报道，图书馆藏书三万册，方便居民阅读。\n",
            encoding="utf-8")
    monkeypatch.setattr(sync_mod, "PARALLEL_THRESHOLD", 2)  # type: ignore[attr-defined]
    queries = ["图书馆", "tsg", "tushuguan", "藏书", "书"]
    with Archive.open(root, cache_dir=tmp_path / "c2", workers=2) as par:
        got = [[h.id for h in par.search(q)] for q in queries]
    with Archive.open(root, cache_dir=tmp_path / "c1", workers=1) as ser:
        want = [[h.id for h in ser.search(q)] for q in queries]
    assert got == want
    assert len(want[0]) == 6


def test_an_article_added_again_is_replaced_not_duplicated() -> None:
    idx = _index(False)
    before = _results(idx)
    add(idx, ARTICLES, [a.id for a in ARTICLES])  # a re-parse of every file: same texts again
    assert _results(idx) == before
    # a new name in one article: that article is re-indexed and found by the entity filter
    from parser.model import Entity

    a = ARTICLES[3]  # an article without entities, whose body names nobody
    assert [h.id for h in idx.search("person:骑车")] == []
    grown = replace(a, entities=(Entity("骑车", "person", "paragraphs", 0, 9, 11),))  # type: ignore[arg-type]
    add(idx, [grown], [a.id])
    assert [h.id for h in idx.search("person:骑车")] == [a.id]
    assert idx.conn.execute("SELECT count(*) FROM search_docs").fetchone()[0] == len(ARTICLES)
