"""Training a span model inside the app: accepted spans -> DocBin -> spaCy (from scratch) -> model folder.

Runs in-process (call it from a worker thread in the UI). ``progress`` gets a TrainProgress after
every step; ``cancel`` (a threading.Event) is checked every step. Nothing is registered and the
work folder is deleted unless training completes. The model kept is the one after the last step:
the dev documents are only measured, never used to pick a checkpoint, so the reported scores are
honest held-out figures.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import AnnotatorError
from ..core.processes import pid_alive
from .config import build_config
from .data import make_docs, plan

NEGATIVES = 1.5  # wrong candidates sampled per gold span in each training example


class TrainingCancelled(AnnotatorError):
    def __init__(self):
        super().__init__("training was cancelled; nothing was saved")


@dataclass
class TrainProgress:
    step: int
    max_steps: int
    loss: float = 0.0
    score: float | None = None  # latest dev F (spans_sc_f)
    best: float | None = None
    stage: str = "training"  # preparing | training | evaluating | saving
    fold: tuple[int, int] | None = None  # (fold, of k) while cross-validating


@dataclass
class ModelInfo:
    id: int
    name: str
    path: str
    labels: list[str]
    metrics: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)


def _check_out_dir(out_dir: Path, project_path=None) -> None:
    from ..store.protect import check_output_path

    check_output_path(out_dir, project_path)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise AnnotatorError(f"{out_dir}: already exists and is not an empty folder; choose another --out")
    if not out_dir.parent.exists():
        raise AnnotatorError(f"{out_dir.parent}: no such folder")


@dataclass
class PendingModel:
    """A trained model in its work folder, not yet registered in the project."""

    work: Path
    final: Path | None
    labels: list[str]
    metrics: dict
    data: dict

    def discard(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


def train(project, out_dir=None, labels: list[str] | None = None, max_steps: int = 600, seed: int = 0,
          progress: Callable[[TrainProgress], None] | None = None, cancel: threading.Event | None = None,
          eval_every: int | None = None, batch_words: int = 1500, cross_validation: dict | None = None) -> ModelInfo:
    """Train, store and register (as the active model). See ``train_model`` and ``register``.
    ``cross_validation`` (CrossValidation.to_dict()) is kept with the model's metrics."""
    pending = train_model(project, out_dir, labels, max_steps, seed, progress, cancel, eval_every, batch_words)
    if cross_validation:
        pending.metrics["cross_validation"] = cross_validation
        (pending.work / "metrics.json").write_text(json.dumps(pending.metrics, indent=2), encoding="utf-8")
    try:
        if cancel is not None and cancel.is_set():
            raise TrainingCancelled()
        return register(project, pending)
    finally:
        pending.discard()


