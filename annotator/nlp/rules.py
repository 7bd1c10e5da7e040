"""Rule suggestions: token and phrase patterns through spaCy's SpanRuler (run paragraph by
paragraph), regex patterns through ``re`` on the whole text; every span snapped to tokens."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..core.changes import Change
from ..core.models import NewSpan, Origin, Status
from .paragraphs import paragraphs
from .patterns import Pattern, project_patterns

Progress = Callable[[int, int, str], None]


class RuleSet:
    """Compiled patterns. ``find(text)`` returns sorted ``(start, end, label)`` character spans;
    ``find_scored(text)`` adds each span's score (the best score of the patterns that found it).
    Matches of negative (``exclude``) patterns are never returned and remove the same label's
    matches they overlap."""

    def __init__(self, patterns: Sequence[Pattern], lang: str = "en"):
        self.patterns = list(patterns)
        self.regexes = [(p, p.compiled()) for p in self.patterns if p.regex and not p.anchor]
        self.anchors = {p.label: p.compiled() for p in self.patterns if p.anchor}
        positive = [p for p in self.patterns if p.regex is None and not p.exclude]
        self._token_scores = [p.score for p in positive]
        token_patterns = [{"label": p.label, "pattern": p.pattern, "id": str(i)} for i, p in enumerate(positive)]
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
        return {p.label for p in self.patterns if not p.exclude}

    def find(self, text: str) -> list[tuple[int, int, str]]:
        return [(s, e, label) for s, e, label, _ in self.find_scored(text)]

    def find_scored(self, text: str) -> list[tuple[int, int, str, float]]:
        found: dict[tuple[int, int, str], float] = {}
        blocked: dict[str, list[tuple[int, int]]] = {}
        windows = {label: _windows(text, rx) for label, rx in self.anchors.items()}
        for pattern, rx in self.regexes:
            where = windows.get(pattern.label, ((0, len(text)),))
            for m in (m for a, b in where for m in rx.finditer(text, a, b)):
                start, end = m.span("span") if "span" in rx.groupindex else m.span()
                if start < end and any(c.isalnum() for c in text[start:end]):
                    if pattern.exclude:
                        blocked.setdefault(pattern.label, []).append((start, end))
                    else:
                        key = (start, end, pattern.label)
                        found[key] = max(pattern.score, found.get(key, 0.0))
        if self.nlp is not None:
            chunks = list(paragraphs(text))
            for (offset, _), doc in zip(chunks, self.nlp.pipe(c for _, c in chunks)):
                for span in doc.spans["rules"]:
                    key = (offset + span.start_char, offset + span.end_char, span.label_)
                    found[key] = max(self._token_scores[int(span.id_)], found.get(key, 0.0))
        return sorted((s, e, label, sc) for (s, e, label), sc in found.items()
                      if not _overlaps_any(s, e, blocked.get(label)))


def _windows(text: str, anchor, before: int = 40, after: int = 120) -> list[tuple[int, int]]:
    """Merged (start, end) ranges around the anchor's matches, each within one line of ``text``."""
    out: list[list[int]] = []
    for m in anchor.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        a, b = max(line_start, m.start() - before), min(line_end, m.end() + after)
        if out and a <= out[-1][1] and out[-1][0] >= line_start:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _overlaps_any(start: int, end: int, ranges: list[tuple[int, int]] | None) -> bool:
    return bool(ranges) and any(s < end and start < e for s, e in ranges)


def longest_per_label(spans: Iterable[tuple]) -> list[tuple]:
    """Drop a span that lies inside another span of the same label (keeps the longest).
    Items are ``(start, end, label, ...)``; anything after the label (a score) rides along."""
    by_label: dict[str, list[tuple]] = {}
    for item in spans:
        by_label.setdefault(item[2], []).append(item)
    out = []
    for items in by_label.values():
        items = sorted(set(items), key=lambda it: (it[0], -it[1]))
        reach = -1
        for item in items:
            if item[1] <= reach:
                continue  # contained in an earlier, longer span
            out.append(item)
            reach = max(reach, item[1])
    return sorted(out)


def rule_spans(project, doc_id: int, ruleset: RuleSet, text: str | None = None) -> list[tuple[int, int, str, float]]:
    """Rule matches in one document, snapped to the document's token boundaries, with scores."""
    text = project.document(doc_id).text if text is None else text
    snapped: dict[tuple[int, int, str], float] = {}
    for s, e, label, score in ruleset.find_scored(text):
        se = project.snap(doc_id, text, s, e)
        if se is not None:
            key = (se[0], se[1], label)
            snapped[key] = max(score, snapped.get(key, 0.0))
    return longest_per_label((s, e, label, sc) for (s, e, label), sc in snapped.items())


def suggest_rules(project, doc_ids: Sequence[int] | None = None, progress: Progress | None = None,
                  patterns: Sequence[Pattern] | None = None) -> Change:
    """Add rule matches as suggestions (origin rule) in one undo step.

    Existing spans with the same offsets and label (accepted, suggested or rejected) are never
    touched or duplicated. Matches whose label the project lacks are not added; they are counted
    in ``change.skipped_labels`` (label -> count).
    """
    return add_rule_suggestions(project, find_rule_suggestions(project, doc_ids, progress, patterns))


@dataclass
class RuleSuggestions:
    by_doc: dict[int, list[NewSpan]]
    skipped_labels: dict[str, int]


def find_rule_suggestions(project, doc_ids: Sequence[int] | None = None, progress: Progress | None = None,
                          patterns: Sequence[Pattern] | None = None, cancelled=None) -> RuleSuggestions:
    """The matching part of ``suggest_rules``: reads the project, writes nothing (the app runs it in a
    worker thread with progress; ``cancelled()`` is polled between documents)."""
    ids = list(doc_ids) if doc_ids is not None else [d.id for d in project.documents()]
    ruleset = RuleSet(project_patterns(project) if patterns is None else patterns)
    known = {l.name for l in project.labels()}
    skipped: Counter = Counter()
    suggestions: dict[int, list[NewSpan]] = {}
    for n, doc_id in enumerate(ids):
        if cancelled is not None and cancelled():
            raise InterruptedError("rule suggestions cancelled")
        doc = project.document(doc_id)
        if progress:
            progress(n, len(ids), doc.title)
        spans = []
        for s, e, label, score in rule_spans(project, doc_id, ruleset, doc.text):
            if label in known:
                spans.append(NewSpan(s, e, label, origin=Origin.RULE, status=Status.SUGGESTED, score=round(score, 3)))
            else:
                skipped[label] += 1
        suggestions[doc_id] = spans
    if progress:
        progress(len(ids), len(ids), "")
    return RuleSuggestions(suggestions, dict(skipped))


def add_rule_suggestions(project, found: RuleSuggestions) -> Change:
    """The writing part of ``suggest_rules``: one transaction, one undo step."""
    change = project.add_suggestions(found.by_doc, "Suggest from rules")
    change.skipped_labels = dict(found.skipped_labels)
    return change
