"""Trace retelling spans (or sentences) to the source passages they come from.

    units = align(project, source_id, doc_ids=None, labels=None, units="spans", top=3,
                  progress=None, cancelled=None)          # -> list[Unit], each with ranked Candidates
    request = prepare(project, source_id, ...); units = run(request, progress=, cancelled=)
                                                          # the same in two steps: prepare reads the project
                                                          # (UI thread), run never touches it (worker thread)
    add_links(project, units)                             # top candidates as suggested links, one undo step
    accept_candidate(project, unit, candidate, relation=None)  # the analyst's decision, one undo step
    reject_unit(project, unit)                            # the analyst's X: no suggestion for this unit, one undo step
    candidate_at(project, unit, start, end)               # a passage picked by hand, scored and judged
    word_diff(retelling, source)                          # (in .diff) ops for the inspector and the HTML

Lexical retrieval (bm25s) over sentences, clauses and 2-3-sentence windows of the source, re-scored with
rapidfuzz and idf-weighted term coverage (names and figures weigh most), the retelling's order as a
tie-breaker; each candidate's relation (quotes / paraphrases / distorts) from ``relation.classify``.
bm25s, rapidfuzz and PyStemmer are imported on first use, so importing this package stays cheap.
"""

from .engine import UNITS, AlignRequest, align, candidate_at, plan, prepare, run
from .links import accept_candidate, add_links, reject_unit
from .models import AlignCancelled, AlignError, Candidate, Unit
from .relation import DISTORTS, PARAPHRASES, QUOTES, RELATIONS, classify

__all__ = ["align", "prepare", "run", "AlignRequest", "plan", "candidate_at", "add_links", "accept_candidate", "reject_unit", "Candidate", "Unit",
           "AlignError", "AlignCancelled", "classify", "RELATIONS", "QUOTES", "PARAPHRASES", "DISTORTS", "UNITS"]
