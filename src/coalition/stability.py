r"""Stability of a split: the core, blocking coalitions, floors and ceilings,
the least core, and the nucleolus.

A split ``x`` of the grand coalition's worth lasts only if no group of
partners would do better on its own: the *excess* ``e(S, x) = v(S) - x(S)``
of a coalition ``S`` is what it would gain by leaving, and ``x`` is in the
*core* when it is efficient (``x(N) = v(N)``) and no coalition has a positive
excess. This module answers, for a :class:`~coalition.Game`:

* :func:`excess`, :func:`core_report`, :func:`in_core`: is this term sheet
  stable, and if not, who would walk and why;
* :func:`is_balanced`: is any split stable (Bondareva-Shapley), with a
  certificate either way;
* :func:`core_bounds`: each partner's floor and ceiling over the core;
* :func:`least_core`, :func:`nucleolus`, :func:`prenucleolus`: the splits that
  make the unhappiest coalitions as happy as possible;
* :func:`verify_nucleolus`: Kohlberg's criterion, usable on any candidate;
* :func:`nearest_core`: the smallest change that makes a proposal stable;
* :func:`core_vertices`: the corners of the core of a small game.

Cost games
----------
For a cost game (``game.kind == "cost"``) everything is computed on the
savings game ``v(S) = sum of c({i}) over S - c(S)``, and allocations go in and
come out as cost shares ``y``. Excesses are the same numbers in both
languages: ``v(S) - x(S) = y(S) - c(S)``, the amount by which coalition ``S``
would pay less on its own. "Blocking" means exactly that.

Tolerances
----------
Every tolerance argument is relative to the scale of the game: the largest
``|v(S) - sum of v({i}) over S|`` (the worths with each partner's standalone
worth taken out, which is what the stability questions depend on). An
absolute tolerance is that times the scale; where the excesses of a given
allocation are computed (:func:`core_report`, :func:`in_core`,
:func:`verify_nucleolus`) a few units of rounding of the largest worth are
added, since no float can resolve finer. A game whose synergies are below
that resolution (say, worths of 1e9 and synergies of 1e-7) cannot be told
apart from an additive one.

Linear programs are solved with HiGHS (dual simplex): through ``highspy``
when it is installed (``pip install 'coalition[lp]'``), which lets each LP be
re-solved from its last basis, otherwise through
:func:`scipy.optimize.linprog` (the same answers, more slowly beyond a dozen
partners). Beyond 8 partners no LP lists the ``2**n`` coalitions: each is
solved by constraint generation, on a working set of coalitions to which a
scan of the whole table by a numba kernel adds those of largest excess until
none violates the LP, so that the answer is that of the LP over all ``2**n``
coalitions. With highspy, the floors and ceilings of a 20-partner game take
seconds and its nucleolus under a second.

Every split returned is checked to be finite and to add up to ``v(N)``; a
game whose worths are not finite (a family whose worths overflowed) is
refused with :class:`~coalition.InvalidGameError`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.spatial import HalfspaceIntersection
from scipy.spatial import QhullError

from . import _nucleolus as _nu
from ._kernels import excess as _kx
from .errors import (
    EmptyCoreError,
    InfeasibleError,
    InvalidAllocationError,
    InvalidGameError,
    InvalidParameterError,
    SolverError,
)
from .game import Game
from .results import (
    Allocation,
    Balancedness,
    BlockingCoalition,
    CoreBounds,
    CoreReport,
    KohlbergCheck,
    LeastCore,
    NearestCore,
    NucleolusResult,
)

__all__ = [
    "excess",
    "core_report",
    "in_core",
    "is_balanced",
    "core_bounds",
    "least_core",
    "nucleolus",
    "prenucleolus",
    "verify_nucleolus",
    "nearest_core",
    "core_vertices",
]

_CORE_VERTICES_MAX_N = 6
_NORMS = ("max", "total")


# ---------------------------------------------------------------------------
# validation helpers
# ---------------------------------------------------------------------------
def _check_game(game: Any) -> Game:
    if not isinstance(game, Game):
        raise InvalidGameError(f"`game` must be a coalition.Game, got {type(game).__name__}")
    return game


def _worth_allocation(game: Game, x: Any, arg: str = "x") -> np.ndarray:
    """Validated allocation in the game's units, converted to worth units."""
    return game._to_worth_units(game._check_allocation(x, arg))


