"""Document metadata detected from the text itself, and merged with a manifest or sidecar.

General rules only, matched on the OCR-repaired, diacritic-folded view so that clean and OCR texts
behave alike:

- *kind*: the first of "báo cáo chính trị" (political report), "báo cáo kiểm điểm" (review report),
  a ``QUYẾT NGHỊ:`` / ``NGHỊ QUYẾT`` line (resolution), a ``KẾ HOẠCH`` title line (plan);
- *issuing body*: the body named in the heading (Ban Chấp hành Đảng bộ, Hội đồng nhân dân, Đảng ủy,
  Thành ủy, ...) and its unit (type word + the capitalised name after it, or the name most often written
  after that type word); a political report is presented by the outgoing Ban Chấp hành of the unit whose
  congress it goes to ("trình Đại hội … Đảng bộ xã X"), whatever the letterhead names first;
- *level* from the unit type (tỉnh / thành phố → province; quận / huyện / thị xã → district;
  phường / xã / thị trấn / đặc khu → commune);
- *term*: for a political report the ``nhiệm kỳ`` of the congress it is presented to ("trình Đại hội … lần thứ
  I, nhiệm kỳ 2025 - 2030"), else the latest five-year ``nhiệm kỳ`` (or, failing that, ``5 năm`` / ``giai
  đoạn`` / ``kế hoạch``) span, never one in a heading of the review; a resolution prefers its ``5 năm`` plan;
- *title*: the kind line and the lines under it ("NGHỊ QUYẾT / Về kế hoạch …"), else the longest upper-case
  block near the top;
- *date*: ``<place>, ngày 01 tháng 10 năm 2020`` / ``, ngày 1/10/2020`` near the top, or the date a
  resolution was passed (``thông qua ngày ...``);
- *version*: a ``(Dự thảo)`` line → draft; *quality*: the share of words carrying Vietnamese letters
  with marks (OCR text loses most of them) → clean or ocr.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import fields, replace

from ..document import Document
from ..facts import DocumentMeta
from ..gazetteer import TYPE_OF_WORD
from ..normalise import fold_repaired, match_key
from .units import TYPE_FORMS

HEAD_CHARS = 4000  # the heading block: title, issuer, place and date
HEADER_LINES = 4  # the first lines, where the issuing body stands under its superior
CLEAN_SHARE = 0.5  # share of words with marked letters above which a text is clean

# Unit type words (the unit mention reader's OCR-tolerant forms, any spacing) → (pattern, label, level): the
# level of the first unit type a word names (``thành phố`` heads a province-level city).
_TYPES: list[tuple[str, str, str]] = [
    (p.replace(" ", r"\s+"), w, TYPE_OF_WORD[match_key(w)][0][1]) for p, w in TYPE_FORMS
]
_DANG = r"[dbp][a-z0-9]{1,3}ng"
_BO = r"b[a-z0-9]{1,2}"
# Issuing bodies (folded, OCR-tolerant) → label.
_BODIES: list[tuple[str, str]] = [
    (rf"ban\s+ch[a-z]{{1,2}}p\s+h[a-z]{{1,2}}nh\s+{_DANG}\s+{_BO}", "Ban Chấp hành Đảng bộ"),
    (r"h[a-z0-9]{1,2}i\s+d[a-z0-9]{1,2}ng\s+nh[a-z0-9]{1,2}n\s+d[a-z0-9]{1,2}n", "Hội đồng nhân dân"),
    (r"[uy]y\s+ban\s+nh[a-z0-9]{1,2}n\s+d[a-z0-9]{1,2}n", "Ủy ban nhân dân"),
    (rf"{_DANG}\s+[uiy]y", "Đảng ủy"),
    (r"thanh\s+[uiy]y", "Thành ủy"),
    (r"tinh\s+[uiy]y", "Tỉnh ủy"),
    (rf"{_DANG}\s+{_BO}", "Đảng bộ"),
]
_BODY_UNIT = {"Thành ủy": "thành phố", "Tỉnh ủy": "tỉnh"}
_KINDS: list[tuple[str, str]] = [
    (r"b[a-z0-9]o\s+c[a-z0-9]o\s+ch[a-z]{1,2}nh\s+tr[a-z0-9]", "political_report"),
    (r"b[a-z0-9]o\s+c[a-z0-9]o\s+ki[a-z0-9]m\s+[dp][a-z0-9]{1,2}m", "review_report"),
    (r"(?m)^\s*(?:quy[a-z0-9]t\s+ngh[a-z0-9]\s*:|ngh[a-z0-9]\s+quy[a-z0-9]t\s*$)", "resolution"),
    (r"(?m)^\s*k[a-z0-9]\s+ho[a-z0-9]ch\s*$", "plan"),
]
_SPAN = r"((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)"
_TERM_NK = re.compile(rf"nh[a-z0-9]{{1,3}}m\s+k[a-z]\s+{_SPAN}")
_TERM_PLAN = re.compile(rf"(?:5\s+n[a-z0-9]{{1,2}}m|giai\s+do[a-z0-9]n|k[a-z0-9]\s+ho[a-z0-9]ch)\s+{_SPAN}")
# A one-year plan: a plan, task or main-indicators phrase followed within a few words by one year ("… năm 2026")
_ONE_YEAR_PLAN = re.compile(
    r"(?:k[a-z0-9]\s+ho[a-z0-9]ch|nhi[a-z0-9]{1,2}m\s+v[a-z0-9]|ch[a-z0-9]\s+ti[a-z0-9]{1,2}u\s+ch[a-z0-9]\s+y[a-z0-9]{1,2}u)"
    r"[a-z0-9\s,\-–]{0,60}?\bn[a-z0-9]{1,2}m\s+((?:19|20)\d\d)(?!\s*[-–]\s*\d)"
)
# The subject line of a resolution: "Về kế hoạch …", "V/v thông qua kế hoạch …"
_SUBJECT_LINE = re.compile(
    r"\s*(?:v[a-z0-9]|v/v)\s+(?:vi[a-z0-9]{1,2}c\s+)?(?:th[a-z0-9]{1,3}ng\s+qua\s+)?k[a-z0-9]\s+ho"
)
_DATE_WORDS = re.compile(
    r"ng[a-z]y[\s.…]*(\d{1,2})?[\s.…]*th[a-z0-9]{1,3}ng\s+(\d{1,2})\s+n[a-z0-9]{1,2}m\s+((?:19|20)\d\d)"
)
_DATE_SLASH = re.compile(r"ng[a-z]y\s+(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)")
_PASSED = re.compile(r"th[a-z0-9]{1,2}ng\s+qua\s+")
_DRAFT = re.compile(r"(?m)^\s*\(?\s*d[a-z0-9]\s+th[a-z0-9]o\s*\)?\s*$")
_WORD = re.compile(r"[^\W\d_]+")
_REVIEW_TITLE = re.compile(r"\b(?:ket\s+qua|[dp]anh\s+gia|kiem\s+[dp]iem|tong\s+ket)\b")  # headings of the review


def _quality(text: str) -> str | None:
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    if not words:
        return None
    marked = sum(1 for w in words if not w.isascii())
    return "clean" if marked / len(words) >= CLEAN_SHARE else "ocr"


def _kind(view: str) -> str | None:
    best: tuple[int, str] | None = None
    for pattern, kind in _KINDS:
        m = re.search(pattern, view)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best[1] if best else None


def _orig(doc: Document, a: int, b: int) -> str:
    """The source characters behind view range [a, b) (same length as the view range)."""
    starts = doc.views.repaired.starts
    return "".join(doc.source.text[starts[k]] for k in range(a, b))


def _name_after(doc: Document, pos: int) -> tuple[str, str] | None:
    """The capitalised proper name starting at view offset ``pos``: (source slice, folded key)."""
    view = doc.views.repaired.text
    words = list(re.finditer(r"[^\W_]+", view[pos : pos + 60]))
    taken: list[re.Match[str]] = []
    k = 0
    while k < len(words) and len(taken) < 4:
        w = words[k]
        if w.start() != (taken[-1].end() + 1 if taken else 0):
            break  # punctuation or a line break between words ends the name
        if taken and view[pos + w.start() - 1] == "\n":
            break  # "ĐẢNG BỘ TỈNH THANH HÓA\nĐẢNG BỘ XÃ ...": the next letterhead line is not part of the name
        orig = _orig(doc, pos + w.start(), pos + w.end())
        if orig[:1].isupper() and not orig.isdigit():
            taken.append(w)
        elif taken and len(orig) <= 3 and k + 1 < len(words) and _orig(
            doc, pos + words[k + 1].start(), pos + words[k + 1].start() + 1
        ).isupper():
            taken.append(w)  # an OCR-mangled syllable inside a name ("Lé fch Moc")
        else:
            break
        k += 1
    if not taken:
        return None
    a, b = pos + taken[0].start(), pos + taken[-1].end()
    s, e = doc.views.repaired.span(a, b)
    text = doc.source.text[s:e]
    if text.isupper():
        text = text.title()
    return text, view[a:b]


def _was_upper(doc: Document, name: str) -> bool:
    """True when ``name`` was read from an all-capitals line (a letterhead runs names together)."""
    return name.upper() in doc.source.text[:HEAD_CHARS]


def _unit_type(view: str, pos: int) -> tuple[str, str, int] | None:
    for pattern, label, level in _TYPES:
        m = re.compile(rf"\s*({pattern})\b[^\S\n]*").match(view, pos)  # the name is on the type word's line
        if m:
            return label, level, m.end()
    return None


def _common_name(doc: Document, type_pattern: str) -> str | None:
    """The name most often written after a unit type word in the document."""
    view = doc.views.repaired.text
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for m in re.finditer(rf"\b{type_pattern}\s+", view):
        hit = _name_after(doc, m.end())
        if hit is None:
            continue
        text, key = hit
        counts[key] += 1
        first.setdefault(key, text)
    if not counts:
        return None
    key, _ = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return first[key]


# "(… trình Đại hội … Đảng bộ xã X lần thứ I, nhiệm kỳ 2025 - 2030)": a report
# is presented to the congress of its own unit, for the coming term. The letterhead above it often names the
# superior Party committee first (the province's "ĐẢNG BỘ TỈNH …" over the commune's "ĐẢNG BỘ XÃ …").
_SP = r"(?:[ \t]+\n?[ \t]*|\n[ \t]*)"  # spaces, at most one line break (never a blank line)
_CONGRESS = re.compile(
    rf"\b(?:tr[a-z]nh|t[a-z]i){_SP}[dp][a-z]i{_SP}h[a-z0-9]{{1,2}}i(?:{_SP}[dp][a-z]i{_SP}bi[a-z]u)?\b"
)


def _congress_windows(view: str) -> list[tuple[int, int]]:
    """View ranges after "trình/tại Đại hội (đại biểu)" in the head, up to the end of that sentence or paragraph."""
    head = view[:HEAD_CHARS]
    out = []
    for m in _CONGRESS.finditer(head):
        end = min(m.end() + 200, len(head))
        stop = re.compile(r"\n\s*\n|\)|\.\s").search(head, m.end(), end)
        out.append((m.end(), stop.start() if stop else end))
    return out


def _congress_unit(doc: Document) -> tuple[str, str, str] | None:
    """(type label, level, name) of the Đảng bộ whose congress the report is presented to, when named."""
    view = doc.views.repaired.text
    for a, b in _congress_windows(view):
        m = re.compile(rf"{_SP}{_DANG}{_SP}{_BO}{_SP}").match(view, a, b)
        if m is None:
            continue
        typ = _unit_type(view, m.end())
        if typ is None:
            continue
        hit = _name_after(doc, typ[2])
        if hit is None:
            continue
        end = typ[2] + len(hit[1])
        # an upper-case line may run the name into the next words, unless the name ends the line
        if not _orig(doc, typ[2], end).isupper() or view[end : end + 1] in ("\n", ""):
            return typ[0], typ[1], hit[0]
    return None


def _body_and_unit(doc: Document, kind: str | None) -> tuple[str | None, str | None, str | None]:
    view = doc.views.repaired.text
    head = view[:HEAD_CHARS]
    if kind in ("political_report", "review_report"):
        congress = _congress_unit(doc)
        if congress is not None:
            unit = f"{congress[0]} {congress[2]}"
            return f"Ban Chấp hành Đảng bộ {unit}", unit, congress[1]
    found: list[tuple[int, str, re.Match[str]]] = []
    for pattern, label in _BODIES:
        for m in re.finditer(rf"\b{pattern}\b", head):
            found.append((m.start(), label, m))
    if not found:
        return None, None, None
    preferred = {"resolution": "Hội đồng nhân dân"}.get(kind or "")

    def commune_level(f: tuple[int, str, re.Match[str]]) -> bool:
        line_start = view.rfind("\n", 0, f[0]) + 1
        if view.count("\n", 0, f[0]) >= HEADER_LINES or view[line_start : f[0]].strip():
            return False  # not a line of the heading, or not at the start of one
        typ = _unit_type(view, f[2].end())
        return typ is not None and typ[1] == "commune"

    # "ĐẢNG BỘ TỈNH X" over "ĐẢNG BỘ XÃ Y" heading the page: the superior body stands above the one that issues
    # the text, so a commune-level body that opens one of the first lines is taken before its province
    found.sort(key=lambda f: (f[1] != preferred, not commune_level(f), f[0]))
    body_label = None
    unit_label = level = name = None
    for _, label, m in found:
        typ = _unit_type(view, m.end())
        if typ is None and label in _BODY_UNIT:
            unit_label = _BODY_UNIT[label]
            typ = next((t for t in _TYPES if t[1] == unit_label), None)
            level = typ[2] if typ else None
            hit = _name_after(doc, m.end() + 1)
            name = hit[0] if hit else None
            body_label = label
            break
        if typ is not None:
            unit_label, level, end = typ
            hit = _name_after(doc, end)
            name = hit[0] if hit else None
            body_label = label
            break
    if body_label is None:
        return found[0][1], None, None
    if unit_label is not None and (name is None or name.istitle() and _was_upper(doc, name)):
        pattern = next(p for p, lab, _ in _TYPES if lab == unit_label)
        name = _common_name(doc, pattern) or name
    if kind in ("political_report", "review_report") and body_label in ("Đảng bộ", "Thành ủy", "Tỉnh ủy"):
        body_label = "Ban Chấp hành Đảng bộ"
    unit = f"{unit_label} {name}" if unit_label and name else None
    body = f"{body_label} {unit}" if unit else body_label
    return body, unit, level


def _term(doc: Document, kind: str | None) -> tuple[int, int] | None:
    view = doc.views.repaired.text

    def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
        out = []
        for m in pattern.finditer(text):
            a, b = int(m.group(1)), int(m.group(2))
            if 4 <= b - a <= 5:
                out.append((a, b))
        return out

    if kind == "resolution":
        # The subject line says which plan the resolution adopts; a period named further on may be a standard's
        # ("chuẩn nghèo đa chiều giai đoạn 2026 - 2030" in a resolution on the plan for 2026).
        headed = _one_year_plan(doc)
        if headed:
            return headed
        plan = spans(_TERM_PLAN, view) or spans(_TERM_NK, view)
        return max(plan) if plan else None
    # 1. The term of the congress the report is presented to: "trình Đại hội ... lần thứ I, nhiệm kỳ 2025 - 2030"
    # (the sentence may wrap over lines that are neither upper case nor in parentheses).
    for a, b in _congress_windows(view):
        found = spans(_TERM_NK, view[a:b])
        if found:
            return found[0]
    # 2. The term named in the title block: "(Báo cáo ... trình Đại hội ... nhiệm kỳ 2025 - 2030)"; not a
    # heading of the review ("PHẦN THỨ NHẤT / ĐÁNH GIÁ KẾT QUẢ ... NHIỆM KỲ 2020 - 2025").
    for a, b in _title_lines(doc):
        if _REVIEW_TITLE.search(view[a:b]):
            continue
        found = spans(_TERM_NK, view[a:b])
        if found:
            return found[0]
    # 3. A term that follows another term the text reviews (2015-2020 → 2020-2025); the most cited.
    nk = spans(_TERM_NK, view)
    mentioned = set(nk)
    chained = [t for t in nk if (t[0] - (t[1] - t[0]), t[0]) in mentioned]
    if chained:
        counts = Counter(chained)
        return max(counts, key=lambda t: (counts[t], t))
    plan = spans(_TERM_PLAN, view)
    return max(nk) if nk else (max(plan) if plan else None)


def _one_year_plan(doc: Document) -> tuple[int, int] | None:
    """The year of a one-year plan named in the title block or the subject line ("Về kế hoạch … năm 2026"),
    as a term that starts and ends that year."""
    view = doc.views.repaired.text
    lines = list(_title_lines(doc))
    pos = 0
    for line in view[:HEAD_CHARS].split("\n"):  # the subject line under "NGHỊ QUYẾT": "Về kế hoạch …"
        if _SUBJECT_LINE.match(line):
            lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    for a, b in sorted(lines):
        m = _ONE_YEAR_PLAN.search(view, a, min(b + 80, len(view)))
        if m is not None and m.start() < b:
            year = int(m.group(1))
            return year, year
    return None


def _title_lines(doc: Document) -> list[tuple[int, int]]:
    """View ranges of the head's title lines: upper-case lines and lines in parentheses."""
    view = doc.views.repaired.text
    out = []
    pos = 0
    for line in view[:HEAD_CHARS].split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        orig = _orig(doc, a, b).strip()
        letters = [c for c in orig if c.isalpha()]
        if len(letters) < 10:
            continue
        if orig.startswith("(") or sum(c.isupper() for c in letters) / len(letters) >= 0.8:
            out.append((a, b))
    return out


