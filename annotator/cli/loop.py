"""Extractor-loop commands: suggest (rules or a model), train, evaluate, patterns."""

from __future__ import annotations

import json
import sys

from ..core.errors import AnnotatorError
from .data import _backup
from .progress import Progress


def register(sub) -> None:
    p = sub.add_parser("suggest", help="add suggested spans from the rules or a trained model")
    p.add_argument("project")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--rules", action="store_true", help="use the default and the project's enabled patterns")
    how.add_argument("--model", metavar="DIR", help="a model folder made by `annotator train` ('active': the project's active model)")
    p.add_argument("--docs", metavar="ID,ID", help="document ids (default: all documents)")
    p.add_argument("--threshold", type=float, default=0.5, help="minimum model score (default 0.5)")
    p.set_defaults(func=cmd_suggest)

    p = sub.add_parser("train", help="train a span model on the accepted spans and register it as active")
    p.add_argument("project")
    p.add_argument("--out", metavar="DIR", help="model folder (default: in the user's models folder)")
    p.add_argument("--labels", metavar="L1,L2", help="labels to train (default: every label with enough spans)")
    p.add_argument("--annotator", metavar="NAME", help="train on one annotator's layer (e.g. adjudicated; default: all)")
    p.add_argument("--max-steps", type=int, default=600)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--cross-validate", type=int, metavar="K", help="first measure K models, each with one of K "
                   "document folds held out, and report P/R/F per label with the spread across folds")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", help="per-label precision/recall/F1 of a model against accepted spans")
    p.add_argument("project")
    p.add_argument("--model", metavar="DIR", required=True)
    p.add_argument("--docs", metavar="ID,ID", help="document ids (default: documents with accepted spans)")
    p.add_argument("--threshold", type=float, default=0.5)
    p.add_argument("--folds", type=int, metavar="K", help="instead: train K models with the model's settings, each "
                   "with one document fold held out, and report the figures with their spread")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("seed-spans", help="annotate a project made by `init --sample` with the hand spans in "
                                          "tests/data/seed_spans.jsonl (rules' QUOTE/FIGURE accepted too)")
    p.add_argument("project")
    p.add_argument("--file", metavar="FILE.jsonl", help="spans file (default: the source tree's tests/data/seed_spans.jsonl)")
    p.set_defaults(func=cmd_seed_spans)

    p = sub.add_parser("patterns", help="list, import, enable or disable the project's pattern files")
    p.add_argument("project")
    act = p.add_mutually_exclusive_group()
    act.add_argument("--import", dest="import_path", metavar="FILE.jsonl")
    act.add_argument("--enable", type=int, metavar="ID")
    act.add_argument("--disable", type=int, metavar="ID")
    act.add_argument("--defaults", choices=("on", "off"), help="use the shipped default patterns")
    act.add_argument("--disable-default", metavar="PATTERN_ID", help="switch off one shipped pattern (ids: see --list-defaults)")
    act.add_argument("--enable-default", metavar="PATTERN_ID", help="switch a shipped pattern back on")
    p.add_argument("--list-defaults", action="store_true", help="list every shipped pattern: id, on/off, score, label, note")
    p.set_defaults(func=cmd_patterns)


def _open(path: str, readonly: bool = False):
    from ..store import open_project

    return open_project(path, readonly=readonly)


def _doc_ids(project, value: str | None) -> list[int] | None:
    if not value:
        return None
    try:
        ids = [int(x) for x in value.split(",") if x.strip()]
    except ValueError:
        raise AnnotatorError(f"--docs: expected comma-separated document ids, got {value!r}") from None
    known = {d.id for d in project.documents()}
    missing = [i for i in ids if i not in known]
    if missing:
        raise AnnotatorError(f"no document with id {', '.join(map(str, missing))} in {project.path}")
    return ids


def _labels(value: str | None) -> list[str] | None:
    return [x.strip() for x in value.split(",") if x.strip()] if value else None


def _model_dir(project, value: str) -> str | None:
    return None if value == "active" else value


def cmd_suggest(args) -> int:
    project = _open(args.project)
    _backup(project, "suggest")
    progress = Progress()
    try:
        ids = _doc_ids(project, args.docs)
        if args.rules:
            from ..nlp.rules import suggest_rules

            change = suggest_rules(project, ids, progress=progress)
        else:
            from ..nlp.suggest import suggest_model

            change = suggest_model(project, _model_dir(project, args.model), ids, threshold=args.threshold,
                                   progress=progress)
        progress.close()
        added = len(change.added.get("span", ()))
        print(f"added {added} suggestion(s) in {len(change.doc_ids)} document(s)")
        for label, n in sorted(getattr(change, "skipped_labels", {}).items()):
            print(f"not added: {n} match(es) for label {label!r}, which the project does not have", file=sys.stderr)
    finally:
        project.close()
    return 0


def _train_progress(prefix: str = ""):
    tty = sys.stderr.isatty()

    def progress(p) -> None:
        if tty:
            score = "-" if p.score is None else f"{p.score:.3f}"
            sys.stderr.write(f"\r{prefix}step {p.step}/{p.max_steps}  loss {p.loss:.2f}  dev F {score}   ")
            sys.stderr.flush()

    return progress


