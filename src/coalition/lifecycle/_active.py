"""Exact local coefficients of the nucleolus and the prenucleolus from the
coalitions that settle them (their active set)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import SolverError
from ..game import Game
from ..stability import nucleolus, prenucleolus, verify_nucleolus

__all__ = ["ActiveSet", "active_set", "coefficients"]


@dataclass
class ActiveSet:
    """The linear system that fixes the (pre)nucleolus near the game as it is."""

    x: np.ndarray  # the point, in worth units (savings for a cost game)
    levels: np.ndarray  # e_1 > e_2 > ... > e_K, worth units
    families: list[np.ndarray]  # the masks of each level's tight coalitions
    floors: np.ndarray  # players held at their standalone worth (nucleolus)
    basis: list[tuple[str, int, int]]  # rows kept: ("efficiency" | "floor" | "level", mask, level)
    inverse: np.ndarray  # (n + K) x (n + K): d (x, e) / d rhs of the basis rows
    degenerate: bool  # more tight rows than unknowns: some coefficients hold on one side only
    tight: np.ndarray  # masks of every coalition in a family, and of the floors' singletons


def _subset_sums(x: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(1 << n)
    for i in range(n):
        out[1 << i: 1 << (i + 1)] = out[: 1 << i] + x[i]
    return out


def _row(mask: int, level: int | None, n: int, k: int) -> np.ndarray:
    r = np.zeros(n + k)
    r[:n] = (mask >> np.arange(n)) & 1
    if level is not None:
        r[n + level] = 1.0
    return r


def active_set(game: Game, *, pre: bool) -> ActiveSet:
    """Solve the (pre)nucleolus, read its excess levels from Kohlberg's
    criterion (:func:`verify_nucleolus`) and keep a basis of the equalities
    ``x(S) + e_k = v(S)`` (S in level k), ``x(N) = v(N)`` and, for the
    nucleolus, ``x_i = v({i})`` for the partners at their floor."""
    n = game.n
    res = prenucleolus(game) if pre else nucleolus(game)
    check = verify_nucleolus(game, res.x, prenucleolus=pre)
    if not check.valid:
        raise SolverError(f"the {'pre' if pre else ''}nucleolus found does not pass Kohlberg's criterion "
                          f"({check.message}); no active set to differentiate")
    v = np.asarray(game.worths, dtype=np.float64)
    x = game._to_worth_units(np.asarray(res.x, dtype=np.float64))
    full = (1 << n) - 1
    tol = float(check.tol)
    levels = np.asarray(check.levels, dtype=np.float64)
    k = levels.size
    masks = np.arange(1, full, dtype=np.int64)
    exc = v[1:full] - _subset_sums(x, n)[1:full]  # exc[m - 1] is the excess of coalition m
    order = np.argsort(-exc, kind="stable")
    families: list[np.ndarray] = []
    j = 0
    for _ in range(k):  # the same grouping as the criterion: down from each level's top, within tol
        top = exc[order[j]]
        start = j
        while j < order.size and exc[order[j]] >= top - tol:
            j += 1
        families.append(masks[order[start:j]])
    tops = np.array([float(np.max(exc[f - 1])) for f in families])
    if k and not np.allclose(tops, levels, atol=4 * tol):
        raise SolverError("the excess levels of the nucleolus could not be matched to its coalitions")
    floors = np.flatnonzero(x - v[1 << np.arange(n)] <= tol) if not pre else np.zeros(0, dtype=np.int64)
    candidates: list[tuple[str, int, int]] = [("efficiency", full, -1)]
    candidates += [("floor", 1 << int(i), -1) for i in floors]
    for lev, fam in enumerate(families):
        candidates += [("level", int(m), lev) for m in fam]
    basis: list[tuple[str, int, int]] = []
    rows: list[np.ndarray] = []
    rank = 0
    for kind, mask, lev in candidates:
        r = _row(mask, lev if kind == "level" else None, n, k)
        trial = np.array(rows + [r])
        if np.linalg.matrix_rank(trial, tol=1e-9) > rank:
            rows.append(r)
            basis.append((kind, mask, lev))
            rank += 1
        if rank == n + k:
            break
    if rank < n + k:
        raise SolverError("the tight coalitions of the nucleolus do not fix it (rank "
                          f"{rank} of {n + k}); no active set to differentiate")
    m = np.array(rows)
    inverse = np.linalg.inv(m)
    rhs = np.array([v[mask] for _, mask, _ in basis])
    sol = inverse @ rhs
    scale = 1.0 + float(np.max(np.abs(v)))
    if not (np.allclose(sol[:n], x, atol=1e-6 * scale) and np.allclose(sol[n:], levels, atol=1e-6 * scale)):
        raise SolverError("the equalities of the tight coalitions do not give back the nucleolus found")
    tight = np.unique(np.concatenate([*families, (1 << floors).astype(np.int64), np.zeros(0, np.int64)]))
    degenerate = len(candidates) > n + k
    return ActiveSet(x, levels, families, floors, basis, inverse, degenerate, tight)


def coefficients(active: ActiveSet, n: int) -> dict[int, np.ndarray]:
    """``{mask: d (x, e) / d v(mask)}`` for the coalitions of the basis (every
    other worth has coefficient 0 near the game); worth units."""
    out: dict[int, np.ndarray] = {}
    for j, (_, mask, _) in enumerate(active.basis):
        col = active.inverse[:, j]
        out[mask] = out[mask] + col if mask in out else col.copy()
    return out
