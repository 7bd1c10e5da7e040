"""Error dialogs: a user message (AnnotatorError text), details for unexpected errors, the log path."""

from __future__ import annotations

import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from ...core.errors import AnnotatorError


def describe(exc_or_text) -> tuple[str, str]:
    """(message, details) for a user: AnnotatorError and OSError give a plain message and no details;
    any other exception is 'unexpected' and carries its traceback as details."""
    if isinstance(exc_or_text, str):
        return exc_or_text, ""
    exc = exc_or_text
    if isinstance(exc, AnnotatorError):
        return str(exc), ""
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        return f"{where}{exc.strerror or exc}", ""
    import sqlite3

    if isinstance(exc, sqlite3.OperationalError):  # the file, not the code: say what to do
        if "locked" in str(exc) or "busy" in str(exc):
            return "The project is busy: another program is writing to it. Try again in a moment.", ""
        if "I/O" in str(exc) or "unable to open" in str(exc) or "readonly" in str(exc):
            return (f"The project file could not be read or written ({exc}). Close the window and open the project "
                    "again; if it keeps happening, use File > Restore from Backup."), ""
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return f"An unexpected error occurred: {type(exc).__name__}: {exc}", details


def error_box(parent: QWidget | None, exc_or_text, log_path=None) -> QMessageBox:
    message, details = describe(exc_or_text)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical if details else QMessageBox.Icon.Warning)
    box.setWindowTitle("annotator: error" if details else "annotator")
    box.setText(message)
    info = []
    if details:
        info.append("Your work so far is saved. You can keep working.")
    if log_path:
        info.append(f"Details were written to the log file:\n{log_path}")
    if info:
        box.setInformativeText("\n\n".join(info))
    if details:
        box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def show_error(parent: QWidget | None, exc_or_text, log_path=None) -> None:
    """Show an error; never raises. Unexpected exceptions get their traceback under 'Show Details...'."""
    error_box(parent, exc_or_text, log_path).exec()


def readonly_box(parent: QWidget | None, message: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("annotator")
    box.setText(message)
    box.setInformativeText("You can open the project read-only: you can read and export, but not change it.")
    box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    return box


def ask_open_readonly(parent: QWidget | None, message: str) -> bool:
    """Ask whether to open a project read-only (after it was found locked or read-only). True = yes."""
    box = readonly_box(parent, message)
    box.exec()
    clicked = box.clickedButton()
    return clicked is not None and box.buttonRole(clicked) == QMessageBox.ButtonRole.AcceptRole
