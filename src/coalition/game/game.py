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

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from .._numbers import _real_array
from ..errors import (
    InvalidGameError,
    InvalidParameterError,
)
from ._checks import (
    _ORDERS,
    _check_kind,
    _check_players,
    _check_table_size,
    _default_players,
    _finite_or_raise,
    _n_from_length,
)
from ._construct import _Constructors
from ._derived import _Derived
from ._properties import _Properties
from ._masks import _additive_table, _bool_rows, _freeze, lex_masks

__all__ = ['Game']


class Game(_Constructors, _Derived, _Properties):
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
    copy : bool, default True
        ``True`` copies `values` into a table the game owns. ``False`` takes
        the array itself, without a copy (the numpy meaning of
        ``copy=False``): it must be a C-contiguous one-dimensional float64
        array in binary order, and it becomes read-only. The game's
        `values` then share the array's memory, so a table as large as
        the memory allows (a ``numpy.memmap`` too) is checked and used in
        place. Writing to that memory afterwards, through another view or
        after making the array writeable again, changes the game: don't.

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
    InvalidParameterError
        If ``copy=False`` and `values` is not a C-contiguous one-dimensional
        float64 array (a plain one or a ``numpy.memmap``: no masked array), or
        `order` is ``"lex"``.

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

    A large table is taken without a copy with ``copy=False``; the array
    becomes read-only and the game reads it in place:

    >>> import numpy as np
    >>> table = np.array([0.0, 10.0, 5.0, 40.0])
    >>> big = co.Game(table, players=["Hub", "Battery"], copy=False)
    >>> np.shares_memory(big.values, table), table.flags.writeable
    (True, False)
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
        copy: bool = True,
    ) -> None:
        if not isinstance(order, str) or order not in _ORDERS:
            raise InvalidParameterError(f"`order` must be 'binary' or 'lex', got {order!r}")
        kind = _check_kind(kind)
        if not isinstance(copy, (bool, np.bool_)):
            raise InvalidParameterError(f"`copy` must be True or False, got {copy!r}")
        arr = _real_array(values, "values", ndim=1, error=InvalidGameError) if copy else _taken(values, order)
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
        if copy:
            table = _freeze(table)
        else:  # the caller's array itself, from now on read-only
            table.setflags(write=False)
            table = table.view()
        self._setup(names, kind, table)

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
                savings = _additive_table(self.standalone)
                np.subtract(savings, table, out=savings)  # in place: one table, no temporary
                self._init(_worths=_freeze(savings))
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

    # -- allocation helpers used by the rule modules --------------------------------
    def _check_allocation(self, x: Any, arg: str = "x") -> np.ndarray:
        """Validate an allocation in the game's units (dict or vector)."""
        from ..errors import InvalidAllocationError

        if isinstance(x, Mapping):
            unknown = [k for k in x if k not in self._players]
            if unknown:
                raise InvalidAllocationError(f"`{arg}` names {unknown[0]!r}, which is not a player {list(self._players)}")
            absent = [p for p in self._players if p not in x]
            if absent:
                raise InvalidAllocationError(f"`{arg}` has no share for {absent}")
            x = [x[p] for p in self._players]
        arr = _real_array(x, arg, expected="numbers, one per player", error=InvalidAllocationError)
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

    def _power_fast(self, index: str) -> Any:
        """A power index of a simple game by the game's own algorithm, without
        a table, or None; `index` is one of ``"johnston"``, ``"coleman"``
        (a pair: prevent, initiate), ``"deegan_packel"``, ``"public_good"``
        ``"minimal_winning"`` and ``"minimal_blocking"`` (the coalitions as
        tuples of player positions). May raise :class:`~coalition.GameTooLargeError` when the
        game's own route would not finish."""
        return None

    def _subgame_fast(self, pos: list[int]) -> Game | None:
        """The subgame of the players at positions `pos` (in that order) as a
        structured game of the same family, or None."""
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


def _taken(values: Any, order: str) -> np.ndarray:
    """`values` itself when ``Game(values, copy=False)`` can take it (a
    C-contiguous one-dimensional float64 array in binary order), else an
    InvalidParameterError saying what a copy would have changed."""
    if order != "binary":
        raise InvalidParameterError(
            "`copy=False` takes a table in binary order; order='lex' rearranges the worths "
            "into a new table (pass copy=True)"
        )
    if not isinstance(values, np.ndarray):
        raise InvalidParameterError(
            f"`copy=False` takes a numpy array of float64, got {type(values).__name__}; "
            "pass copy=True to have `values` converted"
        )
    if not (type(values) is np.ndarray or isinstance(values, np.memmap)):
        raise InvalidParameterError(
            "`copy=False` takes a plain numpy array (or a numpy.memmap) of float64, got "
            f"{type(values).__name__}, whose entries may not read as the numbers it holds; "
            "pass copy=True to have `values` converted"
        )
    if values.dtype != np.dtype(np.float64) or values.ndim != 1 or not values.flags.c_contiguous:
        what = (f"dtype {values.dtype}" if values.dtype != np.dtype(np.float64) else
                f"{values.ndim} dimensions" if values.ndim != 1 else "an array that is not C-contiguous")
        raise InvalidParameterError(
            "`copy=False` takes a C-contiguous one-dimensional float64 array, "
            f"got {what}; pass copy=True to have `values` converted"
        )
    return values


def _check_game(game: Any) -> Game:
    """`game` itself, or an InvalidGameError naming it when it is not a Game:
    the first check of every rule."""
    if not isinstance(game, Game):
        raise InvalidGameError(f"`game` must be a coalition.Game, got {type(game).__name__}")
    return game
