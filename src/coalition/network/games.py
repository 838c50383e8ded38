"""Games on graphs: the graph-restricted game of any game, and synergy games read off the edges.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np

from .._numbers import _is_real, _real, _real_array, _show
from ..errors import InvalidGameError, InvalidParameterError
from ..families.synergy import _synergy_from_arrays
from ..game import Game
from ..game._checks import MAX_ABS_WORTH, _check_kind, _check_players
from ..game._graph import _by_name, _check_graph, _listing, _name_of
from ..game.restricted import RestrictedGame, _restricted
from ..values._checks import _check_game
from ._checks import _choice

__all__ = ['restrict', 'synergy_game']


def restrict(game: Game, graph: nx.Graph) -> RestrictedGame:
    r"""The graph-restricted game of Myerson (1977).

    Partners can only cooperate along links: a coalition ``S`` splits into
    the connected components of the graph on ``S``, and earns what they earn
    separately,

    .. math:: v^G(S) = \sum_{C \in S/G} v(C).

    A coalition that is not connected is not worth zero: its parts still earn
    their own worths.

    Parameters
    ----------
    game : Game
        The game without the network (profit or cost; a cost game is
        restricted on its costs, which restricts its savings game alike).
    graph : networkx.Graph
        Undirected, simple; its nodes are exactly the players (matched by
        ``str(node)``).

    Returns
    -------
    RestrictedGame
        A :class:`~coalition.Game`. For a game with a table the restricted
        table is built at once by a component kernel in O(2**n) steps; for a
        game without one (a family or function game, any number of players)
        worths are computed on demand, component by component.

    Raises
    ------
    InvalidGameError
        If `game` is not a Game.
    InvalidParameterError
        If `graph` is not an undirected simple :class:`networkx.Graph`, has a
        self-loop, a node that is not a player, or lacks a player (the
        message lists them).

    References
    ----------
    Myerson, R. B. (1977). Graphs and cooperation in games. Mathematics of
    Operations Research 2(3), 225-229.

    Examples
    --------
    Spokes do not deal with each other: two spokes earn only their own
    worths.

    >>> import coalition as co
    >>> g = co.Game.from_function(lambda s: len(s) ** 2, ["Hub", "A", "B"])
    >>> r = co.network.restrict(g, co.network.hub_and_spoke("Hub", ["A", "B"]))
    >>> r.value("A+B"), r.value("Hub+A"), r.value("Hub+A+B")
    (2.0, 4.0, 9.0)
    """
    game = _check_game(game)
    return _restricted(game, graph, tabulate=True)


# synergy games on graphs
def _standalone_vector(standalone: Any, graph: nx.Graph, names: tuple[str, ...]) -> np.ndarray:
    n = len(names)
    if isinstance(standalone, str):
        attr = standalone
        vals = []
        missing = []
        for node, val in graph.nodes(data=attr):
            if val is None:
                missing.append(str(node))
            vals.append(val)
        if missing:
            raise InvalidParameterError(
                f"`standalone` names the node attribute {attr!r}, which {len(missing)} nodes lack: "
                f"{_listing(missing)}"
            )
        return _finite(vals, "standalone", names)
    if isinstance(standalone, Mapping):
        given = _by_name(standalone, "standalone")
        if len(given) != n or not all(p in given for p in names):
            known = set(names)
            unknown = [k for k in given if k not in known]
            if unknown:
                raise InvalidParameterError(
                    f"`standalone` names {_listing(unknown)}, which are not nodes of `graph`"
                )
            absent = [p for p in names if p not in given]
            raise InvalidParameterError(f"`standalone` has no worth for the nodes {_listing(absent)}")
        return _finite([given[p] for p in names], "standalone", names)
    if isinstance(standalone, (list, tuple, np.ndarray)) or np.ndim(standalone) != 0:
        return _finite(standalone, "standalone", names)
    one = _real(standalone, "standalone", allow_nonfinite=True)  # one number for all
    return _finite(np.full(n, one), "standalone", names)


def _finite(values: Any, arg: str, names: tuple[str, ...]) -> np.ndarray:
    """Worths of the nodes `names`: real, finite and at most MAX_ABS_WORTH in
    magnitude (the bound of every table of the library)."""
    arr = _real_array(values, arg)
    n = len(names)
    if arr.shape != (n,):
        raise InvalidParameterError(f"`{arg}` has shape {arr.shape}; the graph has {n} nodes")
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise InvalidParameterError(
            f"`{arg}` has non-finite entries at positions {bad[:6].tolist()} "
            f"(nodes {_listing([names[k] for k in bad[:6]])})"
        )
    huge = np.flatnonzero(np.abs(arr) > MAX_ABS_WORTH)
    if huge.size:
        k = int(huge[0])
        raise InvalidGameError(
            f"`{arg}` has {huge.size} worths above {MAX_ABS_WORTH:g} in magnitude (node {names[k]!r}: "
            f"{arr[k]:g}); sums over coalitions would overflow: rescale the worths"
        )
    return arr


def _synergies(ws: list[Any], names: tuple[str, ...], edges: np.ndarray, attr: str | None) -> np.ndarray:
    """The synergies read off the links, checked as :func:`_finite` checks
    worths; a message names the links at fault."""
    def shown(bad: list[int]) -> str:
        text = ", ".join(f"{names[edges[k, 0]]}-{names[edges[k, 1]]} ({_show(ws[k])})" for k in bad[:6])
        return text + (f" and {len(bad) - 6} more" if len(bad) > 6 else "")

    try:
        s = _real_array(ws, "graph")
    except InvalidParameterError:
        s = None
    if s is None or s.shape != (len(ws),) or not np.all(np.isfinite(s)):
        bad = [k for k, w in enumerate(ws) if not _is_real(w)]
        raise InvalidParameterError(
            f"`graph` links need a finite number in the edge attribute `{attr}`; "
            f"{len(bad)} have none or a bad one: {shown(bad)}"
        )
    huge = np.flatnonzero(np.abs(s) > MAX_ABS_WORTH).tolist()
    if huge:
        raise InvalidGameError(
            f"`graph` has {len(huge)} links whose synergy (edge attribute `{attr}`) is above "
            f"{MAX_ABS_WORTH:g} in magnitude: {shown(huge)}; sums over coalitions would overflow: "
            "rescale the synergies"
        )
    return s


def _check_worth_range(a: np.ndarray, s: np.ndarray) -> None:
    """Refuse a synergy game some of whose coalitions could be worth more than
    MAX_ABS_WORTH in magnitude: every worth lies between the sum of the
    negative standalone worths and synergies and the sum of the positive ones."""
    high = float(a[a > 0].sum() + s[s > 0].sum())
    low = float(a[a < 0].sum() + s[s < 0].sum())
    for bound, sign in ((high, "positive"), (-low, "negative")):
        if bound > MAX_ABS_WORTH:
            raise InvalidGameError(
                f"`standalone` and the synergies of `graph` add up to {sign} worths of {bound:g} "
                f"(the grand coalition's worth can be that large), above {MAX_ABS_WORTH:g} in magnitude: "
                "sums over coalitions would overflow; rescale the worths"
            )


def synergy_game(graph: nx.Graph, standalone: Any = 0.0, attr: str | None = "weight", *, kind: str = "profit") -> Game:
    r"""Additive game with a synergy on every link of a graph.

    .. math:: v(S) = \sum_{i \in S} a_i + \sum_{\{i, j\} \subseteq S,\ ij \in E} s_{ij}

    The partners are the graph's nodes (named ``str(node)``, in graph order);
    the synergy of a pair is read from the edge attribute `attr`. No table is
    ever built: :func:`coalition.shapley` uses the closed form (each partner
    gets its standalone worth plus half of every synergy it takes part in),
    and so does :func:`myerson` on the game's own graph, so graphs with
    100,000 nodes and a million links are solved in seconds.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected, simple, without self-loops.
    standalone : float, dict, array_like or str, default 0.0
        Standalone worths: one number for all, ``{node: worth}``, one per node
        in graph order, or the name of a node attribute holding them.
    attr : str or None, default "weight"
        Edge attribute holding the synergy; ``None`` gives every link the
        synergy 1.
    kind : {"profit", "cost"}, default "profit"
        ``"cost"`` when standalone worths and synergies are costs.

    Returns
    -------
    Game
        The :func:`coalition.families.additive_with_synergies` game, with
        attributes ``standalone_worths``, ``edges`` and ``synergies``.

    Raises
    ------
    InvalidParameterError
        If `graph` is not an undirected simple graph, has a self-loop, a link
        lacks `attr` (the message lists some), a synergy or standalone worth
        is not a finite real number (strings, bools and complex numbers are
        refused, not converted), or `standalone` gives two keys with one
        name.
    InvalidGameError
        If two nodes have the same name, or a standalone worth or synergy is
        above 1e150 in magnitude, or their sums are (the positive ones, or
        the negative ones): every worth of the library stays within 1e150 so
        that sums over coalitions cannot overflow. Rescale such data (to
        millions, say).

    References
    ----------
    Harsanyi, J. C. (1963). A simplified bargaining model for the n-person
    cooperative game. International Economic Review 4(2), 194-220 (pairwise
    dividends are split equally, hence half of each synergy).

    Examples
    --------
    >>> import coalition as co
    >>> net = co.network.hub_and_spoke("Hub", ["A", "B"], weights=[6, 2])
    >>> g = co.network.synergy_game(net, standalone={"Hub": 1, "A": 1, "B": 0})
    >>> g.value("A+B"), g.value("Hub+A+B")
    (1.0, 10.0)
    >>> co.shapley(g).as_dict()
    {'Hub': 5.0, 'A': 4.0, 'B': 1.0}
    """
    graph = _check_graph(graph)
    kind = _check_kind(_choice(kind, ("profit", "cost"), "kind"))
    names = _check_players([_name_of(u, "graph") for u in graph], arg="graph")
    index = {node: i for i, node in enumerate(graph)}
    if attr is not None and not isinstance(attr, str):
        raise InvalidParameterError(f"`attr` must be an edge attribute name or None, got {_show(attr)}")
    a = _standalone_vector(standalone, graph, names)
    us: list[int] = []
    vs: list[int] = []
    ws: list[Any] = []
    for u, nbrs in graph.adjacency():
        i = index[u]
        for w, data in nbrs.items():
            j = index[w]
            if i < j:
                us.append(i)
                vs.append(j)
                ws.append(1.0 if attr is None else data.get(attr))
    edges = np.empty((len(us), 2), dtype=np.int64)
    edges[:, 0] = us
    edges[:, 1] = vs
    s = _synergies(ws, names, edges, attr)
    _check_worth_range(a, s)
    return _synergy_from_arrays(names, a, edges, s, kind)