def _check_tol(tol: Any, arg: str = "tol") -> float:
    if isinstance(tol, bool):
        raise InvalidParameterError(f"`{arg}` must be a number, got {tol!r}")
    try:
        t = float(tol)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"`{arg}` must be a number, got {tol!r}") from None
    if not (np.isfinite(t) and 0 <= t < 1):
        raise InvalidParameterError(f"`{arg}` must be at least 0 and below 1 (relative to the game's scale), got {tol!r}")
    return t


def _table(game: Game) -> _nu.Table:
    worths = game.worths
    bad = np.flatnonzero(~np.isfinite(worths))
    if bad.size:
        m = int(bad[0])
        raise InvalidGameError(
            f"`game` has {bad.size} non-finite worth(s), e.g. {worths[m]} for {'+'.join(_names(game, m))}: "
            "its worths overflow float64; rescale them (e.g. to millions) and build the game again"
        )
    return _nu.Table(worths, game.n)


def _checked_shares(game: Game, table: _nu.Table, x: np.ndarray, what: str) -> np.ndarray:
    """`x` (game units) if it is finite and adds up to the grand coalition's
    worth (or cost); otherwise SolverError, never a wrong split."""
    x = np.asarray(x, dtype=np.float64)
    total = float(np.sum(x))
    raw = max(float(np.max(np.abs(table.v))), float(np.max(np.abs(x))) if x.size else 0.0)
    atol = 1e-8 * table.scale + 64 * game.n * np.finfo(float).eps * raw
    if not (np.all(np.isfinite(x)) and np.isfinite(total) and abs(total - game.grand_value) <= atol):
        raise SolverError(
            f"{what}: the LP solution is not a split of the grand coalition's "
            f"{'cost' if game.kind == 'cost' else 'worth'} {game.grand_value:.10g} "
            f"(its shares add up to {total:.10g}); the game is too badly scaled for float64"
        )
    return x


def _abs_tol(table: _nu.Table, tol: float) -> float:
    """Absolute tolerance on an excess computed in raw units: `tol` times
    the scale, plus the rounding of the worths' magnitude."""
    raw = float(np.max(np.abs(table.v)))
    return tol * table.scale + 8 * np.finfo(float).eps * raw


def _lp_tol(table: _nu.Table, tol: float) -> float:
    """Absolute tolerance on an LP value: the LPs work on the
    zero-normalized game, so only the scale counts."""
    return tol * table.scale


def _names(game: Game, mask: int) -> tuple[str, ...]:
    return tuple(p for i, p in enumerate(game.players) if mask >> i & 1)


def _to_game(game: Game, x_worth: np.ndarray) -> np.ndarray:
    return game._from_worth_units(np.asarray(x_worth, dtype=np.float64)) + 0.0  # no -0.0


# ---------------------------------------------------------------------------
# excess and core membership
# ---------------------------------------------------------------------------
def excess(game: Game, x: Any) -> np.ndarray:
    r"""The excess ``v(S) - x(S)`` of every coalition: what it would gain by
    leaving.

    Parameters
    ----------
    game : Game
    x : array_like or dict
        One share per player (cost shares for a cost game).

    Returns
    -------
    numpy.ndarray
        ``2**n`` excesses in bitmask order (entry ``k`` is the coalition whose
        bitmask is ``k``; entry 0 is the empty coalition, with excess 0). For a
        cost game, ``y(S) - c(S)``: how much less ``S`` would pay alone.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    InvalidAllocationError
        If `x` has the wrong length or a non-finite share.

    References
    ----------
    Schmeidler, D. (1969). The nucleolus of a characteristic function game.
    SIAM Journal on Applied Mathematics 17(6), 1163-1170.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 1, 2, 6], players=["A", "B"])
    >>> co.excess(g, [3, 3])
    array([ 0., -2., -1.,  0.])
    """
    game = _check_game(game)
    xw = _worth_allocation(game, x)
    return _kx.excess_table(game.worths, xw)


