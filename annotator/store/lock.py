"""A per-project lock file held while a window has the project open for writing.

The OS releases it when the process dies (flock / msvcrt.locking), so a crash leaves no stale lock.
The file is removed on release; acquire checks that the file it locked is still the one at the
path (the classic unlink race), and retries if not.

The lock is keyed on the resolved file, not on the path as typed: ``<real path>.lock`` beside the
real file (symlinks, ``..``, other spellings) and a per-user ``locks/<device>-<inode>.lock`` (hard
links), so a second writer reaching the same file by another name is refused.
"""

from __future__ import annotations

import os
import socket
import sys


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class ProjectLock:
    """Both locks of a project file; ``acquire`` is True only if both were taken."""

    def __init__(self, project_path: str):
        from .protect import inode_lock_path

        self._locks = [_FileLock(os.path.realpath(project_path) + ".lock")]
        inode = inode_lock_path(project_path)
        if inode is not None:
            self._locks.append(_FileLock(str(inode), make_dir=True))
        self.path = self._locks[0].path
        self._refused: _FileLock | None = None

    def acquire(self) -> bool:
        taken: list[_FileLock] = []
        for lock in self._locks:
            if not lock.acquire():
                self._refused = lock
                for t in taken:
                    t.release()
                return False
            taken.append(lock)
        if len(self._locks) > 1:
            _sweep(os.path.dirname(self._locks[1].path), keep=self._locks[1].path)
        return True

    def owner(self) -> str:
        return (self._refused or self._locks[0]).owner()

    def release(self) -> None:
        for lock in reversed(self._locks):
            lock.release()


class _FileLock:
    def __init__(self, path: str, make_dir: bool = False):
        self.path = path
        self._make_dir = make_dir
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self._make_dir:
            try:
                os.makedirs(os.path.dirname(self.path), exist_ok=True)
            except OSError:
                pass
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError:
                return True  # cannot create a lock file (read-only folder): SQLite's own locking still applies
            if not _try_lock(fd):
                os.close(fd)
                return False
            try:
                same = os.name == "nt" or os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except OSError:
                same = False
            if not same:  # the holder released and removed it between our open and our lock: try again
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}@{socket.gethostname()}\n".encode())
            self._fd = fd
            return True
        return False

    def owner(self) -> str:
        try:
            with open(self.path, encoding="utf-8") as f:
                who = f.read().strip()
            return f"process {who}" if who else "another process"
        except OSError:
            return "another process"

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            if os.name != "nt":
                os.unlink(self.path)  # while still holding the lock
        except OSError:
            pass
        try:
            os.close(self._fd)
        finally:
            self._fd = None
            if sys.platform == "win32":  # pragma: no cover - Windows cannot unlink an open file
                try:
                    os.unlink(self.path)
                except OSError:
                    pass


def _sweep(folder: str, keep: str) -> None:
    """Remove per-inode lock files that killed processes left (nobody holds their lock). Safe against a
    process about to lock one: ``acquire`` re-checks that the file it locked is still at its path."""
    try:
        names = [n for n in os.listdir(folder) if n.endswith(".lock")]
    except OSError:
        return
    for name in names:
        path = os.path.join(folder, name)
        if path == keep:
            continue
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            continue
        try:
            if _try_lock(fd) and os.name != "nt":
                os.unlink(path)  # while holding its lock, as release() does
        except OSError:
            pass
        finally:
            os.close(fd)
