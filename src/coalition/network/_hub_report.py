"""What a network does to each partner's share: the hub report.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
import numpy as np

from ..errors import InvalidParameterError
from ..game import Game
from ..game._graph import _check_graph, _listing, _node_positions
from ..results import Allocation, Estimate, HubReport
from ..values._checks import _check_game
from ._checks import _check_method, _names
from ._myerson import _dense_ok, _sampled, myerson

__all__ = ['hub_report']


def hub_report(
    game: Game,
    graph: nx.Graph,
    *,
    hubs: Iterable[str] | None = None,
    method: str = "auto",
    budget: int | None = None,
    tol: float | None = None,
    confidence: float = 0.95,
    seed: Any = None,
    estimator: str = "auto",
    threads: int | None = None,
) -> HubReport:
    """What the network does to each partner's share, and what the hubs earn
    from their central position.

    For every partner: its Shapley value without the network (everyone can
    deal with everyone), its Myerson value with it (value flows along links
    only), and the difference, the *premium* of its position (negative for a
    partner the network cuts off). In a cost game the premium is what the
    position saves: the Shapley cost share less the Myerson one.

    Parameters
    ----------
    game : Game
    graph : networkx.Graph
        Undirected, simple; its nodes are exactly the players.
    hubs : sequence of str, optional
        The hubs to report on. Default: the nodes whose ``"hub"`` attribute is
        true (as :func:`hub_and_spoke` and :func:`multi_hub` set it), else
        the nodes of highest degree.
    method, budget, tol, confidence, seed, estimator, threads
        How to compute the Shapley and Myerson values (see :func:`myerson`);
        when they are sampled, `budget` is spent on each, so the report
        evaluates the game up to twice as often.

    Returns
    -------
    HubReport
        ``shapley``, ``x`` (the Myerson value), ``premium``, ``degree`` and
        ``hubs``; ``hub_premium`` is the hubs' total premium.

    Raises
    ------
    InvalidParameterError
        On a bad graph, or `hubs` naming a non-player.

    References
    ----------
    Myerson, R. B. (1977). Graphs and cooperation in games. Mathematics of
    Operations Research 2(3), 225-229.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_function(lambda s: float(len(s) >= 2), ["H", "A", "B", "C"])
    >>> rep = co.network.hub_report(g, co.network.hub_and_spoke("H", ["A", "B", "C"]))
    >>> rep.hubs, rep.hub_premium
    (('H',), 0.5)
    >>> rep.premium
    array([ 0.5   , -0.1667, -0.1667, -0.1667])
    """
    game = _check_game(game)
    graph = _check_graph(graph)
    pos = _node_positions(game.players, graph)
    if hubs is None:
        marked = [pos[u] for u, flag in graph.nodes(data="hub") if flag]
        if not marked:
            deg = dict(graph.degree())
            top = max(deg.values(), default=0)
            marked = [pos[u] for u, d in deg.items() if d == top]
        hub_names = tuple(game.players[i] for i in sorted(marked))
    else:
        if not isinstance(hubs, str) and isinstance(hubs, (list, tuple, set, frozenset)) and not hubs:
            raise InvalidParameterError("`hubs` must name at least one partner, got an empty list")
        hub_names = _names([hubs] if isinstance(hubs, str) else hubs, "hubs")
        players = set(game.players)
        unknown = [h for h in hub_names if h not in players]
        if unknown:
            raise InvalidParameterError(f"`hubs` names {_listing(unknown)}, which are not players")
    degree = np.zeros(game.n)
    for u, d in graph.degree():
        degree[pos[u]] = d
    method = _check_method(method)
    opts = dict(budget=budget, tol=tol, confidence=confidence, seed=seed)
    sh = _shapley_any(game, method=method, estimator=estimator, threads=threads, **opts)
    my = myerson(game, graph, method=method, estimator=estimator, threads=threads, **opts)
    return HubReport(
        game.players,
        my.x,
        "myerson",
        game.kind,
        shapley=sh.x,
        premium=game._to_worth_units(my.x) - game._to_worth_units(sh.x),
        degree=degree,
        hubs=hub_names,
        method="sampled" if isinstance(my, Estimate) or isinstance(sh, Estimate) else "exact",
    )


def _shapley_any(game: Game, *, method: str, estimator: str, **kwargs: Any) -> Allocation:
    from ..values import shapley

    if method != "sample" and (game._shapley_fast() is not None or method == "exact" or _dense_ok(game)):
        return shapley(game)
    return _sampled(game, "shapley", method=estimator, **kwargs)
