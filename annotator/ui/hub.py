"""Project changes delivered to the views that show them (glue's Hub with filters, Anki's initiator).

A view subscribes to the kinds of change it shows (``"span"``, ``"link"``, ``"label"``, ``"document"``,
``"link_type"``, ``"model"``, ``"pattern_file"``), optionally with a filter on the Change; its handler
gets ``(change, initiator)``. The initiator is whatever the op runner was given (the view or widget
that made the change), so a view can skip the echo of its own edit. Changes made outside the runner
(undo in a dialog, tests calling the Project) arrive with ``initiator=None``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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

    def wants(self, change: Change) -> bool:
        if self.kinds is not None and not any(change.touches(k) for k in self.kinds):
            return False
        return self.filter is None or self.filter(change)


class Hub:
    def __init__(self, project: Project):
        self.project = project
        self.initiator: Any = None
        self._subs: list[Subscription] = []
        project.subscribe(self._deliver)

    def subscribe(self, handler: Handler, kinds: Iterable[str] | None = None, *,
                  filter: Filter | None = None) -> Handler:
        """Deliver the changes touching any of ``kinds`` (and passing ``filter``) to ``handler``."""
        self._subs.append(Subscription(handler, frozenset(kinds) if kinds is not None else None, filter))
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
            if sub.wants(change):
                sub.handler(change, initiator)
