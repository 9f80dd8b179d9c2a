"""Typed errors. The library raises these; only ``cli.py`` chooses wording and exit codes.

Each error renders as one line: ``where: message`` where *where* is a file (and line:col when known).
"""

from __future__ import annotations


class PlankgError(Exception):
    """Base class of every error plankg reports to a user."""

    exit_code = 2

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputError(PlankgError):
    """A path or file that cannot be read as a plan text (missing, empty, binary, wrong encoding, huge)."""


class MetadataError(PlankgError):
    """A manifest or sidecar that is malformed or contradicts itself."""


class GraphError(PlankgError):
    """A graph file that cannot be parsed or lacks what a command needs."""


class QueryError(PlankgError):
    """A SPARQL query that cannot be found, parsed or run."""


class ShapeError(PlankgError):
    """The ontology or shapes themselves are broken (a bug in plankg, not in the input)."""


class EnvironmentProblem(PlankgError):
    """Something outside plankg is missing (Java for HermiT, a free port, ...)."""
