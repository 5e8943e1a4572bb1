"""The search vocabulary's derived tables: kept in the cache and looked up by bisection, they must
give exactly what the in-memory dicts give (same words, same order, same hits)."""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import subprocess
import sys
import weakref
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parser import Archive
from parser.search import SearchIndex
from parser.search_vocab import SortedIndex, Vocab, _positions, pack_stored, unpack_stored
from tests.archive_fixtures import write_pages
from tests.test_search import ARTICLES, add

REPO = Path(__file__).resolve().parent.parent

# queries of every Latin tier: full pinyin, initials, fuzzy pairs, typos
LATIN_QUERIES = ["changjiang", "kjcx", "hmy", "hemingyuan", "lanhu", "senghuo", "chaungxin", "chuangxn",
                 "qinghezhen", "cj", "qh", "shenghuo", "zhangjiang", "dq"]


class DictParts:
    """An in-memory stand-in for the cache's ``search_meta`` rows, counting what was built."""

    def __init__(self) -> None:
        self.rows: dict[str, bytes] = {}
        self.puts: list[str] = []

    def get(self, name: str) -> bytes | None:
        return self.rows.get(name)

    def put(self, name: str, value: bytes) -> None:
        self.puts.append(name)
        self.rows[name] = value


@given(st.lists(st.sampled_from(["", "a", "ab", "ba", "b", "shenghuo", "cj", "长"]), max_size=40),
       st.sampled_from(["", "a", "ab", "zz", "cj", "长", "shenghuo"]))
def test_sorted_index_finds_what_a_dict_finds(keys: list[str], key: str) -> None:
    want = _positions(keys)
    want.pop("", None)
    for step in (1, 2, 3, 64):  # (every step-th key is bisected first)
        index = SortedIndex.build(keys, step)
        assert list(index.get(key, ())) == want.get(key, [])


@pytest.mark.parametrize("damage", [b"\x01\x00\x00", b"\xff\xff\xff\x7f", b"\x00\x00\x00\x00" * 10_000])
def test_a_damaged_kept_order_is_built_again_and_not_kept(damage: bytes) -> None:
    plain = Vocab.from_rows(vocab_rows())
    parts = DictParts()
    parts.rows["by_key_order"] = damage  # cut short, an index past the words, more entries than words
    v = Vocab.from_blob(plain.to_blob(), parts)
    for key in {*plain.keys, "nothing"}:
        assert list(v.by_key().get(key, ())) == [i for i, k in enumerate(plain.keys) if k == key]
    assert "by_key_order" not in parts.puts


def vocab_rows() -> list[tuple[str, int, str]]:
    return [("长江", 9, "chang jiang"), ("创新", 7, "chuang xin"), ("科技", 7, "ke ji"), ("长", 5, "chang"),
            ("生活", 4, "sheng huo"), ("江", 3, "jiang"), ("Abc", 2, ""), ("场景", 2, "chang jing"),
            ("长江", 1, "chang jiang")]


def plain_starts(text: str, first: int = 0) -> list[int]:
    """Where each line of ``text`` starts, the slow way (``first`` added: the initials' leading newline)."""
    out, at = [], first
    for line in text[1:].split("\n") if first else text.split("\n"):
        out.append(at)
        at += len(line) + 1
    return out


