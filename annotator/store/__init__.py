"""Store: the project as one SQLite file (sqlite-utils), behind the core's Backend port."""

from .backend import SqliteBackend
from .backup import list_backups, make_backup
from .files import NewerProject, NotAProject, ProjectLocked, ReadOnlyProject, create_project, inspect, open_project
from .search import SearchHit

__all__ = ["SqliteBackend", "create_project", "open_project", "inspect", "NewerProject", "NotAProject",
           "ProjectLocked", "ReadOnlyProject", "SearchHit", "make_backup", "list_backups"]
