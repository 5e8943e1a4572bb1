"""One name per administrative division: 绍兴 and 绍兴市 are the same place to a reader.

Newspapers write a division by its full name (绍兴市, 江苏省, 武进区) or its short one (绍兴, 江苏,
武进).  The entities view and the ``place:`` filter should show one entry, under the full name, and
find both spellings.  The table is the shipped gazetteer (``data/divisions.txt``), read once; it
needs no jieba, so the entities view stays cheap.  A short form shared by two divisions
(朝阳区 in Beijing, 朝阳市 in Liaoning …) is left alone: we cannot tell which one is meant.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).with_name("data") / "divisions.txt"
# Longest first, so 自治区 is tried before 区.
# (特别行政区 is not among them: 香港 and 澳门 are what everyone writes and reads.)
_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "省", "市", "盟",
             "区", "县")
_LEVEL_RANK = {"p": 0, "c": 1, "d": 2}
# A county named after a lake, river or mountain: the bare name is the landmark far more often
# (太湖 the lake, not 太湖县), so it is not merged.  (Cities keep theirs: 佛山, 舟山, 丽江.)
_LANDMARK_END = frozenset("湖河江山海岛湾泉溪峰岭")


def _short(name: str) -> str | None:
    for suf in _SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            if suf in ("区", "县") and name.endswith(("新区", "自治县", "矿区", "林区")):
                return None
            return name[: -len(suf)]
    return None


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(short form → full name, full name → every short form) for unambiguous short forms."""
    by_short: dict[str, dict[int, set[str]]] = {}
    fulls: set[str] = set()
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        level, name = line.split(" ", 1)
        rank = _LEVEL_RANK.get(level)
        if rank is None:
            continue
        fulls.add(name)
        short = _short(name)
        if short and (rank < 2 or short[-1] not in _LANDMARK_END):
            by_short.setdefault(short, {}).setdefault(rank, set()).add(name)
    to_full: dict[str, str] = {}
    for short, ranks in by_short.items():
        if short in fulls:
            continue  # the short form is itself a division's full name
        # 吉林: the province before its capital; otherwise one division of any level, or none
        # (朝阳 is a city in Liaoning and a district of Beijing).
        top = ranks[0] if 0 in ranks else set().union(*ranks.values())
        if len(top) == 1:
            to_full[short] = next(iter(top))
    forms: dict[str, list[str]] = {}
    for short, full in to_full.items():
        forms.setdefault(full, []).append(short)
    return to_full, {full: tuple(shorts) for full, shorts in forms.items()}


def full_name(place: str) -> str:
    """The full administrative name of ``place`` (绍兴 → 绍兴市), or ``place`` itself."""
    return _tables()[0].get(place, place)


def all_forms(place: str) -> tuple[str, ...]:
    """Every spelling of ``place`` that names the same division, the full name first."""
    full = full_name(place)
    return (full, *_tables()[1].get(full, ()))
