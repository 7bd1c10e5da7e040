"""Search results grouped under their document: one header row per document (bold title, hit count), one
row per hit below it with a single line of context and the hit in bold. Activating a hit (click, double-click
or Enter) opens it; activating a document row opens the document at its first hit."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument, QTextOption
from PySide6.QtWidgets import (QHeaderView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeWidget,
                               QTreeWidgetItem)

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
BEFORE, AFTER = 40, 90  # characters of context kept on each side of a hit (the row is clipped to its width)


def _flat(s: str) -> str:
    return " ".join(s.split())


def _piece(text: str) -> str:
    """``text`` with whitespace runs made single (kept at its edges), HTML-escaped."""
    flat = _flat(text)
    if not flat:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + escape(flat) + (" " if text[-1].isspace() else "")


def snippet_html(context: str, ranges: list[tuple[int, int]]) -> str:
    """One line: some words before the first hit, every hit of the line in bold, some words after the last;
    ``ranges`` are sorted, non-overlapping offsets into ``context``."""
    a, b = ranges[0][0], ranges[-1][1]
    lead, tail = context[:a], context[b:]
    if len(_flat(lead)) > BEFORE:
        lead = "…" + _flat(lead)[-BEFORE:].split(" ", 1)[-1] + (" " if lead[-1:].isspace() else "")
    if len(_flat(tail)) > AFTER:
        tail = (" " if tail[:1].isspace() else "") + _flat(tail)[:AFTER].rsplit(" ", 1)[0] + "…"
    parts = [_piece(lead).lstrip()]
    for k, (s, e) in enumerate(ranges):
        if k:
            parts.append(_piece(context[ranges[k - 1][1]:s]))
        parts.append(f"<b>{escape(_flat(context[s:e]))}</b>")
    parts.append(_piece(tail).rstrip())
    return "".join(parts)


def group(hits) -> list[tuple[int, str, list]]:
    """[(doc_id, title, rows)] in the order documents first appear (best ranked first); a row is a list of
    hits in text order that lie inside the first one's line of context (shown once, every hit in bold)."""
    out: dict[int, tuple[int, str, list]] = {}
    for h in hits:
        out.setdefault(h.doc_id, (h.doc_id, h.title, []))[2].append(h)
    result = []
    for doc_id, title, items in out.values():
        rows: list[list] = []
        for h in sorted(items, key=lambda h: (h.start, h.end)):
            if rows:
                first = rows[-1][0]
                if first.context_start <= h.start and h.end <= first.context_start + len(first.context):
                    rows[-1].append(h)
                    continue
            rows.append([h])
        result.append((doc_id, title, rows))
    return result


def _ranges(row) -> list[tuple[int, int]]:
    """The row's hits as offsets into its context, overlaps merged."""
    out: list[tuple[int, int]] = []
    base = row[0].context_start  # the row shows the first hit's context
    for h in row:
        a, b = h.start - base, h.end - base
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def hit_shift(doc: QTextDocument, width: float) -> float:
    """How far to scroll a one-line snippet left so its first bold (hit) word is in view in ``width``
    (in a narrow dock the words before it would otherwise push the hit out of sight)."""
    doc.size()  # lays the document out
    block = doc.begin()
    it = block.begin()
    pos = None
    while not it.atEnd():
        frag = it.fragment()
        if frag.charFormat().font().bold():
            pos = frag.position() - block.position()
            break
        it += 1
    layout = block.layout()
    if pos is None or layout is None or layout.lineCount() == 0:
        return 0.0
    line = layout.lineAt(0)
    x = line.cursorToX(pos)[0]
    if x <= width * 0.5:
        return 0.0
    # the row starts at a whole word (never "agorno-Karabakh"): the last word start at least 30% of the row left
    # of the hit if the hit then starts in the row's first 60%, else the first word start after that point
    target, text = x - width * 0.3, block.text()
    before, after = None, x
    for i in range(1, pos):
        if text[i - 1].isspace() and not text[i].isspace():
            xi = line.cursorToX(i)[0]
            if xi <= target:
                before = xi
            else:
                after = min(xi, x)
                break
    return before if before is not None and x - before <= width * 0.6 else after


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
        shift = hit_shift(doc, rect.width())
        painter.save()
        painter.setClipRect(rect)
        painter.translate(rect.x() - shift, rect.y() + (rect.height() - doc.size().height()) / 2)
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
        self.setColumnCount(2)  # the document (and its hits' context lines), its hit count
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
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
        for doc_id, title, rows in groups:
            n = sum(len(r) for r in rows)
            head = QTreeWidgetItem([title, str(n)])
            head.setFont(0, bold)
            head.setFont(1, bold)
            head.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            tip = f"{escape(title)}<br>{n} match{'es' if n != 1 else ''}"
            head.setToolTip(0, tip)
            head.setToolTip(1, tip)
            first = rows[0][0]
            head.setData(0, HIT_ROLE, (doc_id, first.start, first.end))
            for row in rows:
                h = row[0]
                child = QTreeWidgetItem([_flat(h.context)])  # plain text: for keyboard search and tests
                child.setData(0, HTML_ROLE, snippet_html(h.context, _ranges(row)))
                child.setData(0, HIT_ROLE, (doc_id, h.start, h.end))
                child.setToolTip(0, escape(h.context))
                head.addChild(child)
            self.addTopLevelItem(head)
            for k in range(head.childCount()):  # a context line gets the full width (once the item is in the tree)
                head.child(k).setFirstColumnSpanned(True)
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
