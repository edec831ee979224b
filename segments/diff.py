"""Word-level diff of two texts: words, whitespace runs and punctuation are tokens; CJK is per character.

An inline tag token (segments.tags) is one diff token of its own: a moved tag shows as one tag deleted and
one inserted, never as a word changed, and no piece ends inside a tag."""

from __future__ import annotations

import re

from segments.scripts import CJK as _CJK
from segments.tags import TAG_RE

# Han, kana and hangul are compared character by character: those scripts do not put spaces between words.
_TOKEN = re.compile(rf"{TAG_RE.pattern}|[{_CJK}]|[^\W{_CJK}]+|\s+|[^\w\s]", re.UNICODE)
# Past this many token pairs the table would be too big for one request: fall back to delete + insert.
_MAX_CELLS = 250_000


def tokens(text: str) -> list[str]:
    """Split `text` into diff tokens; joining them gives `text` back."""
    return [m.group() for m in _TOKEN.finditer(text)]


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The edit from `old` to `new` as ("equal" | "delete" | "insert", text) pieces, deletions first."""
    a, b = tokens(old), tokens(new)
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle = _lcs_ops(a[start:len(a) - end], b[start:len(b) - end])
    ops = [("equal", t) for t in a[:start]] + middle + [("equal", t) for t in a[len(a) - end:]]
    return _merge(ops)


def _lcs_ops(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    """Token operations along a longest common subsequence of `a` and `b`."""
    if not a or not b or len(a) * len(b) > _MAX_CELLS:
        return [("delete", t) for t in a] + [("insert", t) for t in b]
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = table[i], table[i + 1]
        for j in range(m - 1, -1, -1):
            row[j] = below[j + 1] + 1 if a[i] == b[j] else max(below[j], row[j + 1])
    ops, i, j = [], 0, 0
    while i < n and j < m:
        if a[i] == b[j]:
            ops.append(("equal", a[i]))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            ops.append(("delete", a[i]))
            i += 1
        else:
            ops.append(("insert", b[j]))
            j += 1
    return ops + [("delete", t) for t in a[i:]] + [("insert", t) for t in b[j:]]


def _merge(ops: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join neighbouring pieces of the same kind; within a changed run, deletions come before insertions."""
    merged: list[tuple[str, str]] = []
    pending = {"delete": "", "insert": ""}
    for op, text in ops:
        if op == "equal":
            merged += [(kind, pending[kind]) for kind in ("delete", "insert") if pending[kind]]
            pending = {"delete": "", "insert": ""}
            if merged and merged[-1][0] == "equal":
                merged[-1] = ("equal", merged[-1][1] + text)
            else:
                merged.append(("equal", text))
        else:
            pending[op] += text
    merged += [(kind, pending[kind]) for kind in ("delete", "insert") if pending[kind]]
    return merged
