"""The mean of the uniform distribution on a bounded polytope, by coordinate
hit-and-run with batch means (private).

Used for the centre of gravity of a core too large to triangulate and for
the expected shares over the completions of a partially known game. The
polytope is ``{x : lo <= x <= hi, A x <= b}`` with every ``lo``, ``hi``
finite (so it is bounded). It may be flat (coalitions tight at every point):
its implicit equalities are found by a short sequence of linear programmes
(each row that some point leaves slack is slack at the average of those
points), the walk then runs in an orthonormal basis of the flat, and the
uniform law is the one of the flat's own volume.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.linalg import null_space
from scipy.optimize import linprog
from scipy.sparse import csc_matrix, csr_matrix, hstack, identity, vstack

from .._kernels.polytope import coordinate_walk
from .._numbers import _real, _show
from ..errors import ConvergenceWarning, InfeasibleError, InvalidParameterError, SolverError
from ._checks import _whole
from ._run import _t_quantile

#: batches of the batch-means standard error (Student t with one fewer degrees of freedom)
N_BATCHES = 25
#: fewest sweeps kept: batches of 20 sweeps (interval coverage 0.91-0.94 at 250 sweeps, 0.94-0.95 at 1,000)
MIN_SWEEPS = 500
#: polytopes of at most this many dimensions are walked in the axes of a pilot walk's covariance
_WHITEN_MAX = 64
#: pilot walks at most
_ROUNDS = 8
#: lag-1 autocorrelation of the batch means above which the walk is said not to have mixed
_MIXING = 0.6


@dataclass(frozen=True)
class UniformMean:
    """The walk's estimate: ``mean`` (d,) and the batch means ``batches``
    (N_BATCHES, d) in the caller's coordinates; ``dim`` is the dimension of
    the polytope (0: a point, known exactly); ``sweeps`` the sweeps kept."""

    mean: np.ndarray
    batches: np.ndarray
    dim: int
    sweeps: int

    def linear(self, c: np.ndarray, const: np.ndarray, confidence: float) -> tuple:
        """``const + c @ x`` at the mean, its standard error, confidence
        interval and whether the batch means look independent."""
        est = const + c @ self.mean
        if self.dim == 0:
            return est, np.zeros_like(est), (est.copy(), est.copy()), True
        return batch_interval(self.batches @ c.T, confidence, centre=est)


def batch_interval(batches: np.ndarray, confidence: float, centre: np.ndarray | None = None) -> tuple:
    """``(mean, stderr, (low, high), mixed)`` from batch means (K, p): the
    Student-t interval on K - 1 degrees of freedom around `centre` (default
    the mean of the batches), and whether their lag-1 autocorrelation stays
    below ``_MIXING`` for every column."""
    k = batches.shape[0]
    est = batches.mean(axis=0) if centre is None else centre
    stderr = batches.std(axis=0, ddof=1) / np.sqrt(k)
    half = _t_quantile(confidence, k - 1) * stderr
    centred = batches - batches.mean(axis=0)
    denom = (centred ** 2).sum(axis=0)
    lag1 = np.where(denom > 0, (centred[1:] * centred[:-1]).sum(axis=0) / np.where(denom > 0, denom, 1.0), 0.0)
    return est, stderr, (est - half, est + half), bool(np.all(lag1 < _MIXING))


def uniform_mean(a: csr_matrix, b: np.ndarray, lo: np.ndarray, hi: np.ndarray, *, sweeps: int,
                 rng: np.random.Generator, what: str, a_eq: np.ndarray | None = None,
                 b_eq: np.ndarray | None = None) -> UniformMean:
    """Estimate the mean of the uniform law on ``{lo <= x <= hi, a x <= b,
    a_eq x = b_eq}`` from `sweeps` sweeps after a burn-in of a fifth as many
    (at least 50). `what` names the polytope in errors."""
    walk = _prepare(a, b, lo, hi, a_eq, b_eq, rng, what)
    if walk.dim == 0:
        return UniformMean(walk.point, np.tile(walk.point, (N_BATCHES, 1)), 0, 0)
    per = max(1, -(-sweeps // N_BATCHES))
    means = _walk(walk.rows, walk.rhs, walk.z, walk.lo, walk.hi, max(sweeps // 5, 50), N_BATCHES, per,
                  _words(rng), what)
    batches = walk.to_x(means)
    return UniformMean(batches.mean(axis=0), batches, walk.dim, per * N_BATCHES)


def uniform_points(a: csr_matrix, b: np.ndarray, lo: np.ndarray, hi: np.ndarray, *, n_points: int, thin: int,
                   rng: np.random.Generator, what: str) -> np.ndarray:
    """``n_points`` points of the same walk, one every `thin` sweeps after a
    burn-in of a fifth as many sweeps (at least 50): (n_points, d)."""
    walk = _prepare(a, b, lo, hi, None, None, rng, what)
    if walk.dim == 0:
        return np.tile(walk.point, (n_points, 1))
    total = n_points * thin
    points = _walk(walk.rows, walk.rhs, walk.z, walk.lo, walk.hi, max(total // 5, 50), total, 1, _words(rng), what)
    return walk.to_x(points[thin - 1::thin])


@dataclass
class _Prepared:
    """A polytope ready to walk: rows ``rows z <= rhs`` and bounds in the
    walk's coordinates ``z`` (start ``z``), their dimension, and the map
    back to the caller's ``x`` (or the one point when ``dim == 0``)."""

    rows: object
    rhs: np.ndarray
    z: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    dim: int
    centre: np.ndarray
    scale: float
    origin: np.ndarray
    basis: np.ndarray | None
    shape: np.ndarray | None
    point: np.ndarray | None = None

    def to_x(self, z: np.ndarray) -> np.ndarray:
        if self.shape is not None:
            z = z @ self.shape.T
        y = self.origin + (z if self.basis is None else z @ self.basis.T)
        return self.centre + y * self.scale


