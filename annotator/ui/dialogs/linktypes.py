"""The link-types tab of the Labels dialog: add, rename, describe and delete link types."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QHBoxLayout, QInputDialog, QLabel, QMessageBox, QPlainTextEdit, QPushButton,
                               QVBoxLayout, QWidget)

from ...core.errors import AnnotatorError
from ._common import FocusOut, warn
from ._table import RowTable

COL_NAME, COL_LINKS, COL_DESC = range(3)


def ask_delete_links(parent, name: str, count: int) -> bool:
    """Confirm deleting link type ``name`` together with its ``count`` links."""
    answer = QMessageBox.question(
        parent, "Delete link type",
        f"Link type {name} is used by {count} link(s). Delete the type and its {count} link(s)?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes



class LinkTypesPanel(QWidget):
    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.project = project
        self.table = RowTable(["Name", "Links", "Description"], COL_DESC)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText("What this kind of link means, for whoever annotates next.")
        self.description.setMaximumHeight(90)
        self.description.installEventFilter(FocusOut(self.commit_description, self))
        self._desc_name: str | None = None
        buttons = QHBoxLayout()
        for text, slot in (("Add…", self.add_type), ("Rename…", self._rename_current),
                           ("Delete…", self._delete_current)):
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, s=slot: s())
            b.setEnabled(not project.readonly)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Description (saved when you leave the field):"))
        layout.addWidget(self.description)
        if project.readonly:
            self.table.setEditTriggers(self.table.EditTrigger.NoEditTriggers)
            self.description.setReadOnly(True)
        self.table.itemChanged.connect(self._item_changed)
        self.table.currentCellChanged.connect(lambda *a: self._selection_changed())
        self.refresh()

    def names(self) -> list[str]:
        return [t.name for t in self.project.link_types()]

    def usage(self) -> Counter:
        return Counter(link.type for link in self.project.links())

    def refresh(self) -> None:
        current = self.table.current_id()
        usage = self.usage()
        types = self.project.link_types()
        self.table.blockSignals(True)
        self.table.setRowCount(len(types))
        for row, t in enumerate(types):
            name = self.table.cell(t.name, editable=True)
            name.setData(Qt.ItemDataRole.UserRole, t.name)
            first = t.description.strip().splitlines()[0] if t.description.strip() else ""
            self.table.setItem(row, COL_NAME, name)
            self.table.setItem(row, COL_LINKS, self.table.cell(str(usage.get(t.name, 0))))
            self.table.setItem(row, COL_DESC, self.table.cell(first, tooltip=t.description))
        self.table.blockSignals(False)
        if current in self.names():
            self.table.select_id(current)
        elif types and self.table.currentRow() < 0:
            self.table.setCurrentCell(0, COL_NAME)
        self._selection_changed(commit=False)

    def current_name(self) -> str | None:
        return self.table.current_id()

    def _selection_changed(self, commit: bool = True) -> None:
        if commit:
            self.commit_description()
        name = self.current_name()
        if name == self._desc_name and name is not None and self.description.hasFocus():
            return
        self._desc_name = name
        text = next((t.description for t in self.project.link_types() if t.name == name), "")
        if self.description.toPlainText() != text:
            self.description.setPlainText(text)
        self.description.setEnabled(name is not None)

    def _do(self, fn, *args, **kwargs) -> bool:
        try:
            fn(*args, **kwargs)
            return True
        except AnnotatorError as e:
            warn(self, str(e))
            self.refresh()
            return False

    def add_type(self, name: str | None = None, description: str = "") -> bool:
        if name is None:
            name, ok = QInputDialog.getText(self, "Add link type", "Name of the new link type:")
            if not ok:
                return False
        name = name.strip()
        if not name:
            warn(self, "a link type needs a name")
            return False
        if self._do(self.project.add_link_type, name, description):
            self.table.select_id(name)
            return True
        return False

    def rename_type(self, name: str, new_name: str | None = None) -> bool:
        if new_name is None:
            new_name, ok = QInputDialog.getText(self, "Rename link type", f"New name for {name}:", text=name)
            if not ok:
                return False
        new_name = new_name.strip()
        if not new_name:
            warn(self, "a link type needs a name")
            self.refresh()
            return False
        if new_name == name:
            return False
        if self._do(self.project.update_link_type, name, new_name=new_name):
            self.table.select_id(new_name)
            return True
        return False

    def set_description(self, name: str, text: str) -> bool:
        if self.project.link_type(name).description == text:
            return False
        return self._do(self.project.update_link_type, name, description=text)

    def commit_description(self) -> None:
        name = self._desc_name
        if name is not None and name in self.names():
            self.set_description(name, self.description.toPlainText())

    def delete_type(self, name: str) -> bool:
        count = self.usage().get(name, 0)
        if count and not ask_delete_links(self, name, count):
            return False
        return self._do(self.project.delete_link_type, name, delete_links=bool(count))

    def _rename_current(self):
        if self.current_name() is not None:
            self.rename_type(self.current_name())

    def _delete_current(self):
        if self.current_name() is not None:
            self.delete_type(self.current_name())

    def _item_changed(self, item) -> None:
        if item.column() == COL_NAME:
            name, text = self.table.row_id(item.row()), item.text()
            QTimer.singleShot(0, lambda: self.rename_type(name, text))
