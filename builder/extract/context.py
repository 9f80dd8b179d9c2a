"""Shared reading context for target, result and goal extraction.

Everything here works on the OCR-repaired folded view (``doc.views.repaired``) and returns view ranges;
:func:`evidence` maps them back to exact source ranges. Helpers: the plan's term, time phrases (deadline
year, period, per year), fields from headings and wording, clause splitting and indicator labels.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..document import Document
from ..facts import Evidence, Section
from ..normalise import match_key
from ..quantities import NAM, TRO_LEN, TU, Quantity, find_quantities

# --- document helpers ---------------------------------------------------------------------------------


def view_text(doc: Document) -> str:
    return doc.views.repaired.text


def aligned(doc: Document) -> str:
    """The source character behind each repaired-view character (same length as the view)."""
    return doc.views.aligned


def quantities(doc: Document, vs: int, ve: int) -> list[Quantity]:
    """Quantities of the view range ``[vs, ve)``, with offsets shifted to whole-view coordinates."""
    folded = view_text(doc)[vs:ve]
    found = find_quantities(aligned(doc)[vs:ve], folded)
    return [_shift(q, vs) for q in found]


def _shift(q: Quantity, d: int) -> Quantity:
    from dataclasses import replace

    return replace(q, start=q.start + d, end=q.end + d, num_start=q.num_start + d, num_end=q.num_end + d)


def evidence(doc: Document, vs: int, ve: int) -> Evidence:
    """Exact source evidence for a view range."""
    return doc.evidence_from_view(vs, ve, "repaired")


def source_slice(doc: Document, vs: int, ve: int) -> str:
    if ve <= vs:
        return ""
    s, e = doc.views.repaired.span(vs, ve)
    return doc.text[s:e]


def sections_of(doc: Document) -> list[Section]:
    """The document's section tree, segmenting it when the pipeline has not."""
    if doc.sections:
        return doc.sections
    from ..segment import segment

    return segment(doc)


def view_range(doc: Document, sec: Section) -> tuple[int, int]:
    v = doc.views.repaired
    return v.to_view(sec.start), v.to_view(sec.end)


# --- the plan's term ------------------------------------------------------------------------------------

_TERM = re.compile(
    rf"(nhiem\s+ky|giai\s+doan|{NAM}|ke\s+hoach|thoi\s+ky)\s+(?:5\s+{NAM}\s+)?((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)"
)


def plan_term(doc: Document) -> tuple[int | None, int | None]:
    """The plan's term: from the metadata, else the latest ``nhiệm kỳ/giai đoạn YYYY - YYYY`` in the text."""
    if doc.meta.term_start and doc.meta.term_end:
        return doc.meta.term_start, doc.meta.term_end
    return _term_from_text(view_text(doc))


@lru_cache(maxsize=16)
def _term_from_text(text: str) -> tuple[int | None, int | None]:
    """The plan's term: among five-year pairs ending in the last two years cited, the most cited."""
    pairs: Counter[tuple[int, int]] = Counter()
    for m in _TERM.finditer(text):
        a, b = int(m.group(2)), int(m.group(3))
        if b - a in (4, 5):
            weight = 2 if m.group(1).startswith("nhiem") else 1
            if m.start() < 3000:
                weight += 3
            pairs[(a, b)] += weight
    if not pairs:
        return None, None
    end = max(b for _, b in pairs)
    best = max((p for p in pairs if p[1] >= end - 1), key=lambda p: (pairs[p], p[1], -p[0]))
    return best


def review_term(term: tuple[int | None, int | None]) -> tuple[int | None, int | None]:
    """The term before the plan's: 2020-2025 before 2025-2030, 2021-2025 before 2026-2030."""
    a, b = term
    if a is None or b is None:
        return None, None
    if a == b:  # a one-year plan ("kế hoạch … năm 2026") reviews the year before
        return a - 1, a - 1
    return (a - 5, a) if b - a == 5 else (a - 5, a - 1)


