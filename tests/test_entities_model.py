"""The trained sequence model and the local-news patterns beside it, on invented text.

Every name here is made up for the test (place suffixes and agency names are general knowledge);
nothing is taken from the seed pages or the evaluation sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parser.entities import sequence, tag_text, tagger
from parser.entities.lexicon import get_lexicon
from parser.entities.local import dateline_places, water_places, with_local_places
from parser.entities.spans import segment


def typed(text: str) -> set[tuple[str, str]]:
    return {(e.text, e.type) for e in tag_text(text)}


def test_labels_to_spans_reads_bio_and_a_dangling_inside_label() -> None:
    labels = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-ORG", "B-ORG", "I-ORG"]
    assert sequence.labels_to_spans(labels) == [(0, 2, "person"), (3, 5, "place"), (5, 6, "org"), (6, 8, "org")]
    assert sequence.labels_to_spans(["O", "O"]) == []


def test_features_give_one_tuple_per_character_with_the_rule_label() -> None:
    text = "记者柳青河来到镇上。"
    words, pos, spans = tagger.rule_spans(text)
    feats = sequence.char_features(text, words, pos, [(s.start, s.end, s.type, s.strength) for s in spans],
                                   get_lexicon())
    assert len(feats) == len(text)
    assert feats[0][0] == "c记" and feats[0][2] == "p\x02" and feats[-1][3] == "n\x03"
    person = next(s for s in spans if s.type == "person")
    assert feats[person.start][7].startswith("rBP")


def test_combine_keeps_the_strength_of_the_rule_span_the_model_repeats() -> None:
    rule = [(2, 4, "person", 2), (5, 7, "place", 0)]
    model = [(0, 4, "person"), (5, 7, "place"), (8, 9, "org")]
    assert sequence.combine(rule, model, 1) == [(0, 4, "person", 1), (5, 7, "place", 0), (8, 9, "org", 1)]


@pytest.mark.parametrize(
    ("text", "model_span", "people"),
    [
        ("主席阿尔贝托和米莉娅通了电话。", "阿尔贝托和米莉娅", ["阿尔贝托", "米莉娅"]),
        ("部长宋立言与柯文青会谈。", "宋立言与柯文青", ["宋立言", "柯文青"]),
        ("部长李春和出席。", "李春和", ["李春和"]),  # 和 ends the name: one person
        ("市长王和平讲话。", "王和平", ["王和平"]),
    ],
)
def test_two_names_joined_by_a_conjunction_are_two_people(text: str, model_span: str,
                                                          people: list[str]) -> None:
    words = segment(text, get_lexicon()).words
    span = (text.index(model_span), text.index(model_span) + len(model_span))
    rule = [(*span, "person", 1)]  # (a rule span ends there too: no cut back to a word boundary)
    found = sequence.tidy(text, [(*span, "person")], words, rule)
    assert [text[s:e] for s, e, _ in found] == people


@pytest.mark.parametrize(("text", "model_span", "kept"), [
    ("会议要求紧扣乡村振兴大局。", "乡村振兴大局", False),  # a situation, not a bureau
    ("当前世界经济格局深刻变化。", "世界经济格局", False),
    ("区财政局发布通知。", "区财政局", True),  # 财政局 ends like 政局, and is a bureau
    ("青溪县交通运输局召开会议。", "青溪县交通运输局", True),
])
def test_an_organisation_never_ends_with_a_noun_that_only_looks_like_a_bureau(
        text: str, model_span: str, kept: bool) -> None:
    words = segment(text, get_lexicon()).words
    span = (text.index(model_span), text.index(model_span) + len(model_span))
    rule = [(*span, "org", 1)]
    found = sequence.tidy(text, [(*span, "org")], words, rule)
    assert bool(found) == kept


def test_the_model_ships_small_and_loads() -> None:
    assert sequence.MODEL_PATH.exists()
    assert sequence.MODEL_PATH.stat().st_size < 2_000_000
    assert sequence.available()


def test_without_a_model_the_rules_answer_alone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sequence, "MODEL_PATH", tmp_path / "missing.crfsuite")
    monkeypatch.setattr(sequence, "_loaded", False)
    monkeypatch.setattr(sequence, "_tagger", None)
    text = "区长柳青河到石塘村调研。"
    assert not sequence.available()
    assert tagger.tag_spans(text) == tagger.rule_spans(text)[2]


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("新华社青溪5月1日电 记者从当地获悉", "青溪"),
        ("本报柳湾讯 近日，当地举行了活动。", "柳湾"),
        ("中新社常州电 当地时间周一", "常州"),
    ],
)
def test_a_dateline_gives_its_city(text: str, city: str) -> None:
    assert [text[s:e] for s, e in dateline_places(text)] == [city]
    assert (city, "place") in typed(text)


def test_words_after_the_agency_that_are_not_datelines() -> None:
    assert dateline_places("本报讯 由地方电视台报道") == []
    assert dateline_places("新华社记者电话采访了他") == []


def test_local_waters_are_places_but_everyday_words_are_not() -> None:
    lex = get_lexicon()
    for text, name in (("沿着武南河一路向东。", "武南河"), ("湖塘河两岸种满了柳树。", "湖塘河")):
        toks = segment(text, lex)
        assert name in [text[s:e] for s, e in water_places(toks.words, toks.pos, toks.starts)]
    assert ("湖塘河", "place") in typed("湖塘河两岸种满了柳树。")  # (武南河: the model's 南河 stands)
    for text in ("这里有一条小河，河边有座桥。", "夜空中的银河很美。"):
        toks = segment(text, lex)
        assert water_places(toks.words, toks.pos, toks.starts) == []


def test_local_places_fill_gaps_and_never_overrule() -> None:
    text = "新华社青溪5月1日电"
    assert with_local_places([], text, [], [], [], 1) == [(3, 5, "place", 1)]
    assert with_local_places([(3, 6, "org", 1)], text, [], [], [], 1) == [(3, 6, "org", 1)]
    assert with_local_places([(3, 4, "place", 1)], text, [], [], [], 1) == [(3, 4, "place", 1)]


def test_a_whole_settlement_name_replaces_a_piece_of_it() -> None:
    text = "去了柳湾街道。"
    rule = [(2, 6, "place", 1)]
    assert with_local_places([(2, 4, "place", 1)], text, [], [], [], 1, rule) == [(2, 6, "place", 1)]
    assert with_local_places([(1, 4, "org", 1)], text, [], [], [], 1, rule) == [(1, 4, "org", 1)]


def test_townships_villages_and_streets_are_places() -> None:
    found = typed("记者来到青溪县洛溪乡石塘村，又去了柳湾街道。")
    assert {("青溪县", "place"), ("洛溪乡", "place"), ("石塘村", "place"), ("柳湾街道", "place")} <= found


def test_a_name_opening_a_line_before_a_preposition() -> None:
    assert ("柳青河", "person") in typed("柳青河在会上讲话。")


def test_long_text_is_tagged_a_sentence_at_a_time_with_the_right_offsets() -> None:
    sentence = "区长柳青河到石塘村调研。"
    one = {(e.text, e.type) for e in tag_text(sentence)}
    text = sentence * 200  # 2,400 characters: several chunks
    ents = tag_text(text)
    assert {(e.text, e.type) for e in ents} == one
    assert all(text[e.start : e.end] == e.text for e in ents)
    assert sum(1 for e in ents if e.text == "石塘村") == 200


def test_markup_and_digits_never_become_names() -> None:
    text = "介绍[link=http://example.invalid]展品[/link]，2024年度党(工)委会议。"
    assert all(e.text.isalpha() for e in tag_text(text))


def test_an_everyday_word_never_carries_a_strong_patterns_strength() -> None:
    lex = get_lexicon()
    text = "尊重裁判智慧，也尊重柳青河。"
    rule = [(4, 6, "person", 2), (10, 13, "person", 2)]
    model = [(4, 6, "person"), (10, 13, "person")]
    assert sequence.combine(rule, model, 1, text, lex) == [(4, 6, "person", 1), (10, 13, "person", 2)]
