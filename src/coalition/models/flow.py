"""Flow games (Kalai and Zemel 1982): partners own the arcs of a network, and
a coalition ships what its own arcs carry; a core split from a minimum cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as _sparse
from scipy.sparse.csgraph import maximum_flow as _maximum_flow

from ..errors import InvalidGameError, InvalidParameterError
from ..game import Game
from ..game._checks import _check_players
from ..game._masks import _freeze
from ..results import Allocation
from ._base import _array, _Model

__all__ = ["flow_game", "min_cut_point", "FlowGame"]


class FlowGame(_Model):
    """``v(S)`` = the largest flow from source to sink over S's arcs."""

    __slots__ = ("_graph", "_source", "_sink", "_tails", "_heads", "_caps", "_owner", "_directed", "_nodes", "_attrs")
    _PARAMS = ("graph", "source", "sink", "players", "owner", "capacity")
    family = "flow"

    @property
    def graph(self) -> Any:
        """The network as given (a copy; edit it and build a new game)."""
        return self._graph.copy()

    @property
    def source(self) -> Any:
        """The node the flow leaves from."""
        return self._source

    @property
    def sink(self) -> Any:
        """The node the flow goes to."""
        return self._sink

    def _params(self):
        owner, capacity = self._attrs
        return {"graph": self._graph, "source": self._source, "sink": self._sink, "players": self.players,
                "owner": owner, "capacity": capacity}

    @staticmethod
    def _rebuild(params):
        return flow_game(**params)

    def __reduce__(self):
        return (_restore, (self._params(),))

    def _subgame_fast(self, pos):
        names = [self.players[i] for i in pos]
        kept = set(names)
        G = self._graph
        H = G.__class__()
        H.add_nodes_from(G.nodes(data=True))
        H.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if str(d[self._attrs[0]]) in kept)
        if H.number_of_edges() == 0:
            return None  # no arc left: no flow game
        return flow_game(H, self._source, self._sink, names, owner=self._attrs[0], capacity=self._attrs[1])

    def _network(self, keep: np.ndarray) -> nx.DiGraph:
        """The directed network of the arcs whose owners are in `keep`
        (parallel arcs merged, an undirected link as two arcs)."""
        D = nx.DiGraph()
        D.add_nodes_from(range(len(self._nodes)))
        use = keep[self._owner]
        tails, heads, caps = self._tails[use], self._heads[use], self._caps[use]
        pairs = [(tails, heads)] if self._directed else [(tails, heads), (heads, tails)]
        for ts, hs in pairs:
            for u, v, c in zip(ts.tolist(), hs.tolist(), caps.tolist()):
                if D.has_edge(u, v):
                    D[u][v]["capacity"] += c
                else:
                    D.add_edge(u, v, capacity=c)
        return D

    def _compute(self, rows):
        s, t = self._nodes.index(self._source), self._nodes.index(self._sink)
        caps = self._caps
        if np.all(caps == np.floor(caps)) and caps.sum() < 2**31 - 1:
            return self._integer_flows(rows, s, t)
        return np.array([nx.maximum_flow_value(self._network(row), s, t) for row in rows], dtype=np.float64)

    def _integer_flows(self, rows, s, t):
        """Integer capacities: scipy's compiled maximum flow (Dinic's
        algorithm), exact, about four times faster than networkx."""
        k = len(self._nodes)
        tails, heads = self._tails, self._heads
        caps = self._caps.astype(np.int32)
        if not self._directed:
            tails, heads, caps = np.concatenate([tails, heads]), np.concatenate([heads, tails]), np.concatenate([caps, caps])
            owner = np.concatenate([self._owner, self._owner])
        else:
            owner = self._owner
        loop = tails == heads  # a loop carries no flow from source to sink
        out = np.empty(rows.shape[0])
        for r, row in enumerate(rows):
            use = row[owner] & ~loop
            net = _sparse.csr_matrix((caps[use], (tails[use], heads[use])), shape=(k, k))
            net.sum_duplicates()
            out[r] = float(_maximum_flow(net, s, t).flow_value)
        return out


def _restore(params):
    return flow_game(**params)


