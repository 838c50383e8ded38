"""Weighted voting games, with exact power indices by a pseudo-polynomial count.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from .._kernels import voting as _kv
from .._numbers import _show
from ..errors import InvalidParameterError
from ..game import Game
from ..game._masks import _freeze
from . import _voting_power as _vp
from ._base import _names, _scalar, _Structured, _vector

__all__ = ['weighted_voting', 'WeightedVotingGame']


# Bounds of the exact route for weighted voting games with integer weights:
# entries of its table (8 bytes each) and multiply-adds to fill it.
_VOTING_MAX_CELLS = 25_000_000
_VOTING_MAX_WORK = 10_000_000_000
# Above this many multiply-adds of the size-by-weight table, the
# Shapley-Shubik index is taken by the multilinear extension (see
# ``_voting_power.shapley``), which does not grow with n**2.
_MULTILINEAR_FROM = 200_000_000


def _table_work(weights: np.ndarray, quota: float) -> float:
    """Multiply-adds of the size-by-weight route (inf where it refuses)."""
    w = np.asarray(weights, dtype=np.float64)
    n, total, q = w.size, float(w.sum()), math.ceil(quota)
    if total > 2 * _VOTING_MAX_CELLS or not 1 <= q <= total:
        return math.inf
    cells = ((n - 1) // 2 + 1) * max(q, int(total) - q + 1)
    if cells > _VOTING_MAX_CELLS or n * cells > _VOTING_MAX_WORK:
        return math.inf
    return float(n * cells)


def _binomial_half(m: int) -> np.ndarray:
    """``C(m, k) / 2**m`` for k = 0..m: exact at the centre, then outwards by
    the ratio of consecutive terms (relative error about |k - m/2| ulps)."""
    c = m // 2
    out = np.empty(m + 1)
    out[c] = math.comb(m, c) / 2**m  # int / int: correctly rounded
    k = np.arange(c, m, dtype=np.float64)
    out[c + 1 :] = out[c] * np.cumprod((m - k) / (k + 1))
    k = np.arange(c, 0, -1, dtype=np.float64)
    out[:c] = (out[c] * np.cumprod(k / (m - k + 1)))[::-1]
    return out


def _voting_power(weights: np.ndarray, quota: float) -> tuple[np.ndarray, np.ndarray] | None:
    """Shapley-Shubik and raw Banzhaf indices of [quota; weights] by the
    pseudo-polynomial dynamic programme, or None when a weight is not an
    integer or the table would exceed the bounds above."""
    w = np.asarray(weights, dtype=np.float64)
    n = w.size
    total = float(w.sum())
    if not np.all(w == np.floor(w)) or total > 2 * _VOTING_MAX_CELLS:
        return None
    q = math.ceil(quota)  # an integer total reaches quota iff it reaches q
    if not 1 <= q <= total:
        return None
    width = max(q, int(total) - q + 1)
    cells = ((n - 1) // 2 + 1) * width
    if cells > _VOTING_MAX_CELLS or n * cells > _VOTING_MAX_WORK:
        return None
    wi = w.astype(np.int64)
    distinct, which = np.unique(wi, return_inverse=True)
    f = np.zeros((distinct.size, n))
    voters = distinct > 0  # a player of weight 0 never swings
    if voters.any():  # lightest first: the table fills from low weights up
        f[voters] = _kv.swing_fractions(np.sort(wi), q, distinct[voters])
    # Null players get exactly 0, not the rounding left by the removal. If
    # a lighter player swings in S, a heavier one swings in S (or, if it is
    # in S, in S with the two swapped), so the null players are the lightest
    # ones: test the weights upwards until one swings.
    for j in range(distinct.size):
        if _kv.can_swing(wi, q, distinct[j]):
            break
        f[j] = 0.0
    # f[j, k] is the share of the k-coalitions of the others in which a
    # player of weight distinct[j] swings; Shapley weighs every size 1/n,
    # Banzhaf weighs it by its share C(n-1, k) / 2**(n-1) of all coalitions.
    shapley = f.sum(axis=1) / n
    banzhaf = f @ _binomial_half(n - 1)
    return shapley[which], banzhaf[which]


# Float64 adds non-negative integers exactly, in any order, while their
# total stays below this.
_EXACT_TOTAL = 2**53


def _as_written(value: Any) -> Fraction:
    """The number a user wrote: integers, fractions and decimals exactly, a
    float as the shortest decimal that gives it back (``0.1`` is 1/10)."""
    if isinstance(value, np.ndarray):
        value = value[()]
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, (Fraction, Decimal)):
        return Fraction(value)
    if isinstance(value, np.floating):
        return Fraction(str(value))  # shortest repr in the value's own precision
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def _voting_units(weights: Any, w: np.ndarray, quota: Any) -> tuple[np.ndarray, int]:
    """Integer weights and quota of the same game: the weights and quota as
    written, on a common scale, divided by the weights' greatest common
    divisor; the quota rounded up (a total of integers reaches a quota when
    it reaches its ceiling). ``w`` is the checked float array of `weights`."""
    entries = weights.ravel() if isinstance(weights, np.ndarray) else list(weights)
    if isinstance(weights, np.ndarray):
        plain = weights.dtype.kind in "iu" or weights.dtype == np.float64
    else:  # float64 entries, or integers that float64 holds exactly
        plain = all(type(v) in (float, np.float64) or (isinstance(v, (int, np.integer)) and abs(v) < _EXACT_TOTAL)
                    for v in entries)
    q = _as_written(quota)
    if plain and np.all(w == np.floor(w)) and float(w.sum()) < _EXACT_TOTAL:
        units, scale, total = w, 1, Fraction(int(w.sum()))
    else:
        if plain:  # each float64 value stands for one decimal: convert each value once
            values, where = np.unique(w, return_inverse=True)
            exact = [_as_written(float(v)) for v in values]
        else:
            exact, where = [_as_written(v) for v in entries], np.arange(len(entries))
        scale = math.lcm(*(f.denominator for f in exact))
        distinct = [int(f * scale) for f in exact]
        g = math.gcd(*distinct)
        ints = [distinct[k] for k in where.ravel().tolist()]
        total = Fraction(sum(ints), scale)
        if 0 < q <= total:
            ints = [k // g for k in ints]
            scale = Fraction(scale, g)
            if sum(ints) >= _EXACT_TOTAL:
                raise InvalidParameterError(
                    f"`weights` cannot be added exactly: as integers on one scale (times {float(scale):.4g}) "
                    f"they total {float(sum(ints)):.4g}, beyond 2**53, where float64 sums stop being exact. "
                    "Round the weights to fewer digits, or give thirds, sevenths... as fractions.Fraction"
                )
            units = np.array(ints, dtype=np.float64)
    if not 0 < q <= total:
        raise InvalidParameterError(
            f"`quota` must be in (0, sum(weights)] = (0, {float(total):g}], got {_show(quota)}"
        )
    return units, math.ceil(q * scale)


class WeightedVotingGame(_Structured):
    """``v(S) = 1`` if the weights in S reach the quota, else 0.

    The worths come from integer weights ``_units`` and quota ``_unit_quota``
    (the weights and quota as written, scaled to integers), whose sums are
    exact in float64 in any order: the table, the dynamic programme and the
    sampling kernel see the same game."""

    __slots__ = ("_weights", "_quota", "_units", "_unit_quota", "_power", "_indices", "_given")
    _PARAMS = ("weights", "quota", "players")
    family = "weighted voting"

    def _params(self):
        # the weights and quota as given (Fractions stay exact), not their
        # float copies: `replace` rebuilds the same game
        weights, quota = self._given
        return {"weights": weights, "quota": quota, "players": self.players}

    @property
    def weights(self) -> np.ndarray:
        """The voting weights as given (read-only)."""
        return self._weights

    @property
    def quota(self) -> float:
        """The weight needed to win, as given."""
        return self._quota

    @staticmethod
    def _rebuild(params):
        return weighted_voting(**params)

    def _evaluate(self, members):
        return (members @ self._units >= self._unit_quota).astype(np.float64)

    def _sampler_spec(self):
        return "threshold", {"a": self._units, "quota": float(self._unit_quota)}

    def _power_indices(self):
        if self._power is None:
            self._init(_power=(_voting_power(self._units, self._unit_quota),))
        return self._power[0]

    def _shapley_fast(self):
        if _table_work(self._units, self._unit_quota) > _MULTILINEAR_FROM:
            value = self._index("shapley")
            if value is not None:
                return value.copy()
        power = self._power_indices()
        return None if power is None else power[0].copy()

    def _banzhaf_fast(self):
        beta = self._index("banzhaf")
        if beta is None:  # beyond the one-weight route's bounds: the size-by-weight route
            power = self._power_indices()
            return None if power is None else power[1].copy()
        return beta.copy()

    def _index(self, index):
        """An index by its route in ``_voting_power``, computed once."""
        if index not in self._indices:
            units, q = self._units, self._unit_quota
            if index == "coleman":
                beta = self._banzhaf_fast()
                value = None if beta is None else _vp.coleman(units, q, beta)
            else:
                value = getattr(_vp, index)(units, q)
            self._indices[index] = value
        return self._indices[index]

    def _power_fast(self, index):
        if index not in ("johnston", "coleman", "deegan_packel", "public_good", "minimal_winning",
                         "minimal_blocking"):
            return None
        value = self._index(index)
        if value is None or index in ("minimal_winning", "minimal_blocking"):
            return None if value is None else list(value)
        if index == "coleman":
            return value[0].copy(), value[1].copy()
        return value.copy()

    def _subgame_fast(self, pos):
        # the same quota over the remaining weights, in the exact integer
        # units (weights given as fractions stay exact); when the remaining
        # weights cannot reach the quota every coalition loses, which is no
        # weighted voting game
        units = self._units[pos]
        if units.sum() < self._unit_quota:
            return None
        return weighted_voting(units, self._unit_quota, [self.players[i] for i in pos])


def weighted_voting(weights: Any, quota: float, players: Sequence[str] | None = None) -> Game:
    """Weighted voting game: a coalition wins (worth 1) when its weights reach the quota.

    Parameters
    ----------
    weights : array_like
        Non-negative voting weight of each player: integers, floats,
        :class:`fractions.Fraction` or :class:`decimal.Decimal`.
    quota : float
        Weight needed to win; ``0 < quota <= sum(weights)``.
    players : sequence of str, optional

    Returns
    -------
    Game
        With read-only attributes ``weights`` and ``quota`` (as given). Its
        Shapley value is the Shapley-Shubik power index, its raw Banzhaf
        value the Banzhaf index.

    Raises
    ------
    InvalidParameterError
        On negative, non-finite or non-numeric weights, a quota outside
        ``(0, sum(weights)]``, or weights that cannot be added exactly (see
        Notes).

    Notes
    -----
    Weights and quota are the numbers as written: a float stands for the
    shortest decimal that gives it back (``0.1`` is one tenth, not the
    binary float just above it), integers, fractions and decimals for
    themselves. A coalition wins when the exact sum of its weights reaches
    the exact quota, so ``0.1 + 0.2`` reaches a quota of ``0.3``. The game is
    evaluated on the same weights scaled to integers (by the common
    denominator of the weights, then divided by their greatest common
    divisor) with the quota scaled and rounded up; float64 adds those
    integers exactly in any order, so the table, the exact routes and the
    Monte Carlo sampler all answer for the same game. Weights whose scaled
    total reaches 2**53 cannot be added exactly and are refused: round them
    to fewer digits.

    With integer weights (and so with decimal ones, once scaled),
    :func:`coalition.shapley` and
    :func:`coalition.banzhaf` are exact without a table, for any number of
    players: one dynamic programme counts the coalitions of each size and
    total weight (as shares of all coalitions of that size, so nothing
    overflows) and removes each distinct weight from the count in turn.
    It takes O(n**2 L) time and O(n L) memory, with
    ``L = max(q, W - q + 1)``, ``q`` the quota rounded up and ``W`` the
    total weight: under 0.1 s for 500 players of weights 1 to 10.

    Beyond 2e8 steps of that programme, the Shapley-Shubik index is taken
    by Owen's multilinear extension instead, which has no size dimension:
    ``SS_i`` is the integral over ``t`` in [0, 1] of the probability that
    ``i`` swings when every other player joins independently with
    probability ``t``, a polynomial of degree ``n - 1`` in ``t`` that the
    ``ceil(n / 2)``-point Gauss-Legendre rule integrates exactly. The nodes
    where a Chernoff bound puts every pivot probability below 1e-22 are left
    out; at each other node the probabilities come from the exact discrete
    Fourier inversion of the characteristic function of the total weight,
    summed from moduli and reduced phases, O(W + d W / 2) per node (``d``
    distinct weights). Every index comes with a bound on its error (the
    rounding of the Fourier terms to first order, the terms and nodes left
    out) and is used only when that bound is at most 1e-10 of its value
    (in tests the error against exact counts is about 1e-15); otherwise
    the programme above answers. About 0.3 s for 1,000 players of weights
    1 to 49 and 1.5 s for 10,000 of weights 1 to 10. When neither route
    fits its bounds the dense table is used (and refused beyond the memory
    cap; then see :func:`coalition.estimate_shapley`).

    The other indices need no size dimension and count the coalitions by
    weight only, players of one weight together: :func:`coalition.banzhaf`
    and :func:`coalition.coleman` in O(n q + d q log w) time (``d``
    distinct weights, ``w`` the largest), about 1 s for 10,000 players of
    weights 1 to 10; :func:`coalition.johnston` by coalitions counted by
    weight and by number of members heavier than the excess, O(d**2 n**2 q)
    at most; :func:`coalition.deegan_packel`, :func:`coalition.public_good`
    and :func:`coalition.minimal_winning_coalitions` count the minimal
    winning coalitions first (O(n q)) and walk them only when there are at
    most 2e7 (1e6 to list them), else raise
    :class:`~coalition.GameTooLargeError` stating their number.

    No count wraps around: every route carries shares of coalitions
    (counts divided by ``2**m`` or by ``C(m, k)``) in float64, never
    integer counts, so games of thousands of players whose counts pass
    ``2**63`` (or float64's 1.8e308) keep their relative accuracy; only an
    index below about 1e-300, which float64 cannot hold to full precision
    anyway, loses digits or underflows to 0. The multilinear route carries
    probabilities (moduli as sums of logarithms); an index too small for
    its error bound to be within 1e-10 of it is left to the programme.

    References
    ----------
    Shapley, L. S. and Shubik, M. (1954). A method for evaluating the
    distribution of power in a committee system. American Political Science
    Review 48(3), 787-792.
    Matsui, T. and Matsui, Y. (2000). A survey of algorithms for calculating
    power indices of weighted majority games. Journal of the Operations
    Research Society of Japan 43(1), 71-86 (the dynamic programme).
    Owen, G. (1972). Multilinear extensions of games. Management Science
    18(5), P64-P79 (the Shapley value as an integral over ``t``).
    Uno, T. (2012). Efficient computation of power indices for weighted
    majority games. In Algorithms and Computation (ISAAC 2012), LNCS 7676,
    679-689 (removing one player from the all-players count).

    Examples
    --------
    >>> import coalition as co
    >>> g = co.families.weighted_voting([3, 2, 1, 1], quota=4)
    >>> co.shapley(g).as_dict()
    {'P1': 0.5, 'P2': 0.1667, 'P3': 0.1667, 'P4': 0.1667}

    The US Electoral College of 2004-2008 (51 members, 538 votes, 270 to
    win) has no table of its 2**51 coalitions, but an exact index:

    >>> ec = [9, 3, 10, 6, 55, 9, 7, 3, 3, 27, 15, 4, 4, 21, 11, 7, 6, 8,
    ...       9, 4, 10, 12, 17, 10, 6, 11, 3, 5, 5, 4, 15, 5, 31, 15, 3, 20,
    ...       7, 7, 21, 4, 8, 3, 11, 34, 5, 3, 13, 11, 5, 10, 3]
    >>> phi = co.shapley(co.families.weighted_voting(ec, 270))
    >>> round(phi["P5"], 4), round(float(phi.x.sum()), 12)  # California
    (0.1104, 1.0)

    Decimal weights are the decimals as written: the game of weights
    0.4, 0.2, 0.5, 0.1, 0.3 and quota 1.1 is that of 4, 2, 5, 1, 3 and 11.

    >>> g = co.families.weighted_voting([0.4, 0.2, 0.5, 0.1, 0.3], quota=1.1)
    >>> co.shapley(g).as_dict()
    {'P1': 0.2167, 'P2': 0.1333, 'P3': 0.4667, 'P4': 0.05, 'P5': 0.1333}
    >>> g.value("P1+P2+P3")  # 0.4 + 0.2 + 0.5 reaches 1.1
    1.0
    """
    if isinstance(weights, Iterator):  # a generator: read it once
        weights = list(weights)
    w = _vector(weights, "weights")
    q = _scalar(quota, "quota")
    units, unit_quota = _voting_units(weights, w, quota)
    game = WeightedVotingGame._lazy(_names(players, w.size), "profit")
    given = (weights.copy() if isinstance(weights, np.ndarray) else list(weights), quota)
    game._init(_weights=w, _quota=q, _units=_freeze(units), _unit_quota=unit_quota, _power=None, _indices={},
               _given=given)
    return game
