"""Words, figures, negations and hedges of a passage, as the engine and the relation classifier see them.

Cheap to import (PyStemmer is loaded on first use); the same on the source and on the retelling.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# a word: letters/digits, with inner apostrophes, dots or commas between digits ("2.6", "100,000", "don't")
WORD = re.compile(r"\w+(?:(?:['’]\w+)|(?:(?<=\d)[.,](?=\d)\d*))*")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "—": "-", "–": "-"})

STOPWORDS = frozenset("""a an the and or but if of to in on at by for with from as is are was were be been being it its
this that these those there here he she they them his her their we our us you your i me my mine also so than then
which who whom whose what when where why how have has had do does did will would shall should can could may might must
about into over under after before between through during while just very more most such only own same too
said says say told tells according
also even still yet just something anything one ones thing things way ways lot
"""
# verbs of reporting: a retelling's frame ("Aliyev suggested", "he noted", "highlighting"), not its content
    """suggest suggested suggests suggesting note noted notes noting add added adds adding describe described
describes describing mention mentioned mentions mentioning emphasize emphasized emphasizing emphasise emphasised
highlight highlighted highlighting highlights stress stressed stressing accuse accused accusing express expressed
expressing warn warned warning call called calls calling confirm confirmed confirming reiterate reiterated
remind reminded explain explained argue argued insist insisted""".split())

NEGATIONS = frozenset("not no non never n't none nothing neither nor without cannot nobody nowhere".split())
HEDGES = frozenset("""may might could perhaps possibly probably likely unlikely maybe approximately around about roughly
nearly almost some believe think hope expect seems seem appear appears suggest suggests somewhat partly""".split())

_UNITS = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6,
          "percent": 1.0, "%": 1.0}
_SMALL = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                    "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
_SMALL.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
               "dozen": 12, "twice": 2, "half": 0.5, "double": 2, "triple": 3, "once": 1})
_NUMBER = re.compile(
    r"(?<![\w.])(?:\$\s?)?(?:\d+(?:[.,]\d+)*|(?:" + "|".join(sorted(_SMALL, key=len, reverse=True)) + r"))"
    r"(?:(?:\s+and\s+a|\s*-)?\s*(?:half))?"
    r"(?:\s*(?:%|(?:percent|per cent|hundred|thousand|million|billion|trillion|bn|mn)\b))*", re.I)


def fold(text: str) -> str:
    """Lower case, typographic quotes and dashes folded, accents removed (Türkiye ~ Turkiye)."""
    text = text.translate(_QUOTES).lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return [_norm(w) for w in WORD.findall(fold(text))]


@lru_cache(maxsize=65536)
def _norm(w: str) -> str:
    if w.endswith("'s"):
        w = w[:-2]
    return w


_SNOWBALL = {"en": "english", "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
             "da": "danish", "nl": "dutch", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
             "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
             "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
             "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
             "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish"}


@lru_cache(maxsize=16)
def _stemmer(lang: str = "en"):
    """Snowball's stemmer for the language (PyStemmer), imported on first use; None when it has none."""
    import Stemmer

    name = _SNOWBALL.get((lang or "en").split("-")[0].lower())
    return Stemmer.Stemmer(name) if name else None


@lru_cache(maxsize=131072)
def stem(w: str, lang: str = "en") -> str:
    """'rising' -> 'rise', 'flights' -> 'flight' (numbers and short words kept as they are)."""
    if len(w) <= 3 or not w.isalpha():
        return w
    stemmer = _stemmer(lang)
    return stemmer.stemWord(w) if stemmer is not None else w


@lru_cache(maxsize=16)
def stopwords(lang: str = "en") -> frozenset[str]:
    """English: function words and reporting verbs (above). Other languages: spaCy's stop word list for the
    language (folded as the text is), or none when spaCy has no list for it (idf alone then)."""
    code = (lang or "en").split("-")[0].split("_")[0].lower()
    if code == "en":
        return STOPWORDS
    return frozenset(fold(w) for w in _spacy_stop_words(code))


def _spacy_stop_words(code: str) -> set[str]:
    """spaCy's ``spacy/lang/<code>/stop_words.py`` (a plain list: no imports), read from its file so that
    importing spaCy (~2 s) is not paid for a word list; imported normally where there is no such file (a
    frozen bundle keeps it in its archive)."""
    import importlib
    import importlib.util
    from pathlib import Path

    if not code.isalpha() or len(code) > 3:
        return set()
    spec = importlib.util.find_spec("spacy")
    for root in (spec.submodule_search_locations or []) if spec is not None else []:
        path = Path(root) / "lang" / code / "stop_words.py"
        if path.is_file():
            module_spec = importlib.util.spec_from_file_location(f"_annotator_stop_words_{code}", path)
            if module_spec is None or module_spec.loader is None:
                break
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
            return set(getattr(module, "STOP_WORDS", ()))
    try:
        return set(importlib.import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS)
    except (ImportError, AttributeError):
        return set()


def terms(text: str, lang: str = "en") -> list[str]:
    """Index terms: stemmed content words (stopwords out), numbers kept as written."""
    stop = stopwords(lang)
    return [stem(w, lang) for w in words(text) if w not in stop]


@dataclass(frozen=True)
class Figure:
    text: str  # as written
    value: float
    start: int  # offsets into the text it was found in
    end: int
    percent: bool = False


def figures(text: str) -> list[Figure]:
    """Numbers with their magnitudes: '$150 billion' = 1.5e11, 'five billion' = 5e9, '60 percent', 'twice'.
    Years (1900-2100 written alone) and list numbering are figures too; callers decide what to compare."""
    out = []
    for m in _NUMBER.finditer(text):
        raw = m.group(0).strip()
        value = _value(raw)
        if value is None:
            continue
        out.append(Figure(raw, value, m.start(), m.start() + len(m.group(0).rstrip()), "%" in raw or "percent" in raw.lower() or "per cent" in raw.lower()))
    return out


def _value(raw: str) -> float | None:
    s = raw.lower().replace("$", "").replace("per cent", "percent").strip()
    m = re.match(r"(\d+(?:[.,]\d+)*|[a-z]+)", s)
    if not m:
        return None
    head = m.group(1)
    if head[0].isdigit():
        if re.fullmatch(r"\d{1,3}(,\d{3})+", head):
            base = float(head.replace(",", ""))
        else:
            try:
                base = float(head.replace(",", "."))
            except ValueError:
                return None
    else:
        if head not in _SMALL:
            return None
        base = float(_SMALL[head])
    rest = s[m.end():]
    if "half" in rest:
        base += 0.5
    for unit in re.findall(r"hundred|thousand|million|billion|trillion|bn|mn", rest):
        base *= _UNITS[unit]
    return base


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)