def test_kept_tables_equal_built_ones_and_are_built_once() -> None:
    plain = Vocab.from_rows(vocab_rows())
    parts = DictParts()
    first = Vocab.from_blob(plain.to_blob(), parts)
    for v in (plain, first):
        _ = v.initials_hay, v.char_order, v.by_key(), v.by_key_sorted(), v.by_reading(), v.starts, v.py_starts
    assert sorted(parts.puts) == ["by_key_order", "by_reading_order", "char_order", "initials", "initials_starts",
                                  "py_starts", "starts"]
    assert "words" not in first.__dict__  # the lists the tables were built from are not kept
    again = Vocab.from_blob(plain.to_blob(), parts)
    assert (again.initials_hay, list(again.initials_starts)) == (plain.initials_hay, plain_starts(plain.initials_hay, 1))
    assert (list(again.starts), list(again.df), again.char_order) == (plain_starts(plain.hay), list(plain.df), plain.char_order)
    assert list(again.py_starts) == plain_starts(plain.py_hay)
    assert [again.word(i) for i in range(len(plain.words))] == plain.words  # cut from the joined words
    assert [again.reading(i) for i in range(len(plain.words))] == [tuple(r.split(" ")) if r else () for r in plain._readings]
    assert "words" not in vars(again) and "_readings" not in vars(again)  # no list of every word made for that
    assert len(parts.puts) == 7  # all read back, none rebuilt
    warm = Vocab.from_rows(vocab_rows())
    warm.warm()  # the TUI's dicts
    assert isinstance(warm.by_key(), dict)
    for key in {*warm.keys, "changjiang", "nothing"}:
        assert list(again.by_key().get(key, ())) == warm.by_key().get(key, [])
    for reading in {*(warm.reading(i) for i in range(len(warm.words))), ("chang", "jiang"), ("no",)}:
        spaced = " ".join(reading)
        assert list(again.by_reading().get(spaced, ())) == warm.by_reading().get(spaced, [])
    assert parts.puts.count("by_key_order") == 1  # read back, not rebuilt


def test_kept_line_starts_that_do_not_fit_the_words_are_computed_again() -> None:
    plain = Vocab.from_rows(vocab_rows())
    parts = DictParts()
    parts.rows["starts"] = plain._stored_starts("x", plain.hay).tobytes()[:-4]  # type: ignore[union-attr]  # one short
    v = Vocab.from_blob(plain.to_blob(), parts)
    assert list(v.starts) == plain_starts(plain.hay) and v.word(len(plain.words) - 1) == plain.words[-1]


def test_an_empty_vocabulary_keeps_empty_tables() -> None:
    v = Vocab.from_blob(Vocab.from_rows([]).to_blob(), DictParts())
    assert (v.initials_starts, v.starts, list(v.by_key().get("a", ())), list(v.by_key_sorted().starting("a"))) == (
        [], [], [], [])


def hits(index: SearchIndex, q: str) -> list[tuple[str, str]]:
    return [(h.id, h.tier) for h in index.search(q)]


def test_a_new_process_gets_the_same_hits_from_the_kept_tables(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "c.sqlite3", check_same_thread=False)
    SearchIndex.ensure_schema(conn)
    warm = SearchIndex(conn)
    add(warm, ARTICLES)
    conn.commit()
    warm.vocab().warm()  # what the background thread does, done now
    want = {q: hits(warm, q) for q in LATIN_QUERIES}
    assert all(want[q] for q in ("changjiang", "kjcx", "lanhu", "chaungxin"))
    builder = SearchIndex(sqlite3.connect(tmp_path / "c.sqlite3"), warm=False)  # a first one-shot command
    assert {q: hits(builder, q) for q in LATIN_QUERIES} == want
    kept = {k for (k,) in conn.execute("SELECT key FROM search_meta WHERE key LIKE 'vocab:%'")}
    assert {k.rsplit(":", 1)[1] for k in kept} >= {"by_key_order", "by_reading_order", "initials", "py_starts"}
    reader = SearchIndex(sqlite3.connect(tmp_path / "c.sqlite3"), warm=False)  # the next one
    assert {q: hits(reader, q) for q in LATIN_QUERIES} == want
    conn.execute("UPDATE search_meta SET value = ? WHERE key LIKE 'vocab:%'", (b"not zlib",))
    conn.commit()
    damaged = SearchIndex(sqlite3.connect(tmp_path / "c.sqlite3"), warm=False)
    assert {q: hits(damaged, q) for q in LATIN_QUERIES} == want


