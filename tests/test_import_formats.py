"""Every import format: text, Markdown, HTML (with metadata), PDF, docx, Prodigy/doccano/own JSONL."""

import json

import docx
import pytest

from annotator.core.text import unpack_tokens

from annotator.core.errors import InputError
from annotator.core.models import Origin, Status
from annotator.io.importer import import_paths, read_file


def _pdf_string(s: str) -> str:
    return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdf(lines, title=None, author=None) -> bytes:
    """A minimal one-page PDF with a Helvetica text layer (one Tj per line), correct xref offsets."""
    ops = "BT /F1 12 Tf 72 720 Td 16 TL " + " ".join(f"{_pdf_string(l)} Tj T*" for l in lines) + " ET"
    if not lines:  # a "scanned" page: graphics only, no text operators
        ops = "0 0 1 rg 72 72 200 200 re f"
    info = "<< " + (f"/Title {_pdf_string(title)} " if title else "") + (f"/Author {_pdf_string(author)} " if author else "") + ">>"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(ops)} >>\nstream\n{ops}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        info,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def write_jsonl(path, records):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


# -- plain text ------------------------------------------------------------------------------------
def test_txt_title_is_first_nonempty_line_and_tokens_are_spacy(tmp_path):
    from annotator.nlp.tokenize import make_doc

    text = "\n\n  Aliyev speaks to Kiselev  \nHe said the alliance was historic. 🇦🇿 U.S.-made\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (doc,) = read_file(tmp_path / "a.txt", outlet="Wire")
    assert doc.text == text
    assert doc.title == "Aliyev speaks to Kiselev"
    assert doc.outlet == "Wire" and doc.source_file == "a.txt"
    assert unpack_tokens(doc.tokens) == list((t.idx, t.idx + len(t.text)) for t in make_doc(text, "en"))
    assert ("historic", ".", "🇦", "🇿", "U.S.-made") == tuple(text[s:e] for s, e in unpack_tokens(doc.tokens)[-6:-1])


def test_long_first_line_is_cut_and_whitespace_only_lines_fall_through(tmp_path):
    line = "word " * 60
    (tmp_path / "b.txt").write_text("   \n" + line, encoding="utf-8")
    (doc,) = read_file(tmp_path / "b.txt")
    assert doc.title.endswith("…") and len(doc.title) <= 121
    assert doc.title.startswith("word word")


def test_markdown_is_kept_as_written(tmp_path):
    text = "# Heading\n\n**Bold** claim with [a link](http://x.example) and `code`.\n"
    (tmp_path / "n.md").write_text(text, encoding="utf-8")
    (doc,) = read_file(tmp_path / "n.md")
    assert doc.text == text
    assert doc.title == "Heading"  # the title without its markup (the text keeps it)


