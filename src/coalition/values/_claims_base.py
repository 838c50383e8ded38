"""Reading a claims problem and the water-filling steps the claims rules share (private).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import InfeasibleError, InvalidParameterError
from ..families._base import _ROUNDING, _named_claims, _names, _scalar, _vector
from ..results import Allocation



def _problem(estate: Any, claims: Any, players: Sequence[str] | None) -> tuple[float, np.ndarray, tuple[str, ...]]:
    """The checked estate, claims (float64) and claimants' names."""
    claims, players = _named_claims(claims, players)
    c = np.array(_vector(claims, "claims"))
    e = _scalar(estate, "estate")
    if e < 0:
        raise InvalidParameterError(f"`estate` must be non-negative, got {e:g}")
    total = _total(c)
    if e > total * (1 + _ROUNDING):
        raise InfeasibleError(
            f"`estate` ({e:g}) exceeds the total of `claims` ({total:g}); a claims rule "
            "needs an estate of at most the total claimed"
        )
    return min(e, total), c, _names(players, c.size)


def _total(a: np.ndarray) -> float:
    """Sum of an array (numpy's pairwise sum: error about 1e-16 of it times log n)."""
    return float(np.sum(a))


def _fill_up(c: np.ndarray, e: float) -> np.ndarray:
    """``min(c_i, lam)`` with ``lam`` such that the awards sum to `e`
    (``0 <= e <= sum(c)``): equal awards, none above its claim."""
    s = np.sort(c)
    n = s.size
    before = np.concatenate(([0.0], np.cumsum(s)[:-1]))  # sum of the claims below s[j]
    level = before + (n - np.arange(n)) * s  # awarded if lam = s[j]; non-decreasing in j
    k = int(np.searchsorted(level, e, side="right"))  # claims paid in full: s[:k]
    if k == n:
        return c.copy()
    lam = (e - before[k]) / (n - k)
    lam = min(max(lam, s[k - 1] if k else 0.0), s[k])
    return np.minimum(c, lam)


def _fill_down(c: np.ndarray, e: float) -> np.ndarray:
    """``max(0, c_i - mu)`` with ``mu`` such that the awards sum to `e`
    (``0 <= e <= sum(c)``): equal losses, no award below zero."""
    s = np.sort(c)[::-1]
    n = s.size
    above = np.concatenate(([0.0], np.cumsum(s)[:-1]))  # sum of the claims above s[j]
    level = above - np.arange(n) * s  # awarded if mu = s[j]; non-decreasing in j
    k = int(np.searchsorted(level, e, side="left"))  # claims with a positive award: s[:k]
    if k == 0:
        return np.zeros_like(c)
    mu = (above[k - 1] + s[k - 1] - e) / k
    mu = min(max(mu, s[k] if k < n else 0.0), s[k - 1])
    return np.maximum(0.0, c - mu)


def _layers(a: np.ndarray) -> np.ndarray:
    """Each layer ``[a_(k-1), a_(k)]`` of the sorted claims `a` split equally
    among those who claim it (ibn Ezra's division)."""
    order = np.argsort(a, kind="stable")
    s = a[order]
    n = s.size
    steps = np.diff(np.concatenate(([0.0], s))) / (n - np.arange(n))
    out = np.empty(n)
    out[order] = np.cumsum(steps)
    return out


def _result(x: np.ndarray, names: tuple[str, ...], rule: str) -> Allocation:
    return Allocation(names, x, rule, "profit")
