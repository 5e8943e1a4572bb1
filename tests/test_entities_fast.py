"""The tagger's fast paths must give exactly what the plain versions give.

Speed-ups in :mod:`parser.entities` replace a general mechanism (a compiled trie-regex, a
Counter vote) with a cheaper one for the common case; these properties pin the two together on
random inputs, so a shortcut that drifts from the original semantics fails here.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from parser.entities.consistency import _decide_types, _few_names_finder, trie_regex
from parser.entities.tagger import NORMAL, STRONG, Span

# A tiny alphabet makes overlaps, shared prefixes and nested names common.
_chars = st.sampled_from("甲乙丙丁")
_names = st.lists(st.text(_chars, min_size=1, max_size=4), min_size=1, max_size=8)


@given(_names, st.text(_chars, max_size=40))
def test_few_names_finder_matches_the_trie_regex(names: list[str], text: str) -> None:
    expected = [m.span() for m in trie_regex(names).finditer(text)]
    assert _few_names_finder(names)(text) == expected


def test_few_names_finder_prefers_the_longest_name_and_never_overlaps() -> None:
    find = _few_names_finder(["王一", "王一二", "二三"])
    assert find("王一二三，王一") == [(0, 3), (5, 7)]


def _counter_vote(items: list[tuple[str, Span]]) -> dict[str, str]:
    votes: dict[str, Counter[str]] = {}
    for string, s in items:
        votes.setdefault(string, Counter())[s.type] += 1 + 100 * (s.strength == STRONG)
    return {string: c.most_common(1)[0][0] for string, c in votes.items()}


_items = st.lists(
    st.tuples(
        st.sampled_from(["甲", "乙", "丙"]),
        st.builds(lambda t, s: Span(0, 1, t, s), st.sampled_from(["person", "place", "org"]), st.sampled_from([NORMAL, STRONG])),
    ),
    max_size=12,
)


@given(_items)
def test_decide_types_votes_like_a_counter(items: list[tuple[str, Span]]) -> None:
    assert _decide_types(items) == _counter_vote(items)
