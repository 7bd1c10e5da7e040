"""Whether a process still runs: leftovers (temporary files, work folders) of dead processes may be removed."""

from __future__ import annotations

import os


def pid_alive(pid: int) -> bool:
    """True when ``pid`` is this process or one that still exists (or cannot be checked: assume alive)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True
