"""Projects, programmes, planning schemes and schemes named as work items.

Two readers, both working line by line on the OCR-repaired view (``doc.views.repaired``) and mapping
every match back to the source, so that ``text[start:end] == quote``:

* **Lists.** A project-list heading (``Một số dự án, công trình trọng điểm``, ``DANH MỤC DỰ ÁN …``,
  ``2. Các dự án, công trình … chủ trì``, ``2.1. Kết quả thực hiện các công trình trọng điểm``) opens a
  list; every item under it is a project: ``(01) …``, ``1. …``, ``1 | …`` table rows, bare ``1 …`` rows
  of garbled OCR tables and tab tables (only in sequence), ``a)`` letters and ``-`` bullets; short group
  titles (``I. GIAO THÔNG``) keep the list open. An item runs over its wrapped lines; in OCR tables a
  cell's first line may stand *before* the line carrying its number; in tab tables the label is the name
  cell. The list ends at a heading that is not a project heading, an all-capitals line or prose.
* **Prose.** A capitalised head (``Dự án``, ``Đề án``, ``Chương trình``, ``Công trình``) followed by a
  name that carries a proper name or a code (``Dự án xây dựng cầu Bến Thủy 3 …``). Plurals and counts
  (``các dự án``, ``15 dự án``), legal acts and programmes cited by number are not projects.

Sector comes from general keyword rules on the folded label (Vietnamese noun phrases are head-first,
so the earliest keyword wins); status from phrases such as ``đã hoàn thành``, ``đưa vào sử dụng``,
``đang thi công``, ``đã khởi công`` with the year nearby, and ``planned`` for items of a plan's list.

``Project.units`` holds the unit phrases the item names, as written (``quận Kiến An``, ``xã Hà Bắc``);
:func:`unit_phrases` gives their evidence so the unit linker can turn them into links.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..document import Document
from ..facts import Evidence, Project, fact_key
from ..normalise import match_key
from .units import TYPE_FORMS

__all__ = ["extract_projects", "sector_of", "status_of", "unit_phrases", "clean_label"]

# --- vocabulary (general Vietnamese plan wording, folded) ---------------------------------------

_LIST_NOUN = r"(?:d[uy] [a4]n|cong trinh|quy hoach|de an|chuong trinh|nha may|khu cong nghiep|tuyen duong)"
# A heading that opens (or continues) a project list.
_HEADING = re.compile(
    r"^(?:(?:phu luc\s*\S*\s*[:.-]?\s*)|(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)|(?:[a-dđ]\)\s+))?"
    r"(?:(?:ket qua(?: thuc hien)?(?: trien khai)?|danh muc|mot so|cac|nhung)\s+)+"
    r"(?:\d{1,3}\s+)?" + _LIST_NOUN + r"(?:[ ,]+(?:va\s+)?" + _LIST_NOUN + r")*"
    r"(?P<rest>[^.]{0,120})$"
)
_HEADING_NEEDS = re.compile(r"trong diem|dong luc|chu tri|phoi hop|uu tien|danh muc|lon\b|chien luoc")
# A numbered or lettered heading that closes a list when it is not a project heading.
_OTHER_HEADING = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})+\.?\s|[ivx]{1,5}\.\s|phu luc\b|phan\s+thu\b|chuong\s+[ivx\d])"
)
_GROUP_NUMBER = re.compile(r"^\d{1,2}\.\s")

_PAREN_ITEM = re.compile(r"^\s*\((\d{1,3})\)\s*")
_SEP_ITEM = re.compile(r"^\s*(\d{1,3})\s*(?:[|.)]|\s-\s)\s*(?!\d)")
_BARE_ITEM = re.compile(r"^\s*(\d{1,3})\s+(?=\S)(?!\d)")
_BULLET_ITEM = re.compile(r"^\s*[-+•*–]\s+")
_LETTER_ITEM = re.compile(r"^\s*([a-hk-nđ])\)\s+")
_TABLE_HEADER = re.compile(r"^(?:s?tt|so tt)(?:\s|$)|^ten (?:du an|cong trinh|de an|chuong trinh)")
# A group heading inside an open list: "I. GIAO THÔNG", "A. Lĩnh vực y tế", "2. Các dự án ... phối hợp".
_GROUP_HEAD = re.compile(r"^(?:[ivx]{1,5}|[a-e]|\d{1,2}(?:\.\d{1,2})*)[.)]\s+(?P<rest>\S.{0,80})$")

_LEGAL = re.compile(
    r"^(?:nghi quyet|quyet dinh|luat|nghi dinh|thong tu|chi thi|ket luan|thong bao|cong van|ke hoach so|"
    r"chuong trinh hanh dong|chuong trinh so)\b"
)
_PLAN_CONTEXT_RESULT = re.compile(r"ket qua|da thuc hien|da trien khai|nhiem ky \d{4}\s*-\s*\d{4}\)?$")

# --- status ------------------------------------------------------------------------------------

_GUARD = re.compile(r"(?:du kien|phan dau|se|chua|ke hoach|muc tieu|de nghi|can)\s*$")
_COMPLETED = re.compile(
    r"(?:(?:da|duoc)\s+(?:hoan thanh|khanh thanh|ban giao|dua vao|di vao (?:hoat dong|su dung|van hanh))"
    r"|hoan thanh,?\s+(?:ban giao,?\s+)?dua vao\s+(?:khai thac|su dung|van hanh)"
    r"|\bdi vao (?:hoat dong|van hanh)|\bdua vao (?:khai thac|su dung|van hanh))"
)
_UNDER = re.compile(
    r"(?:(?:da|dang)\s+(?:khoi cong|thi cong|trien khai(?: thi cong| xay dung)?|xay dung|gap rut)"
    r"|\bkhoi cong (?:xay dung )?(?:tu |vao |trong )?(?:nam|thang|ngay))"
)
_YEAR = re.compile(r"(?:nam|tu|vao|dau nam|cuoi nam|thang \d{1,2}[/.-]|\d{1,2}/\d{1,2}/)\s*((?:19|20)\d\d)\b")

# --- sectors -----------------------------------------------------------------------------------

# (sector, patterns on the folded, OCR-repaired label). Earliest match wins; at a tie the longer one.
_SECTOR_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("planning", (r"quy hoach",)),
    (
        "administration",
        (
            r"tru so",
            r"hanh chinh",
            r"bo may",
            r"can bo",
            r"cong chuc",
            r"tai san cong",
            r"co so nha dat",
            r"sap nhap",
            r"chinh quyen dien tu",
            r"cai cach",
        ),
    ),
    (
        "transport",
        (
            r"du[od]ng(?! kinh\b)",
            r"tuyen (?:du[od]ng|noi|ket noi|cao toc|vanh dai|truc)",
            r"truc (?:do thi|ket noi|giao thong|dong luc|bac nam|dong tay)",
            r"(?<!nhu )(?<!yeu )\bcau\b(?! truc| hinh| thanh)",
            r"cao toc",
            r"cang(?! thang)",
            r"san bay",
            r"hang khong",
            r"duong sat",
            r"giao thong",
            r"quoc lo",
            r"tinh lo",
            r"vanh dai",
            r"nha ga",
            r"\bga\b",
            r"ben (?:xe|cang)",
            r"nut giao",
            r"logistics",
            r"\bdt\.?\s?\d",
            r"\bql\.?\s?\d",
            r"luong hang hai",
            r"nao vet",
        ),
    ),
    (
        "urban",
        (
            r"khu do thi",
            r"do thi",
            r"chinh trang",
            r"nha o",
            r"chung cu",
            r"cong vien",
            r"quang truong",
            r"cap nuoc",
            r"nha may nu.?c",
            r"tai dinh cu",
            r"khu dan cu",
            r"thoat nuoc",
        ),
    ),
    (
        "industry",
        (
            r"khu cong nghiep",
            r"cum cong nghiep",
            r"khu kinh te",
            r"khu thuong mai tu do",
            r"cong nghiep",
            r"lang nghe",
        ),
    ),
    (
        "energy",
        (
            r"nhiet dien",
            r"dien khi",
            r"dien gio",
            r"dien mat troi",
            r"nha may dien",
            r"thuy dien",
            r"luoi dien",
            r"cap dien",
            r"tram bien ap",
            r"nang luong",
            r"\blng\b",
            r"dien (?:tai tao|hat nhan)",
        ),
    ),
    (
        "environment",
        (
            r"xu ly (?:rac|nuoc thai|chat thai)",
            r"rac thai",
            r"dot rac",
            r"nuoc thai",
            r"chat thai",
            r"moi truong",
            r"bien doi khi hau",
            r"chong ngap",
            r"thuy loi",
            r"de dieu",
            r"tuyen de",
            r"\bde (?:bien|song|huu|ta)\b",
            r"\bke (?:bien|song)",
            r"he thong ke",
            r"thien tai",
            r"tram bom",
            r"quan trac",
            r"tieu thoat",
            r"nuoc sach",
            r"\bkenh\b",
        ),
    ),
    (
        "culture",
        (
            r"van hoa",
            r"di tich",
            r"the thao",
            r"tuong dai",
            r"bao tang",
            r"lich su",
            r"di san",
            r"san van dong",
            r"thiet che",
            r"le hoi",
            r"den tho",
            r"nha van hoa",
        ),
    ),
    ("health", (r"benh vien", r"y te", r"suc khoe", r"kiem soat benh tat")),
    (
        "education",
        (
            r"truong (?:hoc|mam non|tieu hoc|trung hoc|thpt|thcs|dai hoc|cao dang|nghe|chinh tri)",
            r"giao duc",
            r"dao tao",
            r"mam non",
            r"tieu hoc",
            r"trung hoc",
        ),
    ),
    (
        "digital",
        (
            r"chuyen doi so",
            r"du lieu",
            r"cong nghe thong tin",
            r"thong minh",
            r"so hoa",
            r"an toan thong tin",
            r"an ninh mang",
            r"vien thong",
            r"cong vien (?:khoa hoc|cong nghe|phan mem)",
            r"doi moi sang tao",
            r"khoi nghiep",
            r"khoa hoc",
            r"cong nghe cao",
            r"tinh toan",
            r"data center",
            r"ha tang so",
        ),
    ),
    ("tourism", (r"du lich", r"nghi duong", r"khach san", r"san golf", r"vui choi giai tri")),
)
_SECTOR_RES = tuple((s, re.compile("|".join(ps))) for s, ps in _SECTOR_RULES)

# --- units named in an item --------------------------------------------------------------------

# The type words as written (an OCR form is a unit mention's business, not a project's).
_UNIT_WORDS = frozenset(w for _, w in TYPE_FORMS)
_UNIT_KEYS = sorted({match_key(w) for w in _UNIT_WORDS}, key=lambda k: (-len(k), k))
_UNIT_RE = re.compile(r"\b(?:" + "|".join(_UNIT_KEYS) + r")\s+(?=\S)")


@dataclass
class _Line:
    vstart: int  # view range of the stripped line
    vend: int
    key: str  # repaired text of the line (stripped)
    raw: str  # source text of the line (stripped)


@dataclass
class _Item:
    number: str | None
    first: int  # view index where the item (with its number) begins
    body: int  # view index where its text begins
    last: int  # view index where it ends
    pending_before: bool = False
    lines: list[_Line] = field(default_factory=list)


# --- helpers -----------------------------------------------------------------------------------


def _lines(doc: Document) -> list[_Line]:
    view = doc.views.repaired
    text = view.text
    out: list[_Line] = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s == e:
            continue
        a, b = view.span(s, e)
        out.append(_Line(s, e, text[s:e], doc.text[a:b]))
    return out


def _first_letter(doc: Document, vpos: int, vend: int) -> str | None:
    """The first letter of the source at or after view index ``vpos`` (before ``vend``)."""
    view = doc.views.repaired
    for i in range(vpos, vend):
        ch = doc.text[view.starts[i]]
        if ch.isalpha():
            return ch
        if ch.isdigit():
            return ch
    return None


def _starts_lower(doc: Document, vpos: int, vend: int) -> bool:
    ch = _first_letter(doc, vpos, vend)
    return ch is not None and ch.isalpha() and ch.islower()


def _is_all_caps(raw: str) -> bool:
    letters = [c for c in raw if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def _is_heading(key: str) -> bool:
    m = _HEADING.match(key)
    if not m:
        return False
    if key.startswith(("danh muc", "phu luc")) or _GROUP_NUMBER.match(key):
        return True
    return bool(_HEADING_NEEDS.search(key))


def clean_label(text: str) -> str:
    """A project's label from its item text: no list number, no editorial notes, no trailing punctuation."""
    s = " ".join(text.split())
    s = re.sub(r"^\(?\d{1,3}\)?\s*(?:[|.)]|\s-\s)?\s*", "", s) if re.match(r"^\(?\d{1,3}\)?[\s|.)]", s) else s
    # Editorial notes in parentheses: legal references, requests, remarks.
    note = re.compile(
        r"\s*\((?=[^()]*(?:quyết định|quyet dinh|nghị quyết|nghi quyet|đề nghị|de nghi|thay thế|thay the"
        r"|ghi chú|ghi chu|/QĐ|/NQ))[^()]*\)?",
        re.IGNORECASE,
    )
    s = note.sub("", s)
    s = re.sub(r"[\s;,.:]+$", "", s)
    if s.count("“") != s.count("”"):
        s = s.replace("“", "").replace("”", "")
    if s.count('"') % 2:
        s = s.replace('"', "")
    if s.count("(") > s.count(")"):
        s = s[: s.rfind("(")].rstrip(" ;,.:")
    if s.count(")") > s.count("("):
        s = s.replace(")", "", s.count(")") - s.count("("))
    return s.strip()


