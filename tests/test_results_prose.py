"""Results from review prose: value, stated target and verdict."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import pytest

from builder.document import Document
from builder.extract.results import extract_results
from builder.facts import STATUSES, Result
from builder.read import read_source
from tests.conftest import SEED_NAMES, seed


@lru_cache(maxsize=8)
def doc_results(prefix: str) -> tuple[Document, tuple[Result, ...]]:
    doc = Document.from_source(read_source(seed(prefix)))
    return doc, tuple(extract_results(doc))


def find(results: tuple[Result, ...], needle: str) -> Result:
    hits = [r for r in results if needle in r.evidence.quote]
    assert hits, needle
    return hits[0]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_result_quote_is_exact(name: str) -> None:
    doc, results = doc_results(name[:3])
    for r in results:
        assert doc.text[r.evidence.start : r.evidence.end] == r.evidence.quote
        assert r.status is None or r.status in STATUSES


def test_stated_verdicts_and_targets_004() -> None:
    _, results = doc_results("004")
    r = find(results, "6.196 USD, vượt mục tiêu đề ra (5.600 USD)")
    assert (r.value, r.target_value, r.status, r.status_computed) == (
        Decimal("6196"),
        Decimal("5600"),
        "exceeded",
        False,
    )
    r = find(results, "11,12%/năm, tuy không đạt mục tiêu (11,7%/năm)")
    assert (r.value, r.target_value, r.status) == (Decimal("11.12"), Decimal("11.7"), "not_met")
    r = find(results, "22,17%/năm, gấp 1,58 lần mục tiêu đề ra (14%/năm)")
    assert (r.value, r.target_value, r.status, r.status_computed) == (
        Decimal("22.17"),
        Decimal("14"),
        "exceeded",
        True,
    )


def test_from_to_takes_the_later_figure_004() -> None:
    _, results = doc_results("004")
    r = find(results, "từ 3,86% năm 2015 xuống còn 0,22% năm 2020")
    assert (r.value, r.year) == (Decimal("0.22"), 2020)


def test_slash_and_percent_of_plan_003_footnote() -> None:
    _, results = doc_results("003")
    r = find(results, "19.201/15.500 đảng viên, đạt 123,8%")
    assert (r.value, r.unit, r.target_value, r.status) == (
        Decimal("19201"),
        "đảng viên",
        Decimal("15500"),
        "exceeded",
    )


def test_no_results_from_counts_or_plan_part() -> None:
    doc, results = doc_results("003")
    part_two = doc.text.index("PHẦN THỨ HAI")
    appendix = doc.text.index("PHỤ LỤC 1")
    assert not [r for r in results if part_two <= r.evidence.start < appendix]
    assert not [r for r in results if "chỉ tiêu" in (r.unit or "")]


def _unseen_results(name: str) -> tuple[Result, ...]:
    from pathlib import Path

    path = Path(__file__).parent / "data" / "unseen" / name
    return tuple(extract_results(Document.from_source(read_source(path))))


def test_added_count_is_named_by_what_follows() -> None:
    r = find(_unseen_results("b_bcct_xa_tan_phuc.txt"), "có thêm 37 doanh nghiệp")
    assert (r.value, r.unit, r.label) == (Decimal("37"), "doanh nghiệp", "doanh nghiệp thành lập mới")
    assert (r.period_start, r.period_end) == (2020, 2025)


def test_parenthesised_level_after_the_last_named_indicator() -> None:
    r = find(_unseen_results("b_bcct_xa_tan_phuc.txt"), "(mới đạt 61%)")
    assert r.evidence.quote == "tỷ lệ hộ dân sử dụng nước sạch theo quy chuẩn (mới đạt 61%)"
    assert (r.value, r.unit, r.status, r.concept) == (Decimal("61"), "%", "not_met", "clean_water_access")


def test_ocr_meetings_and_congress_are_not_indicators_000() -> None:
    """"hdi nghi" (hội nghị) is neither HDI nor "hộ nghèo"; "chỉ tiêu Đại hội" names no indicator."""
    _, results = doc_results("000")
    assert not [r for r in results if "lay phiéu" in r.evidence.quote or "lay phieu" in r.evidence.quote]
    assert not [r for r in results if r.comparator == "bool" and "Pai hdi" in r.evidence.quote]
    assert not [r for r in results if r.concept == "hdi"]


def test_clauses_that_go_on_with_the_sentence_s_last_result() -> None:
    """"; trong đó <old province> tăng X%" keeps the indicator; "; cuối năm còn Y%" is the level of the rate before
    it (poverty rate, not its reduction); "; <sector> Z%" after a share is the next share, in the share's year."""
    results = _unseen_results("g_bcct_tinh_gia_lai.txt")
    part = find(results, "tỉnh Gia Lai (cũ) tăng 7,12%/năm")
    assert (part.value, part.unit, part.concept, part.period_start, part.period_end) == (
        Decimal("7.12"), "%/năm", "grdp_growth", 2020, 2025)
    level = find(results, "còn 2,9%")
    assert (level.value, level.concept, level.year) == (Decimal("2.9"), "poverty_rate", 2025)
    share = find(results, "dịch vụ 39,7%")
    assert (share.value, share.unit, share.label, share.year) == (Decimal("39.7"), "%", "dịch vụ", 2025)


def test_counts_before_their_subject_and_percent_of_plan_alone() -> None:
    results = _unseen_results("g_bcct_tinh_gia_lai.txt")
    assert [(r.value, r.label) for r in results if r.unit == "xã" and r.value < 100] == [
        (Decimal("48"), "xã đạt chuẩn nâng cao"), (Decimal("11"), "xã đạt chuẩn kiểu mẫu")]
    fdi = find(results, "chỉ đạt 38% kế hoạch")
    assert (fdi.value, fdi.unit, fdi.status, fdi.label) == (
        Decimal("38"), "%", "not_met", "Thu hút đầu tư trực tiếp nước ngoài")
    visitors = find(results, "đón 13,8 triệu lượt khách")
    assert (visitors.value, visitors.unit, visitors.year) == (Decimal("13.8"), "triệu lượt khách", 2025)
