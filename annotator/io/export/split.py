"""Cutting a document into paragraph or sentence records for the jsonl export.

A record never cuts a span: a boundary that an exported span crosses is not used, so the
paragraphs (or sentences) on either side become one record, and a warning says so.
Leading and trailing whitespace of a record is trimmed (never into a span); records holding
only whitespace and no span are left out (nothing of value is lost).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .nlp import sentence_starts

_NEWLINES = re.compile(r"\n+")


def gaps(text: str, mode: str, lang: str) -> list[tuple[int, int]]:
    """Candidate boundaries as (end of one record, start of the next), sorted."""
    para = [m.span() for m in _NEWLINES.finditer(text)]
    if mode == "paragraph":
        return para
    inside = set()
    for a, b in para:
        inside.update(range(a, b + 1))
    sent = [(s, s) for s in sentence_starts(text, lang) if s not in inside]
    return sorted(para + sent)


def regions(text: str, spans, mode: str, lang: str, crossed: list[int] | None = None) -> list[tuple[int, int]]:
    """Record extents [a, b) for ``text``; ``spans`` (sorted by start) are never cut.

    Offsets of boundaries that were not used because a span crosses them go to ``crossed``.
    """
    order = sorted((s.start, s.end) for s in spans)
    out: list[tuple[int, int]] = []
    cur, k, max_end = 0, 0, -1
    for g0, g1 in gaps(text, mode, lang):
        while k < len(order) and order[k][0] < g1:
            max_end = max(max_end, order[k][1])
            k += 1
        if max_end > g0:  # a span starting before the gap ends after it begins
            if crossed is not None:
                crossed.append(g0)
            continue
        if g0 > cur:
            out.append((cur, g0))
        cur = max(cur, g1)
    if cur < len(text):
        out.append((cur, len(text)))
    starts = [s for s, _ in order]
    return [r for r in (_trim(text, a, b, order, starts) for a, b in out) if r is not None]


def _trim(text: str, a: int, b: int, order, starts) -> tuple[int, int] | None:
    inner = order[bisect_left(starts, a):bisect_left(starts, b)]
    lo, hi = a, b
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    if inner:
        lo = min(lo, min(s for s, _ in inner))
        hi = max(hi, max(e for _, e in inner))
    if lo >= hi:
        return None
    return lo, hi
