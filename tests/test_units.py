"""Unit mentions (extract.units) and their links (link.admin_units) on the seeds, against tests/data/units."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

from builder.document import Document
from builder.extract.units import extract_mentions, looks_ocr
from builder.facts import DocumentMeta, UnitMention
from builder.gazetteer import Gazetteer
from builder.link.admin_units import document_era, document_scope, link_mentions, units_for_graph
from builder.read import Source, read_source

from .conftest import DATA, seed

UNITS = DATA / "units"


def _tsv(name: str) -> list[dict[str, str]]:
    with open(UNITS / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def meta_of(prefix: str) -> DocumentMeta:
    row = next(r for r in _tsv("meta.tsv") if r["seed"] == prefix)
    return DocumentMeta(
        date=row["date"],
        unit_name=row["unit_name"],
        term_start=int(row["term_start"]),
        quality=row["quality"],
    )


@cache
def document(prefix: str) -> Document:
    doc = Document.from_source(read_source(seed(prefix)))
    doc.meta = meta_of(prefix)
    return doc


@cache
def linked(prefix: str) -> tuple[UnitMention, ...]:
    doc = document(prefix)
    gaz = Gazetteer.load()
    return tuple(link_mentions(extract_mentions(doc, gaz), doc.meta, gaz, doc.text))


def _doc_from_text(text: str, meta: DocumentMeta) -> Document:
    doc = Document.from_source(Source(name="made_up.txt", path=Path("made_up.txt"), text=text, sha256="0"))
    doc.meta = meta
    return doc


LINK_ROWS = _tsv("links.tsv")


@pytest.mark.parametrize("row", LINK_ROWS, ids=[f"{r['seed']}:{r['quote']}" for r in LINK_ROWS])
def test_annotated_links(row: dict[str, str]) -> None:
    quote = row["quote"].replace("\\n", "\n")
    hits = [m for m in linked(row["seed"]) if m.text == quote]
    assert hits, f"no mention {quote!r} in {row['seed']}"
    for m in hits:
        if row["expected"] == "-":
            assert m.unit_iri_key is None and m.reason, m
        elif row["expected"] == "~":
            assert m.unit_iri_key is None, m
        else:
            assert m.unit_iri_key == row["expected"], (m.evidence.start, m.unit_iri_key, m.reason)


def test_le_ich_moc_is_11506_from_ocr() -> None:
    m = next(m for m in linked("001") if m.text == "Phuong Lé fch Moc")
    assert (m.code, m.level, m.name, m.type_word) == ("11506", "commune", "Lê Ích Mộc", "phường")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_evidence_is_exact_source_slice(prefix: str) -> None:
    doc = document(prefix)
    ms = linked(prefix)
    assert ms
    for m in ms:
        assert doc.text[m.evidence.start : m.evidence.end] == m.evidence.quote == m.text
        assert m.key == f"unit-{m.evidence.start}-{m.evidence.end}"
    starts = [m.evidence.start for m in ms]
    assert starts == sorted(starts)
    assert all(a.evidence.end <= b.evidence.start for a, b in zip(ms, ms[1:], strict=False))


def test_linked_share_per_seed() -> None:
    # Floors measured on the seeds; 001 keeps communes merged before the dataset's snapshot unlinked.
    floors = {"000": 0.95, "001": 0.65, "002": 0.95, "003": 0.9, "004": 0.8}
    for prefix, floor in floors.items():
        ms = linked(prefix)
        share = sum(1 for m in ms if m.unit_iri_key) / len(ms)
        assert share >= floor, (prefix, share)


def test_common_words_are_not_mentions() -> None:
    texts = {m.text.lower() for p in ("000", "001", "002") for m in linked(p)}
    for noise in ("xa hoi", "quan ly", "tinh hinh", "phuong thuc", "quan tam"):
        assert not any(t.startswith(noise) for t in texts), noise


def test_2020_text_links_legacy_district() -> None:
    ms = [m for m in linked("004") if m.text == "huyện Thủy Nguyên"]
    assert ms and all(m.unit_iri_key == "legacy/district/311" for m in ms)
    assert document_era(meta_of("004")) == "legacy"


def test_2025_text_pairs_old_units() -> None:
    # "thành phố Hải Phòng và tỉnh Hải Dương": the pre-merger city, not the new one.
    doc = document("003")
    ms = linked("003")
    pairs = [
        (a, b)
        for a, b in zip(ms, ms[1:], strict=False)
        if b.unit_iri_key == "legacy/province/30"
        and doc.text[a.evidence.end : b.evidence.start].strip() == "và"
        and a.name == "Hải Phòng"
    ]
    assert pairs and all(a.unit_iri_key == "legacy/province/31" for a, _ in pairs)
    # elsewhere the city is the new one
    assert any(m.unit_iri_key == "2025/province/31" for m in ms)


def test_made_up_name_stays_unlinked_with_reason() -> None:
    meta = DocumentMeta(date="2025-09-01", unit_name="thành phố Hải Phòng", term_start=2025, quality="clean")
    doc = _doc_from_text("Ủy ban nhân dân phường Hoa Mơ Xanh và xã Quang Trung tổ chức hội nghị.", meta)
    ms = link_mentions(extract_mentions(doc), meta, Gazetteer.load(), doc.text)
    by_name = {m.name: m for m in ms}
    assert by_name["Hoa Mơ Xanh"].unit_iri_key is None
    assert by_name["Hoa Mơ Xanh"].reason.startswith("unknown name")
    # three legacy communes of Hải Phòng are called Quang Trung: no guess
    assert by_name["Quang Trung"].unit_iri_key is None
    assert by_name["Quang Trung"].reason.startswith("ambiguous")


def test_without_province_context_communes_need_a_unique_name() -> None:
    meta = DocumentMeta(date="2024-05-01")
    doc = _doc_from_text("Đoàn công tác làm việc tại xã Quang Trung và huyện Thủy Nguyên.", meta)
    ms = {m.name: m for m in link_mentions(extract_mentions(doc), meta, Gazetteer.load(), doc.text)}
    assert ms["Quang Trung"].unit_iri_key is None and ms["Quang Trung"].reason.startswith("ambiguous")
    assert ms["Thủy Nguyên"].unit_iri_key == "legacy/district/311"


def test_list_items_after_a_typed_mention() -> None:
    meta = DocumentMeta(date="2025-09-01", unit_name="thành phố Hải Phòng", term_start=2025, quality="clean")
    doc = _doc_from_text(
        "Khảo sát tại các phường Lê Ích Mộc, Thủy Nguyên và Thiên Hương trong tháng 9.", meta
    )
    ms = link_mentions(extract_mentions(doc), meta, Gazetteer.load(), doc.text)
    assert [m.text for m in ms] == ["phường Lê Ích Mộc", "Thủy Nguyên", "Thiên Hương"]
    assert all(m.level == "commune" and m.unit_iri_key.startswith("2025/commune/") for m in ms)


def test_document_scope() -> None:
    sc = document_scope(document("001"), meta_of("001"), list(linked("001")))
    assert sc is not None and sc.unit_iri_key == "2025/commune/11506"
    # without metadata: the most named unit of the opening lines
    sc = document_scope(document("003"), DocumentMeta(), list(linked("003")))
    assert sc is not None and sc.unit_iri_key == "2025/province/31"


def test_units_for_graph_closes_over_parents_and_lineage() -> None:
    gaz = Gazetteer.load()
    units = {u.key: u for u in units_for_graph(list(linked("001")), gaz)}
    for key in (
        "2025/commune/11506",
        "legacy/commune/11518",
        "legacy/district/311",
        "legacy/province/31",
        "2025/province/31",
    ):
        assert key in units
    for u in units.values():
        assert u.parent_key is None or u.parent_key in units
    assert len(units_for_graph([], gaz, full=True)) == len(gaz.units)


def test_ocr_detection() -> None:
    assert looks_ocr(document("001").text) and not looks_ocr(document("003").text)
