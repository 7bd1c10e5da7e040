"""View > Outlet Charts: per outlet, accepted spans per label and links per relation (quotes, paraphrases,
distorts), as grouped bar charts (pyqtgraph: pure Python, ~10 MB installed, no QtCharts needed);
exportable as PNG and SVG.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.errors import AnnotatorError
from ..colors import label_color
from ..settings import initial_size
from .compare import source_box
from .relations import RELATIONS, relation_color


class ChartData:
    """outlets (column order), series name -> colour, counts[(outlet, series)]."""

    def __init__(self, outlets, series, counts):
        self.outlets, self.series, self.counts = outlets, series, counts

    def values(self, name: str) -> list[int]:
        return [self.counts.get((o, name), 0) for o in self.outlets]


def chart_data(matrix, labels, dark: bool = False) -> tuple[ChartData, ChartData]:
    """(spans per label, links per relation) per column of the comparison matrix (``io.compare.build_matrix``:
    its label and relation counts, the same figures as the HTML export's charts). ``labels``: the project's
    labels, for their order and colours."""
    outlets = [c.header for c in matrix.columns]
    by_label = {(c.header, name): n for c in matrix.columns
                for name, n in matrix.label_counts.get(c.doc_id, {}).items()}
    by_relation = {(c.header, name): n for c in matrix.columns
                   for name, n in matrix.relation_counts.get(c.doc_id, {}).items()}
    label_series = [(l.name, label_color(l.color, dark)) for l in labels]
    relations = [(r, relation_color(r, dark)) for r in RELATIONS]
    return ChartData(outlets, label_series, by_label), ChartData(outlets, relations, by_relation)


def make_plot(data: ChartData, title: str):
    """A pyqtgraph PlotWidget with one group of bars per outlet, one bar per series."""
    import pyqtgraph as pg

    plot = pg.PlotWidget(background="w")
    item = plot.getPlotItem()
    item.setTitle(title, color="#222")
    item.addLegend(offset=(-10, 10), labelTextColor="#222")
    n = max(1, len(data.series))
    width = 0.8 / n
    for k, (name, color) in enumerate(data.series):
        xs = [i - 0.4 + width * (k + 0.5) for i in range(len(data.outlets))]
        # no outline: SVG viewers that ignore non-scaling strokes would draw it in data units
        values = data.values(name)
        bars = pg.BarGraphItem(x=xs, height=values, width=width * 0.92, brush=color, pen=pg.mkPen(None), name=name)
        item.addItem(bars)  # named items join the legend by themselves
        for x, v in zip(xs, values):
            if v:
                label = pg.TextItem(str(v), color="#222", anchor=(0.5, 1.0))
                label.setPos(x, v)
                item.addItem(label)
    axis = item.getAxis("bottom")
    axis.setTicks([[(i, _short(o)) for i, o in enumerate(data.outlets)]])
    for side in ("bottom", "left"):
        item.getAxis(side).setPen("#444")
        item.getAxis(side).setTextPen("#222")
    item.setLimits(yMin=0)
    item.setXRange(-0.6, len(data.outlets) - 0.4, padding=0)
    top = max([max(data.values(s), default=0) for s, _c in data.series] + [1])
    item.setYRange(0, top * 1.15, padding=0)
    step = _count_step(top)  # counts: whole-number ticks only (never 0.5, 1.5, 2.5)
    item.getAxis("left").setTickSpacing(major=step, minor=step)
    item.setMouseEnabled(x=False, y=False)
    item.hideButtons()
    return plot


def _count_step(top: int, most: int = 8) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that puts at most ``most`` ticks on an axis up to ``top``."""
    scale = 1
    while True:
        for base in (1, 2, 5):
            if top / (base * scale) <= most:
                return base * scale
        scale *= 10


def _short(text: str, n: int = 22) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def export_plot(project, plot, path, fmt: str | None = None) -> Path:
    """Write the chart as PNG or SVG through a temporary name (replaced only when complete)."""
    import pyqtgraph.exporters as ex

    from ...io.compare import check_target

    # the comparison export's checks: not the project, its -wal/-shm/journal/lock, its backups, nor a database;
    # an existing file is replaced (the save dialog asked)
    path = check_target(project, Path(path), force=True)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in ("png", "svg"):
        raise AnnotatorError(f"{path}: charts are exported as .png or .svg")
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.part.{fmt}")
    item = plot.getPlotItem()
    try:
        if fmt == "png":
            exporter = ex.ImageExporter(item)
            exporter.parameters()["width"] = max(800, int(plot.width() * 2))
            exporter.export(str(tmp))
        else:
            _write_svg(plot, tmp, path.stem)
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise AnnotatorError(f"{path}: the chart could not be written")
        os.replace(tmp, path)
    except OSError as e:
        raise AnnotatorError(f"{path}: cannot write ({e.strerror or e})") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _write_svg(plot, tmp: Path, title: str) -> None:
    """The chart as vector SVG through Qt's own generator (pyqtgraph's SVGExporter cannot parse the path
    data Qt >= 6.10 writes: pyqtgraph issue #3485)."""
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    size = plot.size() if plot.width() > 50 else QSize(900, 380)
    gen = QSvgGenerator()
    gen.setFileName(str(tmp))
    gen.setSize(size)
    gen.setViewBox(QRect(0, 0, size.width(), size.height()))
    gen.setTitle(title)
    gen.setResolution(int(round(plot.logicalDpiX())))  # the widget's dpi: text and items keep their places
    painter = QPainter(gen)
    try:
        plot.render(painter, QRect(0, 0, size.width(), size.height()))
    finally:
        painter.end()


class ChartsWindow(QWidget):
    """Charts for one source document's retellings (the comparison's source and filters)."""

    def __init__(self, window, source_id: int | None = None, status: str = "accepted", labels=None, annotator=None):
        super().__init__(window, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window_ = window
        self.project = window.project
        self.status, self.labels, self.annotator = status, labels, annotator
        self.setWindowTitle("Outlet charts — annotator")
        self.plots = []
        self.source = source_box(window, source_id)
        self.source.currentIndexChanged.connect(lambda *_: self.rebuild())
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Retellings of"))
        bar.addWidget(self.source)
        what = "accepted" if status == "accepted" else "accepted and suggested"
        bar.addWidget(QLabel(f"· {what} spans and links per outlet"
                             + (f" · labels {', '.join(labels)}" if labels else "")
                             + (f" · {annotator}'s layer" if annotator else "")))
        bar.addStretch(1)
        refresh = QPushButton("Refresh")
        refresh.clicked.connect(self.rebuild)
        bar.addWidget(refresh)
        lay.addLayout(bar)
        self.box = QVBoxLayout()
        lay.addLayout(self.box, 1)
        initial_size(self, 1000, 760)  # less on a small screen, kept on it
        self.rebuild()

    def rebuild(self) -> None:
        from ...io.compare import build_matrix

        while self.box.count():
            w = self.box.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.plots = []
        source_id = self.source.currentData()
        if source_id is None:
            return
        matrix = build_matrix(self.project, source_id, status=self.status, labels=self.labels,
                              annotator=self.annotator)
        labels, relations = chart_data(matrix, self.project.labels(), dark=False)
        for data, title, key in ((labels, "Spans per label", "labels"), (relations, "Links per relation", "links")):
            plot = make_plot(data, title)
            row = QHBoxLayout()
            for fmt in ("PNG", "SVG"):
                b = QPushButton(f"Export {fmt}…")
                b.clicked.connect(lambda *_, p=plot, f=fmt.lower(), k=key: self.export(p, f, k))
                row.addWidget(b)
            row.addStretch(1)
            holder = QWidget()
            hl = QVBoxLayout(holder)
            hl.setContentsMargins(0, 0, 0, 0)
            hl.addWidget(plot, 1)
            hl.addLayout(row)
            self.box.addWidget(holder, 1)
            self.plots.append(plot)

    def export(self, plot, fmt: str, key: str) -> None:
        start = str(Path(self.project.path).with_name(f"{Path(self.project.path).stem}-{key}.{fmt}"))
        path, _ = QFileDialog.getSaveFileName(self, f"Export chart as {fmt.upper()}", start,
                                              f"{fmt.upper()} image (*.{fmt})",
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        from ..dialogs._common import ask_replace

        if Path(path).exists() and not ask_replace(self, path, f"Export chart as {fmt.upper()}"):
            return
        try:
            written = export_plot(self.project, plot, path, fmt)
        except AnnotatorError as e:
            self.window_.show_error(e)
            return
        self.window_.status_message(f"Chart written to {written}")
