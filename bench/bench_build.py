"""Reproduce every figure in ``bench/RESULTS.md``.

    python -m bench.bench_build                      # seeds + queries + scale 100/300/1000, writes RESULTS.md
    python -m bench.bench_build --counts 100 300     # a smaller scale run
    python -m bench.bench_build --skip-scale         # seeds and queries only

What it measures (each in a fresh child process, wall time and the peak RSS of the whole process tree):

seeds      ``plankg build`` on ``seeds/`` (in memory, Turtle, one pySHACL call) and ``plankg build --stream
           --jobs 2`` (N-Quads, per-document validation, on-disk Oxigraph store); and, in one process, the time
           of each step: read (decode + matching views), extract, link, emit, serialise, validate.
queries    every query in ``queries/`` on the seed graph (Oxigraph in memory, median of 5 runs), and the
           trace query on rdflib too.
scale      a synthetic corpus (``bench/synth.py``: real unit names, numbered/lettered/dash target lists, a
           results table or prose, 30% OCR-degraded) of N ward documents plus one report per province they
           belong to, built with ``plankg build --stream --jobs 2``; the planted facts are looked up in the
           store (recall and precision); the trace query is timed on the on-disk Oxigraph store and on rdflib.

Results go to ``bench/out/results.json`` and ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable


def _plankg(*args: str) -> list[str]:
    return [PY, "-m", "builder.cli", *args]


# --- child modes (run in a fresh process by the parent) --------------------------------------------------


def steps_seeds() -> dict[str, object]:
    """Time each step of a build of the seeds in this process."""
    from builder.document import Document
    from builder.emit import emit_corpus, serialize
    from builder.gazetteer import Gazetteer
    from builder.link.indicators import IndicatorIndex
    from builder.pipeline import link_corpus, process
    from builder.read import find_inputs, read_source
    from builder.validate import validate_graph

    files = find_inputs([ROOT / "seeds"])
    size = sum(f.stat().st_size for f in files)
    t = {}
    t0 = time.perf_counter()
    gaz = Gazetteer.load()
    IndicatorIndex.load()
    t["load reference data"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    for f in files:
        Document(read_source(f)).views  # noqa: B018 - decoding and the three views, timed alone
    t["read (decode + views)"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    items = [process(f, gaz) for f in files]
    t["extract (incl. read)"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    units, links = link_corpus(items, gaz)
    t["link"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    graph = emit_corpus(items, units, links)
    t["emit"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    data = serialize(graph)
    t["serialise"] = time.perf_counter() - t0

    triples = len(graph)
    t0 = time.perf_counter()
    report = validate_graph(graph, in_place=True)  # as `plankg build` does, once the graph is written
    t["validate (pySHACL, whole graph)"] = time.perf_counter() - t0
    return {
        "bytes": size,
        "triples": triples,
        "turtle_bytes": len(data),
        "conforms": report.conforms,
        "seconds": {k: round(v, 3) for k, v in t.items()},
        "extract_mb_per_s": round(size / 1e6 / t["extract (incl. read)"], 3),
    }


def time_queries(graph: str, names: list[str], repeat: int, rdflib_names: list[str]) -> dict[str, object]:
    """Median time of each named query on the graph (file or store folder) with Oxigraph, and of some on
    rdflib."""
    from builder.query import load_store, resolve, run_query

    t0 = time.perf_counter()
    store = load_store(graph)
    load_ox = time.perf_counter() - t0
    ox: dict[str, dict[str, float]] = {}
    for name in names:
        times, rows = [], 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            rows = len(run_query(store, name).rows)
            times.append(time.perf_counter() - t0)
        ox[name] = {"seconds": round(statistics.median(times), 4), "rows": rows}
    out: dict[str, object] = {"load_oxigraph_s": round(load_ox, 3), "oxigraph": ox}
    if Path(graph).is_dir():  # an on-disk store: the same queries on an in-memory copy of its source file
        import pyoxigraph

        from builder.store import _bulk_load

        source = Path(json.loads((Path(graph) / "plankg-source.json").read_text())["path"])
        t0 = time.perf_counter()
        memory = pyoxigraph.Store()
        _bulk_load(memory, source)
        out["load_memory_s"] = round(time.perf_counter() - t0, 3)
        mem: dict[str, dict[str, float]] = {}
        for name in names:
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                rows = len(run_query(memory, name).rows)
                times.append(time.perf_counter() - t0)
            mem[name] = {"seconds": round(statistics.median(times), 4), "rows": rows}
        out["oxigraph_memory"] = mem
    if rdflib_names:
        from rdflib import Dataset

        from builder.query import default_prefixes

        t0 = time.perf_counter()
        ds = Dataset(default_union=True)
        path = Path(graph)
        if path.is_dir():  # a store folder: its source file
            path = Path(json.loads((path / "plankg-source.json").read_text())["path"])
        ds.parse(path, format="nquads" if path.suffix == ".nq" else "turtle")
        out["load_rdflib_s"] = round(time.perf_counter() - t0, 3)
        rd: dict[str, dict[str, float]] = {}
        ns = {k: v for k, v in default_prefixes().items()}
        for name in rdflib_names:
            _, text = resolve(name)
            times, rows = [], 0
            for _ in range(max(1, repeat // 2)):
                t0 = time.perf_counter()
                rows = len(list(ds.query(text, initNs=ns)))
                times.append(time.perf_counter() - t0)
            rd[name] = {"seconds": round(statistics.median(times), 4), "rows": rows}
        out["rdflib"] = rd
    return out


def stream_build(corpus: str, out: str, jobs: int, validate: bool = True) -> dict[str, object]:
    from builder.stream import build_streaming

    t0 = time.perf_counter()
    r = build_streaming([corpus], Path(out) / "graph.nq", jobs=jobs, validate=validate,
                        store=Path(out) / "store" if validate else None)
    return {
        "wall_in_process_s": round(time.perf_counter() - t0, 2),
        "documents": len(r.documents),
        "quads": r.quads,
        "targets": sum(d.targets for d in r.documents),
        "results": sum(d.results for d in r.documents),
        "valid_documents": sum(c.conforms for c in r.checks),
        "cross_document_problems": len(r.problems),
        "timings": {k: round(v, 2) for k, v in r.timings.items()},
    }


# --- planted facts ---------------------------------------------------------------------------------------


PLANTED_QUERY = """
SELECT ?file ?kind ?label ?value ?valueMax WHERE {
  { ?f a pk:Target . BIND("target" AS ?kind) } UNION { ?f a pk:Result . BIND("result" AS ?kind) }
  ?f rdfs:label ?label ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?f pk:value ?value } OPTIONAL { ?f pk:valueMax ?valueMax }
  ?doc pk:fileName ?file .
}
"""


def planted_recall(corpus: Path, store: Path) -> dict[str, object]:
    """Share of the planted facts found (same file, kind and value(s), label of the same words) and share of
    the extracted facts that are planted ones."""
    import csv
    from collections import Counter, defaultdict
    from decimal import Decimal

    from rapidfuzz import fuzz

    from builder.normalise import match_key
    from builder.query import load_store, run_query

    rows = run_query(load_store(store), PLANTED_QUERY).rows
    found: dict[tuple[str, str], list[tuple[str, Decimal | None, Decimal | None]]] = defaultdict(list)
    def plain(term: object) -> str | None:
        return None if term is None else str(getattr(term, "value", term))

    for file, kind, label, value, vmax in rows:
        v, vm = plain(value), plain(vmax)
        found[(plain(file), plain(kind))].append(
            (match_key(plain(label) or ""), Decimal(v) if v is not None else None,
             Decimal(vm) if vm is not None else None)
        )
    hits, total, used = Counter(), Counter(), set()
    with (corpus / "planted.tsv").open(encoding="utf-8") as fh:
        for p in csv.DictReader(fh, delimiter="\t"):
            key = (p["kind"], "ocr" if p["ocr"] == "1" else "clean", p["form"])
            total[key] += 1
            want = Decimal(p["value"]) if p["value"] else None
            want_max = Decimal(p["value_max"]) if p["value_max"] else None
            label = match_key(p["label"])
            for i, (lab, v, vmax) in enumerate(found[(p["file"], p["kind"])]):
                if (p["file"], p["kind"], i) in used or v != want:
                    continue
                if want_max is not None and vmax != want_max:
                    continue
                if fuzz.token_set_ratio(label, lab) >= 85:  # "hằng năm" may move into pk:perYear
                    hits[key] += 1
                    used.add((p["file"], p["kind"], i))
                    break
    extracted = sum(len(v) for v in found.values())
    by = lambda pick: {  # noqa: E731
        k: f"{sum(hits[x] for x in total if pick(x) == k)}/{sum(total[x] for x in total if pick(x) == k)}"
        for k in sorted({pick(x) for x in total})
    }
    return {
        "planted": sum(total.values()),
        "found": sum(hits.values()),
        "recall": round(sum(hits.values()) / max(1, sum(total.values())), 4),
        "extracted": extracted,
        "precision": round(len(used) / max(1, extracted), 4),
        "by_kind": by(lambda x: x[0]),
        "by_quality": by(lambda x: x[1]),
        "by_form": by(lambda x: x[2]),
    }


# --- parent ----------------------------------------------------------------------------------------------


def _child(mode: str, *args: str) -> tuple[dict[str, object], float, float]:
    from bench.measure import run

    r = run([PY, "-m", "bench.bench_build", "--child", mode, *args], cwd=ROOT)
    if r.returncode != 0:
        raise SystemExit(f"child {mode} failed ({r.returncode}): {r.stderr.strip().splitlines()[-1:]}")
    return json.loads(r.stdout.strip().splitlines()[-1]), r.seconds, r.peak_mb


def bench_seeds(results: dict[str, object]) -> None:
    from bench.measure import run

    out = OUT / "seeds"
    print("seeds: plankg build (in memory, validate) …", flush=True)
    r = run(_plankg("build", "--out", str(out / "memory"), "-q", str(ROOT / "seeds")), cwd=ROOT)
    print("seeds: plankg build --stream --jobs 2 …", flush=True)
    s = run(_plankg("build", "--stream", "--jobs", "2", "--out", str(out / "stream"), "-q", str(ROOT / "seeds")),
            cwd=ROOT)
    print("seeds: steps …", flush=True)
    steps, _, steps_peak = _child("steps")
    results["seeds"] = {
        "build": {"seconds": round(r.seconds, 2), "peak_mb": round(r.peak_mb), "rc": r.returncode,
                  "last_line": r.stdout.strip().splitlines()[-1:]},
        "build_stream_jobs2": {"seconds": round(s.seconds, 2), "peak_mb": round(s.peak_mb), "rc": s.returncode,
                               "last_line": s.stdout.strip().splitlines()[-1:]},
        "steps": steps,
        "steps_peak_mb": round(steps_peak),
    }
    names = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
    print("seeds: queries …", flush=True)
    q, _, _ = _child("queries", str(out / "memory" / "graph.ttl"), ",".join(names), "5", "trace")
    results["seeds_queries"] = q


def bench_scale(results: dict[str, object], counts: list[int], jobs: int, rdflib_max: int) -> None:
    from bench.measure import run

    rows = []
    for n in counts:
        corpus = OUT / f"corpus{n}"
        build_out = OUT / f"build{n}"
        print(f"scale {n}: generating …", flush=True)
        g = run([PY, "-m", "bench.synth", "--count", str(n), "--out", str(corpus), "--seed", "7"], cwd=ROOT)
        if g.returncode:
            raise SystemExit(f"synth failed: {g.stderr.strip()[-300:]}")
        import shutil

        shutil.rmtree(build_out, ignore_errors=True)
        print(f"scale {n}: building with --jobs {jobs} …", flush=True)
        stats, seconds, peak = _child("stream", str(corpus), str(build_out), str(jobs))
        print(f"scale {n}: {seconds:.1f} s, peak {peak:.0f} MB; planted facts …", flush=True)
        recall, _, _ = _child("recall", str(corpus), str(build_out / "store"))
        rdflib = ["trace"] if n <= rdflib_max else []
        print(f"scale {n}: trace query …", flush=True)
        q, _, _ = _child("queries", str(build_out / "store"), "trace,targets,outcomes", "5", ",".join(rdflib))
        files = sorted(corpus.glob("*.txt"))
        rows.append({
            "wards": n,
            "documents": len(files),
            "megabytes": round(sum(f.stat().st_size for f in files) / 1e6, 2),
            "seconds": round(seconds, 1),
            "peak_mb": round(peak),
            "build": stats,
            "planted": recall,
            "queries": q,
        })
    results["scale"] = {"jobs": jobs, "runs": rows}
    no_validate_run(results)


def no_validate_run(results: dict[str, object]) -> None:
    """The largest corpus again without validation: how much of the time validation takes."""
    import shutil

    sc = results["scale"]
    last = sc["runs"][-1]  # type: ignore[index]
    out = OUT / f"build{last['wards']}-novalidate"
    shutil.rmtree(out, ignore_errors=True)
    print(f"scale {last['wards']}: building without validation …", flush=True)
    stats, seconds, peak = _child("stream", str(OUT / f"corpus{last['wards']}"), str(out), str(sc["jobs"]),
                                  "novalidate")
    last["no_validate"] = {"seconds": round(seconds, 1), "peak_mb": round(peak), "timings": stats["timings"]}


def render(results: dict[str, object]) -> str:
    m = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB memory, Python {m['python']}. "
        f"Measured {results['date']}.",
        "",
        "Reproduce with `python -m bench.bench_build` (about "
        f"{results['total_minutes']} minutes); raw figures in `bench/out/results.json`. Wall times are for a",
        "fresh process (imports and reference data included); memory is the peak resident set of the whole",
        "process tree (workers included), sampled every 50 ms.",
        "",
    ]
    s = results.get("seeds")
    if s:
        st = s["steps"]
        lines += [
            "## Seeds (5 documents, {:,} bytes)".format(st["bytes"]),
            "",
            "| run | wall (s) | peak memory (MB) |",
            "|---|---:|---:|",
            f"| `plankg build` (in memory, Turtle, one pySHACL call) | {s['build']['seconds']} | "
            f"{s['build']['peak_mb']} |",
            f"| `plankg build --stream --jobs 2` (N-Quads, per-document validation, Oxigraph store) | "
            f"{s['build_stream_jobs2']['seconds']} | {s['build_stream_jobs2']['peak_mb']} |",
            "",
            f"Steps, one process ({st['triples']:,} triples; peak {s['steps_peak_mb']} MB):",
            "",
            "| step | seconds |",
            "|---|---:|",
        ]
        lines += [f"| {k} | {v} |" for k, v in st["seconds"].items()]
        lines += ["", f"Extraction speed: {st['extract_mb_per_s']} MB of text per second on one core.", ""]
    q = results.get("seeds_queries")
    if q:
        lines += ["## Queries on the seed graph (Oxigraph in memory, median of 5)", "",
                  f"Loading the Turtle file: {q['load_oxigraph_s']} s.", "",
                  "| query | rows | seconds |", "|---|---:|---:|"]
        lines += [f"| {k} | {v['rows']} | {v['seconds']} |" for k, v in q["oxigraph"].items()]
        if "rdflib" in q:
            t_ox = q["oxigraph"]["trace"]["seconds"]
            t_rd = q["rdflib"]["trace"]["seconds"]
            lines += ["", f"Trace on rdflib: {t_rd} s (load {q['load_rdflib_s']} s), "
                          f"{t_rd / max(t_ox, 1e-4):.0f}× the Oxigraph time."]
        lines.append("")
    sc = results.get("scale")
    if sc:
        lines += [
            f"## Synthetic corpus, `plankg build --stream --jobs {sc['jobs']}`",
            "",
            "| wards | documents | MB | wall (s) | s per doc | peak MB | quads | valid docs | planted found "
            "(recall) | precision | trace, Oxigraph on disk (s) | trace, Oxigraph in memory (s) | trace, rdflib (s) "
            "| rdflib / Oxigraph in memory |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in sc["runs"]:
            qd = r["queries"]["oxigraph"]["trace"]["seconds"]
            qo = r["queries"].get("oxigraph_memory", {}).get("trace", {}).get("seconds", qd)
            qr = r["queries"].get("rdflib", {}).get("trace", {}).get("seconds")
            ratio = f"{qr / max(qo, 1e-4):.0f}×" if qr else "–"
            b, p = r["build"], r["planted"]
            lines.append(
                f"| {r['wards']} | {r['documents']} | {r['megabytes']} | {r['seconds']} | "
                f"{r['seconds'] / r['documents']:.3f} | {r['peak_mb']} | {b['quads']:,} | "
                f"{b['valid_documents']}/{b['documents']} | {p['found']}/{p['planted']} ({p['recall']:.1%}) | "
                f"{p['precision']:.1%} | {qd} | {qo} | {qr if qr else '–'} | {ratio} |"
            )
        last = sc["runs"][-1]
        lines += [
            "",
            "Stages of the largest run (seconds): "
            + ", ".join(f"{k} {v}" for k, v in last["build"]["timings"].items()) + ".",
            "",
            f"Planted facts found in the largest run, by kind: {last['planted']['by_kind']}; by text quality: "
            f"{last['planted']['by_quality']}; by phrasing: {last['planted']['by_form']}.",
            "",
        ]
    if s and sc:
        last = sc["runs"][-1]
        q = last["queries"]
        mem = q.get("oxigraph_memory", {}).get("trace", {}).get("seconds")
        disk = q["oxigraph"]["trace"]["seconds"]
        per_doc = ", ".join(f"{r['seconds'] / r['documents']:.3f}" for r in sc["runs"])
        peak = max(r["peak_mb"] for r in sc["runs"])
        seeds_best = min(s["build"]["seconds"], s["build_stream_jobs2"]["seconds"])
        validate_s = s["steps"]["seconds"]["validate (pySHACL, whole graph)"]
        no_val = last.get("no_validate", {}).get("seconds")
        rates = [r["seconds"] / r["documents"] for r in sc["runs"]]
        linear = max(rates) <= 1.25 * min(rates)

        def verdict(ok: bool, why: str = "") -> str:
            return "reached" if ok else "not reached" + (f": {why}" if why else "")

        lines += [
            "## Against the figures asked for (issue 8)",
            "",
            "| figure | asked | measured | |",
            "|---|---|---|---|",
            f"| seeds build + validate | < 3 s | {s['build']['seconds']} s in memory; "
            f"{s['build_stream_jobs2']['seconds']} s streamed with 2 jobs | "
            f"{verdict(seeds_best < 3, f'pySHACL is {validate_s} s of the in-memory build')} |",
            f"| extraction | ≥ 2 MB/s per core | {s['steps']['extract_mb_per_s']} MB/s | "
            f"{verdict(s['steps']['extract_mb_per_s'] >= 2)} |",
            f"| {last['wards']} wards end to end, `--jobs 2` | < 120 s | {last['seconds']} s with per-document "
            f"validation; {no_val if no_val is not None else '–'} s without (`--no-validate`) | "
            + ("reached |" if last["seconds"] < 120 else
               "reached without validation |" if no_val is not None and no_val < 120 else "not reached |"),
            f"| trace over {last['wards']} wards | < 0.5 s | {mem} s in memory (after {q.get('load_memory_s')} s "
            f"loading), {disk} s on the on-disk store | "
            + ("reached |" if disk < 0.5 else "reached in memory |" if mem is not None and mem < 0.5
               else "not reached |"),
            f"| peak memory | < 2 GB | {peak} MB | {verdict(peak < 2048)} |",
            f"| growth | linear | {per_doc} s per document at {', '.join(str(r['wards']) for r in sc['runs'])} wards "
            f"| {'linear' if linear else 'not linear'} (largest over smallest per-document time within 25 %) |",
            "",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--counts", type=int, nargs="*", default=[100, 300, 1000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--skip-scale", action="store_true")
    ap.add_argument("--rdflib-max", type=int, default=1000, help="largest corpus to time rdflib on")
    ap.add_argument("--requery", action="store_true",
                    help="rerun only the queries of the scale runs in bench/out/results.json and re-render")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, *rest = args.child
        if mode == "steps":
            out = steps_seeds()
        elif mode == "queries":
            graph, names, repeat, rd = (*rest, "")[:4]
            out = time_queries(graph, names.split(","), int(repeat), [x for x in rd.split(",") if x])
        elif mode == "stream":
            out = stream_build(rest[0], rest[1], int(rest[2]), validate=(rest[3:4] != ["novalidate"]))
        elif mode == "recall":
            out = planted_recall(Path(rest[0]), Path(rest[1]))
        else:
            raise SystemExit(f"unknown child mode {mode}")
        print(json.dumps(out, default=str))
        return
    from bench.measure import machine

    if args.requery:
        results = json.loads((OUT / "results.json").read_text(encoding="utf-8"))
        for r in results["scale"]["runs"]:
            rdflib = ["trace"] if r["wards"] <= args.rdflib_max else []
            print(f"scale {r['wards']}: queries …", flush=True)
            r["queries"], _, _ = _child("queries", str(OUT / f"build{r['wards']}" / "store"), "trace,targets,outcomes",
                                        "5", ",".join(rdflib))
        if "no_validate" not in results["scale"]["runs"][-1]:
            no_validate_run(results)
        (OUT / "results.json").write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
        (ROOT / "bench" / "RESULTS.md").write_text(render(results), encoding="utf-8")
        print(f"wrote {OUT / 'results.json'} and bench/RESULTS.md")
        return
    started = time.perf_counter()
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {"machine": machine(), "date": time.strftime("%Y-%m-%d")}
    bench_seeds(results)
    if not args.skip_scale:
        bench_scale(results, args.counts, args.jobs, args.rdflib_max)
    results["total_minutes"] = round((time.perf_counter() - started) / 60)
    (OUT / "results.json").write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    (ROOT / "bench" / "RESULTS.md").write_text(render(results), encoding="utf-8")
    print(f"wrote {OUT / 'results.json'} and bench/RESULTS.md")


if __name__ == "__main__":
    main()
