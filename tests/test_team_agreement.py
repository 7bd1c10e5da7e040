"""Agreement measures: hand-made cases, Krippendorff's published unitizing example, Cohen's kappa checked
against nltk, and properties (self-agreement, symmetry)."""

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.metrics.agreement import AnnotationTask

from annotator.cli import main
from annotator.core import agreement as m
from annotator.core.models import NewDocument
from annotator.io.agreement import compute_agreement
from annotator.store import create_project


def test_alpha_u_matches_krippendorffs_worked_example():
    # Krippendorff, Content Analysis (2nd ed., 2004), p. 254: two observers on a continuum from 150 to 450
    # (length 300), categories c and k; typed in by hand and shifted by -150. Published: D_o(c) = .0144,
    # D_e(c) = .0532, alpha(c) = .7286; D_o(k) = 0, D_e(k) = .0490, alpha(k) = 1; overall alpha = .8591.
    bounds = {1: 300}
    c_i, c_j = [(225, 295), (370, 400)], [(220, 300), (355, 375), (400, 420)]
    k_i = k_j = [(180, 240), (300, 350)]
    shift = lambda units: [(1, s - 150, e - 150) for s, e in units]  # noqa: E731
    do_c, de_c = m.alpha_u_parts([shift(c_i), shift(c_j)], bounds)
    do_k, de_k = m.alpha_u_parts([shift(k_i), shift(k_j)], bounds)
    assert do_c == pytest.approx(0.0144, abs=1e-4)
    assert de_c == pytest.approx(0.0532, abs=1e-4)
    assert m.alpha_u(do_c, de_c) == pytest.approx(0.7286, abs=1e-4)
    assert do_k == 0 and de_k == pytest.approx(0.0490, abs=1e-4)
    assert m.alpha_u(do_k, de_k) == 1.0
    # the book rounds D_o and D_e before dividing: .8591 with its figures
    assert m.alpha_u(do_c + do_k, de_c + de_k) == pytest.approx(0.8591, abs=5e-4)


def test_exact_and_overlap_f1_by_hand():
    a = [(1, 0, 10, "Q"), (1, 20, 30, "Q"), (1, 40, 50, "C"), (2, 0, 5, "Q")]
    b = [(1, 0, 10, "Q"), (1, 5, 25, "Q"), (1, 22, 28, "Q"), (1, 40, 50, "Q")]
    assert m.exact_matches(a, b) == 1
    # [0,10) = [0,10) (10), then [20,30)~[22,28) (6) beats [20,30)~[5,25) (5); [5,25) is left unmatched
    # ([0,10) is taken); C vs Q never match; doc 2 has nothing on b's side
    assert sorted(m.match_overlaps(a, b)) == [(0, 0), (1, 2)]
    assert m.f1(2, 4, 4) == 0.5


def _categories(units, tokens):
    out = []
    for d, toks in tokens.items():
        for ts, te in toks:
            labels = sorted({lab for (ud, s, e, lab) in units if ud == d and s < te and e > ts})
            out.append("+".join(labels) or "none")
    return out


def _kappa(a, b, tokens):
    starts = {d: ([t[0] for t in toks], [t[1] for t in toks]) for d, toks in tokens.items()}
    offsets, n = {}, 0
    for d, toks in tokens.items():
        offsets[d] = n
        n += len(toks)
    return m.kappa_from_masks(m.token_masks(a, starts, offsets, n), m.token_masks(b, starts, offsets, n), n)


def _random_units(rng, n, docs, labels="QCF"):
    out = set()
    for _ in range(n):
        d = rng.choice(list(docs))
        s = rng.randrange(0, docs[d] - 1)
        out.add((d, s, rng.randrange(s + 1, min(docs[d], s + 30) + 1), rng.choice(labels)))
    return sorted(out)


@pytest.mark.parametrize("seed", range(8))
def test_token_kappa_matches_nltk(seed):
    rng = random.Random(seed)
    docs = {1: 200, 2: 120}
    tokens = {d: [(i, i + 3) for i in range(0, n - 3, 4)] for d, n in docs.items()}  # 3-char tokens, 1 space
    a, b = _random_units(rng, 12, docs), _random_units(rng, 12, docs)
    ca, cb = _categories(a, tokens), _categories(b, tokens)
    data = [("a", i, x) for i, x in enumerate(ca)] + [("b", i, x) for i, x in enumerate(cb)]
    assert _kappa(a, b, tokens) == pytest.approx(AnnotationTask(data).kappa(), abs=1e-9)
    # per label: binary categories
    for lab in "QCF":
        la, lb = [u for u in a if u[3] == lab], [u for u in b if u[3] == lab]
        if not la and not lb:
            continue
        data = [("a", i, x != "none") for i, x in enumerate(_categories(la, tokens))]
        data += [("b", i, x != "none") for i, x in enumerate(_categories(lb, tokens))]
        ours = m.kappa_from_masks({lab: _masks(la, tokens).get(lab, 0)}, {lab: _masks(lb, tokens).get(lab, 0)},
                                  sum(map(len, tokens.values())))
        try:
            theirs = AnnotationTask(data).kappa()
        except ZeroDivisionError:
            theirs = None
        assert (ours is None and theirs is None) or ours == pytest.approx(theirs, abs=1e-9)


