"""The Project facade: every read and every undoable mutation of a project goes through here.

It is storage-agnostic (runs on a ``Backend``) and Qt-free. Each mutating method runs one
command in one transaction and returns the ``Change`` it made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .backend import Backend
from .changes import Change
from .commands import Command, CommandStack, Composite, Delete, Insert, Update
from .errors import InvalidSpan, LabelInUse, NotFound, ProjectError
from .models import Document, Label, Link, LinkType, NewDocument, NewSpan, Origin, Span, Status
from .text import TokenIndex, normalize_text, pack_tokens, rough_tokens, sha256_text

Listener = Callable[[Change], None]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass
class AddDocumentsResult:
    added: list[int] = field(default_factory=list)
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # (title or file, existing doc id)
    skipped_spans: list[str] = field(default_factory=list)  # why each skipped span was skipped
    created_labels: list[str] = field(default_factory=list)
    change: Change = field(default_factory=Change)


class Project:
    def __init__(self, backend: Backend, author: str = ""):
        self.backend = backend
        self.author = author
        self.stack = CommandStack()
        self._listeners: list[Listener] = []
        self._labels: list[Label] | None = None
        self._lengths: dict[int, int] | None = None
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
        self.backend.close()

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
        if change.touches("document"):
            self._lengths = None
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
        self.stack.undo_stack.pop()
        self.stack.redo_stack.append(command)
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
        self.stack.redo_stack.pop()
        self.stack.undo_stack.append(command)
        change.description = "Redo " + command.description
        self._after(change)
        return change

    # -- reads --------------------------------------------------------------------
    def documents(self):
        """DocumentInfo for every document (no text), with accepted span counts per label."""
        return self.backend.documents()

    def document(self, doc_id: int) -> Document:
        doc = self.backend.document(doc_id)
        if doc is None:
            raise NotFound(f"no document with id {doc_id}")
        return doc

    def doc_length(self, doc_id: int) -> int:
        if self._lengths is None:
            self._lengths = self.backend.doc_lengths()
        if doc_id not in self._lengths:
            raise NotFound(f"no document with id {doc_id}")
        return self._lengths[doc_id]

    def token_index(self, doc_id: int, text: str | None = None) -> TokenIndex:
        """Token boundaries (spaCy's, stored at import; a rough fallback otherwise)."""
        index = self._token_cache.get(doc_id)
        if index is None:
            tokens = self.backend.tokens(doc_id)
            if tokens is None:
                tokens = rough_tokens(text if text is not None else self.document(doc_id).text)
            index = TokenIndex(tokens)
            self._token_cache[doc_id] = index
        return index

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

    def span_index(self, doc_id: int, *, window: tuple[int, int] | None = None,
                   after: tuple[int, int, int] | None = None, limit: int | None = None,
                   ids: Iterable[int] | None = None) -> list[tuple]:
        """Compact rows ``(id, start, end, label_id, status, has_note)`` of one document's spans, ordered by
        (start, end, label_id), for views of long documents (50k spans). ``window=(a, b)``: only spans
        intersecting [a, b); ``after``: keyset paging from a previous row's (start, end, label_id);
        ``ids``: only these spans (those in other documents are left out)."""
        return self.backend.span_index(doc_id, window, after, limit, list(ids) if ids is not None else None)

    def span(self, span_id: int) -> Span:
        rows = self.backend.fetch_rows("span", [span_id])
        if not rows:
            raise NotFound(f"no span with id {span_id}")
        return self._span_from_row(rows[0])

    def _span_from_row(self, r) -> Span:
        name = next((l.name for l in self.labels() if l.id == r["label_id"]), "?")
        return Span(r["id"], r["doc_id"], r["start"], r["end"], r["label_id"], name, r["note"] or "",
                    r["origin"], r["status"], r["score"], r["author"] or "", r["created"], r["updated"])

    def links(self, doc_id: int | None = None) -> list[Link]:
        """All links, or those with either end in ``doc_id``."""
        return self.backend.links(doc_id)

    def links_for_span(self, span_id: int) -> list[Link]:
        self.span(span_id)  # NotFound for an unknown span, as before
        types = {t.id: t.name for t in self.link_types()}
        rows = sorted(self.backend.link_rows_for_spans([span_id]), key=lambda r: r["id"])
        # indexed lookups by source/target id: fast even on a document with 50k spans
        return [Link(r["id"], r["source_id"], r["target_id"], r["type_id"], types.get(r["type_id"], "?"),
                     r["note"] or "", r["created"]) for r in rows]

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

    def stats(self) -> dict:
        return self.backend.stats()

    def setting(self, key: str, default=None):
        return self.backend.get_setting(key, default)

    def set_setting(self, key: str, value) -> None:
        self._check_writable()
        with self.backend.transaction():
            self.backend.set_setting(key, value)

    # -- documents ----------------------------------------------------------------
    def add_documents(self, docs: Sequence[NewDocument], *, unknown_labels: str = "error",
                      description: str = "Import documents") -> AddDocumentsResult:
        """Add documents (and their imported spans) in one transaction and one undo step.

        Texts already in the project (same sha256) are reported in ``duplicates`` and skipped.
        ``unknown_labels``: "error" raises InvalidSpan, "create" adds the label, "skip" drops the
        span and reports it in ``skipped_spans``. Invalid offsets always raise InvalidSpan.
        """
        self._check_writable()
        result = AddDocumentsResult()
        labels = {l.name: l.id for l in self.labels()}
        new_labels: list[str] = []
        seen: dict[str, int] = {}
        doc_rows, token_rows, span_rows_by_doc = [], [], []
        stamp = now()
        for n, doc in enumerate(docs):
            text = normalize_text(doc.text)
            if text != doc.text and doc.spans:
                raise InvalidSpan(f"{doc.source_file or doc.title}: text must be normalised before spans are attached")
            if not text.strip():
                raise InvalidSpan(f"{doc.source_file or doc.title or 'document'}: the document is empty")
            sha = sha256_text(text)
            existing = self.backend.doc_id_by_sha(sha)
            if existing is None and sha in seen:
                existing = -1
            if existing is not None:
                result.duplicates.append((doc.title or doc.source_file, existing))
                continue
            seen[sha] = n
            spans = []
            keys = set()
            for s in doc.spans:
                where = f"{doc.source_file or doc.title}: span {s.start}-{s.end} {s.label!r}"
                if not (0 <= s.start < s.end <= len(text)):
                    raise InvalidSpan(f"{where} is out of range, reversed or empty (document has {len(text)} characters)")
                if s.label not in labels and s.label not in new_labels:
                    if unknown_labels == "create":
                        new_labels.append(s.label)
                    elif unknown_labels == "skip":
                        result.skipped_spans.append(f"{where}: unknown label")
                        continue
                    else:
                        raise InvalidSpan(f"{where}: unknown label (use create or skip)")
                key = (s.start, s.end, s.label)
                if key in keys:
                    result.skipped_spans.append(f"{where}: duplicate")
                    continue
                keys.add(key)
                spans.append(s)
            doc_rows.append(dict(id=None, text=text, title=doc.title, outlet=doc.outlet, author=doc.author,
                                 published=doc.published, url=doc.url, source_file=doc.source_file, sha256=sha,
                                 lang=doc.lang or "en", meta=dict(doc.meta), created=stamp, updated=stamp))
            token_rows.append(doc.tokens)
            span_rows_by_doc.append(spans)
        commands: list[Command] = []
        if new_labels:
            base = len(labels)
            label_cmd = Insert("label", [self._label_row(name, base + i) for i, name in enumerate(new_labels)])
            commands.append(label_cmd)
        if not doc_rows:
            return result
        doc_cmd = _AddDocs(doc_rows, token_rows)
        commands.append(doc_cmd)
        command = _ImportCommand(commands, doc_cmd, span_rows_by_doc, self, stamp, description)
        change = self._run(command)
        result.added = [r["id"] for r in doc_rows]
        result.created_labels = new_labels
        result.change = change
        return result

    def remove_documents(self, doc_ids: Sequence[int]) -> Change:
        return self._run(Delete("document", list(doc_ids), f"Remove {len(doc_ids)} document(s)"))

    def update_document(self, doc_id: int, **fields) -> Change:
        allowed = {"title", "outlet", "author", "published", "url", "meta"}
        bad = set(fields) - allowed
        if bad:
            raise ValueError(f"cannot change {sorted(bad)}")
        fields["updated"] = now()
        return self._run(Update("document", {doc_id: fields}, "Edit document details"))

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
                    origin=s.origin, status=s.status, score=s.score, author=s.author or self.author,
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
        return self._run(Update("span", {span_id: {"note": note, "updated": now()}}, "Edit note"))

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

    # -- links --------------------------------------------------------------------
    def add_link(self, source_id: int, target_id: int, link_type: str = "same-as", note: str = "") -> Change:
        if source_id == target_id:
            raise InvalidSpan("a span cannot be linked to itself")
        self.span(source_id), self.span(target_id)
        row = dict(id=None, source_id=source_id, target_id=target_id, type_id=self.link_type(link_type).id,
                   note=note, created=now())
        return self._run(Insert("link", [row], f"Link spans ({link_type})"))

    def remove_links(self, link_ids: Sequence[int]) -> Change:
        return self._run(Delete("link", list(link_ids), "Remove link"))

    def update_link(self, link_id: int, *, link_type: str | None = None, note: str | None = None) -> Change:
        fields: dict = {}
        if link_type is not None:
            fields["type_id"] = self.link_type(link_type).id
        if note is not None:
            fields["note"] = note
        return self._run(Update("link", {link_id: fields}, "Edit link"))

    # -- labels -------------------------------------------------------------------
    def _label_row(self, name: str, position: int, color: str = "", key: str = "", description: str = "") -> dict:
        palette = ["#e6a700", "#d1495b", "#2e86ab", "#3bb273", "#8f5bd6", "#f08a4b", "#00a6a6", "#b5651d"]
        return dict(id=None, name=name, color=color or palette[position % len(palette)], key=key,
                    description=description, position=position)

    def _check_label_name(self, name: str, except_id: int | None = None) -> None:
        if not name.strip():
            raise InvalidSpan("a label needs a name")
        if any(l.name == name and l.id != except_id for l in self.labels()):
            raise InvalidSpan(f"a label named {name!r} already exists")

    def add_label(self, name: str, color: str = "", key: str = "", description: str = "") -> Change:
        self._check_label_name(name)
        pos = max((l.position for l in self.labels()), default=-1) + 1
        return self._run(Insert("label", [self._label_row(name, pos, color, key, description)], f"Add label {name}"))

    def update_label(self, name: str, *, new_name: str | None = None, color: str | None = None,
                     key: str | None = None, description: str | None = None) -> Change:
        label = self.label(name)
        fields: dict = {}
        if new_name is not None and new_name != name:
            self._check_label_name(new_name, label.id)
            fields["name"] = new_name
        if color is not None:
            fields["color"] = color
        if key is not None:
            fields["key"] = key
        if description is not None:
            fields["description"] = description
        return self._run(Update("label", {label.id: fields}, f"Edit label {name}"))

    def reorder_labels(self, names: Sequence[str]) -> Change:
        ids = [self.label(n).id for n in names]
        rest = [l.id for l in self.labels() if l.id not in ids]
        return self._run(Update("label", {i: {"position": p} for p, i in enumerate(ids + rest)}, "Reorder labels"))

    def label_usage(self, name: str) -> int:
        return len(self.backend.span_rows_for_labels([self.label(name).id]))

    def delete_label(self, name: str, *, spans: str = "refuse", reassign_to: str | None = None) -> Change:
        """Delete a label. ``spans`` says what happens to spans that use it:
        "refuse" (raise LabelInUse if there are any), "delete" them, or "reassign" them to ``reassign_to``."""
        label = self.label(name)
        rows = self.backend.span_rows_for_labels([label.id])
        commands: list[Command] = []
        if rows:
            if spans == "delete":
                commands.append(Delete("span", [r["id"] for r in rows]))
            elif spans == "reassign":
                if reassign_to is None or reassign_to == name:
                    raise InvalidSpan("choose another label to reassign the spans to")
                target = self.label(reassign_to).id
                taken = {(r["doc_id"], r["start"], r["end"]) for r in self.backend.span_rows_for_labels([target])}
                clash = [r["id"] for r in rows if (r["doc_id"], r["start"], r["end"]) in taken]
                if clash:
                    commands.append(Delete("span", clash))
                stamp = now()
                commands.append(Update("span", {r["id"]: {"label_id": target, "updated": stamp}
                                                for r in rows if r["id"] not in clash}))
            else:
                raise LabelInUse(name, len(rows))
        commands.append(Delete("label", [label.id]))
        return self._run(Composite(commands, f"Delete label {name}"))

    # -- link types ---------------------------------------------------------------
    def add_link_type(self, name: str, description: str = "") -> Change:
        if any(t.name == name for t in self.link_types()):
            raise InvalidSpan(f"a link type named {name!r} already exists")
        pos = max((t.position for t in self.link_types()), default=-1) + 1
        return self._run(Insert("link_type", [dict(id=None, name=name, description=description, position=pos)],
                                f"Add link type {name}"))

    def update_link_type(self, name: str, *, new_name: str | None = None, description: str | None = None) -> Change:
        t = self.link_type(name)
        fields: dict = {}
        if new_name is not None and new_name != name:
            if any(x.name == new_name for x in self.link_types()):
                raise InvalidSpan(f"a link type named {new_name!r} already exists")
            fields["name"] = new_name
        if description is not None:
            fields["description"] = description
        return self._run(Update("link_type", {t.id: fields}, f"Edit link type {name}"))

    def delete_link_type(self, name: str, *, delete_links: bool = False) -> Change:
        t = self.link_type(name)
        in_use = self.backend.link_rows_for_types([t.id])
        if in_use and not delete_links:
            raise LabelInUse(name, len(in_use))
        return self._run(Delete("link_type", [t.id], f"Delete link type {name}"))


    # -- models and pattern files (not undoable: files on disk go with them) -------------------
    def models(self) -> list[dict]:
        """Registered span models: dict rows (id, name, path, created, labels, metrics, data, active)."""
        return self.backend.all_rows("model")

    def active_model(self) -> dict | None:
        return next((m for m in self.models() if m["active"]), None)

    def register_model(self, name: str, path: str, labels, metrics: dict, data: dict, active: bool = True) -> int:
        changes = {m["id"]: {"active": 0} for m in self.models() if m["active"]} if active else {}
        commands: list[Command] = [Update("model", changes)] if changes else []
        insert = Insert("model", [dict(id=None, name=name, path=path, created=now(), labels=list(labels),
                                       metrics=metrics, data=data, active=int(active))])
        self._run(Composite(commands + [insert], f"Register model {name}"), undoable=False)
        return insert.ids[0]

    def update_model(self, model_id: int, **fields) -> Change:
        return self._run(Update("model", {model_id: fields}, "Edit model"), undoable=False)

    def set_active_model(self, model_id: int | None) -> Change:
        """Make one model active (None: no active model)."""
        changes = {m["id"]: {"active": int(m["id"] == model_id)} for m in self.models()}
        return self._run(Update("model", changes, "Set active model"), undoable=False)

    def delete_model(self, model_id: int) -> Change:
        """Forget a model (its folder on disk is left to the caller)."""
        return self._run(Delete("model", [model_id], "Delete model"), undoable=False)

    def pattern_files(self) -> list[dict]:
        """Project pattern files: dict rows (id, name, content, enabled, created)."""
        return self.backend.all_rows("pattern_file")

    def add_pattern_file(self, name: str, content: str, enabled: bool = True) -> int:
        if any(p["name"] == name for p in self.pattern_files()):
            raise InvalidSpan(f"a pattern file named {name!r} already exists")
        insert = Insert("pattern_file", [dict(id=None, name=name, content=content, enabled=int(enabled), created=now())],
                        f"Add pattern file {name}")
        self._run(insert, undoable=False)
        return insert.ids[0]

    def update_pattern_file(self, file_id: int, *, content: str | None = None, enabled: bool | None = None,
                            name: str | None = None) -> Change:
        fields: dict = {}
        if content is not None:
            fields["content"] = content
        if enabled is not None:
            fields["enabled"] = int(enabled)
        if name is not None:
            fields["name"] = name
        return self._run(Update("pattern_file", {file_id: fields}, "Edit pattern file"), undoable=False)

    def delete_pattern_file(self, file_id: int) -> Change:
        return self._run(Delete("pattern_file", [file_id], "Delete pattern file"), undoable=False)

class _AddDocs(Insert):
    def __init__(self, rows, tokens):
        super().__init__("document", [], "")
        self.rows = rows
        self.tokens = tokens

    def do(self, backend: Backend) -> Change:
        change = super().do(backend)
        token_rows = [dict(doc_id=r["id"], data=pack_tokens(t)) for r, t in zip(self.rows, self.tokens) if t is not None]
        if token_rows:
            backend.insert_token_rows(token_rows)
        return change


class _ImportCommand(Composite):
    """Documents, then their spans (which need the new document ids): one undo step."""

    def __init__(self, commands, doc_cmd, spans_by_doc, project: Project, stamp: str, description: str):
        super().__init__(commands, description)
        self.doc_cmd = doc_cmd
        self.spans_by_doc = spans_by_doc
        self.project = project
        self.stamp = stamp
        self.span_cmd: Insert | None = None

    def do(self, backend: Backend) -> Change:
        change = super().do(backend)
        if self.span_cmd is None:
            labels = {l.name: l.id for l in backend.labels()}
            rows = []
            for doc_row, spans in zip(self.doc_cmd.rows, self.spans_by_doc):
                for s in spans:
                    rows.append(dict(id=None, doc_id=doc_row["id"], start=s.start, end=s.end, label_id=labels[s.label],
                                     note=s.note, origin=s.origin or Origin.IMPORT, status=s.status, score=s.score,
                                     author=s.author, created=self.stamp, updated=self.stamp))
            self.span_cmd = Insert("span", rows)
            if rows:
                self.commands.append(self.span_cmd)
                change.merge(self.span_cmd.do(backend))
        return change
