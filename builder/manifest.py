"""Document metadata from ``manifest.toml`` and sidecar files, strictly validated.

A manifest holds one ``[[document]]`` table per text file::

    [[document]]
    file = "plan.txt"
    title = "Nghị quyết về ..."
    kind = "resolution"              # political_report | resolution | review_report | plan | other
    issuing_body = "Hội đồng nhân dân tỉnh ..."
    level = "province"               # province | district | commune
    unit = "tỉnh ..."
    term = "2025-2030"
    date = 2025-12-11                # a TOML date, or a string "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    version = "final"                # draft | final
    revision_of = "draft.txt"        # the earlier version of this document
    quality = "clean"                # clean | ocr

A sidecar ``<name>.toml`` (or ``<name>.txt.toml``) next to a text holds the same keys at top level,
without ``file``. Every problem raises :class:`~builder.errors.MetadataError` as ``file:line: message``.
"""

from __future__ import annotations

import datetime as dt
import re
import stat
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import MetadataError
from .facts import DocumentMeta

KINDS = ("political_report", "resolution", "review_report", "plan", "other")
LEVELS = ("province", "district", "commune")
VERSIONS = ("draft", "final")
QUALITIES = ("clean", "ocr")
ENUMS: dict[str, tuple[str, ...]] = {
    "kind": KINDS, "level": LEVELS, "version": VERSIONS, "quality": QUALITIES,
}
STRINGS = ("file", "title", "issuing_body", "unit", "revision_of")
KEYS = STRINGS + tuple(ENUMS) + ("term", "date")

