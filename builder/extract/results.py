"""Results from review prose: achieved figures with the target they are measured against and a verdict.

Read in the review part of a plan (sections about results of the past term), clause by clause. A figure
is a result when its clause compares it with a target ("mục tiêu", "kế hoạch", "chỉ tiêu", "vượt",
"không đạt", "gấp … lần", a slash form ``19.201/15.500``, a percent of plan "đạt 123,8%") or when its
wording names a known indicator (``IndicatorIndex``) with a result verb (đạt, tăng, giảm, còn, chiếm).
Precision first: other numbers of the review (counts of projects, delegates, areas) are left alone.

Also read as results, in review prose only: a level stated with a result verb after an indicator's name
("Tỷ lệ …", "Sản lượng …", "Tổng thu …": ``_INDICATOR_HEAD``), the shares listed after "Cơ cấu kinh tế …:", a
percent that comes before its subject ("trên 90% tổ chức cơ sở đảng hoàn thành …"), a multiple that is the
clause's only figure ("gấp 1,3 lần chỉ tiêu", "gấp 2,1 lần năm 2020"), the rank of an index ("xếp thứ 3/56"), an
overshoot alone ("vượt hơn 31% dự toán") and a verdict on a named indicator without a figure ("đạt và vượt chỉ
tiêu giảm hộ nghèo", ``bool``). A clause with two levels ("…/năm, đến cuối năm 2024 còn 0,18%") gives two.

Verdicts: stated by the text (vượt → exceeded, đạt / hoàn thành → met, không đạt / chưa đạt → not_met),
else computed from the value, the stated target and the indicator's polarity (``status_computed``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from ..document import Document
from ..facts import Evidence, Result, Section, fact_key
from ..link.uom import number_multiplier, resolve_unit, same_measure
from ..normalise import match_key
from ..quantities import Quantity
from . import context as cx
from . import targets as tg
from .units import TYPE_FORMS

_EXCEEDED = re.compile(r"\b(?:vuot|hoan\s+thanh\s+vuot|cao\s+hon\s+(?:muc\s+tieu|ke\s+hoach|chi\s+tieu))\b")
_NOT_MET = re.compile(r"\b(?:khong\s+dat|chua\s+dat|khong\s+hoan\s+thanh|chua\s+hoan\s+thanh|thap\s+hon)\b")
_MET = re.compile(
    r"\b(?:dat|hoan\s+thanh)\s+(?:va\s+vuot\s+)?(?:muc\s+tieu|ke\s+hoach|chi\s+tieu|nghi\s+quyet)\b"
)
_TARGET_WORD = re.compile(r"\b(?:muc\s+tieu|ke\s+hoach|chi\s+tieu|nghi\s+quyet|du\s+toan|de\s+ra)\b")
_RESULT_VERB = re.compile(
    r"\b(?:dat|tang|giam|con|chiem|uoc\s+dat|thuc\s+hien|ket\s+nap|thu\s+hut|dat\s+duoc|"
    # folded "bang" and "don" are also bảng (table), đơn (unit): only "bằng X%", "đón N …"
    r"bang(?=\s+\d[\d.,]*\s*%)|don(?=\s+\d)|thu(?=\s+\d)|"
    r"giai\s+quyet\s+viec\s+lam|tao\s+viec\s+lam)\b"
)
_TARGET_BEFORE = re.compile(
    r"(?:muc\s+tieu|ke\s+hoach|chi\s+tieu)(?:\s+(?:de\s+ra|nghi\s+quyet|giao|dai\s+hoi))*\s*(?:la\s*)?[:(]?\s*$"
)
_TIMES = re.compile(r"gap\s+[\d.,]+\s+lan\s+(?:so\s+voi\s+)?(?:muc\s+tieu|ke\s+hoach|chi\s+tieu)")
# "… năm 2025 gấp 2,1 lần năm 2020": growth against a baseline, the clause's only figure
_TIMES_BASELINE = re.compile(
    r"gap\s+[\d.,]+\s+lan\s+(?:so\s+voi\s+)?(?:n[a-z]{0,2}m\s+(?:19|20)\d\d|dau\s+nhiem\s+ky|cung\s+ky|giai\s+doan)"
)
# "vượt chỉ tiêu giao X%", "vượt X% chỉ tiêu": by how much the target was beaten, a verdict, not the value
_OVERSHOOT = re.compile(
    r"\bvuot(?:\s+(?:muc\s+)?(?:chi\s+tieu|ke\s+hoach|muc\s+tieu|du\s+toan|nghi\s+quyet)(?:\s+[a-z]+){0,2})?"
    r"(?:\s+(?:hon|tren))?\s*$"
)

# After a comma, a second level of the same or another indicator: "…, đến cuối năm 2024 còn 0,18%".
_SECOND_RESULT = re.compile(r"\b(?:dat|con|giam\s+con|xuong\s+con|len|chiem|la)\s*$")
# "…, tỉnh B (cũ) tăng Y%/năm": a change of another subject (words before the verb), not "…, tăng Z% so với năm A"
_SUBJECT_CHANGE = re.compile(r"\b(?:tang|giam)(?:\s+binh\s+quan)?\s*$")
# "…, nâng tỷ lệ … lên Y%", "…, đưa tổng số … lên N": a clause that raises another indicator
_RAISED = re.compile(r"(\s*(?:nang|dua)\s+)(?:ty\s+le|ty\s+trong|tong|so)\b")
_NOT_A_SUBJECT = frozenset("binh quan hang nam moi va cung deu tiep tuc lien".split())
_BASELINE_AFTER = re.compile(r"\s*(?:so\s+voi|gap)\b")
_COMPARISON = re.compile(r"\b(?:cao\s+hon|thap\s+hon|vuot|gap|so\s+voi|muc\s+tieu|ke\s+hoach|chi\s+tieu|bang)\b")
# "đạt (và vượt) chỉ tiêu <indicator>", "hoàn thành chỉ tiêu <indicator>": a verdict on a named indicator
_NAMED_VERDICT = re.compile(
    r"\b(?:dat|hoan\s+thanh)(?:\s+va)?(?:\s+vuot)?(?:\s+muc)?\s+chi\s+tieu\s+"
    r"(?P<name>(?!nghi\s+quyet|dai\s+h[a-z0-9]{1,3}\b|chu\s+yeu|de\s+ra|ke\s+hoach|cua\b|nay\b|tren\b|duoc\b|giao\b(?!\s+quan)|"
    r"nhung\b|va\b|song\b|tuy\b|con\b)"
    r"[a-z]+(?:\s+[a-z]+){1,6})"
)
# A ranking of an indicator or index, not a prize of a school or a team
_RANKED = re.compile(r"\b(?:chi\s+so|pci|par\s+index|papi|sipas|dti|ici|grdp|quy\s+mo|tang\s+truong|xep\s+hang)\b")
# A place named by its administrative type (the unit reader's OCR-tolerant type words) or as an area:
# "tỉnh X (cũ)", "các xã", "khu vực nông thôn"
_PLACE = re.compile(
    r"(?:cac\s+)?(?:" + "|".join(p.replace(" ", r"\s+") for p, _ in TYPE_FORMS)
    + r"|khu\s+vuc|vung|do\s+thi|nong\s+thon)\b"
)
_STRUCTURE_WORD = re.compile(r"\b(?:co\s+cau|ty\s+trong)\b")
# Words that open an indicator's name: "Tỷ lệ …", "Sản lượng …", "Tổng thu …", "Giá trị …", "Số …".
_INDICATOR_HEAD = re.compile(
    r"^(?:ty\s+le|ty\s+trong|tong|san\s+luong|gia\s+tri|thu\s+nhap|so\s+(?!voi)|nang\s+suat|toc\s+do|"
    r"kim\s+ngach|thu\s+ngan\s+sach|chi\s+so|quy\s+mo|von|ty\s+suat|muc\s+giam|grdp|dien\s+tich|"
    r"(?:tong\s+)?(?:luong|luot)\s+khach|doanh\s+thu|thu\s+tien)\b"
)
# A structure given as a list of shares: "Cơ cấu kinh tế …: <sector> còn X%; <sector> Y%; …".
_STRUCTURE_LEAD = re.compile(r"\b(?:co\s+cau|ty\s+trong)\b[^.;:]*:")
# The figure comes first and its subject after: "Hằng năm có trên 90% tổ chức cơ sở đảng hoàn thành tốt …".
_SUBJECT_VERB_AFTER = re.compile(r"\b(?:hoan\s+thanh|dat\s+chuan|dat|duoc\s+cong\s+nhan|tham\s+gia|su\s+dung)\b")


# "có thêm 37 doanh nghiệp", "tăng thêm 2 trường": a count added over the term
_ADDED = re.compile(
    r"\b(?:(?:co|tang|xay\s+dung|thanh\s+lap)\s+them|"
    # works done: "cứng hóa N km đường …" (OCR "cirng hoa"), "nâng cấp N km", "trồng mới N ha"
    r"c(?:u|ir|w)ng\s+hoa|be\s+tong\s+hoa|nhua\s+hoa|nang\s+cap|cai\s+tao|chinh\s+trang|lam\s+moi|xay\s+moi|"
    r"trong\s+moi|hoan\s+thanh|"
    # "xây dựng, sửa chữa N căn nhà", "huy động trên N tỷ đồng đầu tư …"
    r"sua\s+chua|xay\s+dung|huy\s+dong)(?:\s+them)?\s*$"
)
_OWN_PART = re.compile(r"rieng\s+(?!n[a-z]{0,2}m\b)")
# "còn 17 hộ nghèo", "hoàn thành 100% chỉ tiêu giao quân": nothing named before the figure, which the words after
# it name; "có" (an inventory: "có 15 thôn") is not such a verb
_NAMED_AFTER_VERB = re.compile(r"\b(?:con|dat|hoan\s+thanh)\s*(?:tren|hon|khoang|gan)?\s*$")
# "(mới đạt 61%)", "(chỉ đạt 58,2%)", "(đạt 93%)": the level reached, in parentheses
_PAREN_LEVEL = re.compile(r"\s*(?:moi|chi|chua|cung\s+chi)?\s*(?:dat|dat\s+duoc|con)\s*")


def _overshoot(view: str, cs: int, q: Quantity) -> bool:
    """The figure says by how much a target was beaten ("vượt hơn 31% dự toán")."""
    return bool(_OVERSHOOT.search(view[max(cs, q.num_start - 45) : q.num_start]))


def extract_results(doc: Document) -> list[Result]:
    """Result figures stated in the review prose of a plan text, in document order."""
    sections = cx.sections_of(doc)
    term = cx.plan_term(doc)
    review_term = cx.review_term(term)
    skip = [cx.view_range(doc, s) for s in sections if s.kind in ("table", "appendix")]
    out: list[Result] = []
    for vs, ve in _review_ranges(doc, sections, term):
        for part in tg._subtract((vs, ve), skip):
            for item in tg._items(doc, sections, part[0], part[1], skip):
                out.extend(_item_results(doc, sections, item, review_term))
    seen: dict[str, Result] = {}
    for r in out:
        seen.setdefault(r.key, r)
    return sorted(seen.values(), key=lambda r: (r.evidence.start, r.evidence.end))


def _review_ranges(
    doc: Document, sections: list[Section], term: tuple[int | None, int | None]
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for sec in sections:
        if sec.kind in ("table", "footnote", "item", "clause", "appendix"):
            continue
        if not tg._is_review(sections, sec, term):
            continue
        if any(s.kind == "appendix" for s in tg._chain(sections, sec)):
            continue
        rng = cx.view_range(doc, sec)
        if any(s <= rng[0] and rng[1] <= e for s, e in out):
            continue
        out = [(s, e) for s, e in out if not (rng[0] <= s and e <= rng[1])]
        out.append(rng)
    return sorted(out)


def _item_results(
    doc: Document, sections: list[Section], item: tg._Item, review_term: tuple[int | None, int | None]
) -> list[Result]:
    view = cx.view_text(doc)
    _, clauses = tg._clauses(view, item.vs, item.ve)
    item_qs = cx.quantities(doc, item.vs, item.ve)
    headings = tg._headings(doc, sections, item)
    out: list[Result] = []
    # The last result of the sentence: a clause after it that only goes on ("; trong đó tỉnh A tăng X%",
    # "; cuối năm 2025 còn Y%", "; dịch vụ Z%" after a share) is about the same indicator.
    last: tuple[int, Result] | None = None
    # "Đến cuối năm 2025, toàn phường còn 17 hộ nghèo; tỷ lệ hộ nghèo … còn 0,19%": a time phrase that opens a
    # sentence (or its part after a colon) holds for the sentence's later clauses that state none.
    opening: dict[int, cx.Time] = {}
    for c in clauses:
        cs = cx.strip_lead(view, c.vs, c.ve)
        ce = cx.trim_end(view, cs, c.ve)
        if ce <= cs:
            continue
        qs = [q for q in item_qs if cs <= q.num_start < ce]
        if c.sentence not in opening:
            opening[c.sentence] = _opening_time(view, cs, qs[0].start if qs else ce)
        held = opening[c.sentence]
        if not qs:
            r = _verdict_result(doc, cs, ce, item, headings, review_term)
            if r is not None:
                out.append(r)
            continue
        if any((q.unit_key or "").startswith("chi tieu") for q in qs):
            continue  # counts of indicators ("16/19 chỉ tiêu") are not results of one indicator
        sentence_start = max(view.rfind(". ", item.vs, cs) + 2, item.vs)
        # "…; riêng thu tiền sử dụng đất đạt N tỷ đồng": a part of the sentence's figure, as after "trong đó". Not
        # the shared component marker: there "riêng tỉnh A (cũ) …" would lose the old province it is about.
        part = c.component or bool(_OWN_PART.match(view, cs))
        before = last[1] if last is not None and last[0] == c.sentence else None
        prev: Result | None = None
        parts: list[Result] = []
        for ss, se in _result_parts(view, cs, ce, qs):
            sqs = [q for q in qs if ss <= q.num_start < se]
            r = _clause_result(doc, ss, se, sqs, item, headings, review_term, sentence_start, prev,
                               earlier=before if prev is None else None, component=part, held=held)
            if r is not None:
                parts.append(r)
                last = (c.sentence, r)
            prev = r
        out.extend(_shared_verdict(view, parts, qs[-1].end, ce))
    return out


def _shared_verdict(view: str, parts: list[Result], tail_start: int, ce: int) -> list[Result]:
    """"số bác sĩ đạt 19,6 …, số giường bệnh đạt 68,5 …, đều vượt kế hoạch": a verdict that closes the clause
    after "đều" (both, all) is also the verdict of the clause's earlier results that state none."""
    tail = match_key(view[tail_start:ce])
    shared = _stated_status(tail) if re.search(r"\bdeu\b", tail) else None
    if shared is None or len(parts) < 2:
        return parts
    return [r if r.status is not None else replace(r, status=shared) for r in parts]


