"""Passages of a source document: sentences, clauses and windows of 2-3 adjacent sentences, as code-point offsets.

Sentences are cut at . ! ? … (with closing quotes/brackets) before an upper-case letter, digit, quote or dash,
never after a known abbreviation or an initial, never inside a quotation that closes on the same line; every
line break ends a sentence (transcripts keep a speaker turn per line). Clauses are the parts of a sentence between , ; : and dashes that hold at least 4 words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENT_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[-–—A-Z0-9À-ÖØ-Þ])")
_CLAUSE_CUT = re.compile(r"\s*(?:[,;:]|\s[-–—]\s|—)\s*")
_WORDS = re.compile(r"\w+")
_ABBREV = frozenset("mr mrs ms dr st prof gen col lt sgt jr sr vs etc inc ltd co corp no nos vol fig approx "
                    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k e.g i.e a.m p.m".split())
MIN_CLAUSE_WORDS = 4
MAX_QUOTE = 400
_QUOTE_MARK = re.compile(r'["“”«»„]')


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    kind: str  # "sentence", "clause" or "window"
    sentence: int  # index of the (first) sentence it belongs to


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of text[start:end], whitespace trimmed, empty ones left out."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        a, b = start + line.start(), start + line.end()
        piece_start = a
        quoted = _quotes(text, a, b)
        for m in _SENT_END.finditer(text, a, b):
            if _is_abbreviation(text, a, m.start()) or any(x < m.end() < y for x, y in quoted):
                continue
            _add(out, text, piece_start, m.end())
            piece_start = m.end()
        _add(out, text, piece_start, b)
    return out


def _quotes(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Quotations of the line text[a:b] that close on it and hold at most MAX_QUOTE characters: a sentence
    does not end inside one ('"We act in friendship. This will remain unchanged," he added.' is one)."""
    out: list[tuple[int, int]] = []
    opened = None
    for m in _QUOTE_MARK.finditer(text, a, b):
        mark = m.group(0)
        if opened is None and mark in '"“«„':
            opened = m.start()
        elif opened is not None and mark in '"”»“':
            if m.start() - opened <= MAX_QUOTE:
                out.append((opened, m.start()))
            opened = None
    return out


def _is_abbreviation(text: str, line_start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    m = re.search(r"([\w.]+)$", text[max(line_start, dot - 12):dot])
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    return word in _ABBREV or (len(word) == 1 and word.isalpha())


def _add(out: list, text: str, a: int, b: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b and _WORDS.search(text, a, b):
        out.append((a, b))


def clauses(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Clauses of the sentence text[a:b] (at least MIN_CLAUSE_WORDS words each) and runs of two adjacent
    ones; nothing when the sentence does not split."""
    cuts = [a]
    for m in _CLAUSE_CUT.finditer(text, a, b):
        if _WORDS.search(text, cuts[-1], m.start()) is None:
            continue
        if re.fullmatch(r"\d", text[m.start() - 1:m.start()] or "x") and text[m.end():m.end() + 1].isdigit():
            continue  # 100,000
        cuts.append(m.start())
        cuts.append(m.end())
    cuts.append(b)
    pieces = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    pieces = _merge_short(text, [p for p in pieces if p[0] < p[1]])
    if len(pieces) < 2:
        return []
    out = list(pieces)
    if len(pieces) > 2:
        out += [(pieces[i][0], pieces[i + 1][1]) for i in range(len(pieces) - 1)]
    return out


def _merge_short(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    counts: list[int] = []  # words of each merged piece (counted once per piece)
    for p in pieces:
        n = _nwords(text, *p)
        if merged and (counts[-1] < MIN_CLAUSE_WORDS or n < MIN_CLAUSE_WORDS):
            merged[-1] = (merged[-1][0], p[1])
            counts[-1] += n
        else:
            merged.append(p)
            counts.append(n)
    if len(merged) >= 2 and counts[-1] < MIN_CLAUSE_WORDS:
        last = merged.pop()
        merged[-1] = (merged[-1][0], last[1])
    return merged


def _nwords(text: str, a: int, b: int) -> int:
    return len(_WORDS.findall(text, a, b))


def passages(text: str, *, max_window: int = 3) -> list[Passage]:
    """Every sentence, clause and window of 2..max_window sentences of one line (speaker turn)."""
    sents = sentences(text)
    out: list[Passage] = []
    line_of = _lines(text, sents)
    for i, (a, b) in enumerate(sents):
        out.append(Passage(a, b, "sentence", i))
        out.extend(Passage(x, y, "clause", i) for x, y in clauses(text, a, b))
        for k in range(2, max_window + 1):
            j = i + k - 1
            if j < len(sents) and line_of[j] == line_of[i]:
                out.append(Passage(a, sents[j][1], "window", i))
    return out


def _lines(text: str, sents: list[tuple[int, int]]) -> list[int]:
    """The line number each sentence starts on (windows never join sentences across a line break)."""
    out, line, pos = [], 0, 0
    for s, _ in sents:
        line += text.count("\n", pos, s)
        pos = s
        out.append(line)
    return out
