"""The sample corpus's hand annotations (tests/data/seed_spans.jsonl), for benchmarks, tests and demos.

The file holds spans, not documents: one JSON object a line, ``{"file", "start", "end", "label",
"text"}``, where ``file`` is a sample document's file name (seeds/*.txt, kept as the document's
source file by ``annotator init --sample``) and ``text`` must equal the document text at
``start:end``. ``annotator import`` refuses it (it reads documents); load it with

    from annotator.nlp.fixtures import load_seed_spans
    load_seed_spans(project)                        # project made by `annotator init --sample`

or from the command line: ``annotator seed-spans PROJECT``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..core.errors import InputError
from ..core.models import NewSpan, Status
from .patterns import jsonl_objects

SEED_SPANS = Path(__file__).resolve().parents[2] / "tests" / "data" / "seed_spans.jsonl"
RULE_LABELS = ("QUOTE", "FIGURE")  # the default rules' matches for these are accepted as gold


def read_seed_spans(path=None) -> list[dict]:
    p = Path(path) if path is not None else SEED_SPANS
    try:
        content = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(p, "no such file (the seed spans ship with the source tree, in tests/data)") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(p, f"cannot read ({e})") from None
    out = []
    for n, o in jsonl_objects(content, p):
        if not (isinstance(o, dict) and isinstance(o.get("file"), str) and isinstance(o.get("label"), str)
                and isinstance(o.get("start"), int) and isinstance(o.get("end"), int)):
            raise InputError(p, 'expected {"file", "start", "end", "label", "text"}', n)
        o["line"] = n
        out.append(o)
    return out


def load_seed_spans(project, path=None, rule_labels=RULE_LABELS) -> dict[str, int]:
    """Annotate a sample-corpus project: run the default rules, accept their ``rule_labels``
    matches and reject the rest, then add the hand spans as accepted (accepting a rule span with
    the same offsets and label). Returns accepted spans per label. Raises InputError (file, line)
    if a span names a document the project lacks or its text does not match."""
    from .rules import suggest_rules

    p = Path(path) if path is not None else SEED_SPANS
    spans = read_seed_spans(p)
    by_file: dict[str, int] = {}
    for info in project.documents():
        if info.source_file:
            by_file.setdefault(Path(info.source_file).name, info.id)
    hand: dict[int, set] = {}
    texts: dict[int, str] = {}
    for o in spans:
        doc_id = by_file.get(o["file"])
        if doc_id is None:
            raise InputError(p, f"no document from {o['file']!r} in the project (make it with "
                                "`annotator init --sample`)", o["line"])
        text = texts.setdefault(doc_id, project.document(doc_id).text)
        if not 0 <= o["start"] < o["end"] <= len(text) or text[o["start"]:o["end"]] != o.get("text"):
            raise InputError(p, f"the text at {o['start']}:{o['end']} of {o['file']} is not {o.get('text')!r}",
                             o["line"])
        se = project.snap(doc_id, text, o["start"], o["end"])
        if se is None:
            raise InputError(p, "the span does not cover a token", o["line"])
        hand.setdefault(doc_id, set()).add((se[0], se[1], o["label"]))
    suggest_rules(project, sorted(set(by_file.values())))
    rule = project.spans(statuses=[Status.SUGGESTED])
    keep = {(d, *k) for d, keys in hand.items() for k in keys}
    accept = [s.id for s in rule if s.label in rule_labels or (s.doc_id, s.start, s.end, s.label) in keep]
    if accept:
        project.accept(accept)
    reject = [s.id for s in rule if s.id not in set(accept)]
    if reject:
        project.reject(reject)
    existing = {(s.doc_id, s.start, s.end, s.label): s for s in project.spans()}
    again = [existing[k].id for k in sorted(keep) if k in existing and existing[k].status != Status.ACCEPTED]
    if again:
        project.accept(again)
    for doc_id, keys in sorted(hand.items()):
        new = [NewSpan(s, e, label) for s, e, label in sorted(keys) if (doc_id, s, e, label) not in existing]
        if new:
            project.add_spans(doc_id, new, "Add seed spans")
    return dict(Counter(s.label for s in project.spans(statuses=[Status.ACCEPTED])))