def _date(view: str) -> str | None:
    for m in _PASSED.finditer(view):
        d = _DATE_WORDS.match(view, m.end()) or _DATE_SLASH.match(view, m.end())
        if d:
            return _iso(d.group(1), d.group(2), d.group(3))
    # The place-and-date line of the heading: "Hải Phòng, ngày 01 tháng 10 năm 2020" (ends the line).
    head = view[:HEAD_CHARS]
    for m in re.finditer(r"[a-z],\s*", head):
        d = _DATE_WORDS.match(head, m.end()) or _DATE_SLASH.match(head, m.end())
        if d and head[d.end() :].split("\n", 1)[0].strip(" .,") == "":
            return _iso(d.group(1), d.group(2), d.group(3))
    return None


def _iso(day: str | None, month: str, year: str) -> str | None:
    y, mo = int(year), int(month)
    if not 1 <= mo <= 12:
        return f"{y:04d}"
    if day is None:
        return f"{y:04d}-{mo:02d}"
    d = int(day)
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= d <= 31 else f"{y:04d}-{mo:02d}"


_KIND_LINE = re.compile(
    r"(?:b[a-z0-9]o\s+c[a-z0-9]o(?:\s+ch[a-z]{1,2}nh\s+tr[a-z0-9])?|ngh[a-z0-9]\s+quy[a-z0-9]t|k[a-z0-9]\s+ho[a-z0-9]ch)"
)