def _prepare(a, b, lo, hi, a_eq, b_eq, rng, what) -> _Prepared:
    """The walk runs on ``x - c`` with ``c`` the centre of the box, in units of
    the largest number left: a polytope a few units wide around 1e9 (a game
    with a large additive part) keeps its width to rounding. A flat polytope
    is walked in an orthonormal basis of its flat; a small one in the axes of
    its shape (:func:`_whiten`)."""
    d = lo.size
    b_eq = np.zeros(0) if b_eq is None else np.asarray(b_eq, dtype=np.float64)
    a_eq = np.zeros((0, d)) if a_eq is None else np.asarray(a_eq, dtype=np.float64).reshape(b_eq.size, d)
    a = csr_matrix(a, shape=(b.size, d))
    centre = (lo + hi) / 2
    lo, hi = lo - centre, hi - centre
    b = b - a @ centre
    b_eq = b_eq - a_eq @ centre
    scale = max(float(np.max(np.abs(np.concatenate([lo, hi, b, b_eq, [0.0]])))), 1e-300)
    g = vstack([a, identity(d, format="csr"), -identity(d, format="csr")], format="csr")
    h = np.concatenate([b, hi, -lo]) / scale
    x0, eq = _relative_interior(g, h, a_eq, b_eq / scale, what)
    if not eq.any() and b_eq.size == 0:
        # the walk runs in x itself: sparse rows, the box as bounds
        rows, rhs, z, dim = csr_matrix(a), b / scale, x0.copy(), d
        z_lo, z_hi = lo / scale, hi / scale
        origin, basis = np.zeros(d), None
    else:
        flat = np.vstack([a_eq, g[eq].toarray()])
        # onto the flat exactly: the programme met the equalities only to its tolerance
        x0 = x0 - np.linalg.lstsq(flat, flat @ x0 - np.concatenate([b_eq / scale, h[eq]]), rcond=None)[0]
        basis = null_space(flat)
        dim = basis.shape[1]
        if dim == 0:
            return _Prepared(None, np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0), 0, centre, scale,
                             x0, None, None, point=centre + x0 * scale)
        rest = ~eq
        dense = np.asarray(g[rest] @ basis)
        keep = np.any(np.abs(dense) > 1e-12, axis=1)  # rows constant on the flat are slack at x0
        rows, rhs = dense[keep], (h[rest] - g[rest] @ x0)[keep]
        z, z_lo, z_hi = np.zeros(dim), np.full(dim, -np.inf), np.full(dim, np.inf)
        origin = x0
    shape = None
    if dim <= _WHITEN_MAX:
        rows, rhs, z, z_lo, z_hi, shape = _whiten(rows, rhs, z, z_lo, z_hi, _words(rng), what)
    return _Prepared(rows, rhs, z, z_lo, z_hi, dim, centre, scale, origin, basis, shape)


def _words(rng: np.random.Generator) -> np.ndarray:
    return rng.integers(1, 2**63 - 1, size=4, dtype=np.int64).astype(np.uint64)


def _walk(rows, rhs, z, lo, hi, burn, n_batches, per, words, what) -> np.ndarray:
    cols = csc_matrix(rows)
    means, status = coordinate_walk(z, rhs, lo, hi, cols.indptr.astype(np.int64), cols.indices.astype(np.int64),
                                    cols.data.astype(np.float64), burn, n_batches, per, words)
    if status != 0:
        raise SolverError(f"{what}: the walk met an unbounded chord; the polytope is not bounded")
    return means


