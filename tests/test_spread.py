"""The rule "a name a strong pattern confirmed is tagged everywhere", as the one function that applies it."""

from __future__ import annotations

from parser.entities.spread import recall, recalled_names


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
