"""The comparison as one self-contained HTML file: the matrix (relation colour + word, the retelling's text, its
word diff against the passage on hover and in a fold-out), and per-outlet bar charts of label counts and of
quotes / paraphrases / distorts links. No script, no external resource: it opens anywhere and mails well."""

from __future__ import annotations

from html import escape
from string import Template

from .matrix import Matrix

RELATION_COLOURS = {"quotes": "#2e7d32", "paraphrases": "#1565c0", "distorts": "#c62828"}
OTHER_COLOUR = "#6d6d6d"

PAGE = Template("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}.meta{color:#666;margin-bottom:16px}
table.m{border-collapse:collapse;width:100%}table.m th,table.m td{border:1px solid #ddd;padding:6px;vertical-align:top}
table.m th{background:#f6f6f6;position:sticky;top:0;text-align:left}td.src{min-width:18em;background:#fcfcf4}
td.n{text-align:center;font-weight:600}.off{color:#999;font-size:11px}
.rel{display:inline-block;color:#fff;border-radius:3px;padding:0 5px;font-size:11px;font-weight:600;margin-bottom:2px}
.sug{opacity:.75;border:1px dashed #fff}.cell+.cell{border-top:1px dotted #ccc;margin-top:4px;padding-top:4px}
details summary{cursor:pointer;color:#555;font-size:11px}.diff{font-size:12px;margin-top:3px}
ins{background:#d8f5d8;text-decoration:none}del{background:#fadada}mark.num{background:#ffd54f;font-weight:700}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{border:1px solid #ddd;border-radius:4px;padding:8px 12px;min-width:260px}
.chart h3{font-size:14px;margin:0 0 6px}.bar{display:flex;align-items:center;gap:6px;font-size:12px;margin:2px 0}
.bar .k{width:90px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.bar .b{height:12px;border-radius:2px}
.legend span{margin-right:12px}
</style></head><body>
<h1>$title</h1>
<div class="meta">$meta</div>
<div class="legend">$legend</div>
<table class="m"><thead><tr><th>Source passage</th>$headers<th>Outlets</th></tr></thead>
<tbody>
$rows
</tbody></table>
<h2>Per outlet</h2>
<div class="charts">
$charts
</div>
</body></html>
""")


def write_html(matrix: Matrix, f) -> None:
    f.write(render(matrix))


def render(matrix: Matrix) -> str:
    what = "accepted links" if matrix.status == "accepted" else "accepted and suggested links"
    labels = f"; labels {', '.join(matrix.labels)}" if matrix.labels else ""
    layer = f"; annotator {matrix.annotator}" if matrix.annotator else ""
    meta = (f"{len(matrix.rows)} source passage(s) retold by {len(matrix.columns)} document(s); {what}{labels}{layer}.")
    legend = "".join(f'<span>{_badge(r, "accepted")} </span>' for r in RELATION_COLOURS)
    headers = "".join(f'<th title="{escape(c.title)}">{escape(c.header)}</th>' for c in matrix.columns)
    rows = "\n".join(_row(matrix, r) for r in matrix.rows) or (
        f'<tr><td colspan="{len(matrix.columns) + 2}">No links to this source yet.</td></tr>')
    charts = "\n".join(_chart(matrix, c) for c in matrix.columns)
    return PAGE.substitute(title=escape(f"Comparison: {matrix.source_title or 'source'}"), meta=escape(meta),
                           legend=legend, headers=headers, rows=rows, charts=charts)


def _badge(relation: str, status: str) -> str:
    colour = RELATION_COLOURS.get(relation, OTHER_COLOUR)
    cls = "rel sug" if status == "suggested" else "rel"
    word = relation + (" (suggested)" if status == "suggested" else "")
    return f'<span class="{cls}" style="background:{colour}">{escape(word)}</span>'


def _row(matrix: Matrix, row) -> str:
    cells = []
    for col in matrix.columns:
        parts = []
        for c in row.cells.get(col.doc_id, []):
            diff = _diff_html(c.diff(row.text))
            parts.append(f'<div class="cell" title="{escape(_plain_diff(c.diff(row.text)))}">{_badge(c.relation, c.status)}'
                         f"<div>{escape(c.text)}</div><details><summary>diff</summary>"
                         f'<div class="diff">{diff}</div></details></div>')
        cells.append(f"<td>{''.join(parts)}</td>")
    labels = escape(", ".join(row.labels))
    return (f'<tr><td class="src">{escape(row.text)}<div class="off">{row.start}–{row.end} · {labels}</div></td>'
            f'{"".join(cells)}<td class="n">{row.outlets}</td></tr>')


def _diff_html(ops) -> str:
    out = []
    for op in ops:
        if op.op == "equal":
            out.append(escape(op.source))
        elif op.op == "delete":
            out.append(f"<del>{escape(op.source)}</del>")
        elif op.op == "insert":
            out.append(f"<ins>{escape(op.retelling)}</ins>")
        else:
            wrap = (lambda s: f'<mark class="num">{s}</mark>') if op.numbers_changed else (lambda s: s)
            out.append(f"<del>{wrap(escape(op.source))}</del><ins>{wrap(escape(op.retelling))}</ins>")
    return " ".join(out)


def _plain_diff(ops) -> str:
    out = []
    for op in ops:
        if op.op == "equal":
            out.append(op.source)
        elif op.op == "delete":
            out.append(f"[-{op.source}-]")
        elif op.op == "insert":
            out.append(f"{{+{op.retelling}+}}")
        else:
            out.append(f"[-{op.source}-]{{+{op.retelling}+}}")
    return " ".join(out)


def _chart(matrix: Matrix, col) -> str:
    labels = matrix.label_counts.get(col.doc_id, {})
    relations = matrix.relation_counts.get(col.doc_id, {})
    top = max([1, *labels.values(), *relations.values()])
    bars = ["<div><b>Labels</b></div>"]
    bars += [_bar(name, n, top, "#888") for name, n in sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))]
    if not labels:
        bars.append('<div class="off">no spans</div>')
    bars.append("<div><b>Links to the source</b></div>")
    for rel in matrix.relations():
        if relations.get(rel) or rel in RELATION_COLOURS:
            bars.append(_bar(rel, relations.get(rel, 0), top, RELATION_COLOURS.get(rel, OTHER_COLOUR)))
    return f'<div class="chart"><h3>{escape(col.header)}</h3>{"".join(bars)}</div>'


def _bar(name: str, n: int, top: int, colour: str) -> str:
    width = int(160 * n / top) if n else 0
    return (f'<div class="bar"><span class="k" title="{escape(name)}">{escape(name)}</span>'
            f'<span class="b" style="width:{width}px;background:{colour}"></span><span>{n}</span></div>')