def _opening_time(view: str, cs: int, end: int) -> cx.Time:
    """The time phrase that opens a clause, before its first figure and set off by a comma ("Đến cuối năm
    2025, …", "Cơ cấu kinh tế chuyển dịch đúng hướng: năm 2025, …"), or an empty Time."""
    head = view[cs:end]
    start = head.rfind(":") + 1
    t = cx.time_in(head[start:], cs + start)
    if t.empty or len(t.spans) != 1:
        return cx.Time()
    s, e = t.spans[0]
    if view[cs + start : s].strip() or not view[e:end].lstrip().startswith(","):
        return cx.Time()
    return t


def _result_parts(view: str, cs: int, ce: int, qs: list[Quantity]) -> list[tuple[int, int]]:
    """Cut a clause at the comma before a second result: "giảm bình quân 0,41%/năm, đến cuối năm 2024 còn 0,18%".

    The figure after the comma must be a new level stated with a result verb; comparisons with a target or a
    baseline ("vượt mục tiêu (10%)", "cao hơn đầu nhiệm kỳ 31 triệu", "bằng 94% kế hoạch") stay in the clause.
    """
    values = [q for q in qs if q.kind == "value" and q.unit is not None and not q.of_plan]
    cuts: list[int] = []
    for a, b in zip(values, values[1:], strict=False):
        gap = view[a.end : b.start]
        also = re.search(r"\s+va\s*$", gap)
        if "," not in gap and also and a.unit == b.unit and _is_count(a):
            cuts.append(a.end + also.start())  # "N xã đạt chuẩn A và M xã đạt chuẩn B"
            continue
        works = _ADDED.search(gap)
        joined = works and re.search(r"\s+va\s*$", gap[: works.start()])
        if works and joined and not re.search(r"\d", gap):
            cuts.append(a.end + joined.start())  # "bê tông hóa 12,8 km đường … và hoàn thành 2 tuyến đường …"
            continue
        comma = gap.rfind(",")
        if comma == -1 or re.search(r"\([^)]*\d|\)[^(]*\d", gap) or gap.count("(") != gap.count(")"):
            continue  # a figure in parentheses between them ("vượt mục tiêu (10%)") belongs to the first
        if _RAISED.match(view, a.end + comma + 1):
            cuts.append(a.end + comma)  # "…, nâng tỷ lệ … từ X% lên Y%": another indicator raised
            continue
        if (b.unit or "").startswith("%") and not (a.unit or "").startswith("%"):
            continue  # "đạt X tỷ đồng, đạt Y%": a percent after an amount is of the plan
        lead = view[a.end + comma + 1 : b.num_start]  # with the second figure's qualifier ("còn")
        if _COMPARISON.search(lead) or _BASELINE_AFTER.match(view, b.end):
            continue
        subject = _SUBJECT_CHANGE.search(lead)
        # "… còn 2,36%, bình quân giảm 1,64%/năm": the rate of change after the level
        rate = subject and (b.unit or "").endswith("/năm") and not (a.unit or "").endswith("/năm")
        if _SECOND_RESULT.search(lead) or rate or subject and set(lead[: subject.start()].split()) - _NOT_A_SUBJECT:
            cuts.append(a.end + comma)
    bounds = [cs, *cuts, ce]
    return [(bounds[i] if i == 0 else bounds[i] + 1, bounds[i + 1]) for i in range(len(bounds) - 1)]


