"""The retelling's order as a tie-breaker: retellings mostly follow the source, so between two passages that
score about the same, the one lying between where the neighbouring units (confidently) come from wins."""

from __future__ import annotations

from .rank import Scored

CONFIDENT_MARGIN = 0.06  # a unit whose best candidate leads the next by this much anchors its neighbours
TIE = 0.05  # candidates this close to the best are reordered by position
BONUS = 0.03


def apply_order(work: list[tuple], ranked: list[list[Scored]]) -> list[list[Scored]]:
    anchors: dict[int, int] = {}  # unit index -> source position of its confident best candidate
    for u, cands in enumerate(ranked):
        if cands and (len(cands) == 1 or cands[0].score - cands[1].score >= CONFIDENT_MARGIN):
            anchors[u] = cands[0].start
    out = []
    for u, cands in enumerate(ranked):
        if len(cands) < 2 or cands[0].score - cands[1].score >= TIE:
            out.append(cands)
            continue
        lo, hi = _neighbours(work, anchors, u)
        best = cands[0].score
        rescored = []
        for c in cands:
            bonus = BONUS if best - c.score < TIE and lo <= c.start <= hi else 0.0
            rescored.append((c.score + bonus, c))
        rescored.sort(key=lambda sc: -sc[0])
        out.append([Scored(c.index, c.start, c.end, min(1.0, sc)) for sc, c in rescored])
    return out


def _neighbours(work: list[tuple], anchors: dict[int, int], u: int) -> tuple[float, float]:
    doc = work[u][0]
    lo, hi = float("-inf"), float("inf")
    for v in range(u - 1, -1, -1):
        if work[v][0] != doc:
            break
        if v in anchors:
            lo = anchors[v]
            break
    for v in range(u + 1, len(work)):
        if work[v][0] != doc:
            break
        if v in anchors:
            hi = anchors[v]
            break
    if lo > hi:  # the retelling jumps back here: no evidence either way
        return float("-inf"), float("inf")
    return lo, hi