_TERM = re.compile(r"^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


class _Locator:
    """Finds the line of a key in the raw TOML text (tomllib reports none)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.tables = [i for i, ln in enumerate(self.lines) if re.match(r"^\s*\[\[\s*document\s*\]\]", ln)]

    def where(self, table: int | None, key: str | None = None) -> str:
        lo, hi = 0, len(self.lines)
        if table is None and self.tables:
            hi = self.tables[0]
        if table is not None and table < len(self.tables):
            lo = self.tables[table]
            hi = self.tables[table + 1] if table + 1 < len(self.tables) else len(self.lines)
        if key is not None:
            pat = re.compile(rf"^\s*{re.escape(key)}\s*=")
            for i in range(lo, hi):
                if pat.match(self.lines[i]):
                    return f"{self.path}:{i + 1}"
        return f"{self.path}:{lo + 1}"


def _parse(path: Path) -> tuple[dict[str, Any], str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MetadataError(f"cannot read metadata file ({exc.strerror})", str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MetadataError("not valid UTF-8; save the file as UTF-8", str(path)) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_POS.search(msg)
        where = f"{path}:{m.group(1)}:{m.group(2)}" if m else str(path)
        msg = _TOML_POS.sub("", msg).strip()
        raise MetadataError(f"TOML syntax error: {msg}", where) from None


def _check_entry(entry: dict[str, Any], loc: _Locator, table: int | None, *, sidecar: bool) -> DocumentMeta:
    allowed = tuple(k for k in KEYS if not (sidecar and k == "file"))
    for key in entry:
        if key not in allowed:
            hint = "; a sidecar names no file" if sidecar and key == "file" else ""
            raise MetadataError(
                f"unknown key {key!r} (allowed: {', '.join(allowed)}){hint}", loc.where(table, key)
            )
    for key in STRINGS:
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            raise MetadataError(f"{key} must be a non-empty string", loc.where(table, key))
    for key, values in ENUMS.items():
        if key in entry and entry[key] not in values:
            raise MetadataError(
                f"{key} is {entry[key]!r}, expected one of {', '.join(values)}", loc.where(table, key)
            )
    term_start = term_end = None
    if "term" in entry:
        m = _TERM.match(entry["term"]) if isinstance(entry["term"], str) else None
        if m is None:
            raise MetadataError(
                f"term is {entry['term']!r}, expected \"YYYY-YYYY\"", loc.where(table, "term")
            )
        term_start, term_end = int(m.group(1)), int(m.group(2))
        if not 0 < term_end - term_start <= 10:
            raise MetadataError(f"term {entry['term']!r} must end 1 to 10 years after it starts",
                                loc.where(table, "term"))
    date = None
    if "date" in entry:
        date = _check_date(entry["date"], loc.where(table, "date"))
    if not sidecar and "file" not in entry:
        raise MetadataError("document has no 'file' key", loc.where(table))
    if "revision_of" in entry and entry["revision_of"] == entry.get("file"):
        raise MetadataError("revision_of names the document itself", loc.where(table, "revision_of"))
    return DocumentMeta(
        title=entry.get("title"),
        kind=entry.get("kind"),
        issuing_body=entry.get("issuing_body"),
        level=entry.get("level"),
        unit_name=entry.get("unit"),
        term_start=term_start,
        term_end=term_end,
        date=date,
        version=entry.get("version"),
        revision_of=entry.get("revision_of"),
        quality=entry.get("quality"),
    )


def _check_date(value: Any, where: str) -> str:
    if isinstance(value, dt.datetime):
        raise MetadataError("date must be a day, not a date-time", where)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _DATE.match(value):
        try:
            if len(value) == 10:
                dt.date.fromisoformat(value)
            elif len(value) == 7:
                dt.date.fromisoformat(value + "-01")
        except ValueError:
            raise MetadataError(f"date {value!r} is not a real date", where) from None
        return value
    raise MetadataError(f"date is {value!r}, expected YYYY, YYYY-MM or YYYY-MM-DD", where)


def load_manifest(path: str | Path) -> dict[str, DocumentMeta]:
    """Read a ``manifest.toml``: file name → metadata. Raises :class:`MetadataError` on any problem."""
    p = Path(path)
    data, text = _parse(p)
    loc = _Locator(p, text)
    for key in data:
        if key != "document":
            raise MetadataError(
                f"unknown top-level key {key!r}; expected [[document]] tables", loc.where(None, key)
            )
    docs = data.get("document", [])
    if not isinstance(docs, list) or not all(isinstance(d, dict) for d in docs):
        raise MetadataError("'document' must be an array of tables ([[document]])", loc.where(None))
    out: dict[str, DocumentMeta] = {}
    for i, entry in enumerate(docs):
        meta = _check_entry(entry, loc, i, sidecar=False)
        name = entry["file"]
        if name in out:
            raise MetadataError(f"file {name!r} is listed twice", loc.where(i, "file"))
        out[name] = meta
    for i, entry in enumerate(docs):
        rev = entry.get("revision_of")
        if rev is not None and rev not in out:
            raise MetadataError(f"revision_of names {rev!r}, which has no [[document]] entry",
                                loc.where(i, "revision_of"))
    return out


def load_sidecar(path: str | Path) -> DocumentMeta:
    """Read a sidecar ``<name>.toml``: the keys of one manifest entry at top level, without ``file``."""
    p = Path(path)
    data, text = _parse(p)
    return _check_entry(data, _Locator(p, text), None, sidecar=True)


def sidecar_paths(text_path: Path) -> list[Path]:
    """Where a sidecar for ``text_path`` may be: ``<stem>.toml`` and ``<name>.toml``."""
    paths = [text_path.with_name(text_path.name + ".toml")]
    if text_path.stem != "manifest":
        paths.insert(0, text_path.with_suffix(".toml"))
    return paths


def find_metadata(text_path: str | Path) -> DocumentMeta | None:
    """Metadata for a text file: its sidecar if any, else its entry in the ``manifest.toml`` beside it."""
    p = Path(text_path)
    for side in sidecar_paths(p):
        if side.is_file():
            return load_sidecar(side)
    manifest = p.parent / "manifest.toml"
    try:
        st = manifest.stat()
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return _manifest_of_folder(str(manifest), st.st_mtime_ns, st.st_size).get(p.name)


@lru_cache(maxsize=8)
def _manifest_of_folder(path: str, _mtime_ns: int, _size: int) -> dict[str, DocumentMeta]:
    """:func:`load_manifest`, read once per file version: every document of a folder looks up the same
    manifest (parsing a 1,000-entry manifest for each of 1,000 documents made the build quadratic)."""
    return load_manifest(path)
