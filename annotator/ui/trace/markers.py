"""Cross-document links drawn between panes: a marker strip in each pane's margin facing its neighbour and
connectors between the strips of two panes side by side.

A strip marks each visible span linked to a span of another document (relation colour; solid when accepted,
dashed when suggested); clicking a marker opens (or scrolls) the other pane at the partner span and lines
the two up. The connector layer draws, for two adjacent panes, a curve from each marker to its partner's
marker, or towards the top/bottom edge when the partner is scrolled out of view. Only what is visible is
laid out: the visible blocks of each pane (see highlight.visible_blocks) and the link ends in that range.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from ..colors import is_dark
from ..highlight import visible_blocks
from .linkmap import LinkMap
from .relations import SEVERITY, relation_color

STRIP = 14  # pixels reserved beside the text column
BAR = 5
STUB = 9  # length of the stub drawn towards a partner scrolled out of view


def _alive(*objs) -> bool:
    """A closed pane is deleted (deleteLater) with its view and the strips on it, whatever Python still holds."""
    return all(o is not None and shiboken6.isValid(o) for o in objs)


class MarkerStrip(QWidget):
    def __init__(self, layer, pane, side: str):
        super().__init__(pane.view)
        self.layer, self.pane, self.side = layer, pane, side
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._cache = None
        self.reposition()
        self.show()

    @property
    def view(self):
        return self.pane.view

    def reposition(self) -> None:
        vp = self.view.viewport().geometry()
        x = vp.left() - STRIP if self.side == "left" else vp.right() + 1
        self.setGeometry(x, vp.top(), STRIP, vp.height())

    def edge_x(self) -> float:
        """x (in this widget) where connectors attach: the outer edge of the bars."""
        return 1.0 if self.side == "left" else float(STRIP - 1)

    def markers(self, other_doc: int | None = None) -> list[tuple[object, float, float]]:
        """[(LinkEnd, top, bottom)] of the visible linked spans, in this widget's coordinates."""
        groups = self._groups()
        if other_doc is None:
            return [(e, t, b) for ends, t, b in groups for e in ends]
        return [(e, t, b) for ends, t, b in groups for e in ends if e.other_doc == other_doc]

    def _groups(self) -> list[tuple[list, float, float]]:
        """[(ends of one span, top, bottom)]: each visible linked span laid out once, cached until the view
        scrolls, resizes, reloads or the links change."""
        view = self.view
        if view.doc_id is None:
            return []
        vp = view.viewport()
        key = (view.doc_id, view.verticalScrollBar().value(), vp.width(), vp.height(), self.layer.map.version,
               view.show_rejected, view.font().key())
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        out = []
        blocks, a, b = view.visible_range()
        ends = self.layer.map.in_range(view.doc_id, a, b, rejected=view.show_rejected) if blocks else []
        if ends:
            by_span: dict[int, list] = {}
            for e in ends:
                by_span.setdefault(e.id, []).append(e)
            firsts = [group[0] for group in by_span.values()]
            height = vp.height()
            for end, _lane, rects in view.painter.layout(blocks, firsts):
                top, bottom = min(r.top() for r in rects), max(r.bottom() for r in rects)
                if bottom > 0 and top < height:  # a long paragraph reaches far beyond the viewport
                    out.append((by_span[end.id], top, bottom))
        self._cache = (key, out)
        return out

    def paintEvent(self, event) -> None:
        if not _alive(self.pane, self.view):
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        dark = is_dark(self.palette())
        x = (STRIP - BAR) / 2
        for ends, top, bottom in self._groups():
            accepted = [e for e in ends if e.status == "accepted"]
            shown = max(accepted or ends, key=lambda e: SEVERITY.get(e.type, 0))
            c = relation_color(shown.type, dark)
            rect = QRectF(x, top + 1, BAR, max(4.0, bottom - top - 2))
            if accepted:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(c)
            else:
                p.setPen(QPen(c, 1.5, Qt.PenStyle.DashLine))
                p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(rect, 2, 2)
            if len(ends) > 1:  # several links: a small tick per extra link
                p.setPen(QPen(c, 1))
                for k in range(1, min(len(ends), 4)):
                    p.drawLine(QPointF(x - 2, top + 1 + 3 * k), QPointF(x + BAR + 2, top + 1 + 3 * k))
        p.end()

    def ends_at(self, y: float) -> list:
        """The link ends of the (smallest) marker at height ``y``, those to the facing pane's document first."""
        hits = [g for g in self._groups() if g[1] - 2 <= y <= g[2] + 2]
        if not hits:
            return []
        ends = min(hits, key=lambda g: g[2] - g[1])[0]
        facing = self.layer.facing_doc(self.pane, self.side)
        return sorted(ends, key=lambda e: (e.other_doc != facing, e.status != "accepted", e.link_id))

    def marker_at(self, y: float):
        ends = self.ends_at(y)
        return ends[0] if ends else None

    def mousePressEvent(self, event) -> None:
        end = self.marker_at(event.position().y())
        if end is not None and event.button() == Qt.MouseButton.LeftButton:
            self.layer.follow(self.pane, end)
        event.accept()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            ends = self.ends_at(event.pos().y())
            if not ends:
                QToolTip.hideText()
                return True
            text = "<hr>".join(self.layer.describe(e) for e in ends[:5])
            if len(ends) > 5:
                text += f"<br>… and {len(ends) - 5} more link(s)"
            QToolTip.showText(event.globalPos(), text, self)
            return True
        return super().event(event)


