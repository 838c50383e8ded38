"""Minimum-cost spanning tree games (Bird 1976): partners connect to a common
source, and share the cost of the cheapest network; Bird's rule and the folk rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._kernels import trees as _kt
from ..errors import InvalidGameError, InvalidParameterError
from ..game import Game
from ..game._masks import _freeze
from ..results import Allocation
from ._base import _array, _Model, _names

__all__ = ["spanning_tree", "bird_rule", "folk_rule", "SpanningTreeGame"]


def _prim(c: np.ndarray) -> tuple[float, np.ndarray]:
    """Cost of a minimum spanning tree of the complete graph with cost
    matrix `c` (vertex 0 the root), and each vertex's parent (-1 for 0)."""
    k = c.shape[0]
    inside = np.zeros(k, dtype=bool)
    inside[0] = True
    best = c[0].astype(np.float64, copy=True)
    parent = np.zeros(k, dtype=np.int64)
    parent[0] = -1
    total = 0.0
    for _ in range(k - 1):
        cand = np.where(inside, np.inf, best)
        v = int(np.argmin(cand))
        total += float(cand[v])
        inside[v] = True
        closer = ~inside & (c[v] < best)
        best[closer] = c[v][closer]
        parent[closer] = v
    return total, parent


class SpanningTreeGame(_Model):
    """Cost game ``c(S)`` = the cheapest tree joining S's members to the source."""

    __slots__ = ("_costs",)
    _PARAMS = ("graph", "source", "players")
    family = "spanning tree"

    @property
    def costs(self) -> np.ndarray:
        """The connection costs, ``(n + 1, n + 1)``, with the source first (read-only)."""
        return self._costs

    def _params(self):
        return {"graph": self._costs, "source": 0, "players": self.players}

    @staticmethod
    def _rebuild(params):
        return spanning_tree(**params)

    def __reduce__(self):
        return (spanning_tree, (self._costs, 0, self.players))

    def _subgame_fast(self, pos):
        keep = [0, *(i + 1 for i in pos)]
        return spanning_tree(self._costs[np.ix_(keep, keep)], 0, [self.players[i] for i in pos])

    def _compute(self, rows):
        return _kt.mst_costs(self._costs, np.ascontiguousarray(rows, dtype=np.bool_))


def _from_graph(graph: Any, source: Any, weight: str) -> tuple[np.ndarray, list[str]]:
    nodes = list(graph.nodes)
    if source not in graph:
        raise InvalidParameterError(f"`source` {source!r} is not a node of `graph`")
    others = [v for v in nodes if v != source]
    if not others:
        raise InvalidParameterError("`graph` has no node besides the source; a game needs at least one partner")
    order = [source, *others]
    where = {v: k for k, v in enumerate(order)}
    k = len(order)
    c = np.full((k, k), np.nan)
    np.fill_diagonal(c, 0.0)
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        if weight not in data:
            raise InvalidParameterError(f"`graph` edge ({u!r}, {v!r}) has no {weight!r} attribute (the `weight`)")
        cost = data[weight]
        if isinstance(cost, (bool, np.bool_)) or not isinstance(cost, (int, float, np.integer, np.floating)):
            raise InvalidParameterError(
                f"`graph` edge ({u!r}, {v!r}) has {weight!r} {cost!r}; a link's cost must be a number"
            )
        # parallel links (a multigraph): the cheapest one serves
        old = c[where[u], where[v]]
        if np.isnan(old) or cost < old:
            c[where[u], where[v]] = c[where[v], where[u]] = cost
    missing = np.argwhere(np.isnan(c))
    if missing.size:
        i, j = missing[0]
        raise InvalidParameterError(
            f"`graph` has no edge between {order[i]!r} and {order[j]!r}; a spanning-tree game needs "
            "the cost of every link (a complete graph): give an infinite-cost link a large finite cost"
        )
    names = [str(v) for v in others]
    seen: dict[str, Any] = {}
    for v, name in zip(others, names):
        if not name.strip():
            raise InvalidParameterError(f"`graph` node {v!r} has an empty name; partners need names")
        if name in seen:
            raise InvalidParameterError(
                f"`graph` nodes {seen[name]!r} and {v!r} are both named {name!r}; give them distinct names"
            )
        seen[name] = v
    return c, names


