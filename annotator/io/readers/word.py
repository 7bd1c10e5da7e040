"""Word .docx files: paragraphs joined by newlines, tables row by row (cells by tabs), in document order.

The XML is streamed (lxml iterparse over the zip entry, each body-level paragraph or table dropped once
read), so memory follows the text, not the XML; the zip directory's uncompressed sizes are checked first
and the stream is cut off at that bound too, and an entry that expands more than 100 times (Apache POI's
rule; Word XML expands 5-20 times) is refused, so a small file that expands to gigabytes of XML (a zip
bomb) is refused before it is inflated. Text follows python-docx's: runs' text, tabs as \\t, line breaks as \\n; table cells are their
paragraphs joined by spaces, a cell spanning n grid columns repeated n times.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ...core.errors import InputError
from ...core.limits import MAX_TEXT_CHARS
from ...core.models import NewDocument
from ...core.text import normalize_text
from .base import ReadResult, clean, clean_author, title_from_text
from .limits import check_text, limit_text, mb

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BODY, P, TBL, TR, TC = W + "body", W + "p", W + "tbl", W + "tr", W + "tc"
XML_PER_CHAR = 8  # bytes of document XML allowed per allowed character of text (markup is ~5-10x the text)
XML_FLOOR = 64_000_000
# Apache POI's zip-bomb rule: an entry may not expand more than 100 times (real Word XML: 5-20 times).
MAX_RATIO = 100
RATIO_FLOOR = 1_000_000  # small entries may compress as well as they like
CORE_MAX = 1_000_000


class _Limited(io.RawIOBase):
    """A read-only stream that fails once more than ``cap`` bytes came out of it."""

    def __init__(self, raw, cap: int, fail):
        self.raw, self.cap, self.fail, self.seen = raw, cap, fail, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        self.seen += len(data)
        if self.seen > self.cap:
            self.fail()
        buffer[:len(data)] = data
        return len(data)


def read(path: Path, data: bytes, max_chars: int = MAX_TEXT_CHARS) -> ReadResult:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise InputError(path, f"not a readable .docx file ({type(e).__name__}: {e})") from None
    main = "word/document.xml"
    if main not in names:
        raise InputError(path, "not a readable .docx file (no word/document.xml: not a Word document)")
    cap = max(XML_FLOOR, XML_PER_CHAR * max_chars)
    info = archive.getinfo(main)
    size = info.file_size
    if size > RATIO_FLOOR and size > MAX_RATIO * max(1, info.compress_size):
        raise InputError(path, f"its {mb(info.compress_size)} of compressed text expand {size // max(1, info.compress_size)} "
                               f"times to {mb(size)} of XML (a zip bomb?; Word files expand 5-20 times); not imported")
    if size > cap:
        raise InputError(path, f"its text expands to {mb(size)} of XML, more than a document of at most "
                               f"{limit_text(max_chars)} needs ({mb(cap)}); raise the limit with --max-size "
                               "if the file is genuine")

    def too_big():
        raise InputError(path, f"its text expands past {mb(cap)} of XML (more than its zip directory says); "
                               "not imported")

    try:
        with archive.open(main) as raw:
            text = _body_text(path, io.BufferedReader(_Limited(raw, cap, too_big), 1 << 16), max_chars)
        title, author = _core_properties(archive, names)
    except InputError:
        raise
    except Exception as e:  # damaged zip entry, XML syntax errors
        raise InputError(path, f"not a readable .docx file ({type(e).__name__}: {e})") from None
    text = normalize_text(text)
    if not text.strip():
        raise InputError(path, "empty file (the document has no text)")
    result = ReadResult()
    result.add(NewDocument(text=text, title=title or title_from_text(text, path), author=author,
                           source_file=path.name))
    return result


def _body_text(path: Path, stream, max_chars: int) -> str:
    from lxml import etree

    out = io.StringIO()
    length, first = 0, True
    for _, elem in etree.iterparse(stream, events=("end",), tag=(P, TBL), resolve_entities=False, huge_tree=True,
                                   no_network=True, load_dtd=False):
        parent = elem.getparent()
        if parent is None or parent.tag != BODY:
            continue  # paragraphs inside tables: read with their table
        piece = _paragraph(elem) if elem.tag == P else _table(elem)
        elem.clear()
        while elem.getprevious() is not None:  # drop what was read: memory follows the text
            del parent[0]
        if not first:
            out.write("\n")
            length += 1
        out.write(piece)
        first = False
        length += len(piece)
        check_text(path, length, max_chars)
    return out.getvalue()


def _run_text(run) -> str:
    parts = []
    for child in run:
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            if child.get(W + "type") in (None, "textWrapping"):
                parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _paragraph(p) -> str:
    """Text of the paragraph's runs, those inside hyperlinks, smart tags and insertions included."""
    return "".join(_run_text(r) for r in p.iter(W + "r") if not _inside(r, p, (W + "del", P)))


def _inside(node, stop, tags) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _table(tbl) -> str:
    rows = []
    for tr in tbl.iterchildren(TR):
        cells = []
        for tc in tr.iterchildren(TC):
            text = " ".join(_paragraph(p) for p in tc.iterchildren(P)).replace("\n", " ")
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            repeat = int(span.get(W + "val", "1")) if span is not None and span.get(W + "val", "1").isdigit() else 1
            cells.extend([text] * max(1, repeat))
        rows.append("\t".join(cells))
    return "\n".join(rows)


def _core_properties(archive, names) -> tuple[str, str]:
    part = "docProps/core.xml"
    if part not in names or archive.getinfo(part).file_size > CORE_MAX:
        return "", ""
    from lxml import etree

    root = etree.fromstring(archive.read(part), etree.XMLParser(resolve_entities=False, no_network=True))
    dc = "{http://purl.org/dc/elements/1.1/}"
    title, creator = root.find(dc + "title"), root.find(dc + "creator")
    return (clean(title.text if title is not None else None),
            clean_author(creator.text if creator is not None else None))
