"""Plain text and Markdown (kept as written)."""

from __future__ import annotations

from pathlib import Path

from ...core.limits import MAX_TEXT_CHARS
from ...core.models import NewDocument
from .base import ReadResult, title_from_text
from .decode import decode_bytes
from .limits import check_text


def read(path: Path, data: bytes, max_chars: int = MAX_TEXT_CHARS) -> ReadResult:
    text = decode_bytes(path, data)
    check_text(path, len(text), max_chars)
    result = ReadResult()
    result.add(NewDocument(text=text, title=title_from_text(text, path), source_file=path.name))
    return result
