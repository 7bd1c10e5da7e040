"""The word diff of a retelling against its source passage, as HTML for the inspector and the matrix tooltips.

Inserted words (the retelling's own) are underlined in green, deleted source words struck through in red,
changed words shown as old → new; a changed figure is emphasised (bold on a yellow ground) with both values.
The diff itself comes from the engine (annotator.nlp.align.diff.word_diff).
"""

from __future__ import annotations

from html import escape


def diff_html(retelling: str, source: str, dark: bool = False, title: str = "") -> str:
    ins = "#81c784" if dark else "#2e7d32"
    dele = "#ef9a9a" if dark else "#c62828"
    from ...nlp.align.diff import word_diff

    parts = []
    for op in word_diff(retelling, source):
        kind, old, new = op.op, escape(op.source), escape(op.retelling)
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