def core_report(game: Game, x: Any, *, tol: float = 1e-9, max_blocking: int = 20) -> CoreReport:
    """Is a split in the core, and if not, which coalitions would walk away.

    Parameters
    ----------
    game : Game
    x : array_like or dict
        One share per player (cost shares for a cost game).
    tol : float, default 1e-9
        Tolerance relative to the scale of the game (see the module notes): a
        coalition blocks when its excess exceeds it, and ``x`` is efficient
        when its total is within it of ``v(N)``.
    max_blocking : int, default 20
        How many blocking coalitions to list (the worst); `n_blocking` counts
        them all.

    Returns
    -------
    CoreReport
        ``in_core``, ``efficient``, ``max_excess`` and ``blocking``: the
        coalitions with positive excess, worst first, with what each would
        gain by leaving (for a cost game: how much less it would pay alone).

    Raises
    ------
    InvalidAllocationError
        If `x` has the wrong length or a non-finite share.
    InvalidParameterError
        If `tol` or `max_blocking` is out of range.

    References
    ----------
    Gillies, D. B. (1959). Solutions to general non-zero-sum games. In
    Contributions to the Theory of Games IV, 47-85. Princeton University Press.

    Examples
    --------
    Three partners; any two of them can make 6, all three 9. An even split is
    stable; giving A five is not: B and C would leave and make 6 instead of 4.

    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 6, "A+C": 6,
    ...                        "B+C": 6, "A+B+C": 9})
    >>> co.core_report(g, [3, 3, 3]).in_core
    True
    >>> co.core_report(g, [5, 2, 2])
    CoreReport(NOT in the core; max excess 2)
      B+C would gain 2 by leaving
    """
    game = _check_game(game)
    rel = _check_tol(tol)
    if isinstance(max_blocking, bool) or not isinstance(max_blocking, (int, np.integer)) or max_blocking < 0:
        raise InvalidParameterError(f"`max_blocking` must be a non-negative integer, got {max_blocking!r}")
    given = game._check_allocation(x)
    xw = game._to_worth_units(given)
    table = _table(game)
    atol = _abs_tol(table, rel)
    e = _kx.excess_table(game.worths, xw)
    proper = e[1:-1]
    max_ex = float(proper.max()) if proper.size else float("-inf")
    idx = np.flatnonzero(proper > atol) + 1
    order = idx[np.argsort(-e[idx], kind="stable")]
    blocking = tuple(BlockingCoalition(_names(game, int(m)), float(e[m])) for m in order[:max_blocking])
    total = float(given.sum())
    efficient = abs(float(xw.sum()) - float(game.worths[-1])) <= atol
    return CoreReport(
        players=game.players, x=given, kind=game.kind,
        in_core=bool(efficient and idx.size == 0), efficient=bool(efficient),
        total=total, grand_value=game.grand_value, max_excess=max_ex,
        blocking=blocking, n_blocking=int(idx.size), tol=atol,
    )


def in_core(game: Game, x: Any, *, tol: float = 1e-9) -> bool:
    """Whether a split is in the core (efficient, and no coalition would
    gain by leaving).

    Parameters
    ----------
    game : Game
    x : array_like or dict
        One share per player (cost shares for a cost game).
    tol : float, default 1e-9
        Tolerance relative to the scale of the game.

    Returns
    -------
    bool

    Raises
    ------
    InvalidAllocationError
        If `x` has the wrong length or a non-finite share.

    References
    ----------
    Gillies, D. B. (1959). Solutions to general non-zero-sum games. In
    Contributions to the Theory of Games IV, 47-85. Princeton University Press.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 1, 2, 6], players=["A", "B"])
    >>> co.in_core(g, [3, 3]), co.in_core(g, [0.5, 5.5]), co.in_core(g, [3, 2])
    (True, False, False)
    """
    game = _check_game(game)
    rel = _check_tol(tol)
    xw = _worth_allocation(game, x)
    table = _table(game)
    atol = _abs_tol(table, rel)
    if abs(float(xw.sum()) - float(game.worths[-1])) > atol:
        return False
    if game.n == 1:
        return True
    e = _kx.excess_table(game.worths, xw)
    return bool(e[1:-1].max() <= atol)


# ---------------------------------------------------------------------------
# least core and balancedness
# ---------------------------------------------------------------------------
def _least_core_lp(game: Game, table: _nu.Table, *, nonnegative: bool = False) -> tuple[np.ndarray, float, Any]:
    """(x in scaled units, epsilon in scaled units, the solved CoalitionLP,
    whose last solution is ``lp.last``)."""
    n = game.n
    c = np.zeros(n + 1)
    c[n] = 1.0
    bounds = [(None, None)] * n + [((0.0 if nonnegative else None), None)]
    lp = _nu.CoalitionLP(table, g=np.ones(1), bounds=bounds)
    sol = lp.minimize(c, "least core")
    lp.last = sol
    return sol.x[:n], float(sol.x[n]), lp


