"""W3C Web Annotation (JSON-LD): one AnnotationCollection holding every span as an Annotation.

Each span: target {source: the document's url, or urn:annotator:doc:<id> when it has none;
selector: [TextQuoteSelector (exact, 32 code points of prefix/suffix), TextPositionSelector
(code-point start/end, as the model requires)]}; body: the label as a "tagging" TextualBody,
the note (if any) as a "commenting" one, and with status "all" the status as an "assessing" one.

Links between exported spans are Annotations too, with motivation "linking": their target is
the ids of the two span annotations (source first), their body the link type ("classifying")
and the note ("commenting"). Links with an end outside the export are left out and counted.
"""

from __future__ import annotations

import json

from .output import atomic_text, check_file_target
from .report import ExportReport
from .selection import LinkIndex, iter_docs, outside_warning

_dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX = 32


def doc_source(doc) -> str:
    return doc.url or f"urn:annotator:doc:{doc.id}"


def span_iri(span_id: int) -> str:
    return f"urn:annotator:span:{span_id}"


def _body(value: str, purpose: str) -> dict:
    return {"type": "TextualBody", "purpose": purpose, "value": value}


def targets(project, sel, out):
    return [out]


def write(project, sel, out, *, progress=None) -> ExportReport:
    out = check_file_target(out)
    report = ExportReport(files=[out])
    items = []
    exported: set[int] = set()
    for data in iter_docs(project, sel, progress):
        d, text = data.doc, data.doc.text
        source = doc_source(d)
        for s in data.spans:
            body = [_body(s.label, "tagging")]
            if s.note:
                body.append(_body(s.note, "commenting"))
            if sel.all_statuses:
                body.append(_body(s.status, "assessing"))
            items.append({
                "id": span_iri(s.id), "type": "Annotation", "motivation": "tagging",
                "created": s.created, "modified": s.updated, "body": body,
                "target": {"source": source, "selector": [
                    {"type": "TextQuoteSelector", "exact": text[s.start:s.end],
                     "prefix": text[max(0, s.start - AFFIX):s.start], "suffix": text[s.end:s.end + AFFIX]},
                    {"type": "TextPositionSelector", "start": s.start, "end": s.end}]},
            })
            exported.add(s.id)
        report.documents += 1
        report.spans += len(data.spans)
    kept, outside = LinkIndex(project, sel.statuses).split(exported)
    for l in kept:
        body = [_body(l.type, "classifying")]
        if l.note:
            body.append(_body(l.note, "commenting"))
        if sel.all_statuses:
            body.append(_body(l.status, "assessing"))
        items.append({"id": f"urn:annotator:link:{l.id}", "type": "Annotation", "motivation": "linking",
                      "created": l.created, "body": body, "target": [span_iri(l.source_id), span_iri(l.target_id)]})
    if outside:
        report.warnings.append(outside_warning(outside))
    collection = {"@context": CONTEXT, "id": "urn:annotator:export", "type": "AnnotationCollection",
                  "label": f"annotator export of {report.documents} document(s)", "total": len(items),
                  "first": {"type": "AnnotationPage", "startIndex": 0, "items": []}}
    head = json.dumps(collection, ensure_ascii=False)
    cut = head.rindex("[]")  # the empty items list: annotations go there, one per line
    with atomic_text(out) as f:
        f.write(head[:cut] + "[\n")
        f.write(",\n".join(map(_dumps, items)))
        f.write("\n" + head[cut + 1:] + "\n")
    report.info.update(links=len(kept))
    return report
