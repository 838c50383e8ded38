r"""Nucleoli of weighted excesses and of the dual game: the per-capita,
proportional and disruption nucleoli, the anti-nucleolus and the
anti-prenucleolus.

Each minimizes (or, for the anti-nucleoli, maximizes) lexicographically a
vector of complaints, one per coalition, by the same sequence of LPs as
:func:`~coalition.nucleolus`: the per-capita, proportional and disruption
nucleoli divide the excess ``e(S, x) = v(S) - x(S)`` by a positive weight
``w(S)`` (the LP rows become ``x(S) + w(S) eps >= v(S)``), and the
anti-nucleoli are the nucleoli of the dual game ``v*(S) = v(N) - v(N \ S)``,
whose excesses at an efficient split are ``-e(N \ S, x)``.
"""

from __future__ import annotations

import numpy as np

from ..errors import EmptyCoreError, InfeasibleError, InvalidGameError, SolverError
from ..game import Game
from ..results import NucleolusResult
from . import _engine as _nu
from ._common import _check_game, _checked_shares, _table, _to_game
from ._nucleolus import _lex
from .least_core import least_core
from .modiclus import dual_worths

__all__ = [
    "per_capita_nucleolus",
    "proportional_nucleolus",
    "disruption_nucleolus",
    "anti_nucleolus",
    "anti_prenucleolus",
]


def _sizes(n: int) -> np.ndarray:
    """``|S|`` for every bitmask ``S`` (doubling: the masks with bit ``i``
    set are those below ``2**i`` plus one member)."""
    out = np.zeros(1 << n)
    for i in range(n):
        out[1 << i:1 << (i + 1)] = out[:1 << i] + 1.0
    return out


def per_capita_weights(n: int) -> np.ndarray:
    """``w(S) = |S|``: the weights of the per-capita nucleolus."""
    return _sizes(n)


def proportional_weights(game: Game) -> np.ndarray:
    """``w(S) = v(S)``, 0 (no complaint) where ``v(S) = 0``; InvalidGameError
    on a negative worth."""
    v = game.worths
    bad = np.flatnonzero(v < 0)
    if bad.size:
        m = int(bad[0])
        who = "+".join(p for i, p in enumerate(game.players) if m >> i & 1)
        what = "savings" if game.kind == "cost" else "worths"
        raise InvalidGameError(
            f"`game` has {bad.size} negative {what}, e.g. {v[m]:.6g} for {who}: the proportional nucleolus "
            f"divides each excess by the coalition's {'savings' if game.kind == 'cost' else 'worth'}, so it needs "
            "worths that are all at least 0 (try per_capita_nucleolus or nucleolus)"
        )
    return np.asarray(v, dtype=np.float64).copy()


def disruption_weights(v: np.ndarray, n: int) -> np.ndarray:
    """``b(S) = v(N) - v(S) - v(N \\ S)``, what ``S`` and its complement
    gain by staying together (``0`` for the empty and the grand coalition)."""
    full = (1 << n) - 1
    masks = np.arange(1 << n, dtype=np.int64)
    b = v[full] - v - v[full ^ masks]
    b[0] = b[full] = 0.0
    return b


def per_capita_nucleolus(game: Game) -> NucleolusResult:
    r"""The per-capita nucleolus: the imputation that minimizes
    lexicographically the excesses per member, ``e(S, x) / |S|``.

    A coalition's complaint is what each of its members would gain by
    leaving, on average: ``(v(S) - x(S)) / |S|``. Among the imputations, the
    per-capita nucleolus makes the largest such complaint as small as
    possible, then the next largest, and so on (Young 1985 discusses it
    beside the nucleolus). It is unique, lies in the core whenever the core
    is non-empty (a per-capita excess is positive exactly when the excess is),
    and treats symmetric partners alike. Computed by the sequential LPs of
    :func:`nucleolus`, with ``|S| eps`` in place of ``eps`` in the row of
    each coalition.

    Parameters
    ----------
    game : Game

    Returns
    -------
    NucleolusResult
        The shares (cost shares for a cost game); ``levels`` are the largest
        per-capita excesses settled at each stage (worth units per partner).

    Raises
    ------
    InfeasibleError
        If the imputation set is empty.
    SolverError
        If the LP solver fails.

    See Also
    --------
    nucleolus, proportional_nucleolus, verify_nucleolus

    References
    ----------
    Young, H. P. (1985). Monotonic solutions of cooperative games.
    International Journal of Game Theory 14(2), 65-72.
    Maschler, M., Peleg, B. and Shapley, L. S. (1979). Geometric properties
    of the kernel, nucleolus, and related solution concepts. Mathematics of
    Operations Research 4(4), 303-338 (nucleoli of general complaints, the
    sequence of LPs).

    Examples
    --------
    Young's (1985, p. 68) cost game: three towns share a water system
    costing 78 together.

    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 15, "B": 20, "C": 55, "A+B": 35, "A+C": 61,
    ...                        "B+C": 65, "A+B+C": 78}, kind="cost")
    >>> {p: round(c, 4) for p, c in co.per_capita_nucleolus(g).as_dict().items()}
    {'A': 14.3333, 'B': 18.8333, 'C': 44.8333}
    """
    game = _check_game(game)
    return _lex(game, imputation=True, weights=per_capita_weights(game.n), rule="per_capita_nucleolus",
                note="; excesses divided by the coalition's size")


