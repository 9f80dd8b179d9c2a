"""A local, read-only SPARQL 1.1 Protocol endpoint over a built graph, served by Oxigraph.

The graph file is loaded into an on-disk Oxigraph store (:func:`builder.store.load_store`), then the Oxigraph
server (the ``oxigraph`` package from PyPI) serves it with ``oxigraph serve-read-only``. Oxigraph gives:

* the SPARQL 1.1 Protocol at ``http://HOST:PORT/query`` (GET ``?query=``, POST form or
  ``application/sparql-query``), Oxigraph's own paths;
* content negotiation: SPARQL results as JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples, ...;
* refusal of updates: ``POST /update`` → ``403 The server is read-only``; an update sent to ``/query`` is
  not a query and is rejected (``400``/``415``);
* the query time limit (``--timeout-s``, whole seconds, a fraction is rounded up): a query running past it is
  cancelled. Because Oxigraph streams results, a SELECT cancelled mid-way arrives as ``200`` with a body cut
  short by the message ``The SPARQL operation has been cancelled``; a client parsing it reports a broken
  document. Known limit (Oxigraph 0.5.13, measured on a 433-triple graph, limit 1 s): a three-way cross
  product with COUNT is cancelled at 1.0 s (11 s uncancelled), but a FILTER over a four-way product ran past
  120 s and an ORDER BY over one past 25 s: Oxigraph checks the deadline only where rows are produced.

This module chooses nothing about wording or exit codes: it raises :class:`~builder.errors.EnvironmentProblem`
(port in use, server missing or failing to start) and :class:`~builder.errors.GraphError` (bad graph file).
"""

from __future__ import annotations

import gc
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .errors import EnvironmentProblem
from .store import load_store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
STARTUP_S = 20.0


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` server executable (beside this Python first, then on PATH)."""
    beside = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise EnvironmentProblem("the Oxigraph server is not installed; install it with `pip install oxigraph`")


def check_port(host: str, port: int) -> None:
    """Raise :class:`EnvironmentProblem` when *port* on *host* cannot be bound (in use, or not allowed)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
                raise EnvironmentProblem(
                    f"port {port} on {host} is already in use; "
                    f"stop the other server or pass --port {port + 1}"
                ) from None
            raise EnvironmentProblem(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


@dataclass
class Endpoint:
    """A running read-only endpoint; stop it with :meth:`stop` or use it as a context manager."""

    host: str
    port: int
    process: subprocess.Popen[bytes]
    location: Path
    owns_location: bool = True
    log: IO[bytes] | None = None
    _stopped: bool = field(default=False, repr=False)

    @property
    def url(self) -> str:
        """The SPARQL query endpoint, ``http://HOST:PORT/query``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/query"

    @property
    def update_url(self) -> str:
        return self.url[: -len("query")] + "update"

    def wait(self) -> int:
        """Block until the server exits; returns its exit code."""
        return self.process.wait()

    def stop(self) -> None:
        """Stop the server and remove the temporary store."""
        if self._stopped:
            return
        self._stopped = True
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log is not None:
            self.log.close()
        if self.owns_location:
            shutil.rmtree(self.location, ignore_errors=True)

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start(graph_path: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, timeout_s: float = 30.0,
          store_dir: Path | None = None) -> Endpoint:
    """Load *graph_path* and start the read-only endpoint; returns once it answers queries.

    *store_dir* keeps the Oxigraph store between runs (reloaded only when the graph file changed); by default
    a temporary store is used and removed on :meth:`Endpoint.stop`.
    """
    binary = oxigraph_binary()
    check_port(host, port)
    owns = store_dir is None
    location = Path(tempfile.mkdtemp(prefix="plankg-store-")) if store_dir is None else Path(store_dir)
    try:
        store = load_store(Path(graph_path), location)
        del store  # release the database before the server opens it
        gc.collect()
    except BaseException:
        if owns:
            shutil.rmtree(location, ignore_errors=True)
        raise
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    command = [binary, "serve-read-only", "--location", str(location), "--bind", bind,
               "--timeout-s", _seconds(timeout_s)]
    log = tempfile.TemporaryFile()  # a file, not a pipe: a long-running server must never block on stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
    endpoint = Endpoint(host=host, port=port, process=process, location=location, owns_location=owns, log=log)
    try:
        _wait_ready(endpoint)
    except BaseException:
        endpoint.stop()
        raise
    return endpoint


def serve(graph_path: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, timeout_s: float = 30.0,
          on_ready: Callable[[str], None] | None = None, store_dir: Path | None = None) -> None:
    """Serve *graph_path* read-only at ``http://HOST:PORT/query`` until Ctrl-C or the server exits.

    *on_ready* is called with the endpoint URL once it answers (the CLI prints it).
    """
    previous = _stop_on_sigterm()
    try:
        with start(graph_path, host=host, port=port, timeout_s=timeout_s, store_dir=store_dir) as endpoint:
            if on_ready is not None:
                on_ready(endpoint.url)
            try:
                code = endpoint.wait()
            except KeyboardInterrupt:
                return
            if code != 0:
                tail = _stderr_tail(endpoint)
                raise EnvironmentProblem(f"the Oxigraph server stopped with exit code {code}{tail}")
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _stop_on_sigterm() -> Any:
    """Make SIGTERM stop :func:`serve` like Ctrl-C (so the server and its temporary store are cleaned up)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


def with_prefixes(query: str) -> str:
    """*query* with ``PREFIX`` lines for the standard prefixes it uses but does not declare.

    ``plankg query`` predeclares ``pk:``, ``oa:``, ``skos:``, ...; a SPARQL endpoint does not, so a query
    from ``queries/`` needs them before it is sent over HTTP.
    """
    from .emit.namespaces import PREFIXES

    declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", query)}
    lines = [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items()
             if name.lower() not in declared and re.search(rf"(?<![\w-]){re.escape(name)}:", query)]
    return "\n".join([*lines, query]) if lines else query


def _seconds(timeout_s: float) -> str:
    """Oxigraph takes whole seconds: a fraction is rounded up (0.5 → 1)."""
    if timeout_s <= 0:
        raise EnvironmentProblem("the query time limit must be positive")
    return str(max(1, math.ceil(timeout_s)))


def _wait_ready(endpoint: Endpoint) -> None:
    probe = endpoint.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if endpoint.process.poll() is not None:
            tail = _stderr_tail(endpoint)
            if "in use" in tail.lower():
                raise EnvironmentProblem(
                    f"port {endpoint.port} on {endpoint.host} is already in use; "
                    f"pass --port {endpoint.port + 1}"
                )
            raise EnvironmentProblem(f"the Oxigraph server did not start{tail}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:  # noqa: S310 - loopback URL we built
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise EnvironmentProblem(f"the Oxigraph server did not answer within {STARTUP_S:g} s at {endpoint.url}")


def _stderr_tail(endpoint: Endpoint) -> str:
    if endpoint.log is None or endpoint.log.closed:
        return ""
    endpoint.log.seek(0)
    lines = endpoint.log.read().decode("utf-8", "replace").strip().splitlines()
    errors = [line for line in lines if "error" in line.lower()]
    return f": {(errors or lines)[0].strip()}" if lines else ""
