"""Split a document into paragraph-sized chunks with their offsets, so spaCy never sees a text
over ``nlp.max_length`` and every offset maps back exactly (chunk offset + offset in chunk)."""

from __future__ import annotations

import re
from collections.abc import Iterator

_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_SOFT_BREAKS = (re.compile(r"\n"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))

MAX_CHUNK = 20_000  # characters; far under spaCy's 1M limit and small enough for the models


def paragraphs(text: str, max_chars: int = MAX_CHUNK) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, chunk)`` with ``text[offset:offset+len(chunk)] == chunk``.

    Chunks are paragraphs (separated by blank lines, which are left out); a paragraph longer
    than ``max_chars`` is cut at line breaks, then sentence ends, then spaces, then anywhere.
    Chunks that hold only whitespace are skipped.
    """
    pos = 0
    for m in _BLANK_LINES.finditer(text):
        yield from _split(text, pos, m.start(), max_chars)
        pos = m.end()
    yield from _split(text, pos, len(text), max_chars)


def _split(text: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, str]]:
    while end - start > max_chars:
        cut = _cut(text, start, start + max_chars)
        if text[start:cut].strip():
            yield start, text[start:cut]
        start = cut
    if text[start:end].strip():
        yield start, text[start:end]


def _cut(text: str, start: int, limit: int) -> int:
    """The best place to cut in (start, limit]: after the last break of the strongest kind."""
    window = text[start:limit]
    for pattern in _SOFT_BREAKS:
        last = None
        for last in pattern.finditer(window):
            pass
        if last is not None and last.end() > len(window) // 2:
            return start + last.end()
    return limit