class Connectors(QWidget):
    """Transparent overlay over the gap between two adjacent panes (from the left pane's strip to the right
    pane's strip: never over text, so repainting it repaints no text); draws the curves between their markers."""

    def __init__(self, layer, window, left, right):
        super().__init__(window)
        self.layer, self.left, self.right = layer, left, right
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)

    def paintEvent(self, event) -> None:
        if not _alive(self.left, self.right):
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        dark = is_dark(self.palette())
        for curve in self.layer.curves(self, self.left, self.right):
            (x1, y1), (x2, y2), end, both = curve
            c = QColor(relation_color(end.type, dark))
            if not both:
                c.setAlphaF(0.35)
            pen = QPen(c, 1.6 if both else 1.2)
            if end.status != "accepted":
                pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            if not both:  # a stub: straight, no curve
                p.drawLine(QPointF(x1, y1), QPointF(x2, y2))
                continue
            path = QPainterPath(QPointF(x1, y1))
            mid = (x1 + x2) / 2
            path.cubicTo(QPointF(mid, y1), QPointF(mid, y2), QPointF(x2, y2))
            p.drawPath(path)
        p.end()


class LinkLayer(QObject):
    """Keeps marker strips and the connector overlay in step with the window's panes and the project."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.map = LinkMap(window.project)
        self.strips: dict[tuple[int, str], MarkerStrip] = {}
        self.connectors: dict[tuple[int, int], Connectors] = {}  # (id(left pane), id(right pane)) -> overlay
        self._watched: set[int] = set()
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(0)
        self._sync_timer.timeout.connect(self.sync)
        window.splitter.installEventFilter(self)
        window.splitter.splitterMoved.connect(lambda *_: self.repaint())
        window.hub.subscribe(self.on_change, ("link", "document", "span"))
        self.sync()

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.ChildAdded, QEvent.Type.ChildRemoved, QEvent.Type.Resize,
                            QEvent.Type.Move):
            self._sync_timer.start()
        return False

    def on_change(self, change, initiator=None) -> None:
        stale = change.touches("link") or change.touches("document")
        if not stale and change.touches("span"):  # labelling unlinked spans leaves the map as it is
            touched = change.ids("span")
            stale = any(self.map.known_span(i) for i in touched)
        if stale:
            self.map.clear()
            self.repaint()

    def set_hidden(self, hidden) -> None:
        """Annotator layers shown or hidden (Annotators dock): links to hidden spans lose markers and connectors."""
        self.map.set_hidden(hidden)
        self.repaint()

    def shutdown(self) -> None:
        self.window.hub.unsubscribe(self.on_change)

    def span_selected(self, span_id: int) -> None:
        trace = getattr(self.window, "trace", None)
        if trace is not None:
            trace.review.follow_selection(span_id)

    def schedule(self) -> None:
        self._sync_timer.start()

    def _watch(self, pane) -> None:
        if id(pane) in self._watched:
            return
        self._watched.add(id(pane))
        view = pane.view
        view.verticalScrollBar().valueChanged.connect(self.repaint)
        view.textChanged.connect(self.schedule)
        view.spanSelected.connect(self.span_selected)
        view.viewport().installEventFilter(self)
        pane.installEventFilter(self)  # a pane moved by the splitter moves its gap overlays

    def sync(self) -> None:
        """Strips on the sides of each pane that face a neighbour; overlay over the splitter."""
        panes = [p for p in self.window.panes() if _alive(p, p.view)]
        self._watched &= {id(p) for p in panes}  # a closed pane's id may come back for a new one
        wanted = set()
        for i, pane in enumerate(panes):
            self._watch(pane)
            sides = (("left",) if i > 0 else ()) + (("right",) if i < len(panes) - 1 else ())
            pane.view.reserve(STRIP if "left" in sides else 0, STRIP if "right" in sides else 0)
            for side in sides:
                key = (id(pane), side)
                wanted.add(key)
                strip = self.strips.get(key)
                if strip is None or not _alive(strip) or strip.pane is not pane:
                    strip = self.strips[key] = MarkerStrip(self, pane, side)
                strip.reposition()
        for key in list(self.strips):
            if key not in wanted:
                strip = self.strips.pop(key)
                if _alive(strip):  # (gone already with its pane's view)
                    strip.hide()
                    strip.deleteLater()
        gaps = {}
        for left, right in zip(panes, panes[1:]):
            key = (id(left), id(right))
            gap = self.connectors.pop(key, None)
            if gap is None or not _alive(gap) or gap.left is not left or gap.right is not right:
                gap = Connectors(self, self.window, left, right)
            ls, rs = self.strip(left, "right"), self.strip(right, "left")
            a = ls.mapTo(self.window, QPoint(0, 0))
            b = rs.mapTo(self.window, QPoint(rs.width(), rs.height()))
            top = min(a.y(), rs.mapTo(self.window, QPoint(0, 0)).y())
            bottom = max(b.y(), ls.mapTo(self.window, QPoint(0, ls.height())).y())
            gap.setGeometry(a.x(), top, max(1, b.x() - a.x()), max(1, bottom - top))
            gap.raise_()
            gap.show()
            gaps[key] = gap
        for gap in self.connectors.values():
            if _alive(gap):
                gap.hide()
                gap.deleteLater()
        self.connectors = gaps
        self.repaint()

    def repaint(self, *_args) -> None:
        dead = False
        for strip in self.strips.values():
            if _alive(strip, strip.pane):
                strip.update()
            else:
                dead = True
        for gap in self.connectors.values():
            if _alive(gap, gap.left, gap.right):
                gap.update()
            else:
                dead = True
        if dead:  # a pane was closed: drop what was on it (on the next pass, once it is gone)
            self._sync_timer.start()

    def facing_doc(self, pane, side: str) -> int | None:
        """The document of the pane next to ``pane`` on ``side``."""
        panes = self.window.panes()
        if pane not in panes:
            return None
        i = panes.index(pane) + (-1 if side == "left" else 1)
        return panes[i].doc_id if 0 <= i < len(panes) else None

    def strip(self, pane, side: str) -> MarkerStrip | None:
        return self.strips.get((id(pane), side))

    # -- connectors -----------------------------------------------------------------
    def gap(self, left, right) -> Connectors | None:
        return self.connectors.get((id(left), id(right)))

    def curves(self, overlay: QWidget, left, right):
        """[((x1, y1), (x2, y2), LinkEnd, both_visible)] between two adjacent panes, in ``overlay``
        coordinates, left to right."""
        out = []
        for left, right in ((left, right),):
            ls, rs = self.strip(left, "right"), self.strip(right, "left")
            if not _alive(ls, rs, left, right, left.view, right.view) or left.doc_id is None or right.doc_id is None or left.doc_id == right.doc_id:
                continue
            lm = ls.markers(other_doc=right.doc_id)
            rm = rs.markers(other_doc=left.doc_id)
            if not lm and not rm:
                continue
            lo = ls.mapTo(self.window, QPoint(0, 0)) - overlay.pos()
            ro = rs.mapTo(self.window, QPoint(0, 0)) - overlay.pos()
            lx, rx = lo.x() + ls.edge_x(), ro.x() + rs.edge_x()
            right_by_link = {e.link_id: (t + b) / 2 for e, t, b in rm}
            left_links = set()
            r_first, r_last = self._visible(right)
            l_first, l_last = self._visible(left)
            for e, t, b in lm:
                left_links.add(e.link_id)
                y1 = lo.y() + (t + b) / 2
                y2 = right_by_link.get(e.link_id)
                if y2 is not None:
                    out.append(((lx, y1), (rx, ro.y() + y2), e, True))
                else:  # partner scrolled away: a short stub pointing up or down, towards it
                    dy = -STUB if e.other_start < r_first else STUB
                    out.append(((lx, y1), (lx + STUB, y1 + dy), e, False))
            for e, t, b in rm:
                if e.link_id in left_links:
                    continue
                y2 = ro.y() + (t + b) / 2
                dy = -STUB if e.other_start < l_first else STUB
                out.append(((rx - STUB, y2 + dy), (rx, y2), e, False))
        return out

    @staticmethod
    def _visible(pane) -> tuple[int, int]:
        _blocks, a, b = pane.view.visible_range()
        return a, b

    # -- following a marker ---------------------------------------------------------
    def describe(self, end) -> str:
        from html import escape

        try:
            doc = self.window.project.document(end.other_doc)
            title = doc.outlet or doc.title or f"document {end.other_doc}"
            text = doc.text[end.other_start:end.other_end]
        except Exception:
            return end.type
        text = text if len(text) <= 220 else text[:217] + "…"
        status = "" if end.status == "accepted" else f" ({end.status})"
        return (f"<b>{escape(end.type)}</b>{escape(status)} · {escape(title)}<br>“{escape(text)}”"
                "<br><i>Click to show it beside this passage</i>")

    def follow(self, pane, end) -> None:
        """Show the partner span in another pane, lined up with this marker."""
        window = self.window
        other = next((p for p in window.panes() if p is not pane and p.doc_id == end.other_doc), None)
        if other is None:
            other = window.show_span(end.other_id, prefer_other=pane)
        else:
            other.view.flash(end.other_id)
        if other is not None and other is not pane:
            self.line_up(pane, end.start, end.end, other, end.other_start, end.other_end)
        self.repaint()

    def line_up(self, pane, start: int, end: int, other, o_start: int, o_end: int) -> None:
        """Scroll ``other`` so [o_start, o_end) sits at the height of [start, end) in ``pane``."""
        y_here = _span_y(pane.view, start, end)
        if y_here is None:
            pane.view.scroll_to(start, end)
            y_here = _span_y(pane.view, start, end)
        y_there = _span_y(other.view, o_start, o_end)
        if y_here is None or y_there is None:
            return
        here = pane.view.viewport().mapToGlobal(QPoint(0, int(y_here))).y()
        there = other.view.viewport().mapToGlobal(QPoint(0, int(y_there))).y()
        step = max(1, other.view.fontMetrics().lineSpacing())
        bar = other.view.verticalScrollBar()
        bar.setValue(bar.value() + round((there - here) / step))


class _Range:
    __slots__ = ("id", "start", "end")

    def __init__(self, start, end):
        self.id, self.start, self.end = -1, start, end


def _span_y(view, start: int, end: int) -> float | None:
    """Top of [start, end) in the view's viewport, if it is visible."""
    blocks = visible_blocks(view)
    laid = view.painter.layout(blocks, [_Range(start, end)]) if blocks else []
    if not laid:
        return None
    return min(r.top() for r in laid[0][2])
