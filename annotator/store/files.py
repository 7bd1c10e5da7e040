"""Opening and creating project files: checks before any write, WAL, foreign keys, a lock, migrations."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from ..core.annotators import SETTING, check_annotator_name
from ..core.errors import ProjectError
from ..core.project import Project
from .backend import SqliteBackend, open_in_this_process
from .backup import make_backup
from .damage import damaged, is_damage, quick_check
from .lock import ProjectLock
from .schema import known_migrations, migrations

SQLITE_MAGIC = b"SQLite format 3\x00"


class ReadOnlyProject(ProjectError):
    """The file (or its folder) cannot be written; it can still be opened read-only."""


class NewerProject(ProjectError):
    pass


class NotAProject(ProjectError):
    pass


class ProjectLocked(ProjectError):
    """Another running annotator has the project open; it can still be opened read-only."""


def _connect(path: str, readonly: bool, immutable: bool = False) -> sqlite3.Connection:
    if (readonly and not immutable and not Path(path + "-wal").exists() and not _writable(path)
            and not open_in_this_process(path)):
        # a read-only folder or file: SQLite could not create the -wal/-shm a WAL reader needs, and no
        # writer can be active without a -wal file: read it as immutable
        immutable = True
    if readonly:
        # immutable: read without creating -wal/-shm files (only safe when no writer can be active)
        uri = Path(path).resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=5.0)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def inspect(path: str) -> list[str]:
    """Check that ``path`` is an annotator project that this version can open, without writing to it.

    Returns the names of the applied migrations.
    """
    p = Path(path)
    if not p.exists():
        raise ProjectError(f"{path}: no such project file")
    if p.is_dir():
        raise NotAProject(f"{path}: is a folder, not an annotator project file")
    if open_in_this_process(path):
        head = SQLITE_MAGIC  # never open() a file SQLite has open here: its close would drop SQLite's locks
    else:
        try:
            with open(p, "rb") as f:
                head = f.read(16)
        except OSError as e:
            raise ProjectError(f"{path}: cannot be read ({e.strerror})") from None
    if head != SQLITE_MAGIC:
        what = "an empty file" if not head else "not an SQLite database"
        raise NotAProject(f"{path}: not an annotator project ({what})")
    try:
        # No -wal file means no writer has the file open in WAL mode: read it as immutable so that
        # inspecting a file we then refuse (newer schema, not a project) leaves no -wal/-shm behind.
        # (not if this process has it open: an immutable connection closes its file without regard to the locks
        # the process's other connections hold on it)
        conn = _connect(path, readonly=True,
                        immutable=not Path(path + "-wal").exists() and not open_in_this_process(path))
    except sqlite3.Error as e:
        raise ProjectError(f"{path}: cannot be opened ({e})") from None
    try:
        applied = [m.name for m in migrations.applied(Database(conn))]  # read-only
    except sqlite3.DatabaseError as e:
        from .backup import newest_backup

        if newest_backup(path) is not None:  # it was a project: say it is damaged and how to restore it
            raise damaged(path, e) from None
        raise NotAProject(f"{path}: not an annotator project ({e})") from None
    finally:
        conn.close()
    if not applied:
        raise NotAProject(f"{path}: an SQLite database, but not an annotator project")
    unknown = [n for n in applied if n not in known_migrations()]
    if unknown:
        raise NewerProject(
            f"{path}: made by a newer version of annotator (schema {unknown[-1]}); update annotator to open it"
        )
    return applied


def _writable(path: str) -> bool:
    p = Path(path)
    return os.access(p, os.W_OK) and os.access(p.parent, os.W_OK)


def create_project(path: str | os.PathLike, *, author: str = "", annotator: str | None = None) -> Project:
    """Create a new, empty project file (refuses to overwrite an existing file). ``annotator``: the
    project's annotator name (default: the OS login name)."""
    path = os.fspath(path)
    p = Path(path)
    if p.exists():
        raise ProjectError(f"{path}: already exists; open it instead")
    if not p.parent.exists():
        raise ProjectError(f"{p.parent}: no such folder")
    if not os.access(p.parent, os.W_OK):
        raise ReadOnlyProject(f"{p.parent}: folder is read-only; cannot create the project there")
    if annotator is not None:
        annotator = check_annotator_name(annotator)
    conn = _connect(path, readonly=False)
    conn.execute("PRAGMA journal_mode = WAL")
    db = Database(conn)
    migrations.apply(db)
    if annotator is not None:
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (SETTING, json.dumps(annotator)))
    conn.close()
    return open_project(path, author=author)


def open_project(path: str | os.PathLike, *, readonly: bool = False, create: bool = False,
                 author: str = "", lock: bool = True) -> Project:
    """Open a project file. Raises ProjectError subclasses with a one-line message; never modifies a file
    that it refuses (not a project, newer version)."""
    path = os.fspath(path)
    if create and not Path(path).exists():
        return create_project(path, author=author)
    applied = inspect(path)
    if not readonly and not _writable(path):
        raise ReadOnlyProject(f"{path}: the project file (or its folder) is read-only: it can be read, searched and "
                              "exported (or opened with --read-only) but not changed")
    project_lock = None
    if not readonly and lock:
        project_lock = ProjectLock(path)
        if not project_lock.acquire():
            raise ProjectLocked(f"{path}: is open in another annotator window ({project_lock.owner()}); "
                                "open it read-only or close the other window")
    try:
        conn = _connect(path, readonly=readonly)
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL: a commit survives a crash or kill of the app (the WAL is written before COMMIT
            # returns); only a power cut can lose the last few commits, never corrupt the file. FULL
            # would fsync every keypress (p95 8 ms here against 0.14 ms).
            conn.execute("PRAGMA synchronous = NORMAL")
        db = Database(conn)
        if not readonly and len(applied) < len(known_migrations()):
            problem = quick_check(conn)
            if problem:
                raise damaged(path, problem)
            make_backup(conn, path, check=False)  # (checked above) the file as it was, before migrating
            migrations.apply(db)
    except (sqlite3.Error, ProjectError, OSError) as e:
        if project_lock:
            project_lock.release()
        if isinstance(e, ProjectError):
            raise
        if is_damage(e):
            raise damaged(path, e) from None
        what = "cannot be opened" if not isinstance(e, OSError) else "cannot be backed up before its upgrade"
        raise ProjectError(f"{path}: {what} ({e})") from None
    return Project(SqliteBackend(db, path, readonly=readonly, lock=project_lock), author=author)
