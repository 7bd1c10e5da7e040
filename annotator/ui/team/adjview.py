"""The Adjudicate window's text views: one DocView per layer (an annotator's, or ``adjudicated``), each
showing only that layer's spans, with a gutter bar per place coloured agreed / disagreed / settled and a
frame around the current place. Only the places intersecting the viewport are painted."""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QFrame, QLabel, QListWidgetItem, QVBoxLayout, QWidget

from ..docview import DocView
from .layers import ViewLayers

AGREED = QColor("#2ca02c")
DISAGREED = QColor("#d62728")
SETTLED = QColor("#1f77b4")
GUTTER = 5.0


def state_color(item, settled: bool) -> QColor:
    if item.agreed and not settled:
        return AGREED
    return SETTLED if settled else DISAGREED


class AdjLayers(ViewLayers):
    """A view showing one layer, painting the window's places over it."""

    def __init__(self, view, state, layer: str, window):
        super().__init__(view, state, only={layer})
        self.window = window

    def tooltip(self, span_id: int) -> str:
        return ""

    def paint(self, painter, laid) -> None:
        """Per visible place: a gutter bar on its lines and brackets around its text, in its state's colour; a
        dashed frame around the current place's text."""
        items = self.window.items
        if not items:
            return
        view = self.view
        blocks, a, b = view.visible_range()
        if not blocks:
            return
        starts = self.window.item_starts
        lo = max(0, bisect_left(starts, a) - 50)
        current = self.window.current_item()
        painter.setRenderHint(painter.RenderHint.Antialiasing, False)
        for item in items[lo:]:
            if item.start >= b:
                break
            if item.end <= a:
                continue
            rects = self._rects(blocks, item.start, item.end)
            if not rects:
                continue
            c = state_color(item, self.window.is_settled(item))
            painter.fillRect(QRectF(1, rects[0].top(), GUTTER, rects[-1].bottom() - rects[0].top()), c)
            first, last = rects[0], rects[-1]  # brackets around the place's text
            painter.fillRect(QRectF(first.left() - 3, first.top(), 2, first.height()), c)
            painter.fillRect(QRectF(first.left() - 3, first.top(), 5, 2), c)
            painter.fillRect(QRectF(last.right() + 1, last.top(), 2, last.height()), c)
            painter.fillRect(QRectF(last.right() - 2, last.bottom() - 2, 5, 2), c)
            if item is current:
                pen = QPen(c, 1.5)
                pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for r in rects:
                    painter.drawRect(r.adjusted(-2, -2, 2, 2))

    def _rects(self, blocks, start: int, end: int) -> list[QRectF]:
        view = self.view
        qs, qe = view.offsets.to_qt(start), view.offsets.to_qt(end)
        rects_of = view.painter.geometry.rects
        out: list[QRectF] = []
        for block, tl in blocks:
            bp, bl = block.position(), block.length()
            if bp >= qe:
                break
            if qs >= bp + bl:
                continue
            out.extend(r.translated(tl) for r in rects_of(block, max(0, qs - bp), min(bl - 1, qe - bp)))
        return out


class LayerColumn(QWidget):
    """A heading (key, annotator) above a DocView showing that annotator's layer only."""

    def __init__(self, project, state, layer: str, heading: str, window, parent=None):
        super().__init__(parent)
        self.layer = layer
        self.heading = QLabel(heading)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setContentsMargins(8, 4, 8, 2)
        self.view = DocView(project, self)
        self.view.layers = AdjLayers(self.view, state, layer, window)
        self.view.index = self.view.new_index()
        self.view.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.heading)
        lay.addWidget(self.view, 1)


def place_row(item, annotators: list[str], text: str, settled: bool) -> QListWidgetItem:
    """The places list's row: the text, its state (coloured) and each annotator's labels there."""
    state = "agreed" if item.agreed and not settled else "settled" if settled else "disagreed"
    who = "; ".join(f"{a}: " + (", ".join(v[3] for v in item.versions[a]) if a in item.versions else "—")
                    for a in annotators)
    snippet = text[item.start:item.end].replace("\n", " ")
    snippet = snippet if len(snippet) < 48 else snippet[:47] + "…"
    row = QListWidgetItem(f"■ {snippet}\n   {state} · {who}")
    row.setData(Qt.ItemDataRole.UserRole, (item.start, item.end))
    row.setToolTip(f"{item.start}–{item.end} · {state} · {who}")
    row.setBackground(QBrush(state_color(item, settled).lighter(185)))
    return row


def sync_scroll(source, views) -> None:
    """Scroll every other view (same text) to the line holding the character at the top of ``source``."""
    top = source.cursorForPosition(source.viewport().rect().topLeft()).position()
    for view in views:
        if view is not source:
            block = view.document().findBlock(top)
            line = block.layout().lineForTextPosition(top - block.position()) if block.layout() else None
            extra = line.lineNumber() if line is not None and line.isValid() else 0
            view.verticalScrollBar().setValue(block.firstLineNumber() + extra)
