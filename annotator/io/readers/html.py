"""HTML news pages: main text and metadata extracted with trafilatura."""

from __future__ import annotations

import logging
from pathlib import Path

from ...core.errors import InputError
from ...core.limits import MAX_TEXT_CHARS
from ...core.models import NewDocument
from ...core.text import normalize_text
from .base import ReadResult, clean, clean_author, title_from_text
from .decode import decode_bytes
from .limits import check_text

NO_TEXT = "no main text found (the page may be empty, a script-only page or an index of links)"


def read(path: Path, data: bytes, max_chars: int = MAX_TEXT_CHARS) -> ReadResult:
    import trafilatura

    markup = decode_bytes(path, data)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # it logs every empty page as an error
    try:
        found = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False,
                                            include_tables=True, deduplicate=False)
    except Exception as e:  # the extractor can fail on pathological markup
        raise InputError(path, f"could not parse the HTML ({type(e).__name__}: {e})") from None
    if found is None:
        raise InputError(path, NO_TEXT)
    meta = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    text = normalize_text(meta.get("text") or "")
    if not text.strip():
        raise InputError(path, NO_TEXT)
    check_text(path, len(text), max_chars)
    extra = {k: clean(meta.get(k)) for k in ("hostname", "description", "language") if meta.get(k)}
    doc = NewDocument(
        text=text,
        title=clean(meta.get("title")) or title_from_text(text, path),
        outlet=clean(meta.get("sitename")),
        author=clean_author(meta.get("author")),
        published=clean(meta.get("date")),
        url=clean(meta.get("url")),
        source_file=path.name,
        meta=extra,
    )
    result = ReadResult()
    result.add(doc)
    return result
