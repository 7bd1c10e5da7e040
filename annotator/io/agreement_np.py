"""Vectorised kernels behind ``annotator.io.agreement`` (numpy), giving the same figures as the pure-Python
reference in ``annotator.core.agreement`` (tests compare them on random data).

Positions are on one continuum per pair of annotators: the shared documents one after the other (a
document's character ``s`` is at ``base[doc] + s``). Spans never cross a document's end, so sorting by
continuum position is sorting by (document, offset), and two spans overlap on the continuum exactly when
they overlap in one document. Integer sums that could pass 2**63 are added as Python ints; the few
float steps (one per label, one per distinct unit length) are done in Python in the reference's order,
so results are bit-for-bit those of the reference.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

I64 = np.int64


def place_pairs(as_, ae, bs, be):
    """(overlap, i, j) arrays for every pair a[i], b[j] sharing a character, ordered by i then j; ``b`` sorted
    by start (as ``core.agreement.place_pairs``)."""
    if not len(as_) or not len(bs):
        e = np.zeros(0, I64)
        return e, e, e
    longest = int((be - bs).max())
    lo = np.searchsorted(bs, as_ - longest + 1, "left")  # earlier ones end before a's start
    hi = np.searchsorted(bs, ae, "left")
    cnt = np.maximum(hi - lo, 0)
    total = int(cnt.sum())
    ii = np.repeat(np.arange(len(as_), dtype=I64), cnt)
    first = np.cumsum(cnt) - cnt
    jj = np.arange(total, dtype=I64) - np.repeat(first - lo, cnt)
    ov = np.minimum(ae[ii], be[jj]) - np.maximum(as_[ii], bs[jj])
    keep = ov > 0
    return ov[keep], ii[keep], jj[keep]


def match_places(as_, ae, bs, be):
    """``core.agreement.match_places`` on continuum positions: greedy one-to-one, maximum overlap first;
    the matches as two arrays (index in a, index in b), in the reference's order."""
    ov, ii, jj = place_pairs(as_, ae, bs, be)
    if not len(ov):
        return ov, ov
    deg_a = np.bincount(ii, minlength=len(as_))
    deg_b = np.bincount(jj, minlength=len(bs))
    lone = (deg_a[ii] == 1) & (deg_b[jj] == 1)  # matched whatever the order
    rest = ~lone
    if not rest.any():
        return ii, jj
    r = list(zip(ov[rest].tolist(), ii[rest].tolist(), jj[rest].tolist()))
    a_s, a_e, b_s, b_e = as_.tolist(), ae.tolist(), bs.tolist(), be.tolist()
    # the reference's key (-overlap, document, sorted extents); on the continuum the document is implied
    r.sort(key=lambda p: (-p[0], *sorted(((a_s[p[1]], a_e[p[1]]), (b_s[p[2]], b_e[p[2]])))))
    used_a, used_b, out = set(), set(), []
    for _, i, j in r:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j))
    more = np.array(out, np.int64).reshape(-1, 2)
    return np.concatenate([ii[lone], more[:, 0]]), np.concatenate([jj[lone], more[:, 1]])


def exact_common(as_, ae, bs, be, span: int):
    """The distinct places both have (``set(a) & set(b)``), each as start * span + end (``span`` > every
    position), sorted; both sides sorted by (start, end)."""
    ka, kb = as_ * span + ae, bs * span + be  # sorted already
    ka = ka[np.append(True, ka[1:] != ka[:-1])] if len(ka) else ka
    if not len(ka) or not len(kb):
        return ka[:0]
    at = np.minimum(np.searchsorted(kb, ka), len(kb) - 1)
    return ka[kb[at] == ka]


# -- kappa -------------------------------------------------------------------------------------------------

def coverage(starts, ends, tok_starts, tok_ends) -> np.ndarray:
    """Bool per token: shares a character with one of the spans [starts, ends)."""
    n = len(tok_starts)
    i = np.searchsorted(tok_ends, starts, "right")  # first token ending after the start
    j = np.searchsorted(tok_starts, ends, "left")  # tokens starting before the end
    ok = j > i
    diff = np.bincount(i[ok], minlength=n + 1)[:n + 1] - np.bincount(j[ok], minlength=n + 1)[:n + 1]
    return np.cumsum(diff[:n]) > 0


def kappa_from_codes(ca: np.ndarray, cb: np.ndarray, bits: int) -> float | None:
    """Cohen's kappa of two category codes per token (bit k: covered by the k-th label of the sorted used
    labels), summed in ``core.agreement.kappa_from_masks``'s order (labels inside before outside)."""
    n = len(ca)
    if n == 0:
        return None
    agree = int(np.count_nonzero(ca == cb))
    if bits <= 16:  # few labels: count every code
        na, nb = np.bincount(ca, minlength=1 << bits).tolist(), np.bincount(cb, minlength=1 << bits).tolist()
        count_a = [(c, x) for c, x in enumerate(na) if x]
        count_b = {c: x for c, x in enumerate(nb) if x}
    else:
        va, na = np.unique(ca, return_counts=True)
        vb, nb = np.unique(cb, return_counts=True)
        count_a, count_b = list(zip(va.tolist(), na.tolist())), dict(zip(vb.tolist(), nb.tolist()))
    return _kappa(count_a, count_b, agree, n, bits)


