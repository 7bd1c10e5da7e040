"""The relation classifier (quotes / paraphrases / distorts), figures, and the word diff, on hand-made cases."""

import pytest

from annotator.nlp.align.diff import word_diff
from annotator.nlp.align.relation import changed_figures, classify, is_quote
from annotator.nlp.align.text import figures

SOURCE = "Our military budget for 2025 will be a record high - around five billion dollars. This is a necessity."


@pytest.mark.parametrize("retelling, source, relation", [
    # the source's own words, up to case, punctuation, quotation marks and ellipses
    ('"Our military budget for 2025 will be a record high"', SOURCE, "quotes"),
    ("“our military budget for 2025 will be a record high … this is a necessity”", SOURCE, "quotes"),
    ('He said: "This is a necessity."', SOURCE, "quotes"),
    ('"Our [defence] budget for 2025 will be a record high"', "Our budget for 2025 will be a record high.", "quotes"),
    # same meaning, other words
    ("Azerbaijan will spend a record $5 billion on its army in 2025.", SOURCE, "paraphrases"),
    ("He believes the budget is necessary.", SOURCE, "paraphrases"),
    # a figure changed
    ("Azerbaijan will spend a record $7 billion on its army in 2025.", SOURCE, "distorts"),
    ("The military budget for 2026 will be a record.", SOURCE, "distorts"),
    # a negation added or dropped on what both say
    ("Aliyev said the budget is not a necessity.", "The budget is a necessity.", "distorts"),
    ("He said Azerbaijan needs a Turkish base.", "Azerbaijan does not need a Turkish base.", "distorts"),
    ("He said Azerbaijan doesn't need a Turkish base.", "No, Azerbaijan does not need a Turkish base.", "paraphrases"),
    # a hedge dropped: "may prove" becomes a certainty
    ("Azerbaijan's efforts will prove to be in demand.", "At some point, Azerbaijan's efforts may prove to be in demand.",
     "distorts"),
    ("Azerbaijan's efforts could prove to be in demand.", "At some point, Azerbaijan's efforts may prove to be in demand.",
     "paraphrases"),
    # scope widened: some contracts -> all contracts
    ("All contracts were pushed back at Russia's request.", "Some contracts were pushed back at Russia's request.",
     "distorts"),
])
def test_relation(retelling, source, relation):
    assert classify(retelling, source).relation == relation


def test_changed_figure_reports_both_values_as_written():
    j = classify("a record $7 billion budget", SOURCE)
    assert j.relation == "distorts" and j.figures == [("five billion", "$7 billion")]
    assert classify("a record $5 billion budget", SOURCE).figures == []
    # a percentage is compared with a percentage, not with an amount
    assert changed_figures("60 percent of 5 billion", "at least 60 percent of five billion dollars") == []
    assert changed_figures("70% of the budget", "at least 60 percent of five billion dollars") == [("60 percent", "70%")]
    # a figure the source passage does not give is no change (it may come from elsewhere)
    assert changed_figures("In 2021 they signed it.", "They signed it a year before.") == []


def test_figures_read_words_and_magnitudes():
    got = {f.text: f.value for f in figures("around five billion dollars, $150 billion, 2.6 trillion, 300,000 people, "
                                            "one and a half billion tons, 60 percent, twice as many")}
    assert got["five billion"] == 5e9 and got["$150 billion"] == 1.5e11 and got["2.6 trillion"] == 2.6e12
    assert got["300,000"] == 300_000 and got["one and a half billion"] == 1.5e9
    assert got["60 percent"] == 60 and got["twice"] == 2


def test_quote_needs_the_words_in_order():
    assert is_quote('"record high ... necessity"', SOURCE)
    assert not is_quote('"necessity ... record high"', SOURCE)
    assert not is_quote('"a record low"', SOURCE)


def test_word_diff_ops_and_changed_numbers():
    ops = word_diff("Our budget for 2025 will be a record $7 billion.", SOURCE)
    kinds = [op.op for op in ops]
    assert kinds[0] == "equal" and ops[0].source == "Our" and ops[0].retelling == "Our"
    assert any(op.op == "delete" and op.source == "military" for op in ops)
    changed = [op for op in ops if op.numbers_changed]
    assert [(op.source, op.retelling) for op in changed] == [("high - around five", "$7")]
    # offsets point into the two texts
    for op in ops:
        assert SOURCE[op.source_start:op.source_end] == op.source
    same = word_diff("OUR MILITARY budget, for 2025!", "Our military budget for 2025")
    assert [op.op for op in same] == ["equal"]


