"""UTF-16 <-> code point conversion at the Qt boundary (annotator.ui.offsets)."""

from hypothesis import given, strategies as st

from annotator.ui.offsets import OffsetMap, qt_text_to_python


def _utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


@given(st.text(alphabet=st.sampled_from(list("ab\n é中ع") + ["😀", "🇫", "🇷", "𝔘"]), max_size=60))
def test_round_trip_matches_utf16(text):
    m = OffsetMap(text)
    assert m.utf16_length == _utf16_len(text)
    for cp in range(len(text) + 1):
        u = m.to_qt(cp)
        assert u == _utf16_len(text[:cp])
        assert m.from_qt(u) == cp


def test_inside_surrogate_pair_rounds():
    text = "a😀b"
    m = OffsetMap(text)
    assert m.from_qt(2) == 1  # inside the emoji: rounds down to its start
    assert m.from_qt(2, round_up=True) == 2
    assert m.range_from_qt(3, 0) == (0, 2)


def test_long_ascii_text_has_no_astral_table():
    m = OffsetMap("x" * 100_000)
    assert m.to_qt(50_000) == 50_000 and m.from_qt(70_000) == 70_000


def test_paragraph_separator_from_selected_text():
    assert qt_text_to_python("a\u2029b") == "a\nb"


@given(st.text(alphabet=st.sampled_from(list("ab\né中") + ["😀", "🇫", "𝔘"]), max_size=80),
       st.integers(min_value=1, max_value=9), st.booleans())
def test_lazy_chunks_agree_with_utf16(text, chunk, warm_first):
    """Small chunks put astral characters on every chunk boundary; conversions in any order agree."""
    m = OffsetMap(text, chunk=chunk)
    if warm_first:
        m.warm()
    expected = [_utf16_len(text[:cp]) for cp in range(len(text) + 1)]
    for cp in reversed(range(len(text) + 1)):  # far end first: the counting must catch up lazily
        assert m.from_qt(expected[cp]) == cp
        assert m.to_qt(cp) == expected[cp]
    for cp, ch in enumerate(text):
        if ord(ch) > 0xFFFF:  # a unit inside the surrogate pair rounds down, or up on request
            assert m.from_qt(expected[cp] + 1) == cp
            assert m.from_qt(expected[cp] + 1, round_up=True) == cp + 1
    assert m.utf16_length == _utf16_len(text)
    assert m.from_qt(m.utf16_length + 5) == len(text) and m.from_qt(-3) == 0
