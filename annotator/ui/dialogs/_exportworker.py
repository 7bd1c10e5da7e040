"""Runs an export off the GUI thread; reports progress and the result through signals only."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QThread, Signal

log = logging.getLogger("annotator")


class Cancelled(Exception):
    """Raised from the progress callback to stop an export (the exporter then leaves no partial file)."""


class ExportWorker(QThread):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)  # ExportReport
    failed = Signal(object)  # the exception
    cancelled = Signal()

    def __init__(self, project, fmt: str, out: str, options: dict, parent=None):
        super().__init__(parent)
        self.project, self.fmt, self.out, self.options = project, fmt, out, options
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done, total=0, what="", *_):
        if self._cancel.is_set():
            raise Cancelled()
        self.progressed.emit(int(done), int(total or 0), str(what or ""))

    def run(self) -> None:  # runs in the worker thread: no widget calls here
        try:
            from ...io.export import export

            report = export(self.project, self.fmt, self.out, progress=self._progress, **self.options)
        except Cancelled:
            self.cancelled.emit()
        except Exception as e:  # noqa: BLE001 - every error goes back to the dialog as a message
            if not _is_user_error(e):
                log.error("export to %s failed", self.out, exc_info=(type(e), e, e.__traceback__))
            self.failed.emit(e)
        else:
            self.succeeded.emit(report)


def _is_user_error(e: Exception) -> bool:
    from ...core.errors import AnnotatorError

    return isinstance(e, (AnnotatorError, OSError))
