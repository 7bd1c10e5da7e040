"""File > Import documents: choose files or a folder (or drop them), import off the UI thread with
progress and Cancel (through annotator.ui.ops), show the report."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox

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
    """Read the files in a worker thread (progress, Cancel), then add the documents in one transaction
    (one undo step) on the UI thread and show the report. Returns the running Task (None if refused)."""
    if window.project.readonly:
        window.show_error("The project is open read-only: documents cannot be imported")
        return None
    try:
        from ..io.importer import add_items, read_paths
    except ImportError as e:
        window.show_error(f"Importing is not available in this build ({e})")
        return None
    project = window.project
    known = {label.name for label in project.labels()}

    def job(progress, cancel):
        return read_paths(paths, known, progress=progress, cancel=cancel.is_set)

    def done(result) -> None:
        items, report = result

        def write():
            add_items(project, items, report)
            return report

        if window.ops.run(write) is None:
            return  # the write failed: the error was shown, nothing was added
        show_report(window, report)
        if report.added:
            window.open_document(report.added[0])

    return window.ops.task(job, title="Import documents", label="Reading files…", on_done=done,
                           on_cancelled=lambda: window.status_message("Import cancelled; nothing was added"))


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
