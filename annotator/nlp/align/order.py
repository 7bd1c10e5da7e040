"""The retelling's order as evidence: retellings mostly follow the source, so a unit that its words do not settle
is looked for between the passages its confidently traced neighbours come from.

Pass 1 ranks every unit alone. Anchors are units whose best candidate is good and clearly ahead of the next.
Pass 2, for every other unit with an anchor on each side (in the same retelling, in source order): the passages
between the two anchors' passages are scored too (a paraphrase sharing few words with its passage may not be
in the BM25 pool at all), and candidates inside that stretch get a bonus that fades with the distance outside it.
"""

from __future__ import annotations

from .index import SourceIndex
from .rank import Scored, rank

ANCHOR_SCORE = 0.4  # an anchor's best candidate scores at least this ...
ANCHOR_MARGIN = 0.05  # ... and leads any candidate elsewhere (over NEAR characters away) by this much
NEAR = 400
BONUS = ((2500, 0.15), (6000, 0.10), (float("inf"), 0.05))  # by stretch length: the narrower, the surer
FADE = 1500  # characters outside the stretch over which the bonus fades to nothing
MAX_STRETCH = 6000  # a longer stretch adds no passages to the pool (too little evidence to be worth it)
MAX_EXTRA = 40  # sentences
GAP = 700  # characters: neighbours whose best passages leave at most this much between them ...
GAP_BONUS = 0.2  # ... make the passages in that gap likely (the retelling's next sentence retells the next one)


def anchors(ranked: list[list[Scored]]) -> dict[int, Scored]:
    out = {}
    for u, cands in enumerate(ranked):
        if not cands or cands[0].score < ANCHOR_SCORE:
            continue
        best = cands[0]
        rivals = [c.score for c in cands[1:] if c.start > best.end + NEAR or c.end < best.start - NEAR]
        if not rivals or best.score - rivals[0] >= ANCHOR_MARGIN:
            out[u] = best
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


def apply_order(index: SourceIndex, work: list[tuple], ranked: list[list[Scored]], top: int,
                step=None) -> list[list[Scored]]:
    """Pass 2 over every unit; ``step(n)`` after the n-th (progress, cancel)."""
    anchored = anchors(ranked)
    out = []
    for u, cands in enumerate(ranked):
        if step is not None:
            step(u + 1)
        span = None if u in anchored else stretch(work, anchored, u)
        between = None if u in anchored else gap(work, ranked, u)
        if span is None and between is None:
            out.append(cands)
            continue
        extra = []
        if span is not None and span[1] - span[0] <= MAX_STRETCH:
            extra = list(index.sentences_between(*span))[:MAX_EXTRA]
        if between is not None:
            extra += list(index.sentences_between(*between))

        def bonus(a, b, span=span, between=between):
            got = _bonus(a, b, *span) if span is not None else 0.0
            if between is not None and between[0] <= a and b <= between[1]:
                got = max(got, GAP_BONUS)
            return got

        out.append(rank(index, work[u][5], top, extra=extra, bonus=bonus))
    return out


def gap(work: list[tuple], ranked: list[list[Scored]], u: int) -> tuple[int, int] | None:
    """The stretch of source between the best passages of unit ``u``'s two neighbours (in the same retelling)
    when it is short and in order: the unit most likely retells what lies in between."""
    doc = work[u][0]
    if u == 0 or u + 1 >= len(work) or work[u - 1][0] != doc or work[u + 1][0] != doc:
        return None
    if not ranked[u - 1] or not ranked[u + 1]:
        return None
    lo, hi = ranked[u - 1][0].end, ranked[u + 1][0].start
    if not 0 < hi - lo <= GAP:
        return None
    return lo, hi


def _bonus(start: int, end: int, lo: int, hi: int) -> float:
    full = next(b for width, b in BONUS if hi - lo <= width)
    if lo <= start and end <= hi:
        return full
    gap = lo - end if end < lo else start - hi if start > hi else 0
    return full * max(0.0, 1 - gap / FADE)
