"""The project agreement (vectorised, annotator.io.agreement_np) against a straightforward reference built
from the pure-Python measures of annotator.core.agreement, on random projects: every score bit for bit,
every per-document score and the same disagreements."""

import tempfile
from itertools import combinations
from pathlib import Path
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import agreement as m
from annotator.core.models import NewDocument, NewSpan, Status
from annotator.core.text import pack_tokens, rough_tokens
from annotator.io.agreement import compute_agreement
from annotator.store import create_project

WORDS = ["alpha", "beta", "🇺🇦", "γάμμα", "北京", "d", "epsilon-zeta", "שלום", "42,5"]
LABELS = ["QUOTE", "CLAIM", "FIGURE"]


@st.composite
def projects(draw):
    docs = []
    for n in range(draw(st.integers(1, 4))):
        text = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30)))
        spans = []
        for who in ("ann", "bob", "cy"):
            for _ in range(draw(st.integers(0, 8))):
                s = draw(st.integers(0, len(text) - 1))
                e = draw(st.integers(s + 1, min(len(text), s + draw(st.sampled_from([1, 3, 12, 60])))))
                spans.append(NewSpan(s, e, draw(st.sampled_from(LABELS)), author=who))
        stored = draw(st.booleans())  # stored tokens, or rough ones from the text
        docs.append(NewDocument(text=text, title=f"doc {n}", tokens=pack_tokens(rough_tokens(text)) if stored else None,
                                spans=tuple(spans)))
    labels = draw(st.sampled_from([None, ["CLAIM"], ["QUOTE", "FIGURE"]]))
    return docs, labels


def reference(p, labels):
    """Pair scores, per-document scores and disagreements, span by span with annotator.core.agreement."""
    acc = p.span_tuples([Status.ACCEPTED])
    names = sorted({s[5] for s in acc})
    use = labels or [x.name for x in p.labels()]
    pairs, docs, dis = [], [], []
    for a, b in combinations(names, 2):
        shared = sorted({s[1] for s in acc if s[5] == a} & {s[1] for s in acc if s[5] == b})
        side = {w: sorted((s[1], s[2], s[3], s[4], s[0]) for s in acc if s[5] == w and s[1] in shared
                          and s[4] in use) for w in (a, b)}
        A, B = side[a], side[b]
        starts, offsets, n_tok = {}, {}, 0
        for d in shared:
            index = p.token_index(d)
            starts[d], offsets[d] = (list(index.starts), list(index.ends)), n_tok
            n_tok += len(index)
        lengths = {d: p.doc_length(d) for d in shared}
        used = [x for x in use if any(u[3] == x for u in A + B)]
        rows, sums = [], [0, 0, 0, 0, 0.0, 0.0]
        for lab in used:
            pa = [u[:3] for u in A if u[3] == lab]
            pb = [u[:3] for u in B if u[3] == lab]
            ex, ov = len(set(pa) & set(pb)), len(m.match_places(pa, pb))
            kappa = m.kappa_from_masks({lab: m.token_mask(pa, starts, offsets, n_tok)},
                                       {lab: m.token_mask(pb, starts, offsets, n_tok)}, n_tok)
            d_o, d_e = m.alpha_u_parts([pa, pb], lengths)
            for k, x in enumerate((len(pa), len(pb), ex, ov, d_o, d_e)):
                sums[k] += x
            rows.append((a, b, lab, m.f1(ex, len(pa), len(pb)), m.f1(ov, len(pa), len(pb)), kappa,
                         m.alpha_u(d_o, d_e), len(pa), len(pb), len(shared)))
        # one label after the other, in the project's label order: ties between equal overlaps go to the
        # earlier unit in this order (as the Agreement window always listed them)
        A = [u for lab in used for u in A if u[3] == lab]
        B = [u for lab in used for u in B if u[3] == lab]
        ua, ub = [u[:4] for u in A], [u[:4] for u in B]
        kappa = m.kappa_from_masks(m.token_masks(ua, starts, offsets, n_tok),
                                   m.token_masks(ub, starts, offsets, n_tok), n_tok)
        na, nb, ex, ov, so, se = sums
        pairs += [(a, b, "ALL", m.f1(ex, na, nb), m.f1(ov, na, nb), kappa, m.alpha_u(so, se), na, nb,
                   len(shared))] + rows
        # disagreements: matched with other offsets, then unmatched overlapping another label, then alone
        matches = m.match_overlaps(ua, ub)
        found = [(A[i][0], "boundary", A[i], B[j]) for i, j in matches if ua[i] != ub[j]]
        lone_a = [i for i in range(len(A)) if i not in {i for i, _ in matches}]
        lone_b = [j for j in range(len(B)) if j not in {j for _, j in matches}]
        crossed = m.match_overlaps([ua[i][:3] + ("",) for i in lone_a], [ub[j][:3] + ("",) for j in lone_b])
        found += [(A[lone_a[x]][0], "label", A[lone_a[x]], B[lone_b[y]]) for x, y in crossed]
        found += [(A[i][0], "only_a", A[i], None) for k, i in enumerate(lone_a) if k not in {x for x, _ in crossed}]
        found += [(B[j][0], "only_b", None, B[j]) for k, j in enumerate(lone_b) if k not in {y for _, y in crossed}]
        for d, kind, x, y in found:
            ext = [u[1:3] for u in (x, y) if u]
            dis.append((d, a, b, kind, x and (x[4], x[1], x[2], x[3]), y and (y[4], y[1], y[2], y[3]),
                        min(s for s, _ in ext), max(e for _, e in ext)))
        for d in shared:
            da, db = [u for u in ua if u[0] == d], [u for u in ub if u[0] == d]
            n_ex = len(set(da) & set(db))
            n_ov = sum(1 for i, _ in matches if ua[i][0] == d)
            docs.append((d, a, b, m.f1(n_ex, len(da), len(db)), m.f1(n_ov, len(da), len(db)), len(da), len(db),
                         sum(1 for x in found if x[0] == d)))
    return pairs, docs, dis


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(projects())
def test_fast_agreement_equals_the_span_by_span_reference(case):
    check_against_reference(case)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(projects())
