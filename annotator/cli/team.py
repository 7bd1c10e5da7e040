"""Team commands: merge, agreement, adjudicate (annotator layers)."""

from __future__ import annotations

import json
import sys

from ..core.annotators import ADJUDICATED, parse_annotators
from ..core.errors import AnnotatorError


def register(sub) -> None:
    p = sub.add_parser("merge", help="bring the documents, spans, notes and links of other projects into TARGET")
    p.add_argument("target", metavar="TARGET")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--unknown-labels", choices=("error", "create", "skip"), default="error",
                   help="labels or link types TARGET does not have: refuse (default), create them, or skip those spans")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("agreement", help="pairwise inter-annotator agreement per label (exact/overlap F1, kappa, alpha_u, links)")
    p.add_argument("project")
    p.add_argument("--annotators", metavar="A,B,...", help="annotators to compare (default: all but adjudicated)")
    p.add_argument("--labels", metavar="L1,L2", help="labels (default: all)")
    p.add_argument("--docs", metavar="ID,ID", help="document ids (default: every document both annotated)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser("adjudicate", help=f"fill the {ADJUDICATED} layer with spans and links the annotators agree on")
    p.add_argument("project")
    p.add_argument("--auto", choices=("agreed", "majority"), required=True,
                   help="agreed: made identically by all the annotators; majority: by more than half of them")
    p.add_argument("--annotators", metavar="A,B,...", help="annotators to use (default: all but adjudicated)")
    p.set_defaults(func=cmd_adjudicate)


def cmd_merge(args) -> int:
    from ..store import open_project
    from ..store.merge import merge_project, preflight
    from ..store.merge_source import names_in

    labels, types = names_in(args.target)  # every source is checked before the target is opened for writing
    for source in args.sources:
        preflight(labels, types, source, args.unknown_labels, args.target)
    project = open_project(args.target)
    try:
        _backup(project)
        for source in args.sources:
            report = merge_project(project, source, args.unknown_labels)
            for line in report.lines():
                print(line)
    finally:
        project.close()
    return 0


def cmd_agreement(args) -> int:
    from ..io.agreement import compute_agreement

    project = _open(args.project)
    try:
        result = compute_agreement(project, annotators=parse_annotators(args.annotators),
                                   labels=parse_annotators(args.labels), doc_ids=_ids(args.docs),
                                   details=False)
    finally:
        project.close()
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(result.matrix())
    return 0


def cmd_adjudicate(args) -> int:
    from ..io.adjudicate import auto_adjudicate
    from ..store import open_project

    project = open_project(args.project)
    try:
        report = auto_adjudicate(project, args.auto, annotators=parse_annotators(args.annotators))
    finally:
        project.close()
    print(report.line())
    return 0


def _backup(project) -> None:
    """A copy of the target before a batch change (the store's rolling backups); no backup, no merge."""
    from ..store.paths import backups_dir

    try:
        path = project.backup(backups_dir())
    except Exception as e:  # noqa: BLE001 - one line, nothing changed
        raise AnnotatorError(f"could not back up {project.path} before merging into it ({e}); nothing was merged")
    print(f"backup: {path}", file=sys.stderr)


def _open(path: str):
    from ..store import open_project

    return open_project(path, readonly=True)


def _ids(value: str | None) -> list[int] | None:
    if not value:
        return None
    try:
        return [int(x) for x in value.split(",") if x.strip()]
    except ValueError:
        raise AnnotatorError(f"--docs: expected comma-separated document ids, got {value!r}") from None
