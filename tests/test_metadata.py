"""Metadata detected from the text: agreement with the seeds' manifest, small synthetic texts, merge."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from builder.document import Document
from builder.extract.metadata import detect_metadata, merge
from builder.facts import DocumentMeta
from builder.manifest import load_manifest
from builder.normalise import match_key
from builder.read import Source, read_source
from tests.conftest import SEED_NAMES, SEEDS

# Fields detection must get right on each seed (compared with seeds/manifest.toml). Left out, on purpose:
# titles (the manifest gives a descriptive title, the text its slogan), "final" (no text says so), the
# date of 003/004 (none printed) and of 001 (only its appended self-review is dated).
AGREES = {
    "000": ("kind", "issuing_body", "level", "unit_name", "term", "date", "quality"),
    "001": ("kind", "issuing_body", "level", "unit_name", "term", "version", "quality"),
    "002": ("kind", "issuing_body", "level", "unit_name", "term", "date", "quality"),
    "003": ("kind", "issuing_body", "level", "unit_name", "term", "quality"),
    "004": ("kind", "issuing_body", "level", "unit_name", "term", "quality"),
}


@cache
def _detected(name: str) -> DocumentMeta:
    return detect_metadata(Document.from_source(read_source(SEEDS / name)))


def _value(meta: DocumentMeta, field: str) -> object:
    if field == "term":
        return (meta.term_start, meta.term_end)
    value = getattr(meta, field)
    return match_key(value) if field in ("issuing_body", "unit_name") and value else value


@pytest.mark.parametrize("name", SEED_NAMES)
def test_detection_agrees_with_manifest(name: str) -> None:
    manifest = load_manifest(SEEDS / "manifest.toml")[name]
    detected = _detected(name)
    for field in AGREES[name[:3]]:
        assert _value(detected, field) == _value(manifest, field), field
    for field in detected.detected:
        assert getattr(detected, field) is not None


def _doc(text: str) -> Document:
    return Document.from_source(Source(name="t.txt", path=Path("t.txt"), text=text, sha256="0"))


def test_commune_resolution() -> None:
    meta = detect_metadata(_doc(
        "HỘI ĐỒNG NHÂN DÂN XÃ AN HƯNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "An Hưng, ngày 20 tháng 12 năm 2025\n\nNGHỊ QUYẾT\n"
        "Về kế hoạch phát triển kinh tế - xã hội 5 năm 2026 - 2030\n\n"
        "Xét kết quả thực hiện kế hoạch 5 năm 2021 - 2025 của xã An Hưng;\n\nQUYẾT NGHỊ:\n"
        "Điều 1. Thông qua kế hoạch phát triển kinh tế - xã hội của xã An Hưng.\n"
    ))
    assert meta.kind == "resolution"
    assert meta.issuing_body == "Hội đồng nhân dân xã An Hưng"
    assert (meta.level, meta.unit_name) == ("commune", "xã An Hưng")
    assert (meta.term_start, meta.term_end) == (2026, 2030)
    assert meta.date == "2025-12-20"
    assert meta.quality == "clean" and meta.version is None
    assert set(meta.detected) == {"title", "kind", "issuing_body", "level", "unit_name", "term_start",
                                  "term_end", "date", "quality"}


def test_one_year_plan_resolution() -> None:
    """"Về kế hoạch … năm 2026": a term of one year; its review is the year before."""
    from builder.extract.context import review_term, term_time

    meta = detect_metadata(_doc(
        "HỘI ĐỒNG NHÂN DÂN PHƯỜNG AN BÌNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "An Bình, ngày 10 tháng 12 năm 2025\n\nNGHỊ QUYẾT\n"
        "Về kế hoạch phát triển kinh tế - xã hội năm 2026\n\nQUYẾT NGHỊ:\n"
        "Điều 1. Kết quả thực hiện kế hoạch năm 2025.\n"
    ))
    assert (meta.term_start, meta.term_end) == (2026, 2026)
    assert review_term((2026, 2026)) == (2025, 2025)
    assert term_time((2026, 2026)) == {"year": 2026, "period_start": None, "period_end": None}
    assert term_time((2026, 2030)) == {"period_start": 2026, "period_end": 2030}


def test_ocr_district_report_draft() -> None:
    meta = detect_metadata(_doc(
        "PANG BO HUYEN AN LAO PANG CONG SAN VIET NAM\n\nAn Lao, ngay 1/10/2020\n\n(Du thao)\n\n"
        "BAO CAO CHINH TRI\ncua Ban Chap hanh Pang bo huyen khoa XXIV trinh Dai hoi dai bieu\n\n"
        "Nhiem ky 2015 - 2020, Pang bo huyen An Lao trien khai thuc hien nghi quyet. Huyen An Lao\n"
        "phan dau trong nhiem ky 2020 - 2025 tang truong cao. Pang bo huyen An Lao tiep tuc.\n"
    ))
    assert meta.kind == "political_report"
    assert meta.issuing_body is not None
    assert match_key(meta.issuing_body) == "ban chap hanh dang bo huyen an lao"
    assert meta.level == "district"
    assert (meta.term_start, meta.term_end) == (2020, 2025)
    assert meta.date == "2020-10-01"
    assert (meta.version, meta.quality) == ("draft", "ocr")


def test_review_report_of_a_ward() -> None:
    meta = detect_metadata(_doc(
        "ĐẢNG ỦY PHƯỜNG HỒNG BÀNG\n\nBÁO CÁO KIỂM ĐIỂM\nsự lãnh đạo, chỉ đạo của Ban Chấp hành Đảng bộ "
        "phường Hồng Bàng nhiệm kỳ 2020 - 2025\n"
    ))
    assert meta.kind == "review_report"
    assert meta.level == "commune" and meta.unit_name == "phường Hồng Bàng"


def test_text_without_metadata() -> None:
    meta = detect_metadata(_doc("một đoạn văn bản ngắn không có thông tin gì"))
    assert meta.kind is None and meta.issuing_body is None and meta.term_start is None
    assert meta.detected == ("quality",)


def test_merge_manifest_overrides_field_by_field() -> None:
    detected = DocumentMeta(kind="resolution", level="commune", unit_name="xã An Hưng", term_start=2026,
                            term_end=2030, quality="ocr",
                            detected=("kind", "level", "unit_name", "term_start", "term_end", "quality"))
    override = DocumentMeta(kind="plan", term_start=2025, term_end=2030, version="final")
    merged = merge(detected, override)
    assert (merged.kind, merged.level, merged.unit_name, merged.version) == ("plan", "commune", "xã An Hưng",
                                                                             "final")
    assert (merged.term_start, merged.term_end) == (2025, 2030)
    assert merged.detected == ("level", "unit_name", "quality")
    assert merge(detected, None) is detected


def test_merge_on_seeds_keeps_detected_only_where_manifest_is_silent() -> None:
    manifest = load_manifest(SEEDS / "manifest.toml")
    merged = merge(_detected("003_fa57fa61f79953c7.txt"), manifest["003_fa57fa61f79953c7.txt"])
    assert merged.title == manifest["003_fa57fa61f79953c7.txt"].title
    assert merged.detected == ()  # 003's manifest sets every field detection found
    assert merged.version is None
