"""Search on the bundled sample archive, through ``Archive.search``.

No name or phrase of the sample is written here: every query is derived at run time from the
archive's own headlines and entity index (its pinyin computed by pypinyin), so these tests check
the query forms on real newspaper text without fixing any answer in advance.
"""

from __future__ import annotations

import pytest

from parser import Archive
from parser.pinyin import context_pinyin, is_han


@pytest.fixture(scope="module")
def arc(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    mp = pytest.MonkeyPatch()
    mp.setenv("KANBAO_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    try:
        return Archive.open(None)
    finally:
        mp.undo()


def han_runs(text: str, n: int) -> list[str]:
    """Every run of n Han characters in text."""
    return [text[i:i + n] for i in range(len(text) - n + 1) if all(is_han(c) for c in text[i:i + n])]


def pinyin(word: str) -> list[str]:
    return list(context_pinyin(word))


def test_every_headline_finds_itself(arc: Archive) -> None:
    for h in arc.headlines:
        if len(h.headline) >= 2:
            hits = arc.search(h.headline, limit=50)
            assert h.id in [x.id for x in hits], h.id


def test_chinese_substrings_and_pinyin_of_headline_words(arc: Archive) -> None:
    for h in arc.headlines[:12]:
        runs = han_runs(h.headline, 2)
        if not runs:
            continue
        word = runs[0]
        for q in (word, word[0], "".join(pinyin(word)), " ".join(pinyin(word)), word[0] + pinyin(word)[1]):
            found = [x.id for x in arc.search(q, limit=200)]
            assert h.id in found, (h.id, q)


def test_entity_filters_in_chinese_and_pinyin(arc: Archive) -> None:
    people = [e for e in arc.entity_index("person") if len(e.text) >= 2 and all(is_han(c) for c in e.text)]
    if not people:
        pytest.skip("the sample has no tagged people")
    for e in people[:5]:
        for value in (e.text, "".join(pinyin(e.text))):
            found = {x.id for x in arc.search(f"person:{value}", limit=500)}
            assert set(e.article_ids) <= found, (e.text, value)


def test_initials_of_entities(arc: Archive) -> None:
    places = [e for e in arc.entity_index("place") if len(e.text) >= 2 and all(is_han(c) for c in e.text)]
    if not places:
        pytest.skip("the sample has no tagged places")
    e = places[0]
    initials = "".join(s[0] for s in pinyin(e.text))
    found = {x.id for x in arc.search(initials, limit=500)}
    assert found & set(e.article_ids)


def test_nothing_for_text_that_is_not_there(arc: Archive) -> None:
    assert arc.search("xyzzyq") == []
    assert arc.search("qqqqzz") == []
