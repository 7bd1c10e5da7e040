"""What a command changed, so that views can refresh only what they show (as in Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("document", "span", "link", "label", "link_type", "model", "pattern_file")


@dataclass
class Change:
    description: str = ""
    added: dict[str, set[int]] = field(default_factory=dict)
    removed: dict[str, set[int]] = field(default_factory=dict)
    updated: dict[str, set[int]] = field(default_factory=dict)
    doc_ids: set[int] = field(default_factory=set)  # documents whose spans/links changed

    def note(self, kind: str, what: str, ids, doc_ids=()) -> None:
        getattr(self, what).setdefault(kind, set()).update(ids)
        self.doc_ids.update(d for d in doc_ids if d is not None)

    def merge(self, other: "Change") -> "Change":
        for what in ("added", "removed", "updated"):
            for kind, ids in getattr(other, what).items():
                getattr(self, what).setdefault(kind, set()).update(ids)
        self.doc_ids |= other.doc_ids
        return self

    def touches(self, kind: str) -> bool:
        return any(kind in getattr(self, w) and getattr(self, w)[kind] for w in ("added", "removed", "updated"))

    def ids(self, kind: str) -> set[int]:
        out: set[int] = set()
        for w in ("added", "removed", "updated"):
            out |= getattr(self, w).get(kind, set())
        return out

    @property
    def empty(self) -> bool:
        return not any(self.touches(k) for k in KINDS)

    def inverted(self) -> "Change":
        """The change seen from undo: what was added is now removed and vice versa."""
        return Change(
            description=self.description,
            added={k: set(v) for k, v in self.removed.items()},
            removed={k: set(v) for k, v in self.added.items()},
            updated={k: set(v) for k, v in self.updated.items()},
            doc_ids=set(self.doc_ids),
        )
