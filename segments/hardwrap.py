"""Hard-wrapped paste: find paragraphs whose lines were broken mid-sentence (PDF, e-mail) and join them.

Text copied from a PDF or an e-mail often carries a line break every 60–80 columns (20–40 characters in
Chinese), and each one would otherwise end a sentence. `unwrap(text, lang)` returns an `Unwrapped`:

- `text`: the input with the line breaks of every hard-wrapped paragraph replaced by one space (English and
  other space-separated languages) or by nothing (Chinese, unless Latin letters or digits meet across the
  break). A break after a hyphenated word ("state-" / "owned") is joined without a space. Paragraphs that
  are not hard-wrapped, and blank lines, are left as they are.
- `original`: the input, unchanged, for export.
- `joins`: each replaced break as a `Join`, in order: where its replacement sits in `text` and what it
  replaced in `original` (the line break with the spaces around it).
- `to_original(offset)` maps an offset in `text` to one in `original`, and `original_text(start, end)` gives
  the original text behind a span of `text`. Consecutive spans of `text` (sentence pieces from
  `split_document(unwrapped.text, ...)`) map to consecutive spans of `original`, so joining their
  `original_text` gives back the input exactly; a break that was joined goes with the piece before it.

A paragraph (a run of lines between blank lines) counts as hard-wrapped when it has at least three lines,
most lines but the last are of similar length (the wrap width), the last is no longer than that, and at
least half of its line breaks fall mid-sentence: the line ends without final punctuation and, in English,
the next line starts with a lowercase letter. In such a paragraph every break is joined except after a
short line that ends a sentence (a real line end) and before a list item or bullet.
"""

from __future__ import annotations

import bisect
import re
import statistics
from dataclasses import dataclass

from segments.scripts import CJK

# A line break, with the spaces before it and the indentation after it (all part of what a join replaces).
_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")
_BLANK_LINE = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*•⁃‣◦▪·–]|\(?\d{1,3}[.)]|\(?[a-z][.)](?=\s))")
_CJK_CHAR = re.compile(f"[{CJK}]")
_FINAL_EN = tuple(".!?:;…\"'”’)]")
_FINAL_ZH = tuple("。！？：；…”’」』）】.!?:;")
# At least this many lines: with fewer, no width can be told from a line that happens to be long.
MIN_LINES = 3
# Narrower than this (in characters) is a list or verse, not wrapped prose.
MIN_WIDTH = {"en": 30, "zh": 12}
# A line is "of the wrap width" within this share of the median (word wrap leaves ragged right edges).
WIDTH_TOLERANCE = 0.2
SIMILAR_SHARE = 0.75
SOFT_BREAK_SHARE = 0.5
# A line ending a sentence that is shorter than this share of the width ends where the author ended it.
SHORT_LINE = 0.6


@dataclass(frozen=True, slots=True)
class Join:
    """One joined line break: `text[start:end]` replaced `original[original_start:original_end]`."""

    start: int
    end: int
    original_start: int
    original_end: int


@dataclass(frozen=True, slots=True)
class Unwrapped:
    """The joined text, the original, and the joins that map one onto the other."""

    text: str
    original: str
    joins: tuple[Join, ...]

    @property
    def changed(self) -> bool:
        """Whether any paragraph was hard-wrapped (and so joined)."""
        return bool(self.joins)

    def to_original(self, offset: int) -> int:
        """The offset in `original` for one in `text`; inside a replacement, the end of what it replaced."""
        index = bisect.bisect_right(self.joins, offset, key=_start) - 1
        if index < 0:
            return offset
        join = self.joins[index]
        if offset == join.start < join.end:  # just before a space that stands in for a break
            return join.original_start
        if offset <= join.end:
            return join.original_end
        return join.original_end + offset - join.end

    def original_text(self, start: int, end: int) -> str:
        """The original text behind `text[start:end]`, line breaks and all."""
        return self.original[self.to_original(start):self.to_original(end)]


