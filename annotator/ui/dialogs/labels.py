"""The Labels dialog: labels (colour, name, key, guideline, usage) and, in a second tab, link types.

Every edit is committed at once through the Project (one undo step each); the dialog only has Close.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QColorDialog, QDialog, QDialogButtonBox, QHBoxLayout, QInputDialog, QLabel,
                               QMessageBox, QPlainTextEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget)

from ...core.errors import AnnotatorError
from ._common import FocusOut, subscribe, swatch, warn
from ._table import RowTable
from .linktypes import LinkTypesPanel

log = logging.getLogger("annotator")

COL_COLOR, COL_NAME, COL_KEY, COL_SPANS, COL_DESC = range(5)


def check_key(labels, name: str, key: str) -> str | None:
    """Why ``key`` cannot be the shortcut of label ``name`` (None = fine). Empty clears the key."""
    if key == "":
        return None
    if len(key) != 1 or not key.isprintable() or key.isspace():
        return f"{key!r} is not a valid key: use a single character or digit"
    for label in labels:
        if label.name != name and label.key and label.key.lower() == key.lower():
            return f"key {key!r} is already used by label {label.name}"
    return None


def ask_delete_choice(parent, name: str, count: int, others: list[str]) -> tuple[str, str | None] | None:
    """Ask what to do with the ``count`` spans of label ``name``: ("delete", None), ("reassign", other) or None."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Delete label")
    box.setText(f"Label {name} is used by {count} span(s). What should happen to them?")
    delete = box.addButton(f"Delete the {count} span(s)", QMessageBox.ButtonRole.DestructiveRole)
    reassign = box.addButton("Reassign to another label…", QMessageBox.ButtonRole.ActionRole)
    reassign.setEnabled(bool(others))
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is delete:
        return ("delete", None)
    if box.clickedButton() is reassign:
        target, ok = QInputDialog.getItem(parent, "Reassign spans", f"Give the spans of {name} the label:",
                                          others, 0, False)
        return ("reassign", target) if ok and target else None
    return None



