"""`annotator backups PROJECT [--json]` and `annotator backups PROJECT --restore latest|N --out NEW [--force]`."""

from __future__ import annotations

import json

from ..core.errors import AnnotatorError


def register(sub) -> None:
    p = sub.add_parser("backups", help="list a project's backups, or restore one as a new project file")
    p.add_argument("project", help="the project file (it need not exist or be readable: its backups are listed)")
    p.add_argument("--json", action="store_true", help="list as JSON: number, path, time, size, documents, spans")
    p.add_argument("--restore", metavar="latest|N", help="restore the newest backup, or number N of the list")
    p.add_argument("--out", metavar="NEW", help="the new project file to restore into (must not exist)")
    p.add_argument("--force", action="store_true", help="replace --out if it exists (never the project itself)")
    p.set_defaults(func=cmd_backups)


def cmd_backups(args) -> int:
    from ..store.backup import backup_dir_for, backup_infos

    if args.restore is None:
        if args.out or args.force:
            raise AnnotatorError("--out and --force go with --restore latest|N")
        infos = backup_infos(args.project)
        if args.json:
            print(json.dumps([i.as_json() for i in infos], indent=2))
            return 0
        if not infos:
            print(f"no backups of {args.project} (they would be in {backup_dir_for(args.project)})")
            return 0
        print(f"{'N':>3}  {'time':<19} {'size':>10} {'documents':>9} {'spans':>7}  path")
        for i in infos:
            docs = "damaged" if i.documents is None else str(i.documents)
            spans = "" if i.spans is None else str(i.spans)
            print(f"{i.number:>3}  {i.time:%Y-%m-%d %H:%M:%S} {_size(i.size):>10} {docs:>9} {spans:>7}  {i.path}")
        return 0
    if not args.out:
        raise AnnotatorError("--restore needs --out NEW: the new project file (the project itself is never replaced)")
    from ..store.restore import choose_backup, restore_backup

    info = choose_backup(args.project, args.restore)
    out = restore_backup(info.path, args.out, args.project, force=args.force)
    docs = "?" if info.documents is None else info.documents
    print(f"restored backup {info.number} of {info.time:%Y-%m-%d %H:%M:%S} ({docs} documents, "
          f"{info.spans} spans) to {out}")
    return 0


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)
