"""How each partner's share moves with each coalition's worth."""

from __future__ import annotations

from math import comb
from typing import Any

import numpy as np

from .._rules import RULES, rule_label
from ..errors import CoalitionError, GameTooLargeError, InvalidParameterError, SolverError
from ..game import Game
from ..game._masks import _popcounts
from ..game.game import _check_game
from ..results.lifecycle import Sensitivity

__all__ = ["sensitivity"]

#: Up to this many partners the whole ``n x (2**n - 1)`` matrix is kept.
MATRIX_MAX_N = 12
#: Finite differences solve the rule twice per coalition: up to this many partners.
DIFFERENCES_MAX_N = 10
_EXACT = ("Shapley", "Banzhaf")


def sensitivity(game: Game, rule: Any = "Shapley", *, top: int = 10) -> Sensitivity:
    r"""How each partner's share moves when one coalition's worth changes:
    the matrix of ``d share_i / d v(S)``.

    For the Shapley and (raw) Banzhaf values the coefficients are exact and
    hold for any change, since both rules are linear in the worths: a
    partner's Shapley share moves by ``(s-1)!(n-s)!/n!`` per unit of
    ``v(S)`` for a coalition ``S`` of size ``s`` that holds it and by
    ``-s!(n-s-1)!/n!`` for one that does not; its Banzhaf share by
    ``1/2**(n-1)`` and ``-1/2**(n-1)``. For every other rule they are
    central finite differences, valid near the game as it is: rules such as
    the nucleolus are piecewise linear in the worths, and where a worth sits
    on a kink the one-sided differences disagree (flagged in `kinks`).

    Parameters
    ----------
    game : Game
    rule : str or callable, default "Shapley"
        A rule name (as in :func:`coalition.compare`; ``"Banzhaf"`` is the raw
        Banzhaf value) or a function of a game.
    top : int, default 10
        How many coalitions to list per partner in `top`, ranked by
        ``|coefficient * worth|``: the change of the share if that worth
        doubled or vanished.

    Returns
    -------
    Sensitivity
        `matrix` (up to 12 partners), `kinks` (finite differences), and
        `top` for every partner.

    Raises
    ------
    InvalidParameterError
        On an unknown rule or a `top` that is not a positive integer.
    GameTooLargeError
        Finite differences beyond 10 partners (they solve the rule twice per
        coalition); the table of a game too large for memory.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"Hub": 10, "Battery": 5, "Hub+Battery": 40})
    >>> s = co.sensitivity(g)
    >>> s["Hub"]  # one more unit of v(Hub) gives the Hub half of it
    {'Hub': 0.5, 'Battery': -0.5, 'Hub+Battery': 0.5}
    >>> s.top["Hub"][0]  # (coalition, coefficient, worth, effect)
    ('Hub+Battery', 0.5, 40.0, 20.0)
    """
    game = _check_game(game)
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise InvalidParameterError(f"`top` must be a positive integer, got {top!r}")
    label, func = _rule(rule)
    n = game.n
    v = game.values
    if label in _EXACT:
        return _exact(game, label, v, int(top))
    if n > DIFFERENCES_MAX_N:
        raise GameTooLargeError(
            f"`rule` {label} has no closed-form coefficients; finite differences solve it twice for each of "
            f"the {(1 << n) - 1:,} coalitions, allowed up to {DIFFERENCES_MAX_N} partners (the game has {n})"
        )
    matrix, kinks = _differences(game, func)
    return _result(game, label, "finite differences", v, matrix, kinks, int(top))


def _rule(rule: Any):
    if callable(rule):
        return getattr(rule, "__name__", "rule"), rule
    if isinstance(rule, str) and rule.strip().lower() == "banzhaf":
        return "Banzhaf", None
    label = rule_label(rule, "rule")
    return label, RULES[label][0]


def _coefficients(label: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per coalition size s: the coefficient of v(S) for a member and for a non-member."""
    s = np.arange(n + 1)
    if label == "Banzhaf":
        a = np.full(n + 1, 0.5 ** (n - 1))
        return a, -a
    inside = np.array([1.0 / (n * comb(n - 1, k - 1)) if k >= 1 else 0.0 for k in s])
    outside = np.array([-1.0 / (n * comb(n - 1, k)) if k < n else 0.0 for k in s])
    return inside, outside


def _exact(game: Game, label: str, v: np.ndarray, top: int) -> Sensitivity:
    n = game.n
    sizes = _popcounts(n)
    inside, outside = _coefficients(label, n)
    masks = np.arange(1 << n, dtype=np.int64)
    if n <= MATRIX_MAX_N:
        member = (masks[None, 1:] >> np.arange(n)[:, None]) & 1
        matrix = np.where(member == 1, inside[sizes[1:]], outside[sizes[1:]])
        return _result(game, label, "exact", v, matrix, None, top)
    best = {}
    for i, p in enumerate(game.players):
        coef = np.where((masks >> i) & 1, inside[sizes], outside[sizes])
        coef[0] = 0.0
        best[p] = _ranked(game, coef, v, top)
    return Sensitivity(game.players, game.kind, label, "exact", (), None, None, best)


def _differences(game: Game, func) -> tuple[np.ndarray, np.ndarray]:
    n = game.n
    v = np.array(game.values, dtype=float)
    scale = max(float(np.max(np.abs(v))), 1e-300)
    h = 1e-6 * scale
    base = _shares(game, func, v)
    matrix = np.zeros((n, (1 << n) - 1))
    kinks = np.zeros((n, (1 << n) - 1), dtype=bool)
    for m in range(1, 1 << n):
        sides = []
        for step in (h, -h):
            w = v.copy()
            w[m] += step
            try:
                sides.append((_shares(game, func, w) - base) / step)
            except CoalitionError:  # the rule is not defined on this side: the edge of its domain
                sides.append(None)
        right, left = sides
        if right is None and left is None:
            raise SolverError(f"`rule` is not defined on either side of the worth of {Game._name(m, game.players)}")
        if right is None or left is None:
            matrix[:, m - 1] = right if left is None else left
            kinks[:, m - 1] = True
            continue
        matrix[:, m - 1] = (right + left) / 2
        kinks[:, m - 1] = np.abs(right - left) > 1e-4 * (1.0 + np.abs(right) + np.abs(left))
    return matrix, kinks


def _shares(game: Game, func, v: np.ndarray) -> np.ndarray:
    out = func(Game(v, game.players, kind=game.kind))
    return np.asarray(getattr(out, "x", out), dtype=float)


def _ranked(game: Game, coef: np.ndarray, v: np.ndarray, top: int) -> tuple:
    effect = np.abs(coef * v)
    k = min(top, effect.size - 1)
    idx = np.argpartition(-effect[1:], k - 1)[:k] + 1
    idx = idx[np.lexsort((idx, -effect[idx]))]
    return tuple((Game._name(int(m), game.players), float(coef[m]), float(v[m]), float(effect[m])) for m in idx)


def _result(game: Game, label: str, method: str, v: np.ndarray, matrix: np.ndarray,
            kinks: np.ndarray | None, top: int) -> Sensitivity:
    names = tuple(Game._name(m, game.players) for m in range(1, 1 << game.n))
    best = {p: _ranked(game, np.concatenate([[0.0], matrix[i]]), v, top) for i, p in enumerate(game.players)}
    return Sensitivity(game.players, game.kind, label, method, names, matrix, kinks, best)
