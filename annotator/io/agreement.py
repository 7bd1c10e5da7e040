"""Agreement between a project's annotators (Qt-free; `annotator agreement` and View > Agreement).

    compute_agreement(project, annotators=None, labels=None, doc_ids=None) -> AgreementResult

Pairwise for every pair of annotators (default: every annotator with accepted spans except
``adjudicated``), per label and overall ("ALL"), over the documents both annotated (each has at least
one accepted span there). Measures are described in ``annotator.core.agreement``; they are computed here on
numpy columns (one read of the spans, one of the tokens; ``agreement_np`` holds the kernels,
``agreement_details`` the per-document scores and disagreements) and give the reference's figures bit for
bit (tests/test_team_agreement_fast.py). numpy is imported on the first call, not with this module.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from collections import defaultdict
from itertools import combinations
from operator import itemgetter

from ..core import agreement as m
from ..core.annotators import ADJUDICATED
from ..core.errors import AnnotatorError, NotFound
from ..core.models import Status

ALL = "ALL"
CODE_BITS = 62  # labels a token's category code (one bit a label, in an int64) can hold


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
    import numpy as np

    from . import agreement_np as k

    known_labels = [l.name for l in project.labels()]
    if labels:
        unknown = [x for x in labels if x not in known_labels]
        if unknown:
            raise AnnotatorError(f"unknown label(s) {', '.join(unknown)}: the project has {', '.join(known_labels)}")
    accepted = project.span_tuples([Status.ACCEPTED])  # (id, doc, start, end, label, annotator, status)
    cols = [list(map(itemgetter(c), accepted)) for c in (4, 5)]  # columns (one zip(*) is slower)
    present = sorted(set(cols[1]))
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
        bad = [i for i in doc_ids if not _has_doc(project, i)]
        if bad:
            raise AnnotatorError(f"no document with id {', '.join(map(str, bad))} in {project.path}")
    use_labels = list(labels) if labels else known_labels
    n = len(accepted)
    ints = [np.fromiter(map(itemgetter(c), accepted), np.int64, n) for c in range(4)]
    span = Spans(*ints, _codes(cols[0], {l: i for i, l in enumerate(use_labels)}),
                 _codes(cols[1], {a: i for i, a in enumerate(names)}))
    docs_of = {a: set(np.unique(span.doc[span.who == i]).tolist()) for i, a in enumerate(names)}
    only = set(doc_ids) if doc_ids is not None else None
    result = AgreementResult(names, use_labels)
    tokens: dict[int, tuple] = {}
    links = project.links()
    ends = {x.source_id for x in links} | {x.target_id for x in links}
    by_id = {}
    if links and n:
        wanted = np.zeros(int(span.id.max()) + 1, bool)
        wanted[[e for e in ends if 0 <= e < len(wanted)]] = True
        pick = np.flatnonzero(wanted[span.id])
        by_id = dict(zip(span.id[pick].tolist(), zip(span.doc[pick].tolist(), span.start[pick].tolist(),
                                                     span.end[pick].tolist(), map(cols[0].__getitem__, pick.tolist()))))
    missing = ends - by_id.keys()
    if missing:  # links to spans not accepted (rare): looked up by id
        names_of = {l.id: l.name for l in project.labels()}
        for r in project.backend.fetch_rows("span", sorted(missing)):
            by_id[r["id"]] = (r["doc_id"], r["start"], r["end"], names_of.get(r["label_id"], "?"))
    for (ia, a), (ib, b) in combinations(enumerate(names), 2):
        shared = docs_of[a] & docs_of[b]
        if only is not None:
            shared &= only
        pair = _Pair(project, k, np, sorted(shared), span, tokens)
        _score_pair(pair, result, a, b, pair.layer(ia), pair.layer(ib), use_labels, details)
        _score_links(links, result, a, b, shared, by_id)
    return result


def _has_doc(project, doc_id) -> bool:
    try:
        project.doc_length(doc_id)
    except NotFound:
        return False
    return True


def _codes(values, index: dict):
    """Each value's index (-1 for the others), as an int64 array."""
    import numpy as np

    lookup = defaultdict(lambda: -1, index)
    return np.fromiter(map(lookup.__getitem__, values), np.int64, len(values))


@dataclass
class Spans:
    """The accepted spans as columns: id, document, start, end, label (index in the labels used, -1 for
    others) and annotator (index in the names compared, -1 for others)."""
    id: object
    doc: object
    start: object
    end: object
    label: object
    who: object


