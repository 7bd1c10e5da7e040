"""What the engine returns: a unit of a retelling (a span or a sentence) with its ranked source candidates."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.errors import AnnotatorError


@dataclass(frozen=True)
class Candidate:
    """A source passage a unit may come from. Offsets are code points into the source document's text."""

    start: int
    end: int
    text: str
    score: float  # 0..1, higher is better
    relation: str  # "quotes", "paraphrases" or "distorts"
    figures: tuple[tuple[str, str], ...] = ()  # changed numbers: (source value, retelling value) as written
    reasons: tuple[str, ...] = ()  # why "distorts" (e.g. "negation dropped"), for the inspector


@dataclass(frozen=True)
class Unit:
    """A retelling span (``span_id``) or, with units="sentences", a sentence (``span_id`` None, ``label`` None)."""

    doc_id: int
    span_id: int | None
    start: int
    end: int
    label: str | None
    candidates: tuple[Candidate, ...]
    text: str = ""  # the unit's own text (the retelling's words)
    source_id: int | None = None  # the source document the candidates are in

    def as_json(self) -> dict:
        """The ``annotator align --json`` record."""
        return {"doc_id": self.doc_id, "span_id": self.span_id, "start": self.start, "end": self.end,
                "label": self.label,
                "candidates": [{"start": c.start, "end": c.end, "text": c.text, "score": round(c.score, 4),
                                "relation": c.relation} for c in self.candidates]}


class AlignError(AnnotatorError):
    """Bad input for tracing (unknown document, source = target, empty source, nothing to trace)."""


class AlignCancelled(AnnotatorError):
    def __init__(self) -> None:
        super().__init__("tracing was cancelled; nothing was changed")
