"""Independent oracles for the nucleolus variants: each solution is found by
enumerating candidate points and ranking them by the definition (the sorted
vector of complaints), with only numpy. None of them uses coalition.stability.
"""

from __future__ import annotations

import itertools

import numpy as np

from ._stability_oracles import rows_of


def lexmin_by_enumeration(n, planes, fixed_rows, fixed_rhs, key, feasible, *, tol=1e-9):
    """The point of ``{x : fixed_rows x = fixed_rhs, feasible(x)}`` whose
    ``key(x)`` (a vector, compared lexicographically) is smallest.

    The minimizer is a vertex of the arrangement of `planes` (pairs ``(a, c)``
    for ``a . x = c``: where two complaints are equal, or a floor is reached)
    inside the affine set: in a cell of positive dimension the order of the
    complaints is fixed and each is affine, so some direction would improve
    the key. Every intersection of ``n - m`` planes with the ``m`` fixed rows
    is a candidate.
    """
    fixed_rows = np.atleast_2d(np.asarray(fixed_rows, dtype=float))
    m = fixed_rows.shape[0]
    if m >= n:
        x = np.linalg.lstsq(fixed_rows, fixed_rhs, rcond=None)[0]
        return x
    P = np.array([p for p, _ in planes], dtype=float).reshape(-1, n)
    r = np.array([c for _, c in planes], dtype=float)
    keep = np.linalg.norm(P, axis=1) > 1e-12
    P, r = P[keep], r[keep]
    _, idx = np.unique(np.round(np.c_[P, r], 10), axis=0, return_index=True)
    P, r = P[idx], r[idx]
    combos = np.array(list(itertools.combinations(range(len(P)), n - m)), dtype=np.int64).reshape(-1, n - m)
    A = np.empty((len(combos), n, n))
    rhs = np.empty((len(combos), n))
    A[:, :m, :] = fixed_rows
    rhs[:, :m] = fixed_rhs
    A[:, m:, :] = P[combos]
    rhs[:, m:] = r[combos]
    ok = np.abs(np.linalg.det(A)) > 1e-9
    X = np.linalg.solve(A[ok], rhs[ok][..., None])[..., 0]
    X = np.unique(np.round(X, 10), axis=0)
    X = X[np.array([feasible(x) for x in X], dtype=bool)]
    assert len(X), "no feasible candidate"
    K = np.array([key(x) for x in X])
    idx = np.arange(len(X))
    for k in range(K.shape[1]):
        col = K[idx, k]
        idx = idx[col <= col.min() + tol * max(1.0, abs(col.min()))]
    winners = X[idx]
    assert np.max(np.ptp(winners, axis=0)) < 1e-6, "the lexicographic minimum is not unique"
    return winners[0]


def _coalitions(n):
    masks = np.arange(1, (1 << n) - 1)
    return masks, rows_of(masks, n)


def weighted_nucleolus(v, n, weights, *, floors=True):
    """Lexicographic minimum of ``(v(S) - x(S)) / w(S)`` over the
    imputations (``floors``) or the efficient splits; coalitions with
    ``w(S) <= 0`` are no complaint."""
    v = np.asarray(v, dtype=float)
    full = (1 << n) - 1
    masks, rows = _coalitions(n)
    act = np.asarray(weights, dtype=float)[masks] > 0
    masks, rows = masks[act], rows[act]
    w = np.asarray(weights, dtype=float)[masks]
    planes = [(rows[a] / w[a] - rows[b] / w[b], v[masks[a]] / w[a] - v[masks[b]] / w[b])
              for a, b in itertools.combinations(range(masks.size), 2)]
    b = v[1 << np.arange(n)]
    if floors:
        planes += [(np.eye(n)[i], b[i]) for i in range(n)]

    def key(x):
        return -np.sort(-(v[masks] - rows @ x) / w)

    def feasible(x):
        return not floors or bool(np.all(x >= b - 1e-9))

    return lexmin_by_enumeration(n, planes, np.ones((1, n)), [v[full]], key, feasible)


