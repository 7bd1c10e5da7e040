"""Core: dataclasses, commands with do/undo and the Project facade. Standard library only."""

from .errors import AnnotatorError, InvalidSpan, LabelInUse, NotFound, ProjectError
from .models import (
    DEFAULT_LABELS,
    DEFAULT_LINK_TYPES,
    Document,
    Label,
    Link,
    LinkType,
    NewDocument,
    NewSpan,
    Origin,
    Span,
    Status,
)
from .changes import Change
from .project import Project

__all__ = [
    "AnnotatorError", "InvalidSpan", "LabelInUse", "NotFound", "ProjectError",
    "DEFAULT_LABELS", "DEFAULT_LINK_TYPES", "Document", "Label", "Link", "LinkType",
    "NewDocument", "NewSpan", "Origin", "Span", "Status", "Change", "Project",
]
