"""Span candidates for spancat: span_finder's proposals plus two cheap rule-based sets, so that
labels whose boundaries span_finder learns poorly from few examples still get candidates.

- clause candidates: every token run from a clause start (sentence or line start, after
  punctuation, or after a cue word such as "that", "since", "but") to a clause end (before
  punctuation or a cue word), up to ``clause_max`` tokens, never across a sentence end or a line break: the shape of most claims (8-40 tokens);
- short n-grams: 1..``ngram_max`` tokens that neither start nor end on punctuation or
  whitespace: the shape of most framing phrases ("warmly", "an historic event");
- span_finder's spans (``doc.spans[spans_key]``): quotes and anything else it learned.

Registered in spaCy's ``misc`` registry as ``annotator.span_candidates.v1`` by ``register()``,
which the config builder and the model loader call (this module does not import spaCy itself).
"""

from __future__ import annotations

from bisect import bisect_right
from functools import partial

import numpy

SUGGESTER = "annotator.span_candidates.v1"

BOUNDARY_PUNCT = frozenset(",;:.!?()[]{}\"“”‘’«»„‚‹›「」『』—–-…/")
SENTENCE_END = frozenset(".!?…")
CUE_WORDS = frozenset("that since because but while which when after as and whereas though although if "
                      "said says so".split())


def _breaks(doc):
    """Per token: is it whitespace/punctuation (never a candidate's edge)?"""
    return [t.is_space or t.text in BOUNDARY_PUNCT or t.is_punct for t in doc]


def clause_spans(doc, clause_max: int = 60, skip=None) -> set[tuple[int, int]]:
    skip = _breaks(doc) if skip is None else skip
    n = len(doc)
    starts, ends, stops = [], [], []  # stops: sentence ends and line breaks, never crossed
    for i in range(n):
        if doc[i].text in SENTENCE_END or "\n" in doc[i].text:
            stops.append(i)
        if skip[i]:
            continue
        if i == 0 or skip[i - 1] or doc[i - 1].lower_ in CUE_WORDS:
            starts.append(i)
        if i + 1 == n or skip[i + 1] or doc[i + 1].lower_ in CUE_WORDS:
            ends.append(i + 1)
    out = set()
    for s in starts:
        k = bisect_right(stops, s)
        limit = min(s + clause_max, stops[k] if k < len(stops) else n)
        j = bisect_right(ends, s)
        while j < len(ends) and ends[j] <= limit:
            out.add((s, ends[j]))
            j += 1
    return out


def ngram_spans(n: int, ngram_max: int, skip) -> set[tuple[int, int]]:
    if n == 0 or ngram_max < 1:
        return set()
    good = ~numpy.asarray(skip, dtype=bool)
    idx = numpy.arange(n)
    out = set()
    for size in range(1, min(ngram_max, n) + 1):
        s = idx[: n - size + 1]
        ok = good[s] & good[s + size - 1]
        out.update(zip(s[ok].tolist(), (s[ok] + size).tolist()))
    return out


def doc_candidates(doc, spans_key: str = "candidates", ngram_max: int = 6, clause_max: int = 60) -> list:
    skip = _breaks(doc)
    spans = clause_spans(doc, clause_max, skip) | ngram_spans(len(doc), ngram_max, skip)
    if spans_key in doc.spans:
        spans.update((s.start, s.end) for s in doc.spans[spans_key])
    return sorted(spans)


def span_candidates(docs, *, spans_key: str, ngram_max: int, clause_max: int, ops=None):
    from thinc.api import get_current_ops
    from thinc.types import Ragged

    ops = ops or get_current_ops()
    rows, lengths = [], []
    for doc in docs:
        spans = doc_candidates(doc, spans_key, ngram_max, clause_max)
        rows.extend(spans)
        lengths.append(len(spans))
    data = ops.asarray(rows, dtype="i") if rows else ops.xp.zeros((0, 0), dtype="i")
    return Ragged(data, ops.asarray1i(lengths))


def build_span_candidates(spans_key: str = "candidates", ngram_max: int = 6, clause_max: int = 60):
    return partial(span_candidates, spans_key=spans_key, ngram_max=ngram_max, clause_max=clause_max)


def register() -> None:
    """Make the suggester known to spaCy (call before building or loading a model; imports spaCy)."""
    from spacy.util import registry

    if SUGGESTER not in registry.misc:
        registry.misc.register(SUGGESTER, func=build_span_candidates)
