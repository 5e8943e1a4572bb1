"""Whether a string is shaped like a personal name: the check the entities view applies to the
people it lists (``Archive.entity_index``).

The tagger may read an everyday word as a name in some context (a word whose first character
could be a surname, a slogan's fragment); in the text that costs one highlight, in the list of an
archive's most mentioned people it is what a reader sees first.  A listed person must therefore
look like a name by general knowledge — a Chinese surname (single or compound) and one to three
more characters, a Japanese surname, a transliteration (every character one that transliterations
use, or a foreign name's joining dot) — unless a strong pattern (记者X, 区委书记X) confirmed it
somewhere in the archive.
"""

from __future__ import annotations

from .surnames import COMPOUND_SURNAMES, JAPANESE_SURNAMES, SURNAMES
from .words import TRANSLIT

_JOINERS = frozenset("·•・-－—")  # 维克多·X, 让-皮埃尔


def name_shaped(text: str) -> bool:
    """True when ``text`` could be a person's name (see the module's docstring)."""
    n = len(text)
    if n < 2:
        return False
    if any(c in _JOINERS for c in text):
        return True
    if all(c in TRANSLIT for c in text):
        return True
    if text[:2] in COMPOUND_SURNAMES or any(text.startswith(s) for s in JAPANESE_SURNAMES):
        return n <= 6
    return text[0] in SURNAMES and n <= 4
