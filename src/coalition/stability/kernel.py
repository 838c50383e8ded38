"""The kernel and prekernel (Davis and Maschler 1965; Maschler, Peleg and
Shapley 1979): maximum surpluses, membership, and a point of each.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .._kernels.surplus import max_surplus_table
from ..errors import ConvergenceWarning, InfeasibleError, InvalidAllocationError, InvalidParameterError
from ..game import Game
from ..results.kernel import KernelCheck, KernelPoint
from . import _transfer
from ._common import _check_game, _check_tol, _checked_shares, _names, _table, _to_game, _worth_allocation

__all__ = ["max_surplus", "in_prekernel", "in_kernel", "prekernel_element", "kernel_element"]


def _atol(table, rel: float) -> float:
    """Absolute tolerance on a difference of excesses: `rel` times the scale,
    plus the rounding of sums of the largest worth and shares."""
    raw = table.raw
    return rel * table.scale + 32 * table.n * np.finfo(float).eps * raw


def max_surplus(game: Game, x: Any) -> np.ndarray:
    r"""The maximum surplus of each partner over each other: the most that
    ``i`` could gain in a coalition without ``j``.

    ``s[i, j] = max of v(S) - x(S)`` over the coalitions ``S`` that contain
    ``i`` and not ``j`` (Davis and Maschler 1965): if ``s[i, j] > s[j, i]``,
    ``i`` can claim ``j`` is overpaid, as ``i`` has better prospects without
    ``j`` than ``j`` without ``i``. Computed in one pass over the table.

    Parameters
    ----------
    game : Game
    x : array_like or dict
        One share per player (cost shares for a cost game).

    Returns
    -------
    numpy.ndarray
        ``n x n``, in ``game.players`` order, NaN on the diagonal. For a cost
        game the same numbers: ``max of y(S) - c(S)``, how much less ``i``'s
        best coalition without ``j`` would pay alone.

    Raises
    ------
    InvalidAllocationError
        If `x` has the wrong length or a non-finite share.
    InvalidGameError
        If `game` is not a :class:`~coalition.Game` or has non-finite worths.

    References
    ----------
    Davis, M. and Maschler, M. (1965). The kernel of a cooperative game.
    Naval Research Logistics Quarterly 12(3), 223-259.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 60, "A+C": 80,
    ...                        "B+C": 100, "A+B+C": 150})
    >>> co.max_surplus(g, [50, 50, 50])
    array([[ nan, -20., -40.],
           [  0.,  nan, -40.],
           [  0., -20.,  nan]])
    """
    game = _check_game(game)
    xw = _worth_allocation(game, x)
    _table(game)
    s, _ = max_surplus_table(np.asarray(game.worths, dtype=np.float64), xw)
    s[np.diag_indices(game.n)] = np.nan
    return s


def _check(game: Game, x: Any, tol: float, kernel: bool) -> KernelCheck:
    game = _check_game(game)
    rel = _check_tol(tol)
    given = game._check_allocation(x)
    xw = game._to_worth_units(given)
    table = _table(game)
    atol = _atol(table, rel)
    rule = "kernel" if kernel else "prekernel"
    s, arg = max_surplus_table(table.v, xw)
    surplus = s.copy()
    surplus[np.diag_indices(game.n)] = np.nan

    def out(valid, message, imbalance=float("nan"), pair=()):
        return KernelCheck(bool(valid), rule, message, float(imbalance), pair, surplus, atol,
                           game.players, given, game.kind)

    gap = float(xw.sum() - table.v[-1])
    if abs(gap) > atol:
        return out(False, f"not efficient: the shares add up to {float(given.sum()):.10g}, "
                          f"the grand coalition's {'cost' if game.kind == 'cost' else 'worth'} "
                          f"is {game.grand_value:.10g}")
    if kernel:
        below = np.flatnonzero(xw < table.b - atol)
        if below.size:
            return out(False, f"not an imputation: {game.players[below[0]]} gets less than "
                              f"on its own (by {float(table.b[below[0]] - xw[below[0]]):.6g})")
    if game.n < 2:
        return out(True, "one partner: the only efficient split", 0.0)
    d = _transfer.imbalances(s, xw, table.b, kernel)
    i, j = np.unravel_index(int(np.argmax(d)), d.shape)
    worst = max(float(d[i, j]), 0.0)
    if worst <= atol:
        return out(True, f"every pair is balanced (largest imbalance {worst:.3g})", worst)
    pi, pj = game.players[i], game.players[j]
    best = "+".join(_names(game, int(arg[i, j])))
    return out(False, f"{pi} outweighs {pj}: its best coalition without {pj} ({best}) has "
                      f"surplus {float(s[i, j]):.6g}, {pj}'s best without {pi} only "
                      f"{float(s[j, i]):.6g}", worst, (pi, pj))


def in_prekernel(game: Game, x: Any, *, tol: float = 1e-6) -> KernelCheck:
    r"""Is a split in the prekernel: does every partner have, against every
    other, the same maximum surplus?

    An efficient ``x`` is in the prekernel when ``s_ij(x) = s_ji(x)`` for
    every pair (see :func:`max_surplus`): no partner can claim that another
    is overpaid (Maschler, Peleg and Shapley 1979). The prenucleolus is
    always in it.

    Parameters
    ----------
    game : Game
    x : array_like or dict
        The split (cost shares for a cost game).
    tol : float, default 1e-6
        Tolerance on the imbalances, relative to the scale of the game.

    Returns
    -------
    KernelCheck
        True in a boolean context when ``x`` is in the prekernel; otherwise
        the most unbalanced pair, and the surpluses.

    Raises
    ------
    InvalidAllocationError
        If `x` has the wrong length or a non-finite share.
    InvalidParameterError
        If `tol` is out of range.

    References
    ----------
    Maschler, M., Peleg, B. and Shapley, L. S. (1979). Geometric properties of
    the kernel, nucleolus, and related solution concepts. Mathematics of
    Operations Research 4(4), 303-338.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 60, "A+C": 80,
    ...                        "B+C": 100, "A+B+C": 150})
    >>> bool(co.in_prekernel(g, [30, 50, 70]))
    True
    >>> co.in_prekernel(g, [50, 50, 50]).pair
    ('C', 'A')
    """
    return _check(game, x, tol, kernel=False)


def in_kernel(game: Game, x: Any, *, tol: float = 1e-6) -> KernelCheck:
    r"""Is an imputation in the kernel: is no partner outweighed by another,
    unless it already gets only its standalone worth?

    An imputation ``x`` is in the kernel when, for every pair, ``s_ij(x) >
    s_ji(x)`` only if ``x_j = v({j})`` (Davis and Maschler 1965): ``i`` may
    have better prospects without ``j`` than ``j`` without ``i``, but then
    ``j`` has nothing left to give. The nucleolus is always in it; for a
    convex game it is the only point (Maschler, Peleg and Shapley 1972).

    Parameters
    ----------
    game : Game
    x : array_like or dict
        The split (cost shares for a cost game).
    tol : float, default 1e-6
        Tolerance on the imbalances, relative to the scale of the game.

    Returns
    -------
    KernelCheck
        True in a boolean context when ``x`` is in the kernel.

    Raises
    ------
    InvalidAllocationError
        If `x` has the wrong length or a non-finite share.
    InvalidParameterError
        If `tol` is out of range.

    References
    ----------
    Davis, M. and Maschler, M. (1965). The kernel of a cooperative game.
    Naval Research Logistics Quarterly 12(3), 223-259.
    Maschler, M., Peleg, B. and Shapley, L. S. (1972). The kernel and
    bargaining set for convex games. International Journal of Game Theory
    1(1), 73-93.

    Examples
    --------
    The nucleolus of the Talmud's estate of 200 (claims 100, 200, 300) is in
    the kernel; the proportional split is not:

    >>> import coalition as co
    >>> g = co.families.bankruptcy(200, [100, 200, 300])
    >>> bool(co.in_kernel(g, [50, 75, 75])), bool(co.in_kernel(g, [200 / 6, 400 / 6, 100]))
    (True, False)
    """
    return _check(game, x, tol, kernel=True)


def _element(game: Game, x0: Any, tol: float, max_iter: Any, kernel: bool) -> KernelPoint:
    game = _check_game(game)
    rel = _check_tol(tol)
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 0:
        raise InvalidParameterError(f"`max_iter` must be a non-negative integer, got {max_iter!r}")
    table = _table(game)
    atol = _atol(table, rel)
    rule = "kernel_element" if kernel else "prekernel_element"
    n, v, b = game.n, table.v, table.b
    if kernel and float(b.sum() - v[-1]) > atol:
        raise InfeasibleError(
            f"`game` has no imputation (the standalone {'costs' if game.kind == 'cost' else 'worths'} "
            f"leave {float(v[-1] - b.sum()):.6g} to share), so the kernel is empty; "
            "the prekernel is not (coalition.prekernel_element)"
        )
    if x0 is None:
        start = b + (v[-1] - b.sum()) / n  # the centre of the imputation set
    else:
        start = _worth_allocation(game, x0, "x0")
        if abs(float(start.sum() - v[-1])) > atol:
            raise InvalidAllocationError(
                f"`x0` adds up to {float(game._from_worth_units(start).sum()):.10g}; a start must be "
                f"efficient, adding up to {game.grand_value:.10g}")
        if kernel and np.any(start < b - atol):
            k = int(np.argmax(b - start))
            raise InvalidAllocationError(
                f"`x0` gives {game.players[k]} less than on its own; the kernel needs an imputation to start from")
        start = start + (v[-1] - start.sum()) / n
        if kernel:
            start = np.maximum(start, b)
            start[int(np.argmax(start - b))] -= float(start.sum() - v[-1])
    if n == 1 or table.scale == 0:  # an additive game: its (pre)kernel is the standalone worths
        res = _transfer.TransferResult(b.copy() if n > 1 else np.array([v[-1]]), 0.0, 0, True, 0, 0)
    else:
        res = _transfer.solve(v, n, b, start, kernel=kernel, atol=atol, max_iter=int(max_iter))
    x = _checked_shares(game, table, _to_game(game, res.x), rule)
    steps = f"{res.n_newton} least-squares steps, {res.n_transfers} transfers"
    if res.converged:
        status, message = "converged", f"imbalance {res.imbalance:.3g} <= {atol:.3g} ({steps})"
    else:
        status = "max_iter"
        message = (f"stopped after {res.iterations} steps ({steps}) with imbalance {res.imbalance:.6g} "
                   f"> {atol:.3g}: not a point of the {'kernel' if kernel else 'prekernel'}; "
                   "raise `max_iter` or `tol`, or start elsewhere (`x0`)")
        warnings.warn(f"{rule}: {message}", ConvergenceWarning, stacklevel=3)
    return KernelPoint(game.players, x, rule, game.kind, imbalance=res.imbalance,
                       converged=res.converged, iterations=res.iterations, status=status,
                       message=message, tol=atol, start=_to_game(game, start))


def prekernel_element(game: Game, *, x0: Any = None, tol: float = 1e-9, max_iter: int = 1000) -> KernelPoint:
    r"""A point of the prekernel, found by balancing maximum surpluses.

    The prekernel is the set of efficient splits at which every partner has
    the same maximum surplus against every other (``s_ij = s_ji``, see
    :func:`in_prekernel`). It always contains the prenucleolus but may hold
    other points; this function returns the one its iteration reaches from
    `x0`. Each step fixes the coalitions that attain the maximum surpluses,
    on which the imbalances are affine, and takes the least-squares step
    that zeroes them all (Meinhardt 2013), kept when it cuts the sum of
    squared imbalances to a quarter; otherwise it makes ``n / 4`` transfers of
    Stearns (1968), each moving half the largest imbalance from the partner
    who is behind to the one ahead (these converge; the least-squares steps
    make the end exact).

    Parameters
    ----------
    game : Game
    x0 : array_like or dict, optional
        Efficient start (cost shares for a cost game); by default every
        partner's standalone worth plus an equal share of the surplus.
    tol : float, default 1e-9
        Stop when the largest imbalance is below this, relative to the
        scale of the game.
    max_iter : int, default 1000
        At most this many steps.

    Returns
    -------
    KernelPoint
        The split (cost shares for a cost game) with ``converged``,
        ``iterations`` and the ``imbalance`` left.

    Raises
    ------
    InvalidAllocationError
        If `x0` is malformed or not efficient.
    InvalidParameterError
        If `tol` or `max_iter` is out of range.

    Warns
    -----
    ConvergenceWarning
        If `max_iter` steps do not reach `tol` (the result says so:
        ``converged`` is False and ``status`` is ``"max_iter"``).

    See Also
    --------
    in_prekernel, prenucleolus, kernel_element

    References
    ----------
    Maschler, M., Peleg, B. and Shapley, L. S. (1979). Geometric properties of
    the kernel, nucleolus, and related solution concepts. Mathematics of
    Operations Research 4(4), 303-338.
    Stearns, R. E. (1968). Convergent transfer schemes for n-person games.
    Transactions of the American Mathematical Society 134, 449-459.
    Meinhardt, H. I. (2013). The Pre-Kernel as a Tractable Solution for
    Cooperative Games. Springer.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 60, "A+C": 80,
    ...                        "B+C": 100, "A+B+C": 150})
    >>> p = co.prekernel_element(g)
    >>> p.converged, {k: round(s, 9) for k, s in p.as_dict().items()}
    (True, {'A': 30.0, 'B': 50.0, 'C': 70.0})
    """
    return _element(game, x0, tol, max_iter, kernel=False)


def kernel_element(game: Game, *, x0: Any = None, tol: float = 1e-9, max_iter: int = 1000) -> KernelPoint:
    r"""A point of the kernel, found by balancing maximum surpluses over the
    imputations.

    The kernel is the set of imputations at which no partner outweighs
    another unless the latter gets only its standalone worth (see
    :func:`in_kernel`). It contains the nucleolus; for a convex game it is
    that single point. The iteration is that of :func:`prekernel_element`
    kept inside the imputation set: a partner at its standalone worth may
    stay outweighed, least-squares steps stop at the boundary, and a
    transfer never takes a partner below its standalone worth (Stearns
    1968).

    Parameters
    ----------
    game : Game
    x0 : array_like or dict, optional
        An imputation to start from (cost shares for a cost game); by
        default the centre of the imputation set.
    tol : float, default 1e-9
        Relative to the scale of the game.
    max_iter : int, default 1000

    Returns
    -------
    KernelPoint

    Raises
    ------
    InfeasibleError
        If the game has no imputation.
    InvalidAllocationError
        If `x0` is malformed or not an imputation.
    InvalidParameterError
        If `tol` or `max_iter` is out of range.

    Warns
    -----
    ConvergenceWarning
        If `max_iter` steps do not reach `tol` (``converged`` is False).

    See Also
    --------
    in_kernel, nucleolus, prekernel_element

    References
    ----------
    Davis, M. and Maschler, M. (1965). The kernel of a cooperative game.
    Naval Research Logistics Quarterly 12(3), 223-259.
    Stearns, R. E. (1968). Convergent transfer schemes for n-person games.
    Transactions of the American Mathematical Society 134, 449-459.
    Maschler, M., Peleg, B. and Shapley, L. S. (1972). The kernel and
    bargaining set for convex games. International Journal of Game Theory
    1(1), 73-93.

    Examples
    --------
    A bankruptcy game is convex, so its kernel is its nucleolus, the
    Talmud's division (Aumann and Maschler 1985):

    >>> import coalition as co
    >>> k = co.kernel_element(co.families.bankruptcy(300, [100, 200, 300]))
    >>> {p: round(s, 9) for p, s in k.as_dict().items()}
    {'P1': 50.0, 'P2': 100.0, 'P3': 150.0}
    """
    return _element(game, x0, tol, max_iter, kernel=True)
