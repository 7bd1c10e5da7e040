"""Rule suggestions: token and phrase patterns through spaCy's SpanRuler (run paragraph by
paragraph), regex patterns through ``re`` on the whole text; every span snapped to tokens."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from ..core.changes import Change
from ..core.models import NewSpan, Origin, Status
from .paragraphs import paragraphs
from .patterns import Pattern, project_patterns

Progress = Callable[[int, int, str], None]


class RuleSet:
    """Compiled patterns. ``find(text)`` returns sorted ``(start, end, label)`` character spans."""

    def __init__(self, patterns: Sequence[Pattern], lang: str = "en"):
        self.patterns = list(patterns)
        self.regexes = [(p.label, p.compiled()) for p in self.patterns if p.regex]
        token_patterns = [{"label": p.label, "pattern": p.pattern} for p in self.patterns if p.regex is None]
        self.nlp = None
        if token_patterns:
            import spacy

            from .tokenize import blank

            self.nlp = spacy.blank(blank(lang).lang)
            self.nlp.max_length = 10**7
            ruler = self.nlp.add_pipe("span_ruler", config={"spans_key": "rules", "validate": True})
            ruler.add_patterns(token_patterns)

    @property
    def labels(self) -> set[str]:
        return {p.label for p in self.patterns}

    def find(self, text: str) -> list[tuple[int, int, str]]:
        found: set[tuple[int, int, str]] = set()
        for label, rx in self.regexes:
            for m in rx.finditer(text):
                start, end = m.span("span") if "span" in rx.groupindex else m.span()
                if start < end and any(c.isalnum() for c in text[start:end]):
                    found.add((start, end, label))
        if self.nlp is not None:
            chunks = list(paragraphs(text))
            for (offset, _), doc in zip(chunks, self.nlp.pipe(c for _, c in chunks)):
                for span in doc.spans["rules"]:
                    found.add((offset + span.start_char, offset + span.end_char, span.label_))
        return sorted(found)


def longest_per_label(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop a span that lies inside another span of the same label (keeps the longest)."""
    by_label: dict[str, list[tuple[int, int]]] = {}
    for s, e, label in spans:
        by_label.setdefault(label, []).append((s, e))
    out = []
    for label, items in by_label.items():
        items = sorted(set(items), key=lambda se: (se[0], -se[1]))
        reach = -1
        for s, e in items:
            if e <= reach:
                continue  # contained in an earlier, longer span
            out.append((s, e, label))
            reach = max(reach, e)
    return sorted(out)


def rule_spans(project, doc_id: int, ruleset: RuleSet, text: str | None = None) -> list[tuple[int, int, str]]:
    """Rule matches in one document, snapped to the document's token boundaries."""
    text = project.document(doc_id).text if text is None else text
    snapped = set()
    for s, e, label in ruleset.find(text):
        se = project.snap(doc_id, text, s, e)
        if se is not None:
            snapped.add((se[0], se[1], label))
    return longest_per_label(snapped)


def suggest_rules(project, doc_ids: Sequence[int] | None = None, progress: Progress | None = None,
                  patterns: Sequence[Pattern] | None = None) -> Change:
    """Add rule matches as suggestions (origin rule) in one undo step.

    Existing spans with the same offsets and label (accepted, suggested or rejected) are never
    touched or duplicated. Matches whose label the project lacks are not added; they are counted
    in ``change.skipped_labels`` (label -> count).
    """
    ids = list(doc_ids) if doc_ids is not None else [d.id for d in project.documents()]
    ruleset = RuleSet(project_patterns(project) if patterns is None else patterns)
    known = {l.name for l in project.labels()}
    skipped: Counter = Counter()
    suggestions: dict[int, list[NewSpan]] = {}
    for n, doc_id in enumerate(ids):
        doc = project.document(doc_id)
        if progress:
            progress(n, len(ids), doc.title)
        spans = []
        for s, e, label in rule_spans(project, doc_id, ruleset, doc.text):
            if label in known:
                spans.append(NewSpan(s, e, label, origin=Origin.RULE, status=Status.SUGGESTED))
            else:
                skipped[label] += 1
        suggestions[doc_id] = spans
    if progress:
        progress(len(ids), len(ids), "")
    change = project.add_suggestions(suggestions, "Suggest from rules")
    change.skipped_labels = dict(skipped)
    return change
