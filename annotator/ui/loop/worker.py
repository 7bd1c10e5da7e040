"""Run a function off the UI thread; progress and the result come back as queued signals."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread, Signal


class Worker(QThread):
    """``fn(progress, cancel)`` runs in the thread; ``progress(obj)`` emits ``progressed``.

    The function must only read the project (writes happen on the UI thread when ``done``
    arrives); the dialogs that start a worker are modal, so the user cannot edit meanwhile.
    """

    progressed = Signal(object)
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, fn, parent=None):
        super().__init__(parent)
        self.fn = fn
        self.cancel = threading.Event()

    def run(self) -> None:
        try:
            result = self.fn(self.progressed.emit, self.cancel)
        except BaseException as e:  # reported on the UI thread, never lost
            self.failed.emit(e)
            return
        self.done.emit(result)
