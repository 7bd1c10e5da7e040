"""DocView: a read-only QPlainTextEdit that paints a document's spans (visible part only).

Spans come from ``Project.span_index``: the rows intersecting the first viewport are read before the
first paint and the rest are paged in on idle timer ticks, so a 5 MB document with 50k spans opens
about as fast as plain text. Views refresh from project ``Change``s (only their document).
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPainter, QTextCursor, QTextOption
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QToolTip

from ..core.project import Project
from .colors import is_dark
from .highlight import SpanPainter, blocks_after, visible_blocks
from .offsets import OffsetMap, cursor_range
from .spanindex import SpanIndex, SpanItem, grow_to_clusters

CHUNK = 500  # span rows paged in per idle step
IDLE_BUDGET = 0.006  # seconds of idle work per turn of the event loop
COLUMN_CHARS = 92


def collect_closed() -> None:
    """A full collection, once, after panes or a window closed: their Python wrappers may hold reference
    cycles that were frozen (see DocView._after_load) and would otherwise be kept for good."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class DocView(QPlainTextEdit):
    spanSelected = Signal(int)  # span id, 0 = none
    spanActivated = Signal(int)  # clicked while in link mode
    loaded = Signal()

    def __init__(self, project: Project, parent=None):
        super().__init__(parent)
        self.project = project
        self.doc_id: int | None = None
        self.text = ""
        self.offsets = OffsetMap("")
        self.layers = None  # annotator layers (annotator.ui.team.layers.ViewLayers): index filter, marks, tooltips
        self.index = self.new_index()
        self.selected_id: int | None = None
        self.linked: set[int] = set()
        self.labels: dict[int, tuple[str, str]] = {}
        self.show_rejected = False
        self.complete = True  # every span of the document is in the index
        self._windows: list[tuple[int, int]] = []
        self._after = None
        self._cycle: tuple[int, list[int]] | None = None
        self._flash_id: int | None = None
        self._flash_until = 0.0
        self._press_pos: QPoint | None = None
        self.link_mode = False
        self.reserved = (0, 0)  # pixels kept free left and right of the text column (link markers)
        self.painter = SpanPainter(self)
        self._loader = QTimer(self)
        self._loader.setInterval(0)
        self._loader.timeout.connect(self._idle)
        self._jobs = None
        self._ahead = QTimer(self)  # after a scroll step, on idle: lay out the next page in that direction
        self._ahead.setSingleShot(True)
        self._ahead.setInterval(0)
        self._ahead.timeout.connect(self._prepare_ahead)
        self._scroll_dir = 0
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(40)
        self._flash_timer.timeout.connect(self._flash_tick)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = QFont(self.font())
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setFamilies(["Noto Serif", "Georgia", "Cambria", "DejaVu Serif", "Times New Roman", "serif"])
        font.setPointSizeF(max(11.0, font.pointSizeF() + 1))
        self.setFont(font)
        self._base_point_size = font.pointSizeF()
        self.document().setDocumentMargin(14)
        self._refresh_labels()

    # -- loading ------------------------------------------------------------------
    def load_document(self, doc_id: int) -> None:
        doc = self.project.document(doc_id)
        self._loader.stop()
        self.doc_id = doc_id
        self.text = doc.text
        self.offsets = OffsetMap(doc.text)
        self.index = self.new_index()
        self.selected_id = None
        self._windows = []
        self._after = None
        self.complete = False
        self.setPlainText(doc.text)
        self._refresh_links()
        self._ensure_window(0, min(len(doc.text), 40000))
        self._jobs = self._after_load(doc_id)
        self._loader.start()

    def new_index(self) -> SpanIndex:
        return self.layers.new_index() if self.layers is not None else SpanIndex()

    def reload_spans(self) -> None:
        """Read the spans again, keeping text and scroll position (the shown annotator layers changed)."""
        if self.doc_id is None:
            return
        self._loader.stop()
        self.index = self.new_index()
        self._windows, self._after, self.complete = [], None, False
        _blocks, a, b = self.visible_range()
        self._ensure_window(a, b)
        self._loader.start()
        if self.selected_id is not None and self.selected_id not in self.index:
            self.select_span(None)
        self.viewport().update()

    def _ensure_window(self, a: int, b: int) -> None:
        if self.complete or any(x <= a and b <= y for x, y in self._windows):
            return
        a, b = max(0, a - 5000), b + 5000
        self.index.load(self.project.span_index(self.doc_id, window=(a, b)))
        self._windows.append((a, b))

    def _idle(self) -> None:
        """One turn of the event loop's idle work after loading: steps of the job until IDLE_BUDGET is spent, so
        that no turn blocks the loop for long (scrolling, typing and label keys stay responsive)."""
        jobs = self._jobs
        if jobs is None or self.doc_id is None:
            self._loader.stop()
            return
        end = time.perf_counter() + IDLE_BUDGET
        try:
            while time.perf_counter() < end:
                next(jobs)
        except StopIteration:
            self._loader.stop()
            self._jobs = None
        except Exception:  # the project was closed under us (switching projects, shutdown)
            self._loader.stop()
            self._jobs = None

    def _after_load(self, doc_id: int):
        """The work after the first paint, in small steps: page in every span (CHUNK rows a step), then count
        the text's astral characters (a chunk a step) and build the token index, so that neither a jump nor
        the first label key pays for them; last, a cheap collection and a freeze (below)."""
        while True:
            rows = self.project.span_index(doc_id, after=self._after, limit=CHUNK)
            if rows:
                self.index.load(rows, sorted_rows=True)
                self._after = rows[-1][1:4]
            if len(rows) < CHUNK:
                break
            yield
        self.complete = True
        self._windows = []
        self.loaded.emit()
        self.viewport().update()
        yield
        yield from self.offsets.warm_steps()
        yield from self.project.token_index_steps(doc_id, self.text)
        yield
        # Move the survivors (modules, Qt wrappers, caches) out of the collector's sight so that later full
        # collections do not stall scrolling for 25-75 ms. Only the young generations are collected here
        # (a full pass is ~40-100 ms on a 5 MB document): garbage of closed panes is collected by
        # collect_closed(), on idle after a pane closes.
        gc.collect(1)
        gc.freeze()

    def stop_loading(self) -> None:
        self._loader.stop()
        self._jobs = None

    def finish_loading(self) -> None:
        """Load every remaining span now (tests, navigation that needs them all)."""
        while not self.complete and self.doc_id is not None and self._jobs is not None:
            try:
                next(self._jobs)
            except StopIteration:
                self._jobs = None

    def _refresh_labels(self) -> None:
        self.labels = {l.id: (l.name, l.color) for l in self.project.labels()}

    def _refresh_links(self) -> None:
        ids = set()
        for link in self.project.links(self.doc_id):
            ids.add(link.source_id)
            ids.add(link.target_id)
        self.linked = ids

    # -- project changes ----------------------------------------------------------
    def on_change(self, change) -> None:
        if change.touches("label"):
            self._refresh_labels()
            self.viewport().update()
        if self.doc_id is None:
            return
        if change.touches("span"):
            removed = change.removed.get("span", set())
            fresh = (change.added.get("span", set()) | change.updated.get("span", set())) - removed
            dirty = [self._range_of(sid) for sid in removed | fresh]  # where they were
            for sid in removed:
                self.index.remove(sid)
            if fresh and (self.doc_id in change.doc_ids or any(i in self.index for i in fresh)):
                rows = self.project.span_index(self.doc_id, ids=fresh)
                for sid in fresh - {r[0] for r in rows}:
                    self.index.remove(sid)  # moved away or not in this document
                self.index.load(rows)
            dirty += [self._range_of(sid) for sid in fresh]  # where they are now
            if self.selected_id is not None and self.selected_id not in self.index:
                self.select_span(None)
            self.update_ranges(dirty)
        if change.touches("link") and (self.doc_id in change.doc_ids or change.removed.get("link")):
            self._refresh_links()
            self.viewport().update()

    # -- geometry / reading comfort -----------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._centre_column()

    def _centre_column(self) -> None:
        width = self.width() - (self.verticalScrollBar().width() if self.verticalScrollBar().isVisible() else 0)
        column = int(self.fontMetrics().averageCharWidth() * COLUMN_CHARS) + 28
        left, right = self.reserved
        side = max(0, (width - left - right - column) // 2)
        margins = self.viewportMargins()
        if (margins.left(), margins.right()) != (side + left, side + right):
            self.setViewportMargins(side + left, 0, side + right, 0)

    def reserve(self, left: int, right: int) -> None:
        """Keep ``left``/``right`` pixels beside the text column free (for widgets drawn in the margins)."""
        if self.reserved != (left, right):
            self.reserved = (left, right)
            self._centre_column()

    def zoom(self, steps: int) -> None:
        if steps > 0:
            self.zoomIn(steps)
        elif steps < 0:
            self.zoomOut(-steps)
        self._centre_column()

    def reset_zoom(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(self._base_point_size)
        self.setFont(font)
        self._centre_column()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        # dy counts lines here; small moves (wheel notches, the cursor kept in view) need no help
        if 2 * abs(dy) >= self.verticalScrollBar().pageStep() > 0 and self.doc_id is not None:
            self._scroll_dir = 1 if dy < 0 else -1
            self._ahead.start()

    def _prepare_ahead(self) -> None:
        """Lay out (Qt) and measure (geometry cache) about one page beyond the viewport in the direction
        of the last scroll step, so the next step's frame finds it ready. Runs once per scroll step."""
        if self.doc_id is None or not len(self.index) and self.complete:
            return
        blocks = blocks_after(self, self._scroll_dir)
        if not blocks:
            return
        first, last = blocks[0][0], blocks[-1][0]
        a = self.offsets.from_qt(first.position())
        b = self.offsets.from_qt(last.position() + last.length(), round_up=True)
        try:
            spans = self.visible_spans(blocks, a, b)
        except Exception:  # the project was closed under us (switching projects, shutdown)
            return
        self.painter.prepare(blocks, spans)

    # -- painting -----------------------------------------------------------------
    def visible_range(self) -> tuple[list, int, int]:
        blocks = visible_blocks(self)
        if not blocks:
            return blocks, 0, 0
        first, last = blocks[0][0], blocks[-1][0]
        a = self.offsets.from_qt(first.position())
        b = self.offsets.from_qt(last.position() + last.length(), round_up=True)
        return blocks, a, b

    def visible_spans(self, blocks=None, a=None, b=None) -> list[SpanItem]:
        if blocks is None:
            blocks, a, b = self.visible_range()
        self._ensure_window(a, b)
        spans = self.index.in_range(a, b)
        if not self.show_rejected:
            spans = [s for s in spans if s.status != "rejected"]
        return spans

    def paintEvent(self, event) -> None:
        if self.doc_id is None or not len(self.index) and self.complete:
            super().paintEvent(event)
            return
        blocks, a, b = self.visible_range()
        spans = self.visible_spans(blocks, a, b)  # all of them: lanes are those of a full paint
        top, bottom = event.rect().top(), event.rect().bottom()
        rect_of = self.blockBoundingRect
        laid = self.painter.layout([(bl, tl) for bl, tl in blocks  # only the lines asked for are laid out
                                    if tl.y() <= bottom and tl.y() + rect_of(bl).height() >= top], spans)
        dark = is_dark(self.palette())
        flash = max(0.0, min(1.0, (self._flash_until - time.monotonic()) / 0.9))
        p = QPainter(self.viewport())
        self.painter.paint_fills(p, laid, self.labels, dark, self.selected_id, self._flash_id, flash)
        p.end()
        super().paintEvent(event)
        p = QPainter(self.viewport())
        self.painter.paint_lines(p, laid, self.labels, dark, self.selected_id, self.linked)
        if self.layers is not None:
            self.layers.paint(p, laid)
        p.end()

    # -- selection of spans ---------------------------------------------------------
    def select_span(self, span_id: int | None, *, scroll: bool = False, flash: bool = False) -> None:
        if span_id is not None and span_id not in self.index:
            self._load_ids([span_id])
            if span_id not in self.index:
                span_id = None
        changed = span_id != self.selected_id
        dirty = [self._range_of(self.selected_id), self._range_of(span_id)]
        self.selected_id = span_id
        if span_id is not None and scroll:
            self.scroll_to(self.index.get(span_id).start, self.index.get(span_id).end)
            dirty = None
        if flash and span_id is not None:
            self._flash_id = span_id
            self._flash_until = time.monotonic() + 0.9
            self._flash_timer.start()
        self.update_ranges(dirty)
        if changed:
            self.spanSelected.emit(span_id or 0)

    def _range_of(self, span_id: int | None) -> tuple[int, int] | None:
        item = self.index.get(span_id) if span_id is not None else None
        return (item.start, item.end) if item is not None else None

    def update_ranges(self, ranges) -> None:
        """Repaint the lines of these code-point ranges (None entries skipped; ``ranges=None``: the whole
        viewport), grown to the visible spans chained to them by overlaps, whose lanes may move."""
        if ranges is None:
            self.viewport().update()
            return
        ranges = [r for r in ranges if r is not None]
        if not ranges or self.doc_id is None:
            return
        blocks, a, b = self.visible_range()
        ranges = [(max(lo, a), min(hi, b)) for lo, hi in ranges if lo < b and hi > a]
        if not ranges:
            return  # nothing of them is on screen
        grown = grow_to_clusters(self.visible_spans(blocks, a, b), ranges)
        area = self.painter.area(blocks, [(max(lo, a), min(hi, b)) for lo, hi in grown])
        if not area.isNull():
            self.viewport().update(area)

    def _load_ids(self, ids) -> None:
        self.index.load(self.project.span_index(self.doc_id, ids=ids))

    def selected_item(self) -> SpanItem | None:
        return self.index.get(self.selected_id) if self.selected_id is not None else None

    def scroll_to(self, start: int, end: int, *, select_text: bool = False) -> None:
        """Scroll so that [start, end) (code points) is in view, roughly centred."""
        qs, qe = self.offsets.range_to_qt(start, end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(qe)
        self.setTextCursor(cursor)
        cursor.setPosition(qs)
        self.setTextCursor(cursor)
        self.centerCursor()
        if select_text:
            cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
            self.setTextCursor(cursor)

    def flash(self, span_id: int) -> None:
        self.select_span(span_id, scroll=True, flash=True)

    def _flash_tick(self) -> None:
        if time.monotonic() > self._flash_until:
            self._flash_timer.stop()
            self._flash_id = None
        self.viewport().update()

    def selection_range(self) -> tuple[int, int] | None:
        """The text selection as code-point (start, end), or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return cursor_range(cursor, self.offsets)

    def clear_text_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def neighbour(self, backwards: bool = False, statuses=None) -> SpanItem | None:
        self.finish_loading()
        cur = self.selected_item()
        if cur is not None:
            pos = (cur.start, cur.id)
        else:
            c = self.offsets.from_qt(self.textCursor().position())
            pos = (c, -1) if not backwards else (c, 1 << 62)
        statuses = statuses if statuses is not None else (None if self.show_rejected else ("accepted", "suggested"))
        return self.index.neighbour(pos, backwards=backwards, statuses=statuses)

    # -- mouse ----------------------------------------------------------------------
    def char_at(self, point: QPoint) -> int | None:
        cursor = self.cursorForPosition(point)
        rect = self.cursorRect(cursor)
        u = cursor.position()
        if point.x() < rect.x():
            u -= 1
        block = cursor.block()
        if u < block.position() or u >= block.position() + block.length() - 1:
            return None
        return self.offsets.from_qt(u)

    def spans_at_point(self, point: QPoint) -> list[SpanItem]:
        c = self.char_at(point)
        if c is None:
            return []
        found = self.index.at(c)
        if not self.show_rejected:
            found = [s for s in found if s.status != "rejected"]
        return found

    def mousePressEvent(self, event) -> None:
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self._press_pos is None:
            return
        moved = (event.position().toPoint() - self._press_pos).manhattanLength()
        self._press_pos = None
        if moved > 3 or self.textCursor().hasSelection():
            return
        self.click_at(event.position().toPoint())

    def click_at(self, point: QPoint) -> None:
        found = [s.id for s in self.spans_at_point(point)]
        if self.link_mode:
            if found:
                self.spanActivated.emit(found[0])
            return
        if not found:
            self._cycle = None
            self.select_span(None)
            return
        c = self.char_at(point)
        if self._cycle and self._cycle[0] == c and self.selected_id in found:
            nxt = found[(found.index(self.selected_id) + 1) % len(found)]
        else:
            nxt = found[0]
        self._cycle = (c, found)
        self.select_span(nxt)

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            spans = self.spans_at_point(event.pos())
            if spans:
                QToolTip.showText(event.globalPos(), self.tooltip_for(spans), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tooltip_for(self, spans: list[SpanItem]) -> str:
        from html import escape

        lines = []
        for s in spans:
            name = self.labels.get(s.label_id, ("?", ""))[0]
            extra = "" if s.status == "accepted" else f" ({s.status})"
            line = f"<b>{escape(name)}</b>{extra}" + (self.layers.tooltip(s.id) if self.layers is not None else "")
            if s.has_note:
                line += ": " + escape(self.project.span(s.id).note)[:300]
            lines.append(line)
        return "<br>".join(lines)