def train_model(project, out_dir=None, labels: list[str] | None = None, max_steps: int = 600, seed: int = 0,
                progress: Callable[[TrainProgress], None] | None = None, cancel: threading.Event | None = None,
                eval_every: int | None = None, batch_words: int = 1500, dev_ids: list[int] | None = None,
                options: dict | None = None) -> PendingModel:
    """Everything but registering: only reads the project (safe in a worker thread while the UI
    makes no changes). On any error or cancel the work folder is removed. ``dev_ids`` holds out
    exactly those documents (cross-validation folds); ``options`` go to ``build_config`` (width,
    depth, finder_threshold ...) and may set ``oversample``: label -> how many times to repeat the
    training chunks holding that label (class weighting)."""
    from ..store.paths import models_dir

    started = time.perf_counter()
    final = Path(out_dir).resolve() if out_dir else None
    if final is not None:
        _check_out_dir(final, project.path)
    dataset = plan(project, labels, seed, dev_ids=dev_ids)
    parent = final.parent if final is not None else models_dir()
    sweep_training_folders(parent)
    repair_registrations(project)
    work = Path(tempfile.mkdtemp(prefix=".training-", dir=parent))
    try:
        (work / OWNER).write_text(f"{os.getpid()}@{socket.gethostname()}\n", encoding="utf-8")
        nlp, scores, steps = _train(project, dataset, work, max_steps, seed, progress, cancel,
                                    eval_every or max(10, min(100, max_steps // 8)), batch_words, options or {})
        if progress:
            progress(TrainProgress(steps, max_steps, stage="evaluating"))
        from .evaluate import evaluate_nlp

        metrics = evaluate_nlp(project, nlp, dataset.dev_ids, dataset.labels)
        metrics["dev_scores"] = scores
        data = dict(labels=dataset.labels, train_doc_ids=dataset.train_ids, dev_doc_ids=dataset.dev_ids,
                    train_docs=len(dataset.train_ids), dev_docs=len(dataset.dev_ids), spans=dataset.counts,
                    labels_skipped_too_few=dataset.skipped_labels, spans_dropped_across_paragraphs=dataset.dropped_spans,
                    seed=seed, steps=steps, max_steps=max_steps, seconds=round(time.perf_counter() - started, 2),
                    options=options or {},
                    project=str(project.path))
        if progress:
            progress(TrainProgress(steps, max_steps, stage="saving"))
        nlp.to_disk(work)
        (work / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
        (work / "data.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
        return PendingModel(work, final, dataset.labels, metrics, data)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def register(project, pending: PendingModel, active: bool = True) -> ModelInfo:
    """Move the model folder to its place, then register it as the project's active model in one
    transaction: a kill before the commit leaves the project as it was (and an unregistered folder),
    never an active model pointing at a missing folder. With ``active=False`` the previous active model
    stays active."""
    from ..store.paths import models_dir

    stem = Path(str(project.path)).stem
    name = f"{stem}-{max((m['id'] for m in project.models()), default=0) + 1}"
    target = pending.final or models_dir() / name
    try:
        if pending.final is None and target.exists():
            target = Path(tempfile.mkdtemp(prefix=name + "-", dir=models_dir()))
        if target.exists():
            target.rmdir()  # an empty folder (checked before training)
        pending.work.rename(target)
        (target / OWNER).unlink(missing_ok=True)
    except OSError as e:
        raise AnnotatorError(f"{target}: cannot store the model ({e.strerror or e})") from None
    try:
        model_id = project.register_model(name, str(target), pending.labels, _summary(pending.metrics), pending.data,
                                          active=active)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return ModelInfo(model_id, name, str(target), pending.labels, pending.metrics, pending.data)


def repair_registrations(project) -> list[str]:
    """Repair what a kill between the two commits of older versions' registration left: a model row
    whose path is ``<stem>-pending`` (never moved into place). If its folder reached its final place
    (``<stem>-<id>`` in the models folder) the row is pointed at it, else the row is removed. Returns
    what was done (one line each); read-only projects are left alone."""
    from ..store.paths import models_dir

    if project.readonly:
        return []
    done = []
    for m in project.models():
        path = Path(m["path"])
        if not path.name.endswith("-pending") or path.exists():
            continue
        final = models_dir() / f"{path.name[:-len('-pending')]}-{m['id']}"
        if (final / "config.cfg").is_file():
            project.update_model(m["id"], name=final.name, path=str(final))
            done.append(f"model {m['id']}: registered at {final}")
        else:
            project.delete_model(m["id"])
            done.append(f"model {m['id']}: its folder was never saved; removed")
            if m["active"]:  # the model that was active before it becomes active again
                alive = [o for o in project.models() if Path(o["path"]).exists()]
                if alive:
                    project.set_active_model(alive[-1]["id"])
    return done


OWNER = ".owner"  # pid@host of the training run using a .training-* folder
STALE_UNOWNED = 24 * 3600  # a .training-* folder without an owner file (older versions): removed after a day


def sweep_training_folders(parent: Path) -> list[Path]:
    """Remove ``.training-*`` work folders that killed runs left: their owner process on this host is
    gone (or, without an owner file, they are older than a day). Folders of live runs are kept."""
    removed = []
    try:
        candidates = [p for p in Path(parent).glob(".training-*") if p.is_dir() and not p.is_symlink()]
    except OSError:
        return removed
    host = socket.gethostname()
    for folder in candidates:
        try:
            owner = (folder / OWNER).read_text(encoding="utf-8").strip()
        except OSError:
            owner = ""
        if owner:
            pid, _, owner_host = owner.partition("@")
            if owner_host != host or not pid.isdigit() or pid_alive(int(pid)):
                continue
        else:
            try:
                if time.time() - folder.stat().st_mtime < STALE_UNOWNED:
                    continue
            except OSError:
                continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed



def _summary(metrics: dict) -> dict:
    return {k: metrics[k] for k in ("exact", "overlap", "long", "cross_validation") if k in metrics}


def _train(project, dataset, work: Path, max_steps, seed, progress, cancel, eval_every, batch_words, options=None):
    from spacy.tokens import DocBin
    from spacy.training import Example
    from spacy.training.batchers import minibatch_by_words
    from spacy.util import fix_random_seed, load_model_from_config

    def check_cancel():
        if cancel is not None and cancel.is_set():
            raise TrainingCancelled()

    if progress:
        progress(TrainProgress(0, max_steps, stage="preparing"))
    fix_random_seed(seed)
    train_docs = make_docs(project, dataset.train_ids, dataset.labels, dataset)
    dev_docs = make_docs(project, dataset.dev_ids, dataset.labels, dataset)
    (work / "data").mkdir()
    for name, docs in (("train", train_docs), ("dev", dev_docs)):
        DocBin(docs=docs, store_user_data=False).to_disk(work / "data" / f"{name}.spacy")
    check_cancel()
    from .tokenize import blank

    lang = blank(project.document(dataset.train_ids[0]).lang).lang  # "xx" where the language's tokenizer is missing
    options = dict(options or {})
    oversample = options.pop("oversample", {})
    nlp = load_model_from_config(build_config(lang, seed, max_steps, **options), auto_fill=True, validate=True)
    nlp.max_length = 10**7
    from .suggesters import install

    install(nlp)

    def example(doc):
        return Example(nlp.make_doc(doc.text), doc)

    train_examples = [example(d) for d in train_docs]
    for label, times in oversample.items():  # class weighting: rare labels' chunks seen more often
        extra = [eg for eg in train_examples if any(s.label_ == label for s in eg.reference.spans.get("sc", []))]
        train_examples += extra * max(0, int(times) - 1)
    rng = random.Random(seed)
    for eg in train_examples:
        set_candidates(eg, rng)
    dev_examples = [example(d) for d in dev_docs]
    optimizer = nlp.initialize(lambda: train_examples)
    spancat = nlp.get_pipe("spancat")
    full_suggester = spancat.suggester
    from spacy.pipeline.spancat import build_preset_spans_suggester

    from .model import CANDIDATES_KEY

    sampled = build_preset_spans_suggester(CANDIDATES_KEY)  # updates see only set_candidates' sample
    best, scores, losses_total = None, [], 0.0
    step = 0
    while step < max_steps:
        if step:  # a fresh sample of negatives every epoch
            for eg in train_examples:
                set_candidates(eg, rng)
        order = train_examples[:]
        rng.shuffle(order)
        for batch in minibatch_by_words(order, size=batch_words, tolerance=0.2, discard_oversize=False):
            check_cancel()
            losses: dict = {}
            spancat.suggester = sampled
            try:
                nlp.update(batch, sgd=optimizer, losses=losses, drop=0.1)
            finally:
                spancat.suggester = full_suggester
            step += 1
            loss = sum(losses.values())
            losses_total += loss
            score = None
            if step % eval_every == 0 or step == max_steps:
                check_cancel()
                score = float(nlp.evaluate(dev_examples).get("spans_sc_f") or 0.0)
                scores.append({"step": step, "spans_sc_f": round(score, 4), "loss": round(loss, 4)})
                best = score if best is None else max(best, score)  # shown only: the model kept is the last
            if progress:
                progress(TrainProgress(step, max_steps, loss, score, best))
            if step >= max_steps:
                break
    return nlp, scores, step


def set_candidates(eg, rng: random.Random, negatives: float = NEGATIVES) -> None:
    """Candidates for spancat while training: the gold spans, near misses (boundaries moved by
    1-3 tokens), a sample of the suggester's own clause and n-gram candidates and random spans of
    gold-like lengths: about ``negatives`` wrong spans per gold span (at least 20 per example),
    so every label sees mostly the kind of negative it meets when suggesting, without scoring
    every candidate on every step."""
    from .model import CANDIDATES_KEY, SPANS_KEY
    from .suggesters import doc_candidates

    predicted, n = eg.predicted, len(eg.predicted)
    gold = {(s.start, s.end) for s in eg.reference.spans.get(SPANS_KEY, [])}
    cands = set(gold)
    for s, e in gold:
        for _ in range(3):
            ds, de = rng.randint(-3, 3), rng.randint(-3, 3)
            if 0 <= s + ds < e + de <= n:
                cands.add((s + ds, e + de))
    budget = int(negatives * max(len(gold), 5))
    pool = [se for se in doc_candidates(predicted, spans_key="") if se not in gold]
    cands.update(rng.sample(pool, min(len(pool), budget * 2 // 3)))
    lengths = [e - s for s, e in gold] or [1, 3, 10]
    for _ in range(max(1, budget // 3)):
        length = max(1, min(n, rng.choice(lengths) + rng.randint(-2, 2)))
        start = rng.randint(0, max(0, n - length))
        cands.add((start, start + length))
    predicted.spans[CANDIDATES_KEY] = [predicted[s:e] for s, e in sorted(cands) if e <= n and s < e]
