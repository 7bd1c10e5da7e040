"""Project: adding documents (with imported spans and links) as one undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .backend import Backend
from .changes import Change
from .commands import Command, Composite, Delete, Insert, Update
from .errors import InvalidSpan
from .limits import check_label_cap
from .models import NewDocument, NewSpan, Origin, Status
from .text import normalize_text, pack_tokens, sha256_text


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass
class AddDocumentsResult:
    added: list[int] = field(default_factory=list)
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # (title or file, existing doc id)
    skipped_spans: list[str] = field(default_factory=list)  # why each skipped span was skipped
    created_labels: list[str] = field(default_factory=list)
    change: Change = field(default_factory=Change)


if TYPE_CHECKING:
    from .project_host import ProjectHost
else:
    ProjectHost = object


class DocumentsMixin(ProjectHost):
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
        link_types = {t.name for t in self.link_types()}
        new_types: list[str] = []
        links_by_doc: list[list[tuple[int, int, str, str, str]]] = []
        seen: dict[str, int] = {}
        doc_rows: list[dict[str, Any]] = []
        token_rows: list = []
        span_rows_by_doc: list[list[NewSpan]] = []
        stamp = now()
        texts = [normalize_text(doc.text) for doc in docs]
        shas = [sha256_text(text) for text in texts]
        in_project = self.backend.doc_ids_by_sha(shas)
        for n, doc in enumerate(docs):
            text = texts[n]
            if text != doc.text and doc.spans:
                raise InvalidSpan(f"{doc.source_file or doc.title}: text must be normalised before spans are attached")
            if not text.strip():
                raise InvalidSpan(f"{doc.source_file or doc.title or 'document'}: the document is empty")
            sha = shas[n]
            existing = in_project.get(sha)
            if existing is None and sha in seen:
                existing = -1
            if existing is not None:
                result.duplicates.append((doc.title or doc.source_file, existing))
                continue
            seen[sha] = n
            spans: list[NewSpan] = []
            kept: dict[int, int] = {}  # index in doc.spans -> index in spans
            keys = set()
            for i, s in enumerate(doc.spans):
                where = f"{doc.source_file or doc.title}: span {s.start}-{s.end} {s.label!r}"
                if not (0 <= s.start < s.end <= len(text)):
                    raise InvalidSpan(f"{where} is out of range, reversed or empty (document has {len(text)} characters)")
                if not _known(s.label, labels, new_labels, unknown_labels, where, "label", result):
                    continue
                key = (s.start, s.end, s.label)
                if key in keys:
                    result.skipped_spans.append(f"{where}: duplicate")
                    continue
                keys.add(key)
                kept[i] = len(spans)
                spans.append(s)
            links = []
            for k in doc.links:
                where = f"{doc.source_file or doc.title}: link {k.source}->{k.target} {k.type!r}"
                if k.source not in kept or k.target not in kept or k.source == k.target:
                    result.skipped_spans.append(f"{where}: one of its spans was skipped or does not exist")
                    continue
                if not _known(k.type, link_types, new_types, unknown_labels, where, "link type", result):
                    continue
                status = k.status if k.status in Status.ALL else Status.ACCEPTED
                links.append((kept[k.source], kept[k.target], k.type, k.note, status))
            doc_rows.append(dict(id=None, text=text, title=doc.title, outlet=doc.outlet, author=doc.author,
                                 published=doc.published, url=doc.url, source_file=doc.source_file, sha256=sha,
                                 lang=doc.lang or "en", meta=dict(doc.meta), created=stamp, updated=stamp))
            token_rows.append(doc.tokens)
            span_rows_by_doc.append(spans)
            links_by_doc.append(links)
        check_label_cap(len(labels), len(new_labels))
        check_label_cap(len(link_types), len(new_types), "link type")
        commands: list[Command] = []
        if new_types:
            base = len(link_types)
            commands.append(Insert("link_type", [dict(id=None, name=n, description="", position=base + i)
                                                 for i, n in enumerate(new_types)]))
        if new_labels:
            base = len(labels)
            label_cmd = Insert("label", [self._label_row(name, base + i) for i, name in enumerate(new_labels)])
            commands.append(label_cmd)
        if not doc_rows:
            return result
        doc_cmd = _AddDocs(doc_rows, token_rows)
        commands.append(doc_cmd)
        command = _ImportCommand(commands, doc_cmd, span_rows_by_doc, links_by_doc, stamp, description,
                                 author=self.annotator)
        change = self._run(command)
        result.added = [r["id"] for r in doc_rows]
        result.created_labels = new_labels
        result.change = change
        return result

    def doc_id_by_sha(self, sha: str) -> int | None:
        """The document whose text has this SHA-256, if any (duplicate check at import)."""
        return self.backend.doc_id_by_sha(sha)

    def remove_documents(self, doc_ids: Sequence[int]) -> Change:
        return self._run(Delete("document", list(doc_ids), f"Remove {len(doc_ids)} document(s)"))

    def set_document_language(self, doc_id: int, lang: str, tokens: bytes) -> Change:
        """Set a document's language together with its token boundaries for that language (one undo step)."""
        return self._run(_SetLanguage(doc_id, lang, tokens))

    def update_document(self, doc_id: int, **fields) -> Change:
        allowed = {"title", "outlet", "author", "published", "url", "meta"}
        bad = set(fields) - allowed
        if bad:
            raise ValueError(f"cannot change {sorted(bad)}")
        fields["updated"] = now()
        return self._run(Update("document", {doc_id: fields}, "Edit document details"))