# -- HTML --------------------------------------------------------------------------------------------
ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Aliyev reaffirms alliance | The Caspian Daily</title>
<meta name="author" content="Jane Roe">
<meta property="og:title" content="Aliyev reaffirms alliance">
<meta property="og:site_name" content="The Caspian Daily">
<meta property="article:published_time" content="2024-12-19T10:00:00Z">
<link rel="canonical" href="https://caspian.example/news/aliyev-alliance">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>Aliyev reaffirms alliance</h1>
<p>Azerbaijani President Ilham Aliyev said on Wednesday that the declaration on allied interaction with Russia was a “historic event”.</p>
<p>In a long interview with Dmitry Kiselyov, he added that trade between the two countries keeps growing and that flights are twice as many as in Soviet times.</p>
<p>He also said Azerbaijan could help bring about a détente between Moscow and Washington if both sides wished it.</p>
</article>
<footer>Copyright 2024 The Caspian Daily. All rights reserved. Cookie settings.</footer>
</body></html>"""


def test_html_main_text_and_metadata(tmp_path):
    (tmp_path / "page.html").write_text(ARTICLE, encoding="utf-8")
    (doc,) = read_file(tmp_path / "page.html")
    assert "“historic event”" in doc.text and "détente" in doc.text
    assert "Cookie settings" not in doc.text and "Sport" not in doc.text
    assert doc.title == "Aliyev reaffirms alliance"
    assert doc.author == "Jane Roe"
    assert doc.outlet == "The Caspian Daily"
    assert doc.published == "2024-12-19"
    assert doc.url == "https://caspian.example/news/aliyev-alliance"


def test_htm_in_cp1252_without_declared_charset(tmp_path):
    page = ARTICLE.replace('<meta charset="utf-8">', "").replace(".htm", "")
    (tmp_path / "old.htm").write_bytes(page.encode("cp1252"))
    (doc,) = read_file(tmp_path / "old.htm", outlet="Override")
    assert "“historic event”" in doc.text and "détente" in doc.text
    assert doc.outlet == "Override"


def test_html_without_main_text_is_a_problem(tmp_path):
    (tmp_path / "empty.html").write_text("<html><head><title>Only a title</title></head><body>"
                                         "<script>document.write(1)</script><div></div></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="no main text found"):
        read_file(tmp_path / "empty.html")


# -- PDF ---------------------------------------------------------------------------------------------
def test_pdf_text_layer_and_metadata(tmp_path):
    lines = ["Aliyev reaffirmed the alliance (Baku).", "Trade is growing, he said."]
    (tmp_path / "r.pdf").write_bytes(make_pdf(lines, title="Report on Baku", author="A. Analyst"))
    (doc,) = read_file(tmp_path / "r.pdf")
    assert doc.text.split("\n") == lines
    assert (doc.title, doc.author) == ("Report on Baku", "A. Analyst")
    assert doc.meta["pages"] == 1


def test_pdf_without_metadata_titles_from_first_line(tmp_path):
    (tmp_path / "notitle.pdf").write_bytes(make_pdf(["First line here", "Second"]))
    (doc,) = read_file(tmp_path / "notitle.pdf")
    assert doc.title == "First line here"


def test_scanned_pdf_without_text_layer_is_a_problem(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(make_pdf([]))
    with pytest.raises(InputError, match="no text layer") as e:
        read_file(tmp_path / "scan.pdf")
    assert "scan.pdf" in str(e.value) and "OCR" in str(e.value)


def test_damaged_pdf_is_a_problem(tmp_path):
    (tmp_path / "bad.pdf").write_bytes(make_pdf(["x"])[:60])
    with pytest.raises(InputError, match="bad.pdf"):
        read_file(tmp_path / "bad.pdf")
    (tmp_path / "fake.pdf").write_text("just text pretending", encoding="utf-8")
    with pytest.raises(InputError, match="not a PDF"):
        read_file(tmp_path / "fake.pdf")


# -- docx --------------------------------------------------------------------------------------------
def test_docx_paragraphs_tables_and_core_properties(tmp_path):
    d = docx.Document()
    d.add_paragraph("Aliyev’s interview")
    d.add_paragraph("He spoke of a “historic” declaration. 🇦🇿")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Trade", "up 10%"
    d.add_paragraph("Last paragraph.")
    d.core_properties.title = "Interview notes"
    d.core_properties.author = "R. Reporter"
    d.save(tmp_path / "w.docx")
    (doc,) = read_file(tmp_path / "w.docx")
    assert doc.text == "Aliyev’s interview\nHe spoke of a “historic” declaration. 🇦🇿\nTrade\tup 10%\nLast paragraph."
    assert (doc.title, doc.author) == ("Interview notes", "R. Reporter")


def test_docx_without_title_and_broken_docx(tmp_path):
    d = docx.Document()
    d.add_paragraph("")
    d.add_paragraph("Opening line")
    d.core_properties.title = ""
    d.save(tmp_path / "t.docx")
    assert read_file(tmp_path / "t.docx")[0].title == "Opening line"
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="broken.docx: not a readable .docx"):
        read_file(tmp_path / "broken.docx")
    empty = docx.Document()
    empty.save(tmp_path / "blank.docx")
    with pytest.raises(InputError, match="empty"):
        read_file(tmp_path / "blank.docx")


# -- JSONL -------------------------------------------------------------------------------------------
def test_prodigy_jsonl_with_meta_notes_and_skipped_answers(tmp_path, project):
    text = "Aliyev said ties are “historic”. Trade rose 5%."
    q = text.index("“historic”")
    records = [
        {"text": text, "meta": {"title": "T1", "outlet": "O1", "author": "A1", "date": "2024-12-19",
                                "url": "https://x.example/1", "source": "feed", "section": "world"},
         "spans": [{"start": q, "end": q + 10, "label": "QUOTE", "note": "direct", "token_start": 5},
                   {"start": text.index("5%"), "end": text.index("5%") + 2, "label": "FIGURE"}],
         "answer": "accept", "_input_hash": 1, "_task_hash": 2},
        {"text": "Rejected example text.", "spans": [], "answer": "reject"},
        {"text": "Ignored example text.", "answer": "ignore"},
        {"text": "No meta at all here."},
    ]
    write_jsonl(tmp_path / "p.jsonl", records)
    report = import_paths(project, [tmp_path / "p.jsonl"])
    assert report.ok and len(report.added) == 2
    assert len(report.skipped_records) == 2
    assert all("p.jsonl:" in s for s in report.skipped_records)
    assert "p.jsonl:2" in report.skipped_records[0] and "reject" in report.skipped_records[0]
    doc = project.document(report.added[0])
    assert (doc.title, doc.outlet, doc.author, doc.published, doc.url) == ("T1", "O1", "A1", "2024-12-19", "https://x.example/1")
    assert doc.meta == {"source": "feed", "section": "world"}
    spans = sorted(project.spans(doc.id), key=lambda s: s.start)
    assert [(doc.text[s.start:s.end], s.label, s.note, s.origin, s.status) for s in spans] == [
        ("“historic”", "QUOTE", "direct", Origin.IMPORT, Status.ACCEPTED),
        ("5%", "FIGURE", "", Origin.IMPORT, Status.ACCEPTED)]
    assert project.document(report.added[1]).title == "No meta at all here."


def test_doccano_label_triples_entities_and_categories(tmp_path, project):
    t1 = "Kiselev asked about NATO. Aliyev answered."
    t2 = "Aliyev said 30 million tons of oil."
    records = [
        {"id": 7, "text": t1, "label": [[0, 7, "QUOTE"], [26, 32, "CLAIM"]], "title": "D1", "outlet": "Doc O",
         "Comments": ["check this"]},
        {"text": t2, "entities": [{"id": 1, "start_offset": 12, "end_offset": 22, "label": "FIGURE"}],
         "relations": []},
        {"text": "A classified text only.", "label": ["positive"]},
    ]
    write_jsonl(tmp_path / "d.jsonl", records)
    report = import_paths(project, [tmp_path / "d.jsonl"])
    assert report.ok, report.problems
    d1, d2, d3 = (project.document(i) for i in report.added)
    assert (d1.title, d1.outlet, d1.meta) == ("D1", "Doc O", {"Comments": ["check this"]})
    assert sorted((d1.text[s.start:s.end], s.label) for s in project.spans(d1.id)) == [("Aliyev", "CLAIM"), ("Kiselev", "QUOTE")]
    assert [(d2.text[s.start:s.end], s.label) for s in project.spans(d2.id)] == [("30 million", "FIGURE")]
    assert d3.meta == {"categories": ["positive"]} and project.spans(d3.id) == []


def test_own_export_shape_round_trips_documents_metadata_and_spans(tmp_path, project, project_path):
    """Records as our jsonl export writes them import back to the same documents, metadata and spans."""
    from annotator.store import create_project

    text = "He said: “We are allies.” 🇦🇿 Trade grew 12%.\nNew paragraph."
    q0, q1 = text.index("“"), text.index("”") + 1
    record = {"text": text, "meta": {"doc_id": 42, "title": "Ours", "outlet": "Our outlet", "author": "Me",
                                     "date": "2024-12-18", "url": "https://ours.example"},
              "tokens": [{"text": "He", "start": 0, "end": 2, "id": 0, "ws": True}],
              "spans": [{"start": q0, "end": q1, "label": "QUOTE", "id": 9, "note": "the key line",
                         "token_start": 3, "token_end": 9},
                        {"start": text.index("12%"), "end": text.index("12%") + 3, "label": "FIGURE", "id": 10,
                         "note": "", "token_start": 14, "token_end": 15}],
              "_input_hash": 123, "_task_hash": 456, "answer": "accept"}
    write_jsonl(tmp_path / "export.jsonl", [record])
    report = import_paths(project, [tmp_path / "export.jsonl"])
    assert report.ok and report.skipped_records == []
    doc = project.document(report.added[0])
    assert (doc.text, doc.title, doc.outlet, doc.author, doc.published, doc.url) == (
        text, "Ours", "Our outlet", "Me", "2024-12-18", "https://ours.example")
    assert doc.meta == {}  # the exporting project's doc_id is not carried over
    got = sorted((s.start, s.end, s.label, s.note) for s in project.spans(doc.id))
    assert got == sorted((s["start"], s["end"], s["label"], s["note"]) for s in record["spans"])
    # a second project built from the same file holds the same spans at the same offsets
    other = create_project(tmp_path / "other.annotator")
    try:
        again = import_paths(other, [tmp_path / "export.jsonl"])
        assert sorted((s.start, s.end, s.label, s.note) for s in other.spans(again.added[0])) == got
    finally:
        other.close()


def test_relations_are_reported_not_silently_dropped(tmp_path, project):
    rec = {"text": "A said B. C denied it.", "spans": [{"start": 0, "end": 8, "label": "CLAIM"},
                                                      {"start": 10, "end": 21, "label": "CLAIM"}],
           "relations": [{"head": 0, "child": 3, "label": "contradicts"}]}
    write_jsonl(tmp_path / "rel.jsonl", [rec])
    report = import_paths(project, [tmp_path / "rel.jsonl"])
    assert len(report.added) == 1
    assert any("rel.jsonl:1" in n and "relation" in n for n in report.skipped_records)


def test_jsonl_span_status_and_language_are_kept_and_bad_status_refused(tmp_path, project):
    from annotator.nlp.tokenize import token_offsets

    text = "Der Präsident sagte: „Wir sind Verbündete.“"
    rec = {"text": text, "meta": {"lang": "de"},
           "spans": [{"start": 0, "end": 13, "label": "CLAIM", "status": "suggested"},
                     {"start": 21, "end": len(text), "label": "QUOTE"}]}
    write_jsonl(tmp_path / "de.jsonl", [rec])
    report = import_paths(project, [tmp_path / "de.jsonl"])
    doc = project.document(report.added[0])
    assert doc.lang == "de" and project.tokens(doc.id) == [t for t in token_offsets(text, "de") if t[1] > t[0]]
    assert sorted((s.label, s.status) for s in project.spans(doc.id)) == [("CLAIM", "suggested"), ("QUOTE", "accepted")]
    rec["spans"][0]["status"] = "maybe"
    write_jsonl(tmp_path / "bad.jsonl", [rec])
    with pytest.raises(InputError, match=r"bad.jsonl:1: span 0-13: unknown status 'maybe'"):
        read_file(tmp_path / "bad.jsonl")
