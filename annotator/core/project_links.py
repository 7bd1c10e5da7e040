"""Project: links between spans, with a review status (suggested links from the trace-to-source engine)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import dataclasses
from collections.abc import Iterable, Sequence

from .changes import Change
from .commands import Command, Composite, Delete, Insert, Ref, Update
from .errors import InvalidSpan, NotFound
from .models import Link, NewTrace, Origin, SpanRef, Status
from .project_docs import now

_VERBS = {Status.ACCEPTED: "Accept", Status.REJECTED: "Reject", Status.SUGGESTED: "Unreview"}


if TYPE_CHECKING:
    from .project_host import ProjectHost
else:
    ProjectHost = object


class LinksMixin(ProjectHost):
    # -- reads --------------------------------------------------------------------
    def links(self, doc_id: int | None = None, statuses: Sequence[str] | None = None) -> list[Link]:
        """All links, or those with either end in ``doc_id``; ``statuses``: only links with these statuses."""
        links = self.backend.links(doc_id)
        if statuses is not None:
            wanted = set(statuses)
            links = [l for l in links if l.status in wanted]
        return links

    def links_for_span(self, span_id: int) -> list[Link]:
        self.span(span_id)  # NotFound for an unknown span, as before
        rows = sorted(self.backend.link_rows_for_spans([span_id]), key=lambda r: r["id"])
        # indexed lookups by source/target id: fast even on a document with 50k spans
        return [self._link_from_row(r) for r in rows]

    def link_ends(self, link_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
        """(source span, target span) of each existing link among ``link_ids``."""
        return {r["id"]: (r["source_id"], r["target_id"]) for r in self.backend.fetch_rows("link", sorted(link_ids))}

    def trace_pairs(self, source_id: int, statuses, author: str | None = None):
        """Every link between a span of ``source_id`` and a span elsewhere, oriented (passage, other end), in
        source order: one query for the comparison matrix (see the backend's ``trace_pairs``); ``author``: only
        those whose retelling span is in that annotator's layer."""
        if author is None:
            return self.backend.trace_pairs(source_id, statuses)
        return self.backend.trace_pairs(source_id, statuses, author)

    def link(self, link_id: int) -> Link:
        rows = self.backend.fetch_rows("link", [link_id])
        if not rows:
            raise NotFound(f"no link with id {link_id}")
        return self._link_from_row(rows[0])

    def _link_from_row(self, r) -> Link:
        types = {t.id: t.name for t in self.link_types()}
        return Link(r["id"], r["source_id"], r["target_id"], r["type_id"], types.get(r["type_id"], "?"),
                    r["note"] or "", r["created"], r.get("author") or "", r.get("status") or Status.ACCEPTED,
                    r.get("score"), r.get("origin") or Origin.MANUAL)

    # -- single links -------------------------------------------------------------
    def _link_row(self, source_id: int, target_id: int, link_type: str, note: str, status: str,
                  score: float | None, origin: str, stamp: str) -> dict:
        if status not in Status.ALL:
            raise InvalidSpan(f"unknown link status {status!r}")
        if origin not in Origin.ALL:
            raise InvalidSpan(f"unknown origin {origin!r}")
        return dict(id=None, source_id=source_id, target_id=target_id, type_id=self.link_type(link_type).id,
                    note=note, created=stamp, status=status, score=score, origin=origin, author=self.annotator)

    def add_link(self, source_id: int, target_id: int, link_type: str = "same-as", note: str = "", *,
                 status: str = Status.ACCEPTED, score: float | None = None, origin: str = Origin.MANUAL) -> Change:
        if source_id == target_id:
            raise InvalidSpan("a span cannot be linked to itself")
        self.span(source_id), self.span(target_id)
        row = self._link_row(source_id, target_id, link_type, note, status, score, origin, now())
        return self._run(Insert("link", [row], f"Link spans ({link_type})"))

    def remove_links(self, link_ids: Sequence[int]) -> Change:
        n = len(link_ids)
        return self._run(Delete("link", list(link_ids), "Remove link" if n == 1 else f"Remove {n} links"))

    def update_link(self, link_id: int, *, link_type: str | None = None, note: str | None = None,
                    status: str | None = None) -> Change:
        fields: dict = {}
        if link_type is not None:
            fields["type_id"] = self.link_type(link_type).id
        if note is not None:
            fields["note"] = note
        if status is not None:
            if status not in Status.ALL:
                raise InvalidSpan(f"unknown link status {status!r}")
            fields["status"] = status
        return self._run(Update("link", {link_id: fields}, "Edit link"))

    def set_link_status(self, link_ids: Sequence[int], status: str) -> Change:
        """Accept, reject or unreview links (one undo step)."""
        if status not in Status.ALL:
            raise InvalidSpan(f"unknown link status {status!r}")
        n = len(link_ids)
        return self._run(Update("link", {i: {"status": status} for i in link_ids},
                                f"{_VERBS[status]} link" if n == 1 else f"{_VERBS[status]} {n} links"))

    def accept_links(self, link_ids: Sequence[int]) -> Change:
        return self.set_link_status(link_ids, Status.ACCEPTED)

    def reject_links(self, link_ids: Sequence[int]) -> Change:
        return self.set_link_status(link_ids, Status.REJECTED)

    # -- traces: links with the spans they need, as one undo step ------------------
    def add_traces(self, traces: Sequence[NewTrace], description: str = "Trace to source") -> Change:
        """Add links from retelling spans to source passages in one undo step, creating the spans they need
        (an existing span with the same document, offsets and label is reused). A trace whose two spans are
        already linked (any type, any status) is skipped unless that link is in its ``replace``. Replaced links
        are removed; a suggested span left without links by that (one the engine created) is removed too.
        A suggested span used by an accepted trace becomes accepted."""
        stamp = now()
        replace = {i for t in traces for i in t.replace}
        existing_pairs = self._linked_pairs(traces, replace)
        span_insert = Insert("span", [])
        new_keys: dict[tuple[int, int, int, int], int] = {}  # (doc, start, end, label_id) -> row index
        existing_keys: dict[int, dict[tuple[int, int, int], int]] = {}
        to_accept: set[int] = set()
        link_rows: list[dict] = []

        def resolve(ref: SpanRef, accepting: bool):
            if ref.id is not None:
                if accepting:
                    to_accept.add(ref.id)
                return ref.id
            if ref.doc_id is None or ref.span is None:
                raise InvalidSpan("a trace needs a span id or a document and a span")
            label_id = self.label(ref.span.label).id
            key = (ref.span.start, ref.span.end, label_id)
            found = self._span_ids_by_key(existing_keys, ref.doc_id).get(key)
            if found is not None:
                if accepting:
                    to_accept.add(found)
                return found
            full = (ref.doc_id,) + key
            if full not in new_keys:
                span = ref.span if not accepting else _with_status(ref.span, Status.ACCEPTED)
                new_keys[full] = len(span_insert.rows)
                span_insert.rows.append(self._span_row(ref.doc_id, span, stamp))
            elif accepting:
                span_insert.rows[new_keys[full]]["status"] = Status.ACCEPTED
            return Ref(span_insert, new_keys[full])

        for t in traces:
            accepting = t.status == Status.ACCEPTED
            source, target = resolve(t.source, accepting), resolve(t.target, accepting)
            if _key(source) == _key(target):
                raise InvalidSpan("a span cannot be linked to itself")
            pair = frozenset((_key(source), _key(target)))
            if pair in existing_pairs:
                continue
            existing_pairs.add(pair)
            link_rows.append(self._link_row(0, 0, t.type, t.note, t.status, t.score, t.origin, stamp)
                             | {"source_id": source, "target_id": target})
        if not link_rows and not replace:
            return Change(description)
        commands: list[Command] = []
        if span_insert.rows:
            commands.append(span_insert)
        if link_rows:
            commands.append(Insert("link", link_rows))
        suggested = [r["id"] for r in self.backend.fetch_rows("span", sorted(to_accept))
                     if r["status"] == Status.SUGGESTED]
        if suggested:
            commands.append(Update("span", {i: {"status": Status.ACCEPTED, "updated": stamp} for i in suggested}))
        if replace:
            commands.append(Delete("link", sorted(replace)))
            orphans = self._orphaned_suggested_spans(replace, to_accept | {r for r in _ints(link_rows)})
            if orphans:
                commands.append(Delete("span", orphans))
        n = len(link_rows)
        return self._run(Composite(commands, f"{description} ({n} link{'s' if n != 1 else ''})"))

    def _span_ids_by_key(self, cache: dict, doc_id: int) -> dict[tuple[int, int, int], int]:
        if doc_id not in cache:
            self.doc_length(doc_id)  # NotFound for an unknown document
            cache[doc_id] = {(r[1], r[2], r[3]): r[0] for r in self.backend.span_index(doc_id)}
        return cache[doc_id]

    def _linked_pairs(self, traces: Sequence[NewTrace], replace: set[int]) -> set[frozenset]:
        ids = sorted({i for t in traces for i in (t.source.id, t.target.id) if i is not None})
        rows = self.backend.link_rows_for_spans(ids) if ids else []
        return {frozenset((r["source_id"], r["target_id"])) for r in rows if r["id"] not in replace}

    def _orphaned_suggested_spans(self, removed_links: set[int], keep: set[int]) -> list[int]:
        rows = self.backend.fetch_rows("link", sorted(removed_links))
        ends = sorted({r[k] for r in rows for k in ("source_id", "target_id")} - keep)
        out = []
        for span in self.backend.fetch_rows("span", ends):
            if span["status"] != Status.SUGGESTED or span["origin"] != Origin.ALIGN:
                continue
            others = [r for r in self.backend.link_rows_for_spans([span["id"]]) if r["id"] not in removed_links]
            if not others:
                out.append(span["id"])
        return sorted(out)


def _with_status(span, status: str):
    return dataclasses.replace(span, status=status)


def _key(ref) -> object:
    """A span id, or ("new", n) for the n-th span this step creates."""
    return ("new", ref.index) if isinstance(ref, Ref) else ref


def _ints(link_rows: list[dict]) -> set[int]:
    return {v for r in link_rows for v in (r["source_id"], r["target_id"]) if isinstance(v, int)}