def term_time(term: tuple[int | None, int | None]) -> dict[str, int | None]:
    """The time a figure without a time phrase of its own takes from a term: the term as a period, or the
    year of a one-year plan ("chỉ tiêu chủ yếu năm 2026" are figures for 2026)."""
    a, b = term
    if a is not None and a == b:
        return {"year": a, "period_start": None, "period_end": None}
    return {"period_start": a, "period_end": b}


# --- time phrases ---------------------------------------------------------------------------------------

YEAR = r"((?:19|20)\d\d)"
PERIOD_RE = re.compile(
    rf"(?:(?:trong\s+)?(?:giai\s+doan|thoi\s+ky|nhiem\s+ky|ca\s+giai\s+doan)\s+(?:5\s+{NAM}\s+)?|(?:5\s+{NAM}\s+))"
    rf"{YEAR}\s*[-–]\s*{YEAR}"
)
DEADLINE_RE = re.compile(
    rf"(?:(?:[bdp]en|vao|truoc|cuoi|trong)\s+(?:het\s+|cuoi\s+)?)?(?:{NAM}\s+|(?<=den\s)){YEAR}(?!\s*[-–]\s*\d)"
)
_BASELINE_BEFORE = re.compile(r"(?:so\s+v[a-z0-9]{1,2}i|gap\s+[\d,.]+\s+lan|bang|chuan\s+ngheo[a-z\s]*|so\s+sanh)\s*$")
PER_YEAR_RE = re.compile(rf"(?:hang|moi|mot|binh\s+quan)\s+{NAM}(?![a-z])|/\s*{NAM}(?![a-z])")
_PARENS_RE = re.compile(r"\([^()]*\)")
TRO_LEN_RE = re.compile(TRO_LEN)
# "không còn hộ nghèo" (OCR "khéng"): a poverty rate of 0 %, in prose and in a table cell
NO_POOR = re.compile(r"kh[a-z]{1,2}ng\s+con\s+ho\s+ngheo")


@dataclass(frozen=True)
class Time:
    year: int | None = None
    period_start: int | None = None
    period_end: int | None = None
    per_year: bool = False
    spans: tuple[tuple[int, int], ...] = ()  # view ranges of the phrases (to leave out of labels)

    @property
    def empty(self) -> bool:
        return self.year is None and self.period_start is None


def time_in(text: str, offset: int = 0) -> Time:
    """Time phrases of a folded string (offsets of ``spans`` shifted by ``offset``)."""
    year = ps = pe = None
    spans: list[tuple[int, int]] = []
    masked = mask_standards(text)
    for m in PERIOD_RE.finditer(masked):
        if _BASELINE_BEFORE.search(masked[max(0, m.start() - 30) : m.start()]):
            continue
        if ps is None:
            ps, pe = int(m.group(1)), int(m.group(2))
        spans.append((m.start() + offset, m.end() + offset))
    for m in DEADLINE_RE.finditer(masked):
        if any(s - offset <= m.start() < e - offset for s, e in spans):
            continue
        if _BASELINE_BEFORE.search(masked[max(0, m.start() - 30) : m.start()]):
            continue
        if year is None:
            year = int(m.group(1))
        spans.append((m.start() + offset, m.end() + offset))
    per_year = bool(PER_YEAR_RE.search(text))
    for m in re.finditer(rf"(?:hang|moi)\s+{NAM}(?![a-z])", text):
        spans.append((m.start() + offset, m.end() + offset))
    return Time(year, ps, pe, per_year, tuple(sorted(spans)))


def without_time(text: str) -> str:
    """*text* without its time phrases ("Bình quân hằng năm có" → "Bình quân có")."""
    for s, e in sorted(time_in(text).spans, reverse=True):
        text = text[:s] + text[e:]
    return text


