"""Quantities in plan text: number(s) + qualifier + unit → :class:`Quantity`.

Works on a diacritic-folded, OCR-repaired view (``doc.views.repaired.text`` or a slice of it) so that
clean and OCR text go through the same rules. A second string, aligned with the first character for
character (see :func:`builder.normalise.aligned_original`), lets the rules see what folding hides: superscript footnote
marks (``⁷²`` folds to ``72``) and upper case. Spans are in the coordinates of the strings passed in;
map them back to the source with ``doc.views.repaired.span``.

Comparators (PHRASING.md §7-8): ``trên, hơn, vượt`` → ``>``; ``tối thiểu, ít nhất, từ X (trở lên),
X trở lên`` → ``>=``; ``dưới, còn dưới`` → ``<``; ``tối đa, không quá`` → ``<=``; ``khoảng, ước, gần`` →
``~``; ``X - Y``, ``từ X đến Y``, ``X ÷ Y`` → ``range``; otherwise ``=``. Slash forms (``19.201/15.500``)
keep the second number as ``denominator``; ``gấp 1,5 lần`` is kind ``times``; ``top 3`` is kind ``rank``.
Numbers that are not values are skipped: years, dates, resolution numbers, list numbers, footnote marks,
heading numbers, numbers inside names (``mức độ 3``, ``3 sao``, ``giá so sánh 2010``, ``trẻ em dưới 5 tuổi``),
denominators (``trên 01 ha``, ``trên 1 vạn dân``), durations (``5 năm``) and frequencies (``2 buổi/ngày``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .numbers import NUMBER_TOKEN, SUPERSCRIPT_RE, is_year_like, try_number

# --- fuzzy word forms (folded, OCR-tolerant) ------------------------------------------------------------

NAM = r"n[a-z]{0,2}m"  # năm: nam, nim, ndm, niam
TRO_LEN = r"tr[a-z&0-9]{0,2}\s*[l1][a-z]{0,1}n"  # trở lên: tro len, tr& len, tre len, tr6 1en
TU = r"t(?:u|ir|w)"  # từ: tu, tir (OCR)
DONG = r"d[oe0d]ng"  # đồng; OCR "ddng"

# --- units ---------------------------------------------------------------------------------------------

# Folded unit word → stated spelling (accents restored), used when the source is OCR-damaged.
_SPELLING = {
    "nghin": "nghìn",
    "ngan": "ngàn",
    "trieu": "triệu",
    "ty": "tỷ",
    "van": "vạn",
    "dong": "đồng",
    "usd": "USD",
    "tan": "tấn",
    "ta": "tạ",
    "ha": "ha",
    "km2": "km2",
    "km": "km",
    "m2": "m2",
    "m3": "m3",
    "lan": "lần",
    "luot": "lượt",
    "nguoi": "người",
    "nam": "năm",
    "khach": "khách",
    "lao dong": "lao động",
    "lao deng": "lao động",  # OCR ộ read as é
    "dan": "dân",
    "giuong": "giường",
    "cay": "cây",
    "tuoi": "tuổi",
    "doanh nghiep": "doanh nghiệp",
    "dang vien": "đảng viên",
    "tuyen duong": "tuyến đường",
    "tuyen pho": "tuyến phố",
    "khoi pho": "khối phố",
    "khu pho": "khu phố",
    "cong vien": "công viên",
    "xa": "xã",
    "ap": "ấp",
    "con": "con",
    "ho": "hộ",
    "can": "căn",
    "nha may": "nhà máy",
    "san pham": "sản phẩm",
    "to chuc": "tổ chức",
    "to chuc dang": "tổ chức đảng",
    "truong": "trường",
    "truong hoc": "trường học",
    "chi tieu": "chỉ tiêu",
    "teu": "TEU",
    "mw": "MW",
    "kwh": "kWh",
    "giuong benh": "giường bệnh",
    "bac si": "bác sĩ",
    "du an": "dự án",
    "co so": "cơ sở",
    "tieu doi": "tiểu đội",
    "chi bo": "chi bộ",
    "cong trinh": "công trình",
    "mo hinh": "mô hình",
    "phuong": "phường",
    "cum cong nghiep": "cụm công nghiệp",
    "khu cong nghiep": "khu công nghiệp",
    "thon": "thôn",
    "to dan pho": "tổ dân phố",
    "dang bo": "đảng bộ",
    "diem": "điểm",
    "diem phan tram": "điểm phần trăm",
    "diem %": "điểm %",
    "sao": "sao",
    "thang": "tháng",
    "ngay": "ngày",
    "d": "đ",
    "tr.dong": "tr.đồng",
    "tr.d": "tr.đ",
    "van dan": "vạn dân",
    "nghin dan": "nghìn dân",
    "m2 san": "m2 sàn",
}

_SCALE = r"(?:nghin|ngan|trieu|ty|van)"
_CURRENCY = rf"(?:{DONG}(?!\s+ch[a-z]\b)|usd|d(?![a-z]))"  # not "đồng chí" (comrades)
_BASE = (
    r"(?:tan(?![a-z])|ta(?=\s*/)|ha(?![a-z])|km2|km(?![a-z])|m2(?:\s+san)?|m3|teu|mw|kwh|lan(?![a-z])|l(?:u|ir|w)[a-z]t(?:\s+kh[a-z]ch)?|ng[a-z]{1,3}i"
    r"|lao\s+d[oe]ng|kh[a-z]ch|diem\s+(?:phan\s+tram|%))"
)
_COUNT_NOUNS = (
    r"(?:doanh\s+nghiep|[dbp]ang\s+vien|to\s+chuc\s+[dbp]ang|to\s+chuc|tuyen\s+(?:duong|pho)|khoi\s+pho|khu\s+pho|cong\s+vien|nha\s+may|can(?=\s+(?:nha|cho)\b)|xa(?![a-z])|"
    r"phuong(?![a-z])|ap(?![a-z])|truong(?:\s+hoc)?|san\s+pham|ho(?![a-z])(?!\s+so)|du\s+an|co\s+so|tieu\s+doi|chi\s+bo|cong\s+trinh|"
    r"con(?![a-z])(?!\s+(?:lai|nguoi|em|chau|so\b(?!\s+voi)))|mo\s+hinh|cum\s+cong\s+nghiep|khu\s+cong\s+nghiep|thon|to\s+dan\s+pho|giuong(?:\s+benh)?|bac\s+si|cay(?![a-z])|tuoi(?![a-z])|"
    r"chi\s+tieu|[dbp]ang\s+bo)"
)
_PER = rf"(?:\s*/\s*(?:ng[a-z]{{1,3}}i|ha|{NAM}|thang|ngay|(?:van|nghin|1\.000|10\.000)\s+dan))*"
UNIT_RE = re.compile(
    rf"(?:(?:%0|‰){_PER}|%{_PER}"
    rf"|{_SCALE}(?:\s+{_SCALE})*(?:\s+(?:{_CURRENCY}|{_BASE}|{_COUNT_NOUNS})){{0,2}}{_PER}"
    rf"|tr\.\s*{_CURRENCY}{_PER}"  # "tr.đồng" (triệu đồng) in table unit columns
    rf"|{_CURRENCY}{_PER}|{_BASE}(?:\s+{_BASE})?{_PER}|{_COUNT_NOUNS}{_PER})"
)

# Qualifiers immediately before a number (matched against the text before it), most specific first.
_PRE = [
    # dưới; OCR "dwoi", "diroi" (ư read as "ir")
    # không dưới / không thấp hơn / không ít hơn: a floor
    (re.compile(r"(?:^|\W)(khong\s+(?:d(?:u|ir|w)[a-z]i|thap\s+hon|it\s+hon))\s*$"), ">="),
    (re.compile(r"(?:^|\W)(con\s+d(?:u|ir)[a-z]i|d(?:u|ir)[a-z]i|thap\s+hon)\s*$"), "<"),
    (re.compile(r"(?:^|\W)(khong\s+(?:vuot\s+)?qua|toi\s+da)\s*$"), "<="),
    (re.compile(r"(?:^|\W)(toi\s+thieu|it\s+nhat)\s*(?:la\s+)?$"), ">="),
    (re.compile(r"(?:^|\W)(tren|cao\s+hon|hon|vuot(?:\s+tren)?)\s*$"), ">"),
    # ước (đạt/tính/tăng/giảm); OCR "uéc", "wéc", "udc", "woc"
    (re.compile(r"(?:^|\W)(khoang|(?:u|w)[oed&]c(?:\s+(?:dat|tinh|khoang|tang|giam|don|thu))?|gan|xap\s+xi)\s*$"), "~"),
    (re.compile(rf"(?:^|\W)({TU})\s*$"), ">="),
    (re.compile(r"(?:^|\W)(con|duy\s+tri)\s*$"), "="),
]
_POST_MORE = re.compile(rf"\s*{TRO_LEN}(?![a-z])")
_POST_LESS = re.compile(r"\s*tr[a-z&0-9]{0,2}\s*xuong(?![a-z])")
_RANGE_SEP = re.compile(r"[ \t]*(?:-|–|—|÷|den|toi)\s*")
_WRAPPED_RANGE_SEP = re.compile(r"[ \t]*\n[ \t]*[-–][ \t]*")
_OF_PLAN = re.compile(
    r"\s*(?:so\s+voi\s+)?(?:ke\s+hoach|chi\s+tieu|du\s+toan|muc\s+tieu|nghi\s+quyet|kh(?![a-z]))"
)
_NAME_BEFORE = re.compile(
    # "mục 2", "mức độ 2" name a part or a grade; "ở/đạt/lên mức 11.000" is a level
    r"(?:^|\W)(?:muc\s+do|(?<!\bo\s)(?<!dat\s)(?<!len\s)(?<!con\s)muc|cap\s+do|(?<!nang\s)cap|loai|khoa|lan\s+thu|so\s+sanh|ky\s+hop\s+thu|so|phu\s+luc|"
    r"dieu|khoan|chuong|tuyen|quy\s+hoach|ty\s+le\s+ban\s+do|covid|g|giai\s+doan|trong\s+vong)\s*$"
)
_NAME_AFTER = re.compile(r"\s*(?:sao(?![a-z])|\.0(?!\d)|[-/]\s?[a-z])")
_AGE_IN_NAME = re.compile(r"\s*(?:thang\s+)?tu[a-z]i\s+(?:tro\s+len\s+)?(?!va\b|tro\s+len\b)[a-z]")
_AGE_AFTER = re.compile(r"(?:\s*[-–]\s*\d{1,2})?\s*tu[a-z]i\b")
_CHILDREN_BEFORE = re.compile(r"\btre(?:\s+em)?\s+(?:duoi\s+|tu\s+)?(?:\d{1,2}\s*[-–]\s*)?$")
_YEAR_BEFORE = re.compile(
    rf"(?:^|\W)(?:{NAM}|giai\s+doan|nhiem\s+ky|den|{TU}|truoc|sau|ky|dau|cuoi|vao|thoi\s+ky|so\s+voi)\s*$"
)
_RANK_BEFORE = re.compile(
    r"(?:^|\W)(top|trong\s+top|thuoc\s+top|xep\s+thu|dung\s+thu|thu|trong\s+nhom|thuoc\s+nhom)\s*$"
)
_RANK_GROUP_AFTER = re.compile(r"\s*(?:dia\s+phuong|tinh|thanh\s+pho)?[a-z\s,]{0,30}?(?:dan|dung)\s+dau")
_TIMES_BEFORE = re.compile(r"(?:^|\W)(gap(?:\s+(?:khoang|hon|gan|tren))?)\s*$")
_DATE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}")
_LIST_START = re.compile(r"(?:^|\n)[ \t]*[(]?$")


@dataclass(frozen=True)
class Quantity:
    """A figure found in a view string. Offsets are indices into that string."""

    comparator: str  # =, >=, >, <=, <, ~, range
    value: Decimal
    value_max: Decimal | None
    unit: str | None  # stated unit with accents restored (``%/năm``, ``tỷ đồng``)
    unit_key: str | None  # folded unit as found (``%/nam``, ``ty dong``)
    per_year: bool
    start: int  # whole quantity, qualifiers included
    end: int
    num_start: int  # first number
    num_end: int
    qualifier: str | None = None  # folded qualifier words (``tren``, ``tu ... tro len``, ``khoang``)
    kind: str = "value"  # value | slash | times | rank
    denominator: Decimal | None = None  # slash forms: 19.201/15.500 → 15500
    of_plan: bool = False  # followed by "kế hoạch", "chỉ tiêu", "dự toán": a percent of plan

    @property
    def scalar(self) -> bool:
        return self.kind in ("value", "rank")


@lru_cache(maxsize=8)
def _canonical_unit(key: str) -> str:
    """Stated spelling of a folded unit (``ty dong`` → ``tỷ đồng``, ``%/nam`` → ``%/năm``)."""
    key = re.sub(r"^%0(?=/|$)", "‰", re.sub(r"\s*/\s*", "/", key.strip()))  # OCR prints ‰ as "%0"
    if key == "‰":
        return "‰"
    parts = re.split(r"(/)", key)
    out: list[str] = []
    for part in parts:
        if part == "/":
            out.append("/")
            continue
        words = part.split()
        j = 0
        spelled: list[str] = []
        while j < len(words):
            for k in range(min(len(words), j + 4), j, -1):
                chunk = " ".join(words[j:k])
                norm = _normalise_word(chunk)
                if norm in _SPELLING:
                    spelled.append(_SPELLING[norm])
                    j = k
                    break
            else:
                spelled.append(words[j])
                j += 1
        out.append(" ".join(spelled))
    return "".join(out)


def _normalise_word(w: str) -> str:
    """Undo OCR variants of unit words (``nim`` → ``nam``, ``deng`` → ``dong``)."""
    if re.fullmatch(NAM, w):
        return "nam"
    if re.fullmatch(DONG, w):
        return "dong"
    if re.fullmatch(r"ng[a-z]{1,3}i", w):
        return "nguoi"
    if re.fullmatch(r"lu[a-z]t", w):
        return "luot"
    if re.fullmatch(r"lu[a-z]t\s+kh[a-z]ch", w):
        return "luot khach"
    if re.fullmatch(r"kh[a-z]ch", w):
        return "khach"
    if re.fullmatch(r"[bp]ang\s+(?:vien|bo)|to\s+chuc\s+[bp]ang", w):
        return w.replace("bang", "dang").replace("pang", "dang")  # OCR Đ read as B / P
    return w


def _unit_after(folded: str, pos: int) -> re.Match[str] | None:
    m = re.compile(r"[ \t]*").match(folded, pos)
    p = m.end() if m else pos
    if p < len(folded) and folded[p] == "\n":
        p += 1  # a unit wrapped to the next line in OCR text
    return UNIT_RE.match(folded, p) if p < len(folded) else None


def _mask(text: str, folded: str) -> str:
    """Blank out footnote marks (superscripts) so they neither join nor form numbers."""
    if len(text) != len(folded):
        return folded
    marks = SUPERSCRIPT_RE.search(text)
    if marks is None:
        return folded
    out = list(folded)
    for m in SUPERSCRIPT_RE.finditer(text, marks.start()):
        i, t = m.start(), m.group()
        if not (t in "²³" and i > 0 and text[i - 1] == "m"):
            out[i] = " "  # a footnote mark; m² and km³ keep their exponent
    return "".join(out)


def _is_not_value(folded: str, m: re.Match[str], unit: re.Match[str] | None) -> bool:
    """Years, dates, resolution numbers, list and heading numbers, numbers inside names."""
    tok = m.group()
    s, e = m.start(), m.end()
    before = folded[max(0, s - 40) : s]
    after = folded[e : e + 12]
    # list numbers "(5)", heading numbers "1.2." at a line start, "5)" / "5." item marks
    if s > 0 and folded[s - 1] == "(" and after.startswith(")"):
        return True
    if _LIST_START.search(folded[max(0, s - 4) : s]) and re.match(r"[.)\-]\s|\.\d|[.)]$", after):
        return True
    # dates: 24/01/2019, ngày 16/6
    window_start = max(0, s - 6)
    for dm in _DATE.finditer(folded[window_start : e + 8]):
        if dm.start() + window_start <= s and e <= dm.end() + window_start:
            return True
    if re.search(r"(?:^|\W)ngay\s*$", before) and re.match(r"\s*/\s*\d", after):
        return True
    if re.search(r"(?:^|\W)ngay\s+\d{1,2}\s*/\s*$", before):
        return True
    # resolution and document numbers: 21-NQ/TW, 1669/NQ-UBTVQH15, 226/2025/QH15; COVID-19
    if re.match(r"\s?[-/]\s?[a-z]", after) or re.match(r"/\d{4}/[a-z]", after):
        return True
    if re.search(r"[a-z][-/]$", before):
        return True
    # OCR letters read as digits: "ty 1&" (tỷ lệ), "ty 18 truong" (tỷ lệ trường)
    if re.match(r"[&@#¢€©¥§]", after) or (re.search(r"(?:^|\W)ty\s$", before) and unit is None):
        return True
    # OCR reads "đã" as a lone "3": "…mang tính hiện thực cao, 3 mở ra thời cơ" (a clause opened by a bare 3
    # with no unit, followed by a word)
    if tok == "3" and unit is None and re.search(r"[a-z],\s$", before) and re.match(r"\s[a-z]{1,6}\s[a-z]", after):
        return True
    # map scales 1/2000
    if tok == "1" and re.match(r"/\d{3,}", after):
        return True
    if re.fullmatch(r"\d{3,}|\d{1,3}(?:\.\d{3})+", tok) and re.search(r"(?:^|\W)1\s*/\s*$", before):
        return True  # ... and its denominator
    # numbers inside names
    if _NAME_BEFORE.search(before) and not re.search(r"(?:^|\W)so\s+voi\s*$", before):
        if not (unit and unit.group().startswith("%")):
            return True
    if _NAME_AFTER.match(after):
        return True
    # a denominator, not a value: "giá trị sản phẩm trên 01 ha", "40 giường bệnh trên 1 vạn dân"
    if re.fullmatch(r"0?1(?:\.000)?|10\.000|100\.000", tok) and re.search(r"(?:^|\W)tren\s*$", before):
        if re.match(r"\s*(?:ha|ng[a-z]{1,3}i|(?:van\s+|nghin\s+|ngan\s+)?dan|km2)(?![a-z])", after):
            return True
    # a duration, not a value: "tổng vốn đầu tư toàn xã hội 5 năm đạt …", "trong 03 năm"
    if unit is None and re.fullmatch(r"0?\d|10", tok) and re.match(rf"\s*{NAM}(?![a-z])(?!\s*/)", after):
        return True
    # a frequency inside a name: "học 2 buổi/ngày"
    if unit is None and re.match(r"\s*[a-z]{2,5}\s*/\s*(?:ngay|tuan)(?![a-z])", after):
        return True
    # an age that describes the population inside an indicator's name: "trẻ em dưới 5 tuổi suy dinh dưỡng",
    # "lao động từ 15 tuổi trở lên có việc làm" (but "tuổi thọ bình quân đạt 75 tuổi;" is a value)
    if _AGE_IN_NAME.match(folded, e):
        return True
    # ... and an age group at the end of a name: "phổ cập giáo dục mầm non cho trẻ em 5 tuổi", "cho trẻ từ 3 - 4
    # tuổi" (either number of the range)
    if _AGE_AFTER.match(folded, e) and _CHILDREN_BEFORE.search(before):
        return True
    # a star rating inside a name: "sản phẩm OCOP đạt 3 sao", "khách sạn 4 sao" (also across a line break)
    if re.match(r"\s*sao(?![a-z])", folded[e : e + 8]):
        return True
    # years: a bare 19xx/20xx is a year unless a unit follows
    if is_year_like(tok):
        if unit is None or _YEAR_BEFORE.search(before):
            return True
        if unit.group().strip().startswith(("nam", "thang")):
            return True
    return False


def find_quantities(text: str, folded: str) -> list[Quantity]:
    """Every value-bearing figure in ``folded`` (a repaired view string), in order.

    ``text`` is the aligned original (same length as ``folded``, see :func:`builder.normalise.aligned_original`); pass
    ``folded`` itself when no aligned original is at hand.
    """
    folded = _mask(text, folded)
    out: list[Quantity] = []
    pos = 0
    n = len(folded)
    while pos < n:
        m = NUMBER_TOKEN.search(folded, pos)
        if m is None:
            break
        q = _quantity_at(folded, m)
        if q is None:
            pos = m.end()
            continue
        out.append(q)
        pos = max(q.end, m.end())
    return out


def _quantity_at(folded: str, m: re.Match[str]) -> Quantity | None:
    value = try_number(m.group())
    if value is None:
        return None
    unit = _unit_after(folded, m.end())
    if _is_not_value(folded, m, unit):
        return None
    s = m.start()
    before = folded[max(0, s - 40) : s]
    start, end = s, m.end()
    kind = "value"
    qualifier: str | None = None
    comparator = "="
    value_max: Decimal | None = None
    denominator: Decimal | None = None

    rb = _RANK_BEFORE.search(before)
    tb = _TIMES_BEFORE.search(before)
    if rb and "nhom" in rb.group(1) and not _RANK_GROUP_AFTER.match(folded, m.end()):
        rb = None
    if rb and rb.group(1) == "thu" and unit is not None:
        rb = None  # "thu 14.260 tỷ đồng": folded "thu" is also thu (collect); a rank has no unit after it
    if rb and not re.search(r"lan\s+thu\s*$", before):
        kind, qualifier = "rank", rb.group(1)
        comparator = "<=" if "top" in qualifier or "nhom" in qualifier else "="
        start = s - (len(before) - rb.start(1))
    elif tb and unit is not None and unit.group().startswith("lan"):
        kind, qualifier = "times", "gap"
        start = s - (len(before) - tb.start(1))
    # slash forms: achieved/planned, part/whole
    slash = re.compile(r"(%?)\s*/\s*(\d+(?:[.,]\d+)*)(?![\w])").match(folded, m.end())
    if kind != "times" and slash and not (unit and unit.group().startswith("%") and not slash.group(1)):
        den = try_number(slash.group(2))
        if den is not None and not (is_year_like(slash.group(2)) and not slash.group(1)):
            kind, denominator = ("rank" if kind == "rank" else "slash"), den
            end = slash.end()
            # "xếp thứ 3/56 phường, xã": a rank among units, measured in places (hạng), not in phường
            unit = _unit_after(folded, end) if kind == "slash" else None
            if slash.group(1):
                unit = re.compile("%").match("%")
    if unit is not None and kind != "slash":
        end = unit.end()
    elif unit is not None and kind == "slash" and unit.group() != "%":
        end = unit.end()
    # ranges: 14-14,5%, 10 - 10,5%/năm, từ 7,5% đến 8%, 40 ÷ 50%
    if kind == "value":
        sep = _RANGE_SEP.match(folded, end)
        if sep is None and unit is None:
            sep = _WRAPPED_RANGE_SEP.match(folded, end)  # "0,3\n- 0,5%/năm": a range wrapped at its dash
        if sep and "\n\n" not in sep.group():
            m2 = NUMBER_TOKEN.match(folded, sep.end())
            if m2 is not None:
                v2 = try_number(m2.group())
                unit2 = _unit_after(folded, m2.end())
                ok = v2 is not None and v2 > value and not is_year_like(m2.group())
                if ok and unit is not None and unit2 is not None:
                    ok = _normalise_unit_key(unit.group()) in _normalise_unit_key(
                        unit2.group()
                    ) or _normalise_unit_key(unit2.group()).startswith(_normalise_unit_key(unit.group()))
                if ok:
                    comparator, value_max = "range", v2
                    end = unit2.end() if unit2 is not None else m2.end()
                    if unit2 is not None:
                        unit = unit2
    # qualifiers before the number
    if kind in ("value", "slash"):
        for rx, comp in _PRE:
            pm = rx.search(before)
            if pm:
                word = " ".join(pm.group(1).split())
                if kind == "slash" and comp not in ("~",):
                    break
                qualifier = word
                start = s - (len(before) - pm.start(1))
                if comparator != "range":
                    comparator = comp
                break
    # "từ X trở lên", "X trở lên", "trở xuống"
    post = _POST_MORE.match(folded, end)
    if post and kind == "value":
        if comparator not in ("range",):
            comparator = ">="
        qualifier = f"{qualifier} ... tro len" if qualifier else "tro len"
        end = post.end()
    elif kind == "value" and qualifier and re.fullmatch(TU, qualifier) and comparator != "range":
        far = re.compile(rf"[^;.\n]{{0,160}}?{TRO_LEN}(?![a-z])").match(folded, end)
        qualifier = "tu ... tro len" if far else "tu"
    else:
        post2 = _POST_LESS.match(folded, end)
        if post2 and kind == "value" and comparator != "range":
            comparator, qualifier = "<=", "tro xuong"
            end = post2.end()
    unit_key = " ".join(unit.group().split()) if unit is not None else None
    if kind == "slash" and unit_key is None and denominator is not None:
        unit_key = None
    per_year = bool(unit_key and re.search(rf"/\s*{NAM}$", unit_key))
    if not per_year:
        tail = folded[end : end + 14]
        if re.match(rf"\s*(?:/\s*{NAM}|moi\s+{NAM}|mot\s+{NAM})(?![a-z])", tail):
            pm = re.match(rf"\s*(?:/\s*{NAM}|moi\s+{NAM}|mot\s+{NAM})", tail)
            per_year = True
            if pm:
                end += pm.end()
    of_plan = bool(unit_key == "%" and _OF_PLAN.match(folded, end))
    if kind == "times" and unit_key is None:
        return None
    return Quantity(
        comparator=comparator,
        value=value,
        value_max=value_max,
        unit=_canonical_unit(unit_key) if unit_key else {"times": "lần", "rank": "hạng"}.get(kind),
        unit_key=unit_key,
        per_year=per_year,
        start=start,
        end=end,
        num_start=s,
        num_end=m.end(),
        qualifier=qualifier,
        kind=kind,
        denominator=denominator,
        of_plan=of_plan,
    )


def _normalise_unit_key(key: str) -> str:
    return " ".join(_normalise_word(w) for w in key.replace("/", " / ").split())
