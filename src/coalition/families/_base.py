"""What every structured family shares: parameter checks and the immutable base class (private).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .._numbers import _is_bool, _real, _real_array, _show
from ..errors import InvalidParameterError
from ..game import Game
from ..game._checks import MAX_ABS_WORTH, _check_players, _default_players
from ..game._masks import _freeze

# Most players a family builds from a count (names are made for each).
_MAX_COUNT = 1_000_000
# An estate above the total claims by at most this fraction of it (the sum
# added in another order: 0.1 + 0.6 + 0.1 < 0.8) is taken as the total.
_ROUNDING = 1e-12


def _named_claims(claims: Any, players: Any) -> tuple[Any, Any]:
    """``(claims, players)`` with a dict of claims ``{name: claim}`` split
    into its values and its keys (then `players` must be left out)."""
    if not isinstance(claims, Mapping):
        return claims, players
    if players is not None:
        raise InvalidParameterError(
            "`players` must be left out when `claims` is a dict: its keys name the claimants"
        )
    return list(claims.values()), list(claims)


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
