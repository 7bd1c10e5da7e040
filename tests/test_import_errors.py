"""Bad input gets a clear problem naming the file (and line); broken files import nothing; batches,
duplicates, folders, label policies, progress and undo."""

import json
import os

import pytest

from annotator.core.errors import InputError
from annotator.io import readers
from annotator.io.importer import import_paths, read_file

GOOD = "Aliyev reaffirmed the alliance with Russia in a long interview.\n"


def jsonl(path, *records):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def problem_for(project, path, **kw):
    report = import_paths(project, [path], **kw)
    assert report.added == [] and len(report.problems) == 1, report
    return report.problems[0]


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    bytes(range(256)) * 4,
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 20,
    b"\x01\x02\x03\x04\x05\x06\x07\x08 mostly control bytes \x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19",
])
def test_binary_file(tmp_path, project, data):
    (tmp_path / "img.txt").write_bytes(data)
    msg = problem_for(project, tmp_path / "img.txt")
    assert msg.startswith(f"{tmp_path / 'img.txt'}: binary file")


@pytest.mark.parametrize("data", [b"", b"   \r\n\t \n", "\ufeff  \n".encode("utf-8"), "  \n".encode("utf-16")])
def test_empty_file(tmp_path, project, data):
    (tmp_path / "e.txt").write_bytes(data)
    assert problem_for(project, tmp_path / "e.txt") == f"{tmp_path / 'e.txt'}: empty file"


def test_empty_jsonl_and_empty_text_in_jsonl(tmp_path, project):
    assert problem_for(project, jsonl(tmp_path / "e.jsonl", "")).endswith("e.jsonl: empty file")
    assert problem_for(project, jsonl(tmp_path / "f.jsonl", {"text": "ok text"}, {"text": " \r\n"})).endswith(
        'f.jsonl:2: "text" is empty')


def test_undecodable_text(tmp_path, project):
    (tmp_path / "u.txt").write_bytes(b"\xef\xbb\xbfUTF-8 BOM then \xff\xfe\xfa invalid bytes")
    assert "u.txt: not valid UTF-8 text despite its byte-order mark" in problem_for(project, tmp_path / "u.txt")


def test_unknown_extension_named_directly_is_a_problem(tmp_path, project):
    (tmp_path / "notes.rtf").write_text("{\\rtf1 hello}", encoding="utf-8")
    (tmp_path / "README").write_text("no extension", encoding="utf-8")
    report = import_paths(project, [tmp_path / "notes.rtf", tmp_path / "README"])
    assert report.added == []
    assert report.problems[0].startswith(f"{tmp_path / 'notes.rtf'}: unknown file type '.rtf'")
    assert ".txt" in report.problems[0] and ".jsonl" in report.problems[0]
    assert "(no extension)" in report.problems[1]


def test_missing_path_and_folder_given_to_read_file(tmp_path, project):
    assert problem_for(project, tmp_path / "nope.txt") == f"{tmp_path / 'nope.txt'}: no such file"
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "nope" / "deeper.pdf")
    with pytest.raises(InputError, match="is a folder"):
        read_file(tmp_path)


@pytest.mark.parametrize("line,expected", [
    ('{"text": "unterminated', "bad.jsonl:3: not valid JSON"),
    ('["text", "not an object"]', "bad.jsonl:3: each line must be a JSON object, not list"),
    ('{"title": "no text"}', 'bad.jsonl:3: missing "text"'),
    ('{"text": "abc", "spans": [{"start": 1, "end": 9, "label": "CLAIM"}]}', "bad.jsonl:3: span 1 (1-9 CLAIM) is out of range (the text has 3 characters)"),
    ('{"text": "abc", "spans": [{"start": -1, "end": 2, "label": "CLAIM"}]}', "bad.jsonl:3: span 1 (-1-2 CLAIM) is out of range"),
    ('{"text": "abcdef", "spans": [{"start": 4, "end": 2, "label": "CLAIM"}]}', "bad.jsonl:3: span 1 (4-2 CLAIM) is reversed"),
    ('{"text": "abcdef", "label": [[0, 2, "QUOTE"], [3, 3, "CLAIM"]]}', "bad.jsonl:3: span 2 (3-3 CLAIM) is empty"),
    ('{"text": "abcdef", "spans": [{"start": "1", "end": 2, "label": "CLAIM"}]}', "bad.jsonl:3: span offsets must be whole numbers"),
    ('{"text": "abcdef", "spans": [{"start": 1.0, "end": 2, "label": "CLAIM"}]}', "bad.jsonl:3: span offsets must be whole numbers"),
    ('{"text": "abcdef", "spans": [{"start": 1, "end": 2}]}', "bad.jsonl:3: span 1-2 has no label"),
    ('{"text": "abcdef", "spans": {"start": 1}}', 'bad.jsonl:3: "spans" must be a list'),
    ('{"text": "abcdef", "label": [[1, 2]]}', 'bad.jsonl:3: "label" must be a list of [start, end, label] triples'),
    ('{"text": "bad \\ud800 half"}', "bad.jsonl:3: unpaired surrogate escape \\ud800"),
    ('{"text": "a\\u0000bc", "spans": [{"start": 1, "end": 2, "label": "CLAIM"}]}', "bad.jsonl:3: span 1 (1-2 CLAIM) covers only characters removed"),
])
def test_malformed_jsonl_names_the_line_and_imports_nothing_of_the_file(tmp_path, project, line, expected):
    path = jsonl(tmp_path / "bad.jsonl", {"text": "good one"}, "", line, {"text": "good two"})
    msg = problem_for(project, path)
    assert msg.startswith(str(tmp_path / expected.split(":")[0])) and expected in msg
    assert project.documents() == []


