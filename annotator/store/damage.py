"""Damaged project files: the integrity check and the one line that says what to do.

SQLite reports a damaged file as "database disk image is malformed", "file is not a database" and
similar. Every such error, and a failed ``PRAGMA quick_check``, becomes a DamagedProject naming the
file, its newest backup and the exact command that restores it; nothing is written to the file.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from ..core.errors import ProjectError

_SIGNS = ("malformed", "not a database", "disk image", "database corrupt", "file is encrypted")


class DamagedProject(ProjectError):
    """The project file is damaged; writes are refused and the message says how to restore a backup."""


def is_damage(error: BaseException) -> bool:
    return isinstance(error, sqlite3.DatabaseError) and any(s in str(error).lower() for s in _SIGNS)


def damaged_message(path: str, detail: str = "") -> str:
    from .backup import age_text, backup_time, newest_backup, restore_command

    head = f"{path}: the project file is damaged" + (f" ({detail})" if detail else "") + "; nothing was written to it"
    try:
        newest = newest_backup(path)
    except OSError:
        newest = None
    if newest is None:
        return head + "; there is no backup of it (list them with: annotator backups PROJECT)"
    return (f"{head}. Newest backup: {newest} ({age_text(backup_time(newest) or datetime.now())}); restore it with: "
            f"{restore_command(path)}")


def damaged(path: str, error: BaseException | str = "") -> DamagedProject:
    detail = str(error).splitlines()[0] if error else ""
    return DamagedProject(damaged_message(path, detail))


def quick_check(conn: sqlite3.Connection) -> str | None:
    """None if the file passes SQLite's quick_check, else the first problem found."""
    try:
        rows = conn.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.DatabaseError as e:
        return str(e) if is_damage(e) else None  # busy, locked...: not a verdict on the file
    first = rows[0][0] if rows else "no result"
    if first == "ok":
        return None
    lines = [ln for ln in str(first).splitlines() if ln.strip() and not ln.startswith("***")]
    return "quick_check: " + (lines[0] if lines else str(first).strip())


def fresh_quick_check(path: str) -> str | None:
    """quick_check through a new read-only connection (an open connection's page cache may hide damage)."""
    from pathlib import Path

    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error as e:
        return str(e) if is_damage(e) else None
    try:
        return quick_check(conn)
    finally:
        conn.close()