def unwrap(text: str, lang: str = "en") -> Unwrapped:
    """Join the lines of every hard-wrapped paragraph of `text`; see the module docstring for the result."""
    chinese = _language(lang) == "zh"
    pieces: list[str] = []
    joins: list[Join] = []
    position = length = 0  # where we are in `text` (the original) and in the joined text
    for start, end in _paragraphs(text):
        pieces.append(text[position:start])
        length += start - position
        breaks = list(_BREAK.finditer(text, start, end))
        cursor = start
        for match in _joinable(text, start, end, breaks, chinese):
            glue = _glue(text, match, chinese)
            pieces.append(text[cursor:match.start()])
            length += match.start() - cursor
            joins.append(Join(length, length + len(glue), match.start(), match.end()))
            pieces.append(glue)
            length += len(glue)
            cursor = match.end()
        pieces.append(text[cursor:end])
        length += end - cursor
        position = end
    pieces.append(text[position:])
    return Unwrapped("".join(pieces), text, tuple(joins))


def is_hard_wrapped(paragraph: str, lang: str = "en") -> bool:
    """Whether a paragraph (no blank lines) looks hard-wrapped: see the module docstring for the test."""
    breaks = list(_BREAK.finditer(paragraph))
    return bool(_joinable(paragraph, 0, len(paragraph), breaks, _language(lang) == "zh"))


def _start(join: Join) -> int:
    return join.start


def _language(lang: str) -> str:
    return re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of lines between blank lines, without the whitespace around it."""
    spans, start = [], 0
    for blank in _BLANK_LINE.finditer(text):
        spans.append((start, blank.start()))
        start = blank.end()
    spans.append((start, len(text)))
    trimmed = []
    for start, end in spans:
        chunk = text[start:end]
        start, end = start + len(chunk) - len(chunk.lstrip()), start + len(chunk.rstrip())
        if start < end:
            trimmed.append((start, end))
    return trimmed


def _joinable(
    text: str, start: int, end: int, breaks: list[re.Match[str]], chinese: bool,
) -> list[re.Match[str]]:
    """The breaks of one paragraph to join: all but real line ends if it is hard-wrapped, else none."""
    cuts = [start, *(m for b in breaks for m in (b.start(), b.end())), end]
    lines = [text[cuts[i]:cuts[i + 1]] for i in range(0, len(cuts), 2)]
    if len(lines) < MIN_LINES or not all(line.strip() for line in lines):
        return []
    widths = [len(line) for line in lines[:-1]]
    width = statistics.median(widths)
    tolerance = max(WIDTH_TOLERANCE * width, 3)
    if width < MIN_WIDTH["zh" if chinese else "en"] or len(lines[-1]) > width + tolerance:
        return []
    similar = sum(abs(w - width) <= tolerance for w in widths)
    final = _FINAL_ZH if chinese else _FINAL_EN
    soft = [not line.endswith(final) and (chinese or following[:1].islower())
            for line, following in zip(lines, lines[1:], strict=False)]
    if similar < SIMILAR_SHARE * len(widths) or sum(soft) < SOFT_BREAK_SHARE * len(soft):
        return []
    return [
        brk for brk, line, following in zip(breaks, lines[:-1], lines[1:], strict=True)
        if not (line.endswith(final) and len(line) < SHORT_LINE * width) and not _LIST_ITEM.match(following)
    ]


def _glue(text: str, brk: re.Match[str], chinese: bool) -> str:
    """What stands in for a joined break: a space, or nothing after a hyphen or between Chinese characters."""
    before, after = text[brk.start() - 1], text[brk.end()] if brk.end() < len(text) else ""
    if before == "-" and after.islower():
        return ""
    if chinese and (_CJK_CHAR.match(before) or _CJK_CHAR.match(after) or not before.isascii()):
        return ""
    return " "
