"""How well rules find hand-marked spans: recall and precision against a gold JSONL file.

Gold lines: ``{"file", "split", "start", "end", "text", "label"}`` with code-point offsets into
the named text file (tests/data/figures_gold.jsonl marks every figure of four sample documents).
A suggestion matches a gold span of its label when they overlap, one to one, largest overlap
first; ``exact`` counts identical offsets. Per pattern: how many suggestions each pattern made and
how many of them overlapped a gold span (its measured precision).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from .patterns import Pattern
from .rules import RuleSet, longest_per_label


def load_gold(path: str | Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def overlap_matches(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs of overlapping spans, largest overlap first."""
    pairs = sorted(((min(ge, pe) - max(gs, ps), i, j) for i, (gs, ge) in enumerate(gold)
                    for j, (ps, pe) in enumerate(pred) if min(ge, pe) > max(gs, ps)), reverse=True)
    used_g, used_p, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def evaluate_rules(patterns: Sequence[Pattern], gold: list[dict], texts_dir: str | Path, label: str,
                   split: str | None = None) -> dict:
    """Recall/precision (overlap and exact) of ``patterns`` for ``label`` on the gold files of ``split``."""
    rules = RuleSet([p for p in patterns if p.label == label])
    singles = [(p, RuleSet([p, *[q for q in patterns if q.label == label and q.exclude]]))
               for p in patterns if p.label == label and not p.exclude and not p.anchor and p.id]
    rows = [g for g in gold if g["label"] == label and (split is None or g["split"] == split)]
    n_gold = n_pred = tp = exact = 0
    per_pattern: dict[str, list[int]] = {}
    misses, false = [], []
    for name in sorted({g["file"] for g in rows}):
        text = (Path(texts_dir) / name).read_text(encoding="utf-8")
        g = [(r["start"], r["end"]) for r in rows if r["file"] == name]
        p = sorted({(s, e) for s, e, _ in longest_per_label(rules.find(text))})
        m = overlap_matches(g, p)
        n_gold, n_pred, tp, exact = n_gold + len(g), n_pred + len(p), tp + len(m), exact + len(set(g) & set(p))
        misses += [text[g[i][0]:g[i][1]] for i in set(range(len(g))) - {i for i, _ in m}]
        false += [text[p[j][0]:p[j][1]] for j in set(range(len(p))) - {j for _, j in m}]
        for pattern, alone in singles:
            found = [(s, e) for s, e, _ in alone.find(text)]
            hit = sum(1 for s, e in found if any(gs < e and s < ge for gs, ge in g))
            counts = per_pattern.setdefault(pattern.id, [0, 0])
            counts[0] += len(found)
            counts[1] += hit
    return {"gold": n_gold, "pred": n_pred, "matched": tp, "exact": exact,
            "recall": tp / n_gold if n_gold else 0.0, "precision": tp / n_pred if n_pred else 0.0,
            "exact_recall": exact / n_gold if n_gold else 0.0, "exact_precision": exact / n_pred if n_pred else 0.0,
            "per_pattern": per_pattern, "misses": misses, "false": false}