def _known(name: str, known, new: list[str], policy: str, where: str, what: str, result) -> bool:
    """Apply the unknown-label policy to ``name``: True if it can be used (known, or created)."""
    if name in known or name in new:
        return True
    if policy == "create":
        new.append(name)
        return True
    if policy == "skip":
        result.skipped_spans.append(f"{where}: unknown {what}")
        return False
    raise InvalidSpan(f"{where}: unknown {what} (use create or skip)")


class _SetLanguage(Update):
    """The language field (through Update, so undo restores it) plus the document's token rows."""

    def __init__(self, doc_id: int, lang: str, tokens: bytes):
        super().__init__("document", {doc_id: {"lang": lang, "updated": now()}}, f"Set language to {lang}")
        self.doc_id, self.tokens = doc_id, tokens
        self.old_tokens: bytes | None = None

    def size(self) -> int:
        return super().size() + len(self.tokens) + len(self.old_tokens or b"")

    def do(self, backend: Backend) -> Change:
        if self.old_tokens is None:
            self.old_tokens = backend.token_blob(self.doc_id) or b""
        change = super().do(backend)
        backend.insert_token_rows([dict(doc_id=self.doc_id, data=self.tokens)])
        return change

    def undo(self, backend: Backend) -> Change:
        change = super().undo(backend)
        backend.insert_token_rows([dict(doc_id=self.doc_id, data=self.old_tokens)])
        return change


class _AddDocs(Insert):
    def __init__(self, rows, tokens):
        super().__init__("document", [], "")
        self.rows = rows
        self.tokens = tokens

    def do(self, backend: Backend) -> Change:
        change = super().do(backend)
        token_rows = [dict(doc_id=r["id"], data=t if isinstance(t, bytes) else pack_tokens(t)) for r, t in zip(self.rows, self.tokens) if t is not None]
        if token_rows:
            backend.insert_token_rows(token_rows)
        return change

    def slim(self) -> None:
        super().slim()
        self.tokens = [None] * len(self.rows)

    def undo(self, backend: Backend) -> Change:
        if self.slimmed:  # the tokens go with the documents: read them back for redo
            stored = {r["doc_id"]: r["data"] for r in backend.token_rows([r["id"] for r in self.rows])}
            self.tokens = [stored.get(r["id"]) for r in self.rows]
        return super().undo(backend)


class _ImportCommand(Composite):
    """Documents, then their spans and links (which need the new ids): one undo step."""

    def __init__(self, commands, doc_cmd, spans_by_doc, links_by_doc, stamp: str, description: str,
                 author: str = ""):
        super().__init__(commands, description)
        self.author = author
        self.doc_cmd = doc_cmd
        self.spans_by_doc = spans_by_doc
        self.links_by_doc = links_by_doc
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
                                     author=s.author or self.author, created=self.stamp, updated=self.stamp))
            self.span_cmd = Insert("span", rows)
            if rows:
                self.commands.append(self.span_cmd)
                change.merge(self.span_cmd.do(backend))
            types = {t.name: t.id for t in backend.link_types()}
            link_rows, first = [], 0
            for spans, links in zip(self.spans_by_doc, self.links_by_doc):
                ids = [r["id"] for r in self.span_cmd.rows[first:first + len(spans)]]
                first += len(spans)
                for source, target, type_name, note, status in links:
                    link_rows.append(dict(id=None, source_id=ids[source], target_id=ids[target],
                                          type_id=types[type_name], note=note, created=self.stamp,
                                          status=status, author=self.author))
            if link_rows:
                link_cmd = Insert("link", link_rows)
                self.commands.append(link_cmd)
                change.merge(link_cmd.do(backend))
        return change

