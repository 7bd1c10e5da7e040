"""Commands with do/undo over the Backend's generic row operations, and the undo stack.

A command records the exact rows it inserted or deleted, so undo and redo restore the
same ids (links pointing at a restored span stay valid).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from .backend import Backend, Row
from .changes import Change
from .errors import NotFound


def _doc_ids(kind: str, rows: list[Row], backend: Backend | None = None) -> list[int]:
    """Documents a change to these rows touches. For links, call while both end spans exist."""
    if kind == "span":
        return [r["doc_id"] for r in rows]
    if kind == "document":
        return [r["id"] for r in rows]
    if kind == "link" and backend is not None and rows:
        span_ids = sorted({r["source_id"] for r in rows} | {r["target_id"] for r in rows})
        return [r["doc_id"] for r in backend.fetch_rows("span", span_ids)]
    return []


class Command(ABC):
    description = ""

    @abstractmethod
    def do(self, backend: Backend) -> Change:
        """Apply the command; return what changed."""

    @abstractmethod
    def undo(self, backend: Backend) -> Change:
        """Revert exactly what ``do`` applied; return what changed."""


class Ref:
    """The id of a row that an earlier Insert of the same Composite adds (e.g. a link to a span created in
    the same step). Resolved when the referring Insert runs; redo re-inserts the same ids, so it stays valid."""

    def __init__(self, insert: "Insert", index: int):
        self.insert = insert
        self.index = index

    def resolve(self) -> int:
        value = self.insert.rows[self.index].get("id")
        if value is None:
            raise RuntimeError("a Ref was resolved before its Insert ran")
        return value


class Insert(Command):
    """Insert rows; the ids assigned on the first run are kept for redo. Values may be ``Ref``s."""

    def __init__(self, kind: str, rows: list[Row], description: str = ""):
        self.kind = kind
        self.rows = [dict(r) for r in rows]
        self.description = description

    def do(self, backend: Backend) -> Change:
        for row in self.rows:
            for k, v in row.items():
                if isinstance(v, Ref):
                    row[k] = v.resolve()
        ids = backend.insert_rows(self.kind, self.rows)
        for row, new_id in zip(self.rows, ids):
            row["id"] = new_id
        change = Change(self.description)
        change.note(self.kind, "added", ids, _doc_ids(self.kind, self.rows, backend))
        return change

    def undo(self, backend: Backend) -> Change:
        ids = [r["id"] for r in self.rows]
        change = Change(self.description)
        change.note(self.kind, "removed", ids, _doc_ids(self.kind, self.rows, backend))  # before the rows go
        backend.delete_rows(self.kind, ids)
        return change

    @property
    def ids(self) -> list[int]:
        return [r["id"] for r in self.rows]


class Delete(Command):
    """Delete rows by id; what the delete cascades to (spans, links, tokens) is captured and restored on undo."""

    def __init__(self, kind: str, ids: list[int], description: str = ""):
        self.kind = kind
        self.ids = list(ids)
        self.description = description
        self.captured: list[tuple[str, list[Row]]] = []

    def _capture(self, backend: Backend) -> None:
        captured: list[tuple[str, list[Row]]] = []
        rows = backend.fetch_rows(self.kind, self.ids)
        missing = set(self.ids) - {r["id"] for r in rows}
        if missing:
            raise NotFound(f"no {self.kind.replace('_', ' ')} with id {min(missing)}")
        captured.append((self.kind, rows))
        span_rows: list[Row] = []
        if self.kind == "document":
            captured.append(("tokens", backend.token_rows(self.ids)))
            span_rows = backend.span_rows_for_docs(self.ids)
        elif self.kind == "label":
            span_rows = backend.span_rows_for_labels(self.ids)
        elif self.kind == "span":
            span_rows = rows
        if span_rows and self.kind != "span":
            captured.append(("span", span_rows))
        if span_rows:
            links = backend.link_rows_for_spans([r["id"] for r in span_rows])
            captured.append(("link", links))
        if self.kind == "link_type":
            captured.append(("link", backend.link_rows_for_types(self.ids)))
        self.captured = captured

    def do(self, backend: Backend) -> Change:
        self._capture(backend)
        change = Change(self.description)
        for kind, rows in self.captured:  # before the delete, so links still resolve to their documents
            if kind != "tokens":
                change.note(kind, "removed", [r["id"] for r in rows], _doc_ids(kind, rows, backend))
        backend.delete_rows(self.kind, self.ids)
        return change

    def undo(self, backend: Backend) -> Change:
        change = Change(self.description)
        order = {"document": 0, "tokens": 1, "label": 0, "link_type": 0, "span": 2, "link": 3}
        for kind, rows in sorted(self.captured, key=lambda kr: order.get(kr[0], 0)):
            if not rows:
                continue
            if kind == "tokens":
                backend.insert_token_rows(rows)
                continue
            backend.insert_rows(kind, rows)
            change.note(kind, "added", [r["id"] for r in rows], _doc_ids(kind, rows, backend))
        return change


class Update(Command):
    """Set fields on rows; the previous values are captured for undo."""

    def __init__(self, kind: str, changes: dict[int, Row], description: str = ""):
        self.kind = kind
        self.changes = {i: dict(f) for i, f in changes.items()}
        self.description = description
        self.before: dict[int, Row] = {}
        self.doc_ids: list[int] = []

    def do(self, backend: Backend) -> Change:
        rows = {r["id"]: r for r in backend.fetch_rows(self.kind, list(self.changes))}
        missing = set(self.changes) - set(rows)
        if missing:
            raise NotFound(f"no {self.kind.replace('_', ' ')} with id {min(missing)}")
        self.before = {i: {k: rows[i][k] for k in f} for i, f in self.changes.items()}
        self.doc_ids = _doc_ids(self.kind, list(rows.values()), backend)
        backend.update_rows(self.kind, self.changes)
        return self._change()

    def undo(self, backend: Backend) -> Change:
        backend.update_rows(self.kind, self.before)
        return self._change()

    def _change(self) -> Change:
        change = Change(self.description)
        change.note(self.kind, "updated", list(self.changes), self.doc_ids)
        return change


class Composite(Command):
    """Several commands as one undo step (bulk accept, delete label with its spans, ...)."""

    def __init__(self, commands: list[Command], description: str = ""):
        self.commands = commands
        self.description = description

    def do(self, backend: Backend) -> Change:
        change = Change(self.description)
        for c in self.commands:
            change.merge(c.do(backend))
        return change

    def undo(self, backend: Backend) -> Change:
        change = Change(self.description)
        for c in reversed(self.commands):
            change.merge(c.undo(backend))
        return change


class CommandStack:
    """Unlimited undo/redo within a session."""

    def __init__(self) -> None:
        self.undo_stack: list[Command] = []
        self.redo_stack: list[Command] = []
        self.clean_index = 0

    def push(self, command: Command) -> None:
        self.undo_stack.append(command)
        self.redo_stack.clear()

    def clear(self) -> None:
        self.undo_stack.clear()
        self.redo_stack.clear()

    @property
    def undo_text(self) -> str:
        return self.undo_stack[-1].description if self.undo_stack else ""

    @property
    def redo_text(self) -> str:
        return self.redo_stack[-1].description if self.redo_stack else ""
