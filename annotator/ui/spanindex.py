"""In-memory index of one document's spans for a view: fast visible-range queries, hit tests and
next/previous navigation on 50k spans. Pure Python (no Qt); fed by ``Project.span_index`` rows.

Compact: short spans live in parallel int arrays sorted by (start, id) (about 30 bytes a span, and
nothing for the garbage collector to walk); ``SpanItem`` objects are made only for the spans a
query returns. Spans longer than ``LONG`` are few and kept apart as objects, scanned linearly.
Counts per (label, status) are kept up to date on every change.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right

LONG = 4000  # spans longer than this are kept apart and scanned linearly
BULK = 64  # batches at least this big that cannot be appended are merged by one sort


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
        self._status_names: list[str] = ["accepted", "suggested", "rejected"]
        self.clear()

    def clear(self) -> None:
        self._starts, self._ends, self._labels = array("i"), array("i"), array("i")
        self._ids = array("q")
        self._status, self._notes = array("b"), array("b")
        self._start_of: dict[int, int] = {}  # id -> start, of every span (short and long)
        self._long: dict[int, SpanItem] = {}
        self._counts: dict[tuple[int, str], int] = {}

    def __len__(self) -> int:
        return len(self._start_of)

    def __contains__(self, span_id: int) -> bool:
        return span_id in self._start_of

    def ids(self):
        return self._start_of.keys()

    def count(self, label_id: int, status: str) -> int:
        return self._counts.get((label_id, status), 0)

    def counts(self, status: str) -> dict[int, int]:
        """{label_id: number of spans} with that status."""
        return {lab: n for (lab, st), n in self._counts.items() if st == status and n}

    # -- rows <-> arrays -----------------------------------------------------------------
    def _code(self, status: str) -> int:
        try:
            return self._status_names.index(status)
        except ValueError:
            self._status_names.append(status)
            return len(self._status_names) - 1

    def _item(self, i: int) -> SpanItem:
        return SpanItem((self._ids[i], self._starts[i], self._ends[i], self._labels[i],
                         self._status_names[self._status[i]], self._notes[i]))

    def _find(self, start: int, span_id: int) -> int:
        starts, ids = self._starts, self._ids
        i, n = bisect_left(starts, start), len(starts)
        while i < n and starts[i] == start:
            if ids[i] == span_id:
                return i
            i += 1
        return -1

    def _insert_at(self, i: int, row) -> None:
        sid, start, end, label_id, status, note = row
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        self._ids.insert(i, sid)
        self._labels.insert(i, label_id)
        self._status.insert(i, self._code(status))
        self._notes.insert(i, 1 if note else 0)

    def _append(self, rows) -> None:
        code = self._code
        self._starts.extend(r[1] for r in rows)
        self._ends.extend(r[2] for r in rows)
        self._ids.extend(r[0] for r in rows)
        self._labels.extend(r[3] for r in rows)
        self._status.extend(code(r[4]) for r in rows)
        self._notes.extend(1 if r[5] else 0 for r in rows)

    def _rows(self):
        names = self._status_names
        return zip(self._ids, self._starts, self._ends, self._labels, (names[c] for c in self._status), self._notes)

    def _tally(self, label_id: int, status: str, k: int) -> None:
        key = (label_id, status)
        self._counts[key] = self._counts.get(key, 0) + k

    # -- changes -------------------------------------------------------------------------
    def load(self, rows, *, sorted_rows: bool = False) -> None:
        """Add many rows at once (ids already present are replaced)."""
        fresh = []
        for row in rows:
            sid, start, end = row[0], row[1], row[2]
            if sid in self._start_of:
                self.remove(sid)
            self._start_of[sid] = start
            self._tally(row[3], row[4], 1)
            if end - start > LONG:
                self._long[sid] = SpanItem(row)
            else:
                fresh.append(row)
        if not fresh:
            return
        fresh.sort(key=lambda r: (r[1], r[0]))
        n = len(self._starts)
        # rows that sort before the last one held (a page that starts on the same offset as the previous one
        # ended, with smaller ids) are inserted one by one; the rest, if that leaves few, is appended
        early = 0
        if n:
            last = (self._starts[-1], self._ids[-1])
            while early < len(fresh) and (fresh[early][1], fresh[early][0]) < last:
                early += 1
        if early < BULK:
            for row in fresh[:early]:
                start, sid = row[1], row[0]
                i, starts, ids = bisect_left(self._starts, start), self._starts, self._ids
                while i < len(starts) and starts[i] == start and ids[i] < sid:
                    i += 1
                self._insert_at(i, row)
            self._append(fresh[early:])
        else:
            merged = sorted([*self._rows(), *fresh], key=lambda r: (r[1], r[0]))
            long, start_of, counts = self._long, self._start_of, self._counts
            self.clear()
            self._long, self._start_of, self._counts = long, start_of, counts
            self._append(merged)

    def remove(self, span_id: int) -> None:
        start = self._start_of.pop(span_id, None)
        if start is None:
            return
        item = self._long.pop(span_id, None)
        if item is not None:
            self._tally(item.label_id, item.status, -1)
            return
        i = self._find(start, span_id)
        if i < 0:  # pragma: no cover - the arrays and the id map always agree
            return
        self._tally(self._labels[i], self._status_names[self._status[i]], -1)
        for arr in (self._starts, self._ends, self._ids, self._labels, self._status, self._notes):
            del arr[i]

    # -- queries -------------------------------------------------------------------------
    def get(self, span_id: int) -> SpanItem | None:
        start = self._start_of.get(span_id)
        if start is None:
            return None
        item = self._long.get(span_id)
        if item is not None:
            return item
        i = self._find(start, span_id)
        return self._item(i) if i >= 0 else None

    def in_range(self, a: int, b: int) -> list[SpanItem]:
        """Spans intersecting [a, b) (or touching position a when a == b), by start then longest first."""
        starts, ends = self._starts, self._ends
        lo = bisect_left(starts, a - LONG)
        hi = bisect_right(starts, b) if b > a else bisect_right(starts, a)
        item = self._item
        out = [item(i) for i in range(lo, hi) if ends[i] > a and (starts[i] < b or (a == b and starts[i] <= a))]
        out.extend(s for s in self._long.values() if s.end > a and (s.start < b or (a == b and s.start <= a)))
        out.sort(key=lambda s: (s.start, -s.end, s.id))
        return out

    def at(self, pos: int) -> list[SpanItem]:
        """Spans containing the character at ``pos``, innermost (shortest) first."""
        found = [s for s in self.in_range(pos, pos + 1) if s.start <= pos < s.end]
        found.sort(key=lambda s: (s.length, s.start, s.id))
        return found

    def ordered(self) -> list[SpanItem]:
        out = [self._item(i) for i in range(len(self._starts))]
        if self._long:
            out.extend(self._long.values())
            out.sort(key=lambda s: (s.start, -s.end, s.id))
        return out

    def neighbour(self, pos: tuple[int, int], *, backwards: bool = False, statuses=None) -> SpanItem | None:
        """The next span after ``pos`` = (start, id) in reading order (or previous), optionally by status."""
        codes = None if statuses is None else {i for i, n in enumerate(self._status_names) if n in statuses}
        ok = (lambda s: True) if statuses is None else (lambda s: s.status in statuses)
        longs = sorted((s for s in self._long.values() if ok(s)), key=lambda s: (s.start, s.id))
        starts, ids, status = self._starts, self._ids, self._status
        best = None
        if backwards:
            i = bisect_left(starts, pos[0])
            while i < len(starts) and starts[i] == pos[0] and ids[i] < pos[1]:
                i += 1
            i -= 1
            while i >= 0 and codes is not None and status[i] not in codes:
                i -= 1
            best = self._item(i) if i >= 0 else None
            cands = [s for s in longs if (s.start, s.id) < pos]
            if cands and (best is None or (cands[-1].start, cands[-1].id) > (best.start, best.id)):
                best = cands[-1]
        else:
            i = bisect_right(starts, pos[0])
            j = bisect_left(starts, pos[0])
            while j < i and ids[j] <= pos[1]:
                j += 1
            i = j
            while i < len(starts) and codes is not None and status[i] not in codes:
                i += 1
            best = self._item(i) if i < len(starts) else None
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


def grow_to_clusters(spans: list[SpanItem], ranges) -> list[tuple[int, int]]:
    """``ranges`` grown to the clusters of ``spans`` they overlap (merged, sorted). A cluster is a run of
    spans chained by overlaps: adding, removing or restyling a span can move the lanes of its cluster's
    spans (assign_lanes starts afresh at each cluster), and of no other span."""
    clusters: list[list[int]] = []
    for s in sorted(spans, key=lambda s: s.start):
        if clusters and s.start < clusters[-1][1]:
            clusters[-1][1] = max(clusters[-1][1], s.end)
        else:
            clusters.append([s.start, s.end])
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        for cs, ce in clusters:
            if cs < hi and ce > lo:
                lo, hi = min(lo, cs), max(hi, ce)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out
