"""Namespaces: the closed ``PK`` vocabulary generated from ``ontology/plankg.ttl``, and the standard ones.

``PK`` is a :class:`~rdflib.namespace.DefinedNamespace` with ``_fail = True``: ``PK.Targett`` raises
``AttributeError`` instead of minting a term the ontology does not define. The block between the
``BEGIN GENERATED`` and ``END GENERATED`` markers is written by ``python -m builder.vocab`` (run it after
editing plankg.ttl); ``tests/test_ontology.py`` fails when it is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, GEO, ORG, OWL, PROV, QB, RDF, SKOS, TIME, DefinedNamespace

SDMX_ATTR = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
PKS = Namespace("https://w3id.org/plankg/shapes#")  # shape IRIs in ontology/shapes.ttl

PK_IRI = "https://w3id.org/plankg/ontology#"

# Prefixes plankg binds when it serialises a graph.
PREFIXES: dict[str, Namespace | str] = {
    "pk": PK_IRI,
    "id": "https://w3id.org/plankg/id/",
    "ind": "https://w3id.org/plankg/id/indicator/",
    "uom": "https://w3id.org/plankg/id/uom/",
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
    "eli": ELI,
}

__all__ = [
    "PK", "PKS", "PK_IRI", "PREFIXES", "PROV", "SKOS", "ORG", "TIME", "QB", "SDMX_ATTR", "SDMX_DIM", "OA",
    "GEO", "DCTERMS", "ELI", "render", "terms",
]

# BEGIN GENERATED (python -m builder.vocab)
class PK(DefinedNamespace):
    """Terms of the plankg ontology (ontology/plankg.ttl)."""

    _fail = True
    _NS = Namespace("https://w3id.org/plankg/ontology#")

    # --- Classes ---
    # A province-, district- or commune-level unit of Vietnam in one era, with its official code, validity
    # interval, parent and lineage.
    AdministrativeUnit: URIRef
    # A strategic breakthrough a plan singles out as the lever for its other goals.
    Breakthrough: URIRef
    # A link between a target of an upper-level plan and the target of a lower-level plan for the same
    # indicator.
    Cascade: URIRef
    # A computed relation between figures of different documents; never asserted directly.
    CrossDocumentLink: URIRef
    # A link between figures that should agree and do not, with the reason.
    Discrepancy: URIRef
    # A plan text as a file: a Party congress political report, a People's Council resolution or a similar
    # document, in one version (draft or final).
    Document: URIRef
    # The exact place in a source document a fact was read from, given by a text position selector and a
    # text quote selector.
    Evidence: URIRef
    # A numeric statement read from a document, either planned (a target) or achieved (a result); never
    # asserted directly.
    Figure: URIRef
    # One predecessor's share in the formation of an administrative unit by merger or split.
    Formation: URIRef
    # A textual objective of a plan, general or for one field, stated without a single measurable figure.
    Goal: URIRef
    # A concept of what a target or result measures (e.g. GRDP growth), kept in the SKOS indicator scheme.
    Indicator: URIRef
    # A link between a target and the result later reported for it, with the verdict.
    Outcome: URIRef
    # The development plan a document sets: a term (e.g. 2025-2030), issued by an organisation for an
    # administrative unit.
    Plan: URIRef
    # A project, programme, planning scheme or scheme that a plan names as a work item.
    Project: URIRef
    # An achieved figure for a unit and period, with its verdict against the target it is compared with.
    Result: URIRef
    # A link between a figure in a draft document and the same figure in its final version.
    Revision: URIRef
    # A node of a document's section tree (part, chapter, numbered item, clause, table, appendix) with its
    # character span.
    Section: URIRef
    # A planned figure: an indicator with a comparator, value(s), unit and deadline or period, for a unit,
    # in a plan.
    Target: URIRef
    # A main task or solution a plan lists to reach its goals.
    Task: URIRef
    # A place in a text naming an administrative unit, linked to the unit when it can be identified.
    UnitMention: URIRef
    # A unit in which plans state figures (e.g. percent, billion dong), with its dimension, scale to a
    # base unit and UCUM code.
    UnitOfMeasure: URIRef
    # What a scope, a project place or a predecessor points at: an administrative unit, or the mention of
    # one in a text when the unit is not identified.
    UnitReference: URIRef

    # --- Object properties ---
    # Links a unit of measure to the base unit of its dimension, into which pk:scaleToBase converts.
    baseUnit: URIRef
    # Links a lower-level target to the upper-level target it carries down (the shortcut of a cascade).
    cascadesFrom: URIRef
    # Links a component figure (stated after "trong đó") to the figure it is part of.
    componentOf: URIRef
    # Links a revision to the draft document its draft figure was read from.
    draftDocument: URIRef
    # Links a revision to the figure as stated in the draft.
    draftFigure: URIRef
    # Links a fact to the evidence (source range and quote) it was read from.
    evidence: URIRef
    # Links a discrepancy to one of the figures that disagree.
    figure: URIRef
    # Links a revision to the final document its final figure was read from.
    finalDocument: URIRef
    # Links a revision to the figure as stated in the final version.
    finalFigure: URIRef
    # Links an administrative unit to a formation describing one predecessor it was formed from.
    formedFrom: URIRef
    # Links a section or unit mention to the document it occurs in.
    inDocument: URIRef
    # Links a goal, figure or project to the plan it belongs to.
    inPlan: URIRef
    # Links a fact (goal, figure, project, mention, ...) to the section it was read in.
    inSection: URIRef
    # Links a figure to the indicator concept it measures.
    indicator: URIRef
    # Links a document to the organisation (Party committee, People's Council) that issued it.
    issuedBy: URIRef
    # Links a cascade to the target of the lower-level plan.
    lower: URIRef
    # Links a project to an administrative unit (or mention) it names as its location.
    mentionsUnit: URIRef
    # Links an administrative unit to the unit it belonged to directly during its validity.
    parentUnit: URIRef
    # Links a formation to the earlier unit (or its mention) that contributed to the new unit.
    predecessor: URIRef
    # Links a unit mention to the administrative unit it names.
    refersTo: URIRef
    # Links a result to the target of another document it reports on.
    reportsOn: URIRef
    # Links an outcome to the result reported for its target.
    result: URIRef
    # Links a document, plan, figure or project to the administrative unit it is for, or to the mention
    # when the unit is not linked.
    scope: URIRef
    # Links a document to the plan it sets.
    setsPlan: URIRef
    # Links a plan to the document that states it.
    statedIn: URIRef
    # Links an outcome to the target it judges.
    target: URIRef
    # Links a plan to the time interval of its term (e.g. 2025-2030).
    term: URIRef
    # Links a target to the goal it is listed under.
    underGoal: URIRef
    # Links a figure to the unit of measure its value is stated in.
    unitOfMeasure: URIRef
    # Links a cascade to the target of the upper-level plan.
    upper: URIRef

    # --- Datatype properties ---
    # The tier of an administrative unit: province, district or commune.
    adminLevel: URIRef
    # How a lower target compares with the upper one: consistent, more_ambitious, less_ambitious or
    # not_comparable.
    agreement: URIRef
    # A short explanation of a cascade's agreement verdict.
    agreementReason: URIRef
    # Whether a cascade links plans of two administrative levels (level) or two bodies of the same unit
    # (body).
    cascadeKind: URIRef
    # What happened to a figure between draft and final: changed, unchanged, dropped or added.
    change: URIRef
    # The number of characters of the decoded source text, the bound of every offset into it.
    characterCount: URIRef
    # How a figure's value is stated: =, >=, >, <=, <, ~ (about), range, or bool for a yes/no standard.
    comparator: URIRef
    # How the reference dataset of administrative units disagrees with a lineage statement read from the
    # text.
    datasetDisagreement: URIRef
    # The year by which a target is to be reached, or the year a result refers to.
    deadlineYear: URIRef
    # The name of a metadata field whose value was detected from the text rather than given by the
    # manifest.
    detectedField: URIRef
    # The kind of quantity an indicator measures or a unit expresses (e.g. ratio, money, count, mass).
    dimension: URIRef
    # The kind of document: political_report, resolution, review_report, plan or other.
    documentKind: URIRef
    # The date a formation took effect.
    effectiveDate: URIRef
    # The character offset just after the end of a section in the source text (exclusive).
    endOffset: URIRef
    # The field a goal or figure is listed under (economy, society, environment, party, defence,
    # administration, urban, other).
    field: URIRef
    # The name of the text file a document was read from.
    fileName: URIRef
    # True when a formation is confirmed by the reference dataset of administrative units.
    fromDataset: URIRef
    # The kind of goal: general, field, breakthrough or task.
    goalKind: URIRef
    # The heading a goal was read under.
    heading: URIRef
    # The number of the legal act that decided a formation (e.g. a Standing Committee resolution number).
    legalBasis: URIRef
    # The date the legal act that decided a formation was issued.
    legalBasisDate: URIRef
    # The administrative level a document is issued at: province, district or commune.
    level: URIRef
    # The number a goal, figure or project carries in its list, as written (e.g. "(5)").
    listNumber: URIRef
    # The words of a unit mention exactly as written in the source.
    mentionText: URIRef
    # Where a document's metadata came from: the manifest or detection from the text.
    metadataSource: URIRef
    # The official numeric code of an administrative unit in the national list of administrative units.
    officialCode: URIRef
    # True when a figure is stated per year (annual or annual average) rather than for the whole period.
    perYear: URIRef
    # The last year of the period a figure covers.
    periodEnd: URIRef
    # The first year of the period a figure covers.
    periodStart: URIRef
    # Whether a higher or a lower value of an indicator is better (higher_is_better, lower_is_better,
    # neutral).
    polarity: URIRef
    # A short explanation of why figures of a discrepancy disagree.
    reason: URIRef
    # The factor that converts a value in this unit into the base unit of its dimension (e.g. 1e9 for
    # billion dong).
    scaleToBase: URIRef
    # The kind of heading a section starts with (part, roman, letter, arabic, item, clause, article,
    # appendix, table, footnote, preamble).
    sectionKind: URIRef
    # The depth of a section in its document's tree, 1 for top-level sections.
    sectionLevel: URIRef
    # The number of a section as written (e.g. "II", "1.1", "(5)").
    sectionNumber: URIRef
    # The sector of a project (transport, urban, industry, energy, environment, culture, health,
    # education, digital, tourism, planning, administration, other).
    sector: URIRef
    # The SHA-256 digest (64 lower-case hex digits) of the document's file bytes.
    sha256: URIRef
    # How much of the predecessor went into the new unit: whole, most, part or rest.
    share: URIRef
    # The 0-based character offset where a section starts in the source text.
    startOffset: URIRef
    # The verdict of a result or outcome (exceeded, met, not_met) or the progress of a project (planned,
    # under_construction, completed).
    status: URIRef
    # True when plankg computed the verdict of a result or outcome from the figures rather than reading it
    # in the text.
    statusComputed: URIRef
    # The year a project's stated status refers to, e.g. when it is to be completed.
    statusYear: URIRef
    # The comparator of the planned value a result is compared with.
    targetComparator: URIRef
    # The planned value a result is compared with, as stated next to it.
    targetValue: URIRef
    # The upper bound of the planned range a result is compared with.
    targetValueMax: URIRef
    # Whether a document's text is clean Unicode or OCR output that lost diacritics.
    textQuality: URIRef
    # The Unified Code for Units of Measure expression of a unit, where one exists.
    ucumCode: URIRef
    # The unit of a figure as written in the text (e.g. "%/năm", "tỷ đồng").
    unitStated: URIRef
    # The legal type of an administrative unit (ward, commune, special_zone, township, urban_district,
    # rural_district, town, provincial_city, municipality, province).
    unitType: URIRef
    # Why a unit mention could not be linked to an administrative unit (e.g. ambiguous, unknown).
    unlinkedReason: URIRef
    # The first day an administrative unit existed in this form.
    validFrom: URIRef
    # The last day an administrative unit existed in this form.
    validTo: URIRef
    # The number a figure states (the lower bound of a range), as written in its stated unit.
    value: URIRef
    # The upper bound of a figure stated as a range.
    valueMax: URIRef
    # Whether a document is a draft or the final version.
    versionStatus: URIRef

    # --- Annotation properties ---
    # A wording that names an indicator when it is stated as a component of a broader one (after "trong
    # đó").
    componentLabel: URIRef
# END GENERATED

_BEGIN = "# BEGIN GENERATED (python -m builder.vocab)\n"
_END = "# END GENERATED\n"
_KINDS = ((OWL.Class, "Classes"), (OWL.ObjectProperty, "Object properties"),
          (OWL.DatatypeProperty, "Datatype properties"), (OWL.AnnotationProperty, "Annotation properties"))


def terms(ontology: Graph) -> dict[str, list[tuple[str, str]]]:
    """pk: terms of *ontology* by kind heading: [(local name, definition)], sorted by name."""
    definition = URIRef("http://www.w3.org/2004/02/skos/core#definition")
    out: dict[str, list[tuple[str, str]]] = {}
    for kind, heading in _KINDS:
        names = sorted(
            str(s)[len(PK_IRI):] for s in ontology.subjects(RDF.type, kind) if str(s).startswith(PK_IRI)
        )
        out[heading] = [(n, str(ontology.value(URIRef(PK_IRI + n), definition) or "")) for n in names]
    return out


def render(ontology: Graph) -> str:
    """The generated block (markers included) for *ontology*."""
    import textwrap

    lines = [
        _BEGIN.rstrip("\n"),
        "class PK(DefinedNamespace):",
        '    """Terms of the plankg ontology (ontology/plankg.ttl)."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{PK_IRI}")',
    ]
    for heading, items in terms(ontology).items():
        lines += ["", f"    # --- {heading} ---"]
        for name, text in items:
            lines += textwrap.wrap(text, width=106, initial_indent="    # ", subsequent_indent="    # ")
            lines.append(f"    {name}: URIRef")
    lines.append(_END.rstrip("\n"))
    return "\n".join(lines) + "\n"


def current_block(source: str) -> str:
    """The generated block as it stands in *source* (this module's text)."""
    start, end = source.index(_BEGIN), source.index(_END)
    return source[start : end + len(_END)]


def main(argv: list[str] | None = None) -> int:
    """Regenerate the block in this file from ontology/plankg.ttl."""
    from builder.resources import ontology_path

    module = Path(__file__)
    ontology = Graph().parse(ontology_path("plankg.ttl"), format="turtle")
    source = module.read_text(encoding="utf-8")
    new = source.replace(current_block(source), render(ontology))
    if new != source:
        module.write_text(new, encoding="utf-8")
        print(f"updated {module}")
    else:
        print(f"{module} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
