"""Reading the numbers of a bargaining problem: arrays, vectors by player, weights (private).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .._numbers import _real_array
from ..errors import InvalidParameterError
from ..game._checks import _check_players, _default_players

_FORMS = ("points", "constraints", "frontier")
# most partners a frontier may have (its Nash solution takes O(n^2) evaluations per step)
_MAX_PARTNERS = 1000


# feasible sets
def _matrix(value: Any, arg: str) -> np.ndarray:
    arr = _real_array(value, arg, expected="a 2-D array of numbers")
    arr = np.array(arr, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise InvalidParameterError(f"`{arg}` must be a non-empty 2-D array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        r, c = np.argwhere(~np.isfinite(arr))[0]
        raise InvalidParameterError(f"`{arg}` has a non-finite entry at row {r}, column {c}: {float(arr[r, c])}")
    arr.setflags(write=False)
    return arr


def _names_for(players: Sequence[str] | None, n: int, what: str) -> tuple[str, ...]:
    if players is None:
        return _default_players(n)
    names = _check_players(players)
    if len(names) != n:
        raise InvalidParameterError(f"`players` has {len(names)} names but {what} {n} columns, one per partner")
    return names


# argument handling
def _vector_of(value: Any, players: tuple[str, ...], arg: str) -> np.ndarray:
    """One finite number per player, from a sequence or a {player: value} dict."""
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in players]
        if unknown:
            raise InvalidParameterError(f"`{arg}` names {unknown[0]!r}, which is not a player {list(players)}")
        absent = [p for p in players if p not in value]
        if absent:
            raise InvalidParameterError(f"`{arg}` has no entry for {absent}")
        value = [value[p] for p in players]
    arr = _real_array(value, arg, expected="numbers, one per player")
    if arr.shape != (len(players),):
        raise InvalidParameterError(
            f"`{arg}` has shape {arr.shape}; there are {len(players)} players {list(players)}"
        )
    if not np.all(np.isfinite(arr)):
        raise InvalidParameterError(f"`{arg}` has non-finite entries: {arr.tolist()}")
    return arr


def _weights_of(value: Any, players: tuple[str, ...], arg: str) -> np.ndarray:
    if value is None:
        return np.full(len(players), 1.0 / len(players))
    w = _vector_of(value, players, arg)
    if np.any(w <= 0):
        k = int(np.flatnonzero(w <= 0)[0])
        raise InvalidParameterError(
            f"`{arg}` must be positive for every partner; {players[k]!r} has {float(w[k]):g}"
        )
    w = w / w.max()  # no overflow in the sum, whatever the scale
    if not np.all(w > 1e-300):
        k = int(np.argmin(w))
        raise InvalidParameterError(
            f"`{arg}` is too uneven: {players[k]!r} has {float(_vector_of(value, players, arg)[k]):g}, "
            f"less than 1e-300 of the largest; the weights are relative, so give them on a common scale"
        )
    return w / w.sum()


def _ndim(value: Any) -> int:
    try:
        return int(np.ndim(value))
    except (TypeError, ValueError, OverflowError):
        return -1


def _scale(*arrays: np.ndarray) -> float:
    return max([1.0] + [float(np.max(np.abs(a))) for a in arrays if np.size(a)])


def _fmt_vec(v: np.ndarray) -> str:
    return "[" + ", ".join(f"{x:.6g}" for x in v) + "]"


def _overflow(what: str) -> InvalidParameterError:
    return InvalidParameterError(
        f"{what} are too large to combine in floating point (an intermediate overflows); "
        "express the utilities in a larger unit"
    )
