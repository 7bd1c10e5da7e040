"""annotator.nlp.align: align() over a small hand-made project, add_links (idempotent, one undo step) and
accept_candidate (replaces the unit's suggestion, one undo step)."""

import pytest

from annotator.core.models import NewDocument
from annotator.nlp.align import (AlignCancelled, AlignError, Candidate, accept_candidate, add_links, align,
                                  candidate_at, reject_unit)

SOURCE = (
    "- Mr. President, what about the budget?\n"
    "Our military budget for 2025 will be a record high - around five billion dollars. This is a necessity.\n"
    "- And the Turkish base?\n"
    "No, we don't need one. There is no need for a Turkish military base in Azerbaijan.\n"
    "- And flights?\n"
    "I believe there are now at least twice as many flights as there were during Soviet times.\n"
)
RETELLING = (
    "Aliyev said the military budget for 2025 would be a record $7 billion. "
    "He said there is \"no need for a Turkish military base in Azerbaijan\". "
    "Flights have doubled compared with Soviet times, he noted."
)


@pytest.fixture
def traced(project):
    src, ret = project.add_documents([NewDocument(SOURCE, title="Interview"),
                                      NewDocument(RETELLING, title="Report", outlet="Outlet A")]).added
    spans = {}
    for label, needle in (("FIGURE", "the military budget for 2025 would be a record $7 billion"),
                          ("QUOTE", "\"no need for a Turkish military base in Azerbaijan\""),
                          ("CLAIM", "Flights have doubled compared with Soviet times")):
        a = RETELLING.index(needle)
        spans[label] = project.add_span(ret, a, a + len(needle), label).ids("span").pop()
    return project, src, ret, spans


def _unit(units, span_id):
    return next(u for u in units if u.span_id == span_id)


def test_align_ranks_the_right_passages_and_relations(traced):
    project, src, ret, spans = traced
    units = align(project, src)
    assert [u.span_id for u in units] == sorted(spans.values(), key=lambda i: project.span(i).start)
    budget = _unit(units, spans["FIGURE"]).candidates[0]
    assert "five billion dollars" in budget.text and budget.relation == "distorts"
    assert budget.figures == (("five billion", "$7 billion"),)
    quote = _unit(units, spans["QUOTE"]).candidates[0]
    assert SOURCE[quote.start:quote.end] == quote.text
    assert quote.text == "There is no need for a Turkish military base in Azerbaijan." and quote.relation == "quotes"
    flights = _unit(units, spans["CLAIM"]).candidates[0]
    assert "twice as many flights" in flights.text and flights.relation == "paraphrases"
    assert all(u.source_id == src and len(u.candidates) <= 3 for u in units)


def test_align_progress_cancel_and_bad_input(traced):
    project, src, ret, spans = traced
    seen = []
    align(project, src, progress=lambda d, t: seen.append((d, t)))
    assert seen[0] == (0, 6) and seen[-1] == (6, 6)  # each unit twice: alone, then beside its neighbours
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    with pytest.raises(AlignCancelled):
        align(project, src, cancelled=lambda: True)
    with pytest.raises(AlignError, match="no document with id 99"):
        align(project, 99)
    with pytest.raises(AlignError, match="is the source"):
        align(project, src, doc_ids=[src])
    with pytest.raises(AlignError, match="no spans"):
        align(project, ret, doc_ids=[src])  # the interview has no spans


def test_add_links_is_one_step_and_idempotent(traced):
    project, src, ret, spans = traced
    units = align(project, src)
    before = len(project.stack.undo_stack)
    change = add_links(project, units)
    assert len(project.stack.undo_stack) == before + 1
    links = project.links()
    assert len(links) == 3 and {l.status for l in links} == {"suggested"}
    assert {l.source_id for l in links} == set(spans.values())
    by_span = {l.source_id: l for l in links}
    assert by_span[spans["FIGURE"]].type == "distorts" and by_span[spans["QUOTE"]].type == "quotes"
    targets = {s.id: s for s in project.spans(src)}
    assert all(targets[l.target_id].status == "suggested" for l in links)
    assert targets[by_span[spans["QUOTE"]].target_id].label == "QUOTE"  # the unit's label
    assert add_links(project, align(project, src)).empty  # again: nothing new
    assert len(project.stack.undo_stack) == before + 1
    project.undo()
    assert project.links() == [] and project.spans(src) == []
    assert change.added["link"]


def test_add_links_leaves_accepted_and_rejected_links_alone(traced):
    project, src, ret, spans = traced
    units = align(project, src)
    add_links(project, [u for u in units if u.span_id == spans["QUOTE"]])
    (quote_link,) = project.links()
    project.reject_links([quote_link.id])
    figure = _unit(units, spans["FIGURE"])
    accept_candidate(project, figure, figure.candidates[0])
    add_links(project, align(project, src))
    by_span = {}
    for l in project.links():
        by_span.setdefault(l.source_id, []).append(l)
    assert [l.status for l in by_span[spans["QUOTE"]]] == ["rejected"]
    assert [l.status for l in by_span[spans["FIGURE"]]] == ["accepted"]
    assert [l.status for l in by_span[spans["CLAIM"]]] == ["suggested"]