def _whiten(rows, rhs, z, lo, hi, words, what):
    """Steps along the axes of a long thin polytope are short and the walk
    crawls. Pilot walks estimate the covariance ``C = L L^T`` of the uniform
    law; the main walk then moves along the columns of ``L`` (in the
    coordinates ``w`` with ``z = L w`` the polytope is roughly round), which
    leaves the uniform law uniform (a linear map has a constant Jacobian).
    A pilot that crawled sees too little of the long directions, so pilots
    repeat in the new coordinates until their covariance is near the
    identity (at most ``_ROUNDS`` times). Returns the rows, bounds and start
    in ``w`` and ``L`` (None when the covariance is singular)."""
    dim = z.size
    dense = rows.toarray() if hasattr(rows, "toarray") else np.asarray(rows)
    up, down = np.isfinite(hi), np.isfinite(lo)
    if up.any() or down.any():  # the box becomes rows: a bound on z is not a bound on w
        eye = np.eye(dim)
        dense = np.vstack([dense, eye[up], -eye[down]])
        rhs = np.concatenate([rhs, hi[up], -lo[down]])
    inf = np.full(dim, np.inf)
    shape = np.eye(dim)
    w = z.copy()
    pilot = max(20 * dim, 200)
    for k in range(_ROUNDS):
        points = _walk(dense @ shape, rhs, w, -inf, inf, 50, pilot, 1, words + np.uint64(k), what)
        cov = np.cov(points, rowvar=False).reshape(dim, dim)
        ridge = 1e-12 * max(float(np.trace(cov)) / dim, 1e-300)
        try:
            step = np.linalg.cholesky(cov + ridge * np.eye(dim))
        except np.linalg.LinAlgError:
            return rows, rhs[: rows.shape[0]], z, lo, hi, None
        shape = shape @ step
        w = np.linalg.solve(step, w)
        eig = np.linalg.eigvalsh(cov)
        if eig[0] > 0 and eig[-1] / eig[0] < 4.0:
            break
    return dense @ shape, rhs, w, -inf, inf, shape


def _relative_interior(g: csr_matrix, h: np.ndarray, a_eq: np.ndarray, b_eq: np.ndarray,
                       what: str) -> tuple[np.ndarray, np.ndarray]:
    """A point of the relative interior of ``{g x <= h, a_eq x = b_eq}`` and
    the rows of `g` that hold with equality at every point (the implicit
    equalities).

    The first programme maximises one slack ``t`` in [0, 1] shared by every
    row: if it is positive, no row is an implicit equality. Otherwise each
    programme maximises the sum of slacks ``t_i`` in [0, 1] of the rows not
    yet known to be slack somewhere; the rows it leaves slack leave the set.
    When no row of the set can be made slack, the set is the implicit
    equalities. The average of the programmes' points is slack on every other
    row."""
    m, d = g.shape
    eq = dict(A_eq=np.hstack([a_eq, np.zeros((a_eq.shape[0], 1))]), b_eq=b_eq) if b_eq.size else {}
    x, t = _solve(np.concatenate([np.zeros(d), [-1.0]]), hstack([g, np.ones((m, 1))], format="csr"), h,
                  [(None, None)] * d + [(0.0, 1.0)], eq, what, d)
    if t[0] > 1e-9:
        return x, np.zeros(m, dtype=bool)
    todo = np.ones(m, dtype=bool)
    points = []
    for _ in range(m + 1):
        idx = np.flatnonzero(todo)
        pick = csr_matrix((np.ones(idx.size), (idx, np.arange(idx.size))), shape=(m, idx.size))
        eq = dict(A_eq=np.hstack([a_eq, np.zeros((a_eq.shape[0], idx.size))]), b_eq=b_eq) if b_eq.size else {}
        x, t = _solve(np.concatenate([np.zeros(d), -np.ones(idx.size)]), hstack([g, pick], format="csr"), h,
                      [(None, None)] * d + [(0.0, 1.0)] * idx.size, eq, what, d)
        slack = t > 1e-9
        if not slack.any():
            break
        points.append(x)
        todo[idx[slack]] = False
        if not todo.any():
            break
    if not points:
        points.append(x)
    x0 = np.mean(points, axis=0)
    return x0, todo


def _solve(c, a_ub, b_ub, bounds, eq, what, d):
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs", **eq)
    if res.status == 2:
        raise InfeasibleError(f"{what} is empty")
    if res.status != 0:
        raise SolverError(f"{what}: the linear programme for an interior point failed ({res.message})")
    return res.x[:d], res.x[d:]


def warn_unmixed(mixed: bool, what: str, sweeps: int) -> None:
    """The warning when the batch means are correlated."""
    if not mixed:
        warnings.warn(
            f"{what}: the batch means of the walk are correlated after {sweeps:,} sweeps, so the standard "
            "errors understate the error; raise `n_samples`", ConvergenceWarning, stacklevel=3)


def check_walk(n_samples, confidence) -> tuple[int, float]:
    """`n_samples` (sweeps kept, at least MIN_SWEEPS) and `confidence`, or a clear error."""
    sweeps = _whole("n_samples", n_samples, MIN_SWEEPS, 10**9, f"an integer of at least {MIN_SWEEPS}",
                    " (25 batches of 20 sweeps: shorter batches are correlated and the standard errors "
                    "too small)")
    conf = _real(confidence, "confidence", expected="in (0, 1)", allow_nonfinite=True)
    if not 0 < conf < 1:
        raise InvalidParameterError(f"`confidence` must be in (0, 1), got {_show(confidence)}")
    return sweeps, float(conf)