def _kind_title(doc: Document) -> str | None:
    """A document-kind line ("NGHỊ QUYẾT", "BÁO CÁO CHÍNH TRỊ") and the lines under it up to a blank line:
    "NGHỊ QUYẾT" followed by its subject line "Về kế hoạch … 2026 - 2030"."""
    lines = doc.source.text[: HEAD_CHARS * 2].splitlines()[:60]
    for i, line in enumerate(lines):
        s = line.strip()
        if not s or not s.isupper() or not _KIND_LINE.fullmatch(fold_repaired(s)):
            continue
        parts = [s]
        for nxt in lines[i + 1 : i + 5]:
            if not nxt.strip():
                break
            parts.append(nxt.strip())
        if len(parts) > 1:
            return " ".join(parts)
    return None


def _title(doc: Document) -> str | None:
    """The kind line and its subject, else the longest block of upper-case lines near the top (single blank
    lines allowed inside)."""
    kind_title = _kind_title(doc)
    if kind_title is not None:
        return kind_title
    blocks: list[list[str]] = []
    current: list[str] = []
    blank = 0
    for line in doc.source.text[: HEAD_CHARS * 2].splitlines()[:60]:
        s = line.strip()
        letters = [c for c in s if c.isalpha()]
        if len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) >= 0.8:
            current.append(s)
            blank = 0
        elif not s and current and blank == 0:
            blank = 1
        else:
            if current:
                blocks.append(current)
            current, blank = [], 0
    if current:
        blocks.append(current)
    if not blocks:
        return None
    best = max(blocks, key=lambda b: (sum(len(x) for x in b), -blocks.index(b)))
    title = " ".join(best)
    return title if len(title) >= 20 else None