@pytest.fixture
def warm_hits(tmp_path: Path) -> dict[str, list[tuple[str, str]]]:
    """The hits of every Latin query from a TUI-like index (dicts warmed) of ``ARTICLES``, kept
    at ``tmp_path / "c.sqlite3"`` for other readers to compare."""
    conn = sqlite3.connect(tmp_path / "c.sqlite3", check_same_thread=False)
    SearchIndex.ensure_schema(conn)
    warm = SearchIndex(conn)
    add(warm, ARTICLES)
    conn.commit()
    warm.vocab().warm()
    return {q: hits(warm, q) for q in LATIN_QUERIES}


def test_a_big_vocabulary_is_not_warmed_into_dicts_and_finds_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm_hits: dict[str, list[tuple[str, str]]]) -> None:
    import parser.search as search_mod

    want = warm_hits
    monkeypatch.setattr(search_mod, "WARM_MAX_WORDS", 3)  # as a million articles' 1.8 million words
    big = SearchIndex(sqlite3.connect(tmp_path / "c.sqlite3", check_same_thread=False))  # the TUI's, warm=True
    assert {q: hits(big, q) for q in LATIN_QUERIES} == want
    assert not isinstance(big.vocab().by_key(), dict)


def test_new_articles_replace_the_kept_tables(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "c.sqlite3")
    SearchIndex.ensure_schema(conn)
    index = SearchIndex(conn, warm=False)
    add(index, ARTICLES[:3])
    conn.commit()
    assert index.search("kjcx") == []
    old = {k for (k,) in conn.execute("SELECT key FROM search_meta WHERE key LIKE 'vocab:%'")}
    add(index, ARTICLES[3:])
    conn.commit()
    assert hits(index, "kjcx")[0] == ("innov01", "initials")  # not the older generation's initials
    new = {k for (k,) in conn.execute("SELECT key FROM search_meta WHERE key LIKE 'vocab:%'")} - old
    assert new  # (the replaced generation's tables stay one more, for a reader still using them)
    add(index, [], removed=["bank001"])
    conn.commit()
    assert hits(index, "kjcx")[0] == ("innov01", "initials")
    now = {k for (k,) in conn.execute("SELECT key FROM search_meta WHERE key LIKE 'vocab:%'")}
    assert not now & old and now


PAGES = {
    "a.txt": "# 长江大桥主体完工\n\n大桥全长三千米，预计年底通车。\n",
    "b.txt": "# 科技创新大会召开\n\n会议发布多项成果，创新企业代表发言。\n",
    "c.txt": "# 场景创新走进社区\n\n居民体验新的生活服务。\n",
    "d.txt": "# 南湖湿地迎来候鸟\n\n观鸟爱好者聚集湖边，长江沿岸也有候鸟。\n",
}


@pytest.mark.parametrize("q", ["changjiang", "cj", "chaungxin", "kjcx", "lanhu"])
def test_the_command_finds_what_the_open_archive_finds(tmp_path: Path, q: str) -> None:
    root = write_pages(tmp_path / "papers", PAGES)
    env = {"HOME": str(tmp_path / "home"), "KANBAO_CACHE_DIR": str(tmp_path / "cache"),
           "KANBAO_DATA_DIR": str(tmp_path / "data"), "KANBAO_CONFIG_DIR": str(tmp_path / "cfg")}
    with Archive.open(root, cache_dir=tmp_path / "cache") as arc:
        want = [h.id for h in arc.search(q)]
    assert want
    for _ in range(2):  # builds and keeps the tables, then reads them
        done = subprocess.run([sys.executable, "-m", "tui", "--archive", str(root), "search", q, "--json"],
                              capture_output=True, text=True, cwd=REPO, env={**os.environ, **env}, timeout=120)
        assert done.returncode == 0, done.stderr
        assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == want



@given(st.binary(max_size=300))
def test_stored_tables_come_back_as_given_and_damage_is_refused(data: bytes) -> None:
    packed = pack_stored(data)
    assert unpack_stored(packed) == data
    assert unpack_stored(zlib.compress(data, 1)) == data  # as caches of the format before keep them
    for at in range(1, len(packed)):
        damaged = packed[:at] + bytes([packed[at] ^ 0x41]) + packed[at + 1:]
        with pytest.raises(ValueError):
            unpack_stored(damaged)
    with pytest.raises(ValueError):
        unpack_stored(packed[:-1] if data else packed[:3])


