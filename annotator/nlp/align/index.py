"""The source side: its sentences in a BM25 index (bm25s), and passages (sentences, clauses, windows of 2-3
sentences of one line) made on demand around the sentences a retelling unit retrieves.

Words are folded and stemmed once per distinct word (a cache); only the passages around retrieved sentences are
ever built.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter

from .passages import Passage, _lines, clauses, sentences
from .text import _QUOTES as _FOLD
from .text import WORD, figures, fold, stem, stopwords

MAX_WINDOW = 3
_FOLD_PAIRS = [(chr(k), v) for k, v in _FOLD.items()]
_MISSING = object()


class SourceIndex:
    def __init__(self, text: str, *, lang: str = "en", cancelled=None):
        self.text = text
        self.lang = lang or "en"
        self._stop = stopwords(self.lang)
        self.sents = sentences(text)
        base = text
        for mark, plain in _FOLD_PAIRS:  # str.replace per mark: ~20x faster than translate() on a long text
            if mark in base:
                base = base.replace(mark, plain)
        base = base.lower()
        # a rare character whose lower case is longer would shift offsets: then match on the text itself
        self.base = base if len(base) == len(text) else text
        self._cache: dict[str, str | None] = {}
        sent_terms = [self._terms(a, b) for a, b in self.sents]
        if cancelled is not None and cancelled():
            return
        # demonyms meet their countries: "russian" -> "russia", "azerbaijani" -> "azerbaijan" (when both occur)
        vocab = {t for t in self._cache.values() if t is not None}
        self.alias = {t: t[:-1] for t in vocab if len(t) >= 6 and t[-1] in "ni" and t[:-1] in vocab}
        if self.alias:
            for w, t in self._cache.items():
                if t in self.alias:
                    self._cache[w] = self.alias[t]
            sent_terms = [[self.alias.get(t, t) for t in ts] for ts in sent_terms]
        self.vocab = {self.alias.get(t, t) for t in vocab}
        self.line_of = _lines(text, self.sents)
        if self.lang.lower().startswith("en"):
            _answers_take_their_question(self.base, self.sents, sent_terms)
        n = max(1, len(self.sents))
        df: Counter[str] = Counter()
        for ts in sent_terms:
            df.update(set(ts))
        # how telling a term is (a name or a figure is rare, "said" is not), over sentences
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self.default_idf = math.log(1 + (n + 0.5) / 0.5)
        self._bm25 = _bm25(sent_terms) if sent_terms else None
        self.sent_terms = sent_terms
        self.passages: list[Passage] = []
        self.term_sets: list[frozenset] = []
        self.terms: list[list[str]] = []
        self.weights: list[float] = []
        self._by_range: dict[tuple[int, int], int] = {}
        self._around: dict[int, list[int]] = {}
        self._figures: dict[int, list] = {}
        self._folded: dict[int, str] = {}
        self._bigrams: dict[int, set] = {}
        self._sent_bigrams: dict[int, set] = {}
        self._sent_figures: dict[int, list] = {}
        self._expansions: dict[str, list[str]] = {}
        self._phrases: dict[str, Counter] | None = None
        self.queries: dict[str, object] = {}  # retelling text -> rank.Query, for the order pass
        self.sent_starts = [a for a, _ in self.sents]

    # -- terms --------------------------------------------------------------------
    def _terms(self, a: int, b: int) -> list[str]:
        """Index terms of text[a:b]: stemmed content words, each distinct word folded and stemmed once."""
        cache = self._cache
        out = []
        for w in WORD.findall(self.base, a, b):
            t = cache.get(w, _MISSING)
            if t is _MISSING:
                f = w if w.isascii() and self.base is not self.text else fold(w)
                if f.endswith("'s"):
                    f = f[:-2]
                t = cache[w] = None if f in self._stop else stem(f, self.lang)
            if t is not None:
                out.append(t)
        return out

    def query_terms(self, ts: list[str]) -> list[str]:
        """A retelling's terms in the index's own spelling: demonyms and countries meet ("russian" finds "russia"
        and the other way round) when the source has only one of them."""
        alias, vocab = self.alias, self.vocab
        out = []
        for t in ts:
            t = alias.get(t, t)
            if t not in vocab and len(t) >= 5:
                if t[-1] in "ni" and t[:-1] in vocab:
                    t = t[:-1]
                elif t + "n" in vocab:
                    t += "n"
                elif t + "i" in vocab:
                    t += "i"
            out.append(t)
        return out

    def expand(self, acronym: str) -> list[str]:
        """Terms of the phrase an acronym the source never writes stands for, found in the source by its
        initials ("NGOs" -> non-governmental organizations, "CSTO" -> Collective Security Treaty Organization):
        runs of capitalised words (of/and/for/the/on may sit between) or of hyphenated words, the most frequent
        such phrase; [] when the source writes the acronym itself or has no such phrase. The source's phrases
        are listed once, on the first acronym asked for."""
        key = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
        key = key.lower()
        got = self._expansions.get(key)
        if got is not None:
            return got
        got = []
        if 2 <= len(key) <= 6 and key.isalpha():
            if self._phrases is None:
                self._phrases = _initials(self.text)
            found = self._phrases.get(key)
            if found:
                got = [t for t in self._terms_of(found.most_common(1)[0][0]) if t != key]
        self._expansions[key] = got
        return got

    def writes(self, word: str) -> bool:
        """Whether the source has this word (lower case) as written."""
        return word in self._cache

    def _terms_of(self, phrase: str) -> list[str]:
        out = []
        for w in WORD.findall(phrase.replace("-", " ")):
            t = self._cache.get(w)
            if t is None and w not in self._cache:
                f = fold(w)
                t = None if f in self._stop else stem(f, self.lang)
            if t is not None:
                out.append(self.alias.get(t, t))
        return out

    def idf_of(self, term: str) -> float:
        return self.idf.get(term, self.default_idf)

    def bm25(self, query_terms: list[str]):
        """BM25 scores of every sentence for these terms (a numpy array), or None when no term is known."""
        if self._bm25 is None:
            return None
        known = [t for t in query_terms if t in self._bm25.vocab_dict]
        if not known:
            return None
        return self._bm25.get_scores(known)

    # -- passages, made on demand ---------------------------------------------------
    def _passage(self, a: int, b: int, kind: str, sentence: int, ts: list[str] | None = None) -> int:
        key = (a, b)
        i = self._by_range.get(key)
        if i is None:
            i = self._by_range[key] = len(self.passages)
            if ts is None:
                ts = self._terms(a, b)
            self.passages.append(Passage(a, b, kind, sentence))
            self.terms.append(ts)
            s = frozenset(ts)
            self.term_sets.append(s)
            idf, d = self.idf, self.default_idf
            self.weights.append(sum([idf.get(t, d) for t in s]))
        return i

    def passage(self, start: int, end: int) -> int:
        """The passage index of any range (e.g. one the analyst selected)."""
        k = max(0, bisect_right(self.sent_starts, start) - 1)
        return self._passage(start, end, "selection", k)

    def around(self, k: int) -> list[int]:
        """Passages made from sentence ``k``: itself, its clauses, and windows of 2-3 sentences of its line
        that contain it."""
        got = self._around.get(k)
        if got is not None:
            return got
        a, b = self.sents[k]
        out = [self._passage(a, b, "sentence", k, self.sent_terms[k])]
        out += [self._passage(x, y, "clause", k) for x, y in clauses(self.text, a, b)]
        line = self.line_of[k]
        for size in range(2, MAX_WINDOW + 1):
            for first in range(k - size + 1, k + 1):
                last = first + size - 1
                if first >= 0 and last < len(self.sents) and self.line_of[first] == line == self.line_of[last]:
                    ts = [t for j in range(first, last + 1) for t in self.sent_terms[j]]
                    out.append(self._passage(self.sents[first][0], self.sents[last][1], "window", first, ts))
        self._around[k] = out
        return out

    def sentences_between(self, lo: int, hi: int) -> range:
        """Indices of the sentences starting in [lo, hi]."""
        return range(bisect_left(self.sent_starts, lo), bisect_right(self.sent_starts, hi))

    def passage_text(self, i: int) -> str:
        p = self.passages[i]
        return self.text[p.start:p.end]

    def figures(self, i: int):
        """Figures of a passage (their values are what counts); a window's are its sentences' (made once)."""
        got = self._figures.get(i)
        if got is None:
            p = self.passages[i]
            if p.kind == "window":
                got = []
                k = p.sentence
                while k < len(self.sents) and self.sents[k][1] <= p.end:
                    got += self._sentence_figures(k)
                    k += 1
            elif p.kind == "sentence":
                got = self._sentence_figures(p.sentence)
            else:
                got = figures(self.passage_text(i))
            self._figures[i] = got
        return got

    def _sentence_figures(self, k: int) -> list:
        got = self._sent_figures.get(k)
        if got is None:
            a, b = self.sents[k]
            got = self._sent_figures[k] = figures(self.text[a:b])
        return got

    def folded(self, i: int) -> str:
        """The passage folded (case, quotes, accents) with its whitespace collapsed."""
        f = self._folded.get(i)
        if f is None:
            p = self.passages[i]
            piece = self.base[p.start:p.end] if self.base is not self.text else self.passage_text(i)
            f = self._folded[i] = " ".join((piece if piece.isascii() else fold(piece)).split())
        return f

    def bigrams(self, i: int) -> set:
        """Term bigrams of a passage; a window's are its sentences' (made once per sentence) and the pairs
        across their boundaries."""
        b = self._bigrams.get(i)
        if b is None:
            p = self.passages[i]
            if p.kind == "window":
                b = set()
                k, prev = p.sentence, None
                while k < len(self.sents) and self.sents[k][1] <= p.end:
                    b |= self._sentence_bigrams(k)
                    ts = self.sent_terms[k]
                    if prev and ts:
                        b.add((prev[-1], ts[0]))
                    prev = ts or prev
                    k += 1
            elif p.kind == "sentence":
                b = self._sentence_bigrams(p.sentence)
            else:
                ts = self.terms[i]
                b = set(zip(ts, ts[1:]))
            self._bigrams[i] = b
        return b

    def _sentence_bigrams(self, k: int) -> set:
        b = self._sent_bigrams.get(k)
        if b is None:
            ts = self.sent_terms[k]
            b = self._sent_bigrams[k] = set(zip(ts, ts[1:]))
        return b

    def is_question(self, i: int) -> bool:
        """A question: the passage ends with "?" or its line opens with "- " (an interviewer's turn)."""
        p = self.passages[i]
        if self.text[p.end - 1:p.end] == "?":
            return True
        line = self.text.rfind("\n", 0, p.start) + 1
        return self.text.startswith(("- ", "– ", "— "), line)


# "So, to answer your question: ..." sums up the answer to the interviewer's last question, and a retelling
# retells it with the question's words ("Does Azerbaijan need a nuclear power plant?" ... "to answer your question:
# it's not a simple yes or no" -> "it won't rule out nuclear power plants")
_ANSWER_MARK = re.compile(r"\banswer(?:ing)?\s+(?:to\s+)?your\s+question\b")


def _answers_take_their_question(base: str, sents, sent_terms) -> None:
    """A sentence that says it answers "your question" gets the terms of the interviewer's last question (the
    latest sentence ending in "?" on a line opening with "- "), so that it is found by the question's words."""
    asked = None
    for k, (a, b) in enumerate(sents):
        line = base.rfind("\n", 0, a) + 1
        if base.startswith(("- ", "– ", "— "), line) and base[a:b].rstrip().endswith("?"):
            asked = k
        elif asked is not None and _ANSWER_MARK.search(base, a, b):
            sent_terms[k] = sent_terms[k] + [t for t in sent_terms[asked] if t not in sent_terms[k]]


_GLUE = ("of", "and", "for", "the", "on")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’]*(?:(?:\s+(?:of|and|for|the|on))?\s+[A-Z][\w'’]*)+")
_HYPHENATED = re.compile(r"[a-z]+(?:-[a-z]+)+(?:\s+[a-z]+){1,2}")
_HYPHEN = re.compile(r"[a-z]-[a-z]")


def _initials(text: str) -> dict[str, Counter]:
    """initials -> Counter of the phrases with them: every run of capitalised words and every hyphenated
    word with the one or two words after it, and their leading parts of 2 words or more."""
    out: dict[str, Counter] = {}
    hyphenated = []
    last = -1
    for h in _HYPHEN.finditer(text):  # from each hyphen (few) back to its word's start: no scan from every word
        if h.start() < last:
            continue
        a = h.start()
        while a > 0 and "a" <= text[a - 1] <= "z":
            a -= 1
        if a > 0 and (text[a - 1].isalnum() or text[a - 1] == "-"):
            continue
        m = _HYPHENATED.match(text, a)
        if m:
            hyphenated.append(m)
            last = m.end()
    for matches in (_CAPITALISED.finditer(text), hyphenated):
        for m in matches:
            pieces = [w for w in re.split(r"[\s-]+", m.group(0)) if w]
            letters, kept = "", []
            for w in pieces:
                kept.append(w)
                if w.lower() in _GLUE:
                    continue
                letters += w[0].lower()
                if len(letters) >= 2:
                    out.setdefault(letters, Counter())[" ".join(kept)] += 1
    return out


def _bm25(corpus: list[list[str]]):
    import bm25s

    retriever = bm25s.BM25(k1=1.2, b=0.75)
    retriever.index([ts or [""] for ts in corpus], show_progress=False)
    return retriever