def spanning_tree(
    graph: Any,
    source: Any = 0,
    players: Sequence[str] | None = None,
    *,
    weight: str = "weight",
) -> Game:
    r"""Minimum-cost spanning tree game: a coalition pays for the cheapest network that connects its members to the source.

    Partners must be connected to a common source (a hub, a grid
    connection, a pipeline head). Any link between two partners, or between
    a partner and the source, has a cost; a coalition builds, on its own
    members and the source only, the cheapest tree that connects them:

    .. math:: c(S) = \min \{\text{cost}(T) : T \text{ a spanning tree of } S \cup \{0\}\}.

    Parameters
    ----------
    graph : networkx.Graph or array_like
        A complete graph with the cost of each link in the edge attribute
        `weight`, the partners being the nodes other than `source` (in the
        graph's order, named by ``str(node)``); or a symmetric, non-negative
        ``(n + 1, n + 1)`` cost matrix whose row `source` is the source.
    source : node or int, default 0
        The source's node (or its row in the matrix).
    players : sequence of str, optional
        Partner names, for a matrix (default ``P1, P2, ...``).
    weight : str, default "weight"
        The edge attribute holding the cost of a link.

    Returns
    -------
    Game
        A cost game with the read-only attribute ``costs`` (the matrix,
        source first). Each cost is one spanning tree (Prim's algorithm),
        computed when first asked for and remembered (compiled code).

    Raises
    ------
    InvalidParameterError
        On a missing link, a negative, non-finite or asymmetric cost, a
        `source` that is not a node (or row), or names that do not match.

    See Also
    --------
    bird_rule, folk_rule : cost shares in the core.

    References
    ----------
    Bird, C. G. (1976). On cost allocation for a spanning tree: a game
    theoretic approach. Networks 6(4), 335-350. doi:10.1002/net.3230060404

    Examples
    --------
    A hub ``0`` and three partners; the cheapest network for all costs 9:

    >>> import networkx as nx
    >>> import coalition as co
    >>> G = nx.complete_graph(4)
    >>> nx.set_edge_attributes(G, {(0, 1): 4, (0, 2): 6, (0, 3): 5, (1, 2): 2, (1, 3): 7, (2, 3): 3}, "weight")
    >>> g = co.models.spanning_tree(G, source=0)
    >>> g.players, g.grand_value, g.value("2+3")
    (('1', '2', '3'), 9.0, 8.0)
    """
    if hasattr(graph, "nodes") and hasattr(graph, "edges"):
        if graph.is_directed():
            raise InvalidParameterError("`graph` is directed; a spanning-tree game needs an undirected graph")
        raw, names = _from_graph(graph, source, weight)
        c = _array(raw, "graph", ndim=2)
        if players is not None:
            names = list(_names(players, len(names), "`graph`"))
    else:
        c = _array(graph, "graph", ndim=2)
        if c.shape[0] != c.shape[1] or c.shape[0] < 2:
            raise InvalidParameterError(
                f"`graph` as a matrix must be square, (n + 1, n + 1) with n >= 1, got shape {c.shape}"
            )
        if isinstance(source, bool) or not isinstance(source, (int, np.integer)) or not 0 <= source < c.shape[0]:
            raise InvalidParameterError(f"`source` must be a row of the matrix, 0 to {c.shape[0] - 1}, got {source!r}")
        if not np.allclose(c, c.T, rtol=0, atol=0):
            i, j = np.argwhere(c != c.T)[0]
            raise InvalidParameterError(f"`graph` must be symmetric; entries ({i}, {j}) and ({j}, {i}) differ")
        order = [int(source), *[k for k in range(c.shape[0]) if k != source]]
        c = c[np.ix_(order, order)]
        names = list(_names(players, c.shape[0] - 1, "`graph`"))
    return SpanningTreeGame._build(tuple(names), "cost", _costs=_freeze(c))


def _tree_game(game: Any) -> SpanningTreeGame:
    if not isinstance(game, SpanningTreeGame):
        raise InvalidGameError(
            f"`game` must be a spanning-tree game (coalition.models.spanning_tree), got {type(game).__name__}"
        )
    return game