def sector_of(label: str) -> str:
    """The sector of a project label by general keyword rules (earliest keyword in the label wins)."""
    key = match_key(label)
    best: tuple[int, int, str] | None = None
    for sector, rx in _SECTOR_RES:
        for m in rx.finditer(key):
            cand = (m.start(), -(m.end() - m.start()), sector)
            if best is None or cand < best:
                best = cand
            break
    return best[2] if best else "other"


def status_of(key: str) -> tuple[str | None, int | None]:
    """Status (``completed`` / ``under_construction``) and its year stated in folded item text."""
    found: list[tuple[str, int, int]] = []
    for status, rx in (("completed", _COMPLETED), ("under_construction", _UNDER)):
        for m in rx.finditer(key):
            if _GUARD.search(key[max(0, m.start() - 14) : m.start()]):
                continue
            found.append((status, m.start(), m.end()))
    if not found:
        return None, None
    done = [f for f in found if f[0] == "completed"]
    status, s, e = done[0] if done else found[0]
    tail = key[e : e + 40]
    tail = re.split(r"[.;]|,\s*(?:du kien|phan dau)", tail)[0]
    y = _YEAR.search(tail) or _YEAR.search(key[max(0, s - 30) : s])
    return status, int(y.group(1)) if y else None


def unit_phrases(doc: Document, start: int, end: int) -> list[Evidence]:
    """Administrative-unit phrases (type word + capitalised name) inside a source range."""
    view = doc.views.repaired
    vs, ve = view.to_view(start), view.to_view(end)
    key = view.text[vs:ve]
    out: list[Evidence] = []
    for m in _UNIT_RE.finditer(key):
        i = vs + m.end()
        if re.search(r"(?:duong|lo)\s+$", key[max(0, m.start() - 8) : m.start()]):
            continue  # "đường tỉnh 352", "tỉnh lộ" are roads
        a0, b0 = view.span(vs + m.start(), vs + m.end())
        written = unicodedata.normalize("NFC", doc.text[a0:b0]).strip().lower()
        if not written.isascii() and " ".join(written.split()) not in _UNIT_WORDS:
            continue  # "Quán Mau" folds to "quan" but is not "quận"
        # the name: capitalised words as written in the source
        words = 0
        j = i
        pos = i
        while pos < ve:
            wm = re.match(r"[^\s,;.()“”\"]+", view.text[pos:ve])
            if not wm:
                break
            first = doc.text[view.starts[pos]]
            if not (first.isupper() or first.isdigit()) or words >= 4:
                break
            words += 1
            j = pos + wm.end()
            nxt = re.match(r"[ \t]+(?:-\s+)?", view.text[j:ve])
            if not nxt:
                break
            pos = j + nxt.end()
        if words:
            a, b = view.span(vs + m.start(), j)
            out.append(doc.evidence(a, b))
    return out


