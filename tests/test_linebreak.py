"""Chinese line breaking: the rules hold at every width, for any mix of text (hypothesis)."""

from __future__ import annotations

import itertools
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.linebreak import NO_LINE_END, NO_LINE_START, break_opportunities, line_spans, wrap

CJK = "报道记者市民春耕青禾湖畔步道贯通合作社灌溉设备覆盖面积扩大"
CLOSING = "，。、；：？！）」』”…%"
OPENING = "（「『“《"
# Invented runs that must never be cut.
ATOMS = ["2024", "2.3", "18.6亿", "3.5%", "COVID-19", "kanbao", "https://example.org/a/b?x=1", "1,200",
         "date:2025-02", "user@example.org"]

pieces = st.one_of(
    st.text(alphabet=CJK, min_size=1, max_size=12),
    st.sampled_from(list(CLOSING)),
    st.sampled_from(list(OPENING)),
    st.sampled_from(ATOMS).map(lambda atom: f"在{atom}的"),  # a run ends where Chinese resumes
    st.just(" "),
    st.just("——"),
)
texts = st.lists(pieces, min_size=1, max_size=40).map("".join)


def _lines(text: str, width: int) -> list[tuple[int, int]]:
    spans = line_spans(text, width)
    # Nothing is lost but the spaces a line was broken at.
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert text[end:start].strip(" ") == "", (text, spans)
    assert spans[0][0] == 0 and text[spans[-1][1]:].strip(" ") == ""
    return spans


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(min_value=12, max_value=60))
@example(text="   作      ，", width=12)
def test_lines_fit_and_follow_the_rules(text: str, width: int) -> None:
    spans = _lines(text, width)
    allowed = break_opportunities(text)
    for start, end in spans:
        assert cell_len(text[start:end]) <= width, (text[start:end], width)
    for (start, end), (nxt, _) in itertools.pairwise(spans):
        line = text[start:end]
        forced = not any(start < i < nxt for i in allowed) and nxt not in allowed
        if forced:  # a run wider than the line (a long URL): cut only where it must be
            continue
        assert text[nxt] not in NO_LINE_START, (line, text[nxt:])
        # (a line may be empty: an indent of spaces before the paragraph's only allowed break)
        assert line[-1:] not in NO_LINE_END, (line, text[nxt:])


@settings(max_examples=300, deadline=None)
@given(texts)
def test_numbers_words_and_urls_are_never_cut(text: str) -> None:
    allowed = break_opportunities(text)
    for atom in ATOMS:
        for m in re.finditer(re.escape(atom), text):
            assert not any(m.start() < i < m.end() for i in allowed), (atom, text)


def test_the_cases_from_the_issue() -> None:
    text = "详细了解该行2024年度存、贷款情况，预计18.6亿元。"
    for width in range(12, 40):
        lines = wrap(text, width)
        assert "".join(lines) == text
        assert not any(line.startswith(("24", "4年", "，", "。", "、")) for line in lines), lines
        assert not any(line.endswith(("20", "18.", "18.6")) for line in lines), lines


def test_spaces_at_a_break_are_dropped_and_indent_kept() -> None:
    lines = wrap("　　本报讯 青禾镇万亩麦田迎来首轮灌溉", 12)
    assert lines[0] == "　　本报讯"
    assert lines[1].startswith("青禾")
