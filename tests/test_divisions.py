"""Short and full names of one administrative division are one place (绍兴 = 绍兴市)."""

from __future__ import annotations

from pathlib import Path

from archive_fixtures import write_pages

from parser import Archive
from parser.entities.divisions import all_forms, full_name


def test_short_forms_map_to_the_full_name() -> None:
    assert full_name("绍兴") == "绍兴市"
    assert full_name("江苏") == "江苏省"
    assert full_name("武进") == "武进区"
    assert full_name("绍兴市") == "绍兴市"
    assert all_forms("绍兴") == ("绍兴市", "绍兴")


def test_ambiguous_or_unknown_names_are_left_alone() -> None:
    assert full_name("朝阳") == "朝阳"  # a city in Liaoning and a district of Beijing
    assert full_name("吉林") == "吉林省"  # the province before its capital city
    assert full_name("香港") == "香港"
    assert full_name("太湖") == "太湖"  # the lake, not 太湖县
    assert full_name("火星") == "火星"
    assert all_forms("火星") == ("火星",)


def test_entities_view_and_place_filter_treat_both_spellings_as_one(tmp_path: Path) -> None:
    root = write_pages(tmp_path / "papers", {"a.txt": "# 古城新貌\n\n绍兴市的老街修缮一新，游客络绎不绝。\n",
                                             "b.txt": "# 水乡春色\n\n春天来到绍兴，河边的柳树绿了。\n"})
    arc = Archive.open(root)
    places = {s.text: s.count for s in arc.entity_index("place")}
    assert places.get("绍兴市") == 2
    assert "绍兴" not in places
    assert len(arc.search("place:绍兴市")) == 2
    assert len(arc.search("place:绍兴")) == 2


def test_single_characters_are_left_out_of_the_entities_view(tmp_path: Path) -> None:
    root = write_pages(tmp_path / "papers", {"a.txt": "# 来访\n\n中美两国代表在青溪镇会面。\n"})
    arc = Archive.open(root)
    assert all(len(s.text) >= 2 for s in arc.entity_index())
    assert any(len(e.text) == 1 for h in arc.headlines for e in arc.article(h.id).entities)
