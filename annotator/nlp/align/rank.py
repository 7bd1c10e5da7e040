"""Ranking the source passages for one retelling text: BM25 recall, then rapidfuzz and term-weight features.

score = weighted sum of
- coverage: the idf-weighted share of the retelling's terms found in the passage (names and figures weigh most),
- fuzzy: rapidfuzz token-set similarity of the two term strings, and partial similarity of the folded texts
  (a few words quoted verbatim inside a longer sentence),
- precision: the share of the passage's terms the retelling uses (a 3-sentence window must earn its length),
- figures: the retelling's numbers found in the passage with the same value, and bm25 (normalised);
then overlapping passages are folded into the best of them, so the top K are K different places.
"""

from __future__ import annotations

from dataclasses import dataclass

from .index import SourceIndex
from .text import figures, fold, same_value, terms

POOL = 60  # passages re-scored per unit (by BM25)
WEIGHTS = {"coverage": 0.42, "fuzzy": 0.18, "partial": 0.12, "precision": 0.14, "figures": 0.06, "bm25": 0.08}


@dataclass
class Scored:
    index: int  # passage index
    start: int
    end: int
    score: float


def rank(index: SourceIndex, text: str, top: int) -> list[Scored]:
    from rapidfuzz import fuzz

    q_terms = terms(text)
    if not q_terms:
        return []
    bm = index.bm25(q_terms)
    if bm is None:
        return []
    import numpy as np

    n = len(bm)
    k = min(POOL, n)
    pool = np.argpartition(-bm, k - 1)[:k] if k < n else np.arange(n)
    best_bm = float(bm.max()) or 1.0
    q_set = set(q_terms)
    q_weight = sum(index.idf_of(t) for t in q_set) or 1.0
    q_str = " ".join(sorted(q_set))
    q_fold = " ".join(fold(text).split())
    q_figs = [f for f in figures(text) if f.value > 31 or not f.text.isdigit()]
    out: list[Scored] = []
    for i in pool.tolist():
        if bm[i] <= 0:
            continue
        p_set = index.term_sets[i]
        common = q_set & p_set
        coverage = sum(index.idf_of(t) for t in common) / q_weight
        precision = len(common) / (len(p_set) or 1)
        fuzzy = fuzz.token_set_ratio(q_str, " ".join(sorted(p_set))) / 100
        p = index.passages[i]
        partial = fuzz.partial_ratio(q_fold, " ".join(fold(index.text[p.start:p.end]).split())) / 100
        fig = 0.0
        if q_figs:
            pf = index.figures(i)
            fig = sum(any(same_value(f.value, g.value) for g in pf) for f in q_figs) / len(q_figs)
        score = (WEIGHTS["coverage"] * coverage + WEIGHTS["fuzzy"] * fuzzy + WEIGHTS["partial"] * partial
                 + WEIGHTS["precision"] * min(1.0, precision * 2) + WEIGHTS["figures"] * fig
                 + WEIGHTS["bm25"] * float(bm[i]) / best_bm)
        out.append(Scored(i, p.start, p.end, score))
    out.sort(key=lambda s: (-s.score, s.end - s.start, s.start))
    return distinct(out, top)


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
