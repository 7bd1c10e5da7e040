"""Model suggestions: run a trained span model (default: the project's active one) over documents."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..core.changes import Change
from ..core.models import NewSpan, Origin, Status
from .evaluate import model_predictions
from .model import load_model, resolve_model_dir


def suggest_model(project, model_dir=None, doc_ids: Sequence[int] | None = None, threshold: float = 0.5,
                  progress: Callable[[int, int, str], None] | None = None) -> Change:
    """Add the model's spans scoring >= ``threshold`` as suggestions (origin model, with score), in
    one undo step; spans that exist with the same offsets and label in any status are skipped."""
    nlp = load_model(resolve_model_dir(project, model_dir))
    ids = list(doc_ids) if doc_ids is not None else [d.id for d in project.documents()]
    return add_model_suggestions(project, model_predictions(project, nlp, ids, threshold, progress))


def add_model_suggestions(project, preds: dict) -> Change:
    """``preds``: doc_id -> [(start, end, label, score)] on token boundaries (see model_predictions)."""
    known = {l.name for l in project.labels()}
    suggestions = {d: [NewSpan(s, e, label, origin=Origin.MODEL, status=Status.SUGGESTED, score=round(sc, 4))
                       for s, e, label, sc in items if label in known]
                   for d, items in preds.items()}
    change = project.add_suggestions(suggestions, "Suggest from model")
    change.skipped_labels = {}
    for items in preds.values():
        for *_, label, _ in items:
            if label not in known:
                change.skipped_labels[label] = change.skipped_labels.get(label, 0) + 1
    return change
