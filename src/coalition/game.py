"""The TU game: a worth for every coalition of players.

A :class:`Game` holds the characteristic function ``v`` of a transferable
utility game. Coalitions are ``int`` bitmasks inside the library (bit ``i`` is
``players[i]``); the dense table ``values`` has ``2**n`` entries in bitmask
order with ``v(empty) = 0`` at index 0.

Structured games (see :mod:`coalition.families`) and games defined by a
function never build the table until a dense algorithm asks for it, so they
can have thousands of players for the rules that do not need it.

A game is immutable: its attributes cannot be set and its arrays are
read-only, so a result computed from it (and every table or index it keeps)
stays true. :meth:`Game.replace` builds a changed game.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import numpy as np

from . import _config
from ._kernels import exact as _kx
from ._kernels import properties as _kp
from .errors import CoalitionError, GameTooLargeError, InvalidGameError, InvalidParameterError

__all__ = ["Game"]

_KINDS = ("profit", "cost")
_ORDERS = ("binary", "lex")
_FILLS = (None, "additive", "superadditive")
_SUPERADDITIVE_FILL_MAX_N = 15
# Beyond this many players a coalition cannot be an int64 bitmask.
_MAX_MASK_BITS = 62


# ---------------------------------------------------------------------------
# numbers given by the user
# ---------------------------------------------------------------------------
def _show(value: Any, limit: int = 60) -> str:
    """A short repr of a value for an error message (10**400 has 401 digits)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return f"an integer of {len(str(abs(value)))} digits"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _kind_of(value: Any) -> str:
    """What follows a value shown in a message: " (a string)" and the like."""
    if value is None or isinstance(value, (list, tuple, dict)):
        return ""
    if isinstance(value, (complex, np.complexfloating)):
        return " (a complex number)"
    if isinstance(value, str):
        return " (a string)"
    return f" (a {type(value).__name__})"


def _is_bool(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_))


def _real(value: Any, arg: str, *, error: type[CoalitionError] = InvalidParameterError, limit: float = math.inf) -> float:
    """`value` as a finite float, or an `error` naming `arg`.

    Accepts Python and numpy integers and floats, fractions and decimals;
    refuses None, booleans, complex numbers, strings and other objects (which
    ``float()`` would either reject with a raw error or convert silently), NaN,
    infinities, integers too large for a float and magnitudes above `limit`.
    """
    if type(value) is float and abs(value) <= limit:  # the common case, quickly
        if math.isfinite(value):
            return value
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if _is_bool(value):
        raise error(f"`{arg}` must be a number, got the boolean {value!r}")
    if not isinstance(value, (numbers.Real, Decimal)):
        raise error(f"`{arg}` must be a number, got {_show(value)}{_kind_of(value)}")
    try:
        out = float(value)
    except OverflowError:
        raise error(f"`{arg}` is {_show(value)}, too large for a float (at most about 1.8e308)") from None
    except (TypeError, ValueError):
        raise error(f"`{arg}` must be a number, got {_show(value)}") from None
    if not math.isfinite(out):
        raise error(f"`{arg}` is not finite ({_show(value)}); expected a finite number")
    if abs(out) > limit:
        raise error(f"`{arg}` is {out:g}, above {limit:g} in magnitude; rescale it")
    return out


def _has_bool(seq: Any) -> bool:
    """Whether a (nested) list or tuple holds a boolean."""
    types = set(map(type, seq))
    if bool in types or np.bool_ in types:
        return True
    if list in types or tuple in types:
        return any(_has_bool(v) for v in seq if isinstance(v, (list, tuple)))
    return False


