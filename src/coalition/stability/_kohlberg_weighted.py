"""Kohlberg's criterion for weighted excesses and coalition structures
(private).

The lexicographic minimum of the complaints ``f(S, x) = (v(S) - x(S)) / w(S)``
(``w > 0``) over ``{x : x(F) = v(F) for F in fixed, x_i >= v({i}) for the
floors}`` is ``x`` exactly when, for every level ``a``, no direction ``y``
with ``y(F) = 0`` (every ``F``), ``y_i >= 0`` (players at their floor) and
``y(S) >= 0`` on the collection ``D(a) = {S : f(S, x) >= a}`` raises some
``y(S)`` strictly: moving along such a ``y`` lowers a complaint of ``D(a)``
and raises none, and lowers nothing below ``a`` for a small step. A
complaint changes by ``-t y(S) / w(S)`` along ``x + t y``: the weights
change the levels, never the signs, so the test is Kohlberg's (1971) on the
level sets of the weighted excesses. By the theorem of the alternative
(Motzkin), no such ``y`` exists exactly when weights ``lambda_S > 0`` on
``D(a)``, ``o_i >= 0`` on the floors and ``mu_F`` of any sign on the fixed
coalitions give ``sum lambda_S 1_S + sum o_i e_i + sum mu_F 1_F = 0``. With
the grand coalition alone fixed this is Kohlberg's balancedness; with the
blocs of a coalition structure, the criterion for the nucleolus under that
structure (the levels are tested only where the span of the collection grows,
as in :mod:`coalition.stability._kohlberg`).
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy.optimize import linprog

from .._kernels import excess as _kx
from ..errors import SolverError
from ._engine import _HIGHS, _masks_to_rows, _Span
from ._kohlberg import KohlbergOutcome

#: The collection passes when its smallest weight, relative to their sum, is above this.
_MIN_WEIGHT = 1e-9


def alternative_weights(rows: np.ndarray, floors: np.ndarray, fixed: np.ndarray, *,
                        full: bool = False) -> tuple[float, np.ndarray]:
    """Largest ``t`` such that ``lambda_S >= t`` (``sum lambda = 1``) on
    `rows`, ``o >= 0`` on `floors`, ``mu`` free on `fixed` give
    ``sum lambda_S 1_S + sum o_i e_i + sum mu_F 1_F = 0``; ``(-inf, [])``
    when there is none. The weights returned are ``lambda``, or with `full`
    ``(lambda, o, mu)`` in one array."""
    k, f, m = rows.shape[0], floors.shape[0], fixed.shape[0]
    n = rows.shape[1]
    # columns: lambda (k), o (f), mu (m), t (1)
    A_eq = np.zeros((n + 1, k + f + m + 1))
    A_eq[:n, :k] = rows.T
    A_eq[:n, k:k + f] = floors.T
    A_eq[:n, k + f:k + f + m] = fixed.T
    A_eq[n, :k] = 1.0
    b_eq = np.zeros(n + 1)
    b_eq[n] = 1.0
    A_ub = np.zeros((k, k + f + m + 1))
    A_ub[:, :k] = -np.eye(k)
    A_ub[:, -1] = 1.0  # t - lambda_S <= 0
    c = np.zeros(k + f + m + 1)
    c[-1] = -1.0
    bounds = [(0, None)] * (k + f) + [(None, None)] * m + [(None, 1.0)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = linprog(c, A_ub=A_ub, b_ub=np.zeros(k), A_eq=A_eq, b_eq=b_eq, bounds=bounds,
                      method="highs-ds", options=_HIGHS)
    if res.status == 2:
        return -np.inf, np.zeros(0)
    if res.status != 0:
        raise SolverError(f"Kohlberg's criterion: the LP solver (HiGHS) failed with status {res.status}: {res.message}")
    return float(res.x[-1]), res.x[:k + f + m if full else k].copy()


def weighted_kohlberg(v: np.ndarray, n: int, x: np.ndarray, *, weights: np.ndarray | None,
                      fixed: np.ndarray, floors: bool, tol: float) -> KohlbergOutcome:
    """The criterion above for ``x`` (raw units; the caller has checked that
    it satisfies the fixed equalities and, with `floors`, the floors).

    `weights`: one per coalition, ``<= 0`` for no complaint (None: all 1).
    `tol` is an absolute tolerance on an excess: a coalition is at the
    level ``a`` when its excess is within `tol` of ``a w(S)``.
    """
    full = (1 << n) - 1
    if n == 1:
        return KohlbergOutcome(True, "one player: the only allocation", [], None, [])
    span = _Span(n)
    fixed = np.asarray(fixed, dtype=np.int64)
    f_rows = _masks_to_rows(fixed, n)
    for r in f_rows:
        span.add(r, 0.0)
    masks = np.arange(1, full, dtype=np.int64)
    w = np.ones(1 << n) if weights is None else np.asarray(weights, dtype=np.float64)
    active = w[masks] > 0
    active &= ~span.contains(_masks_to_rows(masks, n)) if span.rank > 1 or fixed.size > 1 else True
    masks = masks[active]
    wm = w[masks]
    e = _kx.excess_table(v, x)[masks] / wm
    order = np.argsort(-e, kind="stable")
    masks, e, wm = masks[order], e[order], wm[order]
    b = v[1 << np.arange(n)]
    floor_rows = np.eye(n)[np.flatnonzero(x - b <= tol)] if floors else np.zeros((0, n))
    levels: list[float] = []
    weights_out: list[np.ndarray] = []
    collection: list[int] = []
    left = np.ones(masks.size, dtype=bool)
    while left.any() and span.rank < n:
        top = e[np.argmax(left)]  # the largest complaint left (the arrays are sorted)
        # at this level: the excess is within `tol` of the level line (a
        # coalition of small weight may sit a little further down the list)
        level = left & (e >= top - tol / wm)
        new = masks[level]
        left &= ~level
        grew = False
        for r in _masks_to_rows(new, n):
            grew |= span.add(r, 0.0)
        collection.extend(int(m) for m in new)
        levels.append(float(top))
        if grew:
            coll = np.array(collection, dtype=np.int64)
            t, lam = alternative_weights(_masks_to_rows(coll, n), floor_rows, f_rows)
            if not t * coll.size > _MIN_WEIGHT:
                return KohlbergOutcome(
                    False,
                    f"the {len(levels)} highest level(s) of the complaints (down to {top:.6g}) form a "
                    "collection that admits a direction lowering one complaint without raising another",
                    levels, coll, weights_out,
                )
            weights_out.append(lam)
    if span.rank < n and not _floors_close(floor_rows, _masks_to_rows(np.array(collection, dtype=np.int64), n),
                                           f_rows, n):
        return KohlbergOutcome(
            False, f"the complaints leave {n - span.rank} direction(s) free: the lexicographic minimum is "
            "not unique", levels, None, weights_out,
        )
    closed = "; the shares at their floor fix the directions the complaints leave" if span.rank < n else ""
    return KohlbergOutcome(True, f"{len(levels)} level(s) of the complaints checked{closed}", levels, None,
                           weights_out)


def _floors_close(floor_rows: np.ndarray, coll_rows: np.ndarray, f_rows: np.ndarray, n: int) -> bool:
    """Whether the shares at their floor rule out every direction ``y`` that
    changes no complaint (``y(S) = 0`` on the collection and the fixed
    coalitions) once the complaints have run out: no ``y != 0`` in that
    subspace with ``y_i >= 0`` at the floors. It holds exactly when the
    floors and the equalities together span every direction and positive
    weights on the floors combine, with weights of any sign on the
    equalities, to 0 (Motzkin's alternative); e.g. the all-zero game of
    the proportional nucleolus, whose only imputation is 0."""
    if floor_rows.shape[0] == 0:
        return False
    equalities = np.vstack([coll_rows.reshape(-1, n), f_rows.reshape(-1, n)])
    if np.linalg.matrix_rank(np.vstack([equalities, floor_rows])) < n:
        return False
    t, _ = alternative_weights(floor_rows, np.zeros((0, n)), equalities)
    return bool(t * floor_rows.shape[0] > _MIN_WEIGHT)


def first_blocking(v: np.ndarray, n: int, x: np.ndarray, tol: float) -> tuple[int, float] | None:
    """A coalition whose excess at `x` exceeds `tol` (the largest), or None."""
    masks, exc = _kx.sorted_excess_prefix(v, x, 1)
    if masks.size and exc[0] > tol:
        return int(masks[0]), float(exc[0])
    return None
