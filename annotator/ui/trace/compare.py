"""View > Comparison: the matrix of source passages x retelling documents.

One row per source passage with at least one link, in source order; one column per other document; each
cell the relation (colour + word) and the retelling's words, the word diff on hover; the last column counts
outlets. Filters: label, relation, status; order: source order or most distorted first. Clicking a cell
opens both documents side by side at the pair.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from ..colors import is_dark
from ..settings import initial_size
from .matrix_model import CELL_ROLE, MatrixModel
from .relations import RELATIONS

ORDERS = ("Source order", "Most distorted first")
RELOAD_MS = 300


class ComparisonWindow(QWidget):
    def __init__(self, window, source_id: int | None = None):
        super().__init__(window, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window_ = window
        self.project = window.project
        self.setWindowTitle("Comparison — annotator")
        self.source = source_box(window, source_id)
        self.label = QComboBox()
        self.label.addItem("All labels", None)
        for l in self.project.labels():
            self.label.addItem(l.name, l.name)
        self.relation = QComboBox()
        self.relation.addItem("All relations", None)
        for r in RELATIONS:
            self.relation.addItem(r, r)
        self.status = QComboBox()
        self.status.addItem("Accepted links", "accepted")
        self.status.addItem("Accepted and suggested", "all")
        self.order = QComboBox()
        self.order.addItems(ORDERS)
        # a merged project: one annotator's layer at a time (every layer would show a place once per annotator)
        from ...io.compare import default_layer, layers

        self.layer = QComboBox()
        self.layer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.layer.setMinimumContentsLength(12)  # long names are elided (the list shows them whole)
        self.layer.addItem("Every annotator", None)
        for name in layers(self.project):
            self.layer.addItem(name, name)
        self.layer.setCurrentIndex(max(0, self.layer.findData(default_layer(self.project))))
        self.layer.setToolTip("In a project merged from several annotators, whose links to show: each "
                              "annotator's own layer, the adjudicated one, or every layer (a place then shows "
                              "once per annotator who linked it)")
        charts = QPushButton("Charts…")
        charts.clicked.connect(self.open_charts)
        export = QPushButton("Export…")
        export.setToolTip("The matrix as CSV, JSON or one self-contained HTML file (with diffs and charts)")
        export.clicked.connect(lambda: self.export())
        self.summary = QLabel("")
        self.summary.setStyleSheet("color: gray")
        self.summary.setWordWrap(True)  # a long summary wraps instead of widening the window past a small screen
        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vh = self.table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: nothing measured per row
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setDefaultSectionSize(240)
        hh.setTextElideMode(Qt.TextElideMode.ElideRight)  # a long outlet name ends in "…" (full name in the tooltip)
        hh.sectionClicked.connect(self._header_clicked)
        self.table.verticalHeader().hide()  # (a header sized to 500 row numbers asks each one for its text)
        self.model = MatrixModel(_empty(source_id), is_dark(self.palette()), self._diff_tooltip, self)
        self.table.setModel(self.model)
        self.table.clicked.connect(self.open_pair)
        self.table.activated.connect(self.open_pair)
        # two rows (the source and its buttons; the filters): one row was 1285 px at least, past a 1280 screen
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Source"))
        bar.addWidget(self.source, 1)
        if self.layer.count() > 2:  # a merged project: whose links (one layer at a time); on this row, which
            bar.addWidget(QLabel("Annotator"))  # has room (the filters' row would not fit a 1024 px screen)
            bar.addWidget(self.layer)
        bar.addWidget(charts)
        bar.addWidget(export)
        filters = QHBoxLayout()
        for text, w in (("Label", self.label), ("Relation", self.relation), ("Links", self.status),
                        ("Order", self.order)):
            filters.addWidget(QLabel(text))
            filters.addWidget(w)
        filters.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addLayout(filters)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.summary)
        for combo in (self.source, self.label, self.status, self.layer):
            combo.currentIndexChanged.connect(lambda *_: self.reload())
        self.relation.currentIndexChanged.connect(lambda *_: self._filter())
        self.order.currentIndexChanged.connect(lambda *_: self._sort())
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_MS)
        self._reload_timer.timeout.connect(self.reload)
        window.hub.subscribe(self.on_change, ("link", "span", "document"))
        self.destroyed.connect(lambda *_, h=window.hub, f=self.on_change: h.unsubscribe(f))
        initial_size(self, 1200, 700)  # less on a small screen, kept on it
        self.reload()

    def on_change(self, change, initiator=None) -> None:
        """Rebuild once the edits settle (a review decision per keystroke must not wait for the matrix)."""
        self._reload_timer.start()

    def closeEvent(self, event) -> None:
        self._reload_timer.stop()
        self.window_.hub.unsubscribe(self.on_change)
        super().closeEvent(event)

    def reload(self) -> None:
        from ...io.compare import build_matrix

        source_id = self.source.currentData()
        if source_id is None:
            return
        label = self.label.currentData()
        matrix = build_matrix(self.project, source_id, status=self.status.currentData(),
                              labels=[label] if label else None, annotator=self.layer.currentData())
        self.model.set_matrix(matrix)
        self.matrix = matrix
        self.table.setColumnWidth(0, 320)
        self.table.setColumnWidth(len(matrix.columns) + 1, 110)
        self._summarise()

    def export(self, path: str | None = None) -> bool:
        """Write the matrix shown (source, status and label filter) with the comparison export."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from ...core.errors import AnnotatorError
        from ...io.compare import export_compare
        from ..dialogs._common import ask_replace

        chosen = "html"
        if path is None:
            start = str(Path(self.project.path).with_name(Path(self.project.path).stem + "-comparison.html"))
            filters = {"HTML page (*.html)": "html", "CSV table (*.csv)": "csv", "JSON (*.json)": "json"}
            # the name is completed below, so the replace question is asked here, about the file written
            path, picked = QFileDialog.getSaveFileName(self, "Export comparison", start, ";;".join(filters),
                                                       options=QFileDialog.Option.DontConfirmOverwrite)
            if not path:
                return False
            chosen = filters.get(picked, "html")
        fmt = Path(path).suffix.lower().lstrip(".")
        if fmt not in ("html", "csv", "json"):
            fmt, path = chosen, f"{path}.{chosen}"
        if Path(path).exists() and not ask_replace(self, path, "Export comparison"):
            return False
        label = self.label.currentData()
        try:
            report = export_compare(self.project, self.source.currentData(), path, fmt=fmt,
                                    status=self.status.currentData(), labels=[label] if label else None, force=True,
                                    annotator=self.layer.currentData())
        except AnnotatorError as e:
            self.window_.show_error(e)
            return False
        done = f"Comparison written to {report.path} ({report.rows} passages, {report.links} links)"
        self.window_.status_message(done)
        self.summary.setText(done)  # said here too: the main window's status bar may be behind this window
        return True

    def open_charts(self):
        label = self.label.currentData()
        return self.window_.trace.open_charts(self.source.currentData(), self.status.currentData(),
                                              [label] if label else None, self.layer.currentData())

    def _summarise(self) -> None:
        m = self.model.matrix
        shown = self.model.rowCount()
        links = sum(len(cells) for r in m.rows for cells in r.cells.values())
        rows = f"{shown} of {len(m.rows)}" if shown != len(m.rows) else f"{len(m.rows)}"
        if m.annotator:
            layer = f" · {m.annotator}'s layer"
        else:
            layer = " · every annotator's layer (a place two annotators linked shows twice)" if self.layer.count() > 2 else ""
        if not m.rows:  # say why the table is empty and what to do
            what = "accepted links" if m.status == "accepted" else "links"
            hint = ("choose “Accepted and suggested”, or review suggestions with Extract ▸ Trace to Source"
                    if m.status == "accepted" else "trace the retellings with Extract ▸ Trace to Source")
            self.summary.setText(f"No {what} to this source yet{layer}: {hint}")
            return
        self.summary.setText(f"{rows} source passage(s) · {len(m.columns)} document(s) · {links} link(s){layer} · "
                             "click a cell to open both documents at the pair")

    def _filter(self) -> None:
        self.model.set_view(relation=self.relation.currentData(), by_distortion=self.order.currentIndex() == 1)
        self._summarise()

    def _sort(self) -> None:
        self._filter()

    def _header_clicked(self, section: int) -> None:
        """The Outlets header orders by distortion; the source passage header back to source order."""
        last = len(self.model.matrix.columns) + 1
        if section in (0, last):
            self.order.setCurrentIndex(1 if section == last else 0)

    def _diff_tooltip(self, cells, row) -> str:
        from .diffview import diff_html

        dark = is_dark(self.palette())
        return "<hr>".join(diff_html(c.text, row.text, dark, title=c.relation + ("" if c.status == "accepted"
                                                                                 else f" ({c.status})"))
                           for c in cells[:4])

    def open_pair(self, index) -> None:
        """Both documents side by side (source left), the retelling span selected, the pair lined up."""
        cells = self.model.data(index, CELL_ROLE)
        if not cells:
            return
        cell = cells[0]
        window = self.window_
        source_id = self.model.matrix.source_id
        row = self.model.row_at(index.row())
        window.compare([source_id, cell.doc_id])
        src, tgt = window.pane_for_doc(source_id), window.pane_for_doc(cell.doc_id)
        if src is None or tgt is None:
            return
        if row.span_ids:
            src.view.select_span(row.span_ids[0], scroll=True)
        else:
            src.view.scroll_to(row.start, row.end, select_text=True)
        tgt.view.flash(cell.span_id)
        window.trace.layer.line_up(src, row.start, row.end, tgt, cell.start, cell.end)
        window.set_current_pane(tgt)
        window.raise_()
        window.activateWindow()


def _empty(source_id):
    from ...io.compare import Matrix

    return Matrix(source_id, "", [], [], "accepted", None)


def source_box(window, source_id: int | None = None) -> QComboBox:
    """A box choosing the source document (default: the first open document, else the first one)."""
    docs = list(window.project.documents())
    if source_id is None:
        open_ids = window.open_doc_ids()
        source_id = open_ids[0] if open_ids else (docs[0].id if docs else None)
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(28)  # with an Annotator box beside it, the row still fits an 800 px screen
    for d in docs:
        box.addItem(d.title or d.outlet or f"Document {d.id}", d.id)
    if source_id is not None:
        box.setCurrentIndex(max(0, box.findData(source_id)))
    return box
