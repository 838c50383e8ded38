"""Building a game from a mapping of coalitions or from a value function.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._kernels import properties as _kp
from .._numbers import _cut, _is_bool, _real, _show
from ..errors import (
    InvalidGameError,
    InvalidParameterError,
)
from ._checks import (
    _FILLS,
    _SUPERADDITIVE_FILL_MAX_N,
    MAX_ABS_WORTH,
    _check_kind,
    _check_players,
    _check_table_size,
)
from ._masks import _additive_table, _freeze

if TYPE_CHECKING:  # the class these methods are mixed into
    from .game import Game



class _Constructors:
    """The constructors of :class:`Game` from a mapping and from a function."""

    __slots__ = ()

    @classmethod
    def from_dict(
        cls,
        mapping: Mapping[Any, float],
        players: Sequence[str] | None = None,
        *,
        fill: str | None = None,
        kind: str = "profit",
    ) -> Game:
        """Build a game from ``{coalition: worth}``.

        Parameters
        ----------
        mapping : mapping
            Keys are coalitions: tuples, lists or frozensets of player names, a
            single name, or a string of names joined by ``"+"`` (``"A+B"``).
            The empty coalition may be left out (its worth is 0).
        players : sequence of str, optional
            Player order. Default: the order in which names first appear in
            the keys.
        fill : {None, "additive", "superadditive"}, optional
            How to fill coalitions missing from `mapping`. ``None`` (default)
            makes a missing coalition an error. ``"additive"``: the sum of its
            members' standalone worths. ``"superadditive"``: the best partition
            of the coalition into coalitions that were given (the cheapest one
            for a cost game; O(3**n), up to 15 players).
        kind : {"profit", "cost"}, default "profit"
            ``"cost"`` when the worths are costs.

        Returns
        -------
        Game

        Raises
        ------
        InvalidGameError
            On an unknown player, a coalition given twice, a non-finite worth,
            a non-zero empty coalition, or missing coalitions (the message
            lists some) when `fill` is None or cannot fill them.
        InvalidParameterError
            On an unknown `fill`, or ``fill="superadditive"`` beyond 15 players.

        Examples
        --------
        >>> import coalition as co
        >>> g = co.Game.from_dict({"Hub": 10, "Battery": 5, "Hub+Battery": 40})
        >>> g.players, g.grand_value
        (('Hub', 'Battery'), 40.0)
        >>> g = co.Game.from_dict({"A": 1, "B": 1, "C": 1, "A+B": 4}, fill="superadditive")
        >>> g.value("A+B+C"), g.value("B+C")
        (5.0, 2.0)
        """
        if fill is not None and (not isinstance(fill, str) or fill not in _FILLS):
            raise InvalidParameterError(
                f"`fill` must be None, 'additive' or 'superadditive', got {fill!r}"
            )
        kind = _check_kind(kind)
        if not isinstance(mapping, Mapping):
            raise InvalidGameError(f"`mapping` must be a mapping of coalitions to worths, got {type(mapping).__name__}")
        parsed: list[tuple[tuple[str, ...], Any, Any]] = []
        for key, worth in mapping.items():
            parsed.append((cls._split_key(key), key, worth))
        if players is None:
            order: dict[str, None] = {}
            for members, _, _ in parsed:
                for p in members:
                    order.setdefault(p, None)
            if not order:
                raise InvalidGameError("`mapping` names no player")
            names = _check_players(order)
        else:
            names = _check_players(players)
        n = len(names)
        _check_table_size(n, copies=2)
        index = {p: i for i, p in enumerate(names)}
        table = np.zeros(1 << n)
        given = np.zeros(1 << n, dtype=np.bool_)
        for members, key, worth in parsed:
            mask = 0
            for p in members:
                if p not in index:
                    raise InvalidGameError(f"`mapping` key {key!r} names {p!r}, which is not a player {list(names)}")
                mask |= 1 << index[p]
            try:
                w = _real(worth, "mapping", error=InvalidGameError, limit=MAX_ABS_WORTH)
            except InvalidGameError as exc:  # name the key only when needed
                raise InvalidGameError(str(exc).replace("`mapping`", f"`mapping[{_show(key)}]`", 1)) from None
            if given[mask]:
                raise InvalidGameError(f"`mapping` gives coalition {cls._name(mask, names)} twice (again as {key!r})")
            if mask == 0 and w != 0:
                raise InvalidGameError(f"`mapping` gives the empty coalition the worth {w!r}; it must be 0")
            table[mask] = w
            given[mask] = True
        return cls._from_given(table, given, names, fill=fill, kind=kind)

    @classmethod
    def _from_given(cls, table: np.ndarray, given: np.ndarray, names: tuple[str, ...], *,
                    fill: str | None, kind: str) -> Game:
        """The game whose worths are ``table`` where ``given``, the rest filled
        by `fill` (checked names, kind and worths; ``table`` is taken over)."""
        n = len(names)
        given[0] = True
        missing = np.flatnonzero(~given)
        if missing.size:
            if fill is None:
                raise InvalidGameError(cls._missing_message(missing, names, "give them, pass fill='additive' or fill='superadditive', or keep them unknown with coalition.IntervalGame.from_dict"))
            if fill == "additive":
                singles = [1 << i for i in range(n)]
                absent = [m for m in singles if not given[m]]
                if absent:
                    raise InvalidGameError(cls._missing_message(np.array(absent), names, "fill='additive' needs every standalone worth", what="standalone worths"))
                table = np.where(given, table, _additive_table(table[singles]))
            else:
                if n > _SUPERADDITIVE_FILL_MAX_N:
                    raise InvalidParameterError(
                        f"`fill='superadditive'` costs O(3**n); {n} players is more than "
                        f"the {_SUPERADDITIVE_FILL_MAX_N} it allows. Give the missing coalitions "
                        "or use fill='additive'"
                    )
                # For costs the best partition is the cheapest one: cover the
                # negated costs (the savings game's fill is the same partition).
                sign = -1.0 if kind == "cost" else 1.0
                cover = sign * _kp.superadditive_cover(sign * table, given, n)
                impossible = np.flatnonzero(~given & ~np.isfinite(cover))
                if impossible.size:
                    raise InvalidGameError(cls._missing_message(impossible, names, "no partition of them into given coalitions exists", what="coalitions that cannot be filled"))
                table = np.where(given, table, cover)
        game = object.__new__(cls)
        game._setup(names, kind, _freeze(table))
        return game

    @staticmethod
    def _split_key(key: Any, arg: str = "mapping", *, unique: bool = True) -> tuple[str, ...]:
        if isinstance(key, str):
            parts = [p.strip() for p in key.split("+")] if key.strip() else []
            if any(not p for p in parts):
                raise InvalidGameError(f"`{arg}` key {key!r} has an empty name between '+' signs")
        elif isinstance(key, (tuple, list, frozenset, set)):
            bad = [p for p in key if p is None or _is_bool(p) or isinstance(p, (complex, bytes))]
            if bad:
                raise InvalidGameError(f"`{arg}` key {_show(key)} holds {bad[0]!r}, which is not a player name")
            parts = [str(p) for p in key]
        elif key is None or _is_bool(key) or isinstance(key, (complex, bytes)):
            raise InvalidGameError(
                f"`{arg}` key {key!r} is not a coalition; give names, a tuple of names or 'A+B'"
            )
        else:
            parts = [str(key)]
        twice = sorted({p for p in parts if parts.count(p) > 1}) if unique and len(set(parts)) < len(parts) else []
        if twice:
            raise InvalidGameError(f"`{arg}` key {_show(key)} names {twice[0]!r} twice")
        return tuple(parts)

    @classmethod
    def _missing_message(cls, masks: np.ndarray, names: Sequence[str], hint: str, what: str = "coalitions") -> str:
        shown = ", ".join(_cut(cls._name(int(m), names)) for m in masks[:6])
        more = f", ... ({masks.size} in all)" if masks.size > 6 else ""
        return f"`mapping` lacks {masks.size} {what}: {shown}{more}; {hint}"

    @classmethod
    def from_function(
        cls,
        func: Callable[[Any], Any],
        players: Sequence[str],
        *,
        vectorized: bool = False,
        kind: str = "profit",
    ) -> Game:
        """Build a game whose worths come from a function of the coalition.

        The function is never called on the empty coalition (its worth is 0)
        and is called only when a worth is needed: a dense rule such as
        :func:`coalition.shapley` evaluates it once per coalition and keeps
        the table, while :func:`coalition.estimate_shapley` samples it without
        any table, so the game may have far more players than a table allows.

        Parameters
        ----------
        func : callable
            ``func(coalition) -> float`` with the coalition a tuple of player
            names; or, with ``vectorized=True``, ``func(members) -> array`` with
            ``members`` a boolean array of shape ``(k, n)`` (row ``r`` marks the
            players of coalition ``r``) returning ``k`` worths. A win/lose
            test may answer ``True``/``False`` (worth 1 or 0).
        players : sequence of str
            Player names, in order.
        vectorized : bool, default False
            Whether `func` takes a batch of coalitions as a boolean matrix.
        kind : {"profit", "cost"}, default "profit"

        Returns
        -------
        Game

        Raises
        ------
        InvalidGameError
            When a worth is needed and `func` returns a non-finite number, a
            non-number, or (vectorized) an array of the wrong shape; the
            message names the coalition.

        Examples
        --------
        >>> import coalition as co
        >>> g = co.Game.from_function(lambda s: len(s) ** 2, ["A", "B", "C"])
        >>> g.value("A+B"), co.shapley(g)["A"]
        (4.0, 3.0)
        >>> import numpy as np
        >>> w = np.array([1.0, 2.0, 3.0])
        >>> g = co.Game.from_function(lambda m: (m @ w) ** 2, ["A", "B", "C"], vectorized=True)
        >>> co.shapley(g).as_dict()
        {'A': 6.0, 'B': 12.0, 'C': 18.0}
        """
        if not callable(func):
            raise InvalidGameError(f"`func` must be callable, got {type(func).__name__}")
        if not isinstance(vectorized, (bool, np.bool_)):
            raise InvalidParameterError(f"`vectorized` must be True or False, got {vectorized!r}")
        names = _check_players(players)
        from .function import _FunctionGame

        game = _FunctionGame._lazy(names, _check_kind(kind))
        game._init(_func=func, _vectorized=bool(vectorized))
        return game
