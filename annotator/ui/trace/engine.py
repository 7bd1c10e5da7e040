"""The app's only door to the trace engine (annotator.nlp.align) and the matrix builder (annotator.io.compare).

Thin adapters: they call the engine's functions and turn its results into what the widgets show. Nothing
here ranks passages, classifies relations or builds the matrix itself.
"""

from __future__ import annotations

from ...core.changes import Change
from ...core.errors import NotFound


def align_units(project, options, *, progress=None, cancelled=None) -> list:
    """The engine's align(); ``progress`` gets (done, total) tuples."""
    return run_request(prepare_request(project, options), progress=progress, cancelled=cancelled)


def prepare_request(project, options):
    """Read what tracing needs from the project (on the UI thread, which owns the connection); AlignError for
    bad input."""
    from ...nlp.align import prepare

    return prepare(project, options.source_id, doc_ids=options.doc_ids or None, labels=options.labels,
                   units=options.units, top=options.top)


def run_request(request, *, progress=None, cancelled=None) -> list:
    """Rank a prepared request (no project access: safe on a worker thread); ``progress`` gets (done, total)."""
    from ...nlp.align import run

    report = (lambda done, total: progress((done, total))) if progress is not None else None
    return run(request, progress=report, cancelled=cancelled)


def add_suggestions(project, units) -> Change:
    """Every unit's top candidate as a suggested link (one undo step)."""
    from ...nlp.align import add_links

    return add_links(project, units)


def accept(project, unit, candidate, relation: str | None) -> Change:
    """Accept ``candidate`` (one undo step). A sentence unit is given the retelling span its suggestion
    created, so the suggested link is replaced rather than kept beside the accepted one."""
    import dataclasses

    from ...nlp.align import accept_candidate

    if unit.span_id is None:
        sid = unit_span_id(project, unit)
        if sid is not None:
            unit = dataclasses.replace(unit, span_id=sid)
    return accept_candidate(project, unit, candidate, relation=relation)


def reject(project, unit, source_id: int) -> Change:
    """Reject the unit's suggested link(s) to the source (one undo step); nothing to reject: an empty change."""
    ids = [link.id for link, other in _source_links(project, unit, source_id) if link.status == "suggested"]
    if not ids:
        return Change("Reject suggestion")
    return project.reject_links(ids)


def unit_span_id(project, unit) -> int | None:
    """The retelling span of a unit (for sentence units: the span the suggestion created, if any)."""
    if unit.span_id is not None:
        return unit.span_id
    for row in project.span_index(unit.doc_id, window=(unit.start, unit.end)):
        if row[1] == unit.start and row[2] == unit.end and row[4] != "rejected":
            return row[0]
    return None


def unit_link_statuses(project, unit, source_id: int) -> set[str]:
    return {link.status for link, _other in _source_links(project, unit, source_id)}


def _source_links(project, unit, source_id: int):
    sid = unit_span_id(project, unit)
    if sid is None:
        return []
    out = []
    try:
        links = project.links_for_span(sid)
    except NotFound:
        return []
    for link in links:
        other = link.target_id if link.source_id == sid else link.source_id
        try:
            if project.span(other).doc_id == source_id:
                out.append((link, other))
        except NotFound:
            continue
    return out
