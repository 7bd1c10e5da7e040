"""Inter-annotator agreement measures over spans (stdlib only; no project access).

A unit is ``(doc_id, start, end, label)`` in code-point offsets. Every measure compares two annotators
over the documents both annotated.

- exact F1: units match when document, label, start and end are equal: 2|A∩B| / (|A|+|B|).
- overlap F1: same document and label and at least one shared character, matched one-to-one, largest
  overlap first (ties: earlier spans first): 2·matches / (|A|+|B|).
- kappa: Cohen's kappa over tokens. A token belongs to a span when they share a character. Per label,
  each token is "label" or "not"; for ALL, a token's category is the set of labels covering it ("none"
  when no span does; a token under a QUOTE and a CLAIM of one annotator is the category "CLAIM+QUOTE"),
  so overlapping spans of different labels are counted once per token, as their combination.
- alpha_u: Krippendorff's unitizing alpha (Krippendorff 2004, Content Analysis 2nd ed., ch. 12) over
  characters, per label; the continuum is the shared documents one after the other, gaps never run across a
  document boundary, and overlapping spans of one annotator with the same label count as their union
  (touching ones stay two units).
  ALL is 1 - sum(D_o) / sum(D_e) over the labels (the mean-over-categories form).
Undefined values (nothing to compare, or no variation at all) are None.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import accumulate
from collections.abc import Iterable, Sequence

Unit = tuple[int, int, int, str]  # doc_id, start, end, label


def f1(matches: int, n_a: int, n_b: int) -> float | None:
    return 2 * matches / (n_a + n_b) if n_a + n_b else None


def exact_matches(a: Iterable[Unit], b: Iterable[Unit]) -> int:
    return len(set(a) & set(b))


Place = tuple[int, int, int]  # doc_id, start, end (units of one label)


def place_pairs(a: Sequence[Place], b: Sequence[Place]) -> list[tuple[int, int, int]]:
    """(overlap, index in a, index in b) for every same-document pair sharing a character; ``b`` sorted."""
    if not a or not b:
        return []
    keys = [d << 32 | s for d, s, _ in b]  # (doc, start) as one int: bisect compares ints, not tuples
    longest = max(e - s for _, s, e in b)
    out = []
    for i, (d, s, e) in enumerate(a):
        base = d << 32
        lo = bisect_left(keys, base | (s - longest + 1 if s >= longest else 0))  # earlier ones end before s
        hi = bisect_left(keys, base | e)
        for j in range(lo, hi):
            _, bs, be = b[j]
            ov = (e if e < be else be) - (s if s > bs else bs)
            if ov > 0:
                out.append((ov, i, j))
    return out


def match_places(a: Sequence[Place], b: Sequence[Place]) -> list[tuple[int, int]]:
    """One-to-one matching of one label's units, maximum overlap first: [(index in a, index in b)]; ``b``
    sorted. Greedy (as in the issue: "maximum overlap first"), not a maximum-cardinality assignment."""
    pairs = place_pairs(a, b)
    deg_a = Counter(i for _, i, _ in pairs)
    deg_b = Counter(j for _, _, j in pairs)
    # a pair whose two spans overlap nothing else is matched whatever the order: only the rest are sorted
    out = [(i, j) for _, i, j in pairs if deg_a[i] == 1 and deg_b[j] == 1]
    rest = [p for p in pairs if deg_a[p[1]] > 1 or deg_b[p[2]] > 1]
    # ties broken by the two spans' extents, whichever side they come from: the matching is symmetric
    rest.sort(key=lambda p: (-p[0], a[p[1]][0], *sorted((a[p[1]][1:], b[p[2]][1:]))))
    used_a, used_b = set(), set()
    for _, i, j in rest:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j))
    return out


def by_label(units: Iterable[Unit]) -> dict[str, list[tuple[Place, int]]]:
    """label -> [((doc, start, end), index in ``units``)], sorted by place."""
    out: dict[str, list] = {}
    for n, (d, s, e, lab) in enumerate(units):
        out.setdefault(lab, []).append(((d, s, e), n))
    for v in out.values():
        v.sort()
    return out


def match_overlaps(a: Sequence[Unit], b: Sequence[Unit]) -> list[tuple[int, int]]:
    """``match_places`` label by label, for units of any labels: [(index in a, index in b)]."""
    ga, gb = by_label(a), by_label(b)
    out = []
    for lab, xs in ga.items():
        ys = gb.get(lab)
        if ys:
            for i, j in match_places([p for p, _ in xs], [p for p, _ in ys]):
                out.append((xs[i][1], ys[j][1]))
    return out


# -- Cohen's kappa over tokens ---------------------------------------------------------------------------

def token_masks(units: Iterable[Unit], tokens: dict[int, tuple[Sequence[int], Sequence[int]]],
                offsets: dict[int, int], n_tokens: int) -> dict[str, int]:
    """label -> bitset (one byte per token, bit 0 set when covered) over the concatenated documents' tokens.
    ``tokens``: doc -> (starts, ends); ``offsets``: doc -> index of its first token in the concatenation."""
    groups: dict[str, list] = {}
    for d, s, e, lab in units:
        groups.setdefault(lab, []).append((d, s, e))
    return {lab: token_mask(places, tokens, offsets, n_tokens) for lab, places in groups.items()}


def token_mask(places: Iterable[Place], tokens: dict[int, tuple[Sequence[int], Sequence[int]]],
               offsets: dict[int, int], n_tokens: int) -> int:
    """The tokens covered by one label's units, as a bitset (see ``token_masks``)."""
    arr = bytearray(n_tokens)
    one = b"\x01" * 64
    for d, s, e in places:
        starts, ends = tokens[d]
        i = bisect_right(ends, s)  # first token ending after s
        j = bisect_left(starts, e)  # tokens starting before e
        if j > i:
            base = offsets[d]
            arr[base + i:base + j] = one[:j - i] if j - i <= 64 else b"\x01" * (j - i)
    return int.from_bytes(arr, "little")


