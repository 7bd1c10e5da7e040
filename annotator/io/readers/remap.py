"""Map code-point offsets in raw text to offsets in ``normalize_text(raw)``.

JSONL annotations give offsets into the text as it was written (maybe with CRLF, a BOM or NULs);
documents are stored normalised, so their spans must move with the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ...core.text import normalize_text

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")  # as normalize_text
_DROPPED = re.compile(r"\x00")


class _Stage:
    """One rewrite pass: each match [a, b) became ``r`` characters."""

    def __init__(self, matches: list[tuple[int, int, int]]):
        self.starts = [a for a, _, _ in matches]
        self.matches = matches
        self.shift = [0]  # characters removed before match k
        for a, b, r in matches:
            self.shift.append(self.shift[-1] + (b - a - r))

    def __call__(self, i: int) -> int:
        k = bisect_right(self.starts, i) - 1
        if k < 0:
            return i
        a, b, r = self.matches[k]
        if i == a:
            return a - self.shift[k]
        if i < b:  # inside a multi-character match (between CR and LF): after its replacement
            return a - self.shift[k] + r
        return i - self.shift[k + 1]


def normalize_with_map(raw: str):
    """(normalised text, offset map or None when nothing moved)."""
    text = normalize_text(raw)
    if text == raw:
        return text, None
    removed = [(0, 1, 0)] if raw.startswith("\ufeff") else []
    removed += [(m.start(), m.end(), 0) for m in _DROPPED.finditer(raw)]
    stage1 = _Stage(removed)
    middle = _apply(raw, removed)
    stage2 = _Stage([(m.start(), m.end(), 1) for m in _NEWLINES.finditer(middle)])

    def mapping(i: int) -> int:
        return stage2(stage1(i))

    return text, mapping


def _apply(raw: str, removed: list[tuple[int, int, int]]) -> str:
    if not removed:
        return raw
    parts, pos = [], 0
    for a, b, _ in removed:
        parts.append(raw[pos:a])
        pos = b
    parts.append(raw[pos:])
    return "".join(parts)
