"""Structured games: weighted voting, airport, bankruptcy, glove, unanimity,
and additive games with pairwise synergies.

Each constructor returns a :class:`~coalition.Game` that keeps its parameters
(``game.weights``, ``game.quota``...) and evaluates coalitions from them, so a
game of 10,000 members is built in milliseconds. The dense table is built
only when a dense algorithm asks for it (and refused beyond the memory cap).
Where a closed form of the Shapley value exists, :func:`coalition.shapley`
uses it without any table.

The parameters are read-only, as the game is: ``game.replace(quota=6)``
builds the game with another quota (see :meth:`coalition.Game.replace`).
Numbers are checked by type: None, booleans, complex numbers, strings,
NaN, infinities and integers too large for a float are refused with an
error that names the argument.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from ._kernels import voting as _kv
from .errors import InvalidParameterError
from .game import Game
from .game._checks import MAX_ABS_WORTH, _check_kind, _check_players, _default_players
from .game._masks import _freeze
from .game._numbers import _is_bool, _real, _real_array, _show

__all__ = [
    "weighted_voting",
    "airport",
    "bankruptcy",
    "glove",
    "unanimity",
    "additive_with_synergies",
]


# Most players a family builds from a count (names are made for each).
_MAX_COUNT = 1_000_000


def _vector(values: Any, arg: str, *, nonneg: bool = True, ndim: int = 1) -> np.ndarray:
    """A checked, read-only float64 array of finite numbers (non-negative
    with `nonneg`), at most MAX_ABS_WORTH in magnitude."""
    arr = _real_array(values, arg, ndim=ndim)
    if arr.size == 0:
        raise InvalidParameterError(f"`{arg}` is empty; expected a non-empty sequence of numbers")
    bad = np.flatnonzero(~np.isfinite(arr.ravel()))
    if bad.size:
        k = int(bad[0])
        raise InvalidParameterError(f"`{arg}` has non-finite entries (entry {k} is {arr.ravel()[k]!r})")
    if np.any(np.abs(arr) > MAX_ABS_WORTH):
        raise InvalidParameterError(f"`{arg}` has entries above {MAX_ABS_WORTH:g} in magnitude; rescale them")
    if nonneg and np.any(arr < 0):
        k = int(np.flatnonzero(arr.ravel() < 0)[0])
        raise InvalidParameterError(f"`{arg}` must be non-negative; entry {k} is {arr.ravel()[k]!r}")
    return _freeze(arr)


def _scalar(value: Any, arg: str) -> float:
    return _real(value, arg, limit=MAX_ABS_WORTH)


def _names(players: Sequence[str] | None, n: int) -> tuple[str, ...]:
    return _default_players(n) if players is None else _check_players(players, n)


def _count_or_names(arg_value: Any, arg: str, prefix: str) -> tuple[str, ...]:
    """Players given as a count (named ``prefix1, prefix2, ...``) or as names."""
    if isinstance(arg_value, (int, np.integer)) and not _is_bool(arg_value):
        if not 1 <= arg_value <= _MAX_COUNT:
            raise InvalidParameterError(
                f"`{arg}` must be a count from 1 to {_MAX_COUNT:,} or a sequence of names, got {_show(arg_value)}"
            )
        return tuple(f"{prefix}{i + 1}" for i in range(int(arg_value)))
    if isinstance(arg_value, (float, np.floating)) or _is_bool(arg_value):
        raise InvalidParameterError(
            f"`{arg}` must be a count (an integer) or a sequence of names, got {arg_value!r}"
        )
    return _check_players(arg_value, arg=arg)


class _Structured(Game):
    """Base of the family games: parameters kept, no table until asked."""

    __slots__ = ()
    family = "structured"

    def __repr__(self) -> str:
        return f"<{self.family} game: {self.n} players, {self.kind}>"

    def _params(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._PARAMS}


# ---------------------------------------------------------------------------
# Bounds of the exact route for weighted voting games with integer weights:
# entries of its table (8 bytes each) and multiply-adds to fill it.
_VOTING_MAX_CELLS = 25_000_000
_VOTING_MAX_WORK = 10_000_000_000


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

    __slots__ = ("_weights", "_quota", "_units", "_unit_quota", "_power")
    _PARAMS = ("weights", "quota", "players")
    family = "weighted voting"

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
        power = self._power_indices()
        return None if power is None else power[0].copy()

    def _banzhaf_fast(self):
        power = self._power_indices()
        return None if power is None else power[1].copy()


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
    total weight: under 0.1 s for 500 players of weights 1 to 10. Beyond
    2.5e7 table entries or 1e10 steps the
    dense table is used (and refused beyond the memory cap; then see
    :func:`coalition.estimate_shapley`).

    References
    ----------
    Shapley, L. S. and Shubik, M. (1954). A method for evaluating the
    distribution of power in a committee system. American Political Science
    Review 48(3), 787-792.
    Matsui, T. and Matsui, Y. (2000). A survey of algorithms for calculating
    power indices of weighted majority games. Journal of the Operations
    Research Society of Japan 43(1), 71-86 (the dynamic programme).
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
    game._init(_weights=w, _quota=q, _units=_freeze(units), _unit_quota=unit_quota, _power=None)
    return game


# ---------------------------------------------------------------------------
class AirportGame(_Structured):
    """Cost game ``c(S) = max of costs over S`` (a runway long enough for all)."""

    __slots__ = ("_costs",)
    _PARAMS = ("costs", "players")
    family = "airport"

    @property
    def costs(self) -> np.ndarray:
        """Each player's standalone cost (read-only)."""
        return self._costs

    @staticmethod
    def _rebuild(params):
        return airport(**params)

    def _evaluate(self, members):
        return np.where(members, self.costs, 0.0).max(axis=1)

    def _sampler_spec(self):
        return "max", {"a": self.costs}

    def _shapley_fast(self):
        # Littlechild-Owen: each runway segment is paid equally by the players
        # that need it, i.e. all players whose cost is at least its end.
        c = self.costs
        order = np.argsort(c, kind="stable")
        sorted_c = c[order]
        seg = np.diff(np.concatenate([[0.0], sorted_c]))
        users = np.arange(c.size, 0, -1)
        shares = np.cumsum(seg / users)
        out = np.empty_like(shares)
        out[order] = shares
        return out


