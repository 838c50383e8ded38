"""Numerical core of :mod:`coalition.bargaining` (private).

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
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog, nnls

__all__: list[str] = []

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


# ---------------------------------------------------------------------------
# the log program
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# linear programs (HiGHS through scipy)
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# the frontier form: u_n <= f(u_1, ..., u_{n-1})
# ---------------------------------------------------------------------------
class Frontier:
    """A frontier function with safe evaluation (NaN outside its domain).

    With `origin` ``o`` and `unit` ``s`` it is evaluated in normalised units:
    ``y_n <= (f(o_head + s y_head) - o_n) / s``; the feasible set in these
    units is the user's set shifted to ``o`` and shrunk by ``s``.
    """

    def __init__(self, func: Callable, n: int, origin: np.ndarray | None = None, unit: float = 1.0) -> None:
        self.func = func
        self.n = n
        self.calls = 0
        self.origin = np.zeros(n) if origin is None else np.asarray(origin, dtype=float)
        self.unit = float(unit)

    def raw(self, head: np.ndarray) -> float:
        """``f(head)`` in the user's units (NaN where undefined)."""
        self.calls += 1
        arg = float(head[0]) if self.n == 2 else np.array(head, dtype=float)
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                val = self.func(arg)
        except (ValueError, ArithmeticError):
            return math.nan
        if isinstance(val, (str, bytes)):
            raise FrontierValueError(val)
        try:
            arr = np.asarray(val)
            if np.iscomplexobj(arr):
                raise TypeError
            out = float(arr.astype(float).reshape(()))
        except (TypeError, ValueError, OverflowError):
            raise FrontierValueError(val) from None
        if out == math.inf:
            raise FrontierUnbounded(head)
        return out if math.isfinite(out) else math.nan

    def __call__(self, head: np.ndarray) -> float:
        head = np.asarray(head, dtype=float)
        with np.errstate(all="ignore"):
            raw_head = self.origin[:-1] + self.unit * head
            val = self.raw(raw_head)
            out = (val - self.origin[-1]) / self.unit
        if out == math.inf:
            raise FrontierUnbounded(raw_head)
        return out if math.isfinite(out) else math.nan


class FrontierValueError(Exception):
    def __init__(self, value):
        self.value = value


class FrontierUnbounded(Exception):
    def __init__(self, head):
        self.head = np.array(head, dtype=float)


def frontier_feasible(f: Frontier, u: np.ndarray) -> bool:
    """Is ``u`` feasible: f defined at its head and ``u_n <= f(head)``."""
    val = f(u[:-1])
    return not math.isnan(val) and u[-1] <= val


def ray_max(inside: Callable[[float], bool], scale: float, *, limit: float = 1e15) -> float:
    """Largest ``t >= 0`` with ``inside(t)``, for a predicate true on an
    interval ``[0, t*]`` (a convex set cut by a ray). ``inf`` if unbounded."""
    lo, hi = 0.0, max(scale, 1e-300)
    while inside(hi):
        lo = hi
        hi *= 2.0
        if hi > limit * max(scale, 1.0):
            return math.inf
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid <= lo or mid >= hi:
            break
        if inside(mid):
            lo = mid
        else:
            hi = mid
    return lo


def nash_frontier_2(f: Frontier, d: np.ndarray, w: np.ndarray, upper: float) -> float:
    """Nash point of ``u2 <= f(u1)`` on ``(d1, upper]``: returns ``u1``.

    The log objective is concave in ``u1``; its central-difference slope is a
    decreasing function, whose sign change is found by bisection (Brent).
    A kink of the frontier is located by a second, finer bisection.
    """
    from scipy.optimize import brentq

    d1, d2 = float(d[0]), float(d[1])
    width = upper - d1

    def phi(u1):
        val = f(np.array([u1]))
        if math.isnan(val) or val <= d2 or u1 <= d1:
            return -math.inf
        return w[0] * math.log(u1 - d1) + w[1] * math.log(val - d2)

    def slope(u1, h):
        # central differences with one Richardson step: O(h^4) truncation
        h = min(h, 0.5 * (u1 - d1), 0.5 * (upper - u1))
        if h <= 0:
            return math.nan
        wide = (phi(u1 + h) - phi(u1 - h)) / (2 * h)
        narrow = (phi(u1 + 0.5 * h) - phi(u1 - 0.5 * h)) / h
        return (4 * narrow - wide) / 3

    h = _EPS ** (1 / 3) * max(width, abs(upper), abs(d1), 1e-300)
    # the slope is +inf near d1; find a point where it is positive
    a = d1 + 0.25 * width
    for _ in range(200):
        g = slope(a, h)
        if g > 0:
            break
        a = d1 + 0.25 * (a - d1)
    # and one where it is negative, or the corner at `upper`
    b = upper - 0.25 * width
    gb = slope(b, h)
    for _ in range(200):
        if not gb >= 0:
            break
        nb = upper - 0.25 * (upper - b)
        if nb <= b:
            break
        b = nb
        gb = slope(b, h)
    if gb >= 0 or math.isnan(gb):
        # objective still increasing where the domain ends: the corner
        return upper
    if b <= a:
        a, b = d1 + 0.5 * (b - d1), b
    u1 = brentq(lambda t: slope(t, h), a, b, xtol=1e-15 * max(1.0, abs(b)), rtol=4 * _EPS, maxiter=200)
    # kink test: across a kink the slope drops by far more than the curvature
    # seen on a wider stencil would predict
    wide = 0.01 * width
    near = (slope(u1 - 2 * h, h) - slope(u1 + 2 * h, h)) / (4 * h)
    far = (slope(u1 - wide, h) - slope(u1 + wide, h)) / (2 * wide)
    if math.isfinite(near) and math.isfinite(far) and near > 10 * max(far, 0) + 1e-300:
        lo, hi = u1 - 4 * h, u1 + 4 * h
        hk = 1e-10 * max(width, abs(u1))
        if slope(lo, hk) > 0 > slope(hi, hk):
            for _ in range(200):
                mid = 0.5 * (lo + hi)
                if mid <= lo or mid >= hi:
                    break
                if slope(mid, hk) > 0:
                    lo = mid
                else:
                    hi = mid
            u1 = 0.5 * (lo + hi)
    return float(u1)


