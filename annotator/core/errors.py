"""Errors a user can be shown. Each carries a one-line, human message."""


class AnnotatorError(Exception):
    """Base class: str(error) is a message fit for a user (no traceback needed)."""


class ProjectError(AnnotatorError):
    """The project file cannot be opened or written (not a project, newer schema, read-only, locked)."""


class NotFound(AnnotatorError):
    pass


class InvalidSpan(AnnotatorError):
    """Offsets out of range, reversed or empty, or an exact duplicate."""


class LabelInUse(AnnotatorError):
    """A label cannot be deleted without saying what happens to its spans."""

    def __init__(self, label: str, count: int):
        super().__init__(
            f"label {label!r} is used by {count} span(s): choose to delete them or reassign them to another label"
        )
        self.label = label
        self.count = count


class TooManyLabels(AnnotatorError):
    """More labels (or link types) than the app can show: refused before anything is written."""

    def __init__(self, what: str, have: int, adding: int, cap: int):
        super().__init__(f"{adding:,} new {what}(s) would make {have + adding:,}; a project holds at most {cap} "
                         f"{what}s (it has {have}), so nothing was changed")
        self.have, self.adding, self.cap = have, adding, cap


class InputError(AnnotatorError):
    """Bad input file. `path` and `line` (1-based, optional) say where."""

    def __init__(self, path, message: str, line: int | None = None):
        where = f"{path}:{line}" if line is not None else f"{path}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.reason = message
