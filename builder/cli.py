"""The ``plankg`` command line. Maps every :class:`~builder.errors.PlankgError` to one line and exit 2.

Exit codes: 0 success (graph conforms), 1 the graph has SHACL violations (or warnings with
``--fail-on warning``), 2 bad input or usage, 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from .errors import InputError, PlankgError

DEFAULT_OUT = Path("out")


class _Failure(click.ClickException):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.exit_code = code

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        click.echo(f"plankg: error: {self.message}", err=True)


class PlankgGroup(click.Group):
    """Turns library errors into one-line messages; never a traceback unless PLANKG_DEBUG is set."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201
        try:
            return super().invoke(ctx)
        except PlankgError as exc:
            raise _Failure(str(exc), exc.exit_code) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except MemoryError:
            raise _Failure("out of memory; split the input into smaller batches", 2) from None
        except Exception as exc:  # noqa: BLE001 - last resort: one line, not a traceback
            if os.environ.get("PLANKG_DEBUG"):
                raise
            msg = str(exc).splitlines()[0] if str(exc) else ""
            raise _Failure(
                f"internal error: {type(exc).__name__}: {msg} (set PLANKG_DEBUG=1 for the traceback)", 3
            ) from None


@click.group(cls=PlankgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="plankg")
def cli() -> None:
    """plankg: build an RDF knowledge graph of Vietnamese development plans, validate, query and export it."""


def _default_inputs() -> list[Path]:
    local = Path("seeds")
    if local.is_dir():
        return [local]
    from .resources import seeds_dir

    return [seeds_dir()]


def _default_graph() -> Path:
    return DEFAULT_OUT / "graph.ttl"


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Folder to write graph.ttl into.")
@click.option("--gazetteer", type=click.Choice(["mentioned", "full"]), default="mentioned", show_default=True,
              help="Units to include: those mentioned (with ancestors and lineage neighbours) or all.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation after the build.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Documents processed in parallel (worker processes).")
@click.option("-q", "--quiet", is_flag=True, help="Print only the final lines.")
@click.option("--stream", is_flag=True,
              help="For large corpora: write OUT/graph.nq (one named graph per document) as documents finish, "
                   "validate each document in its worker plus cross-document checks, and load OUT/store "
                   "(on-disk Oxigraph) for `plankg query --graph OUT/store`.")
@click.option("--no-store", is_flag=True, help="With --stream: do not load OUT/store.")
def build(paths: tuple[Path, ...], out_dir: Path, gazetteer: str, no_validate: bool, jobs: int, quiet: bool,
          stream: bool, no_store: bool) -> None:
    """Build the graph from PATHS (.txt files or folders; default: seeds/) into OUT/graph.ttl
    (OUT/graph.nq and OUT/store with --stream)."""
    from .emit import serialize, write_atomic
    from .pipeline import build as run_build

    inputs = list(paths) or _default_inputs()
    bar = None

    def progress(msg: str) -> None:
        nonlocal bar
        if bar is not None:
            bar.update(1)

    from .read import find_inputs

    files = find_inputs(inputs)
    if len(files) >= 5 and not quiet:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="doc", file=sys.stderr, leave=False, disable=None)
    if stream:
        _build_stream(files, out_dir, gazetteer, not no_validate, jobs, None if no_store else out_dir / "store",
                      progress)
        if bar is not None:
            bar.close()
        return
    result = run_build(files, gazetteer_mode=gazetteer, progress=progress, jobs=jobs)
    if bar is not None:
        bar.close()
    target = out_dir / "graph.ttl"
    data = serialize(result.graph)
    write_atomic(target, data)
    if not quiet:
        for s in result.documents if len(result.documents) <= 50 else []:
            click.echo(
                f"{s.name}  {s.quality or '?':5}  {s.characters:>8,} chars  {s.sections:>4} sections  "
                f"{s.targets:>4} targets  {s.results:>4} results  {s.goals:>3} goals  {s.projects:>3} projects  "
                f"{s.linked_mentions}/{s.mentions} units linked  {s.seconds:.2f}s"
            )
    click.echo(f"wrote {target} ({len(result.graph):,} triples, {len(data):,} bytes)")
    if no_validate:
        return
    from .validate import validate_graph

    report = validate_graph(result.graph, in_place=True)  # written already: the ontology may go into it
    click.echo(report.summary_line())
    if report.exit_code:
        click.echo(f"run `plankg validate --graph {target}` for the report", err=True)
        sys.exit(report.exit_code)


def _build_stream(files: list[Path], out_dir: Path, gazetteer: str, validate: bool, jobs: int,
                  store: Path | None, progress: Callable[[str], None]) -> None:
    from .stream import build_streaming

    result = build_streaming(files, out_dir / "graph.nq", jobs=jobs, gazetteer_mode=gazetteer, validate=validate,
                             store=store, progress=progress)
    targets = sum(d.targets for d in result.documents)
    results = sum(d.results for d in result.documents)
    click.echo(f"wrote {result.out} ({len(result.documents):,} documents, {result.quads:,} quads; "
               f"{targets:,} targets, {results:,} results)")
    if result.store is not None:
        click.echo(f"loaded {result.store} (query it with `plankg query targets --graph {result.store}`)")
    if not validate:
        return
    bad = [c for c in result.checks if not c.conforms]
    for c in bad[:10]:
        click.echo(f"{c.name}: {c.violations} violation(s): {'; '.join(c.messages[:2])}", err=True)
    for line in result.problems[:10]:
        click.echo(line, err=True)
    more = len(bad) + len(result.problems) - min(len(bad), 10) - min(len(result.problems), 10)
    if more > 0:
        click.echo(f"… and {more} more", err=True)
    verdict = "conforms" if result.conforms else "does not conform"
    click.echo(f"{verdict}: {len(result.checks) - len(bad)}/{len(result.checks)} documents valid, "
               f"{len(result.problems)} cross-document problem(s)")
    if not result.conforms:
        sys.exit(1)


