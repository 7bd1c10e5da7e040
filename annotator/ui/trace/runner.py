"""Runs the aligner off the UI thread through the app's op runner (annotator.ui.ops): progress with
Cancel, one error path, the result delivered on the UI thread. ``run_align`` is the only entry point."""

from __future__ import annotations

from ..ops import Task


def run_align(window, options, on_done, on_end=None) -> Task | None:
    """Align ``options`` (TraceOptions): the project is read here, on the UI thread that owns its SQLite
    connection (``prepare``); the ranking runs in an ops Task on that copy alone (``run``). ``on_done(options,
    units)`` on the UI thread unless cancelled; errors go to ``window.show_error`` (bad input: None is returned
    and no thread starts); ``on_end()`` when the task is over, whatever the outcome."""
    from ...core.errors import AnnotatorError
    from .engine import prepare_request, run_request

    try:
        request = prepare_request(window.project, options)
    except AnnotatorError as error:  # AlignError, NotFound: one clear message, nothing started
        window.show_error(error)
        if on_end is not None:
            on_end()
        return None

    def job(progress, cancel):
        return run_request(request, progress=progress, cancelled=cancel.is_set)

    def ended() -> None:
        if on_end is not None:
            on_end()

    def done(units) -> None:
        ended()
        on_done(options, units)

    def cancelled() -> None:
        ended()
        window.status_message("Trace to Source cancelled: nothing changed")

    def failed(error) -> None:
        ended()
        window.show_error(error)

    return window.ops.task(job, title="Trace to Source", label="Tracing the retellings to the source…", total=100,
                           on_done=done, on_cancelled=cancelled, on_failed=failed, discard=lambda _units: None)