def _cross_validate(project, k: int, labels, max_steps: int, seed: int, options=None):
    from ..nlp.crossval import cross_validate, format_table

    bars = {}

    def progress(fold, total, p) -> None:
        bars.setdefault(fold, _train_progress(f"fold {fold + 1}/{total}: "))(p)

    cv = cross_validate(project, k, labels, max_steps, seed, options, progress=progress)
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    return cv, format_table(cv)


def cmd_train(args) -> int:
    from ..nlp.train import train

    project = _open(args.project)
    _backup(project, "train")
    tty = sys.stderr.isatty()
    progress = _train_progress()
    try:
        from ..core.annotators import layer

        project = layer(project, getattr(args, "annotator", None))
        cv = None
        if args.cross_validate:
            cv, table = _cross_validate(project, args.cross_validate, _labels(args.labels), args.max_steps, args.seed)
            print(table + "\n")
        info = train(project, out_dir=args.out, labels=_labels(args.labels), max_steps=args.max_steps,
                     seed=args.seed, progress=progress, cross_validation=cv.to_dict() if cv else None)
        if tty:
            sys.stderr.write("\n")
        print(f"model {info.name} (id {info.id}) saved to {info.path}")
        print(f"trained on {info.data['train_docs']} document(s), evaluated on {info.data['dev_docs']}; "
              f"{info.data['steps']} steps in {info.data['seconds']:.1f} s")
        print(_table(info.metrics["exact"]))
    finally:
        project.close()
    return 0


def cmd_evaluate(args) -> int:
    from ..nlp.evaluate import evaluate

    if args.folds:
        return _evaluate_folds(args)
    project = _open(args.project, readonly=True)
    try:
        result = evaluate(project, _model_dir(project, args.model), _doc_ids(project, args.docs),
                          threshold=args.threshold)
    finally:
        project.close()
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{len(result['doc_ids'])} document(s), threshold {result['threshold']}")
    if result["training_docs_included"]:
        print(f"note: {len(result['training_docs_included'])} of them were used to train the model "
              f"(ids {', '.join(map(str, result['training_docs_included']))}); scores on them are optimistic")
    for kind in ("exact", "overlap"):
        print(f"\n{kind} match" + (" (tokens)" if kind == "overlap" else ""))
        print(_table(result[kind]))
    print("\nlong gold spans (>= 10 tokens) found: " + ", ".join(
        f"{label} {v['exact']}/{v['gold']} exact, {v['half_overlap']}/{v['gold']} half-overlap"
        for label, v in result["long"].items()))
    return 0


def _evaluate_folds(args) -> int:
    from ..nlp.model import read_json, resolve_model_dir

    project = _open(args.project, readonly=True)
    try:
        data = read_json(resolve_model_dir(project, _model_dir(project, args.model)), "data.json")
        cv, table = _cross_validate(project, args.folds, data.get("labels"), int(data.get("max_steps", 600)),
                                    int(data.get("seed", 0)), data.get("options") or None)
    finally:
        project.close()
    print(json.dumps(cv.to_dict(), indent=2) if args.json else table)
    return 0


def _table(scores: dict) -> str:
    lines = [f"{'label':<12} {'P':>6} {'R':>6} {'F':>6} {'gold':>6} {'pred':>6}"]
    for label, s in scores.items():
        lines.append(f"{label:<12} {s['p']:>6.3f} {s['r']:>6.3f} {s['f']:>6.3f} {s['gold']:>6} {s['pred']:>6}")
    return "\n".join(lines)


def cmd_seed_spans(args) -> int:
    from ..nlp.fixtures import load_seed_spans

    project = _open(args.project)
    _backup(project, "seed-spans")
    try:
        counts = load_seed_spans(project, args.file)
    finally:
        project.close()
    print("accepted spans: " + ", ".join(f"{label} {n}" for label, n in sorted(counts.items())))
    return 0


def cmd_patterns(args) -> int:
    from ..nlp import patterns as pt

    project = _open(args.project)
    try:
        if args.import_path:
            file_id = pt.import_pattern_file(project, args.import_path)
            print(f"imported {args.import_path} as pattern file {file_id}")
        elif args.enable is not None or args.disable is not None:
            file_id = args.enable if args.enable is not None else args.disable
            if file_id not in {r["id"] for r in project.pattern_files()}:
                raise AnnotatorError(f"no pattern file with id {file_id}")
            project.update_pattern_file(file_id, enabled=args.enable is not None)
        elif args.defaults:
            project.set_setting(pt.SETTING_USE_DEFAULTS, args.defaults == "on")
        elif args.disable_default or args.enable_default:
            pt.set_default_enabled(project, args.disable_default or args.enable_default, bool(args.enable_default))
        on = project.setting(pt.SETTING_USE_DEFAULTS, True)
        print(f"default patterns: {'on' if on else 'off'} ({', '.join(p.name for p in pt.default_pattern_files())})")
        for r in project.pattern_files():
            n = len(pt.parse_patterns(r["content"], r["name"]))
            print(f"{r['id']:>4}  {'on ' if r['enabled'] else 'off'}  {r['name']}  ({n} patterns)")
        off = set(project.setting(pt.SETTING_DISABLED, []) or [])
        if off:
            print(f"shipped patterns switched off: {', '.join(sorted(off))}")
        if args.list_defaults:
            for q in pt.default_patterns():
                if q.id:
                    state = "off" if q.id in off else "on "
                    print(f"  {state}  {q.id:<34} {pt.pattern_kind(q):<24} {q.note}")
    finally:
        project.close()
    return 0
