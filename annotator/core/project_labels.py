"""Project: labels and link types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Sequence

from .changes import Change
from .commands import Command, Composite, Delete, Insert, Update
from .errors import InvalidSpan, LabelInUse
from .limits import check_label_cap
from .project_docs import now


if TYPE_CHECKING:
    from .project_host import ProjectHost
else:
    ProjectHost = object


class LabelsMixin(ProjectHost):
    # -- labels -------------------------------------------------------------------
    def _label_row(self, name: str, position: int, color: str = "", key: str = "", description: str = "") -> dict:
        palette = ["#e6a700", "#d1495b", "#2e86ab", "#3bb273", "#8f5bd6", "#f08a4b", "#00a6a6", "#b5651d"]
        return dict(id=None, name=name, color=color or palette[position % len(palette)], key=key,
                    description=description, position=position)

    def _check_label_name(self, name: str, except_id: int | None = None) -> None:
        if not name.strip():
            raise InvalidSpan("a label needs a name")
        if any(l.name == name and l.id != except_id for l in self.labels()):
            raise InvalidSpan(f"a label named {name!r} already exists")

    def add_label(self, name: str, color: str = "", key: str = "", description: str = "") -> Change:
        self._check_label_name(name)
        check_label_cap(len(self.labels()), 1)
        pos = max((l.position for l in self.labels()), default=-1) + 1
        return self._run(Insert("label", [self._label_row(name, pos, color, key, description)], f"Add label {name}"))

    def update_label(self, name: str, *, new_name: str | None = None, color: str | None = None,
                     key: str | None = None, description: str | None = None) -> Change:
        label = self.label(name)
        fields: dict = {}
        if new_name is not None and new_name != name:
            self._check_label_name(new_name, label.id)
            fields["name"] = new_name
        if color is not None:
            fields["color"] = color
        if key is not None:
            fields["key"] = key
        if description is not None:
            fields["description"] = description
        return self._run(Update("label", {label.id: fields}, f"Edit label {name}"))

    def reorder_labels(self, names: Sequence[str]) -> Change:
        ids = [self.label(n).id for n in names]
        rest = [l.id for l in self.labels() if l.id not in ids]
        return self._run(Update("label", {i: {"position": p} for p, i in enumerate(ids + rest)}, "Reorder labels"))

    def label_usage(self, name: str) -> int:
        return len(self.backend.span_rows_for_labels([self.label(name).id]))

    def delete_label(self, name: str, *, spans: str = "refuse", reassign_to: str | None = None) -> Change:
        """Delete a label. ``spans`` says what happens to spans that use it:
        "refuse" (raise LabelInUse if there are any), "delete" them, or "reassign" them to ``reassign_to``."""
        label = self.label(name)
        rows = self.backend.span_rows_for_labels([label.id])
        commands: list[Command] = []
        if rows:
            if spans == "delete":
                commands.append(Delete("span", [r["id"] for r in rows]))
            elif spans == "reassign":
                if reassign_to is None or reassign_to == name:
                    raise InvalidSpan("choose another label to reassign the spans to")
                target = self.label(reassign_to).id
                # one span per (document, offsets, label) in each annotator's layer
                taken = {(r["doc_id"], r["start"], r["end"], r["author"])
                         for r in self.backend.span_rows_for_labels([target])}
                clash = [r["id"] for r in rows if (r["doc_id"], r["start"], r["end"], r["author"]) in taken]
                if clash:
                    commands.append(Delete("span", clash))
                stamp = now()
                commands.append(Update("span", {r["id"]: {"label_id": target, "updated": stamp}
                                                for r in rows if r["id"] not in clash}))
            else:
                raise LabelInUse(name, len(rows))
        commands.append(Delete("label", [label.id]))
        return self._run(Composite(commands, f"Delete label {name}"))

    def unused_labels(self) -> list[str]:
        """Labels no span uses (any status, any annotator) and without a key (the ones an analyst labels with
        are kept), in label order: from the span counts summary."""
        used = {name for name, by_status in self.counts()["by_label"].items() if any(by_status.values())}
        return [l.name for l in self.labels() if l.name not in used and not l.key]

    def delete_unused_labels(self) -> Change:
        """Delete every label no span uses, in one undoable step (a project that collected more labels than the
        app can show, from an older version's import)."""
        names = set(self.unused_labels())
        ids = [l.id for l in self.labels() if l.name in names]
        if not ids:
            return Change()
        return self._run(Delete("label", ids, f"Delete {len(ids)} unused label(s)"))

    # -- link types ---------------------------------------------------------------
    def add_link_type(self, name: str, description: str = "") -> Change:
        if any(t.name == name for t in self.link_types()):
            raise InvalidSpan(f"a link type named {name!r} already exists")
        check_label_cap(len(self.link_types()), 1, "link type")
        pos = max((t.position for t in self.link_types()), default=-1) + 1
        return self._run(Insert("link_type", [dict(id=None, name=name, description=description, position=pos)],
                                f"Add link type {name}"))

    def update_link_type(self, name: str, *, new_name: str | None = None, description: str | None = None) -> Change:
        t = self.link_type(name)
        fields: dict = {}
        if new_name is not None and new_name != name:
            if any(x.name == new_name for x in self.link_types()):
                raise InvalidSpan(f"a link type named {new_name!r} already exists")
            fields["name"] = new_name
        if description is not None:
            fields["description"] = description
        return self._run(Update("link_type", {t.id: fields}, f"Edit link type {name}"))

    def delete_link_type(self, name: str, *, delete_links: bool = False) -> Change:
        t = self.link_type(name)
        in_use = self.backend.link_rows_for_types([t.id])
        if in_use and not delete_links:
            raise LabelInUse(name, len(in_use))
        return self._run(Delete("link_type", [t.id], f"Delete link type {name}"))


