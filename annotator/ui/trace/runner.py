"""Runs the aligner off the UI thread with a progress dialog and Cancel.

A minimal stand-in until the shared runner (annotator/ui/ops.py) is on main: one QThread (the loop's
Worker), a window-modal QProgressDialog, the result delivered on the UI thread. ``run_align`` is the only
entry point, so switching to ops.py touches this file alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog


class Running:
    def __init__(self, worker, dialog):
        self.worker, self.dialog = worker, dialog

    def cancel(self) -> None:
        self.worker.cancel.set()
        self.dialog.reset()

    def wait(self, ms: int = 30000) -> bool:
        return self.worker.wait(ms)


def run_align(window, options, on_done, on_end=None) -> Running | None:
    """Align ``options`` (TraceOptions): the project is read here, on the UI thread that owns its SQLite
    connection (``prepare``); the ranking runs in a thread on that copy alone (``run``). ``on_done(options,
    units)`` on the UI thread unless cancelled; errors go to ``window.show_error`` (bad input: None is returned
    and no thread starts); ``on_end()`` when the thread is over, whatever the outcome."""
    from ..loop.worker import Worker
    from ...core.errors import AnnotatorError
    from .engine import prepare_request, run_request

    try:
        request = prepare_request(window.project, options)
    except AnnotatorError as error:  # AlignError, NotFound: one clear message, nothing started
        window.show_error(error)
        if on_end is not None:
            on_end()
        return None
    dialog = QProgressDialog("Tracing the retellings to the source…", "Cancel", 0, 100, window)
    dialog.setWindowTitle("Trace to Source")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setValue(0)

    def job(progress, cancel):
        return run_request(request, progress=progress, cancelled=cancel.is_set)

    worker = Worker(job, window)
    running = Running(worker, dialog)

    def progressed(value):
        done, total = value if isinstance(value, tuple) else (value, 100)
        if total:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    def finished(units):
        dialog.reset()
        if on_end is not None:
            on_end()
        if not worker.cancel.is_set():
            on_done(options, units)
        else:
            window.status_message("Trace to Source cancelled: nothing changed")

    def failed(error):
        dialog.reset()
        if on_end is not None:
            on_end()
        if isinstance(error, InterruptedError) or worker.cancel.is_set():
            window.status_message("Trace to Source cancelled: nothing changed")
        else:
            window.show_error(error)

    worker.progressed.connect(progressed)
    dialog.canceled.connect(worker.cancel.set)
    worker.done.connect(finished)
    worker.failed.connect(failed)
    worker.start()
    return running