def airport(costs: Any, players: Sequence[str] | None = None) -> Game:
    """Airport cost game: a runway serves every plane shorter than it.

    Player ``i`` needs a runway costing ``costs[i]``; a coalition builds the
    runway its most demanding member needs: ``c(S) = max(costs[i] for i in S)``.

    Parameters
    ----------
    costs : array_like
        Non-negative standalone cost of each player.
    players : sequence of str, optional

    Returns
    -------
    Game
        A cost game with attribute ``costs``. Its Shapley value has the
        closed form of Littlechild and Owen (each runway segment paid equally
        by the players who use it), computed in O(n log n) without a table.

    References
    ----------
    Littlechild, S. C. and Owen, G. (1973). A simple expression for the
    Shapley value in a special case. Management Science 20(3), 370-372.

    Examples
    --------
    >>> import coalition as co
    >>> co.shapley(co.families.airport([8, 11, 13, 18])).x
    array([2., 3., 4., 9.])
    """
    c = _vector(costs, "costs")
    game = AirportGame._lazy(_names(players, c.size), "cost")
    game._init(_costs=c)
    return game


# ---------------------------------------------------------------------------
class BankruptcyGame(_Structured):
    """``v(S) = max(0, estate - claims of the players outside S)``."""

    __slots__ = ("_estate", "_claims")
    _PARAMS = ("estate", "claims", "players")
    family = "bankruptcy"

    @property
    def estate(self) -> float:
        """What there is to share."""
        return self._estate

    @property
    def claims(self) -> np.ndarray:
        """Each player's claim (read-only)."""
        return self._claims

    @staticmethod
    def _rebuild(params):
        return bankruptcy(**params)

    def _evaluate(self, members):
        outside = self.claims.sum() - members @ self.claims
        return np.maximum(0.0, self.estate - outside)

    def _sampler_spec(self):
        return "clipped_sum", {"a": self.claims, "estate": self.estate, "total": float(self.claims.sum())}