@pytest.mark.parametrize("text", ["Hello world", "Hello\r\nworld\r\n", "\ufeffHello 😀 world"])
@pytest.mark.parametrize("form", ["prodigy", "doccano"])
def test_span_end_boundary_is_the_text_length(tmp_path, project, text, form):
    """end == len(text) is the last character; end == len(text) + 1 is one past it: a problem with file:line."""
    def record(end):
        if form == "prodigy":
            return {"text": text, "spans": [{"start": 1, "end": end, "label": "CLAIM"}]}
        return {"text": text, "label": [[1, end, "CLAIM"]]}

    n = len(text)
    bad = jsonl(tmp_path / "bad.jsonl", {"text": "first"}, record(n + 1))
    msg = problem_for(project, bad)
    assert msg == f"{bad}:2: span 1 (1-{n + 1} CLAIM) is out of range (the text has {n} characters)"
    assert project.documents() == []
    good = jsonl(tmp_path / "good.jsonl", record(n))
    report = import_paths(project, [good])
    assert report.ok and len(report.added) == 1
    (span,) = project.spans()
    stored = project.document(span.doc_id).text
    assert span.end == len(stored) and stored[span.start:span.end] == text.replace("\r\n", "\n")[1:].lstrip("\ufeff")


def test_a_reader_slip_past_the_text_is_a_problem_not_a_crash(tmp_path, project, monkeypatch):
    """Whatever a reader returns, a span outside its document's text is one problem line for that file."""
    from annotator.core.models import NewDocument, NewSpan
    from annotator.io import importer
    from annotator.io.readers.base import ReadResult

    def sloppy(*_args, **_kwargs):
        result = ReadResult()
        result.add(NewDocument(text="abc", title="t", spans=(NewSpan(0, 4, "CLAIM"),)), 7)
        return result

    monkeypatch.setattr(importer, "_read", sloppy)
    path = tmp_path / "x.jsonl"
    path.write_text("{}", encoding="utf-8")
    report = import_paths(project, [path])
    assert report.problems == [f"{path}:7: span 0-4 'CLAIM' does not fit the document's 3 characters"]
    assert project.documents() == []


def test_unknown_labels_each_policy(tmp_path, project):
    path = jsonl(tmp_path / "l.jsonl",
                 {"text": "Aliyev said this.", "spans": [{"start": 0, "end": 6, "label": "SPEAKER"},
                                                        {"start": 7, "end": 11, "label": "CLAIM"}]},
                 {"text": "Another one.", "spans": [{"start": 0, "end": 7, "label": "SPEAKER"}]})
    msg = problem_for(project, path)
    assert msg.startswith(f"{path}:1: unknown label 'SPEAKER'")
    assert "--unknown-labels create" in msg and "--unknown-labels skip" in msg
    assert [l.name for l in project.labels()] == ["QUOTE", "CLAIM", "FIGURE", "FRAMING"]

    skipped = import_paths(project, [path], unknown_labels="skip")
    assert skipped.ok and len(skipped.added) == 2 and skipped.created_labels == []
    assert skipped.skipped_spans == [f"{path}:1: span 0-6 'SPEAKER': unknown label",
                                     f"{path}:2: span 0-7 'SPEAKER': unknown label"]
    assert [s.label for s in project.spans(skipped.added[0])] == ["CLAIM"]
    assert project.spans(skipped.added[1]) == []

    project.undo()
    created = import_paths(project, [path], unknown_labels="create")
    assert created.ok and created.created_labels == ["SPEAKER"] and created.skipped_spans == []
    assert sorted(s.label for s in project.spans(created.added[0])) == ["CLAIM", "SPEAKER"]
    assert "SPEAKER" in [l.name for l in project.labels()]
    with pytest.raises(ValueError):
        import_paths(project, [path], unknown_labels="ask")


