"""Rolling backups of a project file, made with SQLite's online backup API (safe while open)."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path


def backup_dir_for(project_path: str, root: str | os.PathLike) -> Path:
    stem = Path(project_path).stem
    import hashlib

    tag = hashlib.sha1(str(Path(project_path).resolve()).encode()).hexdigest()[:8]
    return Path(root) / f"{stem}-{tag}"


def make_backup(conn: sqlite3.Connection, project_path: str, root: str | os.PathLike, keep: int = 10) -> Path:
    """Copy the open project into ``root``/<name>-<hash>/<name>-<timestamp>.annotator, keeping the newest ``keep``."""
    folder = backup_dir_for(project_path, root)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{Path(project_path).stem}-{stamp}.annotator"
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    backups = sorted(folder.glob("*.annotator"))
    for old in backups[:-keep]:
        try:
            old.unlink()
        except OSError:
            pass
    return target


def list_backups(project_path: str, root: str | os.PathLike) -> list[Path]:
    return sorted(backup_dir_for(project_path, root).glob("*.annotator"))