def bankruptcy(estate: float, claims: Any, players: Sequence[str] | None = None) -> Game:
    """Bankruptcy game: what a coalition is sure to get of an estate.

    A coalition can count on what is left of the estate after everyone
    outside it has been paid in full: ``v(S) = max(0, E - sum of claims
    outside S)`` (O'Neill 1982). Its nucleolus is the Talmud rule (Aumann and
    Maschler 1985).

    Parameters
    ----------
    estate : float
        What there is to share, ``0 <= estate <= sum(claims)``.
    claims : array_like
        Non-negative claim of each player.
    players : sequence of str, optional

    Returns
    -------
    Game
        With attributes ``estate`` and ``claims``.

    Raises
    ------
    InvalidParameterError
        On a negative estate or claim, or an estate above the total claims
        (then there is no shortage to share).

    Notes
    -----
    The worth is a continuous function of the sums of claims, so adding the
    claims in another order (the table adds them by coalition, the sampler
    along each permutation) changes a worth by rounding only, about 1e-16
    of the total claims: every route answers for the same game. The same
    holds for :func:`airport`, whose worths take a maximum and add nothing.

    References
    ----------
    O'Neill, B. (1982). A problem of rights arbitration from the Talmud.
    Mathematical Social Sciences 2(4), 345-371.
    Aumann, R. J. and Maschler, M. (1985). Game theoretic analysis of a
    bankruptcy problem from the Talmud. Journal of Economic Theory 36(2),
    195-213.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.families.bankruptcy(200, [100, 200, 300])
    >>> g.value("P2+P3"), co.shapley(g).as_dict()
    (100.0, {'P1': 33.33, 'P2': 83.33, 'P3': 83.33})
    """
    d = _vector(claims, "claims")
    e = _scalar(estate, "estate")
    if e < 0:
        raise InvalidParameterError(f"`estate` must be non-negative, got {e:g}")
    if e > d.sum():
        raise InvalidParameterError(
            f"`estate` ({e:g}) exceeds the total of `claims` ({d.sum():g}); "
            "there is no shortage to share"
        )
    game = BankruptcyGame._lazy(_names(players, d.size), "profit")
    game._init(_estate=e, _claims=d)
    return game


# ---------------------------------------------------------------------------
class GloveGame(_Structured):
    """``v(S) = min(left gloves in S, right gloves in S)``."""

    __slots__ = ("_left", "_right")
    _PARAMS = ("left", "right")
    family = "glove"

    @property
    def left(self) -> np.ndarray:
        """1.0 for each owner of a left glove, else 0.0 (read-only)."""
        return self._left

    @property
    def right(self) -> np.ndarray:
        """1.0 for each owner of a right glove, else 0.0 (read-only)."""
        return self._right

    def _params(self):
        names = np.array(self.players, dtype=object)
        return {"left": tuple(names[self._left == 1]), "right": tuple(names[self._right == 1])}

    @staticmethod
    def _rebuild(params):
        return glove(**params)

    def _evaluate(self, members):
        return np.minimum(members @ self.left, members @ self.right)

    def _sampler_spec(self):
        return "min_of_sums", {"a": self.left, "b": self.right}


def glove(left: Any, right: Any) -> Game:
    """Glove market: a left and a right glove make a pair worth 1.

    Parameters
    ----------
    left, right : int or sequence of str
        The owners of one left (right) glove each: a count (players named
        ``L1, L2, ...`` and ``R1, R2, ...``) or their names, disjoint.

    Returns
    -------
    Game
        ``v(S) = min(|S & left|, |S & right|)``, with boolean attributes
        ``left`` and ``right`` marking the owners (as 0/1 floats).

    Raises
    ------
    InvalidParameterError
        On a negative count, no glove on one side, or a name on both sides.

    References
    ----------
    Shapley, L. S. (1959). The solutions of a symmetric market game. In
    Contributions to the Theory of Games IV, Annals of Mathematics Studies
    40, 145-162.

    Examples
    --------
    One left glove and two right gloves: the scarce left glove earns 2/3.

    >>> import coalition as co
    >>> co.shapley(co.families.glove(1, 2)).as_dict()
    {'L1': 0.6667, 'R1': 0.1667, 'R2': 0.1667}
    """
    lnames, rnames = _count_or_names(left, "left", "L"), _count_or_names(right, "right", "R")
    both = sorted(set(lnames) & set(rnames))
    if both:
        raise InvalidParameterError(f"`left` and `right` both name {both}")
    names = lnames + rnames
    game = GloveGame._lazy(_check_players(names), "profit")
    k = len(lnames)
    side = np.r_[np.ones(k), np.zeros(len(rnames))]
    game._init(_left=_freeze(side), _right=_freeze(1.0 - side))
    return game


# ---------------------------------------------------------------------------
class UnanimityGame(_Structured):
    """``v(S) = 1`` if S contains the carrier coalition, else 0."""

    __slots__ = ("_carrier",)
    _PARAMS = ("players", "coalition")
    family = "unanimity"

    @property
    def carrier(self) -> np.ndarray:
        """Positions of the players of the carrier coalition (read-only)."""
        return self._carrier

    def _params(self):
        return {"players": self.players, "coalition": tuple(self.players[i] for i in self._carrier)}

    @staticmethod
    def _rebuild(params):
        return unanimity(**params)

    def _evaluate(self, members):
        return members[:, self.carrier].all(axis=1).astype(np.float64)

    def _sampler_spec(self):
        a = np.zeros(self.n)
        a[self.carrier] = 1.0
        return "threshold", {"a": a, "quota": float(self.carrier.size)}

    def _shapley_fast(self):
        x = np.zeros(self.n)
        x[self.carrier] = 1.0 / self.carrier.size
        return x


