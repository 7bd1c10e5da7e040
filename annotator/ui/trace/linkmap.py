"""Which spans of a document are linked to spans of other documents (for margin markers and connectors).

Built from the project (not from a pane's span index, which pages in on idle) and kept per document until a
change touches links or spans. Each end knows its partner's document and offsets, so a marker can be drawn
and a click can scroll the other pane without another query.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass



@dataclass(slots=True)
class LinkEnd:
    id: int  # this span
    start: int
    end: int
    other_id: int
    other_doc: int
    other_start: int
    other_end: int
    link_id: int
    type: str
    status: str  # accepted | suggested | rejected (accepted for projects without link status)


class LinkMap:
    def __init__(self, project):
        self.project = project
        self._ends: dict[int, list[LinkEnd]] = {}
        self._starts: dict[int, list[int]] = {}
        self._longest: dict[int, int] = {}
        self.version = 0  # bumped on every clear: caches keyed on it go stale
        self._span_ids: set[int] = set()  # both ends of every link built so far
        self.hidden: set[str] = set()  # annotators whose layers are hidden: no marker for a link to their spans

    def set_hidden(self, hidden) -> None:
        hidden = set(hidden)
        if hidden != self.hidden:
            self.hidden = hidden
            self.clear()

    def clear(self) -> None:
        self.version += 1
        self._span_ids.clear()
        self._ends.clear()
        self._starts.clear()
        self._longest.clear()

    def ends(self, doc_id: int) -> list[LinkEnd]:
        """Cross-document link ends in ``doc_id``, by start offset."""
        found = self._ends.get(doc_id)
        if found is None:
            found = self._ends[doc_id] = self._build(doc_id)
            self._starts[doc_id] = [e.start for e in found]
            self._longest[doc_id] = max((e.end - e.start for e in found), default=0)
            self._span_ids.update(i for e in found for i in (e.id, e.other_id))
        return found

    def in_range(self, doc_id: int, a: int, b: int, *, other_doc: int | None = None,
                 rejected: bool = False) -> list[LinkEnd]:
        ends = self.ends(doc_id)
        starts = self._starts[doc_id]
        i = bisect_left(starts, a - self._longest[doc_id])
        j = bisect_left(starts, b)
        return [e for e in ends[i:j] if e.end > a and (other_doc is None or e.other_doc == other_doc)
                and (rejected or e.status != "rejected")]

    def known_span(self, span_id: int) -> bool:
        """Is ``span_id`` an end of a link in a document built so far?"""
        return span_id in self._span_ids

    def _build(self, doc_id: int) -> list[LinkEnd]:
        project = self.project
        links = project.links(doc_id)
        ids = sorted({i for link in links for i in (link.source_id, link.target_id)})
        # one batched read of the link ends (the core backend's fetch_rows), not a query per span
        spans = {r["id"]: (r["doc_id"], r["start"], r["end"]) for r in project.backend.fetch_rows("span", ids)
                 if not self.hidden or r.get("author") not in self.hidden}  # a hidden end: the link is not drawn
        out = []
        for link in links:
            a, b = spans.get(link.source_id), spans.get(link.target_id)
            if a is None or b is None or a[0] == b[0]:
                continue
            status = getattr(link, "status", None) or "accepted"
            for (mine, me), (other, ot) in (((link.source_id, a), (link.target_id, b)),
                                            ((link.target_id, b), (link.source_id, a))):
                if me[0] == doc_id:
                    out.append(LinkEnd(mine, me[1], me[2], other, ot[0], ot[1], ot[2], link.id, link.type, status))
        out.sort(key=lambda e: (e.start, e.end, e.link_id))
        return out
