"""Unanimity games: a coalition earns 1 when it contains a carrier.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._numbers import _show
from ..errors import InvalidParameterError
from ..game import Game
from ..game._masks import _freeze
from ._base import _count_or_names, _Structured

__all__ = ['unanimity', 'UnanimityGame']


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