def least_core(game: Game, *, nonnegative: bool = False) -> LeastCore:
    r"""The least core: an efficient split that minimizes the largest excess.

    Solves :math:`\min \varepsilon` subject to
    :math:`x(S) \ge v(S) - \varepsilon` for every proper coalition ``S``
    (singletons included) and :math:`x(N) = v(N)`.

    **Sign convention.** ``epsilon`` is the largest excess the best split
    leaves: the core is non-empty exactly when ``epsilon <= 0``, and then
    ``-epsilon`` is how far every coalition can be kept from walking. In a
    cost game it reads: no coalition pays more than ``c(S) + epsilon``. Some
    authors instead bound epsilon below by 0, so that the least core of a game
    with a non-empty core is the core itself: ask for that with
    ``nonnegative=True``.

    Parameters
    ----------
    game : Game
    nonnegative : bool, default False
        Bound epsilon below by 0.

    Returns
    -------
    LeastCore
        ``epsilon`` and one allocation of the least core (a vertex found by
        the LP solver; :func:`prenucleolus` is the canonical point of it).
        A one-player game has no proper coalition; its epsilon is reported
        as 0.

    Raises
    ------
    InvalidParameterError
        If `nonnegative` is not a bool.
    SolverError
        If the LP solver fails (its status and message are in the error).

    References
    ----------
    Maschler, M., Peleg, B. and Shapley, L. S. (1979). Geometric properties of
    the kernel, nucleolus, and related solution concepts. Mathematics of
    Operations Research 4(4), 303-338.

    Examples
    --------
    The three-player majority game has an empty core: the best split leaves
    every pair 1/3 short.

    >>> import coalition as co
    >>> g = co.Game.from_function(lambda s: float(len(s) >= 2), ["A", "B", "C"])
    >>> lc = co.least_core(g)
    >>> round(lc.epsilon, 4), lc.as_dict()
    (0.3333, {'A': 0.3333, 'B': 0.3333, 'C': 0.3333})

    A game with a non-empty core:

    >>> g = co.Game([0, 1, 2, 6], players=["A", "B"])
    >>> co.least_core(g).epsilon, co.least_core(g, nonnegative=True).epsilon
    (-1.5, 0.0)
    """
    game = _check_game(game)
    if not isinstance(nonnegative, (bool, np.bool_)):
        raise InvalidParameterError(f"`nonnegative` must be True or False, got {nonnegative!r}")
    nonnegative = bool(nonnegative)
    if game.n == 1:
        return LeastCore(game.players, [game.grand_value], "least core", game.kind, epsilon=0.0,
                         nonnegative=nonnegative, status="optimal", message="one player: no proper coalition")
    table = _table(game)
    xu, eps, lp = _least_core_lp(game, table, nonnegative=nonnegative)
    x = _checked_shares(game, table, _to_game(game, table.to_raw(xu)), "least core")
    eps_raw = eps * table.unit()
    if nonnegative:
        eps_raw = max(eps_raw, 0.0)
    return LeastCore(game.players, x, "least core", game.kind, epsilon=eps_raw, nonnegative=nonnegative,
                     status="optimal", message=f"{lp.last.message}; {lp.n_lps} LP(s), {lp.n_passes} table scan(s)")


