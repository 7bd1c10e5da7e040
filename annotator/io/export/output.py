"""Output paths: checks before any work, and files written through a temporary name.

A file appears under its final name only when it is complete, so a failed or cancelled
export never leaves a half-written file behind.
"""

from __future__ import annotations

import os
import itertools
import re
import time
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from ...core.processes import pid_alive
from ...store.protect import Protected, check_output_path
from .report import ExportError

_counter = itertools.count()
_protected: ContextVar[tuple] = ContextVar("protected_projects", default=())
_PART = re.compile(r"^\..+\.(\d+)\.\d+\.part$")
STALE_PART_SECONDS = 60


@contextmanager
def protecting(*project_paths):
    """While active (in this thread), every target checked or written here is refused if it is a
    file of one of these projects (``store.protect.check_output_path``)."""
    token = _protected.set(_protected.get() + tuple(Protected(p) for p in project_paths if p))
    try:
        yield
    finally:
        _protected.reset(token)


def guard(out) -> None:
    check_output_path(out, *_protected.get())


def check_file_target(out) -> Path:
    path = Path(out)
    guard(path)
    sweep_parts(path.parent if str(path.parent) else Path("."))
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name to write")
    if not parent.exists():
        raise ExportError(f"{path}: the folder {parent} does not exist")
    if not parent.is_dir():
        raise ExportError(f"{path}: {parent} is not a folder")
    return path


def existing(paths) -> list[Path]:
    """The files among ``paths`` that exist (a folder in a file's place is left to "is a folder")."""
    return [Path(p) for p in paths if os.path.islink(p) or os.path.isfile(p)]


def refuse_existing(paths, force: bool = False) -> None:
    """Refuse to replace files that exist unless ``force`` (checked before anything is written)."""
    found = [] if force else existing(paths)
    if found:
        more = f" (and {len(found) - 1} other file(s) this export writes)" if len(found) > 1 else ""
        raise ExportError(f"{found[0]}: already exists{more}; use --force to replace {'them' if more else 'it'}")


def prepare_dir_target(out) -> Path:
    path = Path(out)
    guard(path)
    sweep_parts(path)
    if path.exists() and not path.is_dir():
        raise ExportError(f"{path}: is a file; this format writes a folder of files")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"{path}: cannot create the folder ({e.strerror or e})") from None
    return path


def _fail(path: Path, e: OSError) -> ExportError:
    return ExportError(f"{path}: cannot write ({e.strerror or e})")


@contextmanager
def atomic_text(path: Path, newline: str | None = "\n"):
    """Open a text file for writing (UTF-8, buffered); it replaces ``path`` only on success."""
    with _atomic(path, "w", encoding="utf-8", newline=newline, buffering=1 << 20) as f:
        yield f


@contextmanager
def atomic_binary(path: Path):
    with _atomic(path, "wb") as f:
        yield f


@contextmanager
def _atomic(path: Path, mode: str, **kw):
    guard(path)  # every file a folder format writes, too
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{next(_counter)}.part")
    try:
        f = open(tmp, mode.replace("w", "x"), **kw)  # normal permissions (umask), unlike mkstemp
    except OSError as e:
        raise _fail(path, e) from None
    try:
        with f:
            yield f
        os.replace(tmp, path)
    except OSError as e:
        _remove(tmp)
        raise _fail(path, e) from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(tmp) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def sweep_parts(folder: Path) -> None:
    """Remove ``.part`` files that killed exports left (ours by name; their process is gone)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for e in entries:
        m = _PART.match(e.name)
        if not m or int(m.group(1)) == os.getpid():
            continue
        try:
            if now - e.stat(follow_symlinks=False).st_mtime < STALE_PART_SECONDS or pid_alive(int(m.group(1))):
                continue
            os.unlink(e.path)
        except OSError:
            pass

