"""Locate the files plankg ships beside the code: ``ontology/``, ``queries/`` and ``seeds/``.

They live at the repository root (an editable install or a checkout) and are installed as data files under
``<prefix>/share/plankg/`` by a wheel. ``PLANKG_HOME`` overrides both.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

from .errors import EnvironmentProblem


@cache
def home() -> Path:
    """The folder holding ``ontology/`` and ``queries/``."""
    candidates = []
    if os.environ.get("PLANKG_HOME"):
        candidates.append(Path(os.environ["PLANKG_HOME"]))
    candidates.append(Path(__file__).resolve().parent.parent)
    candidates.append(Path(sys.prefix) / "share" / "plankg")
    for c in candidates:
        if (c / "ontology" / "plankg.ttl").is_file() or (c / "ontology").is_dir():
            return c
    raise EnvironmentProblem("cannot find plankg's ontology/ folder; set PLANKG_HOME to the plankg checkout")


def ontology_path(name: str) -> Path:
    """Path of a file in ``ontology/`` (``plankg.ttl``, ``shapes.ttl``, ``indicators.ttl``, ``units.ttl``)."""
    return home() / "ontology" / name


def queries_dir() -> Path:
    return home() / "queries"


def seeds_dir() -> Path:
    return home() / "seeds"