@cli.command()
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=None,
              help="Graph file (default: out/graph.ttl).")
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json", "junit"]), default="text",
              show_default=True)
@click.option("--fail-on", type=click.Choice(["violation", "warning"]), default="violation", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--reason", is_flag=True, help="Also check OWL consistency with HermiT (needs Java).")
@click.option("--out", "out_file", type=click.Path(path_type=Path), default=None, help="Write the report here.")
def validate(graph_path: Path | None, fmt: str, fail_on: str, reason: bool, out_file: Path | None) -> None:
    """Validate a graph with the SHACL shapes: exit 0 conforms, 1 violations, 2 bad input."""
    from .validate import validate_file

    path = graph_path or _default_graph()
    report = validate_file(path, fail_on=fail_on)
    text = report.render(fmt)
    code = report.exit_code
    if reason:
        from .reason import check_consistency

        rr = check_consistency(path)
        text = rr.add_to(text, fmt)
        if not rr.ok:
            code = max(code, 1)
    if out_file:
        from .emit import write_atomic

        write_atomic(out_file, text)
    else:
        click.echo(text, nl=not text.endswith("\n"))
    sys.exit(code)


@cli.command()
@click.argument("query")
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=None,
              help="Graph file (default: out/graph.ttl).")
@click.option("--format", "fmt", type=click.Choice(["csv", "tsv", "json", "table"]), default="table",
              show_default=True)
def query(query: str, graph_path: Path | None, fmt: str) -> None:
    """Run QUERY (a name from queries/, e.g. `targets`; a .rq file; or inline SPARQL) on the graph."""
    from .query import format_result, run_query

    result = run_query(graph_path or _default_graph(), query)
    click.echo(format_result(result, fmt), nl=False)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["gexf", "graphml", "jsonld", "nt", "trig", "csv"]),
              required=True)
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=None,
              help="Graph file (default: out/graph.ttl).")
@click.option("--out", "out_file", type=click.Path(path_type=Path), default=None,
              help="Output file (default: standard output).")
@click.option("--view", type=click.Choice(["full", "trace", "units", "projects"]), default="full",
              show_default=True, help="Projection for gexf/graphml.")
@click.option("--dynamic", is_flag=True, help="GEXF: add time spells (unit validity, target periods).")
@click.option("--query", "query_name", default="targets", show_default=True, help="Query to export with csv.")
def export(fmt: str, graph_path: Path | None, out_file: Path | None, view: str, dynamic: bool,
           query_name: str) -> None:
    """Export the graph for Gephi (gexf), yEd/Cytoscape (graphml), JSON-LD, N-Triples, TriG or CSV."""
    from .export import export_graph
    from .validate import load_graph

    graph = load_graph(graph_path or _default_graph())
    res = export_graph(graph, fmt, out_file, view=view, dynamic=dynamic, query=query_name)
    if out_file is None and isinstance(res, str):
        click.echo(res, nl=not res.endswith("\n"))
    elif out_file is not None:
        click.echo(f"wrote {out_file}", err=True)


@cli.command()
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=None,
              help="Graph file (default: out/graph.ttl).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=7878, show_default=True, type=int)
@click.option("--timeout", "timeout_s", default=30.0, show_default=True, type=float,
              help="Query time limit in seconds.")
def serve(graph_path: Path | None, host: str, port: int, timeout_s: float) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/query."""
    from .serve import serve as run_serve

    run_serve(
        graph_path or _default_graph(), host=host, port=port, timeout_s=timeout_s,
        on_ready=lambda url: click.echo(f"serving {url} (read-only; Ctrl-C to stop)", err=True),
    )


@cli.command(name="eval")
@click.option("--gold", "gold", type=click.Path(path_type=Path), required=True,
              help="Hand-annotated facts (TSV or JSON; see tests/data/expected/README.md).")
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=None,
              help="Graph file (default: out/graph.ttl).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def evaluate(gold: Path, graph_path: Path | None, fmt: str) -> None:
    """Compare the graph's targets and results with a gold file: precision, recall, attribute accuracy."""
    from .evaluate import evaluate as run_eval
    from .evaluate import gold_kind
    from .query import load_store

    if not gold.is_file():
        raise InputError("no such gold file", str(gold))
    store = load_store(graph_path or _default_graph())
    report = run_eval(store, gold, kind=gold_kind(gold))
    click.echo(report.render(fmt), nl=False)


@cli.command()
@click.argument("text_or_concept")
@click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=None,
              help="Graph file (default: out/graph.ttl).")
def trace(text_or_concept: str, graph_path: Path | None) -> None:
    """Trace one indicator across levels and terms (accent-insensitive: `ho ngheo` finds hộ nghèo)."""
    from .trace import trace_report

    click.echo(trace_report(graph_path or _default_graph(), text_or_concept), nl=False)


def main() -> None:
    cli(prog_name="plankg")


if __name__ == "__main__":  # pragma: no cover
    main()
