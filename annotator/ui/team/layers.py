"""Annotator layers in the panes: which annotators' spans are shown, and whose each span is.

``LayerState`` (one per window) keeps the hidden annotators, a colour per annotator and the span counts per
annotator (one GROUP BY query, debounced after changes). Each pane's DocView gets a
``ViewLayers`` as ``view.layers``: its span index leaves hidden layers' rows out as they are loaded (so
painting, hit tests, Tab and the pane's counts only ever see shown spans, and nothing is filtered per
paint), its tooltip names each span's annotator, and spans of other annotators carry a thin mark in their
annotator's colour at their start. Authors are read once per document (``Project.span_authors``) and only
when the project has more than one annotator or a layer is hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, QTimer, Signal
from PySide6.QtGui import QColor

from ...core.annotators import ADJUDICATED
from ...core.errors import NotFound
from ..spanindex import SpanIndex

PALETTE = ("#1f77b4", "#e6550d", "#2ca02c", "#9467bd", "#d6616b", "#17becf", "#8c6d31", "#e377c2", "#7f7f7f")
ADJUDICATED_COLOR = "#3b3b3b"
MARK_WIDTH = 3.0


class LayerState(QObject):
    changed = Signal()  # shown layers changed (views reload their spans)
    counted = Signal()  # counts (and the list of annotators) refreshed

    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.project = project
        self.hidden: set[str] = set()
        self.counts: dict[str, dict[str, int]] = {}  # annotator -> status -> spans
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(500)
        self._timer.timeout.connect(lambda: self.recount(sync=False))
        self._task = None
        self._again = False
        self.recount()

    # -- who ----------------------------------------------------------------------------
    @property
    def own(self) -> str:
        return self.project.annotator

    def annotators(self) -> list[str]:
        """Every annotator with spans, the project's own first (even with none yet), adjudicated last."""
        names = sorted(set(self.counts) - {self.own, ADJUDICATED})
        return [self.own] + names + ([ADJUDICATED] if ADJUDICATED in self.counts and self.own != ADJUDICATED else [])

    @property
    def multi(self) -> bool:
        return len(set(self.counts) | {self.own}) > 1

    def color(self, name: str) -> QColor:
        if name == ADJUDICATED:
            return QColor(ADJUDICATED_COLOR)
        others = sorted(set(self.counts) - {ADJUDICATED} | {self.own})
        i = others.index(name) if name in others else len(others)
        return QColor(PALETTE[i % len(PALETTE)])

    def initials(self, name: str) -> str:
        parts = [p for p in name.replace(".", " ").replace("_", " ").split() if p]
        return "".join(p[0] for p in parts[:2]).upper() if len(parts) > 1 else name[:2]

    # -- shown / hidden -----------------------------------------------------------------
    def is_shown(self, name: str) -> bool:
        return name not in self.hidden

    def set_hidden(self, hidden) -> None:
        hidden = set(hidden)
        if hidden != self.hidden:
            self.hidden = hidden
            self.changed.emit()

    def set_shown(self, name: str, shown: bool) -> None:
        self.set_hidden(self.hidden - {name} if shown else self.hidden | {name})

    def show_only(self, names) -> None:
        keep = set(names)
        self.set_hidden(set(self.annotators()) - keep)

    def show_all(self) -> None:
        self.set_hidden(set())

    # -- counts ---------------------------------------------------------------------------
    def recount(self, sync: bool = True) -> None:
        """Count spans per annotator and status: now, or (after edits) in a worker thread on a read-only
        connection of its own (one GROUP BY over every span: ~150 ms at 100k spans, kept off the UI thread)."""
        if sync:
            try:
                self._counted(self.project.span_counts_by_author())
            except Exception:  # the project was closed under us
                pass
            return
        if self._task is not None and self._task.running:
            self._again = True
            return
        from . import runner

        path = self.project.path
        self._task = runner.run_task(lambda progress, cancel: _count(path), dialog=False, owner=self,
                                     on_done=self._counted,
                                     on_failed=lambda _e: self.recount(sync=True))

    def _counted(self, counts) -> None:
        self.counts = counts
        self.counted.emit()
        if self._again and (self._task is None or not self._task.running):
            self._again = False
            self._timer.start()

    def on_change(self, change) -> None:
        if change.touches("span"):
            self._timer.start()
            if self.own in self.hidden and change.added.get("span"):
                self._reveal_own(change.added["span"])

    def _reveal_own(self, ids) -> None:
        """New work goes into your own layer: if it is hidden, show it again."""
        for sid in list(ids)[:50]:
            try:
                if self.project.span(sid).author == self.own:
                    self.set_shown(self.own, True)
                    return
            except NotFound:
                continue

    def stop(self) -> None:
        self._timer.stop()


