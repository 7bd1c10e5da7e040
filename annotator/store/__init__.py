"""Store: the project as one SQLite file (sqlite-utils), behind the core's Backend port."""

import sys


def _load_sqlite_utils() -> None:
    """Import sqlite_utils without numpy, unless numpy is already loaded. sqlite_utils imports numpy (and pandas)
    only to map their scalar types to column types when it guesses a table's schema from Python values; the
    store declares every column, and numpy costs 0.3-0.5 s of every app start (it is imported later, when
    something needs it, unaffected)."""
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return
    hidden = {name: None for name in ("numpy", "pandas") if name not in sys.modules}
    sys.modules.update(hidden)  # `import numpy` raises ImportError while these are None
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


_load_sqlite_utils()

from .backend import SqliteBackend  # noqa: E402
from .backup import backup_before_batch, list_backups, make_backup  # noqa: E402
from .damage import DamagedProject  # noqa: E402
from .files import (NewerProject, NotAProject, ProjectLocked, ReadOnlyProject, create_project,  # noqa: E402
                    inspect, open_project)
from .protect import ProtectedPath, check_output_path  # noqa: E402
from .search import SearchHit  # noqa: E402

__all__ = ["SqliteBackend", "create_project", "open_project", "inspect", "NewerProject", "NotAProject",
           "ProjectLocked", "ReadOnlyProject", "SearchHit", "make_backup", "list_backups",
           "backup_before_batch", "DamagedProject", "ProtectedPath", "check_output_path"]