def _past_name_number(
    doc: Document, cs: int, main: Quantity, qs: list[Quantity], parens: list[tuple[int, int]]
) -> Quantity:
    """The figure after a number that is part of the indicator's name: "tỷ lệ huy động trẻ 6 tuổi vào lớp 1 đạt
    100%" is 100%, not 6 tuổi. Only a percent after a result verb, with the name before the number and no comma
    between (a count that comes first, "5 xã đạt chuẩn, 2 xã …", is left alone)."""
    view = cx.view_text(doc)
    if not _named(view[cs : main.start]) or _has_result_verb(doc, cs, main.num_start):
        return main
    for q in qs:
        if q.num_start <= main.end or q.kind != "value" or q.of_plan or cx.inside(parens, q.num_start):
            continue
        if (q.unit or "").startswith("%") and "," not in view[main.end : q.num_start]:
            return q if _has_result_verb(doc, main.end, q.num_start) else main
        break
    return main


def _without_estimate(label: str) -> tuple[str, bool]:
    """The label without a leading "Ước (tính)" (OCR "Uéc", "Wéc"), and whether it had one: "Ước đến cuối năm
    2025, tỷ lệ nhà ở kiên cố đạt X%" is an estimate (~) of "tỷ lệ nhà ở kiên cố"."""
    words = label.split()
    if len(words) > 2 and re.fullmatch(r"[uw][oe]c,?", match_key(words[0])):
        words = words[2:] if match_key(words[1]).strip(",") == "tinh" else words[1:]
        return " ".join(words).lstrip(" ,;:"), True
    return label, False


