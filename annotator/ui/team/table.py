"""A read-only table model of plain rows (scores shown to 3 decimals, "–" for undefined, pale red-to-green
backgrounds for scores), sortable by any column; one payload object per row. Cheap for 20k rows."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def score_color(v: float) -> QColor:
    """Red (low) to green (high), pale enough to read black text on."""
    return QColor.fromHsvF(0.33 * max(0.0, min(1.0, v)), 0.35, 1.0)


def _text(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: list[str], parent=None):
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[list] = []
        self.payload: list = []
        self.tooltips: dict[tuple[int, int], str] = {}

    def set_rows(self, rows: list[list], payload: list | None = None) -> None:
        self.beginResetModel()
        self.rows = rows
        self.payload = payload if payload is not None else [None] * len(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        v = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = _text(v)
            return text if len(text) <= 60 else text[:59] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            text = _text(v)
            return text if len(text) > 60 else None
        if role == Qt.ItemDataRole.TextAlignmentRole and (isinstance(v, (int, float)) or v is None):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and isinstance(v, float):
            return QBrush(score_color(v))
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not self.rows or column < 0:
            return
        self.layoutAboutToBeChanged.emit()
        keyed = list(zip(self.rows, self.payload))

        def key(pair):
            v = pair[0][column]
            return (v is not None, v if isinstance(v, (int, float)) else 0, str(v) if not isinstance(v, (int, float)) else "")

        keyed.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows = [r for r, _ in keyed]
        self.payload = [p for _, p in keyed]
        self.layoutChanged.emit()


def table_view(headers: list[str]) -> QTableView:
    view = QTableView()
    view.setModel(RowsModel(headers, view))
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
    head = view.horizontalHeader()
    head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    head.setStretchLastSection(True)
    head.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    return view


def fill(view: QTableView, rows: list[list], payload: list | None = None) -> None:
    view.model().set_rows(rows, payload)
    view.horizontalHeader().setResizeContentsPrecision(200)  # size columns from the first rows, not 20k
    view.resizeColumnsToContents()
