"""Restoring a backup as a new project file (never over the project itself)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..core.errors import ProjectError
from .backup import backup_infos
from .damage import quick_check
from .protect import check_output_path


def choose_backup(project_path: str, which: str):
    """``which``: "latest" or a number from ``annotator backups`` (1 = newest). Returns a BackupInfo."""
    infos = backup_infos(project_path)
    if not infos:
        raise ProjectError(f"{project_path}: has no backups")
    if which == "latest":
        return infos[0]
    try:
        n = int(which)
    except ValueError:
        raise ProjectError(f"--restore: expected 'latest' or a backup number, not {which!r}") from None
    if not 1 <= n <= len(infos):
        raise ProjectError(f"--restore: no backup {n}; {project_path} has backups 1 to {len(infos)} (1 = newest)")
    return infos[n - 1]


def restore_backup(backup: Path, out, project_path: str, *, force: bool = False) -> Path:
    """Copy ``backup`` to the new project file ``out`` (temporary name, then rename).

    ``out`` must not be a file of the project (or of any project it is asked about), must not exist
    unless ``force``, and must not be open in another window."""
    out = Path(os.fspath(out))
    check_output_path(out, project_path)
    if out.is_dir():
        raise ProjectError(f"{out}: is a folder; give the new project's file name")
    if not out.parent.is_dir():
        raise ProjectError(f"{out}: the folder {out.parent} does not exist")
    if out.exists():
        if not force:
            raise ProjectError(f"{out}: already exists; choose another --out, or add --force to replace it")
        for suffix in ("-wal", "-journal"):
            if Path(str(out) + suffix).exists():
                raise ProjectError(f"{out}: is in use or was not closed cleanly ({out.name}{suffix} exists); "
                                   "close it or choose another --out")
        from .lock import ProjectLock

        lock = ProjectLock(str(out))
        if not lock.acquire():
            raise ProjectError(f"{out}: is open in another annotator window ({lock.owner()}); close it first")
        lock.release()
    src = sqlite3.connect(Path(backup).resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        problem = quick_check(src)
        if problem:
            raise ProjectError(f"{backup}: this backup is damaged too ({problem}); choose an older one")
        dest = sqlite3.connect(str(tmp))
        try:
            src.backup(dest)
        finally:
            dest.close()
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, out)
    except OSError as e:
        raise ProjectError(f"{out}: cannot write ({e.strerror or e})") from None
    finally:
        src.close()
        for p in (tmp, Path(str(tmp) + "-journal")):
            if p.exists():
                try:
                    p.unlink()
                except OSError:
                    pass
    return out
