"""Per-document scores and the list of disagreements of one pair (the Agreement window's details), on
the columns ``annotator.io.agreement`` reads; the same lists, in the same order, as a span-by-span walk:
matched spans with other offsets ("boundary"), then unmatched spans overlapping an unmatched span of
another label ("label", matched like overlap F1 over labels), then the rest ("only_a", "only_b"), sorted
by (document, start, end, kind), ties in that order."""

from __future__ import annotations

from itertools import repeat

import numpy as np

from ..core import agreement as m
from . import agreement as io
from . import agreement_np as k

KINDS = ("boundary", "label", "only_a", "only_b")  # in their sorting order


def _layer(pair, parts: list, side: int):
    """One side's units of every label, one after the other (label order): continuum start, end, row."""
    gs = [p[side][0] for p in parts]
    ge = [p[side][1] for p in parts]
    rows = [p[side][2] for p in parts]
    labs = [np.full(len(p[side][0]), n, np.int64) for n, p in enumerate(parts)]
    cat = (lambda xs: np.concatenate(xs) if xs else np.zeros(0, np.int64))
    return cat(gs), cat(ge), cat(rows), cat(labs)


def disagreements(pair, result, a: str, b: str, parts: list) -> None:
    """``parts``: per label (label, a's (starts, ends, rows), b's, matches (i array, j array), the places both have as
    ``agreement_np.exact_common`` gives them)."""
    span, shared = pair.span, pair.shared
    names = [p[0] for p in parts]
    gsa, gea, ra, la = _layer(pair, parts, 1)
    gsb, geb, rb, lb = _layer(pair, parts, 2)
    off_a = np.cumsum([0] + [len(p[1][0]) for p in parts])
    off_b = np.cumsum([0] + [len(p[2][0]) for p in parts])
    mi = np.concatenate([p[3][0] + off_a[n] for n, p in enumerate(parts)] or [np.zeros(0, np.int64)])
    mj = np.concatenate([p[3][1] + off_b[n] for n, p in enumerate(parts)] or [np.zeros(0, np.int64)])
    doc_a, doc_b = span.doc[ra], span.doc[rb]
    s_a, e_a, s_b, e_b = span.start[ra], span.end[ra], span.start[rb], span.end[rb]
    found = []  # (doc, start, end, kind, index in a or -1, index in b or -1), in the reference's order
    differ = (s_a[mi] != s_b[mj]) | (e_a[mi] != e_b[mj])
    i, j = mi[differ], mj[differ]
    found.append((doc_a[i], np.minimum(s_a[i], s_b[j]), np.maximum(e_a[i], e_b[j]), 0, i, j))
    free_a = np.ones(len(gsa), bool)
    free_a[mi] = False
    free_b = np.ones(len(gsb), bool)
    free_b[mj] = False
    lone_a, lone_b = np.flatnonzero(free_a), np.flatnonzero(free_b)
    oa = lone_a[np.lexsort((np.arange(len(lone_a)), gea[lone_a], gsa[lone_a]))]
    ob = lone_b[np.lexsort((np.arange(len(lone_b)), geb[lone_b], gsb[lone_b]))]
    pairs = k.match_places(gsa[oa], gea[oa], gsb[ob], geb[ob])
    i, j = oa[pairs[0]], ob[pairs[1]]
    found.append((doc_a[i], np.minimum(s_a[i], s_b[j]), np.maximum(e_a[i], e_b[j]), 1, i, j))
    free_a[i] = False
    free_b[j] = False
    i, j = np.flatnonzero(free_a), np.flatnonzero(free_b)
    found.append((doc_a[i], s_a[i], e_a[i], 2, i, np.full(len(i), -1, np.int64)))
    found.append((doc_b[j], s_b[j], e_b[j], 3, np.full(len(j), -1, np.int64), j))
    doc = np.concatenate([f[0] for f in found])
    start = np.concatenate([f[1] for f in found])
    end = np.concatenate([f[2] for f in found])
    kind = np.concatenate([np.full(len(f[0]), f[3], np.int64) for f in found])
    ia = np.concatenate([f[4] for f in found])
    ib = np.concatenate([f[5] for f in found])
    order = np.lexsort((kind, end, start, doc))  # stable: ties keep the order above
    n_found = len(order)
    result.disagreements.extend(map(
        io.Disagreement, doc[order].tolist(), repeat(a, n_found), repeat(b, n_found),
        map(KINDS.__getitem__, kind[order].tolist()), _spans(span, ra, s_a, e_a, la, names, ia[order]),
        _spans(span, rb, s_b, e_b, lb, names, ib[order]), start[order].tolist(), end[order].tolist()))
    # per-document scores
    n = len(shared)
    pos_of = np.full(len(pair.base_of), -1, np.int64)
    pos_of[shared] = np.arange(n)
    count = (lambda docs: np.bincount(pos_of[docs], minlength=n).tolist() if n else [])
    exact_docs = [np.searchsorted(pair.bases, p[4] // pair.span_end, "right") - 1 for p in parts]
    exact = np.bincount(np.concatenate(exact_docs), minlength=n).tolist() if exact_docs and n else [0] * n
    n_a, n_b, ov, dis = count(doc_a), count(doc_b), count(doc_a[mi]), count(doc)
    titles = _titles(pair.project, shared)
    for p, d in enumerate(shared):
        result.docs.append(io.DocScore(d, titles.get(d, ""), a, b, m.f1(exact[p], n_a[p], n_b[p]),
                                       m.f1(ov[p], n_a[p], n_b[p]), n_a[p], n_b[p], dis[p]))


def _spans(span, rows, starts, ends, labels, names, picks) -> list:
    """(span id, start, end, label) of the units ``picks`` (indices into one side's units), None for -1."""
    has = picks >= 0
    got = picks[has]
    out = [None] * len(picks)
    tuples = zip(span.id[rows[got]].tolist(), starts[got].tolist(), ends[got].tolist(),
                 map(names.__getitem__, labels[got].tolist()))
    for x, t in zip(np.flatnonzero(has).tolist(), tuples):
        out[x] = t
    return out


def _titles(project, doc_ids: list[int]) -> dict[int, str]:
    return {r["id"]: r["title"] for r in project.backend.fetch_rows("document", doc_ids)}