def _kappa(count_a: list[tuple[int, int]], count_b: dict[int, int], agree: int, n: int, bits: int) -> float | None:
    order = sorted(count_a, key=lambda c: tuple(not (c[0] >> k) & 1 for k in range(bits)))
    pe = 0
    for code, count in order:
        if code in count_b:
            pe += count / n * count_b[code] / n
    po = agree / n
    if pe >= 1.0:
        return None
    return (po - pe) / (1 - pe)


JOINT_BITS = 6  # up to this many labels, every kappa comes from one joint count of the two codes


def kappas_from_joint(ca: np.ndarray, cb: np.ndarray, bits: int) -> tuple[list, float | None]:
    """(kappa of each bit's label alone, kappa of the whole codes), as ``kappa_from_codes`` gives them, from
    one count of the (code a, code b) pairs; ``bits`` <= JOINT_BITS."""
    n = len(ca)
    if n == 0:
        return [None] * bits, None
    size = 1 << bits
    joint = np.bincount(ca * size + cb, minlength=size * size).reshape(size, size)
    codes = np.arange(size)
    same = (codes[:, None] ^ codes[None, :])  # bits where the two codes differ
    ma, mb = joint.sum(1).tolist(), joint.sum(0).tolist()
    whole = _kappa([(c, x) for c, x in enumerate(ma) if x], {c: x for c, x in enumerate(mb) if x},
                   int(np.trace(joint)), n, bits)
    per = []
    for k in range(bits):
        inside = (codes >> k) & 1 == 1
        a1, b1 = int(joint[inside].sum()), int(joint[:, inside].sum())
        agree = int(joint[(same >> k) & 1 == 0].sum())
        count_a = [(c, x) for c, x in ((1, a1), (0, n - a1)) if x]
        count_b = {c: x for c, x in ((1, b1), (0, n - b1)) if x}
        per.append(_kappa(count_a, count_b, agree, n, 1))
    return per, whole


# -- Krippendorff's unitizing alpha ------------------------------------------------------------------------

def merged(s, e):
    """One coder's sorted units with overlapping ones joined (touching ones stay two)."""
    if len(s) < 2:
        return s, e
    run = np.maximum.accumulate(e)
    new = np.empty(len(s), bool)
    new[0] = True
    new[1:] = s[1:] >= run[:-1]
    starts = np.flatnonzero(new)
    return s[starts], np.maximum.reduceat(e, starts)


def _pair_distance(sa, ea, sb, eb) -> int:
    """``core.agreement._pair_distance`` for two coders' merged units (sorted, disjoint)."""
    lo = np.searchsorted(eb, sa, "right")  # first b ending after a's start
    hi = np.searchsorted(sb, ea, "left")
    cnt = np.maximum(hi - lo, 0)
    ii = np.repeat(np.arange(len(sa), dtype=I64), cnt)
    jj = np.arange(int(cnt.sum()), dtype=I64) - np.repeat(np.cumsum(cnt) - cnt - lo, cnt)
    hit_b = np.zeros(len(sb), bool)
    hit_b[jj] = True
    total = sum(((sa[ii] - sb[jj]) ** 2 + (ea[ii] - eb[jj]) ** 2).tolist())
    total += sum(((ea - sa)[cnt == 0] ** 2).tolist())
    total += sum(((eb - sb)[~hit_b] ** 2).tolist())
    return total


def alpha_u_parts(sa, ea, sb, eb, walls, length: int) -> tuple[float, float]:
    """``core.agreement.alpha_u_parts`` for two coders: units sorted by (start, end) on the continuum;
    ``walls``: every shared document's start and the continuum's end (gaps stop there); ``length``: the
    continuum's length."""
    m = 2
    ma, mb = merged(sa, ea), merged(sb, eb)
    observed = 2 * _pair_distance(*ma, *mb)
    d_o = observed / (m * (m - 1) * length * length) if length else 0.0
    gaps = []
    for s, e in (ma, mb):  # gaps between units and walls (zero-length units at the documents' edges)
        gs = np.concatenate([s, walls])
        ge = np.concatenate([e, walls])
        order = np.lexsort((ge, gs))
        g = gs[order][1:] - ge[order][:-1]
        gaps.append(g[g > 0])
    gaps = np.sort(np.concatenate(gaps))
    units = np.concatenate([ma[1] - ma[0], mb[1] - mb[0]])
    n_c = len(units)
    values, first, counts = np.unique(units, return_index=True, return_counts=True)
    suffix = [0] * (len(gaps) + 1)
    if len(gaps):
        suffix[:-1] = np.cumsum(gaps[::-1])[::-1].tolist()  # suffix[k] = sum of gaps[k:]
    glist = gaps.tolist()
    total = 0
    for f, l, count in sorted(zip(first.tolist(), values.tolist(), counts.tolist())):  # Counter's order
        k = bisect_left(glist, l)
        fit = suffix[k] - (l - 1) * (len(glist) - k)  # sum over gaps g >= l of (g - l + 1)
        total += count * ((n_c - 1) * (2 * l ** 3 - 3 * l ** 2 + l) / 3 + l * l * fit)
    denominator = m * length * (m * length - 1) - sum((units * (units - 1)).tolist())
    d_e = (2 / length) * total / denominator if length and denominator > 0 else 0.0
    return d_o, d_e
