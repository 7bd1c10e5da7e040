"""File > Import documents: choose files or a folder (or drop them), import with progress, show the report."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog

FILTER = "Documents (*.txt *.md *.html *.htm *.pdf *.docx *.jsonl *.json);;All files (*)"


def choose_and_import(window) -> None:
    paths, _ = QFileDialog.getOpenFileNames(window, "Import documents", "", FILTER)
    if paths:
        import_paths(window, paths)


def choose_folder_and_import(window) -> None:
    folder = QFileDialog.getExistingDirectory(window, "Import a folder of documents")
    if folder:
        import_paths(window, [folder])


def import_paths(window, paths: list[str]):
    if window.project.readonly:
        window.show_error("The project is open read-only: documents cannot be imported")
        return None
    try:
        from ..io.importer import import_paths as do_import
    except ImportError as e:
        window.show_error(f"Importing is not available in this build ({e})")
        return None
    dialog = QProgressDialog("Reading files…", "", 0, 0, window)
    dialog.setWindowTitle("Import documents")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)

    def progress(done: int, total: int, what: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))
        dialog.setLabelText(f"{what}  ({done}/{total})")
        QApplication.processEvents()

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        report = do_import(window.project, paths, progress=progress)
    except Exception as e:  # an AnnotatorError or anything unexpected: a dialog, not a traceback
        QApplication.restoreOverrideCursor()
        dialog.close()
        window.show_error(e)
        return None
    QApplication.restoreOverrideCursor()
    dialog.close()
    show_report(window, report)
    if report.added:
        window.open_document(report.added[0])
    return report


def show_report(window, report) -> None:
    try:
        from .dialogs.importreport import show_import_report
    except ImportError:
        show_import_report = None
    if show_import_report is not None:
        show_import_report(window, report)
        return
    lines = [f"Added {len(report.added)} document(s)."]
    if report.duplicates:
        lines.append(f"{len(report.duplicates)} duplicate(s) skipped.")
    if report.problems:
        lines.append("Problems:\n" + "\n".join(report.problems[:20]))
    QMessageBox.information(window, "Import documents", "\n".join(lines))
