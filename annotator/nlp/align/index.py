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
        # demonyms meet their countries: "russian" -> "russia", "azerbaijani" -> "azerbaijan" (when both occur)
        vocab = set(terms) - {None}
        self.alias = {t: t[:-1] for t in vocab if len(t) >= 6 and t[-1] in "ni" and t[:-1] in vocab}
        terms = [self.alias.get(t, t) if t is not None else None for t in terms]
        self.tok_starts, self.tok_ends, self.tok_terms = starts, ends, terms
        self.terms: list[list[str]] = []
        for p in self.passages:
            i, j = bisect_left(starts, p.start), bisect_right(ends, p.end)
            self.terms.append([t for t in terms[i:j] if t is not None])
        if cancelled is not None and cancelled():
            return
        self.sentence_starts = sorted({p.start for p in self.passages if p.kind == "sentence"})
        # passage indices by start offset, for "the passages between two offsets"
        self.order = sorted(range(len(self.passages)), key=lambda i: self.passages[i].start)
        self.starts = [self.passages[i].start for i in self.order]
        n = max(1, len(self.sentence_starts))
        # document frequency over sentences: how telling a term is (a name or a figure is rare, "said" is not)
        df: Counter[str] = Counter()
        for p, ts in zip(self.passages, self.terms):
            if p.kind == "sentence":
                df.update(set(ts))
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.default_idf = math.log(1 + (n + 0.5) / 0.5)
        self.term_sets = [frozenset(ts) for ts in self.terms]
        idf, default = self.idf, self.default_idf
        self.weights = [sum(idf.get(t, default) for t in ts) for ts in self.term_sets]
        self._bm25 = _bm25(self.terms)
        self._figures: dict[int, list] = {}
        self._folded: dict[int, str] = {}
        self._bigrams: dict[int, set] = {}

    def query_terms(self, ts: list[str]) -> list[str]:
        """A retelling's terms in the index's own spelling (demonyms folded as in the source)."""
        alias = self.alias
        out = []
        for t in ts:
            t = alias.get(t, t)
            if t[-1:] in ("n", "i") and t[:-1] in alias.values():
                t = t[:-1]
            out.append(t)
        return out

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

    def folded(self, i: int) -> str:
        """The passage folded (case, quotes, accents) with its whitespace collapsed."""
        f = self._folded.get(i)
        if f is None:
            f = self._folded[i] = " ".join(fold(self.passage_text(i)).split())
        return f

    def bigrams(self, i: int) -> set:
        b = self._bigrams.get(i)
        if b is None:
            ts = self.terms[i]
            b = self._bigrams[i] = set(zip(ts, ts[1:]))
        return b

    def is_question(self, i: int) -> bool:
        """A question: the passage ends with "?" or its line opens with "- " (an interviewer's turn)."""
        p = self.passages[i]
        if self.text[p.end - 1:p.end] == "?":
            return True
        line = self.text.rfind("\n", 0, p.start) + 1
        return self.text.startswith(("- ", "– ", "— "), line)

    def idf_of(self, term: str) -> float:
        return self.idf.get(term, self.default_idf)


def _bm25(corpus: list[list[str]]):
    import bm25s

    retriever = bm25s.BM25(k1=1.2, b=0.75)
    retriever.index([ts or [""] for ts in corpus], show_progress=False)
    return retriever