def _level_of(label: str, concept: str | None) -> tuple[str, str | None]:
    """The indicator of a level stated after its rate of change ("Tỷ lệ hộ nghèo giảm bình quân X%/năm, cuối
    năm còn Y%"): the wording without its change words, when that names an indicator of its own."""
    words = label.split()
    while words and match_key(words[-1]) in _CHANGE_WORDS:
        words.pop()
    level = tg.match_concept(" ".join(words), "") if words and len(words) < len(label.split()) else None
    return (" ".join(words), level) if level else (label, concept)


_CHANGE_WORDS = frozenset({"tang", "giam", "binh", "quan", "moi", "nam"})


def _is_count(q: Quantity) -> bool:
    """A count of things (communes, schools, households: ``pk:dimension "count"``), not money or a measure."""
    match = resolve_unit(q.unit) if q.kind == "value" and q.unit else None
    return match is not None and match.dimension == "count"


def _named(label: str | None) -> bool:
    """The label names something: a word other than a result verb or a time word ("cuối năm 2025 còn"), or
    the whole area ("toàn xã có")."""
    key = _WHOLE_AREA.sub(" ", match_key(label or ""))
    words = set(key.split()) - _NOT_A_NAME
    return bool(words)


def _named_besides_verb(label: str | None) -> bool:
    """The label names something once a closing "còn", "đạt", "hoàn thành" is left out ("toàn phường còn")."""
    return _named(_NAMED_AFTER_VERB.sub("", match_key(label or "")))


# "toàn xã", "cả tỉnh", "trên địa bàn": the area the text is about, not what a figure counts
_WHOLE_AREA = re.compile(
    r"\b(?:(?:toan|ca)\s+(?:" + "|".join(p.replace(" ", r"\s+") for p, _ in TYPE_FORMS) + r")|tren\s+dia\s+ban)\b"
)


_NOT_A_NAME = frozenset(
    "dat con tang giam chiem uoc len xuong la va den cuoi dau nam giai doan bang don co trong do rieng thu".split()
)


