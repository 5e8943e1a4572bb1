"""The search box language: terms and filters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parser.query import DateRange, parse_query


def test_terms_any_spaces_and_case() -> None:
    q = parse_query("  新闻\u3000ShenDong  wj ")
    assert q.terms == ("新闻", "shendong", "wj")
    assert not q.has_filters


def test_quoted_term_is_one_term_and_never_a_filter() -> None:
    q = parse_query('"date:2025 是" 河')
    assert q.terms == ("date:2025 是", "河")
    assert q.date is None


def test_date_forms() -> None:
    assert parse_query("date:2025-02").date == DateRange("2025-02-01", "2025-02-28")
    assert parse_query("date:2024-02").date == DateRange("2024-02-01", "2024-02-29")
    assert parse_query("date:2025").date == DateRange("2025-01-01", "2025-12-31")
    assert parse_query("date:20250203").date == DateRange("2025-02-03", "2025-02-03")
    assert parse_query("date:2024-12..2025-03").date == DateRange("2024-12-01", "2025-03-31")
    assert parse_query("date:..2025-03").date == DateRange(None, "2025-03-31")
    assert parse_query("date:2025-3-5..").date == DateRange("2025-03-05", None)


def test_bad_filters_are_reported_not_raised() -> None:
    q = parse_query("date:2025-13 page:x is:weird 河")
    assert q.terms == ("河",)
    assert q.date is None and q.pages is None
    assert len(q.errors) == 3


def test_half_typed_filter_is_ignored() -> None:
    q = parse_query("河 date:")
    assert q.terms == ("河",) and q.date is None and not q.errors


def test_page_entities_and_flags() -> None:
    q = parse_query("page:2 person:贺明远 place:qinghe org:水利局 is:unread is:bookmarked")
    assert q.pages == (2, 2)
    assert q.persons == ("贺明远",) and q.places == ("qinghe",) and q.orgs == ("水利局",)
    assert q.unread and q.bookmarked and not q.read
    assert parse_query("page:1..3").pages == (1, 3)


def test_full_width_colon_and_unknown_keys() -> None:
    q = parse_query("page：3 http://x")
    assert q.pages == (3, 3)
    assert q.terms == ("http://x",)


def test_date_range_contains() -> None:
    r = DateRange("2025-02-01", "2025-02-31")
    assert r.contains("2025-02-28") and not r.contains("2025-03-01") and not r.contains(None)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises(text: str) -> None:
    q = parse_query(text)
    assert isinstance(q.terms, tuple)
    assert all(t for t in q.terms)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["date:", "page:", "person:", "is:", "..", "-", "2025", "02", "1", " ",
                                 "unread", "河", "\"", "：", "x"]), max_size=12))
def test_never_raises_on_filter_like_soup(parts: list[str]) -> None:
    parse_query("".join(parts))


@settings(max_examples=200, deadline=None)
@given(st.dates(), st.dates())
def test_a_date_range_is_read_in_order_and_a_reversed_one_is_an_error(a: object, b: object) -> None:
    lo, hi = sorted((str(a), str(b)))
    q = parse_query(f"date:{lo}..{hi}")
    assert q.date == DateRange(lo, hi) and not q.errors
    if lo != hi:
        back = parse_query(f"date:{hi}..{lo}")
        assert back.date is None and len(back.errors) == 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="长江abcz09 ", min_size=1, max_size=6), min_size=1, max_size=4))
def test_plain_terms_come_back_in_order_lower_cased(words: list[str]) -> None:
    q = parse_query(" ".join(words))
    assert q.terms == tuple(t.lower() for w in words for t in w.split())
    assert not q.has_filters and not q.errors


def test_unreadable_dates_are_errors() -> None:
    for bad in ("date:2025-13-45", "date:yesterday", "date:2025-02-30", "date:2025-03..2025-01"):
        q = parse_query(bad)
        assert q.date is None and len(q.errors) == 1, bad
