"""spaCy pipelines for export, imported lazily: the same blank tokenizer the importer used."""

from __future__ import annotations

from functools import lru_cache

from ...nlp.tokenize import blank

__all__ = ["blank", "sentencizer", "sentence_starts"]


@lru_cache(maxsize=8)
def sentencizer(lang: str = "en"):
    """(blank pipeline, sentencizer component) for ``lang``."""
    import spacy

    try:
        nlp = spacy.blank(lang or "en")
    except Exception:
        nlp = spacy.blank("xx")
    nlp.max_length = 10**9
    return nlp, nlp.add_pipe("sentencizer")


def sentence_starts(text: str, lang: str = "en") -> list[int]:
    """Character offsets where a sentence (other than the first) starts."""
    nlp, sentencizer_pipe = sentencizer(lang)
    doc = sentencizer_pipe(nlp.make_doc(text))
    return [s.start_char for s in doc.sents if s.start_char > 0]