def _has_result_verb(doc: Document, a: int, b: int) -> bool:
    """A result verb in view range [a, b); folded "dat" is also "đất" (land: "diện tích đất là N ha")."""
    view, orig = cx.view_text(doc), cx.aligned(doc)
    for m in _RESULT_VERB.finditer(view, a, b + 16):  # the figure after the verb may be looked at
        if m.start() < b and orig[m.start() : m.end()].lower() not in ("đất", "đât"):
            return True
    return False


def _verdict_result(
    doc: Document,
    cs: int,
    ce: int,
    item: tg._Item,
    headings: list[str],
    review_term: tuple[int | None, int | None],
) -> Result | None:
    """A verdict on one named indicator without a figure: "Đảng bộ đạt và vượt chỉ tiêu giảm hộ nghèo"."""
    view = cx.view_text(doc)
    m = _NAMED_VERDICT.search(view, cs, ce)
    if m is None:
        return None
    status = _stated_status(view[cs:ce])
    if status is None:
        return None
    ev = cx.evidence(doc, cs, ce)
    label = cx.label_from(doc, m.start("name"), m.end("name"), []) or ev.quote
    time = cx.time_in(view[cs:ce], cs)
    return Result(
        key=fact_key("result", ev.start, ev.end),
        label=label,
        comparator="bool",
        value=None,
        value_max=None,
        unit=None,
        evidence=ev,
        **(
            {"year": time.year, "period_start": time.period_start, "period_end": time.period_end}
            if not time.empty else cx.term_time(review_term)
        ),
        status=status,
        list_number=item.number,
        section=item.section.key if item.section else None,
        field=cx.field_for(headings, label),
    )


@dataclass(frozen=True)
class _ReviewClause:
    """A clause (or a part of one cut by :func:`_result_parts`) of review prose: view range and figures."""

    doc: Document
    view: str
    cs: int
    ce: int
    qs: list[Quantity]
    parens: list[tuple[int, int]]

    @property
    def text(self) -> str:
        return self.view[self.cs : self.ce]

    def before(self, pos: int, width: int) -> str:
        """The view text in the *width* characters before *pos*, not before the clause."""
        return self.view[max(self.cs, pos - width) : pos]


def _clause_result(
    doc: Document,
    cs: int,
    ce: int,
    qs: list[Quantity],
    item: tg._Item,
    headings: list[str],
    review_term: tuple[int | None, int | None],
    sentence_start: int | None = None,
    carry: Result | None = None,
    *,
    earlier: Result | None = None,
    component: bool = False,
    held: cx.Time | None = None,
) -> Result | None:
    """The result a clause states, if any: its figure (:func:`_stated_figure`, else a parenthesised level or
    :func:`_lone_figure`), the target it is compared with, its name and time, and the verdict.

    ``carry``: the result of the clause part before, whose indicator a part cut off by
    :func:`_result_parts` goes on with ("…, đến cuối năm 2024 còn 0,18%").

    ``earlier``: the last result of an earlier clause of the sentence. A component clause ("; trong đó tỉnh A
    tăng X%") goes on with its indicator when it names none of its own, another clause only when it names
    nothing ("; cuối năm 2025 còn Y%"); after a share ("tỷ trọng công nghiệp … chiếm X%"), "; dịch vụ Z%" is
    the next share. Such a clause without a time phrase has the earlier result's time, else the time *held*
    by the sentence's opening phrase (:func:`_opening_time`)."""
    view = cx.view_text(doc)
    c = _ReviewClause(doc, view, cs, ce, qs, cx.paren_ranges(view, cs, ce))
    text = c.text
    plan_share: Quantity | None = None
    main = _stated_figure(c)
    if main is None:
        paren = _parenthesised_level(view, cs, qs, c.parens)
        if paren is not None:
            return _paren_result(doc, cs, ce, paren, item, headings, review_term, sentence_start)
        main, plan_share = _lone_figure(c, sentence_start)
        if main is None:
            return None
    if main.unit is None and main.kind != "slash":
        return None
    later = _later_level(c, main)
    main = later or main
    target_value, target_max, target_comp = _compared_target(c, main)
    of_plan = _percent_of_plan(c, main) or plan_share
    stated = _stated_status(text)
    comparative = stated or target_value is not None or of_plan is not None or _TIMES.search(text)
    label, estimated = _without_estimate(
        cx.label_from(doc, cs, main.start, list(cx.time_in(text, cs).spans) + c.parens)
    )
    if main is plan_share and not _named_besides_verb(label):
        label = cx.label_from(doc, main.end, ce, c.parens) or label  # "hoàn thành 100% chỉ tiêu giao quân"
    concept = tg.match_concept(label, doc.text[slice(*doc.views.repaired.span(cs, ce))]) if label else None
    lead_start = sentence_start if sentence_start is not None else cs
    verb_before = _has_result_verb(doc, cs, main.num_start)  # a result verb before the figure
    went_on, part_of, next_share = _continues(
        c, main, label, bool(concept or _INDICATOR_HEAD.match(match_key(label or ""))), verb_before, lead_start,
        earlier, component,
    )
    if went_on:
        carry = earlier
    if not comparative and main.kind not in ("times", "rank"):
        named = _uncompared_name(
            c, main, label, concept, view[lead_start : main.start], verb_before, carry,
            earlier if part_of else None, next_share,
        )
        if named is None:
            return None
        label, concept = named
    status, computed = stated, False
    if status is None:
        status, computed = _computed(main, target_value, of_plan, text, concept)
    time = cx.time_in(view[main.end : ce], main.end) if main is later else cx.time_in(text, cs)
    if time.empty and earlier is not None and (went_on or next_share or part_of):
        time = cx.Time(year=earlier.year, period_start=earlier.period_start, period_end=earlier.period_end)
    if time.empty and held is not None and not held.empty:
        time = cx.Time(year=held.year, period_start=held.period_start, period_end=held.period_end)
    ev = cx.evidence(doc, cs, ce)
    return _figure_result(
        ev, label or ev.quote, main, time, item, headings, review_term,
        # an estimate, or a part of one ("ước đạt 5,1 triệu lượt, trong đó khách quốc tế 1,9 triệu lượt")
        comparator=("~" if main.comparator == "=" and (estimated or part_of and earlier.comparator == "~")  # type: ignore[union-attr]
                    else main.comparator)
        if main.kind in ("value", "rank") else "=",
        concept=concept,
        target_value=target_value,
        target_value_max=target_max,
        target_comparator=target_comp,
        status=status,
        status_computed=computed and status is not None,
    )


