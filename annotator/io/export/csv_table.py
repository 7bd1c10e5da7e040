"""CSV: one row per span with the document's fields and the span text (UTF-8, RFC 4180 quoting).

Span text may hold line breaks; they stay inside the quoted field. Text cells that a spreadsheet
would run as a formula (starting with = + - @, a tab or a carriage return) get a leading single
quote (OWASP's advice against CSV injection). A document exported without spans (``include_empty``)
is one row with the span columns empty.
"""

from __future__ import annotations

import csv

from .output import atomic_text, check_file_target
from .report import ExportReport
from .selection import iter_docs

COLUMNS = ("doc_id", "title", "outlet", "author", "date", "url", "span_id", "start", "end", "label",
           "status", "origin", "score", "note", "text")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A value safe to open in a spreadsheet: text that could start a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def targets(project, sel, out):
    return [out]


def write(project, sel, out, *, progress=None) -> ExportReport:
    out = check_file_target(out)
    report = ExportReport(files=[out])
    with atomic_text(out, newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for data in iter_docs(project, sel, progress):
            d, text = data.doc, data.doc.text
            head = (d.id, d.title, d.outlet, d.author, d.published, d.url)
            if not data.spans:
                w.writerow([cell(v) for v in head] + [""] * (len(COLUMNS) - len(head)))
            w.writerows([cell(v) for v in head + (s.id, s.start, s.end, s.label, s.status, s.origin,
                                                  "" if s.score is None else s.score, s.note, text[s.start:s.end])]
                        for s in data.spans)
            report.documents += 1
            report.spans += len(data.spans)
    return report
