"""Annotator names: who made each span and link (one layer per annotator, plus ``adjudicated``)."""

from __future__ import annotations

import getpass

from .errors import AnnotatorError

SETTING = "annotator"  # the project's annotator name, in the settings table
ADJUDICATED = "adjudicated"  # the settled layer filled by adjudication
MAX_LENGTH = 64


def default_annotator() -> str:
    """The OS login name (what a new project's annotator is called unless told otherwise)."""
    try:
        name = getpass.getuser()
    except Exception:  # no login name (containers, odd Windows setups)
        name = ""
    name = (name or "").strip().replace(",", " ")[:MAX_LENGTH]
    return name or "annotator"


def check_annotator_name(name: str, *, allow_adjudicated: bool = False) -> str:
    """The name, stripped, or AnnotatorError with a one-line reason."""
    name = (name or "").strip()
    if not name:
        raise AnnotatorError("an annotator name cannot be empty")
    if len(name) > MAX_LENGTH:
        raise AnnotatorError(f"an annotator name has at most {MAX_LENGTH} characters")
    if "," in name or any(ord(c) < 32 for c in name):
        raise AnnotatorError(f"annotator name {name!r}: no commas or control characters")
    if name == ADJUDICATED and not allow_adjudicated:
        raise AnnotatorError(f"{ADJUDICATED!r} is the name of the adjudicated layer; choose another name")
    return name


def parse_annotators(value: str | None) -> list[str] | None:
    """``A,B,C`` (a command-line list) -> names, or None for "all"."""
    if not value:
        return None
    names = list(dict.fromkeys(x.strip() for x in value.split(",") if x.strip()))
    return names or None


class LayerView:
    """A project seen through one annotator's layer: ``spans()`` returns only that annotator's spans;
    everything else (documents, labels, links, models, writes) is the project's. Exports and training take
    it in place of the project (``annotator export/train --annotator NAME``)."""

    def __init__(self, project, annotator: str):
        self._project = project
        self.layer = annotator

    def spans(self, doc_id=None, statuses=None, labels=None):
        return [s for s in self._project.spans(doc_id, statuses, labels) if s.author == self.layer]

    def doc_span_counts(self, statuses=None, label_ids=None, author=None):
        """Spans per document in this layer (exports leave out documents without any)."""
        return self._project.doc_span_counts(statuses, label_ids, author=self.layer)

    @property
    def backend(self):
        return _LayerBackend(self._project.backend, self.layer)

    def __getattr__(self, name):
        return getattr(self._project, name)


class _LayerBackend:
    """The project's backend, with the per-document span counts (which exports use to leave out documents
    without spans) limited to one layer."""

    def __init__(self, backend, annotator: str):
        self._backend = backend
        self._layer = annotator

    def doc_span_counts(self, statuses, label_ids):
        return self._backend.doc_span_counts(statuses, label_ids, author=self._layer)

    def __getattr__(self, name):
        return getattr(self._backend, name)


def layer(project, annotator: str | None):
    """``project`` itself for None, else a LayerView; AnnotatorError if no span has that annotator."""
    if not annotator:
        return project
    counts = annotator_counts(project)
    if annotator not in counts:
        have = ", ".join(f"{a} ({n})" for a, n in sorted(counts.items())) or "none"
        raise AnnotatorError(f"no spans by annotator {annotator!r} in {project.path} (annotators: {have})")
    return LayerView(project, annotator)


def annotator_counts(project, statuses=None) -> dict[str, int]:
    """Spans per annotator (all statuses by default): what a layers list shows."""
    counts: dict[str, int] = {}
    for s in project.span_tuples(statuses):
        counts[s[5]] = counts.get(s[5], 0) + 1
    return counts