def _masks(units, tokens):
    starts = {d: ([t[0] for t in toks], [t[1] for t in toks]) for d, toks in tokens.items()}
    offsets, n = {}, 0
    for d, toks in tokens.items():
        offsets[d] = n
        n += len(toks)
    return m.token_masks(units, starts, offsets, n)


unit_lists = st.lists(st.tuples(st.integers(1, 2), st.integers(0, 90), st.integers(1, 25), st.sampled_from("QCF")),
                      max_size=15).map(lambda xs: sorted({(d, s, s + n, lab) for d, s, n, lab in xs}))


def _scores(a, b):
    docs = {1: 120, 2: 120}
    tokens = {d: [(i, i + 2) for i in range(0, n - 2, 3)] for d, n in docs.items()}
    lengths = {1: 120, 2: 120}
    out = {"exact": m.f1(m.exact_matches(a, b), len(a), len(b)),
           "overlap": m.f1(len(m.match_overlaps(a, b)), len(a), len(b)), "kappa": _kappa(a, b, tokens)}
    for lab in "QCF":
        ua = [(d, s, e) for d, s, e, x in a if x == lab]
        ub = [(d, s, e) for d, s, e, x in b if x == lab]
        out["alpha_" + lab] = m.alpha_u(*m.alpha_u_parts([ua, ub], lengths))
    return out


@settings(max_examples=150, deadline=None)
@given(unit_lists)
def test_agreement_of_a_layer_with_itself_is_one(a):
    for name, value in _scores(a, a).items():
        if not a:
            assert value is None or name == "kappa"
        else:
            assert value is None or value == pytest.approx(1.0), name
    if a:
        assert _scores(a, a)["exact"] == 1.0 and _scores(a, a)["overlap"] == 1.0


@settings(max_examples=150, deadline=None)
@given(unit_lists, unit_lists)
def test_agreement_is_symmetric(a, b):
    ab, ba = _scores(a, b), _scores(b, a)
    for k in ab:
        assert (ab[k] is None and ba[k] is None) or ab[k] == pytest.approx(ba[k]), k


def _two_layers(tmp_path):
    p = create_project(tmp_path / "t.annotator", annotator="alice")
    text = "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu. 🇺🇦 nu xi."
    d1, d2, d3 = p.add_documents([NewDocument(text=text), NewDocument(text="Other text here now."),
                                  NewDocument(text="Only alice here.")]).added
    a1 = p.add_span(d1, 0, 10, "CLAIM").ids("span").pop()
    a2 = p.add_span(d1, 24, 31, "QUOTE").ids("span").pop()
    p.add_span(d1, 48, 52, "FIGURE")
    p.add_span(d2, 0, 5, "CLAIM")
    p.add_span(d3, 0, 4, "CLAIM")
    p.add_link(a1, a2, "supports")
    p.set_annotator("bob")
    b1 = p.add_span(d1, 0, 10, "CLAIM").ids("span").pop()
    b2 = p.add_span(d1, 24, 36, "QUOTE").ids("span").pop()
    p.add_span(d1, 48, 52, "QUOTE")
    p.add_span(d2, 0, 5, "CLAIM")
    p.add_link(b1, b2, "supports")
    return p, (d1, d2, d3)


def test_project_agreement_scores_and_disagreements(tmp_path):
    p, (d1, d2, d3) = _two_layers(tmp_path)
    try:
        r = compute_agreement(p)
        all_ = r.pair("alice", "bob")
        assert (all_.n_a, all_.n_b, all_.n_docs) == (4, 4, 2)  # doc 3 was annotated by alice only
        assert all_.exact_f1 == pytest.approx(2 * 2 / 8)
        assert all_.overlap_f1 == pytest.approx(2 * 3 / 8)
        assert r.pair("alice", "bob", "CLAIM").exact_f1 == 1.0
        kinds = sorted((x.doc_id, x.kind) for x in r.disagreements)
        assert kinds == [(d1, "boundary"), (d1, "label")]
        link = [k for k in r.links if k.type == "ALL"][0]
        assert (link.n_a, link.n_b, link.link_f1) == (1, 1, 0.0)  # the QUOTE ends differ
        per_doc = {x.doc_id: x for x in r.docs}
        assert per_doc[d2].exact_f1 == 1.0 and per_doc[d1].disagreements == 2
        only = compute_agreement(p, labels=["CLAIM"], doc_ids=[d1])
        assert [x.label for x in only.pairs] == ["ALL", "CLAIM"] and only.pairs[0].n_docs == 1
    finally:
        p.close()