def detect_metadata(doc: Document) -> DocumentMeta:
    """Metadata read from the text itself; ``detected`` names every field that was found."""
    view = doc.views.repaired.text
    kind = _kind(view[: HEAD_CHARS * 2]) or _kind(view)
    body, unit, level = _body_and_unit(doc, kind)
    term = _term(doc, kind)
    values = {
        "title": _title(doc),
        "kind": kind,
        "issuing_body": body,
        "level": level,
        "unit_name": unit,
        "term_start": term[0] if term else None,
        "term_end": term[1] if term else None,
        "date": _date(view),
        "version": "draft" if _DRAFT.search(view) else None,
        "quality": _quality(doc.source.text),
    }
    detected = tuple(k for k, v in values.items() if v is not None)
    return DocumentMeta(**values, detected=detected)


_FIELDS = tuple(f.name for f in fields(DocumentMeta) if f.name != "detected")


def merge(detected: DocumentMeta, override: DocumentMeta | None) -> DocumentMeta:
    """Detected metadata overridden field by field by a manifest or sidecar entry (when given).

    The term is one field: a manifest term replaces both years. ``detected`` of the result names the
    fields whose value still comes from the text.
    """
    if override is None:
        return detected
    values = {}
    from_text = []
    term_from_override = override.term_start is not None or override.term_end is not None
    for name in _FIELDS:
        o = getattr(override, name)
        if name in ("term_start", "term_end"):
            use_override = term_from_override
        else:
            use_override = o is not None
        if use_override:
            values[name] = o
        else:
            values[name] = getattr(detected, name)
            if values[name] is not None and name in detected.detected:
                from_text.append(name)
    return replace(DocumentMeta(**values), detected=tuple(from_text))