def _real_array(
    values: Any, arg: str, *, ndim: int = 1, error: type[CoalitionError] = InvalidParameterError
) -> np.ndarray:
    """`values` as a new float64 array of `ndim` dimensions, refusing what is
    not a real number (as :func:`_real`) with an `error` that names `arg` and
    the first bad entry. Finiteness is left to the caller."""
    shape_word = "one-dimensional array" if ndim == 1 else "two-dimensional array"
    if values is None or isinstance(values, (str, bytes, Mapping, set, frozenset, numbers.Number)):
        raise error(f"`{arg}` must be a {shape_word} of numbers, got {_show(values)}")
    if not isinstance(values, np.ndarray):
        if not hasattr(values, "__array__"):
            try:
                values = list(values)
            except TypeError:
                raise error(f"`{arg}` must be a {shape_word} of numbers, got {type(values).__name__}") from None
            if _has_bool(values):
                where = next((f"[{k}]" for k, v in enumerate(values) if _is_bool(v)), "")
                raise error(f"`{arg}{where}` is a boolean; expected numbers (write 1 and 0)")
        try:
            values = np.array(values)
        except (TypeError, ValueError):
            raise error(
                f"`{arg}` must be a {shape_word} of numbers; it mixes numbers and sequences, or rows of unequal length"
            ) from None
    kind = values.dtype.kind
    if kind == "O":
        flat = values.ravel()
        for k, v in enumerate(flat):
            where = np.unravel_index(k, values.shape) if values.ndim > 1 else (k,)
            _real(v, f"{arg}[{', '.join(map(str, where))}]", error=error)
        values = np.array([float(v) for v in flat]).reshape(values.shape)
    elif kind == "b":
        raise error(f"`{arg}` is an array of booleans; expected numbers")
    elif kind == "c":
        k = int(np.flatnonzero(values.ravel().imag != 0)[0]) if np.any(values.imag != 0) else 0
        raise error(f"`{arg}` holds complex numbers (entry {k} is {values.ravel()[k]!r}); expected real numbers")
    elif kind in "US":
        raise error(f"`{arg}` must hold numbers, not strings (such as {str(values.ravel()[0])!r})")
    elif kind not in "iuf":
        raise error(f"`{arg}` must hold numbers, got an array of dtype {values.dtype}")
    if values.ndim != ndim:
        raise error(f"`{arg}` must be a {shape_word} of numbers, got shape {values.shape}")
    return np.array(values, dtype=np.float64)


# ---------------------------------------------------------------------------
# validation helpers shared by the constructors
# ---------------------------------------------------------------------------
def _check_kind(kind: Any) -> str:
    if not isinstance(kind, str) or kind not in _KINDS:
        raise InvalidParameterError(f"`kind` must be 'profit' or 'cost', got {kind!r}")
    return kind


def _check_players(players: Iterable[Any], n: int | None = None, arg: str = "players") -> tuple[str, ...]:
    if isinstance(players, (str, bytes)):
        raise InvalidGameError(f"`{arg}` must be a sequence of names, not a single string {players!r}")
    if isinstance(players, (set, frozenset)):
        raise InvalidGameError(
            f"`{arg}` must be an ordered sequence of names (a list or tuple), not a {type(players).__name__}: "
            "the order of the names is the order of the worths"
        )
    if players is None or isinstance(players, (numbers.Number, np.bool_)):
        raise InvalidGameError(f"`{arg}` must be a sequence of names, got {_show(players)}")
    try:
        raw = list(players)
    except TypeError:
        raise InvalidGameError(f"`{arg}` must be a sequence of names, got {type(players).__name__}") from None
    for i, p in enumerate(raw):
        if p is None or _is_bool(p) or isinstance(p, (complex, np.complexfloating, bytes, list, dict, set, np.ndarray)):
            raise InvalidGameError(f"`{arg}` has {_show(p)} at position {i}; a name must be a string")
    names = tuple(str(p) for p in raw)
    if n is not None and len(names) != n:
        raise InvalidGameError(f"`{arg}` has {len(names)} names; the table is for {n} players")
    if not names:
        raise InvalidGameError(f"`{arg}` is empty; a game needs at least one player")
    empty = [i for i, p in enumerate(names) if not p.strip()]
    if empty:
        raise InvalidGameError(f"`{arg}` has an empty name at position {empty[0]}")
    seen: dict[str, int] = {}
    for i, p in enumerate(names):
        if p in seen:
            raise InvalidGameError(f"`{arg}` has the name {p!r} twice (positions {seen[p]} and {i})")
        seen[p] = i
    return names


def _default_players(n: int) -> tuple[str, ...]:
    return tuple(f"P{i + 1}" for i in range(n))


def _n_from_length(length: int, *, lex: bool) -> int:
    target = length + 1 if lex else length
    if target < 2 or target & (target - 1):
        if lex:
            raise InvalidGameError(
                f"`values` has {length} entries; in lex order a game of n players "
                "needs 2**n - 1 (1, 3, 7, 15, ...)"
            )
        raise InvalidGameError(
            f"`values` has {length} entries; in binary order a game of n players "
            "needs 2**n (2, 4, 8, 16, ...)"
        )
    return target.bit_length() - 1


def _check_table_size(n: int, copies: int = 1) -> None:
    needed = copies * 8 * (1 << n) if n < 64 else math.inf
    cap = _config.get_max_table_bytes()
    if n > _MAX_MASK_BITS or needed > cap:
        need_txt = f"{needed:,} bytes" if needed != math.inf else "more than 2**64 bytes"
        raise GameTooLargeError(
            f"a dense table of {n} players needs {need_txt} (2**{n} float64 entries), "
            f"more than the cap of {cap:,} bytes; use estimate_shapley or an exact "
            "algorithm of the game's family, or raise the cap with "
            "coalition.set_max_table_bytes"
        )