@pytest.mark.parametrize("retelling, source, relation", [
    # scope widened by a universal word the source does not have
    ("The governor is doing everything to keep the port open.", "The governor is trying to keep the port open.",
     "distorts"),
    ("The minister's ears stick out everywhere.", "And again, the minister's ears are sticking out.", "distorts"),
    ("It refused any of the board's demands.", "It was reluctant to accept the board's first demand.", "distorts"),
    # ... but a floating or idiomatic "all" is no widening
    ("They all want to lower the tariffs.", "We want to lower the tariffs.", "paraphrases"),
    ("But that is all in the past now.", "That was the past, he said.", "paraphrases"),
    ("He will, by all means, sign it.", "He will sign it.", "paraphrases"),
    # a state approached is said to be reached
    ("Exports have returned to pre-war levels.", "We are approaching pre-war levels of exports.", "distorts"),
    ("Exports are nearing pre-war levels.", "We are approaching pre-war levels of exports.", "paraphrases"),
    ("They turned to the courts.", "Then they took another approach and turned to the courts.", "paraphrases"),
    # a third party's claim made the speaker's own
    ("Half the valley's houses stand empty.", "Reuters reported that half of the houses in the valley are empty.",
     "distorts"),
    ("Reuters says half of the houses in the valley are empty.",
     "Reuters reported that half of the houses in the valley are empty.", "paraphrases"),
    ("Half of the houses are empty, he said.", "As I said, half of the houses are empty.", "paraphrases"),
    # whose it is: foreign money retold as the country's own
    ("He praised its new loans for the railway.", "We are building the railway with foreign loans.", "distorts"),
    ("He praised foreign loans for the railway.", "We are building the railway with foreign loans.", "paraphrases"),
    # the same figure counting something else: occasions became things
    ("They passed three resolutions against the mine.", "They tried three times to push it through the council.",
     "distorts"),
    ("About 20 people still live there.", "Approximately 20 residents still live there.", "paraphrases"),
    # restrictive idioms are no negation
    ("Claims about a base are mere speculation.", "Such claims about a base are nothing more than speculation.",
     "paraphrases"),
    ("The talks covered both trade and energy.", "The talks covered not only trade but also energy.", "paraphrases"),
    # a question asserts nothing; denying what the source only imagines flips nothing
    ("He denied the town is a mining town.", "How could such a town host the fair? They call it a mining town.",
     "paraphrases"),
    ("He hopes there won't be a war between the two blocs.",
     "Imagining a scenario in which the two blocs go to war is like imagining the end of the world.", "paraphrases"),
    ("He hopes there won't be a war between the two blocs.", "The two blocs will go to war.", "distorts"),
])
def test_relation_cues(retelling, source, relation):
    assert classify(retelling, source).relation == relation


def test_relative_dates_read_against_each_documents_year():
    from annotator.nlp.align.dates import doc_year

    # the source (an interview of 2024) says "this summer"; the retelling says 2023
    j = classify("Putin visited Baku in 2023.", "Putin visited Baku this summer.", retelling_year=2024,
                 source_year=2024)
    assert j.relation == "distorts" and j.figures == [("this summer (2024)", "2023")]
    assert "date this summer (2024) became 2023" in j.reasons
    # a retelling of December 2024 says "this year" of a budget "for 2025"
    j = classify("The budget this year is a record.", "Our budget for 2025 will be a record.", retelling_year=2024,
                 source_year=2024)
    assert j.relation == "distorts" and j.figures == [("2025", "this year (2024)")]
    # the same year in other words; and without the documents' years nothing relative is compared
    assert classify("Putin visited in 2024.", "Putin visited this summer.", retelling_year=2024,
                    source_year=2024).relation == "paraphrases"
    assert classify("The budget next year is a record.", "Our budget for 2025 will be a record.",
                    retelling_year=2024, source_year=2024).relation == "paraphrases"
    assert classify("Putin visited Baku in 2023.", "Putin visited Baku this summer.").relation == "paraphrases"
    # a document's year: its published field, else the first full date of its opening (a dateline)
    assert doc_year("By a reporter\nLondon, December 19, 2024\nText 2019.", "") == 2024
    assert doc_year("The interview occurred on 17 December 2024. In 2019 ...", "") == 2024
    assert doc_year("Anything", "2023-05-01") == 2023
    assert doc_year("No date here, only 1999 as a number.", "") is None
