"""Span candidates for spancat: span_finder's proposals plus two cheap rule-based sets, so that
labels whose boundaries span_finder learns poorly from few examples still get candidates.

- clause candidates: every token run from a clause start (sentence or line start, after
  punctuation, or after a cue word such as "that", "since", "but") to a clause end (before
  punctuation or a cue word), up to ``clause_max`` tokens, never across a sentence end or a line break: the shape of most claims (8-40 tokens);
- short n-grams: 1..``ngram_max`` tokens that neither start nor end on punctuation or
  whitespace: the shape of most framing phrases ("warmly", "an historic event");
- span_finder's spans (``doc.spans[spans_key]``): quotes and anything else it learned.

Everything is computed on token arrays with numpy (no per-token Python loop): scoring candidates
is most of the model's suggestion time, so n-grams are kept only where span_finder's token
scores make a span edge plausible (``ngram_floor``; ``install(nlp)`` keeps those scores on the docs).

Registered in spaCy's ``misc`` registry as ``annotator.span_candidates.v1`` by ``register()``,
which the config builder and the model loader call (this module does not import spaCy itself).
"""

from __future__ import annotations

from functools import partial

import numpy

SUGGESTER = "annotator.span_candidates.v1"
FINDER_SCORES = "annotator.finder_scores"  # doc.user_data key: span_finder's (n_tokens, 2) start/end scores
# When suggesting, an n-gram is a candidate only if span_finder gives its first token >= this as a
# start or its last token >= this as an end: most n-grams score ~0 on both and scoring every one
# of them was 3/4 of the suggestion time (the default also applies to models whose config predates it).
NGRAM_FLOOR = 0.05

BOUNDARY_PUNCT = frozenset(",;:.!?()[]{}\"“”‘’«»„‚‹›「」『』—–-…/")
SENTENCE_END = frozenset(".!?…")
CUE_WORDS = frozenset("that since because but while which when after as and whereas though although if "
                      "said says so".split())

_EMPTY = numpy.zeros((0, 2), dtype=numpy.int64)


_id_cache: dict[frozenset, numpy.ndarray] = {}


def _ids(words: frozenset) -> numpy.ndarray:
    """spaCy's string hashes of ``words`` (the same in every StringStore)."""
    ids = _id_cache.get(words)
    if ids is None:
        from spacy.strings import get_string_id

        ids = _id_cache[words] = numpy.asarray(sorted(get_string_id(w) for w in words), dtype=numpy.uint64)
    return ids


def token_flags(doc):
    """``(skip, cue, stop)`` boolean arrays over the tokens: skip = whitespace/punctuation (never a
    candidate's edge), cue = a cue word (clauses start after and end before it), stop = a sentence
    end or a token holding a line break (never crossed)."""
    return batch_flags([doc])[0]


def batch_flags(docs) -> list:
    """``token_flags`` for several docs, computed on their tokens at once."""
    from spacy.attrs import IS_PUNCT, IS_SPACE, LOWER, ORTH

    docs = list(docs)
    arrays = [doc.to_array([ORTH, LOWER, IS_PUNCT, IS_SPACE]).reshape(-1, 4) for doc in docs]
    if not docs:
        return []
    arr = numpy.concatenate(arrays)
    orth, lower = arr[:, 0], arr[:, 1]
    strings = docs[0].vocab.strings
    space = arr[:, 3].astype(bool)
    skip = space | arr[:, 2].astype(bool) | numpy.isin(orth, _ids(BOUNDARY_PUNCT))
    cue = numpy.isin(lower, _ids(CUE_WORDS))
    stop = numpy.isin(orth, _ids(SENTENCE_END))
    if space.any():
        kinds = numpy.unique(orth[space])
        lines = [k for k in kinds.tolist() if "\n" in strings[k]]
        if lines:
            stop |= numpy.isin(orth, numpy.asarray(lines, dtype=numpy.uint64))
    cuts = numpy.cumsum([len(a) for a in arrays])[:-1]
    return list(zip(numpy.split(skip, cuts), numpy.split(cue, cuts), numpy.split(stop, cuts)))