# --- list reader -------------------------------------------------------------------------------


def _item_start(doc: Document, line: _Line, expected: int | None, table: bool) -> tuple[str, int] | None:
    """(number, view index of the item text) when the line opens a list item."""
    key = line.key
    m = _PAREN_ITEM.match(key)
    if m:
        return f"({m.group(1)})", line.vstart + m.end()
    m = _SEP_ITEM.match(key)
    if m and not re.match(r"\d", key[m.end() :]):
        return m.group(1), line.vstart + m.end()
    m = _BARE_ITEM.match(key)
    if m and table and expected is not None and int(m.group(1)) == expected:
        return m.group(1), line.vstart + m.end()
    m = _LETTER_ITEM.match(key)
    if m:
        return f"{m.group(1)})", line.vstart + m.end()
    m = _BULLET_ITEM.match(key)
    if m:
        return "", line.vstart + m.end()
    return None


def _is_group_heading(line: _Line) -> bool:
    """A short heading that groups the items of an open list (by sector or by kind of work)."""
    m = _GROUP_HEAD.match(line.key)
    if not m or line.key.endswith((".", ";", ",")):
        return False
    rest = m.group("rest")
    if re.match(r"(?:linh vuc|nhom|khoi|nganh)\b|cac " + _LIST_NOUN, rest):
        return True
    # a short title naming a sector: "I. GIAO THÔNG", "II. Y tế" (arabic-numbered lines stay items)
    return len(rest.split()) <= 6 and sector_of(rest) != "other"


