"""Plain, frozen dataclasses: what extraction finds and linking enriches. Only ``emit`` knows RDF.

Offsets are 0-based character offsets into :attr:`builder.read.Source.text`, end exclusive, so that
``source.text[ev.start:ev.end] == ev.quote`` for every :class:`Evidence`.

Every fact has a ``key``: a short string unique within its document, derived from its kind and its
evidence offsets (never from run order), from which :mod:`builder.iris` mints a stable IRI.
Numbers are :class:`~decimal.Decimal` as stated in the text (``1.057.207`` → 1057207, ``14,02`` → 14.02).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# Comparators, as in the query contract.
COMPARATORS = ("=", ">=", ">", "<=", "<", "~", "range", "bool")
# Verdicts of a result against its target.
STATUSES = ("exceeded", "met", "not_met")
# Fields (lĩnh vực) a target or goal is listed under.
FIELDS = ("economy", "society", "environment", "party", "defence", "administration", "urban", "other")


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: a source range and its exact text."""

    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Section:
    """A node of a document's section tree."""

    key: str  # e.g. "s0012"; unique in the document, in document order
    kind: str  # part | roman | letter | arabic | item | clause | article | appendix | table | footnote | preamble
    number: str | None  # as written: "THỨ HAI", "II", "3", "1.1", "(5)", "a", "01"
    title: str  # heading text (source slice, stripped)
    level: int  # depth in the tree, 1 = top
    start: int  # span of the whole section in the source
    end: int
    title_evidence: Evidence
    parent: str | None = None  # key of the parent section


@dataclass(frozen=True)
class DocumentMeta:
    """Metadata of one document: detected from the text, overridden by the manifest."""

    title: str | None = None
    kind: str | None = None  # political_report | resolution | review_report | plan | other
    issuing_body: str | None = None  # e.g. "Đảng bộ thành phố Hải Phòng"
    level: str | None = None  # province | district | commune
    unit_name: str | None = None  # the unit whose plan it is, e.g. "thành phố Hải Phòng"
    term_start: int | None = None
    term_end: int | None = None
    date: str | None = None  # ISO date or year, as known
    version: str | None = None  # draft | final
    revision_of: str | None = None  # file name of the earlier version
    quality: str | None = None  # clean | ocr
    detected: tuple[str, ...] = ()  # names of fields that came from the text, not the manifest
    source: str = "detected"  # manifest (a manifest entry or sidecar was given) | detected (text only)


@dataclass(frozen=True)
class Target:
    """A planned figure: indicator + comparator + value(s) + unit + deadline or period."""

    key: str
    label: str  # the indicator wording as stated (accents restored for OCR where possible)
    comparator: str  # one of COMPARATORS
    value: Decimal | None
    value_max: Decimal | None
    unit: str | None  # unit as stated, e.g. "%/năm", "tỷ đồng"
    evidence: Evidence
    unit_id: str | None = None  # local name in ontology/units.ttl, e.g. "percent_per_year"
    year: int | None = None  # deadline year ("đến năm 2030")
    period_start: int | None = None  # period ("giai đoạn 2026 - 2030", "bình quân ... /năm")
    period_end: int | None = None
    per_year: bool = False  # "hằng năm", "/năm", "bình quân ... /năm"
    list_number: str | None = None  # "(5)", "12"
    section: str | None = None  # key of the section it was read in
    field: str | None = None  # one of FIELDS
    goal: str | None = None  # key of the Goal it is listed under
    parent: str | None = None  # key of the parent Target for components ("trong đó ...")
    concept: str | None = None  # indicator concept local name (filled by link.indicators)
    scope: str | None = None  # key of the UnitMention / unit it is for (filled by linking)


@dataclass(frozen=True)
class Result:
    """An achieved value for a unit and period, with its verdict against a target."""

    key: str
    label: str
    comparator: str
    value: Decimal | None
    value_max: Decimal | None
    unit: str | None
    evidence: Evidence
    unit_id: str | None = None
    year: int | None = None
    period_start: int | None = None
    period_end: int | None = None
    per_year: bool = False
    target_value: Decimal | None = None  # the target it is compared with, when stated
    target_value_max: Decimal | None = None
    target_comparator: str | None = None
    status: str | None = None  # one of STATUSES
    status_computed: bool = False  # True when plankg computed the verdict, not the text
    list_number: str | None = None
    section: str | None = None
    field: str | None = None
    parent: str | None = None
    concept: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class Goal:
    """A textual objective, breakthrough or main task of a plan."""

    key: str
    kind: str  # general | field | breakthrough | task
    label: str  # short label
    heading: str  # the heading it was read under
    evidence: Evidence
    field: str | None = None
    section: str | None = None
    list_number: str | None = None


@dataclass(frozen=True)
class UnitMention:
    """A mention of an administrative unit in the text, linked to the gazetteer when possible."""

    key: str
    text: str  # as written
    name: str  # normalised name without the type word, accents restored when linked
    type_word: str | None  # phường | xã | thị trấn | quận | huyện | thị xã | thành phố | tỉnh | đặc khu
    evidence: Evidence
    code: str | None = None  # official code of the linked unit
    unit_iri_key: str | None = None  # gazetteer key of the linked unit (see link.admin_units)
    level: str | None = None  # province | district | commune
    reason: str | None = None  # why it stayed unlinked (ambiguous, unknown, ...)


@dataclass(frozen=True)
class LineagePart:
    """One predecessor in a lineage statement."""

    mention: str  # key of the UnitMention
    share: str  # whole | most | part | rest


@dataclass(frozen=True)
class Lineage:
    """A statement that a unit was formed from others."""

    key: str
    unit: str  # key of the UnitMention of the new unit
    parts: tuple[LineagePart, ...]
    evidence: Evidence
    legal_basis: str | None = None  # "1915/NQ-UBTVQH15"
    date: str | None = None  # ISO date of the legal basis
    effective: str | None = None  # ISO date it took effect


@dataclass(frozen=True)
class Project:
    """A project, programme, planning scheme (quy hoạch) or scheme (đề án) named as a work item."""

    key: str
    label: str
    evidence: Evidence
    list_number: str | None = None
    sector: str | None = None  # transport | urban | industry | energy | environment | culture | health |
    # education | digital | tourism | planning | administration | other
    status: str | None = None  # planned | under_construction | completed
    status_year: int | None = None
    units: tuple[str, ...] = ()  # keys of UnitMentions
    section: str | None = None


@dataclass
class DocumentFacts:
    """Everything read from one document; filled step by step by the pipeline."""

    meta: DocumentMeta
    sections: list[Section] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    mentions: list[UnitMention] = field(default_factory=list)
    lineages: list[Lineage] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    scope: str | None = None  # key of the UnitMention (or gazetteer key) of the document's own unit
    rejected: list[tuple[str, Evidence]] = field(default_factory=list)  # (reason, where) of dropped candidates
    lineage_notes: dict[str, list[str]] = field(default_factory=dict)  # lineage key → dataset disagreements


def fact_key(kind: str, start: int, end: int) -> str:
    """The key of a fact of ``kind`` read at source range ``[start, end)``."""
    return f"{kind}-{start}-{end}"
