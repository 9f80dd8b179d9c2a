"""plankg: a knowledge-graph builder for Vietnamese development plans.

Public API: :func:`build` (texts → graph), :func:`validate_graph`, :func:`run_query`, :func:`export_graph`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build", "export_graph", "run_query", "validate_graph"]
__version__ = "0.1.0"


def build(*args: Any, **kwargs: Any) -> Any:
    from .pipeline import build as _build

    return _build(*args, **kwargs)


def validate_graph(*args: Any, **kwargs: Any) -> Any:
    from .validate import validate_graph as _validate

    return _validate(*args, **kwargs)


def run_query(*args: Any, **kwargs: Any) -> Any:
    from .query import run_query as _run

    return _run(*args, **kwargs)


def export_graph(*args: Any, **kwargs: Any) -> Any:
    from .export import export_graph as _export

    return _export(*args, **kwargs)
