"""The saved view of the issues: patched for the files that changed, equal to reading the tables."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from archive_fixtures import write_pages

import parser.view as view_mod
from parser import Archive
from parser.model import Issue


def _from_tables(arc: Archive) -> tuple[tuple, list]:
    return view_mod._issues_from_tables(arc.cache)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))  # a new mtime whatever the clock


def test_an_update_patches_the_saved_view_to_what_the_tables_say(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_pages(tmp_path / "papers", {
        "2024-03-01-01.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n\n# 春雨来了\n\n一场春雨落在田间。\n",
        "2024-03-01-02.txt": "# 社区新闻\n\n社区开展义诊活动。\n",
        "2024-03-02-01.txt": "# 桥梁完工\n\n大桥主体完工。\n",
        "2024-03-03-01.txt": "# 候鸟归来\n\n湿地迎来候鸟。\n",
        "notes.txt": "# 无日期\n\n一段没有日期的文字。\n"})
    Archive.open(root, cache_dir=tmp_path / "c").close()

    def no_full_read(cache: object) -> None:
        raise AssertionError("the view was read from the tables, not patched")

    steps = [
        lambda: _write(root / "2024-03-01-02.txt", "# 社区新闻更新\n\n社区开展义诊活动，居民踊跃参加。\n"),
        lambda: (root / "2024-03-02-01.txt").rename(root / "2024-03-03-02.txt"),  # to another issue
        lambda: _write(root / "2024-03-05-01.txt", "# 新的一天\n\n新的一期报纸。\n"),  # a new issue
        lambda: (root / "2024-03-03-01.txt").unlink(),
        lambda: (root / "notes.txt").write_bytes(b"\x00\x01\x02" * 100),  # now skipped
        lambda: _write(root / "notes.txt", "# 又有文字\n\n可以读了。\n"),  # readable again
        lambda: [(root / n).unlink() for n in ("2024-03-03-02.txt", "2024-03-05-01.txt")],
    ]
    for step in steps:
        step()
        with monkeypatch.context() as m:
            m.setattr(view_mod, "_issues_from_tables", no_full_read)
            m.setattr(view_mod, "_save_from_tables", no_full_read)
            arc = Archive.open(root, cache_dir=tmp_path / "c")
        with arc:
            assert arc.cache.stale_view() is not None  # saved again, nothing changed since
            issues, skipped = _from_tables(arc)
            assert arc.issues == issues
            assert [w for w in arc.warnings if w.endswith("; skipped")] == \
                [f"{root / p}: {m}; skipped" for p, m in skipped]
            assert [h.id for h in arc.headlines] == [h.id for i in issues for h in i.headlines]
        with Archive.open(root, cache_dir=tmp_path / "c", sync=False) as again:  # what was saved
            with monkeypatch.context() as m:  # the counts are read without decoding any issue
                m.setattr(view_mod, "_issue", lambda *_: pytest.fail("an issue was decoded"))
                counts = again.issue_counts()
            assert counts == [(i.id, i.date, i.page_count, i.article_count) for i in issues]
            assert again.issues == issues


def test_a_cache_that_does_not_know_what_changed_reads_the_tables(tmp_path: Path) -> None:
    root = write_pages(tmp_path / "papers", {"2024-03-01.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n"})
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        arc.cache.conn.execute("DELETE FROM meta WHERE key = 'view_changes'")  # as a cache from before
        arc.cache.conn.commit()
        assert arc.cache.stale_view() is None
    _write(root / "2024-03-02.txt", "# 春雨来了\n\n一场春雨落在田间。\n")
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        assert [i.id for i in arc.issues] == ["2024-03-01", "2024-03-02"]
        assert arc.cache.stale_view() is not None  # and it knows from now on


def test_a_saved_view_of_an_older_format_is_saved_again_once_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_pages(tmp_path / "papers", {"2024-03-01-01.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n"})
    Archive.open(root, cache_dir=tmp_path / "c").close()
    monkeypatch.setattr(view_mod, "_VIEW_VERSION", view_mod._VIEW_VERSION + 1)  # what was saved is old now
    with Archive.open(root, cache_dir=tmp_path / "c", sync=False) as arc:
        issues = arc.issues  # read from the tables, and saved in the new format
    with monkeypatch.context() as m:
        m.setattr(view_mod, "_issues_from_tables", lambda _cache: pytest.fail("the tables were read again"))
        m.setattr(view_mod, "_save_from_tables", lambda *_: pytest.fail("the tables were read again"))
        with Archive.open(root, cache_dir=tmp_path / "c", sync=False) as again:
            assert again.issues == issues
            assert again.issue_counts() == [(i.id, i.date, i.page_count, i.article_count) for i in issues]


def test_a_saved_view_decodes_an_issue_only_when_its_headlines_are_asked_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_pages(tmp_path / "papers", {
        "2024-03-01-01.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n\n# 东山书店开张\n\n书店开张了。\n",
        "2024-03-02-01.txt": "# 西河大桥通车\n\n大桥今天通车。\n"})
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        expected = arc.issues
        assert [len(i.headlines) for i in expected] == [2, 1]  # (decoded before counting)
    decoded: list[bytes] = []
    decode = view_mod._decode_issue
    monkeypatch.setattr(view_mod, "_decode_issue", lambda packed: decoded.append(packed) or decode(packed))
    with Archive.open(root, cache_dir=tmp_path / "c", check="quick") as arc:
        issues = arc.issues
        assert [(i.id, i.page_count, i.article_count) for i in issues] == [("2024-03-01", 1, 2), ("2024-03-02", 1, 1)]
        assert decoded == []  # the list of issues and its counts decode nothing
        later = issues[1].headlines[0]
        assert arc.headline(later.id) == later and len(decoded) == 1  # found through its issue alone
        with pytest.raises(KeyError):
            arc.headline("nosuchid")
        assert issues == expected and len(decoded) == 2
        assert [h.headline for h in arc.headlines] == ["河畔新绿", "东山书店开张", "西河大桥通车"]


def test_a_saved_issue_whose_bytes_changed_on_disk_is_read_from_the_tables(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_pages(tmp_path / "papers", {"2024-03-01-01.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n"})
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        expected = tuple(Issue(i.id, i.date, i.pages, i.headlines) for i in arc.issues)
        (chunk, blob), = arc.cache.conn.execute("SELECT id, data FROM view_chunks WHERE retired IS NULL")
        old, new = "河畔新绿".encode(), "河岸新绿".encode()  # still valid UTF-8
        assert old in blob
        with arc.cache.transaction():
            arc.cache.conn.execute("UPDATE view_chunks SET data = ? WHERE id = ?", (blob.replace(old, new), chunk))
    from_tables: list[str] = []
    read = view_mod._issue_from_tables
    monkeypatch.setattr(view_mod, "_issue_from_tables", lambda c, i, d: from_tables.append(i) or read(c, i, d))
    with Archive.open(root, cache_dir=tmp_path / "c", check="quick") as arc:
        assert arc.issues == expected and from_tables == ["2024-03-01"]  # the checksum caught it


def test_a_saved_list_of_issues_whose_bytes_changed_on_disk_makes_the_view_be_read_from_the_tables(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_pages(tmp_path / "papers", {"2024-03-01-01.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n"})
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        expected = tuple(Issue(i.id, i.date, i.pages, i.headlines) for i in arc.issues)
        _gen, blob = arc.cache.view()
        assert blob is not None and b"2024-03-01" in blob
        with arc.cache.transaction():
            arc.cache.conn.execute("UPDATE meta SET value = ? WHERE key = 'view'", (blob.replace(b"03-01", b"03-02"),))
    read = view_mod._save_from_tables
    from_tables: list[bool] = []
    monkeypatch.setattr(view_mod, "_save_from_tables", lambda c, g: from_tables.append(True) or read(c, g))
    with Archive.open(root, cache_dir=tmp_path / "c", check="quick") as arc:
        assert arc.issues == expected and from_tables == [True]


def test_a_view_saved_from_the_tables_a_chunk_at_a_time_is_the_view_the_tables_hold(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(view_mod, "CHUNK_BYTES", 300)  # a month in several chunks
    root = write_pages(tmp_path / "papers", {
        "2024-03-01-01.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n\n# 春雨来了\n\n一场春雨落在田间。\n",
        "2024-03-01-02.txt": "# 社区新闻\n\n社区开展义诊活动。\n",
        "2024-03-15-01.txt": "# 桥梁完工\n\n大桥主体完工。\n",
        "2024-04-02-01.txt": "# 候鸟归来\n\n湿地迎来候鸟。\n",
        "b.txt": "# 无日期\n\n一段没有日期的文字。\n",
        "b-c.txt": "# 又一段\n\n没有日期。\n",  # (before b.txt by path, after it by issue id)
        "a.txt": "# 再一段\n\n也没有日期。\n"})
    (root / "z.txt").write_bytes(b"\x00\x01\x02" * 100)  # skipped
    read = view_mod._save_from_tables
    saved: list[int] = []
    monkeypatch.setattr(view_mod, "_save_from_tables", lambda c, g: saved.append(g) or read(c, g))
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        issues, skipped = _from_tables(arc)
        assert saved and arc.issues == issues and len(issues) == 6 and [p for p, _m in skipped] == ["z.txt"]
        assert len({i.saved()[0] for i in arc.issues}) > 3
    with Archive.open(root, cache_dir=tmp_path / "c", sync=False) as again:
        assert again.issues == issues and again.warnings == (f"{root / 'z.txt'}: {skipped[0][1]}; skipped",)


def _live_chunks(arc: Archive) -> dict[str, int]:
    """Month → chunk id of the saved view."""
    months = {}
    for i in arc.issues:
        months[(i.date or "")[:7]] = i.saved()[0]
    return months


def test_an_update_writes_only_the_chunk_of_its_month_and_deletes_old_chunks_a_save_later(
        tmp_path: Path) -> None:
    root = write_pages(tmp_path / "papers", {
        "2024-03-01-01.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n",
        "2024-03-02-01.txt": "# 桥梁完工\n\n大桥主体完工。\n",
        "2024-04-01-01.txt": "# 候鸟归来\n\n湿地迎来候鸟。\n"})
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        before = _live_chunks(arc)
    assert len(set(before.values())) == 2
    _write(root / "2024-03-02-01.txt", "# 桥梁通车\n\n大桥今天通车。\n")
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        after = _live_chunks(arc)
        assert after["2024-04"] == before["2024-04"] and after["2024-03"] != before["2024-03"]
        assert arc.issues == _from_tables(arc)[0]
        rows = dict(arc.cache.conn.execute("SELECT id, retired FROM view_chunks"))
        assert rows == {before["2024-04"]: None, after["2024-03"]: None, before["2024-03"]: 1}
    _write(root / "2024-04-01-01.txt", "# 候鸟北归\n\n湿地的候鸟北归。\n")
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        ids = {r[0] for r in arc.cache.conn.execute("SELECT id FROM view_chunks")}
        assert before["2024-03"] not in ids and after["2024-03"] in ids  # retired one save ago: gone
        assert arc.issues == _from_tables(arc)[0]


def test_a_month_bigger_than_a_chunk_is_saved_in_several_and_kept_while_unchanged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(view_mod, "CHUNK_BYTES", 200)  # about one issue each
    root = write_pages(tmp_path / "papers", {
        **{f"2024-03-{d:02d}-01.txt": f"# 河畔新绿第{d}期\n\n河畔的柳树发芽了。\n" for d in range(1, 5)},
        "2024-04-01-01.txt": "# 候鸟归来\n\n湿地迎来候鸟。\n",
        "notes.txt": "# 无日期\n\n一段没有日期的文字。\n"})
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        before = [i.saved()[0] for i in arc.issues]
    assert len(set(before[:4])) > 1  # March in several chunks
    _write(root / "2024-04-01-01.txt", "# 候鸟北归\n\n湿地的候鸟北归。\n")
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        after = [i.saved()[0] for i in arc.issues]
        assert after[:4] == before[:4] and after[4] != before[4] and after[5] == before[5]
        assert arc.issues == _from_tables(arc)[0]


def test_issues_read_before_two_updates_and_after_their_archive_closed_read_what_the_archive_holds(
        tmp_path: Path) -> None:
    root = write_pages(tmp_path / "papers", {
        "2024-03-01-01.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n",
        "2024-03-02-01.txt": "# 桥梁完工\n\n大桥主体完工。\n"})
    Archive.open(root, cache_dir=tmp_path / "c").close()
    reader = Archive.open(root, cache_dir=tmp_path / "c", sync=False)  # e.g. the TUI, open for hours
    held = reader.issues  # nothing decoded yet
    for text in ("# 河畔柳绿\n\n柳树绿了。\n", "# 河畔花开\n\n桃花开了。\n"):
        _write(root / "2024-03-01-01.txt", text)  # two saves by another process: its chunk is gone
        Archive.open(root, cache_dir=tmp_path / "c").close()
    assert [h.headline for h in held[0].headlines] == ["河畔花开"]  # read from the tables
    reader.close()
    assert [h.headline for h in held[1].headlines] == ["桥梁完工"]


def test_a_packed_issue_is_the_issue_it_decodes_to_and_cannot_be_changed() -> None:
    from parser.model import Headline, PageInfo

    page = PageInfo("p1", "2024/a.txt", "2024-03-01", 1, "要闻", "utf-8")
    head = Headline("a1", "2024-03-01", "2024-03-01", 1, "要闻", 0, "news", "河畔新绿", None, None, "p1", "2024/a.txt")
    plain = Issue("2024-03-01", "2024-03-01", (page,), (head,))
    packed = Issue.packed("2024-03-01", "2024-03-01", b"blob", lambda _b: ((page,), (head,)), 1, 1)
    assert packed == plain and hash(packed) == hash(plain) and packed.headlines == (head,)
    with pytest.raises(AttributeError):
        plain.date = "2024-03-02"  # type: ignore[misc]


def test_an_update_decodes_only_the_issues_its_files_were_or_are_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_pages(tmp_path / "papers", {
        f"2024-03-{d:02d}-01.txt": f"# 河畔新绿第{d}期\n\n河畔的柳树发芽了。\n" for d in range(1, 6)})
    Archive.open(root, cache_dir=tmp_path / "c").close()
    (root / "2024-03-02-01.txt").rename(root / "2024-03-04-02.txt")  # from one issue to another
    decoded: list[bytes] = []
    decode = view_mod._decode_issue
    monkeypatch.setattr(view_mod, "_decode_issue", lambda packed: decoded.append(packed) or decode(packed))
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:  # patched and saved again
        assert len(decoded) == 2
        assert arc.issues == _from_tables(arc)[0]


def test_a_decoded_issue_is_let_go_after_enough_others_and_decodes_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import parser.model as model_mod

    root = write_pages(tmp_path / "papers", {f"2024-03-0{d}-01.txt": f"# 第{d}日要闻\n\n第{d}日的消息。\n"
                                             for d in range(1, 5)})
    Archive.open(root, cache_dir=tmp_path / "c").close()
    monkeypatch.setattr(model_mod, "DECODED_KEPT", 2)
    monkeypatch.setattr(model_mod, "_decoded", model_mod.deque())
    with Archive.open(root, cache_dir=tmp_path / "c", sync=False) as arc:
        first, *rest = arc.issues
        assert first.saved() is not None and first[2][2] is None  # (from the saved view, not decoded)
        heads = first.headlines
        assert first[2][2] is not None
        for issue in rest:
            assert issue.headlines
        assert first[2][2] is None  # three decoded after it: let go
        assert first.headlines == heads and first.headlines[0].headline == heads[0].headline
        assert sum(i[2][2] is not None for i in arc.issues) == 2
