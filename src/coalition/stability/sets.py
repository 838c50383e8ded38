"""Sets of splits that hold the core: the imputations, the Weber set, the
core cover and the reasonable set.

Each contains the core (when it is not empty), so each bounds where a
stable split can be: the imputations (no partner below what it earns alone),
the Weber set (the hull of the marginal vectors; Weber 1988), the core cover
(between minimal rights and utopia payoffs; Tijs and Lipperts 1982) and the
reasonable set (between smallest and largest marginal contributions;
Milnor 1953).
"""

from __future__ import annotations

import itertools
import math
import warnings
from typing import Any

import numpy as np

from scipy.optimize import linprog

from ..errors import GameTooLargeError, InfeasibleError, InvalidParameterError, SolverError
from ..game import Game
from ..results.sets import SetBounds
from ..sampling._run import _IntRoot, _root_seed
from ..values._bounds import _with, _without
from ..values.tau import _quasi_balance_gap
from ._common import _check_game

__all__ = ['imputation_vertices', 'weber_vertices', 'core_cover', 'reasonable_set']

# The Weber set lists every order up to 8! = 40,320 of them by default.
_WEBER_MAX_ORDERS = math.factorial(8)
# `extreme=True` solves one LP per distinct marginal vector, up to 7! of them.
_EXTREME_MAX_POINTS = math.factorial(7)


def _dedup(points: np.ndarray) -> np.ndarray:
    """The distinct rows, sorted lexicographically (rounded to 1e-9 of the
    largest entry to merge rows equal but for rounding)."""
    if points.shape[0] == 0:
        return points
    scale = max(float(np.max(np.abs(points))), 1e-300)
    key = np.round(points / (1e-9 * scale)).astype(np.int64)
    _, first = np.unique(key, axis=0, return_index=True)
    return points[first]


def imputation_vertices(game: Game) -> np.ndarray:
    r"""The corners of the imputation set: one partner takes all the surplus.

    The imputations are the splits that add up to :math:`v(N)` and give
    each partner at least its standalone worth :math:`v(i)`. When the
    surplus :math:`s = v(N) - \sum_i v(i)` is positive the set is a simplex
    whose corner :math:`j` gives :math:`v(i)` to every partner and
    :math:`v(j) + s` to partner :math:`j`.

    Parameters
    ----------
    game : Game

    Returns
    -------
    numpy.ndarray
        One corner per row, one column per player (cost shares for a cost
        game), sorted lexicographically: ``n`` rows when the surplus is
        positive, one when it is zero, none (shape ``(0, n)``) when it is
        negative and no imputation exists.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    GameTooLargeError
        If the game's table would exceed the memory cap.

    References
    ----------
    von Neumann, J. and Morgenstern, O. (1944). Theory of Games and Economic
    Behavior. Princeton University Press.

    Examples
    --------
    >>> import coalition as co
    >>> co.imputation_vertices(co.Game([0, 1, 2, 6]))
    array([[1., 5.],
           [4., 2.]])
    """
    game = _check_game(game)
    n = game.n
    w = game.worths
    alone = np.asarray(w[1 << np.arange(n)], dtype=np.float64)
    surplus = float(w[-1]) - float(alone.sum())
    scale = max(float(np.max(np.abs(w))), 1e-300)
    if surplus < -1e-12 * scale * n:
        return np.empty((0, n))
    pts = np.tile(alone, (n, 1)) + max(surplus, 0.0) * np.eye(n)
    return _dedup(np.array([game._from_worth_units(p) for p in pts]))


def _check_max_orders(max_orders: Any) -> int:
    if isinstance(max_orders, bool) or not isinstance(max_orders, (int, np.integer)) or max_orders < 1:
        raise InvalidParameterError(f"`max_orders` must be a positive integer, got {max_orders!r}")
    return int(max_orders)


