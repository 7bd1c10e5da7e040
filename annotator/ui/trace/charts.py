"""View > Outlet Charts: per outlet, accepted spans per label and links per relation (quotes, paraphrases,
distorts), as grouped bar charts (pyqtgraph: pure Python, ~10 MB installed, no QtCharts needed);
exportable as PNG and SVG.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.errors import AnnotatorError
from ..colors import is_dark, label_color
from .relations import RELATIONS, relation_color


class ChartData:
    """outlets (column order), series name -> colour, counts[(outlet, series)]."""

    def __init__(self, outlets, series, counts):
        self.outlets, self.series, self.counts = outlets, series, counts

    def values(self, name: str) -> list[int]:
        return [self.counts.get((o, name), 0) for o in self.outlets]


def outlet_name(doc) -> str:
    return doc.outlet or doc.title or f"Document {doc.id}"


def chart_data(project, dark: bool = False) -> tuple[ChartData, ChartData]:
    """(accepted spans per label, accepted links per relation) per outlet. A link counts for the document of
    its source span: links run from a retelling's claim to the source passage it comes from."""
    docs = {d.id: d for d in project.documents()}
    spans = project.spans()
    doc_of = {s.id: s.doc_id for s in spans}
    labels = [(l.name, label_color(l.color, dark)) for l in project.labels()]
    outlets: list[str] = []
    seen = set()
    for d in docs.values():
        name = outlet_name(d)
        if name not in seen:
            seen.add(name)
            outlets.append(name)
    by_label = Counter((outlet_name(docs[s.doc_id]), s.label) for s in spans if s.status == "accepted")
    by_relation: Counter = Counter()
    for link in project.links():
        if getattr(link, "status", "accepted") != "accepted" or link.type not in RELATIONS:
            continue
        doc = doc_of.get(link.source_id)
        if doc is not None:
            by_relation[(outlet_name(docs[doc]), link.type)] += 1
    relations = [(r, relation_color(r, dark)) for r in RELATIONS]
    return ChartData(outlets, labels, by_label), ChartData(outlets, relations, by_relation)


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
        bars = pg.BarGraphItem(x=xs, height=data.values(name), width=width * 0.92, brush=color,
                               pen=pg.mkPen(color.darker(130)), name=name)
        item.addItem(bars)
        item.legend.addItem(bars, name)
    axis = item.getAxis("bottom")
    axis.setTicks([[(i, _short(o)) for i, o in enumerate(data.outlets)]])
    for side in ("bottom", "left"):
        item.getAxis(side).setPen("#444")
        item.getAxis(side).setTextPen("#222")
    item.showGrid(y=True, alpha=0.25)
    item.setLimits(yMin=0)
    item.setXRange(-0.6, len(data.outlets) - 0.4, padding=0)
    top = max([max(data.values(s), default=0) for s, _c in data.series] + [1])
    item.setYRange(0, top * 1.15, padding=0)
    item.setMouseEnabled(x=False, y=False)
    item.hideButtons()
    return plot


def _short(text: str, n: int = 22) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def check_output(project, path: Path) -> Path:
    """Refuse to write over the project, its -wal/-shm/lock files or a folder."""
    path = Path(path)
    try:
        target = path.resolve()
        proj = Path(project.path).resolve()
    except OSError as e:
        raise AnnotatorError(f"{path}: {e.strerror or e}") from None
    reserved = {proj, Path(str(proj) + "-wal"), Path(str(proj) + "-shm"), Path(str(proj) + ".lock")}
    if target in reserved:
        raise AnnotatorError(f"{path}: that is the project (or one of its files); choose another name")
    if target.is_dir():
        raise AnnotatorError(f"{path}: is a folder; give a file name to write")
    if not target.parent.is_dir():
        raise AnnotatorError(f"{path}: the folder {target.parent} does not exist")
    return target


def export_plot(project, plot, path, fmt: str | None = None) -> Path:
    """Write the chart as PNG or SVG through a temporary name (replaced only when complete)."""
    import pyqtgraph.exporters as ex

    path = check_output(project, Path(path))
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
    painter = QPainter(gen)
    try:
        plot.render(painter, QRect(0, 0, size.width(), size.height()))
    finally:
        painter.end()


class ChartsWindow(QWidget):
    def __init__(self, window):
        super().__init__(window, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window_ = window
        self.project = window.project
        self.setWindowTitle("Outlet charts — annotator")
        self.plots = []
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Accepted spans and links per outlet"))
        bar.addStretch(1)
        refresh = QPushButton("Refresh")
        refresh.clicked.connect(self.rebuild)
        bar.addWidget(refresh)
        lay.addLayout(bar)
        self.box = QVBoxLayout()
        lay.addLayout(self.box, 1)
        self.resize(1000, 760)
        self.rebuild()

    def rebuild(self) -> None:
        while self.box.count():
            w = self.box.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.plots = []
        labels, relations = chart_data(self.project, dark=False)
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
                                              f"{fmt.upper()} image (*.{fmt})")
        if not path:
            return
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        try:
            written = export_plot(self.project, plot, path, fmt)
        except AnnotatorError as e:
            self.window_.show_error(e)
            return
        self.window_.status_message(f"Chart written to {written}")
