"""View > Agreement: the pairwise matrix (exact_f1, overlap_f1, kappa, alpha_u per label and ALL; link_f1),
annotator / label / document filters, per-document scores and the list of disagreements; activating a
disagreement opens its document in a pane at that place with both annotators' layers shown.

The scores come from ``annotator.io.agreement.compute_agreement``, run in a worker thread on a read-only
connection of its own (a snapshot of the project), and again (debounced) after the project changes while
the window is open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QMainWindow, QMenu,
                               QProgressBar, QPushButton, QTableWidget, QTableWidgetItem, QTabWidget, QToolButton,
                               QVBoxLayout, QWidget)

from ...io.agreement import ALL
from ..settings import initial_size
from . import runner
from .table import fill, score_color, table_view

METRICS = ("exact_f1", "overlap_f1", "kappa", "alpha_u", "link_f1")
ROLE = Qt.ItemDataRole.UserRole
KINDS = {"only_a": "only {a}", "only_b": "only {b}", "boundary": "boundaries differ", "label": "labels differ"}


def compute(path: str, annotators, labels, doc_ids):
    """Worker thread: the agreement over a read-only connection of its own."""
    from ...io.agreement import compute_agreement
    from ...store import open_project

    project = open_project(path, readonly=True)
    try:
        return compute_agreement(project, annotators=annotators, labels=labels, doc_ids=doc_ids, details=True)
    finally:
        project.close()


def _cell(value) -> QTableWidgetItem:
    item = QTableWidgetItem("–" if value is None else f"{value:.3f}")
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    if value is not None:
        item.setBackground(QBrush(score_color(value)))
    return item


class Choice(QToolButton):
    """A button with a menu of checkable names (all checked = no filter)."""

    def __init__(self, title: str, on_change):
        super().__init__()
        self.title = title
        self.on_change = on_change
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.names: list[str] = []
        self.set_names([])

    def set_names(self, names: list[str], default: set[str] | None = None) -> None:
        """New names are checked when in ``default`` (None: all); names already listed keep their state."""
        before = {a.text(): a.isChecked() for a in self.menu().actions()}
        self.names = list(names)
        menu = self.menu()
        menu.clear()
        for n in names:
            act = QAction(n, menu)
            act.setCheckable(True)
            act.setChecked(before[n] if n in before else default is None or n in default)
            act.toggled.connect(lambda *_: self._changed())
            menu.addAction(act)
        self._label()

    def checked(self) -> list[str]:
        return [a.text() for a in self.menu().actions() if a.isChecked()]

    def chosen(self) -> list[str] | None:
        """The checked names, or None when all are checked (no filter)."""
        acts = self.menu().actions()
        on = [a.text() for a in acts if a.isChecked()]
        return None if len(on) == len(acts) else on

    def set_chosen(self, names) -> None:
        for a in self.menu().actions():
            a.blockSignals(True)
            a.setChecked(names is None or a.text() in names)
            a.blockSignals(False)
        self._changed()

    def _label(self) -> None:
        c = self.chosen()
        self.setText(f"{self.title}: " + ("all" if c is None else ", ".join(c) or "none"))  # Qt draws the arrow

    def _changed(self) -> None:
        self._label()
        self.on_change()


class AgreementWindow(QMainWindow):
    def __init__(self, window, team):
        super().__init__(window, Qt.WindowType.Window)
        self.main = window
        self.team = team
        self.project = window.project
        self.result = None
        self.task = None
        self.error = ""
        self._pending = False
        self.setWindowTitle("Agreement — annotator")
        initial_size(self, 1100, 700)  # less on a small screen, kept on it
        self.annotators = Choice("Annotators", self.schedule)
        self.labels = Choice("Labels", self.schedule)
        self.docs = QComboBox()
        self.docs.addItems(["All documents", "Documents selected in the main window", "Documents open in panes"])
        self.docs.currentIndexChanged.connect(lambda *_: self.schedule())
        self.measure = QComboBox()
        self.measure.addItems(list(METRICS))
        self.measure.currentIndexChanged.connect(lambda *_: self.show_matrix())
        self.matrix_label = QComboBox()
        self.matrix_label.currentIndexChanged.connect(lambda *_: self.show_matrix())
        self.recompute = QPushButton("Recompute")
        self.recompute.clicked.connect(self.refresh)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.cancel = QPushButton("Cancel")
        self.cancel.clicked.connect(self.cancel_task)
        self.cancel.hide()
        self.state = QLabel("")
        self.state.setWordWrap(True)
        top = QHBoxLayout()
        for wdg in (self.annotators, self.labels, self.docs, self.recompute, self.busy, self.cancel):
            top.addWidget(wdg)
        top.addStretch(1)
        self.matrix = QTableWidget(0, 0)
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matrix.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        mhead = QHBoxLayout()
        mhead.addWidget(QLabel("Measure"))
        mhead.addWidget(self.measure)
        mhead.addWidget(QLabel("Label"))
        mhead.addWidget(self.matrix_label)
        mhead.addStretch(1)
        mbox = QWidget()
        ml = QVBoxLayout(mbox)
        ml.addLayout(mhead)
        ml.addWidget(self.matrix, 1)
        self.pairs = table_view(["A", "B", "label", "docs", "n_A", "n_B", "exact_f1", "overlap_f1", "kappa", "alpha_u"])
        self.links = table_view(["A", "B", "link type", "n_A", "n_B", "matched", "link_f1"])
        pbox = QWidget()
        pl = QVBoxLayout(pbox)
        pl.addWidget(self.pairs, 3)
        pl.addWidget(QLabel("Links (both end spans identical and the same type)"))
        pl.addWidget(self.links, 1)
        self.per_doc = table_view(["document", "A", "B", "exact_f1", "overlap_f1", "n_A", "n_B", "disagreements"])
        self.per_doc.activated.connect(self._open_doc)
        self.per_doc.doubleClicked.connect(self._open_doc)
        self.disagreements = table_view(["document", "A", "B", "what", "A's span", "B's span", "text"])
        self.disagreements.activated.connect(self._open_disagreement)
        self.disagreements.doubleClicked.connect(self._open_disagreement)
        self.tabs = QTabWidget()
        self.tabs.addTab(mbox, "Matrix")
        self.tabs.addTab(pbox, "Pairs by label")
        self.tabs.addTab(self.per_doc, "Documents")
        self.tabs.addTab(self.disagreements, "Disagreements")
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.addLayout(top)
        lay.addWidget(self.state)
        lay.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.refresh)
        self._stale = QTimer(self)  # the project changed while the window is open: recompute, debounced
        self._stale.setSingleShot(True)
        self._stale.setInterval(1500)
        self._stale.timeout.connect(lambda: self.isVisible() and self.refresh())
        self.unsubscribe = runner.subscribe(window, self._changed)
        self._fill_filters()

    # -- filters ---------------------------------------------------------------------------
    def _fill_filters(self) -> None:
        from ...core.annotators import ADJUDICATED

        names = [a for a in sorted(self.team.layers.counts) if self.team.layers.counts[a].get("accepted")]
        default = {a for a in names if a != ADJUDICATED}
        self.annotators.set_names(names, default)
        self.labels.set_names([l.name for l in self.project.labels()])

    def _changed(self, change) -> None:
        if change.touches("span") or change.touches("link") or change.touches("label"):
            self._stale.start()

    def schedule(self) -> None:
        self._timer.start()

    def filters(self) -> tuple:
        names = self.annotators.checked()
        mode = self.docs.currentIndex()
        doc_ids = None
        if mode == 1:
            doc_ids = self.main.selected_doc_ids()
        elif mode == 2:
            doc_ids = sorted(set(self.main.open_doc_ids()))
        return names, self.labels.chosen(), doc_ids

    # -- computing -------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.task is not None and self.task.running:
            self._pending = True
            return
        self.team.layers.recount(sync=False)
        self._fill_filters()
        names, labels, doc_ids = self.filters()
        if len(names) < 2:
            self.show_error("Choose at least two annotators (with accepted spans) to compare")
            return
        if labels is not None and not labels:
            self.show_error("Choose at least one label")
            return
        if doc_ids is not None and not doc_ids:
            self.show_error("No documents: select documents in the main window's Documents list, or open some")
            return
        path = self.project.path
        self.busy.show()
        self.cancel.show()
        self.state.setText("Computing agreement…")
        self.task = runner.run_task(lambda progress, cancel: compute(path, names, labels, doc_ids), parent=self,
                                    dialog=False, owner=self, on_done=self._done, on_failed=self._failed,
                                    on_cancelled=self._cancelled)

    def cancel_task(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()

    def _idle(self) -> None:
        self.busy.hide()
        self.cancel.hide()
        if self._pending:
            self._pending = False
            self.schedule()

    def _cancelled(self) -> None:
        self.state.setText("Cancelled: the scores shown are from the previous run" if self.result else "Cancelled")
        self._idle()

    def _failed(self, error) -> None:
        from ..dialogs.errors import describe

        self.show_error(describe(error)[0])
        self._idle()

    def show_error(self, text: str) -> None:
        self.error = text
        self.state.setText(text)
        self.result = None
        self.matrix.setRowCount(0)
        for t in (self.pairs, self.links, self.per_doc, self.disagreements):
            t.model().set_rows([])

    def _done(self, result) -> None:
        self.error = ""
        self.result = result
        n_docs = len({d.doc_id for d in result.docs})
        self.state.setText(f"{len(result.annotators)} annotators ({', '.join(result.annotators)}), "
                           f"{len(result.labels)} label(s), {n_docs} document(s) annotated by at least two of them, "
                           f"{len(result.disagreements)} disagreement(s). Double-click a document or a disagreement "
                           "to open it.")
        current = self.matrix_label.currentText() or ALL
        self.matrix_label.blockSignals(True)
        self.matrix_label.clear()
        self.matrix_label.addItems([ALL] + list(result.labels))
        self.matrix_label.setCurrentText(current if current in [ALL] + list(result.labels) else ALL)
        self.matrix_label.blockSignals(False)
        self.show_matrix()
        fill(self.pairs, [[p.a, p.b, p.label, p.n_docs, p.n_a, p.n_b, p.exact_f1, p.overlap_f1, p.kappa, p.alpha_u]
                          for p in result.pairs])
        fill(self.links, [[k.a, k.b, k.type, k.n_a, k.n_b, k.matched, k.link_f1] for k in result.links])
        titles = {d.id: d.title or f"Document {d.id}" for d in self.project.documents()}
        fill(self.per_doc, [[titles.get(d.doc_id, str(d.doc_id)), d.a, d.b, d.exact_f1, d.overlap_f1, d.n_a, d.n_b,
                             d.disagreements] for d in result.docs], list(result.docs))
        self._fill_disagreements(titles)
        self._idle()

    def _fill_disagreements(self, titles) -> None:
        rows, data = [], []
        texts: dict[int, str] = {}
        for x in self.result.disagreements:
            if x.doc_id not in texts:
                texts[x.doc_id] = self.project.document(x.doc_id).text
            text = texts[x.doc_id][x.start:x.end]
            text = text if len(text) <= 80 else text[:79] + "…"
            span = lambda s: f"{s[3]} {s[1]}–{s[2]}" if s else "–"  # noqa: E731
            rows.append([titles.get(x.doc_id, str(x.doc_id)), x.a, x.b, KINDS[x.kind].format(a=x.a, b=x.b),
                         span(x.span_a), span(x.span_b), text])
            data.append(x)
        fill(self.disagreements, rows, data)

    def show_matrix(self) -> None:
        r = self.result
        if r is None:
            return
        metric = self.measure.currentText()
        label = self.matrix_label.currentText() or ALL
        names = r.annotators
        self.matrix.setColumnCount(len(names))
        self.matrix.setRowCount(len(names))
        self.matrix.setHorizontalHeaderLabels(names)
        self.matrix.setVerticalHeaderLabels(names)
        for i, a in enumerate(names):
            for j, b in enumerate(names):
                if a == b:
                    item = QTableWidgetItem("")
                    item.setBackground(QBrush(QColor("#dddddd")))
                elif metric == "link_f1":
                    k = next((k for k in r.links if {k.a, k.b} == {a, b} and k.type == ALL), None)
                    item = _cell(k.link_f1 if k else None)
                else:
                    p = r.pair(a, b, label)
                    item = _cell(getattr(p, metric) if p else None)
                    if p:
                        item.setToolTip(f"{a} vs {b}, {label}: {p.n_a} and {p.n_b} spans over {p.n_docs} document(s)")
                self.matrix.setItem(i, j, item)

    # -- opening ---------------------------------------------------------------------------
    def _open_doc(self, index) -> None:
        d = self.per_doc.model().payload[index.row()]
        self._show_layers(d.a, d.b)
        pane = self.main.open_document(d.doc_id)
        self.main.raise_()
        self.main.activateWindow()
        pane.view.setFocus()  # the keys go to the document (they went to the Documents filter)

    def _show_layers(self, *names) -> None:
        layers = self.team.layers
        if any(not layers.is_shown(n) for n in names):
            layers.set_hidden(layers.hidden - set(names))

    def open_disagreement(self, x) -> None:
        self._show_layers(x.a, x.b)
        pane = self.main.open_document(x.doc_id)
        view = pane.view
        sid = (x.span_a or x.span_b)[0]
        view.finish_loading()
        if sid in view.index:
            view.flash(sid)
        else:
            view.scroll_to(x.start, x.end, select_text=True)
        self.main.raise_()
        self.main.activateWindow()
        self.main.set_current_pane(pane)
        view.setFocus()  # a label key now relabels the span shown (it typed into the Documents filter)

    def _open_disagreement(self, index) -> None:
        x = self.disagreements.model().payload[index.row()]
        if x is not None:
            self.open_disagreement(x)

    def closeEvent(self, event) -> None:
        self.cancel_task()
        self._stale.stop()
        self._timer.stop()
        super().closeEvent(event)
