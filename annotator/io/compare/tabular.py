"""CSV and JSON writers of the comparison matrix (the same rows and columns as the app's view)."""

from __future__ import annotations

import csv
import json

from .matrix import Matrix


def cell_text(cells) -> str:
    """'relation: text' per cell (suggested links marked), one per line."""
    out = []
    for c in cells:
        mark = " (suggested)" if c.status == "suggested" else ""
        out.append(f"{c.relation}{mark}: {' '.join(c.text.split())}")
    return "\n".join(out)


def write_csv(matrix: Matrix, f) -> None:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["source_start", "source_end", "source_labels", "source_passage"]
               + [c.header for c in matrix.columns] + ["outlets"])
    for row in matrix.rows:
        w.writerow([row.start, row.end, ",".join(row.labels), " ".join(row.text.split())]
                   + [cell_text(row.cells.get(c.doc_id, [])) for c in matrix.columns] + [row.outlets])


def as_json(matrix: Matrix, *, diffs: bool = True) -> dict:
    columns = [{"doc_id": c.doc_id, "header": c.header, "title": c.title, "outlet": c.outlet,
                "label_counts": dict(matrix.label_counts.get(c.doc_id, {})),
                "relation_counts": dict(matrix.relation_counts.get(c.doc_id, {}))} for c in matrix.columns]
    rows = []
    for row in matrix.rows:
        cells = []
        for col in matrix.columns:
            cells.append([{"link_id": c.link_id, "span_id": c.span_id, "start": c.start, "end": c.end,
                           "text": c.text, "relation": c.relation, "status": c.status, "label": c.label,
                           "score": c.score,
                           **({"diff": [op.as_json() for op in c.diff(row.text)]} if diffs else {})}
                          for c in row.cells.get(col.doc_id, [])])
        rows.append({"start": row.start, "end": row.end, "text": row.text, "labels": list(row.labels),
                     "span_ids": list(row.span_ids), "cells": cells, "outlets": row.outlets})
    return {"source": {"doc_id": matrix.source_id, "title": matrix.source_title}, "status": matrix.status,
            "labels": list(matrix.labels) if matrix.labels is not None else None,
            "annotator": matrix.annotator, "columns": columns, "rows": rows}


def write_json(matrix: Matrix, f) -> None:
    json.dump(as_json(matrix), f, ensure_ascii=False, indent=1)
    f.write("\n")
