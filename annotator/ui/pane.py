"""A pane: header (title, outlet, date, counts per label) above a DocView of one document."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from ..core.errors import NotFound
from .colors import is_dark, label_color
from .docview import DocView
from .fit import elide, fit_items, shrinkable


# Narrow enough for four panes beside both docks on a 1920 px screen (two on 1366 px, or at 150% scaling),
# wide enough for a readable column of text; the header's labels fit themselves to whatever is left.
PANE_MIN_WIDTH = 170
EMPTY_PANE = ("No document in this pane.\n\n"
              "Double-click a document in the Documents list (Ctrl+Shift+D shows it) to read it here, or select "
              "several there and Compare them side by side (Ctrl+Shift+C).\n\n"
              "No documents yet? File ▸ Import Documents (Ctrl+I), or drop files on the window.")


class Pane(QWidget):
    """One document. MainWindow (and the loop extension) use: ``doc_id``, ``view``,
    ``select_next_span(statuses, backwards) -> bool``, ``selected_span_id()``."""

    focused = Signal(object)  # self
    closeRequested = Signal(object)

    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.project = project
        self.view = DocView(project, self)
        self.view.setPlaceholderText(EMPTY_PANE)
        self.setMinimumWidth(PANE_MIN_WIDTH)
        self.full_title = ""
        self.title = QLabel("(no document)")  # one line, elided to the pane's width (full title in the tooltip)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        shrinkable(self.title)
        self.meta = shrinkable(QLabel(""))
        self.meta.setStyleSheet("color: gray")
        self.full_meta = ""
        # accepted spans per label, cut after the last whole count that fits (never clipped from the left)
        self.counts = shrinkable(QLabel(""))
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self._count_items: list[tuple[str, str]] = []
        self._count_suffix = ""
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Close this pane")
        close.setAutoRaise(True)
        close.clicked.connect(lambda: self.closeRequested.emit(self))
        self.close_button = close
        head = QHBoxLayout()
        head.setContentsMargins(10, 6, 6, 4)
        col = QVBoxLayout()
        col.setSpacing(1)
        col.addWidget(self.title)
        col.addWidget(self.meta)
        col.addWidget(self.counts)
        head.addLayout(col, 1)
        head.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.accent = QFrame(self)  # a thin bar in the highlight colour marks the current pane
        self.accent.setFixedHeight(3)
        self.accent.setAutoFillBackground(True)
        self.set_current(False)
        lay.addWidget(self.accent)
        lay.addLayout(head)
        lay.addWidget(self.view, 1)
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(150)
        self._counts_timer.timeout.connect(self.update_counts)
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)

    @property
    def doc_id(self) -> int | None:
        return self.view.doc_id

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress):
            self.focused.emit(self)
        return False

    def set_current(self, current: bool) -> None:
        pal = self.accent.palette()
        role = QPalette.ColorRole.Highlight if current else QPalette.ColorRole.Window
        pal.setColor(QPalette.ColorRole.Window, self.palette().color(role))
        self.accent.setPalette(pal)
        self.is_current = current

    def open_document(self, doc_id: int) -> None:
        self.view.load_document(doc_id)
        self.update_header()

    def update_header(self) -> None:
        if self.doc_id is None:
            self.full_title = ""
            self.title.setText("(no document)")
            self.title.setToolTip("")
            self.full_meta = ""
            self.meta.setText("")
            self._count_items = []
            self.counts.setText("")
            return
        try:
            info = self.project.document_info(self.doc_id)  # one row, counts from the summary table
        except NotFound:
            return
        self.full_title = info.title or info.source_file or f"Document {info.id}"
        self.title.setToolTip(self.full_title)
        self._elide_title()
        self.full_meta = " · ".join(x for x in (info.outlet, info.author if info.author != info.outlet else "",
                                                 info.published) if x)
        elide(self.meta, self.full_meta)
        self.update_counts()

    def _elide_title(self) -> None:
        if self.full_title:
            width = max(40, self.title.width())
            self.title.setText(self.title.fontMetrics().elidedText(self.full_title, Qt.TextElideMode.ElideRight, width))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide_title()
        if self.full_meta:
            elide(self.meta, self.full_meta)
        self._fit_counts()

    def label_counts(self) -> dict[int, int]:
        """{label id: accepted spans} of the whole document (exact while its spans are still paging in)."""
        if self.doc_id is None:
            return {}
        by_name = self.project.doc_counts(self.doc_id)
        return {l.id: by_name[l.name] for l in self.project.labels() if l.name in by_name}

    def update_counts(self) -> None:
        counts = self.label_counts()
        dark = is_dark(self.palette())
        items = []
        for label in self.project.labels():
            c = label_color(label.color, dark).name()
            n = counts.get(label.id, 0)
            items.append((f"<span style='color:{c}'>■</span> {escape(label.name)} {n}", f"■ {label.name} {n}"))
        self._count_items = items
        self._count_suffix = ""  # exact from the first paint (the project's counts, not the spans paged in so far)
        self.counts.setToolTip("Accepted spans per label in this document: "
                               + ", ".join(plain[2:] for _html, plain in items))
        self._fit_counts()

    def _fit_counts(self) -> None:
        if self._count_items:
            text, _n = fit_items(self._count_items, self.counts.fontMetrics(), self.counts.width(), self._count_suffix)
            self.counts.setText(text)

    def on_change(self, change) -> None:
        self.view.on_change(change)
        if self.doc_id is None:
            return
        if change.touches("document") and self.doc_id in change.ids("document"):
            if self.doc_id in change.removed.get("document", set()):
                self.view.doc_id = None
                self.view.setPlainText("")
                self.view.index.clear()
            self.update_header()
        elif change.touches("label") or (change.touches("span") and self.doc_id in change.doc_ids):
            self._counts_timer.start()

    # -- API for the window and extensions ------------------------------------------
    def selected_span_id(self) -> int | None:
        return self.view.selected_id

    def select_next_span(self, statuses=("suggested",), backwards: bool = False) -> bool:
        nxt = self.view.neighbour(backwards=backwards, statuses=statuses)
        if nxt is None:
            return False
        self.view.select_span(nxt.id, scroll=True)
        return True
