"""Data commands: init, import, export, docs, stats, search."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..core.errors import AnnotatorError
from .progress import Progress


def register(sub) -> None:
    p = sub.add_parser("init", help="create a new project file")
    p.add_argument("project")
    p.add_argument("--sample", action="store_true", help="import the sample corpus")
    p.add_argument("--annotator", metavar="NAME", help="who annotates in this project (default: your login name)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("import", help="import documents (txt, md, html, pdf, docx, jsonl) or folders")
    p.add_argument("project")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--outlet", help="outlet name for every imported document")
    p.add_argument("--lang", metavar="CODE", help="language of every imported document (ISO 639-1: en, ru, zh ...); "
                   "default: detected from each text")
    p.add_argument("--unknown-labels", choices=("error", "create", "skip"), default="error",
                   help="what to do with spans whose label the project does not have (default: error)")
    p.add_argument("--max-size", type=float, metavar="MB", default=None,
                   help="most text per document, in millions of characters (default: 20); larger files are refused")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export annotations")
    p.add_argument("project")
    p.add_argument("--format", required=True, choices=("jsonl", "spacy", "doccano", "brat", "csv", "w3c"))
    p.add_argument("--out", required=True, help="output file (jsonl, doccano, csv, w3c) or folder (spacy, brat)")
    p.add_argument("--labels", help="comma-separated label names (default: all)")
    p.add_argument("--status", choices=("accepted", "all"), default="accepted")
    p.add_argument("--dev-fraction", type=float, default=0.2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--split", choices=("none", "paragraph", "sentence"), default="none")
    p.add_argument("--include-empty", action="store_true",
                   help="also export documents with none of the exported spans (left out by default)")
    p.add_argument("--force", action="store_true", help="replace output files that exist already")
    p.add_argument("--annotator", metavar="NAME", help="export only this annotator's layer ('adjudicated' included; "
                                                        "default: every layer)")
    p.set_defaults(func=cmd_export)

    for name, func, helptext in (("docs", cmd_docs, "list documents with span counts per label"),
                                 ("stats", cmd_stats, "counts per label, per outlet, per status")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("project")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=func)

    p = sub.add_parser("search", help="full-text search with document and offset of each hit")
    p.add_argument("project")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)


def _open(path: str, readonly: bool = False):
    from ..store import open_project

    return open_project(path, readonly=readonly)


def _backup(project, reason: str) -> None:
    """A backup before a batch change (throttled; refuses a damaged file). Closes the project on failure."""
    from ..store import backup_before_batch

    try:
        backup_before_batch(project, reason)
    except BaseException:
        project.close()
        raise


def cmd_init(args) -> int:
    from ..store import create_project

    project = create_project(args.project, annotator=getattr(args, "annotator", None))
    try:
        if args.sample:
            from ..io.sample import import_sample

            report = import_sample(project)
            if report.problems:
                raise AnnotatorError("; ".join(report.problems))
            print(f"created {args.project} with {len(report.added)} sample documents (annotator {project.annotator})")
        else:
            print(f"created {args.project} (annotator {project.annotator})")
    finally:
        project.close()
    return 0


def _lang_code(code: str | None) -> str | None:
    if code is None:
        return None
    code = code.strip().lower()
    if not code.isalpha() or not 2 <= len(code) <= 3:
        raise AnnotatorError(f"--lang {code!r}: give a two- or three-letter ISO 639 language code such as en, ru or zh")
    return code


def cmd_import(args) -> int:
    from ..core.limits import MAX_TEXT_CHARS
    from ..io.importer import import_paths

    max_chars = MAX_TEXT_CHARS
    if args.max_size is not None:
        if not 0 < args.max_size <= 10_000:
            print(f"annotator import: error: --max-size must be above 0 and at most 10000 MB, not {args.max_size:g}",
                  file=sys.stderr)
            return 2
        max_chars = int(args.max_size * 1_000_000)
    project = _open(args.project)
    _backup(project, "import")
    progress = Progress()
    try:
        report = import_paths(project, args.paths, outlet=args.outlet, unknown_labels=args.unknown_labels,
                              progress=progress, lang=_lang_code(args.lang), max_chars=max_chars)
    finally:
        progress.close()
        project.close()
    print(f"imported {len(report.added)} document(s)")
    for label in report.created_labels:
        print(f"created label {label}")
    for d in report.duplicates:
        print(f"skipped duplicate: {d}")
    for r in getattr(report, "skipped_records", ()):
        print(f"skipped record: {r}")
    for f in report.skipped_files:
        print(f"skipped file: {f}")
    for note in getattr(report, "notes", ()):
        print(f"note: {note}")
    for s in report.skipped_spans:
        print(f"skipped span: {s}", file=sys.stderr)
    for problem in report.problems:
        print(f"annotator: {problem}", file=sys.stderr)
    if report.problems:
        print(f"annotator: {len(report.problems)} problem(s); the files named above were not imported", file=sys.stderr)
        return 1
    return 0


def cmd_export(args) -> int:
    from ..io.export import export

    if not 0 <= args.dev_fraction < 1:
        raise AnnotatorError(f"--dev-fraction must be at least 0 and below 1, not {args.dev_fraction}")
    project = _open(args.project, readonly=True)
    labels = [l.strip() for l in args.labels.split(",") if l.strip()] if args.labels else None
    if labels:
        known = {l.name for l in project.labels()}
        unknown = [l for l in labels if l not in known]
        if unknown:
            project.close()
            raise AnnotatorError(f"unknown label(s): {', '.join(unknown)} (the project has {', '.join(sorted(known))})")
    try:
        from ..core.annotators import layer

        source = layer(project, getattr(args, "annotator", None))
    except AnnotatorError:
        project.close()
        raise
    progress = Progress()
    try:
        report = export(source, args.format, args.out, labels=labels, status=args.status,
                        dev_fraction=args.dev_fraction, seed=args.seed, split=args.split,
                        include_empty=args.include_empty, force=args.force, progress=progress)
    finally:
        progress.close()
        project.close()
    print(f"exported {report.spans} span(s) from {report.documents} document(s) to "
          + ", ".join(str(f) for f in report.files))
    if report.info.get("left_out_empty"):
        print(f"left out {report.info['left_out_empty']} document(s) with no exported spans "
              "(--include-empty keeps them)")
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0


def cmd_docs(args) -> int:
    project = _open(args.project, readonly=True)
    try:
        docs = project.documents()
        labels = [l.name for l in project.labels()]
    finally:
        project.close()
    if args.json:
        print(json.dumps([{"id": d.id, "title": d.title, "outlet": d.outlet, "author": d.author,
                           "published": d.published, "url": d.url, "source_file": d.source_file,
                           "characters": d.length, "spans": d.counts} for d in docs], ensure_ascii=False, indent=2))
        return 0
    header = f"{'id':>4}  {'title':<48} {'outlet':<20} {'date':<10} " + " ".join(f"{l[:7]:>7}" for l in labels)
    print(header)
    for d in docs:
        title = d.title if len(d.title) <= 48 else d.title[:47] + "…"
        print(f"{d.id:>4}  {title:<48} {d.outlet[:20]:<20} {d.published[:10]:<10} "
              + " ".join(f"{d.counts.get(l, 0):>7}" for l in labels))
    return 0


def cmd_stats(args) -> int:
    project = _open(args.project, readonly=True)
    try:
        stats = project.stats()
    finally:
        project.close()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print(f"{stats['documents']} documents, {stats['characters']:,} characters, {stats['spans']} spans, "
          f"{stats['links']} links")
    print("\nper label:        accepted  suggested  rejected")
    for label, by in stats["by_label"].items():
        print(f"  {label:<15} {by.get('accepted', 0):>8} {by.get('suggested', 0):>10} {by.get('rejected', 0):>9}")
    print("\nper outlet:       documents  accepted spans")
    for outlet, by in stats["by_outlet"].items():
        print(f"  {outlet[:15]:<15} {by['documents']:>10} {by['spans']:>15}")
    print("\nper status: " + ", ".join(f"{k} {v}" for k, v in stats["by_status"].items()))
    return 0


def cmd_search(args) -> int:
    project = _open(args.project, readonly=True)
    try:
        hits = project.search(args.query, limit=args.limit)
    finally:
        project.close()
    if args.json:
        print(json.dumps([{"doc_id": h.doc_id, "title": h.title, "start": h.start, "end": h.end,
                           "context": h.context} for h in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print(f"no hits for {args.query!r}", file=sys.stderr)
        return 0
    for h in hits:
        context = h.context.replace("\n", " ")
        print(f"doc {h.doc_id} [{h.start}:{h.end}] {h.title[:40]}: …{context}…")
    return 0
