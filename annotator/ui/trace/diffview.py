"""The word diff of a retelling against its source passage, as HTML for the inspector and the matrix tooltips.

Inserted words (the retelling's own) are underlined in green, deleted source words struck through in red,
changed words shown as old → new; a changed figure is emphasised (bold on a yellow ground) with both values.
The diff itself comes from the engine (annotator.nlp.align.diff.word_diff).
"""

from __future__ import annotations

from html import escape


def _ops(retelling: str, source: str):
    try:
        from ...nlp.align.diff import word_diff
    except ImportError:  # INTERIM until the engine's word_diff lands
        return _interim_ops(retelling, source)
    return word_diff(retelling, source)


def diff_html(retelling: str, source: str, dark: bool = False, title: str = "") -> str:
    ins = "#81c784" if dark else "#2e7d32"
    dele = "#ef9a9a" if dark else "#c62828"
    parts = []
    for op in _ops(retelling, source):
        kind, old, new = op.kind, escape(op.source), escape(op.retelling)
        numbers = getattr(op, "numbers_changed", False)
        if kind == "equal":
            parts.append(new)
        elif kind == "insert":
            parts.append(f"<span style='color:{ins};text-decoration:underline'>{new}</span>")
        elif kind == "delete":
            parts.append(f"<span style='color:{dele};text-decoration:line-through'>{old}</span>")
        else:  # replace
            change = (f"<span style='color:{dele};text-decoration:line-through'>{old}</span>"
                      f" → <span style='color:{ins};text-decoration:underline'>{new}</span>")
            if numbers:
                change = (f"<b style='background:#ffe082;color:#000'>&nbsp;{old} → {new}&nbsp;</b>")
            parts.append(change)
    head = f"<b>{escape(title)}</b><br>" if title else ""
    legend = (f"<br><small><span style='color:{ins};text-decoration:underline'>added</span> · "
              f"<span style='color:{dele};text-decoration:line-through'>left out</span> · "
              "<b style='background:#ffe082;color:#000'>changed figure</b></small>")
    return f"{head}<p style='white-space:pre-wrap'>{' '.join(p for p in parts if p)}</p>{legend}"


class _Op:
    __slots__ = ("kind", "source", "retelling", "numbers_changed")

    def __init__(self, kind, source, retelling, numbers_changed=False):
        self.kind, self.source, self.retelling, self.numbers_changed = kind, source, retelling, numbers_changed


def _interim_ops(retelling: str, source: str):
    import difflib
    import re

    a, b = source.split(), retelling.split()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=[w.lower() for w in a], b=[w.lower() for w in b],
                                                       autojunk=False).get_opcodes():
        old, new = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        nums = tag == "replace" and bool(re.search(r"\d", old + new))
        out.append(_Op(tag, old, new, nums))
    return out
