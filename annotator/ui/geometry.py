"""Span rectangles per text block, cached: a block's line geometry (QTextLayout lines) and the
rectangles of each UTF-16 range in it are computed once and reused on every later paint.

Entries are relative to the block's top-left and keyed by block number; they stay valid while the
block's layout does (the text is read-only), so the whole cache is dropped only when the layout
width or the font changes, and an entry is recomputed if its block's revision or line count differ.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QRectF

MAX_BLOCKS = 300  # cached blocks kept (some 30 screens of scrolling back and forth)


class _Block:
    __slots__ = ("stamp", "starts", "ends", "ys", "hs", "x_start", "x_end", "ranges")

    def __init__(self, block, layout):
        n = layout.lineCount()
        self.stamp = (block.revision(), n)
        self.starts, self.ends, self.ys, self.hs = [], [], [], []
        for i in range(n):
            line = layout.lineAt(i)
            ls = line.textStart()
            self.starts.append(ls)
            self.ends.append(ls + line.textLength())
            self.ys.append(line.y())
            self.hs.append(line.height())
        # x of each line's first and last position, measured when a range first needs them
        self.x_start: list[float | None] = [None] * n
        self.x_end: list[float | None] = [None] * n
        self.ranges: dict[tuple[int, int], tuple[QRectF, ...]] = {}

    def x(self, layout, i: int, pos: int) -> float:
        if pos == self.starts[i]:
            x = self.x_start[i]
            if x is None:
                x = self.x_start[i] = layout.lineAt(i).cursorToX(pos)[0]
            return x
        if pos == self.ends[i]:
            x = self.x_end[i]
            if x is None:
                x = self.x_end[i] = layout.lineAt(i).cursorToX(pos)[0]
            return x
        return layout.lineAt(i).cursorToX(pos)[0]

    def rects(self, layout, a: int, b: int) -> tuple[QRectF, ...]:
        """Rectangles covering block-relative UTF-16 range [a, b) line by line (relative to the block)."""
        key = (a, b)
        found = self.ranges.get(key)
        if found is not None:
            return found
        out = []
        # only lines that can intersect: from the line holding a (or the one before) to the line holding b
        first = max(0, bisect_right(self.starts, a) - 1)
        last = min(len(self.starts), bisect_right(self.starts, b) + 1)
        for i in range(first, last):
            ls, le = self.starts[i], self.ends[i]
            s, e = max(a, ls), min(b, le)
            if s >= e and not (s == e == a and ls <= a < le):
                continue
            x1, x2 = self.x(layout, i, s), self.x(layout, i, e)
            if x2 < x1:
                x1, x2 = x2, x1
            out.append(QRectF(x1, self.ys[i], max(2.0, x2 - x1), self.hs[i]))
        found = self.ranges[key] = tuple(out)
        return found


class GeometryCache:
    def __init__(self):
        self.key = None
        self.blocks: dict[int, _Block] = {}

    def check(self, key) -> None:
        """Drop everything when the layout key (width, font, ...) differs from the cached one."""
        if key != self.key:
            self.key = key
            self.blocks = {}

    def clear(self) -> None:
        self.blocks = {}

    def rects(self, block, a: int, b: int) -> tuple[QRectF, ...]:
        layout = block.layout()
        n = block.blockNumber()
        entry = self.blocks.get(n)
        if entry is None or entry.stamp != (block.revision(), layout.lineCount()):
            if len(self.blocks) >= MAX_BLOCKS:  # drop the older half (dicts keep insertion order)
                for old in list(self.blocks)[: MAX_BLOCKS // 2]:
                    del self.blocks[old]
            entry = self.blocks[n] = _Block(block, layout)
        return entry.rects(layout, a, b)
