"""Size limits for one imported file, checked before a huge file is read and again on the text.

``max_chars`` is the most characters of text one document may hold (core.limits.MAX_TEXT_CHARS by
default; ``import --max-size MB`` raises it). A text file needs at least one byte per character and
at most four (UTF-8, UTF-16 with surrogates, UTF-32), so a file over 4 bytes per allowed character is
refused without reading it; JSONL gets the same byte bound (JSON only adds bytes), HTML a tighter one
(its markup, parsed into a tree, costs far more memory than text).
PDF and Word files hold images and compressed parts, so their bound is looser and their text is
checked page by page or while the XML streams.
"""

from __future__ import annotations

from pathlib import Path

from ...core.errors import InputError
from ...core.limits import MAX_TEXT_CHARS

# HTML gets one byte of markup per allowed character: the extractor's tree costs ~25x the markup
# (a 20 MB page: ~570 MB, 100 s), and no news page comes near 20 MB.
BYTES_PER_CHAR = {".txt": 4, ".md": 4, ".html": 1, ".htm": 1, ".jsonl": 4, ".pdf": 16, ".docx": 16}
BOM_SLACK = 4
CONTAINER_FLOOR = {".pdf": 64_000_000, ".docx": 64_000_000}  # fonts, images, templates: not text


def mb(n: int) -> str:
    if n < 1_000_000:
        return f"{n / 1000:,.0f} KB"
    return f"{n / 1_000_000:,.1f} MB" if n < 10_000_000 else f"{n / 1_000_000:,.0f} MB"


def limit_text(max_chars: int) -> str:
    if max_chars < 1_000_000:
        return f"{max_chars:,} characters"
    return f"{max_chars / 1_000_000:g} million characters"


def max_file_bytes(path: Path, max_chars: int = MAX_TEXT_CHARS) -> int:
    suffix = path.suffix.lower()
    return max(CONTAINER_FLOOR.get(suffix, 0), BYTES_PER_CHAR.get(suffix, 4) * max_chars + BOM_SLACK)


def check_file_size(path: Path, size: int, max_chars: int = MAX_TEXT_CHARS) -> None:
    """Refuse a file that cannot hold a document under the limit, before reading it."""
    cap = max_file_bytes(path, max_chars)
    if size > cap:
        raise InputError(path, f"the file is {mb(size)}, more than a document of at most {limit_text(max_chars)} "
                               f"can take ({mb(cap)}); split it, or raise the limit with --max-size")


def check_text(path: Path, length: int, max_chars: int = MAX_TEXT_CHARS, line: int | None = None) -> None:
    if length > max_chars:
        raise InputError(path, f"the text has {length:,} characters, over the limit of {limit_text(max_chars)} "
                               "per document; split it, or raise the limit with --max-size", line)
