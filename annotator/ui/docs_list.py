"""How the documents list shows a document: two lines in one column (bold elided title; outlet · date
on the left and one small coloured count chip per label on the right), so it reads well in a narrow
dock. The tree keeps one hidden column per field (title, outlet, date, one per label) for sorting,
filtering and tests; the delegate paints column 0 from them."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeWidgetItem

from .colors import is_dark, label_color, text_on

DOC_ROLE = Qt.ItemDataRole.UserRole
FIRST_COUNT_COLUMN = 3
PAD = 6


class DocItem(QTreeWidgetItem):
    """A row; count columns sort as numbers, not strings ("10" after "9")."""

    def __lt__(self, other) -> bool:
        tree = self.treeWidget()
        col = tree.sortColumn() if tree is not None else 0
        a, b = self.text(col), other.text(col)
        if col >= FIRST_COUNT_COLUMN:
            return int(a or 0) < int(b or 0)
        return a.casefold() < b.casefold()


def tooltip(title: str, outlet: str, date: str, counts: list[tuple[str, int]]) -> str:
    meta = " · ".join(x for x in (outlet, date) if x)
    rows = ", ".join(f"{escape(n)} {c}" for n, c in counts)
    return (f"<b>{escape(title)}</b>" + (f"<br>{escape(meta)}" if meta else "")
            + (f"<br><span style='color:gray'>{rows}</span>" if rows else ""))


def fit_chips(widths: list[int], room: float, ellipsis: int, gap: int = 3) -> int:
    """How many chips (from the first) fit ``room``: all of them, or as many as leave room for "…"."""
    if sum(widths) + gap * (len(widths) - 1) <= room:
        return len(widths)
    used, n = 0, 0
    for w in widths:
        if used + w + gap + ellipsis > room:
            break
        used += w + gap
        n += 1
    return n


class DocDelegate(QStyledItemDelegate):
    """Paints a row of the documents list; ``labels`` is [(name, hex colour)] in column order."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.labels: list[tuple[str, str]] = []

    def _fonts(self, option) -> tuple[QFont, QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.85))
        chip = QFont(small)
        chip.setBold(True)
        return bold, small, chip

    def sizeHint(self, option, index) -> QSize:
        bold, small, _chip = self._fonts(option)
        h = QFontMetrics(bold).height() + QFontMetrics(small).height() + 3 * 3 + 2
        return QSize(200, h)

    def chip_width(self, fm: QFontMetrics, text: str) -> int:
        return max(fm.horizontalAdvance("00"), fm.horizontalAdvance(text)) + 8

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        model = index.model()
        row, parent = index.row(), index.parent()

        def cell(col: int) -> str:
            return str(model.data(model.index(row, col, parent)) or "")

        title, outlet, date = cell(0), cell(1), cell(2)
        counts = [cell(FIRST_COUNT_COLUMN + i) for i in range(len(self.labels))]
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pal = opt.palette
        fg = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        dim = QColor(fg)
        dim.setAlphaF(0.75 if selected else 0.6)
        bold, small, chip_font = self._fonts(opt)
        r = opt.rect.adjusted(PAD, 3, -PAD, -3)
        painter.save()
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        fm_b = QFontMetrics(bold)
        painter.setFont(bold)
        painter.setPen(fg)
        line1 = QRectF(r.x(), r.y(), r.width(), fm_b.height())
        painter.drawText(line1, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm_b.elidedText(title, Qt.TextElideMode.ElideRight, r.width()))
        fm_s = QFontMetrics(chip_font)
        y2 = r.y() + fm_b.height() + 3
        h2 = QFontMetrics(small).height()
        # chips, right-aligned, one per label in label order (a zero count is drawn faint); in a row too narrow
        # for all of them, the first ones from the left edge and "…" (never a row whose first chip is cut off)
        dark = is_dark(pal)
        chips = list(zip(self.labels, counts))
        widths = [self.chip_width(fm_s, text) for text in counts]
        shown = fit_chips(widths, r.width(), fm_s.horizontalAdvance("…") + 3)
        chips, widths = chips[:shown], widths[:shown]
        x = r.right()
        if shown < len(self.labels):
            x = r.x() + sum(widths) + 3 * shown
            painter.setFont(chip_font)
            painter.setPen(dim)
            painter.drawText(QRectF(x, y2, r.right() - x, h2), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             "…")
            x -= 3
        chips_left = x
        for ((name, color), text), w in zip(reversed(chips), reversed(widths)):
            x -= w
            rect = QRectF(x, y2 + 1, w, h2 - 1)
            c = label_color(color, dark)
            zero = text in ("", "0")
            fill = QColor(c)
            fill.setAlphaF(0.25 if zero else 1.0)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 4, 4)
            painter.setFont(chip_font)
            tc = QColor(text_on(c)) if not zero else QColor(dim)
            painter.setPen(QPen(tc))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text or "0")
            chips_left = x
            x -= 3
        meta = " · ".join(t for t in (outlet, date) if t)
        avail = max(0, int(chips_left - r.x() - 8))
        painter.setFont(small)
        painter.setPen(dim)
        painter.drawText(QRectF(r.x(), y2, avail, h2), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(small).elidedText(meta, Qt.TextElideMode.ElideRight, avail))
        painter.restore()