def _categories(masks: dict[str, int], full: int) -> dict[tuple[str, ...], int]:
    """Split the token set by label membership: category (sorted labels, () = none) -> bitset."""
    parts: dict[tuple[str, ...], int] = {(): full}
    for lab in sorted(masks):
        m = masks[lab]
        nxt: dict[tuple[str, ...], int] = {}
        for cat, bits in parts.items():
            inside, outside = bits & m, bits & ~m
            if inside:
                nxt[cat + (lab,)] = inside
            if outside:
                nxt[cat] = outside
        parts = nxt
    return parts


def kappa_from_masks(a: dict[str, int], b: dict[str, int], n_tokens: int) -> float | None:
    if n_tokens == 0:
        return None
    full = int.from_bytes(b"\x01" * n_tokens, "little")
    ca, cb = _categories(a, full), _categories(b, full)
    agree = sum((bits & cb[c]).bit_count() for c, bits in ca.items() if c in cb)
    pa = {c: bits.bit_count() / n_tokens for c, bits in ca.items()}
    pe = sum(p * cb[c].bit_count() / n_tokens for c, p in pa.items() if c in cb)
    po = agree / n_tokens
    if pe >= 1.0:
        return None
    return (po - pe) / (1 - pe)


# -- Krippendorff's unitizing alpha ----------------------------------------------------------------------

def _merged(units: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """One coder's units of one category, sorted, overlapping ones joined into their union."""
    out: list[tuple[int, int, int]] = []
    for d, s, e in sorted(units):
        if out and out[-1][0] == d and s < out[-1][2]:
            if e > out[-1][2]:
                out[-1] = (d, out[-1][1], e)
        else:
            out.append((d, s, e))
    return out


def _gaps(merged: list[tuple[int, int, int]], lengths: dict[int, int]) -> list[int]:
    """Lengths of the stretches between one coder's units; gaps stop at document boundaries."""
    gaps, cur, last = [], None, 0
    for d, s, e in merged:
        if d != cur:
            if cur is not None and lengths[cur] > last:
                gaps.append(lengths[cur] - last)
            cur, last = d, 0
        if s > last:
            gaps.append(s - last)
        last = e
    if cur is not None and lengths[cur] > last:
        gaps.append(lengths[cur] - last)
    seen = {d for d, _, _ in merged}
    gaps.extend(n for d, n in lengths.items() if d not in seen and n > 0)
    return gaps


def _pair_distance(a: list[tuple[int, int, int]], b: list[tuple[int, int, int]]) -> int:
    """Sum of Krippendorff's squared distances between two coders' sections: overlapping units give
    (start difference)^2 + (end difference)^2; a unit lying inside the other coder's gap gives its length^2
    (a unit no unit of the other coder overlaps lies inside a gap, gaps stopping at document ends); gaps
    against gaps, and units partly covered, give 0."""
    total, i, j = 0, 0, 0
    hit_a, hit_b = bytearray(len(a)), bytearray(len(b))
    while i < len(a) and j < len(b):
        da, sa, ea = a[i]
        db, sb, eb = b[j]
        if da < db or (da == db and ea <= sb):
            i += 1
        elif db < da or eb <= sa:
            j += 1
        else:
            total += (sa - sb) ** 2 + (ea - eb) ** 2
            hit_a[i] = hit_b[j] = 1
            if ea <= eb:
                i += 1
            else:
                j += 1
    total += sum((e - s) ** 2 for k, (_, s, e) in enumerate(a) if not hit_a[k])
    total += sum((e - s) ** 2 for k, (_, s, e) in enumerate(b) if not hit_b[k])
    return total


def alpha_u_parts(units_by_coder: Sequence[Iterable[tuple[int, int, int]]], lengths: dict[int, int]
                  ) -> tuple[float, float]:
    """(D_o, D_e) of one category for m coders: units ``(doc, start, end)`` on the continuum made of the
    documents ``lengths`` (doc -> number of characters)."""
    m = len(units_by_coder)
    length = sum(lengths.values())
    merged = [_merged(u) for u in units_by_coder]
    observed = 0
    for x in range(m):
        for y in range(x + 1, m):
            observed += 2 * _pair_distance(merged[x], merged[y])
    d_o = observed / (m * (m - 1) * length * length) if length and m > 1 else 0.0
    units = [e - s for mu in merged for _, s, e in mu]
    gaps = sorted(g for mu in merged for g in _gaps(mu, lengths))
    n_c = len(units)
    suffix = list(accumulate(reversed(gaps), initial=0))[::-1]  # suffix[k] = sum of gaps[k:]
    total = 0.0
    for l, count in Counter(units).items():  # many spans share a length: each length once
        k = bisect_left(gaps, l)
        fit = suffix[k] - (l - 1) * (len(gaps) - k)  # sum over gaps g >= l of (g - l + 1)
        total += count * ((n_c - 1) * (2 * l ** 3 - 3 * l ** 2 + l) / 3 + l * l * fit)
    denominator = m * length * (m * length - 1) - sum(l * (l - 1) for l in units)
    d_e = (2 / length) * total / denominator if length and denominator > 0 else 0.0
    return d_o, d_e


def alpha_u(d_o: float, d_e: float) -> float | None:
    return 1 - d_o / d_e if d_e > 0 else None
