"""`annotator labels PROJECT [--rename A B | --delete L [--reassign M | --force] | --delete-unused] [--json]`.

Without options: every label with its key, colour and span counts per status. ``--delete`` refuses a
label that spans use unless told what happens to them: ``--reassign M`` moves them to label M,
``--force`` deletes them (and their links). ``--delete-unused`` deletes every label no span uses and without a key (a project that
collected more labels than the app shows). Each change is one transaction, after a backup.
"""

from __future__ import annotations

import json
import sys

from ..core.errors import AnnotatorError


def register(sub) -> None:
    p = sub.add_parser("labels", help="list, rename or delete labels")
    p.add_argument("project")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="rename label OLD to NEW")
    action.add_argument("--delete", metavar="LABEL", help="delete a label (see --reassign and --force)")
    action.add_argument("--delete-unused", action="store_true", help="delete every label that no span uses and that has no key")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--reassign", metavar="LABEL", help="with --delete: move its spans to this label")
    what.add_argument("--force", action="store_true", help="with --delete: delete its spans (and their links) too")
    p.add_argument("--json", action="store_true", help="list as JSON")
    p.set_defaults(func=cmd_labels)


def cmd_labels(args) -> int:
    from ..store import open_project

    if (args.reassign or args.force) and not args.delete:
        print("annotator labels: error: --reassign and --force go with --delete", file=sys.stderr)
        return 2
    changing = bool(args.rename or args.delete or args.delete_unused)
    project = open_project(args.project, readonly=not changing)
    try:
        if args.rename:
            old, new = args.rename
            project.label(old)  # NotFound names the label
            _backup(project)
            project.update_label(old, new_name=new)
            print(f"renamed label {old} to {new}")
        elif args.delete:
            _delete(project, args)
        elif args.delete_unused:
            unused = project.unused_labels()
            if unused:
                _backup(project)
                project.delete_unused_labels()
            shown = ", ".join(unused[:10]) + (f" and {len(unused) - 10} more" if len(unused) > 10 else "")
            print(f"deleted {len(unused)} unused label(s){': ' + shown if unused else ''}; "
                  f"{len(project.labels())} left")
        else:
            _list(project, args.json)
    finally:
        project.close()
    return 0


def _delete(project, args) -> None:
    name = args.delete
    project.label(name)
    used = project.label_usage(name)
    if used and not (args.reassign or args.force):
        raise AnnotatorError(f"label {name!r} is used by {used} span(s): add --reassign OTHER to move them to "
                             "another label, or --force to delete them too")
    if args.reassign:
        project.label(args.reassign)
    _backup(project)
    if not used:
        project.delete_label(name)
        print(f"deleted label {name}")
    elif args.reassign:
        before = project.label_usage(args.reassign)
        project.delete_label(name, spans="reassign", reassign_to=args.reassign)
        moved = project.label_usage(args.reassign) - before
        merged = f" ({used - moved} had a {args.reassign} span at the same place already: merged)" if moved < used else ""
        print(f"deleted label {name}; {moved} of its span(s) are now {args.reassign}{merged}")
    else:
        project.delete_label(name, spans="delete")
        print(f"deleted label {name} and its {used} span(s)")


def _backup(project) -> None:
    """A copy of the project before a change the user may regret (the store's rolling backups)."""
    from ..store.paths import backups_dir

    try:
        path = project.backup(backups_dir())
    except Exception as e:  # noqa: BLE001 - no backup is a reason to stop, with one line
        raise AnnotatorError(f"could not back up {project.path} before changing it ({e}); nothing was changed")
    print(f"backup: {path}", file=sys.stderr)


def _list(project, as_json: bool) -> None:
    counts = project.stats()["by_label"]
    rows = [{"name": l.name, "key": l.key, "color": l.color, "description": l.description,
             "accepted": counts.get(l.name, {}).get("accepted", 0),
             "suggested": counts.get(l.name, {}).get("suggested", 0),
             "rejected": counts.get(l.name, {}).get("rejected", 0)} for l in project.labels()]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        print("no labels")
        return
    width = max(12, *(len(r["name"]) for r in rows))
    print(f"{'label':<{width}}  key  colour   accepted  suggested  rejected")
    for r in rows:
        print(f"{r['name']:<{width}}  {r['key'] or '-':<3}  {r['color']:<7}  {r['accepted']:>8}  {r['suggested']:>9}  "
              f"{r['rejected']:>8}")
