"""The ONLY place where Qt's UTF-16 positions and Python code-point offsets are converted.

Qt counts UTF-16 code units (an emoji or a flag half is 2 units) and a QTextCursor's
selectedText() uses U+2029 for paragraph breaks. Spans are stored as code-point offsets
into the (already ``\\n``-normalised) document text. ``OffsetMap`` precomputes the positions
of astral (non-BMP) characters once, so each conversion is a bisect, even for 5 MB texts.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _may_have_astral(text: str) -> bool:
    # CPython stores a str with 4 bytes per character only if it holds a non-BMP character.
    if text.isascii():
        return False
    if len(text) > 64:
        return sys.getsizeof(text) >= 4 * len(text)
    return True


class OffsetMap:
    """Code point <-> UTF-16 unit conversions for one text."""

    __slots__ = ("length", "_cp", "_u16")

    def __init__(self, text: str):
        self.length = len(text)
        if _may_have_astral(text):
            self._cp = [m.start() for m in _ASTRAL.finditer(text)]
        else:
            self._cp = []
        # UTF-16 position of each astral character
        self._u16 = [c + i for i, c in enumerate(self._cp)]

    @property
    def utf16_length(self) -> int:
        return self.length + len(self._cp)

    def to_qt(self, cp: int) -> int:
        """Code-point offset -> Qt (UTF-16) position."""
        if not self._cp:
            return cp
        return cp + bisect_left(self._cp, cp)

    def from_qt(self, u: int, *, round_up: bool = False) -> int:
        """Qt (UTF-16) position -> code-point offset. A position inside a surrogate pair (which a
        cursor should never hold) is rounded down to the character's start, or up with round_up."""
        if not self._cp:
            return max(0, min(u, self.length))
        k = bisect_right(self._u16, u - 1)  # astral chars starting before u
        inside = k > 0 and self._u16[k - 1] == u - 1
        if inside:
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