def unanimity(players: Any, coalition: Any) -> Game:
    """Unanimity game: worth 1 exactly when all of `coalition` takes part.

    Unanimity games are the basis of all games: every game is a sum of
    unanimity games weighted by its Harsanyi dividends.

    Parameters
    ----------
    players : int or sequence of str
        The players (a count means ``P1, P2, ...``).
    coalition : sequence of str or str
        The carrier: names (or a ``"A+B"`` string) of the players needed.

    Returns
    -------
    Game
        With attribute ``carrier`` (player positions). Its Shapley value is
        ``1/|coalition|`` for each carrier member and 0 for the rest.

    References
    ----------
    Shapley, L. S. (1953). A value for n-person games. In Contributions to
    the Theory of Games II, 307-317 (unanimity games as a basis).

    Examples
    --------
    >>> import coalition as co
    >>> co.shapley(co.families.unanimity(["A", "B", "C"], "A+B")).as_dict()
    {'A': 0.5, 'B': 0.5, 'C': 0.0}
    """
    names = _count_or_names(players, "players", "P")
    if isinstance(coalition, str):
        members = Game._split_key(coalition, "coalition", unique=False)
    elif coalition is None or isinstance(coalition, (int, float, complex, np.number, np.bool_, bytes)):
        raise InvalidParameterError(
            f"`coalition` must be player names or an 'A+B' string, got {_show(coalition)}"
        )
    else:
        try:
            members = tuple(Game._split_key(tuple(coalition), "coalition", unique=False))
        except TypeError:
            raise InvalidParameterError(
                f"`coalition` must be player names or an 'A+B' string, got {type(coalition).__name__}"
            ) from None
    if not members:
        raise InvalidParameterError("`coalition` is empty; a unanimity game needs at least one player")
    unknown = [p for p in members if p not in names]
    if unknown:
        raise InvalidParameterError(f"`coalition` names {unknown}, not players of {list(names)}")
    game = UnanimityGame._lazy(names, "profit")
    index = {p: i for i, p in enumerate(names)}
    game._init(_carrier=_freeze(sorted({index[p] for p in members}), np.int64))
    return game


# ---------------------------------------------------------------------------
class SynergyGame(_Structured):
    """Additive standalone worths plus pairwise synergies inside the coalition."""

    __slots__ = ("_standalone_worths", "_edges", "_synergies")
    _PARAMS = ("standalone", "synergies", "kind")
    family = "additive with synergies"

    @property
    def standalone_worths(self) -> np.ndarray:
        """Each player's worth alone (read-only)."""
        return self._standalone_worths

    @property
    def edges(self) -> np.ndarray:
        """The pairs with a synergy, as ``(m, 2)`` player positions (read-only)."""
        return self._edges

    @property
    def synergies(self) -> np.ndarray:
        """The synergy of each pair of `edges` (read-only)."""
        return self._synergies

    def _params(self):
        names = self.players
        return {
            "standalone": dict(zip(names, self._standalone_worths.tolist())),
            "synergies": {(names[i], names[j]): s for (i, j), s in zip(self._edges.tolist(), self._synergies.tolist())},
            "kind": self.kind,
        }

    @staticmethod
    def _rebuild(params):
        return additive_with_synergies(**params)

    def _evaluate(self, members):
        out = members @ self.standalone_worths
        if self.synergies.size:
            both = members[:, self.edges[:, 0]] & members[:, self.edges[:, 1]]
            out = out + both @ self.synergies
        return out

    def _shapley_fast(self):
        # Each pair's synergy is a dividend of the pair: split half and half.
        x = np.array(self.standalone_worths, dtype=np.float64)
        half = 0.5 * self.synergies
        np.add.at(x, self.edges[:, 0], half)
        np.add.at(x, self.edges[:, 1], half)
        return x

    def _sampler_spec(self):
        return "pairwise", {"a": self.standalone_worths, "edges": self.edges, "weights": self.synergies}

    def _pairwise_dividends(self):
        """``(standalone, edges, synergies)``: the game's Harsanyi dividends,
        all on singletons and pairs, in the game's units."""
        return self.standalone_worths, self.edges, self.synergies


