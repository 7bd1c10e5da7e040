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
    "Le président a dit «guillemets français» hier, puis « avec espaces » encore.\n"
    "Er sagte „deutsche Anführung“ gestern und ‚einfach deutsch‘ heute.\n"
    "Er sagte »umgekehrte Guillemets« und »noch eins« gestern.\n"
    "Sie sagte ‹einfache Guillemets› und ›umgekehrt einfach‹ heute.\n"
    "彼は「日本語の引用」と言った。\n"
    "彼女は『二重かぎ括弧』と書いた。\n"
    "Then 'straight single' it was; don't mention the '90s or Aliyev's car.\n"
    "A “quote that runs\nacross a line break” ends here.\n"
)
EXPECTED_QUOTES = ["straight double", "curly double", "It’s a single curly one,", "guillemets français",
                   "avec espaces", "deutsche Anführung", "einfach deutsch", "umgekehrte Guillemets", "noch eins",
                   "einfache Guillemets", "umgekehrt einfach", "日本語の引用", "二重かぎ括弧", "straight single",
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
    text = "It's Aliyev's view; the '90s and rock 'n' roll were hard. 'Don't go,' she said of the ministers' plan."
    assert found(defaults, text, "QUOTE") == ["Don't go,"]
    assert found(defaults, "Rock 'n' roll in the '90s, y'all, don't 'em.", "QUOTE") == []


def test_guillemet_directions_do_not_pair_across_quotes(defaults):
    # French «a» and «b» must not yield the text between them as a »...« quote, nor German »a« und »b« as «...»
    assert found(defaults, "Il a dit «oui» puis «non» hier.", "QUOTE") == ["oui", "non"]
    assert found(defaults, "Er sagte »ja« und dann »nein« heute.", "QUOTE") == ["ja", "nein"]
    assert found(defaults, "Il a dit « oui » puis « non » hier.", "QUOTE") == ["oui", "non"]
    assert found(defaults, "Sie sagte ›ja‹ und ‹non› heute.", "QUOTE") == ["ja", "non"]


def test_nested_quotes_keep_the_outer_one(defaults, project):
    text = "He said “the outer ‘inner’ quote” and «une «imbriquée» citation» today."
    assert {"the outer ‘inner’ quote", "inner"} <= set(found(defaults, text, "QUOTE"))
    doc_id = _doc(project, text)
    from annotator.nlp.rules import rule_spans

    kept = [text[s:e] for s, e, l, _ in rule_spans(project, doc_id, defaults) if l == "QUOTE"]
    assert "the outer ‘inner’ quote" in kept and "inner" not in kept


def test_quote_across_a_line_break_but_not_a_stray_mark(defaults):
    text = 'She said "the talks\nwill go on" and left.\nHe said "yes. Then she said "no" and left.'
    assert found(defaults, text, "QUOTE") == ["the talks\nwill go on", "no"]
    # a mark left open at a line end does not pair with the next line's quotes
    text = 'He wrote "unclosed\nThen the minister said "fine" to all.'
    assert found(defaults, text, "QUOTE") == ["fine"]


def test_multi_paragraph_quote(defaults):
    text = ("Intro.\n\n“First paragraph of a long statement.\n\n“Second paragraph goes on.\n\n"
            "“Third and last paragraph,” the minister said.\n\nAfter.")
    quotes = found(defaults, text, "QUOTE")
    whole = "First paragraph of a long statement.\n\n“Second paragraph goes on.\n\n“Third and last paragraph,"
    assert whole in quotes
    straight = 'Intro.\n\n"Straight first para.\n\n"Straight last para," he added.'
    assert 'Straight first para.\n\n"Straight last para,' in found(defaults, straight, "QUOTE")
    across = "He said “one part\n\nand the other” today."
    assert found(defaults, across, "QUOTE") == ["one part\n\nand the other"]


def test_unbalanced_straight_quotes_do_not_pair_across_paragraphs(defaults):
    text = 'He said "this opens\n\nand this paragraph" closes. Then "a real one" here.'
    assert found(defaults, text, "QUOTE") == ["a real one"]
    text = 'He said "this opens\n\nThen the next paragraph says "a real one" here.'
    assert found(defaults, text, "QUOTE") == ["a real one"]


@pytest.mark.parametrize("text, figure", [
    ("Trade rose 45% last year.", "45%"),
    ("It rose by 3.5 per cent.", "3.5 per cent"),
    ("a loan of $5 billion was", "$5 billion"),
    ("costs €1.2m in total", "€1.2m"),
    ("a budget of ₽40 billion", "₽40 billion"),
    ("paid 300 million manat for it", "300 million manat"),
    ("worth 40,000 euros each", "40,000 euros"),
    ("some 5 billion cubic metres of gas", "some 5 billion cubic metres"),  # approximations belong to the figure
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
