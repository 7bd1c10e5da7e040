"""Background work and mutations for the team windows, through the app's op runner (annotator.ui.ops).

``run_task`` is ``annotator.ui.ops.run_task``: ``job(progress, cancel)`` runs in a worker thread and must
not write the project or touch widgets; ``progress(done, total, text)`` raises ``Cancelled`` after Cancel.
``mutate(window, fn)`` runs one project mutation through the window's ``ops``; ``subscribe`` listens on its hub.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..ops import Cancelled, Task, run_task

__all__ = ["Cancelled", "Task", "run_task", "mutate", "subscribe"]


def mutate(window, fn: Callable[[], Any], parent=None) -> Any:
    """One project mutation (one undo step) with the window's error path; the result, or None on error."""
    return window.ops.run(fn, parent=parent)


def subscribe(window, handler: Callable[[Any], None]) -> Callable[[], None]:
    """Call ``handler(change)`` on every project change; returns the function that unsubscribes."""
    hub = window.hub

    def wrapped(change, _initiator=None):
        handler(change)

    hub.subscribe(wrapped)
    return lambda: hub.unsubscribe(wrapped)