# Worths are kept below this magnitude so that sums over 2**62 coalitions and
# squares (variances) of worths stay finite in float64.
MAX_ABS_WORTH = 1e150


def _finite_or_raise(values: np.ndarray, what: str, describe: Callable[[int], str]) -> None:
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        shown = ", ".join(describe(int(k)) for k in bad[:5])
        more = f" and {bad.size - 5} more" if bad.size > 5 else ""
        raise InvalidGameError(f"`{what}` has non-finite worths (NaN or inf) at {shown}{more}")
    huge = np.flatnonzero(np.abs(values) > MAX_ABS_WORTH)
    if huge.size:
        raise InvalidGameError(
            f"`{what}` has a worth of magnitude above {MAX_ABS_WORTH:g} at {describe(int(huge[0]))} "
            f"({values[huge[0]]:g}); sums over coalitions would overflow: rescale the worths"
        )


def _popcounts(n: int) -> np.ndarray:
    pc = np.zeros(1, dtype=np.int64)
    for _ in range(n):
        pc = np.concatenate([pc, pc + 1])
    return pc


def _additive_table(weights: np.ndarray) -> np.ndarray:
    """Table of S -> sum of weights[i] over i in S, built by doubling."""
    table = np.zeros(1)
    for w in weights:
        table = np.concatenate([table, table + w])
    return table


def lex_masks(n: int) -> np.ndarray:
    """Bitmasks of the non-empty coalitions in lex order (R CoopGame, TUGlab).

    Coalitions come by size, then in lexicographic order of the sorted player
    positions. Within one size that is the descending order of the mask with
    its bits reversed, which lets numpy sort all ``2**n - 1`` of them at once.
    """
    masks = np.arange(1, 1 << n, dtype=np.int64)
    rev = np.zeros_like(masks)
    for i in range(n):
        rev |= ((masks >> i) & 1) << (n - 1 - i)
    order = np.lexsort((-rev, _popcounts(n)[1:]))
    return masks[order]


def _bool_rows(masks: np.ndarray, n: int) -> np.ndarray:
    return ((masks[:, None] >> np.arange(n)) & 1).astype(bool)


def _freeze(arr: Any, dtype: Any = np.float64) -> np.ndarray:
    """A read-only array of `arr`'s entries that no one can make writeable
    again: a read-only view of a read-only array owned by the game (`arr`
    itself is used when it is already such an owner, else copied)."""
    arr = np.asarray(arr, dtype=dtype)
    if arr.base is not None or not arr.flags.c_contiguous or not arr.flags.writeable:
        arr = np.array(arr, dtype=dtype, order="C")
    arr.setflags(write=False)
    return arr.view()


