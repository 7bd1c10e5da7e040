"""Backups of a project file, made with SQLite's online backup API (safe while the project is open).

Each backup is written under a temporary name and renamed when complete, so a backup name always
holds a whole file. Retention keeps a spread: the newest 10, the first backup of each of the last
7 days and the first of each of the last 5 weeks. ``backup_before_batch`` is what commands call
before a batch change (import, suggest, train, merge...): it checks the file first (a damaged file
is never backed up over good backups) and makes at most one backup per few minutes.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from ..core.processes import pid_alive

KEEP_LAST, KEEP_DAYS, KEEP_WEEKS = 10, 7, 5
BATCH_INTERVAL = 300  # seconds: at most one batch backup per 5 minutes
_STAMP = re.compile(r"-(\d{8}-\d{6}-\d{6})\.annotator$")
_PART = re.compile(r"^\..+\.(\d+)\.part$")


def backup_dir_for(project_path: str, root: str | os.PathLike | None = None) -> Path:
    """The folder of a project's backups: <backups>/<name>-<hash of the real path>."""
    if root is None:
        from .paths import backups_dir

        root = backups_dir()
    real = os.path.realpath(project_path)
    tag = hashlib.sha1(str(Path(real)).encode()).hexdigest()[:8]
    return Path(root) / f"{Path(real).stem}-{tag}"


def backup_time(path: Path) -> datetime | None:
    m = _STAMP.search(path.name)
    return datetime.strptime(m.group(1), "%Y%m%d-%H%M%S-%f") if m else None


def list_backups(project_path: str, root: str | os.PathLike | None = None) -> list[Path]:
    """The project's backups, oldest first."""
    folder = backup_dir_for(project_path, root)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob("*.annotator") if backup_time(p) is not None]
    return sorted(found, key=lambda p: backup_time(p) or datetime.min)


def newest_backup(project_path: str, root=None) -> Path | None:
    backups = list_backups(project_path, root)
    return backups[-1] if backups else None


def make_backup(conn: sqlite3.Connection, project_path: str, root: str | os.PathLike | None = None,
                keep: int | None = None, check: bool = True) -> Path:
    """Copy the open project into its backup folder (temporary name, then rename); prune old ones:
    by default with the retention spread (``keep_set``); ``keep=N`` keeps only the newest N.
    ``check``: first run quick_check on the file (a fresh connection); a damaged file raises
    DamagedProject and is never backed up over the good backups."""
    if check:
        from .damage import damaged, fresh_quick_check

        problem = fresh_quick_check(project_path)
        if problem:
            raise damaged(project_path, problem)
    folder = backup_dir_for(project_path, root)
    folder.mkdir(parents=True, exist_ok=True)
    _sweep_parts(folder)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{Path(os.path.realpath(project_path)).stem}-{stamp}.annotator"
    tmp = folder / f".{target.name}.{os.getpid()}.part"
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        finally:
            dest.close()
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        for p in (tmp, Path(str(tmp) + "-journal")):
            try:
                p.unlink()
            except OSError:
                pass
        raise
    prune(folder, keep_last=keep or KEEP_LAST, spread=keep is None)
    return target


def keep_set(stamps: list[datetime], now: datetime | None = None, keep_last: int = KEEP_LAST,
             spread: bool = True) -> set[datetime]:
    """Which backups retention keeps: the newest ``keep_last``, and with ``spread`` the first of each
    of the last KEEP_DAYS days and the first of each of the last KEEP_WEEKS weeks."""
    now = now or datetime.now()
    ordered = sorted(stamps)
    keep = set(ordered[-keep_last:]) if keep_last else set()
    if not spread:
        return keep
    firsts: dict[tuple, datetime] = {}
    for t in ordered:  # oldest first: the first seen in a bucket is the bucket's first backup
        if now - t <= timedelta(days=KEEP_DAYS):
            firsts.setdefault(("day", t.date()), t)
        if now - t <= timedelta(weeks=KEEP_WEEKS):
            firsts.setdefault(("week",) + tuple(t.isocalendar()[:2]), t)
    return keep | set(firsts.values())


def prune(folder: Path, keep_last: int = KEEP_LAST, now: datetime | None = None, spread: bool = True) -> list[Path]:
    backups = {t: p for p in folder.glob("*.annotator") if (t := backup_time(p)) is not None}
    keep = keep_set(list(backups), now, keep_last, spread)
    removed = []
    for t, p in backups.items():
        if t not in keep:
            try:
                p.unlink()
                removed.append(p)
            except OSError:
                pass
    return removed



def _sweep_parts(folder: Path) -> None:
    """Remove temporary files of backups whose process is gone (killed mid-backup)."""
    for p in folder.iterdir():
        m = _PART.match(p.name)
        if m and int(m.group(1)) != os.getpid() and not pid_alive(int(m.group(1))):
            try:
                p.unlink()
            except OSError:
                pass


def backup_before_batch(project, reason: str = "", min_interval: float | None = None) -> Path | None:
    """Back up ``project`` before a batch change, unless a backup is younger than ``min_interval``
    seconds (default BATCH_INTERVAL). Checks the file first (quick_check, every time a backup is
    due): raises DamagedProject instead of backing up a damaged file over the good backups.
    Returns the new backup, or None (read-only, or throttled)."""
    backend = project.backend
    if getattr(backend, "readonly", False):
        return None
    check = getattr(backend, "check_integrity", None)
    if check is not None:
        check()  # the session's first check (cached), so a damaged file is refused even when throttled
    interval = BATCH_INTERVAL if min_interval is None else min_interval
    newest = newest_backup(project.path)
    if newest is not None and interval > 0:
        age = (datetime.now() - (backup_time(newest) or datetime.min)).total_seconds()
        if 0 <= age < interval:
            return None
    if check is not None:
        check(again=True)
    return make_backup(backend.conn, project.path, check=check is None)


@dataclass
class BackupInfo:
    number: int  # 1 = newest
    path: Path
    time: datetime
    size: int
    documents: int | None  # None: the backup cannot be read
    spans: int | None

    def as_json(self) -> dict:
        return {"number": self.number, "path": str(self.path), "time": self.time.isoformat(timespec="seconds"),
                "size": self.size, "documents": self.documents, "spans": self.spans}


def backup_infos(project_path: str) -> list[BackupInfo]:
    """The project's backups, newest first, with their document and span counts."""
    out = []
    for n, p in enumerate(reversed(list_backups(project_path)), 1):
        docs = spans = None
        try:
            conn = sqlite3.connect(p.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
            try:
                docs = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
                spans = conn.execute("SELECT COUNT(*) FROM spans").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.Error:
            pass
        try:
            size = p.stat().st_size
        except OSError:
            continue
        out.append(BackupInfo(n, p, backup_time(p) or datetime.min, size, docs, spans))
    return out


def restore_command(project_path: str) -> str:
    stem = Path(project_path).with_suffix("")
    return f"annotator backups {_quote(project_path)} --restore latest --out {_quote(str(stem) + '-restored.annotator')}"


def _quote(s: str) -> str:
    import shlex

    return shlex.quote(s)


def age_text(t: datetime) -> str:
    secs = time.time() - t.timestamp()
    if secs < 120:
        return "just now"
    if secs < 7200:
        return f"{int(secs // 60)} minutes ago"
    if secs < 2 * 86400:
        return f"{int(secs // 3600)} hours ago"
    return f"{int(secs // 86400)} days ago"
