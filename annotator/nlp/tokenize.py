"""spaCy blank-pipeline tokenization, cached per language, imported lazily."""

from __future__ import annotations

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
