"""A PNG picture of a GEXF view (for the docs), drawn with networkx + matplotlib (the ``docs`` extra).

Reads the GEXF back (so the picture shows what Gephi opens), uses its ``viz`` colours and sizes, and a seeded
spring layout, so the same graph gives the same picture.
"""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from ..errors import EnvironmentProblem


def render_png(gexf_text: str, out: Path, title: str = "", labels_for: frozenset[str] = frozenset(
        {"Indicator", "AdministrativeUnit"}), size_in: tuple[float, float] = (16.0, 11.0),
        max_labels: int = 30) -> Path:
    """Draw the GEXF *gexf_text* into the PNG *out*.

    Labels the *max_labels* best-connected nodes whose type is in *labels_for*.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.lines import Line2D
    except ImportError:
        raise EnvironmentProblem("drawing needs matplotlib: pip install 'plankg[docs]'") from None
    g = nx.read_gexf(io.BytesIO(gexf_text.encode("utf-8")), version="1.3")
    simple = nx.Graph(g.to_undirected())
    pos = nx.spring_layout(simple, seed=7, k=1.2 / max(1, len(simple)) ** 0.5, iterations=200)
    colours = {n: _hex(d["viz"]["color"]) for n, d in g.nodes(data=True)}
    fig, ax = plt.subplots(figsize=size_in, dpi=110)
    nx.draw_networkx_edges(g, pos, ax=ax, alpha=0.25, width=0.6, arrows=False)
    nx.draw_networkx_nodes(g, pos, ax=ax, node_color=[colours[n] for n in g.nodes],
                           node_size=[3 * float(g.nodes[n]["viz"]["size"]) ** 1.4 for n in g.nodes],
                           linewidths=0)
    cascades = [(u, v) for u, v, d in g.edges(data=True) if d.get("relation") == "cascades_to"]
    nx.draw_networkx_edges(g, pos, edgelist=cascades, ax=ax, width=1.8, edge_color="#d62728", arrows=True,
                           arrowsize=9)
    ranked = sorted((n for n, d in g.nodes(data=True) if d.get("type") in labels_for),
                    key=lambda n: (-g.degree(n), n))
    labels = {n: g.nodes[n]["label"] for n in ranked[:max_labels]}
    nx.draw_networkx_labels(g, pos, labels, ax=ax, font_size=7)
    kinds = sorted({(d["type"], colours[n]) for n, d in g.nodes(data=True)})
    handles = [Line2D([0], [0], marker="o", linestyle="", color=c, label=k) for k, c in kinds]
    handles.append(Line2D([0], [0], color="#d62728", label="cascades_to"))
    ax.legend(handles=handles, loc="best", fontsize=8, frameon=False)
    ax.set_title(title, fontsize=11)
    ax.set_axis_off()
    fig.tight_layout()
    out = Path(out)
    fig.savefig(out, metadata={"Software": None})
    plt.close(fig)
    return out


def _hex(color: dict[str, object]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(int(color[c]) for c in ("r", "g", "b")))