def mask_standards(text: str) -> str:
    """Blank standards that carry their own period ("chuẩn nghèo đa chiều giai đoạn 2021-2025", "Bộ tiêu chí
    quốc gia về xã nông thôn mới giai đoạn 2021-2025"): the standard's period, not the figure's."""
    return re.sub(
        r"(?:chuan\s+ngheo[^()\n;]{0,30}?|tieu\s+chi[^()\n;,]{0,50}?giai\s+doan\s+)"
        r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d",
        lambda m: " " * len(m.group()),
        text,
    )


# --- fields ---------------------------------------------------------------------------------------------

FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "party": (
        "xay dung dang",
        "dang vien",
        "to chuc dang",
        "chi bo",
        "dang bo",
        "he thong chinh tri",
        "cap uy",
        "ket nap",
        "to chuc co so dang",
        "can bo",
    ),
    "defence": (
        "quoc phong",
        "an ninh",
        "toi pham",
        "quan su",
        "dan quan",
        "tuyen quan",
        "nhap ngu",
        "trat tu",
        "ma tuy",
        "tuyen chon va goi",
    ),
    "environment": (
        "moi truong",
        "chat thai",
        "nuoc thai",
        "rac thai",
        "che phu rung",
        "khi thai",
        "bien doi khi hau",
    ),
    "administration": (
        "cai cach hanh chinh",
        "thu tuc hanh chinh",
        "dich vu cong",
        "chinh quyen",
        "par index",
        "hanh chinh",
    ),
    "urban": ("do thi", "nha o", "quy hoach", "ha tang"),
    "society": (
        "xa hoi",
        "lao dong",
        "ho ngheo",
        "bao hiem",
        "y te",
        "giao duc",
        "truong hoc",
        "van hoa",
        "dan so",
        "viec lam",
        "con nguoi",
        "hoc sinh",
        "benh vien",
        "bac si",
        "giuong benh",
        "nuoc sach",
        "phat trien con nguoi",
    ),
    "economy": (
        "kinh te",
        "grdp",
        "ngan sach",
        "xuat khau",
        "dau tu",
        "doanh nghiep",
        "cong nghiep",
        "du lich",
        "thu nhap",
        "nang suat",
        "nang suat lao dong",
        "san luong",
        "cang",
        "iip",
        "tfp",
        "nong thon moi",
        "thuong mai",
        "dich vu",
        "nong nghiep",
        "pci",
        "dti",
        "chuyen doi so",
    ),
}


_FIELD_WORD_RES = {f: [(w, re.compile(rf"\b{w}\b")) for w in words] for f, words in FIELD_WORDS.items()}
# Leftmost-match search over the alternation finds the earliest of the field's wordings.
_FIELD_RES = {f: re.compile(r"\b(?:" + "|".join(words) + r")\b") for f, words in FIELD_WORDS.items()}


def fields_in(text: str) -> list[str]:
    """Fields named in a text, strongest first (longest matched wording, then earliest mention)."""
    return list(_fields_in(text))


@lru_cache(maxsize=4096)
def _fields_in(text: str) -> tuple[str, ...]:
    key = match_key(text)
    scored: list[tuple[int, int, str]] = []
    for f, patterns in _FIELD_WORD_RES.items():
        if not _FIELD_RES[f].search(key):
            continue  # none of the field's wordings is there
        best_len, first = 0, len(key)
        for w, pattern in patterns:
            m = pattern.search(key)
            if m:
                best_len = max(best_len, len(w))
                first = min(first, m.start())
        if best_len:
            scored.append((-best_len, first, f))
    return tuple(f for _, _, f in sorted(scored))


def fields_in_order(text: str) -> list[str]:
    """Fields named in a text, in the order the text names them."""
    return list(_fields_in_order(text))


@lru_cache(maxsize=4096)
def _fields_in_order(text: str) -> tuple[str, ...]:
    key = match_key(text)
    firsts = [(m.start(), f) for f, pattern in _FIELD_RES.items() if (m := pattern.search(key))]
    return tuple(f for _, f in sorted(firsts))


