"""The bargaining set (Davis and Maschler 1965) and the prebargaining set:
is there an objection that cannot be countered, and which.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.optimize import linprog

from .._kernels import excess as _kx
from .._kernels.surplus import max_surplus_table
from ..errors import GameTooLargeError, SolverError
from ..game import Game
from ..results.kernel import BargainingSetCheck, Objection
from ._common import _check_game, _check_tol, _names, _table
from .kernel import _atol

__all__ = ["in_bargaining_set", "in_prebargaining_set"]

#: Above this many partners the n (n - 1) 2**(n - 2) objection LPs are refused.
BARGAINING_SET_MAX_N = 8


def _subsets(mask: int) -> np.ndarray:
    """Every subset of `mask` (bitmasks), the empty one first."""
    out = [0]
    m = mask
    while m:
        low = m & -m
        out += [s | low for s in out]
        m ^= low
    return np.array(out, dtype=np.int64)


def _popcount(a: np.ndarray) -> np.ndarray:
    c = np.zeros(a.shape, dtype=np.int64)
    a = a.copy()
    while np.any(a):
        c += a & 1
        a >>= 1
    return c


def _best_objection(e: np.ndarray, n: int, i: int, j: int, S: int, atol: float):
    """The objection of `i` against `j` with coalition `S` of largest margin,
    as ``(margin, d)`` with ``d`` the members' gains over `x` (bit order), or
    None when no objection with this coalition can be justified; the second
    value says whether an LP was solved.

    Justified means: for every coalition ``T`` with ``j`` and without ``i``,
    ``e(T) < d(T & S)`` (Davis and Maschler 1965, with ``y = x + d``,
    ``d > 0``, ``d(S) = e(S)``). The binding ``T`` for each ``R = T & S``
    is the one of largest excess, so there is one constraint per subset
    ``R`` of ``S`` without ``i``: maximize ``t`` subject to ``d_k >= t`` and
    ``d(R) - E(R) >= t``.
    """
    full = (1 << n) - 1
    rest = S & ~(1 << i)
    others = full & ~S & ~(1 << j)  # what T may add beyond R and j
    R = _subsets(rest)
    Q = _subsets(others) | (1 << j)
    E = np.max(e[R[:, None] | Q[None, :]], axis=1)
    eS = float(e[S])
    members = [k for k in range(n) if S >> k & 1]
    m = len(members)
    size = _popcount(R)
    upper = min(eS / m, float(np.min((eS - E) / (1 + m - size))))
    if upper <= atol:
        return None, False
    col = {k: c for c, k in enumerate(members)}
    A = np.zeros((m + R.size, m + 1))
    rhs = np.zeros(m + R.size)
    A[:m, m] = 1.0
    A[np.arange(m), np.arange(m)] = -1.0
    for r, (mask, worst) in enumerate(zip(R.tolist(), E.tolist())):
        A[m + r, m] = 1.0
        for k in members:
            if mask >> k & 1:
                A[m + r, col[k]] = -1.0
        rhs[m + r] = -worst
    eq = np.r_[np.ones(m), 0.0][None, :]
    cost = np.zeros(m + 1)
    cost[m] = -1.0
    res = linprog(cost, A_ub=A, b_ub=rhs, A_eq=eq, b_eq=[eS], bounds=[(None, None)] * (m + 1), method="highs")
    if res.status != 0:
        raise SolverError(f"bargaining set: the objection LP failed (HiGHS status {res.status}: {res.message})")
    d = np.asarray(res.x[:m])
    # the margin this d actually achieves, from the constraints themselves
    gains = np.array([sum(d[col[k]] for k in members if mask >> k & 1) for mask in R.tolist()])
    margin = min(float(d.min()), float(np.min(gains - E)))
    if margin <= atol:
        return None, True
    return (margin, dict(zip(members, d.tolist()))), True


def _check(game: Game, x: Any, tol: float, imputation: bool) -> BargainingSetCheck:
    game = _check_game(game)
    rel = _check_tol(tol)
    rule = "bargaining set" if imputation else "prebargaining set"
    n = game.n
    if n > BARGAINING_SET_MAX_N:
        raise GameTooLargeError(
            f"`game` has {n} players; the {rule} test solves up to n (n - 1) 2**(n - 2) = "
            f"{n * (n - 1) * 2 ** (n - 2):,} linear programs, which this library does for at most "
            f"{BARGAINING_SET_MAX_N} players"
        )
    given = game._check_allocation(x)
    xw = game._to_worth_units(given)
    table = _table(game)
    atol = _atol(table, rel)

    def out(valid, message, objection=None, n_lps=0):
        return BargainingSetCheck(bool(valid), rule, message, objection, n_lps, atol, game.players, given, game.kind)

    if abs(float(xw.sum() - table.v[-1])) > atol:
        return out(False, f"not efficient: the shares add up to {float(given.sum()):.10g}, the grand "
                          f"coalition's {'cost' if game.kind == 'cost' else 'worth'} is {game.grand_value:.10g}")
    if imputation:
        below = np.flatnonzero(xw < table.b - atol)
        if below.size:
            return out(False, f"not an imputation: {game.players[below[0]]} gets less than on its own "
                              f"(by {float(table.b[below[0]] - xw[below[0]]):.6g})")
    if n < 2:
        return out(True, "one partner: nobody to object against")
    e = _kx.excess_table(table.v, xw)
    s, _ = max_surplus_table(table.v, xw)
    np.fill_diagonal(s, 0.0)
    gap = s - s.T
    pairs = sorted(((i, j) for i in range(n) for j in range(n) if i != j), key=lambda p: -gap[p])
    masks = np.arange(1 << n)
    n_lps = 0
    for i, j in pairs:
        # i can object only with a coalition of positive excess beyond j's best
        # surplus without i (else j counters with that coalition)
        if gap[i, j] <= atol:
            continue
        own = masks[((masks >> i) & 1 == 1) & ((masks >> j) & 1 == 0)]
        own = own[e[own] > max(s[j, i], 0.0) + atol]
        for S in own[np.argsort(-e[own], kind="stable")].tolist():
            found, solved = _best_objection(e, n, i, j, int(S), atol)
            n_lps += solved
            if found is None:
                continue
            margin, gains = found
            members = [k for k in range(n) if S >> k & 1]
            y = xw.copy()
            for k, g in gains.items():
                y[k] += g
            pay = game._from_worth_units(y)[members]
            obj = Objection(game.players[i], game.players[j], _names(game, int(S)),
                            tuple(float(p) for p in pay), float(margin))
            return out(False, f"{obj.objector} has a justified objection against {obj.target}: with "
                              f"{'+'.join(obj.coalition)} every member gains at least {margin:.6g}, and no "
                              f"coalition of {obj.target} without {obj.objector} can match it", obj, n_lps)
    return out(True, f"no partner has a justified objection against another ({n_lps} LPs solved)", None, n_lps)


def in_bargaining_set(game: Game, x: Any, *, tol: float = 1e-6) -> BargainingSetCheck:
    r"""Is an imputation in the bargaining set: can every objection of one
    partner against another be countered?

    An *objection* of ``i`` against ``j`` at the imputation ``x`` is a
    coalition ``S`` with ``i`` and without ``j`` and a split ``y`` of
    ``v(S)`` giving each member more than ``x`` does. A *counter-objection*
    of ``j`` is a coalition ``T`` with ``j`` and without ``i`` and a split
    ``z`` of ``v(T)`` giving each member of ``T`` at least ``x``, and those
    also in ``S`` at least ``y``. ``x`` is in the bargaining set ``M_1^(i)``
    of the grand coalition when every objection has a counter-objection
    (Davis and Maschler 1965). The core and the kernel lie in it; for a
    convex game it is the core (Maschler, Peleg and Shapley 1972).

    For each ordered pair and each coalition ``S`` the most demanding
    objection is one linear program over the subsets of ``S`` (for each,
    the counter-coalition of largest excess is the one to beat), solved with
    HiGHS; coalitions that cannot carry a justified objection (excess not
    above ``j``'s best surplus without ``i``, or a bound on the margin
    below `tol`) are skipped without an LP.

    Parameters
    ----------
    game : Game
        At most 8 players.
    x : array_like or dict
        The split (cost shares for a cost game).
    tol : float, default 1e-6
        An objection counts when every member gains, and every
        counter-coalition falls short, by more than this (relative to the
        scale of the game).

    Returns
    -------
    BargainingSetCheck
        True in a boolean context when ``x`` is in the set; otherwise the
        ``objection`` found (objector, target, coalition, payoff, margin),
        or a message saying ``x`` is not an imputation.

    Raises
    ------
    GameTooLargeError
        If the game has more than 8 players.
    InvalidAllocationError
        If `x` has the wrong length or a non-finite share.
    SolverError
        If an LP fails.

    See Also
    --------
    in_prebargaining_set, in_kernel, in_core

    References
    ----------
    Davis, M. and Maschler, M. (1965). The kernel of a cooperative game.
    Naval Research Logistics Quarterly 12(3), 223-259.
    Maschler, M., Peleg, B. and Shapley, L. S. (1972). The kernel and
    bargaining set for convex games. International Journal of Game Theory
    1(1), 73-93.

    Examples
    --------
    The Talmud's estate of 200 on claims 100, 200 and 300 (a convex game, so
    the bargaining set is the core). Giving the first claimant 150 leaves the
    other two 50 where they could make 100 together:

    >>> import coalition as co
    >>> g = co.families.bankruptcy(200, [100, 200, 300])
    >>> bool(co.in_bargaining_set(g, [50, 75, 75]))
    True
    >>> check = co.in_bargaining_set(g, [150, 25, 25])
    >>> check.objection.coalition, round(sum(check.objection.payoff), 9)
    (('P2', 'P3'), 100.0)
    """
    return _check(game, x, tol, imputation=True)


def in_prebargaining_set(game: Game, x: Any, *, tol: float = 1e-6) -> BargainingSetCheck:
    r"""Is an efficient split in the prebargaining set: can every objection
    be countered, with no floor at the standalone worths?

    The definition of :func:`in_bargaining_set` for any efficient ``x``, not
    only imputations (Peleg and Sudholter 2007, Chapter 4): a partner paid
    less than its standalone worth objects alone, and the prekernel (the
    prenucleolus among it) lies in the set.

    Parameters
    ----------
    game : Game
        At most 8 players.
    x : array_like or dict
    tol : float, default 1e-6

    Returns
    -------
    BargainingSetCheck

    Raises
    ------
    GameTooLargeError
        If the game has more than 8 players.
    InvalidAllocationError
        If `x` has the wrong length or a non-finite share.
    SolverError
        If an LP fails.

    References
    ----------
    Peleg, B. and Sudholter, P. (2007). Introduction to the Theory of
    Cooperative Games, 2nd ed., Chapter 4. Springer.
    Davis, M. and Maschler, M. (1965). The kernel of a cooperative game.
    Naval Research Logistics Quarterly 12(3), 223-259.

    Examples
    --------
    Peleg and Sudholter's Example 5.5.12 (A and B make 10 together, all
    three only 2): the prenucleolus takes 4 from C and is in the set; giving
    C all of v(N) is not, as A and B object together.

    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 10, "A+C": 0,
    ...                        "B+C": 0, "A+B+C": 2})
    >>> bool(co.in_prebargaining_set(g, [3, 3, -4])), bool(co.in_prebargaining_set(g, [0, 0, 2]))
    (True, False)
    """
    return _check(game, x, tol, imputation=False)
