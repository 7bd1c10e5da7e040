"""Training, cancelling, too little data, model suggestions and evaluation maths."""

import threading

import pytest

from annotator.core.models import NewDocument, NewSpan, Status
from annotator.core.text import TokenIndex
from annotator.nlp.data import NotEnoughData
from annotator.nlp.evaluate import score
from annotator.nlp.tokenize import token_offsets

WORDS = "the talks on the corridor went on for many hours while officials waited outside the hall".split()


def _corpus(n_docs=4, per_doc=6):
    """Documents with paragraphs like: Officials said "<quote of 4-14 words>" on Monday. FIGURE-ish numbers too."""
    docs = []
    for d in range(n_docs):
        parts, spans, pos = [], [], 0
        for i in range(per_doc):
            k = 4 + (d * 7 + i * 3) % 11
            quote = " ".join(WORDS[(d + i + j) % len(WORDS)] for j in range(k))
            head = f"Paragraph {i} of report {d}. The minister said \""
            para = head + quote + f"\" after {10 + i} days of talks. Some {20 + d} people came.\n\n"
            spans.append(NewSpan(pos + len(head), pos + len(head) + len(quote), "QUOTE"))
            parts.append(para)
            pos += len(para)
        text = "".join(parts)
        docs.append(NewDocument(text=text, title=f"doc {d}", tokens=token_offsets(text), spans=tuple(spans)))
    return docs


@pytest.fixture
def trained_project(project):
    project.add_documents(_corpus())
    return project


def test_tiny_training_run_gives_a_loadable_model_with_token_aligned_suggestions(trained_project, tmp_path):
    import spacy

    from annotator.nlp.suggest import suggest_model
    from annotator.nlp.train import train

    p = trained_project
    seen = []
    info = train(p, out_dir=tmp_path / "model", max_steps=60, seed=1, progress=seen.append)
    assert [s.step for s in seen if s.stage == "training"] == list(range(1, 61))
    assert any(s.score is not None for s in seen)
    nlp = spacy.load(tmp_path / "model")
    assert {"span_finder", "spancat"} <= set(nlp.pipe_names)
    assert list(nlp.get_pipe("spancat").labels) == ["QUOTE"]
    assert (tmp_path / "model" / "metrics.json").is_file() and (tmp_path / "model" / "data" / "train.spacy").is_file()
    assert info.data["labels"] == ["QUOTE"] and info.data["spans"] == {"QUOTE": 24}
    assert set(info.data["train_doc_ids"]).isdisjoint(info.data["dev_doc_ids"])
    assert p.models()[0]["active"] == 1 and p.active_model()["path"] == str(tmp_path / "model")
    assert set(info.metrics["exact"]["QUOTE"]) >= {"p", "r", "f"}
    # the model learned: every quote sits between the same cue and closing mark, so held-out F is high
    assert info.metrics["exact"]["QUOTE"]["gold"] == 6
    assert info.metrics["exact"]["QUOTE"]["f"] >= 0.8, info.metrics["exact"]
    losses = [s.loss for s in seen if s.stage == "training"]
    assert losses[-1] < losses[0] / 10

    fresh = "New text. The envoy said \"the talks on the corridor went on while officials waited\" today.\n\nEnd."
    new_id = p.add_documents([NewDocument(text=fresh, title="fresh", tokens=token_offsets(fresh))]).added[0]
    before = {(s.doc_id, s.start, s.end) for s in p.spans()}
    change = suggest_model(p, threshold=0.05)
    new = [s for s in p.spans(statuses=[Status.SUGGESTED])]
    assert new, "the model suggested nothing"
    assert len(change.added["span"]) == len(new)
    for s in new:
        assert s.origin == "model" and s.score is not None and s.score >= 0.05
        assert (s.doc_id, s.start, s.end) not in before
        starts = {a for a, _ in p.tokens(s.doc_id)}
        ends = {b for _, b in p.tokens(s.doc_id)}
        assert s.start in starts and s.end in ends
    assert new_id in {s.doc_id for s in new}
    top = max((s for s in new if s.doc_id == new_id), key=lambda s: s.score)
    assert fresh[top.start:top.end] == "the talks on the corridor went on while officials waited"
    assert top.score >= 0.5
    p.undo()
    assert p.spans(statuses=[Status.SUGGESTED]) == []


