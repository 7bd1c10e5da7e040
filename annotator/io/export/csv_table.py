"""CSV: one row per span with the document's fields and the span text (UTF-8, RFC 4180 quoting).

Span text may hold line breaks; they stay inside the quoted field.
"""

from __future__ import annotations

import csv

from .output import atomic_text, check_file_target
from .report import ExportReport
from .selection import iter_docs

COLUMNS = ("doc_id", "title", "outlet", "author", "date", "url", "span_id", "start", "end", "label",
           "status", "origin", "score", "note", "text")


def write(project, sel, out, *, progress=None) -> ExportReport:
    out = check_file_target(out)
    report = ExportReport(files=[out])
    with atomic_text(out, newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for data in iter_docs(project, sel, progress):
            d, text = data.doc, data.doc.text
            w.writerows((d.id, d.title, d.outlet, d.author, d.published, d.url, s.id, s.start, s.end, s.label,
                         s.status, s.origin, "" if s.score is None else s.score, s.note, text[s.start:s.end])
                        for s in data.spans)
            report.documents += 1
            report.spans += len(data.spans)
    return report
