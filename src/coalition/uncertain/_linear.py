"""Rules that are linear in the worths, and the coefficient of each worth in each share (private).

A linear rule gives ``share = C v``: the share of partner ``i`` is
``sum_S C[i, S] v(S)``. Shapley, raw Banzhaf and weighted Shapley have closed
forms; the other linear rules of the registry are read off the rule itself,
one unit game per coalition asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .._numbers import _real_array
from .._rules import RULES, rule_label
from ..errors import InvalidParameterError
from ..game import Game
from ..game._masks import _popcounts
from ..values import banzhaf, shapley, weighted_shapley
from ..values._semivalues import _size_coefficients

#: Registry rules that are linear in the worths (tests check linearity).
LINEAR = frozenset({"Shapley", "equal split", "equal surplus", "ENSC", "solidarity", "LS prenucleolus"})
#: The functions of the linear rules, the raw Banzhaf value included.
LINEAR_RULES = frozenset({RULES[label][0] for label in LINEAR} | {banzhaf})


class _Rule:
    """A rule to bound: its label, its function, and whether it is linear."""

    def __init__(self, label: str, func: Callable[[Game], Any], linear: bool, closed: str | None,
                 weights: np.ndarray | None = None) -> None:
        self.label, self.func, self.linear, self.closed, self.weights = label, func, linear, closed, weights

    def shares(self, table: np.ndarray, players: tuple[str, ...]) -> np.ndarray:
        out = self.func(Game(table, players))
        return np.asarray(getattr(out, "x", out), dtype=np.float64)

    def coefficients(self, masks: np.ndarray, n: int, players: tuple[str, ...]) -> np.ndarray:
        """``C[:, masks]``: shape ``(n, len(masks))``."""
        if self.closed == "Shapley":
            return _shapley_coefficients(masks, n)
        if self.closed == "Banzhaf":
            member = (masks[None, :] >> np.arange(n)[:, None]) & 1
            return np.where(member == 1, 1.0, -1.0) * 0.5 ** (n - 1)
        if self.closed == "weighted Shapley":
            return _weighted_coefficients(masks, n, self.weights)
        out = np.empty((n, masks.size))
        unit = np.zeros(1 << n)
        for k, m in enumerate(masks):
            unit[m] = 1.0
            out[:, k] = self.shares(unit, players)
            unit[m] = 0.0
        return out


def _resolve(rule: Any, weights: Any, n: int) -> _Rule:
    if weights is not None:
        if not (isinstance(rule, str) and rule.replace("_", " ").strip().lower() == "weighted shapley"):
            raise InvalidParameterError(f"`weights` go with rule='weighted_shapley', not with `rule` {rule!r}")
        w = _real_array(weights, "weights", ndim=1)
        if w.shape != (n,) or not np.all(np.isfinite(w)) or np.any(w <= 0):
            raise InvalidParameterError(f"`weights` must be {n} positive finite numbers, one per player, got {w.tolist()}")

        def func(game: Game) -> Any:
            return weighted_shapley(game, w)

        return _Rule("weighted Shapley", func, True, "weighted Shapley", w)
    if isinstance(rule, str) and rule.replace("_", " ").strip().lower() == "weighted shapley":
        raise InvalidParameterError("rule='weighted_shapley' needs `weights`, one positive number per player")
    if isinstance(rule, str) and rule.strip().lower() == "banzhaf":
        return _Rule("Banzhaf", banzhaf, True, "Banzhaf")
    if callable(rule):
        return _Rule(getattr(rule, "__name__", "rule"), rule, False, None)
    label = rule_label(rule, "rule")
    func = RULES[label][0]
    return _Rule(label, func, label in LINEAR, "Shapley" if func is shapley else None)


def _shapley_coefficients(masks: np.ndarray, n: int) -> np.ndarray:
    """Shapley: ``(s-1)!(n-s)!/n!`` for a member of S, ``-s!(n-s-1)!/n!`` for a non-member."""
    inside, outside = _size_coefficients(n)
    sizes = _popcounts(n)[masks]
    member = (masks[None, :] >> np.arange(n)[:, None]) & 1
    return np.where(member == 1, inside[sizes], outside[sizes])


def _weighted_coefficients(masks: np.ndarray, n: int, w: np.ndarray) -> np.ndarray:
    """Weighted Shapley (Kalai and Samet 1987): share_i = sum over S holding i of
    ``w_i / w(S)`` times the dividend of S, and the dividend of S is
    ``sum over T in S of (-1)**(|S|-|T|) v(T)``; so the coefficient of v(T) is
    ``sum over S containing T and i of (-1)**(|S|-|T|) w_i / w(S)``: a
    superset Moebius transform."""
    total = np.zeros(1)
    for wi in w:
        total = np.concatenate([total, total + wi])
    total[0] = 1.0
    all_masks = np.arange(1 << n)
    out = np.empty((n, masks.size))
    for i in range(n):
        f = np.where((all_masks >> i) & 1, w[i] / total, 0.0)
        for j in range(n):  # f(T) <- sum over S >= T of (-1)**|S - T| f(S), one bit at a time
            view = f.reshape(-1, 2, 1 << j)
            view[:, 0, :] -= view[:, 1, :]
        out[i] = f[masks]
    return out
