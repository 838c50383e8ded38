"""Independent oracles for the stability tests: brute force, closed forms and
a deliberately naive nucleolus. None of them uses coalition.stability."""

from __future__ import annotations

import itertools
import json
import warnings
from pathlib import Path

import numpy as np
from scipy.optimize import linprog

import coalition as co

CASES_DIR = Path(__file__).resolve().parent / "cases" / "stability"


def rows_of(masks, n):
    return ((np.asarray(masks, dtype=np.int64)[:, None] >> np.arange(n)) & 1).astype(float)


def excess_by_loop(v, x):
    """v(S) - x(S) for every S, one coalition at a time."""
    n = len(x)
    out = np.zeros(1 << n)
    for s in range(1 << n):
        out[s] = v[s] - sum(x[i] for i in range(n) if s >> i & 1)
    return out


# ---------------------------------------------------------------------------
# nucleolus by exact enumeration (n <= 4)
# ---------------------------------------------------------------------------
def brute_nucleolus(v, n, *, imputation=True, tol=1e-9):
    """Nucleolus (or prenucleolus) by enumerating candidate points.

    The nucleolus is a vertex of the arrangement of the hyperplanes
    ``e(S, x) = e(T, x)`` (and ``x_i = v({i})`` for the nucleolus) inside the
    efficiency hyperplane: in the cell of the arrangement that contains it,
    all excesses are affine in x with a fixed order, so a cell of positive
    dimension would contain a lexicographically better point. Every
    intersection of n - 1 such hyperplanes with efficiency is computed; among
    the candidates (imputations, for the nucleolus) the one whose decreasingly
    sorted excess vector is lexicographically smallest wins. Only numpy.
    """
    v = np.asarray(v, dtype=float)
    full = (1 << n) - 1
    if n == 1:
        return np.array([v[full]])
    masks = np.arange(1, full)
    rows = rows_of(masks, n)
    planes = [(rows[a] - rows[b], v[masks[a]] - v[masks[b]])
              for a, b in itertools.combinations(range(masks.size), 2)]
    if imputation:
        planes += [(np.eye(n)[i], v[1 << i]) for i in range(n)]
    P = np.array([p for p, _ in planes])
    r = np.array([h for _, h in planes])
    _, idx = np.unique(np.round(np.c_[P, r], 12), axis=0, return_index=True)
    P, r = P[idx], r[idx]
    combos = np.array(list(itertools.combinations(range(len(P)), n - 1)), dtype=np.int64).reshape(-1, n - 1)
    A = np.empty((len(combos), n, n))
    rhs = np.empty((len(combos), n))
    A[:, 0, :] = 1.0
    rhs[:, 0] = v[full]
    A[:, 1:, :] = P[combos]
    rhs[:, 1:] = r[combos]
    ok = np.abs(np.linalg.det(A)) > 1e-9
    X = np.linalg.solve(A[ok], rhs[ok][..., None])[..., 0]
    X = np.unique(np.round(X, 12), axis=0)
    if imputation:
        X = X[np.all(X >= v[1 << np.arange(n)] - 1e-9, axis=1)]
    E = -np.sort(-(v[masks][None, :] - X @ rows.T), axis=1)
    keep = np.arange(len(X))
    for k in range(E.shape[1]):
        col = E[keep, k]
        keep = keep[col <= col.min() + tol]
    winners = X[keep]
    assert np.max(np.ptp(winners, axis=0)) < 1e-6, "the lexicographic minimum is not unique"
    return winners[0]


def naive_nucleolus(v, n, *, prefer):
    """The *wrong* method: at each stage fix every coalition that is tight
    in one optimal solution. The optimal solution is chosen by maximizing
    ``prefer . x`` among the optima, to make the outcome reproducible."""
    v = np.asarray(v, dtype=float)
    full = (1 << n) - 1
    masks = np.arange(1, full)
    rows = rows_of(masks, n)
    free = np.ones(masks.size, dtype=bool)
    eq_rows, eq_rhs = [np.ones(n)], [v[full]]
    bounds = [(v[1 << i], None) for i in range(n)]
    while True:
        A_ub = -np.hstack([rows[free], np.ones((free.sum(), 1))])
        b_ub = -v[masks[free]]
        A_eq = np.hstack([np.array(eq_rows), np.zeros((len(eq_rows), 1))])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = linprog(np.r_[np.zeros(n), 1.0], A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=eq_rhs,
                          bounds=bounds + [(None, None)], method="highs")
            eps = res.x[n]
            res = linprog(np.r_[-np.asarray(prefer, float), 0.0], A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=eq_rhs,
                          bounds=bounds + [(eps, eps)], method="highs")
        x = res.x[:n]
        tight = free & (np.abs(v[masks] - rows @ x - eps) <= 1e-9)
        for j in np.flatnonzero(tight):
            eq_rows.append(rows[j])
            eq_rhs.append(v[masks[j]] - eps)
            free[j] = False
        if np.linalg.matrix_rank(np.array(eq_rows)) >= n or not free.any():
            return x


# ---------------------------------------------------------------------------
# closed forms
# ---------------------------------------------------------------------------
def _cea(caps, amount):
    """Constrained equal awards: min(cap_i, lam) summing to amount."""
    lo, hi = 0.0, float(max(caps)) if len(caps) else 0.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if np.minimum(caps, mid).sum() < amount:
            lo = mid
        else:
            hi = mid
    return np.minimum(caps, (lo + hi) / 2)


def talmud_rule(estate, claims):
    """Aumann and Maschler's (1985) rule: equal awards on half-claims up to
    half the claims, then equal losses from the half-claims."""
    d = np.asarray(claims, dtype=float)
    if estate <= d.sum() / 2:
        return _cea(d / 2, estate)
    return d - _cea(d / 2, d.sum() - estate)