def field_for(headings: list[str], label: str) -> str | None:
    """A field: innermost heading naming exactly one, else the label's wording, else the heading's first."""
    allowed: list[str] = []
    for h in headings:
        fs = fields_in_order(h)
        if len(fs) == 1:
            return fs[0]
        if fs and not allowed:
            allowed = fs
    label_fields = fields_in(label)
    if label_fields:
        return label_fields[0]
    return allowed[0] if allowed else None


# --- clauses and labels ---------------------------------------------------------------------------------

_FILLER = re.compile(
    r"(?:^|\s)(?:dat|la|o\s+muc|muc|chiem|bang|(?<!kien\s)co|con|len|duoc|phan\s+dau|phan\s+dau\s+dat|tang\s+len|"
    r"binh\s+quan|bq|ty\s+le|dat\s+ty\s+le|khoang|tren|duoi|hon|tu|toi\s+thieu|toi\s+da|it\s+nhat|"
    r"khong\s+qua|(?<!chung\s)(?<!chimg\s)(?<!ching\s)(?<!chirng\s)(?<!chwng\s)chi|chua|va|cua|:|,|-|\(|\)|thuoc|trong|"
    r"dat\s+binh\s+quan|nam|vao|den|" + TU + r")\s*$"
)
_LEAD_FILLER = re.compile(
    r"\s*(?:[-+•*–]\s*|\(\s*\d+\s*\)\s*|\d+[.)]\s+|[a-z]\)\s+|trong\s+do[:,]?\s*|bao\s+gom[:,]?\s*|"
    r"phan\s+dau[:,]?\s*|va\s+|,\s*|;\s*|:\s*)"
)


def strip_lead(view: str, vs: int, ve: int) -> int:
    """Move ``vs`` past list marks, "trong đó", "phấn đấu" and punctuation at the start of a clause."""
    while vs < ve:
        m = _LEAD_FILLER.match(view, vs, ve)
        if not m or m.end() == vs:
            break
        vs = m.end()
    while vs < ve and view[vs].isspace():
        vs += 1
    return vs


def trim_end(view: str, vs: int, ve: int) -> int:
    while ve > vs and (view[ve - 1].isspace() or view[ve - 1] in ".;,:"):
        ve -= 1
    return ve


def label_from(doc: Document, vs: int, ve: int, cut: list[tuple[int, int]]) -> str:
    """The source wording of ``[vs, ve)`` without the ``cut`` view ranges, fillers trimmed at the end."""
    view = view_text(doc)
    pieces: list[tuple[int, int]] = []
    pos = vs
    for s, e in sorted(cut):
        if e <= pos or s >= ve:
            continue
        if s > pos:
            pieces.append((pos, s))
        pos = max(pos, e)
    if pos < ve:
        pieces.append((pos, ve))
    folded_parts = [view[s:e] for s, e in pieces]
    # trim trailing filler words of the last pieces
    while pieces:
        s, e = pieces[-1]
        part = view[s:e]
        m = _FILLER.search(part)
        if m and m.start() < len(part):
            new_e = s + m.start()
            if new_e <= s:
                pieces.pop()
                continue
            pieces[-1] = (s, new_e)
            continue
        if not part.strip():
            pieces.pop()
            continue
        break
    del folded_parts
    words = " ".join(" ".join(source_slice(doc, s, e).split()) for s, e in pieces if e > s)
    words = re.sub(r"\s+([,;:)])", r"\1", words).strip(" ,;:-–(")
    words = re.sub(r"\(\s*\)", "", words)
    return " ".join(words.split())


def paren_ranges(view: str, vs: int, ve: int) -> list[tuple[int, int]]:
    """View ranges of parenthesised asides inside ``[vs, ve)``."""
    return [(m.start() + vs, m.end() + vs) for m in _PARENS_RE.finditer(view[vs:ve])]


def inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in ranges)
