"""Word .docx files (python-docx): paragraphs joined by newlines, tables row by row, in document order."""

from __future__ import annotations

import io
from pathlib import Path

from ...core.errors import InputError
from ...core.models import NewDocument
from ...core.text import normalize_text
from .base import ReadResult, clean, title_from_text


def read(path: Path, data: bytes) -> ReadResult:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                for row in block.rows:
                    lines.append("\t".join(cell.text.replace("\n", " ") for cell in row.cells))
        props = document.core_properties
        title, author = clean(props.title), clean(props.author)
    except Exception as e:  # not a zip, not a Word document, damaged XML
        raise InputError(path, f"not a readable .docx file ({type(e).__name__}: {e})") from None
    text = normalize_text("\n".join(lines))
    if not text.strip():
        raise InputError(path, "empty file (the document has no text)")
    result = ReadResult()
    result.add(NewDocument(text=text, title=title or title_from_text(text, path), author=author,
                           source_file=path.name))
    return result
