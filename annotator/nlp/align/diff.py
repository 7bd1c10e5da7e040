"""Word-level diff of a retelling against its source passage, for the inspector and the HTML export.

Words are compared folded (case, typographic quotes, accents) and without their punctuation; each op carries
the original texts (with their punctuation and spacing) and their offsets. Ops read from the source to the
retelling: ``insert`` = words the retelling adds, ``delete`` = source words it leaves out, ``replace`` = words
it changes (``numbers_changed`` when a figure differs between the two sides).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import figures, fold, same_value

_CHUNK = re.compile(r"\S+")
_KEY = re.compile(r"\w+")


@dataclass(frozen=True)
class DiffOp:
    op: str  # "equal", "insert", "delete" or "replace"
    retelling: str  # the retelling's words in this op ("" for delete)
    source: str  # the source's words in this op ("" for insert)
    numbers_changed: bool = False
    retelling_start: int = 0  # offsets into the texts given to word_diff
    retelling_end: int = 0
    source_start: int = 0
    source_end: int = 0

    def as_json(self) -> dict:
        return {"op": self.op, "retelling": self.retelling, "source": self.source,
                "numbers_changed": self.numbers_changed}


def _chunks(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _CHUNK.finditer(text):
        key = " ".join(_KEY.findall(fold(m.group(0))))
        if key:
            out.append((m.start(), m.end(), key))
        elif out:  # a lone punctuation mark ("-", "...") rides with the word before it
            s, _, k = out[-1]
            out[-1] = (s, m.end(), k)
    return out


def word_diff(retelling: str, source: str) -> list[DiffOp]:
    from rapidfuzz.distance import Levenshtein

    r, s = _chunks(retelling), _chunks(source)
    ops = []
    for o in Levenshtein.opcodes([k for *_, k in s], [k for *_, k in r]):
        s0, s1 = _span(s, o.src_start, o.src_end, len(source))
        r0, r1 = _span(r, o.dest_start, o.dest_end, len(retelling))
        rt, st = retelling[r0:r1], source[s0:s1]
        changed = o.tag == "replace" and _numbers_differ(rt, st)
        ops.append(DiffOp(o.tag, rt, st, changed, r0, r1, s0, s1))
    return _merge(ops, retelling, source)


def _span(chunks, i: int, j: int, length: int) -> tuple[int, int]:
    if i < j:
        return chunks[i][0], chunks[j - 1][1]
    at = chunks[i][0] if i < len(chunks) else length
    return at, at


def _numbers_differ(a: str, b: str) -> bool:
    fa, fb = figures(a), figures(b)
    if not fa or not fb:
        return False
    return any(not any(same_value(x.value, y.value) for y in fb) for x in fa)


def _merge(ops: list[DiffOp], retelling: str, source: str) -> list[DiffOp]:
    """A run of changes between two equal stretches reads better as one: a replace when both sides have words
    ("high - around five" -> "$7", where the figure change shows), else one insert or delete."""
    out: list[DiffOp] = []
    run: list[DiffOp] = []

    def flush():
        if not run:
            return
        r0, r1 = _extent([(o.retelling_start, o.retelling_end) for o in run])
        s0, s1 = _extent([(o.source_start, o.source_end) for o in run])
        rt, st = retelling[r0:r1], source[s0:s1]
        kind = "replace" if rt and st else "insert" if rt else "delete"
        out.append(DiffOp(kind, rt, st, kind == "replace" and _numbers_differ(rt, st), r0, r1, s0, s1))
        run.clear()

    for op in ops:
        if op.op == "equal":
            flush()
            out.append(op)
        else:
            run.append(op)
    flush()
    return out


def _extent(ranges: list[tuple[int, int]]) -> tuple[int, int]:
    """The stretch the non-empty ranges cover (an empty range only marks where an insert or delete sits)."""
    full = [(a, b) for a, b in ranges if a < b]
    if not full:
        return ranges[0][0], ranges[0][0]
    return min(a for a, _ in full), max(b for _, b in full)
