"""File > Restore from Backup, and the dialog for a damaged project (with a Restore button).

A backup is always restored as a new project file (never over the project), through the store's
``restore_backup`` and its output guard; the restored project is then opened in the window.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from ._common import warn

COLUMNS = ("N", "Time", "Size", "Documents", "Spans", "File")


def default_restore_path(project_path: str) -> str:
    p = Path(project_path)
    folder = p.parent if os.access(p.parent, os.W_OK) else Path.home()
    candidate = folder / f"{p.stem}-restored.annotator"
    n = 2
    while candidate.exists():
        candidate = folder / f"{p.stem}-restored-{n}.annotator"
        n += 1
    return str(candidate)


class RestoreDialog(QDialog):
    """Lists the project's backups (newest first); Restore saves the chosen one as a new project file."""

    def __init__(self, project_path: str, parent=None, message: str = ""):
        super().__init__(parent)
        from ...store.backup import backup_dir_for, backup_infos

        self.project_path = str(project_path)
        self.restored: Path | None = None
        self.setWindowTitle("Restore from Backup")
        self.resize(820, 420)
        self.infos = backup_infos(self.project_path)
        intro = QLabel(message or f"Backups of {self.project_path}, newest first. The backup you choose is saved "
                                  "as a new project file and opened; the project itself is left as it is.")
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.infos), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, i in enumerate(self.infos):
            values = (str(i.number), f"{i.time:%Y-%m-%d %H:%M:%S}", f"{i.size / 1024:,.0f} KB",
                      "damaged" if i.documents is None else str(i.documents),
                      "" if i.spans is None else str(i.spans), i.path.name)
            for col, v in enumerate(values):
                item = QTableWidgetItem(v)
                if col in (0, 2, 3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(str(i.path))
                self.table.setItem(row, col, item)
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        if self.infos:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda *_: self.restore_selected())
        self.status = QLabel("" if self.infos else
                             f"There are no backups of this project yet (they are kept in {backup_dir_for(self.project_path)}).")
        self.status.setWordWrap(True)
        self.restore_button = QPushButton("Restore as New Project…")
        self.restore_button.setDefault(True)
        self.restore_button.setEnabled(bool(self.infos))
        self.restore_button.clicked.connect(lambda *_: self.restore_selected())
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.infos[rows[0].row()] if rows else None

    def restore_selected(self, out: str | None = None) -> Path | None:
        """Restore the selected backup to ``out`` (asked with a Save dialog if None); accept on success."""
        from ...core.errors import AnnotatorError
        from ...store.restore import restore_backup

        info = self.selected()
        if info is None:
            warn(self, "Choose a backup to restore.")
            return None
        force = False
        if out is None:
            out, _ = QFileDialog.getSaveFileName(self, "Save the restored project as",
                                                 default_restore_path(self.project_path),
                                                 "annotator projects (*.annotator)")
            if not out:
                return None
            force = os.path.exists(out)  # the Save dialog asked before replacing it
        try:
            self.restored = restore_backup(info.path, out, self.project_path, force=force)
        except (AnnotatorError, OSError) as e:
            self.status.setText(str(e))
            warn(self, str(e))
            return None
        self.accept()
        return self.restored


def restore_from_backup(window, project_path: str | None = None, message: str = "") -> Path | None:
    """File > Restore from Backup: choose a backup, save it as a new project, open it in ``window``."""
    path = project_path or window.project.path
    dialog = RestoreDialog(path, window, message)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.restored is None:
        return None
    if window is not None:
        from ..app import open_project_path

        open_project_path(window, str(dialog.restored))
    return dialog.restored


def damaged_box(parent, message: str, project_path: str = "") -> tuple[QMessageBox, QPushButton | None]:
    from ...store.backup import age_text, backup_time, newest_backup

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("annotator: damaged project")
    box.setText(message.split(". Newest backup:")[0].split("; there is no backup of it")[0])
    newest = newest_backup(project_path) if project_path else None
    kept = "Nothing more will be written to the damaged file; it is kept as it is. "
    if newest:
        box.setInformativeText(f"The newest backup is from {backup_time(newest):%Y-%m-%d %H:%M} "
                               f"({age_text(backup_time(newest))}). " + kept
                               + "Restore a backup as a new project file to go on working.")
    else:  # nothing to restore: say so once, and offer no Restore button that opens an empty list
        box.setInformativeText("There is no backup of it. " + kept
                               + "Open or create another project to go on working.")
    box.setDetailedText(message)
    restore = box.addButton("Restore from Backup…", QMessageBox.ButtonRole.AcceptRole) if newest else None
    box.addButton(QMessageBox.StandardButton.Close)
    return box, restore


def show_damaged(window, project_path: str, message: str) -> Path | None:
    """The damaged-project dialog; its Restore button opens the restore dialog. Returns the restored file."""
    box, restore = damaged_box(window, message, project_path)
    box.exec()
    if restore is None or box.clickedButton() is not restore:  # Close (or no backup to restore)
        return None
    dialog = RestoreDialog(project_path, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.restored


def handle_damage(window, error) -> bool:
    """If ``error`` says the window's project is damaged: refuse further writes, show the damaged
    dialog (Restore opens the restored copy in the window) and return True; else False."""
    from ...store.damage import DamagedProject, is_damage

    if not isinstance(error, DamagedProject) and not is_damage(error):
        return False
    if getattr(window, "_damage_shown", False):
        return True
    window._damage_shown = True
    project = window.project
    backend = project.backend
    message = str(error)
    if not isinstance(error, DamagedProject) and hasattr(backend, "damaged_error"):
        message = str(backend.damaged_error(error))  # marks the file damaged: writes refused from now on
    window.status_message("The project file is damaged; nothing more is written to it", persistent=True)
    restored = show_damaged(window, project.path, message)
    if restored is not None:
        from ..app import open_project_path

        open_project_path(window, str(restored))
    else:
        window._damage_shown = False
    return True