def test_a_vocabulary_kept_before_compressed_is_read_as_it_was() -> None:
    plain = Vocab.from_rows(vocab_rows())
    old = zlib.compress(unpack_stored(plain.to_blob()), 1)
    again = Vocab.from_blob(old)
    assert [again.word(i) for i in range(len(plain.words))] == plain.words


def test_a_vocabulary_made_from_rows_keeps_joined_text_not_lists() -> None:
    v = Vocab.from_rows(vocab_rows())
    assert not any(isinstance(x, list) and len(x) > 1 for x in vars(v).values())
    assert [v.word(i) for i in range(v.size)] == [w for w, _n, _r in vocab_rows()]
    assert Vocab.from_rows([]).size == 0


@given(st.lists(st.text(st.sampled_from("长江创新科技发展aB1"), min_size=1, max_size=4), unique=True, max_size=30))
def test_character_order_puts_one_character_words_first_then_first_appearance(words: list[str]) -> None:
    v = Vocab.from_rows([(w, 1, "") for w in words])
    want = dict.fromkeys([w for w in words if len(w) == 1] + [c for w in words for c in w])
    assert v.char_order == list(want)


def test_keys_starting_with_a_prefix_are_found_by_bisection() -> None:
    v = Vocab.from_blob(Vocab.from_rows(vocab_rows()).to_blob(), DictParts())
    keys = Vocab.from_rows(vocab_rows()).keys
    warm = Vocab.from_rows(vocab_rows())
    warm.warm()  # (its by_key is a dict: the sorted table is made beside it)
    prefixes = {k[:n] for k in keys for n in range(1, len(k) + 1)} | {"", "zzz", "chang", "a"}
    for p in prefixes:
        want = [i for i, k in enumerate(keys) if k and k.startswith(p)]
        assert sorted(v.by_key_sorted().starting(p)) == want
        assert sorted(warm.by_key_sorted().starting(p)) == want


def test_a_big_stored_value_reads_the_same_by_blob_io(tmp_path: Path) -> None:
    from parser.search import read_meta

    conn = sqlite3.connect(tmp_path / "c.sqlite3")
    SearchIndex.ensure_schema(conn)
    big = bytes(range(256)) * (5 << 12)  # 5 MB: read in pieces, not through a SELECT
    conn.executemany("INSERT INTO search_meta VALUES (?, ?)", [("big", big), ("small", b"x"), ("gen", "3")])
    conn.commit()
    assert read_meta(conn, "big") == big
    assert (read_meta(conn, "small"), read_meta(conn, "gen"), read_meta(conn, "none")) == (b"x", "3", None)


