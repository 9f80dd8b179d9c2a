"""The reference gazetteer and the unit queries, run on a small graph shaped as TERMS.md says."""

from __future__ import annotations

import time

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from builder.gazetteer import Gazetteer, crosscheck_datasets, dataset_versions, skeleton_cost
from builder.resources import queries_dir

PK = Namespace("https://w3id.org/plankg/ontology#")
ID = "https://w3id.org/plankg/id/unit/"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_counts_and_eras(gaz: Gazetteer) -> None:
    by = {}
    for u in gaz.units.values():
        by[(u.era, u.level)] = by.get((u.era, u.level), 0) + 1
    assert by[("2025", "province")] == 34
    assert by[("legacy", "province")] == 63
    assert by[("2025", "commune")] > 3000 and by[("legacy", "commune")] > 10000
    assert ("2025", "district") not in by
    for u in gaz.units.values():
        assert u.key == f"{u.era}/{u.level}/{u.code}"
        if u.era == "legacy":
            assert (u.valid_from, u.valid_to) == (None, "2025-06-30")
        else:
            assert (u.valid_from, u.valid_to) == ("2025-07-01", None)
        assert u.parent_key is None or gaz.units[u.parent_key].era == u.era


def test_le_ich_moc(gaz: Gazetteer) -> None:
    u = gaz.units["2025/commune/11506"]
    assert (u.full_name, u.type, u.parent_key) == ("Phường Lê Ích Mộc", "ward", "2025/province/31")
    assert dict(u.predecessors) == {
        "legacy/commune/11506": "whole",
        "legacy/commune/11518": "part",
        "legacy/commune/11521": "part",
    }
    assert gaz.units["legacy/commune/11506"].full_name == "Phường Quảng Thanh"
    assert u.lat is not None and u.lon is not None and u.area_km2


def test_province_lineage(gaz: Gazetteer) -> None:
    hp = gaz.units["2025/province/31"]
    assert dict(hp.predecessors) == {"legacy/province/30": "whole", "legacy/province/31": "whole"}
    assert hp.type == "municipality" and gaz.units["legacy/province/30"].type == "province"
    assert ("2025/province/31", "whole") in gaz.successors["legacy/province/30"]


def test_district_types(gaz: Gazetteer) -> None:
    assert gaz.units["legacy/district/311"].type == "provincial_city"  # Thủy Nguyên, a city since 2025
    assert gaz.units["legacy/district/292"].type == "town"  # thị xã Kinh Môn
    assert gaz.units["legacy/district/318"].full_name == "Huyện Bạch Long Vĩ"
    assert ("legacy/district/318", "whole") in gaz.units["2025/commune/11948"].predecessors


@pytest.mark.parametrize(
    ("name", "type_word", "within", "expected"),
    [
        ("Phuong Lé fch Moc", None, None, ["2025/commune/11506"]),
        ("Lê Ích Mộc", "phường", None, ["2025/commune/11506"]),
        ("Thủy Nguyên", "huyện", None, ["legacy/district/311"]),
        ("thiy nguyen", "huyen", "Hải Phòng", ["legacy/district/311"]),
        ("L& Héng Phong", "phuong", "Hải Phòng", ["legacy/commune/11521"]),
        ("Hải Dương", "thành phố", None, ["legacy/district/288"]),
        ("Hải Dương", "tỉnh", None, ["legacy/province/30"]),
        ("Hoa Mơ Xanh", "phường", None, []),
    ],
)
def test_lookup(
    gaz: Gazetteer, name: str, type_word: str | None, within: str | None, expected: list[str]
) -> None:
    assert [u.key for u in gaz.lookup(name, type_word, None, within)] == expected


def test_lookup_era_and_ambiguity(gaz: Gazetteer) -> None:
    both = [u.key for u in gaz.lookup("Hải Phòng", "thành phố")]
    assert both == ["2025/province/31", "legacy/province/31"]
    assert [u.key for u in gaz.lookup("Hải Phòng", "thành phố", era="legacy")] == ["legacy/province/31"]
    # three legacy communes of Hải Phòng are called Quang Trung
    assert len(gaz.lookup("Quang Trung", "xã", "legacy", "Hải Phòng")) == 3
    # accents as written pick one of two names that fold alike (Cẩm Giang / Cẩm Giàng)
    giang = gaz.lookup("Cẩm Giàng", "xã", "2025", "Hải Phòng")
    assert len(giang) == 1 and giang[0].name == "Cẩm Giàng"


def test_fuzzy_is_off_when_asked(gaz: Gazetteer) -> None:
    assert gaz.lookup("Lé fch Mec", "phường", fuzzy=True)
    assert not gaz.lookup("Lé fch Mec", "phường", fuzzy=False)


