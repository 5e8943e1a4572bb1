"""``kanbao search``: output contract of tui/cmd_search.py, on a stand-in archive."""

from __future__ import annotations

import argparse
import io
import json
import sqlite3

import pytest

from parser.model import Article
from parser.search import SearchIndex
from tests.test_search import add
from tui.cmd_search import add_search_arguments, run_search


class StandIn:
    """Just the ``search`` method of an Archive, backed by a real index."""

    def __init__(self, articles: list[Article]) -> None:
        conn = sqlite3.connect(":memory:")
        SearchIndex.ensure_schema(conn)
        self.index = SearchIndex(conn)
        add(self.index, articles)

    def search(self, query: str, limit: int = 20, read_ids: object = None, bookmarked_ids: object = None):
        return self.index.search(query, limit, read_ids=read_ids, bookmarked_ids=bookmarked_ids)  # type: ignore[arg-type]


@pytest.fixture
def archive() -> StandIn:
    return StandIn([
        Article(id="a1", kind="news", headline="秋收\x1b[31m季节", paragraphs=("田里一片金黄，农民忙着秋收。",),
                date="2025-09-20", issue="2025-09-20", page_number=1),
        Article(id="a2", kind="news", headline="秋季运动会", paragraphs=("学校举办运动会。",),
                date="2025-09-21", issue="2025-09-21", page_number=2),
    ])


def args(*argv: str) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    add_search_arguments(p)
    return p.parse_args(list(argv))


def test_json_lines(archive: StandIn) -> None:
    out = io.StringIO()
    assert run_search(args("qiu", "--json"), archive, out) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["a2", "a1"]  # both headline pinyin hits: newer first
    assert {"id", "issue", "date", "headline", "score", "snippet"} <= set(rows[0])


def test_plain_lines_are_terminal_safe(archive: StandIn) -> None:
    out = io.StringIO()
    assert run_search(args("秋收", "--color", "always"), archive, out) == 0
    line = out.getvalue()
    assert line.startswith("a1\t2025-09-20\t")
    assert "\x1b[31m" not in line  # the article's own escape sequence is removed
    assert "\x1b[1;33m秋收\x1b[0m" in line  # our highlight is kept


def test_several_words_form_one_query_and_limit(archive: StandIn) -> None:
    out = io.StringIO()
    assert run_search(args("秋", "运动会", "-n", "1"), archive, out) == 0
    assert out.getvalue().count("\n") == 1


def test_no_match_is_exit_1_and_silent(archive: StandIn) -> None:
    out = io.StringIO()
    assert run_search(args("量子"), archive, out) == 1
    assert out.getvalue() == ""


def test_reopen_reads_the_vocabulary_blob(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from parser import search_vocab

    db = tmp_path / "c.sqlite"
    conn = sqlite3.connect(db)
    SearchIndex.ensure_schema(conn)
    idx = SearchIndex(conn)
    add(idx, [Article(id="b1", kind="news", headline="秋收季节", date="2025-09-20")])
    conn.commit()
    assert [h.id for h in idx.search("qiushou")] == ["b1"]  # builds and stores the blob
    conn.close()

    def no_rows(*_a: object, **_k: object) -> None:
        raise AssertionError("reopen must not rebuild the vocabulary from rows")

    monkeypatch.setattr(search_vocab.Vocab, "from_rows", classmethod(no_rows))
    again = SearchIndex(sqlite3.connect(db))
    assert [h.id for h in again.search("qiushou")] == ["b1"]


def test_an_index_that_cannot_answer_is_one_line_and_exit_2(archive: StandIn, capsys: pytest.CaptureFixture[str]) -> None:
    archive.index.conn.execute("DROP TABLE search_head")
    out = io.StringIO()
    assert run_search(args("银行"), archive, out) == 2
    assert out.getvalue() == ""
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("kanbao: ") and "search_head" in err


# -- the command line gives the TUI's results, and says what it cannot read (issue #12) -----------
def _ids(out: str) -> list[str]:
    return [line.split("\t")[0] for line in out.splitlines()]


def test_reading_state_filters_use_the_state_the_tui_uses(archive: StandIn) -> None:
    from parser.state import StateStore

    with StateStore() as store:  # the same store the TUI opens (KANBAO_DATA_DIR)
        store.set_read("a1")
        store.set_bookmark("a2")
    with StateStore() as store:
        tui = {q: [h.id for h in archive.search(q, 20, read_ids=store.read_ids, bookmarked_ids=store.bookmarked_ids)]
               for q in ("is:unread", "is:read", "is:bookmarked", "qiu is:unread")}
    assert tui == {"is:unread": ["a2"], "is:read": ["a1"], "is:bookmarked": ["a2"], "qiu is:unread": ["a2"]}
    for q, want in tui.items():
        out = io.StringIO()
        assert run_search(args(*q.split()), archive, out) == 0
        assert _ids(out.getvalue()) == want, q


@pytest.mark.parametrize("argv", [("date:2025-13-45",), ("秋收", "date:yesterday"), ("秋收", "date:2025-03..2025-01"),
                                  ("",), (" ",), ("秋收", "--limit", "0"), ("秋收", "-n", "-3"), ("is:sometimes",)])
def test_what_cannot_be_read_is_one_line_and_exit_2(archive: StandIn, capsys: pytest.CaptureFixture[str],
                                                    argv: tuple[str, ...]) -> None:
    out = io.StringIO()
    assert run_search(args(*argv), archive, out) == 2
    assert out.getvalue() == ""
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("kanbao: ")


def test_an_ambiguous_issue_prefix_names_the_candidates(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    from archive_fixtures import write_archive

    from tui.cli import main

    root = write_archive(tmp_path / "papers")
    assert main(["list", "2024-03-0", "--archive", str(root)]) == 2
    err = capsys.readouterr().err
    assert "2024-03-05" in err and "2024-03-06" in err and err.count("\n") == 1