class LabelsPanel(QWidget):
    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.project = project
        self.table = RowTable(["Colour", "Name", "Key", "Spans", "Guideline"], COL_DESC, draggable=True)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText("Annotation guideline for the selected label: what to mark, what not to.")
        self.description.setMaximumHeight(110)
        self.description.installEventFilter(FocusOut(self.commit_description, self))
        self._desc_name: str | None = None
        buttons = QHBoxLayout()
        for text, slot in (("Add…", self.add_label), ("Rename…", self._rename_current),
                           ("Colour…", self._recolour_current), ("Key…", self._key_current),
                           ("Move up", lambda: self._move_current(-1)), ("Move down", lambda: self._move_current(1)),
                           ("Delete…", self._delete_current)):
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, s=slot: s())
            b.setEnabled(not project.readonly)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Guideline (saved when you leave the field):"))
        layout.addWidget(self.description)
        if project.readonly:
            self.table.setEditTriggers(self.table.EditTrigger.NoEditTriggers)
            self.description.setReadOnly(True)
        self.table.itemChanged.connect(self._item_changed)
        self.table.cellDoubleClicked.connect(lambda r, c: c == COL_COLOR and self._recolour_current())
        self.table.currentCellChanged.connect(lambda *a: self._selection_changed())
        self.table.row_moved.connect(self.move_row)
        self.refresh()

    # -- view ---------------------------------------------------------------------
    def names(self) -> list[str]:
        return [l.name for l in self.project.labels()]

    def refresh(self) -> None:
        current = self.table.current_id()
        self.table.blockSignals(True)
        labels = self.project.labels()
        self.table.setRowCount(len(labels))
        for row, label in enumerate(labels):
            color = self.table.cell(label.color, tooltip="Double-click to change the colour")
            color.setIcon(swatch(label.color))
            color.setData(Qt.ItemDataRole.UserRole, label.name)
            guideline = label.description.strip().splitlines()[0] if label.description.strip() else ""
            self.table.setItem(row, COL_COLOR, color)
            self.table.setItem(row, COL_NAME, self.table.cell(label.name, editable=True))
            self.table.setItem(row, COL_KEY, self.table.cell(label.key, editable=True))
            self.table.setItem(row, COL_SPANS, self.table.cell(str(self.project.label_usage(label.name))))
            self.table.setItem(row, COL_DESC, self.table.cell(guideline, tooltip=label.description))
        self.table.blockSignals(False)
        if current is not None and current in self.names():
            self.table.select_id(current)
        elif labels and self.table.currentRow() < 0:
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
        text = next((l.description for l in self.project.labels() if l.name == name), "")
        if self.description.toPlainText() != text:
            self.description.setPlainText(text)
        self.description.setEnabled(name is not None)

    # -- edits (each one Project call, one undo step) ------------------------------
    def _do(self, fn, *args, **kwargs) -> bool:
        try:
            fn(*args, **kwargs)
            return True
        except AnnotatorError as e:
            warn(self, str(e))
            self.refresh()
            return False

    def add_label(self, name: str | None = None) -> bool:
        if name is None:
            name, ok = QInputDialog.getText(self, "Add label", "Name of the new label:")
            if not ok:
                return False
        name = name.strip()
        used = {l.key for l in self.project.labels()}
        key = next((k for k in "123456789" if k not in used), "")
        if self._do(self.project.add_label, name, key=key):
            self.table.select_id(name)
            return True
        return False

    def rename_label(self, name: str, new_name: str | None = None) -> bool:
        if new_name is None:
            new_name, ok = QInputDialog.getText(self, "Rename label", f"New name for {name}:", text=name)
            if not ok:
                return False
        new_name = new_name.strip()
        if new_name == name:
            return False
        if self._do(self.project.update_label, name, new_name=new_name):
            self.table.select_id(new_name)
            return True
        return False

    def recolour_label(self, name: str) -> bool:
        label = self.project.label(name)
        color = QColorDialog.getColor(QColor(label.color), self, f"Colour of {name}")
        if not color.isValid() or color.name() == label.color:
            return False
        return self._do(self.project.update_label, name, color=color.name())

    def set_key(self, name: str, key: str | None = None) -> bool:
        if key is None:
            key, ok = QInputDialog.getText(self, "Label key", f"Key for {name} (one character or digit):",
                                           text=self.project.label(name).key)
            if not ok:
                return False
        key = key.strip()
        problem = check_key(self.project.labels(), name, key)
        if problem:
            warn(self, problem)
            self.refresh()
            return False
        if key == self.project.label(name).key:
            return False
        return self._do(self.project.update_label, name, key=key)

    def set_description(self, name: str, text: str) -> bool:
        if self.project.label(name).description == text:
            return False
        return self._do(self.project.update_label, name, description=text)

    def commit_description(self) -> None:
        name = self._desc_name
        if name is not None and name in self.names():
            self.set_description(name, self.description.toPlainText())

    def move_row(self, src: int, dst: int) -> bool:
        names = self.names()
        if not (0 <= src < len(names) and 0 <= dst < len(names)) or src == dst:
            return False
        names.insert(dst, names.pop(src))
        if self._do(self.project.reorder_labels, names):
            self.table.setCurrentCell(dst, COL_NAME)
            return True
        return False

    def move_label(self, name: str, delta: int) -> bool:
        src = self.names().index(name)
        return self.move_row(src, src + delta)

    def delete_label(self, name: str) -> bool:
        count = self.project.label_usage(name)
        if count == 0:
            return self._do(self.project.delete_label, name)
        others = [n for n in self.names() if n != name]
        choice = ask_delete_choice(self, name, count, others)
        if choice is None:
            return False
        action, target = choice
        return self._do(self.project.delete_label, name, spans=action, reassign_to=target)

    # -- button and cell handlers ------------------------------------------------
    def _with_current(self, fn, *args):
        name = self.current_name()
        if name is not None:
            fn(name, *args)

    def _rename_current(self):
        self._with_current(self.rename_label)

    def _recolour_current(self):
        self._with_current(self.recolour_label)

    def _key_current(self):
        self._with_current(self.set_key)

    def _delete_current(self):
        self._with_current(self.delete_label)

    def _move_current(self, delta: int):
        self._with_current(self.move_label, delta)

    def _item_changed(self, item) -> None:
        name = self.table.row_id(item.row())
        text = item.text()
        if item.column() == COL_NAME:
            QTimer.singleShot(0, lambda: self.rename_label(name, text))
        elif item.column() == COL_KEY:
            QTimer.singleShot(0, lambda: self.set_key(name, text))


class LabelsDialog(QDialog):
    """Labels and link types of a project. Opened from the main window's menu; non-modal is fine."""

    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Labels and link types")
        self.resize(720, 520)
        self.labels_panel = LabelsPanel(project)
        self.link_types_panel = LinkTypesPanel(project)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.labels_panel, "Labels")
        self.tabs.addTab(self.link_types_panel, "Link types")
        self.undo_button = QPushButton("Undo")
        self.undo_button.clicked.connect(self.undo)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ResetRole)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(box)
        self._listener = subscribe(self, project, self._on_change)
        self.finished.connect(self._cleanup)
        self._update_undo()

    def _on_change(self, change) -> None:
        if change.touches("label") or change.touches("span") or change.touches("document"):
            self.labels_panel.refresh()
        if change.touches("link_type") or change.touches("link"):
            self.link_types_panel.refresh()
        self._update_undo()

    def _update_undo(self) -> None:
        text = self.project.stack.undo_text
        self.undo_button.setEnabled(self.project.can_undo and not self.project.readonly)
        self.undo_button.setToolTip(f"Undo {text}" if text else "")

    def undo(self) -> None:
        try:
            self.project.undo()
        except AnnotatorError as e:
            warn(self, str(e))

    def closeEvent(self, event):  # noqa: N802 - Qt API
        self._cleanup()
        super().closeEvent(event)

    def _cleanup(self, *_):
        self.project.unsubscribe(self._listener)
        try:
            self.labels_panel.commit_description()
            self.link_types_panel.commit_description()
        except Exception:  # noqa: BLE001 - e.g. the project was closed first; never raise from closeEvent
            log.warning("labels dialog: could not save the last guideline edit", exc_info=True)