def bird_rule(game: Game) -> Allocation:
    """Bird's rule: each partner pays for the link that connects it towards the source in a minimum spanning tree.

    Grow the cheapest tree from the source (Prim's algorithm); each partner
    pays the cost of the link through which it joined. The shares add up to
    ``c(N)`` and lie in the core. When several trees are cheapest, the rule
    follows the one Prim's algorithm finds (ties broken by player order).

    Parameters
    ----------
    game : Game
        A game from :func:`spanning_tree`.

    Returns
    -------
    Allocation
        Cost shares, rule ``"bird"``.

    Raises
    ------
    InvalidGameError
        If `game` is not a spanning-tree game.

    References
    ----------
    Bird, C. G. (1976). On cost allocation for a spanning tree: a game
    theoretic approach. Networks 6(4), 335-350.

    Examples
    --------
    >>> import coalition as co
    >>> costs = [[0, 4, 6, 5], [4, 0, 2, 7], [6, 2, 0, 3], [5, 7, 3, 0]]
    >>> g = co.models.spanning_tree(costs)
    >>> co.models.bird_rule(g).as_dict()
    {'P1': 4.0, 'P2': 2.0, 'P3': 3.0}
    """
    g = _tree_game(game)
    c = g.costs
    _, parent = _prim(c)
    shares = c[np.arange(1, c.shape[0]), parent[1:]]
    return Allocation(g.players, shares, "bird", "cost")


def folk_rule(game: Game) -> Allocation:
    """The folk rule: the Shapley value of the irreducible cost game, computed along Kruskal's algorithm.

    Replacing each link's cost by the cheapest possible "largest link" of a
    path between its ends gives the irreducible costs; the Shapley value of
    their (concave) cost game is the folk rule. It is computed without any
    table: run Kruskal's algorithm on the partners and the source; when a
    link of cost ``k`` joins a group ``A`` without the source to a group
    ``B``, each member of ``A`` pays ``k (1/|A| - 1/|A ∪ B|)`` (``k / |A|``
    when ``B`` holds the source), and likewise for ``B`` -- the obligation
    rule of equal obligations. The shares lie in the core and do not depend
    on how ties are broken.

    Parameters
    ----------
    game : Game
        A game from :func:`spanning_tree`.

    Returns
    -------
    Allocation
        Cost shares, rule ``"folk"``.

    Raises
    ------
    InvalidGameError
        If `game` is not a spanning-tree game.

    References
    ----------
    Bergantiños, G. and Vidal-Puga, J. J. (2007). A fair rule in minimum
    cost spanning tree problems. Journal of Economic Theory 137(1), 326-352.
    Feltkamp, V., Tijs, S. and Muto, S. (1994). On the irreducible core and
    the equal remaining obligations rule of minimum cost spanning extension
    problems. CentER Discussion Paper 94106, Tilburg University.
    Tijs, S., Branzei, R., Moretti, S. and Norde, H. (2006). Obligation
    rules for minimum cost spanning tree situations and their monotonicity
    properties. European Journal of Operational Research 175(1), 121-134.

    Examples
    --------
    >>> import coalition as co
    >>> costs = [[0, 4, 6, 5], [4, 0, 2, 7], [6, 2, 0, 3], [5, 7, 3, 0]]
    >>> g = co.models.spanning_tree(costs)
    >>> co.models.folk_rule(g).as_dict()
    {'P1': 2.8333, 'P2': 2.8333, 'P3': 3.3333}
    """
    g = _tree_game(game)
    c = g.costs
    k = c.shape[0]
    iu, ju = np.triu_indices(k, 1)
    order = np.argsort(c[iu, ju], kind="stable")
    root = list(range(k))

    def find(v: int) -> int:
        while root[v] != v:
            root[v] = root[root[v]]
            v = root[v]
        return v

    members = {v: [v] for v in range(k)}  # vertex 0 is the source
    shares = np.zeros(k)
    for e in order:
        a, b = find(int(iu[e])), find(int(ju[e]))
        if a == b:
            continue
        cost = float(c[iu[e], ju[e]])
        ga, gb = members[a], members[b]
        size = (len(ga) + len(gb)) if 0 not in ga and 0 not in gb else None
        for grp, other in ((ga, gb), (gb, ga)):
            if 0 in grp:
                continue  # already connected to the source: no obligation left
            after = 0.0 if (0 in other) else 1.0 / size
            shares[grp] += cost * (1.0 / len(grp) - after)
        root[b] = a
        members[a] = ga + gb
        del members[b]
    return Allocation(g.players, shares[1:], "folk", "cost")