# ---------------------------------------------------------------------------
# core vertices by enumeration (n <= 4)
# ---------------------------------------------------------------------------
def brute_core_vertices(v, n, tol=1e-9):
    v = np.asarray(v, dtype=float)
    full = (1 << n) - 1
    if n == 1:
        return np.array([[v[full]]])
    masks = np.arange(1, full)
    rows = rows_of(masks, n)
    pts = []
    for combo in itertools.combinations(range(masks.size), n - 1):
        A = np.vstack([np.ones(n), rows[list(combo)]])
        if abs(np.linalg.det(A)) < 1e-9:
            continue
        x = np.linalg.solve(A, np.r_[v[full], v[masks[list(combo)]]])
        if np.all(rows @ x >= v[masks] - tol * max(1.0, np.abs(v).max())):
            pts.append(x)
    if not pts:
        return np.empty((0, n))
    pts = np.unique(np.round(np.array(pts), 9), axis=0)
    return pts[np.lexsort(pts.T[::-1])]


# ---------------------------------------------------------------------------
# published cases
# ---------------------------------------------------------------------------
def dfs_masks(n):
    """Coalitions in depth-first lexicographic order of their sorted members:
    {1}, {1,2}, {1,2,3}, ..., {2}, {2,3}, ... (the order of Nucleolus.jl)."""
    out = []

    def rec(prefix, start):
        for i in range(start, n):
            m = prefix | (1 << i)
            out.append(m)
            rec(m, i + 1)

    rec(0, 0)
    return out


def case_game(spec, entry=None):
    fmt = spec["format"]
    if fmt == "family":
        params = dict(spec["params"])
        if entry is not None and "estate" in entry:
            params["estate"] = entry["estate"]
        return getattr(co.families, spec["family"])(**params)
    vals = np.asarray(spec["values"], dtype=float)
    kind = spec.get("kind", "profit")
    if fmt == "lex":
        return co.Game(vals, order="lex", kind=kind)
    if fmt == "binary":
        return co.Game(np.r_[0.0, vals], kind=kind)
    if fmt == "dfs":
        n = int(round(np.log2(vals.size + 1)))
        table = np.zeros(1 << n)
        table[dfs_masks(n)] = vals
        return co.Game(table, kind=kind)
    raise ValueError(f"unknown format {fmt!r}")


def load_cases():
    """[(case id, game, published entry)] for every published value."""
    out = []
    for path in sorted(CASES_DIR.glob("*.json")):
        case = json.loads(path.read_text())
        for k, entry in enumerate(case["published"]):
            out.append((f"{path.stem}[{k}]", case_game(case["game"], entry), entry))
    return out


# ---------------------------------------------------------------------------
# LPs over every coalition, written out here (independent of the library's
# units, working sets and solver wrapper)
# ---------------------------------------------------------------------------
def _lp_all(v, n, c, extra_ub=None, extra_b=None, sense=1.0):
    """min c.z with z = (x, extra...) s.t. sense * (x(S) - v(S)) >= 0 for every
    proper S and x(N) = v(N); None when infeasible."""
    from scipy.optimize import linprog

    masks = np.arange(1, (1 << n) - 1)
    rows = rows_of(masks, n)
    k = c.size
    A = np.zeros((masks.size, k))
    A[:, :n] = -sense * rows
    b = -sense * np.asarray(v, dtype=float)[masks]
    if extra_ub is not None:
        A, b = np.vstack([A, extra_ub]), np.concatenate([b, extra_b])
    eq = np.zeros((1, k))
    eq[0, :n] = 1.0
    res = linprog(c, A_ub=A, b_ub=b, A_eq=eq, b_eq=[v[-1]], bounds=[(None, None)] * k, method="highs")
    return None if res.status == 2 else res


def full_lp_least_core_epsilon(v, n, sense=1.0):
    """min eps s.t. sense * (x(S) - v(S)) >= -eps for every proper S, x(N) = v(N)."""
    from scipy.optimize import linprog

    masks = np.arange(1, (1 << n) - 1)
    rows = rows_of(masks, n)
    A = np.hstack([-sense * rows, -np.ones((masks.size, 1))])
    b = -sense * np.asarray(v, dtype=float)[masks]
    c = np.zeros(n + 1)
    c[n] = 1.0
    eq = np.zeros((1, n + 1))
    eq[0, :n] = 1.0
    res = linprog(c, A_ub=A, b_ub=b, A_eq=eq, b_eq=[v[-1]], bounds=[(None, None)] * (n + 1), method="highs")
    return float(res.fun)


def full_lp_core_bounds(v, n, sense=1.0):
    """(lower, upper) of each share over the core listed in full, or None
    when the core is empty. sense -1 reads `v` as costs: y(S) <= c(S)."""
    lower, upper = np.empty(n), np.empty(n)
    for i in range(n):
        for s in (1.0, -1.0):
            c = np.zeros(n)
            c[i] = s
            res = _lp_all(v, n, c, sense=sense)
            if res is None:
                return None
            (lower if s > 0 else upper)[i] = s * res.fun
    return lower, upper


def full_lp_nearest_core_max(v, n, p):
    """min over the core of max |x_i - p_i| (None when the core is empty)."""
    c = np.zeros(n + 1)
    c[n] = 1.0
    eye = np.eye(n)
    A = np.vstack([np.hstack([eye, -np.ones((n, 1))]), np.hstack([-eye, -np.ones((n, 1))])])
    b = np.concatenate([p, -p])
    res = _lp_all(v, n, c, extra_ub=A, extra_b=b)
    return None if res is None else float(res.fun)
