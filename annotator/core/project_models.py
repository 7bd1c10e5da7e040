"""Project: trained models and pattern files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .changes import Change
from .commands import Command, Composite, Delete, Insert, Update
from .errors import InvalidSpan
from .project_docs import now


if TYPE_CHECKING:
    from .project_host import ProjectHost
else:
    ProjectHost = object


class ModelsMixin(ProjectHost):
    # -- models and pattern files (not undoable: files on disk go with them) -------------------
    def models(self) -> list[dict]:
        """Registered span models: dict rows (id, name, path, created, labels, metrics, data, active)."""
        return self.backend.all_rows("model")

    def active_model(self) -> dict | None:
        return next((m for m in self.models() if m["active"]), None)

    def register_model(self, name: str, path: str, labels, metrics: dict, data: dict, active: bool = True) -> int:
        changes = {m["id"]: {"active": 0} for m in self.models() if m["active"]} if active else {}
        commands: list[Command] = [Update("model", changes)] if changes else []
        insert = Insert("model", [dict(id=None, name=name, path=path, created=now(), labels=list(labels),
                                       metrics=metrics, data=data, active=int(active))])
        self._run(Composite(commands + [insert], f"Register model {name}"), undoable=False)
        return insert.ids[0]

    def update_model(self, model_id: int, **fields) -> Change:
        return self._run(Update("model", {model_id: fields}, "Edit model"), undoable=False)

    def set_active_model(self, model_id: int | None) -> Change:
        """Make one model active (None: no active model)."""
        changes = {m["id"]: {"active": int(m["id"] == model_id)} for m in self.models()}
        return self._run(Update("model", changes, "Set active model"), undoable=False)

    def delete_model(self, model_id: int) -> Change:
        """Forget a model (its folder on disk is left to the caller)."""
        return self._run(Delete("model", [model_id], "Delete model"), undoable=False)

    def pattern_files(self) -> list[dict]:
        """Project pattern files: dict rows (id, name, content, enabled, created)."""
        return self.backend.all_rows("pattern_file")

    def add_pattern_file(self, name: str, content: str, enabled: bool = True) -> int:
        if any(p["name"] == name for p in self.pattern_files()):
            raise InvalidSpan(f"a pattern file named {name!r} already exists")
        insert = Insert("pattern_file", [dict(id=None, name=name, content=content, enabled=int(enabled), created=now())],
                        f"Add pattern file {name}")
        self._run(insert, undoable=False)
        return insert.ids[0]

    def update_pattern_file(self, file_id: int, *, content: str | None = None, enabled: bool | None = None,
                            name: str | None = None) -> Change:
        fields: dict = {}
        if content is not None:
            fields["content"] = content
        if enabled is not None:
            fields["enabled"] = int(enabled)
        if name is not None:
            fields["name"] = name
        return self._run(Update("pattern_file", {file_id: fields}, "Edit pattern file"), undoable=False)

    def delete_pattern_file(self, file_id: int) -> Change:
        return self._run(Delete("pattern_file", [file_id], "Delete pattern file"), undoable=False)

