"""The modiclus (Sudholter 1997) and the SM-nucleolus (Tarashnina 2011):
nucleoli that weigh what a coalition can obtain against what it can block.
"""

from __future__ import annotations

import numpy as np

from ..game import Game
from ..game._checks import _check_table_size
from ..results import NucleolusResult
from . import _engine as _nu
from ._common import _check_game, _checked_shares, _table, _to_game
from ._pairs import pair_center

__all__ = ["modiclus", "sm_nucleolus"]


def dual_worths(v: np.ndarray, n: int) -> np.ndarray:
    """The dual game ``v*(S) = v(N) - v(N \\ S)`` as a table (bitmask order)."""
    full = (1 << n) - 1
    return v[full] - v[full ^ np.arange(1 << n)]


def _result(game: Game, x_worth: np.ndarray, out: _nu.LexResult, rule: str, note: str) -> NucleolusResult:
    table = _table(game)
    x = _checked_shares(game, table, _to_game(game, x_worth), rule)
    return NucleolusResult(
        game.players, x, rule, game.kind,
        levels=out.levels, n_lps=out.n_lps, n_passes=out.n_passes, n_coalitions=out.n_working,
        status="optimal", message=f"{out.message}; {note}",
    )


def modiclus(game: Game) -> NucleolusResult:
    r"""The modiclus (modified nucleolus): the efficient split that makes the
    largest difference between two coalitions' excesses as small as
    possible, then the next largest, and so on.

    The excess ``e(S, x) = v(S) - x(S)`` measures what coalition ``S`` can
    *obtain* on its own; ``x(T) - v(T) = e*(N \ T, x)``, the excess of the
    complement in the dual game ``v*(S) = v(N) - v(N \ S)``, what it can
    *block*. The modiclus minimizes lexicographically, over the efficient
    splits, all the differences ``e(S, x) - e(T, x)`` (for all pairs of
    coalitions, the empty and the grand one included) sorted from largest to
    smallest: it balances each coalition's power to obtain against every
    other's power to prevent (Sudholter 1997). It is unique, covariant,
    self-dual (the same for ``v`` and ``v*``), treats symmetric partners
    alike, lies in the core of a convex game, and gives a homogeneous
    weighted majority game its minimal homogeneous weights, normalized
    (Sudholter 1996).

    Sudholter defines it as the prenucleolus of the *dual cover* (a game of
    ``2 n`` players and ``4**n`` coalitions) restricted to the partners; it
    is computed here from the ``2**n`` excesses alone, by the sequential LPs
    of Maschler, Peleg and Shapley over the pairs of coalitions: a pair of
    largest bi-excess joins a coalition of largest excess to one of
    smallest, so each LP's violated pairs are found among the few
    coalitions at either end of the excesses (one pass over the table per
    LP; a walk over the ordered excesses when many are tied, as in glove
    markets), and only those pairs become rows. A cost game is solved on its
    savings game (the modiclus commutes with that change).

    Parameters
    ----------
    game : Game

    Returns
    -------
    NucleolusResult
        The shares (cost shares for a cost game); ``levels`` are the largest
        excess differences settled at each stage (in worth units).

    Raises
    ------
    GameTooLargeError
        If the table and the scan's four arrays of its size exceed the
        memory cap (:func:`set_max_table_bytes`).
    SolverError
        If the LP solver fails, or its solutions are not consistent from one
        stage to the next (the message says how).

    See Also
    --------
    prenucleolus, sm_nucleolus

    References
    ----------
    Sudholter, P. (1997). The modified nucleolus: properties and
    axiomatizations. International Journal of Game Theory 26(2), 147-182.
    doi:10.1007/BF01295846
    Sudholter, P. (1996). The modified nucleolus as canonical representation
    of weighted majority games. Mathematics of Operations Research 21(3),
    734-756.
    Peleg, B. and Sudholter, P. (2007). Introduction to the Theory of
    Cooperative Games, 2nd ed., Section 5.5. Springer.

    Examples
    --------
    A glove market: A holds a left glove, B and C a right one each. The
    nucleolus gives A everything; the modiclus weighs that B and C together
    can block any deal:

    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 1, "A+C": 1,
    ...                        "B+C": 0, "A+B+C": 1})
    >>> co.modiclus(g).as_dict()
    {'A': 0.5, 'B': 0.25, 'C': 0.25}
    """
    game = _check_game(game)
    n = game.n
    _check_table_size(n, copies=5)  # the table, the scan's excesses, sums and orders
    table = _table(game)  # refuses non-finite worths
    out = pair_center(table.v, n, table=table)
    return _result(game, out.x, out, "modiclus", "lexicographic minimum of the excess differences")


def sm_nucleolus(game: Game) -> NucleolusResult:
    r"""The SM-nucleolus (simplified modified nucleolus): the efficient split
    that makes the largest sum of a coalition's excess and its dual excess
    as small as possible, then the next largest, and so on.

    For each coalition ``S`` it adds what ``S`` can obtain, the excess
    ``e(S, x) = v(S) - x(S)``, and what it can block, the excess
    ``e*(S, x) = v*(S) - x(S)`` in the dual game ``v*(S) = v(N) - v(N \ S)``,
    and minimizes these sums lexicographically over the efficient splits
    (Tarashnina 2011). Where the modiclus compares every coalition with every
    other (``4**n`` pairs), the SM-nucleolus pairs each coalition with itself
    (``2**n`` sums). Since ``e(S, x) + e*(S, x) = 2 (w(S) - x(S))`` with
    ``w = (v + v*) / 2``, it is the prenucleolus of that constant-sum game
    (Tarashnina's theorem), which is how it is computed. It is unique,
    covariant, self-dual, treats symmetric partners alike, and equals the
    prenucleolus on constant-sum games. Like the prenucleolus it may give a
    partner less than its standalone worth. Some toolboxes compute instead
    the nucleolus of ``w`` (MatTuGames' ``sm_nucl``) or minimize over the
    imputations of ``v`` (R CoopGame's ``simplifiedModiclus``); the three
    agree whenever this split respects those floors.

    Parameters
    ----------
    game : Game

    Returns
    -------
    NucleolusResult
        The shares (cost shares for a cost game); ``levels`` are the largest
        excesses of ``(v + v*) / 2`` settled at each stage, half the sums
        above.

    Raises
    ------
    SolverError
        If the LP solver fails, or its solutions are not consistent from one
        stage to the next (the message says how).

    See Also
    --------
    modiclus, prenucleolus

    References
    ----------
    Tarashnina, S. (2011). The simplified modified nucleolus of a cooperative
    TU-game. TOP 19(1), 150-166. doi:10.1007/s11750-009-0118-6

    Examples
    --------
    The glove market again: A gets two thirds, between the nucleolus (all)
    and the modiclus (a half).

    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 1, "A+C": 1,
    ...                        "B+C": 0, "A+B+C": 1})
    >>> {p: round(s, 6) for p, s in co.sm_nucleolus(g).as_dict().items()}
    {'A': 0.666667, 'B': 0.166667, 'C': 0.166667}
    """
    game = _check_game(game)
    n = game.n
    _table(game)  # refuses non-finite worths
    v = np.asarray(game.worths, dtype=np.float64)
    w = (v + dual_worths(v, n)) / 2
    out = _nu.lexicographic_center(w, n, imputation=False)
    return _result(game, out.x, out, "sm_nucleolus", "prenucleolus of (v + v*) / 2")
