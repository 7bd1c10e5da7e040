"""Trace commands: `align` (source passages for each retelling span or sentence) and `compare` (the matrix)."""

from __future__ import annotations

import argparse
import json
import sys

from ..core.errors import AnnotatorError
from .progress import Progress


def _ids(value: str) -> list[int]:
    try:
        out = [int(v) for v in value.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected document ids separated by commas, not {value!r}") from None
    if not out:
        raise argparse.ArgumentTypeError("expected at least one document id")
    return out


def _names(value: str) -> list[str]:
    out = list(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    if not out:
        raise argparse.ArgumentTypeError("expected label names separated by commas")
    return out


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return n


def register(sub) -> None:
    p = sub.add_parser("align", help="rank the source passages each retelling span (or sentence) comes from")
    p.add_argument("project")
    p.add_argument("--source", required=True, type=int, metavar="DOC", help="id of the source document")
    p.add_argument("--docs", type=_ids, metavar="ID,ID", help="documents to trace (default: every other one)")
    p.add_argument("--labels", type=_names, metavar="L1,L2",
                   help="only spans with these labels (with --units sentences: the first is the label of the "
                        "spans --add creates; default CLAIM)")
    p.add_argument("--units", choices=("spans", "sentences"), default="spans",
                   help="trace the documents' spans (default) or every sentence (for unannotated retellings)")
    p.add_argument("--top", type=_positive, default=3, metavar="K", help="candidates per unit (default 3)")
    p.add_argument("--add", action="store_true",
                   help="add each unit's top candidate as a suggested link (never touching reviewed links)")
    p.add_argument("--json", action="store_true", help="one JSON object per line per unit")
    p.set_defaults(func=cmd_align)

    p = sub.add_parser("compare", help="export the comparison matrix of a source and its retellings")
    p.add_argument("project")
    p.add_argument("--source", required=True, type=int, metavar="DOC", help="id of the source document")
    p.add_argument("--out", required=True, help="output file")
    p.add_argument("--format", choices=("csv", "html", "json"),
                   help="default: from the --out extension (.html, .json), else csv")
    p.add_argument("--status", choices=("accepted", "all"), default="accepted",
                   help="accepted links only (default) or suggested ones too")
    p.add_argument("--labels", type=_names, metavar="L1,L2", help="only links of spans with these labels")
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    p.add_argument("--annotator", metavar="NAME", help="only this annotator's layer ('adjudicated' included; "
                                                        "default: every layer)")
    p.set_defaults(func=cmd_compare)


def _open(path: str, readonly: bool):
    from ..store import open_project

    return open_project(path, readonly=readonly)


def cmd_align(args) -> int:
    from ..nlp.align import add_links, align

    project = _open(args.project, readonly=not args.add)
    progress = Progress()
    try:
        units = align(project, args.source, doc_ids=args.docs, labels=args.labels, units=args.units, top=args.top,
                      progress=lambda done, total: progress(done, total, "tracing"))
        progress.close()
        change = add_links(project, units, source_id=args.source, label=(args.labels or [None])[0]) \
            if args.add else None
    finally:
        progress.close()
        project.close()
    if args.json:
        for u in units:
            print(json.dumps(u.as_json(), ensure_ascii=False))
    else:
        _table(units)
    if change is not None:
        links = len(change.added.get("link", ()))
        spans = len(change.added.get("span", ()))
        print(f"added {links} suggested link(s) and {spans} suggested span(s)",
              file=sys.stderr if args.json else sys.stdout)
    return 0


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _table(units) -> None:
    if not units:
        print("nothing to trace", file=sys.stderr)
        return
    for u in units:
        what = f"span {u.span_id} {u.label}" if u.span_id is not None else "sentence"
        print(f"doc {u.doc_id} {what} [{u.start}:{u.end}] {_short(u.text, 90)}")
        if not u.candidates:
            print("    (no passage of the source says this)")
        for k, c in enumerate(u.candidates, 1):
            figs = "; ".join(f"{s} → {r}" for s, r in c.figures)
            note = f"  ({figs})" if figs else (f"  ({'; '.join(c.reasons)})" if c.reasons else "")
            print(f"  {k}. {c.score:.3f} {c.relation:<11} [{c.start}:{c.end}] {_short(c.text, 80)}{note}")


def cmd_compare(args) -> int:
    from ..io.compare import export_compare

    fmt = args.format or _format_of(args.out)
    project = _open(args.project, readonly=True)
    try:
        report = export_compare(project, args.source, args.out, fmt=fmt, status=args.status, labels=args.labels,
                                force=args.force, annotator=args.annotator)
    finally:
        project.close()
    print(f"wrote {report.rows} passage(s) x {report.columns} document(s), {report.links} link(s), to {report.path}")
    if report.layers > 1 and not args.annotator:
        print(f"note: the project has {report.layers} annotators' layers and every one is counted (a place two "
              f"annotators linked shows twice); --annotator NAME keeps one", file=sys.stderr)
    return 0


def _format_of(out: str) -> str:
    low = out.lower()
    if low.endswith((".html", ".htm")):
        return "html"
    if low.endswith(".json"):
        return "json"
    return "csv"


__all__ = ["register", "cmd_align", "cmd_compare", "AnnotatorError"]