def is_balanced(game: Game, *, tol: float = 1e-9) -> Balancedness:
    r"""Whether the core is non-empty (the game is *balanced*), with a
    certificate either way.

    By the Bondareva-Shapley theorem the core is empty exactly when some
    *balanced collection* of coalitions, with weights :math:`w_S > 0` that
    add up to 1 for every player, has :math:`\sum_S w_S v(S) > v(N)`: the
    coalitions, each active a fraction :math:`w_S` of the time, would
    together do better than the grand coalition. The least-core LP decides
    it; its dual solution is such a collection when the core is empty.

    Parameters
    ----------
    game : Game
    tol : float, default 1e-9
        The core counts as non-empty when the least-core epsilon is at most
        this (relative to the scale of the game).

    Returns
    -------
    Balancedness
        ``balanced``; a ``core_point`` when balanced; otherwise the balanced
        ``collection``, its ``weights`` and the ``gap`` by which it beats the
        grand coalition.

    Raises
    ------
    InvalidParameterError
        If `tol` is out of range.
    SolverError
        If the LP solver fails, or its dual solution is not a valid
        certificate.

    References
    ----------
    Bondareva, O. N. (1963). Some applications of linear programming methods
    to the theory of cooperative games. Problemy Kibernetiki 10, 119-139.
    Shapley, L. S. (1967). On balanced sets and cores. Naval Research
    Logistics Quarterly 14(4), 453-460.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_function(lambda s: float(len(s) >= 2), ["A", "B", "C"])
    >>> cert = co.is_balanced(g)
    >>> cert.balanced, cert.collection, cert.weights, cert.gap
    (False, (('A', 'B'), ('A', 'C'), ('B', 'C')), array([0.5, 0.5, 0.5]), 0.5)
    >>> co.is_balanced(co.Game([0, 1, 2, 6])).core_point.as_dict()
    {'P1': 2.5, 'P2': 3.5}
    """
    game = _check_game(game)
    rel = _check_tol(tol)
    n = game.n
    if n == 1:
        point = Allocation(game.players, [game.grand_value], "core point", game.kind)
        return Balancedness(game.players, game.kind, True, 0.0, point, (), np.zeros(0), 0.0,
                            status="optimal", message="one player: the core is {v(N)}")
    table = _table(game)
    xu, eps, lp = _least_core_lp(game, table)
    atol = _lp_tol(table, rel)
    eps_raw = eps * table.unit()
    message = f"least-core epsilon {eps_raw:.6g}; {lp.n_lps} LP(s), {lp.n_passes} table scan(s)"
    if eps_raw <= atol:
        point = Allocation(game.players, _checked_shares(game, table, _to_game(game, table.to_raw(xu)), "core point"),
                           "core point", game.kind)
        return Balancedness(game.players, game.kind, True, eps_raw, point, (), np.zeros(0), 0.0,
                            status="optimal", message=message)
    res = lp.last
    W = lp.working
    lam = res.row_dual
    keep = lam > _nu.DUAL_TOL
    masks, lam = W[keep], lam[keep]
    rows = _nu._masks_to_rows(masks, n)
    cover = rows.T @ lam
    weights = lam / cover.mean()
    err = float(np.max(np.abs(rows.T @ weights - 1.0)))
    worths = game.worths
    gap = float(weights @ worths[masks] - worths[-1])
    if err > 1e-6 or not gap > 0:
        raise SolverError(
            "is_balanced: the dual solution of the least-core LP is not a balanced collection "
            f"(coverage error {err:.3g}, gap {gap:.3g}); {res.message}"
        )
    order = np.argsort(masks, kind="stable")
    collection = tuple(_names(game, int(m)) for m in masks[order])
    return Balancedness(game.players, game.kind, False, eps_raw, None, collection, weights[order], gap,
                        status="optimal", message=message)


def _nonempty_core(game: Game, table: _nu.Table, tol: float, what: str) -> tuple[float, Any]:
    """Least-core epsilon (scaled) and its LP; raises EmptyCoreError."""
    xu, eps, lp = _least_core_lp(game, table)
    eps_raw = eps * table.unit()
    if eps_raw > _lp_tol(table, tol):
        raise EmptyCoreError(
            f"`game` has an empty core (least-core epsilon {eps_raw:.6g} > 0), so {what} does not exist; "
            "see coalition.is_balanced for the certificate and coalition.least_core for the best compromise"
        )
    return max(eps, 0.0), lp