def flow_game(
    graph: Any,
    source: Any,
    sink: Any,
    players: Sequence[str] | None = None,
    *,
    owner: str = "owner",
    capacity: str = "capacity",
) -> Game:
    r"""Flow game: a coalition's worth is the most it can ship from source to sink over its members' arcs.

    Each arc of a network (a pipeline, a line, a route) is owned by one
    partner and carries at most its capacity. A coalition may use only its
    members' arcs:

    .. math:: v(S) = \text{max flow from source to sink in the network of the arcs owned by } S.

    Parameters
    ----------
    graph : networkx.DiGraph, networkx.Graph or networkx.MultiDiGraph
        The network. Each edge has an `owner` attribute (the partner who
        owns it) and a non-negative, finite `capacity` attribute. An
        undirected edge carries flow either way. A partner may own several
        arcs; a multigraph may hold arcs of several owners between the same
        nodes.
    source, sink : node
        Where the flow leaves and where it arrives.
    players : sequence of str, optional
        The partners, in order; each owner (as ``str(owner)``) must be one
        of them, and a partner may own no arc. Default: the owners in the
        order of their first arc.
    owner, capacity : str, default "owner", "capacity"
        The edge attributes that hold an arc's owner and capacity.

    Returns
    -------
    Game
        A profit game with read-only ``graph``, ``source`` and ``sink``.
        Each worth is one maximum-flow problem (scipy's Dinic algorithm for
        integer capacities, networkx's preflow-push otherwise), computed
        when first asked for and remembered.

    Raises
    ------
    InvalidParameterError
        On a graph that is not a networkx graph, a missing or bad owner or
        capacity, a source or sink that is not a node (or both the same), or
        an owner missing from `players`.

    See Also
    --------
    min_cut_point : a core split from a minimum cut.

    References
    ----------
    Kalai, E. and Zemel, E. (1982). Totally balanced games and games of
    flow. Mathematics of Operations Research 7(3), 476-478.
    doi:10.1287/moor.7.3.476

    Examples
    --------
    Two routes from ``s`` to ``t``: A owns ``s->a`` (3) and ``a->t`` (2),
    B owns ``s->b`` (4) and C owns ``b->t`` (5):

    >>> import networkx as nx
    >>> import coalition as co
    >>> G = nx.DiGraph()
    >>> G.add_edge("s", "a", owner="A", capacity=3)
    >>> G.add_edge("a", "t", owner="A", capacity=2)
    >>> G.add_edge("s", "b", owner="B", capacity=4)
    >>> G.add_edge("b", "t", owner="C", capacity=5)
    >>> g = co.models.flow_game(G, "s", "t")
    >>> g.players, g.grand_value, g.value("A"), g.value("B+C")
    (('A', 'B', 'C'), 6.0, 2.0, 4.0)
    """
    if not (hasattr(graph, "nodes") and hasattr(graph, "edges") and hasattr(graph, "is_directed")):
        raise InvalidParameterError(f"`graph` must be a networkx graph, got {type(graph).__name__}")
    nodes = list(graph.nodes)
    for arg, node in (("source", source), ("sink", sink)):
        if node not in graph:
            raise InvalidParameterError(f"`{arg}` {node!r} is not a node of `graph`")
    if source == sink:
        raise InvalidParameterError(f"`source` and `sink` are the same node {source!r}")
    where = {v: k for k, v in enumerate(nodes)}
    tails, heads, caps, owners = [], [], [], []
    for u, v, data in graph.edges(data=True):
        if owner not in data:
            raise InvalidParameterError(f"`graph` edge ({u!r}, {v!r}) has no {owner!r} attribute (the `owner`)")
        if capacity not in data:
            raise InvalidParameterError(f"`graph` edge ({u!r}, {v!r}) has no {capacity!r} attribute (the `capacity`)")
        tails.append(where[u])
        heads.append(where[v])
        caps.append(data[capacity])
        owners.append(str(data[owner]))
    if not owners:
        raise InvalidParameterError("`graph` has no edges; a flow game needs arcs owned by partners")
    cap = _array(caps, "capacity", ndim=1)
    if players is None:
        names = tuple(dict.fromkeys(owners))
    else:
        names = _check_players(players)
        stray = [o for o in owners if o not in names]
        if stray:
            raise InvalidParameterError(f"`graph` has an arc owned by {stray[0]!r}, which is not in `players`")
    index = {p: i for i, p in enumerate(names)}
    game = FlowGame._build(
        names, "profit",
        _graph=graph.copy(), _source=source, _sink=sink, _nodes=nodes,
        _tails=_freeze(np.array(tails), np.int64), _heads=_freeze(np.array(heads), np.int64), _caps=cap,
        _owner=_freeze(np.array([index[o] for o in owners]), np.int64), _directed=bool(graph.is_directed()),
        _attrs=(owner, capacity),
    )
    return game


def min_cut_point(game: Game) -> Allocation:
    """A core split from a minimum cut: each partner gets the capacity of its arcs that cross the cut.

    Take a minimum cut between source and sink in the grand coalition's
    network; its capacity is ``v(N)`` (max-flow min-cut theorem). Give each
    partner the capacity of the arcs it owns that cross the cut from the
    source's side to the sink's. Any flow of a coalition ``S`` crosses the
    cut over arcs of ``S``, so ``v(S) <= x(S)``: the split is in the core.

    Parameters
    ----------
    game : Game
        A game from :func:`flow_game`.

    Returns
    -------
    Allocation
        Rule ``"min cut"``. When several cuts are minimum, the one networkx
        finds (the source side of the residual network).

    Raises
    ------
    InvalidGameError
        If `game` is not a flow game.

    References
    ----------
    Kalai, E. and Zemel, E. (1982). Totally balanced games and games of
    flow. Mathematics of Operations Research 7(3), 476-478.
    Ford, L. R. and Fulkerson, D. R. (1956). Maximal flow through a network.
    Canadian Journal of Mathematics 8, 399-404.

    Examples
    --------
    >>> import networkx as nx
    >>> import coalition as co
    >>> G = nx.DiGraph()
    >>> G.add_edge("s", "a", owner="A", capacity=3)
    >>> G.add_edge("a", "t", owner="A", capacity=2)
    >>> G.add_edge("s", "b", owner="B", capacity=4)
    >>> G.add_edge("b", "t", owner="C", capacity=5)
    >>> g = co.models.flow_game(G, "s", "t")
    >>> x = co.models.min_cut_point(g)
    >>> x.as_dict(), co.in_core(g, x.x)
    ({'A': 2.0, 'B': 4.0, 'C': 0.0}, True)
    """
    if not isinstance(game, FlowGame):
        raise InvalidGameError(f"`game` must be a flow game (coalition.models.flow_game), got {type(game).__name__}")
    g = game
    s, t = g._nodes.index(g._source), g._nodes.index(g._sink)
    _, (side, _) = nx.minimum_cut(g._network(np.ones(g.n, dtype=bool)), s, t)
    inside = np.zeros(len(g._nodes), dtype=bool)
    inside[list(side)] = True
    cross = inside[g._tails] & ~inside[g._heads]
    if not g._directed:
        cross |= inside[g._heads] & ~inside[g._tails]
    x = np.bincount(g._owner[cross], weights=g._caps[cross], minlength=g.n)
    return Allocation(g.players, x, "min cut", "profit")
