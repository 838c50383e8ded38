"""The verified log program and small LPs behind the bargaining rules (private).

Everything here works on plain arrays and returns plain arrays; the public
module validates its input and wraps the results.

The central routine, :func:`log_program`, maximises ``sum_i w_i log y_i``
subject to ``M y <= c``. Both polyhedral forms of a feasible set reduce to it:

* constraints ``A u <= b`` with disagreement point ``d``: ``y = u - d``,
  ``M = A``, ``c = b - A d``;
* outcome points ``v_k`` with free disposal: by convex duality the Nash point
  is ``u = d + w / p`` where ``p`` maximises ``sum_i w_i log p_i`` subject to
  ``(v_k - d) . p <= sum(w)`` for every outcome ``k`` (the multipliers of
  those constraints are the weights of the outcomes in the agreed lottery).

The program is solved by a barrier (interior-point) method whose iterates
stay strictly feasible, then polished on the face it identifies by Newton's
method on the Karush-Kuhn-Tucker equations, and finally *verified*: the
multipliers are recomputed independently by non-negative least squares and
every KKT condition is checked. A point that fails the check is never
returned as optimal.

References: Boyd, S. and Vandenberghe, L. (2004). Convex Optimization,
chapters 5 and 11. Cambridge University Press.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog, nnls

_MU_FACTOR = 0.01
_CENTER_TOL = 1e-4
_EPS = np.finfo(float).eps


@dataclass
class ProgramResult:
    """Outcome of :func:`log_program` (unscaled units)."""

    y: np.ndarray
    z: np.ndarray  # multipliers of the rows of M y <= c
    iterations: int
    stationarity: float  # max_i |y_i (M^T z)_i - w_i| / w_i
    feasibility: float  # max_k violation of M y <= c, relative to the row scale
    polished: bool


class ProgramFailure(Exception):
    """The barrier method could not certify a solution."""


# the log program
def _kkt_check(M: np.ndarray, c: np.ndarray, w: np.ndarray, y: np.ndarray, row_scale: np.ndarray):
    """Independent KKT certificate of a candidate ``y`` (scaled problem).

    Returns ``(stationarity, feasibility, z)``: the multipliers ``z >= 0``
    are found by non-negative least squares on the rows that are (nearly)
    active, so the certificate does not rely on the duals of the solver.
    """
    if np.any(y <= 0) or not np.all(np.isfinite(y)):
        return math.inf, math.inf, np.zeros(M.shape[0])
    My = M @ y
    scale = row_scale
    viol = np.max(np.maximum(My - c, 0.0) / scale) if M.shape[0] else 0.0
    slack = (c - My) / scale
    best = (math.inf, viol, np.zeros(M.shape[0]))
    # Try a few activity thresholds; a correct solution passes at one of them.
    for tol in (1e-10, 1e-8, 1e-6):
        active = np.flatnonzero(slack <= tol)
        if active.size == 0:
            continue
        z_act, _ = nnls(M[active].T * y[:, None], w, maxiter=50 * (active.size + 1))
        z = np.zeros(M.shape[0])
        z[active] = z_act
        stat = float(np.max(np.abs(y * (M.T @ z) - w) / w))
        # complementarity: the multipliers may only sit on (nearly) tight rows
        comp = float(np.max(z[active] * np.maximum(slack[active], 0.0))) if active.size else 0.0
        stat = max(stat, comp / max(np.min(w), 1e-300))
        if stat < best[0]:
            best = (stat, viol, z)
        if stat <= 1e-12:
            break
    return best


def _polish(M: np.ndarray, c: np.ndarray, w: np.ndarray, y: np.ndarray, active: np.ndarray) -> np.ndarray | None:
    """Newton's method on the KKT equations of the face ``M_J y = c_J``."""
    MJ = M[active]
    cJ = c[active]
    k = active.size
    n = y.size
    # initial multipliers by least squares on the stationarity equations
    z = np.linalg.lstsq(MJ.T, w / y, rcond=None)[0]
    for _ in range(12):
        r1 = w / y - MJ.T @ z
        r2 = MJ @ y - cJ
        if np.max(np.abs(r1) * y / w) < 1e-15 and np.max(np.abs(r2)) < 1e-15 * (1 + np.max(np.abs(cJ))):
            break
        J = np.zeros((n + k, n + k))
        J[:n, :n] = np.diag(-w / y**2)
        J[:n, n:] = -MJ.T
        J[n:, :n] = MJ
        step = np.linalg.lstsq(J, -np.concatenate([r1, r2]), rcond=None)[0]
        dy = step[:n]
        neg = dy < 0
        alpha = 1.0
        if np.any(neg):
            alpha = min(1.0, 0.9 * float(np.min(-y[neg] / dy[neg])))
        y = y + alpha * dy
        z = z + alpha * step[n:]
        if not np.all(np.isfinite(y)):
            return None
    return y


