"""The comparison matrix: one row per source passage with at least one link, one column per other document.

Qt-free, shared by ``annotator compare`` and the app's comparison view. A link counts when one end is a span
of the source document and the other a span of another document (either direction); the source end is the
row's passage, the other end the cell. ``status="accepted"``: accepted links only; ``"all"``: suggested ones
too (marked). Rejected links are never shown: they record that the pair is wrong.

In a project merged from several annotators every layer has its own spans and links, so one place retold
once would show once per annotator: ``annotator=NAME`` keeps the links whose retelling span is in that
layer (and counts that layer's spans); ``default_layer`` says which layer a view should start from.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from ...core.errors import AnnotatorError
from ...core.annotators import ADJUDICATED
from ...core.models import TRACE_RELATIONS, Status

STATUS_CHOICES = ("accepted", "all")


class CompareError(AnnotatorError):
    pass


@dataclass(frozen=True)
class Column:
    doc_id: int
    header: str  # outlet, else title (made unique)
    title: str
    outlet: str


class Cell(NamedTuple):
    """One link shown in a cell (a light immutable record: the matrix makes 10,000 of them). Its word diff is
    computed only when asked for (hover, export)."""

    doc_id: int
    link_id: int
    span_id: int  # the retelling's span
    start: int
    end: int
    text: str  # the retelling's words
    relation: str  # the link type: quotes / paraphrases / distorts (or another type the analyst used)
    status: str  # accepted or suggested
    label: str
    score: float | None = None

    def diff(self, passage: str):
        """Word diff of this cell's text against the row's passage (annotator.nlp.align.diff ops)."""
        from ...nlp.align.diff import word_diff

        return word_diff(self.text, passage)


@dataclass
class Row:
    start: int  # the source passage, code points into the source text
    end: int
    text: str
    labels: tuple[str, ...]
    span_ids: tuple[int, ...]  # source spans with exactly these offsets
    cells: dict[int, list[Cell]] = field(default_factory=dict)  # doc_id -> cells, by retelling offset

    @property
    def outlets(self) -> int:
        """How many columns (documents) retell this passage."""
        return sum(1 for cells in self.cells.values() if cells)

    def count(self, relation: str) -> int:
        """How many columns have at least one cell with this relation (for 'sort by distorts')."""
        return sum(1 for cells in self.cells.values() if any(c.relation == relation for c in cells))


@dataclass
class Matrix:
    source_id: int
    source_title: str
    columns: list[Column]
    rows: list[Row]
    status: str
    labels: tuple[str, ...] | None
    label_counts: dict[int, Counter] = field(default_factory=dict)  # doc_id -> label -> spans
    relation_counts: dict[int, Counter] = field(default_factory=dict)  # doc_id -> relation -> links shown
    annotator: str | None = None  # the layer shown (None: every layer)

    def relations(self) -> list[str]:
        """Relations in use, the three trace relations first."""
        seen = {c.relation for r in self.rows for cells in r.cells.values() for c in cells}
        return [r for r in TRACE_RELATIONS] + sorted(seen - set(TRACE_RELATIONS))


def layers(project) -> list[str]:
    """The annotators with spans in the project (several in a merged project), 'adjudicated' first."""
    names = sorted(project.span_counts_by_author())
    return sorted(names, key=lambda n: n != ADJUDICATED)


def default_layer(project) -> str | None:
    """Which layer a comparison starts from: None (all) when the project has one layer; else the adjudicated
    layer if there is one, else the current annotator's own, else the first."""
    names = layers(project)
    if len(names) <= 1:
        return None
    if ADJUDICATED in names:
        return ADJUDICATED
    return project.annotator if project.annotator in names else names[0]