def _count(path: str) -> dict[str, dict[str, int]]:
    from ...store import open_project

    project = open_project(path, readonly=True)
    try:
        return project.span_counts_by_author()
    finally:
        project.close()


class LayerIndex(SpanIndex):
    """A SpanIndex that leaves out the rows of hidden layers as they are loaded."""

    def __init__(self, layers: ViewLayers):
        self.layers = layers
        super().__init__()

    def load(self, rows, *, sorted_rows: bool = False) -> None:
        hidden = self.layers.hidden()
        if hidden:
            rows = list(rows)
            authors = self.layers.authors_of([r[0] for r in rows])
            rows = [r for r in rows if authors.get(r[0]) not in hidden]
        super().load(rows, sorted_rows=sorted_rows)


class ViewLayers:
    """What one DocView asks about layers (``view.layers``)."""

    def __init__(self, view, state: LayerState, only: set[str] | None = None):
        self.view = view
        self.state = state
        self.only = only  # a fixed set of shown layers (the Adjudicate window's views), else the state's
        self._doc: int | None = None
        self._authors: dict[int, str] = {}
        self._all = False

    def hidden(self) -> set[str]:
        return self.state.hidden

    def new_index(self) -> SpanIndex:
        if self.only is not None:
            return _OnlyIndex(self)
        return LayerIndex(self)

    def _check_doc(self) -> None:
        if self.view.doc_id != self._doc:
            self._doc, self._authors, self._all = self.view.doc_id, {}, False

    def authors_of(self, ids) -> dict[int, str]:
        self._check_doc()
        authors = self._authors
        missing = [i for i in ids if i not in authors]
        if missing and self._doc is not None:
            if not self._all or len(missing) > 20:
                authors.update(self.view.project.span_authors(self._doc))
                self._all = True
            for sid in [i for i in missing if i not in authors]:
                try:
                    authors[sid] = self.view.project.span(sid).author
                except NotFound:
                    authors[sid] = ""
        return authors

    def author(self, span_id: int) -> str:
        return self.authors_of([span_id]).get(span_id, "")

    def tooltip(self, span_id: int) -> str:
        if not self.state.multi:
            return ""
        from html import escape

        name = self.author(span_id)
        return f" · <span style='color:{self.state.color(name).name()}'>■</span> {escape(name)}"

    def paint(self, painter, laid) -> None:
        """A thin mark in the annotator's colour before each span of another annotator (visible spans only)."""
        if not laid or not self.state.multi:
            return
        own = self.state.own
        authors = self.authors_of([span.id for span, _lane, _rects in laid])
        colors: dict[str, QColor] = {}
        for span, lane, rects in laid:
            who = authors.get(span.id, "")
            if who == own or not who:
                continue
            c = colors.get(who)
            if c is None:
                c = colors[who] = self.state.color(who)
            r = rects[0]
            painter.fillRect(QRectF(r.left() - MARK_WIDTH * (lane + 1), r.top(), MARK_WIDTH - 0.5, r.height()), c)


class _OnlyIndex(SpanIndex):
    def __init__(self, layers: ViewLayers):
        self.layers = layers
        super().__init__()

    def load(self, rows, *, sorted_rows: bool = False) -> None:
        rows = list(rows)
        authors = self.layers.authors_of([r[0] for r in rows])
        only = self.layers.only or set()
        super().load([r for r in rows if authors.get(r[0]) in only], sorted_rows=sorted_rows)