def log_program(
    M: np.ndarray,
    c: np.ndarray,
    w: np.ndarray,
    y0: np.ndarray,
    *,
    max_newton: int = 400,
    gap: float = 1e-12,
) -> ProgramResult:
    """Maximise ``sum w_i log y_i`` subject to ``M y <= c``.

    The barrier loop, the polish and the certificate are kept in one function
    so that the invariant they share (every iterate strictly feasible, every
    answer verified) can be read in one place.

    ``y0 > 0`` must be strictly feasible (``M y0 < c``); it also sets the
    scale of each variable. The region must be bounded in the directions
    where the objective grows; callers check this first.

    Barrier method (Boyd and Vandenberghe 2004, section 11.3): Newton's
    method with backtracking on ``-sum w log y - mu sum log(c - M y)`` for a
    decreasing ``mu``; every iterate is strictly feasible, so the method
    cannot stall outside the region. The central point for ``mu`` is within
    ``mu * K`` of the optimum in objective value; from there the face of the
    optimum is polished by Newton's method on its KKT equations.
    """
    M = np.asarray(M, dtype=float)
    c = np.asarray(c, dtype=float)
    w = np.asarray(w, dtype=float)
    n = w.size
    # rows with no positive entry and c >= 0 never bind for y > 0
    keep = np.any(M > 0, axis=1) | (c < 0)
    rows = np.flatnonzero(keep)
    Mk = M[rows]
    ck = c[rows]
    # scaling: variables to y0, rows to unit max-norm, weights to mean 1
    col = np.asarray(y0, dtype=float)
    Ms = Mk * col[None, :]
    rnorm = np.max(np.abs(Ms), axis=1) if rows.size else np.zeros(0)
    rnorm[rnorm == 0] = 1.0
    Ms = Ms / rnorm[:, None]
    cs = ck / rnorm
    wscale = w.sum() / n
    ws = w / wscale
    K = rows.size
    row_scale = 1.0 + np.abs(cs) + np.abs(Ms) @ np.ones(n)
    if K == 0:  # pragma: no cover - callers reject unbounded problems first
        raise ProgramFailure("no constraint bounds the program")

    y = np.ones(n)
    s = cs - Ms @ y
    if np.any(s <= 0):
        raise ProgramFailure("the starting point is not strictly feasible")

    def value(yy, ss, mu):
        return float(-(ws @ np.log(yy)) - mu * np.log(ss).sum())

    mu = float(max(1.0, np.max(ws))) / K
    newton = 0
    while True:
        final = mu * K <= gap * n
        # centre: Newton's method for the barrier problem at this mu; loosely
        # on the way, to rounding level at the last mu
        last_dec = math.inf
        stalled = 0
        for _ in range(100):
            newton += 1
            if newton > max_newton:
                break
            inv_s = 1.0 / s
            g = -ws / y + mu * (Ms.T @ inv_s)
            H = (Ms.T * (mu * inv_s**2)) @ Ms
            H[np.diag_indices(n)] += ws / y**2
            try:
                step = -np.linalg.solve(H, g)
            except np.linalg.LinAlgError:
                step = -np.linalg.lstsq(H, g, rcond=None)[0]
            dec = float(-(g @ step))
            if not math.isfinite(dec):
                raise ProgramFailure("the barrier iterates left the region")
            if dec <= (1e-28 if final else _CENTER_TOL) * n:
                break
            if final and dec < 1e-6 * n and dec > 0.5 * last_dec:
                stalled += 1
                if stalled >= 3:  # rounding level: the polish takes over
                    break
            last_dec = min(dec, last_dec)
            ds = -(Ms @ step)
            alpha = 1.0
            neg = step < 0
            if neg.any():
                alpha = min(alpha, 0.99 * float((-y[neg] / step[neg]).min()))
            neg = ds < 0
            if neg.any():
                alpha = min(alpha, 0.99 * float((-s[neg] / ds[neg]).min()))
            f0 = value(y, s, mu)
            while alpha > 1e-20:
                yt = y + alpha * step
                st = cs - Ms @ yt
                if (
                    st.min() > 0
                    and yt.min() > 0
                    and value(yt, st, mu) <= f0 - 0.25 * alpha * dec + 1e-15 * abs(f0)
                ):
                    break
                alpha *= 0.5
            else:
                break
            y, s = yt, st
        if newton > max_newton or final:
            break
        mu = max(mu * _MU_FACTOR, 0.5 * gap * n / K)
        # change of variables so that the centred point is y = 1, rows back
        # to unit max-norm: keeps the tolerances meaningful however
        # differently the partners' utilities are scaled
        col = col * y
        Ms = Ms * y[None, :]
        rn = np.max(np.abs(Ms), axis=1)
        rn[rn == 0] = 1.0
        Ms = Ms / rn[:, None]
        cs = cs / rn
        rnorm = rnorm * rn
        y = np.ones(n)
        s = cs - Ms @ y
    iterations = newton
    row_scale = 1.0 + np.abs(cs) + np.abs(Ms) @ np.ones(n)

    # polish on the identified face, then certify. The face is read off the
    # slacks; several readings are tried, the first certified one is kept.
    z = mu / s
    faces = []
    for active in (
        np.flatnonzero(s < z),
        *(np.flatnonzero(s <= tau) for tau in (1e-9, 1e-7, 1e-5, 1e-3)),
    ):
        if active.size and not any(np.array_equal(active, f) for f in faces):
            faces.append(active)
    best = None
    for cand, polished in [(f, True) for f in faces] + [(y, False)]:
        if polished:
            cand = _polish(Ms, cs, ws, y.copy(), cand)
            if cand is None or not np.all(cand > 0):
                continue
        stat, feas, zc = _kkt_check(Ms, cs, ws, cand, row_scale)
        score = max(stat, feas)
        if best is None or score < best[0]:
            best = (score, cand, zc, stat, feas, polished)
        if score <= 1e-13:
            break
    score, ybest, zbest, stat, feas, polished = best
    if not score <= 1e-10:
        raise ProgramFailure(
            f"the barrier method stopped after {iterations} Newton steps without a KKT "
            f"certificate (stationarity {stat:.2e}, feasibility {feas:.2e})"
        )
    z_full = np.zeros(M.shape[0])
    z_full[rows] = zbest / rnorm * wscale
    return ProgramResult(
        y=ybest * col,
        z=z_full,
        iterations=iterations,
        stationarity=stat,
        feasibility=feas,
        polished=polished,
    )


