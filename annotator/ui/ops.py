"""One way to run an operation in the app (after Anki's CollectionOp / QueryOp).

Every user action that changes the project and every long task goes through here, so error
handling, progress, Cancel, undo texts and the delivery of the ``Change`` are the same everywhere.

``Ops.run(fn, initiator=None, parent=None)`` (from a dialog that has only the project:
``run_in(dialog, fn)``): a mutation on the UI thread (label key, relabel,
delete, link, note, accept/reject, undo/redo, suggestions, writing an import). ``fn`` makes ONE
Project call (one transaction, one undo step) and returns its result. The Change reaches the views
through the ``Hub`` together with ``initiator`` (the widget that made it, so it can skip its own
echo) (the main window's own subscriber updates undo/redo texts and action enablement; the side views
update on the next pass, see hub.Later); then the ``after`` hooks run. Any error takes the one
error path, ``report_failure``: the message in a box (and the status bar); unexpected errors are
logged with their traceback and shown with details and the log file; ``run`` then returns None.

``run_task(job, parent=..., title=..., on_done=...)`` (or ``Ops.task``): a long task. ``job(progress,
cancel)`` runs in a worker thread. It may read the project and files but never writes the project
and never touches widgets: the writes happen in ``on_done(result)`` on the UI thread, through
``Ops.run``. ``progress(*args)`` reports (``(done, total, text)`` for the built-in dialog, any
object for an ``on_progress`` of your own) and raises ``Cancelled`` once Cancel was pressed;
``cancel`` is the ``threading.Event`` for code that polls it. Progress shows in a window-modal
dialog with Cancel (or the caller's widgets: ``on_progress`` + ``dialog=False``). A task that raises
after Cancel (``Cancelled`` or any other error) counts as cancelled: ``on_cancelled()`` runs and the
dialog is gone. A job that still returns a result after Cancel is cancelled too: ``discard(result)``
cleans up what it made and nothing is written; with ``keep_late_result=True`` the finished work is
delivered to ``on_done`` instead (an export that completed is not a cancelled export).

Adding an op (merge, align, ...) is a few lines in the module that owns the menu entry::

    def merge(window, a, b):
        window.ops.task(lambda progress, cancel: plan_merge(window.project, a, b, progress),
                        title="Merge documents", label="Comparing…",
                        on_done=lambda plan: window.ops.run(lambda: apply_merge(window.project, plan)))
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ..core.errors import AnnotatorError

if TYPE_CHECKING:
    from ..core.project import Project
    from .hub import Hub

log = logging.getLogger("annotator")


class Cancelled(Exception):
    """Raised from a task's progress callback once the user pressed Cancel."""


def is_user_error(error: BaseException) -> bool:
    return isinstance(error, (AnnotatorError, OSError))


def report_failure(parent: QWidget | None, error: BaseException | str, window: Any = None) -> None:
    """The one error path. A damaged project file gets the damage dialog (Restore); a user error
    (AnnotatorError, OSError, a message) is shown as it is; an unexpected one is logged with its traceback
    and shown with the details and the log file. Never raises."""
    from .dialogs.errors import describe, show_error

    window = window if window is not None else (parent if isinstance(getattr(parent, "ops", None), Ops) else None)
    if window is not None and isinstance(error, BaseException):
        from .dialogs.backups import handle_damage

        if handle_damage(window, error):
            return

    message = describe(error)[0]
    status = getattr(parent, "status_message", None)
    if callable(status):
        status(message)
    if isinstance(error, BaseException) and not is_user_error(error):
        from .errors import log_path

        log.error("operation failed", exc_info=(type(error), error, error.__traceback__))
        show_error(parent, error, log_path())
        return
    QMessageBox.warning(parent, "annotator", message)


def run_in(widget: QWidget, fn: Callable[[], Any], *, initiator: Any = None) -> Any:
    """``Ops.run`` of the window holding ``widget`` (a dialog given only the project); without one,
    the same error path. Returns fn's result, or None after an error."""
    holder: Any = widget
    while holder is not None and not isinstance(getattr(holder, "ops", None), Ops):
        holder = holder.parent()
    if holder is not None:
        return holder.ops.run(fn, initiator=initiator, parent=widget)
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - the one error path
        report_failure(widget, e)
        return None


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
        self.progressed.emit(args[0] if len(args) == 1 and not isinstance(args[0], int) else args)

    def run(self) -> None:  # the worker thread: no widget calls here
        try:
            result = self.job(self._progress, self.cancel)
        except BaseException as e:  # noqa: BLE001 - reported on the UI thread, never lost
            self.failed.emit(e)
        else:
            self.succeeded.emit(result)


_alive: set[Task] = set()  # tasks whose thread runs (kept from garbage collection until it ends)