def _stated_figure(c: _ReviewClause) -> Quantity | None:
    """The clause's figure: its first value or slash form outside parentheses that is not a percent of plan, a
    count of indicators or an overshoot; past a number that belongs to the indicator's name."""
    main = next(
        (
            q
            for q in c.qs
            if q.kind in ("value", "slash")
            and not q.of_plan
            and not cx.inside(c.parens, q.num_start)
            and not (q.unit_key or "").startswith("chi tieu")
            and not _overshoot(c.view, c.cs, q)
        ),
        None,
    )
    if main is not None and not (main.unit or "").startswith("%"):
        main = _past_name_number(c.doc, c.cs, main, c.qs, c.parens)
    return main


def _lone_figure(c: _ReviewClause, sentence_start: int | None) -> tuple[Quantity | None, Quantity | None]:
    """A clause without a stated level: the figure it gives instead, and whether that is a percent of plan.

    "thu tiền sử dụng đất gấp 1,3 lần chỉ tiêu", "năm 2025 gấp 2,1 lần năm 2020": a multiple; "năm 2024 xếp thứ
    3/56 phường, xã": a rank; "năm 2025 vượt hơn 31% dự toán": only the overshoot; "<indicator> chỉ đạt X% kế
    hoạch": a percent of plan that is the clause's only figure."""
    outside = [q for q in c.qs if not cx.inside(c.parens, q.num_start)]
    main = next((q for q in outside if q.kind == "times"), None)
    if main is not None and not (_TIMES.search(c.text) or _TIMES_BASELINE.search(c.text)):
        main = None
    # an index or a size ranked: "chỉ số … xếp thứ N/M", "… đứng thứ N"
    if _RANKED.search(c.view[sentence_start if sentence_start is not None else c.cs : c.ce]):
        main = main or next((q for q in outside if q.kind == "rank"), None)
    main = main or next(
        (
            q
            for q in outside
            if q.kind == "value" and (q.unit or "").startswith("%") and _overshoot(c.view, c.cs, q)
        ),
        None,
    )
    values = [q for q in outside if q.kind == "value"]
    if main is None and len(values) == 1 and values[0].of_plan and values[0].unit_key == "%":
        q = values[0]
        if re.search(r"(?:dat|bang|hoan\s+thanh)\s*$", c.before(q.start, 12)) and not _overshoot(c.view, c.cs, q):
            return q, q
    return main, None


def _later_level(c: _ReviewClause, main: Quantity) -> Quantity | None:
    """"từ (mức) X% năm A xuống còn Y% năm B": the later level, which is the result; None when the clause has
    no such pair."""
    later = next(
        (
            q
            for q in c.qs
            if q.num_start > main.end
            and q.kind == "value"
            and not q.of_plan
            # the words right before the number (its own qualifier "còn" included: OCR spells "xuống" "xudng");
            # "lên mức 53,2%" (OCR "1én mirc")
            and re.search(r"(?:len|xuong|con|den|thanh)\s*(?:con\s*)?(?:m(?:u|ir)c\s*)?$", c.before(q.num_start, 18))
        ),
        None,
    )
    from_level = re.search(r"(?:^|\W)t(?:u|ir)\s+m(?:u|ir)c\s*$", c.before(main.start, 12))
    if later is not None and (main.qualifier in ("tu", "tir") or from_level):
        return later
    return None


def _compared_target(c: _ReviewClause, main: Quantity) -> tuple[Decimal | None, Decimal | None, str | None]:
    """The target the figure is compared with (value, upper value, comparator): the slash denominator, or a
    figure after "mục tiêu/kế hoạch" (in parentheses, or after a target word)."""
    for q in c.qs:
        if q is main or q.num_start < main.end:
            continue
        lead = c.before(q.start, 40)
        if (
            cx.inside(c.parens, q.num_start)
            and re.search(r"(?:muc\s+tieu|ke\s+hoach|chi\s+tieu)[^;\d]{0,30}$", lead)
            or _TARGET_BEFORE.search(lead)
        ):
            if q.kind == "value" and not q.of_plan:
                return q.value, q.value_max, q.comparator
    return (main.denominator if main.kind == "slash" else None), None, None


def _percent_of_plan(c: _ReviewClause, main: Quantity) -> Quantity | None:
    """The percent of plan after the figure ("…, đạt 104% kế hoạch"); "vượt 1,7% so với Nghị quyết" is by how
    much, not a percent of plan."""
    after_level = next(
        (
            q
            for q in c.qs
            if q is not main
            and q.unit_key == "%"
            and q.num_start > main.end
            and re.search(r"(?:dat|bang)\s*$", c.before(q.start, 8))
        ),
        None,
    )
    return after_level or next((q for q in c.qs if q.of_plan and q is not main and not _overshoot(c.view, c.cs, q)),
                              None)


