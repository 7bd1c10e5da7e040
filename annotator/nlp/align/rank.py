"""Ranking the source passages for one retelling text: BM25 recall (bm25s), then a re-score of the pool.

score = weighted sum of
- coverage: the idf-weighted share of the retelling's terms found in the passage (names and figures weigh most),
- fit: an idf-weighted F2 of that coverage and of the passage's own terms used by the retelling, so that a
  3-sentence window must earn its length and a 4-word clause cannot win on one shared word,
- phrases: the share of the retelling's term bigrams ("arms race", "failed state") found in the passage,
- fuzzy: rapidfuzz's partial similarity of the folded texts, the shorter inside the longer (a few words quoted
  verbatim inside a longer sentence), scaled down when the passage is the shorter one,
- figures: the retelling's numbers found in the passage with the same value, and bm25 (normalised);
a question (a line opening with "- " or a sentence ending in "?") counts a little less: claims are retold
from answers. Overlapping passages are then folded into the best of them, so the top K are K places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .index import SourceIndex
from .text import figures, fold, same_value, terms

_ACRONYM = re.compile(r"\b[A-Z]{2,6}s?\b")
POOL = 10  # sentences retrieved per unit by BM25; the passages around them are re-scored
WEIGHTS = {"coverage": 0.30, "fit": 0.22, "phrases": 0.12, "fuzzy": 0.18, "figures": 0.08, "bm25": 0.10}
QUESTION = 0.9
FULL = 16  # passages per unit that get the full (rapidfuzz, phrases, figures) score


@dataclass
class Scored:
    index: int  # passage index
    start: int
    end: int
    score: float


@dataclass
class Query:
    text: str
    terms: list[str]
    set: set[str]
    weight: float
    bigrams: set[tuple[str, str]]
    folded: str
    figures: list
    bm: object = None  # the BM25 scores of every sentence (numpy), computed once
    full: dict = field(default_factory=dict)  # passage -> full score without bonus (the order pass reuses them)


def query(index: SourceIndex, text: str) -> Query | None:
    """The retelling text's terms and features, made once per text and index (the order pass ranks again)."""
    cache = index.queries
    if text in cache:
        return cache[text]
    ts = index.query_terms(terms(text, index.lang))
    for acronym in _ACRONYM.findall(text):  # "NGOs" meets the source's "non-governmental organizations"
        more = index.expand(acronym)
        if more:
            drop = acronym.lower().rstrip("s") if acronym.endswith("s") else acronym.lower()
            if not (index.writes(drop) or index.writes(acronym.lower())):  # the source never writes it
                ts = [t for t in ts if t not in (drop, acronym.lower())]
            ts = ts + [t for t in more if t not in ts]
    q = None
    if ts:
        s = set(ts)
        q = Query(text, ts, s, sum(index.idf_of(t) for t in s) or 1.0, set(zip(ts, ts[1:])),
                  " ".join(fold(text).split()), [f for f in figures(text) if f.value > 31 or not f.text.isdigit()])
        q.bm = index.bm25(ts)
    cache[text] = q
    return q


def rank(index: SourceIndex, text: str, top: int, extra=None, bonus=None) -> list[Scored]:
    """The best ``top`` distinct passages for ``text``: around the sentences BM25 retrieves (and the sentences
    ``extra``), every sentence, clause and window gets the cheap term scores; the best of them the full score.
    ``bonus(start, end)``: added to both (the order pass)."""
    q = query(index, text)
    if q is None:
        return []
    bm = q.bm
    if bm is None and not extra:
        return []
    sents = set(_pool(bm)) if bm is not None else set()
    if extra:
        sents.update(extra)
    best_bm = float(bm.max()) if bm is not None else 0.0
    pool = {i for k in sents for i in index.around(k)}
    cheap = []
    for i in pool:
        k = index.passages[i].sentence
        norm = float(bm[k]) / best_bm if bm is not None and best_bm > 0 else 0.0
        parts = _term_scores(index, q, i, norm)
        p = index.passages[i]
        extra_score = bonus(p.start, p.end) if bonus else 0.0
        cheap.append((parts[0] + extra_score, i, parts))
    cheap.sort(key=lambda c: -c[0])
    out = []
    for _, i, parts in cheap[:FULL]:
        score = q.full.get(i)
        if score is None:
            score = q.full[i] = _full_score(index, q, i, parts).score
        p = index.passages[i]
        out.append(Scored(i, p.start, p.end, score + (bonus(p.start, p.end) if bonus else 0.0)))
    out.sort(key=lambda s: (-s.score, s.end - s.start, s.start))
    return distinct(out, top)


def _pool(bm):
    import numpy as np

    n = len(bm)
    k = min(POOL, n)
    idx = np.argpartition(-bm, k - 1)[:k] if k < n else np.arange(n)
    return [i for i in idx.tolist() if bm[i] > 0]


def _term_scores(index: SourceIndex, q: Query, i: int, bm25: float) -> tuple[float, float, float, float]:
    """(cheap score, coverage, fit, bm25): set operations only."""
    common = q.set & index.term_sets[i]
    if not common:
        return 0.0, 0.0, 0.0, bm25
    idf, d = index.idf, index.default_idf
    w_common = sum([idf.get(t, d) for t in common])
    recall = w_common / q.weight
    precision = w_common / (index.weights[i] or 1.0)
    fit = 5 * precision * recall / (4 * precision + recall)
    cheap = WEIGHTS["coverage"] * recall + WEIGHTS["fit"] * fit + WEIGHTS["bm25"] * bm25
    return cheap, recall, fit, bm25


def score_passage(index: SourceIndex, q: Query, i: int, bm25: float) -> Scored:
    return _full_score(index, q, i, _term_scores(index, q, i, bm25))


def _full_score(index: SourceIndex, q: Query, i: int, parts) -> Scored:
    from rapidfuzz import fuzz

    cheap, recall, fit, bm25 = parts
    p = index.passages[i]
    if q.bigrams:
        have = index.term_sets[i]  # a bigram needs both its terms: most are settled without the passage's pairs
        maybe = {bg for bg in q.bigrams if bg[0] in have and bg[1] in have}
        phrases = len(maybe & index.bigrams(i)) / len(q.bigrams) if maybe else 0.0
    else:
        phrases = recall
    folded = index.folded(i)
    if len(folded) >= len(q.folded):
        fuzzy = fuzz.partial_ratio(q.folded, folded) / 100
    else:  # the passage inside the retelling: only as good as the share of the retelling it explains
        fuzzy = fuzz.partial_ratio(folded, q.folded) / 100 * len(folded) / len(q.folded)
    fig = 0.0
    if q.figures:
        pf = index.figures(i)
        fig = sum(any(same_value(f.value, g.value) for g in pf) for f in q.figures) / len(q.figures)
    score = cheap + WEIGHTS["phrases"] * phrases + WEIGHTS["fuzzy"] * fuzzy + WEIGHTS["figures"] * fig
    if index.is_question(i):
        score *= QUESTION
    return Scored(i, p.start, p.end, score)


def overlap(a0: int, a1: int, b0: int, b1: int) -> float:
    """Overlap of two ranges as a share of the shorter one."""
    inter = min(a1, b1) - max(a0, b0)
    return max(0, inter) / max(1, min(a1 - a0, b1 - b0))


def distinct(ranked: list[Scored], top: int) -> list[Scored]:
    kept: list[Scored] = []
    for s in ranked:
        if all(overlap(s.start, s.end, k.start, k.end) < 0.5 for k in kept):
            kept.append(s)
            if len(kept) == top:
                break
    return kept