def proportional_nucleolus(game: Game) -> NucleolusResult:
    r"""The proportional nucleolus: the imputation that minimizes
    lexicographically the excesses relative to each coalition's worth,
    ``e(S, x) / v(S)``.

    A coalition's complaint is the share of its own worth that it would gain
    by leaving: ``(v(S) - x(S)) / v(S) = 1 - x(S) / v(S)``. Among the
    imputations, the proportional nucleolus makes the largest such complaint
    as small as possible, then the next largest, and so on (Young, Okada and
    Hashimoto 1982, for cost allocation in water resources). It needs worths
    that are all at least 0; a coalition worth exactly 0 has no complaint
    (its ratio is minus infinity as soon as it gets anything, and over the
    imputations of such a game it always gets at least 0). It lies in the
    core whenever the core is non-empty. A cost game is solved on its
    savings game ``v(S) = sum of c({i}) - c(S)``, so the complaints are
    relative to each coalition's savings.

    Parameters
    ----------
    game : Game
        Worths (savings, for a cost game) all at least 0.

    Returns
    -------
    NucleolusResult
        The shares (cost shares for a cost game); ``levels`` are the largest
        relative excesses settled at each stage (pure numbers).

    Raises
    ------
    InvalidGameError
        If a worth is negative, or if so few coalitions have a positive
        worth that the lexicographic minimum is not unique (say, only the
        grand coalition).
    InfeasibleError
        If the imputation set is empty.
    SolverError
        If the LP solver fails.

    See Also
    --------
    nucleolus, per_capita_nucleolus

    References
    ----------
    Young, H. P., Okada, N. and Hashimoto, T. (1982). Cost allocation in
    water resources development. Water Resources Research 18(3), 463-475.

    Examples
    --------
    The example game of CoopGame's ``proportionalNucleolus`` (R package,
    version 0.2.2):

    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 48, "A+C": 60,
    ...                        "B+C": 72, "A+B+C": 140})
    >>> {p: round(s, 4) for p, s in co.proportional_nucleolus(g).as_dict().items()}
    {'A': 28.0, 'B': 46.6667, 'C': 65.3333}

    Every pair then gives up the same share of its own worth, 5/9.
    """
    game = _check_game(game)
    _table(game)  # refuses non-finite worths
    weights = proportional_weights(game)
    return _lex(game, imputation=True, weights=weights, rule="proportional_nucleolus",
                note="; excesses divided by the coalition's worth")


