"""Outcome points: the Pareto part of their convex hull and the Nash point on it (private).
"""

from __future__ import annotations

import numpy as np

from ._logprog import ProgramFailure, ProgramResult, interior_start, log_program


# outcome points: the convex hull
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
