"""doccano JSONL (sequence labelling): one line per document.

    {"id": doc id, "text": ..., "label": [[start, end, LABEL], ...], "meta": {...},
     "label_meta": [{"id", "status", "note"}, ...]}   # aligned with "label"

doccano keeps unknown keys as metadata; "label_meta" carries each span's id, status and note.
"""

from __future__ import annotations

import json

from .output import atomic_text, check_file_target
from .report import ExportReport
from .selection import doc_meta, iter_docs

_dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def targets(project, sel, out):
    return [out]


def write(project, sel, out, *, progress=None) -> ExportReport:
    out = check_file_target(out)
    report = ExportReport(files=[out])
    with atomic_text(out) as f:
        for data in iter_docs(project, sel, progress):
            d = data.doc
            record = {"id": d.id, "text": d.text,
                      "label": [[s.start, s.end, s.label] for s in data.spans],
                      "meta": doc_meta(d),
                      "label_meta": [{"id": s.id, "status": s.status, "note": s.note} for s in data.spans]}
            f.write(_dumps(record) + "\n")
            report.documents += 1
            report.spans += len(data.spans)
    return report
