"""Places of local news that neither the rules nor the model learned from national text.

The sequence model is trained on national news, where a dateline city or a county's river is rare;
local pages are full of them.  Two general patterns decide these spans after the model:

* **Datelines.** ``新华社南京5月1日电`` / ``本报常州讯`` / ``中新社香港电``: what stands between the
  agency and the date (or 电/讯) is the city the story was filed from.
* **Water.** An unknown or rare name glued to 湖/河/江/溪/港/浦/荡/渠 (X湖, X河): jieba cuts such a
  local name into single characters before a 湖/河 token, so it reaches neither the gazetteer nor
  the model's training text.  Dictionary words (银河, 护城河) are left alone.

Township, village and street names come from the gazetteer and the rules' "X + 镇/乡/村/街道" reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HAN = "\u4e00-\u9fff"
_NUM = "0-9０-９一二三四五六七八九十〇"
# Agencies and papers whose lead gives a filing place (本报 + place + date + 电/讯).
_DATELINE = re.compile(
    rf"(?:新华社|中新社|本报|本刊|人民日报|新华网|中新网|人民网)(?P<place>[{_HAN}]{{2,6}}?)"
    rf"(?:[{_NUM}]{{1,3}}月[{_NUM}]{{1,3}}日)?(?:电|讯)"
)
_NOT_DATELINE = frozenset("记者 专电 特派 消息 综合 报道 编辑 评论".split())
_WORD_AFTER_DIAN = frozenset("视话脑影台网力器子气信报梯源")
_WATER = frozenset("湖河江溪港浦荡渠")
# POS of pieces a local name is made of (unknown characters, names, places, abbreviations).
# (Not people's names nor known places: 杨 + 洪江 is a person, 岳阳 + 南湖 two places.)
_NAME_PIECE_POS = frozenset("nz u zg j ng".split())
_STOP = frozenset("的了是在和与及或说等也都就又还而被把将从向对为以于到给让这那个们上下中里边畔岸")


def dateline_places(text: str) -> list[tuple[int, int]]:
    """(start, end) of the filing place of every dateline in ``text``."""
    if "电" not in text and "讯" not in text:
        return []
    out = []
    for m in _DATELINE.finditer(text):
        place = m.group("place")
        if any(w in place for w in _NOT_DATELINE) or "讯" in place or "电" in place:
            continue
        after = text[m.end() : m.end() + 1]
        if after and after in _WORD_AFTER_DIAN:
            continue  # 电视台, 电话: not a dateline
        out.append((m.start("place"), m.end("place")))
    return out


def water_places(words: Sequence[str], pos: Sequence[str], starts: Sequence[int]) -> list[tuple[int, int]]:
    """(start, end) of local lake and river names: name pieces + a short 湖/河 token (see module doc)."""
    out: list[tuple[int, int]] = []
    for i in range(1, len(words)):
        w = words[i]
        if w[-1] not in _WATER or len(w) > 2 or pos[i] not in ("ns", "nz", "j", "zg", "u", "n"):
            continue
        j = i
        while j > 0 and i - j < 2:
            prev, tag = words[j - 1], pos[j - 1]
            if len(prev) > 2 or prev[-1] in _STOP or prev[0] in _STOP or prev[-1] in _WATER or prev[-1] in "条座片道沟堤":
                break
            # A known place before a bare 河/湖 names the water after it (湖塘 + 河).
            if not (tag in _NAME_PIECE_POS or (len(prev) == 1 and tag in ("n", "ns")) or (len(w) == 1 and tag == "ns")):
                break
            if not ("\u4e00" <= prev[0] <= "\u9fff"):
                break
            j -= 1
        if j == i:
            continue
        start, end = starts[j], starts[i] + len(w)
        if 2 <= end - start <= 5:
            out.append((start, end))
    return out


_SETTLEMENT = ("镇", "乡", "村", "街道", "社区")


def with_local_places(
    spans: list[tuple[int, int, str, int]],
    text: str,
    words: Sequence[str],
    pos: Sequence[str],
    starts: Sequence[int],
    strength: int,
    rule_spans: Sequence[tuple[int, int, str, int]] = (),
) -> list[tuple[int, int, str, int]]:
    """``spans`` (start, end, type, strength) with the rules' whole township/village/street names
    (X镇, X街道), datelines' cities and local waters as places.

    A whole settlement name replaces places found inside it (柳湾 of 柳湾街道: the model learned
    national text, where 街道 is rare); datelines and waters only fill gaps (on the dev split,
    letting them replace a piece inside cost 0.002 place F1).  Nothing overrules a span of another
    type or one that reaches outside the local name.
    """
    settlements = [(s, e) for s, e, t, _ in rule_spans if t == "place" and text.endswith(_SETTLEMENT, s, e)]
    extra = dateline_places(text) + water_places(words, pos, starts)
    if not settlements and not extra:
        return spans
    # Which span covers each character (-1: none), so each local name costs its own length.
    owner = [-1] * len(text)
    out: list[tuple[int, int, str, int] | None] = list(spans)
    for k, (s, e, _, _) in enumerate(spans):
        owner[s:e] = [k] * (e - s)
    for b, e in settlements:
        hit = {owner[c] for c in range(b, e)} - {-1}
        inside = [out[k] for k in hit]
        if all(h is not None and h[2] == "place" and b <= h[0] and h[1] <= e and h[1] - h[0] < e - b for h in inside):
            for k in hit:
                out[k] = None
            out.append((b, e, "place", max([strength, *(h[3] for h in inside if h is not None)])))
            owner[b:e] = [len(out) - 1] * (e - b)
    for b, e in extra:
        if all(owner[c] == -1 or out[owner[c]] is None for c in range(b, e)):
            out.append((b, e, "place", strength))
            owner[b:e] = [len(out) - 1] * (e - b)
    return sorted(x for x in out if x is not None)