# linear programs (HiGHS through scipy)
@dataclass
class LPResult:
    x: np.ndarray | None
    fun: float
    status: int  # 0 optimal, 2 infeasible, 3 unbounded, other: failure
    message: str


def lp(c, A_ub=None, b_ub=None, A_eq=None, b_eq=None, bounds=(0, None)) -> LPResult:
    """``min c x`` by the HiGHS dual simplex, with tight tolerances."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = linprog(
            c,
            A_ub=A_ub,
            b_ub=b_ub,
            A_eq=A_eq,
            b_eq=b_eq,
            bounds=bounds,
            method="highs-ds",
            options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10},
        )
    x = None if res.x is None else np.asarray(res.x, dtype=float)
    fun = float(res.fun) if res.fun is not None else math.nan
    return LPResult(x, fun, int(res.status), str(res.message))


def interior_start(M: np.ndarray, c: np.ndarray) -> tuple[np.ndarray | None, float]:
    """A point ``y > 0`` with ``M y < c`` strictly, or ``(None, depth)``.

    ``depth`` is the largest ``tau`` with ``y >= tau`` and every slack at least
    ``tau`` times its row norm (the Chebyshev-like LP); ``<= 0`` means no such
    point. Rows with no positive entry and ``c >= 0`` hold for every ``y > 0``
    and are ignored.
    """
    keep = np.any(M > 0, axis=1) | (c < 0)
    Mk, ck = M[keep], c[keep]
    n = M.shape[1]
    if Mk.shape[0] == 0:
        return np.ones(n), math.inf
    if np.all(ck > 0):
        # each coordinate at a fraction of its reach along its own axis
        pos = np.maximum(Mk, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            reach = np.where(pos > 0, ck[:, None] / pos, np.inf).min(axis=0)
        if np.all(np.isfinite(reach)) and np.all(reach > 0):
            y = reach * (0.5 / max(int(np.max(np.sum(pos > 0, axis=1))), 1))
            if np.all(Mk @ y < ck):
                return y, float(np.min(y))
    rho = np.linalg.norm(Mk, axis=1)
    A = np.zeros((Mk.shape[0] + n, n + 1))
    A[: Mk.shape[0], :n] = Mk
    A[: Mk.shape[0], n] = rho
    A[Mk.shape[0]:, :n] = -np.eye(n)
    A[Mk.shape[0]:, n] = 1.0
    b = np.concatenate([ck, np.zeros(n)])
    cost = np.zeros(n + 1)
    cost[n] = -1.0
    res = lp(cost, A, b, bounds=[(None, None)] * (n + 1))
    if res.status != 0 or res.x is None:
        return None, (math.inf if res.status == 3 else -math.inf)
    tau = float(res.x[n])
    y = res.x[:n]
    if tau > 0 and np.all(y > 0) and np.all(Mk @ y < ck):
        return y, tau
    return None, tau
