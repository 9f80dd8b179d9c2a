"""Shared fixtures: seed paths, a session-scoped built graph, a CLI runner, a text-file factory."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (e.g. "003")."""
    matches = sorted(SEEDS.glob(f"{prefix}*.txt"))
    assert len(matches) == 1, f"no unique seed for {prefix}"
    return matches[0]


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return [SEEDS / n for n in SEED_NAMES]


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def make_text(tmp_path: Path):
    """Write a text file (str or bytes) and return its path."""

    def _make(content: str | bytes, name: str = "doc.txt") -> Path:
        p = tmp_path / name
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
        return p

    return _make


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory):
    """The seeds' graph, built once per session (a BuildResult with .graph and .items)."""
    from builder.pipeline import build

    return build([SEEDS])


@pytest.fixture(scope="session")
def graph_file(built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from builder.emit import serialize, write_atomic

    out = tmp_path_factory.mktemp("out") / "graph.ttl"
    write_atomic(out, serialize(built.graph))
    return out
