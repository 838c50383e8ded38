"""Points, rays and frontier values in normalised units (private).
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import InvalidParameterError, SolverError
from ._convert import _fmt_vec, _overflow
from ._frontier_math import (
    Frontier,
    FrontierUnbounded,
    FrontierValueError,
)
from ._logprog import lp


def _ray_points(points: np.ndarray, d: np.ndarray, r: np.ndarray) -> tuple[float, np.ndarray | None]:
    """Largest ``t`` with ``d + t r`` in the free-disposal hull of `points`
    (an LP; ``t`` may be negative when ``d`` is outside). Returns ``(t, lam)``."""
    m, n = points.shape
    # variables (lam_1..lam_m, t): minimise -t
    # d_i + t r_i <= sum_k lam_k v_ki  ->  -V^T lam + t r <= -d
    A_ub = np.hstack([-points.T, r[:, None]])
    A_eq = np.zeros((1, m + 1))
    A_eq[0, :m] = 1.0
    cost = np.zeros(m + 1)
    cost[m] = -1.0
    res = lp(cost, A_ub, -d, A_eq, [1.0], bounds=[(0, None)] * m + [(None, None)])
    if res.status == 3:
        return math.inf, None
    if res.status != 0 or res.x is None:
        raise SolverError(f"the linear program over the outcomes failed (HiGHS status {res.status}: {res.message})")
    return float(res.x[m]), res.x[:m]


def _contains_points(points: np.ndarray, u: np.ndarray, tol: float) -> bool:
    """Whether `u` is in the free-disposal hull of `points`, up to `tol`
    relative to the spread of the outcomes around `u` (scale-free)."""
    with np.errstate(over="ignore", invalid="ignore"):
        V = points - u
    if not np.all(np.isfinite(V)):
        raise _overflow("`points` and `u`")
    unit = float(np.max(np.abs(V))) or 1.0
    t, _ = _ray_points(V / unit, np.zeros(u.size), np.ones(u.size))
    return bool(t >= -tol)


def _frontier_eval(f: Frontier, head: np.ndarray) -> float:
    try:
        return f(head)
    except FrontierValueError as exc:
        shown = f.origin[:-1] + f.unit * np.asarray(head, dtype=float)
        raise InvalidParameterError(
            f"the frontier returned {exc.value!r} at {_fmt_vec(shown)}; it must return one number (a real float)"
        ) from None
    except FrontierUnbounded as exc:
        raise InvalidParameterError(
            f"the frontier is +inf at {_fmt_vec(exc.head)}: the feasible set is unbounded"
        ) from None
