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


def rows_bytes(rows) -> int:
    """Rough memory held by captured rows: the length of their texts and blobs, 16 bytes per other value."""
    total = 0
    for row in rows:
        for v in row.values():
            total += len(v) if isinstance(v, (str, bytes)) else 16
    return total


class Command(ABC):
    description = ""
    merge_key: tuple | None = None  # consecutive commands with the same key become one undo step

    def size(self) -> int:
        """Bytes this command keeps for undo/redo (bounds the undo stack)."""
        return 64

    def absorb(self, later: "Command") -> bool:
        """Fold ``later`` (already applied, same merge_key) into this step; False if it cannot."""
        return False

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
    """Insert rows; the ids assigned on the first run are kept for redo. Values may be ``Ref``s.

    Once applied, only the ids are kept: a 2 MB document on the undo stack costs a few bytes. Undo
    reads the rows back before deleting them, so redo restores them exactly; they are dropped again
    on redo."""

    def __init__(self, kind: str, rows: list[Row], description: str = ""):
        self.kind = kind
        self.rows = [dict(r) for r in rows]
        self.description = description
        self.slimmed = False

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

    def slim(self) -> None:
        """Drop the row contents (after the command is on the undo stack); undo fetches them again."""
        self.rows = [{"id": r["id"]} for r in self.rows]
        self.slimmed = True

    def size(self) -> int:
        return rows_bytes(self.rows)

    def undo(self, backend: Backend) -> Change:
        ids = [r["id"] for r in self.rows]
        if self.slimmed:  # read back what redo will insert again
            by_id = {r["id"]: r for r in backend.fetch_rows(self.kind, ids)}
            self.rows = [by_id[i] for i in ids]
            self.slimmed = False
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

    def size(self) -> int:
        return 64 + sum(rows_bytes(rows) for _kind, rows in self.captured)

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

    def size(self) -> int:
        return 64 + rows_bytes(self.changes.values()) + rows_bytes(self.before.values())

    def absorb(self, later: Command) -> bool:
        """Keep this step's ``before`` and take the later values (e.g. a note typed in several saves)."""
        if not isinstance(later, Update) or later.kind != self.kind or set(later.changes) != set(self.changes):
            return False
        for i, fields in later.changes.items():
            self.changes[i].update(fields)
            for k in fields:
                self.before[i].setdefault(k, later.before[i][k])
        return True


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

    def slim(self) -> None:
        for c in self.commands:
            getattr(c, "slim", lambda: None)()

    def size(self) -> int:
        return sum(c.size() for c in self.commands)


MAX_STEPS = 1000
MAX_BYTES = 64 * 1024 * 1024


class CommandStack:
    """Undo/redo within a session, bounded by steps and by the memory the commands hold: past either
    bound the oldest steps are forgotten (the newest step is always kept)."""

    def __init__(self, max_steps: int = MAX_STEPS, max_bytes: int = MAX_BYTES) -> None:
        self.undo_stack: list[Command] = []
        self.redo_stack: list[Command] = []
        self.max_steps = max_steps
        self.max_bytes = max_bytes
        self._can_merge = False  # the top step was the last one pushed (not one undone or redone since)

    def push(self, command: Command) -> bool:
        """Add a freshly applied command; True if it was merged into the step on top (same merge_key)."""
        self.redo_stack.clear()
        top = self.undo_stack[-1] if self.undo_stack else None
        if (self._can_merge and command.merge_key is not None and top is not None
                and top.merge_key == command.merge_key and top.absorb(command)):
            return True
        getattr(command, "slim", lambda: None)()
        self.undo_stack.append(command)
        self._can_merge = True
        self._trim()
        return False

    def undone(self) -> Command:
        """Move the top undo step to the redo stack (after its undo was applied)."""
        command = self.undo_stack.pop()
        self.redo_stack.append(command)
        self._can_merge = False
        self._trim()
        return command

    def redone(self) -> Command:
        """Move the top redo step back to the undo stack (after it was applied again)."""
        command = self.redo_stack.pop()
        getattr(command, "slim", lambda: None)()
        self.undo_stack.append(command)
        self._can_merge = False
        self._trim()
        return command

    @property
    def nbytes(self) -> int:
        return sum(c.size() for c in self.undo_stack) + sum(c.size() for c in self.redo_stack)

    def _trim(self) -> None:
        while len(self.undo_stack) > 1 and (len(self.undo_stack) > self.max_steps or self.nbytes > self.max_bytes):
            self.undo_stack.pop(0)
        while self.redo_stack and len(self.undo_stack) + len(self.redo_stack) > 1 and self.nbytes > self.max_bytes:
            self.redo_stack.pop(0)  # the step furthest from the present

    def clear(self) -> None:
        self.undo_stack.clear()
        self.redo_stack.clear()
        self._can_merge = False

    @property
    def undo_text(self) -> str:
        return self.undo_stack[-1].description if self.undo_stack else ""

    @property
    def redo_text(self) -> str:
        return self.redo_stack[-1].description if self.redo_stack else ""