def test_batch_with_broken_files_imports_only_the_good_ones_and_reports_every_problem(tmp_path, project):
    (tmp_path / "good1.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "good2.md").write_text("# Second\n\nAnother text entirely.", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 3)
    mixed = jsonl(tmp_path / "mixed.jsonl", {"text": "fine line"}, {"text": "fine too"}, "{broken")
    paths = [tmp_path / n for n in ("good1.txt", "bin.txt", "mixed.jsonl", "missing.txt", "good2.md")]
    report = import_paths(project, paths)
    assert not report.ok and len(report.added) == 2
    assert sorted(d.source_file for d in project.documents()) == ["good1.txt", "good2.md"]
    assert [p.split(":")[0] for p in report.problems] == [str(tmp_path / n) for n in ("bin.txt", "mixed.jsonl", "missing.txt")]
    assert f"{mixed}:3: not valid JSON" in report.problems[1]
    # the whole batch is one undo step
    assert project.undo() is not None and project.documents() == [] and not project.can_undo


def test_project_unchanged_when_everything_fails(tmp_path, project):
    before = project.stats()
    (tmp_path / "e.txt").write_bytes(b"")
    (tmp_path / "x.exe").write_bytes(b"MZ" + bytes(300))
    report = import_paths(project, [tmp_path / "e.txt", tmp_path / "x.exe", tmp_path / "gone.pdf",
                                    jsonl(tmp_path / "j.jsonl", {"text": "abc", "spans": [{"start": 0, "end": 1, "label": "NOPE"}]})])
    assert len(report.problems) == 4 and report.added == []
    assert project.stats() == before and project.documents() == [] and not project.can_undo


def test_duplicates_are_reported_and_skipped(tmp_path, project):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(GOOD.replace("\n", "\r\n").encode("utf-16"))  # same text once normalised
    first = import_paths(project, [tmp_path / "a.txt", tmp_path / "b.txt"])
    assert len(first.added) == 1 and first.ok
    assert first.duplicates == [f"{tmp_path / 'b.txt'}: same text as {tmp_path / 'a.txt'}"]
    again = import_paths(project, [tmp_path / "b.txt"])
    assert again.added == [] and again.ok
    assert again.duplicates == [f"{tmp_path / 'b.txt'}: same text as document {first.added[0]} "
                                "(Aliyev reaffirmed the alliance with Russia in a long interview.)"]
    assert len(project.documents()) == 1


def test_folders_recurse_and_list_skipped_files(tmp_path, project):
    root = tmp_path / "corpus"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "one.txt").write_text("Document one.", encoding="utf-8")
    (root / "sub" / "two.md").write_text("Document two.", encoding="utf-8")
    (root / "sub" / "deeper" / "three.jsonl").write_text('{"text": "Document three."}\n', encoding="utf-8")
    (root / "sub" / "image.png").write_bytes(b"\x89PNG")
    (root / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (root / ".git" / "config.txt").write_text("never read", encoding="utf-8")
    # the same file named again directly is read once
    report = import_paths(project, [root, root / "one.txt"])
    assert report.ok and len(report.added) == 3
    assert sorted(project.document(i).text for i in report.added) == ["Document one.", "Document three.", "Document two."]
    assert report.skipped_files == [f"{root / '.git'}{os.sep} (hidden folder)", f"{root / '.hidden.txt'} (hidden file)",
                                    f"{root / 'sub' / 'image.png'} (unsupported type .png)"]


def test_progress_is_reported_per_file(tmp_path, project):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Text number {n}.", encoding="utf-8")
    calls = []
    import_paths(project, [tmp_path], progress=lambda done, total, what: calls.append((done, total, what)))
    assert [(d, t) for d, t, _ in calls] == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert calls[0][2].endswith("0.txt")


def test_a_reader_crash_becomes_a_problem_not_a_traceback(tmp_path, project, monkeypatch):
    def boom(path, data, *limits):
        raise RuntimeError("library exploded")

    monkeypatch.setitem(readers.READERS, ".txt", boom)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    msg = problem_for(project, tmp_path / "a.txt")
    assert msg == f"{tmp_path / 'a.txt'}: could not read the file (RuntimeError: library exploded)"


def test_outlet_option_applies_to_every_document(tmp_path, project):
    (tmp_path / "a.txt").write_text("One text.", encoding="utf-8")
    jsonl(tmp_path / "b.jsonl", {"text": "Two text.", "meta": {"outlet": "Own"}})
    report = import_paths(project, [tmp_path / "a.txt", tmp_path / "b.jsonl"], outlet="Reuters")
    assert {project.document(i).outlet for i in report.added} == {"Reuters"}


def test_unstorable_characters_from_a_reader_are_a_problem(tmp_path, project, monkeypatch):
    from annotator.core.models import NewDocument
    from annotator.io.readers import ReadResult

    def surrogate_reader(path, data, *limits):
        result = ReadResult()
        result.add(NewDocument(text="broken \udc80 text", title="t"))
        return result

    monkeypatch.setitem(readers.READERS, ".txt", surrogate_reader)
    (tmp_path / "s.txt").write_text(GOOD, encoding="utf-8")
    assert problem_for(project, tmp_path / "s.txt") == f"{tmp_path / 's.txt'}: the text holds an invalid character (unpaired surrogate at 7)"


def test_a_file_of_bare_spans_is_explained(tmp_path, project):
    from annotator.io.importer import import_paths

    path = tmp_path / "spans.jsonl"
    path.write_text('{"file": "a.txt", "start": 0, "end": 5, "label": "QUOTE", "text": "Hello"}\n', encoding="utf-8")
    report = import_paths(project, [path])
    assert not report.added
    assert any("spans.jsonl:1" in p and "one span" in p for p in report.problems), report.problems