def nash_frontier_n(f: Frontier, d: np.ndarray, w: np.ndarray, y0: np.ndarray, *, max_iter: int = 200):
    """Nash point of ``u_n <= f(u_-n)`` for three or more partners.

    Damped Newton's method on the concave objective in the first ``n - 1``
    gains, with central-difference derivatives. Returns ``(gains, grad_norm,
    iterations)``; the caller checks the gradient norm.
    """
    m = y0.size
    dn = float(d[-1])
    head0 = d[:-1]

    def phi(y):
        if np.any(y <= 0):
            return -math.inf
        val = f(head0 + y)
        if math.isnan(val) or val <= dn:
            return -math.inf
        return float(w[:-1] @ np.log(y)) + w[-1] * math.log(val - dn)

    def grad_hess(y):
        h = _EPS ** (1 / 3) * np.maximum(np.abs(head0 + y), np.maximum(y, 1e-300))
        h = np.minimum(h, 0.25 * y)
        g = np.empty(m)
        H = np.empty((m, m))
        f0 = phi(y)
        fp = np.empty(m)
        fm = np.empty(m)
        for i in range(m):
            e = np.zeros(m)
            e[i] = h[i]
            fp[i] = phi(y + e)
            fm[i] = phi(y - e)
            g[i] = (fp[i] - fm[i]) / (2 * h[i])
            H[i, i] = (fp[i] - 2 * f0 + fm[i]) / h[i] ** 2
        hh = np.maximum(h, _EPS ** 0.25 * np.maximum(np.abs(head0 + y), y))
        hh = np.minimum(hh, 0.25 * y)
        for i in range(m):
            for j in range(i + 1, m):
                e_i = np.zeros(m)
                e_j = np.zeros(m)
                e_i[i] = hh[i]
                e_j[j] = hh[j]
                val = (phi(y + e_i + e_j) - phi(y + e_i - e_j) - phi(y - e_i + e_j) + phi(y - e_i - e_j)) / (4 * hh[i] * hh[j])
                H[i, j] = H[j, i] = val
        return f0, g, H

    y = y0.astype(float).copy()
    gnorm = math.inf
    for it in range(max_iter):
        f0, g, H = grad_hess(y)
        if not np.all(np.isfinite(g)):
            raise ProgramFailure("the frontier could not be differentiated near the solution")
        gnorm = float(np.max(np.abs(g * y)) / w.sum())
        if gnorm <= 1e-11:
            return y, gnorm, it
        try:
            L = np.linalg.cholesky(-H)
            step = np.linalg.solve(L.T, np.linalg.solve(L, g))
        except np.linalg.LinAlgError:
            step = g * y**2 / np.maximum(w[:-1], 1e-300)
        alpha = 1.0
        slope = float(g @ step)
        for _ in range(60):
            trial = y + alpha * step
            if np.all(trial > 0):
                ft = phi(trial)
                if ft >= f0 + 1e-4 * alpha * slope or (ft >= f0 and alpha < 1e-6):
                    break
            alpha *= 0.5
        else:
            break
        if np.max(np.abs(alpha * step) / y) < 1e-15:
            break
        y = y + alpha * step
    f0, g, H = grad_hess(y)
    gnorm = float(np.max(np.abs(g * y)) / w.sum())
    return y, gnorm, max_iter


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


