"""How a retelling passage relates to its source passage: ``quotes``, ``paraphrases`` or ``distorts``.

- quotes: the retelling's words (inside its quotation marks when it has some and they hold most of it) are the
  source's own, in order, up to punctuation, case, ellipses, quotation marks and [editorial insertions];
- distorts: a figure differs from the source's (always; both values reported), a year differs (relative words
  such as "this summer" read against each document's year, see ``dates``), or a negation, a hedge or a scope
  word (all, every, always, ...) was added or dropped against the part of the source it retells, or a third
  party's claim lost its attribution (``cues``);
- paraphrases: otherwise.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .cues import (attribution_dropped, completion_claimed, counted_changed, neutralise, owner_changed,
                   scope_widened)
from .dates import changed_years
from .text import HEDGES, NEGATIONS, Figure, figures, fold, same_value, words

QUOTES, PARAPHRASES, DISTORTS = "quotes", "paraphrases", "distorts"
RELATIONS = (QUOTES, PARAPHRASES, DISTORTS)

# an ellipsis, or an editor's insertion in square brackets ("They [France] tried"): the quote resumes after it
_ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…|\[[^\]]*\]")
_QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„]+)[\"“”«»„]")
# hedges of a claim ("may prove", "perhaps"); approximators of a figure ("around five billion") are not hedges,
# and reported belief ("I believe", "I hope") survives in a retelling as "he believes", "hopes"
_STRONG_HEDGES = frozenset("may might could perhaps possibly probably likely unlikely maybe".split())


@dataclass
class Judgement:
    relation: str
    figures: list[tuple[str, str]] = field(default_factory=list)  # (source value, retelling value) as written
    reasons: list[str] = field(default_factory=list)


def classify(retelling: str, source: str, *, retelling_year: int | None = None,
             source_year: int | None = None) -> Judgement:
    """The relation of ``retelling`` to the source passage ``source`` (both plain text). ``retelling_year``,
    ``source_year``: the years the two documents were written (``dates.doc_year``), for relative time words."""
    changed = changed_figures(retelling, source)
    seen = {r for _, r in changed}
    years = [(s, r) for s, r in changed_years(retelling, source, retelling_year, source_year)
             if r not in seen and s not in {a for a, _ in changed}]
    if changed or years:
        return Judgement(DISTORTS, changed + years, [f"figure {s} became {r}" for s, r in changed]
                         + [f"date {s} became {r}" for s, r in years])
    if is_quote(retelling, source):
        return Judgement(QUOTES)
    reasons = _marker_changes(retelling, source)
    if reasons:
        return Judgement(DISTORTS, [], reasons)
    return Judgement(PARAPHRASES)


def is_quote(retelling: str, source: str) -> bool:
    src = " ".join(words(source))
    quoted = _QUOTED.findall(retelling)
    inside = sum(len(words(q)) for q in quoted)
    total = len(words(retelling))
    if quoted and total and inside >= 0.5 * total:
        pieces = [p for q in quoted for p in _ELLIPSIS.split(q)]
    else:
        pieces = _ELLIPSIS.split(retelling)
    pieces = [" ".join(words(p)) for p in pieces]
    pieces = [p for p in pieces if p]
    if not pieces or sum(len(p.split()) for p in pieces) < 2:
        return False
    pos = 0
    for p in pieces:
        at = _find_words(src, p, pos)
        if at < 0:
            return False
        pos = at + len(p)
    return True


def _find_words(haystack: str, needle: str, start: int) -> int:
    """Index of ``needle`` in ``haystack`` at word boundaries (both are space-joined words), or -1."""
    i = haystack.find(needle, start)
    while i >= 0:
        before = i == 0 or haystack[i - 1] == " "
        after = i + len(needle) == len(haystack) or haystack[i + len(needle)] == " "
        if before and after:
            return i
        i = haystack.find(needle, i + 1)
    return -1


def changed_figures(retelling: str, source: str) -> list[tuple[str, str]]:
    """Figures of the retelling that the source passage gives differently: (source value, retelling value).

    A retelling figure is fine when the source has the same value (any wording: '5 billion' = 'five billion').
    Otherwise it is paired with an unmatched source figure of the same kind (percent with percent, year with
    year, other amounts by nearest magnitude); when the source has none of that kind it is not a change."""
    rf = [f for f in figures(retelling) if not _ordinal_like(retelling, f)]
    sf = [f for f in figures(source) if not _ordinal_like(source, f)]
    if not rf or not sf:
        return []
    unmatched_src = [s for s in sf if not any(same_value(s.value, r.value) for r in rf)]
    out = []
    for r in rf:
        if any(same_value(r.value, s.value) for s in sf):
            continue
        pool = [s for s in unmatched_src if _kind(s) == _kind(r)]
        if not pool:
            continue
        best = min(pool, key=lambda s: abs(math.log10(max(s.value, 1e-9)) - math.log10(max(r.value, 1e-9))))
        unmatched_src.remove(best)
        out.append((best.text, r.text))
    return out


def _kind(f: Figure) -> str:
    if f.percent:
        return "percent"
    if f.value.is_integer() and 1900 <= f.value <= 2100 and f.text.isdigit():
        return "year"
    return "amount"


def _ordinal_like(text: str, f: Figure) -> bool:
    """Dates' days ('17 December', 'December 17') and list numbers are not figures worth comparing."""
    after = text[f.end:f.end + 12].lower().lstrip()
    before = text[max(0, f.start - 10):f.start].lower().rstrip()
    months = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    if f.text.isdigit() and f.value <= 31 and (after.startswith(months) or before.endswith(months)):
        return True
    return False


