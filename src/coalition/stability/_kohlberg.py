"""Kohlberg's (1971) criterion: is a split the (pre)nucleolus? (private)"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from .._kernels import excess as _kx
from ..errors import SolverError
from ._engine import _HIGHS, DUAL_TOL, _masks_to_rows, _Span


@dataclass
class KohlbergOutcome:
    valid: bool
    message: str
    levels: list[float]
    failed: np.ndarray | None  # masks of the collection that is not balanced
    weights: list[np.ndarray]


def balanced_weights(rows: np.ndarray, optional: np.ndarray, n: int) -> tuple[float, np.ndarray]:
    """Largest ``t`` (at most 1) such that weights ``w_S >= t`` on `rows` and
    ``>= 0`` on `optional` (rows too) add up to the indicator of N; returns
    ``(t, w)``, with ``t = -inf`` when no non-negative weights exist.

    Written with ``w_S = t + m_S``, ``m_S >= 0``, so the LP has ``n``
    equality rows whatever the size of the collection.
    """
    k, o = rows.shape[0], optional.shape[0]
    A_eq = np.hstack([rows.T, optional.T, rows.sum(axis=0)[:, None]])
    c = np.zeros(k + o + 1)
    c[-1] = -1.0
    bounds = [(0, None)] * (k + o) + [(0.0, 1.0)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = linprog(c, A_eq=A_eq, b_eq=np.ones(n), bounds=bounds, method="highs-ds", options=_HIGHS)
    if res.status == 2:  # infeasible: not even weakly balanced
        return -np.inf, np.zeros(k + o)
    if res.status != 0:
        raise SolverError(f"balancedness check: the LP solver (HiGHS) failed with status {res.status}: {res.message}")
    t = float(res.x[-1])
    w = res.x[: k + o].copy()
    w[:k] += t
    return t, w


def kohlberg(v: np.ndarray, n: int, x: np.ndarray, *, imputation: bool, tol: float) -> KohlbergOutcome:
    """Kohlberg's (1971) criterion for ``x`` (raw units, efficient, and an
    imputation when `imputation`): for every excess level, the coalitions with
    at least that excess (with the singletons at their standalone worth, with
    weights >= 0, for the nucleolus) form a balanced collection.

    Only the levels that raise the rank of the collection need an LP: a
    coalition whose indicator lies in the span of a balanced collection with
    positive weights can join it with a small weight. The check stops when the
    rank reaches ``n``.
    """
    b = v[1 << np.arange(n)]
    if n == 1:
        return KohlbergOutcome(True, "one player: the only efficient allocation", [], None, [])
    z0 = np.flatnonzero(x - b <= tol) if imputation else np.zeros(0, dtype=np.int64)
    z0_rows = np.eye(n)[z0]
    n_proper = (1 << n) - 2
    count = min(n_proper, 4096)
    span = _Span(n)
    levels: list[float] = []
    weights: list[np.ndarray] = []
    collection: list[int] = []
    start = 0
    while True:
        masks, exc = _kx.sorted_excess_prefix(v, x, count)
        complete = count >= n_proper
        i = start
        while i < masks.size:
            top = exc[i]
            j = i
            while j < masks.size and exc[j] >= top - tol:
                j += 1
            if j == masks.size and not complete:
                break  # the level may continue beyond the prefix
            new = masks[i:j]
            rows = _masks_to_rows(new, n)
            grew = False
            for r in rows:
                grew |= span.add(r, 0.0)
            collection.extend(int(m) for m in new)
            levels.append(float(top))
            if grew:
                coll = np.array(collection, dtype=np.int64)
                tmin, w = balanced_weights(_masks_to_rows(coll, n), z0_rows, n)
                if not tmin > DUAL_TOL:
                    return KohlbergOutcome(
                        False,
                        f"the {len(levels)} highest excess level(s) (down to {top:.6g}) form a "
                        "collection that is not balanced",
                        levels, coll, weights,
                    )
                weights.append(w[: coll.size])
            if span.rank == n:
                return KohlbergOutcome(True, f"{len(levels)} excess level(s) checked", levels, None, weights)
            i = j
        start = i
        if complete:  # pragma: no cover - rank n is always reached with the singletons
            return KohlbergOutcome(True, f"{len(levels)} excess level(s) checked", levels, None, weights)
        count = min(n_proper, 4 * count)
