"""Core: dataclasses, commands with do/undo and the Project facade. Standard library only."""

from .changes import Change
from .errors import AnnotatorError, InvalidSpan, LabelInUse, NotFound, ProjectError
from .models import (
    DEFAULT_LABELS,
    DEFAULT_LINK_TYPES,
    Document,
    Label,
    Link,
    LinkType,
    NewDocument,
    NewLink,
    NewSpan,
    Origin,
    Span,
    Status,
)
from .project import Project

__all__ = [
    "AnnotatorError", "InvalidSpan", "LabelInUse", "NotFound", "ProjectError",
    "DEFAULT_LABELS", "DEFAULT_LINK_TYPES", "Document", "Label", "Link", "LinkType",
    "NewDocument", "NewLink", "NewSpan", "Origin", "Span", "Status", "Change", "Project",
]
