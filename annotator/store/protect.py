"""Which files belong to a project, and the one guard every writer of user-chosen paths uses.

A project is its file plus SQLite's -wal/-shm/-journal beside it, our lock files and its backups.
``check_output_path(out, project_path)`` refuses an output path that is, or would replace, any of
them: found by real path (symlinks, ``..``, other spellings), by device/inode (hard links, bind
mounts) and by name without regard to case in the same folder (case-insensitive file systems).
Exporters, restore, and other commands' ``--out`` go through it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import ProjectError

SIDECARS = {"-wal": "the write-ahead log (-wal) of the project", "-shm": "the shared-memory file (-shm) of the project",
            "-journal": "the rollback journal (-journal) of the project", ".lock": "the lock file of the project"}


class ProtectedPath(ProjectError):
    """An output path that would write over a project, its SQLite files, its lock or a backup."""


@dataclass
class ProtectedFile:
    path: Path  # real path
    what: str  # "the project file", "the write-ahead log (-wal) of the project", ...


def _identity(path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def inode_lock_path(project_path) -> Path | None:
    """The per-user lock file keyed by the project file's device and inode (hard links share it)."""
    ident = _identity(project_path)
    if ident is None:
        return None
    from .paths import data_dir

    return data_dir() / "locks" / f"{ident[0]}-{ident[1]}.lock"


def project_files(project_path) -> list[ProtectedFile]:
    """Every file that belongs to the project at ``project_path`` (existing or not), by real path."""
    from .backup import backup_dir_for

    real = Path(os.path.realpath(project_path))
    out = [ProtectedFile(real, "the project file")]
    out += [ProtectedFile(Path(str(real) + suffix), what) for suffix, what in SIDECARS.items()]
    lock = inode_lock_path(real)
    if lock is not None:
        out.append(ProtectedFile(lock, "the lock file of the project"))
    folder = backup_dir_for(str(real))
    if folder.is_dir():
        out += [ProtectedFile(Path(os.path.realpath(b)), "a backup of the project") for b in folder.iterdir()]
    return out


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


class Protected:
    """The files of one project, looked up once; ``reason(out)`` is then cheap (for exports that
    write thousands of files)."""

    def __init__(self, project_path):
        from .paths import backups_dir, data_dir

        self.project_path = os.fspath(project_path)
        self.files = project_files(self.project_path)
        self.by_path = {f.path: f.what for f in self.files}
        self.by_id = {}
        self.by_name = {}
        for f in self.files:
            ident = _identity(f.path)
            if ident is not None:
                self.by_id.setdefault(ident, f.what)
            parent = _identity(f.path.parent)
            if parent is not None:
                self.by_name.setdefault((parent, f.path.name.casefold()), f.what)
        self.folders = [(Path(os.path.realpath(backups_dir())), "the backups folder"),
                        (Path(os.path.realpath(data_dir() / "locks")), "the lock files' folder")]

    def reason(self, out) -> str | None:
        """What ``out`` would overwrite of the project (a phrase naming it), or None."""
        out = os.fspath(out)
        real = Path(os.path.realpath(out))
        if real in self.by_path:
            return f"{self.by_path[real]} {self.project_path}"
        ident = _identity(out)
        if ident is not None and ident in self.by_id:
            return f"{self.by_id[ident]} {self.project_path} under another name"
        parent = _identity(real.parent)
        if parent is not None and (parent, real.name.casefold()) in self.by_name:
            return f"{self.by_name[(parent, real.name.casefold())]} {self.project_path} in other letter case"
        for folder, what in self.folders:
            if real == folder or _inside(real, folder):
                return f"in {what} {folder}"
        return None


def protected_reason(out, project_path) -> str | None:
    """What ``out`` would overwrite of the project at ``project_path`` (a phrase naming it), or None."""
    return Protected(project_path).reason(out)


def check_output_path(out, *projects) -> Path:
    """The output guard: raise ProtectedPath (one line) if ``out`` is, or would replace, a file of any
    of the projects (the file, -wal/-shm/-journal, lock, backups); else return ``Path(out)``.
    ``projects``: project paths (or ``Protected`` sets made once for many checks); None is skipped.
    Call it before writing anything to ``out``."""
    for project in projects:
        if project is None:
            continue
        why = (project if isinstance(project, Protected) else Protected(project)).reason(out)
        if why:
            raise ProtectedPath(f"{out}: refusing to write there: that is {why}; choose another output path")
    return Path(out)