def test_accept_candidate_replaces_the_suggestion_in_one_step(traced):
    project, src, ret, spans = traced
    units = align(project, src)
    add_links(project, units)
    unit = _unit(units, spans["CLAIM"])
    text = "This is a necessity."  # another passage, as the analyst may pick one in the source pane
    other = Candidate(SOURCE.index(text), SOURCE.index(text) + len(text), text, 0.2, "paraphrases")
    before = len(project.stack.undo_stack)
    accept_candidate(project, unit, other, "distorts")
    assert len(project.stack.undo_stack) == before + 1
    mine = project.links_for_span(spans["CLAIM"])
    assert [(l.status, l.type) for l in mine] == [("accepted", "distorts")]
    target = project.span(mine[0].target_id)
    assert (target.start, target.end, target.label, target.status) == (other.start, other.end, "CLAIM", "accepted")
    # the suggested span made for the replaced suggestion went with it
    assert all(s.status == "accepted" or s.id in {l.target_id for l in project.links()} for s in project.spans(src))
    project.undo()
    assert [(l.status, l.type) for l in project.links_for_span(spans["CLAIM"])] == [("suggested", "paraphrases")]


def test_sentence_units_trace_an_unannotated_retelling(project):
    src, ret = project.add_documents([NewDocument(SOURCE, title="Interview"),
                                      NewDocument(RETELLING, title="Report")]).added
    units = align(project, src, units="sentences")
    assert [u.span_id for u in units] == [None, None, None] and all(u.label is None for u in units)
    assert [RETELLING[u.start:u.end] for u in units][0].startswith("Aliyev said the military budget")
    add_links(project, units)
    assert len(project.links()) == 3
    assert {s.label for s in project.spans(ret)} == {"CLAIM"}
    assert add_links(project, align(project, src, units="sentences")).empty


def test_candidate_at_scores_and_judges_a_hand_picked_passage(traced):
    project, src, ret, spans = traced
    unit = _unit(align(project, src), spans["FIGURE"])
    text = "Our military budget for 2025 will be a record high - around five billion dollars."
    c = candidate_at(project, unit, SOURCE.index(text), SOURCE.index(text) + len(text))
    assert c.text == text and c.relation == "distorts" and c.figures == (("five billion", "$7 billion"),)
    assert c.score == pytest.approx(unit.candidates[0].score, abs=0.15) and c.score > 0.3
    other = "This is a necessity."
    weak = candidate_at(project, unit, SOURCE.index(other), SOURCE.index(other) + len(other))
    assert weak.score < c.score and weak.relation == "paraphrases"
    with pytest.raises(AlignError, match="out of range"):
        candidate_at(project, unit, 0, len(SOURCE) + 5)


def test_a_link_drawn_the_other_way_counts_and_reject_unit(traced):
    project, src, ret, spans = traced
    units = align(project, src)
    figure = _unit(units, spans["FIGURE"])
    c = figure.candidates[0]
    passage = project.add_span(src, c.start, c.end, "FIGURE").ids("span").pop()
    project.add_link(passage, spans["FIGURE"], "distorts")  # source span first, by hand
    add_links(project, units)
    assert [l.status for l in project.links_for_span(spans["FIGURE"])] == ["accepted"]
    # X on a unit with a suggestion: it becomes rejected, in one step
    quote = _unit(units, spans["QUOTE"])
    before = len(project.stack.undo_stack)
    reject_unit(project, quote)
    assert [l.status for l in project.links_for_span(spans["QUOTE"])] == ["rejected"]
    assert len(project.stack.undo_stack) == before + 1
    # X on a unit never suggested: a rejected link to its top candidate, so --add leaves it alone
    project.remove_links([l.id for l in project.links_for_span(spans["CLAIM"])])
    claim = _unit(units, spans["CLAIM"])
    reject_unit(project, claim)
    assert [l.status for l in project.links_for_span(spans["CLAIM"])] == ["rejected"]
    assert add_links(project, align(project, src)).empty


def test_accepting_a_sentence_unit_replaces_its_suggestion(project):
    src, ret = project.add_documents([NewDocument(SOURCE, title="Interview"),
                                      NewDocument(RETELLING, title="Report")]).added
    units = align(project, src, units="sentences")
    add_links(project, units)
    first = units[0]
    accept_candidate(project, first, first.candidates[0])
    spans = [s for s in project.spans(ret) if (s.start, s.end) == (first.start, first.end)]
    assert [s.status for s in spans] == ["accepted"]
    assert [(l.status, l.type) for l in project.links_for_span(spans[0].id)] == [("accepted", "distorts")]


def test_prepare_reads_the_project_and_run_never_touches_it(traced):
    import threading

    from annotator.nlp.align import prepare, run

    project, src, ret, spans = traced
    expected = align(project, src)
    request = prepare(project, src)
    project.backend.conn.close()  # from here on, any read of the project would raise
    got = []
    worker = threading.Thread(target=lambda: got.append(run(request)))
    worker.start()
    worker.join()
    assert got and [(u.span_id, u.candidates) for u in got[0]] == [(u.span_id, u.candidates) for u in expected]
