"""Stable IRIs, derived from the source file name and the fact's key (kind + offsets).

Never from run order or random ids: the same input gives the same IRIs.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

ONTOLOGY = "https://w3id.org/plankg/ontology#"
ID = "https://w3id.org/plankg/id/"


def slug(text: str) -> str:
    """An IRI-safe slug: ASCII, folded, lower case, hyphen-separated."""
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def doc_id(name: str) -> str:
    """Document id from the file name: ``003_fa57fa61f79953c7.txt`` → ``003_fa57fa61f79953c7``."""
    stem = name[:-4] if name.lower().endswith(".txt") else name
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", stem)


def document(name: str) -> URIRef:
    return URIRef(f"{ID}doc/{doc_id(name)}")


def fact(name: str, key: str) -> URIRef:
    """IRI of a fact (target, result, section, ...) of a document."""
    return URIRef(f"{ID}doc/{doc_id(name)}/{key}")


def plan(name: str) -> URIRef:
    return URIRef(f"{ID}doc/{doc_id(name)}/plan")


def unit(code_or_key: str) -> URIRef:
    """IRI of an administrative unit (gazetteer key, e.g. ``2025/commune/11506``)."""
    return URIRef(f"{ID}unit/{code_or_key}")


def concept(local: str) -> URIRef:
    """IRI of an indicator concept in ontology/indicators.ttl."""
    return URIRef(f"{ID}indicator/{local}")


def uom(local: str) -> URIRef:
    """IRI of a unit of measure in ontology/units.ttl."""
    return URIRef(f"{ID}uom/{local}")


def org(name: str) -> URIRef:
    return URIRef(f"{ID}org/{slug(name)}")


def link(kind: str, *parts: str) -> URIRef:
    """IRI of a cross-document link (cascade, outcome, revision, discrepancy)."""
    return URIRef(f"{ID}{kind}/" + "/".join(slug(p) for p in parts))
