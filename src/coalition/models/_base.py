"""What every model shares: checks of the partners' data and a game that
computes each worth on demand and remembers it (private).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._numbers import _real_array
from ..errors import InvalidParameterError
from ..game import Game
from ..game._checks import MAX_ABS_WORTH, _check_players, _default_players
from ..game._masks import _freeze

# Most worths a model keeps in memory (about 100 bytes each with the key).
_MEMO_LIMIT = 2_000_000


def _array(values: Any, arg: str, *, ndim: int, nonneg: bool = True) -> np.ndarray:
    """A checked, read-only float64 array of `ndim` dimensions, not empty,
    finite, at most MAX_ABS_WORTH in magnitude (and non-negative with
    `nonneg`)."""
    arr = _real_array(values, arg, ndim=ndim)
    if arr.size == 0:
        raise InvalidParameterError(f"`{arg}` is empty; expected a non-empty array of numbers")
    flat = arr.ravel()
    bad = np.flatnonzero(~np.isfinite(flat))
    if bad.size:
        where = np.unravel_index(int(bad[0]), arr.shape)
        raise InvalidParameterError(f"`{arg}` has a non-finite entry {flat[bad[0]]!r} at {tuple(map(int, where))}")
    if np.any(np.abs(flat) > MAX_ABS_WORTH):
        raise InvalidParameterError(f"`{arg}` has entries above {MAX_ABS_WORTH:g} in magnitude; rescale them")
    if nonneg and np.any(flat < 0):
        k = int(np.flatnonzero(flat < 0)[0])
        where = np.unravel_index(k, arr.shape)
        raise InvalidParameterError(
            f"`{arg}` must be non-negative; the entry at {tuple(map(int, where))} is {flat[k]!r}"
        )
    return _freeze(arr)


def _names(players: Sequence[str] | None, n: int, what: str) -> tuple[str, ...]:
    """`players` checked against the `n` partners that `what` describes."""
    if players is None:
        return _default_players(n)
    names = _check_players(players)
    if len(names) != n:
        raise InvalidParameterError(f"`players` has {len(names)} names; {what} describes {n} partners")
    return names


class _Model(Game):
    """Base of the model games: the data kept, each worth computed when a
    coalition is first asked for and remembered (up to ``_MEMO_LIMIT``
    coalitions), no table until a dense algorithm asks for one."""

    __slots__ = ("_memo",)
    family = "model"

    @classmethod
    def _build(cls, players: tuple[str, ...], kind: str, **data: Any) -> Game:
        game = cls._lazy(players, kind)
        game._init(_memo={}, **data)
        return game

    def __repr__(self) -> str:
        return f"<{self.family} game: {self.n} players, {self.kind}>"

    def _params(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._PARAMS}

    def _compute(self, rows: np.ndarray) -> np.ndarray:
        """Worths of the coalitions in the rows of a boolean (k, n) array,
        none of them empty: what a model computes."""
        raise NotImplementedError

    def _evaluate(self, members: np.ndarray) -> np.ndarray:
        members = np.asarray(members, dtype=bool)
        k = members.shape[0]
        out = np.zeros(k)
        keys = [row.tobytes() for row in np.packbits(members, axis=1)]
        memo = self._memo
        todo = [r for r in range(k) if keys[r] not in memo and members[r].any()]
        if todo:
            # one computation per distinct coalition of the batch
            first: dict[bytes, int] = {}
            for r in todo:
                first.setdefault(keys[r], r)
            rows = np.array(list(first.values()), dtype=np.int64)
            vals = np.asarray(self._compute(members[rows]), dtype=np.float64)
            room = _MEMO_LIMIT - len(memo)
            for key, val in zip(first, vals.tolist()):
                if room <= 0:
                    break
                memo[key] = val
                room -= 1
            fresh = dict(zip(first, vals.tolist()))
        else:
            fresh = {}
        for r in range(k):
            key = keys[r]
            if key in fresh:
                out[r] = fresh[key]
            elif key in memo:
                out[r] = memo[key]
        return out