def _continues(
    c: _ReviewClause,
    main: Quantity,
    label: str | None,
    own_name: bool,
    verb_before: bool,
    lead_start: int,
    earlier: Result | None,
    component: bool,
) -> tuple[bool, bool, bool]:
    """How a clause goes on from the *earlier* result of its sentence: (the same indicator, a part of the
    earlier figure under its own name, the next share of a structure)."""
    if earlier is None:
        return False, False, False
    # "; trong đó tỉnh A (cũ) tăng X%": the same indicator for a part of the area; "; cuối năm 2025 còn Y%"
    went_on = (
        not own_name
        and (not _named(label) or component and bool(_PLACE.match(match_key(label or ""))))
        and verb_before
    )
    # "…; trong đó <a part> chiếm X%": a part of the earlier figure, under its own name
    part_of = component and not went_on
    next_share = (
        not went_on
        and (main.unit or "").startswith("%")
        and (earlier.unit or "").startswith("%")
        and bool(
            _STRUCTURE_WORD.search(c.view[lead_start : c.cs])
            or re.search(r"\bchiem\b", match_key(earlier.evidence.quote))
        )
        and len((label or "").split()) <= 8
        and not verb_before
        and not c.view[main.end : c.ce].strip(" ,.;")
    )
    return went_on, part_of, next_share


def _uncompared_name(
    c: _ReviewClause,
    main: Quantity,
    label: str | None,
    concept: str | None,
    lead: str,
    verb_before: bool,
    carry: Result | None,
    whole: Result | None,
    next_share: bool,
) -> tuple[str | None, str | None] | None:
    """A figure compared with nothing is a result only when something names it; its (label, concept), or None.

    Named by: a result verb after a known indicator, an indicator head or the indicator carried from before; a
    share in a structure; a percent or a count that comes before its subject ("trên 90% tổ chức cơ sở đảng hoàn
    thành …"); what a count added ("có thêm 37 doanh nghiệp thành lập mới"); what the unit counts ("đón N triệu
    lượt khách"); or, as a part of the *whole* it breaks down, its own name in the whole's unit."""
    view, cs, ce, doc = c.view, c.cs, c.ce, c.doc
    before = view[cs : main.start]
    head = _INDICATOR_HEAD.match(match_key(label or ""))
    count = _is_count(main)
    verb = verb_before or bool(
        # "Tỷ suất sinh thô năm 2025 là 11,2‰" (a rate; "diện tích … là 250 ha" is not a result)
        re.match(r"(?:ty\s+le|ty\s+suat|ty\s+trong|chi\s+so)\b", match_key(label or ""))
        and re.search(r"\bla\s*$", before)
    )
    share = (main.unit or "").startswith("%") and bool(
        _STRUCTURE_LEAD.search(lead)
        # "năm A, <sector> chiếm X%": a named share
        or _named(label) and re.search(r"\bchiem\s*$", before)
    ) or next_share
    first = (
        (main.unit or "").startswith("%")
        # after the colon of a lead ("Đời sống văn hóa … khởi sắc: hằng năm có trên 93% hộ …")
        and len(cx.without_time(before[before.rfind(":") + 1 :]).split()) <= 4
        or count
        and not _named(label)
        and not verb_before
    ) and bool(_SUBJECT_VERB_AFTER.search(view[main.end : ce]))
    after_verb = (
        carry is None  # "năm 2020 ước đạt 10,64 triệu lượt" after "Lượng khách …": the carried indicator
        and not first
        and not _named_besides_verb(label)
        and ((main.unit or "").startswith("%") or count)
        and bool(_NAMED_AFTER_VERB.search(view[cs : main.num_start]))  # with the figure's own qualifier ("còn")
        and bool(re.search(r"[a-z]", view[main.end : ce]))
    )
    # "…, nâng tổng số sản phẩm OCOP của phường lên 11 sản phẩm": the total it raised
    raised = bool(_RAISED.match(view, cs)) and bool(re.search(r"\blen\s*$", before))
    # "Toàn xã có thêm 37 doanh nghiệp thành lập mới": a count the term added, named by what follows
    added = (
        main.kind == "value"
        and main.unit is not None
        and not main.unit.startswith("%")
        and bool(_ADDED.search(before))
        and ce - main.end > 3
    )
    # "năm A đón N triệu lượt khách": nothing named before the figure but what its unit counts
    counted = None
    if carry is None and not _named(label) and main.unit:
        words = [w for w in main.unit.split() if number_multiplier(w) is None]  # without "triệu", "tỷ", …
        counted = " ".join(words) if len(words) >= 2 else None
    # "…, trong đó <a part> N tỷ đồng": a part of the earlier figure, in its unit
    breakdown = whole is not None and same_measure(main.unit, whole.unit)
    if main.unit is None or not (
        verb and (concept is not None or head or carry or whole or counted)
        or share or first or added or breakdown or after_verb or raised
    ):
        return None
    if raised:
        verb_end = cs + len(_RAISED.match(view, cs).group(1))  # type: ignore[union-attr]  # raised: it matched
        label = cx.label_from(doc, verb_end, main.start, c.parens).strip() or label
        if main.unit and re.fullmatch(r"(?:tong\s+)?so", match_key(label or "")):
            label = f"{label} {main.unit}"  # "nâng tổng số lên 18 khu công nghiệp": the total of what it counts
        concept = tg.match_concept(label, "") if label else None
    elif first and count:
        comma = view.find(",", main.end, ce)
        named_by = (main.num_end, comma if comma != -1 else ce)
        label = cx.label_from(doc, *named_by, c.parens) or label  # "xã đạt chuẩn nâng cao"
        concept = tg.match_concept(label, "") if label else None
    elif carry is not None and not (concept or head):
        label, concept = carry.label, carry.concept
        changed = re.search(r"\b(?:tang|giam)\s*$", before)  # "riêng năm 2025 tăng Y%"
        if main.unit == "%" and (carry.per_year or (carry.unit or "").endswith("/năm")) and not changed:
            label, concept = _level_of(label, concept)
    elif counted:
        label, concept = counted, tg.match_concept(counted, "")
    elif after_verb:
        label = cx.label_from(doc, main.num_end if count else main.end, ce, c.parens) or label
        concept = tg.match_concept(label, "") if label else None
    if first and not count:
        label = cx.label_from(doc, main.end, ce, c.parens) or label
    elif added and not first and not (verb and (concept is not None or head or carry)):
        # named by what follows: the counted things ("doanh nghiệp thành lập mới"), or after a measure
        label = cx.label_from(doc, main.num_end if count else main.end, ce, c.parens) or label
        concept = tg.match_concept(label, "") if label else None
    return label, concept