def build_matrix(project, source_id: int, *, status: str = "accepted", labels=None, doc_ids=None,
                 annotator: str | None = None) -> Matrix:
    """The comparison matrix of ``source_id`` against the other documents (``doc_ids``: only these columns).
    ``labels``: only links whose retelling span (or passage) has one of these labels; ``annotator``: only that
    annotator's layer."""
    if status not in STATUS_CHOICES:
        raise CompareError(f"unknown status filter {status!r}: use accepted or all")
    if annotator is not None:
        have = layers(project)
        if annotator not in have:
            raise CompareError(f"no spans by annotator {annotator!r} in the project "
                               f"(annotators: {', '.join(have) or 'none'})")
    docs = {d.id: d for d in project.documents()}
    if source_id not in docs:
        raise CompareError(f"no document with id {source_id} in the project")
    if labels is not None:
        labels = tuple(dict.fromkeys(labels))
        known = {l.name for l in project.labels()}
        unknown = [l for l in labels if l not in known]
        if unknown:
            raise CompareError(f"unknown label(s) {', '.join(unknown)}: the project has {', '.join(sorted(known))}")
    wanted = [d for d in docs if d != source_id] if doc_ids is None else list(dict.fromkeys(doc_ids))
    missing = [d for d in wanted if d not in docs]
    if missing:
        raise CompareError(f"no document with id {', '.join(map(str, missing))} in the project")
    if source_id in wanted:
        raise CompareError(f"document {source_id} is the source; it has no column of its own")
    columns = _columns([docs[d] for d in wanted])
    statuses = (Status.ACCEPTED,) if status == "accepted" else (Status.ACCEPTED, Status.SUGGESTED)
    source_text = project.document(source_id).text
    texts: dict[int, str] = {}
    in_columns = set(wanted)
    names = {l.id: l.name for l in project.labels()}
    # one query of plain tuples, oriented (passage, other end) and in row and cell order: no Link or span
    # objects, no sorting here, for 10,000 links
    ordered: list[Row] = []
    row = cells = None
    key = None
    for (link_id, rel, st, score, p_id, p0, p1, p_label, o_id, o_doc, o0, o1,
         o_label) in project.trace_pairs(source_id, statuses, annotator):
        if o_doc not in in_columns:
            continue
        o_label, p_label = names.get(o_label, "?"), names.get(p_label, "?")
        if labels is not None and o_label not in labels and p_label not in labels:
            continue
        if row is None or row.start != p0 or row.end != p1:
            row = Row(p0, p1, source_text[p0:p1], (p_label,), (p_id,))
            ordered.append(row)
            key = None
        elif p_id not in row.span_ids:
            row.span_ids += (p_id,)
            if p_label not in row.labels:
                row.labels += (p_label,)
        if o_doc != key:  # cells of one document come together (the query's order)
            key = o_doc
            text = texts.get(o_doc)
            if text is None:
                text = texts[o_doc] = project.document(o_doc).text
            cells = row.cells.setdefault(o_doc, [])
        cells.append(_new(Cell, (o_doc, link_id, o_id, o0, o1, text[o0:o1], rel, st, o_label, score)))
    tally: dict[tuple[int, str], int] = {}
    for row in ordered:
        for doc_id, cells in row.cells.items():
            for c in cells:
                k = (doc_id, c[6])
                tally[k] = tally.get(k, 0) + 1
    relation_counts: dict[int, Counter] = {c.doc_id: Counter() for c in columns}
    for (doc_id, relation), n in tally.items():
        relation_counts[doc_id][relation] = n
    label_counts = {d: Counter({k: v for k, v in counts.items() if labels is None or k in labels})
                    for d, counts in project.layer_counts(wanted, statuses, annotator).items()}
    return Matrix(source_id, docs[source_id].title, columns, ordered, status, labels, label_counts, relation_counts,
                  annotator)


_new = tuple.__new__  # a Cell without NamedTuple's keyword-handling constructor (10,000 of them)


def _columns(docs) -> list[Column]:
    base = [(d.outlet or d.title or f"Document {d.id}").strip() for d in docs]
    seen = Counter(base)
    out = []
    for d, h in zip(docs, base):
        if seen[h] > 1:  # two documents of one outlet: tell them apart
            h = f"{h} — {d.title or d.id}" if d.outlet and d.title else f"{h} (#{d.id})"
        out.append(Column(d.id, h, d.title, d.outlet))
    return out