class Game:
    r"""A transferable-utility game: the worth of every coalition of players.

    Parameters
    ----------
    values : array_like of float
        The worth of every coalition. In ``order="binary"`` (the default) a
        table of ``2**n`` entries where entry ``k`` is the coalition whose
        bitmask is ``k`` (bit ``i`` set means ``players[i]`` is in it), with
        the empty coalition at index 0 and worth 0. In ``order="lex"`` the
        ``2**n - 1`` non-empty coalitions as R CoopGame and TUGlab list them:
        singletons, then pairs, then triples..., each block in lexicographic
        order of player positions.
    players : sequence of str, optional
        Player names, in order. Default ``P1, P2, ...``.
    order : {"binary", "lex"}, default "binary"
        The layout of `values`, see above.
    kind : {"profit", "cost"}, default "profit"
        ``"cost"`` when `values` are costs ``c(S)``. Rules then work on the
        savings game :math:`v(S) = \sum_{i \in S} c(\{i\}) - c(S)` and report
        cost shares :math:`y_i = c(\{i\}) - x_i`.

    Raises
    ------
    InvalidGameError
        If the table has the wrong length, an entry that is not a finite
        real number (None, a boolean, a complex number, a string, NaN, an
        infinity, an integer too large for a float), a non-zero worth of the
        empty coalition, or the player names are duplicated, empty or not
        names (None, a boolean, a list).
    GameTooLargeError
        If the table would exceed the memory cap
        (:func:`coalition.set_max_table_bytes`).

    Notes
    -----
    The two orders for three players A, B, C:

    ========  =====================================================
    order     coalition of each entry
    ========  =====================================================
    binary    {}, A, B, AB, C, AC, BC, ABC        (``2**3`` = 8 entries)
    lex       A, B, C, AB, AC, BC, ABC            (``2**3 - 1`` = 7)
    ========  =====================================================

    A game never changes once built: setting an attribute raises
    ``AttributeError`` and the arrays it hands out (`values`, `worths`,
    `standalone`, a family's weights...) are read-only. Build a changed
    game with :meth:`replace`.

    In binary order entry ``k`` holds the players whose bits are set in
    ``k``: entry 5 = ``0b101`` is {A, C}. The lex order (R CoopGame,
    TUGlab, MatTuGames) drops the empty set and sorts by size first, so its
    entry 4 is {A, C} too, but its entry 3 is {A, B} where binary has
    {A, B} at index 3 and {C} at index 4.

    Examples
    --------
    A hub and a battery maker: each alone earns 10 and 5, together 40.

    >>> import coalition as co
    >>> g = co.Game([0, 10, 5, 40], players=["Hub", "Battery"])
    >>> g.value("Hub+Battery"), g.surplus
    (40.0, 25.0)

    The same game listed in lex order (no empty set):

    >>> co.Game([10, 5, 40], players=["Hub", "Battery"], order="lex").values
    array([ 0., 10.,  5., 40.])

    A game cannot be edited; `replace` gives the changed one:

    >>> g.replace(values=[0, 10, 5, 50]).grand_value, g.grand_value
    (50.0, 40.0)
    """

    __slots__ = ("_players", "_n", "_kind", "_table", "_worths", "_standalone", "__weakref__")
    # The parameters that build the game again, for `replace`.
    _PARAMS: tuple[str, ...] = ("values", "players", "kind")

    def __init__(
        self,
        values: Any,
        players: Sequence[str] | None = None,
        *,
        order: str = "binary",
        kind: str = "profit",
    ) -> None:
        if not isinstance(order, str) or order not in _ORDERS:
            raise InvalidParameterError(f"`order` must be 'binary' or 'lex', got {order!r}")
        kind = _check_kind(kind)
        arr = _real_array(values, "values", error=InvalidGameError)
        n = _n_from_length(arr.size, lex=order == "lex")
        names = _default_players(n) if players is None else _check_players(players, n)
        _check_table_size(n)
        if order == "lex":
            table = np.zeros(1 << n)
            table[lex_masks(n)] = arr
            describe = lambda k: f"entry {k}"  # noqa: E731
        else:
            table = arr
            describe = lambda k: f"entry {k} ({self._name(k, names)})"  # noqa: E731
        _finite_or_raise(arr, "values", describe)
        if order == "binary" and table[0] != 0:
            raise InvalidGameError(
                f"`values[0]` is the worth of the empty coalition and must be 0, got {table[0]!r}"
            )
        self._setup(names, kind, _freeze(table))

    # -- a changed copy ---------------------------------------------------------
    def replace(self, **changes: Any) -> Game:
        """A new game with some of the parameters that built this one changed.

        A game never changes once built (its attributes cannot be set and
        its arrays are read-only), so every result computed from it stays
        true. To study a variant, build it with ``replace``: the arguments
        are those of the game's constructor (``values``, ``players``,
        ``kind`` for a table; ``weights``, ``quota``, ``players`` for a
        weighted voting game, ...), checked as the constructor checks them.

        Returns
        -------
        Game
            A new game; this one is left as it is.

        Raises
        ------
        InvalidParameterError
            On a parameter the game's constructor does not take; other
            errors as the constructor raises them.

        Examples
        --------
        >>> import coalition as co
        >>> g = co.families.weighted_voting([3, 2, 1, 1], quota=4)
        >>> co.shapley(g.replace(quota=6)).as_dict()
        {'P1': 0.4167, 'P2': 0.4167, 'P3': 0.0833, 'P4': 0.0833}
        >>> g.quota, co.Game([0, 1, 2, 6]).replace(players=["A", "B"]).players
        (4.0, ('A', 'B'))
        """
        unknown = [name for name in changes if name not in self._PARAMS]
        if unknown:
            raise InvalidParameterError(
                f"`replace` got {unknown[0]!r}; a {type(self).__name__} is built from "
                + ", ".join(f"`{p}`" for p in self._PARAMS)
            )
        return self._rebuild({**self._params(), **changes})

    def _params(self) -> dict[str, Any]:
        """The constructor's arguments that give this game (see `replace`)."""
        return {"values": self.values, "players": self.players, "kind": self.kind}

    @staticmethod
    def _rebuild(params: dict[str, Any]) -> Game:
        return Game(**params)

    # -- construction internals ---------------------------------------------
    def _setup(self, players: tuple[str, ...], kind: str, table: np.ndarray | None) -> None:
        self._init(_players=players, _n=len(players), _kind=kind, _table=table, _worths=None, _standalone=None)

    def _init(self, **attributes: Any) -> None:
        """Set attributes while the game is built (or a cache is filled):
        the only way past :meth:`__setattr__`. Arrays are stored read-only."""
        for name, value in attributes.items():
            if isinstance(value, np.ndarray) and value.flags.writeable:
                value = _freeze(value, value.dtype)
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        hint = ""
        if name in self._PARAMS:
            hint = f"; build a new game with `game.replace({name}=...)`"
        raise AttributeError(
            f"a {type(self).__name__} is immutable: `{name}` cannot be set{hint}"
        )

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a {type(self).__name__} is immutable: `{name}` cannot be deleted")

    def __setstate__(self, state: Any) -> None:
        # pickle and copy restore slots by setattr, which a game refuses
        dict_state, slot_state = state if isinstance(state, tuple) else (state, None)
        for part in (dict_state, slot_state):
            for name, value in (part or {}).items():
                if isinstance(value, tuple):  # caches of several arrays
                    value = tuple(_freeze(v, v.dtype) if isinstance(v, np.ndarray) else v for v in value)
                self._init(**{name: value})

    @classmethod
    def _lazy(cls, players: tuple[str, ...], kind: str) -> Game:
        """A game whose table is built from ``_evaluate`` on first need."""
        game = object.__new__(cls)
        game._setup(players, kind, None)
        return game

    @staticmethod
    def _name(mask: int, players: Sequence[str]) -> str:
        if mask == 0:
            return "{}"
        return "+".join(p for i, p in enumerate(players) if mask >> i & 1)

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
        given[0] = True
        missing = np.flatnonzero(~given)
        if missing.size:
            if fill is None:
                raise InvalidGameError(cls._missing_message(missing, names, "give them or pass fill='additive' or fill='superadditive'"))
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
        shown = ", ".join(cls._name(int(m), names) for m in masks[:6])
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
        game = _FunctionGame._lazy(names, _check_kind(kind))
        game._init(_func=func, _vectorized=bool(vectorized))
        return game

    # -- evaluation -----------------------------------------------------------
    def _evaluate(self, members: np.ndarray) -> np.ndarray:
        """Worths (in the game's own units) of the coalitions in the rows of a
        boolean matrix of shape (k, n). Subclasses without a table override it."""
        table = self._dense_table()
        masks = members.astype(np.int64) @ (np.int64(1) << np.arange(self._n, dtype=np.int64))
        return table[masks]

    def _dense_table(self) -> np.ndarray:
        if self._table is None:
            _check_table_size(self._n)
            table = np.empty(1 << self._n)
            table[0] = 0.0
            chunk = 1 << 16
            for start in range(1, 1 << self._n, chunk):
                masks = np.arange(start, min(start + chunk, 1 << self._n), dtype=np.int64)
                rows = _bool_rows(masks, self._n)
                vals = np.asarray(self._evaluate(rows), dtype=np.float64)
                table[masks] = vals
            self._init(_table=_freeze(table))
        return self._table

    # -- basic properties -------------------------------------------------------
    @property
    def players(self) -> tuple[str, ...]:
        """Player names, in order (bit ``i`` of a coalition mask is ``players[i]``)."""
        return self._players

    @property
    def n(self) -> int:
        """Number of players."""
        return self._n

    @property
    def kind(self) -> str:
        """``"profit"`` or ``"cost"``."""
        return self._kind

    @property
    def values(self) -> np.ndarray:
        """The dense table as given (costs for a cost game), read-only, in
        bitmask order. Built on first access for structured and function games.

        Raises
        ------
        GameTooLargeError
            If the table would exceed the memory cap.
        """
        return self._dense_table()

    @property
    def worths(self) -> np.ndarray:
        """The table the rules work on: `values` for a profit game, the savings
        ``v(S) = sum of c({i}) over S - c(S)`` for a cost game. Read-only."""
        if self._worths is None:
            table = self._dense_table()
            if self._kind == "cost":
                _check_table_size(self._n, copies=2)
                self._init(_worths=_freeze(_additive_table(self.standalone) - table))
            else:
                self._init(_worths=table)
        return self._worths

    @property
    def standalone(self) -> np.ndarray:
        """Each player's worth alone, ``v({i})`` (its cost ``c({i})`` in a cost game)."""
        if self._standalone is None:
            if self._table is not None:
                s = self._table[1 << np.arange(self._n)]
            else:
                s = np.empty(self._n)
                step = 1024
                for start in range(0, self._n, step):
                    stop = min(start + step, self._n)
                    rows = np.zeros((stop - start, self._n), dtype=bool)
                    rows[np.arange(stop - start), np.arange(start, stop)] = True
                    s[start:stop] = self._evaluate(rows)
            self._init(_standalone=_freeze(s))
        return self._standalone

    @property
    def grand_value(self) -> float:
        """Worth (or cost) of the grand coalition of all players."""
        if self._table is not None:
            return float(self._table[-1])
        return float(self._evaluate(np.ones((1, self._n), dtype=bool))[0])

    @property
    def surplus(self) -> float:
        """The value created only by cooperating: ``v(N) - sum of v({i})``.

        For a cost game, the savings ``sum of c({i}) - c(N)``.
        """
        gap = self.grand_value - float(self.standalone.sum())
        return -gap if self._kind == "cost" else gap

    # -- coalitions -------------------------------------------------------------
    def mask(self, coalition: Any) -> int:
        """Bitmask of a coalition given by names, ``"A+B"``, or a mask.

        Examples
        --------
        >>> import coalition as co
        >>> g = co.Game([0, 1, 2, 6], players=["A", "B"])
        >>> g.mask("A+B"), g.mask(["B"]), g.mask(2)
        (3, 2, 2)
        """
        if isinstance(coalition, np.ndarray) and coalition.ndim == 0:
            coalition = coalition[()]
        if isinstance(coalition, (int, np.integer)) and not isinstance(coalition, bool):
            m = int(coalition)
            if m < 0 or m >> self._n:
                raise InvalidGameError(f"`coalition` mask {m} is out of range for {self._n} players")
            return m
        if isinstance(coalition, str):
            members = (coalition,) if coalition in self._players else self._split_key(coalition, "coalition", unique=False)
        elif isinstance(coalition, Iterable):
            members = tuple(str(p) for p in coalition)
        else:
            raise InvalidGameError(f"`coalition` must be names, a '+'-joined string or a mask, got {coalition!r}")
        m = 0
        for p in members:
            try:
                m |= 1 << self._players.index(p)
            except ValueError:
                raise InvalidGameError(f"`coalition` names {p!r}, which is not a player {list(self._players)}") from None
        return m

    def members(self, mask: int) -> tuple[str, ...]:
        """Names of the players in the coalition with bitmask `mask`."""
        m = self.mask(mask)
        return tuple(p for i, p in enumerate(self._players) if m >> i & 1)

    def value(self, coalition: Any) -> float:
        """Worth (or cost) of one coalition, given by names, ``"A+B"`` or a mask.

        Examples
        --------
        >>> import coalition as co
        >>> g = co.Game([0, 1, 2, 6], players=["A", "B"])
        >>> g.value(["A", "B"]), g.value("B"), g.value(0)
        (6.0, 2.0, 0.0)
        """
        m = self.mask(coalition)
        if self._table is not None:
            return float(self._table[m])
        if m == 0:
            return 0.0
        row = np.array([[m >> i & 1 for i in range(self._n)]], dtype=bool)
        return float(self._evaluate(row)[0])

    # -- structure ----------------------------------------------------------------
    def _tol(self) -> float:
        scale = float(np.max(np.abs(self.worths))) if self._n else 0.0
        return 1e-9 * max(scale, 1e-300)

    @property
    def is_superadditive(self) -> bool:
        """``v(S | T) >= v(S) + v(T)`` for disjoint S, T (for a cost game: its
        savings game, i.e. subadditive costs). O(3**n); tolerance 1e-9 of the
        largest worth.

        Examples
        --------
        >>> import coalition as co
        >>> co.Game([0, 1, 2, 6]).is_superadditive, co.Game([0, 1, 2, 2]).is_superadditive
        (True, False)
        """
        return bool(_kp.is_superadditive(self.worths, self._n, self._tol()))

    @property
    def is_convex(self) -> bool:
        """Supermodular worths (for a cost game: concave costs).

        Examples
        --------
        >>> import coalition as co
        >>> co.Game.from_function(lambda s: len(s) ** 2, ["A", "B", "C"]).is_convex
        True
        """
        return bool(_kp.is_convex(self.worths, self._n, self._tol()))

    @property
    def is_monotone(self) -> bool:
        """``v(S) <= v(T)`` whenever ``S`` is a subset of ``T`` (on `worths`).

        Examples
        --------
        >>> import coalition as co
        >>> co.Game([0, 1, 2, 2]).is_monotone, co.Game([0, 1, 2, 0]).is_monotone
        (True, False)
        """
        return bool(_kp.is_monotone(self.worths, self._n, self._tol()))

    @property
    def is_essential(self) -> bool:
        """Whether cooperating creates value: ``surplus > 0``.

        Examples
        --------
        >>> import coalition as co
        >>> co.Game([0, 1, 2, 6]).is_essential, co.Game([0, 1, 2, 3]).is_essential
        (True, False)
        """
        scale = max(abs(self.grand_value), float(np.max(np.abs(self.standalone))), 1e-300)
        return self.surplus > 1e-12 * scale

    # -- transforms -----------------------------------------------------------------
    def subgame(self, players: Iterable[str]) -> Game:
        """The game restricted to some players, in the order given.

        Examples
        --------
        >>> import coalition as co
        >>> g = co.Game.from_function(lambda s: len(s) ** 2, ["A", "B", "C"])
        >>> g.subgame(["C", "A"]).values
        array([0., 1., 1., 4.])
        """
        names = _check_players(players)
        pos = []
        for p in names:
            if p not in self._players:
                raise InvalidGameError(f"`players` names {p!r}, which is not a player {list(self._players)}")
            pos.append(self._players.index(p))
        k = len(names)
        sub = np.arange(1 << k, dtype=np.int64)
        full = np.zeros_like(sub)
        for j, p in enumerate(pos):
            full |= ((sub >> j) & 1) << p
        if self._table is not None:
            table = self._table[full]
        else:
            _check_table_size(k)
            rows = np.zeros(((1 << k) - 1, self._n), dtype=bool)
            rows[:, pos] = _bool_rows(sub[1:], k)
            table = np.concatenate([[0.0], self._evaluate(rows)])
        game = object.__new__(Game)
        game._setup(names, self._kind, _freeze(table))
        return game

    def zero_normalized(self) -> Game:
        """The game minus its additive part: ``v(S) - sum of v({i}) over S``.

        Every standalone worth becomes 0; the kind is kept. Rules covariant
        under strategic equivalence (Shapley, nucleolus) shift by the
        standalone worths.

        Examples
        --------
        >>> import coalition as co
        >>> co.Game([0, 1, 2, 6]).zero_normalized().values
        array([0., 0., 0., 3.])
        """
        game = object.__new__(Game)
        game._setup(self._players, self._kind, _freeze(self.values - _additive_table(self.standalone)))
        return game

    def dividends(self) -> np.ndarray:
        """Harsanyi dividends of `values`, in bitmask order (read-only).

        The dividend of S is what S creates beyond all its proper
        sub-coalitions: ``v(S) = sum of d(T) over T subset of S``. Computed by
        the fast Moebius transform, O(n 2**n).

        References
        ----------
        Harsanyi, J. C. (1963). A simplified bargaining model for the n-person
        cooperative game. International Economic Review 4(2), 194-220.

        Examples
        --------
        >>> import coalition as co
        >>> co.Game([0, 1, 2, 6]).dividends()
        array([0., 1., 2., 3.])
        """
        return _freeze(_kx.moebius(self.values, self._n))

    def to_dict(self) -> dict[str, float]:
        """``{"A+B": worth}`` for every non-empty coalition, in bitmask order.

        Examples
        --------
        >>> import coalition as co
        >>> co.Game([0, 1, 2, 6], players=["A", "B"]).to_dict()
        {'A': 1.0, 'B': 2.0, 'A+B': 6.0}
        """
        table = self.values
        return {self._name(m, self._players): float(table[m]) for m in range(1, 1 << self._n)}

    # -- allocation helpers used by the rule modules --------------------------------
    def _check_allocation(self, x: Any, arg: str = "x") -> np.ndarray:
        """Validate an allocation in the game's units (dict or vector)."""
        from .errors import InvalidAllocationError

        if isinstance(x, Mapping):
            unknown = [k for k in x if k not in self._players]
            if unknown:
                raise InvalidAllocationError(f"`{arg}` names {unknown[0]!r}, which is not a player {list(self._players)}")
            absent = [p for p in self._players if p not in x]
            if absent:
                raise InvalidAllocationError(f"`{arg}` has no share for {absent}")
            x = [x[p] for p in self._players]
        try:
            arr = np.array(x, dtype=np.float64)
        except (TypeError, ValueError):
            raise InvalidAllocationError(f"`{arg}` must be numbers, one per player, got {x!r}") from None
        if arr.shape != (self._n,):
            raise InvalidAllocationError(f"`{arg}` has shape {arr.shape}; the game has {self._n} players")
        if not np.all(np.isfinite(arr)):
            raise InvalidAllocationError(f"`{arg}` has non-finite shares: {arr.tolist()}")
        return arr

    def _to_worth_units(self, x: np.ndarray) -> np.ndarray:
        """Cost shares y -> savings x = c({i}) - y (identity for profit games).
        The map is its own inverse."""
        if self._kind == "cost":
            return self.standalone - x
        return x

    _from_worth_units = _to_worth_units

    # -- hooks for structured games (see coalition.families) --------------------------
    def _shapley_fast(self) -> np.ndarray | None:
        """Exact Shapley value in the game's units without a table, or None."""
        return None

    def _banzhaf_fast(self) -> np.ndarray | None:
        """Exact raw (not normalized) Banzhaf value in the game's units
        without a table, or None."""
        return None

    def _sampler_spec(self) -> tuple[str, dict[str, Any]] | None:
        """How the Monte Carlo sampler may evaluate this game without a table.

        The protocol behind :func:`coalition.estimate_shapley`: a game that
        can add one player to a coalition in O(1) (or O(degree)) returns
        ``(kernel, params)``; the sampler then walks permutations in compiled
        code with that kernel, so games of 10,000 players and more are cheap.
        ``None`` (the default) means: use the dense table if the game has
        one, else call ``_evaluate`` on batches of coalitions.

        The worths are those of the game as given (costs for a cost game).
        Kernels (``coalition._kernels.incremental``) and their ``params``:

        ``"threshold"``
            ``v(S) = 1 if sum(a[S]) >= quota else 0``; ``a`` (n,), ``quota``.
        ``"max"``
            ``v(S) = max(a[S])``, 0 for the empty set; ``a`` (n,) >= 0.
        ``"clipped_sum"``
            ``v(S) = max(0, estate - (total - sum(a[S])))``; ``a`` (n,),
            ``estate``, ``total``.
        ``"min_of_sums"``
            ``v(S) = min(sum(a[S]), sum(b[S]))``; ``a``, ``b`` (n,).
        ``"pairwise"``
            ``v(S) = sum(a[S]) + sum of weights[e] over the edges e inside
            S``; ``a`` (n,), ``edges`` (m, 2) int positions, ``weights`` (m,).
        ``"restricted"``
            ``v(S) = sum of base(C)`` over the connected components C of S
            in a graph (Myerson's restricted game); ``base`` the spec of a
            ``"threshold"``, ``"max"``, ``"clipped_sum"`` or ``"min_of_sums"``
            game, the graph as ``indptr`` (n + 1,) and ``indices`` int64
            (CSR, both directions of each link).

        A new family adds a kernel id and its
        step in ``_kernels/incremental.py`` and returns that name here; no
        edit of the sampler is needed otherwise. Arrays must be float64 (int64
        for ``edges``); scalars are Python floats.
        """
        return None

    # -- dunder -------------------------------------------------------------------------
    def __repr__(self) -> str:
        shown = ", ".join(self._players[:6]) + (", ..." if self._n > 6 else "")
        return f"<{type(self).__name__}: {self._n} players ({shown}), {self._kind}>"


