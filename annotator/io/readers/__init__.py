"""One small reader per file format. Each takes (path, raw bytes) and returns a ReadResult.

Readers raise ``InputError`` (naming the file, and the line for JSONL) for anything they cannot read;
they never tokenize and never touch a project.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .base import ReadResult

Reader = Callable[[Path, bytes], ReadResult]


def _text(path: Path, data: bytes) -> ReadResult:
    from .text import read

    return read(path, data)


def _html(path: Path, data: bytes) -> ReadResult:
    from .html import read

    return read(path, data)


def _pdf(path: Path, data: bytes) -> ReadResult:
    from .pdf import read

    return read(path, data)


def _docx(path: Path, data: bytes) -> ReadResult:
    from .word import read

    return read(path, data)


def _jsonl(path: Path, data: bytes) -> ReadResult:
    from .jsonl import read

    return read(path, data)


# Lazy wrappers: trafilatura, pypdf and python-docx load only when a file of their kind is read.
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
