"""The app's only door to the trace engine (annotator.nlp.align) and the matrix builder (annotator.io.compare).

Thin adapters: they call the engine's functions and turn its results into what the widgets show. Nothing
here ranks passages, classifies relations or builds the matrix itself.
"""

from __future__ import annotations

from ...core.changes import Change
from ...core.errors import NotFound
from .matrix_model import Cell, Column, Matrix, Row


def align_units(project, options, *, progress=None, cancelled=None) -> list:
    """The engine's align(); ``progress`` gets (done, total) tuples."""
    from ...nlp.align import align

    report = (lambda done, total: progress((done, total))) if progress is not None else None
    return align(project, options.source_id, doc_ids=options.doc_ids or None, labels=options.labels,
                 units=options.units, top=options.top, progress=report, cancelled=cancelled)


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


def load_matrix(project, source_id: int, *, status: str = "accepted", labels=None) -> Matrix:
    """INTERIM until annotator.io.compare.build_matrix lands: rows from the source spans with links."""
    doc_titles = {d.id: (d.outlet or d.title or f"Document {d.id}") for d in project.documents()}
    source_text = project.document(source_id).text
    statuses = {"accepted"} if status == "accepted" else {"accepted", "suggested"}
    rows: dict[int, Row] = {}
    used_docs: set[int] = set()
    for link in project.links(source_id):
        if getattr(link, "status", "accepted") not in statuses:
            continue
        a, b = project.span(link.source_id), project.span(link.target_id)
        src, ret = (a, b) if a.doc_id == source_id else (b, a)
        if src.doc_id != source_id or ret.doc_id == source_id:
            continue
        if labels and ret.label not in labels and src.label not in labels:
            continue
        row = rows.get(src.id)
        if row is None:
            row = rows[src.id] = Row(src.start, src.end, source_text[src.start:src.end], src.label)
        text = project.document(ret.doc_id).text[ret.start:ret.end]
        cell = row.cells.get(ret.doc_id)
        if cell is None:
            row.cells[ret.doc_id] = Cell(link.type, text, [link.id], ret.id, src.id,
                                         getattr(link, "status", "accepted"))
        else:
            cell.link_ids.append(link.id)
            cell.count += 1
        used_docs.add(ret.doc_id)
    columns = [Column(d, doc_titles[d]) for d in sorted(used_docs)]
    return Matrix(source_id, columns, sorted(rows.values(), key=lambda r: (r.start, r.end)))