# ---------------------------------------------------------------------------
# outcome points: the convex hull
# ---------------------------------------------------------------------------
def pareto_chain_2d(V: np.ndarray) -> np.ndarray:
    """Vertices of the Pareto part of the convex hull of two-column points.

    Returns the vertices in order of increasing first (decreasing second)
    coordinate, from the outcome best for the second partner to the one best
    for the first. Together with the two caps ``u1 <= chain[-1, 0]`` and
    ``u2 <= chain[0, 1]`` the chain's edges describe the free-disposal hull
    exactly (Andrew's monotone chain on the Pareto-maximal points).
    """
    order = np.lexsort((-V[:, 1], -V[:, 0]))  # u1 descending, ties u2 descending
    P = V[order]
    best_before = np.maximum.accumulate(np.concatenate([[-np.inf], P[:-1, 1]]))
    P = P[P[:, 1] > best_before][::-1]  # Pareto-maximal, u1 ascending, u2 descending
    hull: list[tuple[float, float]] = []
    for x, y in P.tolist():
        while len(hull) >= 2:
            (x0, y0), (x1, y1) = hull[-2], hull[-1]
            # drop the middle point unless the chain turns clockwise there
            if (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0) >= 0:
                hull.pop()
            else:
                break
        hull.append((x, y))
    return np.array(hull, dtype=float).reshape(-1, 2)


def chain_halfplanes(chain: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Inequalities ``Q u <= beta`` (rows of ``Q`` non-negative) describing the
    free-disposal hull whose Pareto chain is `chain`."""
    a, b = chain[:-1], chain[1:]
    Q = np.column_stack([a[:, 1] - b[:, 1], b[:, 0] - a[:, 0]])
    beta = np.einsum("ij,ij->i", Q, a)
    Q = np.vstack([Q, [[1.0, 0.0], [0.0, 1.0]]])
    beta = np.concatenate([beta, [chain[-1, 0], chain[0, 1]]])
    return Q, beta


def nash_chain_2d(chain: np.ndarray, w: np.ndarray) -> np.ndarray | None:
    """Maximiser of ``w1 log u1 + w2 log u2`` over the free-disposal hull
    with Pareto chain `chain` (disagreement point at the origin).

    The objective increases in both utilities, so the maximum lies on the
    chain; on each edge ``a + t (b - a)`` its stationary point is in closed
    form, ``t = -(w1 e1 a2 + w2 e2 a1) / ((w1 + w2) e1 e2)`` with
    ``e = b - a``, clipped to the edge. ``None`` if no point of the chain
    beats the origin in both coordinates.
    """
    if chain.shape[0] == 1:
        u = chain[0]
        return u.copy() if np.all(u > 0) else None
    a, b = chain[:-1], chain[1:]
    e = b - a
    with np.errstate(divide="ignore", invalid="ignore"):
        t = -(w[0] * e[:, 0] * a[:, 1] + w[1] * e[:, 1] * a[:, 0]) / ((w[0] + w[1]) * e[:, 0] * e[:, 1])
    t = np.clip(np.nan_to_num(t, nan=0.0), 0.0, 1.0)
    cand = np.vstack([a + t[:, None] * e, chain])
    ok = np.all(cand > 0, axis=1)
    if not ok.any():
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        val = np.where(ok, np.log(np.where(ok[:, None], cand, 1.0)) @ w, -np.inf)
    return cand[int(np.argmax(val))].copy()


def nash_points_cuts(V: np.ndarray, w: np.ndarray, start: np.ndarray, *, max_rounds: int = 500):
    """Nash point of the free-disposal hull of the rows of `V` (disagreement
    at the origin, ``sum(w) == 1``), by constraint generation on the dual.

    The dual program maximises ``sum w_i log p_i`` subject to ``v_k . p <= 1``
    for every outcome; its solution gives ``u = w / p``. It is solved on a
    few outcomes (`start`, whose hull must hold a point above the origin),
    then the outcome that violates its constraint most is added, until none
    does: a solution of the smaller program that satisfies every constraint
    solves the full one. Returns ``(u, result of the last program, rounds)``.
    """
    m = V.shape[0]
    active = np.zeros(m, dtype=bool)
    active[np.asarray(start, dtype=int)] = True
    for rounds in range(1, max_rounds + 1):
        idx = np.flatnonzero(active)
        M = V[idx]
        y0, _ = interior_start(M, np.ones(idx.size))
        if y0 is None:
            raise ProgramFailure("no interior start for the restricted program")
        res = log_program(M, np.ones(idx.size), w, y0)
        scores = V @ res.y
        scores[active] = -np.inf
        k = int(np.argmax(scores))
        if not scores[k] > 1.0 + 1e-12:
            z = np.zeros(m)
            z[idx] = res.z
            return w / res.y, ProgramResult(res.y, z, res.iterations, res.stationarity,
                                            max(res.feasibility, max(float(scores[k]) - 1.0, 0.0)),
                                            res.polished), rounds
        # add the most violated outcomes (a few at once, in distinct directions)
        top = np.argpartition(-scores, min(V.shape[1], m - 1))[: V.shape[1]]
        top = top[scores[top] > 1.0 + 1e-12]
        active[k] = True
        active[top] = True
    raise ProgramFailure(f"constraint generation did not close after {max_rounds} rounds")
