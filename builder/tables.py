"""Tables in plan texts, clean (tab-separated) or garbled OCR, as rows of cells with source offsets.

Two layouts are read:

``tab``
    one row per line, cells separated by tabs, one or two header lines (a top line whose cells span the
    sub-header cells below them). Tables broken by footnotes and re-headed are joined again; a first
    row after a repeated header that only carries label or unit text continues the row before it.
``ocr``
    the text of a scanned table: cells run together, pipes ``|`` sometimes mark columns, labels wrap over
    several lines (before or after the line with the row number), and the header is often garbage. The
    header line is found by its words (``STT``/``TT`` with ``chỉ tiêu``, ``mục tiêu``, ``so sánh`` …);
    each line is split from the right: verdict word, numbers, unit, then the label.

Every :class:`Cell` is a source slice (``doc.text[cell.start:cell.end] == cell.text``). Column roles
(``index``, ``label``, ``unit``, ``target``, ``result``, ``verdict``, ``other``) come from the header
words, or, for OCR tables, from the position of the parts in each line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .layout import opens_part_or_article
from .normalise import View, fold, fold_repaired
from .respell import lexicon

if TYPE_CHECKING:
    from .document import Document

__all__ = ["Cell", "Column", "Row", "Table", "find_tables", "index_like", "verdict_of"]


@dataclass(frozen=True)
class Cell:
    text: str
    start: int
    end: int

    @property
    def empty(self) -> bool:
        return not self.text


@dataclass(frozen=True)
class Column:
    index: int
    header: str  # header words (top and sub-header joined), as written
    role: str  # index | label | unit | target | result | verdict | other
    year: int | None = None  # "Đến 2025", "Ước 2025", "Mục tiêu đến 2030"
    per_year: bool = False  # "Bình quân 5 năm", "/năm"
    period: tuple[int, int] | None = None  # "giai đoạn 2021-2025"


@dataclass(frozen=True)
class Row:
    """A logical row: one line, or several for wrapped labels. ``cells`` has one cell per column."""

    cells: tuple[Cell, ...]
    start: int
    end: int
    kind: str = "data"  # data | group | header
    number: str | None = None  # the row number as written ("1", "A", "-")
    extra: tuple[tuple[int, Cell], ...] = ()  # further parts of a column (wrapped or continued text)
    parent: int | None = None  # position in Table.rows of the row this one is a component of
    group: int | None = None  # position in Table.rows of the group row it is listed under
    lines: tuple[tuple[int, int], ...] = ()

    def parts(self, col: int) -> list[Cell]:
        out = [self.cells[col]] if col < len(self.cells) and not self.cells[col].empty else []
        out += [c for i, c in self.extra if i == col and not c.empty]
        return sorted(out, key=lambda c: c.start)

    def text(self, col: int | None) -> str:
        if col is None:
            return ""
        return " ".join(c.text for c in self.parts(col)).strip()


@dataclass(frozen=True)
class Table:
    layout: str  # tab | ocr
    kind: str  # results | targets | other
    start: int
    end: int
    columns: tuple[Column, ...]
    header: tuple[Row, ...]
    rows: tuple[Row, ...]
    title: str = ""  # heading lines just above the table (source text)
    title_start: int = 0
    period: tuple[int, int] | None = None
    notes: tuple[str, ...] = field(default=())  # lines skipped as unreadable
    year: int | None = None  # a single year its title names: "Kết quả thực hiện … năm 2025"

    def col(self, role: str) -> int | None:
        for c in self.columns:
            if c.role == role:
                return c.index
        return None

    def cols(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]


# --- shared vocabulary (folded, OCR-repaired text) --------------------------------------------------

_INDEX_RE = re.compile(r"^(?:\d{1,3}[.)]?|[IVXLC]{1,5}\.?|[A-Z]\.?|[-+*•–])$")
_PERIOD_RE = re.compile(r"((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)")
# The year of a column: "Đến 2025", "Ước 2025", "TH 2025", and "Kế hoạch 2025" / "Thực hiện 2025" / "Mục tiêu 2030"
# (but not the first year of a period: "Kế hoạch 2021-2025").
_YEAR_RE = re.compile(
    r"(?:den|uoc|nam|th|thuc\s*hien|ke\s*hoach|kh|muc\s*tieu)\s*(?:nam\s*)?((?:19|20)\d\d)\b"
    r"(?!\s*[-–]\s*(?:19|20)\d\d)"
)
_ROLE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("index", re.compile(r"^\s*(?:s?tt|so tt)\s*$")),
    ("unit", re.compile(r"\b(?:don ?vi|dvt)\b")),
    ("verdict", re.compile(r"\b(?:so voi|so ?sanh|danh gia|muc do hoan thanh)\b")),
    ("result", re.compile(r"\b(?:thuc hien|uoc|ket qua|dat duoc|th ?\d{4})\b")),
    ("target", re.compile(r"\b(?:muc tieu|ke ?hoach|nghi quyet)\b")),
    ("label", re.compile(r"\b(?:noi dung|chi tieu|ten chi tieu|linh vuc)\b")),
)
_HEADER_INDEX_RE = re.compile(r"(?:^|\s)s?tt\b")
_HEADER_WORDS_RE = re.compile(r"chi tieu|noi dung|muc tieu|ke ?hoach|so ?sanh|don ?vi|thuc hien")
_SUBHEADER_RE = re.compile(r"\b(?:den|uoc|binh quan|nam|ke ?hoach|thuc hien|muc tieu|th|giai doan|tinh)\b")
# Verdicts at the end of a results row (OCR spellings included: "Pat", "Vugt", "Khéng dat").
_VERDICT_RE = re.compile(
    r"(?:(?P<not>(?:kh\S{0,3}ng|ch\S{1,2}a)\s+[dbp]\S?at)"
    r"|(?P<exc>v(?:[uqlw]|ir)\S{0,5}t)"  # vượt; OCR "Vugt", "Virot" (ư read as "ir", as in "tir", "chirc")
    r"|(?P<met>[dbp]at|hoan thanh))\W*$"
)


def verdict_of(text: str) -> str | None:
    """``exceeded``, ``met`` or ``not_met`` for a verdict cell (clean or OCR), else ``None``."""
    key = fold(text).strip()
    m = _VERDICT_RE.search(key)
    if m is None or (m.start() > 0 and key[m.start() - 1].isalnum()):
        return None
    if m.group("not"):
        return "not_met"
    if m.group("exc"):
        return "exceeded"
    return "met"


def index_like(text: str) -> bool:
    return bool(_INDEX_RE.match(text.strip()))


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        out.append((pos, end - 1 if line.endswith("\r") else end))
        pos = end + 1
    return out


def _heading_like(line: str) -> bool:
    s = line.strip()
    return bool(re.match(r"^(?:\d+(?:\.\d+)*\.|[IVX]+\.|PH[ỤU] L[ỤU]C\b|Phụ lục\b)", s))


def _role_of(header: str) -> str:
    h = fold(header).strip()
    if not h:
        return "other"
    for role, rx in _ROLE_RULES:
        if rx.search(h):
            return role
    return "other"


def _column(index: int, top: str, sub: str) -> Column:
    header = " ".join(p for p in (top.strip(), sub.strip()) if p)
    role = _role_of(header)
    ft, fs = fold(top), fold(sub)
    year = None
    for part in (fs, ft):
        m = _YEAR_RE.search(part)
        if m and not _PERIOD_RE.search(part[max(0, m.start() - 6) : m.end() + 1]):
            year = int(m.group(1))
            break
    per_year = "binh quan" in fs or "/nam" in fs or "hang nam" in fs or ("binh quan" in ft and not fs)
    pm = _PERIOD_RE.search(ft) or _PERIOD_RE.search(fs)
    period = (int(pm.group(1)), int(pm.group(2))) if pm else None
    if year and period and not fs and "den" not in ft:
        year = None
    return Column(index, header, role, year, per_year, period)


# --- tab-separated tables --------------------------------------------------------------------------


def _pipe_row(line: str) -> bool:
    """A row written with pipes, ``| Chỉ tiêu | % | 92 | 90,4 |``: cells as clear as tabs."""
    return line.lstrip().startswith("|") and line.count("|") >= 3


def _split_tabs(text: str, start: int, end: int) -> list[Cell]:
    line = text[start:end]
    if "\t" not in line and _pipe_row(line):
        start += line.index("|") + 1  # the cells between the pipes
        end = start + len(text[start:end].rstrip().removesuffix("|"))
        sep = "|"
    else:
        sep = "\t"
    cells = []
    pos = start
    for piece in text[start:end].split(sep):
        s, e = pos, pos + len(piece)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        cells.append(Cell(text[s:e], s, e) if s < e else Cell("", pos, pos))
        pos += len(piece) + 1
    return cells


def _is_tab_header(cells: list[Cell]) -> bool:
    folded = [fold(c.text).strip() for c in cells]
    joined = " | ".join(folded)
    has_index = any(re.fullmatch(r"s?tt", f) for f in folded[:2])
    return (has_index and bool(_HEADER_WORDS_RE.search(joined))) or len(_HEADER_WORDS_RE.findall(joined)) >= 3


def _is_subheader(cells: list[Cell]) -> bool:
    filled = [fold(c.text) for c in cells if c.text]
    if not filled or (cells and cells[0].text):
        return False
    return all(_SUBHEADER_RE.search(f) and "%" not in f for f in filled)


def _columns(top: list[Cell], sub: list[Cell] | None) -> tuple[Column, ...]:
    n = max(len(top), len(sub or []))
    cols = []
    for j in range(n):
        t = top[j].text if j < len(top) else ""
        s = sub[j].text if sub and j < len(sub) else ""
        if not t and s:
            for k in range(j - 1, -1, -1):  # a top cell spans the sub-header cells to its right
                if k < len(top) and top[k].text:
                    t = top[k].text
                    break
        cols.append(_column(j, t, s))
    return tuple(cols)


def _has_figure(text: str) -> bool:
    return bool(re.search(r"\d", text)) and not _PERIOD_RE.fullmatch(text.strip())


def _tab_tables(doc: Document) -> list[Table]:
    text = doc.text
    lines = _lines(text)
    tables: list[dict] = []
    current: dict | None = None
    i = 0
    while i < len(lines):
        s, e = lines[i]
        line = text[s:e]
        if current is not None and line.strip() and _heading_like(line) and line.count("\t") < 2:
            current = None  # a section heading closes the table (a group row "I. Về kinh tế<TAB><TAB>" does not)
        if line.count("\t") < 2 and not _pipe_row(line):
            i += 1
            continue
        cells = _split_tabs(text, s, e)
        if _is_tab_header(cells):
            sub = None
            j = i + 1
            if j < len(lines):
                c2 = _split_tabs(text, *lines[j])
                if lines[j][1] > lines[j][0] and _is_subheader(c2):
                    sub, j = c2, j + 1
            header_key = fold(line + "\n" + (text[slice(*lines[i + 1])] if sub else ""))
            hdr_rows = [Row(tuple(cells), s, e, kind="header", lines=((s, e),))]
            if sub:
                hdr_rows.append(Row(tuple(sub), lines[i + 1][0], lines[i + 1][1], kind="header"))
            if current is not None and current["key"] == header_key:
                current["resumed"] = True  # re-headed after a page break or footnote
            else:
                current = {
                    "key": header_key,
                    "columns": _columns(cells, sub),
                    "header": hdr_rows,
                    "rows": [],
                    "start": s,
                    "end": e,
                    "resumed": False,
                }
                tables.append(current)
            i = j
            continue
        if current is None:
            i += 1
            continue
        _add_tab_row(current, cells, s, e)
        current["end"] = e
        i += 1
    out = []
    for t in tables:
        rows = _link_tab_rows(t["rows"])
        if rows:
            out.append(_finish(doc, "tab", t["columns"], tuple(t["header"]), rows, t["start"], t["end"]))
    return out


def _add_tab_row(t: dict, cells: list[Cell], s: int, e: int) -> None:
    cols: tuple[Column, ...] = t["columns"]
    n = len(cols)
    cells = _split_group_label(cells, next((c.index for c in cols if c.role == "label"), 1))
    # A row that lost its empty first cell ("- Dịch vụ<TAB>%<TAB>…" where "<TAB>- Dịch vụ" is meant).
    if cells and cells[0].text and not index_like(cells[0].text) and cols and cols[0].role == "index":
        cells = [Cell("", s, s), *cells]
        while len(cells) > n and cells[-1].empty:
            cells.pop()
    cells = cells + [Cell("", e, e)] * (n - len(cells))
    label_col = next((c.index for c in cols if c.role == "label"), 1)
    unit_col = next((c.index for c in cols if c.role == "unit"), None)
    value_cols = [c.index for c in cols if c.role in ("target", "result", "verdict")]
    rows: list[Row] = t["rows"]
    values_empty = all(cells[k].empty for k in value_cols if k < len(cells))
    if t.get("resumed") and rows and not cells[0].text and values_empty:
        # The first row after a repeated header continues the row cut by the page break.
        prev = rows[-1]
        extra = list(prev.extra)
        for k in (label_col, unit_col):
            if k is not None and cells[k].text:
                extra.append((k, cells[k]))
        rows[-1] = Row(
            prev.cells,
            prev.start,
            prev.end,
            prev.kind,
            prev.number,
            tuple(extra),
            lines=prev.lines + ((s, e),),
        )
        t["resumed"] = False
        return
    t["resumed"] = False
    number = cells[0].text or None
    kind = "data"
    if number and re.fullmatch(r"[A-Z]|[IVX]+", number.rstrip(".")) and values_empty:
        kind = "group"
    row = Row(tuple(cells[:n]), s, e, kind, number, lines=((s, e),))
    if not cells[label_col].text and not cells[0].text and not values_empty and rows:
        # A row of the same indicator in another unit ("<TAB><TAB>USD<TAB>4.800 …").
        prev = rows[-1]
        row = Row(
            row.cells,
            prev.start,
            e,
            kind,
            None,
            tuple((label_col, c) for c in prev.parts(label_col)),
            lines=prev.lines + ((s, e),),
        )
    rows.append(row)


_GROUP_IN_INDEX = re.compile(r"(?P<num>[IVX]+|[A-Z])[.)]\s+(?=\S)")


def _split_group_label(cells: list[Cell], label_col: int) -> list[Cell]:
    """A group row written whole in the index column ("I. Về kinh tế<TAB><TAB><TAB>"): its number stays in the
    index column and its title moves to the label column, as in a row "I<TAB>Về kinh tế"."""
    m = _GROUP_IN_INDEX.match(cells[0].text) if cells else None
    if m is None or label_col >= len(cells) or any(c.text for c in cells[1:]):
        return cells
    first = cells[0]
    number = Cell(m.group("num"), first.start, first.start + len(m.group("num")))
    title = Cell(first.text[m.end() :], first.start + m.end(), first.end)
    return [number, *cells[1:label_col], title, *cells[label_col + 1 :]]


def _component_marker(label: str) -> str | None:
    """``dash`` for "- X", ``within`` for "Trong đó: X" / "Tr. đó: - X", else None."""
    f = fold(re.sub(r"<[^>]+>", "", label)).strip()
    if re.match(r"^(?:trong do|tr\.? ?do)\b", f):
        return "within"
    if re.match(r"^[-+•–]\s*", f):
        return "dash"
    return None


def _link_tab_rows(rows: list[Row]) -> tuple[Row, ...]:
    out: list[Row] = []
    main = None  # last numbered row
    head = None  # last row that is not a dash row
    group = None
    for r in rows:
        if r.kind == "group":
            out.append(r)
            group, main, head = len(out) - 1, None, None
            continue
        label = r.text(1)
        marker = "dash" if (r.number or "") in "-+•–" and r.number else _component_marker(label)
        numbered = bool(r.number and re.fullmatch(r"\d+[.)]?", r.number))
        parent = None
        if numbered:
            main = head = len(out)
        elif marker == "dash":
            parent = head
        elif marker == "within":
            parent = head if (r.text(1).lower().startswith("tr.") or "-" in label[:12]) else main
        else:
            parent = main
            head = len(out)
        out.append(Row(r.cells, r.start, r.end, r.kind, r.number, r.extra, parent, group, r.lines))
    return tuple(out)


# --- OCR tables --------------------------------------------------------------------------------------


@dataclass
class _Line:
    start: int  # source
    end: int
    view_start: int  # repaired view offset of the line start
    r: str  # repaired text of the line
    lower: bool  # the first letter of the source line is lower case (a wrapped label goes on)


def _view_line(view: View, text: str, s: int, e: int) -> _Line:
    vs, ve = view.to_view(s), view.to_view(e)
    first = next((c for c in text[s:e] if c.isalpha()), "")
    return _Line(s, e, vs, view.text[vs:ve], first.islower())


def _ocr_header(r: str) -> bool:
    return len(r) < 200 and bool(_HEADER_INDEX_RE.search(r)) and bool(_HEADER_WORDS_RE.search(r))


def _ocr_tables(doc: Document) -> list[Table]:
    view = doc.views.repaired
    lines = [_view_line(view, doc.text, s, e) for s, e in _lines(doc.text)]
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        if "\t" in doc.text[lines[i].start : lines[i].end] or not _ocr_header(lines[i].r):
            i += 1
            continue
        t, i = _parse_ocr_table(doc, lines, i)
        if t is not None:
            tables.append(t)
    return tables


def _finish(
    doc: Document,
    layout: str,
    columns: tuple[Column, ...],
    header: tuple[Row, ...],
    rows: tuple[Row, ...],
    start: int,
    end: int,
    title: str | None = None,
    title_start: int | None = None,
    notes: tuple[str, ...] = (),
) -> Table:
    if title is None:
        title, title_start = _title_above(doc, start)
    roles = {c.role for c in columns}
    words = fold(title + " " + " ".join(c.header for c in columns))
    if "result" in roles or "verdict" in roles or re.search(r"ket qua|thuc hien", words):
        kind = "results"
    elif "target" in roles or re.search(r"chi tieu|muc tieu", words):
        kind = "targets"
    else:
        kind = "other"
    period = None
    for source in [c.header for c in columns] + [title]:
        m = _PERIOD_RE.search(fold(source))
        if m:
            period = (int(m.group(1)), int(m.group(2)))
            break
    year = None
    if period is None:
        last_line = fold(title).strip().split("\n")[-1]  # the caption right above the table
        ym = _TITLE_YEAR_RE.search(last_line)
        year = int(ym.group(1)) if ym else None
    return Table(
        layout,
        kind,
        start,
        end,
        columns,
        header,
        rows,
        title,
        start if title_start is None else title_start,
        period,
        notes,
        year,
    )


def _title_above(doc: Document, start: int, max_lines: int = 8) -> tuple[str, int]:
    """The heading lines just above a table: non-empty short lines, up to an appendix title."""
    text = doc.text
    pos = start
    picked: list[tuple[int, int]] = []
    seen = 0
    while pos > 0 and seen < max_lines:
        ls = text.rfind("\n", 0, pos - 1) + 1
        line = text[ls : pos - 1] if pos - 1 >= ls else ""
        pos = ls
        if not line.strip():
            continue
        seen += 1
        if len(line) > 220 or "\t" in line or re.match(r"^\s*[\u00b9\u00b2\u00b3\u2070-\u2079]", line):
            continue  # prose, another table, a footnote
        picked.append((ls, ls + len(line)))
        if re.search(r"ph\w? ?l\w?c", fold(line)) or (_heading_like(line) and re.match(r"^\s*\d+\.\s", line)):
            break
    if not picked:
        return "", start
    picked.reverse()
    return "\n".join(text[a:b] for a, b in picked), picked[0][0]


def find_tables(doc: Document) -> list[Table]:
    """All tables of a document, in document order: tab-separated ones and OCR ones."""
    ocr = _ocr_tables(doc)
    # A garbled pipe table the OCR reader recognises (it has an index column) is read by it alone.
    cells = [t for t in _tab_tables(doc) if not any(o.start < t.end and t.start < o.end for o in ocr)]
    return sorted(cells + ocr, key=lambda t: t.start)


# --- OCR rows ------------------------------------------------------------------------------------------

_OCR_INDEX_RE = re.compile(
    r"^(?P<ws>\s*)(?:(?P<num>\d{1,2}|o\d)(?=[\s|\[;]|$)|(?P<lost>[^\s|]{1,2})(?=\s*\|))[\s|\[;:]*"
)
_OCR_BULLET_RE = re.compile(r"^\s*[-+•–~]\s*[|\[]?\s*")
_OCR_GROUP_FIELD_RE = re.compile(r"^[\W\dilv1]{0,8}(?:[a-e]\W{0,3})?(?:c\w{1,2}c\s+)?chi\s*t\w{1,2}u\b")
_OCR_GROUP_UNIT_RE = re.compile(
    r"^\W*[bdp]\w{0,2}ng\s+b\S{0,2}\s+(?P<type>phu\w{0,3}ng|x[a4id&]|thi\s+tr[a4]n|thi\s+x[a4id&]|huyen|"
    r"quan|thanh\s+ph[oed])\s+(?P<name>\S.*)$"
)
_OCR_MARKER_RE = re.compile(r"^\W*(?:trong\s+d\w{0,2}|tr\.\s*d\w?)\W*$")
_APPENDIX_RE = re.compile(r"\bph\w{0,2}\s*l\w{0,2}c\b")
# a number or a range ("7,5-8", "11 - 12"; not a period "2021 - 2025") at the end of a line
_TAIL_NUMBER_RE = re.compile(
    r"(?:(?<=[\s|\[(])|^)([<>≤≥]\s?)?(\d+(?:[.,]\d+)*(?:\s?[-–÷]\s?(?!(?:19|20)\d\d\b)\d+(?:[.,]\d+)*)?)[\s|:)]*$"
)
_TITLE_YEAR_RE = re.compile(r"\bn[a-z0-9]{1,2}m\s+((?:19|20)\d\d)\b(?!\s*[-–]\s*\d)")
_TAIL_PERCENT_RE = re.compile(r"(?:(?<=[\s|\[(])|^)\d+(?:[.,]\d+)?\s?%[\s|:)]*$")
_GARBLED_TOKEN_RE = re.compile(r"[^\w\s%/,.()'-]|\w[\\;?}{]")
OCR_RESULT_COLUMNS = ("index", "label", "unit", "target", "result", "verdict")
OCR_TARGET_COLUMNS = ("index", "label", "target")


def readable(text: str) -> bool:
    """Text with Vietnamese-looking words: two syllables of three letters or more, or a short clean label."""
    tokens = re.findall(r"[a-z]+", fold_repaired(text))
    known = lexicon().syllables
    long_ok = sum(1 for w in tokens if len(w) >= 3 and w in known)
    if long_ok >= 2:
        return True
    singles = sum(1 for w in tokens if len(w) == 1)
    return long_ok == 1 and singles <= 1 and all(w in known for w in tokens)


def _header_tail(r: str) -> bool:
    """A line under an OCR header holding only years or periods ("2016-2020 2016-2020")."""
    rest = re.sub(r"(?:19|20)\d\d", "", r)
    return bool(_PERIOD_RE.search(r)) and not re.search(r"\d", rest) and len(re.findall(r"[a-z]", rest)) < 4


@dataclass
class _OcrPart:
    """One line of an OCR row, split from the right; spans are repaired-view offsets."""

    line: _Line
    index: tuple[int, int] | None = None
    number: str | None = None
    content: tuple[int, int] = (0, 0)
    label: tuple[int, int] = (0, 0)
    unit: tuple[int, int] | None = None
    numbers: list[tuple[int, int]] = field(default_factory=list)
    verdict: tuple[int, int] | None = None
    bullet: bool = False
    closing: bool = False  # (targets) the figure ends the line

    def text(self, span: tuple[int, int] | None) -> str:
        if span is None:
            return ""
        return self.line.r[span[0] - self.line.view_start : span[1] - self.line.view_start]


@dataclass
class _OcrRow:
    parts: list[_OcrPart]
    kind: str = "data"
    number: str | None = None
    parent: int | None = None
    group: int | None = None

    @property
    def complete(self) -> bool:
        return any(p.numbers or p.verdict for p in self.parts)


def _split_ocr_line(line: _Line, results: bool) -> _OcrPart:
    r = line.r
    base = line.view_start
    part = _OcrPart(line)
    pos = 0
    m = _OCR_INDEX_RE.match(r)
    if m:
        tok = "num" if m.group("num") else "lost"
        part.index = (base + m.start(tok), base + m.end(tok))
        part.number = m.group("num")
        pos = m.end()
    else:
        b = _OCR_BULLET_RE.match(r)
        if b and r.strip()[:1] in "-+•–~":
            part.bullet = True
            pos = b.end()
    end = len(r.rstrip())
    part.content = (base + pos, base + end)
    if results:
        end = _split_results_tail(part, pos, end)
    else:
        fig = _line_figure(r, pos)
        if fig is not None:
            part.numbers = [(base + fig[0], base + fig[1])]
            if not r[fig[1] :].strip(" .,;:"):
                part.closing = True
                end = fig[0]  # the figure closes the line: the label is what comes before it
    head = r[pos:end]
    lead = len(head) - len(head.lstrip(" |[;:.,"))
    part.label = (base + pos + lead, base + pos + len(head.rstrip(" |[;:")))
    if part.label[1] < part.label[0]:
        part.label = (part.label[0], part.label[0])
    return part


def _two_tail_numbers(r: str, pos: int, end: int) -> bool:
    """Two numbers end ``r[pos:end]`` (the plan and the achieved figure)."""
    first = _TAIL_NUMBER_RE.search(r[:end], pos)
    if first is None:
        return False
    start = first.start(1) if first.group(1) else first.start(2)
    return _TAIL_NUMBER_RE.search(r[:start], pos) is not None


def _split_results_tail(part: _OcrPart, pos: int, end: int) -> int:
    """Take verdict, numbers and unit off the right end of a results line; return where the label ends."""
    from .quantities import UNIT_RE

    r, base = part.line.r, part.line.view_start
    v = _VERDICT_RE.search(r, pos, end)
    if v and (v.start() == pos or not r[v.start() - 1].isalnum()):
        part.verdict = (base + v.start(), base + len(r[: v.end()].rstrip()))
        end = v.start()
    else:
        # "… | 432 | 486,2 | 112,5%": a comparison column as a percent of plan after the plan and the
        # achieved figure; the status then follows from the two figures (and the indicator's polarity)
        ratio = _TAIL_PERCENT_RE.search(r[:end], pos)
        if ratio and _two_tail_numbers(r, pos, ratio.start()):
            end = ratio.start()
    while True:
        t = _TAIL_NUMBER_RE.search(r[:end], pos)
        if not t or t.start() < pos:
            break
        num_start = t.start(1) if t.group(1) else t.start(2)
        part.numbers.insert(0, (base + num_start, base + t.end(2)))
        end = num_start
    head = r[pos:end].rstrip(" |[;:")
    words = head.split()
    unit_len = 0
    for k in (3, 2, 1):
        if len(words) > k and UNIT_RE.fullmatch(" ".join(words[-k:])):
            unit_len = len(" ".join(words[-k:]))
            break
    if (
        not unit_len
        and len(words) > 1
        and ("/" in words[-1] or words[-1].startswith("%"))
        and not _GARBLED_TOKEN_RE.search(words[-1])
    ):
        unit_len = len(words[-1])
    if unit_len:
        part.unit = (base + pos + len(head) - unit_len, base + pos + len(head))
        head = head[: len(head) - unit_len].rstrip(" |")
    elif part.numbers and len(words) > 1 and _GARBLED_TOKEN_RE.search(words[-1]):
        head = head[: len(head) - len(words[-1])].rstrip(" |")  # a unit too garbled to read
    return pos + len(head)


def _ocr_line_kind(r: str, results: bool) -> str:
    s = r.strip()
    if not s:
        return "blank"
    if _ocr_header(r) or _header_tail(r):
        return "header"
    if re.match(r"^\s*\d{1,2}(?=[\s|\[;]|$)", r) is None:
        g = _OCR_GROUP_FIELD_RE.match(s)
        rest = s[g.end() :] if g else s
        if not re.search(r"\d", re.sub(r"(?:19|20)\d\d", "", rest)):
            if _OCR_GROUP_UNIT_RE.match(s) or (g and len(s) < 90):
                if not (results and _VERDICT_RE.search(s)):
                    return "group"
            if _OCR_MARKER_RE.match(s):
                return "marker"
    return "line"


def _is_continuation(part: _OcrPart) -> bool:
    """A line without a row number that goes on with the row above: lower case, or no readable label."""
    if part.index is not None or part.bullet:
        return False
    return part.line.lower or not readable(part.text(part.label))


def _precedes_header(lines: list[_Line], i: int) -> bool:
    """A pipe-separated line without a readable label right above a header line."""
    if "|" not in lines[i].r or readable(lines[i].r) or _VERDICT_RE.search(lines[i].r.strip()):
        return False
    j = i + 1
    while j < len(lines) and not lines[j].r.strip():
        j += 1
    return j < len(lines) and _ocr_header(lines[j].r)


def _parse_ocr_table(doc: Document, lines: list[_Line], h: int) -> tuple[Table | None, int]:
    text = doc.text
    view = doc.views.repaired
    title, title_start = _title_above(doc, lines[h].start)
    head_words = fold(title) + " " + lines[h].r
    results = bool(re.search(r"ket qua|thuc hien|so ?sanh|so voi|uoc|\bth ?\d{4}", head_words))
    rows: list[_OcrRow] = []
    notes: list[str] = []
    header_rows = [lines[h]]
    i = h + 1
    end = lines[h].end
    blanks = 0
    main: int | None = None
    group: int | None = None
    within = False
    while i < len(lines):
        ln = lines[i]
        raw = text[ln.start : ln.end]
        if "\t" in raw or len(raw) > 160 or _APPENDIX_RE.search(ln.r) and len(ln.r.strip()) < 40:
            break
        if opens_part_or_article(ln.r):
            break  # the next article or part ("Điều 2. Mục tiêu …", OCR "Piéu 2.") ends the table
        kind = _ocr_line_kind(ln.r, results)
        if kind == "blank":
            blanks += 1
            if blanks > 12:
                break
            i += 1
            continue
        blanks = 0
        if kind == "header":
            header_rows.append(ln)
            i += 1
            continue
        if _precedes_header(lines, i):
            header_rows.append(ln)  # the first line of a repeated (two-line) header
            i += 1
            continue
        end = ln.end
        if kind == "group":
            rows.append(
                _OcrRow(
                    [
                        _OcrPart(
                            ln,
                            content=(ln.view_start, ln.view_start + len(ln.r)),
                            label=(ln.view_start, ln.view_start + len(ln.r.rstrip())),
                        )
                    ],
                    kind="group",
                )
            )
            group, main, within = len(rows) - 1, None, False
            i += 1
            continue
        if kind == "marker":
            within = True
            i += 1
            continue
        part = _split_ocr_line(ln, results)
        last = rows[-1] if rows and rows[-1].kind == "data" else None
        readable_label = readable(part.text(part.label))
        if last is not None and _is_continuation(part):
            prev_closed = any(p.closing for p in last.parts)
            if last.complete and part.numbers and (results or prev_closed):
                rows.append(_OcrRow([part], group=group, parent=None))  # a row whose number was lost
            elif last.complete and not part.numbers and not readable_label and not part.line.lower:
                notes.append(text[ln.start : ln.end])  # a stray line of garbage
            else:
                last.parts.append(part)
        elif (
            part.index is not None
            and last is not None
            and last.number is None
            and not last.complete
            and not readable_label
            and not last.parts[0].bullet
        ):
            last.parts.append(part)  # the label was printed above the line with the row number
            last.number, last.parent = part.number, None
            main, within = rows.index(last), False
        else:
            row = _OcrRow([part], number=part.number, group=group)
            if part.index is not None:
                main, within = len(rows), False
            elif main is not None:
                parent_row = rows[main]
                if part.bullet or within or not any(p.numbers for p in parent_row.parts):
                    row.parent = main
            rows.append(row)
        i += 1
    if not rows:
        return None, i
    columns = OCR_RESULT_COLUMNS if results else OCR_TARGET_COLUMNS
    cols = tuple(Column(k, name, name) for k, name in enumerate(columns))
    out_rows = []
    for r in rows:
        built = _build_ocr_row(doc, view, r, results, len(columns))
        if built is None:
            notes.append(text[r.parts[0].line.start : r.parts[-1].line.end])
            continue
        out_rows.append((r, built))
    # Re-number parents and groups after dropping unreadable rows.
    position = {id(r): k for k, (r, _) in enumerate(out_rows)}
    final = []
    for r, built in out_rows:
        parent = position.get(id(rows[r.parent])) if r.parent is not None else None
        grp = position.get(id(rows[r.group])) if r.group is not None else None
        final.append(
            Row(
                built.cells,
                built.start,
                built.end,
                built.kind,
                built.number,
                built.extra,
                parent,
                grp,
                built.lines,
            )
        )
    hdr = tuple(
        Row((Cell(text[x.start : x.end], x.start, x.end),), x.start, x.end, "header") for x in header_rows
    )
    table = _finish(
        doc, "ocr", cols, hdr, tuple(final), lines[h].start, end, title, title_start, tuple(notes)
    )
    return table, i


def _cell(doc: Document, view: View, span: tuple[int, int] | None, at: int) -> Cell:
    if span is None or span[0] >= span[1]:
        return Cell("", at, at)
    s, e = view.span(*span)
    ev = doc.evidence(s, e)
    return Cell(ev.quote, ev.start, ev.end) if ev.quote else Cell("", s, s)


def _build_ocr_row(doc: Document, view: View, r: _OcrRow, results: bool, n: int) -> Row | None:
    first = r.parts[0]
    start, end = first.line.start, r.parts[-1].line.end
    ev = doc.evidence(start, end)
    lines = tuple((p.line.start, p.line.end) for p in r.parts)
    label_parts = [_cell(doc, view, p.label, p.line.start) for p in r.parts]
    label_parts = [c for c in label_parts if c.text]
    if r.kind == "group":
        cells = [Cell("", ev.start, ev.start)] * n
        cells[1] = label_parts[0] if label_parts else Cell("", ev.start, ev.start)
        return Row(tuple(cells), ev.start, ev.end, "group", None, lines=lines)
    label_text = " ".join(fold(c.text) for c in label_parts)
    if not readable(label_text):
        return None
    index = next((p.index for p in r.parts if p.index), None)
    cells = [Cell("", ev.start, ev.start)] * n
    cells[0] = _cell(doc, view, index, ev.start)
    main_label = max(label_parts, key=lambda c: len(c.text)) if label_parts else Cell("", ev.start, ev.start)
    cells[1] = main_label
    extra = tuple((1, c) for c in label_parts if c is not main_label)
    if results:
        unit = next((p.unit for p in r.parts if p.unit), None)
        numbers = next((p.numbers for p in r.parts if p.numbers), [])
        verdict = next((p.verdict for p in r.parts if p.verdict), None)
        cells[2] = _cell(doc, view, unit, ev.start)
        if numbers:
            cells[3] = _cell(doc, view, numbers[0], ev.start)
        if len(numbers) > 1:
            cells[4] = _cell(doc, view, numbers[-1], ev.start)
        cells[5] = _cell(doc, view, verdict, ev.start)
    else:
        fig = next((p.numbers[-1] for p in reversed(r.parts) if p.numbers), None)
        cells[2] = _cell(doc, view, fig, ev.start)
    return Row(tuple(cells), ev.start, ev.end, "data", r.number, extra, lines=lines)


_NOT_TARGET_AFTER = re.compile(r"\s*(?:tu\w{0,2}i|sao)\b")
_NOT_TARGET_BEFORE = re.compile(r"(?:m\w{0,2}c\s+d\w|thu|loai|hang|cap)\s*$")


def _line_figure(r: str, lo: int) -> tuple[int, int] | None:
    """The target figure of one OCR targets line (offsets in ``r``): its last value-bearing figure."""
    from .quantities import find_quantities

    found = []
    for q in find_quantities(r, r):
        if q.start < lo or q.kind != "value":
            continue
        if _NOT_TARGET_AFTER.match(r, q.end) or _NOT_TARGET_BEFORE.search(r[: q.num_start]):
            continue
        sym = re.search(r"[<>≤≥]\s?$", r[lo : q.start])
        found.append((lo + sym.start() if sym else q.start, q.end))
    return found[-1] if found else None
