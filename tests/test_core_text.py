"""normalize_text, sha256_text, token packing, TokenIndex.snap / token_span (with spaCy's real tokens)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import NewDocument
from annotator.core.text import TokenIndex, normalize_text, pack_tokens, rough_tokens, sha256_text, unpack_tokens
from annotator.nlp.tokenize import make_doc, token_offsets

# -- normalize_text ---------------------------------------------------------------


@pytest.mark.parametrize("raw,expected", [
    ("a\r\nb", "a\nb"),
    ("a\rb\r", "a\nb\n"),
    ("a\r\r\nb", "a\n\nb"),
    ("a\u2028b\u2029c", "a\nb\nc"),
    ("a\x85b", "a\nb"),
    ("\ufeffTitle\r\n", "Title\n"),
    ("mid\ufeffdle", "mid\ufeffdle"),  # only a leading BOM is a BOM
    ("n\x00u\x00l", "nul"),
    ("\r\x00\n", "\n"),
    ("\x00\ufeffx", "x"),  # NULs before a BOM (UTF-16 read as 8-bit) do not hide it
    ("", ""),
    ("\U0001F600\r\n\u05e9", "\U0001F600\n\u05e9"),
])
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("ab \t\r\n\x00\ufeff\u2028\u2029\x85\U0001F600\u0301"))))
def test_normalize_text_properties(raw):
    out = normalize_text(raw)
    assert "\r" not in out and "\x00" not in out and "\u2028" not in out and "\u2029" not in out
    no_nul = raw.replace("\x00", "")
    assert not out.startswith("\ufeff")  # every leading BOM goes
    assert out == no_nul.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace(
        "\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    assert normalize_text(out) == out
    # line count is preserved (CRLF counts once)
    assert out.count("\n") == raw.replace("\x00", "").replace("\r\n", "\n").count("\n") + sum(
        raw.replace("\x00", "").replace("\r\n", "\n").count(c) for c in "\r\u2028\u2029\x85")


def test_sha256_is_of_utf8_and_distinguishes_texts():
    import hashlib

    assert sha256_text("caf\u00e9") == hashlib.sha256("caf\u00e9".encode()).hexdigest()
    assert sha256_text("a") != sha256_text("a ")


def test_pack_unpack_roundtrip():
    toks = [(0, 3), (3, 4), (5, 100000)]
    assert unpack_tokens(pack_tokens(toks)) == toks
    assert unpack_tokens(pack_tokens([])) == []


# -- snapping with fixed examples ---------------------------------------------------------

TEXT = "Prime minister said: \u201cWe will cut taxes by 5%.\u201d  \U0001F600 ok\nSecond  line."


def index_for(text):
    return TokenIndex(token_offsets(text))


@pytest.mark.parametrize("sel,expected", [
    ("nister sa", "minister said"),  # expands both ends to token boundaries
    (" minister ", "minister"),  # trims surrounding whitespace
    ("ime", "Prime"),
    ("axes by 5", "taxes by 5"),
    ("5%", "5%"),
    ("\U0001F600 o", "\U0001F600 ok"),
    ("k\nSec", "ok\nSecond"),
])
def test_snap_examples(sel, expected):
    idx = index_for(TEXT)
    start = TEXT.index(sel)
    s, e = idx.snap(TEXT, start, start + len(sel))
    assert TEXT[s:e] == expected


def test_snap_whitespace_only_is_none_and_clamps():
    idx = index_for(TEXT)
    gap = TEXT.index("  \U0001F600")
    assert idx.snap(TEXT, gap, gap + 2) is None
    assert idx.snap(TEXT, 5, 5) is None
    nl = TEXT.index("\n")
    assert idx.snap(TEXT, nl, nl + 1) is None
    # reversed and out-of-range selections are clamped, not errors
    assert idx.snap(TEXT, 11, 6) == idx.snap(TEXT, 6, 11)
    assert idx.snap(TEXT, -5, 5) == (0, 5)
    s, e = idx.snap(TEXT, len(TEXT) - 3, len(TEXT) + 10)
    assert TEXT[s:e] == "line."


def test_token_span_matches_spacy():
    doc = make_doc(TEXT)
    idx = index_for(TEXT)
    assert len(idx) == len(doc)
    for sel in ["minister said", "taxes by 5%", "\U0001F600 ok", "Prime"]:
        s = TEXT.index(sel)
        cs = doc.char_span(s, s + len(sel))
        assert idx.token_span(s, s + len(sel)) == (cs.start, cs.end - 1)
    s = TEXT.index("nister")
    assert idx.token_span(s, s + 6) is None
    assert idx.token_span(0, 3) is None


def test_project_snap_uses_stored_tokens_or_fallback(project):
    text = "Self-driving cars aren't here \U0001F697 yet."
    with_tokens, without = project.add_documents([
        NewDocument(text, title="t", tokens=token_offsets(text)),
        NewDocument(text + " Again.", title="u"),
    ]).added
    assert project.tokens(with_tokens) == list(token_offsets(text))
    sel = text.index("ren")
    s, e = project.snap(with_tokens, text, sel, sel + 2)
    assert text[s:e] == "are"  # spaCy splits "aren't" into "are" + "n't"
    s, e = project.snap(without, text + " Again.", sel, sel + 2)
    assert text[s:e] == "aren't"  # the stdlib fallback keeps it whole
    assert rough_tokens("a, b")[:2] == [(0, 1), (1, 2)]


def test_token_index_in_steps_equals_the_whole_read(project):
    """The idle warm-up reads the stored boundaries a piece at a time (one step each) and ends with the same
    index a single read gives; a label key meanwhile (token_index) builds it at once and the steps stop."""
    from annotator.core.text import TokenIndex

    text = " ".join(f"word{i} isn't \U0001F600 here," for i in range(300))
    tokens = token_offsets(text)
    doc, other = project.add_documents([NewDocument(text, title="t", tokens=tokens),
                                        NewDocument(text + " x", title="u", tokens=token_offsets(text + " x"))]).added
    steps = project.token_index_steps(doc, text, piece=100)  # 96 bytes: 12 pairs a step
    n = sum(1 for _ in steps)
    assert n == -(-len(tokens) // 12) >= 100
    index = project.token_index(doc)  # from the cache the steps filled
    whole = TokenIndex(tokens)
    assert index.starts == whole.starts and index.ends == whole.ends
    assert sum(1 for _ in project.token_index_steps(doc, text)) == 0  # cached: nothing to do
    steps = project.token_index_steps(other, text + " x", piece=96)
    next(steps)
    built = project.token_index(other)  # a label key before the warm-up is done
    assert sum(1 for _ in steps) == 0 and project.token_index(other) is built
    assert built.starts == TokenIndex(token_offsets(text + " x")).starts


# -- snapping: properties over random Unicode text ------------------------------------------

PIECES = st.sampled_from([
    "word", "Taxes", "5%", "3.5", "U.S.", "don't", "\u201cquote\u201d", "(paren)", "e\u0301t\u0301e\u0301",
    "\U0001F600", "\U0001F1EB\U0001F1F7", "\U0001F469\u200d\U0001F4BB", "\u4e2d\u6587\u5b57", "\u05e9\u05dc\u05d5\u05dd",
    "\u0645\u0631\u062d\u0628\u0627", "\u0915\u094d\u0937", "-", "...", "\u00a0", "\t",
])
SEPS = st.sampled_from([" ", "  ", "\n", "\n\n", " \n ", "", "\u3000"])


@st.composite
def text_and_selection(draw):
    parts = draw(st.lists(st.tuples(PIECES, SEPS), min_size=1, max_size=25))
    text = "".join(p + s for p, s in parts)
    a = draw(st.integers(0, len(text)))
    b = draw(st.integers(0, len(text)))
    return text, min(a, b), max(a, b)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_and_selection())
def test_snap_properties(example):
    text, start, end = example
    tokens = token_offsets(text)
    idx = TokenIndex(tokens)
    snapped = idx.snap(text, start, end)
    if not text[start:end].strip():
        assert snapped is None
        return
    s, e = snapped
    core = text[start:end]
    lead = len(core) - len(core.lstrip())
    trail = len(core) - len(core.rstrip())
    # covers the selection (minus surrounding whitespace)
    assert s <= start + lead and e >= end - trail
    # on token boundaries
    assert s in {t[0] for t in tokens} and e in {t[1] for t in tokens}
    # no leading/trailing whitespace
    assert not text[s].isspace() and not text[e - 1].isspace()
    # minimal: the first and last tokens touch the trimmed selection
    assert idx.token_span(s, e) is not None
    i, j = idx.token_span(s, e)
    assert idx.ends[i] > start + lead and idx.starts[j] < end - trail
    # spaCy agrees about the token indices
    cs = make_doc(text).char_span(s, e)
    assert cs is not None and (cs.start, cs.end - 1) == (i, j)
    # snapping is idempotent
    assert idx.snap(text, s, e) == (s, e)


@given(st.text())
def test_normalize_text_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
