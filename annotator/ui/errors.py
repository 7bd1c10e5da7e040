"""Unexpected errors: a dialog with the message and the log file, and the app keeps running."""

from __future__ import annotations

import logging
import sys
import traceback

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

log = logging.getLogger("annotator")
_installed = False
_showing = False


def log_path():
    from ..store.paths import log_dir

    return log_dir() / "annotator.log"


def setup_logging() -> None:
    target = str(log_path())
    for h in list(log.handlers):
        if isinstance(h, logging.FileHandler):
            if h.baseFilename == target:
                return
            log.removeHandler(h)
            h.close()
    try:
        handler = logging.FileHandler(log_path(), encoding="utf-8", delay=True)
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def report(exc_type, exc, tb, parent=None) -> None:
    """Log an exception and show it (never raises). A damaged project file gets its own dialog."""
    global _showing
    if parent is not None and hasattr(parent, "show_error"):
        from ..store.damage import DamagedProject, is_damage

        if isinstance(exc, DamagedProject) or is_damage(exc):
            log.error("damaged project: %s", exc)
            try:
                parent.show_error(exc)
            except Exception:
                pass
            return
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("unexpected error\n%s", text)
    for h in log.handlers:
        h.flush()
    if _showing:
        return
    _showing = True
    try:
        try:
            from .dialogs.errors import show_error
        except ImportError:
            show_error = None
        if show_error is not None:
            show_error(parent, exc, log_path())
        else:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(parent, "annotator: error",
                                 f"An unexpected error occurred: {exc_type.__name__}: {exc}\n\n"
                                 f"Your work so far is saved. Details: {log_path()}")
    except Exception:  # the error dialog itself failed: the log has it
        pass
    finally:
        _showing = False


def _qt_messages(mode, context, message) -> None:
    if mode in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        log.warning("Qt: %s", message)


_parent_getter = lambda: None  # noqa: E731


def hook(exc_type, exc, tb) -> None:
    """sys.excepthook: log + dialog; the event loop keeps running."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    report(exc_type, exc, tb, _parent_getter())


def install(parent_getter=lambda: None) -> None:
    global _installed, _parent_getter
    setup_logging()
    _parent_getter = parent_getter
    sys.excepthook = hook
    if not _installed:
        _installed = True
        qInstallMessageHandler(_qt_messages)
