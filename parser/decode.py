"""Turn the bytes of a page file into clean text, and say how.

Users' archives mix UTF-8, UTF-8 with a BOM and GB18030/GBK, with CRLF or CR line ends, NBSPs,
full-width spaces and digits.  Decoding is strict first (so the encoding we record is the true
one), then forgiving: a file with a few bad bytes is decoded with U+FFFD replacements and a
warning, because losing a whole page over one bad byte helps nobody.  A file that is not text
at all (NUL bytes, mostly undecodable) raises :class:`NotText` so the caller can skip it with a
one-line warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Characters that are "white space" on a printed page but not ASCII space.
_SPACE_LIKE = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2009\u200a\u202f\u205f"), " ")
#: Zero-width characters that only confuse matching.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)
#: Full-width digits become ASCII so 2０24 and 2024 are one number for search and dates.
_DIGITS = {ord("０") + i: ord("0") + i for i in range(10)}
_TRANSLATE = {**_SPACE_LIKE, **_INVISIBLE, **_DIGITS}
# str.translate is slow on long CJK text; most pages need none of it, so look before translating.
_NEEDS_TRANSLATE = re.compile("[" + "".join(map(chr, _TRANSLATE)) + "]")
# C0/C1 control characters except tab and newline: never meaningful in newspaper text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_SPACE_NUM = re.compile(rf"(?<=[{_CJK}]) (?=[0-9])|(?<=[0-9]) (?=[{_CJK}])")

# Fraction of replacement characters above which a file is not text but junk.
_MAX_BAD_FRACTION = 0.10


class NotText(ValueError):
    """The bytes are not a text file (binary data, or mostly undecodable)."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # number of undecodable bytes replaced by U+FFFD

    @property
    def warning(self) -> str | None:
        if not self.replaced:
            return None
        return f"{self.replaced} undecodable byte(s) replaced (decoded as {self.encoding})"


def decode_bytes(data: bytes) -> Decoded:
    """Decode page bytes, detecting UTF-8 (with or without BOM) and GB18030.

    Raises NotText for binary data.  Line ends are normalised to ``\\n``; other normalisation
    is :func:`normalize_text`'s job so that it can be applied to text from anywhere.
    """
    if b"\x00" in data[:65536]:
        raise NotText("contains NUL bytes (binary file)")
    encoding = "utf-8"
    body = data
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, body = "utf-8-sig", data[3:]
    text: str | None = None
    replaced = 0
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        if encoding == "utf-8":
            try:
                text = body.decode("gb18030")
                encoding = "gb18030"
            except UnicodeDecodeError:
                pass
    if text is None:
        # Pick the encoding that leaves fewer replacement characters.
        candidates = ["utf-8"] if encoding == "utf-8-sig" else ["utf-8", "gb18030"]
        best = None
        for enc in candidates:
            t = body.decode(enc, errors="replace")
            bad = t.count("\ufffd") - body.decode(enc, errors="ignore").count("\ufffd")
            if best is None or bad < best[2]:
                best = (t, enc, bad)
        assert best is not None
        text, enc, replaced = best
        encoding = "utf-8-sig" if encoding == "utf-8-sig" else enc
        if len(text) and replaced / max(len(text), 1) > _MAX_BAD_FRACTION:
            raise NotText(f"mostly undecodable ({replaced} bad bytes)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise NotText("binary data (control characters)")
    return Decoded(text, encoding, replaced)


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = len(_CONTROL.findall(sample))
    return controls / len(sample) > 0.05


def normalize_text(text: str) -> str:
    """Normalise spacing and digits without rewriting anything a reader would notice.

    NBSP and other odd spaces become ASCII spaces, zero-width characters go, full-width digits
    become ASCII, and the space a typesetter put between a CJK character and a number
    ("2024 年") is removed.  Full-width spaces (U+3000) are kept: they mark paragraph indents in
    crawled pages.  Control characters are kept too: text is data, and making it safe for a
    terminal is the job of whoever prints it (``tui``), while JSON keeps the original.
    """
    if _NEEDS_TRANSLATE.search(text):
        text = text.translate(_TRANSLATE)
    return _CJK_SPACE_NUM.sub("", text)
