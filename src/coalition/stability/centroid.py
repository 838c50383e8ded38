"""The centre of gravity of the core, and the mean of its vertices.
"""

from __future__ import annotations

import math

import numpy as np

from scipy.sparse import csr_matrix

from ..errors import EmptyCoreError, GameTooLargeError, InfeasibleError, SolverError
from ..game import Game
from ..game.scenarios import check_seed
from ..results import Allocation, Estimate
from ..sampling._polytope import check_walk, uniform_mean, warn_unmixed
from ._common import _check_game, _check_tol
from .sets import weber_vertices
from .vertices import _enumerate

__all__ = ['core_centroid', 'core_vertex_mean', 'estimate_core_centroid']

# The core of a game of n players has up to 2**n - 2 facets and, for a
# convex game, up to n! vertices (its marginal vectors). Qhull enumerates
# them in n - 1 dimensions; beyond this many players that does not finish
# in minutes even on games whose core is small (see benchmarks/RESULTS.md).
_CENTROID_MAX_N = 9
# Vertices beyond which the triangulation is refused (a convex game of 8
# players has 40,320 and takes about a minute).
_CENTROID_MAX_VERTICES = 50_000
# Relative size of a singular value of the centred vertices below which the
# direction is taken as outside the core's affine hull.
_FLAT = 1e-7


def _vertices(game: Game, tol: float, what: str) -> np.ndarray:
    game = _check_game(game)
    rel = _check_tol(tol)
    if game.n > _CENTROID_MAX_N:
        raise GameTooLargeError(
            f"`game` has {game.n} players; {what} enumerates the vertices of the core, which "
            f"has up to 2**n - 2 = {2 ** game.n - 2:,} facets and, for a convex game, up to "
            f"n! vertices in {game.n - 1} dimensions: it takes games of at most "
            f"{_CENTROID_MAX_N} players (estimate_core_centroid estimates it on larger ones, with "
            "its standard error)"
        )
    if game.n >= 8 and game.is_convex:
        # the core of a convex game is its Weber set: its vertices are the
        # distinct marginal vectors (Shapley 1971), counted before enumerating
        count = weber_vertices(game, max_orders=math.factorial(game.n)).shape[0]
        if count > _CENTROID_MAX_VERTICES:
            raise GameTooLargeError(
                f"`game` is convex with {count:,} distinct marginal vectors, each a vertex of its core; "
                f"{what} triangulates cores of at most {_CENTROID_MAX_VERTICES:,} vertices"
            )
    verts = _enumerate(game, rel)
    if verts.shape[0] > _CENTROID_MAX_VERTICES:
        raise GameTooLargeError(
            f"the core of `game` has {verts.shape[0]:,} vertices; {what} triangulates cores of at most "
            f"{_CENTROID_MAX_VERTICES:,} vertices"
        )
    if verts.shape[0] == 0:
        raise _empty(what)
    return verts


def _empty(what: str) -> EmptyCoreError:
    return EmptyCoreError(
        f"`game` has an empty core, so it has no {what.replace('_', ' ')[5:]}; "
        "is_balanced(game) gives the certificate and least_core(game) the nearest stable split"
    )


