"""Text helpers: newline normalisation, hashing, token boundaries and snapping.

Everything here works on Python code-point offsets.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from bisect import bisect_left, bisect_right
from itertools import chain
from collections.abc import Iterable, Sequence

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
_ROUGH_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]", re.UNICODE)


def normalize_text(text: str) -> str:
    """Newlines to ``\\n`` (CRLF, CR, U+2028/2029, NEL), drop NULs and a leading BOM."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if text.startswith("\ufeff"):
        text = text.lstrip("\ufeff")  # all of them: normalising twice must change nothing
    if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:
        return _NEWLINES.sub("\n", text)
    return text


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def rough_tokens(text: str) -> list[tuple[int, int]]:
    """A stdlib fallback tokenizer (words and single punctuation marks).

    Used only when a document has no stored spaCy token boundaries.
    """
    return list(iter_rough_tokens(text))


def iter_rough_tokens(text: str):
    """``rough_tokens`` lazily (no list of a million tuples for a 5 MB text)."""
    return (m.span() for m in _ROUGH_TOKEN.finditer(text))


def pack_tokens(tokens: Sequence[tuple[int, int]]) -> bytes:
    return array("i", chain.from_iterable(tokens)).tobytes()


def unpack_tokens(blob: bytes) -> list[tuple[int, int]]:
    flat = array("i")
    flat.frombytes(blob)
    return list(zip(flat[0::2], flat[1::2]))


class TokenIndex:
    """Token boundaries of one document, searchable by offset."""

    __slots__ = ("starts", "ends")

    def __init__(self, tokens: Iterable[tuple[int, int]]):
        # compact int32 arrays: 8 bytes a token instead of ~72 (a 5 MB text has ~1M tokens)
        self.starts, self.ends = array("i"), array("i")
        add_start, add_end = self.starts.append, self.ends.append
        for s, e in tokens:
            if e > s:
                add_start(s)
                add_end(e)

    @classmethod
    def from_packed(cls, blob: bytes) -> "TokenIndex":
        """From stored (pack_tokens) boundaries, without a tuple per token."""
        flat = array("i")
        flat.frombytes(blob)
        index = cls(())
        index.starts, index.ends = flat[0::2], flat[1::2]
        return index

    def extend_packed(self, piece: bytes) -> None:
        """Append stored (pack_tokens) boundaries, a piece of whole (start, end) pairs at a time."""
        flat = array("i")
        flat.frombytes(piece)
        self.starts.extend(flat[0::2])
        self.ends.extend(flat[1::2])

    def __len__(self) -> int:
        return len(self.starts)

    def snap(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Expand [start, end) to the enclosing tokens, after trimming whitespace.

        Returns None when the selection holds nothing but whitespace.
        """
        start, end = max(0, min(start, end)), min(len(text), max(start, end))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            return None
        first = bisect_right(self.ends, start)  # first token ending after start
        last = bisect_left(self.starts, end) - 1  # last token starting before end
        new_start = self.starts[first] if first < len(self.starts) and self.starts[first] <= start else start
        new_end = self.ends[last] if last >= 0 and self.ends[last] >= end else end
        new_start = min(new_start, start)
        new_end = max(new_end, end)
        return new_start, new_end

    def token_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Inclusive token indices (token_start, token_end) if [start, end) falls on token boundaries."""
        i = bisect_left(self.starts, start)
        j = bisect_left(self.ends, end)
        if i < len(self.starts) and self.starts[i] == start and j < len(self.ends) and self.ends[j] == end and j >= i:
            return i, j
        return None
