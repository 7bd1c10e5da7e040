"""align(): for every unit of the target documents, the source passages it most likely comes from."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ...core.errors import NotFound
from .dates import doc_year
from .index import SourceIndex
from .models import AlignCancelled, AlignError, Candidate, Unit
from .order import apply_order
from .passages import sentences
from .rank import rank
from .relation import classify

_WORDS = re.compile(r"\w")
_WORD_RUN = re.compile(r"\w+")
MIN_SENTENCE_WORDS = 3
MIN_SCORE = 0.25  # below this a passage is no candidate at all (nothing in the source says it)
UNITS = ("spans", "sentences")


@dataclass(frozen=True)
class AlignRequest:
    """Everything align() needs, read from the project: ``prepare`` makes it (on the thread that owns the
    project), ``run`` works on it alone (on a worker thread: it never touches the project)."""

    source_id: int
    source_text: str
    lang: str
    work: tuple  # (doc_id, span_id, start, end, label, text) per unit
    top: int
    source_year: int | None = None  # the year each document was written (dates.doc_year), for "this summer"
    doc_years: tuple = ()  # (doc_id, year or None) per target document


def align(project, source_id: int, *, doc_ids: Iterable[int] | None = None, labels: Sequence[str] | None = None,
          units: str = "spans", top: int = 3, progress: Callable[[int, int], object] | None = None,
          cancelled: Callable[[], bool] | None = None) -> list[Unit]:
    """Rank passages of document ``source_id`` for each unit of the target documents (default: every other
    document): their spans (of ``labels``, accepted or suggested) or, with units="sentences", their sentences
    (of 3 words or more). Units come in document order, then by offset; candidates best first, at most ``top``,
    none below MIN_SCORE. ``progress(done, total)`` is called as work is done (each unit counts twice: it is
    ranked alone, then beside its neighbours); ``cancelled()`` is polled between units and raises
    AlignCancelled. Raises AlignError for bad input. Nothing is written to the project.
    Same as ``run(prepare(project, ...), progress=, cancelled=)``."""
    request = prepare(project, source_id, doc_ids=doc_ids, labels=labels, units=units, top=top)
    return run(request, progress=progress, cancelled=cancelled)


def prepare(project, source_id: int, *, doc_ids: Iterable[int] | None = None, labels: Sequence[str] | None = None,
            units: str = "spans", top: int = 3) -> AlignRequest:
    """Check the request (AlignError for bad input) and read what ``run`` needs from the project."""
    targets, work = plan(project, source_id, doc_ids=doc_ids, labels=labels, units=units, top=top)
    source = project.document(source_id)
    years = tuple((d, _year(project.document(d))) for d in targets)
    return AlignRequest(source_id, source.text, source.lang or "en", tuple(work), top, _year(source), years)


def _year(doc) -> int | None:
    return doc_year(doc.text, doc.published or "")


def run(request: AlignRequest, *, progress: Callable[[int, int], object] | None = None,
        cancelled: Callable[[], bool] | None = None) -> list[Unit]:
    """The ranking itself, on a prepared request (no project access: safe on a worker thread)."""
    work, top, text = list(request.work), request.top, request.source_text
    check = cancelled or (lambda: False)
    total = 2 * len(work)
    if progress:
        progress(0, total)
    index = SourceIndex(text, lang=request.lang, cancelled=check)
    if check():
        raise AlignCancelled()
    depth = max(top, 3) + 2
    ranked_by_unit = []
    for n, unit in enumerate(work, 1):
        if check():
            raise AlignCancelled()
        ranked_by_unit.append(rank(index, unit[5], depth))
        if progress and (n % 8 == 0 or n == len(work)):
            progress(n, total)

    def step(n: int) -> None:
        if check():
            raise AlignCancelled()
        if progress and (n % 8 == 0 or n == len(work)):
            progress(len(work) + n, total)

    ranked_by_unit = apply_order(index, work, ranked_by_unit, depth, step=step)
    out: list[Unit] = []
    years = dict(request.doc_years)
    for (doc_id, span_id, start, end, label, unit_text), ranked in zip(work, ranked_by_unit):
        when = (years.get(doc_id), request.source_year)
        cands = tuple(_candidate(text, unit_text, s.start, s.end, s.score, when) for s in ranked[:top]
                      if s.score >= MIN_SCORE)
        out.append(Unit(doc_id, span_id, start, end, label, cands, unit_text, request.source_id))
    return out


def _candidate(source_text: str, retelling: str, start: int, end: int, score: float,
               years: tuple = (None, None)) -> Candidate:
    passage = source_text[start:end]
    j = classify(retelling, passage, retelling_year=years[0], source_year=years[1])
    return Candidate(start, end, passage, round(min(1.0, score), 4), j.relation, tuple(j.figures), tuple(j.reasons))


def candidate_at(project, unit: Unit, start: int, end: int, *, source_id: int | None = None) -> Candidate:
    """A candidate for a passage the analyst picked by hand (e.g. a selection in the source pane): its text,
    the engine's score for it and its relation, ready for ``accept_candidate``."""
    source_id = source_id if source_id is not None else unit.source_id
    if source_id is None:
        raise AlignError("which document is the source? pass source_id")
    source = project.document(source_id)
    if not (0 <= start < end <= len(source.text)):
        raise AlignError(f"passage {start}-{end} is out of range (the source has {len(source.text)} characters)")
    from .rank import query, score_passage

    index = SourceIndex(source.text, lang=source.lang)  # idf over the whole source, as align() scores
    q = query(index, unit.text)
    score = 0.0
    if q is not None:
        score = score_passage(index, q, index.passage(start, end), 0.0).score
    years = (_year(project.document(unit.doc_id)), _year(source))
    return _candidate(source.text, unit.text, start, end, score, years)


