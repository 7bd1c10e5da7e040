"""When a document was written (its year), and the years its relative time words mean.

A retelling that says "in 2023" of a visit the source calls "this summer" (an interview of December 2024) changed
the date; so did one that says "this year" (December 2024) of a budget "for 2025". Relative words can only be
compared with the documents' dates: ``doc_year`` takes the document's ``published`` field, else the first full
date in its opening lines (a dateline: "Global Research, December 19, 2024", "The interview occurred on
17 December 2024"). ``year_mentions`` lists the years a text names, explicit or relative, with its words.
"""

from __future__ import annotations

import re

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_FULL_DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+(?:{_MONTHS})\.?,?\s+((?:19|20)\d\d)|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+"
    rf"((?:19|20)\d\d))\b", re.I)
_ISO = re.compile(r"\b((?:19|20)\d\d)-\d\d(?:-\d\d)?\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
DATELINE = 1200  # characters of a document's opening searched for its date
_RELATIVE = re.compile(r"\b(this|last|next|coming|past)\s+(year|summer|spring|autumn|fall|winter)\b", re.I)
_OFFSET = {"this": 0, "coming": 0, "last": -1, "past": -1, "next": 1}


def doc_year(text: str, published: str = "") -> int | None:
    """The year a document was written: from ``published`` (ISO or free text), else its dateline."""
    for found in (_ISO.search(published or ""), _FULL_DATE.search(published or ""), _YEAR.search(published or "")):
        if found:
            return int(next(g for g in found.groups() if g))
    m = _FULL_DATE.search(text, 0, DATELINE)
    return int(m.group(1) or m.group(2)) if m else None


def year_mentions(text: str, year: int | None) -> list[tuple[str, int, int, int]]:
    """(words as written, year, start, end) for each year the text names: "2025", and, when the text's own
    year is known, "this year" / "this summer" (that year), "last year" (the one before), "next year". A
    season after "last" or "next" is left out (last summer, said in December, is this year's)."""
    out = [(m.group(0), int(m.group(1)), m.start(), m.end()) for m in _YEAR.finditer(text)
           if not text[m.end():m.end() + 1].isdigit()]
    if year is not None:
        for m in _RELATIVE.finditer(text):
            which, unit = m.group(1).lower(), m.group(2).lower()
            if unit != "year" and which not in ("this", "coming"):
                continue
            y = year + _OFFSET[which]
            out.append((f"{m.group(0)} ({y})", y, m.start(), m.end()))
    return sorted(out, key=lambda x: x[2])


def changed_years(retelling: str, source: str, retelling_year: int | None, source_year: int | None
                  ) -> list[tuple[str, str]]:
    """(source words, retelling words) when the retelling names a year the source passage does not and the
    source passage names one the retelling does not: the date was changed. A relative word of either text
    counts only when that text's own year is known; a passage that names no year changes none."""
    r = year_mentions(retelling, retelling_year)
    s = year_mentions(source, source_year)
    if not r or not s:
        return []
    r_years, s_years = {y for _, y, *_ in r}, {y for _, y, *_ in s}
    extra = [m for m in r if m[1] not in s_years]
    missing = [m for m in s if m[1] not in r_years]
    out = []
    for (rw, ry, *_), (sw, sy, *_) in zip(extra, missing):
        out.append((sw, rw))
    return out
