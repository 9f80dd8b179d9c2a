"""The rdflib store for the graphs plankg builds and validates: one graph alone in its store.

rdflib's default ``Memory`` store keeps, for every triple, the graphs (contexts) it belongs to, and works them
out again on each lookup. A graph built by ``plankg build`` is the only graph in its store, so that bookkeeping is
pure cost: it was about a third of pySHACL's time and half of ``Graph.add``'s. rdflib's ``SimpleMemory`` keeps no
contexts; :class:`GraphMemory` is ``SimpleMemory`` declaring itself context- and graph-aware (pySHACL wraps the
data graph in a ``Dataset``, which asks for both), holding that one graph, and counting its triples once
instead of on every ``len()`` (pySHACL asks for the length many times; ``SimpleMemory`` counts by iterating).

Use it through :func:`new_graph`. Graphs read from N-Quads or TriG (several named graphs) keep rdflib's default
store.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph
from rdflib.plugins.stores.memory import SimpleMemory


class GraphMemory(SimpleMemory):
    """``SimpleMemory`` for a single graph: contexts are ignored, the size is counted once per change."""

    context_aware = True
    graph_aware = True

    def __init__(self, configuration: str | None = None, identifier: Any = None) -> None:
        super().__init__(configuration, identifier)
        self._size: int | None = 0

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        self._size = None
        super().add(triple, context, quoted)

    def remove(self, triple_pattern: Any, context: Any = None) -> None:
        self._size = None
        super().remove(triple_pattern, context)

    def __len__(self, context: Any = None) -> int:
        if self._size is None:
            self._size = super().__len__(context)
        return self._size

    def add_graph(self, graph: Any) -> None:
        """The store holds one graph, which is always there."""

    def remove_graph(self, graph: Any) -> None:
        self.remove((None, None, None))


def new_graph() -> Graph:
    """An empty graph in its own :class:`GraphMemory` store."""
    return Graph(store=GraphMemory())
