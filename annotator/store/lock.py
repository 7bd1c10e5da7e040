"""A per-project lock file held while a window has the project open for writing.

The OS releases it when the process dies (flock / msvcrt.locking), so a crash leaves no stale lock.
The file is removed on release; acquire checks that the file it locked is still the one at the
path (the classic unlink race), and retries if not.
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
    def __init__(self, project_path: str):
        self.path = project_path + ".lock"
        self._fd: int | None = None

    def acquire(self) -> bool:
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