def test_cancel_leaves_the_project_unchanged(trained_project, tmp_path, _isolated_home):
    from annotator.nlp.train import TrainingCancelled, train

    p = trained_project
    spans_before = [(s.id, s.status) for s in p.spans()]
    cancel = threading.Event()

    def progress(state):
        if state.step >= 3:
            cancel.set()

    with pytest.raises(TrainingCancelled):
        train(p, max_steps=200, progress=progress, cancel=cancel)
    with pytest.raises(TrainingCancelled):
        cancel.clear()
        train(p, out_dir=tmp_path / "out", max_steps=200, progress=progress, cancel=cancel)
    assert p.models() == []
    assert [(s.id, s.status) for s in p.spans()] == spans_before
    models = _isolated_home / "data" / "models"
    assert not models.exists() or list(models.iterdir()) == []
    assert not (tmp_path / "out").exists()
    assert [x.name for x in tmp_path.iterdir() if x.name.startswith(".training")] == []


def test_too_little_data_says_how_much_more(project):
    from annotator.nlp.train import train

    project.add_documents(_corpus(n_docs=1, per_doc=12))
    with pytest.raises(NotEnoughData, match="1 document.*1 more document"):
        train(project, max_steps=5)
    project.add_documents(_corpus(n_docs=2, per_doc=1)[1:])
    project.add_span(2, 0, 9, "FIGURE")
    with pytest.raises(NotEnoughData, match="FIGURE has 1 accepted span.*9 more"):
        train(project, labels=["QUOTE", "FIGURE"], max_steps=5)
    assert project.models() == []


def test_no_spans_at_all(project):
    from annotator.nlp.train import train

    project.add_documents([NewDocument(text="Nothing here.", title="x")])
    with pytest.raises(NotEnoughData, match="at least 10 accepted spans"):
        train(project)


def test_out_dir_must_be_empty(trained_project, tmp_path):
    from annotator.core.errors import AnnotatorError
    from annotator.nlp.train import train

    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("keep me")
    with pytest.raises(AnnotatorError, match="not an empty folder"):
        train(trained_project, out_dir=tmp_path / "full", max_steps=5)
    assert (tmp_path / "full" / "x").read_text() == "keep me"


def test_score_maths_on_a_crafted_case():
    # one document, tokens of 2 chars each: token i covers [2i, 2i+2)
    index = TokenIndex([(2 * i, 2 * i + 2) for i in range(40)])
    gold = {(1, 0, 4, "A"), (1, 10, 20, "A"), (1, 30, 34, "B"), (1, 40, 62, "A")}  # A: 2+5+11 tokens; B: 2
    pred = {(1, 0, 4, "A"), (1, 10, 16, "A"), (1, 50, 60, "A"), (1, 30, 34, "A")}  # A: 4 preds
    out = score(gold, pred, lambda d: index, ["A", "B"])
    a = out["exact"]["A"]
    assert (a["tp"], a["pred"], a["gold"]) == (1, 4, 3)
    assert a["p"] == 0.25 and a["r"] == round(1 / 3, 4) and a["f"] == round(2 * 0.25 * (1 / 3) / (0.25 + 1 / 3), 4)
    assert out["exact"]["B"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "pred": 0, "gold": 1}
    # tokens: gold A = {0,1} + {5..9} + {20..30} = 18; pred A = {0,1} + {5,6,7} + {25..29} + {15,16} = 12
    ov = out["overlap"]["A"]
    assert (ov["tp"], ov["pred"], ov["gold"]) == (10, 12, 18)
    assert ov["p"] == round(10 / 12, 4) and ov["r"] == round(10 / 18, 4)
    # long gold spans (>= 10 tokens): only (40, 62) with 11 tokens; prediction covers 5 of them (< half)
    assert out["long"]["A"] == {"gold": 1, "exact": 0, "half_overlap": 0}


def test_span_candidates_cover_clauses_and_short_phrases():
    from annotator.nlp.suggesters import doc_candidates
    from annotator.nlp.tokenize import make_doc

    text = "Aliyev said that the corridor will open next year, and officials warmly welcomed it.\nNext line."
    doc = make_doc(text)
    cands = {doc[s:e].text for s, e in doc_candidates(doc, ngram_max=3, clause_max=60)}
    assert "the corridor will open next year" in cands  # a clause after "that", before ","
    assert "officials warmly welcomed it" in cands and "warmly" in cands and "warmly welcomed" in cands
    assert not any(c[0] in ",.\n " or c[-1] in ",.\n " for c in cands)
    assert "Aliyev said that the corridor will open next year, and officials warmly welcomed it" in cands
    assert not any("." in c or "\n" in c for c in cands)  # clauses stay inside a sentence and a line


