"""Search rows prepared in worker processes index exactly like rows computed in place."""

from __future__ import annotations

import pickle
import sqlite3
from dataclasses import replace
from pathlib import Path

from parser.archive import Archive
from parser.search import SearchIndex, prepare
from tests.test_search import ARTICLES

QUERIES = ["长江", "桥", "changjiang", "cj", "kjcx", "person:贺明远", "place:qinghe", "营业", "5G", "chaungxin"]


def _index(prepared: bool | list[object]) -> SearchIndex:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    SearchIndex.ensure_schema(conn)
    idx = SearchIndex(conn)
    if prepared is True:
        # through pickle, as from a worker process
        rows = [pickle.loads(pickle.dumps(prepare(a))) for a in ARTICLES]
        idx.update(ARTICLES, [], rows)
    elif prepared is False:
        idx.update(ARTICLES, [])
    else:
        idx.update(ARTICLES, [], prepared)  # type: ignore[arg-type]
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


def test_rows_prepared_from_other_text_are_recomputed() -> None:
    # rows prepared from a different article (wrong text) or missing must not be indexed as given
    shuffled = [prepare(a) for a in ARTICLES[1:] + ARTICLES[:1]]
    shuffled[2] = None  # type: ignore[call-overload]
    assert _results(_index(shuffled)) == _results(_index(False))
    short = [prepare(a) for a in ARTICLES[:3]]  # fewer rows than articles
    assert _results(_index(short)) == _results(_index(False))


def test_a_changed_entity_list_invalidates_prepared_rows() -> None:
    a = ARTICLES[0]
    grown = replace(a, entities=a.entities + a.entities[:1])
    assert prepare(a).key != prepare(grown).key
    assert prepare(a).key == prepare(replace(a, id="otherid", issue="x")).key  # id and issue are not text


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


def test_unchanged_articles_are_not_reindexed_changed_ones_are() -> None:
    idx = _index(False)
    df = "SELECT sum(df) FROM search_vocab"
    before = idx.conn.execute(df).fetchone()[0]
    idx.update(ARTICLES, [a.id for a in ARTICLES])  # same texts again: nothing to do
    assert idx.conn.execute(df).fetchone()[0] == before
    assert _results(idx) == _results(_index(False))
    # a new name in one article: that article is re-indexed and found by the entity filter
    from parser.model import Entity

    a = ARTICLES[3]  # an article without entities, whose body names nobody
    assert [h.id for h in idx.search("person:骑车")] == []
    grown = replace(a, entities=(Entity("骑车", "person", "paragraphs", 0, 9, 11),))  # type: ignore[arg-type]
    head_df = "SELECT df FROM search_vocab WHERE word = '绿色' AND type = ''"
    assert idx.conn.execute(head_df).fetchone()[0] == 1
    idx.update([grown], [a.id])
    assert [h.id for h in idx.search("person:骑车")] == [a.id]
    assert idx.conn.execute(head_df).fetchone()[0] == 1  # its headline words are not counted twice
    assert idx.conn.execute(df).fetchone()[0] > before