class _Pair:
    """The continuum of one pair's shared documents: positions, walls, tokens (see ``agreement_np``)."""

    def __init__(self, project, k, np, shared: list[int], span: Spans, token_cache: dict):
        self.project, self.k, self.np, self.shared, self.span = project, k, np, shared, span
        lengths = [project.doc_length(d) for d in shared]
        self.length = sum(lengths)
        self.bases = np.cumsum([0] + lengths[:-1], dtype=np.int64) if shared else np.zeros(0, np.int64)
        top = max(shared[-1] if shared else 0, int(span.doc.max()) if len(span.doc) else 0)
        self.base_of = np.full(top + 1, -1, np.int64)  # document id -> its start on the continuum
        self.base_of[shared] = self.bases
        self.walls = np.append(self.bases, self.length)
        self.span_end = self.length + 1  # > every position: (start, end) as one int
        todo = [d for d in shared if d not in token_cache]
        if todo:  # stored tokens (pack_tokens: start, end as C ints), read in one go
            rows = project.backend.token_rows(todo)
            flat = np.frombuffer(b"".join(r["data"] for r in rows), dtype=np.intc).astype(np.int64)
            cut = np.cumsum([len(r["data"]) // np.dtype(np.intc).itemsize for r in rows])
            for r, part in zip(rows, np.split(flat, cut[:-1]) if rows else []):
                token_cache[r["doc_id"]] = (part[0::2], part[1::2])
        for d in todo:
            if d not in token_cache:  # no stored tokens: rough ones from the text
                index = project.token_index(d)
                token_cache[d] = (np.asarray(index.starts, np.int64), np.asarray(index.ends, np.int64))
        toks = [token_cache[d] for d in shared]
        counts = np.array([len(t[0]) for t in toks], np.int64)
        shift = np.repeat(self.bases, counts)
        self.tok_starts = np.concatenate([t[0] for t in toks]) + shift if toks else np.zeros(0, np.int64)
        self.tok_ends = np.concatenate([t[1] for t in toks]) + shift if toks else np.zeros(0, np.int64)

    def layer(self, who: int) -> dict:
        """label index -> (continuum starts, ends, row indices), sorted as (document, start, end, id)."""
        np, s = self.np, self.span
        rows = np.flatnonzero((s.who == who) & (s.label >= 0))
        base = self.base_of[s.doc[rows]]
        rows, base = rows[base >= 0], base[base >= 0]
        gs, ge = base + s.start[rows], base + s.end[rows]
        order = np.lexsort((s.id[rows], ge, gs))
        rows, gs, ge = rows[order], gs[order], ge[order]
        labs = s.label[rows]
        out = {}
        for lab in np.unique(labs).tolist():
            pick = labs == lab
            out[lab] = (gs[pick], ge[pick], rows[pick])
        return out


def _score_pair(pair: _Pair, result, a, b, ga, gb, labels, details) -> None:
    k, np = pair.k, pair.np
    shared, n_tokens = pair.shared, len(pair.tok_starts)
    used = [i for i in range(len(labels)) if i in ga or i in gb]
    bit = {lab: n for n, lab in enumerate(sorted(used, key=labels.__getitem__))}
    wide = len(used) > CODE_BITS  # too many labels for a category code in an int64: Python bitsets
    code_a, code_b = np.zeros(n_tokens, np.int64), np.zeros(n_tokens, np.int64)
    masks_a, masks_b, kappas = {}, {}, {}
    empty = (np.zeros(0, np.int64),) * 3
    counts, parts = [], []  # per label: (n_a, n_b, exact, overlap, D_o, D_e); (label, a's, b's, matches, exact)
    for lab in used:
        label = labels[lab]
        sa, ea, ra = ga.get(lab, empty)
        sb, eb, rb = gb.get(lab, empty)
        common = k.exact_common(sa, ea, sb, eb, pair.span_end)
        found = k.match_places(sa, ea, sb, eb)
        parts.append((label, (sa, ea, ra), (sb, eb, rb), found, common))
        cov_a = k.coverage(sa, ea, pair.tok_starts, pair.tok_ends)
        cov_b = k.coverage(sb, eb, pair.tok_starts, pair.tok_ends)
        if wide:
            masks_a[label] = int.from_bytes(cov_a.astype(np.uint8).tobytes(), "little")
            masks_b[label] = int.from_bytes(cov_b.astype(np.uint8).tobytes(), "little")
        else:
            code_a |= cov_a.astype(np.int64) << bit[lab]
            code_b |= cov_b.astype(np.int64) << bit[lab]
        if wide or len(used) > k.JOINT_BITS:
            kappas[lab] = k.kappa_from_codes(cov_a.astype(np.int64), cov_b.astype(np.int64), 1)
        counts.append((len(sa), len(sb), len(common), len(found[0]), *k.alpha_u_parts(sa, ea, sb, eb, pair.walls,
                                                                                      pair.length)))
    if wide:
        kappa = m.kappa_from_masks(masks_a, masks_b, n_tokens)
    elif len(used) > k.JOINT_BITS:
        kappa = k.kappa_from_codes(code_a, code_b, len(used))
    else:
        per, kappa = k.kappas_from_joint(code_a, code_b, len(used))
        kappas = {lab: per[bit[lab]] for lab in used}
    n_a = n_b = n_exact = n_matched = 0
    sum_o = sum_e = 0.0
    rows = []
    for lab, (na, nb, ex, ov, d_o, d_e) in zip(used, counts):
        n_a, n_b, n_exact, n_matched = n_a + na, n_b + nb, n_exact + ex, n_matched + ov
        sum_o, sum_e = sum_o + d_o, sum_e + d_e
        rows.append(PairScore(a, b, labels[lab], m.f1(ex, na, nb), m.f1(ov, na, nb), kappas[lab],
                              m.alpha_u(d_o, d_e), na, nb, len(shared)))
    result.pairs.append(PairScore(a, b, ALL, m.f1(n_exact, n_a, n_b), m.f1(n_matched, n_a, n_b), kappa,
                                  m.alpha_u(sum_o, sum_e), n_a, n_b, len(shared)))
    result.pairs.extend(rows)
    if details:
        from .agreement_details import disagreements

        disagreements(pair, result, a, b, parts)


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
