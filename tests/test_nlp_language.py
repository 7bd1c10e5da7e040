"""Languages: detected at import, forced with --lang, changed in the document details (re-tokenized,
undoable); Chinese and Japanese spans lie on token boundaries and export with aligned token indices;
a language whose tokenizer needs a missing package gets a note and a character fallback."""

from __future__ import annotations

import json

import pytest
from spacy.tokens import DocBin

from annotator.cli import main as cli
from annotator.io.export import export
from annotator.io.importer import import_paths
from annotator.nlp.language import detect_language, set_language, tokenizer_note
from annotator.nlp.tokenize import blank, token_offsets
from annotator.store import create_project

ZH = "这是一个测试。我们今天去北京看长城，然后回家吃饭。"
JA = "東京は日本の首都です。今日はとても良い天気ですね。Tokyo is big."


@pytest.mark.parametrize("text, code", [
    ("The president said the talks would resume next week in the capital.", "en"),
    ("Президент заявил, что переговоры возобновятся на следующей неделе в столице.", "ru"),
    ("Prezident bildirib ki, danışıqlar gələn həftə paytaxtda bərpa olunacaq.", "az"),
    ("الرئيس قال إن المحادثات ستستأنف الأسبوع المقبل في العاصمة", "ar"),
    ("Der Präsident sagte, die Gespräche würden nächste Woche in der Hauptstadt fortgesetzt.", "de"),
    (ZH, "zh"),
    (JA, "ja"),
])
def test_detects_the_language_of_a_text(text, code):
    assert detect_language(text) == code


def test_too_little_text_keeps_english():
    assert detect_language("12 34 ok") == "en"
    assert detect_language("") == "en"


@pytest.fixture
def project(tmp_path):
    p = create_project(tmp_path / "p.annotator")
    yield p
    p.close()


def _import(project, tmp_path, name, text, **kw):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = import_paths(project, [path], **kw)
    assert report.ok, report.problems
    return report, project.document(report.added[0])


def test_chinese_import_is_tokenized_by_character_and_exports_aligned(project, tmp_path):
    _, doc = _import(project, tmp_path, "zh.txt", ZH)
    assert doc.lang == "zh"
    start = ZH.index("北京")
    project.add_span(doc.id, start, start + 2, "QUOTE")  # two characters inside one sentence
    assert project.snap(doc.id, doc.text, start, start + 2) == (start, start + 2)
    export(project, "jsonl", tmp_path / "out.jsonl")
    (record,) = [json.loads(l) for l in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    (span,) = record["spans"]
    tokens = record["tokens"]
    assert [t["text"] for t in tokens[span["token_start"]:span["token_end"] + 1]] == ["北", "京"]
    export(project, "spacy", tmp_path / "spacy", dev_fraction=0)
    docs = list(DocBin().from_disk(tmp_path / "spacy" / "train.spacy").get_docs(blank("zh").vocab))
    assert [s.text for d in docs for key in d.spans for s in d.spans[key]] == ["北京"]


def test_japanese_without_its_tokenizer_gets_a_note_and_characters(project, tmp_path):
    try:
        import sudachipy  # noqa: F401
        pytest.skip("SudachiPy is installed: Japanese has its real tokenizer here")
    except ImportError:
        pass
    report, doc = _import(project, tmp_path, "ja.txt", JA)
    assert doc.lang == "ja"
    assert any("SudachiPy" in n for n in report.notes)
    words = [JA[s:e] for s, e in token_offsets(JA, "ja")]
    assert words[:3] == ["東", "京", "は"] and "Tokyo" in words
    start = JA.index("首都")
    project.add_span(doc.id, start, start + 2, "CLAIM")
    export(project, "jsonl", tmp_path / "ja.jsonl")
    (record,) = [json.loads(l) for l in (tmp_path / "ja.jsonl").read_text(encoding="utf-8").splitlines()]
    (span,) = record["spans"]
    assert "".join(t["text"] for t in record["tokens"][span["token_start"]:span["token_end"] + 1]) == "首都"


def test_tokenizer_note_only_for_fallbacks():
    assert tokenizer_note("en") is None and tokenizer_note("zh") is None and tokenizer_note("ru") is None
    assert "PyThaiNLP" in (tokenizer_note("th") or "")


def test_lang_option_forces_the_language(project, tmp_path):
    _, doc = _import(project, tmp_path, "a.txt", "Just some English words in a line of text here.", lang="ru")
    assert doc.lang == "ru"


def test_cli_import_lang_and_a_bad_code(tmp_path, capsys):
    path = tmp_path / "p.annotator"
    create_project(path).close()
    (tmp_path / "zh.txt").write_text(ZH, encoding="utf-8")
    assert cli(["import", str(path), str(tmp_path / "zh.txt"), "--lang", "ZH"]) == 0
    assert cli(["import", str(path), str(tmp_path / "zh.txt"), "--lang", "zh-cn!"]) == 1
    assert "--lang" in capsys.readouterr().err
    assert cli(["docs", str(path), "--json"]) == 0


def test_changing_the_language_retokenizes_in_one_undo_step(project, tmp_path):
    _, doc = _import(project, tmp_path, "zh.txt", ZH, lang="en")
    before = project.token_index(doc.id).starts[:]
    assert len(before) < len(ZH) // 2  # English rules: whole runs of Chinese are single tokens
    set_language(project, doc.id, "zh")
    assert project.document(doc.id).lang == "zh"
    assert len(project.token_index(doc.id).starts) >= len(ZH) - 2
    project.undo()
    assert project.document(doc.id).lang == "en" and project.token_index(doc.id).starts[:] == before


def test_document_details_dialog_sets_the_language(qtbot, project, tmp_path):
    from annotator.ui.dialogs.docinfo import DocumentInfoDialog

    _, doc = _import(project, tmp_path, "zh.txt", ZH, lang="en")
    dialog = DocumentInfoDialog(project, doc.id)
    qtbot.addWidget(dialog)
    assert dialog.lang.currentData() == "en"
    dialog.lang.setCurrentIndex(dialog.lang.findData("zh"))
    dialog.lang.activated.emit(dialog.lang.currentIndex())
    assert project.document(doc.id).lang == "zh"
    project.undo()
    assert dialog.lang.currentData() == "en"


def test_document_details_are_reachable_from_the_documents_list_and_the_file_menu(qtbot, monkeypatch, project):
    from annotator.ui.dialogs import docinfo
    from annotator.ui.docs_list import DOC_ROLE
    from ui_helpers import add_docs, make_window

    add_docs(project, "First text here.", "Second text here.")
    window = make_window(qtbot, project)
    opened = []
    monkeypatch.setattr(docinfo.DocumentInfoDialog, "exec", lambda self: opened.append(self.doc_id))
    item = window.docs.tree.topLevelItem(0)
    menu = window.docs.context_menu_for(item)
    next(a for a in menu.actions() if a.text() == "Document Details…").trigger()
    other = next(d.id for d in project.documents() if d.id != item.data(0, DOC_ROLE))
    window.open_document(other)
    window.acts["doc_details"].trigger()
    assert opened == [item.data(0, DOC_ROLE), other]
