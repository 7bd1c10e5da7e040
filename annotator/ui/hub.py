"""Project changes delivered to the views that show them (glue's Hub with filters, Anki's initiator).

A view subscribes to the kinds of change it shows (``"span"``, ``"link"``, ``"label"``, ``"document"``,
``"link_type"``, ``"model"``, ``"pattern_file"``), optionally with a filter on the Change; its handler
gets ``(change, initiator)``. The initiator is whatever the op runner was given (the view or widget
that made the change), so a view can skip the echo of its own edit. Changes made outside the runner
(undo in a dialog, tests calling the Project) arrive with ``initiator=None``.

Views other than the one the user acts on subscribe with ``later=True``: their deliveries wait for the
next pass of the event loop (``Later``), so a key press paints its document view first and the side
views (inspector, status message) update and paint in a pass of their own. Nothing is dropped: every
change reaches every subscriber, in order. (Action enablement stays immediate: a shortcut pressed before
the next pass must find its action enabled.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from ..core.changes import Change

if TYPE_CHECKING:
    from ..core.project import Project

Handler = Callable[[Change, Any], None]
Filter = Callable[[Change], bool]


@dataclass
class Subscription:
    handler: Handler
    kinds: frozenset[str] | None  # None: every change (status bar, undo texts)
    filter: Filter | None = None
    later: bool = False

    def wants(self, change: Change) -> bool:
        if self.kinds is not None and not any(change.touches(k) for k in self.kinds):
            return False
        return self.filter is None or self.filter(change)


class Later:
    """Jobs run on the next pass of the event loop, after the paint of what the current event changed.

    ``add(key, fn)``: a job under a key replaces the one pending under it (a burst of selections
    refreshes the inspector once, for the last); ``queue(fn)`` always runs; ``cancel(key)`` drops one
    (a newer message said meanwhile), ``clear()`` all (the window closes), ``flush()`` runs them now."""

    def __init__(self, parent: QObject | None = None):
        self.timer = QTimer(parent)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.flush)
        self._jobs: dict[Any, Callable[[], None]] = {}
        self._n = 0

    def add(self, key: Any, fn: Callable[[], None]) -> None:
        self._jobs.pop(key, None)  # re-added at the end: jobs run in the order of their latest request
        self._jobs[key] = fn
        if not self.timer.isActive():
            self.timer.start()

    def cancel(self, key: Any) -> None:
        self._jobs.pop(key, None)

    def queue(self, fn: Callable[[], None]) -> None:
        self._n += 1
        self.add(("queued", self._n), fn)

    def clear(self) -> None:
        """Drop what is pending (the window closes: views need no update, and the project is closing)."""
        self.timer.stop()
        self._jobs.clear()

    def flush(self) -> None:
        self.timer.stop()
        while self._jobs:
            key = next(iter(self._jobs))
            self._jobs.pop(key)()


class Hub:
    def __init__(self, project: Project, later: Later | None = None):
        self.project = project
        self.initiator: Any = None
        self.later = later
        self._subs: list[Subscription] = []
        project.subscribe(self._deliver)

    def subscribe(self, handler: Handler, kinds: Iterable[str] | None = None, *,
                  filter: Filter | None = None, later: bool = False) -> Handler:
        """Deliver the changes touching any of ``kinds`` (and passing ``filter``) to ``handler``; with
        ``later``, on the next pass of the event loop (the filter is asked then too)."""
        self._subs.append(Subscription(handler, frozenset(kinds) if kinds is not None else None, filter,
                                       later and self.later is not None))
        return handler

    def unsubscribe(self, handler: Handler) -> None:
        self._subs = [s for s in self._subs if s.handler != handler]

    def close(self) -> None:
        self.project.unsubscribe(self._deliver)
        self._subs.clear()

    @contextmanager
    def initiated_by(self, initiator: Any) -> Iterator[None]:
        previous, self.initiator = self.initiator, initiator
        try:
            yield
        finally:
            self.initiator = previous

    def _deliver(self, change: Change) -> None:
        initiator = self.initiator
        for sub in list(self._subs):
            if sub.later:
                self.later.queue(lambda sub=sub: self._late(sub, change, initiator))
            elif sub.wants(change):
                sub.handler(change, initiator)

    def _late(self, sub: Subscription, change: Change, initiator: Any) -> None:
        if sub in self._subs and sub.wants(change):  # still subscribed (a closed view is not called)
            sub.handler(change, initiator)