def test_a_big_vocabulary_outgrown_by_an_update_is_used_until_refreshed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import parser.search as search_mod
    from tests.test_search import art

    path = tmp_path / "c.sqlite3"
    conn = sqlite3.connect(path, check_same_thread=False)
    SearchIndex.ensure_schema(conn)
    writer = SearchIndex(conn, warm=False)
    add(writer, ARTICLES)
    conn.commit()
    assert writer.search("changjiang")  # (the vocabulary is built and kept)
    add(writer, [art("fish001", "2025-03-09", "洪泽湖渔民喜获丰收", "渔船满载而归。", page=2)])
    conn.commit()

    def words(index: SearchIndex) -> list[str]:
        return index.vocab().hay.split("\n")

    monkeypatch.setattr(search_mod, "STALE_OK_WORDS", 10**9)  # small: the first search rebuilds it
    assert "洪泽湖" in words(SearchIndex(sqlite3.connect(path), warm=False))
    conn.execute("UPDATE search_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'gen'")  # another update
    conn.commit()
    monkeypatch.setattr(search_mod, "STALE_OK_WORDS", 0)  # big: the kept one is used as it is
    reader = SearchIndex(sqlite3.connect(path, check_same_thread=False), warm=False)
    assert "洪泽湖" in words(reader)  # (kept by the rebuild above, one update old now)
    add(writer, [art("fish002", "2025-03-10", "骆马湖清淤工程启动", "工程预计年内完工。", page=3)])
    conn.commit()
    stale = SearchIndex(sqlite3.connect(path, check_same_thread=False), warm=False)
    assert "骆马湖" not in words(stale)
    assert [h.id for h in stale.search("luomahu")] == ["fish002"]  # the word table is always current
    stale.vocab().by_key_sorted()
    old = weakref.ref(stale.vocab())
    gc.disable()  # (let go by reference counting, not by a full collection that may come late)
    try:
        assert stale.refresh_vocab() is True
        assert old() is None
    finally:
        gc.enable()
    assert "骆马湖" in words(stale) and stale.refresh_vocab() is False
    gen, made = (conn.execute(f"SELECT value FROM search_meta WHERE key = '{k}'").fetchone()[0]
                 for k in ("gen", "vocab_gen"))
    assert str(gen) == str(made)
    kept = {k.rsplit(":", 1)[1] for (k,) in conn.execute("SELECT key FROM search_meta WHERE key LIKE ?",
                                                          (f"vocab:{gen}:%",))}
    assert kept == {"starts", "py_starts", "initials", "initials_starts", "char_order", "by_key_order",
                    "by_reading_order"}  # (built by the refreshing process, for the readers after it)
    gens = {int(k.split(":")[1]) for (k,) in conn.execute("SELECT key FROM search_meta WHERE key LIKE 'vocab:%:%'")}
    assert max(gens) == int(gen) and len(gens) <= 2  # the replaced one's tables stay for its readers, no older
    assert "骆马湖" in words(SearchIndex(sqlite3.connect(path), warm=False))


def test_the_refreshing_process_says_why_it_failed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from parser.search_refresh import main

    assert main([]) == 2
    assert main([str(tmp_path / "no" / "such" / "c.sqlite3")]) == 1
    assert capsys.readouterr().err.count("\n") == 2


def test_a_vocabulary_older_than_the_kept_one_keeps_no_tables(tmp_path: Path) -> None:
    from parser.search import VocabParts

    conn = sqlite3.connect(tmp_path / "c.sqlite3")
    SearchIndex.ensure_schema(conn)
    conn.executemany("INSERT INTO search_meta VALUES (?, ?)",
                     [("vocab_gen", "7"), ("vocab:3:a", b"x"), ("vocab:12:b", b"x")])
    conn.commit()
    VocabParts(conn, "5").put("c", b"old")  # in use after a newer one was kept: not kept
    VocabParts(conn, "7").put("d", b"new")
    assert sorted(k for (k,) in conn.execute("SELECT key FROM search_meta WHERE key LIKE 'vocab:%'")) == [
        "vocab:12:b", "vocab:3:a", "vocab:7:d"]


@given(st.lists(st.text(min_size=1, max_size=12), max_size=200))
def test_a_key_filter_holds_every_key_it_was_built_from(keys: list[str]) -> None:
    from parser.search_vocab import KeyFilter

    built = KeyFilter.build(keys)
    assert all(k in built for k in keys)
    assert all(k in KeyFilter(bytes(built.bits)) for k in keys)  # (as read back from the cache)


def test_a_key_filter_lets_few_absent_keys_through() -> None:
    from parser.search_vocab import KeyFilter

    built = KeyFilter.build([f"key{i}" for i in range(20_000)])
    absent = [f"other{i}" for i in range(20_000)]
    assert sum(k in built for k in absent) < 0.04 * len(absent)