def _list_items(doc: Document, lines: list[_Line]) -> Iterator[tuple[_Item, bool]]:
    """Yield (item, planned-by-default) for every item of every project list."""
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if not _is_heading(line.key) or _PAREN_ITEM.match(line.key):
            i += 1
            continue
        planned = not _PLAN_CONTEXT_RESULT.search(line.key)
        i += 1
        items: list[_Item] = []
        pending: _Line | None = None
        expected: int | None = 1
        skipped = 0
        table = False
        while i < n:
            line = lines[i]
            key = line.key
            if _is_heading(key) and not _PAREN_ITEM.match(key):
                if re.search(r"ket qua|da thuc hien", key):
                    planned = False
                expected, pending = 1, None
                i += 1
                continue
            if _is_group_heading(line) and _item_start(doc, line, None, False) is None:
                expected, pending = 1, None
                i += 1
                continue
            if _TABLE_HEADER.match(key):
                table = True
                i += 1
                continue
            start = _item_start(doc, line, expected, table or "|" in line.raw)
            if start is not None and (start[0] != "" or items or pending is None):
                number, body = start
                if "|" in line.raw:
                    table = True
                short = len(line.key[body - line.vstart :].strip()) <= 2
                item = _Item(number or None, line.vstart, body, line.vend, lines=[line])
                if pending is not None and (short or _starts_lower(doc, body, line.vend)):
                    item.first, item.body, item.pending_before = pending.vstart, pending.vstart, True
                    item.lines.insert(0, pending)
                elif pending is not None and items:
                    items[-1].last = pending.vend
                    items[-1].lines.append(pending)
                pending = None
                items.append(item)
                if number and number.strip("()").isdigit():
                    expected = int(number.strip("()")) + 1
                skipped = 0
                i += 1
                continue
            if _OTHER_HEADING.match(key) or (_GROUP_NUMBER.match(key) and items):
                break
            if items and _is_all_caps(line.raw):
                break
            if not items:
                if _is_all_caps(line.raw) or len(key) < 40:
                    skipped += 1
                    i += 1
                    if skipped > 8:
                        break
                    continue
                if table and pending is None:
                    pending = line
                    i += 1
                    continue
                break
            prev = items[-1]
            if _starts_lower(doc, line.vstart, line.vend) and pending is None:
                prev.last = line.vend
                prev.lines.append(line)
                i += 1
                continue
            if table and pending is None:
                pending = line
                i += 1
                continue
            break
        for item in items:
            yield item, planned


