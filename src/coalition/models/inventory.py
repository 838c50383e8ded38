"""Inventory centralization (newsvendor) games (Hartman, Dror and Shaked
2000): retailers pool their stock against normal demands; a core split by
each retailer's covariance with the pooled demand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import Any

import numpy as np

from .._numbers import _real
from ..errors import InvalidGameError, InvalidParameterError
from ..game import Game
from ..results import Allocation
from ._base import _array, _Model, _names

__all__ = ["newsvendor", "newsvendor_split", "NewsvendorGame"]


class NewsvendorGame(_Model):
    """Cost game ``c(S) = (h + p) phi(z) sigma_S``: the pooled newsvendor's expected cost."""

    __slots__ = ("_sigma", "_cov", "_holding", "_shortage", "_scale")
    _PARAMS = ("sigma", "holding", "shortage", "players")
    family = "newsvendor"

    @property
    def sigma(self) -> np.ndarray:
        """The demands' standard deviations (1-D) or covariance matrix (2-D), as given."""
        return self._sigma

    @property
    def holding(self) -> float:
        """Cost of each unit left over."""
        return self._holding

    @property
    def shortage(self) -> float:
        """Cost of each unit of demand not met."""
        return self._shortage

    @staticmethod
    def _rebuild(params):
        return newsvendor(**params)

    def __reduce__(self):
        return (newsvendor, (self._sigma, self._holding, self._shortage, self.players))

    def _subgame_fast(self, pos):
        s = self._sigma[pos] if self._sigma.ndim == 1 else self._sigma[np.ix_(pos, pos)]
        return newsvendor(s, self._holding, self._shortage, [self.players[i] for i in pos])

    def _compute(self, rows):
        m = rows.astype(np.float64)
        var = np.einsum("ki,ij,kj->k", m, self._cov, m)
        return self._scale * np.sqrt(np.maximum(var, 0.0))