class _FunctionGame(Game):
    """A game defined by a Python function, tabulated only on demand."""

    __slots__ = ("_func", "_vectorized")
    _PARAMS = ("func", "players", "vectorized", "kind")

    def _params(self) -> dict[str, Any]:
        return {"func": self._func, "players": self.players, "vectorized": self._vectorized, "kind": self.kind}

    @staticmethod
    def _rebuild(params: dict[str, Any]) -> Game:
        return Game.from_function(**params)

    def _evaluate(self, members: np.ndarray) -> np.ndarray:
        members = np.asarray(members, dtype=bool)
        k = members.shape[0]
        if self._vectorized:
            raw = self._func(members)
            try:
                if np.asarray(raw).dtype.kind == "b":
                    raw = np.asarray(raw, dtype=np.float64)  # a win/lose test: 1 or 0
            except (TypeError, ValueError):
                pass
            try:
                out = _real_array(raw, "func", error=InvalidGameError)
            except InvalidGameError as exc:
                raise InvalidGameError(f"`func` did not return numbers for a batch of {k} coalitions: {exc}") from None
            if out.shape != (k,):
                raise InvalidGameError(
                    f"`func` returned shape {out.shape} for a batch of {k} coalitions; expected ({k},)"
                )
        else:
            out = np.empty(k)
            names = np.array(self._players, dtype=object)
            for r in range(k):
                coalition = tuple(names[members[r]])
                val = self._func(coalition)
                if _is_bool(val):
                    out[r] = float(val)  # a win/lose test: 1 or 0
                    continue
                try:
                    out[r] = _real(val, "func", error=InvalidGameError)
                except InvalidGameError:
                    what = "a finite number" if isinstance(val, (numbers.Real, Decimal)) else "a number"
                    raise InvalidGameError(
                        f"`func` returned {_show(val)} for coalition {'+'.join(coalition) or '{}'}; expected {what}"
                    ) from None
        bad = np.flatnonzero(~np.isfinite(out) | (np.abs(out) > MAX_ABS_WORTH))
        if bad.size:
            row = members[bad[0]]
            who = "+".join(p for p, inside in zip(self._players, row) if inside) or "{}"
            raise InvalidGameError(
                f"`func` returned {out[bad[0]]!r} for coalition {who}; worths must be finite "
                f"and at most {MAX_ABS_WORTH:g} in magnitude"
            )
        return out
