"""One small reader per file format. Each takes (path, raw bytes) and returns a ReadResult.

Readers take (path, raw bytes, max_chars) and refuse a document over ``max_chars`` characters.
Readers raise ``InputError`` (naming the file, and the line for JSONL) for anything they cannot read;
they never tokenize and never touch a project.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ...core.limits import MAX_TEXT_CHARS
from .base import ReadResult

Reader = Callable[[Path, bytes, int], ReadResult]


def _text(path: Path, data: bytes, max_chars: int = MAX_TEXT_CHARS) -> ReadResult:
    from .text import read

    return read(path, data, max_chars)


def _html(path: Path, data: bytes, max_chars: int = MAX_TEXT_CHARS) -> ReadResult:
    from .html import read

    return read(path, data, max_chars)


def _pdf(path: Path, data: bytes, max_chars: int = MAX_TEXT_CHARS) -> ReadResult:
    from .pdf import read

    return read(path, data, max_chars)


def _docx(path: Path, data: bytes, max_chars: int = MAX_TEXT_CHARS) -> ReadResult:
    from .word import read

    return read(path, data, max_chars)


def _jsonl(path: Path, data: bytes, max_chars: int = MAX_TEXT_CHARS) -> ReadResult:
    from .jsonl import read

    return read(path, data, max_chars)


# Lazy wrappers: trafilatura, pypdf and lxml load only when a file of their kind is read.
READERS: dict[str, Reader] = {
    ".txt": _text,
    ".md": _text,
    ".html": _html,
    ".htm": _html,
    ".pdf": _pdf,
    ".docx": _docx,
    ".jsonl": _jsonl,
}

SUPPORTED = tuple(READERS)


def reader_for(path: Path) -> Reader | None:
    return READERS.get(path.suffix.lower())


__all__ = ["ReadResult", "READERS", "SUPPORTED", "reader_for"]
