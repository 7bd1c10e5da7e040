"""Plain text and Markdown (kept as written)."""

from __future__ import annotations

from pathlib import Path

from ...core.models import NewDocument
from .base import ReadResult, title_from_text
from .decode import decode_bytes


def read(path: Path, data: bytes) -> ReadResult:
    text = decode_bytes(path, data)
    result = ReadResult()
    result.add(NewDocument(text=text, title=title_from_text(text, path), source_file=path.name))
    return result
