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


def test_random_loads_removals_match_brute_force():
    """Out-of-order batches (small and bulk), replaced rows and removals keep ranges, neighbours,
    lookups and per-label counts identical to a brute-force model."""
    random.seed(7)
    idx, ref, nid = SpanIndex(), {}, 1

    def row(i):
        s = random.randrange(0, 20_000)
        e = s + (random.randint(1, 300) if random.random() < 0.97 else random.randint(LONG, 3 * LONG))
        return (i, s, e, random.randint(1, 4), random.choice(["accepted", "suggested", "rejected"]), random.randint(0, 1))

    for _ in range(150):
        if random.random() < 0.5 or not ref:
            batch = [row(nid + k) for k in range(random.choice([1, 5, 70, 200]))]
            nid += len(batch)
            batch += [row(k) for k in random.sample(sorted(ref), min(5, len(ref)))]  # updated rows
            batch.sort(key=lambda r: (r[1], r[2], r[3]))
            idx.load(batch, sorted_rows=random.random() < 0.5)
            ref.update((r[0], r) for r in batch)
        else:
            for k in random.sample(sorted(ref), min(len(ref), random.randint(1, 30))):
                idx.remove(k)
                del ref[k]
        assert len(idx) == len(ref)
        a = random.randrange(0, 21_000)
        b = a + random.randint(0, 800)
        want = sorted(k for k, r in ref.items() if r[2] > a and (r[1] < b or (a == b and r[1] <= a)))
        assert sorted(s.id for s in idx.in_range(a, b)) == want
        pos = (random.randrange(0, 20_000), random.randrange(0, nid))
        for back in (False, True):
            for st in (None, ("suggested",)):
                c = [r for r in ref.values() if (st is None or r[4] in st) and ((r[1], r[0]) < pos if back else (r[1], r[0]) > pos)]
                w = (max if back else min)(c, key=lambda r: (r[1], r[0]))[0] if c else None
                got = idx.neighbour(pos, backwards=back, statuses=st)
                assert (got.id if got else None) == w
        counts = {}
        for r in ref.values():
            if r[4] == "accepted":
                counts[r[3]] = counts.get(r[3], 0) + 1
        assert idx.counts("accepted") == counts
        if not ref:
            continue
        k = random.choice(sorted(ref))
        g = idx.get(k)
        assert (g.id, g.start, g.end, g.label_id, g.status, g.has_note) == ref[k][:5] + (bool(ref[k][5]),)


def test_pages_in_keyset_order_stay_sorted_when_a_page_starts_on_the_last_offset():
    """Pages come in (start, end, label) order, the index keeps (start, id): a page whose first rows share
    the previous page's last start with smaller ids must still give a sorted index (and no full re-sort)."""
    random.seed(11)
    spans = []
    for k in range(3000):
        s = random.randrange(0, 3000)  # many spans per offset
        spans.append((3000 - k, s, s + random.randint(1, 50), random.randint(1, 4), "accepted", 0))
    spans.sort(key=lambda r: (r[1], r[2], r[3]))
    idx = SpanIndex()
    for i in range(0, len(spans), 500):
        idx.load(spans[i:i + 500], sorted_rows=True)
    assert len(idx) == len(spans)
    keys = [(s.start, s.id) for s in idx.ordered()]
    assert keys == sorted((r[1], r[0]) for r in spans)
    for a in range(0, 3000, 97):
        want = sorted(r[0] for r in spans if r[1] < a + 40 and r[2] > a)
        assert sorted(s.id for s in idx.in_range(a, a + 40)) == want


def test_grow_to_clusters_covers_every_span_whose_lane_can_move():
    """Brute force: add or remove one span among random ones; every span whose lane differs afterwards
    (and the span itself) lies inside the ranges grow_to_clusters gives for it (what a partial repaint
    of the view covers); and the growth stays inside the touched cluster (not the whole document)."""
    import random

    from annotator.ui.spanindex import SpanItem, grow_to_clusters

    rng = random.Random(7)
    smaller = 0
    for trial in range(400):
        spans = []
        for i in range(rng.randint(0, 25)):
            s = rng.randrange(0, 300)
            spans.append(SpanItem((i + 1, s, s + rng.randint(1, 40), 1, "accepted", 0)))
        new = rng.randrange(0, 300)
        extra = SpanItem((999, new, new + rng.randint(1, 40), 1, "accepted", 0))
        before, after = spans, spans + [extra]
        if spans and trial % 2:  # remove one instead
            extra = rng.choice(spans)
            before, after = spans, [s for s in spans if s is not extra]
        lanes_before, lanes_after = assign_lanes(before), assign_lanes(after)
        moved = [s for s in after if lanes_before.get(s.id) != lanes_after.get(s.id)] + [extra]
        grown = grow_to_clusters(after, [(extra.start, extra.end)])
        for s in moved:
            assert any(lo <= s.start and s.end <= hi for lo, hi in grown), (trial, s, grown)
        hull = (min(s.start for s in after + [extra]), max(s.end for s in after + [extra]))
        smaller += sum(hi - lo for lo, hi in grown) < hull[1] - hull[0]
    assert smaller > 100  # mostly a part of the document, not all of it