def _ranges(lo: numpy.ndarray, hi: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """For each i, every j in [lo[i], hi[i]): returns (i repeated, j)."""
    counts = numpy.maximum(hi - lo, 0)
    total = int(counts.sum())
    rows = numpy.repeat(numpy.arange(len(lo)), counts)
    firsts = numpy.cumsum(counts) - counts
    cols = numpy.arange(total) - numpy.repeat(firsts, counts) + numpy.repeat(lo, counts)
    return rows, cols


def clause_array(skip, cue, stop, clause_max: int = 60) -> numpy.ndarray:
    """(k, 2) array of clause candidates (start, end), see the module docstring."""
    n = len(skip)
    if n == 0:
        return _EMPTY
    ok = ~skip
    before = numpy.concatenate(([True], skip[:-1] | cue[:-1]))  # token i-1 ends a clause
    after = numpy.concatenate((skip[1:] | cue[1:], [True]))  # token i+1 starts a new one
    starts = numpy.flatnonzero(ok & before)
    ends = numpy.flatnonzero(ok & after) + 1
    stops = numpy.flatnonzero(stop)
    k = numpy.searchsorted(stops, starts, side="right")
    next_stop = numpy.append(stops, n)[k]
    limit = numpy.minimum(starts + clause_max, next_stop)
    rows, cols = _ranges(numpy.searchsorted(ends, starts, side="right"), numpy.searchsorted(ends, limit, side="right"))
    return numpy.stack((starts[rows], ends[cols]), axis=1).astype(numpy.int64)


def ngram_array(skip, ngram_max: int, finder_scores=None, floor: float = 0.0) -> numpy.ndarray:
    """(k, 2) array of n-grams of 1..ngram_max tokens not edged by whitespace/punctuation; with
    span_finder's token scores and ``floor`` > 0, only those whose first token scores >= floor
    as a start or whose last token scores >= floor as an end."""
    n = len(skip)
    if n == 0 or ngram_max < 1:
        return _EMPTY
    good_start = good_end = ~numpy.asarray(skip, dtype=bool)
    if finder_scores is not None and floor > 0 and len(finder_scores) == n:
        likely_start = finder_scores[:, 0] >= floor
        likely_end = finder_scores[:, 1] >= floor
    else:
        likely_start = likely_end = None
    parts = []
    for size in range(1, min(ngram_max, n) + 1):
        s = numpy.arange(n - size + 1)
        keep = good_start[s] & good_end[s + size - 1]
        if likely_start is not None:
            keep &= likely_start[s] | likely_end[s + size - 1]
        s = s[keep]
        parts.append(numpy.stack((s, s + size), axis=1))
    return numpy.concatenate(parts).astype(numpy.int64)


def candidate_array(doc, spans_key: str = "candidates", ngram_max: int = 6, clause_max: int = 60,
                    ngram_floor: float = 0.0, flags=None) -> numpy.ndarray:
    """Sorted, unique (k, 2) array of (start, end) token candidates for one doc."""
    n = len(doc)
    if n == 0:
        return _EMPTY
    skip, cue, stop = token_flags(doc) if flags is None else flags
    parts = [clause_array(skip, cue, stop, clause_max),
             ngram_array(skip, ngram_max, doc.user_data.get(FINDER_SCORES), ngram_floor)]
    if spans_key and spans_key in doc.spans:
        group = doc.spans[spans_key]
        if len(group):
            parts.append(numpy.asarray([(s.start, s.end) for s in group], dtype=numpy.int64))
    both = numpy.concatenate(parts)
    keys = numpy.unique(both[:, 0] * (n + 1) + both[:, 1])
    return numpy.stack((keys // (n + 1), keys % (n + 1)), axis=1)


def doc_candidates(doc, spans_key: str = "candidates", ngram_max: int = 6, clause_max: int = 60) -> list:
    """``candidate_array`` as a sorted list of (start, end) tuples (all n-grams: no finder floor)."""
    return list(map(tuple, candidate_array(doc, spans_key, ngram_max, clause_max).tolist()))


def span_candidates(docs, *, spans_key: str, ngram_max: int, clause_max: int, ngram_floor: float = NGRAM_FLOOR, ops=None):
    from thinc.api import get_current_ops
    from thinc.types import Ragged

    ops = ops or get_current_ops()
    docs = list(docs)
    arrays = [candidate_array(doc, spans_key, ngram_max, clause_max, ngram_floor, flags)
              for doc, flags in zip(docs, batch_flags(docs))]
    lengths = [len(a) for a in arrays]
    if sum(lengths):
        data = ops.asarray(numpy.concatenate(arrays).astype("i"), dtype="i")
    else:
        data = ops.xp.zeros((0, 0), dtype="i")
    return Ragged(data, ops.asarray1i(lengths))


def build_span_candidates(spans_key: str = "candidates", ngram_max: int = 6, clause_max: int = 60,
                          ngram_floor: float = NGRAM_FLOOR):
    return partial(span_candidates, spans_key=spans_key, ngram_max=ngram_max, clause_max=clause_max,
                   ngram_floor=ngram_floor)


def register() -> None:
    """Make the suggester known to spaCy (call before building or loading a model; imports spaCy)."""
    from spacy.util import registry

    if SUGGESTER not in registry.misc:
        registry.misc.register(SUGGESTER, func=build_span_candidates)


def install(nlp) -> None:
    """Make span_finder keep its token scores on each doc (for ``ngram_floor``) and set its spans
    with numpy instead of its per-token Python loop (same spans, same order)."""
    if "span_finder" not in nlp.pipe_names:
        return
    finder = nlp.get_pipe("span_finder")
    if getattr(finder, "_annotator_installed", False):
        return

    def set_annotations(docs, scores) -> None:
        scores = finder.model.ops.to_numpy(scores)
        cfg = finder.cfg
        lo, hi = cfg.get("min_length") or 1, cfg.get("max_length")
        offset = 0
        for doc in docs:
            doc_scores = scores[offset: offset + len(doc)]
            offset += len(doc)
            doc.user_data[FINDER_SCORES] = doc_scores
            starts = numpy.flatnonzero(doc_scores[:, 0] >= cfg["threshold"]) if len(doc) else _EMPTY[:, 0]
            ends = numpy.flatnonzero(doc_scores[:, 1] >= cfg["threshold"]) + 1 if len(doc) else _EMPTY[:, 0]
            length = ends[None, :] - starts[:, None]
            ok = length >= lo
            if hi is not None:
                ok &= length <= hi
            rows, cols = numpy.nonzero(ok)
            doc.spans[cfg["spans_key"]] = [doc[s:e] for s, e in zip(starts[rows].tolist(), ends[cols].tolist())]

    finder.set_annotations = set_annotations
    finder._annotator_installed = True
