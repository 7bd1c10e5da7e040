"""Starting the desktop app: QApplication, opening a project (with dialogs for every failure),
the main window, the error hook. Nothing heavy (spaCy, annotator.nlp) is imported on this path."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from ..core.project import Project
from . import errors, settings
from .projectfiles import _box, open_with_dialogs

__all__ = ["application", "create_window", "open_default_project", "open_with_dialogs", "run"]

_windows: list = []  # open main windows (kept alive)


def keep_dialogs_off_project_files() -> None:
    """Before Qt starts: file dialogs must never open a project file (or its -wal/-shm) in this process. Closing
    such a read (a dialog guessing a listed file's type from its first bytes) releases every POSIX lock SQLite
    holds on the file here, and another program's read-write connection could then checkpoint and delete the
    open project's -wal under it. Qt learns the project's file names from resources/mime (so it never needs to
    read them); on Linux Qt's own dialog is used, not an in-process GTK one that guesses types through GIO."""
    import os

    from ..core.resources import resources_dir

    here = str(resources_dir())
    dirs = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share/:/usr/share/"
    if here not in dirs.split(os.pathsep):
        os.environ["XDG_DATA_DIRS"] = here + os.pathsep + dirs
    if sys.platform.startswith("linux"):
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        keep_dialogs_off_project_files()
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv[:1])
        app.setApplicationName("annotator")
        app.setOrganizationName("annotator")
        app.setApplicationDisplayName("annotator")
        from ..core.resources import resources_dir

        icon = resources_dir() / "icons" / "annotator-256.png"
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
    return app


def open_default_project(parent=None):
    """The default project; created with the sample corpus on the very first run."""
    from ..store.paths import default_project_path

    path = default_project_path()
    if path.exists():
        return open_with_dialogs(str(path), parent=parent)
    project = open_with_dialogs(str(path), create=True, parent=parent)
    if project is not None:
        try:
            from ..io.sample import import_sample
        except ImportError as e:
            _box(parent, QMessageBox.Icon.Information,
                 f"The sample corpus is not available in this installation ({e}); the project starts empty.")
            return project
        try:
            report = import_sample(project)
            project.stack.clear()  # the sample is not the user's action to undo
            if report.problems:
                _box(parent, QMessageBox.Icon.Warning, "Some sample documents could not be imported.",
                     "\n".join(report.problems[:10]))
        except Exception as e:  # never keep the app from starting
            _box(parent, QMessageBox.Icon.Warning, f"The sample corpus could not be imported: {e}")
    return project


def create_window(project: Project):
    from .mainwindow import MainWindow

    window = MainWindow(project)
    window.open_window = create_window  # File > New/Open replace the window through this (no import circle)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.destroyed.connect(lambda *_: _forget(window))
    restored = settings.restore_window(window)
    if not restored:
        first_run_layout(window)
    if not window.open_doc_ids():
        ids = first_run_docs(project)
        if len(ids) > 1:
            window.compare(ids)
            window.set_current_pane(window.panes()[0])  # start reading the source
        elif ids:
            window.open_document(ids[0])
    settings.add_recent(project.path)
    _windows.append(window)
    QTimer.singleShot(1500, window.make_backup)
    return window


SOURCE = ("002_", "Aliyev's interview with Rossiya Segodnya")  # sample: the source transcript
RETELLING = ("001_", "Azerbaijan’s Aliyev lines up with Russia")  # sample: a retelling of it (bne IntelliNews)


def first_run_docs(project: Project) -> list[int]:
    """What a new user sees first: the sample's source transcript beside one of its retellings
    (found by file name or title, never by id); otherwise the first document."""
    docs = project.documents()

    def find(prefix: str, title: str):
        return next((d.id for d in docs if (d.source_file or "").startswith(prefix)
                     or (d.title or "").startswith(title)), None)

    pair = [find(*SOURCE), find(*RETELLING)]
    if all(pair) and pair[0] != pair[1]:
        return pair
    return [docs[0].id] if docs else []


def first_run_layout(window) -> None:
    """No saved geometry: 90% of the screen's available area, centred; a readable documents dock."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        window.resize(1400, 860)
        return
    area = screen.availableGeometry()
    w, h = int(area.width() * 0.9), int(area.height() * 0.9)
    window.resize(w, h)
    window.move(area.x() + (area.width() - w) // 2, area.y() + (area.height() - h) // 2)
    def docks() -> None:  # once laid out (before show the dock layout ignores it)
        window.resizeDocks([window.docs, window.inspector], [min(330, w // 4), min(290, w // 5)],
                           Qt.Orientation.Horizontal)

    docks()
    QTimer.singleShot(0, docks)


def _forget(window) -> None:
    if window in _windows:
        _windows.remove(window)


def _current_window():
    return _windows[-1] if _windows else None


def run(project_path: str | None = None, readonly: bool = False) -> int:
    """Start the app on ``project_path`` (None: the default project). Returns the exit code."""
    app = application()
    errors.install(_current_window)
    if project_path is None:
        project = open_default_project() if not readonly else None
        if readonly:
            from ..store.paths import default_project_path

            project = open_with_dialogs(str(default_project_path()), readonly=True)
    else:
        project = open_with_dialogs(project_path, readonly=readonly, create=not readonly)
    if project is None:
        return 1
    window = create_window(project)
    window.show()
    code = app.exec()
    for w in list(_windows):
        w.close()
        try:
            w.project.close()
        except Exception:
            pass
    project.close()
    return code
