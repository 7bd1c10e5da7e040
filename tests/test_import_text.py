"""Text decoding and offsets: encodings, NULs, CRLF, astral/CJK/RTL text, CRLF-JSONL offset remapping."""

import codecs
import json
import tempfile
from pathlib import Path

import pytest

from annotator.core.text import unpack_tokens
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotator.core.text import normalize_text
from annotator.io.importer import import_paths, read_file
from annotator.io.readers.remap import normalize_with_map
from annotator.nlp.tokenize import token_offsets

WESTERN = ("Le président a déclaré que la coopération était « historique » – selon l’agence. "
           "Café, naïveté, Straße, Müller, 5 € et “guillemets”.\n")


def _read_bytes(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    (doc,) = read_file(tmp_path / name)
    return doc


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_western_encodings_are_detected(tmp_path, encoding):
    text = WESTERN if encoding == "cp1252" else "Señor Ñandú über alles, café olé. ¿Qué pasa? Año nuevo.\n"
    assert _read_bytes(tmp_path, "w.txt", text.encode(encoding)).text == text


def test_short_cp1252_text_is_not_taken_for_utf16_or_another_code_page(tmp_path):
    assert _read_bytes(tmp_path, "s.txt", "Ärger über Öl".encode("cp1252")).text == "Ärger über Öl"
    assert _read_bytes(tmp_path, "c.txt", "café".encode("cp1252")).text == "café"


def test_cyrillic_cp1251_is_detected(tmp_path):
    text = "Президент Азербайджана дал большое интервью агентству Россия Сегодня.\n"
    assert _read_bytes(tmp_path, "r.txt", text.encode("cp1251")).text == text


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                       (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le"),
                                       (codecs.BOM_UTF32_BE, "utf-32-be")])
def test_byte_order_marks(tmp_path, bom, codec):
    text = "Ilham Əliyev 🇦🇿 said:\r\n“allies”\r\n"
    doc = _read_bytes(tmp_path, "b.txt", bom + text.encode(codec))
    assert doc.text == "Ilham Əliyev 🇦🇿 said:\n“allies”\n"
    assert doc.title == "Ilham Əliyev 🇦🇿 said:"


def test_utf16_without_bom_ascii(tmp_path):
    assert _read_bytes(tmp_path, "u.txt", "Plain text saved as UTF-16.\n".encode("utf-16-le")).text == "Plain text saved as UTF-16.\n"


def test_stray_nuls_are_removed(tmp_path):
    doc = _read_bytes(tmp_path, "n.txt", b"Stray\x00 NULs in an\x00 otherwise normal file.\r\n")
    assert doc.text == "Stray NULs in an otherwise normal file.\n"


def test_crlf_cr_and_unicode_separators_become_newlines(tmp_path):
    doc = _read_bytes(tmp_path, "nl.txt", "one\r\ntwo\rthree\u2028four\u2029five\x85six\n".encode("utf-8"))
    assert doc.text == "one\ntwo\nthree\nfour\nfive\nsix\n"
    assert unpack_tokens(doc.tokens)[-1][1] <= len(doc.text)


MIXED = ("Flag 🇦🇿 and family 👨‍👩‍👧 emoji; 中文新闻报道 says 合作; "
         "العربية: قال الرئيس «تحالف»; עברית שלום; e\u0301 combining; 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 astral.")
PIECES = ["🇦🇿", "👨‍👩‍👧", "中文新闻报道", "قال الرئيس «تحالف»", "עברית", "e\u0301", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"]


def _spans_for(text, pieces):
    return [{"start": text.index(p), "end": text.index(p) + len(p), "label": "QUOTE"} for p in pieces]


def test_emoji_cjk_rtl_spans_are_exact(tmp_path, project):
    (tmp_path / "u.jsonl").write_text(json.dumps({"text": MIXED, "spans": _spans_for(MIXED, PIECES)}) + "\n",
                                      encoding="utf-8")
    report = import_paths(project, [tmp_path / "u.jsonl"])
    assert report.ok
    doc = project.document(report.added[0])
    assert doc.text == MIXED
    assert sorted(doc.text[s.start:s.end] for s in project.spans(doc.id)) == sorted(PIECES)


def test_jsonl_offsets_in_crlf_text_are_moved_to_the_normalised_text(tmp_path, project):
    raw = "\ufeffTitle line\r\n\r\nHe said “yes”.\r\nThen\x00 🇦🇿 “no”.\rEnd\r\n"
    pieces = ["Title line", "“yes”", "He said “yes”.\r\nThen\x00 🇦🇿", "“no”", "End\r\n", "\r\n\r\n"]
    spans = [{"start": raw.index(p), "end": raw.index(p) + len(p), "label": "CLAIM"} for p in pieces]
    (tmp_path / "crlf.jsonl").write_text(json.dumps({"text": raw, "spans": spans}) + "\n", encoding="utf-8")
    report = import_paths(project, [tmp_path / "crlf.jsonl"])
    assert report.ok, report.problems
    doc = project.document(report.added[0])
    assert doc.text == normalize_text(raw) == "Title line\n\nHe said “yes”.\nThen 🇦🇿 “no”.\nEnd\n"
    got = sorted(doc.text[s.start:s.end] for s in project.spans(doc.id))
    assert got == sorted(normalize_text(p) for p in pieces)


def test_jsonl_file_with_crlf_line_endings_and_u2028_inside_a_string(tmp_path, project):
    lines = [json.dumps({"text": "first\u2028doc"}, ensure_ascii=False), json.dumps({"text": "second doc"})]
    (tmp_path / "w.jsonl").write_bytes("\r\n".join(lines).encode("utf-8"))
    report = import_paths(project, [tmp_path / "w.jsonl"])
    assert report.ok and len(report.added) == 2
    assert project.document(report.added[0]).text == "first\ndoc"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
                          st.sampled_from(["\r\n", "\n", "\r", "\t", " "])), max_size=30))
