"""Ids: short, typeable, stable across runs, unique in an archive."""

from __future__ import annotations

import re

from parser import ids


def test_ids_are_short_stable_and_typeable() -> None:
    a = ids.article_id("2024/01/02-01.txt", 3)
    assert a == ids.article_id("2024/01/02-01.txt", 3)
    assert re.fullmatch(r"[0-9a-hjkmnp-tv-z]{7}", a)
    assert ids.article_id("2024/01/02-01.txt", 4) != a
    assert len(ids.page_id("x.txt")) == ids.PAGE_ID_LEN


def test_dedupe_lengthens_only_on_collision_and_depends_on_the_set_only() -> None:
    keys = [(f"p{n}.txt", k) for n in range(300) for k in range(5)]
    out = ids.dedupe(keys)
    assert len(set(out.values())) == len(keys)
    assert out == ids.dedupe(reversed(keys))
    assert all(len(v) == ids.ARTICLE_ID_LEN for v in out.values())  # no collision at this size
