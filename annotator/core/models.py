"""Plain dataclasses for documents, labels, spans and links.

Offsets are Python ``str`` indices (code points) into ``Document.text``; the text of a
span is always ``text[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class Status:
    ACCEPTED = "accepted"
    SUGGESTED = "suggested"
    REJECTED = "rejected"
    ALL = (ACCEPTED, SUGGESTED, REJECTED)


class Origin:
    MANUAL = "manual"
    RULE = "rule"
    MODEL = "model"
    IMPORT = "import"
    ALIGN = "align"  # suggested by the trace-to-source engine (annotator.nlp.align)
    ALL = (MANUAL, RULE, MODEL, IMPORT, ALIGN)


FIGURE_GUIDELINE_V1 = "A number, amount, date-as-quantity or statistic."
FIGURE_GUIDELINE = (
    "A quantity a reader could check: a count (1,200 protesters, 45 villages, thirty-two detainees), money, a "
    "percentage or fraction (nearly half, 30 to 40 percent), a magnitude (a billion barrels, tens of thousands), a "
    "measure (40 km) or a duration (three decades, a 24-hour assault). Include an approximation or bound that belongs "
    "to it (about, some, nearly, more than, at least) and what is counted when it follows (32 Armenian detainees). "
    "Not figures: dates, years used as dates (in 1993, the 1990s), clock times, ordinals and numbered names (the 19th "
    "century, the 35th anniversary, Section 907, COP29), and 'the two countries' when it names the parties."
)

# name, colour, key, description
DEFAULT_LABELS: tuple[tuple[str, str, str, str], ...] = (
    ("QUOTE", "#e6a700", "1", "Words attributed to a speaker, quoted directly."),
    ("CLAIM", "#d1495b", "2", "An assertion of fact or opinion that can be checked or disputed."),
    ("FIGURE", "#2e86ab", "3", FIGURE_GUIDELINE),
    ("FRAMING", "#3bb273", "4", "Wording that frames or characterises, beyond what the source says."),
)

# name, description
DEFAULT_LINK_TYPES: tuple[tuple[str, str], ...] = (
    ("same-as", "The target says the same thing."),
    ("paraphrases", "The source span paraphrases the target."),
    ("distorts", "The source span distorts the target passage."),
    ("supports", "The source span supports the target."),
    ("contradicts", "The source span contradicts the target."),
    ("quotes", "The source span quotes the target passage word for word."),
)

# The relations a retelling span can have to its source passage (link types, best first).
TRACE_RELATIONS: tuple[str, ...] = ("quotes", "paraphrases", "distorts")


@dataclass(frozen=True)
class NewDocument:
    """A document about to be added (no id yet). ``text`` must already be normalised."""

    text: str
    title: str = ""
    outlet: str = ""
    author: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) or free text as found
    url: str = ""
    source_file: str = ""
    lang: str = ""  # ISO 639-1; "" = not known yet (the importer detects it; stored as "en" otherwise)
    meta: dict[str, Any] = field(default_factory=dict)
    # Token boundaries as (start, end) code-point pairs, or already packed (core.text.pack_tokens);
    # None = not tokenized yet.
    tokens: tuple[tuple[int, int], ...] | bytes | None = None
    # Spans carried by an annotated import (Prodigy/doccano JSONL).
    spans: tuple["NewSpan", ...] = ()
    # Links between those spans (indices into ``spans``), e.g. Prodigy relations.
    links: tuple["NewLink", ...] = ()


@dataclass(frozen=True)
class Document:
    id: int
    text: str
    title: str
    outlet: str
    author: str
    published: str
    url: str
    source_file: str
    sha256: str
    lang: str
    meta: dict[str, Any]
    created: str
    updated: str

    def __len__(self) -> int:  # pragma: no cover - convenience
        return len(self.text)


@dataclass(frozen=True)
class DocumentInfo:
    """A document without its text, for lists."""

    id: int
    title: str
    outlet: str
    author: str
    published: str
    url: str
    source_file: str
    length: int
    counts: dict[str, int]  # label name -> number of accepted spans


@dataclass(frozen=True)
class Label:
    id: int
    name: str
    color: str
    key: str
    description: str
    position: int


@dataclass(frozen=True)
class NewSpan:
    start: int
    end: int
    label: str  # label name
    note: str = ""
    origin: str = Origin.MANUAL
    status: str = Status.ACCEPTED
    score: float | None = None
    author: str = ""


@dataclass(frozen=True)
class NewLink:
    """A link between two spans of one NewDocument, by their indices in ``NewDocument.spans``."""

    source: int
    target: int
    type: str
    note: str = ""
    status: str = Status.ACCEPTED  # our --status all exports carry it


@dataclass(slots=True, unsafe_hash=True)
class Span:
    """A stored span. Not frozen (slots make 50k of them cheap to build); treat it as read-only."""

    id: int
    doc_id: int
    start: int
    end: int
    label_id: int
    label: str
    note: str
    origin: str
    status: str
    score: float | None
    author: str
    created: str
    updated: str


@dataclass(frozen=True)
class LinkType:
    id: int
    name: str
    description: str
    position: int


@dataclass(slots=True, unsafe_hash=True)
class Link:
    id: int
    source_id: int  # span id
    target_id: int  # span id
    type_id: int
    type: str  # link type name
    note: str
    created: str
    author: str = ""  # the annotator who made it
    status: str = Status.ACCEPTED  # accepted | suggested | rejected (m002_link_status)
    score: float | None = None  # the engine's score for a suggested link
    origin: str = Origin.MANUAL


@dataclass(frozen=True)
class SpanRef:
    """A span for ``Project.add_traces``: an existing span (``id``) or one to create in ``doc_id``
    (an existing span with the same document, offsets and label is reused instead)."""

    id: int | None = None
    doc_id: int | None = None
    span: NewSpan | None = None


@dataclass(frozen=True)
class NewTrace:
    """A link from a retelling span (``source``) to the passage it comes from (``target``), added by
    ``Project.add_traces`` together with any spans it needs; ``replace``: link ids removed in the same step."""

    source: SpanRef
    target: SpanRef
    type: str
    status: str = Status.SUGGESTED
    score: float | None = None
    origin: str = Origin.ALIGN
    note: str = ""
    replace: tuple[int, ...] = ()
