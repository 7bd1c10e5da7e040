"""Agreement between a project's annotators (Qt-free; `annotator agreement` and View > Agreement).

    compute_agreement(project, annotators=None, labels=None, doc_ids=None) -> AgreementResult

Pairwise for every pair of annotators (default: every annotator with accepted spans except
``adjudicated``), per label and overall ("ALL"), over the documents both annotated (each has at least
one accepted span there). Measures are described in ``annotator.core.agreement``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import combinations

from ..core import agreement as m
from ..core.annotators import ADJUDICATED
from ..core.errors import AnnotatorError
from ..core.models import Status

ALL = "ALL"


@dataclass
class PairScore:
    a: str
    b: str
    label: str
    exact_f1: float | None
    overlap_f1: float | None
    kappa: float | None
    alpha_u: float | None
    n_a: int
    n_b: int
    n_docs: int


@dataclass
class LinkScore:
    a: str
    b: str
    type: str
    link_f1: float | None
    n_a: int
    n_b: int
    matched: int
    n_docs: int


@dataclass
class DocScore:
    doc_id: int
    title: str
    a: str
    b: str
    exact_f1: float | None
    overlap_f1: float | None
    n_a: int
    n_b: int
    disagreements: int


@dataclass
class Disagreement:
    """One place two annotators differ. kind: "only_a" / "only_b" (no overlapping span of that label in the
    other layer), "boundary" (same label, overlapping, different offsets), "label" (overlapping, different
    labels). ``span_a``/``span_b``: (span id, start, end, label) or None. start/end: the extent to show."""
    doc_id: int
    a: str
    b: str
    kind: str
    span_a: tuple[int, int, int, str] | None
    span_b: tuple[int, int, int, str] | None
    start: int
    end: int


@dataclass
class AgreementResult:
    annotators: list[str]
    labels: list[str]
    pairs: list[PairScore] = field(default_factory=list)
    links: list[LinkScore] = field(default_factory=list)
    docs: list[DocScore] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)

    def pair(self, a: str, b: str, label: str = ALL) -> PairScore | None:
        for p in self.pairs:
            if {p.a, p.b} == {a, b} and p.label == label:
                return p
        return None

    def to_json(self) -> dict:
        return {"pairs": [asdict(p) for p in self.pairs], "links": [asdict(k) for k in self.links]}

    def matrix(self) -> str:
        return format_matrix(self)


def compute_agreement(project, annotators=None, labels=None, doc_ids=None, details: bool = True) -> AgreementResult:
    """``details``: also the per-document scores and the list of disagreements (the Agreement window needs
    them; the command line does not)."""
    known_labels = [l.name for l in project.labels()]
    if labels:
        unknown = [x for x in labels if x not in known_labels]
        if unknown:
            raise AnnotatorError(f"unknown label(s) {', '.join(unknown)}: the project has {', '.join(known_labels)}")
    accepted = project.span_tuples([Status.ACCEPTED])  # (id, doc, start, end, label, annotator, status)
    present = sorted({s[5] for s in accepted})
    if annotators:
        missing = [a for a in annotators if a not in present]
        if missing:
            raise AnnotatorError(f"no accepted spans by {', '.join(missing)} in {project.path} "
                                 f"(annotators: {', '.join(present) or 'none'})")
        names = list(annotators)
    else:
        names = [a for a in present if a != ADJUDICATED]
    if len(names) < 2:
        raise AnnotatorError(f"agreement needs two annotators with accepted spans; {project.path} has "
                             f"{', '.join(names) or 'none'}")
    if doc_ids is not None:
        have = {d.id for d in project.documents()}
        bad = [i for i in doc_ids if i not in have]
        if bad:
            raise AnnotatorError(f"no document with id {', '.join(map(str, bad))} in {project.path}")
    use_labels = list(labels) if labels else known_labels
    wanted = set(use_labels)
    docs_of: dict[str, set[int]] = {a: set() for a in names}
    rows: dict[str, dict[str, list]] = {a: {} for a in names}
    for sid, doc, start, end, label, author, _ in accepted:
        if author in docs_of:
            docs_of[author].add(doc)
            if label in wanted:
                group = rows[author].get(label)
                if group is None:
                    group = rows[author][label] = []
                group.append((doc, start, end, sid))
    units: dict[str, dict[str, tuple[list, list]]] = {a: {} for a in names}  # annotator -> label -> (places, ids)
    for author, groups in rows.items():
        for label, group in groups.items():
            group.sort()  # nearly sorted already (rowid order): cheap
            units[author][label] = ([g[:3] for g in group], [g[3] for g in group])
    only = set(doc_ids) if doc_ids is not None else None
    result = AgreementResult(names, use_labels)
    titles = {d.id: d.title for d in project.documents()} if details else {}
    cache: dict[int, tuple] = {}
    links = project.links()
    ends = {k.source_id for k in links} | {k.target_id for k in links}
    by_id = {s[0]: s[1:5] for s in accepted if s[0] in ends} if links else {}
    missing = ends - by_id.keys()
    if missing:  # links to spans not accepted (rare): looked up by id
        names_of = {l.id: l.name for l in project.labels()}
        for r in project.span_rows(missing):
            by_id[r["id"]] = (r["doc_id"], r["start"], r["end"], names_of.get(r["label_id"], "?"))
    for a, b in combinations(names, 2):
        shared = docs_of[a] & docs_of[b]
        if only is not None:
            shared &= only
        ua = _within(units[a], shared, docs_of[a])
        ub = _within(units[b], shared, docs_of[b])
        _score_pair(project, result, a, b, sorted(shared), ua, ub, use_labels, titles, cache, details)
        _score_links(links, result, a, b, shared, by_id)
    return result


def _within(groups: dict, shared: set[int], docs: set[int]) -> dict:
    """An annotator's label groups limited to the shared documents (as they are when all are shared)."""
    if docs <= shared:
        return groups
    out = {}
    for label, (places, ids) in groups.items():
        keep = [k for k, p in enumerate(places) if p[0] in shared]
        if keep:
            out[label] = ([places[k] for k in keep], [ids[k] for k in keep])
    return out


