"""Pinyin readings, segmentation of typed terms and the southern fuzzy pairs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parser import pinyin as py


def kinds(seg: py.Segmentation) -> list[str]:
    return [f"{u.kind}:{u.text}" for u in seg.units]


def test_every_heteronym_is_a_reading() -> None:
    assert {"chang", "zhang"} <= set(py.readings("长"))
    assert {"hang", "xing"} <= set(py.readings("行"))
    assert {"chong", "zhong"} <= set(py.readings("重"))
    assert py.readings("a") == ()


def test_u_umlaut_as_v_or_u() -> None:
    assert "lv" in py.readings("绿")
    assert "绿" in py.chars_for("lv")
    assert "绿" in py.chars_for("lu")
    assert "绿" not in py.chars_for("lan")


def test_context_reading_is_aligned_and_contextual() -> None:
    assert py.context_pinyin("银行") == ("yin", "hang")
    assert py.context_pinyin("长江") == ("chang", "jiang")
    assert py.context_pinyin("A股2") == ("a", "gu", "2")


def test_full_syllables_first_then_unfinished_last() -> None:
    segs = py.segment("xinwen")
    assert kinds(segs[0]) == ["syl:xin", "syl:wen"]
    assert not segs[0].partial and not segs[0].is_initials
    assert any(s.partial for s in segs)


def test_initials_and_partial_last_syllable() -> None:
    (seg,) = py.segment("xw")
    assert seg.is_initials and kinds(seg) == ["pre:x", "pre:w"]
    (seg,) = py.segment("xinw")
    assert kinds(seg) == ["syl:xin", "pre:w"] and seg.partial and not seg.is_initials


def test_mixed_han_and_latin() -> None:
    assert kinds(py.segment("新wen")[0]) == ["lit:新", "syl:wen"]
    assert kinds(py.segment("xin闻")[0]) == ["syl:xin", "lit:闻"]


def test_spaces_and_apostrophes_break_syllables() -> None:
    assert kinds(py.segment("xi'an")[0]) == ["syl:xi", "syl:an"]
    assert kinds(py.segment("xian")[0]) == ["syl:xian"]


def test_not_pinyin() -> None:
    assert py.segment("新闻") == []
    assert py.segment("2025") == []
    assert py.segment("chaungxin") == []  # typo: handled by the typo tier, not segmentation


def test_fuzzy_pairs() -> None:
    assert {"zang", "zhan"} <= py.fuzzy_variants("zhang")
    assert {"ning", "lin"} <= py.fuzzy_variants("lin") | {"lin"}
    assert "hang" in py.fuzzy_variants("fang")
    assert "sheng" in py.fuzzy_variants("shen")
    assert "zhang" not in py.fuzzy_variants("zhang")


def test_unit_chars_by_kind() -> None:
    assert "深" in py.unit_chars(py.Unit("syl", "shen"))
    assert "生" not in py.unit_chars(py.Unit("syl", "shen"))  # a fuzzy pair is not a reading
    assert {"生", "深"} <= py.unit_chars(py.Unit("pre", "sh"))
    assert py.unit_chars(py.Unit("lit", "江")) == {"江"}


def test_context_fits_ranks_the_context_reading() -> None:
    units = [py.Unit("syl", "chang"), py.Unit("syl", "jiang")]
    assert py.context_fits(units, "长江", py.context_pinyin("长江"))
    other = [py.Unit("syl", "zhang"), py.Unit("syl", "jiang")]
    assert not py.context_fits(other, "长江", py.context_pinyin("长江"))
    assert py.joined_pinyin("创新") == "chuangxin"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_segment_never_raises(text: str) -> None:
    for seg in py.segment(text):
        assert seg.units


def test_tables_are_cached_in_the_cache_folder(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = py._cached_tables()  # KANBAO_CACHE_DIR is a fresh temp folder (conftest)

    def no_build() -> None:
        raise AssertionError("the second process must read the cached tables")

    monkeypatch.setattr(py, "_build_tables", no_build)
    again = py._cached_tables()
    assert again[0]["长"] == first[0]["长"]
    assert again[1]["chang"] == first[1]["chang"]


def _pypinyin_reference(text: str) -> tuple[str, ...]:
    """What ``context_pinyin`` means: pypinyin's lazy_pinyin, toneless, aligned with the text."""
    from pypinyin import lazy_pinyin

    out = lazy_pinyin(text, errors=lambda s: [c.lower() for c in s], v_to_u=False)
    return tuple(py.strip_tone(x) if len(x) > 1 or x.isalpha() else x for x in out)


# Polyphones, characters that start or end pypinyin phrases, a rare character and a Latin letter.
_CHARS = "银行长江重庆庆祝调查音乐乐队会计都市和平绿色率领还是觉得朝阳行长单于尉迟曾经沈东武进湖塘镇a1"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_CHARS, min_size=2, max_size=6))
def test_context_reading_matches_pypinyin(text: str) -> None:
    # The shortcut for words without a pypinyin phrase must give pypinyin's own answer.
    assert py.context_pinyin.__wrapped__(text) == _pypinyin_reference(text)
