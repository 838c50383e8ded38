"""The frontier form ``u_n <= f(u_1, ..., u_{n-1})``: feasibility, rays and the Nash point (private).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np

from ._logprog import _EPS, ProgramFailure


# the frontier form: u_n <= f(u_1, ..., u_{n-1})
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
        # w1 / (u1 - d1) + w2 f'(u1) / (f(u1) - d2), with f' by central
        # differences of f itself and one Richardson step (O(h^4)): the
        # logarithm of the second gain, small when that partner's power is,
        # is never differenced
        h = min(h, 0.5 * (u1 - d1), 0.5 * (upper - u1))
        if h <= 0:
            return math.nan
        val = f(np.array([u1]))
        if math.isnan(val):
            return math.nan
        if val <= d2:
            return -math.inf
        pts = [f(np.array([u1 + t])) for t in (h, -h, 0.5 * h, -0.5 * h)]
        if any(math.isnan(p) for p in pts):
            return math.nan
        wide = (pts[0] - pts[1]) / (2 * h)
        narrow = (pts[2] - pts[3]) / h
        return w[0] / (u1 - d1) + w[1] * ((4 * narrow - wide) / 3) / (val - d2)

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

    Damped Newton's method on the concave objective in the logarithms of the
    first ``n - 1`` gains, with central-difference derivatives: a step in
    ``log y`` is a relative step in each gain, so gains of very different
    sizes (bargaining powers of 1000 to 1) are differentiated alike. Returns
    ``(gains, grad_norm, iterations)``; the caller checks the gradient norm,
    ``max |y_i d phi / d y_i| / sum(w)``.
    """
    m = y0.size
    dn = float(d[-1])
    head0 = d[:-1]

    def phi(z):
        y = np.exp(z)
        if not np.all(np.isfinite(y)) or np.any(y <= 0):
            return -math.inf
        val = f(head0 + y)
        if math.isnan(val) or val <= dn:
            return -math.inf
        return float(w[:-1] @ z) + w[-1] * math.log(val - dn)

    def grad_hess(z):
        # derivatives of f itself (smooth, O(1)), not of the logarithm of the
        # last gain, which is small when the last partner's power is: the
        # chain rule divides by that gain only once the differences are taken
        y = np.exp(z)
        u = head0 + y
        F = f(u)
        if math.isnan(F) or F <= dn:
            return -math.inf, np.full(m, np.nan), np.zeros((m, m))
        G = F - dn
        h = np.minimum(_EPS ** (1 / 3) * np.maximum(np.abs(u), y), 0.25 * y)
        hh = np.minimum(_EPS ** 0.25 * np.maximum(np.abs(u), y), 0.25 * y)
        fg = np.empty(m)
        fH = np.empty((m, m))
        for i in range(m):
            e = np.zeros(m)
            e[i] = h[i]
            fg[i] = (f(u + e) - f(u - e)) / (2 * h[i])
            e[i] = hh[i]
            fH[i, i] = (f(u + e) - 2 * F + f(u - e)) / hh[i] ** 2
        for i in range(m):
            for j in range(i + 1, m):
                e_i = np.zeros(m)
                e_j = np.zeros(m)
                e_i[i] = hh[i]
                e_j[j] = hh[j]
                fH[i, j] = fH[j, i] = (f(u + e_i + e_j) - f(u + e_i - e_j) - f(u - e_i + e_j)
                                       + f(u - e_i - e_j)) / (4 * hh[i] * hh[j])
        yf = y * fg
        g = w[:-1] + w[-1] * yf / G
        H = w[-1] * (np.diag(yf) + np.outer(y, y) * fH) / G - w[-1] * np.outer(yf, yf) / G**2
        return float(w[:-1] @ z) + w[-1] * math.log(G), g, H

    z = np.log(y0.astype(float))
    gnorm = math.inf
    for it in range(max_iter):
        f0, g, H = grad_hess(z)
        if not np.all(np.isfinite(g)):
            raise ProgramFailure("the frontier could not be differentiated near the solution")
        gnorm = float(np.max(np.abs(g)) / w.sum())
        if gnorm <= 1e-11:
            return np.exp(z), gnorm, it
        try:
            L = np.linalg.cholesky(-H)
            step = np.linalg.solve(L.T, np.linalg.solve(L, g))
        except np.linalg.LinAlgError:
            step = g / np.maximum(w[:-1], 1e-300)
        step = np.clip(step, -2.0, 2.0)  # a gain moves by a factor e**2 at most per step
        alpha = 1.0
        slope = float(g @ step)
        for _ in range(60):
            trial = z + alpha * step
            ft = phi(trial)
            if ft >= f0 + 1e-4 * alpha * slope or (ft >= f0 and alpha < 1e-6):
                break
            alpha *= 0.5
        else:
            break
        if np.max(np.abs(alpha * step)) < 1e-15:
            break
        z = z + alpha * step
    f0, g, H = grad_hess(z)
    gnorm = float(np.max(np.abs(g)) / w.sum())
    return np.exp(z), gnorm, max_iter
