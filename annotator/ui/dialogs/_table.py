"""A one-row-per-item table whose rows can be reordered by drag and drop (the model stays in the Project)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


def insertion_to_final(src: int, insert_at: int) -> int:
    """Row ``src`` dropped at insertion point ``insert_at`` (0..n, before that row) ends at this index."""
    return insert_at if insert_at <= src else insert_at - 1


class RowTable(QTableWidget):
    """Rows carry an id in Qt.UserRole of column 0. Dragging a row emits ``row_moved(src, dst)``
    instead of moving items; the owner commits the new order and repopulates."""

    row_moved = Signal(int, int)

    def __init__(self, headers: list[str], stretch: int, draggable: bool = False, parent=None):
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        for c in range(len(headers)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        if draggable:
            self.setDragEnabled(True)
            self.setAcceptDrops(True)
            self.setDropIndicatorShown(True)
            self.setDragDropOverwriteMode(False)
            self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
            self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def dropEvent(self, event):  # noqa: N802 - Qt API
        src = self.currentRow()
        index = self.indexAt(event.position().toPoint())
        pos = self.dropIndicatorPosition()
        if not index.isValid() or pos == QAbstractItemView.DropIndicatorPosition.OnViewport:
            insert_at = self.rowCount()
        elif pos == QAbstractItemView.DropIndicatorPosition.BelowItem:
            insert_at = index.row() + 1
        else:
            insert_at = index.row()
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        dst = insertion_to_final(src, insert_at)
        if src >= 0 and dst != src:
            self.row_moved.emit(src, dst)

    def row_id(self, row: int):
        item = self.item(row, 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def current_id(self):
        return self.row_id(self.currentRow()) if self.currentRow() >= 0 else None

    def select_id(self, wanted) -> None:
        for row in range(self.rowCount()):
            if self.row_id(row) == wanted:
                self.setCurrentCell(row, max(self.currentColumn(), 0))
                return

    @staticmethod
    def cell(text: str, editable: bool = False, tooltip: str = "") -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)
        if tooltip:
            item.setToolTip(tooltip)
        return item