class Task(QObject):
    """A job in a worker thread with progress and Cancel; see the module docstring."""

    def __init__(self, job: Callable, *, parent: QWidget | None = None, title: str = "annotator", label: str = "",
                 total: int = 0, on_done: Callable[[Any], Any] | None = None,
                 on_failed: Callable[[BaseException], Any] | None = None,
                 on_cancelled: Callable[[], Any] | None = None, on_progress: Callable[[Any], Any] | None = None,
                 discard: Callable[[Any], Any] | None = None, dialog: bool = True,
                 modality: Qt.WindowModality = Qt.WindowModality.WindowModal, owner: QObject | None = None,
                 keep_late_result: bool = False):
        super().__init__()
        self.parent_widget = parent
        self.owner = owner  # a QObject whose deletion (a closed window) drops the callbacks
        self.on_done, self.on_failed, self.on_cancelled = on_done, on_failed, on_cancelled
        self.on_progress, self.discard, self.keep_late_result = on_progress, discard, keep_late_result
        self.cancel_event = threading.Event()
        self.outcome: str | None = None  # done | failed | cancelled
        self.result: Any = None
        self.error: BaseException | None = None
        self.dialog: QProgressDialog | None = None
        self._in_progress = False
        if dialog:
            d = QProgressDialog(label or title, "Cancel", 0, total, parent)
            d.setWindowTitle(title)
            d.setWindowModality(modality)
            d.setMinimumDuration(300)
            d.setAutoClose(False)
            d.setAutoReset(False)
            d.canceled.connect(self.cancel)
            self.dialog = d
        self.thread = _Thread(job, self.cancel_event)
        self.thread.progressed.connect(self._progressed)
        self.thread.succeeded.connect(self._succeeded)
        self.thread.failed.connect(self._failed)

    def start(self) -> Task:
        _alive.add(self)
        self.thread.start()
        return self

    @property
    def running(self) -> bool:
        return self.outcome is None and self in _alive

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def cancel(self) -> None:
        """Ask the job to stop; the dialog goes at once, the task ends at the job's next progress call."""
        if self.outcome is None:
            self.cancel_event.set()
            self._close_dialog()

    def wait(self, ms: int = 30000) -> bool:
        return self.thread.wait(ms)

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            # reset() stops the dialog's show-after-minimum-duration timer: left running, it showed the dialog
            # again inside the event loop of the message box that reports the task's end (its deleteLater
            # waits for that loop to return), stuck on top of the message and taking its keys
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None

    def _progressed(self, value: Any) -> None:
        if self.cancelled or self.outcome is not None:
            return
        if self.on_progress is not None:
            self.on_progress(value)
        dialog = self.dialog
        if dialog is not None and isinstance(value, tuple) and value:
            done = int(value[0])
            total = int(value[1]) if len(value) > 1 and value[1] else 0
            if len(value) > 2 and value[2]:
                dialog.setLabelText(f"{value[2]}  ({done}/{total})" if total else str(value[2]))
            if total:
                dialog.setMaximum(total)
                # last: a window-modal QProgressDialog processes events in setValue; an end arriving
                # meanwhile is handled after this call returns (see _later)
                self._in_progress = True
                try:
                    dialog.setValue(min(done, total))
                finally:
                    self._in_progress = False

    def _later(self, handler: Callable, *args: Any) -> bool:
        """Run ``handler`` from the event loop if we are inside the dialog's setValue; True if deferred."""
        if not self._in_progress:
            return False
        QTimer.singleShot(0, lambda: handler(*args))
        return True

    def _end(self, outcome: str) -> None:
        self.outcome = outcome
        self._close_dialog()
        self.thread.wait()
        _alive.discard(self)
        if self.owner is not None and not shiboken6.isValid(self.owner):
            self.on_done = self.on_failed = self.on_cancelled = None  # its window is gone

    def _succeeded(self, result: Any) -> None:
        if self._later(self._succeeded, result):
            return
        if self.cancelled and not self.keep_late_result:
            if self.discard is not None:
                self.discard(result)
            self._cancelled()
            return
        self._end("done")
        self.result = result
        if self.on_done is not None:
            try:
                self.on_done(result)
            except Exception as e:  # noqa: BLE001 - the one error path
                report_failure(self.parent_widget, e)

    def _failed(self, error: BaseException) -> None:
        if self._later(self._failed, error):
            return
        if self.cancelled or isinstance(error, Cancelled):
            self._cancelled()
            return
        self._end("failed")
        self.error = error
        if self.on_failed is not None:
            self.on_failed(error)
        elif self.owner is None or shiboken6.isValid(self.owner):
            report_failure(self.parent_widget, error)

    def _cancelled(self) -> None:
        self._end("cancelled")
        if self.on_cancelled is not None:
            self.on_cancelled()


def run_task(job: Callable, **kwargs: Any) -> Task:
    return Task(job, **kwargs).start()


class Ops:
    """The runner of one main window: ``run`` for mutations, ``task`` for long work."""

    def __init__(self, window: QWidget, project: Project, hub: Hub):
        self.window, self.project, self.hub = window, project, hub
        self.after: list[Callable[[], None]] = []  # run after every op, also a failed one
        self.tasks: list[Task] = []  # long tasks started through this runner (cancelled when the window closes)

    def run(self, fn: Callable[[], Any], *, initiator: Any = None, parent: QWidget | None = None) -> Any:
        try:
            with self.hub.initiated_by(initiator):
                result = fn()
        except Exception as e:  # noqa: BLE001 - AnnotatorError, OSError, sqlite3 errors: one path
            report_failure(parent or self.window, e, self.window)
            result = None
        for hook in list(self.after):
            hook()
        return result

    def task(self, job: Callable, **kwargs: Any) -> Task:
        kwargs.setdefault("parent", self.window)
        task = run_task(job, **kwargs)
        self.tasks = [t for t in self.tasks if t.running] + [task]
        return task

    def shutdown(self, ms: int = 30000) -> None:
        """The window closes: cancel its running tasks and wait for their threads (nothing is written)."""
        for task in self.tasks:
            if task.running:
                task.on_done = task.on_failed = task.on_cancelled = None
                task.cancel()
                task.wait(ms)
        self.tasks = []
