"""Quantities: qualifiers, ranges, slash forms, units, and numbers that are not values.

The clean/OCR passage pairs in tests/data/variants/ (see its README) must give the same figures.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from builder.normalise import fold, repair_folded
from builder.quantities import find_quantities

VARIANTS = Path(__file__).parent / "data" / "variants"


def figures(line: str) -> list[tuple]:
    folded = repair_folded(fold(line), None)
    original = line if len(line) == len(folded) else folded
    return [
        (q.comparator, q.value, q.value_max, q.unit, q.per_year, q.kind)
        for q in find_quantities(original, folded)
    ]


def _pairs() -> list[tuple[Path, Path]]:
    out = []
    for clean in sorted(VARIANTS.glob("*.txt")):
        if clean.name.endswith("-variant-ocr.txt"):
            continue
        out.append((clean, clean.with_name(clean.stem + "-variant-ocr.txt")))
    return out


def test_variant_pairs_exist() -> None:
    assert _pairs(), "no variant pairs found"
    for _clean, ocr in _pairs():
        assert ocr.is_file(), ocr


@pytest.mark.parametrize(("clean", "ocr"), _pairs(), ids=lambda p: p.name)
def test_clean_and_ocr_agree_with_expected(clean: Path, ocr: Path) -> None:
    clean_lines = clean.read_text(encoding="utf-8").splitlines()
    ocr_lines = ocr.read_text(encoding="utf-8").splitlines()
    assert len(clean_lines) == len(ocr_lines)
    expected: dict[int, list[tuple]] = {}
    with (clean.with_name(clean.stem + ".expected.tsv")).open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            expected.setdefault(int(row["line"]), []).append(
                (
                    row["comparator"],
                    Decimal(row["value"]),
                    None if row["valueMax"] == "-" else Decimal(row["valueMax"]),
                    None if row["unit"] == "-" else row["unit"],
                    row["perYear"] == "1",
                    row["kind"],
                )
            )
    for n, (c, o) in enumerate(zip(clean_lines, ocr_lines, strict=True), 1):
        assert figures(c) == expected.get(n, []), f"clean line {n}: {c}"
        assert figures(o) == expected.get(n, []), f"OCR line {n}: {o}"


@pytest.mark.parametrize(
    "line",
    [
        "theo Nghị quyết số 21-NQ/TW, ngày 16/6/2022 của Ban Chấp hành",
        "Nghị quyết số 1669/NQ-UBTVQH15 và Nghị quyết 226/2025/QH15",
        "giai đoạn 2026 - 2030, đến năm 2030, nhiệm kỳ 2020-2025",
        "(5) Thu ngân sách",
        "tổng sản phẩm (giá so sánh 2010)",
        "sản phẩm OCOP từ 3 sao, dịch vụ công trực tuyến mức độ 3",
        "bảo đảm tính liên tục trở lên⁷²",
        "Chương trình COVID-19 và quy hoạch 1/2000",
        "giai phap mang tinh hién thyc\ncao, 3 mé ra thoi co lich sir cho thanh ph6",  # OCR: "đã" read as 3
    ],
)
def test_numbers_that_are_not_values(line: str) -> None:
    assert figures(line) == []


def test_a_lone_three_after_a_comma_is_a_value_when_a_unit_follows() -> None:
    assert [str(q.value) for q in find_quantities("có 5 xã, 3 phường đạt chuẩn", fold("có 5 xã, 3 phường đạt chuẩn"))] \
        == ["5", "3"]


def test_footnote_mark_does_not_join_the_number() -> None:
    assert figures("đạt 35%⁷² vào năm 2030") == [("=", Decimal("35"), None, "%", False, "value")]


def test_percent_of_plan_is_flagged() -> None:
    line = "bằng 94,2% kế hoạch"
    folded = repair_folded(fold(line), None)
    (q,) = find_quantities(line, folded)
    assert q.of_plan and q.value == Decimal("94.2")


def test_slash_keeps_denominator_and_rank_groups() -> None:
    line = "đạt 55/67 xã; xếp thứ 10/34; trong nhóm 5 địa phương dẫn đầu"
    folded = repair_folded(fold(line), None)
    qs = find_quantities(line, folded)
    assert [(q.kind, q.value, q.denominator) for q in qs] == [
        ("slash", Decimal("55"), Decimal("67")),
        ("rank", Decimal("10"), Decimal("34")),
        ("rank", Decimal("5"), None),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("tổng thu giai đoạn 2026 - 2030 không dưới 230 nghìn tỷ đồng", (">=", "230", "nghìn tỷ đồng")),
        ("kết nạp không thấp hơn 21.000 đảng viên", (">=", "21000", "đảng viên")),
        ("số giường bệnh đạt không dưới 38 giường/10.000 dân", (">=", "38", "giường/10.000 dân")),
        ("nợ xấu không vượt quá 3%", ("<=", "3", "%")),
        ("Tong gia tri san xuat wéc tang 8,9%", ("~", "8.9", "%")),
        ("Thu ngan sach uéc dat 486,2 ty déng", ("~", "486.2", "tỷ đồng")),
        ("Tổng vốn đầu tư ước tăng 12%", ("~", "12", "%")),
        ("Tuổi thọ trung bình đạt 75 tuổi;", ("=", "75", "tuổi")),
        ("Số bác sĩ trên 10.000 dân đạt 9,8 bác sĩ", ("=", "9.8", "bác sĩ")),
        ("- l00% chat thai ran sinh hoat", ("=", "100", "%")),  # OCR: 1 read as l
    ],
)
def test_qualifiers_units_and_ocr_digits(line: str, expected: tuple[str, str, str]) -> None:
    folded = repair_folded(fold(line))
    found = [(q.comparator, format(q.value.normalize(), "f"), q.unit) for q in find_quantities(line, folded)]
    assert found == [expected]
