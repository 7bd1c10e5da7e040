"""Document-level cross-validation: folds, per-fold training with exactly that fold held out,
the spread across folds, the trust note, and the train/evaluate command-line options."""

from __future__ import annotations

import json
import statistics

import pytest

from annotator.core.errors import AnnotatorError
from annotator.nlp.crossval import CrossValidation, FoldResult, cross_validate, make_folds
from test_loop_train import _corpus


def test_folds_deal_every_document_once_and_evenly():
    ids = [5, 9, 2, 7, 11, 3, 8]
    folds = make_folds(ids, 3, seed=4)
    assert sorted(d for f in folds for d in f) == sorted(ids)
    assert sorted(len(f) for f in folds) == [2, 2, 3]
    assert make_folds(ids, 3, seed=4) == folds  # seeded
    with pytest.raises(AnnotatorError, match="at least 9 documents"):
        make_folds(ids, 9)
    with pytest.raises(AnnotatorError, match="at least 2 folds"):
        make_folds(ids, 1)


def _fold(i, f_values, gold):
    metrics = {kind: {"QUOTE": {"p": f_values, "r": f_values, "f": f_values, "gold": gold, "pred": gold}}
               for kind in ("exact", "overlap")}
    return FoldResult(i, [i], [], metrics, 1.0)


def test_summary_spread_and_trust_on_hand_made_folds():
    cv = CrossValidation(3, ["QUOTE"], [_fold(0, 0.5, 10), _fold(1, 0.8, 12), _fold(2, 0.2, 2)])
    s = cv.summary()["QUOTE"]
    assert s["f"]["mean"] == pytest.approx(0.5) and (s["f"]["min"], s["f"]["max"]) == (0.2, 0.8)
    assert s["f"]["sd"] == pytest.approx(statistics.pstdev([0.5, 0.8, 0.2]), abs=1e-4)
    assert s["gold"] == 24 and not s["trusted"] and "only 24" in s["why"]
    cv.folds[2] = _fold(2, 0.2, 9)
    assert cv.summary()["QUOTE"]["trusted"]  # 31 gold, at least 3 in every fold


def test_each_fold_holds_out_exactly_its_documents(project):
    project.add_documents(_corpus(n_docs=4, per_doc=6))
    seen = []
    cv = cross_validate(project, 2, max_steps=12, seed=3, progress=lambda fold, k, p: seen.append(fold))
    docs = sorted(d.id for d in project.documents())
    folds = make_folds(docs, 2, seed=3)
    assert [f.dev_ids for f in cv.folds] == folds
    for f in cv.folds:
        assert sorted(f.train_ids + f.dev_ids) == docs
    assert set(seen) == {0, 1}
    assert project.models() == []  # nothing registered
    assert cv.to_dict()["exact"]["QUOTE"]["gold"] == 24


def test_cli_train_cross_validate_and_evaluate_folds(tmp_path, capsys):
    from annotator.cli import main
    from annotator.store import create_project

    path = tmp_path / "p.annotator"
    project = create_project(path)
    project.add_documents(_corpus(n_docs=4, per_doc=6))
    project.close()
    assert main(["train", str(path), "--cross-validate", "2", "--max-steps", "12", "--out", str(tmp_path / "m")]) == 0
    out = capsys.readouterr().out
    assert "2-fold cross-validation" in out and "QUOTE" in out and "too few to trust" in out
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text())
    assert metrics["cross_validation"]["k"] == 2
    assert main(["evaluate", str(path), "--model", str(tmp_path / "m"), "--folds", "2", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["k"] == 2 and len(result["folds"]) == 2 and result["max_steps"] == 12
    assert main(["evaluate", str(path), "--model", str(tmp_path / "m"), "--folds", "9"]) == 1
    assert "9 folds need at least 9 documents" in capsys.readouterr().err
