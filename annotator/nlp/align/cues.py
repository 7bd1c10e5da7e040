"""Word cues of a distortion that the negation/hedge rules of ``relation`` do not see.

- scope widened: the retelling generalises with a universal word (everything, everywhere, any of, always, all)
  where the part of the source it retells has none ("doing everything to ensure" for "we strive to ensure");
- completion claimed: the source says a state is being approached ("approaching pre-COVID levels", "nearly",
  "almost") and the retelling states it as reached;
- attribution dropped: the source passage gives a claim as someone else's ("Euronews reported", "according to
  the IMF") and the retelling does not name them (the claim becomes the speaker's own);
- idioms that look like negations but restrict ("nothing more than", "no more than", "not only") are read as
  what they mean before the negation rule runs (``neutralise``).
All take folded text (``text.fold``) or plain text where noted; each returns reasons as short strings.
"""

from __future__ import annotations

import re

# universal words; "any" only where it generalises ("any of", "any kind"), never after a negation or in a question
# ("all" only as a determiner: "all the", "all of"; "they all want" and "that's all in the past" do not widen)
UNIVERSAL = frozenset("every everything everyone everybody everywhere always entire whole".split())
_ALL_DET = re.compile(r"\ball (?:of|the|its|their|his|her|our|these|those)\b")
_IDIOMS_ALL = re.compile(r"\b(?:by all means|at all|above all|after all|first of all|all in all|all the same|"
                         r"all of a sudden|once and for all|all over again|not at all|for all (?:its|their|his|her))\b")
_ANY_OF = re.compile(r"\bany (?:of|kind|form|sort)\b")
_NEG_BEFORE = re.compile(r"\b(?:not|no|never|n't|without|nor|cannot|hardly)\b[^.;:!?]{0,40}$")
_APPROACH = re.compile(r"\b(?:(?:are|is|am|be|been|was|were) approaching|nearing|nearly|almost|close to|not yet|"
                       r"not quite|on the way to)\b")
_APPROACH_IN_RETELLING = re.compile(r"\b(?:approach\w*|near\w*|almost|close to|not yet|not quite|toward\w*|"
                                    r"on the way|getting|moving|returning|recover\w*|some|partly|partially|yet|still)\b")
# "X reported", "according to X": a third party's claim. X: a capitalised name (not a pronoun) at most 3 words
_REPORTED = re.compile(r"\b((?:[A-Z][\w'’.-]+\s){0,2}[A-Z][\w'’.-]+)\s+(?:has\s+|have\s+|had\s+)?"
                       r"(?:reported|wrote|writes|claimed|announced|stated|estimated)\b")
_ACCORDING = re.compile(r"\baccording to\s+(?:the\s+)?((?:[A-Z][\w'’.-]+\s?){1,3})")
_NOT_NAMES = frozenset("I We He She They It You This That These Those There The A An As And But So Then If When "
                       "Yesterday Today Media Some Many Most Such Our Their His Her Its My Your Both All Every No Any "
                       "Other Another Each Western".split())
_RESTRICTIVE_IDIOMS = ((re.compile(r"\bnothing (?:more|else|other) than\b"), "merely"),
                       (re.compile(r"\bno (?:more|other) than\b"), "merely"),
                       (re.compile(r"\bnothing but\b"), "merely"),
                       (re.compile(r"\bnot only\b"), "both"),
                       (re.compile(r"\bno doubt\b"), "surely"),
                       (re.compile(r"\bno matter\b"), "whatever"))


def neutralise(folded: str) -> str:
    """Restrictive idioms read as what they mean: "is nothing more than speculation" = "is merely speculation"."""
    for pattern, plain in _RESTRICTIVE_IDIOMS:
        folded = pattern.sub(plain, folded)
    return folded


