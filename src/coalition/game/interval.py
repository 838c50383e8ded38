"""Games whose worths are known only within bounds: interval and partially defined games.

An :class:`IntervalGame` holds, for every coalition, an interval
``[lower, upper]`` that its worth lies in. A worth known exactly is a
degenerate interval (``lower == upper``); a worth not known at all is the
unbounded interval ``(-inf, inf)``. A partially defined game (some worths
known, the others unknown) is therefore an interval game with only those two
kinds of intervals, and one class serves both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .._numbers import _real, _real_array, _show
from ..errors import InvalidGameError, InvalidParameterError
from ._checks import (
    MAX_ABS_WORTH,
    _check_players,
    _check_table_size,
    _default_players,
    _n_from_length,
)
from ._masks import _freeze
from .game import Game

__all__ = ["IntervalGame"]

_MISSING = ("keep", "error")


class IntervalGame:
    r"""A game whose worth of each coalition is an interval ``[lower, upper]``.

    Exact worths are degenerate intervals; unknown worths are ``(-inf, inf)``
    (a *partially defined game*). One-sided bounds (``[0, inf)``) are allowed.

    Parameters
    ----------
    lower, upper : array_like of float
        ``2**n`` entries each, in bitmask order (entry ``k`` is the coalition
        whose bits are set in ``k``), the empty coalition first with
        ``[0, 0]``. `lower` may hold ``-inf`` and `upper` ``+inf``.
    players : sequence of str, optional
        Player names, in order. Default ``P1, P2, ...``.

    Raises
    ------
    InvalidGameError
        On tables of different or wrong lengths, NaN, ``+inf`` in `lower` or
        ``-inf`` in `upper`, a lower end above the upper end (the message
        names the coalition), a non-zero empty coalition, or bad player names.

    See Also
    --------
    from_dict : build one from ``{coalition: worth or (low, high)}``, leaving
        missing coalitions unknown.
    coalition.share_bounds : what the intervals imply for each partner's share.

    Notes
    -----
    Why a class of its own and not ``Game.from_dict(..., missing="keep")``:
    a :class:`~coalition.Game` is a worth for every coalition and every rule
    relies on that; a constructor that sometimes returned something else
    would make every caller check the type, as ``numpy.array`` never returns
    a masked array but :func:`numpy.ma.array` does.

    References
    ----------
    Alparslan Gok, S. Z., Branzei, R. and Tijs, S. (2009). Convex interval
    games. Journal of Applied Mathematics and Decision Sciences, 342089.
    Masuya, S. and Inuiguchi, M. (2016). A fundamental study for partially
    defined cooperative games. Fuzzy Optimization and Decision Making 15,
    281-306.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.IntervalGame.from_dict({"Hub": 10, "Battery": 5, "Hub+Battery": (35, 45)})
    >>> g.value("Hub+Battery"), g.value("Hub")
    ((35.0, 45.0), (10.0, 10.0))
    >>> p = co.IntervalGame.from_dict({"A": 1, "B": 2, "C": 0, "A+B+C": 9})
    >>> p.is_partial, p.unknown_coalitions()[:2]
    (True, ['A+B', 'A+C'])
    """

    __slots__ = ("_lower", "_n", "_players", "_upper")

    def __init__(self, lower: Any, upper: Any, players: Sequence[str] | None = None) -> None:
        lo = _real_array(lower, "lower", ndim=1, error=InvalidGameError)
        hi = _real_array(upper, "upper", ndim=1, error=InvalidGameError)
        if lo.size != hi.size:
            raise InvalidGameError(f"`lower` has {lo.size} entries and `upper` {hi.size}; they must match")
        n = _n_from_length(lo.size, lex=False)
        names = _default_players(n) if players is None else _check_players(players, n)
        _check_table_size(n, copies=2)
        self._setup(names, lo, hi)

    def _setup(self, names: tuple[str, ...], lo: np.ndarray, hi: np.ndarray) -> None:
        for arr, arg, bad in ((lo, "lower", np.inf), (hi, "upper", -np.inf)):
            wrong = np.flatnonzero(np.isnan(arr) | (arr == bad))
            if wrong.size:
                m = int(wrong[0])
                raise InvalidGameError(
                    f"`{arg}` of coalition {Game._name(m, names)} is {arr[m]!r}; expected a number"
                    + (" or -inf" if arg == "lower" else " or inf")
                )
            big = np.flatnonzero(np.isfinite(arr) & (np.abs(arr) > MAX_ABS_WORTH))
            if big.size:
                m = int(big[0])
                raise InvalidGameError(f"`{arg}` of coalition {Game._name(m, names)} is {arr[m]:g}, "
                                       f"above {MAX_ABS_WORTH:g} in magnitude; rescale the worths")
        if lo[0] != 0 or hi[0] != 0:
            raise InvalidGameError(f"the empty coalition must have worth 0, got [{float(lo[0])!r}, {float(hi[0])!r}]")
        swapped = np.flatnonzero(lo > hi)
        if swapped.size:
            m = int(swapped[0])
            raise InvalidGameError(
                f"the interval of coalition {Game._name(m, names)} is [{lo[m]:g}, {hi[m]:g}]: its low end is "
                f"above its high end ({swapped.size} such coalition{'s' if swapped.size > 1 else ''})"
            )
        object.__setattr__(self, "_players", names)
        object.__setattr__(self, "_n", len(names))
        object.__setattr__(self, "_lower", _freeze(lo))
        object.__setattr__(self, "_upper", _freeze(hi))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"an IntervalGame cannot be changed; build a new one (tried to set {name!r})")

    # -- constructors -------------------------------------------------------------
    @classmethod
    def from_dict(cls, mapping: Mapping[Any, Any], players: Sequence[str] | None = None, *,
                  missing: str = "keep") -> IntervalGame:
        """Build an interval game from ``{coalition: worth or (low, high)}``.

        Parameters
        ----------
        mapping : mapping
            Keys as in :meth:`coalition.Game.from_dict` (``"A+B"``, tuples of
            names). A value is a number (an exact worth) or a pair
            ``(low, high)``; ``None`` or ``-inf``/``inf`` for an open end.
        players : sequence of str, optional
            Player order; default the order in which names first appear.
        missing : {"keep", "error"}, default "keep"
            ``"keep"``: a coalition the mapping leaves out is unknown,
            ``(-inf, inf)``. ``"error"``: every coalition must be given.

        Returns
        -------
        IntervalGame

        Raises
        ------
        InvalidGameError
            On an unknown player, a coalition given twice, a value that is
            neither a number nor a pair, a pair with low > high, or (with
            ``missing="error"``) missing coalitions.
        InvalidParameterError
            On an unknown `missing`.

        Examples
        --------
        >>> import coalition as co
        >>> g = co.IntervalGame.from_dict({"A": 1, "B": (0, 2), "A+B": (4, None)})
        >>> g.value("B"), g.value("A+B")
        ((0.0, 2.0), (4.0, inf))
        """
        if not isinstance(missing, str) or missing not in _MISSING:
            raise InvalidParameterError(f"`missing` must be 'keep' or 'error', got {_show(missing)}")
        if not isinstance(mapping, Mapping):
            raise InvalidGameError(f"`mapping` must be a mapping of coalitions to worths, got {type(mapping).__name__}")
        parsed = [(Game._split_key(key), key, value) for key, value in mapping.items()]
        if players is None:
            order: dict[str, None] = {}
            for members, _, _ in parsed:
                order.update(dict.fromkeys(members))
            if not order:
                raise InvalidGameError("`mapping` names no player")
            names = _check_players(order)
        else:
            names = _check_players(players)
        n = len(names)
        _check_table_size(n, copies=3)
        index = {p: i for i, p in enumerate(names)}
        lo = np.full(1 << n, -np.inf)
        hi = np.full(1 << n, np.inf)
        given = np.zeros(1 << n, dtype=bool)
        lo[0] = hi[0] = 0.0
        given[0] = True
        for members, key, value in parsed:
            mask = 0
            for p in members:
                if p not in index:
                    raise InvalidGameError(f"`mapping` key {key!r} names {p!r}, which is not a player {list(names)}")
                mask |= 1 << index[p]
            if given[mask] and mask != 0:
                raise InvalidGameError(f"`mapping` gives coalition {Game._name(mask, names)} twice (again as {key!r})")
            lo[mask], hi[mask] = _interval(value, f"mapping[{_show(key)}]")
            given[mask] = True
        if missing == "error" and not given.all():
            absent = np.flatnonzero(~given)
            raise InvalidGameError(Game._missing_message(absent, names, "give them or pass missing='keep'"))
        game = object.__new__(cls)
        game._setup(names, lo, hi)
        return game

    @classmethod
    def from_game(cls, game: Game) -> IntervalGame:
        """The interval game of a game: every worth a degenerate interval.

        Examples
        --------
        >>> import coalition as co
        >>> co.IntervalGame.from_game(co.Game([0, 1, 2, 6])).value(3)
        (6.0, 6.0)
        """
        if not isinstance(game, Game):
            raise InvalidGameError(f"`game` must be a coalition.Game, got {type(game).__name__}")
        if game.kind != "profit":
            raise InvalidGameError("`game` is a cost game; interval games hold profits (worths)")
        v = np.array(game.values)
        return cls(v, v, game.players)

    # -- what it holds ------------------------------------------------------------
    @property
    def players(self) -> tuple[str, ...]:
        """Player names, in order."""
        return self._players

    @property
    def n(self) -> int:
        """The number of players."""
        return self._n

    @property
    def kind(self) -> str:
        """Always ``"profit"``: interval games hold worths."""
        return "profit"

    @property
    def lower(self) -> np.ndarray:
        """The low end of every worth, in bitmask order (read-only)."""
        return self._lower

    @property
    def upper(self) -> np.ndarray:
        """The high end of every worth, in bitmask order (read-only)."""
        return self._upper

    @property
    def known(self) -> np.ndarray:
        """Whether each worth is known exactly (a degenerate interval)."""
        return self._lower == self._upper

    @property
    def unknown(self) -> np.ndarray:
        """Whether each worth is not known at all, ``(-inf, inf)``."""
        return np.isneginf(self._lower) & np.isposinf(self._upper)

    @property
    def is_partial(self) -> bool:
        """Whether every worth is either known exactly or not known at all."""
        return bool(np.all(self.known | self.unknown))

    @property
    def is_size_monotonic(self) -> bool:
        """Whether the width ``upper - lower`` grows with the coalition (finite
        widths only): the condition of the interval Shapley value."""
        return not self.size_monotonic_violations(1)

    def size_monotonic_violations(self, limit: int = 10) -> list[tuple[str, str]]:
        """Pairs ``(S, S+i)`` whose width falls when a player joins (at most
        `limit` of them); empty when the game is size-monotonic."""
        width = self._upper - self._lower
        if not np.all(np.isfinite(width)):
            bad = int(np.flatnonzero(~np.isfinite(width))[0])
            return [(Game._name(bad, self._players), "an unbounded width")]
        out: list[tuple[str, str]] = []
        masks = np.arange(1 << self._n)
        ends = np.concatenate([np.abs(self._lower), np.abs(self._upper)])
        slack = 64 * np.finfo(float).eps * float(np.max(ends))  # the rounding of ``upper - lower``
        for i in range(self._n):
            s = masks[(masks >> i & 1) == 0]
            drop = s[width[s] > width[s | (1 << i)] + slack]
            for m in drop[: limit - len(out)]:
                out.append((Game._name(int(m), self._players), Game._name(int(m) | (1 << i), self._players)))
            if len(out) >= limit:
                break
        return out

    def mask(self, coalition: Any) -> int:
        """Bitmask of a coalition given by names, ``"A+B"`` or a mask."""
        return Game._lazy(self._players, "profit").mask(coalition)

    def value(self, coalition: Any) -> tuple[float, float]:
        """The interval ``(low, high)`` of one coalition's worth."""
        m = self.mask(coalition)
        return float(self._lower[m]), float(self._upper[m])

    def unknown_coalitions(self) -> list[str]:
        """The names of the coalitions whose worth is not known at all."""
        return [Game._name(int(m), self._players) for m in np.flatnonzero(self.unknown)]

    def lower_game(self) -> Game:
        """The game of the low ends (every low end must be finite)."""
        return self._end_game(self._lower, "low")

    def upper_game(self) -> Game:
        """The game of the high ends (every high end must be finite)."""
        return self._end_game(self._upper, "high")

    def _end_game(self, table: np.ndarray, end: str) -> Game:
        bad = np.flatnonzero(~np.isfinite(table))
        if bad.size:
            raise InvalidGameError(
                f"the {end} end of coalition {Game._name(int(bad[0]), self._players)} is not finite "
                f"({bad.size} coalition{'s' if bad.size > 1 else ''} in all); bound every worth first"
            )
        return Game(np.array(table), self._players)

    def contains(self, game: Game, *, atol: float = 1e-9) -> bool:
        """Whether every worth of `game` lies in its interval (a completion).

        `atol` is relative to the largest finite end of the intervals and
        worth of `game` in magnitude (as in :func:`coalition.in_interval_core`),
        so that the answer does not change with the unit of the worths.

        Raises
        ------
        InvalidGameError
            If `game` is not a Game of the same players.
        InvalidParameterError
            If `atol` is not a number in ``[0, 1)``.
        """
        if not isinstance(game, Game) or game.players != self._players:
            raise InvalidGameError(f"`game` must be a Game of the players {list(self._players)}")
        if isinstance(atol, bool) or not isinstance(atol, (int, float, np.integer, np.floating)) \
                or not 0 <= atol < 1:
            raise InvalidParameterError(f"`atol` must be a number at least 0 and below 1 (relative to the largest "
                                        f"worth), got {atol!r}")
        v = game.values
        ends = np.concatenate([self._lower, self._upper, v])
        ends = ends[np.isfinite(ends)]
        top = float(np.max(np.abs(ends))) if ends.size else 0.0
        tol = atol * top + 8 * np.finfo(float).eps * top
        return bool(np.all(v >= self._lower - tol) and np.all(v <= self._upper + tol))

    def __repr__(self) -> str:
        shown = ", ".join(self._players[:6]) + (", ..." if self._n > 6 else "")
        known = int(np.count_nonzero(self.known[1:]))
        unknown = int(np.count_nonzero(self.unknown))
        ranged = (1 << self._n) - 1 - known - unknown
        return (f"<IntervalGame: {self._n} players ({shown}); {known} worths known, "
                f"{ranged} in ranges, {unknown} unknown>")


