"""Make the README screenshots under Xvfb on a throw-away copy of the sample project.

    Xvfb :7 -screen 0 1600x900x24 &
    DISPLAY=:7 python docs/screenshots/make_screenshots.py [OUT_DIR]

A fresh ANNOTATOR_HOME gets the first-run project (the sample corpus); spans and a link are added
through the Project API, then the window (the source transcript left, a retelling right, as on a
first run) is captured with ImageMagick's ``import`` and reduced to 256 colours.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent)
HOME = Path(tempfile.gettempdir()) / "annotator-demo"
shutil.rmtree(HOME, ignore_errors=True)
os.environ["ANNOTATOR_HOME"] = str(HOME)

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.models import NewSpan  # noqa: E402
from annotator.ui import app  # noqa: E402

# (label, exact text, occurrence) per document; overlapping spans on both sides
SOURCE = [
    ("QUOTE", "For this reason, we strive to ensure that the situation in Georgia aligns with its political "
              "direction, remains stable, and that Georgia develops successfully."),
    ("FRAMING", "aligns with its political direction"),
    ("QUOTE", "In Georgia, I see that the situation is stabilizing, and we are happy about this."),
    ("CLAIM", "there are thousands of non-governmental organizations operating in Georgia that receive funding "
              "from the West"),
    ("FIGURE", "thousands of non-governmental organizations"),
    ("FIGURE", "tens of thousands"),
    ("FRAMING", "grant-eaters and grant-givers"),
]
SOURCE_SUGGESTION = ("CLAIM", "destabilization, or the threat of destabilization, in Georgia — as harmful as it is "
                              "for Georgia — is also harmful to Azerbaijan", 0.74)
RETELLING = [
    ("FRAMING", "He also openly admitted his country is interfering in Georgian affairs"),
    ("QUOTE", "Azerbaijan is doing everything to ensure that the political situation in Georgia remains stable"),
    ("CLAIM", "accusing \"thousands of NGOs\" of operating with Western backing"),
    ("FIGURE", "thousands of NGOs"),
    ("QUOTE", "Georgia’s stability is vital. The situation there is stabilising, and we welcome that."),
    ("FRAMING", "sharp criticisms"),
    ("FIGURE", "$5bn"),
    ("CLAIM", "Aliyev announced Azerbaijan’s record $5bn military budget for 2025"),
]


def find(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


def annotate(project, source_id: int, retelling_id: int) -> dict:
    ids = {}
    for doc_id, spans in ((source_id, SOURCE), (retelling_id, RETELLING)):
        text = project.document(doc_id).text
        for label, needle in spans:
            s, e = find(text, needle)
            ids[(doc_id, needle)] = next(iter(project.add_span(doc_id, s, e, label).added["span"]))
    label, needle, score = SOURCE_SUGGESTION
    s, e = find(project.document(source_id).text, needle)
    project.add_suggestions({source_id: [NewSpan(s, e, label, origin="model", status="suggested", score=score)]})
    framing = ids[(retelling_id, RETELLING[0][1])]
    project.add_link(framing, ids[(source_id, SOURCE[0][1])], "distorts",
                     "He said Azerbaijan wants Georgia stable, not that it interferes.")
    project.add_link(ids[(retelling_id, RETELLING[4][1])], ids[(source_id, SOURCE[2][1])], "paraphrases")
    project.add_link(ids[(retelling_id, RETELLING[1][1])], ids[(source_id, SOURCE[0][1])], "distorts",
                     "Quoted words not in the transcript.")
    project.stack.undo_stack.clear()
    return {"framing": framing, "source_quote": ids[(source_id, SOURCE[0][1])]}


def show_line(view, needle: str, lines_above: int) -> None:
    """Scroll so that the line holding ``needle`` is ``lines_above`` lines below the top."""
    s, _e = find(view.text, needle)
    block = view.document().findBlock(view.offsets.to_qt(s))
    bar = view.verticalScrollBar()
    bar.setValue(max(0, block.firstLineNumber() - lines_above))


def capture(path: Path) -> None:
    raw = path.with_suffix(".raw.png")
    subprocess.run(["import", "-window", "root", str(raw)], check=True)
    subprocess.run(["convert", str(raw), "-colors", "256", "-strip", str(path)], check=True)
    raw.unlink()
    print(path, path.stat().st_size // 1024, "KB")


def main() -> int:
    qapp = app.application()
    project = app.open_default_project()
    source_id, retelling_id = app.first_run_docs(project)
    picks = annotate(project, source_id, retelling_id)
    window = app.create_window(project)
    window.setGeometry(QApplication.primaryScreen().geometry())
    window.show()
    left, right = window.panes()
    steps = []

    def scene_main():
        window.resizeDocks([window.docs, window.inspector], [330, 330], Qt.Orientation.Horizontal)
        for pane in (left, right):
            pane.view.finish_loading()

    def scroll():
        show_line(left.view, "- How would you assess what is happening in Georgia now?", 1)
        show_line(right.view, "Meddling in Georgia", 2)
        window.set_current_pane(right)
        right.view.select_span(picks["framing"])
        right.view.setFocus()

    def shoot_main():
        capture(OUT / "main.png")

    def scene_extract():
        menu = next((a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Extract"), None)
        if menu is not None:
            window.menuBar().setActiveAction(menu.menuAction())

    def shoot_extract():
        capture(OUT / "extract.png")
        qapp.quit()

    steps = [(800, scene_main), (500, scroll), (1500, shoot_main), (300, scene_extract), (1200, shoot_extract)]
    delay = 0
    for wait, fn in steps:
        delay += wait
        QTimer.singleShot(delay, fn)
    qapp.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
