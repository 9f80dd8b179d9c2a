"""Units of measure (ontology/units.ttl) and the stated-unit resolver (builder.link.uom)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from builder.link.indicators import hidden_form
from builder.link.uom import (
    UnitIndex,
    number_multiplier,
    regenerate_units,
    resolve_unit,
    split_unit,
)
from builder.resources import ontology_path, seeds_dir

# Stated forms as plans (and their OCR) write them → unit, scale to the base unit.
STATED = [
    ("Tỷ đồng", "billion_vnd", 10**9),
    ("ty dong", "billion_vnd", 10**9),
    ("ty déng", "billion_vnd", 10**9),
    ("tỷ", "billion_vnd", 10**9),
    ("nghìn tỷ đồng", "thousand_billion_vnd", 10**12),
    ("ngàn tỷ", "thousand_billion_vnd", 10**12),
    ("triệu tỷ đồng", "million_billion_vnd", 10**15),
    ("Tr.đồng", "million_vnd", 10**6),
    ("USD/người", "usd_per_person", 1),
    ("USD/nguoi", "usd_per_person", 1),
    ("triệu đồng/người/năm", "million_vnd_per_person", 10**6),
    ("Tỷ USD", "billion_usd", 10**9),
    ("triệu tấn", "million_ton", 10**6),
    ("triéu tan", "million_ton", 10**6),
    ("Triệu lượt người", "million_person_trips", 10**6),
    ("lượt", "person_trips", 1),
    ("%", "percent", 1),
    ("%/năm", "percent_per_year", 1),
    ("%/nam", "percent_per_year", 1),
    ("%/nim", "percent_per_year", 1),
    ("%0", "per_mille", Decimal("0.1")),
    ("‰", "per_mille", Decimal("0.1")),
    ("km²", "km2", 10**6),
    ("km?", "km2", 10**6),
    ("ha", "ha", 10**4),
    ("tạ/ha", "quintal_per_ha", Decimal("0.1")),
    ("đảng viên", "party_member", 1),
    ("dang vién", "party_member", 1),
    ("Giường bệnh", "hospital_bed", 1),
    ("lần", "times", 1),
]


@pytest.fixture(scope="module")
def index() -> UnitIndex:
    return UnitIndex.load()


def test_every_unit_is_described(index: UnitIndex) -> None:
    units = {u.local: u for u in index.units()}
    assert len(units) >= 40
    for u in units.values():
        assert u.pref_label_vi and u.pref_label_en, u.local
        assert u.scale > 0, u.local
        base = units[u.base]
        assert base.base == base.local and base.scale == 1, f"{u.local}: base {u.base} is not a base unit"
        assert base.dimension == u.dimension, u.local
        assert set(u.hidden_labels) == {hidden_form(x) for x in u.labels_vi}, u.local


def test_ucum_codes_where_they_exist(index: UnitIndex) -> None:
    codes = {u.local: u.ucum for u in index.units()}
    assert (codes["percent"], codes["ha"], codes["km2"], codes["ton"]) == ("%", "har", "km2", "t")


def test_generated_parts_are_in_sync() -> None:
    path = ontology_path("units.ttl")
    assert regenerate_units(path) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("stated", "local", "scale"), STATED)
def test_resolve_stated_units(stated: str, local: str, scale: int | Decimal) -> None:
    m = resolve_unit(stated)
    assert m is not None, stated
    assert (m.local, m.scale) == (local, Decimal(scale)), stated


def test_resolve_nothing() -> None:
    assert resolve_unit("") is None
    assert resolve_unit("khoảng") is None
    assert resolve_unit("Tr. đó") is None


def test_multiplier_words() -> None:
    assert [number_multiplier(w) for w in ("vạn", "nghìn", "ngàn", "triệu", "tỷ", "van", "ha")] == [
        Decimal(10**4),
        Decimal(10**3),
        Decimal(10**3),
        Decimal(10**6),
        Decimal(10**9),
        Decimal(10**4),
        None,
    ]


def test_multiplier_before_a_unit_scales_it() -> None:
    m = resolve_unit("vạn lượt lao động/năm")
    assert m is not None
    assert (m.local, m.multiplier, m.scale, m.per) == ("person_trips", Decimal(10**4), Decimal(10**4), "year")
    ocr = resolve_unit("van lwot lao dong/nam")
    assert ocr is not None and (ocr.local, ocr.scale, ocr.per) == ("person_trips", Decimal(10**4), "year")
    # a compound that is a unit of its own is not split into multiplier + unit
    assert resolve_unit("triệu tấn").multiplier == 1  # type: ignore[union-attr]


def test_split_unit_in_running_text() -> None:
    assert split_unit(" tỷ đồng, trong đó thu nội địa") == ("tỷ đồng", 8)
    assert split_unit("%/năm; dịch vụ") == ("%/năm", 5)
    assert split_unit("% tổng số đảng viên trở lên") == ("%", 1)
    assert split_unit(" triệu") == ("triệu", 6)  # a bare number word: the caller scales the number
    assert split_unit(" năm 2030") is None  # "0,8 năm 2030": a date follows, not a unit
    assert split_unit(" tỷ lệ") is None  # "2025 tỷ lệ …"
    assert split_unit(" bậc so với năm 2020") == ("bậc", 4)  # not "bác sĩ"
    assert split_unit("-16,5%") is None


def _after_numbers(name: str) -> list[str]:
    text = (seeds_dir() / name).read_text(encoding="utf-8")
    return [text[m.end() : m.end() + 40] for m in re.finditer(r"\d+(?:[.,]\d+)*", text)]


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        # clean text: units of the main-target lists (003, 004)
        (
            "003_fa57fa61f79953c7.txt",
            {
                "billion_vnd",
                "percent_per_year",
                "usd_per_person",
                "million_ton",
                "million_person_trips",
                "million_billion_vnd",
                "billion_usd",
                "house",
            },
        ),
        (
            "004_4ef7886d0b8bf600.txt",
            {"thousand_billion_vnd", "million_vnd_per_person_month", "party_member"},
        ),
        # OCR text (000, 001, 002): the same units read without diacritics
        (
            "000_b6a79b466e997885.txt",
            {
                "billion_vnd",
                "thousand_billion_vnd",
                "usd_per_person",
                "million_ton",
                "million_person_trips",
                "person_trips",
                "percent_per_year",
            },
        ),
        (
            "002_ce929b4666bbff87.txt",
            {
                "billion_vnd",
                "million_billion_vnd",
                "usd_per_person",
                "million_ton",
                "million_person_trips",
                "percent_per_year",
            },
        ),
        ("001_ce8a8a71da63380d.txt", {"billion_vnd", "percent", "party_member"}),
    ],
)
def test_units_after_numbers_in_seeds(seed: str, expected: set[str]) -> None:
    found: set[str] = set()
    for after in _after_numbers(seed):
        hit = split_unit(after)
        if hit is None:
            continue
        stated, n = hit
        assert after[:n].strip() == stated  # the reported length covers exactly the stated unit
        m = resolve_unit(stated)
        if m is not None:
            found.add(m.local)
            assert m.stated == stated
    assert expected <= found, expected - found


def test_load_is_cached() -> None:
    assert UnitIndex.load() is UnitIndex.load()
