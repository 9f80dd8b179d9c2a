"""Targets and results read from tables (see :mod:`builder.tables`).

A *results* table row gives a :class:`~builder.facts.Result` (the achieved figure, the planned figure it is
compared with, the verdict stated in the comparison column or computed from value, target and the
indicator's polarity) and the past term's :class:`~builder.facts.Target` (the planned figure with its
comparator), so that targets of the previous term appear in the graph. A *targets* table row gives the
coming term's Targets. A row without any figure but with a verdict is a ``bool`` Result.

Conventions:

- ``year`` comes from the column header ("Đến 2025", "Ước 2025", "Thực hiện 2025", "Mục tiêu đến 2030") or from
  the row ("đến năm 2030"), except for averages over the period (``/năm``, "Bình quân") and rows that name
  their own period ("… giai đoạn 2021-2025"); ``per_year`` from "Bình quân" columns and ``/năm`` units; the
  period from the table's heading or header ("giai đoạn 2021-2025", "nhiệm kỳ 2020-2025") or from the cell itself.
- ``scope`` holds a raw unit phrase — the type word in its standard spelling plus the name as written
  (``"tỉnh Hải Dương"``, OCR ``"phường Quiang Thanh"``) — read from the heading above the table
  ("… Đảng bộ tỉnh Hải Dương") or from a group row ("Đảng bộ phường Quảng Thanh"); the linker resolves it.
- ``field`` comes from group rows ("A. Chỉ tiêu kinh tế", "II | Các chỉ tiêu về Kinh tế").
- Evidence is the whole row (all its lines). When one row gives two facts of one kind (a 2025 and a 2030
  target), the second one's evidence ends at its own cell, so that keys stay unique.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..document import Document
from ..facts import Evidence, Result, Target, fact_key
from ..normalise import fold_repaired
from ..numbers import try_number
from ..tables import Column, Row, Table, verdict_of
from .context import NO_POOR, mask_standards
from .units import TYPE_FORMS

__all__ = ["extract_table_facts", "Figure", "cell_figure", "compute_status"]

# The OCR-tolerant type words of the unit mention reader, with any spacing between their syllables.
_TYPE_WORDS = tuple((p.replace(" ", r"\s+"), w) for p, w in TYPE_FORMS)
_SCOPE_RE = re.compile(
    r"[dbp]\w{0,2}ng\s+b\S{0,2}\s+(?P<type>"
    + "|".join(p for p, _ in _TYPE_WORDS)
    + r")\s+(?P<name>[^\n,.;:()]+)"
)
# Words that end a unit name in a heading: congress numbers, terms, periods.
_NAME_END_RE = re.compile(
    r"\b(?:l\w{1,2}n\s+th\w{1,2}|kh\w{1,2}a\b|nhi\w{1,2}m\s+k\w|giai\s+d\w{1,3}n|t\w{1,2}i\s|"
    r"(?:19|20)\d\d|[ivx]+\b)"
)
_FIELDS = (
    ("party", r"x\w{1,2}\s+d\w{1,3}g\s+[dbp]\w{0,2}ng\b|cong\s+tac\s+[dbp]\w{0,2}ng\b"),
    ("defence", r"quoc\s+phong|an\s+ninh"),
    ("administration", r"hanh\s+chinh|chinh\s+quyen"),
    ("environment", r"moi\s+truong"),
    ("urban", r"do\s+thi"),
    ("economy", r"kinh\s+te(?!\s*-\s*xa)"),
    ("society", r"xa\s+hoi|v\w{1,2}n\s+hoa|y\s+te|giao\s+duc"),
)
_LOWER_BETTER = re.compile(
    r"that\s+nghiep|ngheo|thieu\s+viec|o\s+nhiem|tai\s+nan|tu\s+vong|suy\s+dinh\s+duong|toi\s+pham|"
    r"chon\s+lap|sinh\s+con\s+th\w{1,2}\s+3|giam"
)
_YEAR_IN_ROW = re.compile(
    r"\b(?:[dbp]en|vao|cuoi)\s+(?:n\w{0,2}m\s+)?((?:19|20)\d\d)\b|\bn\w{0,2}m\s+((?:19|20)\d\d)\b"
)
_PERIOD_RE = re.compile(r"((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)")
# A plan period named in a row ("giai đoạn 2025 - 2030"), not a standard's own ("chuẩn nghèo GĐ 2021-2025").
_ROW_PERIOD_RE = re.compile(r"(?:giai\s+doan|nhiem\s+ky)\s*((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)")
# "Tổng vốn đầu tư … cả giai đoạn", "… 5 năm": a total over the period, which has no deadline year
_OVER_PERIOD = re.compile(r"\b(?:ca|toan|trong)\s+giai\s+doan\b|\b5\s+n\w{0,2}m\b")
_PER_YEAR_WORDS = re.compile(
    # "bình quân" is an average, "bình quân đầu người" per inhabitant
    r"\bh\w{0,2}ng\s+n\w{0,2}m\b|\bmoi\s+n\w{0,2}m\b|\bbinh\s+qu\w{1,2}n\b(?!\s+d\w{0,2}u\s+ng)|/\s*n\w{0,2}m\b"
)
_SUPERSCRIPTS = "".join(chr(c) for c in (0xB9, 0xB2, 0xB3, *range(0x2070, 0x207A)))
_FOOTNOTE_MARK = re.compile(rf"(?:(?<=\b[kcdh]m)|(?<=\bm))(?P<power>[²³])|[{_SUPERSCRIPTS}]")


@dataclass(frozen=True)
class Figure:
    """A figure read from a table cell."""

    comparator: str  # = > >= < <= ~ range
    value: Decimal
    value_max: Decimal | None
    unit: str | None  # stated, accents restored where the quantity reader knows the unit
    per_year: bool
    period: tuple[int, int] | None = None  # "(giai đoạn 2021-2025)" inside the cell


def cell_figure(text: str) -> Figure | None:
    """The figure of a table cell: ``14,5%/năm``, ``< 3,5``, ``87-88``, ``335/961 (35%)``, OCR ``trén 3%``."""
    from ..quantities import find_quantities

    r = fold_repaired(text)
    if not r.strip():
        return None
    qs = find_quantities(r, r)
    values = [q for q in qs if q.kind == "value"]
    q = values[0] if values else None
    if q is None:
        return Figure("=", Decimal(0), None, "%", False) if NO_POOR.search(r) else None
    comparator = q.comparator
    sym = re.search(r"([<>≤≥])\s?$", r[: q.start])
    if sym and comparator in ("=", "~"):
        comparator = {"<": "<", ">": ">", "≤": "<=", "≥": ">="}[sym.group(1)]
    pm = _PERIOD_RE.search(r[q.end :])
    period = (int(pm.group(1)), int(pm.group(2))) if pm else None
    return Figure(comparator, q.value, q.value_max, q.unit, q.per_year, period)


def _bare_number(text: str) -> Figure | None:
    m = re.fullmatch(r"\s*([<>≤≥])?\s?(\d+(?:[.,]\d+)*)\s*", text)
    if not m:
        return cell_figure(text)
    value = try_number(m.group(2))
    if value is None:
        return None
    comp = {"<": "<", ">": ">", "≤": "<=", "≥": ">="}.get(m.group(1) or "", "=")
    return Figure(comp, value, None, None, False)


def _bounds(comp: str, v: Decimal, vmax: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    if comp == "range" and vmax is not None:
        return v, vmax
    if comp in (">", ">="):
        return v, None
    if comp in ("<", "<="):
        return None, v
    return v, v


def compute_status(
    value: Decimal, value_max: Decimal | None, comparator: str, target: Figure, polarity: str | None
) -> str | None:
    """``exceeded`` / ``met`` / ``not_met`` for an achieved figure against a planned one, or ``None``."""
    if (comparator, value, value_max) == (target.comparator, target.value, target.value_max):
        return "met"  # "< 3,5" against "< 3,5", "87-88" against "87-88"
    lo, hi = _bounds(target.comparator, target.value, target.value_max)
    x = value if value_max is None else (value + value_max) / 2
    inside = (lo is None or x >= lo) and (hi is None or x <= hi)
    if target.comparator == ">" and x == target.value or target.comparator == "<" and x == target.value:
        inside = False
    if polarity == "lower":
        if hi is not None and x < (lo if lo is not None else hi):
            return "exceeded"
        return "met" if inside else "not_met"
    if polarity == "higher":
        if lo is not None and x > (hi if hi is not None else lo):
            return "exceeded"
        return "met" if inside else "not_met"
    return "met" if inside and lo == hi else None


def _polarity(label: str, context: str, target: Figure | None) -> str | None:
    if target is not None and target.comparator in ("<", "<="):
        return "lower"
    if target is not None and target.comparator in (">", ">="):
        return "higher"
    from ..link.indicators import IndicatorIndex

    m = IndicatorIndex.load().match(label, context)
    if m is not None and m.polarity in ("lower_is_better", "higher_is_better"):
        return "lower" if m.polarity.startswith("lower") else "higher"
    key = fold_repaired(label)
    if re.search(r"ty\s+trong|co\s+cau", fold_repaired(context + " " + label)):
        return None  # shares of a structure: neither direction is better in itself
    return "lower" if _LOWER_BETTER.search(key) else "higher"


def clean_label(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text)
    # footnote marks go; the power of an area or a volume stays ("m²/người", "km²")
    text = _FOOTNOTE_MARK.sub(lambda m: m.group("power") or "", text)
    text = re.sub(r"^\s*(?:[-+•–]\s*)+", "", text)
    text = re.sub(r"^\s*(?:trong\s+đó|tr\.\s*đó|trong\s+do)\s*:?\s*(?:[-+•–]\s*)?", "", text, flags=re.I)
    text = " ".join(text.split())
    return text.strip(" |;:,.")


def _scope_in(doc: Document, start: int, end: int) -> str | None:
    """The unit phrase of "Đảng bộ <type> <Name>" inside a source range, as ``"<type word> <Name>"``."""
    view = doc.views.repaired
    vs, ve = view.to_view(start), view.to_view(end)
    found = list(_SCOPE_RE.finditer(view.text, vs, ve))
    if not found:
        return None
    m = found[-1]  # the heading nearest the table
    type_word = next(w for p, w in _TYPE_WORDS if re.fullmatch(p, m.group("type")))
    name_end = m.end("name")
    cut = _NAME_END_RE.search(view.text, m.start("name"), name_end)
    if cut is not None:
        name_end = cut.start()  # "… thành phố lần thứ XV", "… tỉnh Hải Dương nhiệm kỳ 2020-2025"
    if name_end <= m.start("name"):
        return None
    s, e = view.span(m.start("name"), name_end)
    name = " ".join(doc.text[s:e].split()).strip(" *")
    return f"{type_word} {name}" if name else None


def _field_of(text: str) -> str | None:
    key = fold_repaired(text)
    for name, rx in _FIELDS:
        if re.search(rx, key):
            return name
    return None


class _Keys:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def evidence(self, doc: Document, kind: str, row: Row, cell_end: int | None, cell_start: int) -> Evidence:
        for s, e in ((row.start, row.end), (row.start, cell_end), (cell_start, cell_end)):
            if e is None or e <= s:
                continue
            ev = doc.evidence(s, e)
            if fact_key(kind, ev.start, ev.end) not in self.used:
                self.used.add(fact_key(kind, ev.start, ev.end))
                return ev
        ev = doc.evidence(row.start, row.end)
        return ev


@dataclass
class _Ctx:
    table: Table
    scope: str | None = None
    field: str | None = None


def extract_table_facts(doc: Document) -> tuple[list[Target], list[Result]]:
    """Targets and results of every results or targets table of a document."""
    targets: list[Target] = []
    results: list[Result] = []
    keys = {"target": _Keys(), "result": _Keys()}
    for table in doc.tables:
        if table.kind not in ("results", "targets"):
            continue
        ctx = _Ctx(table, scope=_scope_in(doc, table.title_start, table.start))
        base_scope = ctx.scope
        row_targets: dict[int, Target] = {}
        row_results: dict[int, Result] = {}
        has_children = {r.parent for r in table.rows if r.parent is not None}
        for i, row in enumerate(table.rows):
            if row.kind == "group":
                text = row.text(table.col("label") or 1) or doc.text[row.start : row.end]
                unit = _scope_in(doc, row.start, row.end)
                ctx.scope = unit or base_scope
                ctx.field = None if unit else _field_of(text)
                continue
            parent = table.rows[row.parent] if row.parent is not None else None
            t_list, res = _row_facts(doc, ctx, row, parent, i in has_children, keys)
            pt = row_targets.get(row.parent) if row.parent is not None else None
            pr = row_results.get(row.parent) if row.parent is not None else None
            for k, t in enumerate(t_list):
                t = _with(t, parent=pt.key if pt else None)
                targets.append(t)
                if k == 0:
                    row_targets[i] = t
            if res is not None:
                res = _with(res, parent=pr.key if pr else None)
                results.append(res)
                row_results[i] = res
    return targets, results


def _with(fact, **changes):  # type: ignore[no-untyped-def]
    import dataclasses

    return dataclasses.replace(fact, **changes)


def _row_label(table: Table, row: Row, parent: Row | None, parent_has_fact: bool) -> tuple[str, str]:
    label_col = table.col("label")
    label = clean_label(row.text(label_col if label_col is not None else 1))
    context = clean_label(parent.text(label_col if label_col is not None else 1)) if parent else ""
    if parent is not None and not parent_has_fact and context:
        label = f"{context}: {label}" if label else context
    return label, context


def _has_figure(table: Table, row: Row) -> bool:
    return any(not row.cells[c.index].empty for c in table.columns if c.role in ("target", "result"))


def _row_facts(
    doc: Document, ctx: _Ctx, row: Row, parent: Row | None, has_children: bool, keys: dict[str, _Keys]
) -> tuple[list[Target], Result | None]:
    table = ctx.table
    section = None
    if doc.sections:
        sec = doc.section_at(row.start)
        section = sec.key if sec else None
    parent_has_fact = parent is not None and (
        table.kind == "targets"
        or _has_figure(table, parent)
        or bool(table.col("verdict") is not None and verdict_of(parent.text(table.col("verdict"))))
    )
    label, context = _row_label(table, row, parent, parent_has_fact)
    if not label:
        return [], None
    unit_col = table.col("unit")
    col_unit = clean_label(row.text(unit_col)) if unit_col is not None else ""
    verdict_col = table.col("verdict")
    verdict = verdict_of(row.text(verdict_col)) if verdict_col is not None and row.text(verdict_col) else None
    row_key = fold_repaired(" ".join(c.text for c in row.parts(table.col("label") or 1)))
    ym = _YEAR_IN_ROW.search(row_key)
    row_year = int(ym.group(1) or ym.group(2)) if ym else None
    pm = _ROW_PERIOD_RE.search(mask_standards(row_key))  # not a poverty standard's period
    row_period = (int(pm.group(1)), int(pm.group(2))) if pm else None
    common = dict(list_number=row.number, section=section, field=ctx.field, scope=ctx.scope)
    ocr = table.layout == "ocr"
    reader = _bare_number if ocr and table.kind == "results" else cell_figure

    planned: list[tuple[Column, Figure, int, int]] = []
    for col in table.cols("target"):
        cell = row.cells[col.index]
        fig = reader(cell.text) if cell.text else None
        if fig is not None:
            planned.append((col, fig, cell.start, cell.end))
    achieved: list[tuple[Column, Figure, int, int]] = []
    for col in table.cols("result"):
        cell = row.cells[col.index]
        fig = reader(cell.text) if cell.text else None
        if fig is not None:
            achieved.append((col, fig, cell.start, cell.end))

    def when(col: Column, fig: Figure) -> dict:
        period = fig.period or col.period or row_period or table.period
        year = None if fig.period else (col.year or row_year)
        if year is None and period is None and table.kind == "results":
            year = table.year  # "Kết quả thực hiện các chỉ tiêu chủ yếu năm 2025" above the table
        if year is not None and period is not None and not period[0] <= year <= period[1]:
            period = None  # "Mục tiêu đến 2030" in a 2021-2025 table
        unit = fig.unit or col_unit or None
        per_year = col.per_year or fig.per_year or bool(unit and re.search(r"/\s*năm$", unit))
        recurring = table.kind == "targets" and bool(_PER_YEAR_WORDS.search(row_key))
        # A rate per year ("%/năm") is an average over the period; an amount per year ("triệu đồng/người/năm",
        # "triệu lượt/năm") is a level in the column's year, unless the row says "hằng năm", "bình quân".
        average = col.per_year or fig.per_year or bool(unit and re.match(r"%\s*/\s*năm$", unit)) or recurring
        if year is not None and year != row_year and (row_period or average or _OVER_PERIOD.search(row_key)):
            # "Tăng trưởng GRDP bình quân giai đoạn 2021-2025 | %/năm | … | 6,52" under "Thực hiện 2025": an
            # average over the period (or a row with its own period, or a total over it) has no deadline year
            year = None
        per_year = per_year or recurring
        return dict(
            year=year,
            period_start=period[0] if period else None,
            period_end=period[1] if period else None,
            per_year=per_year,
            unit=unit,
        )

    # A lone year where a figure should be ("… kiểu mẫu 2024 | Đạt") dates the row rather than measures it.
    if ocr and table.kind == "results" and len(planned) == 1 and not achieved:
        fig = planned[0][1]
        if fig.value == fig.value.to_integral() and 1990 <= fig.value <= 2100 and not col_unit:
            row_year, planned = int(fig.value), []

    targets: list[Target] = []
    for col, fig, s, e in planned:
        ev = keys["target"].evidence(doc, "target", row, e, s)
        w = when(col, fig)
        targets.append(
            Target(
                fact_key("target", ev.start, ev.end),
                label,
                fig.comparator,
                fig.value,
                fig.value_max,
                w.pop("unit"),
                ev,
                **w,
                **common,
            )
        )
    if table.kind == "targets" and not planned:
        ev = keys["target"].evidence(doc, "target", row, None, row.start)
        period = row_period or table.period
        # "Đạt", "Giữ vững" under "Mục tiêu đến năm 2030": the column's deadline
        year = row_year or next((c.year for c in table.cols("target") if row.cells[c.index].text), None)
        targets.append(
            Target(
                fact_key("target", ev.start, ev.end),
                label,
                "bool",
                None,
                None,
                None,
                ev,
                year=year,
                period_start=period[0] if period else None,
                period_end=period[1] if period else None,
                **common,
            )
        )
    if table.kind != "results":
        return targets, None

    result: Result | None = None
    if achieved:
        col, fig, s, e = achieved[0]
        match = _pair(col, planned)
        w = when(col, fig)
        status, computed = verdict, False
        if status is None and match is not None:
            polarity = _polarity(label, context, match[1])
            status = compute_status(fig.value, fig.value_max, fig.comparator, match[1], polarity)
            computed = status is not None
        ev = keys["result"].evidence(doc, "result", row, e, s)
        result = Result(
            fact_key("result", ev.start, ev.end),
            label,
            fig.comparator,
            fig.value,
            fig.value_max,
            w.pop("unit"),
            ev,
            **w,
            target_value=match[1].value if match else None,
            target_value_max=match[1].value_max if match else None,
            target_comparator=match[1].comparator if match else None,
            status=status,
            status_computed=computed,
            **common,
        )
    elif verdict is not None:
        ev = keys["result"].evidence(doc, "result", row, None, row.start)
        match = planned[0] if planned else None
        period = table.period
        result = Result(
            fact_key("result", ev.start, ev.end),
            label,
            "bool",
            None,
            None,
            None,
            ev,
            year=row_year,
            period_start=period[0] if period else None,
            period_end=period[1] if period else None,
            target_value=match[1].value if match else None,
            target_value_max=match[1].value_max if match else None,
            target_comparator=match[1].comparator if match else None,
            status=verdict,
            **common,
        )
        if not planned and not has_children:
            tev = keys["target"].evidence(doc, "target", row, None, row.start)
            targets.append(
                Target(
                    fact_key("target", tev.start, tev.end),
                    label,
                    "bool",
                    None,
                    None,
                    None,
                    tev,
                    year=row_year,
                    period_start=result.period_start,
                    period_end=result.period_end,
                    **common,
                )
            )
    return targets, result


def _pair(col: Column, planned: list[tuple[Column, Figure, int, int]]) -> tuple[Column, Figure] | None:
    """The planned figure an achieved one is compared with: same averaging, then same year, then first."""
    if not planned:
        return None
    in_term = [p for p in planned if not (p[0].year and p[0].period is None and p[0].year != col.year)]
    pool = in_term or planned
    for p in pool:
        if p[0].per_year == col.per_year and (not col.year or not p[0].year or p[0].year == col.year):
            return p[0], p[1]
    return pool[0][0], pool[0][1]