def _marker_changes(retelling: str, source: str) -> list[str]:
    """Negations, hedges and quantifiers that changed on a word both texts share: precise rather than eager
    (a summary drops 'I believe' all the time; 'ignored' for 'did not want' is no distortion)."""
    region = _aligned_region(retelling, source)
    # a question asserts nothing: its "could" or "not" is no hedge or negation of a claim
    r_fold, s_fold = neutralise(_statements(fold(retelling))), neutralise(_statements(fold(region)))
    rt = _tokens(r_fold)
    st = _tokens(s_fold)
    reasons = []
    # a negation flips a claim when one text has none and the other negates a word the first one asserts
    r_in, r_out = _scoped(rt, _is_negation)
    s_in, s_out = _scoped(st, _is_negation)
    if not any(map(_is_negation, st)) and r_in & s_out and not _HYPOTHETICAL.search(s_fold):
        reasons.append(f"negation added ({sorted(r_in & s_out)[0]})")
    elif not any(map(_is_negation, rt)) and s_in & r_out:
        reasons.append(f"negation dropped ({sorted(s_in & r_out)[0]})")
    if not any(w in HEDGES or w in _STRONG_HEDGES for w in rt):
        h_in, _ = _scoped(st, lambda w: w in _STRONG_HEDGES)
        hedged = sorted(h_in & (r_in | r_out))
        if hedged:
            reasons.append(f"hedge dropped ({hedged[0]})")
    u_in, _ = _scoped(rt, lambda w: w in _UNIVERSAL)
    l_in, _ = _scoped(st, lambda w: w in _LIMITED)
    widened = sorted(u_in & l_in)
    if widened:
        reasons.append(f"scope widened ({widened[0]})")
    for cue in (scope_widened(r_fold, s_fold) if not widened else None, completion_claimed(r_fold, s_fold),
                attribution_dropped(retelling, region), owner_changed(r_fold, s_fold), counted_changed(retelling, region)):
        if cue:
            reasons.append(cue)
    return reasons


# the source only imagines it ("imagining a scenario in which they engage in a hot war"): denying it is no flip
_HYPOTHETICAL = re.compile(r"\b(?:if|imagine|imagining|scenario|suppose|supposing|hypothetical\w*|were to)\b")
_QUESTION = re.compile(r"[^.!?;]*\?")


def _statements(folded: str) -> str:
    """The text without its questions."""
    return _QUESTION.sub(" ", folded)


_UNIVERSAL = frozenset("all every each entire whole always everyone everything everywhere".split())
_LIMITED = frozenset("some several many most few part partly certain sometimes often".split())
SCOPE = 1  # a marker governs the next content word of its clause ("no new contracts", "may prove")
_TOKEN = re.compile(r"\w+(?:'\w+)*|[,.;:!?()\"]|\s[-–—]\s")


def _tokens(text: str) -> list[str]:
    return [t.strip() for t in _TOKEN.findall(fold(text))]


def _is_negation(w: str) -> bool:
    return w in NEGATIONS or w.endswith("n't")


def _scoped(tokens: list[str], is_marker) -> tuple[set[str], set[str]]:
    """(stems of content words within SCOPE content words after a marker in the same clause, stems of the
    other content words)."""
    from .text import STOPWORDS, stem

    inside: set[str] = set()
    outside: set[str] = set()
    left = 0
    for w in tokens:
        if not w[:1].isalnum():
            left = 0  # punctuation ends the marker's clause
            continue
        if is_marker(w):
            left = SCOPE
            continue
        if w in STOPWORDS or len(w) <= 2:
            continue
        if left:
            inside.add(stem(w))
            left -= 1
        else:
            outside.add(stem(w))
    return inside, outside


def _aligned_region(retelling: str, source: str) -> str:
    """The part of the source passage the retelling covers (a long sentence or window may say more)."""
    from rapidfuzz import fuzz

    r, s = fold(retelling), fold(source)
    if len(s) <= len(r) * 1.3:
        return source
    al = fuzz.partial_ratio_alignment(r, s)
    if al is None:
        return source
    pad = max(20, len(r) // 3)
    a, b = max(0, al.dest_start - pad), min(len(source), al.dest_end + pad)
    # widen to whole clauses: a marker just before the aligned words ("approaching pre-COVID levels") counts
    cut = max(source.rfind(c, 0, a) for c in ",;:.!?")
    a = cut + 1 if cut >= 0 else 0
    ends = [i for i in (source.find(c, b) for c in ",;:.!?") if i >= 0]
    b = min(ends) + 1 if ends else len(source)
    return source[a:b]
