"""spaCy blank-pipeline tokenization, cached per language, imported lazily.

A language whose spaCy tokenizer needs a package that is not installed (Japanese, Korean, Thai,
Vietnamese) gets a fallback that never gives wrong indices: spaCy's multi-language tokenizer,
with runs of CJK, kana, Thai, Lao, Khmer or Myanmar script split into single characters (Vietnamese:
spaCy's own syllable tokenizer without pyvi). The pipeline then carries ``annotator_fallback``,
a sentence saying so.
"""

from __future__ import annotations

import re
from functools import lru_cache

# scripts written without spaces between words: one token per character in the fallback
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff"
                       r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


@lru_cache(maxsize=16)
def blank(lang: str = "en"):
    """A ``spacy.blank`` pipeline for ``lang`` (falls back to the multi-language one)."""
    import spacy

    from .language import NEEDS, language_name

    lang = lang or "en"
    try:
        nlp = spacy.blank(lang)
    except ImportError as e:
        if lang not in NEEDS:  # a code spaCy does not know at all
            nlp = spacy.blank("xx")
        elif lang == "vi":
            nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
            nlp.annotator_fallback = _note(lang, language_name(lang), NEEDS[lang], "syllables (spaCy without pyvi)")
        else:
            nlp = spacy.blank("xx")
            nlp.tokenizer = SplitUnspaced(nlp.tokenizer)
            nlp.annotator_fallback = _note(lang, language_name(lang), NEEDS[lang],
                                           "words where the text has spaces, single characters elsewhere")
        del e
    except Exception:  # unknown language code
        nlp = spacy.blank("xx")
    nlp.max_length = 10**9  # the tokenizer alone has no memory problem with long texts
    return nlp


def _note(code: str, name: str, package: str, how: str) -> str:
    return (f"{name} ({code}): spaCy's tokenizer needs {package}, which is not installed; "
            f"tokens are {how}")


class SplitUnspaced:
    """Wraps a tokenizer: every token holding characters of an unspaced script is cut into characters."""

    def __init__(self, base):
        self.base = base
        self.vocab = base.vocab

    def __call__(self, text: str):
        from spacy.tokens import Doc

        doc = self.base(text)
        if not _UNSPACED.search(text):
            return doc
        words, spaces = [], []
        for t in doc:
            pieces = _pieces(t.text) if _UNSPACED.search(t.text) else [t.text]
            words.extend(pieces)
            spaces.extend([False] * (len(pieces) - 1) + [bool(t.whitespace_)])
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)


def _pieces(text: str) -> list[str]:
    """Each unspaced-script character (with the combining marks after it) alone; other runs whole."""
    import unicodedata

    out: list[str] = []
    run_is_unspaced = None
    for ch in text:
        if out and unicodedata.category(ch) in ("Mn", "Mc", "Me"):
            out[-1] += ch  # a vowel sign or tone mark stays with its letter
            continue
        unspaced = bool(_UNSPACED.match(ch))
        if out and not unspaced and run_is_unspaced is False:
            out[-1] += ch
        else:
            out.append(ch)
        run_is_unspaced = unspaced
    return out


def token_offsets(text: str, lang: str = "en") -> tuple[tuple[int, int], ...]:
    """(start, end) code-point offsets of spaCy's tokens, whitespace tokens included."""
    from spacy.attrs import IDX, LENGTH

    doc = blank(lang).make_doc(text)
    if not len(doc):
        return ()
    columns = doc.to_array([IDX, LENGTH])  # ~2x faster than building Token objects
    starts = columns[:, 0]
    return tuple(zip(starts.tolist(), (starts + columns[:, 1]).tolist()))


def make_doc(text: str, lang: str = "en"):
    return blank(lang).make_doc(text)


CHUNK = 1 << 20  # characters tokenized at once: a spaCy Doc costs ~30x its text in memory
_LINE = re.compile(r"\n(?=\S)")
_SPACE = re.compile(r"(?<=\S) (?=\S)")


def token_blob(text: str, lang: str = "en") -> bytes:
    """The same boundaries as ``token_offsets``, packed as the store keeps them (int32 start, end pairs).

    Skips building a Python tuple per token: importing 1,000 documents spends most of its time here.
    Long texts are tokenized in pieces of about ``CHUNK`` characters cut after a line break (or a single
    space) before a word, where spaCy's tokens do not depend on what lies across the cut, so peak memory
    stays a small multiple of the text.
    """
    if len(text) <= CHUNK:
        return _pairs(text, lang, 0).tobytes()
    parts, a = [], 0
    while a < len(text):
        b = _cut(text, a + CHUNK)
        parts.append(_pairs(text[a:b], lang, a).tobytes())
        a = b
    return b"".join(parts)


def _cut(text: str, i: int) -> int:
    if i >= len(text):
        return len(text)
    for pattern in (_LINE, _SPACE):
        m = pattern.search(text, i, i + CHUNK // 4)
        if m:
            return m.end()
    return len(text)  # no safe place nearby: the rest in one piece


def _pairs(text: str, lang: str, offset: int):
    import numpy as np
    from spacy.attrs import IDX, LENGTH

    doc = blank(lang).make_doc(text)
    if not len(doc):
        return np.empty((0, 2), dtype=np.int32)
    pairs = doc.to_array([IDX, LENGTH]).astype(np.int32)  # (start, length) -> (start, end)
    pairs[:, 1] += pairs[:, 0]
    if offset:
        pairs += offset
    return pairs