def test_skeleton_cost() -> None:
    assert skeleton_cost("le ich mec", "le ich moc") == 1
    assert skeleton_cost("my bong", "my dong") == 1
    assert skeleton_cost("quang trung", "quang thanh") is None
    assert skeleton_cost("le ich mdc", "le ich moc") == 1


def test_load_is_fast_and_cached() -> None:
    t = time.perf_counter()
    Gazetteer.load()
    assert time.perf_counter() - t < 0.01  # cached
    from builder import gazetteer

    gazetteer._load.cache_clear()
    t = time.perf_counter()
    Gazetteer.load()
    assert time.perf_counter() - t < 5.0  # measured ~0.5 s


def test_datasets_crosscheck(gaz: Gazetteer) -> None:
    problems = crosscheck_datasets(gaz)
    # The two datasets disagree on a known minority of 2025 commune codes (vietnam-provinces 2025.10.1
    # predates the official list); Lê Ích Mộc is not among them.
    assert problems and len(problems) < 300
    assert not any("11506" in p for p in problems)
    assert set(dataset_versions()) == {"vietnamadminunits", "vietnam-provinces"}


# --- queries on a small graph written as ontology/TERMS.md describes ---------------------------------


def _small_graph(gaz: Gazetteer) -> Graph:
    g = Graph()
    keys = [
        "2025/commune/11506",
        "2025/province/31",
        "legacy/commune/11506",
        "legacy/commune/11518",
        "legacy/commune/11521",
        "legacy/district/311",
        "legacy/province/31",
    ]
    for key in keys:
        u = gaz.units[key]
        iri = URIRef(ID + key)
        g.add((iri, RDF.type, PK.AdministrativeUnit))
        g.add((iri, SKOS.prefLabel, Literal(u.full_name, lang="vi")))
        g.add((iri, RDFS.label, Literal(u.full_name, lang="vi")))
        g.add((iri, PK.unitType, Literal(u.type)))
        g.add((iri, PK.adminLevel, Literal(u.level)))
        g.add((iri, PK.officialCode, Literal(u.code)))
        if u.parent_key:
            g.add((iri, PK.parentUnit, URIRef(ID + u.parent_key)))
        if u.valid_from:
            g.add((iri, PK.validFrom, Literal(u.valid_from, datatype=XSD.date)))
        if u.valid_to:
            g.add((iri, PK.validTo, Literal(u.valid_to, datatype=XSD.date)))
        for i, (pred, share) in enumerate(u.predecessors):
            if pred in keys:
                f = URIRef(f"{ID}{key}/formation/{i}")
                g.add((iri, PK.formedFrom, f))
                g.add((f, RDF.type, PK.Formation))
                g.add((f, PK.predecessor, URIRef(ID + pred)))
                g.add((f, PK.share, Literal(share)))
                g.add((f, PK.fromDataset, Literal(True)))
    return g


def _query(name: str) -> str:
    text = (queries_dir() / name).read_text(encoding="utf-8")
    header = [ln for ln in text.splitlines() if ln.startswith("#+")]
    assert any(ln.startswith("#+ summary:") for ln in header)
    assert any(ln.startswith("#+ columns:") for ln in header)
    assert any(ln.startswith("#+ example:") for ln in header)
    return text


def test_units_query(gaz: Gazetteer) -> None:
    res = _small_graph(gaz).query(_query("units.rq"))
    assert [str(v) for v in res.vars] == ["unit", "label", "type", "code", "parent", "validFrom", "validTo"]
    rows = {str(r.unit).removeprefix(ID): r for r in res}
    assert len(rows) == 7
    r = rows["2025/commune/11506"]
    assert (str(r.label), str(r.type), str(r.code)) == ("Phường Lê Ích Mộc", "ward", "11506")
    assert str(r.parent) == ID + "2025/province/31" and str(r.validFrom) == "2025-07-01" and r.validTo is None
    assert str(rows["legacy/district/311"].validTo) == "2025-06-30"


def test_unit_lineage_query(gaz: Gazetteer) -> None:
    rows = list(_small_graph(gaz).query(_query("unit_lineage.rq")))
    mine = {
        (str(r.relation), str(r.other).removeprefix(ID), str(r.share) if r.share else None)
        for r in rows
        if str(r.unit) == ID + "2025/commune/11506"
    }
    assert mine == {
        ("ancestor", "2025/province/31", None),
        ("predecessor", "legacy/commune/11506", "whole"),
        ("predecessor", "legacy/commune/11518", "part"),
        ("predecessor", "legacy/commune/11521", "part"),
    }
    quang_thanh = {
        (str(r.relation), str(r.other).removeprefix(ID), int(r.depth))
        for r in rows
        if str(r.unit) == ID + "legacy/commune/11506"
    }
    assert quang_thanh == {("ancestor", "legacy/district/311", 1), ("ancestor", "legacy/province/31", 2)}
