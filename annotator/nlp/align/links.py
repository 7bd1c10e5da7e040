"""Turning candidates into links: suggested links in bulk (``--add``) and the analyst's decision on one unit
(accept a candidate, or reject the unit's suggestion), each one undo step."""

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
    the first label). Units already linked to the source (either direction, any status: accepted, suggested or
    rejected) are left alone, so running it twice adds nothing."""
    if not units:
        return Change("Trace to source")
    source_id = _source_of(units, source_id)
    traces = []
    for u in units:
        if not u.candidates or _unit_links(project, source_id, u):
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
    unit's label, else a new one); the unit's suggested links to the source are replaced (and a suggested
    source span the engine made for them goes with them)."""
    relation = relation or candidate.relation
    if relation not in RELATIONS:
        project.link_type(relation)  # any existing link type is allowed; NotFound otherwise
    source_id = _source_of([unit], source_id)
    span_label = unit.label or _sentence_label(project, label)
    retelling = _retelling_ref(unit, span_label, Status.ACCEPTED)
    passage = SpanRef(doc_id=source_id, span=NewSpan(candidate.start, candidate.end, span_label,
                                                     origin=Origin.ALIGN, status=Status.ACCEPTED))
    replace = tuple(l.id for l in _unit_links(project, source_id, unit) if l.status == Status.SUGGESTED)
    trace = NewTrace(retelling, passage, relation, Status.ACCEPTED, candidate.score, Origin.ALIGN, replace=replace)
    return project.add_traces([trace], f"Accept source passage ({relation})")


def reject_unit(project, unit: Unit, *, source_id: int | None = None, label: str | None = None) -> Change:
    """The analyst's X: the unit's suggested links to the source become rejected; a unit without one gets a
    rejected link to its top candidate, so that ``add_links`` never suggests it again. One undo step."""
    source_id = _source_of([unit], source_id)
    suggested = [l.id for l in _unit_links(project, source_id, unit) if l.status == Status.SUGGESTED]
    if suggested:
        return project.set_link_status(suggested, Status.REJECTED)
    if not unit.candidates or _unit_links(project, source_id, unit):
        return Change("Reject source passage")
    c = unit.candidates[0]
    span_label = unit.label or _sentence_label(project, label)
    passage = SpanRef(doc_id=source_id, span=NewSpan(c.start, c.end, span_label, origin=Origin.ALIGN,
                                                     status=Status.REJECTED, score=c.score))
    trace = NewTrace(_retelling_ref(unit, span_label, Status.SUGGESTED), passage, c.relation, Status.REJECTED,
                     c.score, Origin.ALIGN)
    return project.add_traces([trace], "Reject source passage")


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


def _unit_links(project, source_id: int, unit: Unit) -> list:
    """Links (either direction, any status) between the unit's span (for a sentence: any span with exactly its
    offsets) and a span of the source document."""
    if unit.span_id is not None:
        mine = [unit.span_id]
    else:
        mine = [r[0] for r in project.span_index(unit.doc_id, window=(unit.start, unit.end))
                if r[1] == unit.start and r[2] == unit.end]
    if not mine:
        return []
    links = {l.id: l for s in mine for l in project.links_for_span(s)}
    if not links:
        return []
    ends = {l.source_id for l in links.values()} | {l.target_id for l in links.values()}
    doc_of = {r["id"]: r["doc_id"] for r in project.span_rows(ends)}
    mine_set = set(mine)
    out = []
    for l in sorted(links.values(), key=lambda l: l.id):
        other = l.target_id if l.source_id in mine_set else l.source_id
        if doc_of.get(other) == source_id:
            out.append(l)
    return out
