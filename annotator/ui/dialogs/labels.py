"""The Labels dialog: labels (colour, name, key, guideline, usage) and, in a second tab, link types.

Every edit is committed at once through the Project (one undo step each); the dialog only has Close.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QColorDialog, QDialog, QDialogButtonBox, QInputDialog, QMessageBox, QPushButton,
                               QTabWidget, QVBoxLayout)

from ...core.errors import AnnotatorError
from ...core.project import Project
from ..ops import run_in
from ._common import subscribe, swatch, unsubscribe, warn
from ._named_list import NamedListPanel, first_line
from .linktypes import LinkTypesPanel

log = logging.getLogger("annotator")

COL_COLOR, COL_NAME, COL_KEY, COL_SPANS, COL_DESC = range(5)


# Single keys the window's own actions answer to (a test checks this against every action's shortcut): a label
# given one of them would never be applied, or the action would stop working.
RESERVED_KEYS = {"x": "Reject Suggestion"}


def check_key(labels, name: str, key: str) -> str | None:
    """Why ``key`` cannot be the shortcut of label ``name`` (None = fine). Empty clears the key."""
    if key == "":
        return None
    if len(key) != 1 or not key.isprintable() or key.isspace():
        return f"{key!r} is not a valid key: use a single character or digit"
    if key.lower() in RESERVED_KEYS:
        return f"key {key!r} is the shortcut of {RESERVED_KEYS[key.lower()]}: choose another"
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


class LabelsPanel(NamedListPanel):
    noun = "label"
    name_col = COL_NAME
    description_caption = "Guideline (saved when you leave the field):"

    def __init__(self, project: Project, parent=None):
        self._by_status: dict[str, dict] = {}
        super().__init__(project, ["Colour", "Name", "Key", "Spans (all)", "Guideline"], COL_DESC,
                         "Annotation guideline for the selected label: what to mark, what not to.", 110,
                         get=project.label, update=project.update_label, delete=project.delete_label,
                         draggable=True, parent=parent)
        self.table.cellDoubleClicked.connect(lambda r, c: c == COL_COLOR and self._recolour_current())
        self.table.row_moved.connect(self.move_row)

    def _buttons(self):
        return [("Add…", self.add_label), ("Rename…", self._rename_current),
                ("Colour…", self._recolour_current), ("Key…", self._key_current),
                ("Move up", lambda: self._move_current(-1)), ("Move down", lambda: self._move_current(1)),
                ("Delete…", self._delete_current)]

    # -- NamedListPanel hooks -----------------------------------------------------
    def items(self):
        return self.project.labels()

    def usage(self) -> dict[str, int]:
        self._by_status = self.project.stats().get("by_label", {})
        return {label.name: self.project.label_usage(label.name) for label in self.project.labels()}

    def _fill_row(self, row: int, label, count: int) -> None:
        color = self.table.cell(label.color, tooltip="Double-click to change the colour")
        color.setIcon(swatch(label.color))
        color.setData(Qt.ItemDataRole.UserRole, label.name)
        self.table.setItem(row, COL_COLOR, color)
        self.table.setItem(row, COL_NAME, self.table.cell(label.name, editable=True))
        self.table.setItem(row, COL_KEY, self.table.cell(label.key, editable=True))
        parts = self._by_status.get(label.name, {})
        detail = ", ".join(f"{parts.get(k, 0)} {k}" for k in ("accepted", "suggested", "rejected"))
        self.table.setItem(row, COL_SPANS, self.table.cell(
            str(count), tooltip=f"{count} span(s) of every status: {detail}. The toolbar counts accepted spans only; "
                                "deleting or reassigning the label affects all of them."))
        self.table.setItem(row, COL_DESC, self.table.cell(first_line(label.description), tooltip=label.description))

    def _delete_options(self, name: str, count: int) -> dict | None:
        if count == 0:
            return {}
        choice = ask_delete_choice(self, name, count, [n for n in self.names() if n != name])
        if choice is None:
            return None
        action, target = choice
        return {"spans": action, "reassign_to": target}

    # -- edits (each one Project call, one undo step) ------------------------------
    rename_label = NamedListPanel.rename
    delete_label = NamedListPanel.delete

    def add_label(self, name: str | None = None) -> bool:
        used = {l.key for l in self.project.labels()}
        key = next((k for k in "123456789" if k not in used), "")
        return self._add(name, self.project.add_label, key=key)

    def recolour_label(self, name: str) -> bool:
        label = self.project.label(name)
        color = QColorDialog.getColor(QColor(label.color), self, f"Colour of {name}")
        if not color.isValid() or color.name() == label.color:
            return False
        return self._do(self.project.update_label, name, color=color.name())

    def set_key(self, name: str, key: str | None = None) -> bool:
        if key is None:
            key = self._ask_name("Label key", f"Key for {name} (one character or digit):",
                                 text=self.project.label(name).key)
            if key is None:
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

    # -- button and cell handlers ------------------------------------------------
    def _recolour_current(self):
        self._with_current(self.recolour_label)

    def _key_current(self):
        self._with_current(self.set_key)

    def _move_current(self, delta: int):
        self._with_current(self.move_label, delta)

    def _item_changed(self, item) -> None:
        super()._item_changed(item)
        if item.column() == COL_KEY:
            name, text = self.table.row_id(item.row()), item.text()
            QTimer.singleShot(0, lambda: self.set_key(name, text))


class LabelsDialog(QDialog):
    """Labels and link types of a project. Opened from the main window's menu; non-modal is fine."""

    def __init__(self, project: Project, parent=None):
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
        run_in(self, self.project.undo, initiator=self)

    def closeEvent(self, event):  # noqa: N802 - Qt API
        self._cleanup()
        super().closeEvent(event)

    def _cleanup(self, *_):
        unsubscribe(self._listener)
        try:
            self.labels_panel.commit_description()
            self.link_types_panel.commit_description()
        except Exception:  # noqa: BLE001 - e.g. the project was closed first; never raise from closeEvent
            log.warning("labels dialog: could not save the last guideline edit", exc_info=True)
