"""The indicator scheme (ontology/indicators.ttl) and the wording → concept matcher (builder.link.indicators).

Accuracy is measured on tests/data/indicator_labels.tsv: real wordings from the five seeds (clean and OCR),
each with the concept it must resolve to, or "-" for phrases that must not match.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from builder.link.indicators import (
    DIMENSIONS,
    IND,
    PK,
    POLARITIES,
    SCHEME,
    IndicatorIndex,
    hidden_form,
    label_key,
    regenerate_indicators,
)
from builder.resources import ontology_path

DATA = Path(__file__).parent / "data" / "indicator_labels.tsv"
OCR_SEEDS = {"000", "001", "002"}


def _rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        src, wording, context, expected = line.split("\t")
        rows.append((src, wording, context, expected))
    return rows


@pytest.fixture(scope="module")
def index() -> IndicatorIndex:
    return IndicatorIndex.load()


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    g.parse(ontology_path("indicators.ttl"), format="turtle")
    return g


# --- the scheme -------------------------------------------------------------------------------------------


def test_scheme_size_and_membership(index: IndicatorIndex, graph: Graph) -> None:
    concepts = index.concepts()
    assert 60 <= len(concepts) <= 100
    for c in concepts:
        assert (c.iri, RDF.type, SKOS.Concept) in graph
        assert (c.iri, SKOS.inScheme, SCHEME) in graph
        is_top = (c.iri, SKOS.topConceptOf, SCHEME) in graph
        assert is_top == (c.broader is None), c.local
        assert ((SCHEME, SKOS.hasTopConcept, c.iri) in graph) == is_top, c.local
        assert re.fullmatch(r"[a-z0-9_]+", c.local)


def test_every_concept_is_described(index: IndicatorIndex) -> None:
    for c in index.concepts():
        assert c.pref_label_vi and c.pref_label_en, c.local
        assert c.definition, c.local
        assert c.polarity in POLARITIES[:2], c.local
        assert c.dimension in DIMENSIONS, c.local
        assert c.alt_labels, f"{c.local} has no altLabel"


def test_broader_targets_exist_and_are_acyclic(index: IndicatorIndex) -> None:
    locals_ = {c.local for c in index.concepts()}
    for c in index.concepts():
        if c.broader:
            assert c.broader in locals_, c.local
            assert c.local not in index.ancestors(c.local)


def test_hidden_labels_are_the_folded_labels(index: IndicatorIndex) -> None:
    for c in index.concepts():
        assert set(c.hidden_labels) == {hidden_form(x) for x in c.labels_vi}, c.local


def test_no_two_concepts_share_a_folded_label(index: IndicatorIndex) -> None:
    owner: dict[str, str] = {}
    for c in index.concepts():
        for label in c.labels_vi:
            for key in (hidden_form(label), label_key(label)):
                assert owner.setdefault(key, c.local) == c.local, f"{label!r}: {owner[key]} and {c.local}"


def test_component_labels_are_unique_among_siblings(index: IndicatorIndex) -> None:
    for parent in index.concepts():
        seen: dict[str, str] = {}
        for child in index.narrower(parent.local):
            for text in index.concept(child).component_labels:
                key = label_key(text)
                assert seen.setdefault(key, child) == child, f"{text!r} under {parent.local}"


def test_close_matches_are_sdg_indicator_iris(index: IndicatorIndex) -> None:
    matched = [c for c in index.concepts() if c.close_match]
    assert {"poverty_rate", "forest_cover", "clean_water_access"} <= {c.local for c in matched}
    for c in matched:
        for iri in c.close_match:
            assert re.fullmatch(r"http://metadata\.un\.org/sdg/C\d{6}", iri), iri


def test_generated_parts_are_in_sync() -> None:
    """The file equals its regeneration: hidden labels, scheme membership and top concepts are current."""
    path = ontology_path("indicators.ttl")
    assert regenerate_indicators(path) == path.read_text(encoding="utf-8")


def test_pk_terms_used_are_the_documented_ones(graph: Graph) -> None:
    used = {p for p in graph.predicates() if str(p).startswith(str(PK))}
    assert used == {PK.dimension, PK.polarity, PK.componentLabel}
    assert set(graph.subjects(RDF.type, PK.Indicator)) == {URIRef(IND[c]) for c in _locals(graph)}


def _locals(graph: Graph) -> set[str]:
    return {str(s).rsplit("/", 1)[-1] for s in graph.subjects(RDF.type, SKOS.Concept)}


# --- matching real wordings ---------------------------------------------------------------------------------


def test_accuracy_on_seed_wordings(index: IndicatorIndex) -> None:
    rows = _rows()
    assert len([r for r in rows if r[3] != "-"]) >= 80
    wrong = []
    by_quality = {"clean": [0, 0], "ocr": [0, 0]}
    for src, wording, context, expected in rows:
        m = index.match(wording, context)
        got = m.local if m else "-"
        q = by_quality["ocr" if src in OCR_SEEDS else "clean"]
        q[1] += 1
        if got == expected:
            q[0] += 1
        else:
            wrong.append(f"{src} {wording!r} → {got}, expected {expected}")
    total = sum(v[0] for v in by_quality.values()) / len(rows)
    report = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in by_quality.items())
    print(f"\nindicator matching accuracy {total:.3f} ({report})\n" + "\n".join(wrong))
    assert total >= 0.9, "\n".join(wrong)
    for k, (ok, n) in by_quality.items():
        assert ok / n >= 0.9, f"{k}: {ok}/{n}"


def test_non_indicator_phrases_do_not_match(index: IndicatorIndex) -> None:
    negatives = [(w, c) for _s, w, c, e in _rows() if e == "-"]
    assert len(negatives) >= 10
    hits = {w: index.match(w, c) for w, c in negatives}
    assert {w: m.local for w, m in hits.items() if m} == {}


def test_all_three_methods_occur(index: IndicatorIndex) -> None:
    methods = {m.method for _s, w, c, _e in _rows() if (m := index.match(w, c))}
    # The annotated OCR wordings that once needed the fuzzy tier ("Ty 1€ hd dan st dung nude sach …") are read
    # back by the word-level repair (builder.respell) and now match exactly or by containment; a letter lost
    # inside a word still needs it.
    assert {"exact", "contains"} <= methods
    m = index.match("Ty le ho dan su dung nuoc sch")
    assert m is not None and (m.local, m.method) == ("clean_water_access", "fuzzy")


def test_context_decides_what_a_sector_wording_means(index: IndicatorIndex) -> None:
    """The same sector words mean sector growth under GRDP growth and a sector share under the structure."""
    rows = {(w, c): e for _s, w, c, e in _rows() if c}
    growth = [
        e for (w, c), e in rows.items() if label_key(w).startswith("dich vu") and "tang" in label_key(c)
    ]
    share = [
        e for (w, c), e in rows.items() if label_key(w).startswith("dich vu") and "co cau" in label_key(c)
    ]
    assert growth and share
    for (w, c), e in rows.items():
        m = index.match(w, c)
        assert m is not None and m.local == e, (w, c)
        assert m.broader == index.broader(e)
    for (w, c), _e in rows.items():
        if label_key(w).startswith("dich vu") and "co cau" in label_key(c):
            assert index.match(w) is None  # without its heading, a bare sector share names no indicator


def test_match_result_carries_the_concept_description(index: IndicatorIndex) -> None:
    src, wording, context, expected = next(r for r in _rows() if r[3] == "poverty_rate" and r[0] in OCR_SEEDS)
    m = index.match(wording, context)
    assert m is not None and m.local == expected
    c = index.concept(expected)
    assert (m.pref_label_vi, m.polarity, m.dimension, m.broader) == (
        c.pref_label_vi,
        c.polarity,
        c.dimension,
        None,
    )
    assert m.polarity == "lower_is_better"
    assert 0 < m.score <= 1


def test_unknown_concepts_raise_key_error(index: IndicatorIndex) -> None:
    with pytest.raises(KeyError):
        index.polarity("no_such_indicator")
    with pytest.raises(KeyError):
        index.broader("no_such_indicator")


def test_empty_and_numeric_wordings(index: IndicatorIndex) -> None:
    assert index.match("") is None
    assert index.match("   ") is None
    assert index.match("2025 - 2030") is None


def test_matching_is_deterministic(index: IndicatorIndex) -> None:
    fresh = IndicatorIndex(index.concepts())
    for _s, wording, context, _e in _rows():
        assert fresh.match(wording, context) == index.match(wording, context)


def test_load_is_cached() -> None:
    assert IndicatorIndex.load() is IndicatorIndex.load()