def _doc_info(project, doc_id: int, cache: dict) -> tuple:
    got = cache.get(doc_id)
    if got is None:
        index = project.token_index(doc_id)
        got = cache[doc_id] = (project.doc_length(doc_id), (index.starts, index.ends))
    return got


def _score_pair(project, result, a, b, shared, ga, gb, labels, titles, cache, details) -> None:
    tokens, offsets, lengths, n_tokens = {}, {}, {}, 0
    for d in shared:
        length, tok = _doc_info(project, d, cache)
        tokens[d], offsets[d], lengths[d] = tok, n_tokens, length
        n_tokens += len(tok[0])
    used = [l for l in labels if l in ga or l in gb]
    masks_a, masks_b, matches = {}, {}, []
    n_a = n_b = n_exact = n_matched = 0
    sum_o = sum_e = 0.0
    rows = []
    ua, ub = [], []  # flat (unit, span id) lists, for the disagreements
    for label in used:
        pa, ia = ga.get(label, ([], []))
        pb, ib = gb.get(label, ([], []))
        na, nb = len(pa), len(pb)
        ex = len(set(pa) & set(pb))
        found = m.match_places(pa, pb)
        if details:
            matches += [(len(ua) + i, len(ub) + j) for i, j in found]
            ua += [((d, s, e, label), sid) for (d, s, e), sid in zip(pa, ia)]
            ub += [((d, s, e, label), sid) for (d, s, e), sid in zip(pb, ib)]
        masks_a[label] = m.token_mask(pa, tokens, offsets, n_tokens)
        masks_b[label] = m.token_mask(pb, tokens, offsets, n_tokens)
        kappa = m.kappa_from_masks({label: masks_a[label]}, {label: masks_b[label]}, n_tokens)
        d_o, d_e = m.alpha_u_parts([pa, pb], lengths)
        n_a, n_b, n_exact, n_matched = n_a + na, n_b + nb, n_exact + ex, n_matched + len(found)
        sum_o, sum_e = sum_o + d_o, sum_e + d_e
        rows.append(PairScore(a, b, label, m.f1(ex, na, nb), m.f1(len(found), na, nb), kappa, m.alpha_u(d_o, d_e),
                              na, nb, len(shared)))
    result.pairs.append(PairScore(a, b, ALL, m.f1(n_exact, n_a, n_b), m.f1(n_matched, n_a, n_b),
                                  m.kappa_from_masks(masks_a, masks_b, n_tokens), m.alpha_u(sum_o, sum_e),
                                  n_a, n_b, len(shared)))
    result.pairs.extend(rows)
    if details:
        _disagreements(result, a, b, shared, ua, ub, matches, titles)