def disruption_nucleolus(game: Game) -> NucleolusResult:
    r"""The disruption nucleolus: the core allocation that minimizes
    lexicographically the coalitions' propensities to disrupt.

    The *propensity to disrupt* of a coalition ``S`` at a core allocation
    ``x`` is ``d(S, x) = (x(N \ S) - v(N \ S)) / (x(S) - v(S))``: how much
    the others would lose, for each unit ``S`` loses, if ``S`` walked out
    (Gately 1974 for single partners; Littlechild and Vaidya 1976 for
    coalitions). The disruption nucleolus makes the largest propensity as
    small as possible, then the next largest, and so on (Littlechild and
    Vaidya 1976). With ``b(S) = v(N) - v(S) - v(N \ S)``, what ``S`` and its
    complement gain by staying together, ``d = (1 + r) / (-r)`` with
    ``r = e(S, x) / b(S)``, an increasing function of ``r`` on the core; so
    it is the lexicographic minimum of the weighted excesses ``e(S, x) /
    b(S)`` over the core (CoopGame's ``disruptionNucleolus`` solves the
    same). A coalition with ``b(S) = 0`` gets exactly ``v(S)`` in every core
    allocation and has no propensity. Defined only when the core is
    non-empty.

    Parameters
    ----------
    game : Game

    Returns
    -------
    NucleolusResult
        The shares (cost shares for a cost game); ``levels`` are the largest
        ratios ``e(S, x) / b(S)`` settled at each stage (at most 0; the
        largest propensity to disrupt is ``(1 + r) / (-r)`` for the first,
        ``r``).

    Raises
    ------
    EmptyCoreError
        If the core is empty.
    SolverError
        If the LP solver fails.

    See Also
    --------
    gately, nucleolus, least_core

    References
    ----------
    Littlechild, S. C. and Vaidya, K. G. (1976). The propensity to disrupt
    and the disruption nucleolus of a characteristic function game.
    International Journal of Game Theory 5(2), 151-161.
    Gately, D. (1974). Sharing the gains from regional cooperation: a game
    theoretic application to planning investment in electric power.
    International Economic Review 15(1), 195-208.

    Examples
    --------
    The example of CoopGame's documentation (R package, version 0.2.2),
    four partners:

    >>> import coalition as co
    >>> lex = [0, 0, 0, 0, 2, 3, 4, 1, 3, 2, 8, 11, 6.5, 9.5, 14]
    >>> g = co.Game(lex, order="lex")
    >>> [round(float(s), 6) for s in co.disruption_nucleolus(g).x]
    [3.193548, 4.754839, 2.129032, 3.922581]
    """
    game = _check_game(game)
    n = game.n
    table = _table(game)
    v = np.asarray(game.worths, dtype=np.float64)
    if n > 1:
        eps = float(least_core(game).epsilon)
        if eps > table.tol:
            raise EmptyCoreError(
                f"`game` has an empty core (its least-core epsilon is {eps:.6g} > 0), so no allocation has "
                "finite propensities to disrupt; the disruption nucleolus is defined only for balanced games "
                "(try nucleolus or gately)"
            )
    b = disruption_weights(v, n)
    masks = np.arange(1, (1 << n) - 1, dtype=np.int64)
    zero = masks[b[masks] <= table.tol]
    fixed = np.concatenate([[table.full], zero]).astype(np.int64)
    weights = np.where(b > table.tol, b, 0.0)
    out = _nu.lexicographic_center(v, n, imputation=False, weights=weights, fixed=fixed)
    if out.levels.size and out.levels[0] > 1e-7 * max(1.0, float(np.max(np.abs(out.levels)))) + table.tol:
        raise SolverError(
            f"disruption_nucleolus: the first level {out.levels[0]:.6g} is positive, so the split is not in "
            "the core although the core is not empty; the LPs are ill-conditioned"
        )
    x = _checked_shares(game, table, _to_game(game, out.x), "disruption_nucleolus")
    return NucleolusResult(
        game.players, x, "disruption_nucleolus", game.kind,
        levels=out.levels, n_lps=out.n_lps, n_passes=out.n_passes, n_coalitions=out.n_working,
        status="optimal",
        message=f"{out.message}; excesses divided by b(S) = v(N) - v(S) - v(N \\ S) over the core "
                f"({zero.size} coalition(s) with b(S) = 0 held at their worth)",
    )


def _anti(game: Game, *, imputation: bool) -> NucleolusResult:
    game = _check_game(game)
    n = game.n
    table = _table(game)
    v = np.asarray(game.worths, dtype=np.float64)
    d = dual_worths(v, n)
    rule = "anti_nucleolus" if imputation else "anti_prenucleolus"
    if imputation and n > 1:
        utopia = v[table.full] - v[table.full ^ (1 << np.arange(n))]
        over = float(utopia.sum() - v[table.full])
        if over > table.tol:
            raise InfeasibleError(
                f"`game` has no anti-imputation: the partners' marginal contributions to the grand coalition, "
                f"v(N) - v(N \\ {{i}}), add up to more than v(N) (by {over:.6g}), so no efficient split gives "
                "each at least that much; the anti-prenucleolus is defined (coalition.anti_prenucleolus)"
            )
    out = _nu.lexicographic_center(d, n, imputation=imputation)
    x = _checked_shares(game, table, _to_game(game, out.x), rule)
    return NucleolusResult(
        game.players, x, rule, game.kind,
        levels=-out.levels, n_lps=out.n_lps, n_passes=out.n_passes, n_coalitions=out.n_working,
        status="optimal",
        message=f"{out.message}; the {'nucleolus' if imputation else 'prenucleolus'} of the dual game",
    )


