"""The nucleolus (Schmeidler 1969) and prenucleolus, and Kohlberg's (1971) criterion.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import (
    InfeasibleError,
    InvalidAllocationError,
    InvalidParameterError,
)
from ..game import Game
from ..results import (
    KohlbergCheck,
    NucleolusResult,
)
from . import _engine as _nu
from . import _kohlberg
from ._common import (
    _abs_tol,
    _check_game,
    _check_tol,
    _checked_shares,
    _names,
    _table,
    _to_game,
)

__all__ = ['nucleolus', 'prenucleolus', 'verify_nucleolus']


# the nucleolus
def _lex(game: Game, *, imputation: bool) -> NucleolusResult:
    game = _check_game(game)
    n = game.n
    worths = game.worths
    rule = "nucleolus" if imputation else "prenucleolus"
    table = _table(game)
    if imputation and n > 1:
        shortfall = float(table.b.sum() - worths[-1])
        if shortfall > table.tol:
            what = ("the standalone costs add up to less than the grand coalition's cost"
                    if game.kind == "cost" else
                    "the standalone worths add up to more than the grand coalition's worth")
            raise InfeasibleError(
                f"`game` has no imputation ({what}, by {shortfall:.6g}), so the nucleolus is not "
                "defined; the prenucleolus is (coalition.prenucleolus)"
            )
    out = _nu.lexicographic_center(worths, n, imputation=imputation)
    x = _checked_shares(game, table, _to_game(game, out.x), rule)
    return NucleolusResult(
        game.players, x, rule, game.kind,
        levels=out.levels, n_lps=out.n_lps, n_passes=out.n_passes, n_coalitions=out.n_working,
        status="optimal", message=out.message,
    )


def nucleolus(game: Game) -> NucleolusResult:
    r"""The nucleolus: the imputation that makes the unhappiest coalitions as
    happy as possible, then the next unhappiest, and so on.

    Among the imputations (efficient splits giving every partner at least its
    standalone worth) it minimizes, lexicographically, the excesses of all
    coalitions sorted from largest to smallest (Schmeidler 1969). It is
    unique, lies in the core whenever the core is non-empty, and treats
    symmetric partners alike. For a bankruptcy game it is the Talmud rule.

    Computed by the sequential LPs of Maschler, Peleg and Shapley (1979):
    each stage minimizes the largest excess of the coalitions not yet
    settled, then settles only the coalitions that are tight in *every*
    optimal solution, read from the dual solution (a positive dual value
    forces its coalition to be tight in all optima). Settling the coalitions
    that merely happen to be tight in the solver's answer is a known source of
    wrong nucleoli (Guajardo and Jornsten 2015). Coalitions whose excess the
    settled ones already fix are dropped, so at most ``n - 1`` stages are
    needed. Above 8 players each stage is solved by constraint generation
    (a scan of the whole table by a numba kernel adds the coalitions of
    largest excess to a small LP until none exceeds its optimum).

    Parameters
    ----------
    game : Game

    Returns
    -------
    NucleolusResult
        The shares (cost shares for a cost game), with the excess ``levels``
        settled at each stage and solver statistics.

    Raises
    ------
    InfeasibleError
        If the imputation set is empty (standalone worths add up to more than
        ``v(N)``); the prenucleolus is then still defined.
    SolverError
        If the LP solver fails (its status and message are in the error).

    See Also
    --------
    prenucleolus, verify_nucleolus

    References
    ----------
    Schmeidler, D. (1969). The nucleolus of a characteristic function game.
    SIAM Journal on Applied Mathematics 17(6), 1163-1170.
    Maschler, M., Peleg, B. and Shapley, L. S. (1979). Geometric properties of
    the kernel, nucleolus, and related solution concepts. Mathematics of
    Operations Research 4(4), 303-338.
    Guajardo, M. and Jornsten, K. (2015). Common mistakes in computing the
    nucleolus. European Journal of Operational Research 241(3), 931-935.
    Aumann, R. J. and Maschler, M. (1985). Game theoretic analysis of a
    bankruptcy problem from the Talmud. Journal of Economic Theory 36(2),
    195-213.

    Examples
    --------
    The Talmud's estate of 200 for claims of 100, 200 and 300:

    >>> import coalition as co
    >>> co.nucleolus(co.families.bankruptcy(200, [100, 200, 300])).as_dict()
    {'P1': 50.0, 'P2': 75.0, 'P3': 75.0}

    A cost game speaks in costs: three towns sharing a water pipe.

    >>> g = co.Game.from_dict({"A": 6, "B": 7, "C": 8, "A+B": 10, "A+C": 11,
    ...                        "B+C": 12, "A+B+C": 15}, kind="cost")
    >>> co.nucleolus(g).as_dict()
    {'A': 4.0, 'B': 5.0, 'C': 6.0}
    """
    return _lex(game, imputation=True)


def prenucleolus(game: Game) -> NucleolusResult:
    r"""The prenucleolus: the nucleolus over all efficient splits, without
    the floor of each partner's standalone worth.

    It equals the nucleolus whenever the latter lies inside the imputation
    set with room to spare, for example on zero-monotonic games, and it is
    defined even when the imputation set is empty. It always lies in the
    least core. Computed like :func:`nucleolus` (sequential LPs settling only
    the coalitions tight in every optimum).

    Parameters
    ----------
    game : Game

    Returns
    -------
    NucleolusResult

    Raises
    ------
    SolverError
        If the LP solver fails.

    References
    ----------
    Sobolev, A. I. (1975). The characterization of optimality principles in
    cooperative games by functional equations. Mathematical Methods in the
    Social Sciences 6, 94-151.
    Peleg, B. and Sudholter, P. (2007). Introduction to the Theory of
    Cooperative Games, 2nd ed., Chapter 5. Springer.

    Examples
    --------
    Peleg and Sudholter's Example 5.5.12: A and B make 10 together, all three
    only 2. The prenucleolus takes 4 from C; the nucleolus cannot.

    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 10, "A+C": 0,
    ...                        "B+C": 0, "A+B+C": 2})
    >>> co.prenucleolus(g).as_dict(), co.nucleolus(g).as_dict()
    ({'A': 3.0, 'B': 3.0, 'C': -4.0}, {'A': 1.0, 'B': 1.0, 'C': 0.0})
    """
    return _lex(game, imputation=False)


def verify_nucleolus(game: Game, x: Any, *, prenucleolus: bool = False, tol: float = 1e-6) -> KohlbergCheck:
    r"""Check a candidate (pre)nucleolus by Kohlberg's criterion.

    An efficient ``x`` is the prenucleolus exactly when, for every excess
    level ``a``, the coalitions with excess at least ``a`` form a *balanced*
    collection (weights :math:`w_S > 0` adding up to 1 for every player).
    An imputation ``x`` is the nucleolus exactly when the same holds with the
    singletons ``{i}`` that get only their standalone worth added with
    weights :math:`\ge 0` (Kohlberg 1971). Once the collection spans all
    directions the lower levels hold automatically, so at most ``n`` small
    LPs are solved. Works on any candidate, e.g. the answer of another tool.

    Parameters
    ----------
    game : Game
    x : array_like or dict
        The candidate (cost shares for a cost game).
    prenucleolus : bool, default False
        Check for the prenucleolus instead of the nucleolus.
    tol : float, default 1e-6
        Excesses within this (relative to the scale of the game) count as
        equal. Use a looser value for candidates given with few digits.

    Returns
    -------
    KohlbergCheck
        Truthy when the candidate passes; ``message`` says why not.

    Raises
    ------
    InvalidAllocationError
        If `x` has the wrong length, a non-finite share, or is not efficient
        (its total differs from ``v(N)`` by more than the tolerance).
    InvalidParameterError
        If `tol` or `prenucleolus` is invalid.

    References
    ----------
    Kohlberg, E. (1971). On the nucleolus of a characteristic function game.
    SIAM Journal on Applied Mathematics 20(1), 62-66.
    Benedek, M., Fliege, J. and Nguyen, T.-D. (2021). Finding and verifying
    the nucleolus of cooperative games. Mathematical Programming 190, 135-170.

    Examples
    --------
    A published answer and the correct one (Benedek, Fliege and Nguyen's
    repository README gives (2.75, 3.75, 5.5) for this game):

    >>> import coalition as co
    >>> g = co.Game([0, 1, 3, 6, 5, 7, 8, 12])
    >>> bool(co.verify_nucleolus(g, [2.75, 3.75, 5.5])), bool(co.verify_nucleolus(g, [2.5, 4, 5.5]))
    (False, True)
    """
    game = _check_game(game)
    rel = _check_tol(tol)
    if not isinstance(prenucleolus, bool):
        raise InvalidParameterError(f"`prenucleolus` must be True or False, got {prenucleolus!r}")
    given = game._check_allocation(x)
    xw = game._to_worth_units(given)
    table = _table(game)
    atol = _abs_tol(table, rel)
    rule = "prenucleolus" if prenucleolus else "nucleolus"
    total = float(xw.sum())
    if abs(total - float(game.worths[-1])) > atol:
        raise InvalidAllocationError(
            f"`x` is not efficient: its shares add up to {float(given.sum()):.10g} but the grand coalition "
            f"{'costs' if game.kind == 'cost' else 'is worth'} {game.grand_value:.10g}; "
            f"the {rule} is efficient"
        )
    if not prenucleolus:
        short = xw - table.b
        bad = np.flatnonzero(short < -atol)
        if bad.size:
            i = int(bad[0])
            return KohlbergCheck(
                False, rule,
                f"not an imputation: {game.players[i]} gets {-short[i]:.6g} less than on its own",
                np.zeros(0), (), atol, game.players, given, game.kind,
            )
    out = _kohlberg.kohlberg(game.worths, game.n, xw, imputation=not prenucleolus, tol=atol)
    failed = () if out.failed is None else tuple(_names(game, int(m)) for m in out.failed)
    return KohlbergCheck(out.valid, rule, out.message, np.array(out.levels), failed, atol,
                         game.players, given, game.kind)
