"""The view's in-memory span index (no Qt)."""

import random

from annotator.ui.spanindex import LONG, SpanIndex, assign_lanes


def rows(spans):
    return [(i + 1, s, e, 1, "accepted", 0) for i, (s, e) in enumerate(spans)]


def test_in_range_matches_brute_force_with_long_spans():
    random.seed(3)
    spans = [(s, s + random.randint(1, 300)) for s in (random.randrange(0, 50_000) for _ in range(2000))]
    spans += [(10, 10 + LONG * 3), (20_000, 45_000)]
    idx = SpanIndex()
    idx.load(rows(spans))
    for a in range(0, 50_000, 1234):
        b = a + 700
        want = sorted(i + 1 for i, (s, e) in enumerate(spans) if s < b and e > a)
        assert sorted(x.id for x in idx.in_range(a, b)) == want


def test_remove_and_reload_and_neighbour():
    idx = SpanIndex()
    idx.load(rows([(0, 5), (3, 9), (20, 30), (5, 10_000)]))
    assert [s.id for s in idx.at(4)] == [2, 1] or [s.id for s in idx.at(4)] == [1, 2]
    assert idx.at(4)[0].length <= idx.at(4)[1].length
    idx.remove(2)
    assert 2 not in idx and [s.id for s in idx.at(4)] == [1]
    nxt = idx.neighbour((0, 1))
    assert (nxt.start, nxt.id) == (5, 4)
    assert idx.neighbour((5, 4)).id == 3
    assert idx.neighbour((20, 3), backwards=True).id == 4
    idx.load([(3, 21, 31, 2, "suggested", 1)])  # updated row replaces the old one
    assert idx.get(3).start == 21 and idx.get(3).has_note
    assert idx.neighbour((0, 1), statuses=("suggested",)).id == 3


def test_lanes_separate_overlaps():
    idx = SpanIndex()
    idx.load(rows([(0, 10), (5, 15), (12, 20), (30, 40)]))
    lanes = assign_lanes(idx.ordered())
    assert lanes[1] != lanes[2]
    assert lanes[2] != lanes[3]
    assert lanes[4] == 0