def _project_from_item(doc: Document, item: _Item, planned: bool) -> Project | None:
    view = doc.views.repaired
    a, b = view.span(item.first, item.last)
    ev = doc.evidence(a, b)
    # label: the item's text without the number (which may sit on a middle line in OCR tables)
    parts: list[str] = []
    for ln in item.lines:
        seg_start = ln.vstart
        own_line = not (item.pending_before and ln is item.lines[0])
        if item.number and ln.vstart <= item.body <= ln.vend and own_line:
            seg_start = item.body
        elif item.number and ln is not item.lines[0] and re.match(r"\d{1,3}\b", ln.key):
            m = _SEP_ITEM.match(ln.key) or _BARE_ITEM.match(ln.key)
            if m:
                seg_start = ln.vstart + m.end()
        s, e = view.span(seg_start, ln.vend)
        piece = doc.text[s:e].strip()
        if "\t" in piece:
            piece = next((c.strip() for c in piece.split("\t") if c.strip()), "")  # the name cell of a row
        if len(piece) <= 2 and piece.isalpha() and ln is not item.lines[0]:
            continue  # a stray OCR letter beside the number
        parts.append(piece)
    text = " ".join(p for p in parts if p)
    label = _cut_status(clean_label(text))
    if len(match_key(label)) < 6:
        return None
    key_text = view.text[item.body : item.last]
    status, year = status_of(key_text)
    if status is None and planned:
        status = "planned"
    units = tuple(u.quote for u in unit_phrases(doc, ev.start, ev.end))
    section = doc.section_at(ev.start) if doc.sections else None
    return Project(
        key=fact_key("project", ev.start, ev.end),
        label=label,
        evidence=ev,
        list_number=item.number,
        sector=sector_of(label),
        status=status,
        status_year=year,
        units=units,
        section=section.key if section else None,
    )


