"""Bytes to normalised text: BOMs, UTF-8, detected legacy encodings, stray NULs, binary refusal."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ...core.errors import InputError
from ...core.text import normalize_text

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# C0 controls other than tab/newline/vertical tab/form feed/CR, DEL and C1 controls.
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x9f]")
BINARY = "binary file (not text)"


def decode_bytes(path: Path, data: bytes) -> str:
    """Decode ``data`` and normalise newlines. Raises InputError for binary, undecodable or empty input."""
    text = decode_raw(path, data)
    if _looks_binary(text):
        raise InputError(path, BINARY)
    text = normalize_text(text)
    if not text.strip():
        raise InputError(path, "empty file")
    return text


def decode_raw(path: Path, data: bytes) -> str:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as e:
                raise InputError(path, f"not valid {name} text despite its byte-order mark ({e.reason} at byte {e.start})")
    if not data.strip(b" \t\r\n\x0b\x0c"):
        raise InputError(path, "empty file")
    nuls = data.count(0)
    if nuls * 4 > len(data):  # UTF-16 without a BOM has a NUL in every other byte (ASCII text)
        text = _bomless_utf16(data)
        if text is None:
            raise InputError(path, BINARY)
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if nuls * 50 > len(data):
        raise InputError(path, BINARY)
    return _detect(path, data)


def _bomless_utf16(data: bytes) -> str | None:
    even, odd = data[0::2].count(0), data[1::2].count(0)
    codec = "utf-16-le" if odd > 3 * even else "utf-16-be" if even > 3 * odd else None
    if codec is None or len(data) % 2:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return None if _looks_binary(text) else text


def _detect(path: Path, data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32"))]
    best = min(matches, key=lambda m: (m.chaos, -m.coherence), default=None)
    # Western legacy text is far more often cp1252 than the look-alike code pages the detector
    # may rank first on short samples: prefer cp1252 when it reads about as cleanly.
    western = next(iter(from_bytes(data, cp_isolation=["cp1252"])), None)
    if western is not None and (best is None or western.chaos <= best.chaos + 0.05):
        best = western
    if best is None:
        raise InputError(path, "binary file or unknown text encoding (save it as UTF-8 and try again)")
    return str(best)


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    controls = len(_CONTROL.findall(text))
    nuls = text.count("\x00")
    return controls * 50 > len(text) + 100 or nuls * 10 > len(text) + 10
