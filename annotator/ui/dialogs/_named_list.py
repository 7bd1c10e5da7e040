"""A page of the Labels dialog listing named items (labels, link types) with a description editor.

Subclasses say how to read the items, count their uses, fill a row and call the Project; this base keeps the
selection, the commit-on-leave description field, rename, delete and the error handling (one Project call per
edit, refused edits shown as a message and the table repopulated).
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from collections.abc import Mapping

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ...core.errors import AnnotatorError
from ...core.project import Project
from ..ops import run_in
from ._common import FocusOut, warn
from ._table import RowTable


def first_line(text: str) -> str:
    """The first line of a description, for its table cell."""
    return text.strip().splitlines()[0] if text.strip() else ""


class _AbstractWidgetMeta(type(QWidget), ABCMeta):
    """Lets a QWidget subclass declare abstract hooks."""


class NamedListPanel(QWidget, metaclass=_AbstractWidgetMeta):
    """Subclasses set ``noun``, ``name_col``, ``description_caption``, pass the Project's ``get(name)``,
    ``update(name, **changes)`` and ``delete(name, **options)`` for their kind of item and implement the hooks below."""

    noun = "item"                  # in messages and titles: "a label needs a name", "Rename label"
    name_col = 0                   # the editable name column (renames on edit)
    description_caption = "Description (saved when you leave the field):"

    def __init__(self, project: Project, headers: list[str], desc_col: int, placeholder: str, desc_height: int, *,
                 get, update, delete, draggable: bool = False, parent=None):
        super().__init__(parent)
        self.project = project
        self._get, self._update, self._delete = get, update, delete
        self.table = RowTable(headers, desc_col, draggable=draggable)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(placeholder)
        self.description.setMaximumHeight(desc_height)
        self.description.installEventFilter(FocusOut(self.commit_description, self))
        self._desc_name: str | None = None
        buttons = QHBoxLayout()
        for text, slot in self._buttons():
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, s=slot: s())
            b.setEnabled(not project.readonly)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.description_caption))
        layout.addWidget(self.description)
        if project.readonly:
            self.table.setEditTriggers(self.table.EditTrigger.NoEditTriggers)
            self.description.setReadOnly(True)
        self.table.itemChanged.connect(self._item_changed)
        self.table.currentCellChanged.connect(lambda *a: self._selection_changed())
        self.refresh()

    # -- hooks ----------------------------------------------------------------------
    @abstractmethod
    def _buttons(self) -> list[tuple[str, object]]:
        """(text, slot) of the buttons under the table."""

    @abstractmethod
    def items(self) -> list:
        """The items in display order; each has ``name`` and ``description``."""

    @abstractmethod
    def usage(self) -> Mapping[str, int]:
        """How many spans/links use each item, by name."""

    @abstractmethod
    def _fill_row(self, row: int, item, count: int) -> None:
        """Put ``item`` in ``row``; column 0 must carry the name in Qt.UserRole."""

    @abstractmethod
    def _delete_options(self, name: str, count: int) -> dict | None:
        """Keyword arguments for deleting ``name`` used ``count`` times (asking the user), None = cancelled."""

    # -- view ---------------------------------------------------------------------
    def names(self) -> list[str]:
        return [item.name for item in self.items()]

    def refresh(self) -> None:
        current = self.table.current_id()
        usage = self.usage()
        items = self.items()
        self.table.blockSignals(True)
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            self._fill_row(row, item, usage.get(item.name, 0))
        self.table.blockSignals(False)
        if current is not None and current in self.names():
            self.table.select_id(current)
        elif items and self.table.currentRow() < 0:
            self.table.setCurrentCell(0, self.name_col)
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
        text = next((item.description for item in self.items() if item.name == name), "")
        if self.description.toPlainText() != text:
            self.description.setPlainText(text)
        self.description.setEnabled(name is not None)

    # -- edits (each one Project call, one undo step) ------------------------------
    def _do(self, fn, *args, **kwargs) -> bool:
        """One Project call through the op runner (one error path, the change delivered with this panel)."""
        ok = run_in(self, lambda: fn(*args, **kwargs) or True, initiator=self)
        if ok is None:
            self.refresh()
            return False
        return True

    def _ask_name(self, title: str, prompt: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self, title, prompt, text=text)
        return value if ok else None

    def _refuse_empty(self, name: str) -> bool:
        if name:
            return False
        warn(self, f"a {self.noun} needs a name")
        self.refresh()
        return True

    def _add(self, name: str | None, fn, *args, **kwargs) -> bool:
        """Ask for a name if none is given, then ``fn(name, *args, **kwargs)`` and select the new row."""
        if name is None:
            name = self._ask_name(f"Add {self.noun}", f"Name of the new {self.noun}:")
            if name is None:
                return False
        name = name.strip()
        if self._refuse_empty(name):
            return False
        if self._do(fn, name, *args, **kwargs):
            self.table.select_id(name)
            return True
        return False

    def rename(self, name: str, new_name: str | None = None) -> bool:
        if new_name is None:
            new_name = self._ask_name(f"Rename {self.noun}", f"New name for {name}:", text=name)
            if new_name is None:
                return False
        new_name = new_name.strip()
        if self._refuse_empty(new_name) or new_name == name:
            return False
        if self._do(self._update, name, new_name=new_name):
            self.table.select_id(new_name)
            return True
        return False

    def set_description(self, name: str, text: str) -> bool:
        if self._get(name).description == text:
            return False
        return self._do(self._update, name, description=text)

    def commit_description(self) -> None:
        name = self._desc_name
        if name is not None and name in self.names():
            self.set_description(name, self.description.toPlainText())

    def delete(self, name: str) -> bool:
        options = self._delete_options(name, self.usage().get(name, 0))
        if options is None:
            return False
        return self._do(self._delete, name, **options)

    # -- button and cell handlers ------------------------------------------------
    def _with_current(self, fn, *args):
        name = self.current_name()
        if name is not None:
            fn(name, *args)

    def _rename_current(self):
        self._with_current(self.rename)

    def _delete_current(self):
        self._with_current(self.delete)

    def _item_changed(self, item) -> None:
        if item.column() == self.name_col:
            name, text = self.table.row_id(item.row()), item.text()
            QTimer.singleShot(0, lambda: self.rename(name, text))
