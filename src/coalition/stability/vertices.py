"""The vertices of the core of a small game.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import HalfspaceIntersection, QhullError

from ..errors import (
    InvalidGameError,
    SolverError,
)
from ..game import Game
from . import _engine as _nu
from ._common import (
    _CORE_VERTICES_MAX_N,
    _check_game,
    _check_tol,
    _lp_tol,
    _table,
    _to_game,
)
from .least_core import _least_core_lp

__all__ = ['core_vertices']


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
    return _enumerate(game, rel)


def _enumerate(game: Game, rel: float) -> np.ndarray:
    """The vertices of the core (game units, sorted), ``(0, n)`` when it is
    empty; no limit on the number of players (the caller sets one)."""
    n = game.n
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
    # Corners closer than the rounding of the worths are one point (an
    # additive game in decimals, 0.1 + 0.2 against 0.3, has one corner, not
    # two an ulp apart); so are those of a core empty only by rounding, which
    # `relax` widened.
    close = 4 * n * relax * table.unit() + 64 * n * np.finfo(float).eps * table.raw
    keep: list[int] = []
    for k, p in enumerate(raw):
        if all(np.max(np.abs(p - raw[j])) > close for j in keep):
            keep.append(k)
    raw = raw[keep]
    return np.array([_to_game(game, p) for p in raw])