def _extreme(points: np.ndarray) -> np.ndarray:
    """The rows that are not convex combinations of the other rows (one LP each)."""
    k = points.shape[0]
    if k > _EXTREME_MAX_POINTS:
        raise GameTooLargeError(
            f"`extreme=True` tests each of the {k:,} distinct marginal vectors by an LP over the others; "
            f"it takes at most {_EXTREME_MAX_POINTS:,} of them"
        )
    if k <= 2:
        return points
    scale = max(float(np.max(np.abs(points))), 1e-300)
    keep = np.ones(k, dtype=bool)
    for j in range(k):
        others = np.flatnonzero(keep & (np.arange(k) != j))
        a_eq = np.vstack([points[others].T / scale, np.ones(others.size)])
        b_eq = np.append(points[j] / scale, 1.0)
        res = linprog(np.zeros(others.size), A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if res.status == 0:
            keep[j] = False  # inside the hull of the others
        elif res.status != 2:
            raise SolverError(f"weber_vertices: the LP for point {j} failed: {res.message}")
    return points[keep]


def weber_vertices(game: Game, *, max_orders: int = _WEBER_MAX_ORDERS, seed: Any = 0,
                   extreme: bool = False) -> np.ndarray:
    r"""The distinct marginal vectors: the points whose convex hull is the Weber set.

    The marginal vector of an order of the partners gives each partner what
    it adds to those before it: :math:`x_i = v(P_i \cup i) - v(P_i)`. The
    Weber set is the convex hull of the :math:`n!` marginal vectors; it
    contains the core (Weber 1988), and equals it exactly when the game is
    convex (Shapley 1971; Ichiishi 1981). Its corners are among these
    vectors; for a game that is not convex some of them may lie inside it.

    Parameters
    ----------
    game : Game
    max_orders : int, default 40320 (= 8!)
        When :math:`n!` exceeds it, this many orders are drawn at random
        (uniformly, with repetition) instead of listing all, and a
        ``UserWarning`` says so: the rows are then only some of the points.
    seed : int, numpy.random.Generator or None, default 0
        The random orders' seed, used only when orders are drawn.
    extreme : bool, default False
        Keep only the corners of the Weber set: drop each marginal vector
        that is a convex combination of the others (one LP per vector, at
        most 5,040 vectors). For a convex game every marginal vector is a
        corner.

    Returns
    -------
    numpy.ndarray
        One distinct marginal vector per row (cost shares for a cost game:
        what each partner's arrival adds to the cost), sorted
        lexicographically.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    InvalidParameterError
        If `max_orders` is not a positive integer, `seed` is not a seed or
        `extreme` is not a bool.
    GameTooLargeError
        If the game's table would exceed the memory cap, or `extreme` is
        asked of more than 5,040 distinct vectors.
    SolverError
        If an LP of `extreme` fails.

    References
    ----------
    Weber, R. J. (1988). Probabilistic values for games. In A. E. Roth (ed.),
    The Shapley Value, 101-119. Cambridge University Press.

    Shapley, L. S. (1971). Cores of convex games. International Journal of
    Game Theory 1(1), 11-26.

    Ichiishi, T. (1981). Super-modularity: applications to convex games and
    the greedy algorithm for LP. Journal of Economic Theory 25(2), 283-286.

    Examples
    --------
    >>> import coalition as co
    >>> co.weber_vertices(co.Game([0, 1, 2, 6]))
    array([[1., 5.],
           [4., 2.]])

    A game that is not convex: of its 6 marginal vectors, 4 are corners.

    >>> g = co.Game([0, 3, 3, 5, 6, 0, 1, 5])
    >>> len(co.weber_vertices(g)), len(co.weber_vertices(g, extreme=True))
    (6, 4)
    """
    game = _check_game(game)
    cap = _check_max_orders(max_orders)
    if not isinstance(extreme, (bool, np.bool_)):
        raise InvalidParameterError(f"`extreme` must be True or False, got {extreme!r}")
    n = game.n
    total = math.factorial(n)
    if total <= cap:
        orders = np.array(list(itertools.permutations(range(n))), dtype=np.int64)
    else:
        root = _root_seed(seed)
        rng = np.random.default_rng(np.random.SeedSequence(root.entropy) if isinstance(root, _IntRoot) else root)
        orders = np.argsort(rng.random((cap, n)), axis=1)
        warnings.warn(
            f"weber_vertices: {n}! = {total:,} orders exceed `max_orders` = {cap:,}; the rows are the "
            f"distinct marginal vectors of {cap:,} random orders (seed {seed!r}), some of the "
            "Weber set's points only",
            UserWarning, stacklevel=2,
        )
    table = game.values
    prefix = np.bitwise_or.accumulate(np.int64(1) << orders, axis=1)
    worth = table[prefix]
    gain = np.diff(np.concatenate([np.zeros((orders.shape[0], 1)), worth], axis=1), axis=1)
    x = np.empty_like(gain)
    np.put_along_axis(x, orders, gain, axis=1)
    points = _dedup(x)
    return _extreme(points) if extreme and not game.is_convex else points


def _flip(game: Game, lower: np.ndarray, upper: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bounds in worth units -> bounds in the game's units (a cost share
    falls as a saving rises, so floor and ceiling swap)."""
    if game.kind == "cost":
        return game._from_worth_units(upper), game._from_worth_units(lower)
    return lower, upper


def core_cover(game: Game) -> SetBounds:
    r"""The core cover: the efficient splits between the minimal rights and the utopia payoffs.

    .. math:: CC(v) = \{x : x(N) = v(N),\; m \le x \le M\},

    with :math:`M_i = v(N) - v(N \setminus i)` (:func:`utopia`) and
    :math:`m` the :func:`minimal_rights`. It contains the core, and it is
    not empty exactly when the game is quasi-balanced (compromise
    admissible; Tijs and Lipperts 1982). The :math:`\tau`-value is the point
    of it on the segment from :math:`m` to :math:`M`.

    Parameters
    ----------
    game : Game

    Returns
    -------
    SetBounds
        ``lower`` = minimal rights, ``upper`` = utopia payoffs, ``total`` =
        :math:`v(N)`, name ``"core cover"``; ``vertices()`` lists its
        corners. For a cost game, cost shares: the floor is the utopia cost
        :math:`c(N) - c(N \setminus i)`, the ceiling the minimal right.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    InfeasibleError
        If the core cover is empty (the game is not quasi-balanced); the
        message says which inequality fails.
    GameTooLargeError
        If the minimal rights need more memory than the cap allows.

    References
    ----------
    Tijs, S. H. and Lipperts, F. A. S. (1982). The hypercube and the core
    cover of n-person cooperative games. Cahiers du Centre d'Etudes de
    Recherche Operationelle 24, 27-37.

    Examples
    --------
    >>> import coalition as co
    >>> cc = co.core_cover(co.Game([0, 0, 0, 2, 0, 2, 3, 5]))
    >>> cc.as_dict()
    {'P1': (0.0, 2.0), 'P2': (0.0, 3.0), 'P3': (0.0, 3.0)}
    >>> cc.vertices()
    array([[0., 2., 3.],
           [0., 3., 2.],
           [2., 0., 3.],
           [2., 3., 0.]])
    """
    game = _check_game(game)
    reason, m, M = _quasi_balance_gap(game)
    if reason is not None:
        raise InfeasibleError(
            f"`game` has an empty core cover (it is not quasi-balanced): {reason}. "
            "It needs minimal rights m <= utopia payoffs M and sum(m) <= v(N) <= sum(M)"
        )
    lower, upper = _flip(game, m, M)
    return SetBounds(game.players, lower, upper, game.grand_value, "core cover", game.kind)


def reasonable_set(game: Game) -> SetBounds:
    r"""The reasonable set: the imputations that give no partner more than the most it adds to a coalition.

    .. math:: R(v) = \{x : x(N) = v(N),\; v(i) \le x_i \le
              \max_{S \not\ni i} [v(S \cup i) - v(S)]\}.

    No partner can reasonably ask for more than its largest marginal
    contribution, nor accept less than it earns alone (Milnor 1953; the
    definition of Branzei, Dimitrov and Tijs 2008, p. 21, and of R CoopGame's
    ``reasonableSetVertices``). It holds the core and the core cover. It
    holds the Weber set (every marginal vector, so the Shapley value) when
    no marginal contribution falls below the standalone worth, as in every
    superadditive game; in other games a marginal vector may pay a partner
    less than it earns alone, which no imputation does. TuGames and
    MatTuGames drop the floor (the efficient splits below the ceilings),
    a larger set with the same ceilings.

    Parameters
    ----------
    game : Game

    Returns
    -------
    SetBounds
        ``lower`` the standalone worths :math:`v(i)`, ``upper`` the largest
        marginal contributions, ``total`` = :math:`v(N)`, name
        ``"reasonable set"``. For a cost game, cost shares: the floor is the
        smallest cost a partner's arrival adds to a coalition, the ceiling
        its standalone cost.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    InfeasibleError
        If the set is empty: the standalone worths add up to more than
        :math:`v(N)` (standalone costs to less than :math:`c(N)`), so that
        there is no imputation.
    GameTooLargeError
        If the game's table would exceed the memory cap.

    References
    ----------
    Milnor, J. W. (1953). Reasonable outcomes for n-person games. Research
    Memorandum RM-916, The RAND Corporation.

    Gerard-Varet, L. A. and Zamir, S. (1987). Remarks on the reasonable set
    of outcomes in a general coalition function form game. International
    Journal of Game Theory 16(2), 123-143.

    Branzei, R., Dimitrov, D. and Tijs, S. (2008). Models in Cooperative
    Game Theory, 2nd ed. Springer.

    Examples
    --------
    >>> import coalition as co
    >>> co.reasonable_set(co.Game([0, 0, 0, 2, 0, 2, 3, 5])).as_dict()
    {'P1': (0.0, 2.0), 'P2': (0.0, 3.0), 'P3': (0.0, 3.0)}
    """
    game = _check_game(game)
    worths = game.worths
    best = np.array([float((_with(worths, i) - _without(worths, i)).max()) for i in range(game.n)])
    alone = worths[1 << np.arange(game.n)].astype(np.float64)
    vN = float(worths[-1])
    if alone.sum() > vN + 1e-12 * max(1.0, np.abs(alone).sum(), abs(vN)):
        kind = "costs" if game.kind == "cost" else "worths"
        relation = "less than" if game.kind == "cost" else "more than"
        raise InfeasibleError(
            f"`game` has an empty reasonable set: its standalone {kind} add up to {game.standalone.sum():g}, "
            f"{relation} the grand coalition's {game.grand_value:g}, so no split is an imputation"
        )
    lower, upper = _flip(game, alone, best)
    return SetBounds(game.players, lower, upper, game.grand_value, "reasonable set", game.kind)
