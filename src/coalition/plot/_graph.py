"""A network of partners sized by their shares."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..errors import InvalidAllocationError, InvalidParameterError
from ..results import Allocation
from ._style import (
    _axes,
)

__all__ = ['network']


# ---------------------------------------------------------------------------
# network
# ---------------------------------------------------------------------------
def _shares_by_node(graph: Any, allocation: Any) -> tuple[dict[Any, float], str, str]:
    """``({node: share}, rule, kind)`` after checking nodes against players."""
    from ..game._graph import _check_graph, _node_positions

    graph = _check_graph(graph)
    nodes = list(graph)
    if isinstance(allocation, Allocation):
        players, x, rule, kind = allocation.players, np.asarray(allocation.x), allocation.rule, allocation.kind
    elif isinstance(allocation, Mapping):
        players = tuple(str(k) for k in allocation)
        try:
            x = np.array(list(allocation.values()), dtype=float)
        except (TypeError, ValueError):
            raise InvalidAllocationError(f"`allocation` must map names to numbers, got {allocation!r:.80}") from None
        rule, kind = "", "profit"
    else:
        try:
            x = np.array(allocation, dtype=float)
        except (TypeError, ValueError):
            raise InvalidAllocationError(
                f"`allocation` must be an Allocation, a dict or one number per node, got {type(allocation).__name__}"
            ) from None
        if x.shape != (len(nodes),):
            raise InvalidAllocationError(
                f"`allocation` has shape {x.shape}; the graph has {len(nodes)} nodes (one share each, in node order)"
            )
        players, rule, kind = tuple(str(u) for u in nodes), "", "profit"
    if len(set(players)) != len(players):
        raise InvalidAllocationError(f"`allocation` names a player twice: {list(players)}")
    if x.shape != (len(players),) or not np.all(np.isfinite(x)):
        raise InvalidAllocationError(f"`allocation` must hold one finite share per player, got {x.tolist()}")
    pos = _node_positions(players, graph, "graph")
    return {u: float(x[i]) for u, i in pos.items()}, rule, kind


def network(graph: Any, allocation: Any, *, pos: Mapping[Any, Any] | None = None, seed: int = 0, ax: Any = None) -> Any:
    """A network of partners, each node sized by its share.

    Node area is proportional to the size of the share and the share is
    printed under the name; hubs (nodes whose ``"hub"`` attribute is true,
    as :func:`coalition.network.hub_and_spoke` marks them) are drawn in a
    second colour, and negative shares with a red rim. Links are drawn
    thicker for a larger ``"weight"`` attribute (the synergy of
    :func:`coalition.network.synergy_game`), when the links have one.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected and simple; its nodes are exactly the players (matched by
        ``str(node)``).
    allocation : Allocation, dict or array_like
        The shares: an :class:`~coalition.Allocation` (Myerson value, Shapley
        value, ...), ``{player: share}``, or one number per node in graph
        order.
    pos : dict, optional
        ``{node: (x, y)}`` positions. Default: a single hub in the centre and
        the others on a circle around it; otherwise a Kamada-Kawai layout
        (a seeded spring layout for a disconnected graph).
    seed : int, default 0
        Seed of the spring layout.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidParameterError
        If `graph` is not an undirected simple networkx graph, its nodes and
        the allocation's players differ (the message lists them), `pos` lacks
        a node, or `ax` is not an Axes.
    InvalidAllocationError
        If `allocation` has the wrong length or non-finite shares.
    ImportError
        If matplotlib is not installed.

    References
    ----------
    Myerson, R. B. (1977). Graphs and cooperation in games. Mathematics of
    Operations Research 2(3), 225-229.
    Kamada, T. and Kawai, S. (1989). An algorithm for drawing general
    undirected graphs. Information Processing Letters 31(1), 7-15.

    Examples
    --------
    >>> import os, tempfile
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import coalition as co
    >>> net = co.network.hub_and_spoke("Hub", ["A", "B", "C"], weights=[6, 3, 1])
    >>> g = co.network.synergy_game(net, standalone=1)
    >>> fig = co.plot.network(net, co.shapley(g))
    >>> path = os.path.join(tempfile.mkdtemp(), "network.png")
    >>> fig.savefig(path)
    >>> os.path.getsize(path) > 10_000
    True
    """
    import networkx as nx

    shares, rule, kind = _shares_by_node(graph, allocation)
    nodes = list(graph)
    hubs = [u for u, flag in graph.nodes(data="hub") if flag]
    if pos is None:
        if len(hubs) == 1 and len(nodes) > 1:
            pos = nx.shell_layout(graph, nlist=[hubs, [u for u in nodes if u not in hubs]])
        elif len(nodes) > 1 and nx.is_connected(graph):
            pos = nx.kamada_kawai_layout(graph)
        else:
            pos = nx.spring_layout(graph, seed=seed)
    else:
        if not isinstance(pos, Mapping):
            raise InvalidParameterError(f"`pos` must be a dict {{node: (x, y)}}, got {type(pos).__name__}")
        missing = [str(u) for u in nodes if u not in pos]
        if missing:
            raise InvalidParameterError(f"`pos` has no position for the nodes {missing[:6]}")
    fig, ax = _axes(ax, (7.0, 6.0))
    size = np.array([abs(shares[u]) for u in nodes])
    top = float(size.max()) if size.size and size.max() > 0 else 1.0
    areas = 150 + 2600 * size / top
    # links, thicker for larger weights
    weights = [d.get("weight") for _, _, d in graph.edges(data=True)]
    weighted = bool(weights) and all(isinstance(w, (int, float, np.integer, np.floating)) for w in weights)
    if weighted:
        w = np.abs(np.asarray(weights, dtype=float))
        widths = 1.0 + 5.0 * w / w.max() if w.max() > 0 else np.full(w.size, 1.5)
    else:
        widths = 1.5
    nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, edge_color="#bdbdbd", node_size=areas)
    colors = ["#fd8d3c" if u in hubs else "#6baed6" for u in nodes]
    rims = ["#a50f15" if shares[u] < 0 else "#252525" for u in nodes]
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=areas, node_color=colors, edgecolors=rims,
                           linewidths=[2.0 if shares[u] < 0 else 0.8 for u in nodes])
    for u, area in zip(nodes, areas):
        x, y = pos[u]
        radius_pt = math.sqrt(area / math.pi)
        ax.annotate(f"{u}\n{shares[u]:,.4g}", (x, y), xytext=(0, -radius_pt - 2), textcoords="offset points",
                    ha="center", va="top", fontsize=8)
    xy = np.array([pos[u] for u in nodes], dtype=float).reshape(-1, 2)
    span = float(np.ptp(xy, axis=0).max()) if len(xy) else 0.0
    pad = 0.18 * span if span > 0 else 1.0
    ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
    ax.set_ylim(xy[:, 1].min() - 1.6 * pad, xy[:, 1].max() + pad)
    ax.set_aspect("equal", adjustable="box")
    ax.axis("off")
    unit = "cost share" if kind == "cost" else "share"
    name = f"{rule.capitalize()} " if rule else ""
    ax.set_title(f"{name}{unit}s on the network (node area ∝ {unit}"
                 + ("; link width ∝ weight" if weighted else "")
                 + ("; orange: hub" if hubs else "") + ")", fontsize=10)
    return fig
