"""Layouts and wordings met in the fourth held-out pair (tests/data/unseen/k_* to n_*), one rule per test: wrapped
ranges, numbered items run on inside a paragraph, running headers, space-aligned tables, a list item that names a
target, and result wordings (a number inside a name, "Ước …", "riêng năm …", "nâng tỷ lệ … lên", a rate after a
level). The texts are the held-out files; facts are found by their wording, not by offsets."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from builder.normalise import fold, repair_folded
from builder.pipeline import process
from builder.quantities import find_quantities

UNSEEN = Path(__file__).resolve().parent / "data" / "unseen"


def quantities(text: str) -> list[tuple[Decimal, Decimal | None, str | None, str]]:
    return [(q.value, q.value_max, q.unit, q.kind) for q in find_quantities(text, repair_folded(fold(text), text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a range wrapped at its dash is one range; a new line's bullet after a figure with a unit is not
        ("giảm bình quân 0,3\n- 0,5%/năm;", [(Decimal("0.3"), Decimal("0.5"), "%/năm", "value")]),
        ("đạt 95%\n- 100% hộ", [(Decimal("95"), None, "%", "value"), (Decimal("100"), None, "%", "value")]),
        # "gấp khoảng 1,7 lần" is a multiple; "thu 14.260 tỷ đồng" (OCR thu/thứ) is money, not a rank
        ("gấp khoảng 1,7 lần năm 2025", [(Decimal("1.7"), None, "lần", "times")]),
        ("riêng năm 2025 thu 14.260 tỷ đồng", [(Decimal("14260"), None, "tỷ đồng", "value")]),
        ("đứng thứ 2 cả nước", [(Decimal("2"), None, "hạng", "rank")]),
        # "nâng cấp N km" is works done, "cấp 3" a name
        ("nâng cấp 23,6 km đường", [(Decimal("23.6"), None, "km", "value")]),
        ("trường cấp 3", []),
        # livestock heads, hamlets, school buildings, percentage points
        ("tổng đàn bò tăng 1.350 con so với đầu nhiệm kỳ", [(Decimal("1350"), None, "con", "value")]),
        ("giảm 2 con số", [(Decimal("2"), None, None, "value")]),
        ("có 15/17 ấp đạt", [(Decimal("15"), None, "ấp", "slash")]),
        ("Có thêm 35 trường học đạt chuẩn", [(Decimal("35"), None, "trường học", "value")]),
        ("giảm 1 - 1,5 điểm phần trăm", [(Decimal("1"), Decimal("1.5"), "điểm phần trăm", "value")]),
    ],
)
def test_quantity_wordings(text: str, expected: list[tuple[Decimal, Decimal | None, str | None, str]]) -> None:
    assert quantities(text) == expected


@cache
def facts(letter: str):  # type: ignore[no-untyped-def]
    path = next(UNSEEN.glob(f"{letter}_*.txt"))
    return process(path)


def target(letter: str, wording: str):  # type: ignore[no-untyped-def]
    doc, f = facts(letter)
    hits = [t for t in f.targets if wording in " ".join(t.evidence.quote.split())]
    assert hits, wording
    return hits[0]


def result(letter: str, wording: str):  # type: ignore[no-untyped-def]
    doc, f = facts(letter)
    hits = [r for r in f.results if wording in " ".join(r.evidence.quote.split())]
    assert hits, wording
    return hits[0]


def test_a_list_item_naming_a_target_is_not_the_heading_of_the_list() -> None:
    # "21. Hoàn thành chỉ tiêu tuyển chọn …" under "II. CÁC CHỈ TIÊU CHỦ YẾU": the list is read, and the item too
    t = target("k", "Hoàn thành chỉ tiêu tuyển chọn")
    assert t.comparator == "bool" and t.year == 2026
    assert target("k", "GRDP bình quân đầu người đạt khoảng 66 triệu đồng").value == 66


def test_a_standard_s_period_is_not_the_target_s_time() -> None:
    t = target("k", "có thêm 06 xã đạt chuẩn nông thôn mới")
    assert (t.year, t.period_start, t.period_end) == (2026, None, None)


def test_inline_numbered_items_and_wrapped_ranges() -> None:
    growth = target("n", "Toc do tâng truóng GRDP binh quan")
    assert (growth.value, growth.value_max, growth.period_start, growth.period_end) == (10, 11, 2026, 2030)
    poverty = target("n", "giam binh quan 0,3")
    assert (poverty.value, poverty.value_max, poverty.unit) == (Decimal("0.3"), Decimal("0.5"), "%/năm")
    # "(3) Cơ cấu kinh tế năm 2030: …": the item's own lead gives every share its year
    assert target("n", "xáy dung 34%").year == 2030


def test_running_header_and_page_number_are_not_a_target() -> None:
    doc, f = facts("l")
    assert not [t for t in f.targets if "Bao cao chinh tri" in t.evidence.quote]
    # the baseline multiple next to the value is not a target of its own
    assert not [t for t in f.targets if t.unit == "lần"]


def test_space_aligned_ocr_table_is_a_table_section() -> None:
    doc, f = facts("n")
    tables = [s for s in f.sections if s.kind == "table"]
    assert len(tables) == 1 and "Chi tieu" in tables[0].title
    first = result("n", "Toc do tang GRDP binh quan 5 nam")
    assert (first.value, first.target_value, first.target_value_max, first.status) == (
        Decimal("6.9"), Decimal("7.5"), Decimal("8"), "not_met")
    in_table = [r for r in f.results if tables[0].start <= r.evidence.start < tables[0].end]
    assert len(in_table) == 11 and all("\n" not in r.evidence.quote for r in in_table)  # no rows read as prose


def test_result_wordings() -> None:
    # a number inside the indicator's name
    assert result("m", "trẻ 6 tuổi vào lớp 1").value == 100
    # "Ước …" opens the clause: an estimate, named by what follows
    estimate = result("m", "tỷ lệ nhà ở kiên cố")
    assert (estimate.comparator, estimate.value) == ("~", Decimal("84.6"))
    assert estimate.label == "tỷ lệ nhà ở kiên cố, bán kiên cố"
    # "…, nâng tỷ lệ … từ X% lên Y%" after works done: two results
    assert result("m", "nhựa hóa, bê tông hóa thêm 52,4 km").value == Decimal("52.4")
    raised = result("m", "nâng tỷ lệ đường giao thông")
    assert (raised.value, raised.target_value, raised.status) == (Decimal("96.5"), 90, "exceeded")
    # a rate after a level: "… còn 2,36% cuối năm 2025, bình quân giảm 1,64%/năm"
    assert result("m", "bình quân giảm 1,64%/năm").unit == "%/năm"
    # counts named after the figure, a whole-area subject before it
    assert result("m", "toàn xã có 6 sản phẩm").value == 6
    # "riêng năm 2025 …" goes on with the sentence's indicator: a growth rate stays a growth rate
    alone = result("n", "riéng nam 2025 woc tang 8,6%")
    growth = result("n", "Tong san pham trén día ban")
    assert (alone.year, alone.concept) == (2025, growth.concept) == (2025, "grdp_growth")