def _interval(value: Any, arg: str) -> tuple[float, float]:
    """``(low, high)`` of a mapping value: a number or a pair with open ends."""
    if isinstance(value, (tuple, list, np.ndarray)) and not (isinstance(value, np.ndarray) and value.ndim == 0):
        if len(value) != 2:
            raise InvalidGameError(f"`{arg}` must be a number or a pair (low, high), got {_show(value)}")
        lo = -np.inf if value[0] is None else _real(value[0], f"{arg}[0]", error=InvalidGameError, allow_nonfinite=True)
        hi = np.inf if value[1] is None else _real(value[1], f"{arg}[1]", error=InvalidGameError, allow_nonfinite=True)
        if np.isnan(lo) or np.isnan(hi):
            raise InvalidGameError(f"`{arg}` holds NaN; expected a pair (low, high) of numbers")
        if lo == np.inf or hi == -np.inf:
            raise InvalidGameError(f"`{arg}` is the interval [{lo:g}, {hi:g}]: the low end may be -inf and the "
                                   "high end inf, not the other way round")
        if any(np.isfinite(e) and abs(e) > MAX_ABS_WORTH for e in (lo, hi)):
            raise InvalidGameError(f"`{arg}` is the interval [{lo:g}, {hi:g}], above {MAX_ABS_WORTH:g} in "
                                   "magnitude; rescale the worths")
        if lo > hi:
            raise InvalidGameError(f"`{arg}` is the interval [{lo:g}, {hi:g}]: its low end is above its high end")
        return lo, hi
    w = _real(value, arg, expected="a number or a pair (low, high)", error=InvalidGameError, limit=MAX_ABS_WORTH)
    return w, w
