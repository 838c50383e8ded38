"""Properties and transforms of a game that follow from its worths.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from .._kernels import exact as _kx
from .._kernels import properties as _kp
from ..errors import (
    GameTooLargeError,
    InvalidGameError,
)
from ._checks import _check_players, _check_table_size, _max_abs
from ._masks import _additive_table, _bool_rows, _freeze

if TYPE_CHECKING:  # the class these methods are mixed into
    from .game import Game



class _Derived:
    """What follows from a game's worths: its properties and transforms."""

    __slots__ = ()

    # -- structure ----------------------------------------------------------------
    def _tol(self) -> float:
        scale = _max_abs(self.worths) if self._n else 0.0
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

        A game without a table (a family or a function game) whose subgame
        would be too large for one gives a subgame that computes each worth
        from the game when asked, so that sampling rules still apply.

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
        # a structured game's subgame keeps its structure (and its own rules,
        # such as a model's core split) whether or not a table was built;
        # a built table is sliced into it rather than computed again
        fast = self._subgame_fast(pos)
        if fast is not None and (self._table is None or fast._table is not None):
            return fast
        if self._table is None and k > 62:
            return self._lazy_subgame(names, pos)
        sub = np.arange(1 << k, dtype=np.int64)
        full = np.zeros_like(sub)
        for j, p in enumerate(pos):
            full |= ((sub >> j) & 1) << p
        if fast is not None:
            fast._init(_table=self._table[full])
            return fast
        if self._table is not None:
            table = self._table[full]
        else:
            try:
                _check_table_size(k)
            except GameTooLargeError:
                return self._lazy_subgame(names, pos)
            rows = np.zeros(((1 << k) - 1, self._n), dtype=bool)
            rows[:, pos] = _bool_rows(sub[1:], k)
            table = np.concatenate([[0.0], self._evaluate(rows)])
        from .game import Game

        game = object.__new__(Game)
        game._setup(names, self._kind, _freeze(table))
        return game

    def _lazy_subgame(self, names: tuple[str, ...], pos: list[int]) -> Game:
        """The subgame as a function game that asks this game for its worths:
        for a structured game whose subgame's table would be too large."""
        from .game import Game

        n, parent = self._n, self

        def worths(members: np.ndarray) -> np.ndarray:
            rows = np.zeros((members.shape[0], n), dtype=bool)
            rows[:, pos] = members
            return parent._evaluate(rows)

        return Game.from_function(worths, names, vectorized=True, kind=self._kind)

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
        from .game import Game

        game = object.__new__(Game)
        table = _additive_table(self.standalone)
        np.subtract(self.values, table, out=table)  # in place: one new table, no temporary
        game._setup(self._players, self._kind, _freeze(table))
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
