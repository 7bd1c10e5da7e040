"""File > New / Open / Open Recent: opening and creating project files with a dialog for every
failure, and replacing a window by one on another project. Imports nothing of the main window
(it creates new windows through ``window.open_window``, set by annotator.ui.app), so the menus can
use it without an import circle."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..core.project import Project
from . import settings


def _box(parent, icon, text: str, informative: str = "", readonly_choice: bool = False) -> bool:
    """A message box; with readonly_choice it offers "Open read-only" and returns True if chosen."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle("annotator")
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    ro = None
    if readonly_choice:
        ro = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
    else:
        box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    return ro is not None and box.clickedButton() is ro


def open_with_dialogs(path: str, *, readonly: bool = False, create: bool = False, parent=None):
    """Open (or create) a project; every failure becomes a dialog. Returns the Project or None."""
    from ..core.errors import AnnotatorError, ProjectError
    from ..store import DamagedProject, ProjectLocked, ReadOnlyProject, open_project

    try:
        project = open_project(path, readonly=readonly, create=create)
        try:  # the window reads everything at once: check the file first (the session's check, cached)
            project.check_integrity()
        except DamagedProject:
            project.close()
            raise
        if not _labels_fit(project, parent):
            project.close()
            return None
        return project
    except DamagedProject as e:  # a dialog with a Restore button; the restored copy opens instead
        from .dialogs.backups import show_damaged

        restored = show_damaged(parent, path, str(e))
        return open_with_dialogs(str(restored), parent=parent) if restored is not None else None
    except (ProjectLocked, ReadOnlyProject) as e:
        if _box(parent, QMessageBox.Icon.Question, str(e),
                "You can open it read-only: you can read and export, but not change it.", readonly_choice=True):
            try:
                return open_project(path, readonly=True)
            except AnnotatorError as e2:
                _box(parent, QMessageBox.Icon.Warning, str(e2))
        return None
    except ProjectError as e:
        _box(parent, QMessageBox.Icon.Warning, str(e))
        return None
    except (AnnotatorError, OSError) as e:
        _box(parent, QMessageBox.Icon.Warning, f"{path}: {e}")
        return None


def _labels_fit(project: Project, parent) -> bool:
    """A project with more labels than the app can show (made before the cap, or by another tool): say so and
    how to fix it; open it only if the analyst insists (thousands of labels open slowly: a toolbar button, a
    key and a Documents column each)."""
    from ..core.limits import MAX_LABELS

    n = len(project.labels())
    if n <= MAX_LABELS:
        return True
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("annotator")
    box.setText(f"{project.path}: has {n:,} labels; annotator works with at most {MAX_LABELS}. The window would "
                "open slowly and its toolbar and Documents list would be hard to use.")
    box.setInformativeText(f"Remove the labels you do not need, then open it again:\n"
                           f"annotator labels \"{project.path}\" --delete-unused   (labels without spans or key)\n"
                           f"annotator labels \"{project.path}\"   (every label with its spans)")
    anyway = box.addButton("Open Anyway", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is anyway


def switch_project(window, project: Project) -> None:
    """Replace ``window`` by a new window on ``project``."""
    if window is None or window.open_window is None:
        project.close()
        raise RuntimeError("no window factory: create windows with annotator.ui.app.create_window")
    new = window.open_window(project)
    new.show()
    if window is not None:
        window.close()
        window.project.close()


def new_project(window) -> None:
    path, _ = QFileDialog.getSaveFileName(window, "New project", str(Path.home() / "project.annotator"),
                                          "annotator projects (*.annotator)")
    if not path:
        return
    if not path.endswith(".annotator"):
        path += ".annotator"
    if os.path.exists(path):
        _box(window, QMessageBox.Icon.Warning, f"{path}: already exists; use Open to open it")
        return
    project = open_with_dialogs(path, create=True, parent=window)
    if project is not None:
        switch_project(window, project)


def open_project_path(window, path: str) -> None:
    if window is not None and os.path.abspath(path) == os.path.abspath(window.project.path):
        return
    project = open_with_dialogs(path, parent=window)
    if project is not None:
        switch_project(window, project)


def open_project_dialog(window) -> None:
    here = str(Path(window.project.path).parent) if getattr(window, "project", None) is not None else ""
    path, _ = QFileDialog.getOpenFileName(window, "Open project", here,  # the open project's folder
                                          "annotator projects (*.annotator);;All files (*)")
    if path:
        open_project_path(window, path)


def fill_recent_menu(window) -> None:
    menu = window.recent_menu
    menu.clear()
    items = settings.recent_projects()
    if not items:
        menu.addAction("(none)").setEnabled(False)
    for path in items:
        act = menu.addAction(path)
        act.setEnabled(os.path.exists(path))
        act.triggered.connect(lambda *_, p=path: open_project_path(window, p))


