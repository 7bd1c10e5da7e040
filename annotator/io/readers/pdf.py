"""PDF files with a text layer (pypdf). Scanned PDFs without one are refused with a clear reason."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from ...core.errors import InputError
from ...core.limits import MAX_TEXT_CHARS
from ...core.models import NewDocument
from ...core.text import normalize_text
from .base import ReadResult, clean, clean_author, title_from_text
from .limits import check_text

_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?")


def read(path: Path, data: bytes, max_chars: int = MAX_TEXT_CHARS) -> ReadResult:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(path, "not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(path, "the PDF is password-protected")
        pages, length = [], 0
        for page in reader.pages:  # stop at the page that passes the limit, not after the whole file
            pages.append(page.extract_text() or "")
            length += len(pages[-1]) + 2
            check_text(path, length, max_chars)
        info = reader.metadata or {}
    except InputError:
        raise
    except Exception as e:  # pypdf raises many kinds of errors on damaged files
        raise InputError(path, f"could not read the PDF ({type(e).__name__}: {e})") from None
    text = normalize_text("\n\n".join(p.strip("\n") for p in pages).strip("\n"))
    if not text.strip():
        raise InputError(path, f"the PDF has no text layer ({len(pages)} page(s), probably scanned): run OCR on it first")
    doc = NewDocument(
        text=text,
        title=clean(info.get("/Title")) or title_from_text(text, path),
        author=clean_author(info.get("/Author")),
        source_file=path.name,
        meta={k: v for k, v in (("pages", len(pages)), ("pdf_created", _date(info.get("/CreationDate")))) if v},
    )
    result = ReadResult()
    result.add(doc)
    return result


def _date(value) -> str:
    m = _PDF_DATE.match(clean(value))
    if not m:
        return ""
    return "-".join(part for part in m.groups() if part)
