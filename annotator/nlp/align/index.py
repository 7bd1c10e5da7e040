"""The source side: its passages, their index terms and a BM25 index over them (bm25s), built once per source.

The source is tokenized once (words with offsets); a passage's terms are a slice of that token stream, so
sentences, clauses and windows cost no second pass.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter

from .passages import Passage, passages
from .text import STOPWORDS, WORD, figures, fold, stem


class SourceIndex:
    def __init__(self, text: str, *, cancelled=None):
        self.text = text
        self.passages: list[Passage] = passages(text)
        starts, ends, terms = [], [], []
        for m in WORD.finditer(text):
            w = fold(m.group(0))
            if w.endswith("'s"):
                w = w[:-2]
            starts.append(m.start())
            ends.append(m.end())
            terms.append(None if w in STOPWORDS else stem(w))
        self.tok_starts, self.tok_ends, self.tok_terms = starts, ends, terms
        self.terms: list[list[str]] = []
        for p in self.passages:
            i, j = bisect_left(starts, p.start), bisect_right(ends, p.end)
            self.terms.append([t for t in terms[i:j] if t is not None])
        if cancelled is not None and cancelled():
            return
        self.sentence_starts = sorted({p.start for p in self.passages if p.kind == "sentence"})
        n = max(1, len(self.sentence_starts))
        # document frequency over sentences: how telling a term is (a name or a figure is rare, "said" is not)
        df: Counter[str] = Counter()
        for p, ts in zip(self.passages, self.terms):
            if p.kind == "sentence":
                df.update(set(ts))
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.default_idf = math.log(1 + (n + 0.5) / 0.5)
        self.term_sets = [frozenset(ts) for ts in self.terms]
        self._bm25 = _bm25(self.terms)
        self._figures: dict[int, list] = {}

    def bm25(self, query_terms: list[str]):
        """BM25 scores of every passage for these terms (a numpy array), or None when no term is known."""
        known = [t for t in query_terms if t in self._bm25.vocab_dict]
        if not known:
            return None
        return self._bm25.get_scores(known)

    def passage_text(self, i: int) -> str:
        p = self.passages[i]
        return self.text[p.start:p.end]

    def figures(self, i: int):
        if i not in self._figures:
            self._figures[i] = figures(self.passage_text(i))
        return self._figures[i]

    def idf_of(self, term: str) -> float:
        return self.idf.get(term, self.default_idf)


def _bm25(corpus: list[list[str]]):
    import bm25s

    retriever = bm25s.BM25(k1=1.2, b=0.75)
    retriever.index([ts or [""] for ts in corpus], show_progress=False)
    return retriever