def anti_prenucleolus(game: Game) -> NucleolusResult:
    r"""The anti-prenucleolus: the efficient split that makes the smallest
    excess as large as possible, then the next smallest, and so on.

    Where the prenucleolus protects the coalitions that would gain most by
    leaving, the anti-prenucleolus restrains those that gain most by
    staying: it maximizes lexicographically the excesses ``e(S, x) = v(S) -
    x(S)`` sorted from smallest to largest. In the dual game ``v*(S) = v(N) -
    v(N \ S)`` the excess of ``S`` at an efficient ``x`` is ``-e(N \ S, x)``,
    so it is the prenucleolus of the dual game, which is how it is computed
    (Funaki and Meinhardt 2006). It differs from the prenucleolus in general
    (the prenucleolus is not self-dual), equals it on constant-sum games,
    and the anti-prenucleolus of ``v*`` is the prenucleolus of ``v``: for
    the dual of a bankruptcy game, the Talmud rule.

    Parameters
    ----------
    game : Game

    Returns
    -------
    NucleolusResult
        The shares (cost shares for a cost game); ``levels`` are the
        smallest excesses of ``v`` settled at each stage (non-decreasing).

    Raises
    ------
    SolverError
        If the LP solver fails.

    See Also
    --------
    anti_nucleolus, prenucleolus

    References
    ----------
    Funaki, Y. and Meinhardt, H. (2006). Working paper on the
    anti-prenucleolus of bankruptcy games, Example 4.1 (as cited by
    coopgame-py 0.3).
    Meinhardt, H. I. MatTuGames, a Matlab toolbox for TU games
    (``Anti_PreNucl``, ``anti_nucl``).

    Examples
    --------
    The dual of the bankruptcy game of an estate of 150 for claims of 60, 80
    and 120 (Funaki and Meinhardt's Example 4.1): the Talmud rule.

    >>> import coalition as co
    >>> v = co.families.bankruptcy(150, [60, 80, 120]).worths
    >>> dual = co.Game(v[-1] - v[::-1])
    >>> [round(float(s), 6) for s in co.anti_prenucleolus(dual).x]
    [30.0, 40.0, 80.0]
    """
    return _anti(game, imputation=False)


def anti_nucleolus(game: Game) -> NucleolusResult:
    r"""The anti-nucleolus: the anti-prenucleolus over the anti-imputations,
    the efficient splits giving each partner at least its marginal
    contribution to the grand coalition, ``x_i >= v(N) - v(N \ {i})``.

    The anti-imputations are the imputations of the dual game ``v*(S) = v(N)
    - v(N \ S)``, and the excesses of the dual game are those of ``v``
    negated and complemented, so this is the nucleolus of the dual game
    (as in coopgame-py). It maximizes lexicographically the excesses of
    ``v`` sorted from smallest to largest over that set. Defined when the
    marginal contributions add up to at most ``v(N)``: for instance on the
    dual of any game with imputations (the dual's marginal contributions are
    the standalone worths of the game) and on concave games.

    Parameters
    ----------
    game : Game

    Returns
    -------
    NucleolusResult
        The shares (cost shares for a cost game); ``levels`` are the
        smallest excesses of ``v`` settled at each stage (non-decreasing).

    Raises
    ------
    InfeasibleError
        If the marginal contributions ``v(N) - v(N \ {i})`` add up to more
        than ``v(N)`` (no anti-imputation).
    SolverError
        If the LP solver fails.

    See Also
    --------
    anti_prenucleolus, nucleolus

    References
    ----------
    Funaki, Y. and Meinhardt, H. (2006). Working paper on the
    anti-prenucleolus of bankruptcy games (as cited by coopgame-py 0.3).
    Meinhardt, H. I. MatTuGames, a Matlab toolbox for TU games
    (``anti_nucl``).

    Examples
    --------
    >>> import coalition as co
    >>> v = co.families.bankruptcy(150, [60, 80, 120]).worths
    >>> dual = co.Game(v[-1] - v[::-1])
    >>> [round(float(s), 6) for s in co.anti_nucleolus(dual).x]
    [30.0, 40.0, 80.0]
    """
    return _anti(game, imputation=True)
