"""Tag one piece of text: jieba's segmentation plus the patterns newspapers give away for free.

The pipeline for one text is: segment (private rjieba/jieba tokenizer, ``HMM=False``) → propose spans
from the rule families (:mod:`.people`, :mod:`.places`, :mod:`.orgs`) → resolve overlaps by priority
and apply the fixes that need every family's spans (:mod:`.resolve`) → the trained sequence model
(:mod:`.sequence`) reads the text with those rule spans as features and decides the final spans →
local-news places (:mod:`.local`: whole township names, datelines, waters) fill its gaps.

The functions are pure and work on plain strings; :mod:`parser.entities.consistency` turns the spans
into :class:`parser.model.Entity` records per article field.
"""

from __future__ import annotations

from . import local, sequence
from .lexicon import Lexicon, get_lexicon
from .orgs import org_candidates
from .people import bare_surnames, foreign_names, leader_lists, name_lists, person_candidates, surname_shi
from .places import place_candidates
from .resolve import extend_transliterations, join_abutting, join_hyphenated, person_in_context, resolve
from .spans import NORMAL, STRONG, WEAK, Span, Tokens, segment
from .words import HAN

__all__ = ["NORMAL", "STRONG", "WEAK", "Span", "rule_spans", "tag_spans"]




def tag_spans(text: str) -> list[Span]:
    """All entity spans in ``text`` (offsets into ``text``), non-overlapping, in order."""
    if not text or not HAN.search(text):
        return []
    lex = get_lexicon()
    toks = segment(text, lex)
    spans = _rule_spans(text, toks, lex)
    rule = [(s.start, s.end, s.type, s.strength) for s in spans]
    decided = sequence.predict(text, toks.words, toks.pos, rule, lex)
    if decided is None:
        return spans  # no model shipped (or python-crfsuite missing): the rules alone
    decided = sequence.tidy(text, decided, toks.words, rule, lex.places)
    final = sequence.combine(rule, decided, NORMAL, text, lex)
    final = local.with_local_places(final, text, toks.words, toks.pos, toks.starts, NORMAL, rule)
    return [Span(s, e, t, k) for s, e, t, k in final]  # type: ignore[arg-type]


def rule_spans(text: str) -> tuple[list[str], list[str], list[Span]]:
    """The rule tagger alone: (words, POS tags, spans) of ``text``, what the model reads (training)."""
    if not text or not HAN.search(text):
        return [], [], []
    lex = get_lexicon()
    toks = segment(text, lex)
    return toks.words, toks.pos, _rule_spans(text, toks, lex)


def _rule_spans(text: str, toks: Tokens, lex: Lexicon) -> list[Span]:
    persons = person_candidates(toks, lex)
    if "·" in text or "•" in text or "・" in text:
        persons += foreign_names(text)
    persons += leader_lists(text, toks, persons, lex)
    if "、" in text:
        persons += name_lists(text, lex)
    persons += bare_surnames(text, toks, persons)
    if "氏" in text:
        persons += surname_shi(text, toks)
    places = place_candidates(toks, lex)
    orgs = org_candidates(toks, lex, [p for p in persons if p.strength == STRONG])
    spans = extend_transliterations(toks, resolve(persons + orgs + places))
    spans = person_in_context(toks, spans, lex)
    if "—" in text or "－" in text:
        spans = join_hyphenated(text, spans)
    return join_abutting(text, spans)
