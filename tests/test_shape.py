"""The entities view lists as people only strings shaped like names (``parser.entities.shape``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from archive_fixtures import write_pages

from parser import Archive
from parser.entities.shape import name_shaped


@pytest.mark.parametrize("text", ["王小明", "李芳", "欧阳修远", "铃木一郎", "约翰·史密斯", "让-皮埃尔", "马丁内斯"])
def test_names_are_name_shaped(text: str) -> None:
    assert name_shaped(text)


@pytest.mark.parametrize("text", ["光荣", "永远年轻", "王", "一带一路", "王小明同志在此", "好消息"])
def test_words_and_overlong_spans_are_not(text: str) -> None:
    assert not name_shaped(text)


def test_the_people_list_drops_what_is_not_name_shaped_unless_a_pattern_confirmed_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_pages(tmp_path / "papers", {"a.txt": "# 春日\n\n河畔的柳树发芽了。\n"})
    arc = Archive.open(root)
    ident = arc.headlines[0].id
    rows = [("person", "王小明", 3, f"{ident} x1 x2"), ("person", "永远年轻", 2, ident), ("person", "小木", 1, ident),
            ("place", "永远年轻", 1, ident)]
    monkeypatch.setattr(arc.cache, "entity_rows", lambda type_=None: [r for r in rows if type_ in (None, r[0])])
    monkeypatch.setattr(arc.cache, "confirmed_names", lambda: {"小木": "person"})
    assert [(s.text, s.type) for s in arc.entity_index("person")] == [("王小明", "person"), ("小木", "person")]
    assert ("永远年轻", "place") in {(s.text, s.type) for s in arc.entity_index()}  # only people are checked
