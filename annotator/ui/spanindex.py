"""In-memory index of one document's spans for a view: fast visible-range queries, hit tests and
next/previous navigation on 50k spans. Pure Python (no Qt); fed by ``Project.span_index`` rows."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort

LONG = 4000  # spans longer than this are kept apart and scanned linearly


class SpanItem:
    __slots__ = ("id", "start", "end", "label_id", "status", "has_note")

    def __init__(self, row):
        self.id, self.start, self.end, self.label_id, self.status, has_note = row
        self.has_note = bool(has_note)

    @property
    def length(self) -> int:
        return self.end - self.start

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"SpanItem({self.id}, {self.start}-{self.end}, label={self.label_id}, {self.status})"


class SpanIndex:
    def __init__(self):
        self.items: dict[int, SpanItem] = {}
        self._keys: list[tuple[int, int]] = []  # (start, id) of short spans, sorted
        self._long: list[SpanItem] = []

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, span_id: int) -> bool:
        return span_id in self.items

    def get(self, span_id: int) -> SpanItem | None:
        return self.items.get(span_id)

    def load(self, rows, *, sorted_rows: bool = False) -> None:
        """Add many rows at once (ids already present are replaced)."""
        fresh = []
        for row in rows:
            if row[0] in self.items:
                self.remove(row[0])
            item = SpanItem(row)
            self.items[item.id] = item
            if item.length > LONG:
                self._long.append(item)
            else:
                fresh.append((item.start, item.id))
        if not fresh:
            return
        if sorted_rows and (not self._keys or fresh[0] >= self._keys[-1]):
            fresh.sort()
            self._keys.extend(fresh)
        elif len(fresh) < 64:
            for k in fresh:
                insort(self._keys, k)
        else:
            self._keys.extend(fresh)
            self._keys.sort()

    def remove(self, span_id: int) -> None:
        item = self.items.pop(span_id, None)
        if item is None:
            return
        if item.length > LONG:
            self._long.remove(item)
            return
        i = bisect_left(self._keys, (item.start, item.id))
        if i < len(self._keys) and self._keys[i] == (item.start, item.id):
            del self._keys[i]

    def clear(self) -> None:
        self.items.clear()
        self._keys.clear()
        self._long.clear()

    def in_range(self, a: int, b: int) -> list[SpanItem]:
        """Spans intersecting [a, b) (or touching position a when a == b), by start then longest first."""
        lo = bisect_left(self._keys, (a - LONG, -1))
        hi = bisect_right(self._keys, (b, 1 << 62)) if b > a else bisect_right(self._keys, (a, 1 << 62))
        items = self.items
        out = [items[i] for _, i in self._keys[lo:hi]]
        out = [s for s in out if s.end > a and (s.start < b or (a == b and s.start <= a))]
        out.extend(s for s in self._long if s.end > a and (s.start < b or (a == b and s.start <= a)))
        out.sort(key=lambda s: (s.start, -s.end, s.id))
        return out

    def at(self, pos: int) -> list[SpanItem]:
        """Spans containing the character at ``pos``, innermost (shortest) first."""
        found = [s for s in self.in_range(pos, pos + 1) if s.start <= pos < s.end]
        found.sort(key=lambda s: (s.length, s.start, s.id))
        return found

    def ordered(self) -> list[SpanItem]:
        out = [self.items[i] for _, i in self._keys]
        if self._long:
            out.extend(self._long)
            out.sort(key=lambda s: (s.start, -s.end, s.id))
        return out

    def neighbour(self, pos: tuple[int, int], *, backwards: bool = False, statuses=None) -> SpanItem | None:
        """The next span after ``pos`` = (start, id) in reading order (or previous), optionally by status."""
        ok = (lambda s: True) if statuses is None else (lambda s: s.status in statuses)
        longs = sorted((s for s in self._long if ok(s)), key=lambda s: (s.start, s.id))
        best = None
        if backwards:
            i = bisect_left(self._keys, pos) - 1
            while i >= 0:
                s = self.items[self._keys[i][1]]
                if ok(s):
                    best = s
                    break
                i -= 1
            cands = [s for s in longs if (s.start, s.id) < pos]
            if cands and (best is None or (cands[-1].start, cands[-1].id) > (best.start, best.id)):
                best = cands[-1]
        else:
            i = bisect_right(self._keys, pos)
            while i < len(self._keys):
                s = self.items[self._keys[i][1]]
                if ok(s):
                    best = s
                    break
                i += 1
            cands = [s for s in longs if (s.start, s.id) > pos]
            if cands and (best is None or (cands[0].start, cands[0].id) < (best.start, best.id)):
                best = cands[0]
        return best


def assign_lanes(spans: list[SpanItem]) -> dict[int, int]:
    """Greedy interval colouring: overlapping spans get different lanes (0 = outermost)."""
    lanes: dict[int, int] = {}
    ends: list[int] = []  # end offset of the span occupying each lane
    for s in sorted(spans, key=lambda s: (s.start, -s.end, s.id)):
        for lane, end in enumerate(ends):
            if end <= s.start:
                ends[lane] = s.end
                lanes[s.id] = lane
                break
        else:
            lanes[s.id] = len(ends)
            ends.append(s.end)
    return lanes
