"""Loading a trained span model and running it over a document, paragraph by paragraph."""

from __future__ import annotations

import json
from pathlib import Path

from ..core.errors import AnnotatorError
from .paragraphs import paragraphs

SPANS_KEY = "sc"
CANDIDATES_KEY = "candidates"
PREDICT_CHUNK = 5_000  # characters per paragraph chunk given to the model

_cache: dict[str, object] = {}


def resolve_model_dir(project, model_dir=None) -> Path:
    """``model_dir`` or the project's active model; a clear error if there is none or it is gone."""
    if model_dir is None:
        active = project.active_model()
        if active is not None and not Path(active["path"]).exists():
            from .train import repair_registrations

            if repair_registrations(project):  # a registration a kill left half-done
                active = project.active_model()
        if active is None:
            raise AnnotatorError("the project has no active model: train one first (Extract > Train extractor…)")
        model_dir = active["path"]
    path = Path(model_dir)
    if not (path / "config.cfg").is_file():
        raise AnnotatorError(f"{path}: not a model folder made by annotator train (no config.cfg)")
    return path


def load_model(path) -> object:
    """spacy.load with a per-process cache (models are read-only once trained)."""
    key = str(Path(path).resolve())
    nlp = _cache.get(key)
    if nlp is None:
        import spacy

        from .suggesters import install, register

        register()  # the candidate suggester named in model configs

        try:
            nlp = spacy.load(key)
        except Exception as e:  # corrupt or foreign folder: a message, not a traceback
            raise AnnotatorError(f"{path}: cannot load the model ({e})") from None
        if "spancat" not in nlp.pipe_names:
            raise AnnotatorError(f"{path}: not a span model (no spancat component)")
        install(nlp)  # span_finder keeps its token scores for the candidate suggester
        _cache[key] = nlp
    return nlp


def forget(path) -> None:
    _cache.pop(str(Path(path).resolve()), None)


def model_labels(nlp) -> list[str]:
    return list(nlp.get_pipe("spancat").labels)


def read_json(path: Path, name: str) -> dict:
    try:
        return json.loads((path / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def predict(nlp, text: str, threshold: float = 0.5, chunk: int = PREDICT_CHUNK) -> list[tuple[int, int, str, float]]:
    """``(start, end, label, score)`` character spans predicted in ``text`` (any length)."""
    spancat = nlp.get_pipe("spancat")
    spancat.cfg["threshold"] = threshold
    out = []
    chunks = list(paragraphs(text, max_chars=chunk))
    for (offset, _), doc in zip(chunks, nlp.pipe((c for _, c in chunks), batch_size=32)):
        group = doc.spans.get(SPANS_KEY, [])
        scores = group.attrs.get("scores") if hasattr(group, "attrs") else None
        for i, span in enumerate(group):
            score = float(scores[i]) if scores is not None else 1.0
            if score >= threshold:
                out.append((offset + span.start_char, offset + span.end_char, span.label_, score))
    return out