def newsvendor(
    sigma: Any,
    holding: float,
    shortage: float,
    players: Sequence[str] | None = None,
) -> Game:
    r"""Inventory centralization game: the expected cost of a newsvendor who stocks for a coalition's pooled demand.

    Each retailer faces a normal demand for one selling season. A
    coalition orders once for the sum of its members' demands, paying
    `holding` per unit left over and `shortage` per unit of demand not met.
    Ordering the optimal quantity (the ``p / (h + p)`` quantile of the
    pooled demand), its expected cost is

    .. math:: c(S) = (h + p)\, \varphi(z)\, \sigma_S, \qquad z = \Phi^{-1}\!\left(\frac{p}{h + p}\right),

    with ``sigma_S`` the standard deviation of the pooled demand (the mean
    demands do not enter the cost). Pooling spreads the risk:
    ``sigma_S <= sum of sigma_i``.

    Parameters
    ----------
    sigma : array_like
        The standard deviation of each retailer's demand (1-D, independent
        demands), or the covariance matrix of the demands (2-D, symmetric
        positive semi-definite).
    holding, shortage : float
        Positive cost per unit left over (``h``) and per unit short (``p``).
    players : sequence of str, optional
        Retailer names.

    Returns
    -------
    Game
        A cost game with read-only ``sigma``, ``holding`` and ``shortage``.
        Costs are computed in closed form on batches of coalitions.

    Raises
    ------
    InvalidParameterError
        On negative or non-finite standard deviations, a covariance matrix
        that is not square, symmetric and positive semi-definite, or costs
        that are not positive.

    See Also
    --------
    newsvendor_split : a core split.

    References
    ----------
    Hartman, B. C., Dror, M. and Shaked, M. (2000). Cores of inventory
    centralization games. Games and Economic Behavior 31(1), 26-49.
    doi:10.1006/game.1999.0728
    Eppen, G. D. (1979). Effects of centralization on expected costs in a
    multi-location newsboy problem. Management Science 25(5), 498-501.

    Examples
    --------
    Two shops with independent demands of standard deviation 3 and 4 pool
    into one of standard deviation 5:

    >>> import coalition as co
    >>> g = co.models.newsvendor([3, 4], holding=1, shortage=1)
    >>> round(g.value("P1"), 4), round(g.grand_value, 4)
    (2.3937, 3.9894)
    """
    h = _real(holding, "holding")
    p = _real(shortage, "shortage")
    for arg, val in (("holding", h), ("shortage", p)):
        if not (val > 0 and math.isfinite(val)):
            raise InvalidParameterError(f"`{arg}` must be a positive finite cost per unit, got {val!r}")
    try:
        ndim = np.ndim(sigma)
    except ValueError:  # rows of unequal length: named by the check below
        ndim = 2
    if ndim not in (1, 2):
        raise InvalidParameterError(
            f"`sigma` must be standard deviations (1-D) or a covariance matrix (2-D), got {ndim} dimensions"
        )
    sig = _array(sigma, "sigma", ndim=ndim, nonneg=ndim == 1)
    if ndim == 1:
        cov = np.diag(sig**2)
    else:
        cov = sig
        if cov.shape[0] != cov.shape[1]:
            raise InvalidParameterError(f"`sigma` as a covariance matrix must be square, got shape {cov.shape}")
        if not np.allclose(cov, cov.T, rtol=1e-12, atol=0):
            i, j = np.argwhere(~np.isclose(cov, cov.T, rtol=1e-12, atol=0))[0]
            raise InvalidParameterError(f"`sigma` must be symmetric; entries ({i}, {j}) and ({j}, {i}) differ")
        low = float(np.linalg.eigvalsh(cov).min())
        if low < -1e-9 * float(np.abs(cov).max()):  # relative: the same verdict in any units
            raise InvalidParameterError(
                f"`sigma` must be positive semi-definite (a covariance matrix); its smallest eigenvalue is {low:.3g}"
            )
    # the critical ratio p / (h + p), or its complement when that is the
    # smaller: a ratio of 1 - 1e-17 is 1 in floats, its complement is not
    ratio, rest = p / (h + p), h / (h + p)
    if not (ratio > 0.0 and rest > 0.0):
        raise InvalidParameterError(
            f"`holding` {h:g} and `shortage` {p:g} are too far apart: the critical ratio "
            "shortage / (holding + shortage) is 0 or 1 in floating point; give them on a common scale"
        )
    z = NormalDist().inv_cdf(ratio) if ratio <= 0.5 else -NormalDist().inv_cdf(rest)
    scale = (h + p) * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    names = _names(players, cov.shape[0], "`sigma`")
    return NewsvendorGame._build(
        names, "cost", _sigma=sig, _cov=cov, _holding=h, _shortage=p, _scale=scale
    )


def newsvendor_split(game: Game) -> Allocation:
    r"""Cost shares by covariance with the pooled demand: a core split of the newsvendor game.

    Retailer ``i`` pays ``c(N) Cov(D_i, D_N) / Var(D_N)``, its share of the
    pooled demand's variance (``sigma_i^2 / sigma_N^2`` of the cost for
    independent demands). The shares add up to ``c(N)``, and a coalition
    pays ``c(N) Cov(D_S, D_N) / Var(D_N) <= K sigma_S = c(S)`` by the
    Cauchy-Schwarz inequality: the split is in the core.

    Parameters
    ----------
    game : Game
        A game from :func:`newsvendor`.

    Returns
    -------
    Allocation
        Cost shares, rule ``"newsvendor covariance"``. All zero when the
        pooled demand has no variance.

    Raises
    ------
    InvalidGameError
        If `game` is not a newsvendor game.

    References
    ----------
    Hartman, B. C., Dror, M. and Shaked, M. (2000). Cores of inventory
    centralization games. Games and Economic Behavior 31(1), 26-49
    (non-empty core for jointly normal demands).

    Examples
    --------
    >>> import coalition as co
    >>> g = co.models.newsvendor([3, 4], holding=1, shortage=1)
    >>> x = co.models.newsvendor_split(g)
    >>> x.as_dict(), co.in_core(g, x.x)
    ({'P1': 1.4362, 'P2': 2.5532}, True)
    """
    if not isinstance(game, NewsvendorGame):
        raise InvalidGameError(
            f"`game` must be a newsvendor game (coalition.models.newsvendor), got {type(game).__name__}"
        )
    cov = game._cov
    var = float(cov.sum())
    x = np.zeros(game.n) if var <= 0 else game._scale * cov.sum(axis=1) / math.sqrt(var)
    return Allocation(game.players, x, "newsvendor covariance", "cost")
