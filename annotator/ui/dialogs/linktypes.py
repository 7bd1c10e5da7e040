"""The link-types tab of the Labels dialog: add, rename, describe and delete link types."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ...core.project import Project
from ._named_list import NamedListPanel, first_line

COL_NAME, COL_LINKS, COL_DESC = range(3)


def ask_delete_links(parent, name: str, count: int) -> bool:
    """Confirm deleting link type ``name`` together with its ``count`` links."""
    answer = QMessageBox.question(
        parent, "Delete link type",
        f"Link type {name} is used by {count} link(s). Delete the type and its {count} link(s)?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


class LinkTypesPanel(NamedListPanel):
    noun = "link type"
    name_col = COL_NAME

    def __init__(self, project: Project, parent=None):
        super().__init__(project, ["Name", "Links", "Description"], COL_DESC,
                         "What this kind of link means, for whoever annotates next.", 90,
                         get=project.link_type, update=project.update_link_type, delete=project.delete_link_type,
                         parent=parent)

    def _buttons(self):
        return [("Add…", self.add_type), ("Rename…", self._rename_current), ("Delete…", self._delete_current)]

    # -- NamedListPanel hooks -----------------------------------------------------
    def items(self):
        return self.project.link_types()

    def usage(self) -> Counter:
        return Counter(link.type for link in self.project.links())

    def _fill_row(self, row: int, t, count: int) -> None:
        name = self.table.cell(t.name, editable=True)
        name.setData(Qt.ItemDataRole.UserRole, t.name)
        self.table.setItem(row, COL_NAME, name)
        self.table.setItem(row, COL_LINKS, self.table.cell(str(count)))
        self.table.setItem(row, COL_DESC, self.table.cell(first_line(t.description), tooltip=t.description))

    def _delete_options(self, name: str, count: int) -> dict | None:
        if count and not ask_delete_links(self, name, count):
            return None
        return {"delete_links": bool(count)}

    # -- edits (each one Project call, one undo step) ------------------------------
    rename_type = NamedListPanel.rename
    delete_type = NamedListPanel.delete

    def add_type(self, name: str | None = None, description: str = "") -> bool:
        return self._add(name, self.project.add_link_type, description)