def test_property_txt_with_crlf_imports_as_normalised_text(parts):
    original = "".join(parts)
    assume(normalize_text(original).strip())
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "p.txt"
        path.write_bytes(original.encode("utf-8"))
        (doc,) = read_file(path)
    assert doc.text == normalize_text(original)
    # io's tokenizer gives nlp's boundaries for the language the import gave the document
    assert unpack_tokens(doc.tokens) == list(token_offsets(doc.text, doc.lang))


def _inside_newline_pair(raw, j):
    k = j
    while k > 0 and raw[k - 1] == "\x00":
        k -= 1
    m = j
    while m < len(raw) and raw[m] == "\x00":
        m += 1
    return k > 0 and raw[k - 1] == "\r" and m < len(raw) and raw[m] == "\n"


def _after_pair(raw, j):
    """Where an offset should land: one between CR and LF (NULs aside) counts as after the LF, since the
    pair becomes one newline (a span ending there keeps its newline; one starting there starts after it)."""
    if not _inside_newline_pair(raw, j):
        return j
    while raw[j] != "\n":
        j += 1
    return j + 1


@settings(max_examples=300, deadline=None)
@given(st.booleans(), st.lists(st.sampled_from(["a", "é", "😀", "\r", "\n", "\r\n", "\x00", "\u2028", "\x85", " "]),
                               max_size=20),
       st.data())
def test_property_offset_map_matches_normalising_the_slice(bom, parts, data):
    raw = ("\ufeff" if bom else "") + "".join(parts)
    text, move = normalize_with_map(raw)
    assert text == normalize_text(raw)
    inside = [k for k in range(len(raw) + 1) if _inside_newline_pair(raw, k)]

    def offset(low):
        candidates = [k for k in inside if k >= low]
        if candidates and data.draw(st.booleans()):  # offsets between CR and LF half of the time
            return data.draw(st.sampled_from(candidates))
        return data.draw(st.integers(low, len(raw)))

    i = offset(0)
    j = offset(i)
    if move is None:
        assert not inside and text[i:j] == raw[i:j]
        return
    i2, j2 = _after_pair(raw, i), _after_pair(raw, j)
    assert move(i) == move(i2) and move(j) == move(j2)
    assert text[move(i):move(j)] == normalize_text(raw[i2:j2])


@pytest.mark.parametrize("raw,expected", [
    ("ab\r\ncd", [0, 1, 2, 3, 3, 4, 5]),  # offset 3 sits between CR and LF: after the newline, like 4
    ("a\r\x00\nb", [0, 1, 2, 2, 2, 3]),  # a NUL between them changes nothing
    ("\r\n\r\n", [0, 1, 1, 2, 2]),
    ("x\ry\r\n", [0, 1, 2, 3, 4, 4]),
])
def test_offsets_between_cr_and_lf_by_hand(raw, expected):
    _text, move = normalize_with_map(raw)
    assert [move(k) for k in range(len(raw) + 1)] == expected


def test_a_markdown_files_title_has_no_markup(project, tmp_path):
    """Found in a real window: notes.md starting "# Heading" was titled "# Heading". The title drops the
    heading marks and emphasis; the text is kept as written (offsets are into the file's own characters)."""
    from annotator.io.importer import import_paths

    md = tmp_path / "notes.md"
    md.write_text("# **Budget** talks #\n\nThe minister said **no**.\n", encoding="utf-8")
    txt = tmp_path / "plain.txt"
    txt.write_text("# a plain text line\nmore", encoding="utf-8")
    import_paths(project, [md, txt])
    docs = {d.source_file: d for d in project.documents()}
    assert docs["notes.md"].title == "Budget talks"
    assert project.document(docs["notes.md"].id).text.startswith("# **Budget** talks #")
    assert docs["plain.txt"].title == "# a plain text line"
