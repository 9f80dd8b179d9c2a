"""read → normalise → segment → extract → link → emit, for a file or a folder.

``process(path)`` does everything that depends on one document only (and so can run in parallel);
``build(paths)`` adds the cross-document steps (gazetteer units, cascades, outcomes, revisions), emits,
writes ``graph.ttl`` atomically and validates it.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from rdflib import Graph

from .document import Document
from .errors import InputError
from .facts import DocumentFacts, DocumentMeta
from .read import find_inputs, read_source
from .timing import Timings

T = TypeVar("T")


@dataclass
class DocumentSummary:
    name: str
    characters: int
    quality: str | None
    sections: int
    targets: int
    results: int
    goals: int
    projects: int
    mentions: int
    linked_mentions: int
    seconds: float


@dataclass
class BuildResult:
    graph: Graph
    documents: list[DocumentSummary]
    items: list[tuple[Document, DocumentFacts]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    out: Path | None = None


Progress = Callable[[str], None]


def _metadata(doc: Document, path: Path) -> DocumentMeta:
    from .extract.metadata import detect_metadata, merge
    from .manifest import find_metadata

    detected = detect_metadata(doc)
    override = find_metadata(path)
    if not override:
        return detected
    from dataclasses import replace

    return replace(merge(detected, override), source="manifest")


def process(path: Path, gazetteer: object | None = None) -> tuple[Document, DocumentFacts]:
    """Everything that depends on one document alone: read, views, metadata, sections, facts, links."""
    from .extract.goals import attach_goals, extract_goals
    from .extract.projects import extract_projects
    from .extract.results import extract_results
    from .extract.tables import extract_table_facts
    from .extract.targets import extract_targets
    from .extract.units import extract_mentions
    from .link import facts as link_facts
    from .segment import segment

    if gazetteer is None:
        from .gazetteer import Gazetteer

        gazetteer = Gazetteer.load()
    source = read_source(path)
    doc = Document.from_source(source)
    doc.meta = _metadata(doc, path)
    doc.sections = segment(doc)
    facts = DocumentFacts(meta=doc.meta, sections=list(doc.sections))
    goals = extract_goals(doc)
    targets = extract_targets(doc)
    results = extract_results(doc)
    table_targets, table_results = extract_table_facts(doc)
    facts.goals = goals
    facts.targets = attach_goals(_dedupe(targets + table_targets), goals, doc)
    facts.results = _dedupe(results + table_results)
    facts.projects = extract_projects(doc)
    facts.mentions = extract_mentions(doc, gazetteer)
    link_facts.link_document(doc, facts, gazetteer)
    return doc, facts


def _timed(path: Path, gazetteer: object | None = None) -> tuple[Document, DocumentFacts, float]:
    started = time.perf_counter()
    doc, facts = process(path, gazetteer)
    return doc, facts, time.perf_counter() - started


def _process_all(
    files: list[Path], gazetteer: object, jobs: int
) -> Iterator[tuple[Document, DocumentFacts, float]]:
    """Process documents in order; with ``jobs > 1`` in worker processes (forked: they share the
    already-loaded gazetteer). Results come back in input order, so output stays deterministic."""
    if jobs <= 1 or len(files) < 2:
        yield from (_timed(path, gazetteer) for path in files)
        return
    yield from ordered_map(_timed, files, jobs)


def ordered_map(
    fn: Callable[[Path], T], files: list[Path], jobs: int, initializer: Callable[..., None] | None = None,
    initargs: tuple[object, ...] = (),
) -> Iterator[T]:
    """``fn`` over *files* in *jobs* forked worker processes (they share what the parent has loaded, such as
    the gazetteer), in input order so that the output stays deterministic."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=initializer,
                             initargs=initargs) as pool:
        yield from pool.map(fn, files, chunksize=max(1, min(16, len(files) // (jobs * 4) or 1)))


def _closed(units: list, gazetteer: object) -> list:
    """Add the parents and predecessors the units refer to, so that every link in the graph has a target."""
    by_key = {u.key: u for u in units}
    todo = list(by_key.values())
    while todo:
        u = todo.pop()
        for ref in [u.parent_key, *(k for k, _ in u.predecessors)]:
            if ref and ref not in by_key:
                other = gazetteer.get(ref)  # type: ignore[attr-defined]
                if other is not None:
                    by_key[ref] = other
                    todo.append(other)
    return sorted(by_key.values(), key=lambda u: u.key)


def _dedupe(items: list) -> list:
    """Drop facts with the same key (the same kind read at the same span twice); keep document order."""
    seen: dict[str, object] = {}
    for item in items:
        seen.setdefault(item.key, item)
    return sorted(seen.values(), key=lambda f: (f.evidence.start, f.evidence.end, f.key))


def summarise(doc: Document, facts: DocumentFacts, seconds: float) -> DocumentSummary:
    return DocumentSummary(
        name=doc.name,
        characters=len(doc.text),
        quality=facts.meta.quality,
        sections=len(facts.sections),
        targets=len(facts.targets),
        results=len(facts.results),
        goals=len(facts.goals),
        projects=len(facts.projects),
        mentions=len(facts.mentions),
        linked_mentions=sum(1 for m in facts.mentions if m.unit_iri_key),
        seconds=seconds,
    )


def build(
    paths: Iterable[str | Path],
    *,
    gazetteer_mode: str = "mentioned",
    progress: Progress | None = None,
    jobs: int = 1,
) -> BuildResult:
    """Build the graph of a corpus (in memory). The CLI writes and validates it."""
    from .emit import emit_corpus
    from .gazetteer import Gazetteer

    files = find_inputs(list(paths))
    if not files:
        raise InputError("no input files")
    timings = Timings()
    with timings.step("gazetteer"):
        gazetteer = Gazetteer.load()

    items: list[tuple[Document, DocumentFacts]] = []
    summaries: list[DocumentSummary] = []
    with timings.step("extract"):
        for i, (doc, facts, seconds) in enumerate(_process_all(files, gazetteer, jobs), 1):
            items.append((doc, facts))
            summaries.append(summarise(doc, facts, seconds))
            if progress:
                progress(f"[{i}/{len(files)}] {doc.name}")
    with timings.step("link"):
        units, links = link_corpus(items, gazetteer, gazetteer_mode)
    with timings.step("emit"):
        graph = emit_corpus(items, units, links)
    return BuildResult(graph=graph, documents=summaries, items=items, timings=timings)


def link_corpus(
    items: Sequence[tuple[Document, DocumentFacts]], gazetteer: object, gazetteer_mode: str = "mentioned"
) -> tuple[list, Any]:
    """The units the corpus needs (mentioned, or all with ``full``; with ancestors and lineage neighbours) and
    the links between its documents (cascades, outcomes, revisions, discrepancies)."""
    from .link import cascade
    from .link.admin_units import units_for_graph

    mentions = [m for _, facts in items for m in facts.mentions]
    units = _closed(units_for_graph(mentions, gazetteer, full=(gazetteer_mode == "full")), gazetteer)
    return units, cascade.link_corpus(items, units)


def replace_meta(facts: DocumentFacts, **changes: object) -> None:
    facts.meta = dataclasses.replace(facts.meta, **changes)
