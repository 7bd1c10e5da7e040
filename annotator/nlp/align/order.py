"""The retelling's order as evidence: retellings mostly follow the source, so a unit that its words do not settle
is looked for between the passages its confidently traced neighbours come from.

Pass 1 ranks every unit alone. Anchors are units whose best candidate is good and clearly ahead of the next.
Pass 2, for every other unit with an anchor on each side (in the same retelling, in source order): the passages
between the two anchors' passages are scored too (a paraphrase sharing few words with its passage may not be
in the BM25 pool at all), and candidates inside that stretch get a bonus that fades with the distance outside it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from .index import SourceIndex
from .rank import Scored, distinct, rank

ANCHOR_SCORE = 0.5  # an anchor's best candidate scores at least this ...
ANCHOR_MARGIN = 0.05  # ... and leads the next distinct place by this much
BONUS = ((2500, 0.15), (6000, 0.10), (float("inf"), 0.05))  # by stretch length: the narrower, the surer
FADE = 1500  # characters outside the stretch over which the bonus fades to nothing
MAX_STRETCH = 6000  # a longer stretch adds no passages to the pool (too little evidence to be worth it)
MAX_EXTRA = 120


def anchors(ranked: list[list[Scored]]) -> dict[int, Scored]:
    out = {}
    for u, cands in enumerate(ranked):
        if cands and cands[0].score >= ANCHOR_SCORE and (len(cands) == 1 or cands[0].score - cands[1].score >= ANCHOR_MARGIN):
            out[u] = cands[0]
    return out


def stretch(work: list[tuple], anchored: dict[int, Scored], u: int) -> tuple[int, int] | None:
    """The source stretch between the nearest anchors before and after unit ``u`` in its document."""
    doc = work[u][0]
    before = after = None
    for v in range(u - 1, -1, -1):
        if work[v][0] != doc:
            break
        if v in anchored:
            before = anchored[v]
            break
    for v in range(u + 1, len(work)):
        if work[v][0] != doc:
            break
        if v in anchored:
            after = anchored[v]
            break
    if before is None or after is None or before.start > after.end:
        return None  # at an end of the retelling, or the retelling jumps back here: no evidence
    return before.start, after.end


def apply_order(index: SourceIndex, work: list[tuple], ranked: list[list[Scored]], top: int) -> list[list[Scored]]:
    anchored = anchors(ranked)
    starts = index.starts
    out = []
    for u, cands in enumerate(ranked):
        span = None if u in anchored else stretch(work, anchored, u)
        if span is None:
            out.append(cands)
            continue
        lo, hi = span
        extra = []
        if hi - lo <= MAX_STRETCH:
            extra = index.order[bisect_left(starts, lo):bisect_right(starts, hi)][:MAX_EXTRA]
        rescored = rank(index, work[u][5], top * 4, extra=extra) if extra else list(cands)
        for s in rescored:
            s.score = min(1.0, s.score + _bonus(s, lo, hi))
        rescored.sort(key=lambda s: (-s.score, s.end - s.start, s.start))
        out.append(distinct(rescored, top))
    return out


def _bonus(s: Scored, lo: int, hi: int) -> float:
    full = next(b for width, b in BONUS if hi - lo <= width)
    if lo <= s.start and s.end <= hi:
        return full
    gap = lo - s.end if s.end < lo else s.start - hi if s.start > hi else 0
    return full * max(0.0, 1 - gap / FADE)