def structured_nucleolus(v, n, blocs, *, floors=True):
    """Lexicographic minimum of the excesses of all proper coalitions (the
    blocs' excesses are 0) over ``x(B) = v(B)`` for each bloc (and the
    floors): Aumann and Dreze's nucleolus under a coalition structure."""
    v = np.asarray(v, dtype=float)
    masks, rows = _coalitions(n)
    bmasks = [sum(1 << i for i in b) for b in blocs]
    F = rows_of(np.array(bmasks), n)
    planes = [(rows[a] - rows[b], v[masks[a]] - v[masks[b]])
              for a, b in itertools.combinations(range(masks.size), 2)]
    bvals = v[1 << np.arange(n)]
    if floors:
        planes += [(np.eye(n)[i], bvals[i]) for i in range(n)]

    def key(x):
        return -np.sort(-(v[masks] - rows @ x))

    def feasible(x):
        return not floors or bool(np.all(x >= bvals - 1e-9))

    return lexmin_by_enumeration(n, planes, F, v[bmasks], key, feasible)


def anti_nucleolus(v, n, *, floors=True):
    """Lexicographic *maximum* of the excesses sorted from smallest to
    largest, over the efficient splits (with ``floors``: giving each partner
    at least ``v(N) - v(N \\ {i})``)."""
    v = np.asarray(v, dtype=float)
    full = (1 << n) - 1
    masks, rows = _coalitions(n)
    planes = [(rows[a] - rows[b], v[masks[a]] - v[masks[b]])
              for a, b in itertools.combinations(range(masks.size), 2)]
    M = v[full] - v[full ^ (1 << np.arange(n))]
    if floors:
        planes += [(np.eye(n)[i], M[i]) for i in range(n)]

    def key(x):  # maximize the ascending vector = minimize its negation
        return -np.sort(v[masks] - rows @ x)

    def feasible(x):
        return not floors or bool(np.all(x >= M - 1e-9))

    return lexmin_by_enumeration(n, planes, np.ones((1, n)), [v[full]], key, feasible)


def propensities(v, n, x):
    """Littlechild and Vaidya's propensity to disrupt of every proper
    coalition with ``b(S) > 0``: ``(x(N \\ S) - v(N \\ S)) / (x(S) - v(S))``,
    straight from the definition."""
    v = np.asarray(v, dtype=float)
    full = (1 << n) - 1
    masks, rows = _coalitions(n)
    b = v[full] - v[masks] - v[full ^ masks]
    keep = b > 1e-9
    masks, rows = masks[keep], rows[keep]
    comp = rows_of(full ^ masks, n)
    return (comp @ x - v[full ^ masks]) / (rows @ x - v[masks])


def disruption_nucleolus(v, n):
    """The core allocation whose propensities to disrupt, sorted from
    largest to smallest, are lexicographically smallest. Candidates: the
    vertices of the arrangement of ``d(S) = d(T)``, which is linear:
    ``b(S) (x(T) - v(T)) = b(T) (x(S) - v(S))`` since ``d = b / (x(S) - v(S)) - 1``
    on efficient splits, with the coalitions ``b(S) = 0`` held at ``v(S)``."""
    v = np.asarray(v, dtype=float)
    full = (1 << n) - 1
    masks, rows = _coalitions(n)
    b = v[full] - v[masks] - v[full ^ masks]
    pos = b > 1e-9
    planes = [(b[i] * rows[j] - b[j] * rows[i], b[i] * v[masks[j]] - b[j] * v[masks[i]])
              for i, j in itertools.combinations(np.flatnonzero(pos), 2)]
    F = np.vstack([np.ones((1, n)), rows[~pos]]) if (~pos).any() else np.ones((1, n))
    rhs = np.r_[v[full], v[masks[~pos]]]
    # keep independent fixed rows only
    keep, basis = [], np.zeros((0, n))
    for k in range(F.shape[0]):
        cand = np.vstack([basis, F[k]])
        if np.linalg.matrix_rank(cand) > basis.shape[0]:
            basis = cand
            keep.append(k)
    F, rhs = F[keep], rhs[keep]

    def feasible(x):
        return bool(np.all(rows[pos] @ x - v[masks[pos]] > 1e-9))  # interior of the core's relevant part

    def key(x):
        return -np.sort(-propensities(v, n, x))

    return lexmin_by_enumeration(n, planes, F, rhs, key, feasible)
