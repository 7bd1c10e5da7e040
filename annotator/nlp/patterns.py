"""Pattern files: Prodigy's patterns JSONL plus regular-expression patterns (our extension).

One JSON object per line (blank lines are ignored):

- ``{"label": "FIGURE", "pattern": [{"LIKE_NUM": true}, {"LOWER": "percent"}]}``  token pattern (spaCy Matcher syntax)
- ``{"label": "CLAIM", "pattern": "according to"}``                                 phrase pattern (exact text)
- ``{"label": "QUOTE", "regex": "“(?P<span>[^”]+)”", "flags": "i"}``                 regular expression
- ``{"define": "N", "regex": "\\d+(?:,\\d{3})*"}``                                  a named piece of regex that later
  regexes of the same file use as ``{{N}}`` (defines may use earlier defines)

A regex match is kept as a character span: the group named ``span`` if the pattern has one (so
the quotation marks or a cue phrase can be matched without being labelled), else the whole match.
Regex spans are snapped to token boundaries when suggested. ``flags`` may hold ``i`` (ignore
case), ``m`` (multi-line) and ``s`` (dot matches newline). An optional ``"id"`` names the pattern
(shipped patterns can be switched off by id), ``"note"`` explains it.

``"score"`` (0 < score <= 1) is the confidence given to the pattern's suggestions (the shipped
ones: their measured precision); a pattern without one scores ``DEFAULT_SCORE``.
``"exclude": true`` makes a negative pattern: its matches are not suggestions, and they remove
the same label's suggestions they overlap (dates, years and names are not figures).
``"anchor": true`` (a regex) says that every match of the label's patterns lies on one line and near
a match of this regex (a figure holds a digit or a number word): the label's other regexes then
only search a window around each anchor, several times faster on long texts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import AnnotatorError, InputError
from ..core.resources import patterns_dir

SETTING_USE_DEFAULTS = "rules.use_defaults"
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL}
_KEYS = {"label", "pattern", "regex", "flags", "id", "score", "exclude", "note", "anchor"}
DEFAULT_SCORE = 0.5
SETTING_DISABLED = "rules.disabled_defaults"  # ids of shipped patterns the project switched off
_REF = re.compile(r"\{\{(\w+)\}\}")


@dataclass(frozen=True)
class Pattern:
    label: str
    pattern: Any = None  # list of token dicts, or a phrase string
    regex: str | None = None
    flags: str = ""
    source: str = ""  # file name and line, for messages
    id: str = ""
    score: float = DEFAULT_SCORE
    exclude: bool = False
    note: str = ""
    anchor: bool = False

    def compiled(self) -> re.Pattern:
        flags = 0
        for f in self.flags:
            flags |= _FLAGS[f]
        return re.compile(self.regex or "", flags)


def jsonl_objects(content: str, name):
    """(1-based line, parsed object) for each non-blank JSONL line; InputError names ``name`` and the line."""
    for n, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(name, f"not valid JSON ({e.msg} at column {e.colno})", n) from None


def parse_patterns(content: str, name: str = "patterns") -> list[Pattern]:
    """Parse and validate pattern JSONL. Raises InputError naming ``name`` and the 1-based line."""
    defines: dict[str, str] = {}
    out = []
    for n, obj in jsonl_objects(content, name):
        if isinstance(obj, dict) and "define" in obj:
            _define(obj, defines, name, n)
        else:
            out.append(_validate(obj, name, n, defines))
    return out


def _expand(regex: str, defines: dict[str, str], bad) -> str:
    def sub(m: re.Match) -> str:
        if m.group(1) not in defines:
            raise bad(f"{{{{{m.group(1)}}}}} is not defined on an earlier line")
        return f"(?:{defines[m.group(1)]})"

    return _REF.sub(sub, regex)


def _define(obj: dict, defines: dict[str, str], name: str, n: int) -> None:
    def bad(msg: str):
        return InputError(name, msg, n)

    if set(obj) - {"define", "regex", "note"}:
        raise bad("a \"define\" line holds only \"define\", \"regex\" and \"note\"")
    key, regex = obj["define"], obj.get("regex")
    if not isinstance(key, str) or not re.fullmatch(r"\w+", key):
        raise bad("\"define\" must be a name of letters, digits or _")
    if not isinstance(regex, str) or not regex:
        raise bad("\"regex\" must be a non-empty string")
    regex = _expand(regex, defines, bad)
    try:
        re.compile(regex)
    except re.error as e:
        raise bad(f"invalid regular expression in define {key}: {e}") from None
    defines[key] = regex


def _validate(obj: Any, name: str, n: int, defines: dict[str, str] | None = None) -> Pattern:
    def bad(msg: str):
        return InputError(name, msg, n)

    if not isinstance(obj, dict):
        raise bad("each line must be a JSON object with \"label\" and \"pattern\" or \"regex\"")
    extra = set(obj) - _KEYS
    if extra:
        raise bad(f"unknown key(s) {', '.join(sorted(extra))} (allowed: {', '.join(sorted(_KEYS | {'define'}))})")
    label = obj.get("label")
    if not isinstance(label, str) or not label.strip():
        raise bad("missing \"label\" (a non-empty string)")
    extras = _extras(obj, bad)
    has_pattern, has_regex = "pattern" in obj, "regex" in obj
    if has_pattern == has_regex:
        raise bad("give exactly one of \"pattern\" (token list or phrase) and \"regex\"")
    where = f"{name}:{n}"
    if has_regex:
        regex, flags = obj["regex"], obj.get("flags", "")
        if not isinstance(regex, str) or not regex:
            raise bad("\"regex\" must be a non-empty string")
        if not isinstance(flags, str) or set(flags) - set(_FLAGS):
            raise bad("\"flags\" may only contain the letters i, m, s")
        p = Pattern(label, regex=_expand(regex, defines or {}, bad), flags=flags, source=where, **extras)
        try:
            compiled = p.compiled()
        except re.error as e:
            raise bad(f"invalid regular expression: {e}") from None
        if compiled.search("") is not None:
            raise bad("the regular expression matches the empty string")
        return p
    pattern = obj["pattern"]
    if isinstance(pattern, str):
        if not pattern.strip():
            raise bad("a phrase \"pattern\" must not be empty")
        return Pattern(label, pattern=pattern, source=where, **extras)
    if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
        raise bad("\"pattern\" must be a phrase string or a non-empty list of token objects")
    from spacy.schemas import validate_token_pattern

    errors = validate_token_pattern(pattern)
    if errors:
        raise bad("invalid token pattern: " + "; ".join(errors))
    if "flags" in obj:
        raise bad("\"flags\" only applies to \"regex\" patterns")
    return Pattern(label, pattern=pattern, source=where, **extras)


def _extras(obj: dict, bad) -> dict:
    out: dict[str, Any] = {}
    if "id" in obj:
        if not isinstance(obj["id"], str):
            raise bad("\"id\" must be a string")
        out["id"] = obj["id"]
    if "score" in obj:
        sc = obj["score"]
        if isinstance(sc, bool) or not isinstance(sc, (int, float)) or not 0 < sc <= 1:
            raise bad("\"score\" must be a number above 0 and at most 1")
        out["score"] = float(sc)
    for key in ("exclude", "anchor"):
        if key in obj:
            if not isinstance(obj[key], bool):
                raise bad(f"\"{key}\" must be true or false")
            out[key] = obj[key]
    if out.get("anchor") and ("regex" not in obj or out.get("exclude")):
        raise bad("an \"anchor\" must be a \"regex\" pattern (and not \"exclude\")")
    if "note" in obj:
        if not isinstance(obj["note"], str):
            raise bad("\"note\" must be a string")
        out["note"] = obj["note"]
    return out


def default_pattern_files() -> list[Path]:
    """The shipped pattern files (resources/patterns/*.jsonl), sorted by name."""
    return sorted(patterns_dir().glob("*.jsonl"))


def default_patterns() -> list[Pattern]:
    """Every shipped pattern, in file order."""
    return [p for path in default_pattern_files() for p in load_file(path)]


def pattern_kind(p: Pattern) -> str:
    """How a pattern acts, for lists: 'FIGURE, 0.95', 'excludes FIGURE', 'FIGURE: where to look'."""
    if p.exclude:
        return f"excludes {p.label}"
    if p.anchor:
        return f"{p.label}: where to look"
    return f"{p.label}, {p.score:.2f}"


def set_default_enabled(project, pattern_id: str, enabled: bool):
    """Switch one shipped pattern on or off for this project (by its id)."""
    ids = {p.id for p in default_patterns() if p.id}
    if pattern_id not in ids:
        raise AnnotatorError(f"no shipped pattern has the id {pattern_id!r} (see: annotator patterns PROJECT --list-defaults)")
    off = set(project.setting(SETTING_DISABLED, []) or [])
    off = off - {pattern_id} if enabled else off | {pattern_id}
    return project.set_setting(SETTING_DISABLED, sorted(off))


def load_file(path: str | Path) -> list[Pattern]:
    p = Path(path)
    try:
        content = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(p, "not UTF-8 text") from None
    except OSError as e:
        raise InputError(p, e.strerror or str(e)) from None
    return parse_patterns(content, str(p))


def project_patterns(project, *, defaults: bool | None = None) -> list[Pattern]:
    """The rules a project uses: shipped defaults (unless the project setting turns them off)
    plus its enabled pattern files."""
    if defaults is None:
        defaults = bool(project.setting(SETTING_USE_DEFAULTS, True))
    out: list[Pattern] = []
    if defaults:
        off = set(project.setting(SETTING_DISABLED, []) or [])
        out.extend(p for p in default_patterns() if not (p.id and p.id in off))
    for row in project.pattern_files():
        if row["enabled"]:
            out.extend(parse_patterns(row["content"], row["name"]))
    return out


def import_pattern_file(project, path: str | Path, name: str | None = None, enabled: bool = True) -> int:
    """Validate a .jsonl file and store it in the project (errors name the file and line)."""
    p = Path(path)
    patterns = load_file(p)
    if not patterns:
        raise InputError(p, "holds no patterns")
    return project.add_pattern_file(name or p.name, p.read_text(encoding="utf-8"), enabled)


def update_pattern_content(project, file_id: int, content: str):
    """Replace a project pattern file's text after validating it."""
    name = next((r["name"] for r in project.pattern_files() if r["id"] == file_id), f"pattern file {file_id}")
    parse_patterns(content, name)
    return project.update_pattern_file(file_id, content=content)
