"""What every rule family works on: the segmented text (:class:`Tokens`) and the spans it proposes.

Every proposal carries a *strength*: ``STRONG`` means a newspaper pattern vouches for it (title + name,
a list after 领导, a credit), which the archive-wide consistency pass uses to tag the same name
everywhere else; ``WEAK`` marks a guess from a short cue (a lone surname, a country abbreviation).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from .lexicon import Lexicon
from .words import HAN

WEAK, NORMAL, STRONG = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    type: str  # person | place | org
    strength: int = NORMAL


@dataclass(slots=True)
class Tokens:
    words: list[str]
    starts: list[int]
    pos: list[str]

    def end(self, i: int) -> int:
        return self.starts[i] + len(self.words[i])


def segment(text: str, lex: Lexicon) -> Tokens:
    words = list(lex.tokenizer.cut(text, HMM=False))
    starts = list(accumulate(map(len, words), initial=0))
    starts.pop()
    # A word outside the dictionary is "u" (unknown Han) or "x" (anything else); comprehensions
    # rather than a loop: this runs for every paragraph of a build.
    get = lex.pos.get
    pos = [t if (t := get(w)) is not None else ("u" if HAN.match(w) else "x") for w in words]
    return Tokens(words, starts, pos)


def is_single_han(toks: Tokens, i: int) -> bool:
    return 0 <= i < len(toks.words) and len(toks.words[i]) == 1 and HAN.match(toks.words[i]) is not None
