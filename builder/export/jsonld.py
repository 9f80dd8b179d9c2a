"""JSON-LD with the plankg context (``ontology/context.jsonld``), compacted by rdflib, sorted for a stable
text.

The context is generated from ``ontology/plankg.ttl`` (:func:`build_context`): the standard prefixes, and one
term per plankg property, with ``@type: @id`` for object properties and the datatype for typed literals, so
that
``"value": "14.5"`` reads as an ``xsd:decimal``. The context is embedded in the output (so it parses offline)
and ``test_export.py`` checks that the file in ``ontology/`` matches the ontology and that the output
round-trips to the same triples.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ..errors import GraphError
from ..iris import ONTOLOGY
from ..resources import ontology_path

CONTEXT_FILE = "context.jsonld"

# Prefixes the context declares (the emitter's prefixes plus owl).
PREFIXES: dict[str, str] = {
    "pk": ONTOLOGY,
    "id": "https://w3id.org/plankg/id/",
    "ind": "https://w3id.org/plankg/id/indicator/",
    "uom": "https://w3id.org/plankg/id/uom/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "qb": "http://purl.org/linked-data/cube#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "oa": "http://www.w3.org/ns/oa#",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def build_context(ontology: Graph) -> dict[str, Any]:
    """The JSON-LD context for plankg graphs, derived from the OWL property declarations in *ontology*."""
    terms: dict[str, Any] = dict(PREFIXES)
    for prop in sorted(ontology.subjects(RDF.type, OWL.ObjectProperty), key=str):
        if isinstance(prop, URIRef) and str(prop).startswith(ONTOLOGY):
            terms[str(prop)[len(ONTOLOGY):]] = {"@id": f"pk:{str(prop)[len(ONTOLOGY):]}", "@type": "@id"}
    for prop in sorted(ontology.subjects(RDF.type, OWL.DatatypeProperty), key=str):
        if not (isinstance(prop, URIRef) and str(prop).startswith(ONTOLOGY)):
            continue
        local = str(prop)[len(ONTOLOGY):]
        ranges = sorted(str(r) for r in ontology.objects(prop, RDFS.range))
        term: dict[str, str] = {"@id": f"pk:{local}"}
        if len(ranges) == 1 and ranges[0].startswith(str(XSD)) and ranges[0] != str(XSD.string):
            term["@type"] = "xsd:" + ranges[0][len(str(XSD)):]
        terms[local] = term
    return {"@context": dict(sorted(terms.items(), key=lambda kv: (kv[0] not in PREFIXES, kv[0])))}


@lru_cache(maxsize=1)
def load_context() -> dict[str, Any]:
    """The context shipped in ``ontology/context.jsonld``."""
    path = ontology_path(CONTEXT_FILE)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GraphError(f"cannot read the JSON-LD context: {exc}", str(path)) from None


def to_jsonld(graph: Graph) -> str:
    """*graph* as compacted JSON-LD with the embedded plankg context; nodes sorted by ``@id``, keys sorted."""
    context = load_context()["@context"]
    text = graph.serialize(format="json-ld", context=context, auto_compact=True, ensure_ascii=False)
    doc = json.loads(text)
    nodes = doc.get("@graph", [doc] if "@id" in doc else [])
    nodes = [{k: v for k, v in n.items() if k != "@context"} for n in nodes]
    body = sorted((_sorted(n) for n in nodes), key=lambda n: str(n.get("@id")))
    ordered = {"@context": context, "@graph": body}
    return json.dumps(ordered, ensure_ascii=False, indent=1) + "\n"


def _sorted(value: Any) -> Any:
    """Sort object keys and (unordered, in RDF) value arrays, for a stable text; ``@list`` keeps its order."""
    if isinstance(value, dict):
        return {k: ([_sorted(x) for x in v] if k == "@list" and isinstance(v, list) else _sorted(v))
                for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sorted(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def write_context() -> None:
    """Regenerate ``ontology/context.jsonld`` from ``ontology/plankg.ttl``.

    Run ``python -m builder.export.jsonld`` after changing the properties of the ontology.
    """
    ontology = Graph().parse(ontology_path("plankg.ttl"))
    text = json.dumps(build_context(ontology), ensure_ascii=False, indent=1) + "\n"
    ontology_path(CONTEXT_FILE).write_text(text, encoding="utf-8")
    load_context.cache_clear()


if __name__ == "__main__":
    write_context()
