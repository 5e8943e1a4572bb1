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

