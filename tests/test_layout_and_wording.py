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
        # a map scale's denominator is no count of wards; an age range of children is no figure
        ("phê duyệt đồ án quy hoạch 1/2000 Phường", []),
        ("phổ cập giáo dục mầm non cho trẻ từ 3 - 4 tuổi", []),
        ("tuổi thọ bình quân đạt 75 tuổi;", [(Decimal("75"), None, "tuổi", "value")]),
        # OCR prints ‰ as "%0": the unit is stated as ‰
        ("giảm tỷ lệ sinh bình quân 0,15%0/năm", [(Decimal("0.15"), None, "‰/năm", "value")]),
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


# --- the fifth held-out pair (o to r) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "ở mức" is a level ("mục 2" and "mức độ 2" name a part or a grade)
        ("ổn định ở mức 11.000 - 12.000 tấn/năm", [(Decimal("11000"), Decimal("12000"), "tấn/năm", "value")]),
        # an age group at the end of a name is not a figure
        ("phổ cập giáo dục mầm non cho trẻ em 5 tuổi", []),
        # urban count nouns
        ("tại 8 tuyến phố chính", [(Decimal("8"), None, "tuyến phố", "value")]),
        ("27/27 khối phố", [(Decimal("27"), None, "khối phố", "slash")]),
    ],
)
def test_quantity_wordings_of_the_fifth_pair(
    text: str, expected: list[tuple[Decimal, Decimal | None, str | None, str]]
) -> None:
    assert quantities(text) == expected


def test_a_tab_table_goes_on_past_group_rows_written_in_the_index_column() -> None:
    # "I. Về kinh tế<TAB><TAB><TAB>" is a group row, not a heading that ends the table
    doc, f = facts("o")
    rows = [t for t in f.targets if "\t" in t.evidence.quote]
    assert len(rows) == 22
    assert {t.field for t in rows} >= {"economy", "environment"}
    # "Không còn hộ nghèo" in a cell is 0 %; "Đạt" and "Giữ vững" are attainments by the column's year
    poverty = target("o", "Tỷ lệ hộ nghèo (chuẩn nghèo")
    assert (poverty.comparator, poverty.value, poverty.unit) == ("=", 0, "%")
    assert (poverty.year, poverty.period_start) == (2030, 2026)  # the standard's period is not the row's
    assert target("o", "Phường đạt chuẩn đô thị văn minh").year == 2030
    # an amount per year is a level in 2030; a rate per year and a total over the period have no deadline
    assert target("o", "Thu nhập bình quân đầu người").year == 2030
    assert target("o", "Tốc độ tăng trưởng tổng giá trị sản xuất").year is None
    assert target("o", "Tổng vốn đầu tư toàn xã hội cả giai đoạn").year is None
    assert target("o", "Diện tích cây xanh công cộng").unit == "m²/người"


def test_result_wordings_of_the_fifth_pair() -> None:
    # a time phrase that opens the sentence holds for its later clauses
    assert result("o", "tỷ trọng nông nghiệp giảm còn 4,7%").year == 2025
    # counts and percents named by what follows a result verb
    poor = result("o", "toàn phường còn 17 hộ nghèo")
    assert (poor.value, poor.label, poor.year) == (17, "hộ nghèo", 2025)
    quota = result("o", "hoàn thành 100% chỉ tiêu giao quân")
    assert (quota.label, quota.status) == ("chỉ tiêu giao quân", "met")
    # "nâng tổng số … lên N", "riêng X đạt N" (a part of the sentence's figure), works joined by "và"
    assert result("o", "nâng tổng số sản phẩm OCOP").label == "tổng số sản phẩm OCOP của phường"
    assert result("o", "riêng thu tiền sử dụng đất").value == Decimal("96.325")
    assert result("o", "hoàn thành 2 tuyến đường").value == 2
    # a sentence that opens with a figure ("… sông Thu Bồn. 100% hộ dân …") is a sentence of its own
    assert result("o", "100% hộ dân được sử dụng nước sạch").evidence.quote.startswith("100%")
    # a part in another scale of the same unit ("2,46 triệu lượt, trong đó khách quốc tế 118.500 lượt")
    assert result("p", "khách quoc te 118.500").value == 118500


def test_estimates_attainments_and_measures_of_the_fifth_pair() -> None:
    from builder.link.uom import same_measure

    # "ước đón", "ước thu" and the OCR "u&c đạt" are estimates
    assert result("p", "riéng nam 2025 uoc don 640.000").comparator == "~"
    assert result("p", "Doanh thu du 1ich nam 2025 u&c dat").comparator == "~"
    # "không để phát sinh …" is an attainment
    assert target("p", "khong dé phat sinh diem gay o nhiém").comparator == "bool"
    # a part may be stated at another scale of its whole's unit, not in another measure
    assert same_measure("triệu lượt", "lượt") and same_measure("tỷ đồng", "triệu đồng")
    assert not same_measure("tỷ đồng", "lượt") and not same_measure("%", "%/năm")


def test_ocr_ir_for_u_and_a_shared_verdict() -> None:
    # "giiróng/10.000 dan" (giường, ư read as "ir") is a unit now, so the clause holds two figures; "đều vượt kế
    # hoạch" (both exceeded) after the second is the verdict of the first too
    first = result("n", "so bác si dat 19,6 bac si/10.000 dan")
    second = result("n", "s6 giuong benh dat 68,5 giiróng/10.000 dan")
    assert (first.value, first.status) == (Decimal("19.6"), "exceeded")
    assert (second.value, second.unit, second.status) == (Decimal("68.5"), "giường/10.000 dân", "exceeded")
    # "virot" (vượt) is a verdict
    assert result("p", "virot").status == "exceeded"