def _incidence(game: Game, verts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(tight, rows)``: ``tight[j, s]`` says whether the s-th proper,
    non-empty coalition is tight at vertex ``j`` (``x(S) = v(S)`` up to
    rounding); ``rows[s]`` is that coalition's 0/1 vector."""
    n = game.n
    x = game._to_worth_units(verts) if game.kind == "cost" else verts
    masks = np.arange(1, (1 << n) - 1, dtype=np.int64)
    rows = ((masks[:, None] >> np.arange(n)) & 1).astype(np.float64)
    worths = np.asarray(game.worths)[masks]
    # measured from the standalone worths, so that a large additive part of
    # the game (worths near 1e9, a core a few units wide) does not swamp the
    # tolerance
    base = np.asarray(game.worths)[1 << np.arange(n)]
    x = x - base
    worths = worths - rows @ base
    slack = x @ rows.T - worths[None, :]
    scale = max(float(np.max(np.abs(worths))), float(np.max(np.abs(x))), 1e-300)
    return np.abs(slack) <= 1e-7 * scale, rows


class _Faces:
    """Volume and centroid of the faces of a polytope given by its vertices
    and their incidence with the constraints, by the pulling triangulation:
    a face is the union of the cones from its first vertex over its facets
    that do not hold that vertex. Faces are memoized by their vertex sets."""

    def __init__(self, points: np.ndarray, tight: np.ndarray, rows: np.ndarray) -> None:
        self.p = points
        keep = tight.any(axis=0) & ~tight.all(axis=0)
        self.t = tight[:, keep]
        self.rows = rows[keep]  # the normal of each constraint
        self.memo: dict[bytes, tuple[float, np.ndarray]] = {}

    def measure(self, idx: np.ndarray, d: int) -> tuple[float, np.ndarray]:
        key = idx.tobytes()
        hit = self.memo.get(key)
        if hit is not None:
            return hit
        pts = self.p[idx]
        if idx.size == d + 1:  # a simplex
            edges = pts[1:] - pts[0]
            gram = edges @ edges.T
            vol = float(np.sqrt(max(np.linalg.det(gram), 0.0))) / math.factorial(d)
            out = (vol, pts.mean(axis=0))
        else:
            out = self._cones(idx, pts, d)
        self.memo[key] = out
        return out

    def _facets(self, idx: np.ndarray) -> list[tuple[np.ndarray, int]]:
        """The facets of the face with vertices `idx`: ``(mask over idx,
        column of a constraint that defines it)``. They are the largest of
        the proper subsets that one constraint holds tight."""
        sub = self.t[idx]
        counts = sub.sum(axis=0)
        cols = np.flatnonzero((counts > 0) & (counts < idx.size))
        cand = sub[:, cols].T
        seen: dict[bytes, int] = {}
        for r, packed in enumerate(np.packbits(cand, axis=1)):
            seen.setdefault(packed.tobytes(), r)
        first = np.fromiter(seen.values(), dtype=np.int64, count=len(seen))
        cand = cand[first]
        outside = cand.astype(np.int64) @ (~cand).T.astype(np.int64)  # |G_i minus G_j|
        np.fill_diagonal(outside, 1)
        maximal = ~(outside == 0).any(axis=1)
        return [(cand[r], int(cols[first[r]])) for r in np.flatnonzero(maximal)]

    def _cones(self, idx: np.ndarray, pts: np.ndarray, d: int) -> tuple[float, np.ndarray]:
        apex = pts[0]
        _, sv, vt = np.linalg.svd(pts - pts.mean(axis=0), full_matrices=False)
        if sv.size < d or sv[d - 1] <= _FLAT * max(sv[0], 1.0):
            # flatter than its rank in the face lattice says (rounding in the
            # incidences): no d-volume
            return 0.0, pts.mean(axis=0)
        basis = vt[:d]
        total, moment = 0.0, np.zeros(pts.shape[1])
        for f, col in self._facets(idx):
            if f[0]:
                continue  # a facet through the apex adds a cone of no volume
            g = idx[f]
            vol_g, c_g = self.measure(g, d - 1)
            # the height of the apex over the facet's hyperplane, within the face's flat
            normal = self.rows[col]
            h = abs(float(normal @ (apex - self.p[g[0]]))) / float(np.linalg.norm(basis @ normal))
            vol = h * vol_g / d
            total += vol
            moment += vol * (apex + d * c_g) / (d + 1)
        if total <= 0.0:
            return 0.0, pts.mean(axis=0)
        return total, moment / total


def _polytope_centroid(points: np.ndarray, tight: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, int]:
    """Volume centroid of the polytope with vertices `points` (rows) within
    its affine hull, and the dimension of that hull; ``tight[j, s]`` says
    whether vertex j is on the hyperplane of constraint s, whose normal is
    ``rows[s]``."""
    pts = np.asarray(points, dtype=np.float64)
    mean = pts.mean(axis=0)
    centred = pts - mean
    scale = float(np.max(np.abs(centred))) if pts.shape[0] > 1 else 0.0
    if scale == 0.0:
        return mean, 0
    u = centred / scale
    sv = np.linalg.svd(u, compute_uv=False)
    d = int(np.sum(sv > _FLAT * sv[0]))
    _, c = _Faces(u, tight, rows).measure(np.arange(pts.shape[0]), d)
    return mean + scale * c, d


def core_centroid(game: Game, *, tol: float = 1e-9) -> Allocation:
    r"""The centre of gravity of the core: the mean of a uniform random core allocation.

    .. math:: x^* = \frac{1}{\operatorname{vol}(C)} \int_C x \,\mathrm{d}x,

    with the volume taken within the affine hull of the core :math:`C` (the
    efficiency hyperplane, or a smaller flat when coalitions are tight at
    every core point). It is not the mean of the core's vertices
    (:func:`core_vertex_mean`), which leans towards wherever the core has
    many corners close together. A core that is a single point gives that
    point; a segment gives its midpoint.

    Parameters
    ----------
    game : Game
        At most 9 players.
    tol : float, default 1e-9
        Tolerance (relative to the scale of the game) on the emptiness of the
        core, as in :func:`core_vertices`.

    Returns
    -------
    Allocation
        Shares in ``game.players`` order (cost shares for a cost game), rule
        ``"core centroid"``.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    InvalidParameterError
        If `tol` is not a number in [0, 1).
    EmptyCoreError
        If the core is empty.
    GameTooLargeError
        If the game has more than 9 players, or its core more than 50,000
        vertices (a convex game of 9 players can have 362,880): the
        enumeration or the triangulation would not finish in minutes.
    SolverError
        If the LP solver or Qhull fails.

    Notes
    -----
    The vertices come from :func:`core_vertices`' enumeration (Qhull), and
    each is marked with the coalitions tight at it. Their affine hull is
    found by a singular value decomposition. The core is then cut into
    simplices by the pulling triangulation: a face is the union of the
    cones from its first vertex over those of its facets that miss that
    vertex, recursively down to simplices; the facets of a face are the
    largest sets of its vertices that one coalition holds tight. The
    centroids of the simplices, weighted by their volumes, give the
    centroid. Faces are computed once each. The cost grows with the number
    of faces: a core with a few thousand vertices takes seconds, the
    40,320 vertices of a convex game of 8 players about a minute.

    References
    ----------
    Barber, C. B., Dobkin, D. P. and Huhdanpaa, H. (1996). The Quickhull
    algorithm for convex hulls. ACM Transactions on Mathematical Software
    22(4), 469-483.

    Büeler, B., Enge, A. and Fukuda, K. (2000). Exact volume computation for
    polytopes: a practical study. In G. Kalai and G. M. Ziegler (eds.),
    Polytopes - Combinatorics and Computation, 131-154. Birkhäuser.

    De Loera, J. A., Rambau, J. and Santos, F. (2010). Triangulations,
    section 4.3 (pulling triangulations). Springer.

    Gillies, D. B. (1959). Solutions to general non-zero-sum games. In
    Contributions to the Theory of Games IV, 47-85. Princeton University Press.

    Examples
    --------
    Two partners: the core is the segment between their standalone worths,
    and its centre is the Shapley value.

    >>> import coalition as co
    >>> co.core_centroid(co.Game([0, 1, 2, 6])).as_dict()
    {'P1': 2.5, 'P2': 3.5}

    A core with four corners: its centre of gravity and the mean of its
    vertices differ.

    >>> g = co.Game([0, 0, 0, 2, 0, 2, 3, 5])
    >>> co.core_centroid(g).as_dict()
    {'P1': 1.1667, 'P2': 1.9167, 'P3': 1.9167}
    >>> co.core_vertex_mean(g).as_dict()
    {'P1': 1.0, 'P2': 2.0, 'P3': 2.0}
    """
    verts = _vertices(game, tol, "core_centroid")
    if verts.shape[0] == 1:
        x = verts[0]
    else:
        x, _ = _polytope_centroid(verts, *_incidence(game, verts))
        if not np.all(np.isfinite(x)):
            raise SolverError("core_centroid: the triangulation of the core gave no volume; "
                              "its vertices are too badly rounded for float64")
    return Allocation(game.players, x, "core centroid", game.kind)


def core_vertex_mean(game: Game, *, tol: float = 1e-9) -> Allocation:
    r"""The mean of the core's vertices (each corner counts once).

    .. math:: \bar x = \frac{1}{|V|} \sum_{v \in V} v,

    with :math:`V` the vertices of the core. It lies in the core but is not
    its centre of gravity (:func:`core_centroid`): a corner region with many
    vertices pulls it.

    Parameters
    ----------
    game : Game
        At most 9 players.
    tol : float, default 1e-9
        Tolerance (relative to the scale of the game) on the emptiness of the
        core, as in :func:`core_vertices`.

    Returns
    -------
    Allocation
        Shares in ``game.players`` order (cost shares for a cost game), rule
        ``"core vertex mean"``.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    InvalidParameterError
        If `tol` is not a number in [0, 1).
    EmptyCoreError
        If the core is empty.
    GameTooLargeError
        If the game has more than 9 players, or its core more than 50,000
        vertices.
    SolverError
        If the LP solver or Qhull fails.

    References
    ----------
    Shapley, L. S. (1971). Cores of convex games. International Journal of
    Game Theory 1(1), 11-26.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 0, 0, 2, 0, 2, 3, 5])
    >>> co.core_vertices(g).round(6) + 0.0
    array([[0., 2., 3.],
           [0., 3., 2.],
           [2., 0., 3.],
           [2., 3., 0.]])
    >>> co.core_vertex_mean(g).as_dict()
    {'P1': 1.0, 'P2': 2.0, 'P3': 2.0}
    """
    verts = _vertices(game, tol, "core_vertex_mean")
    return Allocation(game.players, verts.mean(axis=0), "core vertex mean", game.kind)


def estimate_core_centroid(game: Game, *, n_samples: int = 10_000, seed=0,
                           confidence: float = 0.95) -> Estimate:
    r"""Estimate the centre of gravity of the core from uniform random core allocations.

    The same point as :func:`core_centroid`, for cores too large to
    triangulate: the mean of a Markov chain whose stationary law is the
    uniform distribution on the core (coordinate hit-and-run), with a
    standard error and a confidence interval from batch means.

    Parameters
    ----------
    game : Game
        A game whose table fits in memory (the core has up to
        ``2**n - 2`` facets, and each step of the walk reads all of them).
    n_samples : int, default 10,000
        Sweeps of the walk that are kept (a sweep moves ``n - 1`` times,
        once per direction on average); a burn-in of a fifth as many (at
        least 50) runs first. At least 500: the standard error comes from
        25 batches, and batches shorter than 20 sweeps are correlated enough
        to make it too small. It falls as ``1 / sqrt(n_samples)``.
    seed : None, int or numpy.random.Generator, default 0
        The randomness of the walk; the same seed gives the same estimate.
    confidence : float, default 0.95
        Level of the confidence intervals, in (0, 1).

    Returns
    -------
    Estimate
        Shares in ``game.players`` order (cost shares for a cost game), rule
        ``"core centroid"``, with ``stderr`` and ``ci`` (from 25 batch
        means and Student's t with 24 degrees of freedom), ``n_permutations``
        the sweeps kept, ``n_evaluations`` the steps, and ``converged``
        False (with a :class:`~coalition.ConvergenceWarning`) when the batch
        means are visibly correlated, i.e. the walk has not mixed and the
        standard errors are too small. A core that is a single point is
        returned exactly, with zero standard errors.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    InvalidParameterError
        If `n_samples` is not an integer of at least 500, `seed` is not a
        seed, or `confidence` is not in (0, 1).
    EmptyCoreError
        If the core is empty.
    GameTooLargeError
        If the game's table does not fit in memory.
    SolverError
        If the linear programme for a starting point fails.

    Notes
    -----
    The core is ``{x : x(S) >= v(S) for every S, x(N) = v(N)}`` (in savings
    for a cost game). A short sequence of linear programmes finds a point of
    its relative interior and the coalitions tight at every core point; the
    walk runs in an orthonormal basis of the flat they leave (the
    efficiency hyperplane, or a smaller one), so "uniform" is with respect
    to the core's own volume, as for :func:`core_centroid`. Each step picks
    a direction, finds the chord of the core through the current point from
    the slacks of all coalitions, and moves to a uniform point of it (Smith
    1984). The directions are the axes of the core's shape, estimated by
    short pilot walks (the Cholesky factor of their covariance, refined
    until the core looks round in them), so a long thin core is crossed in
    a few steps (rounding the body, as in Lovász and Vempala 2006). The mean after each sweep is averaged in 25
    batches of equal length; their spread gives the standard error (batch
    means: Flegal and Jones 2010). The time is about
    ``n_samples * (n - 1) * 2**n`` operations: about a second for 12
    players at the default.

    References
    ----------
    Smith, R. L. (1984). Efficient Monte Carlo procedures for generating
    points uniformly distributed over bounded regions. Operations Research
    32(6), 1296-1308.

    Lovász, L. and Vempala, S. (2006). Simulated annealing in convex bodies
    and an O*(n^4) volume algorithm. Journal of Computer and System
    Sciences 72(2), 392-417.

    Flegal, J. M. and Jones, G. L. (2010). Batch means and spectral variance
    estimators in Markov chain Monte Carlo. The Annals of Statistics 38(2),
    1034-1070.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 0, 0, 2, 0, 2, 3, 5])
    >>> est = co.estimate_core_centroid(g, n_samples=20_000, seed=1)
    >>> exact = co.core_centroid(g)
    >>> bool(abs(est["P1"] - exact["P1"]) < 4 * est.stderr[0])
    True
    """
    game = _check_game(game)
    sweeps, conf = check_walk(n_samples, confidence)
    rng = check_seed(seed)
    n = game.n
    w = np.asarray(game.worths, dtype=np.float64)
    masks = np.arange(1, (1 << n) - 1, dtype=np.int64)
    rows = -((masks[:, None] >> np.arange(n)) & 1).astype(np.float64)
    a = csr_matrix(rows)
    b = -w[masks]
    single = w[1 << np.arange(n)]
    lo = single
    hi = w[-1] - (single.sum() - single)
    if np.any(hi < lo - 1e-9 * max(1.0, float(np.max(np.abs(w))))):
        raise _empty("core_centroid")
    hi = np.maximum(hi, lo)
    try:
        walk = uniform_mean(a, b, lo, hi, sweeps=sweeps, rng=rng, what="the core of `game`",
                            a_eq=np.ones((1, n)), b_eq=w[-1:])
    except InfeasibleError:
        raise _empty("core_centroid") from None
    x, stderr, (low, high), mixed = walk.linear(np.eye(n), np.zeros(n), conf)
    warn_unmixed(mixed, "estimate_core_centroid", walk.sweeps)
    if game.kind == "cost":
        x, low, high = game._from_worth_units(x), game._from_worth_units(high), game._from_worth_units(low)
    return Estimate(game.players, x, "core centroid", game.kind, stderr=stderr, ci=(low, high),
                    confidence=conf, n_evaluations=walk.sweeps * walk.dim, n_permutations=walk.sweeps,
                    converged=mixed, method="coordinate hit-and-run")

