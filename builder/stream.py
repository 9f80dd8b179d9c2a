"""Streaming build for large corpora: one named graph per document, written as N-Quads as documents finish.

``build(paths)`` holds the whole corpus in one rdflib graph, serialises it as sorted Turtle and validates it
with one pySHACL call: fine for the seeds, slow and memory-hungry for thousands of documents. Here each
document is read, extracted, emitted into its own small graph and (optionally) validated in a worker
process; the parent appends that graph to ``graph.nq`` under the document's IRI as graph name, keeping only
the facts that cross-document linking needs. Then the units and the links (cascades, outcomes, revisions,
discrepancies) go to the default graph, cross-document checks run on sets of IRIs (every link end and every
scope exists), and the file can be bulk-loaded into an on-disk Oxigraph store for querying.

Output is deterministic: documents in input order, the lines of each block sorted.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .document import Document
from .errors import InputError
from .facts import DocumentFacts
from .pipeline import DocumentSummary, _closed, link_corpus, ordered_map, process, summarise
from .read import find_inputs
from .timing import Timings

Progress = Callable[[str], None]
_REF_PREDICATES = re.compile(
    r" <(?:https://w3id\.org/plankg/ontology#scope|http://www\.w3\.org/ns/prov#wasRevisionOf)> "
)


@dataclass
class DocumentCheck:
    """Per-document SHACL outcome (the document's graph plus the units it refers to)."""

    name: str
    conforms: bool
    violations: int
    messages: list[str] = field(default_factory=list)


@dataclass
class StreamResult:
    out: Path
    documents: list[DocumentSummary]
    checks: list[DocumentCheck]
    problems: list[str]  # cross-document check failures, one line each
    quads: int
    timings: dict[str, float]
    store: Path | None = None

    @property
    def conforms(self) -> bool:
        return not self.problems and all(c.conforms for c in self.checks)


# --- worker side -------------------------------------------------------------------------------------------

_GAZ: object | None = None
_VALIDATE = False


def _nt_lines(graph: object) -> list[str]:
    data = graph.serialize(format="nt", encoding="utf-8")  # type: ignore[attr-defined]
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return sorted(line for line in text.splitlines() if line.strip())


def _one(path: Path) -> tuple[Document, DocumentFacts, float, list[str], DocumentCheck | None]:
    """Process, emit and (optionally) validate one document; runs in a worker."""
    from rdflib.namespace import PROV

    from .emit import GraphWriter, emit_document, emit_units, new_graph
    from .link.admin_units import units_for_graph

    started = time.perf_counter()
    doc, facts = process(path, _GAZ)
    w = GraphWriter(new_graph())
    emit_document(w, doc, facts)
    lines = _nt_lines(w.g)
    check = None
    if _VALIDATE:
        from .validate import validate_graph

        # The document's scopes point at units that live in the default graph: add them for validation only.
        units = _closed(units_for_graph(facts.mentions, _GAZ, full=False), _GAZ)
        emit_units(w, units)
        # A revision points at another document, which is not in this graph: checked across documents.
        w.g.remove((None, PROV.wasRevisionOf, None))
        report = validate_graph(w.g, reference="reachable", in_place=True)
        bad = [f for f in report.results if f.severity == "Violation"]
        check = DocumentCheck(doc.name, report.conforms, len(bad), [f.message for f in bad[:5]])
    return doc, facts, time.perf_counter() - started, lines, check


def _init(gazetteer: object, validate: bool) -> None:
    global _GAZ, _VALIDATE
    _GAZ, _VALIDATE = gazetteer, validate


def _run(files: list[Path], gazetteer: object, jobs: int, validate: bool) -> Iterator[tuple]:
    _init(gazetteer, validate)
    if jobs <= 1 or len(files) < 2:
        yield from map(_one, files)
        return
    # Each worker loads the indicator index and the validation setup itself, in parallel with the other: loading
    # them in the parent before the fork made the seeds' build 0.8 s slower on two cores (bench/RESULTS.md).
    yield from ordered_map(_one, files, jobs, _init, (gazetteer, validate))


# --- parent side -------------------------------------------------------------------------------------------


def _quad(line: str, graph: str) -> str:
    """An N-Triples line as an N-Quads line in *graph* (an IRI without brackets)."""
    body = line.rstrip()
    if not body.endswith("."):
        raise InputError(f"unexpected N-Triples line: {body[:80]}")
    return f"{body[:-1].rstrip()} <{graph}> .\n"


def _subjects(lines: Iterable[str]) -> set[str]:
    return {ln.split(" ", 1)[0] for ln in lines}


def cross_document_checks(doc_subjects: set[str], doc_lines: Iterable[str], default_lines: list[str]) -> list[str]:
    """What per-document validation cannot see: every IRI a link points at (``pk:upper``, ``pk:lower``,
    ``pk:target``, ``pk:result``, draft and final figures), every scope, revision, parent and predecessor
    unit is defined by some document or in the default graph."""
    from rdflib.namespace import PROV

    from .emit.namespaces import PK

    link_refs = {f"<{PK[p]}>" for p in ("upper", "lower", "target", "result", "draftFigure", "finalFigure",
                                          "parentUnit", "predecessor")}
    doc_refs = {f"<{PK.scope}>", f"<{PROV.wasRevisionOf}>"}
    known = doc_subjects | _subjects(default_lines)
    problems = []
    for lines, refs in ((default_lines, link_refs), (doc_lines, doc_refs)):
        for ln in lines:
            s, p, o = ln.split(" ", 2)
            o = o.rsplit(" ", 1)[0].strip()
            if p in refs and o.startswith("<") and o not in known:
                problems.append(f"{s} {p} points at {o}, which no document or unit defines")
    return sorted(problems)


def build_streaming(
    paths: Iterable[str | Path],
    out: Path,
    *,
    jobs: int = 1,
    gazetteer_mode: str = "mentioned",
    validate: bool = True,
    store: Path | None = None,
    progress: Progress | None = None,
) -> StreamResult:
    """Build the corpus into the N-Quads file *out* (one named graph per document, units and links in the
    default graph), validating each document in its worker when *validate*; load it into the on-disk
    Oxigraph store folder *store* when given (see :func:`builder.store.load_store`)."""
    from .emit import GraphWriter, emit_units, new_graph
    from .emit.links import emit_links
    from .gazetteer import Gazetteer
    from .iris import document as doc_iri

    files = find_inputs(list(paths))
    if not files:
        raise InputError("no input files")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    timings = Timings()
    with timings.step("gazetteer"):
        gazetteer = Gazetteer.load()

    items: list[tuple[Document, DocumentFacts]] = []
    summaries: list[DocumentSummary] = []
    checks: list[DocumentCheck] = []
    doc_subjects: set[str] = set()
    ref_lines: list[str] = []
    quads = 0
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            with timings.step("documents"):
                for i, (doc, facts, seconds, lines, check) in enumerate(_run(files, gazetteer, jobs, validate), 1):
                    graph = str(doc_iri(doc.name))
                    fh.writelines(_quad(ln, graph) for ln in lines)
                    quads += len(lines)
                    doc_subjects |= _subjects(lines)
                    ref_lines.extend(ln for ln in lines if _REF_PREDICATES.search(ln))
                    items.append((doc, facts))
                    summaries.append(summarise(doc, facts, seconds))
                    if check is not None:
                        checks.append(check)
                    if progress:
                        progress(f"[{i}/{len(files)}] {doc.name}")
            with timings.step("link"):
                units, links = link_corpus(items, gazetteer, gazetteer_mode)
            with timings.step("emit_corpus"):
                w = GraphWriter(new_graph())
                emit_units(w, units)
                emit_links(w, links)
                default_lines = _nt_lines(w.g)
                fh.writelines(ln + "\n" for ln in default_lines)
                quads += len(default_lines)
        from .emit import _umask

        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

    with timings.step("cross_checks"):
        problems = cross_document_checks(doc_subjects, ref_lines, default_lines)
    result = StreamResult(out, summaries, checks, problems, quads, timings)
    if store is not None:
        from .store import load_store

        with timings.step("store"):
            load_store(out, on_disk=Path(store))
        result.store = Path(store)
    return result
