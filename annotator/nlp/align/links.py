"""Turning candidates into links: suggested links in bulk (``--add``) and the analyst's decision on one unit."""

from __future__ import annotations

from collections.abc import Sequence

from ...core.changes import Change
from ...core.models import NewSpan, NewTrace, Origin, SpanRef, Status
from .models import AlignError, Candidate, Unit
from .relation import RELATIONS

DEFAULT_SENTENCE_LABEL = "CLAIM"


def add_links(project, units: Sequence[Unit], *, source_id: int | None = None, label: str | None = None) -> Change:
    """The top candidate of every unit becomes a suggested link (type = its relation, with its score), in one
    undo step. The source passage gets a suggested span with the unit's label unless a span with those offsets
    and label exists; a sentence unit gets a suggested span in the retelling too (``label``, else CLAIM, else
    the first label). Units already linked to the source (any status: accepted, suggested or rejected) are
    left alone, so running it twice adds nothing."""
    if not units:
        return Change("Trace to source")
    source_id = _source_of(units, source_id)
    linked = _linked_units(project, source_id, units)
    traces = []
    for u in units:
        if not u.candidates or _key(u) in linked:
            continue
        c = u.candidates[0]
        span_label = u.label or _sentence_label(project, label)
        retelling = _retelling_ref(u, span_label, Status.SUGGESTED)
        passage = SpanRef(doc_id=source_id, span=NewSpan(c.start, c.end, span_label, origin=Origin.ALIGN,
                                                         status=Status.SUGGESTED, score=c.score))
        traces.append(NewTrace(retelling, passage, c.relation, Status.SUGGESTED, c.score, Origin.ALIGN))
    return project.add_traces(traces, "Suggest links to source")


def accept_candidate(project, unit: Unit, candidate: Candidate, relation: str | None = None, *,
                     source_id: int | None = None, label: str | None = None) -> Change:
    """Accept ``candidate`` for ``unit`` (the app's Enter / 1-3) as one undo step: an accepted link of type
    ``relation`` (default: the candidate's), to a source span (an existing one with those offsets and the
    unit's label, else a new one); the unit's suggested links to the source are replaced."""
    relation = relation or candidate.relation
    if relation not in RELATIONS:
        project.link_type(relation)  # any existing link type is allowed; NotFound otherwise
    source_id = _source_of([unit], source_id)
    span_label = unit.label or _sentence_label(project, label)
    retelling = _retelling_ref(unit, span_label, Status.ACCEPTED)
    passage = SpanRef(doc_id=source_id, span=NewSpan(candidate.start, candidate.end, span_label,
                                                     origin=Origin.ALIGN, status=Status.ACCEPTED))
    replace = ()
    if unit.span_id is not None:
        replace = tuple(l.id for l in project.links_for_span(unit.span_id)
                        if l.status == Status.SUGGESTED and l.source_id == unit.span_id)
    trace = NewTrace(retelling, passage, relation, Status.ACCEPTED, candidate.score, Origin.ALIGN, replace=replace)
    return project.add_traces([trace], f"Accept source passage ({relation})")


def _retelling_ref(unit: Unit, label: str, status: str) -> SpanRef:
    if unit.span_id is not None:
        return SpanRef(id=unit.span_id)
    return SpanRef(doc_id=unit.doc_id, span=NewSpan(unit.start, unit.end, label, origin=Origin.ALIGN, status=status))


def _sentence_label(project, label: str | None) -> str:
    names = [l.name for l in project.labels()]
    if label is not None:
        project.label(label)
        return label
    if DEFAULT_SENTENCE_LABEL in names:
        return DEFAULT_SENTENCE_LABEL
    if not names:
        raise AlignError("the project has no labels; add one to trace sentences")
    return names[0]


def _source_of(units: Sequence[Unit], source_id: int | None) -> int:
    if source_id is not None:
        return source_id
    found = {u.source_id for u in units} - {None}
    if len(found) != 1:
        raise AlignError("the units do not name one source document; pass source_id")
    return found.pop()


def _key(u: Unit) -> tuple:
    return (u.doc_id, u.span_id) if u.span_id is not None else (u.doc_id, u.start, u.end)


def _linked_units(project, source_id: int, units: Sequence[Unit]) -> set[tuple]:
    """Units that already have a link (any status) to a span of the source document."""
    source_spans = {s.id for s in project.spans(source_id)}
    out = set()
    by_doc: dict[int, list] = {}
    for link in project.links(source_id):
        if link.target_id in source_spans:
            by_doc.setdefault(link.source_id, []).append(link)
    if not by_doc:
        return out
    spans = {s.id: s for d in {u.doc_id for u in units} for s in project.spans(d)}
    for span_id in by_doc:
        s = spans.get(span_id)
        if s is not None:
            out.add((s.doc_id, s.id))
            out.add((s.doc_id, s.start, s.end))
    return out