def test_many_labels_kappa_path_equals_the_reference(case):
    """Past CODE_BITS labels, ALL's kappa is counted on Python bitsets: forced here with a limit of 0."""
    with patch("annotator.io.agreement.CODE_BITS", 0):
        check_against_reference(case)


def check_against_reference(case):
    docs, labels = case
    with tempfile.TemporaryDirectory() as tmp:
        p = create_project(Path(tmp) / "r.annotator", annotator="ann")
        try:
            p.add_documents(docs)
            names = sorted({s[5] for s in p.span_tuples([Status.ACCEPTED])})
            if len(names) < 2:
                return
            r = compute_agreement(p, labels=labels)
            pairs, per_doc, dis = reference(p, labels)
            # == on floats: the same figures bit for bit, not approximately
            assert [(x.a, x.b, x.label, x.exact_f1, x.overlap_f1, x.kappa, x.alpha_u, x.n_a, x.n_b, x.n_docs)
                    for x in r.pairs] == pairs
            assert [(x.doc_id, x.a, x.b, x.exact_f1, x.overlap_f1, x.n_a, x.n_b, x.disagreements)
                    for x in r.docs] == per_doc
            got = [(x.doc_id, x.a, x.b, x.kind, x.span_a, x.span_b, x.start, x.end) for x in r.disagreements]
            assert sorted(got, key=repr) == sorted(dis, key=repr)
            for pair in combinations(names, 2):  # each pair's list ordered by place
                keys = [(x[0], x[6], x[7], x[3]) for x in got if x[1:3] == pair]
                assert keys == sorted(keys)
        finally:
            p.close()


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([1, 3, 17, 20]), st.data())
def test_kappa_from_codes_equals_the_bitset_kappa(bits, data):
    """Both ways of counting categories (bincount for up to 16 labels, unique above) against the bitsets."""
    import numpy as np

    from annotator.io.agreement_np import kappa_from_codes

    n = data.draw(st.integers(0, 40))
    pool = data.draw(st.lists(st.integers(0, (1 << bits) - 1), min_size=1, max_size=4))
    ca = np.array(data.draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n)), np.int64)
    cb = np.array(data.draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n)), np.int64)

    def masks(codes):  # label k -> the tokens whose code has bit k, as core.agreement.token_mask's bitsets
        return {f"L{k:02d}": int.from_bytes(bytes(int(c >> k & 1) for c in codes), "little") for k in range(bits)}

    assert kappa_from_codes(ca, cb, bits) == m.kappa_from_masks(masks(ca), masks(cb), n)
