"""A per-project lock file held while a window has the project open for writing.

The OS releases it when the process dies (flock / msvcrt.locking), so a crash leaves no stale lock.
"""

from __future__ import annotations

import os
import socket


class ProjectLock:
    def __init__(self, project_path: str):
        self.path = project_path + ".lock"
        self._fd: int | None = None

    def acquire(self) -> bool:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return True  # cannot create a lock file (read-only folder): SQLite's own locking still applies
        try:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}@{socket.gethostname()}\n".encode())
        self._fd = fd
        return True

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
        # The lock file is left in place: unlinking it would let a process that already opened the
        # old file and a newcomer that creates a new one both "hold" the lock.
        try:
            os.close(self._fd)
        finally:
            self._fd = None