def core_bounds(game: Game, *, tol: float = 1e-9, progress: Any = None) -> CoreBounds:
    """Each partner's floor and ceiling: its smallest and largest share over
    the core.

    A partner can refuse anything below its floor (some coalition would back
    it), and cannot ask for more than its ceiling without some coalition
    walking away. Two LPs per partner over the core constraints, solved by
    constraint generation beyond 8 partners (see the module notes): a
    20-partner game takes seconds.

    Parameters
    ----------
    game : Game
    tol : float, default 1e-9
        Tolerance (relative to the scale of the game) on the emptiness of the
        core; a core empty by less than this is widened to be non-empty.
    progress : callable, optional
        Called as ``progress(done, total)`` after each of the ``2 n`` LPs
        (e.g. to show progress on a large game).

    Returns
    -------
    CoreBounds
        ``lower`` and ``upper`` per partner (cost shares for a cost game: the
        least and most it can be asked to pay).

    Raises
    ------
    EmptyCoreError
        If the core is empty.
    SolverError
        If the LP solver fails.

    References
    ----------
    Gillies, D. B. (1959). Solutions to general non-zero-sum games. In
    Contributions to the Theory of Games IV, 47-85. Princeton University Press.

    Examples
    --------
    A glove market: one seller of left gloves, two of right gloves. The left
    glove gets everything: the core is a single point.

    >>> import coalition as co
    >>> g = co.Game.from_function(lambda s: float("L" in s and ("R1" in s or "R2" in s)),
    ...                           ["L", "R1", "R2"])
    >>> co.core_bounds(g).as_dict()
    {'L': (1.0, 1.0), 'R1': (0.0, 0.0), 'R2': (0.0, 0.0)}
    """
    game = _check_game(game)
    rel = _check_tol(tol)
    n = game.n
    if n == 1:
        v = game.grand_value
        return CoreBounds(game.players, [v], [v], game.kind, "optimal", "one player")
    table = _table(game)
    relax, lp = _nonempty_core(game, table, rel, "a core bound")
    # The least-core LP with its epsilon fixed at `relax` is the LP over the
    # core: the same solver, its coalitions and its basis serve every bound.
    lp.lp.set_bounds(n, relax, relax)
    lower = np.empty(n)
    upper = np.empty(n)
    for k in range(2 * n):
        i, sign = k // 2, (1.0 if k % 2 == 0 else -1.0)
        c = np.zeros(n + 1)
        c[i] = sign
        sol = lp.minimize(c, f"core bound of {game.players[i]!r}")
        val = table.b[i] + table.unit() * sol.x[i]
        if sign > 0:
            lower[i] = val
        else:
            upper[i] = val
        if progress is not None:
            progress(k + 1, 2 * n)
    if not (np.all(np.isfinite(lower)) and np.all(np.isfinite(upper))):
        raise SolverError("core bounds: a bound is not finite; the game is too badly scaled for float64")
    message = f"{lp.n_lps} LP(s), {lp.n_passes} table scan(s), {lp.working.size} coalitions in the LP"
    if game.kind == "cost":
        c_single = game.standalone
        lower, upper = c_single - upper, c_single - lower
    return CoreBounds(game.players, lower, upper, game.kind, "optimal", message)


# ---------------------------------------------------------------------------
# the nucleolus
# ---------------------------------------------------------------------------
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
    out = _nu.kohlberg(game.worths, game.n, xw, imputation=not prenucleolus, tol=atol)
    failed = () if out.failed is None else tuple(_names(game, int(m)) for m in out.failed)
    return KohlbergCheck(out.valid, rule, out.message, np.array(out.levels), failed, atol,
                         game.players, given, game.kind)


# ---------------------------------------------------------------------------
# nearest core point and core vertices
# ---------------------------------------------------------------------------
def nearest_core(game: Game, x: Any, *, norm: str = "max", tol: float = 1e-9) -> NearestCore:
    """The core allocation closest to a proposed split.

    Shows a negotiation team the smallest change that makes its term sheet
    stable. With ``norm="max"`` it minimizes the largest change of any one
    share (then, among those, the total change); with ``norm="total"`` the
    sum of the absolute changes (then the largest). The nearest point need not
    be unique; ties are broken by the second criterion and then by the LP
    solver.

    Parameters
    ----------
    game : Game
    x : array_like or dict
        The proposal (cost shares for a cost game). It need not be efficient.
    norm : {"max", "total"}, default "max"
        The deviation to minimize.
    tol : float, default 1e-9
        Tolerance (relative to the scale of the game) on the emptiness of the
        core.

    Returns
    -------
    NearestCore
        The core allocation ``x``, the ``proposal``, their ``distance`` and
        ``change``.

    Raises
    ------
    EmptyCoreError
        If the core is empty.
    InvalidAllocationError
        If `x` has the wrong length or a non-finite share.
    InvalidParameterError
        If `norm` is not "max" or "total".
    SolverError
        If the LP solver fails.

    References
    ----------
    Gillies, D. B. (1959). Solutions to general non-zero-sum games. In
    Contributions to the Theory of Games IV, 47-85. Princeton University Press.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 6, "A+C": 6,
    ...                        "B+C": 6, "A+B+C": 9})
    >>> near = co.nearest_core(g, [5, 2, 2])
    >>> near.as_dict(), near.distance
    ({'A': 3.0, 'B': 3.0, 'C': 3.0}, 2.0)
    """
    game = _check_game(game)
    if norm not in _NORMS:
        raise InvalidParameterError(f"`norm` must be 'max' or 'total', got {norm!r}")
    rel = _check_tol(tol)
    given = game._check_allocation(x)
    pw = game._to_worth_units(given)
    n = game.n
    if n == 1:
        v = game.grand_value
        return NearestCore(game.players, [v], "nearest core", game.kind, proposal=given,
                           distance=float(abs(given[0] - v)), norm=norm, status="optimal", message="one player")
    if in_core(game, given, tol=rel):
        # Already stable: the proposal itself, exactly, not an LP's rounding of it.
        return NearestCore(game.players, given, "nearest core", game.kind, proposal=given,
                           distance=0.0, norm=norm, status="optimal", message="the proposal is in the core")
    table = _table(game)
    relax, lp0 = _nonempty_core(game, table, rel, "a nearest core point")
    p = table.to_unit(pw)
    # variables: x (n), d (n), t; |x - p| <= d <= t
    m = n + 1
    eye = np.eye(n)
    zeros = np.zeros((n, 1))
    A_ub = np.vstack([
        np.hstack([eye, -eye, zeros]),
        np.hstack([-eye, -eye, zeros]),
        np.hstack([np.zeros((n, n)), eye, -np.ones((n, 1))]),
    ])
    b_ub = np.concatenate([p, -p, np.zeros(n)])
    c_max = np.zeros(n + m)
    c_max[-1] = 1.0
    c_tot = np.zeros(n + m)
    c_tot[n:2 * n] = 1.0
    first, second = (c_max, c_tot) if norm == "max" else (c_tot, c_max)
    bounds = [(None, None)] * n + [(0, None)] * m
    lp = _nu.CoalitionLP(table, g=np.zeros(m), bounds=bounds, relax=relax, working=lp0.working)
    lp.add_ub_rows(A_ub, b_ub)
    res = lp.minimize(first, "nearest core point")
    best = float(res.fun)
    lp.add_ub_rows(first[None, :], [best + 1e-9 * max(1.0, best)])
    res2 = lp.minimize(second, "nearest core point (tie-break)")
    xu = res2.x[:n]
    xw = table.to_raw(xu)
    xg = _checked_shares(game, table, _to_game(game, xw), "nearest core point")
    dev = np.abs(xg - given)
    distance = float(dev.max() if norm == "max" else dev.sum())
    return NearestCore(game.players, xg, "nearest core", game.kind, proposal=given, distance=distance,
                       norm=norm, status="optimal",
                       message=f"{lp.n_lps + lp0.n_lps} LP(s)")


