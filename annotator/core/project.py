"""The Project facade: every read and every undoable mutation of a project goes through here.

It is storage-agnostic (runs on a ``Backend``) and Qt-free. Each mutating method runs one
command in one transaction and returns the ``Change`` it made.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from .annotators import SETTING as ANNOTATOR_SETTING
from .annotators import check_annotator_name, default_annotator
from .backend import Backend
from .changes import Change
from .commands import Command, CommandStack, Delete, Insert, Update
from .errors import InvalidSpan, NotFound, ProjectError
from .models import Document, Label, Link, LinkType, NewSpan, Origin, Span, Status
from .project_counts import CountsMixin
from .project_docs import AddDocumentsResult, DocumentsMixin, now
from .project_labels import LabelsMixin
from .project_links import LinksMixin
from .project_models import ModelsMixin
from .text import TokenIndex, iter_rough_tokens

Listener = Callable[[Change], None]

__all__ = ["Project", "AddDocumentsResult", "now"]


class Project(CountsMixin, DocumentsMixin, LabelsMixin, LinksMixin, ModelsMixin):
    def __init__(self, backend: Backend, author: str = ""):
        self.backend = backend
        self.author = author  # overrides the project's annotator name for this session when set
        self._annotator: str | None = None
        self.stack = CommandStack()
        self._listeners: list[Listener] = []
        self._labels: list[Label] | None = None
        self._token_cache: dict[int, TokenIndex] = {}

    # -- plumbing -----------------------------------------------------------------
    @property
    def path(self) -> str:
        return self.backend.path

    @property
    def readonly(self) -> bool:
        return self.backend.readonly

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def close(self) -> None:
        self._closed = True
        self.backend.close()

    def damaged_error(self, error: Exception) -> Exception:
        """The one-line error for an SQLite error that says the file is damaged; from then on writes are refused."""
        mark = getattr(self.backend, "damaged_error", None)
        return mark(error) if mark is not None else error

    def check_integrity(self, again: bool = False) -> None:
        """Raise DamagedProject (a ProjectError) if the file fails SQLite's check (once per session unless ``again``)."""
        self.backend.check_integrity(again)

    def backup(self, root: str | os.PathLike | None = None) -> Path:
        """Copy the open project (consistently, while open) into a backups folder under ``root``."""
        return self.backend.backup(root)

    @property
    def closed(self) -> bool:
        return getattr(self, "_closed", False)

    def _check_writable(self) -> None:
        if self.backend.readonly:
            raise ProjectError(f"{self.backend.path}: the project is open read-only")

    def _run(self, command: Command, *, undoable: bool = True) -> Change:
        self._check_writable()
        with self.backend.transaction():
            change = command.do(self.backend)
        change.description = command.description
        if undoable:
            self.stack.push(command)
        self._after(change)
        return change

    def _after(self, change: Change) -> None:
        if change.touches("label"):
            self._labels = None
        self._forget_counts(change)
        if change.touches("document"):
            for d in change.ids("document"):
                self._token_cache.pop(d, None)
        if change.touches("link"):
            change.doc_ids |= self._link_docs(change.ids("link"))
        for listener in list(self._listeners):
            listener(change)

    def _link_docs(self, link_ids: set[int]) -> set[int]:
        rows = self.backend.fetch_rows("link", sorted(link_ids))
        span_ids = sorted({r["source_id"] for r in rows} | {r["target_id"] for r in rows})
        return {r["doc_id"] for r in self.backend.fetch_rows("span", span_ids)}

    # -- annotator ----------------------------------------------------------------
    @property
    def annotator(self) -> str:
        """Who new spans and links are attributed to: the project's annotator name (stored in the project;
        the OS login name by default)."""
        if self.author:
            return self.author
        if self._annotator is None:
            self._annotator = self.backend.get_setting(ANNOTATOR_SETTING) or default_annotator()
        return self._annotator

    def set_annotator(self, name: str) -> str:
        """Store the project's annotator name (not an undo step: a preference, like File > Annotator Name).
        Spans already made keep their annotator. Returns the cleaned name; AnnotatorError if unusable."""
        name = check_annotator_name(name)
        self.set_setting(ANNOTATOR_SETTING, name)
        self.author, self._annotator = "", name
        return name

    # -- undo / redo --------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self.stack.undo_stack)

    @property
    def can_redo(self) -> bool:
        return bool(self.stack.redo_stack)

    def undo(self) -> Change | None:
        if not self.stack.undo_stack:
            return None
        self._check_writable()
        command = self.stack.undo_stack[-1]
        with self.backend.transaction():
            change = command.undo(self.backend)
        self.stack.undone()
        change.description = "Undo " + command.description
        self._after(change)
        return change

    def redo(self) -> Change | None:
        if not self.stack.redo_stack:
            return None
        self._check_writable()
        command = self.stack.redo_stack[-1]
        with self.backend.transaction():
            change = command.do(self.backend)
        self.stack.redone()
        change.description = "Redo " + command.description
        self._after(change)
        return change

    # -- reads --------------------------------------------------------------------
    def document(self, doc_id: int) -> Document:
        doc = self.backend.document(doc_id)
        if doc is None:
            raise NotFound(f"no document with id {doc_id}")
        return doc

    def token_index(self, doc_id: int, text: str | None = None) -> TokenIndex:
        """Token boundaries (spaCy's, stored at import; a rough fallback otherwise)."""
        index = self._token_cache.get(doc_id)
        if index is None:
            blob = self.backend.token_blob(doc_id)
            if blob is not None:
                index = TokenIndex.from_packed(blob)
            else:
                index = TokenIndex(iter_rough_tokens(text if text is not None else self.document(doc_id).text))
            self._token_cache[doc_id] = index
        return index

    def token_index_steps(self, doc_id: int, text: str | None = None, piece: int = 1 << 20) -> Iterator[None]:
        """``token_index`` in steps, for idle ticks (a generator: one piece of ~1 MB of stored boundaries per
        ``next``, a few ms each, instead of one 10-30 ms block for a 5 MB document); the index is cached at the
        end. A ``token_index`` call meanwhile (a label key) builds it at once and the steps stop."""
        if doc_id in self._token_cache:
            return
        pieces = self.backend.token_blob_pieces(doc_id, piece)
        if pieces is None:
            self.token_index(doc_id, text)
            return
        index = TokenIndex(())
        for chunk in pieces:
            index.extend_packed(chunk)
            yield
            if doc_id in self._token_cache:
                return
        self._token_cache[doc_id] = index

    def stored_token_rows(self, doc_ids: Iterable[int]) -> list[dict]:
        """``{"doc_id", "data"}`` rows of the stored (packed) tokens of these documents, in one read."""
        return self.backend.token_rows(list(doc_ids))

    def stored_tokens(self, doc_id: int) -> bytes | None:
        """The packed (start, end) int32 pairs of the tokens stored at import, or None (no cache kept)."""
        return self.backend.token_blob(doc_id)

    def tokens(self, doc_id: int) -> list[tuple[int, int]]:
        index = self.token_index(doc_id)
        return list(zip(index.starts, index.ends))

    def snap(self, doc_id: int, text: str, start: int, end: int) -> tuple[int, int] | None:
        return self.token_index(doc_id, text).snap(text, start, end)

    def spans(self, doc_id: int | None = None, statuses: Iterable[str] | None = None,
              labels: Iterable[str] | None = None) -> list[Span]:
        label_ids = None
        if labels is not None:
            by_name = {l.name: l.id for l in self.labels()}
            label_ids = tuple(by_name[n] for n in labels if n in by_name)
        return self.backend.spans(doc_id, tuple(statuses) if statuses is not None else None, label_ids)

    def span_authors(self, doc_id: int) -> dict[int, str]:
        """span id -> annotator for one document's spans (views draw or hide layers with it, beside
        ``span_index``, whose rows stay as they are)."""
        return self.backend.span_authors(doc_id)

    def span_counts_by_author(self) -> dict[str, dict[str, int]]:
        """annotator -> status -> number of spans (one GROUP BY: the app's Annotators list after every edit)."""
        return self.backend.span_counts_by_author()

    def span_tuples(self, statuses: Iterable[str] | None = None) -> list[tuple]:
        """Every span as ``(id, doc_id, start, end, label, annotator, status)``, in no particular order: cheap
        whole-project passes (agreement, adjudication) over 100k spans."""
        return self.backend.span_tuples(tuple(statuses) if statuses is not None else None)

    def span_index(self, doc_id: int, *, window: tuple[int, int] | None = None,
                   after: tuple[int, int, int] | None = None, limit: int | None = None,
                   ids: Iterable[int] | None = None) -> list[tuple]:
        """Compact rows ``(id, start, end, label_id, status, has_note)`` of one document's spans, ordered by
        (start, end, label_id), for views of long documents (50k spans). ``window=(a, b)``: only spans
        intersecting [a, b); ``after``: keyset paging from a previous row's (start, end, label_id);
        ``ids``: only these spans (those in other documents are left out)."""
        return self.backend.span_index(doc_id, window, after, limit, list(ids) if ids is not None else None)

    def span_rows(self, span_ids: Iterable[int]) -> list[dict]:
        """The rows (id, doc_id, start, end, label_id, status, ...) of the existing spans among ``span_ids``,
        in one batched read (no Span object per row)."""
        return self.backend.fetch_rows("span", sorted(span_ids))

    def doc_span_counts(self, statuses: Sequence[str] | None = None, label_ids: Sequence[int] | None = None,
                        author: str | None = None) -> dict[int, int]:
        """Spans per document (only those with these statuses and labels, and by this annotator)."""
        st = tuple(statuses) if statuses is not None else None
        ids = tuple(label_ids) if label_ids is not None else None
        if author is None:  # an annotator layer's view of the backend filters by its own annotator
            return self.backend.doc_span_counts(st, ids)
        return self.backend.doc_span_counts(st, ids, author)

    def span(self, span_id: int) -> Span:
        rows = self.backend.fetch_rows("span", [span_id])
        if not rows:
            raise NotFound(f"no span with id {span_id}")
        return self._span_from_row(rows[0])

    def _span_from_row(self, r) -> Span:
        name = next((l.name for l in self.labels() if l.id == r["label_id"]), "?")
        return Span(r["id"], r["doc_id"], r["start"], r["end"], r["label_id"], name, r["note"] or "",
                    r["origin"], r["status"], r["score"], r["author"] or "", r["created"], r["updated"])

    def labels(self) -> list[Label]:
        if self._labels is None:
            self._labels = list(self.backend.labels())
        return self._labels

    def label(self, name: str) -> Label:
        for l in self.labels():
            if l.name == name:
                return l
        raise NotFound(f"no label named {name!r}")

    def label_by_id(self, label_id: int) -> Label:
        for l in self.labels():
            if l.id == label_id:
                return l
        raise NotFound(f"no label with id {label_id}")

    def link_types(self) -> list[LinkType]:
        return list(self.backend.link_types())

    def link_type(self, name: str) -> LinkType:
        for t in self.link_types():
            if t.name == name:
                return t
        raise NotFound(f"no link type named {name!r}")

    def search(self, query: str, limit: int = 200):
        return self.backend.search(query, limit)

    def setting(self, key: str, default=None):
        return self.backend.get_setting(key, default)

    def set_setting(self, key: str, value) -> None:
        self._check_writable()
        with self.backend.transaction():
            self.backend.set_setting(key, value)

    # -- spans --------------------------------------------------------------------
    def _span_row(self, doc_id: int, s: NewSpan, stamp: str) -> dict:
        length = self.doc_length(doc_id)
        if not (0 <= s.start < s.end <= length):
            raise InvalidSpan(f"span {s.start}-{s.end} is out of range, reversed or empty (document {doc_id} has {length} characters)")
        if s.status not in Status.ALL:
            raise InvalidSpan(f"unknown status {s.status!r}")
        if s.origin not in Origin.ALL:
            raise InvalidSpan(f"unknown origin {s.origin!r}")
        label = self.label(s.label)
        return dict(id=None, doc_id=doc_id, start=s.start, end=s.end, label_id=label.id, note=s.note,
                    origin=s.origin, status=s.status, score=s.score, author=s.author or self.annotator,
                    created=stamp, updated=stamp)

    def add_span(self, doc_id: int, start: int, end: int, label: str, *, note: str = "",
                 origin: str = Origin.MANUAL, status: str = Status.ACCEPTED, score: float | None = None) -> Change:
        row = self._span_row(doc_id, NewSpan(start, end, label, note, origin, status, score), now())
        return self._run(Insert("span", [row], f"Add {label} span"))

    def add_spans(self, doc_id: int, spans: Sequence[NewSpan], description: str = "Add spans") -> Change:
        stamp = now()
        rows = [self._span_row(doc_id, s, stamp) for s in spans]
        return self._run(Insert("span", rows, description))

    def add_suggestions(self, suggestions: dict[int, Sequence[NewSpan]], description: str = "Add suggestions") -> Change:
        """Add suggested spans in one undo step, skipping any that already exist with the same
        document, offsets and label in any status (accepted, suggested or rejected)."""
        stamp = now()
        rows = []
        for doc_id, spans in suggestions.items():
            existing = self.backend.existing_span_keys(doc_id)
            for s in spans:
                label_id = self.label(s.label).id
                key = (s.start, s.end, label_id)
                if key in existing:
                    continue
                existing.add(key)
                rows.append(self._span_row(doc_id, s, stamp))
        if not rows:
            return Change(description)
        return self._run(Insert("span", rows, f"{description} ({len(rows)})"))

    def remove_spans(self, span_ids: Sequence[int]) -> Change:
        n = len(span_ids)
        return self._run(Delete("span", list(span_ids), "Delete span" if n == 1 else f"Delete {n} spans"))

    def relabel_span(self, span_id: int, label: str) -> Change:
        return self._run(Update("span", {span_id: {"label_id": self.label(label).id, "updated": now()}},
                                f"Relabel span as {label}"))

    def resize_span(self, span_id: int, start: int, end: int) -> Change:
        doc_id = self.span(span_id).doc_id
        length = self.doc_length(doc_id)
        if not (0 <= start < end <= length):
            raise InvalidSpan(f"span {start}-{end} is out of range, reversed or empty (document has {length} characters)")
        return self._run(Update("span", {span_id: {"start": start, "end": end, "updated": now()}}, "Resize span"))

    def set_note(self, span_id: int, note: str) -> Change:
        """Consecutive note edits of one span (the inspector saves as you type) are one undo step."""
        command = Update("span", {span_id: {"note": note, "updated": now()}}, "Edit note")
        command.merge_key = ("note", span_id)
        return self._run(command)

    def set_status(self, span_ids: Sequence[int], status: str) -> Change:
        if status not in Status.ALL:
            raise InvalidSpan(f"unknown status {status!r}")
        stamp = now()
        verb = {"accepted": "Accept", "rejected": "Reject", "suggested": "Unreview"}[status]
        return self._run(Update("span", {i: {"status": status, "updated": stamp} for i in span_ids},
                                f"{verb} {len(span_ids)} span(s)"))

    def accept(self, span_ids: Sequence[int]) -> Change:
        return self.set_status(span_ids, Status.ACCEPTED)

    def reject(self, span_ids: Sequence[int]) -> Change:
        return self.set_status(span_ids, Status.REJECTED)