def _figure_result(
    ev: Evidence,
    label: str,
    q: Quantity,
    time: cx.Time,
    item: tg._Item,
    headings: list[str],
    review_term: tuple[int | None, int | None],
    *,
    concept: str | None,
    comparator: str | None = None,
    **verdict: object,
) -> Result:
    """A Result for figure *q* read at *ev*; without a time phrase it takes the reviewed term (or year)."""
    r = Result(
        key=fact_key("result", ev.start, ev.end),
        label=label,
        comparator=comparator or q.comparator,
        value=q.value,
        value_max=q.value_max,
        unit=q.unit,
        evidence=ev,
        unit_id=tg._unit_id(q.unit),
        year=time.year,
        period_start=time.period_start,
        period_end=time.period_end,
        per_year=q.per_year or time.per_year,
        list_number=item.number,
        section=item.section.key if item.section else None,
        field=cx.field_for(headings, label),
        concept=concept,
        **verdict,  # type: ignore[arg-type]  # target value, comparator and max, status, status_computed
    )
    if r.year is None and r.period_start is None and review_term[0]:
        r = replace(r, **cx.term_time(review_term))
    return r


def _parenthesised_level(view: str, cs: int, qs: list[Quantity], parens: list[tuple[int, int]]) -> Quantity | None:
    """"…, <indicator> (mới đạt X%)": the level achieved, in parentheses after the indicator's name."""
    for q in qs:
        if q.kind != "value" or q.unit is None or q.of_plan or not cx.inside(parens, q.num_start):
            continue
        opening = view.rfind("(", cs, q.num_start)
        if opening > cs and _PAREN_LEVEL.fullmatch(view[opening + 1 : q.start]):
            return q
    return None


def _paren_result(
    doc: Document,
    cs: int,
    ce: int,
    q: Quantity,
    item: tg._Item,
    headings: list[str],
    review_term: tuple[int | None, int | None],
    sentence_start: int | None,
) -> Result | None:
    """The result of a parenthesised level: labelled by the indicator named right before the parenthesis (the
    last item of a list), with the verdict the clause states."""
    view = cx.view_text(doc)
    opening = view.rfind("(", cs, q.num_start)
    closing = view.find(")", q.end, ce + 1)
    if closing == -1:
        return None
    before = view[cs:opening]
    starts = [m.end() for m in re.finditer(r"[,:;]\s*|\bva\s+", before)]
    ls = cs + (starts[-1] if starts else 0)
    label = cx.label_from(doc, ls, opening, [])
    if not label:
        return None
    concept = tg.match_concept(label, "")
    if concept is None and not _INDICATOR_HEAD.match(match_key(label)):
        return None
    status = _stated_status(view[sentence_start if sentence_start is not None else cs : ce])
    ev = cx.evidence(doc, ls, closing + 1)
    time = cx.time_in(view[ls : closing + 1], ls)
    return _figure_result(ev, label, q, time, item, headings, review_term, concept=concept, status=status)


def _stated_status(text: str) -> str | None:
    key = match_key(text)
    if _NOT_MET.search(key):
        return "not_met"
    if re.search(
        r"\bvuot(?:\s+\S+){0,4}?\s+(?:muc\s+tieu|ke\s+hoach|chi\s+tieu|du\s+toan|nghi\s+quyet)", key
    ) or re.search(r"\bvuot\s+(?:hon\s+)?\d[\d.,\s]*%", key):
        return "exceeded"
    if _MET.search(key):
        return "met"
    return None


def _computed(
    main: Quantity, target: Decimal | None, of_plan: Quantity | None, text: str, concept: str | None
) -> tuple[str | None, bool]:
    if of_plan is not None:
        v = of_plan.value
        return ("exceeded" if v > 100 else "met" if v == 100 else "not_met"), True
    m = re.search(r"gap\s+([\d.,]+)\s+lan", text)
    if m and _TIMES.search(text):
        return "exceeded", True
    if target is None:
        return None, False
    polarity = "higher_is_better"
    idx = tg.indicator_index()
    if concept:
        try:
            polarity = idx.polarity(concept)
        except KeyError:  # unknown concept: assume higher is better
            polarity = "higher_is_better"
    v = main.value
    if v == target:
        return "met", True
    better = v > target if polarity != "lower_is_better" else v < target
    return ("exceeded" if better else "not_met"), True
