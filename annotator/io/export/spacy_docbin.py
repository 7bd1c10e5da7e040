"""spaCy DocBin export: train.spacy and dev.spacy, spans in doc.spans["sc"].

Documents (not spans) are split between train and dev with random.Random(seed). Docs are
made with the blank tokenizer of each document's language, as at import. With status "all",
doc.user_data["annotator"]["status"] maps each span's ``id_`` (our span id) to its status. A span that does
not fall on spaCy token boundaries cannot be held by a Doc: it is left out, counted and
listed in the report's warnings (document, span id, offsets and text).
"""

from __future__ import annotations

import random

from .nlp import blank
from .output import atomic_binary, prepare_dir_target
from .report import ExportError, ExportReport, WarningList
from .selection import iter_docs

SPANS_KEY = "sc"


def dev_ids(doc_ids, dev_fraction: float, seed: int) -> set[int]:
    """Documents that go to dev: a seeded shuffle of the sorted ids, at least one each side when possible."""
    ids = sorted(doc_ids)
    random.Random(seed).shuffle(ids)
    n = len(ids)
    k = round(n * dev_fraction)
    if dev_fraction > 0 and n >= 2:
        k = min(max(k, 1), n - 1)
    return set(ids[:k])


def targets(project, sel, out):
    return [out / "train.spacy", out / "dev.spacy"]


def write(project, sel, out, *, dev_fraction: float = 0.2, seed: int = 0, progress=None) -> ExportReport:
    try:
        dev_fraction = float(dev_fraction)
    except (TypeError, ValueError):
        raise ExportError(f"dev fraction must be a number between 0 and 1, not {dev_fraction!r}") from None
    if not 0 <= dev_fraction < 1:
        raise ExportError(f"dev fraction must be at least 0 and below 1, not {dev_fraction}")
    out = prepare_dir_target(out)
    from spacy.tokens import DocBin

    dev = dev_ids(sel.doc_ids, dev_fraction, seed)
    bins = {"train": DocBin(store_user_data=True), "dev": DocBin(store_user_data=True)}
    counts = {"train": 0, "dev": 0}
    report = ExportReport()
    left_out = WarningList("span(s) not on spaCy token boundaries, left out of the DocBin (a Doc cannot hold them)")
    for data in iter_docs(project, sel, progress):
        d = data.doc
        doc = blank(d.lang).make_doc(d.text)
        spans = []
        for s in data.spans:
            span = doc.char_span(s.start, s.end, label=s.label, span_id=str(s.id))
            if span is None:
                left_out.add(f"document {d.id}: span {s.id} {s.label} {s.start}-{s.end} {d.text[s.start:s.end]!r} "
                             "is not on token boundaries")
                continue
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        info = {"doc_id": d.id, "title": d.title, "outlet": d.outlet}
        if sel.all_statuses:  # span.id_ is our span id; its status is here
            info["status"] = {str(s.id): s.status for s in data.spans}
        doc.user_data["annotator"] = info
        part = "dev" if d.id in dev else "train"
        bins[part].add(doc)
        counts[part] += 1
        report.documents += 1
        report.spans += len(spans)
    for part, docbin in bins.items():
        path = out / f"{part}.spacy"
        with atomic_binary(path) as f:
            f.write(docbin.to_bytes())
        report.files.append(path)
    left_out.flush(report)
    report.misaligned = report.skipped = left_out.count
    report.info.update(train=counts["train"], dev=counts["dev"], seed=seed, dev_fraction=dev_fraction)
    return report
