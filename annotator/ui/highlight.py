"""Painting spans on a DocView: only what is visible, per line fragment (QTextLayout lines).

Fills are translucent so overlaps blend; every span also gets an underline in its own lane, so a
reader sees that (and which) spans overlap. Suggested spans are dashed outlines without fill; the
selected span has a thick border; linked spans carry a small dot; a span can be flashed.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from .colors import fill_color, label_color
from .geometry import GeometryCache
from .spanindex import SpanItem, assign_lanes

LANE_STEP = 3
UNDER_LANES = 2  # lanes drawn under the text; more overlapping spans get lines along the top of the line


def lane_y(r: QRectF, lane: int) -> float:
    """Where a span's line runs in one line rectangle: lanes 0-1 under the letters (below the baseline), lanes
    2 and up along the top of the line. Stacked further up from the bottom, the third lane ran through the
    letters and read as a strikethrough, which analysts take for "rejected" (found in a real window)."""
    if lane < UNDER_LANES:
        return r.bottom() - 1 - lane * LANE_STEP
    return r.top() + 1 + min(lane - UNDER_LANES, 1) * LANE_STEP  # (a fifth and more share the fourth's line)
LINE_WIDTH = 2
AREA_MARGIN = 5  # px above and below a line that paint may reach (border 2.5, link dot 1.2, flash 1)


def visible_blocks(view):
    """[(block, top_left QPointF)] of the blocks in the viewport.

    Tops are accumulated from the first visible block as QPlainTextEdit.paintEvent does (blockBoundingRect is
    the block's own size); blockBoundingGeometry walks from the top block on every call."""
    out = []
    block = view.firstVisibleBlock()
    offset = view.contentOffset()
    x, y = offset.x(), offset.y()
    bottom = view.viewport().height()
    rect_of = view.blockBoundingRect
    while block.isValid():
        if y > bottom:
            break
        h = rect_of(block).height()
        if block.isVisible():
            out.append((block, QPointF(x, y)))
        y += h
        block = block.next()
    return out


def blocks_after(view, direction: int):
    """[(block, QPointF(0, 0))], in document order, of the visible blocks filling about one viewport height
    below the viewport (direction > 0) or above it (direction < 0). Asking their size lays them out."""
    shown = visible_blocks(view)
    if not shown or not direction:
        return []
    height = view.viewport().height()
    rect_of = view.blockBoundingRect
    if direction > 0:
        block, tl = shown[-1]
        y = tl.y() + rect_of(block).height() - height  # how far the last visible block reaches below
        block = block.next()
    else:
        block, tl = shown[0]
        y = -tl.y()  # how far the first visible block reaches above
        block = block.previous()
    out = []
    while block.isValid() and y < height:
        if block.isVisible():
            out.append((block, QPointF(0, 0)))
            y += rect_of(block).height()
        block = block.next() if direction > 0 else block.previous()
    if direction < 0:
        out.reverse()
    return out


def fragments(block, top_left: QPointF, a: int, b: int) -> list[QRectF]:
    """Rectangles covering block-relative UTF-16 range [a, b) line by line (uncached)."""
    return [r.translated(top_left) for r in GeometryCache().rects(block, a, b)]


def _colors(labels, dark: bool):
    """label id -> its QColor for this paint (each label's colour is worked out once per paint)."""
    cache: dict[int, QColor] = {}

    def color(label_id: int) -> QColor:
        c = cache.get(label_id)
        if c is None:
            c = cache[label_id] = label_color(labels.get(label_id, ("", "#888888"))[1], dark)
        return c

    return color


class SpanPainter:
    """Paints the spans the view supplies; caches line geometry per block (see geometry.py)."""

    def __init__(self, view):
        self.view = view
        self.geometry = GeometryCache()

    def layout(self, blocks, spans: list[SpanItem]):
        """[(span, lane, [rects])] for the visible spans."""
        return self._layout(blocks, spans, assign_lanes(spans))

    def prepare(self, blocks, spans: list[SpanItem]) -> None:
        """Fill the geometry cache for these blocks and spans (on idle, for the page scrolled to next)."""
        self._layout(blocks, spans, None)

    def _layout(self, blocks, spans, lanes):
        view = self.view
        to_qt = view.offsets.to_qt
        self.geometry.check((view.viewport().width(), view.font().key(), view.document().documentMargin()))
        starts = [block.position() for block, _ in blocks]
        out = []
        for span in spans:
            rects = self._rects(blocks, starts, to_qt(span.start), to_qt(span.end), lanes is not None)
            if rects:
                out.append((span, lanes.get(span.id, 0), rects))
        return out

    def _rects(self, blocks, starts, qs: int, qe: int, translate: bool = True) -> list:
        """The line rectangles of UTF-16 range [qs, qe) in these blocks (viewport coordinates)."""
        rects_of = self.geometry.rects
        rects = []
        for k in range(max(0, bisect_right(starts, qs) - 1), len(blocks)):
            bp = starts[k]
            if bp >= qe:
                break
            block, tl = blocks[k]
            bl = block.length()
            if qs >= bp + bl:
                continue
            found = rects_of(block, max(0, qs - bp), min(bl - 1, qe - bp))
            if translate:
                rects.extend(r.translated(tl) for r in found)
        return rects

    def area(self, blocks, ranges) -> QRect:
        """The viewport band (full width) covering the lines of these code-point ranges, with room for
        what is drawn just outside a line (the selected span's border, a link dot, the flash)."""
        view = self.view
        to_qt = view.offsets.to_qt
        self.geometry.check((view.viewport().width(), view.font().key(), view.document().documentMargin()))
        starts = [block.position() for block, _ in blocks]
        top = bottom = None
        for lo, hi in ranges:
            for r in self._rects(blocks, starts, to_qt(lo), to_qt(hi)):
                top = r.top() if top is None else min(top, r.top())
                bottom = r.bottom() if bottom is None else max(bottom, r.bottom())
        if top is None:
            return QRect()
        return QRect(0, int(top) - AREA_MARGIN, view.viewport().width(), int(bottom - top) + 2 * AREA_MARGIN + 1)

    def paint_fills(self, painter: QPainter, laid, labels, dark: bool, selected_id, flash_id, flash_alpha: float):
        painter.setPen(Qt.PenStyle.NoPen)
        color = _colors(labels, dark)
        brushes: dict[tuple[int, bool], QColor] = {}
        for span, _lane, rects in laid:
            if span.status == "suggested" and span.id != selected_id:
                continue
            key = (span.label_id, span.id == selected_id)
            brush = brushes.get(key)
            if brush is None:
                brush = brushes[key] = fill_color(color(span.label_id), dark, strong=key[1])
            for r in rects:
                painter.fillRect(r, brush)
        if flash_id is not None and flash_alpha > 0:
            for span, _lane, rects in laid:
                if span.id == flash_id:
                    c = QColor("#ffd400")
                    c.setAlphaF(0.7 * flash_alpha)
                    for r in rects:
                        painter.fillRect(r.adjusted(-2, -1, 2, 1), c)

    def paint_lines(self, painter: QPainter, laid, labels, dark: bool, selected_id, linked: set[int]):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        color = _colors(labels, dark)
        pens: dict[tuple[int, bool], QPen] = {}
        for span, lane, rects in laid:
            c = color(span.label_id)
            suggested = span.status == "suggested"
            pen = pens.get((span.label_id, suggested))
            if pen is None:
                pen = pens[(span.label_id, suggested)] = QPen(c, LINE_WIDTH)
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                if suggested:
                    pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            if suggested:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for r in rects:
                    painter.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5))
            else:
                lines = []
                for r in rects:
                    y = lane_y(r, lane)
                    lines.append(QLineF(r.left(), y, r.right(), y))
                painter.drawLines(lines)
            if span.id == selected_id:
                sel = QPen(c.darker(130) if not dark else c.lighter(120), 2.5)
                painter.setPen(sel)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for r in rects:
                    painter.drawRect(r.adjusted(-1, -1, 1, 1))
            if span.id in linked:
                first = rects[0]
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(c)
                painter.drawEllipse(QPointF(first.left(), first.top() + 2), 3.2, 3.2)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            if span.has_note:
                last = rects[-1]
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(c)
                tri = [QPointF(last.right() - 5, last.top()), QPointF(last.right(), last.top()),
                       QPointF(last.right(), last.top() + 5)]
                painter.drawPolygon(tri)
