"""Rules: shipped quote/figure/claim patterns, pattern files, rule suggestions and their undo."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import InputError
from annotator.core.models import NewDocument, Status
from annotator.nlp.paragraphs import paragraphs
from annotator.nlp.patterns import default_pattern_files, import_pattern_file, load_file, parse_patterns
from annotator.nlp.rules import RuleSet, suggest_rules
from annotator.nlp.tokenize import token_offsets

QUOTES_TEXT = (
    'He said "straight double" then.\n'
    "She wrote “curly double” too.\n"
    "‘It’s a single curly one,’ he said, and it’s fine.\n"
    "Le président a dit «guillemets français» hier.\n"
    "Er sagte „deutsche Anführung“ gestern.\n"
    "Sie sagte ‹einfache Guillemets› heute.\n"
    "彼は「日本語の引用」と言った。\n"
    "彼女は『二重かぎ括弧』と書いた。\n"
    "A “quote that runs\nacross a line break” ends here.\n"
)
EXPECTED_QUOTES = ["straight double", "curly double", "It’s a single curly one,", "guillemets français",
                   "deutsche Anführung", "einfache Guillemets", "日本語の引用", "二重かぎ括弧",
                   "quote that runs\nacross a line break"]


@pytest.fixture(scope="module")
def defaults():
    return RuleSet([p for f in default_pattern_files() for p in load_file(f)])


def found(ruleset, text, label):
    return [text[s:e] for s, e, l in ruleset.find(text) if l == label]


def test_every_kind_of_quotation_mark(defaults):
    quotes = found(defaults, QUOTES_TEXT, "QUOTE")
    assert sorted(quotes) == sorted(EXPECTED_QUOTES)


def test_apostrophes_do_not_open_or_close_quotes(defaults):
    text = "It’s the country’s view; the ’90s were hard. ‘Don’t go,’ she said."
    assert found(defaults, text, "QUOTE") == ["Don’t go,"]


def test_quotes_do_not_cross_blank_lines(defaults):
    text = 'He said "this opens\n\nand this paragraph" closes. Then "a real one" here.'
    quotes = found(defaults, text, "QUOTE")
    assert quotes and all("\n\n" not in q for q in found(defaults, text, "QUOTE"))


@pytest.mark.parametrize("text, figure", [
    ("Trade rose 45% last year.", "45%"),
    ("It rose by 3.5 per cent.", "3.5 per cent"),
    ("a loan of $5 billion was", "$5 billion"),
    ("costs €1.2m in total", "€1.2m"),
    ("a budget of ₽40 billion", "₽40 billion"),
    ("paid 300 million manat for it", "300 million manat"),
    ("worth 40,000 euros each", "40,000 euros"),
    ("some 5 billion cubic metres of gas", "5 billion cubic metres"),
    ("released 32 detainees on Thursday", "32 detainees"),
    ("freed 32 Armenian prisoners", "32 Armenian prisoners"),
    ("carrying 67 people on board", "67 people"),
    ("a 120 miles border", "120 miles"),
    ("for three decades now", "three decades"),
])
def test_figure_examples(defaults, text, figure):
    assert figure in found(defaults, text, "FIGURE")


def test_bare_years_and_dates_are_not_figures(defaults):
    assert found(defaults, "In 2022 he signed it on 22 February 2022.", "FIGURE") == []


def test_claim_cue_takes_the_clause(defaults):
    text = "Aliyev said that the corridor will open next year and bring peace. According to officials, the talks went well for both sides."
    assert found(defaults, text, "CLAIM") == ["the corridor will open next year and bring peace",
                                             "the talks went well for both sides"]


def test_pattern_errors_name_the_line(tmp_path):
    bad = tmp_path / "mine.jsonl"
    bad.write_text('{"label": "QUOTE", "regex": "x+"}\n\n{"label": "FIGURE", "pattern": [{"LOWERR": "x"}]}\n',
                   encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_file(bad)
    assert e.value.line == 3 and "mine.jsonl:3" in str(e.value) and "LOWERR" in str(e.value)
    for content, line, words in [('{"label": "Q", "regex": "("}', 1, "regular expression"),
                                 ('{"label": "Q"}\n', 1, "exactly one"),
                                 ('{"label": "Q", "pattern": "a"}\n{oops', 2, "not valid JSON"),
                                 ('{"label": "Q", "regex": "a*"}', 1, "empty string"),
                                 ('{"label": "Q", "pattern": "a", "colour": 1}', 1, "unknown key")]:
        with pytest.raises(InputError) as e:
            parse_patterns(content, "p.jsonl")
        assert e.value.line == line and words in str(e.value)


def test_paragraph_chunks_map_back_exactly():
    text = "One para.\n\nTwo\nlines.\n \n\nThree " + "word " * 50
    chunks = list(paragraphs(text, max_chars=60))
    assert all(text[o:o + len(c)] == c for o, c in chunks)
    assert all(len(c) <= 60 for _, c in chunks)
    assert "".join(c for _, c in chunks).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab \n.", max_size=300), st.integers(min_value=5, max_value=50))
def test_paragraphs_property(text, size):
    chunks = list(paragraphs(text, max_chars=size))
    assert all(text[o:o + len(c)] == c and len(c) <= size and c.strip() for o, c in chunks)
    covered = sum(len(c) for _, c in chunks)
    assert covered >= sum(1 for ch in text if not ch.isspace())


def _doc(project, text):
    res = project.add_documents([NewDocument(text=text, title="t", tokens=token_offsets(text))])
    return res.added[0]


def test_suggestions_keep_reviewed_spans_and_do_not_duplicate(project):
    text = 'He said "we will win" and trade rose 45% while 32 detainees were freed. She said "no".'
    doc_id = _doc(project, text)
    s = text.index("we will win")
    project.add_span(doc_id, s, s + len("we will win"), "QUOTE")  # accepted already
    p = text.index("45%")
    project.add_span(doc_id, p, p + 3, "FIGURE", status=Status.REJECTED)  # rejected once
    change = suggest_rules(project)
    spans = {(x.start, x.end, x.label): x for x in project.spans(doc_id)}
    assert spans[(s, s + 11, "QUOTE")].status == Status.ACCEPTED
    assert spans[(p, p + 3, "FIGURE")].status == Status.REJECTED
    suggested = [x for x in spans.values() if x.status == Status.SUGGESTED]
    assert {text[x.start:x.end] for x in suggested} == {"32 detainees", "no"}
    assert all(x.origin == "rule" for x in suggested)
    assert len(change.added["span"]) == 2
    again = suggest_rules(project)
    assert again.empty and len(project.spans(doc_id)) == 4


def test_one_undo_removes_the_whole_batch(project):
    a = _doc(project, 'A "first quote" and 10 people.')
    b = _doc(project, 'B "second quote" and 45% more.')
    project.add_span(a, 0, 1, "CLAIM")
    suggest_rules(project)
    assert len(project.spans(statuses=["suggested"])) == 4
    project.undo()
    assert project.spans(statuses=["suggested"]) == []
    assert len(project.spans()) == 1 and b


def test_regex_suggestions_land_on_token_boundaries(project):
    text = "Costs:$5billion,really. He said«bonjour»ok and (“wow”)."
    doc_id = _doc(project, text)
    suggest_rules(project)
    starts = {s for s, _ in project.tokens(doc_id)}
    ends = {e for _, e in project.tokens(doc_id)}
    spans = project.spans(doc_id)
    assert spans
    assert all(x.start in starts and x.end in ends for x in spans)


def test_project_pattern_files_and_defaults_switch(project, tmp_path):
    doc_id = _doc(project, 'The Blue Fox said "hi" to the green fox.')
    f = tmp_path / "animals.jsonl"
    f.write_text('{"label": "FRAMING", "pattern": "Blue Fox"}\n'
                 '{"label": "FRAMING", "pattern": [{"LOWER": "green"}, {"LOWER": "fox"}]}\n'
                 '{"label": "ANIMAL", "regex": "fox"}\n', encoding="utf-8")
    file_id = import_pattern_file(project, f)
    project.set_setting("rules.use_defaults", False)
    change = suggest_rules(project)
    got = {text_of(project, doc_id, x) for x in project.spans(doc_id)}
    assert got == {"Blue Fox", "green fox"}
    assert change.skipped_labels == {"ANIMAL": 1}
    project.undo()
    project.update_pattern_file(file_id, enabled=False)
    project.set_setting("rules.use_defaults", True)
    suggest_rules(project)
    assert {text_of(project, doc_id, x) for x in project.spans(doc_id)} == {"hi"}


def text_of(project, doc_id, span):
    return project.document(doc_id).text[span.start:span.end]
