"""Project: span counts per label, document, status and outlet.

The store keeps a summary of span counts per (document, label, status) up to date on every write, so
every figure here is read from a few rows per document, never by aggregating every span: a label key
press, the documents list and a pane header cost the same in a project of 10 documents x 50k spans as
in an empty one. Document details (title, outlet, length...) are read once and cached until a change
touches documents.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .errors import NotFound
from .models import DocumentInfo, Status

if TYPE_CHECKING:
    from .project_host import ProjectHost
else:
    ProjectHost = object

STATUSES = (Status.ACCEPTED, Status.SUGGESTED, Status.REJECTED)


class CountsMixin(ProjectHost):
    _infos: dict[int, DocumentInfo] | None = None
    _link_total: int | None = None

    def _forget_counts(self, change) -> None:
        if change.touches("document"):
            self._infos = None
        if change.touches("link"):
            self._link_total = None

    def _doc_infos(self) -> dict[int, DocumentInfo]:
        if self._infos is None:
            self._infos = {r[0]: DocumentInfo(*r, counts={}) for r in self.backend.doc_infos()}  # type: ignore[misc]  # r: 8 columns
        return self._infos

    def _label_names(self) -> dict[int, str]:
        return {l.id: l.name for l in self.labels()}

    def documents(self) -> list[DocumentInfo]:
        """DocumentInfo for every document (no text), by id, with accepted span counts per label."""
        names = self._label_names()
        by_doc: dict[int, dict[str, int]] = {}
        for doc_id, label_id, n in self.backend.span_counts(status=Status.ACCEPTED):
            by_doc.setdefault(doc_id, {})[names.get(label_id, "?")] = n
        return [replace(info, counts=by_doc.get(doc_id, {})) for doc_id, info in self._doc_infos().items()]

    def document_info(self, doc_id: int) -> DocumentInfo:
        """One document's details (no text) with its accepted span counts per label."""
        info = self._doc_infos().get(doc_id)
        if info is None:
            raise NotFound(f"no document with id {doc_id}")
        return replace(info, counts=self.doc_counts(doc_id))

    def doc_counts(self, doc_id: int, status: str = Status.ACCEPTED) -> dict[str, int]:
        """{label name: number of spans with ``status``} in one document (labels without any left out)."""
        names = self._label_names()
        return {names.get(label_id, "?"): n
                for _doc, label_id, n in self.backend.span_counts(doc_ids=[doc_id], status=status)}

    def layer_counts(self, doc_ids, statuses, author: str | None = None) -> dict[int, dict[str, int]]:
        """{doc_id: {label name: spans}} of these documents, counting spans with one of ``statuses`` (and by
        ``author`` when given): from the summary table, a few rows per document."""
        names = self._label_names()
        wanted = set(statuses)
        out: dict[int, dict[str, int]] = {d: {} for d in doc_ids}
        rows = (self.backend.span_counts(doc_ids=list(doc_ids)) if author is None
                else self.backend.span_counts(doc_ids=list(doc_ids), author=author))
        for doc_id, label_id, status, n in rows:
            if status in wanted:
                name = names.get(label_id, "?")
                out[doc_id][name] = out[doc_id].get(name, 0) + n
        return out

    def doc_length(self, doc_id: int) -> int:
        info = self._doc_infos().get(doc_id)
        if info is None:
            raise NotFound(f"no document with id {doc_id}")
        return info.length

    def link_total(self) -> int:
        if self._link_total is None:
            self._link_total = self.backend.link_total()
        return self._link_total

    def counts(self) -> dict:
        """Project-wide figures: ``documents``, ``spans``, ``links``, ``by_label`` {name: {status: n}} (every
        label, zeros included) and ``by_status`` {status: n}."""
        by_label = {l.name: dict.fromkeys(STATUSES, 0) for l in self.labels()}
        names = self._label_names()
        by_status = dict.fromkeys(STATUSES, 0)
        for label_id, status, n in self.backend.label_status_counts():
            by_label.setdefault(names.get(label_id, "?"), dict.fromkeys(STATUSES, 0))[status] = n
            by_status[status] = by_status.get(status, 0) + n
        return {"documents": len(self._doc_infos()), "spans": sum(by_status.values()), "links": self.link_total(),
                "by_label": by_label, "by_status": by_status}

    def stats(self) -> dict:
        """``counts()`` plus ``characters`` and ``by_outlet`` {outlet or "(none)": {documents, spans}} (accepted
        spans)."""
        out = self.counts()
        infos = self._doc_infos()
        accepted = {doc_id: 0 for doc_id in infos}
        for doc_id, _label, n in self.backend.span_counts(status=Status.ACCEPTED):
            accepted[doc_id] = accepted.get(doc_id, 0) + n
        by_outlet: dict[str, dict] = {}
        for info in sorted(infos.values(), key=lambda i: i.outlet):  # by outlet, as a GROUP BY lists them
            row = by_outlet.setdefault(info.outlet or "(none)", {"documents": 0, "spans": 0})
            row["documents"] += 1
            row["spans"] += accepted.get(info.id, 0)
        out["characters"] = sum(i.length for i in infos.values())
        out["by_outlet"] = by_outlet
        return {k: out[k] for k in ("documents", "characters", "spans", "links", "by_label", "by_outlet", "by_status")}
