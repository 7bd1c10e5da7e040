"""Size limits on import: oversized files refused with one line (before reading where the size shows it),
--max-size raises the limit, .docx zip bombs refused, long texts tokenized in pieces, import cancel."""

import io
import json
import random
import time
import zipfile

import docx
import pytest

from annotator.core.errors import InputError
from annotator.core.limits import MAX_TEXT_CHARS
from annotator.io.importer import ImportCancelled, import_paths, read_file
from test_import_formats import make_pdf
from cli_helpers import digest, run

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.fixture
def path(tmp_path, capsys):
    p = tmp_path / "p.annotator"
    assert run(capsys, "init", p)[0] == 0
    return p


def words(n: int) -> str:
    rnd = random.Random(n)
    out = " ".join(rnd.choice(["alpha", "beta", "gamma", "delta."]) for _ in range(n // 5 + 1))
    return out[:n]


def test_default_limit_is_twenty_million_characters():
    assert MAX_TEXT_CHARS == 20_000_000


def test_a_huge_file_is_refused_without_reading_it(path, tmp_path, capsys):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.truncate(4 * MAX_TEXT_CHARS + 1_000_000)  # sparse: 81 MB on paper, nothing on disk
    before = digest(path)
    start = time.perf_counter()
    code, out, err = run(capsys, "import", path, huge)
    elapsed = time.perf_counter() - start
    assert code == 1
    problem = [l for l in err.splitlines() if "huge.txt" in l]
    assert len(problem) == 1 and "20 million characters" in problem[0] and "--max-size" in problem[0]
    assert "81 MB" in problem[0]
    assert elapsed < 5  # reading and decoding 81 MB would take longer (and the memory)
    assert digest(path) == before


def test_text_over_the_limit_refused_and_max_size_raises_it(path, tmp_path, capsys):
    src = tmp_path / "long.txt"
    src.write_text(words(3000), encoding="utf-8")  # 3,000 bytes < 4 x 1,000: read, then counted
    before = digest(path)
    code, out, err = run(capsys, "import", path, src, "--max-size", "0.001")
    assert code == 1
    line = next(l for l in err.splitlines() if "long.txt" in l)
    assert "3,000 characters" in line and "1,000 characters" in line and "--max-size" in line
    assert digest(path) == before
    big = tmp_path / "bigger.txt"
    big.write_text(words(5000), encoding="utf-8")  # 5,000 bytes > 4 x 1,000: refused by its size
    code, out, err = run(capsys, "import", path, big, "--max-size", "0.001")
    assert code == 1 and "bigger.txt" in err and "the file is" in err
    code, out, err = run(capsys, "import", path, src, big, "--max-size", "0.01")
    assert code == 0, err
    assert "imported 2 document(s)" in out


def test_bad_max_size_is_bad_usage(path, tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("hello there", encoding="utf-8")
    assert run(capsys, "import", path, src, "--max-size", "0")[0] == 2
    assert run(capsys, "import", path, src, "--max-size", "lots")[0] == 2


def test_jsonl_record_over_the_limit_names_the_line(path, tmp_path, capsys):
    src = tmp_path / "recs.jsonl"
    src.write_text(json.dumps({"text": "short one"}) + "\n" + json.dumps({"text": words(900)}) + "\n",
                   encoding="utf-8")
    code, out, err = run(capsys, "import", path, src, "--max-size", "0.0005")
    assert code == 1 and f"{src}:2:" in err and "900 characters" in err


def test_utf32_and_utf16_files_count_characters_not_bytes(tmp_path):
    text = words(900)
    for codec in ("utf-32", "utf-16"):
        f = tmp_path / f"{codec}.txt"
        f.write_bytes(text.encode(codec))  # 2-4 bytes a character: still under a 1,000-character limit
        (doc,) = read_file(f, max_chars=1000)
        assert doc.text == text


def test_pdf_over_the_limit(tmp_path):
    lines = [words(60) for _ in range(20)]
    (tmp_path / "r.pdf").write_bytes(make_pdf(lines))
    with pytest.raises(InputError, match="r.pdf: the text has .* over the limit of 500 characters"):
        read_file(tmp_path / "r.pdf", max_chars=500)
    assert read_file(tmp_path / "r.pdf", max_chars=5000)


def bomb(path, xml_bytes: int) -> None:
    body = "<w:p><w:r><w:t>a</w:t></w:r></w:p>" * (xml_bytes // 34)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W_NS}><w:body>{body}</w:body></w:document>')


def test_docx_zip_bomb_is_refused_before_inflating(path, tmp_path, capsys):
    src = tmp_path / "bomb.docx"
    bomb(src, 20_000_000)  # ~60 KB expanding to 20 MB of XML
    assert src.stat().st_size < 200_000
    before = digest(path)
    code, out, err = run(capsys, "import", path, src)
    assert code == 1
    line = next(l for l in err.splitlines() if "bomb.docx" in l)
    assert "zip bomb" in line and "20 MB" in line
    assert digest(path) == before


def test_docx_text_limit_is_checked_while_streaming(tmp_path):
    d = docx.Document()
    for _ in range(40):
        d.add_paragraph(words(100))
    d.save(tmp_path / "long.docx")
    with pytest.raises(InputError, match="long.docx: the text has .* over the limit of 1,000 characters"):
        read_file(tmp_path / "long.docx", max_chars=1000)


def test_docx_xml_over_its_bound_is_refused(tmp_path, monkeypatch):
    from annotator.io.readers import word

    d = docx.Document()
    d.add_paragraph(words(3000))
    d.save(tmp_path / "w.docx")
    monkeypatch.setattr(word, "XML_FLOOR", 1000)
    with pytest.raises(InputError, match="expands to .* of XML"):
        read_file(tmp_path / "w.docx", max_chars=100)


def python_docx_text(path) -> str:
    """What python-docx reads (the reader this replaced): an independent oracle."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                lines.append("\t".join(cell.text.replace("\n", " ") for cell in row.cells))
    return "\n".join(lines)


def test_streamed_docx_text_matches_python_docx(tmp_path):
    d = docx.Document()
    d.add_heading("A heading 🇦🇿", level=1)
    p = d.add_paragraph("Runs ")
    p.add_run("in bold").bold = True
    p.add_run(" and\ta tab")
    p.add_run().add_break()
    p.add_run("after a line break — “quoted” 東京")
    d.add_paragraph("")
    table = d.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Trade"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "merged across"
    table.cell(1, 0).text = "two\nparagraphs"
    table.cell(1, 2).text = "x"
    d.add_paragraph("Last paragraph.")
    d.save(tmp_path / "rich.docx")
    (doc,) = read_file(tmp_path / "rich.docx")
    expected = python_docx_text(tmp_path / "rich.docx")
    assert "merged across\tmerged across" in expected and "two paragraphs" in expected  # the oracle's view
    assert doc.text == expected


def test_long_texts_are_tokenized_in_pieces_with_the_same_tokens(monkeypatch):
    from annotator.nlp import tokenize

    rnd = random.Random(7)
    pieces = ["word", "U.S.", "e.g.", "(x)", '"q"', "don't", "40%", "🇦🇿", "東京都", "に行きます", "สวัสดีครับ", "Xin chào",
              "  ", "\n", "\n\n", " \n", "\t", "—", "。"]
    texts = ["".join(rnd.choice(pieces) + rnd.choice([" ", "", " ", "\n"]) for _ in range(2000)) for _ in range(6)]
    for lang in ("en", "xx", "zh", "ja", "th", "ru"):
        whole = [tokenize.token_blob(t, lang) for t in texts]  # each under CHUNK: one piece
        monkeypatch.setattr(tokenize, "CHUNK", 300)
        assert [tokenize.token_blob(t, lang) for t in texts] == whole, lang
        monkeypatch.setattr(tokenize, "CHUNK", 1 << 20)


def test_cancel_stops_the_import_and_saves_nothing(project, tmp_path):
    files = []
    for i in range(3):
        f = tmp_path / f"d{i}.txt"
        f.write_text(f"Document {i}: {words(200)}", encoding="utf-8")
        files.append(f)
    seen = []

    def progress(done, total, what):
        seen.append(done)

    with pytest.raises(ImportCancelled, match="nothing was imported"):
        import_paths(project, files, progress=progress, cancel=lambda: len(seen) >= 2)
    assert project.documents() == [] and seen == [0, 1]
    report = import_paths(project, files, progress=progress, cancel=lambda: False)
    assert len(report.added) == 3


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_is_read_only_up_to_the_bound(tmp_path):
    import os
    import threading

    fifo = tmp_path / "endless.txt"
    os.mkfifo(fifo)
    stop = threading.Event()

    def feed():  # writes until the reader goes away
        try:
            with open(fifo, "wb") as f:
                while not stop.is_set():
                    f.write(b"word " * 2000)
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        with pytest.raises(InputError, match="endless.txt: the file is .* more than a document of at most 1,000"):
            read_file(fifo, max_chars=1000)
    finally:
        stop.set()
        writer.join(5)


def test_html_markup_is_bounded_by_the_limit(path, tmp_path, capsys):
    page = tmp_path / "page.html"
    body = "".join(f"<p>Paragraph {i} of a long page with words.</p>" for i in range(200))
    page.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    size = page.stat().st_size
    code, out, err = run(capsys, "import", path, page, "--max-size", str((size - 100) / 1e6))
    assert code == 1 and "page.html: the file is" in err  # markup over the limit: not parsed at all
    code, out, err = run(capsys, "import", path, page, "--max-size", str((size + 100) / 1e6))
    assert code == 0, err