def universals(folded: str) -> list[str]:
    """Universal scope words of a folded text, idioms and negated or questioned 'any' left out."""
    text = _IDIOMS_ALL.sub(" ", folded)
    found = [w for w in re.findall(r"[a-z]+", text) if w in UNIVERSAL]
    found += ["all"] * len(_ALL_DET.findall(text))
    for m in _ANY_OF.finditer(text):
        if not _NEG_BEFORE.search(text, 0, m.start()) and "?" not in text[m.start():m.start() + 80]:
            found.append("any")
    return found


def scope_widened(retelling_folded: str, source_folded: str) -> str | None:
    """The first universal word of the retelling when the source part it retells has no universal word."""
    added = universals(retelling_folded)
    if not added or universals(source_folded):
        return None
    return f"scope widened ({added[0]})"


def completion_claimed(retelling_folded: str, source_folded: str) -> str | None:
    """The source approaches a state ("approaching pre-COVID levels") that the retelling says is reached."""
    m = _APPROACH.search(source_folded)
    if m is None or _APPROACH_IN_RETELLING.search(retelling_folded):
        return None
    return f"hedge dropped ({m.group(0)})"


def attribution_dropped(retelling: str, source: str) -> str | None:
    """The source passage (plain text) reports someone else's claim and the retelling does not name them."""
    names = []
    for m in _REPORTED.finditer(source):
        names.append((m.group(1), m.group(0)))
    for m in _ACCORDING.finditer(source):
        names.append((m.group(1).strip(), m.group(0).strip()))
    low = retelling.lower()
    for name, phrase in names:
        words = [w for w in name.split() if w not in _NOT_NAMES]
        if not words:
            continue
        if not any(w.lower().strip(".’'") in low for w in words):
            return f"attribution dropped ({phrase})"
    return None


_FOREIGN = frozenset("foreign external outside overseas international western" .split())
_OWN = frozenset("its his her their our own domestic national local".split())
_WORD = re.compile(r"[a-z][a-z'-]*|\d[\d.,]*")


def owner_changed(retelling_folded: str, source_folded: str) -> str | None:
    """Whose it is changed: the source calls a thing foreign or external ("with foreign investments") and the
    retelling makes it the subject's own ("its recent investments")."""
    from .text import stem

    sw, rw = _WORD.findall(source_folded), _WORD.findall(retelling_folded)
    foreign = {stem(sw[i + 1]): f"{w} {sw[i + 1]}" for i, w in enumerate(sw[:-1]) if w in _FOREIGN}
    if not foreign:
        return None
    for i, w in enumerate(rw):
        key = stem(w)
        if key in foreign and any(x in _OWN for x in rw[max(0, i - 3):i]) \
                and not any(x in _FOREIGN for x in rw[max(0, i - 3):i]):
            return f"owner changed ({foreign[key]} became {' '.join(rw[max(0, i - 3):i + 1])})"
    return None


_OCCASIONS = frozenset("times occasions attempts rounds".split())


def counted_changed(retelling: str, source: str) -> str | None:
    """A figure kept but what it counts changed from occasions to things: "tried five times" retold as "five
    resolutions" (or back). The words right after the same value; one counts occasions, the other does not,
    and neither word is in the other text. (Other pairs, "20 residents" / "20 people", are paraphrases.)"""
    from .text import figures, same_value, stem

    def counted(text):
        out = []
        for f in figures(text):
            m = _WORD.match(text[f.end:].lstrip().lower())
            if m and m.group(0).isalpha() and len(m.group(0)) > 2:
                out.append((f, m.group(0)))
        return out

    r_low, s_low = retelling.lower(), source.lower()
    for rf, rn in counted(retelling):
        for sf, sn in counted(source):
            if not same_value(rf.value, sf.value) or rf.percent or sf.percent:
                continue
            a, b = stem(rn), stem(sn)
            if a == b or a[:4] == b[:4] or a in s_low or b in r_low or ((rn in _OCCASIONS) == (sn in _OCCASIONS)):
                continue
            return f"what is counted changed ({sf.text} {sn} became {rf.text} {rn})"
    return None