def test_cli_agreement_json_shape_and_matrix(tmp_path, capsys):
    p, _ = _two_layers(tmp_path)
    p.close()
    assert main(["agreement", str(tmp_path / "t.annotator"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"pairs", "links"}
    assert set(data["pairs"][0]) == {"a", "b", "label", "exact_f1", "overlap_f1", "kappa", "alpha_u", "n_a", "n_b",
                                     "n_docs"}
    assert {"a", "b", "link_f1"} <= set(data["links"][0])
    assert main(["agreement", str(tmp_path / "t.annotator"), "--labels", "CLAIM,QUOTE", "--annotators", "bob,alice"]) == 0
    out = capsys.readouterr().out
    assert "exact_f1" in out and "alpha_u" in out and "bob" in out
    assert main(["agreement", str(tmp_path / "t.annotator"), "--annotators", "alice,carol"]) == 1
    err = capsys.readouterr().err
    assert "carol" in err and len(err.strip().splitlines()) == 1


def _reference_alpha_parts(coders, lengths):
    """Krippendorff's D_o and D_e straight from the definition: each coder's continuum cut into units and gaps
    (gaps stopping at document ends), every pair of sections of two coders compared, O(n^2)."""
    sections = []
    for units in coders:
        secs = []
        for d, n in sorted(lengths.items()):
            cover = sorted((s, e) for ud, s, e in units if ud == d)
            merged = []
            for s, e in cover:
                if merged and s < merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], e)
                else:
                    merged.append([s, e])
            pos = 0
            for s, e in merged:
                if s > pos:
                    secs.append((d, pos, s, False))
                secs.append((d, s, e, True))
                pos = e
            if pos < n:
                secs.append((d, pos, n, False))
        sections.append(secs)

    def delta(g, h):
        (d1, b1, e1, u1), (d2, b2, e2, u2) = g, h
        if d1 != d2 or not (b1 < e2 and b2 < e1):
            return 0
        if u1 and u2:
            return (b1 - b2) ** 2 + (e1 - e2) ** 2
        if u1 and b2 <= b1 and e1 <= e2:
            return (e1 - b1) ** 2
        if u2 and b1 <= b2 and e2 <= e1:
            return (e2 - b2) ** 2
        return 0

    m_, length = len(coders), sum(lengths.values())
    observed = sum(delta(g, h) for x in range(m_) for y in range(m_) if x != y for g in sections[x] for h in sections[y])
    units = [e - b for secs in sections for _, b, e, u in secs if u]
    gaps = [e - b for secs in sections for _, b, e, u in secs if not u]
    total = sum((len(units) - 1) / 3 * (2 * l ** 3 - 3 * l ** 2 + l) + l * l * sum(g - l + 1 for g in gaps if g >= l)
                for l in units)
    d_e = 2 / length * total / (m_ * length * (m_ * length - 1) - sum(l * (l - 1) for l in units))
    return observed / (m_ * (m_ - 1) * length ** 2), d_e


@settings(max_examples=200, deadline=None)
@given(unit_lists, unit_lists, st.sampled_from("QCF"))
def test_alpha_u_matches_the_definition(a, b, lab):
    lengths = {1: 120, 2: 120}
    ua = [(d, s, e) for d, s, e, x in a if x == lab]
    ub = [(d, s, e) for d, s, e, x in b if x == lab]
    if not ua and not ub:
        return
    ours = m.alpha_u_parts([ua, ub], lengths)
    ref = _reference_alpha_parts([ua, ub], lengths)
    assert ours == pytest.approx(ref)


def test_project_layer_against_an_identical_layer_is_one(tmp_path):
    rng = random.Random(5)
    p = create_project(tmp_path / "same.annotator", annotator="alice")
    try:
        text = " ".join(f"word{i}" for i in range(300))
        d1, d2 = p.add_documents([NewDocument(text=text), NewDocument(text=text + " more")]).added
        marks = _random_units(rng, 40, {d1: len(text), d2: len(text)})
        for who in ("alice", "bob"):
            p.set_annotator(who)
            for d, s, e, lab in marks:
                p.add_span(d, s, e, {"Q": "QUOTE", "C": "CLAIM", "F": "FIGURE"}[lab])
            a1 = [s for s in p.spans(d1) if s.author == who]
            p.add_link(a1[0].id, a1[1].id, "supports")
        r = compute_agreement(p)
        for row in r.pairs:
            assert (row.exact_f1, row.overlap_f1, row.kappa, row.alpha_u) == (1.0, 1.0, pytest.approx(1.0),
                                                                               pytest.approx(1.0)), row
        assert all(k.link_f1 == 1.0 for k in r.links) and r.disagreements == []
    finally:
        p.close()