def plan(project, source_id: int, *, doc_ids=None, labels=None, units: str = "spans", top: int = 3):
    """Check the request and list the work: (targets, [(doc_id, span_id, start, end, label, text), ...])."""
    if units not in UNITS:
        raise AlignError(f"unknown units {units!r}: use spans or sentences")
    if top < 1:
        raise AlignError(f"--top must be at least 1, not {top}")
    known = {d.id: d for d in project.documents()}
    if source_id not in known:
        raise AlignError(f"no document with id {source_id} in the project (the source)")
    if not _WORDS.search(project.document(source_id).text):
        raise AlignError(f"the source document {source_id} is empty (no words): nothing to trace to")
    if doc_ids is None:
        targets = [d for d in known if d != source_id]
    else:
        targets = list(dict.fromkeys(int(d) for d in doc_ids))
        missing = [d for d in targets if d not in known]
        if missing:
            raise AlignError(f"no document with id {', '.join(map(str, missing))} in the project")
        if source_id in targets:
            raise AlignError(f"document {source_id} is the source; choose other documents to trace")
    if not targets:
        raise AlignError("the project has no other document to trace to the source")
    if labels is not None:
        names = {l.name for l in project.labels()}
        unknown = [l for l in labels if l not in names]
        if unknown:
            raise AlignError(f"unknown label(s): {', '.join(unknown)} (the project has {', '.join(sorted(names))})")
    work = []
    for doc_id in targets:
        try:
            text = project.document(doc_id).text
        except NotFound:  # pragma: no cover - checked above
            raise AlignError(f"no document with id {doc_id} in the project") from None
        if units == "spans":
            for s in project.spans(doc_id, statuses=("accepted", "suggested"), labels=labels):
                work.append((doc_id, s.id, s.start, s.end, s.label, text[s.start:s.end]))
        else:
            for a, b in sentences(text):
                if len(_WORD_RUN.findall(text, a, b)) >= MIN_SENTENCE_WORDS:  # not a dateline or a "*"
                    work.append((doc_id, None, a, b, None, text[a:b]))
    if units == "spans" and not work:
        which = f" with label {', '.join(labels)}" if labels else ""
        raise AlignError(f"no spans{which} in the documents to trace; draw some, or use --units sentences")
    return targets, work
