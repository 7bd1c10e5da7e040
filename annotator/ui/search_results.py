"""Search results grouped under their document: one header row per document (bold title, hit count), one
row per hit below it with a single line of context and the hit in bold. Activating a hit (click, double-click
or Enter) opens it; activating a document row opens the document at its first hit."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeWidget, QTreeWidgetItem

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
BEFORE, AFTER = 40, 90  # characters of context kept on each side of a hit (the row is clipped to its width)


def snippet_html(context: str, a: int, b: int) -> str:
    """One line: some words before the hit, the hit in bold, some after (whitespace runs made single)."""
    def flat(s: str) -> str:
        return " ".join(s.split())

    before, hit, after = context[:a], context[a:b], context[b:]
    lead = flat(before)
    if len(lead) > BEFORE:
        lead = "…" + lead[-BEFORE:].split(" ", 1)[-1]
    tail = flat(after)
    if len(tail) > AFTER:
        tail = tail[:AFTER].rsplit(" ", 1)[0] + "…"
    sep_l = " " if before[-1:].isspace() else ""
    sep_r = " " if after[:1].isspace() else ""
    return f"{escape(lead)}{sep_l}<b>{escape(flat(hit))}</b>{sep_r}{escape(tail)}"


def group(hits) -> list[tuple[int, str, list]]:
    """[(doc_id, title, [hits in text order])] in the order documents first appear (best ranked first)."""
    out: dict[int, tuple[int, str, list]] = {}
    for h in hits:
        out.setdefault(h.doc_id, (h.doc_id, h.title, []))[2].append(h)
    for _d, _t, items in out.values():
        items.sort(key=lambda h: h.start)
    return list(out.values())


class _HtmlDelegate(QStyledItemDelegate):
    """Paints a hit row's rich text (bold hit) on one line, clipped to the row."""

    def paint(self, painter, option, index) -> None:
        html = index.data(HTML_ROLE)
        if not html:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(0)
        doc.setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignLeft))
        doc.defaultTextOption().setWrapMode(QTextOption.WrapMode.NoWrap)
        doc.setHtml(f"<span style='white-space:pre'>{html}</span>")
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        painter.save()
        painter.setClipRect(rect)
        painter.translate(rect.x(), rect.y() + (rect.height() - doc.size().height()) / 2)
        ctx.clip = QRectF(0, 0, rect.width(), rect.height())
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() + 4))


class SearchResults(QTreeWidget):
    hitActivated = Signal(int, int, int)  # doc_id, start, end

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setItemDelegate(_HtmlDelegate(self))
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._clicked)

    def show_hits(self, hits) -> tuple[int, int]:
        """Fill the tree; returns (hits, documents)."""
        self.clear()
        groups = group(hits)
        bold = self.font()
        bold.setBold(True)
        for doc_id, title, items in groups:
            head = QTreeWidgetItem([f"{title}  ({len(items)})"])
            head.setFont(0, bold)
            head.setToolTip(0, f"{escape(title)}<br>{len(items)} match{'es' if len(items) != 1 else ''}")
            first = items[0]
            head.setData(0, HIT_ROLE, (doc_id, first.start, first.end))
            for h in items:
                a, b = h.start - h.context_start, h.end - h.context_start
                html = snippet_html(h.context, a, b)
                child = QTreeWidgetItem([" ".join(h.context.split())])  # plain text: for search and tests
                child.setData(0, HTML_ROLE, html)
                child.setData(0, HIT_ROLE, (doc_id, h.start, h.end))
                child.setToolTip(0, escape(h.context))
                head.addChild(child)
            self.addTopLevelItem(head)
            head.setExpanded(True)
        return len(hits), len(groups)

    def hit_items(self) -> list[QTreeWidgetItem]:
        return [self.topLevelItem(i).child(k) for i in range(self.topLevelItemCount())
                for k in range(self.topLevelItem(i).childCount())]

    def _activated(self, item, _column=0) -> None:
        data = item.data(0, HIT_ROLE) if item is not None else None
        if data:
            self.hitActivated.emit(*data)

    def _clicked(self, item, _column=0) -> None:
        if item is not None and item.parent() is not None:  # a hit: one click opens it, as before
            self._activated(item)
