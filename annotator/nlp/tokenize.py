"""spaCy blank-pipeline tokenization, cached per language, imported lazily."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=8)
def blank(lang: str = "en"):
    """A ``spacy.blank`` pipeline for ``lang`` (falls back to the multi-language one)."""
    import spacy

    try:
        nlp = spacy.blank(lang or "en")
    except Exception:  # unknown language code
        nlp = spacy.blank("xx")
    nlp.max_length = 10**9  # the tokenizer alone has no memory problem with long texts
    return nlp


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
