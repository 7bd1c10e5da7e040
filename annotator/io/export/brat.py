"""brat standoff: <out>/<NNN>_<slug>.txt and .ann per document, plus annotation.conf.

Offsets are code points of the .txt as written (written byte-exact, newline=""). A span that
holds line breaks is written with brat's discontinuous syntax, one fragment per line
("start end;start end"; empty pieces between consecutive line breaks are not fragments), and
its text field is the fragments joined by a space. Line breaks at either edge of a span are
therefore not part of any fragment (counted in a warning); a span of nothing but line breaks
cannot be written (left out, listed). Notes are "#n AnnotatorNotes Tn" lines, links inside one
document "Rn TYPE Arg1:Ti Arg2:Tj" lines; with status "all" each span's status is an attribute
("An Status Tn value"). Label and link type names get spaces replaced by "_".
"""

from __future__ import annotations

import re
import unicodedata

from .output import atomic_text, prepare_dir_target
from .report import ExportReport, WarningList
from .selection import LinkIndex, iter_docs, outside_warning

_UNSAFE = re.compile(r"[^a-z0-9]+")


def slug(title: str, limit: int = 40) -> str:
    ascii_ = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return _UNSAFE.sub("-", ascii_).strip("-")[:limit].strip("-") or "doc"


def brat_name(name: str) -> str:
    return re.sub(r"\s+", "_", name.strip()) or "_"


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of [start, end) between line breaks, empty pieces left out."""
    out, a = [], start
    while True:
        nl = text.find("\n", a, end)
        b = end if nl < 0 else nl
        if b > a:
            out.append((a, b))
        if nl < 0:
            return out
        a = nl + 1


def _line(value: str) -> str:
    return value.replace("\r", " ").replace("\n", " ")


def _stem(out, doc_id: int, title: str, width: int):
    return out / f"{doc_id:0{width}d}_{slug(title)}"


def _width(sel) -> int:
    return max(3, len(str(max(sel.doc_ids, default=0))))


def targets(project, sel, out):
    titles = {d.id: d.title for d in project.documents()}
    width = _width(sel)
    stems = [_stem(out, i, titles.get(i, ""), width) for i in sel.doc_ids]
    return [p for stem in stems for p in (stem.with_suffix(".txt"), stem.with_suffix(".ann"))] + [out / "annotation.conf"]


def write(project, sel, out, *, progress=None) -> ExportReport:
    out = prepare_dir_target(out)
    report = ExportReport()
    links = LinkIndex(project, sel.statuses)
    unwritable = WarningList("span(s) of nothing but line breaks left out (brat cannot hold them)")
    edges = WarningList("span(s) starting or ending with a line break: brat fragments leave the line break out")
    labels, types, exported = set(), set(), set()
    span_doc: dict[int, int] = {}
    width = _width(sel)
    for data in iter_docs(project, sel, progress):
        d, text = data.doc, data.doc.text
        stem = _stem(out, d.id, d.title, width)
        lines, tids = [], {}
        notes = 0
        for s in data.spans:
            exported.add(s.id)
            span_doc[s.id] = d.id
            frags = fragments(text, s.start, s.end)
            if not frags:
                unwritable.add(f"document {d.id}: span {s.id} {s.label} {s.start}-{s.end} holds only line breaks")
                continue
            if frags[0][0] != s.start or frags[-1][1] != s.end:
                edges.add(f"document {d.id}: span {s.id} {s.label} {s.start}-{s.end}")
            tid = f"T{len(tids) + 1}"
            tids[s.id] = tid
            label = brat_name(s.label)
            labels.add(label)
            where = ";".join(f"{a} {b}" for a, b in frags)
            lines.append(f"{tid}\t{label} {where}\t{' '.join(text[a:b] for a, b in frags)}\n")
            if s.note:
                notes += 1
                lines.append(f"#{notes}\tAnnotatorNotes {tid}\t{_line(s.note)}\n")
            if sel.all_statuses:
                lines.append(f"A{len(tids)}\tStatus {tid} {s.status}\n")
        for n, l in enumerate(links.within(tids), 1):
            kind = brat_name(l.type)
            types.add(kind)
            lines.append(f"R{n}\t{kind} Arg1:{tids[l.source_id]} Arg2:{tids[l.target_id]}\n")
            if l.note:
                notes += 1
                lines.append(f"#{notes}\tAnnotatorNotes R{n}\t{_line(l.note)}\n")
        txt, ann = stem.with_suffix(".txt"), stem.with_suffix(".ann")
        with atomic_text(txt, newline="") as f:
            f.write(text)
        with atomic_text(ann, newline="") as f:
            f.write("".join(lines))
        report.files += [txt, ann]
        report.documents += 1
        report.spans += len(tids)
    kept, outside = links.split(exported)
    cross_doc = sum(1 for l in kept if span_doc[l.source_id] != span_doc[l.target_id])
    conf = out / "annotation.conf"
    names = [brat_name(l.name) for l in project.labels() if sel.labels is None or l.name in sel.labels]
    kinds = [brat_name(t.name) for t in project.link_types()]
    with atomic_text(conf) as f:
        f.write(_conf(names + sorted(labels - set(names)), kinds + sorted(types - set(kinds)), sel.all_statuses))
    report.files.append(conf)
    unwritable.flush(report)
    edges.flush(report)
    if cross_doc:
        report.warnings.append(f"{cross_doc} link(s) between documents are not in brat (it has no cross-document "
                               "relations); export jsonl to keep them in its links file")
    if outside:
        report.warnings.append(outside_warning(outside))
    written = set(report.files)
    stale = [p for p in out.glob("*.ann") if p not in written]
    if stale:
        report.warnings.append(f"{out}: {len(stale)} other .ann file(s) in the folder were not written by this "
                               f"export (e.g. {stale[0].name}); brat will show them too")
    report.skipped = unwritable.count
    return report


def _conf(entities, relations, statuses: bool) -> str:
    lines = ["# written by annotator", "[entities]", *entities, "", "[relations]",
             "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
             *(f"{r}\tArg1:<ENTITY>, Arg2:<ENTITY>" for r in relations), "", "[events]", "", "[attributes]"]
    if statuses:
        lines.append("Status\tArg:<ENTITY>, Value:accepted|suggested|rejected")
    return "\n".join(lines) + "\n"
