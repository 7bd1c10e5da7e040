"""The trace review section of the Inspector: the unit under review, its top candidates (text, score,
relation) and a word-level diff of the retelling against the candidate under review."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout

from ..colors import is_dark
from .diffview import diff_html
from .relations import relation_color

HELP = ("<b>Enter</b> accept · <b>1-3</b> choose · <b>R</b> relation · <b>X</b> reject · "
        "<b>Tab</b> skip · <b>Esc</b> stop")


class TracePanel(QFrame):
    def __init__(self, review, parent=None):
        super().__init__(parent)
        self.review = review
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.keys = QLabel(HELP)
        self.keys.setWordWrap(True)
        self.keys.setStyleSheet("color: gray")
        self.candidates = QTextBrowser()
        self.candidates.setOpenLinks(False)
        self.candidates.anchorClicked.connect(lambda url: review.pick(int(url.toString().split(":")[1])))
        self.candidates.setMinimumHeight(120)
        self.diff = QTextBrowser()
        self.diff.setMinimumHeight(80)
        stop = QPushButton("Stop review (Esc)")
        stop.clicked.connect(lambda: review.stop())
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(stop, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(head)
        lay.addWidget(self.keys)
        lay.addWidget(QLabel("Candidate source passages"))
        lay.addWidget(self.candidates, 3)
        lay.addWidget(QLabel("Retelling vs. source (word diff)"))
        lay.addWidget(self.diff, 2)
        review.changed.connect(self.refresh)
        self.refresh()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_wrapped()

    def _fit_wrapped(self) -> None:
        """The wrapped title and key hints ask for the height they need at this width, so the splitter above
        never gives the section less than all its rows need (a squeezed layout drew captions over the list)."""
        for label in (self.title, self.keys):
            h = label.heightForWidth(max(1, label.width()))
            if h > 0 and h != label.minimumHeight():
                label.setMinimumHeight(h)

    def refresh(self) -> None:
        r = self.review
        unit = r.unit()
        self.setVisible(unit is not None)
        if unit is None:
            return
        doc = r.project.document(unit.doc_id)
        text = doc.text[unit.start:unit.end]
        total = len(r.units)
        where = escape(doc.outlet or doc.title or f"document {unit.doc_id}")
        self.title.setText(f"<b>Trace review</b> · unit {r.index + 1} of {total} · {escape(unit.label or 'sentence')}"
                           f" in {where}<br>“{escape(_short(text, 120))}”")
        dark = is_dark(self.palette())
        source = r.project.document(r.source_id).text
        rows = []
        for k, c in enumerate(unit.candidates[:3]):
            chosen = k == r.choice
            rel = r.current_relation() if chosen else c.relation
            color = relation_color(rel, dark).name()
            figures = ""
            for fig in getattr(c, "figures", None) or ():
                figures += f" <span style='color:{relation_color('distorts', dark).name()}'>{escape(_figure(fig))}</span>"
            why = [x for x in (getattr(c, "reasons", None) or ()) if not x.startswith(("figure ", "date "))]
            if why and rel == "distorts":  # why the engine says distorts, when no changed value shows it
                figures += f" <span style='color:{relation_color('distorts', dark).name()}'>{escape('; '.join(why))}</span>"
            marker = "▶ " if chosen else ""
            weight = "font-weight:bold;" if chosen else ""
            rows.append(
                f"<p style='margin:2px 0 8px 0;{weight}'><a name='c{k}'></a>{marker}<a href='pick:{k}'>{k + 1}</a> "
                f"<span style='color:{color}'>■ {escape(rel)}</span> · score {c.score:.2f}{figures}<br>"
                f"<span style='font-weight:normal'>“{escape(_short(source[c.start:c.end], 400))}”</span></p>")
        self._fit_wrapped()
        self.candidates.setHtml("".join(rows))
        self.candidates.scrollToAnchor(f"c{r.choice}")  # the chosen one in view (3 is below a short list's edge)
        c = r.candidate()
        self.diff.setHtml(diff_html(text, source[c.start:c.end], dark) if c is not None else "")


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _figure(fig) -> str:
    """A changed figure as 'source → retelling' (the engine gives pairs or objects with both values)."""
    if isinstance(fig, (tuple, list)) and len(fig) == 2:
        return f"{fig[0]} → {fig[1]}"
    return str(fig)
