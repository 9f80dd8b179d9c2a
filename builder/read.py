"""Read a plan text: path → :class:`Source`, the decoded text that every offset points into.

The text is never modified after decoding (a leading BOM is the only thing removed, and it is
reported in ``bom``). Rejects empty, binary, non-UTF-8 and oversized files with :class:`InputError`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

MAX_BYTES = 50 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Source:
    """A decoded document. ``text`` is what offsets index (0-based, end exclusive)."""

    name: str  # file name, e.g. ``003_fa57fa61f79953c7.txt``; the document's identity
    path: Path
    text: str
    sha256: str  # of the raw bytes
    bom: bool = False

    def __len__(self) -> int:
        return len(self.text)


def _line_col(data: bytes, index: int) -> tuple[int, int]:
    before = data[:index]
    line = before.count(b"\n") + 1
    col = index - (before.rfind(b"\n") + 1) + 1
    return line, col


def decode(data: bytes, where: str) -> tuple[str, bool]:
    """Decode UTF-8 bytes (with or without BOM) or raise a one-line :class:`InputError`."""
    if not data.strip():
        raise InputError("file is empty", where)
    if b"\x00" in data[:65536]:
        raise InputError("file is binary (NUL bytes), expected UTF-8 text", where)
    bom = data.startswith(_BOM)
    try:
        text = data[len(_BOM) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); re-save the file as UTF-8, "
            "e.g. iconv -f cp1258 -t utf-8",
            f"{where}:{line}:{col}",
        ) from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(text[:65536]) // 100):
        raise InputError("file looks binary (many control characters), expected UTF-8 text", where)
    return text, bom


def read_source(path: str | Path, max_bytes: int | None = None) -> Source:
    """Read and decode one text file (at most ``max_bytes``, default :data:`MAX_BYTES`)."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    p = Path(path)
    where = str(p)
    if not p.exists():
        raise InputError("no such file", where)
    if not p.is_file():
        raise InputError("not a regular file", where)
    size = p.stat().st_size
    if size > max_bytes:
        raise InputError(f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit", where)
    data = p.read_bytes()
    text, bom = decode(data, where)
    return Source(name=p.name, path=p, text=text, sha256=hashlib.sha256(data).hexdigest(), bom=bom)


def find_inputs(paths: list[str | Path]) -> list[Path]:
    """Expand files and folders into a sorted, de-duplicated list of ``.txt`` files."""
    found: dict[str, Path] = {}
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise InputError("no such file or directory", str(p))
        if p.is_dir():
            files = sorted(q for q in p.rglob("*.txt") if q.is_file())
            if not files:
                raise InputError("directory has no .txt files", str(p))
            for q in files:
                found.setdefault(str(q.resolve()), q)
        else:
            found.setdefault(str(p.resolve()), p)
    return sorted(found.values(), key=lambda q: (q.name, str(q)))
