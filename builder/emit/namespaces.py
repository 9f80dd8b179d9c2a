"""Namespaces the emitter writes with. ``PK`` is the closed vocabulary generated from ontology/plankg.ttl."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, TIME, XSD

from ..iris import ID, ONTOLOGY
from ..vocab import PK  # the closed namespace generated from ontology/plankg.ttl: unknown terms fail

__all__ = ["GEO", "IDNS", "IND", "OA", "PK", "PREFIXES", "QB", "SDMX_ATTR", "SDMX_DIM", "UOM", "DCTERMS", "ORG",
           "PROV", "RDF", "RDFS", "SKOS", "TIME", "XSD"]

OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
IND = Namespace(ID + "indicator/")
UOM = Namespace(ID + "uom/")
IDNS = Namespace(ID)

PREFIXES = {
    "pk": Namespace(ONTOLOGY),
    "id": IDNS,
    "ind": IND,
    "uom": UOM,
    "prov": PROV,
    "skos": SKOS,
    "org": ORG,
    "time": TIME,
    "qb": QB,
    "sdmx-attribute": SDMX_ATTR,
    "sdmx-dimension": SDMX_DIM,
    "oa": OA,
    "geo": GEO,
    "dcterms": DCTERMS,
    "rdfs": RDFS,
    "rdf": RDF,
    "xsd": XSD,
}
