"""Background work and mutations for the team windows, through the app's op runner when it has one.

``run_task(job, parent=..., title=..., label=..., total=..., on_done=..., on_failed=..., on_cancelled=...)``
has the signature of ``annotator.ui.ops.run_task``: ``job(progress, cancel)`` runs in a worker thread and
must not write the project or touch widgets; ``progress(done, total, text)`` raises ``Cancelled`` after
Cancel. Until ``ops`` is in this build, a minimal QThread + QProgressDialog stands in (same signature, so
switching is an import). ``mutate(window, fn)`` runs one project mutation with the window's error path.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog


class Cancelled(Exception):
    """Raised from a task's progress callback once the user pressed Cancel."""


class _Thread(QThread):
    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Callable, cancel: threading.Event):
        super().__init__()
        self.job, self.cancel = job, cancel

    def _progress(self, *args: Any) -> None:
        if self.cancel.is_set():
            raise Cancelled()
        self.progressed.emit(args)

    def run(self) -> None:  # worker thread: no widgets here
        try:
            result = self.job(self._progress, self.cancel)
        except BaseException as e:  # noqa: BLE001 - reported on the UI thread
            self.failed.emit(e)
        else:
            self.succeeded.emit(result)


_alive: set = set()


class Task(QObject):
    def __init__(self, job, *, parent=None, title="annotator", label="", total=0, on_done=None, on_failed=None,
                 on_cancelled=None, dialog=True, modality=Qt.WindowModality.WindowModal, owner=None):
        super().__init__()
        self.owner = owner  # a QObject whose deletion (a closed window) drops the callbacks
        self.on_done, self.on_failed, self.on_cancelled = on_done, on_failed, on_cancelled
        self.cancel_event = threading.Event()
        self.outcome: str | None = None
        self.dialog = None
        if dialog:
            d = QProgressDialog(label or title, "Cancel", 0, total, parent)
            d.setWindowTitle(title)
            d.setWindowModality(modality)
            d.setMinimumDuration(300)
            d.setAutoClose(False)
            d.setAutoReset(False)
            d.canceled.connect(self.cancel)
            self.dialog = d
        self.worker = _Thread(job, self.cancel_event)
        self.worker.progressed.connect(self._progressed)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)

    def start(self) -> "Task":
        _alive.add(self)
        self.worker.start()
        return self

    @property
    def running(self) -> bool:
        return self.outcome is None

    def cancel(self) -> None:
        self.cancel_event.set()

    def wait(self, ms: int = 30000) -> bool:
        return self.worker.wait(ms)

    def _progressed(self, args) -> None:
        if self.dialog is None or self.cancel_event.is_set() or self.outcome:
            return
        done, total, text = (tuple(args) + (None, None, None))[:3]
        if total is not None and self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        if text:
            self.dialog.setLabelText(str(text))
        if isinstance(done, int):
            self.dialog.setValue(done)

    def _end(self, outcome: str) -> None:
        self.outcome = outcome
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        self.worker.wait()
        _alive.discard(self)

    def _owner_gone(self) -> bool:
        return self.owner is not None and not shiboken6.isValid(self.owner)

    def _succeeded(self, result) -> None:
        if self.cancel_event.is_set():
            return self._failed(Cancelled())
        self._end("done")
        if self._owner_gone():
            return
        if self.on_done is not None:
            self.on_done(result)

    def _failed(self, error) -> None:
        cancelled = self.cancel_event.is_set() or isinstance(error, Cancelled)
        self._end("cancelled" if cancelled else "failed")
        if self._owner_gone():
            return
        if cancelled:
            if self.on_cancelled is not None:
                self.on_cancelled()
        elif self.on_failed is not None:
            self.on_failed(error)


def run_task(job: Callable, **kwargs: Any) -> Task:
    return Task(job, **kwargs).start()


def mutate(window, fn: Callable[[], Any], parent=None) -> Any:
    """One project mutation (one undo step) with the window's error path; the result, or None on error."""
    ops = getattr(window, "ops", None)
    if ops is not None and hasattr(ops, "run"):
        return ops.run(fn, parent=parent)
    return window.run_action(fn)


def subscribe(window, handler: Callable[[Any], None]) -> Callable[[], None]:
    """Call ``handler(change)`` on every project change; returns the function that unsubscribes."""
    hub = getattr(window, "hub", None)
    if hub is not None:
        def wrapped(change, _initiator=None):
            handler(change)

        hub.subscribe(wrapped)
        return lambda: hub.unsubscribe(wrapped)
    window.project.subscribe(handler)
    return lambda: window.project.unsubscribe(handler)