def test_seed_spans_load_onto_the_sample_corpus(project, tmp_path):
    import json

    from annotator.core.errors import InputError
    from annotator.io.sample import import_sample
    from annotator.nlp.fixtures import SEED_SPANS, load_seed_spans

    import_sample(project)
    counts = load_seed_spans(project)
    assert counts["CLAIM"] >= 60 and counts["FRAMING"] >= 60 and counts["QUOTE"] > 15 and counts["FIGURE"] > 12
    accepted = {(s.doc_id, s.label, project.document(s.doc_id).text[s.start:s.end])
                for s in project.spans(statuses=[Status.ACCEPTED])}
    by_file = {d.source_file: d.id for d in project.documents()}
    for line in SEED_SPANS.read_text(encoding="utf-8").splitlines():
        o = json.loads(line)
        assert (by_file[o["file"]], o["label"], o["text"]) in accepted
    assert project.spans(statuses=[Status.SUGGESTED]) == []
    bad = tmp_path / "bad.jsonl"
    bad.write_text(SEED_SPANS.read_text(encoding="utf-8").splitlines()[0] + "\n"
                   + '{"file": "000_118c9b2bc2664f6c.txt", "start": 0, "end": 3, "label": "CLAIM", "text": "zzz"}\n',
                   encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:2"):
        load_seed_spans(project, bad)


def _reference_clauses(doc, clause_max):
    """The per-token definition of clause candidates, for checking the vectorised one."""
    from annotator.nlp.suggesters import BOUNDARY_PUNCT, CUE_WORDS, SENTENCE_END

    skip = [t.is_space or t.text in BOUNDARY_PUNCT or t.is_punct for t in doc]
    n, out = len(doc), set()
    stops = [i for i in range(n) if doc[i].text in SENTENCE_END or "\n" in doc[i].text]
    starts = [i for i in range(n) if not skip[i] and (i == 0 or skip[i - 1] or doc[i - 1].lower_ in CUE_WORDS)]
    ends = [i + 1 for i in range(n) if not skip[i] and (i + 1 == n or skip[i + 1] or doc[i + 1].lower_ in CUE_WORDS)]
    for s in starts:
        limit = min([s + clause_max, n] + [k for k in stops if k > s])
        out.update((s, e) for e in ends if s < e <= limit)
    return out, skip


def test_vectorised_candidates_match_the_per_token_definition():
    import random

    from annotator.nlp.suggesters import doc_candidates
    from annotator.nlp.tokenize import make_doc

    rng = random.Random(4)
    words = ["the", "minister", "said", "that", ",", ".", ";", "it", "will", "open", "next", "year", "and", "but",
             "«", "»", "“", "”", "\n", "\n\n", "5", "%", "officials", "since", "!"]
    for _ in range(30):
        doc = make_doc(" ".join(rng.choice(words) for _ in range(rng.randint(0, 80))))
        for clause_max, ngram_max in ((60, 6), (5, 2), (1, 0)):
            clauses, skip = _reference_clauses(doc, clause_max)
            ngrams = {(s, s + k) for k in range(1, ngram_max + 1) for s in range(len(doc) - k + 1)
                      if not skip[s] and not skip[s + k - 1]}
            assert doc_candidates(doc, spans_key="", ngram_max=ngram_max, clause_max=clause_max) == sorted(clauses | ngrams)


def test_ngram_floor_keeps_ngrams_with_a_likely_edge_only():
    import numpy

    from annotator.nlp.suggesters import FINDER_SCORES, candidate_array
    from annotator.nlp.tokenize import make_doc

    doc = make_doc("alpha beta gamma delta")
    scores = numpy.zeros((4, 2), dtype="f")
    scores[1, 0] = 0.5  # "beta" may start a span
    scores[3, 1] = 0.5  # "delta" may end one
    doc.user_data[FINDER_SCORES] = scores
    kept = {tuple(x) for x in candidate_array(doc, "", ngram_max=4, clause_max=0, ngram_floor=0.1).tolist()}
    every = {tuple(x) for x in candidate_array(doc, "", ngram_max=4, clause_max=0, ngram_floor=0.0).tolist()}
    assert len(every) == 10
    assert kept == {(s, e) for s, e in every if s == 1 or e == 4}


def test_installed_span_finder_sets_the_same_spans_as_spacy():
    import numpy
    import spacy

    from annotator.nlp.suggesters import FINDER_SCORES, install

    nlp = spacy.blank("en")
    finder = nlp.add_pipe("span_finder", config={"spans_key": "candidates", "threshold": 0.3, "max_length": 4})
    docs = [nlp.make_doc(t) for t in ("one two three four five six", "", "seven eight nine")]
    scores = numpy.random.default_rng(1).random((9, 2)).astype("f")
    finder.set_annotations(docs, scores)
    expected = [[(s.start, s.end) for s in d.spans["candidates"]] for d in docs]
    assert sum(map(len, expected)) > 3
    install(nlp)
    finder.set_annotations(docs, scores)
    assert [[(s.start, s.end) for s in d.spans["candidates"]] for d in docs] == expected
    assert numpy.array_equal(docs[2].user_data[FINDER_SCORES], scores[6:])
