"""Targets from lists and target sentences, scored against hand-annotated gold (tests/data/expected/)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import pytest

from builder.document import Document
from builder.evaluate import compare, evaluate, figures_from_facts, load_gold
from builder.extract.targets import extract_targets
from builder.facts import COMPARATORS, FIELDS, Target
from builder.read import read_source
from tests.conftest import DATA, SEED_NAMES, seed


@lru_cache(maxsize=8)
def doc_targets(prefix: str) -> tuple[Document, tuple[Target, ...]]:
    doc = Document.from_source(read_source(seed(prefix)))
    return doc, tuple(extract_targets(doc))


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_target_quote_is_exact(name: str) -> None:
    doc, targets = doc_targets(name[:3])
    assert targets, f"no targets in {name}"
    for t in targets:
        assert doc.text[t.evidence.start : t.evidence.end] == t.evidence.quote
        assert t.comparator in COMPARATORS
        assert t.field is None or t.field in FIELDS
        assert t.key == f"target-{t.evidence.start}-{t.evidence.end}"
    assert len({t.key for t in targets}) == len(targets)


def test_003_precision_and_recall_against_gold() -> None:
    doc, targets = doc_targets("003")
    report = evaluate(list(targets), DATA / "expected" / "targets_003.tsv", doc.name)
    print("\n003 targets:\n" + report.summary())
    assert report.precision >= 0.95 and report.recall >= 0.95, report.summary()
    assert report.accuracy("comparator") >= 0.95 and report.accuracy("time") >= 0.95


def test_001_ocr_prose_targets_against_gold() -> None:
    doc, targets = doc_targets("001")
    gold, _ = load_gold(DATA / "expected" / "targets_001.tsv")
    appendix = doc.text.index("HE THONG CAC CHI TIEU")
    prose = [g for g in gold if g.start < appendix]
    predicted = [p for p in figures_from_facts(targets, doc.name) if p.start < appendix]
    report = compare(prose, predicted)
    whole = compare(gold, figures_from_facts(targets, doc.name))
    print(
        "\n001 prose targets:\n"
        + report.summary()
        + "\n001 incl. PHỤ LỤC 02 table (tables reader):\n"
        + whole.summary()
    )
    assert report.recall >= 0.9 and report.precision >= 0.85, report.summary()


def test_003_components_and_time() -> None:
    doc, targets = doc_targets("003")
    by_quote = {t.evidence.quote: t for t in targets}
    growth = next(t for t in targets if t.evidence.quote.startswith("Tăng trưởng GRDP giai đoạn"))
    assert (growth.comparator, growth.value, growth.value_max, growth.unit) == (
        "range",
        Decimal("14"),
        Decimal("14.5"),
        "%/năm",
    )
    assert (growth.period_start, growth.period_end, growth.per_year) == (2026, 2030, True)
    parts = [t for t in targets if t.parent == growth.key]
    assert [t.value for t in parts] == [Decimal("16.5"), Decimal("13"), Decimal("2"), Decimal("8")]
    assert all(t.period_start == 2026 for t in parts)
    revenue = by_quote["Thu ngân sách nhà nước trên địa bàn đến năm 2030 đạt 245.500 tỷ đồng"]
    assert revenue.year == 2030 and revenue.label == "Thu ngân sách nhà nước trên địa bàn"
    rank = next(t for t in targets if t.unit == "hạng" and t.value == 3 and t.list_number == "(13)")
    assert rank.comparator == "<=" and rank.per_year


def test_002_ocr_list_is_read_like_the_clean_one() -> None:
    """002 (OCR) states the same list as 003 with a few different values: the same shapes come out."""
    _, targets = doc_targets("002")
    listed = [t for t in targets if t.list_number]
    numbers = {t.list_number for t in listed}
    assert {f"({i})" for i in range(1, 23)} - numbers <= {"(16)"}, sorted(numbers)
    growth = next(t for t in listed if t.list_number == "(1)")
    assert (growth.comparator, growth.value, growth.unit, growth.period_start) == (">=", 13, "%/năm", 2026)
    budget = next(t for t in listed if t.list_number == "(5)" and t.parent is None)
    assert (budget.value, budget.unit, budget.year) == (245500, "tỷ đồng", 2030)


def test_counts_of_indicators_and_review_figures_are_not_targets() -> None:
    doc, targets = doc_targets("001")
    assert not any("27 chi" in t.evidence.quote for t in targets)
    doc3, targets3 = doc_targets("003")
    review_end = doc3.text.index("PHẦN THỨ HAI")
    assert not [t for t in targets3 if t.evidence.start < review_end]
