"""The comparison matrix as a virtualised QAbstractTableModel.

Column 0: the source passage; then one column per other document (header: outlet, else title); the last
column counts the outlets (and how many distort the passage). Each cell holds the links of one document to
one passage (the most severe relation is shown). Data: ``annotator.io.compare.Matrix`` (``build_matrix``);
nothing here reads the project. Diffs are computed only when a tooltip asks for one.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from .relations import SEVERITY, relation_color
CELL_ROLE = Qt.ItemDataRole.UserRole + 2


class MatrixModel(QAbstractTableModel):
    def __init__(self, matrix, dark: bool = False, diff_html=None, parent=None):
        super().__init__(parent)
        self.matrix = matrix
        self.relation: str | None = None  # show only passages with a cell of this relation
        self.by_distortion = False  # most distorted first (else source order)
        self.order: list[int] = list(range(len(matrix.rows)))  # view row -> matrix row
        self.dark = dark
        self.diff_html = diff_html  # (cell, row) -> HTML for the tooltip, or None
        self._colors = {}
        self._italic = QFont()
        self._italic.setItalic(True)  # suggested links

    def set_matrix(self, matrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.order = self._order()
        self.endResetModel()

    def set_view(self, *, relation: str | None = None, by_distortion: bool = False) -> None:
        """Filter by relation and order rows (sorting a list of keys in Python: no per-comparison model calls)."""
        self.beginResetModel()
        self.relation, self.by_distortion = relation, by_distortion
        self.order = self._order()
        self.endResetModel()

    def _order(self) -> list[int]:
        rows = self.matrix.rows
        keep = [i for i, r in enumerate(rows) if self.relation is None or r.count(self.relation) > 0]
        if self.by_distortion:  # most outlets distorting, then most outlets, then source order
            keep.sort(key=lambda i: (-rows[i].count("distorts"), -rows[i].outlets, i))
        return keep

    def row_at(self, view_row: int):
        return self.matrix.rows[self.order[view_row]]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.order)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.matrix.columns) + 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            cols = self.matrix.columns
            if section == 0:
                return "Source passage"
            if section == len(cols) + 1:
                return "Outlets"
            return cols[section - 1].header
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def cells(self, row: int, column: int) -> list:
        """The links (io.compare Cells) of one document to one passage (view row), most severe relation first."""
        cols = self.matrix.columns
        if 1 <= column <= len(cols):
            found = self.row_at(row).cells.get(cols[column - 1].doc_id)
            if found:
                return sorted(found, key=lambda c: (-SEVERITY.get(c.relation, 0), c.status != "accepted", c.start))
        return []

    def _color(self, relation: str) -> QColor:
        c = self._colors.get(relation)
        if c is None:
            c = self._colors[relation] = relation_color(relation, self.dark)
        return c

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        row = self.row_at(r)
        last = len(self.matrix.columns) + 1
        if c == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return _one_line(row.text)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"<b>{escape(', '.join(row.labels))}</b> {row.start}–{row.end}<br>{escape(row.text)}"
            return None
        if c == last:
            d = row.count("distorts")
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{row.outlets}" + (f" · {d} distorting" if d else "")
            if role == Qt.ItemDataRole.ForegroundRole and d:
                return self._color("distorts")
            return None
        cells = self.cells(r, c)
        if not cells:
            return None
        cell = cells[0]
        if role == Qt.ItemDataRole.DisplayRole:
            extra = f" ×{len(cells)}" if len(cells) > 1 else ""
            status = "" if cell.status == "accepted" else f" ({cell.status})"
            return f"{cell.relation}{extra}{status}: {_one_line(cell.text)}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._color(cell.relation)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._color(cell.relation)
        if role == Qt.ItemDataRole.FontRole and cell.status != "accepted":
            return self._italic
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.diff_html(cells, row) if self.diff_html is not None else cell.text
        if role == CELL_ROLE:
            return cells
        return None


def _one_line(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