def _disagreements(result, a, b, shared, ua, ub, matches, titles) -> None:
    A = [u for u, _ in ua]
    B = [u for u, _ in ub]
    matched_a = {i: j for i, j in matches}
    matched_b = {j for _, j in matches}
    found: list[Disagreement] = []

    def span(x, sid):
        return (sid, x[1], x[2], x[3])

    for i, j in matches:
        if A[i] != B[j]:
            found.append(Disagreement(A[i][0], a, b, "boundary", span(A[i], ua[i][1]), span(B[j], ub[j][1]),
                                      min(A[i][1], B[j][1]), max(A[i][2], B[j][2])))
    lone_a = [i for i in range(len(A)) if i not in matched_a]
    lone_b = [j for j in range(len(B)) if j not in matched_b]
    # unmatched spans that overlap an unmatched span of another label: a label disagreement
    pairs = m.match_overlaps([(A[i][0], A[i][1], A[i][2], "") for i in lone_a],
                             [(B[j][0], B[j][1], B[j][2], "") for j in lone_b])
    paired_a = {lone_a[x] for x, _ in pairs}
    paired_b = {lone_b[y] for _, y in pairs}
    for x, y in pairs:
        i, j = lone_a[x], lone_b[y]
        found.append(Disagreement(A[i][0], a, b, "label", span(A[i], ua[i][1]), span(B[j], ub[j][1]),
                                  min(A[i][1], B[j][1]), max(A[i][2], B[j][2])))
    for i in lone_a:
        if i not in paired_a:
            found.append(Disagreement(A[i][0], a, b, "only_a", span(A[i], ua[i][1]), None, A[i][1], A[i][2]))
    for j in lone_b:
        if j not in paired_b:
            found.append(Disagreement(B[j][0], a, b, "only_b", None, span(B[j], ub[j][1]), B[j][1], B[j][2]))
    found.sort(key=lambda x: (x.doc_id, x.start, x.end, x.kind))
    result.disagreements.extend(found)
    # per-document scores
    per: dict[int, list[int]] = {d: [0, 0, 0, 0, 0] for d in shared}  # n_a, n_b, exact, overlap, disagreements
    for u in A:
        per[u[0]][0] += 1
    for u in B:
        per[u[0]][1] += 1
    for u in set(A) & set(B):
        per[u[0]][2] += 1
    for i, _ in matches:
        per[A[i][0]][3] += 1
    for x in found:
        per[x.doc_id][4] += 1
    for d in shared:
        na, nb, ex, ov, dis = per[d]
        result.docs.append(DocScore(d, titles.get(d, ""), a, b, m.f1(ex, na, nb), m.f1(ov, na, nb), na, nb, dis))


def _score_links(links, result, a, b, shared, by_id) -> None:
    keys: dict[str, dict[str, set]] = {a: {}, b: {}}
    for link in links:
        if link.author not in keys:
            continue
        s, t = by_id.get(link.source_id), by_id.get(link.target_id)
        if s is None or t is None or s[0] not in shared or t[0] not in shared:
            continue
        key = (s, t, link.type)  # both ends as (doc, start, end, label)
        keys[link.author].setdefault(link.type, set()).add(key)
        keys[link.author].setdefault(ALL, set()).add(key)
    types = sorted((keys[a].keys() | keys[b].keys()) - {ALL})
    for t in [ALL] + types:
        ka, kb = keys[a].get(t, set()), keys[b].get(t, set())
        both = len(ka & kb)
        result.links.append(LinkScore(a, b, t, m.f1(both, len(ka), len(kb)), len(ka), len(kb), both, len(shared)))


def _fmt(x: float | None) -> str:
    return "   -  " if x is None else f"{x:6.3f}"


def format_matrix(r: AgreementResult) -> str:
    names = r.annotators
    width = max(10, *(len(n) for n in names)) + 1
    out = []
    for metric in ("exact_f1", "overlap_f1", "kappa", "alpha_u"):
        out.append(f"{metric} (ALL labels)")
        out.append(" " * width + "".join(f"{n[:width - 1]:>{width}}" for n in names))
        for x in names:
            cells = []
            for y in names:
                p = r.pair(x, y) if x != y else None
                cells.append(f"{'1.000' if x == y else (_fmt(getattr(p, metric)).strip() if p else '-'):>{width}}")
            out.append(f"{x[:width - 1]:<{width}}" + "".join(cells))
        out.append("")
    out.append(f"{'a':<12} {'b':<12} {'label':<10} {'docs':>5} {'n_a':>6} {'n_b':>6} {'exact':>6} {'overlap':>7} "
               f"{'kappa':>6} {'alpha_u':>7}")
    for p in r.pairs:
        out.append(f"{p.a[:12]:<12} {p.b[:12]:<12} {p.label[:10]:<10} {p.n_docs:>5} {p.n_a:>6} {p.n_b:>6} "
                   f"{_fmt(p.exact_f1)} {_fmt(p.overlap_f1):>7} {_fmt(p.kappa)} {_fmt(p.alpha_u):>7}")
    if r.links:
        out.append("")
        out.append(f"{'a':<12} {'b':<12} {'link type':<12} {'n_a':>6} {'n_b':>6} {'link_f1':>7}")
        for k in r.links:
            out.append(f"{k.a[:12]:<12} {k.b[:12]:<12} {k.type[:12]:<12} {k.n_a:>6} {k.n_b:>6} {_fmt(k.link_f1):>7}")
    return "\n".join(out)