def additive_with_synergies(standalone: Any, synergies: Any = None, *, kind: str = "profit") -> Game:
    """Standalone worths plus a synergy for every pair that cooperates.

    ``v(S) = sum of standalone[i] over S + sum of synergies[i, j] over the
    pairs {i, j} inside S``: the simplest model a negotiation team can fill
    in. Its Shapley value is each partner's standalone worth plus half of
    every synergy it takes part in, computed without any table.

    Parameters
    ----------
    standalone : dict or array_like
        ``{player: worth}`` (names taken in order), or worths of players
        ``P1, P2, ...``.
    synergies : dict or array_like, optional
        ``{(a, b): synergy}`` (also ``"a+b"`` keys), or a symmetric ``n x n``
        matrix with a zero diagonal. Missing pairs have no synergy.
    kind : {"profit", "cost"}, default "profit"

    Returns
    -------
    Game
        With attributes ``standalone_worths``, ``edges`` (pairs of player
        positions) and ``synergies``.

    Raises
    ------
    InvalidParameterError
        On a non-finite worth, a pair that is not two distinct players, a
        pair given twice, or a matrix that is not symmetric with zero diagonal.

    References
    ----------
    Harsanyi, J. C. (1963). A simplified bargaining model for the n-person
    cooperative game. International Economic Review 4(2), 194-220 (pairwise
    synergies are the dividends of the pairs).

    Examples
    --------
    >>> import coalition as co
    >>> g = co.families.additive_with_synergies(
    ...     {"Hub": 10, "Battery": 5, "Plant": 3},
    ...     {("Hub", "Battery"): 20, ("Hub", "Plant"): 6})
    >>> g.value("Hub+Battery+Plant"), co.shapley(g).as_dict()
    (44.0, {'Hub': 23.0, 'Battery': 15.0, 'Plant': 6.0})
    """
    if isinstance(standalone, Mapping):
        names = _check_players(list(standalone), arg="standalone")
        a = _vector([standalone[p] for p in standalone], "standalone", nonneg=False)
    else:
        a = _vector(standalone, "standalone", nonneg=False)
        names = _default_players(a.size)
    n = a.size
    index = {p: i for i, p in enumerate(names)}
    if synergies is None:
        edges = np.zeros((0, 2), dtype=np.int64)
        s = np.zeros(0)
    elif isinstance(synergies, Mapping):
        rows, vals, seen = [], [], set()
        for key, val in synergies.items():
            pair = Game._split_key(key, "synergies", unique=False)
            if len(pair) != 2 or pair[0] == pair[1]:
                raise InvalidParameterError(f"`synergies` key {key!r} must name two distinct players")
            for p in pair:
                if p not in index:
                    raise InvalidParameterError(f"`synergies` key {key!r} names {p!r}, not a player of {list(names)}")
            i, j = sorted((index[pair[0]], index[pair[1]]))
            if (i, j) in seen:
                raise InvalidParameterError(f"`synergies` gives the pair {names[i]}+{names[j]} twice")
            seen.add((i, j))
            rows.append((i, j))
            vals.append(_scalar(val, f"synergies[{key!r}]"))
        edges = np.array(rows, dtype=np.int64).reshape(-1, 2)
        s = np.array(vals, dtype=np.float64)
    else:
        if isinstance(synergies, (str, bytes, int, float, complex, np.number, np.bool_)):
            raise InvalidParameterError(
                f"`synergies` must be a dict of pairs or an n x n matrix, got {_show(synergies)}"
            )
        m = _vector(synergies, "synergies", nonneg=False, ndim=2)
        if m.shape != (n, n):
            raise InvalidParameterError(f"`synergies` matrix has shape {m.shape}; expected ({n}, {n})")
        if not np.allclose(m, m.T, rtol=0, atol=0) or np.any(np.diag(m) != 0):
            raise InvalidParameterError("`synergies` matrix must be symmetric with a zero diagonal")
        i, j = np.nonzero(np.triu(m, 1))
        edges = np.stack([i, j], axis=1).astype(np.int64)
        s = m[i, j]
    return _synergy_from_arrays(names, a, edges, s, _check_kind(kind))


def _synergy_from_arrays(names, standalone, edges, synergies, kind):
    """A :class:`SynergyGame` from checked arrays: player names, standalone
    worths (n,), pairs of distinct positions (m, 2) given once each, and
    finite synergies (m,). No per-pair Python work, for large graphs."""
    game = SynergyGame._lazy(tuple(names), kind)
    game._init(
        _standalone_worths=_freeze(standalone),
        _edges=_freeze(np.reshape(edges, (-1, 2)), np.int64),
        _synergies=_freeze(synergies),
    )
    return game