_STATUS_CUT = re.compile(
    r"(?:[:.]\s+|,?\s+)(?=(?:đã|Đã|đang|Đang|da|Da|dang|Dang|cơ bản|co ban|dự kiến|du kien|hoàn thành đưa)\s)"
)


def _cut_status(label: str) -> str:
    """Drop a status clause that follows the name (``…: Đã khởi công năm 2025``)."""
    words = label.split()
    for m in _STATUS_CUT.finditer(label):
        if len(label[: m.start()].split()) >= 3:
            return label[: m.start()].rstrip(" ,;:.")
    return label if len(words) else label


# --- prose reader ------------------------------------------------------------------------------

_PROSE_HEAD = re.compile(r"\b(?:d[uy] [a4]n|de an|chuong trinh|cong trinh)\s+(?=\S)")
_PROSE_STOP = re.compile(
    r"[.;:!?()“”\"<>%]|\n\s*\n|\s(?:da|dang|duoc|du kien|se|di vao|hoan thanh|khoi cong|voi tong|co tong"
    r"|gop phan|nham|de|tao|bao dam|dam bao|trong nam|trong do|theo|gom|bao gom|nhu|va cac|thuoc|cua"
    r"|tu nam|v[oe]i tong)\s|,\s|\s(?:vao|trong|tu) (?:nam|thang|ngay|quy|cuoi|dau)\b"
)
_GENERIC_AFTER = re.compile(
    r"^(?:trong diem|lon|quan trong|dau tu|do|nay|tren|moi|khac|cap bach|cham|con|co|cua|chuyen|chien luoc"
    r"|ha tang|dong luc|hanh dong|muc tieu quoc gia|so \d|\d)"
)
_DOC_NUMBER = re.compile(r"\b\d+(?:/\d{4})?[-/](?:nq|qd|ctr|kh|tb|ct|kl|tt|nd|ubnd|tu|tw|ttg|bc|hd|qh)\b")
_CODE = re.compile(r"\b(?:ql|dt|dh|tl|km)\.?\s?\d|\b\d{1,3}[a-z]?\b")