def test_big_vocabularies_look_keys_up_through_the_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    import parser.search_vocab as vocab_mod

    monkeypatch.setattr(vocab_mod, "FILTER_MIN_WORDS", 0)
    parts = DictParts()
    plain = Vocab.from_rows(vocab_rows())
    filtered = Vocab.from_blob(plain.to_blob(), parts)
    assert isinstance(filtered.by_key(), vocab_mod.FilteredIndex) and "key_filter" in parts.puts
    warm = Vocab.from_rows(vocab_rows())
    warm.warm()
    for key in {*warm.keys, "changjiang", "nothing", "zzz", ""}:
        assert list(filtered.by_key().get(key, ())) == warm.by_key().get(key, [])
    again = Vocab.from_blob(plain.to_blob(), parts)
    assert isinstance(again.by_key(), vocab_mod.FilteredIndex) and parts.puts.count("key_filter") == 1
    assert list(again.by_key_sorted().starting("chang")) == list(filtered.by_key_sorted().starting("chang"))


def test_the_same_hits_with_the_key_filter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          warm_hits: dict[str, list[tuple[str, str]]]) -> None:
    import parser.search_vocab as vocab_mod

    monkeypatch.setattr(vocab_mod, "FILTER_MIN_WORDS", 0)
    one_shot = SearchIndex(sqlite3.connect(tmp_path / "c.sqlite3"), warm=False)
    assert {q: hits(one_shot, q) for q in LATIN_QUERIES} == warm_hits
    assert isinstance(one_shot.vocab().by_key(), vocab_mod.FilteredIndex)


def test_a_kept_vocabulary_read_a_text_at_a_time_is_the_same() -> None:
    import io

    plain = Vocab.from_rows(vocab_rows())
    blob = plain.to_blob()
    lengths = Vocab.part_lengths(blob)
    pieces = Vocab.from_pieces(io.BytesIO(blob).read, lengths)
    whole = Vocab.from_blob(blob)
    assert (pieces.hay, pieces.py_hay, list(pieces.df)) == (whole.hay, whole.py_hay, list(whole.df)) == (
        plain.hay, plain.py_hay, list(plain.df))
    damaged = bytearray(blob)
    damaged[len(blob) // 2] ^= 1
    for bad, at in ((bytes(damaged), lengths), (blob, (lengths[0] + 1, lengths[1] - 1, lengths[2])),
                    (blob + b"x", lengths), (blob[:-1], lengths), (b"\x78" + blob[1:], lengths)):
        with pytest.raises(ValueError):
            Vocab.from_pieces(io.BytesIO(bad).read, at)


def test_a_new_process_reads_the_kept_vocabulary_by_pieces(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "c.sqlite3", check_same_thread=False)
    SearchIndex.ensure_schema(conn)
    first = SearchIndex(conn, warm=False)
    add(first, ARTICLES)
    conn.commit()
    want = {q: hits(first, q) for q in LATIN_QUERIES}
    assert conn.execute("SELECT value FROM search_meta WHERE key = 'vocab_parts'").fetchone()
    reader = SearchIndex(sqlite3.connect(tmp_path / "c.sqlite3"), warm=False)
    assert {q: hits(reader, q) for q in LATIN_QUERIES} == want
    conn.execute("UPDATE search_meta SET value = '1 2 3' WHERE key = 'vocab_parts'")  # lengths that do not fit
    conn.commit()
    rebuilt = SearchIndex(sqlite3.connect(tmp_path / "c.sqlite3"), warm=False)
    assert {q: hits(rebuilt, q) for q in LATIN_QUERIES} == want  # (rebuilt from its rows, with a warning)


def test_two_refreshes_at_once_rebuild_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import parser.search as search_mod
    from tests.test_search import art

    monkeypatch.setattr(search_mod, "STALE_OK_WORDS", 0)
    conn = sqlite3.connect(tmp_path / "c.sqlite3", check_same_thread=False)
    SearchIndex.ensure_schema(conn)
    index = SearchIndex(conn, warm=False)
    add(index, ARTICLES)
    conn.commit()
    index.search("changjiang")
    add(index, [art("fish001", "2025-03-09", "洪泽湖渔民喜获丰收", "渔船满载而归。", page=2)])
    conn.commit()
    results: list[bool] = []
    threads = [threading.Thread(target=lambda: results.append(index.refresh_vocab())) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, True]
