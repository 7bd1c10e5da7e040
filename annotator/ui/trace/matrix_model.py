"""The comparison matrix as a virtualised QAbstractTableModel.

Column 0: the source passage; then one column per other document (header: outlet, else title); the last
column counts the outlets (and how many distort the passage). Each cell holds the links of one document to
one passage (the most severe relation is shown). Data: ``annotator.io.compare.Matrix`` (``build_matrix``);
nothing here reads the project. Diffs are computed only when a tooltip asks for one.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont

from .relations import SEVERITY, relation_color
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CELL_ROLE = Qt.ItemDataRole.UserRole + 2


class MatrixModel(QAbstractTableModel):
    def __init__(self, matrix, dark: bool = False, diff_html=None, parent=None):
        super().__init__(parent)
        self.matrix = matrix
        self.dark = dark
        self.diff_html = diff_html  # (cell, row) -> HTML for the tooltip, or None
        self._colors = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_matrix(self, matrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.matrix.rows)

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
        """The links (io.compare Cells) of one document to one passage, most severe relation first."""
        cols = self.matrix.columns
        if 1 <= column <= len(cols):
            found = self.matrix.rows[row].cells.get(cols[column - 1].doc_id)
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
        row = self.matrix.rows[r]
        last = len(self.matrix.columns) + 1
        if c == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return _one_line(row.text)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"<b>{escape(', '.join(row.labels))}</b> {row.start}–{row.end}<br>{escape(row.text)}"
            if role == SORT_ROLE:
                return row.start
            return None
        if c == last:
            d = row.count("distorts")
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{row.outlets}" + (f" · {d} distorting" if d else "")
            if role == SORT_ROLE:
                return (d, row.outlets, -row.start)
            if role == Qt.ItemDataRole.ForegroundRole and d:
                return self._color("distorts")
            return None
        cells = self.cells(r, c)
        if not cells:
            return (0, "") if role == SORT_ROLE else None
        cell = cells[0]
        if role == Qt.ItemDataRole.DisplayRole:
            extra = f" ×{len(cells)}" if len(cells) > 1 else ""
            status = "" if cell.status == "accepted" else f" ({cell.status})"
            return f"{cell.relation}{extra}{status}: {_one_line(cell.text)}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._color(cell.relation)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._color(cell.relation)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.diff_html(cells, row) if self.diff_html is not None else cell.text
        if role == SORT_ROLE:
            return (SEVERITY.get(cell.relation, 0), cell.relation)
        if role == CELL_ROLE:
            return cells
        return None


class MatrixFilter(QSortFilterProxyModel):
    """Rows with at least one cell of ``relation`` (None: all); sorting by SORT_ROLE."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.relation: str | None = None
        self.setSortRole(SORT_ROLE)

    def set_relation(self, relation: str | None) -> None:
        if hasattr(self, "endFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self.relation = relation
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.relation = relation
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        if self.relation is None:
            return True
        row = self.sourceModel().matrix.rows[source_row]
        return row.count(self.relation) > 0

    def lessThan(self, left, right) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


def _one_line(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
