"""The Myerson value (Myerson 1977): the Shapley value of the graph-restricted game.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import networkx as nx
import numpy as np

from .._kernels import graph_fused as _kgf
from .._numbers import _real, _show
from ..errors import GameTooLargeError, InvalidParameterError
from ..game import Game
from ..game._checks import _check_table_size
from ..game._graph import _adjacency_masks
from ..game.restricted import _restricted
from ..results import Allocation, Estimate
from ..values._checks import _check_game
from ..values._semivalues import _shapley_weights
from ._checks import _AUTO_DENSE_MAX_N, _check_method

__all__ = ['myerson']


# Exact Myerson value: the kernel that sums the restricted worths as it
# computes them gives way to a restricted table when more than this share of
# the coalitions of its first blocks need a component search (at n = 20 the
# table route was faster from about 15-25% on; stars need almost none,
# chains, trees, grids and sparse random graphs 30-80%).
_FUSED_MAX_FIX = 0.15


# values
def _dense_ok(game: Game) -> bool:
    return game._table is not None or game.n <= _AUTO_DENSE_MAX_N


def myerson(
    game: Game,
    graph: nx.Graph,
    *,
    method: str = "auto",
    budget: int | None = None,
    tol: float | None = None,
    confidence: float = 0.95,
    seed: Any = None,
    estimator: str = "auto",
    threads: int | None = None,
) -> Allocation:
    r"""Myerson value: the Shapley value of the graph-restricted game.

    Each partner's average marginal contribution when value can only flow
    along links (:func:`restrict`). It is the only rule that is component
    efficient (every connected group of partners shares exactly its own
    worth) and fair (removing a link costs both its ends the same amount).

    Parameters
    ----------
    game : Game
    graph : networkx.Graph
        Undirected, simple; its nodes are exactly the players.
    method : {"auto", "exact", "sample"}, default "auto"
        ``"exact"``: a closed form when the game has one (pairwise synergies
        on links, or on forests), otherwise the Shapley value of the
        restricted table: its ``2**n`` worths are computed from the game's
        table in O(2**n) by a component kernel and summed into the value as
        they come, block by block, without storing them (on graphs where
        most coalitions need a component search, such as chains or sparse
        random graphs, the restricted table is built instead, which is
        faster there). ``"sample"``: :func:`coalition.estimate_shapley` on the
        restricted game, whose worths are computed component by component
        without a table: in compiled code, with a union-find merge of the
        joining partner's neighbours (O(degree) a step), when the base game
        is a weighted voting, unanimity, airport, bankruptcy or glove game
        or has pairwise synergies on the links; by calling the base game on
        each component otherwise. ``"auto"``: exact when there is a closed form, a
        table, or at most 20 players; sampled beyond.
    budget, tol : optional
        Sampling: evaluations to spend, or the confidence half-width to
        reach; one of them is required when the value is sampled.
    confidence : float, default 0.95
        Sampling: level of the confidence intervals.
    seed : int, numpy.random.Generator or SeedSequence, optional
        Sampling: the same seed gives the same estimate.
    estimator : str, default "auto"
        Sampling: the ``method`` of :func:`coalition.estimate_shapley`.
    threads : int, optional
        Sampling: threads for :func:`coalition.estimate_shapley`.

    Returns
    -------
    Allocation or Estimate
        Rule ``"myerson"``; an :class:`~coalition.Estimate` when sampled.
        Cost shares for a cost game.

    Raises
    ------
    InvalidParameterError
        On a bad graph (see :func:`restrict`), `method`, or a sampled value
        without `budget` or `tol`, or with a sampling argument that is not a
        number (see :func:`coalition.estimate_shapley`).
    GameTooLargeError
        If ``method="exact"`` needs a table beyond the memory cap.

    Notes
    -----
    For a game whose dividends sit on single players and pairs (such as
    :func:`synergy_game`), restricting the pair game "i and j both present"
    to the graph gives "i and j connected": the pair itself when i and j are
    linked (half each), nothing when they lie in different components, and
    the unanimity game of the path between them when they lie in a tree (an
    equal share for every node on the path). These are the closed forms
    used; a pair that is neither linked nor separated, inside a component
    with a cycle, takes the general route.

    References
    ----------
    Myerson, R. B. (1977). Graphs and cooperation in games. Mathematics of
    Operations Research 2(3), 225-229.

    Examples
    --------
    A hub and three spokes; any two linked partners create 1. The hub is in
    every deal (Myerson 1977's star):

    >>> import coalition as co
    >>> g = co.Game.from_function(lambda s: float(len(s) >= 2), ["H", "A", "B", "C"])
    >>> co.myerson(g, co.network.hub_and_spoke("H", ["A", "B", "C"])).as_dict()
    {'H': 0.75, 'A': 0.0833, 'B': 0.0833, 'C': 0.0833}

    With every pair linked it is the Shapley value:

    >>> co.myerson(g, co.network.complete(g.players)).as_dict()
    {'H': 0.25, 'A': 0.25, 'B': 0.25, 'C': 0.25}
    """
    game = _check_game(game)
    method = _check_method(method)
    rg = _restricted(game, graph, tabulate=False)
    if method != "sample":
        fast = rg._shapley_fast()
        if fast is not None:
            return Allocation(game.players, fast, "myerson", game.kind)
        if method == "exact" or _dense_ok(game):
            return Allocation(game.players, _dense_myerson(game, rg.links), "myerson", game.kind)
    return _sampled(rg, "myerson", budget=budget, tol=tol, confidence=confidence, seed=seed,
                    method=estimator, threads=threads)


def _dense_myerson(game: Game, links: np.ndarray) -> np.ndarray:
    """Exact Myerson value from the base game's table, in the game's units.

    The Shapley value of the restricted table of ``game.values``, summed
    block by block as the restricted worths are computed, without storing
    them (``_kernels.graph_fused.restricted_size_weighted_bit_sums``). For a cost
    game that table holds costs: the restricted savings game is the savings
    game of the restricted costs and the Shapley value is linear, so the
    result is already in cost shares.
    """
    n = game.n
    table = game.values  # built here for a game without one (size checked)
    try:  # the kernel falls back to a restricted table where it pays
        _check_table_size(n, copies=2)
        max_fix = _FUSED_MAX_FIX
    except GameTooLargeError:
        max_fix = np.inf
    p = _shapley_weights(n)
    a = np.empty(n + 1)
    a[0] = 0.0
    a[1:] = p[:-1] + p[1:]
    sums, total, _ = _kgf.restricted_size_weighted_bit_sums(
        table, n, _adjacency_masks(n, links), a, p, min(n, _kgf.FUSED_BLOCK_BITS), max_fix
    )
    return sums - total


def _sampled(game: Game, rule: str, **kwargs: Any) -> Estimate:
    from ..sampling import METHODS, estimate_shapley

    if kwargs.get("budget") is None and kwargs.get("tol") is None:
        raise InvalidParameterError(
            f"the {rule} value of {game.n} players is sampled here (no closed form, and more "
            f"than {_AUTO_DENSE_MAX_N} players without a table): pass `budget` (evaluations) "
            "or `tol` (confidence half-width), or method='exact'"
        )
    for arg in ("budget", "tol", "confidence", "threads"):
        if kwargs.get(arg) is not None:
            _real(kwargs[arg], arg, allow_nonfinite=True)
    try:
        repr(kwargs.get("seed"))
    except ValueError:  # holds an integer of more than 4,300 digits
        raise InvalidParameterError(
            f"`seed` must be None, a non-negative int, a numpy Generator or SeedSequence, "
            f"got {_show(kwargs.get('seed'))}"
        ) from None
    if not isinstance(kwargs.get("method"), str) or kwargs["method"] not in METHODS:
        raise InvalidParameterError(
            f"`estimator` must be one of {', '.join(map(repr, METHODS))}, got {_show(kwargs.get('method'))}"
        )
    est = estimate_shapley(game, **kwargs)
    return dataclasses.replace(est, rule=rule)