def _implicit_equalities(rows: np.ndarray, rhs: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """For the polytope {x : rows x >= rhs, x(N) = rhs_N}: which rows hold with
    equality everywhere, and a point of it. Each LP maximizes the (capped)
    slacks of the rows not yet shown to be slack somewhere; a row slack at the
    optimum is slack somewhere, and when no row is, the rest are equalities."""
    k = rows.shape[0]
    undecided = np.ones(k, dtype=bool)
    point = None
    while True:
        idx = np.flatnonzero(undecided)
        u = idx.size
        # variables x (n), y (u): rows[idx] x - y >= rhs[idx], other rows x >= rhs, 0 <= y <= 1
        A = np.zeros((k, n + u))
        A[:, :n] = -rows
        A[idx, n + np.arange(u)] = 1.0
        c = np.concatenate([np.zeros(n), -np.ones(u)])
        res = _nu.linprog_or_raise(
            c, A_ub=A, b_ub=-rhs[:k], A_eq=np.concatenate([np.ones(n), np.zeros(u)])[None, :],
            b_eq=[rhs[k]], bounds=[(None, None)] * n + [(0, 1)] * u, what="core vertices (affine hull)",
        )
        point = res.x[:n]
        slack = res.x[n:] > 1e-9
        if u == 0 or not slack.any():
            return undecided, point
        undecided[idx[slack]] = False


def core_vertices(game: Game, *, tol: float = 1e-9) -> np.ndarray:
    """The vertices (corners) of the core of a small game, to draw it.

    Parameters
    ----------
    game : Game
        At most 6 players.
    tol : float, default 1e-9
        Tolerance (relative to the scale of the game) on the emptiness of the
        core; a core empty by less than this is widened to be non-empty.

    Returns
    -------
    numpy.ndarray
        One vertex per row, one column per player (cost shares for a cost
        game), sorted lexicographically. An empty core gives an array of
        shape ``(0, n)``.

    Raises
    ------
    InvalidGameError
        If the game has more than 6 players.
    SolverError
        If the LP solver or the vertex enumeration (Qhull) fails.

    Notes
    -----
    The affine hull of the core is found first (the coalitions that are
    tight at every core point, by LPs maximizing slacks); within it the core
    is full-dimensional, and its vertices are enumerated by Qhull's halfspace
    intersection around the center of the largest inscribed ball. Each vertex
    is then recomputed exactly from the coalitions tight at it.

    References
    ----------
    Shapley, L. S. (1971). Cores of convex games. International Journal of
    Game Theory 1(1), 11-26.
    Barber, C. B., Dobkin, D. P. and Huhdanpaa, H. (1996). The Quickhull
    algorithm for convex hulls. ACM Transactions on Mathematical Software
    22(4), 469-483.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 6, "A+C": 6,
    ...                        "B+C": 6, "A+B+C": 9})
    >>> co.core_vertices(g)
    array([[3., 3., 3.]])
    >>> co.core_vertices(co.Game([0, 1, 2, 6]))
    array([[1., 5.],
           [4., 2.]])
    """
    game = _check_game(game)
    rel = _check_tol(tol)
    n = game.n
    if n > _CORE_VERTICES_MAX_N:
        raise InvalidGameError(
            f"`game` has {n} players; core_vertices enumerates the vertices of games of at most "
            f"{_CORE_VERTICES_MAX_N} players (use core_bounds or is_balanced for larger ones)"
        )
    if n == 1:
        return np.array([[game.grand_value]])
    table = _table(game)
    xu0, eps, lp = _least_core_lp(game, table)
    if eps * table.unit() > _lp_tol(table, rel):
        return np.empty((0, n))
    relax = max(eps, 0.0)
    masks = _nu.all_proper_masks(n)
    rows = _nu._masks_to_rows(masks, n)
    rhs = table.u(masks, rows) - relax
    uN = (table.v[table.full] - table.b.sum()) / table.unit()
    implicit, x0 = _implicit_equalities(rows, np.concatenate([rhs, [uN]]), n)
    E = np.vstack([np.ones(n), rows[implicit]])
    _, sv, vt = np.linalg.svd(E)
    rank = int(np.sum(sv > 1e-9 * sv[0]))
    B = vt[rank:].T  # basis of the directions of the affine hull
    d = B.shape[1]
    free = ~implicit
    A = -(rows[free] @ B)  # A z <= c
    cvec = rows[free] @ x0 - rhs[free]
    if d == 0:
        zs = np.zeros((1, 0))
    elif d == 1:
        a = A[:, 0]
        pos, neg = a > 1e-12, a < -1e-12
        zmax = np.min(cvec[pos] / a[pos]) if pos.any() else np.inf
        zmin = np.max(cvec[neg] / a[neg]) if neg.any() else -np.inf
        if not (np.isfinite(zmin) and np.isfinite(zmax)):  # pragma: no cover - the core is bounded
            raise SolverError("core_vertices: the core is unbounded along its affine hull")
        zs = np.array([[zmin], [zmax]])
    else:
        norms = np.linalg.norm(A, axis=1)
        active = norms > 1e-12
        A, cvec, norms = A[active], cvec[active], norms[active]
        # Chebyshev center: max r s.t. A z + r |A| <= c
        res = _nu.linprog_or_raise(
            np.concatenate([np.zeros(d), [-1.0]]), A_ub=np.hstack([A, norms[:, None]]), b_ub=cvec,
            bounds=[(None, None)] * d + [(0, None)], what="core vertices (interior point)",
        )
        center, radius = res.x[:d], res.x[d]
        if radius <= 1e-12:
            raise SolverError("core_vertices: the core has no interior point in its affine hull")
        try:
            hs = HalfspaceIntersection(np.hstack([A, -cvec[:, None]]), center)
        except QhullError as exc:
            raise SolverError(f"core_vertices: Qhull failed: {exc}") from exc
        zs = hs.intersections
    verts = x0[None, :] + zs @ B.T
    # recompute each vertex from the constraints tight at it
    all_rows = np.vstack([np.ones(n), rows])
    all_rhs = np.concatenate([[uN], rhs])
    out = []
    for v in verts:
        slack = all_rows @ v - all_rhs
        tight = np.abs(slack) <= 1e-7
        tight[0] = True
        sol, *_ = np.linalg.lstsq(all_rows[tight], all_rhs[tight], rcond=None)
        if np.linalg.matrix_rank(all_rows[tight]) == n and np.max(np.abs(all_rows[tight] @ sol - all_rhs[tight])) < 1e-7:
            v = sol
        out.append(v)
    unit_pts = np.array(out)
    # Merge duplicates (Qhull reports a vertex once per facet it lies on).
    # Compare in the game's unit scale, where coordinates are O(1), so the
    # rounding is relative to the game and not to 1.0.
    key = np.round(unit_pts / 1e-9).astype(np.int64)
    _, first = np.unique(key, axis=0, return_index=True)  # sorted by key
    raw = table.b[None, :] + table.unit() * unit_pts[first]
    return np.array([_to_game(game, p) for p in raw])
