"""Store: the project as one SQLite file (sqlite-utils), behind the core's Backend port."""

from .backend import SqliteBackend
from .backup import backup_before_batch, list_backups, make_backup
from .damage import DamagedProject
from .files import NewerProject, NotAProject, ProjectLocked, ReadOnlyProject, create_project, inspect, open_project
from .protect import ProtectedPath, check_output_path
from .search import SearchHit

__all__ = ["SqliteBackend", "create_project", "open_project", "inspect", "NewerProject", "NotAProject",
           "ProjectLocked", "ReadOnlyProject", "SearchHit", "make_backup", "list_backups",
           "backup_before_batch", "DamagedProject", "ProtectedPath", "check_output_path"]
