"""The ONLY place where Qt's UTF-16 positions and Python code-point offsets are converted.

Qt counts UTF-16 code units (an emoji or a flag half is 2 units) and a QTextCursor's
selectedText() uses U+2029 for paragraph breaks. Spans are stored as code-point offsets
into the (already ``\\n``-normalised) document text. ``OffsetMap`` works lazily, in chunks of
code points: the number of astral (non-BMP) characters before each chunk is counted (in C, by
UTF-16 encoding the chunk) only as far as a conversion needs, and the astral positions inside a
chunk are listed only when a conversion lands in it. Opening a 5 MB text costs nothing up front;
each conversion is a bisect; ``warm()`` finishes the counting on idle.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
CHUNK = 1 << 15  # code points per chunk


def _may_have_astral(text: str) -> bool:
    # CPython stores a str with 4 bytes per character only if it holds a non-BMP character.
    if text.isascii():
        return False
    if len(text) > 64:
        return sys.getsizeof(text) >= 4 * len(text)
    return True


class OffsetMap:
    """Code point <-> UTF-16 unit conversions for one text."""

    __slots__ = ("length", "_text", "_chunk", "_n", "_cum", "_pos")

    def __init__(self, text: str, *, chunk: int = CHUNK):
        self.length = len(text)
        self._text = text if _may_have_astral(text) else None
        self._chunk = chunk
        self._n = -(-self.length // chunk)  # number of chunks
        self._cum = [0]  # _cum[k]: astral characters before chunk k (known for k < len(_cum))
        self._pos: dict[int, tuple[list[int], list[int]]] = {}  # chunk -> (code points, UTF-16 positions)

    def _count_to(self, k: int) -> None:
        """Know _cum[k] (k <= number of chunks)."""
        cum, text, c = self._cum, self._text, self._chunk
        k = min(k, self._n)
        while len(cum) <= k:
            a = (len(cum) - 1) * c
            b = min(a + c, self.length)
            cum.append(cum[-1] + len(text[a:b].encode("utf-16-le")) // 2 - (b - a))

    def _positions(self, k: int) -> tuple[list[int], list[int]]:
        found = self._pos.get(k)
        if found is None:
            self._count_to(k + 1)
            before = self._cum[k]
            if self._cum[k + 1] == before:
                cps = []
            else:
                a = k * self._chunk
                cps = [m.start() for m in _ASTRAL.finditer(self._text, a, min(a + self._chunk, self.length))]
            found = self._pos[k] = (cps, [cp + before + i for i, cp in enumerate(cps)])
        return found

    def warm_steps(self, chunks: int = 16):
        """``warm`` in steps of ``chunks`` chunks (a generator: one step per ``next``), for idle ticks."""
        if self._text is None:
            return
        while len(self._cum) <= self._n:
            self._count_to(len(self._cum) - 1 + chunks)
            yield

    def warm(self) -> None:
        """Count every chunk now (a few ms on 5 MB), so no later jump pays for it."""
        if self._text is not None:
            self._count_to(self._n)

    @property
    def utf16_length(self) -> int:
        if self._text is None:
            return self.length
        self._count_to(self._n)
        return self.length + self._cum[self._n]

    def to_qt(self, cp: int) -> int:
        """Code-point offset -> Qt (UTF-16) position."""
        if self._text is None or cp <= 0:
            return cp
        k = cp // self._chunk
        if k >= self._n:
            self._count_to(self._n)
            return cp + self._cum[self._n]
        cps, _ = self._positions(k)
        return cp + self._cum[k] + bisect_left(cps, cp)

    def from_qt(self, u: int, *, round_up: bool = False) -> int:
        """Qt (UTF-16) position -> code-point offset. A position inside a surrogate pair (which a
        cursor should never hold) is rounded down to the character's start, or up with round_up."""
        if self._text is None or u <= 0:
            return max(0, min(u, self.length))
        c, cum = self._chunk, self._cum
        # the chunk holding UTF-16 unit u - 1: the last k whose first unit (k * c + cum[k]) is <= u - 1
        hi = min((u - 1) // c, self._n - 1)
        self._count_to(hi)
        lo = 0
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if mid * c + cum[mid] <= u - 1:
                lo = mid
            else:
                hi = mid - 1
        _, u16 = self._positions(lo)
        j = bisect_right(u16, u - 1)  # astral chars of this chunk starting before u
        k = cum[lo] + j
        if j > 0 and u16[j - 1] == u - 1:  # inside a surrogate pair
            return u - k + (1 if round_up else 0)
        return max(0, min(u - k, self.length))

    def range_from_qt(self, a: int, b: int) -> tuple[int, int]:
        """A Qt selection (anchor/position in any order) -> (start, end) code points."""
        a, b = min(a, b), max(a, b)
        return self.from_qt(a), self.from_qt(b, round_up=True)

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)


def qt_text_to_python(selected: str) -> str:
    """QTextCursor.selectedText() -> plain text (U+2029 paragraph separators back to \\n)."""
    return selected.replace("\u2029", "\n").replace("\u2028", "\n")


def cursor_range(cursor, offsets: OffsetMap) -> tuple[int, int]:
    """A QTextCursor's selection as code-point (start, end)."""
    return offsets.range_from_qt(cursor.selectionStart(), cursor.selectionEnd())