def _prose_projects(doc: Document, covered: list[tuple[int, int]]) -> Iterator[Project]:
    view = doc.views.repaired
    text = view.text
    for m in _PROSE_HEAD.finditer(text):
        head_src = doc.text[view.starts[m.start()]]
        if not head_src.isupper():
            continue  # named projects are written with a capital head; "các dự án" is generic
        before = text[max(0, m.start() - 12) : m.start()]
        count = re.search(r"(?:cac|nhung|mot so|(\d+))\s+$", before)
        if count and not (count.group(1) and not doc.text[view.starts[count.start(1)]].isascii()):
            continue  # "các dự án", "15 dự án" (a superscript footnote mark is not a count)
        if re.search(r"(?:chi tieu|theo|cua)\s+$", before):
            continue  # a reference to a programme's own targets or a basis, not a work item
        rest_start = m.end()
        if text[rest_start : rest_start + 1] in ("“", '"'):
            close = re.compile(r"[”\"]|\n\s*\n").search(text, rest_start + 1)
            end = close.end() if close and close.group(0) != "\n" else rest_start
        else:
            stop = _PROSE_STOP.search(text, rest_start)
            end = stop.start() if stop else min(len(text), rest_start + 160)
        end = min(end, rest_start + 200)
        name_key = " ".join(text[rest_start:end].split())
        if _GENERIC_AFTER.match(name_key) and not re.match(r"dau tu (?:xay dung )?\S", name_key):
            continue
        if _LEGAL.match(" ".join(text[m.start() : end].split())) or _DOC_NUMBER.search(name_key):
            continue
        words = name_key.split()
        if len(words) < 2:
            continue
        # a proper name or a code must be part of the name
        caps = 0
        for wm in re.finditer(r"\S+", name_key):
            ch = doc.text[view.starts[rest_start + wm.start()]]
            if ch.isupper():
                caps += 1
        if caps == 0 and not _CODE.search(name_key):
            continue
        a, b = view.span(m.start(), end)
        if any(s < b and a < e for s, e in covered):
            continue
        ev = doc.evidence(a, b)
        label = clean_label(ev.quote)
        if len(label.split()) < 3:
            continue
        sentence_end = re.search(r"[.;]\s|\n\s*\n", text[end : end + 300])
        lead = text[max(0, m.start() - 60) : m.start()]
        lead = re.split(r"[.;:!?]\s|\n\s*\n", lead)[-1]  # the verb before the name: "đã khởi công Dự án …"
        clause = lead + text[m.start() : end + (sentence_end.start() if sentence_end else 300)]
        status, year = status_of(clause)
        section = doc.section_at(ev.start) if doc.sections else None
        yield Project(
            key=fact_key("project", ev.start, ev.end),
            label=label,
            evidence=ev,
            sector=sector_of(label),
            status=status,
            status_year=year,
            units=tuple(u.quote for u in unit_phrases(doc, ev.start, ev.end)),
            section=section.key if section else None,
        )


# --- entry point -------------------------------------------------------------------------------


def extract_projects(doc: Document) -> list[Project]:
    """Every project named as a work item in a document, in document order."""
    lines = _lines(doc)
    found: dict[str, Project] = {}
    covered: list[tuple[int, int]] = []
    for item, planned in _list_items(doc, lines):
        p = _project_from_item(doc, item, planned)
        if p is not None and p.key not in found:
            found[p.key] = p
            covered.append((p.evidence.start, p.evidence.end))
    for p in _prose_projects(doc, covered):
        if p.key not in found:
            found[p.key] = p
            covered.append((p.evidence.start, p.evidence.end))
    return sorted(found.values(), key=lambda p: (p.evidence.start, p.evidence.end))
